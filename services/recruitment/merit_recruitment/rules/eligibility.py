"""Administrative eligibility of an applicant for a selection (PP 11/2017 jo PP 17/2020, Pasal 107).

``Requirements`` is data stored with each selection (defaults per kind come from :mod:`.kinds`). Applicant
facts are gathered by the service from other services; each fact carries its ``source`` and may be ``None``
when that source could not be reached. :func:`check` evaluates one ``RuleResult`` per *required* rule
(a requirement left as ``None``/empty is not evaluated and does not appear in the result).

Semantics (documented choices):

* UNKNOWN is never a pass. Overall: ELIGIBLE only if every rule PASSED; NOT_ELIGIBLE if any FAILED;
  otherwise NEEDS_REVIEW (nothing failed, something unknown).
* Two reference dates. The AGE reference date is the planned inauguration date. The PERFORMANCE reference
  date (also used for DISCIPLINE) is the end of registration: ratings and penalties are judged as they stand
  when applicants register, since the rating of the registration year cannot exist yet. ``check`` takes the
  performance date as ``performance_reference_date`` (default: the age reference date) and reports both.
* AGE: age in *completed years* on the age reference date (the planned inauguration date) must be
  ``<= max_age`` ("usia setinggi-tingginya 56 tahun pada saat pelantikan"): someone who is exactly 56 on
  that date passes, someone whose 57th birthday is on or before that date fails.
* EXPERIENCE / PRIOR_POSITION / JPM / RANK / EDUCATION: "at least" comparisons, boundary inclusive.
  Tenure is calendar time (:mod:`.duration`): the career periods (``career_periods``, both ends counted,
  consecutive posts losing no day, overlaps counted once) up to the age reference date must cover the
  required years; exactly N years is N. Prior-position time is the union of the periods of all accepted
  kinds (1 year JF Ahli Madya then 1 year Administrator = 2 years); a post still held counts to the
  reference date. Without periods (declared facts) the declared years are compared as numbers. Experience
  declared by the applicant ("related field" needs judgement) wins over the career length.
* Declared history (issue #12): a past post or rank the registry lacks, declared by the applicant with its SK,
  joins the periods / rank history once the verifier has VERIFIED it (source ``declared:verified``; never
  while pending, never when rejected). Periods are attributed by :func:`.duration.attribute`, the registry
  first: a day both sources cover is counted once, from the registry. EXPERIENCE and PRIOR_POSITION list the
  counted pieces with their source (``periods``); RANK names the source of the rank in force.
* RANK: the rank in force on the performance reference date (end of registration), i.e. the latest with
  a TMT on or before it; a rank whose TMT is later is pending and ignored (a promotion takes effect on the
  TMT its SK sets, PP 99/2000 on kenaikan pangkat). A rank given as text (declared) is taken as held.
* PERFORMANCE: the ``predikat_years`` completed calendar years before the performance reference date's year
  (registration ending in November 2026, 2 years -> 2024 and 2025). Any rated year below ``min_predikat`` fails; if none fails but a year is
  missing, the rule is UNKNOWN.
* DISCIPLINE: a penalty whose level is in ``blocking_discipline_levels`` (default SEDANG, BERAT) decided on
  or after the same calendar day ``discipline_years`` before the performance reference date fails the rule (a decision
  exactly 2 years before still counts). An empty record list is a pass; ``None`` is unknown.
* A fact value that cannot be interpreted (unknown education code, PPPK golongan, ...) makes the rule
  UNKNOWN with an explanation, never a crash; an invalid *requirement* raises ``Invalid``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

from merit_recruitment.rules.errors import INVALID_REQUIREMENT, UNKNOWN_FIELD
from merit_shared.errors import DomainError, Invalid
from merit_shared.vocab import DisciplineLevel, Predikat

from .duration import Duration, Period, attribute, covered, duration_between
from .vocab import (
    PREDIKAT_LABEL_ID,
    PREDIKAT_RANK,
    EducationLevel,
    PositionKind,
    age_in_completed_years,
    discipline_code,
    education_meets,
    golongan_order,
    normalize_golongan,
    parse_discipline_code,
    parse_education,
    parse_predikat,
    to_decimal,
    years_before,
)

T = TypeVar("T")


class RuleCode(str, Enum):
    EDUCATION = "EDUCATION"
    EXPERIENCE = "EXPERIENCE"
    PRIOR_POSITION = "PRIOR_POSITION"
    AGE = "AGE"
    RANK = "RANK"
    PERFORMANCE = "PERFORMANCE"
    DISCIPLINE = "DISCIPLINE"
    JPM = "JPM"


class RuleStatus(str, Enum):
    PASSED = "PASSED"
    FAILED = "FAILED"
    UNKNOWN = "UNKNOWN"


class EligibilityStatus(str, Enum):
    ELIGIBLE = "ELIGIBLE"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    NEEDS_REVIEW = "NEEDS_REVIEW"


@dataclass(frozen=True)
class Requirements:
    """Eligibility requirements of one selection. ``None`` (or an empty tuple) switches a rule off."""

    min_education: EducationLevel | None = None
    min_experience_years: Decimal | None = None
    prior_position_kinds: tuple[PositionKind, ...] = ()
    prior_position_min_years: Decimal | None = None
    max_age: int | None = None
    min_rank: str | None = None
    min_predikat: Predikat | None = Predikat.BAIK
    predikat_years: int = 2
    discipline_years: int | None = 2
    blocking_discipline_levels: tuple[DisciplineLevel, ...] = (DisciplineLevel.MODERATE, DisciplineLevel.HEAVY)
    min_jpm_percent: Decimal | None = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        if self.min_education is not None:
            try:
                s(self, "min_education", parse_education(self.min_education))
            except ValueError:
                raise _bad_req("min_education", self.min_education, "S1, D4, D3, ...") from None
        for name in ("min_experience_years", "prior_position_min_years", "min_jpm_percent"):
            v = getattr(self, name)
            if v is not None:
                d = to_decimal(v, f"requirements.{name}")
                if d < 0:
                    raise _bad_req(name, v, ">= 0")
                s(self, name, d)
        try:
            s(self, "prior_position_kinds", tuple(PositionKind(k) for k in self.prior_position_kinds))
        except ValueError:
            raise _bad_req("prior_position_kinds", self.prior_position_kinds, "PositionKind codes") from None
        if self.prior_position_kinds and self.prior_position_min_years is None:
            s(self, "prior_position_min_years", Decimal(0))
        if self.min_rank is not None:
            try:
                s(self, "min_rank", normalize_golongan(self.min_rank))
            except ValueError:
                raise _bad_req("min_rank", self.min_rank, "I/a .. IV/e") from None
        if self.min_predikat is not None:
            try:
                s(self, "min_predikat", parse_predikat(self.min_predikat))
            except ValueError:
                raise _bad_req("min_predikat", self.min_predikat, "SANGAT_BAIK, BAIK, ...") from None
        if self.max_age is not None and (isinstance(self.max_age, bool) or int(self.max_age) != self.max_age
                                         or self.max_age <= 0):
            raise _bad_req("max_age", self.max_age, "a positive whole number of years")
        if self.predikat_years < 1:
            raise _bad_req("predikat_years", self.predikat_years, ">= 1")
        if self.discipline_years is not None and self.discipline_years < 1:
            raise _bad_req("discipline_years", self.discipline_years, ">= 1 or null")
        s(self, "blocking_discipline_levels", tuple(parse_discipline_code(x) for x in self.blocking_discipline_levels))

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_education": self.min_education.value if self.min_education else None,
            "min_experience_years": _dstr(self.min_experience_years),
            "prior_position_kinds": [k.value for k in self.prior_position_kinds],
            "prior_position_min_years": _dstr(self.prior_position_min_years),
            "max_age": self.max_age,
            "min_rank": self.min_rank,
            "min_predikat": self.min_predikat.value if self.min_predikat else None,
            "predikat_years": self.predikat_years,
            "discipline_years": self.discipline_years,
            "blocking_discipline_levels": [discipline_code(x) for x in self.blocking_discipline_levels],
            "min_jpm_percent": _dstr(self.min_jpm_percent),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Requirements:
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(data) - known
        if unknown:
            name = sorted(unknown)[0]
            raise UNKNOWN_FIELD.error(field=f"requirements.{name}", name=name)
        kw = dict(data)
        for name in ("prior_position_kinds", "blocking_discipline_levels"):
            if name in kw:
                kw[name] = tuple(kw[name])
        return cls(**kw)


@dataclass(frozen=True)
class Fact(Generic[T]):
    """A fact about the applicant and where it came from (``positions``, ``evaluation``, ``declared`` ...)."""

    value: T
    source: str


@dataclass(frozen=True)
class DisciplineRecord:
    level: DisciplineLevel
    decided_on: date


@dataclass(frozen=True)
class CareerPeriod:
    """One post held: its kind (None when it maps to no kind), first day and last day (None: still held)."""

    kind: PositionKind | str | None
    start: date
    end: date | None = None
    #: where the period comes from when not the fact's own source (``declared:verified``), and its record id
    source: str | None = None
    ref: str | None = None


@dataclass(frozen=True)
class RankRecord:
    golongan: str
    tmt: date
    source: str | None = None  #: as for CareerPeriod
    ref: str | None = None


@dataclass(frozen=True)
class ApplicantFacts:
    """Everything the rules need; ``None`` means unknown (source unreachable or no data)."""

    education: Fact[EducationLevel | str] | None = None
    experience_years: Fact[Decimal | int] | None = None
    #: years served per position kind (computed by the positions service)
    position_years: Fact[Mapping[PositionKind | str, Decimal | int]] | None = None
    birth_date: Fact[date] | None = None
    #: the rank as held (declared), or the rank history with TMTs (positions): see RANK
    rank: Fact[str | Sequence[RankRecord]] | None = None
    #: annual predikat by calendar year
    predikat_by_year: Fact[Mapping[int, Predikat | str]] | None = None
    discipline_records: Fact[Sequence[DisciplineRecord]] | None = None
    jpm_percent: Fact[Decimal | int] | None = None
    #: posts held (positions' career, acting posts left out); counted by the calendar, see module docstring
    career_periods: Fact[Sequence[CareerPeriod]] | None = None


@dataclass(frozen=True)
class RuleResult:
    code: RuleCode
    status: RuleStatus
    value: Any
    required: Any
    source: str | None
    message_id: str
    message_en: str
    #: calendar time behind ``value`` (decimal years) when a tenure was counted from career periods
    duration: Duration | None = None
    #: the counted pieces of the career periods, each with its source (see "Declared history")
    periods: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out = {"code": self.code.value, "status": self.status.value, "value": self.value,
               "required": self.required, "source": self.source,
               "message_id": self.message_id, "message_en": self.message_en}
        if self.duration is not None:
            out["duration"] = self.duration.to_dict()
        if self.periods:
            out["periods"] = list(self.periods)
        return out


@dataclass(frozen=True)
class EligibilityResult:
    status: EligibilityStatus
    reference_date: date  #: the age reference date (planned inauguration)
    results: tuple[RuleResult, ...] = field(default_factory=tuple)
    #: the date performance years and the discipline window are counted from (end of registration)
    performance_reference_date: date | None = None

    @property
    def age_reference_date(self) -> date:
        return self.reference_date

    def result(self, code: RuleCode) -> RuleResult | None:
        return next((r for r in self.results if r.code == code), None)

    def to_dict(self) -> dict[str, Any]:
        perf = self.performance_reference_date or self.reference_date
        return {"status": self.status.value, "reference_date": self.reference_date.isoformat(),
                "age_reference_date": self.reference_date.isoformat(),
                "performance_reference_date": perf.isoformat(),
                "results": [r.to_dict() for r in self.results]}


# --- rules -------------------------------------------------------------------------------------------------

def check(requirements: Requirements, facts: ApplicantFacts, reference_date: date, *,
          performance_reference_date: date | None = None) -> EligibilityResult:
    """Evaluate every required rule; see the module docstring for boundaries and the overall status.

    ``reference_date``: age (planned inauguration); ``performance_reference_date``: performance years and the
    discipline window (end of registration), defaulting to ``reference_date``."""
    r = requirements
    perf_ref = performance_reference_date or reference_date
    out: list[RuleResult] = []
    if r.min_education is not None:
        out.append(_education(r.min_education, facts.education))
    if r.min_experience_years is not None:
        out.append(_experience(r.min_experience_years, facts.experience_years, facts.career_periods,
                               reference_date))
    if r.prior_position_kinds:
        out.append(_prior_position(r.prior_position_kinds, r.prior_position_min_years or Decimal(0),
                                   facts.position_years, facts.career_periods, reference_date))
    if r.max_age is not None:
        out.append(_age(r.max_age, facts.birth_date, reference_date))
    if r.min_rank is not None:
        out.append(_rank(r.min_rank, facts.rank, perf_ref))
    if r.min_predikat is not None:
        out.append(_performance(r.min_predikat, r.predikat_years, facts.predikat_by_year, perf_ref))
    if r.discipline_years is not None and r.blocking_discipline_levels:
        out.append(_discipline(r.discipline_years, r.blocking_discipline_levels, facts.discipline_records,
                               perf_ref))
    if r.min_jpm_percent is not None:
        out.append(_jpm(r.min_jpm_percent, facts.jpm_percent))
    statuses = {x.status for x in out}
    if RuleStatus.FAILED in statuses:
        overall = EligibilityStatus.NOT_ELIGIBLE
    elif RuleStatus.UNKNOWN in statuses:
        overall = EligibilityStatus.NEEDS_REVIEW
    else:
        overall = EligibilityStatus.ELIGIBLE
    return EligibilityResult(overall, reference_date, tuple(out), perf_ref)


_LABELS = {
    RuleCode.EDUCATION: ("pendidikan", "education"),
    RuleCode.EXPERIENCE: ("pengalaman kerja", "work experience"),
    RuleCode.PRIOR_POSITION: ("riwayat jabatan", "prior position"),
    RuleCode.AGE: ("tanggal lahir", "birth date"),
    RuleCode.RANK: ("pangkat/golongan", "rank (golongan)"),
    RuleCode.PERFORMANCE: ("predikat kinerja", "performance rating"),
    RuleCode.DISCIPLINE: ("riwayat hukuman disiplin", "disciplinary record"),
    RuleCode.JPM: ("nilai JPM", "JPM score"),
}


def _unknown(code: RuleCode, required: Any, fact: Fact[Any] | None, why_id: str = "", why_en: str = "",
             value: Any = None) -> RuleResult:
    lid, len_ = _LABELS[code]
    if not why_id:
        why_id = f"Data {lid} tidak tersedia (sumber tidak dapat dihubungi atau kosong)"
        why_en = f"The {len_} is not available (source unreachable or empty)"
    return RuleResult(code, RuleStatus.UNKNOWN, value, required, fact.source if fact else None,
                      f"{why_id}; verifikasi manual dengan dokumen pendukung.",
                      f"{why_en}; verify manually against supporting documents.")


def _res(code: RuleCode, ok: bool, value: Any, required: Any, fact: Fact[Any],
         msg_ok: tuple[str, str], msg_fail: tuple[str, str], duration: Duration | None = None) -> RuleResult:
    mid, men = msg_ok if ok else msg_fail
    return RuleResult(code, RuleStatus.PASSED if ok else RuleStatus.FAILED, value, required, fact.source, mid, men,
                      duration)


def _education(minimum: EducationLevel, fact: Fact[Any] | None) -> RuleResult:
    code, req = RuleCode.EDUCATION, minimum.value
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    try:
        actual = parse_education(fact.value)
    except ValueError:
        return _unknown(code, req, fact, f"Jenjang pendidikan '{fact.value}' tidak dikenal",
                        f"Education level '{fact.value}' is not recognised", str(fact.value))
    ok = education_meets(actual, minimum)
    return _res(code, ok, actual.value, req, fact,
                (f"Pendidikan {actual.value} memenuhi syarat minimal {req}.",
                 f"Education {actual.value} meets the minimum {req}."),
                (f"Pendidikan {actual.value} di bawah syarat minimal {req}.",
                 f"Education {actual.value} is below the minimum {req}."))


def _fact_decimal(fact: Fact[Any]) -> Decimal | None:
    try:
        return to_decimal(fact.value, "facts")
    except Invalid:
        return None


DECLARED_VERIFIED = "declared:verified"


def is_declared(source: str | None) -> bool:
    return bool(source) and str(source).startswith("declared")


def _counted(periods: Sequence[CareerPeriod], on: date,
             kinds: tuple[PositionKind, ...] | None) -> list[tuple[Period, CareerPeriod]]:
    spans: list[tuple[Period, CareerPeriod]] = []
    for p in periods:
        if not isinstance(p.start, date) or (p.end is not None and not isinstance(p.end, date)):
            raise ValueError(f"unreadable period {p!r}")
        if kinds is not None:
            if p.kind is None:
                continue
            if PositionKind(p.kind) not in kinds:
                continue
        end = on if p.end is None else min(p.end, on)
        if end >= p.start:
            spans.append((Period(p.start, end), p))
    return spans


def career_duration(periods: Sequence[CareerPeriod], on: date,
                    kinds: tuple[PositionKind, ...] | None = None) -> Duration:
    """Calendar time covered up to ``on`` (inclusive) by the posts of ``kinds`` (None: every post).
    ``ValueError`` for a period that cannot be read."""
    return covered(span for span, _ in _counted(periods, on, kinds))


def career_breakdown(periods: Sequence[CareerPeriod], on: date, kinds: tuple[PositionKind, ...] | None,
                     source: str | None) -> tuple[dict[str, Any], ...]:
    """The pieces :func:`career_duration` counts, each once, with its source (``source``: the fact's, for periods
    naming none): the registry's records first, verified declarations for the days the registry lacks."""
    pieces = attribute(_counted(periods, on, kinds), lambda p: 1 if is_declared(p.source) else 0)
    return tuple({"start": span.start.isoformat(), "end": span.end.isoformat(),
                  "kind": None if p.kind is None else PositionKind(p.kind).value,
                  "source": p.source or source, "ref": p.ref,
                  "duration": duration_between(span.start, span.end).to_dict()} for span, p in pieces)


