"""What the bot sent, shown to a person: rich panels in a terminal, plain text in scripts.

Embeds become panels with the embed colour as the border, fields side by side when inline,
the footer dimmed; ephemeral replies say "only you can see this"; buttons and menus are
numbered as `click N` and `select N V` expect; saved files are listed with their path.
"""

from __future__ import annotations

import json
import mimetypes
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.constrain import Constrain
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from bot.playground.components import Button, Menu, buttons_of, menus_of
from bot.playground.emulator import Message
from bot.playground.markdown import to_plain, to_text
from bot.playground.session import Outcome, Shown

EPHEMERAL_NOTE = "(only you can see this)"
UPDATED_NOTE = "(message updated)"
EMBED_WIDTH = 100  # about what Discord's embed column shows
INLINE_PER_ROW = 3
_BUTTON_STYLES = {
    "primary": Style(color="white", bgcolor="blue", bold=True),
    "success": Style(color="white", bgcolor="green", bold=True),
    "danger": Style(color="white", bgcolor="red", bold=True),
    "secondary": Style(color="black", bgcolor="grey70", bold=True),
    "link": Style(underline=True, color="blue"),
}


def describe_path(path: Path) -> str:
    """A saved file's path, relative to the current directory when it is below it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def size_text(size: int) -> str:
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _saved_lines(message: Message, saved: dict[int, Path]) -> Iterator[tuple[str, str]]:
    """(label, text) for each file: "image" or "file", and where it was saved."""
    for stored in message.files:
        kind = stored.content_type
        if not kind.startswith("image/"):  # discord.py uploads everything as octet-stream
            kind = mimetypes.guess_type(stored.filename)[0] or kind
        label = "image" if kind.startswith("image/") else "file"
        where = describe_path(saved[stored.id]) if stored.id in saved else stored.filename
        yield label, f"{where} ({size_text(len(stored.data))})"


def _attachment_name(url: str) -> str | None:
    return url.removeprefix("attachment://") if url.startswith("attachment://") else None


# ---------------------------------------------------------------- rich


def render(outcome: Outcome, console: Console) -> None:
    """Print an outcome for a person in a terminal."""
    if outcome.kind == "quit":
        return
    if outcome.kind == "help":
        console.print(Panel(Text(outcome.text), title="console", border_style="grey50"))
        return
    if outcome.kind == "notice":
        console.print(Text(outcome.text, style="cyan"))
        console.print()
        return
    if outcome.kind == "mistake":
        console.print(
            Text("✗ ", style="bold yellow") + to_text(outcome.text, Style(color="yellow"))
        )
        if outcome.usage:
            console.print(Text(f"  usage: {outcome.usage}", style="dim"))
        console.print()
        return
    for shown in outcome.shown:
        for renderable in message_renderables(shown, outcome.saved, console.width):
            console.print(renderable)
        console.print()
    if outcome.modal is not None:
        console.print(_modal_panel(outcome.modal))
    for problem in outcome.problems:
        console.print(Text(f"⚠ {problem}", style="bold red"))
    if not outcome.shown and not outcome.problems and outcome.modal is None:
        console.print(Text("(the bot acknowledged without a visible reply)", style="dim"))


def message_renderables(
    shown: Shown, saved: dict[int, Path], width: int
) -> Iterator[RenderableType]:
    message = shown.message
    notes = [UPDATED_NOTE] if shown.updated else []
    if message.ephemeral:
        notes.append(EPHEMERAL_NOTE)
    if notes:
        yield Text(" ".join(notes), style="dim italic")
    if message.content:
        yield to_text(message.content)
    files = {stored.filename: saved.get(stored.id) for stored in message.files}
    for embed in message.embeds:
        yield embed_panel(embed, files, min(width, EMBED_WIDTH))
    buttons = buttons_of(message)
    if buttons:
        yield _buttons_text(buttons)
    for menu in menus_of(message):
        yield _menu_text(menu)
    for label, text in _saved_lines(message, saved):
        yield Text.assemble((f"{label} saved: ", "bold green"), text)


def embed_panel(embed: dict[str, Any], files: dict[str, Path | None], width: int) -> RenderableType:
    parts: list[RenderableType] = []
    author = (embed.get("author") or {}).get("name")
    if author:
        parts.append(Text(author, style="bold"))
    title = embed.get("title")
    if title:
        title_style = Style(bold=True)
        if embed.get("url"):
            title_style += Style(link=str(embed["url"]), underline=True)
        parts.append(to_text(str(title), title_style))
    if embed.get("description"):
        parts.append(to_text(str(embed["description"])))
    parts.extend(_field_rows(embed.get("fields") or []))
    for key in ("image", "thumbnail"):
        url = str((embed.get(key) or {}).get("url") or "")
        if url:
            name = _attachment_name(url)
            where = files.get(name) if name else None
            shown = describe_path(where) if where else (name or url)
            parts.append(Text(f"{key}: {shown}", style="dim"))
    footer = " · ".join(
        part for part in ((embed.get("footer") or {}).get("text"), embed.get("timestamp")) if part
    )
    if footer:
        parts.append(to_text(str(footer), Style(dim=True)))
    spaced: list[RenderableType] = []
    for part in parts:
        if spaced:
            spaced.append(Text(""))
        spaced.append(part)
    colour = embed.get("color")
    border = f"#{int(colour):06x}" if isinstance(colour, int) else "grey50"
    panel = Panel(Group(*spaced), border_style=border, expand=False, padding=(0, 1))
    return Constrain(panel, width=width)


def _field_rows(fields: list[dict[str, Any]]) -> Iterator[RenderableType]:
    row: list[dict[str, Any]] = []

    def flush() -> Iterator[RenderableType]:
        if not row:
            return
        grid = Table.grid(padding=(0, 3), expand=True)
        for _ in row:
            grid.add_column(ratio=1)
        grid.add_row(*(_field(field) for field in row))
        row.clear()
        yield grid

    for field in fields:
        if field.get("inline"):
            row.append(field)
            if len(row) == INLINE_PER_ROW:
                yield from flush()
            continue
        yield from flush()
        yield _field(field)
    yield from flush()


def _field(field: dict[str, Any]) -> RenderableType:
    name = to_text(str(field.get("name") or ""), Style(bold=True))
    return Group(name, to_text(str(field.get("value") or "")))


def _buttons_text(buttons: list[Button]) -> Text:
    text = Text()
    for button in buttons:
        if text:
            text.append("  ")
        text.append(f"[{button.number}] ", style="bold")
        label = f" {button.label} " + ("↗ " if button.is_link else "")
        style = _BUTTON_STYLES.get(button.style, Style(bold=True))
        if button.disabled:
            style = Style(dim=True, strike=True)
        text.append(label, style=style)
        if button.disabled:
            text.append(" (disabled)", style="dim")
    text.append("   click N", style="dim")
    return text


def _menu_text(menu: Menu) -> Text:
    heading = f"menu {menu.number} ▾ {menu.placeholder} (choose {menu.count_rule()})"
    text = Text(heading, style="dim" if menu.disabled else "bold")
    if menu.disabled:
        text.append(" (disabled)", style="dim")
    for option in menu.options:
        text.append(f"\n   {option.number}. ", style="bold")
        text.append(option.label)
        if option.description:
            text.append(f" — {option.description}", style="dim")
        if option.default:
            text.append(" (selected)", style="green")
    text.append(f"\n   select {menu.number} N", style="dim")
    return text


def _modal_panel(modal: dict[str, Any]) -> Panel:
    lines = [Text(str(modal.get("title") or "Form"), style="bold")]
    for row in modal.get("components") or []:
        for component in row.get("components") or [row]:
            label = component.get("label") or component.get("custom_id")
            lines.append(Text(f"• {label}"))
    lines.append(Text("Type `fill TEXT` to fill it in and send it.", style="dim"))
    return Panel(Group(*lines), title="the bot opened a form", border_style="grey50")


# ---------------------------------------------------------------- plain text


def plain(outcome: Outcome) -> str:
    """An outcome as plain text (no ANSI codes), indented under the echoed line."""
    lines: list[str] = []
    if outcome.kind in ("help", "notice"):
        lines.extend(outcome.text.splitlines())
    elif outcome.kind == "mistake":
        lines.append(f"error: {to_plain(outcome.text)}")
        if outcome.usage:
            lines.append(f"usage: {outcome.usage}")
    elif outcome.kind == "reply":
        for shown in outcome.shown:
            lines.extend(plain_message(shown, outcome.saved))
        if outcome.modal is not None:
            lines.append(f"form: {outcome.modal.get('title') or 'Form'} (`fill TEXT` submits it)")
        if not outcome.shown and not outcome.problems and outcome.modal is None:
            lines.append("(the bot acknowledged without a visible reply)")
        lines.extend(f"problem: {problem}" for problem in outcome.problems)
    return "\n".join(f"  {line}" if line else "" for line in lines)


def plain_message(shown: Shown, saved: dict[int, Path]) -> list[str]:
    message = shown.message
    lines: list[str] = []
    notes = [UPDATED_NOTE] if shown.updated else []
    if message.ephemeral:
        notes.append(EPHEMERAL_NOTE)
    if notes:
        lines.append(" ".join(notes))
    if message.content:
        lines.extend(to_plain(message.content).splitlines())
    files = {stored.filename: saved.get(stored.id) for stored in message.files}
    for embed in message.embeds:
        lines.extend(plain_embed(embed, files))
    buttons = buttons_of(message)
    if buttons:
        lines.append(
            "buttons: "
            + "  ".join(
                f"[{b.number}] {b.label}"
                + (f" ({b.url})" if b.is_link else "")
                + (" (disabled)" if b.disabled else "")
                for b in buttons
            )
        )
    for menu in menus_of(message):
        disabled = " (disabled)" if menu.disabled else ""
        lines.append(
            f"menu {menu.number}: {menu.placeholder} (choose {menu.count_rule()}){disabled}"
        )
        for option in menu.options:
            description = f" — {option.description}" if option.description else ""
            selected = " (selected)" if option.default else ""
            lines.append(f"  {option.number}. {option.label}{description}{selected}")
    for label, text in _saved_lines(message, saved):
        lines.append(f"{label} saved: {text}")
    return lines


def _blank(text: str) -> bool:
    # Discord needs a non-empty field name and value, so layouts pad with zero-width spaces.
    return not text.replace("\u200b", "").strip()


def plain_embed(embed: dict[str, Any], files: dict[str, Path | None] | None = None) -> list[str]:
    body: list[str] = []
    author = (embed.get("author") or {}).get("name")
    if author:
        body.append(str(author))
    if embed.get("description"):
        body.extend(to_plain(str(embed["description"])).splitlines())
    for field in embed.get("fields") or []:
        heading = to_plain(str(field.get("name") or ""))
        value = to_plain(str(field.get("value") or ""))
        if _blank(value) and _blank(heading):
            continue  # a spacer that ends a row of inline fields in Discord's layout
        if not _blank(heading):
            body.append("")
            body.append(heading)
        body.extend(f"  {line}" for line in value.splitlines())
    for key in ("image", "thumbnail"):
        url = str((embed.get(key) or {}).get("url") or "")
        if url:
            name = _attachment_name(url)
            where = (files or {}).get(name) if name else None
            body.append(f"{key}: {describe_path(where) if where else (name or url)}")
    footer = (embed.get("footer") or {}).get("text")
    title = to_plain(str(embed.get("title") or "")).strip()
    lines = [f"┌ {title}" if title else "┌"]
    lines.extend(f"│ {line}".rstrip() for line in body)
    lines.append(f"└ {to_plain(str(footer))}" if footer else "└")
    return lines


def json_lines(outcome: Outcome) -> str:
    """The REST bodies the bot sent for this line, as one JSON object."""
    token = outcome.interaction.token if outcome.interaction else None
    requests = [
        {
            "method": request.method,
            "path": request.path.replace(token, "{token}") if token else request.path,
            "status": request.status,
            "body": request.body,
        }
        for request in outcome.requests
    ]
    record: dict[str, Any] = {"line": outcome.line, "requests": requests}
    if outcome.kind == "mistake":
        record["mistake"] = outcome.text
    if outcome.problems:
        record["problems"] = outcome.problems
    return json.dumps(record, ensure_ascii=False)
