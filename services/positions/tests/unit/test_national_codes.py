"""The national system's codes round-trip: every golongan, job kind and jenjang read back gives the same value."""

from __future__ import annotations

import pytest

from merit_positions.rules import national as n
from merit_positions.rules.ranks import Jenjang, Rank
from merit_shared.vocab import JobKind


@pytest.mark.parametrize("rank", list(Rank))
def test_every_golongan_round_trips_through_its_bkn_code(rank: Rank) -> None:
    assert n.rank_of_gol_ruang_id(n.gol_ruang_id(rank)) is rank


@pytest.mark.parametrize(("rank", "code"), [(Rank.I_A, "11"), (Rank.II_C, "23"), (Rank.III_A, "31"), (Rank.IV_E, "45")])
def test_golongan_codes_are_the_bkn_codes(rank: Rank, code: str) -> None:
    assert n.gol_ruang_id(rank) == code


@pytest.mark.parametrize("kind", list(JobKind))
def test_every_job_kind_round_trips(kind: JobKind) -> None:
    assert n.job_kind_of(n.jenis_jabatan_id(kind), n.eselon_id(kind)) is kind


@pytest.mark.parametrize(("kind", "jenis", "eselon"), [
    (JobKind.JPT_PRATAMA, "1", "21"), (JobKind.ADMINISTRATOR, "1", "31"), (JobKind.PENGAWAS, "1", "41"),
    (JobKind.FUNGSIONAL, "2", None), (JobKind.PELAKSANA, "4", None)])
def test_job_kind_codes(kind: JobKind, jenis: str, eselon: str | None) -> None:
    assert (n.jenis_jabatan_id(kind), n.eselon_id(kind)) == (jenis, eselon)


@pytest.mark.parametrize(("eselon", "kind"), [("22", JobKind.JPT_PRATAMA), ("32", JobKind.ADMINISTRATOR),
                                              ("42", JobKind.PENGAWAS), ("11", JobKind.JPT_UTAMA),
                                              ("12", JobKind.JPT_MADYA)])
def test_any_grade_of_an_eselon_reads_back_as_its_kind(eselon: str, kind: JobKind) -> None:
    assert n.job_kind_of("1", eselon) is kind


def test_an_agency_can_set_its_eselon_codes() -> None:
    codes = n.NationalCodes(eselon_id={**n.DEFAULT_CODES.eselon_id, "JPT_PRATAMA": "22"})
    assert n.eselon_id(JobKind.JPT_PRATAMA, codes) == "22"
    assert n.job_kind_of("1", "22", codes) is JobKind.JPT_PRATAMA


@pytest.mark.parametrize("bad", [("9", None), ("1", None), ("1", "99")])
def test_unknown_codes_are_refused(bad: tuple[str, str | None]) -> None:
    with pytest.raises(ValueError):
        n.job_kind_of(*bad)


@pytest.mark.parametrize("jenjang", list(Jenjang))
def test_every_jenjang_round_trips_through_its_national_name(jenjang: Jenjang) -> None:
    assert n.jenjang_of_name(n.jenjang_name(jenjang)) is jenjang


def test_jenjang_names() -> None:
    assert n.jenjang_name(Jenjang.AHLI_PERTAMA) == "Ahli Pertama" and n.jenjang_name(Jenjang.PENYELIA) == "Penyelia"


def test_skp_codes_cover_every_rating_and_predikat() -> None:
    from merit_shared.vocab import Predikat

    assert {n.predikat_nilai(p.value) for p in Predikat} == {"1", "2", "3", "4", "5"}
    assert n.rating_nilai("DI_ATAS_EKSPEKTASI") == "3" and n.rating_nilai(None) is None


def test_every_dataset_names_each_field_once_and_the_unfilled_ones() -> None:
    for name, fields in n.DATASETS.items():
        names = [f.name for f in fields]
        assert len(names) == len(set(names)), name
    assert n.unfilled("riwayat-jabatan") == ["tmtPelantikan", "jenisPenugasanId", "jenisMutasiId"]
    assert n.unfilled("pns") == []


def test_the_mapping_document_is_the_field_map() -> None:
    from merit_positions.national.service import MAPPING_FILE, mapping_markdown

    assert MAPPING_FILE.read_text() == mapping_markdown(), "run: python -m merit_positions.national.service"
