"""Calls per key per minute, counted across instances through Redis when configured."""

import math
import time
from dataclasses import dataclass

from expertbook.kit.event_windows import SharedWindows

WINDOW_SECONDS = 60.0


@dataclass(frozen=True)
class Allowance:
    limit: int
    remaining: int
    reset_seconds: int
    allowed: bool

    def headers(self) -> dict[str, str]:
        """The IETF draft's RateLimit-* fields, and Retry-After once refused."""
        headers = {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset_seconds),
        }
        if not self.allowed:
            headers["Retry-After"] = str(self.reset_seconds)
        return headers


class KeyRateLimit:
    def __init__(self, redis_url: str | None, per_minute: int) -> None:
        self.per_minute = per_minute
        self._windows = SharedWindows(redis_url, "API key rate limiting")

    async def take(self, key_id: str) -> Allowance:
        """Count one call of this key, unless it is already at its limit."""
        now = time.time()
        name = f"expertbook:api-key:{key_id}"
        count, oldest = await self._windows.recent(name, WINDOW_SECONDS, now)
        reset = max(1, math.ceil((oldest or now) + WINDOW_SECONDS - now))
        if count >= self.per_minute:
            return Allowance(self.per_minute, 0, reset, allowed=False)
        await self._windows.add(name, WINDOW_SECONDS, now)
        return Allowance(self.per_minute, self.per_minute - count - 1, reset, allowed=True)

    async def close(self) -> None:
        await self._windows.close()
