"""The directory's order: a Bayesian average of stars, so that a few reviews cannot buy
the top.

score = (PRIOR_WEIGHT × site mean + sum of stars) / (PRIOR_WEIGHT + number of reviews)

An expert without reviews scores the site mean; each review pulls the score from it toward
the expert's own mean, and it takes about PRIOR_WEIGHT reviews before their own mean counts
as much as the site's. One 5-star review from a friend moves little; twenty honest ones
decide. Ties (every new expert) are broken by the soonest free slot.
"""

from typing import Any

from sqlalchemy import ColumnElement, Float, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Expert

PRIOR_WEIGHT = 5.0
# The site mean before there is any review: the middle of the scale.
DEFAULT_MEAN = 3.0


async def site_mean(session: AsyncSession) -> float:
    """The mean of every published review of a listed expert."""
    row = (
        await session.execute(
            select(func.sum(Expert.rating_sum), func.sum(Expert.review_count)).where(
                Expert.listed.is_(True)
            )
        )
    ).one()
    stars, count = row
    return round(float(stars) / float(count), 6) if count else DEFAULT_MEAN


def score(mean: ColumnElement[Any]) -> ColumnElement[Any]:
    """The Bayesian average of each expert's stars, toward `mean` (the site mean)."""
    prior = literal(PRIOR_WEIGHT, Float)
    stars = cast(Expert.rating_sum, Float) + prior * mean
    return stars / (cast(Expert.review_count, Float) + prior)
