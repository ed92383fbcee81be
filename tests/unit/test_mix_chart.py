"""The /mix chart: a valid PNG of the expected size for every goal, drawn without pyplot."""

from __future__ import annotations

import struct
import sys
import zlib
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.domain.mix import Goal, MixPlan, MixRequest, plan_mix
from bot.domain.platforms import Platform
from bot.domain.tier import Tier
from bot.render.mix_chart import HEIGHT_PX, WIDTH_PX, draw_mix_chart

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
