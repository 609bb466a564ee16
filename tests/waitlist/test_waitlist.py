"""The waitlist: a fair line for a taken time or a full session, each freed place offered
to one client at a time, held for them, and booked at most once. On both databases."""

import asyncio
import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from expertbook.db import run_in_transaction
from expertbook.outbox.worker import OutboxWorker
from expertbook.waitlist.line import expire_offers
from tests.auth.test_accounts import assert_error
from tests.factories import at, book, event_type, expert, future_day
from tests.notifications.receivers import SmtpServer
from tests.notifications.test_booking_emails import text_of


async def join(
    api: httpx.AsyncClient,
    event: dict,
    start: str,
    email: str,
    expect: int = 201,  # type: ignore[type-arg]
) -> dict[str, Any]:
    body = {"eventTypeId": event["id"], "start": start, "name": email.split("@")[0],
            "email": email, "timezone": "Europe/Paris"}  # fmt: skip
    response = await api.post("/api/waitlist", json=body)
    assert response.status_code == expect, response.text
    data: dict[str, Any] = response.json()
    return data


async def entry(api: httpx.AsyncClient, joined: dict) -> dict[str, Any]:  # type: ignore[type-arg]
    response = await api.get(
        f"/api/waitlist/{joined['id']}", params={"token": joined["manageToken"]}
    )
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


async def claim(api: httpx.AsyncClient, joined: dict) -> httpx.Response:  # type: ignore[type-arg]
    return await api.post(
        f"/api/waitlist/{joined['id']}/claim", params={"token": joined["manageToken"]}
    )


async def cancel(api: httpx.AsyncClient, owner: dict, booking: dict) -> None:  # type: ignore[type-arg]
    response = await api.patch(
        f"/api/bookings/{booking['id']}", json={"status": "cancelled"}, headers=owner["headers"]
    )
    assert response.status_code == 200, response.text


async def run_out(app: FastAPI, now: datetime) -> int:
    expired = 0
    async for session in run_in_transaction(app.state.database.write_sessions):
        expired = await expire_offers(session, app.state.events, now)
    return expired


def link_in(mail: Any) -> str:
    found = re.search(r"http\S+/waitlist/\S+\?token=[\w-]+", text_of(mail))
    assert found, text_of(mail)
    return found.group(0)