def _experience(minimum: Decimal, fact: Fact[Any] | None, career: Fact[Any] | None, on: date) -> RuleResult:
    code, req = RuleCode.EXPERIENCE, str(minimum)
    if (fact is None or fact.value is None) and career is not None and career.value is not None:
        try:
            d = career_duration(career.value, on)
            parts = career_breakdown(career.value, on, None, career.source)
        except (ValueError, AttributeError, TypeError):
            return _unknown(code, req, career, "Riwayat jabatan tidak dapat dibaca",
                            "The career history cannot be read")
        ok = d.covers_years(minimum)
        return replace(_res(code, ok, str(d.as_years()), req, career,
                            (f"Pengalaman {d.label_id()} memenuhi syarat minimal {req} tahun.",
                             f"{d.label_en()} of experience meets the minimum of {req} years."),
                            (f"Pengalaman {d.label_id()} kurang dari syarat minimal {req} tahun.",
                             f"{d.label_en()} of experience is less than the minimum of {req} years."), d),
                       periods=parts)
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    years = _fact_decimal(fact)
    if years is None:
        return _unknown(code, req, fact, f"Lama pengalaman '{fact.value}' bukan angka",
                        f"Experience '{fact.value}' is not a number", str(fact.value))
    ok = years >= minimum
    return _res(code, ok, str(years), req, fact,
                (f"Pengalaman {years} tahun memenuhi syarat minimal {req} tahun.",
                 f"{years} years of experience meets the minimum of {req} years."),
                (f"Pengalaman {years} tahun kurang dari syarat minimal {req} tahun.",
                 f"{years} years of experience is less than the minimum of {req} years."))


