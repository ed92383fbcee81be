"""Which `.env` file the settings come from, and a warning for each key in it Tierbot does
not know (a misspelt `DISCORD_TOKNE` would otherwise be ignored without a word).

The file is the one `--env-file` or `TIERBOT_ENV_FILE` names, else `.env` in the current
folder, else `.env` next to the project (the folder with the Makefile), as README.md says.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path

from dotenv import dotenv_values

from bot.config import Settings, SettingsError

ENV_FILE_VARIABLE = "TIERBOT_ENV_FILE"
# The repository checkout (a source install); an installed package has no project folder.
_PROJECT = Path(__file__).resolve().parent.parent


def project_folder() -> Path | None:
    return _PROJECT if (_PROJECT / "pyproject.toml").is_file() else None


def find_env_file(cwd: Path) -> Path | None:
    """The `.env` file to read, or None when there is none."""
    named = os.environ.get(ENV_FILE_VARIABLE, "").strip()
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise SettingsError(
                f"Invalid setting {ENV_FILE_VARIABLE} (or --env-file): {path} is not a file."
            )
        return path
    project = project_folder()
    for folder in (cwd, project):
        if folder is not None and (folder / ".env").is_file():
            return folder / ".env"
    return None


def known_settings() -> set[str]:
    return {name.upper() for name in Settings.model_fields} | {ENV_FILE_VARIABLE}


def unknown_key_warnings(path: Path, known: Iterable[str]) -> list[str]:
    """One line for each key of the file that is not a setting, with the closest one."""
    names = sorted(known)
    lines = []
    for key in dotenv_values(path):
        if key.upper() in names:
            continue
        closest = difflib.get_close_matches(key.upper(), names, n=1, cutoff=0.6)
        hint = f"; did you mean {closest[0]}?" if closest else " (see .env.example)"
        lines.append(f"Warning: {path}: {key} is not a Tierbot setting and is ignored{hint}")
    return lines
