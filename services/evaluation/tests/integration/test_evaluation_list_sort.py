"""Evaluation lists answer pages with a documented sort (issue #10): the competency dictionary (national entries
computed in memory) pages and sorts either way; an unknown sort field is a 422 naming the allowed ones."""

from __future__ import annotations

import uuid


async def test_evaluation_dictionary_pages_and_sorts(client, tokens) -> None:
    h = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    first = (await client.get("/api/v1/competencies", params={"limit": 3}, headers=h)).json()
    assert (first["limit"], first["offset"], len(first["items"])) == (3, 0, 3) and first["total"] >= 9
    every = (await client.get("/api/v1/competencies", params={"limit": 200}, headers=h)).json()["items"]
    codes = [c["code"] for c in every]
    assert codes == sorted(codes) and [c["code"] for c in first["items"]] == codes[:3]
    back = (await client.get("/api/v1/competencies", params={"limit": 200, "sort": "-code"}, headers=h)).json()
    assert [c["code"] for c in back["items"]] == codes[::-1]
    nxt = (await client.get("/api/v1/competencies", params={"limit": 3, "offset": 3}, headers=h)).json()
    assert [c["code"] for c in nxt["items"]] == codes[3:6]


async def test_evaluation_unknown_sort_is_a_problem(client, tokens) -> None:
    h = tokens.headers("agency_admin", agency_id=uuid.uuid4())
    r = await client.get("/api/v1/competencies", params={"sort": "weight"}, headers=h)
    assert r.status_code == 422 and r.json()["code"] == "sort_invalid"
    assert "code, name, group" in r.json()["detail"]
