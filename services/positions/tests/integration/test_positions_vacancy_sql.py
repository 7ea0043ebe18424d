"""The vacancy the database computes (seats/queries.vacant_sql, used where positions are paged and filtered in SQL)
is exactly rules.vacancy: a table of cases through the SQL on the real database and through the rule, and the
position list (SQL path) against the rule and the Python paths (position read, vacancy report) on real positions."""

from __future__ import annotations

import sqlalchemy as sa

from merit_positions.rules import vacancy
from merit_positions.seats.queries import vacant_sql

# (required seats, definitive holders): empty, partly filled, full, overfilled (legacy data), zero seats.
CASES = [(0, 0), (0, 1), (0, 5), (1, 0), (1, 1), (1, 2), (3, 0), (3, 1), (3, 2), (3, 3), (3, 4), (3, 7),
         (5, 3), (10, 0), (10, 10), (10, 11), (2_147_483_647, 0), (0, 2_147_483_647)]


async def test_positions_vacant_sql_equals_the_rule_on_every_case(world) -> None:
    app = world.c._transport.app  # type: ignore[attr-defined]
    values = ", ".join(f"(CAST(:r{i} AS integer), CAST(:f{i} AS integer))" for i in range(len(CASES)))
    params = {k: v for i, (r, f) in enumerate(CASES) for k, v in ((f"r{i}", r), (f"f{i}", f))}
    sql = f"""SELECT required, filled, {vacant_sql('required', 'filled')} AS vacant,
                     {vacant_sql('required', 'filled')} > 0 AS is_vacant
              FROM (VALUES {values}) AS t(required, filled)"""
    async with app.state.db.sessionmaker() as s:
        rows = (await s.execute(sa.text(sql), params)).all()
    assert [(r, f) for r, f, _, _ in rows] == CASES
    assert [(r, f, v) for r, f, v, _ in rows] == [(r, f, vacancy(r, f)) for r, f in CASES]
    assert [bool(x) for *_, x in rows] == [vacancy(r, f) > 0 for r, f in CASES]


async def test_positions_list_vacancy_equals_the_rule_and_the_python_paths(world) -> None:
    unit = await world.unit("Dinas Uji Lowongan")
    staff, head = await world.job("PELAKSANA"), await world.job("ADMINISTRATOR")
    seats_and_holders = [(0, 0), (1, 0), (1, 1), (3, 0), (3, 2), (3, 3)]
    expected: dict[str, tuple[int, int]] = {}
    for required, holders in seats_and_holders:
        pos = await world.position(unit, staff, required_seats=required)
        for _ in range(holders):
            await world.assign(await world.employee("II/c"), pos, tmt="2024-01-02")
        expected[pos["id"]] = (required, holders)
    kabid = await world.position(unit, head, is_head=True)  # managerial: one seat, a Plt does not fill it
    await world.assign(await world.employee("III/d"), kabid, kind="plt", tmt="2024-02-01")
    expected[kabid["id"]] = (1, 0)

    listed = (await world.ok("GET", f"/api/v1/positions?unit_id={unit['id']}&limit=100", status=200))["items"]
    assert {p["id"]: (p["required_seats"], p["filled"]) for p in listed} == expected
    assert {p["id"]: p["vacant"] for p in listed} == {i: vacancy(r, f) for i, (r, f) in expected.items()}
    only = (await world.ok("GET", f"/api/v1/positions?unit_id={unit['id']}&vacant_only=true&limit=100",
                           status=200))["items"]
    assert {p["id"] for p in only} == {i for i, (r, f) in expected.items() if vacancy(r, f) > 0}
    for pid in expected:  # the position read (Python path) agrees
        assert (await world.ok("GET", f"/api/v1/positions/{pid}", status=200))["vacant"] == vacancy(*expected[pid])
    report = await world.ok("GET", f"/api/v1/position-reports/vacancies?unit_id={unit['id']}", status=200)
    assert {v["position_id"]: v["vacant"] for v in report["items"]} == {
        i: vacancy(r, f) for i, (r, f) in expected.items() if vacancy(r, f) > 0}
