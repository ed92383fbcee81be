"""One playground session: the emulator and the real bot in this process, and the lines a
person types (slash commands and the console's own words) turned into what they see.

The console (interactive) and script mode both drive a `Playground`; only how an `Outcome`
is shown differs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import mimetypes
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from discord import app_commands

from bot.errors import UserFacingError, describe_error
from bot.playground import markdown
from bot.playground.components import Button, buttons_of, menus_of, page_button
from bot.playground.emulator import CommandLineError, Emulator, FileArgument, Interaction, Message
from bot.playground.emulator.commands import (
    ATTACHMENT,
    BOOLEAN,
    INTEGER,
    NUMBER,
    STRING,
    RegisteredCommand,
    resolve_path,
    split_options,
)
from bot.playground.emulator.records import RecordedRequest
from bot.playground.emulator.snowflakes import DISCORD_EPOCH_MS
from bot.playground.emulator.spec import load_default_validator
from bot.playground.emulator.world import (
    MANAGER_PERMISSIONS,
    MEMBER_PERMISSIONS,
    Actor,
    Channel,
    Guild,
    User,
)
from bot.playground.fakes import PlatformFakes
from bot.playground.local import LocalBot, settings_for
from bot.render import colours

Role = Literal["member", "admin", "dm"]
ROLES: tuple[Role, ...] = ("member", "admin", "dm")
PEOPLE: dict[Role, str] = {"member": "sam", "admin": "alex", "dm": "dana"}
DEFAULT_GUILD = "Acme Marketing"
DEFAULT_TIMEOUT = 10.0
FIRST_RESPONSE_LIMIT = 3.0
UPLOAD_LIMIT = 10 * 1024 * 1024  # what a Discord user without Nitro may attach

# Tasks discord.py creates for one interaction: the command (and autocomplete), a view's
# button or select callback, a dynamic item's callback, a modal's submit.
_HANDLER_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-dynamic-item",
    "discord-ui-modal-dispatch",
)
_STABLE_BASE_MS = 1_704_067_200_000 - DISCORD_EPOCH_MS  # 2024-01-01
_YEAR_MS = 365 * 24 * 3600 * 1000
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

CONSOLE_HELP = """\
Slash commands work as in Discord:  /classify followers:12.5k likes:800 platform:instagram
  Tab completes commands, options, choices and the bot's own suggestions.
  Quote values with spaces: niche:"vegan food"   File options take a path: file:./creators.csv
