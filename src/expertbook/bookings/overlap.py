"""Claiming an expert's time: the one rule that keeps an expert's bookings apart.

A booking holds its buffered range [buffered_start, buffered_end) while its status is
one of HOLDS_TIME (models/booking.py). Two such bookings of one expert never overlap,
unless they are seats of one group session (the same `session_key`, bookings/seats.py),
which share one range exactly:

1. Every path that takes time calls this module inside the request's transaction: a new
   booking `claim_new()`, a booking that moves or comes back `claim()` then `save()`.
   Each first takes the expert's lock until that transaction ends (on PostgreSQL a
   transaction-scoped advisory lock per expert; on SQLite the database's write lock,
   which every writing transaction holds from its first statement, BEGIN IMMEDIATE in
   db.py), then checks the range with the one condition, `_overlapping()` (for a new
   booking, inside its INSERT). The check is a statement of its own after the lock was
   granted, so on PostgreSQL (READ COMMITTED) it sees all the previous holder committed.
2. Behind it, PostgreSQL's exclusion constraint `ex_bookings_no_overlap` (declared on
   the model, created by a migration) refuses an overlap whatever wrote it. Its
   violations, and lock waits beyond the connection's lock_timeout, become 409
   slot_taken, never a 500 or a hang.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Exists,
    String,
    Table,
    bindparam,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.errors import SlotTaken
from expertbook.event_types.schemas import LONGEST_BUFFERED_BOOKING
from expertbook.models import HOLDS_TIME, Booking

# The advisory lock's first key: keeps ExpertBook's locks apart from other users'.
LOCK_NAMESPACE = 0x45424B
# exclusion_violation, deadlock_detected, lock_not_available
CONFLICT_SQLSTATES = frozenset({"23P01", "40P01", "55P03"})


def _holding(expert_id: object) -> list[ColumnElement[bool]]:
    """The expert's bookings that hold time."""
    return [Booking.expert_id == expert_id, Booking.status.in_(sorted(HOLDS_TIME))]


def _overlapping(
    expert: ColumnElement[Any],
    start: ColumnElement[Any],
    end: ColumnElement[Any],
    session_key: ColumnElement[Any],
    ignore: ColumnElement[Any] | None = None,
) -> Exists:
    """Whether a time-holding booking of the expert outside the session `session_key`,
    `ignore` aside, overlaps [start, end).

    Such bookings never overlap each other (a session's seats share one range), so the
    last one to start before the range ends is the only one that can reach into it: one
    step down the (expert, status, start) index, however many bookings the expert has.
    """
    last = (
        select(Booking.buffered_end)
        .where(*_holding(expert), Booking.buffered_start < end)
        .where(Booking.session_key != session_key)
        .order_by(Booking.buffered_start.desc())
        .limit(1)
    )
    if ignore is not None:
        last = last.where(Booking.id != ignore)
    before = last.subquery()
    return exists().select_from(before).where(before.c.buffered_end > start)


# Built once: building a statement costs more than running it.
_EXPERT: BindParameter[Any] = bindparam("expert")
_START: BindParameter[Any] = bindparam("start")
_END: BindParameter[Any] = bindparam("end")
_SESSION: BindParameter[Any] = bindparam("session_key")
_OVERLAPS = {
    False: select(_overlapping(_EXPERT, _START, _END, _SESSION)),
    True: select(_overlapping(_EXPERT, _START, _END, _SESSION, bindparam("ignore"))),
}
# A new booking's check and insert in one statement, with the same condition: a round
# trip (on SQLite, four trips to its thread) fewer while the expert is locked.
_TABLE = cast(Table, Booking.__table__)
_NEW = {column.key: bindparam(column.key, type_=column.type) for column in _TABLE.c}
_INSERT_IF_FREE = insert(_TABLE).from_select(
    list(_NEW),
    select(*_NEW.values()).where(
        ~_overlapping(
            _NEW["expert_id"], _NEW["buffered_start"], _NEW["buffered_end"], _NEW["session_key"]
        )
    ),
)
_LOCK = select(
    func.pg_advisory_xact_lock(LOCK_NAMESPACE, func.hashtext(bindparam("expert", type_=String)))
)


