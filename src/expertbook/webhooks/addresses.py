"""Refuses outgoing URLs that reach into the server's own network (SSRF), and pins each
call to the address that was checked.

A name is resolved once per call, its addresses checked, and the connection made to the
checked address (with the name kept for the Host header and TLS). Resolving again to
connect would let a name that answers "public" to the check and "127.0.0.1" a moment
later (DNS rebinding) reach the server's own network.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import SplitResult, urlsplit

import httpx

from expertbook.kit.i18n import Message

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


# For an httpx client whose calls go to pinned addresses: a connection kept open for one
# name would serve the next name on the same address with the first one's TLS (SNI).
PINNED_LIMITS = httpx.Limits(max_keepalive_connections=0)


class AddressRefused(ValueError):
    """Why a URL may not be called; its one argument is the Message to answer with."""

    @property
    def message(self) -> Message:
        message: Message = self.args[0]
        return message


Noun = Literal["webhook", "calendar"]
# Per noun, as each is its own sentence in other languages.
_NOT_A_URL: dict[Noun, Message] = {
    "webhook": Message("A webhook URL starts with https:// or http:// and names a host."),
    "calendar": Message("A calendar URL starts with https:// or http:// and names a host."),
}
_PRIVATE: dict[Noun, Message] = {
    "webhook": Message("Webhooks may not call private, loopback or link-local addresses."),
    "calendar": Message("Calendars may not call private, loopback or link-local addresses."),
}


@dataclass(frozen=True, slots=True)
class Destination:
    """Where a checked URL's call connects, and the name it speaks to there."""

    url: str  # the URL with its host replaced by the checked address
    address: str  # as a URL spells it: 203.0.113.7 or [2001:db8::7]
    host: str  # the Host header: the name (and port) the URL gave
    hostname: str  # for TLS: the name the certificate must carry

    @property
    def tls(self) -> dict[str, str]:
        """httpx's request extension that keeps SNI and the certificate check on the name."""
        return {"sni_hostname": self.hostname}


async def check_url(url: str, *, allow_private: bool, noun: Noun = "webhook") -> None:
    """Raise AddressRefused unless `url` is http(s) to a host whose every address is public.

    Checked when a webhook (or calendar, `noun`) is saved; each call then goes through
    `destination`, which checks again and pins the connection to what it checked.
    """
    if allow_private:
        _parts(url, noun)  # still http(s), naming a host
        return
    await destination(url, allow_private=False, noun=noun)


async def destination(url: str, *, allow_private: bool, noun: Noun = "webhook") -> Destination:
    """Where a call to `url` connects: its host resolved once, every address checked
    (unless `allow_private`), and one of them chosen; AddressRefused otherwise."""
    parts = _parts(url, noun)
    addresses = _literal(parts)
    if not addresses:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                parts.hostname, _port(parts), type=socket.SOCK_STREAM
            )
        except socket.gaierror as error:
            raise _not_found(parts) from error
        addresses = _addresses_of(infos)
    return _destination(parts, addresses, allow_private, noun)


def destination_blocking(url: str, *, allow_private: bool, noun: Noun) -> Destination:
    """`destination` for code that runs in a worker thread (the CalDAV client)."""
    parts = _parts(url, noun)
    addresses = _literal(parts)
    if not addresses:
        try:
            infos = socket.getaddrinfo(parts.hostname, _port(parts), type=socket.SOCK_STREAM)
        except socket.gaierror as error:
            raise _not_found(parts) from error
        addresses = _addresses_of(infos)
    return _destination(parts, addresses, allow_private, noun)


def _parts(url: str, noun: Noun) -> SplitResult:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(_NOT_A_URL[noun])
    return parts


def _port(parts: SplitResult) -> int:
    return parts.port or (443 if parts.scheme == "https" else 80)


def _literal(parts: SplitResult) -> list[Address]:
    """The URL's host, when it is an address itself; else nothing (a name to resolve)."""
    try:
        return [ipaddress.ip_address(parts.hostname or "")]
    except ValueError:
        return []


def _addresses_of(infos: list[tuple[Any, ...]]) -> list[Address]:
    return [ipaddress.ip_address(info[4][0]) for info in infos]


def _not_found(parts: SplitResult) -> AddressRefused:
    return AddressRefused(Message("The host {host} could not be found.", host=parts.hostname))


def _destination(
    parts: SplitResult, addresses: list[Address], allow_private: bool, noun: Noun
) -> Destination:
    if not addresses:
        raise _not_found(parts)
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise AddressRefused(_PRIVATE[noun])
    # IPv4 first: a host with both is reachable over it from machines without IPv6 routes.
    chosen = min(addresses, key=lambda address: address.version)
    spelled = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    userinfo, _, host = parts.netloc.rpartition("@")
    netloc = spelled if parts.port is None else f"{spelled}:{parts.port}"
    return Destination(
        url=parts._replace(netloc=f"{userinfo}@{netloc}" if userinfo else netloc).geturl(),
        address=spelled,
        host=host,
        hostname=parts.hostname or "",
    )


def _is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast
