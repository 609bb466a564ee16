"""Group sessions in the browser (issue 15): an expert sells seats, a watcher sees them go
live, the expert sees who comes, and a full session offers its waitlist."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, selected_time, time_buttons
from tests.e2e.conftest import Api, ExpertSetup, run_axe
from tests.e2e.mail import links, plain_text, wait_for_email

SEATS = 3


def assert_fits_and_accessible(page: Page, name: str) -> None:
    """No sideways scroll at the page's width, and no serious axe-core violation."""
    width = page.evaluate("() => document.documentElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None and width <= viewport["width"], f"{name} is {width}px wide"
    violations = run_axe(page)
    assert not violations, f"{name}: {violations}"


def create_group_session_in_dashboard(page: Page, screenshot: Callable[[Any, str], Any]) -> None:
    """The expert makes a 3-seat "Workshop" from the dashboard's event type form."""
    page.goto("/expert-dashboard/event-types")
    page.get_by_role("button", name="New event type").click()
    page.get_by_label("Title").fill("Workshop")
    page.get_by_label("Minimum notice").fill("0")
    page.get_by_label("Group session").check()
    seats = page.get_by_label("Seats per session")
    # Too few seats is said in words, beside the field.
    seats.fill("1")
    page.get_by_role("button", name="Create event type").click()
    too_few = page.get_by_text("Enter a whole number of seats from 2 to 500.")
    expect(too_few).to_be_visible()
    expect(seats).to_be_focused()
    seats.fill(str(SEATS))
    expect(too_few).to_have_count(0)
    page.get_by_label("Hold a freed place for").select_option(label="1 hour")
    page.get_by_label("Group session").scroll_into_view_if_needed()
    screenshot(page, "event-type-form-phone")
    assert_fits_and_accessible(page, "the event type form")
    page.get_by_role("button", name="Create event type").click()
    expect(page.get_by_text("“Workshop” was created.")).to_be_visible()
    item = page.locator(".event-type-item").filter(has_text="Workshop")
    expect(item.get_by_text(f"Group session, {SEATS} seats")).to_be_visible()


def workshop_id(api: Api, setup: ExpertSetup) -> str:
    response = api.http.get("/api/event-types", headers=api.auth(setup.account))
    response.raise_for_status()
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    (workshop,) = [e for e in items if e["slug"] == "workshop"]
    assert workshop["seats"] == SEATS
    assert workshop["waitlistHoldMinutes"] == 60
    return str(workshop["id"])


def book_seat(api: Api, event_type_id: str, start: str, n: int) -> dict[str, Any]:
    response = api.http.post(
        "/api/bookings",
        json={
            "eventTypeId": event_type_id,
            "start": start,
            "name": f"Attendee {n}",
            "email": f"attendee-{n}@example.com",
        },
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def first_slot(api: Api, setup: ExpertSetup) -> str:
    """The earliest time the expert's intro call offers, from the slots API."""
    today = date.today()
    response = api.http.get(
        f"/api/experts/{setup.username}/slots",
        params={
            "eventTypeId": setup.event_type["id"],
            "start": (today - timedelta(days=1)).isoformat(),
            "end": (today + timedelta(days=30)).isoformat(),
            "timezone": "Europe/Paris",
        },
    )
    response.raise_for_status()
    return str(next(s["start"] for d in response.json()["days"] for s in d["slots"]))


def open_day_of(page: Page, path: str, start: str) -> None:
    """Open the booking page on the day of `start` (a shared link's `?date=`), whichever
    month the calendar would open on by itself; the page's zone is Europe/Paris, like
    the slots `start` comes from."""
    day = start[:10]
    page.goto(f"{path}?date={day}")
    expect(
        page.get_by_role("heading", name=re.compile(date.fromisoformat(day).strftime("%B %-d, %Y")))
    ).to_be_visible()


def waitlist_link(message: Any) -> str:
    (link,) = [url for url in links(message) if "/waitlist/" in url]
    return link


class TestGroupSession:
    def test_seats_left_drop_live_and_the_expert_sees_who_comes(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Any,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Gwen Group")
        # The expert works on a phone too.
        expert = new_context(session=setup.account, width=390, height=844).new_page()
        create_group_session_in_dashboard(expert, screenshot)
        event_type_id = workshop_id(api, setup)

        # A watcher on a phone opens the workshop and picks the first time.
        watcher = new_context(width=390, height=844).new_page()
        watcher.goto(f"/{setup.username}/workshop")
        expect(watcher.get_by_text(f"Group session, {SEATS} seats")).to_be_visible()
        pick_first_free_day(watcher)
        first = time_buttons(watcher).first
        expect(first).to_contain_text(f"{SEATS} seats left")
        first.click()
        start = selected_time(watcher)
        form = watcher.get_by_role("form", name="Your details")
        expect(form).to_contain_text(f"{SEATS} of {SEATS} seats left")

        # Others take seats through the API: the watcher's page follows without a reload.
        book_seat(api, event_type_id, start, 1)
        expect(first).to_contain_text(f"{SEATS - 1} seats left")
        expect(form).to_contain_text(f"{SEATS - 1} of {SEATS} seats left")
        book_seat(api, event_type_id, start, 2)
        expect(first).to_contain_text("1 seat left")
        expect(first).to_have_attribute("aria-pressed", "true")
        screenshot(watcher, "watcher-one-seat-left")
        assert_fits_and_accessible(watcher, "the public page with seats left")

        # The expert's list names the session's seats and leads to its attendees.
        expert.goto("/expert-dashboard/bookings")
        seats_link = expert.get_by_role("link", name=re.compile("^2 of 3 seats taken")).first
        expect(seats_link).to_be_visible()
        screenshot(expert, "bookings-list-phone")
        seats_link.click()
        expect(expert).to_have_url(re.compile(r"/expert-dashboard/sessions/[0-9a-f-]+$"))
        expect(expert.get_by_role("heading", name="Workshop")).to_be_visible()
        attendees = expert.locator(".attendee")
        expect(attendees).to_have_count(2)
        expect(attendees.nth(0)).to_contain_text("Attendee 1")
        expect(attendees.nth(0)).to_contain_text("attendee-1@example.com")
        expect(attendees.nth(1)).to_contain_text("Attendee 2")
        expect(expert.get_by_text("2 of 3 seats taken")).to_be_visible()

        # The last seat goes: the full session leaves the watcher's times, and they are told.
        book_seat(api, event_type_id, start, 3)
        expect(
            watcher.get_by_text("Every seat of that session was just taken. Pick another time,")
        ).to_be_visible()
        # ... and the full session waits below, for its waitlist.
        full = watcher.get_by_role("list", name=re.compile("^Full times on "))
        expect(full.get_by_role("button", name=re.compile("Full"))).to_have_count(1)
        expect(watcher.get_by_role("form", name="Your details")).to_have_count(0)
        # The expert's open session page follows too.
        expect(attendees).to_have_count(3)
        expect(expert.get_by_text("3 of 3 seats taken")).to_be_visible()

        # The expert cancels the whole session, with a reason every attendee reads.
        screenshot(expert, "session-page-phone")
        assert_fits_and_accessible(expert, "the session page")
        expert.get_by_role("button", name="Cancel the whole session").click()
        dialog = expert.get_by_role("dialog", name="Cancel the whole session?")
        expect(dialog).to_contain_text("All 3 attendees are emailed that it is cancelled.")
        dialog.get_by_label("Reason (optional)").fill("The room is flooded.")
        dialog.get_by_role("button", name="Cancel the session").click()
        expect(
            expert.get_by_text("The session was cancelled. Every attendee was emailed.")
        ).to_be_visible()
        expect(expert.locator(".attendee.is-cancelled")).to_have_count(3)
        expect(expert.get_by_role("button", name="Cancel the whole session")).to_have_count(0)
        for n in (1, 2, 3):
            message = wait_for_email(outbox, f"attendee-{n}@example.com", "Cancelled:")
            assert "The room is flooded." in plain_text(message)
        # Free again: the watcher's page offers the time with every seat.
        expect(time_buttons(watcher).first).to_contain_text(f"{SEATS} seats left")

    def test_a_second_seat_for_the_same_email_is_refused_at_the_email_field(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Gil Group")
        response = api.http.patch(
            f"/api/event-types/{setup.event_type['id']}",
            json={"seats": 5},
            headers=api.auth(setup.account),
        )
        response.raise_for_status()
        page = new_context().new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        book_seat(api, setup.event_type["id"], selected_time(page), 7)
        expect(page.get_by_role("form", name="Your details")).to_contain_text("4 of 5 seats left")
        page.get_by_label("Name").fill("Attendee Again")
        page.get_by_label("Email").fill("attendee-7@example.com")
        page.get_by_role("button", name="Confirm booking").click()
        email = page.get_by_label("Email")
        expect(email).to_have_attribute("aria-invalid", "true")
        expect(email).to_be_focused()
        expect(
            page.get_by_text("This email address already has a seat in this session.")
        ).to_be_visible()


class TestWaitlist:
    def test_a_full_session_offers_its_waitlist_and_the_freed_seat_is_claimed_from_the_email(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Any,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Wanda Wait")
        api.http.patch(
            f"/api/event-types/{setup.event_type['id']}",
            json={"seats": 2},
            headers=api.auth(setup.account),
        ).raise_for_status()
        start = first_slot(api, setup)
        first = book_seat(api, setup.event_type["id"], start, 1)
        book_seat(api, setup.event_type["id"], start, 2)

        # The session is full: its time sits apart, offering the waitlist.
        client = new_context(width=390, height=844).new_page()
        open_day_of(client, f"/{setup.username}/intro-call", start)
        full = client.get_by_role("list", name=re.compile("^Full times on "))
        expect(full.get_by_role("button")).to_have_count(1)
        expect(full.get_by_role("button")).to_contain_text("Full")
        full.get_by_role("button").click()
        heading = client.get_by_role("heading", name="Join the waitlist", exact=True)
        expect(heading).to_be_focused()
        expect(client.get_by_text("Every seat of this session is taken.")).to_be_visible()
        client.get_by_label("Name").fill("Wally Waiter")
        client.get_by_label("Email").fill("wally@example.com")
        screenshot(client, "join-form-phone")
        assert_fits_and_accessible(client, "the waitlist form")
        client.get_by_role("button", name="Join the waitlist").click()

        expect(client.get_by_role("heading", name="You're on the waitlist")).to_be_visible()
        expect(client).to_have_url(re.compile(r"/waitlist/[0-9a-f-]+\?token=[^&]+$"))
        expect(client.get_by_text("You are number 1 in line.")).to_be_visible()
        private = client.get_by_label("Private link to your place on the waitlist")
        expect(private).to_have_value(client.url)
        screenshot(client, "joined-phone")
        assert_fits_and_accessible(client, "the waitlist page")
        joined = wait_for_email(outbox, "wally@example.com", "On the waitlist:")
        assert waitlist_link(joined) == client.url

        # A seat frees: the first in line is offered it by email, and claims it in one click.
        cancelled = api.http.patch(
            f"/api/bookings/{first['id']}",
            params={"token": first["manageToken"]},
            json={"status": "cancelled"},
        )
        assert cancelled.status_code == 200, cancelled.text
        offer = wait_for_email(outbox, "wally@example.com", "A place opened:")
        claimer = new_context(width=390, height=844, timezone_id="America/New_York").new_page()
        claimer.goto(waitlist_link(offer))
        expect(claimer.get_by_role("heading", name="A place opened up for you")).to_be_visible()
        # The deadline is told in the viewer's own zone.
        expect(
            claimer.get_by_text(re.compile(r"held for you until .*America/New York"))
        ).to_be_visible()
        screenshot(claimer, "offered-phone")
        assert_fits_and_accessible(claimer, "the offered place")
        claimer.get_by_role("button", name="Claim your place").click()

        expect(claimer.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(claimer).to_have_url(re.compile(r"/bookings/[0-9a-f-]+\?token=[^&]+$"))
        expect(claimer.get_by_text("A group session: you have one of its 2 seats.")).to_be_visible()
        manage = claimer.get_by_label("Private link to manage your booking").input_value()
        assert manage == claimer.url
        # The waitlist link now says the place was claimed.
        claimer.goto(waitlist_link(offer))
        expect(claimer.get_by_role("heading", name="You claimed your place")).to_be_visible()

    def test_a_taken_time_offers_its_waitlist_and_the_client_leaves_it(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Lena Line")
        start = first_slot(api, setup)
        assert api.book(setup.event_type["id"], start).status_code == 201
        page = new_context().new_page()
        open_day_of(page, f"/{setup.username}/intro-call", start)
        page.get_by_role("list", name=re.compile("^Full times on ")).get_by_role("button").click()
        expect(page.get_by_text("Someone else has booked this time.")).to_be_visible()
        page.get_by_label("Name").fill("Lee Leaver")
        page.get_by_label("Email").fill("lee@example.com")
        page.get_by_role("button", name="Join the waitlist").click()
        expect(page.get_by_role("heading", name="You're on the waitlist")).to_be_visible()
        page.get_by_role("button", name="Leave the waitlist").click()
        expect(page.get_by_role("heading", name="You left the waitlist")).to_be_visible()
        expect(page.get_by_text("You're no longer in line for this time.")).to_be_visible()
        expect(page.get_by_role("button", name="Leave the waitlist")).to_have_count(0)

    def test_a_time_that_frees_up_before_joining_is_offered_for_booking_instead(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Fay Freed")
        start = first_slot(api, setup)
        taken = api.book(setup.event_type["id"], start)
        assert taken.status_code == 201, taken.text
        page = new_context().new_page()
        open_day_of(page, f"/{setup.username}/intro-call", start)
        page.get_by_role("list", name=re.compile("^Full times on ")).get_by_role("button").click()
        page.get_by_label("Name").fill("Fay Fast")
        page.get_by_label("Email").fill("fay@example.com")
        # The booking is cancelled while the form is open, with no one in line for it.
        booking = taken.json()
        cancelled = api.http.patch(
            f"/api/bookings/{booking['id']}",
            params={"token": booking["manageToken"]},
            json={"status": "cancelled"},
        )
        assert cancelled.status_code == 200, cancelled.text
        expect(page.get_by_role("list", name=re.compile("^Full times on "))).to_have_count(0)
        page.get_by_role("button", name="Join the waitlist").click()

        expect(page.get_by_text("Good news: that time is free now. Book it below.")).to_be_visible()
        form = page.get_by_role("form", name="Your details")
        expect(form.get_by_label("Name")).to_have_value("Fay Fast")
        assert selected_time(page) == start
        form.get_by_role("button", name="Confirm booking").click()
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/bookings/[0-9a-f-]+\?token=[^&]+$"))
