"""What experts shape: questions, lengths, limits, notice, hidden types, private links,
no-shows and the CSV export. On SQLite and PostgreSQL."""

import asyncio
import csv
import io
import uuid
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from icalendar import Calendar
from sqlalchemy import update

from expertbook.models import Booking
from tests import factories
from tests.bookings.test_concurrency import storm

QUESTIONS = [
    {"id": "topic", "label": "What should we talk about?", "kind": "textarea", "required": True},
    {"id": "level", "label": "Your level", "kind": "select", "options": ["New", "Expert"]},
    {"id": "terms", "label": "I accept the terms", "kind": "checkbox", "required": True},
    {"id": "mobile", "label": "Mobile", "kind": "phone"},
]


def day_at(days: int, hour: int) -> str:
    return factories.at(factories.future_day(days), hour)


async def slot_starts(
    api: httpx.AsyncClient, owner: dict, event: dict, day: str, **params: Any
) -> list[str]:  # type: ignore[type-arg]
    response = await api.get(
        f"/api/experts/{owner['expert']['username']}/slots",
        params={"eventTypeId": event["id"], "start": day, "end": day, **params},
    )
    assert response.status_code == 200, response.text
    return [slot["start"] for d in response.json()["days"] for slot in d["slots"]]


class TestQuestions:
    async def test_answers_are_checked_kept_and_shown_to_both(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, questions=QUESTIONS)
        assert [q["id"] for q in event["questions"]] == ["topic", "level", "terms", "mobile"]
        bad = await factories.book(
            client,
            event,
            day_at(3, 10),
            expect=422,
            answers={"level": "Guru", "terms": False, "mobile": "call me", "extra": "x"},
        )
        assert bad["error"]["code"] == "invalid_answers"
        fields = {detail["field"]: detail["message"] for detail in bad["error"]["details"]}
        assert fields == {
            "answers.extra": "This question is not asked.",
            "answers.topic": "Answer “What should we talk about?”.",
            "answers.level": "Pick one of the options.",
            "answers.terms": "Tick “I accept the terms” to book.",
            "answers.mobile": "Enter a phone number, like +49 30 1234567.",
        }
        booking = await factories.book(
            client,
            event,
            day_at(3, 10),
            answers={"topic": "  Pricing  ", "level": "New", "terms": True},
        )
        assert booking["answers"] == [
            {"id": "topic", "label": "What should we talk about?", "value": "Pricing"},
            {"id": "level", "label": "Your level", "value": "New"},
            {"id": "terms", "label": "I accept the terms", "value": True},
        ]
        seen_by_expert = await client.get(
            f"/api/bookings/{booking['id']}", headers=owner["headers"]
        )
        assert seen_by_expert.json()["answers"] == booking["answers"]
        ics = await client.get(
            f"/api/bookings/{booking['id']}/ics", params={"token": booking["manageToken"]}
        )
        [vevent] = Calendar.from_ical(ics.content).walk("VEVENT")
        description = str(vevent["DESCRIPTION"])
        assert "What should we talk about?: Pricing" in description
        assert "I accept the terms: yes" in description

    async def test_questions_themselves_are_validated(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        for questions in (
            [{"id": "a", "label": "Pick", "kind": "select"}],  # no options
            [{"id": "a", "label": "A", "kind": "text", "options": ["x"]}],
            [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}],  # same id twice
            [{"id": f"q{n}", "label": "Q"} for n in range(11)],
            [{"id": "Has Space", "label": "Q"}],
        ):
            response = await client.post(
                "/api/event-types",
                json={"title": "T", "slug": f"t-{uuid.uuid4().hex[:8]}", "durationMinutes": 30,
                      "questions": questions},
                headers=owner["headers"],
            )  # fmt: skip
            assert response.status_code == 422, questions


