"""Predikat kinerja pegawai (PermenPANRB 6/2022, HIGH) as an ordered vocabulary.

The positions service only *reads* predikat (computed by the evaluation service) to check
eligibility, so it needs the five codes and their order, nothing more.
Order: Sangat Baik > Baik > Butuh Perbaikan > Kurang/Misconduct > Sangat Kurang.
"""

from __future__ import annotations

import re

from merit_shared.errors import Invalid

from ._enum import OrderedEnum

_LABELS = {
    5: ("SANGAT_BAIK", "Sangat Baik"),
    4: ("BAIK", "Baik"),
    3: ("BUTUH_PERBAIKAN", "Butuh Perbaikan"),
    2: ("KURANG", "Kurang/Misconduct"),
    1: ("SANGAT_KURANG", "Sangat Kurang"),
}


class Predikat(OrderedEnum):
    """The value is the rank in the ordering (higher is better); ``code`` is the stable string."""

    SANGAT_BAIK = 5
    BAIK = 4
    BUTUH_PERBAIKAN = 3
    KURANG = 2
    SANGAT_KURANG = 1

    @property
    def code(self) -> str:
        return _LABELS[self.value][0]

    @property
    def label(self) -> str:
        return _LABELS[self.value][1]

    def __str__(self) -> str:
        return self.code


# Names accepted on input besides the codes: official labels and the older "Cukup" (= Butuh Perbaikan).
_ALIASES = {
    "KURANG/MISCONDUCT": Predikat.KURANG,
    "MISCONDUCT": Predikat.KURANG,
    "CUKUP": Predikat.BUTUH_PERBAIKAN,
}


def parse_predikat(value: Predikat | str, field: str = "predikat") -> Predikat:
    """Parse a predikat from its code (``BAIK``) or label (``"Sangat Baik"``, ``"Kurang/Misconduct"``)."""
    if isinstance(value, Predikat):
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        if text in _ALIASES:
            return _ALIASES[text]
        key = re.sub(r"[\s\-]+", "_", text)
        if key in Predikat.__members__:
            return Predikat[key]
    allowed = ", ".join(p.code for p in Predikat)
    raise Invalid(
        code="predikat_invalid",
        message_id=f"Predikat kinerja '{value}' tidak dikenal. Gunakan salah satu: {allowed}.",
        message_en=f"Unknown performance predikat '{value}'. Use one of: {allowed}.",
        field=field,
        value=str(value),
    )


def predikat_at_least(predikat: Predikat | str, minimum: Predikat | str) -> bool:
    """True if ``predikat`` is at or above ``minimum`` in the official order."""
    return parse_predikat(predikat) >= parse_predikat(minimum, field="minimum")
