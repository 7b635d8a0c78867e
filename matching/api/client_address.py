"""The client's address, for per-address sign-in throttling.

The TCP peer from the ASGI scope is the client, unless it is one of the configured
trusted proxies (``MATCHING_TRUSTED_PROXIES``): then ``X-Forwarded-For`` is read from
the right, skipping the trusted hops, and the first address a trusted proxy did not
add is the client. Without trusted proxies the header is ignored, since any client can
write it (and so would escape its own throttle).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from fastapi import Request

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"
"""The address of a request without a TCP peer (e.g. a Unix socket): one shared key."""


def client_address(request: Request, trusted_proxies: Sequence[str]) -> str:
    """The address the request comes from, believing only trusted proxies."""
    peer = request.client.host if request.client else UNKNOWN
    networks = _networks(tuple(trusted_proxies))
    if not networks or not _trusted(peer, networks):
        return peer
    header = request.headers.get("x-forwarded-for", "")
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer  # every hop is a proxy: the first one asked


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IpNetwork, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _trusted(address: str, networks: tuple[IpNetwork, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:  # not an address (e.g. "unknown", garbage in the header)
        return False
    return any(ip in network for network in networks)
