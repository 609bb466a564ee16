"""Forgotten passwords: a mailed, single-use link, valid for an hour, that sets a new one."""

from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.auth.passwords import Passwords
from expertbook.auth.security import hash_secret_token, new_secret_token
from expertbook.auth.service import normalise_email
from expertbook.errors import Unprocessable
from expertbook.kit.i18n import N_, Language
from expertbook.kit.time import utcnow
from expertbook.models import PasswordReset, User
from expertbook.notifications.notifier import Notifier

LINK_LIFETIME = timedelta(hours=1)
# One email per account in this span, however often the form is sent: nobody can
# flood someone's mailbox with reset links.
RESEND_AFTER = timedelta(minutes=1)


def _invalid_link() -> Unprocessable:
    message = N_("This reset link is invalid, used or expired. Ask for a new one.")
    return Unprocessable(
        message, code="invalid_reset_token", details=[{"field": "token", "message": message}]
    )


async def request_reset(
    session: AsyncSession, *, notifier: Notifier, email: str, language: Language
) -> None:
    """Mail a reset link if an account has this email; say nothing either way."""
    user = await session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        return
    now = utcnow()
    recent = await session.scalar(
        select(PasswordReset.id).where(
            PasswordReset.user_id == user.id, PasswordReset.created_at > now - RESEND_AFTER
        )
    )
    if recent is not None:
        return
    token = new_secret_token()
    session.add(
        PasswordReset(
            user_id=user.id,
            token_hash=hash_secret_token(token),
            expires_at=now + LINK_LIFETIME,
            created_at=now,
        )
    )
    notifier.password_reset(session, user, token, language=language)


async def confirm_reset(
    session: AsyncSession, *, passwords: Passwords, token: str, password: str
) -> None:
    """Set the new password; the link, any other open link and every token stop working."""
    password_hash = await passwords.hash(password)
    now = utcnow()
    reset = await session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == hash_secret_token(token))
    )
    if reset is None or reset.used_at is not None or reset.expires_at <= now:
        raise _invalid_link()
    # Claimed by the update itself: of two confirmations at once, only one changes a row.
    claimed = await session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    if not claimed.rowcount:  # type: ignore[attr-defined]
        raise _invalid_link()
    await session.execute(
        update(User)
        .where(User.id == reset.user_id)
        .values(password_hash=password_hash, tokens_valid_after=now)
    )
