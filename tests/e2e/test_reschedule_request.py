"""Request reschedule: the expert cancels a booking and asks the client to book another time.
The client's email links to the event type's page with their name and email filled in, and
their manage link says who asked them and why."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api, ExpertSetup, run_axe
from tests.e2e.mail import links, plain_text, wait_for_email
from tests.e2e.test_dashboard import book, free_slots
from tests.e2e.test_language import pick_first_free_day_in_german
from tests.e2e.test_web_app import no_horizontal_scroll

PHONE = {"width": 390, "height": 844}
REASON = "I am ill that day, sorry"
Shot = Callable[[Any, str], Path]


def ask_to_rebook(api: Api, setup: ExpertSetup, booking: dict[str, Any]) -> None:
    response = api.http.patch(
        f"/api/bookings/{booking['id']}",
        json={"status": "cancelled", "reason": REASON, "rescheduleRequested": True},
        headers=api.auth(setup.account),
    )
    assert response.status_code == 200, response.text


def manage_path(booking: dict[str, Any]) -> str:
    return f"/bookings/{booking['id']}?token={booking['manageToken']}"


def assert_prefilled_link(
    href: str | None, setup: ExpertSetup, email: str, name: str = "Someone Else"
) -> None:
    assert href is not None
    url = urlparse(href)
    assert url.path == f"/{setup.username}/intro-call"
    assert parse_qs(url.query) == {"name": [name], "email": [email]}


class TestRescheduleRequest:
    def test_the_expert_asks_and_the_guest_books_another_time_from_the_email(
        self, new_context: Callable[..., Any], api: Api, outbox: Path, screenshot: Shot
    ) -> None:
        setup = api.expert("Rhea Rebook")
        email = "rebook-guest@example.com"
        (start,) = free_slots(api, setup, 1)
        booking = book(api, setup, start, email)

        expert = new_context(session=setup.account, **PHONE).new_page()
        expert.goto("/expert-dashboard/bookings")
        panel = expert.get_by_role("tabpanel")
        card = panel.locator(".booking-card").filter(has_text=email)
        ask = card.get_by_role("button", name=re.compile(r"^Ask to reschedule \("))
        no_horizontal_scroll(expert)
        screenshot(expert, "upcoming")
        ask.click()
        dialog = expert.get_by_role("dialog", name="Ask Someone Else to book another time?")
        expect(dialog).to_contain_text(
            "The booking is cancelled and its time is freed. Someone Else gets an email with a "
            "link to book another time."
        )
        no_horizontal_scroll(expert)
        assert not run_axe(expert)
        screenshot(expert, "dialog")
        # Escape keeps the booking; the dialog opens again, and is confirmed, by keyboard.
        expert.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        ask.focus()
        expert.keyboard.press("Enter")
        expect(dialog.get_by_label("Reason (optional)")).to_be_focused()
        expert.keyboard.type(REASON)
        expert.keyboard.press("Tab")
        expect(dialog.get_by_role("button", name="Ask to reschedule")).to_be_focused()
        expert.keyboard.press("Enter")
        expect(dialog).to_be_hidden()
        expect(card).to_have_count(0)
        expert.get_by_role("tab", name="Cancelled").click()
        expect(card).to_contain_text(f"You asked Someone Else to book another time: “{REASON}”")
        screenshot(expert, "cancelled-list")
        saved = api.http.get(f"/api/bookings/{booking['id']}", headers=api.auth(setup.account))
        assert saved.json()["status"] == "cancelled"
        assert saved.json()["cancelledBy"] == "expert"
        assert saved.json()["rescheduleRequested"] is True
        # The expert's own page of the booking says whom they asked; the link is the client's.
        expert.goto(f"/bookings/{booking['id']}")
        expect(expert.get_by_role("status").filter(has_text="You asked")).to_contain_text(
            f"You asked Someone Else to book another time: “{REASON}”"
        )
        expect(expert.get_by_role("link", name="Book another time")).to_have_count(0)

        mail = wait_for_email(outbox, email, "Please book another time: Intro call")
        assert "Rhea Rebook cancelled Intro call and asks you to book another time." in (
            plain_text(mail)
        )
        rebook = next(link for link in links(mail) if f"/{setup.username}/intro-call?" in link)
        assert_prefilled_link(rebook, setup, email)

        # The guest's manage link says who asked, and why, and links to the same page.
        guest = new_context(**PHONE).new_page()
        guest.goto(manage_path(booking))
        notice = guest.get_by_role("status").filter(has_text="asked you to book another time")
        expect(notice).to_have_text(
            re.compile(f"^Rhea Rebook asked you to book another time: “{REASON}”")
        )
        # The reason is said once, in the notice, not again beside the status.
        expect(guest.get_by_text(REASON)).to_have_count(1)
        # A cancelled booking offers no meeting to join, nor one to add to a calendar.
        expect(guest.locator("a[href*='meet.google.com']")).to_have_count(0)
        expect(guest.get_by_role("button", name="Add to Calendar")).to_have_count(0)
        link = notice.get_by_role("link", name="Book another time")
        assert_prefilled_link(link.get_attribute("href"), setup, email)
        no_horizontal_scroll(guest)
        assert not run_axe(guest)
        screenshot(guest, "manage-link")

        # The email's link, on a phone: the form starts with the guest's details.
        guest.goto(rebook)
        pick_first_free_day(guest)
        time_buttons(guest).first.click()
        expect(guest.get_by_label("Name")).to_have_value("Someone Else")
        expect(guest.get_by_label("Email")).to_have_value(email)
        no_horizontal_scroll(guest)
        screenshot(guest, "prefilled-form")
        guest.get_by_role("button", name="Confirm booking").click()
        expect(guest.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(guest.get_by_text(f"We emailed the details to {email}.")).to_be_visible()
        screenshot(guest, "booked-again")

    def test_a_german_guest_follows_the_notice_to_a_filled_in_form(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert("Erika Muster")
        email = "umbuchen@example.com"
        (start,) = free_slots(api, setup, 1)
        booking = book(api, setup, start, email)
        ask_to_rebook(api, setup, booking)

        page = new_context(locale="de-DE", timezone_id="Europe/Berlin", **PHONE).new_page()
        page.goto(manage_path(booking))
        notice = page.get_by_role("status").filter(has_text="gebeten")
        expect(notice).to_contain_text(
            f"Erika Muster hat Sie gebeten, einen neuen Termin zu buchen: „{REASON}“"
        )
        screenshot(page, "manage-link-de")
        page.get_by_role("link", name="Neuen Termin buchen").click()
        pick_first_free_day_in_german(page)
        time_buttons(page).first.click()
        expect(page.get_by_label("Name")).to_have_value("Someone Else")
        expect(page.get_by_label("E-Mail")).to_have_value(email)
        no_horizontal_scroll(page)

    def test_a_signed_in_client_books_again_from_my_bookings_with_the_booked_details(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert("Rhea Rebook")
        client = api.register("Carl Client")
        (start,) = free_slots(api, setup, 1)
        # Booked for someone else: the link's details win over the account's own.
        response = api.http.post(
            "/api/bookings",
            json={
                "eventTypeId": setup.event_type["id"],
                "start": start,
                "name": "Cleo Colleague",
                "email": "cleo@example.com",
            },
            headers=api.auth(client),
        )
        assert response.status_code == 201, response.text
        booking = response.json()
        ask_to_rebook(api, setup, booking)

        page = new_context(session=client, **PHONE).new_page()
        page.goto("/my-bookings")
        card = page.locator(".booking-card").filter(has_text="Intro call")
        expect(card).to_contain_text(f"Rhea Rebook asked you to book another time: “{REASON}”")
        link = card.get_by_role("link", name=re.compile(r"^Book another time \("))
        assert_prefilled_link(
            link.get_attribute("href"), setup, "cleo@example.com", "Cleo Colleague"
        )
        no_horizontal_scroll(page)
        screenshot(page, "my-bookings")
        link.click()
        pick_first_free_day(page)
        time_buttons(page).first.click()
        expect(page.get_by_label("Name")).to_have_value("Cleo Colleague")
        expect(page.get_by_label("Email")).to_have_value("cleo@example.com")


class TestDialogs:
    def test_a_dialog_closed_and_opened_again_at_once_stays_open(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        """A dialog's close event arrives a task after it closes: one opened again before
        that (Escape, then Enter at once) must not be closed by it."""
        setup = api.expert("Dora Dialog")
        (start,) = free_slots(api, setup, 1)
        book(api, setup, start, "dialog@example.com")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings")
        ask = page.get_by_role("button", name=re.compile(r"^Ask to reschedule \("))
        ask.click()
        dialog = page.get_by_role("dialog", name="Ask Someone Else to book another time?")
        expect(dialog).to_be_visible()
        # Keep, then Ask again, with only microtasks between: the app closes the dialog
        # (render and effects run as microtasks) and opens it again before any other task.
        page.evaluate(
            """async () => {
                const buttons = [...document.querySelectorAll("button")];
                buttons.find((b) => b.textContent === "Keep booking").click();
                for (let i = 0; i < 20; i++) await new Promise((r) => queueMicrotask(r));
                buttons.find((b) => b.getAttribute("aria-label")?.startsWith("Ask to")).click();
            }"""
        )
        expect(dialog.get_by_label("Reason (optional)")).to_be_focused()