async def lock_expert(session: AsyncSession, expert_id: uuid.UUID) -> None:
    """Hold the expert's lock until the transaction ends (see the module's docstring)."""
    # SQLite needs nothing more: a writing transaction already holds the database's lock.
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_LOCK, {"expert": str(expert_id)})


async def claim(
    session: AsyncSession,
    *,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    session_key: uuid.UUID,
    ignore: uuid.UUID | None = None,
) -> None:
    """Take the expert's time [start, end) for the session `session_key` in this
    transaction; 409 if a booking of another session holds it.

    `ignore` is the booking that moves or comes back: its own old range is no conflict.
    """
    if not await is_free(
        session,
        expert_id=expert_id,
        start=start,
        end=end,
        session_key=session_key,
        ignore=ignore,
    ):
        raise SlotTaken()


async def is_free(
    session: AsyncSession,
    *,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    session_key: uuid.UUID,
    ignore: uuid.UUID | None = None,
) -> bool:
    """Lock the expert's time for this transaction and tell whether [start, end) is free
    for the session `session_key` (`ignore` aside): what claim() asks."""
    with conflicts_as_slot_taken():
        await lock_expert(session, expert_id)
        params = {
            "expert": expert_id,
            "start": start,
            "end": end,
            "session_key": session_key,
            "ignore": ignore,
        }
        return not await session.scalar(_OVERLAPS[ignore is not None], params)


async def claim_new(session: AsyncSession, booking: Booking) -> None:
    """Lock the expert's time and store the new booking only if no booking of another
    session holds its range; else 409. The booking stays out of the session: it is
    written here. A seat's session was checked under the lock before (bookings/seats.py)."""
    values = {key: getattr(booking, key) for key in _NEW}
    with conflicts_as_slot_taken():
        await lock_expert(session, booking.expert_id)
        result = await session.execute(_INSERT_IF_FREE, values)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise SlotTaken()


async def save(session: AsyncSession) -> None:
    """Write what holds the claimed time; PostgreSQL's backstop refusing it is a 409 too."""
    with conflicts_as_slot_taken():
        await session.flush()


@contextmanager
def conflicts_as_slot_taken() -> Iterator[None]:
    """The no-overlap constraint's violations and lock time-outs become 409 slot_taken."""
    try:
        yield
    except DBAPIError as exc:
        if _sqlstate(exc) in CONFLICT_SQLSTATES:
            raise SlotTaken() from exc
        raise


def _sqlstate(exc: DBAPIError) -> str | None:
    for error in (exc.orig, getattr(exc.orig, "__cause__", None)):
        for attribute in ("sqlstate", "pgcode"):
            if value := getattr(error, attribute, None):
                return str(value)
    return None


_BUSY = select(Booking.buffered_start, Booking.buffered_end).where(
    *_holding(bindparam("expert")),
    # The lower bound keeps the index scan to the window, not the expert's whole past.
    Booking.buffered_start > bindparam("floor"),
    Booking.buffered_start < bindparam("end"),
    Booking.buffered_end > bindparam("start"),
)


async def busy_ranges(
    session: AsyncSession, expert_id: uuid.UUID, start: datetime, end: datetime
) -> list[tuple[datetime, datetime]]:
    """The buffered ranges of the expert's time-holding bookings touching [start, end)."""
    params = {
        "expert": expert_id,
        "floor": start - LONGEST_BUFFERED_BOOKING,
        "end": end,
        "start": start,
    }
    return [(row[0], row[1]) for row in await session.execute(_BUSY, params)]


_HOLDING_STARTS = select(
    Booking.id, Booking.session_key, Booking.event_type_id, Booking.start_at
).where(
    *_holding(bindparam("expert")),
    Booking.start_at >= bindparam("start"),
    Booking.start_at < bindparam("end"),
)


async def holding_starts(
    session: AsyncSession,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    ignore: uuid.UUID | None = None,
) -> list[tuple[uuid.UUID, datetime]]:
    """(event type, start) of the expert's time-holding sessions starting in [start, end),
    `ignore` aside: what booking limits count (a group session once, however many seats)."""
    params = {"expert": expert_id, "start": start, "end": end}
    rows = await session.execute(_HOLDING_STARTS, params)
    sessions = {
        row.session_key: (row.event_type_id, row.start_at) for row in rows if row.id != ignore
    }
    return list(sessions.values())
