"""Showing user-supplied text safely: never as markdown, never as a mention."""

from __future__ import annotations

import re
import unicodedata

import discord

from bot.render.limits import clip

# Bidi overrides and isolates can make echoed text read backwards; zero-width characters can
# hide a mention or a link from escaping. Both are removed from anything the bot echoes.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u180e]")
# Discord's angle-bracket syntax (<@id>, <@&id>, <#id>, </cmd:id>, <:emoji:id>, <t:0>) renders
# even with ids escape_mentions leaves alone; a backslash before "<" shows it literally.
_ANGLE_SYNTAX = re.compile(r"<(?=[@#/:]|a:|t:)")


def _blank_controls(text: str) -> str:
    """Control, format, private-use and unassigned characters (category C) become spaces."""
    if text.isprintable():  # no category-C character: skip the per-character pass
        return text
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)


# Text that every step below leaves as it is: ASCII letters, digits, spaces inside and
# punctuation that is never markdown, a mention or Discord syntax away from a line's start
# (no newline is allowed, so the first character is the only line start). Tier labels,
# list names and most notes are like this; shown ten to a page, they skip six passes each.
_AS_IS = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 .,'()+%&!?#-]*[A-Za-z0-9.,'()+%&!?#-])?")


# A handle as /classify shows it ("@jane_doe", "maker.studio"): of the steps below only the
# markdown escape changes it, and only its underscores. Not "@everyone", "@here" or "@"
# and digits, which the mention escape would change too.
_HANDLE_LIKE = re.compile(r"(?!@(?:everyone|here|[0-9]))@?[A-Za-z0-9._]+")

# Text that code() shows as it is: visible ASCII without spaces or backticks (handles, ids).
_CODE_AS_IS = re.compile(r"[A-Za-z0-9@._/:-]+")


def plain(text: str, limit: int = 100) -> str:
    """User text shown as literal text in a message or embed: no markdown, no mentions."""
    if len(text) <= limit:
        if _AS_IS.fullmatch(text):
            return text
        if _HANDLE_LIKE.fullmatch(text):
            return text.replace("_", "\\_")
    cleaned = _blank_controls(_INVISIBLE.sub("", text)).strip()
    cleaned = clip(cleaned, limit)
    escaped = discord.utils.escape_markdown(cleaned, as_needed=False)
    return _ANGLE_SYNTAX.sub(r"\\<", discord.utils.escape_mentions(escaped))


def code(text: str, limit: int = 100) -> str:
    """User text in an inline code span: the safest way to show a handle exactly."""
    if len(text) <= limit and _CODE_AS_IS.fullmatch(text):
        return f"`{text}`"
    cleaned = _blank_controls(_INVISIBLE.sub("", text).replace("`", "ˋ"))
    cleaned = clip(cleaned.strip(), limit) or " "
    return f"`{cleaned}`"
