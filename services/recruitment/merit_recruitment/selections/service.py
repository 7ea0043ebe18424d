"""Selections: drafting, the lifecycle (rules/lifecycle.py) and the announcement with its position snapshot."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.announcements.service import publish_opening
from merit_recruitment.assessment import service as assessment
from merit_recruitment.authz import STAFF_READ, deny_role, is_admin, member_clause, same_agency
from merit_recruitment.committee.models import CommitteeMember
from merit_recruitment.common.errors import DUPLICATE_DOCUMENT, SCREENING_INCOMPLETE
from merit_recruitment.common.feed import publish
from merit_recruitment.db_base import audit_log
from merit_recruitment.directory import Directory, UpstreamUnavailable, upstream_error
from merit_recruitment.filters import code_filter
from merit_recruitment.rules import (
    Requirements,
    Schedule,
    SelectionAction,
    StageConfig,
    default_requirements,
    default_stages,
    safeguards,
    selection_kind,
    validate_schedule,
    validate_stages,
)
from merit_recruitment.rules.vocab import education_meets, golongan_order, parse_education
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.errors import (
    AGENCY_REQUIRED,
    INAUGURATION_BEFORE_SCHEDULE_END,
    NO_POSITIONS,
    NO_QUALIFIED_APPLICANTS,
    NOT_EDITABLE,
    POSITION_KIND_MISMATCH,
    POSITION_NOT_IN_AGENCY,
    POSITION_NOT_VACANT,
    REASON_REQUIRED,
    REQUIREMENTS_UNREADABLE,
    SCHEDULE_PASSED,
    SCHEDULE_REQUIRED,
    SCHEDULE_REQUIRED_422,
    STAGE_DATES_COUNT,
)
from merit_recruitment.selections.lifecycle import (
    allowed,
    applicant_count,
    apply,
    blocked,
    ensure_allowed,
    ensure_allowed_now,
    now,
    today,
    touch,
)
from merit_recruitment.selections.models import KINDS, STATUSES, RegistrationExtension, Selection, SelectionEvent
from merit_recruitment.selections.schemas import (
    BlockedAction,
    RequirementsIn,
    ScheduleIn,
    SelectionCreate,
    SelectionOut,
    SelectionUpdate,
    StageIn,
)
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import record
from merit_shared.auth import Principal, Role
from merit_shared.error_codes import AGENCY_MISMATCH
from merit_shared.errors import DomainError

#: Lifecycle actions that are the BKPSDM's (the agency admin's) alone.
ADMIN_ACTIONS = frozenset({"announce", "open_registration", "close_registration", "extend_registration",
                           "start_assessment", "advance_stage", "cancel"})
#: The roles that take each action (the service role always may). ``caller_may`` needs one of them; the action
#: routes refuse anyone without one before reading the body (``require_roles`` on this same table).
ACTION_ROLES: dict[str, tuple[str, ...]] = {
    **{a: (Role.AGENCY_ADMIN,) for a in ADMIN_ACTIONS},
    "submit_proposal": (Role.AGENCY_ADMIN, Role.PANEL_MEMBER),  # the agency admin or the committee chair
    "decide": (Role.PPK,),
    "retry_appointment": (Role.PPK, Role.AGENCY_ADMIN),
}


def caller_may(p: Principal, sel: Selection, action: str, seat: CommitteeMember | None) -> bool:
    """Whether THIS caller may take ``action`` on the selection (the state is ``allowed``'s); ``seat`` is the
    caller's committee seat in it (``authz.membership``). The action routes and ``allowed_actions`` both ask
    this, so a listed action never answers 403."""
    roles = ACTION_ROLES.get(action)
    if roles is None or not (p.is_service or p.has(*roles)):
        return False
    if action in ADMIN_ACTIONS:
        return is_admin(p, sel.agency_id)
    if action == "submit_proposal":
        return is_admin(p, sel.agency_id) or (seat is not None and seat.role == "CHAIR")
    return p.is_service or same_agency(p, sel.agency_id)  # decide, retry_appointment: of the selection's agency


def require_caller_may(p: Principal, sel: Selection, action: str, seat: CommitteeMember | None) -> None:
    if not caller_may(p, sel, action, seat):
        raise deny_role()


def to_out(sel: Selection, count: int | None, p: Principal, seat: CommitteeMember | None,
           gate: safeguards.AppealGate | None) -> SelectionOut:
    out = SelectionOut.model_validate(sel)
    st = pol.current_stage(sel)
    out.current_stage_code = st.code if st else None
    out.allowed_actions = [a for a in allowed(sel, count, gate) if caller_may(p, sel, a, seat)]
    out.blocked_actions = [BlockedAction(**b) for b in blocked(sel, count, gate) if caller_may(p, sel, b["action"],
                                                                                               seat)]
    return out


# --- drafting -------------------------------------------------------------------------------------------------

def _stages(items: list[StageIn]) -> list[dict[str, Any]]:
    cfg = [StageConfig(s.code, s.name, rules.StageKind(s.kind), s.weight, s.pass_mark, s.name_en) for s in items]
    try:
        validate_stages(cfg)
    except DomainError as exc:
        raise pol.with_prefix(exc, "body") from None
    return [c.to_dict() for c in cfg]


def _requirements(kind: str, overrides: RequirementsIn | None, base: dict[str, Any] | None) -> dict[str, Any]:
    data = dict(base or default_requirements(selection_kind(kind)).to_dict())
    changed = overrides.model_dump(exclude_unset=True, mode="json") if overrides is not None else {}
    data.update(changed)
    try:
        return Requirements.from_dict(data).to_dict()
    except DomainError as exc:
        raise pol.with_prefix(exc, "body") from None
    except (TypeError, ValueError) as exc:  # a value the rules could not read; name the field sent last
        name = next(iter(changed), None)
        raise REQUIREMENTS_UNREADABLE.error(field=f"body.requirements.{name}" if name else "body.requirements", exc=exc) from None


def _schedule(s: ScheduleIn, policies: dict[str, Any], stage_count: int) -> dict[str, Any]:
    sch = Schedule(s.announcement_start, s.announcement_end, s.registration_start, s.registration_end,
                   tuple(s.stage_dates))
    if sch.stage_dates and len(sch.stage_dates) != stage_count:
        raise STAGE_DATES_COUNT.error(field="body.schedule.stage_dates", len_stage_dates=len(sch.stage_dates), stage_count=stage_count)
    try:
        validate_schedule(sch, rules.ProcessPolicy.from_dict(policies["process"]))
    except DomainError as exc:
        raise pol.with_prefix(exc, "body.schedule") from None
    return sch.to_dict()


def _documents(items: list[Any]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    for i, d in enumerate(items):
        if d.code in seen:
            raise DUPLICATE_DOCUMENT.error(field=f"body.documents.{i}.code", code=d.code)
        seen.add(d.code)
    return [d.model_dump() for d in items]


def check_inauguration(sel: Selection) -> None:
    """The inauguration (the reference date of the maximum age) cannot come before the selection ends."""
    if not (sel.planned_inauguration_date and sel.schedule):
        return
    sch = Schedule.from_dict(sel.schedule)
    last = max([sch.registration_end, *sch.stage_dates])
    if sel.planned_inauguration_date <= last:
        raise INAUGURATION_BEFORE_SCHEDULE_END.error(
            field="body.planned_inauguration_date",
            last=last,
            planned_inauguration_date=sel.planned_inauguration_date,
            extra={"last_scheduled_date": last.isoformat()},
        )


async def create(session: AsyncSession, p: Principal, body: SelectionCreate) -> Selection:
    if body.agency_id is not None and not p.is_service and str(body.agency_id) != str(p.agency_id):
        raise AGENCY_MISMATCH.error(field="body.agency_id")
    agency = body.agency_id if (p.is_service and body.agency_id) else p.agency_id
    if agency is None:
        raise AGENCY_REQUIRED.error(field="body.agency_id")
    policies = pol.build_policies(body.policies)
    stages = _stages(body.stages) if body.stages is not None else [s.to_dict() for s in default_stages(body.kind)]
    sel = Selection(
        id=uuid.uuid4(), agency_id=uuid.UUID(str(agency)), title=body.title, description=body.description,
        kind=body.kind, status="DRAFT", registration_extensions=0, version=1, appointment_attempt=0,
        position_ids=[str(x) for x in dict.fromkeys(body.position_ids)],
        requirements=_requirements(body.kind, body.requirements, None),
        documents=_documents(body.documents) if body.documents is not None else pol.DEFAULT_DOCUMENTS,
        stages=stages, policies=policies,
        schedule=_schedule(body.schedule, policies, len(stages)) if body.schedule else None,
        planned_inauguration_date=body.planned_inauguration_date, created_by=p.subject,
        created_at=now(), updated_at=now())
    check_inauguration(sel)
    session.add(sel)
    await session.flush()
    await record(session, audit_log, p, action="create", entity="selection", entity_id=sel.id, agency_id=sel.agency_id,
                 after={"title": sel.title, "kind": sel.kind})
    return sel


async def update(session: AsyncSession, p: Principal, sel: Selection, body: SelectionUpdate) -> Selection:
    if sel.status != "DRAFT":
        raise NOT_EDITABLE.error(extra={"status": sel.status})
    fields = body.model_fields_set
    if not fields:  # nothing sent: nothing changes (no new version, no audit entry)
        return sel
    before = {"title": sel.title, "requirements": sel.requirements, "stages": sel.stages, "schedule": sel.schedule,
              "policies": sel.policies, "position_ids": sel.position_ids,
              "planned_inauguration_date": sel.planned_inauguration_date}
    if "title" in fields and body.title:
        sel.title = body.title
    if "description" in fields:
        sel.description = body.description
    if "position_ids" in fields and body.position_ids is not None:
        sel.position_ids = [str(x) for x in dict.fromkeys(body.position_ids)]
    if "policies" in fields and body.policies is not None:
        sel.policies = pol.build_policies(body.policies, sel.policies)
    if "requirements" in fields and body.requirements is not None:
        sel.requirements = _requirements(sel.kind, body.requirements, sel.requirements)
    if "documents" in fields and body.documents is not None:
        sel.documents = _documents(body.documents)
    if "stages" in fields and body.stages is not None:
        sel.stages = _stages(body.stages)
    if "planned_inauguration_date" in fields:
        sel.planned_inauguration_date = body.planned_inauguration_date
    if "schedule" in fields:
        sel.schedule = _schedule(body.schedule, sel.policies, len(sel.stages)) if body.schedule else None
    elif sel.schedule and ("stages" in fields or "policies" in fields):
        sel.schedule = _schedule(ScheduleIn(**sel.schedule), sel.policies, len(sel.stages))
    check_inauguration(sel)
    touch(sel)
    await record(session, audit_log, p, action="update", entity="selection", entity_id=sel.id, agency_id=sel.agency_id,
                 before=before,
                 after={"title": sel.title, "requirements": sel.requirements, "stages": sel.stages, "schedule": sel.schedule})
    return sel


# --- announcement ---------------------------------------------------------------------------------------------

def _stricter(reqs: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    """Raise the selection's minimum education/rank to a position's own minimum when that is stricter."""
    out = dict(reqs)
    try:
        if job.get("min_education"):
            job_edu = parse_education(job["min_education"])
            if out.get("min_education") is None or not education_meets(parse_education(out["min_education"]),
                                                                        job_edu):
                out["min_education"] = job_edu.value
    except ValueError:
        pass
    try:
        if job.get("min_rank") and (out.get("min_rank") is None
                                    or golongan_order(job["min_rank"]) > golongan_order(out["min_rank"])):
            out["min_rank"] = job["min_rank"]
    except ValueError:
        pass
    return out


async def check_positions_of_agency(directory: Directory, agency_id: uuid.UUID, position_ids: list[str]) -> None:
    """A draft may only name positions of its own agency: another agency's position reads as unknown (422 naming
    the entry), so a selection can never carry, or reveal, a foreign record. Kind and vacancy are checked when it
    is announced (``verify_positions``). The request's transaction rolls back on refusal: nothing is stored."""
    for i, pid in enumerate(position_ids):
        try:
            pos = await directory.position(pid)
        except UpstreamUnavailable as exc:
            raise upstream_error("positions", exc) from None
        if pos is None or str(pos.get("agency_id")) != str(agency_id):
            raise POSITION_NOT_IN_AGENCY.error(field=f"body.position_ids.{i}", i=i, pid=pid)


