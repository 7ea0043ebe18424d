"""Performance, competency and personnel actions across real services, through the gateway only.

evaluation -> positions: employee read, evaluator resolution (head of the unit), org-unit subtree for unit admins,
position (competency standard). positions -> evaluation: the employee summary behind a personnel action's
performance and competency checks, "unknown" (never "passed") while evaluation is down.
"""

from __future__ import annotations

import itertools
import random
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from merit_shared.stack import Stack
from tests.conftest import create_user, login, ok
from tests.world import ISSUED_NIPS, TODAY

YEAR = TODAY.year - 1  # a completed year: the employee summary reports completed years only
STAFF_STANDARD = {"M.01": 3, "M.02": 3, "SK.01": 3}
ANALYST_STANDARD = {"M.01": 3, "M.02": 4, "SK.01": 3, "T.KEU.01": 2}
_seq = itertools.count(1)


def real_nip(birth: date, cpns: date, gender: int) -> str:
    """18 digits: birth date, TMT CPNS month, gender (1 male, 2 female), a sequence number."""
    assert cpns.year - birth.year >= 18
    while True:  # unique in the process (tests.world.ISSUED_NIPS)
        nip = f"{birth:%Y%m%d}{cpns:%Y%m}{gender}{next(_seq) % 999 + 1:03d}"
        if nip not in ISSUED_NIPS:
            ISSUED_NIPS.add(nip)
            return nip


