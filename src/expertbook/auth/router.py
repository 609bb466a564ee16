from fastapi import APIRouter, Request, Response

from expertbook.auth import password_reset, service
from expertbook.auth.dependencies import CurrentClaims, CurrentUser
from expertbook.auth.passwords import PasswordsDep
from expertbook.auth.schemas import (
    Accepted,
    LoginRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RegisterRequest,
    TokenResponse,
    UserRead,
)
from expertbook.auth.security import create_access_token
from expertbook.auth.throttle import LoginThrottle
from expertbook.config import SettingsDep
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import TooManyRequests, Unauthorized, error_responses
from expertbook.kit.i18n import Message, RequestLanguage, words
from expertbook.realtime.events import EventsDep

router = APIRouter(prefix="/api/auth", tags=["auth"])
public_router = APIRouter(prefix="/api/auth", tags=["auth"])


def _throttle(request: Request) -> LoginThrottle:
    throttle: LoginThrottle = request.app.state.login_throttle
    return throttle


@public_router.post(
    "/register",
    status_code=201,
    operation_id="auth-register",
    responses=error_responses(409, 422),
)
async def register(
    body: RegisterRequest,
    session: SessionDep,
    settings: SettingsDep,
    passwords: PasswordsDep,
    language: RequestLanguage,
) -> TokenResponse:
    """Create an account and return a token for it. Its emails are in the request's
    language (`Accept-Language`) until the account changes it."""
    user = await service.register(
        session,
        passwords=passwords,
        name=body.name,
        email=body.email,
        password=body.password,
        language=language,
    )
    return TokenResponse(token=create_access_token(user.id, settings), user=service.user_read(user))


@public_router.post("/login", operation_id="auth-login", responses=error_responses(401, 422, 429))
async def login(
    body: LoginRequest,
    request: Request,
    session: ReadSessionDep,  # a login writes nothing, so it never waits for SQLite's writers
    settings: SettingsDep,
    passwords: PasswordsDep,
) -> TokenResponse:
    """Exchange an email and password for a token."""
    email = service.normalise_email(body.email)
    address = request.client.host if request.client else "unknown"
    throttle = _throttle(request)
    if wait := await throttle.retry_after(email, address):
        raise TooManyRequests(
            "Too many failed attempts. Try again in {wait} seconds.",
            wait=wait,
            details={"retryAfter": wait},
            headers={"Retry-After": str(wait)},
        )
    user = await service.authenticate(
        session, passwords=passwords, email=email, password=body.password
    )
    if user is None:
        await throttle.record_failure(email, address)
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    await throttle.record_success(email, address)
    return TokenResponse(token=create_access_token(user.id, settings), user=service.user_read(user))


@router.post("/logout", status_code=204, operation_id="auth-logout", responses=error_responses(401))
async def logout(claims: CurrentClaims, session: SessionDep) -> Response:
    """Log out: this token stops working at once; no live connection opens with it again."""
    await service.log_out(session, claims)
    return Response(status_code=204)


@router.post(
    "/logout-everywhere",
    status_code=204,
    operation_id="auth-logout-everywhere",
    responses=error_responses(401),
)
async def logout_everywhere(user: CurrentUser, session: SessionDep) -> Response:
    """Log out on every device: every token issued until now stops working."""
    await service.log_out_everywhere(session, user)
    return Response(status_code=204)


@router.get("/me", operation_id="auth-me", responses=error_responses(401))
async def me(user: CurrentUser) -> UserRead:
    """The current user."""
    return service.user_read(user)


@public_router.post(
    "/password-reset",
    status_code=202,
    operation_id="auth-password-reset",
    responses=error_responses(422),
)
async def request_password_reset(
    body: PasswordResetRequest, session: SessionDep, events: EventsDep, language: RequestLanguage
) -> Accepted:
    """Mail a link to set a new password, if an account has this email, in the request's
    language. The answer is the same either way, so it tells nobody which emails have
    accounts."""
    await password_reset.request_reset(
        session, notifier=events.notifier, email=body.email, language=language
    )
    sent = Message("If an account uses this email, a link to reset its password is on its way.")
    return Accepted(message=sent.in_words(words(language)))


@public_router.post(
    "/password-reset/confirm",
    status_code=204,
    operation_id="auth-password-reset-confirm",
    responses=error_responses(422),
)
async def confirm_password_reset(
    body: PasswordResetConfirm, session: SessionDep, passwords: PasswordsDep
) -> Response:
    """Set a new password with the mailed link's token. The link works once, for an hour;
    every session of the account ends."""
    await password_reset.confirm_reset(
        session, passwords=passwords, token=body.token, password=body.password
    )
    return Response(status_code=204)
