"""Settings, read once from the environment (prefix EXPERTBOOK_)."""

import json
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

DATA_DIR = Path("data")
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "please-change-me"}
# argon2id as RFC 9106 recommends when memory is constrained: 3 passes over 64 MiB.
ARGON2_TIME_COST, ARGON2_MEMORY_KIB = 3, 64 * 1024


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EXPERTBOOK_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite+aiosqlite:///./data/expertbook.db"
    secret_key: str = ""
    jwt_ttl_minutes: int = Field(default=60 * 24 * 7, ge=1)
    # Comma-separated in the environment (a JSON list works too).
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Addresses of the reverse proxies whose X-Forwarded-For is believed; none by default.
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    # Where mail goes: smtp://user:password@host:port (STARTTLS when offered) or
    # smtps://… (TLS from the start). Unset: each message is written as an .eml file
    # under outbox_dir instead, to open in any mail program.
    smtp_url: str | None = None
    mail_from: str = "ExpertBook <no-reply@expertbook.localhost>"
    outbox_dir: Path = DATA_DIR / "outbox"
    # The background worker that delivers queued emails and webhooks; tests that drive
    # delivery by hand turn it off.
    outbox_worker: bool = True
    outbox_poll_seconds: float = Field(default=1.0, gt=0, le=60)
    # How long a worker may take to deliver one claimed message before another worker
    # may take it over (a worker that died mid-delivery leaves it claimed).
    outbox_lease_seconds: float = Field(default=120.0, gt=0)
    outbox_max_attempts: int = Field(default=10, ge=1, le=50)
    # Delivered messages and webhook attempts are kept this long, then forgotten.
    outbox_retention_days: int = Field(default=30, ge=1, le=3650)
    # Calls a minute one API key may make (across instances, with Redis).
    api_key_calls_per_minute: int = Field(default=120, ge=1, le=100_000)
    # Slots answers each process keeps (availability/slots_cache.py), a few kB each; 0
    # turns the cache off.
    slots_cache_entries: int = Field(default=4096, ge=0, le=1_000_000)
    # Webhooks may not call private, loopback or link-local addresses unless allowed.
    webhooks_allow_private: bool = False
    # External calendars (calendars/): how often each is read again, how long one call
    # to its server may take, how far ahead busy times are kept (the longest booking
    # window), and whether private, loopback or link-local servers may be reached.
    calendars_sync_seconds: float = Field(default=300.0, ge=5, le=86_400)
    calendars_timeout_seconds: float = Field(default=15.0, gt=0, le=120)
    calendars_days_ahead: int = Field(default=731, ge=1, le=1000)
    calendars_allow_private: bool = False
    frontend_dist: Path = Path("frontend/dist")
    # Uploaded pictures (avatars), re-encoded, in files named by their content.
    media_dir: Path = DATA_DIR / "media"
    # How often each process refreshes the directory's "next free slot" of experts whose
    # slots changed (directory/next_free.py).
    directory_refresh_seconds: float = Field(default=5.0, gt=0, le=3600)
    # The longest any request waits on the database: to connect, for a pooled
    # connection, or for one statement. Past it the answer is 503, never a hang.
    database_timeout_seconds: float = Field(default=5.0, gt=0, le=300)
    # How long uvicorn's supervisor waits for a worker to answer its health check before
    # killing and replacing it. Starting a worker on a busy machine takes several
    # seconds; uvicorn's 5 s default restarted every worker in a loop there.
    worker_healthcheck_seconds: int = Field(default=30, ge=1, le=600)
    # Bearer token for GET /metrics. Unset, /metrics answers only requests from this
    # machine (loopback, not relayed by a proxy).
    metrics_token: SecretStr | None = None
    # Password hashing cost. Tests lower it to stay fast; production refuses less.
    argon2_time_cost: int = Field(default=ARGON2_TIME_COST, ge=1)
    argon2_memory_kib: int = Field(default=ARGON2_MEMORY_KIB, ge=32)

    @field_validator("cors_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_lists(cls, value: object) -> object:
        # Accept "a,b" as well as a JSON list from the environment.
        if isinstance(value, str):
            if value.strip().startswith("["):
                return json.loads(value)
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("metrics_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # An empty token would let an empty "Bearer " through: treat it as no token.
        return None if isinstance(value, str) and not value.strip() else value

    @model_validator(mode="after")
    def _ensure_secret(self) -> "Settings":
        if self.secret_key.strip().lower() in PLACEHOLDER_SECRETS or len(self.secret_key) < 16:
            if self.env == "production":
                raise ValueError(
                    "EXPERTBOOK_SECRET_KEY must be set to a long random value in production"
                )
            self.secret_key = _development_secret()
        cheap = (
            self.argon2_time_cost < ARGON2_TIME_COST or self.argon2_memory_kib < ARGON2_MEMORY_KIB
        )
        if cheap and self.env == "production":
            raise ValueError("EXPERTBOOK_ARGON2_* may not be lowered in production")
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _development_secret() -> str:
    """A secret generated once and kept in ./data so tokens survive restarts."""
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@lru_cache
def get_settings() -> Settings:
    return Settings()


async def get_app_settings(request: Request) -> Settings:
    # async, like every dependency here: a plain def would be sent to a thread per request.
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