def _prior_position(kinds: tuple[PositionKind, ...], min_years: Decimal, fact: Fact[Any] | None,
                    career: Fact[Any] | None, on: date) -> RuleResult:
    code = RuleCode.PRIOR_POSITION
    names = ", ".join(k.value for k in kinds)
    req = {"kinds": [k.value for k in kinds], "min_years": str(min_years)}
    if career is not None and career.value is not None:
        try:
            d = career_duration(career.value, on, kinds)
            parts = career_breakdown(career.value, on, kinds, career.source)
        except (ValueError, AttributeError, TypeError):
            return _unknown(code, req, career, "Riwayat jabatan tidak dapat dibaca",
                            "The career history cannot be read")
        ok = d.covers_years(min_years)
        return replace(_res(code, ok, str(d.as_years()), req, career,
                            (f"Masa jabatan {d.label_id()} pada {names} memenuhi syarat minimal {min_years} tahun.",
                             f"{d.label_en()} in {names} meets the minimum of {min_years} years."),
                            (f"Masa jabatan pada {names} hanya {d.label_id()}; syarat minimal {min_years} tahun.",
                             f"Only {d.label_en()} in {names}; at least {min_years} years are required."), d),
                       periods=parts)
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    total = Decimal(0)
    for raw_kind, raw_years in dict(fact.value).items():
        try:
            kind = PositionKind(raw_kind)
            years = to_decimal(raw_years, "facts.position_years")
        except (ValueError, Invalid):
            return _unknown(code, req, fact, f"Riwayat jabatan '{raw_kind}: {raw_years}' tidak dapat dibaca",
                            f"Position history entry '{raw_kind}: {raw_years}' cannot be read")
        if kind in kinds:
            total += years
    ok = total >= min_years
    return _res(code, ok, str(total), req, fact,
                (f"Masa jabatan {total} tahun pada {names} memenuhi syarat minimal {min_years} tahun.",
                 f"{total} years in {names} meets the minimum of {min_years} years."),
                (f"Masa jabatan pada {names} hanya {total} tahun; syarat minimal {min_years} tahun.",
                 f"Only {total} years in {names}; at least {min_years} years are required."))


