"""The background reading of calendars: bounded by its time-out against a server that never
answers, and claimed by one worker at a time."""

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from expertbook.calendars.sync import CalendarSyncer
from expertbook.kit.time import utcnow
from expertbook.main import create_app
from tests.calendars.conftest import FeedServer
from tests.calendars.helpers import synced
from tests.conftest import empty_tables, make_settings
from tests.factories import event_type, expert, future_day


class Silent:
    def __init__(self, url: str) -> None:
        self.url = url
        self.connected = threading.Event()


@pytest.fixture
def silent_server() -> Iterator[Silent]:
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    stop = threading.Event()
    silent = Silent(f"http://127.0.0.1:{listener.getsockname()[1]}/dav/")

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
                silent.connected.set()
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield silent
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
async def impatient_app(database_url: str) -> AsyncIterator[FastAPI]:
    settings = make_settings(
        database_url, outbox_worker=False, calendars_allow_private=True, calendars_timeout_seconds=2
    )
    app = create_app(settings)
    await empty_tables(app.state.database.engine)
    yield app
    await app.state.database.dispose()


@pytest.mark.serial
class TestSilentServer:
    async def test_a_read_ends_at_its_time_out_and_the_page_keeps_answering(
        self, impatient_app: FastAPI, silent_server: Silent
    ) -> None:
        transport = httpx.ASGITransport(app=impatient_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as api:
            owner = await expert(api)
            kind = await event_type(api, owner)
            body = {"kind": "caldav", "url": silent_server.url, "username": "u", "password": "p"}
            response = await api.post("/api/calendars", json=body, headers=owner["headers"])
            assert response.status_code == 201
            syncer: CalendarSyncer = impatient_app.state.calendar_syncer
            reading = asyncio.create_task(syncer.sync_due())
            assert await asyncio.to_thread(silent_server.connected.wait, 5)
            # While the read waits on the server, the public page answers at once.
            started = time.monotonic()
            day = future_day(3).isoformat()
            slots = await api.get(
                f"/api/experts/{owner['expert']['username']}/slots",
                params={"eventTypeId": kind["id"], "start": day, "end": day},
            )
            assert slots.status_code == 200 and time.monotonic() - started < 1
            await asyncio.wait_for(reading, timeout=10)
            connection = await synced(api, owner, response.json()["id"], syncer)
        assert connection["lastError"] in (
            "The calendar server took too long to answer.",
            "The calendar server could not be reached (ReadTimeout).",
        )


class TestClaims:
    async def test_workers_never_claim_one_connection_together(
        self, api: httpx.AsyncClient, syncer: CalendarSyncer, feed: FeedServer
    ) -> None:
        owner = await expert(api)
        for _ in range(4):
            response = await api.post(
                "/api/calendars", json={"kind": "ics", "url": feed.url}, headers=owner["headers"]
            )
            assert response.status_code == 201
        now = utcnow()
        claims = await asyncio.gather(*(syncer.claim_due(now) for _ in range(3)))
        claimed = [connection_id for claim in claims for connection_id in claim]
        assert len(claimed) == len(set(claimed)) == 4
        # Claimed ones wait for their next time.
        assert await syncer.claim_due(now + timedelta(seconds=1)) == []
