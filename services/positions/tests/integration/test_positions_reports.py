"""Peta jabatan, vacancies, rotation due, retirement forecast, bezetting and their exports."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from merit_positions.rules import months_in_position, rotation_due


async def _org(world):
    dinas = await world.unit("Dinas Pendidikan")
    bidang = await world.unit("Bidang SD", parent=dinas["id"], kind="BIDANG")
    other = await world.unit("Dinas Sosial")
    kadis = await world.position(dinas, await world.job("JPT_PRATAMA"), is_head=True)
    kabid = await world.position(bidang, await world.job("ADMINISTRATOR"), is_head=True)
    staff = await world.position(bidang, await world.job("PELAKSANA"), required_seats=3)
    sos = await world.position(other, await world.job("PELAKSANA"), required_seats=2)
    e1 = await world.employee("IV/c", birth="19670310", cpns="199001")
    e2, e3 = await world.employee("II/c"), await world.employee("III/a")
    e4 = await world.employee("III/d")
    await world.assign(e1, kadis, tmt="2017-01-02")
    await world.assign(e2, staff, tmt="2024-01-02")
    await world.assign(e3, staff, tmt="2018-05-02")
    await world.long_acting()
    await world.assign(e4, kabid, kind="plt", tmt="2024-02-01", tmt_end="2030-12-31")
    return locals()


async def test_positions_peta_jabatan_counts(world) -> None:
    o = await _org(world)
    peta = await world.ok("GET", "/api/v1/position-reports/peta-jabatan?as_of=2024-06-01", status=200)
    assert peta["totals"] == {"positions": 4, "required": 7, "filled": 3, "vacant": 4, "acting": 1}
    dinas = next(u for u in peta["units"] if u["id"] == o["dinas"]["id"])
    assert dinas["totals"]["required"] == 5 and dinas["totals"]["vacant"] == 2
    bidang = dinas["children"][0]
    kabid = next(p for p in bidang["positions"] if p["is_head"])
    assert kabid["vacant"] == 1 and kabid["acting"][0]["kind"] == "plt"
    sub = await world.ok("GET", f"/api/v1/position-reports/peta-jabatan?unit_id={o['bidang']['id']}&as_of=2024-06-01",
                         status=200)
    assert [u["id"] for u in sub["units"]] == [o["bidang"]["id"]] and sub["totals"]["required"] == 4
    past = await world.ok("GET", "/api/v1/position-reports/peta-jabatan?as_of=2019-01-01", status=200)
    assert past["totals"]["filled"] == 2
    r = await world.c.get("/api/v1/position-reports/peta-jabatan?format=csv&as_of=2024-06-01", headers=world.admin)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "Kebutuhan" in r.text and "Bidang SD" in r.text
    r = await world.c.get("/api/v1/position-reports/peta-jabatan?format=xlsx&as_of=2024-06-01", headers=world.admin)
    ws = load_workbook(io.BytesIO(r.content)).active
    # title, "as of", header, four positions
    assert ws.max_row == 7 and ws.cell(3, 9).value == "Kebutuhan" and ws.cell(2, 2).value.date() == date(2024, 6, 1)
    assert {ws.cell(row, 6).value for row in range(4, 8)} == {"JPT Pratama", "Administrator", "Pelaksana"}
    r = await world.c.get("/api/v1/position-reports/peta-jabatan?format=xlsx&as_of=2024-06-01",
                          headers={**world.admin, "Accept-Language": "en"})
    ws = load_workbook(io.BytesIO(r.content)).active
    assert ws.cell(3, 9).value == "Required" and r.headers["content-language"] == "en"
    assert any(str(ws.cell(row, 13).value).startswith("Acting (Plt) ") for row in range(4, 8))


async def test_positions_reports_scoped_for_unit_admin(world) -> None:
    o = await _org(world)
    h = world.h("unit_admin", unit_id=o["bidang"]["id"])
    mine = await world.ok("GET", "/api/v1/position-reports/peta-jabatan?as_of=2024-06-01", status=200, headers=h)
    assert mine["totals"]["required"] == 4
    r = await world.c.get(f"/api/v1/position-reports/vacancies?unit_id={o['other']['id']}", headers=h)
    assert r.status_code == 403
    assert (await world.c.get("/api/v1/position-reports/bezetting", headers=world.h("employee"))).status_code == 403
    assert (await world.c.get("/api/v1/position-reports/bezetting", headers=world.h("supervisor"))).status_code == 403


async def test_positions_vacancies_rotation_retirement_bezetting(world) -> None:
    o = await _org(world)
    vac = await world.ok("GET", "/api/v1/position-reports/vacancies?as_of=2024-06-01", status=200)
    assert {v["position_id"]: v["vacant"] for v in vac["items"]} == {
        o["kabid"]["id"]: 1, o["staff"]["id"]: 1, o["sos"]["id"]: 2}
    only = await world.ok("GET", "/api/v1/position-reports/vacancies?as_of=2024-06-01&kind=ADMINISTRATOR", status=200)
    assert [v["position_id"] for v in only["items"]] == [o["kabid"]["id"]]
    rot = await world.ok("GET", "/api/v1/position-reports/rotation-due?as_of=2024-06-01", status=200)
    assert {r["employee_id"] for r in rot["items"]} == {o["e1"]["id"], o["e3"]["id"]}
    rot = await world.ok("GET", "/api/v1/position-reports/rotation-due?as_of=2023-05-01", status=200)
    assert {r["employee_id"] for r in rot["items"]} == {o["e1"]["id"]}  # e3 reaches 5 years on 2023-05-02
    # e1 born 1967-03-10, JPT (BUP 60): retires 2027-04-01
    ret = await world.ok("GET", "/api/v1/position-reports/retirement-forecast?as_of=2026-06-01&months=12", status=200)
    assert [r["employee_id"] for r in ret["items"]] == [o["e1"]["id"]]
    assert ret["items"][0]["retirement_date"] == "2027-04-01" and ret["seats_falling_vacant"] == 1
    ret = await world.ok("GET", "/api/v1/position-reports/retirement-forecast?as_of=2026-06-01&months=10", status=200)
    assert ret["items"] == []
    bez = await world.ok("GET", "/api/v1/position-reports/bezetting?as_of=2024-06-01", status=200)
    assert bez["total"] == 3 and bez["totals"] == {"II/c": 1, "III/a": 1, "IV/c": 1}
    r = await world.c.get("/api/v1/position-reports/bezetting?as_of=2024-06-01&format=xlsx", headers=world.admin)
    assert r.status_code == 200 and r.content[:2] == b"PK"


async def test_positions_rotation_due_report_is_the_rule(world) -> None:
    """The report lists exactly the holders rules.rotation_due picks, with rules.months_in_position."""
    unit = await world.unit("Dinas Rotasi")
    job = await world.job("PELAKSANA")
    starts = [date(2019, 6, 1), date(2019, 6, 2), date(2020, 2, 29), date(2020, 3, 1), date(2019, 1, 31),
              date(2024, 1, 31), date(2016, 12, 31)]
    held = {}
    for start in starts:
        emp = await world.employee("II/c")
        await world.assign(emp, await world.position(unit, job), tmt=start.isoformat())
        held[emp["id"]] = start
    for as_of, years in ((date(2024, 6, 1), None), (date(2024, 2, 28), 4), (date(2024, 2, 29), 4),
                         (date(2024, 2, 29), 5)):
        q = f"as_of={as_of}&unit_id={unit['id']}" + (f"&years={years}" if years else "")
        rot = await world.ok("GET", f"/api/v1/position-reports/rotation-due?{q}", status=200)
        assert {r["employee_id"]: r["months_in_position"] for r in rot["items"]} == {
            e: months_in_position(s, as_of) for e, s in held.items() if s <= as_of and rotation_due(s, as_of, years)}
