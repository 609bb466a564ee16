"""The line for one place (an event type at one start), and the offers made from it.

Every step runs with the expert's lock held (bookings/overlap.py), in the transaction of
the change that frees or takes the place, so each freed place is offered to one client
at a time and booked at most once, whatever races it:

- A place frees (a cancel, a decline, a seat freed, a booking moved away, an offer let
  go or run out): offer_freed() holds it for the first in line as a booking in status
  `held`. That row holds the time, or the seat, as any booking does, so nobody else can
  book it meanwhile, through any path or instance.
- The client claims it before `offered_until`: the held booking becomes theirs
  (waitlist/service.py).
- The hold runs out: expire_offers() drops it and offers the place to the next in line.
"""

import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import hash_secret_token
from expertbook.availability import service as availability
from expertbook.bookings import overlap, records, seats
from expertbook.calendars.busy import check_free
from expertbook.db import Database, run_in_transaction
from expertbook.errors import Conflict, SlotUnavailable
from expertbook.kit.time import utcnow
from expertbook.models import (
    Booking,
    BookingStatus,
    EventType,
    Expert,
    User,
    WaitlistEntry,
    WaitlistStatus,
)
from expertbook.realtime.events import Events


def _line(
    event_type_id: uuid.UUID, start: datetime, status: WaitlistStatus
) -> Select[WaitlistEntry]:
    return (
        select(WaitlistEntry)
        .where(
            WaitlistEntry.event_type_id == event_type_id,
            WaitlistEntry.start_at == start,
            WaitlistEntry.status == status,
        )
        .order_by(WaitlistEntry.created_at, WaitlistEntry.id)
    )


async def offer_freed(
    session: AsyncSession, events: Events, event_type: EventType, start: datetime
) -> WaitlistEntry | None:
    """The place of `event_type` at `start` may have freed: hold it for the first client in
    line and email them the claim link. None when nobody waits or it is not free."""
    if start <= utcnow():
        return None
    await overlap.lock_expert(session, event_type.expert_id)
    waiting = list(await session.scalars(_line(event_type.id, start, WaitlistStatus.WAITING)))
    if not waiting:
        return None
    expert = await session.get(Expert, event_type.expert_id)
    if expert is None:
        return None
    try:
        slot = availability.offered_slot(event_type, expert, start)
    except SlotUnavailable:
        return None  # the expert's hours or the notice no longer offer it
    for entry in waiting:
        hold = records.new_booking(
            event_type,
            slot,
            booking_id=uuid.uuid4(),
            status=BookingStatus.HELD,
            # Nobody manages a hold: a manage token is made when it is claimed.
            manage_token_hash=hash_secret_token(secrets.token_urlsafe(32)),
            name=entry.name,
            email=entry.email,
            timezone=entry.timezone,
            language=entry.language,
            phone=entry.phone,
            notes=entry.notes,
            answers=dict(entry.answers or {}),
        )
        try:
            if event_type.seats is not None:
                await seats.check_seat(
                    session, key=hold.session_key, seats=event_type.seats, email=entry.email
                )
            # Checked before the hold is written: refused, nothing is left behind.
            await check_free(session, expert, hold.buffered_start, hold.buffered_end)
            await overlap.claim_new(session, hold)
        except seats.AlreadyInSession:
            entry.status = WaitlistStatus.LEFT  # they hold a seat of it already
            continue
        except Conflict:
            return None  # still taken: the line waits for the next freed place
        now = utcnow()
        entry.status = WaitlistStatus.OFFERED
        entry.booking_id = hold.id
        entry.offered_until = min(now + timedelta(minutes=event_type.waitlist_hold_minutes), start)
        expert_user = await session.get(User, expert.user_id)
        events.notifier.waitlist_offered(
            session, entry, event_type, expert_name=expert_user.name if expert_user else ""
        )
        return entry
    return None


async def release(
    session: AsyncSession, events: Events, entry: WaitlistEntry, status: WaitlistStatus
) -> None:
    """End an entry's turn (left, expired): its held place, if any, goes to the next."""
    held = entry.booking_id if entry.status == WaitlistStatus.OFFERED else None
    entry.status = status
    entry.offered_until = None
    if held is None:
        return
    entry.booking_id = None
    await _delete_hold(session, held)
    event_type = await session.get(EventType, entry.event_type_id)
    if event_type is None:
        return
    offered = await offer_freed(session, events, event_type, entry.start_at)
    if offered is None:  # the place is free again for anyone
        await events.slots_changed(
            session, expert_id=event_type.expert_id, dates={entry.start_at.date()}
        )


async def expire_offers(session: AsyncSession, events: Events, now: datetime) -> int:
    """Let the offers that ran out pass to the next in line, and end the lines of sessions
    that have started; how many offers ran out."""
    late = await session.scalars(
        select(WaitlistEntry)
        .where(WaitlistEntry.status == WaitlistStatus.OFFERED, WaitlistEntry.offered_until <= now)
        .order_by(WaitlistEntry.offered_until)
    )
    expired = list(late)
    for entry in expired:
        await overlap.lock_expert(session, entry.expert_id)
        await session.refresh(entry)  # as the previous holder of the lock left it
        if entry.status == WaitlistStatus.OFFERED:
            await release(session, events, entry, WaitlistStatus.EXPIRED)
    await session.execute(
        update(WaitlistEntry)
        .where(WaitlistEntry.status == WaitlistStatus.WAITING, WaitlistEntry.start_at <= now)
        .values(status=WaitlistStatus.EXPIRED)
    )
    return len(expired)


async def _delete_hold(session: AsyncSession, booking_id: uuid.UUID) -> None:
    await session.execute(
        delete(Booking).where(Booking.id == booking_id, Booking.status == BookingStatus.HELD)
    )


async def drop_hold(session: AsyncSession, booking_id: uuid.UUID) -> None:
    """The expert called the session off: the place held from its line is gone too."""
    await session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.booking_id == booking_id,
            WaitlistEntry.status == WaitlistStatus.OFFERED,
        )
        .values(status=WaitlistStatus.CLOSED, booking_id=None, offered_until=None)
    )
    await _delete_hold(session, booking_id)


async def expire_offers_now(database: Database, events: Events) -> int:
    """One sweep in a transaction of its own; its emails and live events follow the commit."""
    expired = 0
    async for session in run_in_transaction(database.write_sessions):
        expired = await expire_offers(session, events, utcnow())
    return expired


async def close(session: AsyncSession, event_type_id: uuid.UUID, start: datetime) -> None:
    """The expert called the session off: nobody in its line will be offered a place."""
    await session.execute(
        update(WaitlistEntry)
        .where(
            WaitlistEntry.event_type_id == event_type_id,
            WaitlistEntry.start_at == start,
            WaitlistEntry.status == WaitlistStatus.WAITING,
        )
        .values(status=WaitlistStatus.CLOSED)
    )
