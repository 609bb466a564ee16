"""Steps the calendar tests share: connect through the API, read, ask for slots."""

from datetime import date
from typing import Any

import httpx

from expertbook.calendars.sync import CalendarSyncer
from tests.calendars.radicale import Account


async def connect_caldav(
    api: httpx.AsyncClient, owner: dict[str, Any], account: Account, syncer: CalendarSyncer
) -> dict[str, Any]:
    """Connect the account's calendars and read them once; the connection as read."""
    body = {
        "kind": "caldav",
        "url": account.url,
        "username": account.username,
        "password": account.password,
    }
    response = await api.post("/api/calendars", json=body, headers=owner["headers"])
    assert response.status_code == 201, response.text
    return await synced(api, owner, response.json()["id"], syncer)


async def synced(
    api: httpx.AsyncClient, owner: dict[str, Any], connection_id: str, syncer: CalendarSyncer
) -> dict[str, Any]:
    await syncer.sync_due()
    response = await api.get(f"/api/calendars/{connection_id}", headers=owner["headers"])
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    assert not found["syncing"]
    return found


async def slot_starts(
    api: httpx.AsyncClient, owner: dict[str, Any], event: dict[str, Any], day: date
) -> set[str]:
    """The day's free slot starts as UTC HH:MM."""
    query = {
        "eventTypeId": event["id"],
        "start": day.isoformat(),
        "end": day.isoformat(),
        "timezone": "UTC",
    }
    response = await api.get(f"/api/experts/{owner['expert']['username']}/slots", params=query)
    assert response.status_code == 200, response.text
    return {slot["start"][11:16] for d in response.json()["days"] for slot in d["slots"]}
