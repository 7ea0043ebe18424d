"""Rank order (kenaikan pangkat one rank at a time, PP 99/2000) and the golongan scheme by employment type."""

import pytest

from merit_positions.rules.ranks import (
    PppkGolongan,
    Rank,
    RankChangeReason,
    RankStep,
    check_rank_order,
    next_rank,
    parse_golongan_for,
    parse_rank,
    rank_step,
)
from merit_shared.errors import Invalid

D, C, E = RankChangeReason.DISCIPLINE, RankChangeReason.CORRECTION, RankChangeReason.EXTRAORDINARY_PROMOTION


@pytest.mark.parametrize(("previous", "new", "step"), [
    (None, "III/a", RankStep.FIRST),
    ("III/a", "III/b", RankStep.REGULAR),
    ("II/d", "III/a", RankStep.REGULAR),  # across the golongan boundary
    ("I/d", "II/a", RankStep.REGULAR),
    ("IV/d", "IV/e", RankStep.REGULAR),
    ("III/b", "III/b", RankStep.SAME),
    ("III/d", "III/b", RankStep.LOWER),
    ("III/b", "IV/b", RankStep.SKIPPED),
    ("III/a", "III/c", RankStep.SKIPPED),
])
def test_rank_step(previous: str | None, new: str, step: RankStep) -> None:
    assert rank_step(parse_rank(previous) if previous else None, parse_rank(new)) is step


@pytest.mark.parametrize(("previous", "new", "following", "reason", "code"), [
    ("III/c", "III/d", None, None, None),
    (None, "IV/a", None, None, None),
    ("III/d", "III/b", None, None, "rank_order_reason_required"),  # issue #11: III/d -> III/b
    ("III/d", "III/b", None, D, None),
    ("III/d", "III/b", None, C, None),
    ("III/d", "III/b", None, E, "rank_order_reason_mismatch"),
    ("III/b", "IV/b", None, None, "rank_order_reason_required"),  # issue #11: III/b -> IV/b
    ("III/b", "IV/b", None, E, None),
    ("III/b", "IV/b", None, C, None),
    ("III/b", "IV/b", None, D, "rank_order_reason_mismatch"),
    ("III/b", "III/b", None, None, "rank_order_reason_required"),
    ("III/b", "III/b", None, C, None),
    ("III/a", "III/b", "III/c", None, None),  # inserted in the past between two regular steps
    ("III/a", "III/b", "III/d", None, "rank_order_reason_required"),  # the following step becomes a skip
    ("III/a", "III/b", "III/a", None, "rank_order_reason_required"),
])
def test_check_rank_order(previous: str | None, new: str, following: str | None, reason: RankChangeReason | None,
                          code: str | None) -> None:
    args = (parse_rank(previous) if previous else None, parse_rank(new),
            parse_rank(following) if following else None, reason)
    if code is None:
        check_rank_order(*args)
        return
    with pytest.raises(Invalid) as exc:
        check_rank_order(*args, field="body.reason")
    assert (exc.value.code, exc.value.field) == (code, "body.reason")
    assert exc.value.extra["allowed"]


def test_next_rank() -> None:
    assert next_rank(Rank.III_D) is Rank.IV_A
    assert next_rank(Rank.II_D) is Rank.III_A
    assert next_rank(Rank.IV_E) is None


@pytest.mark.parametrize(("etype", "value", "expected"), [
    ("PNS", "III/a", Rank.III_A), ("CPNS", "31", Rank.III_A), ("PPPK", "IX", PppkGolongan.IX),
    ("PPPK", "xvii", PppkGolongan.XVII), ("PPPK", 9, PppkGolongan.IX),
])
def test_golongan_by_employment_type(etype: str, value: object, expected: object) -> None:
    assert parse_golongan_for(etype, value) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("etype", "value", "code"), [
    ("PNS", "IX", "golongan_wrong_scheme"),
    ("CPNS", "XVII", "golongan_wrong_scheme"),
    ("PPPK", "III/a", "golongan_wrong_scheme"),
    ("PPPK", "IV/e", "golongan_wrong_scheme"),
    ("PNS", "XVIII", "rank_invalid"),
    ("PPPK", "XVIII", "pppk_golongan_invalid"),
    ("PPPK", "18", "pppk_golongan_invalid"),
])
def test_golongan_of_the_other_scheme_refused(etype: str, value: str, code: str) -> None:
    with pytest.raises(Invalid) as exc:
        parse_golongan_for(etype, value, field="body.rank.golongan")
    assert (exc.value.code, exc.value.field) == (code, "body.rank.golongan")
