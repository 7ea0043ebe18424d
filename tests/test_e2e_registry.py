"""The registry keeps itself true (issue #11), through the gateway: NI PPPK, appointment dates, effective-dated
ranks and their order, retirement, the kenaikan pangkat report, a unit as it was on a date. Two agencies each."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta
from typing import Any

import httpx

from merit_shared import clock
from tests.conftest import ok
from tests.world import World, nip_for

TODAY = clock.today()
EN = {"Accept-Language": "en"}


def _employee(w: World, nip: str, etype: str = "PNS", rank: dict[str, Any] | None = None, status: int = 201,
              **kw: Any) -> Any:
    body: dict[str, Any] = {"nip": nip, "name": f"Pegawai {nip[-3:]}", "employment_type": etype, **kw}
    if rank:
        body["rank"] = rank
    r = w.gw.post("/api/v1/employees", json=body, headers={**w.admin, **EN})
    assert r.status_code == status, r.text
    return r.json()


def _count(w: World) -> int:
    return int(ok(w.gw.get("/api/v1/employees", headers=w.admin))["total"])


def test_e2e_ni_pppk_accepted_and_schemes_kept_apart(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    # the reference's shape (19890225 2024 21 1 013) with a sequence of this run: a NI PPPK is active in one agency
    emp = _employee(w, f"198902252024211{uuid.uuid4().int % 899 + 101:03d}", "PPPK",
                    rank={"golongan": "IX", "tmt": "2024-03-01"})
    assert (emp["birth_date"], emp["gender"], emp["tmt_cpns"]) == ("1989-02-25", "L", None)
    assert emp["rank"] == {"golongan": "IX", "tmt": "2024-03-01"}
    before = _count(w)
    refused = [
        ("198902252024211013", "PNS", None, "nip_is_ni_pppk", ["body", "nip"]),  # was "CPNS month 21"
        ("198902252024201014", "PPPK", None, "ni_pppk_invalid_marker", ["body", "nip"]),
        ("198902252024211015", "PPPK", {"golongan": "III/a", "tmt": "2024-03-01"}, "golongan_wrong_scheme",
         ["body", "rank", "golongan"]),
        (nip_for(date(1985, 1, 1), date(2010, 3, 1)), "PNS", {"golongan": "IX", "tmt": "2010-03-01"},
         "golongan_wrong_scheme", ["body", "rank", "golongan"]),
        ("199001012099031001", "PNS", None, "nip_cpns_in_future", ["body", "nip"]),  # CPNS in 2099
        (f"19890225{TODAY.year + 1}211016", "PPPK", None, "ni_pppk_appointment_in_future", ["body", "nip"]),
    ]
    for nip, etype, rank, code, loc in refused:
        body = _employee(w, nip, etype, rank=rank, status=422)
        assert (body["code"], body["errors"][0]["loc"]) == (code, loc), body
    assert _count(w) == before  # nothing changed
    # the same number is free in the other agency, and not visible from this one
    assert _employee(other, "198902252024211013", "PPPK")["id"] != emp["id"]
    assert gw.get(f"/api/v1/employees/{emp['id']}", headers=other.admin).status_code == 404


def test_e2e_future_rank_is_pending_and_order_needs_a_reason(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    emp = _employee(w, nip_for(date(1980, 5, 5), date(2005, 3, 1)), rank={"golongan": "III/c", "tmt": "2015-04-01"})
    url = f"/api/v1/employees/{emp['id']}/ranks"
    future = (TODAY + timedelta(days=60)).isoformat()
    added = ok(gw.post(url, json={"golongan": "III/d", "tmt": future}, headers=w.admin), 201)
    assert added["pending"] is True
    got = ok(gw.get(f"/api/v1/employees/{emp['id']}", headers=w.admin))
    assert got["rank"] == {"golongan": "III/c", "tmt": "2015-04-01"}  # what recruitment's eligibility reads
    assert got["pending_rank"] == {"golongan": "III/d", "tmt": future}
    assert [(r["golongan"], r["pending"]) for r in ok(gw.get(url, headers=w.admin))["items"]] == [("III/d", True),
                                                                                        ("III/c", False)]
    # III/d -> III/b (lower) and then III/b -> IV/b (skipped) need a stated reason
    later = (TODAY + timedelta(days=400)).isoformat()
    r = gw.post(url, json={"golongan": "III/b", "tmt": later}, headers={**w.admin, **EN})
    assert r.status_code == 422 and r.json()["code"] == "rank_order_reason_required", r.text
    assert r.json()["errors"][0]["loc"] == ["body", "reason"]
    r = gw.post(url, json={"golongan": "III/b", "tmt": later, "reason": "EXTRAORDINARY_PROMOTION"}, headers=w.admin)
    assert r.status_code == 422 and r.json()["code"] == "rank_order_reason_mismatch", r.text
    lower = ok(gw.post(url, json={"golongan": "III/b", "tmt": later, "reason": "DISCIPLINE",
                                  "reason_note": "SK hukuman disiplin"}, headers=w.admin), 201)
    assert lower["reason"] == "DISCIPLINE"
    latest = (TODAY + timedelta(days=800)).isoformat()
    r = gw.post(url, json={"golongan": "IV/b", "tmt": latest}, headers=w.admin)
    assert r.status_code == 422 and r.json()["code"] == "rank_order_reason_required", r.text
    ok(gw.post(url, json={"golongan": "IV/b", "tmt": latest, "reason": "CORRECTION"}, headers=w.admin), 201)
    assert len(ok(gw.get(url, headers=w.admin))) == 4
    assert gw.post(url, json={"golongan": "IV/c", "tmt": "2030-01-01"}, headers=other.admin).status_code == 404


def test_e2e_no_seat_past_retirement_and_overdue_first(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    birth = date(TODAY.year - 59, 1, 15)  # BUP 58 for Pelaksana: retired on 1 February a year ago
    old = _employee(w, nip_for(birth, date(birth.year + 25, 3, 1)), rank={"golongan": "III/a", "tmt": "2000-04-01"})
    assert old["retirement_overdue"] is True and old["status"] == "active"
    soon = _employee(w, nip_for(date(TODAY.year - 57, 6, 1), date(2000, 3, 1)))  # retires next July
    job = w.post("/api/v1/jobs", {"name": "Pengadministrasi Umum", "kind": "PELAKSANA", "kelas_jabatan": 6})
    seat = w.post("/api/v1/positions", {"unit_id": w.dinas, "job_id": job["id"], "required_seats": 2})
    r = gw.post("/api/v1/assignments", headers={**w.admin, **EN}, json={
        "employee_id": old["id"], "position_id": seat["id"], "kind": "definitive", "tmt_start": TODAY.isoformat(),
        "sk_number": "SK-1", "sk_date": TODAY.isoformat(), "reason": "initial"})
    assert r.status_code == 409 and r.json()["code"] == "employee_past_retirement", r.text
    assert ok(gw.get(f"/api/v1/positions/{seat['id']}", headers=w.admin))["filled"] == 0
    fc = ok(gw.get("/api/v1/position-reports/retirement-forecast?months=24", headers=w.admin))
    ids = [i["employee_id"] for i in fc["items"]]
    assert ids[0] == old["id"] and fc["items"][0]["overdue"] is True and fc["overdue"] == 1
    assert soon["id"] in ids and not fc["items"][ids.index(soon["id"])]["overdue"]
    assert old["id"] not in [i["employee_id"] for i in ok(gw.get(
        "/api/v1/position-reports/retirement-forecast?months=24", headers=other.admin))["items"]]


def _rate(w: World, emp: dict[str, Any], year: int, hasil: str) -> None:
    w.post("/api/v1/annual-ratings", {"employee_id": emp["id"], "year": year, "rating_hasil_kerja": hasil,
                                      "rating_perilaku": "SESUAI_EKSPEKTASI"})


def test_e2e_promotions_due_report(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    period = date(TODAY.year - 1, 10, 1)  # a past period: its rated years are closed
    y1, y2 = period.year - 2, period.year - 1
    four_years = date(period.year - 4, 10, 1).isoformat()
    due = _employee(w, nip_for(date(1985, 2, 2), date(2010, 3, 1)), rank={"golongan": "III/c", "tmt": four_years},
                    educations=[{"level": "S1"}])
    capped = _employee(w, nip_for(date(1984, 3, 3), date(2009, 3, 1)), rank={"golongan": "III/d", "tmt": four_years},
                       educations=[{"level": "S1"}])
    short = _employee(w, nip_for(date(1986, 4, 4), date(2011, 3, 1)),
                      rank={"golongan": "III/b", "tmt": date(period.year - 2, 4, 1).isoformat()},
                      educations=[{"level": "S2"}])
    pppk = _employee(w, f"19900101{period.year - 3}211001", "PPPK", rank={"golongan": "IX", "tmt": "2020-01-01"})
    for emp in (due, capped, short):
        _rate(w, emp, y1, "SESUAI_EKSPEKTASI")
    _rate(w, due, y2, "DI_ATAS_EKSPEKTASI")
    _rate(w, capped, y2, "DI_BAWAH_EKSPEKTASI")  # Butuh Perbaikan
    report = ok(gw.get(f"/api/v1/position-reports/promotions-due?period={period}", headers=w.admin))
    assert report["period"] == period.isoformat() and report["rating_years"] == [y1, y2]
    assert report["ratings_available"] is True
    rows = {i["employee_id"]: i for i in report["items"]}
    assert pppk["id"] not in rows  # PPPK have no rank promotion
    assert rows[due["id"]]["status"] == "eligible" and rows[due["id"]]["next_golongan"] == "III/d"
    assert {x["code"] for x in rows[capped["id"]]["reasons"]} == {"ceiling_by_education_reached",
                                                                 "rating_below_minimum"}
    below = next(x for x in rows[capped["id"]]["reasons"] if x["code"] == "rating_below_minimum")
    assert below["year"] == y2
    short_reasons = {x["code"]: x for x in rows[short["id"]]["reasons"]}
    assert rows[short["id"]]["status"] == "not_eligible"
    assert short_reasons["years_in_rank_short"]["until"] == date(period.year + 2, 4, 1).isoformat()
    assert "rating_missing" in short_reasons  # y2 not rated
    assert (report["eligible"], report["not_eligible"]) == (1, 2)
    only = ok(gw.get(f"/api/v1/position-reports/promotions-due?period={period}&status=eligible", headers=w.admin))
    assert [i["employee_id"] for i in only["items"]] == [due["id"]]
    csv_text = gw.get(f"/api/v1/position-reports/promotions-due?period={period}&format=csv", headers=w.admin).text
    table = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff"))))
    assert table[0][0] == "NIP" and {r[0] for r in table[1:]} == {due["nip"], capped["nip"], short["nip"]}
    bad = gw.get("/api/v1/position-reports/promotions-due?period=2027-05-01", headers=w.admin)
    assert bad.status_code == 422 and bad.json()["code"] == "promotion_period_invalid"
    # the other agency sees none of these people, and may not ask for this agency
    theirs = ok(gw.get(f"/api/v1/position-reports/promotions-due?period={period}", headers=other.admin))
    assert not {due["id"], capped["id"], short["id"]} & {i["employee_id"] for i in theirs["items"]}
    assert gw.get(f"/api/v1/position-reports/promotions-due?agency_id={w.agency_id}",
                  headers=other.admin).status_code in (403, 404)


def test_e2e_org_unit_as_of(gw: httpx.Client, platform: dict[str, str]) -> None:
    w, other = World(gw, platform), World(gw, platform)
    when = (TODAY - timedelta(days=30)).isoformat()
    ok(gw.post(f"/api/v1/org-units/{w.dinas}/rename", json={"name": "Dinas Kesehatan Kota", "effective_date": when},
               headers=w.admin))
    now = ok(gw.get(f"/api/v1/org-units/{w.dinas}", headers=w.admin))
    then = ok(gw.get(f"/api/v1/org-units/{w.dinas}?as_of={TODAY - timedelta(days=60)}", headers=w.admin))
    assert (now["name"], then["name"]) == ("Dinas Kesehatan Kota", "Dinas Kesehatan")
    assert then["valid_to"] == (TODAY - timedelta(days=31)).isoformat()
    assert gw.get(f"/api/v1/org-units/{w.dinas}?as_of=2000-01-01", headers=w.admin).status_code == 404
    assert gw.get(f"/api/v1/org-units/{w.dinas}?as_of={when}", headers=other.admin).status_code == 404
