"""The routing table and the merge of the services' OpenAPI documents."""

from __future__ import annotations

import pytest

from merit_gateway.docs import merge_openapi
from merit_gateway.routing import owner_of


@pytest.mark.parametrize(
    ("path", "owner"),
    [("/api/v1/positions/abc", "positions"), ("/api/v1/employees", "positions"),
     ("/api/v1/employee-summaries/x", "evaluation"), ("/api/v1/public/selections", "recruitment"),
     ("/api/v1/auth/token", None), ("/api/v1/users", None), ("/api/v1/nothing", None), ("/healthz", None),
     ("/api/v2/positions", None), ("/api/v1/positionsx", None)],
)
def test_owner_of(path: str, owner: str | None) -> None:
    assert owner_of(path) == owner


def test_merge_renames_clashing_schemas_and_rewrites_their_refs() -> None:
    base = {"openapi": "3.1.0", "info": {"title": "Merit"}, "paths": {},
            "components": {"schemas": {"Problem": {"type": "object"}}}}
    ref = {"$ref": "#/components/schemas/Item"}
    docs = {
        "positions": {"paths": {"/api/v1/positions": {"get": {"responses": {"200": {"content": {"a": {"schema": ref}}}}}},
                                "/healthz": {"get": {}}},
                      "components": {"schemas": {"Item": {"description": "position"}, "Problem": {"type": "object"}}}},
        "evaluation": {"paths": {"/api/v1/annual-ratings": {"get": {"responses": {"200": {"content": {"a": {
            "schema": ref}}}}}}}, "components": {"schemas": {"Item": {"description": "rating"}}}},
    }
    merged = merge_openapi(base, docs)
    assert "/healthz" not in merged["paths"]
    schemas = merged["components"]["schemas"]
    assert schemas["Item"] == {"description": "position", "title": "Item"}
    assert schemas["EvaluationItem"] == {"description": "rating", "title": "EvaluationItem"}  # titled by its name
    got = merged["paths"]["/api/v1/annual-ratings"]["get"]["responses"]["200"]["content"]["a"]["schema"]
    assert got == {"$ref": "#/components/schemas/EvaluationItem"}
