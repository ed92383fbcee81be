"""The /mix chart: a valid PNG of the expected size for every goal, drawn without pyplot,
looking like the reference drawings of the former code."""

from __future__ import annotations

import struct
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.domain.mix import Goal, MixPlan, MixRequest, plan_mix
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.render.mix_chart import HEIGHT_PX, WIDTH_PX, chart_content, draw_chart, draw_mix_chart

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must follow the signature."""
    assert data[:8] == PNG_MAGIC
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR"
    assert length == 13
    width, height = struct.unpack(">II", data[16:24])
    crc = struct.unpack(">I", data[29:33])[0]
    assert zlib.crc32(data[12:29]) == crc
    return width, height


def plan(goal: Goal, budget: int = 40_000, **extra: object) -> MixPlan:
    fields: dict[str, object] = {"goal": goal, "budget": budget, "platform": Platform.TIKTOK}
    return plan_mix(MixRequest.model_validate({**fields, **extra}))


@pytest.mark.parametrize("goal", list(Goal))
def test_every_goal_draws_a_png_of_the_right_size(goal: Goal) -> None:
    data = draw_mix_chart(plan(goal, niche="vegan food"))
    assert png_size(data) == (WIDTH_PX, HEIGHT_PX)
    assert data.endswith(b"IEND\xaeB`\x82")
    assert len(data) < 200_000


def test_odd_plans_still_draw() -> None:
    single = plan(Goal.AWARENESS, 300, currency="EUR")  # one small creator
    huge = plan(Goal.CONVERSIONS, 10_000_000, max_creators=500)  # capped, big numbers
    no_mid = plan(Goal.LAUNCH, 90_000, weeks=1, allowed_tiers=(Tier.NANO, Tier.MEGA))
    for each in (single, huge, no_mid):
        assert png_size(draw_mix_chart(each)) == (WIDTH_PX, HEIGHT_PX)


def test_drawing_is_thread_safe_and_avoids_pyplot() -> None:
    plans = [plan(goal) for goal in Goal]
    with ThreadPoolExecutor(max_workers=4) as pool:
        images = list(pool.map(draw_mix_chart, plans * 2))
    assert all(png_size(image) == (WIDTH_PX, HEIGHT_PX) for image in images)
    assert images[: len(plans)] == images[len(plans) :]  # same plan, same bytes
    assert "matplotlib.pyplot" not in sys.modules


# Reference images drawn by the chart code before issue 19 made it faster (a prepared
# figure per thread, no axis machinery, cached glyphs): the new drawing must look the same.
# When the planner changes these plans, draw them again with the former code
# (`git show b789502^1:bot/render/mix_chart.py`), never with the current one.
REFERENCES = Path(__file__).resolve().parents[1] / "fixtures" / "mix_chart"
REFERENCE_PLANS: dict[str, dict[str, object]] = {
    "awareness_25k_instagram": {
        "goal": Goal.AWARENESS,
        "budget": 25_000,
        "platform": Platform.INSTAGRAM,
    },
    "conversions_10m_capped_eur": {
        "goal": Goal.CONVERSIONS,
        "budget": 10_000_000,
        "platform": Platform.TIKTOK,
        "max_creators": 500,
        "currency": "EUR",
    },
    "launch_90k_one_week_nano_mega": {
        "goal": Goal.LAUNCH,
        "budget": 90_000,
        "platform": Platform.YOUTUBE,
        "weeks": 1,
        "allowed_tiers": (Tier.NANO, Tier.MEGA),
    },
}
# Mean absolute difference per channel, as a share of full scale: 1% allows sub-pixel
# antialiasing differences between font rasteriser versions, never a missing or moved label.
MAX_MEAN_DIFFERENCE = 0.01


def pixels(data: bytes) -> np.ndarray:
    with Image.open(BytesIO(data)) as image:
        return np.asarray(image.convert("RGB"), dtype=np.float64)


@pytest.mark.parametrize("name", sorted(REFERENCE_PLANS))
def test_the_chart_looks_like_the_reference_drawing(name: str) -> None:
    request = MixRequest.model_validate(REFERENCE_PLANS[name])
    drawn = pixels(draw_mix_chart(plan_mix(request)))
    reference = pixels((REFERENCES / f"{name}.png").read_bytes())
    assert drawn.shape == reference.shape
    difference = np.abs(drawn - reference).mean() / 255
    assert difference < MAX_MEAN_DIFFERENCE, f"{name}: mean difference {difference:.2%}"


def test_a_reused_figure_shows_nothing_of_the_previous_chart() -> None:
    """Five tier lines, then two: the second chart must be exactly what a fresh figure draws
    (a new thread gets its own), with no bar, value or label left over from the first."""
    five = plan_mix(MixRequest.model_validate(REFERENCE_PLANS["conversions_10m_capped_eur"]))
    two = plan_mix(MixRequest.model_validate(REFERENCE_PLANS["launch_90k_one_week_nano_mega"]))
    assert len(five.lines) > len(two.lines)
    with ThreadPoolExecutor(max_workers=1) as reused:
        reused.submit(draw_chart, chart_content(five)).result()
        after_five = reused.submit(draw_chart, chart_content(two)).result()
    with ThreadPoolExecutor(max_workers=1) as fresh:
        first_drawing = fresh.submit(draw_chart, chart_content(two)).result()
    assert np.array_equal(pixels(after_five), pixels(first_drawing))


def test_every_label_changes_the_picture() -> None:
    """The cache is keyed by what the chart shows: a plan with other numbers is drawn anew."""
    first = plan(Goal.AWARENESS, 40_000)
    second = plan(Goal.AWARENESS, 41_000)
    assert chart_content(first) != chart_content(second)
    assert draw_mix_chart(first) != draw_mix_chart(second)
    assert draw_mix_chart(first) is draw_mix_chart(first)  # asked again: the kept bytes
