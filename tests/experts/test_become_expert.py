"""Becoming an expert: the seed's one button, and the username rules."""

import httpx
import pytest

from tests.auth.test_accounts import assert_error
from tests.factories import register


class TestBecomeExpert:
    async def test_creates_the_expert_profile(self, client: httpx.AsyncClient) -> None:
        user = await register(client, "Grace Hopper")
        response = await client.post(
            "/api/auth/become-expert",
            json={"headline": "Compilers", "bio": "Navy", "timezone": "America/New_York"},
            headers=user["headers"],
        )
        assert response.status_code == 200
        body = response.json()
        assert body["user"]["isExpert"] is True
        assert body["expert"]["username"] == "grace-hopper"
        assert body["expert"]["timezone"] == "America/New_York"
        assert body["user"]["username"] == "grace-hopper"
        me = await client.get("/api/auth/me", headers=user["headers"])
        assert me.json()["isExpert"] is True
        assert me.json()["expertId"] == body["expert"]["id"]

    async def test_the_button_needs_no_body(self, client: httpx.AsyncClient) -> None:
        user = await register(client, "Ada Lovelace")
        response = await client.post("/api/auth/become-expert", headers=user["headers"])
        assert response.status_code == 200, response.text
        assert response.json()["expert"]["username"] == "ada-lovelace"
        assert response.json()["expert"]["timezone"] == "UTC"

    async def test_second_call_returns_the_same_expert(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        first = await client.post("/api/auth/become-expert", json={}, headers=user["headers"])
        second = await client.post(
            "/api/auth/become-expert", json={"username": "other-name"}, headers=user["headers"]
        )
        assert second.status_code == 200
        assert second.json()["expert"] == first.json()["expert"]

    async def test_derived_usernames_are_made_unique(self, client: httpx.AsyncClient) -> None:
        names = []
        for _ in range(3):
            user = await register(client, "Alan Turing")
            response = await client.post(
                "/api/auth/become-expert", json={}, headers=user["headers"]
            )
            names.append(response.json()["expert"]["username"])
        assert names == ["alan-turing", "alan-turing-2", "alan-turing-3"]

    @pytest.mark.parametrize(
        "username", ["api", "login", "my-bookings", "expert-dashboard", "socket.io", "healthz",
                     "waitlist", "ab", "a" * 31, "Has Space", "-dash", "under_score"]
    )  # fmt: skip
    async def test_reserved_or_malformed_usernames_are_422(
        self, client: httpx.AsyncClient, username: str
    ) -> None:
        user = await register(client)
        response = await client.post(
            "/api/auth/become-expert", json={"username": username}, headers=user["headers"]
        )
        assert_error(response, 422, "validation_error")
        me = await client.get("/api/auth/me", headers=user["headers"])
        assert me.json()["isExpert"] is False

    async def test_duplicate_username_is_409(self, client: httpx.AsyncClient) -> None:
        first, second = await register(client), await register(client)
        await client.post(
            "/api/auth/become-expert", json={"username": "taken-name"}, headers=first["headers"]
        )
        response = await client.post(
            "/api/auth/become-expert", json={"username": "Taken-Name"}, headers=second["headers"]
        )
        assert_error(response, 409, "username_taken")

    async def test_unknown_time_zone_is_422(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        for zone in ("Mars/Olympus", "../etc/passwd", "utc "):
            response = await client.post(
                "/api/auth/become-expert", json={"timezone": zone}, headers=user["headers"]
            )
            assert_error(response, 422, "validation_error")

    async def test_needs_a_user(self, client: httpx.AsyncClient) -> None:
        assert_error(await client.post("/api/auth/become-expert", json={}), 401, "unauthorized")
