"""Routers stay thin: parse, authorize via the service, call the service, shape the answer.

A router module (``router.py`` under ``services/*/merit_*/``, one per domain folder: tests/test_domain_folders.py;
a stray ``*_router.py`` is scanned too) may not
* define a pydantic model (they live in the area's ``schemas.py``),
* build a query: call ``select``/``text``/``insert``/``update``/``delete`` from SQLAlchemy (they live in the area's
  ``service.py`` or ``queries.py``),
* open a transaction or savepoint: call ``.begin()``/``.begin_nested()`` (the service does, the request commits).

``ALLOWED`` names the routers not moved yet, one reason each. It only shrinks: an entry that no longer matches a
violation fails the test, so remove it once its router is fixed.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]

SCHEMA, QUERY, TRANSACTION = "schema", "query", "transaction"
QUERY_BUILDERS = {"select", "text", "insert", "update", "delete"}
TRANSACTIONS = {"begin", "begin_nested"}

# (router, kind) -> why it is still there. Shrinking only.
ALLOWED: dict[tuple[str, str], str] = {
}


def router_files() -> list[Path]:
    found = {*ROOT.glob("services/*/merit_*/**/router.py"), *ROOT.glob("services/*/merit_*/**/*_router.py")}
    return sorted(p for p in found if "tests" not in p.relative_to(ROOT).parts)


def sql_violations(source: str) -> list[tuple[str, str]]:
    """(kind, what) for every query built and transaction opened in ``source``."""
    tree = ast.parse(source)
    modules: set[str] = set()  # names bound to a sqlalchemy module (import sqlalchemy as sa)
    builders: dict[str, str] = {}  # local name -> query builder imported from sqlalchemy
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name.split(".")[0] == "sqlalchemy":
                    modules.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
            for a in node.names:
                if a.name in QUERY_BUILDERS:
                    builders[a.asname or a.name] = a.name
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        if isinstance(f, ast.Name) and f.id in builders:
            out.append((QUERY, f"{f.id}() at line {node.lineno}"))
        elif isinstance(f, ast.Attribute):
            root = f.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if f.attr in QUERY_BUILDERS and isinstance(root, ast.Name) and root.id in modules:
                out.append((QUERY, f"{ast.unparse(f)}() at line {node.lineno}"))
            elif f.attr in TRANSACTIONS:
                out.append((TRANSACTION, f"{ast.unparse(f)}() at line {node.lineno}"))
    return out


def schema_violations(path: Path) -> list[tuple[str, str]]:
    """(kind, what) for every pydantic model the router module defines (parametrised generics excluded)."""
    rel = path.relative_to(ROOT)
    module = importlib.import_module(".".join(rel.with_suffix("").parts[2:]))
    out = []
    for name, obj in vars(module).items():
        if (isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == module.__name__
                and obj.__pydantic_generic_metadata__["origin"] is None):
            out.append((SCHEMA, f"class {name}"))
    return out


def violations() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in router_files():
        rel = str(path.relative_to(ROOT))
        for kind, what in [*schema_violations(path), *sql_violations(path.read_text())]:
            found.setdefault((rel, kind), []).append(what)
    return found


def test_routers_define_no_schemas_build_no_queries_open_no_transactions() -> None:
    found = violations()
    new = {f"{path} ({kind}): {', '.join(what)}" for (path, kind), what in found.items() if (path, kind) not in ALLOWED}
    assert not new, ("move these into the area's schemas.py / service.py (or queries.py):\n" + "\n".join(sorted(new)))


def test_allowed_list_only_shrinks() -> None:
    found = violations()
    stale = [f"{path} ({kind})" for path, kind in ALLOWED if (path, kind) not in found]
    assert not stale, "fixed, remove from ALLOWED: " + ", ".join(stale)


def test_the_routers_are_found() -> None:
    folders = {p.parent.name for p in router_files() if p.name == "router.py"}
    assert {"plans", "evaluations", "ratings", "org_performance", "audit", "public"} <= folders


def test_the_scan_sees_queries_and_transactions() -> None:
    source = '''
import sqlalchemy as sa
from sqlalchemy import select as pick, func
from sqlalchemy.dialects.postgresql import insert

async def handler(session):
    await session.execute(pick(X).where(func.lower(X.a) == "a"))
    await session.execute(sa.text("SELECT 1"))
    await session.execute(insert(X).values(a=1))
    await session.execute(sa.sql.expression.update(X))
    async with session.begin_nested():
        pass
    service.update(session)  # not sqlalchemy: fine
'''
    kinds = [k for k, _ in sql_violations(source)]
    assert kinds.count(QUERY) == 4 and kinds.count(TRANSACTION) == 1


def test_only_the_app_imports_routers() -> None:
    """Layers run one way, router -> service -> rules: apart from each service's ``main.py`` (which mounts the
    routers), no module imports a router, so a service or rule never depends on the HTTP layer."""
    routers = {".".join(p.relative_to(p.parents[2]).with_suffix("").parts) for p in router_files()}
    offenders = []
    for path in ROOT.glob("services/*/merit_*/**/*.py"):
        if path.name == "main.py" or path in set(router_files()):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if isinstance(node, ast.ImportFrom) and node.module:
                names += [f"{node.module}.{a.name}" for a in node.names]
            offenders += [f"{path.relative_to(ROOT)} imports {n}" for n in names if n in routers]
    assert offenders == []
