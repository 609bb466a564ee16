"""Webhooks reach a real HTTP receiver, signed; failures are retried and logged."""

import json
import time
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from expertbook.kit.time import utcnow
from expertbook.outbox.worker import OutboxWorker
from expertbook.webhooks import signing
from tests import factories
from tests.conftest import empty_tables
from tests.notifications.conftest import notifying_app
from tests.notifications.receivers import HttpReceiver
from tests.rebinding import rebinding

ALL_EVENTS = ["booking.created", "booking.cancelled", "booking.restored", "booking.rescheduled"]


async def expert_with_hook(
    api: httpx.AsyncClient, url: str, events: list[str] | None = None
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    expert = await factories.expert(api)
    event = await factories.event_type(api, expert, reminderMinutes=[])
    response = await api.post(
        "/api/webhooks",
        json={"url": url, "events": events or ALL_EVENTS},
        headers=expert["headers"],
    )
    assert response.status_code == 201, response.text
    return expert, event, response.json()


def start() -> str:
    return factories.at(factories.future_day(3), 10)


class TestWebhookCalls:
    async def test_a_booking_is_posted_signed_with_the_secret(
        self, api: httpx.AsyncClient, worker: OutboxWorker, receiver: HttpReceiver
    ) -> None:
        _, event, hook = await expert_with_hook(api, receiver.url)
        assert hook["secret"].startswith("whsec_")
        booking = await factories.book(api, event, start())
        await worker.drain()

        [call] = receiver.calls
        body = json.loads(call.body)
        assert body["event"] == "booking.created"
        assert body["data"]["id"] == booking["id"]
        assert "manageToken" not in body["data"]
        assert body["createdAt"]
        header = call.headers[signing.HEADER]
        assert signing.verify(hook["secret"], call.body, header, now=int(time.time()))
        # A tampered body, another secret or an old timestamp do not verify.
        assert not signing.verify(hook["secret"], call.body + b" ", header, now=int(time.time()))
        assert not signing.verify("whsec_other", call.body, header, now=int(time.time()))
        assert not signing.verify(hook["secret"], call.body, header, now=int(time.time()) + 3600)
        assert call.headers["X-ExpertBook-Event"] == "booking.created"

    async def test_only_subscribed_events_of_active_hooks_are_sent(
        self, api: httpx.AsyncClient, worker: OutboxWorker, receiver: HttpReceiver
    ) -> None:
        expert, event, hook = await expert_with_hook(api, receiver.url, ["booking.cancelled"])
        booking = await factories.book(api, event, start())
        await worker.drain()
        assert receiver.calls == []
        await api.patch(
            f"/api/bookings/{booking['id']}",
            params={"token": booking["manageToken"]},
            json={"status": "cancelled", "reason": "Sorry"},
        )
        await worker.drain()
        [call] = receiver.calls
        assert json.loads(call.body)["data"]["cancelReason"] == "Sorry"

        paused = await api.patch(
            f"/api/webhooks/{hook['id']}", json={"active": False}, headers=expert["headers"]
        )
        assert paused.status_code == 200 and paused.json()["active"] is False
        await api.patch(
            f"/api/bookings/{booking['id']}",
            params={"token": booking["manageToken"]},
            json={"status": "confirmed"},
        )
        await worker.drain()
        assert len(receiver.calls) == 1

    async def test_a_failing_endpoint_is_retried_and_every_attempt_is_logged(
        self, api: httpx.AsyncClient, worker: OutboxWorker, receiver: HttpReceiver
    ) -> None:
        expert, event, hook = await expert_with_hook(api, receiver.url)
        receiver.statuses = [500, 503]
        await factories.book(api, event, start())
        now = utcnow()
        await worker.drain(now)
        await worker.drain(now + timedelta(seconds=16))
        await worker.drain(now + timedelta(seconds=50))
        await worker.drain(now + timedelta(hours=1))
        assert len(receiver.calls) == 3
        assert len({call.body for call in receiver.calls}) == 1, "the same message each time"

        log = await api.get(f"/api/webhooks/{hook['id']}/deliveries", headers=expert["headers"])
        assert log.status_code == 200, log.text
        attempts = log.json()["items"]
        assert log.json()["total"] == 3
        assert [(a["attempt"], a["succeeded"], a["responseCode"]) for a in attempts] == [
            (3, True, 200),
            (2, False, 503),
            (1, False, 500),
        ]
        assert attempts[2]["error"] == "The endpoint answered HTTP 500."
        assert len({a["messageId"] for a in attempts}) == 1

        redelivered = await api.post(
            f"/api/webhooks/{hook['id']}/deliveries/{attempts[0]['id']}/redeliver",
            headers=expert["headers"],
        )
        assert redelivered.status_code == 202, redelivered.text
        await worker.drain()
        assert len(receiver.calls) == 4
        assert receiver.calls[3].body == receiver.calls[0].body

    async def test_an_unreachable_endpoint_is_logged_without_a_response_code(
        self, api: httpx.AsyncClient, worker: OutboxWorker
    ) -> None:
        from tests.live import free_port

        expert, event, hook = await expert_with_hook(api, f"http://127.0.0.1:{free_port()}/x")
        await factories.book(api, event, start())
        await worker.drain()
        log = await api.get(f"/api/webhooks/{hook['id']}/deliveries", headers=expert["headers"])
        [attempt] = log.json()["items"]
        assert attempt["succeeded"] is False and attempt["responseCode"] is None
        assert "could not be reached" in attempt["error"]


class TestAddressCheckedAgainAtDelivery:
    async def test_a_url_that_now_points_inside_is_not_called(
        self, api: httpx.AsyncClient, receiver: HttpReceiver, database_url: str
    ) -> None:
        # Saved where private addresses were allowed; delivered by an instance where
        # they are not, as when a public name comes to resolve to a private address.
        expert, event, hook = await expert_with_hook(api, receiver.url)
        await factories.book(api, event, start())
        strict = create_strict_app(database_url)
        try:
            await strict.state.outbox_worker.drain()
        finally:
            await strict.state.database.dispose()
        assert receiver.calls == []
        log = await api.get(f"/api/webhooks/{hook['id']}/deliveries", headers=expert["headers"])
        [attempt] = log.json()["items"]
        assert attempt["succeeded"] is False
        assert "private" in attempt["error"]

    async def test_the_call_goes_to_the_address_that_was_checked(
        self,
        api: httpx.AsyncClient,
        worker: OutboxWorker,
        receiver: HttpReceiver,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        # A name that answers the check with one address and, a moment later, another
        # (DNS rebinding): the call must go where the check looked, not ask again.
        name = "hooks.rebinding.test"
        answers = rebinding(monkeypatch, name, first="127.0.0.1")
        _, event, _ = await expert_with_hook(api, f"http://{name}:{receiver.port}/hook")
        await factories.book(api, event, start())
        await worker.drain()

        [call] = receiver.calls
        assert call.headers["Host"] == f"{name}:{receiver.port}"
        assert answers == []


class TestWebhookApi:
    async def test_private_loopback_and_link_local_urls_are_refused_by_default(
        self, database_url: str
    ) -> None:
        app: FastAPI = create_strict_app(database_url)
        await empty_tables(app.state.database.engine)
        transport = httpx.ASGITransport(app=app)
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
                expert = await factories.expert(api)
                for url in (
                    "http://127.0.0.1:9/hook",
                    "http://10.1.2.3/hook",
                    "http://192.168.0.1/hook",
                    "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/hook",
                    "http://localhost/hook",
                    "ftp://example.com/hook",
                ):
                    response = await api.post(
                        "/api/webhooks",
                        json={"url": url, "events": ["booking.created"]},
                        headers=expert["headers"],
                    )
                    assert response.status_code == 422, url
                    assert response.json()["error"]["code"] in (
                        "webhook_url_refused",
                        "validation_error",
                    )
                listed = await api.get("/api/webhooks", headers=expert["headers"])
                assert listed.json() == []
        finally:
            await app.state.database.dispose()

    async def test_crud_is_the_owners_only_and_the_secret_is_shown_once(
        self, api: httpx.AsyncClient, receiver: HttpReceiver
    ) -> None:
        expert, _, hook = await expert_with_hook(api, receiver.url)
        stranger = await factories.expert(api)
        client = await factories.register(api)

        listed = await api.get("/api/webhooks", headers=expert["headers"])
        assert [item["id"] for item in listed.json()] == [hook["id"]]
        assert "secret" not in listed.json()[0]
        assert (await api.get("/api/webhooks", headers=stranger["headers"])).json() == []
        not_expert = await api.get("/api/webhooks", headers=client["headers"])
        assert not_expert.status_code == 403

        path = f"/api/webhooks/{hook['id']}"
        for method in ("PATCH", "DELETE"):
            response = await api.request(
                method, path, json={"active": False}, headers=stranger["headers"]
            )
            assert response.status_code == 404
        response = await api.patch(
            path, json={"events": ["booking.created"], "url": receiver.url + "?v=2"},
            headers=expert["headers"],
        )  # fmt: skip
        assert response.status_code == 200
        assert response.json()["events"] == ["booking.created"]
        bad = await api.patch(path, json={"events": []}, headers=expert["headers"])
        assert bad.status_code == 422
        unknown = await api.patch(
            path, json={"events": ["booking.eaten"]}, headers=expert["headers"]
        )
        assert unknown.status_code == 422
        assert (await api.delete(path, headers=expert["headers"])).status_code == 204
        assert (await api.delete(path, headers=expert["headers"])).status_code == 404
        missing = await api.get(
            f"/api/webhooks/{uuid.uuid4()}/deliveries", headers=expert["headers"]
        )
        assert missing.status_code == 404


def create_strict_app(database_url: str) -> FastAPI:
    return notifying_app(database_url, webhooks_allow_private=False)