Console commands:
  click N              press button N of the last message that has buttons
  select N V [V ...]   pick in menu N: option numbers or values (select 1 2 3)
  next / prev          turn the page of the last message with page buttons
  fill TEXT [| TEXT]   fill in and submit the last form (one text per field, split by |)
  as member|admin|dm   who is typing (admin has Manage Server; dm is a direct message)
  guild NAME           switch to another server (created when new)
  commands             every command you can use here
  help                 this help         quit (or Ctrl-D)  leave"""


def stable_snowflake(*parts: str) -> int:
    """The same id for the same name in every run, so a kept --db finds its data again."""
    digest = int.from_bytes(hashlib.sha256("\0".join(parts).encode()).digest()[:8], "big")
    millis = _STABLE_BASE_MS + (digest >> 22) % _YEAR_MS
    return (millis << 22) | (digest & 0x3FFFFF)


def stable_user(name: str) -> User:
    return User(id=stable_snowflake("user", name), username=name)


def stable_guild(name: str, owner: User) -> Guild:
    key = name.casefold()
    guild_id = stable_snowflake("guild", key)
    channel = Channel(
        id=stable_snowflake("channel", key, "general"), name="general", guild_id=guild_id
    )
    return Guild(id=guild_id, name=name, owner_id=owner.id, channel=channel)


# ---------------------------------------------------------------- what a line produced


@dataclass(frozen=True, slots=True)
class Shown:
    """A message as the person sees it after this line; `updated` when an old one changed."""

    message: Message
    updated: bool = False


@dataclass(slots=True)
class Outcome:
    line: str
    kind: Literal["reply", "notice", "mistake", "help", "quit"]
    text: str = ""  # notices and mistakes
    usage: str | None = None  # for a mistyped command: how it is typed
    interaction: Interaction | None = None
    shown: list[Shown] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # no reply, late, refused bodies
    requests: list[RecordedRequest] = field(default_factory=list)
    saved: dict[int, Path] = field(default_factory=dict)  # stored file id -> local path
    modal: dict[str, Any] | None = None
    seconds: float | None = None

    @property
    def error_reply(self) -> bool:
        """The bot answered with one of its error messages."""
        return any(is_error_message(shown.message) for shown in self.shown)

    @property
    def failed(self) -> bool:
        """Something a user would call an error: a mistake, an error reply or a problem."""
        return self.kind == "mistake" or self.error_reply or bool(self.problems)


def error_titles() -> frozenset[str]:
    """Every title the bot's error replies use (bot.errors, including cogs' own subclasses)."""
    titles: set[str] = set()
    stack: list[type[UserFacingError]] = [UserFacingError]
    while stack:
        kind = stack.pop()
        titles.add(kind.title)
        stack.extend(kind.__subclasses__())
    samples: list[BaseException] = [
        RuntimeError("unexpected"),
        app_commands.NoPrivateMessage(),
        app_commands.MissingPermissions(["manage_guild"]),
        app_commands.CheckFailure(),
        app_commands.CommandOnCooldown(app_commands.Cooldown(1, 60.0), 30.0),
        app_commands.CommandNotFound("gone", []),
    ]
    titles.update(describe_error(sample).title for sample in samples)
    return frozenset(titles)


def is_error_message(message: Message) -> bool:
    """An ephemeral reply in the error colours with an error title (bot/render/feedback.py)."""
    if not message.ephemeral:
        return False
    titles = error_titles()
    return any(
        embed.get("color") in (colours.ERROR, colours.WARNING) and embed.get("title") in titles
        for embed in message.embeds
    )


# ---------------------------------------------------------------- the session


@dataclass
class PlaygroundOptions:
    database: Path | None = None  # None: a temporary database, deleted at exit
    guild: str = DEFAULT_GUILD
    role: Role = "member"
    files_dir: Path = Path("playground-files")
    timeout: float = DEFAULT_TIMEOUT
    log_level: str = "WARNING"
    cwd: Path = field(default_factory=Path.cwd)


class Playground:
    """The emulator, the real bot (started like `tierbot run`) and who is typing."""

    def __init__(self, options: PlaygroundOptions) -> None:
        self.options = options
        self.emulator = Emulator(spec=load_default_validator())
        self.local: LocalBot | None = None
        # YouTube, Twitch, Instagram and X lookups answer from local stand-ins with
        # fictional creators, so lookups work offline and never spend a real quota.
        self.platform_fakes = PlatformFakes()
        self.role: Role = options.role
        self.guild: Guild | None = None
        self.started_in: float = 0.0
        self._temp: tempfile.TemporaryDirectory[str] | None = None
        self._saved: dict[int, Path] = {}
        self._recent: list[Message] = []  # messages shown, newest last
        self._forms_sent: set[int] = set()  # interactions whose form `fill` submitted

    # ------------------------------------------------------------ lifecycle

    @property
    def database_path(self) -> Path:
        if self.options.database is not None:
            return self.options.database
        if self._temp is None:
            self._temp = tempfile.TemporaryDirectory(prefix="tierbot-playground-")
        return Path(self._temp.name) / "tierbot.sqlite3"

    async def start(self) -> None:
        began = time.monotonic()
        await self.emulator.start()
        await self.platform_fakes.start()
        self.guild = self._guild_named(self.options.guild)
        settings = settings_for(
            self.emulator,
            self.database_path,
            log_level=self.options.log_level,
            **self.platform_fakes.settings(),
        )
        self.local = LocalBot(self.emulator, settings)
        markdown.use_names(self.name_of)
        await self.local.start()
        self.started_in = time.monotonic() - began

    def name_of(self, kind: str, snowflake: int) -> str | None:
        """The name Discord would show for a mention: a person's display name, the bot's,
        a channel's."""
        if kind == "@":
            people = [stable_user(name) for name in PEOPLE.values()]
            for user in (*people, self.emulator.bot_user):
                if user.id == snowflake:
                    return str(user.payload()["global_name"] or user.username)
        if kind == "#":
            for guild in self.emulator.guilds.values():
                if guild.channel.id == snowflake:
                    return guild.channel.name
        return None

    async def stop(self) -> None:
        markdown.use_names(None)
        try:
            if self.local is not None:
                await self.local.stop()
            await self.emulator.stop()
            await self.platform_fakes.stop()
        finally:
            if self._temp is not None:
                self._temp.cleanup()
                self._temp = None

    # ------------------------------------------------------------ who is typing

    @property
    def actor(self) -> Actor:
        return self.actor_as(self.role)

    def actor_as(self, role: Role) -> Actor:
        user = stable_user(PEOPLE[role])
        if role == "dm" or self.guild is None:
            channel = Channel(id=stable_snowflake("dm", user.username), name="dm", guild_id=None)
            return Actor(user=user, guild=None, channel=channel, permissions=MEMBER_PERMISSIONS)
        permissions = MANAGER_PERMISSIONS if role == "admin" else MEMBER_PERMISSIONS
        return Actor(
            user=user, guild=self.guild, channel=self.guild.channel, permissions=permissions
        )

    def where(self) -> str:
        """`Acme Marketing · sam (member)` or `DM · dana`."""
        actor = self.actor
        if actor.guild is None:
            return f"DM · {actor.user.username}"
        return f"{actor.guild.name} · {actor.user.username} ({self.role})"

    def _guild_named(self, name: str) -> Guild:
        for guild in self.emulator.guilds.values():
            if guild.name.casefold() == name.casefold():
                return guild
        guild = stable_guild(name, self.emulator.owner)
        self.emulator.guilds[guild.id] = guild  # announced in READY when the bot connects
        return guild

    def commands(self) -> list[RegisteredCommand]:
        """The slash commands the current person's Discord client offers."""
        return [command for command in self.emulator.commands_for(self.actor) if command.type == 1]

    # ------------------------------------------------------------ lines

    async def execute(self, line: str) -> Outcome:
        """One typed line: a slash command or a console command."""
        stripped = line.strip()
        if stripped.startswith("/"):
            return await self.run_command(stripped)
        verb, _, rest = stripped.partition(" ")
        verb = verb.casefold()
        arguments = rest.split()
        if verb in ("help", "?"):
            return Outcome(stripped, "help", text=CONSOLE_HELP)
        if verb in ("quit", "exit", "q"):
            return Outcome(stripped, "quit")
        if verb in ("click", "press"):
            return await self._click_numbered(stripped, arguments)
        if verb in ("select", "pick"):
            return await self._select_numbered(stripped, arguments)
        if verb in ("fill", "submit"):
            return await self._fill(stripped, rest)
        if verb in ("next", "prev", "previous", "back"):
            return await self._turn_page(stripped, "next" if verb == "next" else "prev")
        if verb == "as":
            return self._switch_role(stripped, arguments)
        if verb in ("guild", "server"):
            return await self._switch_guild(stripped, rest.strip())
        if verb == "commands":
            return Outcome(stripped, "notice", text=self.command_list())
        return Outcome(
            stripped,
            "mistake",
            text=f"`{verb[:40]}` is not a console command. Slash commands start with `/` "
            "(try /help); `help` lists the console's own commands.",
        )

    async def run_command(self, line: str) -> Outcome:
        started = len(self.emulator.requests)
        try:
            files = self._files_for(line)
            interaction = await self.emulator.send_command(line, actor=self.actor, files=files)
        except CommandLineError as exc:
            return Outcome(line, "mistake", text=str(exc), usage=self.usage(line))
        return await self._follow(line, interaction, started)

    async def click(self, button: Button, message: Message, line: str) -> Outcome:
        if button.is_link:
            return Outcome(line, "notice", text=f"That button opens a link: {button.url}")
        if button.disabled:
            return Outcome(
                line, "mistake", text=f"Button {button.number} ({button.label}) is disabled."
            )
        started = len(self.emulator.requests)
        interaction = await self.emulator.click(
            message, custom_id=button.custom_id, actor=self.actor, wait=False
        )
        interaction.label = f"click {button.label}"
        return await self._follow(line, interaction, started)

    # ------------------------------------------------------------ console commands

    def _last_with(self, predicate: Any) -> Message | None:
        for message in reversed(self._recent):
            if not message.deleted and predicate(message):
                return message
        return None

    async def _click_numbered(self, line: str, arguments: list[str]) -> Outcome:
        message = self._last_with(lambda m: bool(m.buttons))
        if message is None:
            return Outcome(line, "mistake", text="No message with buttons yet.")
        buttons = buttons_of(message)
        if len(arguments) != 1 or not arguments[0].isdigit():
            listed = ", ".join(f"{b.number} ({b.label})" for b in buttons)
            return Outcome(line, "mistake", text=f"Type `click N`. Buttons: {listed}.")
        number = int(arguments[0])
        if not 1 <= number <= len(buttons):
            listed = ", ".join(f"{b.number} ({b.label})" for b in buttons)
            return Outcome(line, "mistake", text=f"There is no button {number}. Buttons: {listed}.")
        return await self.click(buttons[number - 1], message, line)

    async def _select_numbered(self, line: str, arguments: list[str]) -> Outcome:
        message = self._last_with(lambda m: bool(m.selects))
        if message is None:
            return Outcome(line, "mistake", text="No message with a menu yet.")
        menus = menus_of(message)
        if len(arguments) < 2 or not arguments[0].isdigit():
            return Outcome(line, "mistake", text="Type `select N V [V ...]`, e.g. `select 1 2`.")
        number = int(arguments[0])
        if not 1 <= number <= len(menus):
            return Outcome(
                line, "mistake", text=f"There is no menu {number}; menus: 1–{len(menus)}."
            )
        menu = menus[number - 1]
        if menu.disabled:
            return Outcome(line, "mistake", text=f"Menu {number} is disabled.")
        try:
            values = menu.resolve(arguments[1:])
        except ValueError as exc:
            reason = str(exc)
            return Outcome(line, "mistake", text=reason[:1].upper() + reason[1:])
        started = len(self.emulator.requests)
        timed_out = False
        try:
            interaction = await self.emulator.select(
                message,
                values,
                custom_id=menu.custom_id,
                actor=self.actor,
                timeout=self.options.timeout,
            )
        except TimeoutError:
            interaction = self.emulator.interactions[-1]
            timed_out = True
        return await self._follow(line, interaction, started, timed_out=timed_out)

    async def _fill(self, line: str, rest: str) -> Outcome:
        """Submit the last form the bot opened: one value per text field, in order."""
        opened = next(
            (
                i
                for i in reversed(self.emulator.interactions)
                if i.modal and i.id not in self._forms_sent
            ),
            None,
        )
        if opened is None or opened.modal is None:
            return Outcome(line, "mistake", text="No form is open: a button opens one first.")
        fields = [
            component
            for row in opened.modal.get("components") or []
            for component in row.get("components") or []
        ]
        texts = [part.strip() for part in rest.split("|")] if rest.strip() else []
        if len(texts) != len(fields):
            labels = ", ".join(str(field.get("label") or "?") for field in fields)
            return Outcome(
                line,
                "mistake",
                text=f"Type `fill TEXT` with one text per field ({labels}), split by `|`.",
            )
        values = {str(f["custom_id"]): text for f, text in zip(fields, texts, strict=True)}
        started = len(self.emulator.requests)
        self._forms_sent.add(opened.id)  # a form is submitted once
        try:
            interaction = await self.emulator.submit_modal(
                opened, values, actor=self.actor, timeout=self.options.timeout
            )
        except TimeoutError:
            interaction = self.emulator.interactions[-1]
            return await self._follow(line, interaction, started, timed_out=True)
        return await self._follow(line, interaction, started)

    async def _turn_page(self, line: str, direction: str) -> Outcome:
        message = self._last_with(lambda m: page_button(m, direction) is not None)
        if message is None:
            return Outcome(line, "mistake", text="No message with pages to turn.")
        button = page_button(message, direction)
        assert button is not None
        if button.disabled:
            where = "last" if direction == "next" else "first"
            return Outcome(line, "mistake", text=f"Already on the {where} page.")
        return await self.click(button, message, line)

    def _switch_role(self, line: str, arguments: list[str]) -> Outcome:
        if len(arguments) != 1 or arguments[0].casefold() not in ROLES:
            return Outcome(line, "mistake", text="Type `as member`, `as admin` or `as dm`.")
        self.role = arguments[0].casefold()  # type: ignore[assignment]
        notes = {
            "member": "a member without Manage Server",
            "admin": "a member with Manage Server",
            "dm": "a user in a direct message with the bot",
        }
        return Outcome(line, "notice", text=f"Now {self.where()}: {notes[self.role]}.")

    async def _switch_guild(self, line: str, name: str) -> Outcome:
        if not name:
            names = ", ".join(guild.name for guild in self.emulator.guilds.values())
            return Outcome(line, "mistake", text=f"Type `guild NAME`. Servers: {names}.")
        known = any(g.name.casefold() == name.casefold() for g in self.emulator.guilds.values())
        guild = self._guild_named(name)
        if not known:
            await self._announce(guild)
        self.guild = guild
        if self.role == "dm":
            self.role = "member"
        made = "" if known else " (new server, the bot was added)"
        return Outcome(line, "notice", text=f"Now {self.where()}{made}.")

    async def _announce(self, guild: Guild) -> None:
        """GUILD_CREATE for a new server, and wait until the bot has it in its cache."""
        bot = self.local.bot if self.local else None
        if bot is None:
            return
        joined = asyncio.ensure_future(
            bot.wait_for("guild_join", check=lambda joined: joined.id == guild.id, timeout=5.0)
        )
        payload = guild.payload(self.emulator.bot_user)
        # Without "unavailable" it is a join (the bot was added), not an outage ending.
        payload.pop("unavailable", None)
        await self.emulator.gateway.dispatch("GUILD_CREATE", payload)
        with contextlib.suppress(TimeoutError):
            await joined

    def command_list(self) -> str:
        lines = []
        for command in sorted(self.commands(), key=lambda c: c.name):
            for path, definition in _leaves(command):
                usage = usage_of(path, definition.get("options") or [])
                lines.append(f"{usage}\n    {definition.get('description', '')}")
        return "\n".join(lines) if lines else "No commands are registered."

    # ------------------------------------------------------------ helpers

    def usage(self, line: str) -> str | None:
        """How the command on a mistyped line is typed, when the line names one."""
        words = _path_words(line)
        try:
            _, path, definitions, _ = resolve_path(self.commands(), words)
        except CommandLineError:
            return None
        return usage_of(path, definitions)

    def _files_for(self, line: str) -> dict[str, bytes | Path | FileArgument]:
        """Read the files that attachment options name by path (relative to the cwd)."""
        parsed = parse_line(self.commands(), line)
        if parsed is None:
            return {}
        definitions, typed = parsed
        files: dict[str, bytes | Path | FileArgument] = {}
        for definition in definitions:
            name = definition["name"]
            if int(definition["type"]) != ATTACHMENT or name not in typed:
                continue
            value = typed[name]
            path = Path(value).expanduser()
            if not path.is_absolute():
                path = self.options.cwd / path
            if not path.is_file():
                raise CommandLineError(
                    f"`{name}` needs a file; `{value[:80]}` was not found "
                    f"(paths are relative to {self.options.cwd})."
                )
            size = path.stat().st_size
            if size > UPLOAD_LIMIT:
                raise CommandLineError(
                    f"`{value[:80]}` is {size / 1e6:.1f} MB; Discord uploads are limited to 10 MB."
                )
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            files[value] = FileArgument(path.name, path.read_bytes(), content_type)
        return files

    async def _follow(
        self, line: str, interaction: Interaction, started: int, *, timed_out: bool = False
    ) -> Outcome:
        outcome = Outcome(line, "reply", interaction=interaction)
        try:
            if timed_out:
                raise TimeoutError
            await interaction.wait_settled(self.options.timeout)
        except TimeoutError:
            outcome.problems.append(
                f"no reply within {self.options.timeout:g} s "
                "(Discord would show “The application did not respond”)"
            )
        await self._until_handlers_finish()
        seconds = interaction.first_response_seconds
        outcome.seconds = seconds
        if interaction.late or (seconds is not None and seconds > FIRST_RESPONSE_LIMIT):
            outcome.problems.append(
                f"the first response came after {FIRST_RESPONSE_LIMIT:g} s "
                "(Discord would show “The application did not respond”)"
            )
        refused = [r for r in interaction.rejections if "later than 3 seconds" not in r]
        if refused:
            outcome.problems.append("Discord would refuse what the bot sent: " + "; ".join(refused))
        outcome.modal = interaction.modal
        target = interaction.target
        for message in interaction.messages:
            outcome.shown.append(Shown(message, updated=message is target))
        for shown in outcome.shown:
            self._remember(shown.message)
            for stored_id, path in self._save_files(shown.message):
                outcome.saved[stored_id] = path
        outcome.requests = [
            request
            for request in self.emulator.requests[started:]
            if interaction.token in request.path
        ]
        return outcome

    async def _until_handlers_finish(self) -> None:
        """Follow-ups come after the first response: wait for the bot's handler to return."""
        current = asyncio.current_task()
        running = [
            task
            for task in asyncio.all_tasks()
            if task is not current
            and not task.done()
            and task.get_name().startswith(_HANDLER_TASKS)
        ]
        if running:
            await asyncio.wait(running, timeout=self.options.timeout)

    def _remember(self, message: Message) -> None:
        if message in self._recent:
            self._recent.remove(message)
        self._recent.append(message)
        del self._recent[:-50]

    def _save_files(self, message: Message) -> Iterator[tuple[int, Path]]:
        for stored in message.files:
            path = self._saved.get(stored.id)
            if path is None:
                path = self._free_path(stored.filename)
                path.write_bytes(stored.data)
                self._saved[stored.id] = path
            yield stored.id, path

    def _free_path(self, filename: str) -> Path:
        folder = self.options.files_dir
        if not folder.is_absolute():
            folder = self.options.cwd / folder
        folder.mkdir(parents=True, exist_ok=True)
        name = _SAFE_NAME.sub("_", Path(filename).name).strip("._") or "file"
        stem, dot, suffix = name.rpartition(".")
        if not dot:
            stem, suffix = name, ""
        candidate = folder / name
        number = 2
        while candidate.exists():
            candidate = folder / (f"{stem}-{number}.{suffix}" if suffix else f"{stem}-{number}")
            number += 1
        return candidate

    async def autocomplete(self, line: str, focused: str, timeout: float) -> list[dict[str, Any]]:
        """The bot's own suggestions for the focused option ([] when it has none in time)."""
        try:
            return await asyncio.wait_for(
                self.emulator.autocomplete(
                    line, actor=self.actor, focused=focused, timeout=timeout
                ),
                timeout,
            )
        except (CommandLineError, TimeoutError, LookupError):
            return []


