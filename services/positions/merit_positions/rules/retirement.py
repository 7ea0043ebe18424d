"""Retirement (batas usia pensiun, BUP; MED ages kept in the policy).

Retirement takes effect on the first day of the month after the birthday on which the BUP is
reached (PP 11/2017, batas usia pensiun), so a person born on the 1st and one born on the 31st of the same month
retire on the same day.
"""

from __future__ import annotations

from datetime import date

from merit_positions.rules.errors import BUP_INVALID

from ._dates import first_of_next_month
from .policy import DEFAULT_POLICY, PositionsPolicy
from .ranks import Jenjang, JobKind, parse_job_kind, validate_job_jenjang


def bup_for(kind: JobKind | str, jenjang: Jenjang | str | None = None,
            policy: PositionsPolicy = DEFAULT_POLICY) -> int:
    """Retirement age for a job: by jenjang for functional jobs, by kind otherwise."""
    k = parse_job_kind(kind)
    j = validate_job_jenjang(k, jenjang)
    if j is not None:
        return policy.bup_by_jenjang[j]
    return policy.bup_by_kind[k]


def retirement_date(birth_date: date, bup: int) -> date:
    """First day of the month after the birthday on which ``bup`` is reached.

    Only the birth month matters, so a 29 February birthday needs no special case (it retires on 1 March).
    """
    if not isinstance(bup, int) or isinstance(bup, bool) or bup <= 0:
        raise BUP_INVALID.error(field="bup", bup=bup)
    return first_of_next_month(birth_date.year + bup, birth_date.month)


def retirement_date_for(birth_date: date, kind: JobKind | str, jenjang: Jenjang | str | None = None,
                        policy: PositionsPolicy = DEFAULT_POLICY) -> date:
    """Retirement date of a person holding a job of ``kind``/``jenjang``."""
    return retirement_date(birth_date, bup_for(kind, jenjang, policy))


def retirement_due(birth_date: date, bup: int, run_date: date) -> date | None:
    """The retirement date if it has come by ``run_date`` (the person is to be retired), else None."""
    d = retirement_date(birth_date, bup)
    return d if d <= run_date else None


def blocks_status_end(tmt_start: date, tmt_end: date | None, last_day: date) -> bool:
    """An assignment still in force after ``last_day`` (the last day of service before retirement, dismissal or
    death) that starts after it cannot be ended on it, so the status change waits until the assignment is put
    right. The one test both the scheduler's pre-check of a day's retirements and the status change itself use."""
    return tmt_start > last_day and (tmt_end is None or tmt_end > last_day)
