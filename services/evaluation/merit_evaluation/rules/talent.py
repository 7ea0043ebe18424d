"""Talent management nine-box — PermenPANRB 3/2020 (layout HIGH, the rest agency policy).

Layout (HIGH)::

                     kinerja di bawah | sesuai | di atas
    potensial tinggi         6        |   8    |   9
    potensial menengah       3        |   5    |   7
    potensial rendah         1        |   2    |   4

Everything an agency may tune is in ``TalentPolicy`` (stored with each placement so it can be explained):

* Axis thresholds on a 0–100 score, default 60/80, lower bound inclusive:
  ``score < 60`` → low, ``60 <= score < 80`` → middle, ``score >= 80`` → high.
* Potential score = weighted sum of 0–100 components (default, LOW placeholder:
  JPM 0.5, TRACK_RECORD 0.3, OTHER 0.2; weights must sum to 1). JPM above 100% must be capped
  at 100 by the caller before it is used as a component.
* Kinerja axis from predikat (default rule ``LOWEST``): take the predikat of each of the last
  ``performance_years`` (2) years, keep the *lowest* one and map it by ``predikat_levels``
  (Sangat Baik → di atas; Baik → sesuai; Butuh Perbaikan, Kurang, Sangat Kurang → di bawah).
  So "di atas" needs Sangat Baik in both years, "sesuai" needs at least Baik in both.
  A numeric kinerja score (0–100) may be given instead; then the kinerja thresholds apply.
* Recommended actions per box (MED), bilingual.
* Talent pool: boxes 7, 8, 9 (HIGH) and no ``pool_excluding_discipline`` (MODERATE, HEAVY) penalty
  dated within the last ``discipline_lookback_years`` (2). The window is inclusive: a penalty dated
  exactly 2 years before ``as_of`` (same day and month) still excludes; one a day older does not.
  Penalties dated after ``as_of`` are ignored. 29 February minus 2 years is 28 February.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_evaluation.rules.errors import (
    INVALID_DISCIPLINE_RECORD,
    INVALID_PERFORMANCE_HISTORY,
    INVALID_POTENTIAL_COMPONENTS,
    INVALID_TALENT_POLICY,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import DisciplineLevel, Predikat

from ._common import invalid_policy, parse_enum, require_int, require_range, to_decimal
from .predikat import PREDIKAT_RANK, parse_predikat


class PotentialLevel(StrEnum):
    RENDAH = "RENDAH"
    MENENGAH = "MENENGAH"
    TINGGI = "TINGGI"


class PerformanceLevel(StrEnum):
    DI_BAWAH_EKSPEKTASI = "DI_BAWAH_EKSPEKTASI"
    SESUAI_EKSPEKTASI = "SESUAI_EKSPEKTASI"
    DI_ATAS_EKSPEKTASI = "DI_ATAS_EKSPEKTASI"


#: Indonesian label of each discipline level (the level itself is ``merit_shared.vocab.DisciplineLevel``).
DISCIPLINE_LABELS: Mapping[DisciplineLevel, str] = MappingProxyType({
    DisciplineLevel.LIGHT: "Ringan", DisciplineLevel.MODERATE: "Sedang", DisciplineLevel.HEAVY: "Berat"})


class SuccessionReadiness(StrEnum):
    READY_NOW = "READY_NOW"
    READY_1_2_YEARS = "READY_1_2_YEARS"
    READY_LATER = "READY_LATER"

    @property
    def label(self) -> str:
        return {"READY_NOW": "Siap sekarang", "READY_1_2_YEARS": "Siap dalam 1–2 tahun",
                "READY_LATER": "Siap lebih dari 2 tahun"}[self.value]


_POT = (PotentialLevel.RENDAH, PotentialLevel.MENENGAH, PotentialLevel.TINGGI)
_PERF = (PerformanceLevel.DI_BAWAH_EKSPEKTASI, PerformanceLevel.SESUAI_EKSPEKTASI, PerformanceLevel.DI_ATAS_EKSPEKTASI)

#: Nine-box layout (HIGH), keyed by (potential level, performance level).
NINE_BOX: Mapping[tuple[PotentialLevel, PerformanceLevel], int] = MappingProxyType({
    (PotentialLevel.TINGGI, _PERF[0]): 6, (PotentialLevel.TINGGI, _PERF[1]): 8, (PotentialLevel.TINGGI, _PERF[2]): 9,
    (PotentialLevel.MENENGAH, _PERF[0]): 3, (PotentialLevel.MENENGAH, _PERF[1]): 5, (PotentialLevel.MENENGAH, _PERF[2]): 7,
    (PotentialLevel.RENDAH, _PERF[0]): 1, (PotentialLevel.RENDAH, _PERF[1]): 2, (PotentialLevel.RENDAH, _PERF[2]): 4,
})
_BOX_LEVELS = {box: key for key, box in NINE_BOX.items()}

#: Boxes forming the talent pool (HIGH).
TALENT_POOL_BOXES: frozenset[int] = frozenset({7, 8, 9})


def box_of(potential: PotentialLevel | str, performance: PerformanceLevel | str) -> int:
    """Box number 1..9 for a potential level and a performance level."""
    return NINE_BOX[(parse_enum(PotentialLevel, potential, "potential_level"),
                     parse_enum(PerformanceLevel, performance, "performance_level"))]


def levels_of(box: int) -> tuple[PotentialLevel, PerformanceLevel]:
    """Inverse of ``box_of``."""
    return _BOX_LEVELS[require_int(box, "box", 1, 9, code="invalid_box")]


@dataclass(frozen=True)
class AxisThresholds:
    """0–100 axis cut points, lower bound inclusive: < middle_min low; < high_min middle; else high."""

    middle_min: Decimal = Decimal(60)
    high_min: Decimal = Decimal(80)

    def __post_init__(self) -> None:
        if not (isinstance(self.middle_min, Decimal) and isinstance(self.high_min, Decimal)
                and Decimal(0) < self.middle_min < self.high_min <= Decimal(100)):
            raise INVALID_TALENT_POLICY.error(high_min=self.high_min, middle_min=self.middle_min)

    def index(self, score: Decimal) -> int:
        """0 (low), 1 (middle) or 2 (high)."""
        return 0 if score < self.middle_min else 1 if score < self.high_min else 2

    def to_dict(self) -> dict[str, str]:
        return {"middle_min": str(self.middle_min), "high_min": str(self.high_min)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AxisThresholds:
        d = cls()
        return cls(
            middle_min=to_decimal(data.get("middle_min", d.middle_min), "middle_min", "invalid_talent_policy"),
            high_min=to_decimal(data.get("high_min", d.high_min), "high_min", "invalid_talent_policy"),
        )


@dataclass(frozen=True)
class BoxAction:
    code: str
    label_id: str
    label_en: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "label_id": self.label_id, "label_en": self.label_en}


_DEFAULT_ACTION_LABELS: Mapping[str, tuple[str, str]] = MappingProxyType({
    "PROMOTE": ("Dipromosikan", "Promote"),
    "RETAIN": ("Dipertahankan", "Retain"),
    "SUCCESSION_GROUP": ("Masuk kelompok rencana suksesi", "Include in the succession group"),
    "AWARD": ("Mendapat penghargaan", "Give an award"),
    "ROTATION": ("Rotasi", "Rotation"),
    "ROTATION_JOB_ENLARGEMENT": ("Rotasi/perluasan jabatan", "Rotation/job enlargement"),
    "ROTATION_JOB_ENRICHMENT": ("Rotasi/pengayaan jabatan", "Rotation/job enrichment"),
    "PERFORMANCE_COACHING": ("Bimbingan kinerja", "Performance coaching"),
    "COUNSELLING": ("Konseling kinerja", "Performance counselling"),
    "COMPETENCY_DEVELOPMENT": ("Pengembangan kompetensi", "Competency development"),
    "STUDY_ASSIGNMENT": ("Tugas belajar", "Study assignment"),
    "SUITABLE_PLACEMENT": ("Penempatan yang sesuai", "Suitable placement"),
    "REGULATORY_HANDLING": ("Diproses sesuai ketentuan disiplin/kinerja",
                            "Handle under the disciplinary/performance regulations"),
})

_DEFAULT_BOX_ACTIONS: Mapping[int, tuple[str, ...]] = MappingProxyType({
    9: ("PROMOTE", "RETAIN", "SUCCESSION_GROUP", "AWARD"),
    8: ("RETAIN", "SUCCESSION_GROUP", "ROTATION_JOB_ENLARGEMENT", "PERFORMANCE_COACHING"),
    7: ("RETAIN", "SUCCESSION_GROUP", "ROTATION_JOB_ENRICHMENT", "COMPETENCY_DEVELOPMENT", "STUDY_ASSIGNMENT"),
    6: ("SUITABLE_PLACEMENT", "PERFORMANCE_COACHING", "COUNSELLING"),
    5: ("SUITABLE_PLACEMENT", "PERFORMANCE_COACHING", "COMPETENCY_DEVELOPMENT"),
    4: ("ROTATION", "COMPETENCY_DEVELOPMENT"),
    3: ("PERFORMANCE_COACHING", "COUNSELLING", "COMPETENCY_DEVELOPMENT", "SUITABLE_PLACEMENT"),
    2: ("PERFORMANCE_COACHING", "COMPETENCY_DEVELOPMENT", "SUITABLE_PLACEMENT"),
    1: ("REGULATORY_HANDLING",),
})

_DEFAULT_PREDIKAT_LEVELS: Mapping[Predikat, PerformanceLevel] = MappingProxyType({
    Predikat.SANGAT_BAIK: PerformanceLevel.DI_ATAS_EKSPEKTASI,
    Predikat.BAIK: PerformanceLevel.SESUAI_EKSPEKTASI,
    Predikat.BUTUH_PERBAIKAN: PerformanceLevel.DI_BAWAH_EKSPEKTASI,
    Predikat.KURANG: PerformanceLevel.DI_BAWAH_EKSPEKTASI,
    Predikat.SANGAT_KURANG: PerformanceLevel.DI_BAWAH_EKSPEKTASI,
})

_DEFAULT_POTENTIAL_WEIGHTS: Mapping[str, Decimal] = MappingProxyType({
    "JPM": Decimal("0.5"), "TRACK_RECORD": Decimal("0.3"), "OTHER": Decimal("0.2"),
})


@dataclass(frozen=True)
class TalentPolicy:
    """All agency-tunable talent settings (see module docstring for the defaults and their meaning)."""

    potential_thresholds: AxisThresholds = field(default_factory=AxisThresholds)
    performance_thresholds: AxisThresholds = field(default_factory=AxisThresholds)
    potential_weights: Mapping[str, Decimal] = field(default_factory=lambda: _DEFAULT_POTENTIAL_WEIGHTS)
    predikat_levels: Mapping[Predikat, PerformanceLevel] = field(default_factory=lambda: _DEFAULT_PREDIKAT_LEVELS)
    performance_years: int = 2
    box_actions: Mapping[int, tuple[str, ...]] = field(default_factory=lambda: _DEFAULT_BOX_ACTIONS)
    action_labels: Mapping[str, tuple[str, str]] = field(default_factory=lambda: _DEFAULT_ACTION_LABELS)
    pool_excluding_discipline: frozenset[DisciplineLevel] = frozenset({DisciplineLevel.MODERATE, DisciplineLevel.HEAVY})
    discipline_lookback_years: int = 2

    def __post_init__(self) -> None:
        def bad(mid: str, men: str) -> Invalid:
            return invalid_policy("talent_policy", mid, men)

        w = self.potential_weights
        if not w or any(not isinstance(v, Decimal) or v < 0 for v in w.values()) or sum(w.values()) != Decimal(1):
            raise bad("Bobot potensial harus Decimal >= 0 dan berjumlah tepat 1.",
                      "Potential weights must be Decimals >= 0 summing to exactly 1.")
        if set(self.predikat_levels) != set(Predikat):
            raise bad("predikat_levels harus memetakan kelima predikat.", "predikat_levels must map all five predikat.")
        for name in ("performance_years", "discipline_lookback_years"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise bad(f"{name} harus bilangan bulat >= 1.", f"{name} must be a whole number >= 1.")
        if set(self.box_actions) != set(range(1, 10)):
            raise bad("box_actions harus berisi kotak 1 sampai 9.", "box_actions must cover boxes 1 to 9.")
        unknown = sorted({c for codes in self.box_actions.values() for c in codes} - set(self.action_labels))
        if unknown:
            raise bad(f"Kode tindakan tanpa label: {', '.join(unknown)}.", f"Action codes without labels: {', '.join(unknown)}.")

    def actions_for(self, box: int) -> tuple[BoxAction, ...]:
        return tuple(BoxAction(c, *self.action_labels[c]) for c in self.box_actions[require_int(box, "box", 1, 9, "invalid_box")])

    def to_dict(self) -> dict[str, Any]:
        return {
            "potential_thresholds": self.potential_thresholds.to_dict(),
            "performance_thresholds": self.performance_thresholds.to_dict(),
            "potential_weights": {k: str(v) for k, v in self.potential_weights.items()},
            "predikat_levels": {p.value: lvl.value for p, lvl in self.predikat_levels.items()},
            "performance_years": self.performance_years,
            "box_actions": {str(b): list(c) for b, c in sorted(self.box_actions.items())},
            "action_labels": {c: {"id": i, "en": e} for c, (i, e) in self.action_labels.items()},
            "pool_excluding_discipline": sorted(d.value for d in self.pool_excluding_discipline),
            "discipline_lookback_years": self.discipline_lookback_years,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TalentPolicy:
        d = cls()
        code = "invalid_talent_policy"

        def get(key: str) -> Any:
            return data.get(key)

        return cls(
            potential_thresholds=d.potential_thresholds if get("potential_thresholds") is None
            else AxisThresholds.from_dict(get("potential_thresholds")),
            performance_thresholds=d.performance_thresholds if get("performance_thresholds") is None
            else AxisThresholds.from_dict(get("performance_thresholds")),
            potential_weights=d.potential_weights if get("potential_weights") is None
            else {str(k): to_decimal(v, f"potential_weights.{k}", code) for k, v in get("potential_weights").items()},
            predikat_levels=d.predikat_levels if get("predikat_levels") is None
            else {parse_predikat(k, "predikat_levels"): parse_enum(PerformanceLevel, v, f"predikat_levels.{k}", code)
                  for k, v in get("predikat_levels").items()},
            performance_years=get("performance_years") or d.performance_years,
            box_actions=d.box_actions if get("box_actions") is None
            else {int(b): tuple(c) for b, c in get("box_actions").items()},
            action_labels=d.action_labels if get("action_labels") is None
            else {c: (v["id"], v["en"]) for c, v in get("action_labels").items()},
            pool_excluding_discipline=d.pool_excluding_discipline if get("pool_excluding_discipline") is None
            else frozenset(parse_enum(DisciplineLevel, v, "pool_excluding_discipline", code)
                           for v in get("pool_excluding_discipline")),
            discipline_lookback_years=get("discipline_lookback_years") or d.discipline_lookback_years,
        )


DEFAULT_TALENT_POLICY = TalentPolicy()


def _score(value: Any, name: str) -> Decimal:
    return require_range(to_decimal(value, name, "invalid_score"), name, Decimal(0), Decimal(100), "invalid_score")


def potential_score(components: Mapping[str, Any], policy: TalentPolicy = DEFAULT_TALENT_POLICY) -> Decimal:
    """Weighted potential score from 0–100 components named as in ``policy.potential_weights``."""
    expected = set(policy.potential_weights)
    given = set(components)
    if given != expected:
        missing, extra = sorted(expected - given), sorted(given - expected)
        raise INVALID_POTENTIAL_COMPONENTS.error(
            field="components",
            join_sorted_expected=', '.join(sorted(expected)),
            value_1=', '.join(missing) or '-',
            value_2=', '.join(extra) or '-',
        )
    return sum((policy.potential_weights[k] * _score(v, f"components.{k}") for k, v in components.items()), Decimal(0))


def performance_level_from_predikats(
    predikats: Sequence[Predikat | str], policy: TalentPolicy = DEFAULT_TALENT_POLICY
) -> PerformanceLevel:
    """Kinerja axis from the predikat of the last ``policy.performance_years`` years (lowest one, mapped)."""
    if len(predikats) != policy.performance_years:
        raise INVALID_PERFORMANCE_HISTORY.error(field="predikats", len_predikats=len(predikats), performance_years=policy.performance_years)
    lowest = min((parse_predikat(p, f"predikats[{i}]") for i, p in enumerate(predikats)), key=lambda p: PREDIKAT_RANK[p])
    return policy.predikat_levels[lowest]


@dataclass(frozen=True)
class Placement:
    """A nine-box placement with everything needed to explain it later."""

    box: int
    potential_level: PotentialLevel
    performance_level: PerformanceLevel
    potential_score: Decimal
    performance_score: Decimal | None
    performance_predikats: tuple[Predikat, ...] | None
    actions: tuple[BoxAction, ...]
    thresholds: dict[str, Any]

    @property
    def in_pool_box(self) -> bool:
        return self.box in TALENT_POOL_BOXES

    def to_dict(self) -> dict[str, Any]:
        return {
            "box": self.box,
            "potential_level": self.potential_level.value,
            "performance_level": self.performance_level.value,
            "potential_score": str(self.potential_score),
            "performance_score": None if self.performance_score is None else str(self.performance_score),
            "performance_predikats": None if self.performance_predikats is None
            else [p.value for p in self.performance_predikats],
            "actions": [a.to_dict() for a in self.actions],
            "thresholds": self.thresholds,
        }


def place(
    potential_score: Decimal | int | str,
    performance: Decimal | int | str | Sequence[Predikat | str],
    policy: TalentPolicy = DEFAULT_TALENT_POLICY,
) -> Placement:
    """Place a person in the nine-box.

    ``performance`` is either a 0–100 score (list/tuple excluded) or a list/tuple of the last
    ``policy.performance_years`` predikat.
    """
    pot = _score(potential_score, "potential_score")
    pot_level = _POT[policy.potential_thresholds.index(pot)]
    thresholds: dict[str, Any] = {"potential": policy.potential_thresholds.to_dict()}
    if isinstance(performance, (list, tuple)):
        preds = tuple(parse_predikat(p, f"predikats[{i}]") for i, p in enumerate(performance))
        perf_level = performance_level_from_predikats(preds, policy)
        perf_score = None
        thresholds["performance"] = {
            "basis": "PREDIKAT_LOWEST",
            "years": policy.performance_years,
            "predikat_levels": {p.value: lvl.value for p, lvl in policy.predikat_levels.items()},
        }
    else:
        preds = None
        perf_score = _score(performance, "performance_score")
        perf_level = _PERF[policy.performance_thresholds.index(perf_score)]
        thresholds["performance"] = {"basis": "SCORE", **policy.performance_thresholds.to_dict()}
    box = NINE_BOX[(pot_level, perf_level)]
    return Placement(
        box=box, potential_level=pot_level, performance_level=perf_level, potential_score=pot,
        performance_score=perf_score, performance_predikats=preds, actions=policy.actions_for(box),
        thresholds=thresholds,
    )


@dataclass(frozen=True)
class DisciplineRecord:
    """A disciplinary penalty; ``decided_on`` is the date it was imposed (tanggal SK hukuman disiplin)."""

    level: DisciplineLevel
    decided_on: date


@dataclass(frozen=True)
class TalentPoolStatus:
    eligible: bool
    box_in_pool: bool
    blocking_records: tuple[DisciplineRecord, ...]
    window_start: date
    as_of: date

    def to_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "box_in_pool": self.box_in_pool,
            "blocking_records": [{"level": r.level.value, "decided_on": r.decided_on.isoformat()}
                                 for r in self.blocking_records],
            "window_start": self.window_start.isoformat(),
            "as_of": self.as_of.isoformat(),
        }


def years_before(d: date, years: int) -> date:
    """Same day ``years`` earlier; 29 February becomes 28 February in a non-leap year."""
    try:
        return d.replace(year=d.year - years)
    except ValueError:
        return d.replace(year=d.year - years, day=28)


def _record(item: Any, i: int) -> DisciplineRecord:
    if isinstance(item, DisciplineRecord):
        level, day = item.level, item.decided_on
    elif isinstance(item, tuple) and len(item) == 2:
        level, day = item
    else:
        level, day = None, None
    if not isinstance(day, date):
        raise INVALID_DISCIPLINE_RECORD.error(field=f"discipline_records[{i}]", i=i)
    return DisciplineRecord(parse_enum(DisciplineLevel, level, f"discipline_records[{i}].level"), day)


def talent_pool_status(
    box: int,
    discipline_records: Iterable[DisciplineRecord | tuple[DisciplineLevel | str, date]],
    as_of: date,
    policy: TalentPolicy = DEFAULT_TALENT_POLICY,
) -> TalentPoolStatus:
    """Talent-pool decision with the reasons (box and blocking penalties)."""
    b = require_int(box, "box", 1, 9, code="invalid_box")
    start = years_before(as_of, policy.discipline_lookback_years)
    records = [_record(r, i) for i, r in enumerate(discipline_records)]
    blocking = tuple(r for r in records
                     if r.level in policy.pool_excluding_discipline and start <= r.decided_on <= as_of)
    in_box = b in TALENT_POOL_BOXES
    return TalentPoolStatus(eligible=in_box and not blocking, box_in_pool=in_box,
                            blocking_records=blocking, window_start=start, as_of=as_of)


def in_talent_pool(
    box: int,
    discipline_records: Iterable[DisciplineRecord | tuple[DisciplineLevel | str, date]],
    as_of: date,
    policy: TalentPolicy = DEFAULT_TALENT_POLICY,
) -> bool:
    """True when ``box`` is 7, 8 or 9 and no moderate/heavy penalty is dated within the last 2 years."""
    return talent_pool_status(box, discipline_records, as_of, policy).eligible
