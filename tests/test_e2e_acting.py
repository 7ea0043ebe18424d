"""Acting officials and personnel actions that never dead-end (issue #11), through the gateway with two agencies.

A definitive start ends the seat's Plt the day before, whichever path appoints (an assignment, a personnel action);
a Plt/Plh lasts the agency's acting length and is extended once; a Plh covers exactly a recorded absence of the
holder; an ending records its SK; a decided action that cannot be applied is fixed or cancelled with a reason; the
review team (not a selection panel) reviews; an employee reads the actions that move them and nothing else.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from merit_positions.rules import acting_end, acting_extension_end, acting_max_end
from tests.conftest import create_user, login, ok
from tests.test_e2e_scheduler import person, seat
from tests.world import TODAY, World

ACTIONS = "/api/v1/personnel-actions"


def d(days: int) -> str:
    return (TODAY + timedelta(days=days)).isoformat()


def acting(w: World, emp: dict[str, Any], pos: str, kind: str = "plt", start: int = 0, end: str | None = None,
           status: int = 201) -> Any:
    body = {"employee_id": emp["id"], "position_id": pos, "kind": kind, "tmt_start": d(start),
            "sk_number": f"800/{kind.upper()}/01", "sk_date": d(start - 1), "reason": "acting"}
    return w.post("/api/v1/assignments", {**body, **({"tmt_end": end} if end else {})}, status=status)


def definitive(w: World, emp: dict[str, Any], pos: str, start: int, status: int = 201) -> Any:
    return w.post("/api/v1/assignments", {"employee_id": emp["id"], "position_id": pos, "kind": "definitive",
                                          "tmt_start": d(start), "sk_number": "821/DEF/01", "sk_date": d(start - 1),
                                          "reason": "promotion"}, status=status)


def get(gw: httpx.Client, path: str, headers: dict[str, str], **params: Any) -> Any:
    return ok(gw.get(path, params=params, headers=headers))


def approved(w: World, review: dict[str, str], moves: list[dict[str, str]], tmt: int) -> dict[str, Any]:
    act = w.post(ACTIONS, {"kind": "MUTATION", "title": "Mutasi pejabat pengawas", "tmt": d(tmt), "moves": moves})
    w.post(f"{ACTIONS}/{act['id']}/submit", {}, status=200)
    w.post(f"{ACTIONS}/{act['id']}/review", {"recommendation": "approve", "note": "Sesuai pola karier"},
           headers=review, status=200)
    return dict(w.post(f"{ACTIONS}/{act['id']}/decide", {
        "decision": "approve", "decision_date": TODAY.isoformat(), "sk_number": "821/MUT/09",
        "sk_date": TODAY.isoformat(), "override_reason": "Kebutuhan organisasi mendesak"}, headers=w.ppk, status=200))


def test_a_definitive_start_ends_the_seats_plt_the_day_before_on_every_path(gw: httpx.Client,
                                                                            platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    # a direct appointment
    head = seat(a, "Kepala Bidang Anggaran", True)
    plt = acting(a, person(a, "Rina Plt", date(1982, 2, 2), None), head, start=-20)
    holder = definitive(a, person(a, "Budi Definitif", date(1980, 1, 1), None), head, start=10)
    ended = get(gw, f"/api/v1/assignments/{plt['id']}", a.admin)
    assert (ended["tmt_end"], ended["end_reason"]) == (d(9), "definitive_appointed")
    assert holder["tmt_start"] == d(10)
    on_day = get(gw, f"/api/v1/positions/{head}/holders", a.admin, as_of=d(10))
    assert [(h["kind"], h["employee_id"]) for h in on_day["items"]] == [("definitive", holder["employee_id"])]
    # a Plt that starts on the definitive TMT cannot end the day before: refused, nothing changes
    other = seat(a, "Kepala Bidang Aset", True)
    late = acting(a, person(a, "Sari Plt", date(1983, 3, 3), None), other, start=5)
    r = definitive(a, person(a, "Joko Definitif", date(1981, 1, 1), None), other, start=5, status=409)
    assert r["code"] == "plt_not_before_definitive" and r["assignment_id"] == late["id"]
    assert get(gw, f"/api/v1/assignments/{late['id']}", a.admin)["end_reason"] is None

    # a personnel action's move into a seat with a Plt
    review = login(gw, create_user(gw, platform, a.agency_id, ["review_team"]))
    target = seat(a, "Kepala Bidang Pendapatan", True)
    plt2 = acting(a, person(a, "Tono Plt", date(1984, 4, 4), None), target, start=-30)
    mover = person(a, "Dewi Mutasi", date(1980, 5, 5), seat(a, "Kepala Subbagian Umum"))
    act = approved(a, review, [{"employee_id": mover["id"], "to_position_id": target}], tmt=15)
    assert a.post(f"{ACTIONS}/{act['id']}/apply", {}, status=200)["status"] == "applied"
    ended = get(gw, f"/api/v1/assignments/{plt2['id']}", a.admin)
    assert (ended["tmt_end"], ended["end_reason"]) == (d(14), "definitive_appointed")
    events = get(gw, "/api/v1/position-events", a.admin, type="assignment_ended", limit=1000)["items"]
    assert [e["data"]["end_reason"] for e in events if e["data"]["assignment_id"] == plt2["id"]] == [
        "definitive_appointed"]
    # the other agency neither sees nor touches any of it
    assert gw.get(f"/api/v1/assignments/{plt['id']}", headers=b.admin).status_code == 404
    assert gw.post(f"/api/v1/assignments/{late['id']}/end", headers=b.admin,
                   json={"tmt_end": d(6), "end_reason": "correction"}).status_code == 404


def test_acting_length_one_extension_and_the_expiring_report(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    head = seat(a, "Kepala Bidang Perencanaan", True)
    rina = person(a, "Rina Plt", date(1982, 2, 2), None)
    r = acting(a, rina, head, end=(acting_end(TODAY) + timedelta(days=1)).isoformat(), status=422)
    assert r["code"] == "acting_too_long" and r["max_end"] == acting_end(TODAY).isoformat()
    plt = acting(a, rina, head)
    assert plt["tmt_end"] == acting_end(TODAY).isoformat() and plt["reason"] == "acting"
    url = f"/api/v1/assignments/{plt['id']}/extend-acting"
    sk = {"sk_number": "800/PLT/02", "sk_date": TODAY.isoformat()}
    limit = acting_max_end(TODAY)
    r = a.post(url, {**sk, "tmt_end": (limit + timedelta(days=1)).isoformat()}, status=422)
    assert r["code"] == "acting_extension_range" and r["max_end"] == limit.isoformat()
    assert gw.post(url, json={**sk, "tmt_end": limit.isoformat()}, headers=b.admin).status_code == 404
    assert gw.post(url, json={**sk, "tmt_end": limit.isoformat()}, headers=a.ppk).status_code == 403
    ext = a.post(url, {**sk, "tmt_end": limit.isoformat()}, status=200)
    assert (ext["tmt_end"], ext["acting_extended_on"], ext["acting_extension_sk_number"]) == (
        limit.isoformat(), TODAY.isoformat(), "800/PLT/02")
    assert ext["sk_number"] == "800/PLT/01"  # the appointing SK is kept
    assert a.post(url, {**sk, "tmt_end": limit.isoformat()}, status=409)["code"] == "acting_already_extended"
    holder = definitive(a, person(a, "Budi", date(1980, 1, 1), None), seat(a, "Sekretaris"), start=-100)
    r = a.post(f"/api/v1/assignments/{holder['id']}/extend-acting", {**sk, "tmt_end": d(30)}, status=409)
    assert r["code"] == "assignment_not_acting"

    # a second acting official ending soon, not extended
    soon = acting(a, person(a, "Sari Plt", date(1983, 3, 3), None), seat(a, "Kepala Bidang Aset", True),
                  start=-80, end=d(5))
    report = "/api/v1/position-reports/acting-expiring"
    near = get(gw, report, a.admin, days=10)
    assert [(i["assignment_id"], i["days_left"], i["extended"]) for i in near["items"]] == [(soon["id"], 5, False)]
    assert near["items"][0]["extendable_to"] == acting_extension_end(date.fromisoformat(d(-80)),
                                                                     date.fromisoformat(d(5))).isoformat()
    far = get(gw, report, a.ppk, days=366)
    assert [i["assignment_id"] for i in far["items"]] == [soon["id"], plt["id"]]
    assert far["items"][1]["extended"] is True and far["items"][1]["extendable_to"] is None
    assert get(gw, report, a.admin)["days"] == 14  # the policy's warning window by default
    csv = gw.get(report, params={"days": 366, "format": "csv"}, headers=a.admin)
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Sari Plt" in csv.text and "NIP" in csv.text.splitlines()[0]
    xlsx = gw.get(report, params={"days": 366, "format": "xlsx"}, headers=a.admin)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert get(gw, report, b.admin, days=366)["items"] == []
    assert gw.get(report, params={"agency_id": a.agency_id}, headers=b.admin).status_code == 403
    assert gw.get(report, headers=a.supervisor).status_code == 403


def test_ending_records_its_sk(gw: httpx.Client, platform: dict[str, str]) -> None:
    a = World(gw, platform)
    held = definitive(a, person(a, "Budi", date(1980, 1, 1), None), seat(a, "Sekretaris"), start=-100)
    url = f"/api/v1/assignments/{held['id']}/end"
    r = a.post(url, {"tmt_end": d(-1), "end_reason": "rotation", "sk_number": "821/END/01"}, status=422)
    assert r["code"] == "end_sk_incomplete"
    r = a.post(url, {"tmt_end": d(-1), "end_reason": "rotation", "sk_number": "821/END/01", "sk_date": d(1)},
               status=422)
    assert r["code"] == "end_sk_after_end"
    assert a.post(url, {"tmt_end": d(-1), "end_reason": "rotation", "sk_number": "821/END/01",
                        "sk_date": d(-5)}, status=200)["end_sk_number"] == "821/END/01"
    got = get(gw, f"/api/v1/assignments/{held['id']}", a.admin)
    assert (got["end_sk_number"], got["end_sk_date"], got["end_reason"]) == ("821/END/01", d(-5), "rotation")


def test_a_plh_covers_exactly_a_recorded_absence(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    head = seat(a, "Kepala Bidang Umum", True)
    holder = person(a, "Budi Pemangku", date(1980, 1, 1), head)
    stand_in = person(a, "Rina Plh", date(1982, 2, 2), None)
    assert acting(a, stand_in, head, "plh", start=5, status=409)["code"] == "plh_holder_not_away"
    url = f"/api/v1/employees/{holder['id']}/absences"
    leave = a.post(url, {"kind": "LEAVE", "date_from": d(5), "date_to": d(20), "note": "Cuti tahunan"})
    assert (leave["kind"], leave["date_from"], leave["date_to"]) == ("LEAVE", d(5), d(20))
    r = a.post(url, {"kind": "SICK", "date_from": d(20), "date_to": d(22)}, status=409)
    assert r["code"] == "absence_overlaps"
    assert a.post(url, {"kind": "TRAINING", "date_from": d(9), "date_to": d(3)}, status=422)["code"] == "absence_dates"
    assert gw.post(url, json={"kind": "LEAVE", "date_from": d(40), "date_to": d(41)},
                   headers=b.admin).status_code == 404
    assert gw.get(url, headers=b.admin).status_code == 404
    assert gw.post(url, json={"kind": "LEAVE", "date_from": d(40), "date_to": d(41)},
                   headers=a.ppk).status_code == 403
    r = acting(a, stand_in, head, "plh", start=5, end=d(25), status=409)
    assert r["code"] == "plh_outside_absence"
    plh = acting(a, stand_in, head, "plh", start=5)
    assert plh["tmt_end"] == d(20)  # given no end, it covers the absence
    assert [x["id"] for x in get(gw, url, a.ppk)["items"]] == [leave["id"]]


def test_decided_actions_never_dead_end(gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    review = login(gw, create_user(gw, platform, a.agency_id, ["review_team"]))
    panel = login(gw, create_user(gw, platform, a.agency_id, ["panel_member"]))
    mover = person(a, "Dewi Mutasi", date(1980, 5, 5), seat(a, "Kepala Subbagian Umum"))
    stayer = person(a, "Agus Rotasi", date(1981, 6, 6), seat(a, "Kepala Subbagian Program"))
    target, spare, other = seat(a, "Kepala Bidang A", True), seat(a, "Kepala Bidang B", True), seat(a, "Kabid C", True)
    act = a.post(ACTIONS, {"kind": "MUTATION", "title": "Mutasi pejabat", "tmt": d(20),
                           "moves": [{"employee_id": mover["id"], "to_position_id": target},
                                     {"employee_id": stayer["id"], "to_position_id": other}]})
    a.post(f"{ACTIONS}/{act['id']}/submit", {}, status=200)
    # the selection panel does not review personnel actions (it may not even read them: an action names the people
    # it moves, so the answer is the one for an unknown id); the review team does
    r = gw.post(f"{ACTIONS}/{act['id']}/review", json={"recommendation": "approve", "note": "Sesuai"}, headers=panel)
    assert r.status_code == 404 and r.json()["code"] == "not_found", r.text
    assert gw.get(f"{ACTIONS}/{act['id']}", headers=panel).status_code == 403
    a.post(f"{ACTIONS}/{act['id']}/review", {"recommendation": "approve", "note": "Sesuai"}, headers=review, status=200)
    a.post(f"{ACTIONS}/{act['id']}/decide", {
        "decision": "approve", "decision_date": TODAY.isoformat(), "sk_number": "821/MUT/10",
        "sk_date": TODAY.isoformat(), "override_reason": "Kebutuhan organisasi mendesak"}, headers=a.ppk, status=200)
    # someone else takes the target seat meanwhile: applying answers 409 naming the move, and the action stays open
    definitive(a, person(a, "Penyusup", date(1979, 7, 7), None), target, start=10)
    r = a.post(f"{ACTIONS}/{act['id']}/apply", {}, status=409)
    assert r["code"] == "seat_filled" and r["move"]["employee_id"] == mover["id"]
    now = get(gw, f"{ACTIONS}/{act['id']}", a.admin)
    assert now["status"] == "approved" and now["allowed_actions"] == ["apply", "edit", "cancel"]
    pending = get(gw, ACTIONS, a.admin, status="pending_apply")
    assert [x["id"] for x in pending["items"]] == [act["id"]]
    assert get(gw, ACTIONS, b.admin, status="pending_apply")["items"] == []

    # the move is fixed: pointed at a vacant seat (If-Match guards a concurrent edit), then applied
    etag = gw.get(f"{ACTIONS}/{act['id']}", headers=a.admin).headers["ETag"]
    edit = {"retarget": [{"employee_id": mover["id"], "to_position_id": spare}], "reason": "Jabatan tujuan terisi"}
    assert gw.patch(f"{ACTIONS}/{act['id']}", json=edit, headers=b.admin).status_code == 404
    assert gw.patch(f"{ACTIONS}/{act['id']}", json=edit, headers=a.ppk).status_code == 403
    assert gw.patch(f"{ACTIONS}/{act['id']}", json=edit, headers={**a.admin, "If-Match": '"stale"'}
                    ).status_code == 412
    r = gw.patch(f"{ACTIONS}/{act['id']}", json={"remove": [a.agency_id], "reason": "Salah ketik"}, headers=a.admin)
    assert r.status_code == 422 and r.json()["code"] == "move_not_in_action"
    r = gw.patch(f"{ACTIONS}/{act['id']}", json={"remove": [mover["id"], stayer["id"]], "reason": "Semua keluar"},
                 headers=a.admin)
    assert r.status_code == 422 and r.json()["code"] == "action_needs_move"
    fixed = ok(gw.patch(f"{ACTIONS}/{act['id']}", json=edit, headers={**a.admin, "If-Match": etag}))
    assert fixed["status"] == "approved" and {m["employee_id"]: m["to_position_id"] for m in fixed["moves"]} == {
        mover["id"]: spare, stayer["id"]: other}
    audit = get(gw, "/api/v1/position-audit", a.admin, action="personnel_action.edit")["items"]
    assert [x["after"]["reason"] for x in audit if x["entity_id"] == act["id"]] == ["Jabatan tujuan terisi"]
    # an employee reads the actions that move them, with their own move only; others see nothing
    me = login(gw, create_user(gw, platform, a.agency_id, ["employee"], employee_id=mover["id"], nip=mover["nip"]))
    mine = get(gw, ACTIONS, me)["items"]
    assert [x["id"] for x in mine] == [act["id"]] and [m["employee_id"] for m in mine[0]["moves"]] == [mover["id"]]
    assert get(gw, f"{ACTIONS}/{act['id']}", me)["allowed_actions"] == []
    assert gw.patch(f"{ACTIONS}/{act['id']}", json=edit, headers=me).status_code == 403
    outsider = person(a, "Orang Lain", date(1985, 8, 8), None)
    them = login(gw, create_user(gw, platform, a.agency_id, ["employee"], employee_id=outsider["id"],
                                 nip=outsider["nip"]))
    assert get(gw, ACTIONS, them)["items"] == []
    assert gw.get(f"{ACTIONS}/{act['id']}", headers=them).status_code == 404
    assert a.post(f"{ACTIONS}/{act['id']}/apply", {}, status=200)["status"] == "applied"
    assert get(gw, ACTIONS, a.admin, status="pending_apply")["items"] == []

    # a decided action is cancelled only with its reason
    again = approved(a, review, [{"employee_id": stayer["id"], "to_position_id": target}], tmt=60)
    r = a.post(f"{ACTIONS}/{again['id']}/cancel", {}, status=422)
    assert r["code"] == "cancel_reason_required"
    assert gw.post(f"{ACTIONS}/{again['id']}/cancel", json={"reason": "Formasi dibatalkan"},
                   headers=b.admin).status_code == 404
    done = a.post(f"{ACTIONS}/{again['id']}/cancel", {"reason": "Formasi dibatalkan"}, status=200)
    assert (done["status"], done["cancel_reason"]) == ("cancelled", "Formasi dibatalkan")
