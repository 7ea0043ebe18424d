"""Issue #11, the smaller registry and evaluation points, through the gateway with the real services: a year's ABK
keeps every version and answers plain numbers; a year of SKP is finalised at its end; the employee summary shows a
rating recorded a moment ago."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import Agency, plan_act, stranger
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
    current = json.loads(raw)
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
