"""Group sessions: seats that never oversell, hold the expert's time once, and keep each
attendee's details to themselves and the expert. On both databases."""

import asyncio
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import event as sql_events
from sqlalchemy import text

from tests.auth.test_accounts import assert_error
from tests.bookings.test_concurrency import confirmed_overlaps
from tests.factories import at, book, event_type, expert, future_day, register


async def workshop(client: httpx.AsyncClient, owner: dict[str, Any], **fields: Any) -> dict:  # type: ignore[type-arg]
    fields = {"durationMinutes": 60, "slotIntervalMinutes": 30, "seats": 10, **fields}
    return await event_type(client, owner, **fields)


async def seat(client: httpx.AsyncClient, event: dict, start: str, n: int) -> httpx.Response:  # type: ignore[type-arg]
    body = {"eventTypeId": event["id"], "start": start, "name": f"A{n}", "email": f"a{n}@x.org"}
    return await client.post("/api/bookings", json=body)


async def seats_left(client: httpx.AsyncClient, owner: dict, event: dict, day: Any) -> dict:  # type: ignore[type-arg]
    response = await client.get(
        f"/api/experts/{owner['expert']['username']}/slots",
        params={"eventTypeId": event["id"], "start": str(day), "end": str(day)},
    )
    assert response.status_code == 200, response.text
    return {
        slot["start"][11:16]: slot.get("seatsLeft")
        for d in response.json()["days"]
        for slot in d["slots"]
    }


