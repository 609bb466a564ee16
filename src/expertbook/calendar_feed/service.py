"""The feed's token, its URLs, and the bookings it lists."""

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.bookings import repository
from expertbook.bookings.ics import booking_event, feed_calendar
from expertbook.calendar_feed.schemas import CalendarFeed
from expertbook.kit.time import utcnow
from expertbook.models import HOLDS_TIME, Expert, User

# Bookings that ended longer ago than this drop out of the feed.
HISTORY = timedelta(days=180)


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def feed_urls(user: User, public_url: str) -> CalendarFeed:
    url = f"{public_url.rstrip('/')}/api/calendar/{user.feed_token}.ics"
    return CalendarFeed(url=url, webcal_url="webcal://" + url.split("://", 1)[1])


async def ensure_token(session: AsyncSession, user: User) -> None:
    if user.feed_token is None:
        user.feed_token = _new_token()
        await session.flush()


async def rotate_token(session: AsyncSession, user: User) -> None:
    """A new secret URL; the old one answers 404 from now on."""
    user.feed_token = _new_token()
    await session.flush()


async def feed_for_token(session: AsyncSession, token: str, public_url: str) -> bytes | None:
    """The feed of the user with this token; None when no user has it."""
    user = await session.scalar(select(User).where(User.feed_token == token))
    if user is None:
        return None
    expert = await session.scalar(select(Expert).where(Expert.user_id == user.id))
    views = await repository.views_of(
        session,
        user_id=user.id,
        expert_id=expert.id if expert else None,
        upcoming_after=utcnow() - HISTORY,
    )
    events = [
        booking_event(
            view,
            for_role="expert" if expert and view.expert.id == expert.id else "client",
            public_url=public_url,
            language=user.language,
        )
        for view in views
        if view.booking.status in HOLDS_TIME
    ]
    return feed_calendar(events, name="ExpertBook")
