"""Every booking query in one place, and the per-expert write lock."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.errors import SlotTaken
from expertbook.models import CONFIRMED, Booking, EventType, Expert, IdempotencyKey, User

# First key of the two-key advisory lock: keeps ExpertBook's locks apart from others'.
BOOKING_LOCK_NAMESPACE = 0x45424B
# exclusion_violation, deadlock_detected, lock_not_available
CONFLICT_SQLSTATES = {"23P01", "40P01", "55P03"}


@dataclass
class BookingView:
    """A booking with what its readers need: the event type, the expert and their user."""

    booking: Booking
    event_type: EventType
    expert: Expert
    expert_user: User


def _views() -> Select[Booking, EventType, Expert, User]:
    return (
        select(Booking, EventType, Expert, User)
        .join(EventType, EventType.id == Booking.event_type_id)
        .join(Expert, Expert.id == Booking.expert_id)
        .join(User, User.id == Expert.user_id)
    )


async def get_view(session: AsyncSession, booking_id: uuid.UUID) -> BookingView | None:
    row = (await session.execute(_views().where(Booking.id == booking_id))).one_or_none()
    return BookingView(row[0], row[1], row[2], row[3]) if row else None


async def list_views(
    session: AsyncSession,
    *,
    user_id: uuid.UUID | None = None,
    expert_id: uuid.UUID | None = None,
    upcoming: bool,
    now: datetime,
    offset: int,
    limit: int,
) -> tuple[list[BookingView], int]:
    conditions = [Booking.end_at > now if upcoming else Booking.end_at <= now]
    if user_id is not None:
        conditions.append(Booking.user_id == user_id)
    if expert_id is not None:
        conditions.append(Booking.expert_id == expert_id)
    order = Booking.start_at.asc() if upcoming else Booking.start_at.desc()
    query = _views().where(*conditions).order_by(order, Booking.id).offset(offset).limit(limit)
    rows = (await session.execute(query)).all()
    total = await session.scalar(select(func.count()).select_from(Booking).where(*conditions))
    return [BookingView(r[0], r[1], r[2], r[3]) for r in rows], total or 0


async def lock_expert(session: AsyncSession, expert_id: uuid.UUID) -> None:
    """Serialise bookings of one expert, so contention gives fast 409s, not deadlocks.

    On SQLite every writing request already holds the database's write lock
    (BEGIN IMMEDIATE), which serialises them the same way.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    with translate_conflicts():  # waits at most the connection's lock_timeout (db.py)
        await session.execute(
            _LOCK_EXPERT, {"namespace": BOOKING_LOCK_NAMESPACE, "expert": str(expert_id)}
        )


def _last_confirmed_before() -> Select[datetime]:
    return (
        select(Booking.buffered_end)
        .where(
            Booking.expert_id == bindparam("expert"),
            Booking.status == CONFIRMED,
            Booking.buffered_start < bindparam("end"),
        )
        .order_by(Booking.buffered_start.desc())
        .limit(1)
    )


# Every booking runs these: built once, not per call.
_LAST_CONFIRMED_BEFORE = _last_confirmed_before()
_LAST_OTHER_CONFIRMED_BEFORE = _last_confirmed_before().where(Booking.id != bindparam("ignore"))
_LOCK_EXPERT = text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:expert))")
_ACTIVE_EVENT_TYPE_IDS = select(EventType.id).where(
    EventType.expert_id == bindparam("expert"), EventType.is_active.is_(True)
)


async def overlaps_confirmed(
    session: AsyncSession,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    ignore: uuid.UUID | None = None,
) -> bool:
    """Whether a confirmed booking of the expert (but `ignore`) overlaps [start, end).

    Confirmed bookings never overlap each other, so only the last one to start before `end`
    can reach into the range: one step down the (expert, status, start) index, however
    many bookings the expert has.
    """
    params = {"expert": expert_id, "end": end, "ignore": ignore}
    query = _LAST_CONFIRMED_BEFORE if ignore is None else _LAST_OTHER_CONFIRMED_BEFORE
    last_end = await session.scalar(query, params)
    return last_end is not None and last_end > start


@contextmanager
def translate_conflicts() -> Iterator[None]:
    """PostgreSQL's no-overlap backstop and lock failures become 409 slot_taken."""
    try:
        yield
    except DBAPIError as exc:
        if _sqlstate(exc) in CONFLICT_SQLSTATES:
            raise SlotTaken() from exc
        raise


def _sqlstate(exc: DBAPIError) -> str | None:
    orig = exc.orig
    for attribute in ("sqlstate", "pgcode"):
        value = getattr(orig, attribute, None) or getattr(
            getattr(orig, "__cause__", None), attribute, None
        )
        if value:
            return str(value)
    return None


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


async def active_event_type_ids(session: AsyncSession, expert_id: uuid.UUID) -> list[uuid.UUID]:
    return list(await session.scalars(_ACTIVE_EVENT_TYPE_IDS, {"expert": expert_id}))