async def verify_positions(directory: Directory, sel: Selection) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every position exists in this agency, is of the selection's kind and is vacant now."""
    if not sel.position_ids:
        raise NO_POSITIONS.error(field="body.position_ids")
    snapshot: list[dict[str, Any]] = []
    reqs = dict(sel.requirements)
    for i, pid in enumerate(sel.position_ids):
        try:
            pos = await directory.position(pid)
        except UpstreamUnavailable as exc:
            raise upstream_error("positions", exc) from None
        if pos is None or str(pos.get("agency_id")) != str(sel.agency_id):
            raise POSITION_NOT_IN_AGENCY.error(field=f"body.position_ids.{i}", i=i, pid=pid)
        job = pos.get("job") or {}
        job_kind = str(job.get("kind") or "")
        if job_kind != sel.kind:
            raise POSITION_KIND_MISMATCH.error(job_kind=job_kind, kind=sel.kind, name=pos.get('name'), extra={"position_id": pid})
        if int(pos.get("vacant") or 0) <= 0:
            raise POSITION_NOT_VACANT.error(
                filled=pos.get('filled'),
                name=pos.get('name'),
                required_seats=pos.get('required_seats'),
                extra={"position_id": pid},
            )
        reqs = _stricter(reqs, job)
        snapshot.append({"id": str(pos["id"]), "name": pos.get("name"), "unit_id": pos.get("unit_id"),
                         "unit_name": pos.get("unit_name"), "is_head": pos.get("is_head"), "job": job,
                         "required_seats": pos.get("required_seats"), "filled": pos.get("filled"),
                         "vacant": pos.get("vacant"), "verified_at": now().isoformat()})
    return snapshot, Requirements.from_dict(reqs).to_dict()


