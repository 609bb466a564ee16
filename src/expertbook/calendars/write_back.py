"""Bookings written into the expert's chosen CalDAV calendar, through the outbox.

Each change of a booking queues one message (in the change's transaction); the worker
makes the calendar match the booking as it is then: a confirmed booking is PUT at a
URL of its own (so a retry or a second write replaces it, never duplicates it), with
the UID of its .ics; anything else removes it. A message overtaken by a later change of
its booking is skipped: the later one does the work; a change committed while a message
was being written is caught up with at once, so two instances delivering one booking's
messages together still leave the calendar showing its last state.
"""

import uuid

from icalendar import Calendar
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings import repository
from expertbook.bookings.ics import PRODID, booking_event
from expertbook.bookings.repository import BookingView
from expertbook.calendars.credentials import Credentials, CredentialsUnreadable, decrypt
from expertbook.calendars.remote import CalendarUnreachable, Remote
from expertbook.config import Settings
from expertbook.db import Database
from expertbook.kit.i18n import Message
from expertbook.kit.time import utcnow
from expertbook.models import (
    Booking,
    BookingStatus,
    CalendarConnection,
    CalendarCopy,
    OutboxKind,
    OutboxMessage,
    OutboxStatus,
)
from expertbook.outbox import store
from expertbook.outbox.worker import SENT, Outcome

TOPIC = "calendar.write"
# How often one delivery writes again for changes committed while it was writing.
MAX_CATCH_UPS = 3
SUPERSEDED = -1  # not a sequence: the message's change was overtaken before its write


def _writes_into(expert_id: uuid.UUID):  # type: ignore[no-untyped-def]
    return (
        select(CalendarConnection)
        .where(
            CalendarConnection.expert_id == expert_id,
            CalendarConnection.write_calendar_url.is_not(None),
        )
        .order_by(CalendarConnection.created_at)
        .limit(1)
    )


def queue_write(
    session: AsyncSession, booking_id: uuid.UUID, sequence: int, recipient: str
) -> None:
    store.enqueue(
        session,
        kind=OutboxKind.CALENDAR,
        topic=TOPIC,
        recipient=recipient[:2000],
        payload="",
        booking_id=booking_id,
        booking_sequence=sequence,
    )


async def queue(session: AsyncSession, view: BookingView) -> bool:
    """Queue the calendar's update for the booking's change, when the expert has a calendar
    to write into or the booking was written before; whether one was queued."""
    booking = view.booking
    if not view.expert.has_calendars:  # and so no copy either: they go with their calendar
        return False
    target = await session.scalar(
        _writes_into(view.expert.id).with_only_columns(CalendarConnection.write_calendar_url)
    )
    if target is None and booking.sequence > 0:
        target = await session.scalar(
            select(CalendarCopy.event_url).where(CalendarCopy.booking_id == booking.id)
        )
    if target is None:
        return False
    queue_write(session, booking.id, booking.sequence, target)
    return True


def event_url(calendar_url: str, booking_id: uuid.UUID) -> str:
    return f"{calendar_url.rstrip('/')}/expertbook-{booking_id}.ics"


def calendar_object(view: BookingView, public_url: str) -> str:
    """The booking as a CalDAV calendar object: the .ics's event (same UID and SEQUENCE)
    without its attendees, so that the server sends no invitations of its own."""
    event = booking_event(
        view, for_role="expert", public_url=public_url, language=view.expert_user.language
    )
    for name in ("ORGANIZER", "ATTENDEE"):
        event.pop(name, None)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    text: str = calendar.to_ical().decode()
    return text


class CalendarWriter:
    """The outbox's deliverer for OutboxKind.CALENDAR."""

    def __init__(self, database: Database, settings: Settings) -> None:
        self.database = database
        self.secret_key = settings.secret_key
        self.public_url = settings.public_url.rstrip("/")
        self.remote = Remote(settings)

    def _credentials(self, connection: CalendarConnection) -> Credentials:
        if connection.credentials is None:
            raise CalendarUnreachable(Message("No password is saved for this calendar."))
        try:
            return decrypt(self.secret_key, connection.credentials)
        except CredentialsUnreadable as error:
            raise CalendarUnreachable(error.message) from None

    async def __call__(self, message: OutboxMessage) -> Outcome:
        assert message.booking_id is not None
        booking_id = message.booking_id
        try:
            acted_on = await self._bring_in_line(booking_id, message.booking_sequence)
            if acted_on == SUPERSEDED:
                return Outcome(OutboxStatus.SKIPPED, "A later change of the booking replaced it.")
            # A change committed during the write is written too: its own message may have
            # been delivered already (by another instance), before this write landed.
            for _ in range(MAX_CATCH_UPS):
                if acted_on is None or acted_on == await self._sequence(booking_id):
                    break
                acted_on = await self._bring_in_line(booking_id, None)
        except CalendarUnreachable as error:
            return Outcome(OutboxStatus.PENDING, str(error)[:500])
        return SENT

    async def _sequence(self, booking_id: uuid.UUID) -> int | None:
        async with self.database.read_sessions() as session:
            sequence: int | None = await session.scalar(
                select(Booking.sequence).where(Booking.id == booking_id)
            )
            return sequence

    async def _bring_in_line(self, booking_id: uuid.UUID, sequence: int | None) -> int | None:
        """Make the calendar show the booking as it is now; the sequence acted on (None
        for a booking that is gone), or SUPERSEDED if it is no longer at `sequence`."""
        async with self.database.read_sessions() as session:
            view = await repository.get_view(session, booking_id)
            if view is not None and sequence is not None and view.booking.sequence != sequence:
                return SUPERSEDED
            copy = await session.get(CalendarCopy, booking_id)
            copy_connection = (
                await session.get(CalendarConnection, copy.connection_id) if copy else None
            )
            target = await session.scalar(_writes_into(view.expert.id)) if view else None
        wanted = view is not None and view.booking.status == BookingStatus.CONFIRMED
        url = event_url(target.write_calendar_url, booking_id) if target else None
        if copy is not None and (not wanted or copy.event_url != url):
            if copy_connection is not None:
                await self.remote.delete(
                    copy_connection.url, self._credentials(copy_connection), copy.event_url
                )
            await self._forget(booking_id)
        if wanted and target is not None and url is not None and view is not None:
            body = calendar_object(view, self.public_url)
            await self.remote.put(target.url, self._credentials(target), url, body)
            await self._remember(booking_id, target, url)
        return view.booking.sequence if view is not None else None

    async def _forget(self, booking_id: uuid.UUID) -> None:
        async with self.database.write_sessions() as session, session.begin():
            copy = await session.get(CalendarCopy, booking_id)
            if copy is not None:
                await session.delete(copy)

    async def _remember(
        self, booking_id: uuid.UUID, connection: CalendarConnection, url: str
    ) -> None:
        async with self.database.write_sessions() as session, session.begin():
            if await session.get(CalendarConnection, connection.id) is None:
                return  # disconnected meanwhile: nothing left to update it through
            copy = await session.get(CalendarCopy, booking_id)
            if copy is None:
                copy = CalendarCopy(booking_id=booking_id)
                session.add(copy)
            copy.connection_id = connection.id
            copy.calendar_url = connection.write_calendar_url or url
            copy.event_url = url
            copy.written_at = utcnow()
