"""An expert cancels a booking and asks the client to book another time: the time frees,
and the client's email links to the booking page with their name and email filled in."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.notifications.receivers import SmtpServer
from tests.notifications.test_booking_emails import html_of, text_of

CLIENT = "gus.guest+tax@example.com"
GUEST = "friend@example.com"
GERMAN = {"Accept-Language": "de"}


async def booked(
    api: httpx.AsyncClient, headers: dict[str, str] | None = None
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    expert = await factories.expert(api, "Erika Expert", timezone="Europe/Berlin")
    event = await factories.event_type(api, expert, title="Tax advice", slug="tax-advice")
    booking = await factories.book(
        api,
        event,
        factories.at(factories.future_day(3), 14),
        headers=headers,
        name="Gus Guest & Co",
        email=CLIENT,
        guests=[GUEST],
    )
    return expert, event, booking


async def ask_to_rebook(
    api: httpx.AsyncClient, booking: dict[str, Any], headers: dict[str, str], **body: Any
) -> httpx.Response:
    return await api.patch(
        f"/api/bookings/{booking['id']}",
        json={"status": "cancelled", "rescheduleRequested": True, **body},
        headers=headers,
    )


async def free_starts(
    api: httpx.AsyncClient, expert: dict[str, Any], event: dict[str, Any]
) -> set[str]:
    day = factories.future_day(3).isoformat()
    response = await api.get(
        f"/api/experts/{expert['expert']['username']}/slots",
        params={"eventTypeId": event["id"], "start": day, "end": day},
    )
    assert response.status_code == 200, response.text
    return {slot["start"] for d in response.json()["days"] for slot in d["slots"]}


class TestAskingForAnotherTime:
    async def test_the_expert_cancels_and_the_client_is_sent_to_book_again(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, event, booking = await booked(api)
        start = booking["start"].replace("+00:00", "Z")
        assert start not in await free_starts(api, expert, event)
        await worker.drain()
        smtp.received.clear()

        response = await ask_to_rebook(
            api, booking, expert["headers"], reason="I am travelling that day."
        )
        assert response.status_code == 200, response.text
        read = response.json()
        assert read["status"] == "cancelled" and read["rescheduleRequested"] is True
        assert read["cancelledBy"] == "expert"
        assert read["cancelReason"] == "I am travelling that day."
        assert start in await free_starts(api, expert, event)
        # The client's view of it says so too.
        mine = await api.get(
            f"/api/bookings/{booking['id']}", params={"token": booking["manageToken"]}
        )
        assert mine.json()["rescheduleRequested"] is True

        await worker.drain()
        [to_client] = smtp.to(CLIENT)
        assert to_client["Subject"].startswith("Please book another time: Tax advice with Erika")
        text = text_of(to_client)
        assert "Erika Expert cancelled Tax advice and asks you to book another time." in text
        assert "I am travelling that day." in text
        assert "Manage this booking" not in text
        assert booking["location"]["joinUrl"] not in text  # no meeting to join any more
        # The button opens the event type's page with the client's name and email in it.
        link = next(word for word in text.split() if "/tax-advice?" in word).strip("()<>")
        parts = urlsplit(link)
        assert parts.path == f"/{expert['expert']['username']}/tax-advice"
        assert parse_qs(parts.query) == {"name": ["Gus Guest & Co"], "email": [CLIENT]}
        assert link.replace("&", "&amp;") in html_of(to_client)
        assert "Book another time" in html_of(to_client)

        [to_expert] = smtp.to(expert["user"]["email"])
        assert to_expert["Subject"].startswith("Cancelled: Tax advice with Gus Guest & Co")
        assert "You cancelled Tax advice and asked Gus Guest & Co to book another time." in (
            text_of(to_expert)
        )
        # An invited guest is told, and left to the client, without the client's link.
        [to_guest] = smtp.to(GUEST)
        assert to_guest["Subject"].startswith("Cancelled: Tax advice")
        assert "asked Gus Guest & Co to book another time" in text_of(to_guest)
        assert "/tax-advice?" not in text_of(to_guest)

        # The client books again from the link's page, as a new booking.
        again = await factories.book(
            api,
            event,
            factories.at(factories.future_day(3), 15),
            name="Gus Guest & Co",
            email=CLIENT,
        )
        assert again["status"] == "confirmed" and again["rescheduleRequested"] is False

    async def test_the_client_reads_it_in_the_language_they_booked_in(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, _, booking = await booked(api, GERMAN)
        assert (await ask_to_rebook(api, booking, expert["headers"])).status_code == 200
        await worker.drain()
        [to_client] = [m for m in smtp.to(CLIENT) if not m["Subject"].startswith("Bestätigt")]
        assert to_client["Subject"].startswith("Bitte buchen Sie einen neuen Termin: Tax advice")
        text = text_of(to_client)
        assert "Erika Expert hat Tax advice storniert und bittet Sie" in text
        assert "Neuen Termin buchen" in html_of(to_client)

    async def test_only_the_expert_asks_and_only_by_cancelling(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, _, booking = await booked(api)
        path = f"/api/bookings/{booking['id']}"
        client = await api.patch(
            path,
            params={"token": booking["manageToken"]},
            json={"status": "cancelled", "rescheduleRequested": True},
        )
        assert client.status_code == 403
        assert client.json()["error"]["message"] == (
            "Only the expert can ask the client to pick another time."
        )
        confirmed = await api.patch(
            path,
            json={"status": "confirmed", "rescheduleRequested": True},
            headers=expert["headers"],
        )
        assert confirmed.status_code == 422
        assert "Asking for another time cancels the booking." in confirmed.text
        unchanged = await api.get(path, headers=expert["headers"])
        assert unchanged.json()["status"] == "confirmed"
        assert unchanged.json()["rescheduleRequested"] is False

        # A plain cancellation cannot become a request afterwards…
        cancelled = await api.patch(path, json={"status": "cancelled"}, headers=expert["headers"])
        assert cancelled.json()["rescheduleRequested"] is False
        late = await ask_to_rebook(api, booking, expert["headers"])
        assert late.status_code == 409
        assert late.json()["error"]["message"] == "This booking is already cancelled."

    async def test_asking_again_changes_nothing_and_a_restore_clears_it(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, _, booking = await booked(api)
        first = await ask_to_rebook(api, booking, expert["headers"])
        again = await ask_to_rebook(api, booking, expert["headers"])
        assert again.status_code == 200
        assert again.json()["sequence"] == first.json()["sequence"]
        await worker.drain()
        assert len(smtp.to(CLIENT)) == 2  # the booking, then one request to book again

        restored = await api.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "confirmed"},
            headers=expert["headers"],
        )
        assert restored.status_code == 200, restored.text
        assert restored.json()["rescheduleRequested"] is False
        assert restored.json()["cancelledBy"] is None
