"""E-mail notifications across real services, through the gateway, to the session's real SMTP server (aiosmtpd,
``tests/conftest.py``): what starts to await someone in evaluation or recruitment reaches that person once, in
their language, through the producing service's outbox; not at all once they opted out of the kind."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from merit_shared.testing import SmtpSink
from tests.conftest import ok
from tests.test_e2e_performance import YEAR, Agency, plan_act, stranger
from tests.test_e2e_selection import run_to_proposal
from tests.world import World


def mail_settings(gw: httpx.Client, headers: dict[str, str], language: str, **kinds: str) -> str:
    """The person sets their own address, language and preferences; returns the address."""
    address = f"p{uuid.uuid4().hex[:10]}@example.go.id"
    ok(gw.put("/api/v1/notification-settings", headers=headers, json={
        "email": address, "language": language, "default_mode": "immediate", "kinds": kinds}))
    return address


def settled(smtp: SmtpSink, address: str, count: int) -> list[Any]:
    """Exactly ``count`` e-mails to ``address``: wait for them, then make sure no duplicate follows."""
    smtp.wait_for(address, count)
    time.sleep(1.0)  # several relay and sender passes (OUTBOX_POLL_SECONDS 0.2, NOTIFY_POLL_SECONDS 0.3)
    found = smtp.messages_to(address)
    assert len(found) == count, [m["Subject"] for m in found]
    return found


def own(gw: httpx.Client, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    return list(ok(gw.get("/api/v1/notifications", headers=headers, params=params))["items"])


def world_wait(fn: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not fn():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.3)


@pytest.fixture
def agency(gw: httpx.Client, platform: dict[str, str]) -> Agency:
    return Agency(gw, platform)


def test_skp_awaiting_approval_return_and_sign_off_reach_each_person_once(agency: Agency, gw: httpx.Client,
                                                                          platform: dict[str, str],
                                                                          smtp: SmtpSink) -> None:
    staff, kabid, kadis = agency.staff, agency.kabid, agency.kadis
    staff_mail = mail_settings(gw, staff["headers"], "en")
    kadis_mail = mail_settings(gw, kadis["headers"], "id")
    # The agency admin sets the evaluator's address and language on the account (PATCH /users).
    me = ok(gw.get("/api/v1/auth/me", headers=kabid["headers"]))
    [account] = ok(gw.get("/api/v1/users", params={"username": me["subject"]}, headers=agency.admin))["items"]
    kabid_mail = f"kabid{uuid.uuid4().hex[:8]}@example.go.id"
    patched = ok(gw.patch(f"/api/v1/users/{account['id']}", headers=agency.admin,
                          json={"email": kabid_mail, "language": "en"}))
    assert (patched["email"], patched["language"]) == (kabid_mail, "en")
    other = stranger(gw, platform)
    assert gw.patch(f"/api/v1/users/{account['id']}", headers=other, json={"language": "id"}).status_code == 404
    assert gw.patch(f"/api/v1/users/{account['id']}", headers=staff["headers"], json={"language": "id"}
                    ).status_code == 403

    agency.post("/api/v1/evaluation-periods", {"year": YEAR})
    plan = agency.post("/api/v1/performance-plans", {"employee_id": staff["id"], "year": YEAR},
                       headers=staff["headers"])
    plan = ok(gw.put(f"/api/v1/performance-plans/{plan['id']}", headers=staff["headers"], json={
        "approach": "QUANTITATIVE", "results": [{"description": "Meningkatnya ketepatan waktu layanan perizinan",
                                                 "indicators": [{"description": "Izin terbit tepat waktu",
                                                                 "target": "95%"}]}]}))
    indicator = plan["results"][0]["indicators"][0]["id"]
    plan = plan_act(gw, plan, "submit", staff["headers"])
    # The evaluator's superior approves (the plan's rules): they are told, in Indonesian, once.
    [mail] = settled(smtp, kadis_mail, 1)
    assert mail["Subject"] == f"SKP {YEAR} Dedi Kurniawan menunggu persetujuan Anda"
    assert f"/api/v1/performance-plans/{plan['id']}" in mail.get_content()
    assert smtp.messages_to(kabid_mail) == [] and smtp.messages_to(staff_mail) == []

    plan = plan_act(gw, plan, "return", kabid["headers"])
    [mail] = settled(smtp, staff_mail, 1)
    assert mail["Subject"] == f"Your {YEAR} SKP plan was returned for revision"

    # The superior opts out of plans to approve: the next submission is listed for them, but sends nothing.
    current = ok(gw.get("/api/v1/notification-settings", headers=kadis["headers"]))
    ok(gw.put("/api/v1/notification-settings", headers=kadis["headers"], json={
        **current, "kinds": {"skp_to_approve": "off"}}))
    plan = plan_act(gw, plan, "submit", staff["headers"])
    world_wait(lambda: len(own(gw, kadis["headers"], kind="skp_to_approve")) == 2)
    assert [n["state"] for n in own(gw, kadis["headers"], kind="skp_to_approve")] == ["opted_out", "sent"]
    settled(smtp, kadis_mail, 1)

    plan = plan_act(gw, plan, "approve", kadis["headers"])
    plan = plan_act(gw, plan, "start", kabid["headers"])
    annual = agency.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", {"period_number": 0},
                         headers=staff["headers"])
    ok(gw.put(f"/api/v1/evaluations/{annual['id']}/realisations/{indicator}", headers=staff["headers"],
              json={"realisation": "97% izin terbit tepat waktu", "evidence_links": []}))
    ok(gw.post(f"/api/v1/evaluations/{annual['id']}/rate", headers=kabid["headers"], json={
        "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI"}))
    mails = settled(smtp, kadis_mail, 2)  # the rating to sign off is another kind: it still reaches them
    assert mails[1]["Subject"] == f"Penilaian SKP {YEAR} Dedi Kurniawan menunggu penetapan Anda"
    assert "predikat SANGAT_BAIK" in mails[1].get_content()

    # The agency admin reads the delivery of each; another agency's admin sees none; a person is refused.
    deliveries = ok(gw.get("/api/v1/notification-deliveries", headers=agency.admin, params={"limit": 50}))
    kinds = sorted((d["kind"], d["state"]) for d in deliveries["items"])
    assert kinds == [("rating_to_finalize", "sent"), ("skp_returned", "sent"), ("skp_to_approve", "opted_out"),
                     ("skp_to_approve", "sent")]
    one = deliveries["items"][0]["id"]
    assert ok(gw.get(f"/api/v1/notification-deliveries/{one}", headers=agency.admin))["id"] == one
    assert gw.get(f"/api/v1/notification-deliveries/{one}", headers=other).status_code == 404
    assert ok(gw.get("/api/v1/notification-deliveries", headers=other))["total"] == 0
    assert gw.get("/api/v1/notification-deliveries", headers=staff["headers"]).status_code == 403
    assert [n["kind"] for n in own(gw, staff["headers"])] == ["skp_returned"]  # only one's own
    r = gw.post("/api/v1/notifications", headers=agency.admin, json={
        "kind": "skp_returned", "params": {"plan_id": plan["id"], "year": YEAR},
        "recipient": {"employee_id": staff["id"]}, "agency_id": agency.agency_id})
    assert r.status_code == 403, r.text  # only Merit's services queue notifications


class MailWorld(World):
    """The selection world whose committee members give their own addresses when they are seated."""

    panel_mails: list[str]

    def panel(self, size: int = 5, internal: int = 2) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
        members, headers = super().panel(size, internal)
        self.panel_mails = [mail_settings(self.gw, h, "en" if i % 2 else "id") for i, h in enumerate(headers)]
        return members, headers


def test_screening_results_and_scoring_reach_applicants_and_committee(gw: httpx.Client, platform: dict[str, str],
                                                                      smtp: SmtpSink) -> None:
    world = MailWorld(gw, platform)
    people = [world.candidate(n) for n in ("Siti Rahmawati", "Agus Setiawan")]
    mails = [mail_settings(gw, people[0]["headers"], "id"), mail_settings(gw, people[1]["headers"], "en")]
    sid, apps = run_to_proposal(world, people)
    sel = ok(gw.get(f"/api/v1/selections/{sid}", headers=world.admin))
    # Each applicant: the screening's outcome and the screening announcement, once each, in their language.
    siti, agus = settled(smtp, mails[0], 2), settled(smtp, mails[1], 2)
    title = sel["title"]
    assert sorted(m["Subject"] for m in siti) == sorted([
        f"Lamaran Anda pada {title} memenuhi syarat", f"Diumumkan: Hasil seleksi administrasi - {title}"])
    assert sorted(m["Subject"] for m in agus) == sorted([
        f"Your application to {title} passed screening", f"Published: Hasil seleksi administrasi - {title}"])
    assert f"/api/v1/applications/{apps[1]['id']}" in agus[0].get_content()
    # Each committee member: one e-mail per scored stage when it opened for scoring.
    scored = [s for s in sel["stages"] if s["kind"] == "SCORED"]
    assert scored
    for i, address in enumerate(world.panel_mails):
        got = settled(smtp, address, len(scored))
        want = [f"The {s['name']} stage of {title} awaits your scores" if i % 2 else
                f"Tahap {s['name']} pada {title} menunggu nilai Anda" for s in scored]
        assert sorted(m["Subject"] for m in got) == sorted(want)
