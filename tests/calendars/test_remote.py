"""Where calendar servers may be reached: every hop of a redirect is checked."""

from typing import Any

import anyio
import pytest

from expertbook.calendars.remote import CalendarUnreachable, Remote
from expertbook.webhooks.addresses import AddressRefused
from tests.calendars.conftest import FeedServer
from tests.conftest import make_settings


class Redirect:
    is_redirect = True
    url = "https://1.1.1.1/dav/"

    def __init__(self, location: str) -> None:
        self.headers = {"location": location}


class TestRedirects:
    async def test_a_caldav_redirect_to_a_private_address_is_refused(self) -> None:
        remote = Remote(make_settings("sqlite+aiosqlite://"))

        def follow(location: str) -> Any:
            return anyio.to_thread.run_sync(remote.guard_redirect, Redirect(location))

        await follow("/elsewhere/")  # relative: the same public host
        await follow("https://8.8.8.8/dav/")
        for location in ("http://127.0.0.1:5232/", "http://[::1]/", "http://169.254.169.254/"):
            with pytest.raises(AddressRefused):
                await follow(location)

    async def test_a_feed_follows_its_redirects(self, feed: FeedServer) -> None:
        remote = Remote(make_settings("sqlite+aiosqlite://", calendars_allow_private=True))
        feed.text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        moved = feed.url.replace("/feed.ics", "/moved.ics")
        assert await remote.read_feed(moved) == feed.text

    async def test_a_feed_on_a_private_address_is_refused(self, feed: FeedServer) -> None:
        remote = Remote(make_settings("sqlite+aiosqlite://"))
        with pytest.raises(CalendarUnreachable, match="private, loopback or link-local"):
            await remote.read_feed(feed.url)
