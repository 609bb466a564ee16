"""A name whose DNS answer changes after the first lookup (DNS rebinding), on the loop."""

import asyncio
import socket
from typing import Any

import pytest

NOBODY = "127.0.0.2"  # on loopback, where no test server listens


def rebinding(monkeypatch: pytest.MonkeyPatch, name: str, first: str) -> list[str]:
    """Make the running loop resolve `name` to `first` once, then to NOBODY. Returns the
    answers not given yet: empty once the first was used."""
    loop = asyncio.get_running_loop()
    real = loop.getaddrinfo
    answers = [first]

    async def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != name:
            return await real(host, port, *args, **kwargs)
        address = answers.pop() if answers else NOBODY
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(loop, "getaddrinfo", getaddrinfo)
    return answers
