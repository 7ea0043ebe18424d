"""Lists answer pages with a documented sort (issue #10): a per-record list (ranks) pages and sorts either way, the
agency's unit list sorts in SQL with the id breaking ties so consecutive pages never repeat or skip a row, the
employee search sorts its fuzzy window only when asked, and an unknown field is a 422 naming the allowed ones."""

from __future__ import annotations


async def test_positions_ranks_page_and_sort_both_ways(world) -> None:
    emp = await world.employee("III/a")
    for gol, tmt in (("III/b", "2019-04-01"), ("III/c", "2023-04-01")):
        await world.ok("POST", f"/api/v1/employees/{emp['id']}/ranks", json={"golongan": gol, "tmt": tmt,
                                                                             "sk_number": "SK-KP"})
    url = f"/api/v1/employees/{emp['id']}/ranks"
    newest = await world.ok("GET", url, status=200)
    assert [r["tmt"] for r in newest["items"]] == sorted((r["tmt"] for r in newest["items"]), reverse=True)
    assert (newest["total"], newest["limit"], newest["offset"]) == (3, 50, 0)
    oldest = await world.ok("GET", f"{url}?sort=tmt", status=200)
    assert [r["id"] for r in oldest["items"]] == [r["id"] for r in reversed(newest["items"])]
    second = await world.ok("GET", f"{url}?sort=tmt&limit=1&offset=1", status=200)
    assert [r["golongan"] for r in second["items"]] == ["III/b"] and second["total"] == 3


async def test_positions_pages_in_sql_are_stable_on_ties(world) -> None:
    # Three units share a name: sorting by name alone ties; the id ends every order, so pages partition the rows.
    for code in ("S-3", "S-1", "S-2"):
        await world.unit("Seksi Kembar", code=code)
    params = "q=Seksi Kembar&sort=name&limit=1"
    seen = [(await world.ok("GET", f"/api/v1/org-units?{params}&offset={o}", status=200))["items"][0]["id"]
            for o in range(3)]
    again = [(await world.ok("GET", f"/api/v1/org-units?{params}&offset={o}", status=200))["items"][0]["id"]
             for o in range(3)]
    assert len(set(seen)) == 3 and seen == again == sorted(seen)
    codes = [u["code"] for u in (await world.ok("GET", "/api/v1/org-units?q=Seksi Kembar&sort=-code",
                                                status=200))["items"]]
    assert codes == ["S-3", "S-2", "S-1"]


async def test_positions_unknown_sort_field_is_a_problem_naming_the_allowed_ones(world) -> None:
    r = await world.c.get("/api/v1/employees?sort=salary", headers=world.admin)
    body = r.json()
    assert r.status_code == 422 and body["code"] == "sort_invalid"
    assert body["errors"][0]["loc"] == ["query", "sort"] and "name, nip, status" in body["detail"]


async def test_positions_employee_search_keeps_relevance_unless_sorted(world) -> None:
    for name in ("Budi Santoso", "Budi Santosa", "Budiman Santo"):
        await world.employee("III/a", name=name)
    near = await world.ok("GET", "/api/v1/employees?q=Budi Santoso", status=200)
    assert near["items"][0]["name"] == "Budi Santoso"
    by_name = await world.ok("GET", "/api/v1/employees?q=Budi Santoso&sort=-name", status=200)
    names = [i["name"] for i in by_name["items"]]
    assert names == sorted(names, reverse=True) and set(names) == {i["name"] for i in near["items"]}
