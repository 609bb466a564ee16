"""The client's side of the booking rules (issue 14) and of the booking emails (issue 12):
the mailed manage link, questions, a choice of lengths, private links and pending requests."""

import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import FREE_DAY, pick_first_free_day, time_buttons
from tests.e2e.conftest import MIN_NOTICE_MINUTES, Api, ExpertSetup, run_axe
from tests.e2e.mail import links, plain_text, wait_for_email

Shot = Callable[[Any, str], Path]


def update_event_type(api: Api, setup: ExpertSetup, **fields: Any) -> None:
    api.http.patch(
        f"/api/event-types/{setup.event_type['id']}", json=fields, headers=api.auth(setup.account)
    ).raise_for_status()


def fill_details(page: Page, name: str, email: str) -> None:
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)


def confirm(page: Page) -> None:
    page.get_by_role("button", name="Confirm booking").click()


class TestBookingEmail:
    def test_a_guest_cancels_through_the_manage_link_in_their_email(
        self, new_context: Callable[..., Any], api: Api, outbox: Path, screenshot: Shot
    ) -> None:
        setup = api.expert()
        page = new_context().new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        fill_details(page, "Mia Mail", "mia-mail@example.com")
        confirm(page)
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(page.get_by_text("We emailed the details to mia-mail@example.com.")).to_be_visible()
        join = page.get_by_role("link", name="Join Meeting").get_attribute("href")
        assert join
        screenshot(page, "confirmation")

        mail = wait_for_email(outbox, "mia-mail@example.com", "Confirmed: Intro call")
        assert join in plain_text(mail), "the email carries the join link"
        booking_id = re.search(r"/bookings/([0-9a-f-]+)", page.url)
        assert booking_id
        manage = next(link for link in links(mail) if f"/bookings/{booking_id[1]}?token=" in link)

        # In a browser that has never seen the booking, the email's link alone manages it.
        elsewhere = new_context().new_page()
        elsewhere.goto(manage)
        expect(elsewhere.get_by_role("heading", name="Booking details")).to_be_visible()
        elsewhere.get_by_role("button", name="Cancel").click()
        elsewhere.get_by_role("button", name="Cancel booking").click()
        expect(elsewhere.get_by_text("The booking was cancelled.")).to_be_visible()
        expect(elsewhere.get_by_text("Cancelled by you")).to_be_visible()
        screenshot(elsewhere, "cancelled")
        # Both parties are told, the expert too.
        wait_for_email(outbox, setup.account.email, "Cancelled: Intro call")


QUESTIONS = [
    {"id": "company", "label": "Company", "kind": "text", "required": True},
    {"id": "topic", "label": "Topic", "kind": "select", "options": ["Tax", "Law"]},
    {"id": "mobile", "label": "Mobile number", "kind": "phone"},
    {"id": "terms", "label": "I accept the terms", "kind": "checkbox", "required": True},
]


