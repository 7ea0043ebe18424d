"""Applications: registration (internal by NIP, or from another agency with declared data), the automatic
eligibility check, the verifier's check and the supervisor's second check, withdrawal."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from fastapi.encoders import jsonable_encoder
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from merit_recruitment import rules
from merit_recruitment.applications import documents
from merit_recruitment.applications.errors import (
    ALREADY_APPLIED,
    BIRTH_DATE_IN_FUTURE,
    DATE_IN_FUTURE,
    DECLARED_REQUIRED,
    DECLARED_YEAR_OUT_OF_RANGE,
    DOCUMENTS_MISSING,
    EMPLOYEE_ID_REQUIRED,
    FORBIDDEN_ELIGIBLE_SELECTIONS_SCOPE,
    FORBIDDEN_ONLY_EMPLOYEE_FOR_THEMSELVES,
    FORBIDDEN_YOU_CAN_ONLY_APPLY,
    INVALID_EDUCATION,
    INVALID_POSITION_KIND,
    INVALID_PREDIKAT,
    INVALID_RANK,
    NIP_NOT_FOUND,
    NIP_REQUIRED,
    NOT_ELIGIBLE,
    REGISTRATION_CLOSED,
    REGISTRATION_ENDED,
    TOKEN_WITHOUT_NIP,
    TRANSITION_NOT_ALLOWED,
    UNKNOWN_DOCUMENT,
)
from merit_recruitment.applications.facts import (
    Gathered,
    History,
    gather_declared,
    gather_internal,
    verified_history,
)
from merit_recruitment.applications.models import APP_STATUSES, Application
from merit_recruitment.applications.schemas import ApplicationCreate, ApplicationOut, DeclaredFacts
from merit_recruitment.assessment.models import StageOutcome
from merit_recruitment.authz import (
    APPLICATION_READ,
    deny_role,
    is_admin,
    member_clause,
    membership,
    owner_clause,
    owns,
    reads_agency_wide,
    same_agency,
    second_check_scope,
    supervises,
)
from merit_recruitment.committee.models import CommitteeMember, ConflictDeclaration
from merit_recruitment.common.errors import DUPLICATE_DOCUMENT, UNKNOWN_POSITION
from merit_recruitment.common.feed import application_data, publish
from merit_recruitment.db_base import audit_log, outbox
from merit_recruitment.directory import Directory, UpstreamRefused, UpstreamUnavailable, upstream_error
from merit_recruitment.filters import code_filter
from merit_recruitment.history.models import DeclaredHistory
from merit_recruitment.rules import safeguards
from merit_recruitment.rules.documents import missing_codes
from merit_recruitment.rules.vocab import PositionKind, normalize_golongan, parse_education, parse_predikat
from merit_recruitment.selections import policy as pol
from merit_recruitment.selections.lifecycle import now, today, touch
from merit_recruitment.selections.models import Selection
from merit_recruitment.selections.schemas import BlockedAction
from merit_shared.api import Sort, apply_sort
from merit_shared.audit import record
from merit_shared.auth import Principal, Role
from merit_shared.errors import Conflict, DomainError, NotFound
from merit_shared.notify import Kind, notify

WITHDRAWABLE_UNTIL = ("REGISTRATION", "SCREENING", "ASSESSMENT", "FINAL_RANKING")


def app_actions(sel: Selection, app: Application) -> list[str]:
    out: list[str] = []
    if sel.status in ("REGISTRATION", "SCREENING"):
        if app.status == "SUBMITTED":
            out.append("verify")
        if app.status == "VERIFIED":
            out.append("second_check")
        if app.status in ("SUBMITTED", "VERIFIED"):
            out.append("recheck_eligibility")
    if sel.status in WITHDRAWABLE_UNTIL and app.status in ("SUBMITTED", "VERIFIED", "QUALIFIED"):
        out.append("withdraw")
    return out


def actor(p: Principal) -> safeguards.Actor:
    return safeguards.Actor(p.subject, p.employee_id, p.nip)


def applicant(app: Application) -> safeguards.Applicant:
    return safeguards.Applicant(str(app.employee_id) if app.employee_id else None, app.nip)


async def conflicted(session: AsyncSession, p: Principal, sel: Selection, app: Application) -> bool:
    """The caller declared, on this selection's committee, a conflict of interest with the applicant."""
    seat = await membership(session, sel.id, p)
    if seat is None:
        return False
    return bool((await session.execute(sa.select(sa.func.count()).select_from(ConflictDeclaration).where(
        ConflictDeclaration.member_id == seat.id, ConflictDeclaration.application_id == app.id,
        ConflictDeclaration.has_conflict.is_(True)))).scalar_one())


