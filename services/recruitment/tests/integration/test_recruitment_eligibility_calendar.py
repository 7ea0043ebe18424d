"""Eligibility through the API on calendar tenure, ranks by TMT, and NIPs on record in two agencies (peers faked)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from merit_recruitment.rules import anniversary
from merit_shared.directory import UpstreamRefused


def _career(start: date) -> list[dict[str, Any]]:
    """Pengawas since 2008, Administrator from ``start`` (still held); the Pengawas post ends the day before."""
    base = {"position_id": str(uuid.uuid4()), "jenjang": None, "unit_id": None, "unit_name": "Dinkes",
            "kind": "definitive", "reason": None, "end_reason": None, "sk_number": "x", "sk_date": "2008-01-01"}
    return [{**base, "assignment_id": str(uuid.uuid4()), "position_name": "Kepala Seksi", "job_kind": "PENGAWAS",
             "tmt_start": "2008-01-01", "tmt_end": (start - timedelta(days=1)).isoformat()},
            {**base, "assignment_id": str(uuid.uuid4()), "position_name": "Sekretaris", "job_kind": "ADMINISTRATOR",
             "tmt_start": start.isoformat(), "tmt_end": None}]


def _by_code(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {x["code"]: x for x in body["eligibility"]["results"]}


async def test_recruitment_exactly_two_years_is_eligible_a_day_less_is_not(client: httpx.AsyncClient,
                                                                           world: Any) -> None:
    sel = await world.open_selection()
    ref = date.fromisoformat(sel["planned_inauguration_date"])
    exact_start = anniversary(ref, -24) + timedelta(days=1)  # exact_start .. ref inclusive = 2 years
    exact, short = world.employee(), world.employee()
    world.dir.careers[exact["id"]] = _career(exact_start)
    world.dir.careers[short["id"]] = _career(exact_start + timedelta(days=1))
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=exact["headers"])
    assert r.status_code == 201, r.text
    body = r.json()
    prior = _by_code(body)["PRIOR_POSITION"]
    assert body["eligibility_status"] == "ELIGIBLE", body["eligibility"]
    assert prior["status"] == "PASSED" and prior["value"] == "2.00"
    assert prior["duration"] == {"years": 2, "months": 0, "days": 0}
    facts = body["facts"]
    assert facts["position_years"]["value"]["ADMINISTRATOR"] == "2.00"
    assert facts["career_durations"]["by_kind"]["ADMINISTRATOR"] == {"years": 2, "months": 0, "days": 0}
    assert facts["career_periods"]["value"][1]["tmt_end"] is None
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=short["headers"])
    assert r.status_code == 201, r.text
    prior = _by_code(r.json())["PRIOR_POSITION"]
    assert r.json()["eligibility_status"] == "NOT_ELIGIBLE"
    # a day short: 1 year 11 months and the days of the last month but one (month lengths vary)
    assert prior["status"] == "FAILED" and prior["value"] == "1.91"
    assert (prior["duration"]["years"], prior["duration"]["months"]) == (1, 11) and prior["duration"]["days"] >= 27


async def test_recruitment_pending_rank_is_ignored_until_its_tmt(client: httpx.AsyncClient, world: Any) -> None:
    sel = await world.open_selection()  # JPT Pratama: at least IV/b
    end = date.fromisoformat(sel["schedule"]["registration_end"])
    promoted = world.employee(rank="IV/b")
    world.dir.rank_history[promoted["id"]] = [{"golongan": "IV/b", "tmt": (end + timedelta(days=1)).isoformat()},
                                              {"golongan": "IV/a", "tmt": "2014-04-01"}]
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=promoted["headers"])
    assert r.status_code == 201, r.text
    rank = _by_code(r.json())["RANK"]
    assert rank["status"] == "FAILED" and rank["value"] == "IV/a" and rank["source"] == "positions:ranks"
    on_time = world.employee(rank="IV/b")
    world.dir.rank_history[on_time["id"]] = [{"golongan": "IV/b", "tmt": end.isoformat()},
                                             {"golongan": "IV/a", "tmt": "2014-04-01"}]
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={}, headers=on_time["headers"])
    rank = _by_code(r.json())["RANK"]
    assert rank["status"] == "PASSED" and rank["value"] == "IV/b"


async def test_recruitment_nip_in_two_agencies_resolves_by_the_selection_agency(client: httpx.AsyncClient,
                                                                               world: Any) -> None:
    sel = await world.open_selection()
    here = world.employee()
    elsewhere = uuid.uuid4()
    twin = dict(world.dir.employees[here["id"]], id=str(uuid.uuid4()), agency_id=str(elsewhere), name="Kembar")
    world.dir.employees[twin["id"]] = twin
    assert twin["nip"] == here["nip"]
    # The admin registers by NIP: this agency's record, never a 503.
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": here["nip"]},
                          headers=world.admin)
    assert r.status_code == 201, r.text
    assert r.json()["employee_id"] == here["id"] and r.json()["applicant_type"] == "INTERNAL"
    # The other agency's admin cannot register this agency's employee as theirs, nor learn of the record.
    other = world.employee(agency=elsewhere)
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": other["nip"]},
                          headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "nip_not_found"


async def test_recruitment_peer_refusal_is_a_precise_409_not_503(client: httpx.AsyncClient, world: Any,
                                                                 directory: Any) -> None:
    sel = await world.open_selection()
    person = world.employee()

    async def refuse(nip: str, agency_id: str | None = None) -> None:
        raise UpstreamRefused("positions", f"/api/v1/employees/by-nip/{nip}", 409, "nip_ambiguous")

    directory.employee_by_nip = refuse
    before = await client.get(f"/api/v1/selections/{sel['id']}/applications", headers=world.admin)
    r = await client.post(f"/api/v1/selections/{sel['id']}/applications", json={"nip": person["nip"]},
                          headers=world.admin)
    assert r.status_code == 409, r.text
    problem = r.json()
    assert problem["code"] == "upstream_refused" and problem["upstream_code"] == "nip_ambiguous"
    assert problem["service"] == "positions" and problem["errors"][0]["loc"] == ["body", "nip"]
    after = await client.get(f"/api/v1/selections/{sel['id']}/applications", headers=world.admin)
    assert after.json()["total"] == before.json()["total"]  # nothing stored
