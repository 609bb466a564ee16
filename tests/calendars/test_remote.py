"""Where calendar servers may be reached: every request, each hop of a redirect included,
connects only to an address checked for it."""

import socket
from typing import Any

import pytest
import requests
import urllib3.util.connection

from expertbook.calendars.credentials import Credentials
from expertbook.calendars.remote import CalendarUnreachable, CheckedAdapter, Remote
from expertbook.kit.time import utcnow
from expertbook.webhooks.addresses import AddressRefused, destination
from tests.calendars.conftest import FeedServer
from tests.calendars.radicale import Account
from tests.conftest import make_settings
from tests.rebinding import rebinding

NAME = "dav.rebinding.test"  # in no DNS: the tests answer for it


def resolving(monkeypatch: pytest.MonkeyPatch, address: str) -> list[str]:
    """Make `NAME` resolve to `address` in worker threads; returns the list of addresses
    every connection was then opened to."""
    real_resolve, real_connect = socket.getaddrinfo, urllib3.util.connection.create_connection

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != NAME:
            return real_resolve(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    connected: list[str] = []

    def create_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        connected.append(address[0])
        return real_connect(address, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(urllib3.util.connection, "create_connection", create_connection)
    return connected


class TestCalDavAddresses:
    def test_every_request_to_a_private_address_is_refused_before_connecting(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # requests hands the adapter every request, each hop of a redirect included.
        connected = resolving(monkeypatch, "10.0.0.7")
        adapter = CheckedAdapter(allow_private=False)
        for url in (
            "http://127.0.0.1:5232/",
            "http://[::1]/",
            "http://169.254.169.254/latest/",
            f"https://{NAME}/dav/",
        ):
            request = requests.Request("PROPFIND", url).prepare()
            with pytest.raises(AddressRefused, match="private, loopback or link-local"):
                adapter.send(request)
        assert connected == []

    async def test_a_read_from_a_name_that_points_inside_never_connects(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        connected = resolving(monkeypatch, "10.0.0.7")
        remote = Remote(make_settings("sqlite+aiosqlite://"))
        url = f"https://{NAME}/dav/"
        credentials = Credentials("someone", "secret")
        with pytest.raises(CalendarUnreachable, match="private, loopback or link-local"):
            await remote.read_caldav(url, credentials, [url + "work/"], utcnow(), utcnow())
        assert connected == []

    async def test_the_client_connects_only_to_the_address_it_checked(
        self, monkeypatch: pytest.MonkeyPatch, account: Account
    ) -> None:
        # The server is reached by name; the name is resolved once per request, by the
        # check, and the connection goes to what the check saw, never to a new answer.
        connected = resolving(monkeypatch, "127.0.0.1")
        account.make_calendar("Work")
        remote = Remote(make_settings("sqlite+aiosqlite://", calendars_allow_private=True))
        url = account.url.replace("127.0.0.1", NAME)
        found = await remote.discover(url, Credentials(account.username, account.password))
        assert [calendar.name for calendar in found] == ["Work"]
        assert connected and set(connected) == {"127.0.0.1"}


class TestDestination:
    async def test_a_name_is_pinned_to_its_checked_address(self) -> None:
        target = await destination("http://user:pw@localhost:8080/hook?x=1", allow_private=True)
        assert target.url in (
            "http://user:pw@127.0.0.1:8080/hook?x=1",
            "http://user:pw@[::1]:8080/hook?x=1",
        )
        assert (target.host, target.hostname) == ("localhost:8080", "localhost")
        assert target.tls == {"sni_hostname": "localhost"}

    async def test_an_address_is_its_own_destination(self) -> None:
        target = await destination("https://[2606:4700::1111]/hook", allow_private=False)
        assert (target.url, target.address) == (
            "https://[2606:4700::1111]/hook",
            "[2606:4700::1111]",
        )
        with pytest.raises(AddressRefused):
            await destination("https://[::1]/hook", allow_private=False)


class TestFeeds:
    async def test_a_feed_follows_its_redirects(self, feed: FeedServer) -> None:
        remote = Remote(make_settings("sqlite+aiosqlite://", calendars_allow_private=True))
        feed.text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        moved = feed.url.replace("/feed.ics", "/moved.ics")
        assert await remote.read_feed(moved) == feed.text

    async def test_a_feed_on_a_private_address_is_refused(self, feed: FeedServer) -> None:
        remote = Remote(make_settings("sqlite+aiosqlite://"))
        with pytest.raises(CalendarUnreachable, match="private, loopback or link-local"):
            await remote.read_feed(feed.url)

    async def test_a_feed_is_read_from_the_address_that_was_checked(
        self, feed: FeedServer, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # The name answers the check with the feed's address, and then with one where
        # nothing listens (DNS rebinding): the read goes where the check looked.
        answers = rebinding(monkeypatch, NAME, first="127.0.0.1")
        remote = Remote(make_settings("sqlite+aiosqlite://", calendars_allow_private=True))
        feed.text = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        assert await remote.read_feed(feed.url.replace("127.0.0.1", NAME)) == feed.text
        assert answers == []
