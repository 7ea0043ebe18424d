"""Demo data for development: a slice of Kota Tangerang Selatan, loaded through the public API.

    python -m merit_gateway.demo http://127.0.0.1:8000

Idempotent: every record has a natural key (code, NIP, username) and is created only when missing.
Refuses to run in production (the demo logins share one well-known password).
"""

from __future__ import annotations

import sys
import uuid
from datetime import timedelta
from typing import Any

import httpx

from merit_shared import clock
from merit_shared.settings import DEV_SERVICE_SECRET, Settings

AGENCY_ID = uuid.uuid5(uuid.NAMESPACE_URL, "merit-demo/kota-tangerang-selatan")
PASSWORD = "merit-demo-2026"
TODAY = clock.today()

UNITS = [  # code, name, kind, parent code
    ("SETDA", "Sekretariat Daerah", "SEKRETARIAT_DAERAH", None),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BADAN", None),
    ("BKPSDM-MUTASI", "Bidang Mutasi dan Promosi", "BIDANG", "BKPSDM"),
    ("BKPSDM-BANGKOM", "Bidang Pengembangan Kompetensi", "BIDANG", "BKPSDM"),
    ("DINKES", "Dinas Kesehatan", "DINAS", None),
    ("DINKES-YANKES", "Bidang Pelayanan Kesehatan", "BIDANG", "DINKES"),
    ("DINDIKBUD", "Dinas Pendidikan dan Kebudayaan", "DINAS", None),
    ("KEC-SERPONG", "Kecamatan Serpong", "KECAMATAN", None),
    ("KEC-PAMULANG", "Kecamatan Pamulang", "KECAMATAN", None),
]
STANDARD = {"M.01": 4, "M.02": 3, "M.03": 3, "M.04": 3, "M.05": 3, "M.06": 3, "M.07": 3, "M.08": 3, "SK.01": 3}
JOBS = [  # code, name, kind, jenjang, kelas, min education, min rank
    ("JPT-PRATAMA", "Kepala Perangkat Daerah", "JPT_PRATAMA", None, 14, "S1", "IV/b"),
    ("ADMINISTRATOR", "Kepala Bidang", "ADMINISTRATOR", None, 12, "S1", "III/d"),
    ("PENGAWAS", "Kepala Seksi", "PENGAWAS", None, 9, "D3", "III/b"),
    ("AK-AHLI-MUDA", "Analis Kepegawaian Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", 9, "S1", None),
    ("PELAKSANA-ADM", "Pengadministrasi Perkantoran", "PELAKSANA", None, 5, "SMA", None),
]
POSITIONS = [  # code, unit, job, head, seats, name
    ("KA-BKPSDM", "BKPSDM", "JPT-PRATAMA", True, 1, "Kepala BKPSDM"),
    ("KABID-MUTASI", "BKPSDM-MUTASI", "ADMINISTRATOR", True, 1, "Kepala Bidang Mutasi dan Promosi"),
    ("AK-MUTASI", "BKPSDM-MUTASI", "AK-AHLI-MUDA", False, 3, "Analis Kepegawaian Ahli Muda"),
    ("ADM-MUTASI", "BKPSDM-MUTASI", "PELAKSANA-ADM", False, 2, "Pengadministrasi Perkantoran"),
    ("KA-DINKES", "DINKES", "JPT-PRATAMA", True, 1, "Kepala Dinas Kesehatan"),
    ("KABID-YANKES", "DINKES-YANKES", "ADMINISTRATOR", True, 1, "Kepala Bidang Pelayanan Kesehatan"),
]
EMPLOYEES = [  # nip, name, front, back, golongan, rank tmt, education, position code
    ("197203151998031002", "Ahmad Fauzi", "Dr.", "M.Si.", "IV/c", "2016-04-01", "S3", "KA-BKPSDM"),
    ("197806102003122001", "Siti Nurhaliza", None, "S.E., M.M.", "IV/b", "2015-10-01", "S2", "KABID-MUTASI"),
    ("198511202010011003", "Budi Santoso", None, "S.Kom.", "III/c", "2019-04-01", "S1", "AK-MUTASI"),
    ("199004152015032004", "Dewi Lestari", None, "S.Psi.", "III/c", "2020-04-01", "S1", "AK-MUTASI"),
    ("199512012020121005", "Rizky Pratama", None, None, "II/c", "2020-12-01", "SMA", "ADM-MUTASI"),
    ("197601122002121003", "Hendra Gunawan", "dr.", "M.Kes.", "IV/b", "2014-04-01", "S2", "KABID-YANKES"),
]
USERS = [  # username, name, roles, nip of the linked employee (or None)
    ("admin.bkpsdm", "Admin BKPSDM", ["agency_admin"], None),
    ("kepala.bkpsdm", "Dr. Ahmad Fauzi, M.Si. (head of BKPSDM)", ["supervisor", "employee"], "197203151998031002"),
    ("kabid.mutasi", "Siti Nurhaliza (supervisor)", ["supervisor", "employee"], "197806102003122001"),
    ("budi.santoso", "Budi Santoso (employee)", ["employee"], "198511202010011003"),
    ("hendra.gunawan", "Hendra Gunawan (applicant)", ["employee"], "197601122002121003"),
    ("pansel.ketua", "Ketua Panitia Seleksi", ["panel_member"], None),
    *[(f"pansel.anggota{i}", f"Anggota Panitia Seleksi {i}", ["panel_member"], None) for i in range(1, 5)],
    ("walikota", "Wali Kota (PPK)", ["ppk"], None),
    ("tim.penilai", "Tim Penilai Kinerja (review team)", ["review_team"], None),
]


