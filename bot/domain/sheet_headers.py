"""Column headers as teams write them, in English, German, French, Spanish and Portuguese,
and as common tools export them ("Instagram Handle", "Avg. likes", "Abonnenten", "ER").

`read_header` maps a header to the column it means and, when the header names a platform
("Instagram Handle", "TikTok followers"), that platform too. Matching ignores case,
accents, spaces and punctuation; "avg"/"Ø"/"moyenne"/"média" prefixes and "per post"/
"count" suffixes are ignored on the figure columns.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from bot.domain.platforms import Platform


class Column(StrEnum):
    HANDLE = "handle"
    PLATFORM = "platform"
    FOLLOWERS = "followers"
    LIKES = "likes"
    COMMENTS = "comments"
    SHARES = "shares"
    SAVES = "saves"
    VIEWS = "views"
    NOTES = "notes"
    REPORTED_RATE = "engagement rate as given"  # recognised and kept; Tierbot computes its own


# Header names as shown to users (the first few of each are quoted in refusals).
ACCEPTED_HEADERS: Final[dict[Column, tuple[str, ...]]] = {
    Column.HANDLE: (
        "handle", "username", "user", "creator", "profile", "profile url", "profile link",
        "url", "link", "account", "channel url", "handle (without @)", "user name",
        "influencer", "creator handle", "account name",
        # German, French, Spanish, Portuguese
        "benutzername", "nutzername", "profil", "konto", "profil-url", "creatorin",
        "nom d'utilisateur", "compte", "createur", "influenceur", "lien du profil",
        "usuario", "nombre de usuario", "cuenta", "perfil", "creador", "enlace del perfil",
        "usuario", "nome de usuario", "conta", "criador", "influenciador", "link do perfil",
    ),
    Column.PLATFORM: (
        "platform", "platform used", "network", "channel", "social network", "kanal", "canal",
        "plattform",
        "netzwerk", "plateforme",
        "reseau", "reseau social", "plataforma", "red social", "rede social", "red", "rede",
    ),
    Column.FOLLOWERS: (
        "followers", "follower", "follower count", "followers count", "subscribers",
        "subscriber count", "subs", "fans", "audience", "audience size", "abonnenten",
        "anzahl follower", "abonnes", "nombre d'abonnes", "abonne",
        "seguidores", "numero de seguidores", "nº de seguidores", "suscriptores", "inscritos",
        "seguidores totais",
    ),
    Column.LIKES: (
        "likes", "avg likes", "average likes", "gefallt mir", "mentions j'aime", "j'aime",
        "me gusta", "curtidas",
    ),
    Column.COMMENTS: (
        "comments", "avg comments", "average comments", "kommentare", "commentaires",
        "comentarios",
    ),
    Column.SHARES: ("shares", "avg shares", "geteilt", "partages", "compartidos",
                    "compartilhamentos", "reposts"),
    Column.SAVES: ("saves", "avg saves", "gespeichert", "speicherungen", "enregistrements",
                   "guardados", "salvamentos", "salvos"),
    Column.VIEWS: ("views", "avg views", "plays", "video views", "aufrufe", "vues",
                   "visualizaciones", "reproducciones", "visualizacoes", "vistas"),
    Column.NOTES: ("notes", "note", "remarks", "comment", "notizen", "bemerkungen",
                   "anmerkungen", "remarques", "notas", "observaciones", "observacoes"),
    Column.REPORTED_RATE: ("er", "engagement rate", "engagement", "avg er", "interaktionsrate",
                           "engagement-rate", "taux d'engagement", "tasa de engagement",
                           "tasa de interaccion", "taxa de engajamento"),
}  # fmt: skip

_FIGURES: Final = frozenset(
    {
        Column.FOLLOWERS,
        Column.LIKES,
        Column.COMMENTS,
        Column.SHARES,
        Column.SAVES,
        Column.VIEWS,
        Column.REPORTED_RATE,
    }
)
_ENGAGEMENT_STEMS: Final = {
    "like": Column.LIKES,
    "comment": Column.COMMENTS,
    "share": Column.SHARES,
    "save": Column.SAVES,
    "view": Column.VIEWS,
    "play": Column.VIEWS,
    "kommentar": Column.COMMENTS,
    "commentaire": Column.COMMENTS,
    "comentario": Column.COMMENTS,
    "curtida": Column.LIKES,
    "vue": Column.VIEWS,
}
# Longest first, so "average" is removed before "avg" could match inside it.
_PREFIXES: Final = (
    "durchschnittliche", "durchschnittl", "promediode", "moyennede", "durchschn",
    "average", "moyenne", "promedio", "mediade",
    "median", "media", "mean", "moy", "avg", "oe", "total",
)  # fmt: skip
_SUFFIXES: Final = (
    "perpost", "pervideo", "probeitrag", "propost", "parpost", "porpost", "porpublicacion",
    "porpublicacao", "moyens", "moyennes", "moyen", "moyenne", "medios", "medias", "medio",
    "media", "count", "anzahl", "average", "avg", "total", "pct", "percent",
)  # fmt: skip
_PLATFORM_WORDS: Final[tuple[tuple[str, Platform], ...]] = (
    ("instagram", Platform.INSTAGRAM),
    ("tiktok", Platform.TIKTOK),
    ("youtube", Platform.YOUTUBE),
    ("twitter", Platform.X),
    ("facebook", Platform.FACEBOOK),
    ("snapchat", Platform.SNAPCHAT),
    ("insta", Platform.INSTAGRAM),
    ("ig", Platform.INSTAGRAM),
    ("yt", Platform.YOUTUBE),
    ("tt", Platform.TIKTOK),
    ("fb", Platform.FACEBOOK),
)


def header_key(header: str) -> str:
    """Lowercase letters and digits, accents dropped: "Abonnés (moy.)" -> "abonnesmoy".

    "Ø" (German for average) becomes "oe" like other letters NFKD can't split, and "%"
    becomes "pct" so "ER %" and "ER" mean the same column.
    """
    folded = unicodedata.normalize("NFKD", header.casefold().replace("ø", "oe"))
    folded = folded.replace("%", "pct").replace("ß", "ss")
    return "".join(char for char in folded if char.isalnum() and char.isascii())


_ALIAS_KEYS: Final[dict[str, Column]] = {}
for _column, _aliases in ACCEPTED_HEADERS.items():
    for _alias in _aliases:
        _ALIAS_KEYS.setdefault(header_key(_alias), _column)


@dataclass(frozen=True, slots=True)
class HeaderMeaning:
    column: Column
    platform: Platform | None  # the platform the header names ("Instagram Handle")


def _match_key(key: str) -> Column | None:
    found = _ALIAS_KEYS.get(key)
    if found is not None:
        return found
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key.removeprefix(prefix)
            break
    for _ in range(2):  # "likes count avg" has two suffixes
        for suffix in _SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key.removesuffix(suffix)
    found = _ALIAS_KEYS.get(key)
    if found is None:
        found = _ENGAGEMENT_STEMS.get(key) or _ENGAGEMENT_STEMS.get(key.removesuffix("s"))
    return found if found in _FIGURES else None


def read_header(header: str) -> HeaderMeaning | None:
    """What a header means, or None when Tierbot doesn't use the column."""
    key = header_key(header)
    if not key or len(key) > 64:
        return None
    column = _match_key(key)
    if column is not None:
        return HeaderMeaning(column, None)
    for word, platform in _PLATFORM_WORDS:
        for rest in (key.removeprefix(word), key.removesuffix(word)):
            if rest == key:
                continue
            if not rest:
                # A column named just "Instagram" holds the creators' Instagram accounts.
                return HeaderMeaning(Column.HANDLE, platform)
            column = _match_key(rest)
            if column is Column.PLATFORM:  # "YouTube channel": the channel itself
                column = Column.HANDLE
            if column is not None:
                return HeaderMeaning(column, platform)
    return None


def match_header(header: str) -> Column | None:
    """The column a header names, or None when Tierbot doesn't use it."""
    meaning = read_header(header)
    return meaning.column if meaning is not None else None
