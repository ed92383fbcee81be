"""Shortlist replies: embeds, the CSV export and import report, and the persistent buttons.

Every list name, handle, note and audit detail is user text: it is shown through `plain()`
or `code()`. Timestamps are Discord's `<t:unix:R>` and people are `<@id>` inside embeds,
which never ping.

The persistent components (page buttons, "Add to shortlist", the list picker) carry their
data in the custom_id. They hold no logic: a press is handed to the Shortlists cog (looked
up on the client), which re-checks everything against the interaction's guild.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, Final, Protocol, Self, cast

import discord

from bot.domain.creator_csv import RowError
from bot.domain.creator_report import basis_word, percent_text, rate_formula
from bot.domain.handles import Handle, HandleError, is_youtube_channel_id, normalize_handle
from bot.domain.lookup import figure_date_text
from bot.domain.metrics import (
    Basis,
    CreatorStats,
    QualityFlag,
    rate_by_followers,
    rate_by_views,
)
from bot.domain.numbers import MAX_VALUE, format_int, format_percent
from bot.domain.platforms import Platform
from bot.domain.sheet_format import (
    EXCEL_US,
    LINE_END,
    LOOK_CLOSER,
    CsvFields,
    SheetFormat,
    cell_text,
    encode_text,
    handle_cell,
    handle_text,
    neutralize_cell,
    text_cell,
    write_csv,
)
from bot.domain.shortlist import (
    EMERGING_RANK,
    MAX_ENTRIES_PER_LIST,
    MAX_LISTS_PER_GUILD,
    UNKNOWN_RANK,
    Status,
    tier_of_rank,
)
from bot.domain.wording import count_noun
from bot.errors import UserFacingError
from bot.render import colours
from bot.render.files import Attachment, attachment
from bot.render.flags import flag_line
from bot.render.limits import (
    CHOICE_NAME,
    CUSTOM_ID,
    EMBED_DESCRIPTION,
    FIELD_VALUE,
    SELECT_OPTION_DESCRIPTION,
    SELECT_OPTION_LABEL,
    SELECT_OPTIONS,
    EmbedBuilder,
    clip,
    clip_lines,
)
from bot.render.text import code, plain
from bot.render.views import PageButton, report_error, view_of
from storage.models import (
    AuditRecord,
    EntryPage,
    ExportedEntry,
    ImportLine,
    ImportResult,
    Shortlist,
    ShortlistBreakdown,
    ShortlistEntry,
    ShortlistOverview,
    ShownEntry,
    is_id_key,
)

COG_NAME: Final = "Shortlists"
LISTS_PER_PAGE: Final = 20
IMPORT_LINES_SHOWN: Final = 10
# An import with more rows than this also gets the whole per-row report as a CSV file.
REPORT_FILE_AFTER: Final = 10

EXPORT_HEADER: Final = (
    "Handle (without @)",
    "Profile URL",
    "Platform",
    "Followers",
    "Likes",
    "Comments",
    "Shares",
    "Saves",
    "Views",
    "ER by followers (%)",
    "ER by views (%)",
    "ER formulas",
    "Tier",
    "Status",
    "Notes",
    "Added",
    "Figures from",
    "Figures date",
)
REPORT_HEADER: Final = ("Row", "Handle", "Platform", "Outcome", "Reason")

_ACTION_WORDS: Final = {
    "create": "Created",
    "add": "Added",
    "update": "Updated",
    "status": "Status",
    "note": "Note",
    "remove": "Removed",
    "rename": "Renamed",
    "delete": "Deleted",
    "import": "Imported",
}


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def relative_time(moment: datetime) -> str:
    return f"<t:{unix(moment)}:R>"


def command_hint(subcommand: str, shortlist: Shortlist) -> str:
    """ "`/shortlist add name:Launch`", safe whatever the list's name holds (backticks too)."""
    return code(f"/shortlist {subcommand} name:{shortlist.name}", 80)


def creators(count: int) -> str:
    return f"{format_int(count)} creator{'' if count == 1 else 's'}"


# --- tiers and statuses ----------------------------------------------------------------------


def rank_label(rank: int) -> str:
    tier = tier_of_rank(rank)
    if tier is not None:
        return tier.label
    if rank == UNKNOWN_RANK:
        return "No stats"
    if rank == EMERGING_RANK:
        return "Emerging"
    return "Between tiers"


def tier_mix(rank_counts: dict[int, int]) -> str:
    """ "Mega 1 · Micro 5 · No stats 2", biggest first; merges the between-tier ranks."""
    merged: dict[str, int] = {}
    for rank in sorted(rank_counts, reverse=True):
        label = rank_label(rank)
        merged[label] = merged.get(label, 0) + rank_counts[rank]
    return " · ".join(f"{label} {format_int(count)}" for label, count in merged.items())


