"""Merit-system indicators measured from a service's own records: one registry shape, one wire format.

Each service keeps a registry of ``IndicatorDef`` (its code, definition and ONE SQL query over its own tables).
The query returns one row per record of the indicator's population, with the columns

    ref_type, ref_id, label, unit_id, unit_name, counted

(``counted``: the record is in the numerator). The figures, the per-unit breakdown and the drill-down are all
read from that same query (``measure``, ``records``), so a value can never disagree with the records shown behind
it. A ``share`` indicator is numerator / denominator; a ``count`` indicator reports how many records there are
(``numerator`` = those counted, e.g. overrides that carry a reason). Adding an indicator is one entry in a
service's registry. The mapping onto the KASN aspects, levels and score is evaluation's (``merit_index``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.api import Page, PageParams, Sort

Kind = Literal["share", "count"]
#: The indicators of the merit system, PP 11/2017 Pasal 134 ayat (2) letters (a)-(i).
PRINCIPLES = ("a", "b", "c", "d", "e", "f", "g", "h", "i")
RECORD_COLUMNS = "ref_type, ref_id, label, unit_id, unit_name, counted"


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator: what it measures (in Indonesian and English) and the SQL of its population.

    ``sql`` is a SELECT of ``RECORD_COLUMNS`` taking the bind parameters the service passes (always ``:agency``,
    ``:year``, ``:year_start`` and ``:year_end``; more when the service adds them). ``None`` = not measured
    (``reason_*`` says why).
    """

    code: str
    principle: str
    kind: Kind
    definition_id: str
    definition_en: str
    numerator_id: str
    numerator_en: str
    denominator_id: str | None = None
    denominator_en: str | None = None
    sql: str | None = None
    reason_id: str | None = None
    reason_en: str | None = None


class UnitFigure(BaseModel):
    unit_id: uuid.UUID
    unit_name: str | None = None
    numerator: int
    denominator: int
    value: Decimal | None


class IndicatorOut(BaseModel):
    code: str = Field(examples=["jobs_with_competency_standard"])
    service: str = Field(examples=["positions"], description="The service whose records measure it.")
    principle: str = Field(examples=["a"], description="PP 11/2017 Pasal 134 ayat (2) letter.")
    kind: Kind = Field(description="`share` = numerator / denominator (0-1); `count` = how many records.")
    status: Literal["measured", "not_measured"]
    definition_id: str
    definition_en: str
    numerator_label_id: str
    numerator_label_en: str
    denominator_label_id: str | None = None
    denominator_label_en: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    value: Decimal | None = Field(None, description="share: numerator / denominator, 4 decimals (null when the "
                                                    "denominator is 0); count: the number of records.")
    reason_id: str | None = Field(None, description="Why it is not measured (status not_measured).")
    reason_en: str | None = None
    units: list[UnitFigure] = Field(default_factory=list, description="Per unit, where the records have one.")
    records_path: str | None = Field(None, description="The drill-down route listing the records behind it.")


class IndicatorSetOut(BaseModel):
    agency_id: uuid.UUID
    year: int
    service: str
    computed_at: datetime
    indicators: list[IndicatorOut]


class RecordRefOut(BaseModel):
    service: str = Field(examples=["positions"])
    type: str = Field(examples=["job"])
    id: str = Field(examples=["6f1c0f0e-8a53-4b8e-9d7e-2b0c5d9f1a11"])
    label: str | None = Field(None, examples=["Analis Kepegawaian Ahli Muda"])
    unit_id: uuid.UUID | None = None
    unit_name: str | None = None
    counted: bool = Field(description="The record is in the numerator.")


#: The drill-down's sort fields (columns of the indicator's query).
RECORD_SORT = {"label": "label", "counted": "counted", "unit_name": "unit_name", "type": "ref_type"}


