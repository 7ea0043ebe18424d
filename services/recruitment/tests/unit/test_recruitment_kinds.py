from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    DEFAULT_ELIGIBILITY_POLICY,
    EducationLevel,
    EligibilityDefaultsPolicy,
    PositionKind,
    StageConfig,
    StageKind,
    StageTemplatePolicy,
    default_requirements,
    default_stages,
    education_meets,
    golongan_order,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import JobKind, Predikat

K = JobKind
PK = PositionKind


@pytest.mark.parametrize("kind, edu, exp, prior, years, age, min_rank", [
    (K.JPT_UTAMA, EducationLevel.S1, Decimal(10), (PK.JPT_MADYA, PK.JF_AHLI_UTAMA), Decimal(2), 58, None),
    (K.JPT_MADYA, EducationLevel.S1, Decimal(7), (PK.JPT_PRATAMA, PK.JF_AHLI_UTAMA), Decimal(2), 58, "IV/c"),
    (K.JPT_PRATAMA, EducationLevel.S1, Decimal(5), (PK.ADMINISTRATOR, PK.JF_AHLI_MADYA), Decimal(2), 56, "IV/b"),
    (K.ADMINISTRATOR, EducationLevel.S1, None, (PK.PENGAWAS, PK.JF_AHLI_MUDA, PK.JF_PENYELIA), Decimal(3), None,
     None),
    (K.PENGAWAS, EducationLevel.D3, None, (PK.PELAKSANA, PK.JF_AHLI_PERTAMA, PK.JF_TERAMPIL, PK.JF_MAHIR),
     Decimal(4), None, None),
    (K.FUNGSIONAL, None, None, (), None, None, None),
])
def test_default_requirements_per_kind(kind, edu, exp, prior, years, age, min_rank):
    r = default_requirements(kind)
    assert (r.min_education, r.min_experience_years, r.prior_position_kinds, r.prior_position_min_years,
            r.max_age, r.min_rank) == (edu, exp, prior, years, age, min_rank)
    assert r.min_predikat is Predikat.BAIK and r.predikat_years == 2 and r.discipline_years == 2


def test_policy_changes_defaults_without_code_change():
    policy = EligibilityDefaultsPolicy(min_rank_by_kind={"JPT_PRATAMA": "IV/c", "ADMINISTRATOR": "III/d"},
                                       pengawas_equivalent_jf=("JF_AHLI_MUDA",), predikat_years=3)
    assert default_requirements("JPT_PRATAMA", policy).min_rank == "IV/c"
    assert default_requirements("JPT_MADYA", policy).min_rank is None
    admin = default_requirements("ADMINISTRATOR", policy)
    assert admin.min_rank == "III/d" and admin.prior_position_kinds == (PK.PENGAWAS, PK.JF_AHLI_MUDA)
    assert admin.predikat_years == 3
    assert EligibilityDefaultsPolicy.from_dict(policy.to_dict()) == policy
    assert EligibilityDefaultsPolicy.from_dict(DEFAULT_ELIGIBILITY_POLICY.to_dict()) == DEFAULT_ELIGIBILITY_POLICY


@pytest.mark.parametrize("actual, minimum, ok", [
    ("D4", "S1", True), ("S1", "D4", True), ("D3", "S1", False), ("S2", "S1", True), ("D3", "D3", True),
    ("D2", "D3", False), ("SMA", "D1", False), ("S3", "SD", True),
])
def test_education_order(actual, minimum, ok):
    assert education_meets(EducationLevel(actual), EducationLevel(minimum)) is ok


@pytest.mark.parametrize("a, b", [("I/a", "I/b"), ("I/d", "II/a"), ("III/d", "IV/a"), ("IV/b", "IV/c"),
                                  ("IV/d", "IV/e")])
def test_golongan_order(a, b):
    assert golongan_order(a) < golongan_order(b)
    assert golongan_order("42") == golongan_order("IV/b")


def test_stage_templates_round_trip_and_validate():
    assert [s.code for s in default_stages("JPT_PRATAMA")] == [
        "COMPETENCY_ASSESSMENT", "PAPER_PRESENTATION", "INTERVIEW", "TRACK_RECORD", "HEALTH_PSYCH"]
    policy = StageTemplatePolicy()
    assert StageTemplatePolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(Invalid):
        StageTemplatePolicy(stages_by_kind={"PENGAWAS": (StageConfig("A", "A", StageKind.SCORED, Decimal(90)),)})
    custom = StageTemplatePolicy(stages_by_kind={"PENGAWAS": (StageConfig("A", "A", StageKind.SCORED, 100),)})
    with pytest.raises(Invalid) as e:
        default_stages("JPT_MADYA", custom)
    assert e.value.field == "kind"
