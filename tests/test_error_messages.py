"""Every validation error reads as a sentence for a person; the machine form stays in `type`."""

import re
from typing import Any

import httpx
import pytest

from tests.factories import auth, event_type, expert, future_day, register

MACHINE_WORDS = re.compile(r"\^|\$|\[a-z|String should|Value error|Input should|pattern|regex")


def assert_sentences(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    messages = [error["message"]] + [d["message"] for d in error["details"]]
    for message in messages:
        assert not MACHINE_WORDS.search(message), message
        assert message.lstrip("“")[0].isupper() and message.endswith("."), message
    return list(error["details"])


class TestValidationInWords:
    @pytest.mark.parametrize(
        ("body", "field", "message"),
        [
            (
                {"name": "Ada", "email": "not-an-email", "password": "long-enough"},
                "email",
                "Please enter a valid email address, such as name@example.com.",
            ),
            (
                {"name": "Ada", "email": "ada@example.com", "password": "short"},
                "password",
                "Password needs at least 8 characters.",
            ),
            (
                {"name": "", "email": "ada@example.com", "password": "long-enough"},
                "name",
                "Name cannot be empty.",
            ),
            ({"email": "ada@example.com", "password": "long-enough"}, "name", "Name is required."),
        ],
    )
    async def test_register(
        self, client: httpx.AsyncClient, body: dict[str, str], field: str, message: str
    ) -> None:
        details = assert_sentences(await client.post("/api/auth/register", json=body))
        assert [(d["field"], d["message"]) for d in details] == [(field, message)]
        assert details[0]["type"]  # the machine form, for programs

    async def test_the_summary_names_every_field(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/auth/register", json={"email": "x", "password": "y"})
        assert_sentences(response)
        assert response.json()["error"]["message"] == (
            "Please correct these fields: Name, Email, Password."
        )

    @pytest.mark.parametrize(
        ("fields", "message"),
        [
            (
                {"slug": "Not A Slug"},
                "Use lowercase letters, digits and single dashes, for example intro-call.",
            ),
            ({"durationMinutes": 1}, "Duration (in minutes) must be at least 5."),
            ({"durationMinutes": "half an hour"}, "Duration (in minutes) must be a whole number."),
            ({"location": {"kind": "carrier-pigeon"}}, None),
        ],
    )
    async def test_event_types(
        self, client: httpx.AsyncClient, fields: dict[str, Any], message: str | None
    ) -> None:
        owner = await expert(client)
        body = {"title": "Intro", "slug": "intro", "durationMinutes": 30, **fields}
        response = await client.post("/api/event-types", json=body, headers=owner["headers"])
        details = assert_sentences(response)
        if message:
            assert details[0]["message"] == message

    @pytest.mark.parametrize(
        ("username", "message"),
        [
            (
                "a b",
                "A username has 3 to 30 characters: lowercase letters, digits and dashes,"
                " and does not start or end with a dash.",
            ),
            ("admin", "The username “admin” is reserved. Please choose another."),
        ],
    )
    async def test_usernames(self, client: httpx.AsyncClient, username: str, message: str) -> None:
        user = await register(client)
        response = await client.post(
            "/api/auth/become-expert", json={"username": username}, headers=user["headers"]
        )
        assert [d["message"] for d in assert_sentences(response)] == [message]

    async def test_bookings_and_slots(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        bad_booking = {
            "eventTypeId": event["id"],
            "start": "tomorrow at ten",
            "name": "Carl",
            "email": "carl@example.com",
            "phone": "call me",
            "timezone": "Mars/Olympus",
        }
        details = assert_sentences(await client.post("/api/bookings", json=bad_booking))
        by_field = {d["field"]: d["message"] for d in details}
        assert by_field["phone"].startswith("Use digits, spaces")
        assert (
            by_field["timezone"]
            == "“Mars/Olympus” is not a time zone we know. Use a name such as Europe/Berlin."
        )
        day = future_day().isoformat()
        slots = await client.get(
            f"/api/experts/{owner['expert']['username']}/slots",
            params={"eventTypeId": event["id"], "start": day, "end": "2020-01-01"},
        )
        assert_sentences(slots)
        availability = await client.put(
            "/api/experts/me/availability",
            json={"timezone": "UTC", "weekly": [{"weekday": 0, "start": "9am", "end": "17:00"}]},
            headers=auth(owner["token"]),
        )
        assert_sentences(availability)
