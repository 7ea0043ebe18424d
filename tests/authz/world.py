"""The matrix's world: one agency with a record of every kind a path parameter names, and a login per role.

Built through the gateway with the performance tests' ``Agency`` (Dinas > Bidang, a separate Badan; the Kepala
Dinas and Kepala Bidang as supervisors, a Bidang staff member as the employee). Two of these make the matrix's
agencies A and B. ``ids`` maps each path parameter to this agency's record, so a path template can be filled with
A's ids (role sweep) or B's (cross-agency sweep).
"""

from __future__ import annotations

import re
import uuid
from datetime import timedelta
from typing import Any

import httpx

from tests.authz.rules import ADMIN, AUD, EMP, MC, MC_SCOPES, PANEL, PPK, REVIEW, SUP, UNIT
from tests.conftest import create_user, login, ok
from tests.test_e2e_performance import YEAR, Agency
from tests.world import INAUGURATION, PDF, TODAY


class MatrixAgency(Agency):
    def __init__(self, gw: httpx.Client, platform: dict[str, str]) -> None:
        super().__init__(gw, platform)
        staff = self.staff
        self.unit_admin = login(gw, create_user(gw, platform, self.agency_id, ["unit_admin"], unit_id=self.bidang))
        self.panel_username = create_user(gw, platform, self.agency_id, ["panel_member"])
        self.panel = login(gw, self.panel_username)
        self.actors: dict[str, dict[str, str]] = {
            ADMIN: self.admin, UNIT: self.unit_admin, SUP: self.kabid["headers"], EMP: staff["headers"],
            PANEL: self.panel, PPK: self.ppk,
            REVIEW: login(gw, create_user(gw, platform, self.agency_id, ["review_team"])),
            AUD: login(gw, create_user(gw, platform, self.agency_id, ["auditor"]))}
        # a machine client of the agency (another government system) with narrow scopes: registry:read only
        client = ok(gw.post("/api/v1/clients", headers=self.admin,
                            json={"name": "Sistem Uji Matriks", "scopes": list(MC_SCOPES)}), 201)
        token = ok(gw.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": client["client_id"],
            "client_secret": client["client_secret"]}))
        assert token["scope"] == " ".join(MC_SCOPES), token
        self.actors[MC] = {"Authorization": f"Bearer {token['access_token']}"}
        self.client_id = client["id"]
        # webhooks: an allowed origin and a (disabled: nothing is sent) subscription of a client with webhooks:manage
        origin = self.post("/api/v1/webhook-origins", {"origin": "https://hooks.example.go.id"})
        hooks = ok(gw.post("/api/v1/clients", headers=self.admin,
                           json={"name": "Sistem Webhook Matriks", "scopes": ["webhooks:manage"]}), 201)
        hooks_token = ok(gw.post("/api/v1/auth/token", data={
            "grant_type": "client_credentials", "client_id": hooks["client_id"],
            "client_secret": hooks["client_secret"]}))["access_token"]
        subscription = self.post("/api/v1/webhook-subscriptions", {
            "url": "https://hooks.example.go.id/merit", "event_types": ["*"], "active": False},
            headers={"Authorization": f"Bearer {hooks_token}"})

        # evaluation: a period, a rating, an SKP plan in progress with its annual evaluation
        period = self.post("/api/v1/evaluation-periods", {"year": YEAR})
        self.rating_id = self.rating(staff["id"], TODAY.year - 2)["id"]
        # Butuh Perbaikan: the agency's policy opens a coaching plan (a follow-up) for the staff member
        self.rating(staff["id"], TODAY.year - 4, "DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
        [followup] = ok(gw.get("/api/v1/followups", headers=self.admin,
                               params={"employee_id": staff["id"], "year": TODAY.year - 4}))["items"]
        plan = self.post("/api/v1/performance-plans", {"employee_id": staff["id"], "year": YEAR},
                         headers=staff["headers"])
        plan = ok(gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=staff["headers"], json={
            "results": [{"description": "Meningkatnya ketepatan waktu layanan perizinan",
                         "indicators": [{"description": "Persentase izin terbit tepat waktu", "target": "95%"}]}]}))
        indicator = plan["results"][0]["indicators"][0]["id"]
        for action, who in (("submit", staff["headers"]), ("approve", self.kadis["headers"]),
                            ("start", self.kabid["headers"])):
            ok(gw.post(f"/api/v1/performance-plans/{plan['id']}/{action}", headers=who))
        evaluation = self.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", {"period_number": 0},
                               headers=staff["headers"])
        org = self.post("/api/v1/org-performance", {"unit_id": self.bidang, "year": YEAR, "org_predikat": "BAIK"})
        assessment = self.post("/api/v1/competency-assessments", {
            "employee_id": staff["id"], "assessed_on": (TODAY - timedelta(days=10)).isoformat(),
            "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
            "levels": {"M.01": 3, "M.02": 3, "SK.01": 3}})
        self.post(f"/api/v1/competency-assessments/{assessment['id']}/jpm", {})
        cycle = self.post("/api/v1/talent-cycles", {"name": "Talenta Bidang", "year": TODAY.year,
                                                    "as_of": TODAY.isoformat(), "unit_id": self.bidang})
        succession = self.post("/api/v1/succession-plans", {"position_id": self.head_bidang})

        # positions: a personnel action (draft), the staff member's assignment and account
        action = self.post("/api/v1/personnel-actions", {
            "kind": "ROTATION", "title": "Rotasi pelaksana pelayanan perizinan",
            "tmt": (TODAY + timedelta(days=30)).isoformat(),
            "moves": [{"employee_id": staff["id"], "to_position_id": self.target_seat}]})
        [assignment] = ok(gw.get("/api/v1/assignments", params={"employee_id": staff["id"]},
                                 headers=self.admin))["items"]
        users = ok(gw.get("/api/v1/users", headers=self.admin))
        users = users["items"] if isinstance(users, dict) else users
        [account] = [u for u in users if u.get("employee_id") == staff["id"]]

        # recruitment: a vacant JPT seat in the Badan, a selection open for registration, the staff member's
        # application (eligible or not, it is a record), a committee with this agency's panel member
        self.jpt_job = self.job("Kepala Badan", "JPT_PRATAMA", 14, "IV/b")
        self.jpt_seat = self.seat(self.badan, self.jpt_job, is_head=True)
        selection = self.open_selection(self.jpt_seat)
        application = self.post(f"/api/v1/selections/{selection['id']}/applications", {},
                                headers=staff["headers"])
        # one uploaded document, so its download is a record the matrix can ask for
        ok(gw.put(f"/api/v1/applications/{application['id']}/documents/{selection['documents'][0]['code']}",
                  content=PDF, headers={**staff["headers"], "Content-Type": "application/pdf"}))
        # one declared history entry with its SK, so its reads and its decision are records the matrix asks for
        entry = self.post(f"/api/v1/applications/{application['id']}/history", {
            "entry_type": "POSITION", "title": "Kepala Seksi Matriks", "kind": "PENGAWAS", "unit": "Kota Lain",
            "start_date": "2010-01-04", "end_date": "2012-12-31", "sk_number": "821/MTX/2010",
            "sk_date": "2009-12-20"}, headers=staff["headers"])
        ok(gw.put(f"/api/v1/applications/{application['id']}/history/{entry['id']}/sk", content=PDF,
                  headers={**staff["headers"], "Content-Type": "application/pdf"}))
        members = [{"subject": self.panel_username, "name": "Ketua Pansel", "role": "CHAIR", "internal": True}]
        for i in range(4):
            members.append({"subject": create_user(gw, platform, self.agency_id, ["panel_member"]),
                            "name": f"Anggota Pansel {i + 1}", "role": "MEMBER", "internal": i < 1})
        committee = ok(gw.put(f"/api/v1/selections/{selection['id']}/committee", json={"members": members},
                              headers=self.admin))
        member = next(m for m in committee["members"] if m["subject"] == self.panel_username)
        assert member["account_id"], member  # named by username (deprecated body): resolved to the account at PUT
        announcements = ok(gw.get(f"/api/v1/selections/{selection['id']}/announcements", headers=self.admin))["items"]

        # a transfer released to a third agency, not yet decided: seen by the two agencies' admins only
        tag = uuid.uuid4().hex[:8].upper()
        destination = ok(gw.post("/api/v1/agencies", headers=platform, json={
            "code": f"MTX-{tag}", "name": f"Pemerintah Kota Tujuan {tag}", "kind": "PEMDA_KOTA"}), 201)["id"]
        leaving = self.person("Pegawai Pindahan", self.badan_seat, "III/b", ["employee"])
        transfer = self.post("/api/v1/transfers", {
            "employee_id": leaving["id"], "destination_agency_id": destination, "sk_number": "800/MTX/1",
            "sk_date": TODAY.isoformat(), "tmt": (TODAY + timedelta(days=30)).isoformat()})

        # development: a catalogue activity, and a Bidang staff member's development plan (DRAFT) with one activity
        # for their gap in M.02 (the evaluator of the Bidang's staff is the Kepala Bidang)
        self.activity = self.post("/api/v1/development-activities", {
            "title": "Kerja Sama Tim", "kind": "TRAINING", "competencies": {"M.02": 4}, "jp": "24"})
        learner = self.person("Pegawai Rencana Pengembangan", self.staff_seat, "III/a", ["employee"])
        gap = self.post("/api/v1/competency-assessments", {
            "employee_id": learner["id"], "assessed_on": (TODAY - timedelta(days=10)).isoformat(),
            "valid_until": (TODAY + timedelta(days=365)).isoformat(), "method": "ASSESSMENT_CENTER",
            "levels": {"M.01": 3, "M.02": 2, "SK.01": 3}})
        self.post(f"/api/v1/competency-assessments/{gap['id']}/jpm", {})
        idp = self.post("/api/v1/development-plans", {"employee_id": learner["id"], "year": TODAY.year},
                        headers=learner["headers"])
        idp = self.post(f"/api/v1/development-plans/{idp['id']}/activities", {
            "activity_id": self.activity["id"], "competency_code": "M.02"}, headers=learner["headers"])
        # a notification to the agency's admins, as a service queues it (the platform's service credentials)
        [notification] = ok(gw.post("/api/v1/notifications", headers=platform, json={
            "agency_id": self.agency_id, "kind": "skp_to_approve", "recipient": {"agency_admins": True},
            "params": {"plan_id": plan["id"], "year": YEAR, "employee_name": staff["name"]}}), 201)["notification_ids"]

        self.plan = plan
        self.selection = selection
        self.application = application
        self.ids: dict[str, str] = {
            "agency_id": self.agency_id, "unit_id": self.bidang, "org_unit_id": self.bidang,
            "job_id": self.analyst_job, "position_id": self.staff_seat, "employee_id": staff["id"],
            "nip": staff["nip"], "year": str(YEAR), "assignment_id": assignment["id"], "action_id": action["id"],
            "user_id": account["id"], "rating_id": self.rating_id, "period_id": period["id"],
            "plan_id": plan["id"], "evaluation_id": evaluation["id"], "indicator_id": indicator,
            "org_id": org["id"], "assessment_id": assessment["id"], "cycle_id": cycle["id"],
            "selection_id": selection["id"], "application_id": application["id"], "member_id": member["id"],
            "stage_code": selection["stages"][0]["code"], "client_id": self.client_id,
            "transfer_id": transfer["id"], "doc_code": selection["documents"][0]["code"],
            "entry_id": entry["id"], "kind": "employees",  # an import's template
            "dataset": "pns",  # a national export
            "origin_id": origin["id"], "subscription_id": subscription["id"],
            "activity_id": self.activity["id"], "item_id": idp["activities"][0]["id"],
            "followup_id": followup["id"],
            "notification_id": notification,
            "code": "jobs_with_competency_standard", "aspect": "sistem_informasi",  # the merit index
        }
        if announcements:
            self.ids["announcement_id"] = announcements[0]["id"]
        # the same parameter name on another kind of record
        self.ids_by_prefix = {("/api/v1/succession-plans", "plan_id"): succession["id"],
                              ("/api/v1/development-plans", "plan_id"): idp["id"],
                              ("/api/v1/evaluation-indicators", "code"): "employees_with_final_rating",
                              ("/api/v1/recruitment-indicators", "code"): "appeals_decided_in_time"}
        # a closed year of the merit index, so that its verify route has a record to read
        self.post(f"/api/v1/merit-index/{self.agency_id}/closures", {"year": YEAR})
        # every id and NIP of this agency's world: none may appear in an answer to another agency
        not_ids = ("year", "stage_code", "doc_code", "kind", "dataset", "code", "aspect")
        self.secrets = {v for k, v in self.ids.items() if k not in not_ids} | {
            succession["id"], self.kadis["nip"], self.kabid["nip"], self.kadis["id"], self.kabid["id"],
            self.dinas, self.badan, self.jpt_seat, self.head_bidang, leaving["id"], leaving["nip"], idp["id"],
            learner["id"], learner["nip"]}

    def own(self, role: str) -> set[str]:
        """The caller's own ids and NIP (a list may show a person their own records)."""
        person = {EMP: self.staff, SUP: self.kabid}.get(role)
        return {person["id"], person["nip"]} if person else set()

    def open_selection(self, seat: str) -> dict[str, Any]:
        t = TODAY
        sel = self.post("/api/v1/selections", {
            "title": "Seleksi Terbuka JPT Pratama Kepala Badan", "kind": "JPT_PRATAMA", "position_ids": [seat],
            "planned_inauguration_date": INAUGURATION.isoformat(),
            "schedule": {"announcement_start": t.isoformat(), "announcement_end": (t + timedelta(days=14)).isoformat(),
                         "registration_start": (t + timedelta(days=1)).isoformat(),
                         "registration_end": (t + timedelta(days=20)).isoformat(),
                         "stage_dates": [(t + timedelta(days=25 + 3 * i)).isoformat() for i in range(5)]}})
        ok(self.gw.post(f"/api/v1/selections/{sel['id']}/announce", headers=self.admin))
        return dict(ok(self.gw.post(f"/api/v1/selections/{sel['id']}/open-registration", headers=self.admin)))

    def id_for(self, path: str, name: str) -> str | None:
        for (prefix, param), value in self.ids_by_prefix.items():
            if param == name and path.startswith(prefix):
                return value
        return self.ids.get(name)

    def fresh_application(self) -> str:
        """A new applicant's application in this agency's selection (a record a case may spoil)."""
        seat = self.seat(self.badan, self.analyst_job)
        person = self.person("Applicant Matriks", seat, "III/c", ["employee"])
        return str(self.post(f"/api/v1/selections/{self.selection['id']}/applications", {},
                             headers=person["headers"])["id"])

    def fill(self, path: str, **override: str) -> str | None:
        """The path with this agency's records, or None when the world has no record for a parameter."""
        missing: list[str] = []

        def value(m: re.Match[str]) -> str:
            v = override.get(m.group(1)) or self.id_for(path, m.group(1))
            if v is None:
                missing.append(m.group(1))
                return str(uuid.uuid4())
            return v
        filled = re.sub(r"\{(\w+)\}", value, path)
        return None if missing else filled


    def fill_partial(self, path: str, **override: str) -> str:
        """The path with this agency's records where the world has them; other parameters left as templates."""
        return re.sub(r"\{(\w+)\}", lambda m: override.get(m.group(1)) or self.id_for(path, m.group(1))
                      or m.group(0), path)


def params(path: str) -> list[str]:
    return re.findall(r"\{(\w+)\}", path)
