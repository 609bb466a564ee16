"""Busy times read from a real CalDAV server (Radicale) and an iCalendar feed: the slots
leave them out, bookings into them are refused, a dead server keeps them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from expertbook.calendars.sync import CalendarSyncer
from tests.calendars.conftest import FeedServer
from tests.calendars.helpers import connect_caldav, slot_starts, synced
from tests.calendars.ical import calendar, event
from tests.calendars.radicale import Account, Radicale
from tests.factories import at, book, event_type, expert, future_day

HOURLY = {"durationMinutes": 60, "slotIntervalMinutes": 60}


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


class TestConnectCalDAV:
    async def test_calendars_are_found_and_read(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        account.make_calendar("Work")
        account.make_calendar("Family")
        connection = await connect_caldav(api, owner, account, syncer)
        assert sorted(c["name"] for c in connection["calendars"]) == ["Family", "Work"]
        assert all(c["busy"] and not c["write"] for c in connection["calendars"])
        assert connection["lastError"] is None
        assert connection["lastSyncedAt"] is not None
        assert account.password not in str(connection)
        assert "username" not in connection and "password" not in connection

    async def test_a_wrong_password_shows_as_the_error(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        body = {"kind": "caldav", "url": account.url, "username": account.username}
        response = await api.post(
            "/api/calendars", json=body | {"password": "wrong"}, headers=owner["headers"]
        )
        assert response.status_code == 201, response.text
        connection = await synced(api, owner, response.json()["id"], syncer)
        assert "refused the username or password" in connection["lastError"]
        assert connection["lastSyncedAt"] is None

    async def test_credentials_are_encrypted_in_the_database(
        self, api: httpx.AsyncClient, account: Account, engine: AsyncEngine
    ) -> None:
        owner = await expert(api)
        body = {
            "kind": "caldav",
            "url": account.url,
            "username": account.username,
            "password": account.password,
        }
        response = await api.post("/api/calendars", json=body, headers=owner["headers"])
        assert response.status_code == 201
        async with engine.connect() as connection:
            raw = await connection.scalar(text("SELECT credentials FROM calendar_connections"))
        assert raw and account.password not in raw and account.username not in raw
        assert raw.startswith("gAAAA")  # a Fernet token

    async def test_an_expert_only_sees_their_own(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner, other = await expert(api), await expert(api)
        connection = await connect_caldav(api, owner, account, syncer)
        path = f"/api/calendars/{connection['id']}"
        assert (await api.get(path, headers=other["headers"])).status_code == 404
        assert (await api.delete(path, headers=other["headers"])).status_code == 404
        assert (await api.get("/api/calendars", headers=other["headers"])).json() == []
        client = await api.post(
            "/api/auth/register",
            json={"name": "C", "email": "c-only@example.com", "password": "correct-horse-1"},
        )
        headers = {"Authorization": f"Bearer {client.json()['token']}"}
        assert (await api.get("/api/calendars", headers=headers)).status_code == 403


class TestBusyTimes:
    async def test_a_single_event_blocks_its_slots_and_bookings(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        account.make_calendar("Work").save_event(
            calendar(event("dentist", utc(day, 10), utc(day, 11, 30)))
        )
        await connect_caldav(api, owner, account, syncer)
        starts = await slot_starts(api, owner, kind, day)
        assert {"09:00", "12:00"} <= starts
        assert not {"10:00", "11:00"} & starts
        taken = await book(api, kind, at(day, 11), expect=409)
        assert taken["error"]["code"] == "slot_taken"
        await book(api, kind, at(day, 12))

    async def test_buffers_keep_their_distance(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY, bufferAfterMinutes=30)
        day = future_day(4)
        account.make_calendar("Work").save_event(
            calendar(event("meeting", utc(day, 13), utc(day, 14)))
        )
        await connect_caldav(api, owner, account, syncer)
        starts = await slot_starts(api, owner, kind, day)
        # 12:00–13:00 plus 30 min after reaches into the meeting; 14:00 starts as it ends.
        assert "12:00" not in starts and "11:00" in starts and "14:00" in starts
        assert (await book(api, kind, at(day, 12), expect=409))["error"]["code"] == "slot_taken"

    async def test_recurring_events_with_their_exceptions(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        first = future_day(3)
        days = [first + timedelta(days=n) for n in range(5)]
        standup = event(
            "standup",
            utc(first, 9),
            utc(first, 10),
            rrule={"freq": "daily", "count": 5},
            exdate=utc(days[1], 9),
        )
        moved = event("standup", utc(days[2], 15), utc(days[2], 16), recurrence_id=utc(days[2], 9))
        cancelled = event(
            "standup", utc(days[3], 9), utc(days[3], 10), recurrence_id=utc(days[3], 9)
        )
        cancelled.add("status", "CANCELLED")
        account.make_calendar("Work").save_event(calendar(standup, moved, cancelled))
        await connect_caldav(api, owner, account, syncer)
        by_day = [await slot_starts(api, owner, kind, day) for day in days]
        assert "09:00" not in by_day[0] and "09:00" not in by_day[4]
        assert "09:00" in by_day[1]  # excluded (EXDATE)
        assert "09:00" in by_day[2] and "15:00" not in by_day[2]  # moved to 15:00
        assert "09:00" in by_day[3]  # cancelled occurrence

    async def test_all_day_and_free_events(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api, timezone="Europe/Berlin")
        kind = await event_type(api, owner, **HOURLY)
        holiday, busy_free = future_day(5), future_day(6)
        work = account.make_calendar("Work")
        work.save_event(calendar(event("holiday", holiday, holiday + timedelta(days=1))))
        work.save_event(
            calendar(
                event("reminder", utc(busy_free, 10), utc(busy_free, 12), transp="TRANSPARENT")
            )
        )
        await connect_caldav(api, owner, account, syncer)
        # The day off is the whole day in Berlin: 23:00 UTC the evening before, to 23:00.
        before = await slot_starts(api, owner, kind, holiday - timedelta(days=1))
        assert "21:00" in before and "23:00" not in before
        on_the_day = await slot_starts(api, owner, kind, holiday)
        assert on_the_day == {"23:00"} or on_the_day == {"22:00"}  # (winter or summer)
        assert {"10:00", "11:00"} <= await slot_starts(api, owner, kind, busy_free)

    async def test_events_in_another_time_zone(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        new_york = ZoneInfo("America/New_York")
        start = datetime.combine(day, time(9), new_york)
        account.make_calendar("Work").save_event(
            calendar(event("call", start, start + timedelta(hours=1)))
        )
        await connect_caldav(api, owner, account, syncer)
        hour = start.astimezone(UTC).strftime("%H:00")
        starts = await slot_starts(api, owner, kind, day)
        assert hour not in starts and len(starts) == 23

    async def test_a_weekly_event_across_a_daylight_saving_change(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        berlin = ZoneInfo("Europe/Berlin")
        owner = await expert(api, timezone="Europe/Berlin")
        kind = await event_type(api, owner, **HOURLY, maxDaysAhead=400)
        change = _next_offset_change(berlin, future_day(2))
        before, after = change - timedelta(days=3), change + timedelta(days=4)
        start = datetime.combine(before, time(10), berlin)
        account.make_calendar("Work").save_event(
            calendar(event("weekly", start, start + timedelta(hours=1), rrule={"freq": "weekly"}))
        )
        await connect_caldav(api, owner, account, syncer)
        for day in (before, after):
            hour = datetime.combine(day, time(10), berlin).astimezone(UTC).strftime("%H:00")
            starts = await slot_starts(api, owner, kind, day)
            assert hour not in starts, day
            assert len(starts) == 23, day
        utc_hours = {
            datetime.combine(day, time(10), berlin).astimezone(UTC).hour for day in (before, after)
        }
        assert len(utc_hours) == 2  # the same 10:00 in Berlin, another hour in UTC


def _next_offset_change(zone: ZoneInfo, from_day: date) -> date:
    day = from_day
    while (
        datetime.combine(day, time(12), zone).utcoffset()
        == datetime.combine(day + timedelta(days=1), time(12), zone).utcoffset()
    ):
        day += timedelta(days=1)
    return day + timedelta(days=1)


class TestChoosingCalendars:
    async def test_a_calendar_left_out_no_longer_counts(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        account.make_calendar("Work").save_event(calendar(event("a", utc(day, 10), utc(day, 11))))
        account.make_calendar("Family").save_event(calendar(event("b", utc(day, 14), utc(day, 15))))
        connection = await connect_caldav(api, owner, account, syncer)
        assert not {"10:00", "14:00"} & await slot_starts(api, owner, kind, day)
        work = next(c["url"] for c in connection["calendars"] if c["name"] == "Work")
        response = await api.patch(
            f"/api/calendars/{connection['id']}",
            json={"busyCalendars": [work]},
            headers=owner["headers"],
        )
        assert response.status_code == 200, response.text
        # At once, before any read: the Family calendar's times are forgotten.
        starts = await slot_starts(api, owner, kind, day)
        assert "14:00" in starts and "10:00" not in starts
        connection = await synced(api, owner, connection["id"], syncer)
        assert [c["busy"] for c in connection["calendars"] if c["name"] == "Family"] == [False]

    async def test_an_unknown_calendar_is_refused(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        account.make_calendar("Work")
        connection = await connect_caldav(api, owner, account, syncer)
        response = await api.patch(
            f"/api/calendars/{connection['id']}",
            json={"writeCalendarUrl": "http://elsewhere.example/cal/"},
            headers=owner["headers"],
        )
        assert response.status_code == 422
        assert response.json()["error"]["code"] == "unknown_calendar"

    async def test_disconnecting_frees_the_time(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        account.make_calendar("Work").save_event(calendar(event("a", utc(day, 10), utc(day, 11))))
        connection = await connect_caldav(api, owner, account, syncer)
        assert "10:00" not in await slot_starts(api, owner, kind, day)
        response = await api.delete(f"/api/calendars/{connection['id']}", headers=owner["headers"])
        assert response.status_code == 204
        assert "10:00" in await slot_starts(api, owner, kind, day)


class TestFeeds:
    async def test_an_ics_feed_is_read(
        self, api: httpx.AsyncClient, feed: FeedServer, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        feed.text = calendar(
            event("one", utc(day, 8), utc(day, 9)),
            event("two", utc(day, 16), utc(day, 17), transp="TRANSPARENT"),
        )
        response = await api.post(
            "/api/calendars", json={"kind": "ics", "url": feed.url}, headers=owner["headers"]
        )
        assert response.status_code == 201, response.text
        assert response.json()["syncing"] is True
        connection = await synced(api, owner, response.json()["id"], syncer)
        assert connection["lastError"] is None
        starts = await slot_starts(api, owner, kind, day)
        assert "08:00" not in starts and "16:00" in starts
        busy = await api.get(
            "/api/calendars/busy",
            params={"start": utc(day, 0).isoformat(), "end": utc(day, 23).isoformat()},
            headers=owner["headers"],
        )
        assert [(b["start"][11:16], b["end"][11:16]) for b in busy.json()] == [("08:00", "09:00")]

    async def test_a_feed_cannot_take_bookings(
        self, api: httpx.AsyncClient, feed: FeedServer, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        feed.text = calendar()
        response = await api.post(
            "/api/calendars", json={"kind": "ics", "url": feed.url}, headers=owner["headers"]
        )
        connection = await synced(api, owner, response.json()["id"], syncer)
        response = await api.patch(
            f"/api/calendars/{connection['id']}",
            json={"writeCalendarUrl": feed.url},
            headers=owner["headers"],
        )
        assert response.json()["error"]["code"] == "calendar_read_only"

    async def test_a_dead_feed_keeps_its_busy_times_and_shows_the_error(
        self, api: httpx.AsyncClient, feed: FeedServer, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        day = future_day(4)
        feed.text = calendar(event("one", utc(day, 8), utc(day, 9)))
        response = await api.post(
            "/api/calendars", json={"kind": "ics", "url": feed.url}, headers=owner["headers"]
        )
        connection = await synced(api, owner, response.json()["id"], syncer)
        feed.status = 500
        await api.post(f"/api/calendars/{connection['id']}/sync", headers=owner["headers"])
        connection = await synced(api, owner, connection["id"], syncer)
        assert connection["lastError"] == "The feed answered HTTP 500."
        assert "08:00" not in await slot_starts(api, owner, kind, day)

    async def test_the_error_and_refusals_read_in_each_readers_language(
        self, api: httpx.AsyncClient, feed: FeedServer, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        feed.status = 404
        response = await api.post(
            "/api/calendars", json={"kind": "ics", "url": feed.url}, headers=owner["headers"]
        )
        connection = await synced(api, owner, response.json()["id"], syncer)
        assert connection["lastError"] == "The feed answered HTTP 404."
        german = owner["headers"] | {"Accept-Language": "de"}
        listed = await api.get("/api/calendars", headers=german)
        assert [c["lastError"] for c in listed.json()] == ["Der Feed hat mit HTTP 404 geantwortet."]
        path = f"/api/calendars/{connection['id']}"
        one = await api.get(path, headers=german)
        assert one.json()["lastError"] == "Der Feed hat mit HTTP 404 geantwortet."
        again = await api.post(f"{path}/sync", headers=german)
        assert again.json()["lastError"] == "Der Feed hat mit HTTP 404 geantwortet."

        read_only = await api.patch(path, json={"writeCalendarUrl": feed.url}, headers=german)
        assert read_only.status_code == 422
        error = read_only.json()["error"]
        assert error["message"].startswith("Ein Kalender-Feed")
        assert error["details"] == [{"field": "writeCalendarUrl", "message": "Nur lesbar."}]
        unknown = await api.patch(
            path, json={"busyCalendars": ["https://elsewhere.example/cal"]}, headers=german
        )
        assert unknown.json()["error"]["message"] == (
            "Diese Verbindung hat keinen Kalender https://elsewhere.example/cal."
        )

        feed.status = 200
        feed.text = calendar()
        await api.post(f"{path}/sync", headers=owner["headers"])
        assert (await synced(api, owner, connection["id"], syncer))["lastError"] is None


class TestDeadServer:
    async def test_a_server_that_is_gone_keeps_the_busy_times(
        self, api: httpx.AsyncClient, syncer: CalendarSyncer
    ) -> None:
        server = Radicale()
        try:
            account = server.account()
            owner = await expert(api)
            kind = await event_type(api, owner, **HOURLY)
            day = future_day(4)
            account.make_calendar("Work").save_event(
                calendar(event("a", utc(day, 10), utc(day, 11)))
            )
            connection = await connect_caldav(api, owner, account, syncer)
            last_synced = connection["lastSyncedAt"]
        finally:
            server.stop()
        response = await api.post(
            f"/api/calendars/{connection['id']}/sync", headers=owner["headers"]
        )
        assert response.status_code == 202 and response.json()["syncing"] is True
        connection = await synced(api, owner, connection["id"], syncer)
        assert "could not be reached" in connection["lastError"]
        assert connection["lastSyncedAt"] == last_synced
        assert "10:00" not in await slot_starts(api, owner, kind, day)
        assert (await book(api, kind, at(day, 10), expect=409))["error"]["code"] == "slot_taken"


class TestAddresses:
    async def test_private_addresses_are_refused_unless_allowed(
        self, client: httpx.AsyncClient
    ) -> None:
        owner = await expert(client)
        for url in ("http://127.0.0.1:5232/", "file:///etc/passwd", "http://10.1.2.3/feed.ics"):
            response = await client.post(
                "/api/calendars", json={"kind": "ics", "url": url}, headers=owner["headers"]
            )
            assert response.status_code == 422, url
            assert response.json()["error"]["code"] == "calendar_url_refused"


class TestClaimingTime:
    """Every path that takes time checks the calendars: moving, restoring, confirming."""

    async def test_a_booking_cannot_move_restore_or_be_confirmed_into_busy_time(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        kind = await event_type(api, owner, **HOURLY)
        asked = await event_type(api, owner, **HOURLY, requiresConfirmation=True)
        day = future_day(4)
        moving = await book(api, kind, at(day, 8))
        restoring = await book(api, kind, at(day, 10))
        cancelled = await api.patch(
            f"/api/bookings/{restoring['id']}",
            json={"status": "cancelled"},
            headers=owner["headers"],
        )
        assert cancelled.status_code == 200
        request = await book(api, asked, at(day, 12))
        assert request["status"] == "pending"
        # The expert's calendar gets events at 10:00 and 12:00 after all of them.
        work = account.make_calendar("Work")
        work.save_event(calendar(event("late", utc(day, 10), utc(day, 11))))
        work.save_event(calendar(event("later", utc(day, 12), utc(day, 13))))
        await connect_caldav(api, owner, account, syncer)
        busy_message = "The expert is busy at that time. Please choose another time."

        moved = await api.post(
            f"/api/bookings/{moving['id']}/reschedule",
            json={"start": at(day, 10)},
            headers=owner["headers"],
        )
        assert moved.status_code == 409 and moved.json()["error"]["message"] == busy_message
        for booking in (restoring, request):
            answer = await api.patch(
                f"/api/bookings/{booking['id']}",
                json={"status": "confirmed"},
                headers=owner["headers"],
            )
            assert answer.status_code == 409, answer.text
            assert answer.json()["error"] == {
                "code": "slot_taken",
                "message": busy_message,
                "details": None,
            }


class TestEmptyAccount:
    async def test_an_account_without_calendars_says_so(
        self, api: httpx.AsyncClient, account: Account, syncer: CalendarSyncer
    ) -> None:
        owner = await expert(api)
        connection = await connect_caldav(api, owner, account, syncer)
        assert connection["lastError"] == "No calendars were found at this address."
        assert connection["calendars"] == []
