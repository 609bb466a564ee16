"""Demo data: an expert with four event types (one a group session) and a few bookings."""

from datetime import timedelta

from sqlalchemy import select

from expertbook.auth import service as auth
from expertbook.auth.passwords import Passwords
from expertbook.availability import service as availability
from expertbook.bookings import service as bookings
from expertbook.bookings.schemas import BookingCreate
from expertbook.config import Settings
from expertbook.db import Database, run_in_transaction
from expertbook.event_types import service as event_types
from expertbook.event_types.schemas import EventTypeCreate, Location
from expertbook.experts import service as experts
from expertbook.kit.time import utcnow, zone
from expertbook.models import User
from expertbook.notifications.notifier import Notifier
from expertbook.observability.metrics import Metrics
from expertbook.realtime.events import Events
from expertbook.realtime.server import Realtime

DEMO_EMAIL = "demo-expert@example.com"
DEMO_PASSWORD = "demo-password"
DEMO_USERNAME = "demo"
EVENT_TYPES = [
    EventTypeCreate(
        title="Intro call",
        slug="intro",
        duration_minutes=15,
        description="A quick first conversation.",
        location=Location(kind="jitsi"),
    ),
    EventTypeCreate(
        title="Strategy session",
        slug="strategy",
        duration_minutes=60,
        buffer_after_minutes=15,
        min_notice_minutes=240,
        description="An hour on your plans, with time to think afterwards.",
        location=Location(kind="zoom"),
    ),
    EventTypeCreate(
        title="Code review",
        slug="review",
        duration_minutes=30,
        description="Bring a pull request.",
        location=Location(kind="google_meet"),
    ),
    EventTypeCreate(
        title="Python workshop",
        slug="workshop",
        duration_minutes=90,
        slot_interval_minutes=90,
        seats=8,
        description="A hands-on group session: eight seats, a waitlist when it is full.",
        location=Location(kind="jitsi"),
    ),
]
CLIENTS = [("Ada Client", "ada@example.com"), ("Grace Client", "grace@example.com")]


async def load_demo(settings: Settings) -> tuple[str, str, str]:
    """Create the demo expert unless present; returns the login and the username."""
    database = Database(settings)
    # The demo's bookings are announced like any other: their emails wait in the outbox
    # until the server's worker delivers them.
    metrics = Metrics()
    events = Events(
        Realtime(settings, database, metrics), Notifier(settings, wake=lambda: None), metrics
    )
    try:
        async for session in run_in_transaction(database.write_sessions):
            if await session.scalar(select(User.id).where(User.email == DEMO_EMAIL)):
                break
            user = await auth.register(
                session,
                passwords=Passwords(settings),
                name="Demo Expert",
                email=DEMO_EMAIL,
                password=DEMO_PASSWORD,
            )
            expert = await experts.become_expert(
                session,
                user=user,
                username=DEMO_USERNAME,
                headline="Product and engineering advice",
                bio="Ask me about shipping software people love.",
                timezone="UTC",
            )
            created = [
                await event_types.create_event_type(session, expert, data) for data in EVENT_TYPES
            ]
            await session.flush()
            review = created[2]
            tomorrow = (utcnow() + timedelta(days=2)).date()
            answer = await availability.public_slots(
                session,
                event_type_id=review.id,
                first_day=tomorrow,
                last_day=tomorrow + timedelta(days=7),
                viewer=zone("UTC"),
                now=utcnow(),
            )
            free = [slot for day in answer.days for slot in day.slots]
            for (name, email), slot in zip(CLIENTS, free[:: max(1, len(free) // 3)], strict=False):
                await bookings.create_booking(
                    session,
                    events=events,
                    data=BookingCreate(
                        event_type_id=review.id, start=slot.start, name=name, email=email
                    ),
                    user=None,
                )
    finally:
        await database.dispose()
    return DEMO_EMAIL, DEMO_PASSWORD, DEMO_USERNAME