_STATUSES: Final = tuple(Status)  # iterating the enum itself costs a generator's steps


def status_mix(counts: dict[Status, int]) -> str:
    return " · ".join(
        f"{status.label} {format_int(counts[status])}" for status in _STATUSES if counts.get(status)
    )


_BASIS_WORDS: dict[tuple[str, Platform], str] = {}


def _rate_basis(basis: str, platform: Platform) -> str:
    """Subscribers on YouTube, as /classify says (creator_report.basis_word), worked out
    once per stored basis and platform rather than for every line of every page."""
    word = _BASIS_WORDS.get((basis, platform))
    if word is None:
        word = _BASIS_WORDS[basis, platform] = basis_word(Basis(basis), platform)
    return word


def entry_figures(entry: ShortlistEntry | ShownEntry) -> str:
    if entry.followers is None:
        return "no stats yet"
    parts = [
        f"**{plain(entry.tier_label or '?', 60)}**",
        count_noun(entry.followers, entry.platform.audience_noun, compact=True),
    ]
    if entry.engagement_rate is not None:
        basis = _rate_basis(entry.engagement_basis or "followers", entry.platform)
        parts.append(f"{format_percent(entry.engagement_rate)} ER by {basis}")
    if entry.figures_source is not None and entry.figures_at is not None:
        parts.append(f"via API {figure_date_text(entry.figures_at)}")
    else:
        parts.append(f"typed {figure_date_text(entry.updated_at)}")
    return " · ".join(parts)


def entry_line(position: int, entry: ShortlistEntry | ShownEntry) -> str:
    line = (
        f"**{position}.** {code(entry.label, 60)} · {entry.platform.label} — "
        f"{entry_figures(entry)} · {entry.status.label}"
    )
    if entry.notes:
        line += f"\n  ↳ {plain(entry.notes.replace(chr(10), ' '), 90)}"
    return line


# --- commands' replies -------------------------------------------------------------------------


def created_embed(shortlist: Shortlist) -> discord.Embed:
    description = (
        f"Add creators with {command_hint('add', shortlist)}, or the "
        "**Add to shortlist** button under a `/classify` result."
    )
    if shortlist.description:
        description = f"{plain(shortlist.description, 200)}\n\n{description}"
    return EmbedBuilder(
        title=f"Created the shortlist {plain(shortlist.name, 50)}",
        description=description,
        colour=colours.SUCCESS,
    ).build()


def lists_embed(
    overviews: Sequence[ShortlistOverview], page: int, page_count: int
) -> discord.Embed:
    if not overviews:
        return EmbedBuilder(
            title="No shortlists yet",
            description="Start one with `/shortlist create name:Spring launch`.",
            colour=colours.BRAND,
        ).build()
    shown = overviews[page * LISTS_PER_PAGE : (page + 1) * LISTS_PER_PAGE]
    lines = []
    for item in shown:
        mix = tier_mix(item.rank_counts)
        lines.append(
            f"**{plain(item.shortlist.name, 50)}** — {creators(item.entry_count)}"
            + (f" · {mix}" if mix else "")
        )
    footer = f"{format_int(len(overviews))} of {MAX_LISTS_PER_GUILD} lists"
    if page_count > 1:
        footer = f"Page {page + 1} of {page_count} · {footer}"
    return EmbedBuilder(
        title="This server's shortlists",
        description=clip_lines(lines, EMBED_DESCRIPTION),
        colour=colours.BRAND,
        footer=footer,
    ).build()


