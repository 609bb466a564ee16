"""The embed on a third-party site: a page on another origin (its own server, another
loopback port) loads /embed.js, its visitors book inside the frame, and the page hears of
it; a site the expert has not listed cannot frame the booking page at all."""

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api, ExpertSetup, run_axe

COLOR = "#0f766e"


class HostSite:
    """Someone else's website: pages served from memory on http://localhost:<port>, an
    origin other than the app's http://127.0.0.1:<port>."""

    def __init__(self) -> None:
        self.pages: dict[str, bytes] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = pages.get(self.path)
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body or b"not found")

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def page(self, path: str, body: str, app: str) -> str:
        """Serve `body` (the snippet) in a page that loads the app's script and lists the
        events its elements receive; returns the page's URL."""
        html = f"""<!doctype html>
<html lang="en"><head><title>Alice's site</title></head>
<body>
<h1>Alice's site</h1>
{body}
<ol id="events"></ol>
<script>
  for (const type of ["expertbook:ready", "expertbook:booked"]) {{
    window.addEventListener(type, (event) => {{
      const item = document.createElement("li");
      item.textContent = type;
      item.dataset.detail = JSON.stringify(event.detail);
      item.dataset.target = event.target.id;
      document.getElementById("events").append(item);
    }});
  }}
</script>
<script src="{app}/embed.js" async></script>
</body></html>"""
        self.pages[path] = html.encode()
        return f"{self.origin}{path}"


@pytest.fixture(scope="module")
def host_site() -> Iterator[HostSite]:
    site = HostSite()
    site.thread.start()
    yield site
    site.server.shutdown()
    site.server.server_close()


def allow(api: Api, setup: ExpertSetup, origins: list[str]) -> None:
    response = api.http.patch(
        "/api/experts/me", json={"embedOrigins": origins}, headers=api.auth(setup.account)
    )
    response.raise_for_status()


