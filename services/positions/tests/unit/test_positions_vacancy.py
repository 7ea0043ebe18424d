"""Seats, vacancies, acting officials (managerial = exactly one seat)."""

import pytest

from merit_positions.rules.vacancy import (
    SeatSummary,
    overfilled,
    summarise_position,
    total_summary,
    vacancy,
    validate_required_headcount,
)
from merit_shared.errors import Invalid


@pytest.mark.parametrize(("required", "filled", "vacant", "over"), [
    (3, 0, 3, 0), (3, 1, 2, 0), (3, 2, 1, 0), (3, 3, 0, 0), (3, 4, 0, 1), (3, 5, 0, 2), (0, 0, 0, 0), (0, 1, 0, 1),
])
def test_vacancy_and_overfilled(required: int, filled: int, vacant: int, over: int) -> None:
    assert vacancy(required, filled) == vacant
    assert overfilled(required, filled) == over


@pytest.mark.parametrize(("kind", "required", "filled", "acting", "expected"), [
    ("ADMINISTRATOR", 1, 0, 1, SeatSummary(1, 0, 1, 1, 0)),  # a Plt does not fill the seat
    ("ADMINISTRATOR", 1, 1, 0, SeatSummary(1, 1, 0, 0, 0)),
    ("JPT_PRATAMA", 1, 2, 0, SeatSummary(1, 2, 0, 0, 1)),
    ("PELAKSANA", 5, 3, 0, SeatSummary(5, 3, 0, 2, 0)),
    ("FUNGSIONAL", 0, 0, 0, SeatSummary(0, 0, 0, 0, 0)),
    ("FUNGSIONAL", 2, 3, 1, SeatSummary(2, 3, 1, 0, 1)),
])
def test_summarise_position(kind: str, required: int, filled: int, acting: int, expected: SeatSummary) -> None:
    summary = summarise_position(kind, required, filled, acting)
    assert summary == expected
    assert summary.is_vacant is (expected.vacant > 0)


@pytest.mark.parametrize("kind", ["JPT_UTAMA", "JPT_MADYA", "JPT_PRATAMA", "ADMINISTRATOR", "PENGAWAS"])
@pytest.mark.parametrize("required", [0, 2, 3])
def test_managerial_requires_exactly_one_seat(kind: str, required: int) -> None:
    assert validate_required_headcount(kind, 1) == 1
    with pytest.raises(Invalid) as exc:
        validate_required_headcount(kind, required)
    assert (exc.value.code, exc.value.field) == ("managerial_requires_one_seat", "required")


@pytest.mark.parametrize(("kind", "required", "filled", "acting", "field"), [
    ("PELAKSANA", -1, 0, 0, "required"), ("PELAKSANA", 1, -1, 0, "filled_definitive"),
    ("PELAKSANA", 1, 0, -1, "acting_count"), ("PELAKSANA", 1.5, 0, 0, "required"),
    ("PELAKSANA", True, 0, 0, "required"),
])
def test_counts_must_be_whole_non_negative(kind: str, required: object, filled: object, acting: object,
                                           field: str) -> None:
    with pytest.raises(Invalid) as exc:
        summarise_position(kind, required, filled, acting)  # type: ignore[arg-type]
    assert (exc.value.code, exc.value.field) == ("count_invalid", field)


def test_total_summary_does_not_net_overfill_against_vacancy() -> None:
    total = total_summary([summarise_position("PELAKSANA", 3, 5), summarise_position("PELAKSANA", 3, 1, 1)])
    assert total == SeatSummary(required=6, filled_definitive=6, acting_count=1, vacant=2, overfilled=2)
