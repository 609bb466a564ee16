"""Every booking query in one place, and the per-expert write lock."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import (
    ColumnExpressionArgument,
    Exists,
    Select,
    Table,
    and_,
    bindparam,
    exists,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from expertbook.availability.service import bookable_query
from expertbook.errors import NotFound, SlotTaken
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


def _last_confirmed_end(
    expert: ColumnExpressionArgument[uuid.UUID],
    before: ColumnExpressionArgument[datetime],
    *,
    inclusive: bool = False,
    ignore: ColumnExpressionArgument[uuid.UUID] | None = None,
) -> Select[datetime]:
    """The buffered end of the expert's last confirmed booking starting before a time.

    Confirmed bookings never overlap each other, so that booking is the only one that
    can reach past the time: one step down the (expert, status, start) index, however
    many bookings the expert has.
    """
    query = (
        select(Booking.buffered_end)
        .where(
            Booking.expert_id == expert,
            Booking.status == CONFIRMED,
            Booking.buffered_start <= before if inclusive else Booking.buffered_start < before,
        )
        .order_by(Booking.buffered_start.desc())
        .limit(1)
    )
    return query if ignore is None else query.where(Booking.id != ignore)


def _overlap_exists(
    expert: ColumnExpressionArgument[uuid.UUID],
    start: ColumnExpressionArgument[datetime],
    end: ColumnExpressionArgument[datetime],
    ignore: ColumnExpressionArgument[uuid.UUID] | None = None,
) -> Exists:
    """Whether a confirmed booking of the expert overlaps [start, end)."""
    last = _last_confirmed_end(expert, end, ignore=ignore).subquery()
    return exists().select_from(last).where(last.c.buffered_end > start)


_BOOKINGS = cast(Table, Booking.__table__)
# Every column of a new booking, as a parameter of the insert.
_NEW_BOOKING = {column.name: bindparam(column.name, type_=column.type) for column in _BOOKINGS.c}
_SIBLING = aliased(EventType)

# Every booking runs these: built once, not per call.
_CLAIMABLE = (
    # A new booking also needs, for its slotsChanged event, the ids of all the expert's
    # active event types: one row per active event type, in the same round trip.
    bookable_query("id", None)
    .add_columns(
        _SIBLING.id,
        # Where `start` already lies inside a confirmed booking, read without the lock: a
        # booking committed there keeps the time taken, so a crowd asking for one slot
        # gets its 409s without queueing for the lock.
        _last_confirmed_end(EventType.expert_id, bindparam("start"), inclusive=True)
        .scalar_subquery()
        .label("taken_until"),
    )
    .join(_SIBLING, and_(_SIBLING.expert_id == EventType.expert_id, _SIBLING.is_active.is_(True)))
)
# The overlap check and the insert in one statement, run under the expert's lock.
_INSERT_IF_FREE = insert(_BOOKINGS).from_select(
    list(_NEW_BOOKING),
    select(*_NEW_BOOKING.values()).where(
        ~_overlap_exists(
            _NEW_BOOKING["expert_id"], _NEW_BOOKING["buffered_start"], _NEW_BOOKING["buffered_end"]
        )
    ),
)
_OVERLAPS = select(_overlap_exists(bindparam("expert"), bindparam("start"), bindparam("end")))
_OTHER_OVERLAPS = select(
    _overlap_exists(bindparam("expert"), bindparam("start"), bindparam("end"), bindparam("ignore"))
)
_LOCK_EXPERT = text("SELECT pg_advisory_xact_lock(:namespace, hashtext(:expert))")
_ACTIVE_EVENT_TYPE_IDS = select(EventType.id).where(
    EventType.expert_id == bindparam("expert"), EventType.is_active.is_(True)
)


@dataclass
class Claimable:
    """What a new booking needs to know before it claims a time, from one query."""

    event_type: EventType
    expert: Expert
    expert_user: User
    active_event_type_ids: list[uuid.UUID]
    # The end of the confirmed booking that `start` lies in, if any (read unlocked).
    taken_until: datetime | None


async def find_claimable(
    session: AsyncSession, event_type_id: uuid.UUID, start: datetime
) -> Claimable:
    """The active event type, its expert and what is booked at `start`; else 404."""
    params = {"event_type": event_type_id, "start": start}
    rows = (await session.execute(_CLAIMABLE, params)).all()
    if not rows:
        raise NotFound("This expert has no such active event type.")
    event_type, expert, user, _, taken_until = rows[0]
    return Claimable(event_type, expert, user, [row[3] for row in rows], taken_until)


async def insert_if_free(session: AsyncSession, booking: Booking) -> bool:
    """Insert the confirmed booking unless its buffered range is taken; run it locked."""
    values = {name: getattr(booking, name) for name in _NEW_BOOKING}
    with translate_conflicts():
        result = await session.execute(_INSERT_IF_FREE, values)
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def overlaps_confirmed(
    session: AsyncSession,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    *,
    ignore: uuid.UUID | None = None,
) -> bool:
    """Whether a confirmed booking of the expert (but `ignore`) overlaps [start, end)."""
    params = {"expert": expert_id, "start": start, "end": end, "ignore": ignore}
    return bool(await session.scalar(_OVERLAPS if ignore is None else _OTHER_OVERLAPS, params))


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
