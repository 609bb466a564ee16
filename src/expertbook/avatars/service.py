"""Setting and removing an expert's avatar."""

import hashlib

import anyio
from sqlalchemy.ext.asyncio import AsyncSession

from expertbook.avatars.images import MAX_UPLOAD_BYTES, NotAnImage, make_avatar
from expertbook.avatars.storage import MediaStore
from expertbook.db import after_commit
from expertbook.errors import AppError, Unprocessable
from expertbook.kit.i18n import N_
from expertbook.models import Expert


class FileTooLarge(AppError):
    status_code = 413
    code = "file_too_large"
    message = N_("The picture is larger than 2 MB. Please choose a smaller one.")


def _not_an_image() -> Unprocessable:
    message = N_("This file is not a picture we can use. Please choose a PNG, JPEG or WebP image.")
    return Unprocessable(
        message, code="not_an_image", details=[{"field": "file", "message": message}]
    )


def _forget_after_commit(session: AsyncSession, store: MediaStore, name: str | None) -> None:
    """The old file goes once the new name is committed; a rollback keeps it in use."""
    if name is None:
        return

    async def forget() -> None:
        await store.delete(name)

    after_commit(session, forget)


async def set_avatar(
    session: AsyncSession, expert: Expert, *, store: MediaStore, data: bytes
) -> Expert:
    """Re-encode the picture and make it the expert's avatar; 413 past 2 MB, 422 for
    anything that is not a PNG, JPEG or WebP picture."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise FileTooLarge()
    try:
        avatar = await anyio.to_thread.run_sync(make_avatar, data)
    except NotAnImage:
        raise _not_an_image() from None
    # Named by owner and content: a new picture gets a new URL, so it can be cached forever.
    name = f"{expert.id.hex}-{hashlib.sha256(avatar).hexdigest()[:16]}.webp"
    if name == expert.avatar_key:
        return expert
    await store.put(name, avatar)
    _forget_after_commit(session, store, expert.avatar_key)
    expert.avatar_key = name
    await session.flush()
    return expert


async def remove_avatar(session: AsyncSession, expert: Expert, *, store: MediaStore) -> Expert:
    _forget_after_commit(session, store, expert.avatar_key)
    expert.avatar_key = None
    await session.flush()
    return expert
