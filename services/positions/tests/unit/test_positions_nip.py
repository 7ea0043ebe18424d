"""NIP parsing and consistency (reference 4.4, HIGH)."""

from datetime import date

import pytest

from merit_positions.rules.nip import Gender, Nip, check_consistency, is_valid_nip, parse_gender, parse_nip
from merit_shared.errors import Invalid

VALID = [
    # raw, birth, tmt_cpns, gender, sequence, formatted
    ("196608011988031001", date(1966, 8, 1), date(1988, 3, 1), Gender.L, "001", "19660801 198803 1 001"),
    ("19660801 198803 1 001", date(1966, 8, 1), date(1988, 3, 1), Gender.L, "001", "19660801 198803 1 001"),
    (" 1966 0801 1988 0310 01 ", date(1966, 8, 1), date(1988, 3, 1), Gender.L, "001", "19660801 198803 1 001"),
    ("198503122010012105", date(1985, 3, 12), date(2010, 1, 1), Gender.P, "105", "19850312 201001 2 105"),
    # leap day birth; CPNS in the month of the 18th birthday (February 2018) is the earliest allowed
    ("200002292018022001", date(2000, 2, 29), date(2018, 2, 1), Gender.P, "001", "20000229 201802 2 001"),
    ("196608011984081999", date(1966, 8, 1), date(1984, 8, 1), Gender.L, "999", "19660801 198408 1 999"),
    ("199012312008121000", date(1990, 12, 31), date(2008, 12, 1), Gender.L, "000", "19901231 200812 1 000"),
]


@pytest.mark.parametrize(("raw", "birth", "tmt", "gender", "seq", "formatted"), VALID)
def test_parse_valid(raw: str, birth: date, tmt: date, gender: Gender, seq: str, formatted: str) -> None:
    nip = parse_nip(raw)
    assert (nip.birth_date, nip.tmt_cpns, nip.gender, nip.sequence) == (birth, tmt, gender, seq)
    assert nip.formatted == formatted
    assert nip.value == formatted.replace(" ", "") == str(nip)
    assert is_valid_nip(raw)


INVALID = [
    # raw, code, part (None when the whole NIP is malformed)
    ("19660801198803100", "nip_invalid_length", None),  # 17 digits
    ("1966080119880310011", "nip_invalid_length", None),  # 19 digits
    ("", "nip_invalid_length", None),
    ("   ", "nip_invalid_length", None),
    ("19660801-198803-1-001", "nip_invalid_characters", None),
    ("1966O8011988031001", "nip_invalid_characters", None),  # letter O
    ("١٩٦٦٠٨٠١١٩٨٨٠٣١٠٠١", "nip_invalid_characters", None),  # Arabic-Indic digits
    (196608011988031001, "nip_not_text", None),  # not text
    ("196613011988031001", "nip_invalid_birth_date", "birth_date"),  # month 13
    ("196600011988031001", "nip_invalid_birth_date", "birth_date"),  # month 00
    ("196608321988031001", "nip_invalid_birth_date", "birth_date"),  # day 32
    ("196608001988031001", "nip_invalid_birth_date", "birth_date"),  # day 00
    ("199902292018031001", "nip_invalid_birth_date", "birth_date"),  # 1999 is not a leap year
    ("190002292018031001", "nip_invalid_birth_date", "birth_date"),  # 1900 is not a leap year
    ("196604311988031001", "nip_invalid_birth_date", "birth_date"),  # 31 April
    ("000008011988031001", "nip_invalid_birth_date", "birth_date"),  # year 0
    ("196608011988131001", "nip_invalid_tmt_cpns", "tmt_cpns"),  # month 13
    ("196608011988001001", "nip_invalid_tmt_cpns", "tmt_cpns"),  # month 00
    ("196608011988033001", "nip_invalid_gender", "gender"),
    ("196608011988030001", "nip_invalid_gender", "gender"),
    ("196608011984071001", "nip_cpns_before_18", "tmt_cpns"),  # one month before the 18th birthday month
    ("200002292018012001", "nip_cpns_before_18", "tmt_cpns"),
    ("196608011966081001", "nip_cpns_before_18", "tmt_cpns"),  # CPNS at birth
]


@pytest.mark.parametrize(("raw", "code", "part"), INVALID)
def test_parse_invalid(raw: object, code: str, part: str | None) -> None:
    with pytest.raises(Invalid) as exc:
        parse_nip(raw, field="body.nip")
    err = exc.value
    assert (err.code, err.field, err.status) == (code, "body.nip", 422)
    assert err.extra.get("part") == part
    assert err.message_id and err.message_en and err.message_id != err.message_en
    assert not is_valid_nip(raw)


def test_error_messages_name_the_part() -> None:
    with pytest.raises(Invalid) as exc:
        parse_nip("196613011988031001")
    assert "19661301" in exc.value.message_en and "birth date" in exc.value.message_en
    assert "tanggal lahir" in exc.value.message_id.lower()
    with pytest.raises(Invalid) as exc:
        parse_nip("196608011984071001")
    assert "198408" in exc.value.message_en and exc.value.extra["earliest"] == "198408"


@pytest.mark.parametrize(("birth", "gender"), [
    (None, None), (date(1966, 8, 1), None), (None, "L"), (date(1966, 8, 1), Gender.L), (None, "l"), (None, "1"),
])
def test_consistency_ok(birth: date | None, gender: object) -> None:
    nip = check_consistency("196608011988031001", birth_date=birth, gender=gender)  # type: ignore[arg-type]
    assert isinstance(nip, Nip) and nip.birth_date == date(1966, 8, 1)


@pytest.mark.parametrize(("birth", "gender", "code", "field"), [
    (date(1966, 8, 2), None, "nip_birth_date_mismatch", "birth_date"),
    (date(1967, 8, 1), "L", "nip_birth_date_mismatch", "birth_date"),
    (None, "P", "nip_gender_mismatch", "gender"),
    (date(1966, 8, 1), Gender.P, "nip_gender_mismatch", "gender"),
    (None, "X", "gender_invalid", "gender"),
])
def test_consistency_mismatch(birth: date | None, gender: object, code: str, field: str) -> None:
    with pytest.raises(Invalid) as exc:
        check_consistency(parse_nip("196608011988031001"), birth_date=birth, gender=gender)  # type: ignore[arg-type]
    assert (exc.value.code, exc.value.field) == (code, field)
    if code == "nip_birth_date_mismatch":
        assert "1966-08-01" in exc.value.message_id and "1966-08-01" in exc.value.message_en
        assert exc.value.extra["expected"] == "1966-08-01"


def test_consistency_rejects_invalid_nip_first() -> None:
    with pytest.raises(Invalid) as exc:
        check_consistency("196608011988033001", gender="L")
    assert exc.value.code == "nip_invalid_gender"


@pytest.mark.parametrize(("value", "expected"), [("L", Gender.L), ("p", Gender.P), ("2", Gender.P), (Gender.L, Gender.L)])
def test_parse_gender(value: object, expected: Gender) -> None:
    assert parse_gender(value) is expected  # type: ignore[arg-type]
