"""Both parties get an email for every change of a booking, once, in their own time zone,
with a calendar file their calendar understands."""

from email.message import EmailMessage
from typing import Any

import httpx
from icalendar import Calendar

from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.notifications.receivers import SmtpServer

CLIENT = "guest@example.com"


def calendar_of(message: EmailMessage) -> Calendar:
    parts = [
        part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    assert len(parts) == 1, "one calendar file attached"
    return Calendar.from_ical(parts[0].get_content())


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def html_of(message: EmailMessage) -> str:
    body = message.get_body(("html",))
    assert body is not None
    return str(body.get_content())


async def booked(api: httpx.AsyncClient, **fields: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """An expert in Berlin booked by a guest in New York, 3 days ahead at 14:00 UTC."""
    expert = await factories.expert(api, "Erika Expert", timezone="Europe/Berlin")
    event = await factories.event_type(api, expert, title="Tax advice", **fields)
    day = factories.future_day(3)
    booking = await factories.book(
        api,
        event,
        factories.at(day, 14),
        name="Gus Guest",
        email=CLIENT,
        timezone="America/New_York",
        notes="About my return",
    )
    return expert, booking


class TestBookingEmails:
    async def test_a_booking_mails_both_parties_once_in_their_own_time_zone(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, booking = await booked(api)
        await worker.drain()
        await worker.drain()  # nothing twice

        [to_client] = smtp.to(CLIENT)
        [to_expert] = smtp.to(expert["user"]["email"])
        assert len(smtp.received) == 2
        assert to_client["Subject"].startswith("Confirmed: Tax advice with Erika Expert")
        assert to_expert["Subject"].startswith("New booking: Tax advice with Gus Guest")
        # 14:00 UTC is 09:00 or 10:00 in New York and 15:00 in Berlin (with daylight saving
        # one hour more): each reads their own clock, and the zone is named.
        assert "(America/New_York)" in text_of(to_client)
        assert "(Europe/Berlin)" in text_of(to_expert)
        assert "14:00" not in text_of(to_client) and "14:00" not in text_of(to_expert)
        # The join link, and a manage link that opens the booking without an account.
        join = booking["location"]["joinUrl"]
        assert join in text_of(to_client) and join in html_of(to_client)
        manage = f"/bookings/{booking['id']}?token={booking['manageToken']}"
        assert manage in text_of(to_client)
        assert "token=" not in text_of(to_expert)
        assert "About my return" in text_of(to_expert)
        # Replying reaches the other person.
        assert to_client["Reply-To"] == f"Erika Expert <{expert['user']['email']}>"
        assert to_expert["Reply-To"] == f"Gus Guest <{CLIENT}>"

        invite = calendar_of(to_client)
        assert invite["METHOD"] == "REQUEST"
        [event] = invite.walk("VEVENT")
        assert str(event["UID"]) == f"{booking['id']}@expertbook"
        assert int(event["SEQUENCE"]) == 0

    async def test_the_manage_link_in_the_email_opens_the_booking(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        _, booking = await booked(api)
        await worker.drain()
        [to_client] = smtp.to(CLIENT)
        token = text_of(to_client).split("token=", 1)[1].split()[0].rstrip(")")
        response = await api.get(f"/api/bookings/{booking['id']}", params={"token": token})
        assert response.status_code == 200, response.text

    async def test_cancel_reschedule_and_restore_each_tell_both_with_a_growing_sequence(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert, booking = await booked(api)
        token = {"token": booking["manageToken"]}
        path = f"/api/bookings/{booking['id']}"
        new_start = factories.at(factories.future_day(4), 10)
        moved = await api.post(f"{path}/reschedule", params=token, json={"start": new_start})
        assert moved.status_code == 200, moved.text
        cancelled = await api.patch(
            path, params=token, json={"status": "cancelled", "reason": "I am ill"}
        )
        assert cancelled.status_code == 200, cancelled.text
        restored = await api.patch(path, params=token, json={"status": "confirmed"})
        assert restored.status_code == 200, restored.text
        await worker.drain()

        for address in (CLIENT, expert["user"]["email"]):
            messages = smtp.to(address)
            subjects = [message["Subject"].split(":", 1)[0] for message in messages]
            assert sorted(subjects) == sorted(
                [
                    "Confirmed" if address == CLIENT else "New booking",
                    "New time",
                    "Cancelled",
                    "Back on",
                ]
            )
            by_kind = dict(zip(subjects, messages, strict=True))
            calendars = {kind: calendar_of(message) for kind, message in by_kind.items()}
            methods = {kind: str(cal["METHOD"]) for kind, cal in calendars.items()}
            assert methods["Cancelled"] == "CANCEL"
            assert methods["New time"] == methods["Back on"] == "REQUEST"
            sequences = {
                kind: int(next(iter(cal.walk("VEVENT")))["SEQUENCE"])
                for kind, cal in calendars.items()
            }
            assert sequences["New time"] == 1
            assert sequences["Cancelled"] == 2
            assert sequences["Back on"] == 3
            uids = {str(next(iter(cal.walk("VEVENT")))["UID"]) for cal in calendars.values()}
            assert uids == {f"{booking['id']}@expertbook"}
            assert "I am ill" in text_of(by_kind["Cancelled"])
        [to_expert_cancel] = [
            m for m in smtp.to(expert["user"]["email"]) if m["Subject"].startswith("Cancelled")
        ]
        assert "Gus Guest cancelled Tax advice" in text_of(to_expert_cancel)

    async def test_without_smtp_each_message_is_an_eml_file(
        self, database_url: str, tmp_path: Any
    ) -> None:
        from tests.conftest import empty_tables
        from tests.notifications.conftest import notifying_app

        app = notifying_app(database_url, outbox_dir=tmp_path)
        await empty_tables(app.state.database.engine)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as api:
            await booked(api, reminderMinutes=[])
            await app.state.outbox_worker.drain()
            await app.state.outbox_worker.drain()
        await app.state.database.dispose()
        files = sorted(tmp_path.glob("*.eml"))
        assert len(files) == 2
        texts = [file.read_text() for file in files]
        assert all("booking.created" in file.name for file in files)
        assert any(f"To: Gus Guest <{CLIENT}>" in text for text in texts)
        assert not list(tmp_path.glob("*.tmp"))


def test_names_and_subjects_beyond_ascii_arrive_intact() -> None:
    import email
    import email.policy

    from expertbook.mail.compose import Mail, render
    from expertbook.mail.transport import EML_POLICY

    mail = Mail(
        to_address="juergen@example.com",
        to_name="Jürgen Müller",
        language="de",
        subject="Bestätigt: Beratung mit Zoë, Fr 4 Dez, 15:00",
        heading="Bestätigt",
        intro="Ihre Buchung steht – bis bald.",
        reply_to="Zoë Ärztin <zoe@example.com>",
    )
    raw = render(mail, sender="ExpertBook <no-reply@example.com>", message_id="x").as_bytes(
        policy=EML_POLICY
    )
    assert raw.isascii()
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert parsed["To"] == "Jürgen Müller <juergen@example.com>"
    assert parsed["Subject"] == "Bestätigt: Beratung mit Zoë, Fr 4 Dez, 15:00"
    assert parsed["Reply-To"] == "Zoë Ärztin <zoe@example.com>"
    body = parsed.get_body(("plain",))
    assert body is not None and "Ihre Buchung steht – bis bald." in body.get_content()
