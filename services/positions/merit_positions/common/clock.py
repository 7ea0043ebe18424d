"""The date in the agency's time zone: legal dates (TMT) are Indonesian calendar days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

WIB = ZoneInfo("Asia/Jakarta")


def today() -> date:
    return datetime.now(WIB).date()


def utcnow() -> datetime:
    return datetime.now(UTC)
