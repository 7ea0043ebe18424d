"""Recruitment uses the shared wire vocabulary (merit_shared.vocab) and keeps the spelling its API publishes."""

from __future__ import annotations

from typing import get_args

import pytest

from merit_recruitment.applications.schemas import DisciplineIn
from merit_recruitment.rules import SELECTION_KINDS, default_requirements, selection_kind
from merit_recruitment.rules.kinds import DEFAULT_ELIGIBILITY_POLICY, EligibilityDefaultsPolicy
from merit_recruitment.rules.vocab import (
    DISCIPLINE_CODES,
    PREDIKAT_LABEL_ID,
    PREDIKAT_RANK,
    discipline_code,
    parse_discipline_code,
    parse_predikat,
    parse_reported_discipline,
)
from merit_recruitment.selections.models import KINDS
from merit_recruitment.selections.schemas import Kind, RequirementsIn
from merit_shared.vocab import DisciplineLevel, JobKind, Predikat

D = DisciplineLevel


def test_discipline_spelling_is_the_published_one() -> None:
    assert [discipline_code(d) for d in D] == ["RINGAN", "SEDANG", "BERAT"]
    published = list(get_args(DisciplineIn.model_fields["level"].annotation))
    assert published == list(DISCIPLINE_CODES.values())
    item = get_args(RequirementsIn.model_fields["blocking_discipline_levels"].annotation)[0]
    assert list(get_args(item)) == list(DISCIPLINE_CODES.values())
    assert RequirementsIn().blocking_discipline_levels == ["SEDANG", "BERAT"]


def test_stored_discipline_levels_keep_their_spelling() -> None:
    assert default_requirements("JPT_PRATAMA").to_dict()["blocking_discipline_levels"] == ["SEDANG", "BERAT"]
    assert DEFAULT_ELIGIBILITY_POLICY.to_dict()["blocking_discipline_levels"] == ["SEDANG", "BERAT"]
    policy = EligibilityDefaultsPolicy.from_dict({"blocking_discipline_levels": ["RINGAN"]})
    assert policy.blocking_discipline_levels == (D.LIGHT,)


def test_parse_discipline_code_takes_only_this_services_spelling() -> None:
    assert [parse_discipline_code(c) for c in ("RINGAN", "SEDANG", "BERAT")] == [D.LIGHT, D.MODERATE, D.HEAVY]
    assert parse_discipline_code(D.HEAVY) is D.HEAVY
    for bad in ("LIGHT", "ringan", "SEVERE", None):
        with pytest.raises(ValueError):
            parse_discipline_code(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(("reported", "level"), [
    ("LIGHT", D.LIGHT), ("MODERATE", D.MODERATE), ("heavy", D.HEAVY),  # what the evaluation service sends
    ("RINGAN", D.LIGHT), ("SEDANG", D.MODERATE), ("berat", D.HEAVY),  # accepted before as well
])
def test_reported_discipline(reported: str, level: DisciplineLevel) -> None:
    assert parse_reported_discipline(reported) is level


def test_predikat_is_the_shared_one() -> None:
    assert set(PREDIKAT_RANK) == set(Predikat) == set(PREDIKAT_LABEL_ID)
    assert sorted(Predikat, key=PREDIKAT_RANK.get, reverse=True) == list(Predikat)
    assert parse_predikat("Cukup") is Predikat.BUTUH_PERBAIKAN and parse_predikat("BAIK") is Predikat.BAIK


def test_selection_kinds_are_job_kinds_but_pelaksana() -> None:
    assert set(SELECTION_KINDS) == set(JobKind) - {JobKind.PELAKSANA}
    assert KINDS == tuple(get_args(Kind)) == tuple(k.value for k in SELECTION_KINDS)
    assert selection_kind("FUNGSIONAL") is JobKind.FUNGSIONAL
    with pytest.raises(ValueError):
        selection_kind("PELAKSANA")