class Agency:
    """Dinas (head: kepala dinas) > Bidang (head: kepala bidang) with staff; a separate Badan with its own staff."""

    def __init__(self, gw: httpx.Client, platform: dict[str, str]) -> None:
        self.gw = gw
        self.platform = platform
        tag = uuid.uuid4().hex[:8].upper()
        self.agency_id = ok(gw.post("/api/v1/agencies", headers=platform, json={
            "code": f"PK-{tag}", "name": f"Pemerintah Kabupaten Kinerja {tag}", "kind": "PEMDA_KOTA"}), 201)["id"]
        self.admin = login(gw, create_user(gw, platform, self.agency_id, ["agency_admin"]))
        self.ppk = login(gw, create_user(gw, platform, self.agency_id, ["ppk"]))
        self.dinas = self.unit(f"DPMPTSP-{tag}", "Dinas Penanaman Modal dan PTSP", "DINAS")
        self.bidang = self.unit(f"DPMPTSP-BID-{tag}", "Bidang Pelayanan Perizinan", "BIDANG", self.dinas)
        self.badan = self.unit(f"BAPPEDA-{tag}", "Badan Perencanaan Pembangunan Daerah", "BADAN")
        # A technical competency is defined in the agency's dictionary before a standard may name it.
        self.post("/api/v1/competencies", {"code": "T.KEU.01", "name": "Pengelolaan Keuangan Perizinan"})
        jpt = self.job("Kepala Dinas", "JPT_PRATAMA", 14, "IV/b")
        adm = self.job("Kepala Bidang", "ADMINISTRATOR", 12, "III/d")
        staff = self.job("Pengadministrasi Perizinan", "PELAKSANA", 7, "II/a", STAFF_STANDARD)
        self.analyst_job = self.job("Analis Perizinan", "PELAKSANA", 8, "II/c", ANALYST_STANDARD)
        self.head_dinas = self.seat(self.dinas, jpt, is_head=True)
        self.head_bidang = self.seat(self.bidang, adm, is_head=True)
        self.staff_seat = self.seat(self.bidang, staff, required_seats=3)
        self.badan_seat = self.seat(self.badan, staff)
        self.target_seat = self.seat(self.dinas, self.analyst_job)  # vacant: rotation / JPM target
        self.kadis = self.person("Hendra Gunawan", self.head_dinas, "IV/c", ["supervisor"], gender=1)
        self.kabid = self.person("Ratna Sari", self.head_bidang, "IV/a", ["supervisor"], gender=2)
        self.staff = self.person("Dedi Kurniawan", self.staff_seat, "III/b", ["employee"], gender=1)

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None, status: int = 201) -> Any:
        return ok(self.gw.post(path, json=body, headers=headers or self.admin), status)

    def unit(self, code: str, name: str, kind: str, parent: str | None = None) -> str:
        return str(self.post("/api/v1/org-units", {"code": code, "name": name, "kind": kind, "parent_id": parent,
                                                    "valid_from": "2010-01-01"})["id"])

    def job(self, name: str, kind: str, kelas: int, min_rank: str, standard: dict[str, int] | None = None) -> str:
        return str(self.post("/api/v1/jobs", {"name": name, "kind": kind, "kelas_jabatan": kelas, "min_education": "S1",
                                              "min_rank": min_rank, "competency_standard": standard or {}})["id"])

    def seat(self, unit_id: str, job_id: str, is_head: bool = False, required_seats: int = 1) -> str:
        return str(self.post("/api/v1/positions", {"unit_id": unit_id, "job_id": job_id, "is_head": is_head,
                                                   "required_seats": required_seats})["id"])

    def person(self, name: str, seat: str, golongan: str, roles: list[str], gender: int = 1,
               tmt_start: str = "2018-01-02", **user: Any) -> dict[str, Any]:
        """An employee in positions holding ``seat`` since ``tmt_start``, and their gateway login."""
        birth = date(random.randint(1972, 1990), random.randint(1, 12), random.randint(1, 28))
        cpns = date(birth.year + random.randint(22, 26), random.randint(1, 12), 1)
        nip = real_nip(birth, cpns, gender)
        emp = self.post("/api/v1/employees", {
            "nip": nip, "name": name, "employment_type": "PNS", "birth_date": birth.isoformat(),
            "gender": "L" if gender == 1 else "P",
            "rank": {"golongan": golongan, "tmt": "2017-04-01", "sk_number": f"823/{next(_seq)}/2017",
                     "sk_date": "2017-03-20"},
            "educations": [{"level": "S1", "major": "Administrasi Negara", "institution": "Universitas Padjadjaran",
                            "graduated_on": f"{birth.year + 22}-08-30"}]})
        assert emp["tmt_cpns"] in (None, cpns.isoformat()), emp  # decoded from the NIP
        self.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat, "kind": "definitive",
                                          "tmt_start": tmt_start, "sk_number": f"821/{next(_seq)}/2017",
                                          "sk_date": "2017-12-20", "reason": "initial"})
        username = create_user(self.gw, self.platform, self.agency_id, roles, employee_id=emp["id"], nip=nip, **user)
        return {"id": emp["id"], "nip": nip, "name": name, "headers": login(self.gw, username)}

    def rating(self, employee_id: str, year: int, hasil: str = "SESUAI_EKSPEKTASI",
               perilaku: str = "SESUAI_EKSPEKTASI") -> dict[str, Any]:
        return dict(self.post("/api/v1/annual-ratings", {"employee_id": employee_id, "year": year,
                                                         "rating_hasil_kerja": hasil, "rating_perilaku": perilaku}))


def stranger(gw: httpx.Client, platform: dict[str, str]) -> dict[str, str]:
    """The agency admin of another agency."""
    tag = uuid.uuid4().hex[:8].upper()
    other = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"LAIN-{tag}", "name": f"Pemerintah Kota Lain {tag}", "kind": "PEMDA_KOTA"}), 201)["id"]
    return login(gw, create_user(gw, platform, other, ["agency_admin"]))


@pytest.fixture
def agency(gw: httpx.Client, platform: dict[str, str]) -> Agency:
    return Agency(gw, platform)


def plan_act(gw: httpx.Client, plan: dict[str, Any], action: str, headers: dict[str, str],
             status: int = 200) -> Any:
    return ok(gw.post(f"/api/v1/performance-plans/{plan['id']}/{action}", headers=headers), status)


