"""The audit view's pure parts: the merge of several services' entries, how a selection's entries name the
assignment of its appointment, and when that link is confirmed by the assignment's own creation entry."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from merit_gateway.audit.schemas import TrailEntryOut
from merit_gateway.audit.service import TRAIL_SORT, Filters, appointments, link_verified, merge
from merit_shared.api import parse_sort
from merit_shared.auth import Principal, Role
from merit_shared.authz import AuditReader
from merit_shared.errors import DomainError

T0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
EMP, POS, ASG = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
DECISION = {"employee_id": EMP, "position_id": POS, "sk_number": "821.2/07/2026", "tmt_start": "2026-03-02"}


def entry(action: str, minutes: int, after: Any = None, service: str = "recruitment", entity: str = "selection",
          actor: str = "ppk") -> TrailEntryOut:
    return TrailEntryOut(id=uuid.uuid4(), agency_id=None, actor=actor, at=T0 + timedelta(minutes=minutes),
                         action=action, entity=entity, entity_id="x", after=after, service=service)  # type: ignore[arg-type]


def test_merge_orders_every_service_by_the_sort_then_service_and_id() -> None:
    a, b, c = entry("x", 1, service="positions"), entry("y", 3), entry("z", 2, service="evaluation")
    newest = parse_sort(None, TRAIL_SORT, "-at")
    assert [e.action for e in merge([a, b, c], newest)] == ["y", "z", "x"]
    assert [e.action for e in merge([a, b, c], parse_sort("at", TRAIL_SORT, "-at"))] == ["x", "z", "y"]
    assert [e.service for e in merge([a, b, c], parse_sort("service,-at", TRAIL_SORT, "-at"))] == [
        "evaluation", "positions", "recruitment"]
    same = [entry("t", 5, service=s) for s in ("recruitment", "positions")]
    assert [e.service for e in merge(same, newest)] == ["positions", "recruitment"]  # ties: by service


def test_appointments_pair_each_appoint_with_the_decision_before_it() -> None:
    first = {**DECISION, "employee_id": str(uuid.uuid4())}
    entries = [entry("appoint", 9, {"status": "APPOINTED", "assignment_id": ASG}), entry("decide", 1, first),
               entry("appointment_refused", 2, {"status": 422}), entry("decide", 3, DECISION),
               entry("decide", 3, {"status": "DECISION", "chosen_application_id": "a"}),  # the transition's own
               entry("close", 10, {"status": "CLOSED"}), entry("appoint", 11, {"status": "APPOINTED"})]
    assert appointments(entries) == [(ASG, DECISION)]  # sorted by time; an appoint without an id names nothing
    assert appointments([entry("decide", 1, DECISION)]) == []  # not confirmed yet: no assignment


def created(**overrides: Any) -> list[TrailEntryOut]:
    after = {"id": ASG, "employee_id": EMP, "position_id": POS, "sk_number": "821.2/07/2026",
             "reason": "selection_result", **overrides}
    return [entry("assignment.create", 5, after, service="positions", entity="assignment", actor="svc-recruitment")]


@pytest.mark.parametrize(("assignment", "decision", "verified"), [
    (created(), DECISION, True),
    (created(reason="promotion"), DECISION, False),  # an assignment made otherwise, not from this selection
    (created(sk_number="821/lain"), DECISION, False),  # another SK than the PPK's decision
    (created(employee_id=str(uuid.uuid4())), DECISION, False),
    (created(position_id=str(uuid.uuid4())), DECISION, False),
    (created(), {}, False),  # no decision found before the appoint entry
    ([], DECISION, False),  # the assignment's creation is not on the trail
])
def test_the_link_is_verified_only_when_the_assignment_carries_out_the_decision(
        assignment: list[TrailEntryOut], decision: dict[str, Any], verified: bool) -> None:
    assert link_verified(decision, assignment) is verified


def test_filters_refuse_a_reversed_range_and_pass_only_the_services_filters() -> None:
    f = Filters(entity="selection", entity_id="1", date_from=T0.date(), service="recruitment")
    assert f.query() == {"entity": "selection", "entity_id": "1", "date_from": "2026-03-01"}
    assert f.sources() == ("recruitment",) and Filters().sources() == ("positions", "evaluation", "recruitment",
                                                                         "gateway")
    with pytest.raises(DomainError) as exc:
        Filters(date_from=T0.date(), date_to=T0.date() - timedelta(days=1)).check()
    assert exc.value.code == "date_range_reversed"


async def test_the_auditor_is_read_only_and_reads_audit_trails() -> None:
    auditor = Principal(subject="inspektorat", roles=frozenset({Role.AUDITOR.value}), agency_id=str(uuid.uuid4()))
    assert auditor.is_read_only
    assert not Principal(subject="svc", roles=frozenset({Role.SERVICE.value})).is_read_only
    reader = AuditReader.__metadata__[0].dependency  # require_roles(AGENCY_ADMIN, PPK, AUDITOR)
    assert await reader(principal=auditor) is auditor
    with pytest.raises(DomainError):
        await reader(principal=Principal(subject="e", roles=frozenset({Role.EMPLOYEE.value}), agency_id="x"))
