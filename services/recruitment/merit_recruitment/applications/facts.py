"""Gathering an applicant's facts for the eligibility rules, each with the source it came from.

Internal applicants: positions (employee, career) and evaluation (summary). A source that cannot be reached
leaves its facts ``None``, which the rules report as UNKNOWN (never passed). Applicants from other agencies
declare their facts (source ``declared``); the verifier checks them against the uploaded documents.

Documented choices:
* years in a kind of position = sum over career assignments of that kind (acting assignments, Plt/Plh, do
  not count), each from tmt_start to tmt_end (or the reference date), in years of 365.25 days, 2 decimals down;
* experience: what the applicant declared ("related field" needs judgement), else the whole career length;
* the evaluation summary is asked ``as_of`` the performance reference date (end of registration), so its
  ratings are the completed years before that year and its discipline flag covers the 2 years up to it;
* discipline: the summary's records when they carry a level and a date; otherwise its
  ``moderate_or_heavy_discipline_within_2_years`` flag (true becomes one SEDANG record on that ``as_of`` date).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from merit_recruitment.directory import Directory, UpstreamUnavailable
from merit_recruitment.rules import ApplicantFacts, DisciplineRecord, Fact
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


def _years(days: int) -> Decimal:
    return (Decimal(days) / Decimal("365.25")).quantize(Decimal("0.01"), rounding=ROUND_DOWN)


def career_years(items: list[dict[str, Any]], on: date) -> tuple[dict[str, str], Decimal]:
    by_kind: dict[str, int] = {}
    total = 0
    for it in items:
        kind = str(it.get("kind") or "").lower()
        if any(w in kind for w in ("acting", "plt", "plh")):
            continue
        try:
            start = date.fromisoformat(str(it["tmt_start"]))
            end = date.fromisoformat(str(it["tmt_end"])) if it.get("tmt_end") else on
        except (KeyError, ValueError):
            continue
        days = max(0, (min(end, on) - start).days)
        total += days
        pk = position_kind(it.get("job_kind"), it.get("jenjang"))
        if pk is not None:
            by_kind[pk.value] = by_kind.get(pk.value, 0) + days
    return {k: str(_years(v)) for k, v in by_kind.items()}, _years(total)


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
        elif isinstance(v, Mapping):
            v = {str(k): (x.value if hasattr(x, "value") else str(x)) for k, x in v.items()}
        elif isinstance(v, date):
            v = v.isoformat()
        elif isinstance(v, Decimal):
            v = str(v)
        out[name] = {"value": v, "source": f.source}
    return out


async def gather_internal(directory: Directory, employee: dict[str, Any] | None, employee_id: str,
                          declared: Mapping[str, Any], on: date, *, as_of: date | None = None) -> Gathered:
    """Facts of an employee of the selecting agency. ``employee`` may be pre-fetched (None: unknown).
    ``on``: career years are counted up to it; ``as_of`` (default ``on``): the evaluation summary's date."""
    as_of = as_of or on
    unreachable: list[str] = []
    career = summary = None
    try:
        career = await directory.career(employee_id)
    except UpstreamUnavailable as exc:
        log.warning("career of %s unknown: %s", employee_id, exc)
        unreachable.append("positions")
    try:
        summary = await directory.summary(employee_id, as_of)
    except UpstreamUnavailable as exc:
        log.warning("summary of %s unknown: %s", employee_id, exc)
        unreachable.append("evaluation")
    edu = rank = birth = None
    if employee:
        edu = (employee.get("education") or {}).get("level")
        rank = (employee.get("rank") or {}).get("golongan")
        if employee.get("birth_date"):
            birth = date.fromisoformat(str(employee["birth_date"]))
    by_kind: dict[str, str] | None = None
    total: Decimal | None = None
    if career is not None:
        by_kind, total = career_years(career, on)
    exp = _fact(declared.get("experience_years"), "declared") or _fact(total, "positions:career")
    predikat = jpm = disc = None
    if summary is not None:
        predikat = {int(p["year"]): p["predikat"] for p in summary.get("predikat_by_year") or [] if p.get("predikat")}
        jpm_doc = summary.get("jpm") or {}
        jpm = jpm_doc.get("percent")
        disc = _discipline(summary, as_of)
    facts = ApplicantFacts(
        education=_fact(edu, "positions:employee"),
        experience_years=exp,
        position_years=_fact(by_kind, "positions:career"),
        birth_date=_fact(birth, "positions:employee"),
        rank=_fact(rank, "positions:employee"),
        predikat_by_year=_fact(predikat, "evaluation:summary"),
        discipline_records=_fact(disc, "evaluation:summary"),
        jpm_percent=_fact(None if jpm is None else str(jpm), "evaluation:summary"),
    )
    return Gathered(facts, _json(facts), unreachable)


def gather_declared(declared: Mapping[str, Any]) -> Gathered:
    """Facts an applicant from another agency declared (checked later against their documents)."""
    disc = declared.get("discipline_records")
    facts = ApplicantFacts(
        education=_fact(declared.get("education"), "declared"),
        experience_years=_fact(declared.get("experience_years"), "declared"),
        position_years=_fact(declared.get("position_years"), "declared"),
        birth_date=_fact(declared.get("birth_date"), "declared"),
        rank=_fact(declared.get("rank"), "declared"),
        predikat_by_year=_fact(declared.get("predikat_by_year"), "declared"),
        discipline_records=_fact(None if disc is None else [DisciplineRecord(parse_discipline_code(d["level"]),
                                                                             d["decided_on"]) for d in disc],
                                 "declared"),
        jpm_percent=_fact(declared.get("jpm_percent"), "declared"),
    )
    return Gathered(facts, _json(facts))
