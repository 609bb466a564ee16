"""Every review query in one place."""

import uuid
from datetime import datetime
from typing import cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Booking, EventType, Expert, Review, ReviewStatus

_EXPERTS = cast(Table, Expert.__table__)


async def for_booking(session: AsyncSession, booking_id: uuid.UUID) -> Review | None:
    found: Review | None = await session.scalar(
        select(Review).where(Review.booking_id == booking_id)
    )
    return found


async def get(session: AsyncSession, review_id: uuid.UUID) -> Review | None:
    found: Review | None = await session.get(Review, review_id)
    return found


async def event_title(session: AsyncSession, review: Review) -> str:
    title: str | None = await session.scalar(
        select(EventType.title)
        .join(Booking, Booking.event_type_id == EventType.id)
        .where(Booking.id == review.booking_id)
    )
    return title or ""


async def published_page(
    session: AsyncSession,
    expert_id: uuid.UUID,
    *,
    before: tuple[datetime, uuid.UUID] | None,
    limit: int,
) -> list[tuple[Review, str]]:
    """Published reviews of the expert, newest first, with their session's title."""
    statement = (
        select(Review, EventType.title)
        .join(Booking, Booking.id == Review.booking_id)
        .join(EventType, EventType.id == Booking.event_type_id)
        .where(Review.expert_id == expert_id, Review.status == ReviewStatus.PUBLISHED)
    )
    if before is not None:
        created, review_id = before
        statement = statement.where(
            (Review.created_at < created)
            | ((Review.created_at == created) & (Review.id < review_id))
        )
    statement = statement.order_by(Review.created_at.desc(), Review.id.desc()).limit(limit)
    return [(row[0], row[1]) for row in await session.execute(statement)]


async def adjust_rating(
    session: AsyncSession, expert_id: uuid.UUID, *, count: int, stars: int
) -> None:
    """Add to the expert's published-review tally in one statement (no lost updates when
    two reviews arrive together); not a change of their profile, so updated_at stays."""
    await session.execute(
        update(_EXPERTS)
        .where(_EXPERTS.c.id == expert_id)
        .values(
            review_count=_EXPERTS.c.review_count + count,
            rating_sum=_EXPERTS.c.rating_sum + stars,
            updated_at=_EXPERTS.c.updated_at,
        )
    )


async def reported(session: AsyncSession, *, limit: int) -> list[tuple[Review, str]]:
    """Reported reviews awaiting a decision, oldest report first, with the expert's username."""
    rows = await session.execute(
        select(Review, Expert.username)
        .join(Expert, Expert.id == Review.expert_id)
        .where(Review.status == ReviewStatus.REPORTED)
        .order_by(Review.reported_at, Review.id)
        .limit(limit)
    )
    return [(row[0], row[1]) for row in rows]
