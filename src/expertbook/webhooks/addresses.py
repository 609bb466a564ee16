"""Refuses webhook URLs that reach into the server's own network (SSRF)."""

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit


class AddressRefused(ValueError):
    pass


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


async def check_url(url: str, *, allow_private: bool, noun: str = "webhook") -> None:
    """Raise AddressRefused unless `url` is http(s) to a host whose every address is public.

    Checked when a webhook (or calendar, `noun`) is saved and again before each call,
    since a name may come to resolve elsewhere later.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused(f"A {noun} URL starts with https:// or http:// and names a host.")
    if allow_private:
        return
    try:
        literal = ipaddress.ip_address(parts.hostname)
        addresses = [literal]
    except ValueError:
        try:
            infos = await asyncio.get_running_loop().getaddrinfo(
                parts.hostname, parts.port or 443, type=socket.SOCK_STREAM
            )
        except socket.gaierror as error:
            raise AddressRefused(f"The host {parts.hostname} could not be found.") from error
        addresses = [ipaddress.ip_address(info[4][0]) for info in infos]
    if not all(_is_public(address) for address in addresses):
        raise AddressRefused(
            f"{noun.capitalize()}s may not call private, loopback or link-local addresses."
        )
