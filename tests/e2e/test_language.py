"""Language (issue 11 §7): a German browser gets German words and German dates on the public
booking page; the switcher in the footer changes the language by keyboard, for good. The
emails follow: a guest's in the language they booked in, an account's in the one on screen."""

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.booking_flow import FREE_DAY, time_buttons
from tests.e2e.conftest import Api
from tests.e2e.mail import plain_text, wait_for_email
from tests.e2e.test_seats import first_slot

PHONE = {"width": 390, "height": 844}
GERMAN_DATE = re.compile(
    r"^(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. "
    r"(Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember) "
    r"\d{4}$"
)
ENGLISH_DATE = re.compile(
    r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), "
    r"(January|February|March|April|May|June|July|August|September|October|November|December) "
    r"\d{1,2}, \d{4}"
)


def assert_no_sideways_scroll(page: Page, name: str) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name} is {width}px wide on a {PHONE['width']}px screen"


def pick_first_free_day_in_german(page: Page) -> None:
    for _ in range(3):
        expect(page.locator(".calendar-footer")).not_to_have_text("Freie Termine werden geladen …")
        days = page.locator(FREE_DAY)
        if days.count() > 0:
            days.first.click()
            return
        page.get_by_role("button", name="Zum nächsten Monat").click()
    raise AssertionError("no free day within three months")


