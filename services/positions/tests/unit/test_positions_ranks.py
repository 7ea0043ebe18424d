"""Ranks, jenjang, job kinds and kelas jabatan (reference 4.1-4.3)."""

from dataclasses import replace

import pytest

from merit_positions.rules.policy import DEFAULT_POLICY, PositionsPolicy
from merit_positions.rules.rank_ranges import (
    default_min_rank,
    jenjang_rank_range,
    minimum_rank_for_job,
    validate_jenjang_rank,
)
from merit_positions.rules.ranks import (
    Jenjang,
    JobKind,
    PppkGolongan,
    Rank,
    is_managerial,
    parse_jenjang,
    parse_job_kind,
    parse_pppk_golongan,
    parse_rank,
    rank_at_least,
    validate_job_jenjang,
    validate_kelas_jabatan,
)
from merit_shared.errors import Invalid

# Reference 4.2, in seniority order (HIGH).
RANK_TABLE = [
    ("I/a", 11, "Juru Muda"), ("I/b", 12, "Juru Muda Tingkat I"), ("I/c", 13, "Juru"), ("I/d", 14, "Juru Tingkat I"),
    ("II/a", 21, "Pengatur Muda"), ("II/b", 22, "Pengatur Muda Tingkat I"), ("II/c", 23, "Pengatur"),
    ("II/d", 24, "Pengatur Tingkat I"), ("III/a", 31, "Penata Muda"), ("III/b", 32, "Penata Muda Tingkat I"),
    ("III/c", 33, "Penata"), ("III/d", 34, "Penata Tingkat I"), ("IV/a", 41, "Pembina"),
    ("IV/b", 42, "Pembina Tingkat I"), ("IV/c", 43, "Pembina Utama Muda"), ("IV/d", 44, "Pembina Utama Madya"),
    ("IV/e", 45, "Pembina Utama"),
]


@pytest.mark.parametrize(("label", "code", "pangkat"), RANK_TABLE)
def test_rank_table(label: str, code: int, pangkat: str) -> None:
    by_label, by_code, by_text_code = parse_rank(label), parse_rank(code), parse_rank(str(code))
    assert by_label is by_code is by_text_code
    assert (by_label.label, by_label.code, by_label.pangkat, str(by_label)) == (label, code, pangkat, label)


def test_rank_table_is_complete_and_ordered() -> None:
    assert [r.label for r in Rank] == [row[0] for row in RANK_TABLE]
    ranks = [parse_rank(row[0]) for row in RANK_TABLE]
    assert all(a < b and b > a and a <= b and not a >= b for a, b in zip(ranks, ranks[1:], strict=False))
    assert sorted(reversed(ranks)) == ranks


@pytest.mark.parametrize(("text", "expected"), [
    ("iii/a", Rank.III_A), (" III / a ", Rank.III_A), ("IIIa", Rank.III_A), ("IV/E", Rank.IV_E), ("i/a", Rank.I_A),
    (Rank.II_B, Rank.II_B), (" 44 ", Rank.IV_D),
])
def test_parse_rank_accepts_variants(text: object, expected: Rank) -> None:
    assert parse_rank(text) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["III/e", "II/e", "V/a", "I/f", "", "III", "3/a", 15, 10, 46, 0, "51", True, None, 31.0])
def test_parse_rank_rejects(bad: object) -> None:
    with pytest.raises(Invalid) as exc:
        parse_rank(bad, field="body.rank")  # type: ignore[arg-type]
    assert exc.value.code == "rank_invalid"
    assert exc.value.field == "body.rank"
    assert "III/a" in exc.value.message_id and "III/a" in exc.value.message_en


@pytest.mark.parametrize(("rank", "minimum", "expected"), [
    ("III/a", "III/a", True), ("III/b", "III/a", True), ("III/a", "III/b", False), ("II/d", "III/a", False),
    ("III/a", "II/d", True), ("IV/e", "IV/d", True), ("IV/d", "IV/e", False), ("I/a", "I/a", True),
])
def test_rank_at_least(rank: str, minimum: str, expected: bool) -> None:
    assert rank_at_least(parse_rank(rank), parse_rank(minimum)) is expected


def test_rank_at_least_refuses_mixed_schemes() -> None:
    with pytest.raises(Invalid) as exc:
        rank_at_least(PppkGolongan.IX, Rank.III_A)
    assert exc.value.code == "rank_scheme_mismatch"
    with pytest.raises(TypeError):
        _ = PppkGolongan.IX < Rank.III_A  # type: ignore[operator]


