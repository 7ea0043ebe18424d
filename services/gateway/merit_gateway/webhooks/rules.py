"""The webhooks' pure rules: origins and URLs, forbidden addresses (SSRF), the retry schedule, the ordering key,
secrets and signatures (Standard Webhooks). No I/O here; table-tested in services/gateway/tests/unit."""

from __future__ import annotations

import base64
import ipaddress
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

SECRET_PREFIX = "whsec_"
SECRET_BYTES = 32  # 256-bit HMAC-SHA256 keys (the specification asks for 24 to 64 bytes)
ALL_TYPES = "*"
PING_TYPE = "webhook.ping"
MAX_ORIGIN = 300  # the allow-list column

#: Cloud metadata endpoints: refused even through an origin marked allow_private (they hand out credentials).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254"))
#: Ranges Python's ipaddress does not call private but that are not the public internet either.
NOT_PUBLIC = (ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("0.0.0.0/8"),
              ipaddress.ip_network("192.0.0.0/24"), ipaddress.ip_network("198.18.0.0/15"))


class BadUrl(ValueError):
    """Not an absolute http(s) URL Merit may deliver to; the message says why."""


@dataclass(frozen=True)
class Target:
    origin: str  # scheme://host:port, lower case, the port always written
    scheme: str
    host: str  # without brackets for IPv6
    port: int


def parse_target(url: str) -> Target:
    """The origin of an absolute http(s) URL; credentials and fragments are refused (they would leak or be
    ignored)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"not a URL ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise BadUrl("only http and https URLs are allowed")
    host = (parts.hostname or "").lower().rstrip(".")
    if not host:
        raise BadUrl("the URL names no host")
    if parts.username is not None or parts.password is not None:
        raise BadUrl("user information in the URL is not allowed")
    if parts.fragment:
        raise BadUrl("a fragment (#...) is not allowed")
    port = port or (443 if scheme == "https" else 80)
    shown = f"[{host}]" if ":" in host else host
    return Target(f"{scheme}://{shown}:{port}", scheme, host, port)


def normalise_origin(text: str) -> str:
    """An allow-list entry as scheme://host:port: ``https://Hooks.Example.go.id`` -> ``https://hooks.example.go.id:443``.
    A path other than ``/``, a query or credentials are refused: an entry is an origin, not a URL."""
    try:
        parts = urlsplit(text.strip())
    except ValueError as exc:
        raise BadUrl(f"not a URL ({exc})") from None
    if parts.path not in ("", "/") or parts.query:
        raise BadUrl("an origin is scheme://host[:port], without a path or query")
    origin = parse_target(text).origin
    if len(origin) > MAX_ORIGIN:
        raise BadUrl(f"longer than {MAX_ORIGIN} characters")
    return origin


def address_refusal(address: str, allow_private: bool) -> str | None:
    """Why a delivery may not connect to ``address`` (None: it may). Loopback, private, link-local, multicast,
    unspecified, reserved and shared ranges are refused unless the origin allows private addresses; cloud metadata
    endpoints always."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if allow_private:
        return None
    for what, hit in (("loopback", ip.is_loopback), ("link-local", ip.is_link_local),
                      ("multicast", ip.is_multicast), ("unspecified", ip.is_unspecified),
                      ("private", ip.is_private), ("reserved", ip.is_reserved),
                      ("not public", any(ip in n for n in NOT_PUBLIC if n.version == ip.version))):
        if hit:
            return f"a {what} address (the allow-list entry does not allow private addresses)"
    return None


def retry_delay(attempts: int, schedule: tuple[float, ...]) -> float | None:
    """Seconds to wait after the ``attempts``-th failed attempt; None when the retries are exhausted."""
    return schedule[attempts - 1] if 1 <= attempts <= len(schedule) else None


def disable_verdict(consecutive_failures: int, failing_since: datetime | None, now: datetime, max_failures: int,
                    max_failing_seconds: float) -> tuple[str, str] | None:
    """(reason, detail) when a subscription has failed persistently: ``max_failures`` deliveries in a row exhausted
    every retry, or every attempt has failed for longer than ``max_failing_seconds``; None while it may go on."""
    if failing_since is None:
        return None
    if consecutive_failures >= max_failures:
        return ("consecutive_failures", f"{consecutive_failures} deliveries in a row failed after every retry; fix "
                                        f"the receiver, then enable the subscription (its pending deliveries resume).")
    if (now - failing_since).total_seconds() > max_failing_seconds:
        return ("failing_too_long", f"Every delivery has failed since {failing_since.isoformat()}; fix the receiver, "
                                    f"then enable the subscription.")
    return None


def unknown_types(requested: Iterable[str], known: Iterable[str]) -> list[str]:
    """The requested event types that no feed emits (``*`` stands for every type)."""
    allowed = set(known) | {ALL_TYPES}
    return [t for t in requested if t not in allowed]


def wants(event_types: Iterable[str], event_type: str) -> bool:
    types = set(event_types)
    return ALL_TYPES in types or event_type in types


def record_key(feed: str, event: Mapping[str, Any]) -> str:
    """The ordering key of an event: its record (``feed:type:id``); the agency when the event names no record
    (every event of that agency's feed is then delivered in order)."""
    record = event.get("record")
    if isinstance(record, Mapping) and record.get("type") and record.get("id"):
        return f"{feed}:{record['type']}:{record['id']}"[:200]
    return f"{feed}:agency:{event.get('agency_id')}"


def new_secret() -> str:
    """``whsec_`` + base64 of 32 random bytes: the form Standard Webhooks libraries read."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def webhook_id(delivery_id: Any) -> str:
    """The ``webhook-id`` of a delivery: the same on every retry and redelivery (receivers deduplicate by it)."""
    return f"msg_{getattr(delivery_id, 'hex', delivery_id)}"


def signature_header(keys: Iterable[str], msg_id: str, timestamp: datetime, body: str) -> str:
    """``webhook-signature``: ``v1,<base64 HMAC-SHA256 of id.timestamp.body>`` for each key, space separated (during
    a rotation's overlap, with the new and the old secret)."""
    return " ".join(Webhook(k).sign(msg_id, timestamp, body) for k in keys)
