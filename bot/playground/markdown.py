"""Discord markdown shown in a terminal: bold, italic, code, links, quotes and headers as
rich styles (reasonably, not perfectly), or as plain text with the escapes removed."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from rich.style import Style
from rich.text import Text

_FENCE = re.compile(r"```(?:[\w+-]*\n)?(.*?)```", re.DOTALL)
_INLINE = re.compile(
    r"(?P<escape>\\(?P<escaped>[^A-Za-z0-9\s]))"
    r"|(?P<code>``?(?P<code_body>[^`]+?)``?)"
    r"|(?P<bold>\*\*(?P<bold_body>.+?)\*\*)"
    r"|(?P<underline>__(?P<underline_body>.+?)__)"
    r"|(?P<italic>\*(?P<italic_body>[^*\s](?:.*?[^*\s\\])?)\*)"
    r"|(?P<italic2>(?<![A-Za-z0-9])_(?P<italic2_body>[^_\s](?:.*?[^_\s\\])?)_(?![A-Za-z0-9]))"
    r"|(?P<strike>~~(?P<strike_body>.+?)~~)"
    r"|(?P<spoiler>\|\|(?P<spoiler_body>.+?)\|\|)"
    r"|(?P<link>\[(?P<link_text>[^\]]+)\]\(<?(?P<link_url>https?://[^)\s>]+)>?\))"
    r"|(?P<mention><(?P<mention_kind>@!?|@&|#)(?P<mention_id>\d+)>)"
    r"|(?P<timestamp><t:(?P<ts>-?\d+)(?::(?P<ts_style>[tTdDfFR]))?>)"
    r"|(?P<emoji><a?:(?P<emoji_name>\w+):\d+>)"
)
_PLAIN = re.compile(
    r"(?P<code>`[^`]*`)|\\(?P<escaped>[^A-Za-z0-9\s])"
    r"|<(?P<mention_kind>@!?|@&|#)(?P<mention_id>\d+)>"
    r"|<t:(?P<ts>-?\d+)(?::(?P<ts_style>[tTdDfFR]))?>"
)

# Who a mention names, as Discord shows it: (kind "@", "@&" or "#", id) -> display name.
NameLookup = Callable[[str, int], "str | None"]
_names: list[NameLookup] = []


def use_names(lookup: NameLookup | None) -> None:
    """Show mentions with the names `lookup` gives (the playground knows its people)."""
    _names.clear()
    if lookup is not None:
        _names.append(lookup)


def mention_text(kind: str, snowflake: int) -> str:
    kind = "@" if kind == "@!" else kind
    name = _names[0](kind, snowflake) if _names else None
    if kind == "#":
        return f"#{name or 'channel'}"
    if kind == "@&":
        return f"@{name or 'role'}"
    return f"@{name or 'user'}"


CODE_STYLE = Style(color="cyan")
_STYLES = {
    "bold": Style(bold=True),
    "underline": Style(underline=True),
    "italic": Style(italic=True),
    "italic2": Style(italic=True),
    "strike": Style(strike=True),
    "spoiler": Style(reverse=True),
}


def to_text(markdown: str, base: Style | None = None) -> Text:
    """Discord markdown as a rich Text."""
    base = base or Style()
    result = Text()
    position = 0
    for fence in _FENCE.finditer(markdown):
        result.append_text(_lines(markdown[position : fence.start()], base))
        result.append(fence.group(1).rstrip("\n"), base + CODE_STYLE)
        position = fence.end()
    result.append_text(_lines(markdown[position:], base))
    return result


def to_plain(markdown: str) -> str:
    """Discord markdown as plain text: markers kept, backslash escapes removed outside code,
    mentions and timestamps written as Discord shows them (`@Sam`, `in 3 days`)."""

    def replace(match: re.Match[str]) -> str:
        if match.group("code"):
            return match.group(0)
        if match.group("escaped"):
            return match.group("escaped")
        if match.group("mention_kind"):
            return mention_text(match.group("mention_kind"), int(match.group("mention_id")))
        return _timestamp(int(match.group("ts")), match.group("ts_style"))

    return _PLAIN.sub(replace, markdown)


def _lines(text: str, base: Style) -> Text:
    result = Text()
    lines = text.split("\n")
    quoting_rest = False
    for index, line in enumerate(lines):
        style = base
        prefix = ""
        if line.startswith(">>> "):
            quoting_rest, line = True, line[4:]
        if quoting_rest or line.startswith("> "):
            if not quoting_rest:
                line = line[2:]
            prefix, style = "▌ ", base + Style(dim=True)
        heading = re.match(r"(#{1,3}) (.*)", line)
        if heading:
            line, style = heading.group(2), style + Style(bold=True)
        elif line.startswith("-# "):
            line, style = line[3:], style + Style(dim=True)
        bullet = re.match(r"(\s*)[-*] (.*)", line)
        if bullet:
            prefix += f"{bullet.group(1)}• "
            line = bullet.group(2)
        result.append(prefix, style)
        result.append_text(_inline(line, style))
        if index < len(lines) - 1:
            result.append("\n")
    return result


def _inline(text: str, style: Style) -> Text:
    result = Text()
    position = 0
    for match in _INLINE.finditer(text):
        result.append(text[position : match.start()], style)
        position = match.end()
        groups = match.groupdict()
        if groups["escape"]:
            result.append(groups["escaped"], style)
        elif groups["code"]:
            result.append(groups["code_body"], style + CODE_STYLE)
        elif groups["link"]:
            link_style = style + Style(underline=True, color="blue", link=groups["link_url"])
            result.append_text(_inline(groups["link_text"], link_style))
        elif groups["mention"]:
            shown = mention_text(groups["mention_kind"], int(groups["mention_id"]))
            result.append(shown, style + Style(color="blue", bold=True))
        elif groups["timestamp"]:
            result.append(_timestamp(int(groups["ts"]), groups["ts_style"]), style)
        elif groups["emoji"]:
            result.append(f":{groups['emoji_name']}:", style)
        else:
            for name, extra in _STYLES.items():
                if groups.get(name):
                    result.append_text(_inline(groups[f"{name}_body"], style + extra))
                    break
            else:  # pragma: no cover - every alternative is handled above
                result.append(match.group(0), style)
    result.append(text[position:], style)
    return result


def _timestamp(seconds: int, style: str | None, now: float | None = None) -> str:
    try:
        moment = time.localtime(seconds)
    except (OverflowError, OSError, ValueError):
        return str(seconds)
    if style == "R":
        return relative_time(seconds - (time.time() if now is None else now))
    if style in ("t", "T"):
        return time.strftime("%H:%M", moment)
    if style in ("d", "D"):
        return time.strftime("%Y-%m-%d", moment)
    return time.strftime("%Y-%m-%d %H:%M", moment)


_UNITS = (
    ("year", 365 * 86400),
    ("month", 30 * 86400),
    ("day", 86400),
    ("hour", 3600),
    ("minute", 60),
    ("second", 1),
)


def relative_time(delta: float) -> str:
    """Discord's `<t:…:R>`: "in 3 days", "5 minutes ago", "a few seconds ago"."""
    size = abs(delta)
    if size < 45:
        return "in a few seconds" if delta > 0 else "a few seconds ago"
    for unit, length in _UNITS:
        if size >= length:
            count = round(size / length)
            amount = f"{count} {unit}" + ("" if count == 1 else "s")
            return f"in {amount}" if delta > 0 else f"{amount} ago"
    return "now"  # pragma: no cover - the seconds unit always matches
