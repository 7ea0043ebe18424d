"""The registry's merit-system indicators: one ``IndicatorDef`` each (merit_shared.indicators), set-based SQL.

Adding an indicator is one entry in ``REGISTRY``: its definition and the query of its population (columns
``ref_type, ref_id, label, unit_id, unit_name, counted``). The year is the calendar year; a record counts for the
year when it is in force at some day of it (positions) or starts in it (assignments, decisions).
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.rules.merit import NATIONAL_CODES, NOT_A_FILL
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort
from merit_shared.indicators import (
    IndicatorDef,
    IndicatorSetOut,
    RecordRefOut,
    measure,
    records,
    year_params,
)

SERVICE = "positions"
PATH = "/api/v1/position-indicators"

_POSITIONS_IN_YEAR = """
    FROM positions p LEFT JOIN org_units u ON u.id = p.unit_id
    WHERE p.agency_id = :agency AND p.valid_from <= :year_end
      AND (p.abolished_on IS NULL OR p.abolished_on >= :year_start)"""

REGISTRY: dict[str, IndicatorDef] = {d.code: d for d in (
    IndicatorDef(
        "jobs_with_competency_standard", "a", "share",
        "Jabatan di katalog instansi yang standar kompetensinya lengkap: M.01-M.08, SK.01 dan sedikitnya satu "
        "kompetensi teknis, masing-masing level 1-5 (PermenPANRB 38/2017).",
        "Jobs of the agency's catalogue whose competency standard is complete: M.01-M.08, SK.01 and at least one "
        "technical competency, each at level 1-5 (PermenPANRB 38/2017).",
        "jabatan dengan standar lengkap", "jobs with a complete standard", "jabatan di katalog", "jobs in the catalogue",
        sql="""SELECT 'job' AS ref_type, j.id AS ref_id, j.name || coalesce(' (' || j.code || ')', '') AS label,
                       NULL::uuid AS unit_id, NULL::text AS unit_name,
                       (jsonb_exists_all(j.competency_standard, CAST(:national AS text[]))
                        AND NOT EXISTS (SELECT 1 FROM jsonb_each(j.competency_standard) s
                                        WHERE s.key = ANY(CAST(:national AS text[]))
                                          AND NOT (jsonb_typeof(s.value) = 'number' AND s.value::numeric IN (1,2,3,4,5)))
                        AND EXISTS (SELECT 1 FROM jsonb_each(j.competency_standard) s
                                    WHERE s.key !~ '^(M|SK)\\.' AND jsonb_typeof(s.value) = 'number'
                                      AND s.value::numeric IN (1,2,3,4,5))) AS counted
                FROM jobs j WHERE j.agency_id = :agency"""),
    IndicatorDef(
        "positions_with_current_abk", "b", "share",
        "Jabatan (formasi di peta jabatan) yang berlaku pada tahun itu dan punya analisis beban kerja (ABK) tahun itu.",
        "Positions (seats of the peta jabatan) in force in the year that have a workload analysis (ABK) for that year.",
        "jabatan dengan ABK tahun ini", "positions with the year's ABK", "jabatan yang berlaku", "positions in force",
        sql=f"""SELECT 'position' AS ref_type, p.id AS ref_id, p.name AS label, p.unit_id, u.name AS unit_name,
                       EXISTS (SELECT 1 FROM position_abk k WHERE k.position_id = p.id AND k.year = :year) AS counted
                {_POSITIONS_IN_YEAR}"""),
    IndicatorDef(
        "positions_seats_match_need", "b", "share",
        "Jabatan dengan ABK tahun itu yang jumlah formasinya (kebutuhan di peta jabatan) sama dengan kebutuhan "
        "pegawai hasil ABK (dibulatkan).",
        "Positions with the year's ABK whose seats (the peta jabatan's headcount) equal the ABK's rounded need.",
        "jabatan dengan formasi = kebutuhan ABK", "positions whose seats equal the need", "jabatan dengan ABK tahun ini",
        "positions with the year's ABK",
        sql=f"""SELECT 'position' AS ref_type, p.id AS ref_id,
                       p.name || ' (formasi ' || p.required_seats || ', kebutuhan ' || k.need_rounded || ')' AS label,
                       p.unit_id, u.name AS unit_name, p.required_seats = k.need_rounded AS counted
                {_POSITIONS_IN_YEAR.replace('FROM positions p',
                                            'FROM positions p JOIN position_abk k ON k.position_id = p.id AND k.year = :year')}"""),
    IndicatorDef(
        "managerial_filled_by_open_selection", "c", "share",
        "Jabatan manajerial yang diisi secara definitif pada tahun itu melalui seleksi terbuka (alasan "
        "selection_result), dari semua pengisian manajerial definitif tahun itu (promosi, rotasi, mutasi, seleksi; "
        "tanpa data awal, restrukturisasi dan Plt/Plh).",
        "Managerial seats filled definitively in the year through an open selection (reason selection_result), of all "
        "definitive managerial fillings of the year (promotion, rotation, transfer, selection; not initial data, "
        "restructuring or acting).",
        "diisi lewat seleksi terbuka", "filled through open selection", "pengisian jabatan manajerial",
        "managerial fillings",
        sql="""SELECT 'assignment' AS ref_type, a.id AS ref_id,
                      p.name || ' - ' || e.name || ' (' || a.reason || ', TMT ' || a.tmt_start || ')' AS label,
                      p.unit_id, u.name AS unit_name, a.reason = 'selection_result' AS counted
               FROM assignments a JOIN positions p ON p.id = a.position_id JOIN employees e ON e.id = a.employee_id
               LEFT JOIN org_units u ON u.id = p.unit_id
               WHERE a.agency_id = :agency AND a.kind = 'definitive' AND a.is_managerial
                 AND a.tmt_start BETWEEN :year_start AND :year_end AND a.reason <> ALL(CAST(:not_a_fill AS text[]))"""),
    IndicatorDef(
        "overrides_with_reason", "c", "count",
        "Pengecualian yang dicatat pada tahun itu: penempatan di bawah pangkat minimum (alasan pangkat) dan usulan "
        "mutasi yang diputuskan di masa larangan (alasan blackout). Pembilang: yang alasannya tercatat. Pengecualian "
        "syarat lain tidak dicatat Merit.",
        "Overrides recorded in the year: placements below the minimum rank (rank reason) and personnel actions decided "
        "in a blackout window (blackout reason). Numerator: those whose reason is recorded. Other eligibility "
        "overrides are not recorded by Merit.",
        "pengecualian beralasan", "overrides with a reason",
        sql="""SELECT 'assignment' AS ref_type, a.id AS ref_id,
                      'pangkat/rank: ' || p.name || ' - ' || e.name || ': ' || a.rank_override_reason AS label,
                      p.unit_id, u.name AS unit_name, length(trim(a.rank_override_reason)) > 0 AS counted
               FROM assignments a JOIN positions p ON p.id = a.position_id JOIN employees e ON e.id = a.employee_id
               LEFT JOIN org_units u ON u.id = p.unit_id
               WHERE a.agency_id = :agency AND a.rank_override_reason IS NOT NULL
                 AND a.tmt_start BETWEEN :year_start AND :year_end
               UNION ALL
               SELECT 'personnel_action', x.id, 'blackout: ' || x.title || ': ' || x.blackout_override_reason,
                      NULL::uuid, NULL::text, length(trim(x.blackout_override_reason)) > 0
               FROM personnel_actions x
               WHERE x.agency_id = :agency AND x.blackout_override_reason IS NOT NULL
                 AND coalesce(x.decision_date, x.tmt) BETWEEN :year_start AND :year_end"""),
)}


def params_of(agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    return {**year_params(agency_id, year), "national": list(NATIONAL_CODES), "not_a_fill": list(NOT_A_FILL)}


async def indicator_set(session: AsyncSession, agency_id: uuid.UUID, year: int) -> IndicatorSetOut:
    params = params_of(agency_id, year)
    out = [await measure(session, d, SERVICE, params, f"{PATH}/{agency_id}/{d.code}/records?year={year}")
           for d in REGISTRY.values()]
    return IndicatorSetOut(agency_id=agency_id, year=year, service=SERVICE, computed_at=clock.utcnow(),
                           indicators=out)


async def indicator_records(session: AsyncSession, agency_id: uuid.UUID, d: IndicatorDef, year: int,
                            page: PageParams, sort: Sort, counted: bool | None,
                            unit_id: uuid.UUID | None) -> Page[RecordRefOut]:
    return await records(session, d, SERVICE, params_of(agency_id, year), page, sort, counted, unit_id)


_EMPLOYEES = sa.text("""
    SELECT DISTINCT ON (e.id) e.id, e.nip, e.name, p.unit_id, u.name AS unit_name
    FROM employees e
    JOIN assignments a ON a.employee_id = e.id AND a.kind = 'definitive'
     AND a.tmt_start <= :year_end AND (a.tmt_end IS NULL OR a.tmt_end >= :year_start)
    JOIN positions p ON p.id = a.position_id LEFT JOIN org_units u ON u.id = p.unit_id
    WHERE e.agency_id = :agency AND a.agency_id = :agency
    ORDER BY e.id, a.tmt_start DESC""")
_KEY_POSITIONS = sa.text(f"SELECT p.id, p.name, p.unit_id, u.name AS unit_name {_POSITIONS_IN_YEAR} AND p.is_managerial "
                         "ORDER BY p.id")


async def population(session: AsyncSession, agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    """Plain rows (a city has 10,000 people: no per-row model), serialised by the router with orjson."""
    params = year_params(agency_id, year)
    emps = (await session.execute(_EMPLOYEES, params)).all()
    keys = (await session.execute(_KEY_POSITIONS, params)).all()
    return {"agency_id": agency_id, "year": year,
            "employees": [{"id": i, "nip": n, "name": m, "unit_id": u, "unit_name": un} for i, n, m, u, un in emps],
            "key_positions": [{"id": i, "name": m, "unit_id": u, "unit_name": un} for i, m, u, un in keys]}
