"""A year of the registry's calendar through the gateway: nobody flips a status by hand. The scheduler, run at every
month end for a year, retires a person at BUP, applies an approved mutation on its TMT and announces then ends an
acting assignment, each exactly once (counted in the event feed), and only in its own agency."""

from __future__ import annotations

import calendar
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from tests.conftest import create_user, login, ok
from tests.world import TODAY, World, nip_for

RUNS = "/api/v1/scheduler/runs"


def month_ends(start: date, months: int) -> list[date]:
    out = []
    y, m = start.year, start.month
    for _ in range(months):
        out.append(date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def first_of_month_in(months: int) -> date:
    index = TODAY.year * 12 + TODAY.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def person(w: World, name: str, birth: date, seat: str | None) -> dict[str, Any]:
    emp = w.post("/api/v1/employees", {"nip": nip_for(birth, date(birth.year + 25, 3, 1)), "name": name,
                                       "employment_type": "PNS", "rank": {"golongan": "IV/b", "tmt": "2014-04-01"}})
    if seat:
        w.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": seat, "kind": "definitive",
                                       "tmt_start": "2015-01-05", "sk_number": "821/001/2015", "sk_date": "2015-01-02",
                                       "reason": "initial"})
    return emp


def seat(w: World, name: str, is_head: bool = False) -> str:
    unit = w.dinas
    if is_head:  # the head of a bidang of its own (the dinas has its head already)
        unit = w.post("/api/v1/org-units", {"code": f"BID-{uuid.uuid4().hex[:8].upper()}", "name": f"Bidang {name}", "kind": "BIDANG",
                                            "parent_id": w.dinas, "valid_from": "2010-01-01"})["id"]
    return str(w.post("/api/v1/positions", {"unit_id": unit, "job_id": w.adm_job, "required_seats": 1,
                                            "name": name, "is_head": is_head})["id"])


def feed(gw: httpx.Client, headers: dict[str, str], type_: str) -> list[dict[str, Any]]:
    return list(ok(gw.get("/api/v1/position-events", params={"type": type_, "limit": 1000}, headers=headers))["items"])


def test_a_year_of_scheduled_runs_applies_each_dated_effect_exactly_once(gw: httpx.Client,
                                                                         platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    # a Sekretaris (Administrator, BUP 58) whose retirement date is the first of the month six months from now
    retires_on = first_of_month_in(6)
    birthday_month = retires_on - timedelta(days=1)
    birth = date(birthday_month.year - 58, birthday_month.month, 10)
    leaving = person(a, "Bambang Pensiun", birth, seat(a, "Sekretaris Lama"))
    twin = person(b, "Bambang Kembar", birth, seat(b, "Sekretaris Lama"))
    # an approved mutation with its TMT about a hundred days ahead
    mover = person(a, "Dewi Mutasi", date(1980, 5, 5), seat(a, "Kepala Subbagian Umum"))
    target = seat(a, "Kepala Subbagian Keuangan")
    tmt = TODAY + timedelta(days=100)
    act = a.post("/api/v1/personnel-actions", {"kind": "MUTATION", "title": "Mutasi terjadwal", "tmt": tmt.isoformat(),
                                                "moves": [{"employee_id": mover["id"], "to_position_id": target}]})
    panel = login(gw, create_user(gw, platform, a.agency_id, ["review_team"]))
    a.post(f"/api/v1/personnel-actions/{act['id']}/submit", {}, status=200)
    a.post(f"/api/v1/personnel-actions/{act['id']}/review", {"recommendation": "approve", "note": "Sesuai"},
           headers=panel, status=200)
    a.post(f"/api/v1/personnel-actions/{act['id']}/decide", {
        "decision": "approve", "decision_date": TODAY.isoformat(), "sk_number": "821/MUT/01",
        "sk_date": TODAY.isoformat(), "override_reason": "Kebutuhan organisasi mendesak"}, headers=a.ppk, status=200)
    # an acting head of a vacant seat from next month, given no end: it lasts the policy's three months
    acting_from = TODAY + timedelta(days=30)
    plt = a.post("/api/v1/assignments", {
        "employee_id": person(a, "Rina Plt", date(1982, 2, 2), None)["id"], "position_id": seat(a, "Kepala", True),
        "kind": "plt", "tmt_start": acting_from.isoformat(), "sk_number": "800/PLT/01",
        "sk_date": TODAY.isoformat(), "reason": "initial"})
    assert plt["tmt_end"] is not None and plt["tmt_end"] > acting_from.isoformat()

    days = month_ends(TODAY, 13)
    for day in days:
        runs = ok(gw.post(RUNS, json={"as_of": day.isoformat()}, headers=a.admin))["runs"]
        assert [r["status"] for r in runs] == ["succeeded"] * 4, runs
    again = ok(gw.post(RUNS, json={"as_of": days[-1].isoformat()}, headers=a.admin))["runs"]
    assert [r["status"] for r in again] == ["already_run"] * 4

    retired = feed(gw, a.admin, "employee_retired")
    assert [(e["data"]["employee_id"], e["data"]["retirement_date"]) for e in retired] == [
        (leaving["id"], retires_on.isoformat())]
    assert ok(gw.get(f"/api/v1/employees/{leaving['id']}", headers=a.admin))["status"] == "retired"
    ended = ok(gw.get("/api/v1/assignments", params={"employee_id": leaving["id"]}, headers=a.admin))["items"]
    assert [(x["tmt_end"], x["end_reason"]) for x in ended] == [((retires_on - timedelta(days=1)).isoformat(),
                                                                 "retirement")]
    assert ok(gw.get(f"/api/v1/personnel-actions/{act['id']}", headers=a.admin))["status"] == "applied"
    started = [e for e in feed(gw, a.admin, "assignment_started") if e["data"]["employee_id"] == mover["id"]
               and e["data"]["tmt_start"] == tmt.isoformat()]
    assert len(started) == 1 and started[0]["data"]["position_id"] == target
    flagged = [e for e in feed(gw, a.admin, "acting_expiring") if e["data"]["assignment_id"] == plt["id"]]
    acting_ended = [e for e in feed(gw, a.admin, "assignment_ended") if e["data"]["assignment_id"] == plt["id"]]
    assert len(flagged) == 1 and [e["data"]["end_reason"] for e in acting_ended] == ["acting_ended"]

    # every run is listed for its agency and audited; the other agency saw none of it
    listed = ok(gw.get(RUNS, params={"limit": 100}, headers=a.admin))
    assert listed["total"] == 4 * len(days)
    assert ok(gw.get(RUNS, headers=b.admin))["total"] == 0
    assert gw.get(RUNS, params={"agency_id": a.agency_id}, headers=b.admin).status_code == 403
    assert gw.post(RUNS, params={"agency_id": a.agency_id}, json={}, headers=b.admin).status_code == 403
    assert ok(gw.get(f"/api/v1/employees/{twin['id']}", headers=b.admin))["status"] == "active"
    assert gw.post(RUNS, json={}, headers=a.ppk).status_code == 403
    audit = ok(gw.get("/api/v1/position-audit", params={"action": "scheduler.run", "limit": 1}, headers=a.admin))
    assert audit["total"] == 4 * len(days)
