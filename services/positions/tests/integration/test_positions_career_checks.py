"""POST /api/v1/positions/career-checks on the real database: the registry's side of career planning (issue #13).

The facts carry their records (rank, education, assignment, job version), each pair its kind of move and checks
(judged by rules.career), the agency's policy applies, filters narrow the positions, and only Merit's services ask.
"""

from __future__ import annotations

from typing import Any

URL = "/api/v1/positions/career-checks"


async def ask(world: Any, status: int = 200, **body: Any) -> Any:
    return await world.ok("POST", URL, status=status, headers=world.service,
                          json={"agency_id": str(world.agency_id), **body})


def checks_of(answer: dict[str, Any], employee_id: str, position_id: str) -> tuple[str, dict[str, dict[str, Any]]]:
    [pair] = [p for p in answer["pairs"] if p[0] == employee_id and p[1] == position_id]
    return pair[2], {answer["checks"][i]["name"]: answer["checks"][i] for i in pair[3]}


async def test_a_person_against_the_agency_positions(world: Any) -> None:
    unit = await world.unit("Dinas Karier")
    staff = await world.job("PELAKSANA", kelas_jabatan=7)
    analyst = await world.job("PELAKSANA", kelas_jabatan=8, min_education="S1",
                              competency_standard={"M.01": 3, "SK.01": 3})
    head = await world.job("ADMINISTRATOR", kelas_jabatan=12)  # minimum rank III/d by the policy's default
    seat, target, top = (await world.position(unit, staff), await world.position(unit, analyst),
                         await world.position(unit, head, is_head=True))
    emp = await world.employee("III/b", educations=[{"level": "D3"}])
    await world.assign(emp, seat, tmt="2023-01-02")

    out = await ask(world, employee_id=emp["id"], ratings={emp["id"]: {"2024": "BAIK", "2025": "SANGAT_BAIK"}},
                    as_of="2026-06-01")
    assert {p["position_id"] for p in out["positions"]} == {seat["id"], target["id"], top["id"]}
    assert seat["id"] not in {p[1] for p in out["pairs"]}  # the seat they hold is not a move
    [person] = out["people"]
    assert person["rank"]["golongan"] == "III/b" and person["rank"]["tmt"] == "2015-04-01"
    assert person["education"]["level"] == "D3" and person["assignment"]["position_id"] == seat["id"]

    kind, checks = checks_of(out, emp["id"], target["id"])
    assert kind == "PROMOTION"
    assert {k: v["status"] for k, v in checks.items()} == {"rank": "passed", "education": "failed",
                                                           "time_in_position": "passed", "performance": "passed"}
    job = next(p for p in out["positions"] if p["position_id"] == target["id"])["job"]
    assert job["competency_standard"] == {"M.01": 3, "SK.01": 3} and job["version"] >= 1
    kind, checks = checks_of(out, emp["id"], top["id"])
    assert checks["rank"]["status"] == "failed" and checks["rank"]["required"] == "III/d"
    assert checks["regular_promotion"]["value"]["next_rank"] == "III/c"

    # without ratings evaluation could give, performance is unknown, never passed
    out = await ask(world, employee_id=emp["id"], position_id=target["id"], ratings=None, as_of="2026-06-01")
    assert checks_of(out, emp["id"], target["id"])[1]["performance"]["status"] == "unknown"

    # the agency's policy: one year in the seat is enough here
    await world.ok("PUT", f"/api/v1/agencies/{world.agency_id}/policy", status=200,
                   json={"overrides": {"min_years_in_position": 1}})
    out = await ask(world, employee_id=emp["id"], position_id=target["id"], as_of="2024-02-01")
    assert checks_of(out, emp["id"], target["id"])[1]["time_in_position"]["status"] == "passed"
    assert out["policy"]["min_years_in_position"] == 1

    # filters: kind, kelas, vacant seats only
    out = await ask(world, employee_id=emp["id"], kind="ADMINISTRATOR")
    assert [p["position_id"] for p in out["positions"]] == [top["id"]]
    out = await ask(world, employee_id=emp["id"], max_kelas=8, vacant_only=True)
    assert {p["position_id"] for p in out["positions"]} == {target["id"]}  # their own seat is full


async def test_a_position_against_the_agency_people_and_the_refusals(world: Any) -> None:
    unit = await world.unit("Dinas Kandidat")
    job = await world.job("PELAKSANA", kelas_jabatan=8)
    target = await world.position(unit, job)
    holder, other = await world.employee("III/a"), await world.employee("II/d")
    await world.assign(holder, target)
    out = await ask(world, position_id=target["id"])
    ids = {p[0] for p in out["pairs"]}
    assert other["id"] in ids and holder["id"] not in ids  # a holder is no candidate for their own seat

    missing = "00000000-0000-0000-0000-000000000001"
    await ask(world, status=404, position_id=missing)
    await ask(world, status=404, employee_id=missing)
    await ask(world, status=422)  # neither a person nor a position
    r = await world.c.post(URL, headers=world.admin, json={"agency_id": str(world.agency_id),
                                                           "position_id": target["id"]})
    assert r.status_code == 403  # Merit's services only
