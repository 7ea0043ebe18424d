"""The contract tells the truth about errors: every operation that needs a token documents 401 and 403 (the
token and scope checks run on every such route), and every documented error is an RFC 9457 problem document."""

from __future__ import annotations

import importlib

import pytest
from fastapi import FastAPI

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
