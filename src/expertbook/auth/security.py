"""Access tokens (JWT, HS256) and the secret tokens that let guests manage a booking."""

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from expertbook.config import Settings
from expertbook.kit.time import utcnow

ALGORITHM = "HS256"


def create_access_token(user_id: uuid.UUID, settings: Settings) -> str:
    now = utcnow()
    claims = {
        "sub": str(user_id),
        # To the microsecond (NumericDate may be fractional): a password change must
        # refuse a token issued a moment earlier, within the same second.
        "iat": now.timestamp(),
        "exp": now + timedelta(minutes=settings.jwt_ttl_minutes),
        "jti": secrets.token_urlsafe(16),  # names this token, to log it out alone
    }
    return jwt.encode(claims, settings.secret_key, algorithm=ALGORITHM)


@dataclass(frozen=True)
class TokenClaims:
    user_id: uuid.UUID
    token_id: str
    issued_at: datetime
    expires_at: datetime


def decode_access_token(token: str, settings: Settings) -> TokenClaims | None:
    """Who a valid token is for and when it was issued; None when invalid, expired or
    tampered with."""
    try:
        claims = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[ALGORITHM],
            options={"require": ["sub", "exp", "iat", "jti"]},
        )
        return TokenClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            token_id=str(claims["jti"])[:64],
            issued_at=datetime.fromtimestamp(float(claims["iat"]), UTC),
            expires_at=datetime.fromtimestamp(float(claims["exp"]), UTC),
        )
    except (jwt.PyJWTError, ValueError, TypeError, OverflowError):
        return None


def new_secret_token() -> str:
    return secrets.token_urlsafe(32)


def booking_manage_token(secret_key: str, booking_id: uuid.UUID) -> str:
    """The guest's manage token: derived from the booking and the secret key, so every
    email about the booking can carry the same working link. Only its hash is stored."""
    return _derived_token(secret_key, b"manage:", booking_id)


def waitlist_token(secret_key: str, entry_id: uuid.UUID) -> str:
    """A waitlisted client's token, derived as a booking's manage token is: the offer
    email, sent long after they joined, carries the same working link."""
    return _derived_token(secret_key, b"waitlist:", entry_id)


def _derived_token(secret_key: str, purpose: bytes, record_id: uuid.UUID) -> str:
    digest = hmac.new(secret_key.encode(), purpose + record_id.bytes, hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode().rstrip("=")


def hash_secret_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def secret_token_matches(token: str, token_hash: str) -> bool:
    return hmac.compare_digest(hash_secret_token(token), token_hash)