async def conflicted_among(session: AsyncSession, p: Principal,
                           items: list[tuple[Selection, Application]]) -> set[uuid.UUID]:
    """Which of these applications the caller declared a conflict with (``conflicted`` for a page at once)."""
    seats = [seat.id for sid in {s.id for s, _ in items} if (seat := await membership(session, sid, p)) is not None]
    if not seats:
        return set()
    return set((await session.scalars(sa.select(ConflictDeclaration.application_id).where(
        ConflictDeclaration.member_id.in_(seats), ConflictDeclaration.application_id.in_([a.id for _, a in items]),
        ConflictDeclaration.has_conflict.is_(True)))).all())


def second_check_block(p: Principal, app: Application, is_conflicted: bool) -> Conflict | None:
    """Four eyes (rules/safeguards.py): not the verifier, not the applicant, not someone with a conflict."""
    return safeguards.second_check_block(actor(p), applicant(app), verifier=app.verified_by, conflicted=is_conflicted)


def caller_may(p: Principal, sel: Selection, app: Application, action: str, is_conflicted: bool = False) -> bool:
    """Whether THIS caller holds the role for ``action`` on the application (the state is ``app_actions``'s).
    The route guards and ``allowed_actions`` both ask this, so a listed action never answers 403. Withdrawal is
    the applicant's own act (not the admin's); the administrative verification is the BKPSDM's (the agency
    admin's, not the committee's, who assess the applicants it admits)."""
    if action == "withdraw":
        return p.is_service or owns(p, app)
    if action == "recheck_eligibility":
        return is_admin(p, sel.agency_id)
    if action == "verify":
        return is_admin(p, sel.agency_id)
    if action == "second_check":  # by a supervisor of the agency: four eyes (second_check_block)
        return (p.is_service or supervises(p, sel.agency_id)) and second_check_block(p, app, is_conflicted) is None
    return False


def require_caller_may(p: Principal, sel: Selection, app: Application, action: str) -> None:
    if not caller_may(p, sel, app, action):
        raise deny_role()


async def to_out(session: AsyncSession, sel: Selection, app: Application, p: Principal) -> ApplicationOut:
    return (await to_outs(session, [(sel, app)], p))[0]


async def to_outs(session: AsyncSession, items: list[tuple[Selection, Application]],
                  p: Principal) -> list[ApplicationOut]:
    """The answers for a page of applications (each with its selection) in a fixed number of statements, however
    many there are: documents, stage outcomes and the caller's declared conflicts are read for the whole page."""
    ids = [a.id for _, a in items]
    docs = await documents.uploaded(session, ids)
    outcomes: dict[uuid.UUID, list[StageOutcome]] = {i: [] for i in ids}
    if ids:
        for r in (await session.execute(sa.select(StageOutcome).where(StageOutcome.application_id.in_(ids))
                                        .order_by(StageOutcome.decided_at, StageOutcome.stage_code))).scalars():
            outcomes[r.application_id].append(r)
    checks = {a.id for s, a in items if "second_check" in app_actions(s, a) and supervises(p, s.agency_id)}
    conflicted_ids = await conflicted_among(session, p, [(s, a) for s, a in items if a.id in checks])
    return [_out(sel, app, p, docs[app.id], outcomes[app.id], app.id in conflicted_ids) for sel, app in items]


def _out(sel: Selection, app: Application, p: Principal, docs: list[Any], outcomes: list[StageOutcome],
         is_conflicted: bool) -> ApplicationOut:
    out = ApplicationOut.model_validate(app)
    out.missing_documents = missing_codes(sel.documents, documents.present_codes(app, docs))
    actions = app_actions(sel, app)
    out.allowed_actions = [a for a in actions if caller_may(p, sel, app, a, is_conflicted)]
    if "verify" in out.allowed_actions and out.missing_documents:
        # ACCEPT waits for the mandatory documents; REJECT stays possible through the same route.
        out.allowed_actions.remove("verify")
        err = _documents_missing(out.missing_documents)
        out.blocked_actions = [BlockedAction(action="verify", code=err.code, missing=out.missing_documents,
                                             message_id=err.message_id, message_en=err.message_en)]
    out.results = [{"stage_code": r.stage_code, "passed": r.passed, "score": None if r.score is None else str(r.score),
                    "decided_at": r.decided_at.isoformat()} for r in outcomes]
    return out


