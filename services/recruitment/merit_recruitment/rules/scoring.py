"""Stage scoring, weighting and ranking of a selection.

Arithmetic (documented choices):

* Scores are 0-100 with at most 2 decimals, given per assessor per criterion per stage as ``int``,
  ``Decimal`` or numeric ``str`` (floats are refused: inexact). Internally every value is an integer
  (hundredths for inputs and weights, ten-thousandths for results), so the result is exact and fast.
* Stage score = mean over assessors of (mean over that assessor's criteria), computed exactly and rounded
  once, ROUND_HALF_UP, to 4 decimals. Each assessor counts equally even with different criterion counts.
* A SCORED stage passes when its 4-decimal score is ``>= pass_mark`` (inclusive); no pass mark = always passes.
  A PASS_FAIL stage has weight 0 and a boolean result.
* Final score = sum(weight x stage score) / 100 over SCORED stages, computed from the 4-decimal stage scores
  and rounded ROUND_HALF_UP to 4 decimals. Weights have at most 2 decimals and must sum to exactly 100.
* Display: :func:`display` rounds the stored 4-decimal value ROUND_HALF_UP to 2 decimals.

Ranking tie-breakers, applied in this order:

1. final score, descending;
2. the SCORED stage scores in order of stage weight, descending (equal weights: configuration order),
   each compared descending;
3. registration timestamp (timezone-aware), earlier first;
4. applicant id, ascending (plain string order).

Applications that failed a PASS_FAIL stage, scored below a pass mark, miss a stage result, or fall below the
policy's final pass mark are not ranked; they are listed with their reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from math import lcm
from typing import Any

from merit_recruitment.rules.errors import (
    DUPLICATE_APPLICANT,
    DUPLICATE_APPLICATION,
    DUPLICATE_STAGE_CODE,
    INVALID_PASS_MARK,
    INVALID_SCORE,
    INVALID_WEIGHT,
    MISSING_STAGE_SCORE,
    NO_ASSESSOR_SCORES,
    NO_CRITERION_SCORES,
    NO_SCORED_STAGE,
    NO_STAGES_422,
    PASS_FAIL_PASS_MARK,
    PASS_FAIL_WEIGHT,
    STAGE_NOT_SCORED,
    TOO_MANY_DECIMALS,
    WEIGHTS_NOT_100,
)
from merit_shared.errors import DomainError

from .vocab import require_aware, to_decimal

_Q4 = Decimal("0.0001")
_Q2 = Decimal("0.01")


class StageKind(str, Enum):
    PASS_FAIL = "PASS_FAIL"
    SCORED = "SCORED"


@dataclass(frozen=True)
class StageConfig:
    """One stage of a selection. ``weight`` is a percentage (0 for PASS_FAIL); ``pass_mark`` on 0-100."""

    code: str
    name: str
    kind: StageKind
    weight: Decimal = Decimal(0)
    pass_mark: Decimal | None = None
    name_en: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", StageKind(self.kind))
        object.__setattr__(self, "weight", to_decimal(self.weight, f"stages.{self.code}.weight"))
        if self.pass_mark is not None:
            object.__setattr__(self, "pass_mark", to_decimal(self.pass_mark, f"stages.{self.code}.pass_mark"))

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "name_en": self.name_en, "kind": self.kind.value,
                "weight": str(self.weight), "pass_mark": None if self.pass_mark is None else str(self.pass_mark)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StageConfig:
        return cls(code=data["code"], name=data["name"], kind=StageKind(data["kind"]),
                   weight=Decimal(str(data.get("weight", "0"))),
                   pass_mark=None if data.get("pass_mark") is None else Decimal(str(data["pass_mark"])),
                   name_en=data.get("name_en"))


@dataclass(frozen=True)
class ScoringPolicy:
    """Per-selection scoring settings (LOW: agency practice, not regulation).

    ``final_pass_mark``: minimum final score to be ranked (None = no minimum).
    ``min_assessors``: minimum number of assessors per SCORED stage for a result to count.
    """

    final_pass_mark: Decimal | None = None
    min_assessors: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"final_pass_mark": None if self.final_pass_mark is None else str(self.final_pass_mark),
                "min_assessors": self.min_assessors}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoringPolicy:
        fpm = data.get("final_pass_mark")
        return cls(final_pass_mark=None if fpm is None else Decimal(str(fpm)),
                   min_assessors=int(data.get("min_assessors", 1)))


DEFAULT_SCORING_POLICY = ScoringPolicy()


def _units(value: Decimal, scale: int, field: str, what_id: str, what_en: str) -> int:
    scaled = value.scaleb(scale)
    if scaled != scaled.to_integral_value():
        raise TOO_MANY_DECIMALS.error(field=field, field_name=field, scale=scale, value=value, what_en=what_en, what_id=what_id)
    return int(scaled)


def validate_stages(stages: Sequence[StageConfig]) -> None:
    """Raise ``Invalid`` unless codes are unique, PASS_FAIL weights are 0, SCORED weights are 0-100 with at
    most 2 decimals and sum to exactly 100, and pass marks are within 0-100."""
    if not stages:
        raise NO_STAGES_422.error(field="stages")
    seen: set[str] = set()
    total = Decimal(0)
    for i, st in enumerate(stages):
        f = f"stages[{i}]"
        if not st.code or st.code in seen:
            raise DUPLICATE_STAGE_CODE.error(field=f"{f}.code", code=st.code)
        seen.add(st.code)
        if st.kind is StageKind.PASS_FAIL:
            if st.weight != 0:
                raise PASS_FAIL_WEIGHT.error(field=f"{f}.weight", code=st.code)
        else:
            if st.weight < 0 or st.weight > 100:
                raise INVALID_WEIGHT.error(field=f"{f}.weight", code=st.code)
            _units(st.weight, 2, f"{f}.weight", "Bobot", "Weight")
            total += st.weight
        if st.pass_mark is not None:
            if st.kind is StageKind.PASS_FAIL:
                raise PASS_FAIL_PASS_MARK.error(field=f"{f}.pass_mark", code=st.code)
            if st.pass_mark < 0 or st.pass_mark > 100:
                raise INVALID_PASS_MARK.error(field=f"{f}.pass_mark", code=st.code)
            _units(st.pass_mark, 4, f"{f}.pass_mark", "Nilai ambang", "Pass mark")
    if not any(s.kind is StageKind.SCORED for s in stages):
        raise NO_SCORED_STAGE.error(field="stages")
    if total != 100:
        raise WEIGHTS_NOT_100.error(field="stages", total=total, extra={"total": str(total)})


# --- applications and results --------------------------------------------------------------------------------

#: stage code -> assessor id -> criterion code -> score
ScoreSheet = Mapping[str, Mapping[str, Mapping[str, Any]]]


@dataclass(frozen=True)
class Application:
    """Scoring input of one application. ``passed``: PASS_FAIL stage code -> result."""

    application_id: str
    applicant_id: str
    registered_at: datetime
    scores: ScoreSheet = field(default_factory=dict)
    passed: Mapping[str, bool] = field(default_factory=dict)


class NotRankedReason(str, Enum):
    FAILED_STAGE = "FAILED_STAGE"
    BELOW_PASS_MARK = "BELOW_PASS_MARK"
    MISSING_RESULT = "MISSING_RESULT"
    BELOW_FINAL_PASS_MARK = "BELOW_FINAL_PASS_MARK"


@dataclass(frozen=True)
class Reason:
    code: NotRankedReason
    stage_code: str | None
    message_id: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code.value, "stage_code": self.stage_code,
                "message_id": self.message_id, "message_en": self.message_en}


def _dec4(units: int | None) -> Decimal | None:
    return None if units is None else Decimal(units).scaleb(-4).quantize(_Q4)


def display(score: Decimal | None) -> str | None:
    """Two-decimal display string of a stored 4-decimal score (ROUND_HALF_UP): 81.2350 -> "81.24"."""
    return None if score is None else str(score.quantize(_Q2, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ApplicationResult:
    """Scores of one application; scores are kept as integer ten-thousandths (``*_units``)."""

    application_id: str
    applicant_id: str
    registered_at: datetime
    stage_units: Mapping[str, int]
    final_units: int | None
    reasons: tuple[Reason, ...]

    @property
    def rankable(self) -> bool:
        return not self.reasons

    @property
    def final_score(self) -> Decimal | None:
        return _dec4(self.final_units)

    @property
    def stage_scores(self) -> dict[str, Decimal]:
        return {k: _dec4(v) for k, v in self.stage_units.items()}  # type: ignore[misc]

    def to_dict(self) -> dict[str, Any]:
        return {"application_id": self.application_id, "applicant_id": self.applicant_id,
                "registered_at": self.registered_at.isoformat(),
                "stage_scores": {k: str(v) for k, v in self.stage_scores.items()},
                "final_score": None if self.final_units is None else str(self.final_score),
                "reasons": [r.to_dict() for r in self.reasons]}


class _Prepared:
    """Stage configuration converted once to integer units."""

    __slots__ = ("stages", "scored", "scored_codes", "weights", "pass_marks", "tie_order", "final_pass")

    def __init__(self, stages: Sequence[StageConfig], policy: ScoringPolicy) -> None:
        validate_stages(stages)
        self.stages = tuple(stages)
        self.scored = tuple(s for s in stages if s.kind is StageKind.SCORED)
        self.scored_codes = frozenset(s.code for s in self.scored)
        self.weights = {s.code: int(s.weight.scaleb(2)) for s in self.scored}
        self.pass_marks = {s.code: int(s.pass_mark.scaleb(4)) for s in self.scored if s.pass_mark is not None}
        order = sorted(range(len(self.scored)), key=lambda i: (-self.scored[i].weight, i))
        self.tie_order = tuple(self.scored[i].code for i in order)
        if policy.final_pass_mark is None:
            self.final_pass = None
        else:
            self.final_pass = _units(to_decimal(policy.final_pass_mark, "policy.final_pass_mark"), 4,
                                     "policy.final_pass_mark", "Nilai ambang akhir", "Final pass mark")


def _bad_score(value: Any, field: str) -> DomainError:
    return INVALID_SCORE.error(field=field, field_name=field, value=value)


def _hundredths(v: Any, field: str) -> int:
    if type(v) is int:
        if 0 <= v <= 100:
            return v * 100
        raise _bad_score(v, field)
    if isinstance(v, bool) or isinstance(v, float):
        raise _bad_score(v, field)
    try:
        d = v if isinstance(v, Decimal) else Decimal(str(v).strip())
        h = d.scaleb(2)
        if d.is_finite() and 0 <= d <= 100 and h == h.to_integral_value():
            return int(h)
    except ArithmeticError:
        pass
    raise _bad_score(v, field)


def stage_units(by_assessor: Mapping[str, Mapping[str, Any]], field: str = "scores") -> int:
    """Stage score in integer ten-thousandths: mean over assessors of the mean over criteria, half-up."""
    if not by_assessor:
        raise NO_ASSESSOR_SCORES.error(field=field, field_name=field)
    sums: list[int] = []
    counts: list[int] = []
    for assessor, criteria in by_assessor.items():
        if not criteria:
            raise NO_CRITERION_SCORES.error(field=f"{field}.{assessor}", assessor=assessor, field_name=field)
        s = 0
        for crit, v in criteria.items():
            if type(v) is int and 0 <= v <= 100:
                s += v * 100
            else:
                s += _hundredths(v, f"{field}.{assessor}.{crit}")
        sums.append(s)
        counts.append(len(criteria))
    c0 = counts[0]
    if all(c == c0 for c in counts):
        num, den = sum(sums), len(sums) * c0
    else:
        m = lcm(*counts)
        num, den = sum(s * (m // c) for s, c in zip(sums, counts, strict=True)), len(sums) * m
    # num/den is in hundredths; convert to ten-thousandths with round half up.
    return (num * 200 + den) // (2 * den)


def final_score(stage_scores: Mapping[str, Decimal], stages: Sequence[StageConfig]) -> Decimal:
    """Weighted final score (4 decimals) from 4-decimal stage scores of every SCORED stage."""
    p = _Prepared(stages, DEFAULT_SCORING_POLICY)
    total = 0
    for code in p.weights:
        if code not in stage_scores:
            raise MISSING_STAGE_SCORE.error(field=f"stage_scores.{code}", code=code)
        total += p.weights[code] * _units(to_decimal(stage_scores[code], f"stage_scores.{code}"), 4,
                                          f"stage_scores.{code}", "Nilai", "Score")
    return _dec4((total * 2 + 10_000) // 20_000)  # type: ignore[return-value]


def _evaluate(app: Application, p: _Prepared, policy: ScoringPolicy, idx: int) -> ApplicationResult:
    base = f"applications[{idx}]"
    require_aware(app.registered_at, f"{base}.registered_at")
    for code in app.scores:
        if code not in p.scored_codes:
            raise STAGE_NOT_SCORED.error(field=f"{base}.scores.{code}", base=base, code=code)
    reasons: list[Reason] = []
    units: dict[str, int] = {}
    for st in p.stages:
        code = st.code
        if st.kind is StageKind.PASS_FAIL:
            res = app.passed.get(code)
            if res is None:
                reasons.append(Reason(NotRankedReason.MISSING_RESULT, code, f"Hasil tahap '{st.name}' belum ada.",
                                      f"No result for stage '{st.name_en or st.name}'."))
            elif res is not True:
                reasons.append(Reason(NotRankedReason.FAILED_STAGE, code, f"Tidak lulus tahap '{st.name}'.",
                                      f"Did not pass stage '{st.name_en or st.name}'."))
            continue
        sheet = app.scores.get(code)
        if not sheet or len(sheet) < policy.min_assessors:
            reasons.append(Reason(NotRankedReason.MISSING_RESULT, code,
                                  f"Nilai tahap '{st.name}' belum lengkap (minimal {policy.min_assessors} asesor).",
                                  f"Scores for stage '{st.name_en or st.name}' are incomplete "
                                  f"(at least {policy.min_assessors} assessor(s))."))
            continue
        u = stage_units(sheet, f"{base}.scores.{code}")
        units[code] = u
        pm = p.pass_marks.get(code)
        if pm is not None and u < pm:
            reasons.append(Reason(NotRankedReason.BELOW_PASS_MARK, code,
                                  f"Nilai tahap '{st.name}' {_dec4(u)} di bawah ambang {st.pass_mark}.",
                                  f"Stage '{st.name_en or st.name}' score {_dec4(u)} is below the pass mark "
                                  f"{st.pass_mark}."))
    final: int | None = None
    if len(units) == len(p.weights):
        total = 0
        for code, w in p.weights.items():
            total += w * units[code]
        final = (total * 2 + 10_000) // 20_000
        if p.final_pass is not None and final < p.final_pass:
            reasons.append(Reason(NotRankedReason.BELOW_FINAL_PASS_MARK, None,
                                  f"Nilai akhir {_dec4(final)} di bawah ambang {policy.final_pass_mark}.",
                                  f"Final score {_dec4(final)} is below the pass mark {policy.final_pass_mark}."))
    return ApplicationResult(app.application_id, app.applicant_id, app.registered_at, units, final, tuple(reasons))


def evaluate(application: Application, stages: Sequence[StageConfig],
             policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> ApplicationResult:
    """Stage scores, final score and not-ranked reasons of one application."""
    return _evaluate(application, _Prepared(stages, policy), policy, 0)


class TieBreak(str, Enum):
    """What separated a ranked application from the one ranked immediately above it."""

    FINAL_SCORE = "FINAL_SCORE"
    STAGE_SCORE = "STAGE_SCORE"
    REGISTERED_AT = "REGISTERED_AT"
    APPLICANT_ID = "APPLICANT_ID"


@dataclass(frozen=True)
class RankedApplication:
    position: int
    result: ApplicationResult
    decided_by: TieBreak | None  # None for position 1
    decided_by_stage: str | None = None  # stage code when decided_by is STAGE_SCORE

    @property
    def application_id(self) -> str:
        return self.result.application_id

    @property
    def final_score(self) -> Decimal:
        return self.result.final_score  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        d = self.result.to_dict()
        d.update(position=self.position, final_score_display=display(self.final_score),
                 decided_by=self.decided_by.value if self.decided_by else None,
                 decided_by_stage=self.decided_by_stage)
        return d


@dataclass(frozen=True)
class Ranking:
    ranked: tuple[RankedApplication, ...]
    not_ranked: tuple[ApplicationResult, ...]
    tie_break_stage_order: tuple[str, ...]

    @property
    def ranked_ids(self) -> tuple[str, ...]:
        return tuple(r.application_id for r in self.ranked)

    def to_dict(self) -> dict[str, Any]:
        return {"ranked": [r.to_dict() for r in self.ranked],
                "not_ranked": [r.to_dict() for r in self.not_ranked],
                "tie_break_stage_order": list(self.tie_break_stage_order)}


def rank(applications: Iterable[Application], stages: Sequence[StageConfig],
         policy: ScoringPolicy = DEFAULT_SCORING_POLICY) -> Ranking:
    """Evaluate and rank applications deterministically (see module docstring for the tie-breakers).

    Raises ``Invalid`` for duplicate application or applicant ids, naive timestamps, unknown stages or
    out-of-range scores.
    """
    p = _Prepared(stages, policy)
    seen_app: set[str] = set()
    seen_applicant: set[str] = set()
    keyed: list[tuple[tuple[Any, ...], ApplicationResult]] = []
    not_ranked: list[ApplicationResult] = []
    tie = p.tie_order
    for i, app in enumerate(applications):
        if app.application_id in seen_app:
            raise DUPLICATE_APPLICATION.error(field=f"applications[{i}].application_id", application_id=app.application_id)
        if app.applicant_id in seen_applicant:
            raise DUPLICATE_APPLICANT.error(field=f"applications[{i}].applicant_id", applicant_id=app.applicant_id)
        seen_app.add(app.application_id)
        seen_applicant.add(app.applicant_id)
        res = _evaluate(app, p, policy, i)
        if res.reasons:
            not_ranked.append(res)
            continue
        su = res.stage_units
        final = res.final_units or 0  # rankable results always have a final score
        key = (-final,) + tuple(-su[c] for c in tie) + (res.registered_at, res.applicant_id)
        keyed.append((key, res))
    keyed.sort(key=lambda kr: kr[0])
    ranked: list[RankedApplication] = []
    n_tie = len(tie)
    prev: tuple[Any, ...] | None = None
    for pos, (key, res) in enumerate(keyed, start=1):
        by: TieBreak | None = None
        by_stage: str | None = None
        if prev is not None:
            if key[0] != prev[0]:
                by = TieBreak.FINAL_SCORE
            else:
                for j in range(n_tie):
                    if key[1 + j] != prev[1 + j]:
                        by, by_stage = TieBreak.STAGE_SCORE, tie[j]
                        break
                else:
                    by = TieBreak.REGISTERED_AT if key[-2] != prev[-2] else TieBreak.APPLICANT_ID
        ranked.append(RankedApplication(pos, res, by, by_stage))
        prev = key
    not_ranked.sort(key=lambda r: r.application_id)
    return Ranking(tuple(ranked), tuple(not_ranked), tie)