# ---------------------------------------------------------------- parsing helpers


def _path_words(line: str) -> list[str]:
    words = []
    for word in line.strip().lstrip("/").split():
        if ":" in word:
            break
        words.append(word)
    return words


def parse_line(
    commands: list[RegisteredCommand], line: str
) -> tuple[list[dict[str, Any]], dict[str, str]] | None:
    """The leaf's option definitions and the typed values, or None if the line is mistyped
    (build_options then says what is wrong)."""
    stripped = line.strip().lstrip("/")
    try:
        _, _, definitions, used = resolve_path(commands, _path_words(line))
        consumed = re.match(rf"\s*(?:\S+\s*){{{used}}}", stripped)
        rest = stripped[consumed.end() :] if consumed else ""
        typed = split_options(rest, [definition["name"] for definition in definitions])
    except CommandLineError:
        return None
    return definitions, typed


def _leaves(command: RegisteredCommand) -> Iterator[tuple[list[str], dict[str, Any]]]:
    """(path, definition) of every runnable command: the command itself or each sub-command."""

    def walk(path: list[str], node: dict[str, Any]) -> Iterator[tuple[list[str], dict[str, Any]]]:
        children = node.get("options") or []
        subs = [child for child in children if int(child["type"]) in (1, 2)]
        if not subs:
            yield path, node
            return
        for child in subs:
            yield from walk([*path, child["name"]], child)

    yield from walk([command.name], command.body)


