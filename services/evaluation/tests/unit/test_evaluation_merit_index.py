"""The merit-system index rules (rules.merit_index): levels, score, categories, policy validation, hash."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest

from merit_evaluation.rules.merit_index import (
    ASPECTS,
    DEFAULT_INDEX_POLICY,
    IndexPolicy,
    assemble,
    canonical_json,
    category_of,
    content_hash,
    level_of,
    score_of,
)
from merit_shared.errors import DomainError

T = DEFAULT_INDEX_POLICY.level_thresholds


@pytest.mark.parametrize(("value", "level"), [
    ("0", 1), ("0.4999", 1), ("0.50", 2), ("0.6999", 2), ("0.70", 3), ("0.8999", 3), ("0.90", 4), ("1", 4)])
def test_levels_start_at_each_threshold(value: str, level: int) -> None:
    assert level_of(Decimal(value), T) == level


@pytest.mark.parametrize(("levels", "score", "category"), [
    ([1] * 8, "100.00", "I"), ([1, 2], "150.00", "I"), ([2, 1, 2, 2], "175.00", "II"), ([2, 3], "250.00", "III"),
    ([3, 3, 4, 3], "325.00", "IV"), ([4] * 8, "400.00", "IV"), ([3, 3, 2], "266.67", "III"), ([], None, None)])
def test_score_is_100_times_the_mean_level_and_its_category(levels: list[int], score: str | None,
                                                            category: str | None) -> None:
    s = score_of(levels)
    assert (None if s is None else str(s)) == score
    assert category_of(s, DEFAULT_INDEX_POLICY.categories) == category


def ind(code: str, value: str | None, kind: str = "share", status: str = "measured") -> dict[str, object]:
    return {"code": code, "kind": kind, "status": status, "value": value}


def test_assemble_measured_declared_and_no_evidence() -> None:
    out = assemble(DEFAULT_INDEX_POLICY, [
        ind("jobs_with_competency_standard", "0.75"), ind("positions_with_current_abk", "0.5"),
        ind("positions_seats_match_need", None),  # nothing to measure: not scored
        ind("overrides_with_reason", "3", kind="count"),  # evidence, never scored
        ind("managerial_filled_by_open_selection", None),
        ind("employees_using_self_service", None, status="not_measured"),
    ], {"perlindungan_pelayanan": {"level": 2, "evidence_text": "x"},
        "perencanaan_kebutuhan": {"level": 4, "evidence_text": "y"}})
    aspects = {a["code"]: a for a in out["aspects"]}
    assert list(aspects) == list(ASPECTS)
    assert (aspects["perencanaan_kebutuhan"]["source"], aspects["perencanaan_kebutuhan"]["level"],
            aspects["perencanaan_kebutuhan"]["mean_value"]) == ("measured", 2, Decimal("0.625"))
    assert aspects["perencanaan_kebutuhan"]["declaration"]["used"] is False
    assert (aspects["perlindungan_pelayanan"]["source"], aspects["perlindungan_pelayanan"]["level"]) == ("declared", 2)
    assert aspects["promosi_mutasi"]["source"] == "no_evidence"  # a count and an empty share: no level
    assert aspects["sistem_informasi"]["source"] == "no_evidence"
    assert (out["score"], out["category"], out["complete"]) == (Decimal("200.00"), "II", False)


def test_policy_round_trips_and_moves_an_indicator() -> None:
    p = IndexPolicy.from_dict({"aspects": {"manajemen_kinerja": ["employees_with_final_rating",
                                                                 "discipline_cases_recorded"]},
                               "level_thresholds": ["0.4", "0.6", "0.8"], "appeal_answer_days": 7})
    assert p.aspect_of("discipline_cases_recorded") == "manajemen_kinerja"
    assert p.aspects["penggajian_penghargaan_disiplin"] == ()
    assert IndexPolicy.from_dict(p.to_dict()) == p
    assert IndexPolicy.from_dict({}) == DEFAULT_INDEX_POLICY


@pytest.mark.parametrize(("doc", "field"), [
    ({"typo": 1}, "body.typo"),
    ({"aspects": {"gaji": []}}, "body.aspects.gaji"),
    ({"aspects": {"pengadaan": ["no_such_indicator"]}}, "body.aspects.pengadaan"),
    ({"aspects": {"pengadaan": ["employees_with_final_rating"], "manajemen_kinerja": ["employees_with_final_rating"]}},
     "body.aspects.manajemen_kinerja"),
    ({"level_thresholds": ["0.5", "0.7"]}, "body.level_thresholds"),
    ({"level_thresholds": ["0.7", "0.5", "0.9"]}, "body.level_thresholds"),
    ({"level_thresholds": ["0", "0.5", "0.9"]}, "body.level_thresholds"),
    ({"level_thresholds": ["0.5", "0.7", "1.1"]}, "body.level_thresholds"),
    ({"level_thresholds": ["x", "0.7", "0.9"]}, "body.level_thresholds.0"),
    ({"categories": {"I": 100, "II": 175, "III": 250}}, "body.categories"),
    ({"categories": {"I": 110, "II": 175, "III": 250, "IV": 325}}, "body.categories"),
    ({"categories": {"I": 100, "II": 250, "III": 175, "IV": 325}}, "body.categories"),
    ({"appeal_answer_days": -1}, "body.appeal_answer_days"),
])
def test_policy_refusals_name_the_field(doc: dict[str, object], field: str) -> None:
    with pytest.raises(DomainError) as exc:
        IndexPolicy.from_dict(doc)
    assert exc.value.code == "invalid_merit_index_policy" and exc.value.field == field


def test_hash_is_sha256_of_sorted_compact_utf8() -> None:
    doc = {"b": "0.7500", "a": [1, {"z": None, "y": "Perlindungan"}], "c": "ü"}
    assert canonical_json(doc) == '{"a":[1,{"y":"Perlindungan","z":null}],"b":"0.7500","c":"ü"}'.encode()
    assert content_hash(doc) == hashlib.sha256(canonical_json(doc)).hexdigest()
    assert content_hash(dict(reversed(list(doc.items())))) == content_hash(doc)
