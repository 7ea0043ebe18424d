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
#: Evaluation's record loaders and scope checks that merit_evaluation.access's loaders replaced (CurrentPlan ...).
EVALUATION_HAND_ROLLED = {"get_period", "load_plan", "plan_in_agency", "require_plan_read", "load_evaluation",
                          "get_rating", "require_rating_read", "load_org", "require_org_reader", "may_finalize_org",
                          "require_may_finalize_org", "load_assessment", "get_cycle", "get_plan", "read_succession",
                          "visible_plan", "require_reader", "_require_reader", "access_of"}


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
                if name in HAND_ROLLED or (name in EVALUATION_HAND_ROLLED and rel.parts[1] == "evaluation"):
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



def test_evaluation_routes_by_id_receive_their_record_from_a_loader() -> None:
    """Every evaluation route addressing an aggregate by ``{..._id}`` takes it from a loader of
    merit_evaluation.access (or ``OwnAgency`` for the policy); the employee summary authorizes from its own records."""
    import inspect

    from fastapi import params
    from fastapi.routing import APIRoute

    from merit_evaluation import access
    from merit_evaluation.common.access import OwnAgency
    from merit_evaluation.main import SPEC

    def is_loader(alias: object) -> bool:  # scoped_loader names its dependency current_<param>
        deps = [m for m in getattr(alias, "__metadata__", ()) if isinstance(m, params.Depends)]
        return bool(deps) and getattr(deps[0].dependency, "__name__", "").startswith("current_")

    loaders = {id(a) for a in vars(access).values() if is_loader(a)} | {id(OwnAgency)}
    assert len(loaders) >= 12
    missing = []
    routes = [r for router in SPEC.routers for r in router.routes if isinstance(r, APIRoute) and "_id}" in r.path]
    assert len(routes) >= 20, routes
    for route in routes:
        if route.path.startswith("/api/v1/employee-summaries/"):
            continue
        sig = inspect.signature(route.endpoint, eval_str=True).parameters.values()
        if not any(id(p.annotation) in loaders for p in sig):
            missing.append(f"{sorted(route.methods)} {route.path}")
    assert not missing, missing


def test_recruitment_routes_by_application_id_receive_it_from_a_loader() -> None:
    """Every recruitment route under ``/applications/{application_id}`` takes the application (with its selection)
    from a loader of merit_recruitment.authz, never from a service function called in the body. (Under
    ``/selections/{selection_id}/...`` an application is a child of the selection's loader.)"""
    import inspect

    from fastapi.routing import APIRoute

    from merit_recruitment import authz
    from merit_recruitment.main import SPEC

    loaders = {id(authz.CurrentApplication), id(authz.ApplicationLocked), id(authz.ApplicationToSecondCheck)}
    routes = [r for router in SPEC.routers for r in router.routes
              if isinstance(r, APIRoute) and r.path.startswith("/api/v1/applications/{application_id}")]
    assert len(routes) >= 10, routes
    missing = [f"{sorted(r.methods)} {r.path}" for r in routes
               if not any(id(p.annotation) in loaders
                          for p in inspect.signature(r.endpoint, eval_str=True).parameters.values())]
    assert not missing, missing