@pytest.mark.parametrize(("value", "number"), [("I", 1), ("ix", 9), (" XVII ", 17), (9, 9), ("17", 17), (1, 1)])
def test_parse_pppk_golongan(value: object, number: int) -> None:
    g = parse_pppk_golongan(value)  # type: ignore[arg-type]
    assert g.value == number
    assert str(g) == ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                      "XVI", "XVII")[number - 1]


@pytest.mark.parametrize("bad", [0, 18, "XVIII", "III/a", "", True, "0"])
def test_parse_pppk_golongan_rejects(bad: object) -> None:
    with pytest.raises(Invalid) as exc:
        parse_pppk_golongan(bad)  # type: ignore[arg-type]
    assert exc.value.code == "pppk_golongan_invalid"


def test_pppk_ordering() -> None:
    assert PppkGolongan.IX < PppkGolongan.X < PppkGolongan.XVII
    assert rank_at_least(PppkGolongan.X, PppkGolongan.IX)
    assert not rank_at_least(PppkGolongan.VIII, PppkGolongan.IX)


@pytest.mark.parametrize(("kind", "managerial"), [
    ("JPT_UTAMA", True), ("JPT_MADYA", True), ("JPT_PRATAMA", True), ("ADMINISTRATOR", True), ("PENGAWAS", True),
    ("PELAKSANA", False), ("FUNGSIONAL", False), ("jpt pratama", True), ("jpt-madya", True),
])
def test_is_managerial(kind: str, managerial: bool) -> None:
    assert is_managerial(kind) is managerial


def test_job_kind_rejects_unknown() -> None:
    with pytest.raises(Invalid) as exc:
        parse_job_kind("ESELON_II")
    assert exc.value.code == "job_kind_invalid"
    assert "JPT_PRATAMA" in exc.value.message_en


# Reference 4.2 ranges: (jenjang, lowest, highest). Ahli HIGH; keterampilan defaults MED/LOW.
JENJANG_RANGES = [
    ("AHLI_PERTAMA", "III/a", "III/b"), ("AHLI_MUDA", "III/c", "III/d"), ("AHLI_MADYA", "IV/a", "IV/c"),
    ("AHLI_UTAMA", "IV/d", "IV/e"), ("PEMULA", "II/a", "II/a"), ("TERAMPIL", "II/c", "II/d"),
    ("MAHIR", "III/a", "III/b"), ("PENYELIA", "III/c", "III/d"),
]


@pytest.mark.parametrize(("jenjang", "low", "high"), JENJANG_RANGES)
def test_jenjang_rank_range(jenjang: str, low: str, high: str) -> None:
    assert jenjang_rank_range(jenjang) == (parse_rank(low), parse_rank(high))


def _neighbours(label: str) -> tuple[Rank | None, Rank | None]:
    ranks = list(Rank)
    i = ranks.index(parse_rank(label))
    return (ranks[i - 1] if i > 0 else None), (ranks[i + 1] if i + 1 < len(ranks) else None)


@pytest.mark.parametrize(("jenjang", "low", "high"), JENJANG_RANGES)
def test_validate_jenjang_rank_boundaries(jenjang: str, low: str, high: str) -> None:
    validate_jenjang_rank(jenjang, low)
    validate_jenjang_rank(jenjang, high)
    below, _ = _neighbours(low)
    _, above = _neighbours(high)
    for outside in (below, above):
        if outside is None:
            continue
        with pytest.raises(Invalid) as exc:
            validate_jenjang_rank(jenjang, outside)
        assert exc.value.code == "rank_outside_jenjang_range"
        assert exc.value.field == "rank"
        assert (exc.value.extra["minimum"], exc.value.extra["maximum"]) == (low, high)
        assert low in exc.value.message_id and high in exc.value.message_en


@pytest.mark.parametrize(("jenjang", "rank"), [("Ahli Pertama", "II/d"), ("ahli utama", "IV/c"), ("Mahir", "III/c")])
def test_validate_jenjang_rank_accepts_labels_and_rejects(jenjang: str, rank: str) -> None:
    with pytest.raises(Invalid):
        validate_jenjang_rank(jenjang, rank)


def test_validate_jenjang_rank_rejects_pppk() -> None:
    with pytest.raises(Invalid) as exc:
        validate_jenjang_rank(Jenjang.AHLI_PERTAMA, PppkGolongan.IX)  # type: ignore[arg-type]
    assert exc.value.code == "jenjang_requires_pns_rank"


