"""The same file set in every domain folder of every service (issue #9), so a reader finds each layer where the
last folder kept it.

A domain folder is a package directly under ``services/*/merit_*/`` (``rules/``, ``common/``, ``migrations/`` and
tests are not domain folders):

* with a ``router.py`` (an HTTP area): ``__init__.py``, ``router.py``, ``schemas.py``, ``service.py``;
  ``errors.py`` when it raises codes of its own; ``models.py`` when it owns tables. One router per folder: no other
  module is a router file or builds an ``APIRouter``.
* without a router (a service-only area, called by other folders): ``__init__.py`` and ``service.py``, plus
  ``errors.py``/``models.py`` on the same terms.
* a models-only folder holds tables several domain folders share (``__init__.py`` and ``models.py``, nothing else).

Codes: a folder raises its own codes from its own ``errors.py``, shared ones from ``merit_shared``, the service's
``common/`` or ``rules/``; it never borrows another folder's catalogue (a code of several folders moves to
``common/errors.py``). Other helper modules (queries.py, export.py, parse.py, ...) are free.

``FOLDERS`` lists every folder checked, with its kind; a new folder is added there.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOT_DOMAIN = {"rules", "common", "migrations", "tests", "__pycache__"}
ROUTER, SERVICE, MODELS = "router", "service-only", "models-only"

FOLDERS: dict[str, str] = {
    "merit_evaluation.angka_kredit": ROUTER,
    "merit_gateway.notifications": ROUTER,
    "merit_evaluation.audit": ROUTER,
    "merit_evaluation.career": ROUTER,
    "merit_evaluation.catalogue": ROUTER,
    "merit_evaluation.competency": ROUTER,
    "merit_evaluation.development": ROUTER,
    "merit_evaluation.development_plans": ROUTER,
    "merit_evaluation.evaluations": ROUTER,
    "merit_evaluation.followups": ROUTER,
    "merit_evaluation.links": ROUTER,
    "merit_evaluation.merit_index": ROUTER,
    "merit_evaluation.merit_indicators": ROUTER,
    "merit_evaluation.org_performance": ROUTER,
    "merit_evaluation.performance": MODELS,
    "merit_evaluation.plans": ROUTER,
    "merit_evaluation.policies": ROUTER,
    "merit_evaluation.ratings": ROUTER,
    "merit_evaluation.summary": ROUTER,
    "merit_evaluation.talent": ROUTER,
    "merit_gateway.audit": ROUTER,
    "merit_gateway.webhooks": ROUTER,
    "merit_evaluation.training_needs": ROUTER,
    "merit_positions.actions": ROUTER,
    "merit_positions.agencies": ROUTER,
    "merit_positions.assignments": ROUTER,
    "merit_positions.career": ROUTER,
    "merit_positions.audit": ROUTER,
    "merit_positions.employees": ROUTER,
    "merit_positions.national": ROUTER,
    "merit_positions.officials": ROUTER,
    "merit_positions.imports": ROUTER,
    "merit_positions.jobs": ROUTER,
    "merit_positions.merit_indicators": ROUTER,
    "merit_positions.org": ROUTER,
    "merit_positions.reports": ROUTER,
    "merit_positions.scheduling": ROUTER,
    "merit_positions.seats": ROUTER,
    "merit_positions.transfers": ROUTER,
    "merit_recruitment.analytics": ROUTER,
    "merit_recruitment.announcements": ROUTER,
    "merit_recruitment.applications": ROUTER,
    "merit_recruitment.assessment": SERVICE,
    "merit_recruitment.audit": SERVICE,
    "merit_recruitment.committee": ROUTER,
    "merit_recruitment.decision": SERVICE,
    "merit_recruitment.history": ROUTER,
    "merit_recruitment.merit_indicators": ROUTER,
    "merit_recruitment.public": ROUTER,
    "merit_recruitment.scheduling": ROUTER,
    "merit_recruitment.selections": ROUTER,
}
REQUIRED = {ROUTER: {"__init__.py", "router.py", "schemas.py", "service.py"},
            SERVICE: {"__init__.py", "service.py"}, MODELS: {"__init__.py", "models.py"}}


def domain_folders() -> dict[str, Path]:
    found = {}
    for pkg in ROOT.glob("services/*/merit_*"):
        for d in sorted(pkg.iterdir()):
            if d.is_dir() and d.name not in NOT_DOMAIN and any(d.glob("*.py")):
                found[f"{pkg.name}.{d.name}"] = d
    return found


def modules(folder: Path) -> dict[str, ast.Module]:
    return {p.name: ast.parse(p.read_text()) for p in sorted(folder.glob("*.py"))}


def defines_table(tree: ast.Module) -> bool:
    """A mapped class (``__tablename__``) or a ``Table(...)`` at module level."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(
                isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__tablename__" for t in s.targets)
                for s in node.body):
            return True
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            f = node.value.func
            if (isinstance(f, ast.Name) and f.id == "Table") or (isinstance(f, ast.Attribute) and f.attr == "Table"):
                return True
    return False


