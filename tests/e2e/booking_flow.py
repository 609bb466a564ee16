"""Steps of the public booking flow that several browser tests take."""

import re
from typing import Any
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import FrameLocator, Page, expect

# A day whose times are all taken can be picked too (for their waitlists): it is no free day.
FREE_DAY = ".rdp-day:not(.rdp-disabled):not(.rdp-outside):not(.day-waitlist-only) button"


def pick_first_free_day(page: Page | FrameLocator) -> None:
    """Click the first day with free times, moving to the next month when this one has none
    (on the page, or in the frame that embeds the booking page)."""
    for _ in range(3):
        expect(page.locator(".calendar-footer")).not_to_have_text("Loading free times…")
        days = page.locator(FREE_DAY)
        if days.count() > 0:
            days.first.click()
            return
        page.get_by_role("button", name="Go to the Next Month").click()
    raise AssertionError("no free day within three months")


def selected_time(page: Page) -> str:
    query = parse_qs(urlparse(page.url).query)
    return query["time"][0]


def time_buttons(page: Page | FrameLocator) -> Any:
    return page.locator(".times .time-button")


def choose_time_zone(page: Page, search: str, zone: str) -> None:
    """Search the time-zone combobox and pick `zone` ("Pacific/Auckland") from the list."""
    name = zone.replace("_", " ")
    box = page.get_by_role("combobox", name="Time zone")
    box.fill(search)
    # Playwright sends the pattern as a JavaScript regex literal: "/" needs its escape.
    page.get_by_role("option", name=re.compile("^" + re.escape(name).replace("/", r"\/"))).click()
    expect(box).to_have_value(name)
