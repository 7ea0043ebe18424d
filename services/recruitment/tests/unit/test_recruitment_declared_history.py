"""History declared with its SK, merged with the registry's (issue #12; PP 11/2017 Pasal 107 "sedang atau pernah
menduduki jabatan ... paling singkat 2 tahun"): a day both sources cover is counted once, from the registry, and
the breakdown says where every counted day came from."""

from datetime import date
from types import SimpleNamespace

import pytest

from merit_recruitment.applications.facts import verified_history
from merit_recruitment.rules import (
    ApplicantFacts,
    CareerPeriod,
    Duration,
    EligibilityStatus,
    Fact,
    Period,
    PositionKind,
    RankRecord,
    RuleCode,
    RuleStatus,
    check,
    covered,
    default_requirements,
)
from merit_recruitment.rules.duration import attribute
from merit_recruitment.rules.eligibility import DECLARED_VERIFIED

D = date
REG, DEC = "registry", "declared"
PRIORITY = {REG: 0, DEC: 1}.__getitem__


def P(a: tuple[int, int, int], b: tuple[int, int, int]) -> Period:
    return Period(D(*a), D(*b))


@pytest.mark.parametrize("periods, expected", [
    # a declaration for days the registry lacks: counted whole
    ([(P((2015, 1, 1), (2017, 12, 31)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)],
     [(P((2015, 1, 1), (2017, 12, 31)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)]),
    # overlapping the registry's record at its end: only the days before it
    ([(P((2015, 1, 1), (2018, 6, 30)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)],
     [(P((2015, 1, 1), (2017, 12, 31)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)]),
    # entirely inside the registry's record: nothing of it counted
    ([(P((2018, 3, 1), (2019, 2, 28)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)],
     [(P((2018, 1, 1), (2020, 12, 31)), REG)]),
    # around a registry record: both sides, not the middle
    ([(P((2017, 1, 1), (2021, 12, 31)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG)],
     [(P((2017, 1, 1), (2017, 12, 31)), DEC), (P((2018, 1, 1), (2020, 12, 31)), REG),
      (P((2021, 1, 1), (2021, 12, 31)), DEC)]),
    # two declarations overlapping each other: the earlier first, the later only after it
    ([(P((2012, 1, 1), (2014, 12, 31)), DEC), (P((2014, 1, 1), (2015, 12, 31)), DEC)],
     [(P((2012, 1, 1), (2014, 12, 31)), DEC), (P((2015, 1, 1), (2015, 12, 31)), DEC)]),
    # a declaration over two registry posts with a gap between them: only the gap
    ([(P((2010, 1, 1), (2012, 12, 31)), REG), (P((2014, 1, 1), (2016, 12, 31)), REG),
      (P((2011, 6, 1), (2015, 5, 31)), DEC)],
     [(P((2010, 1, 1), (2012, 12, 31)), REG), (P((2013, 1, 1), (2013, 12, 31)), DEC),
      (P((2014, 1, 1), (2016, 12, 31)), REG)]),
    # the same day on both sides (one-day periods)
    ([(P((2020, 1, 1), (2020, 1, 1)), DEC), (P((2020, 1, 1), (2020, 1, 1)), REG)],
     [(P((2020, 1, 1), (2020, 1, 1)), REG)]),
    # an empty (end before start) declaration counts nothing
    ([(P((2020, 1, 2), (2020, 1, 1)), DEC)], []),
])
def test_attribute_gives_each_day_to_one_source_registry_first(periods, expected):
    got = attribute(periods, PRIORITY)
    assert got == expected
    # the pieces are disjoint and count exactly what the union counts: no day lost, none counted twice
    days = [d for p, _ in got for d in range((p.end - p.start).days + 1)]
    assert len(days) == sum((p.end - p.start).days + 1 for p, _ in got)
    assert covered([p for p, _ in got]) == covered([p for p, _ in periods])


REF = D(2026, 6, 1)
PRATAMA = default_requirements("JPT_PRATAMA")


def facts(periods, **over) -> ApplicantFacts:
    base = dict(education=Fact("S2", "positions"), birth_date=Fact(D(1975, 1, 1), "positions"),
                rank=Fact("IV/c", "positions"), predikat_by_year=Fact({2024: "BAIK", 2025: "BAIK"}, "evaluation"),
                discipline_records=Fact((), "evaluation"), career_periods=Fact(periods, "positions:career"))
    base.update(over)
    return ApplicantFacts(**base)


ADM = PositionKind.ADMINISTRATOR
REGISTRY_ONLY = [CareerPeriod(ADM, D(2025, 6, 2), None)]  # one year as Administrator: short of 2, and of 5 overall


def declared(start: date, end: date, kind=ADM, ref="e1") -> CareerPeriod:
    return CareerPeriod(kind, start, end, DECLARED_VERIFIED, ref)


@pytest.mark.parametrize("extra, status, prior, sources", [
    ([], EligibilityStatus.NOT_ELIGIBLE, Duration(1, 0, 0), ["positions:career"]),
    # five years elsewhere as Administrator, overlapping the registry's post by a month: that month counted once
    ([declared(D(2020, 6, 2), D(2025, 7, 1))], EligibilityStatus.ELIGIBLE, Duration(6, 0, 0),
     [DECLARED_VERIFIED, "positions:career"]),
    # a declared post of a kind the selection does not accept counts for experience, not for the prior position
    ([declared(D(2018, 1, 1), D(2025, 6, 1), PositionKind.PENGAWAS)], EligibilityStatus.NOT_ELIGIBLE,
     Duration(1, 0, 0), ["positions:career"]),
])
def test_verified_declarations_join_the_registry_periods(extra, status, prior, sources):
    res = check(PRATAMA, facts([*REGISTRY_ONLY, *extra]), REF)
    assert res.status is status, [r.to_dict() for r in res.results]
    r = res.result(RuleCode.PRIOR_POSITION)
    assert r is not None and r.duration == prior
    assert [p["source"] for p in r.periods] == sources
    out = r.to_dict()["periods"]
    assert out[-1] == {"start": "2025-06-02", "end": "2026-06-01", "kind": "ADMINISTRATOR",
                       "source": "positions:career", "ref": None, "duration": {"years": 1, "months": 0, "days": 0}}
    if extra and extra[0].kind == ADM:
        assert out[0]["ref"] == "e1" and out[0]["end"] == "2025-06-01"  # clipped where the registry starts


def test_pengawas_declared_years_count_for_experience_with_their_source():
    res = check(PRATAMA, facts([*REGISTRY_ONLY, declared(D(2018, 1, 1), D(2025, 6, 1), PositionKind.PENGAWAS)]), REF)
    exp = res.result(RuleCode.EXPERIENCE)
    assert exp is not None and exp.status is RuleStatus.PASSED and exp.duration == Duration(8, 5, 1)  # 1 Jan 2018 .. 1 Jun 2026, one block
    assert [(p["kind"], p["source"]) for p in exp.periods] == [("PENGAWAS", DECLARED_VERIFIED),
                                                                 ("ADMINISTRATOR", "positions:career")]


@pytest.mark.parametrize("ranks, status, value, source", [
    ([RankRecord("IV/a", D(2019, 4, 1))], RuleStatus.FAILED, "IV/a", "positions:ranks"),
    # a verified promotion the registry lacks: in force, and named as the declaration's
    ([RankRecord("IV/a", D(2019, 4, 1)), RankRecord("IV/b", D(2023, 4, 1), DECLARED_VERIFIED, "r1")],
     RuleStatus.PASSED, "IV/b", DECLARED_VERIFIED),
    # the same TMT on both sides: the registry's record is the one in force
    ([RankRecord("IV/b", D(2023, 4, 1), DECLARED_VERIFIED, "r1"), RankRecord("IV/a", D(2023, 4, 1))],
     RuleStatus.FAILED, "IV/a", "positions:ranks"),
    # a declared rank whose TMT is after the end of registration is pending
    ([RankRecord("IV/a", D(2019, 4, 1)), RankRecord("IV/b", D(2026, 4, 2), DECLARED_VERIFIED, "r1")],
     RuleStatus.FAILED, "IV/a", "positions:ranks"),
])
def test_verified_rank_declarations_join_the_rank_history(ranks, status, value, source):
    res = check(PRATAMA, facts(REGISTRY_ONLY, rank=Fact(ranks, "positions:ranks")), REF,
                performance_reference_date=D(2026, 4, 1))
    r = res.result(RuleCode.RANK)
    assert r is not None and (r.status, r.value, r.source) == (status, value, source)


def test_only_verified_entries_reach_the_rules():
    def entry(status, entry_type="POSITION", **kw):
        base = dict(id=f"{status}-{entry_type}", status=status, entry_type=entry_type, position_kind="ADMINISTRATOR",
                    start_date=D(2015, 1, 1), end_date=D(2019, 12, 31), golongan="IV/b", tmt=D(2020, 4, 1))
        return SimpleNamespace(**{**base, **kw})

    got = verified_history([entry("DECLARED"), entry("REJECTED"), entry("VERIFIED"), entry("VERIFIED", "RANK"),
                            entry("REJECTED", "RANK")])
    assert got.periods == (CareerPeriod(ADM, D(2015, 1, 1), D(2019, 12, 31), DECLARED_VERIFIED, "VERIFIED-POSITION"),)
    assert got.ranks == (RankRecord("IV/b", D(2020, 4, 1), DECLARED_VERIFIED, "VERIFIED-RANK"),)
