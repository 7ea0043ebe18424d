"""Eligibility on the calendar, through the gateway with every service a real process (PP 11/2017 Pasal 107):
exactly the required years in the prior position is eligible and a day less is not, a rank whose TMT is after
the end of registration is ignored, and a NIP on record in two agencies is resolved by the selection's agency.
Two agencies in every test."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from merit_recruitment.rules import anniversary, duration_between
from tests.conftest import create_user, login, ok
from tests.world import INAUGURATION, TODAY, World, nip_for


@pytest.fixture
def world(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


@pytest.fixture
def other(gw: httpx.Client, platform: dict[str, str]) -> World:
    return World(gw, platform)


def person(w: World, name: str, admin_since: date, *, rank: str = "IV/b", nip: str | None = None,
           account: bool = True) -> dict[str, Any]:
    """Pengawas from 2010, promoted to Administrator on ``admin_since`` (the Pengawas post ends the day before),
    S2, ratings of Baik."""
    nip = nip or nip_for(date(1975, random.randint(1, 12), random.randint(1, 28)), date(2000, 3, 1))
    emp = w.post("/api/v1/employees", {
        "nip": nip, "name": name, "employment_type": "PNS",
        "rank": {"golongan": rank, "tmt": "2009-04-01", "sk_number": "823/001/2009", "sk_date": "2009-03-20"},
        "educations": [{"level": "S2", "major": "Kesehatan Masyarakat", "institution": "Universitas Indonesia",
                        "graduated_on": "2005-08-30"}]})
    career(w, emp["id"], name, admin_since)
    out = {"id": emp["id"], "nip": nip}
    if account:
        username = create_user(w.gw, w.platform, w.agency_id, ["employee"], employee_id=emp["id"], nip=nip)
        out["headers"] = login(w.gw, username)
    return out


def career(w: World, employee_id: str, name: str, admin_since: date) -> None:
    """Pengawas from 2010, Administrator from ``admin_since``, ratings of Baik, all in ``w``."""
    pengawas = w.post("/api/v1/jobs", {"name": f"Kepala Seksi {name}", "kind": "PENGAWAS", "kelas_jabatan": 9,
                                       "min_education": "D3", "min_rank": "III/b"})["id"]
    for job, start, extra in ((pengawas, date(2010, 1, 4), {"reason": "initial"}),
                              (w.adm_job, admin_since, {"reason": "promotion", "end_current_definitive": True})):
        seat = w.post("/api/v1/positions", {"unit_id": w.dinas, "job_id": job, "required_seats": 1,
                                            "name": f"Jabatan {name} {start}"})["id"]
        w.post("/api/v1/assignments", {"employee_id": employee_id, "position_id": seat, "kind": "definitive",
                                       "tmt_start": start.isoformat(), "sk_number": f"821/{name}/{start}",
                                       "sk_date": start.isoformat(), **extra})
    for year in (TODAY.year - 2, TODAY.year - 1):
        w.post("/api/v1/annual-ratings", {"employee_id": employee_id, "year": year,
                                          "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                                          "rating_perilaku": "DI_ATAS_EKSPEKTASI"})


def rules_of(app: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in app["eligibility"]["results"]}


def test_exactly_two_years_is_eligible_a_day_less_is_not_and_pending_ranks_wait(world: World,
                                                                                  other: World) -> None:
    gw = world.gw
    sel = world.open_selection()
    sid, ref = sel["id"], INAUGURATION  # tenure counts up to the planned inauguration, both ends included
    exact_start = anniversary(ref, -24) + timedelta(days=1)
    exact = person(world, "Tepat Dua Tahun", exact_start)
    short = person(world, "Kurang Sehari", exact_start + timedelta(days=1))

    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=exact["headers"]), 201)
    prior = rules_of(app)["PRIOR_POSITION"]
    assert app["eligibility_status"] == "ELIGIBLE", app["eligibility"]
    assert prior["value"] == "2.00" and prior["duration"] == {"years": 2, "months": 0, "days": 0}
    assert prior["source"] == "positions:career"
    # the change of post lost no day: Pengawas from 4 January 2010 to the day before, then Administrator
    assert app["facts"]["career_durations"]["total"] == duration_between(date(2010, 1, 4), ref).to_dict()

    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=short["headers"]), 201)
    prior = rules_of(app)["PRIOR_POSITION"]
    assert app["eligibility_status"] == "NOT_ELIGIBLE" and prior["status"] == "FAILED", app["eligibility"]
    assert (prior["duration"]["years"], prior["duration"]["months"]) == (1, 11)

    # A promotion to IV/b with its TMT the day after registration ends is pending: IV/a is what counts.
    pending = person(world, "Naik Pangkat Nanti", date(2015, 1, 2), rank="IV/a")
    end = date.fromisoformat(sel["schedule"]["registration_end"])
    world.post(f"/api/v1/employees/{pending['id']}/ranks", {"golongan": "IV/b",
                                                            "tmt": (end + timedelta(days=1)).isoformat()})
    app = ok(gw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=pending["headers"]), 201)
    rank = rules_of(app)["RANK"]
    assert rank["status"] == "FAILED" and rank["value"] == "IV/a", rank
    assert app["eligibility_status"] == "NOT_ELIGIBLE"

    # The other agency's admin cannot read these applications.
    r = gw.get(f"/api/v1/applications/{app['id']}", headers=other.admin)
    assert r.status_code in (403, 404), r.text


def test_nip_in_two_agencies_resolves_by_the_selection_agency_never_503(world: World, other: World) -> None:
    gw = world.gw
    sel = world.open_selection()
    # The person served in the other agency and moved here (mutasi antar instansi): the NIP is on record in both
    # agencies, active only here. The same NIP cannot be active in both (409 nip_active_elsewhere).
    there = person(other, "Pegawai Kembar", date(2015, 1, 2), account=False)
    r = gw.post("/api/v1/employees", headers=world.admin, json={
        "nip": there["nip"], "name": "Pegawai Kembar", "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    t = other.post("/api/v1/transfers", {"employee_id": there["id"], "destination_agency_id": world.agency_id,
                                         "sk_number": "800/1/2026", "sk_date": TODAY.isoformat(),
                                         "tmt": TODAY.isoformat()})
    t = world.post(f"/api/v1/transfers/{t['id']}/accept", {"sk_number": "821/1/2026", "sk_date": TODAY.isoformat()},
                   status=200)
    here = {"id": t["destination_employee_id"], "nip": there["nip"]}
    career(world, here["id"], "Pegawai Kembar", date(2015, 1, 2))
    assert here["id"] != there["id"]
    r = gw.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": here["nip"]}, headers=world.admin)
    assert r.status_code == 201, r.text
    app = r.json()
    assert app["employee_id"] == here["id"] and app["applicant_type"] == "INTERNAL"
    assert app["eligibility_status"] == "ELIGIBLE", app["eligibility"]
    # The same NIP again is the one application per person, not a peer failure.
    r = gw.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": here["nip"]}, headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "already_applied", r.text
    # Agency B's admin cannot register into agency A's selection.
    r = gw.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": here["nip"]}, headers=other.admin)
    assert r.status_code in (403, 404), r.text