def _age(max_age: int, fact: Fact[Any] | None, reference_date: date) -> RuleResult:
    code, req = RuleCode.AGE, max_age
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    if not isinstance(fact.value, date):
        return _unknown(code, req, fact, f"Tanggal lahir '{fact.value}' tidak valid",
                        f"Birth date '{fact.value}' is not a valid date", str(fact.value))
    age = age_in_completed_years(fact.value, reference_date)
    ok = age <= max_age
    ref = reference_date.isoformat()
    return _res(code, ok, age, req, fact,
                (f"Usia {age} tahun pada {ref} tidak melebihi batas {max_age} tahun.",
                 f"Age {age} on {ref} does not exceed the limit of {max_age}."),
                (f"Usia {age} tahun pada {ref} melebihi batas setinggi-tingginya {max_age} tahun.",
                 f"Age {age} on {ref} exceeds the maximum of {max_age}."))


def _rank_in_force(history: Sequence[RankRecord], on: date) -> tuple[RankRecord | None, list[RankRecord]]:
    """The latest rank with TMT on or before ``on`` (the registry's record when a verified declaration names the
    same TMT), and the pending ones (TMT after it)."""
    held = [r for r in history if r.tmt <= on]
    pending = [r for r in history if r.tmt > on]
    return (max(held, key=lambda r: (r.tmt, not is_declared(r.source))) if held else None), pending


