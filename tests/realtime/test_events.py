"""Socket.IO in a real server in this process: who receives what, and when."""

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import socketio

from expertbook.db import Database, after_commit, run_in_transaction
from tests.conftest import empty_tables
from tests.factories import at, auth, future_day
from tests.live import InProcessServer

PERSONAL = ("Carl Client", "carl@example.com", "+15551234567", "secret notes")


class Listener:
    """A socket that records every event it receives."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self._arrived = asyncio.Condition()
        for name in ("newBooking", "bookingUpdated", "slotsChanged"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):  # type: ignore[no-untyped-def]
        async def record(data: Any) -> None:
            async with self._arrived:
                self.events.append((name, data))
                self._arrived.notify_all()

        return record

    async def connect(self, url: str, token: str | None = None) -> "Listener":
        await self.sio.connect(url, auth={"token": token} if token else None, transports=["websocket"])
        return self

    async def wait_for(self, name: str, count: int = 1, timeout: float = 5) -> list[Any]:
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.of(name)) >= count), timeout
            )
        return self.of(name)

    def of(self, name: str) -> list[Any]:
        return [data for event, data in self.events if event == name]


@pytest.fixture
async def live(settings, engine) -> AsyncIterator[InProcessServer]:  # type: ignore[no-untyped-def]
    await empty_tables(engine)
    async with InProcessServer(settings) as server:
        yield server


@pytest.fixture
async def http(live: InProcessServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=live.url) as client:
        yield client


async def account(http: httpx.AsyncClient, email: str, *, expert: bool = False) -> dict[str, Any]:
    response = await http.post(
        "/api/auth/register", json={"name": email.split("@")[0], "email": email, "password": "password-123"}
    )
    user: dict[str, Any] = response.json()
    if expert:
        body = (await http.post("/api/auth/become-expert", json={}, headers=auth(user["token"]))).json()
        user["expert"] = body["expert"]
        await http.put(
            "/api/experts/me/availability",
            json={"timezone": "UTC", "weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)]},
            headers=auth(user["token"]),
        )
        event = await http.post(
            "/api/event-types", json={"title": "Chat", "slug": "chat", "durationMinutes": 30},
            headers=auth(user["token"]),
        )  # fmt: skip
        user["event"] = event.json()
    return user


class TestLiveEvents:
    async def test_each_party_gets_what_it_may_see(self, live: InProcessServer, http: httpx.AsyncClient) -> None:
        owner = await account(http, "owner@example.com", expert=True)
        booker = await account(http, "booker@example.com")
        stranger = await account(http, "stranger@example.com")
        expert_socket = await Listener().connect(live.url, owner["token"])
        client_socket = await Listener().connect(live.url, booker["token"])
        stranger_socket = await Listener().connect(live.url, stranger["token"])
        watcher = await Listener().connect(live.url)
        ack = await watcher.sio.call("watchExpert", {"expertId": owner["expert"]["id"]})
        assert ack == {"ok": True}
        try:
            response = await http.post(
                "/api/bookings",
                json={"eventTypeId": owner["event"]["id"], "start": at(future_day(), 10), "name": PERSONAL[0],
                      "email": PERSONAL[1], "phone": PERSONAL[2], "notes": PERSONAL[3]},
                headers=auth(booker["token"]),
            )  # fmt: skip
            booking = response.json()
            shown = {k: v for k, v in booking.items() if k != "manageToken"}
            assert (await expert_socket.wait_for("newBooking"))[0] == shown
            assert (await client_socket.wait_for("newBooking"))[0] == shown
            changed = (await watcher.wait_for("slotsChanged"))[0]
            assert changed == {
                "expertId": owner["expert"]["id"],
                "eventTypeIds": [owner["event"]["id"]],
                "dates": [future_day().isoformat()],
            }
            assert not any(value in str(watcher.events) for value in PERSONAL)
            assert watcher.of("newBooking") == []

            await http.patch(
                f"/api/bookings/{booking['id']}", json={"status": "cancelled", "reason": "Ill"},
                headers=auth(owner["token"]),
            )  # fmt: skip
            updated = (await client_socket.wait_for("bookingUpdated"))[0]
            assert (updated["status"], updated["cancelledBy"], updated["cancelReason"]) == ("cancelled", "expert", "Ill")
            assert (await expert_socket.wait_for("bookingUpdated"))[0] == updated
            await watcher.wait_for("slotsChanged", count=2)
            await asyncio.sleep(0.2)
            assert stranger_socket.events == []
            assert not any(value in str(watcher.events) for value in PERSONAL)
        finally:
            for socket in (expert_socket, client_socket, stranger_socket, watcher):
                await socket.sio.disconnect()

    async def test_forged_or_expired_token_is_refused(self, live: InProcessServer) -> None:
        for token in ("forged.token.value", "eyJhbGciOiJIUzI1NiJ9.e30.x"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await Listener().connect(live.url, token)

    async def test_watching_an_unknown_expert_is_an_error(self, live: InProcessServer) -> None:
        watcher = await Listener().connect(live.url)
        try:
            for payload in ({"expertId": "00000000-0000-0000-0000-000000000000"}, {"expertId": "x"}, {}):
                ack = await watcher.sio.call("watchExpert", payload)
                assert ack["error"]["code"] == "not_found"
        finally:
            await watcher.sio.disconnect()

    async def test_a_refused_booking_emits_nothing(self, live: InProcessServer, http: httpx.AsyncClient) -> None:
        owner = await account(http, "owner2@example.com", expert=True)
        body = {"eventTypeId": owner["event"]["id"], "start": at(future_day(), 10), "name": "A", "email": "a@example.com"}
        assert (await http.post("/api/bookings", json=body)).status_code == 201
        expert_socket = await Listener().connect(live.url, owner["token"])
        try:
            assert (await http.post("/api/bookings", json=body)).status_code == 409
            await asyncio.sleep(0.3)
            assert expert_socket.events == []
        finally:
            await expert_socket.sio.disconnect()


class TestAfterCommit:
    async def test_callbacks_run_after_commit_and_are_dropped_on_rollback(self, settings) -> None:
        database = Database(settings)
        ran: list[str] = []

        async def mark(label: str) -> None:
            ran.append(label)

        async for session in run_in_transaction(database.write_sessions):
            after_commit(session, lambda: mark("committed"))
            assert ran == []
        with pytest.raises(RuntimeError):
            async for session in run_in_transaction(database.write_sessions):
                after_commit(session, lambda: mark("rolled back"))
                raise RuntimeError("boom")
        await database.dispose()
        assert ran == ["committed"]
