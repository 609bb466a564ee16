"""The signed-in user's own account: name, email, password, their data, and deletion."""

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.accounts.schemas import AccountData, AccountUpdate, ExpertData
from expertbook.auth.passwords import Passwords
from expertbook.auth.service import normalise_email, user_read
from expertbook.availability.service import get_availability
from expertbook.bookings import repository as bookings_repository
from expertbook.bookings import service as bookings
from expertbook.errors import Conflict, Unprocessable
from expertbook.event_types.schemas import EventTypeRead
from expertbook.event_types.service import list_event_types
from expertbook.experts.service import expert_read
from expertbook.kit.time import utcnow
from expertbook.models import HOLDS_TIME, BookingStatus, User
from expertbook.realtime.events import Events

DELETED_REASON = {
    "client": "The client deleted their ExpertBook account.",
    "expert": "The expert deleted their ExpertBook account.",
}


def _wrong_password(message: str = "That is not your current password.") -> Unprocessable:
    return Unprocessable(
        message,
        code="wrong_password",
        details=[{"field": "currentPassword", "message": message}],
    )


def _email_taken() -> Conflict:
    return Conflict(
        "An account with this email already exists.",
        code="email_taken",
        details={"field": "email"},
    )


async def _check_password(passwords: Passwords, user: User, password: str | None) -> None:
    if password is None:
        raise _wrong_password("Enter your current password to change your email.")
    if not await passwords.verify(password, user.password_hash):
        raise _wrong_password()


async def update_account(
    session: AsyncSession, *, passwords: Passwords, user: User, data: AccountUpdate
) -> User:
    """Change the name, the emails' language, or the email (with the current password)."""
    if data.email is not None and normalise_email(data.email) != user.email:
        email = normalise_email(data.email)
        await _check_password(passwords, user, data.current_password)
        if await session.scalar(select(User.id).where(User.email == email)):
            raise _email_taken()
        user.email = email
    if data.name is not None:
        user.name = data.name
    if data.language is not None:
        user.language = data.language
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError as exc:  # a concurrent registration took the email
        raise _email_taken() from exc
    return user


async def change_password(
    session: AsyncSession, *, passwords: Passwords, user: User, current: str, new: str
) -> None:
    """Set a new password; every token issued before now stops working."""
    await _check_password(passwords, user, current)
    user.password_hash = await passwords.hash(new)
    user.tokens_valid_after = utcnow()
    await session.flush()


async def delete_account(
    session: AsyncSession, *, passwords: Passwords, events: Events, user: User, password: str
) -> int:
    """Delete the account; returns how many upcoming bookings were cancelled.

    Upcoming bookings the user made, and those made with them as an expert, are
    cancelled first, so the other party is told. The expert profile, its event types
    and the bookings made with it go with the account; bookings the user made with
    other experts stay in those experts' records, without the account.
    """
    await _check_password(passwords, user, password)
    expert_id = user.expert.id if user.expert else None
    upcoming = await bookings_repository.views_of(
        session, user_id=user.id, expert_id=expert_id, upcoming_after=utcnow()
    )
    cancelled = 0
    for view in upcoming:
        if view.booking.status not in HOLDS_TIME:
            continue
        role: bookings.Role = "expert" if view.expert.id == expert_id else "client"
        await bookings.set_status(
            session,
            events=events,
            view=view,
            role=role,
            status=BookingStatus.CANCELLED,
            reason=DELETED_REASON[role],
            respect_notice=False,
        )
        cancelled += 1
    # The database cascades to the expert profile and what hangs off it.
    await session.execute(delete(User).where(User.id == user.id))
    return cancelled


async def export_account(session: AsyncSession, *, user: User) -> AccountData:
    """Everything kept about the user, as one document."""
    expert_data = None
    if user.expert is not None:
        expert_data = ExpertData(
            profile=expert_read(user.expert, user),
            availability=get_availability(user.expert),
            event_types=[
                EventTypeRead.from_model(event_type)
                for event_type in await list_event_types(session, user.expert)
            ],
        )
    made = await bookings_repository.views_of(session, user_id=user.id)
    with_me = (
        await bookings_repository.views_of(session, expert_id=user.expert.id) if user.expert else []
    )
    return AccountData(
        exported_at=utcnow(),
        user=user_read(user),
        expert=expert_data,
        bookings_made=[bookings.to_read(view) for view in made],
        bookings_with_me=[bookings.to_read(view) for view in with_me],
    )
