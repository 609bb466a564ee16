"""A forgotten password, end to end through the mailed link (issue 12 §5)."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Api, run_axe
from tests.e2e.mail import links, wait_for_email

NEW_PASSWORD = "a brand new secret"


def log_in(page: Page, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


class TestPasswordReset:
    def test_the_mailed_link_sets_a_new_password_and_the_old_one_stops_working(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Path,
        screenshot: Callable[[Any, str], Path],
    ) -> None:
        account = api.register("Forgetful Fay")
        page = new_context().new_page()
        page.goto("/login")
        page.get_by_role("link", name="Forgot password?").click()
        expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
        page.get_by_label("Email").fill(account.email)
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("status").first).to_contain_text("is on its way")
        screenshot(page, "sent")
        assert not run_axe(page)

        mail = wait_for_email(outbox, account.email, "Reset your ExpertBook password")
        reset_link = next(link for link in links(mail) if "/reset-password?token=" in link)
        page.goto(reset_link)
        expect(page.get_by_role("heading", name="Set a new password")).to_be_visible()
        # Two different passwords are refused before anything is sent.
        page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
        page.get_by_label("Repeat the new password").fill("something else entirely")
        page.get_by_role("button", name="Save the new password").click()
        expect(page.get_by_text("The two passwords differ.")).to_be_visible()
        assert not run_axe(page)
        page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Save the new password").click()

        expect(page).to_have_url(re.compile(r"/login$"))
        expect(
            page.get_by_text("Your password was changed. Log in with the new one.")
        ).to_be_visible()
        screenshot(page, "changed")
        log_in(page, account.email, account.password)
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/login$"))
        page.get_by_label("Password").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()

        # The link worked once: opened again, it says so and offers a new one.
        other = new_context().new_page()
        other.goto(reset_link)
        other.get_by_label("New password", exact=True).fill("yet another password")
        other.get_by_label("Repeat the new password").fill("yet another password")
        other.get_by_role("button", name="Save the new password").click()
        expect(other.get_by_role("alert")).to_contain_text("invalid, used or expired")
        other.get_by_role("link", name="Get a new link").click()
        expect(other.get_by_role("heading", name="Forgot your password?")).to_be_visible()
        screenshot(other, "used-link")

    def test_an_unknown_email_gets_the_same_answer(self, new_context: Callable[..., Any]) -> None:
        page = new_context().new_page()
        page.goto("/forgot-password")
        page.get_by_label("Email").fill("nobody-at-all@example.com")
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_role("status").first).to_contain_text("is on its way")
