"""Bad input as a new integrator sends it, on every route: a problem+json 4xx naming the field, and nothing changed.

Each case is (method, url, body, status, code, loc). ``{name}`` placeholders are filled from a small scene
(agency with units, jobs, positions, an employee holding a seat, a draft personnel action, and a second
agency's position). ``body`` may be raw bytes (malformed JSON). ``loc`` None means "not a field problem".
"Nothing changed" is checked on the agency's audit trail and event feed, which every write touches.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from typing import Any

import pytest

UNKNOWN = "00000000-0000-4000-8000-000000000000"
_seq = itertools.count(100)


def make_nip() -> str:
    """A valid NIP not used by the conftest helpers (different birth date), unique within this module's agencies."""
    return f"19850505201001{1}{next(_seq) % 1000:03d}"

CASES: list[tuple[str, str, Any, int, str, list[Any] | None]] = [
    # malformed JSON, wrong shapes, unknown and missing fields
    ("POST", "/api/v1/org-units", b'{"code": "X",', 422, "validation_error", ["body", 13]),
    ("POST", "/api/v1/assignments", [1, 2], 422, "validation_error", ["body"]),
    ("POST", "/api/v1/employees", {"nip": "{nip_new}", "name": "Budi"}, 422, "validation_error",
     ["body", "employment_type"]),
    ("POST", "/api/v1/jobs", {"name": "X", "kind": "PELAKSANA", "kelas_jabatan": 7, "colour": "red"}, 422,
     "validation_error", ["body", "colour"]),
    ("POST", "/api/v1/jobs", {"name": "Jabatan", "kind": "PELAKSANA", "kelas_jabatan": "tinggi"}, 422,
     "validation_error", ["body", "kelas_jabatan"]),
    ("POST", "/api/v1/jobs", {"name": "Jabatan", "kind": "PELAKSANA", "kelas_jabatan": 18}, 422,
     "validation_error", ["body", "kelas_jabatan"]),
    ("PATCH", "/api/v1/jobs/{job}", {"competency_standard": None}, 422, "field_not_nullable",
     ["body", "competency_standard"]),
    ("PATCH", "/api/v1/jobs/{job}", {"competency_standard": {"M.09": 3}}, 422, "validation_error",
     ["body", "competency_standard"]),
    ("PATCH", "/api/v1/agencies/{agency}", {"name": None}, 422, "field_not_nullable", ["body", "name"]),
    ("PATCH", "/api/v1/org-units/{unit}", {"code": None}, 422, "field_not_nullable", ["body", "code"]),
    # values PostgreSQL cannot store
    ("POST", "/api/v1/employees", {"nip": "{nip_new}", "name": "Bu\x00di", "employment_type": "PNS"}, 422,
     "validation_error", ["body", "name"]),
    ("POST", "/api/v1/employees/{employee}/ranks", {"golongan": "III/d", "tmt": "9999-12-31"}, 422,
     "validation_error", ["body", "tmt"]),
    ("PUT", "/api/v1/positions/{position}/abk/2024",
     {"tasks": [{"name": "T", "volume_per_year": 10**30, "norm_minutes": 60}]}, 422, "validation_error",
     ["body", "tasks", 0, "volume_per_year"]),
    ("PUT", "/api/v1/positions/{position}/abk/2024",
     {"tasks": [{"name": "T", "volume_per_year": 10, "norm_minutes": 0}]}, 422, "validation_error",
     ["body", "tasks", 0, "norm_minutes"]),
    ("PUT", "/api/v1/positions/{position}/abk/1999", {"tasks": [{"name": "T", "volume_per_year": 1,
                                                                  "norm_minutes": 1}]}, 422, "validation_error",
     ["path", "year"]),
    ("GET", "/api/v1/employees?q=bu%00di", None, 422, "validation_error", ["query", "q"]),
    ("GET", "/api/v1/position-events?after=100000000000000000000", None, 422, "validation_error",
     ["query", "after"]),
    ("GET", "/api/v1/positions/not-a-uuid", None, 422, "validation_error", ["path", "position_id"]),
    # unknown ids and ids of another agency (404, never a leak)
    ("GET", "/api/v1/positions/{foreign_position}", None, 404, "not_found", None),
    ("POST", "/api/v1/assignments", {"employee_id": UNKNOWN, "position_id": "{position}", "kind": "definitive",
                                     "tmt_start": "2024-01-02", "sk_number": "SK", "sk_date": "2024-01-02",
                                     "reason": "initial"}, 404, "not_found", ["body", "employee_id"]),
    ("POST", "/api/v1/assignments", {"employee_id": "{free_employee}", "position_id": "{foreign_position}",
                                     "kind": "definitive", "tmt_start": "2024-01-02", "sk_number": "SK",
                                     "sk_date": "2024-01-02", "reason": "initial"}, 404, "not_found",
     ["body", "position_id"]),
    ("POST", "/api/v1/org-units", {"code": "NEW-1", "name": "Bidang", "kind": "BIDANG",
                                   "parent_id": "{foreign_unit}"}, 404, "not_found", ["body", "parent_id"]),
    ("POST", "/api/v1/positions", {"unit_id": UNKNOWN, "job_id": "{job}"}, 404, "not_found", ["body", "unit_id"]),
    ("POST", f"/api/v1/assignments/{UNKNOWN}/end", {"tmt_end": "2024-01-01", "end_reason": "rotation"}, 404,
     "not_found", None),
    ("POST", "/api/v1/personnel-actions", {"kind": "ROTATION", "title": "Rotasi", "tmt": "2025-02-03",
                                           "moves": [{"employee_id": "{employee}", "to_position_id": UNKNOWN}]},
     404, "not_found", ["body", "moves", 0, "to_position_id"]),
    # contradictory dates
    ("POST", "/api/v1/assignments", {"employee_id": "{free_employee}", "position_id": "{position}",
                                     "kind": "definitive", "tmt_start": "2024-01-02", "tmt_end": "2023-01-01",
                                     "sk_number": "SK", "sk_date": "2024-01-02", "reason": "initial"}, 422,
     "tmt_end_before_start", ["body", "tmt_end"]),
    ("POST", "/api/v1/assignments", {"employee_id": "{free_employee}", "position_id": "{position}",
                                     "kind": "definitive", "tmt_start": "2024-01-02", "sk_number": "SK",
                                     "sk_date": "2024-02-01", "reason": "initial"}, 422, "tmt_before_sk",
     ["body", "tmt_start"]),
    ("POST", "/api/v1/assignments", {"employee_id": "{free_employee}", "position_id": "{position}",
                                     "kind": "definitive", "tmt_start": "2010-01-04", "sk_number": "SK",
                                     "sk_date": "2010-01-04", "reason": "initial"}, 422, "tmt_before_position",
     ["body", "tmt_start"]),
    ("POST", "/api/v1/assignments/{assignment}/end", {"tmt_end": "2019-01-01", "end_reason": "rotation"}, 422,
     "end_before_start", ["body", "tmt_end"]),
    ("POST", "/api/v1/employees/{employee}/ranks", {"golongan": "III/d", "tmt": "2001-04-01"}, 422,
     "rank_before_cpns", ["body", "tmt"]),
    ("POST", "/api/v1/employees/{employee}/educations", {"level": "S1", "graduated_on": "1970-01-01"}, 422,
     "graduated_before_birth", ["body", "graduated_on"]),
    ("POST", "/api/v1/positions", {"unit_id": "{unit}", "job_id": "{job}", "valid_from": "2001-01-01"}, 422,
     "position_before_unit", ["body", "valid_from"]),
    ("POST", "/api/v1/org-units", {"code": "NEW-2", "name": "Bidang", "kind": "BIDANG", "parent_id": "{unit}",
                                   "valid_from": "2001-01-01"}, 422, "unit_before_parent", ["body", "valid_from"]),
    ("POST", "/api/v1/org-units/{child_unit}/dissolve", {"effective_date": "2001-01-01"}, 422,
     "effective_before_current_version", ["body", "effective_date"]),
    ("PUT", "/api/v1/agencies/{agency}/policy", {"blackout_windows": [{"start": "2029-05-01", "end": "2029-01-01"}]},
     422, "blackout_window_reversed", ["body", "blackout_windows", 0, "end"]),
    ("GET", "/api/v1/position-audit?date_from=2025-02-01&date_to=2025-01-01", None, 422, "date_range_reversed",
     ["query", "date_to"]),
    ("PATCH", "/api/v1/employees/{employee}", {"status": "retired"}, 422, "status_effective_date_required",
     ["body", "status_effective_date"]),
    ("PATCH", "/api/v1/employees/{employee}", {"status": "leave", "status_effective_date": "2025-01-01"}, 422,
     "status_effective_date_unexpected", ["body", "status_effective_date"]),
    ("PATCH", "/api/v1/employees/{employee}", {"status": "retired", "status_effective_date": "1970-06-01"}, 422,
     "status_date_before_birth", ["body", "status_effective_date"]),
    ("PATCH", "/api/v1/employees/{employee}", {"status": "retired", "status_effective_date": "2019-06-01"}, 409,
     "assignment_starts_after_status", None),
    # out-of-range numbers and invalid domain values
    ("POST", "/api/v1/positions", {"unit_id": "{unit}", "job_id": "{managerial_job}", "required_seats": 2}, 422,
     "managerial_requires_one_seat", ["body", "required_seats"]),
    ("POST", "/api/v1/positions", {"unit_id": "{unit}", "job_id": "{job}", "required_seats": -1}, 422,
     "validation_error", ["body", "required_seats"]),
    ("POST", "/api/v1/employees", {"nip": "123", "name": "Budi", "employment_type": "PNS"}, 422, "nip_invalid_length",
     ["body", "nip"]),
    ("POST", "/api/v1/employees/{employee}/ranks", {"golongan": "V/z", "tmt": "2016-01-01"}, 422, "rank_invalid",
     ["body", "golongan"]),
    ("POST", "/api/v1/assignments", {"employee_id": "{free_employee}", "position_id": "{position}",
                                     "kind": "acting", "tmt_start": "2024-01-02", "sk_number": "SK",
                                     "sk_date": "2024-01-02", "reason": "initial"}, 422, "validation_error",
     ["body", "kind"]),
    ("POST", "/api/v1/assignments/{assignment}/end", {"tmt_end": "2024-01-01", "end_reason": "fired"}, 422,
     "validation_error", ["body", "end_reason"]),
    # duplicates and actions in the wrong state
    ("POST", "/api/v1/org-units", {"code": "{unit_code}", "name": "Dinas Lain", "kind": "DINAS"}, 409,
     "unit_code_taken", None),
    ("POST", "/api/v1/employees", {"nip": "{employee_nip}", "name": "Budi", "employment_type": "PNS"}, 409,
     "nip_taken", None),
    ("POST", "/api/v1/assignments", {"employee_id": "{employee}", "position_id": "{position}", "kind": "definitive",
                                     "tmt_start": "2024-01-02", "sk_number": "SK", "sk_date": "2024-01-02",
                                     "reason": "initial"}, 409, "employee_has_definitive", None),
    ("POST", "/api/v1/personnel-actions", {"kind": "ROTATION", "title": "Rotasi", "tmt": "2025-02-03",
                                           "moves": [{"employee_id": "{employee}", "to_position_id": "{position}"},
                                                     {"employee_id": "{employee}", "to_position_id": "{position}"}]},
     422, "duplicate_employee", ["body", "moves", 1, "employee_id"]),
    ("POST", "/api/v1/personnel-actions/{action}/apply", None, 409, "transition_not_allowed", None),
    ("POST", "/api/v1/org-units/{unit}/move", {"parent_id": "{child_unit}", "effective_date": "2024-01-01"}, 409,
     "unit_cycle", None),
]


