"""The expert's tools in a real Chromium (issues 12 and 14): answering a request live, the
webhooks' delivery log, the event type editor's booking rules and single-use private links."""

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api, ExpertSetup
from tests.e2e.test_dashboard import book, free_slots
from tests.e2e.test_web_app import no_horizontal_scroll


def requires_confirmation(api: Api, setup: ExpertSetup) -> None:
    response = api.http.patch(
        f"/api/event-types/{setup.event_type['id']}",
        json={"requiresConfirmation": True},
        headers=api.auth(setup.account),
    )
    assert response.status_code == 200, response.text


def bookings_panel(page: Page) -> Any:
    return page.get_by_role("tabpanel")


class Receiver:
    """An HTTP endpoint on loopback that answers 200 and keeps what it was sent."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        calls = self.calls

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                calls.append({"headers": dict(self.headers), "body": json.loads(body)})
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/expertbook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as running:
        yield running


class TestConfirmationFlow:
    def test_the_client_sees_the_request_confirmed_live(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Cora Confirm")
        requires_confirmation(api, setup)
        client = api.register("Carl Client")

        # The expert's dashboard is open on the requests before anyone books.
        expert = new_context(session=setup.account).new_page()
        expert.goto("/expert-dashboard/bookings?show=requests")
        panel = bookings_panel(expert)
        expect(panel.get_by_text("No requests are waiting for you.")).to_be_visible()

        guest = new_context(session=client).new_page()
        guest.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(guest)
        time_buttons(guest).first.click()
        expect(guest.get_by_label("Email")).to_have_value(client.email)
        guest.locator(".booking-form button[type=submit]").click()
        heading = guest.locator("#booking-title")
        expect(heading).to_contain_text("Awaiting confirmation")
        expect(guest).to_have_url(re.compile(r"/bookings/[0-9a-f-]+"))

        # The request appears live in the expert's list, with a notice.
        card = panel.locator(".booking-card").filter(has_text=client.email)
        expect(card).to_be_visible()
        expect(card).to_contain_text("Awaiting confirmation")
        expect(expert.get_by_text("New request to confirm: Carl Client")).to_be_visible()
        screenshot(expert, "request")
        card.get_by_role("button", name=re.compile(r"^Confirm \(")).click()
        expect(panel.get_by_text("No requests are waiting for you.")).to_be_visible()

        # The client's page changes without a reload.
        expect(heading).to_contain_text("Confirmed")
        expect(heading).not_to_contain_text("Awaiting confirmation")
        expert.get_by_role("tab", name="Upcoming").click()
        expect(panel.locator(".booking-card").filter(has_text=client.email)).to_contain_text(
            "Confirmed"
        )

    def test_the_expert_declines_with_a_reason_in_a_keyboard_dialog(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Dana Decline")
        requires_confirmation(api, setup)
        (start,) = free_slots(api, setup, 1)
        booking = book(api, setup, start, "declined@example.com")
        assert booking["status"] == "pending"
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings?show=requests")
        card = bookings_panel(page).locator(".booking-card").filter(has_text="declined@example.com")
        card.get_by_role("button", name=re.compile(r"^Decline \(")).click()
        dialog = page.get_by_role("dialog", name="Decline Someone Else’s request?")
        expect(dialog).to_be_visible()
        # It says which request: its title and time, as cancelling does.
        expect(dialog.locator("strong", has_text="Intro call")).to_be_visible()
        no_horizontal_scroll(page)
        screenshot(page, "decline-dialog")
        # Escape keeps the request; the dialog opens again with the keyboard.
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        card.get_by_role("button", name=re.compile(r"^Decline \(")).focus()
        page.keyboard.press("Enter")
        dialog.get_by_label("Reason (optional)").fill("Fully booked that week")
        dialog.get_by_role("button", name="Decline request").click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_text("No requests are waiting for you.")).to_be_visible()
        answer = api.http.get(f"/api/bookings/{booking['id']}", headers=api.auth(setup.account))
        assert answer.json()["status"] == "declined"
        assert answer.json()["cancelReason"] == "Fully booked that week"

    def test_the_email_s_page_answers_a_request_and_a_decline_reads_once(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        """The expert's "Please confirm" email links to the booking's own page."""
        setup = api.expert("Paula Page")
        requires_confirmation(api, setup)
        first, second = free_slots(api, setup, 2)
        confirmed = book(api, setup, first, "confirm-here@example.com")
        declined = book(api, setup, second, "decline-here@example.com")
        page = new_context(session=setup.account).new_page()

        page.goto(f"/bookings/{confirmed['id']}")
        heading = page.locator("#booking-title")
        expect(heading).to_contain_text("Awaiting confirmation")
        page.get_by_role("button", name=re.compile(r"^Confirm \(")).click()
        expect(heading).to_contain_text("Confirmed")

        page.goto(f"/bookings/{declined['id']}")
        page.get_by_role("button", name=re.compile(r"^Decline \(")).click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_label("Reason (optional)").fill("Away that week")
        dialog.get_by_role("button", name="Decline request").click()
        expect(heading).to_contain_text("Declined")
        # Its client reads who declined and why once, not twice in two wordings.
        client = new_context().new_page()
        client.goto(f"/bookings/{declined['id']}?token={declined['manageToken']}")
        expect(client.get_by_text("Away that week")).to_have_count(1)
        expect(client.locator(".booking-cancelled")).to_have_text(
            "Paula Page declined this request: “Away that week”"
        )

    def test_a_cancelled_booking_is_restored_unless_its_time_was_taken(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Rita Restore")
        first, second = free_slots(api, setup, 2)
        kept = book(api, setup, first, "restored@example.com")
        taken = book(api, setup, second, "taken@example.com")
        for booking in (kept, taken):
            response = api.http.patch(
                f"/api/bookings/{booking['id']}",
                json={"status": "cancelled"},
                headers=api.auth(setup.account),
            )
            assert response.status_code == 200, response.text
        # Someone else takes the second time meanwhile: restoring it is refused.
        assert book(api, setup, second, "newcomer@example.com")["status"] == "confirmed"
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings?show=cancelled")
        panel = bookings_panel(page)
        refused = panel.locator(".booking-card").filter(has_text="taken@example.com")
        refused.get_by_role("button", name=re.compile(r"^Restore \(")).click()
        expect(refused.get_by_role("alert")).to_contain_text(re.compile(r"\w+.*\."))
        card = panel.locator(".booking-card").filter(has_text="restored@example.com")
        card.get_by_role("button", name=re.compile(r"^Restore \(")).click()
        expect(card).to_have_count(0)
        page.get_by_role("tab", name="Upcoming").click()
        expect(
            panel.locator(".booking-card").filter(has_text="restored@example.com")
        ).to_be_visible()


class TestWebhooks:
    def test_a_webhook_made_in_the_dashboard_logs_its_delivery(
        self,
        new_context: Callable[..., Any],
        api: Api,
        receiver: Receiver,
        live_server: str,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Wendy Webhook")
        context = new_context(width=390, height=844, session=setup.account)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server)
        page = context.new_page()
        page.goto("/expert-dashboard")
        page.get_by_role("navigation", name="Dashboard sections").get_by_role(
            "link", name="Webhooks"
        ).click()
        expect(page.get_by_text("No webhooks yet.")).to_be_visible()
        page.get_by_role("button", name="New webhook").click()
        page.get_by_label("Address (URL)").fill(receiver.url)
        # Every event is chosen at first; this one listens to new bookings and cancellations.
        for label in [
            "A request is confirmed",
            "A request is declined",
            "A booking is restored",
            "A booking is moved",
        ]:
            page.get_by_label(label).uncheck()
        page.get_by_role("button", name="Create webhook").click()

        # The secret is shown once, with how to check a call.
        secret_box = page.get_by_label("Signing secret")
        expect(secret_box).not_to_have_value("")
        secret = secret_box.input_value()
        expect(page.get_by_text("X-ExpertBook-Signature")).to_be_visible()
        page.get_by_role("button", name="Copy", exact=True).click()
        assert page.evaluate("navigator.clipboard.readText()") == secret
        no_horizontal_scroll(page)
        screenshot(page, "created")

        item = page.locator(".webhook-item").filter(has_text=receiver.url)
        expect(item).to_contain_text("Sends booking.created and booking.cancelled.")
        item.get_by_role("button", name=f"Deliveries to {receiver.url}").click()
        expect(item.get_by_text("No calls yet")).to_be_visible()

        (start,) = free_slots(api, setup, 1)
        booking = book(api, setup, start, "hooked@example.com")
        # The log shows the call without a reload: the receiver answered 200.
        delivery = item.locator(".delivery").first
        expect(delivery).to_contain_text("A booking is made")
        expect(delivery).to_contain_text("Delivered: answered 200")
        expect(delivery).to_contain_text("Attempt 1")
        assert [call["body"]["event"] for call in receiver.calls] == ["booking.created"]
        assert receiver.calls[0]["body"]["data"]["id"] == booking["id"]
        no_horizontal_scroll(page)
        screenshot(page, "deliveries")

        # Redeliver sends the same message again, and the log shows the new attempt.
        delivery.get_by_role("button", name=re.compile(r"^Redeliver booking\.created")).click()
        expect(item.locator(".delivery")).to_have_count(2)
        assert len(receiver.calls) == 2

        # Paused, it sends nothing; deleted, it is gone.
        item.get_by_role("button", name=f"Pause the webhook to {receiver.url}").click()
        expect(item).to_contain_text("Paused")
        page.get_by_role("button", name=f"Delete the webhook to {receiver.url}").click()
        dialog = page.get_by_role("dialog", name="Delete this webhook?")
        dialog.get_by_role("button", name="Delete webhook").click()
        expect(page.get_by_text("No webhooks yet.")).to_be_visible()


def open_editor(page: Page, title: str) -> Any:
    page.get_by_role("button", name=f"Edit {title}").click()
    return page.get_by_role("form", name=f"Edit {title}")


class TestEventTypeEditor:
    def test_booking_rules_and_a_question_round_trip(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Edda Editor")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard/event-types")
        form = open_editor(page, "Intro call")
        lengths = form.get_by_role("group", name="Lengths offered")
        lengths.get_by_label("60 min").check()
        lengths.get_by_label("15 min").check()
        form.get_by_label("Default length").select_option(label="60 min")
        form.get_by_label("Start times every (minutes)").fill("15")
        reminders = form.get_by_role("group", name="Reminders")
        reminders.get_by_label("1 hour before").uncheck()
        reminders.get_by_label("1 week before").check()
        form.get_by_label("Most bookings of this type a day").fill("3")
        form.get_by_label("Cancellation notice").select_option(label="1 day")
        form.get_by_label("Requires my confirmation").check()
        form.get_by_label("Hidden from your public page").check()
        form.get_by_role("button", name="Add a question").click()
        form.get_by_label("Question 1", exact=True).fill("Company size?")
        form.get_by_label("Answer type of question 1").select_option(label="Choice from a list")
        form.get_by_label("Options of question 1").fill("1–10\n11–100\n\n100+")
        form.get_by_label("Question 1 must be answered").check()
        form.get_by_role("button", name="Add a question").click()
        form.get_by_label("Question 2", exact=True).fill("Company size!")
        no_horizontal_scroll(page)
        screenshot(page, "editor")
        form.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("“Intro call” was saved.")).to_be_visible()

        saved = api.http.get("/api/event-types", headers=api.auth(setup.account)).json()[0]
        assert saved["durationOptions"] == [15, 30, 60]
        assert saved["durationMinutes"] == 60
        assert saved["slotIntervalMinutes"] == 15
        assert sorted(saved["reminderMinutes"]) == [1440, 10080]
        assert saved["limits"] == {"perDay": 3, "perWeek": None}
        assert saved["cancelNoticeMinutes"] == 1440
        assert saved["requiresConfirmation"] is True
        assert saved["hidden"] is True
        assert saved["questions"] == [
            {
                "id": "company-size",
                "label": "Company size?",
                "kind": "select",
                "required": True,
                "options": ["1–10", "11–100", "100+"],
            },
            {
                "id": "company-size-2",
                "label": "Company size!",
                "kind": "text",
                "required": False,
                "options": None,
            },
        ]

        # Opened again, the form shows what was saved.
        item = page.locator(".event-type-item").filter(has_text="Intro call")
        expect(item).to_contain_text("Hidden")
        expect(item).to_contain_text("Needs confirmation")
        form = open_editor(page, "Intro call")
        expect(form.get_by_label("Default length")).to_have_value("60")
        expect(form.get_by_label("Most bookings of this type a day")).to_have_value("3")
        expect(form.get_by_label("Most bookings of this type a week")).to_have_value("")
        expect(form.get_by_label("Question 1", exact=True)).to_have_value("Company size?")
        expect(form.get_by_label("Options of question 1")).to_have_value("1–10\n11–100\n100+")
        # A question without its wording is named next to it; the server is not asked.
        form.get_by_label("Question 2", exact=True).fill("")
        form.get_by_role("button", name="Save changes").click()
        expect(form.get_by_text("Write the question.")).to_be_visible()
        form.get_by_role("button", name="Remove question 2").click()
        form.get_by_role("button", name="Save changes").click()
        expect(page.get_by_text("“Intro call” was saved.")).to_be_visible()
        saved = api.http.get("/api/event-types", headers=api.auth(setup.account)).json()[0]
        assert [q["id"] for q in saved["questions"]] == ["company-size"]

    def test_a_server_refusal_shows_next_to_its_field(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Sven Server")
        page = new_context(session=setup.account).new_page()
        page.goto("/expert-dashboard/event-types")
        form = open_editor(page, "Intro call")
        # Over the API's maximum of 730 days: the browser lets it through, the server says no.
        form.get_by_label("Booking window (days)").fill("9999")
        form.get_by_role("button", name="Save changes").click()
        field = form.locator(".field").filter(has=page.get_by_label("Booking window (days)"))
        expect(field.locator(".field-error")).to_be_visible()


class TestPrivateLinks:
    def test_a_link_is_shown_once_books_once_and_then_shows_as_used(
        self,
        new_context: Callable[..., Any],
        api: Api,
        live_server: str,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Pia Private")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard/event-types")
        page.get_by_role("button", name="Private links for Intro call").click()
        panel = page.get_by_role("region", name="Private links for “Intro call”")
        expect(panel.get_by_text("No private links yet.")).to_be_visible()
        panel.get_by_label("Label (optional)").fill("For Olga")
        panel.get_by_role("button", name="Create link").click()
        url_box = panel.get_by_label("Private link")
        expect(url_box).to_have_value(re.compile(rf"^{re.escape(live_server)}/{setup.username}/"))
        url = url_box.input_value()
        link = panel.locator(".private-link").filter(has_text="For Olga")
        expect(link).to_contain_text("Unused")
        no_horizontal_scroll(page)
        screenshot(page, "created")

        # A guest books through it (through the API, as the booking page would).
        key = parse_qs(urlparse(url).query)["key"][0]
        (start,) = free_slots(api, setup, 1)
        response = api.http.post(
            "/api/bookings",
            json={
                "eventTypeId": setup.event_type["id"],
                "start": start,
                "name": "Olga Guest",
                "email": "olga@example.com",
                "privateKey": key,
            },
        )
        assert response.status_code == 201, response.text
        booking_id = response.json()["id"]

        page.reload()
        page.get_by_role("button", name="Private links for Intro call").click()
        link = panel.locator(".private-link").filter(has_text="For Olga")
        used = link.get_by_role("link", name=re.compile(r"^Used .*: see the booking$"))
        expect(used).to_be_visible()
        # The address is not shown again.
        expect(panel.get_by_label("Private link")).to_have_count(0)
        used.click()
        expect(page).to_have_url(re.compile(rf"/bookings/{booking_id}$"))
        expect(page.get_by_text("olga@example.com")).to_be_visible()

        # A second link is revoked before use.
        page.go_back()
        page.get_by_role("button", name="Private links for Intro call").click()
        panel.get_by_role("button", name="Create link").click()
        unlabelled = panel.locator(".private-link").filter(has_text="Link without a label")
        expect(unlabelled).to_contain_text("Unused")
        unlabelled.get_by_role("button", name="Revoke Link without a label").click()
        expect(unlabelled).to_have_count(0)


class TestCalendarFeedAndExport:
    def test_the_feed_address_is_shown_and_replaced_after_a_warning(
        self,
        new_context: Callable[..., Any],
        api: Api,
        live_server: str,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Fern Feed")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/settings")
        section = page.get_by_role("region", name="Calendar feed")
        address = section.get_by_label("Feed address")
        expect(address).to_have_value(re.compile(rf"^{re.escape(live_server)}/api/calendar/"))
        old = address.input_value()
        subscribe = section.get_by_role("link", name="Subscribe in my calendar app")
        expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://"))
        assert api.http.get(old.removeprefix(live_server)).status_code == 200
        no_horizontal_scroll(page)
        screenshot(page, "feed")

        section.get_by_role("button", name="Replace address").click()
        dialog = page.get_by_role("dialog", name="Replace your calendar feed address?")
        expect(dialog).to_contain_text("stops working at once")
        screenshot(page, "feed-dialog")
        dialog.get_by_role("button", name="Replace address").click()
        expect(section.get_by_text("The address was replaced.")).to_be_visible()
        expect(address).not_to_have_value(old)
        assert api.http.get(old.removeprefix(live_server)).status_code == 404

    def test_bookings_download_as_csv_and_the_daily_cap_saves(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Ezra Export")
        (start,) = free_slots(api, setup, 1)
        book(api, setup, start, "exported@example.com")
        page = new_context(width=390, height=844, session=setup.account).new_page()
        page.goto("/expert-dashboard/bookings")
        export = page.get_by_role("region", name="Export bookings")
        with page.expect_download() as info:
            export.get_by_role("button", name="Download CSV").click()
        download = info.value
        assert download.suggested_filename.endswith(".csv")
        text = Path(download.path()).read_text(encoding="utf-8-sig")
        assert "exported@example.com" in text
        expect(export.get_by_text(f"Saved as {download.suggested_filename}.")).to_be_visible()
        # The first day after the last is refused before asking the server.
        export.get_by_label("From").fill("2030-02-01")
        export.get_by_label("To").fill("2030-01-01")
        export.get_by_role("button", name="Download CSV").click()
        expect(
            export.get_by_text("The first day must not come after the last one.")
        ).to_be_visible()
        no_horizontal_scroll(page)
        screenshot(page, "export")

        page.goto("/expert-dashboard/settings")
        cap = page.get_by_role("region", name="Daily cap")
        cap.get_by_label("Most bookings a day").fill("4")
        cap.get_by_role("button", name="Save daily cap").click()
        expect(cap.get_by_text("Saved: at most 4 bookings a day.")).to_be_visible()
        page.reload()
        expect(cap.get_by_label("Most bookings a day")).to_have_value("4")
        cap.get_by_label("Most bookings a day").fill("")
        cap.get_by_role("button", name="Save daily cap").click()
        expect(cap.get_by_text("No daily cap")).to_be_visible()
        no_horizontal_scroll(page)
        screenshot(page, "cap")
