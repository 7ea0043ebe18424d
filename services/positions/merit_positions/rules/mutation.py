"""Eligibility checks for a personnel action (mutation, rotation, promotion, demotion).

Each check returns a :class:`CheckResult` instead of raising, so a reviewer sees every reason at
once. Missing information (an unreachable evaluation service, no competency assessment) yields
``unknown``, never ``passed``: :func:`decide` then asks for human review rather than approving.
Invalid *input* (e.g. a TMT before the position start) still raises ``Invalid``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from merit_positions.rules.errors import AS_OF_BEFORE_START, JPM_NEGATIVE, NO_CHECKS, PERFORMANCE_DUPLICATE_YEAR, TMT_BEFORE_POSITION_START

from ._dates import add_years, full_months_between
from .abk import Number, to_decimal
from .policy import DEFAULT_POLICY, PositionsPolicy
from .predikat import PREDIKAT_RANK, Predikat, parse_predikat, predikat_label
from .rank_ranges import minimum_rank_for_job
from .ranks import AnyRank, Jenjang, JobKind, Rank


class ActionKind(StrEnum):
    MUTATION = "MUTATION"
    ROTATION = "ROTATION"
    PROMOTION = "PROMOTION"
    DEMOTION = "DEMOTION"


class CheckStatus(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"  # data unavailable: needs human review
    WARNING = "warning"  # passes, but a reviewer should notice


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: CheckStatus
    reason_id: str
    reason_en: str
    value: Any = None  # the input value the check used
    required: Any = None  # the threshold it was compared with


def _result(name: str, status: CheckStatus, reason_id: str, reason_en: str,
            value: Any = None, required: Any = None) -> CheckResult:
    return CheckResult(name, status, reason_id, reason_en, value, required)


def _duration(months: int) -> tuple[str, str]:
    y, m = divmod(months, 12)
    return f"{y} tahun {m} bulan", f"{y} years {m} months"


# --- (a) time in current position -------------------------------------------------------------

def check_time_in_position(position_start: date | None, tmt: date,
                           policy: PositionsPolicy = DEFAULT_POLICY) -> CheckResult:
    """At least ``min_years_in_position`` as of the TMT; a stay beyond ``max_years_in_position`` warns."""
    name, minimum = "time_in_position", policy.min_years_in_position
    if position_start is None:
        return _result(name, CheckStatus.UNKNOWN,
                       "TMT jabatan saat ini tidak diketahui; masa dalam jabatan perlu diperiksa manual.",
                       "The start of the current position is unknown; time in position needs manual review.",
                       required=minimum)
    if tmt < position_start:
        raise TMT_BEFORE_POSITION_START.error(field="tmt", position_start=position_start.isoformat(), tmt=tmt.isoformat())
    months = months_in_position(position_start, tmt)
    dur_id, dur_en = _duration(months)
    value = {"position_start": position_start.isoformat(), "tmt": tmt.isoformat(), "months": months}
    reached = add_years(position_start, minimum)
    if tmt < reached:
        return _result(name, CheckStatus.FAILED,
                       f"Baru {dur_id} dalam jabatan pada TMT; minimal {minimum} tahun "
                       f"(terpenuhi {reached.isoformat()}).",
                       f"Only {dur_en} in position at the TMT; at least {minimum} years needed "
                       f"(reached {reached.isoformat()}).", value, minimum)
    if tmt > add_years(position_start, policy.max_years_in_position):
        return _result(name, CheckStatus.WARNING,
                       f"Sudah {dur_id} dalam jabatan, melebihi {policy.max_years_in_position} tahun; "
                       "rotasi terlambat.",
                       f"{dur_en} in position, over {policy.max_years_in_position} years; rotation is overdue.",
                       value, minimum)
    return _result(name, CheckStatus.PASSED, f"{dur_id} dalam jabatan (minimal {minimum} tahun).",
                   f"{dur_en} in position (at least {minimum} years).", value, minimum)


def _as_of_after_start(start_tmt: date, as_of: date) -> None:
    if as_of < start_tmt:
        raise AS_OF_BEFORE_START.error(field="as_of", as_of=as_of.isoformat(), start_tmt=start_tmt.isoformat())


def months_in_position(start_tmt: date, as_of: date) -> int:
    """Whole calendar months in the position on ``as_of`` (31 January + 1 month = the end of February)."""
    _as_of_after_start(start_tmt, as_of)
    return full_months_between(start_tmt, as_of)


def rotation_due(start_tmt: date, as_of: date, years: int | None = None,
                 policy: PositionsPolicy = DEFAULT_POLICY) -> bool:
    """True once the person has served ``years`` (default: policy maximum, 5) in the position."""
    _as_of_after_start(start_tmt, as_of)
    limit = policy.max_years_in_position if years is None else years
    return as_of >= add_years(start_tmt, limit)


# --- (b) rank ---------------------------------------------------------------------------------

def check_rank(rank: AnyRank | None, minimum: Rank | None) -> CheckResult:
    """The person's rank must be at least the target job's minimum rank."""
    name = "rank"
    if rank is None:
        return _result(name, CheckStatus.UNKNOWN, "Golongan pegawai tidak diketahui; periksa manual.",
                       "The person's rank is unknown; review manually.", required=str(minimum) if minimum else None)
    if minimum is None:
        return _result(name, CheckStatus.PASSED, "Jabatan tujuan tidak menetapkan golongan minimal.",
                       "The target job sets no minimum rank.", str(rank))
    if type(rank) is not type(minimum):
        return _result(name, CheckStatus.UNKNOWN,
                       f"Golongan PPPK {rank} tidak dapat dibandingkan otomatis dengan golongan minimal PNS {minimum}; "
                       "periksa manual.",
                       f"PPPK golongan {rank} cannot be compared automatically with the PNS minimum rank {minimum}; "
                       "review manually.", str(rank), str(minimum))
    if rank >= minimum:
        return _result(name, CheckStatus.PASSED, f"Golongan {rank} memenuhi golongan minimal {minimum}.",
                       f"Rank {rank} meets the minimum rank {minimum}.", str(rank), str(minimum))
    return _result(name, CheckStatus.FAILED, f"Golongan {rank} di bawah golongan minimal {minimum}.",
                   f"Rank {rank} is below the minimum rank {minimum}.", str(rank), str(minimum))


# --- (c) performance --------------------------------------------------------------------------

PerformanceRecords = Sequence[tuple[int, Predikat | str]]


def required_performance_years(as_of: date, policy: PositionsPolicy = DEFAULT_POLICY) -> list[int]:
    """The previous complete calendar years (annual SKP runs January-December), newest first."""
    return [as_of.year - i for i in range(1, policy.performance_years + 1)]


def _by_year(records: PerformanceRecords) -> dict[int, Predikat]:
    result: dict[int, Predikat] = {}
    for i, (year, predikat) in enumerate(records):
        if year in result:
            raise PERFORMANCE_DUPLICATE_YEAR.error(field=f"performance[{i}]", year=year, extra={"year": year})
        result[year] = parse_predikat(predikat, field=f"performance[{i}]")
    return result


def check_performance(records: PerformanceRecords | None, as_of: date,
                      policy: PositionsPolicy = DEFAULT_POLICY) -> CheckResult:
    """Predikat at least ``min_predikat`` in each of the last ``performance_years`` calendar years.

    ``records=None`` means the evaluation service could not be asked: the result is unknown, never passed.
    """
    name, minimum = "performance", policy.min_predikat
    years = required_performance_years(as_of, policy)
    if records is None:
        return _result(name, CheckStatus.UNKNOWN,
                       "Data kinerja tidak dapat diambil dari layanan penilaian; perlu pemeriksaan manual.",
                       "Performance data could not be retrieved from the evaluation service; manual review needed.",
                       required=minimum.value)
    by_year = _by_year(records)
    value = {y: (by_year[y].value if y in by_year else None) for y in years}
    missing = [y for y in years if y not in by_year]
    below = [y for y in years if y in by_year and PREDIKAT_RANK[by_year[y]] < PREDIKAT_RANK[minimum]]
    if not missing and not below:
        return _result(name, CheckStatus.PASSED,
                       f"Predikat kinerja minimal {predikat_label(minimum)} pada tahun {_years(years)}.",
                       f"Performance at least {predikat_label(minimum)} in {_years(years)}.", value, minimum.value)
    parts_id, parts_en = [], []
    if missing:
        parts_id.append(f"tidak ada predikat untuk tahun {_years(missing)}")
        parts_en.append(f"no predikat for {_years(missing)}")
    if below:
        detail = ", ".join(f"{y}: {predikat_label(by_year[y])}" for y in below)
        parts_id.append(f"predikat di bawah {predikat_label(minimum)} ({detail})")
        parts_en.append(f"predikat below {predikat_label(minimum)} ({detail})")
    return _result(name, CheckStatus.FAILED,
                   f"Syarat kinerja minimal {predikat_label(minimum)} tidak terpenuhi: " + "; ".join(parts_id) + ".",
                   f"Performance requirement of at least {predikat_label(minimum)} not met: " + "; ".join(parts_en) + ".",
                   value, minimum.value)


def _years(years: Sequence[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


# --- (d) competency ---------------------------------------------------------------------------

def jpm_category(jpm_percent: Number, policy: PositionsPolicy = DEFAULT_POLICY) -> str:
    """OPTIMAL (>= 90), CUKUP_OPTIMAL (>= 78), KURANG_OPTIMAL otherwise; thresholds from policy (MED)."""
    jpm = _jpm(jpm_percent)
    if jpm >= policy.jpm_optimal_percent:
        return "OPTIMAL"
    if jpm >= policy.jpm_min_percent:
        return "CUKUP_OPTIMAL"
    return "KURANG_OPTIMAL"


def _jpm(value: Number) -> Decimal:
    jpm = to_decimal(value, "jpm_percent")
    if jpm < 0:
        raise JPM_NEGATIVE.error(field="jpm_percent", jpm=jpm)
    return jpm


def check_competency(jpm_percent: Number | None, policy: PositionsPolicy = DEFAULT_POLICY) -> CheckResult:
    """Job Person Match at least the policy threshold; no assessment means unknown."""
    name, minimum = "competency", policy.jpm_min_percent
    if jpm_percent is None:
        return _result(name, CheckStatus.UNKNOWN, "Belum ada hasil penilaian kompetensi (JPM); periksa manual.",
                       "No competency assessment (JPM) is available; review manually.", required=minimum)
    jpm = _jpm(jpm_percent)
    if jpm >= minimum:
        return _result(name, CheckStatus.PASSED, f"JPM {jpm}% memenuhi ambang {minimum}%.",
                       f"JPM {jpm}% meets the {minimum}% threshold.", jpm, minimum)
    return _result(name, CheckStatus.FAILED, f"JPM {jpm}% di bawah ambang {minimum}%.",
                   f"JPM {jpm}% is below the {minimum}% threshold.", jpm, minimum)


# --- (e) blackout window ----------------------------------------------------------------------

def blackout_window_for(decision_date: date, policy: PositionsPolicy = DEFAULT_POLICY) -> tuple[date, date] | None:
    """The configured (inclusive) window containing ``decision_date``, if any."""
    for start, end in policy.blackout_windows:
        if start <= decision_date <= end:
            return start, end
    return None


def check_blackout(decision_date: date, override_ref: str | None = None,
                   policy: PositionsPolicy = DEFAULT_POLICY) -> CheckResult:
    """A decision inside a blackout window is blocked unless a written approval reference is given."""
    name = "blackout"
    window = blackout_window_for(decision_date, policy)
    if window is None:
        return _result(name, CheckStatus.PASSED, "Tanggal keputusan di luar masa larangan penggantian pejabat.",
                       "The decision date is outside any blackout window.", decision_date.isoformat())
    span = f"{window[0].isoformat()} - {window[1].isoformat()}"
    ref = (override_ref or "").strip()
    if ref:
        return _result(name, CheckStatus.WARNING,
                       f"Tanggal keputusan dalam masa larangan {span}, dikecualikan dengan persetujuan tertulis {ref}.",
                       f"The decision date is inside blackout window {span}, overridden by written approval {ref}.",
                       decision_date.isoformat(), span)
    return _result(name, CheckStatus.FAILED,
                   f"Tanggal keputusan dalam masa larangan {span}; diperlukan persetujuan tertulis Menteri "
                   "atau pilih tanggal di luar masa itu.",
                   f"The decision date is inside blackout window {span}; the Minister's written approval is needed, "
                   "or choose a date outside the window.", decision_date.isoformat(), span)


# --- combined ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionRequest:
    """Facts about one proposed personnel action, gathered by the service."""

    action: ActionKind
    tmt: date  # effective date of the new position
    decision_date: date  # date of the decision (SK), checked against blackout windows
    current_position_start: date | None
    rank: AnyRank | None
    target_kind: JobKind
    target_min_rank: Rank | None = None  # the job's own field; falls back to policy defaults
    target_jenjang: Jenjang | None = None
    performance: PerformanceRecords | None = None  # None: evaluation service unreachable
    jpm_percent: Number | None = None  # None: no assessment
    blackout_override_ref: str | None = None  # written approval (e.g. letter number)


def check_action(request: ActionRequest, policy: PositionsPolicy = DEFAULT_POLICY) -> list[CheckResult]:
    """Run the checks that apply to the action.

    A DEMOTION (a disciplinary or organisational move down) skips time-in-position and performance,
    which are preconditions for moves a person earns, not for sanctions.
    """
    minimum = minimum_rank_for_job(request.target_kind, request.target_min_rank, request.target_jenjang, policy)
    earned = ActionKind(request.action) is not ActionKind.DEMOTION
    checks: list[CheckResult] = []
    if earned:
        checks.append(check_time_in_position(request.current_position_start, request.tmt, policy))
    checks.append(check_rank(request.rank, minimum))
    if earned:
        checks.append(check_performance(request.performance, request.decision_date, policy))
    checks.append(check_competency(request.jpm_percent, policy))
    checks.append(check_blackout(request.decision_date, request.blackout_override_ref, policy))
    return checks


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    failed: tuple[str, ...]
    unknown: tuple[str, ...]
    warnings: tuple[str, ...]
    reason_id: str
    reason_en: str

    @property
    def eligible(self) -> bool:
        return self.outcome is Outcome.ELIGIBLE

    @property
    def needs_human_review(self) -> bool:
        return self.outcome is Outcome.NEEDS_REVIEW


def decide(checks: Sequence[CheckResult]) -> Decision:
    """Eligible only if no check failed and none is unknown; unknown means a human must review."""
    if not checks:
        raise NO_CHECKS.error(field="checks")
    failed = tuple(c.name for c in checks if c.status == CheckStatus.FAILED)
    unknown = tuple(c.name for c in checks if c.status == CheckStatus.UNKNOWN)
    warnings = tuple(c.name for c in checks if c.status == CheckStatus.WARNING)
    if failed:
        outcome = Outcome.NOT_ELIGIBLE
        rid, ren = f"Tidak memenuhi syarat: {', '.join(failed)}.", f"Not eligible: {', '.join(failed)} failed."
        if unknown:
            rid += f" Data tidak tersedia untuk: {', '.join(unknown)}."
            ren += f" Data also unavailable for: {', '.join(unknown)}."
    elif unknown:
        outcome = Outcome.NEEDS_REVIEW
        rid = f"Perlu pemeriksaan manual karena data tidak tersedia: {', '.join(unknown)}."
        ren = f"Needs human review because data is unavailable: {', '.join(unknown)}."
    else:
        outcome = Outcome.ELIGIBLE
        rid, ren = "Memenuhi semua syarat.", "Meets all requirements."
        if warnings:
            rid += f" Perhatikan: {', '.join(warnings)}."
            ren += f" Note: {', '.join(warnings)}."
    return Decision(outcome, failed, unknown, warnings, rid, ren)
