"""Reading each connection's busy times into the database, in the background.

Every connection is read again every `calendars_sync_seconds`, or at once when its
expert asks. One worker claims a due connection (moving its next_sync_at on) so that
instances never read the same one together. A read that fails keeps the busy times
of the last good one and records the error for the expert to see.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import anyio
from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings.ics import booking_uid
from expertbook.bookings.overlap import lock_expert
from expertbook.calendars import busy as busy_store
from expertbook.calendars.credentials import CredentialsUnreadable, decrypt
from expertbook.calendars.expand import Range, busy_ranges
from expertbook.calendars.remote import CalendarUnreachable, FoundCalendar, Remote
from expertbook.config import Settings
from expertbook.db import Database, run_in_transaction
from expertbook.kit.i18n import Message
from expertbook.kit.periodic import Periodic
from expertbook.kit.time import utcnow, zone
from expertbook.models import Booking, CalendarConnection, CalendarKind, Expert
from expertbook.realtime.events import Events

logger = logging.getLogger("expertbook.calendars")
BATCH = 10
# The background looks for due connections at least this often.
LONGEST_TICK = 30.0


@dataclass(frozen=True)
class Reading:
    calendars: list[dict[str, Any]]
    busy: dict[str, list[Range]]


def merge_choices(
    previous: list[dict[str, Any]], found: list[FoundCalendar]
) -> list[dict[str, Any]]:
    """The server's calendars with the expert's choices kept. On the first discovery every
    calendar counts as busy; one that appears later does not until the expert says so."""
    chosen = {calendar["url"]: calendar["busy"] for calendar in previous}
    return [
        {"url": calendar.url, "name": calendar.name, "busy": chosen.get(calendar.url, not previous)}
        for calendar in found
    ]


def busy_urls(connection: CalendarConnection) -> list[str]:
    return [calendar["url"] for calendar in connection.calendars if calendar["busy"]]


async def own_booking_uids(
    session: AsyncSession, expert_id: uuid.UUID, since: datetime
) -> frozenset[str]:
    """The UIDs (as in their .ics) of the expert's bookings that end after `since`."""
    ids = await session.scalars(
        select(Booking.id).where(Booking.expert_id == expert_id, Booking.end_at > since)
    )
    return frozenset(booking_uid(booking_id) for booking_id in ids)


