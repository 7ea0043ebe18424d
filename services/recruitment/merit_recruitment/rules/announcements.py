"""Published announcements: canonical JSON + content hash, NIP masking, public projection, appeal window.

* Canonical JSON: keys sorted, no whitespace (``,`` and ``:`` separators), UTF-8 without ``\\u`` escapes,
  NaN/Infinity refused. Values are normalised first: ``Decimal`` -> string (exact digits kept, e.g.
  ``"81.2350"``), ``date`` -> ``YYYY-MM-DD``, aware ``datetime`` -> UTC ``YYYY-MM-DDTHH:MM:SS[.ffffff]Z``
  (naive refused), ``Enum`` -> its value, tuple/list -> list, set -> list sorted by canonical form, objects
  with ``to_dict()`` -> that dict. Mapping keys must be strings (or str enums).
* Content hash: lowercase hex SHA-256 of the canonical bytes.
* NIP mask: every digit replaced by ``*`` except the last ``nip_visible_suffix`` (default 4):
  ``196608011988031001`` -> ``**************1001``. The first 14 digits are birth date and CPNS date, so they
  are never shown; note the 15th digit is the gender code, so a suffix of 4 reveals gender (set 3 to hide it).
* Appeal window (sanggah): open from ``published_at`` (inclusive) until ``published_at + days`` (exclusive),
  as exact UTC instants (3 days = 72 hours, calendar time): published 2025-01-10T09:00Z, 3 days -> open until
  2025-01-13T08:59:59.999999Z, closed at 2025-01-13T09:00Z.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

from merit_recruitment.rules.errors import (
    INVALID_DAYS,
    INVALID_NIP,
    INVALID_POLICY_APPEAL_WINDOW_DAYS_MUST,
    INVALID_POLICY_NIP_VISIBLE_SUFFIX_MUST,
    MISSING_FIELD,
    NON_FINITE_NUMBER,
    NON_STRING_KEY,
    UNSERIALISABLE_VALUE,
)
from merit_shared.public import mask_digits

from .vocab import require_aware


@dataclass(frozen=True)
class PublicationPolicy:
    """Publication settings (MED: the national recruitment portal allows 3 days of appeal; masking is our
    privacy choice)."""

    appeal_window_days: int = 3
    nip_visible_suffix: int = 4

    def __post_init__(self) -> None:
        if not 0 <= self.nip_visible_suffix <= 4:
            raise INVALID_POLICY_NIP_VISIBLE_SUFFIX_MUST.error(field="policy.nip_visible_suffix")
        if self.appeal_window_days < 0:
            raise INVALID_POLICY_APPEAL_WINDOW_DAYS_MUST.error(field="policy.appeal_window_days")

    def to_dict(self) -> dict[str, Any]:
        return {"appeal_window_days": self.appeal_window_days, "nip_visible_suffix": self.nip_visible_suffix}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PublicationPolicy:
        return cls(**dict(data))


DEFAULT_PUBLICATION_POLICY = PublicationPolicy()


# --- canonical JSON -------------------------------------------------------------------------------------------

def _norm(v: Any, path: str) -> Any:
    if v is None or isinstance(v, (bool, int, str)) and not isinstance(v, Enum):
        return v
    if isinstance(v, Enum):
        return _norm(v.value, path)
    if isinstance(v, float):
        if v != v or v in (float("inf"), float("-inf")):
            raise NON_FINITE_NUMBER.error(field=path, path=path)
        return v
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise NON_FINITE_NUMBER.error(field=path, path=path)
        return str(v)
    if isinstance(v, datetime):
        require_aware(v, path)
        return v.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Mapping):
        out: dict[str, Any] = {}
        for k, item in v.items():
            key = k.value if isinstance(k, Enum) else k
            if not isinstance(key, str):
                raise NON_STRING_KEY.error(field=path, k=k, path=path)
            out[key] = _norm(item, f"{path}.{key}")
        return out
    if isinstance(v, (list, tuple)):
        return [_norm(x, f"{path}[{i}]") for i, x in enumerate(v)]
    if isinstance(v, (set, frozenset)):
        items = [_norm(x, f"{path}[]") for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    to_dict = getattr(v, "to_dict", None)
    if callable(to_dict):
        return _norm(to_dict(), path)
    raise UNSERIALISABLE_VALUE.error(field=path, name=type(v).__name__, path=path)


def canonical_json(snapshot: Any) -> bytes:
    """Canonical UTF-8 JSON bytes of ``snapshot`` (see module docstring)."""
    text = json.dumps(_norm(snapshot, "snapshot"), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)
    return text.encode("utf-8")


def content_hash(snapshot: Any) -> str:
    """Lowercase hex SHA-256 of :func:`canonical_json`; equal content gives an equal hash."""
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


# --- NIP masking and public projection ------------------------------------------------------------------------

def mask_nip(nip: str, policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY) -> str:
    """Mask an 18-digit NIP (spaces allowed, as in ``19660801 198803 1 001``), keeping the last
    ``policy.nip_visible_suffix`` digits: ``"196608011988031001"`` -> ``"**************1001"``."""
    digits = "".join(str(nip).split())
    if len(digits) != 18 or not digits.isascii() or not digits.isdigit():
        raise INVALID_NIP.error(field="nip")
    return mask_digits(digits, policy.nip_visible_suffix)


#: The only fields that may appear in a public result list.
PUBLIC_FIELDS = ("name", "current_position", "agency", "nip_masked", "result")


@dataclass(frozen=True)
class PublicApplicantRow:
    name: str
    current_position: str | None
    agency: str | None
    nip_masked: str
    result: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "current_position": self.current_position, "agency": self.agency,
                "nip_masked": self.nip_masked, "result": self.result}


def public_applicant_row(row: Mapping[str, Any],
                         policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY) -> PublicApplicantRow:
    """Allow-list projection of an applicant row for publication: name, current position, agency, masked NIP
    and result. Everything else (NIK, birth date, phone, address, scores ...) is dropped by construction.
    ``row`` needs ``name``, ``nip`` and ``result``; ``current_position`` and ``agency`` may be missing."""
    for key in ("name", "nip", "result"):
        if row.get(key) in (None, ""):
            raise MISSING_FIELD.error(field=key, key=key)
    result = row["result"]
    return PublicApplicantRow(
        name=str(row["name"]),
        current_position=row.get("current_position"),
        agency=row.get("agency"),
        nip_masked=mask_nip(row["nip"], policy),
        result=result.value if isinstance(result, Enum) else str(result),
    )


# --- appeal window ----------------------------------------------------------------------------------------------

def appeal_deadline(published_at: datetime, days: int | None = None,
                    policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY) -> datetime:
    """First instant (UTC) at which appeals are closed: ``published_at + days``."""
    require_aware(published_at, "published_at")
    n = policy.appeal_window_days if days is None else days
    if n < 0:
        raise INVALID_DAYS.error(field="days")
    return (published_at + timedelta(days=n)).astimezone(UTC)


def appeal_open(published_at: datetime, now: datetime, days: int | None = None,
                policy: PublicationPolicy = DEFAULT_PUBLICATION_POLICY) -> bool:
    """True when ``published_at <= now < published_at + days`` (start inclusive, end exclusive).
    ``days`` defaults to ``policy.appeal_window_days`` (3)."""
    require_aware(now, "now")
    deadline = appeal_deadline(published_at, days, policy)  # validates published_at first
    return published_at <= now < deadline
