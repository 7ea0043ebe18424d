"""rules.career: the kind of move and its requirements, with cases from the regulation (PP 11/2017 Pasal 190, PP 99/2000)."""

from __future__ import annotations

from datetime import date

import pytest

from merit_positions.rules import CheckStatus, Jenjang, JobKind, PositionsPolicy, Predikat, Rank
from merit_positions.rules.career import CareerJudge, MoveKind, PersonFacts, TargetJob, check_education, move_kind

AS_OF = date(2026, 6, 1)
BAIK2 = {2024: Predikat.BAIK, 2025: Predikat.SANGAT_BAIK}


def person(**kw: object) -> PersonFacts:
    base: dict[str, object] = {"rank": Rank.III_C, "rank_tmt": date(2021, 4, 1), "education": "S1",
                               "kind": JobKind.PELAKSANA, "kelas": 7, "position_start": date(2023, 1, 1),
                               "ratings": BAIK2}
    return PersonFacts(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(("p", "t", "kind"), [
    (person(), TargetJob(JobKind.FUNGSIONAL, 8, Jenjang.AHLI_PERTAMA), MoveKind.FUNCTIONAL),
    (person(kind=JobKind.FUNGSIONAL), TargetJob(JobKind.FUNGSIONAL, 9, Jenjang.AHLI_MUDA), MoveKind.PROMOTION),
    (person(), TargetJob(JobKind.PENGAWAS, 9), MoveKind.PROMOTION),
    (person(), TargetJob(JobKind.PELAKSANA, 7), MoveKind.ROTATION),
    (person(), TargetJob(JobKind.PELAKSANA, 5), MoveKind.ROTATION),
    (person(kind=None, kelas=None), TargetJob(JobKind.PELAKSANA, 5), MoveKind.PROMOTION),
])
def test_move_kind(p: PersonFacts, t: TargetJob, kind: MoveKind) -> None:
    assert move_kind(p, t) is kind


@pytest.mark.parametrize(("level", "minimum", "status"), [
    ("S1", "S1", CheckStatus.PASSED), ("S2", "S1", CheckStatus.PASSED), ("D3", "S1", CheckStatus.FAILED),
    ("SMA", "D3", CheckStatus.FAILED), (None, "S1", CheckStatus.UNKNOWN), (None, None, CheckStatus.PASSED),
    ("D4", "S1", CheckStatus.FAILED),  # the registry orders D4 below S1
])
def test_education_against_minimum(level: str | None, minimum: str | None, status: CheckStatus) -> None:
    assert check_education(level, minimum).status is status


def statuses(checks: list) -> dict[str, CheckStatus]:  # type: ignore[type-arg]
    return {c.name: c.status for c in checks}


def test_pengawas_needs_iii_a_by_default_and_iii_c_meets_it() -> None:
    # Pengawas -> III/a (the policy's LOW default); 2 years in seat; Baik both years
    kind, checks = CareerJudge(AS_OF).requirements(person(), TargetJob(JobKind.PENGAWAS, 9))
    assert kind is MoveKind.PROMOTION
    assert statuses(checks) == {"rank": CheckStatus.PASSED, "education": CheckStatus.PASSED,
                                "time_in_position": CheckStatus.PASSED, "performance": CheckStatus.PASSED}
    assert checks[0].required == "III/a"


def test_rank_below_minimum_adds_the_regular_promotion_four_years_in_rank() -> None:
    # Administrator -> III/d by default; III/c since 2021-04-01: 4 years done, Baik both years -> next rank III/d
    kind, checks = CareerJudge(AS_OF).requirements(person(), TargetJob(JobKind.ADMINISTRATOR, 11))
    s = statuses(checks)
    assert s["rank"] is CheckStatus.FAILED and s["regular_promotion"] is CheckStatus.PASSED
    kp = checks[-1].value
    assert kp["next_rank"] == "III/d" and kp["period"] == "2026-10-01"


def test_regular_promotion_short_of_four_years() -> None:
    p = person(rank_tmt=date(2024, 4, 1))
    _, checks = CareerJudge(AS_OF).requirements(p, TargetJob(JobKind.ADMINISTRATOR, 11))
    kp = checks[-1]
    assert kp.status is CheckStatus.FAILED and "years_in_rank_short" in kp.value["reasons"]
    assert kp.value["eligible_from"] == "2028-04-01"


def test_regular_promotion_blocked_by_the_education_ceiling() -> None:
    p = person(rank=Rank.III_D, rank_tmt=date(2019, 4, 1), education="S1")  # S1 ceiling III/d (LOW policy)
    _, checks = CareerJudge(AS_OF).requirements(p, TargetJob(JobKind.JPT_PRATAMA, 14))  # IV/b by default
    assert "ceiling_by_education_reached" in checks[-1].value["reasons"]


@pytest.mark.parametrize(("ratings", "status"), [
    (BAIK2, CheckStatus.PASSED),
    ({2024: Predikat.BUTUH_PERBAIKAN, 2025: Predikat.BAIK}, CheckStatus.FAILED),
    ({2025: Predikat.BAIK}, CheckStatus.FAILED),  # 2024 missing: not "at least Baik in the last 2 years"
    (None, CheckStatus.UNKNOWN),  # evaluation could not say: never passed
])
def test_performance_baik_in_the_last_two_years(ratings: dict | None, status: CheckStatus) -> None:  # type: ignore[type-arg]
    _, checks = CareerJudge(AS_OF).requirements(person(ratings=ratings), TargetJob(JobKind.PELAKSANA, 7))
    assert statuses(checks)["performance"] is status


@pytest.mark.parametrize(("start", "status"), [
    (date(2024, 6, 1), CheckStatus.PASSED),  # exactly 2 years (PP 11/2017 Pasal 190)
    (date(2024, 6, 2), CheckStatus.FAILED),
    (date(2020, 1, 1), CheckStatus.WARNING),  # over 5 years: rotation overdue
    (None, CheckStatus.UNKNOWN),
    (date(2026, 7, 1), CheckStatus.UNKNOWN),  # a seat starting after as_of is no current seat
])
def test_time_in_position_for_rotation(start: date | None, status: CheckStatus) -> None:
    _, checks = CareerJudge(AS_OF).requirements(person(position_start=start), TargetJob(JobKind.PELAKSANA, 7))
    assert statuses(checks)["time_in_position"] is status


def test_functional_move_skips_tenure_and_uses_the_jenjang_floor() -> None:
    kind, checks = CareerJudge(AS_OF).requirements(person(rank=Rank.III_B, position_start=date(2026, 1, 1)),
                                                   TargetJob(JobKind.FUNGSIONAL, 9, Jenjang.AHLI_MUDA))
    assert kind is MoveKind.FUNCTIONAL
    s = statuses(checks)
    assert "time_in_position" not in s
    assert s["rank"] is CheckStatus.FAILED and checks[0].required == "III/c"  # Ahli Muda III/c–III/d (HIGH)


def test_policy_changes_the_minimum_years() -> None:
    judge = CareerJudge(AS_OF, PositionsPolicy(min_years_in_position=1))
    _, checks = judge.requirements(person(position_start=date(2025, 6, 1)), TargetJob(JobKind.PELAKSANA, 7))
    assert statuses(checks)["time_in_position"] is CheckStatus.PASSED


def test_shared_facts_are_judged_once() -> None:
    judge = CareerJudge(AS_OF)
    _, a = judge.requirements(person(), TargetJob(JobKind.PELAKSANA, 7))
    _, b = judge.requirements(person(), TargetJob(JobKind.PELAKSANA, 6))
    assert all(x is y for x, y in zip(a, b, strict=True))
