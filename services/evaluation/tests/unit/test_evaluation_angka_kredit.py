from decimal import Decimal

import pytest

from merit_evaluation.rules.angka_kredit import (
    KOEFISIEN,
    PREDIKAT_PERCENTAGE,
    AngkaKreditPolicy,
    angka_kredit,
    koefisien,
    percentage,
)
from merit_evaluation.rules.angka_kredit import (
    Jenjang as J,
)
from merit_shared.errors import Invalid
from merit_shared.vocab import Predikat as P


def test_worked_values():
    assert angka_kredit(J.AHLI_PERTAMA, P.SANGAT_BAIK, 12).value == Decimal("18.75")
    r = angka_kredit(J.AHLI_PERTAMA, P.BAIK, 2)
    assert r.display == Decimal("2.083")
    assert str(r.display) == "2.083"
    assert Decimal("2.0833") < r.value < Decimal("2.0834")  # unrounded kept


@pytest.mark.parametrize(
    "p, pct", [(P.SANGAT_BAIK, 150), (P.BAIK, 100), (P.BUTUH_PERBAIKAN, 75), (P.KURANG, 50), (P.SANGAT_KURANG, 25)]
)
def test_percentages(p, pct):
    assert percentage(p) == Decimal(pct) == PREDIKAT_PERCENTAGE[p]


@pytest.mark.parametrize(
    "j, k",
    [
        (J.PEMULA, "3.75"), (J.TERAMPIL, "5"), (J.MAHIR, "12.5"), (J.PENYELIA, "25"),
        (J.AHLI_PERTAMA, "12.5"), (J.AHLI_MUDA, "25"), (J.AHLI_MADYA, "37.5"), (J.AHLI_UTAMA, "50"),
    ],
)
def test_koefisien(j, k):
    assert koefisien(j) == Decimal(k)


def test_pemula_not_in_fixed_table():
    assert J.PEMULA not in KOEFISIEN


# Full year: koefisien × pct/100, every predikat × several jenjang.
@pytest.mark.parametrize(
    "j, p, expected",
    [
        (J.AHLI_PERTAMA, P.SANGAT_BAIK, "18.75"), (J.AHLI_PERTAMA, P.BAIK, "12.5"),
        (J.AHLI_PERTAMA, P.BUTUH_PERBAIKAN, "9.375"), (J.AHLI_PERTAMA, P.KURANG, "6.25"),
        (J.AHLI_PERTAMA, P.SANGAT_KURANG, "3.125"),
        (J.AHLI_MUDA, P.SANGAT_BAIK, "37.5"), (J.AHLI_MUDA, P.BAIK, "25"), (J.AHLI_MUDA, P.BUTUH_PERBAIKAN, "18.75"),
        (J.AHLI_MUDA, P.KURANG, "12.5"), (J.AHLI_MUDA, P.SANGAT_KURANG, "6.25"),
        (J.AHLI_MADYA, P.SANGAT_BAIK, "56.25"), (J.AHLI_MADYA, P.BAIK, "37.5"),
        (J.AHLI_MADYA, P.BUTUH_PERBAIKAN, "28.125"), (J.AHLI_MADYA, P.KURANG, "18.75"),
        (J.AHLI_MADYA, P.SANGAT_KURANG, "9.375"),
        (J.AHLI_UTAMA, P.SANGAT_BAIK, "75"), (J.AHLI_UTAMA, P.SANGAT_KURANG, "12.5"),
        (J.TERAMPIL, P.SANGAT_BAIK, "7.5"), (J.TERAMPIL, P.BAIK, "5"), (J.TERAMPIL, P.BUTUH_PERBAIKAN, "3.75"),
        (J.TERAMPIL, P.KURANG, "2.5"), (J.TERAMPIL, P.SANGAT_KURANG, "1.25"),
        (J.MAHIR, P.BAIK, "12.5"), (J.PENYELIA, P.SANGAT_BAIK, "37.5"),
        (J.PEMULA, P.SANGAT_BAIK, "5.625"), (J.PEMULA, P.BAIK, "3.75"), (J.PEMULA, P.SANGAT_KURANG, "0.9375"),
    ],
)
def test_full_year(j, p, expected):
    assert angka_kredit(j, p, 12).value == Decimal(expected)


@pytest.mark.parametrize(
    "j, p, months, display",
    [
        (J.AHLI_PERTAMA, P.BAIK, 1, "1.042"),       # 1.041666… rounds half-up
        (J.AHLI_PERTAMA, P.SANGAT_BAIK, 6, "9.375"),
        (J.AHLI_MUDA, P.BUTUH_PERBAIKAN, 5, "7.813"),  # 7.8125 -> half-up
        (J.AHLI_MADYA, P.KURANG, 7, "10.938"),     # 10.9375
        (J.TERAMPIL, P.BAIK, 11, "4.583"),
        (J.PEMULA, P.SANGAT_KURANG, 1, "0.078"),   # 0.078125
    ],
)
def test_partial_year_display(j, p, months, display):
    assert str(angka_kredit(j, p, months).display) == display


@pytest.mark.parametrize("months", [0, 13, -1, 1.5, "6", True, None])
def test_months_validated(months):
    with pytest.raises(Invalid) as e:
        angka_kredit(J.AHLI_MUDA, P.BAIK, months)
    assert e.value.code == "invalid_months" and e.value.field == "months"


@pytest.mark.parametrize("months", [1, 12])
def test_months_bounds_accepted(months):
    assert angka_kredit(J.AHLI_MUDA, P.BAIK, months).months == months


def test_codes_accepted_and_bad_jenjang_rejected():
    assert angka_kredit("ahli_muda", "BAIK", 12).value == Decimal(25)
    with pytest.raises(Invalid) as e:
        angka_kredit("AHLI", "BAIK", 12)
    assert e.value.code == "invalid_jenjang"


def test_policy_pemula_and_round_trip():
    policy = AngkaKreditPolicy.from_dict({"koefisien_pemula": "4", "display_places": 2})
    assert angka_kredit(J.PEMULA, P.BAIK, 12, policy).value == Decimal(4)
    assert str(angka_kredit(J.AHLI_PERTAMA, P.BAIK, 2, policy).display) == "2.08"
    assert angka_kredit(J.AHLI_PERTAMA, P.BAIK, 12, policy).value == Decimal("12.5")  # HIGH table unaffected
    assert AngkaKreditPolicy.from_dict(policy.to_dict()) == policy
    with pytest.raises(Invalid):
        AngkaKreditPolicy(koefisien_pemula=Decimal(0))
