"""The merit-system index end to end (issue #14): an agency whose index is known by construction, read back
exactly through the gateway with the records behind each figure; another agency's data never counts; a closed
year is frozen with its hash and the database refuses to change it."""

from __future__ import annotations

import asyncio
import io
import random
import uuid
from datetime import date
from typing import Any

import asyncpg
import httpx
import pytest

from merit_shared.stack import Stack
from tests.conftest import create_user, login, ok
from tests.world import TODAY, nip_for

Y = TODAY.year - 1  # a year that has ended: closable
FULL = {"M.01": 3, "M.02": 3, "M.03": 3, "M.04": 3, "M.05": 3, "M.06": 3, "M.07": 3, "M.08": 3, "SK.01": 3}


class Agency:
    def __init__(self, gw: httpx.Client, platform: dict[str, str]) -> None:
        self.gw = gw
        self.tag = uuid.uuid4().hex[:6].upper()
        agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
            "code": f"IDX-{self.tag}", "name": f"Kota Indeks {self.tag}", "kind": "PEMDA_KOTA"}), 201)
        self.id = agency["id"]
        self.admin = login(gw, create_user(gw, platform, self.id, ["agency_admin"]))
        self.ppk = login(gw, create_user(gw, platform, self.id, ["ppk"]))
        self.supervisor = login(gw, create_user(gw, platform, self.id, ["supervisor"]))

    def post(self, path: str, body: Any, status: int = 201) -> Any:
        return ok(self.gw.post(path, json=body, headers=self.admin), status)

    def put(self, path: str, body: Any, status: int = 200) -> Any:
        return ok(self.gw.put(path, json=body, headers=self.admin), status)

    def get(self, path: str, headers: dict[str, str] | None = None, **params: Any) -> Any:
        return ok(self.gw.get(path, params=params, headers=headers or self.admin))

    def unit(self, name: str, kind: str = "DINAS") -> str:
        return str(self.post("/api/v1/org-units", {"code": f"{kind}-{self.tag}-{random.randint(1, 9999)}",
                                                    "name": name, "kind": kind, "valid_from": "2010-01-01"})["id"])

    def employee(self, name: str, golongan: str) -> str:
        nip = nip_for(date(1980, random.randint(1, 12), random.randint(1, 28)), date(2005, 3, 1))
        return str(self.post("/api/v1/employees", {
            "nip": nip, "name": name, "employment_type": "PNS",
            "rank": {"golongan": golongan, "tmt": "2012-04-01", "sk_number": f"823/{nip}", "sk_date": "2012-03-20"},
            "educations": [{"level": "S2", "major": "Administrasi Publik", "institution": "UI",
                            "graduated_on": "2004-08-30"}]})["id"])

    def assign(self, emp: str, pos: str, tmt: str, reason: str, **extra: Any) -> str:
        return str(self.post("/api/v1/assignments", {"employee_id": emp, "position_id": pos, "kind": "definitive",
                                                     "tmt_start": tmt, "sk_number": f"821/{uuid.uuid4().hex[:6]}",
                                                     "sk_date": tmt, "reason": reason, **extra})["id"])

    def rating(self, emp: str, year: int) -> None:
        self.post("/api/v1/annual-ratings", {"employee_id": emp, "year": year, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                             "rating_perilaku": "SESUAI_EKSPEKTASI"})


def by_code(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["code"]: i for i in doc["indicators"]}