class TestSettings:
    async def test_seats_are_two_to_five_hundred_with_one_length(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        for seats in (1, 501, 0):
            body = {"title": "W", "slug": f"w{seats}", "durationMinutes": 60, "seats": seats}
            response = await client.post("/api/event-types", json=body, headers=owner["headers"])
            assert_error(response, 422, "validation_error")
        body = {"title": "W", "slug": "w", "durationMinutes": 60, "seats": 5,
                "durationOptions": [30, 60]}  # fmt: skip
        response = await client.post("/api/event-types", json=body, headers=owner["headers"])
        error = assert_error(response, 422, "seats_one_length")
        assert error["details"][0]["field"] == "seats"
        event = await workshop(client, owner, seats=20)
        assert event["seats"] == 20
        path = f"/api/event-types/{event['id']}"
        one_to_one = await client.patch(path, json={"seats": None}, headers=owner["headers"])
        assert one_to_one.status_code == 200 and one_to_one.json()["seats"] is None
        assert (await event_type(client, owner))["seats"] is None


class TestSeatStorms:
    async def test_forty_clients_for_ten_seats_ten_winners(
        self, client: httpx.AsyncClient, engine: Any
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner)
        start = at(future_day(), 10)
        responses = await asyncio.gather(*(seat(client, event, start, n) for n in range(40)))
        results = Counter(response.status_code for response in responses)
        assert results == Counter({201: 10, 409: 30})
        refused = {r.json()["error"]["code"] for r in responses if r.status_code == 409}
        assert refused == {"session_full"}
        winners = [r.json() for r in responses if r.status_code == 201]
        assert len({w["sessionKey"] for w in winners}) == 1
        assert await confirmed_overlaps(engine) == 0
        async with engine.connect() as connection:
            held = "SELECT count(*) FROM bookings WHERE status = 'confirmed'"
            assert (await connection.execute(text(held))).scalar_one() == 10

    async def test_a_storm_over_a_session_and_overlapping_times_never_mixes_them(
        self, client: httpx.AsyncClient, engine: Any
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=5)
        single = await event_type(client, owner, durationMinutes=30)
        day = future_day()
        # 10:00 (the session), 10:30 (another session of the same type, overlapping) and a
        # one-to-one at 10:30: whichever claims the time first, the others cannot mix in.
        attempts = [(event, at(day, 10)), (event, at(day, 10, 30)), (single, at(day, 10, 30))]
        responses = await asyncio.gather(
            *(seat(client, e, s, n) for n, (e, s) in enumerate(attempts * 10))
        )
        winners = [r.json() for r in responses if r.status_code == 201]
        assert len({w["sessionKey"] for w in winners}) == 1
        assert len(winners) in (1, 5)
        assert await confirmed_overlaps(engine) == 0


class TestOneSessionOneTime:
    async def test_the_session_holds_the_time_once_for_everything_else(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, bufferAfterMinutes=15)
        single = await event_type(client, owner, durationMinutes=30, slotIntervalMinutes=15)
        day = future_day()
        first = await book(client, event, at(day, 10), email="first@x.org")
        second = await book(client, event, at(day, 10), email="second@x.org")
        assert first["sessionKey"] == second["sessionKey"] != first["id"]
        assert first["seats"] == 10
        # Another start of the same type, or another type, cannot overlap it (buffer included).
        taken = await seat(client, event, at(day, 10, 30), 1)
        assert_error(taken, 409, "slot_taken")
        assert_error(await seat(client, single, at(day, 11), 2), 409, "slot_taken")
        assert (await seat(client, single, at(day, 11, 15), 3)).status_code == 201
        again = await seat(client, event, at(day, 10), 4)
        assert again.status_code == 201
        dup = await book(client, event, at(day, 10), email="First@x.org", expect=409)
        assert dup["error"]["code"] == "already_in_session"

    async def test_slots_show_seats_left_and_hide_what_would_overlap(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=3)
        day = future_day()
        before = await seats_left(client, owner, event, day)
        assert before["10:00"] == before["10:30"] == 3
        booked = [await book(client, event, at(day, 10), email=f"s{n}@x.org") for n in range(2)]
        after = await seats_left(client, owner, event, day)
        assert after["10:00"] == 1
        assert "09:30" not in after and "10:30" not in after  # they would overlap it
        assert after["11:00"] == 3 and after["09:00"] == 3
        await book(client, event, at(day, 10), email="last@x.org")
        full = await seats_left(client, owner, event, day)
        assert "10:00" not in full and "10:30" not in full and full["11:00"] == 3
        # Cancelling one seat frees exactly one.
        cancel = await client.patch(
            f"/api/bookings/{booked[0]['id']}",
            json={"status": "cancelled"},
            headers=owner["headers"],
        )
        assert cancel.status_code == 200
        assert (await seats_left(client, owner, event, day))["10:00"] == 1
        one_to_one = await event_type(client, owner)
        assert (await seats_left(client, owner, one_to_one, day))["12:00"] is None

    async def test_a_day_limit_counts_a_session_once(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=4, limits={"perDay": 1})
        day = future_day()
        for n in range(4):
            await book(client, event, at(day, 10), email=f"l{n}@x.org")
        assert_error(await seat(client, event, at(day, 14), 9), 409, "limit_reached")

    async def test_a_seat_moves_between_sessions_and_comes_back_only_with_room(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=2)
        day = future_day()
        mover = await book(client, event, at(day, 10), email="mover@x.org")
        await book(client, event, at(day, 14), email="b@x.org")
        await book(client, event, at(day, 14), email="c@x.org")
        path = f"/api/bookings/{mover['id']}"
        full = await client.post(
            f"{path}/reschedule", json={"start": at(day, 14)}, headers=owner["headers"]
        )
        assert_error(full, 409, "session_full")
        moved = await client.post(
            f"{path}/reschedule", json={"start": at(day, 16)}, headers=owner["headers"]
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["sessionKey"] not in (mover["sessionKey"], mover["id"])
        cancel = {"status": "cancelled"}
        assert (await client.patch(path, json=cancel, headers=owner["headers"])).status_code == 200
        await book(client, event, at(day, 16), email="d@x.org")
        await book(client, event, at(day, 16), email="e@x.org")
        restore = await client.patch(path, json={"status": "confirmed"}, headers=owner["headers"])
        assert_error(restore, 409, "session_full")


class TestPrivacy:
    async def test_attendees_see_only_themselves_and_the_expert_sees_all(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner)
        day = future_day()
        alice = await register(client, "Alice Attendee")
        mine = await book(
            client, event, at(day, 10), email=alice["user"]["email"], headers=alice["headers"]
        )
        guest = await book(client, event, at(day, 10), email="guest@x.org", name="Gus Guest")
        # Each reads their own seat, and nobody else's.
        theirs = await client.get(f"/api/bookings/{guest['id']}", headers=alice["headers"])
        assert_error(theirs, 404, "not_found")
        token = guest["manageToken"]
        other = await client.get(f"/api/bookings/{mine['id']}", params={"token": token})
        assert_error(other, 404, "not_found")
        own = (await client.get(f"/api/bookings/{mine['id']}", headers=alice["headers"])).json()
        assert "Gus" not in str(own) and "guest@x.org" not in str(own)
        ics = await client.get(f"/api/bookings/{guest['id']}/ics", params={"token": token})
        assert ics.status_code == 200 and alice["user"]["email"] not in ics.text
        listed = await client.get("/api/bookings", headers=alice["headers"])
        assert [b["id"] for b in listed.json()["items"]] == [mine["id"]]
        # Only the expert reads the session's attendees.
        path = f"/api/bookings/sessions/{mine['sessionKey']}"
        assert_error(await client.get(path, headers=alice["headers"]), 403, "not_an_expert")
        stranger = await expert(client, "Other Expert")
        assert_error(await client.get(path, headers=stranger["headers"]), 404, "not_found")
        session = (await client.get(path, headers=owner["headers"])).json()
        assert session["seats"] == 10 and session["seatsTaken"] == 2
        assert [a["email"] for a in session["attendees"]] == [alice["user"]["email"], "guest@x.org"]


class TestBookingLists:
    async def test_the_experts_list_counts_each_sessions_seats_in_one_query(
        self, client: httpx.AsyncClient, app: Any
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=5)
        single = await event_type(client, owner)
        day = future_day()
        for n in range(3):
            await book(client, event, at(day, 10), email=f"m{n}@x.org")
        for n in range(2):
            await book(client, event, at(day, 14), email=f"a{n}@x.org")
        await book(client, single, at(day, 16), email="one@x.org")
        statements: list[str] = []

        def count(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            statements.append(statement)

        database = app.state.database
        engines = {database.engine.sync_engine, database.write_engine.sync_engine}
        for engine in engines:
            sql_events.listen(engine, "before_cursor_execute", count)
        try:
            listed = await client.get("/api/bookings?role=expert", headers=owner["headers"])
        finally:
            for engine in engines:
                sql_events.remove(engine, "before_cursor_execute", count)
        taken = {(b["start"][11:16], b["seatsTaken"]) for b in listed.json()["items"]}
        assert taken == {("10:00", 3), ("14:00", 2), ("16:00", None)}
        grouped = [s for s in statements if "GROUP BY bookings.session_key" in s]
        assert len(grouped) == 1, statements


class TestCancelTheSession:
    async def test_the_expert_cancels_every_seat_and_frees_the_time(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await workshop(client, owner, seats=3)
        day = future_day()
        seats = [await book(client, event, at(day, 10), email=f"c{n}@x.org") for n in range(3)]
        path = f"/api/bookings/sessions/{seats[0]['sessionKey']}/cancel"
        response = await client.post(path, json={"reason": "I am ill"}, headers=owner["headers"])
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["seatsTaken"] == 0
        assert {a["status"] for a in body["attendees"]} == {"cancelled"}
        assert {a["cancelReason"] for a in body["attendees"]} == {"I am ill"}
        assert (await seats_left(client, owner, event, day))["10:00"] == 3
        again = await client.post(path, json={}, headers=owner["headers"])
        assert again.status_code == 200 and again.json()["seatsTaken"] == 0
