"""Small input-parsing helpers shared by the rule modules (private).

They turn loosely typed input (enum members or their codes, ints, Decimals, numeric strings)
into the exact types the rules use, and raise ``Invalid`` with a bilingual, actionable message
otherwise.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, TypeVar

from merit_shared.errors import Invalid

E = TypeVar("E", bound=Enum)


def parse_enum(enum_cls: type[E], value: Any, field: str, code: str | None = None) -> E:
    """Return ``value`` as a member of ``enum_cls``; accepts the member or its code (case-insensitive)."""
    if isinstance(value, enum_cls):
        return value
    if isinstance(value, str):
        key = value.strip().upper()
        for member in enum_cls:
            if member.value == key:
                return member
    allowed = ", ".join(str(m.value) for m in enum_cls)
    raise Invalid(
        code=code or f"invalid_{enum_cls.__name__.lower()}",
        message_id=f"Nilai {value!r} tidak dikenal untuk {field}. Gunakan salah satu dari: {allowed}.",
        message_en=f"Unknown value {value!r} for {field}. Use one of: {allowed}.",
        field=field,
        allowed=[str(m.value) for m in enum_cls],
    )


def to_decimal(value: Any, field: str, code: str = "invalid_number") -> Decimal:
    """Return ``value`` as a finite Decimal (int, Decimal, float via its str, or numeric string)."""
    if isinstance(value, bool):
        result = None
    elif isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(str(value))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            result = None
    else:
        result = None
    if result is None or not result.is_finite():
        raise Invalid(
            code=code,
            message_id=f"{field} harus berupa angka, bukan {value!r}.",
            message_en=f"{field} must be a number, not {value!r}.",
            field=field,
        )
    return result


def require_int(value: Any, field: str, lo: int, hi: int, code: str) -> int:
    """Return ``value`` if it is an int (not bool) within ``lo..hi`` inclusive, else raise ``Invalid``."""
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise Invalid(
            code=code,
            message_id=f"{field} harus bilangan bulat {lo} sampai {hi}, bukan {value!r}.",
            message_en=f"{field} must be a whole number from {lo} to {hi}, not {value!r}.",
            field=field,
            minimum=lo,
            maximum=hi,
        )
    return value


def require_range(value: Decimal, field: str, lo: Decimal, hi: Decimal, code: str) -> Decimal:
    """Return ``value`` if ``lo <= value <= hi``, else raise ``Invalid``."""
    if not lo <= value <= hi:
        raise Invalid(
            code=code,
            message_id=f"{field} harus antara {lo} dan {hi}, bukan {value}.",
            message_en=f"{field} must be between {lo} and {hi}, not {value}.",
            field=field,
            minimum=str(lo),
            maximum=str(hi),
        )
    return value


def invalid_policy(policy: str, message_id: str, message_en: str, field: str | None = None) -> Invalid:
    """Build the error raised when a policy document (JSON) is inconsistent."""
    return Invalid(
        code=f"invalid_{policy}",
        message_id=message_id,
        message_en=message_en,
        field=field,
    )
