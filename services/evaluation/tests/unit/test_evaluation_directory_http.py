"""The HTTP positions directory reads what positions really returns (shapes from its schemas)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from merit_evaluation.directory import HttpPositionsDirectory
from merit_shared.errors import NotFound

AGENCY = uuid.uuid4()


class StubClient:
    """Answers like positions' routes; records the calls."""

    def __init__(self, answers: dict[str, Any]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any] | None]] = []

    async def request(self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None,
                      idempotency_key: str | None = None) -> httpx.Response:
        self.calls.append((path, params))
        answer = self.answers.get(path)
        if callable(answer):
            answer = answer(params or {})
        if answer is None:
            return httpx.Response(404, json={"code": "not_found"})
        return httpx.Response(200, json=answer)


def _list_item(unit: uuid.UUID) -> dict[str, Any]:
    """positions' EmployeeListItem: no agency_id, no position id, no job kind."""
    return {"id": str(uuid.uuid4()), "nip": "199001012015031001", "name": "Budi", "display_name": "Budi, S.T.",
            "status": "active", "employment_type": "PNS", "unit_id": str(unit), "unit_name": "Seksi A",
            "position_name": "Analis", "score": None}


async def test_evaluation_unit_employees_reads_list_items_across_pages() -> None:
    unit = uuid.uuid4()
    people = [_list_item(unit) for _ in range(3)]

    def page(params: dict[str, Any]) -> dict[str, Any]:
        off = params["offset"]
        return {"items": people[off:off + 2], "total": 3, "limit": 2, "offset": off}

    stub = StubClient({"/api/v1/employees": page})
    out = await HttpPositionsDirectory(stub).unit_employees(AGENCY, unit)  # type: ignore[arg-type]
    assert [str(e.id) for e in out] == [p["id"] for p in people]
    assert all(e.agency_id == AGENCY and e.unit_id == unit and e.name == "Budi, S.T." for e in out)
    assert out[0].position_id is None and out[0].position_name == "Analis"
    path, params = stub.calls[0]
    assert params == {"agency_id": str(AGENCY), "limit": 200, "offset": 0, "status": "active",
                      "unit_id": str(unit)}
    assert stub.calls[1][1]["offset"] == 2


async def test_evaluation_unit_subtree_flattens_the_tree() -> None:
    root, child, grandchild, other = (uuid.uuid4() for _ in range(4))
    tree = {"as_of": "2025-01-01", "roots": [
        {"id": str(root), "code": "D", "name": "Dinas", "kind": "DINAS", "parent_id": None, "children": [
            {"id": str(child), "code": "B", "name": "Bidang", "kind": "BIDANG", "parent_id": str(root),
             "children": [{"id": str(grandchild), "code": "S", "name": "Seksi", "kind": "SEKSI",
                           "parent_id": str(child), "children": []}]}]}]}
    stub = StubClient({"/api/v1/org-units/tree": tree})
    out = await HttpPositionsDirectory(stub).unit_subtree(AGENCY, root)  # type: ignore[arg-type]
    assert out == {root, child, grandchild} and other not in out
    assert stub.calls[0][1] == {"agency_id": str(AGENCY), "root_id": str(root)}


async def test_evaluation_unit_of_another_agency_is_not_found() -> None:
    unit = uuid.uuid4()
    stub = StubClient({f"/api/v1/org-units/{unit}": {"id": str(unit), "agency_id": str(uuid.uuid4())}})
    with pytest.raises(NotFound):
        await HttpPositionsDirectory(stub).unit(AGENCY, unit)  # type: ignore[arg-type]
    stub.answers[f"/api/v1/org-units/{unit}"]["agency_id"] = str(AGENCY)
    assert (await HttpPositionsDirectory(stub).unit(AGENCY, unit))["id"] == str(unit)  # type: ignore[arg-type]
