"""The web app in a real Chromium: the seed journey across several people, and each screen."""

import re
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import icalendar
from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import (
    FREE_DAY,
    choose_time_zone,
    pick_first_free_day,
    selected_time,
    time_buttons,
)
from tests.e2e.conftest import Api, run_axe

TAKEN_MESSAGE = "That time was just taken — please pick another"


def register_in_ui(page: Page, name: str) -> str:
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    page.goto("/register")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    return email


def no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None and width <= viewport["width"], f"page is {width}px wide"


class TestSeedJourney:
    def test_expert_and_client_book_cancel_and_watch_live(
        self, new_context: Callable[..., Any], screenshot: Callable[[Any, str], Any]
    ) -> None:
        # The expert signs up, becomes an expert and publishes an event type, in Paris.
        expert = new_context(timezone_id="Europe/Paris").new_page()
        register_in_ui(expert, "Erin Expert")
        username = f"erin-{uuid.uuid4().hex[:8]}"
        expert.get_by_label("Username").fill(username)
        expect(expert.get_by_label("Time zone")).to_have_value("Europe/Paris")
        expert.get_by_role("button", name="Become an Expert").click()
        nav = expert.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Expert Dashboard")).to_be_visible()
        nav.get_by_role("link", name="Expert Dashboard").click()
        expect(expert.get_by_role("heading", name="Expert Dashboard")).to_be_visible()
        sections = expert.get_by_role("navigation", name="Dashboard sections")
        sections.get_by_role("link", name="Event types").click()
        expert.get_by_role("button", name="New event type").click()
        expert.get_by_label("Title").fill("Intro call")
        expect(expert.get_by_label("Slug")).to_have_value("intro-call")
        expert.get_by_label("Minimum notice").fill("0")
        expert.get_by_role("button", name="Create event type").click()
        expect(expert.get_by_text("“Intro call” was created.")).to_be_visible()
        link = expert.get_by_role("textbox", name="Public link").input_value()
        assert link.endswith(f"/{username}")
        screenshot(expert, "1-expert-dashboard")

        # The client, in New York, has an account and opens the public link.
        client_context = new_context(timezone_id="America/New_York")
        client = client_context.new_page()
        register_in_ui(client, "Carl Client")
        client.goto(f"/{username}")
        expect(client.get_by_role("heading", name="Erin Expert")).to_be_visible()
        client.get_by_role("link", name="Intro call").click()
        expect(client.get_by_label("Time zone")).to_have_value("America/New York")
        pick_first_free_day(client)
        screenshot(client, "2-client-calendar")

        # A third person watches the same day, in the same zone.
        watcher = new_context(timezone_id="America/New_York").new_page()
        watcher.goto(client.url)
        expect(time_buttons(watcher).first).to_be_visible()

        time_buttons(client).first.click()
        start = selected_time(client)
        label = time_buttons(client).first.inner_text()
        expect(client.get_by_label("Name")).to_have_value("Carl Client")  # prefilled
        client.get_by_label("Phone").fill("+1 212 555 0100")
        client.get_by_label("Notes").fill("Looking forward to it")
        expect(watcher.get_by_role("button", name=label, exact=True)).to_be_visible()
        client.get_by_role("button", name="Confirm booking").click()

        # Confirmation: both zones, meeting link, calendar file.
        expect(client.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(client.get_by_text("America/New York")).to_be_visible()
        expect(client.get_by_text("Europe/Paris")).to_be_visible()
        join = client.get_by_role("link", name=re.compile("Join Meeting"))
        # New event types meet on Jitsi: a real room, no account needed.
        expect(join).to_have_attribute("href", re.compile(r"^https://meet\.jit\.si/ExpertBook-"))
        expect(join).to_have_attribute("target", "_blank")
        screenshot(client, "3-client-confirmation")
        with client.expect_download() as download_info:
            client.get_by_role("button", name="Add to Calendar").click()
        path = download_info.value.path()
        calendar = icalendar.Calendar.from_ical(path.read_bytes())
        events = [c for c in calendar.walk("VEVENT")]
        assert len(events) == 1
        assert events[0].decoded("dtstart") == datetime.fromisoformat(start)
        assert "Intro call" in str(events[0].get("summary"))

        # The booked time vanished live for the watcher…
        expect(watcher.get_by_role("button", name=label, exact=True)).to_have_count(0)
        screenshot(watcher, "4-watcher-time-gone")
        # …and the expert's open dashboard shows the booking without a reload.
        expect(expert.get_by_text("New booking: Carl Client")).to_be_visible()
        sections.get_by_role("link", name="Bookings").click()
        bookings = expert.locator(
            "section", has=expert.get_by_role("heading", name="Bookings with me")
        )
        expect(bookings.get_by_role("link", name="Intro call", exact=True).first).to_be_visible()
        expect(bookings.get_by_text("Looking forward to it")).to_be_visible()
        screenshot(expert, "5-expert-new-booking")

        # The client cancels from My bookings; the expert sees it without a reload.
        client.get_by_role("link", name="My bookings").click()
        expect(client.get_by_role("tab", name="Upcoming")).to_have_attribute(
            "aria-selected", "true"
        )
        row = client.locator(".booking-card").filter(has_text="Intro call")
        expect(row).to_have_count(1)
        row.get_by_role("button", name=re.compile("^Cancel")).click()
        dialog = client.get_by_role("dialog", name="Cancel this booking?")
        dialog.get_by_label("Reason").fill("Something came up")
        screenshot(client, "6-client-cancel-dialog")
        dialog.get_by_role("button", name="Cancel booking").click()
        expect(dialog).to_be_hidden()
        expect(client.get_by_text("The booking was cancelled.")).to_be_visible()
        expect(expert.get_by_text("Booking cancelled: Carl Client")).to_be_visible()
        # It leaves the upcoming bookings, live, for the cancelled ones.
        expect(bookings.get_by_text("Looking forward to it")).to_have_count(0)
        bookings.get_by_role("tab", name="Cancelled").click()
        expect(bookings.get_by_text("Looking forward to it")).to_be_visible()
        expect(expert.locator(".badge-cancelled").first).to_be_visible()
        screenshot(expert, "7-expert-sees-cancel")
        # The freed time comes back for the watcher, live.
        expect(watcher.get_by_role("button", name=label, exact=True)).to_be_visible()


class TestSession:
    def test_session_is_restored_after_reload(self, new_context: Callable[..., Any]) -> None:
        page = new_context().new_page()
        register_in_ui(page, "Reload Person")
        page.reload()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_text("Reload Person")).to_be_visible()
        expect(nav.get_by_role("button", name="Log out")).to_be_visible()
        page.goto("/my-bookings")
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()

    def test_a_rejected_token_ends_the_session(self, new_context: Callable[..., Any]) -> None:
        page = new_context().new_page()
        register_in_ui(page, "Stale Person")
        page.evaluate(
            """() => {
              const saved = JSON.parse(localStorage.getItem('expertbook-auth'));
              saved.state.token = 'not-a-valid-token';
              localStorage.setItem('expertbook-auth', JSON.stringify(saved));
            }"""
        )
        page.goto("/my-bookings")
        expect(page).to_have_url(re.compile(r"/login"))
        expect(page.get_by_text("Your session has ended")).to_be_visible()
        assert '"token":null' in (
            page.evaluate("() => localStorage.getItem('expertbook-auth')") or ""
        )

    def test_log_out_and_errors_next_to_fields(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        taken = api.register("Taken Email")
        page = new_context().new_page()
        page.goto("/register")
        page.get_by_label("Name").fill("Someone")
        page.get_by_label("Email").fill(taken.email)
        page.get_by_label("Password").fill("correct horse battery")
        page.get_by_role("button", name="Create account").click()
        email_error = page.locator(".field", has=page.get_by_label("Email")).locator(".field-error")
        expect(email_error).to_be_visible()
        expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")

        page.goto("/login")
        page.get_by_label("Email").fill(taken.email)
        page.get_by_label("Password").fill("wrong password!")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_be_visible()
        page.get_by_label("Password").fill(taken.password)
        page.get_by_role("button", name="Log in").click()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_text("Taken Email")).to_be_visible()
        token = page.evaluate(
            "() => JSON.parse(localStorage.getItem('expertbook-auth')).state.token"
        )
        nav.get_by_role("button", name="Log out").click()
        expect(page).to_have_url(re.compile(r"/login"))
        expect(nav.get_by_role("link", name="Log in")).to_be_visible()
        # Logged out on the server too: a copy of the token no longer works.
        me = api.http.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 401


