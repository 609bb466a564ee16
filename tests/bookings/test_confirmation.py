"""Requests that need the expert's confirmation hold their time, and expire at their start."""

import uuid
from collections import Counter
from datetime import datetime, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import update

from expertbook.bookings.service import decline_unanswered_now
from expertbook.models import Booking
from tests import factories
from tests.bookings.test_concurrency import storm


class TestRequiresConfirmation:
    async def test_a_request_is_pending_holds_its_time_and_the_expert_confirms_it(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, requiresConfirmation=True)
        start = factories.at(factories.future_day(3), 10)
        booking = await factories.book(client, event, start)
        assert booking["status"] == "pending"

        again = await factories.book(client, event, start, expect=409)
        assert again["error"]["code"] == "slot_taken"
        day = start[:10]
        slots = await client.get(
            f"/api/experts/{owner['expert']['username']}/slots",
            params={"eventTypeId": event["id"], "start": day, "end": day},
        )
        starts = [slot["start"] for d in slots.json()["days"] for slot in d["slots"]]
        assert not any(s.startswith(f"{day}T10:00") for s in starts)

        confirmed = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "confirmed"},
            headers=owner["headers"],
        )
        assert confirmed.status_code == 200
        assert confirmed.json()["status"] == "confirmed"

    async def test_a_declined_request_frees_its_time_and_keeps_the_reason(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, requiresConfirmation=True)
        start = factories.at(factories.future_day(3), 10)
        booking = await factories.book(client, event, start)
        declined = await client.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "declined", "reason": "I am away that week."},
            headers=owner["headers"],
        )
        assert declined.status_code == 200
        assert declined.json()["cancelReason"] == "I am away that week."
        assert declined.json()["cancelledBy"] == "expert"
        await factories.book(client, event, start)  # the time is free again

    async def test_unanswered_requests_are_declined_at_their_start(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, requiresConfirmation=True)
        later = await factories.book(client, event, factories.at(factories.future_day(3), 10))
        started = await factories.book(client, event, factories.at(factories.future_day(3), 12))
        # As if its start had come: moved into the past behind the API's back.
        past = datetime.now().astimezone() - timedelta(minutes=5)
        async with app.state.database.write_sessions() as session, session.begin():
            await session.execute(
                update(Booking)
                .where(Booking.id == uuid.UUID(started["id"]))
                .values(start_at=past, end_at=past + timedelta(minutes=30))
            )
        assert await decline_unanswered_now(app.state.database, app.state.events) == 1
        assert await decline_unanswered_now(app.state.database, app.state.events) == 0
        read = (await client.get(f"/api/bookings/{started['id']}", headers=owner["headers"])).json()
        assert read["status"] == "declined"
        assert read["cancelledBy"] == "system"
        still = (await client.get(f"/api/bookings/{later['id']}", headers=owner["headers"])).json()
        assert still["status"] == "pending"

    async def test_a_storm_on_a_pending_slot_has_one_winner(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, requiresConfirmation=True)
        results = await storm(client, [(event, factories.at(factories.future_day(), 10))] * 30)
        assert results == Counter({201: 1, 409: 29})
