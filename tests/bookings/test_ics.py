from datetime import UTC, datetime

import httpx
from icalendar import Calendar

from tests.auth.test_accounts import assert_error
from tests.factories import at, book, event_type, expert, future_day, register


def parse(response: httpx.Response):  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    assert response.headers["content-disposition"].startswith("attachment;")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


class TestIcs:
    async def test_fields_of_a_confirmed_booking(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client, "Expert Eve")
        event = await event_type(client, owner, title="Deep dive", location={"kind": "zoom"})
        booking = await book(
            client, event, at(future_day(), 10), name="Carl Client", email="carl@example.com"
        )
        calendar, vevent = parse(
            await client.get(
                f"/api/bookings/{booking['id']}/ics", params={"token": booking["manageToken"]}
            )
        )
        assert calendar["METHOD"] == "REQUEST"
        assert str(vevent["UID"]) == f"{booking['id']}@expertbook"
        assert int(vevent["SEQUENCE"]) == 0
        assert vevent["DTSTAMP"].dt.tzinfo is not None
        day = future_day()
        assert vevent["DTSTART"].dt == datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        assert vevent["DTEND"].dt == datetime(day.year, day.month, day.day, 10, 30, tzinfo=UTC)
        assert str(vevent["SUMMARY"]) == "Deep dive with Expert Eve"
        assert str(vevent["LOCATION"]) == booking["zoomUrl"] == str(vevent["URL"])
        # One join link, the one the location names: a Zoom session never offers Meet.
        assert booking["zoomUrl"] in str(vevent["DESCRIPTION"])
        assert booking["meetUrl"] not in vevent.to_ical().decode()
        assert str(vevent["ORGANIZER"]) == f"mailto:{owner['user']['email']}"
        assert str(vevent["ATTENDEE"]) == "mailto:carl@example.com"
        assert str(vevent["STATUS"]) == "CONFIRMED"

    async def test_expert_sees_the_client_in_the_summary(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, title="Chat")
        booking = await book(client, event, at(future_day(), 10), name="Carl Client")
        _, vevent = parse(
            await client.get(f"/api/bookings/{booking['id']}/ics", headers=owner["headers"])
        )
        assert str(vevent["SUMMARY"]) == "Chat with Carl Client"

    async def test_sequence_grows_and_cancel_sets_method_cancel(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 10))
        token = {"token": booking["manageToken"]}
        path = f"/api/bookings/{booking['id']}"
        await client.post(f"{path}/reschedule", json={"start": at(future_day(), 12)}, params=token)
        _, moved = parse(await client.get(f"{path}/ics", params=token))
        assert int(moved["SEQUENCE"]) == 1
        assert moved["DTSTART"].dt.hour == 12
        await client.patch(path, json={"status": "cancelled"}, params=token)
        calendar, cancelled = parse(await client.get(f"{path}/ics", params=token))
        assert calendar["METHOD"] == "CANCEL"
        assert str(cancelled["STATUS"]) == "CANCELLED"
        assert int(cancelled["SEQUENCE"]) == 2
        assert str(cancelled["UID"]) == str(moved["UID"])

    async def test_only_parties_get_it(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        stranger = await register(client)
        event = await event_type(client, owner)
        booking = await book(client, event, at(future_day(), 10))
        path = f"/api/bookings/{booking['id']}/ics"
        assert_error(await client.get(path), 404, "not_found")
        assert_error(await client.get(path, headers=stranger["headers"]), 404, "not_found")
        assert_error(await client.get(path, params={"token": "guess"}), 404, "not_found")
