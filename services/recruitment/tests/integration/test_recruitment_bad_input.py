"""Bad input as a new integrator sends it, on every route: each answers a problem+json 4xx naming the field and
how to fix it (Indonesian by default, English on request), and changes nothing."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import pytest

from merit_shared import clock

PROBLEM = "application/problem+json"
DOCS = [{"code": c, "reference": f"dms://{c.lower()}"} for c in (
    "SURAT_LAMARAN", "CV", "SK_PANGKAT", "SK_JABATAN", "IJAZAH", "PENILAIAN_KINERJA", "BEBAS_HUKDIS", "SEHAT",
    "PAKTA_INTEGRITAS")]
EXTERNAL = {"applicant_type": "EXTERNAL", "nip": "198101012006041001", "name": "Dewi Lestari",
            "current_agency": "Kabupaten Bogor", "documents": DOCS, "declared": {"education": "S2", "rank": "IV/b"}}
OTHER = "00000000-0000-4000-8000-000000000000"  # an id that exists nowhere


@dataclass
class Ctx:
    """One agency with a draft, an open selection with one application and a committee; another agency's draft."""

    c: httpx.AsyncClient
    heads: dict[str, dict[str, str]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)

    async def state(self) -> tuple[Any, ...]:
        """Everything a rejected request could have changed."""
        admin = self.heads["admin"]
        sel = (await self.c.get(f"/api/v1/selections/{self.ids['sid']}", headers=admin)).json()
        draft = (await self.c.get(f"/api/v1/selections/{self.ids['draft']}", headers=admin)).json()
        apps = (await self.c.get(f"/api/v1/selections/{self.ids['sid']}/applications", headers=admin)).json()
        audit = (await self.c.get("/api/v1/selections/audit-log", headers=admin)).json()
        com = (await self.c.get(f"/api/v1/selections/{self.ids['sid']}/committee/declarations", headers=admin)).json()["items"]
        return (sel["version"], sel["status"], draft["version"], [(a["id"], a["status"]) for a in apps["items"]],
                audit["total"], len(com))


@pytest.fixture
async def ctx(world: Any, tokens: Any, client: httpx.AsyncClient) -> Ctx:
    sel = await world.open_selection()
    draft = await world.selection()
    emp = world.employee()
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=emp["headers"])
    assert r.status_code == 201, r.text
    members, panel = world.committee_body()
    r = await client.put(f"/api/v1/selections/{sel['id']}/committee", json={"members": members}, headers=world.admin)
    assert r.status_code == 200, r.text
    other_agency = uuid.uuid4()
    other_admin = tokens.headers("agency_admin", agency_id=other_agency, sub="admin-other")
    r = await client.post("/api/v1/selections", json={"title": "Seleksi instansi lain", "kind": "ADMINISTRATOR"},
                          headers=other_admin)
    assert r.status_code == 201, r.text
    ctx = Ctx(client)
    ctx.heads = {"admin": world.admin, "employee": emp["headers"], "panel": panel[0], "other_admin": other_admin,
                 "ppk": tokens.headers("ppk", agency_id=world.agency, sub="ppk-1"),
                 "supervisor": tokens.headers("supervisor", agency_id=world.agency, sub="sup-1"), "anon": {}}
    apps = (await client.get(f"/api/v1/selections/{sel['id']}/applications", headers=world.admin)).json()["items"]
    com = (await client.get(f"/api/v1/selections/{sel['id']}/committee", headers=world.admin)).json()
    ctx.ids = {"sid": sel["id"], "draft": draft["id"], "app": apps[0]["id"], "foreign": r.json()["id"],
               "member": next(m["id"] for m in com["members"] if m["subject"] == members[0]["subject"]),
               "other": OTHER, "emp_nip": emp["nip"]}
    return ctx


