"""People reached by a tier's creators: the one reach model, shared by /mix and /tiers ask.

A creator's first post reaches its views' worth of people and each further post a stated
share as many new ones. Creators' audiences overlap as random slices of one large platform
audience would: two creators of a few thousand followers barely share anyone, while thirty
mega creators of millions each share a good part of their audiences.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from bot.domain.mix.model import mix_model

FloatArray = npt.NDArray[np.float64]


def repeat_posts_worth(posts: npt.ArrayLike) -> FloatArray:
    """How many first posts' worth of new people `posts` posts by one creator reach:
    1 + r + r² + … with r the stated share of new people each repeat post reaches."""
    ratio = mix_model().planning.repeat_reach_new_share.value
    counts = np.asarray(posts, dtype=np.float64)
    return np.asarray((1 - np.power(ratio, counts)) / (1 - ratio), dtype=np.float64)


def audience_pool() -> float:
    """The platform audience creators' followers are drawn from (stated assumption)."""
    return mix_model().planning.audience_pool_people.value


def people_reached(
    views_per_post: npt.ArrayLike, creators: npt.ArrayLike, posts: npt.ArrayLike
) -> FloatArray:
    """Distinct people `creators` creators of one size reach with `posts` posts each.

    Each creator reaches `per_creator` people; as random slices of a pool of P people, N of
    them reach P × (1 − (1 − per_creator/P)^N): close to N × per_creator while that is
    small against P, never more than P. Computed with log1p/expm1 so that tiny shares of a
    large pool keep their precision.
    """
    pool = audience_pool()
    per_creator = np.asarray(views_per_post, dtype=np.float64) * repeat_posts_worth(posts)
    share = np.minimum(per_creator / pool, 1 - 1e-12)
    count = np.asarray(creators, dtype=np.float64)
    return np.asarray(-pool * np.expm1(count * np.log1p(-share)), dtype=np.float64)


def distinct_share(reaches: npt.ArrayLike) -> float:
    """The share of the summed reach that is distinct people when groups of creators (a
    plan's tiers) reach `reaches` people each: as random slices of one platform audience,
    together they reach P × (1 − Π(1 − Rᵢ/P)), never more than P."""
    groups = np.asarray(reaches, dtype=np.float64)
    total = float(groups.sum())
    if total <= 0:
        return 1.0
    pool = audience_pool()
    shares = np.minimum(groups / pool, 1 - 1e-12)
    together = float(-pool * np.expm1(np.log1p(-shares).sum()))
    return min(1.0, together / total)


def pooled(reaches: npt.ArrayLike) -> FloatArray:
    """Reach in the additive form the optimiser sums: −P·ln(1 − R/P) per tier. Summed over a
    plan's tiers it is −P·ln Π(1 − Rᵢ/P), which grows exactly as the plan's distinct people
    (`distinct_share`) do, so a plan that maximises it reaches the most distinct people.
    Close to R for small audiences, a little above R for the biggest."""
    pool = audience_pool()
    share = np.minimum(np.asarray(reaches, dtype=np.float64) / pool, 1 - 1e-12)
    return np.asarray(-pool * np.log1p(-share), dtype=np.float64)
