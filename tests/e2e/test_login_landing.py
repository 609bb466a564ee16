"""Logging in lands where the user was going, else on My bookings (issue 11 §5)."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Account, Api


def log_in(page: Page, account: Account) -> None:
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Log in").click()


class TestLoginLanding:
    def test_logging_in_from_the_header_lands_on_my_bookings(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Lena Lands")
        page = new_context().new_page()
        page.goto("/")
        page.get_by_role("link", name="Log in").click()
        log_in(page, account)
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/my-bookings$"))

    def test_logging_in_returns_to_the_page_that_asked_for_it(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Pat Profile")
        page = new_context().new_page()
        page.goto("/profile")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Fprofile$"))
        log_in(page, account)
        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        expect(page).to_have_url(re.compile(r"/profile$"))

    def test_a_logged_in_visitor_on_the_login_page_is_sent_on(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Already In")
        page = new_context(session=account).new_page()
        page.goto("/login")
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()
        page.goto("/login?next=%2Fprofile")
        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()

    def test_a_link_off_the_site_is_not_followed(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Careful Person")
        page = new_context().new_page()
        page.goto("/login?next=%2F%2Fevil.example%2F")
        log_in(page, account)
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()
        assert page.url.startswith(str(api.http.base_url).rstrip("/"))