_KIND_HINT = {STRING: "text", INTEGER: "number", NUMBER: "number", BOOLEAN: "true|false"}


def option_hint(definition: dict[str, Any]) -> str:
    choices = definition.get("choices") or []
    if choices:
        values = [str(choice["value"]) for choice in choices]
        return "|".join(values[:6]) + ("|…" if len(values) > 6 else "")
    kind = int(definition["type"])
    if kind == ATTACHMENT:
        return "path"
    return _KIND_HINT.get(kind, "value")


def usage_of(path: list[str], definitions: list[dict[str, Any]]) -> str:
    parts = [f"/{' '.join(path)}"]
    conditions = []
    for definition in definitions:
        if int(definition["type"]) in (1, 2):
            continue
        text = f"{definition['name']}:<{option_hint(definition)}>"
        parts.append(text if definition.get("required") else f"[{text}]")
        # An optional option that is needed in some cases says so in its description.
        condition = _NEEDED_UNLESS.search(str(definition.get("description", "")))
        if not definition.get("required") and condition:
            conditions.append(f"{definition['name']} is {condition.group(0)}")
    return " ".join(parts) + "".join(f"; {condition}" for condition in conditions)


_NEEDED_UNLESS = re.compile(r"needed unless .+$", re.IGNORECASE)
