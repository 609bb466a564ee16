"""A job run every so often in the background while the app serves, or sooner when woken."""

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

logger = logging.getLogger("expertbook.periodic")


class Periodic:
    def __init__(
        self, name: str, every_seconds: float, job: Callable[[], Awaitable[object]]
    ) -> None:
        self.name = name
        self.every_seconds = every_seconds
        self.job = job
        self._wake: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Run the job now rather than at the next tick (no-op when not started)."""
        if self._wake is not None:
            self._wake.set()

    async def _run(self, wake: asyncio.Event) -> None:
        while True:
            try:
                await self.job()
            except Exception as error:  # the database may be down: try again next time
                logger.warning("%s failed: %s", self.name, error)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.every_seconds)
            wake.clear()

    def start(self) -> None:
        # An event of the loop the job runs in (an app may be started again, as tests
        # do, in another loop).
        self._wake = asyncio.Event()
        self._task = asyncio.create_task(self._run(self._wake), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        self._wake = None