class Scene:
    def __init__(self, world: Any, ids: dict[str, str]) -> None:
        self.world, self.ids = world, ids

    def fill(self, value: Any) -> Any:
        if isinstance(value, str):
            for k, v in self.ids.items():
                value = value.replace("{" + k + "}", v)
            return value
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.fill(v) for v in value]
        return value

    async def footprint(self) -> tuple[int, int]:
        """(audit entries, events) of the agency: every accepted write adds to at least one."""
        w = self.world
        audit = await w.ok("GET", "/api/v1/position-audit?limit=1", status=200)
        events = await w.ok("GET", "/api/v1/position-events?limit=1000", status=200)
        return audit["total"], len(events["items"])


@pytest.fixture
async def scene(world: Any, client: Any, tokens: Any) -> Scene:
    unit = await world.unit("Dinas Uji")
    child = await world.unit("Bidang Uji", parent=unit["id"], kind="BIDANG")
    job = await world.job()
    mjob = await world.job("PENGAWAS")
    pos = await world.position(unit, job, required_seats=3, valid_from="2015-01-01")
    head = await world.position(unit, mjob, is_head=True)
    emp = await world.employee()
    free = await world.employee()
    a = await world.assign(emp, pos)
    act = await world.ok("POST", "/api/v1/personnel-actions", json={
        "kind": "ROTATION", "title": "Rotasi", "tmt": "2025-02-03",
        "moves": [{"employee_id": emp["id"], "to_position_id": head["id"]}]})
    other = await type(world)(client, tokens).setup()
    ounit = await other.unit()
    opos = await other.position(ounit, await other.job())
    return Scene(world, {
        "agency": str(world.agency_id), "unit": unit["id"], "child_unit": child["id"], "unit_code": unit["code"],
        "job": job["id"], "managerial_job": mjob["id"], "position": pos["id"], "employee": emp["id"],
        "employee_nip": emp["nip"], "free_employee": free["id"], "assignment": a["id"], "action": act["id"],
        "foreign_position": opos["id"], "foreign_unit": ounit["id"], "nip_new": make_nip()})


