import httpx
import pytest

from tests.auth.test_accounts import assert_error
from tests.factories import at, book, event_type, expert, future_day, register


class TestCreateEventType:
    async def test_defaults_and_fields(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        response = await client.post(
            "/api/event-types",
            json={
                "title": "Deep dive",
                "slug": "deep-dive",
                "durationMinutes": 45,
                "location": {"kind": "zoom"},
                "bufferBeforeMinutes": 5,
                "bufferAfterMinutes": 10,
                "minNoticeMinutes": 120,
            },
            headers=owner["headers"],
        )
        assert response.status_code == 201
        body = response.json()
        assert body["slotIntervalMinutes"] == 45  # defaults to the duration
        assert body["maxDaysAhead"] == 60
        assert body["location"] == {"kind": "zoom", "details": None}
        assert body["isActive"] is True
        assert body["expertId"] == owner["expert"]["id"]

    async def test_slug_is_unique_per_expert(self, client: httpx.AsyncClient) -> None:
        owner, other = await expert(client), await expert(client)
        await event_type(client, owner, slug="intro")
        await event_type(client, other, slug="intro")  # another expert may use it
        response = await client.post(
            "/api/event-types",
            json={"title": "Again", "slug": "intro", "durationMinutes": 30},
            headers=owner["headers"],
        )
        assert_error(response, 409, "slug_taken")

    @pytest.mark.parametrize(
        "fields",
        [
            {"title": ""},
            {"title": "x" * 121},
            {"slug": "Bad Slug"},
            {"slug": "-dash"},
            {"durationMinutes": 4},
            {"durationMinutes": 721},
            {"location": {"kind": "carrier_pigeon"}},
            {"bufferBeforeMinutes": -1},
            {"maxDaysAhead": 0},
            {"slotIntervalMinutes": 1},
        ],
    )
    async def test_invalid_fields_are_422(self, client: httpx.AsyncClient, fields: dict) -> None:
        owner = await expert(client)
        body = {"title": "Ok", "slug": "ok", "durationMinutes": 30, **fields}
        response = await client.post("/api/event-types", json=body, headers=owner["headers"])
        assert_error(response, 422, "validation_error")
        assert (await client.get("/api/event-types", headers=owner["headers"])).json() == []

    async def test_non_expert_is_403(self, client: httpx.AsyncClient) -> None:
        user = await register(client)
        body = {"title": "Ok", "slug": "ok", "durationMinutes": 30}
        response = await client.post("/api/event-types", json=body, headers=user["headers"])
        assert_error(response, 403, "not_an_expert")
        assert_error(await client.get("/api/event-types"), 401, "unauthorized")


class TestOwnership:
    async def test_another_experts_event_type_is_404(self, client: httpx.AsyncClient) -> None:
        owner, other = await expert(client), await expert(client)
        mine = await event_type(client, owner)
        path = f"/api/event-types/{mine['id']}"
        assert_error(await client.get(path, headers=other["headers"]), 404, "not_found")
        assert_error(
            await client.patch(path, json={"title": "Stolen"}, headers=other["headers"]),
            404,
            "not_found",
        )
        assert_error(await client.delete(path, headers=other["headers"]), 404, "not_found")
        assert (await client.get(path, headers=owner["headers"])).json()["title"] == mine["title"]

    async def test_list_has_only_mine_in_order(self, client: httpx.AsyncClient) -> None:
        owner, other = await expert(client), await expert(client)
        b = await event_type(client, owner, position=2)
        a = await event_type(client, owner, position=1)
        await event_type(client, other)
        listed = (await client.get("/api/event-types", headers=owner["headers"])).json()
        assert [et["id"] for et in listed] == [a["id"], b["id"]]


class TestUpdateEventType:
    async def test_patch_changes_only_given_fields(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        created = await event_type(client, owner, description="Keep me")
        response = await client.patch(
            f"/api/event-types/{created['id']}",
            json={
                "title": "Renamed",
                "isActive": False,
                "location": {"kind": "phone", "details": "+1 555"},
            },
            headers=owner["headers"],
        )
        body = response.json()
        assert (body["title"], body["isActive"], body["description"]) == (
            "Renamed",
            False,
            "Keep me",
        )
        assert body["location"] == {"kind": "phone", "details": "+1 555"}

    async def test_slug_clash_and_null_are_rejected(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        first, second = await event_type(client, owner), await event_type(client, owner)
        path = f"/api/event-types/{second['id']}"
        assert_error(
            await client.patch(path, json={"slug": first["slug"]}, headers=owner["headers"]),
            409,
            "slug_taken",
        )
        assert_error(
            await client.patch(path, json={"title": None}, headers=owner["headers"]),
            422,
            "validation_error",
        )


class TestDeleteEventType:
    async def test_without_bookings_it_is_deleted(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        created = await event_type(client, owner)
        response = await client.delete(
            f"/api/event-types/{created['id']}", headers=owner["headers"]
        )
        assert response.json()["result"] == "deleted"
        missing = await client.get(f"/api/event-types/{created['id']}", headers=owner["headers"])
        assert missing.status_code == 404

    async def test_with_future_bookings_it_is_deactivated(self, client: httpx.AsyncClient) -> None:
        owner = await expert(client)
        created = await event_type(client, owner)
        await book(client, created, at(future_day(), 10))
        response = await client.delete(
            f"/api/event-types/{created['id']}", headers=owner["headers"]
        )
        assert response.json()["result"] == "deactivated"
        kept = await client.get(f"/api/event-types/{created['id']}", headers=owner["headers"])
        assert kept.json()["isActive"] is False
