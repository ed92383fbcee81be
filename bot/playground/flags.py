"""The playground's command-line values, each checked with one line naming the flag."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

# A reply can take up to Discord's 15 minutes; under a second, the first answer of a slow
# command would be reported missing before Discord itself would give up.
MIN_TIMEOUT_SECONDS = 1.0
MAX_TIMEOUT_SECONDS = 900.0


def timeout_seconds(text: str) -> float:
    """--timeout: a finite number of seconds within the range above."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not MIN_TIMEOUT_SECONDS <= value <= MAX_TIMEOUT_SECONDS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds from {MIN_TIMEOUT_SECONDS:g} to "
            f"{MAX_TIMEOUT_SECONDS:g}, like --timeout 10"
        )
    return value


def files_folder(text: str) -> Path:
    """--files: a folder (created when missing), never an existing file."""
    path = Path(text)
    blocking = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise argparse.ArgumentTypeError(
            f"{text!r} cannot be a folder for the files the bot sends: {blocking} is a file. "
            "Give a folder, like --files playground-files"
        )
    return path


def database_file(text: str) -> Path:
    """--db: a file in an existing folder (it is created when missing)."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(
            f"{text!r} is a folder; give a file, like --db playground.sqlite3"
        )
    if not path.parent.is_dir():
        raise argparse.ArgumentTypeError(
            f"the folder {path.parent} does not exist; give a file in an existing folder, "
            "like --db playground.sqlite3"
        )
    return path


def guild_name(text: str) -> str:
    """--guild: Discord's server names have 2 to 100 characters."""
    name = text.strip()
    if not 2 <= len(name) <= 100:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a server name: 2 to 100 characters, like --guild 'Acme Marketing'"
        )
    return name
