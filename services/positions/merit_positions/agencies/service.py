"""Agencies and their policy: the MED/LOW rule values in force for one agency."""

from __future__ import annotations

import uuid
from dataclasses import fields, replace
from datetime import date
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.agencies.errors import AGENCY_CODE_TAKEN, AGENCY_EXISTS, BLACKOUT_WINDOW_REVERSED, PROMOTION_PERIOD_FORMAT
from merit_positions.agencies.models import Agency, AgencyPolicy
from merit_positions.agencies.schemas import AgencyCreate, AgencyUpdate, PolicyIn
from merit_positions.common.changes import snapshot
from merit_positions.common.models import audit_log
from merit_positions.rules import DEFAULT_POLICY, Jenjang, NeedRounding, PositionsPolicy, parse_rank
from merit_positions.rules.errors import JENJANG_INVALID, JOB_KIND_INVALID
from merit_shared import clock
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import jsonable, record
from merit_shared.auth import Principal
from merit_shared.clock import utcnow
from merit_shared.concurrency import bump_version
from merit_shared.errors import NotFound
from merit_shared.vocab import JobKind


async def get_agency(session: AsyncSession, agency_id: uuid.UUID) -> Agency:
    agency = await session.get(Agency, agency_id)
    if agency is None:
        raise NotFound("Instansi", agency_id)
    return agency


async def require_agency_exists(session: AsyncSession, agency_id: uuid.UUID) -> None:
    found = await session.scalar(sa.select(Agency.id).where(Agency.id == agency_id))
    if found is None:
        raise NotFound("Instansi", agency_id, field="agency_id")


async def create_agency(session: AsyncSession, principal: Principal, body: AgencyCreate) -> Agency:
    if await session.scalar(sa.select(Agency.id).where(Agency.code == body.code)):
        raise AGENCY_CODE_TAKEN.error()
    agency_id = body.id or uuid.uuid4()
    if await session.get(Agency, agency_id):
        raise AGENCY_EXISTS.error()
    agency = Agency(id=agency_id, **body.model_dump(exclude={"id"}))
    session.add(agency)
    session.add(AgencyPolicy(agency_id=agency_id, blackout_windows=[], overrides={}))
    await session.flush()
    clock.remember_zone(agency_id, agency.time_zone)
    await record(session, audit_log, principal, action="agency.create", entity="agency", entity_id=agency_id,
                 before=None, after=snapshot(agency), agency_id=agency_id)
    return agency


async def update_agency(session: AsyncSession, principal: Principal, agency: Agency, body: AgencyUpdate) -> Agency:
    before = snapshot(agency)
    for k, v in body.model_dump(exclude_unset=True).items():
        setattr(agency, k, v)
    bump_version(agency)
    agency.updated_at = utcnow()
    await session.flush()
    await session.refresh(agency)
    clock.remember_zone(agency.id, agency.time_zone)
    await record(session, audit_log, principal, action="agency.update", entity="agency", entity_id=agency.id,
                 before=before, after=snapshot(agency), agency_id=agency.id)
    return agency


def build_policy(blackouts: list[dict[str, Any]], overrides: dict[str, Any]) -> PositionsPolicy:
    """Defaults with the agency's overrides; the rules' policy validates the combination."""
    changes: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key == "bup_by_kind":
            changes[key] = {**DEFAULT_POLICY.bup_by_kind, **{_kind(k): v for k, v in value.items()}}
        elif key == "bup_by_jenjang":
            changes[key] = {**DEFAULT_POLICY.bup_by_jenjang, **{_jenjang(k): v for k, v in value.items()}}
        elif key == "managerial_min_rank":
            changes[key] = {**DEFAULT_POLICY.managerial_min_rank,
                            **{_kind(k): parse_rank(v, field=f"body.overrides.managerial_min_rank.{k}")
                               for k, v in value.items()}}
        elif key == "kp_ceiling_by_education":
            changes[key] = {**DEFAULT_POLICY.kp_ceiling_by_education,
                            **{k: parse_rank(v, field=f"body.overrides.kp_ceiling_by_education.{k}")
                               for k, v in value.items()}}
        elif key == "kp_periods":
            changes[key] = tuple(_month_day(v) for v in value)
        elif key == "public_placement_reasons":
            changes[key] = tuple(value)
        elif key == "need_rounding":
            changes[key] = NeedRounding(value)
        elif key in ("jpm_min_percent", "jpm_optimal_percent", "effective_minutes_per_year"):
            changes[key] = Decimal(str(value))
        else:
            changes[key] = value
    windows = tuple((_d(w["start"]), _d(w["end"])) for w in blackouts or [])
    return replace(DEFAULT_POLICY, blackout_windows=windows, **changes)


def _month_day(v: Any) -> tuple[int, int]:
    month, _, day = str(v).partition("-")
    try:
        return int(month), int(day)
    except ValueError:
        raise PROMOTION_PERIOD_FORMAT.error(field="body.overrides.kp_periods", v=v) from None


def _d(v: Any) -> date:
    return v if isinstance(v, date) else date.fromisoformat(str(v))


