"""Ending sessions on the server: log out one token, or every token of a user."""

import httpx
import pytest
import socketio

from tests.auth.test_accounts import assert_error
from tests.factories import PASSWORD, auth, register
from tests.live import InProcessServer
from tests.realtime.sockets import Listener


async def second_login(client: httpx.AsyncClient, user: dict) -> dict[str, str]:  # type: ignore[type-arg]
    body = {"email": user["user"]["email"], "password": PASSWORD}
    response = await client.post("/api/auth/login", json=body)
    return auth(response.json()["token"])


class TestLogout:
    async def test_only_this_token_stops_working(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        phone = await second_login(client, user)
        response = await client.post("/api/auth/logout", headers=user["headers"])
        assert response.status_code == 204
        assert_error(
            await client.get("/api/auth/me", headers=user["headers"]), 401, "invalid_token"
        )
        assert (await client.get("/api/auth/me", headers=phone)).status_code == 200
        again = await client.post("/api/auth/logout", headers=user["headers"])
        assert_error(again, 401, "invalid_token")

    async def test_a_logged_out_token_cannot_open_a_live_connection(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        user = await register(http)
        await (await Listener().connect(live.url, user["token"])).sio.disconnect()
        await http.post("/api/auth/logout", headers=user["headers"])
        with pytest.raises(socketio.exceptions.ConnectionError):
            await Listener().connect(live.url, user["token"])


class TestLogoutEverywhere:
    async def test_every_token_until_now_stops_working(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        phone = await second_login(client, user)
        response = await client.post("/api/auth/logout-everywhere", headers=phone)
        assert response.status_code == 204
        for headers in (user["headers"], phone):
            assert_error(await client.get("/api/auth/me", headers=headers), 401, "invalid_token")
        fresh = await second_login(client, user)
        assert (await client.get("/api/auth/me", headers=fresh)).status_code == 200