async def announce(session: AsyncSession, p: Principal, sel: Selection, directory: Directory) -> None:
    ensure_allowed(sel, "announce", None)
    if not sel.schedule:
        raise SCHEDULE_REQUIRED_422.error(field="body.schedule")
    _schedule(ScheduleIn(**sel.schedule), sel.policies, len(sel.stages))
    check_inauguration(sel)
    start = date.fromisoformat(sel.schedule["announcement_start"])
    if start < today(sel.agency_id):  # announcing late would shorten the announcement applicants were promised
        raise SCHEDULE_PASSED.error(start=start, extra={"announcement_start": start.isoformat(), "today": today(sel.agency_id).isoformat()})
    snapshot, reqs = await verify_positions(directory, sel)
    sel.positions_snapshot = snapshot
    sel.requirements = reqs
    sel.announced_at = now()
    await apply(session, sel, SelectionAction.ANNOUNCE, p.subject, {"positions": [s["id"] for s in snapshot]})
    ann = await publish_opening(session, p, sel)
    await publish(session, p, "selection_announced", sel.agency_id, sel.id, {
        "selection_id": sel.id, "title": sel.title, "kind": sel.kind, "status": sel.status,
        "announcement_id": ann.id, "positions": [{"id": s["id"], "name": s.get("name")} for s in snapshot]})