def _rank(minimum: str, fact: Fact[Any] | None, on: date) -> RuleResult:
    code, req = RuleCode.RANK, minimum
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    raw = fact.value
    source = fact
    if not isinstance(raw, str):
        try:
            held, pending = _rank_in_force(list(raw), on)
        except (TypeError, AttributeError):
            return _unknown(code, req, fact, "Riwayat pangkat tidak dapat dibaca", "The rank history cannot be read")
        if held is not None and held.source:
            source = Fact(raw, held.source)
        raw = None if held is None else held.golongan
        if raw is None:
            tmts = ", ".join(r.tmt.isoformat() for r in pending) or "-"
            return _unknown(code, req, fact, f"Belum ada pangkat yang berlaku pada {on.isoformat()} (TMT {tmts})",
                            f"No rank is in force on {on.isoformat()} (TMT {tmts})")
    try:
        actual = normalize_golongan(raw)
    except ValueError:
        return _unknown(code, req, fact, f"Golongan '{raw}' tidak dikenal (harus I/a s.d. IV/e)",
                        f"Golongan '{raw}' is not recognised (expected I/a to IV/e)", str(raw))
    ok = golongan_order(actual) >= golongan_order(minimum)
    return _res(code, ok, actual, req, source,
                (f"Golongan {actual} memenuhi syarat minimal {req}.", f"Rank {actual} meets the minimum {req}."),
                (f"Golongan {actual} di bawah syarat minimal {req}.", f"Rank {actual} is below the minimum {req}."))


