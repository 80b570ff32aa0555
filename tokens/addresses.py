"""Where a request comes from: the client address, and a token's recent addresses.

One helper for every place that needs the caller's address: the audit trail
(`TokenEvent.ip`), the addresses a token was last used from, the per-address rate limits,
and (later) IP allowlists. Behind a reverse proxy the socket's address (`REMOTE_ADDR`) is
the proxy's, and the client's is in `X-Forwarded-For`, which the client can also write to.
So the header is read only when `BEHIND_PROXY` is on, and only the entry the trusted
proxies vouch for is taken: each proxy appends the address it received the request from,
so with `TRUSTED_PROXY_COUNT` = N proxies in front of the application, the client is the
N-th entry from the right. Entries further left are whatever the client sent, and are never
used; with fewer entries than trusted proxies the header is not trusted at all.
"""

import ipaddress

from django.conf import settings


def normalize_address(value: str) -> str | None:
    """`value` as a canonical IP address string, or None if it is not one.

    Accepts what proxies write: `203.0.113.7`, `203.0.113.7:51234`, `2001:db8::1`,
    `[2001:db8::1]:443`; an IPv4-mapped IPv6 address (`::ffff:203.0.113.7`, a dual-stack
    socket's way of showing IPv4) is the IPv4 address.
    """
    value = value.strip()
    if value.startswith("["):  # [IPv6]:port
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4:port
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


def client_address(request) -> str | None:
    """The client's IP address: `REMOTE_ADDR`, or behind trusted proxies the entry of
    `X-Forwarded-For` they vouch for (see the module docstring). None if there is no valid
    address (a test client without one, say). Works on Django's and DRF's requests."""
    meta = request.META
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = meta.get("HTTP_X_FORWARDED_FOR")
        proxies = max(1, int(getattr(settings, "TRUSTED_PROXY_COUNT", 1)))
        if forwarded:
            entries = forwarded.split(",")
            if len(entries) >= proxies:
                found = normalize_address(entries[-proxies])
                if found is not None:
                    return found
    return normalize_address(meta.get("REMOTE_ADDR") or "")


def recent_addresses_with(recent: list, address: str | None, seen: str) -> list:
    """`recent` (a token's `recent_addresses`) with `address` seen at `seen` (ISO 8601):
    moved or added to the front, the oldest dropped past `RECENT_ADDRESSES` distinct ones."""
    from .models import PersonalAccessToken

    if address is None:
        return recent
    kept = [entry for entry in recent or () if entry.get("address") != address]
    return [{"address": address, "seen": seen}, *kept][: PersonalAccessToken.RECENT_ADDRESSES]