def share(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator to 4 decimals (half up); None when nothing is to be measured."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def value_of(kind: Kind, numerator: int, denominator: int) -> Decimal | None:
    return share(numerator, denominator) if kind == "share" else Decimal(denominator)


def not_measured(d: IndicatorDef, service: str) -> IndicatorOut:
    return IndicatorOut(code=d.code, service=service, principle=d.principle, kind=d.kind, status="not_measured",
                        definition_id=d.definition_id, definition_en=d.definition_en,
                        numerator_label_id=d.numerator_id, numerator_label_en=d.numerator_en,
                        denominator_label_id=d.denominator_id, denominator_label_en=d.denominator_en,
                        reason_id=d.reason_id, reason_en=d.reason_en)


async def measure(session: AsyncSession, d: IndicatorDef, service: str, params: dict[str, Any],
                  records_path: str) -> IndicatorOut:
    """The indicator's figures and per-unit breakdown: one grouped pass over its population query."""
    if d.sql is None:
        return not_measured(d, service)
    rows = (await session.execute(sa.text(
        f"SELECT unit_id, max(unit_name) AS unit_name, count(*) AS n, count(*) FILTER (WHERE counted) AS k "
        f"FROM ({d.sql}) q GROUP BY unit_id"), params)).all()
    den = sum(r.n for r in rows)
    num = sum(r.k for r in rows)
    units = sorted((UnitFigure(unit_id=r.unit_id, unit_name=r.unit_name, numerator=r.k, denominator=r.n,
                               value=value_of(d.kind, r.k, r.n)) for r in rows if r.unit_id is not None),
                   key=lambda u: (u.unit_name or "", str(u.unit_id)))
    return IndicatorOut(code=d.code, service=service, principle=d.principle, kind=d.kind, status="measured",
                        definition_id=d.definition_id, definition_en=d.definition_en,
                        numerator_label_id=d.numerator_id, numerator_label_en=d.numerator_en,
                        denominator_label_id=d.denominator_id, denominator_label_en=d.denominator_en,
                        numerator=num, denominator=den, value=value_of(d.kind, num, den), units=units,
                        records_path=records_path)


async def records(session: AsyncSession, d: IndicatorDef, service: str, params: dict[str, Any], page: PageParams,
                  sort: Sort, counted: bool | None = None, unit_id: uuid.UUID | None = None) -> Page[RecordRefOut]:
    """A page of the records behind the indicator (all of its population; ``counted`` narrows to the numerator
    or to the rest, ``unit_id`` to one unit)."""
    if d.sql is None:
        return Page(items=[], total=0, limit=page.limit, offset=page.offset)
    where = []
    binds = dict(params)
    if counted is not None:
        where.append("counted = :counted")
        binds["counted"] = counted
    if unit_id is not None:
        where.append("unit_id = :unit_id")
        binds["unit_id"] = unit_id
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    total = int((await session.execute(sa.text(f"SELECT count(*) FROM ({d.sql}) q {cond}"), binds)).scalar_one())
    binds.update(limit=page.limit, offset=page.offset)
    rows = (await session.execute(sa.text(
        f"SELECT {RECORD_COLUMNS} FROM ({d.sql}) q {cond} ORDER BY {sort.sql('ref_id')} "
        f"LIMIT :limit OFFSET :offset"), binds)).all()
    items = [RecordRefOut(service=service, type=r.ref_type, id=str(r.ref_id), label=r.label, unit_id=r.unit_id,
                          unit_name=r.unit_name, counted=bool(r.counted)) for r in rows]
    return Page(items=items, total=total, limit=page.limit, offset=page.offset)


def year_params(agency_id: uuid.UUID, year: int) -> dict[str, Any]:
    """The bind parameters every indicator query takes: the agency and the calendar year (dates, inclusive)."""
    from datetime import date

    return {"agency": agency_id, "year": year, "year_start": date(year, 1, 1), "year_end": date(year, 12, 31)}


def report_year(year: int | None, agency_id: uuid.UUID) -> int:
    """The year asked for, or by default the last complete one in the agency's calendar (the year a report is due)."""
    from merit_shared import clock

    return year if year is not None else clock.today(agency_id).year - 1
