"""create_app(): the FastAPI app, its routers and error handlers, Socket.IO and the web app."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import socketio
from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp

from expertbook import health
from expertbook.accounts import router as accounts
from expertbook.api_keys import router as api_keys
from expertbook.api_keys.rate_limit import KeyRateLimit
from expertbook.auth import router as auth
from expertbook.auth.dependencies import get_current_user
from expertbook.auth.passwords import Passwords
from expertbook.auth.throttle import LoginThrottle
from expertbook.availability import router as availability
from expertbook.availability.slots_cache import SlotsCache
from expertbook.avatars import router as avatars
from expertbook.avatars.images import MAX_UPLOAD_BYTES
from expertbook.avatars.storage import LocalMediaStore
from expertbook.bookings import router as bookings
from expertbook.bookings.service import decline_unanswered_now
from expertbook.calendar_feed import router as calendar_feed
from expertbook.calendars import router as calendars
from expertbook.calendars.sync import CalendarSyncer
from expertbook.calendars.write_back import CalendarWriter
from expertbook.config import Settings, get_settings
from expertbook.db import Database
from expertbook.directory import router as directory
from expertbook.directory.next_free import refresh_next_free
from expertbook.embed import router as embed
from expertbook.errors import install_error_handlers
from expertbook.event_types import router as event_types
from expertbook.experts import router as experts
from expertbook.kit.middleware import (
    BodySizeLimit,
    RefuseControlCharacters,
    RequestId,
    SecurityHeaders,
)
from expertbook.kit.periodic import Periodic
from expertbook.mail.transport import Mailer
from expertbook.models import OutboxKind
from expertbook.notifications.email_delivery import EmailDelivery
from expertbook.notifications.notifier import Notifier
from expertbook.observability import router as observability
from expertbook.observability.logging import log_request
from expertbook.observability.metrics import Metrics
from expertbook.outbox.worker import OutboxWorker
from expertbook.realtime.events import Events
from expertbook.realtime.server import Realtime
from expertbook.reviews import router as reviews
from expertbook.waitlist import router as waitlist
from expertbook.waitlist.line import expire_offers_now
from expertbook.web_app import serve_web_app
from expertbook.webhooks import router as webhooks
from expertbook.webhooks.delivery import WebhookCaller


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings)
    metrics = Metrics()
    realtime = Realtime(settings, database, metrics)
    # The notifier queues messages and wakes the worker; the worker asks the notifier
    # to write reminders when they fall due.
    notifier = Notifier(settings, wake=lambda: outbox_worker.wake())
    webhook_caller = WebhookCaller(database, settings)
    outbox_worker = OutboxWorker(
        database,
        settings,
        {
            OutboxKind.EMAIL: EmailDelivery(Mailer(settings), database, notifier),
            OutboxKind.WEBHOOK: webhook_caller,
            OutboxKind.CALENDAR: CalendarWriter(database, settings),
        },
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # What start-up built (models, schemas, routes, compiled statements) lives as
        # long as the process. Frozen, the garbage collector stops walking it in every
        # full collection: measured, a tenth of a booking's CPU and of its p99.
        gc.collect()
        gc.freeze()
        if settings.outbox_worker:
            outbox_worker.start()
            unanswered.start()
            waitlist_offers.start()
            pruning.start()
            calendar_syncer.start()
            next_free.start()
        yield
        await next_free.stop()
        await calendar_syncer.stop()
        await pruning.stop()
        await waitlist_offers.stop()
        await unanswered.stop()
        await outbox_worker.stop()
        await webhook_caller.close()
        await realtime.drain()
        await login_throttle.close()
        await api_key_rate_limit.close()
        await database.dispose()
        metrics.close()

    app = FastAPI(
        title="ExpertBook API",
        version="1.0.0",
        description="Experts publish session types; clients book times that never double-book.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.realtime = realtime
    app.state.metrics = metrics
    app.state.outbox_worker = outbox_worker
    app.state.events = events = Events(realtime, notifier, metrics)
    app.state.slots_cache = SlotsCache(settings.slots_cache_entries)
    app.state.calendar_syncer = calendar_syncer = CalendarSyncer(database, settings, events)
    # Requests still awaiting confirmation at their start are declined.
    unanswered = Periodic(
        "decline-unanswered",
        settings.outbox_poll_seconds * 30,
        lambda: decline_unanswered_now(database, events),
    )
    # Offers a waitlisted client let run out pass to the next in line.
    waitlist_offers = Periodic(
        "waitlist-offers",
        settings.outbox_poll_seconds * 30,
        lambda: expire_offers_now(database, events),
    )
    pruning = Periodic("prune-outbox", 3600, outbox_worker.prune)
    # The directory's "next free slot" of experts whose slots changed (directory/next_free.py).
    next_free = Periodic(
        "directory-next-free",
        settings.directory_refresh_seconds,
        lambda: refresh_next_free(database),
    )
    app.state.media_store = LocalMediaStore(settings.media_dir)
    metrics.gauge_at_scrape(
        "expertbook_outbox_backlog",
        "Emails and webhook calls waiting to be delivered",
        outbox_worker.backlog,
    )
    app.state.login_throttle = login_throttle = LoginThrottle(settings.redis_url)
    app.state.api_key_rate_limit = api_key_rate_limit = KeyRateLimit(
        settings.redis_url, settings.api_key_calls_per_minute
    )
    app.state.passwords = Passwords(settings)

    install_error_handlers(app)
    # FastAPI tries the routes one by one, in the order they were included. A public
    # page asks for its slots far more often than anything else is asked, so their
    # route comes first: behind the 50 routes before it, finding it took a fifth of a
    # cached answer's time. Its path shadows no other route (tests/test_routing.py).
    app.include_router(availability.public_router)
    # Secure by default: every route needs a signed-in user, except the routes that a
    # domain puts on its `public_router` on purpose.
    for module in (
        auth,
        accounts,
        experts,
        event_types,
        availability,
        bookings,
        webhooks,
        calendar_feed,
        calendars,
        api_keys,
        avatars,
        reviews,
    ):
        app.include_router(module.router, dependencies=[Depends(get_current_user)])
    for module in (
        auth,
        experts,
        bookings,
        calendar_feed,
        health,
        observability,
        embed,
        waitlist,
        avatars,
        directory,
        reviews,
    ):
        app.include_router(module.public_router)
    serve_web_app(app, settings.frontend_dist)

    # An avatar upload may carry 2 MB of picture, with room for the form around it.
    app.add_middleware(
        BodySizeLimit, larger={"/api/experts/me/avatar": MAX_UPLOAD_BYTES + 64 * 1024}
    )
    app.add_middleware(RefuseControlCharacters)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["Retry-After", "X-Request-ID", "Content-Disposition"],
        )
    app.add_middleware(RequestId, observers=[log_request, metrics.observe_request])
    app.add_middleware(SecurityHeaders, https_only=settings.env == "production")
    return app


def create_asgi(settings: Settings | None = None) -> ASGIApp:
    """The app as served: Socket.IO at /socket.io, everything else to FastAPI."""
    app = create_app(settings)
    realtime: Realtime = app.state.realtime
    asgi: ASGIApp = socketio.ASGIApp(realtime.sio, other_asgi_app=app, socketio_path="socket.io")
    return asgi


__all__ = ["create_app", "create_asgi"]
