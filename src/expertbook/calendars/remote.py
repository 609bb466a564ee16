"""Talking to calendar servers: CalDAV through the `caldav` package (synchronous, so in
worker threads), iCalendar feeds through httpx. Every call is bounded by a time-out, and
every request (each hop of a redirect too) connects only to an address checked for it,
as webhooks' are (webhooks/addresses.py)."""

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import anyio
import httpx
from caldav.davclient import DAVClient
from caldav.lib.error import AuthorizationError, DAVError
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter

from expertbook.calendars.credentials import Credentials
from expertbook.config import Settings
from expertbook.kit.i18n import N_, Message
from expertbook.webhooks.addresses import (
    PINNED_LIMITS,
    AddressRefused,
    Destination,
    check_url,
    destination,
    destination_blocking,
)

T = TypeVar("T")
USER_AGENT = "ExpertBook-Calendars/1.0"
MAX_FEED_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 3
# Calendar calls in flight at once (for reading, and again for writing), in threads of
# their own beside those for everything else.
THREADS = 4


class CalendarUnreachable(Exception):
    """The server could not be read or written; its Message is for the expert to read, in
    their language (so it is kept as a template and values, not as text)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class FoundCalendar:
    url: str
    name: str


def feed_url(url: str) -> str:
    """webcal:// is how calendar apps spell an https feed."""
    if url.lower().startswith("webcal://"):
        return "https://" + url[len("webcal://") :]
    return url


