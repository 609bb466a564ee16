"""Field errors read as sentences, sit next to their fields and go away when edited; the
username preview never shows a link that cannot exist (issue 11 §2)."""

import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Locator, Page, expect

from tests.e2e.booking_flow import pick_first_free_day, time_buttons
from tests.e2e.conftest import Api

MACHINE_WORDS = re.compile(r"should match pattern|\^|\$'|Value error|String should|Field required")


def field_error(page: Page, label: str) -> Locator:
    return page.locator(".field", has=page.get_by_label(label, exact=True)).locator(".field-error")


def assert_sentence(error: Locator) -> None:
    expect(error).to_be_visible()
    text = error.inner_text()
    assert re.fullmatch(r"[A-Z“].+[.!?]", text), f"not a sentence: {text!r}"
    assert not MACHINE_WORDS.search(text), f"machine words shown: {text!r}"


class TestFieldErrors:
    def test_registering_with_bad_values_explains_each_field(
        self, new_context: Callable[..., Any]
    ) -> None:
        page = new_context().new_page()
        page.goto("/register")
        page.get_by_label("Email").fill("not-an-email")
        page.get_by_label("Password").fill("short")
        page.get_by_role("button", name="Create account").click()
        for label in ("Name", "Email", "Password"):
            assert_sentence(field_error(page, label))
        expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")

        # Editing a field takes its message away; the others stay until they are edited.
        page.get_by_label("Email").fill("someone@example.com")
        expect(field_error(page, "Email")).to_have_count(0)
        expect(page.get_by_label("Email")).not_to_have_attribute("aria-invalid", "true")
        expect(field_error(page, "Password")).to_be_visible()
        page.get_by_label("Name").fill("Some One")
        expect(field_error(page, "Name")).to_have_count(0)

    def test_a_german_page_gets_the_servers_sentences_in_german(
        self, new_context: Callable[..., Any]
    ) -> None:
        page = new_context(locale="de-DE").new_page()
        page.goto("/register")
        page.get_by_label("E-Mail").fill("keine-adresse")
        page.get_by_label("Passwort").fill("kurz")
        with page.expect_response(lambda r: r.url.endswith("/api/auth/register")) as answer:
            page.get_by_role("button", name="Konto erstellen").click()
        # The server answered in the language on screen, and the form shows its words.
        details = answer.value.json()["error"]["details"]
        assert {d["field"]: d["message"] for d in details}["password"] == (
            "Bitte verwenden Sie mindestens 8 Zeichen."
        )
        expect(field_error(page, "Name")).to_have_text("Bitte füllen Sie dieses Feld aus.")
        expect(field_error(page, "E-Mail")).to_have_text(
            "Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com."
        )
        expect(field_error(page, "Passwort")).to_have_text(
            "Bitte verwenden Sie mindestens 8 Zeichen."
        )

    def test_the_booking_form_explains_a_bad_email(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert()
        page = new_context().new_page()
        page.goto(f"/{setup.username}/intro-call")
        pick_first_free_day(page)
        time_buttons(page).first.click()
        page.get_by_label("Name").fill("Bea Booker")
        page.get_by_label("Email").fill("bea at example")
        page.get_by_role("button", name="Confirm booking").click()
        error = field_error(page, "Email")
        assert_sentence(error)
        expect(error).to_contain_text("email address")
        page.get_by_label("Email").fill("bea@example.com")
        expect(error).to_have_count(0)
        page.get_by_role("button", name="Confirm booking").click()
        expect(page.get_by_role("heading", name="You're booked!")).to_be_visible()


class TestUsernamePreview:
    def test_the_preview_shows_the_link_as_it_will_be_saved(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Una User")
        page = new_context(session=account).new_page()
        page.goto("/profile")
        username = page.get_by_label("Username")
        hint = page.locator(".field", has=username).locator(".field-hint")
        for typed in ["Jane", "Jane ", "Jane D", "Jane Doe"]:
            username.fill(typed)
            text = hint.inner_text()
            link = text.removeprefix("Your public link: ")
            assert " " not in link, f"a link with a space: {text!r}"
        expect(hint).to_have_text(re.compile(r"Your public link: http://\S+/jane-doe$"))
        username.fill("ab")
        expect(hint).to_have_text(
            "Use 3 to 30 lowercase letters, digits and dashes, like jane-doe."
        )

        suffix = account.email.split("@")[0][:8]
        username.fill(f"Una User {suffix}")
        page.get_by_role("button", name="Become an Expert").click()
        expect(page.get_by_role("heading", name="You're an expert")).to_be_visible()
        expect(page.get_by_label("Public link")).to_have_value(re.compile(rf"/una-user-{suffix}$"))

    def test_a_reserved_username_is_explained_in_words(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Adam Admin")
        page = new_context(session=account).new_page()
        page.goto("/profile")
        page.get_by_label("Username").fill("admin")
        page.get_by_role("button", name="Become an Expert").click()
        error = field_error(page, "Username")
        assert_sentence(error)
        expect(error).to_contain_text("reserved")