class TestDurations:
    async def test_the_client_picks_an_offered_length(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(
            client, owner, durationMinutes=30, durationOptions=[60, 15], slotIntervalMinutes=15
        )
        assert event["durationOptions"] == [15, 30, 60]
        day = factories.future_day(3).isoformat()
        hour_long = await slot_starts(client, owner, event, day, duration=60)
        default = await slot_starts(client, owner, event, day)
        assert len(hour_long) < len(default)
        refused = await client.get(
            f"/api/experts/{owner['expert']['username']}/slots",
            params={"eventTypeId": event["id"], "start": day, "end": day, "duration": 45},
        )
        assert refused.status_code == 422
        assert refused.json()["error"]["code"] == "duration_not_offered"
        assert refused.json()["error"]["details"][0]["field"] == "duration"

        booking = await factories.book(client, event, day_at(3, 10), durationMinutes=60)
        assert booking["durationMinutes"] == 60
        wrong = await factories.book(client, event, day_at(3, 14), durationMinutes=45, expect=422)
        assert wrong["error"]["code"] == "duration_not_offered"
        # A 60-minute booking at 10:00 blocks a 30-minute one at 10:30.
        await factories.book(client, event, day_at(3, 10)[:11] + "10:30:00+00:00", expect=409)

    async def test_rescheduling_keeps_the_chosen_length(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, durationOptions=[30, 90])
        booking = await factories.book(client, event, day_at(3, 10), durationMinutes=90)
        moved = await client.post(
            f"/api/bookings/{booking['id']}/reschedule",
            params={"token": booking["manageToken"]},
            json={"start": day_at(4, 10)},
        )
        assert moved.status_code == 200, moved.text
        assert moved.json()["durationMinutes"] == 90


class TestLimits:
    async def test_a_full_day_offers_nothing_and_refuses_more(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, limits={"perDay": 2})
        day = factories.future_day(3).isoformat()
        await factories.book(client, event, day_at(3, 9))
        await factories.book(client, event, day_at(3, 11))
        assert await slot_starts(client, owner, event, day) == []
        refused = await factories.book(client, event, day_at(3, 15), expect=409)
        assert refused["error"]["code"] == "limit_reached"
        await factories.book(client, event, day_at(4, 9))  # another day is free

    async def test_a_week_limit_and_the_experts_daily_cap_across_types(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        weekly = await factories.event_type(client, owner, limits={"perWeek": 1})
        other = await factories.event_type(client, owner)
        # Two days in the same Monday-to-Sunday week.
        first = factories.future_day(8)
        monday = first - timedelta(days=first.weekday())
        await factories.book(client, weekly, factories.at(monday, 9))
        refused = await factories.book(
            client, weekly, factories.at(monday + timedelta(days=2), 9), expect=409
        )
        assert refused["error"]["code"] == "limit_reached"

        capped = await client.patch(
            "/api/experts/me", json={"maxBookingsPerDay": 2}, headers=owner["headers"]
        )
        assert capped.status_code == 200 and capped.json()["maxBookingsPerDay"] == 2
        await factories.book(client, other, factories.at(monday, 11))
        full = await factories.book(client, other, factories.at(monday, 13), expect=409)
        assert full["error"]["code"] == "limit_reached"
        uncapped = await client.patch(
            "/api/experts/me", json={"maxBookingsPerDay": None}, headers=owner["headers"]
        )
        assert uncapped.json()["maxBookingsPerDay"] is None
        await factories.book(client, other, factories.at(monday, 13))

    async def test_a_storm_cannot_overshoot_a_limit(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, limits={"perDay": 3})
        # Twenty different, free times on one day, all at once: exactly three win.
        day = factories.future_day(3)
        attempts = [(event, factories.at(day, 1 + hour)) for hour in range(20)]
        results = await storm(client, attempts)
        assert results == Counter({201: 3, 409: 17})

    async def test_cancelled_bookings_do_not_count_and_a_restore_is_checked(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, limits={"perDay": 1})
        first = await factories.book(client, event, day_at(3, 9))
        await client.patch(
            f"/api/bookings/{first['id']}", json={"status": "cancelled"}, headers=owner["headers"]
        )
        await factories.book(client, event, day_at(3, 11))
        restore = await client.patch(
            f"/api/bookings/{first['id']}", json={"status": "confirmed"}, headers=owner["headers"]
        )
        assert restore.status_code == 409
        assert restore.json()["error"]["code"] == "limit_reached"


class TestCancellationNotice:
    async def test_the_client_is_held_to_the_notice_and_the_expert_is_not(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, cancelNoticeMinutes=10 * 24 * 60)
        booking = await factories.book(client, event, day_at(3, 10), timezone="Europe/Berlin")
        deadline = datetime.fromisoformat(booking["cancelDeadline"])
        assert deadline == datetime.fromisoformat(booking["start"]) - timedelta(days=10)
        token = {"token": booking["manageToken"]}
        path = f"/api/bookings/{booking['id']}"
        late = await client.patch(path, params=token, json={"status": "cancelled"})
        assert late.status_code == 422
        assert late.json()["error"]["code"] == "too_late"
        assert "Europe/Berlin" in late.json()["error"]["message"]
        moved = await client.post(f"{path}/reschedule", params=token, json={"start": day_at(4, 10)})
        assert moved.status_code == 422 and moved.json()["error"]["code"] == "too_late"
        by_expert = await client.patch(path, json={"status": "cancelled"}, headers=owner["headers"])
        assert by_expert.status_code == 200


class TestHiddenTypesAndPrivateLinks:
    async def test_a_hidden_type_is_unlisted_but_bookable_by_its_own_link(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        listed = await factories.event_type(client, owner)
        hidden = await factories.event_type(client, owner, hidden=True)
        username = owner["expert"]["username"]
        profile = (await client.get(f"/api/experts/{username}")).json()
        assert [et["id"] for et in profile["eventTypes"]] == [listed["id"]]
        own_link = await client.get(
            f"/api/experts/{username}", params={"eventType": hidden["slug"]}
        )
        assert {et["id"] for et in own_link.json()["eventTypes"]} == {listed["id"], hidden["id"]}
        assert await slot_starts(client, owner, hidden, factories.future_day(3).isoformat())
        await factories.book(client, hidden, day_at(3, 10))

    async def test_a_private_link_books_once_then_answers_410(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, hidden=True)
        path = f"/api/event-types/{event['id']}/private-links"
        made = await client.post(path, json={"label": "For Ada"}, headers=owner["headers"])
        assert made.status_code == 201, made.text
        link = made.json()
        assert link["url"].endswith(
            f"/{owner['expert']['username']}/{event['slug']}?key={link['key']}"
        )
        booking = await factories.book(client, event, day_at(3, 10), privateKey=link["key"])
        again = await factories.book(
            client, event, day_at(3, 12), privateKey=link["key"], expect=410
        )
        assert again["error"]["code"] == "link_used"
        listed = (await client.get(path, headers=owner["headers"])).json()
        assert listed[0]["bookingId"] == booking["id"] and listed[0]["usedAt"]
        assert "key" not in listed[0] and listed[0]["keyHint"] == link["key"][:6]
        other = await client.post(path, json={}, headers=owner["headers"])
        revoked = await client.delete(f"{path}/{other.json()['id']}", headers=owner["headers"])
        assert revoked.status_code == 204
        gone = await factories.book(
            client, event, day_at(3, 14), privateKey=other.json()["key"], expect=404
        )
        assert gone["error"]["code"] == "link_not_found"

    async def test_two_clients_racing_with_one_link_book_once(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        link = (
            await client.post(
                f"/api/event-types/{event['id']}/private-links", json={}, headers=owner["headers"]
            )
        ).json()

        async def attempt(hour: int) -> int:
            body = {"eventTypeId": event["id"], "start": day_at(3, hour), "name": "C",
                    "email": f"c{hour}@example.com", "privateKey": link["key"]}  # fmt: skip
            return (await client.post("/api/bookings", json=body)).status_code

        results = Counter(await asyncio.gather(*(attempt(hour) for hour in range(8, 16))))
        assert results == Counter({201: 1, 410: 7})

    async def test_another_experts_link_or_type_is_not_found(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        stranger = await factories.expert(client)
        event = await factories.event_type(client, owner)
        response = await client.post(
            f"/api/event-types/{event['id']}/private-links", json={}, headers=stranger["headers"]
        )
        assert response.status_code == 404


async def start_in_the_past(app: FastAPI, booking_id: str) -> None:
    past = datetime.now().astimezone() - timedelta(hours=1)
    async with app.state.database.write_sessions() as session, session.begin():
        await session.execute(
            update(Booking)
            .where(Booking.id == uuid.UUID(booking_id))
            .values(start_at=past, end_at=past + timedelta(minutes=30))
        )


class TestExpertTools:
    async def test_no_show_only_by_the_expert_after_the_start(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        booking = await factories.book(client, event, day_at(3, 10))
        path = f"/api/bookings/{booking['id']}/no-show"
        early = await client.post(path, json={"noShow": True}, headers=owner["headers"])
        assert early.status_code == 422
        await start_in_the_past(app, booking["id"])
        by_client = await client.post(
            path, json={"noShow": True}, params={"token": booking["manageToken"]}
        )
        assert by_client.status_code == 403
        marked = await client.post(path, json={"noShow": True}, headers=owner["headers"])
        assert marked.status_code == 200 and marked.json()["noShow"] is True

    async def test_the_csv_export_lists_the_range_and_defuses_formulas(
        self, app: FastAPI, client: httpx.AsyncClient
    ) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner, questions=QUESTIONS[:1])
        inside = await factories.book(
            client, event, day_at(3, 10), name="=HYPERLINK(1)", answers={"topic": "Tax"}
        )
        await factories.book(client, event, day_at(9, 10), answers={"topic": "Later"})
        first = factories.future_day(2).isoformat()
        last = factories.future_day(4).isoformat()
        response = await client.get(
            "/api/bookings/export", params={"from": first, "to": last}, headers=owner["headers"]
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/csv")
        assert "attachment" in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [row["id"] for row in rows] == [inside["id"]]
        assert rows[0]["client"] == "'=HYPERLINK(1)"
        assert rows[0]["answers"] == "What should we talk about?: Tax"
        backwards = await client.get(
            "/api/bookings/export", params={"from": last, "to": first}, headers=owner["headers"]
        )
        assert backwards.status_code == 422
        client_only = await factories.register(client)
        refused = await client.get(
            "/api/bookings/export", params={"from": first, "to": last},
            headers=client_only["headers"],
        )  # fmt: skip
        assert refused.status_code == 403

    async def test_guests_are_invited_in_the_calendar_file(self, client: httpx.AsyncClient) -> None:
        owner = await factories.expert(client)
        event = await factories.event_type(client, owner)
        booking = await factories.book(
            client, event, day_at(3, 10), guests=["Ann@Example.com", "bob@example.com"]
        )
        assert booking["guests"] == ["ann@example.com", "bob@example.com"]
        ics = await client.get(
            f"/api/bookings/{booking['id']}/ics", params={"token": booking["manageToken"]}
        )
        [vevent] = Calendar.from_ical(ics.content).walk("VEVENT")
        attendees = vevent["ATTENDEE"]
        assert {str(a) for a in attendees} >= {"mailto:ann@example.com", "mailto:bob@example.com"}
        too_many = await factories.book(
            client, event, day_at(3, 12), guests=[f"g{n}@example.com" for n in range(6)],
            expect=422,
        )  # fmt: skip
        assert too_many["error"]["code"] == "validation_error"
        twice = await factories.book(
            client, event, day_at(3, 12), guests=["a@example.com", "A@example.com"], expect=422
        )
        assert twice["error"]["code"] == "validation_error"
