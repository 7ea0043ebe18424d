"""Evaluation's merit-system indicators: one ``IndicatorDef`` each (merit_shared.indicators), set-based SQL.

The population (who worked in the agency that year, which positions are key) is the registry's: positions
reports it (``PositionsDirectory.population``) and it is bound to every query as arrays. Adding an indicator is
one entry in ``REGISTRY``; an indicator Merit does not measure yet stays listed, ``not_measured`` with the reason.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.directory import PositionsDirectory
from merit_evaluation.rules import MIN_JP_PER_YEAR, MINUTES_PER_JP
from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort
from merit_shared.indicators import IndicatorDef, IndicatorSetOut, RecordRefOut, measure, records, year_params

SERVICE = "evaluation"
PATH = "/api/v1/evaluation-indicators"

# The population, loaded once per request into temporary tables (dropped at commit) by ``load_population``.
_EMPLOYEES = "merit_pop_employees pop"
_KEY_POSITIONS = "merit_pop_key_positions kp"
_POP_TABLES = ("merit_pop_employees", "merit_pop_key_positions")

REGISTRY: dict[str, IndicatorDef] = {d.code: d for d in (
    IndicatorDef(
        "employees_with_final_rating", "e", "share",
        "Pegawai yang bekerja di instansi pada tahun itu dan punya predikat kinerja tahunan (final) tahun itu "
        "(PermenPANRB 6/2022).",
        "Employees working in the agency in the year who have a final annual performance rating for it "
        "(PermenPANRB 6/2022).",
        "pegawai dengan predikat tahunan", "employees with an annual rating", "pegawai tahun itu",
        "employees of the year",
        sql=f"""SELECT 'employee' AS ref_type, pop.id AS ref_id, pop.label, pop.unit_id, pop.unit_name,
                       r.employee_id IS NOT NULL AS counted
                FROM {_EMPLOYEES}
                LEFT JOIN (SELECT DISTINCT employee_id FROM annual_rating
                           WHERE agency_id = :agency AND year = :year) r ON r.employee_id = pop.id"""),
    IndicatorDef(
        "key_positions_with_ready_successor", "d", "share",
        "Jabatan manajerial (jabatan kunci) yang berlaku pada tahun itu dan punya rencana suksesi aktif, dibuat "
        "paling lambat akhir tahun, dengan sedikitnya satu kandidat siap sekarang (READY_NOW) dari manajemen talenta.",
        "Managerial (key) positions in force in the year with an active succession plan, made by the year's end, "
        "holding at least one candidate ready now (READY_NOW) from talent management.",
        "jabatan kunci dengan kandidat siap", "key positions with a ready candidate", "jabatan kunci",
        "key positions",
        sql=f"""SELECT 'position' AS ref_type, kp.id AS ref_id, kp.label, kp.unit_id, kp.unit_name,
                       EXISTS (SELECT 1 FROM succession_plan sp JOIN succession_candidate c ON c.plan_id = sp.id
                               WHERE sp.agency_id = :agency AND sp.position_id = kp.id AND sp.status = 'ACTIVE'
                                 AND (sp.created_at AT TIME ZONE :zone)::date <= :year_end
                                 AND c.readiness = 'READY_NOW') AS counted
                FROM {_KEY_POSITIONS}"""),
    IndicatorDef(
        "discipline_cases_recorded", "f", "count",
        "Hukuman disiplin yang diputus pada tahun itu (PP 94/2021). Pembilang: yang nomor keputusannya tercatat.",
        "Disciplinary penalties decided in the year (PP 94/2021). Numerator: those whose decree number is recorded.",
        "kasus dengan nomor keputusan", "cases with a decree number",
        sql=f"""SELECT 'discipline_record' AS ref_type, d.id AS ref_id,
                       coalesce(pop.label, d.employee_id::text) || ': ' || d.level || ' (' || d.decided_on || ')'
                         AS label, pop.unit_id, pop.unit_name,
                       d.decree_number IS NOT NULL AND length(trim(d.decree_number)) > 0 AS counted
                FROM discipline_record d LEFT JOIN {_EMPLOYEES} ON pop.id = d.employee_id
                WHERE d.agency_id = :agency AND d.decided_on BETWEEN :year_start AND :year_end"""),
    IndicatorDef(
        "employees_reaching_20_jp", "g", "share",
        "Pegawai tahun itu yang mengikuti pengembangan kompetensi sedikitnya 20 JP pada tahun itu (1 JP = 45 menit; "
        "kegiatan dihitung pada tahun mulainya).",
        "Employees of the year with at least 20 JP of competency development in it (1 JP = 45 minutes; an activity "
        "counts in the year it starts).",
        "pegawai >= 20 JP", "employees with >= 20 JP", "pegawai tahun itu", "employees of the year",
        sql=f"""SELECT 'employee' AS ref_type, pop.id AS ref_id, pop.label, pop.unit_id, pop.unit_name,
                       coalesce(d.minutes, 0) >= :min_minutes AS counted
                FROM {_EMPLOYEES}
                LEFT JOIN (SELECT employee_id, sum(minutes) AS minutes FROM development_record
                           WHERE agency_id = :agency AND started_on BETWEEN :year_start AND :year_end
                           GROUP BY employee_id) d ON d.employee_id = pop.id"""),
    IndicatorDef(
        "low_ratings_with_coaching_outcome", "e", "share",
        "Predikat kinerja tahunan rendah (Butuh Perbaikan, Kurang, Sangat Kurang) pada tahun itu yang rencana "
        "pembinaannya (tindak lanjut COACHING) sudah sampai hasil: selesai (membaik atau tidak) atau dieskalasi.",
        "Low annual ratings of the year (Butuh Perbaikan, Kurang, Sangat Kurang) whose coaching plan (a COACHING "
        "follow-up) reached an outcome: completed (improved or not) or escalated.",
        "predikat rendah dengan pembinaan selesai", "low ratings coached to an outcome", "predikat rendah",
        "low ratings",
        sql=f"""SELECT 'annual_rating' AS ref_type, r.id AS ref_id,
                       coalesce(pop.label, r.employee_id::text) || ': ' || r.predikat AS label,
                       pop.unit_id, pop.unit_name,
                       EXISTS (SELECT 1 FROM followup f WHERE f.agency_id = :agency AND f.source_kind = 'annual_rating'
                               AND f.source_id = r.id AND f.kind = 'COACHING'
                               AND f.state IN ('COMPLETED', 'ESCALATED')) AS counted
                FROM annual_rating r LEFT JOIN {_EMPLOYEES} ON pop.id = r.employee_id
                WHERE r.agency_id = :agency AND r.year = :year
                  AND r.predikat IN ('BUTUH_PERBAIKAN', 'KURANG', 'SANGAT_KURANG')"""),
    IndicatorDef(
        "employees_with_development_plan", "g", "share",
        "Pegawai tahun itu yang punya rencana pengembangan individu tahun itu yang disetujui atasan; setiap kegiatannya "
        "menjawab kesenjangan kompetensi pegawai itu (diperiksa saat kegiatan ditambahkan).",
        "Employees of the year with an individual development plan for it approved by their superior; each of its "
        "activities answers one of the person's competency gaps (checked when the activity is added).",
        "pegawai dengan rencana pengembangan disetujui", "employees with an approved development plan",
        "pegawai tahun itu", "employees of the year",
        sql=f"""SELECT 'employee' AS ref_type, pop.id AS ref_id, pop.label, pop.unit_id, pop.unit_name,
                       EXISTS (SELECT 1 FROM development_plan p WHERE p.agency_id = :agency AND p.employee_id = pop.id
                               AND p.year = :year AND p.state = 'APPROVED') AS counted
                FROM {_EMPLOYEES}"""),
    IndicatorDef(
        "employees_using_self_service", "i", "share",
        "Pegawai yang memakai layanan mandiri Merit pada tahun itu.",
        "Employees who used Merit's self-service in the year.",
        "pegawai pengguna layanan mandiri", "employees using self-service", "pegawai tahun itu",
        "employees of the year",
        reason_id="Merit belum mencatat siapa yang memakai layanan mandiri (bacaan pegawai atas rekamnya sendiri tidak "
                  "dicatat per orang).",
        reason_en="Merit does not record who uses self-service (an employee's reads of their own records are not "
                  "logged per person)."),
)}


def params_of(agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    return {**year_params(agency_id, year), "zone": clock.zone_of(agency_id).key,
            "min_minutes": int(MIN_JP_PER_YEAR * MINUTES_PER_JP)}


def _uuid(v: Any) -> uuid.UUID | None:
    return uuid.UUID(str(v)) if v else None


async def load_population(session: AsyncSession, pop: dict[str, Any]) -> None:
    """The registry's population into this transaction's temporary tables (COPY: a city's 10,000 people once,
    not bound again to every indicator's query)."""
    for table in _POP_TABLES:
        await session.execute(sa.text(f"CREATE TEMP TABLE IF NOT EXISTS {table} (id uuid PRIMARY KEY, unit_id uuid, "
                                      "label text, unit_name text) ON COMMIT DROP"))
        await session.execute(sa.text(f"TRUNCATE {table}"))
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(_POP_TABLES[0], records=[
        (_uuid(r["id"]), _uuid(r.get("unit_id")), f"{r.get('name')} ({r.get('nip')})", r.get("unit_name"))
        for r in pop.get("employees") or []])
    await raw.copy_records_to_table(_POP_TABLES[1], records=[
        (_uuid(r["id"]), _uuid(r.get("unit_id")), r.get("name"), r.get("unit_name"))
        for r in pop.get("key_positions") or []])
    await session.execute(sa.text(f"ANALYZE {_POP_TABLES[0]}"))
    await session.execute(sa.text(f"ANALYZE {_POP_TABLES[1]}"))


async def indicator_set(session: AsyncSession, directory: PositionsDirectory, agency_id: uuid.UUID,
                        year: int) -> IndicatorSetOut:
    await load_population(session, await directory.population(agency_id, year))
    params = params_of(agency_id, year)
    out = [await measure(session, d, SERVICE, params, f"{PATH}/{agency_id}/{d.code}/records?year={year}")
           for d in REGISTRY.values()]
    return IndicatorSetOut(agency_id=agency_id, year=year, service=SERVICE, computed_at=clock.utcnow(),
                           indicators=out)


async def indicator_records(session: AsyncSession, directory: PositionsDirectory, agency_id: uuid.UUID,
                            d: IndicatorDef, year: int, page: PageParams, sort: Sort, counted: bool | None,
                            unit_id: uuid.UUID | None) -> Page[RecordRefOut]:
    await load_population(session, await directory.population(agency_id, year))
    params = params_of(agency_id, year)
    return await records(session, d, SERVICE, params, page, sort, counted, unit_id)
