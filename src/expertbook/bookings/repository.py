"""Every booking query in one place (claiming time lives in overlap.py)."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.models import Booking, BookingStatus, EventType, Expert, IdempotencyKey, User


@dataclass
class BookingView:
    """A booking with what its readers need: the event type, the expert and their user."""

    booking: Booking
    event_type: EventType
    expert: Expert
    expert_user: User


# A place held for a waitlisted client is nobody's booking until it is claimed.
_NOT_HELD = Booking.status != BookingStatus.HELD


def _views(*, held: bool = False) -> Select[Booking, EventType, Expert, User]:
    query = (
        select(Booking, EventType, Expert, User)
        .join(EventType, EventType.id == Booking.event_type_id)
        .join(Expert, Expert.id == Booking.expert_id)
        .join(User, User.id == Expert.user_id)
    )
    return query if held else query.where(_NOT_HELD)


async def get_view(
    session: AsyncSession, booking_id: uuid.UUID, *, held: bool = False
) -> BookingView | None:
    """The booking, or with `held`, also a place held for the waitlist."""
    query = _views(held=held).where(Booking.id == booking_id)
    row = (await session.execute(query)).one_or_none()
    return BookingView(row[0], row[1], row[2], row[3]) if row else None


async def session_views(
    session: AsyncSession, expert_id: uuid.UUID, key: uuid.UUID
) -> list[BookingView]:
    """Every booking of the expert's session `key`, places held for its waitlist too, in
    the order they were made."""
    query = (
        _views(held=True)
        .where(Booking.expert_id == expert_id, Booking.session_key == key)
        .order_by(Booking.created_at, Booking.id)
    )
    return [BookingView(*row) for row in (await session.execute(query)).all()]


async def list_views(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None = None,
    expert_id: uuid.UUID | None = None,
    upcoming: bool,
    statuses: Sequence[str] | None = None,
    now: datetime,
    offset: int,
    limit: int,
) -> tuple[list[BookingView], int]:
    conditions = [Booking.end_at > now if upcoming else Booking.end_at <= now, _NOT_HELD]
    if statuses:
        conditions.append(Booking.status.in_(statuses))
    if user_id is not None:
        conditions.append(Booking.user_id == user_id)
    if expert_id is not None:
        conditions.append(Booking.expert_id == expert_id)
    order = Booking.start_at.asc() if upcoming else Booking.start_at.desc()
    query = _views().where(*conditions).order_by(order, Booking.id).offset(offset).limit(limit)
    rows = (await session.execute(query)).all()
    total = await session.scalar(select(func.count()).select_from(Booking).where(*conditions))
    return [BookingView(r[0], r[1], r[2], r[3]) for r in rows], total or 0


async def still_to_remind(
    session: AsyncSession, event_type_id: uuid.UUID, now: datetime
) -> list[BookingView]:
    """The event type's confirmed bookings that have not started: those a reminder can reach."""
    query = _views().where(
        Booking.event_type_id == event_type_id,
        Booking.status == BookingStatus.CONFIRMED,
        Booking.start_at > now,
    )
    rows = (await session.execute(query.order_by(Booking.start_at, Booking.id))).all()
    return [BookingView(r[0], r[1], r[2], r[3]) for r in rows]


async def views_of(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None = None,
    expert_id: uuid.UUID | None = None,
    upcoming_after: datetime | None = None,
) -> list[BookingView]:
    """Every booking made by the user or with the expert (only those ending after
    `upcoming_after`, when given), soonest first."""
    parties = []
    if user_id is not None:
        parties.append(Booking.user_id == user_id)
    if expert_id is not None:
        parties.append(Booking.expert_id == expert_id)
    if not parties:
        return []
    query = _views().where(or_(*parties)).order_by(Booking.start_at, Booking.id)
    if upcoming_after is not None:
        query = query.where(Booking.end_at > upcoming_after)
    return [BookingView(r[0], r[1], r[2], r[3]) for r in (await session.execute(query)).all()]


async def views_between(
    session: AsyncSession, expert_id: uuid.UUID, start: datetime, end: datetime
) -> list[BookingView]:
    """The expert's bookings starting in [start, end), in order."""
    query = (
        _views()
        .where(Booking.expert_id == expert_id, Booking.start_at >= start, Booking.start_at < end)
        .order_by(Booking.start_at, Booking.id)
    )
    return [BookingView(r[0], r[1], r[2], r[3]) for r in (await session.execute(query)).all()]


async def pending_started(
    session: AsyncSession, now: datetime, limit: int = 100
) -> list[BookingView]:
    """Requests still awaiting confirmation whose start has come, locked for this
    transaction: another instance sweeping at the same moment skips them."""
    query = (
        _views()
        .where(Booking.status == BookingStatus.PENDING, Booking.start_at <= now)
        .order_by(Booking.start_at)
        .limit(limit)
        .with_for_update(of=Booking, skip_locked=True)
    )
    return [BookingView(r[0], r[1], r[2], r[3]) for r in (await session.execute(query)).all()]


async def find_idempotency_key(
    session: AsyncSession, key: str, since: datetime
) -> IdempotencyKey | None:
    return await session.scalar(
        select(IdempotencyKey).where(IdempotencyKey.key == key, IdempotencyKey.created_at > since)
    )


async def delete_idempotency_key(session: AsyncSession, key: str) -> None:
    stale = await session.get(IdempotencyKey, key)
    if stale is not None:
        await session.delete(stale)
        await session.flush()
