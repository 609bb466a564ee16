"""Login throttling: a sliding window of failures per email and per client address."""

import math
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field


@dataclass
class FailureWindow:
    limit: int
    window_seconds: float
    _failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def _prune(self, key: str, now: float) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return deque()
        return failures

    def retry_after(self, key: str, now: float | None = None) -> int:
        """Seconds until `key` may try again; 0 when it may now."""
        now = time.monotonic() if now is None else now
        failures = self._prune(key, now)
        if len(failures) < self.limit:
            return 0
        return max(1, math.ceil(failures[0] + self.window_seconds - now))

    def record_failure(self, key: str, now: float | None = None) -> None:
        self._failures[key].append(time.monotonic() if now is None else now)

    def reset(self, key: str) -> None:
        self._failures.pop(key, None)


@dataclass
class LoginThrottle:
    """Per-instance; each instance of several throttles on its own (documented)."""

    per_email: FailureWindow = field(default_factory=lambda: FailureWindow(5, 15 * 60))
    per_address: FailureWindow = field(default_factory=lambda: FailureWindow(30, 15 * 60))

    def retry_after(self, email: str, address: str) -> int:
        return max(self.per_email.retry_after(email), self.per_address.retry_after(address))

    def record_failure(self, email: str, address: str) -> None:
        self.per_email.record_failure(email)
        self.per_address.record_failure(address)

    def record_success(self, email: str) -> None:
        self.per_email.reset(email)
