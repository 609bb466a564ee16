"""Settings, read once from the environment (prefix EXPERTBOOK_)."""

import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DATA_DIR = Path("data")
PLACEHOLDER_SECRETS = {"", "change-me", "changeme", "secret", "dev", "please-change-me"}


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
