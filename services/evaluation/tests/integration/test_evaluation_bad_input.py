"""Bad input as a new integrator sends it, on every route: each answers a problem+json 4xx naming the field (in
Indonesian by default, English on request), never a 500, and changes nothing."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

Y = clock.today().year - 1
NOW = clock.today().year
R = {"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}
NOBODY = "00000000-0000-4000-8000-000000000001"


@dataclass
class Case:
    id: str
    method: str
    url: str
    body: Any = None
    status: int = 422
    code: str | None = "validation_error"
    loc: list[Any] | None = None
    who: str = "admin"
    raw: bool = False  # body is sent as bytes as-is


CASES = [
    # --- annual ratings
    Case("rating_malformed_json", "POST", "/api/v1/annual-ratings", b'{"employee_id": ', loc=["body", 16], raw=True),
    Case("rating_wrong_types", "POST", "/api/v1/annual-ratings", {"employee_id": "x", "year": "abc", **R},
         loc=["body", "employee_id"]),
    Case("rating_missing_fields", "POST", "/api/v1/annual-ratings", {"year": Y}, loc=["body", "employee_id"]),
    Case("rating_unknown_field", "POST", "/api/v1/annual-ratings", {"employee_id": "{emp}", "year": Y, **R,
                                                                    "predikat": "SANGAT_BAIK"}, loc=["body", "predikat"]),
    Case("rating_bad_enum", "POST", "/api/v1/annual-ratings", {"employee_id": "{emp}", "year": Y,
                                                               "rating_hasil_kerja": "GREAT", "rating_perilaku": "X"},
         loc=["body", "rating_hasil_kerja"]),
    Case("rating_year_range", "POST", "/api/v1/annual-ratings", {"employee_id": "{emp}", "year": 1800, **R},
         loc=["body", "year"]),
    Case("rating_future_year", "POST", "/api/v1/annual-ratings", {"employee_id": "{emp}", "year": NOW + 1, **R},
         code="future_year", loc=["body", "year"]),
    Case("rating_unknown_employee", "POST", "/api/v1/annual-ratings", {"employee_id": NOBODY, "year": Y, **R},
         status=404, code="not_found", loc=["body", "employee_id"]),
    Case("rating_other_agency_employee", "POST", "/api/v1/annual-ratings",
         {"employee_id": "{foreign}", "year": Y, **R}, status=404, code="not_found", loc=["body", "employee_id"]),
    Case("rating_duplicate", "POST", "/api/v1/annual-ratings", {"employee_id": "{rated}", "year": Y, **R},
         status=409, code="rating_exists"),
    Case("rating_self", "POST", "/api/v1/annual-ratings", {"employee_id": "{emp}", "year": Y, **R},
         status=403, code="forbidden", who="me"),
    Case("rating_list_year_overflow", "GET", "/api/v1/annual-ratings?year=99999999999", loc=["query", "year"]),
    Case("rating_list_limit", "GET", "/api/v1/annual-ratings?limit=0", loc=["query", "limit"]),
    Case("rating_read_unknown", "GET", f"/api/v1/annual-ratings/{NOBODY}", status=404, code="not_found"),
    Case("rating_read_bad_id", "GET", "/api/v1/annual-ratings/not-a-uuid", loc=["path", "rating_id"]),
    # --- periods and plans
    Case("period_duplicate", "POST", "/api/v1/evaluation-periods", {"year": Y}, status=409, code="period_exists"),
    Case("period_bad_granularity", "POST", "/api/v1/evaluation-periods", {"year": Y, "granularity": "WEEKLY"},
         loc=["body", "granularity"]),
    Case("period_by_employee", "POST", "/api/v1/evaluation-periods", {"year": Y - 1}, status=403, code="forbidden",
         who="me"),
    Case("period_unknown", "GET", f"/api/v1/evaluation-periods/{NOBODY}", status=404, code="not_found"),
    Case("plan_unknown_employee", "POST", "/api/v1/performance-plans", {"employee_id": NOBODY, "year": Y},
         status=404, code="not_found", loc=["body", "employee_id"]),
    Case("plan_unknown_evaluator", "POST", "/api/v1/performance-plans",
         {"employee_id": "{other}", "year": Y, "evaluator_employee_id": NOBODY}, status=404, code="not_found",
         loc=["body", "evaluator_employee_id"]),
    Case("plan_self_evaluator", "POST", "/api/v1/performance-plans",
         {"employee_id": "{other}", "year": Y, "evaluator_employee_id": "{other}"}, code="self_evaluator",
         loc=["body", "evaluator_employee_id"]),
    Case("plan_no_period", "POST", "/api/v1/performance-plans", {"employee_id": "{other}", "year": Y - 3},
         status=409, code="period_missing"),
    Case("plan_duplicate", "POST", "/api/v1/performance-plans", {"employee_id": "{emp}", "year": Y},
         status=409, code="plan_exists"),
    Case("plan_list_state", "GET", "/api/v1/performance-plans?state=bogus", loc=["query", "state"]),
    Case("plan_list_year", "GET", "/api/v1/performance-plans?year=99999999999", loc=["query", "year"]),
    Case("plan_content_no_indicators", "PUT", "/api/v1/performance-plans/{plan}",
         {"results": [{"description": "x", "indicators": []}]}, loc=["body", "results", 0, "indicators"], who="me"),
    Case("plan_content_dup_behaviour", "PUT", "/api/v1/performance-plans/{plan}",
         {"results": [], "behaviours": [{"code": "AKUNTABEL"}, {"code": "AKUNTABEL"}]},
         loc=["body", "behaviours"], who="me"),
    Case("plan_content_bad_parent", "PUT", "/api/v1/performance-plans/{plan}",
         {"results": [{"description": "d", "parent_result_id": NOBODY,
                       "indicators": [{"description": "a", "target": "b"}]}]},
         code="invalid_parent_result", loc=["body", "results", "0", "parent_result_id"], who="me"),
    Case("plan_content_stale_etag", "PUT", "/api/v1/performance-plans/{plan}", {"results": []},
         status=412, code="precondition_failed", loc=["header", "if-match"], who="me_stale"),
    Case("plan_action_wrong_state", "POST", "/api/v1/performance-plans/{plan}/approve", status=409,
         code="invalid_skp_transition", who="sup"),
    Case("plan_action_stale_etag", "POST", "/api/v1/performance-plans/{plan}/submit", status=412,
         code="precondition_failed", loc=["header", "if-match"], who="me_stale"),
    Case("plan_action_unknown", "POST", f"/api/v1/performance-plans/{NOBODY}/submit", status=404, code="not_found",
         who="me"),
    Case("plan_foreign_agency", "GET", "/api/v1/performance-plans/{plan}", status=404, code="not_found",
         who="foreign_admin"),
    Case("evaluation_plan_not_started", "POST", "/api/v1/performance-plans/{plan}/evaluations",
         {"period_number": 1}, status=409, code="plan_not_in_progress", who="me"),
    Case("evaluation_bad_period", "POST", "/api/v1/performance-plans/{plan}/evaluations", {"period_number": 13},
         loc=["body", "period_number"], who="me"),
    Case("evaluations_missing_plan", "GET", "/api/v1/evaluations", loc=["query", "plan_id"]),
    Case("evaluation_unknown", "POST", f"/api/v1/evaluations/{NOBODY}/rate", {"rating_perilaku": "SESUAI_EKSPEKTASI"},
         status=404, code="not_found", who="ev"),
    # --- organisation performance
    Case("org_unknown_unit", "POST", "/api/v1/org-performance", {"unit_id": NOBODY, "year": Y,
                                                                 "org_predikat": "BAIK"},
         status=404, code="not_found", loc=["body", "unit_id"]),
    Case("org_future_year", "POST", "/api/v1/org-performance", {"unit_id": "{unit}", "year": NOW + 1,
                                                                "org_predikat": "BAIK"},
         code="future_year", loc=["body", "year"]),
    Case("org_bad_predikat", "POST", "/api/v1/org-performance", {"unit_id": "{unit}", "year": Y,
                                                                 "org_predikat": "SANGAT_BAIK"},
         loc=["body", "org_predikat"]),
    Case("org_duplicate", "POST", "/api/v1/org-performance", {"unit_id": "{unit2}", "year": Y,
                                                              "org_predikat": "BAIK"},
         status=409, code="org_performance_exists"),
    Case("org_list_year", "GET", "/api/v1/org-performance?year=99999999999", loc=["query", "year"]),
    Case("org_curve_checks_year", "GET", "/api/v1/org-performance/curve-checks?year=99999999999",
         loc=["query", "year"]),
    Case("org_finalize_twice", "POST", "/api/v1/org-performance/{org}/finalize", status=409,
         code="org_performance_final"),
    # --- policy
    Case("policy_unknown_key", "PUT", "/api/v1/evaluation-policies/{agency}", {"angka_kredit": {"koefisien": 5}},
         code="invalid_angka_kredit_policy", loc=["body", "angka_kredit", "koefisien"]),
    Case("policy_weights", "PUT", "/api/v1/evaluation-policies/{agency}",
         {"talent": {"potential_weights": {"JPM": "2"}}}, code="invalid_talent_policy", loc=["body", "talent"]),
    Case("policy_enforcement", "PUT", "/api/v1/evaluation-policies/{agency}", {"curve_enforcement": "nope"},
         code="invalid_curve_enforcement", loc=["body", "curve_enforcement"]),
    Case("policy_talent_inputs_range", "PUT", "/api/v1/evaluation-policies/{agency}",
         {"talent_inputs": {"track_record_by_worst_penalty": {"LIGHT": 170}}}, code="invalid_talent_inputs_policy",
         loc=["body", "talent_inputs", "track_record_by_worst_penalty", "LIGHT"]),
    Case("policy_talent_inputs_fixed", "PUT", "/api/v1/evaluation-policies/{agency}",
         {"talent_inputs": {"other_method": "FIXED"}}, code="invalid_talent_inputs_policy",
         loc=["body", "talent_inputs", "other_value"]),
    Case("policy_stale", "PUT", "/api/v1/evaluation-policies/{agency}", {}, status=412, code="precondition_failed",
         who="admin_stale"),
    Case("policy_foreign", "PUT", "/api/v1/evaluation-policies/{foreign_agency}", {}, status=404, code="not_found"),
    # --- angka kredit
    Case("ak_reversed", "POST", "/api/v1/angka-kredit", {"employee_id": "{emp}", "starts_on": f"{Y}-05-01",
                                                         "ends_on": f"{Y}-01-01"},
         code="invalid_date_range", loc=["body", "ends_on"]),
    Case("ak_spans_years", "POST", "/api/v1/angka-kredit", {"employee_id": "{emp}", "starts_on": f"{Y - 1}-05-01",
                                                            "ends_on": f"{Y}-01-01"},
         code="period_spans_years", loc=["body", "ends_on"]),
    Case("ak_not_functional", "POST", "/api/v1/angka-kredit", {"employee_id": "{emp}", "starts_on": f"{Y}-01-01",
                                                               "ends_on": f"{Y}-12-31"},
         status=409, code="not_functional"),
    Case("ak_unknown_employee", "POST", "/api/v1/angka-kredit", {"employee_id": NOBODY, "starts_on": f"{Y}-01-01",
                                                                 "ends_on": f"{Y}-12-31"},
         status=404, code="not_found", loc=["body", "employee_id"]),
    # --- competency
    Case("competency_national_code", "POST", "/api/v1/competencies", {"code": "M.01", "name": "x"}, status=409,
         code="competency_exists"),
    Case("competency_level_key", "POST", "/api/v1/competencies", {"code": "T.X", "name": "x",
                                                                  "level_descriptions": {"9": "x"}},
         code="invalid_level", loc=["body", "level_descriptions", "9"]),
    Case("assessment_level_range", "POST", "/api/v1/competency-assessments",
         {"employee_id": "{emp}", "assessed_on": f"{Y}-01-01", "valid_until": f"{Y + 2}-01-01", "method": "AC",
          "levels": {"M.01": 6}}, code="invalid_competency_level", loc=["body", "levels"]),
    Case("assessment_unknown_code", "POST", "/api/v1/competency-assessments",
         {"employee_id": "{emp}", "assessed_on": f"{Y}-01-01", "valid_until": f"{Y + 2}-01-01", "method": "AC",
          "levels": {"Z.99": 3}}, code="unknown_competency", loc=["body", "levels"]),
    Case("assessment_future", "POST", "/api/v1/competency-assessments",
         {"employee_id": "{emp}", "assessed_on": "2999-01-01", "valid_until": "2999-01-02", "method": "AC",
          "levels": {"M.01": 3}}, code="future_date", loc=["body", "assessed_on"]),
    Case("assessment_reversed", "POST", "/api/v1/competency-assessments",
         {"employee_id": "{emp}", "assessed_on": f"{Y}-06-01", "valid_until": f"{Y}-01-01", "method": "AC",
          "levels": {"M.01": 3}}, code="invalid_date_range", loc=["body", "valid_until"]),
    Case("assessment_by_employee", "POST", "/api/v1/competency-assessments",
         {"employee_id": "{emp}", "assessed_on": f"{Y}-01-01", "valid_until": f"{Y + 2}-01-01", "method": "AC",
          "levels": {"M.01": 3}}, status=403, code="forbidden", who="me"),
    Case("jpm_unknown_position", "POST", "/api/v1/competency-assessments/{assessment}/jpm",
         {"position_id": NOBODY}, status=404, code="not_found", loc=["body", "position_id"]),
    # --- development and discipline
    Case("dev_both_durations", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "TRAINING", "started_on": f"{Y}-01-01", "ended_on": f"{Y}-01-02",
          "jp": "2", "minutes": 90}, loc=["body"]),
    Case("dev_tiny_jp", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "TRAINING", "started_on": f"{Y}-01-01", "ended_on": f"{Y}-01-02",
          "jp": "0.001"}, code="duration_too_short", loc=["body", "jp"]),
    Case("dev_nan", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "TRAINING", "started_on": f"{Y}-01-01", "ended_on": f"{Y}-01-02",
          "jp": "NaN"}, loc=["body", "jp"]),
    Case("dev_reversed", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "TRAINING", "started_on": f"{Y}-03-01", "ended_on": f"{Y}-01-02",
          "minutes": 90}, code="invalid_date_range", loc=["body", "ended_on"]),
    Case("dev_unknown_employee", "POST", "/api/v1/development-records",
         {"employee_id": NOBODY, "title": "t", "kind": "TRAINING", "started_on": f"{Y}-01-01", "ended_on": f"{Y}-01-02",
          "minutes": 90}, status=404, code="not_found", loc=["body", "employee_id"]),
    Case("dev_unknown_kind", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "rapat", "started_on": f"{Y}-01-01", "ended_on": f"{Y}-01-02",
          "minutes": 90}, code="unknown_development_kind", loc=["body", "kind"]),
    Case("dev_plan_item_unknown", "POST", "/api/v1/development-records",
         {"employee_id": "{emp}", "title": "t", "kind": "TRAINING", "started_on": f"{Y}-01-01",
          "ended_on": f"{Y}-01-02", "minutes": 90, "plan_item_id": NOBODY}, code="plan_item_mismatch",
         loc=["body", "plan_item_id"]),
    Case("dev_compliance_year", "GET", "/api/v1/development-records/compliance?unit_id={unit}&year=99999999999",
         loc=["query", "year"]),
    Case("dev_compliance_other_unit", "GET", f"/api/v1/development-records/compliance?unit_id={NOBODY}&year={Y}",
         status=403, code="forbidden", who="unit_admin"),
    Case("discipline_level", "POST", "/api/v1/discipline-records",
         {"employee_id": "{emp}", "level": "SEVERE", "decided_on": f"{Y}-01-01"}, loc=["body", "level"]),
    Case("discipline_reversed", "POST", "/api/v1/discipline-records",
         {"employee_id": "{emp}", "level": "LIGHT", "decided_on": f"{Y}-05-01", "ends_on": f"{Y}-01-01"},
         code="invalid_date_range", loc=["body", "ends_on"]),
    Case("discipline_foreign_employee", "POST", "/api/v1/discipline-records",
         {"employee_id": "{foreign}", "level": "LIGHT", "decided_on": f"{Y}-01-01"}, status=404, code="not_found",
         loc=["body", "employee_id"]),
    Case("idempotency_key_too_long", "POST", "/api/v1/discipline-records",
         {"employee_id": "{emp}", "level": "LIGHT", "decided_on": f"{Y}-01-01"}, loc=["header", "Idempotency-Key"],
         who="admin_long_key"),
    # --- talent and succession
    Case("cycle_as_of_outside_year", "POST", "/api/v1/talent-cycles", {"name": "c", "year": Y, "as_of": "2001-01-01"},
         code="as_of_outside_year", loc=["body", "as_of"]),
    Case("cycle_unknown_unit", "POST", "/api/v1/talent-cycles", {"name": "c", "year": Y, "as_of": f"{Y}-06-01",
                                                                 "unit_id": NOBODY},
         status=404, code="not_found", loc=["body", "unit_id"]),
    Case("cycle_duplicate_name", "POST", "/api/v1/talent-cycles", {"name": "C1", "year": Y, "as_of": f"{Y}-06-01"},
         status=409, code="cycle_exists"),
    Case("place_unknown_cycle", "POST", f"/api/v1/talent-cycles/{NOBODY}/place", {}, status=404, code="not_found"),
    Case("place_input_range", "POST", "/api/v1/talent-cycles/{cycle}/place",
         {"inputs": {"{emp}": {"OTHER": "500"}}}, loc=["body", "inputs", "{emp}", "OTHER"]),
    Case("place_input_component", "POST", "/api/v1/talent-cycles/{cycle}/place",
         {"inputs": {"{emp}": {"JPM": "90"}}}, loc=["body", "inputs", "{emp}", "JPM", "[key]"]),
    Case("place_input_outside", "POST", "/api/v1/talent-cycles/{cycle}/place",
         {"employee_ids": ["{emp}"], "inputs": {"{other}": {"OTHER": "50"}}}, code="inputs_outside_scope",
         loc=["body", "inputs"]),
    Case("placements_box", "GET", "/api/v1/talent-cycles/{cycle}/placements?box=10", loc=["query", "box"]),
    Case("succession_unknown_position", "POST", "/api/v1/succession-plans", {"position_id": NOBODY}, status=404,
         code="not_found", loc=["body", "position_id"]),
    Case("succession_unknown_cycle", "POST", "/api/v1/succession-plans",
         {"position_id": "{position}", "talent_cycle_id": NOBODY}, status=404, code="not_found",
         loc=["body", "talent_cycle_id"]),
    Case("candidate_bad_readiness", "POST", "/api/v1/succession-plans/{succession}/candidates",
         {"employee_id": "{emp}", "readiness": "SOON"}, loc=["body", "readiness"]),
    Case("candidate_rank_zero", "POST", "/api/v1/succession-plans/{succession}/candidates",
         {"employee_id": "{emp}", "readiness": "READY_NOW", "rank": 0}, loc=["body", "rank"]),
    # --- summary and audit
    Case("summary_as_of_range", "GET", "/api/v1/employee-summaries/{emp}?as_of=0001-01-01",
         code="as_of_out_of_range", loc=["query", "as_of"]),
    Case("summary_years", "GET", "/api/v1/employee-summaries/{emp}?years=11", loc=["query", "years"]),
    Case("audit_reversed_dates", "GET", "/api/v1/evaluation-audit?date_from=2025-02-01&date_to=2025-01-01",
         code="date_range_reversed", loc=["query", "date_to"]),
    Case("audit_by_employee", "GET", "/api/v1/evaluation-audit", status=403, code="forbidden", who="me"),
]

STATE_TABLES = ["annual_rating", "performance_plan", "plan_result", "evaluation", "evaluation_period",
                "org_performance", "evaluation_policy", "angka_kredit", "competency_definition",
                "competency_assessment", "jpm_result", "development_record", "discipline_record", "talent_cycle",
                "talent_placement", "succession_plan", "audit_log"]


async def _state(client: httpx.AsyncClient, agency: uuid.UUID) -> dict[str, Any]:
    """Row counts of the agency in every table, plus the agency's plan versions: 'nothing changed' is equality."""
    db = client._transport.app.state.db  # type: ignore[attr-defined]
    out: dict[str, Any] = {}
    async with db.sessionmaker() as s:
        for t in STATE_TABLES:
            out[t] = (await s.execute(sa.text(f"SELECT count(*) FROM {t} WHERE agency_id = :a"), {"a": agency})).scalar()
        out["plan_versions"] = (await s.execute(sa.text(
            "SELECT array_agg(row_version ORDER BY id) FROM performance_plan WHERE agency_id = :a"),
            {"a": agency})).scalar()
        out["policy_version"] = (await s.execute(sa.text(
            "SELECT version FROM evaluation_policy WHERE agency_id = :a"), {"a": agency})).scalar()
        out["inbox"] = (await s.execute(sa.text("SELECT count(*) FROM inbox"))).scalar()
    return out