class TestQuestions:
    def test_required_answers_are_asked_for_and_both_parties_see_the_answers(
        self, new_context: Callable[..., Any], api: Api, outbox: Path, screenshot: Shot
    ) -> None:
        setup = api.expert()
        update_event_type(api, setup, questions=QUESTIONS)
        page = new_context(width=390, height=844).new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        fill_details(page, "Quinn Question", "quinn@example.com")
        confirm(page)
        # Refused before sending, each in words next to its question, the first one focused.
        expect(page.get_by_role("alert")).to_contain_text("Some answers need attention.")
        expect(page.get_by_text("Answer “Company” to book.")).to_be_visible()
        expect(page.get_by_text("Tick “I accept the terms” to book.")).to_be_visible()
        expect(page.get_by_label("Company")).to_be_focused()
        screenshot(page, "refused")
        assert not run_axe(page)

        page.get_by_label("Company").fill("Acme")
        expect(page.get_by_text("Answer “Company” to book.")).to_be_hidden()
        page.get_by_label("Topic").select_option("Law")
        page.get_by_label("I accept the terms").check()
        # The server checks what the browser does not: its sentence lands next to the field.
        page.get_by_label("Mobile number").fill("call me")
        confirm(page)
        field = page.locator(".field", has=page.get_by_label("Mobile number"))
        expect(field.locator(".field-error")).to_have_text(
            "Enter a phone number, like +49 30 1234567."
        )
        page.get_by_label("Mobile number").fill("+49 30 1234567")
        page.get_by_role("button", name="Add guests").click()
        expect(page.get_by_label("Guests")).to_be_focused()
        page.keyboard.type("gus-guest@example.com")
        confirm(page)

        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        details = page.locator(".details")
        expect(details).to_contain_text("Acme")
        expect(details).to_contain_text("Law")
        expect(details).to_contain_text("+49 30 1234567")
        expect(details).to_contain_text("gus-guest@example.com")
        screenshot(page, "booked")
        wait_for_email(outbox, "gus-guest@example.com", "Intro call")

        # The expert sees the same answers and guests.
        booking_path = re.sub(r"\?.*$", "", page.url.removeprefix(str(api.http.base_url)))
        expert_page = new_context(session=setup.account).new_page()
        expert_page.goto(booking_path)
        expert_details = expert_page.locator(".details")
        expect(expert_details).to_contain_text("I accept the terms")
        expect(expert_details).to_contain_text("Yes")
        expect(expert_details).to_contain_text("Acme")
        expect(expert_details).to_contain_text("gus-guest@example.com")


