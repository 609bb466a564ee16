"""The expert dashboard in a real Chromium: its sections, booking filters and helpers."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Api, ExpertSetup, run_axe
from tests.e2e.test_web_app import no_horizontal_scroll

SECTIONS = [
    ("Bookings", "bookings", "Bookings with me"),
    ("Event types", "event-types", "Event types"),
    ("Availability", "availability", "Availability"),
    ("Calendars", "calendars", "Calendars"),
    ("Webhooks", "webhooks", "Webhooks"),
    ("Public profile", "settings", "Public profile"),
]


def free_slots(api: Api, setup: ExpertSetup, count: int) -> list[str]:
    """The first `count` free start times of the expert's intro call, in two weeks."""
    start = date.today()
    response = api.http.get(
        f"/api/experts/{setup.username}/slots",
        params={
            "eventTypeId": setup.event_type["id"],
            "start": start.isoformat(),
            "end": (start + timedelta(days=14)).isoformat(),
            "timezone": "UTC",
        },
    )
    response.raise_for_status()
    slots = [slot["start"] for day in response.json()["days"] for slot in day["slots"]]
    assert len(slots) >= count, "the expert has too few free slots in two weeks"
    return [str(s) for s in slots[:count]]


def book(api: Api, setup: ExpertSetup, start: str, email: str) -> dict[str, Any]:
    response = api.book(setup.event_type["id"], start, email=email)
    assert response.status_code == 201, response.text
    booking: dict[str, Any] = response.json()
    return booking


def cancel(api: Api, setup: ExpertSetup, booking: dict[str, Any]) -> None:
    response = api.http.patch(
        f"/api/bookings/{booking['id']}",
        json={"status": "cancelled", "reason": "Double-booked elsewhere"},
        headers=api.auth(setup.account),
    )
    assert response.status_code == 200, response.text


def section_nav(page: Page) -> Any:
    return page.get_by_role("navigation", name="Dashboard sections")


def bookings_panel(page: Page) -> Any:
    return page.get_by_role("tabpanel")