def figures(i: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
    return i["numerator"], i["denominator"], i["value"]


@pytest.fixture(scope="module")
def built(gw: httpx.Client, platform: dict[str, str]) -> dict[str, Any]:
    """Agency A, known by construction for year Y:
    3 of 4 jobs with a complete standard; 2 of 4 positions with Y's ABK, 1 of those 2 with seats = need;
    1 of 2 managerial fillings through open selection; 1 rank override with its reason;
    3 of 4 employees rated; 1 of 4 with 20 JP; 2 disciplinary cases, 1 with a decree;
    0 of 2 key positions with a ready successor in Y (the plan is made this year: 1 of 2 now).
    Agency B holds records of every kind that must never count for A."""
    a = Agency(gw, platform)
    technical = f"T.IDX{a.tag[:3]}.01"
    a.post("/api/v1/competencies", {"code": technical, "name": "Analisis Kebijakan Indeks"})
    dinas, badan = a.unit("Dinas Indeks"), a.unit("Badan Indeks", "BADAN")
    complete = {**FULL, technical: 2}
    j_head = a.post("/api/v1/jobs", {"name": "Kepala Dinas", "kind": "JPT_PRATAMA", "kelas_jabatan": 14,
                                     "min_rank": "IV/b", "competency_standard": complete})["id"]
    j_sec = a.post("/api/v1/jobs", {"name": "Sekretaris", "kind": "ADMINISTRATOR", "kelas_jabatan": 12,
                                    "min_rank": "IV/a", "competency_standard": complete})["id"]
    j_an = a.post("/api/v1/jobs", {"name": "Analis Kebijakan", "kind": "FUNGSIONAL", "jenjang": "AHLI_MUDA",
                                   "kelas_jabatan": 9, "competency_standard": complete})["id"]
    j_adm = a.post("/api/v1/jobs", {"name": "Pengadministrasi Umum", "kind": "PELAKSANA", "kelas_jabatan": 5,
                                    "competency_standard": {"M.01": 2, technical: 2}})["id"]
    p_head = a.post("/api/v1/positions", {"unit_id": dinas, "job_id": j_head, "is_head": True})["id"]
    p_sec = a.post("/api/v1/positions", {"unit_id": dinas, "job_id": j_sec})["id"]
    p_an = a.post("/api/v1/positions", {"unit_id": dinas, "job_id": j_an, "required_seats": 2})["id"]
    p_adm = a.post("/api/v1/positions", {"unit_id": badan, "job_id": j_adm, "required_seats": 3})["id"]
    # ABK of Y: the analyst seat needs 150,000 / 75,000 = 2 (= its 2 seats); the clerk's 1 (it has 3)
    a.put(f"/api/v1/positions/{p_an}/abk/{Y}", {"tasks": [{"name": "Kajian", "volume_per_year": 1000,
                                                             "norm_minutes": 150}]})
    a.put(f"/api/v1/positions/{p_adm}/abk/{Y}", {"tasks": [{"name": "Arsip", "volume_per_year": 500,
                                                              "norm_minutes": 150}]})
    e_head, e_sec = a.employee("Budi Indeks", "IV/c"), a.employee("Sari Indeks", "III/d")
    e_an, e_adm = a.employee("Tono Indeks", "III/c"), a.employee("Wati Indeks", "II/c")
    a.assign(e_an, p_an, "2015-01-02", "initial")
    a.assign(e_adm, p_adm, "2015-01-02", "initial")
    fill_open = a.assign(e_head, p_head, f"{Y}-03-01", "selection_result")
    fill_direct = a.assign(e_sec, p_sec, f"{Y}-04-01", "promotion",
                           rank_override_reason="Satu-satunya pejabat yang memenuhi kompetensi")
    for e in (e_head, e_sec, e_an):
        a.rating(e, Y)
    a.post("/api/v1/development-records", {"employee_id": e_head, "title": "Pelatihan Kepemimpinan",
                                            "kind": "PELATIHAN", "started_on": f"{Y}-02-01", "ended_on": f"{Y}-02-05",
                                            "jp": 24})
    a.post("/api/v1/development-records", {"employee_id": e_sec, "title": "Seminar", "kind": "PELATIHAN",
                                            "started_on": f"{Y}-05-01", "ended_on": f"{Y}-05-01", "jp": 10})
    a.post("/api/v1/discipline-records", {"employee_id": e_adm, "level": "LIGHT", "decided_on": f"{Y}-06-01",
                                           "decree_number": "800/1/DISIPLIN"})
    a.post("/api/v1/discipline-records", {"employee_id": e_an, "level": "LIGHT", "decided_on": f"{Y}-07-01"})
    plan = a.post("/api/v1/succession-plans", {"position_id": p_head})
    a.post(f"/api/v1/succession-plans/{plan['id']}/candidates", {"employee_id": e_an, "readiness": "READY_NOW"})

    b = Agency(gw, platform)
    b_unit = b.unit("Dinas Lain")
    b_job = b.post("/api/v1/jobs", {"name": "Kepala Lain", "kind": "ADMINISTRATOR", "kelas_jabatan": 12,
                                    "min_rank": "III/d"})["id"]
    b_pos = b.post("/api/v1/positions", {"unit_id": b_unit, "job_id": b_job, "is_head": True})["id"]
    b_emp = b.employee("Orang Lain", "IV/a")
    b.assign(b_emp, b_pos, f"{Y}-02-01", "selection_result")
    b.rating(b_emp, Y)
    b.post("/api/v1/discipline-records", {"employee_id": b_emp, "level": "HEAVY", "decided_on": f"{Y}-03-01",
                                           "decree_number": "800/9"})
    return {"a": a, "b": b, "j_adm": j_adm, "e_adm": e_adm, "fill_open": fill_open, "fill_direct": fill_direct,
            "p_head": p_head, "p_sec": p_sec, "badan": badan, "dinas": dinas, "b_emp": b_emp}


def test_the_index_reads_back_exactly_what_was_built(built: dict[str, Any], gw: httpx.Client) -> None:
    a: Agency = built["a"]
    doc = a.get(f"/api/v1/merit-index/{a.id}", year=Y)
    assert doc["status"] == "open" and doc["content_hash"] is None
    ind = by_code(doc)
    assert figures(ind["jobs_with_competency_standard"]) == (3, 4, "0.7500")
    assert figures(ind["positions_with_current_abk"]) == (2, 4, "0.5000")
    assert figures(ind["positions_seats_match_need"]) == (1, 2, "0.5000")
    assert figures(ind["managerial_filled_by_open_selection"]) == (1, 2, "0.5000")
    assert figures(ind["overrides_with_reason"]) == (1, 1, "1")
    assert figures(ind["employees_with_final_rating"]) == (3, 4, "0.7500")
    assert figures(ind["employees_reaching_20_jp"]) == (1, 4, "0.2500")
    assert figures(ind["discipline_cases_recorded"]) == (1, 2, "2")
    assert figures(ind["key_positions_with_ready_successor"]) == (0, 2, "0.0000")  # the plan is made after Y
    assert figures(ind["selections_without_integrity_exceptions"]) == (0, 0, None)
    assert figures(ind["appeals_decided_in_time"]) == (0, 0, None)
    assert figures(ind["low_ratings_with_coaching_outcome"]) == (0, 0, None)  # every rating of Y is Baik
    assert figures(ind["employees_with_development_plan"]) == (0, 4, "0.0000")  # nobody has an approved plan
    assert ind["employees_using_self_service"]["status"] == "not_measured"
    assert ind["employees_using_self_service"]["reason_en"]
    # per unit: the ABK share of each unit
    units = {u["unit_id"]: (u["numerator"], u["denominator"]) for u in ind["positions_with_current_abk"]["units"]}
    assert units == {built["dinas"]: (1, 3), built["badan"]: (1, 1)}
    # aspects and score: levels 2 (0.5833), 1 (0.125), 2, 3; the others without evidence -> 100 x 8/4
    aspects = {x["code"]: (x["source"], x["level"]) for x in doc["aspects"]}
    assert aspects == {"perencanaan_kebutuhan": ("measured", 2), "pengadaan": ("no_evidence", None),
                       "pengembangan_karier": ("measured", 1), "promosi_mutasi": ("measured", 2),
                       "manajemen_kinerja": ("measured", 3), "penggajian_penghargaan_disiplin": ("no_evidence", None),
                       "perlindungan_pelayanan": ("no_evidence", None), "sistem_informasi": ("no_evidence", None)}
    assert (doc["score"], doc["category"], doc["complete"]) == ("200.00", "II", False)
    # this year the succession plan is in force: 1 of 2 key positions has a ready successor
    now = by_code(a.get(f"/api/v1/evaluation-indicators/{a.id}", year=TODAY.year))
    assert figures(now["key_positions_with_ready_successor"]) == (1, 2, "0.5000")


def test_the_drill_down_lists_the_records_behind_each_figure(built: dict[str, Any]) -> None:
    a: Agency = built["a"]
    jobs = a.get(f"/api/v1/position-indicators/{a.id}/jobs_with_competency_standard/records", year=Y)
    assert jobs["total"] == 4 and sum(r["counted"] for r in jobs["items"]) == 3
    missing = a.get(f"/api/v1/position-indicators/{a.id}/jobs_with_competency_standard/records", year=Y,
                    counted="false")
    assert [(r["type"], r["id"]) for r in missing["items"]] == [("job", built["j_adm"])]
    fills = a.get(f"/api/v1/position-indicators/{a.id}/managerial_filled_by_open_selection/records", year=Y,
                  sort="-counted")
    assert [(r["id"], r["counted"]) for r in fills["items"]] == [(built["fill_open"], True),
                                                                 (built["fill_direct"], False)]
    unrated = a.get(f"/api/v1/evaluation-indicators/{a.id}/employees_with_final_rating/records", year=Y,
                    counted="false")
    assert [(r["service"], r["type"], r["id"]) for r in unrated["items"]] == [("evaluation", "employee",
                                                                               built["e_adm"])]
    in_badan = a.get(f"/api/v1/evaluation-indicators/{a.id}/employees_with_final_rating/records", year=Y,
                     unit_id=built["badan"])
    assert in_badan["total"] == 1
    overrides = a.get(f"/api/v1/position-indicators/{a.id}/overrides_with_reason/records", year=Y)
    assert [r["id"] for r in overrides["items"]] == [built["fill_direct"]]
    assert "Satu-satunya" in overrides["items"][0]["label"]
    ok(a.gw.get(f"/api/v1/position-indicators/{a.id}/no_such_indicator/records", params={"year": Y},
                headers=a.admin), 404)


def test_another_agency_never_counts_and_cannot_read(built: dict[str, Any], gw: httpx.Client) -> None:
    a: Agency = built["a"]
    b: Agency = built["b"]
    doc = b.get(f"/api/v1/merit-index/{b.id}", year=Y)
    ind = by_code(doc)
    assert figures(ind["employees_with_final_rating"]) == (1, 1, "1.0000")
    assert figures(ind["managerial_filled_by_open_selection"]) == (1, 1, "1.0000")
    assert figures(ind["jobs_with_competency_standard"]) == (0, 1, "0.0000")
    for path in (f"/api/v1/merit-index/{a.id}", f"/api/v1/position-indicators/{a.id}",
                 f"/api/v1/evaluation-indicators/{a.id}", f"/api/v1/recruitment-indicators/{a.id}",
                 f"/api/v1/position-indicators/{a.id}/jobs_with_competency_standard/records",
                 f"/api/v1/merit-index-policies/{a.id}"):
        assert gw.get(path, params={"year": Y}, headers=b.admin).status_code == 404, path
    assert gw.get(f"/api/v1/position-indicators/{a.id}/population", params={"year": Y},
                  headers=a.admin).status_code == 403  # Merit's services only
    assert gw.get(f"/api/v1/merit-index/{a.id}", params={"year": Y}, headers=a.supervisor).status_code == 403
    assert ok(gw.get(f"/api/v1/merit-index/{a.id}", params={"year": Y}, headers=a.ppk))["year"] == Y
    r = gw.put(f"/api/v1/merit-index/{a.id}/declarations/{Y}/perlindungan_pelayanan", headers=a.ppk,
               json={"level": 4, "evidence_text": "Bukan hak PPK"})
    assert r.status_code == 403
    r = gw.put(f"/api/v1/merit-index/{a.id}/declarations/{Y}/perlindungan_pelayanan", headers=b.admin,
               json={"level": 4, "evidence_text": "Instansi lain"})
    assert r.status_code == 404


def test_policy_declarations_close_and_freeze(built: dict[str, Any], gw: httpx.Client, stack: Stack) -> None:
    a: Agency = built["a"]
    pol = ok(gw.get(f"/api/v1/merit-index-policies/{a.id}", headers=a.admin))
    assert pol["version"] == 0 and pol["level_thresholds"] == ["0.50", "0.70", "0.90"]
    bad = gw.put(f"/api/v1/merit-index-policies/{a.id}", headers=a.admin,
                 json={"level_thresholds": ["0.9", "0.5", "0.7"]})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_merit_index_policy"
    etag = gw.get(f"/api/v1/merit-index-policies/{a.id}", headers=a.admin).headers["ETag"]
    put = gw.put(f"/api/v1/merit-index-policies/{a.id}", headers={**a.admin, "If-Match": etag},
                 json={"level_thresholds": ["0.10", "0.70", "0.90"]})
    assert put.status_code == 200 and put.json()["version"] == 1
    stale = gw.put(f"/api/v1/merit-index-policies/{a.id}", headers={**a.admin, "If-Match": etag}, json={})
    assert stale.status_code == 412
    # a declared aspect: used where nothing is measured, kept (not used) where something is
    d = a.put(f"/api/v1/merit-index/{a.id}/declarations/{Y}/perlindungan_pelayanan",
              {"level": 3, "evidence_text": "Pengaduan ditangani Inspektorat", "document_ref": "ND/INSP/7"})
    assert d["source"] == "declared" and d["version"] == 1
    a.put(f"/api/v1/merit-index/{a.id}/declarations/{Y}/perencanaan_kebutuhan", {"level": 4, "evidence_text": "x" * 5})
    doc = a.get(f"/api/v1/merit-index/{a.id}", year=Y)
    aspects = {x["code"]: x for x in doc["aspects"]}
    assert (aspects["perlindungan_pelayanan"]["source"], aspects["perlindungan_pelayanan"]["level"]) == ("declared", 3)
    assert aspects["perlindungan_pelayanan"]["declaration"]["used"] is True
    assert aspects["perencanaan_kebutuhan"]["source"] == "measured"
    assert aspects["perencanaan_kebutuhan"]["declaration"]["used"] is False
    # thresholds 0.10/0.70/0.90: pengembangan karier (0.00 succession, 0.25 at 20 JP, 0.00 with a development plan:
    # 0.083) stays 1; levels 2, 1, 2, 3, declared 3 -> 220
    assert (doc["score"], doc["category"]) == ("220.00", "II")
    # the current year has not ended
    early = gw.post(f"/api/v1/merit-index/{a.id}/closures", headers=a.admin, json={"year": TODAY.year})
    assert early.status_code == 409 and early.json()["code"] == "merit_year_not_ended"
    assert gw.post(f"/api/v1/merit-index/{a.id}/closures", headers=a.ppk, json={"year": Y}).status_code == 403
    closed = a.post(f"/api/v1/merit-index/{a.id}/closures", {"year": Y})
    digest = closed["content_hash"]
    assert closed["status"] == "closed" and len(digest) == 64 and closed["score"] == "220.00"
    again = a.get(f"/api/v1/merit-index/{a.id}", year=Y)
    assert again["content_hash"] == digest and again["status"] == "closed"
    assert {k: v for k, v in again.items() if k != "computed_at"} == {k: v for k, v in closed.items()
                                                                      if k != "computed_at"}
    check = a.get(f"/api/v1/merit-index/{a.id}/closures/{Y}/verify")
    assert check["stored_matches"] and check["live_matches"] and check["stored_figures_hash"] == digest
    # a late change to the records: the frozen figures stay, the live ones differ
    a.rating(built["e_adm"], Y)
    assert a.get(f"/api/v1/merit-index/{a.id}", year=Y)["content_hash"] == digest
    check = a.get(f"/api/v1/merit-index/{a.id}/closures/{Y}/verify")
    assert check["stored_matches"] and not check["live_matches"]
    for r in (gw.post(f"/api/v1/merit-index/{a.id}/closures", headers=a.admin, json={"year": Y}),
              gw.put(f"/api/v1/merit-index/{a.id}/declarations/{Y}/sistem_informasi", headers=a.admin,
                     json={"level": 2, "evidence_text": "Terlambat"}),
              gw.post(f"/api/v1/merit-index/{a.id}/recompute", headers=a.admin, json={"year": Y})):
        assert r.status_code == 409 and r.json()["code"] == "merit_year_closed"
    # the database itself refuses to change a closed year

    async def tamper() -> str:
        conn = await asyncpg.connect(stack.database_url)
        try:
            await conn.execute("UPDATE evaluation.merit_index_closure SET content_hash = repeat('0', 64) "
                               "WHERE agency_id = $1", uuid.UUID(a.id))
        except asyncpg.RaiseError as exc:
            return str(exc)
        finally:
            await conn.close()
        return "updated"

    assert asyncio.run(tamper()) == "closed merit index years are immutable"
    trend = a.get(f"/api/v1/merit-index/{a.id}/trend", from_year=Y - 1, to_year=Y)
    assert [(t["year"], t["status"], t["content_hash"]) for t in trend["years"]] == [(Y - 1, "open", None),
                                                                                      (Y, "closed", digest)]
    assert trend["years"][1]["values"]["jobs_with_competency_standard"] == "0.7500"
    assert gw.get(f"/api/v1/merit-index/{a.id}/trend", params={"from_year": Y, "to_year": Y - 1},
                  headers=a.admin).status_code == 422


def test_exports_carry_the_index_and_its_evidence(built: dict[str, Any], gw: httpx.Client) -> None:
    from openpyxl import load_workbook

    a: Agency = built["a"]
    js = gw.get(f"/api/v1/merit-index/{a.id}/export", params={"year": Y, "format": "json"}, headers=a.ppk)
    assert js.status_code == 200 and "attachment" in js.headers["content-disposition"]
    assert by_code(js.json())["jobs_with_competency_standard"]["numerator"] == 3
    x = gw.get(f"/api/v1/merit-index/{a.id}/export", params={"year": Y, "format": "xlsx"},
               headers={**a.admin, "Accept-Language": "en"})
    assert x.status_code == 200 and x.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(x.content)).active.iter_rows(values_only=True))
    header = rows[2]
    assert header[:3] == ("Section", "Aspect", "Code")
    jobs = next(r for r in rows if r[2] == "jobs_with_competency_standard" and r[0] == "indicator")
    assert jobs[5:8] == (3, 4, "0.7500")
    declared = next(r for r in rows if r[0] == "aspect" and r[1] == "perlindungan_pelayanan")
    assert declared[4] == "declared" and "ND/INSP/7" in declared[9]
