"""Connected calendars in a real Chromium (issue 16): an expert connects a Radicale account
from the dashboard, picks calendars, sees its busy time in the week view and the slots,
gets bookings written into it, and disconnects."""

import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.calendars.ical import calendar, event
from tests.calendars.radicale import Account, Radicale
from tests.e2e.conftest import Api, ExpertSetup
from tests.e2e.test_language import PHONE, assert_no_sideways_scroll

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def radicale() -> Iterator[Radicale]:
    server = Radicale()
    yield server
    server.stop()


def slot_times(api: Api, setup: ExpertSetup, day: date) -> set[str]:
    """The day's free starts, HH:MM in Paris."""
    response = api.http.get(
        f"/api/experts/{setup.username}/slots",
        params={
            "eventTypeId": setup.event_type["id"],
            "start": day.isoformat(),
            "end": day.isoformat(),
            "timezone": "Europe/Paris",
        },
    )
    response.raise_for_status()
    return {slot["start"][11:16] for d in response.json()["days"] for slot in d["slots"]}


def written_starts(account: Account, name: str) -> list[datetime]:
    with account.client() as client:
        found = next(c for c in client.principal().calendars() if c.get_display_name() == name)
        return sorted(item.icalendar_component.start for item in found.search(event=True))


def eventually(condition: Callable[[], bool], timeout: float = 15) -> None:
    """Wait for the server's background work (the outbox worker) to show its result."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.1)


def weeks_between(first: date, later: date) -> int:
    return (
        later - timedelta(days=later.weekday()) - (first - timedelta(days=first.weekday()))
    ).days // 7


class TestCalendars:
    def test_a_german_expert_reads_why_the_calendar_failed_in_german(
        self,
        new_context: Callable[..., Any],
        api: Api,
        radicale: Radicale,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        account = radicale.account()
        account.make_calendar("Arbeit")
        setup = api.expert("Kai Kalender")
        page: Page = new_context(locale="de-DE", session=setup.account, **PHONE).new_page()
        page.goto("/expert-dashboard/calendars")
        page.get_by_role("button", name="Kalender verbinden").click()
        page.get_by_label("Adresse (URL)").fill(account.url)
        page.get_by_label("Benutzername").fill(account.username)
        page.get_by_label("Passwort").fill("not-the-password")
        page.get_by_role("button", name="Kalender verbinden").click()

        # The server's reason, inside the web app's German sentence.
        item = page.locator(".webhook-item")
        refused = "Der Kalenderserver hat den Benutzernamen oder das Passwort abgelehnt."
        expect(item.get_by_role("status")).to_have_text(
            f"Der Kalender konnte nicht gelesen werden: {refused}"
        )
        screenshot(page, "calendar-error-de")
        assert_no_sideways_scroll(page, "the German calendar error")

        def enter_password(password: str) -> None:
            item.get_by_role(
                "button", name=f"Das Passwort für 127.0.0.1:{radicale.port} ändern"
            ).click()
            item.get_by_label("Benutzername").fill(account.username)
            item.get_by_label("Passwort", exact=True).fill(password)
            item.get_by_role("button", name="Speichern und neu lesen").click()

        enter_password(account.password)
        expect(item.get_by_text("Zuletzt gelesen")).to_be_visible()
        expect(item.get_by_role("status")).to_have_count(0)
        # Once read, a failure says that the busy times read before still count.
        enter_password("wrong-again")
        expect(item.get_by_role("status")).to_have_text(
            f"Das letzte Lesen ist fehlgeschlagen: {refused} "
            "Die zuvor gelesenen belegten Zeiten gelten weiter."
        )

    def test_an_expert_connects_a_caldav_calendar_from_the_dashboard(
        self,
        new_context: Callable[..., Any],
        api: Api,
        radicale: Radicale,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        account = radicale.account()
        today = datetime.now(PARIS).date()
        day = today + timedelta(days=2)
        dentist = datetime.combine(day, clock(10), PARIS)
        account.make_calendar("Work").save_event(
            calendar(event("dentist", dentist, dentist + timedelta(hours=1)))
        )
        account.make_calendar("Family")
        setup = api.expert("Cora Calendar")
        assert {"10:00", "10:30"} <= slot_times(api, setup, day)

        page: Page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard")
        page.get_by_role("navigation", name="Dashboard sections").get_by_role(
            "link", name="Calendars"
        ).click()
        expect(page.get_by_text("No calendars connected yet.")).to_be_visible()
        page.get_by_role("button", name="Connect calendar").click()
        expect(
            page.get_by_label("CalDAV account (iCloud, Fastmail, Nextcloud, Radicale…)")
        ).to_be_checked()
        page.get_by_label("Address (URL)").fill(account.url)
        page.get_by_label("Username").fill(account.username)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Connect calendar").click()

        # Read in the background: a refused password shows as the item's error…
        item = page.locator(".webhook-item")
        expect(item.get_by_role("status").filter(has_text="refused the username")).to_be_visible()
        expect(item.get_by_text("Not read yet.")).to_be_visible()
        # …and entered again, the calendars are found.
        item.get_by_role(
            "button", name=f"Change the password for 127.0.0.1:{radicale.port}"
        ).click()
        item.get_by_label("Username").fill(account.username)
        item.get_by_label("Password", exact=True).fill(account.password)
        item.get_by_role("button", name="Save and read again").click()
        expect(item.get_by_text("Last read")).to_be_visible()
        expect(item.get_by_text("refused the username")).to_have_count(0)
        busy = item.get_by_role("group", name="Count these calendars' events as busy")
        expect(busy.get_by_label("Work")).to_be_checked()
        expect(busy.get_by_label("Family")).to_be_checked()
        assert account.password not in page.content()
        write = item.get_by_role("group", name="Write bookings into")
        expect(write.get_by_label("None")).to_be_checked()
        write.get_by_label("Work").check()
        busy.get_by_label("Family").uncheck()
        item.get_by_role("button", name="Save choices").click()
        expect(item.get_by_role("button", name="Save choices")).to_be_disabled()
        expect(item.get_by_text("Last read")).to_be_visible()
        expect(write.get_by_label("Work")).to_be_checked()
        expect(busy.get_by_label("Family")).not_to_be_checked()
        screenshot(page, "connected")

        # The dentist's hour is no longer offered, and shows in the expert's week.
        offered = slot_times(api, setup, day)
        assert "10:00" not in offered and "10:30" not in offered and "11:00" in offered
        page.get_by_role("navigation", name="Dashboard sections").get_by_role(
            "link", name="Availability"
        ).click()
        for _ in range(weeks_between(today, day)):
            page.get_by_role("button", name="Next week").click()
        week = page.locator(".busy-week")
        expect(week).to_contain_text("Busy 10:00 AM – 11:00 AM")
        screenshot(page, "week")

        # A booking is written into the calendar by itself.
        start = datetime.combine(day, clock(14), PARIS).isoformat()
        booked = api.book(setup.event_type["id"], start, email="cal-client@example.com")
        assert booked.status_code == 201, booked.text
        eventually(lambda: len(written_starts(account, "Work")) == 2)
        assert datetime.combine(day, clock(14), PARIS) in written_starts(account, "Work")

        # Disconnected, the calendar's busy time counts no more.
        page.get_by_role("navigation", name="Dashboard sections").get_by_role(
            "link", name="Calendars"
        ).click()
        page.get_by_role("button", name=f"Disconnect 127.0.0.1:{radicale.port}").click()
        dialog = page.get_by_role("dialog", name="Disconnect this calendar?")
        dialog.get_by_role("button", name="Disconnect calendar").click()
        expect(page.get_by_text("No calendars connected yet.")).to_be_visible()
        assert "10:00" in slot_times(api, setup, day)
