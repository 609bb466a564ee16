import uuid

from fastapi import APIRouter, Response

from expertbook.api_keys import service
from expertbook.api_keys.schemas import ApiKeyCreate, ApiKeyCreated, ApiKeyRead
from expertbook.auth.dependencies import CurrentUser
from expertbook.db import ReadSessionDep, SessionDep
from expertbook.errors import error_responses

# No route here names a scope: an API key can neither make nor see nor revoke keys.
router = APIRouter(prefix="/api/api-keys", tags=["api keys"])


@router.get("", operation_id="api-keys-list", responses=error_responses(401, 403))
async def list_keys(user: CurrentUser, session: ReadSessionDep) -> list[ApiKeyRead]:
    """My API keys (never the keys themselves)."""
    return await service.list_keys(session, user)


@router.post(
    "", status_code=201, operation_id="api-keys-create", responses=error_responses(401, 403, 422)
)
async def create_key(body: ApiKeyCreate, user: CurrentUser, session: SessionDep) -> ApiKeyCreated:
    """A key for scripts, limited to `scopes`; returned this once."""
    return await service.create_key(session, user, body)


@router.delete(
    "/{key_id}",
    status_code=204,
    operation_id="api-keys-revoke",
    responses=error_responses(401, 403, 404, 422),
)
async def revoke_key(key_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """Revoke a key: it stops working at once."""
    await service.revoke_key(session, user, key_id)
    return Response(status_code=204)