def builds_router(tree: ast.Module) -> bool:
    return any(isinstance(n, ast.Call) and ((isinstance(n.func, ast.Name) and n.func.id == "APIRouter")
                                            or (isinstance(n.func, ast.Attribute) and n.func.attr == "APIRouter"))
               for n in ast.walk(tree))


def is_shared_catalogue(module: str, service: str) -> bool:
    parts = module.split(".")
    return parts[0] == "merit_shared" or (parts[0] == service and len(parts) > 1 and parts[1] in {"common", "rules"})


def code_problems(name: str, folder: Path) -> list[str]:
    """Codes raised (``SPEC.error(...)``, catalogue entries are UPPER_CASE) that are neither shared nor the
    folder's own, and imports of another folder's catalogue."""
    service = name.split(".")[0]
    own = f"{name}.errors"
    problems = []
    for file, tree in modules(folder).items():
        origin: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                mod = node.module if node.level == 0 else own.rsplit(".", 1)[0] + "." + node.module
                for a in node.names:
                    origin[a.asname or a.name] = mod
                if mod.endswith(".errors") and mod.split(".")[0] == service and not is_shared_catalogue(mod, service) \
                        and mod != own:
                    problems.append(f"{file} imports codes of another folder ({mod}): move them to common/errors.py")
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "error"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id.isupper()):
                code = node.func.value.id
                mod = origin.get(code)
                if file == "errors.py" and mod is None:
                    continue
                if mod is None or (mod != own and not is_shared_catalogue(mod, service)):
                    problems.append(f"{file} raises {code} (from {mod or 'this module'}): its own codes live in "
                                    f"{own.replace('.', '/')}.py")
    return problems


def test_every_domain_folder_is_listed() -> None:
    found = set(domain_folders())
    assert sorted(found - set(FOLDERS)) == [], "new domain folder: add it to FOLDERS with its kind"
    assert sorted(set(FOLDERS) - found) == [], "folder gone: remove it from FOLDERS"


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_folder_has_the_file_set_of_its_kind(name: str) -> None:
    folder = domain_folders()[name]
    kind = FOLDERS[name]
    files = {p.name for p in folder.glob("*.py")}
    trees = modules(folder)
    assert ("router.py" in files) == (kind == ROUTER), f"{name}: a {kind} folder {'has' if kind == ROUTER else 'has no'} router.py"
    assert REQUIRED[kind] <= files, f"{name} ({kind}) lacks {sorted(REQUIRED[kind] - files)}"
    if kind == MODELS:
        assert files == REQUIRED[MODELS], f"{name}: a models-only folder holds only {sorted(REQUIRED[MODELS])}"
        assert defines_table(trees["models.py"]), f"{name}/models.py defines no table"
    routers = sorted(f for f, t in trees.items() if f != "router.py" and ("router" in f or builds_router(t)))
    assert routers == [], f"{name}: one router per folder, in router.py; also {routers}"
    tables = sorted(f for f, t in trees.items() if f != "models.py" and defines_table(t))
    assert tables == [], f"{name}: tables live in models.py, not {tables}"
    assert code_problems(name, folder) == []


def test_the_checks_see_what_they_look_for() -> None:
    """The scans are not blind: tables, routers and borrowed codes in sample sources are found."""
    assert defines_table(ast.parse("class A(Base):\n    __tablename__ = 'a'\n"))
    assert defines_table(ast.parse("t = sa.Table('t', metadata)\n"))
    assert not defines_table(ast.parse("class A(BaseModel):\n    name: str\n"))
    assert builds_router(ast.parse("r = APIRouter(prefix='/x')\n"))
    assert is_shared_catalogue("merit_evaluation.common.errors", "merit_evaluation")
    assert not is_shared_catalogue("merit_evaluation.plans.errors", "merit_evaluation")
    kinds = {FOLDERS[n] for n in FOLDERS}
    assert kinds == {ROUTER, SERVICE, MODELS}


def test_a_borrowed_code_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "ratings"
    folder.mkdir()
    (folder / "service.py").write_text(
        "from merit_evaluation.plans.errors import PLAN_LOCKED\n"
        "from merit_evaluation.common.errors import FUTURE_YEAR\n"
        "from merit_evaluation.ratings.errors import RATING_EXISTS\n"
        "def f():\n    raise PLAN_LOCKED.error()\n"
        "def g():\n    raise FUTURE_YEAR.error()\n"
        "def h():\n    raise RATING_EXISTS.error()\n"
        "def i():\n    log.error('not a code')\n")
    problems = code_problems("merit_evaluation.ratings", folder)
    assert len(problems) == 2 and all("PLAN_LOCKED" in p or "plans.errors" in p for p in problems)
