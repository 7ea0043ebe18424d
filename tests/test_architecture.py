"""Services never import each other, the shared library imports no service, and the import cycles removed from the
positions rules and the recruitment selection/announcement/assessment services stay removed (import-linter contracts)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    r = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "7 kept, 0 broken" in r.stdout


# One way everywhere: each cross-cutting concern has one home in merit_shared, and no service keeps a copy.
PRIVATE_COPIES = {
    "the host's clock (use merit_shared.clock: the agency's calendar day)": ("date.today()", "datetime.now(",
                                                                            "datetime.utcnow(", "current_date"),
    "a private idempotency mechanism (use merit_shared.idempotency)": ("inbox_claim(",),
}


def test_services_use_the_shared_clock_and_idempotency() -> None:
    found = []
    for path in [*ROOT.glob("services/*/merit_*/**/*.py"), *ROOT.glob("shared/merit_shared/*.py")]:
        if path.name in ("clock.py", "idempotency.py", "outbox.py") or "migrations" in path.parts:
            continue  # the mechanisms themselves; migrations already applied are history
        text = path.read_text()
        for what, needles in PRIVATE_COPIES.items():
            found += [f"{path.relative_to(ROOT)}: {needle} ({what})" for needle in needles if needle in text]
    assert found == []


def test_mypy_passes_on_shared_and_every_service() -> None:
    """The type checker is a guardrail of ``make test`` too, not only of ``make lint``."""
    mypy = Path(sys.executable).parent / "mypy"
    services = sorted(str(p.relative_to(ROOT)) for p in ROOT.glob("services/*/merit_*"))
    for targets in (["shared/merit_shared"], services):  # as `make lint` runs it: the library, then the services
        r = subprocess.run([str(mypy), *targets], cwd=ROOT, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout[-5000:] + r.stderr[-2000:]


def test_comments_cite_regulations_not_documents_outside_the_repository() -> None:
    """Comments cite the regulation itself (PermenPANRB 6/2022, PP 11/2017, ...), never a section of a document
    that readers of the repository do not have."""
    pattern = re.compile(r"domain[- ]reference|engineering[- ]notes|peer-landscape|\breference (section )?\d|/work/")
    found = [f"{p.relative_to(ROOT)}:{n}" for p in [*ROOT.glob("services/*/merit_*/**/*.py"),
                                                    *ROOT.glob("shared/merit_shared/*.py")]
             for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert found == []
