"""Which sites may frame the booking page of the expert an embed path names."""

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.experts.schemas import ANY_SITE
from expertbook.models import Booking, Expert

# The confirmation the embedded flow moves to after booking: /embed/bookings/{id}.
# "bookings" is a reserved username, so it never names an expert.
BOOKINGS = "bookings"


async def embed_origins(session: AsyncSession, path: str) -> list[str]:
    """The expert's sites for `{username}/…` or `bookings/{id}`; none for anything else."""
    first, _, rest = path.partition("/")
    if first == BOOKINGS:
        try:
            booking_id = uuid.UUID(rest.split("/", 1)[0])
        except ValueError:
            return []
        query = select(Expert.embed_origins).join(Booking, Booking.expert_id == Expert.id)
        origins = await session.scalar(query.where(Booking.id == booking_id))
    else:
        query = select(Expert.embed_origins).where(Expert.username == first.lower())
        origins = await session.scalar(query)
    return list(origins or [])


def frame_ancestors(origins: list[str]) -> str:
    """The CSP source list: ExpertBook itself always (an expert previews their page), and
    the expert's sites."""
    if ANY_SITE in origins:
        return ANY_SITE
    return " ".join(["'self'", *origins])