def test_skp_from_plan_to_predikat_with_evaluator_from_positions(agency: Agency, gw: httpx.Client,
                                                                  platform: dict[str, str]) -> None:
    staff, kabid, kadis = agency.staff, agency.kabid, agency.kadis
    other = stranger(gw, platform)
    agency.post("/api/v1/evaluation-periods", {"year": YEAR})

    # The employee creates their own plan; positions names the evaluator (head of Bidang) and their superior.
    plan = agency.post("/api/v1/performance-plans", {"employee_id": staff["id"], "year": YEAR},
                       headers=staff["headers"])
    assert plan["state"] == "DRAFT" and "SUBMIT" in plan["allowed_actions"]
    assert plan["evaluator"]["employee_id"] == kabid["id"] and plan["evaluator"]["nip"] == kabid["nip"]
    assert plan["evaluator"]["position_id"] == agency.head_bidang and plan["evaluator"]["acting"] is False
    assert plan["evaluator_superior"]["employee_id"] == kadis["id"]
    assert plan["evaluator_overridden"] is False and plan["is_unit_head"] is False
    assert plan["unit_id"] == agency.bidang and plan["position_id"] == agency.staff_seat
    assert plan["employee"]["nip"] == staff["nip"]
    stored = ok(gw.get(f"/api/v1/performance-plans/{plan['id']}", headers=kabid["headers"]))
    assert stored["evaluator"]["employee_id"] == kabid["id"]
    # The employee may not pick their evaluator; another agency does not see the plan at all.
    r = gw.post("/api/v1/performance-plans", headers=staff["headers"], json={
        "employee_id": staff["id"], "year": YEAR, "evaluator_employee_id": kadis["id"]})
    assert r.status_code == 403, r.text
    assert gw.get(f"/api/v1/performance-plans/{plan['id']}", headers=other).status_code == 404

    plan = ok(gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=staff["headers"], json={
        "approach": "QUANTITATIVE",
        "results": [{"description": "Meningkatnya ketepatan waktu layanan perizinan",
                     "indicators": [{"description": "Persentase izin terbit tepat waktu", "target": "95%"}]}],
        "behaviours": [{"code": "AKUNTABEL", "expectation": "Laporan bulanan tepat waktu"}]}))
    indicator = plan["results"][0]["indicators"][0]["id"]
    plan = plan_act(gw, plan, "submit", staff["headers"])
    assert plan["state"] == "SUBMITTED"
    plan_act(gw, plan, "approve", staff["headers"], 403)  # never one's own plan
    plan_act(gw, plan, "approve", kabid["headers"], 403)  # the evaluator's superior approves, not the evaluator
    plan = plan_act(gw, plan, "approve", kadis["headers"])
    assert plan["state"] == "APPROVED"
    plan_act(gw, plan, "start", kadis["headers"], 403)
    plan = plan_act(gw, plan, "start", kabid["headers"])
    assert plan["state"] == "IN_PROGRESS"

    annual = agency.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", {"period_number": 0},
                         headers=staff["headers"])
    assert annual["kind"] == "ANNUAL" and annual["status"] == "OPEN"
    ok(gw.put(f"/api/v1/evaluations/{annual['id']}/realisations/{indicator}", headers=staff["headers"], json={
        "realisation": "97% izin terbit tepat waktu", "evidence_links": ["https://arsip.example.go.id/lap.pdf"]}))
    rate = {"rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"}
    r = gw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=staff["headers"])
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json", r.text
    r = gw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=kadis["headers"])
    assert r.status_code == 403, r.text  # only the evaluator recorded on the plan rates
    assert gw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=other).status_code == 404
    r = gw.post(f"/api/v1/evaluations/{annual['id']}/rate", headers=kabid["headers"],
                json={**rate, "predikat": "SANGAT_KURANG"})
    assert r.status_code == 422, r.text  # the predikat is never accepted from the client
    rated = ok(gw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=kabid["headers"]))
    assert rated["predikat"] == "SANGAT_BAIK"  # (Di Atas, Di Atas) in the 6/2022 matrix
    assert rated["rated_by_employee_id"] == kabid["id"] and rated["hasil_kerja_source"] == "EVALUATOR"

    plan_act(gw, plan, "finalize", kabid["headers"], 403)
    plan = plan_act(gw, plan, "finalize", kadis["headers"])
    assert plan["state"] == "FINAL" and plan["allowed_actions"] == []

    ratings = ok(gw.get("/api/v1/annual-ratings", params={"employee_id": staff["id"]},
                        headers=staff["headers"]))["items"]
    assert [(x["year"], x["predikat"], x["source"]) for x in ratings] == [(YEAR, "SANGAT_BAIK", "skp")]
    assert ratings[0]["evaluator_employee_id"] == kabid["id"] and ratings[0]["unit_id"] == agency.bidang
    assert ratings[0]["plan_id"] == plan["id"]
    for who in (staff["headers"], kabid["headers"], agency.admin):  # self; evaluator (asked of positions); admin
        summary = ok(gw.get(f"/api/v1/employee-summaries/{staff['id']}", params={"years": 1}, headers=who))
        assert summary["predikat_by_year"] == [{"year": YEAR, "predikat": "SANGAT_BAIK"}]
        assert summary["all_at_least_baik"] is True
    assert gw.get(f"/api/v1/employee-summaries/{staff['id']}", headers=other).status_code == 404
    assert gw.get(f"/api/v1/annual-ratings/{ratings[0]['id']}", headers=other).status_code == 404


