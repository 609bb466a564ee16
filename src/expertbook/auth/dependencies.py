"""Who is asking: the current user or expert, from the bearer token."""

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.api_keys import service as api_keys
from expertbook.api_keys.rate_limit import KeyRateLimit
from expertbook.api_keys.scopes import needed_by
from expertbook.auth.security import TokenClaims, decode_access_token
from expertbook.auth.service import user_for_token
from expertbook.config import SettingsDep
from expertbook.db import SessionDep
from expertbook.errors import Forbidden, TooManyRequests, Unauthorized
from expertbook.models import Expert, User

bearer = HTTPBearer(
    auto_error=False,
    description=(
        "The token from register or login, or a personal API key (eb_…). A key may call "
        "only the operations whose x-api-key-scope it holds."
    ),
)


async def _api_key_user(
    request: Request, response: Response, session: AsyncSession, key: str
) -> User:
    """The owner of an API key, if the key may call this route and is within its rate."""
    found = await api_keys.key_owner(session, key)
    if found is None:
        raise Unauthorized("This API key is invalid, expired or revoked.", code="invalid_api_key")
    api_key, user = found
    needed = needed_by(request.scope.get("route"))
    if needed is None:
        raise Forbidden("API keys cannot be used here.", code="insufficient_scope")
    if needed not in api_key.scopes:
        raise Forbidden(
            "This API key lacks the scope {scope}.", scope=needed, code="insufficient_scope"
        )
    limiter: KeyRateLimit = request.app.state.api_key_rate_limit
    allowance = await limiter.take(str(api_key.id))
    if not allowance.allowed:
        raise TooManyRequests(
            "This API key made too many calls. Try again in {wait} seconds.",
            wait=allowance.reset_seconds,
            code="rate_limited",
            headers=allowance.headers(),
        )
    response.headers.update(allowance.headers())
    await api_keys.note_use(request.app.state.database, api_key)
    return user


async def get_optional_user(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """The user when a token or API key is sent; one that is sent but invalid is always
    401, and an API key is also held to its scopes and rate."""
    if credentials is None:
        return None
    if api_keys.is_api_key(credentials.credentials):
        return await _api_key_user(request, response, session, credentials.credentials)
    user = await user_for_token(session, credentials.credentials, settings)
    if user is None:
        raise Unauthorized(
            "Your session is invalid or has expired. Please log in again.", code="invalid_token"
        )
    return user


async def get_current_user(user: Annotated[User | None, Depends(get_optional_user)]) -> User:
    if user is None:
        raise Unauthorized()
    return user


async def get_current_claims(
    user: Annotated[User, Depends(get_current_user)],
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> TokenClaims:
    """The current token's claims; the user dependency has already checked it."""
    claims = decode_access_token(credentials.credentials, settings) if credentials else None
    if claims is None:  # pragma: no cover - get_current_user refused it first
        raise Unauthorized()
    return claims


async def get_current_expert(user: Annotated[User, Depends(get_current_user)]) -> Expert:
    if user.expert is None:
        raise Forbidden("Only experts can do this. Become an expert first.", code="not_an_expert")
    user.expert.user = user
    return user.expert


OptionalUser = Annotated[User | None, Depends(get_optional_user)]
CurrentUser = Annotated[User, Depends(get_current_user)]
CurrentExpert = Annotated[Expert, Depends(get_current_expert)]
CurrentClaims = Annotated[TokenClaims, Depends(get_current_claims)]
