"""Registered application commands: Discord's registration rules, and building an
interaction's options from a typed line such as `/classify followers:12.5k platform:tiktok`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain.wording import noun_for
from bot.playground.emulator.snowflakes import new_snowflake

SUB_COMMAND = 1
SUB_COMMAND_GROUP = 2
STRING = 3
INTEGER = 4
BOOLEAN = 5
USER = 6
CHANNEL = 7
ROLE = 8
MENTIONABLE = 9
NUMBER = 10
ATTACHMENT = 11

TYPE_NAMES = {
    STRING: "text",
    INTEGER: "whole number",
    BOOLEAN: "true/false",
    USER: "user",
    CHANNEL: "channel",
    ROLE: "role",
    MENTIONABLE: "mentionable",
    NUMBER: "number",
    ATTACHMENT: "file",
}
MAX_STRING_VALUE = 6000
# Discord's name rule, approximated for Python's re (no \p classes): lowercase letters of any
# script, digits, '-', '_' and apostrophes.
_NAME = re.compile(r"^[-_'\w]{1,32}$")
_MAX_COMMAND_CHARS = 8000


class CommandLineError(ValueError):
    """What the Discord client would tell a user who typed this line."""


class RegistrationError(ValueError):
    """A command body Discord would refuse with 50035; `errors` mirrors its error tree."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