def test_unit_admin_reads_the_subtree_resolved_by_positions(agency: Agency, gw: httpx.Client,
                                                             platform: dict[str, str]) -> None:
    outsider = agency.person("Yusuf Hidayat", agency.badan_seat, "III/b", ["employee"])
    inside = agency.rating(agency.staff["id"], YEAR, "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI")
    outside = agency.rating(outsider["id"], YEAR)
    assert inside["predikat"] == "BAIK" and inside["unit_id"] == agency.bidang
    dinas_admin = login(gw, create_user(gw, platform, agency.agency_id, ["unit_admin"], unit_id=agency.dinas))

    # Bidang is a child of Dinas: readable; Badan is outside the subtree: refused.
    assert ok(gw.get(f"/api/v1/annual-ratings/{inside['id']}", headers=dinas_admin))["predikat"] == "BAIK"
    assert gw.get(f"/api/v1/annual-ratings/{outside['id']}", headers=dinas_admin).status_code == 403
    summary = ok(gw.get(f"/api/v1/employee-summaries/{agency.staff['id']}", params={"years": 1},
                        headers=dinas_admin))
    assert summary["predikat_by_year"] == [{"year": YEAR, "predikat": "BAIK"}]
    assert gw.get(f"/api/v1/employee-summaries/{outsider['id']}", headers=dinas_admin).status_code == 403
    listed = {x["id"] for x in ok(gw.get("/api/v1/annual-ratings", params={"year": YEAR},
                                         headers=dinas_admin))["items"]}
    assert inside["id"] in listed and outside["id"] not in listed

    # A unit admin of the child unit does not see its parent's head.
    kadis_rating = agency.rating(agency.kadis["id"], YEAR)
    bidang_admin = login(gw, create_user(gw, platform, agency.agency_id, ["unit_admin"], unit_id=agency.bidang))
    assert ok(gw.get(f"/api/v1/annual-ratings/{inside['id']}", headers=bidang_admin))["id"] == inside["id"]
    assert gw.get(f"/api/v1/annual-ratings/{kadis_rating['id']}", headers=bidang_admin).status_code == 403


def _checks(action: dict[str, Any]) -> dict[str, dict[str, Any]]:
    [move] = action["moves"]
    return {c["name"]: c for c in move["checks"]}


