"""The booking pipeline: check the slot, lock the expert, insert, announce after commit."""

import hashlib
import json
import uuid
from contextlib import nullcontext
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.security import hash_secret_token, new_secret_token, secret_token_matches
from expertbook.availability import service as availability
from expertbook.availability import slots as engine
from expertbook.bookings import repository
from expertbook.bookings.meeting_links import GoogleMeetLinks, ZoomLinks, join_url
from expertbook.bookings.repository import BookingView
from expertbook.bookings.schemas import (
    BookingCreate,
    BookingCreated,
    BookingLocation,
    BookingRead,
)
from expertbook.errors import Forbidden, NotFound, SlotTaken, SlotUnavailable, Unprocessable
from expertbook.kit.direct import direct, transaction
from expertbook.kit.schema import Page
from expertbook.kit.time import utcnow, zone
from expertbook.models import CANCELLED, CONFIRMED, Booking, EventType, Expert, User
from expertbook.realtime.events import Events
from expertbook.realtime.server import Outgoing

IDEMPOTENCY_WINDOW = timedelta(hours=24)
Role = Literal["client", "expert"]
meet_links = GoogleMeetLinks()
zoom_links = ZoomLinks()


# Reading --------------------------------------------------------------------------------


def to_read(view: BookingView) -> BookingRead:
    return BookingRead(**_read_fields(view))


def _read_fields(view: BookingView) -> dict[str, Any]:
    booking, event_type = view.booking, view.event_type
    return dict(
        id=booking.id,
        status=booking.status,
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
        name=booking.name,
        email=booking.email,
        phone=booking.phone,
        notes=booking.notes,
        meet_url=booking.meet_url,
        zoom_url=booking.zoom_url,
        location=BookingLocation(
            kind=event_type.location_kind,
            details=event_type.location_details,
            join_url=join_url(
                event_type.location_kind,
                meet_url=booking.meet_url,
                zoom_url=booking.zoom_url,
                details=event_type.location_details,
            ),
        ),
        cancel_reason=booking.cancel_reason,
        cancelled_by=booking.cancelled_by,
        cancelled_at=booking.cancelled_at,
        sequence=booking.sequence,
        created_at=booking.created_at,
        updated_at=booking.updated_at,
    )


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
        now=utcnow(),
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    return Page[BookingRead](
        items=[to_read(view) for view in views], total=total, page=page, page_size=page_size
    )


# Checking a time --------------------------------------------------------------------------


def _offered_slot(event_type: EventType, expert: Expert, start: datetime) -> engine.Slot:
    """The slot at `start` if the expert's hours and the event's rules offer it; else 422.

    Bookings are left out: they are checked under the lock, where that stays true.
    """
    free_slot = engine.is_offered(
        rules=availability.rules_of(expert),
        overrides=availability.overrides_of(expert),
        expert_zone=zone(expert.timezone),
        settings=availability.settings_of(event_type),
        busy=[],
        now=utcnow(),
        start=start,
    )
    if free_slot is None:
        raise SlotUnavailable()
    return free_slot


def _days_touched(*ranges: tuple[datetime, datetime]) -> set[date]:
    days: set[date] = set()
    for start, end in ranges:
        day = start.date()
        while day <= end.date():
            days.add(day)
            day += timedelta(days=1)
    return days


def _booking_events(
    view: BookingView,
    read: BookingRead,
    *,
    event: str,
    changed: list[tuple[datetime, datetime]],
    event_type_ids: list[uuid.UUID],
) -> list[Outgoing]:
    return Events.booking_changed(
        event=event,
        # Never the guest's manage token: it is shown once, to the guest only.
        booking=read.model_dump(mode="json", by_alias=True, exclude={"manage_token"}),
        expert_id=view.expert.id,
        client_user_id=view.booking.user_id,
        event_type_ids=event_type_ids,
        dates=_days_touched(*changed),
    )


async def _announce_update(
    session: AsyncSession,
    events: Events,
    view: BookingView,
    *,
    changed: list[tuple[datetime, datetime]],
) -> BookingRead:
    """`bookingUpdated` once the session commits the change."""
    read = to_read(view)
    event_type_ids = await repository.active_event_type_ids(session, view.expert.id)
    outgoing = _booking_events(
        view, read, event="bookingUpdated", changed=changed, event_type_ids=event_type_ids
    )
    events.after_commit(session, outgoing)
    return read


# Changing -------------------------------------------------------------------------------


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
    if view is None:
        return None
    return BookingCreated(**_read_fields(view))


