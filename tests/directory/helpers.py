"""Listed experts for the directory tests, made through the API."""

from typing import Any

import httpx

from tests import factories


async def listed_expert(
    client: httpx.AsyncClient,
    name: str,
    *,
    topics: list[str] | None = None,
    languages: list[str] | None = None,
    headline: str = "",
    bio: str = "",
    sessions: int = 1,
    listed: bool = True,
    weekly: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    owner = await factories.expert(client, name, weekly=weekly)
    body = {
        "topics": topics or [],
        "languages": languages or [],
        "headline": headline,
        "bio": bio,
        "listed": listed,
    }
    response = await client.patch("/api/experts/me", json=body, headers=owner["headers"])
    assert response.status_code == 200, response.text
    owner["expert"] = response.json()
    owner["events"] = [await factories.event_type(client, owner) for _ in range(sessions)]
    return owner


async def directory(client: httpx.AsyncClient, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/experts", params=params)
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


async def names(client: httpx.AsyncClient, **params: Any) -> list[str]:
    return [item["name"] for item in (await directory(client, **params))["items"]]
