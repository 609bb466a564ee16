"""X-Forwarded-For is believed only from proxies the operator names (none by default)."""

from pathlib import Path

import httpx
import pytest

from expertbook.config import Settings
from tests.live import serve_processes


def test_lists_come_comma_separated_or_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPERTBOOK_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")
    monkeypatch.setenv("EXPERTBOOK_CORS_ORIGINS", '["https://a.example", "https://b.example"]')
    settings = Settings(env="test", secret_key="a-secret-that-is-long-enough")
    assert settings.trusted_proxies == ["10.0.0.1", "10.0.0.2"]
    assert settings.cors_origins == ["https://a.example", "https://b.example"]


def test_a_forged_forwarded_for_does_not_escape_throttling(tmp_path: Path) -> None:
    env = {
        "EXPERTBOOK_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'proxies.db'}",
        "EXPERTBOOK_SECRET_KEY": "a-secret-key-for-the-proxy-test-0123456789",
        "EXPERTBOOK_ARGON2_TIME_COST": "1",
        "EXPERTBOOK_ARGON2_MEMORY_KIB": "32",
    }
    with serve_processes(1, env, tmp_path) as (url,), httpx.Client(base_url=url) as http:
        statuses = []
        for n in range(31):  # each claiming to come from another address
            response = http.post(
                "/api/auth/login",
                json={"email": f"guess{n}@example.com", "password": "wrong-password"},
                headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
            )
            statuses.append(response.status_code)
    assert statuses[:30] == [401] * 30
    assert statuses[30] == 429  # all counted against the one real address
