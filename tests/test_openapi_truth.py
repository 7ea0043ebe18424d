"""The contract tells the truth about errors: every operation that needs a token documents 401 and 403 (the
token and scope checks run on every such route), and every documented error is an RFC 9457 problem document."""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from fastapi import FastAPI

from merit_gateway.routing import GATEWAY_OWNED

SERVICES = ("merit_positions.main", "merit_evaluation.main", "merit_recruitment.main", "merit_gateway.main")


def fastapi_app(module: str) -> FastAPI:
    """The module's FastAPI app, inside whatever ASGI middleware wraps it (the gateway's dispatcher)."""
    app = importlib.import_module(module).app
    while not isinstance(app, FastAPI):
        app = app.app
    return app


@pytest.mark.parametrize("module", SERVICES)
def test_errors_are_documented_as_problem_documents(module: str) -> None:
    doc = fastapi_app(module).openapi()
    missing, wrong_type = [], []
    for path, item in doc["paths"].items():
        for method, op in item.items():
            responses = op.get("responses", {})
            if op.get("security") and not {"401", "403"} <= set(responses):
                missing.append(f"{method.upper()} {path}")
            wrong_type += [f"{method.upper()} {path} {status}" for status, answer in responses.items()
                           if status.startswith(("4", "5")) and set(answer.get("content", {})) !=
                           {"application/problem+json"}]
    assert (missing, wrong_type) == ([], [])
    assert "Problem" in doc["components"]["schemas"]


def merged_document() -> dict[str, Any]:
    """The gateway's merged document, built in process from every service's own (as /openapi.json builds it)."""
    from merit_gateway.docs import merge_openapi

    services = {m.split(".")[0].removeprefix("merit_"): fastapi_app(m).openapi() for m in SERVICES[:3]}
    return merge_openapi(fastapi_app("merit_gateway.main").openapi(), services)


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in doc["paths"].items() for method, op in item.items()]


def test_operation_ids_are_readable_unique_and_name_their_tag() -> None:
    doc = merged_document()
    ids = [op["operationId"] for _, _, op in operations(doc)]
    assert len(ids) == len(set(ids))
    bad = [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", i) or "api_v1" in i]
    assert bad == []
    wrong_tag = [f"{m.upper()} {p}" for m, p, op in operations(doc)
                 if not op["operationId"].startswith(op["tags"][0].replace("-", "_") + "_")]
    assert wrong_tag == []
    by_route = {(m, p): op["operationId"] for m, p, op in operations(doc)}
    assert by_route["get", "/api/v1/employees"] == "employees_list"
    assert by_route["get", "/api/v1/employees/{employee_id}"] == "employees_get"
    assert by_route["post", "/api/v1/selections/{selection_id}/decide"] == "selections_decide"


def test_schema_names_are_readable_and_every_title_is_its_name() -> None:
    schemas = merged_document()["components"]["schemas"]
    assert [n for n in schemas if "_" in n or not n[:1].isupper()] == []
    assert [n for n, s in schemas.items() if s.get("title") != n] == []
    assert {"EmployeeListItemPage", "OrgMoveIn", "ActionsMoveIn", "Problem"} <= set(schemas)
    assert "HTTPValidationError" not in schemas


def test_each_error_status_has_its_own_problem_example() -> None:
    """Each status shows a problem of that status (not the 422 example everywhere): the route's own example where
    it declares one (e.g. 403 password_change_required), else the status's generic problem."""
    generic = {"400": "http_400", "401": "unauthenticated", "403": "forbidden", "404": "not_found",
               "409": "conflict", "412": "precondition_failed", "422": "validation_error",
               "429": "too_many_attempts", "503": "service_unavailable"}
    wrong, generic_seen = [], set()
    for method, path, op in operations(merged_document()):
        for status, answer in op["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            media = answer["content"]["application/problem+json"]
            shown = [media["example"]] if "example" in media else [e["value"] for e in
                                                                    media.get("examples", {}).values()]
            if not shown or any(e["status"] != int(status) for e in shown):
                wrong.append(f"{method.upper()} {path} {status}")
            if status != "422" and any(e["code"] == "validation_error" for e in shown):
                wrong.append(f"{method.upper()} {path} {status} shows the 422 example")
            generic_seen |= {(status, e["code"]) for e in shown}
            if status in ("429", "503") and "Retry-After" not in answer.get("headers", {}):
                wrong.append(f"{method.upper()} {path} {status} without Retry-After")
    assert wrong == []
    assert set(generic.items()) <= generic_seen


def test_statuses_follow_from_what_an_operation_takes() -> None:
    doc = merged_document()
    missing = []
    for method, path, op in operations(doc):
        have = set(op["responses"])
        want = {"422"}
        if op.get("requestBody"):
            want |= {"400", "404"}
        if "{" in path:
            want.add("404")
        if path.startswith("/api/v1/") and path.split("/")[3] not in GATEWAY_OWNED:
            want |= {"502", "503", "504"}  # the gateway's answers when the owning service fails
        if "201" in have and "Location" not in op["responses"]["201"].get("headers", {}):
            missing.append(f"{method.upper()} {path} 201 without Location")
        if want - have:
            missing.append(f"{method.upper()} {path} {sorted(want - have)}")
    assert missing == []
    assert by_path_method(doc, "post", "/api/v1/org-performance")["responses"].keys() >= {"400", "404", "409"}


def by_path_method(doc: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    return dict(doc["paths"][path][method])


def test_both_grants_are_declared_and_authorization_is_no_parameter() -> None:
    doc = merged_document()
    (scheme,) = doc["components"]["securitySchemes"].values()
    assert scheme["flows"].keys() == {"password", "clientCredentials"}
    assert scheme["flows"]["clientCredentials"]["tokenUrl"] == "/api/v1/auth/token"
    stray = [f"{m.upper()} {p}" for m, p, op in operations(doc) for prm in op.get("parameters", [])
             if prm["in"] == "header" and prm["name"].lower() == "authorization"]
    assert stray == []
