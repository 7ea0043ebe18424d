"""Role x route matrix, generated from the gateway's merged OpenAPI: every operation is classified in
tests/authz/rules.py, no operation but the public ones answers without a token, another agency's records are
neither read by id nor listed, a role the rules do not name is refused (and its refused write changes nothing),
and a listed ``allowed_actions`` entry never answers 403.

The machine client (role ``machine_client``, scopes ``MC_SCOPES`` only) is held to both gates: an operation is open
to it only when its rule names it *and* ``merit_shared.scopes`` grants the operation, as owned by its service, with
one of its scopes (``mc_may``); everything else is refused to it, lists included.

Leaks found on the current code are listed in tests/authz/leaks.py; each turns its case into a strict xfail.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from merit_gateway.routing import owner_of
from merit_shared.scopes import rule_for
from tests.authz.leaks import KNOWN_LEAKS
from tests.authz.rules import ACTORS, ADMIN, MC, MC_SCOPES, PEOPLE, RULES, Rule
from tests.authz.world import MatrixAgency, params
from tests.conftest import ok
from tests.test_e2e_performance import YEAR, real_nip
from tests.world import TODAY

METHODS = {"get", "post", "put", "patch", "delete"}


def service_of(path: str) -> str:
    """The service that owns the path (the gateway forwards by the first segment; the rest is the gateway's)."""
    return owner_of(path) or "gateway"


def mc_may(op: tuple[str, str]) -> bool:
    """The machine client may call the operation: its rule names MC and the scope table grants it MC_SCOPES."""
    if MC not in RULES[op].roles:
        return False
    granted = rule_for(service_of(op[1]), *op)
    return granted is not None and all(s is None or s.value in MC_SCOPES for s in (granted.scope, granted.also))


def spec_operations(gw: httpx.Client) -> set[tuple[str, str]]:
    doc = gw.get("/openapi.json").json()
    assert "x-unavailable-services" not in doc["info"], doc["info"]
    return {(m.upper(), p) for p, item in doc["paths"].items() for m in item if m in METHODS}


def test_every_operation_is_classified(gw: httpx.Client) -> None:
    ops = spec_operations(gw)
    unclassified = sorted(ops - set(RULES))
    stale = sorted(set(RULES) - ops)
    assert not unclassified, f"classify these in tests/authz/rules.py: {unclassified}"
    assert not stale, f"rules for operations the spec no longer has: {stale}"
    for key in KNOWN_LEAKS:
        assert key[:2] in RULES, key


def concrete(path: str) -> str:
    """Path parameters replaced by well-formed values (an unknown id is enough without a token)."""
    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        return {"year": "2025", "nip": "198001012005011001", "stage_code": "WAWANCARA"}.get(name, str(uuid.uuid4()))
    return re.sub(r"\{(\w+)\}", value, path)


@pytest.mark.parametrize(("method", "path"), sorted(RULES), ids=[f"{m} {p}" for m, p in sorted(RULES)])
def test_without_a_token_only_public_operations_answer(gw: httpx.Client, method: str, path: str) -> None:
    rule = RULES[(method, path)]
    if method == "POST" and path == "/api/v1/auth/token":
        r = gw.post(path, data={"grant_type": "password", "username": "nobody", "password": "nope"})
        assert r.status_code == 400, r.text
        return
    r = gw.request(method, concrete(path), json={} if method != "GET" else None)
    if rule.public:
        assert r.status_code not in (401, 403), f"{method} {path} is public but answered {r.status_code}: {r.text}"
        assert r.status_code < 500, r.text
    else:
        assert r.status_code == 401, f"{method} {path} without a token answered {r.status_code}: {r.text}"
        assert r.headers["content-type"].startswith("application/problem+json")


# --- the two agencies -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def worlds(gw: httpx.Client, platform: dict[str, str]) -> tuple[MatrixAgency, MatrixAgency]:
    return MatrixAgency(gw, platform), MatrixAgency(gw, platform)


def case(op: tuple[str, str], actor: str, scope: str, *values: Any) -> Any:
    """A parametrized case, a strict xfail when KNOWN_LEAKS lists it."""
    leak = KNOWN_LEAKS.get((*op, actor, scope))
    marks = [pytest.mark.xfail(strict=True, reason=leak)] if leak else []
    return pytest.param(*op, *values, marks=marks, id=f"{op[0]} {op[1]} as {actor}")


def reader(rule: Rule) -> str:
    """The actor a cross-agency read is made as: the agency admin, or the first role the rule lets in."""
    return ADMIN if ADMIN in rule.roles else next(p for p in PEOPLE if p in rule.roles)


def leaked(r: httpx.Response, secrets: set[str]) -> list[str]:
    """The other agency's ids and NIPs in an answer, except those the request itself named (echoed in a 404)."""
    return sorted(s for s in secrets if s in r.text and s not in str(r.request.url))


# --- another agency's records by id ---------------------------------------------------------------------------

BY_ID = [op for op in sorted(RULES) if op[0] == "GET" and params(op[1]) and RULES[op].roles]


def cross_agency_readers(op: tuple[str, str]) -> list[str]:
    """The actors a cross-agency read is made as: ``reader``, and the machine client where it may read."""
    return [reader(RULES[op]), *([MC] if mc_may(op) else [])]


@pytest.fixture(scope="module")
def conditional_reads(gw: httpx.Client) -> set[str]:
    """The reads whose contract promises an ETag and 304 (``merit_shared.conventions.returns_etag``)."""
    doc = gw.get("/openapi.json").json()
    return {p for p, item in doc["paths"].items() if "304" in item.get("get", {}).get("responses", {})}


@pytest.mark.parametrize(("method", "path", "role"), [case(op, role, "other_agency", role) for op in BY_ID
                                                      for role in cross_agency_readers(op)])
def test_another_agencys_record_by_id_is_not_found(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                                   conditional_reads: set[str], method: str, path: str,
                                                   role: str) -> None:
    a, b = worlds
    actor = a.actors[role]
    own, foreign = a.fill(path), b.fill(path)
    if own is None or foreign is None:
        pytest.skip(f"the matrix world has no record for {[p for p in params(path) if a.id_for(path, p) is None]}")
    control = gw.get(own, headers=actor)  # the same route answers for the caller's own record: the ids are real
    assert control.status_code == 200, f"own record: {control.status_code} {control.text[:300]}"
    if path in conditional_reads:  # the contract's 304 is true: the read answers its ETag and honours it
        assert "etag" in control.headers, f"{own} documents 304 but answers no ETag"
        again = gw.get(own, headers={**actor, "If-None-Match": control.headers["etag"]})
        assert again.status_code == 304 and again.content == b"", f"{own} -> {again.status_code}"
        hidden = gw.get(foreign, headers={**actor, "If-None-Match": "*"})
        assert hidden.status_code in (403, 404), f"{foreign} with If-None-Match: * -> {hidden.status_code}"
    if own == foreign:  # the path names no record of an agency (an import's template): there is nothing to hide
        assert not leaked(control, b.secrets - a.secrets)
        return
    if role == MC:  # it reads its own agency's record agency-wide: what the agency admin sees of it
        seen = gw.get(own, headers=a.admin).text
        missing = sorted(s for s in a.secrets if s in seen and s not in control.text)
        assert not missing, f"{own} as {MC} shows less than to the admin: {missing}"
    r = gw.get(foreign, headers=actor)
    assert r.status_code in (403, 404), f"{foreign} -> {r.status_code}: {r.text[:500]}"
    assert not leaked(r, b.secrets - a.secrets)


# --- another agency's records in lists, also when a filter names them --------------------------------------------

LISTS = [op for op in sorted(RULES) if op[0] == "GET" and not params(op[1]) and RULES[op].roles]


@pytest.fixture(scope="module")
def query_params(gw: httpx.Client) -> dict[str, list[tuple[str, bool]]]:
    doc = gw.get("/openapi.json").json()
    return {p: [(q["name"], bool(q.get("required"))) for q in item["get"].get("parameters", []) if q["in"] == "query"]
            for p, item in doc["paths"].items() if "get" in item}


@pytest.mark.parametrize(("method", "path", "role"), [case(op, role, "other_agency_list", role) for op in LISTS
                                                      for role in cross_agency_readers(op)])
def test_lists_show_nothing_of_another_agency(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                              query_params: dict[str, list[tuple[str, bool]]], method: str,
                                              path: str, role: str) -> None:
    a, b = worlds
    actor = a.actors[role]
    names = query_params[path]
    # required filters with the caller's own records; then every id filter naming the other agency's records
    own = {n: a.ids[n] for n, required in names if required and n in a.ids}
    foreign = {n: b.ids[n] for n, _ in names if n in b.ids}
    r = gw.get(path, params=own, headers=actor)
    assert r.status_code < 500, r.text
    if role == MC:  # rules and scopes let it in: the list answers, agency-wide (what the agency admin sees of it)
        assert r.status_code == 200, f"GET {path} as {MC} -> {r.status_code}: {r.text[:300]}"
        seen = gw.get(path, params=own, headers=a.admin)
        if seen.status_code == 200:
            missing = sorted(s for s in a.secrets if s in seen.text and s not in r.text)
            assert not missing, f"GET {path} as {MC} shows less of its own agency than the admin: {missing}"
    if r.status_code == 200:
        assert not leaked(r, b.secrets - a.secrets), f"{path} lists the other agency's records"
    if foreign:
        r = gw.get(path, params={**own, **foreign}, headers=actor)
        assert r.status_code in (200, 403, 404, 422), f"{path}?{foreign} -> {r.status_code}: {r.text[:300]}"
        if r.status_code == 200:
            assert not leaked(r, b.secrets - a.secrets), f"{path} filtered by {sorted(foreign)} leaks"


# --- a role the rules do not name is refused, and its refused write changes nothing -------------------------------

REFUSED = {401, 403, 404}
# Operations where a role outside the rule may get another refusal first, because its body or the record's state
# makes the question of authorization moot (nothing is written either way): (statuses, why).
MOOT: dict[tuple[str, str], tuple[set[int], str]] = {
    ("POST", "/api/v1/selections/{selection_id}/submit-proposal"): (
        {409}, "the panel member reads the selection, so its state is no secret to them; in REGISTRATION no one "
        "may submit the proposal (409 transition_not_allowed) and nothing is written"),
}
# Minimal bodies, valid for a caller the rule names, so that a refusal is about the caller and not the body.
def _bodies() -> dict[tuple[str, str], Any]:
    today = TODAY.isoformat()
    p = "/api/v1"
    return {
        ("POST", f"{p}/angka-kredit"): lambda a: {"employee_id": a.staff["id"], "starts_on": f"{YEAR}-01-01",
                                                  "ends_on": f"{YEAR}-12-31"},
        ("POST", f"{p}/annual-ratings"): lambda a: {"employee_id": a.staff["id"], "year": TODAY.year - 3,
                                                    "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                                    "rating_perilaku": "SESUAI_EKSPEKTASI"},
        ("POST", f"{p}/applications/{{application_id}}/second-check"): {"decision": "REJECT", "note": "Uji matriks"},
        ("POST", f"{p}/applications/{{application_id}}/verify"): {"decision": "REJECT", "note": "Uji matriks"},
        ("POST", f"{p}/applications/{{application_id}}/history"): {
            "entry_type": "RANK", "golongan": "III/d", "tmt": "2012-04-01", "sk_number": "823/MTX/2012",
            "sk_date": "2012-03-20"},
        ("POST", f"{p}/applications/{{application_id}}/history/{{entry_id}}/decide"): {
            "decision": "REJECTED", "reason": "Uji matriks"},
        ("POST", f"{p}/assignments"): lambda a: {"employee_id": a.staff["id"], "position_id": a.target_seat,
                                                 "kind": "plt", "tmt_start": today, "sk_number": "800/PLT/MTX",
                                                 "sk_date": today, "reason": "initial"},
        ("POST", f"{p}/assignments/{{assignment_id}}/end"): {"tmt_end": today, "end_reason": "rotation"},
        ("POST", f"{p}/competencies"): {"code": "T.MTX.01", "name": "Kompetensi Uji Matriks"},
        ("POST", f"{p}/merit-index/{{agency_id}}/recompute"): {"year": YEAR},
        ("POST", f"{p}/merit-index/{{agency_id}}/closures"): {"year": YEAR},
        ("PUT", f"{p}/merit-index/{{agency_id}}/declarations/{{year}}/{{aspect}}"): {
            "level": 2, "evidence_text": "Uji matriks"},
        ("PUT", f"{p}/merit-index-policies/{{agency_id}}"): {},
        ("POST", f"{p}/competency-assessments"): lambda a: {
            "employee_id": a.staff["id"], "assessed_on": today, "valid_until": (TODAY + timedelta(days=300)).isoformat(),
            "method": "ASSESSMENT_CENTER", "levels": {"M.01": 2}},
        ("POST", f"{p}/development-records"): lambda a: {
            "employee_id": a.staff["id"], "title": "Pelatihan Uji Matriks", "kind": "PELATIHAN", "started_on": today,
            "ended_on": today, "jp": 2},
        ("POST", f"{p}/development-activities"): {"title": "Kegiatan Uji Matriks", "kind": "TRAINING",
                                                  "competencies": {"M.01": 3}, "jp": "8"},
        ("PUT", f"{p}/development-activities/{{activity_id}}"): {"title": "Kegiatan Uji Matriks", "kind": "COURSE",
                                                                  "competencies": {"M.02": 4}, "jp": "8"},
        ("POST", f"{p}/development-plans"): lambda a: {"employee_id": a.staff["id"], "year": TODAY.year},
        ("POST", f"{p}/development-plans/{{plan_id}}/activities"): lambda a: {
            "activity_id": a.activity["id"], "competency_code": "M.02"},
        ("POST", f"{p}/discipline-records"): lambda a: {"employee_id": a.staff["id"], "level": "LIGHT",
                                                        "decided_on": today},
        ("POST", f"{p}/employees"): lambda a: {"nip": real_nip(date(1990, 5, 5), date(2015, 3, 1), 1),
                                               "name": "Pegawai Uji Matriks", "employment_type": "PNS"},
        ("POST", f"{p}/employees/{{employee_id}}/educations"): {"level": "S2"},
        ("POST", f"{p}/employees/{{employee_id}}/ranks"): {"golongan": "III/c", "tmt": today},
        ("POST", f"{p}/evaluation-periods"): {"year": TODAY.year - 3},
        ("POST", f"{p}/evaluations/{{evaluation_id}}/feedback"): {"noted_on": today, "note": "Uji matriks"},
        ("POST", f"{p}/evaluations/{{evaluation_id}}/rate"): {"rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                                               "rating_perilaku": "SESUAI_EKSPEKTASI"},
        ("POST", f"{p}/jobs"): {"name": "Jabatan Uji Matriks", "kind": "PELAKSANA", "kelas_jabatan": 7},
        ("POST", f"{p}/org-performance"): lambda a: {"unit_id": a.dinas, "year": YEAR, "org_predikat": "BAIK"},
        ("POST", f"{p}/org-units"): lambda a: {"code": f"MTX-{uuid.uuid4().hex[:6]}", "name": "Bidang Uji Matriks",
                                               "kind": "BIDANG", "parent_id": a.dinas},
        ("POST", f"{p}/org-units/{{unit_id}}/dissolve"): {"effective_date": today},
        ("POST", f"{p}/org-units/{{unit_id}}/move"): lambda a: {"parent_id": a.badan, "effective_date": today},
        ("POST", f"{p}/org-units/{{unit_id}}/rename"): {"name": "Bidang Uji Matriks", "effective_date": today},
        ("POST", f"{p}/performance-plans"): lambda a: {"employee_id": a.kabid["id"], "year": YEAR},
        ("POST", f"{p}/performance-plans/{{plan_id}}/evaluations"): {"period_number": 1},
        ("POST", f"{p}/personnel-actions"): lambda a: {
            "kind": "ROTATION", "title": "Rotasi uji matriks", "tmt": (TODAY + timedelta(days=30)).isoformat(),
            "moves": [{"employee_id": a.staff["id"], "to_position_id": a.target_seat}]},
        ("POST", f"{p}/personnel-actions/{{action_id}}/decide"): {"decision": "approve", "decision_date": today,
                                                                   "sk_number": "821/MTX", "sk_date": today},
        ("POST", f"{p}/personnel-actions/{{action_id}}/review"): {"recommendation": "approve", "note": "Uji matriks"},
        ("POST", f"{p}/positions"): lambda a: {"unit_id": a.bidang, "job_id": a.analyst_job},
        ("POST", f"{p}/positions/{{position_id}}/abolish"): {"effective_date": today},
        ("POST", f"{p}/selections/{{selection_id}}/announcements/{{announcement_id}}/appeals"): lambda a: {
            "application_id": a.application["id"], "reason": "Keberatan uji matriks atas hasil seleksi"},
        ("POST", f"{p}/succession-plans"): lambda a: {"position_id": a.head_dinas},
        ("POST", f"{p}/succession-plans/{{plan_id}}/candidates"): lambda a: {"employee_id": a.staff["id"],
                                                                             "readiness": "READY_1_2_YEARS"},
        ("POST", f"{p}/talent-cycles"): {"name": "Talenta Uji Matriks", "year": TODAY.year, "as_of": today},
        ("POST", f"{p}/transfers"): lambda a: {"employee_id": a.staff["id"], "destination_agency_id": str(uuid.uuid4()),
                                               "sk_number": "800/MTX/2", "sk_date": today, "tmt": today},
        ("POST", f"{p}/transfers/{{transfer_id}}/accept"): {"sk_number": "821/MTX", "sk_date": today},
        ("POST", f"{p}/transfers/{{transfer_id}}/decline"): {"reason": "Uji matriks"},
        ("PUT", f"{p}/applications/{{application_id}}/stages/{{stage_code}}/result"): {"passed": True},
        ("PUT", f"{p}/applications/{{application_id}}/stages/{{stage_code}}/scores"): {"criteria": {"substansi": 80}},
        ("PUT", f"{p}/applications/{{application_id}}/stages/{{stage_code}}/rescore"): {"criteria": {"substansi": 80}},
        ("PUT", f"{p}/evaluations/{{evaluation_id}}/realisations/{{indicator_id}}"): {"realisation": "Uji matriks"},
        ("PUT", f"{p}/performance-plans/{{plan_id}}"): {"results": [{"description": "Hasil uji matriks", "indicators": [
            {"description": "Indikator uji", "target": "1"}]}]},
        ("PUT", f"{p}/positions/{{position_id}}/abk/{{year}}"): {"tasks": [
            {"name": "Tugas uji matriks", "norm_minutes": 60, "volume_per_year": 10}]},
        ("PUT", f"{p}/selections/{{selection_id}}/committee/{{member_id}}/declarations/{{application_id}}"): {
            "has_conflict": False},
        ("POST", f"{p}/selections/{{selection_id}}/committee/conflict-flags/{{flag_id}}/decide"): {
            "decision": "DISMISS", "reason": "Uji matriks: data lama"},
        ("POST", f"{p}/followups/{{followup_id}}/decide"): {"option": "RECOGNITION"},
        ("POST", f"{p}/followups/{{followup_id}}/decline"): {"reason": "Uji matriks"},
        ("POST", f"{p}/followups/{{followup_id}}/cancel"): {"reason": "Uji matriks"},
        ("PUT", f"{p}/followups/{{followup_id}}/plan"): {"goals": [{"description": "Sasaran uji matriks"}],
                                                         "milestones": [{"title": "Tahap uji", "due_on": today}]},
        ("POST", f"{p}/followups/{{followup_id}}/notes"): {"note": "Catatan uji matriks"},
        ("POST", f"{p}/followups/{{followup_id}}/close"): {"outcome": "IMPROVED"},
    }


BODIES = _bodies()
# The imports take a file: an empty CSV (header only) writes nothing even when accepted.
FILES = {("POST", f"/api/v1/position-imports/{kind}"): {"file": (f"{kind}.csv", header, "text/csv")}
         for kind, header in (("employees", b"nip,name\n"), ("org-units", b"code,name,kind\n"),
                              ("positions", b"code,unit_code,job_code\n"))}


def readback(path: str) -> str | None:
    """The GET that shows what a write to ``path`` would change: the record it addresses, or the collection."""
    segments = path.split("/")
    for i in range(len(segments), 2, -1):
        prefix = "/".join(segments[:i])
        if ("GET", prefix) in RULES and ADMIN in RULES[("GET", prefix)].roles:
            return prefix
    return None


def unlisted(op: tuple[str, str]) -> list[str]:
    """The actors the operation must refuse: people its rule does not name; MC unless rules and scopes let it in."""
    rule = RULES[op]
    return [] if rule.public else [*(p for p in PEOPLE if p not in rule.roles), *([] if mc_may(op) else [MC])]


# Reads first, then writes; a write known to get through runs last, so that what it changes spoils no other case.
ROLE_CASES = [case(op, role, "unlisted_role", role)
              for op, role in sorted(((op, role) for op in RULES for role in unlisted(op)),
                                     key=lambda c: (c[0][0] != "GET", (*c[0], c[1], "unlisted_role") in KNOWN_LEAKS, c))]


@pytest.mark.parametrize(("method", "path", "role"), ROLE_CASES)
def test_a_role_the_rules_do_not_name_is_refused(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                                 query_params: dict[str, list[tuple[str, bool]]], method: str,
                                                 path: str, role: str) -> None:
    a, _ = worlds
    # a write known to get through acts on a record of its own, so that it spoils no other case
    fresh = {"application_id": a.fresh_application()} if (
        method != "GET" and (method, path, role, "unlisted_role") in KNOWN_LEAKS and "application_id" in path) else {}
    url = a.fill(path, **fresh) or concrete(a.fill_partial(path))
    body = BODIES.get((method, path), {})
    body = body(a) if callable(body) else body
    back = readback(path) if method != "GET" else None
    back_url = a.fill_partial(back, **fresh) if back else None
    before = gw.get(back_url, headers=a.admin) if back_url else None
    query = {n: a.ids[n] for n, required in query_params.get(path, []) if required and n in a.ids}
    if (method, path) in FILES:
        r = gw.request(method, url, headers=a.actors[role], files=FILES[(method, path)])
    else:
        r = gw.request(method, url, headers=a.actors[role], params=query,
                       json=body if method != "GET" else None)
    allowed, why = MOOT.get((method, path), (set(), ""))
    if method == "GET" and not params(path) and r.status_code == 200 and role != MC:
        # a list filtered to the caller's scope may answer, as long as it shows nothing of the agency's records
        assert not leaked(r, a.secrets - a.own(role)), f"GET {path} as {role} lists {leaked(r, a.secrets)}"
        return
    assert r.status_code in REFUSED | allowed, f"{method} {url} as {role} -> {r.status_code}: {r.text[:400]}"
    if before is not None and before.status_code == 200:
        after = gw.get(back_url, headers=a.admin)
        json_answer = before.headers.get("content-type", "").startswith(("application/json", "application/problem"))
        same = after.json() == before.json() if json_answer else after.content == before.content  # a file: its bytes
        assert same, f"a refused {method} {path} as {role} changed {back_url}"


# --- a listed allowed_action never answers 403 ------------------------------------------------------------------

class Disposable:
    """Records of one kind in one state, made on demand: an action that succeeds spends the record."""

    def __init__(self, make: Any) -> None:
        self.make, self.current = make, None

    def get(self) -> str:
        if self.current is None:
            self.current = self.make()
        return str(self.current)

    def spend(self) -> None:
        self.current = None


def _skp_plan(a: MatrixAgency, state: str) -> str:
    """A new Bidang staff member's SKP plan in ``state`` (DRAFT, SUBMITTED or IN_PROGRESS)."""
    person = a.person("Pegawai Uji Aksi", a.seat(a.bidang, a.analyst_job), "III/b", ["employee"])
    plan = a.post("/api/v1/performance-plans", {"employee_id": person["id"], "year": YEAR}, headers=person["headers"])
    ok(a.gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=person["headers"], json=BODIES[
        ("PUT", "/api/v1/performance-plans/{plan_id}")]))
    steps = {"DRAFT": [], "SUBMITTED": [("submit", person["headers"])],
             "IN_PROGRESS": [("submit", person["headers"]), ("approve", a.kadis["headers"]),
                             ("start", a.kabid["headers"])]}[state]
    for action, who in steps:
        ok(a.gw.post(f"/api/v1/performance-plans/{plan['id']}/{action}", headers=who))
    return str(plan["id"])


def _evaluation(a: MatrixAgency) -> str:
    plan = _skp_plan(a, "IN_PROGRESS")
    return str(a.post(f"/api/v1/performance-plans/{plan}/evaluations", {"period_number": 0},
                      headers=a.kabid["headers"])["id"])


def _development_plan(a: MatrixAgency, state: str) -> str:
    """A new Bidang analyst's development plan with one activity for their M.02 gap, in ``state``."""
    person = a.person("Pegawai Uji Rencana", a.seat(a.bidang, a.analyst_job), "III/b", ["employee"])
    gap = a.post("/api/v1/competency-assessments", {
        "employee_id": person["id"], "assessed_on": (TODAY - timedelta(days=5)).isoformat(),
        "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
        "levels": {"M.01": 3, "M.02": 3, "SK.01": 3, "T.KEU.01": 2}})
    a.post(f"/api/v1/competency-assessments/{gap['id']}/jpm", {})
    plan = a.post("/api/v1/development-plans", {"employee_id": person["id"], "year": TODAY.year},
                  headers=person["headers"])
    a.post(f"/api/v1/development-plans/{plan['id']}/activities", {
        "activity_id": a.activity["id"], "competency_code": "M.02"}, headers=person["headers"])
    steps = {"DRAFT": [], "SUBMITTED": [("submit", person["headers"])],
             "APPROVED": [("submit", person["headers"]), ("approve", a.kabid["headers"])]}[state]
    for action, who in steps:
        ok(a.gw.post(f"/api/v1/development-plans/{plan['id']}/{action}", headers=who))
    return str(plan["id"])


def _reward(a: MatrixAgency) -> str:
    """A new Bidang staff member rated Sangat Baik: the agency's policy opens a reward follow-up (OPEN)."""
    person = a.person("Pegawai Uji Penghargaan", a.seat(a.bidang, a.analyst_job), "III/b", ["employee"])
    a.rating(person["id"], TODAY.year - 2, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    [followup] = ok(a.gw.get("/api/v1/followups", headers=a.admin, params={"employee_id": person["id"]}))["items"]
    return str(followup["id"])


def _org(a: MatrixAgency) -> str:
    unit = a.unit(f"MTX-{uuid.uuid4().hex[:6]}", "Bidang Uji Aksi", "BIDANG", a.dinas)
    return str(a.post("/api/v1/org-performance", {"unit_id": unit, "year": YEAR, "org_predikat": "BAIK"})["id"])


REASON = {"reason": "Uji matriks: tindakan yang tercantum pada allowed_actions"}
# kind -> (the record's GET, how to make one, the action's route and body from the listed name)
WORKFLOWS: dict[str, tuple[str, Any, Any]] = {
    "skp_draft": ("/api/v1/performance-plans/{id}", lambda a: _skp_plan(a, "DRAFT"),
                  lambda act: (f"/api/v1/performance-plans/{{id}}/{act.lower()}", None)),
    "skp_submitted": ("/api/v1/performance-plans/{id}", lambda a: _skp_plan(a, "SUBMITTED"),
                      lambda act: (f"/api/v1/performance-plans/{{id}}/{act.lower()}", None)),
    "skp_in_progress": ("/api/v1/performance-plans/{id}", lambda a: _skp_plan(a, "IN_PROGRESS"),
                        lambda act: (f"/api/v1/performance-plans/{{id}}/{act.lower()}", None)),
    "evaluation_open": ("/api/v1/evaluations/{id}", _evaluation,
                        lambda act: (f"/api/v1/evaluations/{{id}}/{act.lower()}",
                                     BODIES[("POST", "/api/v1/evaluations/{evaluation_id}/rate")])),
    "selection_registration": ("/api/v1/selections/{id}", lambda a: a.open_selection(a.seat(a.badan, a.jpt_job))["id"],
                               lambda act: (f"/api/v1/selections/{{id}}/{act.replace('_', '-')}", REASON)),
    "personnel_action_draft": ("/api/v1/personnel-actions/{id}", lambda a: a.post(
        "/api/v1/personnel-actions", BODIES[("POST", "/api/v1/personnel-actions")](a))["id"],
        lambda act: (f"/api/v1/personnel-actions/{{id}}/{act}", None)),
    **{f"development_plan_{state.lower()}": (
        "/api/v1/development-plans/{id}", lambda a, state=state: _development_plan(a, state),
        lambda act: (f"/api/v1/development-plans/{{id}}/{act.lower()}", None)) for state in ("DRAFT", "SUBMITTED",
                                                                                             "APPROVED")},
    "org_performance_draft": ("/api/v1/org-performance/{id}", _org,
                              lambda act: (f"/api/v1/org-performance/{{id}}/{act.lower()}", None)),
    "followup_reward_open": ("/api/v1/followups/{id}", _reward,
                             lambda act: (f"/api/v1/followups/{{id}}/{act.lower()}",
                                          {"option": "RECOGNITION"} if act == "DECIDE" else REASON)),
}
RECORD_OP = {"/api/v1/performance-plans/{id}": "/api/v1/performance-plans/{plan_id}",
             "/api/v1/evaluations/{id}": "/api/v1/evaluations/{evaluation_id}",
             "/api/v1/selections/{id}": "/api/v1/selections/{selection_id}",
             "/api/v1/personnel-actions/{id}": "/api/v1/personnel-actions/{action_id}",
             "/api/v1/org-performance/{id}": "/api/v1/org-performance/{org_id}",
             "/api/v1/development-plans/{id}": "/api/v1/development-plans/{plan_id}",
             "/api/v1/followups/{id}": "/api/v1/followups/{followup_id}"}


@pytest.fixture(scope="module")
def disposables(worlds: tuple[MatrixAgency, MatrixAgency]) -> dict[str, Disposable]:
    a, _ = worlds
    return {kind: Disposable(lambda make=make: make(a)) for kind, (_, make, _) in WORKFLOWS.items()}


ALLOWED_CASES = [pytest.param(kind, role, id=f"{kind} as {role}", marks=[pytest.mark.xfail(strict=True, reason=leak)]
                              if (leak := KNOWN_LEAKS.get(("GET", RECORD_OP[WORKFLOWS[kind][0]], role,
                                                            f"allowed_actions:{kind}"))) else [])
                 for kind in WORKFLOWS for role in ACTORS]


@pytest.mark.parametrize(("kind", "role"), ALLOWED_CASES)
def test_a_listed_allowed_action_is_never_refused(worlds: tuple[MatrixAgency, MatrixAgency], gw: httpx.Client,
                                                  disposables: dict[str, Disposable], kind: str, role: str) -> None:
    a, _ = worlds
    record, _, route = WORKFLOWS[kind]
    pool, who = disposables[kind], a.actors[role]
    r = gw.get(record.format(id=pool.get()), headers=who)
    if r.status_code != 200:
        assert r.status_code in (403, 404), r.text  # a record the caller may not read lists nothing to them
        return
    refused = []
    for action in r.json()["allowed_actions"]:
        path, body = route(action)
        done = gw.post(path.format(id=pool.get()), headers=who, json=body)
        assert done.status_code < 500, done.text
        if done.status_code == 403:
            refused.append(action)
        elif done.status_code < 300:
            pool.spend()  # the next action needs a record in the state this one was listed in
    assert not refused, f"{kind}: {role} is offered {refused} and refused them"
