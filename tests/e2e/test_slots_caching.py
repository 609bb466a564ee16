"""The booking page revalidates its slots with the server's ETag: an unchanged expert costs
a 304 and no body, and a booking made elsewhere still shows at once."""

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api

SLOTS = re.compile(r"/api/experts/[^/]+/slots\?")


class TestSlotsRevalidation:
    def test_a_reload_revalidates_and_a_booking_elsewhere_still_shows(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        context = new_context(timezone_id="Europe/Paris")
        page = context.new_page()
        seen = WireLog(context.new_cdp_session(page))
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        expect(time_buttons(page).first).to_be_visible()
        assert seen.slots and all(etag is None for etag, _ in seen.slots)  # a first visit
        first_time = time_buttons(page).first.inner_text()

        seen.clear()
        page.reload()  # the chosen day is in the address: its times show again
        expect(time_buttons(page).first).to_have_text(first_time)
        assert seen.slots, "the page asked for its slots again"
        assert all(etag and status == 304 for etag, status in seen.slots), seen.slots

        # Someone else books the first time shown: the page drops it live.
        seen.clear()
        assert api.book(setup.event_type["id"], first_free_start(api, setup)).status_code == 201
        expect(time_buttons(page).first).not_to_have_text(first_time)
        assert seen.slots and seen.slots[-1][1] == 200, seen.slots  # the new answer


class WireLog:
    """The slots requests as they crossed the network (Chromium's DevTools protocol): the
    If-None-Match each carried and the status the server sent, 304 included (a page's
    own view of a revalidated answer is the cached 200)."""

    def __init__(self, cdp: Any) -> None:
        self.urls: dict[str, str] = {}
        self.asked_with: dict[str, str | None] = {}
        # Statuses in the order they came. An ExtraInfo event may come before or after
        # its request's other events, so each is joined to its URL only when read.
        self.received: list[tuple[str, int]] = []
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.requestWillBeSentExtraInfo", self._sent_headers)
        cdp.on("Network.responseReceivedExtraInfo", self._received)
        cdp.send("Network.enable")

    @property
    def slots(self) -> list[tuple[str | None, int]]:
        return [
            (self.asked_with.get(request), status)
            for request, status in self.received
            if SLOTS.search(self.urls.get(request, ""))
        ]

    def clear(self) -> None:
        self.received.clear()

    def _sent(self, event: dict[str, Any]) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _sent_headers(self, event: dict[str, Any]) -> None:
        headers = {name.lower(): value for name, value in event["headers"].items()}
        self.asked_with[event["requestId"]] = headers.get("if-none-match")

    def _received(self, event: dict[str, Any]) -> None:
        self.received.append((event["requestId"], event["statusCode"]))


def first_free_start(api: Api, setup: Any) -> str:
    """The first free time over the weeks the page offers: the first one it shows."""
    today = datetime.now(ZoneInfo("Europe/Paris")).date()
    response = api.http.get(
        f"/api/experts/{setup.username}/slots",
        params={
            "eventTypeId": setup.event_type["id"],
            "start": today.isoformat(),
            "end": (today + timedelta(days=61)).isoformat(),
            "timezone": "Europe/Paris",
        },
    )
    response.raise_for_status()
    start: str = next(s["start"] for d in response.json()["days"] for s in d["slots"])
    return start
