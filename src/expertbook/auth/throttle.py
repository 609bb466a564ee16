"""Login throttling: sliding windows of failures, shared through Redis when configured.

Failures count per email *and* client address, and per address. An attacker guessing
one account's password from their address is slowed down there, while the owner,
from another address, still logs in. With Redis, every instance sees the same counts.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from expertbook.kit.event_windows import SharedWindows


@dataclass(frozen=True)
class Limit:
    name: str
    failures: int
    window_seconds: float


PER_EMAIL_AND_ADDRESS = Limit("email-address", 5, 15 * 60)
PER_ADDRESS = Limit("address", 30, 15 * 60)


class LoginThrottle:
    def __init__(self, redis_url: str | None = None) -> None:
        self._windows = SharedWindows(redis_url, "login throttling")

    @staticmethod
    def _keys(email: str, address: str) -> list[tuple[Limit, str]]:
        # Hashed: Redis never holds an email address.
        pair = hashlib.sha256(f"{email}\n{address}".encode()).hexdigest()[:32]
        place = hashlib.sha256(address.encode()).hexdigest()[:32]
        return [
            (PER_EMAIL_AND_ADDRESS, f"expertbook:login:{PER_EMAIL_AND_ADDRESS.name}:{pair}"),
            (PER_ADDRESS, f"expertbook:login:{PER_ADDRESS.name}:{place}"),
        ]

    async def retry_after(self, email: str, address: str) -> int:
        """Seconds until this email may try again from this address; 0 when it may now."""
        now, wait = time.time(), 0
        for limit, key in self._keys(email, address):
            count, oldest = await self._windows.recent(key, limit.window_seconds, now)
            if count >= limit.failures and oldest is not None:
                wait = max(wait, max(1, math.ceil(oldest + limit.window_seconds - now)))
        return wait

    async def record_failure(self, email: str, address: str) -> None:
        now = time.time()
        for limit, key in self._keys(email, address):
            await self._windows.add(key, limit.window_seconds, now)

    async def record_success(self, email: str, address: str) -> None:
        _, pair_key = self._keys(email, address)[0]
        await self._windows.clear(pair_key)

    async def close(self) -> None:
        await self._windows.close()
