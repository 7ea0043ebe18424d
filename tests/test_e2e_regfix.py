"""Issue #11, the smaller registry and evaluation points, through the gateway with the real services: a year's ABK
keeps every version and answers plain numbers; a year of SKP is finalised at its end; the employee summary shows a
rating recorded a moment ago; a job's competency standard names only codes of the dictionary; a blocked retirement is reported once."""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from merit_shared.stack import Stack
from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency, plan_act, stranger
from tests.test_e2e_scheduler import RUNS, feed, first_of_month_in, person, seat
from tests.world import TODAY, World

EN = {"Accept-Language": "en"}


def _abk_position(w: World) -> str:
    job = w.post("/api/v1/jobs", {"name": "Pengadministrasi Kepegawaian", "kind": "PELAKSANA", "kelas_jabatan": 6,
                                  "min_education": "SMA", "min_rank": "II/a"})
    return str(w.post("/api/v1/positions", {"unit_id": w.dinas, "job_id": job["id"], "required_seats": 1,
                                            "name": "Pengadministrasi Kepegawaian ABK"})["id"])


def test_e2e_abk_keeps_every_version_and_answers_plain_numbers(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    pos = _abk_position(w)
    url = f"/api/v1/positions/{pos}/abk/2025"
    # 260,000 minutes of work: PostgreSQL's numeric came back as 2.6E+5, and the need with 28 digits
    first = ok(gw.put(url, headers=w.admin, json={"tasks": [
        {"name": "Menyusun formasi", "volume_per_year": 1000, "norm_minutes": 260}], "reason": "ABK awal 2025"}))
    assert (first["version"], first["workload_minutes"], first["need_exact"]) == (1, 260000, 3.4667), first
    second = ok(gw.put(url, headers=w.admin, json={"tasks": [
        {"name": "Menyusun formasi", "volume_per_year": 1000, "norm_minutes": 260},
        {"name": "Verifikasi mutasi", "volume_per_year": 1, "norm_minutes": "0.5"}], "reason": "Tambahan tugas"}))
    assert (second["version"], second["workload_minutes"], second["need_exact"]) == (2, 260000.5, 3.4667), second
    # the raw JSON has neither exponents nor long fractions
    raw = gw.get(f"/api/v1/positions/{pos}/abk", headers=w.admin).text
    assert "E+" not in raw and "e+" not in raw and "3.4667" in raw and "3.46667" not in raw, raw
    current = json.loads(raw)["items"]
    assert [(a["year"], a["version"], a["reason"]) for a in current] == [(2025, 2, "Tambahan tugas")]
    history = ok(gw.get(f"{url}/history", headers=w.admin))
    assert history["total"] == 2
    assert [(v["version"], v["workload_minutes"], v["reason"]) for v in history["items"]] == [
        (2, 260000.5, "Tambahan tugas"), (1, 260000, "ABK awal 2025")]
    assert all(v["recorded_by"] and v["recorded_at"] for v in history["items"])
    assert len(history["items"][1]["tasks"]) == 1  # the first analysis is kept as it was
    assert ok(gw.get(f"/api/v1/positions/{pos}/abk/2024/history", headers=w.admin))["total"] == 0
    # an employee of the agency reads the position map; another agency does not see the position at all
    emp = login(gw, create_user(gw, platform, w.agency_id, ["employee"]))
    assert ok(gw.get(f"{url}/history", headers=emp))["total"] == 2
    assert gw.put(url, headers=emp, json={"tasks": [{"name": "x", "volume_per_year": 1, "norm_minutes": 1}]}
                  ).status_code == 403
    for path in (f"{url}/history", f"/api/v1/positions/{pos}/abk"):
        r = gw.get(path, headers=other.admin)
        assert r.status_code == 404, r.text
    assert ok(gw.get(f"{url}/history", headers=w.admin))["total"] == 2  # the refused write added no version



def _in_progress_plan(agency: Agency, year: int) -> dict[str, Any]:
    """The staff member's SKP of ``year``, approved and started: only rating and finalising are left."""
    gw, staff = agency.gw, agency.staff
    agency.post("/api/v1/evaluation-periods", {"year": year})
    plan = agency.post("/api/v1/performance-plans", {"employee_id": staff["id"], "year": year},
                       headers=staff["headers"])
    plan = ok(gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=staff["headers"], json={
        "results": [{"description": "Layanan perizinan tepat waktu",
                     "indicators": [{"description": "Izin terbit tepat waktu", "target": "95%"}]}]}))
    plan = plan_act(gw, plan, "submit", staff["headers"])
    plan = plan_act(gw, plan, "approve", agency.kadis["headers"])
    return dict(plan_act(gw, plan, "start", agency.kabid["headers"]))


