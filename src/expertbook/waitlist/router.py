import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import OptionalUser
from expertbook.bookings.schemas import BookingCreated
from expertbook.db import SessionDep
from expertbook.errors import error_responses
from expertbook.kit.i18n import RequestLanguage
from expertbook.realtime.events import EventsDep
from expertbook.waitlist import service
from expertbook.waitlist.schemas import WaitlistJoin, WaitlistJoined, WaitlistRead

# Anyone may queue; the token sent to them is what lets them see, claim or leave it.
# Each route takes `OptionalUser`: an API key is held to the scope the route declares.
public_router = APIRouter(prefix="/api/waitlist", tags=["waitlist"])
WaitlistToken = Annotated[
    str | None,
    Query(max_length=200, description="The token from the waitlist's confirmation or email."),
]


@public_router.post(
    "",
    status_code=201,
    operation_id="waitlist-join",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 404, 409, 422),
)
async def join_waitlist(
    body: WaitlistJoin,
    session: SessionDep,
    events: EventsDep,
    caller: OptionalUser,
    language: RequestLanguage,
) -> WaitlistJoined:
    """Join the line for a full group session or a taken time; the first in line is
    offered a place that frees, held for them for the event type's waitlistHoldMinutes."""
    return await service.join(session, events=events, data=body, language=language)


@public_router.get(
    "/{entry_id}",
    operation_id="waitlist-get",
    openapi_extra=needs("bookings:read"),
    responses=error_responses(401, 404, 422),
)
async def get_waitlist_entry(
    entry_id: uuid.UUID, session: SessionDep, caller: OptionalUser, token: WaitlistToken = None
) -> WaitlistRead:
    """Where the token's holder stands: waiting (with their position), offered, booked…"""
    return await service.read(session, entry_id, token)


@public_router.delete(
    "/{entry_id}",
    operation_id="waitlist-leave",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 404, 422),
)
async def leave_waitlist(
    entry_id: uuid.UUID,
    session: SessionDep,
    events: EventsDep,
    caller: OptionalUser,
    token: WaitlistToken = None,
) -> WaitlistRead:
    """Leave the line, or let a place offered to you go to the next person."""
    return await service.leave(session, events=events, entry_id=entry_id, token=token)


@public_router.post(
    "/{entry_id}/claim",
    status_code=201,
    operation_id="waitlist-claim",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 404, 409, 410, 422),
)
async def claim_waitlist_place(
    entry_id: uuid.UUID,
    session: SessionDep,
    events: EventsDep,
    caller: OptionalUser,
    token: WaitlistToken = None,
) -> BookingCreated:
    """Book the place held for you, before your hold ends (a second call answers the same
    booking)."""
    return await service.claim(session, events=events, entry_id=entry_id, token=token)
