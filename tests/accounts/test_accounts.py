"""A signed-in user's own account: name, email, password, their data, and deletion."""

import httpx

from tests.auth.test_accounts import assert_error
from tests.factories import PASSWORD, at, auth, book, event_type, expert, future_day, register


class TestUpdateAccount:
    async def test_name_changes_without_a_password(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        response = await client.patch(
            "/api/auth/me", json={"name": "  New Name "}, headers=user["headers"]
        )
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "New Name"
        assert (await client.get("/api/auth/me", headers=user["headers"])).json()["name"] == (
            "New Name"
        )

    async def test_email_needs_the_current_password(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        path, headers = "/api/auth/me", user["headers"]
        error = assert_error(
            await client.patch(path, json={"email": "new@example.com"}, headers=headers),
            422,
            "wrong_password",
        )
        assert error["details"][0]["field"] == "currentPassword"
        assert_error(
            await client.patch(
                path,
                json={"email": "new@example.com", "currentPassword": "not-it"},
                headers=headers,
            ),
            422,
            "wrong_password",
        )
        changed = await client.patch(
            path, json={"email": "New@Example.com", "currentPassword": PASSWORD}, headers=headers
        )
        assert changed.json()["email"] == "new@example.com"
        login = await client.post(
            "/api/auth/login", json={"email": "new@example.com", "password": PASSWORD}
        )
        assert login.status_code == 200

    async def test_someone_elses_email_is_409(self, client: httpx.AsyncClient) -> None:
        first, second = await register(client), await register(client)
        body = {"email": first["user"]["email"], "currentPassword": PASSWORD}
        response = await client.patch("/api/auth/me", json=body, headers=second["headers"])
        assert_error(response, 409, "email_taken")


class TestChangePassword:
    async def test_new_password_works_and_old_tokens_stop(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        other_device = await client.post(
            "/api/auth/login", json={"email": user["user"]["email"], "password": PASSWORD}
        )
        old_token = other_device.json()["token"]
        body = {"currentPassword": PASSWORD, "newPassword": "a-brand-new-secret"}
        response = await client.put("/api/auth/me/password", json=body, headers=user["headers"])
        assert response.status_code == 200, response.text
        new_token = response.json()["token"]
        assert (await client.get("/api/auth/me", headers=auth(new_token))).status_code == 200
        stale = await client.get("/api/auth/me", headers=auth(old_token))
        assert_error(stale, 401, "invalid_token")
        for password, status in ((PASSWORD, 401), ("a-brand-new-secret", 200)):
            login = await client.post(
                "/api/auth/login", json={"email": user["user"]["email"], "password": password}
            )
            assert login.status_code == status

    async def test_wrong_current_password_changes_nothing(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        body = {"currentPassword": "wrong", "newPassword": "a-brand-new-secret"}
        response = await client.put("/api/auth/me/password", json=body, headers=user["headers"])
        assert_error(response, 422, "wrong_password")
        assert (await client.get("/api/auth/me", headers=user["headers"])).status_code == 200


class TestExport:
    async def test_everything_about_me_and_nobody_else(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client, "Export Expert")
        event = await event_type(client, owner, title="Deep dive")
        client_user = await register(client, "Export Client")
        mine = await book(client, event, at(future_day(), 10), headers=client_user["headers"])
        await book(client, event, at(future_day(), 12), name="Someone Else")

        response = await client.get("/api/auth/me/export", headers=client_user["headers"])
        assert response.status_code == 200
        assert "attachment" in response.headers["content-disposition"]
        data = response.json()
        assert data["user"]["email"] == client_user["user"]["email"]
        assert data["expert"] is None
        assert [b["id"] for b in data["bookingsMade"]] == [mine["id"]]
        assert data["bookingsWithMe"] == []
        assert "Someone Else" not in response.text

        expert_data = (await client.get("/api/auth/me/export", headers=owner["headers"])).json()
        assert expert_data["expert"]["profile"]["username"] == owner["expert"]["username"]
        assert [e["title"] for e in expert_data["expert"]["eventTypes"]] == ["Deep dive"]
        assert expert_data["expert"]["availability"]["timezone"] == "UTC"
        assert len(expert_data["bookingsWithMe"]) == 2
        assert "passwordHash" not in response.text and "manageToken" not in response.text


class TestDeleteAccount:
    async def test_a_client_leaves_and_the_expert_keeps_a_cancelled_record(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        leaving = await register(client)
        booking = await book(client, event, at(future_day(), 10), headers=leaving["headers"])
        wrong = await client.request(
            "DELETE", "/api/auth/me", json={"password": "nope"}, headers=leaving["headers"]
        )
        assert_error(wrong, 422, "wrong_password")
        response = await client.request(
            "DELETE", "/api/auth/me", json={"password": PASSWORD}, headers=leaving["headers"]
        )
        assert response.status_code == 204, response.text
        assert_error(
            await client.get("/api/auth/me", headers=leaving["headers"]), 401, "invalid_token"
        )
        record = await client.get(f"/api/bookings/{booking['id']}", headers=owner["headers"])
        assert record.json()["status"] == "cancelled"
        assert record.json()["userId"] is None
        assert record.json()["cancelReason"] == "The client deleted their ExpertBook account."
        # The time is free again.
        await book(client, event, at(future_day(), 10))

    async def test_a_client_leaves_even_inside_the_cancellation_notice(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner, cancelNoticeMinutes=30 * 24 * 60)
        leaving = await register(client)
        booking = await book(client, event, at(future_day(), 10), headers=leaving["headers"])
        response = await client.request(
            "DELETE", "/api/auth/me", json={"password": PASSWORD}, headers=leaving["headers"]
        )
        assert response.status_code == 204, response.text
        record = await client.get(f"/api/bookings/{booking['id']}", headers=owner["headers"])
        assert record.json()["status"] == "cancelled"

    async def test_an_expert_leaves_and_their_page_and_bookings_go(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        event = await event_type(client, owner)
        booker = await register(client)
        booking = await book(client, event, at(future_day(), 10), headers=booker["headers"])
        response = await client.request(
            "DELETE", "/api/auth/me", json={"password": PASSWORD}, headers=owner["headers"]
        )
        assert response.status_code == 204, response.text
        username = owner["expert"]["username"]
        assert_error(await client.get(f"/api/experts/{username}"), 404, "not_found")
        gone = await client.get(f"/api/bookings/{booking['id']}", headers=booker["headers"])
        assert_error(gone, 404, "not_found")
        assert (await client.get("/api/auth/me", headers=booker["headers"])).status_code == 200