def test_rotation_checks_ask_evaluation_and_say_unknown_when_it_is_down(agency: Agency, gw: httpx.Client,
                                                                       stack: Stack) -> None:
    staff = agency.staff
    for year in (TODAY.year - 2, TODAY.year - 1):
        assert agency.rating(staff["id"], year)["predikat"] == "BAIK"
    assessment = agency.post("/api/v1/competency-assessments", {
        "employee_id": staff["id"], "assessed_on": (TODAY - timedelta(days=30)).isoformat(),
        "valid_until": (TODAY + timedelta(days=700)).isoformat(), "method": "ASSESSMENT_CENTER",
        "levels": {"M.01": 3, "M.02": 3, "SK.01": 3}})
    jpm = agency.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", {})
    assert jpm["against_current_position"] is True and float(jpm["display"]) == 100.0

    tmt = (TODAY + timedelta(days=30)).isoformat()
    action = agency.post("/api/v1/personnel-actions", {
        "kind": "ROTATION", "title": "Rotasi pelaksana pelayanan perizinan", "tmt": tmt,
        "moves": [{"employee_id": staff["id"], "to_position_id": agency.target_seat}]})
    checks = _checks(action)
    assert checks["time_in_position"]["status"] in ("passed", "warning"), checks  # since 2018: over 5 years
    assert checks["performance"]["status"] == "passed", checks["performance"]
    assert checks["performance"]["value"] == {str(TODAY.year - 2): "BAIK", str(TODAY.year - 1): "BAIK"}
    assert checks["competency"]["status"] == "passed", checks["competency"]
    assert action["moves"][0]["outcome"] == "eligible", action["moves"][0]

    stack.stop("evaluation")
    try:
        refreshed = ok(gw.post(f"/api/v1/personnel-actions/{action['id']}/refresh-checks", headers=agency.admin))
        checks = _checks(refreshed)
        assert checks["performance"]["status"] == "unknown", checks["performance"]
        assert checks["competency"]["status"] == "unknown", checks["competency"]
        assert all(c["status"] != "passed" for n, c in checks.items() if n in ("performance", "competency"))
        assert refreshed["moves"][0]["outcome"] == "needs_review"
    finally:
        stack.start("evaluation")
        stack.wait_ready("evaluation")
    back = ok(gw.post(f"/api/v1/personnel-actions/{action['id']}/refresh-checks", headers=agency.admin))
    assert _checks(back)["performance"]["status"] == "passed"


def test_jpm_against_the_competency_standard_held_by_positions(agency: Agency, gw: httpx.Client,
                                                              platform: dict[str, str]) -> None:
    staff = agency.staff
    assessment = agency.post("/api/v1/competency-assessments", {
        "employee_id": staff["id"], "assessed_on": (TODAY - timedelta(days=10)).isoformat(),
        "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
        "levels": {"M.01": 3, "M.02": 2, "SK.01": 3}})
    current = agency.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", {})
    assert current["position_id"] == agency.staff_seat and current["against_current_position"] is True
    assert current["standard"] == STAFF_STANDARD  # the job's standard, read from positions
    assert current["gaps"] == {"M.01": 0, "M.02": -1, "SK.01": 0}
    assert current["display"] == "88.89"  # 8 of 9

    target = agency.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm",
                         {"position_id": agency.target_seat})
    assert target["against_current_position"] is False and target["standard"] == ANALYST_STANDARD
    assert target["gaps"] == {"M.01": 0, "M.02": -2, "SK.01": 0, "T.KEU.01": -2}
    assert target["display"] == "66.67"  # 8 of 12

    summary = ok(gw.get(f"/api/v1/employee-summaries/{staff['id']}", headers=staff["headers"]))
    assert summary["jpm"]["position_id"] == agency.staff_seat and summary["jpm"]["percent"] == 88.89

    # An unknown target position is 404; another agency sees no assessment.
    r = gw.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", json={"position_id": str(uuid.uuid4())},
                headers=agency.admin)
    assert r.status_code == 404, r.text
    assert gw.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", json={},
                   headers=stranger(gw, platform)).status_code == 404


