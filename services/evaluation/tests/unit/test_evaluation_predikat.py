import pytest

from merit_evaluation.rules.predikat import PREDIKAT_RANK, at_least, predikat, predikat_label, predikat_label_en, rank
from merit_evaluation.rules.predikat import Rating as R
from merit_shared.errors import Invalid
from merit_shared.vocab import Predikat as P

A, S, B = R.DI_ATAS_EKSPEKTASI, R.SESUAI_EKSPEKTASI, R.DI_BAWAH_EKSPEKTASI


@pytest.mark.parametrize(
    "hasil, perilaku, expected",
    [
        (A, A, P.SANGAT_BAIK),
        (A, S, P.BAIK),
        (A, B, P.KURANG),  # Kurang/Misconduct, the cell some implementations get wrong
        (S, A, P.BAIK),
        (S, S, P.BAIK),
        (S, B, P.KURANG),
        (B, A, P.BUTUH_PERBAIKAN),
        (B, S, P.BUTUH_PERBAIKAN),
        (B, B, P.SANGAT_KURANG),
    ],
)
def test_matrix_every_cell(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) is expected
    assert predikat(hasil.value, perilaku.value.lower()) is expected  # codes accepted too


def test_labels():
    assert predikat_label(P.KURANG) == "Kurang/Misconduct"
    assert predikat_label(P.BUTUH_PERBAIKAN) == "Butuh Perbaikan"
    assert predikat_label_en(P.KURANG) == "Poor/Misconduct"
    assert R.SESUAI_EKSPEKTASI.label == "Sesuai Ekspektasi"


def test_rank_order():
    assert set(PREDIKAT_RANK) == set(P)
    ordered = sorted(P, key=rank, reverse=True)
    assert ordered == [P.SANGAT_BAIK, P.BAIK, P.BUTUH_PERBAIKAN, P.KURANG, P.SANGAT_KURANG]


@pytest.mark.parametrize(
    "p, minimum, expected",
    [
        (P.SANGAT_BAIK, P.BAIK, True),
        (P.BAIK, P.BAIK, True),
        (P.BUTUH_PERBAIKAN, P.BAIK, False),
        (P.KURANG, P.BUTUH_PERBAIKAN, False),
        (P.SANGAT_KURANG, P.SANGAT_KURANG, True),
        (P.BAIK, P.SANGAT_BAIK, False),
        ("SANGAT_BAIK", "SANGAT_BAIK", True),
    ],
)
def test_at_least(p, minimum, expected):
    assert at_least(p, minimum) is expected


@pytest.mark.parametrize("bad", ["CUKUP", "", None, 3])
def test_invalid_rating_rejected(bad):
    with pytest.raises(Invalid) as e:
        predikat(bad, S)
    assert e.value.code == "invalid_rating"
    assert e.value.field == "hasil_kerja"
    assert "DI_ATAS_EKSPEKTASI" in e.value.message_en
