"""Bookings written into the expert's chosen CalDAV calendar (Radicale), moved and removed
with the booking, through the outbox: retried, never twice."""

from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from icalendar import Calendar

from expertbook.calendars.sync import CalendarSyncer
from expertbook.calendars.write_back import CalendarWriter
from expertbook.models import OutboxKind
from expertbook.outbox.worker import OutboxWorker
from tests.calendars.helpers import connect_caldav, slot_starts, synced
from tests.calendars.radicale import Account
from tests.factories import at, book, event_type, expert, future_day

HOURLY = {"durationMinutes": 60, "slotIntervalMinutes": 60}


def events_in(account: Account, name: str) -> list[Any]:
    """The VEVENTs stored in the account's calendar `name`."""
    with account.client() as client:
        calendar = next(c for c in client.principal().calendars() if c.get_display_name() == name)
        found = []
        for item in calendar.search(event=True):
            found.extend(Calendar.from_ical(item.data).walk("VEVENT"))
        return found


async def writing_into(
    api: httpx.AsyncClient, owner: dict[str, Any], account: Account, syncer: CalendarSyncer
) -> dict[str, Any]:
    """Connect the account and have bookings written into its calendar "Bookings"."""
    account.make_calendar("Bookings")
    connection = await connect_caldav(api, owner, account, syncer)
    target = connection["calendars"][0]["url"]
    response = await api.patch(
        f"/api/calendars/{connection['id']}",
        json={"writeCalendarUrl": target},
        headers=owner["headers"],
    )
    assert response.status_code == 200, response.text
    assert response.json()["calendars"][0]["write"] is True
    return response.json()


async def busy_after_reading(
    api: httpx.AsyncClient, owner: dict[str, Any], syncer: CalendarSyncer, day: date
) -> list[Any]:
    """The expert's calendar busy times on `day` once every calendar was read again."""
    for connection in (await api.get("/api/calendars", headers=owner["headers"])).json():
        await api.post(f"/api/calendars/{connection['id']}/sync", headers=owner["headers"])
        await synced(api, owner, connection["id"], syncer)
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    params = {"start": start.isoformat(), "end": (start + timedelta(days=1)).isoformat()}
    response = await api.get("/api/calendars/busy", params=params, headers=owner["headers"])
    assert response.status_code == 200, response.text
    found: list[Any] = response.json()
    return found


class TestWriteBack:
    async def test_create_move_and_cancel_reach_the_calendar(
        self,
        api: httpx.AsyncClient,
        account: Account,
        syncer: CalendarSyncer,
        worker: OutboxWorker,
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY, title="Consultation")
        await writing_into(api, owner, account, syncer)
        day = future_day(4)
        booking = await book(api, kind, at(day, 10), name="Cleo Client")
        await worker.drain()
        [written] = events_in(account, "Bookings")
        assert str(written["UID"]) == f"{booking['id']}@expertbook"
        assert str(written["SUMMARY"]) == "Consultation with Cleo Client"
        assert written.start == datetime(day.year, day.month, day.day, 10, tzinfo=UTC)
        assert "ATTENDEE" not in written and "ORGANIZER" not in written

        # The copy in the calendar (which counts as busy) is not read back as busy time.
        assert await busy_after_reading(api, owner, syncer, day) == []
        moved = await api.post(
            f"/api/bookings/{booking['id']}/reschedule",
            json={"start": at(day, 11)},
            headers=owner["headers"],
        )
        assert moved.status_code == 200, moved.text
        await worker.drain()
        [written] = events_in(account, "Bookings")
        assert written.start.hour == 11 and int(written["SEQUENCE"]) == 1

        cancelled = await api.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled"},
            headers=owner["headers"],
        )
        assert cancelled.status_code == 200, cancelled.text
        await worker.drain()
        assert events_in(account, "Bookings") == []

    async def test_a_failed_write_is_retried_and_written_once(
        self,
        api: httpx.AsyncClient,
        account: Account,
        syncer: CalendarSyncer,
        worker: OutboxWorker,
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        connection = await writing_into(api, owner, account, syncer)
        path = f"/api/calendars/{connection['id']}"
        wrong = {"username": account.username, "password": "not-the-password"}
        assert (await api.patch(path, json=wrong, headers=owner["headers"])).status_code == 200
        await book(api, kind, at(future_day(4), 10))
        await worker.drain()
        assert events_in(account, "Bookings") == []
        right = {"username": account.username, "password": account.password}
        assert (await api.patch(path, json=right, headers=owner["headers"])).status_code == 200
        later = datetime.now(UTC) + timedelta(minutes=5)
        await worker.drain(later)
        await worker.drain(later + timedelta(minutes=5))
        assert len(events_in(account, "Bookings")) == 1

    async def test_upcoming_bookings_are_copied_when_a_calendar_is_chosen(
        self,
        api: httpx.AsyncClient,
        account: Account,
        syncer: CalendarSyncer,
        worker: OutboxWorker,
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        await book(api, kind, at(day, 9))
        await book(api, kind, at(day, 13))
        await worker.drain()
        await writing_into(api, owner, account, syncer)
        await worker.drain()
        assert sorted(e.start.hour for e in events_in(account, "Bookings")) == [9, 13]
        # Not blocked by their own copies.
        assert await busy_after_reading(api, owner, syncer, day) == []
        assert {"10:00", "11:00", "12:00"} <= await slot_starts(api, owner, kind, day)


class TestChangesDuringAWrite:
    async def test_a_cancellation_committed_while_writing_is_caught_up_with(
        self,
        api: httpx.AsyncClient,
        account: Account,
        syncer: CalendarSyncer,
        worker: OutboxWorker,
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        await writing_into(api, owner, account, syncer)
        booking = await book(api, kind, at(future_day(4), 10))
        writer: CalendarWriter = worker.deliverers[OutboxKind.CALENDAR]  # type: ignore[assignment]
        put = writer.remote.put
        cancelled: list[int] = []

        async def put_while_cancelled(*args: Any) -> None:
            # The booking is cancelled (and that change committed) during its first write.
            if not cancelled:
                response = await api.patch(
                    f"/api/bookings/{booking['id']}",
                    json={"status": "cancelled"},
                    headers=owner["headers"],
                )
                cancelled.append(response.status_code)
            await put(*args)

        writer.remote.put = put_while_cancelled  # type: ignore[method-assign]
        # One batch: the booking's creation, not its cancellation (queued after the claim).
        await worker.run_once()
        assert cancelled == [200]
        assert events_in(account, "Bookings") == []
        await worker.drain()
        assert events_in(account, "Bookings") == []