async def evaluate(directory: Directory, sel: Selection, app: Application,
                   history: History = History()) -> tuple[Gathered, rules.EligibilityResult]:
    """Age on the planned inauguration; performance and discipline as of the end of registration; ``history``:
    the applicant's verified declared history (issue #12)."""
    ref, perf_ref = pol.reference_date(sel), pol.performance_reference_date(sel)
    if app.applicant_type == "INTERNAL" and app.employee_id:
        employee = None
        try:
            employee = await directory.employee(str(app.employee_id))
        except UpstreamUnavailable:
            pass
        gathered = await gather_internal(directory, employee, str(app.employee_id), app.declared or {}, ref,
                                         as_of=perf_ref, history=history)
        if employee is None:
            gathered.unreachable.append("positions")
    else:
        gathered = gather_declared(_declared_python(app.declared or {}), history)
    return gathered, rules.check(pol.requirements(sel), gathered.facts, ref, performance_reference_date=perf_ref)


async def _agency_name(directory: Directory, sel: Selection) -> str | None:
    """The selecting agency's name (an internal applicant works there); None when positions cannot say."""
    try:
        agency = await directory.agency(str(sel.agency_id))
    except UpstreamUnavailable:
        return None
    return str(agency["name"]) if agency and agency.get("name") else None


def _declared_python(d: dict[str, Any]) -> dict[str, Any]:
    """Stored (JSON) declared facts back to the types the rules expect."""
    out = dict(d)
    if out.get("birth_date"):
        out["birth_date"] = date.fromisoformat(out["birth_date"])
    if out.get("discipline_records"):
        out["discipline_records"] = [{"level": r["level"], "decided_on": date.fromisoformat(r["decided_on"])}
                                     for r in out["discipline_records"]]
    if out.get("predikat_by_year"):
        out["predikat_by_year"] = {int(k): v for k, v in out["predikat_by_year"].items()}
    return out


def _store_eligibility(app: Application, gathered: Gathered, result: rules.EligibilityResult) -> None:
    app.facts = jsonable_encoder({**gathered.record, "unreachable_sources": sorted(set(gathered.unreachable))})
    app.eligibility = jsonable_encoder(result.to_dict())
    app.eligibility_status = result.status.value


def check_declared(declared: DeclaredFacts | None, today: date) -> None:
    """Declared facts must be readable by the rules, or the applicant would be judged on values nobody can read."""
    if declared is None:
        return
    if declared.education is not None:
        try:
            parse_education(declared.education)
        except ValueError:
            raise INVALID_EDUCATION.error(
                field='body.declared.education',
                expected_en="S3, S2, S1, D4, D3, SMA, ...",
                expected_id="S3, S2, S1, D4, D3, SMA, ...",
                field_name="declared.education",
                value=declared.education,
            ) from None
    if declared.rank is not None:
        try:
            normalize_golongan(declared.rank)
        except ValueError:
            raise INVALID_RANK.error(
                field='body.declared.rank',
                expected_en="I/a .. IV/e",
                expected_id="I/a .. IV/e",
                field_name="declared.rank",
                value=declared.rank,
            ) from None
    for year, value in (declared.predikat_by_year or {}).items():
        try:
            parse_predikat(value)
        except ValueError:
            raise INVALID_PREDIKAT.error(
                field=f"body.{f'declared.predikat_by_year.{year}'}",
                expected_en="SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG",
                expected_id="SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG",
                field_name=f"declared.predikat_by_year.{year}",
                value=value,
            ) from None
        if not 1950 <= year <= today.year:
            raise DECLARED_YEAR_OUT_OF_RANGE.error(field=f"body.declared.predikat_by_year.{year}", year=year, year_2=today.year)
    for kind in declared.position_years or {}:
        try:
            PositionKind(kind)
        except ValueError:
            raise INVALID_POSITION_KIND.error(
                field=f"body.{f'declared.position_years.{kind}'}",
                expected_en="JPT_PRATAMA, ADMINISTRATOR, PENGAWAS, JF_AHLI_MADYA, ...",
                expected_id="JPT_PRATAMA, ADMINISTRATOR, PENGAWAS, JF_AHLI_MADYA, ...",
                field_name=f"declared.position_years.{kind}",
                value=kind,
            ) from None
    if declared.birth_date is not None and declared.birth_date >= today:
        raise BIRTH_DATE_IN_FUTURE.error(field="body.declared.birth_date")
    for i, rec in enumerate(declared.discipline_records or []):
        if rec.decided_on > today:
            raise DATE_IN_FUTURE.error(field=f"body.declared.discipline_records.{i}.decided_on")