class CalendarSyncer:
    def __init__(self, database: Database, settings: Settings, events: Events) -> None:
        self.database = database
        self.settings = settings
        self.events = events
        self.remote = Remote(settings)
        self.interval = timedelta(seconds=settings.calendars_sync_seconds)
        self._runner = Periodic(
            "calendar-sync", min(settings.calendars_sync_seconds, LONGEST_TICK), self.sync_due
        )

    def window(self, now: datetime) -> tuple[datetime, datetime]:
        return now - timedelta(days=1), now + timedelta(days=self.settings.calendars_days_ahead)

    async def read(
        self,
        connection: CalendarConnection,
        expert_zone: str,
        now: datetime,
        own: frozenset[str] = frozenset(),
    ) -> Reading:
        """What the connection's server says now (CalendarUnreachable if it cannot); `own`
        are the UIDs of the expert's own bookings, which are not read as busy."""
        start, end = self.window(now)
        tz = zone(expert_zone)
        if connection.kind == CalendarKind.ICS:
            text = await self.remote.read_feed(connection.url)
            ranges = await anyio.to_thread.run_sync(
                lambda: busy_ranges([text], start=start, end=end, zone=tz, skip_uids=own)
            )
            return Reading(connection.calendars, {connection.url: ranges})
        if connection.credentials is None:
            raise CalendarUnreachable(
                Message("No password is saved for this calendar. Enter it again.")
            )
        try:
            credentials = decrypt(self.settings.secret_key, connection.credentials)
        except CredentialsUnreadable as error:
            raise CalendarUnreachable(error.message) from None
        found = await self.remote.discover(connection.url, credentials)
        calendars = merge_choices(connection.calendars, found)
        chosen = [calendar["url"] for calendar in calendars if calendar["busy"]]
        texts = await self.remote.read_caldav(connection.url, credentials, chosen, start, end)

        def expand() -> dict[str, list[Range]]:
            return {
                url: busy_ranges(texts.get(url, []), start=start, end=end, zone=tz, skip_uids=own)
                for url in chosen
            }

        return Reading(calendars, await anyio.to_thread.run_sync(expand))

    async def sync(self, connection_id: uuid.UUID, now: datetime | None = None) -> None:
        """Read one connection now and cache what it says, or record why it could not."""
        now = now or utcnow()
        async with self.database.read_sessions() as session:
            row = (
                await session.execute(
                    select(CalendarConnection, Expert.timezone)
                    .join(Expert, Expert.id == CalendarConnection.expert_id)
                    .where(CalendarConnection.id == connection_id)
                )
            ).one_or_none()
            if row is None:
                return
            connection, expert_zone = row
            own = await own_booking_uids(session, connection.expert_id, self.window(now)[0])
        reading: Reading | None = None
        error: Message | None = None
        try:
            reading = await self.read(connection, expert_zone, now, own)
        except CalendarUnreachable as unreachable:
            error = unreachable.message
        async for session in run_in_transaction(self.database.write_sessions):
            await self._record(session, connection_id, reading, error)

    async def _record(
        self,
        session: AsyncSession,
        connection_id: uuid.UUID,
        reading: Reading | None,
        error: Message | None,
    ) -> None:
        connection = await session.get(CalendarConnection, connection_id)
        if connection is None:  # disconnected meanwhile
            return
        connection.checked_at = utcnow()
        if reading is None:
            assert error is not None
            connection.last_error = error.template
            connection.last_error_values = error.stored_values()
            logger.info("calendar %s could not be read: %s", connection_id, error)
            await session.flush()
            return
        # The calendars chosen now: the expert may have changed them during the read.
        if connection.kind == CalendarKind.CALDAV:
            connection.calendars = merge_choices(
                connection.calendars,
                [FoundCalendar(c["url"], c["name"]) for c in reading.calendars],
            )
        chosen = set(busy_urls(connection))
        busy = {url: ranges for url, ranges in reading.busy.items() if url in chosen}
        connection.last_synced_at = connection.checked_at
        connection.last_error = connection.last_error_values = None
        await lock_expert(session, connection.expert_id)
        if await busy_store.replace(
            session, connection_id=connection.id, expert_id=connection.expert_id, busy=busy
        ):
            await self.events.slots_changed(session, expert_id=connection.expert_id)
        await session.flush()

    async def claim_due(self, now: datetime) -> list[uuid.UUID]:
        """Connections due for a read, taken by this worker until their next time."""
        # Looked for first with a read: most ticks find nothing, and need no write lock.
        async with self.database.read_sessions() as session:
            if not await session.scalar(
                select(exists().where(CalendarConnection.next_sync_at <= now))
            ):
                return []
        async with self.database.write_sessions() as session, session.begin():
            due = (
                select(CalendarConnection.id)
                .where(CalendarConnection.next_sync_at <= now)
                .order_by(CalendarConnection.next_sync_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
            claimed = await session.scalars(
                update(CalendarConnection)
                .where(CalendarConnection.id.in_(due))
                .values(next_sync_at=now + self.interval)
                .returning(CalendarConnection.id),
                execution_options={"synchronize_session": False},
            )
            return list(claimed)

    async def sync_due(self, now: datetime | None = None) -> int:
        """Read every connection that is due; how many were read."""
        now = now or utcnow()
        total = 0
        while claimed := await self.claim_due(now):
            async with anyio.create_task_group() as group:
                for connection_id in claimed:
                    group.start_soon(self.sync, connection_id, now)
            total += len(claimed)
        return total

    def wake(self) -> None:
        self._runner.wake()

    def start(self) -> None:
        self._runner.start()

    async def stop(self) -> None:
        await self._runner.stop()
