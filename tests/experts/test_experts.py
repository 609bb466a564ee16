import httpx

from tests.auth.test_accounts import assert_error
from tests.factories import event_type, expert, register


class TestPublicProfile:
    async def test_by_username_and_by_id_without_email(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client, "Marie Curie", username="marie")
        second = await event_type(client, owner, title="Second", slug="second", position=2)
        first = await event_type(client, owner, title="First", slug="first", position=1)
        await event_type(client, owner, title="Hidden", slug="hidden", isActive=False)
        for ref in ("marie", "MARIE", owner["expert"]["id"]):
            response = await client.get(f"/api/experts/{ref}")
            assert response.status_code == 200
            body = response.json()
            assert body["name"] == "Marie Curie"
            assert [et["id"] for et in body["eventTypes"]] == [first["id"], second["id"]]
            assert owner["user"]["email"] not in response.text

    async def test_unknown_is_404(self, client: httpx.AsyncClient) -> None:
        assert_error(await client.get("/api/experts/nobody-here"), 404, "not_found")
        assert_error(
            await client.get("/api/experts/00000000-0000-0000-0000-000000000000"), 404, "not_found"
        )


class TestGetMe:
    async def test_the_expert_reads_their_own_settings(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        await client.patch(
            "/api/experts/me", json={"maxBookingsPerDay": 4}, headers=owner["headers"]
        )
        me = await client.get("/api/experts/me", headers=owner["headers"])
        assert me.status_code == 200
        assert me.json()["username"] == owner["expert"]["username"]
        assert me.json()["maxBookingsPerDay"] == 4
        client_only = await register(client)
        assert (
            await client.get("/api/experts/me", headers=client_only["headers"])
        ).status_code == 403
        assert (await client.get("/api/experts/me")).status_code == 401


class TestUpdateMe:
    async def test_edits_profile_fields(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        response = await client.patch(
            "/api/experts/me",
            json={
                "username": "new-name",
                "headline": "Hi",
                "bio": "Long bio",
                "timezone": "Asia/Tokyo",
            },
            headers=owner["headers"],
        )
        assert response.status_code == 200
        assert response.json()["username"] == "new-name"
        public = (await client.get("/api/experts/new-name")).json()
        assert (public["headline"], public["bio"], public["timezone"]) == (
            "Hi",
            "Long bio",
            "Asia/Tokyo",
        )

    async def test_rules_for_usernames_and_zones(self, client: httpx.AsyncClient) -> None:
        owner, other = await expert(client), await expert(client, username="someone")
        assert other
        cases = [
            ({"username": "someone"}, 409, "username_taken"),
            ({"username": "api"}, 422, "validation_error"),
            ({"timezone": "Nowhere/City"}, 422, "validation_error"),
            ({"headline": "x" * 161}, 422, "validation_error"),
        ]
        for body, status, code in cases:
            response = await client.patch("/api/experts/me", json=body, headers=owner["headers"])
            assert_error(response, status, code)

    async def test_non_expert_is_403_and_anonymous_401(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        assert_error(
            await client.patch("/api/experts/me", json={}, headers=user["headers"]),
            403,
            "not_an_expert",
        )
        assert_error(await client.patch("/api/experts/me", json={}), 401, "unauthorized")
