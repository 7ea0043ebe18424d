"""Idempotency-Key on the writes other systems retry: a retry replays the stored answer and has no second effect;
the same key with another body is refused; two simultaneous requests with one key make one record."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from evaluation_fakes import FakeDirectory

from merit_shared import clock
from merit_shared.testing import TokenFactory

Y = clock.today().year - 1

# route, table, body(employee) , a different body(employee)
WRITES = [
    ("/api/v1/annual-ratings", "annual_rating",
     lambda e: {"employee_id": e, "year": Y, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
                "rating_perilaku": "SESUAI_EKSPEKTASI"},
     lambda e: {"employee_id": e, "year": Y, "rating_hasil_kerja": "DI_ATAS_EKSPEKTASI",
                "rating_perilaku": "SESUAI_EKSPEKTASI"}),
    ("/api/v1/development-records", "development_record",
     lambda e: {"employee_id": e, "title": "Diklat", "kind": "PELATIHAN", "started_on": f"{Y}-02-01",
                "ended_on": f"{Y}-02-03", "jp": "8"},
     lambda e: {"employee_id": e, "title": "Diklat", "kind": "PELATIHAN", "started_on": f"{Y}-02-01",
                "ended_on": f"{Y}-02-03", "jp": "9"}),
    ("/api/v1/discipline-records", "discipline_record",
     lambda e: {"employee_id": e, "level": "LIGHT", "decided_on": f"{Y}-03-01"},
     lambda e: {"employee_id": e, "level": "MODERATE", "decided_on": f"{Y}-03-01"}),
    ("/api/v1/competency-assessments", "competency_assessment",
     lambda e: {"employee_id": e, "assessed_on": f"{Y}-01-10", "valid_until": f"{Y + 2}-01-10", "method": "AC",
                "levels": {"M.01": 3}},
     lambda e: {"employee_id": e, "assessed_on": f"{Y}-01-10", "valid_until": f"{Y + 2}-01-10", "method": "AC",
                "levels": {"M.01": 4}}),
]


async def _count(client: httpx.AsyncClient, table: str, agency: uuid.UUID) -> tuple[int, int]:
    db = client._transport.app.state.db  # type: ignore[attr-defined]
    async with db.sessionmaker() as s:
        rows = (await s.execute(sa.text(f"SELECT count(*) FROM {table} WHERE agency_id = :a"), {"a": agency})).scalar()
        audits = (await s.execute(sa.text("SELECT count(*) FROM audit_log WHERE agency_id = :a"),
                                  {"a": agency})).scalar()
    return int(rows or 0), int(audits or 0)


@pytest.mark.parametrize(("route", "table", "body", "other_body"), WRITES, ids=[w[1] for w in WRITES])
async def test_evaluation_idempotent_retry(route: str, table: str, body: Any, other_body: Any,
                                           client: httpx.AsyncClient, tokens: TokenFactory,
                                           directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = str(directory.add(agency))
    admin = tokens.headers("agency_admin", agency_id=agency)
    key = {"Idempotency-Key": f"import-{uuid.uuid4()}"}
    first = await client.post(route, json=body(emp), headers={**admin, **key})
    assert first.status_code == 201, first.text
    assert "idempotent-replay" not in first.headers
    after_first = await _count(client, table, agency)
    assert after_first[0] == 1
    again = await client.post(route, json=body(emp), headers={**admin, **key})
    assert again.status_code == 201 and again.json() == first.json()
    assert again.headers["idempotent-replay"] == "true"
    assert await _count(client, table, agency) == after_first  # no second record, no second audit entry
    reused = await client.post(route, json=other_body(emp), headers={**admin, **key, "Accept-Language": "en"})
    assert reused.status_code == 422 and reused.json()["code"] == "idempotency_key_reused"
    assert reused.json()["errors"][0]["loc"] == ["header", "idempotency-key"]
    assert await _count(client, table, agency) == after_first
    # Another caller's identical key is another request (keys are scoped by caller).
    other_admin = tokens.headers("agency_admin", agency_id=agency, sub="other-admin")
    r = await client.post(route, json=other_body(emp), headers={**other_admin, **key})
    assert r.status_code in (201, 409)  # 409: annual rating already exists for the year
    assert "idempotent-replay" not in r.headers


@pytest.mark.parametrize(("route", "table", "body", "other_body"), WRITES, ids=[w[1] for w in WRITES])
async def test_evaluation_idempotent_concurrent(route: str, table: str, body: Any, other_body: Any,
                                                client: httpx.AsyncClient, tokens: TokenFactory,
                                                directory: FakeDirectory) -> None:
    agency = uuid.uuid4()
    emp = str(directory.add(agency))
    headers = {**tokens.headers("agency_admin", agency_id=agency), "Idempotency-Key": "same-key"}
    a, b = await asyncio.gather(client.post(route, json=body(emp), headers=headers),
                                client.post(route, json=body(emp), headers=headers))
    assert a.status_code == b.status_code == 201, (a.text, b.text)
    assert a.json() == b.json()
    assert sorted(r.headers.get("idempotent-replay", "false") for r in (a, b)) == ["false", "true"]
    assert (await _count(client, table, agency))[0] == 1


async def test_evaluation_failed_request_leaves_no_claim(client: httpx.AsyncClient, tokens: TokenFactory,
                                                         directory: FakeDirectory) -> None:
    """A rejected request stores nothing under its key: fixing the body and retrying with the key works."""
    agency = uuid.uuid4()
    emp = str(directory.add(agency))
    headers = {**tokens.headers("agency_admin", agency_id=agency), "Idempotency-Key": "k-fix"}
    bad = await client.post("/api/v1/discipline-records", headers=headers, json={
        "employee_id": emp, "level": "LIGHT", "decided_on": f"{Y}-03-01", "ends_on": f"{Y}-01-01"})
    assert bad.status_code == 422
    good = await client.post("/api/v1/discipline-records", headers=headers, json={
        "employee_id": emp, "level": "LIGHT", "decided_on": f"{Y}-03-01"})
    assert good.status_code == 201 and "idempotent-replay" not in good.headers
