"""An expert's calendar connections: added, chosen from, read again on request, removed.

Requests never wait on a calendar server: they store what the expert asked for and
wake the syncer (sync.py), which reads the server once the request has committed; the
connection says `syncing` until that read has ended.
"""

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.calendars import write_back
from expertbook.calendars.credentials import Credentials, encrypt
from expertbook.calendars.remote import Remote, feed_url
from expertbook.calendars.schemas import (
    BusyRead,
    CalendarChoice,
    CalendarCreate,
    CalendarRead,
    CalendarUpdate,
)
from expertbook.config import Settings
from expertbook.db import after_commit
from expertbook.errors import NotFound, Unprocessable
from expertbook.kit.i18n import N_, Message, Words
from expertbook.kit.time import utcnow
from expertbook.models import (
    Booking,
    BookingStatus,
    CalendarConnection,
    CalendarKind,
    Expert,
    ExternalBusy,
)
from expertbook.realtime.events import Events
from expertbook.webhooks.addresses import AddressRefused

MAX_CONNECTIONS = 10
MAX_BUSY_DAYS = 62
# Upcoming bookings copied into a calendar newly chosen for writing.
MAX_COPIED = 500
Wake = Callable[[], None]


def to_read(connection: CalendarConnection, reader: Words) -> CalendarRead:
    """The connection as `reader` reads it (its last error in their language)."""
    requested, checked = connection.sync_requested_at, connection.checked_at
    return CalendarRead(
        id=connection.id,
        kind=CalendarKind(connection.kind).value,
        url=connection.url,
        calendars=[
            CalendarChoice(
                url=calendar["url"],
                name=calendar["name"],
                busy=calendar["busy"],
                write=calendar["url"] == connection.write_calendar_url,
            )
            for calendar in connection.calendars
        ],
        write_calendar_url=connection.write_calendar_url,
        syncing=requested is not None and (checked is None or checked < requested),
        last_synced_at=connection.last_synced_at,
        last_error=(
            None
            if connection.last_error is None
            else Message.stored(connection.last_error, connection.last_error_values).in_words(
                reader
            )
        ),
        checked_at=checked,
        created_at=connection.created_at,
    )


async def _checked_url(url: str, settings: Settings) -> str:
    try:
        await Remote(settings).check(url)
    except AddressRefused as refused:
        raise Unprocessable(
            refused.message,
            code="calendar_url_refused",
            details=[{"field": "url", "message": refused.message}],
        ) from None
    return url


async def _own(
    session: AsyncSession, expert: Expert, connection_id: uuid.UUID
) -> CalendarConnection:
    connection = await session.get(CalendarConnection, connection_id)
    if connection is None or connection.expert_id != expert.id:
        raise NotFound("No such calendar.")
    return connection


def _read_soon(session: AsyncSession, connection: CalendarConnection, wake: Wake) -> None:
    """Have the syncer read the connection as soon as this transaction commits."""
    now = utcnow()
    connection.next_sync_at = connection.sync_requested_at = now

    async def wake_syncer() -> None:
        wake()

    after_commit(session, wake_syncer)


async def list_connections(
    session: AsyncSession, expert: Expert, reader: Words
) -> list[CalendarRead]:
    connections = await session.scalars(
        select(CalendarConnection)
        .where(CalendarConnection.expert_id == expert.id)
        .order_by(CalendarConnection.created_at)
    )
    return [to_read(connection, reader) for connection in connections]


async def get_connection(
    session: AsyncSession, expert: Expert, connection_id: uuid.UUID, reader: Words
) -> CalendarRead:
    return to_read(await _own(session, expert, connection_id), reader)


async def create_connection(
    session: AsyncSession,
    expert: Expert,
    data: CalendarCreate,
    settings: Settings,
    wake: Wake,
    reader: Words,
) -> CalendarRead:
    count = await session.scalar(
        select(func.count()).where(CalendarConnection.expert_id == expert.id)
    )
    if (count or 0) >= MAX_CONNECTIONS:
        raise Unprocessable(
            "You can connect up to {count} calendars. Disconnect one first.",
            count=MAX_CONNECTIONS,
            code="too_many_calendars",
        )
    url = await _checked_url(feed_url(data.url), settings)
    connection = CalendarConnection(
        id=uuid.uuid4(),
        expert_id=expert.id,
        kind=data.kind,
        url=url,
        calendars=[],
        created_at=utcnow(),
        updated_at=utcnow(),
    )
    if data.username is not None and data.password is not None:
        # A CalDAV account: its calendars are found at the first read.
        connection.credentials = encrypt(
            settings.secret_key, Credentials(data.username, data.password)
        )
    else:
        name = urlsplit(url).hostname or url
        connection.calendars = [{"url": url, "name": name, "busy": True}]
    _read_soon(session, connection, wake)
    session.add(connection)
    expert.has_calendars = True
    await session.flush()
    return to_read(connection, reader)


async def _forget_busy(
    session: AsyncSession, events: Events, connection: CalendarConnection, urls: set[str]
) -> None:
    """Drop the cached busy times of calendars that no longer count."""
    if not urls:
        return
    result = await session.execute(
        delete(ExternalBusy).where(
            ExternalBusy.connection_id == connection.id, ExternalBusy.calendar_url.in_(urls)
        )
    )
    if result.rowcount:  # type: ignore[attr-defined]
        await events.slots_changed(session, expert_id=connection.expert_id)


