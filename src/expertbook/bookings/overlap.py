"""Claiming an expert's time: the one rule that keeps an expert's bookings apart.

A booking holds its buffered range [buffered_start, buffered_end) while its status is
one of HOLDS_TIME (models/booking.py). Two such bookings of one expert never overlap:

1. Every path that takes time (create, restore, reschedule) calls `claim()` inside the
   request's transaction, then writes with `save()`. `claim()` first takes the expert's
   lock until that transaction ends — on PostgreSQL a transaction-scoped advisory lock
   per expert, on SQLite the database's write lock, which every writing transaction
   holds from its first statement (BEGIN IMMEDIATE, db.py) — and then checks the range.
   The check is a statement of its own after the lock was granted, so on PostgreSQL
   (READ COMMITTED) it sees everything that the previous holder committed.
2. Behind it, PostgreSQL's exclusion constraint `ex_bookings_no_overlap` (declared on
   the model, created by a migration) refuses an overlap whatever wrote it. Its
   violations, and lock waits beyond the connection's lock_timeout, become 409
   slot_taken, never a 500 or a hang.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import ColumnElement, Select, String, bindparam, exists, func, select
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


def _overlap_query(*, ignoring: bool) -> Select[tuple[bool]]:
    """Whether a time-holding booking of the expert overlaps [start, end), `ignore` aside.

    Such bookings never overlap each other, so the last one to start before the range
    ends is the only one that can reach into it: one step down the (expert, status,
    start) index, however many bookings the expert has.
    """
    last = (
        select(Booking.buffered_end)
        .where(*_holding(bindparam("expert")), Booking.buffered_start < bindparam("end"))
        .order_by(Booking.buffered_start.desc())
        .limit(1)
    )
    if ignoring:
        last = last.where(Booking.id != bindparam("ignore"))
    before = last.subquery()
    return select(exists().select_from(before).where(before.c.buffered_end > bindparam("start")))


# Built once: building a statement costs more than running it.
_OVERLAPS = {ignoring: _overlap_query(ignoring=ignoring) for ignoring in (False, True)}
_LOCK = select(
    func.pg_advisory_xact_lock(LOCK_NAMESPACE, func.hashtext(bindparam("expert", type_=String)))
)


async def _lock_expert(session: AsyncSession, expert_id: uuid.UUID) -> None:
    # SQLite needs nothing more: a writing transaction already holds the database's lock.
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(_LOCK, {"expert": str(expert_id)})


async def claim(
    session: AsyncSession,
    *,
    expert_id: uuid.UUID,
    start: datetime,
    end: datetime,
    ignore: uuid.UUID | None = None,
) -> None:
    """Take the expert's time [start, end) for this transaction; 409 if a booking holds it.

    `ignore` is the booking that moves or comes back: its own old range is no conflict.
    """
    with conflicts_as_slot_taken():
        await _lock_expert(session, expert_id)
        params = {"expert": expert_id, "start": start, "end": end, "ignore": ignore}
        taken = await session.scalar(_OVERLAPS[ignore is not None], params)
    if taken:
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
