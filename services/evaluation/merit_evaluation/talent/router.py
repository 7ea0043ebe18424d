"""Routes: /api/v1/talent-cycles (placement, pool) and /api/v1/succession-plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from merit_evaluation.common.access import Access, require_agency_admin, same_agency
from merit_evaluation.common.models import audit_log
from merit_evaluation.directory import directory_of
from merit_evaluation.policies.service import get_policy
from merit_evaluation.rules import SuccessionReadiness, TalentPolicy
from merit_evaluation.talent.inputs import PotentialInputsPolicy
from merit_evaluation.talent.models import SuccessionCandidate, SuccessionPlan, TalentCycle, TalentPlacement
from merit_evaluation.talent.service import place_people
from merit_shared import audit
from merit_shared.api import OutModel, Page, PageParams, StrictModel, page_params
from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal
from merit_shared.errors import Conflict, Forbidden, Invalid, NotFound
from merit_shared.idempotency import Idempotency
from merit_shared.problems import problem_responses

router = APIRouter()
ERR = problem_responses(401, 403, 404, 409, 422, 503)


class CycleIn(StrictModel):
    name: str = Field(min_length=1, max_length=200, examples=["Talenta 2026"])
    year: int = Field(ge=2000, le=2100, examples=[2026])
    as_of: date = Field(examples=["2026-01-31"])
    unit_id: uuid.UUID | None = Field(None, description="Scope; default the whole agency.")


class CycleOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    name: str
    year: int
    as_of: date
    unit_id: uuid.UUID | None
    policy: dict[str, Any] = Field(description="Axis composition and thresholds used (agency policy at creation).")
    potential_inputs: dict[str, Any] | None = Field(description="Rules for TRACK_RECORD / OTHER when not supplied "
                                                    "(agency policy `talent_inputs` at creation).")
    status: str
    created_at: datetime


class PlaceIn(StrictModel):
    employee_ids: list[uuid.UUID] | None = Field(None, description="Default: everyone in the cycle's scope.")
    inputs: dict[uuid.UUID, dict[PotentialComponent, Annotated[Decimal, Field(ge=0, le=100)]]] = Field(
        default_factory=dict, description="Optional TRACK_RECORD / OTHER components (0–100) per employee; the JPM "
        "component always comes from the recorded JPM.", examples=[{"3f0c…": {"TRACK_RECORD": "85"}}])


class PotentialComponent(StrEnum):
    TRACK_RECORD = "TRACK_RECORD"
    OTHER = "OTHER"


class PlacementOut(OutModel):
    employee_id: uuid.UUID
    unit_id: uuid.UUID | None
    box: int
    potential_level: str
    performance_level: str
    potential_score: Decimal
    components: dict[str, Any]
    performance_predikats: list[str] | None
    actions: list[dict[str, str]]
    thresholds: dict[str, Any]
    in_pool: bool
    pool_status: dict[str, Any]
    potential_inputs: dict[str, Any] | None = Field(None, description="The input rules this placement used.")
    as_of: date


class PlaceResult(BaseModel):
    placed: int = Field(examples=[118])
    skipped: list[dict[str, str]] = Field(description="People not placed and why (predikat_missing, jpm_missing).",
                                          examples=[[{"employee_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                                                      "reason": "jpm_missing"}]])
    by_box: dict[str, int] = Field(examples=[{"1": 0, "5": 40, "9": 6}])
    in_pool: int = Field(examples=[11])


class CandidateOut(BaseModel):
    employee_id: uuid.UUID
    readiness: str = Field(examples=["READY_NOW"])
    rank: int = Field(examples=[1])
    box: int | None = Field(examples=[9])
    note: str | None


class SuccessionOut(BaseModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    position_id: uuid.UUID
    position: dict[str, Any] = Field(description="Snapshot of the position from positions.")
    talent_cycle_id: uuid.UUID | None
    status: str = Field(examples=["ACTIVE"])
    candidates: list[CandidateOut]


class SuccessionIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "position_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "talent_cycle_id": None}]})

    position_id: uuid.UUID
    talent_cycle_id: uuid.UUID | None = Field(None, description="Candidates must be in this cycle's talent pool.")


class CandidateIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True,
                              json_schema_extra={"examples": [{
                                  "employee_id": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "readiness": "READY_1_2_YEARS",
                                  "rank": 2, "note": "Perlu diklat kepemimpinan"}]})

    employee_id: uuid.UUID
    readiness: SuccessionReadiness
    rank: int | None = Field(None, ge=1, description="Default: after the last candidate.")
    note: str | None = Field(None, max_length=2000)


def _agency(p: Principal) -> uuid.UUID:
    return uuid.UUID(p.agency_id) if p.agency_id else uuid.UUID(int=0)


def _reader(p: Principal) -> None:
    if not (p.is_service or p.has(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK)):
        raise Forbidden("Data talenta dibaca admin instansi/unit atau PPK.",
                        "Talent data is read by agency/unit admins or the PPK.")


async def _cycle(session: Session, p: Principal, cycle_id: uuid.UUID) -> TalentCycle:
    c = await session.get(TalentCycle, cycle_id)
    if c is None or not same_agency(p, c.agency_id):
        raise NotFound("Siklus talenta", cycle_id)
    return c


@router.post("/api/v1/talent-cycles", tags=["talent-cycles"], status_code=201, summary="Open a talent cycle "
             "(agency admin); the agency's talent policy is stored with it", response_model=CycleOut, responses=ERR,
             description=("Copies the agency's talent policy (axes, thresholds) and potential-input rules onto the cycle, so "
                          "later policy changes do not alter it. `as_of` lies within `year`; `unit_id`, when given, must exist "
                          "(positions)."))
async def create_cycle(body: CycleIn, request: Request, session: Session, idem: Idempotency,
                       principal: Principal = Depends(current_principal)) -> Any:
    if (stored := await idem.replay(session)) is not None:
        return stored
    require_agency_admin(principal)
    agency = _agency(principal)
    if body.as_of.year != body.year:
        raise Invalid("as_of_outside_year", f"as_of harus tanggal dalam tahun {body.year}.",
                      f"as_of must be a date within {body.year}.", field="body.as_of")
    if body.unit_id is not None:
        try:
            await directory_of(request).unit(agency, body.unit_id)
        except NotFound:
            raise NotFound("Unit organisasi", body.unit_id, field="body.unit_id") from None
    if (await session.execute(select(TalentCycle.id).where(TalentCycle.agency_id == agency,
                                                           TalentCycle.name == body.name))).first():
        raise Conflict("cycle_exists", "Nama siklus talenta sudah dipakai.", "The talent cycle name is taken.")
    policy = await get_policy(session, agency)
    c = TalentCycle(id=uuid.uuid4(), agency_id=agency, name=body.name, year=body.year, as_of=body.as_of,
                    unit_id=body.unit_id, policy=policy.talent.to_dict(),
                    potential_inputs=policy.talent_inputs.to_dict(), created_by=principal.subject)
    session.add(c)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:  # a concurrent cycle with the same name won the unique index
        raise Conflict("cycle_exists", "Nama siklus talenta sudah dipakai.", "The talent cycle name is taken.") from None
    await audit.record(session, audit_log, principal, action="talent_cycle.create", entity="talent_cycle",
                       entity_id=c.id, agency_id=agency, before=None,
                       after={"policy": c.policy, "potential_inputs": c.potential_inputs})
    return await idem.respond(session, 201, c)


@router.get("/api/v1/talent-cycles", tags=["talent-cycles"], summary="List talent cycles",
            response_model=list[CycleOut], responses=ERR)
async def list_cycles(session: Session, principal: Principal = Depends(current_principal)) -> Any:
    _reader(principal)
    return (await session.execute(select(TalentCycle).where(TalentCycle.agency_id == _agency(principal))
                                  .order_by(TalentCycle.as_of.desc()))).scalars().all()


@router.get("/api/v1/talent-cycles/{cycle_id}", tags=["talent-cycles"], summary="One talent cycle",
            response_model=CycleOut, responses=ERR)
async def read_cycle(cycle_id: uuid.UUID, session: Session, principal: Principal = Depends(current_principal)) -> Any:
    _reader(principal)
    return await _cycle(session, principal, cycle_id)


@router.post("/api/v1/talent-cycles/{cycle_id}/place", tags=["talent-cycles"], summary="Place everyone in scope "
             "(or the given employees) in the nine-box; re-placing replaces (agency admin)",
             response_model=PlaceResult, responses=ERR,
             description="Kinerja: the annual predikat of the policy's performance years before `as_of`; "
                         "potensial: weighted JPM / TRACK_RECORD / OTHER. TRACK_RECORD and OTHER not given in "
                         "`inputs` are derived by the input rules stored on the cycle (agency policy "
                         "`talent_inputs` when the cycle was opened), and each placement keeps them. People "
                         "without the predikat years or a valid JPM are listed in `skipped`.")
async def place(cycle_id: uuid.UUID, body: PlaceIn, request: Request, session: Session,
                principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    require_agency_admin(principal)
    c = await _cycle(session, principal, cycle_id)
    if c.status != "OPEN":
        raise Conflict("cycle_closed", "Siklus talenta sudah ditutup.", "The talent cycle is closed.")
    access = Access(principal, directory_of(request))
    if body.employee_ids:
        people = []
        for e in body.employee_ids:
            emp = await access.employee(e, "body.employee_ids")
            people.append((emp.id, emp.unit_id))
    else:
        people = [(e.id, e.unit_id) for e in await access.directory.unit_employees(c.agency_id, c.unit_id)
                  if e.agency_id == c.agency_id]
    stray = set(body.inputs) - {p[0] for p in people}
    if stray:
        raise Invalid("inputs_outside_scope", "inputs berisi pegawai yang tidak ditempatkan dalam permintaan ini: "
                      f"{', '.join(sorted(map(str, stray)))}; hapus atau sertakan mereka.", "inputs names employees "
                      f"who are not placed by this request: {', '.join(sorted(map(str, stray)))}; remove or include "
                      "them.", field="body.inputs")
    result = await place_people(session, c.id, c.agency_id, c.as_of, TalentPolicy.from_dict(c.policy), people,
                                body.inputs, PotentialInputsPolicy.from_dict(c.potential_inputs))
    await audit.record(session, audit_log, principal, action="talent_cycle.place", entity="talent_cycle",
                       entity_id=c.id, agency_id=c.agency_id, before=None,
                       after={k: v for k, v in result.items() if k != "skipped"})
    return result


@router.get("/api/v1/talent-cycles/{cycle_id}/placements", tags=["talent-cycles"], summary="Placements with "
            "recommended actions (filter by box or pool)", response_model=Page[PlacementOut], responses=ERR)
async def placements(cycle_id: uuid.UUID, request: Request, session: Session,
                     page: PageParams = Depends(page_params),
                     box: Annotated[int | None, Query(ge=1, le=9, description="Nine-box cell 1–9.")] = None,
                     in_pool: bool | None = None, unit_id: uuid.UUID | None = None,
                     principal: Principal = Depends(current_principal)) -> Page[PlacementOut]:
    _reader(principal)
    c = await _cycle(session, principal, cycle_id)
    q = select(TalentPlacement).where(TalentPlacement.cycle_id == c.id)
    if not (principal.is_service or principal.has(Role.AGENCY_ADMIN, Role.PPK)):
        units = await Access(principal, directory_of(request)).admin_units() or set()
        q = q.where(TalentPlacement.unit_id.in_(units))  # the unit admin's whole subtree
    if box:
        q = q.where(TalentPlacement.box == box)
    if in_pool is not None:
        q = q.where(TalentPlacement.in_pool == in_pool)
    if unit_id:
        q = q.where(TalentPlacement.unit_id == unit_id)
    total = (await session.execute(select(func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(q.order_by(TalentPlacement.box.desc(), TalentPlacement.potential_score.desc())
                                  .limit(page.limit).offset(page.offset))).scalars().all()
    return Page(items=[PlacementOut.model_validate(r) for r in rows], total=total, limit=page.limit,
                offset=page.offset)


async def _plan(session: Session, p: Principal, plan_id: uuid.UUID) -> SuccessionPlan:
    sp = await session.get(SuccessionPlan, plan_id)
    if sp is None or not same_agency(p, sp.agency_id):
        raise NotFound("Rencana suksesi", plan_id)
    return sp


def _plan_unit(sp: SuccessionPlan) -> uuid.UUID | None:
    unit = (sp.position or {}).get("unit_id")
    try:
        return uuid.UUID(str(unit)) if unit else None
    except ValueError:
        return None


async def _visible_plan(access: Access, sp: SuccessionPlan) -> bool:
    """A unit admin sees only plans for positions of their unit subtree (the same rule as talent placements)."""
    units = await access.admin_units()
    return units is None or (_plan_unit(sp) in units)


async def _plan_doc(session: Session, sp: SuccessionPlan, access: Access | None = None) -> dict[str, Any]:
    cands = list((await session.execute(select(SuccessionCandidate).where(SuccessionCandidate.plan_id == sp.id)
                                        .order_by(SuccessionCandidate.rank))).scalars().all())
    units = await access.admin_units() if access is not None else None
    if units is not None:
        # A unit admin sees the candidates who work in their subtree; the others are personal data of another
        # unit's people and stay hidden from them.
        seen = []
        for c in cands:
            try:
                emp = await access.employee(c.employee_id)  # type: ignore[union-attr]
            except NotFound:
                continue
            if emp.unit_id is not None and emp.unit_id in units:
                seen.append(c)
        cands = seen
    return {"id": str(sp.id), "agency_id": str(sp.agency_id), "position_id": str(sp.position_id),
            "position": sp.position, "talent_cycle_id": str(sp.talent_cycle_id) if sp.talent_cycle_id else None,
            "status": sp.status, "candidates": [
                {"employee_id": str(c.employee_id), "readiness": c.readiness, "rank": c.rank, "box": c.box,
                 "note": c.note} for c in cands]}


@router.post("/api/v1/succession-plans", tags=["succession-plans"], status_code=201, summary="Open a succession "
             "plan for a key position (agency admin)", response_model=SuccessionOut, responses=ERR,
             description="One active plan per position (409). With `talent_cycle_id`, candidates must be in "
                         "that cycle's talent pool.")
async def create_succession(body: SuccessionIn, request: Request, session: Session, idem: Idempotency,
                            principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    require_agency_admin(principal)
    agency = _agency(principal)
    if body.talent_cycle_id:
        try:
            await _cycle(session, principal, body.talent_cycle_id)
        except NotFound as exc:
            exc.field = "body.talent_cycle_id"
            raise
    try:
        pos = await directory_of(request).position(body.position_id)
        if pos.get("agency_id") and not same_agency(principal, pos["agency_id"]):
            raise NotFound("Jabatan", body.position_id)
    except NotFound as exc:
        exc.field = "body.position_id"
        raise
    snap = {k: pos.get(k) for k in ("id", "name", "unit_id", "job") if k in pos}
    sp = SuccessionPlan(id=uuid.uuid4(), agency_id=agency, position_id=body.position_id, position=snap,
                        talent_cycle_id=body.talent_cycle_id, created_by=principal.subject)
    session.add(sp)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("succession_plan_exists", "Jabatan ini sudah memiliki rencana suksesi aktif.",
                       "This position already has an active succession plan.") from None
    return await idem.respond(session, 201, await _plan_doc(session, sp))


@router.get("/api/v1/succession-plans", tags=["succession-plans"], summary="List succession plans",
            response_model=list[SuccessionOut], responses=ERR)
async def list_succession(request: Request, session: Session,
                          principal: Principal = Depends(current_principal)) -> list[dict[str, Any]]:
    _reader(principal)
    access = Access(principal, directory_of(request))
    rows = (await session.execute(select(SuccessionPlan).where(SuccessionPlan.agency_id == _agency(principal))
                                  .order_by(SuccessionPlan.created_at))).scalars().all()
    return [await _plan_doc(session, r, access) for r in rows if await _visible_plan(access, r)]


@router.get("/api/v1/succession-plans/{plan_id}", tags=["succession-plans"], summary="A succession plan with its "
            "ranked candidates", response_model=SuccessionOut, responses=ERR)
async def read_succession(plan_id: uuid.UUID, request: Request, session: Session,
                          principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    _reader(principal)
    access = Access(principal, directory_of(request))
    sp = await _plan(session, principal, plan_id)
    if not await _visible_plan(access, sp):
        raise NotFound("Rencana suksesi", plan_id)
    return await _plan_doc(session, sp, access)


@router.post("/api/v1/succession-plans/{plan_id}/candidates", tags=["succession-plans"], status_code=201,
             summary="Add a candidate with readiness and rank (agency admin; must be in the cycle's talent pool)",
             response_model=SuccessionOut, responses=ERR,
             description="Talent pool: boxes 7–9 without a moderate or heavy penalty in the last 2 years. Ranks are "
                         "unique per plan (409 `rank_taken`); omitted, the candidate goes last.")
async def add_candidate(plan_id: uuid.UUID, body: CandidateIn, request: Request, session: Session, idem: Idempotency,
                        principal: Principal = Depends(current_principal)) -> dict[str, Any]:
    if (stored := await idem.replay(session)) is not None:
        return stored
    require_agency_admin(principal)
    sp = await _plan(session, principal, plan_id)
    await Access(principal, directory_of(request)).employee(body.employee_id, "body.employee_id")
    box = None
    if sp.talent_cycle_id:
        pl = (await session.execute(select(TalentPlacement).where(
            TalentPlacement.cycle_id == sp.talent_cycle_id,
            TalentPlacement.employee_id == body.employee_id))).scalar_one_or_none()
        if pl is None or not pl.in_pool:
            raise Conflict("candidate_not_in_talent_pool", "Kandidat suksesi harus berada di kelompok rencana suksesi "
                           "(talent pool: kotak 7–9 tanpa hukuman disiplin sedang/berat 2 tahun terakhir).",
                           "A succession candidate must be in the talent pool (boxes 7–9 without a moderate/heavy "
                           "penalty in the last 2 years).", box=pl.box if pl else None)
        box = pl.box
    await session.execute(select(SuccessionPlan.id).where(SuccessionPlan.id == sp.id).with_for_update())
    rank = body.rank or ((await session.execute(select(func.coalesce(func.max(SuccessionCandidate.rank), 0)).where(
        SuccessionCandidate.plan_id == sp.id))).scalar_one() + 1)
    session.add(SuccessionCandidate(id=uuid.uuid4(), plan_id=sp.id, employee_id=body.employee_id,
                                    readiness=body.readiness.value, rank=rank, box=box, note=body.note,
                                    created_by=principal.subject))
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise Conflict("candidate_exists", "Pegawai ini sudah menjadi kandidat.",
                       "This employee is already a candidate.") from None
    taken = (await session.execute(select(func.count()).where(SuccessionCandidate.plan_id == sp.id,
                                                              SuccessionCandidate.rank == rank))).scalar_one()
    if taken > 1:
        raise Conflict("rank_taken", f"Peringkat {rank} sudah dipakai kandidat lain; pilih peringkat lain.",
                       f"Rank {rank} is held by another candidate; choose another rank.")
    await audit.record(session, audit_log, principal, action="succession.add_candidate", entity="succession_plan",
                       entity_id=sp.id, agency_id=sp.agency_id, before=None, after=body.model_dump(mode="json"))
    return await idem.respond(session, 201, await _plan_doc(session, sp))