class TestJoining:
    async def test_only_a_taken_time_has_a_line_and_each_email_joins_it_once(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        owner = await expert(api, "Wanda Waitlist")
        event = await event_type(api, owner, title="Advice")
        start = at(future_day(), 10)
        free = await join(api, event, start, "early@x.org", expect=409)
        assert free["error"]["code"] == "slot_available"
        await book(api, event, start, email="holder@x.org")
        first = await join(api, event, start, "first@x.org")
        second = await join(api, event, start, "second@x.org")
        assert (first["status"], first["position"]) == ("waiting", 1)
        assert second["position"] == 2 and second["manageToken"] != first["manageToken"]
        again = await join(api, event, start, "FIRST@x.org", expect=409)
        assert again["error"]["code"] == "already_waiting"
        never = await join(api, event, at(future_day(), 10, 10), "odd@x.org", expect=422)
        assert never["error"]["code"] == "slot_unavailable"
        wrong = await api.get(f"/api/waitlist/{first['id']}", params={"token": "nope"})
        assert_error(wrong, 404, "not_found")
        assert "manageToken" not in await entry(api, first)
        await worker.drain()
        [mail] = smtp.to("first@x.org")
        assert mail["Subject"].startswith("On the waitlist: Advice")
        assert "you are next in line" in text_of(mail)
        assert "(Europe/Paris)" in text_of(mail)

    async def test_slots_list_the_taken_times_on_request(self, api: httpx.AsyncClient) -> None:
        owner = await expert(api)
        event = await event_type(api, owner)
        day = future_day()
        await book(api, event, at(day, 10))
        path = f"/api/experts/{owner['expert']['username']}/slots"
        params = {"eventTypeId": event["id"], "start": str(day), "end": str(day)}
        plain = (await api.get(path, params=params)).json()["days"][0]
        assert "taken" not in plain
        days = (await api.get(path, params={**params, "taken": "true"})).json()["days"]
        assert [slot["start"][11:16] for slot in days[0]["taken"]] == ["10:00"]
        assert "10:00" not in [slot["start"][11:16] for slot in days[0]["slots"]]


class TestOffers:
    async def test_a_freed_place_is_held_for_the_first_in_line_who_claims_it(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        owner = await expert(api, "Olga Offer")
        event = await event_type(api, owner, title="Consult", waitlistHoldMinutes=20)
        start = at(future_day(), 10)
        holder = await book(api, event, start, email="holder@x.org")
        first = await join(api, event, start, "first@x.org")
        second = await join(api, event, start, "second@x.org")
        await cancel(api, owner, holder)
        offered = await entry(api, first)
        assert offered["status"] == "offered" and offered["position"] is None
        until = datetime.fromisoformat(offered["offeredUntil"])
        assert timedelta(minutes=19) < until - datetime.now(until.tzinfo) <= timedelta(minutes=20)
        assert (await entry(api, second))["position"] == 1
        # The place is held: nobody else books it, and it is nobody's booking yet.
        taken = await book(api, event, start, email="sneaky@x.org", expect=409)
        assert taken["error"]["code"] == "slot_taken"
        listed = await api.get("/api/bookings?role=expert", headers=owner["headers"])
        assert [b["status"] for b in listed.json()["items"]] == ["cancelled"]
        await worker.drain()
        [offer] = [m for m in smtp.to("first@x.org") if "opened" in m["Subject"]]
        assert "held for you alone until" in text_of(offer)
        link = link_in(offer)
        assert link.endswith(first["manageToken"]) and first["id"] in link
        claimed = await claim(api, first)
        assert claimed.status_code == 201, claimed.text
        booking = claimed.json()
        assert (booking["email"], booking["status"]) == ("first@x.org", "confirmed")
        assert booking["manageToken"] and booking["timezone"] == "Europe/Paris"
        after = await entry(api, first)
        assert (after["status"], after["bookingId"]) == ("booked", booking["id"])
        twice = await claim(api, first)
        assert twice.status_code == 201 and twice.json()["id"] == booking["id"]
        assert (await claim(api, second)).json()["error"]["code"] == "not_offered"
        await worker.drain()
        confirmed = [m["Subject"] for m in smtp.to("first@x.org")]
        assert any(subject.startswith("Confirmed") for subject in confirmed), confirmed

    async def test_an_offer_that_runs_out_passes_to_the_next_then_frees_the_time(
        self, api: httpx.AsyncClient, mail_app: FastAPI
    ) -> None:
        owner = await expert(api)
        event = await event_type(api, owner, waitlistHoldMinutes=30)
        start = at(future_day(), 10)
        holder = await book(api, event, start, email="holder@x.org")
        first = await join(api, event, start, "first@x.org")
        second = await join(api, event, start, "second@x.org")
        await cancel(api, owner, holder)
        now = datetime.now(datetime.fromisoformat(start).tzinfo)
        assert await run_out(mail_app, now + timedelta(minutes=29)) == 0
        assert await run_out(mail_app, now + timedelta(minutes=31)) == 1
        assert (await entry(api, first))["status"] == "expired"
        late = await claim(api, first)
        assert_error(late, 409, "not_offered")
        assert (await entry(api, second))["status"] == "offered"
        # The second lets it go: nobody is left, so the time is free for anyone.
        left = await api.delete(
            f"/api/waitlist/{second['id']}", params={"token": second["manageToken"]}
        )
        assert left.status_code == 200 and left.json()["status"] == "left"
        await book(api, event, start, email="anyone@x.org")

    async def test_a_claim_after_the_hold_ended_is_refused(
        self, api: httpx.AsyncClient, mail_app: FastAPI
    ) -> None:
        owner = await expert(api)
        event = await event_type(api, owner, waitlistHoldMinutes=5)
        start = at(future_day(), 10)
        holder = await book(api, event, start)
        first = await join(api, event, start, "first@x.org")
        await cancel(api, owner, holder)
        async with mail_app.state.database.engine.begin() as connection:
            await connection.execute(
                text("UPDATE waitlist_entries SET offered_until = :past"),
                {"past": datetime.now(datetime.fromisoformat(start).tzinfo) - timedelta(seconds=1)},
            )
        assert_error(await claim(api, first), 410, "offer_expired")


class TestSeatsAndRaces:
    async def test_a_freed_seat_goes_to_the_line_and_the_session_is_never_oversold(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        owner = await expert(api)
        event = await event_type(api, owner, durationMinutes=60, seats=3)
        start = at(future_day(), 10)
        seats = [await book(api, event, start, email=f"s{n}@x.org") for n in range(3)]
        mine = await join(api, event, start, "s0@x.org", expect=409)
        assert mine["error"]["code"] == "already_in_session"
        line = [await join(api, event, start, f"w{n}@x.org") for n in range(3)]
        # A cancel, the claim of the place it frees, and new bookings all at once: the
        # claim wins if the cancel came first, and nobody else gets the seat either way.
        _, claimed, *rush = await asyncio.gather(
            cancel(api, owner, seats[0]),
            claim(api, line[0]),
            *(book_status(api, event, start, f"rush{n}@x.org") for n in range(5)),
        )
        assert Counter(r for r in rush) == Counter({409: 5})
        if claimed.status_code != 201:  # it came before the cancel: the place waits for it
            assert claimed.json()["error"]["code"] == "not_offered"
            assert (await claim(api, line[0])).status_code == 201
        session = await api.get(
            f"/api/bookings/sessions/{seats[1]['sessionKey']}", headers=owner["headers"]
        )
        assert session.json()["seatsTaken"] == 3
        # The expert calls the session off: the line ends, nobody is offered anything.
        off = await api.post(
            f"/api/bookings/sessions/{seats[1]['sessionKey']}/cancel",
            json={"reason": "Venue closed"},
            headers=owner["headers"],
        )
        assert off.status_code == 200 and off.json()["seatsTaken"] == 0
        assert {(await entry(api, w))["status"] for w in line[1:]} == {"closed"}
        await worker.drain()
        for attendee in ("s1@x.org", "s2@x.org", "w0@x.org"):
            [told] = [m for m in smtp.to(attendee) if m["Subject"].startswith("Cancelled")]
            assert "Venue closed" in text_of(told)

    async def test_many_freed_places_many_claims_never_more_than_the_seats(
        self, api: httpx.AsyncClient, mail_app: FastAPI
    ) -> None:
        owner = await expert(api)
        event = await event_type(api, owner, durationMinutes=60, seats=4)
        start = at(future_day(), 14)
        seats = [await book(api, event, start, email=f"s{n}@x.org") for n in range(4)]
        line = [await join(api, event, start, f"w{n}@x.org") for n in range(6)]
        await asyncio.gather(*(cancel(api, owner, seat) for seat in seats[:2]))
        states = Counter([(await entry(api, w))["status"] for w in line])
        assert states == Counter({"offered": 2, "waiting": 4})
        claims = await asyncio.gather(*(claim(api, w) for w in line))
        assert Counter(c.status_code for c in claims) == Counter({201: 2, 409: 4})
        session = await api.get(
            f"/api/bookings/sessions/{seats[2]['sessionKey']}", headers=owner["headers"]
        )
        assert session.json()["seatsTaken"] == 4


async def book_status(api: httpx.AsyncClient, event: dict, start: str, email: str) -> int:  # type: ignore[type-arg]
    body = {"eventTypeId": event["id"], "start": start, "name": "Rush", "email": email}
    return (await api.post("/api/bookings", json=body)).status_code
