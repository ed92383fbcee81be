"""Mentions and timestamps in the playground's plain text, as Discord would show them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.playground import markdown


@pytest.fixture(autouse=True)
def names() -> Iterator[None]:
    known = {("@", 1209): "Sam", ("#", 77): "general"}
    markdown.use_names(lambda kind, snowflake: known.get((kind, snowflake)))
    yield
    markdown.use_names(None)


def test_mentions_use_the_names_the_playground_knows() -> None:
    text = "Added by <@1209> and <@!1209> in <#77>; <@42> and <@&5> are unknown"

    assert markdown.to_plain(text) == (
        "Added by @Sam and @Sam in #general; @user and @role are unknown"
    )
    assert markdown.to_text(text).plain == markdown.to_plain(text)


def test_code_keeps_what_it_quotes() -> None:
    assert markdown.to_plain("type `<@1209>` to mention") == "type `<@1209>` to mention"


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (-10, "a few seconds ago"),
        (-300, "5 minutes ago"),
        (-3600, "1 hour ago"),
        (3 * 86400, "in 3 days"),
        (-400 * 86400, "1 year ago"),
    ],
)
def test_relative_times(delta: float, shown: str) -> None:
    assert markdown.relative_time(delta) == shown


def test_timestamps_are_text() -> None:
    shown = markdown.to_plain("Created <t:1796529088:R>, due <t:1796529088:d>")

    assert "<t:" not in shown
    assert shown.startswith("Created ") and ("ago" in shown or shown.startswith("Created in "))
