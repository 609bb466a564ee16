"""Settings, read once from the environment (prefix EXPERTBOOK_)."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from fastapi import Depends, Request
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    cors_origins: list[str] = Field(default_factory=list)
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    smtp_url: str | None = None
    frontend_dist: Path = Path("frontend/dist")
    # The longest any request waits on the database: to connect, for a pooled
    # connection, or for one statement. Past it the answer is 503, never a hang.
    database_timeout_seconds: float = Field(default=5.0, gt=0, le=300)
    # Password hashing cost. Tests lower it to stay fast; production refuses less.
    argon2_time_cost: int = Field(default=ARGON2_TIME_COST, ge=1)
    argon2_memory_kib: int = Field(default=ARGON2_MEMORY_KIB, ge=32)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        # Accept "a,b" as well as a JSON list from the environment.
        if isinstance(value, str) and not value.strip().startswith("["):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

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
