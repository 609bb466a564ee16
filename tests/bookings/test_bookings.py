import re
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text, update

from expertbook.models import Booking
from tests.auth.test_accounts import assert_error
from tests.factories import at, auth, book, event_type, expert, future_day, register

MEET = re.compile(r"^https://meet\.google\.com/[a-z]{3}-[a-z]{4}-[a-z]{3}$")
ZOOM = re.compile(r"^https://zoom\.us/j/[1-9]\d{9,10}$")
JITSI = re.compile(r"^https://meet\.jit\.si/ExpertBook-[A-Za-z0-9]{20}$")


class TestCreateBooking:
    async def test_guest_booking_with_links_and_token(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client, "Expert Eve")
        event = await event_type(client, owner, location={"kind": "zoom"})
        day = future_day()
        booking = await book(
            client,
            event,
            at(day, 10),
            phone="+44 20 7946 0958",
            notes="Hi",
            timezone="Europe/London",
        )
        assert booking["status"] == "confirmed"
        assert booking["start"] == f"{day.isoformat()}T10:00:00Z"
        assert booking["end"] == f"{day.isoformat()}T10:30:00Z"
        assert booking["userId"] is None
        assert booking["expertName"] == "Expert Eve"
        assert booking["eventTitle"] == event["title"]
        assert MEET.match(booking["meetUrl"]) and ZOOM.match(booking["zoomUrl"])
        assert booking["location"]["joinUrl"] == booking["zoomUrl"]
        assert len(booking["manageToken"]) >= 32
        assert booking["timezone"] == "Europe/London"
        assert booking["sequence"] == 0

    async def test_links_are_unique_per_booking(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        made = [await book(client, event, at(future_day(), hour)) for hour in range(8, 14)]
        assert len({b["meetUrl"] for b in made}) == len({b["zoomUrl"] for b in made}) == len(made)
        # New event types meet on Jitsi by default: a real room per booking.
        assert all(JITSI.match(b["location"]["joinUrl"]) for b in made)
        assert len({b["location"]["joinUrl"] for b in made}) == len(made)

    @pytest.mark.parametrize(
        ("location", "join"),
        [
            ({"kind": "jitsi"}, "jitsi"),
            ({"kind": "google_meet"}, "meetUrl"),
            ({"kind": "zoom"}, "zoomUrl"),
            ({"kind": "phone", "details": "+44 20 7946 0000"}, None),
            ({"kind": "in_person", "details": "1 Main St"}, None),
            ({"kind": "custom", "details": "https://example.com/room"}, "details"),
            ({"kind": "custom", "details": "Call me on Signal"}, None),
        ],
    )
    async def test_one_join_link_the_location_names(
        self, client: httpx.AsyncClient, location: dict[str, str], join: str | None
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, location=location)
        booking = await book(client, event, at(future_day(), 9))
        expected = {
            None: None,
            "jitsi": booking["location"]["joinUrl"],
            "meetUrl": booking["meetUrl"],
            "zoomUrl": booking["zoomUrl"],
            "details": location.get("details"),
        }[join]
        assert booking["location"]["joinUrl"] == expected
        if join == "jitsi":
            assert JITSI.match(expected or "")
        calendar = await client.get(
            f"/api/bookings/{booking['id']}/ics", params={"token": booking["manageToken"]}
        )
        text_of_ics = calendar.text.replace("\r\n ", "")
        for other in ("meetUrl", "zoomUrl"):
            if other != join:  # a phone or Zoom session never shows a Meet link, and so on
                assert booking[other] not in text_of_ics

    async def test_token_links_the_booking_to_the_user(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        client_user = await register(client)
        booking = await book(client, event, at(future_day(), 9), headers=client_user["headers"])
        assert booking["userId"] == client_user["user"]["id"]

    async def test_invalid_token_is_401_not_a_guest_booking(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        await book(client, event, at(future_day(), 9), headers=auth("bad.token.here"), expect=401)

    async def test_manage_token_is_stored_only_as_a_hash(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        async with engine.connect() as connection:
            stored = (await connection.execute(text("SELECT * FROM bookings"))).mappings().one()
        assert booking["manageToken"] not in str(dict(stored))

    @pytest.mark.parametrize(
        "fields",
        [
            {"email": "not-an-email"},
            {"name": ""},
            {"name": "x" * 121},
            {"phone": "call me maybe"},
            {"phone": "+1" + "2" * 40},
            {"notes": "x" * 2001},
            {"timezone": "Moon/Base"},
            {"start": "2027-01-01T10:00:00"},  # no offset
            # Next to datetime's limits, converting to UTC would overflow.
            {"start": "0001-01-01T00:00:00+00:01"},
            {"start": "9999-12-31T23:59:59-00:01"},
            {"start": "9999-12-31T23:00:00Z"},
            {"eventTypeId": "not-a-uuid"},
        ],
    )
    async def test_invalid_fields_are_422(self, client: httpx.AsyncClient, fields: dict) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        fields = dict(fields)  # the parameter is shared by both databases
        start = fields.pop("start", at(future_day(), 9))
        error = await book(client, event, start, expect=422, **fields)
        assert error["error"]["code"] == "validation_error"

    @pytest.mark.parametrize(
        "when",
        [
            lambda day: at(day, 9, 10),  # off the slot grid
            lambda day: at(day - timedelta(days=10), 9),  # in the past
            lambda day: at(day + timedelta(days=70), 9),  # beyond the booking window
            lambda day: at(day, 20),  # outside working hours
        ],
    )
    async def test_times_not_offered_are_slot_unavailable(
        self, client: httpx.AsyncClient, when
    ) -> None:
        owner = await expert(
            client, weekly=[{"weekday": d, "start": "08:00", "end": "17:00"} for d in range(7)]
        )
        event = await event_type(client, owner)
        error = await book(client, event, when(future_day()), expect=422)
        assert error["error"]["code"] == "slot_unavailable"

    async def test_minimum_notice_is_enforced(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, minNoticeMinutes=24 * 60)
        soon = (datetime.now(UTC) + timedelta(hours=3)).replace(minute=0, second=0, microsecond=0)
        error = await book(client, event, soon.isoformat(), expect=422)
        assert error["error"]["code"] == "slot_unavailable"

    async def test_inactive_or_unknown_event_type_is_404(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, isActive=False)
        await book(client, event, at(future_day(), 9), expect=404)
        await book(
            client, {"id": "00000000-0000-0000-0000-000000000000"}, at(future_day(), 9), expect=404
        )

    async def test_taken_time_is_409_and_adjacent_is_fine(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        day = future_day()
        await book(client, event, at(day, 10))
        taken = await book(client, event, at(day, 10), expect=409)
        assert taken["error"]["code"] == "slot_taken"
        await book(client, event, at(day, 10, 30))
        await book(client, event, at(day, 9, 30))

    async def test_buffers_and_other_event_types_overlap(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        short = await event_type(client, owner, durationMinutes=30, slotIntervalMinutes=15)
        long = await event_type(client, owner, durationMinutes=60, bufferAfterMinutes=15)
        day = future_day()
        await book(client, long, at(day, 10))  # occupies 10:00–11:15
        assert (await book(client, short, at(day, 11), expect=409))["error"]["code"] == "slot_taken"
        await book(client, short, at(day, 11, 15))

    async def test_a_time_running_into_a_later_booking_is_409(
        self, client: httpx.AsyncClient
    ) -> None:
        # Free where it starts, taken further on: the check under the lock must catch it.
        owner = await expert(client)
        short = await event_type(client, owner, durationMinutes=30, slotIntervalMinutes=15)
        long = await event_type(
            client, owner, durationMinutes=60, slotIntervalMinutes=15, bufferAfterMinutes=15
        )
        day = future_day()
        await book(client, short, at(day, 11))  # occupies 11:00–11:30
        for start in (at(day, 10), at(day, 10, 15), at(day, 11, 15)):
            taken = await book(client, long, start, expect=409)
            assert taken["error"]["code"] == "slot_taken"
        await book(client, long, at(day, 9, 45))  # 9:45–11:00, its buffer ending at 11:00


class TestIdempotency:
    async def test_same_key_and_body_returns_the_first_booking(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        body = {
            "eventTypeId": event["id"],
            "start": at(future_day(), 9),
            "name": "A",
            "email": "a@example.com",
        }
        headers = {"Idempotency-Key": "retry-123"}
        first = await client.post("/api/bookings", json=body, headers=headers)
        second = await client.post("/api/bookings", json=body, headers=headers)
        assert first.status_code == second.status_code == 201
        assert first.json()["id"] == second.json()["id"]
        async with engine.connect() as connection:
            assert (await connection.execute(text("SELECT count(*) FROM bookings"))).scalar() == 1
        other = await client.post("/api/bookings", json={**body, "name": "B"}, headers=headers)
        assert_error(other, 422, "idempotency_key_reused")


class TestReadBookings:
    async def test_parties_and_token_holder_see_it_others_get_404(
        self, client: httpx.AsyncClient
    ) -> None:
        owner, other_expert = await expert(client), await expert(client)
        client_user, stranger = await register(client), await register(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9), headers=client_user["headers"])
        path = f"/api/bookings/{booking['id']}"
        for who in (owner, client_user):
            response = await client.get(path, headers=who["headers"])
            assert response.status_code == 200
            assert "manageToken" not in response.json()
        assert (await client.get(path, params={"token": booking["manageToken"]})).status_code == 200
        for headers, params in (
            (stranger["headers"], {}),
            (other_expert["headers"], {}),
            ({}, {}),
            ({}, {"token": "wrong-token"}),
            (stranger["headers"], {"token": "wrong-token"}),
        ):
            assert_error(await client.get(path, headers=headers, params=params), 404, "not_found")

    async def test_lists_upcoming_soonest_first_and_past_latest_first(
        self, client: httpx.AsyncClient, engine
    ) -> None:
        owner = await expert(client)
        client_user = await register(client)
        event = await event_type(client, owner)
        later = await book(client, event, at(future_day(4), 9), headers=client_user["headers"])
        sooner = await book(client, event, at(future_day(2), 9), headers=client_user["headers"])
        guest = await book(client, event, at(future_day(3), 9))
        old = await book(client, event, at(future_day(5), 9), headers=client_user["headers"])
        older = await book(client, event, at(future_day(6), 9), headers=client_user["headers"])
        async with engine.begin() as connection:  # move two bookings into the past
            for booking, days_ago in ((old, 3), (older, 5)):
                start = datetime.now(UTC) - timedelta(days=days_ago)
                await connection.execute(
                    update(Booking)
                    .where(Booking.id == uuid.UUID(booking["id"]))
                    .values(start_at=start, end_at=start + timedelta(minutes=30))
                )
        mine = (await client.get("/api/bookings", headers=client_user["headers"])).json()
        assert [b["id"] for b in mine["items"]] == [sooner["id"], later["id"]]
        assert mine["total"] == 2
        past = (await client.get("/api/bookings?when=past", headers=client_user["headers"])).json()
        assert [b["id"] for b in past["items"]] == [old["id"], older["id"]]
        with_me = (await client.get("/api/bookings?role=expert", headers=owner["headers"])).json()
        assert [b["id"] for b in with_me["items"]] == [sooner["id"], guest["id"], later["id"]]
        page = (
            await client.get(
                "/api/bookings?role=expert&page=2&pageSize=2", headers=owner["headers"]
            )
        ).json()
        assert [b["id"] for b in page["items"]] == [later["id"]]
        assert (page["total"], page["page"], page["pageSize"]) == (3, 2, 2)

    async def test_lists_only_one_status_when_asked(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        kept = await book(client, event, at(future_day(), 9))
        dropped = await book(client, event, at(future_day(), 11))
        await client.patch(
            f"/api/bookings/{dropped['id']}", json={"status": "cancelled"}, headers=owner["headers"]
        )
        path = "/api/bookings?role=expert"
        for status, expected in (
            ("confirmed", [kept]),
            ("cancelled", [dropped]),
            (None, [kept, dropped]),
        ):
            url = f"{path}&status={status}" if status else path
            listed = (await client.get(url, headers=owner["headers"])).json()
            assert [b["id"] for b in listed["items"]] == [b["id"] for b in expected]
            assert listed["total"] == len(expected)
        assert_error(
            await client.get(f"{path}&status=lost", headers=owner["headers"]),
            422,
            "validation_error",
        )

    async def test_lists_several_statuses_together(self, client: httpx.AsyncClient) -> None:
        # The dashboard's "Cancelled" holds declined requests too: else they are nowhere.
        owner = await expert(client)
        event = await event_type(client, owner, requiresConfirmation=True)
        requests = [await book(client, event, at(future_day(), hour)) for hour in (9, 11, 13)]
        for booking, status in zip(requests, ("cancelled", "declined"), strict=False):
            answer = await client.patch(
                f"/api/bookings/{booking['id']}", json={"status": status}, headers=owner["headers"]
            )
            assert answer.status_code == 200, answer.text
        path = "/api/bookings?role=expert&status=cancelled&status=declined"
        listed = (await client.get(path, headers=owner["headers"])).json()
        assert [b["id"] for b in listed["items"]] == [b["id"] for b in requests[:2]]
        assert [b["status"] for b in listed["items"]] == ["cancelled", "declined"]
        assert listed["total"] == 2

    async def test_list_rules(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        assert_error(
            await client.get("/api/bookings?role=expert", headers=user["headers"]),
            403,
            "not_an_expert",
        )
        assert_error(await client.get("/api/bookings"), 401, "unauthorized")
        assert_error(
            await client.get("/api/bookings?when=someday", headers=user["headers"]),
            422,
            "validation_error",
        )


class TestCancelAndRestore:
    async def test_client_cancels_with_reason_and_the_time_frees_up(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        client_user = await register(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9), headers=client_user["headers"])
        response = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled", "reason": "Sick"},
            headers=client_user["headers"],
        )
        body = response.json()
        assert (body["status"], body["cancelReason"], body["cancelledBy"]) == (
            "cancelled",
            "Sick",
            "client",
        )
        assert body["cancelledAt"] and body["sequence"] == 1
        await book(client, event, at(future_day(), 9))  # the time is free again

    async def test_expert_and_token_holder_may_cancel(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        first = await book(client, event, at(future_day(), 9))
        second = await book(client, event, at(future_day(), 11))
        by_expert = await client.patch(
            f"/api/bookings/{first['id']}", json={"status": "cancelled"}, headers=owner["headers"]
        )
        assert by_expert.json()["cancelledBy"] == "expert"
        by_token = await client.patch(
            f"/api/bookings/{second['id']}",
            params={"token": second["manageToken"]},
            json={"status": "cancelled"},
        )
        assert by_token.json()["cancelledBy"] == "client"

    async def test_strangers_cannot_cancel(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        stranger = await register(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        path = f"/api/bookings/{booking['id']}"
        for headers, params in ((stranger["headers"], {}), ({}, {"token": "nope"}), ({}, {})):
            response = await client.patch(
                path, json={"status": "cancelled"}, headers=headers, params=params
            )
            assert_error(response, 404, "not_found")
        assert (await client.get(path, headers=owner["headers"])).json()["status"] == "confirmed"

    async def test_restore_when_free_and_409_when_taken(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        path = f"/api/bookings/{booking['id']}"
        token = {"token": booking["manageToken"]}
        await client.patch(path, json={"status": "cancelled"}, params=token)
        restored = await client.patch(path, json={"status": "confirmed"}, params=token)
        assert restored.json()["status"] == "confirmed" and restored.json()["cancelReason"] is None
        assert restored.json()["sequence"] == 2
        await client.patch(path, json={"status": "cancelled"}, params=token)
        await book(client, event, at(future_day(), 9))  # someone else takes the time
        assert_error(
            await client.patch(path, json={"status": "confirmed"}, params=token), 409, "slot_taken"
        )

    async def test_bad_status_is_422(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        response = await client.patch(
            f"/api/bookings/{booking['id']}", json={"status": "maybe"}, headers=owner["headers"]
        )
        assert_error(response, 422, "validation_error")


class TestReschedule:
    async def test_moves_keeping_id_and_bumping_sequence(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        response = await client.post(
            f"/api/bookings/{booking['id']}/reschedule",
            json={"start": at(future_day(), 14)},
            params={"token": booking["manageToken"]},
        )
        moved = response.json()
        assert response.status_code == 200
        assert moved["id"] == booking["id"] and moved["sequence"] == 1
        assert moved["start"] == f"{future_day().isoformat()}T14:00:00Z"
        await book(client, event, at(future_day(), 9))  # the old time is free

    async def test_onto_a_taken_or_unavailable_time(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, durationMinutes=60)
        booking = await book(client, event, at(future_day(), 9))
        await book(client, event, at(future_day(), 12))
        path = f"/api/bookings/{booking['id']}/reschedule"
        assert_error(
            await client.post(path, json={"start": at(future_day(), 12)}, headers=owner["headers"]),
            409,
            "slot_taken",
        )
        assert_error(
            await client.post(
                path, json={"start": at(future_day(), 12, 7)}, headers=owner["headers"]
            ),
            422,
            "slot_unavailable",
        )
        assert_error(  # next to datetime's limits: converting it to UTC would overflow
            await client.post(
                path, json={"start": "0001-01-01T00:00:00+00:01"}, headers=owner["headers"]
            ),
            422,
            "validation_error",
        )
        # Overlapping only itself is fine: 09:00–10:00 moves to 09:00 + grid… 10:00.
        ok = await client.post(path, json={"start": at(future_day(), 10)}, headers=owner["headers"])
        assert ok.status_code == 200

    async def test_cancelled_booking_cannot_move(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        await client.patch(
            f"/api/bookings/{booking['id']}", json={"status": "cancelled"}, headers=owner["headers"]
        )
        response = await client.post(
            f"/api/bookings/{booking['id']}/reschedule",
            json={"start": at(future_day(), 14)},
            headers=owner["headers"],
        )
        assert_error(response, 422, "booking_cancelled")

    async def test_records_who_moved_it(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        assert booking["rescheduledBy"] is None
        path = f"/api/bookings/{booking['id']}/reschedule"
        by_client = await client.post(
            path, json={"start": at(future_day(), 11)}, params={"token": booking["manageToken"]}
        )
        assert by_client.json()["rescheduledBy"] == "client"
        assert by_client.json()["rescheduledAt"] is not None
        by_expert = await client.post(
            path, json={"start": at(future_day(), 12)}, headers=owner["headers"]
        )
        assert by_expert.json()["rescheduledBy"] == "expert"

    async def test_a_past_booking_cannot_move(self, client: httpx.AsyncClient, engine) -> None:  # type: ignore[no-untyped-def]
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 9))
        async with engine.begin() as connection:
            start = datetime.now(UTC) - timedelta(days=2)
            await connection.execute(
                update(Booking)
                .where(Booking.id == uuid.UUID(booking["id"]))
                .values(start_at=start, end_at=start + timedelta(minutes=30))
            )
        response = await client.post(
            f"/api/bookings/{booking['id']}/reschedule",
            json={"start": at(future_day(), 14)},
            headers=owner["headers"],
        )
        assert_error(response, 422, "booking_in_past")
