"""What one socket may ask of the server: a steady rate of events and a few rooms.

A socket that keeps going far past its rate is disconnected: a client the web app runs
sends a handful of events a minute.
"""

import time
from dataclasses import dataclass, field

EVENTS_PER_SECOND = 5.0
BURST = 20
# Events refused in a row before the socket is cut off.
REFUSALS_BEFORE_DISCONNECT = 50
MAX_WATCHED_EXPERTS = 20


@dataclass
class SocketAllowance:
    """A token bucket: BURST events at once, then EVENTS_PER_SECOND."""

    tokens: float = BURST
    refilled_at: float = field(default_factory=time.monotonic)
    refusals: int = 0
    watching: set[str] = field(default_factory=set)

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.refilled_at) * EVENTS_PER_SECOND)
        self.refilled_at = now
        if self.tokens >= 1:
            self.tokens -= 1
            self.refusals = 0
            return True
        self.refusals += 1
        return False

    @property
    def abusive(self) -> bool:
        return self.refusals >= REFUSALS_BEFORE_DISCONNECT
