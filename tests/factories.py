"""Build test data through the public API, as a user would."""

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

_counter = itertools.count(1)
PASSWORD = "correct-horse-battery"
ALL_DAY = [{"weekday": day, "start": "00:00", "end": "24:00"} for day in range(7)]


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def future_day(days: int = 3) -> date:
    return (datetime.now(UTC) + timedelta(days=days)).date()


def at(day: date, hour: int, minute: int = 0) -> str:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC).isoformat()


async def register(
    client: httpx.AsyncClient, name: str = "Test User", **extra: Any
) -> dict[str, Any]:
    n = next(_counter)
    body = {"name": name, "email": f"user{n}@example.com", "password": PASSWORD, **extra}
    response = await client.post("/api/auth/register", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    data["headers"] = auth(data["token"])
    data["password"] = body["password"]
    return data


async def expert(
    client: httpx.AsyncClient,
    name: str = "Expert Person",
    *,
    timezone: str = "UTC",
    weekly: list[dict[str, Any]] | None = None,
    username: str | None = None,
) -> dict[str, Any]:
    """A registered expert with the given weekly hours (default: all day, every day)."""
    user = await register(client, name)
    body: dict[str, Any] = {"timezone": timezone}
    if username:
        body["username"] = username
    response = await client.post("/api/auth/become-expert", json=body, headers=user["headers"])
    assert response.status_code == 200, response.text
    user["expert"] = response.json()["expert"]
    availability = {"timezone": timezone, "weekly": weekly or ALL_DAY, "overrides": []}
    response = await client.put(
        "/api/experts/me/availability", json=availability, headers=user["headers"]
    )
    assert response.status_code == 200, response.text
    return user


async def event_type(
    client: httpx.AsyncClient, owner: dict[str, Any], **fields: Any
) -> dict[str, Any]:
    n = next(_counter)
    body = {"title": f"Session {n}", "slug": f"session-{n}", "durationMinutes": 30, **fields}
    response = await client.post("/api/event-types", json=body, headers=owner["headers"])
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


async def book(
    client: httpx.AsyncClient,
    event: dict[str, Any],
    start: str,
    *,
    headers: dict[str, str] | None = None,
    expect: int = 201,
    **fields: Any,
) -> dict[str, Any]:
    body = {
        "eventTypeId": event["id"],
        "start": start,
        "name": "Client Person",
        "email": "client@example.com",
        **fields,
    }
    response = await client.post("/api/bookings", json=body, headers=headers or {})
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data
