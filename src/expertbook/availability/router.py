from datetime import timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from pydantic_core import to_json

from expertbook.api_keys.scopes import needs
from expertbook.auth.dependencies import CurrentExpert
from expertbook.availability import service, slots_cache
from expertbook.availability.schemas import Availability, SlotsResponse
from expertbook.availability.slots import Slot, SlotAnswer
from expertbook.db import SessionDep
from expertbook.errors import Unprocessable, error_responses
from expertbook.kit.i18n import N_, Message
from expertbook.kit.time import SupportedDate, utcnow, zone
from expertbook.realtime.events import EventsDep


async def _slots_cache(request: Request) -> slots_cache.SlotsCache:
    cache: slots_cache.SlotsCache = request.app.state.slots_cache
    return cache


SlotsCacheDep = Annotated[slots_cache.SlotsCache, Depends(_slots_cache)]

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
    body: Availability, expert: CurrentExpert, session: SessionDep, events: EventsDep
) -> Availability:
    """Replace the current expert's availability as a whole."""
    replaced = await service.replace_availability(session, expert, body)
    await events.slots_changed(session, expert_id=expert.id)
    return replaced


@public_router.get(
    "/{id_or_username}/slots",
    operation_id="slots-list",
    response_model=SlotsResponse,
    responses={
        **error_responses(404, 422),
        304: {"description": "The slots are unchanged since the answer with this ETag."},
    },
)
async def list_slots(
    id_or_username: str,
    session: SessionDep,
    cache: SlotsCacheDep,
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
    with_taken: Annotated[
        bool,
        Query(
            alias="taken",
            description="Also list, per day, the taken times a client may join the waitlist of",
        ),
    ] = False,
    if_none_match: Annotated[
        str | None, Header(description="An earlier answer's ETag: 304 while it still holds")
    ] = None,
) -> Response:
    """Free slots of one event type, grouped by day in the viewer's time zone.

    Answers carry an ETag; asked again with it in If-None-Match, the server answers 304
    until a booking, the expert's hours or the event type's settings change them.
    """
    try:
        viewer = zone(timezone)
    except ValueError as exc:
        raise Unprocessable(
            str(exc), details=[{"field": "timezone", "message": str(exc)}]
        ) from None
    if end < start:
        message = N_("The last day must not come before the first day.")
        raise Unprocessable(message, details=[{"field": "end", "message": message}])
    if (end - start) + timedelta(days=1) > timedelta(days=service.MAX_DAYS_PER_CALL):
        days = Message("Ask for at most {count} days at a time.", count=service.MAX_DAYS_PER_CALL)
        raise Unprocessable(days, details=[{"field": "end", "message": days}])
    now = utcnow()
    stamp = await slots_cache.stamp(session, id_or_username, event_type_id)
    key = slots_cache.Key(stamp.event_type_id, start, end, timezone, duration, with_taken)
    entry = cache.get(key, stamp.generation, now)
    if entry is None:
        answer = await service.public_slots(
            session,
            event_type_id=stamp.event_type_id,
            first_day=start,
            last_day=end,
            viewer=viewer,
            now=now,
            duration=duration,
            with_taken=with_taken,
        )
        body = _slots_json(answer, timezone, viewer)
        entry = cache.put(key, stamp.generation, answer.valid_until, body)
    # Browsers keep the answer and ask again with its ETag each time (no-cache).
    headers = {"ETag": entry.etag, "Cache-Control": "no-cache"}
    if slots_cache.matches(if_none_match, entry.etag):
        return Response(status_code=304, headers=headers)
    return Response(entry.body, media_type="application/json", headers=headers)


def _slots_json(answer: SlotAnswer, timezone: str, viewer: ZoneInfo) -> bytes:
    # The engine's output is valid by construction: serialise it as SlotsResponse would
    # be, without building and checking a model per slot on the busiest public endpoint.
    days: list[dict[str, object]] = [
        {"date": day.day, "slots": [_slot_json(slot, viewer) for slot in day.slots]}
        for day in answer.days
    ]
    for day_json, taken in zip(days, answer.taken or [], strict=False):
        day_json["taken"] = [_slot_json(slot, viewer) for slot in taken.slots]
    return to_json({"timezone": timezone, "days": days})


def _slot_json(slot: Slot, viewer: ZoneInfo) -> dict[str, object]:
    body: dict[str, object] = {
        "start": slot.start.astimezone(viewer),
        "end": slot.end.astimezone(viewer),
    }
    if slot.seats_left is not None:
        body["seatsLeft"] = slot.seats_left
    return body
