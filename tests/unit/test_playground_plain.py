"""Script-mode text for embeds: what Discord lays out in columns reads as lines."""

from __future__ import annotations

from bot.playground.display import plain_embed

ZWSP = "\u200b"


def test_inline_columns_read_as_one_section_without_spacer_lines() -> None:
    embed = {
        "title": "Nano vs Micro influencers",
        "fields": [
            {"name": "Cost", "value": "**Nano:** $10–100", "inline": True},
            {"name": ZWSP, "value": "**Micro:** $100–500", "inline": True},
            {"name": ZWSP, "value": ZWSP, "inline": True},
            {"name": "Trust", "value": "**Nano:** very high", "inline": True},
        ],
    }

    lines = plain_embed(embed)

    assert lines == [
        "┌ Nano vs Micro influencers",
        "│",
        "│ Cost",
        "│   **Nano:** $10–100",
        "│   **Micro:** $100–500",
        "│",
        "│ Trust",
        "│   **Nano:** very high",
        "└",
    ]
    assert not any(ZWSP in line for line in lines)