class TestGermanBrowser:
    def test_books_in_german_then_switches_to_english_by_keyboard_for_good(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Path,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Erika Muster")
        page = new_context(locale="de-DE", timezone_id="Europe/Berlin", **PHONE).new_page()
        page.goto(f"/{setup.username}/intro-call")

        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page).to_have_title("Termin bei Erika Muster buchen · ExpertBook")
        expect(page.get_by_role("combobox", name="Zeitzone")).to_have_value("Europe/Berlin")
        expect(page.get_by_text("Die Zeiten werden in dieser Zeitzone angezeigt")).to_be_visible()
        expect(page.get_by_role("group", name="Zeitformat")).to_be_visible()
        # Weekday headings and the month come from Intl, in German; weeks start on Monday.
        expect(page.locator(".rdp-weekday").first).to_have_attribute("aria-label", "Montag")
        caption = page.locator(".rdp-caption_label").first
        expect(caption).to_have_text(
            re.compile(
                r"^(Januar|Februar|März|April|Mai|Juni|Juli|"
                r"August|September|Oktober|November|Dezember) \d{4}$"
            )
        )
        pick_first_free_day_in_german(page)
        expect(page.locator(".times-title")).to_have_text(GERMAN_DATE)
        # A German browser reads the 24-hour clock.
        expect(time_buttons(page).first).to_have_text(re.compile(r"^\d{2}:\d{2}$"))
        screenshot(page, "calendar-de")
        assert_no_sideways_scroll(page, "the German booking page")

        time_buttons(page).first.click()
        expect(page.get_by_role("heading", name="Ihre Angaben")).to_be_focused()
        page.get_by_label("Name", exact=True).fill("Gustav Gast")
        page.get_by_label("E-Mail").fill("gustav@example.com")
        page.get_by_role("button", name="Buchung bestätigen").click()
        expect(page.get_by_role("heading", name="Ihr Termin ist gebucht!")).to_be_visible()
        expect(
            page.get_by_text("Wir haben die Details an gustav@example.com geschickt.")
        ).to_be_visible()
        expect(page.locator(".details dd").first).to_contain_text(
            re.compile(r"(Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag), \d{1,2}\. ")
        )
        expect(page.get_by_role("heading", name="Diesen Link aufbewahren")).to_be_visible()
        screenshot(page, "confirmation-de")
        assert_no_sideways_scroll(page, "the German confirmation")
        # The guest's email is German too; the expert's account reads English.
        mail = wait_for_email(
            outbox, "gustav@example.com", "Bestätigt: Intro call mit Erika Muster"
        )
        assert "Ihre Buchung für Intro call mit Erika Muster ist bestätigt." in plain_text(mail)
        # Read on the same phone, the email fits it too (long join links wrap).
        html = mail.get_body(preferencelist=("html",))
        assert html is not None
        mail_page = page.context.new_page()
        mail_page.set_content(str(html.get_content()))
        expect(mail_page.get_by_role("link", name="Buchung verwalten")).to_be_visible()
        screenshot(mail_page, "email-de")
        assert_no_sideways_scroll(mail_page, "the German email")
        mail_page.close()
        wait_for_email(outbox, setup.account.email, "New booking: Intro call with Gustav Gast")

        # The switcher: a labelled select in the footer, changed with the keyboard alone.
        switcher = page.get_by_label("Sprache")
        expect(switcher).to_have_value("de")
        switcher.focus()
        page.keyboard.press("ArrowUp")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_label("Language")).to_have_value("en")
        expect(page.get_by_role("heading", name="Keep this link")).to_be_visible()
        expect(page.locator(".details dd").first).to_contain_text(ENGLISH_DATE)

        # The choice outlives a reload, though the browser still asks for German.
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("heading", name="Keep this link")).to_be_visible()
        expect(page.locator(".details dd").first).to_contain_text(ENGLISH_DATE)
        expect(page.get_by_label("Language")).to_have_value("en")
        screenshot(page, "confirmation-en-after-reload")

    def test_an_english_browser_gets_english_without_the_german_messages(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        page = new_context().new_page()
        german: list[str] = []
        page.on("request", lambda r: german.append(r.url) if "/assets/de-" in r.url else None)
        page.goto(f"/{setup.username}/intro-call")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("combobox", name="Time zone")).to_be_visible()
        expect(page.get_by_label("Language")).to_have_value("en")
        assert german == [], f"an English visitor loaded {german}"

    def test_the_signed_in_pages_fit_a_phone_in_german_and_the_emails_follow(
        self,
        new_context: Callable[..., Any],
        api: Api,
        outbox: Path,
        screenshot: Callable[[Any, str], Any],
    ) -> None:
        setup = api.expert("Erika Muster")
        assert setup.account.user["language"] == "en"  # made over the API, in English
        context = new_context(locale="de-DE", session=setup.account, **PHONE)
        page = context.new_page()

        def language_saved(response: Any) -> bool:
            return response.request.method == "PATCH" and response.url.endswith("/api/auth/me")

        # Seen in German, the account keeps German for its emails.
        with page.expect_response(language_saved) as saved:
            page.goto("/expert-dashboard/availability")
        assert saved.value.json()["language"] == "de"
        me = api.http.get("/api/auth/me", headers=api.auth(setup.account)).json()
        assert me["language"] == "de"
        assert api.book(setup.event_type["id"], first_slot(api, setup)).status_code == 201
        wait_for_email(outbox, setup.account.email, "Neue Buchung: Intro call mit Someone Else")

        expect(page.get_by_role("heading", name="Verfügbarkeit")).to_be_visible()
        expect(page.get_by_role("group", name="Wöchentliche Zeiten")).to_be_visible()
        expect(page.locator(".weekday-name").first).to_have_text("Montag")
        expect(page).to_have_title("Verfügbarkeit · Experten-Dashboard · ExpertBook")
        screenshot(page, "availability-de")
        assert_no_sideways_scroll(page, "the German availability editor")

        page.goto("/expert-dashboard/event-types")
        expect(page.get_by_role("heading", name="Terminarten")).to_be_visible()
        expect(page.get_by_role("button", name="Intro call bearbeiten")).to_be_visible()
        assert_no_sideways_scroll(page, "the German event types")

        page.goto("/settings")
        expect(page.get_by_role("heading", name="Kontoeinstellungen")).to_be_visible()
        expect(page.get_by_text("E-Mails an Sie kommen auf Deutsch.")).to_be_visible()
        screenshot(page, "settings-de")
        assert_no_sideways_scroll(page, "the German account settings")
        # The settings name the language too; choosing English there keeps it for the emails.
        with page.expect_response(language_saved) as saved:
            page.get_by_label("Sprache der Seiten und E-Mails").select_option("en")
        assert saved.value.json()["language"] == "en"
        expect(page.get_by_text("Emails to you are in English.")).to_be_visible()
        me = api.http.get("/api/auth/me", headers=api.auth(setup.account)).json()
        assert me["language"] == "en"
        page.get_by_label("Language of pages and emails").select_option("de")
        expect(page.get_by_text("E-Mails an Sie kommen auf Deutsch.")).to_be_visible()

        page.get_by_role("button", name="Menü").click()
        expect(page.get_by_role("link", name="Meine Buchungen")).to_be_visible()
        screenshot(page, "menu-de")
