"""Discord markdown shown in a terminal: bold, italic, code, links, quotes and headers as
rich styles (reasonably, not perfectly), or as plain text with the escapes removed."""

from __future__ import annotations

import re
import time

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
_CODE_OR_ESCAPE = re.compile(r"`[^`]*`|\\([^A-Za-z0-9\s])")

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
    """Discord markdown as plain text: markers kept, backslash escapes removed outside code."""
    return _CODE_OR_ESCAPE.sub(
        lambda match: match.group(0) if match.group(0).startswith("`") else match.group(1),
        markdown,
    )


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
            kind_mark = {"#": "#", "@&": "@role"}.get(groups["mention_kind"], "@user")
            result.append(f"{kind_mark}", style + Style(color="blue", bold=True))
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


def _timestamp(seconds: int, style: str | None) -> str:
    try:
        moment = time.localtime(seconds)
    except (OverflowError, OSError, ValueError):
        return str(seconds)
    if style in ("t", "T"):
        return time.strftime("%H:%M", moment)
    if style in ("d", "D"):
        return time.strftime("%Y-%m-%d", moment)
    return time.strftime("%Y-%m-%d %H:%M", moment)
