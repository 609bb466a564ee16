"""The web app runs under its Content Security Policy: nothing it needs is refused."""

from collections.abc import Callable
from typing import Any

from playwright.sync_api import expect

from tests.e2e.conftest import Api


def test_every_screen_runs_without_a_policy_violation(
    new_context: Callable[..., Any], api: Api
) -> None:
    setup = api.expert("Polly Policy")
    context = new_context(session=setup.account)
    page = context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    for path in ("/", f"/{setup.username}", f"/{setup.username}/intro-call", "/my-bookings",
                 "/profile", "/expert-dashboard"):  # fmt: skip
        page.goto(path)
        page.wait_for_load_state("networkidle")
        expect(page.locator("#root")).not_to_be_empty()
    policy = page.evaluate("() => fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "script-src 'self'" in policy
    assert refused == []
