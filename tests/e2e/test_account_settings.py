"""Account settings in a real Chromium: name, email, password, the data download, deletion."""

import json
import re
from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import Account, Api, run_axe
from tests.e2e.test_dashboard import book, free_slots, tab_to
from tests.e2e.test_web_app import no_horizontal_scroll


def region(page: Page, name: str) -> Any:
    return page.get_by_role("region", name=name, exact=True)


def login_status(api: Api, email: str, password: str) -> int:
    response = api.http.post("/api/auth/login", json={"email": email, "password": password})
    return response.status_code


def me_status(api: Api, token: str) -> int:
    return api.http.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code


def open_settings(new_context: Callable[..., Any], account: Account, **size: int) -> Page:
    page: Page = new_context(session=account, **size).new_page()
    page.goto("/settings")
    expect(page.get_by_role("heading", name="Account settings", level=1)).to_be_visible()
    return page


class TestReachingSettings:
    def test_linked_from_the_header_and_the_profile_and_fits_a_phone(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        account = api.register("Lena Links")
        page = new_context(session=account, width=360, height=740).new_page()
        page.goto("/profile")
        page.get_by_role("link", name="Change your name, email or password").click()
        expect(page).to_have_url(re.compile(r"/settings$"))
        page.goto("/my-bookings")
        # On a phone the header's links sit behind its Menu button.
        page.get_by_role("button", name="Menu").click()
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Settings").click()
        expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
        page.wait_for_load_state("networkidle")
        no_horizontal_scroll(page)
        assert not run_axe(page)
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            screenshot(page, f"{width}")
        page.get_by_role("button", name="Delete my account…").click()
        expect(page.get_by_role("dialog", name="Delete your account?")).to_be_visible()
        assert not run_axe(page)
        screenshot(page, "1280-delete-dialog")

    def test_logged_out_visitors_log_in_first(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        page = new_context().new_page()
        page.goto("/settings")
        expect(page).to_have_url(re.compile(r"/login\?next=%2Fsettings$"))


class TestName:
    def test_change_name_with_the_servers_sentence_for_an_empty_one(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Old Name")
        page = open_settings(new_context, account)
        name = region(page, "Name").get_by_label("Name")
        name.fill("   ")
        page.get_by_role("button", name="Save name").click()
        expect(name).to_have_attribute("aria-invalid", "true")
        description = name.evaluate(
            "el => document.getElementById(el.getAttribute('aria-describedby').split(' ').pop())"
            ".textContent"
        )
        assert re.match(r"^[A-Z].*\.$", description), description  # a sentence, not a regex
        name.fill("New Name")
        expect(name).not_to_have_attribute("aria-invalid", "true")
        page.get_by_role("button", name="Save name").click()
        expect(page.get_by_text("Your name was saved.")).to_be_visible()
        expect(page.get_by_role("navigation", name="Main").get_by_text("New Name")).to_be_visible()
        me = api.http.get("/api/auth/me", headers=api.auth(account)).json()
        assert me["name"] == "New Name"


class TestEmail:
    def test_change_email_needs_the_password_and_a_free_address(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        account = api.register("Emma Email")
        other = api.register("Taken Address")
        page = open_settings(new_context, account, width=390, height=844)
        section = region(page, "Email")
        email = section.get_by_label("New email")
        password = section.get_by_label("Current password")
        submit = section.get_by_role("button", name="Change email")

        email.fill(f"new-{account.email}")
        password.fill("not my password")
        submit.click()
        expect(password).to_have_accessible_description(
            re.compile("That is not your current password.")
        )
        screenshot(page, "wrong-password")

        email.fill(other.email)
        password.fill(account.password)
        submit.click()
        expect(email).to_have_accessible_description("An account with this email already exists.")
        expect(password).not_to_have_attribute("aria-invalid", "true")

        email.fill(f"new-{account.email}")
        submit.click()
        expect(section.get_by_text(f"Your email is now new-{account.email}.")).to_be_visible()
        expect(section.get_by_text(f"You log in with new-{account.email}.")).to_be_visible()
        assert login_status(api, f"new-{account.email}", account.password) == 200
        assert login_status(api, account.email, account.password) == 401


class TestPassword:
    def test_change_password_keeps_this_session_and_ends_the_others(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Pat Password")
        # Logged in through the page, not a stored session, so a reload keeps what the app saved.
        page = new_context().new_page()
        page.goto("/login?next=/settings")
        page.get_by_label("Email").fill(account.email)
        page.get_by_label("Password").fill(account.password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
        stored = json.loads(page.evaluate("() => localStorage.getItem('expertbook-auth')") or "{}")
        old_token = stored["state"]["token"]
        section = region(page, "Password")
        current = section.get_by_label("Current password")
        new = section.get_by_label("New password")
        submit = section.get_by_role("button", name="Change password")

        current.fill("not my password")
        new.fill("a brand new secret")
        submit.click()
        expect(current).to_have_accessible_description("That is not your current password.")

        current.fill(account.password)
        new.fill("short")
        submit.click()
        expect(new).to_have_attribute("aria-invalid", "true")
        expect(new).to_have_accessible_description(re.compile(r"8 characters.*\. .*8"))
        expect(current).not_to_have_attribute("aria-invalid", "true")

        new.fill("a brand new secret")
        submit.click()
        expect(section.get_by_text("Your password was changed.")).to_be_visible()
        expect(current).to_have_value("")
        # The old token is refused; this page carries on with the new one, after a reload too.
        assert me_status(api, old_token) == 401
        assert me_status(api, account.token) == 401  # the one from registering, too
        stored = json.loads(page.evaluate("() => localStorage.getItem('expertbook-auth')") or "{}")
        token = stored["state"]["token"]
        assert token != old_token and me_status(api, token) == 200
        page.reload()
        expect(page.get_by_role("heading", name="Account settings")).to_be_visible()
        expect(
            page.get_by_role("navigation", name="Main").get_by_text("Pat Password")
        ).to_be_visible()
        assert login_status(api, account.email, account.password) == 401
        assert login_status(api, account.email, "a brand new secret") == 200


class TestDataExport:
    def test_download_my_data_saves_a_json_file(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        setup = api.expert("Dana Download")
        book(api, setup, free_slots(api, setup, 1)[0], "dl-client@example.com")
        page = open_settings(new_context, setup.account)
        with page.expect_download() as download_info:
            page.get_by_role("button", name="Download my data").click()
        download = download_info.value
        assert download.suggested_filename == "expertbook-my-data.json"
        data = json.loads(download.path().read_text())
        assert data["user"]["email"] == setup.account.email
        assert data["expert"]["profile"]["username"] == setup.username
        assert [b["email"] for b in data["bookingsWithMe"]] == ["dl-client@example.com"]
        expect(page.get_by_text("Your data was downloaded.")).to_be_visible()


class TestDeleteAccount:
    def test_delete_says_what_happens_then_signs_out_for_good(
        self, new_context: Callable[..., Any], api: Api, screenshot: Callable[[Any, str], Any]
    ) -> None:
        setup = api.expert("Del Expert")
        client = api.register("Cleo Client")
        start = free_slots(api, setup, 1)[0]
        booked = api.http.post(
            "/api/bookings",
            json={
                "eventTypeId": setup.event_type["id"],
                "start": start,
                "name": "Cleo Client",
                "email": client.email,
            },
            headers=api.auth(client),
        )
        assert booked.status_code == 201, booked.text
        page = open_settings(new_context, setup.account, width=390, height=844)
        section = region(page, "Delete your account")
        # What happens to bookings is said before anything is asked.
        expect(section.get_by_text("Your upcoming bookings are cancelled first")).to_be_visible()
        expect(section.get_by_text("every booking made with you are deleted")).to_be_visible()
        expect(section.get_by_text("Bookings you made with other experts stay")).to_be_visible()

        section.get_by_role("button", name="Delete my account…").click()
        dialog = page.get_by_role("dialog", name="Delete your account?")
        expect(dialog.get_by_text("Your upcoming bookings are cancelled first")).to_be_visible()
        password = dialog.get_by_label("Your password")
        expect(password).to_be_focused()
        # Escape keeps the account.
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        section.get_by_role("button", name="Delete my account…").click()
        password.fill("not my password")
        page.keyboard.press("Enter")
        expect(password).to_have_accessible_description("That is not your current password.")
        screenshot(page, "wrong-password")
        assert me_status(api, setup.account.token) == 200

        password.fill(setup.account.password)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/$"))
        expect(
            page.get_by_text("Your account was deleted and you have been logged out.")
        ).to_be_visible()
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Log in")).to_be_visible()
        screenshot(page, "deleted")

        assert me_status(api, setup.account.token) == 401
        assert login_status(api, setup.account.email, setup.account.password) == 401
        assert api.http.get(f"/api/experts/{setup.username}").status_code == 404
        # The booking made with the expert went with the expert's records.
        booking_id = booked.json()["id"]
        assert (
            api.http.get(f"/api/bookings/{booking_id}", headers=api.auth(client)).status_code == 404
        )
        made = api.http.get(
            "/api/bookings", params={"role": "client", "when": "upcoming"}, headers=api.auth(client)
        ).json()
        assert made["total"] == 0
        page.goto("/login")
        page.get_by_label("Email").fill(setup.account.email)
        page.get_by_label("Password").fill(setup.account.password)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_text("Wrong email or password.")).to_be_visible()


class TestKeyboard:
    def test_change_the_name_with_the_keyboard_only(
        self, new_context: Callable[..., Any], api: Api
    ) -> None:
        account = api.register("Key Board")
        page = open_settings(new_context, account)
        tab_to(page, "Name")
        expect(region(page, "Name").get_by_label("Name")).to_be_focused()
        page.keyboard.press("ControlOrMeta+a")
        page.keyboard.type("Keyed Name")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Your name was saved.")).to_be_visible()
        tab_to(page, "Delete my account…")
        page.keyboard.press("Enter")
        dialog = page.get_by_role("dialog", name="Delete your account?")
        expect(dialog.get_by_label("Your password")).to_be_focused()
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert me_status(api, account.token) == 200