class TestSections:
    def test_each_section_has_its_route_and_the_nav_marks_it(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Sasha Sections")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard")
        # The seed's entry opens the bookings.
        expect(page).to_have_url(re.compile(r"/expert-dashboard/bookings$"))
        expect(page.get_by_role("heading", name="Expert Dashboard", level=1)).to_be_visible()
        nav = section_nav(page)
        for label, path, heading in SECTIONS:
            nav.get_by_role("link", name=label).click()
            expect(page).to_have_url(re.compile(rf"/expert-dashboard/{path}$"))
            expect(page.get_by_role("heading", name=heading, exact=True, level=2)).to_be_visible()
            expect(nav.get_by_role("link", name=label)).to_have_attribute("aria-current", "page")
            expect(nav.locator("[aria-current]")).to_have_count(1)
        # Each section opens from its own address too, e.g. from a bookmark.
        for _, path, heading in SECTIONS:
            page.goto(f"/expert-dashboard/{path}")
            expect(page.get_by_role("heading", name=heading, exact=True, level=2)).to_be_visible()
        # Back goes to the section before.
        page.go_back()
        expect(page).to_have_url(re.compile(r"/expert-dashboard/webhooks$"))

    def test_sections_fit_a_phone_and_pass_axe(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Phoebe Phone")
        for start in free_slots(api, setup, 2):
            book(api, setup, start, "phone-client@example.com")
        found: dict[str, Any] = {}
        for width, height in [(360, 740), (390, 844), (1280, 900)]:
            page = new_context(width=width, height=height, session=setup.account).new_page()
            for _, path, heading in SECTIONS:
                page.goto(f"/expert-dashboard/{path}")
                expect(
                    page.get_by_role("heading", name=heading, exact=True, level=2)
                ).to_be_visible()
                page.wait_for_load_state("networkidle")
                no_horizontal_scroll(page)
                if width == 360:
                    if violations := run_axe(page):
                        found[path] = violations
                else:
                    screenshot(page, f"{width}-{path}")
            page.close()
        assert not found, f"serious or critical axe violations: {found}"


class TestBookingFilters:
    def test_a_cancelled_booking_shows_under_cancelled_not_upcoming_live(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Fiona Filter")
        first, second = free_slots(api, setup, 2)
        book(api, setup, first, "kept@example.com")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings")
        panel = bookings_panel(page)
        expect(panel.get_by_text("kept@example.com")).to_be_visible()
        expect(page.get_by_role("tab", name="Upcoming")).to_have_attribute("aria-selected", "true")

        # A booking made and cancelled while the page is open moves there live.
        doomed = book(api, setup, second, "doomed@example.com")
        expect(panel.get_by_text("doomed@example.com")).to_be_visible()
        expect(page.get_by_text("New booking: Someone Else")).to_be_visible()
        cancel(api, setup, doomed)
        expect(page.get_by_text("Booking cancelled: Someone Else")).to_be_visible()
        expect(panel.get_by_text("doomed@example.com")).to_have_count(0)
        expect(panel.get_by_text("kept@example.com")).to_be_visible()

        page.get_by_role("tab", name="Cancelled").click()
        expect(page).to_have_url(re.compile(r"/expert-dashboard/bookings\?show=cancelled$"))
        expect(panel.get_by_text("doomed@example.com")).to_be_visible()
        expect(panel.get_by_text("Double-booked elsewhere")).to_be_visible()
        expect(panel.get_by_text("kept@example.com")).to_have_count(0)
        screenshot(page, "cancelled")

        # The filter is in the URL: a reload (or a shared link) keeps it.
        page.reload()
        expect(page.get_by_role("tab", name="Cancelled")).to_have_attribute("aria-selected", "true")
        expect(panel.get_by_text("doomed@example.com")).to_be_visible()

        # Arrow keys move between the filters.
        page.get_by_role("tab", name="Cancelled").focus()
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("tab", name="Past")).to_be_focused()
        expect(page).to_have_url(re.compile(r"\?show=past$"))
        expect(panel.get_by_text("No past bookings yet.")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("tab", name="Requests")).to_be_focused()
        expect(panel.get_by_text("No requests are waiting for you.")).to_be_visible()
        page.keyboard.press("ArrowLeft")
        expect(page.get_by_role("tab", name="Upcoming")).to_have_attribute("aria-selected", "true")
        expect(page).to_have_url(re.compile(r"/expert-dashboard/bookings$"))
        expect(panel.get_by_text("kept@example.com")).to_be_visible()

    def test_a_declined_request_shows_under_cancelled(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Dora Decline")
        made = api.http.patch(
            f"/api/event-types/{setup.event_type['id']}",
            json={"requiresConfirmation": True},
            headers=api.auth(setup.account),
        )
        assert made.status_code == 200, made.text
        (start,) = free_slots(api, setup, 1)
        request = book(api, setup, start, "declined@example.com")
        declined = api.http.patch(
            f"/api/bookings/{request['id']}",
            json={"status": "declined", "reason": "Away that week"},
            headers=api.auth(setup.account),
        )
        assert declined.status_code == 200, declined.text
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings?show=requests")
        panel = bookings_panel(page)
        expect(panel.get_by_text("No requests are waiting for you.")).to_be_visible()
        page.get_by_role("tab", name="Cancelled").click()
        expect(panel.get_by_text("and requests you declined")).to_be_visible()
        expect(panel.get_by_text("declined@example.com")).to_be_visible()
        expect(panel.get_by_text("Away that week")).to_be_visible()

    def test_bookings_come_ten_a_page(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Paula Pages")
        starts = free_slots(api, setup, 12)
        for n, start in enumerate(starts):
            book(api, setup, start, f"client{n:02d}@example.com")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard")
        panel = bookings_panel(page)
        cards = panel.locator(".booking-card")
        expect(cards).to_have_count(10)
        expect(panel.get_by_text("12 bookings")).to_be_visible()
        pager = page.get_by_role("navigation", name="Upcoming bookings pages")
        expect(pager.get_by_text("Page 1 of 2")).to_be_visible()
        expect(pager.get_by_role("button", name="Previous page")).to_be_disabled()
        # Soonest first: the first page holds the first ten.
        expect(cards.first).to_contain_text("client00@example.com")
        pager.get_by_role("button", name="Next page").click()
        expect(page).to_have_url(re.compile(r"/expert-dashboard/bookings\?page=2$"))
        expect(cards).to_have_count(2)
        expect(cards.first).to_contain_text("client10@example.com")
        expect(pager.get_by_role("button", name="Next page")).to_be_disabled()
        no_horizontal_scroll(page)
        screenshot(page, "page-2")
        page.reload()
        expect(cards).to_have_count(2)
        expect(pager.get_by_text("Page 2 of 2")).to_be_visible()


class TestEventTypes:
    def test_copy_link_puts_the_event_types_booking_link_on_the_clipboard(
        self, new_context: Callable[..., Any], api: Api, live_server: str
    ) -> None:
        setup = api.expert("Cody Copy")
        context = new_context(session=setup.account)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
        page = context.new_page()
        page.goto("/expert-dashboard/event-types")
        item = page.locator(".event-type-item").filter(has_text="Intro call")
        expected = f"{live_server}/{setup.username}/intro-call"
        # The link itself shows without its scheme, and opens the booking page.
        link = item.get_by_role("link", name=expected.removeprefix("http://"), exact=True)
        expect(link).to_have_attribute("href", expected)
        item.get_by_role("button", name="Copy link to Intro call").click()
        expect(item.get_by_role("status")).to_have_text("Link copied.")
        assert page.evaluate("() => navigator.clipboard.readText()") == expected


class TestAvailabilityHelpers:
    def test_weekdays_only_and_copy_to_all_days_save_the_right_hours(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Ava Hours")

        def saved_weekly() -> list[tuple[int, str, str]]:
            response = api.http.get("/api/experts/me/availability", headers=api.auth(setup.account))
            response.raise_for_status()
            return sorted(
                (r["weekday"], r["start"][:5], r["end"][:5]) for r in response.json()["weekly"]
            )

        # The seed's default: every day 08:00-17:00.
        assert saved_weekly() == [(day, "08:00", "17:00") for day in range(7)]
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/availability")
        page.get_by_role("button", name="Weekdays only").click()
        weekly = page.get_by_role("group", name="Weekly hours")
        expect(weekly.get_by_text("Unavailable")).to_have_count(2)
        page.get_by_role("button", name="Save availability").click()
        expect(page.get_by_text("Availability saved.")).to_be_visible()
        assert saved_weekly() == [(day, "08:00", "17:00") for day in range(5)]

        page.get_by_label("Tuesday, range 1 From").fill("09:30")
        page.get_by_label("Tuesday, range 1 To").fill("12:00")
        page.get_by_role("button", name="Add range to Tuesday").click()
        page.get_by_label("Tuesday, range 2 From").fill("13:00")
        page.get_by_label("Tuesday, range 2 To").fill("18:15")
        page.get_by_role("button", name="Copy to all days from Tuesday").click()
        expect(weekly.get_by_text("Unavailable")).to_have_count(0)
        expect(page.get_by_label("Sunday, range 2 To")).to_have_value("18:15")
        screenshot(page, "copied")
        page.get_by_role("button", name="Save availability").click()
        expect(page.get_by_text("Availability saved.")).to_be_visible()
        assert saved_weekly() == sorted(
            [(day, "09:30", "12:00") for day in range(7)]
            + [(day, "13:00", "18:15") for day in range(7)]
        )


class TestPublicProfile:
    def test_the_username_preview_and_saving_a_new_username(
        self, new_context: Callable[..., Any], api: Api, live_server: str
    ) -> None:
        setup = api.expert("Una Username")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/settings")
        username = page.get_by_label("Username")
        expect(username).to_have_value(setup.username)
        expect(username).to_have_accessible_description(
            f"Your public link: {live_server}/{setup.username}"
        )
        # While the text cannot be a username, the rule shows instead of a broken link.
        username.fill("una user")
        expect(username).to_have_accessible_description(re.compile("^Use 3 to 30 lowercase"))
        # A reserved name: the server's sentence, next to the field.
        username.fill("settings")
        page.get_by_role("button", name="Save public profile").click()
        expect(username).to_have_attribute("aria-invalid", "true")
        expect(username).to_have_accessible_description(re.compile("“settings” is reserved"))
        # Editing clears it; a good name saves, and every link follows.
        new_name = f"{setup.username}-new"
        username.fill(new_name)
        expect(username).not_to_have_attribute("aria-invalid", "true")
        expect(username).to_have_accessible_description(
            f"Your public link: {live_server}/{new_name}"
        )
        page.get_by_label("Headline").fill("Untangles hard problems")
        page.get_by_role("button", name="Save public profile").click()
        expect(page.get_by_text("Public profile saved.")).to_be_visible()
        public = api.http.get(f"/api/experts/{new_name}").json()
        assert public["headline"] == "Untangles hard problems"
        section_nav(page).get_by_role("link", name="Event types").click()
        expect(page.get_by_role("textbox", name="Public link")).to_have_value(
            f"{live_server}/{new_name}"
        )


def tab_to(page: Page, name: str, limit: int = 80) -> None:
    """Press Tab until the focused element is called `name` (aria-label, label or text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const label = e.labels && e.labels[0];"
            " return (e.getAttribute('aria-label') || (label && label.textContent)"
            " || e.textContent || '').trim(); }"
        )
        if focused == name:
            return
    raise AssertionError(f"{name!r} is not reachable with Tab")


class TestKeyboard:
    def test_the_sections_and_the_helpers_work_with_the_keyboard_only(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Kim Keys")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard")
        expect(page.get_by_role("heading", name="Bookings with me")).to_be_visible()
        tab_to(page, "Availability")
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/expert-dashboard/availability$"))
        tab_to(page, "Weekdays only")
        page.keyboard.press("Enter")
        tab_to(page, "Save availability")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Availability saved.")).to_be_visible()
        weekly = api.http.get("/api/experts/me/availability", headers=api.auth(setup.account))
        assert sorted({r["weekday"] for r in weekly.json()["weekly"]}) == [0, 1, 2, 3, 4]
