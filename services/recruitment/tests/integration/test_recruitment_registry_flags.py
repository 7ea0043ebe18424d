"""The registry's conflict flags are kept current while the assessment runs: raised again when the committee
changes, when an applicant is reinstated and at each advance-stage (the registry may have changed); a decided flag
is never raised again, and a new one holds the member's scores until the chair decides it."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx

from merit_shared import clock

EARLY = {"reason": "Pelamar sudah cukup; ditutup lebih awal."}
TWO_STAGES = [{"code": "KESEHATAN", "name": "Tes kesehatan", "kind": "PASS_FAIL"},
              {"code": "WAWANCARA", "name": "Wawancara", "kind": "SCORED", "weight": "100"}]


async def _assessing(client: httpx.AsyncClient, world: Any, n: int, **over: Any) -> tuple[
        str, list[str], list[dict[str, Any]], list[dict[str, Any]], list[dict[str, str]]]:
    """A selection in its first stage with ``n`` qualified applicants and a committee of account-named members;
    returns (sid, application ids, people, members, their tokens)."""
    sel = await world.open_selection(**over)
    sid = sel["id"]
    people = [world.employee(name=f"Pelamar {i}") for i in range(n)]
    apps = []
    for person in people:
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
        assert r.status_code == 201, r.text
        apps.append(r.json()["id"])
        await world.qualify(apps[-1])
    await world.act(sid, "close-registration", EARLY)
    members, heads = world.committee_body()
    assert (await _put_committee(client, world, sid, members)).status_code == 200
    await world.act(sid, "start-assessment")
    return sid, apps, people, members, heads


def _put_committee(client: httpx.AsyncClient, world: Any, sid: str, members: list[dict[str, Any]]) -> Any:
    return client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)


async def _flags(client: httpx.AsyncClient, world: Any, sid: str) -> list[tuple[str, str, str, str]]:
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    name = {m["id"]: m["name"] for m in com["members"]}
    flags = (await client.get(f"/api/v1/selections/{sid}/committee/conflict-flags", headers=world.admin)).json()["items"]
    return sorted((name.get(f["member_id"], "?"), f["application_id"], f["basis"], f["status"]) for f in flags)


async def _flag_id(client: httpx.AsyncClient, world: Any, sid: str, application_id: str) -> str:
    flags = (await client.get(f"/api/v1/selections/{sid}/committee/conflict-flags", headers=world.admin)).json()["items"]
    return str(next(f["id"] for f in flags if f["application_id"] == application_id and f["status"] == "OPEN"))


def _score(client: httpx.AsyncClient, app_id: str, code: str, h: dict[str, str], v: int = 80) -> Any:
    return client.put(f"/api/v1/applications/{app_id}/stages/{code}/scores", json={"criteria": {"x": v}}, headers=h)


async def test_recruitment_a_committee_changed_during_the_assessment_is_flagged_again(
        client: httpx.AsyncClient, world: Any) -> None:
    sid, (a, b), people, members, heads = await _assessing(client, world, 2, **world.NO_APPEAL_WINDOW)
    code = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()["current_stage_code"]
    assert await _flags(client, world, sid) == []
    scorers = [0, 2, 3]
    await world.declare(sid, [members[i] for i in scorers], [heads[i] for i in scorers], [a, b])
    for i in scorers:
        assert (await _score(client, a, code, heads[i])).status_code == 200
    # A scorer stays: their scores are records.
    outsider = world.committee_body(internal=0, size=1)[0][0] | {"name": "Anggota Pengganti", "role": "MEMBER"}
    r = await _put_committee(client, world, sid, [*members[:2], outsider, *members[3:]])
    assert r.status_code == 409 and r.json()["code"] == "committee_member_scored", r.text
    # The second internal member (who has not scored) is replaced by the head of A's bidang.
    kabid = str(uuid.uuid4())
    world.dir.supervisor_of[people[0]["id"]] = kabid
    acc, h_new = world.panel_account(True, employee_id=kabid)
    new = {"account_id": acc["id"], "subject": acc["username"], "name": "Kabid Baru", "role": "MEMBER",
           "internal": True, "employee_id": kabid}
    members3 = [members[0], new, *members[2:]]  # member 1 (no scores) leaves
    r = await _put_committee(client, world, sid, members3)
    assert r.status_code == 200, r.text
    assert await _flags(client, world, sid) == [("Kabid Baru", a, "DIRECT_SUPERVISOR", "OPEN")]
    await world.declare(sid, [new], [h_new], [a, b])
    r = await _score(client, a, code, h_new)
    assert r.status_code == 409 and r.json()["code"] == "conflict_flag_open", r.text
    assert (await _score(client, b, code, h_new)).status_code == 200
    # The chair dismisses it; saving the same committee again does not raise it anew.
    r = await client.post(f"/api/v1/selections/{sid}/committee/conflict-flags/{await _flag_id(client, world, sid, a)}"
                          "/decide", json={"decision": "DISMISS", "reason": "Baru dilantik; belum menilai kinerja."},
                          headers=heads[0])
    assert r.status_code == 200, r.text
    assert (await _put_committee(client, world, sid, members3)).status_code == 200
    assert await _flags(client, world, sid) == [("Kabid Baru", a, "DIRECT_SUPERVISOR", "DISMISSED")]
    assert (await _score(client, a, code, h_new)).status_code == 200
    # Positions unreachable: the change is refused (a link nobody could check is never "none").
    world.dir.down.add("positions")
    r = await _put_committee(client, world, sid, members3)
    assert r.status_code == 503, r.text
    world.dir.down.clear()


async def test_recruitment_new_registry_facts_at_advance_stage_hold_the_stage_until_the_chair_decides(
        client: httpx.AsyncClient, world: Any) -> None:
    sid, (a, b), people, members, heads = await _assessing(client, world, 2, **world.NO_APPEAL_WINDOW)
    code = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()["current_stage_code"]
    emp = str(uuid.uuid4())
    members[1]["employee_id"] = emp  # an internal member known by employee record, with no link yet
    # (set before scoring: the committee is saved again during the assessment)
    assert (await _put_committee(client, world, sid, members)).status_code == 200
    await world.declare(sid, members[:3], heads[:3], [a, b])
    for h in heads[:3]:
        for app_id in (a, b):
            assert (await _score(client, app_id, code, h)).status_code == 200
    world.dir.supervisor_of[people[1]["id"]] = emp  # positions now shows member 1 as B's supervisor
    world.dir.down.add("positions")
    r = await client.post(f"/api/v1/selections/{sid}/advance-stage", headers=world.admin)
    assert r.status_code == 503, r.text
    world.dir.down.clear()
    r = await client.post(f"/api/v1/selections/{sid}/advance-stage", headers=world.admin)
    assert r.status_code == 409 and r.json()["code"] == "conflict_flags_undecided", r.text
    flag = await _flag_id(client, world, sid, b)
    assert r.json()["flag_ids"] == [flag]
    assert await _flags(client, world, sid) == [("Anggota 1", b, "DIRECT_SUPERVISOR", "OPEN")]  # kept
    r = await client.post(f"/api/v1/selections/{sid}/committee/conflict-flags/{flag}/decide",
                          json={"decision": "CONFIRM", "reason": "Atasan langsung sejak bulan ini."},
                          headers=heads[0])
    assert r.status_code == 200, r.text
    com = (await client.get(f"/api/v1/selections/{sid}/committee", headers=world.admin)).json()
    seat1 = next(m["id"] for m in com["members"] if m["account_id"] == members[1]["account_id"])
    scores = (await client.get(f"/api/v1/applications/{b}/scores", headers=world.admin)).json()["items"]
    assert {(s["member_id"] == seat1, s["voided"]) for s in scores} == {(True, True), (False, False)}
    # The two other sheets for B remain (the policy asks for one): the stage closes without member 1's.
    sel = await world.act(sid, "advance-stage")
    assert sel["current_stage_code"] != code
    assert await _flags(client, world, sid) == [("Anggota 1", b, "DIRECT_SUPERVISOR", "CONFIRMED")]


async def test_recruitment_an_applicant_reinstated_by_appeal_is_flagged_at_once(
        client: httpx.AsyncClient, world: Any) -> None:
    sid, (a, b), people, members, heads = await _assessing(client, world, 2, stages=TWO_STAGES,
                                                           schedule=world.schedule(stages=2))
    emp = str(uuid.uuid4())
    members[1]["employee_id"] = emp
    assert (await _put_committee(client, world, sid, members)).status_code == 200
    later = clock.utcnow() + timedelta(days=4)
    with clock.frozen(later):
        for app_id, passed in ((a, True), (b, False)):
            r = await client.put(f"/api/v1/applications/{app_id}/stages/KESEHATAN/result", json={"passed": passed},
                                 headers=world.admin)
            assert r.status_code == 200, r.text
        await world.act(sid, "advance-stage")  # B eliminated
        world.dir.supervisor_of[people[1]["id"]] = emp  # only now does member 1 supervise B
        ann = (await client.post(f"/api/v1/selections/{sid}/announcements",
                                 json={"kind": "STAGE", "stage_code": "KESEHATAN"}, headers=world.admin)).json()
        r = await client.post(f"/api/v1/selections/{sid}/announcements/{ann['id']}/appeals",
                              json={"application_id": b, "reason": "Hasil laboratorium saya tertukar."},
                              headers=people[1]["headers"])
        assert r.status_code == 201, r.text
        assert await _flags(client, world, sid) == []
        r = await client.post(f"/api/v1/selections/{sid}/appeals/{r.json()['id']}/decide",
                              json={"decision": "ACCEPTED", "reasons": "Hasil laboratorium memang tertukar."},
                              headers=world.admin)
        assert r.status_code == 200, r.text
    assert await _flags(client, world, sid) == [("Anggota 1", b, "DIRECT_SUPERVISOR", "OPEN")]
    await world.declare(sid, members[1:2], heads[1:2], [b])
    r = await _score(client, b, "WAWANCARA", heads[1])
    assert r.status_code == 409 and r.json()["code"] == "conflict_flag_open", r.text
