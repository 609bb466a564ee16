"""Socket.IO in a real server in this process: who receives what, and when."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
import socketio
from sqlalchemy import text

from expertbook.db import Database, after_commit, run_in_transaction
from tests.conftest import TEST_SECRET
from tests.factories import at, auth, book, future_day
from tests.live import InProcessServer
from tests.realtime.sockets import Listener, account

PERSONAL = ("Carl Client", "carl@example.com", "+15551234567", "secret notes")


class TestLiveEvents:
    async def test_each_party_gets_what_it_may_see(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
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
                json={
                    "eventTypeId": owner["event"]["id"],
                    "start": at(future_day(), 10),
                    **dict(zip(("name", "email", "phone", "notes"), PERSONAL, strict=True)),
                },
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
            assert (updated["status"], updated["cancelledBy"], updated["cancelReason"]) == (
                "cancelled",
                "expert",
                "Ill",
            )
            assert (await expert_socket.wait_for("bookingUpdated"))[0] == updated
            await watcher.wait_for("slotsChanged", count=2)
            await asyncio.sleep(0.2)
            assert stranger_socket.events == []
            assert not any(value in str(watcher.events) for value in PERSONAL)
        finally:
            for socket in (expert_socket, client_socket, stranger_socket, watcher):
                await socket.sio.disconnect()

    @pytest.mark.parametrize("how", ["guest", "signed in", "with an Idempotency-Key"])
    async def test_a_new_booking_is_announced_only_once_it_is_stored(
        self, live: InProcessServer, http: httpx.AsyncClient, engine, how: str
    ) -> None:  # type: ignore[no-untyped-def]
        """Each way of booking commits at a different point; the event never comes first."""
        owner = await account(http, "owner@example.com", expert=True)
        booker = await account(http, "booker@example.com")
        seen_stored: list[bool] = []
        expert_socket = socketio.AsyncClient(reconnection=False)

        @expert_socket.on("newBooking")
        async def check_stored(data: dict) -> None:  # type: ignore[type-arg]
            async with engine.connect() as connection:
                query = text("SELECT count(*) FROM bookings WHERE id = :id")
                id_ = (
                    data["id"]
                    if engine.dialect.name == "postgresql"
                    else data["id"].replace("-", "")
                )
                seen_stored.append((await connection.execute(query, {"id": id_})).scalar() == 1)

        await expert_socket.connect(
            live.url, auth={"token": owner["token"]}, transports=["websocket"]
        )
        try:
            headers = {
                "guest": {},
                "signed in": auth(booker["token"]),
                "with an Idempotency-Key": {"Idempotency-Key": "stored-first"},
            }[how]
            response = await http.post(
                "/api/bookings",
                json={
                    "eventTypeId": owner["event"]["id"],
                    "start": at(future_day(), 10),
                    "name": "Carl",
                    "email": "carl@example.com",
                },
                headers=headers,
            )
            assert response.status_code == 201, response.text
            for _ in range(50):
                if seen_stored:
                    break
                await asyncio.sleep(0.05)
            assert seen_stored == [True]
        finally:
            await expert_socket.disconnect()

    async def test_forged_or_expired_token_is_refused(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        user = await account(http, "expired@example.com")
        past = datetime.now(UTC) - timedelta(hours=2)
        expired = jwt.encode(
            {"sub": user["user"]["id"], "iat": past, "exp": past + timedelta(hours=1)},
            TEST_SECRET,
            algorithm="HS256",
        )
        for token in ("forged.token.value", "eyJhbGciOiJIUzI1NiJ9.e30.x", expired):
            with pytest.raises(socketio.exceptions.ConnectionError):
                await Listener().connect(live.url, token)
        # The same signature, still valid, is accepted: only the expiry refused it.
        await (await Listener().connect(live.url, user["token"])).sio.disconnect()

    async def test_slot_changes_name_every_active_event_type_of_the_expert(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        # A booking of one type takes the time from all of them, but not from inactive ones.
        owner = await account(http, "many-types@example.com", expert=True)
        headers = auth(owner["token"])
        extra = {"title": "Review", "slug": "review", "durationMinutes": 60}
        review = (await http.post("/api/event-types", json=extra, headers=headers)).json()
        hidden = {"title": "Old", "slug": "old", "durationMinutes": 15, "isActive": False}
        await http.post("/api/event-types", json=hidden, headers=headers)
        watcher = await Listener().connect(live.url)
        try:
            await watcher.sio.call("watchExpert", {"expertId": owner["expert"]["id"]})
            await book(http, review, at(future_day(), 9))
            change = (await watcher.wait_for("slotsChanged"))[0]
            assert change["eventTypeIds"] == sorted([owner["event"]["id"], review["id"]])
        finally:
            await watcher.sio.disconnect()

    async def test_unwatching_stops_slot_changes(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        owner = await account(http, "unwatched@example.com", expert=True)
        watcher = await Listener().connect(live.url)
        expert_id = {"expertId": owner["expert"]["id"]}
        try:
            assert await watcher.sio.call("watchExpert", expert_id) == {"ok": True}
            assert await watcher.sio.call("unwatchExpert", expert_id) == {"ok": True}
            await book(http, owner["event"], at(future_day(), 11))
            await asyncio.sleep(0.3)
            assert watcher.of("slotsChanged") == []
            ack = await watcher.sio.call("unwatchExpert", {})
            assert ack["error"]["code"] == "validation_error"
        finally:
            await watcher.sio.disconnect()

    async def test_watching_an_unknown_expert_is_an_error(self, live: InProcessServer) -> None:
        watcher = await Listener().connect(live.url)
        try:
            unknown = {"expertId": "00000000-0000-0000-0000-000000000000"}
            ack = await watcher.sio.call("watchExpert", unknown)
            assert ack["error"]["code"] == "not_found"
        finally:
            await watcher.sio.disconnect()

    @pytest.mark.parametrize("event", ["watchExpert", "unwatchExpert"])
    async def test_malformed_payloads_get_an_error_answer(
        self, live: InProcessServer, event: str
    ) -> None:
        watcher = await Listener().connect(live.url)
        try:
            for payload in ({"expertId": "x"}, {}, "a string", [1, 2], {"expertId": None}):
                ack = await asyncio.wait_for(watcher.sio.call(event, payload), 5)
                assert ack["error"]["code"] == "validation_error", payload
                assert ack["error"]["message"].endswith(".")
            # No payload at all: the server answers instead of failing on its arguments.
            ack = await asyncio.wait_for(watcher.sio.call(event), 5)
            assert ack["error"]["code"] == "validation_error"
        finally:
            await watcher.sio.disconnect()

    async def test_a_signed_token_of_an_unknown_user_is_refused(
        self, live: InProcessServer
    ) -> None:
        now = datetime.now(UTC)
        claims = {
            "sub": str(uuid.uuid4()),
            "iat": now,
            "exp": now + timedelta(hours=1),
            "jti": "a-token-of-nobody",
        }
        token = jwt.encode(claims, TEST_SECRET, algorithm="HS256")
        with pytest.raises(socketio.exceptions.ConnectionError):
            await Listener().connect(live.url, token)

    async def test_a_refused_booking_emits_nothing(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        owner = await account(http, "owner2@example.com", expert=True)
        await book(http, owner["event"], at(future_day(), 10))
        expert_socket = await Listener().connect(live.url, owner["token"])
        try:
            await book(http, owner["event"], at(future_day(), 10), expect=409)
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


class TestSendingInTheBackground:
    async def test_a_stuck_fan_out_does_not_hold_the_answer(
        self, app, client: httpx.AsyncClient
    ) -> None:  # type: ignore[no-untyped-def]
        # A Redis that hangs, or a fan-out to thousands of sockets, must not delay the 201.
        started: list[str] = []
        never = asyncio.Event()

        async def stuck_emit(event: str, data: object, to: object) -> None:
            started.append(event)
            await never.wait()

        owner = await account(client, "stuck@example.com", expert=True)
        await app.state.realtime.drain()  # what setting up the expert announced
        app.state.realtime.sio.emit = stuck_emit
        await asyncio.wait_for(book(client, owner["event"], at(future_day(), 10)), 5)
        await asyncio.sleep(0)
        assert started == ["newBooking"]  # sent after the commit, in order, in the background
        never.set()
        await app.state.realtime.drain()
        assert started == ["newBooking", "slotsChanged"]