def _performance(minimum: Predikat, n_years: int, fact: Fact[Any] | None, reference_date: date) -> RuleResult:
    code = RuleCode.PERFORMANCE
    years = list(range(reference_date.year - n_years, reference_date.year))
    req = {"min_predikat": minimum.value, "years": years}
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    by_year = dict(fact.value)
    value: dict[str, str | None] = {}
    failed: list[int] = []
    missing: list[int] = []
    for y in years:
        raw = by_year.get(y, by_year.get(str(y)))  # type: ignore[call-overload]
        if raw is None:
            missing.append(y)
            value[str(y)] = None
            continue
        try:
            p = parse_predikat(raw)
        except ValueError:
            missing.append(y)
            value[str(y)] = str(raw)
            continue
        value[str(y)] = p.value
        if PREDIKAT_RANK[p] < PREDIKAT_RANK[minimum]:
            failed.append(y)
    label = PREDIKAT_LABEL_ID[minimum]
    span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    if failed:
        ys = ", ".join(map(str, failed))
        return RuleResult(code, RuleStatus.FAILED, value, req, fact.source,
                          f"Predikat kinerja tahun {ys} di bawah {label}; syarat: minimal {label} tiap tahun {span}.",
                          f"Performance rating for {ys} is below {minimum.value}; required: at least "
                          f"{minimum.value} in every year {span}.")
    if missing:
        ys = ", ".join(map(str, missing))
        return _unknown(code, req, fact, f"Predikat kinerja tahun {ys} tidak tersedia",
                        f"Performance rating for {ys} is not available", value)
    return RuleResult(code, RuleStatus.PASSED, value, req, fact.source,
                      f"Predikat kinerja {span} minimal {label}.",
                      f"Performance ratings {span} are at least {minimum.value}.")