def check_documents(sel: Selection, body: ApplicationCreate) -> None:
    """Only documents of the selection's checklist, each once."""
    known = {d["code"] for d in sel.documents}
    seen: set[str] = set()
    for i, d in enumerate(body.documents):
        if d.code not in known:
            raise UNKNOWN_DOCUMENT.error(field=f"body.documents.{i}.code", code=d.code, join_sorted_known=', '.join(sorted(known)))
        if d.code in seen:
            raise DUPLICATE_DOCUMENT.error(field=f"body.documents.{i}.code", code=d.code)
        seen.add(d.code)


async def create(session: AsyncSession, p: Principal, sel: Selection, body: ApplicationCreate,
                 directory: Directory) -> Application:
    if sel.status != "REGISTRATION":
        raise REGISTRATION_CLOSED.error(status=sel.status, extra={"status": sel.status})
    end = date.fromisoformat(sel.schedule["registration_end"]) if sel.schedule else None
    if end is not None and today(sel.agency_id) > end:
        raise REGISTRATION_ENDED.error(end=end, extra={"registration_end": end.isoformat()})
    admin = is_admin(p, sel.agency_id)
    if not admin and not p.has(Role.EMPLOYEE):
        raise FORBIDDEN_ONLY_EMPLOYEE_FOR_THEMSELVES.error()
    nip = body.nip
    if not admin:
        if not p.nip:
            raise TOKEN_WITHOUT_NIP.error(field="body.nip")
        if nip and nip != p.nip:
            raise FORBIDDEN_YOU_CAN_ONLY_APPLY.error()
        nip = p.nip
    if not nip:
        raise NIP_REQUIRED.error(field="body.nip")
    check_declared(body.declared, today())
    check_documents(sel, body)
    internal_default = (p.agency_id == str(sel.agency_id)) if not admin else True
    kind = body.applicant_type or ("INTERNAL" if internal_default else "EXTERNAL")
    position_id = body.position_id or uuid.UUID(sel.position_ids[0])
    if str(position_id) not in sel.position_ids:
        raise UNKNOWN_POSITION.error(field="body.position_id")
    app = Application(id=uuid.uuid4(), selection_id=sel.id, agency_id=sel.agency_id, applicant_type=kind,
                      position_id=position_id, nip=nip, status="SUBMITTED", registered_by=p.subject,
                      registered_at=now(), version=1, documents=[d.model_dump() for d in body.documents],
                      declared=jsonable_encoder(body.declared.model_dump(exclude_none=True)) if body.declared else {})
    if kind == "INTERNAL":
        employee: dict[str, Any] | None = None
        try:
            # Narrowed to the selecting agency: the same NIP may be on record in another agency too.
            employee = await directory.employee_by_nip(nip, str(sel.agency_id))
        except UpstreamRefused as exc:
            raise upstream_error("positions", exc, field="body.nip") from None
        except UpstreamUnavailable as exc:
            if admin or not p.employee_id:
                raise upstream_error("positions", exc) from None
        foreign = employee is not None and str(employee.get("agency_id")) != str(sel.agency_id)
        if foreign or (employee is None and (admin or not p.employee_id)):
            # One answer for "nobody" and "someone of another agency": the registry of another agency is not ours
            # to reveal, not even whether a NIP exists there.
            raise NIP_NOT_FOUND.error(field="body.nip", nip=nip)
        emp_id = employee["id"] if employee else p.employee_id
        app.employee_id = uuid.UUID(str(emp_id))
        assignment = (employee or {}).get("current_assignment") or {}
        app.name = (employee or {}).get("display_name") or (employee or {}).get("name") or p.name or body.name or nip
        app.current_position = assignment.get("position_name") or body.current_position
        app.current_agency = await _agency_name(directory, sel) or body.current_agency or assignment.get("unit_name")
        if employee and employee.get("birth_date"):
            app.birth_date = date.fromisoformat(str(employee["birth_date"]))
    else:
        if not body.name or body.declared is None:
            raise DECLARED_REQUIRED.error(field="body.declared")
        app.name, app.current_position, app.current_agency = body.name, body.current_position, body.current_agency
        app.birth_date = body.declared.birth_date
    gathered, result = await evaluate(directory, sel, app)
    _store_eligibility(app, gathered, result)
    try:
        async with session.begin_nested():
            session.add(app)
            await session.flush()
    except IntegrityError:
        raise ALREADY_APPLIED.error(nip=nip, extra={"nip": nip}) from None
    touch(sel)
    await record(session, audit_log, p, action="apply", entity="application", entity_id=app.id, agency_id=sel.agency_id,
                 after={"nip": nip, "type": kind, "eligibility": app.eligibility_status})
    return app


