"""Group sessions: an event type with `seats` lets that many clients book one start.

All seats at one start form one session. Its seats share one key, `session_key`, derived
from the event type and the session's exact buffered range, so they share one range and
hold the expert's time once: the overlap rule (overlap.py) lets bookings of one session
overlap and nothing else. A one-to-one booking is a session of its own (its key is its id).

How many seats are taken, and by whom, is checked here with the expert's lock held, so
simultaneous requests for the last seats cannot overshoot together.
"""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.errors import Conflict
from expertbook.kit.i18n import N_
from expertbook.models import HOLDS_TIME, Booking

SESSIONS = uuid.UUID("6b1f3c1e-5d8a-4c47-9f6e-2a3d7c9e0b14")  # namespace of session keys


class SessionFull(Conflict):
    code = "session_full"
    message = N_("Every seat of this session is taken.")


class AlreadyInSession(Conflict):
    code = "already_in_session"
    message = N_("This email address already has a seat in this session.")


def session_key(
    event_type_id: uuid.UUID, buffered_start: datetime, buffered_end: datetime
) -> uuid.UUID:
    """The key every seat of the event type's session over this range shares."""
    span = (
        f"{buffered_start.astimezone(UTC).isoformat()}/{buffered_end.astimezone(UTC).isoformat()}"
    )
    return uuid.uuid5(SESSIONS, f"{event_type_id}/{span}")


_HOLDING = Booking.status.in_(sorted(HOLDS_TIME))
_TAKEN = select(Booking.id, Booking.email).where(Booking.session_key == bindparam("key"), _HOLDING)


async def check_seat(
    session: AsyncSession,
    *,
    key: uuid.UUID,
    seats: int,
    email: str,
    ignore: uuid.UUID | None = None,
) -> int:
    """409 unless the session `key` has a free seat and none for `email`; how many of its
    seats are taken. Call with the expert's lock held (overlap.lock_expert)."""
    taken = [row for row in await session.execute(_TAKEN, {"key": key}) if row.id != ignore]
    if any(row.email == email for row in taken):
        raise AlreadyInSession()
    if len(taken) >= seats:
        raise SessionFull()
    return len(taken)


async def taken_by_session(
    session: AsyncSession, keys: Iterable[uuid.UUID]
) -> dict[uuid.UUID, int]:
    """How many seats each of these sessions has taken: one query for a whole page."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = await session.execute(
        select(Booking.session_key, func.count())
        .where(Booking.session_key.in_(wanted), _HOLDING)
        .group_by(Booking.session_key)
    )
    return {key: count for key, count in rows}


@dataclass(frozen=True, slots=True)
class Session:
    key: uuid.UUID
    start: datetime
    buffered_start: datetime
    buffered_end: datetime
    taken: int


_SESSIONS = (
    select(
        Booking.session_key,
        Booking.start_at,
        Booking.buffered_start,
        Booking.buffered_end,
        func.count().label("taken"),
    )
    .where(
        Booking.event_type_id == bindparam("event_type"),
        _HOLDING,
        Booking.start_at >= bindparam("start"),
        Booking.start_at < bindparam("end"),
    )
    .group_by(Booking.session_key, Booking.start_at, Booking.buffered_start, Booking.buffered_end)
)


async def sessions_between(
    session: AsyncSession, event_type_id: uuid.UUID, start: datetime, end: datetime
) -> list[Session]:
    """The event type's sessions starting in [start, end), with their seats taken."""
    params = {"event_type": event_type_id, "start": start, "end": end}
    return [Session(*row) for row in await session.execute(_SESSIONS, params)]
