"""One authorization style (issue #8): routers declare roles with merit_shared.authz's aliases and receive their
records from tenancy-scoped loaders; none checks a role or an agency by hand."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVICES = ("positions", "evaluation", "recruitment")
#: Hand-rolled role and scope checks that a role alias or a loader replaces.
HAND_ROLLED = {"require_roles", "require", "owned", "same_agency", "require_same_agency", "require_agency_admin",
               "is_agency_admin"}


def routers() -> list[Path]:
    found = [p for s in SERVICES for p in (ROOT / "services" / s).glob("merit_*/**/*router.py")]
    assert len(found) >= 20, found
    return sorted(found)


def test_routers_define_no_role_alias_and_call_no_hand_rolled_check() -> None:
    problems = []
    for path in routers():
        tree = ast.parse(path.read_text())
        rel = path.relative_to(ROOT)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                fn = node.func
                name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
                if name in HAND_ROLLED:
                    problems.append(f"{rel}:{node.lineno} calls {name}()")
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Annotated":
                first = node.slice.elts[0] if isinstance(node.slice, ast.Tuple) else node.slice
                if isinstance(first, ast.Name) and first.id == "Principal":
                    problems.append(f"{rel}:{node.lineno} defines an Annotated[Principal, ...] alias")
            if isinstance(node, ast.ImportFrom) and node.module == "merit_shared.auth":
                if bad := {a.name for a in node.names} & {"require_roles", "current_principal"}:
                    problems.append(f"{rel}:{node.lineno} imports {sorted(bad)} (use merit_shared.authz)")
    assert not problems, "\n".join(problems)


def test_the_aliases_the_selection_routes_use_are_the_roles_that_take_each_action() -> None:
    from merit_recruitment.selections.service import ACTION_ROLES
    from merit_shared.auth import Role

    assert {a: set(r) for a, r in ACTION_ROLES.items() if set(r) != {Role.AGENCY_ADMIN}} == {
        "submit_proposal": {Role.AGENCY_ADMIN, Role.PANEL_MEMBER},  # AdminOrPanel
        "decide": {Role.PPK},  # Ppk
        "retry_appointment": {Role.AGENCY_ADMIN, Role.PPK},  # AdminOrPpk
    }