async def extend_registration(session: AsyncSession, p: Principal, sel: Selection, reason: str) -> RegistrationExtension:
    count = await applicant_count(session, sel.id)
    ensure_allowed(sel, "extend_registration", count)
    process = pol.process_policy(sel)
    old = Schedule.from_dict(sel.schedule) if sel.schedule else None
    if old is None:
        raise SCHEDULE_REQUIRED.error()
    new = rules.extend_schedule(old, process)
    sel.schedule = new.to_dict()
    await apply(session, sel, SelectionAction.EXTEND_REGISTRATION, p.subject,
                {"reason": reason, "registration_end": new.registration_end}, count)
    ext = RegistrationExtension(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id,
                                number=sel.registration_extensions, previous_registration_end=old.registration_end,
                                new_registration_end=new.registration_end, applicant_count=count, reason=reason,
                                created_by=p.subject, created_at=now())
    session.add(ext)
    await session.flush()
    return ext


async def extend_if_short(session: AsyncSession, p: Principal, sel: Selection) -> RegistrationExtension | None:
    """Registration whose end has passed with fewer applicants than the threshold is extended while extensions are
    left (policy ``process.auto_extend_registration``): by the admin's close after the end, and by the daily job
    on the day after the end (``scheduling``). None when it is not due."""
    count = await applicant_count(session, sel.id)
    process = pol.process_policy(sel)
    if not rules.auto_extension_due(pol.state(sel), process, count, registration_ended=True):
        return None
    threshold = process.extension_applicant_threshold
    return await extend_registration(session, p, sel, f"Diperpanjang otomatis: {count} pelamar, kurang dari "
                                                      f"{threshold} (automatic extension: {count} applicants, fewer "
                                                      f"than {threshold})")


