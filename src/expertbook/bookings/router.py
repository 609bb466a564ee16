import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import CurrentExpert, CurrentUser, OptionalUser
from expertbook.bookings import service
from expertbook.bookings.export import bookings_csv
from expertbook.bookings.ics import booking_calendar
from expertbook.bookings.schemas import (
    BookingCreate,
    BookingCreated,
    BookingRead,
    BookingReschedule,
    BookingUpdate,
    NoShowUpdate,
    SessionCancel,
    SessionRead,
)
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import VARY_LANGUAGE, Unprocessable, error_responses
from expertbook.kit.i18n import Message, RequestLanguage
from expertbook.kit.schema import Page
from expertbook.kit.time import SupportedDate
from expertbook.models import BookingStatus
from expertbook.realtime.events import EventsDep

router = APIRouter(prefix="/api/bookings", tags=["bookings"])
# Guests book, and manage their booking with its token: these decide who may see what
# in the service (get_for_party), signed in or not.
public_router = APIRouter(prefix="/api/bookings", tags=["bookings"])
MAX_EXPORT_DAYS = 366
ManageToken = Annotated[
    str | None,
    Query(max_length=200, description="The guest's manage token from the confirmation."),
]


@public_router.post(
    "",
    status_code=201,
    operation_id="bookings-create",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 404, 409, 422),
)
async def create_booking(
    body: BookingCreate,
    session: SessionDep,
    events: EventsDep,
    user: OptionalUser,
    language: RequestLanguage,
    idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
) -> BookingCreated:
    """Book a free slot; linked to the user when a token is sent, a guest booking otherwise.
    The client's emails are in the request's language (`Accept-Language`)."""
    return await service.create_booking(
        session,
        events=events,
        data=body,
        user=user,
        language=language,
        idempotency_key=idempotency_key,
    )


@router.get(
    "",
    operation_id="bookings-list",
    openapi_extra=needs("bookings:read"),
    responses=error_responses(401, 403, 422),
)
async def list_bookings(
    user: CurrentUser,
    session: SessionDep,
    role: Literal["client", "expert"] = "client",
    when: Literal["upcoming", "past"] = "upcoming",
    status: Annotated[
        list[BookingStatus] | None,
        Query(
            description="Only bookings in these statuses (repeat it for several); all when omitted."
        ),
    ] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
) -> Page[BookingRead]:
    """My bookings as client or expert: upcoming soonest first, past latest first,
    optionally only those in some statuses (the dashboard's "cancelled" asks for cancelled
    and declined)."""
    return await service.list_bookings(
        session,
        user=user,
        role=role,
        when=when,
        statuses=status,
        page=page,
        page_size=page_size,
    )


@router.get(
    "/export",
    operation_id="bookings-export",
    openapi_extra=needs("bookings:read"),
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "The bookings as CSV"},
        **error_responses(401, 403, 422),
    },
)
async def export_bookings(
    expert: CurrentExpert,
    session: ReadSessionDep,
    start: Annotated[SupportedDate, Query(alias="from", description="First day, YYYY-MM-DD")],
    end: Annotated[SupportedDate, Query(alias="to", description="Last day (inclusive)")],
) -> Response:
    """My bookings as an expert, starting between two days of my time zone, as CSV."""
    if end < start or (end - start).days > MAX_EXPORT_DAYS:
        message = Message(
            "Choose a last day after the first, at most {count} days later.",
            count=MAX_EXPORT_DAYS,
        )
        raise Unprocessable(message, details=[{"field": "to", "message": message}])
    body = await bookings_csv(session, expert, start, end)
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="bookings-{start}-to-{end}.csv"'},
    )


@router.get(
    "/sessions/{session_key}",
    operation_id="bookings-session",
    openapi_extra=needs("bookings:read"),
    responses=error_responses(401, 403, 404, 422),
)
async def get_session(
    session_key: uuid.UUID, expert: CurrentExpert, session: SessionDep
) -> SessionRead:
    """One of my group sessions (a booking's sessionKey) with every attendee."""
    return await service.get_session(session, expert=expert, key=session_key)


