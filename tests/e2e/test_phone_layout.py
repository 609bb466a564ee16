"""Phones (issue 11 §6): the header folds into a menu, and no screen scrolls sideways at 360 px."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api

PHONE = {"width": 360, "height": 740}


def assert_no_sideways_scroll(page: Page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a {PHONE['width']}px screen"


class TestPhoneHeader:
    def test_the_signed_in_links_fold_behind_a_menu_button(
        self,
        new_context: Callable[..., Any],
        api: Api,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Menu Person With A Long Name")
        page = new_context(session=setup.account, **PHONE).new_page()
        page.goto("/my-bookings")
        expect(page.get_by_role("heading", name="My bookings")).to_be_visible()
        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(nav.get_by_role("link", name="Profile")).to_be_hidden()
        header = page.get_by_role("banner").bounding_box()
        assert header is not None and header["height"] < 80, f"header is {header}"
        screenshot(page, "closed")

        # Keyboard: open, Tab into the links, Escape closes and returns to the button.
        menu.focus()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(menu).to_have_attribute("aria-controls", re.compile(".+"))
        for name in ["My bookings", "Profile", "Expert Dashboard"]:
            expect(nav.get_by_role("link", name=name)).to_be_visible()
        expect(nav.get_by_role("button", name="Log out")).to_be_visible()
        screenshot(page, "open")
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name="My bookings")).to_be_focused()
        page.keyboard.press("Escape")
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_focused()

        # Following a link closes the menu.
        page.keyboard.press("Enter")
        nav.get_by_role("link", name="Profile").click()
        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(nav.get_by_role("link", name="Profile")).to_be_hidden()
        assert_no_sideways_scroll(page, "the profile")

    def test_a_wide_screen_shows_the_links_without_a_menu(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Wide Screen")
        page = new_context(session=account).new_page()
        page.goto("/my-bookings")
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Profile")).to_be_visible()


class TestNoSidewaysScroll:
    def test_every_screen_fits_360_pixels(
        self,
        new_context: Callable[..., Any],
        api: Api,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Phoebe Phone-Expert")
        guest = new_context(**PHONE).new_page()
        for path, name in [("/login", "login"), ("/register", "register")]:
            guest.goto(path)
            expect(guest.get_by_role("heading", level=1)).to_be_visible()
            assert_no_sideways_scroll(guest, name)
            screenshot(guest, name)
        guest.goto(f"/{setup.username}")
        expect(guest.get_by_role("link", name="Intro call")).to_be_visible()
        assert_no_sideways_scroll(guest, "the public page")
        screenshot(guest, "public")
        guest.get_by_role("link", name="Intro call").click()
        pick_first_free_day(guest)
        assert_no_sideways_scroll(guest, "the calendar")
        time_buttons(guest).first.click()
        expect(guest.get_by_role("button", name="Confirm booking")).to_be_visible()
        assert_no_sideways_scroll(guest, "the booking form")
        screenshot(guest, "booking")
        guest.get_by_label("Name").fill("Phil Phone")
        guest.get_by_label("Email").fill("phil@example.com")
        guest.get_by_role("button", name="Confirm booking").click()
        expect(guest.get_by_role("heading", name="You're booked!")).to_be_visible()
        assert_no_sideways_scroll(guest, "the confirmation")
        screenshot(guest, "confirmation")

        expert = new_context(session=setup.account, **PHONE).new_page()
        for path, heading in [("/my-bookings", "My bookings"), ("/profile", "Your profile")]:
            expert.goto(path)
            expect(expert.get_by_role("heading", name=heading)).to_be_visible()
            expect(expert.get_by_text("Loading", exact=False)).to_have_count(0)
            assert_no_sideways_scroll(expert, heading)
            screenshot(expert, path.strip("/"))
