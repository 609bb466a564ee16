"""GET /metrics: who may read it, and what it counts."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from expertbook.main import create_app
from tests import factories
from tests.conftest import make_settings
from tests.live import InProcessServer
from tests.observability.metrics_text import sample
from tests.realtime.sockets import Listener

TOKEN = "metrics-token-for-tests-0123456789"


def client_for(app: FastAPI, address: str = "127.0.0.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def app_with_token(database_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(make_settings(database_url, metrics_token=TOKEN))
    yield app
    await app.state.database.dispose()


async def scrape(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    return response.text


class TestWhoMayRead:
    async def test_this_machine_reads_it_without_a_token(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/metrics")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/plain")
        assert "# TYPE expertbook_http_requests_total counter" in response.text

    async def test_another_address_is_told_nothing_is_there(self, app: FastAPI) -> None:
        async with client_for(app, "203.0.113.9") as remote:
            response = await remote.get("/metrics")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"

    async def test_a_request_relayed_by_a_proxy_is_not_from_this_machine(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
        assert response.status_code == 404

    async def test_with_a_token_set_it_is_required_from_anywhere(
        self, app_with_token: FastAPI
    ) -> None:
        async with client_for(app_with_token) as local:
            missing = await local.get("/metrics")
            wrong = await local.get("/metrics", headers=factories.auth("not-the-token"))
        assert (missing.status_code, wrong.status_code) == (401, 401)
        assert missing.json()["error"]["code"] == "unauthorized"
        assert missing.headers["www-authenticate"] == "Bearer"
        async with client_for(app_with_token, "203.0.113.9") as remote:
            right = await remote.get("/metrics", headers=factories.auth(TOKEN))
        assert right.status_code == 200

    def test_a_blank_token_counts_as_none(self, database_url: str) -> None:
        assert make_settings(database_url, metrics_token="  ").metrics_token is None

    def test_it_is_not_in_the_public_api_document(self, app: FastAPI) -> None:
        assert "/metrics" not in app.openapi()["paths"]


class TestRequests:
    async def test_counted_by_route_template_not_by_path(self, client: httpx.AsyncClient) -> None:
        for name in ("first-nobody", "second-nobody"):
            assert (await client.get(f"/api/experts/{name}")).status_code == 404
        await client.get("/no/such/path/at/all")
        text = await scrape(client)
        route = "/api/experts/{id_or_username}"
        assert (
            sample(text, "expertbook_http_requests_total", method="GET", route=route, status="404")
            == 2
        )
        assert "first-nobody" not in text
        unmatched = {"method": "GET", "route": "unmatched", "status": "404"}
        assert sample(text, "expertbook_http_requests_total", **unmatched) == 1
        count = "expertbook_http_request_duration_seconds_count"
        assert sample(text, count, method="GET", route=route) == 2

    async def test_an_unknown_method_is_one_label(self, client: httpx.AsyncClient) -> None:
        for method in ("BREW", "WHEN", "PROPFIND"):
            await client.request(method, "/healthz")
        text = await scrape(client)
        other = {"method": "other", "route": "/healthz", "status": "405"}
        assert sample(text, "expertbook_http_requests_total", **other) == 3
        assert "BREW" not in text

    async def test_bookings_created_cancelled_and_conflicts(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        start = factories.at(factories.future_day(), 10)
        booking = await factories.book(client, event, start)
        await factories.book(client, event, start, expect=409)
        cancelled = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled"},
            headers=owner["headers"],
        )
        assert cancelled.status_code == 200, cancelled.text
        text = await scrape(client)
        assert sample(text, "expertbook_bookings_total", change="created") == 1
        assert sample(text, "expertbook_bookings_total", change="cancelled") == 1
        conflicts = {"method": "POST", "route": "/api/bookings"}
        assert sample(text, "expertbook_http_conflicts_total", **conflicts) == 1

    async def test_a_refused_booking_is_not_counted(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        await factories.book(client, event, factories.at(factories.future_day(), 10, 7), expect=422)
        text = await scrape(client)
        assert sample(text, "expertbook_bookings_total", change="created") == 0


class TestSockets:
    async def test_connections_and_events_sent(self, live: InProcessServer) -> None:
        async with httpx.AsyncClient(base_url=live.url) as http:
            owner = await factories.expert(http)
            event = await factories.event_type(http, owner)
            listener = await Listener().connect(live.url, owner["token"])
            try:
                before = await scrape(http)
                assert sample(before, "expertbook_sockets_connected") == 1
                await factories.book(http, event, factories.at(factories.future_day(), 10))
                await listener.wait_for("newBooking")
            finally:
                await listener.sio.disconnect()
            text = await scrape(http)
        assert sample(text, "expertbook_realtime_events_sent_total", event="newBooking") == 1
        # Setting the expert's hours and event type up told the watchers too.
        sent_before = sample(before, "expertbook_realtime_events_sent_total", event="slotsChanged")
        assert (
            sample(text, "expertbook_realtime_events_sent_total", event="slotsChanged")
            == sent_before + 1
        )


class TestOutboxBacklog:
    async def test_the_backlog_counts_messages_waiting(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, reminderMinutes=[])
        assert sample(await scrape(client), "expertbook_outbox_backlog") == 0
        # No worker runs in this app: the two confirmation emails wait.
        await factories.book(client, event, factories.at(factories.future_day(), 10))
        assert sample(await scrape(client), "expertbook_outbox_backlog") == 2
        await app.state.outbox_worker.drain()
        assert sample(await scrape(client), "expertbook_outbox_backlog") == 0


class TestScrapeTimeGauges:
    async def test_a_gauge_read_when_scraped(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        backlog = [3.0]

        async def read() -> float:
            return backlog[0]

        app.state.metrics.gauge_at_scrape("expertbook_test_backlog", "A backlog.", read)
        assert sample(await scrape(client), "expertbook_test_backlog") == 3
        backlog[0] = 5.0
        assert sample(await scrape(client), "expertbook_test_backlog") == 5

    async def test_a_failing_probe_does_not_hide_the_rest(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        async def read() -> float:
            raise ConnectionError("database down")

        app.state.metrics.gauge_at_scrape("expertbook_test_broken", "Broken.", read)
        text = await scrape(client)
        assert "expertbook_http_requests_total" in text
