"""Safeguards of an open selection (rules/safeguards.py): declaration before score, four eyes, the appeal gate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from merit_recruitment.rules import SelectionAction
from merit_recruitment.rules.safeguards import (
    Actor,
    AppealGate,
    AppealWindow,
    Applicant,
    Declaration,
    RegistryLink,
    appeal_decision_block,
    appeal_gate_block,
    ensure_declaration_change,
    ensure_may_score,
    gated,
    registry_conflict,
    second_check_block,
    voids_scores,
)
from merit_shared.errors import Conflict

NO, YES = Declaration(False), Declaration(True, "Atasan langsung pelamar")


@pytest.mark.parametrize("declaration, code", [
    (None, "declaration_required"),   # never declared: no score yet
    (YES, "conflict_of_interest"),    # declared a conflict: another member scores
    (NO, None),                       # declared no conflict: may score
])
def test_recruitment_declaration_before_score(declaration: Declaration | None, code: str | None) -> None:
    if code is None:
        ensure_may_score("m1", "a1", declaration)
        return
    with pytest.raises(Conflict) as exc:
        ensure_may_score("m1", "a1", declaration)
    assert exc.value.code == code


@pytest.mark.parametrize("previous, new, voids, final", [
    (None, NO, False, False),
    (None, YES, True, False),    # a first declaration of a conflict voids whatever was scored
    (NO, YES, True, False),      # a conflict declared after scoring voids the scores
    (YES, YES, False, False),    # already void; the reason may be restated
    (NO, NO, False, False),
    (YES, NO, False, True),      # a declared conflict is final: no voiding then restoring
])
def test_recruitment_declaration_changes(previous: Declaration | None, new: Declaration, voids: bool,
                                         final: bool) -> None:
    assert voids_scores(previous, new) is voids
    if final:
        with pytest.raises(Conflict) as exc:
            ensure_declaration_change(previous, new)
        assert exc.value.code == "conflict_declaration_final"
    else:
        ensure_declaration_change(previous, new)


APPLICANT = Applicant("e-siti", "197501012000032001")


@pytest.mark.parametrize("actor, verifier, conflicted, code", [
    (Actor("kabid", "e-kabid", "196801011990031001"), "admin", False, None),
    (Actor("admin"), "admin", False, "same_person"),                           # the verifier checks again
    (Actor("siti", "e-siti"), "admin", False, "own_application"),             # the applicant by employee record
    (Actor("siti2", None, "197501012000032001"), "admin", False, "own_application"),  # ... or by NIP
    (Actor("kabid", "e-kabid"), "admin", True, "conflicted_person"),           # declared a conflict
    (Actor("kabid", "e-kabid"), None, False, None),                            # nobody verified yet (not asked)
])
def test_recruitment_four_eyes_second_check(actor: Actor, verifier: str | None, conflicted: bool,
                                            code: str | None) -> None:
    block = second_check_block(actor, APPLICANT, verifier=verifier, conflicted=conflicted)
    assert (block.code if block else None) == code


@pytest.mark.parametrize("actor, scored, conflicted, code", [
    (Actor("admin"), False, False, None),
    (Actor("siti", "e-siti"), False, False, "own_application"),
    (Actor("admin"), True, False, "appeal_decider_scored"),   # a member whose score is appealed
    (Actor("admin"), False, True, "conflicted_person"),
])
def test_recruitment_four_eyes_appeal_decision(actor: Actor, scored: bool, conflicted: bool,
                                               code: str | None) -> None:
    block = appeal_decision_block(actor, APPLICANT, scored_applicant=scored, conflicted=conflicted)
    assert (block.code if block else None) == code


T0 = datetime(2026, 3, 9, 3, 0, tzinfo=UTC)


@pytest.mark.parametrize("windows, pending, at, code", [
    ((), 0, T0, None),
    (((1, 3),), 0, T0, "appeal_window_open"),                          # 3-day window, just published
    (((1, 3),), 0, T0 + timedelta(days=3) - timedelta(seconds=1), "appeal_window_open"),
    (((1, 3),), 0, T0 + timedelta(days=3), None),                      # the deadline itself is closed
    (((1, 3),), 2, T0 + timedelta(days=3), "appeals_pending"),         # windows closed, 2 undecided
    (((1, 0),), 0, T0, None),                                          # a 0-day policy: no window
    (((1, 0),), 0, T0 + timedelta(microseconds=1), None),
])
def test_recruitment_appeal_gate(windows: tuple[tuple[int, int], ...], pending: int, at: datetime,
                                 code: str | None) -> None:
    gate = AppealGate(tuple(AppealWindow(n, T0 + timedelta(days=d)) for n, d in windows), pending)
    block = appeal_gate_block(gate, at)
    assert (block.code if block else None) == code


@pytest.mark.parametrize("windows, pending, rescores, code", [
    ((), 0, 1, "rescore_pending"),                   # an accepted appeal's re-score not completed
    (((1, 3),), 1, 1, "rescore_pending"),            # named before an open window or an undecided appeal
    (((1, 3),), 0, 0, "appeal_window_open"),
    ((), 0, 0, None),
])
def test_recruitment_appeal_gate_waits_for_the_rescore(windows: tuple[tuple[int, int], ...], pending: int,
                                                       rescores: int, code: str | None) -> None:
    gate = AppealGate(tuple(AppealWindow(n, T0 + timedelta(days=d)) for n, d in windows), pending, rescores)
    block = appeal_gate_block(gate, T0)
    assert (block.code if block else None) == code
    if block is not None and code == "rescore_pending":
        assert block.extra == {"pending_rescores": rescores}
    _allowed, held = gated([SelectionAction.ADVANCE_STAGE, SelectionAction.SUBMIT_PROPOSAL], gate, T0)
    assert set(held) == (set() if code is None else {SelectionAction.ADVANCE_STAGE, SelectionAction.SUBMIT_PROPOSAL})


def test_recruitment_appeal_gate_names_the_last_window_and_holds_only_the_gated_actions() -> None:
    gate = AppealGate((AppealWindow(2, T0 + timedelta(days=1)), AppealWindow(3, T0 + timedelta(days=3))), 0)
    block = appeal_gate_block(gate, T0)
    assert block is not None and block.extra["announcement_number"] == 3
    assert (T0 + timedelta(days=3)).isoformat() in block.message_en and block.extra["until"] in block.message_id
    actions = [SelectionAction.ADVANCE_STAGE, SelectionAction.CANCEL, SelectionAction.SUBMIT_PROPOSAL,
               SelectionAction.START_ASSESSMENT]
    ok, held = gated(actions, gate, T0)
    assert ok == [SelectionAction.CANCEL]
    assert set(held) == {SelectionAction.ADVANCE_STAGE, SelectionAction.SUBMIT_PROPOSAL,
                         SelectionAction.START_ASSESSMENT}
    assert gated(actions, gate, T0 + timedelta(days=3)) == (actions, {})
    assert gated(actions, None, T0) == (actions, {})  # no gate given: nothing held


@pytest.mark.parametrize("flag, declaration, code", [
    ("OPEN", NO, "conflict_flag_open"),        # the chair has not decided the registry's flag
    ("DISMISSED", NO, None),                   # dismissed with a reason: the member's own declaration applies
    ("DISMISSED", None, "declaration_required"),
    ("CONFIRMED", YES, "conflict_of_interest"),
])
def test_recruitment_registry_flag_before_score(flag: str, declaration: Declaration | None, code: str | None) -> None:
    if code is None:
        ensure_may_score("m1", "a1", declaration, flag)
        return
    with pytest.raises(Conflict) as exc:
        ensure_may_score("m1", "a1", declaration, flag)
    assert exc.value.code == code


@pytest.mark.parametrize("member, applicant, basis", [
    (RegistryLink("kabid", "kadis"), RegistryLink("kasi", "kabid"), "DIRECT_SUPERVISOR"),
    (RegistryLink("kasi", "kabid"), RegistryLink("kabid", "kadis"), "DIRECT_SUBORDINATE"),
    (RegistryLink("kasi1", "kabid"), RegistryLink("kasi2", "kabid"), "SAME_UNIT_HEAD"),
    (RegistryLink("kasi1", "kabid1"), RegistryLink("kasi2", "kabid2"), None),
    (RegistryLink("kadis", None), RegistryLink("sekda", None), None),   # nobody above either: no link
    (RegistryLink("kasi", "kabid"), RegistryLink("kasi", "kabid"), None),
])
def test_recruitment_registry_conflict(member: RegistryLink, applicant: RegistryLink, basis: str | None) -> None:
    assert registry_conflict(member, applicant) == basis


def test_recruitment_appeal_gate_names_the_end_rounded_up_to_the_second() -> None:
    published = T0 + timedelta(microseconds=250_000)
    block = appeal_gate_block(AppealGate((AppealWindow(1, published + timedelta(days=3)),)), published)
    assert block is not None and block.extra["until"] == (T0 + timedelta(days=3, seconds=1)).isoformat()
    assert appeal_gate_block(AppealGate((AppealWindow(1, published),)), published) is None  # 0 days: closed at once
