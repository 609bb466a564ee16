"""Where avatar files are kept: a small interface, and the local folder that implements it.

Another store (S3, a CDN origin) would implement the same three calls; names are made by
the caller from the content, so a file never changes once written.
"""

import re
from pathlib import Path
from typing import Annotated, Protocol

import anyio
from fastapi import Depends, Request

NAME = re.compile(r"^[0-9a-f]{32}-[0-9a-f]{16}\.webp$")


class MediaStore(Protocol):
    async def put(self, name: str, data: bytes) -> None: ...

    async def get(self, name: str) -> bytes | None:
        """The file's bytes, None when there is no such file."""

    async def delete(self, name: str) -> None:
        """Remove the file; no error when it is already gone."""


class LocalMediaStore:
    """Files in one folder (by default ./data/media), written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, name: str) -> Path:
        if not NAME.fullmatch(name):  # never a path outside the folder
            raise ValueError(f"not a media name: {name!r}")
        return self.root / name

    async def put(self, name: str, data: bytes) -> None:
        path = self._path(name)

        def write() -> None:
            self.root.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".partial")
            partial.write_bytes(data)
            partial.replace(path)

        await anyio.to_thread.run_sync(write)

    async def get(self, name: str) -> bytes | None:
        path = self._path(name)

        def read() -> bytes | None:
            try:
                return path.read_bytes()
            except FileNotFoundError:
                return None

        return await anyio.to_thread.run_sync(read)

    async def delete(self, name: str) -> None:
        path = self._path(name)
        await anyio.to_thread.run_sync(lambda: path.unlink(missing_ok=True))


async def get_media_store(request: Request) -> MediaStore:
    store: MediaStore = request.app.state.media_store
    return store


MediaStoreDep = Annotated[MediaStore, Depends(get_media_store)]