def _discipline(n_years: int, blocking: tuple[DisciplineLevel, ...], fact: Fact[Any] | None,
                reference_date: date) -> RuleResult:
    code = RuleCode.DISCIPLINE
    since = years_before(reference_date, n_years)
    req = {"none_of": [discipline_code(b) for b in blocking], "since": since.isoformat()}
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    hits: list[dict[str, str]] = []
    for rec in fact.value:
        try:
            level = parse_discipline_code(rec.level)
            decided = rec.decided_on
            if not isinstance(decided, date):
                raise ValueError
        except (ValueError, AttributeError):
            return _unknown(code, req, fact, f"Catatan hukuman disiplin '{rec}' tidak dapat dibaca",
                            f"Disciplinary record '{rec}' cannot be read")
        if level in blocking and decided >= since:
            hits.append({"level": discipline_code(level), "decided_on": decided.isoformat()})
    levels = "/".join(discipline_code(b).lower() for b in blocking)
    if hits:
        first = hits[0]
        return RuleResult(code, RuleStatus.FAILED, hits, req, fact.source,
                          f"Pernah dijatuhi hukuman disiplin tingkat {first['level'].lower()} pada "
                          f"{first['decided_on']}; syarat: tidak ada hukuman {levels} sejak {since.isoformat()}.",
                          f"A {first['level'].lower()} disciplinary penalty was imposed on {first['decided_on']}; "
                          f"required: no {levels} penalty since {since.isoformat()}.")
    return RuleResult(code, RuleStatus.PASSED, hits, req, fact.source,
                      f"Tidak ada hukuman disiplin tingkat {levels} sejak {since.isoformat()}.",
                      f"No {levels} disciplinary penalty since {since.isoformat()}.")


def _jpm(minimum: Decimal, fact: Fact[Any] | None) -> RuleResult:
    code, req = RuleCode.JPM, str(minimum)
    if fact is None or fact.value is None:
        return _unknown(code, req, fact)
    jpm = _fact_decimal(fact)
    if jpm is None:
        return _unknown(code, req, fact, f"Nilai JPM '{fact.value}' bukan angka",
                        f"JPM '{fact.value}' is not a number", str(fact.value))
    ok = jpm >= minimum
    return _res(code, ok, str(jpm), req, fact,
                (f"JPM {jpm}% memenuhi syarat minimal {req}%.", f"JPM {jpm}% meets the minimum of {req}%."),
                (f"JPM {jpm}% di bawah syarat minimal {req}%.", f"JPM {jpm}% is below the minimum of {req}%."))


def _bad_req(name: str, value: Any, expected: str) -> DomainError:
    return INVALID_REQUIREMENT.error(field=f"requirements.{name}", expected=expected, name=name, value=value)


def _dstr(d: Decimal | None) -> str | None:
    return None if d is None else str(d)