async def _copy_upcoming(session: AsyncSession, expert: Expert, calendar_url: str) -> None:
    """Queue the expert's upcoming confirmed bookings for the calendar just chosen."""
    rows = await session.execute(
        select(Booking.id, Booking.sequence)
        .where(
            Booking.expert_id == expert.id,
            Booking.status == BookingStatus.CONFIRMED,
            Booking.end_at > utcnow(),
        )
        .order_by(Booking.start_at)
        .limit(MAX_COPIED)
    )
    for booking_id, sequence in rows:
        write_back.queue_write(session, booking_id, sequence, calendar_url)


async def update_connection(
    session: AsyncSession,
    expert: Expert,
    connection_id: uuid.UUID,
    data: CalendarUpdate,
    settings: Settings,
    events: Events,
    wake: Wake,
    reader: Words,
) -> CalendarRead:
    connection = await _own(session, expert, connection_id)
    known = {calendar["url"] for calendar in connection.calendars}
    is_caldav = connection.kind == CalendarKind.CALDAV
    if data.busy_calendars is not None:
        _ensure_known(set(data.busy_calendars), known, "busyCalendars")
        chosen = set(data.busy_calendars)
        dropped = {c["url"] for c in connection.calendars if c["busy"] and c["url"] not in chosen}
        connection.calendars = [
            calendar | {"busy": calendar["url"] in chosen} for calendar in connection.calendars
        ]
        await _forget_busy(session, events, connection, dropped)
    if "write_calendar_url" in data.model_fields_set:
        target = data.write_calendar_url
        if target is not None:
            if not is_caldav:
                # Marked apart: a message inside an error's call is not extracted.
                read_only = N_("Read only.")
                raise Unprocessable(
                    "A calendar feed is read only: bookings cannot be written into it.",
                    code="calendar_read_only",
                    details=[{"field": "writeCalendarUrl", "message": read_only}],
                )
            _ensure_known({target}, known, "writeCalendarUrl")
            await _only_writer(session, expert, connection)
        changed = target != connection.write_calendar_url
        connection.write_calendar_url = target
        if changed and target is not None:
            await _copy_upcoming(session, expert, target)
    if data.username is not None or data.password is not None:
        if not is_caldav:
            raise Unprocessable("A calendar feed has no password.", code="calendar_no_password")
        if data.username is None or data.password is None:
            raise Unprocessable(
                "Enter the username and the password together.", code="credentials_incomplete"
            )
        connection.credentials = encrypt(
            settings.secret_key, Credentials(data.username, data.password)
        )
    connection.updated_at = utcnow()
    _read_soon(session, connection, wake)
    await session.flush()
    return to_read(connection, reader)


def _ensure_known(urls: set[str], known: set[str], field: str) -> None:
    unknown = sorted(urls - known)
    if unknown:
        message = Message("This connection has no calendar {url}.", url=unknown[0])
        raise Unprocessable(
            message, code="unknown_calendar", details=[{"field": field, "message": message}]
        )


async def _only_writer(
    session: AsyncSession, expert: Expert, connection: CalendarConnection
) -> None:
    """Bookings go into one calendar at most: choosing one clears the others' choice."""
    others = await session.scalars(
        select(CalendarConnection).where(
            CalendarConnection.expert_id == expert.id,
            CalendarConnection.id != connection.id,
            CalendarConnection.write_calendar_url.is_not(None),
        )
    )
    for other in others:
        other.write_calendar_url = None


async def sync_now(
    session: AsyncSession, expert: Expert, connection_id: uuid.UUID, wake: Wake, reader: Words
) -> CalendarRead:
    connection = await _own(session, expert, connection_id)
    _read_soon(session, connection, wake)
    await session.flush()
    return to_read(connection, reader)


async def delete_connection(
    session: AsyncSession, expert: Expert, connection_id: uuid.UUID, events: Events
) -> None:
    """Disconnect: its busy times stop counting; events already written stay."""
    connection = await _own(session, expert, connection_id)
    await _forget_busy(session, events, connection, {c["url"] for c in connection.calendars})
    await session.delete(connection)
    await session.flush()
    expert.has_calendars = bool(
        await session.scalar(select(func.count()).where(CalendarConnection.expert_id == expert.id))
    )
    await session.flush()


async def list_busy(
    session: AsyncSession, expert: Expert, start: datetime, end: datetime
) -> list[BusyRead]:
    """The expert's calendar busy times touching [start, end), for their own week view."""
    if end <= start or end - start > timedelta(days=MAX_BUSY_DAYS):
        raise Unprocessable(
            "Ask for a range of at most {count} days, ending after it starts.",
            count=MAX_BUSY_DAYS,
            code="invalid_range",
        )
    rows = await session.execute(
        select(ExternalBusy.start_at, ExternalBusy.end_at, ExternalBusy.connection_id)
        .where(
            ExternalBusy.expert_id == expert.id,
            ExternalBusy.start_at < end,
            ExternalBusy.end_at > start,
        )
        .order_by(ExternalBusy.start_at)
    )
    return [BusyRead(start=row[0], end=row[1], connection_id=row[2]) for row in rows]
