"""Cached slots never lie: every answer equals a fresh computation, on both databases.

The property: random sequences of bookings, cancels, restores, reschedules, rule edits
and clock moves, where after each step every cached answer (asked twice, so the second
is served from the cache when nothing changed) equals the answer computed afresh from
the database at the same instant.
"""

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from expertbook.availability import service
from expertbook.availability.router import _slots_json
from expertbook.kit.time import zone
from tests import factories
from tests.factories import at, future_day

ZONES = ["UTC", "Europe/Berlin", "America/Los_Angeles"]
COMPUTE = service.public_slots


class Clock:
    """The slots API's clock, moved by hand (bookings keep the real one)."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


class Computations:
    """Counts the answers the slots API computes instead of serving from its cache."""

    def __init__(self) -> None:
        self.count = 0

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.count += 1
        return await COMPUTE(*args, **kwargs)


@pytest.fixture
def computations(monkeypatch: pytest.MonkeyPatch) -> Computations:
    counter = Computations()
    monkeypatch.setattr(service, "public_slots", counter)
    return counter


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr("expertbook.availability.router.utcnow", clock)
    return clock


async def fresh(app: Any, event_id: str, first: date, last: date, tz: str, now: datetime) -> bytes:
    """The answer computed from the database, bypassing the cache."""
    async with app.state.database.read_sessions() as session:
        answer = await COMPUTE(
            session,
            event_type_id=uuid.UUID(event_id),
            first_day=first,
            last_day=last,
            viewer=zone(tz),
            now=now,
        )
    return _slots_json(answer, tz, zone(tz))


class Scenario:
    def __init__(
        self,
        client: httpx.AsyncClient,
        app: Any,
        clock: Clock,
        computations: Computations,
        seed: int,
    ) -> None:
        self.client, self.app, self.clock, self.computations = client, app, clock, computations
        self.random = random.Random(seed)
        self.bookings: list[dict[str, Any]] = []
        self.served_from_cache = 0

    async def setup(self) -> None:
        self.owner = await factories.expert(self.client)
        self.event = await factories.event_type(
            self.client,
            self.owner,
            durationMinutes=60,
            slotIntervalMinutes=30,
            minNoticeMinutes=90,
            maxDaysAhead=4,
        )
        self.other = await factories.event_type(self.client, self.owner, durationMinutes=30)
        self.headers = self.owner["headers"]

    def window(self) -> tuple[date, date]:
        first = self.clock.now.date() + timedelta(days=self.random.choice([0, 1, 2]))
        return first, first + timedelta(days=self.random.choice([0, 2, 6]))

    async def check(self) -> None:
        """Each of a few questions, asked twice, answered as a fresh computation would."""
        for _ in range(3):
            first, last = self.window()
            tz = self.random.choice(ZONES)
            event = self.random.choice([self.event, self.other])
            params = {
                "eventTypeId": event["id"],
                "start": first.isoformat(),
                "end": last.isoformat(),
                "timezone": tz,
            }
            path = f"/api/experts/{self.owner['expert']['username']}/slots"
            expected = await fresh(self.app, event["id"], first, last, tz, self.clock.now)
            for _ in range(2):
                computed_before = self.computations.count
                response = await self.client.get(path, params=params)
                assert response.status_code == 200, response.text
                assert response.content == expected, (params, self.clock.now)
                if self.computations.count == computed_before:
                    self.served_from_cache += 1

    async def free_start(self) -> str | None:
        first = self.clock.now.date() + timedelta(days=1)
        response = await self.client.get(
            f"/api/experts/{self.owner['expert']['username']}/slots",
            params={
                "eventTypeId": self.event["id"],
                "start": first.isoformat(),
                "end": (first + timedelta(days=2)).isoformat(),
            },
        )
        starts = [slot["start"] for day in response.json()["days"] for slot in day["slots"]]
        return self.random.choice(starts) if starts else None

    # The steps ------------------------------------------------------------------------

    async def book(self) -> None:
        start = await self.free_start()
        if start is None:
            return
        body = {"eventTypeId": self.event["id"], "start": start, "name": "C", "email": "c@x.org"}
        response = await self.client.post("/api/bookings", json=body)
        assert response.status_code in (201, 409, 422), response.text
        if response.status_code == 201:
            self.bookings.append(response.json())

    async def set_status(self, status: str) -> None:
        if self.bookings:
            booking = self.random.choice(self.bookings)
            response = await self.client.patch(
                f"/api/bookings/{booking['id']}", json={"status": status}, headers=self.headers
            )
            assert response.status_code in (200, 409, 422), response.text

    async def reschedule(self) -> None:
        start = await self.free_start()
        if self.bookings and start is not None:
            booking = self.random.choice(self.bookings)
            response = await self.client.post(
                f"/api/bookings/{booking['id']}/reschedule",
                json={"start": start},
                headers=self.headers,
            )
            assert response.status_code in (200, 409, 422), response.text

    async def edit_hours(self) -> None:
        hours = [
            {"weekday": day, "start": f"{start:02d}:00", "end": f"{start + length:02d}:00"}
            for day in range(7)
            for start, length in [(self.random.randint(0, 12), self.random.randint(2, 10))]
        ]
        day_off = self.clock.now.date() + timedelta(days=self.random.randint(0, 4))
        overrides = [{"date": day_off.isoformat(), "intervals": []}] * self.random.randint(0, 1)
        response = await self.client.put(
            "/api/experts/me/availability",
            json={"timezone": "Europe/Berlin", "weekly": hours, "overrides": overrides},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text

    async def edit_event_type(self) -> None:
        changes = self.random.choice(
            [
                {"bufferAfterMinutes": self.random.choice([0, 15, 30])},
                {"minNoticeMinutes": self.random.choice([0, 90, 600])},
                {"maxDaysAhead": self.random.randint(1, 5)},
                {"durationMinutes": self.random.choice([30, 60, 90])},
                {"limits": {"perDay": self.random.choice([None, 1, 2])}},
            ]
        )
        response = await self.client.patch(
            f"/api/event-types/{self.event['id']}", json=changes, headers=self.headers
        )
        assert response.status_code == 200, response.text

    async def cap_the_day(self) -> None:
        response = await self.client.patch(
            "/api/experts/me",
            json={"maxBookingsPerDay": self.random.choice([None, 1, 3])},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text

    async def move_the_clock(self) -> None:
        self.clock.now += timedelta(minutes=self.random.choice([1, 29, 30, 31, 90, 600, 1440]))

    async def run(self, steps: int) -> None:
        actions = [
            self.book,
            self.book,
            lambda: self.set_status("cancelled"),
            lambda: self.set_status("confirmed"),
            self.reschedule,
            self.edit_hours,
            self.edit_event_type,
            self.cap_the_day,
            self.move_the_clock,
            self.move_the_clock,
        ]
        await self.check()
        for _ in range(steps):
            await self.random.choice(actions)()
            await self.check()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_cached_answers_equal_fresh_ones_through_random_changes(
    app: Any, client: httpx.AsyncClient, clock: Clock, computations: Computations, seed: int
) -> None:
    scenario = Scenario(client, app, clock, computations, seed)
    await scenario.setup()
    await scenario.run(steps=30)
    assert scenario.served_from_cache > 0  # the cache was really asked


class TestHttpCaching:
    async def setup(self, client: httpx.AsyncClient) -> tuple[dict[str, Any], str, dict[str, str]]:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        day = future_day(3)
        params = {"eventTypeId": event["id"], "start": day.isoformat(), "end": day.isoformat()}
        path = f"/api/experts/{owner['expert']['username']}/slots"
        owner["event"] = event
        return owner, path, params

    async def test_an_unchanged_expert_answers_304_without_a_body(
        self, client: httpx.AsyncClient
    ) -> None:
        _, path, params = await self.setup(client)
        first = await client.get(path, params=params)
        etag = first.headers["etag"]
        assert first.headers["cache-control"] == "no-cache"
        again = await client.get(path, params=params, headers={"If-None-Match": etag})
        assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
        weak = await client.get(path, params=params, headers={"If-None-Match": f'"x", W/{etag}'})
        assert weak.status_code == 304
        other = await client.get(path, params=params, headers={"If-None-Match": '"0-abc"'})
        assert (other.status_code, other.content) == (200, first.content)

    @pytest.mark.parametrize(
        "change",
        ["booking", "cancel", "hours", "event type", "expert", "other event type"],
    )
    async def test_any_change_answers_200_with_a_new_etag(
        self, client: httpx.AsyncClient, change: str
    ) -> None:
        owner, path, params = await self.setup(client)
        event, headers = owner["event"], owner["headers"]
        booking = await factories.book(client, event, at(future_day(4), 9))
        etag = (await client.get(path, params=params)).headers["etag"]
        if change == "booking":
            await factories.book(client, event, at(future_day(3), 9))
        elif change == "cancel":
            response = await client.patch(
                f"/api/bookings/{booking['id']}", json={"status": "cancelled"}, headers=headers
            )
            assert response.status_code == 200
        elif change == "hours":
            hours = {"timezone": "UTC", "weekly": factories.ALL_DAY[:3], "overrides": []}
            await client.put("/api/experts/me/availability", json=hours, headers=headers)
        elif change == "event type":
            await client.patch(
                f"/api/event-types/{event['id']}", json={"bufferAfterMinutes": 15}, headers=headers
            )
        elif change == "expert":
            await client.patch("/api/experts/me", json={"maxBookingsPerDay": 1}, headers=headers)
        else:  # a booking of another type takes the same expert's time
            other = await factories.event_type(client, owner)
            await factories.book(client, other, at(future_day(3), 12))
        response = await client.get(path, params=params, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response.headers["etag"] != etag

    async def test_an_unknown_event_type_is_404_even_when_cached_before(
        self, client: httpx.AsyncClient
    ) -> None:
        owner, path, params = await self.setup(client)
        assert (await client.get(path, params=params)).status_code == 200
        await client.patch(
            f"/api/event-types/{owner['event']['id']}",
            json={"isActive": False},
            headers=owner["headers"],
        )
        assert (await client.get(path, params=params)).status_code == 404