async def _world(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> dict[str, Any]:
    agency, foreign_agency = uuid.uuid4(), uuid.uuid4()
    unit, unit2 = directory.add_unit(), directory.add_unit()
    sup = directory.add(agency, unit_id=unit)
    boss = directory.add(agency, unit_id=unit, evaluator=sup)
    emp = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    other = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    rated = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    foreign = directory.add(foreign_agency)
    position = uuid.uuid4()
    directory.positions[position] = {"id": str(position), "agency_id": str(agency), "name": "Kepala Seksi",
                                     "job": {"competency_standard": {"M.01": 3}}}
    admin = tokens.headers("agency_admin", agency_id=agency)
    me = tokens.headers("employee", agency_id=agency, employee_id=emp)

    async def ok(method: str, url: str, body: Any = None, h: dict[str, str] = admin) -> Any:
        r = await client.request(method, url, json=body, headers=h)
        assert r.status_code in (200, 201), r.text
        return r

    await ok("POST", "/api/v1/evaluation-periods", {"year": Y})
    plan = (await ok("POST", "/api/v1/performance-plans", {"employee_id": str(emp), "year": Y}, me)).json()
    await ok("POST", "/api/v1/annual-ratings", {"employee_id": str(rated), "year": Y, **R})
    org = (await ok("POST", "/api/v1/org-performance", {"unit_id": str(unit2), "year": Y, "org_predikat": "BAIK"}))
    await ok("PUT", f"/api/v1/evaluation-policies/{agency}", {"curve_enforcement": "warn"})
    await ok("POST", f"/api/v1/org-performance/{org.json()['id']}/finalize")
    assessment = (await ok("POST", "/api/v1/competency-assessments", {
        "employee_id": str(emp), "assessed_on": f"{Y}-01-01", "valid_until": f"{Y + 2}-01-01", "method": "AC",
        "levels": {"M.01": 3}})).json()
    cycle = (await ok("POST", "/api/v1/talent-cycles", {"name": "C1", "year": Y, "as_of": f"{Y}-06-01"})).json()
    succession = (await ok("POST", "/api/v1/succession-plans", {"position_id": str(position)})).json()
    stale = '"0000"'
    return {
        "ids": {"agency": agency, "foreign_agency": foreign_agency, "unit": unit, "unit2": unit2, "emp": emp, "other": other,
                "rated": rated, "foreign": foreign, "plan": plan["id"], "org": org.json()["id"],
                "assessment": assessment["id"], "cycle": cycle["id"], "position": position,
                "succession": succession["id"]},
        "who": {"admin": admin, "me": me,
                "me_stale": {**me, "If-Match": stale}, "admin_stale": {**admin, "If-Match": stale},
                "admin_long_key": {**admin, "Idempotency-Key": "k" * 201},
                "sup": tokens.headers("supervisor", agency_id=agency, employee_id=sup),
                "ev": tokens.headers("supervisor", agency_id=agency, employee_id=boss),
                "unit_admin": tokens.headers("unit_admin", agency_id=agency, unit_id=unit),
                "foreign_admin": tokens.headers("agency_admin", agency_id=foreign_agency)},
    }


def _fill(value: Any, ids: dict[str, Any]) -> Any:
    if isinstance(value, str):
        return value.format(**{k: str(v) for k, v in ids.items()}) if "{" in value else value
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_evaluation_bad_input(case: Case, client: httpx.AsyncClient, tokens: TokenFactory,
                                    directory: FakeDirectory) -> None:
    world = await _world(client, tokens, directory)
    ids = world["ids"]
    before = await _state(client, ids["agency"])
    headers = {**world["who"][case.who], "Accept-Language": "en"}
    url = _fill(case.url, ids)
    if case.raw:
        r = await client.request(case.method, url, content=case.body,
                                 headers={**headers, "Content-Type": "application/json"})
    else:
        r = await client.request(case.method, url, json=_fill(case.body, ids), headers=headers)
    assert r.status_code == case.status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    doc = r.json()
    if case.code:
        assert doc["code"] == case.code, doc
    if case.loc is not None:
        assert _fill(case.loc, ids) in [e["loc"] for e in doc.get("errors", [])], doc
    assert doc["detail"] and doc["title"]
    assert await _state(client, ids["agency"]) == before
    # The same problem in Indonesian by default.
    if case.method == "GET":
        r_id = await client.get(url, headers=world["who"][case.who])
        assert r_id.status_code == case.status and r_id.json()["title"] != doc["title"]
