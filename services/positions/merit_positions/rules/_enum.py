"""Ordered enum base shared by ranks and predikat."""

from __future__ import annotations

from enum import Enum


class OrderedEnum(Enum):
    """Enum whose members compare by their integer value, only against the same enum."""

    def __lt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.value < other.value  # type: ignore[attr-defined,no-any-return]

    def __le__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.value <= other.value  # type: ignore[attr-defined,no-any-return]

    def __gt__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.value > other.value  # type: ignore[attr-defined,no-any-return]

    def __ge__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.value >= other.value  # type: ignore[attr-defined,no-any-return]
