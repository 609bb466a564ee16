"""A hostile socket cannot flood the server: a rate per connection, a cap on rooms."""

import asyncio
import time
import uuid

import httpx
import pytest

from expertbook.realtime.limits import BURST, EVENTS_PER_SECOND, MAX_WATCHED_EXPERTS
from tests.factories import auth
from tests.live import InProcessServer
from tests.realtime.sockets import Listener, account


@pytest.mark.serial
class TestSocketLimits:
    async def test_a_flood_is_refused_then_cut_off_while_others_are_served(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        owner = await account(http, "flooded@example.com", expert=True)
        flooder = await Listener().connect(live.url)
        neighbour = await Listener().connect(live.url)
        try:
            answers = [
                await flooder.sio.call("watchExpert", {"expertId": str(uuid.uuid4())})
                for _ in range(BURST + 5)
            ]
            codes = [answer["error"]["code"] for answer in answers]
            assert codes[:BURST] == ["not_found"] * BURST
            assert set(codes[BURST:]) == {"too_many_requests"}
            for _ in range(2000):  # far past the rate, without waiting for answers
                if not flooder.sio.connected:
                    break
                await flooder.sio.emit("watchExpert", {"expertId": str(uuid.uuid4())})
            deadline = time.monotonic() + 5
            while flooder.sio.connected and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert not flooder.sio.connected
            started = time.monotonic()
            ack = await neighbour.sio.call("watchExpert", {"expertId": owner["expert"]["id"]})
            assert ack == {"ok": True}
            assert time.monotonic() - started < 1
        finally:
            for socket in (flooder, neighbour):
                if socket.sio.connected:
                    await socket.sio.disconnect()

    async def test_a_socket_watches_a_limited_number_of_experts(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        experts = []
        for n in range(MAX_WATCHED_EXPERTS + 1):
            user = await account(http, f"watched{n}@example.com")
            response = await http.post("/api/auth/become-expert", headers=auth(user["token"]))
            experts.append(response.json()["expert"]["id"])
        watcher = await Listener().connect(live.url)
        try:
            for expert_id in experts[:MAX_WATCHED_EXPERTS]:  # the burst allows this many
                ack = await watcher.sio.call("watchExpert", {"expertId": expert_id})
                assert ack == {"ok": True}
            await asyncio.sleep(4 / EVENTS_PER_SECOND)  # then a steady pace: four more
            one_more = await watcher.sio.call("watchExpert", {"expertId": experts[-1]})
            assert one_more["error"]["code"] == "too_many_rooms"
            # Watching one again is no new room; leaving one makes space.
            again = await watcher.sio.call("watchExpert", {"expertId": experts[0]})
            assert again == {"ok": True}
            await watcher.sio.call("unwatchExpert", {"expertId": experts[0]})
            assert await watcher.sio.call("watchExpert", {"expertId": experts[-1]}) == {"ok": True}
        finally:
            await watcher.sio.disconnect()
