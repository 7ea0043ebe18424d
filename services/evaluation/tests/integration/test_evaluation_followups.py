"""Follow-ups by policy on every path that makes a rating final and on placement; coaching plans to an outcome;
overdue lists; who sees and does what (denials included)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

YEAR = clock.today().year - 2
SB = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")
B = ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")
BP = ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI")
SK = ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")


async def _rate(client: httpx.AsyncClient, admin: dict, emp: uuid.UUID, pair: tuple[str, str],
                year: int = YEAR) -> dict:
    r = await client.post("/api/v1/annual-ratings", headers=admin, json={
        "employee_id": str(emp), "year": year, "rating_hasil_kerja": pair[0], "rating_perilaku": pair[1]})
    assert r.status_code == 201, r.text
    return dict(r.json())


async def _mine(client: httpx.AsyncClient, headers: dict, **params: str) -> list[dict]:
    r = await client.get("/api/v1/followups", headers=headers, params={"limit": 200, **params})
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def _world(tokens: TokenFactory, directory: FakeDirectory) -> dict:
    agency = uuid.uuid4()
    root = directory.add_unit()
    unit = directory.add_unit(root)
    other_unit = directory.add_unit(root)
    boss = directory.add(agency, unit_id=root)
    people = {k: directory.add(agency, unit_id=unit, evaluator=boss) for k in ("star", "fine", "weak", "poor")}
    outsider = directory.add(agency, unit_id=other_unit)
    return {"agency": agency, "unit": unit, "other_unit": other_unit, "boss": boss, "outsider": outsider, **people,
            "admin": tokens.headers("agency_admin", agency_id=agency),
            "ppk": tokens.headers("ppk", agency_id=agency),
            "unit_admin": tokens.headers("unit_admin", agency_id=agency, unit_id=unit),
            "other_unit_admin": tokens.headers("unit_admin", agency_id=agency, unit_id=other_unit),
            "coach": tokens.headers("supervisor", agency_id=agency, employee_id=boss),
            "weak_h": tokens.headers("employee", agency_id=agency, employee_id=people["weak"]),
            "star_h": tokens.headers("employee", agency_id=agency, employee_id=people["star"]),
            "stranger": tokens.headers("agency_admin", agency_id=uuid.uuid4())}


async def test_followups_by_policy_on_every_final_rating_path(client: httpx.AsyncClient, tokens: TokenFactory,
                                                              directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    for who, pair in (("star", SB), ("fine", B), ("weak", BP), ("poor", SK)):
        await _rate(client, w["admin"], w[who], pair)
    items = await _mine(client, w["admin"])
    by_emp = {i["employee_id"]: i for i in items}
    assert set(by_emp) == {str(w["star"]), str(w["weak"]), str(w["poor"])}  # Baik: no follow-up
    star, weak = by_emp[str(w["star"])], by_emp[str(w["weak"])]
    assert star["kind"] == "REWARD" and star["state"] == "OPEN" and star["predikat"] == "SANGAT_BAIK"
    assert star["options"] == ["RECOGNITION", "DEVELOPMENT_PRIORITY", "PROMOTION_CONSIDERATION", "TALENT_POOL"]
    assert weak["kind"] == "COACHING" and weak["state"] == "DRAFT" and weak["source_kind"] == "annual_rating"
    # No evaluator on a directly recorded rating nor an SKP plan: the agency admin owns it.
    assert weak["owner_kind"] == "AGENCY_ADMIN" and weak["owner_employee_id"] is None
    today = clock.today(w["agency"])
    assert weak["created_on"] == today.isoformat()
    assert weak["due_on"] == (today + timedelta(days=180)).isoformat()
    assert star["due_on"] == (today + timedelta(days=30)).isoformat()
    assert weak["allowed_actions"] == ["UPDATE_PLAN", "ACTIVATE", "CANCEL"]
    # Finalising the unit's ratings (organisation performance) follows them up again: idempotent.
    pol = await client.get(f"/api/v1/evaluation-policies/{w['agency']}", headers=w["admin"])
    assert pol.json()["followups"]["by_predikat"]["BAIK"] == "NONE"
    assert (await client.put(f"/api/v1/evaluation-policies/{w['agency']}", json={"curve_enforcement": "warn"},
                             headers=w["admin"])).status_code == 200
    org = (await client.post("/api/v1/org-performance", headers=w["admin"], json={
        "unit_id": str(w["unit"]), "year": YEAR, "org_predikat": "BAIK"})).json()
    assert (await client.post(f"/api/v1/org-performance/{org['id']}/finalize", headers=w["admin"])).status_code == 200
    assert len(await _mine(client, w["admin"])) == 3
    audit = (await client.get("/api/v1/evaluation-audit", headers=w["admin"],
                              params={"entity": "followup", "entity_id": weak["id"]})).json()
    assert [e["action"] for e in audit["items"]] == ["followup.create"]


async def test_policy_sections_validate_and_change_what_is_created(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                   directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    bad = await client.put(f"/api/v1/evaluation-policies/{w['agency']}", headers=w["admin"],
                           json={"followups": {"by_predikat": {"BAIK": "PROMOTE"}}})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_followup_policy"
    assert bad.json()["errors"][0]["loc"][:3] == ["body", "followups", "by_predikat.BAIK"] or \
        "followups" in str(bad.json())
    ok = await client.put(f"/api/v1/evaluation-policies/{w['agency']}", headers=w["admin"], json={
        "followups": {"by_predikat": {"BAIK": "REWARD"}, "reward_options": ["RECOGNITION"],
                      "due_days": {"REWARD": 14}}})
    assert ok.status_code == 200, ok.text
    await _rate(client, w["admin"], w["fine"], B)
    [item] = await _mine(client, w["admin"])
    assert item["kind"] == "REWARD" and item["options"] == ["RECOGNITION"]
    assert item["due_on"] == (clock.today(w["agency"]) + timedelta(days=14)).isoformat()


async def test_the_import_path_creates_followups(client: httpx.AsyncClient, tokens: TokenFactory,
                                                     directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    nip = directory.employees[w["weak"]].nip
    csv = f"nip,year,predikat\n{nip},{YEAR},BUTUH_PERBAIKAN\n".encode()
    r = await client.post("/api/v1/annual-ratings/import", headers=w["admin"],
                          files={"file": ("ratings.csv", csv, "text/csv")})
    assert r.status_code == 200, r.text
    [item] = await _mine(client, w["admin"])
    assert item["employee_id"] == str(w["weak"]) and item["kind"] == "COACHING" and item["predikat"] == "BUTUH_PERBAIKAN"


async def test_a_coaching_plan_to_its_outcome(client: httpx.AsyncClient, tokens: TokenFactory,
                                              directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    await _rate(client, w["admin"], w["weak"], BP)
    [f] = await _mine(client, w["admin"])
    url = f"/api/v1/followups/{f['id']}"
    read = await client.get(url, headers=w["admin"])
    assert read.status_code == 200 and read.json()["goals"] == [] and read.json()["next_year_rating"] is None
    etag = read.headers["etag"]
    # Not activatable without goals and milestones.
    r = await client.post(f"{url}/activate", headers=w["admin"])
    assert r.status_code == 409 and r.json()["code"] == "coaching_plan_incomplete"
    today = clock.today(w["agency"])
    plan = {"coach_employee_id": str(w["boss"]),
            "goals": [{"description": "Laporan bulanan tepat waktu", "competency_code": "M.03"},
                      {"description": "Menguasai aplikasi perizinan"}],
            "milestones": [{"title": "Tinjauan bulan pertama", "due_on": (today + timedelta(days=30)).isoformat()},
                           {"title": "Tinjauan akhir", "due_on": (today + timedelta(days=90)).isoformat()}]}
    r = await client.put(f"{url}/plan", headers=w["coach"], json=plan)
    assert r.status_code == 403  # not the owner yet: the agency admin owns it
    r = await client.put(f"{url}/plan", headers={**w["admin"], "If-Match": etag}, json=plan)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["owner_kind"] == "EVALUATOR" and body["owner_employee_id"] == str(w["boss"])
    assert [g["competency_code"] for g in body["goals"]] == ["M.03", None] and len(body["milestones"]) == 2
    # The open plan's goal that names a competency is a training need of its year (the coaching source).
    tna = (await client.get("/api/v1/training-needs", headers=w["admin"], params={"year": f["year"]})).json()
    [need] = [i for i in tna["items"] if i["competency_code"] == "M.03"]
    assert need["sources"]["coaching"]["people"] == 1 and "coaching" in tna["sources"]
    # A stale If-Match changes nothing.
    stale = await client.post(f"{url}/activate", headers={**w["admin"], "If-Match": etag})
    assert stale.status_code == 412
    bad = await client.put(f"{url}/plan", headers=w["coach"], json={**plan, "coach_employee_id": str(w["weak"])})
    assert bad.status_code == 422 and bad.json()["code"] == "coach_is_employee"
    early = {**plan, "coach_employee_id": None, "milestones": [{"title": "x", "due_on": "2001-01-01"}]}
    bad = await client.put(f"{url}/plan", headers=w["coach"], json=early)
    assert bad.status_code == 422 and bad.json()["code"] == "milestone_before_plan"
    # Nobody notes progress before activation (409 naming what DRAFT allows); the coach activates.
    early_note = await client.post(f"{url}/notes", headers=w["weak_h"], json={"note": "x"})
    assert early_note.status_code == 409 and early_note.json()["allowed_actions"] == ["UPDATE_PLAN", "ACTIVATE", "CANCEL"]
    r = await client.post(f"{url}/activate", headers={**w["coach"], "If-Match": r.headers["etag"]})
    assert r.status_code == 200 and r.json()["state"] == "ACTIVE", r.text
    assert r.json()["allowed_actions"] == ["UPDATE_PLAN", "ADD_NOTE", "CLOSE"]  # the coach cannot cancel
    assert (await client.get(url, headers=w["weak_h"])).json()["allowed_actions"] == ["ADD_NOTE"]
    n = await client.post(f"{url}/notes", headers=w["coach"], json={"note": "Dua laporan tepat waktu."})
    assert n.status_code == 201 and n.json()["author_employee_id"] == str(w["boss"])
    n = await client.post(f"{url}/notes", headers=w["weak_h"], json={"note": "Saya ikut pelatihan aplikasi.",
                                                                     "noted_on": today.isoformat()})
    assert n.status_code == 201, n.text
    future = await client.post(f"{url}/notes", headers=w["coach"], json={
        "note": "x", "noted_on": (today + timedelta(days=3)).isoformat()})
    assert future.status_code == 422 and future.json()["code"] == "note_date_in_future"
    assert (await client.post(f"{url}/notes", headers=w["star_h"], json={"note": "x"})).status_code == 403
    assert (await client.post(f"{url}/decide", headers=w["coach"], json={"option": "RECOGNITION"})).json()["code"] \
        == "followup_kind_mismatch"
    assert (await client.post(f"{url}/close", headers=w["weak_h"], json={"outcome": "IMPROVED"})).status_code == 403
    # The next year's rating, then the outcome beside it.
    nxt = await _rate(client, w["admin"], w["weak"], B, YEAR + 1)
    r = await client.post(f"{url}/close", headers=w["coach"], json={"outcome": "IMPROVED", "note": "Target tercapai"})
    assert r.status_code == 200, r.text
    done = r.json()
    assert done["state"] == "COMPLETED" and done["outcome"] == "IMPROVED" and done["allowed_actions"] == []
    assert done["next_year_rating"] == {"rating_id": nxt["id"], "year": YEAR + 1, "predikat": "BAIK"}
    assert [x["note"] for x in done["notes"]] == ["Dua laporan tepat waktu.", "Saya ikut pelatihan aplikasi."]
    again = await client.post(f"{url}/close", headers=w["coach"], json={"outcome": "IMPROVED"})
    assert again.status_code == 409 and again.json()["allowed_actions"] == []
    audit = (await client.get("/api/v1/evaluation-audit", headers=w["admin"],
                              params={"entity": "followup", "entity_id": f["id"], "sort": "at"})).json()
    assert [e["action"] for e in audit["items"]] == ["followup.create", "followup.update_plan", "followup.activate",
                                                     "followup.add_note", "followup.add_note", "followup.close"]


async def test_reward_decided_or_declined(client: httpx.AsyncClient, tokens: TokenFactory,
                                          directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    await _rate(client, w["admin"], w["star"], SB)
    await _rate(client, w["admin"], w["fine"], SB)
    a, b = await _mine(client, w["admin"], sort="employee_id")
    r = await client.post(f"/api/v1/followups/{a['id']}/decide", headers=w["star_h"], json={"option": "RECOGNITION"})
    assert r.status_code == 403  # the employee does not reward themselves
    assert (await client.post(f"/api/v1/followups/{a['id']}/decide", headers=w["ppk"],
                              json={"option": "RECOGNITION"})).status_code == 403  # the PPK reads only
    r = await client.post(f"/api/v1/followups/{a['id']}/decide", headers=w["unit_admin"],
                          json={"option": "TALENT_POOL", "note": "Masuk kelompok rencana suksesi"})
    assert r.status_code == 200 and r.json()["state"] == "DECIDED" and r.json()["decision_option"] == "TALENT_POOL"
    assert r.json()["closed_by"] and r.json()["overdue"] is False
    r = await client.post(f"/api/v1/followups/{b['id']}/decline", headers=w["admin"], json={"reason": ""})
    assert r.status_code == 422
    r = await client.post(f"/api/v1/followups/{b['id']}/decline", headers=w["admin"],
                          json={"reason": "Sedang tugas belajar"})
    assert r.status_code == 200 and r.json()["state"] == "DECLINED"
    assert [i["state"] for i in await _mine(client, w["admin"], state="OPEN")] == []


async def test_overdue_list_per_unit(client: httpx.AsyncClient, tokens: TokenFactory,
                                     directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    await _rate(client, w["admin"], w["weak"], BP)
    await _rate(client, w["admin"], w["star"], SB)
    await _rate(client, w["admin"], w["outsider"], SK)
    weak = next(i for i in await _mine(client, w["admin"]) if i["employee_id"] == str(w["weak"]))
    today = clock.today(w["agency"])
    plan = {"goals": [{"description": "Tepat waktu"}],
            "milestones": [{"title": "Bulan pertama", "due_on": (today + timedelta(days=10)).isoformat()}]}
    assert (await client.put(f"/api/v1/followups/{weak['id']}/plan", headers=w["admin"], json=plan)).status_code == 200
    overdue = "/api/v1/followups/overdue"
    assert (await client.get(overdue, headers=w["admin"])).json()["total"] == 0
    later = datetime.combine(today + timedelta(days=12), datetime.min.time(), tzinfo=UTC) + timedelta(hours=6)
    with clock.frozen(later):  # the milestone has passed; the reward (30 days) and the plans (180) are not due
        r = await client.get(overdue, headers=w["admin"], params={"unit_id": str(w["unit"])})
        assert r.status_code == 200 and [i["id"] for i in r.json()["items"]] == [weak["id"]]
        assert r.json()["items"][0]["overdue"] is True
    with clock.frozen(later + timedelta(days=25)):
        items = (await client.get(overdue, headers=w["admin"], params={"unit_id": str(w["unit"])})).json()["items"]
        assert {i["kind"] for i in items} == {"REWARD", "COACHING"}
        scoped = (await client.get(overdue, headers=w["unit_admin"])).json()
        assert {i["employee_id"] for i in scoped["items"]} == {str(w["weak"]), str(w["star"])}  # not the outsider
        assert (await client.get(overdue, headers=w["weak_h"])).json()["total"] == 1
    r = await client.get(overdue, headers=w["admin"], params={"sort": "colour"})
    assert r.status_code == 422 and r.json()["code"] == "sort_invalid"


async def test_who_sees_what(client: httpx.AsyncClient, tokens: TokenFactory, directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    await _rate(client, w["admin"], w["weak"], BP)
    await _rate(client, w["admin"], w["outsider"], SK)
    listed = {i["employee_id"]: i for i in await _mine(client, w["admin"])}
    weak, outsider = listed[str(w["weak"])], listed[str(w["outsider"])]
    url = f"/api/v1/followups/{weak['id']}"
    assert (await client.get(url, headers=w["stranger"])).status_code == 404  # another agency
    assert (await client.post(f"{url}/cancel", headers=w["stranger"], json={"reason": "abc"})).status_code == 404
    assert (await client.get(url, headers=w["star_h"])).status_code == 403  # an employee on someone else's
    assert (await client.get(url, headers=w["other_unit_admin"])).status_code == 403  # outside the subtree
    for h in ("admin", "ppk", "unit_admin", "weak_h", "coach"):  # coach: the evaluator positions resolves
        r = await client.get(url, headers=w[h])
        assert r.status_code == 200, (h, r.text)
    assert (await client.get(url, headers=w["ppk"])).json()["allowed_actions"] == []
    assert [i["id"] for i in await _mine(client, w["weak_h"])] == [weak["id"]]
    assert await _mine(client, w["star_h"]) == []
    assert [i["id"] for i in await _mine(client, w["other_unit_admin"])] == [outsider["id"]]
    assert len(await _mine(client, w["ppk"])) == 2
    assert await _mine(client, w["stranger"]) == []
    # A unit admin cancels in their subtree; outside it the refused write changes nothing.
    r = await client.post(f"{url}/cancel", headers=w["unit_admin"], json={"reason": "Dipindah"})
    assert r.status_code == 200 and r.json()["state"] == "CANCELLED"
    r = await client.post(f"/api/v1/followups/{outsider['id']}/cancel", headers=w["unit_admin"],
                          json={"reason": "Dipindah"})
    assert r.status_code == 403
    assert (await client.get(f"/api/v1/followups/{outsider['id']}", headers=w["admin"])).json()["state"] == "DRAFT"


async def test_placement_creates_followups_once(client: httpx.AsyncClient, tokens: TokenFactory,
                                                directory: FakeDirectory) -> None:
    w = _world(tokens, directory)
    agency, unit = w["agency"], w["unit"]
    pos = uuid.uuid4()
    directory.positions[pos] = {"id": str(pos), "agency_id": str(agency), "unit_id": str(unit),
                                "job": {"kind": "PENGAWAS", "competency_standard": {"M.01": 3, "M.02": 3}}}
    star = directory.add(agency, unit_id=unit, position_id=pos)
    low = directory.add(agency, unit_id=unit, position_id=pos)
    as_of = date(YEAR + 2, 1, 15)
    for e, pair, levels in ((star, SB, {"M.01": 3, "M.02": 3}), (low, SK, {"M.01": 1, "M.02": 1})):
        await _rate(client, w["admin"], e, pair, YEAR)
        await _rate(client, w["admin"], e, pair, YEAR + 1)
        a = await client.post("/api/v1/competency-assessments", headers=w["admin"], json={
            "employee_id": str(e), "assessed_on": f"{YEAR + 1}-06-01", "valid_until": f"{YEAR + 3}-06-01",
            "method": "ASSESSMENT_CENTER", "levels": levels})
        assert (await client.post(f"/api/v1/competency-assessments/{a.json()['id']}/jpm", json={},
                                  headers=w["admin"])).status_code == 201
    before = len(await _mine(client, w["admin"]))
    cyc = (await client.post("/api/v1/talent-cycles", headers=w["admin"], json={
        "name": "T", "year": YEAR + 2, "as_of": as_of.isoformat()})).json()
    body = {"employee_ids": [str(star), str(low)]}
    placed = await client.post(f"/api/v1/talent-cycles/{cyc['id']}/place", json=body, headers=w["admin"])
    assert placed.status_code == 200 and placed.json()["followups_created"] == 2, placed.text
    again = await client.post(f"/api/v1/talent-cycles/{cyc['id']}/place", json=body, headers=w["admin"])
    assert again.json()["followups_created"] == 0
    items = [i for i in await _mine(client, w["admin"]) if i["source_kind"] == "talent_placement"]
    assert len(await _mine(client, w["admin"])) == before + 2
    boxes = {i["employee_id"]: (i["box"], i["kind"], i["year"]) for i in items}
    assert boxes == {str(star): (9, "REWARD", YEAR + 1), str(low): (1, "COACHING", YEAR + 1)}


async def test_the_skp_finalize_path_makes_the_evaluator_the_coach(client: httpx.AsyncClient, tokens: TokenFactory,
                                                                   directory: FakeDirectory) -> None:
    agency, unit = uuid.uuid4(), uuid.uuid4()
    sup = directory.add(agency)
    boss = directory.add(agency, evaluator=sup)
    emp = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    other = directory.add(agency, unit_id=unit, evaluator=boss, superior=sup)
    admin = tokens.headers("agency_admin", agency_id=agency)
    me = tokens.headers("employee", agency_id=agency, employee_id=emp)
    ev = tokens.headers("supervisor", agency_id=agency, employee_id=boss)
    su = tokens.headers("supervisor", agency_id=agency, employee_id=sup)
    assert (await client.post("/api/v1/evaluation-periods", json={"year": YEAR}, headers=admin)).status_code == 201
    pid = (await client.post("/api/v1/performance-plans", json={"employee_id": str(emp), "year": YEAR},
                             headers=me)).json()["id"]
    content = {"results": [{"description": "Layanan cepat", "indicators": [{"description": "Waktu", "target": "3"}]}]}
    assert (await client.put(f"/api/v1/performance-plans/{pid}", json=content, headers=me)).status_code == 200
    for action, h in (("submit", me), ("approve", su), ("start", ev)):
        assert (await client.post(f"/api/v1/performance-plans/{pid}/{action}", headers=h)).status_code == 200
    an = await client.post(f"/api/v1/performance-plans/{pid}/evaluations", json={"period_number": 0}, headers=ev)
    rated = await client.post(f"/api/v1/evaluations/{an.json()['id']}/rate", headers=ev, json={
        "rating_hasil_kerja": BP[0], "rating_perilaku": BP[1]})
    assert rated.status_code == 200, rated.text
    assert (await client.post(f"/api/v1/performance-plans/{pid}/finalize", headers=su)).status_code == 200
    [f] = await _mine(client, admin)
    assert f["kind"] == "COACHING" and f["owner_kind"] == "EVALUATOR" and f["owner_employee_id"] == str(boss)
    coach_view = (await client.get(f"/api/v1/followups/{f['id']}", headers=ev)).json()
    assert coach_view["allowed_actions"] == ["UPDATE_PLAN", "ACTIVATE"]
    assert [i["id"] for i in await _mine(client, su)] == [f["id"]]  # the evaluator's superior: their team
    # A rating recorded directly: the evaluator on the employee's SKP plan of that year owns its follow-up.
    assert (await client.post("/api/v1/performance-plans", json={"employee_id": str(other), "year": YEAR},
                              headers=admin)).status_code == 201
    await _rate(client, admin, other, SK)
    owned = [i for i in await _mine(client, ev, owner_employee_id=str(boss)) if i["employee_id"] == str(other)]
    assert [(i["owner_kind"], i["predikat"]) for i in owned] == [("EVALUATOR", "SANGAT_KURANG")]
