"""Option parsing for cogs: counts, platforms and handles typed as text.

Each transformer hands the raw text to the domain's parser (bot.domain.numbers,
bot.domain.handles) and turns a refusal into `InvalidOption`: the option's name, the value
as typed (in a code span, so it can never render as markdown or a mention), the reason,
and an accepted example. The tree's error handler shows that ephemerally.

Use them as annotations:

    async def classify(self, interaction, followers: Followers, likes: Likes | None = None)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import discord
from discord import app_commands

from bot.domain.handles import (
    MAX_HANDLE_INPUT,
    DisplayName,
    Handle,
    HandleError,
    display_name,
    looks_like_link,
    normalize_handle,
)
from bot.domain.numbers import (
    MAX_INPUT_LENGTH,
    Money,
    NumberFormatError,
    format_money,
    parse_count,
    parse_money,
)
from bot.domain.platforms import Platform
from bot.errors import InvalidOption
from bot.render.text import code

# How much of a refused value is echoed back.
_ECHO_LIMIT = 40


class TypedTextTransformer(app_commands.Transformer):
    """A value typed as text for one named option; a refusal names the option and shows
    `example`. Discord's client refuses text longer than the parser would read."""

    def __init__(self, option: str, *, example: str) -> None:
        self.option = option
        self.example = example

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        # For a string option this is its max_length.
        return MAX_INPUT_LENGTH

    def refuse(self, text: str, reason: str) -> InvalidOption:
        return InvalidOption(self.option, f"{code(text, _ECHO_LIMIT)} {reason}", self.example)


class CountTransformer(TypedTextTransformer):
    """A whole count typed as text ("12.5k", "1.2M", "45,000")."""

    def __init__(self, option: str, *, example: str, allow_zero: bool = True) -> None:
        super().__init__(option, example=example)
        self.allow_zero = allow_zero

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> int:
        text = str(value)
        try:
            return parse_count(text, allow_zero=self.allow_zero)
        except NumberFormatError as exc:
            raise self.refuse(text, str(exc)) from None


class MoneyTransformer(TypedTextTransformer):
    """An amount typed as text ("$25k", "25000", "€10k", "25k EUR"); no currency means USD.

    Zero is refused, and so is anything above `maximum` (in the typed currency).
    """

    def __init__(self, option: str, *, example: str, maximum: Decimal | None = None) -> None:
        super().__init__(option, example=example)
        self.maximum = maximum

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Money:
        text = str(value)
        try:
            money = parse_money(text, allow_zero=False)
        except NumberFormatError as exc:
            raise self.refuse(text, str(exc)) from None
        if self.maximum is not None and money.amount > self.maximum:
            raise self.refuse(text, f"is over {format_money(self.maximum, money.currency)}")
        return money


class PlatformTransformer(app_commands.Transformer):
    """One of the platforms Tierbot knows, offered as choices (value = `Platform` value)."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def choices(self) -> list[app_commands.Choice[int | float | str]]:
        return [app_commands.Choice(name=p.label, value=p.value) for p in Platform]

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Platform:
        platform = platform_or_none(value)
        if platform is None:
            # Only a crafted payload gets here: the client offers the choices alone.
            raise InvalidOption("platform", "isn't a platform Tierbot knows", "instagram")
        return platform


def platform_or_none(value: object) -> Platform | None:
    # A dict look-up: what Platform(text) finds, without the enum's call machinery and a
    # ValueError for each miss (every /classify reads the platform twice).
    return _PLATFORMS.get(str(value))


_PLATFORMS: dict[str, Platform] = {platform.value: platform for platform in Platform}


class HandleTransformer(app_commands.Transformer):
    """ "@name", "name" or a profile link, checked against the platform's rules.

    The platform comes from the command's `platform` option when the user gave one (read
    from the interaction's namespace, so option order does not matter), else from the link.
    A bare name without a platform is refused naming `platform`, since only the platform
    can say which character rules apply.
    """

    def __init__(self, option: str = "handle", *, platform_option: str = "platform") -> None:
        self.option = option
        self.platform_option = platform_option

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def max_value(self) -> int:
        return MAX_HANDLE_INPUT

    async def transform(self, interaction: discord.Interaction[Any], value: Any, /) -> Handle:
        text = str(value)
        platform = platform_or_none(getattr(interaction.namespace, self.platform_option, None))
        if platform is None and not looks_like_link(text):
            raise InvalidOption(
                self.platform_option,
                "is needed when the handle is a name rather than a profile link: "
                "choose the platform, or paste the profile link as the handle",
                "instagram",
            )
        try:
            return normalize_handle(text, platform)
        except HandleError as exc:
            example = "@janedoe" if platform is not None else "https://www.tiktok.com/@janedoe"
            raise InvalidOption(self.option, f"{code(text, _ECHO_LIMIT)} {exc}", example) from None


class CreatorNameTransformer(app_commands.Transformer):
    """A handle, or a name with spaces ("Mama Knows Best") taken as a display name: where
    the handle only labels the reply (/classify), a page name is no reason to refuse it."""

    def __init__(self) -> None:
        self.handles = HandleTransformer()

    @property
    def type(self) -> discord.AppCommandOptionType:
        return self.handles.type

    @property
    def max_value(self) -> int:
        return self.handles.max_value

    async def transform(
        self, interaction: discord.Interaction[Any], value: Any, /
    ) -> Handle | DisplayName:
        name = display_name(str(value))
        if name is not None:
            return name
        return await self.handles.transform(interaction, value)


# The annotations cogs use. Each count has its own transformer so errors name the option.
Followers = app_commands.Transform[
    int, CountTransformer("followers", example="12.5k", allow_zero=False)
]
Likes = app_commands.Transform[int, CountTransformer("likes", example="450")]
Comments = app_commands.Transform[int, CountTransformer("comments", example="32")]
Shares = app_commands.Transform[int, CountTransformer("shares", example="15")]
Saves = app_commands.Transform[int, CountTransformer("saves", example="20")]
Views = app_commands.Transform[int, CountTransformer("views", example="8.2k")]
PlatformOption = app_commands.Transform[Platform, PlatformTransformer()]
HandleOption = app_commands.Transform[Handle, HandleTransformer()]
CreatorNameOption = app_commands.Transform[Handle | DisplayName, CreatorNameTransformer()]
