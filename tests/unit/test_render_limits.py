"""The render layer keeps every payload inside Discord's limits, whatever the input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.render.limits import EMBED_TOTAL, EmbedBuilder, clip, clip_lines, fit_embeds
from bot.render.text import code, plain

texts = st.text(max_size=7000)


@given(texts, st.integers(min_value=1, max_value=5000))
def test_clip_never_exceeds_the_limit(text: str, limit: int) -> None:
    clipped = clip(text, limit)
    assert len(clipped) <= limit
    if len(text) <= limit:
        assert clipped == text


@given(st.lists(st.text(max_size=300), max_size=60), st.integers(min_value=20, max_value=1024))
def test_clip_lines_keeps_whole_lines_within_the_limit(lines: list[str], limit: int) -> None:
    joined = clip_lines(lines, limit)
    assert len(joined) <= limit


@given(
    title=texts,
    description=texts,
    footer=texts,
    fields=st.lists(st.tuples(st.text(max_size=400), st.text(max_size=2000)), max_size=40),
)
def test_an_embed_always_fits(
    title: str, description: str, footer: str, fields: list[tuple[str, str]]
) -> None:
    builder = EmbedBuilder(title=title, description=description, footer=footer)
    for name, value in fields:
        builder.add_field(name, value)
    embed = builder.build()
    data = embed.to_dict()

    assert len(embed) <= EMBED_TOTAL
    assert len(data.get("title", "")) <= 256
    assert len(data.get("description", "")) <= 4096
    assert len(data.get("fields", [])) <= 25
    for field in data.get("fields", []):
        assert 1 <= len(field["name"]) <= 256
        assert 1 <= len(field["value"]) <= 1024


def test_the_summary_survives_and_late_fields_are_dropped_first() -> None:
    builder = EmbedBuilder(title="Summary", description="Top line that matters")
    for index in range(25):
        builder.add_field(f"field {index}", "x" * 1000)
    embed = builder.build()

    assert embed.description == "Top line that matters"
    assert embed.fields[0].name == "field 0"
    assert len(embed) <= EMBED_TOTAL


def test_fit_embeds_keeps_the_message_total() -> None:
    embeds = [EmbedBuilder(description="y" * 4000).build() for _ in range(5)]
    kept = fit_embeds(embeds)
    assert sum(len(e) for e in kept) <= EMBED_TOTAL
    assert len(kept) == 1


@given(st.text(max_size=500))
def test_plain_text_never_mentions_or_formats(text: str) -> None:
    shown = plain(text, 200)
    assert "@everyone" not in shown
    assert "@here" not in shown
    assert len(shown) <= 200 * 2 + 2  # escaping can at most double the characters
    for marker in ("**", "__", "~~", "||"):
        assert marker not in shown.replace("\\" + marker[0], "")


def test_code_spans_cannot_be_broken_out_of() -> None:
    assert code("`@everyone` **bold**") == "`ˋ@everyoneˋ **bold**`"
    assert code("") == "` `"


@given(
    st.text(alphabet=st.sampled_from(list("aZ09@._/:- `\u200b\u202e\t\n")), max_size=70),
    st.integers(0, 80),
)
def test_code_shows_plain_handles_as_they_are_and_cleans_the_rest_as_before(
    text: str, limit: int
) -> None:
    """code()'s shortcut for visible ASCII gives what its full cleaning would."""
    from bot.render import text as module

    cleaned = module._blank_controls(module._INVISIBLE.sub("", text).replace("`", "ˋ"))
    expected = f"`{clip(cleaned.strip(), limit) or ' '}`"
    assert code(text, limit) == expected


def _clip_lines_line_by_line(lines: list[str], limit: int, more: str = "…and {n} more") -> str:
    """clip_lines without its shortcut for lines that all fit: its reference."""
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        remaining = len(lines) - index
        cost = len(line) + (1 if kept else 0)
        if used + cost + (len(more.format(n=remaining)) + 1 if remaining > 1 else 0) > limit:
            tail = more.format(n=remaining)
            if used + len(tail) + 1 <= limit:
                kept.append(tail)
            break
        kept.append(line)
        used += cost
    return clip("\n".join(kept), limit)


@given(st.lists(st.text(alphabet="ab\n", max_size=30), max_size=15), st.integers(0, 200))
def test_clip_lines_with_its_shortcut_gives_what_line_by_line_gives(
    lines: list[str], limit: int
) -> None:
    assert clip_lines(lines, limit) == _clip_lines_line_by_line(lines, limit)
