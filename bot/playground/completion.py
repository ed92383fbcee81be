"""Completion as you type, built from the commands the bot registered (never a fixed list):
command and sub-command names, option names, choices, file paths for attachment options,
and, for options with autocomplete, the bot's own answers (fetched through the emulator)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncGenerator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from bot.playground.emulator.commands import (
    ATTACHMENT,
    BOOLEAN,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
)
from bot.playground.session import ROLES, Playground, option_hint

CONSOLE_WORDS = {
    "help": "console commands",
    "click": "press button N of the last message with buttons",
    "select": "pick options in menu N",
    "next": "turn to the next page",
    "prev": "turn to the previous page",
    "as": "who is typing: member, admin or dm",
    "guild": "switch to another server",
    "commands": "every command you can use here",
    "quit": "leave the playground",
}
AUTOCOMPLETE_TTL = 10.0  # seconds a cached answer of the bot is reused
AUTOCOMPLETE_WAIT = 1.5  # never keep the prompt waiting longer than this
_OPTION_START = re.compile(r"(?:^|\s)([a-z0-9_-]{1,32}):")


@dataclass(frozen=True, slots=True)
class AutocompleteRequest:
    line: str
    path: tuple[str, ...]
    option: str
    prefix: str
    start: int  # start_position for the completions (replaces the value typed so far)


class SlashCompleter(Completer):
    def __init__(self, playground: Playground) -> None:
        self.playground = playground
        # Relative paths are read from the playground's directory, so complete from there too.
        self._paths = PathCompleter(
            expanduser=True, get_paths=lambda: [str(playground.options.cwd)]
        )
        self._cache: dict[tuple[Any, ...], tuple[float, list[dict[str, Any]]]] = {}

    # ------------------------------------------------------------ prompt_toolkit entry points

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterable[Completion]:
        completions, _ = self.complete(document.text_before_cursor, complete_event)
        return completions

    async def get_completions_async(
        self, document: Document, complete_event: CompleteEvent
    ) -> AsyncGenerator[Completion, None]:
        completions, request = self.complete(document.text_before_cursor, complete_event)
        for completion in completions:
            yield completion
        if request is not None:
            for choice in await self.bot_suggestions(request):
                yield _choice_completion(choice, request.start)

    # ------------------------------------------------------------ the work

    def complete(
        self, text: str, event: CompleteEvent | None = None
    ) -> tuple[list[Completion], AutocompleteRequest | None]:
        """Completions known without asking the bot, and what to ask the bot, if anything."""
        if not text.startswith("/"):
            return list(self._console(text)), None
        words = text[1:].split()
        trailing_space = text[-1:].isspace()
        commands = {c.name: c for c in self.playground.commands()}
        if not words or (len(words) == 1 and not trailing_space):
            typed = words[0].lower() if words else ""
            return [
                Completion(
                    f"/{name}" + (" " if commands[name].body.get("options") else ""),
                    start_position=-len(text),
                    display=f"/{name}",
                    display_meta=str(commands[name].body.get("description", "")),
                )
                for name in sorted(commands)
                if name.startswith(typed)
            ], None
        command = commands.get(words[0].lower())
        if command is None:
            return [], None
        path = [command.name]
        definitions: list[dict[str, Any]] = command.body.get("options") or []
        index = 1
        while definitions and all(
            int(d["type"]) in (SUB_COMMAND, SUB_COMMAND_GROUP) for d in definitions
        ):
            current = words[index] if index < len(words) else ""
            if index >= len(words) - 1 and not (index < len(words) and trailing_space):
                # Typing this word (or about to): offer the sub-commands.
                return [
                    Completion(
                        d["name"] + " ",
                        start_position=-len(current),
                        display=d["name"],
                        display_meta=str(d.get("description", "")),
                    )
                    for d in definitions
                    if d["name"].startswith(current.lower())
                ], None
            chosen = next((d for d in definitions if d["name"] == current.lower()), None)
            if chosen is None:
                return [], None
            path.append(chosen["name"])
            definitions = chosen.get("options") or []
            index += 1
        rest = _after_words(text[1:], index)
        return self._options(text, path, definitions, rest, event)

    def _options(
        self,
        text: str,
        path: list[str],
        definitions: list[dict[str, Any]],
        rest: str,
        event: CompleteEvent | None,
    ) -> tuple[list[Completion], AutocompleteRequest | None]:
        by_name = {d["name"]: d for d in definitions}
        starts = [m for m in _OPTION_START.finditer(rest) if m.group(1) in by_name]
        given = {m.group(1) for m in starts}
        current_word = "" if not rest or rest[-1].isspace() else rest.split()[-1]
        completions: list[Completion] = []
        request: AutocompleteRequest | None = None
        if starts:
            last = starts[-1]
            value = rest[last.end() :]
            definition = by_name[last.group(1)]
            single_word = not any(ch.isspace() for ch in value)
            if single_word or definition.get("autocomplete") or definition.get("choices"):
                values, request = self._values(text, path, definition, value, event)
                completions.extend(values)
            if single_word:
                return completions, request
        if ":" not in current_word:
            completions.extend(
                Completion(
                    f"{d['name']}:",
                    start_position=-len(current_word),
                    display=f"{d['name']}:",
                    display_meta=_option_meta(d),
                )
                for d in sorted(definitions, key=lambda d: not d.get("required"))
                if d["name"] not in given
                and d["name"].startswith(current_word.lower())
                and int(d["type"]) not in (SUB_COMMAND, SUB_COMMAND_GROUP)
            )
        return completions, request

    def _values(
        self,
        text: str,
        path: list[str],
        definition: dict[str, Any],
        value: str,
        event: CompleteEvent | None,
    ) -> tuple[list[Completion], AutocompleteRequest | None]:
        prefix = value[1:] if value[:1] in ('"', "'") else value
        kind = int(definition["type"])
        if definition.get("choices"):
            return [
                _choice_completion(choice, -len(value))
                for choice in definition["choices"]
                if _matches(choice, prefix)
            ], None
        if kind == BOOLEAN:
            return [
                Completion(word, start_position=-len(value))
                for word in ("true", "false")
                if word.startswith(prefix.lower())
            ], None
        if kind == ATTACHMENT:
            found = self._paths.get_completions(Document(prefix), event or CompleteEvent())
            return list(found), None
        if definition.get("autocomplete"):
            request = AutocompleteRequest(
                line=text,
                path=tuple(path),
                option=str(definition["name"]),
                prefix=prefix,
                start=-len(value),
            )
            return [], request
        return [], None

    async def bot_suggestions(self, request: AutocompleteRequest) -> list[dict[str, Any]]:
        """The bot's autocomplete answer, cached briefly per (command, option, prefix)."""
        key = (self.playground.role, request.path, request.option, request.prefix)
        cached = self._cache.get(key)
        now = time.monotonic()
        if cached is not None and now - cached[0] < AUTOCOMPLETE_TTL:
            return cached[1]
        choices = await self.playground.autocomplete(
            request.line, request.option, timeout=AUTOCOMPLETE_WAIT
        )
        self._cache[key] = (now, choices)
        if len(self._cache) > 500:
            oldest = sorted(self._cache, key=lambda k: self._cache[k][0])[:250]
            for stale in oldest:
                del self._cache[stale]
        return choices

    def _console(self, text: str) -> Iterator[Completion]:
        verb, space, rest = text.partition(" ")
        if not space:
            for word, meta in CONSOLE_WORDS.items():
                if text and word.startswith(text.lower()):
                    yield Completion(word, start_position=-len(text), display_meta=meta)
            return
        if verb.lower() == "as":
            for role in ROLES:
                if role.startswith(rest.lower()):
                    yield Completion(role, start_position=-len(rest))
        elif verb.lower() in ("guild", "server"):
            for guild in self.playground.emulator.guilds.values():
                if guild.name.lower().startswith(rest.lower()):
                    yield Completion(guild.name, start_position=-len(rest))


def _after_words(text: str, count: int) -> str:
    """`text` after its first `count` whitespace-separated words."""
    consumed = re.match(rf"\s*(?:\S+\s+){{{count}}}", text)
    return text[consumed.end() :] if consumed else ""


def _option_meta(definition: dict[str, Any]) -> str:
    need = "required" if definition.get("required") else "optional"
    return f"{need} · {option_hint(definition)} · {definition.get('description', '')}"


def _matches(choice: dict[str, Any], prefix: str) -> bool:
    lowered = prefix.lower()
    return str(choice["name"]).lower().startswith(lowered) or str(
        choice["value"]
    ).lower().startswith(lowered)


def _choice_completion(choice: dict[str, Any], start: int) -> Completion:
    value = str(choice["value"])
    inserted = f'"{value}"' if any(ch.isspace() for ch in value) else value
    name = str(choice["name"])
    return Completion(
        inserted,
        start_position=start,
        display=name,
        display_meta=value if value != name else None,
    )
