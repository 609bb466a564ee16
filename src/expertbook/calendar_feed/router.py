from fastapi import APIRouter, Response

from expertbook.auth.dependencies import CurrentUser
from expertbook.calendar_feed import service
from expertbook.calendar_feed.schemas import CalendarFeed
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import NotFound, error_responses

router = APIRouter(tags=["calendar feed"])
# The feed itself: calendar apps cannot sign in, the secret token in its URL is the key.
public_router = APIRouter(tags=["calendar feed"])


@router.get("/api/calendar-feed", operation_id="calendar-feed-get", responses=error_responses(401))
async def get_feed(user: CurrentUser, session: SessionDep, settings: SettingsDep) -> CalendarFeed:
    """My private calendar feed's address (made on first ask)."""
    await service.ensure_token(session, user)
    return service.feed_urls(user, settings.public_url)


@router.post(
    "/api/calendar-feed/rotate",
    operation_id="calendar-feed-rotate",
    responses=error_responses(401),
)
async def rotate_feed(
    user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> CalendarFeed:
    """Replace the feed's address; the old one stops working at once."""
    await service.rotate_token(session, user)
    return service.feed_urls(user, settings.public_url)


@public_router.get(
    "/api/calendar/{feed_token}.ics",
    operation_id="calendar-feed-ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}, "description": "The user's bookings"},
        **error_responses(404),
    },
)
async def feed_ics(feed_token: str, session: ReadSessionDep, settings: SettingsDep) -> Response:
    """The bookings of the feed's owner, as client and as expert, for calendar apps."""
    body = await service.feed_for_token(session, feed_token[:100], settings.public_url)
    if body is None:
        raise NotFound("No such calendar feed. It may have been replaced by a new address.")
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Cache-Control": "private, max-age=300"},
    )
