"""Two reference dates: age on the planned inauguration, performance and discipline as of registration."""

from datetime import date

from merit_recruitment.rules import ApplicantFacts, Fact, Requirements, check


def test_recruitment_check_takes_separate_performance_reference_date() -> None:
    req = Requirements(max_age=56, min_predikat="BAIK", predikat_years=2)
    facts = ApplicantFacts(birth_date=Fact(date(1970, 6, 1), "x"),
                           predikat_by_year=Fact({2024: "BAIK", 2025: "BAIK"}, "x"),
                           discipline_records=Fact((), "x"))
    res = check(req, facts, date(2027, 2, 1), performance_reference_date=date(2026, 11, 30))
    assert res.status.value == "ELIGIBLE"
    d = res.to_dict()
    assert d["age_reference_date"] == "2027-02-01" and d["performance_reference_date"] == "2026-11-30"
    # Without it, the inauguration year is used (2025-2026): 2026 is missing -> unknown.
    assert check(req, facts, date(2027, 2, 1)).status.value == "NEEDS_REVIEW"
