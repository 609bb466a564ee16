"""Two real `expertbook serve` processes on one PostgreSQL and the real Redis."""

import asyncio
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.factories import at, auth, future_day
from tests.live import serve_processes
from tests.realtime.sockets import Listener, account
from tests.services import require_redis, throwaway_postgres


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    redis_url = require_redis()
    with throwaway_postgres("instances") as database_url:
        env = {
            "EXPERTBOOK_DATABASE_URL": database_url,
            "EXPERTBOOK_REDIS_URL": redis_url,
            "EXPERTBOOK_SECRET_KEY": "a-shared-secret-for-both-instances-0123",
        }
        with serve_processes(2, env, tmp_path_factory.mktemp("instances")) as urls:
            yield urls


class TestTwoInstances:
    async def test_health_reports_redis(self, instances: list[str]) -> None:
        async with httpx.AsyncClient() as http:
            for url in instances:
                body = (await http.get(f"{url}/healthz")).json()
                assert body == {"status": "ok", "database": "ok", "redis": "ok"}

    async def test_event_reaches_a_socket_on_the_other_instance(self, instances: list[str]) -> None:
        first, second = instances
        async with httpx.AsyncClient(base_url=second) as http:
            owner = await account(http, "cross-owner@example.com", expert=True)
            expert_socket = await Listener().connect(first, owner["token"])
            watcher = await Listener().connect(first)
            await watcher.sio.call("watchExpert", {"expertId": owner["expert"]["id"]})
            try:
                body = {"eventTypeId": owner["event"]["id"], "start": at(future_day(), 10),
                        "name": "Cross", "email": "cross@example.com"}  # fmt: skip
                response = await http.post("/api/bookings", json=body)
                assert response.status_code == 201
                received = (await expert_socket.wait_for("newBooking"))[0]
                assert received["id"] == response.json()["id"]
                assert (await watcher.wait_for("slotsChanged"))[0]["expertId"] == owner["expert"][
                    "id"
                ]
                await http.patch(
                    f"/api/bookings/{received['id']}",
                    json={"status": "cancelled"},
                    headers=auth(owner["token"]),
                )
                assert (await expert_socket.wait_for("bookingUpdated"))[0]["status"] == "cancelled"
            finally:
                await expert_socket.sio.disconnect()
                await watcher.sio.disconnect()

    async def test_fifty_attempts_across_both_one_winner(self, instances: list[str]) -> None:
        async with httpx.AsyncClient(base_url=instances[0]) as http:
            owner = await account(http, "storm-owner@example.com", expert=True)
        start = at(future_day(), 14)

        async def attempt(n: int, http: httpx.AsyncClient) -> int:
            body = {
                "eventTypeId": owner["event"]["id"],
                "start": start,
                "name": f"C{n}",
                "email": f"c{n}@example.com",
            }
            return (await http.post("/api/bookings", json=body)).status_code

        limits = httpx.Limits(max_connections=50)
        clients = [httpx.AsyncClient(base_url=url, limits=limits, timeout=30) for url in instances]
        try:
            results = Counter(
                await asyncio.gather(*(attempt(n, clients[n % 2]) for n in range(50)))
            )
        finally:
            for http in clients:
                await http.aclose()
        assert results == Counter({201: 1, 409: 49})
        async with httpx.AsyncClient(base_url=instances[1]) as http:
            mine = (
                await http.get("/api/bookings?role=expert", headers=auth(owner["token"]))
            ).json()
        assert mine["total"] == 1

    async def test_forty_clients_across_both_for_ten_seats_ten_winners(
        self, instances: list[str]
    ) -> None:
        async with httpx.AsyncClient(base_url=instances[0]) as http:
            owner = await account(http, "seats-owner@example.com", expert=True)
            workshop = await http.post(
                "/api/event-types",
                json={"title": "Workshop", "slug": "workshop", "durationMinutes": 60, "seats": 10},
                headers=auth(owner["token"]),
            )
            assert workshop.status_code == 201, workshop.text
        start = at(future_day(), 16)

        async def attempt(n: int, http: httpx.AsyncClient) -> str:
            body = {"eventTypeId": workshop.json()["id"], "start": start,
                    "name": f"S{n}", "email": f"s{n}@example.com"}  # fmt: skip
            response = await http.post("/api/bookings", json=body)
            return "201" if response.status_code == 201 else response.json()["error"]["code"]

        clients = [httpx.AsyncClient(base_url=url, timeout=30) for url in instances]
        try:
            results = Counter(
                await asyncio.gather(*(attempt(n, clients[n % 2]) for n in range(40)))
            )
        finally:
            for http in clients:
                await http.aclose()
        assert results == Counter({"201": 10, "session_full": 30})

    async def test_a_seat_freed_on_one_goes_to_the_line_not_to_a_rush_on_the_other(
        self, instances: list[str]
    ) -> None:
        first, second = (httpx.AsyncClient(base_url=url, timeout=30) for url in instances)
        try:
            owner = await account(first, "line-owner@example.com", expert=True)
            headers = auth(owner["token"])
            body = {"title": "Class", "slug": "class", "durationMinutes": 60, "seats": 2}
            workshop = (await first.post("/api/event-types", json=body, headers=headers)).json()
            start = at(future_day(), 18)

            def client(name: str) -> dict[str, str]:
                return {"eventTypeId": workshop["id"], "start": start, "name": name,
                        "email": f"{name}@example.com"}  # fmt: skip

            seats = [(await first.post("/api/bookings", json=client(f"p{n}"))).json()
                     for n in range(2)]  # fmt: skip
            waiting = (await second.post("/api/waitlist", json=client("waiter"))).json()
            assert waiting["status"] == "waiting", waiting
            cancel, *rush = await asyncio.gather(
                first.patch(
                    f"/api/bookings/{seats[0]['id']}", json={"status": "cancelled"}, headers=headers
                ),
                *(second.post("/api/bookings", json=client(f"r{n}")) for n in range(10)),
            )
            assert cancel.status_code == 200
            assert Counter(r.status_code for r in rush) == Counter({409: 10})
            claim = await second.post(
                f"/api/waitlist/{waiting['id']}/claim", params={"token": waiting["manageToken"]}
            )
            assert claim.status_code == 201, claim.text
            session = await first.get(
                f"/api/bookings/sessions/{seats[1]['sessionKey']}", headers=headers
            )
            assert session.json()["seatsTaken"] == 2
        finally:
            await first.aclose()
            await second.aclose()

    async def test_a_change_through_one_shows_in_the_others_next_answer(
        self, instances: list[str]
    ) -> None:
        # Each instance caches slots in its own memory; the expert's generation, read with
        # every request, makes a change committed through one visible on the other at once.
        first, second = (httpx.AsyncClient(base_url=url) for url in instances)
        try:
            owner = await account(first, "cache-owner@example.com", expert=True)
            day = future_day(5)
            path = f"/api/experts/{owner['expert']['username']}/slots"
            params = {"eventTypeId": owner["event"]["id"], "start": str(day), "end": str(day)}

            async def starts(http: httpx.AsyncClient) -> list[str]:
                response = await http.get(path, params=params)
                assert response.status_code == 200
                return [slot["start"] for d in response.json()["days"] for slot in d["slots"]]

            for http in (first, second, first, second):  # both warm
                assert at(day, 10).replace("+00:00", "Z") in await starts(http)
            etag = (await second.get(path, params=params)).headers["etag"]
            body = {"eventTypeId": owner["event"]["id"], "start": at(day, 10),
                    "name": "Cached", "email": "cached@example.com"}  # fmt: skip
            booked = await first.post("/api/bookings", json=body)
            assert booked.status_code == 201
            assert at(day, 10).replace("+00:00", "Z") not in await starts(second)
            revalidated = await second.get(path, params=params, headers={"If-None-Match": etag})
            assert revalidated.status_code == 200

            cancelled = await second.patch(
                f"/api/bookings/{booked.json()['id']}",
                json={"status": "cancelled"},
                headers=auth(owner["token"]),
            )
            assert cancelled.status_code == 200
            assert at(day, 10).replace("+00:00", "Z") in await starts(first)
        finally:
            await first.aclose()
            await second.aclose()


def test_logs_are_clean(instances: list[str], tmp_path_factory: pytest.TempPathFactory) -> None:
    """No tracebacks in either server's log after the storms."""
    logs = list(Path(tmp_path_factory.getbasetemp()).glob("instances*/serve-*.log"))
    assert logs
    for log in logs:
        assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
