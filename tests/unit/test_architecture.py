"""Layering rules that keep the code easy to change."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_under(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def test_the_domain_never_imports_discord_or_aiosqlite() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.split(".")[0] in {"discord", "aiosqlite"}
        )
        for path in modules_under("bot/domain")
    }
    assert modules_under("bot/domain"), "bot/domain is empty?"
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_domain_does_not_depend_on_outer_layers() -> None:
    outer = ("bot.render", "bot.client", "cogs", "storage", "bot.playground")
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m for m in imported_modules(path) if m.startswith(outer)
        )
        for path in modules_under("bot/domain")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_sql_lives_only_in_storage() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("cogs", "bot/render", "bot/client.py")
        for path in ([ROOT / folder] if folder.endswith(".py") else modules_under(folder))
        if {"sqlite3", "aiosqlite"} & {m.split(".")[0] for m in imported_modules(path)}
    ]
    assert offenders == []


def test_cogs_do_not_touch_the_database_directly() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in modules_under("cogs")
        if "storage.database" in imported_modules(path) or ".database." in path.read_text()
    ]
    assert offenders == []
