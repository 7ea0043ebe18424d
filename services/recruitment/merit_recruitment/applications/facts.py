"""Gathering an applicant's facts for the eligibility rules, each with the source it came from.

Internal applicants: positions (employee, career) and evaluation (summary). A source that cannot be reached
leaves its facts ``None``, which the rules report as UNKNOWN (never passed). Applicants from other agencies
declare their facts (source ``declared``); the verifier checks them against the uploaded documents.

Documented choices:
* the career goes to the rules as periods (acting assignments, Plt/Plh, do not count), tmt_start to tmt_end
  both inclusive (open: still held), counted in calendar years and months by the rules (``rules.duration``);
  the record also shows, per kind and in total, the calendar time up to the reference date (years, months,
  days, and the decimal years ``position_years``/``experience_years`` always showed);
* experience: what the applicant declared ("related field" needs judgement), else the whole career length;
* rank: the rank history with TMTs (the rules take the rank in force, ignoring pending ones); when the
  history cannot be read, the employee's latest rank with its TMT;
* the evaluation summary is asked ``as_of`` the performance reference date (end of registration), so its
  ratings are the completed years before that year and its discipline flag covers the 2 years up to it;
* discipline: the summary's records when they carry a level and a date; otherwise its
  ``moderate_or_heavy_discipline_within_2_years`` flag (true becomes one SEDANG record on that ``as_of`` date).
* declared history (issue #12): VERIFIED entries only (:func:`verified_history`) join the registry's career
  periods and rank history, each tagged ``declared:verified`` with its entry id; an applicant from another agency
  has no registry career, so their verified posts are their periods (and verified ranks their rank history).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from merit_recruitment.directory import Directory, UpstreamUnavailable
from merit_recruitment.rules import ApplicantFacts, CareerPeriod, DisciplineRecord, Fact, RankRecord
from merit_recruitment.rules.eligibility import DECLARED_VERIFIED, career_duration
from merit_recruitment.rules.vocab import PositionKind, discipline_code, parse_discipline_code, parse_reported_discipline
from merit_shared.vocab import DisciplineLevel, JobKind

log = logging.getLogger("merit.recruitment.facts")
_DIRECT_KINDS = frozenset(JobKind) - {JobKind.FUNGSIONAL}


@dataclass
class Gathered:
    facts: ApplicantFacts
    record: dict[str, Any]  # JSON form of the facts with their sources, stored with the application
    unreachable: list[str] = field(default_factory=list)


def position_kind(job_kind: str | None, jenjang: str | None) -> PositionKind | None:
    if not job_kind:
        return None
    k = job_kind.strip().upper()
    if k in _DIRECT_KINDS:
        return PositionKind(k)
    if k.startswith(JobKind.FUNGSIONAL) and jenjang:
        j = jenjang.strip().upper().replace(" ", "_").replace("-", "_").removeprefix("JF_")
        try:
            return PositionKind("JF_" + j)
        except ValueError:
            return None
    return None


def career_periods(items: list[dict[str, Any]]) -> list[CareerPeriod]:
    """The definitive posts of a career (positions' ``/career`` items); unreadable items are left out."""
    out: list[CareerPeriod] = []
    for it in items:
        kind = str(it.get("kind") or "").lower()
        if any(w in kind for w in ("acting", "plt", "plh")):
            continue
        try:
            start = date.fromisoformat(str(it["tmt_start"]))
            end = date.fromisoformat(str(it["tmt_end"])) if it.get("tmt_end") else None
        except (KeyError, ValueError):
            continue
        out.append(CareerPeriod(position_kind(it.get("job_kind"), it.get("jenjang")), start, end))
    return out


@dataclass(frozen=True)
class History:
    """Verified declared history, as the rules read it."""

    periods: tuple[CareerPeriod, ...] = ()
    ranks: tuple[RankRecord, ...] = ()


def verified_history(rows: list[Any]) -> History:
    """The VERIFIED rows of ``declared_history`` (pending and rejected ones never count)."""
    periods, ranks = [], []
    for r in rows:
        if r.status != "VERIFIED":
            continue
        if r.entry_type == "POSITION":
            periods.append(CareerPeriod(PositionKind(r.position_kind), r.start_date, r.end_date, DECLARED_VERIFIED,
                                        str(r.id)))
        else:
            ranks.append(RankRecord(r.golongan, r.tmt, DECLARED_VERIFIED, str(r.id)))
    return History(tuple(periods), tuple(ranks))


def career_summary(periods: list[CareerPeriod], on: date) -> tuple[dict[str, Any], dict[str, str], Decimal]:
    """Calendar time up to ``on`` per kind and in total: (durations, decimal years per kind, total decimal years)."""
    kinds = sorted({PositionKind(p.kind) for p in periods if p.kind is not None}, key=lambda k: k.value)
    per_kind = {k.value: career_duration(periods, on, (k,)) for k in kinds}
    total = career_duration(periods, on)
    durations = {"total": total.to_dict(), "by_kind": {k: d.to_dict() for k, d in per_kind.items()},
                 "on": on.isoformat()}
    return durations, {k: str(d.as_years()) for k, d in per_kind.items()}, total.as_years()


def rank_history(items: list[dict[str, Any]] | None, latest: Mapping[str, Any] | None) -> list[RankRecord] | None:
    """Ranks with a readable golongan and TMT; else the employee's latest rank; None when neither is known."""
    out: list[RankRecord] = []
    for r in items if items is not None else ([latest] if latest else []):
        try:
            out.append(RankRecord(str(r["golongan"]), date.fromisoformat(str(r["tmt"]))))
        except (KeyError, ValueError, TypeError):
            continue
    return out or None


def _discipline(summary: Mapping[str, Any], on: date) -> list[DisciplineRecord]:
    records: list[DisciplineRecord] = []
    parsed_all = True
    for d in summary.get("discipline") or []:
        try:
            level = parse_reported_discipline(d.get("level", ""))
            when = d.get("decided_on") or d.get("sk_date") or d.get("date")
            records.append(DisciplineRecord(level, date.fromisoformat(str(when))))
        except (ValueError, AttributeError, TypeError):
            parsed_all = False
    if parsed_all:
        return records
    flag = summary.get("moderate_or_heavy_discipline_within_2_years")
    return [DisciplineRecord(DisciplineLevel.MODERATE, on)] if flag else []


def _fact(value: Any, source: str) -> Fact[Any] | None:
    return None if value is None else Fact(value, source)


def _json(facts: ApplicantFacts) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ApplicantFacts.__dataclass_fields__:
        f = getattr(facts, name)
        if f is None:
            out[name] = {"value": None, "source": None}
            continue
        v = f.value
        if name == "discipline_records":
            v = [{"level": discipline_code(r.level), "decided_on": r.decided_on.isoformat()} for r in v]
        elif name == "career_periods":
            v = [{"kind": None if p.kind is None else PositionKind(p.kind).value, "tmt_start": p.start.isoformat(),
                  "tmt_end": None if p.end is None else p.end.isoformat(),
                  **({"source": p.source, "ref": p.ref} if p.source else {})} for p in v]
        elif name == "rank" and not isinstance(v, str):
            v = [{"golongan": r.golongan, "tmt": r.tmt.isoformat(),
                  **({"source": r.source, "ref": r.ref} if r.source else {})} for r in v]
        elif isinstance(v, Mapping):
            v = {str(k): (x.value if hasattr(x, "value") else str(x)) for k, x in v.items()}
        elif isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        out[name] = {"value": v, "source": f.source}
    return out


async def gather_internal(directory: Directory, employee: dict[str, Any] | None, employee_id: str,
                          declared: Mapping[str, Any], on: date, *, as_of: date | None = None,
                          history: History = History()) -> Gathered:
    """Facts of an employee of the selecting agency. ``employee`` may be pre-fetched (None: unknown).
    ``on``: career years are counted up to it; ``as_of`` (default ``on``): the evaluation summary's date."""
    as_of = as_of or on
    unreachable: list[str] = []
    career = summary = ranks = None
    try:
        career = await directory.career(employee_id)
    except UpstreamUnavailable as exc:
        log.warning("career of %s unknown: %s", employee_id, exc)
        unreachable.append("positions")
    try:
        ranks = await directory.ranks(employee_id)
    except UpstreamUnavailable as exc:
        log.warning("ranks of %s unknown: %s", employee_id, exc)
    try:
        summary = await directory.summary(employee_id, as_of)
    except UpstreamUnavailable as exc:
        log.warning("summary of %s unknown: %s", employee_id, exc)
        unreachable.append("evaluation")
    edu = birth = None
    if employee:
        edu = (employee.get("education") or {}).get("level")
        if employee.get("birth_date"):
            birth = date.fromisoformat(str(employee["birth_date"]))
    rank = rank_history(ranks, (employee or {}).get("rank"))
    if history.ranks:
        rank = [*(rank or []), *history.ranks]
    rank_source = "positions:ranks" if ranks is not None else "positions:employee"
    by_kind: dict[str, str] | None = None
    total: Decimal | None = None
    periods: list[CareerPeriod] | None = None
    durations: dict[str, Any] | None = None
    if career is not None:
        periods = career_periods(career) + list(history.periods)
        durations, by_kind, total = career_summary(periods, on)
    declared_exp = _fact(declared.get("experience_years"), "declared")
    predikat = jpm = disc = None
    if summary is not None:
        predikat = {int(p["year"]): p["predikat"] for p in summary.get("predikat_by_year") or [] if p.get("predikat")}
        jpm_doc = summary.get("jpm") or {}
        jpm = jpm_doc.get("percent")
        disc = _discipline(summary, as_of)
    facts = ApplicantFacts(
        education=_fact(edu, "positions:employee"),
        experience_years=declared_exp,
        birth_date=_fact(birth, "positions:employee"),
        rank=_fact(rank, rank_source),
        predikat_by_year=_fact(predikat, "evaluation:summary"),
        discipline_records=_fact(disc, "evaluation:summary"),
        jpm_percent=_fact(None if jpm is None else str(jpm), "evaluation:summary"),
        career_periods=_fact(periods, "positions:career"),
    )
    # The rules count the periods; the record also shows the calendar count as decimal years, as before.
    record = _json(facts)
    if declared_exp is None and total is not None:
        record["experience_years"] = {"value": str(total), "source": "positions:career"}
    record["position_years"] = {"value": by_kind, "source": None if by_kind is None else "positions:career"}
    record["career_durations"] = durations
    return Gathered(facts, record, unreachable)


def gather_declared(declared: Mapping[str, Any], history: History = History()) -> Gathered:
    """Facts an applicant from another agency declared (checked later against their documents)."""
    disc = declared.get("discipline_records")
    rank = _fact(declared.get("rank"), "declared")
    if history.ranks:
        rank = Fact(list(history.ranks), DECLARED_VERIFIED)
    facts = ApplicantFacts(
        education=_fact(declared.get("education"), "declared"),
        experience_years=_fact(declared.get("experience_years"), "declared"),
        position_years=_fact(declared.get("position_years"), "declared"),
        birth_date=_fact(declared.get("birth_date"), "declared"),
        rank=rank,
        predikat_by_year=_fact(declared.get("predikat_by_year"), "declared"),
        discipline_records=_fact(None if disc is None else [DisciplineRecord(parse_discipline_code(d["level"]),
                                                                             d["decided_on"]) for d in disc],
                                 "declared"),
        jpm_percent=_fact(declared.get("jpm_percent"), "declared"),
        career_periods=Fact(list(history.periods), DECLARED_VERIFIED) if history.periods else None,
    )
    return Gathered(facts, _json(facts))
