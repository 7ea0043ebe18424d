"""A whole selection, draft to appointment, with the public portal read at each step (positions faked)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from datetime import timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from merit_recruitment.announcements.models import Announcement, Appeal
from merit_recruitment.committee.models import CommitteeMember, ConflictFlag
from merit_recruitment.db_base import outbox
from merit_shared import clock

# Registration is closed before its scheduled end in these tests, which needs a recorded reason.
EARLY = {"reason": "Calon sudah cukup; ditutup lebih awal atas persetujuan panitia."}


class FakeResponse:
    def __init__(self, status: int, body: dict[str, Any]) -> None:
        self.status_code, self._body, self.text = status, body, json.dumps(body)

    def json(self) -> dict[str, Any]:
        return self._body


class FakePositions:
    """Answers the relay's POST /api/v1/assignments with the configured statuses, recording the keys."""

    def __init__(self, *answers: tuple[int, dict[str, Any]]) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, dict[str, Any], str | None]] = []

    async def request(self, method: str, path: str, *, json: Any = None, idempotency_key: str | None = None,
                      **_: Any) -> FakeResponse:
        self.calls.append((path, json, idempotency_key))
        status, body = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        return FakeResponse(status, body)


async def deliver(app: Any, fake: FakePositions) -> None:
    relay = app.state.relay
    old = relay.clients
    relay.clients = {**old, "positions": fake}
    try:
        for _ in range(20):
            await relay.run_once()
            async with app.state.db.sessionmaker() as s:
                left = (await s.execute(sa.select(sa.func.count()).select_from(outbox).where(
                    outbox.c.delivered_at.is_(None), outbox.c.kind == "appointment"))).scalar_one()
            if not left:
                return
            await asyncio.sleep(0.05)
    finally:
        relay.clients = old


async def run_to_proposal(world: Any, client: httpx.AsyncClient, n_applicants: int = 4) -> dict[str, Any]:
    """Drive a selection to PROPOSAL: applicants, screening, committee, all stages scored."""
    pub = {"X-Forwarded-For": f"10.0.{n_applicants}.{id(world) % 250}"}
    sel = await world.open_selection(**world.NO_APPEAL_WINDOW)
    sid = sel["id"]
    people = [world.employee(name=f"Pelamar {i}") for i in range(n_applicants)]
    apps = []
    for person in people:
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={}, headers=person["headers"])
        assert r.status_code == 201, r.text
        apps.append(r.json())
    for a in apps:
        await world.qualify(a["id"])
    await world.act(sid, "close-registration", EARLY)
    r = await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"}, headers=world.admin)
    assert r.status_code == 201, r.text
    members, heads = world.committee_body()
    r = await client.put(f"/api/v1/selections/{sid}/committee", json={"members": members}, headers=world.admin)
    assert r.status_code == 200, r.text
    await world.declare(sid, members[:3], heads[:3], [a["id"] for a in apps])
    sel = await world.act(sid, "start-assessment")
    for _stage in range(len(sel["stages"])):
        code = sel["current_stage_code"]
        stage = next(s for s in sel["stages"] if s["code"] == code)
        for i, a in enumerate(apps):
            if stage["kind"] == "PASS_FAIL":
                r = await client.put(f"/api/v1/applications/{a['id']}/stages/{code}/result", json={"passed": True},
                                     headers=world.admin)
                assert r.status_code == 200, r.text
                continue
            for h in heads[:3]:
                r = await client.put(f"/api/v1/applications/{a['id']}/stages/{code}/scores",
                                     json={"criteria": {"a": 90 - 5 * i, "b": "80.50"}}, headers=h)
                assert r.status_code == 200, r.text
        sel = await world.act(sid, "advance-stage")
        r = await client.get(f"/api/v1/public/selections/{sid}", headers=pub)
        assert r.status_code == 200 and r.json()["status"] == sel["status"]
    assert sel["status"] == "FINAL_RANKING"
    sel = await world.act(sid, "submit-proposal")
    return {"sel": sel, "apps": apps, "people": people, "heads": heads, "members": members}


