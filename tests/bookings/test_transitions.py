"""Every from -> to pair of booking statuses, for each party: the one table decides."""

import itertools
from typing import Any

import httpx
import pytest

from expertbook.bookings.transitions import ALLOWED
from expertbook.models import BookingStatus
from tests import factories

STATUSES = ["pending", "confirmed", "declined", "cancelled"]
TARGETS = ["confirmed", "declined", "cancelled"]


async def booking_in(api: httpx.AsyncClient, status: str, day_offset: int) -> dict[str, Any]:
    """A booking in `status`, with its expert and manage token."""
    owner = await factories.expert(api)
    confirmation = status in ("pending", "declined")
    event = await factories.event_type(api, owner, requiresConfirmation=confirmation)
    booking = await factories.book(api, event, factories.at(factories.future_day(day_offset), 10))
    path = f"/api/bookings/{booking['id']}"
    if status == "declined":
        response = await api.patch(path, json={"status": "declined"}, headers=owner["headers"])
        assert response.status_code == 200, response.text
    if status == "cancelled":
        response = await api.patch(path, json={"status": "cancelled"}, headers=owner["headers"])
        assert response.status_code == 200, response.text
    read = (await api.get(path, headers=owner["headers"])).json()
    assert read["status"] == status
    return {"booking": booking, "owner": owner, "path": path}


def expected(current: str, wanted: str, actor: str) -> int:
    if current == wanted:
        return 200
    allowed = ALLOWED.get((BookingStatus(current), BookingStatus(wanted)))
    if allowed is None:
        return 409
    return 200 if actor in allowed else 403


CASES = list(itertools.product(STATUSES, TARGETS, ["client", "expert"]))


class TestEveryTransition:
    @pytest.mark.parametrize(("current", "wanted", "actor"), CASES)
    async def test_the_table_decides(
        self, client: httpx.AsyncClient, current: str, wanted: str, actor: str
    ) -> None:
        made = await booking_in(client, current, 3 + CASES.index((current, wanted, actor)) % 20)
        if actor == "expert":
            kwargs: dict[str, Any] = {"headers": made["owner"]["headers"]}
        else:
            kwargs = {"params": {"token": made["booking"]["manageToken"]}}
        response = await client.patch(made["path"], json={"status": wanted}, **kwargs)
        code = expected(current, wanted, actor)
        # A client may not restore a request the expert has to confirm: they would skip
        # the expert's say (the booking in "cancelled" here needs no confirmation).
        assert response.status_code == code, response.text
        if code == 200:
            assert response.json()["status"] == wanted
        elif code == 409:
            assert response.json()["error"]["code"] == "invalid_transition"
            assert "cannot become" in response.json()["error"]["message"]
        else:
            assert response.json()["error"]["code"] == "expert_only"

    async def test_a_client_cannot_restore_a_request_that_needs_confirmation(
        self, client: httpx.AsyncClient
    ) -> None:
        made = await booking_in(client, "pending", 3)
        token = {"token": made["booking"]["manageToken"]}
        cancelled = await client.patch(made["path"], params=token, json={"status": "cancelled"})
        assert cancelled.status_code == 200
        restore = await client.patch(made["path"], params=token, json={"status": "confirmed"})
        assert restore.status_code == 403
        by_expert = await client.patch(
            made["path"], json={"status": "confirmed"}, headers=made["owner"]["headers"]
        )
        assert by_expert.status_code == 200
        assert by_expert.json()["status"] == "confirmed"

    async def test_pending_is_not_a_status_anyone_can_ask_for(
        self, client: httpx.AsyncClient
    ) -> None:
        made = await booking_in(client, "confirmed", 3)
        response = await client.patch(
            made["path"], json={"status": "pending"}, headers=made["owner"]["headers"]
        )
        assert response.status_code == 422