@pytest.mark.parametrize("method,url,body,status,code,loc", CASES,
                         ids=[f"{c[0]} {c[1]} -> {c[4]}" for c in CASES])
async def test_bad_input_is_refused_and_changes_nothing(scene: Scene, method: str, url: str, body: Any,
                                                         status: int, code: str, loc: list[Any] | None) -> None:
    w = scene.world
    before = await scene.footprint()
    kw: dict[str, Any] = {}
    if isinstance(body, bytes):
        kw["content"] = body
        kw["headers"] = {**w.admin, "content-type": "application/json"}
    else:
        kw["json"] = scene.fill(body) if body is not None else None
        kw["headers"] = w.admin
    r = await w.c.request(method, scene.fill(url), **kw)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problem = r.json()
    assert problem["code"] == code, problem
    assert problem["detail"]
    if loc is not None:
        # pydantic gives list indices as ints, domain errors as strings: compare as text
        assert [str(x) for x in loc] in [[str(x) for x in e["loc"]] for e in problem["errors"]], problem["errors"]
    assert await scene.footprint() == before


async def test_messages_follow_accept_language(scene: Scene) -> None:
    w = scene.world
    body = scene.fill({"employee_id": "{free_employee}", "position_id": "{position}", "kind": "definitive",
                       "tmt_start": "2024-01-02", "sk_number": "SK", "sk_date": "2024-02-01", "reason": "initial"})
    r_id = await w.c.post("/api/v1/assignments", json=body, headers=w.admin)
    r_en = await w.c.post("/api/v1/assignments", json=body, headers={**w.admin, "Accept-Language": "en"})
    assert "tidak boleh" in r_id.json()["detail"] and "cannot precede" in r_en.json()["detail"]
    r = await w.c.post("/api/v1/employees", json={"nip": make_nip(), "name": "Bu\x00di", "employment_type": "PNS"},
                       headers=w.admin)
    assert "NUL" in r.json()["errors"][0]["msg"] and "tidak boleh" in r.json()["errors"][0]["msg"]
    assert r.json()["errors"][0]["loc"] == ["body", "name"]


async def test_concurrent_duplicates_give_one_success_and_409s(scene: Scene) -> None:
    w = scene.world
    before = await scene.footprint()
    code = f"DUP-{uuid.uuid4().hex[:6]}"
    rs = await asyncio.gather(*[w.c.post("/api/v1/org-units", json={"code": code, "name": "Dinas Kembar",
                                                                      "kind": "DINAS"}, headers=w.admin)
                                for _ in range(6)])
    assert sorted(r.status_code for r in rs) == [201] + [409] * 5, [r.text for r in rs]
    assert {r.json()["code"] for r in rs if r.status_code == 409} == {"unit_code_taken"}
    nip = make_nip()
    rs = await asyncio.gather(*[w.c.post("/api/v1/employees", json={"nip": nip, "name": "Pegawai Kembar",
                                                                     "employment_type": "PNS"}, headers=w.admin)
                                for _ in range(6)])
    assert sorted(r.status_code for r in rs) == [201] + [409] * 5, [r.text for r in rs]
    assert {r.json()["code"] for r in rs if r.status_code == 409} == {"nip_taken"}
    audit, _ = await scene.footprint()
    assert audit == before[0] + 2  # exactly the two successful creations
