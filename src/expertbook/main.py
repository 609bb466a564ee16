"""create_app(): the FastAPI app, its routers and error handlers, Socket.IO and the web app."""

import gc
import inspect
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import socketio
from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from expertbook import health
from expertbook.accounts import router as accounts
from expertbook.auth import router as auth
from expertbook.auth.dependencies import get_current_user
from expertbook.auth.passwords import Passwords
from expertbook.auth.throttle import LoginThrottle
from expertbook.availability import router as availability
from expertbook.bookings import router as bookings
from expertbook.config import Settings, get_settings
from expertbook.db import Database
from expertbook.errors import install_error_handlers
from expertbook.event_types import router as event_types
from expertbook.experts import router as experts
from expertbook.kit.middleware import (
    BodySizeLimit,
    RefuseControlCharacters,
    RequestId,
    SecurityHeaders,
)
from expertbook.realtime.events import Events
from expertbook.realtime.server import Realtime

# Paths that belong to the server, never to the web app's client-side routes.
SERVER_PREFIXES = ("/api", "/socket.io", "/docs", "/redoc", "/openapi.json", "/healthz")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    database = Database(settings)
    realtime = Realtime(settings, database)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # What start-up built (models, schemas, routes, compiled statements) lives as
        # long as the process. Frozen, the garbage collector stops walking it in every
        # full collection: measured, a tenth of a booking's CPU and of its p99.
        gc.collect()
        gc.freeze()
        yield
        await realtime.drain()
        await database.dispose()

    app = FastAPI(
        title="ExpertBook API",
        version="1.0.0",
        description="Experts publish session types; clients book times that never double-book.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.realtime = realtime
    app.state.events = Events(realtime)
    app.state.login_throttle = LoginThrottle()
    app.state.passwords = Passwords(settings)

    install_error_handlers(app)
    # Secure by default: every route needs a signed-in user, except the routes that a
    # domain puts on its `public_router` on purpose.
    for module in (auth, accounts, experts, event_types, availability, bookings):
        app.include_router(module.router, dependencies=[Depends(get_current_user)])
    for module in (auth, experts, availability, bookings, health):
        app.include_router(module.public_router)
    _serve_web_app(app, settings.frontend_dist)

    app.add_middleware(BodySizeLimit)
    app.add_middleware(RefuseControlCharacters)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["*"],
            expose_headers=["Retry-After", "X-Request-ID", "Content-Disposition"],
        )
    app.add_middleware(RequestId)
    app.add_middleware(SecurityHeaders, https_only=settings.env == "production")
    return app


def _serve_web_app(app: FastAPI, dist: Path) -> None:
    """Serve the built web app at / with its client-side routes falling back to index.html."""
    index = dist / "index.html"
    has_web_app = index.is_file()
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
    # Files beside index.html (icons, robots.txt), read once: the build does not change.
    root_files = {p.name: p for p in dist.iterdir() if p.is_file()} if has_web_app else {}

    not_found = app.exception_handlers[StarletteHTTPException]

    async def web_app_or_error(request: Request, exc: Exception) -> Response:
        path = request.url.path
        is_page = (
            has_web_app
            and isinstance(exc, StarletteHTTPException)
            and exc.status_code == 404
            and request.method in ("GET", "HEAD")
            and not path.startswith(SERVER_PREFIXES)
        )
        if is_page:
            static_file = root_files.get(path.lstrip("/"))
            if static_file is not None:
                return FileResponse(static_file)
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        result = not_found(request, exc)
        response = await result if inspect.isawaitable(result) else result
        assert isinstance(response, Response)
        return response

    app.add_exception_handler(StarletteHTTPException, web_app_or_error)


def create_asgi(settings: Settings | None = None) -> ASGIApp:
    """The app as served: Socket.IO at /socket.io, everything else to FastAPI."""
    app = create_app(settings)
    realtime: Realtime = app.state.realtime
    asgi: ASGIApp = socketio.ASGIApp(realtime.sio, other_asgi_app=app, socketio_path="socket.io")
    return asgi


__all__ = ["create_app", "create_asgi"]
