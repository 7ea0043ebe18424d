"""Regular promotion, kenaikan pangkat reguler (PP 99/2000 jo PP 12/2002): who may be promoted in a period, and why not.

A PNS may be promoted one rank after at least 4 years in the current rank, with performance of at least Baik in
the last 2 years (MED), up to a ceiling set by education (LOW); promotions take effect on set periods (LOW). All
four values live in :class:`PositionsPolicy` (``kp_*``). PPPK have no rank promotion in this sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from merit_positions.rules.errors import PROMOTION_PERIOD_INVALID

from ._dates import add_years
from .policy import DEFAULT_POLICY, PositionsPolicy
from .predikat import PREDIKAT_LABELS, Predikat, predikat_at_least
from .ranks import Rank, next_rank


class PromotionStatus(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    UNKNOWN = "unknown"  # a fact is missing (ratings, education, rank): never reported as eligible


@dataclass(frozen=True)
class PromotionReason:
    """One reason a person is not (or not known to be) eligible; ``blocking`` reasons make them not eligible."""

    code: str
    blocking: bool
    message_id: str
    message_en: str
    until: date | None = None
    year: int | None = None


@dataclass(frozen=True)
class PromotionFacts:
    rank: Rank | None
    rank_tmt: date | None
    education: str | None  # highest education level code (S1, D3, ...)
    ratings: Mapping[int, Predikat] | None  # predikat by year; None when the ratings cannot be read
    retirement_date: date | None = None


@dataclass(frozen=True)
class PromotionDue:
    status: PromotionStatus
    next_rank: Rank | None
    eligible_from: date | None  # the first period on which the time in rank is complete
    reasons: tuple[PromotionReason, ...] = field(default_factory=tuple)


def periods_of_year(year: int, policy: PositionsPolicy = DEFAULT_POLICY) -> list[date]:
    return [date(year, m, d) for m, d in policy.kp_periods]


def next_period(on: date, policy: PositionsPolicy = DEFAULT_POLICY) -> date:
    """The first promotion period on or after ``on``."""
    for year in (on.year, on.year + 1):
        for p in periods_of_year(year, policy):
            if p >= on:
                return p
    raise AssertionError("a policy has at least one period a year")


def check_period(period: date, policy: PositionsPolicy = DEFAULT_POLICY, field: str = "query.period") -> date:
    """A report is asked for one of the policy's periods (e.g. 1 April or 1 October)."""
    if (period.month, period.day) not in policy.kp_periods:
        shown = ", ".join(f"{d:02d}-{m:02d}" for m, d in policy.kp_periods)
        shown_en = ", ".join(f"{m:02d}-{d:02d}" for m, d in policy.kp_periods)
        raise PROMOTION_PERIOD_INVALID.error(
            field=field,
            period=period.isoformat(),
            shown=shown,
            shown_en=shown_en,
            extra={"periods": shown_en},
        )
    return period


def rating_years(period: date, policy: PositionsPolicy = DEFAULT_POLICY) -> list[int]:
    """The completed years whose predikat counts for ``period``, oldest first."""
    return list(range(period.year - policy.kp_rating_years, period.year))


def promotion_due(facts: PromotionFacts, period: date, policy: PositionsPolicy = DEFAULT_POLICY) -> PromotionDue:
    """Judge one PNS for the promotion period ``period``; every reason is listed, not only the first."""
    reasons: list[PromotionReason] = []
    eligible_from = None
    target = next_rank(facts.rank) if facts.rank is not None else None
    if facts.retirement_date is not None and facts.retirement_date <= period:
        reasons.append(PromotionReason(
            "retires_before_period", True, f"Pensiun per {facts.retirement_date.isoformat()}, sebelum periode ini.",
            f"Retires on {facts.retirement_date.isoformat()}, before this period.", until=facts.retirement_date))
    if facts.rank is None or facts.rank_tmt is None:
        reasons.append(PromotionReason("rank_unknown", False, "Belum ada golongan yang tercatat.",
                                       "No rank is recorded."))
    elif facts.rank_tmt >= period:
        reasons.append(PromotionReason(
            "already_promoted", True, f"Golongan {facts.rank} sudah berlaku per {facts.rank_tmt.isoformat()}.",
            f"Rank {facts.rank} is already recorded from {facts.rank_tmt.isoformat()}.", until=facts.rank_tmt))
    elif target is None:
        reasons.append(PromotionReason("highest_rank", True, "Sudah golongan tertinggi (IV/e).",
                                       "Already at the highest rank (IV/e)."))
    else:
        complete = add_years(facts.rank_tmt, policy.kp_min_years_in_rank)
        eligible_from = next_period(complete, policy)
        if complete > period:
            reasons.append(PromotionReason(
                "years_in_rank_short", True,
                f"Masa dalam pangkat {facts.rank} belum {policy.kp_min_years_in_rank} tahun sampai "
                f"{complete.isoformat()} (paling cepat periode {eligible_from.isoformat()}).",
                f"Fewer than {policy.kp_min_years_in_rank} years in rank {facts.rank} until {complete.isoformat()} "
                f"(earliest period {eligible_from.isoformat()}).", until=complete))
        if facts.education is None:
            reasons.append(PromotionReason("education_unknown", False, "Pendidikan belum tercatat.",
                                           "No education is recorded."))
        else:
            ceiling = policy.kp_ceiling_by_education.get(facts.education)
            if ceiling is not None and facts.rank >= ceiling:
                reasons.append(PromotionReason(
                    "ceiling_by_education_reached", True,
                    f"Golongan {facts.rank} sudah mencapai batas kenaikan pangkat reguler untuk pendidikan "
                    f"{facts.education} ({ceiling}).",
                    f"Rank {facts.rank} has reached the regular-promotion ceiling for education {facts.education} "
                    f"({ceiling})."))
    reasons.extend(_rating_reasons(facts.ratings, period, policy))
    if any(r.blocking for r in reasons):
        status = PromotionStatus.NOT_ELIGIBLE
    elif reasons:
        status = PromotionStatus.UNKNOWN
    else:
        status = PromotionStatus.ELIGIBLE
    return PromotionDue(status=status, next_rank=target, eligible_from=eligible_from, reasons=tuple(reasons))


def _rating_reasons(ratings: Mapping[int, Predikat] | None, period: date,
                    policy: PositionsPolicy) -> list[PromotionReason]:
    years = rating_years(period, policy)
    if not years:
        return []
    if ratings is None:
        return [PromotionReason("ratings_unavailable", False, "Predikat kinerja tidak dapat dibaca saat ini.",
                                "The performance ratings cannot be read now.")]
    out = []
    minimum = PREDIKAT_LABELS[policy.kp_min_predikat]
    for year in years:
        got = ratings.get(year)
        if got is None:
            out.append(PromotionReason("rating_missing", False, f"Predikat kinerja tahun {year} belum ada.",
                                       f"No performance rating for {year}.", year=year))
        elif not predikat_at_least(got, policy.kp_min_predikat):
            out.append(PromotionReason(
                "rating_below_minimum", True,
                f"Predikat kinerja tahun {year} {PREDIKAT_LABELS[got]}, di bawah {minimum}.",
                f"The performance rating of {year} is {PREDIKAT_LABELS[got]}, below {minimum}.", year=year))
    return out
