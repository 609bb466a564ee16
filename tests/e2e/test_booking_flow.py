"""The public booking flow (issue 11 §3): focus after a time, the opening month, the time-zone
combobox, the times on a phone, and the confirmation's links."""

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, quote, urlparse

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, selected_time, time_buttons
from tests.e2e.conftest import MIN_NOTICE_MINUTES, Api, ExpertSetup


def event_type(api: Api, setup: ExpertSetup, slug: str, location: dict[str, Any]) -> None:
    response = api.http.post(
        "/api/event-types",
        json={
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "durationMinutes": 30,
            "minNoticeMinutes": MIN_NOTICE_MINUTES,
            "maxDaysAhead": 120,
            "location": location,
        },
        headers=api.auth(setup.account),
    )
    response.raise_for_status()


def book_as_guest(page: Page, path: str) -> str:
    page.goto(path)
    pick_first_free_day(page)
    time_buttons(page).first.click()
    start = selected_time(page)
    page.get_by_label("Name").fill("Flo Flow")
    page.get_by_label("Email").fill("flo@example.com")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
    return start


class TestPickingATime:
    def test_focus_moves_to_the_form_and_the_next_tab_is_the_name(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        page = new_context().new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.focus()
        page.keyboard.press("Enter")
        heading = page.get_by_role("heading", name="Your details")
        expect(heading).to_be_focused()
        expect(heading).to_be_in_viewport()
        page.keyboard.press("Tab")
        expect(page.get_by_label("Name")).to_be_focused()

    def test_the_calendar_opens_on_the_first_month_with_a_free_day(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        # No weekly hours; one free morning in a later month, inside the 60-day window.
        free = date.today() + timedelta(days=40)
        response = api.http.put(
            "/api/experts/me/availability",
            json={
                "timezone": "Europe/Paris",
                "weekly": [],
                "overrides": [
                    {"date": free.isoformat(), "intervals": [{"start": "09:00", "end": "10:00"}]}
                ],
            },
            headers=api.auth(setup.account),
        )
        response.raise_for_status()
        page = new_context(timezone_id="Europe/Paris").new_page()
        page.goto(f"/{setup.username}/intro-call")
        expect(page.get_by_role("grid", name=free.strftime("%B %Y"))).to_be_visible()
        day = page.get_by_role("button", name=re.compile(free.strftime("%B %-d, %Y")))
        expect(day).to_be_enabled()
        day.click()
        expect(time_buttons(page)).to_have_count(2)

    def test_on_a_phone_the_page_scrolls_not_a_box_of_times(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        api.http.patch(
            f"/api/event-types/{setup.event_type['id']}",
            json={"durationMinutes": 15},
            headers=api.auth(setup.account),
        ).raise_for_status()
        page = new_context(width=375, height=740).new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        times = page.locator(".times")
        expect(times).to_be_visible()
        box = times.evaluate(
            "el => ({ overflow: getComputedStyle(el).overflowY,"
            " scroll: el.scrollHeight, client: el.clientHeight })"
        )
        assert box["overflow"] == "visible", box
        assert box["scroll"] <= box["client"], f"the times are cut off inside a box: {box}"
        time_buttons(page).last.scroll_into_view_if_needed()
        expect(time_buttons(page).last).to_be_in_viewport()


class TestTimeZonePicker:
    def test_searching_by_city_abbreviation_and_offset_with_the_keyboard(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        page = new_context(timezone_id="Asia/Calcutta").new_page()
        page.goto(f"/{setup.username}/intro-call")
        box = page.get_by_role("combobox", name="Time zone")
        # The browser's zone, under its current name.
        expect(box).to_have_value("Asia/Kolkata")
        box.focus()
        page.keyboard.press("ArrowDown")
        expect(box).to_have_attribute("aria-expanded", "true")
        listbox = page.get_by_role("listbox")
        expect(listbox.get_by_role("option").first).to_contain_text("Asia/Kolkata")
        expect(listbox.get_by_role("option", name=re.compile("Calcutta"))).to_have_count(0)
        page.keyboard.press("Escape")

        for query, zone in [
            ("Berlin", "Europe/Berlin"),
            ("EST", "America/New_York"),
            ("Kyiv", "Europe/Kyiv"),
            ("Ho Chi", "Asia/Ho_Chi_Minh"),
        ]:
            # Typed key by key, as a person does: none may be lost while the list renders.
            box.fill("")
            page.keyboard.type(query)
            expect(box).to_have_value(query)
            expect(listbox.get_by_role("option").first).to_contain_text(zone.replace("_", " "))
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            expect(box).to_have_value(zone.replace("_", " "))
            expect(box).to_have_attribute("aria-expanded", "false")
            expect(page).to_have_url(re.compile(f"[?&]tz={re.escape(quote(zone, safe=''))}(&|$)"))

        box.fill("+05:30")
        options = listbox.get_by_role("option")
        expect(options).to_have_count(2)
        expect(options.filter(has_text="Asia/Kolkata")).to_have_count(1)
        box.fill("Atlantis")
        expect(page.get_by_text("No time zone matches “Atlantis”.")).to_be_visible()
        page.keyboard.press("Tab")
        # Leaving without choosing keeps the zone that was chosen.
        expect(box).to_have_value("Asia/Ho Chi Minh")


class TestConfirmation:
    def test_a_zoom_session_shows_only_its_zoom_link_and_calendar_links(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        event_type(api, setup, "zoom-call", {"kind": "zoom"})
        page = new_context().new_page()
        start = book_as_guest(page, f"/{setup.username}/zoom-call")
        join = page.get_by_role("link", name=re.compile("Join Meeting"))
        expect(join).to_have_attribute("href", re.compile(r"^https://zoom\.us/j/\d+$"))
        expect(page.locator("a[href*='meet.google.com']")).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile(r"^zoom\.us\/j\/"))).to_have_count(1)

        begins = datetime.fromisoformat(start)
        google = page.get_by_role("link", name=re.compile("Add to Google Calendar"))
        href = google.get_attribute("href") or ""
        query = parse_qs(urlparse(href).query)
        assert href.startswith("https://calendar.google.com/calendar/render?")
        assert query["action"] == ["TEMPLATE"]
        assert query["text"] == [f"Zoom call with {setup.account.user['name']}"]
        first, _, last = query["dates"][0].partition("/")
        assert datetime.strptime(first, "%Y%m%dT%H%M%S%z") == begins
        assert datetime.strptime(last, "%Y%m%dT%H%M%S%z") == begins + timedelta(minutes=30)
        assert query["location"][0].startswith("https://zoom.us/j/")
        outlook = page.get_by_role("link", name=re.compile("Outlook"))
        href = outlook.get_attribute("href") or ""
        assert href.startswith("https://outlook.live.com/calendar/0/deeplink/compose?")
        assert datetime.fromisoformat(parse_qs(urlparse(href).query)["startdt"][0]) == begins
        expect(outlook).to_have_attribute("target", "_blank")
        expect(page.get_by_role("button", name="Add to Calendar")).to_be_visible()

    def test_a_new_event_type_meets_on_jitsi_with_one_working_link(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        response = api.http.post(
            "/api/event-types",
            json={"title": "Default place", "slug": "default-place", "durationMinutes": 30},
            headers=api.auth(setup.account),
        )
        response.raise_for_status()
        page = new_context().new_page()
        page.goto(f"/{setup.username}")
        expect(page.locator(".type-card", has_text="Default place")).to_contain_text("Jitsi Meet")
        book_as_guest(page, f"/{setup.username}/default-place")
        join = page.get_by_role("link", name=re.compile("Join Meeting"))
        expect(join).to_have_attribute("href", re.compile(r"^https://meet\.jit\.si/\S+$"))
        expect(page.locator("a[href*='meet.google.com'], a[href*='zoom.us']")).to_have_count(0)
        expect(page.locator("a[href^='https://meet.jit.si/']")).to_have_count(2)  # row + button
        expect(page.get_by_text("Jitsi Meet", exact=True)).to_be_visible()

    def test_a_phone_session_has_no_join_link(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        event_type(api, setup, "phone-call", {"kind": "phone", "details": "+33 1 23 45 67 89"})
        page = new_context().new_page()
        book_as_guest(page, f"/{setup.username}/phone-call")
        expect(page.get_by_role("link", name=re.compile("Join Meeting"))).to_have_count(0)
        expect(page.locator("a[href*='meet.google.com'], a[href*='zoom.us']")).to_have_count(0)
        expect(page.get_by_text("Phone call — +33 1 23 45 67 89")).to_be_visible()
        expect(page.get_by_role("link", name=re.compile("Add to Google Calendar"))).to_be_visible()
