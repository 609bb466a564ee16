"""Sliding windows of events per key (failed logins, API calls), shared through Redis.

Each instance counts on its own when no Redis is configured, or while Redis does not
answer; with Redis, every instance sees the same counts.
"""

import logging
import math
import secrets
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from redis.asyncio import Redis
from redis.exceptions import RedisError

logger = logging.getLogger("expertbook.windows")
REDIS_TIMEOUT_SECONDS = 2
T = TypeVar("T")


class EventStore(Protocol):
    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        """How many events `key` had within the window, and when the oldest was."""

    async def add(self, key: str, window: float, now: float) -> None: ...

    async def clear(self, key: str) -> None: ...


class MemoryWindows:
    """This process's own counts."""

    def __init__(self) -> None:
        self._events: dict[str, deque[float]] = defaultdict(deque)

    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        events = self._events.get(key)
        if not events:
            return 0, None
        while events and events[0] <= now - window:
            events.popleft()
        if not events:
            del self._events[key]
            return 0, None
        return len(events), events[0]

    async def add(self, key: str, window: float, now: float) -> None:
        self._events[key].append(now)

    async def clear(self, key: str) -> None:
        self._events.pop(key, None)


class RedisWindows:
    """Counts every instance shares: a sorted set of event times per key."""

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


class SharedWindows:
    """Redis when configured and answering; this process's counts otherwise."""

    def __init__(self, redis_url: str | None, purpose: str) -> None:
        self._memory = MemoryWindows()
        self._redis = RedisWindows(redis_url) if redis_url else None
        self._redis_failing = False
        self._purpose = purpose

    async def recent(self, key: str, window: float, now: float) -> tuple[int, float | None]:
        return await self._store(lambda store: store.recent(key, window, now))

    async def add(self, key: str, window: float, now: float) -> None:
        await self._store(lambda store: store.add(key, window, now))

    async def clear(self, key: str) -> None:
        await self._store(lambda store: store.clear(key))

    async def close(self) -> None:
        if self._redis is not None:
            await self._redis.redis.aclose()

    async def _store(self, use: Callable[[EventStore], Awaitable[T]]) -> T:
        if self._redis is not None:
            try:
                result = await use(self._redis)
                self._redis_failing = False
                return result
            except (RedisError, OSError) as error:
                if not self._redis_failing:
                    logger.error("%s falls back to this instance: %s", self._purpose, error)
                self._redis_failing = True
        return await use(self._memory)
