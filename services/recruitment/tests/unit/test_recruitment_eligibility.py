from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    ApplicantFacts,
    DisciplineRecord,
    EligibilityStatus,
    Fact,
    PositionKind,
    Requirements,
    RuleCode,
    RuleStatus,
    check,
    default_requirements,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import DisciplineLevel, Predikat

REF = date(2025, 6, 1)  # planned inauguration date
PRATAMA = default_requirements("JPT_PRATAMA")


def good_facts(**over) -> ApplicantFacts:
    base = ApplicantFacts(
        education=Fact("S2", "positions"),
        experience_years=Fact(Decimal("8"), "positions"),
        position_years=Fact({PositionKind.ADMINISTRATOR: Decimal("3")}, "positions"),
        birth_date=Fact(date(1975, 1, 1), "positions"),
        rank=Fact("IV/b", "positions"),
        predikat_by_year=Fact({2023: "BAIK", 2024: "SANGAT_BAIK"}, "evaluation"),
        discipline_records=Fact((), "declared"),
        jpm_percent=Fact(Decimal("80"), "evaluation"),
    )
    return replace(base, **over)


def status_of(facts: ApplicantFacts, code: RuleCode, req: Requirements = PRATAMA, ref: date = REF) -> RuleStatus:
    result = check(req, facts, ref).result(code)
    assert result is not None
    return result.status


def test_all_good_is_eligible_and_every_required_rule_is_reported():
    res = check(PRATAMA, good_facts(), REF)
    assert res.status is EligibilityStatus.ELIGIBLE
    codes = {r.code for r in res.results}
    assert codes == {RuleCode.EDUCATION, RuleCode.EXPERIENCE, RuleCode.PRIOR_POSITION, RuleCode.AGE,
                     RuleCode.RANK, RuleCode.PERFORMANCE, RuleCode.DISCIPLINE}
    assert all(r.message_id and r.message_en and r.source for r in res.results)


@pytest.mark.parametrize("education, expected", [
    ("S3", RuleStatus.PASSED), ("S2", RuleStatus.PASSED), ("S1", RuleStatus.PASSED),
    ("D4", RuleStatus.PASSED),  # D-IV is equivalent to S1
    ("D-IV", RuleStatus.PASSED), ("D3", RuleStatus.FAILED), ("SMA", RuleStatus.FAILED),
    ("XYZ", RuleStatus.UNKNOWN), (None, RuleStatus.UNKNOWN),
])
def test_education(education, expected):
    facts = good_facts(education=None if education is None else Fact(education, "declared"))
    assert status_of(facts, RuleCode.EDUCATION) is expected


@pytest.mark.parametrize("education, expected", [("D3", RuleStatus.PASSED), ("D2", RuleStatus.FAILED),
                                                 ("S1", RuleStatus.PASSED)])
def test_education_pengawas_d3(education, expected):
    req = default_requirements("PENGAWAS")
    assert status_of(good_facts(education=Fact(education, "declared")), RuleCode.EDUCATION, req) is expected


@pytest.mark.parametrize("years, expected", [
    (Decimal("5"), RuleStatus.PASSED), (Decimal("4.99"), RuleStatus.FAILED), (6, RuleStatus.PASSED),
    ("abc", RuleStatus.UNKNOWN),
])
def test_experience_boundary(years, expected):
    assert status_of(good_facts(experience_years=Fact(years, "positions")), RuleCode.EXPERIENCE) is expected


@pytest.mark.parametrize("history, expected", [
    ({PositionKind.ADMINISTRATOR: 2}, RuleStatus.PASSED),
    ({PositionKind.JF_AHLI_MADYA: Decimal("2")}, RuleStatus.PASSED),
    ({PositionKind.ADMINISTRATOR: Decimal("1"), PositionKind.JF_AHLI_MADYA: Decimal("1")}, RuleStatus.PASSED),
    ({PositionKind.ADMINISTRATOR: Decimal("1.9")}, RuleStatus.FAILED),
    ({PositionKind.PENGAWAS: Decimal("10")}, RuleStatus.FAILED),  # not an accepted kind
    ({"JF_AHLI_MADYA": 3}, RuleStatus.PASSED),  # string codes are accepted
    ({"NOT_A_KIND": 3}, RuleStatus.UNKNOWN),
    ({}, RuleStatus.FAILED),
])
def test_prior_position(history, expected):
    assert status_of(good_facts(position_years=Fact(history, "positions")), RuleCode.PRIOR_POSITION) is expected


