"""A real CalDAV server (Radicale), an iCalendar feed on loopback, and the app with its
calendar syncer and outbox worker driven by hand."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from aiohttp import web
from fastapi import FastAPI

from expertbook.calendars.sync import CalendarSyncer
from expertbook.main import create_app
from expertbook.outbox.worker import OutboxWorker
from tests.calendars.radicale import Account, Radicale
from tests.conftest import empty_tables, make_settings
from tests.live import free_port


@pytest.fixture(scope="session")
def radicale() -> Iterator[Radicale]:
    server = Radicale()
    yield server
    server.stop()


@pytest.fixture
def account(radicale: Radicale) -> Account:
    return radicale.account()


class FeedServer:
    """Serves `text` at /feed.ics, or `status` instead when set; /moved.ics redirects there."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/feed.ics"
        self.text = ""
        self.status = 200
        self._runner: web.AppRunner | None = None

    async def _handle(self, _: web.Request) -> web.Response:
        if self.status != 200:
            return web.Response(status=self.status)
        return web.Response(text=self.text, content_type="text/calendar")

    async def _moved(self, _: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/feed.ics")

    async def start(self) -> "FeedServer":
        app = web.Application()
        app.router.add_get("/feed.ics", self._handle)
        app.router.add_get("/moved.ics", self._moved)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    server = await FeedServer().start()
    yield server
    await server.stop()


@pytest.fixture
async def calendar_app(database_url: str) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        database_url, outbox_worker=False, calendars_allow_private=True, calendars_timeout_seconds=5
    )
    app = create_app(settings)
    await empty_tables(app.state.database.engine)
    yield app
    await app.state.database.dispose()


@pytest.fixture
async def api(calendar_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=calendar_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def syncer(calendar_app: FastAPI) -> CalendarSyncer:
    found: CalendarSyncer = calendar_app.state.calendar_syncer
    return found


@pytest.fixture
def worker(calendar_app: FastAPI) -> OutboxWorker:
    found: OutboxWorker = calendar_app.state.outbox_worker
    return found