def test_head_of_unit_takes_the_org_predikat_of_the_unit_known_to_positions(agency: Agency, gw: httpx.Client,
                                                                          platform: dict[str, str]) -> None:
    kabid, kadis = agency.kabid, agency.kadis
    agency.post("/api/v1/evaluation-periods", {"year": YEAR})
    # The unit must exist in positions, in this agency.
    r = gw.post("/api/v1/org-performance", headers=agency.admin,
                json={"unit_id": str(uuid.uuid4()), "year": YEAR, "org_predikat": "BAIK"})
    assert r.status_code == 404 and r.json().get("field") in (None, "body.unit_id"), r.text
    r = gw.post("/api/v1/org-performance", headers=stranger(gw, platform),
                json={"unit_id": agency.bidang, "year": YEAR, "org_predikat": "BAIK"})
    assert r.status_code == 404, r.text
    org = agency.post("/api/v1/org-performance", {"unit_id": agency.bidang, "year": YEAR, "org_predikat": "ISTIMEWA"})
    assert org["head_rating_hasil_kerja"] == "DI_ATAS_EKSPEKTASI"

    plan = agency.post("/api/v1/performance-plans", {"employee_id": kabid["id"], "year": YEAR},
                       headers=kabid["headers"])
    assert plan["is_unit_head"] is True  # an ADMINISTRATOR job, as positions says
    assert plan["evaluator"]["employee_id"] == kadis["id"] and plan["evaluator_superior"] is None
    plan = ok(gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=kabid["headers"], json={
        "results": [{"description": "Terwujudnya layanan perizinan yang cepat",
                     "indicators": [{"description": "Indeks kepuasan masyarakat", "target": "85"}]}]}))
    plan = plan_act(gw, plan, "submit", kabid["headers"])
    plan = plan_act(gw, plan, "approve", agency.admin)  # no atasan pejabat penilai: the agency admin approves
    plan = plan_act(gw, plan, "start", kadis["headers"])
    annual = agency.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", {"period_number": 0},
                         headers=kadis["headers"])
    r = gw.post(f"/api/v1/evaluations/{annual['id']}/rate", headers=kadis["headers"],
                json={"rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"})
    assert r.status_code == 422, r.text  # derived from the unit's organisation predikat, not typed in
    rated = ok(gw.post(f"/api/v1/evaluations/{annual['id']}/rate", headers=kadis["headers"],
                       json={"rating_perilaku": "DI_ATAS_EKSPEKTASI"}))
    assert rated["hasil_kerja_source"] == "ORGANISATION" and rated["predikat"] == "SANGAT_BAIK"
    plan = plan_act(gw, plan, "finalize", agency.admin)
    assert plan["state"] == "FINAL"
    summary = ok(gw.get(f"/api/v1/employee-summaries/{kabid['id']}", params={"years": 1}, headers=kabid["headers"]))
    assert summary["predikat_by_year"] == [{"year": YEAR, "predikat": "SANGAT_BAIK"}]


def test_development_compliance_lists_the_unit_subtree_from_positions(agency: Agency, gw: httpx.Client,
                                                                     platform: dict[str, str]) -> None:
    year = TODAY.year
    agency.post("/api/v1/development-records", {
        "employee_id": agency.staff["id"], "title": "Pelatihan Pelayanan Prima", "kind": "PELATIHAN",
        "started_on": f"{year}-01-05", "ended_on": f"{year}-01-07", "jp": 24})
    report = ok(gw.get("/api/v1/development-records/compliance", params={"unit_id": agency.dinas, "year": year},
                       headers=agency.admin))
    assert report["employees"] == 3  # Dinas and its Bidang, as positions knows them; Badan is outside
    below = {x["employee_id"]: x for x in report["below_minimum"]}
    assert set(below) == {agency.kadis["id"], agency.kabid["id"]}
    assert below[agency.kabid["id"]]["nip"] == agency.kabid["nip"] and below[agency.kabid["id"]]["total_jp"] == 0
    bidang = ok(gw.get("/api/v1/development-records/compliance", params={"unit_id": agency.bidang, "year": year},
                       headers=agency.admin))
    assert bidang["employees"] == 2
    bidang_admin = login(gw, create_user(gw, platform, agency.agency_id, ["unit_admin"], unit_id=agency.bidang))
    assert ok(gw.get("/api/v1/development-records/compliance", params={"unit_id": agency.bidang, "year": year},
                     headers=bidang_admin))["employees"] == 2
    r = gw.get("/api/v1/development-records/compliance", params={"unit_id": agency.dinas, "year": year},
               headers=bidang_admin)
    assert r.status_code == 403, r.text


