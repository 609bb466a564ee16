from typing import Annotated

from fastapi import APIRouter, File, Path, UploadFile
from fastapi.responses import Response

from expertbook.auth.dependencies import CurrentExpert
from expertbook.avatars import service
from expertbook.avatars.images import MAX_UPLOAD_BYTES
from expertbook.avatars.storage import NAME, MediaStoreDep
from expertbook.avatars.urls import AVATAR_PATH
from expertbook.db import SessionDep
from expertbook.errors import NotFound, error_responses
from expertbook.experts.schemas import ExpertRead
from expertbook.experts.service import expert_read

router = APIRouter(tags=["experts"])
public_router = APIRouter(tags=["experts"])
# Content-addressed names: a file never changes, so browsers and proxies keep it.
IMMUTABLE = "public, max-age=31536000, immutable"


@router.put(
    "/api/experts/me/avatar",
    operation_id="experts-set-avatar",
    responses=error_responses(401, 403, 413, 422),
)
async def set_avatar(
    file: Annotated[UploadFile, File(description="A PNG, JPEG or WebP picture, up to 2 MB")],
    expert: CurrentExpert,
    session: SessionDep,
    store: MediaStoreDep,
) -> ExpertRead:
    """Upload my picture: resized to at most 512 px and stripped of its metadata."""
    data = await file.read(MAX_UPLOAD_BYTES + 1)
    updated = await service.set_avatar(session, expert, store=store, data=data)
    return expert_read(updated, expert.user)


@router.delete(
    "/api/experts/me/avatar",
    operation_id="experts-remove-avatar",
    responses=error_responses(401, 403),
)
async def remove_avatar(
    expert: CurrentExpert, session: SessionDep, store: MediaStoreDep
) -> ExpertRead:
    """Remove my picture."""
    updated = await service.remove_avatar(session, expert, store=store)
    return expert_read(updated, expert.user)


@public_router.get(
    f"{AVATAR_PATH}/{{name}}",
    operation_id="avatars-get",
    response_class=Response,
    responses={200: {"content": {"image/webp": {}}}, **error_responses(404)},
)
async def get_avatar(name: Annotated[str, Path(max_length=80)], store: MediaStoreDep) -> Response:
    """An avatar picture (WebP), by the name in an `avatarUrl`."""
    data = await store.get(name) if NAME.fullmatch(name) else None
    if data is None:
        raise NotFound("No such picture.")
    return Response(data, media_type="image/webp", headers={"Cache-Control": IMMUTABLE})
