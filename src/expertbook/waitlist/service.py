"""Joining the line, seeing one's place, leaving it, and claiming a place held for one."""

import uuid
from datetime import timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import hash_secret_token, secret_token_matches
from expertbook.availability import service as availability
from expertbook.availability import slots as engine
from expertbook.availability.slots import Slot
from expertbook.bookings import overlap, records, repository, seats
from expertbook.bookings import service as bookings
from expertbook.bookings.answers import checked_answers
from expertbook.bookings.schemas import BookingCreated
from expertbook.errors import Conflict, Gone, NotFound
from expertbook.event_types.repository import find_bookable
from expertbook.kit.i18n import DEFAULT_LANGUAGE, N_, Language, Message
from expertbook.kit.time import utcnow
from expertbook.models import (
    IN_LINE,
    EventType,
    Expert,
    User,
    WaitlistEntry,
    WaitlistStatus,
)
from expertbook.realtime.events import Events
from expertbook.waitlist import line
from expertbook.waitlist.schemas import WaitlistJoin, WaitlistJoined, WaitlistRead


class SlotAvailable(Conflict):
    code = "slot_available"
    message = N_("This time is free: book it instead of joining its waitlist.")


class AlreadyWaiting(Conflict):
    code = "already_waiting"
    message = N_("This email address is already on the waitlist for this time.")


class NotOffered(Conflict):
    code = "not_offered"


async def join(
    session: AsyncSession,
    *,
    events: Events,
    data: WaitlistJoin,
    language: Language = DEFAULT_LANGUAGE,
) -> WaitlistJoined:
    """Queue for a full session or a taken slot; 409 slot_available when it is free."""
    bookable = await find_bookable(session, data.event_type_id)
    event_type, expert = bookable.event_type, bookable.expert
    slot = availability.offered_slot(event_type, expert, data.start)  # 422 if never offered
    email = str(data.email).lower()
    answers = checked_answers(event_type.questions or [], data.answers)
    await overlap.lock_expert(session, expert.id)
    if await _is_free(session, event_type, slot, email):
        raise SlotAvailable()
    in_line = await session.scalar(
        select(WaitlistEntry.id).where(
            WaitlistEntry.event_type_id == event_type.id,
            WaitlistEntry.start_at == slot.start,
            WaitlistEntry.email == email,
            WaitlistEntry.status.in_(sorted(IN_LINE)),
        )
    )
    if in_line is not None:
        raise AlreadyWaiting()
    entry = WaitlistEntry(
        id=uuid.uuid4(),
        expert_id=expert.id,
        event_type_id=event_type.id,
        start_at=slot.start,
        name=data.name,
        email=email,
        timezone=data.timezone or expert.timezone,
        language=language,
        phone=data.phone,
        notes=data.notes,
        answers=answers,
        token_hash="",
        status=WaitlistStatus.WAITING,
        created_at=utcnow(),
    )
    token = events.notifier.waitlist_token(entry.id)
    entry.token_hash = hash_secret_token(token)
    session.add(entry)
    await session.flush()
    read = await _read(session, entry, event_type, expert, bookable.expert_user)
    assert read.position is not None
    events.notifier.waitlist_joined(
        session, entry, event_type, expert_name=bookable.expert_user.name, position=read.position
    )
    return WaitlistJoined(**read.model_dump(), manage_token=token)


async def _is_free(session: AsyncSession, event_type: EventType, slot: Slot, email: str) -> bool:
    """Whether `email` could book the slot now (called with the expert's lock held)."""
    start, end = engine.buffered_range(slot.start, slot.end, availability.settings_of(event_type))
    # A new booking's own id would be its session key: any fresh key stands for it.
    key = records.session_key_of(event_type, uuid.uuid4(), start, end)
    if event_type.seats is not None:
        # Holding a seat already is no reason to wait for one: 409 already_in_session.
        try:
            await seats.check_seat(session, key=key, seats=event_type.seats, email=email)
        except seats.SessionFull:
            return False
    return await overlap.is_free(
        session, expert_id=event_type.expert_id, start=start, end=end, session_key=key
    )


async def read(session: AsyncSession, entry_id: uuid.UUID, token: str | None) -> WaitlistRead:
    entry = await _entry(session, entry_id, token)
    return await _read_entry(session, entry)


