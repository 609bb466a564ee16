"""Who is asking: the current user or expert, from the bearer token."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from expertbook.auth.security import TokenClaims, decode_access_token
from expertbook.auth.service import user_for_token
from expertbook.config import SettingsDep
from expertbook.db import SessionDep
from expertbook.errors import Forbidden, Unauthorized
from expertbook.models import Expert, User

bearer = HTTPBearer(auto_error=False, description="The token from register or login.")


async def get_optional_user(
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """The user when a token is sent; a token that is sent but invalid is always 401."""
    if credentials is None:
        return None
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
