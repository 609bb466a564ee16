"""Issue 18's journey in Chromium: a client who knows no expert finds one by topic on the
home page, books, and after the session leaves a review that the public page then shows."""

import re
import sqlite3
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api, ExpertSetup, run_axe


def listed_expert(api: Api, topic: str) -> ExpertSetup:
    setup = api.expert("Tilda Topical")
    response = api.http.patch(
        "/api/experts/me",
        json={"topics": [topic, "mentoring"], "languages": ["en"], "listed": True},
        headers=api.auth(setup.account),
    )
    response.raise_for_status()
    return setup


def session_took_place(database: Path, booking_id: str) -> None:
    """Behind the server's back, as the clock would: the session started two hours ago.
    (SQLite keeps UTC times as naive text; ids as 32 hex digits.)"""
    start = datetime.now(UTC).replace(tzinfo=None, microsecond=0) - timedelta(hours=2)
    end = start + timedelta(minutes=30)
    text = "%Y-%m-%d %H:%M:%S.%f"
    with sqlite3.connect(database) as connection:
        changed = connection.execute(
            "UPDATE bookings SET start_at = ?, end_at = ?, buffered_start = ?, buffered_end = ?"
            " WHERE id = ?",
            (
                start.strftime(text),
                end.strftime(text),
                start.strftime(text),
                end.strftime(text),
                uuid.UUID(booking_id).hex,
            ),
        ).rowcount
    assert changed == 1


class TestFindBookReview:
    def test_find_by_topic_book_and_review(
        self,
        new_context: Callable[..., Any],
        api: Api,
        e2e_data: Path,
        screenshot: Callable[[Any, str], Path],
    ) -> None:
        topic = f"knitting {uuid.uuid4().hex[:6]}"
        setup = listed_expert(api, topic)
        page: Page = new_context(timezone_id="Europe/Paris").new_page()

        page.goto("/")
        expect(page.get_by_role("heading", name="Find an expert")).to_be_visible()
        page.get_by_role("button", name=topic).click()
        expect(page.get_by_role("button", name=topic)).to_have_attribute("aria-pressed", "true")
        expect(page).to_have_url(re.compile(r"[?&]topic="))
        results = page.get_by_role("list", name="Experts")
        cards = results.locator(":scope > li")
        expect(cards).to_have_count(1)
        card = cards.filter(has_text="Tilda Topical")
        expect(card).to_contain_text("No reviews yet")
        expect(card).to_contain_text(topic)
        assert run_axe(page) == []
        screenshot(page, "directory")

        # Searching by words finds the expert too.
        page.get_by_label("Search experts").fill(topic.split()[1])
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page).to_have_url(re.compile(r"[?&]q="))
        expect(cards).to_have_count(1)
        expect(card).to_be_visible()

        card.get_by_role("link", name="Intro call").click()
        expect(page).to_have_url(re.compile(f"/{setup.username}/intro-call"))
        pick_first_free_day(page)
        time_buttons(page).first.click()
        page.get_by_label("Name").fill("Rita Reviewer")
        page.get_by_label("Email").fill("rita@example.com")
        page.get_by_role("button", name="Confirm booking").click()
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()
        # No review before the session.
        expect(page.get_by_role("heading", name="How did it go?")).to_have_count(0)
        join = page.get_by_role("link", name=re.compile("Join Meeting"))
        expect(join).to_be_visible()
        manage = page.get_by_label("Private link to manage your booking").input_value()
        booking_id = re.search(r"/bookings/([0-9a-f-]+)", manage)
        assert booking_id

        session_took_place(e2e_data / "e2e.db", booking_id.group(1))
        page.goto(manage)
        expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
        # Once it has ended there is no meeting to join nor to put in a calendar.
        expect(join).to_have_count(0)
        expect(page.get_by_text("Join link")).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile("Add to Google Calendar"))).to_have_count(0)
        page.get_by_role("button", name="Publish review").click()
        expect(page.get_by_text("Choose a number of stars.")).to_be_visible()
        page.get_by_label("5 stars").check()
        page.get_by_label("Your review (optional)").fill("Patient, clear, and fun.")
        page.get_by_role("button", name="Publish review").click()
        expect(page.get_by_role("heading", name="Your review")).to_be_visible()
        expect(page.get_by_role("img", name="5 stars")).to_be_visible()

        page.goto(f"/{setup.username}")
        reviews = page.get_by_role("region", name="Reviews")
        expect(reviews).to_contain_text("Patient, clear, and fun.")
        expect(reviews).to_contain_text("5.0 (1 review)")
        expect(reviews).not_to_contain_text("Rita")
        header = page.locator(".expert-header")
        expect(header).to_contain_text("5.0 (1 review)")
        assert run_axe(page) == []
        screenshot(page, "public-page")

        # The directory now shows the rating as well.
        page.goto("/?topic=" + topic.replace(" ", "+"))
        expect(page.get_by_role("list", name="Experts")).to_contain_text("5.0 (1 review)")