async def close_registration(session: AsyncSession, p: Principal, sel: Selection, reason: str | None) -> None:
    """Closing before the announced registration_end cuts applicants off: allowed only with a recorded reason.
    Closing after it with too few applicants extends registration instead, as the process policy says."""
    ensure_allowed(sel, "close_registration", None)
    end = date.fromisoformat(sel.schedule["registration_end"]) if sel.schedule else None
    early = end is not None and today(sel.agency_id) <= end
    if early and not reason:
        raise REASON_REQUIRED.error(field="body.reason", end=end, extra={"registration_end": end.isoformat() if end else None})
    if end is not None and not early and await extend_if_short(session, p, sel):
        return
    detail: dict[str, Any] = {"registration_end": end.isoformat() if end else None, "early": early}
    if reason:
        detail["reason"] = reason
    await apply(session, sel, SelectionAction.CLOSE_REGISTRATION, p.subject, detail)


async def simple_action(session: AsyncSession, p: Principal, sel: Selection, action: SelectionAction,
                        detail: dict[str, Any] | None = None) -> None:
    ensure_allowed(sel, action.value.lower(), None)
    await apply(session, sel, action, p.subject, detail)



async def application_status_counts(session: AsyncSession, selection_id: uuid.UUID) -> dict[str, int]:
    """How many of the selection's applications are in each status."""
    return dict((await session.execute(sa.text(
        "SELECT status, count(*) FROM applications WHERE selection_id = :s GROUP BY status"), {"s": selection_id})).all())


async def start_assessment(session: AsyncSession, p: Principal, sel: Selection) -> None:
    """Open the first stage once screening is finished (every application verified and second-checked) and at
    least one applicant qualified (the committee is checked by ``committee.service.require_valid``)."""
    await ensure_allowed_now(session, sel, "start_assessment")  # the screening announcement's appeal window
    counts = await application_status_counts(session, sel.id)
    pending = counts.get("SUBMITTED", 0) + counts.get("VERIFIED", 0)
    if pending:
        raise SCREENING_INCOMPLETE.error(len_pending=pending, extra={"pending": pending})
    if not counts.get("QUALIFIED"):
        raise NO_QUALIFIED_APPLICANTS.error()
    await apply(session, sel, rules.SelectionAction.START_ASSESSMENT, p.subject)
    await assessment.notify_scorers(session, sel)


SELECTION_SORT = {"created_at": Selection.created_at, "updated_at": Selection.updated_at, "title": Selection.title,
                  "status": Selection.status, "announced_at": Selection.announced_at}


async def list_visible(session: AsyncSession, p: Principal, status: str | None, kind: str | None, limit: int,
                       offset: int, *, sort: Sort) -> tuple[int, list[Selection]]:
    """(total, one page) of the selections the caller may see: agency staff their agency's, committee members
    the ones they sit on (403 for anyone else, before the filters are checked)."""
    q = sa.select(Selection)
    conds = []
    staff = p.agency_id is not None and p.has(*STAFF_READ)
    if not p.is_service:
        mine = sa.select(CommitteeMember.selection_id).where(member_clause(p))
        if not staff and not p.has(Role.PANEL_MEMBER):
            raise deny_role()
        scope = [Selection.id.in_(mine)] if p.has(Role.PANEL_MEMBER) else []
        if staff:
            scope.append(Selection.agency_id == uuid.UUID(p.agency_id))  # type: ignore[arg-type]
        conds.append(sa.or_(*scope))
    if status := code_filter(status, STATUSES, "status"):
        conds.append(Selection.status == status)
    if kind := code_filter(kind, KINDS, "kind"):
        conds.append(Selection.kind == kind)
    q = q.where(*conds)
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Selection.id).limit(limit).offset(offset))).scalars().all()
    return total, list(rows)


async def extensions(session: AsyncSession, selection_id: uuid.UUID) -> list[RegistrationExtension]:
    return list((await session.execute(sa.select(RegistrationExtension).where(
        RegistrationExtension.selection_id == selection_id).order_by(RegistrationExtension.number))).scalars())


async def events(session: AsyncSession, selection_id: uuid.UUID) -> list[SelectionEvent]:
    return list((await session.execute(sa.select(SelectionEvent).where(SelectionEvent.selection_id == selection_id)
                                       .order_by(SelectionEvent.at, SelectionEvent.id))).scalars())