def lists_page_count(total: int) -> int:
    return max(1, -(-total // LISTS_PER_PAGE))


def show_embed(page: EntryPage, breakdown: ShortlistBreakdown) -> discord.Embed:
    shortlist = page.shortlist
    lines = [
        entry_line(page.first_position + offset, entry) for offset, entry in enumerate(page.entries)
    ]
    intro = plain(shortlist.description, 200) if shortlist.description else ""
    if not lines:
        body = "No creators yet. Add one with `/shortlist add`."
    else:
        body = clip_lines(lines, EMBED_DESCRIPTION - len(intro) - 2)
    builder = EmbedBuilder(
        title=plain(shortlist.name, 50),
        description=f"{intro}\n\n{body}" if intro else body,
        colour=colours.BRAND,
        footer=(
            f"Page {page.page + 1} of {page.page_count} · {creators(page.total)} · "
            "sorted by tier, then followers"
        ),
    )
    if breakdown.total:
        builder.add_field("Tiers", tier_mix(breakdown.rank_counts) or "—", inline=True)
        builder.add_field("Status", status_mix(breakdown.status_counts) or "—", inline=True)
    return builder.build()


def show_view(page: EntryPage) -> discord.ui.View | None:
    if page.page_count <= 1:
        return None
    return view_of(*ShortlistPageButton.buttons(page.shortlist.id, page.page, page.page_count))


def added_embed(
    shortlist: Shortlist, entry: ShortlistEntry, flags: Sequence[QualityFlag] = ()
) -> discord.Embed:
    """The creator as added; `flags` are what /classify would flag in the same figures."""
    lines = [
        f"{code(entry.label, 60)} ({entry.platform.label}) is on "
        f"**{plain(shortlist.name, 50)}**: {entry_figures(entry)}.",
        *(flag_line(flag) for flag in flags),
    ]
    return EmbedBuilder(
        title="Added to the shortlist",
        description=clip_lines(lines, EMBED_DESCRIPTION),
        colour=colours.SUCCESS,
    ).build()


def already_there_message(shortlist: Shortlist, entry: ShortlistEntry) -> str:
    return (
        f"{code(entry.label, 60)} ({entry.platform.label}) is already on "
        f"**{plain(shortlist.name, 50)}**, added {relative_time(entry.added_at)} by "
        f"<@{entry.added_by}> ({entry_figures(entry)}, {entry.status.label}).\n"
        f"To change its status use {command_hint('status', shortlist)}, its note "
        f"{command_hint('note', shortlist)}. To update its numbers, `/shortlist import` a CSV "
        "with the new figures, or `/shortlist remove` it and add it again."
    )


def list_limit_message() -> str:
    return (
        f"This server already has {MAX_LISTS_PER_GUILD} shortlists, the most it can keep. "
        "Delete one you no longer need with `/shortlist delete`, then try again."
    )


def entry_limit_message(shortlist: Shortlist) -> str:
    return (
        f"**{plain(shortlist.name, 50)}** already holds {format_int(MAX_ENTRIES_PER_LIST)} "
        "creators, the most a list can hold. Remove some with `/shortlist remove`, or start "
        "another list."
    )


def name_taken_message(existing: Shortlist) -> str:
    return (
        f"This server already has a shortlist named **{plain(existing.name, 50)}** "
        "(names ignore upper and lower case). Pick another name, or use that list."
    )


def not_found_message(name: str) -> str:
    return (
        f"This server has no shortlist named **{plain(name, 50)}**. "
        "`/shortlist lists` shows them all; `/shortlist create` starts a new one."
    )


def removed_embed(shortlist: Shortlist, entry: ShortlistEntry) -> discord.Embed:
    return EmbedBuilder(
        title="Removed from the shortlist",
        description=(
            f"{code(entry.label, 60)} ({entry.platform.label}) is no longer on "
            f"**{plain(shortlist.name, 50)}**."
        ),
        colour=colours.SUCCESS,
    ).build()


def status_embed(shortlist: Shortlist, entry: ShortlistEntry) -> discord.Embed:
    return EmbedBuilder(
        title=f"Status: {entry.status.label}",
        description=(
            f"{code(entry.label, 60)} ({entry.platform.label}) on "
            f"**{plain(shortlist.name, 50)}** is now **{entry.status.label}**."
        ),
        colour=colours.SUCCESS,
    ).build()


def note_embed(shortlist: Shortlist, entry: ShortlistEntry) -> discord.Embed:
    what = f"> {plain(entry.notes, 500)}" if entry.notes else "The note was cleared."
    return EmbedBuilder(
        title="Note saved" if entry.notes else "Note cleared",
        description=(
            f"{code(entry.label, 60)} ({entry.platform.label}) on "
            f"**{plain(shortlist.name, 50)}**:\n{what}"
        ),
        colour=colours.SUCCESS,
    ).build()


def renamed_embed(old_name: str, shortlist: Shortlist) -> discord.Embed:
    return EmbedBuilder(
        title="Shortlist renamed",
        description=f"**{plain(old_name, 50)}** is now **{plain(shortlist.name, 50)}**.",
        colour=colours.SUCCESS,
    ).build()


def delete_question(shortlist: Shortlist, entry_count: int) -> discord.Embed:
    return EmbedBuilder(
        title=f"Delete {plain(shortlist.name, 50)}?",
        description=(
            f"This deletes the list and its {creators(entry_count)}. It can't be undone. "
            "Its change history stays visible with `/shortlist history`."
        ),
        colour=colours.WARNING,
    ).build()


def deleted_embed(name: str, entry_count: int) -> discord.Embed:
    return EmbedBuilder(
        title="Shortlist deleted",
        description=f"Deleted **{plain(name, 50)}** and its {creators(entry_count)}.",
        colour=colours.SUCCESS,
    ).build()


def delete_cancelled() -> discord.Embed:
    return EmbedBuilder(
        title="Nothing was deleted", description="The list is unchanged.", colour=colours.NEUTRAL
    ).build()


def history_embed(
    name: str, records: Sequence[AuditRecord], *, deleted: bool = False
) -> discord.Embed:
    if not records:
        return EmbedBuilder(
            title=f"History of {plain(name, 50)}",
            description="No changes recorded yet.",
            colour=colours.BRAND,
        ).build()
    lines = []
    for record in records:
        detail = f" {plain(record.detail, 160)}" if record.detail else ""
        if record.action == "create":
            # The detail of a creation is the list's description: name the list itself.
            described = f" ({plain(record.detail, 120)})" if record.detail else ""
            detail = f" {plain(record.list_name, 50)}{described}"
        lines.append(
            f"{relative_time(record.created_at)} **{_ACTION_WORDS[record.action]}**{detail}"
            f" — <@{record.actor_id}>"
        )
    footer = (
        "The last change" if len(records) == 1 else f"The last {len(records)} changes"
    ) + ", newest first"
    if deleted:
        footer = "This list was deleted; its history is kept. " + footer
    return EmbedBuilder(
        title=f"History of {plain(name, 50)}",
        description=clip_lines(lines, EMBED_DESCRIPTION),
        colour=colours.NEUTRAL if deleted else colours.BRAND,
        footer=footer,
    ).build()


# --- files ---------------------------------------------------------------------------------------


# "by followers: (likes + comments) ÷ followers; by views: …": the same few texts on every
# row of a 1,000-row export, so each is worded once, by the domain's own rates (which terms
# count, and the formula's words). Keyed by which of likes, comments, shares and saves the
# row has (bits 1, 2, 4, 8), whether it has views to divide by, and the platform (YouTube
# divides by subscribers, in /classify's words: creator_report.rate_formula).
_TERM_BITS: Final = ((1, "likes"), (2, "comments"), (4, "shares"), (8, "saves"))
_FORMULAS: dict[tuple[int, bool, str], str] = {}


def _formulas(terms: int, has_views: bool, platform: str) -> str:
    key = (terms, has_views, platform)
    text = _FORMULAS.get(key)
    if text is None:
        given = {name: 1 if terms & bit else None for bit, name in _TERM_BITS}
        stats = CreatorStats(followers=1, views=1 if has_views else None, **given)
        rates = (rate_by_followers(stats), rate_by_views(stats))
        on = Platform(platform)
        text = "; ".join(
            f"by {basis_word(rate.basis, on)}: {rate_formula(rate, on)}" for rate in rates if rate
        )
        _FORMULAS[key] = text
    return text


def _percent_cell(fraction: float, decimal_mark: str) -> str:
    """What `cell_text` writes for `percent_number(fraction)`: two decimals at most,
    trailing zeros dropped ("3.8", "12"), the sheet's decimal mark."""
    text = percent_text(fraction).rstrip("0").rstrip(".")
    return text if decimal_mark == "." else text.replace(".", decimal_mark)


def export_lines(
    entries: Iterable[ExportedEntry], tier_labels: Mapping[int, str], sheet: SheetFormat
) -> list[str]:
    """The file's lines (without line ends), header first, exactly as `write_csv` would
    write these cells: one pass, the texts that repeat (platform, tier, status, formulas)
    typed once, a row's own text looked at once (see `CsvFields`).

    The handle cell reads back as the same creator: a name (without "@", which a
    spreadsheet would take for a formula), or for a platform id (YouTube channel, Facebook
    profile id) its profile link; the profile link follows in its own column. Each
    engagement rate has its own column (by followers, by views: different measures) as a
    number (percent), with the formulas behind them beside. `tier_labels` is
    `domain.shortlist.rank_labels` of the scheme the entries were ranked under.
    """
    fields = CsvFields(sheet)
    field, needs_quotes, delimiter = fields.field, fields.needs_quotes, fields.delimiter
    mark = sheet.convention.decimal_mark
    quote_rates = mark == delimiter

    def fixed(text: str) -> str:
        return field(text_cell(text))

    platform_cells = {platform.value: fixed(platform.label) for platform in Platform}
    status_cells = {status.value: fixed(status.value) for status in Status}
    tier_cells = {rank: fixed(label) for rank, label in tier_labels.items()}
    tier_cells[UNKNOWN_RANK] = ""
    typed = text_cell("typed by the team")
    formula_cells: dict[tuple[int, bool, str], str] = {}
    lines = [fields.line(cell_text(title) for title in EXPORT_HEADER)]
    for (
        platform,
        handle_key,
        handle,
        profile_url,
        followers,
        likes,
        comments,
        shares,
        saves,
        views,
        rank,
        status,
        notes,
        added_date,
        figures_source,
        figures_date,
        updated_date,
    ) in entries:
        url = profile_url if profile_url[:1] not in LOOK_CLOSER else neutralize_cell(profile_url)
        name = url if is_id_key(handle_key) else handle_text(handle)
        note = notes if notes[:1] not in LOOK_CLOSER else neutralize_cell(notes)
        if followers is None:
            by_followers = by_views = formulas = source = source_date = ""
        else:
            # The domain's rates (bot.domain.metrics): the terms given, over followers; over
            # views (when there are any) with shares and saves too.
            terms = (
                (likes is not None)
                + 2 * (comments is not None)
                + 4 * (shares is not None)
                + 8 * (saves is not None)
            )
            by_followers = by_views = ""
            if terms & 3:
                by_followers = _percent_cell(((likes or 0) + (comments or 0)) / followers, mark)
            if views and terms:
                engaged = (likes or 0) + (comments or 0) + (shares or 0) + (saves or 0)
                by_views = _percent_cell(engaged / views, mark)
            if quote_rates:
                by_followers, by_views = field(by_followers), field(by_views)
            key = (terms, bool(views), platform)
            worded = formula_cells.get(key)
            if worded is None:
                worded = formula_cells[key] = fixed(_formulas(*key))
            formulas = worded
            if figures_source is not None and figures_date is not None:
                source, source_date = text_cell(figures_source), figures_date
            else:
                source, source_date = typed, updated_date
        if needs_quotes(f"{name}{url}{note}{source}") is not None:
            name, url, note, source = field(name), field(url), field(note), field(source)
        lines.append(
            delimiter.join(
                (
                    name,
                    url,
                    platform_cells[platform],
                    "" if followers is None else str(followers),
                    "" if likes is None else str(likes),
                    "" if comments is None else str(comments),
                    "" if shares is None else str(shares),
                    "" if saves is None else str(saves),
                    "" if views is None else str(views),
                    by_followers,
                    by_views,
                    formulas,
                    tier_cells[rank],
                    status_cells[status],
                    note,
                    added_date,
                    source,
                    source_date,
                )
            )
        )
    return lines


def export_csv(
    entries: Iterable[ExportedEntry], tier_labels: Mapping[int, str], sheet: SheetFormat = EXCEL_US
) -> bytes:
    lines = export_lines(entries, tier_labels, sheet)
    lines.append("")  # the last line ends too
    return encode_text(LINE_END.join(lines), sheet)


def file_slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:40]
    return slug or "list"


def export_file(
    shortlist: Shortlist,
    entries: Iterable[ExportedEntry],
    tier_labels: Mapping[int, str],
    sheet: SheetFormat = EXCEL_US,
) -> Attachment:
    data = export_csv(entries, tier_labels, sheet)
    return attachment(data, f"shortlist-{file_slug(shortlist.name)}.csv")


def export_embed(shortlist: Shortlist, count: int, sheet: SheetFormat = EXCEL_US) -> discord.Embed:
    return EmbedBuilder(
        title=f"Export of {plain(shortlist.name, 50)}",
        description=(
            f"{creators(count)}, sorted by tier, then followers. The file opens in "
            f"{sheet.opens_in}: figures are plain numbers you can sort and sum, with "
            f"{sheet.decimals}, and each engagement rate has its own column (by followers, "
            "by views) with its formula. `/shortlist import` reads it back."
        ),
        colour=colours.BRAND,
    ).build()


def import_embed(
    result: ImportResult,
    filename: str,
    *,
    columns: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> discord.Embed:
    """The import's outcome; `columns` says which column was read as what ("“Abonnenten” as
    followers") and `notes` how the file was read (its number convention, skipped rows)."""
    counts = {outcome: result.count(outcome) for outcome in ("added", "updated", "unchanged")}
    refused = [line for line in result.lines if line.outcome == "refused"]
    summary = " · ".join(
        [
            f"**{format_int(counts['added'])}** added",
            f"**{format_int(counts['updated'])}** updated",
            f"**{format_int(counts['unchanged'])}** unchanged",
            f"**{format_int(len(refused))}** refused",
        ]
    )
    builder = EmbedBuilder(
        title=f"Imported into {plain(result.shortlist.name, 50)}",
        description=(
            f"{summary}\nFrom {code(filename, 60)}, in one step: "
            + ("every change is saved." if result.changed else "nothing needed changing.")
        ),
        colour=colours.SUCCESS if not refused else colours.WARNING,
    )
    for outcome, title in (("added", "Added"), ("updated", "Updated")):
        handles = [
            f"{code(line.handle, 40)} ({line.platform.label if line.platform else '?'})"
            for line in result.lines
            if line.outcome == outcome
        ]
        if handles:
            builder.add_field(title, clip_lines(handles[: IMPORT_LINES_SHOWN * 3], FIELD_VALUE))
    if columns:
        builder.add_field(
            "Columns read", clip_lines([plain(line, 80) for line in columns], FIELD_VALUE)
        )
    if notes:
        builder.add_field(
            "How the file was read", clip_lines([plain(note, 200) for note in notes], FIELD_VALUE)
        )
    if refused:
        lines = [
            f"Row {line.line_number}"
            # The handle as written, unless the reason already quotes it.
            + (
                f" ({code(line.handle, 40)})"
                if line.handle and line.handle not in line.reason
                else ""
            )
            + f": {plain(line.reason, 150)}"
            for line in refused
        ]
        builder.add_field("Refused", clip_lines(lines[:IMPORT_LINES_SHOWN], FIELD_VALUE))
    if len(result.lines) > REPORT_FILE_AFTER:
        builder.footer = "Every row's outcome is in the attached report."
    return builder.build()


def with_refused_rows(result: ImportResult, errors: Iterable[RowError]) -> ImportResult:
    """The storage result plus the rows the file itself refused, in row order."""
    refused = [
        ImportLine(
            line_number=error.line_number,
            outcome="refused",
            handle=error.handle,
            reason=error.reason,
        )
        for error in errors
    ]
    lines = sorted([*result.lines, *refused], key=lambda line: line.line_number)
    return result.model_copy(update={"lines": tuple(lines)})


def import_report_file(result: ImportResult, sheet: SheetFormat = EXCEL_US) -> Attachment | None:
    """Every row's outcome as a CSV in the imported file's own format (delimiter, encoding,
    decimal mark), for imports too long to list in the reply."""
    if len(result.lines) <= REPORT_FILE_AFTER:
        return None
    rows = (
        [
            line.line_number,
            handle_cell(line.handle),  # as in the export: without a visible guard
            line.platform.label if line.platform else "",
            line.outcome,
            line.reason,
        ]
        for line in result.lines
    )
    return attachment(write_csv(REPORT_HEADER, rows, sheet), "shortlist-import-report.csv")


# --- autocomplete ------------------------------------------------------------------------------

_ENTRY_REFERENCE = re.compile(
    r"(?P<platform>instagram|tiktok|youtube|x|facebook|snapchat|twitch):(?P<key>\S{1,80})"
)


def entry_choice(entry: ShortlistEntry) -> tuple[str, str]:
    """(name shown, value sent) for a handle autocomplete choice: the value names the entry
    exactly (platform and key), and is only ever looked up inside the guild's list."""
    name = f"{entry.label} · {entry.platform.label} · {rank_label(entry.tier_rank)}"
    return clip(name, CHOICE_NAME), f"{entry.platform.value}:{entry.handle_key}"


def entry_reference(text: str) -> tuple[Platform, str] | None:
    """The (platform, key) an autocomplete value names; None for anything typed by hand."""
    match = _ENTRY_REFERENCE.fullmatch(text.strip())
    if match is None:
        return None
    return Platform(match["platform"]), match["key"]


# --- persistent components -----------------------------------------------------------------------


class ShortlistActions(Protocol):
    """What the Shortlists cog does when a persistent component is pressed."""

    async def turn_page(
        self, interaction: discord.Interaction[Any], list_id: int, page: int
    ) -> None: ...

    async def turn_lists_page(
        self, interaction: discord.Interaction[Any], guild_id: int, page: int
    ) -> None: ...

    async def offer_lists(
        self, interaction: discord.Interaction[Any], creator: Creator
    ) -> None: ...

    async def add_picked(
        self, interaction: discord.Interaction[Any], creator: Creator, list_id: int
    ) -> None: ...


def _actions(interaction: discord.Interaction[Any]) -> ShortlistActions:
    cog = interaction.client.get_cog(COG_NAME) if hasattr(interaction.client, "get_cog") else None
    if cog is None:
        raise UserFacingError("Shortlists are unavailable right now. Try again in a minute.")
    return cast(ShortlistActions, cog)


class ShortlistPageButton(
    PageButton, template=r"sl:page:(?P<key>[0-9]{1,18}):(?P<page>[0-9]{1,4}):(?P<nav>[fpnl])"
):
    """Pages of /shortlist show; key = the list id (checked against the guild on press)."""

    prefix = "sl:page"
    metric_name = "shortlist show · page"

    async def turn(self, interaction: discord.Interaction[Any], key: int, page: int) -> None:
        await _actions(interaction).turn_page(interaction, key, page)


class ListsPageButton(
    PageButton, template=r"sl:lists:(?P<key>[0-9]{1,20}):(?P<page>[0-9]{1,3}):(?P<nav>[fpnl])"
):
    """Pages of /shortlist lists; key = the guild id (must be the interaction's guild)."""

    prefix = "sl:lists"
    metric_name = "shortlist lists · page"

    async def turn(self, interaction: discord.Interaction[Any], key: int, page: int) -> None:
        await _actions(interaction).turn_lists_page(interaction, key, page)


def lists_view(guild_id: int, page: int, page_count: int) -> discord.ui.View | None:
    if page_count <= 1:
        return None
    return view_of(*ListsPageButton.buttons(guild_id, page, page_count))


# A creator travels in a custom_id as "<platform>:<stats>:<handle>", e.g.
# "i:9mo.ci.1k::::2bi:jane.doe": the platform's letter, the stats in base 36 (followers,
# likes, comments, shares, saves, views; empty for unknown), and the handle's name (or "!"
# and a platform id). Everything is re-validated when the component is pressed.
_PLATFORM_CODES: Final = {
    Platform.INSTAGRAM: "i",
    Platform.TIKTOK: "t",
    Platform.YOUTUBE: "y",
    Platform.X: "x",
    Platform.FACEBOOK: "f",
    Platform.SNAPCHAT: "s",
    Platform.TWITCH: "w",
}
_PLATFORMS_BY_CODE: Final = {code_: platform for platform, code_ in _PLATFORM_CODES.items()}
_CREATOR = r"(?P<platform>[a-z]):(?P<stats>[0-9a-z.]{0,80}):(?P<handle>[^:]{1,60})"
_STAT_NAMES: Final = ("followers", "likes", "comments", "shares", "saves", "views")


@dataclass(frozen=True, slots=True)
class Creator:
    """A creator carried by a button: who, and the stats /classify was given."""

    handle: Handle
    stats: CreatorStats | None


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        value, remainder = divmod(value, 36)
        text = digits[remainder] + text
        if value == 0:
            return text


def encode_creator(creator: Creator, *, prefix: str) -> str:
    """The custom_id for `creator` (engagement figures dropped if it would exceed 100)."""
    handle = creator.handle
    name = ("!" + handle.name) if handle.is_id else handle.name
    values: list[int | None] = [None] * len(_STAT_NAMES)
    if creator.stats is not None:
        values = [getattr(creator.stats, stat) for stat in _STAT_NAMES]
    for kept in (len(values), 1):
        stats = ".".join("" if v is None else _base36(v) for v in values[:kept]).rstrip(".")
        custom_id = f"{prefix}:{_PLATFORM_CODES[handle.platform]}:{stats}:{name}"
        if len(custom_id) <= CUSTOM_ID:
            return custom_id
    raise ValueError("a creator's custom_id can't fit in 100 characters")


def decode_creator(match: Any) -> Creator | None:
    """The creator a (possibly crafted) custom_id names, or None when anything is off."""
    platform = _PLATFORMS_BY_CODE.get(match["platform"])
    if platform is None:
        return None
    try:
        numbers = [int(part, 36) if part else None for part in match["stats"].split(".")]
        if len(numbers) > len(_STAT_NAMES) or any(n is not None and n > MAX_VALUE for n in numbers):
            return None
        followers, likes, comments, shares, saves, views = numbers + [None] * (
            len(_STAT_NAMES) - len(numbers)
        )
        stats = None
        if followers is not None:
            stats = CreatorStats(
                followers=followers,
                likes=likes,
                comments=comments,
                shares=shares,
                saves=saves,
                views=views,
            )
        elif any(n is not None for n in numbers):
            return None
        text: str = match["handle"]
        if text.startswith("!"):
            if platform is Platform.FACEBOOK:
                text = f"https://www.facebook.com/profile.php?id={text[1:]}"
            elif platform is Platform.YOUTUBE and is_youtube_channel_id(text[1:]):
                text = f"https://www.youtube.com/channel/{text[1:]}"
            elif platform is Platform.YOUTUBE:  # a legacy username (at most 20 characters)
                text = f"https://www.youtube.com/user/{text[1:]}"
            else:
                return None
        handle = normalize_handle(text, platform)
    except (ValueError, HandleError):
        return None
    return Creator(handle=handle, stats=stats)


DAMAGED_BUTTON = (
    "This button is out of date or damaged. Run `/classify` again, or use `/shortlist add`."
)


# Parsed once: a string emoji is parsed (a pattern match) by every Button built with it.
_CLIPBOARD: Final = discord.PartialEmoji(name="📋")


class AddToShortlistButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]], template=rf"sl:add:{_CREATOR}"
):
    """ "Add to shortlist" under a /classify reply: opens a picker of the guild's lists."""

    metric_name: ClassVar[str] = "classify · add to shortlist"

    def __init__(self, creator: Creator | None, custom_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Add to shortlist",
                style=discord.ButtonStyle.primary,
                custom_id=custom_id,
                emoji=_CLIPBOARD,
            )
        )
        self.creator = creator

    @classmethod
    def for_creator(cls, creator: Creator) -> Self:
        return cls(creator, encode_creator(creator, prefix="sl:add"))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> Self:
        return cls(decode_creator(match), match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            if self.creator is None:
                raise UserFacingError(DAMAGED_BUTTON)
            await _actions(interaction).offer_lists(interaction, self.creator)
        except Exception as error:
            await report_error(interaction, error)


class ShortlistPicker(
    discord.ui.DynamicItem[discord.ui.Select[discord.ui.View]], template=rf"sl:pick:{_CREATOR}"
):
    """The list picker the button opens; each option's value is a list id (re-checked)."""

    metric_name: ClassVar[str] = "classify · pick a shortlist"

    def __init__(
        self,
        creator: Creator | None,
        custom_id: str,
        options: list[discord.SelectOption] | None = None,
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=custom_id,
                placeholder="Choose a shortlist",
                options=options or [discord.SelectOption(label="-", value="0")],
                min_values=1,
                max_values=1,
            )
        )
        self.creator = creator

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Item[Any], match: Any, /
    ) -> Self:
        return cls(decode_creator(match), match.string)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        try:
            values = self.item.values
            if (
                self.creator is None
                or len(values) != 1
                or not re.fullmatch(r"[0-9]{1,18}", values[0])
            ):
                raise UserFacingError(DAMAGED_BUTTON)
            await _actions(interaction).add_picked(interaction, self.creator, int(values[0]))
        except Exception as error:
            await report_error(interaction, error)