def test_e2e_a_year_of_skp_is_not_finalised_before_it_ends(gw: httpx.Client, platform: dict[str, str]) -> None:
    agency = Agency(gw, platform)
    year = TODAY.year + 1  # never ended while this test runs
    plan = _in_progress_plan(agency, year)
    annual = agency.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", {"period_number": 0},
                         headers=agency.kabid["headers"])
    ok(gw.post(f"/api/v1/evaluations/{annual['id']}/rate", headers=agency.kabid["headers"],
               json={"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}))
    read = ok(gw.get(f"/api/v1/performance-plans/{plan['id']}", headers=agency.kadis["headers"]))
    assert "FINALIZE" not in read["allowed_actions"], read["allowed_actions"]
    r = gw.post(f"/api/v1/performance-plans/{plan['id']}/finalize", headers={**agency.kadis["headers"], **EN})
    assert r.status_code == 409 and r.json()["code"] == "annual_period_not_ended", r.text
    assert r.json()["first_allowed"] == f"{year}-12-31" and f"{year}-12-31" in r.json()["detail"], r.text
    assert ok(gw.get(f"/api/v1/performance-plans/{plan['id']}", headers=agency.kadis["headers"]))["state"] == \
        "IN_PROGRESS"
    ratings = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": agency.staff["id"]}, headers=agency.admin))
    assert ratings["total"] == 0  # no annual rating was written


def test_e2e_summary_shows_a_rating_recorded_a_moment_ago(gw: httpx.Client, platform: dict[str, str]) -> None:
    """The summary listed completed years only: this year's final rating (recorded, or an SKP finalised on
    31 December) stayed out until 1 January. It is read immediately after it is recorded."""
    agency = Agency(gw, platform)
    staff = agency.staff["id"]
    summary = f"/api/v1/employee-summaries/{staff}"
    agency.rating(staff, TODAY.year - 1)
    before = ok(gw.get(summary, params={"years": 1}, headers=agency.admin))
    assert before["predikat_by_year"] == [{"year": TODAY.year - 1, "predikat": "BAIK"}]
    agency.rating(staff, TODAY.year, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    for who in (agency.admin, agency.staff["headers"]):
        now = ok(gw.get(summary, params={"years": 1}, headers=who))
        assert now["predikat_by_year"] == [{"year": TODAY.year - 1, "predikat": "BAIK"},
                                           {"year": TODAY.year, "predikat": "SANGAT_BAIK"}], now
        assert now["all_at_least_baik"] is True  # judged on the completed years, as before
    earlier = ok(gw.get(summary, params={"years": 1, "as_of": (TODAY - timedelta(days=1)).isoformat()},
                        headers=agency.admin))
    assert {"year": TODAY.year, "predikat": "SANGAT_BAIK"} not in earlier["predikat_by_year"]  # not yet recorded
    assert gw.get(summary, headers=stranger(gw, platform)).status_code == 404


def test_e2e_a_competency_standard_names_only_codes_of_the_dictionary(gw: httpx.Client, platform: dict[str, str],
                                                                      stack: Stack) -> None:
    agency, other = Agency(gw, platform), Agency(gw, platform)
    job = {"name": "Analis Anggaran", "kind": "PELAKSANA", "kelas_jabatan": 8, "min_education": "S1"}
    before = ok(gw.get("/api/v1/jobs", headers=agency.admin))["total"]
    # a technical code neither agency defined, and one only the other agency defined
    other.post("/api/v1/competencies", {"code": "T.LAIN.01", "name": "Kompetensi Instansi Lain"})
    r = gw.post("/api/v1/jobs", headers={**agency.admin, **EN}, json={
        **job, "competency_standard": {"M.01": 3, "T.ANGG.01": 2, "T.LAIN.01": 2, "T.KEU.01": 3}})
    assert r.status_code == 422 and r.json()["code"] == "competency_code_undefined", r.text
    assert r.json()["errors"][0]["loc"] == ["body", "competency_standard"], r.json()
    assert r.json()["unknown_codes"] == ["T.ANGG.01", "T.LAIN.01"], r.json()
    assert "T.ANGG.01, T.LAIN.01" in r.json()["detail"] and "T.KEU.01" not in r.json()["detail"]
    assert ok(gw.get("/api/v1/jobs", headers=agency.admin))["total"] == before  # nothing written
    # once the agency defines it, the standard is accepted; an edit adding an undefined code is refused
    agency.post("/api/v1/competencies", {"code": "T.ANGG.01", "name": "Penyusunan Anggaran"})
    created = agency.post("/api/v1/jobs", {**job, "competency_standard": {"M.01": 3, "T.ANGG.01": 2}})
    assert created["competency_standard"] == {"M.01": 3, "T.ANGG.01": 2}
    r = gw.patch(f"/api/v1/jobs/{created['id']}", headers=agency.admin,
                 json={"competency_standard": {"M.01": 3, "T.ANGG.01": 2, "T.LAIN.01": 1}})
    assert r.status_code == 422 and r.json()["unknown_codes"] == ["T.LAIN.01"], r.text
    assert ok(gw.get(f"/api/v1/jobs/{created['id']}", headers=agency.admin))["competency_standard"] == \
        {"M.01": 3, "T.ANGG.01": 2}
    # wrong role, another agency
    r = gw.post("/api/v1/jobs", headers=agency.staff["headers"], json={**job, "competency_standard": {"T.ANGG.01": 2}})
    assert r.status_code == 403, r.text
    r = gw.patch(f"/api/v1/jobs/{created['id']}", headers=other.admin, json={"competency_standard": {"M.01": 2}})
    assert r.status_code == 404, r.text
    # the dictionary cannot be asked: a technical code waits (503, Retry-After); national codes need no call
    stack.stop("evaluation")
    try:
        r = gw.post("/api/v1/jobs", headers=agency.admin, json={**job, "competency_standard": {"T.ANGG.01": 2}})
        assert r.status_code == 503 and r.json()["code"] == "upstream_unavailable", r.text
        assert int(r.headers["Retry-After"]) > 0
        national = agency.post("/api/v1/jobs", {**job, "name": "Pengadministrasi Umum",
                                                "competency_standard": {"M.01": 2, "SK.01": 2}})
        assert national["competency_standard"] == {"M.01": 2, "SK.01": 2}
    finally:
        stack.start("evaluation")
        stack.wait_ready("evaluation")


def _jpt_head_seat(w: World, name: str) -> str:
    """A vacant head seat (JPT Pratama, BUP 60) of a unit of its own."""
    unit = w.post("/api/v1/org-units", {"code": f"BDN-{uuid.uuid4().hex[:8].upper()}", "name": f"Badan {name}",
                                         "kind": "BADAN", "valid_from": "2010-01-01"})["id"]
    job = w.post("/api/v1/jobs", {"name": f"Kepala Badan {name}", "kind": "JPT_PRATAMA", "kelas_jabatan": 14,
                                  "min_education": "S1", "min_rank": "IV/b"})["id"]
    return str(w.post("/api/v1/positions", {"unit_id": unit, "job_id": job, "is_head": True,
                                            "required_seats": 1})["id"])


def _plt(w: World, employee_id: str, position_id: str, start: date) -> dict[str, Any]:
    return dict(w.post("/api/v1/assignments", {
        "employee_id": employee_id, "position_id": position_id, "kind": "plt", "tmt_start": start.isoformat(),
        "sk_number": f"800/PLT/{uuid.uuid4().hex[:6]}", "sk_date": TODAY.isoformat(), "reason": "initial"}))


def test_e2e_a_blocked_retirement_is_reported_once_and_again_only_when_it_changes(
        gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    # a Sekretaris (Administrator, BUP 58) retiring on the first of next month, named Plt of a JPT seat (BUP 60)
    # from a month after: the acting start after their last day keeps the scheduler from retiring them
    retires_on = first_of_month_in(1)
    birth = date((retires_on - timedelta(days=1)).year - 58, (retires_on - timedelta(days=1)).month, 10)
    emp = person(w, "Bambang Tertahan", birth, seat(w, "Sekretaris Tertahan"))
    first = _plt(w, emp["id"], _jpt_head_seat(w, "Satu"), retires_on + timedelta(days=30))

    def run(day: date) -> dict[str, Any]:
        runs = ok(gw.post(RUNS, json={"as_of": day.isoformat(), "job": "retire_at_bup"}, headers=w.admin))["runs"]
        assert [r["status"] for r in runs] == ["succeeded"], runs
        return dict(runs[0])

    days = [retires_on + timedelta(days=i) for i in range(5)]
    reports = [run(d) for d in days[:3]]
    assert [len(r["problems"]) for r in reports] == [1, 0, 0], reports
    problem = reports[0]["problems"][0]
    assert (problem["employee_id"], problem["retirement_date"]) == (emp["id"], retires_on.isoformat())
    assert problem["code"] == "assignment_starts_after_status" and first["id"] in problem["message_en"], problem
    assert [r["counts"].get("still_blocked") for r in reports] == [None, 1, 1]
    # something changes: an earlier acting start now blocks; it is reported on the next day, then not again
    second = _plt(w, emp["id"], _jpt_head_seat(w, "Dua"), retires_on + timedelta(days=10))
    later = [run(d) for d in days[3:]]
    assert [len(r["problems"]) for r in later] == [1, 0], later
    assert second["id"] in later[0]["problems"][0]["message_en"], later[0]
    assert ok(gw.get(f"/api/v1/employees/{emp['id']}", headers=w.admin))["status"] == "active"  # still blocked
    assert not [e for e in feed(gw, w.admin, "employee_retired") if e["data"]["employee_id"] == emp["id"]]
    # the other agency's runs know nothing of it
    assert ok(gw.get(RUNS, headers=other.admin))["total"] == 0
    assert gw.post(RUNS, json={"as_of": days[0].isoformat()}, headers=w.ppk).status_code == 403
