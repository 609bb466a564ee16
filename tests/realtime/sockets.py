"""Helpers for Socket.IO tests: a recording socket and an account made through the API."""

import asyncio
from typing import Any

import httpx
import socketio

from tests.factories import auth


class Listener:
    """A socket that records every event it receives."""

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.events: list[tuple[str, Any]] = []
        self._arrived = asyncio.Condition()
        for name in ("newBooking", "bookingUpdated", "slotsChanged"):
            self.sio.on(name, self._recorder(name))

    def _recorder(self, name: str):  # type: ignore[no-untyped-def]
        async def record(data: Any) -> None:
            async with self._arrived:
                self.events.append((name, data))
                self._arrived.notify_all()

        return record

    async def connect(self, url: str, token: str | None = None) -> "Listener":
        await self.sio.connect(
            url, auth={"token": token} if token else None, transports=["websocket"]
        )
        return self

    async def wait_for(self, name: str, count: int = 1, timeout: float = 5) -> list[Any]:
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.of(name)) >= count), timeout
            )
        return self.of(name)

    def of(self, name: str) -> list[Any]:
        return [data for event, data in self.events if event == name]


async def account(http: httpx.AsyncClient, email: str, *, expert: bool = False) -> dict[str, Any]:
    response = await http.post(
        "/api/auth/register",
        json={"name": email.split("@")[0], "email": email, "password": "password-123"},
    )
    user: dict[str, Any] = response.json()
    if expert:
        body = (
            await http.post("/api/auth/become-expert", json={}, headers=auth(user["token"]))
        ).json()
        user["expert"] = body["expert"]
        await http.put(
            "/api/experts/me/availability",
            json={
                "timezone": "UTC",
                "weekly": [{"weekday": d, "start": "00:00", "end": "24:00"} for d in range(7)],
            },
            headers=auth(user["token"]),
        )
        event = await http.post(
            "/api/event-types", json={"title": "Chat", "slug": "chat", "durationMinutes": 30},
            headers=auth(user["token"]),
        )  # fmt: skip
        user["event"] = event.json()
    return user
