"""Every list is a page with a documented sort (issue #10): built in process from each service's OpenAPI, no GET
answers a bare JSON array, and every page (``{items,total,limit,offset}``) takes ``limit``, ``offset`` and ``sort``.
An object that carries a list of ``items``/``rows`` must be a page unless it is listed in EXEMPT with its reason."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from fastapi import FastAPI

SERVICES = ("merit_positions.main", "merit_evaluation.main", "merit_recruitment.main", "merit_gateway.main")
PAGE_FIELDS = {"items", "total", "limit", "offset"}
PAGE_PARAMS = {"limit", "offset", "sort"}

# Documents that carry a list but are not lists: each with why paging or sorting it would be wrong.
EXEMPT = {
    "/api/v1/national-export/{dataset}":
        "a whole dataset for the national system, streamed in batches (JSON or CSV): a sync, not a list to page",
    "/api/v1/position-reports/bezetting":
        "a cross-table (units x golongan) with column totals: a page of rows would break the totals",
    "/api/v1/applications/{application_id}/documents":
        "the checklist of one application's required documents (with missing/editable): a form, not a list",
    "/api/v1/employees/{employee_id}/career":
        "one employee's career as a timeline document, newest first (the CV), read whole",
    "/api/v1/employees/{employee_id}/origin-history":
        "read-only lines carried over from earlier agencies, in the order of the transfers: one document",
    "/api/v1/development-records":
        "one employee's development hours grouped by year with yearly totals (the 20-JP duty): a summary",
    "/api/v1/angka-kredit": "one employee's credit-point ledger with its running total: a summary, read whole",
}


def fastapi_app(module: str) -> FastAPI:
    app = importlib.import_module(module).app
    while not isinstance(app, FastAPI):
        app = app.app
    return app


def resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def violations(doc: dict[str, Any]) -> list[str]:
    """What breaks the list conventions in one OpenAPI document, as ``GET <path>: <why>`` lines."""
    out = []
    for path, item in doc["paths"].items():
        op = item.get("get")
        body = (op or {}).get("responses", {}).get("200", {}).get("content", {}).get("application/json")
        if not body or path in EXEMPT:
            continue
        schema = resolve(doc, body.get("schema", {}))
        props = schema.get("properties", {})
        params = {p["name"] for p in op.get("parameters", []) if p.get("in") == "query"}
        if schema.get("type") == "array":
            out.append(f"GET {path}: answers a bare array; answer Page[...] with page_params and sort_param")
        elif PAGE_FIELDS <= set(props):
            # A feed read with a cursor (`after`) keeps the cursor's order (id): no sort to choose.
            needed = PAGE_PARAMS - {"sort"} if "after" in params else PAGE_PARAMS
            if missing := sorted(needed - params):
                out.append(f"GET {path}: a page without the {', '.join(missing)} parameter(s)")
        elif any(resolve(doc, props.get(k, {})).get("type") == "array" for k in ("items", "rows")):
            out.append(f"GET {path}: carries a list of items but is not a page (or list it in EXEMPT with why)")
    return out


@pytest.mark.parametrize("module", SERVICES)
def test_every_list_is_a_page_with_limit_offset_and_sort(module: str) -> None:
    assert violations(fastapi_app(module).openapi()) == []


def test_every_exemption_names_a_route_that_exists() -> None:
    paths = {p for m in SERVICES for p in fastapi_app(m).openapi()["paths"]}
    assert sorted(set(EXEMPT) - paths) == []


def test_the_guard_catches_a_bare_list_and_a_page_without_sort() -> None:
    from fastapi import Depends

    from merit_shared.api import Page, PageParams, page_params

    app = FastAPI()

    @app.get("/bare", response_model=list[int])
    def bare() -> list[int]:
        return []

    @app.get("/unsorted", response_model=Page[int])
    def unsorted(page: PageParams = Depends(page_params)) -> Page[int]:
        return Page(items=[], total=0, limit=page.limit, offset=page.offset)

    assert violations(app.openapi()) == [
        "GET /bare: answers a bare array; answer Page[...] with page_params and sort_param",
        "GET /unsorted: a page without the sort parameter(s)"]
