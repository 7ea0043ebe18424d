"""Safeguards that keep an open selection from being gamed (open, competitive selection under PP 11/2017 jo
PP 17/2020 and PermenPANRB 15/2019; appeals (sanggah) follow published results, MED). The rules below are this
system's policy for an impartial committee, not text quoted from the regulations. No I/O.

* Declaration before score: a member scores an applicant only after declaring, for that applicant, "no conflict".
  A conflict declared later voids that member's earlier scores for the applicant, and is final: a member who
  declared a conflict cannot turn it back into "no conflict" (that would let a member void and restore scores).
* Registry conflicts: the registry raises a conflict between an internal member and an internal applicant when
  the member is the applicant's direct supervisor (evaluator), the applicant is the member's, or both report to
  the same unit head. The flag blocks the member's scores for that applicant until the chair decides it:
  confirmed, it is a declared conflict; dismissed (with a reason), the member's own declaration applies.
* Four eyes: the second check is made by someone other than the verifier, never by the applicant and never by
  someone with a conflict of interest with the applicant; an appeal is decided by neither the applicant, nor a
  member whose score is appealed, nor someone with a conflict.
* Appeal gate: the next stage (and the proposal to the PPK) does not start while an appeal window of a result
  announcement is open or an appeal is undecided (policy: the window length is ``appeal_window_days``), nor while
  the re-score an accepted appeal against a scored stage opened is not completed (named first: it is the
  committee's work to do, where a window only needs time).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from merit_recruitment.rules.errors import (
    APPEAL_DECIDER_SCORED,
    APPEAL_WINDOW_OPEN,
    APPEALS_PENDING,
    CONFLICT_DECLARATION_FINAL,
    CONFLICT_FLAG_OPEN,
    CONFLICTED_PERSON,
    DECLARATION_REQUIRED,
    OWN_APPLICATION,
    RESCORE_PENDING,
    SAME_PERSON,
)
from merit_shared.errors import Conflict, DomainError

from .committee import ConflictOfInterest, ensure_can_score
from .lifecycle import SelectionAction
from .vocab import require_aware

# --- declaration before score -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    """A member's declaration for one applicant."""

    has_conflict: bool
    reason: str = ""


def ensure_may_score(member_id: str, applicant_id: str, declaration: Declaration | None,
                     flag: str | None = None) -> None:
    """409 ``declaration_required`` without a declaration, ``conflict_of_interest`` with a declared conflict,
    ``conflict_flag_open`` while a conflict the registry raised (``flag``: its status) awaits the chair."""
    if flag == "OPEN":
        raise CONFLICT_FLAG_OPEN.error(extra={"member_id": member_id, "applicant_id": applicant_id})
    if declaration is None:
        raise DECLARATION_REQUIRED.error(extra={"member_id": member_id, "applicant_id": applicant_id})
    if declaration.has_conflict:
        ensure_can_score(member_id, applicant_id, [ConflictOfInterest(member_id, applicant_id, declaration.reason)])


def ensure_declaration_change(previous: Declaration | None, new: Declaration) -> None:
    """A declared conflict is final (409 ``conflict_declaration_final`` when turned back into "no conflict")."""
    if previous is not None and previous.has_conflict and not new.has_conflict:
        raise CONFLICT_DECLARATION_FINAL.error()


def voids_scores(previous: Declaration | None, new: Declaration) -> bool:
    """True when this declaration must void the member's scores for the applicant (a new conflict)."""
    return new.has_conflict and not (previous is not None and previous.has_conflict)


# --- conflicts the registry raises ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RegistryLink:
    """A person in the registry: their employee record and their direct supervisor's (the evaluator's)."""

    employee_id: str
    supervisor_id: str | None


def registry_conflict(member: RegistryLink, applicant: RegistryLink) -> str | None:
    """The basis of a conflict the registry shows between a member and an applicant, or None."""
    if member.employee_id == applicant.employee_id:
        return None  # one person: the applicant cannot be on the committee at all (not a supervision link)
    if applicant.supervisor_id is not None and applicant.supervisor_id == member.employee_id:
        return "DIRECT_SUPERVISOR"  # the member supervises the applicant
    if member.supervisor_id is not None and member.supervisor_id == applicant.employee_id:
        return "DIRECT_SUBORDINATE"  # the applicant supervises the member
    if member.supervisor_id is not None and member.supervisor_id == applicant.supervisor_id:
        return "SAME_UNIT_HEAD"
    return None