def test_keterampilan_ranges_come_from_policy() -> None:
    ranges = dict(DEFAULT_POLICY.keterampilan_rank_ranges)
    ranges[Jenjang.TERAMPIL] = (Rank.II_B, Rank.II_D)
    wider = replace(DEFAULT_POLICY, keterampilan_rank_ranges=ranges)
    with pytest.raises(Invalid):
        validate_jenjang_rank("TERAMPIL", "II/b")
    validate_jenjang_rank("TERAMPIL", "II/b", wider)


def test_policy_cannot_override_high_keahlian_ranges() -> None:
    ranges = dict(DEFAULT_POLICY.keterampilan_rank_ranges)
    ranges[Jenjang.AHLI_PERTAMA] = (Rank.II_A, Rank.IV_E)
    with pytest.raises(Invalid) as exc:
        PositionsPolicy(keterampilan_rank_ranges=ranges)
    assert exc.value.field == "policy.keterampilan_rank_ranges"


def test_policy_rejects_reversed_range() -> None:
    ranges = dict(DEFAULT_POLICY.keterampilan_rank_ranges)
    ranges[Jenjang.MAHIR] = (Rank.III_B, Rank.III_A)
    with pytest.raises(Invalid):
        PositionsPolicy(keterampilan_rank_ranges=ranges)


def test_parse_jenjang() -> None:
    assert parse_jenjang("Ahli Madya") is Jenjang.AHLI_MADYA
    assert Jenjang.AHLI_MADYA.label == "Ahli Madya"
    with pytest.raises(Invalid) as exc:
        parse_jenjang("Ahli Senior")
    assert exc.value.code == "jenjang_invalid"


@pytest.mark.parametrize(("kind", "expected"), [
    ("JPT_UTAMA", "IV/d"), ("JPT_MADYA", "IV/c"), ("JPT_PRATAMA", "IV/b"), ("ADMINISTRATOR", "III/d"),
    ("PENGAWAS", "III/a"), ("PELAKSANA", None), ("FUNGSIONAL", None),
])
def test_default_min_rank(kind: str, expected: str | None) -> None:
    result = default_min_rank(kind)
    assert (result.label if result else None) == expected


def test_default_min_rank_is_policy() -> None:
    mins = dict(DEFAULT_POLICY.managerial_min_rank)
    mins[JobKind.ADMINISTRATOR] = Rank.IV_A
    assert default_min_rank("ADMINISTRATOR", replace(DEFAULT_POLICY, managerial_min_rank=mins)) is Rank.IV_A
    del mins[JobKind.PENGAWAS]
    with pytest.raises(Invalid):
        PositionsPolicy(managerial_min_rank=mins)


@pytest.mark.parametrize(("kind", "own", "jenjang", "expected"), [
    ("ADMINISTRATOR", Rank.IV_A, None, Rank.IV_A),  # the job's own field wins
    ("ADMINISTRATOR", None, None, Rank.III_D),
    ("FUNGSIONAL", None, "AHLI_MUDA", Rank.III_C),
    ("FUNGSIONAL", None, None, None),
    ("PELAKSANA", None, None, None),
])
def test_minimum_rank_for_job(kind: str, own: Rank | None, jenjang: str | None, expected: Rank | None) -> None:
    assert minimum_rank_for_job(kind, own, jenjang) is expected


def test_validate_job_jenjang() -> None:
    assert validate_job_jenjang("FUNGSIONAL", "Mahir") is Jenjang.MAHIR
    assert validate_job_jenjang("PELAKSANA", None) is None
    with pytest.raises(Invalid) as exc:
        validate_job_jenjang("FUNGSIONAL", None)
    assert (exc.value.code, exc.value.field) == ("jenjang_required", "jenjang")
    with pytest.raises(Invalid) as exc:
        validate_job_jenjang("PENGAWAS", "AHLI_MUDA")
    assert exc.value.code == "jenjang_not_applicable"


@pytest.mark.parametrize("value", [1, 2, 16, 17])
def test_kelas_jabatan_valid(value: int) -> None:
    assert validate_kelas_jabatan(value) == value


@pytest.mark.parametrize("value", [0, 18, -1, True, "5", 5.0, None])
def test_kelas_jabatan_invalid(value: object) -> None:
    with pytest.raises(Invalid) as exc:
        validate_kelas_jabatan(value)
    assert (exc.value.code, exc.value.field) == ("kelas_jabatan_out_of_range", "kelas_jabatan")
    assert "17" in exc.value.message_id and "17" in exc.value.message_en
