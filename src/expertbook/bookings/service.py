"""The booking pipeline: find the event, check the time is offered, claim it, store, announce.

Every operation runs in the request's one transaction (db.get_session commits it), and
its events go out only after that commit: a rollback drops them.
"""

import hashlib
import json
import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import hash_secret_token, secret_token_matches
from expertbook.availability import service as availability
from expertbook.availability import slots as engine
from expertbook.bookings import meeting_links, overlap, records, repository, seats
from expertbook.bookings.answers import checked_answers
from expertbook.bookings.repository import BookingView
from expertbook.bookings.schemas import (
    AnswerRead,
    BookingCreate,
    BookingCreated,
    BookingLocation,
    BookingRead,
    SessionRead,
)
from expertbook.bookings.transitions import STATES, Actor, Change, InvalidTransition, check
from expertbook.calendars.busy import check_free
from expertbook.db import Database, run_in_transaction
from expertbook.errors import Forbidden, NotFound, SlotTaken, Unprocessable
from expertbook.event_types import private_links
from expertbook.event_types.repository import (
    Bookable,
    active_event_type_ids,
    find_bookable_with_siblings,
)
from expertbook.kit.i18n import DEFAULT_LANGUAGE, Language
from expertbook.kit.schema import Page
from expertbook.kit.time import utcnow, zone
from expertbook.models import (
    HOLDS_TIME,
    Booking,
    BookingStatus,
    EventType,
    Expert,
    IdempotencyKey,
    User,
)
from expertbook.realtime.events import Events
from expertbook.waitlist import line

IDEMPOTENCY_WINDOW = timedelta(hours=24)
Role = Literal["client", "expert"]


# Reading --------------------------------------------------------------------------------


def to_read(view: BookingView) -> BookingRead:
    return BookingRead(**_read_fields(view))


