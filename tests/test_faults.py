"""A dead or frozen database: every answer is a clean 503 within seconds, the outage is
logged once, and the service recovers by itself. On a PostgreSQL server of its own."""

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from expertbook.main import create_app
from expertbook.migrations.runner import upgrade
from tests.auth.test_accounts import assert_error
from tests.conftest import make_settings
from tests.factories import PASSWORD, expert
from tests.faults import OwnPostgres, own_postgres

TIMEOUT = 2.0  # the app's database timeout in these tests
pytestmark = [pytest.mark.postgres, pytest.mark.serial]


@pytest.fixture(scope="module")
def server() -> Iterator[OwnPostgres]:
    with own_postgres() as pg:
        upgrade(pg.url)
        yield pg


@pytest.fixture
async def client(server: OwnPostgres) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(server.url, database_timeout_seconds=TIMEOUT))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http
    await app.state.database.dispose()


async def _requests(client: httpx.AsyncClient, owner: dict) -> list[httpx.Response]:  # type: ignore[type-arg]
    login = {"email": owner["user"]["email"], "password": PASSWORD}
    return [
        await client.get(f"/api/experts/{owner['expert']['username']}"),
        await client.post("/api/auth/login", json=login),
        await client.get("/api/auth/me", headers=owner["headers"]),
        await client.get("/api/event-types", headers=owner["headers"]),
    ]


async def _recovered(client: httpx.AsyncClient, owner: dict, within: float = 20) -> bool:  # type: ignore[type-arg]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if (await client.get(f"/api/experts/{owner['expert']['username']}")).status_code == 200:
            return True
        await asyncio.sleep(0.2)
    return False


def _timed(started: float) -> float:
    return time.monotonic() - started


class TestDatabaseDown:
    async def test_503_with_retry_after_logged_once_then_recovery(
        self, server: OwnPostgres, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.WARNING)
        owner = await expert(client)
        server.stop()
        try:
            for _ in range(3):
                started = time.monotonic()
                for response in await _requests(client, owner):
                    error = assert_error(response, 503, "service_unavailable")
                    assert response.headers["Retry-After"] == "5"
                    assert error["message"].endswith("few seconds.")
                assert _timed(started) < 4 * (TIMEOUT + 1)
            health = await client.get("/healthz")
            assert health.status_code == 503 and health.json()["database"] == "unreachable"
        finally:
            server.start()
        assert await _recovered(client, owner)
        messages = [record.getMessage() for record in caplog.records]
        assert sum("database unavailable" in m for m in messages) == 1, messages
        assert sum("database available again" in m for m in messages) == 1, messages
        assert not any("unhandled error" in m or "Traceback" in m for m in messages)


class TestDatabaseFrozen:
    async def test_every_wait_is_bounded_and_health_answers_within_two_seconds(
        self, server: OwnPostgres, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        server.freeze()
        try:
            started = time.monotonic()
            health = await client.get("/healthz")
            assert health.status_code == 503
            assert _timed(started) < 2.0
            for response in await _requests(client, owner):
                assert_error(response, 503, "service_unavailable")
            assert _timed(started) < 2.0 + 4 * (TIMEOUT + 1)
        finally:
            server.thaw()
        assert await _recovered(client, owner)
