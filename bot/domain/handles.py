"""Creator handles: "@name", "name" or a profile link, normalised per platform.

Character rules per platform (as the platforms document them for new names):

* Instagram: 1-30 of ASCII letters, digits, periods and underscores.
* TikTok: letters, digits, underscores and periods, not ending in a period. The commonly
  quoted maximum is 24 characters; longer names have been reported since, so Tierbot
  accepts 2-30 rather than refuse a real account.
* YouTube handle: 3-30 letters, marks or digits of any script (YouTube allows many
  languages), underscores, hyphens, periods and the Catalan middle dot. A /channel/UC... link is
  accepted as-is: the channel id is YouTube's own permanent identifier for a channel,
  so it identifies the creator as well as a handle does (and survives handle changes).
  A /user/NAME link is a legacy YouTube username (before handles: 1-20 ASCII letters and
  digits), which the API still resolves; /c/NAME custom links have no API lookup and are
  refused with a way round.
* X: 1-15 ASCII letters, digits and underscores (older accounts have very short names).
* Facebook: 5-50 ASCII letters, digits and periods, at least 5 of them letters or digits;
  periods and case don't distinguish names, so the key drops both.
  profile.php?id=<digits> links are accepted as the id.
* Snapchat: 3-15 characters, starting with a letter and ending with a letter or digit,
  with letters, digits, hyphens, underscores and periods between.
* Twitch: 4-25 ASCII letters, digits and underscores, not starting with an underscore.

A bare word is always a name ("jane.doe", even "x.com"); a link needs a scheme or a path.
Other links are refused when they point at a post, a video or a site section rather
than a profile, and when their platform contradicts the one chosen.

Nothing here makes a name display-safe: escaping markdown or mentions is the render
layer's job. Control and invisible characters, inner whitespace and anything over 100
characters are refused outright.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final
from urllib.parse import parse_qs, quote, unquote

from bot.domain.platforms import Platform

MAX_HANDLE_INPUT: Final = 100
# The key of a legacy YouTube username starts with this ("/" can't occur in a handle).
YOUTUBE_USER_PREFIX: Final = "user/"


class HandleError(ValueError):
    """A handle or profile link Tierbot cannot accept; the message is a plain reason."""


@dataclass(frozen=True, slots=True)
class Handle:
    """One creator account on one platform.

    `name` is as typed (minus "@" and link parts); `key` is the form two spellings of
    the same account share, for uniqueness checks; `profile_url` opens the profile.
    """

    platform: Platform
    name: str
    key: str
    profile_url: str

    @property
    def is_id(self) -> bool:
        """True for a platform id (YouTube channel id or legacy username, Facebook numeric
        id), not a name: it is written bare, and read back from its profile link."""
        return "/" in self.key

    @property
    def is_youtube_username(self) -> bool:
        """A legacy YouTube username (a youtube.com/user/NAME link), not a handle."""
        return self.platform is Platform.YOUTUBE and self.key.startswith(YOUTUBE_USER_PREFIX)

    @property
    def label(self) -> str:
        """ "@name" for names, the bare id for ids (not escaped for any output format)."""
        return self.name if self.is_id else "@" + self.name


# --- per-platform name rules ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    pattern: re.Pattern[str]
    min_len: int
    max_len: int
    allowed: str  # for the error message


_ASCII_WORD = "letters, digits"
_RULES: Final[dict[Platform, _Rule]] = {
    Platform.INSTAGRAM: _Rule(
        re.compile(r"[A-Za-z0-9._]+"), 1, 30, f"{_ASCII_WORD}, periods and underscores"
    ),
    Platform.TIKTOK: _Rule(
        re.compile(r"[A-Za-z0-9._]*[A-Za-z0-9_]"),
        2,
        30,
        f"{_ASCII_WORD}, underscores and periods (not a period at the end)",
    ),
    Platform.YOUTUBE: _Rule(
        re.compile(r".+"),  # unused: YouTube's many scripts are checked by _youtube_chars
        3,
        30,
        f"{_ASCII_WORD}, underscores, hyphens and periods",
    ),
    Platform.X: _Rule(re.compile(r"[A-Za-z0-9_]+"), 1, 15, f"{_ASCII_WORD} and underscores"),
    Platform.FACEBOOK: _Rule(re.compile(r"[A-Za-z0-9.]+"), 5, 50, f"{_ASCII_WORD} and periods"),
    Platform.SNAPCHAT: _Rule(
        re.compile(r"[A-Za-z](?:[A-Za-z0-9._-]*[A-Za-z0-9])?"),
        3,
        15,
        "letters, digits, hyphens, underscores and periods, starting with a letter "
        "and ending with a letter or digit",
    ),
    Platform.TWITCH: _Rule(
        re.compile(r"[A-Za-z0-9][A-Za-z0-9_]*"),
        4,
        25,
        f"{_ASCII_WORD} and underscores (not an underscore first)",
    ),
}

_YOUTUBE_CHANNEL_ID: Final = re.compile(r"UC[A-Za-z0-9_-]{22}")
# Legacy usernames (youtube.com/user/NAME): YouTube allowed only ASCII letters and digits.
_YOUTUBE_USERNAME: Final = re.compile(r"[A-Za-z0-9]{1,20}")
_FACEBOOK_ID: Final = re.compile(r"[0-9]{5,20}")


def _a(label: str) -> str:
    """ "an Instagram", "an X (Twitter)", "a TikTok"."""
    return ("an " if label[0] in "AEIOUX" else "a ") + label


def _profile_url(platform: Platform, name: str) -> str:
    safe = quote(name, safe="")
    match platform:
        case Platform.INSTAGRAM:
            return f"https://www.instagram.com/{safe}/"
        case Platform.TIKTOK:
            return f"https://www.tiktok.com/@{safe}"
        case Platform.YOUTUBE:
            return f"https://www.youtube.com/@{safe}"
        case Platform.X:
            return f"https://x.com/{safe}"
        case Platform.FACEBOOK:
            return f"https://www.facebook.com/{safe}"
        case Platform.SNAPCHAT:
            return f"https://www.snapchat.com/add/{safe}"
        case Platform.TWITCH:
            return f"https://www.twitch.tv/{safe}"


def _youtube_chars(name: str) -> bool:
    """Letters, marks and digits of any script (YouTube handles allow many languages;
    Devanagari or Thai need their combining marks), plus _ - . and the middle dot."""
    return all(char in "_-.·" or unicodedata.category(char)[0] in "LMN" for char in name)


def _check_name(platform: Platform, name: str) -> Handle:
    rule = _RULES[platform]
    label = platform.label
    if not name:
        raise HandleError("is empty")
    if len(name) < rule.min_len:
        raise HandleError(f"is too short for {_a(label)} name (at least {rule.min_len} characters)")
    if len(name) > rule.max_len:
        raise HandleError(f"is too long for {_a(label)} name (at most {rule.max_len} characters)")
    if platform is Platform.YOUTUBE:
        valid = _youtube_chars(name)
    else:
        valid = rule.pattern.fullmatch(name) is not None
    if not valid:
        raise HandleError(f"isn't a valid {label} name: use {rule.allowed}")
    key = name.casefold()
    if platform is Platform.FACEBOOK:
        key = key.replace(".", "")  # Facebook ignores periods in usernames
        if len(key) < rule.min_len:
            raise HandleError(
                f"is too short for a Facebook name (at least {rule.min_len} letters or digits)"
            )
    return Handle(platform=platform, name=name, key=key, profile_url=_profile_url(platform, name))


def _youtube_channel(channel_id: str) -> Handle:
    if _YOUTUBE_CHANNEL_ID.fullmatch(channel_id) is None:
        raise HandleError("isn't a valid YouTube channel id (UC followed by 22 characters)")
    return Handle(
        platform=Platform.YOUTUBE,
        name=channel_id,
        key="channel/" + channel_id,  # ids are case-sensitive, and "/" can't clash with names
        profile_url=f"https://www.youtube.com/channel/{channel_id}",
    )


def _youtube_user(username: str) -> Handle:
    if _YOUTUBE_USERNAME.fullmatch(username) is None:
        raise HandleError(
            "isn't a valid legacy YouTube username (1 to 20 letters or digits after /user/)"
        )
    return Handle(
        platform=Platform.YOUTUBE,
        name=username,
        # Usernames ignore case; "/" keeps them apart from handles and channel ids.
        key=YOUTUBE_USER_PREFIX + username.casefold(),
        profile_url=f"https://www.youtube.com/user/{username}",
    )


def is_youtube_channel_id(text: str) -> bool:
    return _YOUTUBE_CHANNEL_ID.fullmatch(text) is not None


def _facebook_id(user_id: str) -> Handle:
    if _FACEBOOK_ID.fullmatch(user_id) is None:
        raise HandleError("isn't a valid Facebook profile id")
    return Handle(
        platform=Platform.FACEBOOK,
        name=user_id,
        key="id/" + user_id,
        profile_url=f"https://www.facebook.com/profile.php?id={user_id}",
    )


# --- links ------------------------------------------------------------------------

_HOSTS: Final[dict[str, Platform]] = {
    "instagram.com": Platform.INSTAGRAM,
    "instagr.am": Platform.INSTAGRAM,
    "tiktok.com": Platform.TIKTOK,
    "youtube.com": Platform.YOUTUBE,
    "x.com": Platform.X,
    "twitter.com": Platform.X,
    "facebook.com": Platform.FACEBOOK,
    "fb.com": Platform.FACEBOOK,
    "snapchat.com": Platform.SNAPCHAT,
    "twitch.tv": Platform.TWITCH,
}
# Hosts of a known platform that never carry a profile name Tierbot can read offline.
_NON_PROFILE_HOSTS: Final[dict[str, str]] = {
    "youtu.be": "is a link to a YouTube video, not a channel",
    "vm.tiktok.com": "is a TikTok share link; open it and copy the profile link instead",
    "vt.tiktok.com": "is a TikTok share link; open it and copy the profile link instead",
    "fb.me": "is a Facebook short link; copy the profile link instead",
    "clips.twitch.tv": "is a link to a Twitch clip, not a channel",
}
_HOST_PREFIXES: Final = ("www.", "m.", "mobile.", "web.", "mbasic.", "touch.")

# First path segments that are site sections, not profile names.
_RESERVED: Final[dict[Platform, frozenset[str]]] = {
    Platform.INSTAGRAM: frozenset(
        [
            "p",
            "reel",
            "reels",
            "tv",
            "stories",
            "explore",
            "accounts",
            "direct",
            "about",
            "developer",
            "legal",
            "web",
            "emails",
            "challenge",
            "directory",
            "lite",
            "session",
            "privacy",
            "terms",
        ]
    ),
    Platform.X: frozenset(
        [
            "i",
            "home",
            "explore",
            "notifications",
            "messages",
            "search",
            "settings",
            "intent",
            "share",
            "hashtag",
            "compose",
            "login",
            "signup",
            "tos",
            "privacy",
            "about",
            "jobs",
        ]
    ),
    Platform.FACEBOOK: frozenset(
        [
            "pages",
            "groups",
            "events",
            "watch",
            "photo",
            "photo.php",
            "photos",
            "story.php",
            "permalink.php",
            "marketplace",
            "gaming",
            "share",
            "sharer",
            "sharer.php",
            "login",
            "help",
            "people",
            "hashtag",
            "reel",
            "reels",
            "videos",
            "search",
            "settings",
            "notifications",
            "messages",
            "friends",
            "home.php",
            "l.php",
            "business",
            "ads",
            "stories",
        ]
    ),
    Platform.TWITCH: frozenset(
        [
            "directory",
            "videos",
            "settings",
            "p",
            "search",
            "downloads",
            "jobs",
            "turbo",
            "subscriptions",
            "inventory",
            "wallet",
            "drops",
            "login",
            "signup",
            "friends",
            "messages",
            "payments",
            "prime",
            "store",
            "moderator",
            "popout",
        ]
    ),
}
_YOUTUBE_NON_PROFILE: Final = frozenset(
    [
        "watch",
        "shorts",
        "playlist",
        "results",
        "feed",
        "embed",
        "live",
        "hashtag",
        "post",
        "playlists",
    ]
)


def _bare_host(host: str) -> str:
    """ "www.instagram.com:443." -> "instagram.com"."""
    host = host.partition(":")[0].rstrip(".")
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def _split_url(text: str) -> tuple[str, str, str] | None:
    """(host, path, query) when text is a link, None when it is a bare name."""
    lowered = text.lower()
    rest, has_scheme = text, False
    for scheme in ("https://", "http://"):
        if lowered.startswith(scheme):
            rest, has_scheme = text[len(scheme) :], True
            break
    else:
        if "://" in text:
            raise HandleError("is a link Tierbot can't read (only http and https links)")
    cut = len(rest)
    for mark in "/?#":
        index = rest.find(mark)
        if index != -1:
            cut = min(cut, index)
    host, tail = rest[:cut].lower(), rest[cut:]
    if not has_scheme and not tail:
        # A bare word, periods and all, is a name: "jane.doe", even "x.com" (a valid
        # Instagram name). A link needs a scheme or a path.
        return None
    if not has_scheme and _bare_host(host) not in _HOSTS and host not in _NON_PROFILE_HOSTS:
        # "linktr.ee/jane", "jane/posts": neither a name nor a known link.
        raise HandleError("isn't a name or a profile link Tierbot recognises")
    path, _, query = tail.partition("?")
    return host, path.partition("#")[0], query.partition("#")[0]


def _platform_of_host(host: str) -> Platform:
    if host in _NON_PROFILE_HOSTS:
        raise HandleError(_NON_PROFILE_HOSTS[host])
    platform = _HOSTS.get(_bare_host(host))
    if platform is None:
        raise HandleError("is a link to a site Tierbot doesn't know")
    return platform


def _from_url(platform: Platform, path: str, query: str) -> Handle:
    segments = [unquote(part) for part in path.split("/") if part]
    label = platform.label
    if not segments:
        if platform is Platform.FACEBOOK and query:
            raise HandleError("is a Facebook link without a profile name")
        raise HandleError(f"is {_a(label)} link without a profile name")
    first = segments[0]
    not_profile = f"is {_a(label)} link to something other than a profile"
    match platform:
        case Platform.TIKTOK:
            if not first.startswith("@"):
                raise HandleError(f"{not_profile} (TikTok profile links have @ before the name)")
            return _check_name(platform, first[1:])
        case Platform.YOUTUBE:
            if first.startswith("@"):
                return _check_name(platform, first[1:])
            if first == "channel":
                if len(segments) < 2:
                    raise HandleError("is a YouTube link without a channel id")
                return _youtube_channel(segments[1])
            if first == "user":
                if len(segments) < 2:
                    raise HandleError("is a YouTube link without a username")
                return _youtube_user(segments[1])
            if first == "c" or first.lower() not in _YOUTUBE_NON_PROFILE:
                raise HandleError(
                    "is an old-style YouTube custom link, which YouTube can't look up; use "
                    "the channel's @handle or its /channel/ link"
                )
            raise HandleError(not_profile)
        case Platform.SNAPCHAT:
            if first == "add" and len(segments) > 1:
                return _check_name(platform, segments[1])
            if first.startswith("@"):
                return _check_name(platform, first[1:])
            raise HandleError(not_profile)
        case Platform.FACEBOOK:
            if first == "profile.php":
                ids = parse_qs(query).get("id")
                if not ids:
                    raise HandleError("is a Facebook link without a profile id")
                return _facebook_id(ids[0])
            if first.lower() in _RESERVED[platform]:
                raise HandleError(not_profile)
            return _check_name(platform, first.removeprefix("@"))
        case _:
            if first.lower() in _RESERVED.get(platform, frozenset()):
                raise HandleError(not_profile)
            return _check_name(platform, first.removeprefix("@"))


def _refuse_bad_characters(text: str) -> None:
    if text.isascii() and text.isprintable() and " " not in text:
        return  # printable ASCII has no category-C character; the space is its only blank
    for char in text:
        if char.isspace():
            raise HandleError("contains a space")
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn"):
            raise HandleError("contains a control or invisible character")


def normalize_handle(
    text: str, platform: Platform | None, *, default_platform: Platform | None = None
) -> Handle:
    """Read "@name", "name" or a profile link into a `Handle`.

    A link names its own platform; if `platform` is also given they must agree. Without
    a link the platform is `platform`, else `default_platform`, else an error asks for
    one. Raises `HandleError`.
    """
    if len(text) > MAX_HANDLE_INPUT * 4:  # refuse before any per-character work
        raise HandleError(f"is over {MAX_HANDLE_INPUT} characters")
    text = text.strip()
    if not text:
        raise HandleError("is empty")
    if len(text) > MAX_HANDLE_INPUT:
        raise HandleError(f"is over {MAX_HANDLE_INPUT} characters")
    _refuse_bad_characters(text)
    parts = _split_url(text)
    if parts is not None:
        host, path, query = parts
        linked = _platform_of_host(host)
        if platform is not None and platform is not linked:
            raise HandleError(f"is {_a(linked.label)} link, but the platform is {platform.label}")
        return _from_url(linked, path, query)
    chosen = platform or default_platform
    if chosen is None:
        raise HandleError("needs a platform: choose one, or paste a profile link instead")
    name = text.removeprefix("@")
    if "/" in name or "?" in name:
        raise HandleError("isn't a name or a profile link Tierbot recognises")
    if chosen is Platform.YOUTUBE and _YOUTUBE_CHANNEL_ID.fullmatch(name) and name == text:
        return _youtube_channel(name)
    return _check_name(chosen, name)


def looks_like_link(text: str) -> bool:
    """True when `text` is written as a web link rather than a bare name."""
    try:
        return _split_url(text.strip()) is not None
    except HandleError:
        return True


@dataclass(frozen=True, slots=True)
class DisplayName:
    """A creator's name with spaces, as typed ("Mama Knows Best"): a page or display name,
    not an account name. It labels a reply, but has no profile link and can't be looked up
    or shortlisted (those need the account name)."""

    text: str

    @property
    def account_name_example(self) -> str:
        """ "mamaknowsbest": the name's letters and digits, as an example of the form an
        account name takes (not a claim that the account exists)."""
        return "".join(char for char in self.text.lower() if char.isascii() and char.isalnum())


def display_name(text: str) -> DisplayName | None:
    """`text` read as a display name: words separated by spaces, not a link, nothing
    invisible; else None (read it as a handle)."""
    words = text.split()
    if len(words) < 2 or looks_like_link(text) or len(text) > MAX_HANDLE_INPUT:
        return None
    if any(unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn") for char in text):
        return None
    return DisplayName(" ".join(words))
