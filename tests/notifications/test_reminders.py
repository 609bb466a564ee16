"""Reminders go out at their time, once, and never for a booking that changed."""

import uuid
from datetime import datetime, timedelta

import httpx

from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.notifications.receivers import SmtpServer

GUEST = "remind-me@example.com"


def reminders(smtp: SmtpServer) -> list[str]:
    return [
        str(r.message["Subject"])
        for r in smtp.received
        if r.message["Subject"].startswith("Reminder")
    ]


async def booking(api: httpx.AsyncClient, **fields: object) -> tuple[dict, datetime]:  # type: ignore[type-arg]
    expert = await factories.expert(api)
    event = await factories.event_type(api, expert, **fields)
    start = factories.at(factories.future_day(5), 12)
    booked = await factories.book(api, event, start, email=GUEST)
    return booked, datetime.fromisoformat(start)


class TestReminders:
    async def test_each_reminder_goes_out_at_its_time_once(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        _, start = await booking(api, reminderMinutes=[1440, 60])
        await worker.drain()  # the confirmations
        assert reminders(smtp) == []

        await worker.drain(now=start - timedelta(minutes=1441))
        assert reminders(smtp) == []
        await worker.drain(now=start - timedelta(minutes=1439))
        assert len(reminders(smtp)) == 2  # client and expert, 24 hours ahead
        await worker.drain(now=start - timedelta(minutes=1439))
        await worker.drain(now=start - timedelta(minutes=61))
        assert len(reminders(smtp)) == 2
        await worker.drain(now=start - timedelta(minutes=59))
        assert len(reminders(smtp)) == 4
        [to_guest_1h] = [
            m for m in smtp.to(GUEST) if "starts in 1 hour" in str(m.get_body(("plain",)))
        ]
        assert to_guest_1h["Subject"].startswith("Reminder:")
        await worker.drain(now=start)
        assert len(reminders(smtp)) == 4

    async def test_a_cancelled_booking_gets_no_reminder(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        booked, start = await booking(api, reminderMinutes=[60])
        response = await api.patch(
            f"/api/bookings/{booked['id']}",
            params={"token": booked["manageToken"]},
            json={"status": "cancelled"},
        )
        assert response.status_code == 200
        await worker.drain(now=start - timedelta(minutes=30))
        assert reminders(smtp) == []

    async def test_a_rescheduled_booking_is_reminded_of_its_new_time_only(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        booked, start = await booking(api, reminderMinutes=[60])
        later = start + timedelta(days=1)
        response = await api.post(
            f"/api/bookings/{booked['id']}/reschedule",
            params={"token": booked["manageToken"]},
            json={"start": later.isoformat()},
        )
        assert response.status_code == 200, response.text
        await worker.drain(now=start - timedelta(minutes=30))
        assert reminders(smtp) == []
        await worker.drain(now=later - timedelta(minutes=30))
        assert len(reminders(smtp)) == 2

    async def test_a_reminder_planned_before_a_change_it_missed_is_skipped(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer, mail_app: object
    ) -> None:
        # A reminder already claimed when its booking is cancelled is not deleted with
        # the others; the worker checks the booking's sequence just before sending.
        from sqlalchemy import update

        from expertbook.models import Booking

        booked, start = await booking(api, reminderMinutes=[60])
        database = mail_app.state.database  # type: ignore[attr-defined]
        async with database.write_sessions() as session, session.begin():
            await session.execute(
                update(Booking).where(Booking.id == uuid.UUID(booked["id"])).values(sequence=7)
            )
        await worker.drain(now=start - timedelta(minutes=30))
        assert reminders(smtp) == []

    async def test_no_reminder_whose_time_has_passed_when_booked(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        # Five days ahead, a reminder a week before is already past: none is planned.
        _, start = await booking(api, reminderMinutes=[7 * 24 * 60, 60])
        await worker.drain(now=start - timedelta(minutes=30))
        assert len(reminders(smtp)) == 2  # only the 1-hour ones

    async def test_no_reminders_when_the_event_type_has_none(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        _, start = await booking(api, reminderMinutes=[])
        await worker.drain(now=start - timedelta(minutes=1))
        assert reminders(smtp) == []

    async def test_new_reminders_reach_the_bookings_already_made(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        start = await booked_then_changed(api, {"reminderMinutes": [1440, 30]})
        await worker.drain()  # the confirmations
        await worker.drain(now=start - timedelta(minutes=1439))
        assert len(reminders(smtp)) == 2  # the new day-ahead ones, to client and expert
        await worker.drain(now=start - timedelta(minutes=59))
        assert len(reminders(smtp)) == 2  # the hour-ahead ones went with the old plan
        await worker.drain(now=start - timedelta(minutes=29))
        assert len(reminders(smtp)) == 4

    async def test_an_unchanged_plan_leaves_the_reminders_alone(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        start = await booked_then_changed(api, {"title": "Renamed", "reminderMinutes": [60]})
        await worker.drain(now=start - timedelta(minutes=59))
        assert len(reminders(smtp)) == 2


async def booked_then_changed(api: httpx.AsyncClient, change: dict[str, object]) -> datetime:
    """A booking five days ahead with an hour-ahead reminder, then its event type changed."""
    expert = await factories.expert(api)
    event = await factories.event_type(api, expert, reminderMinutes=[60])
    at = factories.at(factories.future_day(5), 12)
    await factories.book(api, event, at, email=GUEST)
    changed = await api.patch(
        f"/api/event-types/{event['id']}", json=change, headers=expert["headers"]
    )
    assert changed.status_code == 200, changed.text
    return datetime.fromisoformat(at)