def add_to_shortlist_view(handle: Handle, stats: CreatorStats | None) -> discord.ui.View:
    """The "Add to shortlist" button for a /classify reply (persistent, no timeout)."""
    return view_of(AddToShortlistButton.for_creator(Creator(handle=handle, stats=stats)))


def picker_embed(creator: Creator, total: int) -> discord.Embed:
    shown = min(total, SELECT_OPTIONS)
    noun = creator.handle.platform.audience_noun
    figures = (
        f" ({count_noun(creator.stats.followers, noun, compact=True)})" if creator.stats else ""
    )
    description = f"Which shortlist should {code(creator.handle.label, 60)}{figures} go on?"
    if total > shown:
        description += (
            f"\nShowing the {shown} most recently changed of {format_int(total)} lists. For "
            "another one, use `/shortlist add`."
        )
    return EmbedBuilder(
        title="Add to shortlist", description=description, colour=colours.BRAND
    ).build()


def no_lists_embed() -> discord.Embed:
    return EmbedBuilder(
        title="No shortlists yet",
        description=(
            "This server has no shortlists to add to. Start one with "
            "`/shortlist create name:Spring launch`, then press the button again."
        ),
        colour=colours.BRAND,
    ).build()


def picker_view(creator: Creator, overviews: Sequence[ShortlistOverview]) -> discord.ui.View:
    """A select of up to 25 lists (most recently changed first) for `creator`."""
    ordered = sorted(overviews, key=lambda item: item.shortlist.updated_at, reverse=True)
    options = [
        discord.SelectOption(
            label=clip(item.shortlist.name, SELECT_OPTION_LABEL),
            value=str(item.shortlist.id),
            description=clip(
                creators(item.entry_count)
                + (f" · {tier_mix(item.rank_counts)}" if item.entry_count else ""),
                SELECT_OPTION_DESCRIPTION,
            ),
        )
        for item in ordered[:SELECT_OPTIONS]
    ]
    return view_of(ShortlistPicker(creator, encode_creator(creator, prefix="sl:pick"), options))


def stale_component_embed() -> discord.Embed:
    return EmbedBuilder(
        title="That button doesn't work here",
        description=(
            "It isn't part of this message, or it is from an older version of Tierbot. "
            "Run the command again."
        ),
        colour=colours.WARNING,
    ).build()


PERSISTENT_ITEMS: Final = (
    ShortlistPageButton,
    ListsPageButton,
    AddToShortlistButton,
    ShortlistPicker,
)
PERSISTENT_TEMPLATES: Final = tuple(
    item.__discord_ui_compiled_template__ for item in PERSISTENT_ITEMS
)
