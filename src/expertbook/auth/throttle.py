"""Login throttling: sliding windows of failures, shared through Redis when configured.

Failures count per email *and* client address, and per address. An attacker guessing
one account's password from their address is slowed down there, while the owner,
from another address, still logs in. With Redis, every instance sees the same counts.
"""

import hashlib
import logging
import math
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("expertbook.auth")
REDIS_TIMEOUT_SECONDS = 2
T = TypeVar("T")


@dataclass(frozen=True)
class Limit:
    name: str
    failures: int
    window_seconds: float


PER_EMAIL_AND_ADDRESS = Limit("email-address", 5, 15 * 60)
PER_ADDRESS = Limit("address", 30, 15 * 60)


class FailureStore(Protocol):
    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        """How many failures `key` had within the window, and when the oldest was."""

    async def add(self, key: str, window: float, now: float) -> None: ...

    async def clear(self, key: str) -> None: ...


class MemoryFailures:
    """This process's own counts."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        failures = self._failures.get(key)
        if not failures:
            return 0, None
        while failures and failures[0] <= now - window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return 0, None
        return len(failures), failures[0]

    async def add(self, key: str, window: float, now: float) -> None:
        self._failures[key].append(now)

    async def clear(self, key: str) -> None:
        self._failures.pop(key, None)


class RedisFailures:
    """Counts every instance shares: a sorted set of failure times per key."""

    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(
            url, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
        )

    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zremrangebyscore(key, "-inf", now - window)
            pipe.zcard(key)
            pipe.zrange(key, 0, 0, withscores=True)
            _, count, oldest = await pipe.execute()
        return int(count), (float(oldest[0][1]) if oldest else None)

    async def add(self, key: str, window: float, now: float) -> None:
        async with self.redis.pipeline(transaction=False) as pipe:
            pipe.zadd(key, {f"{now}:{secrets.token_hex(4)}": now})
            pipe.expire(key, math.ceil(window))
            await pipe.execute()

    async def clear(self, key: str) -> None:
        await self.redis.delete(key)


class LoginThrottle:
    def __init__(self, redis_url: str | None = None) -> None:
        self._memory = MemoryFailures()
        self._redis = RedisFailures(redis_url) if redis_url else None
        self._redis_failing = False

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
            count, oldest = await self._store(lambda s: s.recent(key, limit.window_seconds, now))  # noqa: B023
            if count >= limit.failures and oldest is not None:
                wait = max(wait, max(1, math.ceil(oldest + limit.window_seconds - now)))
        return wait

    async def record_failure(self, email: str, address: str) -> None:
        now = time.time()
        for limit, key in self._keys(email, address):
            await self._store(lambda s: s.add(key, limit.window_seconds, now))  # noqa: B023

    async def record_success(self, email: str, address: str) -> None:
        _, pair_key = self._keys(email, address)[0]
        await self._store(lambda s: s.clear(pair_key))

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.redis.aclose()

    async def _store(self, use: Callable[[FailureStore], Awaitable[T]]) -> T:
        """Redis when configured and answering; this process's counts otherwise."""
        if self._redis is not None:
            try:
                result = await use(self._redis)
                self._redis_failing = False
                return result
            except (RedisError, OSError) as error:
                if not self._redis_failing:
                    logger.error("login throttling falls back to this instance: %s", error)
                self._redis_failing = True
        return await use(self._memory)
