"""Career requirements of one person against one position (issue #13): which kind of move it would be, and what
the rules of that move ask, judged by the functions the personnel actions use (``rules.mutation``) and the regular
promotion rule (``rules.promotion``). Nothing here is a second copy of those rules: this module only chooses which
of them apply to which kind of move.

Kinds of move (our reading, documented policy; kelas jabatan is set per agency):

* ``FUNCTIONAL``: into a functional job (jabatan fungsional) from a non-functional one (or from no seat):
  rank at least the jenjang's floor (or the job's own minimum), education, performance. Time in the current
  position is not asked (the move into a functional job has its own route, not PP 11/2017 Pasal 190's rotation).
* ``PROMOTION``: a higher kelas jabatan than the current seat's (or no current seat): rank, education,
  performance, and at least ``min_years_in_position`` (2) in the current seat (PP 11/2017 Pasal 190, HIGH).
* ``ROTATION``: the same or a lower kelas: the same four requirements.

When the rank is below the job's minimum, ``regular_promotion`` says how far the person is from the next rank
by kenaikan pangkat reguler (``promotion_due`` on the next period: 4 years in rank, at least Baik in the last 2
years, the ceiling by education: PP 99/2000 jo PP 12/2002), so the rank gap comes with the way to close it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from .mutation import CheckResult, CheckStatus, check_performance, check_rank, check_time_in_position
from .policy import DEFAULT_POLICY, EDUCATION_LEVEL_CODES, PositionsPolicy
from .predikat import Predikat
from .promotion import PromotionFacts, PromotionStatus, next_period, promotion_due
from .rank_ranges import minimum_rank_for_job
from .ranks import AnyRank, Jenjang, JobKind, Rank

_EDU_ORDER = {code: i for i, code in enumerate(EDUCATION_LEVEL_CODES)}


class MoveKind(StrEnum):
    FUNCTIONAL = "FUNCTIONAL"
    PROMOTION = "PROMOTION"
    ROTATION = "ROTATION"


@dataclass(frozen=True)
class PersonFacts:
    """What the registry knows of the person on ``as_of`` (None: not recorded)."""

    rank: AnyRank | None
    rank_tmt: date | None
    education: str | None
    position_id: Any = None
    kind: JobKind | None = None
    kelas: int | None = None
    position_start: date | None = None
    ratings: Mapping[int, Predikat] | None = None  # predikat by year; None: evaluation could not say


@dataclass(frozen=True)
class TargetJob:
    kind: JobKind
    kelas: int
    jenjang: Jenjang | None = None
    min_rank: Rank | None = None  # the job's own field (the policy's defaults fill it in)
    min_education: str | None = None


def move_kind(person: PersonFacts, target: TargetJob) -> MoveKind:
    """The kind of move from the person's current seat into ``target`` (see the module)."""
    if target.kind is JobKind.FUNGSIONAL and person.kind is not JobKind.FUNGSIONAL:
        return MoveKind.FUNCTIONAL
    if person.kelas is None or target.kelas > person.kelas:
        return MoveKind.PROMOTION
    return MoveKind.ROTATION


def check_education(level: str | None, minimum: str | None) -> CheckResult:
    """The highest education recorded must be at least the job's minimum (order SD < SMP < SMA < D1 … < S3)."""
    name = "education"
    if minimum is None:
        return CheckResult(name, CheckStatus.PASSED, "Jabatan tujuan tidak menetapkan pendidikan minimal.",
                           "The target job sets no minimum education.", level)
    if level is None or level not in _EDU_ORDER:
        return CheckResult(name, CheckStatus.UNKNOWN, "Pendidikan pegawai belum tercatat; periksa manual.",
                           "The person's education is not recorded; review manually.", level, minimum)
    if _EDU_ORDER[level] >= _EDU_ORDER.get(minimum, 0):
        return CheckResult(name, CheckStatus.PASSED, f"Pendidikan {level} memenuhi pendidikan minimal {minimum}.",
                           f"Education {level} meets the minimum education {minimum}.", level, minimum)
    return CheckResult(name, CheckStatus.FAILED, f"Pendidikan {level} di bawah pendidikan minimal {minimum}.",
                       f"Education {level} is below the minimum education {minimum}.", level, minimum)


