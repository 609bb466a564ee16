import json
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import event

from expertbook.availability.schemas import SlotsResponse
from tests.auth.test_accounts import assert_error
from tests.factories import at, book, event_type, expert, future_day, register

WEEKDAY_HOURS = [{"weekday": d, "start": "09:00", "end": "12:00"} for d in range(5)]


async def slots(client: httpx.AsyncClient, owner: dict, event: dict, first, last=None, tz="UTC"):
    query = {
        "eventTypeId": event["id"],
        "start": first.isoformat(),
        "end": (last or first).isoformat(),
        "timezone": tz,
    }
    return await client.get(f"/api/experts/{owner['expert']['username']}/slots", params=query)


def starts(response: httpx.Response) -> list[str]:
    return starts_of(response.content)


def starts_of(body: bytes) -> list[str]:
    return [slot["start"] for day in json.loads(body)["days"] for slot in day["slots"]]


def next_weekday(weekday: int, days_ahead: int = 7):
    day = future_day(days_ahead)
    while day.weekday() != weekday:
        day += timedelta(days=1)
    return day


class TestAvailability:
    async def test_new_expert_works_eight_to_five_every_day(
        self, client: httpx.AsyncClient
    ) -> None:
        user = await register(client)
        await client.post(
            "/api/auth/become-expert", json={"timezone": "Europe/Paris"}, headers=user["headers"]
        )
        body = (await client.get("/api/experts/me/availability", headers=user["headers"])).json()
        assert body["timezone"] == "Europe/Paris"
        assert body["weekly"] == [
            {"weekday": d, "start": "08:00", "end": "17:00"} for d in range(7)
        ]
        assert body["overrides"] == []

    async def test_replace_round_trips(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        availability = {
            "timezone": "America/New_York",
            "weekly": [
                {"weekday": 0, "start": "13:00", "end": "17:00"},
                {"weekday": 0, "start": "09:00", "end": "12:00"},
            ],
            "overrides": [
                {"date": "2027-01-05", "intervals": [{"start": "10:00", "end": "11:00"}]},
                {"date": "2027-01-04", "intervals": []},
            ],
        }
        response = await client.put(
            "/api/experts/me/availability", json=availability, headers=owner["headers"]
        )
        assert response.status_code == 200
        body = (await client.get("/api/experts/me/availability", headers=owner["headers"])).json()
        assert body["weekly"][0] == {"weekday": 0, "start": "09:00", "end": "12:00"}
        assert [o["date"] for o in body["overrides"]] == ["2027-01-04", "2027-01-05"]
        me = (await client.get("/api/auth/me", headers=owner["headers"])).json()
        assert me["timezone"] == "America/New_York"

    @pytest.mark.parametrize(
        "change",
        [
            {"timezone": "Not/AZone"},
            {"weekly": [{"weekday": 7, "start": "09:00", "end": "10:00"}]},
            {"weekly": [{"weekday": 0, "start": "10:00", "end": "09:00"}]},
            {"weekly": [{"weekday": 0, "start": "9:00", "end": "10:00"}]},
            {"weekly": [{"weekday": 0, "start": "09:00", "end": "25:00"}]},
            {"weekly": [{"weekday": 1, "start": "09:00", "end": "12:00"},
                        {"weekday": 1, "start": "11:00", "end": "13:00"}]},
            {"overrides": [{"date": "2027-01-04", "intervals": []},
                           {"date": "2027-01-04", "intervals": []}]},
            {"overrides": [{"date": "2027-02-30", "intervals": []}]},
        ],
    )  # fmt: skip
    async def test_invalid_input_is_422_and_saves_nothing(
        self, client: httpx.AsyncClient, change: dict
    ) -> None:
        owner = await expert(client)
        before = (await client.get("/api/experts/me/availability", headers=owner["headers"])).json()
        body = {**before, **change}
        response = await client.put(
            "/api/experts/me/availability", json=body, headers=owner["headers"]
        )
        assert_error(response, 422, "validation_error")
        after = (await client.get("/api/experts/me/availability", headers=owner["headers"])).json()
        assert after == before

    async def test_only_experts(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        response = await client.get("/api/experts/me/availability", headers=user["headers"])
        assert_error(response, 403, "not_an_expert")
        assert_error(await client.get("/api/experts/me/availability"), 401, "unauthorized")


class TestSlotsEndpoint:
    async def test_answer_is_exactly_the_declared_schema(self, client: httpx.AsyncClient) -> None:
        # The endpoint serialises by hand for speed: it must say what SlotsResponse would.
        owner = await expert(client)
        event = await event_type(client, owner)
        response = await slots(client, owner, event, future_day(), future_day(9), "Asia/Kolkata")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        parsed = SlotsResponse.model_validate_json(response.content)
        assert parsed.timezone == "Asia/Kolkata" and len(parsed.days) == 7
        # seatsLeft is left out for a one-to-one event type rather than sent as null.
        dumped = parsed.model_dump_json(by_alias=True, exclude_none=True)
        assert dumped.encode() == response.content
        assert starts(response)[0].endswith("+05:30")

    async def test_days_in_the_viewers_zone_with_its_offset(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client, timezone="UTC", weekly=WEEKDAY_HOURS)
        event = await event_type(client, owner, durationMinutes=60)
        day = next_weekday(2)
        utc = await slots(client, owner, event, day)
        assert starts(utc) == [f"{day.isoformat()}T{h:02d}:00:00Z" for h in (9, 10, 11)]
        tokyo = await slots(client, owner, event, day, day + timedelta(days=1), tz="Asia/Tokyo")
        body = tokyo.json()
        assert body["timezone"] == "Asia/Tokyo"
        assert [d["date"] for d in body["days"]] == [
            day.isoformat(),
            (day + timedelta(days=1)).isoformat(),
        ]
        assert [s["start"] for s in body["days"][0]["slots"]] == [
            f"{day.isoformat()}T{h:02d}:00:00+09:00" for h in (18, 19, 20)
        ]

    async def test_a_booking_and_its_buffers_take_slots_away(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client, weekly=WEEKDAY_HOURS)
        event = await event_type(client, owner, durationMinutes=30, bufferAfterMinutes=30)
        day = next_weekday(1)
        before = starts(await slots(client, owner, event, day))
        assert len(before) == 6  # buffers may reach outside working hours, as in Cal.com
        # The booking occupies 10:00–11:00 with its buffer; touching ranges are fine.
        await book(client, event, at(day, 10))
        after = starts(await slots(client, owner, event, day))
        assert after == [f"{day.isoformat()}T{t}:00Z" for t in ("09:00", "11:00", "11:30")]

    async def test_slug_is_accepted(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, slug="chat")
        response = await slots(client, owner, {"id": "chat"}, future_day())
        assert response.status_code == 200
        assert starts(response) == starts(await slots(client, owner, event, future_day()))

    async def test_day_off_override_empties_the_day(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        day = future_day(5)
        availability = (
            await client.get("/api/experts/me/availability", headers=owner["headers"])
        ).json()
        availability["overrides"] = [{"date": day.isoformat(), "intervals": []}]
        await client.put(
            "/api/experts/me/availability", json=availability, headers=owner["headers"]
        )
        response = await slots(
            client, owner, event, day - timedelta(days=1), day + timedelta(days=1)
        )
        assert [len(d["slots"]) for d in response.json()["days"]] == [48, 0, 48]

    @pytest.mark.parametrize(
        "params",
        [
            {"timezone": "Mars/Base"},
            {"start": "2027-13-01"},
            {"end": "not-a-date"},
            {"start": "0001-01-01", "end": "0001-01-02"},  # day margins would overflow
            {"start": "9999-12-30", "end": "9999-12-31"},
        ],
    )
    async def test_bad_dates_and_zones_are_422(
        self, client: httpx.AsyncClient, params: dict
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        query = {"eventTypeId": event["id"], "start": "2027-01-01", "end": "2027-01-02", **params}
        response = await client.get(f"/api/experts/{owner['expert']['id']}/slots", params=query)
        assert_error(response, 422, "validation_error")

    async def test_at_most_62_days_and_end_not_before_start(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        day = future_day()
        assert (await slots(client, owner, event, day, day + timedelta(days=61))).status_code == 200
        assert_error(
            await slots(client, owner, event, day, day + timedelta(days=62)),
            422,
            "validation_error",
        )
        assert_error(
            await slots(client, owner, event, day, day - timedelta(days=1)), 422, "validation_error"
        )

    async def test_inactive_foreign_or_unknown_is_404(self, client: httpx.AsyncClient) -> None:
        owner, other = await expert(client), await expert(client)
        inactive = await event_type(client, owner, isActive=False)
        foreign = await event_type(client, other)
        for missing in (inactive, foreign, {"id": "no-such-slug"}):
            assert_error(await slots(client, owner, missing, future_day()), 404, "not_found")
        response = await client.get(
            "/api/experts/nobody/slots",
            params={"eventTypeId": foreign["id"], "start": "2027-01-01", "end": "2027-01-01"},
        )
        assert_error(response, 404, "not_found")

    async def test_a_link_names_expert_and_type_by_id_or_by_name(
        self, client: httpx.AsyncClient
    ) -> None:
        owner, other = await expert(client), await expert(client)
        event_ = await event_type(client, owner)
        others = await event_type(client, other)
        day = future_day()
        query = {"start": day.isoformat(), "end": day.isoformat()}
        answers = set()
        for who in (owner["expert"]["id"], owner["expert"]["username"].upper()):
            for which in (event_["id"], event_["slug"]):
                response = await client.get(
                    f"/api/experts/{who}/slots", params={**query, "eventTypeId": which}
                )
                assert response.status_code == 200, (who, which, response.text)
                answers.add(response.content)
        assert len(answers) == 1 and starts_of(answers.pop())
        # Another expert's event type, by id or by slug, is not this expert's.
        for which in (others["id"], others["slug"]):
            response = await client.get(
                f"/api/experts/{owner['expert']['username']}/slots",
                params={**query, "eventTypeId": which},
            )
            assert_error(response, 404, "not_found")

    async def test_at_most_three_queries_per_request(self, client: httpx.AsyncClient, app) -> None:
        owner = await expert(client)
        event_ = await event_type(client, owner)
        for hour in (9, 11, 13):
            await book(client, event_, at(future_day(), hour))
        statements: list[str] = []

        def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
            if not statement.lstrip().upper().startswith(("BEGIN", "COMMIT", "ROLLBACK")):
                statements.append(statement)

        engine = app.state.database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", count)
        try:
            response = await slots(client, owner, event_, future_day(), future_day(9))
        finally:
            event.remove(engine, "before_cursor_execute", count)
        assert response.status_code == 200
        assert sum(len(d["slots"]) for d in response.json()["days"]) > 300
        assert 1 <= len(statements) <= 3, statements