@pytest.mark.parametrize("kind, history, expected", [
    ("ADMINISTRATOR", {PositionKind.PENGAWAS: 3}, RuleStatus.PASSED),
    ("ADMINISTRATOR", {PositionKind.JF_AHLI_MUDA: 3}, RuleStatus.PASSED),  # equivalent JF (policy)
    ("ADMINISTRATOR", {PositionKind.PENGAWAS: Decimal("2.99")}, RuleStatus.FAILED),
    ("PENGAWAS", {PositionKind.PELAKSANA: 4}, RuleStatus.PASSED),
    ("PENGAWAS", {PositionKind.PELAKSANA: 3}, RuleStatus.FAILED),
    ("JPT_MADYA", {PositionKind.JPT_PRATAMA: 2}, RuleStatus.PASSED),
    ("JPT_MADYA", {PositionKind.ADMINISTRATOR: 9}, RuleStatus.FAILED),
    ("JPT_UTAMA", {PositionKind.JF_AHLI_UTAMA: 2}, RuleStatus.PASSED),
])
def test_prior_position_per_kind(kind, history, expected):
    req = default_requirements(kind)
    assert status_of(good_facts(position_years=Fact(history, "positions")), RuleCode.PRIOR_POSITION, req) is expected


@pytest.mark.parametrize("birth, expected_age, expected", [
    (date(1969, 6, 1), 56, RuleStatus.PASSED),   # turns 56 exactly on the reference date
    (date(1968, 6, 2), 56, RuleStatus.PASSED),   # 57th birthday is the day after
    (date(1968, 6, 1), 57, RuleStatus.FAILED),   # turns 57 on the reference date
    (date(1960, 1, 1), 65, RuleStatus.FAILED),
    (date(1990, 1, 1), 35, RuleStatus.PASSED),
])
def test_age_boundary_pratama_56(birth, expected_age, expected):
    res = check(PRATAMA, good_facts(birth_date=Fact(birth, "positions")), REF).result(RuleCode.AGE)
    assert res.value == expected_age
    assert res.required == 56
    assert res.status is expected


def test_age_leap_day_birthday():
    req = Requirements(max_age=56, min_predikat=None, discipline_years=None)
    facts = good_facts(birth_date=Fact(date(1968, 2, 29), "positions"))
    # 2025 is not a leap year: the 57th birthday is reached on 1 March.
    assert check(req, facts, date(2025, 2, 28)).status is EligibilityStatus.ELIGIBLE
    assert check(req, facts, date(2025, 3, 1)).status is EligibilityStatus.NOT_ELIGIBLE


@pytest.mark.parametrize("kind, age_on_ref, expected", [
    ("JPT_MADYA", 58, RuleStatus.PASSED), ("JPT_MADYA", 59, RuleStatus.FAILED),
    ("JPT_UTAMA", 58, RuleStatus.PASSED), ("JPT_UTAMA", 59, RuleStatus.FAILED),
])
def test_age_jpt_madya_utama_58(kind, age_on_ref, expected):
    birth = date(REF.year - age_on_ref, REF.month, REF.day)
    req = default_requirements(kind)
    assert status_of(good_facts(birth_date=Fact(birth, "positions")), RuleCode.AGE, req) is expected


@pytest.mark.parametrize("rank, expected", [
    ("IV/b", RuleStatus.PASSED), ("iv/B", RuleStatus.PASSED), ("42", RuleStatus.PASSED),
    ("IV/e", RuleStatus.PASSED), ("IV/a", RuleStatus.FAILED), ("III/d", RuleStatus.FAILED),
    ("IX", RuleStatus.UNKNOWN),  # PPPK golongan has no PNS order
])
def test_rank_pratama_iv_b(rank, expected):
    assert status_of(good_facts(rank=Fact(rank, "positions")), RuleCode.RANK) is expected


def test_rank_madya_default_iv_c():
    req = default_requirements("JPT_MADYA")
    assert req.min_rank == "IV/c"
    assert status_of(good_facts(rank=Fact("IV/b", "positions")), RuleCode.RANK, req) is RuleStatus.FAILED


@pytest.mark.parametrize("ratings, expected", [
    ({2023: "BAIK", 2024: "BAIK"}, RuleStatus.PASSED),
    ({2023: Predikat.SANGAT_BAIK, 2024: Predikat.SANGAT_BAIK}, RuleStatus.PASSED),
    ({2023: "BUTUH_PERBAIKAN", 2024: "SANGAT_BAIK"}, RuleStatus.FAILED),
    ({2023: "CUKUP", 2024: "BAIK"}, RuleStatus.FAILED),  # old name of Butuh Perbaikan
    ({2023: "BAIK", 2024: "KURANG"}, RuleStatus.FAILED),
    ({2023: "BAIK", 2024: "SANGAT_KURANG"}, RuleStatus.FAILED),
    ({2024: "BAIK"}, RuleStatus.UNKNOWN),  # 2023 missing
    ({2024: "KURANG"}, RuleStatus.FAILED),  # a failing year beats a missing one
    ({2022: "KURANG", 2023: "BAIK", 2024: "BAIK"}, RuleStatus.PASSED),  # outside the 2-year window
    ({"2023": "BAIK", "2024": "BAIK"}, RuleStatus.PASSED),  # string years
])
def test_performance_last_two_years(ratings, expected):
    assert status_of(good_facts(predikat_by_year=Fact(ratings, "evaluation")), RuleCode.PERFORMANCE) is expected


