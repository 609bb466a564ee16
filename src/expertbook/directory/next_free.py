"""Each listed expert's next free slot, kept on the expert row for the directory.

Why stored rather than computed per request: the directory filters ("available within
N days") and ranks by it across every listed expert, so it has to be a column the database
can compare; computing it for 10,000 experts per search would be neither fast nor within
a few queries. The value is derived by the slot engine itself (`answer_slots`, with the
event type's notice, window, buffers and limits), so it names a slot the public page
offers.

It is refreshed when it may have become untrue: when the expert's slots generation (bumped
by every commit that changes their free time, availability/slots_cache.py) is no longer
the one it was computed under, or when the clock passes `next_free_until` (the engine's
`valid_until`: the first slot passing its notice, or the booking window letting one in;
at the latest the expert's next midnight, when the horizon moves on a day). A background
job in every process (`refresh_next_free`) finds those experts in bulk and recomputes
them in batches: reads in one transaction-less session, then one short write.
The directory may therefore show a slot a few seconds old; the public page, where one
books, always asks the engine afresh.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import cast

from sqlalchemy import ColumnElement, Table, bindparam, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.availability import slots as engine
from expertbook.availability.limits import Tally, caps_of
from expertbook.availability.service import overrides_of, rules_of, settings_of
from expertbook.db import Database, run_in_transaction
from expertbook.event_types.schemas import LONGEST_BUFFERED_BOOKING
from expertbook.kit.time import utcnow, zone
from expertbook.models import HOLDS_TIME, Booking, EventType, Expert, ExternalBusy

logger = logging.getLogger("expertbook.directory")
HORIZON_DAYS = 14
# An expert whose slots cannot be computed is tried again after this long.
_RETRY = timedelta(hours=1)
BATCH = 200
MAX_BATCHES_PER_RUN = 25
# Week limits count the bookings since the start of the expert's week.
_LOOK_BACK = timedelta(days=8)


@dataclass(frozen=True, slots=True)
class NextFree:
    at: datetime | None  # the first free slot's start within the horizon, or None
    until: datetime  # when the clock alone may make `at` untrue


@dataclass(frozen=True, slots=True)
class _Booked:
    event_type_id: uuid.UUID
    start: datetime
    buffered: tuple[datetime, datetime]


def next_free(
    expert: Expert,
    event_types: list[EventType],
    booked: list[_Booked],
    now: datetime,
    elsewhere: Sequence[tuple[datetime, datetime]] = (),
) -> NextFree:
    """The earliest slot any of the expert's listed event types offers now, `elsewhere`
    being the times their own calendars say they are busy. Pure."""
    expert_zone = zone(expert.timezone)
    today = now.astimezone(expert_zone).date()
    rules, overrides = rules_of(expert), overrides_of(expert)
    busy = [booking.buffered for booking in booked] + list(elsewhere)
    starts = [(booking.event_type_id, booking.start) for booking in booked]
    best: datetime | None = None
    # The horizon is whole days of the expert's: the next one enters it at their midnight.
    until = datetime.combine(today + timedelta(days=1), time(), expert_zone).astimezone(UTC)
    for event_type in event_types:
        answer = engine.answer_slots(
            rules=rules,
            overrides=overrides,
            expert_zone=expert_zone,
            settings=settings_of(event_type),
            busy=busy,
            now=now,
            first_day=today,
            last_day=today + timedelta(days=HORIZON_DAYS - 1),
            viewer_zone=expert_zone,
        )
        if answer.valid_until is not None:
            until = min(until, answer.valid_until)
        caps = caps_of(event_type, expert)
        tally = Tally(caps, starts, expert_zone) if caps else None
        first = next(
            (
                slot.start
                for day in answer.days
                for slot in day.slots
                if tally is None or tally.allows(slot.start)
            ),
            None,
        )
        if first is not None and (best is None or first < best):
            best = first
    return NextFree(best, until)


def _stale(now: datetime) -> list[ColumnElement[bool]]:
    return [
        Expert.listed.is_(True),
        or_(
            Expert.next_free_generation != Expert.slots_generation,
            Expert.next_free_until.is_(None),
            Expert.next_free_until <= now,
        ),
    ]


@dataclass(frozen=True, slots=True)
class _Batch:
    experts: list[Expert]
    event_types: dict[uuid.UUID, list[EventType]]
    booked: dict[uuid.UUID, list[_Booked]]
    elsewhere: dict[uuid.UUID, list[tuple[datetime, datetime]]]


async def _load(session: AsyncSession, now: datetime) -> _Batch:
    """A batch of stale experts with their listed event types, bookings and calendars'
    busy times: three queries, a fourth when some of them have calendars."""
    experts = list(await session.scalars(select(Expert).where(*_stale(now)).limit(BATCH)))
    ids = [expert.id for expert in experts]
    if not ids:
        return _Batch([], {}, {}, {})
    event_types: dict[uuid.UUID, list[EventType]] = defaultdict(list)
    for event_type in await session.scalars(
        select(EventType).where(
            EventType.expert_id.in_(ids),
            EventType.is_active.is_(True),
            EventType.hidden.is_(False),
        )
    ):
        event_types[event_type.expert_id].append(event_type)
    booked: dict[uuid.UUID, list[_Booked]] = defaultdict(list)
    rows = await session.execute(
        select(
            Booking.expert_id,
            Booking.event_type_id,
            Booking.start_at,
            Booking.buffered_start,
            Booking.buffered_end,
        ).where(
            Booking.expert_id.in_(ids),
            Booking.status.in_(sorted(HOLDS_TIME)),
            Booking.buffered_start >= now - _LOOK_BACK - LONGEST_BUFFERED_BOOKING,
            Booking.buffered_start < now + timedelta(days=HORIZON_DAYS + 2),
        )
    )
    for expert_id, event_type_id, start, buffered_start, buffered_end in rows:
        booked[expert_id].append(_Booked(event_type_id, start, (buffered_start, buffered_end)))
    elsewhere: dict[uuid.UUID, list[tuple[datetime, datetime]]] = defaultdict(list)
    with_calendars = [expert.id for expert in experts if expert.has_calendars]
    if with_calendars:
        busy = await session.execute(
            select(ExternalBusy.expert_id, ExternalBusy.start_at, ExternalBusy.end_at).where(
                ExternalBusy.expert_id.in_(with_calendars),
                ExternalBusy.end_at > now,
                ExternalBusy.start_at < now + timedelta(days=HORIZON_DAYS + 2),
            )
        )
        for expert_id, start, end in busy:
            elsewhere[expert_id].append((start, end))
    return _Batch(experts, event_types, booked, elsewhere)


_EXPERTS = cast(Table, Expert.__table__)
_SAVE = (
    update(_EXPERTS)
    .where(_EXPERTS.c.id == bindparam("expert"))
    .values(
        next_free_at=bindparam("at"),
        next_free_until=bindparam("until"),
        # Computed from this generation: a change committed meanwhile leaves it stale.
        next_free_generation=bindparam("generation"),
        updated_at=_EXPERTS.c.updated_at,  # not a change of the profile
    )
)


async def refresh_batch(database: Database, now: datetime) -> int:
    """Recompute one batch of stale experts; how many there were."""
    async with database.read_sessions() as session:
        batch = await _load(session, now)
    if not batch.experts:
        return 0
    rows = []
    for expert in batch.experts:
        try:
            found = next_free(
                expert,
                batch.event_types[expert.id],
                batch.booked[expert.id],
                now,
                batch.elsewhere[expert.id],
            )
        except ValueError as error:  # data the API would refuse: never hold up the others
            logger.warning("next free slot of expert %s: %s", expert.id, error)
            found = NextFree(None, now + _RETRY)
        rows.append(
            {
                "expert": expert.id,
                "at": found.at,
                "until": found.until,
                "generation": expert.slots_generation,
            }
        )
    async for session in run_in_transaction(database.write_sessions):
        await session.execute(_SAVE, rows)
    return len(batch.experts)


async def refresh_next_free(database: Database, now: datetime | None = None) -> int:
    """Bring every stale listed expert up to date (in batches); how many were."""
    done = 0
    for _ in range(MAX_BATCHES_PER_RUN):
        count = await refresh_batch(database, now or utcnow())
        done += count
        if count < BATCH:
            break
    return done
