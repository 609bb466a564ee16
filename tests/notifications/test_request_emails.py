"""Requests, their answers, and guests: every state change tells everyone concerned."""

import json

import httpx

from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.notifications.receivers import HttpReceiver, SmtpServer
from tests.notifications.test_booking_emails import calendar_of, text_of

CLIENT = "asker@example.com"


class TestRequestEmails:
    async def test_a_request_then_its_confirmation_and_a_declined_one(
        self,
        api: httpx.AsyncClient,
        worker: OutboxWorker,
        smtp: SmtpServer,
        receiver: HttpReceiver,
    ) -> None:
        expert = await factories.expert(api, "Vera Vetting")
        event = await factories.event_type(
            api, expert, title="Review", requiresConfirmation=True, reminderMinutes=[]
        )
        hook = await api.post(
            "/api/webhooks",
            json={"url": receiver.url, "events": ["booking.confirmed", "booking.declined"]},
            headers=expert["headers"],
        )
        assert hook.status_code == 201
        first = await factories.book(
            api, event, factories.at(factories.future_day(3), 10), email=CLIENT
        )
        second = await factories.book(
            api, event, factories.at(factories.future_day(3), 12), email=CLIENT
        )
        await worker.drain()
        sent = [m["Subject"].split(":")[0] for m in smtp.to(CLIENT)]
        assert sent == ["Request sent", "Request sent"]
        ask = smtp.to(expert["user"]["email"])[0]
        assert ask["Subject"].startswith("Please confirm: Review")
        assert "Confirm or decline it" in text_of(ask)
        [vevent] = calendar_of(ask).walk("VEVENT")
        assert str(vevent["STATUS"]) == "TENTATIVE"

        for booking, status in ((first, "confirmed"), (second, "declined")):
            response = await api.patch(
                f"/api/bookings/{booking['id']}",
                json={"status": status, "reason": "Fully booked" if status == "declined" else None},
                headers=expert["headers"],
            )
            assert response.status_code == 200, response.text
        await worker.drain()
        # Delivered side by side: in any order.
        subjects = sorted(m["Subject"].split(":")[0] for m in smtp.to(CLIENT))
        assert subjects == ["Confirmed", "Declined", "Request sent", "Request sent"]
        [declined] = [m for m in smtp.to(CLIENT) if m["Subject"].startswith("Declined")]
        assert "Vera Vetting declined your request for Review" in text_of(declined)
        assert "Fully booked" in text_of(declined)
        # Only the confirmed booking's emails offer its meeting to join.
        for message in smtp.to(CLIENT):
            joins = [b["location"]["joinUrl"] for b in (first, second)]
            offered = [link for link in joins if link in text_of(message)]
            confirmed = message["Subject"].startswith("Confirmed")
            assert offered == ([first["location"]["joinUrl"]] if confirmed else [])
        assert str(calendar_of(declined)["METHOD"]) == "CANCEL"
        events = sorted(json.loads(call.body)["event"] for call in receiver.calls)
        assert events == ["booking.confirmed", "booking.declined"]

    async def test_guests_get_the_invitation_without_the_manage_link(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert = await factories.expert(api)
        event = await factories.event_type(api, expert, title="Planning", reminderMinutes=[])
        await factories.book(
            api,
            event,
            factories.at(factories.future_day(3), 10),
            name="Cleo Client",
            email=CLIENT,
            guests=["friend@example.com"],
        )
        await worker.drain()
        [invite] = smtp.to("friend@example.com")
        assert "Cleo Client invited you as a guest" in text_of(invite)
        assert "token=" not in text_of(invite)
        assert str(calendar_of(invite)["METHOD"]) == "REQUEST"
