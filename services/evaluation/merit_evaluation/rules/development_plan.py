"""Individual development plan (IDP) lifecycle (state machine)::

    DRAFT --SUBMIT--> SUBMITTED --APPROVE--> APPROVED
                      SUBMITTED --RETURN---> DRAFT      (returned to the proposer for revision)
    APPROVED --REOPEN--> DRAFT                          (to change the activities; realised ones stay linked)

Activities are added and removed only in DRAFT. A disallowed action raises 409 naming the allowed actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from merit_evaluation.rules.errors import INVALID_DEVELOPMENT_PLAN_TRANSITION

from ._common import parse_enum


class IdpState(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"


class IdpAction(StrEnum):
    SUBMIT = "SUBMIT"
    APPROVE = "APPROVE"
    RETURN = "RETURN"
    REOPEN = "REOPEN"


IDP_TRANSITIONS: Mapping[tuple[IdpState, IdpAction], IdpState] = MappingProxyType({
    (IdpState.DRAFT, IdpAction.SUBMIT): IdpState.SUBMITTED,
    (IdpState.SUBMITTED, IdpAction.APPROVE): IdpState.APPROVED,
    (IdpState.SUBMITTED, IdpAction.RETURN): IdpState.DRAFT,
    (IdpState.APPROVED, IdpAction.REOPEN): IdpState.DRAFT,
})


def idp_actions(state: IdpState | str) -> tuple[IdpAction, ...]:
    """Actions the state machine allows from ``state``."""
    s = parse_enum(IdpState, state, "state", "invalid_idp_state")
    return tuple(a for (st, a) in IDP_TRANSITIONS if st is s)


def idp_transition(state: IdpState | str, action: IdpAction | str) -> IdpState:
    """Next state after ``action``; 409 ``invalid_development_plan_transition`` naming the allowed actions."""
    s = parse_enum(IdpState, state, "state", "invalid_idp_state")
    a = parse_enum(IdpAction, action, "action", "invalid_idp_action")
    nxt = IDP_TRANSITIONS.get((s, a))
    if nxt is None:
        allowed = [x.value for x in idp_actions(s)]
        raise INVALID_DEVELOPMENT_PLAN_TRANSITION.error(
            action=a.value, state=s.value, listed=", ".join(allowed) or "-",
            extra={"allowed_actions": allowed, "state": s.value, "action": a.value})
    return nxt