class Demo:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        settings = Settings()
        token = self.http.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": "svc-gateway",
            "client_secret": settings.service_client_secret}).raise_for_status().json()["access_token"]
        self.platform = {"Authorization": f"Bearer {token}"}
        self.admin: dict[str, str] = {}

    def call(self, method: str, path: str, headers: dict[str, str], ok: tuple[int, ...] = (), **kw: Any
             ) -> httpx.Response:
        """A request whose failure stops the loader with the server's problem document (``ok``: also fine)."""
        r = self.http.request(method, path, headers=headers, **kw)
        if r.status_code >= 500 or (ok and r.status_code not in ok):
            raise SystemExit(f"demo data: {method} {path} failed: {r.status_code} {r.text}")
        return r

    def ensure_by_code(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        r = self.call("POST", path, self.admin, json=body)
        if r.status_code == 201:
            return dict(r.json())
        if r.status_code == 409:
            found = self.call("GET", path, self.admin, params={"q": body["code"], "limit": 200}).json()["items"]
            return next(item for item in found if item.get("code") == body["code"])
        raise SystemExit(f"demo data: POST {path} {body.get('code')}: {r.status_code} {r.text}")

    def user(self, username: str, name: str, roles: list[str], employee: dict[str, Any] | None) -> None:
        body = {"username": username, "password": PASSWORD, "name": name, "roles": roles,
                "agency_id": str(AGENCY_ID)}
        if employee:
            body.update({"employee_id": employee["id"], "nip": employee["nip"]})
            if employee.get("current_assignment"):
                body["unit_id"] = employee["current_assignment"]["unit_id"]
        r = self.call("POST", "/api/v1/users", self.platform, json=body)
        if r.status_code not in (201, 409):
            raise SystemExit(f"demo data: user {username}: {r.status_code} {r.text}")

    def login(self, username: str) -> dict[str, str]:
        r = self.http.post("/api/v1/auth/token", data={"grant_type": "password", "username": username,
                                                        "password": PASSWORD}).raise_for_status()
        return {"Authorization": f"Bearer {r.json()['access_token']}"}

    def load(self) -> None:
        r = self.call("GET", f"/api/v1/agencies/{AGENCY_ID}", self.platform)
        if r.status_code == 404:
            self.call("POST", "/api/v1/agencies", self.platform, json={
                "id": str(AGENCY_ID), "code": "KOTA-TANGSEL", "name": "Pemerintah Kota Tangerang Selatan",
                "kind": "PEMDA_KOTA"}, ok=(201,))
        self.user(*USERS[0][:3], None)
        self.admin = self.login(USERS[0][0])
        units: dict[str, str] = {}
        for code, name, kind, parent in UNITS:
            units[code] = self.ensure_by_code("/api/v1/org-units", {
                "code": code, "name": name, "kind": kind, "parent_id": units.get(parent) if parent else None,
                "valid_from": "2008-11-26"})["id"]
        jobs: dict[str, str] = {}
        for code, name, kind, jenjang, kelas, edu, rank in JOBS:
            jobs[code] = self.ensure_by_code("/api/v1/jobs", {
                "code": code, "name": name, "kind": kind, "jenjang": jenjang, "kelas_jabatan": kelas,
                "min_education": edu, "min_rank": rank, "competency_standard": STANDARD})["id"]
        seats: dict[str, str] = {}
        for code, unit, job, head, n, name in POSITIONS:
            seats[code] = self.ensure_by_code("/api/v1/positions", {
                "code": code, "unit_id": units[unit], "job_id": jobs[job], "is_head": head, "required_seats": n,
                "name": name})["id"]
        people: dict[str, dict[str, Any]] = {}
        for nip, name, front, back, gol, tmt, edu, seat in EMPLOYEES:
            r = self.call("GET", f"/api/v1/employees/by-nip/{nip}", self.admin)
            if r.status_code == 404:
                r = self.call("POST", "/api/v1/employees", self.admin, json={
                    "nip": nip, "name": name, "front_title": front, "back_title": back, "employment_type": "PNS",
                    "rank": {"golongan": gol, "tmt": tmt}, "educations": [{"level": edu}]})
            if r.status_code not in (200, 201):
                raise SystemExit(f"demo data: employee {nip}: {r.status_code} {r.text}")
            emp = r.json()
            if not emp.get("current_assignment"):
                self.call("POST", "/api/v1/assignments", self.admin, json={
                    "employee_id": emp["id"], "position_id": seats[seat], "kind": "definitive",
                    "tmt_start": "2021-01-04", "sk_number": f"821.2/{nip[-3:]}/BKPSDM/2020", "sk_date": "2020-12-28",
                    "reason": "rotation"}, ok=(201,))
                emp = self.call("GET", f"/api/v1/employees/{emp['id']}", self.admin).json()
            people[nip] = emp
            for year in (TODAY.year - 2, TODAY.year - 1):
                self.call("POST", "/api/v1/annual-ratings", self.admin, json={
                    "employee_id": emp["id"], "year": year, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                    "rating_perilaku": "DI_ATAS_EKSPEKTASI" if nip.endswith(("2", "3")) else "SESUAI_EKSPEKTASI"},
                    ok=(201, 409))
        for username, name, roles, user_nip in USERS[1:]:
            self.user(username, name, roles, people.get(user_nip) if user_nip else None)
        # This year's SKP period, so employees can start their performance plans straight away.
        self.call("POST", "/api/v1/evaluation-periods", self.admin, json={"year": TODAY.year}, ok=(201, 409))
        self.selection(seats["KA-DINKES"])

    def selection(self, position_id: str) -> None:
        existing = self.call("GET", "/api/v1/selections", self.admin, params={"limit": 50}).json()
        if existing.get("total"):
            return
        t = TODAY
        r = self.call("POST", "/api/v1/selections", self.admin, json={
            "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Kesehatan", "kind": "JPT_PRATAMA",
            "position_ids": [position_id], "planned_inauguration_date": (t + timedelta(days=90)).isoformat(),
            "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                         "registration_start": (t + timedelta(days=1)).isoformat(),
                         "registration_end": (t + timedelta(days=20)).isoformat(),
                         "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}})
        if r.status_code != 201:
            raise SystemExit(f"demo data: selection: {r.status_code} {r.text}")
        sid = r.json()["id"]
        # Committee of five, two internal (at most 45%), chaired by pansel.ketua.
        panel = [u for u in USERS if u[0].startswith("pansel.")]
        members = [{"subject": u[0], "name": u[1], "role": "CHAIR" if i == 0 else "MEMBER", "internal": i < 2}
                   for i, u in enumerate(panel)]
        self.call("PUT", f"/api/v1/selections/{sid}/committee", self.admin, json={"members": members}, ok=(200,))
        for action in ("announce", "open-registration"):
            self.call("POST", f"/api/v1/selections/{sid}/{action}", self.admin, ok=(200,))


def main() -> None:
    if Settings().is_production:
        raise SystemExit("Demo data is for development only.")
    Demo(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000").load()
    print("Demo logins (development only), password for all: " + PASSWORD)
    for username, name, roles, _ in USERS:
        print(f"  {username:<16} {', '.join(roles):<24} {name}")
    secret = Settings().service_client_secret
    shown = secret if secret == DEV_SERVICE_SECRET else "the value of SERVICE_CLIENT_SECRET"
    print(f"  platform client (client_credentials, role service): svc-gateway / {shown}")


if __name__ == "__main__":
    main()