def _kind(k: str) -> JobKind:
    try:
        return JobKind(k)
    except ValueError:
        raise JOB_KIND_INVALID.error(field="body.overrides", join=', '.join(j.value for j in JobKind), k=k) from None


def _jenjang(k: str) -> Jenjang:
    try:
        return Jenjang(k)
    except ValueError:
        raise JENJANG_INVALID.error(field="body.overrides", join=', '.join(j.value for j in Jenjang), k=k) from None


def describe_policy(policy: PositionsPolicy) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(policy):
        v = getattr(policy, f.name)
        if f.name == "ej_bands":
            v = [{"grade": b.grade, "lower": b.lower, "lower_inclusive": b.lower_inclusive} for b in v]
        elif hasattr(v, "items"):
            v = {str(getattr(k, "value", k)): str(x) if not isinstance(x, int | tuple) else
                 ([str(y) for y in x] if isinstance(x, tuple) else x) for k, x in v.items()}
        out[f.name] = v
    return jsonable(out)


async def ensure_policy_row(session: AsyncSession, agency_id: uuid.UUID) -> None:
    """Create the agency's (empty) policy row if missing; concurrent first writers create it once."""
    await require_agency_exists(session, agency_id)
    await session.execute(pg_insert(AgencyPolicy).values(agency_id=agency_id, blackout_windows=[], overrides={},
                                                         version=1).on_conflict_do_nothing())


async def policy_row(session: AsyncSession, agency_id: uuid.UUID) -> AgencyPolicy:
    row = await session.get(AgencyPolicy, agency_id)
    if row is None:
        await require_agency_exists(session, agency_id)
        row = AgencyPolicy(agency_id=agency_id, blackout_windows=[], overrides={}, version=1)
        session.add(row)
        await session.flush()
    return row


async def load_policy(session: AsyncSession, agency_id: uuid.UUID) -> PositionsPolicy:
    row = await session.get(AgencyPolicy, agency_id)
    if row is None:
        return DEFAULT_POLICY
    return build_policy(row.blackout_windows, row.overrides)


async def set_policy(session: AsyncSession, principal: Principal, row: AgencyPolicy, body: PolicyIn) -> AgencyPolicy:
    windows = [w.model_dump(mode="json") for w in body.blackout_windows]
    for i, w in enumerate(body.blackout_windows):
        if w.end < w.start:
            raise BLACKOUT_WINDOW_REVERSED.error(field=f"body.blackout_windows.{i}.end")
    overrides = body.overrides.model_dump(mode="json", exclude_none=True)
    before = {"blackout_windows": row.blackout_windows, "overrides": row.overrides}
    policy = build_policy(windows, overrides)
    row.blackout_windows = windows
    row.overrides = overrides
    await sync_default_bups(session, row.agency_id, policy)
    bump_version(row)
    row.updated_at = utcnow()
    await session.flush()
    await session.refresh(row)
    await record(session, audit_log, principal, action="agency.policy.update", entity="agency_policy",
                 entity_id=row.agency_id, before=before,
                 after={"blackout_windows": windows, "overrides": overrides}, agency_id=row.agency_id)
    return row


async def sync_default_bups(session: AsyncSession, agency_id: uuid.UUID, policy: PositionsPolicy) -> None:
    """Jobs whose BUP came from the policy follow a policy change (explicit per-job BUPs are kept).

    The employee record and the retirement forecast both read ``jobs.bup``, so they stay consistent.
    """
    by_kind = {k.value: v for k, v in policy.bup_by_kind.items()}
    by_jenjang = {j.value: v for j, v in policy.bup_by_jenjang.items()}
    await session.execute(sa.text("""
        UPDATE jobs SET bup = coalesce((CAST(:bj AS jsonb) ->> jenjang)::int, (CAST(:bk AS jsonb) ->> kind)::int, bup),
                        version = version + 1, updated_at = now()
        WHERE agency_id = :a AND bup_is_default
          AND bup IS DISTINCT FROM coalesce((CAST(:bj AS jsonb) ->> jenjang)::int, (CAST(:bk AS jsonb) ->> kind)::int, bup)
        """), {"a": agency_id, "bj": orjson.dumps(by_jenjang).decode(), "bk": orjson.dumps(by_kind).decode()})


AGENCY_SORT = {"code": Agency.code, "name": Agency.name, "created_at": Agency.created_at}


async def list_agencies(session: AsyncSession, principal: Principal, limit: int,
                        offset: int, *, sort: Sort) -> tuple[int | None, list[Agency]]:
    """(total, one page by code) of the agencies the caller sees: the operator every one, others their own."""
    q = sa.select(Agency)
    if not principal.is_service:
        q = q.where(Agency.id == uuid.UUID(principal.agency_id)) if principal.agency_id else q.where(sa.false())
    total = await session.scalar(sa.select(sa.func.count()).select_from(q.subquery()))
    rows = (await session.scalars(apply_sort(q, sort, Agency.id).limit(limit).offset(offset))).all()
    return total, list(rows)
