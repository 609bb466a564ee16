"""Password hashing (argon2id) in worker threads, so a login never stalls the event loop."""

import os
from typing import Annotated

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import Depends, Request

from expertbook.config import Settings


class Passwords:
    """Hashes and verifies passwords off the event loop, a few at a time.

    argon2 is built to be slow (tens of milliseconds per call, seconds on a busy
    machine). At most one hash per spare core runs at once: a burst of logins queues
    here instead of taking every core from the requests being served.
    """

    def __init__(self, settings: Settings) -> None:
        self._hasher = PasswordHasher(
            time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
        )
        self._limiter = anyio.CapacityLimiter(max(1, (os.cpu_count() or 2) - 1))
        self._dummy_hash: str | None = None

    async def hash(self, password: str) -> str:
        return await anyio.to_thread.run_sync(self._hasher.hash, password, limiter=self._limiter)

    async def verify(self, password: str, password_hash: str | None) -> bool:
        """Whether `password` matches; with no hash, as slow as a mismatch, then False."""
        if password_hash is None:
            # Verified against when the email is unknown, so a miss costs what a hit costs.
            self._dummy_hash = self._dummy_hash or await self.hash(os.urandom(16).hex())
        checked = password_hash or self._dummy_hash
        assert checked is not None
        matches = await anyio.to_thread.run_sync(
            self._verify, checked, password, limiter=self._limiter
        )
        return matches and password_hash is not None

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


async def get_passwords(request: Request) -> Passwords:
    passwords: Passwords = request.app.state.passwords
    return passwords


PasswordsDep = Annotated[Passwords, Depends(get_passwords)]
