"""An agency built through the gateway's public API, as a real integrator would build it."""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from merit_shared import clock
from tests.conftest import create_user, login, ok

TODAY = clock.today()
INAUGURATION = TODAY + timedelta(days=90)


#: Every NIP handed out in this test process: a NIP is active in one agency only, nationally, so two test worlds
#: must never draw the same one by chance.
ISSUED_NIPS: set[str] = set()


def nip_for(birth: date, cpns: date, gender: int = 1) -> str:
    while True:
        nip = f"{birth:%Y%m%d}{cpns:%Y%m}{gender}{random.randint(1, 999):03d}"
        if nip not in ISSUED_NIPS:
            ISSUED_NIPS.add(nip)
            return nip


PDF = b"%PDF-1.4\n% e2e "


class World:
    """One agency with a vacant JPT Pratama seat and people who can apply for it."""

    def __init__(self, gw: httpx.Client, platform: dict[str, str]) -> None:
        self.gw = gw
        self.platform = platform
        tag = uuid.uuid4().hex[:8].upper()
        agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
            "code": f"E2E-{tag}", "name": f"Pemerintah Kota Uji {tag}", "kind": "PEMDA_KOTA"}), 201)
        self.agency_id = agency["id"]
        self.admin = login(gw, create_user(gw, platform, self.agency_id, ["agency_admin"]))
        self.ppk = login(gw, create_user(gw, platform, self.agency_id, ["ppk"]))
        self.supervisor = login(gw, create_user(gw, platform, self.agency_id, ["supervisor"]))
        self.dinas = self.post("/api/v1/org-units", {"code": f"DINKES-{tag}", "name": "Dinas Kesehatan",
                                                      "kind": "DINAS", "valid_from": "2010-01-01"})["id"]
        jpt = self.post("/api/v1/jobs", {"name": "Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA", "kelas_jabatan": 14,
                                         "min_education": "S1", "min_rank": "IV/b"})
        adm = self.post("/api/v1/jobs", {"name": "Sekretaris Dinas", "kind": "ADMINISTRATOR", "kelas_jabatan": 12,
                                         "min_education": "S1", "min_rank": "III/d"})
        self.head_position = self.post("/api/v1/positions", {"unit_id": self.dinas, "job_id": jpt["id"],
                                                             "is_head": True, "required_seats": 1})["id"]
        self.adm_job = adm["id"]

    def post(self, path: str, body: Any, headers: dict[str, str] | None = None, status: int = 201) -> Any:
        return ok(self.gw.post(path, json=body, headers=headers or self.admin), status)

    def candidate(self, name: str, unit: str | None = None) -> dict[str, Any]:
        """A Sekretaris (Administrator) since 2015, IV/b, S2, with annual ratings of Baik: eligible for JPT Pratama.
        Their seat is in ``unit`` (default the dinas), so the head of that unit is their evaluator."""
        birth = date(1975, random.randint(1, 12), random.randint(1, 28))
        nip = nip_for(birth, date(2000, 3, 1))
        emp = self.post("/api/v1/employees", {
            "nip": nip, "name": name, "employment_type": "PNS",
            "rank": {"golongan": "IV/b", "tmt": "2014-04-01", "sk_number": "823/001/2014", "sk_date": "2014-03-20"},
            "educations": [{"level": "S2", "major": "Kesehatan Masyarakat", "institution": "Universitas Indonesia",
                            "graduated_on": "2005-08-30"}]})
        seat = self.post("/api/v1/positions", {"unit_id": unit or self.dinas, "job_id": self.adm_job,
                                               "required_seats": 1, "name": f"Sekretaris {name}"})["id"]
        self.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat, "kind": "definitive",
                                          "tmt_start": "2015-01-02", "sk_number": f"821/{name}/2015",
                                          "sk_date": "2014-12-20", "reason": "initial"})
        for year in (TODAY.year - 2, TODAY.year - 1, TODAY.year):
            rating = self.post("/api/v1/annual-ratings", {
                "employee_id": emp["id"], "year": year, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                "rating_perilaku": "DI_ATAS_EKSPEKTASI"})
            assert rating["predikat"] == "BAIK"  # computed by the evaluation service from the 6/2022 matrix
        username = create_user(self.gw, self.platform, self.agency_id, ["employee"], employee_id=emp["id"], nip=nip)
        return {"id": emp["id"], "nip": nip, "name": name, "headers": login(self.gw, username), "seat": seat}

    def panel(self, size: int = 5, internal: int = 2) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        """Committee members named by their gateway account id (the seat follows the account, not the username)."""
        members, headers = [], []
        for i in range(size):
            username = create_user(self.gw, self.platform, self.agency_id, ["panel_member"])
            account = ok(self.gw.get("/api/v1/users", params={"username": username}, headers=self.platform))
            assert [u["username"] for u in account["items"]] == [username]
            members.append({"account_id": account["items"][0]["id"], "name": f"Anggota Pansel {i + 1}",
                            "role": "CHAIR" if i == 0 else "MEMBER", "internal": i < internal})
            headers.append(login(self.gw, username))
        return members, headers

    def declare(self, sid: str, members: list[dict[str, Any]], headers: list[dict[str, str]], app_ids: list[str],
                has_conflict: bool = False) -> list[dict[str, Any]]:
        """Each member (``members[i]``, logged in as ``headers[i]``) declares (no) conflict with each application."""
        com = ok(self.gw.get(f"/api/v1/selections/{sid}/committee", headers=self.admin))
        seat = {m["account_id"]: m["id"] for m in com["members"]}
        return [ok(self.gw.put(f"/api/v1/selections/{sid}/committee/{seat[m['account_id']]}/declarations/{app_id}",
                               json={"has_conflict": has_conflict}, headers=h))
                for m, h in zip(members, headers, strict=False) for app_id in app_ids]

    def act(self, sid: str, action: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return ok(self.gw.post(f"/api/v1/selections/{sid}/{action}", json=body, headers=headers or self.admin))

    def open_selection(self, appeal_window_days: int | None = None) -> dict[str, Any]:
        """A selection open for registration; ``appeal_window_days`` overrides the policy (0: no appeal window, so a
        journey may move on right after an announcement)."""
        t = TODAY
        extra = {"policies": {"publication": {"appeal_window_days": appeal_window_days}}} \
            if appeal_window_days is not None else {}
        sel = self.post("/api/v1/selections", {**extra,
            "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
            "position_ids": [self.head_position], "planned_inauguration_date": INAUGURATION.isoformat(),
            "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                         "registration_start": (t + timedelta(days=1)).isoformat(),
                         "registration_end": (t + timedelta(days=20)).isoformat(),
                         "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}})
        assert sel["status"] == "DRAFT"
        self.act(sel["id"], "announce")
        return dict(self.act(sel["id"], "open-registration"))

    def upload_documents(self, app: dict[str, Any], headers: dict[str, str]) -> None:
        """The applicant uploads every document the checklist still misses (a small PDF each)."""
        for code in app["missing_documents"]:
            ok(self.gw.put(f"/api/v1/applications/{app['id']}/documents/{code}", content=PDF + code.encode(),
                           headers={**headers, "Content-Type": "application/pdf"}))

    def public(self, path: str) -> httpx.Response:
        """The public portal: no token at all."""
        return self.gw.get(f"/api/v1/public{path}")

    def wait_for(self, what: str, fn: Any, timeout: float = 40.0) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = fn()
            if value:
                return value
            time.sleep(0.3)
        raise AssertionError(f"timed out waiting for {what}")
