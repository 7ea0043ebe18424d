"""NI PPPK decoding and the appointment-date checks of NIPs and NI PPPK (NI PPPK: MED; NIP: HIGH)."""

from datetime import date

import pytest

from merit_positions.rules.nip import (
    Gender,
    Nip,
    PppkNumber,
    check_appointment_dates,
    check_consistency,
    parse_employee_number,
    parse_ni_pppk,
    parse_nip,
)
from merit_shared.errors import Invalid

PPPK_VALID = [
    # raw, birth, year, marker, gender, sequence, formatted
    ("198902252024211013", date(1989, 2, 25), 2024, "21", Gender.L, "013", "19890225 2024 21 1 013"),
    ("19890225 2024 21 1 013", date(1989, 2, 25), 2024, "21", Gender.L, "013", "19890225 2024 21 1 013"),
    ("199512312023292001", date(1995, 12, 31), 2023, "29", Gender.P, "001", "19951231 2023 29 2 001"),
    ("200002292018211999", date(2000, 2, 29), 2018, "21", Gender.L, "999", "20000229 2018 21 1 999"),  # 18 that year
]


@pytest.mark.parametrize(("raw", "birth", "year", "marker", "gender", "seq", "formatted"), PPPK_VALID)
def test_ni_pppk_decoded(raw: str, birth: date, year: int, marker: str, gender: Gender, seq: str,
                         formatted: str) -> None:
    n = parse_ni_pppk(raw)
    assert (n.birth_date, n.appointment_year, n.marker, n.gender, n.sequence) == (birth, year, marker, gender, seq)
    assert n.formatted == formatted and str(n) == formatted.replace(" ", "")
    assert parse_employee_number(raw, "PPPK") == n


PPPK_INVALID = [
    # raw, code, part
    ("19890225202421101", "nip_invalid_length", None),
    ("1989022520242110X3", "nip_invalid_characters", None),
    ("198913252024211013", "nip_invalid_birth_date", "birth_date"),
    ("198902302024211013", "nip_invalid_birth_date", "birth_date"),
    ("198902252024201013", "ni_pppk_invalid_marker", "marker"),  # 2 then 0: not a PPPK marker
    ("198902252024311013", "ni_pppk_invalid_marker", "marker"),  # 3x
    ("198902252024031013", "ni_pppk_invalid_marker", "marker"),  # a NIP shape (CPNS month 03)
    ("198902252024213013", "nip_invalid_gender", "gender"),
    ("198902252006211013", "ni_pppk_appointed_before_18", "appointment_year"),  # 17 in 2006
]


@pytest.mark.parametrize(("raw", "code", "part"), PPPK_INVALID)
def test_ni_pppk_refused_naming_the_part(raw: str, code: str, part: str | None) -> None:
    with pytest.raises(Invalid) as exc:
        parse_employee_number(raw, "PPPK", field="body.nip")
    assert (exc.value.code, exc.value.field, exc.value.extra.get("part")) == (code, "body.nip", part)
    assert exc.value.message_id and exc.value.message_en


def test_ni_pppk_is_not_read_as_cpns_month_21() -> None:
    with pytest.raises(Invalid) as exc:
        parse_nip("198902252024211013")
    assert exc.value.code == "nip_invalid_tmt_cpns"  # the plain NIP parser still refuses it
    with pytest.raises(Invalid) as exc:
        parse_employee_number("198902252024211013", "PNS")
    assert exc.value.code == "nip_is_ni_pppk" and "PPPK" in exc.value.message_en
    with pytest.raises(Invalid) as exc:
        parse_employee_number("198902252024211013", "CPNS")
    assert exc.value.code == "nip_is_ni_pppk"


def test_nip_for_pppk_hints_the_employment_type() -> None:
    with pytest.raises(Invalid) as exc:
        parse_employee_number("196608011988031001", "PPPK")
    assert exc.value.code == "ni_pppk_invalid_marker" and "employment_type" in exc.value.message_en


def test_nip_still_parsed_for_pns() -> None:
    n = parse_employee_number("196608011988031001", "PNS")
    assert isinstance(n, Nip) and n.tmt_cpns == date(1988, 3, 1)


def test_consistency_for_pppk() -> None:
    n = parse_ni_pppk("198902252024211013")
    assert check_consistency(n, date(1989, 2, 25), "L") is n
    with pytest.raises(Invalid) as exc:
        check_consistency(n, None, "P")
    assert exc.value.code == "nip_gender_mismatch"


TODAY = date(2026, 12, 3)
FAR = date(2100, 1, 1)


@pytest.mark.parametrize(("raw", "etype", "retirement", "code"), [
    ("196608011988031001", "PNS", FAR, None),
    ("200001012026121001", "PNS", FAR, None),  # CPNS this month
    ("200001012027011001", "PNS", FAR, "nip_cpns_in_future"),  # next month
    ("199001012099031001", "PNS", FAR, "nip_cpns_in_future"),  # the 2099 NIP of issue #11
    ("198902252026211013", "PPPK", FAR, None),
    ("198902252027211013", "PPPK", FAR, "ni_pppk_appointment_in_future"),
    ("196608011988031001", "PNS", date(1988, 3, 1), "appointment_after_retirement"),  # on the retirement date
    ("196608011988031001", "PNS", date(1988, 4, 1), None),
    ("196002012020211013", "PPPK", date(2020, 1, 1), "appointment_after_retirement"),
])
def test_appointment_dates(raw: str, etype: str, retirement: date, code: str | None) -> None:
    number = parse_employee_number(raw, etype)
    if code is None:
        check_appointment_dates(number, TODAY, retirement)
        return
    with pytest.raises(Invalid) as exc:
        check_appointment_dates(number, TODAY, retirement, field="body.nip")
    assert (exc.value.code, exc.value.field) == (code, "body.nip")


def test_pppk_number_type() -> None:
    assert isinstance(parse_employee_number("198902252024211013", "PPPK"), PppkNumber)
