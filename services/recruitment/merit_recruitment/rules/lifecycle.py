"""Selection state machine and schedule validation (PermenPANRB 15/2019, MED).

States, in order::

    DRAFT -ANNOUNCE-> ANNOUNCED -OPEN_REGISTRATION-> REGISTRATION -CLOSE_REGISTRATION-> SCREENING
    -START_ASSESSMENT-> ASSESSMENT (current_stage 0..n-1, ADVANCE_STAGE moves to the next stage and, from
    the last stage, to FINAL_RANKING) -SUBMIT_PROPOSAL-> PROPOSAL -DECIDE-> DECISION -APPOINT-> APPOINTED
    -CLOSE-> CLOSED

``EXTEND_REGISTRATION`` keeps REGISTRATION (guarded by :class:`ProcessPolicy`); ``CANCEL`` goes from any
non-terminal state to CANCELLED. CLOSED and CANCELLED are terminal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import Enum
from typing import Any

from merit_recruitment.rules.errors import (
    ANNOUNCEMENT_TOO_SHORT,
    NO_STAGES,
    REGISTRATION_EXTENSION_NOT_ALLOWED,
    SCHEDULE_ORDER,
    SCHEDULE_ORDER_REGISTRATION_ENDS_BEFORE_STARTS,
    SCHEDULE_ORDER_STAGE_DATE_MUST_AFTER,
    SCHEDULE_ORDER_STAGE_DATE_PRECEDES_THE,
    SCHEDULE_ORDER_THE_ANNOUNCEMENT_ENDS_BEFORE,
)
from merit_shared.error_codes import TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS
from merit_shared.errors import Invalid


class SelectionStatus(str, Enum):
    DRAFT = "DRAFT"
    ANNOUNCED = "ANNOUNCED"
    REGISTRATION = "REGISTRATION"
    SCREENING = "SCREENING"
    ASSESSMENT = "ASSESSMENT"
    FINAL_RANKING = "FINAL_RANKING"
    PROPOSAL = "PROPOSAL"
    DECISION = "DECISION"
    APPOINTED = "APPOINTED"
    CLOSED = "CLOSED"
    CANCELLED = "CANCELLED"


TERMINAL_STATUSES = frozenset({SelectionStatus.CLOSED, SelectionStatus.CANCELLED})


class SelectionAction(str, Enum):
    ANNOUNCE = "ANNOUNCE"
    OPEN_REGISTRATION = "OPEN_REGISTRATION"
    EXTEND_REGISTRATION = "EXTEND_REGISTRATION"
    CLOSE_REGISTRATION = "CLOSE_REGISTRATION"
    START_ASSESSMENT = "START_ASSESSMENT"
    ADVANCE_STAGE = "ADVANCE_STAGE"
    SUBMIT_PROPOSAL = "SUBMIT_PROPOSAL"
    DECIDE = "DECIDE"
    APPOINT = "APPOINT"
    CLOSE = "CLOSE"
    CANCEL = "CANCEL"


_S, _A = SelectionStatus, SelectionAction
#: Unconditional edges (EXTEND_REGISTRATION, ADVANCE_STAGE and CANCEL are handled separately).
_EDGES: dict[tuple[SelectionStatus, SelectionAction], SelectionStatus] = {
    (_S.DRAFT, _A.ANNOUNCE): _S.ANNOUNCED,
    (_S.ANNOUNCED, _A.OPEN_REGISTRATION): _S.REGISTRATION,
    (_S.REGISTRATION, _A.CLOSE_REGISTRATION): _S.SCREENING,
    (_S.SCREENING, _A.START_ASSESSMENT): _S.ASSESSMENT,
    (_S.FINAL_RANKING, _A.SUBMIT_PROPOSAL): _S.PROPOSAL,
    (_S.PROPOSAL, _A.DECIDE): _S.DECISION,
    (_S.DECISION, _A.APPOINT): _S.APPOINTED,
    (_S.APPOINTED, _A.CLOSE): _S.CLOSED,
}


@dataclass(frozen=True)
class ProcessPolicy:
    """Process settings stored per selection (MED: common practice, not confirmed in regulation text).

    * ``min_announcement_days``: announcement lasts at least 15 calendar days, counting both the first and
      the last day (1-15 January is 15 days).
    * ``max_registration_extensions`` / ``registration_extension_days``: registration may be extended at
      most twice, by 7 calendar days each ...
    * ``extension_applicant_threshold``: ... and only while there are fewer than 4 applicants.
    * ``registration_may_start_on_announcement_day``: by default registration starts strictly after the
      announcement starts; set True to allow the same day.
    * ``auto_extend_registration``: when registration is closed after its scheduled end with fewer applicants
      than the threshold and extensions are left, it is extended instead (recorded like any extension); an
      early close, made with a reason, is the admin's explicit choice and is not extended.
    """

    min_announcement_days: int = 15
    max_registration_extensions: int = 2
    registration_extension_days: int = 7
    extension_applicant_threshold: int = 4
    registration_may_start_on_announcement_day: bool = False
    auto_extend_registration: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"min_announcement_days": self.min_announcement_days,
                "max_registration_extensions": self.max_registration_extensions,
                "registration_extension_days": self.registration_extension_days,
                "extension_applicant_threshold": self.extension_applicant_threshold,
                "registration_may_start_on_announcement_day": self.registration_may_start_on_announcement_day,
                "auto_extend_registration": self.auto_extend_registration}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProcessPolicy:
        return cls(**dict(data))


DEFAULT_PROCESS_POLICY = ProcessPolicy()


@dataclass(frozen=True)
class SelectionState:
    """Lifecycle state. ``current_stage`` is the 0-based assessment stage index while in ASSESSMENT."""

    status: SelectionStatus = SelectionStatus.DRAFT
    stage_count: int = 1
    current_stage: int | None = None
    registration_extensions: int = 0


def _extension_block(state: SelectionState, policy: ProcessPolicy,
                     applicant_count: int | None) -> tuple[str, str] | None:
    """Why EXTEND_REGISTRATION is not allowed now (Indonesian, English), or None when it is."""
    if state.status is not SelectionStatus.REGISTRATION:
        return ("Perpanjangan hanya dapat dilakukan saat pendaftaran dibuka.",
                "Registration can only be extended while it is open.")
    if state.registration_extensions >= policy.max_registration_extensions:
        return (f"Pendaftaran sudah diperpanjang {state.registration_extensions} kali; maksimal "
                f"{policy.max_registration_extensions} kali.",
                f"Registration was already extended {state.registration_extensions} times; the maximum is "
                f"{policy.max_registration_extensions}.")
    if applicant_count is None:
        return ("Jumlah pelamar belum diketahui; perpanjangan memerlukan jumlah pelamar.",
                "The number of applicants is unknown; an extension needs the applicant count.")
    if applicant_count >= policy.extension_applicant_threshold:
        return (f"Pelamar sudah {applicant_count} orang; perpanjangan hanya jika kurang dari "
                f"{policy.extension_applicant_threshold} orang.",
                f"There are already {applicant_count} applicants; registration may be extended only with fewer "
                f"than {policy.extension_applicant_threshold}.")
    return None


def auto_extension_due(state: SelectionState, policy: ProcessPolicy, applicant_count: int, *,
                       registration_ended: bool) -> bool:
    """Closing registration after its scheduled end with too few applicants extends it instead, while the
    policy allows another extension (``auto_extend_registration``)."""
    return (policy.auto_extend_registration and registration_ended
            and _extension_block(state, policy, applicant_count) is None)


def allowed_actions(state: SelectionState, *, policy: ProcessPolicy = DEFAULT_PROCESS_POLICY,
                    applicant_count: int | None = None) -> tuple[SelectionAction, ...]:
    """Actions allowed in ``state``, in declaration order. EXTEND_REGISTRATION is listed only when its
    guard holds (which needs ``applicant_count``)."""
    st = state.status
    if st in TERMINAL_STATUSES:
        return ()
    out: list[SelectionAction] = []
    for action in SelectionAction:
        if action is _A.CANCEL:
            out.append(action)
        elif action is _A.EXTEND_REGISTRATION:
            if _extension_block(state, policy, applicant_count) is None:
                out.append(action)
        elif action is _A.ADVANCE_STAGE:
            if st is _S.ASSESSMENT:
                out.append(action)
        elif (st, action) in _EDGES:
            out.append(action)
    return tuple(out)


def transition(state: SelectionState, action: SelectionAction | str, *,
               policy: ProcessPolicy = DEFAULT_PROCESS_POLICY,
               applicant_count: int | None = None) -> SelectionState:
    """Apply ``action``; raise ``Conflict`` (``transition_not_allowed`` / ``registration_extension_not_allowed``)
    naming the allowed actions in the messages and in ``extra["allowed_actions"]``."""
    try:
        act = SelectionAction(action)
    except ValueError:
        act = None
    allowed = allowed_actions(state, policy=policy, applicant_count=applicant_count)
    names = [a.value for a in allowed]
    listed = ", ".join(names) if names else "-"
    if act is _A.EXTEND_REGISTRATION and state.status is _S.REGISTRATION and act not in allowed:
        why_id, why_en = _extension_block(state, policy, applicant_count)  # type: ignore[misc]
        raise REGISTRATION_EXTENSION_NOT_ALLOWED.error(
            listed=listed,
            why_en=why_en,
            why_id=why_id,
            extra={"allowed_actions": names, "status": state.status.value, "action": act.value},
        )
    if act is None or act not in allowed:
        label = act.value if act else str(action)
        raise TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS.error(
            name=label,
            status=state.status.value,
            value_1=listed,
            extra={"allowed_actions": names, "status": state.status.value, "action": label},
        )
    if act is _A.CANCEL:
        return replace(state, status=_S.CANCELLED, current_stage=None)
    if act is _A.EXTEND_REGISTRATION:
        return replace(state, registration_extensions=state.registration_extensions + 1)
    if act is _A.ADVANCE_STAGE:
        cur = state.current_stage or 0
        if cur + 1 < state.stage_count:
            return replace(state, current_stage=cur + 1)
        return replace(state, status=_S.FINAL_RANKING, current_stage=None)
    new = _EDGES[(state.status, act)]
    if act is _A.START_ASSESSMENT:
        if state.stage_count < 1:
            raise NO_STAGES.error(extra={"allowed_actions": names, "status": state.status.value, "action": act.value})
        return replace(state, status=new, current_stage=0)
    return replace(state, status=new)


# --- schedule ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """Dates of a selection (calendar dates, inclusive). ``stage_dates`` follows the stage order."""

    announcement_start: date
    announcement_end: date
    registration_start: date
    registration_end: date
    stage_dates: tuple[date, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"announcement_start": self.announcement_start.isoformat(),
                "announcement_end": self.announcement_end.isoformat(),
                "registration_start": self.registration_start.isoformat(),
                "registration_end": self.registration_end.isoformat(),
                "stage_dates": [d.isoformat() for d in self.stage_dates]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Schedule:
        p = date.fromisoformat
        return cls(p(data["announcement_start"]), p(data["announcement_end"]), p(data["registration_start"]),
                   p(data["registration_end"]), tuple(p(d) for d in data.get("stage_dates", ())))


def announcement_days(schedule: Schedule) -> int:
    """Announcement length in calendar days counting both ends."""
    return (schedule.announcement_end - schedule.announcement_start).days + 1


def schedule_errors(schedule: Schedule, policy: ProcessPolicy = DEFAULT_PROCESS_POLICY) -> list[Invalid]:
    """All schedule problems, each an ``Invalid`` whose ``field`` names the date to change.

    Rules: announcement_start <= announcement_end; announcement length >= ``min_announcement_days``;
    announcement_start < registration_start (<= with the policy flag); registration_start <= registration_end;
    every stage date > registration_end; stage dates in non-decreasing order (two stages may share a day).
    """
    s = schedule
    errs: list[Invalid] = []
    if s.announcement_end < s.announcement_start:
        errs.append(SCHEDULE_ORDER_THE_ANNOUNCEMENT_ENDS_BEFORE.error(field="announcement_end"))
    elif announcement_days(s) < policy.min_announcement_days:
        d = announcement_days(s)
        errs.append(ANNOUNCEMENT_TOO_SHORT.error(
            field="announcement_end",
            d=d,
            min_announcement_days=policy.min_announcement_days,
            extra={"days": d, "min_days": policy.min_announcement_days},
        ))
    same_day = policy.registration_may_start_on_announcement_day
    if s.registration_start < s.announcement_start or (not same_day and s.registration_start == s.announcement_start):
        rel_id, rel_en = ("setelah atau pada", "on or after") if same_day else ("setelah", "after")
        errs.append(SCHEDULE_ORDER.error(field="registration_start", rel_en=rel_en, rel_id=rel_id))
    if s.registration_end < s.registration_start:
        errs.append(SCHEDULE_ORDER_REGISTRATION_ENDS_BEFORE_STARTS.error(field="registration_end"))
    prev: date | None = None
    for i, day in enumerate(s.stage_dates):
        f = f"stage_dates[{i}]"
        if day <= s.registration_end:
            errs.append(SCHEDULE_ORDER_STAGE_DATE_MUST_AFTER.error(
                field=f,
                day=day,
                f=f,
                i_plus_1=i + 1,
                registration_end=s.registration_end,
            ))
        elif prev is not None and day < prev:
            errs.append(SCHEDULE_ORDER_STAGE_DATE_PRECEDES_THE.error(field=f, day=day, f=f, i_plus_1=i + 1, prev=prev))
        prev = day
    return errs


def validate_schedule(schedule: Schedule, policy: ProcessPolicy = DEFAULT_PROCESS_POLICY) -> None:
    """Raise the first schedule error, with every error in ``extra["errors"]``."""
    errs = schedule_errors(schedule, policy)
    if errs:
        first = errs[0]
        first.extra["errors"] = [{"code": e.code, "field": e.field, "message_id": e.message_id,
                                  "message_en": e.message_en} for e in errs]
        raise first


def extend_schedule(schedule: Schedule, policy: ProcessPolicy = DEFAULT_PROCESS_POLICY) -> Schedule:
    """Schedule after one registration extension: registration_end and every later stage date move by
    ``registration_extension_days`` (the announcement dates are unchanged)."""
    delta = timedelta(days=policy.registration_extension_days)
    return replace(schedule, registration_end=schedule.registration_end + delta,
                   stage_dates=tuple(d + delta for d in schedule.stage_dates))