class TestAccessRules:
    def test_non_expert_is_redirected_from_the_dashboard(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        account = api.register("Nora Nonexpert")
        page = new_context(session=account).new_page()
        page.goto("/expert-dashboard")
        expect(page).to_have_url(re.compile(r"/profile$"))
        expect(page.get_by_text("The Expert Dashboard is for experts")).to_be_visible()
        expect(page.get_by_role("link", name="Expert Dashboard")).to_have_count(0)
        screenshot(page, "redirected")

    def test_logged_out_visitor_is_sent_to_log_in_and_back(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Back Again")
        page = new_context().new_page()
        page.goto("/my-bookings")
        expect(page).to_have_url(re.compile(r"/login\?next="))
        page.get_by_label("Email").fill(account.email)
        page.get_by_label("Password").fill(account.password)
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/my-bookings$"))

    def test_unknown_pages_and_usernames_get_a_helpful_404(
        self, new_context: Callable[..., Any], screenshot: Callable[[Any, str], Any]
    ) -> None:
        page = new_context().new_page()
        page.goto("/no-such-expert-here")
        expect(page.get_by_role("heading", name="We couldn't find that expert")).to_be_visible()
        expect(page.get_by_role("link", name="Go to the home page")).to_be_visible()
        page.goto("/a/b/c")
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        screenshot(page, "not-found")


class TestBookingRaces:
    def test_a_time_taken_meanwhile_gets_409_and_fresh_times(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert()
        context = new_context(timezone_id="Asia/Tokyo")
        page = context.new_page()
        # No live updates on this page, so the stale time is still there when it submits.
        page.route_web_socket(re.compile(r"/socket\.io/"), lambda ws: ws.close())
        page.route(re.compile(r"/socket\.io/"), lambda route: route.abort())
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        start = selected_time(page)
        label = time_buttons(page).first.inner_text()
        page.get_by_label("Name").fill("Late Comer")
        page.get_by_label("Email").fill("late@example.com")

        assert api.book(setup.event_type["id"], start).status_code == 201
        with page.expect_response(
            lambda r: r.url.endswith("/api/bookings") and r.request.method == "POST"
        ) as answer:
            page.get_by_role("button", name="Confirm booking").click()
        assert answer.value.status == 409
        expect(page.get_by_text(TAKEN_MESSAGE)).to_be_visible()
        expect(page.get_by_role("button", name="Confirm booking")).to_have_count(0)
        expect(page.get_by_role("button", name=label, exact=True)).to_have_count(0)
        assert "time=" not in page.url
        screenshot(page, "slot-taken")

    def test_the_selection_lives_in_a_shareable_url(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        page = new_context(timezone_id="Asia/Kolkata").new_page()
        page.goto(f"/expert/{setup.expert_id}")
        page.get_by_role("link", name="Intro call").click()
        choose_time_zone(page, "Auckland", "Pacific/Auckland")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        query = parse_qs(urlparse(page.url).query)
        assert query["type"] == ["intro-call"] and query["tz"] == ["Pacific/Auckland"]
        assert "+13:00" in query["time"][0] or "+12:00" in query["time"][0]
        shared = new_context(timezone_id="Europe/London").new_page()
        shared.goto(page.url)
        expect(shared.get_by_label("Time zone")).to_have_value("Pacific/Auckland")
        expect(shared.get_by_role("button", name="Confirm booking")).to_be_visible()
        expect(shared.locator(".time-button[aria-pressed=true]")).to_have_count(1)
        shared.get_by_role("button", name="24-hour").click()
        expect(shared.locator(".time-button").first).to_have_text(re.compile(r"^\d\d:\d\d$"))


class TestKeyboard:
    def test_a_guest_books_with_the_keyboard_only(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert()
        page = new_context(timezone_id="Europe/Berlin").new_page()
        page.goto(f"/{setup.username}")
        expect(page.get_by_role("link", name="Intro call")).to_be_visible()

        def tab_to(description: str, matches: str, limit: int = 80) -> None:
            for _ in range(limit):
                page.keyboard.press("Tab")
                if page.evaluate(
                    f"() => {{ const el = document.activeElement; return !!el && ({matches}); }}"
                ):
                    return
            raise AssertionError(f"Tab never reached {description}")

        tab_to("the event type link", "el.tagName === 'A' && el.textContent.includes('Intro call')")
        page.keyboard.press("Enter")
        expect(page.get_by_role("grid")).to_be_visible()
        expect(page.locator(".calendar-footer")).not_to_have_text("Loading free times…")
        if page.locator(FREE_DAY).count() == 0:
            tab_to("next month", "el.getAttribute('aria-label') === 'Go to the Next Month'")
            page.keyboard.press("Enter")
            expect(page.locator(FREE_DAY).first).to_be_visible()
        tab_to("a day of the calendar", "el.closest('.rdp-day') !== null")
        page.keyboard.press("Enter")
        tab_to("a free time", "el.classList.contains('time-button')")
        page.keyboard.press("Enter")
        expect(page.get_by_role("button", name="Confirm booking")).to_be_visible()
        tab_to(
            "the Name field",
            "el.id && document.querySelector(`label[for='${el.id}']`)?.textContent === 'Name'",
        )
        page.keyboard.type("Kim Keyboard")
        page.keyboard.press("Tab")
        page.keyboard.type("kim@example.com")
        tab_to("the confirm button", "el.textContent === 'Confirm booking'")
        screenshot(page, "focus-on-confirm")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused button shows no focus ring"
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(page.get_by_label("Private link to manage your booking")).to_have_value(
            re.compile(r"/bookings/[0-9a-f-]+\?token=")
        )


class TestGuestManageLink:
    def test_a_guest_reschedules_and_cancels_from_the_private_link(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert()
        page = new_context(timezone_id="America/Sao_Paulo").new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        page.get_by_label("Name").fill("Gina Guest")
        page.get_by_label("Email").fill("gina@example.com")
        page.get_by_role("button", name="Confirm booking").click()
        manage = page.get_by_label("Private link to manage your booking").input_value()

        other = new_context(timezone_id="America/Sao_Paulo").new_page()
        other.goto(manage)
        expect(other.get_by_role("heading", name="Booking details")).to_be_visible()
        other.get_by_role("button", name="Reschedule").click()
        dialog = other.get_by_role("dialog")
        expect(dialog).to_be_visible()
        pick_first_free_day(other)
        dialog.locator(".time-button").last.click()
        screenshot(other, "reschedule-dialog")
        dialog.get_by_role("button", name="Confirm new time").click()
        expect(other.get_by_text(re.compile("^Rescheduled to"))).to_be_visible()

        other.get_by_role("button", name="Cancel").click()
        other.get_by_role("dialog").get_by_role("button", name="Cancel booking").click()
        expect(other.locator(".badge-cancelled")).to_be_visible()
        expect(other.get_by_role("button", name="Reschedule")).to_have_count(0)

        stranger = new_context().new_page()
        stranger.goto(manage.split("?")[0] + "?token=wrong")
        expect(
            stranger.get_by_role("heading", name="We couldn't find that booking")
        ).to_be_visible()


class TestAccessibility:
    def test_no_serious_axe_violations_on_any_screen(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Axel Expert")
        api.book(setup.event_type["id"], _first_slot(api, setup), email="booker@example.com")
        client = api.register("Cleo Client")
        found: dict[str, list[dict[str, Any]]] = {}

        def check(page: Page, name: str) -> None:
            page.wait_for_load_state("networkidle")
            violations = run_axe(page)
            if violations:
                found[name] = violations

        guest = new_context().new_page()
        for path, name in [
            ("/", "home"),
            ("/register", "register"),
            ("/login", "login"),
            ("/nope/x/y", "404"),
        ]:
            guest.goto(path)
            check(guest, name)
        guest.goto(f"/{setup.username}")
        check(guest, "public")
        guest.get_by_role("link", name="Intro call").click()
        pick_first_free_day(guest)
        time_buttons(guest).first.click()
        check(guest, "booking-form")
        guest.get_by_label("Name").fill("Gus Guest")
        guest.get_by_label("Email").fill("gus@example.com")
        guest.get_by_role("button", name="Confirm booking").click()
        expect(guest.get_by_role("heading", name="You're booked!")).to_be_visible()
        check(guest, "confirmation")
        guest.get_by_role("button", name="Cancel").click()
        check(guest, "cancel-dialog")

        expert = new_context(session=setup.account).new_page()
        expert.goto("/expert-dashboard")
        expect(expert.get_by_role("heading", name="Bookings with me")).to_be_visible()
        check(expert, "dashboard")
        expert.goto("/expert-dashboard/event-types")
        expert.get_by_role("button", name="New event type").click()
        check(expert, "dashboard-event-types")
        expert.goto("/my-bookings")
        check(expert, "my-bookings")
        expert.goto("/profile")
        check(expert, "profile-expert")

        member = new_context(session=client).new_page()
        member.goto("/profile")
        check(member, "profile")
        assert not found, f"serious or critical axe violations: {found}"

    def test_screens_fit_a_phone(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Pia Phone")
        phone = new_context(width=375, height=740, session=setup.account).new_page()
        phone.goto("/expert-dashboard/availability")
        expect(phone.get_by_role("heading", name="Availability")).to_be_visible()
        no_horizontal_scroll(phone)
        screenshot(phone, "dashboard")
        phone.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(phone)
        time_buttons(phone).first.click()
        expect(phone.get_by_role("button", name="Confirm booking")).to_be_visible()
        no_horizontal_scroll(phone)
        screenshot(phone, "booking")
        phone.goto("/my-bookings")
        expect(phone.get_by_role("tab", name="Past")).to_be_visible()
        no_horizontal_scroll(phone)


class TestReconnecting:
    def test_after_a_lost_connection_the_dashboard_catches_up(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        # Socket.IO delivers at most once: what is sent while a connection is failing is
        # never sent again, so the app must refetch what it shows when it reconnects.
        setup = api.expert()
        page = new_context(session=setup.account).new_page()
        passing = True  # whether the server's messages reach the page
        links: list[tuple[Any, Any]] = []

        def relay(browser_side: Any) -> None:
            server_side = browser_side.connect_to_server()
            server_side.on_message(lambda message: passing and browser_side.send(message))
            browser_side.on_message(server_side.send)
            links.append((browser_side, server_side))

        page.route_web_socket(re.compile(r"/socket\.io/"), relay)
        page.goto("/expert-dashboard")
        bookings = page.locator("section", has=page.get_by_role("heading", name="Bookings with me"))
        expect(bookings.get_by_text("No upcoming bookings yet")).to_be_visible()
        for _ in range(100):  # the socket opens after the first render
            if links:
                break
            page.wait_for_timeout(100)
        page.wait_for_timeout(500)  # and has joined its rooms
        assert len(links) == 1

        passing = False  # the connection silently loses what the server sends
        response = api.book(setup.event_type["id"], _first_slot(api, setup), email="gap@x.org")
        assert response.status_code == 201
        page.wait_for_timeout(1500)
        expect(bookings.get_by_text("No upcoming bookings yet")).to_be_visible()  # missed

        passing = True  # the broken connection closes; socket.io reconnects, the app refetches
        for browser_side, server_side in links:
            server_side.close()
            browser_side.close()
        expect(bookings.get_by_text("gap@x.org")).to_be_visible()
        assert len(links) > 1  # it came through a new connection


def _first_slot(api: Api, setup: Any) -> str:
    from datetime import date, timedelta

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
    for day in response.json()["days"]:
        if day["slots"]:
            return str(day["slots"][0]["start"])
    raise AssertionError("the expert has no free slot in two weeks")
