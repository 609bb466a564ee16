"""Group sessions in the browser (issue 15): an expert sells seats, a watcher sees them go
live, the expert sees who comes, and a full session offers its waitlist."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, selected_time, time_buttons
from tests.e2e.conftest import Api, ExpertSetup
from tests.e2e.mail import plain_text, wait_for_email

SEATS = 3


def create_group_session_in_dashboard(page: Page) -> None:
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
    expect(page.get_by_text("Enter a whole number of seats from 2 to 500.")).to_be_visible()
    seats.fill(str(SEATS))
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
    return str(workshop["id"])


def book_seat(api: Api, event_type_id: str, start: str, n: int) -> None:
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


class TestGroupSession:
    def test_seats_left_drop_live_and_the_expert_sees_who_comes(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Any,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Gwen Group")
        expert = new_context(session=setup.account).new_page()
        create_group_session_in_dashboard(expert)
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

        # The expert's list names the session's seats and leads to its attendees.
        expert.goto("/expert-dashboard/bookings")
        seats_link = expert.get_by_role("link", name=re.compile("^2 of 3 seats taken")).first
        expect(seats_link).to_be_visible()
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
            watcher.get_by_text("Every seat of that session was just taken — please pick another")
        ).to_be_visible()
        expect(watcher.get_by_role("form", name="Your details")).to_have_count(0)
        # The expert's open session page follows too.
        expect(attendees).to_have_count(3)
        expect(expert.get_by_text("3 of 3 seats taken")).to_be_visible()

        # The expert cancels the whole session, with a reason every attendee reads.
        expert.set_viewport_size({"width": 390, "height": 844})
        screenshot(expert, "session-page-phone")
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
