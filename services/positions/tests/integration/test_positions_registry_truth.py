"""Issue #11 inside the positions service: the effective policy names its values, the KP-due report with ratings from
an injected evaluation directory (available and unavailable), and a unit admin's subtree."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest


async def test_positions_effective_policy_names_predikat(world) -> None:
    body = await world.ok("GET", f"/api/v1/agencies/{world.agency_id}/policy", status=200)
    eff = body["effective"]
    assert eff["min_predikat"] == "BAIK" and eff["kp_min_predikat"] == "BAIK"
    assert eff["kp_min_years_in_rank"] == 4 and eff["kp_ceiling_by_education"]["S1"] == "III/d"
    assert eff["kp_periods"] == [[4, 1], [10, 1]]
    changed = await world.ok("PUT", f"/api/v1/agencies/{world.agency_id}/policy", status=200, json={
        "overrides": {"performance_years": 3, "kp_min_years_in_rank": 5,
                      "kp_ceiling_by_education": {"S1": "IV/a"}, "kp_periods": ["04-01", "10-01", "12-01"]}})
    eff = changed["effective"]
    assert eff["min_predikat"] == "BAIK" and eff["performance_years"] == 3
    assert eff["kp_min_years_in_rank"] == 5 and eff["kp_ceiling_by_education"]["S1"] == "IV/a"
    assert eff["kp_periods"] == [[4, 1], [10, 1], [12, 1]]
    r = await world.c.put(f"/api/v1/agencies/{world.agency_id}/policy", headers=world.admin,
                          json={"overrides": {"kp_periods": ["02-29"]}})
    assert r.status_code == 422 and r.json()["code"] == "policy_invalid", r.text


class RatingsPeer:
    """Evaluation's annual-ratings pages: ``ratings`` (employee id, year, predikat), padded with others' ratings so
    that the report has to read more than one page."""

    def __init__(self, ratings: list[tuple[str, int, str]], padding: int = 250) -> None:
        self.items = [{"employee_id": e, "year": y, "predikat": p} for e, y, p in ratings]
        self.items += [{"employee_id": str(uuid.uuid4()), "year": y, "predikat": "BAIK"}
                       for y in {y for _, y, _ in ratings} for _ in range(padding)]
        self.calls: list[dict[str, Any]] = []

    async def request(self, method: str, path: str, params: dict[str, Any] | None = None, **kw: Any) -> Any:
        import httpx

        assert path == "/api/v1/annual-ratings", path
        params = params or {}
        self.calls.append(params)
        mine = [i for i in self.items if i["year"] == params["year"]]
        page = mine[params["offset"]:params["offset"] + params["limit"]]
        return httpx.Response(200, json={"items": page, "total": len(mine), "limit": params["limit"],
                                         "offset": params["offset"]})


@pytest.fixture
def peers(world):  # type: ignore[no-untyped-def]
    app = world.c._transport.app  # type: ignore[attr-defined]
    old = app.state.peers.get("evaluation")
    yield app.state.peers
    app.state.peers["evaluation"] = old


async def test_positions_promotions_due_reads_ratings_pages(world, peers, tokens) -> None:
    dinas = await world.unit("Dinas")
    bidang = await world.unit("Bidang", parent=dinas["id"], kind="BIDANG")
    other = await world.unit("Dinas Lain")
    job = await world.job("PELAKSANA")
    period = date(2026, 4, 1)
    ok_emp = await world.employee("III/a", educations=[{"level": "S1"}])
    low_emp = await world.employee("III/a", educations=[{"level": "S1"}])
    for emp, unit in ((ok_emp, bidang), (low_emp, other)):
        await world.assign(emp, await world.position(unit, job, required_seats=1))
    # the world's employees hold III/a from 2015-04-01: 4 years long done
    peers["evaluation"] = RatingsPeer([(ok_emp["id"], 2024, "BAIK"), (ok_emp["id"], 2025, "SANGAT_BAIK"),
                                       (low_emp["id"], 2024, "BAIK"), (low_emp["id"], 2024, "KURANG"),
                                       (low_emp["id"], 2025, "BAIK")])
    body = await world.ok("GET", f"/api/v1/position-reports/promotions-due?period={period}", status=200)
    rows = {i["employee_id"]: i for i in body["items"]}
    assert body["ratings_available"] is True and body["rating_years"] == [2024, 2025]
    assert rows[ok_emp["id"]]["status"] == "eligible" and rows[ok_emp["id"]]["next_golongan"] == "III/b"
    low = rows[low_emp["id"]]  # two ratings for 2024: the lower one counts
    assert low["ratings"] == {"2024": "KURANG", "2025": "BAIK"}
    assert [(x["code"], x["year"]) for x in low["reasons"]] == [("rating_below_minimum", 2024)]
    assert len(peers["evaluation"].calls) == 4  # 2 years x 2 pages of 200
    # sort: by outcome, then name; a field the report does not sort by is named in the refusal
    by_status = await world.ok("GET", f"/api/v1/position-reports/promotions-due?period={period}&sort=status,-nip",
                               status=200)
    keys = [(i["status"], i["nip"]) for i in by_status["items"]]
    assert keys == sorted(keys, key=lambda k: (k[0], -int(k[1]))) and len(keys) == len(body["items"])
    bad = await world.c.get(f"/api/v1/position-reports/promotions-due?period={period}&sort=gaji")
    assert bad.status_code == 422 and bad.json()["code"] == "sort_invalid" and "display_name" in bad.json()["detail"]
    assert {c["agency_id"] for c in peers["evaluation"].calls} == {str(world.agency_id)}
    # a unit admin sees their subtree only
    unit_admin = world.h("unit_admin", unit_id=dinas["id"], sub="ua")
    mine = await world.ok("GET", f"/api/v1/position-reports/promotions-due?period={period}", status=200,
                          headers=unit_admin)
    assert [i["employee_id"] for i in mine["items"]] == [ok_emp["id"]]
    r = await world.c.get(f"/api/v1/position-reports/promotions-due?unit_id={other['id']}", headers=unit_admin)
    assert r.status_code == 403
    # an employee or a supervisor may not read the report; another agency's admin never sees these people
    for role in ("employee", "supervisor"):
        r = await world.c.get("/api/v1/position-reports/promotions-due", headers=world.h(role, sub=role))
        assert r.status_code == 403, role
    stranger = tokens.headers("agency_admin", agency_id=uuid.uuid4(), sub="x")
    r = await world.c.get(f"/api/v1/position-reports/promotions-due?agency_id={world.agency_id}", headers=stranger)
    assert r.status_code in (403, 404)


class DownPeer:
    async def request(self, method: str, path: str, **kw: Any) -> Any:
        import httpx

        return httpx.Response(503, json={"code": "unavailable"})


async def test_positions_promotions_due_without_evaluation_is_unknown(world, peers) -> None:
    emp = await world.employee("III/a", educations=[{"level": "S1"}])
    peers["evaluation"] = DownPeer()
    body = await world.ok("GET", "/api/v1/position-reports/promotions-due?period=2026-10-01", status=200)
    row = next(i for i in body["items"] if i["employee_id"] == emp["id"])
    assert body["ratings_available"] is False and body["eligible"] == 0
    assert row["status"] == "unknown" and [x["code"] for x in row["reasons"]] == ["ratings_unavailable"]


async def test_positions_employment_type_must_match_the_number(world) -> None:
    pns = await world.employee("III/a")
    pppk = await world.ok("POST", "/api/v1/employees", json={
        "nip": "198902252024211013", "name": "Rina", "employment_type": "PPPK",
        "rank": {"golongan": "IX", "tmt": "2024-03-01"}})
    for emp, to, code in ((pns, "PPPK", "ni_pppk_invalid_marker"), (pppk, "PNS", "nip_is_ni_pppk"),
                          (pppk, "CPNS", "nip_is_ni_pppk")):
        r = await world.c.patch(f"/api/v1/employees/{emp['id']}", json={"employment_type": to}, headers=world.admin)
        assert r.status_code == 422, r.text
        assert (r.json()["code"], r.json()["errors"][0]["loc"]) == (code, ["body", "employment_type"])
    assert (await world.ok("GET", f"/api/v1/employees/{pppk['id']}", status=200))["employment_type"] == "PPPK"
    # a PPPK records golongan I..XVII only; the rank order rule is for PNS ranks
    r = await world.c.post(f"/api/v1/employees/{pppk['id']}/ranks", json={"golongan": "III/b", "tmt": "2025-03-01"},
                           headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "golongan_wrong_scheme"
    await world.ok("POST", f"/api/v1/employees/{pppk['id']}/ranks", json={"golongan": "VII", "tmt": "2025-03-01"})
