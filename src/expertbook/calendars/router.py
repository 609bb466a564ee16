import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import AwareDatetime

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import CurrentExpert
from expertbook.calendars import service
from expertbook.calendars.schemas import BusyRead, CalendarCreate, CalendarRead, CalendarUpdate
from expertbook.calendars.sync import CalendarSyncer
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import error_responses
from expertbook.kit.i18n import RequestLanguage, words
from expertbook.realtime.events import EventsDep

router = APIRouter(prefix="/api/calendars", tags=["calendars"])


async def _wake(request: Request) -> service.Wake:
    syncer: CalendarSyncer = request.app.state.calendar_syncer
    return syncer.wake


WakeDep = Annotated[service.Wake, Depends(_wake)]


@router.get(
    "",
    operation_id="calendars-list",
    responses=error_responses(401, 403),
    openapi_extra=needs("calendars:read"),
)
async def list_calendars(
    expert: CurrentExpert, session: ReadSessionDep, language: RequestLanguage
) -> list[CalendarRead]:
    """My connected calendars, with when each was last read and why it failed, if it did
    (in the language asked for)."""
    return await service.list_connections(session, expert, words(language))


@router.post(
    "",
    status_code=201,
    operation_id="calendars-create",
    responses=error_responses(401, 403, 422),
    openapi_extra=needs("calendars:write"),
)
async def create_calendar(
    body: CalendarCreate,
    expert: CurrentExpert,
    session: SessionDep,
    settings: SettingsDep,
    wake: WakeDep,
    language: RequestLanguage,
) -> CalendarRead:
    """Connect a CalDAV account or an iCalendar feed; it is read in the background."""
    return await service.create_connection(session, expert, body, settings, wake, words(language))


@router.get(
    "/busy",
    operation_id="calendars-busy",
    responses=error_responses(401, 403, 422),
    openapi_extra=needs("calendars:read"),
)
async def list_busy(
    expert: CurrentExpert,
    session: ReadSessionDep,
    start: Annotated[AwareDatetime, Query(description="From (ISO 8601 with offset)")],
    end: Annotated[AwareDatetime, Query(description="Until, at most 62 days later")],
) -> list[BusyRead]:
    """My busy times from my calendars (as last read) between two instants."""
    return await service.list_busy(session, expert, start, end)


@router.get(
    "/{connection_id}",
    operation_id="calendars-get",
    responses=error_responses(401, 403, 404, 422),
    openapi_extra=needs("calendars:read"),
)
async def get_calendar(
    connection_id: uuid.UUID,
    expert: CurrentExpert,
    session: ReadSessionDep,
    language: RequestLanguage,
) -> CalendarRead:
    """One connected calendar."""
    return await service.get_connection(session, expert, connection_id, words(language))


@router.patch(
    "/{connection_id}",
    operation_id="calendars-update",
    responses=error_responses(401, 403, 404, 422),
    openapi_extra=needs("calendars:write"),
)
async def update_calendar(
    connection_id: uuid.UUID,
    body: CalendarUpdate,
    expert: CurrentExpert,
    session: SessionDep,
    settings: SettingsDep,
    events: EventsDep,
    wake: WakeDep,
    language: RequestLanguage,
) -> CalendarRead:
    """Choose which calendars count as busy and which one bookings go into, or change the
    password; the calendar is read again."""
    return await service.update_connection(
        session, expert, connection_id, body, settings, events, wake, words(language)
    )


@router.post(
    "/{connection_id}/sync",
    status_code=202,
    operation_id="calendars-sync",
    responses=error_responses(401, 403, 404, 422),
    openapi_extra=needs("calendars:write"),
)
async def sync_calendar(
    connection_id: uuid.UUID,
    expert: CurrentExpert,
    session: SessionDep,
    wake: WakeDep,
    language: RequestLanguage,
) -> CalendarRead:
    """Read the calendar again now (it says `syncing` until the read has ended)."""
    return await service.sync_now(session, expert, connection_id, wake, words(language))


@router.delete(
    "/{connection_id}",
    status_code=204,
    operation_id="calendars-delete",
    responses=error_responses(401, 403, 404, 422),
    openapi_extra=needs("calendars:write"),
)
async def delete_calendar(
    connection_id: uuid.UUID, expert: CurrentExpert, session: SessionDep, events: EventsDep
) -> Response:
    """Disconnect a calendar: its busy times stop counting; events written stay."""
    await service.delete_connection(session, expert, connection_id, events)
    return Response(status_code=204)