@dataclass(slots=True)
class RegisteredCommand:
    id: int
    application_id: int
    guild_id: int | None
    body: dict[str, Any]
    version: int = field(default_factory=new_snowflake)

    @property
    def name(self) -> str:
        return str(self.body["name"])

    @property
    def type(self) -> int:
        return int(self.body.get("type", 1))

    def payload(self) -> dict[str, Any]:
        data = {
            "id": str(self.id),
            "application_id": str(self.application_id),
            "version": str(self.version),
            "type": self.type,
            "name": self.name,
            "description": self.body.get("description", ""),
            "options": self.body.get("options", []),
            "default_member_permissions": self.body.get("default_member_permissions"),
            "dm_permission": self.body.get("dm_permission", True),
            "nsfw": self.body.get("nsfw", False),
            "contexts": self.body.get("contexts"),
            "integration_types": self.body.get("integration_types", [0]),
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data

    def allowed_in_dm(self) -> bool:
        contexts = self.body.get("contexts")
        if contexts is not None:
            return 1 in contexts
        return bool(self.body.get("dm_permission", True))


# ---------------------------------------------------------------- registration rules


def validate_command_list(bodies: list[dict[str, Any]]) -> None:
    """Raise RegistrationError for anything Discord refuses in a bulk overwrite."""
    seen: set[tuple[int, str]] = set()
    chat_inputs = 0
    for index, body in enumerate(bodies):
        path = f"{index}"
        validate_command(body, path)
        key = (int(body.get("type", 1)), body["name"])
        if key in seen:
            raise RegistrationError(f"{path}.name", "Application command names must be unique")
        seen.add(key)
        chat_inputs += key[0] == 1
    if chat_inputs > 100:
        raise RegistrationError("_errors", "Maximum number of application commands reached (100)")


def validate_command(body: dict[str, Any], path: str) -> None:
    kind = int(body.get("type", 1))
    name = body.get("name")
    if not isinstance(name, str) or not _NAME.match(name) or (kind == 1 and name != name.lower()):
        raise RegistrationError(f"{path}.name", f"Invalid command name {name!r}")
    description = body.get("description", "")
    if kind == 1 and not 1 <= len(description) <= 100:
        raise RegistrationError(f"{path}.description", "Must be between 1 and 100 in length.")
    if kind == 1:
        _validate_options(body.get("options") or [], f"{path}.options", depth=0)
    if _command_size(body) > _MAX_COMMAND_CHARS:
        raise RegistrationError(path, "Command exceeds maximum size")


def _validate_options(options: list[dict[str, Any]], path: str, depth: int) -> None:
    if len(options) > 25:
        raise RegistrationError(path, "Must be 25 or fewer in length.")
    names: set[str] = set()
    kinds = {int(option["type"]) for option in options}
    if kinds & {SUB_COMMAND, SUB_COMMAND_GROUP} and kinds - {SUB_COMMAND, SUB_COMMAND_GROUP}:
        raise RegistrationError(path, "Sub-commands cannot be mixed with other option types")
    optional_seen = False
    for index, option in enumerate(options):
        here = f"{path}.{index}"
        name = option.get("name")
        if not isinstance(name, str) or not _NAME.match(name) or name != name.lower():
            raise RegistrationError(f"{here}.name", f"Invalid option name {name!r}")
        if name in names:
            raise RegistrationError(f"{here}.name", "Option names must be unique")
        names.add(name)
        description = option.get("description", "")
        if not 1 <= len(description) <= 100:
            raise RegistrationError(f"{here}.description", "Must be between 1 and 100 in length.")
        kind = int(option["type"])
        if kind in (SUB_COMMAND, SUB_COMMAND_GROUP):
            if kind == SUB_COMMAND_GROUP and depth > 0:
                raise RegistrationError(here, "Sub-command groups cannot be nested")
            children = option.get("options") or []
            if kind == SUB_COMMAND_GROUP and any(
                int(child["type"]) != SUB_COMMAND for child in children
            ):
                raise RegistrationError(here, "Groups may only contain sub-commands")
            _validate_options(children, f"{here}.options", depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                raise RegistrationError(here, "Required options must be placed before non-required")
        else:
            optional_seen = True
        choices = option.get("choices") or []
        if len(choices) > 25:
            raise RegistrationError(f"{here}.choices", "Must be 25 or fewer in length.")
        if choices and option.get("autocomplete"):
            raise RegistrationError(here, "Autocomplete cannot be used with choices")
        for choice_index, choice in enumerate(choices):
            if not 1 <= len(str(choice.get("name", ""))) <= 100:
                raise RegistrationError(
                    f"{here}.choices.{choice_index}.name", "Must be between 1 and 100 in length."
                )
            if kind == STRING and len(str(choice.get("value", ""))) > 100:
                raise RegistrationError(
                    f"{here}.choices.{choice_index}.value", "Must be 100 or fewer in length."
                )


def _command_size(body: dict[str, Any]) -> int:
    def size(option: dict[str, Any]) -> int:
        total = len(option.get("name", "")) + len(option.get("description", ""))
        for choice in option.get("choices") or []:
            total += len(str(choice.get("name", ""))) + len(str(choice.get("value", "")))
        return total + sum(size(child) for child in option.get("options") or [])

    return size(body)


# ---------------------------------------------------------------- typed lines


@dataclass(frozen=True, slots=True)
class FileArgument:
    """An attachment option: the bytes the user picked and the name they had."""

    filename: str
    data: bytes
    content_type: str = "text/csv"


@dataclass(slots=True)
class BuiltOptions:
    command: RegisteredCommand
    path: list[str]  # e.g. ["tiers", "define"]
    options: list[dict[str, Any]]  # the interaction's data.options (nested for sub-commands)
    leaf_options: dict[str, Any]  # name -> raw value, for display
    attachments: dict[str, FileArgument] = field(default_factory=dict)  # option name -> file

    @property
    def qualified_name(self) -> str:
        return " ".join(self.path)


def resolve_path(
    commands: list[RegisteredCommand], words: list[str]
) -> tuple[RegisteredCommand, list[str], list[dict[str, Any]], int]:
    """Find the command and sub-command named by the leading words of a line.

    Returns the command, the path, the leaf's option definitions and how many words were used.
    """
    if not words:
        raise CommandLineError("Type a command, for example `/help`.")
    by_name = {command.name: command for command in commands if command.type == 1}
    root = words[0].lstrip("/").lower()
    command = by_name.get(root)
    if command is None:
        suggestion = difflib.get_close_matches(root, list(by_name), n=1)
        hint = f" Did you mean `/{suggestion[0]}`?" if suggestion else ""
        known = ", ".join(f"/{name}" for name in sorted(by_name))
        raise CommandLineError(f"There is no command `/{root}`.{hint} Commands: {known}.")
    path = [command.name]
    definitions: list[dict[str, Any]] = command.body.get("options") or []
    used = 1
    while definitions and all(
        int(option["type"]) in (SUB_COMMAND, SUB_COMMAND_GROUP) for option in definitions
    ):
        children = {option["name"]: option for option in definitions}
        if used >= len(words) or ":" in words[used]:
            listed = ", ".join(sorted(children))
            raise CommandLineError(f"`/{' '.join(path)}` needs a sub-command: {listed}.")
        word = words[used].lower()
        if word not in children:
            suggestion = difflib.get_close_matches(word, list(children), n=1)
            hint = f" Did you mean `{suggestion[0]}`?" if suggestion else ""
            listed = ", ".join(sorted(children))
            raise CommandLineError(
                f"`/{' '.join(path)}` has no sub-command `{word}`.{hint} Choose one of: {listed}."
            )
        path.append(word)
        definitions = children[word].get("options") or []
        used += 1
    return command, path, definitions, used


_OPTION_START = re.compile(r"(?:^|\s)([a-z0-9_-]{1,32}):")


def split_options(text: str, known: list[str]) -> dict[str, str]:
    """Split `a:1 b:two words c:"quoted"` on the option names the command really has, so
    values may contain spaces and colons (URLs) without quoting."""
    text = text.strip()
    if not text:
        return {}
    starts = [match for match in _OPTION_START.finditer(text) if match.group(1) in known]
    first = _OPTION_START.match(text)
    if not starts or starts[0].start() != 0:
        token = first.group(1) if first else text.split()[0]
        suggestion = difflib.get_close_matches(token, known, n=1)
        hint = f" Did you mean `{suggestion[0]}`?" if suggestion else ""
        listed = ", ".join(known) if known else "none"
        raise CommandLineError(f"Unknown option `{token[:40]}`.{hint} Options: {listed}.")
    values: dict[str, str] = {}
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        name = match.group(1)
        if name in values:
            raise CommandLineError(f"Option `{name}` is given twice.")
        raw = text[match.end() : end].strip()
        for stray in _OPTION_START.finditer(" " + raw):
            close = difflib.get_close_matches(stray.group(1), known, n=1, cutoff=0.75)
            if close and stray.group(1) not in known and not raw.startswith(("http", "www")):
                raise CommandLineError(
                    f"Unknown option `{stray.group(1)}`. Did you mean `{close[0]}`?"
                )
        values[name] = _unquote(raw)
    return values


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        return inner.replace(f"\\{value[0]}", value[0])
    return value


def coerce_value(definition: dict[str, Any], raw: str) -> Any:
    """The value Discord would send for what was typed, or the client's complaint."""
    name = definition["name"]
    kind = int(definition["type"])
    choices = definition.get("choices") or []
    if kind == STRING:
        if len(raw) > MAX_STRING_VALUE:
            raise CommandLineError(f"`{name}` is longer than {MAX_STRING_VALUE} characters.")
        minimum = definition.get("min_length")
        maximum = definition.get("max_length")
        if minimum is not None and len(raw) < minimum:
            raise CommandLineError(f"`{name}` needs at least {minimum} characters.")
        if maximum is not None and len(raw) > maximum:
            raise CommandLineError(f"`{name}` allows at most {maximum} characters.")
        value: Any = raw
    elif kind == INTEGER:
        try:
            value = int(raw.replace(",", "").replace("_", ""))
        except ValueError:
            raise CommandLineError(f"`{name}` must be a whole number, not `{raw[:40]}`.") from None
    elif kind == NUMBER:
        try:
            value = float(raw.replace(",", ""))
        except ValueError:
            raise CommandLineError(f"`{name}` must be a number, not `{raw[:40]}`.") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CommandLineError(f"`{name}` must be a finite number.")
    elif kind == BOOLEAN:
        lowered = raw.lower()
        if lowered not in ("true", "false", "yes", "no"):
            raise CommandLineError(f"`{name}` must be true or false.")
        value = lowered in ("true", "yes")
    else:
        raise CommandLineError(f"`{name}` takes a {TYPE_NAMES.get(kind, 'value')}.")
    if kind in (INTEGER, NUMBER):
        low = definition.get("min_value")
        high = definition.get("max_value")
        if (low is not None and value < low) or (high is not None and value > high):
            raise CommandLineError(
                f"`{name}` must be between {_num(low)} and {_num(high)}."
                if low is not None and high is not None
                else f"`{name}` is out of range."
            )
    if choices:
        for choice in choices:
            if str(choice["name"]).lower() == raw.lower() or str(choice["value"]) == str(value):
                return choice["value"]
        listed = ", ".join(str(choice["name"]) for choice in choices)
        raise CommandLineError(f"`{name}` must be one of: {listed}.")
    return value


def _num(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def build_options(
    commands: list[RegisteredCommand],
    line: str,
    *,
    files: dict[str, FileArgument] | None = None,
    focused: str | None = None,
    for_autocomplete: bool = False,
) -> BuiltOptions:
    """Turn a typed line into data.options exactly as the Discord client would send them."""
    stripped = line.strip()
    if not stripped.startswith("/"):
        raise CommandLineError("Commands start with `/`, for example `/help`.")
    head = stripped[1:].split()
    # Only the leading words without ':' can name the command and sub-commands.
    path_words = []
    for word in head:
        if ":" in word:
            break
        path_words.append(word)
    command, path, definitions, used = resolve_path(commands, path_words)
    consumed = re.match(rf"\s*(?:\S+\s*){{{used}}}", stripped[1:])
    rest = stripped[1:][consumed.end() :] if consumed else ""
    by_name = {definition["name"]: definition for definition in definitions}
    typed = split_options(rest, list(by_name))
    leaf: list[dict[str, Any]] = []
    attachments: dict[str, FileArgument] = {}
    for definition in definitions:
        name = definition["name"]
        if name not in typed:
            if definition.get("required") and not for_autocomplete:
                missing = [
                    d["name"] for d in definitions if d.get("required") and d["name"] not in typed
                ]
                raise CommandLineError(_missing(path, missing))
            continue
        kind = int(definition["type"])
        if for_autocomplete:
            item: dict[str, Any] = {"name": name, "type": kind, "value": typed[name]}
            if name == focused:
                item["focused"] = True
            leaf.append(item)
            continue
        if kind == ATTACHMENT:
            file = (files or {}).get(typed[name]) or (files or {}).get(name)
            if file is None:
                raise CommandLineError(
                    f"`{name}` needs a file; `{typed[name][:60]}` was not found."
                )
            attachments[name] = file
            leaf.append({"name": name, "type": kind, "value": "__attachment__"})
            continue
        leaf.append({"name": name, "type": kind, "value": coerce_value(definition, typed[name])})
    if for_autocomplete and focused is not None and focused not in typed:
        if focused not in by_name:
            raise CommandLineError(f"`/{' '.join(path)}` has no option `{focused}`.")
        leaf.append(
            {"name": focused, "type": int(by_name[focused]["type"]), "value": "", "focused": True}
        )
    options: list[dict[str, Any]] = leaf
    for depth in range(len(path) - 1, 0, -1):
        kind = SUB_COMMAND if depth == len(path) - 1 else SUB_COMMAND_GROUP
        options = [{"name": path[depth], "type": kind, "options": options}]
    return BuiltOptions(
        command=command,
        path=path,
        options=options,
        leaf_options={name: typed[name] for name in typed},
        attachments=attachments,
    )


# Discord's integer options hold JavaScript-safe integers.
MAX_SAFE_INTEGER = 2**53


def check_typed_value(definition: dict[str, Any], value: Any) -> Any:
    """A value given already typed (not as text): the Discord client's checks, or its complaint.

    For callers that build options directly (the fuzz tests), where typed-line quoting would
    get in the way of values with quotes, colons or option names inside them.
    """
    name = definition["name"]
    kind = int(definition["type"])
    if kind == STRING:
        if not isinstance(value, str) or not value:
            raise CommandLineError(f"`{name}` needs some text.")
        return coerce_value(definition, value)
    if kind == BOOLEAN:
        if not isinstance(value, bool):
            raise CommandLineError(f"`{name}` must be true or false.")
        return value
    if kind == INTEGER:
        if isinstance(value, bool) or not isinstance(value, int):
            raise CommandLineError(f"`{name}` must be a whole number.")
        if abs(value) > MAX_SAFE_INTEGER:
            raise CommandLineError(f"`{name}` is out of range.")
        return coerce_value(definition, str(value))
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise CommandLineError(f"`{name}` must be a number.")
        checked = coerce_value(definition, repr(float(value)))
        return value if not definition.get("choices") else checked
    raise CommandLineError(f"`{name}` takes a {TYPE_NAMES.get(kind, 'value')}.")


def build_typed_options(
    commands: list[RegisteredCommand],
    path: list[str],
    values: dict[str, Any],
    *,
    focused: str | None = None,
) -> BuiltOptions:
    """data.options for `path` (e.g. ["tiers", "custom"]) from typed values, as the client
    would send them; an attachment option takes a FileArgument. With `focused`, an
    autocomplete request: every value is the text typed so far, and `focused` is marked."""
    command, resolved, definitions, used = resolve_path(commands, path)
    if used != len(path):
        raise CommandLineError(f"`/{' '.join(path)}` has no sub-command `{path[used]}`.")
    by_name = {definition["name"]: definition for definition in definitions}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        raise CommandLineError(
            f"Unknown {noun_for(len(unknown), 'option')} {', '.join(unknown)} "
            f"for `/{' '.join(resolved)}`."
        )
    if focused is not None:
        if focused not in by_name:
            raise CommandLineError(f"`/{' '.join(resolved)}` has no option `{focused}`.")
        typed = {**values, focused: str(values.get(focused, ""))}
        leaf_items: list[dict[str, Any]] = [
            {"name": name, "type": int(by_name[name]["type"]), "value": str(value)}
            | ({"focused": True} if name == focused else {})
            for name, value in typed.items()
        ]
        return BuiltOptions(command, resolved, _nest(resolved, leaf_items), dict(typed))
    missing = [d["name"] for d in definitions if d.get("required") and d["name"] not in values]
    if missing:
        raise CommandLineError(_missing(resolved, missing))
    leaf: list[dict[str, Any]] = []
    attachments: dict[str, FileArgument] = {}
    for definition in definitions:
        name = definition["name"]
        if name not in values:
            continue
        kind = int(definition["type"])
        if kind == ATTACHMENT:
            if not isinstance(values[name], FileArgument):
                raise CommandLineError(f"`{name}` needs a file.")
            attachments[name] = values[name]
            leaf.append({"name": name, "type": kind, "value": "__attachment__"})
            continue
        value = check_typed_value(definition, values[name])
        leaf.append({"name": name, "type": kind, "value": value})
    return BuiltOptions(
        command=command,
        path=resolved,
        options=_nest(resolved, leaf),
        leaf_options=dict(values),
        attachments=attachments,
    )


def _nest(path: list[str], leaf: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Wrap a leaf's options in its sub-command (and group) options."""
    options = leaf
    for depth in range(len(path) - 1, 0, -1):
        kind = SUB_COMMAND if depth == len(path) - 1 else SUB_COMMAND_GROUP
        options = [{"name": path[depth], "type": kind, "options": options}]
    return options


def option_definitions(command: RegisteredCommand, path: list[str]) -> list[dict[str, Any]]:
    definitions: list[dict[str, Any]] = command.body.get("options") or []
    for word in path[1:]:
        for option in definitions:
            if option["name"] == word:
                definitions = option.get("options") or []
                break
    return definitions


def _missing(path: Sequence[str], missing: Sequence[str]) -> str:
    """ "`/classify` is missing the required option followers." """
    options = noun_for(len(missing), "option")
    return f"`/{' '.join(path)}` is missing the required {options} {', '.join(missing)}."
