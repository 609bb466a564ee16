"""Every email is in its reader's language: a client's is the one they booked in (the web
app sends it as Accept-Language), an account holder's the one their account keeps."""

from datetime import datetime, timedelta

import httpx
from icalendar import Calendar

from expertbook.outbox.worker import OutboxWorker
from tests import factories
from tests.auth.test_accounts import assert_error
from tests.notifications.receivers import SmtpServer
from tests.notifications.test_booking_emails import calendar_of, html_of, text_of

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}
CLIENT = "kundin@example.com"
WEEKDAYS_DE = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
MONTHS_DE = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
             "September", "Oktober", "November", "Dezember")  # fmt: skip


async def german_expert(api: httpx.AsyncClient) -> dict:  # type: ignore[type-arg]
    expert = await factories.expert(api, "Erika Expert", timezone="Europe/Berlin")
    response = await api.patch("/api/auth/me", json={"language": "de"}, headers=expert["headers"])
    assert response.status_code == 200, response.text
    assert response.json()["language"] == "de"
    return expert


async def book_in(
    api: httpx.AsyncClient,
    event: dict,  # type: ignore[type-arg]
    headers: dict[str, str],
    **fields: object,
) -> dict:  # type: ignore[type-arg]
    start = factories.at(factories.future_day(3), 14)
    return await factories.book(
        api, event, start, headers=headers, name="Klara Kundin", email=CLIENT, **fields
    )


