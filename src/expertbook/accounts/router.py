from fastapi import APIRouter, Response

from expertbook.accounts import service
from expertbook.accounts.schemas import AccountData, AccountDeletion, AccountUpdate, PasswordChange
from expertbook.auth.dependencies import CurrentUser
from expertbook.auth.passwords import PasswordsDep
from expertbook.auth.schemas import TokenResponse, UserRead
from expertbook.auth.security import create_access_token
from expertbook.auth.service import user_read
from expertbook.config import SettingsDep
from expertbook.db import SessionDep
from expertbook.errors import error_responses
from expertbook.realtime.events import EventsDep

router = APIRouter(prefix="/api/auth/me", tags=["account"])


@router.patch("", operation_id="account-update", responses=error_responses(401, 409, 422))
async def update_account(
    body: AccountUpdate, user: CurrentUser, session: SessionDep, passwords: PasswordsDep
) -> UserRead:
    """Change your name, or your email (send your current password with it)."""
    await service.update_account(session, passwords=passwords, user=user, data=body)
    return user_read(user)


@router.put(
    "/password", operation_id="account-change-password", responses=error_responses(401, 422)
)
async def change_password(
    body: PasswordChange,
    user: CurrentUser,
    session: SessionDep,
    passwords: PasswordsDep,
    settings: SettingsDep,
) -> TokenResponse:
    """Set a new password; you are signed out everywhere else, and get a new token here."""
    await service.change_password(
        session,
        passwords=passwords,
        user=user,
        current=body.current_password,
        new=body.new_password,
    )
    return TokenResponse(token=create_access_token(user.id, settings), user=user_read(user))


@router.delete(
    "", status_code=204, operation_id="account-delete", responses=error_responses(401, 422)
)
async def delete_account(
    body: AccountDeletion,
    user: CurrentUser,
    session: SessionDep,
    passwords: PasswordsDep,
    events: EventsDep,
) -> Response:
    """Delete your account, with your password. Upcoming bookings are cancelled first."""
    await service.delete_account(
        session, passwords=passwords, events=events, user=user, password=body.password
    )
    return Response(status_code=204)


@router.get(
    "/export",
    operation_id="account-export",
    response_class=Response,
    responses={
        200: {"model": AccountData, "description": "A JSON file to download"},
        **error_responses(401),
    },
)
async def export_account(user: CurrentUser, session: SessionDep) -> Response:
    """Everything ExpertBook keeps about you, as a JSON file to download."""
    data = await service.export_account(session, user=user)
    return Response(
        data.model_dump_json(by_alias=True, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="expertbook-my-data.json"'},
    )
