"""SKP plan lifecycle (state machine)::

    DRAFT --SUBMIT--> SUBMITTED --APPROVE--> APPROVED --START--> IN_PROGRESS --FINALIZE--> FINAL
                      SUBMITTED --RETURN---> DRAFT         (returned/rejected for revision)
    APPROVED | IN_PROGRESS --AMEND--> DRAFT                 (new version)

``AMEND`` creates a **new version** of the plan in DRAFT (``creates_new_version``): the service keeps
the amended version read-only (superseded) and the new version goes through SUBMIT/APPROVE again.
FINAL is terminal. A disallowed action raises ``Conflict`` (409) naming the allowed actions.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from merit_evaluation.rules.errors import INVALID_SKP_TRANSITION

from ._common import parse_enum


class SkpState(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    APPROVED = "APPROVED"
    IN_PROGRESS = "IN_PROGRESS"
    FINAL = "FINAL"


class SkpAction(StrEnum):
    SUBMIT = "SUBMIT"
    RETURN = "RETURN"
    APPROVE = "APPROVE"
    START = "START"
    FINALIZE = "FINALIZE"
    AMEND = "AMEND"


_S, _A = SkpState, SkpAction
#: (state, action) → next state. Order of actions per state is the display order.
TRANSITIONS: Mapping[tuple[SkpState, SkpAction], SkpState] = MappingProxyType({
    (_S.DRAFT, _A.SUBMIT): _S.SUBMITTED,
    (_S.SUBMITTED, _A.APPROVE): _S.APPROVED,
    (_S.SUBMITTED, _A.RETURN): _S.DRAFT,
    (_S.APPROVED, _A.START): _S.IN_PROGRESS,
    (_S.APPROVED, _A.AMEND): _S.DRAFT,
    (_S.IN_PROGRESS, _A.FINALIZE): _S.FINAL,
    (_S.IN_PROGRESS, _A.AMEND): _S.DRAFT,
})

NEW_VERSION_ACTIONS: frozenset[SkpAction] = frozenset({SkpAction.AMEND})


def allowed_actions(state: SkpState | str) -> tuple[SkpAction, ...]:
    """Actions allowed from ``state`` (empty for FINAL)."""
    s = parse_enum(SkpState, state, "state", "invalid_skp_state")
    return tuple(a for (st, a) in TRANSITIONS if st is s)


def creates_new_version(action: SkpAction | str) -> bool:
    """True when the action starts a new plan version (AMEND)."""
    return parse_enum(SkpAction, action, "action", "invalid_skp_action") in NEW_VERSION_ACTIONS


def transition(state: SkpState | str, action: SkpAction | str) -> SkpState:
    """Next state after ``action``; raises ``Conflict(code="invalid_skp_transition")`` if not allowed."""
    s = parse_enum(SkpState, state, "state", "invalid_skp_state")
    a = parse_enum(SkpAction, action, "action", "invalid_skp_action")
    nxt = TRANSITIONS.get((s, a))
    if nxt is None:
        allowed = [x.value for x in allowed_actions(s)]
        listed = ", ".join(allowed) or "-"
        raise INVALID_SKP_TRANSITION.error(
            listed=listed,
            value=a.value,
            value_2=s.value,
            extra={"allowed_actions": allowed, "state": s.value, "action": a.value},
        )
    return nxt