async def leave(
    session: AsyncSession, *, events: Events, entry_id: uuid.UUID, token: str | None
) -> WaitlistRead:
    """Leave the line, or let an offered place go to the next in line."""
    entry = await _locked_entry(session, entry_id, token)
    if entry.status in IN_LINE:
        await line.release(session, events, entry, WaitlistStatus.LEFT)
        await session.flush()
    return await _read_entry(session, entry)


async def claim(
    session: AsyncSession, *, events: Events, entry_id: uuid.UUID, token: str | None
) -> BookingCreated:
    """Turn the place held for this client into their booking, before the hold ends."""
    entry = await _locked_entry(session, entry_id, token)
    if entry.status == WaitlistStatus.BOOKED and entry.booking_id is not None:
        booked = await repository.get_view(session, entry.booking_id)
        if booked is not None:  # the link was followed twice: the same booking
            token_again = events.notifier.manage_token(booked.booking.id)
            return BookingCreated(**bookings.to_read(booked).model_dump(), manage_token=token_again)
    if entry.status != WaitlistStatus.OFFERED or entry.booking_id is None:
        raise NotOffered(_not_offered_message(WaitlistStatus(entry.status)))
    if entry.offered_until is None or entry.offered_until <= utcnow():
        raise Gone(
            "Your hold on this place has ended, and it went to the next person in line.",
            code="offer_expired",
        )
    view = await repository.get_view(session, entry.booking_id, held=True)
    if view is None:
        raise NotOffered(_not_offered_message(WaitlistStatus.EXPIRED))
    created = await bookings.claim_held(session, events=events, view=view)
    entry.status = WaitlistStatus.BOOKED
    entry.offered_until = None
    await session.flush()
    return created


def _not_offered_message(status: WaitlistStatus) -> Message:
    return {
        WaitlistStatus.WAITING: Message(
            "No place has freed up for you yet: you are still in line."
        ),
        WaitlistStatus.LEFT: Message("You left the waitlist for this time."),
        WaitlistStatus.EXPIRED: Message("Your hold on this place has ended."),
        WaitlistStatus.CLOSED: Message("The expert cancelled this session."),
    }.get(status, Message("This place is not offered to you."))


async def _entry(session: AsyncSession, entry_id: uuid.UUID, token: str | None) -> WaitlistEntry:
    entry = await session.get(WaitlistEntry, entry_id)
    if entry is None or not token or not secret_token_matches(token, entry.token_hash):
        raise NotFound("No such place on a waitlist.")
    return entry


async def _locked_entry(
    session: AsyncSession, entry_id: uuid.UUID, token: str | None
) -> WaitlistEntry:
    """The entry as the previous holder of its expert's lock left it, with the lock held."""
    entry = await _entry(session, entry_id, token)
    await overlap.lock_expert(session, entry.expert_id)
    await session.refresh(entry)
    return entry


async def _read_entry(session: AsyncSession, entry: WaitlistEntry) -> WaitlistRead:
    event_type = await session.get(EventType, entry.event_type_id)
    expert = await session.get(Expert, entry.expert_id)
    expert_user = await session.get(User, expert.user_id) if expert else None
    if event_type is None or expert is None or expert_user is None:
        raise NotFound("No such place on a waitlist.")
    return await _read(session, entry, event_type, expert, expert_user)


async def _read(
    session: AsyncSession,
    entry: WaitlistEntry,
    event_type: EventType,
    expert: Expert,
    expert_user: User,
) -> WaitlistRead:
    position = None
    if entry.status == WaitlistStatus.WAITING:
        ahead = await session.scalar(
            select(func.count()).where(
                WaitlistEntry.event_type_id == entry.event_type_id,
                WaitlistEntry.start_at == entry.start_at,
                WaitlistEntry.status == WaitlistStatus.WAITING,
                or_(
                    WaitlistEntry.created_at < entry.created_at,
                    and_(
                        WaitlistEntry.created_at == entry.created_at,
                        WaitlistEntry.id < entry.id,
                    ),
                ),
            )
        )
        position = (ahead or 0) + 1
    return WaitlistRead(
        id=entry.id,
        event_type_id=event_type.id,
        event_title=event_type.title,
        expert_name=expert_user.name,
        expert_username=expert.username,
        start=entry.start_at,
        end=entry.start_at + timedelta(minutes=event_type.duration_minutes),
        timezone=entry.timezone,
        name=entry.name,
        email=entry.email,
        status=WaitlistStatus(entry.status),
        position=position,
        offered_until=entry.offered_until,
        booking_id=entry.booking_id if entry.status == WaitlistStatus.BOOKED else None,
    )
