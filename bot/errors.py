"""User-facing error types, and the one mapping from any error to a short ephemeral message.

Cogs and transformers raise these; the tree-level handler in client.py turns every error into
an ephemeral reply. They subclass AppCommandError so discord.py passes them through
transformers and checks unchanged.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from discord import app_commands

from storage.database import StorageWriteError


class UserFacingError(app_commands.AppCommandError):
    """An error whose message is written for the person who ran the command."""

    title = "That didn't work"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidOption(UserFacingError):
    """A bad option value: names the option, says why, shows an accepted example."""

    title = "Check that value"

    def __init__(self, option: str, reason: str, example: str) -> None:
        self.option = option
        self.reason = reason
        self.example = example
        super().__init__(f"**{option}** {reason}. Try something like `{option}:{example}`.")


class PermissionRefused(UserFacingError):
    title = "Not allowed"


class GuildOnly(UserFacingError):
    title = "Server only"

    def __init__(self, what: str = "This command") -> None:
        super().__init__(
            f"{what} works inside a server, because its data belongs to that server's team. "
            "Run it from a channel of your server."
        )


class NotFound(UserFacingError):
    title = "Not found"


class Conflict(UserFacingError):
    title = "Already there"


class LimitReached(UserFacingError):
    title = "Limit reached"


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """What the user is told, and whether the error must be logged with its traceback."""

    title: str
    message: str
    reference: str | None = None  # set for unexpected errors: quoted in the log line too

    @property
    def is_unexpected(self) -> bool:
        return self.reference is not None


def new_reference() -> str:
    return secrets.token_hex(4).upper()


def describe_error(error: BaseException) -> ErrorReply:
    """Map any error raised while handling an interaction to what the user should read."""
    original = error
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        original = error.__cause__ or error
        if isinstance(error, app_commands.TransformerError) and not isinstance(
            original, UserFacingError
        ):
            return ErrorReply(
                "Check that value",
                f"I couldn't read `{str(error.value)[:80]}` as a {error.type.name.lower()}.",
            )
    if isinstance(original, UserFacingError):
        return ErrorReply(original.title, original.message)
    if isinstance(original, app_commands.NoPrivateMessage):
        return ErrorReply(GuildOnly.title, GuildOnly().message)
    if isinstance(original, app_commands.MissingPermissions):
        needed = ", ".join(p.replace("_", " ").title() for p in original.missing_permissions)
        needed = needed.replace("Manage Guild", "Manage Server")
        return ErrorReply(
            PermissionRefused.title,
            f"This needs the **{needed}** permission. Ask someone who has it, or a server admin.",
        )
    if isinstance(original, app_commands.CommandOnCooldown):
        return ErrorReply("Slow down", f"Try again in {original.retry_after:.0f} seconds.")
    if isinstance(original, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        return ErrorReply(
            "Command out of date",
            "Discord has an older version of this command. Try again in a minute.",
        )
    if isinstance(original, app_commands.CheckFailure):
        return ErrorReply(PermissionRefused.title, "You can't use this command here.")
    reference = new_reference()
    if isinstance(original, StorageWriteError):
        return ErrorReply(
            "Couldn't save that",
            f"Nothing was changed: the bot's database refused the write "
            f"({original.reason}). Reading still works. Tell the bot's operator this "
            f"reference: `{reference}`.",
            reference=reference,
        )
    return ErrorReply(
        "Something went wrong",
        f"That failed on our side, not yours. If it keeps happening, tell the bot's operator "
        f"this reference: `{reference}`.",
        reference=reference,
    )