async def recheck(session: AsyncSession, p: Principal, sel: Selection, app: Application, directory: Directory) -> None:
    if "recheck_eligibility" not in app_actions(sel, app):
        raise _not_allowed(sel, app, "recheck_eligibility")
    await reevaluate(session, p, sel, app, directory)


async def reevaluate(session: AsyncSession, p: Principal, sel: Selection, app: Application, directory: Directory,
                     action: str = "recheck_eligibility") -> None:
    """Fetch the facts again, with the verified declared history, and store the rules' new result."""
    before = app.eligibility_status
    rows = (await session.execute(sa.select(DeclaredHistory).where(
        DeclaredHistory.application_id == app.id, DeclaredHistory.status == "VERIFIED"))).scalars().all()
    gathered, result = await evaluate(directory, sel, app, verified_history(list(rows)))
    _store_eligibility(app, gathered, result)
    app.version += 1
    await record(session, audit_log, p, action=action, entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before={"eligibility": before}, after={"eligibility": app.eligibility_status})


def _not_allowed(sel: Selection, app: Application, action: str) -> DomainError:
    names = app_actions(sel, app)
    listed = ", ".join(names) or "-"
    return TRANSITION_NOT_ALLOWED.error(
        action=action,
        listed=listed,
        status=app.status,
        status_2=sel.status,
        extra={"allowed_actions": names, "status": app.status},
    )


def _documents_missing(miss: list[str]) -> DomainError:
    return DOCUMENTS_MISSING.error(join_miss=", ".join(miss), extra={"missing": miss})


def _refuse_ineligible(app: Application) -> None:
    if app.eligibility_status == "NOT_ELIGIBLE":
        failed = [r["code"] for r in (app.eligibility or {}).get("results", []) if r["status"] == "FAILED"]
        raise NOT_ELIGIBLE.error(join_failed=', '.join(failed), extra={"failed_rules": failed})


async def verify(session: AsyncSession, p: Principal, sel: Selection, app: Application, decision: str,
                 note: str | None) -> None:
    if "verify" not in app_actions(sel, app):
        raise _not_allowed(sel, app, "verify")
    if decision == "ACCEPT":
        _refuse_ineligible(app)
        if miss := await documents.missing(session, sel, app):
            raise _documents_missing(miss)
    app.status, app.verified_by, app.verified_at = "VERIFIED", p.subject, now()
    app.verification_decision, app.verification_note = decision, note
    app.version += 1
    await record(session, audit_log, p, action="verify", entity="application", entity_id=app.id, agency_id=sel.agency_id,
                 before={"status": "SUBMITTED"}, after={"status": app.status, "decision": decision, "note": note})
    await publish(session, p, "application_verified", sel.agency_id, app.id, application_data(app, decision))


