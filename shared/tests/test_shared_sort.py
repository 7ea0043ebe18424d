"""The one sort mechanism of every list: parsing ``sort=field,-other``, refusing unknown fields with a problem that
names the allowed ones, its OpenAPI documentation, and the same order in SQL and in memory (id breaks ties)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from merit_shared.api import Page, PageParams, Sort, apply_sort, page_of, page_params, parse_sort, sort_param
from merit_shared.errors import DomainError

ALLOWED = {"name": "name", "tmt": "tmt"}


def test_fields_in_order_with_minus_for_descending() -> None:
    s = parse_sort("-tmt, name", ALLOWED, "name")
    assert (s.keys, s.explicit, s.text) == ((("tmt", True), ("name", False)), True, "-tmt,name")
    d = parse_sort(None, ALLOWED, "-tmt")
    assert (d.keys, d.explicit) == ((("tmt", True),), False)
    assert parse_sort("  ", ALLOWED, "name").keys == (("name", False),)
    assert parse_sort("+name", ALLOWED, "tmt").keys == (("name", False),)


@pytest.mark.parametrize("text", ["salary", "name,", "-", "name,-name", "Name", "name;drop table x"])
def test_unknown_empty_or_repeated_fields_are_refused_naming_the_allowed_ones(text: str) -> None:
    with pytest.raises(DomainError) as e:
        parse_sort(text, ALLOWED, "name")
    err = e.value
    assert (err.code, err.status, err.field) == ("sort_invalid", 422, "query.sort")
    assert "name, tmt" in err.message_en and "name, tmt" in err.message("id")


def test_a_route_default_outside_its_fields_fails_at_declaration() -> None:
    with pytest.raises(DomainError):
        sort_param(ALLOWED, default="salary")


ROWS = [
    {"id": uuid.UUID(int=3), "name": "b", "tmt": date(2020, 1, 1)},
    {"id": uuid.UUID(int=1), "name": "a", "tmt": None},
    {"id": uuid.UUID(int=2), "name": "b", "tmt": date(2021, 1, 1)},
    {"id": uuid.UUID(int=4), "name": "a", "tmt": date(2020, 1, 1)},
]


def ids(rows: list[dict[str, object]]) -> list[int]:
    return [r["id"].int for r in rows]  # type: ignore[attr-defined]


def test_in_memory_order_nulls_last_both_ways_and_id_breaks_ties() -> None:
    assert ids(parse_sort("name", ALLOWED, "name").sorted(ROWS)) == [1, 4, 2, 3]
    assert ids(parse_sort("-name", ALLOWED, "name").sorted(ROWS)) == [2, 3, 1, 4]
    assert ids(parse_sort("tmt", ALLOWED, "name").sorted(ROWS)) == [3, 4, 2, 1]
    assert ids(parse_sort("-tmt,name", ALLOWED, "name").sorted(ROWS)) == [2, 4, 3, 1]


def test_page_of_counts_all_and_slices_the_sorted_rows() -> None:
    page = page_of(ROWS, PageParams(limit=2, offset=1), parse_sort("name", ALLOWED, "name"))
    assert (ids(page.items), page.total, page.limit, page.offset) == ([4, 2], 4, 2, 1)


def test_sql_order_matches_the_in_memory_order() -> None:
    engine = sa.create_engine("sqlite://")
    meta = sa.MetaData()
    t = sa.Table("t", meta, sa.Column("id", sa.Integer, primary_key=True), sa.Column("name", sa.String),
                 sa.Column("tmt", sa.Date))
    meta.create_all(engine)
    with engine.begin() as c:
        c.execute(t.insert(), [{**r, "id": r["id"].int} for r in ROWS])  # type: ignore[attr-defined]
        for text in ("name", "-name", "tmt", "-tmt,name"):
            cols = {"name": t.c.name, "tmt": t.c.tmt}
            stmt = apply_sort(sa.select(t.c.id).order_by(t.c.tmt), parse_sort(text, cols, "name"), t.c.id)
            assert [r[0] for r in c.execute(stmt)] == ids(parse_sort(text, ALLOWED, "name").sorted(ROWS))
            raw = parse_sort(text, ALLOWED, "name").sql("id")
            assert [r[0] for r in c.execute(sa.text(f"SELECT id FROM t ORDER BY {raw}"))] == \
                [r[0] for r in c.execute(stmt)]


def test_the_parameter_is_documented_and_a_bad_value_is_a_problem() -> None:
    from merit_shared.problems import install_problem_handlers

    app = FastAPI()
    install_problem_handlers(app)

    @app.get("/things", response_model=Page[dict[str, str]])
    def things(page: PageParams = Depends(page_params),
               sort: Sort = Depends(sort_param(ALLOWED, default="-tmt"))) -> Page[dict[str, str]]:
        return Page(items=[{"sort": sort.text}], total=1, limit=page.limit, offset=page.offset)

    param = next(p for p in app.openapi()["paths"]["/things"]["get"]["parameters"] if p["name"] == "sort")
    assert "name, tmt" in param["description"] and "`-tmt`" in param["description"]
    assert param["schema"]["examples"] == ["-name,tmt"]
    client = TestClient(app)
    assert client.get("/things").json()["items"] == [{"sort": "-tmt"}]
    assert client.get("/things", params={"sort": "name,-tmt"}).json()["items"] == [{"sort": "name,-tmt"}]
    r = client.get("/things", params={"sort": "salary"})
    assert r.status_code == 422 and r.json()["code"] == "sort_invalid"
