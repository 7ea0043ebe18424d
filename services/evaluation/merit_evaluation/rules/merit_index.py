"""The merit-system index: indicators onto the eight KASN aspects, levels 1-4, the 100-400 score and its category.

* Aspects (KASN self-assessment, MED): perencanaan kebutuhan; pengadaan; pengembangan karier; promosi dan mutasi;
  manajemen kinerja; penggajian, penghargaan dan disiplin; perlindungan dan pelayanan; sistem informasi.
* How indicators map onto aspects and levels is NOT confirmed (LOW), so all of it is agency policy
  (``IndexPolicy``), with these documented defaults:
  - an aspect's level comes from the mean value of its measured ``share`` indicators (those with a denominator):
    level 4 at >= 0.90, 3 at >= 0.70, 2 at >= 0.50, else 1 (``level_thresholds``);
  - ``count`` indicators are evidence shown with their aspect, never scored;
  - an aspect without a scored indicator takes the agency's **declared** self-assessed level (with its evidence),
    marked ``declared``; without one it has no level and the index is ``complete: false``;
  - score = 100 x the mean level of the aspects that have one (100-400, 2 decimals, half up);
  - categories (KASN, LOW): I Buruk 100-174, II Kurang 175-249, III Baik 250-324, IV Sangat Baik 325-400
    (``categories``: the lowest score of each).
* The figures of a closed year are frozen with the SHA-256 (hex) of their canonical JSON: keys sorted, no
  whitespace, UTF-8; numbers that are decimals are strings ("0.7500").
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import orjson

from merit_evaluation.rules.errors import INVALID_MERIT_INDEX_POLICY

#: The eight aspects of the KASN self-assessment: code -> (Indonesian, English).
ASPECTS: dict[str, tuple[str, str]] = {
    "perencanaan_kebutuhan": ("Perencanaan kebutuhan", "Workforce planning"),
    "pengadaan": ("Pengadaan", "Recruitment"),
    "pengembangan_karier": ("Pengembangan karier", "Career development"),
    "promosi_mutasi": ("Promosi dan mutasi", "Promotion and transfer"),
    "manajemen_kinerja": ("Manajemen kinerja", "Performance management"),
    "penggajian_penghargaan_disiplin": ("Penggajian, penghargaan dan disiplin", "Pay, rewards and discipline"),
    "perlindungan_pelayanan": ("Perlindungan dan pelayanan", "Protection and services"),
    "sistem_informasi": ("Sistem informasi", "Information system"),
}
LEVELS = (1, 2, 3, 4)
CATEGORY_NAMES: dict[str, tuple[str, str]] = {"I": ("Buruk", "Poor"), "II": ("Kurang", "Fair"),
                                              "III": ("Baik", "Good"), "IV": ("Sangat Baik", "Very good")}

#: Every indicator the index knows, mapped by default (a new indicator: its registry entry and a line here).
DEFAULT_MAPPING: dict[str, tuple[str, ...]] = {
    "perencanaan_kebutuhan": ("jobs_with_competency_standard", "positions_with_current_abk",
                              "positions_seats_match_need"),
    "pengadaan": ("selections_without_integrity_exceptions", "appeals_decided_in_time"),
    "pengembangan_karier": ("key_positions_with_ready_successor", "employees_reaching_20_jp",
                            "employees_with_development_plan"),
    "promosi_mutasi": ("managerial_filled_by_open_selection", "overrides_with_reason"),
    "manajemen_kinerja": ("employees_with_final_rating", "low_ratings_with_coaching_outcome"),
    "penggajian_penghargaan_disiplin": ("discipline_cases_recorded",),
    "perlindungan_pelayanan": (),
    "sistem_informasi": ("employees_using_self_service",),
}
KNOWN_INDICATORS = frozenset(c for codes in DEFAULT_MAPPING.values() for c in codes)


def _dec(v: Any, where: str) -> Decimal:
    try:
        d = Decimal(str(v))
    except (InvalidOperation, ValueError):
        raise INVALID_MERIT_INDEX_POLICY.error(field=f"body.{where}", why_id=f"{where} harus angka",
                                               why_en=f"{where} must be a number") from None
    if not d.is_finite():
        raise INVALID_MERIT_INDEX_POLICY.error(field=f"body.{where}", why_id=f"{where} harus angka",
                                               why_en=f"{where} must be a number")
    return d


def _bad(where: str, why_id: str, why_en: str) -> Exception:
    return INVALID_MERIT_INDEX_POLICY.error(field=f"body.{where}", why_id=why_id, why_en=why_en)


@dataclass(frozen=True)
class IndexPolicy:
    aspects: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_MAPPING))
    level_thresholds: tuple[Decimal, Decimal, Decimal] = (Decimal("0.50"), Decimal("0.70"), Decimal("0.90"))
    categories: dict[str, int] = field(default_factory=lambda: {"I": 100, "II": 175, "III": 250, "IV": 325})
    appeal_answer_days: int = 3

    def to_dict(self) -> dict[str, Any]:
        return {"aspects": {k: list(v) for k, v in self.aspects.items()},
                "level_thresholds": [str(t) for t in self.level_thresholds], "categories": dict(self.categories),
                "appeal_answer_days": self.appeal_answer_days}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IndexPolicy:
        """Validate a policy document (omitted keys keep the defaults); every refusal names its field."""
        unknown = sorted(set(data) - {"aspects", "level_thresholds", "categories", "appeal_answer_days"})
        if unknown:
            raise _bad(unknown[0], f"kunci tidak dikenal {unknown[0]}; yang berlaku: aspects, level_thresholds, "
                                   "categories, appeal_answer_days",
                       f"unknown key {unknown[0]}; valid keys: aspects, level_thresholds, categories, "
                       "appeal_answer_days")
        base = cls()
        aspects = dict(base.aspects)
        if "aspects" in data:
            raw = data["aspects"]
            if not isinstance(raw, Mapping):
                raise _bad("aspects", "aspects harus objek {aspek: [kode indikator]}",
                           "aspects must be an object {aspect: [indicator codes]}")
            seen: dict[str, str] = {}
            for aspect, codes in raw.items():
                if aspect not in ASPECTS:
                    raise _bad(f"aspects.{aspect}", f"aspek {aspect} tidak dikenal; yang berlaku: {', '.join(ASPECTS)}",
                               f"unknown aspect {aspect}; valid: {', '.join(ASPECTS)}")
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise _bad(f"aspects.{aspect}", "daftar kode indikator harus list teks",
                               "the indicator codes must be a list of strings")
                for c in codes:
                    if c not in KNOWN_INDICATORS:
                        raise _bad(f"aspects.{aspect}", f"indikator {c} tidak dikenal; yang berlaku: "
                                   f"{', '.join(sorted(KNOWN_INDICATORS))}",
                                   f"unknown indicator {c}; valid: {', '.join(sorted(KNOWN_INDICATORS))}")
                    if c in seen and seen[c] != aspect:
                        raise _bad(f"aspects.{aspect}", f"indikator {c} sudah dipetakan ke {seen[c]}",
                                   f"indicator {c} is already mapped to {seen[c]}")
                    seen[c] = aspect
                aspects[aspect] = tuple(dict.fromkeys(codes))
            # an indicator moved to another aspect leaves the aspect it had by default
            for aspect in aspects:
                if aspect not in raw:
                    aspects[aspect] = tuple(c for c in aspects[aspect] if c not in seen)
        thresholds = base.level_thresholds
        if "level_thresholds" in data:
            raw_t = data["level_thresholds"]
            if not isinstance(raw_t, list) or len(raw_t) != 3:
                raise _bad("level_thresholds", "level_thresholds harus tiga nilai (level 2, 3, 4)",
                           "level_thresholds must be three values (levels 2, 3, 4)")
            t = tuple(_dec(v, f"level_thresholds.{i}") for i, v in enumerate(raw_t))
            if not (Decimal(0) < t[0] < t[1] < t[2] <= Decimal(1)):
                raise _bad("level_thresholds", "level_thresholds harus naik, di antara 0 (tidak termasuk) dan 1",
                           "level_thresholds must increase, between 0 (excluded) and 1")
            thresholds = (t[0], t[1], t[2])
        categories = dict(base.categories)
        if "categories" in data:
            raw_c = data["categories"]
            if not isinstance(raw_c, Mapping) or set(raw_c) != set(CATEGORY_NAMES):
                raise _bad("categories", "categories harus memuat tepat I, II, III, IV (skor terendah masing-masing)",
                           "categories must hold exactly I, II, III, IV (the lowest score of each)")
            vals = []
            for k in CATEGORY_NAMES:
                v = raw_c[k]
                if not isinstance(v, int) or isinstance(v, bool):
                    raise _bad(f"categories.{k}", "skor terendah harus bilangan bulat", "the lowest score must be an "
                               "integer")
                vals.append(v)
            if vals[0] != 100 or not (vals[0] < vals[1] < vals[2] < vals[3] <= 400):
                raise _bad("categories", "kategori I mulai 100 dan batas naik sampai paling tinggi 400",
                           "category I starts at 100 and the bounds increase up to 400 at most")
            categories = {k: int(raw_c[k]) for k in CATEGORY_NAMES}
        days = base.appeal_answer_days
        if "appeal_answer_days" in data:
            d = data["appeal_answer_days"]
            if not isinstance(d, int) or isinstance(d, bool) or not 0 <= d <= 90:
                raise _bad("appeal_answer_days", "appeal_answer_days harus bilangan bulat 0-90",
                           "appeal_answer_days must be an integer 0-90")
            days = d
        return cls(aspects=aspects, level_thresholds=thresholds, categories=categories, appeal_answer_days=days)

    def aspect_of(self, code: str) -> str | None:
        return next((a for a, codes in self.aspects.items() if code in codes), None)


DEFAULT_INDEX_POLICY = IndexPolicy()


def level_of(value: Decimal, thresholds: Iterable[Decimal]) -> int:
    """1 below the first threshold, then one more per threshold reached (4 at the last)."""
    return 1 + sum(1 for t in thresholds if value >= t)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    vals = list(values)
    if not vals:
        return None
    return (sum(vals, Decimal(0)) / len(vals)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def score_of(levels: Iterable[int]) -> Decimal | None:
    """100 x the mean level (100-400), 2 decimals; None when no aspect has a level."""
    lv = list(levels)
    if not lv:
        return None
    return (Decimal(100) * Decimal(sum(lv)) / len(lv)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def category_of(score: Decimal | None, categories: Mapping[str, int]) -> str | None:
    if score is None:
        return None
    found = None
    for name in CATEGORY_NAMES:
        if score >= categories[name]:
            found = name
    return found


def canonical_json(doc: Any) -> bytes:
    """Keys sorted, no whitespace, UTF-8 (``doc`` already JSON-ready: decimals as strings)."""
    return orjson.dumps(doc, option=orjson.OPT_SORT_KEYS)


def content_hash(doc: Any) -> str:
    return hashlib.sha256(canonical_json(doc)).hexdigest()


def _value(v: Any) -> Decimal | None:
    return None if v is None else Decimal(str(v))


def assemble(policy: IndexPolicy, indicators: Iterable[Mapping[str, Any]],
             declarations: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Aspects, levels, score and category from the indicators (``code, kind, status, value``) and the agency's
    declared aspects (``aspect -> {level, ...}``). Measured evidence wins over a declaration, which is kept and
    shown (``used: false``); an aspect with neither has no level and the index is not complete."""
    by_code = {str(i["code"]): i for i in indicators}
    aspects: list[dict[str, Any]] = []
    levels: list[int] = []
    for code, (name_id, name_en) in ASPECTS.items():
        mapped = list(policy.aspects.get(code, ()))
        scored = [v for c in mapped if (i := by_code.get(c)) is not None and i.get("kind") == "share"
                  and i.get("status") == "measured" and (v := _value(i.get("value"))) is not None]
        decl = declarations.get(code)
        m = mean(scored)
        if m is not None:
            source, level = "measured", level_of(m, policy.level_thresholds)
        elif decl is not None:
            source, level = "declared", int(decl["level"])
        else:
            source, level = "no_evidence", None
        if level is not None:
            levels.append(level)
        aspects.append({"code": code, "name_id": name_id, "name_en": name_en, "source": source, "level": level,
                        "mean_value": m, "indicators": mapped,
                        "declaration": None if decl is None else {**decl, "used": source == "declared"}})
    score = score_of(levels)
    category = category_of(score, policy.categories)
    names = CATEGORY_NAMES.get(category or "", (None, None))
    return {"aspects": aspects, "score": score, "category": category, "category_name_id": names[0],
            "category_name_en": names[1], "complete": len(levels) == len(ASPECTS)}