@router.post(
    "/sessions/{session_key}/cancel",
    operation_id="bookings-session-cancel",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 403, 404, 409, 422),
)
async def cancel_session(
    session_key: uuid.UUID,
    body: SessionCancel,
    expert: CurrentExpert,
    session: SessionDep,
    events: EventsDep,
) -> SessionRead:
    """Cancel every seat of one of my group sessions; each attendee is told."""
    return await service.cancel_session(
        session, events=events, expert=expert, key=session_key, reason=body.reason
    )


@public_router.get(
    "/{booking_id}",
    operation_id="bookings-get",
    openapi_extra=needs("bookings:read"),
    responses=error_responses(401, 404, 422),
)
async def get_booking(
    booking_id: uuid.UUID, session: SessionDep, user: OptionalUser, token: ManageToken = None
) -> BookingRead:
    """One booking, for either party or the holder of its manage token."""
    view, _ = await service.get_for_party(session, booking_id, user=user, token=token)
    return service.to_read(view)


@public_router.patch(
    "/{booking_id}",
    operation_id="bookings-update",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 403, 404, 409, 422),
)
async def update_booking(
    booking_id: uuid.UUID,
    body: BookingUpdate,
    session: SessionDep,
    events: EventsDep,
    user: OptionalUser,
    token: ManageToken = None,
) -> BookingRead:
    """Confirm or decline a request (the expert), cancel (either party, with an optional
    reason; the expert may ask the client to book another time), or restore a cancelled
    booking (status confirmed)."""
    view, role = await service.get_for_party(session, booking_id, user=user, token=token)
    return await service.set_status(
        session,
        events=events,
        view=view,
        role=role,
        status=BookingStatus(body.status),
        reason=body.reason,
        reschedule_requested=body.reschedule_requested,
    )


@public_router.post(
    "/{booking_id}/no-show",
    operation_id="bookings-no-show",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 403, 404, 422),
)
async def mark_no_show(
    booking_id: uuid.UUID,
    body: NoShowUpdate,
    session: SessionDep,
    user: OptionalUser,
    token: ManageToken = None,
) -> BookingRead:
    """The expert marks (or unmarks) a started booking's client as not having come."""
    view, role = await service.get_for_party(session, booking_id, user=user, token=token)
    return await service.mark_no_show(session, view=view, role=role, no_show=body.no_show)


@public_router.post(
    "/{booking_id}/reschedule",
    operation_id="bookings-reschedule",
    openapi_extra=needs("bookings:write"),
    responses=error_responses(401, 404, 409, 422),
)
async def reschedule_booking(
    booking_id: uuid.UUID,
    body: BookingReschedule,
    session: SessionDep,
    events: EventsDep,
    user: OptionalUser,
    token: ManageToken = None,
) -> BookingRead:
    """Move a booking to another free slot of its event type; it keeps its id and calendar UID."""
    view, role = await service.get_for_party(session, booking_id, user=user, token=token)
    return await service.reschedule(session, events=events, view=view, role=role, start=body.start)


@public_router.get(
    "/{booking_id}/ics",
    operation_id="bookings-ics",
    openapi_extra=needs("bookings:read"),
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The booking as an .ics file"},
        **error_responses(401, 404, 422),
    },
)
async def booking_ics(
    booking_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    user: OptionalUser,
    language: RequestLanguage,
    token: ManageToken = None,
) -> Response:
    """The booking as an iCalendar file to add to any calendar, in the asker's language."""
    view, role = await service.get_for_party(session, booking_id, user=user, token=token)
    body = booking_calendar(view, for_role=role, public_url=settings.public_url, language=language)
    filename = f"expertbook-{view.event_type.slug}-{view.booking.start_at:%Y%m%d-%H%M}.ics"
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"', **VARY_LANGUAGE},
    )
