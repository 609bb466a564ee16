from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic_core import to_json

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import CurrentExpert
from expertbook.availability import service
from expertbook.availability.schemas import Availability, SlotsResponse
from expertbook.db import SessionDep
from expertbook.errors import Unprocessable, error_responses
from expertbook.kit.time import SupportedDate, zone

router = APIRouter(prefix="/api/experts", tags=["availability"])
public_router = APIRouter(prefix="/api/experts", tags=["availability"])


@router.get(
    "/me/availability",
    operation_id="availability-get",
    openapi_extra=needs("availability:write"),
    responses=error_responses(401, 403),
)
async def get_availability(expert: CurrentExpert) -> Availability:
    """The current expert's weekly hours, date overrides and time zone."""
    return service.get_availability(expert)


@router.put(
    "/me/availability",
    operation_id="availability-replace",
    openapi_extra=needs("availability:write"),
    responses=error_responses(401, 403, 422),
)
async def replace_availability(
    body: Availability, expert: CurrentExpert, session: SessionDep
) -> Availability:
    """Replace the current expert's availability as a whole."""
    return await service.replace_availability(session, expert, body)


@public_router.get(
    "/{id_or_username}/slots",
    operation_id="slots-list",
    response_model=SlotsResponse,
    responses=error_responses(404, 422),
)
async def list_slots(
    id_or_username: str,
    session: SessionDep,
    event_type_id: Annotated[str, Query(alias="eventTypeId", min_length=1, max_length=120)],
    start: Annotated[SupportedDate, Query(description="First day, YYYY-MM-DD, in `timezone`")],
    end: Annotated[SupportedDate, Query(description="Last day (inclusive), YYYY-MM-DD")],
    timezone: Annotated[str, Query(description="The viewer's IANA time zone")] = "UTC",
    duration: Annotated[
        int | None,
        Query(
            ge=1, le=1440, description="The length chosen, one of the event type's durationOptions"
        ),
    ] = None,
) -> Response:
    """Free slots of one event type, grouped by day in the viewer's time zone."""
    try:
        viewer = zone(timezone)
    except ValueError as exc:
        raise Unprocessable(
            str(exc), details=[{"field": "timezone", "message": str(exc)}]
        ) from None
    if end < start:
        message = "The last day must not come before the first day."
        raise Unprocessable(message, details=[{"field": "end", "message": message}])
    if (end - start) + timedelta(days=1) > timedelta(days=service.MAX_DAYS_PER_CALL):
        message = f"Ask for at most {service.MAX_DAYS_PER_CALL} days at a time."
        raise Unprocessable(message, details=[{"field": "end", "message": message}])
    days = await service.public_slots(
        session,
        expert_ref=id_or_username,
        event_type_ref=event_type_id,
        first_day=start,
        last_day=end,
        viewer_zone_name=timezone,
        duration=duration,
    )
    # The engine's output is valid by construction: serialise it as SlotsResponse would
    # be, without building and checking a model per slot on the busiest public endpoint.
    body = {
        "timezone": timezone,
        "days": [
            {
                "date": day.day,
                "slots": [
                    {"start": s.start.astimezone(viewer), "end": s.end.astimezone(viewer)}
                    for s in day.slots
                ],
            }
            for day in days
        ],
    }
    return Response(to_json(body), media_type="application/json")
