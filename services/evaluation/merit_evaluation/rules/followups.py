"""Follow-up of ratings and talent placements: which follow-up, its due date, its lifecycle (pure, no I/O).

PermenPANRB 6/2022 has the results of performance evaluation followed up: high performers are rewarded
(penghargaan: recognition, priority for competency development, consideration for promotion or the talent pool),
and employees below expectation receive coaching (pembinaan kinerja). PermenPANRB 3/2020 recommends for the nine-box
awards and the succession group in boxes 7–9 and coaching/counselling in boxes 1–3. Which predikat and which box
lead to which follow-up, the reward options and the deadlines are agency policy (MED), kept in ``FollowupPolicy``
(defaults below, stored in the evaluation policy's ``followups`` section):

* predikat: SANGAT_BAIK → REWARD; BAIK → none; BUTUH_PERBAIKAN, KURANG (Kurang/Misconduct), SANGAT_KURANG → COACHING;
* box: 7, 8, 9 → REWARD; 4, 5, 6 → none; 1, 2, 3 → COACHING;
* reward options: RECOGNITION, DEVELOPMENT_PRIORITY, PROMOTION_CONSIDERATION, TALENT_POOL;
* due: REWARD 30 days, COACHING 180 days after the day it is created (the agency's calendar day);
* rating sources that create follow-ups: ``recorded``, ``skp`` and ``import``.

Lifecycle (the same table answers ``allowed_actions`` and guards each action)::

    REWARD    OPEN --DECIDE--> DECIDED | OPEN --DECLINE--> DECLINED | OPEN --CANCEL--> CANCELLED
    COACHING  DRAFT --ACTIVATE--> ACTIVE --CLOSE(outcome)--> COMPLETED (improved / not improved)
                                         --CLOSE(escalated)--> ESCALATED
              DRAFT | ACTIVE --UPDATE_PLAN--> same state;  ACTIVE --ADD_NOTE--> ACTIVE;
              DRAFT | ACTIVE --CANCEL--> CANCELLED

Who: the owner (coach or decider) and the admins of the employee (agency admin, unit admin of the subtree) decide,
plan, activate and close; only an admin cancels; the employee may add a progress note to their own ACTIVE plan
(their side of the coaching conversation), as may the owner and the admins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from merit_evaluation.rules.errors import (
    FOLLOWUP_TRANSITION_NOT_ALLOWED,
    INVALID_FOLLOWUP_POLICY_BOX,
    INVALID_FOLLOWUP_POLICY_DUE_DAYS,
    INVALID_FOLLOWUP_POLICY_KIND,
    INVALID_FOLLOWUP_POLICY_OPTIONS,
    INVALID_FOLLOWUP_POLICY_SOURCES,
    INVALID_FOLLOWUP_POLICY_UNKNOWN_KEY,
)
from merit_shared.vocab import Predikat

from ._common import parse_enum
from .predikat import parse_predikat


class FollowupKind(StrEnum):
    REWARD = "REWARD"
    COACHING = "COACHING"


class FollowupState(StrEnum):
    OPEN = "OPEN"
    DECIDED = "DECIDED"
    DECLINED = "DECLINED"
    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    ESCALATED = "ESCALATED"
    CANCELLED = "CANCELLED"


class FollowupAction(StrEnum):
    DECIDE = "DECIDE"
    DECLINE = "DECLINE"
    UPDATE_PLAN = "UPDATE_PLAN"
    ACTIVATE = "ACTIVATE"
    ADD_NOTE = "ADD_NOTE"
    CLOSE = "CLOSE"
    CANCEL = "CANCEL"


class CoachingOutcome(StrEnum):
    IMPROVED = "IMPROVED"
    NOT_IMPROVED = "NOT_IMPROVED"
    ESCALATED = "ESCALATED"


class RewardOption(StrEnum):
    RECOGNITION = "RECOGNITION"
    DEVELOPMENT_PRIORITY = "DEVELOPMENT_PRIORITY"
    PROMOTION_CONSIDERATION = "PROMOTION_CONSIDERATION"
    TALENT_POOL = "TALENT_POOL"


class SourceKind(StrEnum):
    ANNUAL_RATING = "annual_rating"
    TALENT_PLACEMENT = "talent_placement"


RATING_SOURCES: tuple[str, ...] = ("recorded", "skp", "import")
NONE = "NONE"

_S, _A, _K = FollowupState, FollowupAction, FollowupKind
INITIAL_STATE: Mapping[FollowupKind, FollowupState] = MappingProxyType({_K.REWARD: _S.OPEN, _K.COACHING: _S.DRAFT})
#: (kind, state, action) → next state; CLOSE's target depends on the outcome (``close_state``).
TRANSITIONS: Mapping[tuple[FollowupKind, FollowupState, FollowupAction], FollowupState] = MappingProxyType({
    (_K.REWARD, _S.OPEN, _A.DECIDE): _S.DECIDED,
    (_K.REWARD, _S.OPEN, _A.DECLINE): _S.DECLINED,
    (_K.REWARD, _S.OPEN, _A.CANCEL): _S.CANCELLED,
    (_K.COACHING, _S.DRAFT, _A.UPDATE_PLAN): _S.DRAFT,
    (_K.COACHING, _S.DRAFT, _A.ACTIVATE): _S.ACTIVE,
    (_K.COACHING, _S.DRAFT, _A.CANCEL): _S.CANCELLED,
    (_K.COACHING, _S.ACTIVE, _A.UPDATE_PLAN): _S.ACTIVE,
    (_K.COACHING, _S.ACTIVE, _A.ADD_NOTE): _S.ACTIVE,
    (_K.COACHING, _S.ACTIVE, _A.CLOSE): _S.COMPLETED,
    (_K.COACHING, _S.ACTIVE, _A.CANCEL): _S.CANCELLED,
})
CLOSED_STATES: frozenset[FollowupState] = frozenset({_S.DECIDED, _S.DECLINED, _S.COMPLETED, _S.ESCALATED,
                                                     _S.CANCELLED})
#: The caller's relations to a follow-up that may take each action.
ACTORS: Mapping[FollowupAction, frozenset[str]] = MappingProxyType({
    _A.DECIDE: frozenset({"owner", "admin"}), _A.DECLINE: frozenset({"owner", "admin"}),
    _A.UPDATE_PLAN: frozenset({"owner", "admin"}), _A.ACTIVATE: frozenset({"owner", "admin"}),
    _A.CLOSE: frozenset({"owner", "admin"}), _A.ADD_NOTE: frozenset({"owner", "admin", "employee"}),
    _A.CANCEL: frozenset({"admin"}),
})


def state_actions(kind: FollowupKind | str, state: FollowupState | str) -> tuple[FollowupAction, ...]:
    """The actions the state machine allows from ``state`` (whoever asks)."""
    k, s = FollowupKind(kind), FollowupState(state)
    return tuple(a for (kk, ss, a) in TRANSITIONS if kk is k and ss is s)


def allowed_actions(kind: FollowupKind | str, state: FollowupState | str,
                    relations: Iterable[str]) -> list[FollowupAction]:
    """The actions a caller with ``relations`` (owner, admin, employee) may take now: what every action checks."""
    rel = set(relations)
    return [a for a in state_actions(kind, state) if rel & ACTORS[a]]


def close_state(outcome: CoachingOutcome | str) -> FollowupState:
    """An escalated plan ends ESCALATED (handled under the disciplinary/performance rules); else COMPLETED."""
    return _S.ESCALATED if CoachingOutcome(outcome) is CoachingOutcome.ESCALATED else _S.COMPLETED


def transition(kind: FollowupKind | str, state: FollowupState | str, action: FollowupAction | str,
               outcome: CoachingOutcome | str | None = None) -> FollowupState:
    """The next state, or 409 ``followup_transition_not_allowed`` naming the actions the state allows."""
    k, s, a = FollowupKind(kind), FollowupState(state), FollowupAction(action)
    nxt = TRANSITIONS.get((k, s, a))
    if nxt is None:
        allowed = [x.value for x in state_actions(k, s)]
        raise FOLLOWUP_TRANSITION_NOT_ALLOWED.error(
            action=a.value, state=s.value, listed=", ".join(allowed) or "-",
            extra={"allowed_actions": allowed, "state": s.value, "action": a.value})
    if a is _A.CLOSE and outcome is not None:
        return close_state(outcome)
    return nxt


_DEFAULT_BY_PREDIKAT: Mapping[Predikat, FollowupKind | None] = MappingProxyType({
    Predikat.SANGAT_BAIK: _K.REWARD, Predikat.BAIK: None, Predikat.BUTUH_PERBAIKAN: _K.COACHING,
    Predikat.KURANG: _K.COACHING, Predikat.SANGAT_KURANG: _K.COACHING,
})
_DEFAULT_BY_BOX: Mapping[int, FollowupKind | None] = MappingProxyType({
    1: _K.COACHING, 2: _K.COACHING, 3: _K.COACHING, 4: None, 5: None, 6: None,
    7: _K.REWARD, 8: _K.REWARD, 9: _K.REWARD,
})
_DEFAULT_DUE_DAYS: Mapping[FollowupKind, int] = MappingProxyType({_K.REWARD: 30, _K.COACHING: 180})


def _kind_or_none(value: Any, fld: str) -> FollowupKind | None:
    if value is None or (isinstance(value, str) and value.strip().upper() == NONE):
        return None
    if isinstance(value, str) and value.strip().upper() in FollowupKind.__members__:
        return FollowupKind(value.strip().upper())
    raise INVALID_FOLLOWUP_POLICY_KIND.error(field=fld, fld=fld, value=value)


@dataclass(frozen=True)
class FollowupPolicy:
    """The agency's follow-up policy (module docstring: defaults and meaning)."""

    by_predikat: Mapping[Predikat, FollowupKind | None] = field(default_factory=lambda: _DEFAULT_BY_PREDIKAT)
    by_box: Mapping[int, FollowupKind | None] = field(default_factory=lambda: _DEFAULT_BY_BOX)
    reward_options: tuple[RewardOption, ...] = tuple(RewardOption)
    due_days: Mapping[FollowupKind, int] = field(default_factory=lambda: _DEFAULT_DUE_DAYS)
    rating_sources: frozenset[str] = frozenset(RATING_SOURCES)

    def to_dict(self) -> dict[str, Any]:
        return {
            "by_predikat": {p.value: (k.value if k else NONE) for p, k in self.by_predikat.items()},
            "by_box": {str(b): (k.value if k else NONE) for b, k in sorted(self.by_box.items())},
            "reward_options": [o.value for o in self.reward_options],
            "due_days": {k.value: n for k, n in self.due_days.items()},
            "rating_sources": sorted(self.rating_sources),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> FollowupPolicy:
        data = data or {}
        d = cls()
        unknown = sorted(set(data) - set(d.to_dict()))
        if unknown:
            raise INVALID_FOLLOWUP_POLICY_UNKNOWN_KEY.error(field=unknown[0], listed=", ".join(unknown),
                                                            valid=", ".join(sorted(d.to_dict())))
        by_predikat = dict(d.by_predikat)
        for k, v in dict(data.get("by_predikat") or {}).items():
            by_predikat[parse_predikat(k, "by_predikat")] = _kind_or_none(v, f"by_predikat.{k}")
        by_box = dict(d.by_box)
        for k, v in dict(data.get("by_box") or {}).items():
            box = int(k) if str(k).isdigit() else 0
            if not 1 <= box <= 9:
                raise INVALID_FOLLOWUP_POLICY_BOX.error(field=f"by_box.{k}", value=k)
            by_box[box] = _kind_or_none(v, f"by_box.{k}")
        options = d.reward_options
        if data.get("reward_options") is not None:
            raw = data["reward_options"]
            if not isinstance(raw, list) or not raw:
                raise INVALID_FOLLOWUP_POLICY_OPTIONS.error(field="reward_options")
            options = tuple(parse_enum(RewardOption, o, f"reward_options[{i}]", "invalid_followup_policy")
                            for i, o in enumerate(raw))
            if len(set(options)) != len(options):
                raise INVALID_FOLLOWUP_POLICY_OPTIONS.error(field="reward_options")
        due = dict(d.due_days)
        for k, v in dict(data.get("due_days") or {}).items():
            kind = _kind_or_none(k, f"due_days.{k}")
            if kind is None or isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 730:
                raise INVALID_FOLLOWUP_POLICY_DUE_DAYS.error(field=f"due_days.{k}")
            due[kind] = v
        sources = d.rating_sources
        if data.get("rating_sources") is not None:
            raw = data["rating_sources"]
            if not isinstance(raw, list) or any(s not in RATING_SOURCES for s in raw):
                raise INVALID_FOLLOWUP_POLICY_SOURCES.error(field="rating_sources",
                                                            listed=", ".join(RATING_SOURCES))
            sources = frozenset(raw)
        return cls(by_predikat, by_box, options, due, sources)


DEFAULT_FOLLOWUP_POLICY = FollowupPolicy()


def followup_kind(policy: FollowupPolicy = DEFAULT_FOLLOWUP_POLICY, *, predikat: Predikat | str | None = None,
                  box: int | None = None, rating_source: str | None = None) -> FollowupKind | None:
    """The follow-up a final rating (``predikat``, from ``rating_source``) or a placement (``box``) calls for."""
    if predikat is not None:
        if rating_source is not None and rating_source not in policy.rating_sources:
            return None
        return policy.by_predikat[parse_predikat(predikat, "predikat")]
    if box is not None:
        return policy.by_box[box]
    return None


def due_on(created_on: date, kind: FollowupKind | str, policy: FollowupPolicy = DEFAULT_FOLLOWUP_POLICY) -> date:
    """The day a follow-up is due: ``due_days`` calendar days after the day it was created."""
    return created_on + timedelta(days=policy.due_days[FollowupKind(kind)])


def is_overdue(state: FollowupState | str, due: date, open_milestones: Iterable[date], today: date) -> bool:
    """Not closed and its due date, or a milestone not yet done, lies before ``today``."""
    if FollowupState(state) in CLOSED_STATES:
        return False
    return due < today or any(m < today for m in open_milestones)
