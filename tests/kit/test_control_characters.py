"""Control characters are refused in every text input, bodies, paths and queries alike.

PostgreSQL cannot store NUL in text: before this, such input answered 500 there.
"""

import httpx
import pytest

from tests.auth.test_accounts import assert_error
from tests.factories import at, book, event_type, expert, future_day, register

NUL, BELL, ESCAPE = "\x00", "\x07", "\x1b"


def assert_refused(response: httpx.Response, field: str) -> None:
    error = assert_error(response, 422, "validation_error")
    assert [d["field"] for d in error["details"]] == [field]
    assert error["details"][0]["message"] == "Text cannot contain control characters (such as NUL)."


class TestControlCharacters:
    @pytest.mark.parametrize("character", [NUL, BELL, ESCAPE, "\x85"])
    async def test_in_bodies(self, client: httpx.AsyncClient, character: str) -> None:
        body = {"name": f"A{character}da", "email": "ada@example.com", "password": "long-enough"}
        assert_refused(await client.post("/api/auth/register", json=body), "name")
        login = {"email": "ada@example.com", "password": "long-enough"}
        assert_error(await client.post("/api/auth/login", json=login), 401, "invalid_credentials")

        owner = await expert(client)
        headers = owner["headers"]
        assert_refused(
            await client.patch("/api/experts/me", json={"bio": f"x{character}"}, headers=headers),
            "bio",
        )
        title = {"title": f"T{character}", "slug": "t", "durationMinutes": 30}
        assert_refused(await client.post("/api/event-types", json=title, headers=headers), "title")
        event = await event_type(client, owner)
        refused = await client.post(
            "/api/bookings",
            json={
                "eventTypeId": event["id"],
                "start": at(future_day(), 10),
                "name": "Carl",
                "email": "carl@example.com",
                "notes": f"see{character}you",
            },
        )
        assert_refused(refused, "notes")
        booking = await book(client, event, at(future_day(), 10))
        cancel = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled", "reason": f"ill{character}"},
            headers=headers,
        )
        assert_refused(cancel, "reason")

    async def test_in_paths_and_queries(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        assert_refused(await client.get("/api/experts/a%00b"), "path")
        slots = await client.get(
            f"/api/experts/{owner['expert']['username']}/slots",
            params={
                "eventTypeId": f"{event['id']}\x00",
                "start": future_day().isoformat(),
                "end": future_day().isoformat(),
            },
        )
        assert_refused(slots, "query")

    async def test_tabs_and_line_breaks_are_text(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        notes = "Line one\r\nLine two\tindented"
        booking = await book(client, event, at(future_day(), 10), notes=notes)
        assert booking["notes"] == notes
        user = await register(client)
        assert user["user"]["name"] == "Test User"
