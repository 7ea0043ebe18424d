"""Issue #11, the smaller registry and evaluation points, through the gateway with the real services: a year's ABK
keeps every version and answers plain numbers."""

from __future__ import annotations

import json

import httpx

from tests.conftest import create_user, login, ok
from tests.world import World


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

