"""Exit codes of `tierbot`, and the one line each start-up failure prints.

A supervisor tells failures apart by the code: 0 and the configuration codes (2, 8, 78) must
not be restarted in a loop; an unreachable or failing Discord (4, 5) is worth restarting
later. README.md has the table; tests/e2e/test_exit_codes.py checks every row.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings


class ExitCode(IntEnum):
    STOPPED = 0  # stopped when asked (SIGTERM, SIGINT) or finished
    UNEXPECTED = 1  # a bug: an error nothing below describes
    USAGE = 2  # a command-line mistake (argparse's own code)
    DATABASE = 3  # the database cannot be opened, or a `tierbot db` command refused it
    UNREACHABLE = 4  # no connection to Discord (network, DNS, proxy)
    DISCORD_ERROR = 5  # Discord answered 5xx on every retry
    WRONG_API_BASE = 6  # 404 on log-in: DISCORD_API_BASE does not point at Discord's API
    FORBIDDEN = 7  # 403 on log-in: a proxy or firewall refused the request
    TOKEN_REFUSED = 8  # 401 on log-in: DISCORD_TOKEN is wrong or was reset
    CONFIG = 78  # an invalid or missing setting (sysexits' EX_CONFIG)


TOKEN_REFUSED_LINE = (
    "Discord refused DISCORD_TOKEN. Copy the bot's token again from the Developer Portal "
    "(your application > Bot > Reset Token) and set it in .env or the environment."
)


def describe_login_failure(settings: Settings, exc: BaseException) -> tuple[ExitCode, str]:
    """The exit code and one line for an error that stopped log-in, connection or sync."""
    import aiohttp
    import discord

    base = settings.discord_api_base
    if isinstance(exc, discord.LoginFailure):
        return ExitCode.TOKEN_REFUSED, TOKEN_REFUSED_LINE
    if isinstance(exc, discord.PrivilegedIntentsRequired):
        return ExitCode.CONFIG, (
            "Discord refused the gateway intents Tierbot asked for; it needs no privileged "
            "intent, so this build was changed: report it."
        )
    if isinstance(exc, discord.NotFound):
        return ExitCode.WRONG_API_BASE, (
            f"Discord's API answered 404 Not Found at {base}: DISCORD_API_BASE is wrong "
            "(leave it unset for Discord itself, https://discord.com/api/v10)."
        )
    if isinstance(exc, discord.Forbidden):
        return ExitCode.FORBIDDEN, (
            f"{base} answered 403 Forbidden to the log-in: a proxy or firewall refuses "
            "Tierbot's requests. Check DISCORD_API_BASE and the network's rules."
        )
    if isinstance(exc, discord.DiscordServerError):
        return ExitCode.DISCORD_ERROR, (
            f"Discord answered {exc.status} (a server error) at {base}. "
            "Discord may be having an outage: https://discordstatus.com; try again later."
        )
    if isinstance(exc, discord.HTTPException):
        return ExitCode.DISCORD_ERROR, (
            f"Discord answered {exc.status} to the log-in at {base}; try again later."
        )
    if isinstance(exc, aiohttp.ClientError | OSError):
        reason = str(exc) or type(exc).__name__
        return ExitCode.UNREACHABLE, (
            f"Cannot reach Discord at {base} ({reason}). "
            "Check the network, or DISCORD_API_BASE if you point Tierbot at a proxy."
        )
    return ExitCode.UNEXPECTED, f"Tierbot stopped on an unexpected error: {exc!r}"


def is_login_failure(exc: BaseException) -> bool:
    """True for the errors `describe_login_failure` has a line for (not a bug)."""
    import aiohttp
    import discord

    # TimeoutError is an OSError.
    return isinstance(
        exc, discord.HTTPException | discord.ClientException | aiohttp.ClientError | OSError
    )
