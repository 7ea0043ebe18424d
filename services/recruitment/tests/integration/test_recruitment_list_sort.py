"""Recruitment lists answer pages with a documented sort (issue #10): the selections list sorts by title either
way and pages without repeating a row; an unknown field is a 422 naming the allowed ones; scores have a schema."""

from __future__ import annotations

from typing import Any

import httpx


async def test_recruitment_selections_sort_and_page(client: httpx.AsyncClient, world: Any) -> None:
    for title in ("Seleksi C", "Seleksi A", "Seleksi B"):
        await world.selection(title=title)
    up = (await client.get("/api/v1/selections", params={"sort": "title", "limit": 200},
                           headers=world.admin)).json()
    titles = [s["title"] for s in up["items"]]
    assert titles == sorted(titles) and {"Seleksi A", "Seleksi B", "Seleksi C"} <= set(titles)
    down = (await client.get("/api/v1/selections", params={"sort": "-title", "limit": 200},
                             headers=world.admin)).json()
    assert [s["id"] for s in down["items"]] == [s["id"] for s in reversed(up["items"])]
    pages = [(await client.get("/api/v1/selections", params={"sort": "title", "limit": 1, "offset": o},
                               headers=world.admin)).json()["items"][0]["id"] for o in range(up["total"])]
    assert pages == [s["id"] for s in up["items"]]


async def test_recruitment_unknown_sort_is_a_problem(client: httpx.AsyncClient, world: Any) -> None:
    r = await client.get("/api/v1/selections", params={"sort": "salary"}, headers=world.admin)
    assert r.status_code == 422 and r.json()["code"] == "sort_invalid"
    assert "created_at, updated_at, title, status, announced_at" in r.json()["detail"]


def test_recruitment_scores_have_a_schema() -> None:
    from merit_recruitment.main import app

    doc = app.openapi()
    ok = doc["paths"]["/api/v1/applications/{application_id}/scores"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"]["$ref"].endswith("/ScoreOutPage")
    props = doc["components"]["schemas"]["ScoreOut"]["properties"]
    assert props["voided"]["type"] == "boolean" and {"stage_code", "member_id", "criterion", "score"} <= set(props)
