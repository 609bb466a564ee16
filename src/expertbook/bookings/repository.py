"""Every booking query in one place, and the per-expert write lock."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

import asyncpg
from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    ColumnExpressionArgument,
    Exists,
    Integer,
    Select,
    Table,
    Uuid,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability.service import bookable_query
from expertbook.errors import NotFound, SlotTaken
from expertbook.kit.direct import Prebuilt, Runner
from expertbook.kit.time import UTCDateTime, utcnow
from expertbook.models import CONFIRMED, Booking, EventType, Expert, IdempotencyKey, User
from expertbook.models.base import Base

ModelT = TypeVar("ModelT", bound=Base)
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


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


def _columns(model: type[Base]) -> list[tuple[str, Column[Any]]]:
    """The model's attribute names with their columns, in one fixed order."""
    return list(sa_inspect(model).columns.items())


_BOOKINGS, _EVENT_TYPES = _table(Booking), _table(EventType)
_EVENT_TYPE_COLUMNS, _EXPERT_COLUMNS, _USER_COLUMNS = (
    _columns(EventType),
    _columns(Expert),
    _columns(User),
)
_SIBLINGS = _EVENT_TYPES.alias("siblings")
# Every column of a new booking, as a parameter of the insert.
_NEW_BOOKING = {column.name: bindparam(column.name, type_=column.type) for column in _BOOKINGS.c}

# Every booking runs these: built and compiled once, not per call.
_CLAIMABLE = Prebuilt(
    # The bookable event type's joins and conditions, with the models' columns in a
    # fixed order (for _unpack) instead of ORM entities.
    bookable_query("id", None)
    .with_only_columns(
        *(column for _, column in _EVENT_TYPE_COLUMNS + _EXPERT_COLUMNS + _USER_COLUMNS),
        # A new booking also needs, for its slotsChanged event, the ids of all the
        # expert's active event types: one row per active event type, in this round trip.
        _SIBLINGS.c.id,
        # Where `start` already lies inside a confirmed booking, read without the lock: a
        # booking committed there keeps the time taken, so a crowd asking for one slot
        # gets its 409s without queueing for the lock.
        _last_confirmed_end(_EVENT_TYPES.c.expert_id, bindparam("start"), inclusive=True)
        .scalar_subquery()
        .label("taken_until"),
        maintain_column_froms=False,
    )
    .join(
        _SIBLINGS,
        and_(_SIBLINGS.c.expert_id == _EVENT_TYPES.c.expert_id, _SIBLINGS.c.is_active.is_(True)),
    )
)


def _lock_and_check_free(
    expert: ColumnExpressionArgument[uuid.UUID],
    start: ColumnExpressionArgument[datetime],
    end: ColumnExpressionArgument[datetime],
    ignore: ColumnExpressionArgument[uuid.UUID] | None = None,
) -> ColumnElement[bool]:
    """PostgreSQL: lock the expert's bookings, then whether [start, end) is free.

    The function (see its migration) checks with a snapshot taken after the lock was
    granted. The lock lasts until the transaction ends; contention waits at most the
    connection's lock_timeout (db.py) and then fails, as a 409.
    """
    namespace = literal(BOOKING_LOCK_NAMESPACE, Integer)
    arguments = [namespace, expert, start, end] + ([] if ignore is None else [ignore])
    return func.expertbook_lock_and_check_free(*arguments, type_=Boolean)


def _insert_if_free(free: ColumnElement[bool]) -> Prebuilt:
    return Prebuilt(
        insert(_BOOKINGS)
        .from_select(list(_NEW_BOOKING), select(*_NEW_BOOKING.values()).where(free))
        .returning(_BOOKINGS.c.id)
    )


