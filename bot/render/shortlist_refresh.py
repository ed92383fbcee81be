"""/shortlist refresh replies: the progress line and the final summary."""

from __future__ import annotations

from typing import Final

import discord

from bot.domain.numbers import format_int
from bot.domain.shortlist_refresh import RefreshTally
from bot.render import colours
from bot.render.limits import FIELD_VALUE, EmbedBuilder, clip_lines
from bot.render.text import plain
from storage.models import Shortlist

KEPT_SHOWN: Final = 8


def _creators(count: int) -> str:
    return f"{format_int(count)} creator{'' if count == 1 else 's'}"


def progress_text(shortlist: Shortlist, tally: RefreshTally) -> str:
    """ "Refreshing **Launch**: 18 of 40 creators looked up…" (plain content, edited)."""
    return (
        f"Refreshing **{plain(shortlist.name, 50)}**: {format_int(tally.handled)} of "
        f"{_creators(tally.total)} looked up…"
    )


def refresh_embed(shortlist: Shortlist, tally: RefreshTally) -> discord.Embed:
    name = plain(shortlist.name, 50)
    if tally.total == 0:
        description = f"**{name}** has no creators to refresh."
    else:
        description = (
            f"Refreshed the figures of {format_int(tally.refreshed)} of "
            f"{_creators(tally.total)} on **{name}** from the platforms' APIs."
        )
    builder = EmbedBuilder(
        title=f"Refreshed {name}",
        description=description,
        colour=colours.SUCCESS if tally.stopped is None and not tally.kept else colours.NEUTRAL,
    )
    if tally.stopped is not None:
        builder.add_field(
            f"Stopped with {_creators(tally.left)} left",
            clip_lines(
                [tally.stopped, "Run the command again later: it looks every creator up again."],
                FIELD_VALUE,
            ),
        )
    if tally.kept:
        lines = [f"{plain(label, 60)}: {plain(why, 200)}" for label, why in tally.kept[:KEPT_SHOWN]]
        if len(tally.kept) > KEPT_SHOWN:
            lines.append(f"…and {format_int(len(tally.kept) - KEPT_SHOWN)} more.")
        builder.add_field(
            f"Old figures kept for {_creators(len(tally.kept))}",
            clip_lines(lines, FIELD_VALUE),
        )
    if tally.skipped:
        lines = [f"{why}: {_creators(count)}" for why, count in tally.skipped.items()]
        builder.add_field(
            f"Skipped {_creators(sum(tally.skipped.values()))}", clip_lines(lines, FIELD_VALUE)
        )
    return builder.build()