class Remote:
    def __init__(self, settings: Settings) -> None:
        self.timeout = settings.calendars_timeout_seconds
        self.allow_private = settings.calendars_allow_private
        self._limiter: anyio.CapacityLimiter | None = None

    async def check(self, url: str) -> None:
        """AddressRefused unless `url` is http(s) to a public host (or private ones are allowed)."""
        await check_url(url, allow_private=self.allow_private, noun="calendar")

    async def _checked(self, *urls: str) -> None:
        try:
            for url in urls:
                await self.check(url)
        except AddressRefused as refused:
            raise CalendarUnreachable(refused.message) from None

    async def _destination(self, url: str) -> Destination:
        try:
            return await destination(url, allow_private=self.allow_private, noun="calendar")
        except AddressRefused as refused:
            raise CalendarUnreachable(refused.message) from None

    async def _in_thread(self, call: Callable[[], T]) -> T:
        # The caldav package blocks: it runs in a thread, and its own time-out bounds each
        # request; this bounds the whole exchange, however many requests it makes.
        try:
            with anyio.fail_after(self.timeout * 4):
                # Made in the loop that uses it (an app may be started again in another).
                self._limiter = self._limiter or anyio.CapacityLimiter(THREADS)
                return await anyio.to_thread.run_sync(
                    call, limiter=self._limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            raise CalendarUnreachable(
                Message("The calendar server took too long to answer.")
            ) from None
        except CalendarUnreachable:
            raise
        except AddressRefused as refused:  # a redirect to where calendars may not go
            raise CalendarUnreachable(refused.message) from None
        except AuthorizationError:
            raise CalendarUnreachable(
                Message("The calendar server refused the username or password.")
            ) from None
        except DAVError as error:
            reason = getattr(error, "reason", "") or type(error).__name__
            raise CalendarUnreachable(
                Message("The calendar server answered an error ({reason}).", reason=reason)
            ) from None
        except Exception as error:  # network errors of requests, parse errors of lxml…
            raise CalendarUnreachable(
                Message(
                    "The calendar server could not be reached ({reason}).",
                    reason=type(error).__name__,
                )
            ) from None

    def _client(self, url: str, credentials: Credentials) -> Any:  # caldav is partly untyped
        client = DAVClient(
            url=url,
            username=credentials.username,
            password=credentials.password,
            timeout=max(1, round(self.timeout)),
            headers={"User-Agent": USER_AGENT},
        )
        checked = CheckedAdapter(self.allow_private)
        client.session.mount("http://", checked)
        client.session.mount("https://", checked)
        return client

    async def discover(self, url: str, credentials: Credentials) -> list[FoundCalendar]:
        """The event calendars of the account's principal."""

        def run() -> list[FoundCalendar]:
            with self._client(url, credentials) as client:
                found = []
                for calendar in client.principal().calendars():
                    name = calendar.get_display_name() or _last_segment(str(calendar.url))
                    found.append(FoundCalendar(str(calendar.url), str(name)))
                return found

        calendars = await self._in_thread(run)
        if not calendars:  # a new account, or a server's hiccup: the last reading stands
            raise CalendarUnreachable(Message("No calendars were found at this address."))
        # Refused now rather than at each sync: a calendar kept where it may not be read.
        await self._checked(*(calendar.url for calendar in calendars))
        return calendars

    async def read_caldav(
        self,
        url: str,
        credentials: Credentials,
        calendar_urls: list[str],
        start: datetime,
        end: datetime,
    ) -> dict[str, list[str]]:
        """Each calendar's objects (iCalendar texts) with an event in [start, end)."""

        def run() -> dict[str, list[str]]:
            texts: dict[str, list[str]] = {}
            with self._client(url, credentials) as client:
                for calendar_url in calendar_urls:
                    calendar = client.calendar(url=calendar_url)
                    found = calendar.search(start=start, end=end, event=True, expand=False)
                    texts[calendar_url] = [str(item.data) for item in found]
            return texts

        return await self._in_thread(run)

    async def put(self, url: str, credentials: Credentials, event_url: str, body: str) -> None:

        def run() -> None:
            with self._client(url, credentials) as client:
                headers = {"Content-Type": "text/calendar; charset=utf-8"}
                _expect(
                    client.put(event_url, body, headers),
                    N_("The calendar server could not save the booking (HTTP {status})."),
                )

        await self._in_thread(run)

    async def delete(self, url: str, credentials: Credentials, event_url: str) -> None:
        """Remove the event; one already gone is fine."""

        def run() -> None:
            with self._client(url, credentials) as client:
                _expect(
                    client.delete(event_url),
                    N_("The calendar server could not delete the booking (HTTP {status})."),
                    gone_is_fine=True,
                )

        await self._in_thread(run)

    async def read_feed(self, url: str) -> str:
        """An iCalendar feed's text, following a few redirects, each one checked."""
        url = feed_url(url)
        headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
        try:
            async with httpx.AsyncClient(
                timeout=self.timeout, follow_redirects=False, limits=PINNED_LIMITS
            ) as client:
                for _ in range(MAX_REDIRECTS + 1):
                    target = await self._destination(url)
                    async with client.stream(
                        "GET",
                        target.url,
                        headers={**headers, "Host": target.host},
                        extensions=target.tls,
                    ) as response:
                        if response.is_redirect and "location" in response.headers:
                            url = urljoin(url, response.headers["location"])
                            continue
                        if not response.is_success:
                            raise CalendarUnreachable(
                                Message(
                                    "The feed answered HTTP {status}.",
                                    status=response.status_code,
                                )
                            )
                        return await _read_capped(response)
        except httpx.HTTPError as error:
            raise CalendarUnreachable(
                Message("The feed could not be reached ({reason}).", reason=type(error).__name__)
            ) from None
        raise CalendarUnreachable(Message("The feed redirected too many times."))


class CheckedAdapter(HTTPAdapter):
    """The CalDAV client's transport: each request, each redirect included, connects to
    an address checked for it in that very call; the URL's name stays the Host header
    and the name the TLS certificate must carry."""

    def __init__(self, allow_private: bool) -> None:
        super().__init__()
        self.allow_private = allow_private
        self._call = threading.local()  # the request being sent, in this worker thread

    def send(self, request: PreparedRequest, *args: Any, **kwargs: Any) -> Response:
        target = destination_blocking(
            request.url or "", allow_private=self.allow_private, noun="calendar"
        )
        request.headers["Host"] = target.host
        self._call.target = target
        return super().send(request, *args, **kwargs)

    def build_connection_pool_key_attributes(
        self, request: PreparedRequest, verify: bool | str, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host, pool = super().build_connection_pool_key_attributes(request, verify, cert)
        target: Destination = self._call.target
        if host["scheme"] == "https":
            pool = {**pool, "server_hostname": target.hostname, "assert_hostname": target.hostname}
        return {**host, "host": target.address}, pool


async def _read_capped(response: httpx.Response) -> str:
    body = bytearray()
    async for chunk in response.aiter_bytes():
        body.extend(chunk)
        if len(body) > MAX_FEED_BYTES:
            raise CalendarUnreachable(Message("The feed is larger than 10 MB."))
    return body.decode(response.encoding or "utf-8", errors="replace")


def _expect(response: Any, failed: str, *, gone_is_fine: bool = False) -> None:
    """Raises CalendarUnreachable(`failed`, a message with {status}) unless it worked."""
    status = int(response.status)
    if 200 <= status < 300 or (gone_is_fine and status in (404, 410)):
        return
    if status in (401, 403):
        raise AuthorizationError(f"HTTP {status}")
    raise CalendarUnreachable(Message(failed, status=status))


def _last_segment(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or url
