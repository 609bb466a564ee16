"""The booking pipeline through its services: one transaction, events only after its commit."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.service import get_user
from expertbook.bookings import service
from expertbook.bookings.schemas import BookingCreate
from expertbook.db import run_in_transaction
from expertbook.errors import SlotTaken
from expertbook.models import BookingStatus
from tests.factories import at, auth, future_day
from tests.live import InProcessServer
from tests.realtime.sockets import Listener, account

Operation = Callable[[AsyncSession, dict[str, Any]], Awaitable[Any]]


class Abort(Exception):
    """Raised inside the transaction after the operation ran, to roll it back."""


async def _create(session: AsyncSession, ctx: dict[str, Any]) -> Any:
    user = await get_user(session, uuid.UUID(ctx["booker"]["user"]["id"]))
    data = BookingCreate(
        event_type_id=ctx["owner"]["event"]["id"],
        start=at(future_day(), 15),
        name="Carl",
        email="carl@example.com",
    )
    return await service.create_booking(session, events=ctx["events"], data=data, user=user)


async def _existing(session: AsyncSession, ctx: dict[str, Any]) -> service.BookingView:
    user = await get_user(session, uuid.UUID(ctx["booker"]["user"]["id"]))
    view, _ = await service.get_for_party(
        session, uuid.UUID(ctx["booking"]["id"]), user=user, token=None
    )
    return view


def _set_status(status: BookingStatus) -> Operation:
    async def operation(session: AsyncSession, ctx: dict[str, Any]) -> Any:
        view = await _existing(session, ctx)
        return await service.set_status(
            session, events=ctx["events"], view=view, role="client", status=status, reason=None
        )

    return operation


async def _reschedule(session: AsyncSession, ctx: dict[str, Any]) -> Any:
    view = await _existing(session, ctx)
    return await service.reschedule(
        session,
        events=ctx["events"],
        view=view,
        role="client",
        start=datetime.fromisoformat(at(future_day(), 16)),
    )


OPERATIONS: dict[str, tuple[Operation, str]] = {
    "create": (_create, "newBooking"),
    "cancel": (_set_status(BookingStatus.CANCELLED), "bookingUpdated"),
    "restore": (_set_status(BookingStatus.CONFIRMED), "bookingUpdated"),
    "reschedule": (_reschedule, "bookingUpdated"),
}


async def _setup(live: InProcessServer, http: httpx.AsyncClient, name: str) -> dict[str, Any]:
    owner = await account(http, "owner@example.com", expert=True)
    booker = await account(http, "booker@example.com")
    ctx = {"owner": owner, "booker": booker, "events": live.app.state.events}
    if name != "create":
        response = await http.post(
            "/api/bookings",
            json={
                "eventTypeId": owner["event"]["id"],
                "start": at(future_day(), 10),
                "name": "Carl",
                "email": "carl@example.com",
            },
            headers=auth(booker["token"]),
        )
        ctx["booking"] = response.json()
    if name == "restore":
        await http.patch(
            f"/api/bookings/{ctx['booking']['id']}",
            json={"status": "cancelled"},
            headers=auth(booker["token"]),
        )
    return ctx


async def _listeners(live: InProcessServer, ctx: dict[str, Any]) -> list[Listener]:
    expert = await Listener().connect(live.url, ctx["owner"]["token"])
    client = await Listener().connect(live.url, ctx["booker"]["token"])
    watcher = await Listener().connect(live.url)
    await watcher.sio.call("watchExpert", {"expertId": ctx["owner"]["expert"]["id"]})
    return [expert, client, watcher]


@pytest.mark.parametrize("name", list(OPERATIONS))
class TestEventsFollowTheCommit:
    async def test_a_rolled_back_operation_sends_nothing_and_changes_nothing(
        self, live: InProcessServer, http: httpx.AsyncClient, name: str
    ) -> None:
        operation, event = OPERATIONS[name]
        ctx = await _setup(live, http, name)
        before = await http.get("/api/bookings", headers=auth(ctx["booker"]["token"]))
        listeners = await _listeners(live, ctx)
        try:
            with pytest.raises(Abort):
                async for session in run_in_transaction(live.app.state.database.write_sessions):
                    await operation(session, ctx)
                    raise Abort
            await asyncio.sleep(0.3)  # what a wrongly sent event would need to arrive
            assert all(listener.events == [] for listener in listeners)
            after = await http.get("/api/bookings", headers=auth(ctx["booker"]["token"]))
            assert after.json() == before.json()

            # The same operation committed is announced, once, to both parties and watchers.
            async for session in run_in_transaction(live.app.state.database.write_sessions):
                result = await operation(session, ctx)
            expert, client, watcher = listeners
            assert (await expert.wait_for(event))[0]["id"] == str(result.id)
            assert (await client.wait_for(event))[0]["id"] == str(result.id)
            await watcher.wait_for("slotsChanged")
            await asyncio.sleep(0.2)  # time for a duplicate to arrive
            assert [len(listener.of(event)) for listener in (expert, client)] == [1, 1]
            assert len(watcher.of("slotsChanged")) == 1
        finally:
            for listener in listeners:
                await listener.sio.disconnect()


class TestClaimingThroughTheService:
    async def test_a_second_claim_on_the_same_time_is_refused_in_its_own_transaction(
        self, live: InProcessServer, http: httpx.AsyncClient
    ) -> None:
        ctx = await _setup(live, http, "create")
        sessions = live.app.state.database.write_sessions
        async for session in run_in_transaction(sessions):
            first = await _create(session, ctx)
        assert first.status == BookingStatus.CONFIRMED
        with pytest.raises(SlotTaken):
            async for session in run_in_transaction(sessions):
                await _create(session, ctx)
        mine = await http.get("/api/bookings", headers=auth(ctx["booker"]["token"]))
        assert [booking["id"] for booking in mine.json()["items"]] == [str(first.id)]