async def second_check(session: AsyncSession, p: Principal, sel: Selection, app: Application, decision: str,
                       note: str | None) -> None:
    if "second_check" not in app_actions(sel, app):
        raise _not_allowed(sel, app, "second_check")
    if (block := second_check_block(p, app, await conflicted(session, p, sel, app))) is not None:
        raise block
    if decision == "ACCEPT":
        _refuse_ineligible(app)
    app.status = "QUALIFIED" if decision == "ACCEPT" else "REJECTED"
    app.second_check_by, app.second_check_at = p.subject, now()
    app.second_check_decision, app.second_check_note = decision, note
    if decision == "REJECT":
        app.status_reason = note or app.verification_note
    app.version += 1
    await record(session, audit_log, p, action="second_check", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before={"status": "VERIFIED"},
                 after={"status": app.status, "decision": decision, "note": note})
    if decision == "ACCEPT":
        await publish(session, p, "application_qualified", sel.agency_id, app.id, application_data(app, decision))
    else:
        await publish(session, p, "application_rejected", sel.agency_id, app.id,
                      application_data(app, decision, reason=app.status_reason))
    # The screening's outcome now awaits the applicant (an internal one, by employee id: an external applicant's
    # application carries no e-mail address, so they read it on the portal).
    kind = Kind.APPLICATION_VERIFIED if app.status == "QUALIFIED" else Kind.APPLICATION_REJECTED
    await notify(session, outbox, agency_id=sel.agency_id, kind=kind, key=f"{app.id}:{app.version}",
                 params={"application_id": app.id, "selection_title": sel.title, "reason": app.status_reason or "-"},
                 employee_id=app.employee_id)


async def withdraw(session: AsyncSession, p: Principal, sel: Selection, app: Application) -> None:
    if "withdraw" not in app_actions(sel, app):
        raise _not_allowed(sel, app, "withdraw")
    before = app.status
    app.status, app.withdrawn_at = "WITHDRAWN", now()
    app.version += 1
    touch(sel)
    await record(session, audit_log, p, action="withdraw", entity="application", entity_id=app.id,
                 agency_id=sel.agency_id, before={"status": before}, after={"status": app.status})


async def selection_to_apply_to(session: AsyncSession, p: Principal, selection_id: uuid.UUID) -> Selection:
    """The selection, locked; a draft is not found except by its agency's admin."""
    sel = (await session.execute(sa.select(Selection).where(Selection.id == selection_id).with_for_update())
           ).scalar_one_or_none()
    if sel is None or sel.status == "DRAFT" and not is_admin(p, sel.agency_id):
        raise NotFound("Seleksi", selection_id)
    return sel


APPLICATION_SORT = {"registered_at": Application.registered_at, "name": Application.name, "nip": Application.nip,
                    "status": Application.status}


async def list_for_selection(session: AsyncSession, p: Principal, sel: Selection, status: str | None, limit: int,
                             offset: int, *, sort: Sort) -> tuple[int, list[Application]]:
    """(total, one page in registration order) of the selection's applications the caller reads: all for the
    agency-wide readers and the committee, the second check's for a supervisor, 403 for anyone else (before the
    status filter is checked)."""
    q = sa.select(Application).where(Application.selection_id == sel.id)
    if not (reads_agency_wide(p, sel.agency_id) or await membership(session, sel.id, p) is not None):
        if not supervises(p, sel.agency_id):
            raise deny_role()
        q = q.where(second_check_scope())
    if status := code_filter(status, APP_STATUSES, "status"):
        q = q.where(Application.status == status)
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Application.id).limit(limit).offset(offset))).scalars().all()
    return total, list(rows)


async def list_readable(session: AsyncSession, p: Principal, selection_id: uuid.UUID | None, limit: int,
                        offset: int, *, sort: Sort) -> tuple[int, list[Application], dict[uuid.UUID, Selection]]:
    """(total, one page newest first, their selections by id) of the applications the caller may read: their own,
    their agency's (admin, PPK), the second check's (supervisor), their committees'."""
    mine = owner_clause(p)
    scope = [mine] if mine is not None else []
    if p.agency_id and p.has(*APPLICATION_READ):
        scope.append(Application.agency_id == uuid.UUID(p.agency_id))
    elif p.agency_id and p.has(Role.SUPERVISOR):
        scope.append(sa.and_(Application.agency_id == uuid.UUID(p.agency_id), second_check_scope()))
    if p.has(Role.PANEL_MEMBER):
        scope.append(Application.selection_id.in_(
            sa.select(CommitteeMember.selection_id).where(member_clause(p))))
    q = sa.select(Application)
    if not p.is_service:
        q = q.where(sa.or_(*scope) if scope else sa.false())
    if selection_id:
        q = q.where(Application.selection_id == selection_id)
    total = (await session.execute(sa.select(sa.func.count()).select_from(q.subquery()))).scalar_one()
    rows = (await session.execute(apply_sort(q, sort, Application.id).limit(limit).offset(offset))).scalars().all()
    sels = {s.id: s for s in (await session.execute(sa.select(Selection).where(
        Selection.id.in_({a.selection_id for a in rows})))).scalars()}
    return total, list(rows), sels