class TestEmailLanguages:
    async def test_a_client_reads_the_language_they_booked_in_and_the_expert_their_own(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert = await factories.expert(api, "Erika Expert", timezone="Europe/Berlin")
        assert expert["user"]["language"] == "en"  # registered without a German browser
        event = await factories.event_type(api, expert, title="Steuerberatung")
        booking = await book_in(api, event, GERMAN, timezone="Europe/Berlin")
        assert booking["language"] == "de"  # the expert (and their webhooks) can tell
        await worker.drain()

        [to_client] = smtp.to(CLIENT)
        assert to_client["Subject"].startswith("Bestätigt: Steuerberatung mit Erika Expert, ")
        text = text_of(to_client)
        assert "Ihre Buchung für Steuerberatung mit Erika Expert ist bestätigt." in text
        assert "Wann: " in text and "Buchung verwalten: " in text
        # The date in German words and order: "Freitag, 4. Dezember 2026, 15:00–15:30".
        assert any(f"{day}, " in text for day in WEEKDAYS_DE)
        assert any(f". {month} " in text for month in MONTHS_DE)
        assert "Buchung verwalten" in html_of(to_client)
        assert '<html lang="de">' in html_of(to_client)
        event_ics = calendar_of(to_client).walk("VEVENT")[0]
        assert str(event_ics["SUMMARY"]) == "Steuerberatung mit Erika Expert"
        assert "gebucht über ExpertBook" in str(event_ics["DESCRIPTION"])

        [to_expert] = smtp.to(expert["user"]["email"])
        assert to_expert["Subject"].startswith("New booking: Steuerberatung with Klara Kundin, ")
        assert "Manage this booking" in text_of(to_expert)
        assert '<html lang="en">' in html_of(to_expert)
        assert str(calendar_of(to_expert).walk("VEVENT")[0]["SUMMARY"]).endswith(
            " with Klara Kundin"
        )

    async def test_an_account_reads_the_language_it_keeps_and_can_change_it(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert = await german_expert(api)
        event = await factories.event_type(api, expert, title="Beratung")
        booking = await book_in(api, event, {})  # an English client
        await worker.drain()
        [to_expert] = smtp.to(expert["user"]["email"])
        assert to_expert["Subject"].startswith("Neue Buchung: Beratung mit Klara Kundin, ")
        assert "Klara Kundin hat Beratung bei Ihnen gebucht." in text_of(to_expert)
        [to_client] = smtp.to(CLIENT)
        assert to_client["Subject"].startswith("Confirmed: Beratung with Erika Expert, ")

        # Refused as it is, and nothing changes.
        refused = await api.patch(
            "/api/auth/me", json={"language": "fr"}, headers=expert["headers"]
        )
        assert_error(refused, 422, "validation_error")
        me = await api.get("/api/auth/me", headers=expert["headers"])
        assert me.json()["language"] == "de"

        back = await api.patch("/api/auth/me", json={"language": "en"}, headers=expert["headers"])
        assert back.json()["language"] == "en"
        cancel = await api.patch(
            f"/api/bookings/{booking['id']}",
            json={"status": "cancelled", "reason": "Krank"},
            headers=expert["headers"],
        )
        assert cancel.status_code == 200, cancel.text
        await worker.drain()
        assert smtp.to(expert["user"]["email"])[-1]["Subject"].startswith("Cancelled: Beratung")

    async def test_a_signup_keeps_the_language_it_was_made_in(self, api: httpx.AsyncClient) -> None:
        body = {"name": "Greta", "email": "greta@example.com", "password": factories.PASSWORD}
        response = await api.post("/api/auth/register", json=body, headers=GERMAN)
        assert response.status_code == 201, response.text
        assert response.json()["user"]["language"] == "de"
        token = response.json()["token"]
        me = await api.get("/api/auth/me", headers=factories.auth(token))
        assert me.json()["language"] == "de"

    async def test_reminders_and_a_guest_invited_read_the_clients_language(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert = await factories.expert(api, "Erika Expert")
        event = await factories.event_type(api, expert, title="Workshop", reminderMinutes=[60])
        booking = await book_in(api, event, GERMAN, guests=["gast@example.com"])
        await worker.drain()
        [to_guest] = smtp.to("gast@example.com")
        guest_text = text_of(to_guest)
        assert guest_text.startswith("Bestätigt: Workshop")
        assert (
            "Klara Kundin hat Sie als Gast eingeladen. Die Buchung von Klara Kundin für "
            "Workshop mit Erika Expert ist bestätigt." in guest_text
        )
        assert "wenden Sie sich an Klara Kundin" in guest_text
        assert "token=" not in guest_text

        start = datetime.fromisoformat(booking["start"])
        await worker.drain(now=start - timedelta(minutes=59))
        reminder = smtp.to(CLIENT)[-1]
        assert reminder["Subject"].startswith("Erinnerung: Workshop mit Erika Expert, ")
        assert "Workshop mit Erika Expert beginnt in 1 Stunde." in text_of(reminder)
        assert smtp.to(expert["user"]["email"])[-1]["Subject"].startswith("Reminder: Workshop")

    async def test_a_password_reset_reads_the_language_of_the_page_it_was_asked_on(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        user = await factories.register(api)
        email = user["user"]["email"]
        response = await api.post("/api/auth/password-reset", json={"email": email}, headers=GERMAN)
        assert response.status_code == 202, response.text
        assert response.json()["message"] == (
            "Wenn ein Konto diese E-Mail-Adresse verwendet, ist ein Link zum Zurücksetzen des "
            "Passworts unterwegs."
        )
        await worker.drain()
        [message] = smtp.to(email)
        assert message["Subject"] == "Ihr ExpertBook-Passwort zurücksetzen"
        assert "Neues Passwort wählen: " in text_of(message)

    async def test_the_waitlist_writes_in_the_language_it_was_joined_in(
        self, api: httpx.AsyncClient, worker: OutboxWorker, smtp: SmtpServer
    ) -> None:
        expert = await factories.expert(api, "Erika Expert")
        event = await factories.event_type(api, expert, title="Kurs")
        taken = await book_in(api, event, {})
        body = {"eventTypeId": event["id"], "start": taken["start"], "name": "Wanda",
                "email": "wanda@example.com", "timezone": "Europe/Vienna"}  # fmt: skip
        response = await api.post("/api/waitlist", json=body, headers=GERMAN)
        assert response.status_code == 201, response.text
        await worker.drain()
        [joined] = smtp.to("wanda@example.com")
        assert joined["Subject"].startswith("Auf der Warteliste: Kurs, ")
        assert "Sie sind als Nächstes an der Reihe." in text_of(joined)

        cancel = await api.patch(
            f"/api/bookings/{taken['id']}", json={"status": "cancelled"}, headers=expert["headers"]
        )
        assert cancel.status_code == 200, cancel.text
        await worker.drain()
        offered = smtp.to("wanda@example.com")[-1]
        assert offered["Subject"].startswith("Ein Platz ist frei: Kurs, ")
        assert "(Europe/Vienna)" in text_of(offered)

    async def test_a_calendar_file_downloaded_reads_the_askers_language(
        self, api: httpx.AsyncClient
    ) -> None:
        expert = await factories.expert(api, "Erika Expert")
        event = await factories.event_type(api, expert, title="Sprechstunde")
        booking = await book_in(api, event, {})
        url = f"/api/bookings/{booking['id']}/ics"
        params = {"token": booking["manageToken"]}
        german = await api.get(url, params=params, headers=GERMAN)
        english = await api.get(url, params=params)
        assert german.headers["Vary"] == "Accept-Language"
        summary = {
            language: str(Calendar.from_ical(response.content).walk("VEVENT")[0]["SUMMARY"])
            for language, response in (("de", german), ("en", english))
        }
        assert summary == {
            "de": "Sprechstunde mit Erika Expert",
            "en": "Sprechstunde with Erika Expert",
        }
