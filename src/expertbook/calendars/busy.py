"""The busy times read from an expert's calendars, as cached in the database: what the
slots subtract and what a booking may not overlap."""

import uuid
from datetime import datetime

from sqlalchemy import bindparam, delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings.overlap import lock_expert
from expertbook.calendars.expand import Range
from expertbook.errors import SlotTaken
from expertbook.models import Expert, ExternalBusy

_TOUCHING = (
    ExternalBusy.expert_id == bindparam("expert"),
    ExternalBusy.start_at < bindparam("end"),
    ExternalBusy.end_at > bindparam("start"),
)
_BUSY = select(ExternalBusy.start_at, ExternalBusy.end_at).where(*_TOUCHING)
_ANY = select(exists().where(*_TOUCHING))


async def busy_ranges(
    session: AsyncSession, expert: Expert, start: datetime, end: datetime
) -> list[Range]:
    """The expert's calendar busy times touching [start, end), unbuffered."""
    if not expert.has_calendars:
        return []
    params = {"expert": expert.id, "start": start, "end": end}
    return [(row[0], row[1]) for row in await session.execute(_BUSY, params)]


async def check_free(
    session: AsyncSession, expert: Expert, start: datetime, end: datetime, *, lock: bool = False
) -> None:
    """409 slot_taken if the expert is busy in a calendar during [start, end) (a booking's
    buffered range). Called under the expert's lock, which a calendar sync takes too:
    by a caller that holds it already (after overlap.claim), or with `lock=True`."""
    if not expert.has_calendars:
        return
    if lock:
        await lock_expert(session, expert.id)
    if await session.scalar(_ANY, {"expert": expert.id, "start": start, "end": end}):
        raise SlotTaken("The expert is busy at that time. Please choose another time.")


async def cached(session: AsyncSession, connection_id: uuid.UUID) -> dict[str, list[Range]]:
    rows = await session.execute(
        select(ExternalBusy.calendar_url, ExternalBusy.start_at, ExternalBusy.end_at)
        .where(ExternalBusy.connection_id == connection_id)
        .order_by(ExternalBusy.start_at)
    )
    found: dict[str, list[Range]] = {}
    for url, start, end in rows:
        found.setdefault(url, []).append((start, end))
    return found


async def replace(
    session: AsyncSession,
    *,
    connection_id: uuid.UUID,
    expert_id: uuid.UUID,
    busy: dict[str, list[Range]],
) -> bool:
    """Cache `busy` (per calendar URL) as the connection's busy times; whether they changed."""
    wanted = {url: ranges for url, ranges in busy.items() if ranges}
    if await cached(session, connection_id) == wanted:
        return False
    await session.execute(delete(ExternalBusy).where(ExternalBusy.connection_id == connection_id))
    session.add_all(
        ExternalBusy(
            id=uuid.uuid4(),
            connection_id=connection_id,
            expert_id=expert_id,
            calendar_url=url,
            start_at=start,
            end_at=end,
        )
        for url, ranges in wanted.items()
        for start, end in ranges
    )
    await session.flush()
    return True