def test_decision_checks_performance_of_the_years_before_the_decision_date(agency: Agency, gw: httpx.Client,
                                                                          platform: dict[str, str]) -> None:
    """A decision dated in an earlier year (entered late) is judged on the two years before THAT date."""
    staff = agency.staff
    decided_on = date(TODAY.year - 1, 12, 15)
    for year in (decided_on.year - 2, decided_on.year - 1):  # nothing yet for decided_on.year itself
        agency.rating(staff["id"], year)
    action = agency.post("/api/v1/personnel-actions", {
        "kind": "ROTATION", "title": "Rotasi akhir tahun pelayanan perizinan",
        "tmt": (TODAY + timedelta(days=30)).isoformat(),
        "moves": [{"employee_id": staff["id"], "to_position_id": agency.target_seat}]})
    assert _checks(action)["performance"]["status"] == "failed"  # today: the latest completed year is missing
    ok(gw.post(f"/api/v1/personnel-actions/{action['id']}/submit", headers=agency.admin))
    panel = login(gw, create_user(gw, platform, agency.agency_id, ["review_team"]))
    ok(gw.post(f"/api/v1/personnel-actions/{action['id']}/review", headers=panel,
               json={"recommendation": "approve", "note": "Sesuai pola karier"}))
    decided = ok(gw.post(f"/api/v1/personnel-actions/{action['id']}/decide", headers=agency.ppk, json={
        "decision": "approve", "decision_date": decided_on.isoformat(), "sk_number": "821.2/099/2025",
        "sk_date": decided_on.isoformat(), "override_reason": "Kompetensi diperiksa manual oleh tim"}))
    performance = _checks(decided)["performance"]
    assert performance["status"] == "passed", performance
    assert performance["value"] == {str(decided_on.year - 2): "BAIK", str(decided_on.year - 1): "BAIK"}


