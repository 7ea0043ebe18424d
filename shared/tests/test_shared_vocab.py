"""The shared wire vocabulary: the values are the ones the services publish today (clients depend on them)."""

from __future__ import annotations

import json
from enum import StrEnum

import pytest

from merit_shared.vocab import DisciplineLevel, EmploymentType, JobKind, Predikat


@pytest.mark.parametrize(("enum", "values"), [
    (Predikat, ["SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN", "KURANG", "SANGAT_KURANG"]),  # PermenPANRB 6/2022
    (DisciplineLevel, ["LIGHT", "MODERATE", "HEAVY"]),  # PP 94/2021 ringan, sedang, berat
    (JobKind, ["JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS", "PELAKSANA", "FUNGSIONAL"]),
    (EmploymentType, ["PNS", "CPNS", "PPPK"]),
])
def test_values_are_the_documented_ones(enum: type[StrEnum], values: list[str]) -> None:
    assert [m.value for m in enum] == values
    assert all(m.name == m.value for m in enum)


@pytest.mark.parametrize("enum", [Predikat, DisciplineLevel, JobKind, EmploymentType])
def test_members_are_their_wire_strings(enum: type[StrEnum]) -> None:
    for m in enum:
        assert isinstance(m, str) and m == m.value and str(m) == m.value
        assert json.dumps(m) == json.dumps(m.value)
        assert enum(m.value) is m


def test_vocabulary_only_no_order() -> None:
    # Order and scores belong to each service's rules, keyed by these enums; the enums compare as strings only.
    assert not hasattr(Predikat.BAIK, "rank")
    assert Predikat.SANGAT_BAIK != Predikat.BAIK
