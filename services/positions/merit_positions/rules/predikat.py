"""Predikat kinerja pegawai (PermenPANRB 6/2022, HIGH): its order and labels, for the shared vocabulary.

The positions service only *reads* predikat (computed by the evaluation service) to check
eligibility, so it needs the five codes (``merit_shared.vocab.Predikat``) and their order, nothing more.
Order: Sangat Baik > Baik > Butuh Perbaikan > Kurang/Misconduct > Sangat Kurang.
"""

from __future__ import annotations

import re

from merit_positions.rules.errors import PREDIKAT_INVALID
from merit_shared.vocab import Predikat

__all__ = ["PREDIKAT_LABELS", "PREDIKAT_RANK", "Predikat", "parse_predikat", "predikat_at_least", "predikat_label",
           "predikat_rank"]

#: Rank in the official order (higher is better), keyed by the shared wire vocabulary.
PREDIKAT_RANK: dict[Predikat, int] = {
    Predikat.SANGAT_BAIK: 5,
    Predikat.BAIK: 4,
    Predikat.BUTUH_PERBAIKAN: 3,
    Predikat.KURANG: 2,
    Predikat.SANGAT_KURANG: 1,
}

#: Official label of each predikat.
PREDIKAT_LABELS: dict[Predikat, str] = {
    Predikat.SANGAT_BAIK: "Sangat Baik",
    Predikat.BAIK: "Baik",
    Predikat.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predikat.KURANG: "Kurang/Misconduct",
    Predikat.SANGAT_KURANG: "Sangat Kurang",
}


def predikat_rank(p: Predikat) -> int:
    """Ordering key: 5 (Sangat Baik) … 1 (Sangat Kurang)."""
    return PREDIKAT_RANK[p]


def predikat_label(p: Predikat) -> str:
    """Official label, e.g. ``"Kurang/Misconduct"``."""
    return PREDIKAT_LABELS[p]


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
    allowed = ", ".join(p.value for p in Predikat)
    raise PREDIKAT_INVALID.error(field=field, allowed=allowed, value=value, extra={"value": str(value)})


def predikat_at_least(predikat: Predikat | str, minimum: Predikat | str) -> bool:
    """True if ``predikat`` is at or above ``minimum`` in the official order."""
    return PREDIKAT_RANK[parse_predikat(predikat)] >= PREDIKAT_RANK[parse_predikat(minimum, field="minimum")]
