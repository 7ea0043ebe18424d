"""Retirement age (BUP) and retirement date (reference 4.5, MED ages in policy)."""

from dataclasses import replace
from datetime import date

import pytest

from merit_positions.rules.policy import DEFAULT_POLICY, PositionsPolicy
from merit_positions.rules.ranks import Jenjang
from merit_positions.rules.retirement import bup_for, retirement_date, retirement_date_for
from merit_shared.errors import Invalid


@pytest.mark.parametrize(("birth", "bup", "expected"), [
    (date(1966, 8, 1), 58, date(2024, 9, 1)),  # born on the 1st: still the month after
    (date(1966, 8, 31), 58, date(2024, 9, 1)),
    (date(1966, 8, 15), 60, date(2026, 9, 1)),
    (date(1970, 12, 15), 60, date(2031, 1, 1)),  # December rolls into January of the next year
    (date(1970, 12, 31), 58, date(2029, 1, 1)),
    (date(1960, 1, 31), 65, date(2025, 2, 1)),
    (date(1964, 2, 29), 60, date(2024, 3, 1)),  # leap birthday, leap target year
    (date(1968, 2, 29), 58, date(2026, 3, 1)),  # leap birthday, common target year
    (date(1975, 11, 30), 58, date(2033, 12, 1)),
])
def test_retirement_date(birth: date, bup: int, expected: date) -> None:
    assert retirement_date(birth, bup) == expected


@pytest.mark.parametrize("bup", [0, -58, True, 58.0, "58", None])
def test_retirement_date_rejects_bad_bup(bup: object) -> None:
    with pytest.raises(Invalid) as exc:
        retirement_date(date(1966, 8, 1), bup)  # type: ignore[arg-type]
    assert (exc.value.code, exc.value.field) == ("bup_invalid", "bup")


@pytest.mark.parametrize(("kind", "jenjang", "bup"), [
    ("JPT_UTAMA", None, 60), ("JPT_MADYA", None, 60), ("JPT_PRATAMA", None, 60),
    ("ADMINISTRATOR", None, 58), ("PENGAWAS", None, 58), ("PELAKSANA", None, 58),
    ("FUNGSIONAL", "AHLI_UTAMA", 65), ("FUNGSIONAL", "AHLI_MADYA", 60), ("FUNGSIONAL", "AHLI_MUDA", 58),
    ("FUNGSIONAL", "AHLI_PERTAMA", 58), ("FUNGSIONAL", "PENYELIA", 58), ("FUNGSIONAL", "MAHIR", 58),
    ("FUNGSIONAL", "TERAMPIL", 58), ("FUNGSIONAL", "PEMULA", 58), ("FUNGSIONAL", "Ahli Utama", 65),
])
def test_bup_for(kind: str, jenjang: str | None, bup: int) -> None:
    assert bup_for(kind, jenjang) == bup


@pytest.mark.parametrize(("kind", "jenjang", "code"), [
    ("FUNGSIONAL", None, "jenjang_required"),
    ("PELAKSANA", "AHLI_MUDA", "jenjang_not_applicable"),
    ("ESELON_III", None, "job_kind_invalid"),
])
def test_bup_for_rejects(kind: str, jenjang: str | None, code: str) -> None:
    with pytest.raises(Invalid) as exc:
        bup_for(kind, jenjang)
    assert exc.value.code == code


def test_retirement_date_for_uses_job() -> None:
    birth = date(1966, 8, 1)
    assert retirement_date_for(birth, "FUNGSIONAL", "AHLI_UTAMA") == date(2031, 9, 1)
    assert retirement_date_for(birth, "JPT_PRATAMA") == date(2026, 9, 1)
    assert retirement_date_for(birth, "PELAKSANA") == date(2024, 9, 1)


def test_bup_is_policy() -> None:
    ages = dict(DEFAULT_POLICY.bup_by_jenjang)
    ages[Jenjang.AHLI_MUDA] = 60
    policy = replace(DEFAULT_POLICY, bup_by_jenjang=ages)
    assert bup_for("FUNGSIONAL", "AHLI_MUDA", policy) == 60
    assert bup_for("FUNGSIONAL", "AHLI_MUDA") == 58
    ages[Jenjang.AHLI_MUDA] = 0
    with pytest.raises(Invalid):
        PositionsPolicy(bup_by_jenjang=ages)