async def test_recruitment_whole_selection_to_appointment(client: httpx.AsyncClient, world: Any, app: Any,
                                                         tokens: Any) -> None:
    pub = {"X-Forwarded-For": "10.9.9.9"}
    draft = await world.selection()
    assert draft["status"] == "DRAFT" and draft["allowed_actions"] == ["announce", "cancel"]
    assert draft["requirements"]["max_age"] == 56 and draft["requirements"]["min_rank"] == "IV/b"
    # Not public while a draft.
    assert (await client.get(f"/api/v1/public/selections/{draft['id']}", headers=pub)).status_code == 404
    out = await run_to_proposal(world, client)
    sel, apps = out["sel"], out["apps"]
    sid = sel["id"]
    assert sel["status"] == "PROPOSAL" and len(sel["proposal"]) == 3
    assert [p["rank"] for p in sel["proposal"]] == [1, 2, 3]
    assert sel["proposal"][0]["application_id"] == apps[0]["id"]  # highest scores
    ranking = (await client.get(f"/api/v1/selections/{sid}/ranking", headers=world.admin)).json()
    assert [r["application_id"] for r in ranking["ranked"]] == [a["id"] for a in apps]
    # Final announcement: hash is the SHA-256 of the canonical snapshot; NIP masked; no private data.
    r = await client.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "FINAL"}, headers=world.admin)
    assert r.status_code == 201, r.text
    ann = r.json()
    canonical = json.dumps(ann["snapshot"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() == ann["content_hash"]
    r = await client.get(f"/api/v1/public/announcements/{ann['id']}", headers=pub)
    assert r.status_code == 200 and r.headers["etag"] == f'"{ann["content_hash"]}"'
    text = r.text
    for a in apps:
        assert a["nip"] not in text and a["nip"][-4:] in text
    assert "birth" not in text and "1975-01-01" not in text
    assert set(r.json()["snapshot"]["entries"][0]) <= {"name", "current_position", "agency", "nip_masked", "result",
                                                       "rank"}
    assert (await client.get(f"/api/v1/public/announcements/{ann['id']}",
                             headers={**pub, "If-None-Match": r.headers["etag"]})).status_code == 304
    # Top-3 rule: the PPK cannot choose the 4th.
    ppk = tokens.headers("ppk", agency_id=world.agency, sub="ppk-1")
    decide = {"sk_number": "821.2/001/2025", "sk_date": "2025-06-01", "tmt_start": "2025-06-02"}
    r = await client.post(f"/api/v1/selections/{sid}/decide", json={**decide, "chosen_application_id": apps[3]["id"]},
                          headers=ppk)
    assert r.status_code == 422 and r.json()["code"] == "choice_not_proposed", r.text
    # The admin is not the PPK.
    r = await client.post(f"/api/v1/selections/{sid}/decide", json={**decide, "chosen_application_id": apps[1]["id"]},
                          headers=world.admin)
    assert r.status_code == 403
    sel = await world.act(sid, "decide", {**decide, "chosen_application_id": apps[1]["id"]}, headers=ppk)
    assert sel["status"] == "DECISION" and sel["appointment_status"] == "PENDING" and sel["allowed_actions"] == []
    fake = FakePositions((201, {"id": "assignment-1"}))
    await deliver(app, fake)
    path, payload, key = fake.calls[-1]
    assert path == "/api/v1/assignments" and key == f"appointment:{sid}:{apps[1]['id']}:1"
    assert payload["employee_id"] == out["people"][1]["id"] and payload["kind"] == "definitive"
    assert payload["reason"] == "selection_result" and payload["end_current_definitive"] is True
    sel = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
    assert sel["status"] == "CLOSED" and sel["appointment_status"] == "CONFIRMED"
    actions = [e["action"] for e in (await client.get(f"/api/v1/selections/{sid}/events", headers=world.admin)).json()["items"]]
    assert actions[-2:] == ["appoint", "close"]
    r = await client.get("/api/v1/public/selections", params={"phase": "finished", "limit": 200}, headers=pub)
    assert any(s["id"] == sid and s["status"] == "CLOSED" for s in r.json()["items"])
    stats = (await client.get(f"/api/v1/recruitment-analytics/selections/{sid}", headers=world.admin)).json()
    assert stats["applicants"] == 4 and stats["screening_pass_rate"] == 1.0
    assert all(s["pass_rate"] == 1.0 and s["assessed"] == 4 for s in stats["stages"])


async def test_recruitment_refused_appointment_can_be_retried_or_rechosen(client: httpx.AsyncClient, world: Any,
                                                                          app: Any, tokens: Any) -> None:
    out = await run_to_proposal(world, client)
    sid, apps = out["sel"]["id"], out["apps"]
    ppk = tokens.headers("ppk", agency_id=world.agency, sub="ppk-2")
    decide = {"sk_number": "821.2/002/2025", "sk_date": "2025-06-01", "tmt_start": "2025-06-02",
              "chosen_application_id": apps[0]["id"]}
    await world.act(sid, "decide", decide, headers=ppk)
    problem = {"type": "x", "title": "Konflik", "status": 409, "code": "seat_filled", "detail": "Jabatan sudah terisi."}
    await deliver(app, FakePositions((409, problem)))
    sel = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
    assert sel["status"] == "DECISION" and sel["appointment_status"] == "ERROR"
    assert sel["appointment_error"]["problem"]["code"] == "seat_filled"
    assert sel["allowed_actions"] == ["retry_appointment", "cancel"]  # the admin's; deciding is the PPK's
    as_ppk = (await client.get(f"/api/v1/selections/{sid}", headers=ppk)).json()
    assert as_ppk["allowed_actions"] == ["retry_appointment", "decide"]
    # Choosing another of the three is allowed; a retry uses a new idempotency key.
    sel = await world.act(sid, "decide", {**decide, "chosen_application_id": apps[2]["id"]}, headers=ppk)
    assert sel["appointment_attempt"] == 2
    fake = FakePositions((409, problem))
    await deliver(app, fake)
    assert fake.calls[-1][2] == f"appointment:{sid}:{apps[2]['id']}:2"
    await world.act(sid, "retry-appointment", headers=ppk)
    fake = FakePositions((201, {"id": "a-3"}))
    await deliver(app, fake)
    assert fake.calls[-1][2] == f"appointment:{sid}:{apps[2]['id']}:3"
    sel = (await client.get(f"/api/v1/selections/{sid}", headers=world.admin)).json()
    assert sel["status"] == "CLOSED" and sel["chosen_application_id"] == apps[2]["id"]


# --- recruitment's merit-system indicators over real selections (issue #14) ----------------------------------

async def appoint(world: Any, client: httpx.AsyncClient, app: Any, tokens: Any) -> dict[str, Any]:
    out = await run_to_proposal(world, client)
    sid = out["sel"]["id"]
    ppk = tokens.headers("ppk", agency_id=world.agency, sub="ppk-merit")
    await world.act(sid, "decide", {"sk_number": "821.2/IDX/2025", "sk_date": "2025-06-01",
                                    "tmt_start": "2025-06-02", "chosen_application_id": out["apps"][0]["id"]},
                    headers=ppk)
    await deliver(app, FakePositions((201, {"id": f"assignment-{uuid.uuid4()}"})))
    return out


async def test_recruitment_indicators_count_completed_selections_and_appeals(client: httpx.AsyncClient, world: Any,
                                                                            app: Any, tokens: Any) -> None:
    clean = await appoint(world, client, app, tokens)
    flagged = await appoint(world, client, app, tokens)
    sid = flagged["sel"]["id"]
    now = clock.utcnow()
    async with app.state.db.sessionmaker() as s, s.begin():
        member = (await s.execute(sa.select(CommitteeMember).where(CommitteeMember.selection_id == sid))).scalars().first()
        s.add(ConflictFlag(selection_id=sid, agency_id=world.agency, member_id=member.id,
                           application_id=flagged["apps"][1]["id"], basis="DIRECT_SUPERVISOR", status="CONFIRMED",
                           detected_at=now, decided_by="chair", decided_at=now, reason="Atasan langsung"))
        ann = (await s.execute(sa.select(Announcement).where(Announcement.selection_id == sid))).scalars().first()
        submitted = now - timedelta(days=1)
        base = ann.appeal_deadline or submitted  # the window's end (announcements are immutable: as published)
        for i, decided in enumerate((base + timedelta(days=1), base + timedelta(days=6), None)):  # in time, late, open
            s.add(Appeal(selection_id=sid, agency_id=world.agency, announcement_id=ann.id,
                         application_id=flagged["apps"][i]["id"], submitted_by="x", reason="Sanggah nilai",
                         submitted_at=submitted, status="SUBMITTED" if decided is None else "REJECTED",
                         decided_at=decided, decided_by=None if decided is None else "chair"))
    year = clock.today(world.agency).year
    doc = (await client.get(f"/api/v1/recruitment-indicators/{world.agency}", params={"year": year},
                            headers=world.admin)).json()
    ind = {i["code"]: i for i in doc["indicators"]}
    sel = ind["selections_without_integrity_exceptions"]
    assert (sel["numerator"], sel["denominator"], sel["value"]) == (1, 2, "0.5000")
    appeals = ind["appeals_decided_in_time"]
    assert (appeals["numerator"], appeals["denominator"]) == (1, 3)
    # the agency's policy decides what "in time" is: 10 days after the window closed counts the late one too
    wide = (await client.get(f"/api/v1/recruitment-indicators/{world.agency}",
                             params={"year": year, "appeal_answer_days": 10}, headers=world.admin)).json()
    assert {i["code"]: i["numerator"] for i in wide["indicators"]}["appeals_decided_in_time"] == 2
    rows = (await client.get(f"/api/v1/recruitment-indicators/{world.agency}/selections_without_integrity_exceptions/"
                             "records", params={"year": year, "counted": "false"}, headers=world.admin)).json()
    assert [r["id"] for r in rows["items"]] == [sid] and "1" in rows["items"][0]["label"]
    assert clean["sel"]["id"] != sid
    # another agency's admin: not found; a supervisor: refused
    other = tokens.headers("agency_admin", agency_id=uuid.uuid4(), sub="other-admin")
    r = await client.get(f"/api/v1/recruitment-indicators/{world.agency}", params={"year": year}, headers=other)
    assert r.status_code == 404
    sup = tokens.headers("supervisor", agency_id=world.agency, sub="sup-1")
    r = await client.get(f"/api/v1/recruitment-indicators/{world.agency}", params={"year": year}, headers=sup)
    assert r.status_code == 403
