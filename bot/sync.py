"""Command sync only when the command payload changed since the last sync."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from storage.protocols import CommandSyncRepository

log = logging.getLogger(__name__)


def command_payload(
    tree: app_commands.CommandTree[Any], guild: discord.Object | None
) -> list[dict[str, Any]]:
    """Exactly what `tree.sync(guild=...)` would send."""
    return [command.to_dict(tree) for command in tree.get_commands(guild=guild)]


def payload_hash(payload: list[dict[str, Any]]) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def scope_name(guild_id: int | None) -> str:
    return "global" if guild_id is None else f"guild:{guild_id}"


async def sync_commands(
    tree: app_commands.CommandTree[Any],
    repository: CommandSyncRepository,
    *,
    application_id: int,
    guild_id: int | None,
    force: bool = False,
) -> bool:
    """Sync to `guild_id` (or globally) when forced or changed; True when a sync happened."""
    guild = discord.Object(guild_id) if guild_id is not None else None
    if guild is not None:
        tree.copy_global_to(guild=guild)
    digest = payload_hash(command_payload(tree, guild))
    scope = scope_name(guild_id)
    if not force and await repository.last_hash(application_id, scope) == digest:
        log.info("Commands unchanged since the last sync (%s); not syncing", scope)
        return False
    synced = await tree.sync(guild=guild)
    await repository.record(application_id, scope, digest)
    log.info("Synced %d commands (%s)", len(synced), scope)
    return True
