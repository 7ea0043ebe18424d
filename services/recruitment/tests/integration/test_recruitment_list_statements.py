"""The application list answers a page in a fixed number of statements, however many applications it holds
(documents, stage outcomes and the caller's declared conflicts are read for the whole page, not per application)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from sqlalchemy import event

EARLY = {"reason": "Pelamar sudah cukup; ditutup lebih awal."}


@contextmanager
def statements(app: Any) -> Iterator[list[str]]:
    """The SQL statements the app runs inside the block (the outbox relay's polling left out)."""
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "outbox" not in statement and "inbox" not in statement:
            seen.append(statement)

    engine = app.state.db.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


async def _apply(client: httpx.AsyncClient, world: Any, sid: str, n: int) -> list[str]:
    ids = []
    for i in range(n):
        r = await client.post(f"/api/v1/selections/{sid}/applications", json={},
                              headers=world.employee(name=f"Pelamar {uuid.uuid4().hex[:4]} {i}")["headers"])
        assert r.status_code == 201, r.text
        ids.append(r.json()["id"])
    return ids


async def _count(client: httpx.AsyncClient, app: Any, path: str, headers: dict[str, str], n: int) -> int:
    with statements(app) as seen:
        r = await client.get(path, headers=headers, params={"limit": 100})
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == n
    return len(seen)


async def test_recruitment_the_application_list_costs_the_same_statements_for_3_or_12(
        app: Any, client: httpx.AsyncClient, world: Any, tokens: Any) -> None:
    sel = await world.open_selection()
    sid = sel["id"]
    path = f"/api/v1/selections/{sid}/applications"
    first = await _apply(client, world, sid, 3)
    for app_id in first[:2]:
        await world.qualify(app_id)  # documents uploaded, verified, second-checked
    sup = tokens.headers("supervisor", agency_id=world.agency, sub=f"sup-{uuid.uuid4().hex[:6]}")
    admin_small = await _count(client, app, path, world.admin, 3)
    sup_small = await _count(client, app, path, sup, 2)
    mine = f"/api/v1/applications?selection_id={sid}"
    readable_small = await _count(client, app, mine, world.admin, 3)
    more = await _apply(client, world, sid, 9)
    for app_id in more[:4]:
        await world.qualify(app_id)
    assert await _count(client, app, path, world.admin, 12) == admin_small
    assert await _count(client, app, path, sup, 6) == sup_small
    assert await _count(client, app, mine, world.admin, 12) == readable_small
    # each answer still carries its own documents and results
    items = (await client.get(path, headers=world.admin, params={"limit": 100})).json()["items"]
    missing = {i["id"]: i["missing_documents"] for i in items}
    assert all(missing[a] == [] for a in first[:2] + more[:4])
    assert all(missing[a] for a in first[2:] + more[4:])