_NEW_RANGE = (
    _NEW_BOOKING["expert_id"],
    _NEW_BOOKING["buffered_start"],
    _NEW_BOOKING["buffered_end"],
)
_RANGE = (
    bindparam("expert", type_=Uuid),
    bindparam("start", type_=UTCDateTime),
    bindparam("end", type_=UTCDateTime),
)
_IGNORE = bindparam("ignore", type_=Uuid)
# A new booking's lock, check and insert in one statement: on PostgreSQL one round trip
# that holds the lock only while the database works; on SQLite every writer already
# holds the database's write lock (BEGIN IMMEDIATE), which serialises them the same way.
_INSERT_IF_FREE = {
    "postgresql": _insert_if_free(_lock_and_check_free(*_NEW_RANGE)),
    "sqlite": _insert_if_free(~_overlap_exists(*_NEW_RANGE)),
}
# The same for a booking that moves or is restored: lock and check, the update follows.
_CLAIM = {
    "postgresql": Prebuilt(select(_lock_and_check_free(*_RANGE, _IGNORE))),
    "sqlite": Prebuilt(select(~_overlap_exists(*_RANGE, _IGNORE))),
}
_IDEMPOTENCY_KEYS = _table(IdempotencyKey)
_REMEMBER_KEY = Prebuilt(insert(_IDEMPOTENCY_KEYS).returning(_IDEMPOTENCY_KEYS.c.key))
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


def _unpack(model: type[ModelT], columns: list[tuple[str, Any]], values: Any) -> ModelT:
    """A detached model object built from its columns' values in a row."""
    return model(**dict(zip((name for name, _ in columns), values, strict=True)))


async def find_claimable(run: Runner, event_type_id: uuid.UUID, start: datetime) -> Claimable:
    """The active event type, its expert and what is booked at `start`; else 404."""
    rows = await run.rows(_CLAIMABLE, {"event_type": event_type_id, "start": start})
    if not rows:
        raise NotFound("This expert has no such active event type.")
    first = rows[0]
    expert_at = len(_EVENT_TYPE_COLUMNS)
    user_at = expert_at + len(_EXPERT_COLUMNS)
    siblings_at = user_at + len(_USER_COLUMNS)
    return Claimable(
        event_type=_unpack(EventType, _EVENT_TYPE_COLUMNS, first[:expert_at]),
        expert=_unpack(Expert, _EXPERT_COLUMNS, first[expert_at:user_at]),
        expert_user=_unpack(User, _USER_COLUMNS, first[user_at:siblings_at]),
        active_event_type_ids=[row[siblings_at] for row in rows],
        taken_until=first[siblings_at + 1],
    )


async def insert_if_free(run: Runner, booking: Booking) -> bool:
    """Insert the confirmed booking unless another one overlaps its buffered range."""
    values = {name: getattr(booking, name) for name in _NEW_BOOKING}
    with translate_conflicts():
        return len(await run.rows(_INSERT_IF_FREE[run.name], values)) == 1


async def claim_range(
    run: Runner, expert_id: uuid.UUID, start: datetime, end: datetime, *, ignore: uuid.UUID
) -> bool:
    """Lock the expert's bookings for this transaction; whether [start, end) is free of
    confirmed bookings other than `ignore`."""
    params = {"expert": expert_id, "start": start, "end": end, "ignore": ignore}
    with translate_conflicts():
        rows = await run.rows(_CLAIM[run.name], params)
    return bool(rows[0][0])


async def remember_idempotency_key(
    run: Runner, key: str, request_hash: str, booking_id: uuid.UUID
) -> None:
    params = {
        "key": key,
        "request_hash": request_hash,
        "booking_id": booking_id,
        "created_at": utcnow(),
    }
    await run.rows(_REMEMBER_KEY, params)


@contextmanager
def translate_conflicts() -> Iterator[None]:
    """PostgreSQL's no-overlap backstop and lock failures become 409 slot_taken."""
    try:
        yield
    except (DBAPIError, asyncpg.PostgresError) as exc:
        if _sqlstate(exc) in CONFLICT_SQLSTATES:
            raise SlotTaken() from exc
        raise


def _sqlstate(exc: DBAPIError | asyncpg.PostgresError) -> str | None:
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
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
