"""A job run every so often in the background while the app serves."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger("expertbook.periodic")


class Periodic:
    def __init__(self, name: str, every_seconds: float, job: Callable[[], Awaitable[object]]):
        self.name = name
        self.every_seconds = every_seconds
        self.job = job
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        while True:
            try:
                await self.job()
            except Exception as error:  # the database may be down: try again next time
                logger.warning("%s failed: %s", self.name, error)
            await asyncio.sleep(self.every_seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
