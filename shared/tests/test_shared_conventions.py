"""The shared conventions: readable schema names, where a created resource lives, and query screening."""

from __future__ import annotations

import pytest

from merit_shared.conventions import _item_templates, readable_name
from merit_shared.db_errors import _query_problems


@pytest.mark.parametrize(("name", "readable"), [
    ("Page_EmployeeListItem_", "EmployeeListItemPage"),
    ("merit_positions__org__schemas__MoveIn", "OrgMoveIn"),
    ("merit_positions__actions__schemas__MoveIn", "ActionsMoveIn"),
    ("Body_auth_token", "AuthTokenForm"),
    ("EmployeeOut", "EmployeeOut"),
])
def test_readable_schema_names(name: str, readable: str) -> None:
    assert readable_name(name) == readable


def test_created_resource_address_from_the_item_route() -> None:
    find = _item_templates(["/api/v1/employees", "/api/v1/employees/{employee_id}", "/api/v1/applications/{app_id}",
                            "/api/v1/employees/{employee_id}/ranks"])
    assert find("/api/v1/employees") == "/api/v1/employees/{employee_id}"
    assert find("/api/v1/selections/{selection_id}/applications") == "/api/v1/applications/{app_id}"
    assert find("/api/v1/employees/{employee_id}/ranks") is None  # ranks have no address of their own


def test_non_ascii_digits_in_a_query_are_left_to_validation() -> None:
    # "¹".isdigit() is True but int("¹") fails: the screen must not turn it into a 500
    assert _query_problems(b"kind=%C2%B9%0C&q=%C2%B2") == []
    assert _query_problems(b"limit=99999999999999999999") == [(["query", "limit"], "int")]