def _new_booking(
    claimable: repository.Claimable,
    slot: engine.Slot,
    data: BookingCreate,
    user: User | None,
    manage_token_hash: str,
) -> Booking:
    expert, event_type = claimable.expert, claimable.event_type
    buffered_start, buffered_end = engine.buffered_range(
        slot.start, slot.end, availability.settings_of(event_type)
    )
    now = utcnow()
    return Booking(
        id=uuid.uuid4(),
        expert_id=expert.id,
        event_type_id=event_type.id,
        user_id=user.id if user else None,
        status=CONFIRMED,
        start_at=slot.start,
        end_at=slot.end,
        buffered_start=buffered_start,
        buffered_end=buffered_end,
        timezone=data.timezone or expert.timezone,
        name=data.name,
        email=str(data.email).lower(),
        phone=data.phone,
        notes=data.notes,
        meet_url=meet_links.new_link(),
        zoom_url=zoom_links.new_link(),
        manage_token_hash=manage_token_hash,
        cancel_reason=None,
        cancelled_by=None,
        cancelled_at=None,
        sequence=0,
        created_at=now,
        updated_at=now,
    )


async def create_booking(
    session: AsyncSession,
    *,
    events: Events,
    data: BookingCreate,
    user: User | None,
    idempotency_key: str | None,
) -> BookingCreated:
    request_hash = _request_hash(data, user) if idempotency_key else ""
    if idempotency_key and (replayed := await _replay(session, idempotency_key, request_hash)):
        return replayed
    async with direct(session) as run:
        claimable = await repository.find_claimable(run, data.event_type_id, data.start)
        slot = _offered_slot(claimable.event_type, claimable.expert, data.start)
        if claimable.taken_until is not None and claimable.taken_until > slot.start:
            raise SlotTaken()  # a committed booking holds this time: no need for the lock
        manage_token = new_secret_token()
        booking = _new_booking(claimable, slot, data, user, hash_secret_token(manage_token))
        # The answer and the events, ready before the insert: once it commits, they go.
        view = BookingView(booking, claimable.event_type, claimable.expert, claimable.expert_user)
        created = BookingCreated(**_read_fields(view), manage_token=manage_token)
        outgoing = _booking_events(
            view,
            created,
            event="newBooking",
            changed=[(booking.buffered_start, booking.buffered_end)],
            event_type_ids=claimable.active_event_type_ids,
        )
        # One statement locks, checks and inserts; a second (the key) needs a transaction.
        async with transaction(run) if idempotency_key else nullcontext():
            if not await repository.insert_if_free(run, booking):
                raise SlotTaken()
            if idempotency_key:
                await repository.remember_idempotency_key(
                    run, idempotency_key, request_hash, booking.id
                )
        committed = not run.in_transaction()  # else the session's commit is still to come
    if committed:
        await events.now(outgoing)
    else:
        events.after_commit(session, outgoing)
    return created


async def set_status(
    session: AsyncSession,
    *,
    events: Events,
    view: BookingView,
    role: Role,
    status: str,
    reason: str | None,
) -> BookingRead:
    booking = view.booking
    if booking.status == status:
        return to_read(view)
    if booking.end_at <= utcnow():
        raise Unprocessable(
            "This booking is in the past and can no longer change.", code="booking_in_past"
        )
    if status == CANCELLED:
        booking.status = CANCELLED
        booking.cancel_reason = reason
        booking.cancelled_by = role
        booking.cancelled_at = utcnow()
    else:
        # Restoring claims the time again, under the same guarantee as a new booking.
        async with direct(session) as run:  # in the transaction that loaded the booking
            free = await repository.claim_range(
                run, view.expert.id, booking.buffered_start, booking.buffered_end, ignore=booking.id
            )
        if not free:
            raise SlotTaken("That time has been booked since; it cannot be restored.")
        booking.status = CONFIRMED
        booking.cancel_reason = booking.cancelled_by = booking.cancelled_at = None
    booking.sequence += 1
    with repository.translate_conflicts():
        await session.flush()
    return await _announce_update(
        session, events, view, changed=[(booking.buffered_start, booking.buffered_end)]
    )


async def reschedule(
    session: AsyncSession, *, events: Events, view: BookingView, start: datetime
) -> BookingRead:
    booking = view.booking
    if booking.status != CONFIRMED:
        raise Unprocessable("A cancelled booking cannot be rescheduled.", code="booking_cancelled")
    old_range = (booking.buffered_start, booking.buffered_end)
    slot = _offered_slot(view.event_type, view.expert, start)
    new_range = engine.buffered_range(
        slot.start, slot.end, availability.settings_of(view.event_type)
    )
    async with direct(session) as run:  # in the transaction that loaded the booking
        free = await repository.claim_range(run, view.expert.id, *new_range, ignore=booking.id)
    if not free:
        raise SlotTaken()
    booking.start_at, booking.end_at = slot.start, slot.end
    booking.buffered_start, booking.buffered_end = new_range
    booking.sequence += 1
    with repository.translate_conflicts():
        await session.flush()
    return await _announce_update(
        session, events, view, changed=[old_range, (booking.buffered_start, booking.buffered_end)]
    )