async def require_person_scope(p: Principal, directory: Directory, employee: dict[str, Any]) -> None:
    """The caller reads this person's records: themself, their supervisor (evaluator or the evaluator's
    superior, as positions finds them), the unit admin of the unit subtree of their seat, the agency admin or PPK
    (README Roles). Another agency's person was answered 404 before."""
    eid = str(employee["id"])
    if p.is_service or p.has(Role.AGENCY_ADMIN, Role.PPK) or (p.employee_id and p.employee_id == eid):
        return
    try:
        if p.has(Role.SUPERVISOR) and p.employee_id:
            chain = await directory.supervisors(eid) or {}
            if p.employee_id in {str((v or {}).get("employee_id")) for v in chain.values() if isinstance(v, dict)}:
                return
        unit = ((employee.get("current_assignment") or {}).get("unit_id"))
        if p.has(Role.UNIT_ADMIN) and p.unit_id and p.agency_id and unit:
            if uuid.UUID(str(unit)) in await directory.unit_subtree(p.agency_id, p.unit_id):
                return
    except UpstreamUnavailable as exc:
        raise upstream_error("positions", exc) from None
    raise FORBIDDEN_ELIGIBLE_SELECTIONS_SCOPE.error()


async def eligible_selections(session: AsyncSession, p: Principal, directory: Directory,
                              employee_id: uuid.UUID | None) -> list[dict[str, Any]]:
    """Every selection of the caller's agency open for registration today, with this employee's eligibility for
    it: the registration's own check (``evaluate``, ``rules.check``), facts gathered as an application would."""
    if not (p.is_service or p.has(Role.EMPLOYEE, Role.SUPERVISOR, Role.UNIT_ADMIN, Role.AGENCY_ADMIN, Role.PPK)):
        raise FORBIDDEN_ELIGIBLE_SELECTIONS_SCOPE.error()
    target = employee_id or (uuid.UUID(p.employee_id) if p.employee_id else None)
    if target is None:
        raise EMPLOYEE_ID_REQUIRED.error(field="query.employee_id")
    try:
        employee = await directory.employee(str(target))
    except UpstreamUnavailable as exc:
        raise upstream_error("positions", exc) from None
    if employee is None or not same_agency(p, uuid.UUID(str(employee.get("agency_id")))):
        raise NotFound("Pegawai", target, field="query.employee_id")
    await require_person_scope(p, directory, employee)
    agency = uuid.UUID(str(employee["agency_id"]))
    sels = (await session.execute(sa.select(Selection).where(Selection.agency_id == agency,
                                                             Selection.status == "REGISTRATION")
                                  .order_by(Selection.id))).scalars().all()
    applied = {r[0]: r[1] for r in (await session.execute(sa.select(Application.selection_id, Application.id).where(
        Application.employee_id == target, Application.agency_id == agency))).all()}
    out = []
    for sel in sels:
        end = date.fromisoformat(sel.schedule["registration_end"]) if sel.schedule else None
        if end is not None and today(sel.agency_id) > end:
            continue  # registration has ended: no application is accepted any more
        probe = Application(applicant_type="INTERNAL", employee_id=target, declared={})
        gathered, result = await evaluate(directory, sel, probe)
        out.append({"selection_id": sel.id, "title": sel.title, "kind": sel.kind, "position_ids": sel.position_ids,
                    "registration_end": end, "employee_id": target, "eligibility_status": result.status.value,
                    "eligibility": jsonable_encoder(result.to_dict()),
                    "unreachable_sources": sorted(set(gathered.unreachable)),
                    "application_id": applied.get(sel.id)})
    return out