def _read_fields(view: BookingView) -> dict[str, Any]:
    booking, event_type = view.booking, view.event_type
    return dict(
        id=booking.id,
        status=BookingStatus(booking.status),
        event_type_id=event_type.id,
        event_title=event_type.title,
        event_slug=event_type.slug,
        duration_minutes=int((booking.end_at - booking.start_at).total_seconds() // 60),
        expert_id=view.expert.id,
        expert_name=view.expert_user.name,
        expert_username=view.expert.username,
        expert_timezone=view.expert.timezone,
        user_id=booking.user_id,
        start=booking.start_at,
        end=booking.end_at,
        timezone=booking.timezone,
        language=booking.language,
        name=booking.name,
        email=booking.email,
        phone=booking.phone,
        notes=booking.notes,
        meet_url=booking.meet_url,
        zoom_url=booking.zoom_url,
        location=BookingLocation(
            kind=event_type.location_kind,
            details=event_type.location_details,
            join_url=meeting_links.join_url(booking, event_type),
        ),
        cancel_reason=booking.cancel_reason,
        cancelled_by=booking.cancelled_by,
        cancelled_at=booking.cancelled_at,
        reschedule_requested=booking.reschedule_requested,
        cancel_deadline=cancel_deadline(view),
        answers=answers_of(view),
        guests=list(booking.guests or []),
        no_show=booking.no_show,
        rescheduled_by=booking.rescheduled_by,
        rescheduled_at=booking.rescheduled_at,
        sequence=booking.sequence,
        session_key=booking.session_key,
        seats=event_type.seats,
        created_at=booking.created_at,
        updated_at=booking.updated_at,
    )


def cancel_deadline(view: BookingView) -> datetime | None:
    """The last moment the client may cancel or reschedule; None when there is no notice."""
    notice = view.event_type.cancel_notice_minutes
    return view.booking.start_at - timedelta(minutes=notice) if notice else None


def answers_of(view: BookingView) -> list[AnswerRead]:
    """The answers with their questions' labels, in the order the questions are asked."""
    answers = view.booking.answers or {}
    labels = {question["id"]: question["label"] for question in view.event_type.questions or []}
    ordered = [key for key in labels if key in answers] + [k for k in answers if k not in labels]
    return [AnswerRead(id=key, label=labels.get(key, key), value=answers[key]) for key in ordered]


def role_of(view: BookingView, user: User | None, token: str | None) -> Role | None:
    """How the asker relates to the booking; None for a stranger."""
    if user is not None and view.expert.user_id == user.id:
        return "expert"
    if user is not None and view.booking.user_id == user.id:
        return "client"
    if token and secret_token_matches(token, view.booking.manage_token_hash):
        return "client"
    return None


async def get_for_party(
    session: AsyncSession, booking_id: uuid.UUID, *, user: User | None, token: str | None
) -> tuple[BookingView, Role]:
    """The booking for either party or the token holder; 404 for anyone else."""
    view = await repository.get_view(session, booking_id)
    role = role_of(view, user, token) if view else None
    if view is None or role is None:
        raise NotFound("No such booking.")
    return view, role


async def list_bookings(
    session: AsyncSession,
    *,
    user: User,
    role: Role,
    when: Literal["upcoming", "past"],
    statuses: Sequence[BookingStatus] | None = None,
    page: int,
    page_size: int,
) -> Page[BookingRead]:
    if role == "expert" and user.expert is None:
        raise Forbidden("Only experts have bookings made with them.", code="not_an_expert")
    views, total = await repository.list_views(
        session,
        user_id=user.id if role == "client" else None,
        expert_id=user.expert.id if role == "expert" and user.expert else None,
        upcoming=when == "upcoming",
        statuses=statuses,
        now=utcnow(),
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    # The expert's list says "7 of 10 seats" for each group session: counted in one query.
    seated = [view.booking.session_key for view in views if view.event_type.seats is not None]
    taken = await seats.taken_by_session(session, seated)
    items = [
        to_read(view).model_copy(update={"seats_taken": taken.get(view.booking.session_key)})
        for view in views
    ]
    return Page[BookingRead](items=items, total=total, page=page, page_size=page_size)


# Announcing -----------------------------------------------------------------------------


def _days_touched(*ranges: tuple[datetime, datetime]) -> set[date]:
    days: set[date] = set()
    for start, end in ranges:
        day = start.date()
        while day <= end.date():
            days.add(day)
            day += timedelta(days=1)
    return days


async def _announce(
    session: AsyncSession,
    events: Events,
    view: BookingView,
    read: BookingRead,
    *,
    change: Change,
    changed: list[tuple[datetime, datetime]],
    event_type_ids: list[uuid.UUID] | None = None,
    previous_start: datetime | None = None,
) -> None:
    """Tell both parties and the public page's watchers, once the transaction commits,
    and queue the emails, reminders and webhook calls in the transaction itself.

    `event_type_ids`: the expert's active event types, when the caller has them already.
    """
    if event_type_ids is None:
        event_type_ids = await active_event_type_ids(session, view.expert.id)
    # Never the guest's manage token: it goes to the guest only.
    booking_json = read.model_dump(mode="json", by_alias=True, exclude={"manage_token"})
    await events.notifier.booking_changed(
        session, view, change, booking_json=booking_json, previous_start=previous_start
    )
    events.count_after_commit(session, change)
    outgoing = Events.booking_changed(
        event="newBooking" if change == "created" else "bookingUpdated",
        booking=booking_json,
        expert_id=view.expert.id,
        client_user_id=view.booking.user_id,
    )
    events.after_commit(session, outgoing)
    await events.slots_changed(
        session,
        expert_id=view.expert.id,
        event_type_ids=event_type_ids,
        dates=_days_touched(*changed),
    )


# Creating -------------------------------------------------------------------------------


def _request_hash(data: BookingCreate, user: User | None) -> str:
    payload = data.model_dump(mode="json") | {"userId": str(user.id) if user else None}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


async def _replay(session: AsyncSession, key: str, request_hash: str) -> BookingCreated | None:
    """The first result of an earlier request with this Idempotency-Key, if any."""
    earlier = await repository.find_idempotency_key(session, key, utcnow() - IDEMPOTENCY_WINDOW)
    if earlier is None:
        await repository.delete_idempotency_key(session, key)  # expired: the key is free again
        return None
    if earlier.request_hash != request_hash:
        raise Unprocessable(
            "This Idempotency-Key was used for a different request.", code="idempotency_key_reused"
        )
    view = await repository.get_view(session, earlier.booking_id)
    return None if view is None else BookingCreated(**_read_fields(view))


def _new_booking(
    bookable: Bookable,
    slot: engine.Slot,
    data: BookingCreate,
    user: User | None,
    booking_id: uuid.UUID,
    manage_token: str,
    language: Language,
) -> Booking:
    event_type = bookable.event_type
    email = str(data.email).lower()
    return records.new_booking(
        event_type,
        slot,
        booking_id=booking_id,
        # A request the expert must accept holds the time meanwhile.
        status=(
            BookingStatus.PENDING if event_type.requires_confirmation else BookingStatus.CONFIRMED
        ),
        manage_token_hash=hash_secret_token(manage_token),
        name=data.name,
        email=email,
        timezone=data.timezone or bookable.expert.timezone,
        language=language,
        phone=data.phone,
        notes=data.notes,
        answers=checked_answers(event_type.questions or [], data.answers),
        guests=[guest for guest in data.guests if guest != email],
        user_id=user.id if user else None,
    )


async def _check_seat(
    session: AsyncSession,
    event_type: EventType,
    booking: Booking,
    key: uuid.UUID,
    *,
    moving: bool = False,
) -> int:
    """For a seat in the session `key`, 409 unless that session has room for it (checked
    under the expert's lock); the seats the session had taken. 0 for one-to-one."""
    if event_type.seats is None:
        return 0
    await overlap.lock_expert(session, booking.expert_id)
    return await seats.check_seat(
        session,
        key=key,
        seats=event_type.seats,
        email=booking.email,
        ignore=booking.id if moving else None,
    )


async def create_booking(
    session: AsyncSession,
    *,
    events: Events,
    data: BookingCreate,
    user: User | None,
    language: Language = DEFAULT_LANGUAGE,
    idempotency_key: str | None = None,
) -> BookingCreated:
    """Book a free, offered slot; 404 for no such event, 422 if not offered, 409 if taken
    or past a limit, 410 for a used private link."""
    request_hash = _request_hash(data, user) if idempotency_key else ""
    if idempotency_key and (replayed := await _replay(session, idempotency_key, request_hash)):
        return replayed
    bookable = await find_bookable_with_siblings(session, data.event_type_id)
    event_type, expert = bookable.event_type, bookable.expert
    duration = availability.chosen_duration(
        event_type, data.duration_minutes, field="durationMinutes"
    )
    slot = availability.offered_slot(event_type, expert, data.start, duration)
    booking_id = uuid.uuid4()
    manage_token = events.notifier.manage_token(booking_id)
    booking = _new_booking(bookable, slot, data, user, booking_id, manage_token, language)
    joining = await _check_seat(session, event_type, booking, booking.session_key) > 0
    if availability.has_limits(event_type, expert) and not joining:
        # Counted under the expert's lock, which claim_new takes again (a no-op).
        await overlap.lock_expert(session, expert.id)
        await availability.check_limits(session, event_type, expert, slot.start)
    await overlap.claim_new(session, booking)
    await check_free(session, expert, booking.buffered_start, booking.buffered_end)
    if data.private_key:
        await private_links.consume(session, event_type.id, data.private_key, booking.id)
    if idempotency_key:
        session.add(
            IdempotencyKey(key=idempotency_key, request_hash=request_hash, booking_id=booking.id)
        )
        await session.flush()
    view = BookingView(booking, event_type, expert, bookable.expert_user)
    created = BookingCreated(**_read_fields(view), manage_token=manage_token)
    await _announce(
        session,
        events,
        view,
        created,
        change="created",
        changed=[(booking.buffered_start, booking.buffered_end)],
        event_type_ids=bookable.active_event_type_ids,
    )
    return created


# Changing -------------------------------------------------------------------------------


def _ensure_changeable(booking: Booking) -> None:
    if booking.end_at <= utcnow():
        raise Unprocessable(
            "This booking is in the past and can no longer change.", code="booking_in_past"
        )


def _ensure_in_notice(view: BookingView, actor: Actor) -> None:
    """A client cancels or moves a booking only until its event type's notice; the expert
    always can."""
    deadline = cancel_deadline(view)
    if actor != "client" or deadline is None or utcnow() < deadline:
        return
    raise Unprocessable(
        "It is too late to cancel or reschedule this booking yourself: the deadline was "
        "{deadline} ({timezone}). Contact the expert instead.",
        deadline=deadline.astimezone(zone(view.booking.timezone)),
        timezone=view.booking.timezone,
        code="too_late",
    )


CHANGE_OF: dict[tuple[BookingStatus, BookingStatus], Change] = {
    (BookingStatus.PENDING, BookingStatus.CONFIRMED): "confirmed",
    (BookingStatus.PENDING, BookingStatus.DECLINED): "declined",
    (BookingStatus.PENDING, BookingStatus.CANCELLED): "cancelled",
    (BookingStatus.CONFIRMED, BookingStatus.CANCELLED): "cancelled",
    (BookingStatus.CANCELLED, BookingStatus.CONFIRMED): "restored",
}


async def set_status(
    session: AsyncSession,
    *,
    events: Events,
    view: BookingView,
    role: Actor,
    status: BookingStatus,
    reason: str | None,
    reschedule_requested: bool = False,
    respect_notice: bool = True,
    offer_waitlist: bool = True,
) -> BookingRead:
    """Move the booking along the table in transitions.py: confirm or decline a request
    (expert), cancel (either party), restore (only while the time is still free).

    `respect_notice=False`: a client's account is going away, so its bookings are
    cancelled whatever the event type's cancellation notice. A place this frees goes to
    the first client on its waitlist, unless `offer_waitlist=False`.
    `reschedule_requested`: the expert cancels asking the client to book another time.
    """
    booking, current = view.booking, BookingStatus(view.booking.status)
    if reschedule_requested and role != "expert":
        raise Forbidden("Only the expert can ask the client to pick another time.")
    if current == status:
        if reschedule_requested and not booking.reschedule_requested:
            raise InvalidTransition("This booking is already cancelled.")
        return to_read(view)  # asked again: nothing changes
    check(current, status, role, needs_confirmation=view.event_type.requires_confirmation)
    if role != "system":  # an unanswered request is declined at its start, or later
        _ensure_changeable(booking)
    if status == BookingStatus.CANCELLED and respect_notice:
        _ensure_in_notice(view, role)
    if (current, status) == (BookingStatus.CANCELLED, BookingStatus.CONFIRMED):
        await _check_seat(session, view.event_type, booking, booking.session_key, moving=True)
        try:
            await overlap.claim(
                session,
                expert_id=view.expert.id,
                start=booking.buffered_start,
                end=booking.buffered_end,
                session_key=booking.session_key,
                ignore=booking.id,
            )
        except SlotTaken:
            raise SlotTaken("That time has been booked since; it cannot be restored.") from None
        await check_free(session, view.expert, booking.buffered_start, booking.buffered_end)
        await availability.check_limits(
            session, view.event_type, view.expert, booking.start_at, ignore=booking.id
        )
    if (current, status) == (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        start, end = booking.buffered_start, booking.buffered_end
        await check_free(session, view.expert, start, end, lock=True)
    if status in (BookingStatus.CANCELLED, BookingStatus.DECLINED):
        booking.cancel_reason = reason
        booking.cancelled_by = role
        booking.cancelled_at = utcnow()
    else:
        booking.cancel_reason = booking.cancelled_by = booking.cancelled_at = None
    booking.reschedule_requested = reschedule_requested
    booking.status = status
    booking.sequence += 1
    await overlap.save(session)
    if offer_waitlist and current in HOLDS_TIME and status not in HOLDS_TIME:
        await line.offer_freed(session, events, view.event_type, booking.start_at)
    read = to_read(view)
    changed = [(booking.buffered_start, booking.buffered_end)]
    await _announce(
        session, events, view, read, change=CHANGE_OF[(current, status)], changed=changed
    )
    return read


async def reschedule(
    session: AsyncSession, *, events: Events, view: BookingView, role: Role, start: datetime
) -> BookingRead:
    """Move an upcoming booking (confirmed, or a request still awaiting confirmation) to
    another offered, free slot of its event type, keeping its length."""
    booking = view.booking
    if booking.status not in HOLDS_TIME:
        raise Unprocessable(
            "A booking that is {state} cannot be rescheduled.",
            state=STATES[BookingStatus(booking.status)],
            code="booking_cancelled",
        )
    _ensure_changeable(booking)
    _ensure_in_notice(view, role)
    old_range, old_start = (booking.buffered_start, booking.buffered_end), booking.start_at
    minutes = int((booking.end_at - booking.start_at) / timedelta(minutes=1))
    slot = availability.offered_slot(view.event_type, view.expert, start, minutes)
    new_start, new_end = engine.buffered_range(
        slot.start, slot.end, availability.settings_of(view.event_type)
    )
    # Nothing changes on the booking before its new time is claimed: flushed early, a seat
    # would hold its old range under its new session's key.
    new_key = records.session_key_of(view.event_type, booking.id, new_start, new_end)
    joining = await _check_seat(session, view.event_type, booking, new_key, moving=True) > 0
    await overlap.claim(
        session,
        expert_id=view.expert.id,
        start=new_start,
        end=new_end,
        session_key=new_key,
        ignore=booking.id,
    )
    await check_free(session, view.expert, new_start, new_end)
    if not joining:
        await availability.check_limits(
            session, view.event_type, view.expert, slot.start, ignore=booking.id
        )
    booking.session_key = new_key
    booking.start_at, booking.end_at = slot.start, slot.end
    booking.buffered_start, booking.buffered_end = new_start, new_end
    booking.rescheduled_by, booking.rescheduled_at = role, utcnow()
    booking.sequence += 1
    await overlap.save(session)
    if booking.start_at != old_start:
        await line.offer_freed(session, events, view.event_type, old_start)
    read = to_read(view)
    changed = [old_range, (new_start, new_end)]
    await _announce(
        session,
        events,
        view,
        read,
        change="rescheduled",
        changed=changed,
        previous_start=old_start,
    )
    return read


# Group sessions ---------------------------------------------------------------------------


async def get_session(session: AsyncSession, *, expert: Expert, key: uuid.UUID) -> SessionRead:
    """One of the expert's sessions with every seat's attendee; 404 for anyone else's."""
    return _session_read(await _session_views(session, expert, key))


async def cancel_session(
    session: AsyncSession, *, events: Events, expert: Expert, key: uuid.UUID, reason: str | None
) -> SessionRead:
    """The expert cancels every seat still held, and the session's waitlist ends; each
    attendee is told as for a cancel."""
    views = await _session_views(session, expert, key)
    first = views[0].booking
    await line.close(session, first.event_type_id, first.start_at)
    for view in views:
        if view.booking.status == BookingStatus.HELD:
            await line.drop_hold(session, view.booking.id)
        elif view.booking.status in HOLDS_TIME:
            await set_status(
                session,
                events=events,
                view=view,
                role="expert",
                status=BookingStatus.CANCELLED,
                reason=reason,
                offer_waitlist=False,
            )
    # The places held for the waitlist are gone: what is left are the attendees.
    return _session_read([v for v in views if v.booking.status != BookingStatus.HELD] or views)


async def _session_views(
    session: AsyncSession, expert: Expert, key: uuid.UUID
) -> list[BookingView]:
    views = await repository.session_views(session, expert.id, key)
    if not views:
        raise NotFound("No such session.")
    return views


def _session_read(views: list[BookingView]) -> SessionRead:
    first = views[0]
    return SessionRead(
        session_key=first.booking.session_key,
        event_type_id=first.event_type.id,
        event_title=first.event_type.title,
        start=first.booking.start_at,
        end=first.booking.end_at,
        seats=first.event_type.seats,
        seats_taken=sum(view.booking.status in HOLDS_TIME for view in views),
        attendees=[to_read(view) for view in views],
    )


async def claim_held(session: AsyncSession, *, events: Events, view: BookingView) -> BookingCreated:
    """A place held for a waitlisted client becomes their booking, told as a new one."""
    booking, event_type = view.booking, view.event_type
    manage_token = events.notifier.manage_token(booking.id)
    booking.status = (
        BookingStatus.PENDING if event_type.requires_confirmation else BookingStatus.CONFIRMED
    )
    booking.manage_token_hash = hash_secret_token(manage_token)
    booking.created_at = booking.updated_at = utcnow()
    await session.flush()
    created = BookingCreated(**_read_fields(view), manage_token=manage_token)
    changed = [(booking.buffered_start, booking.buffered_end)]
    await _announce(session, events, view, created, change="created", changed=changed)
    return created


async def decline_unanswered(session: AsyncSession, *, events: Events, now: datetime) -> int:
    """Decline the requests nobody confirmed before their start; how many were."""
    views = await repository.pending_started(session, now)
    for view in views:
        await set_status(
            session,
            events=events,
            view=view,
            role="system",
            status=BookingStatus.DECLINED,
            reason="The expert did not confirm the request before its start.",
        )
    return len(views)


async def mark_no_show(
    session: AsyncSession, *, view: BookingView, role: Role, no_show: bool
) -> BookingRead:
    """The expert records that the client did not come (or undoes it), after the start."""
    if role != "expert":
        raise Forbidden("Only the expert can mark a no-show.", code="expert_only")
    if view.booking.status != BookingStatus.CONFIRMED or view.booking.start_at > utcnow():
        raise Unprocessable(
            "Only a confirmed booking that has started can be marked as a no-show.",
            code="not_started",
        )
    view.booking.no_show = no_show
    await session.flush()
    return to_read(view)


async def decline_unanswered_now(database: Database, events: Events) -> int:
    """One sweep in a transaction of its own; the emails and live events follow its commit."""
    declined = 0
    # Run to its end, the generator commits (and then sends what the sweep queued).
    async for session in run_in_transaction(database.write_sessions):
        declined = await decline_unanswered(session, events=events, now=utcnow())
    return declined