class TestEmbedPage:
    def test_shows_the_booking_flow_alone_accessible_and_within_its_policy(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Lena Lean")
        page = new_context().new_page()
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto(f"/embed/{setup.username}")
        expect(page.get_by_role("heading", name="Lena Lean")).to_be_visible()
        expect(page.get_by_role("link", name="Intro call")).to_be_visible()
        # No site header, navigation or footer: the host page is the site.
        expect(page.get_by_role("banner")).to_have_count(0)
        expect(page.get_by_role("navigation")).to_have_count(0)
        expect(page.get_by_role("contentinfo")).to_have_count(0)
        # Its own links stay in the embed.
        page.get_by_role("link", name="Intro call").click()
        expect(page).to_have_url(re.compile(rf"/embed/{setup.username}\?type=intro-call$"))
        pick_first_free_day(page)
        assert run_axe(page) == []
        assert refused == []


class TestEmbedOnAnotherSite:
    def test_a_listed_site_books_inside_the_frame_and_hears_of_it(
        self, new_context: Callable[..., Any], api: Api, live_server: str, host_site: HostSite
    ) -> None:
        setup = api.expert("Alice Expert")
        allow(api, setup, [host_site.origin])
        url = host_site.page(
            "/inline.html",
            f'<div id="booking" data-expertbook="{setup.username}/intro-call"'
            f' data-expertbook-color="{COLOR}" data-expertbook-name="Grace Guest"'
            ' data-expertbook-email="grace@example.com"></div>',
            live_server,
        )
        page = new_context().new_page()
        page.goto(url)
        events = page.locator("#events li")
        expect(events).to_have_text(["expertbook:ready"])
        assert events.first.get_attribute("data-target") == "booking"

        frame = page.frame_locator("#booking iframe")
        pick_first_free_day(frame)
        time_buttons(frame).first.click()
        # The host page's details are filled in, and its colour is the page's accent.
        expect(frame.get_by_label("Name")).to_have_value("Grace Guest")
        expect(frame.get_by_label("Email")).to_have_value("grace@example.com")
        confirm = frame.get_by_role("button", name="Confirm booking")
        accent = confirm.evaluate("button => getComputedStyle(button).backgroundColor")
        assert accent == "rgb(15, 118, 110)"
        confirm.click()

        expect(frame.get_by_role("heading", name="You're booked!")).to_be_visible()
        expect(events).to_have_text(["expertbook:ready", "expertbook:booked"])
        detail = json.loads(events.nth(1).get_attribute("data-detail") or "{}")
        embedded = next(f for f in page.frames if f.parent_frame is not None)
        assert embedded.url.startswith(f"{live_server}/embed/bookings/{detail['bookingId']}")
        booking = api.http.get(
            f"/api/bookings/{detail['bookingId']}", headers=api.auth(setup.account)
        ).json()
        assert (booking["email"], booking["start"]) == ("grace@example.com", detail["start"])

        # The frame is as tall as the page inside it: no scroll bar within the host page.
        height = embedded.evaluate("() => document.querySelector('.embed').offsetHeight")
        expect(page.locator("#booking iframe")).to_have_attribute(
            "style", re.compile(rf"height: {height}px")
        )

    def test_the_popup_opens_over_the_page_and_closes_with_escape(
        self, new_context: Callable[..., Any], api: Api, live_server: str, host_site: HostSite
    ) -> None:
        setup = api.expert("Paula Popup")
        url = host_site.page(
            "/popup.html",
            f'<button id="book" data-expertbook-popup="{setup.username}">Book a call</button>',
            live_server,
        )
        page = new_context().new_page()
        page.goto(url)
        button = page.get_by_role("button", name="Book a call")
        button.click()
        dialog = page.get_by_role("dialog", name="Book a call")
        expect(dialog).to_be_visible()
        expect(dialog.get_by_role("button", name="Close")).to_be_focused()
        frame = page.frame_locator("[data-expertbook-overlay] iframe")
        expect(frame.get_by_role("link", name="Intro call")).to_be_visible()
        expect(page.locator("#events li")).to_have_text(["expertbook:ready"])
        assert page.locator("#events li").first.get_attribute("data-target") == "book"

        page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)
        expect(button).to_be_focused()

        # Escape pressed inside the frame (another document) closes it too.
        button.click()
        frame.get_by_role("link", name="Intro call").focus()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(button).to_be_focused()

        button.click()
        page.get_by_role("dialog").get_by_role("button", name="Close").click()
        expect(page.get_by_role("dialog")).to_have_count(0)
        expect(button).to_be_focused()

    def test_a_site_not_on_the_list_cannot_frame_it(
        self, new_context: Callable[..., Any], api: Api, live_server: str, host_site: HostSite
    ) -> None:
        setup = api.expert("Olga Origins")
        allow(api, setup, ["https://alice.example"])
        url = host_site.page(
            "/elsewhere.html",
            f'<div id="booking" data-expertbook="{setup.username}"></div>',
            live_server,
        )
        page = new_context().new_page()
        # The browser refuses the frame and says why: the page's frame-ancestors.
        with page.expect_console_message(
            lambda message: "frame-ancestors" in message.text
        ) as refused:
            page.goto(url)
        assert refused.value.text.startswith(f"Framing '{live_server}/'")
        assert "frame-ancestors 'self' https://alice.example" in refused.value.text
        assert "has been blocked" in refused.value.text
        blocked = next(f for f in page.frames if f.parent_frame is not None)
        # In its place, the browser's own error page: nothing of the app runs there.
        blocked.wait_for_url("chrome-error://chromewebdata/")
        assert page.locator("#events li").count() == 0


class TestEmbedSettings:
    def test_the_dashboard_gives_the_snippet_and_chooses_the_sites(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Edda Embed")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard/event-types")
        title = setup.event_type["title"]
        page.get_by_role("button", name=f"Embed {title} on your site").click()
        inline = page.get_by_label("Inline on your page")
        expect(inline).to_have_value(
            re.compile(re.escape(f'data-expertbook="{setup.username}/{setup.event_type["slug"]}"'))
        )
        screenshot(page, "embed-snippet")

        page.goto("/expert-dashboard/settings")
        sites = page.get_by_role("region", name="Embedding on other websites")
        sites.get_by_label("Websites allowed").fill("https://www.example.com/path")
        sites.get_by_role("button", name="Save websites").click()
        expect(sites.get_by_text(re.compile("A site is written as its origin"))).to_be_visible()
        sites.get_by_label("Websites allowed").fill("https://www.example.com")
        sites.get_by_role("button", name="Save websites").click()
        expect(sites.get_by_text("Only 1 website may now show your booking page.")).to_be_visible()
        me = api.http.get("/api/experts/me", headers=api.auth(setup.account)).json()
        assert me["embedOrigins"] == ["https://www.example.com"]
        sites.get_by_label("Websites allowed").fill("")
        sites.get_by_role("button", name="Save websites").click()
        expect(sites.get_by_text("Any website may now show your booking page.")).to_be_visible()
        screenshot(page, "embed-origins")
