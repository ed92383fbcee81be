"""Grammar by construction: counts with nouns, and "a" or "an", for every reply.

Every sentence that puts a number before a noun calls `count_noun` ("1 follower",
"2 followers", "0 creators"), and every "a"/"an" comes from `article`, so no reply can
say "1 followers" or "a always-on plan". tests/unit/test_wording_grid.py renders every
command over a grid of values and fails on either mistake.
"""

from __future__ import annotations

import re

from bot.domain.numbers import format_count, format_int

_IRREGULAR: dict[str, str] = {
    "person": "people",
    "entry": "entries",
    "was": "were",
    "is": "are",
    "has": "have",
    "this": "these",
}


def plural(noun: str) -> str:
    """The plural of a noun as replies use them ("creator" → "creators", "entry" → "entries")."""
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return noun[:-1] + "ies"
    if noun.endswith(("s", "sh", "ch", "x")):
        return noun + "es"
    return noun + "s"


def noun_for(count: int | float, singular: str, plural_form: str | None = None) -> str:
    """The noun alone, singular exactly for one."""
    return singular if count == 1 else (plural_form or plural(singular))


def count_noun(
    count: int,
    singular: str,
    plural_form: str | None = None,
    *,
    compact: bool = False,
) -> str:
    """ "1 follower", "2 followers", "12,500 followers" (or "12.5K followers" when compact)."""
    number = format_count(count) if compact else format_int(count)
    return f"{number} {noun_for(count, singular, plural_form)}"


# Words that start with a vowel letter but a consonant sound, and the reverse.
_CONSONANT_SOUND = re.compile(r"^(one|once|uni(?!n)|use|usu|euro|eu|ufo|u-|ubi)", re.IGNORECASE)
_VOWEL_SOUND = re.compile(r"^(hour|honest|honou?r|heir)", re.IGNORECASE)
# Letters read aloud with a vowel sound ("an X account", "an SMS", "an M"), for initialisms.
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# Numbers read with a vowel sound: 8, 11, 18, 80…, 800…, 8K, 11K, 18M.
_VOWEL_NUMBER = re.compile(r"^(8|11(?![0-9,.])|11[KMB]|18(?![0-9,.])|18[KMB])")


def article(phrase: str) -> str:
    """ "a" or "an" for the phrase that follows, by sound, not spelling."""
    word = phrase.lstrip("*_`(\"'“ ").strip()
    if not word:
        return "a"
    first = word.split()[0].strip(",.;:")
    if first[:1].isdigit() or first[:1] == "$":
        digits = first.lstrip("$")
        return "an" if _VOWEL_NUMBER.match(digits.replace(",", "")) else "a"
    letters = first.split("-")[0]
    # An initialism ("X", "SMS", "UGC") is read letter by letter.
    if letters.isupper() and len(letters) <= 4 and letters.isalpha():
        return "an" if letters[0] in _VOWEL_LETTERS else "a"
    if _VOWEL_SOUND.match(first):
        return "an"
    if _CONSONANT_SOUND.match(first):
        return "a"
    return "an" if first[:1].lower() in "aeiou" else "a"


def with_article(phrase: str, *, capital: bool = False) -> str:
    """ "an always-on plan", "a YouTube creator"; `capital` starts a sentence."""
    word = article(phrase)
    if capital:
        word = word.capitalize()
    return f"{word} {phrase}"


def posts_per_week(value: float) -> str:
    """ "36 posts a week", "1.3 posts a week", "1 post a week": whole from 10 up, else one decimal
    when not whole."""
    text = str(round(value)) if value >= 10 else f"{value:.1f}".removesuffix(".0")
    return "1 post a week" if text == "1" else f"{text} posts a week"
