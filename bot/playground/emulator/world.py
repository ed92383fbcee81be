"""The emulated world: the bot user, guilds, channels, members and who is acting."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.playground.emulator.snowflakes import iso_now, new_snowflake

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
USE_APPLICATION_COMMANDS = 1 << 31

MEMBER_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)
MANAGER_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD
ADMIN_PERMISSIONS = MEMBER_PERMISSIONS | MANAGE_GUILD | ADMINISTRATOR
ALL_PERMISSIONS = (1 << 51) - 1


@dataclass(slots=True)
class User:
    id: int
    username: str
    bot: bool = False

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": None if self.bot else self.username.title(),
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
        }


@dataclass(slots=True)
class Channel:
    id: int
    name: str
    guild_id: int | None

    def payload(self, permissions: int | None = None) -> dict[str, Any]:
        if self.guild_id is None:
            return {"id": str(self.id), "type": 1, "flags": 0, "last_message_id": None}
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": 0,
            "guild_id": str(self.guild_id),
            "name": self.name,
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass(slots=True)
class Guild:
    id: int
    name: str
    owner_id: int
    channel: Channel
    joined_at: str = field(default_factory=iso_now)

    def payload(self, bot_user: User) -> dict[str, Any]:
        """A GUILD_CREATE body with what discord.py reads."""
        everyone = {
            "id": str(self.id),
            "name": "@everyone",
            "permissions": str(MEMBER_PERMISSIONS),
            "position": 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [everyone],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": self.joined_at,
            "large": False,
            "unavailable": False,
            "member_count": 3,
            "voice_states": [],
            "members": [member_payload(bot_user, self.joined_at, roles=[])],
            "channels": [self.channel.payload()],
            "threads": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }


def member_payload(
    user: User, joined_at: str, *, roles: list[str], permissions: int | None = None
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": user.payload(),
        "nick": None,
        "avatar": None,
        "roles": roles,
        "joined_at": joined_at,
        "premium_since": None,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "pending": False,
        "communication_disabled_until": None,
    }
    if permissions is not None:
        data["permissions"] = str(permissions)
    return data


@dataclass(frozen=True, slots=True)
class Actor:
    """Who runs a command: a member of a guild (with given permissions) or a user in a DM."""

    user: User
    guild: Guild | None
    channel: Channel
    permissions: int

    @property
    def in_dm(self) -> bool:
        return self.guild is None

    def interaction_fields(self, bot_permissions: int) -> dict[str, Any]:
        if self.guild is None:
            return {
                "channel_id": str(self.channel.id),
                "channel": self.channel.payload(),
                "user": self.user.payload(),
                "context": 1,
                "authorizing_integration_owners": {"0": "0"},
                "app_permissions": str(bot_permissions),
            }
        return {
            "guild_id": str(self.guild.id),
            "guild": {"id": str(self.guild.id), "locale": "en-US", "features": []},
            "guild_locale": "en-US",
            "channel_id": str(self.channel.id),
            "channel": self.channel.payload(self.permissions),
            "member": member_payload(
                self.user, self.guild.joined_at, roles=[], permissions=self.permissions
            ),
            "context": 0,
            "authorizing_integration_owners": {"0": str(self.guild.id)},
            "app_permissions": str(bot_permissions),
        }


def new_user(username: str, *, bot: bool = False) -> User:
    return User(id=new_snowflake(), username=username, bot=bot)


def new_guild(name: str, owner: User) -> Guild:
    guild_id = new_snowflake()
    channel = Channel(id=new_snowflake(), name="general", guild_id=guild_id)
    return Guild(id=guild_id, name=name, owner_id=owner.id, channel=channel)