class TestDurations:
    def test_the_longer_length_offers_fewer_times_and_books_an_hour(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert()
        update_event_type(api, setup, durationOptions=[30, 60], slotIntervalMinutes=30)
        day = date.today() + timedelta(days=3)
        api.http.put(
            "/api/experts/me/availability",
            json={
                "timezone": "Europe/Paris",
                "weekly": [],
                "overrides": [
                    {"date": day.isoformat(), "intervals": [{"start": "09:00", "end": "10:30"}]}
                ],
            },
            headers=api.auth(setup.account),
        ).raise_for_status()
        page = new_context(timezone_id="Europe/Paris").new_page()
        page.goto(f"/{setup.username}/intro-call")
        lengths = page.get_by_role("group", name="Length")
        expect(lengths.get_by_role("button", name="30 min")).to_have_attribute(
            "aria-pressed", "true"
        )
        pick_first_free_day(page)
        expect(time_buttons(page)).to_have_text(["9:00 AM", "9:30 AM", "10:00 AM"])

        lengths.get_by_role("button", name="60 min").click()
        expect(lengths.get_by_role("button", name="60 min")).to_have_attribute(
            "aria-pressed", "true"
        )
        expect(page).to_have_url(re.compile(r"duration=60"))
        expect(time_buttons(page)).to_have_text(["9:00 AM", "9:30 AM"])
        screenshot(page, "sixty")
        assert not run_axe(page)
        time_buttons(page).last.click()
        fill_details(page, "Len Long", "len@example.com")
        confirm(page)

        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(page.get_by_text("60 minutes")).to_be_visible()
        expect(page.locator(".details")).to_contain_text("9:30 AM – 10:30 AM")


class TestPrivateLinks:
    def test_a_private_link_books_a_hidden_type_once(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert()
        secret = api.http.post(
            "/api/event-types",
            json={
                "title": "Secret session",
                "slug": "secret-session",
                "durationMinutes": 30,
                "minNoticeMinutes": MIN_NOTICE_MINUTES,
                "maxDaysAhead": 60,
                "hidden": True,
                "location": {"kind": "jitsi"},
            },
            headers=api.auth(setup.account),
        )
        secret.raise_for_status()
        link = api.http.post(
            f"/api/event-types/{secret.json()['id']}/private-links",
            json={"label": "For Pat"},
            headers=api.auth(setup.account),
        )
        link.raise_for_status()
        url = link.json()["url"]
        assert "/secret-session?key=" in url

        # Not on the public page; its own link finds it.
        page = new_context().new_page()
        page.goto(f"/{setup.username}")
        expect(page.get_by_role("link", name="Intro call")).to_be_visible()
        expect(page.get_by_text("Secret session")).to_have_count(0)

        page.goto(url)
        expect(page.get_by_role("heading", name="Secret session")).to_be_visible()
        pick_first_free_day(page)
        time_buttons(page).first.click()
        fill_details(page, "Pat Private", "pat@example.com")
        confirm(page)
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()

        again = new_context().new_page()
        again.goto(url)
        pick_first_free_day(again)
        time_buttons(again).first.click()
        fill_details(again, "Sam Second", "sam@example.com")
        confirm(again)
        expect(again.get_by_role("alert")).to_have_text(
            "This private link has already been used to book. Ask Erin Expert for a new one."
        )
        screenshot(again, "used")


class TestPendingRequest:
    def test_a_guest_sees_the_expert_confirm_without_reloading(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert()
        # Two days' notice: whatever the hour, the first time offered is before its deadline.
        update_event_type(
            api, setup, requiresConfirmation=True, cancelNoticeMinutes=120, minNoticeMinutes=2880
        )
        page = new_context().new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        fill_details(page, "Rita Request", "rita@example.com")
        confirm(page)
        expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
        expect(
            page.get_by_text(
                "Your request is waiting for Erin Expert's confirmation; the time is held for "
                "you. You'll get an email when they answer."
            )
        ).to_be_visible()
        expect(
            page.get_by_text(re.compile(r"^You can cancel or reschedule until "))
        ).to_be_visible()
        screenshot(page, "pending")

        booking_id = re.search(r"/bookings/([0-9a-f-]+)", page.url)
        assert booking_id
        answer = api.http.patch(
            f"/api/bookings/{booking_id[1]}",
            json={"status": "confirmed"},
            headers=api.auth(setup.account),
        )
        assert answer.status_code == httpx.codes.OK, answer.text
        expect(page.get_by_role("link", name="Join Meeting")).to_be_visible()


class TestCancellationDeadline:
    def test_past_the_deadline_the_page_says_so_and_the_refusal_reads_as_a_sentence(
        self, new_context: Callable[..., Any], api: Api, screenshot: Shot
    ) -> None:
        setup = api.expert()
        # A week's notice to cancel: every time within the week is already past its deadline.
        update_event_type(api, setup, cancelNoticeMinutes=7 * 24 * 60)
        page = new_context(locale="de-DE").new_page()
        page.goto(f"/{setup.username}/intro-call")
        # The calendar opens on a month with a free day; the shared step reads English words.
        page.locator(FREE_DAY).first.click()
        time_buttons(page).first.click()
        page.get_by_label("Name").fill("Lea Late")
        page.get_by_label("E-Mail").fill("lea@example.com")
        page.get_by_role("button", name="Buchung bestätigen").click()
        expect(
            page.get_by_text(re.compile(r"^Die Frist, selbst zu stornieren oder zu verschieben"))
        ).to_be_visible()
        page.get_by_role("button", name="Stornieren", exact=True).click()
        page.get_by_role("dialog").get_by_role("button", name="Buchung stornieren").click()
        # The server's refusal in the language on screen, its deadline in German words.
        expect(page.get_by_role("dialog").get_by_role("alert")).to_have_text(
            re.compile(
                r"^Für eine Stornierung oder Verschiebung durch Sie ist es zu spät: Die Frist "
                r"endete am (Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. \w+\.? \d{4}, \d{2}:\d{2} "
                r"\([\w/]+\)\. Wenden Sie sich stattdessen an Ihr Gegenüber\.$"
            )
        )
        screenshot(page, "too-late-de")