def test_talent_cycle_places_the_unit_people_listed_by_positions(agency: Agency, gw: httpx.Client) -> None:
    staff = agency.staff
    agency.rating(staff["id"], TODAY.year - 2, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    agency.rating(staff["id"], TODAY.year - 1, "DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
    assessment = agency.post("/api/v1/competency-assessments", {
        "employee_id": staff["id"], "assessed_on": (TODAY - timedelta(days=5)).isoformat(),
        "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
        "levels": {"M.01": 4, "M.02": 4, "SK.01": 4}})
    agency.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", {})
    cycle = agency.post("/api/v1/talent-cycles", {"name": "Talenta Bidang", "year": TODAY.year,
                                                  "as_of": TODAY.isoformat(), "unit_id": agency.bidang})
    result = ok(gw.post(f"/api/v1/talent-cycles/{cycle['id']}/place", json={}, headers=agency.admin))
    assert result["placed"] == 1  # Bidang's staff; its head has no predikat years
    assert [s["employee_id"] for s in result["skipped"]] == [agency.kabid["id"]]
    [placement] = ok(gw.get(f"/api/v1/talent-cycles/{cycle['id']}/placements", headers=agency.admin))["items"]
    assert placement["employee_id"] == staff["id"] and placement["unit_id"] == agency.bidang
    summary = ok(gw.get(f"/api/v1/employee-summaries/{staff['id']}", headers=staff["headers"]))
    assert summary["talent_box"] == placement["box"]
    plan = agency.post("/api/v1/succession-plans", {"position_id": agency.head_bidang})
    assert plan["position"]["unit_id"] == agency.bidang and plan["position"]["job"]["kind"] == "ADMINISTRATOR"


def test_acting_head_is_the_evaluator_when_the_head_seat_is_vacant(agency: Agency, gw: httpx.Client) -> None:
    tag = uuid.uuid4().hex[:6].upper()
    pengaduan = agency.unit(f"DPMPTSP-ADU-{tag}", "Bidang Pengaduan", "BIDANG", agency.dinas)
    head_seat = agency.seat(pengaduan, agency.job("Kepala Bidang Pengaduan", "ADMINISTRATOR", 12, "III/d"),
                            is_head=True)
    seat = agency.seat(pengaduan, agency.job("Pengelola Pengaduan", "PELAKSANA", 7, "II/a"))
    clerk = agency.person("Sri Wahyuni", seat, "III/a", ["employee"], gender=2)
    # a Plt lasts at most the policy's 3 months: this one covers the day the plan's evaluator is resolved on
    on = max(date(YEAR, 1, 1), min(TODAY, date(YEAR, 12, 31)))
    agency.post("/api/v1/assignments", {"employee_id": agency.kabid["id"], "position_id": head_seat, "kind": "plt",
                                        "tmt_start": (on - timedelta(days=30)).isoformat(),
                                        "tmt_end": (on + timedelta(days=30)).isoformat(), "sk_number": "800/PLT/1",
                                        "sk_date": (on - timedelta(days=31)).isoformat(), "reason": "acting"})
    agency.post("/api/v1/evaluation-periods", {"year": YEAR})
    plan = agency.post("/api/v1/performance-plans", {"employee_id": clerk["id"], "year": YEAR},
                       headers=clerk["headers"])
    assert plan["evaluator"]["employee_id"] == agency.kabid["id"] and plan["evaluator"]["acting"] is True
    assert plan["evaluator"]["position_id"] == head_seat
    assert plan["evaluator_superior"]["employee_id"] == agency.kadis["id"]


def test_competency_names_only_a_job_of_the_agency_as_positions_knows_it(agency: Agency, gw: httpx.Client,
                                                                        platform: dict[str, str]) -> None:
    other = Agency(gw, platform)
    r = gw.post("/api/v1/competencies", headers=agency.admin,
                json={"code": "T.E2E.01", "name": "Audit Perizinan", "job_id": other.analyst_job})
    assert r.status_code == 422 and r.json()["code"] == "job_not_found", r.text
    assert r.json()["errors"][0]["loc"] == ["body", "job_id"]
    good = agency.post("/api/v1/competencies", {"code": "T.E2E.01", "name": "Audit Perizinan",
                                                "job_id": agency.analyst_job})
    assert good["job_id"] == agency.analyst_job


def test_succession_plans_follow_the_unit_admin_subtree_from_positions(agency: Agency, gw: httpx.Client,
                                                                      platform: dict[str, str]) -> None:
    inside = agency.post("/api/v1/succession-plans", {"position_id": agency.head_bidang})
    outside = agency.post("/api/v1/succession-plans", {"position_id": agency.badan_seat})
    bidang_admin = login(gw, create_user(gw, platform, agency.agency_id, ["unit_admin"], unit_id=agency.bidang))
    listed = ok(gw.get("/api/v1/succession-plans", headers=bidang_admin))
    assert [p["id"] for p in listed["items"]] == [inside["id"]]
    assert gw.get(f"/api/v1/succession-plans/{outside['id']}", headers=bidang_admin).status_code == 404
    assert {p["id"] for p in ok(gw.get("/api/v1/succession-plans", headers=agency.admin))["items"]} == {inside["id"],
                                                                                               outside["id"]}
