"""Training-needs analysis (TNA) per agency or unit subtree for a year, summed over sources and ranked.

Each source is an async function ``(session, scope) -> list[SourceNeed]`` computed set-based in SQL; ``SOURCES``
lists them by name and ``rules.training_needs`` merges and ranks what they report.

* ``jpm``: each person's latest JPM against their current position, of an assessment valid in the year
  (assessed on or before 31 December, valid until 1 January or later); every competency with a negative gap
  (individual level − standard level, PermenPANRB 38/2017) is a need of that many levels.
* ``coaching``: the goals of the year's open coaching plans (follow-ups of low ratings, DRAFT or ACTIVE) that name a
  competency: each person counts once per competency, as one level (a goal names the competency, not a level gap).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.catalogue import service as catalogue
from merit_evaluation.common.access import Access
from merit_evaluation.rules import SourceNeed, merge_sources, rank_needs
from merit_evaluation.training_needs.errors import FORBIDDEN_THE_TRAINING_NEEDS_ANALYSIS
from merit_shared.tabular import ExportColumn


@dataclass(frozen=True)
class Scope:
    """Whose needs: the agency's, or the people of a unit subtree (``employee_ids`` from positions)."""

    agency_id: uuid.UUID
    year: int
    employee_ids: list[uuid.UUID] | None = None  # None: the whole agency
    unit_id: uuid.UUID | None = None


#: The latest valid JPM against the current position, per employee (DISTINCT ON over the JPM index).
LATEST_JPM = """
    SELECT DISTINCT ON (j.employee_id) j.id, j.employee_id, j.gaps, j.assessed_on
    FROM jpm_result j
    WHERE j.agency_id = :agency AND j.against_current_position
      AND j.assessed_on <= :year_end AND j.valid_until >= :year_start {people}
    ORDER BY j.employee_id, j.assessed_on DESC, j.computed_at DESC, j.id
"""


def _params(scope: Scope) -> tuple[str, dict[str, Any]]:
    params: dict[str, Any] = {"agency": scope.agency_id, "year_start": date(scope.year, 1, 1),
                              "year_end": date(scope.year, 12, 31)}
    people = ""
    if scope.employee_ids is not None:
        people = "AND j.employee_id = ANY(:people)"
        params["people"] = scope.employee_ids
    return LATEST_JPM.format(people=people), params


async def jpm_source(session: AsyncSession, scope: Scope) -> list[SourceNeed]:
    latest, params = _params(scope)
    rows = (await session.execute(sa.text(f"""
        WITH latest AS ({latest})
        SELECT g.key AS code, count(*) AS people, sum(-(g.value::int)) AS gap_sum, max(-(g.value::int)) AS max_gap
        FROM latest, jsonb_each_text(latest.gaps) AS g(key, value)
        WHERE g.value::int < 0
        GROUP BY g.key"""), params)).all()
    return [SourceNeed(r.code, int(r.people), int(r.gap_sum), int(r.max_gap)) for r in rows]


async def assessed_people(session: AsyncSession, scope: Scope) -> int:
    latest, params = _params(scope)
    return int((await session.execute(sa.text(f"SELECT count(*) FROM ({latest}) AS latest"), params)).scalar_one())


async def coaching_source(session: AsyncSession, scope: Scope) -> list[SourceNeed]:
    people = "" if scope.employee_ids is None else "AND f.employee_id = ANY(:ids)"
    rows = (await session.execute(sa.text(f"""
        SELECT g.competency_code AS code, count(DISTINCT f.employee_id) AS people
        FROM coaching_goal g JOIN followup f ON f.id = g.followup_id
        WHERE f.agency_id = :agency AND f.year = :year AND f.kind = 'COACHING' AND f.state IN ('DRAFT', 'ACTIVE')
          AND g.competency_code IS NOT NULL {people}
        GROUP BY g.competency_code"""), {"agency": scope.agency_id, "year": scope.year,
                                          "ids": scope.employee_ids or []})).all()
    return [SourceNeed(r.code, int(r.people), int(r.people), 1) for r in rows]


Source = Callable[[AsyncSession, Scope], Awaitable[list[SourceNeed]]]
#: The sources the analysis sums, by name.
SOURCES: list[tuple[str, Source]] = [("jpm", jpm_source), ("coaching", coaching_source)]


async def person_gaps(session: AsyncSession, agency_id: uuid.UUID, employee_id: uuid.UUID,
                      year: int) -> tuple[uuid.UUID, dict[str, int]] | None:
    """The employee's latest valid JPM against their current position in ``year``: (JPM id, gaps)."""
    latest, params = _params(Scope(agency_id, year, [employee_id]))
    row = (await session.execute(sa.text(latest), params)).first()
    return None if row is None else (row.id, {str(k): int(v) for k, v in row.gaps.items()})


async def scope_of(access: Access, year: int, unit_id: uuid.UUID | None) -> Scope:
    """Agency admin: the agency or any unit; unit admin: a unit of their subtree (their own unit by default)."""
    p = access.p
    units = await access.admin_units()
    agency = uuid.UUID(p.agency_id) if p.agency_id else uuid.UUID(int=0)
    if units is None:  # service or agency admin: the agency, or any unit of it
        if unit_id is None:
            return Scope(agency, year)
    else:  # a unit admin's subtree (empty for everyone else)
        unit_id = unit_id or (uuid.UUID(p.unit_id) if p.unit_id else None)
        if unit_id is None or unit_id not in units:
            raise FORBIDDEN_THE_TRAINING_NEEDS_ANALYSIS.error()
    people = await access.directory.unit_employees(agency, unit_id)
    return Scope(agency, year, [e.id for e in people if p.is_service or str(e.agency_id) == p.agency_id], unit_id)


async def analysis(session: AsyncSession, access: Access, year: int, unit_id: uuid.UUID | None) -> dict[str, Any]:
    """The ranked needs of the scope, each with the catalogue activities that address it."""
    scope = await scope_of(access, year, unit_id)
    found = {name: await source(session, scope) for name, source in SOURCES}
    ranked = rank_needs(merge_sources(found))
    offers = await catalogue.addressing(session, scope.agency_id, [r.need.code for r in ranked])
    items = []
    for r in ranked:
        item = r.to_dict()
        item["activities"] = [{"id": str(a.id), "title": a.title, "kind": a.kind, "level": a.level,
                               "jp": str(a.jp), "raises_to": a.competencies[r.need.code],
                               "starts_on": a.starts_on.isoformat() if a.starts_on else None}
                              for a in offers.get(r.need.code, [])]
        items.append(item)
    return {"year": year, "unit_id": str(scope.unit_id) if scope.unit_id else None, "sources": [n for n, _ in SOURCES],
            "people_assessed": await assessed_people(session, scope), "items": items}


COLUMNS = [
    ExportColumn("rank", "Peringkat", "Rank", "int"),
    ExportColumn("competency_code", "Kode kompetensi", "Competency code"),
    ExportColumn("people", "Jumlah pegawai", "People", "int"),
    ExportColumn("gap_sum", "Jumlah kesenjangan (level)", "Total gap (levels)", "int"),
    ExportColumn("mean_gap", "Rata-rata kesenjangan", "Mean gap"),
    ExportColumn("max_gap", "Kesenjangan terbesar", "Largest gap", "int"),
    ExportColumn("activity_titles", "Kegiatan pengembangan", "Development activities"),
]
TITLE = ("Analisis Kebutuhan Pelatihan", "Training-needs analysis")


def flatten(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**i, "activity_titles": [a["title"] for a in i["activities"]]} for i in items]