def _fill(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, dict):
        return {_fill(k, ids): _fill(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


TODAY = clock.today()
SCHEDULE = {"announcement_start": TODAY.isoformat(), "announcement_end": (TODAY + timedelta(days=14)).isoformat(),
            "registration_start": (TODAY + timedelta(days=1)).isoformat(),
            "registration_end": (TODAY + timedelta(days=20)).isoformat(),
            "stage_dates": [(TODAY + timedelta(days=25 + i)).isoformat() for i in range(5)]}
NEW = {"title": "Seleksi Terbuka Sekretaris Daerah", "kind": "JPT_PRATAMA"}

# (id, role, method, path, body, status, code, loc)
CASES: list[tuple[str, str, str, str, Any, int, str, list[Any] | None]] = [
    # selections
    ("create-title-type", "admin", "POST", "/api/v1/selections", {**NEW, "title": 5}, 422, "validation_error",
     ["body", "title"]),
    ("create-missing-kind", "admin", "POST", "/api/v1/selections", {"title": "Seleksi X"}, 422, "validation_error",
     ["body", "kind"]),
    ("create-unknown-kind", "admin", "POST", "/api/v1/selections", {**NEW, "kind": "MENTERI"}, 422,
     "validation_error", ["body", "kind"]),
    ("create-unknown-field", "admin", "POST", "/api/v1/selections", {**NEW, "titel": "x"}, 422, "validation_error",
     ["body", "titel"]),
    ("create-reversed-registration", "admin", "POST", "/api/v1/selections",
     {**NEW, "schedule": {**SCHEDULE, "registration_end": SCHEDULE["announcement_start"]}}, 422, "schedule_order",
     ["body", "schedule", "registration_end"]),
    ("create-stage-dates-count", "admin", "POST", "/api/v1/selections",
     {**NEW, "schedule": {**SCHEDULE, "stage_dates": SCHEDULE["stage_dates"][:2]}}, 422, "stage_dates_count",
     ["body", "schedule", "stage_dates"]),
    ("create-inauguration-before-end", "admin", "POST", "/api/v1/selections",
     {**NEW, "schedule": SCHEDULE, "planned_inauguration_date": TODAY.isoformat()}, 422,
     "inauguration_before_schedule_end", ["body", "planned_inauguration_date"]),
    ("create-policy-type", "admin", "POST", "/api/v1/selections",
     {**NEW, "policies": {"process": {"min_announcement_days": "lima belas"}}}, 422, "validation_error",
     ["body", "policies", "process", "min_announcement_days"]),
    ("create-policy-range", "admin", "POST", "/api/v1/selections",
     {**NEW, "policies": {"committee": {"max_internal_share": "1.5"}}}, 422, "validation_error",
     ["body", "policies", "committee", "max_internal_share"]),
    ("create-unknown-policy", "admin", "POST", "/api/v1/selections", {**NEW, "policies": {"voting": {}}}, 422,
     "validation_error", ["body", "policies", "voting"]),
    ("create-requirement-type", "admin", "POST", "/api/v1/selections", {**NEW, "requirements": {"max_age": "tua"}},
     422, "validation_error", ["body", "requirements", "max_age"]),
    ("create-requirement-value", "admin", "POST", "/api/v1/selections", {**NEW, "requirements": {"min_rank": "V/a"}},
     422, "invalid_requirement", ["body", "requirements", "min_rank"]),
    ("create-unknown-requirement", "admin", "POST", "/api/v1/selections", {**NEW, "requirements": {"height": 170}},
     422, "validation_error", ["body", "requirements", "height"]),
    ("create-weights-not-100", "admin", "POST", "/api/v1/selections",
     {**NEW, "stages": [{"code": "A", "name": "Wawancara", "weight": 60}]}, 422, "weights_not_100", ["body", "stages"]),
    ("create-duplicate-document", "admin", "POST", "/api/v1/selections",
     {**NEW, "documents": [{"code": "CV", "name": "CV"}, {"code": "CV", "name": "Riwayat"}]}, 422,
     "duplicate_document", ["body", "documents", 1, "code"]),
    ("create-other-agency", "admin", "POST", "/api/v1/selections", {**NEW, "agency_id": str(uuid.uuid4())}, 422,
     "agency_mismatch", ["body", "agency_id"]),
    ("create-wrong-role", "employee", "POST", "/api/v1/selections", NEW, 403, "forbidden", None),
    ("create-no-token", "anon", "POST", "/api/v1/selections", NEW, 401, "unauthenticated", None),
    ("list-unknown-status", "admin", "GET", "/api/v1/selections?status=OPEN", None, 422, "unknown_filter_value",
     ["query", "status"]),
    ("list-limit", "admin", "GET", "/api/v1/selections?limit=1000", None, 422, "validation_error",
     ["query", "limit"]),
    ("get-malformed-id", "admin", "GET", "/api/v1/selections/seleksi-1", None, 422, "validation_error",
     ["path", "selection_id"]),
    ("get-unknown", "admin", "GET", "/api/v1/selections/{other}", None, 404, "not_found", None),
    ("get-other-agency", "admin", "GET", "/api/v1/selections/{foreign}", None, 404, "not_found", None),
    ("patch-announced", "admin", "PATCH", "/api/v1/selections/{sid}", {"title": "Judul baru"}, 409, "not_editable",
     None),
    ("patch-other-agency", "admin", "PATCH", "/api/v1/selections/{foreign}", {"title": "Judul baru"}, 404,
     "not_found", None),
    ("patch-bad-stage", "admin", "PATCH", "/api/v1/selections/{draft}",
     {"stages": [{"code": "A", "name": "A", "kind": "SCORED", "weight": 100, "pass_mark": 101}]}, 422,
     "invalid_pass_mark", ["body", "stages", 0, "pass_mark"]),
    ("announce-wrong-state", "admin", "POST", "/api/v1/selections/{sid}/announce", None, 409,
     "transition_not_allowed", None),
    ("open-unknown", "admin", "POST", "/api/v1/selections/{other}/open-registration", None, 404, "not_found", None),
    ("close-early-without-reason", "admin", "POST", "/api/v1/selections/{sid}/close-registration", {}, 422,
     "reason_required", ["body", "reason"]),
    ("close-reason-too-short", "admin", "POST", "/api/v1/selections/{sid}/close-registration", {"reason": "x"}, 422,
     "validation_error", ["body", "reason"]),
    ("close-other-agency", "other_admin", "POST", "/api/v1/selections/{sid}/close-registration",
     {"reason": "Cukup pelamar."}, 404, "not_found", None),
    ("extend-short-reason", "admin", "POST", "/api/v1/selections/{sid}/extend-registration", {"reason": "x"}, 422,
     "validation_error", ["body", "reason"]),
    ("start-assessment-wrong-state", "admin", "POST", "/api/v1/selections/{sid}/start-assessment", None, 409,
     "transition_not_allowed", None),
    ("decide-wrong-role", "admin", "POST", "/api/v1/selections/{sid}/decide",
     {"chosen_application_id": "{app}", "sk_number": "821/1/2025", "sk_date": "2025-01-02",
      "tmt_start": "2025-01-02"}, 403, "forbidden", None),
    ("decide-wrong-state", "ppk", "POST", "/api/v1/selections/{sid}/decide",
     {"chosen_application_id": "{app}", "sk_number": "821/1/2025", "sk_date": "2025-01-02",
      "tmt_start": "2025-01-02"}, 409, "transition_not_allowed", None),
    ("decide-date-type", "ppk", "POST", "/api/v1/selections/{sid}/decide",
     {"chosen_application_id": "{app}", "sk_number": "821/1/2025", "sk_date": "02-01-2025",
      "tmt_start": "2025-01-02"}, 422, "validation_error", ["body", "sk_date"]),
    ("cancel-without-reason", "admin", "POST", "/api/v1/selections/{sid}/cancel", {}, 422, "validation_error",
     ["body", "reason"]),
    ("audit-reversed-dates", "admin", "GET", "/api/v1/selections/audit-log?date_from=2025-02-01&date_to=2025-01-01",
     None, 422, "date_range_reversed", ["query", "date_to"]),
    ("audit-wrong-role", "employee", "GET", "/api/v1/selections/audit-log", None, 403, "forbidden", None),
    ("ranking-unknown", "admin", "GET", "/api/v1/selections/{other}/ranking", None, 404, "not_found", None),
    # committee
    ("committee-empty", "admin", "PUT", "/api/v1/selections/{sid}/committee", {"members": []}, 422,
     "validation_error", ["body", "members"]),
    ("committee-internal-share", "admin", "PUT", "/api/v1/selections/{sid}/committee",
     {"members": [{"subject": f"p{i}", "name": f"Anggota {i}", "role": "CHAIR" if i == 0 else "MEMBER",
                   "internal": True} for i in range(5)]}, 422, "invalid_committee", ["body", "members"]),
    ("committee-other-agency", "other_admin", "PUT", "/api/v1/selections/{sid}/committee",
     {"members": [{"subject": "p", "name": "Anggota", "internal": False}]}, 404, "not_found", None),
    ("declare-unknown-member", "panel", "PUT", "/api/v1/selections/{sid}/committee/{other}/declarations/{app}",
     {"has_conflict": True}, 404, "not_found", None),
    ("declare-unknown-application", "panel", "PUT",
     "/api/v1/selections/{sid}/committee/{member}/declarations/{other}", {"has_conflict": True}, 404, "not_found",
     None),
    ("declare-type", "panel", "PUT", "/api/v1/selections/{sid}/committee/{member}/declarations/{app}",
     {"has_conflict": "mungkin"}, 422, "validation_error", ["body", "has_conflict"]),
    # applications
    ("apply-nip-format", "admin", "POST", "/api/v1/selections/{sid}/applications", {"nip": "12345"}, 422,
     "validation_error", ["body", "nip"]),
    ("apply-unknown-position", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {"nip": "{emp_nip}", "position_id": "{other}"}, 422, "unknown_position", ["body", "position_id"]),
    ("apply-duplicate", "employee", "POST", "/api/v1/selections/{sid}/applications", {}, 409, "already_applied", None),
    ("apply-draft", "employee", "POST", "/api/v1/selections/{draft}/applications", {}, 404, "not_found", None),
    ("apply-external-education", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "declared": {"education": "Sarjana Muda Plus"}}, 422, "invalid_education",
     ["body", "declared", "education"]),
    ("apply-external-rank", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "declared": {"rank": "IV/z"}}, 422, "invalid_rank", ["body", "declared", "rank"]),
    ("apply-external-predikat", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "declared": {"predikat_by_year": {"2024": "ISTIMEWA"}}}, 422, "invalid_predikat",
     ["body", "declared", "predikat_by_year", 2024]),
    ("apply-external-birth-future", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "declared": {"birth_date": (TODAY + timedelta(days=1)).isoformat()}}, 422, "birth_date_in_future",
     ["body", "declared", "birth_date"]),
    ("apply-external-experience-range", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "declared": {"experience_years": 99}}, 422, "validation_error",
     ["body", "declared", "experience_years"]),
    ("apply-unknown-document", "admin", "POST", "/api/v1/selections/{sid}/applications",
     {**EXTERNAL, "documents": [*DOCS, {"code": "PASFOTO", "reference": "x"}]}, 422, "unknown_document",
     ["body", "documents", 9, "code"]),
    ("applications-unknown-status", "admin", "GET", "/api/v1/selections/{sid}/applications?status=LULUS", None, 422,
     "unknown_filter_value", ["query", "status"]),
    ("application-unknown", "admin", "GET", "/api/v1/applications/{other}", None, 404, "not_found", None),
    ("application-other-agency", "other_admin", "GET", "/api/v1/applications/{app}", None, 404, "not_found", None),
    ("verify-bad-decision", "admin", "POST", "/api/v1/applications/{app}/verify", {"decision": "MAYBE"}, 422,
     "validation_error", ["body", "decision"]),
    ("verify-unknown", "admin", "POST", "/api/v1/applications/{other}/verify", {"decision": "ACCEPT"}, 404,
     "not_found", None),
    ("second-check-before-verify", "supervisor", "POST", "/api/v1/applications/{app}/second-check",
     {"decision": "ACCEPT"}, 409, "transition_not_allowed", None),
    ("withdraw-by-stranger", "other_admin", "POST", "/api/v1/applications/{app}/withdraw", None, 404, "not_found",
     None),
    ("scores-out-of-range", "panel", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores",
     {"criteria": {"integritas": 101}}, 422, "validation_error", ["body", "criteria", "integritas"]),
    ("scores-three-decimals", "panel", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores",
     {"criteria": {"integritas": "80.125"}}, 422, "validation_error", ["body", "criteria", "integritas"]),
    ("scores-empty", "panel", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores", {"criteria": {}}, 422,
     "validation_error", ["body", "criteria"]),
    ("scores-criterion-too-long", "panel", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores",
     {"criteria": {"k" * 81: 80}}, 422, "validation_error", ["body", "criteria", "k" * 81, "[key]"]),
    ("scores-stage-not-open", "panel", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores",
     {"criteria": {"integritas": 80}}, 409, "stage_not_open", None),
    ("scores-not-a-member", "employee", "PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores",
     {"criteria": {"integritas": 80}}, 403, "forbidden", None),
    ("result-type", "admin", "PUT", "/api/v1/applications/{app}/stages/HEALTH/result", {"passed": "ya"}, 422,
     "validation_error", ["body", "passed"]),
    # announcements and appeals
    ("announce-stage-without-code", "admin", "POST", "/api/v1/selections/{sid}/announcements", {"kind": "STAGE"},
     422, "stage_code_required", ["body", "stage_code"]),
    ("announce-unknown-kind", "admin", "POST", "/api/v1/selections/{sid}/announcements", {"kind": "OPENING"}, 422,
     "validation_error", ["body", "kind"]),
    ("correct-unknown", "admin", "POST", "/api/v1/selections/{sid}/announcements",
     {"kind": "CORRECTION", "corrects_id": "{other}", "correction_reason": "Salah ketik nama."}, 404, "not_found",
     ["body", "corrects_id"]),
    ("screening-too-early", "admin", "POST", "/api/v1/selections/{sid}/announcements", {"kind": "SCREENING"}, 409,
     "too_early", None),
    ("appeal-unknown-announcement", "employee", "POST", "/api/v1/selections/{sid}/announcements/{other}/appeals",
     {"application_id": "{app}", "reason": "Nilai saya tertukar dengan pelamar lain."}, 404, "not_found", None),
    ("appeal-short-reason", "employee", "POST", "/api/v1/selections/{sid}/announcements/{other}/appeals",
     {"application_id": "{app}", "reason": "salah"}, 422, "validation_error", ["body", "reason"]),
    ("appeal-decide-unknown", "admin", "POST", "/api/v1/selections/{sid}/appeals/{other}/decide",
     {"decision": "REJECTED", "reasons": "Tidak ada kekeliruan penilaian."}, 404, "not_found", None),
    # public portal and analytics
    ("public-phase", "anon", "GET", "/api/v1/public/selections?phase=besok", None, 422, "validation_error",
     ["query", "phase"]),
    ("public-unknown", "anon", "GET", "/api/v1/public/selections/{other}", None, 404, "not_found", None),
    ("public-draft", "anon", "GET", "/api/v1/public/selections/{draft}", None, 404, "not_found", None),
    ("analytics-other-agency", "admin", "GET", "/api/v1/recruitment-analytics/selections/{foreign}", None, 404,
     "not_found", None),
    ("analytics-wrong-role", "employee", "GET", "/api/v1/recruitment-analytics/selections/{sid}", None, 403,
     "forbidden", None),
]