@pytest.mark.parametrize("records, expected", [
    ((), RuleStatus.PASSED),
    ((DisciplineRecord(DisciplineLevel.LIGHT, date(2025, 1, 1)),), RuleStatus.PASSED),
    ((DisciplineRecord(DisciplineLevel.MODERATE, date(2024, 1, 1)),), RuleStatus.FAILED),
    ((DisciplineRecord(DisciplineLevel.HEAVY, date(2023, 6, 1)),), RuleStatus.FAILED),  # exactly 2 years: counts
    ((DisciplineRecord(DisciplineLevel.HEAVY, date(2023, 5, 31)),), RuleStatus.PASSED),  # one day older
])
def test_discipline_window(records, expected):
    assert status_of(good_facts(discipline_records=Fact(records, "declared")), RuleCode.DISCIPLINE) is expected


@pytest.mark.parametrize("jpm, expected", [
    (Decimal("78"), RuleStatus.PASSED), (Decimal("77.99"), RuleStatus.FAILED), (None, RuleStatus.UNKNOWN),
])
def test_jpm_optional_minimum(jpm, expected):
    req = replace(PRATAMA, min_jpm_percent=Decimal("78"))
    facts = good_facts(jpm_percent=None if jpm is None else Fact(jpm, "evaluation"))
    assert status_of(facts, RuleCode.JPM, req) is expected


def test_jpm_not_evaluated_when_not_required():
    assert check(PRATAMA, good_facts(), REF).result(RuleCode.JPM) is None


@pytest.mark.parametrize("over, expected", [
    ({}, EligibilityStatus.ELIGIBLE),
    ({"rank": None}, EligibilityStatus.NEEDS_REVIEW),  # unknown is never passed
    ({"rank": None, "education": Fact("D3", "declared")}, EligibilityStatus.NOT_ELIGIBLE),  # failed beats unknown
    ({"birth_date": Fact(date(1960, 1, 1), "positions")}, EligibilityStatus.NOT_ELIGIBLE),
    ({"predikat_by_year": None, "discipline_records": None}, EligibilityStatus.NEEDS_REVIEW),
])
def test_overall_status(over, expected):
    assert check(PRATAMA, good_facts(**over), REF).status is expected


def test_unknown_result_carries_no_source_and_explains():
    res = check(PRATAMA, good_facts(rank=None), REF).result(RuleCode.RANK)
    assert res.status is RuleStatus.UNKNOWN
    assert res.source is None
    assert "verifikasi" in res.message_id and "verify" in res.message_en


def test_result_reports_value_required_and_source():
    res = check(PRATAMA, good_facts(rank=Fact("IV/a", "positions")), REF).result(RuleCode.RANK)
    assert (res.value, res.required, res.source) == ("IV/a", "IV/b", "positions")
    d = check(PRATAMA, good_facts(), REF).to_dict()
    assert d["status"] == "ELIGIBLE" and d["results"][0]["code"] == "EDUCATION"


def test_requirements_round_trip_through_dict():
    req = replace(PRATAMA, min_jpm_percent=Decimal("68.5"))
    data = req.to_dict()
    assert data["min_rank"] == "IV/b" and data["min_experience_years"] == "5"
    assert Requirements.from_dict(data) == req


@pytest.mark.parametrize("kw, field", [
    ({"min_rank": "V/a"}, "requirements.min_rank"),
    ({"min_education": "PHD"}, "requirements.min_education"),
    ({"min_experience_years": -1}, "requirements.min_experience_years"),
    ({"min_experience_years": 1.5}, "requirements.min_experience_years"),
    ({"max_age": 0}, "requirements.max_age"),
])
def test_invalid_requirements_name_the_field(kw, field):
    with pytest.raises(Invalid) as e:
        Requirements(**kw)
    assert e.value.field == field
    assert e.value.message_id and e.value.message_en


def test_unknown_requirement_field_rejected():
    with pytest.raises(Invalid) as e:
        Requirements.from_dict({"min_rnak": "IV/b"})
    assert e.value.field == "requirements.min_rnak"