# --- four eyes ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Actor:
    """Who acts: the login and, when known, the employee record and NIP."""

    subject: str
    employee_id: str | None = None
    nip: str | None = None


@dataclass(frozen=True)
class Applicant:
    employee_id: str | None
    nip: str


def is_applicant(actor: Actor, applicant: Applicant) -> bool:
    return bool((actor.employee_id and actor.employee_id == applicant.employee_id)
                or (actor.nip and actor.nip == applicant.nip))


def _own() -> DomainError:
    return OWN_APPLICATION.error()


def _conflicted() -> DomainError:
    return CONFLICTED_PERSON.error()


def second_check_block(actor: Actor, applicant: Applicant, *, verifier: str | None,
                       conflicted: bool) -> Conflict | None:
    """Why ``actor`` may not make the second check (None: they may)."""
    if verifier is not None and actor.subject == verifier:
        return SAME_PERSON.error()
    if is_applicant(actor, applicant):
        return _own()
    if conflicted:
        return _conflicted()
    return None


def appeal_decision_block(actor: Actor, applicant: Applicant, *, scored_applicant: bool,
                          conflicted: bool) -> Conflict | None:
    """Why ``actor`` may not decide an appeal of ``applicant`` (None: they may)."""
    if is_applicant(actor, applicant):
        return _own()
    if scored_applicant:
        return APPEAL_DECIDER_SCORED.error()
    if conflicted:
        return _conflicted()
    return None


# --- appeal gate ----------------------------------------------------------------------------------------------

#: The transitions that wait for every appeal window and every appeal.
GATED_ACTIONS = frozenset({SelectionAction.START_ASSESSMENT, SelectionAction.ADVANCE_STAGE,
                           SelectionAction.SUBMIT_PROPOSAL})


@dataclass(frozen=True)
class AppealWindow:
    """A result announcement's appeal window: open until ``deadline`` (exclusive)."""

    number: int
    deadline: datetime


@dataclass(frozen=True)
class AppealGate:
    """What the gate needs: the result announcements' windows and how many appeals are undecided."""

    windows: tuple[AppealWindow, ...] = ()
    pending_appeals: int = 0
    pending_rescores: int = 0


def _whole_second(at: datetime) -> datetime:
    """``at`` rounded up to the second: the end a message names is never earlier than the real one."""
    return at if not at.microsecond else at.replace(microsecond=0) + timedelta(seconds=1)


def appeal_gate_block(gate: AppealGate, now: datetime) -> Conflict | None:
    """Why the gated transitions wait (None: they may run). The window named is the one that closes last."""
    require_aware(now, "now")
    if gate.pending_rescores:
        return RESCORE_PENDING.error(n=gate.pending_rescores, extra={"pending_rescores": gate.pending_rescores})
    open_ = [w for w in gate.windows if now < w.deadline]
    if open_:
        last = max(open_, key=lambda w: w.deadline)
        until = _whole_second(last.deadline).isoformat()
        return APPEAL_WINDOW_OPEN.error(number=last.number, until=until, extra={"until": until, "announcement_number": last.number})
    if gate.pending_appeals:
        n = gate.pending_appeals
        return APPEALS_PENDING.error(n=n, extra={"pending_appeals": n})
    return None


def gated(actions: Iterable[SelectionAction], gate: AppealGate | None, now: datetime
          ) -> tuple[list[SelectionAction], dict[SelectionAction, Conflict]]:
    """Split ``actions`` into those allowed now and those the appeal gate blocks (with the reason)."""
    block = appeal_gate_block(gate, now) if gate is not None else None
    allowed: list[SelectionAction] = []
    blocked: dict[SelectionAction, Conflict] = {}
    for a in actions:
        if block is not None and a in GATED_ACTIONS:
            blocked[a] = block
        else:
            allowed.append(a)
    return allowed, blocked