def regular_promotion(person: PersonFacts, as_of: date, policy: PositionsPolicy = DEFAULT_POLICY) -> CheckResult:
    """The next regular promotion (``promotion_due`` on the first period on or after ``as_of``), as a check."""
    name = "regular_promotion"
    if not isinstance(person.rank, Rank):  # PPPK have no rank promotion in this sense
        return CheckResult(name, CheckStatus.UNKNOWN, "Kenaikan pangkat reguler hanya untuk PNS.",
                           "Regular promotion applies to PNS only.", None if person.rank is None else str(person.rank))
    period = next_period(as_of, policy)
    due = promotion_due(PromotionFacts(person.rank, person.rank_tmt, person.education, person.ratings), period, policy)
    value = {"period": period.isoformat(), "status": due.status.value,
             "next_rank": str(due.next_rank) if due.next_rank else None,
             "eligible_from": due.eligible_from.isoformat() if due.eligible_from else None,
             "reasons": [r.code for r in due.reasons]}
    nxt = str(due.next_rank) if due.next_rank else "-"
    if due.status is PromotionStatus.ELIGIBLE:
        return CheckResult(name, CheckStatus.PASSED, f"Memenuhi kenaikan pangkat reguler ke {nxt} periode {period}.",
                           f"Eligible for regular promotion to {nxt} on {period}.", value)
    words_id = "; ".join(r.message_id for r in due.reasons)
    words_en = "; ".join(r.message_en for r in due.reasons)
    status = CheckStatus.FAILED if due.status is PromotionStatus.NOT_ELIGIBLE else CheckStatus.UNKNOWN
    return CheckResult(name, status, f"Kenaikan pangkat reguler ke {nxt} periode {period}: {words_id}",
                       f"Regular promotion to {nxt} on {period}: {words_en}", value)


class CareerJudge:
    """Judges many (person, target) pairs on one day under one policy. The rules are pure and many pairs share
    their facts (3,000 positions, a few dozen distinct minimums), so each distinct question is answered once."""

    def __init__(self, as_of: date, policy: PositionsPolicy = DEFAULT_POLICY) -> None:
        self.as_of, self.policy = as_of, policy
        self._memo: dict[tuple[Any, ...], CheckResult] = {}

    def _once(self, key: tuple[Any, ...], compute: Any) -> CheckResult:
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = compute()
        return found

    def minimum_rank(self, target: TargetJob) -> Rank | None:
        return minimum_rank_for_job(target.kind, target.min_rank, target.jenjang, self.policy)

    def requirements(self, person: PersonFacts, target: TargetJob) -> tuple[MoveKind, list[CheckResult]]:
        """The kind of move and every requirement of it, in a fixed order (rank, education, tenure, performance,
        then the regular promotion when the rank falls short)."""
        kind = move_kind(person, target)
        minimum = self.minimum_rank(target)
        checks = [self._once(("rank", person.rank, minimum), lambda: check_rank(person.rank, minimum)),
                  self._once(("edu", person.education, target.min_education),
                             lambda: check_education(person.education, target.min_education))]
        if kind is not MoveKind.FUNCTIONAL:
            start = person.position_start if person.position_start and person.position_start <= self.as_of else None
            checks.append(self._once(("tenure", start),
                                     lambda: check_time_in_position(start, self.as_of, self.policy)))
        ratings = None if person.ratings is None else tuple(sorted(person.ratings.items()))
        checks.append(self._once(("perf", ratings),
                                 lambda: check_performance(ratings, self.as_of, self.policy)))
        if checks[0].status is CheckStatus.FAILED:
            checks.append(self._once(("kp", person.rank, person.rank_tmt, person.education, ratings),
                                     lambda: regular_promotion(person, self.as_of, self.policy)))
        return kind, checks