def _check(r: httpx.Response, status: int, code: str, loc: list[Any] | None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == PROBLEM, r.headers
    doc = r.json()
    assert doc["code"] == code and doc["status"] == status and doc["detail"], doc
    if loc is not None:  # list indexes may come back as numbers or digit strings: compare as text
        assert [str(x) for x in loc] in [[str(x) for x in e["loc"]] for e in doc.get("errors") or []], doc
    return doc


@pytest.mark.parametrize(("role", "method", "path", "body", "status", "code", "loc"),
                         [pytest.param(*c[1:], id=c[0]) for c in CASES])
async def test_recruitment_bad_input_is_refused_and_changes_nothing(
        ctx: Ctx, role: str, method: str, path: str, body: Any, status: int, code: str, loc: list[Any] | None) -> None:
    before = await ctx.state()
    r = await ctx.c.request(method, _fill(path, ctx.ids), json=_fill(body, ctx.ids), headers=ctx.heads[role])
    doc = _check(r, status, code, loc)
    assert doc["title"] in ("Data tidak valid", "Konflik", "Tidak ditemukan", "Akses ditolak", "Belum terautentikasi")
    assert await ctx.state() == before


BODY_ROUTES = [("POST", "/api/v1/selections"), ("PATCH", "/api/v1/selections/{draft}"),
               ("POST", "/api/v1/selections/{sid}/close-registration"),
               ("POST", "/api/v1/selections/{sid}/extend-registration"), ("POST", "/api/v1/selections/{sid}/cancel"),
               ("PUT", "/api/v1/selections/{sid}/committee"),
               ("PUT", "/api/v1/selections/{sid}/committee/{member}/declarations/{app}"),
               ("POST", "/api/v1/selections/{sid}/applications"), ("POST", "/api/v1/applications/{app}/verify"),
               ("PUT", "/api/v1/applications/{app}/stages/INTERVIEW/scores"),
               ("POST", "/api/v1/selections/{sid}/announcements"),
               ("POST", "/api/v1/selections/{sid}/appeals/{other}/decide")]


@pytest.mark.parametrize("raw", ["{\"title\": ", "[1, 2]", "\"teks\""], ids=["malformed", "array", "string"])
@pytest.mark.parametrize(("method", "path"), BODY_ROUTES, ids=[f"{m} {p}" for m, p in BODY_ROUTES])
async def test_recruitment_unreadable_json_is_a_422_naming_the_body(ctx: Ctx, method: str, path: str,
                                                                    raw: str) -> None:
    before = await ctx.state()
    r = await ctx.c.request(method, _fill(path, ctx.ids), content=raw.encode(),
                            headers={**ctx.heads["admin"], "Content-Type": "application/json"})
    doc = _check(r, 422, "validation_error", None)
    assert doc["errors"] and all(e["loc"][0] == "body" for e in doc["errors"])
    assert await ctx.state() == before


async def test_recruitment_bad_input_answers_in_english_on_request(ctx: Ctx) -> None:
    r = await ctx.c.post(f"/api/v1/selections/{ctx.ids['sid']}/close-registration", json={},
                         headers={**ctx.heads["admin"], "Accept-Language": "en"})
    doc = _check(r, 422, "reason_required", ["body", "reason"])
    assert doc["title"] == "Unprocessable content" and "closing it early needs a reason" in doc["detail"]
    r = await ctx.c.get("/api/v1/selections?status=OPEN", headers={**ctx.heads["admin"], "Accept-Language": "en"})
    assert "use one of: DRAFT" in _check(r, 422, "unknown_filter_value", ["query", "status"])["detail"]


async def test_recruitment_concurrent_duplicates_have_one_effect(ctx: Ctx, world: Any) -> None:
    sid, admin = ctx.ids["sid"], ctx.heads["admin"]
    person = world.employee(name="Rina Kartika")
    rs = await asyncio.gather(*[ctx.c.post(f"/api/v1/selections/{sid}/applications", json={},
                                           headers=person["headers"]) for _ in range(5)])
    assert sorted(r.status_code for r in rs) == [201, 409, 409, 409, 409]
    assert {r.json()["code"] for r in rs if r.status_code == 409} == {"already_applied"}
    path = f"/api/v1/selections/{sid}/committee/{ctx.ids['member']}/declarations/{ctx.ids['app']}"
    rs = await asyncio.gather(*[ctx.c.put(path, json={"has_conflict": False, "reason": f"r{i}"},
                                          headers=ctx.heads["panel"]) for i in range(5)])
    assert [r.status_code for r in rs] == [200] * 5
    decl = (await ctx.c.get(f"/api/v1/selections/{sid}/committee/declarations", headers=admin)).json()["items"]
    assert len(decl) == 1
    rs = await asyncio.gather(*[ctx.c.post(f"/api/v1/selections/{sid}/close-registration",
                                           json={"reason": "Pelamar sudah cukup."}, headers=admin) for _ in range(3)])
    assert sorted(r.status_code for r in rs) == [200, 409, 409]
    events = (await ctx.c.get(f"/api/v1/selections/{sid}/events", headers=admin)).json()["items"]
    assert [e["action"] for e in events].count("close_registration") == 1
