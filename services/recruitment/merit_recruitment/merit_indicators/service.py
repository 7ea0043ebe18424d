"""Recruitment's merit-system indicators: one ``IndicatorDef`` each (merit_shared.indicators), set-based SQL.

A selection counts for the year it reached APPOINTED; an appeal for the year it was submitted (the agency's
calendar day). Adding an indicator is one entry in ``REGISTRY``.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared import clock
from merit_shared.api import Page, PageParams, Sort
from merit_shared.indicators import IndicatorDef, IndicatorSetOut, RecordRefOut, measure, records, year_params

SERVICE = "recruitment"
PATH = "/api/v1/recruitment-indicators"
#: Days after an announcement's appeal window closes within which its appeals should be decided (LOW: no number
#: found in the regulation; the merit index policy sends the agency's own as ``appeal_answer_days``).
DEFAULT_APPEAL_ANSWER_DAYS = 3

REGISTRY: dict[str, IndicatorDef] = {d.code: d for d in (
    IndicatorDef(
        "selections_without_integrity_exceptions", "c", "share",
        "Seleksi terbuka yang selesai (sampai penetapan) pada tahun itu tanpa pengecualian integritas: tidak ada "
        "konflik kepentingan panitia yang dikonfirmasi atau belum diputus, dan tidak ada penilaian ulang karena "
        "sanggah.",
        "Open selections completed (to appointment) in the year without integrity exceptions: no committee conflict "
        "of interest confirmed or left undecided, and no re-score after an appeal.",
        "seleksi tanpa pengecualian", "selections without exceptions", "seleksi selesai", "selections completed",
        sql="""SELECT 'selection' AS ref_type, s.id AS ref_id,
                      s.title || ' (konflik/conflicts ' || coalesce(f.n, 0) || ', penilaian ulang/re-scores '
                        || coalesce(r.n, 0) || ')' AS label,
                      NULL::uuid AS unit_id, NULL::text AS unit_name,
                      coalesce(f.n, 0) = 0 AND coalesce(r.n, 0) = 0 AS counted
               FROM selections s
               JOIN LATERAL (SELECT min(e.at) AS at FROM selection_events e
                             WHERE e.selection_id = s.id AND e.to_status = 'APPOINTED') done ON done.at IS NOT NULL
               LEFT JOIN LATERAL (SELECT count(*) AS n FROM conflict_flags c
                                  WHERE c.selection_id = s.id AND c.status IN ('CONFIRMED', 'OPEN')) f ON true
               LEFT JOIN LATERAL (SELECT count(*) AS n FROM rescores x WHERE x.selection_id = s.id) r ON true
               WHERE s.agency_id = :agency
                 AND (done.at AT TIME ZONE :zone)::date BETWEEN :year_start AND :year_end"""),
    IndicatorDef(
        "appeals_decided_in_time", "c", "share",
        "Sanggah yang diajukan pada tahun itu dan diputus paling lambat appeal_answer_days hari setelah masa "
        "sanggahnya berakhir (kebijakan instansi).",
        "Appeals submitted in the year and decided at most appeal_answer_days days after their appeal window closed "
        "(agency policy).",
        "sanggah diputus tepat waktu", "appeals decided in time", "sanggah diajukan", "appeals submitted",
        sql="""SELECT 'appeal' AS ref_type, a.id AS ref_id,
                      s.title || ': ' || a.status || coalesce(' ' || to_char(a.decided_at AT TIME ZONE :zone,
                                                                             'YYYY-MM-DD'), '') AS label,
                      NULL::uuid AS unit_id, NULL::text AS unit_name,
                      a.decided_at IS NOT NULL
                        AND a.decided_at <= coalesce(n.appeal_deadline, a.submitted_at)
                                            + make_interval(days => CAST(:answer_days AS int)) AS counted
               FROM appeals a JOIN announcements n ON n.id = a.announcement_id JOIN selections s ON s.id = a.selection_id
               WHERE a.agency_id = :agency
                 AND (a.submitted_at AT TIME ZONE :zone)::date BETWEEN :year_start AND :year_end"""),
)}


def params_of(agency_id: uuid.UUID, year: int, answer_days: int) -> dict[str, Any]:
    return {**year_params(agency_id, year), "zone": clock.zone_of(agency_id).key, "answer_days": answer_days}


async def indicator_set(session: AsyncSession, agency_id: uuid.UUID, year: int, answer_days: int) -> IndicatorSetOut:
    params = params_of(agency_id, year, answer_days)
    out = [await measure(session, d, SERVICE, params,
                         f"{PATH}/{agency_id}/{d.code}/records?year={year}&appeal_answer_days={answer_days}")
           for d in REGISTRY.values()]
    return IndicatorSetOut(agency_id=agency_id, year=year, service=SERVICE, computed_at=clock.utcnow(),
                           indicators=out)


async def indicator_records(session: AsyncSession, agency_id: uuid.UUID, d: IndicatorDef, year: int,
                            answer_days: int, page: PageParams, sort: Sort,
                            counted: bool | None) -> Page[RecordRefOut]:
    return await records(session, d, SERVICE, params_of(agency_id, year, answer_days), page, sort, counted)
