"""The contract check: schemathesis drives the merged OpenAPI document against the running stack with an agency
admin's token, and every answer must be one the document promises (status, media type, body schema), never 5xx.

Bounded for a small machine: the examples, coverage and fuzzing phases (fuzzing is what sends the unparseable
bodies), at most 5 cases per operation and scenario, one time budget for the whole run; no stateful phase.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import httpx

from tests.conftest import create_user, login, ok

CHECKS = ("status_code_conformance", "content_type_conformance", "response_schema_conformance",
          "not_a_server_error")
# Routes a fuzzer must not drive on the shared test stack: failed logins would throttle every later login from
# this address (too_many_attempts), and a changed password would lock the admin out of the rest of the run.
EXCLUDED = ("/api/v1/auth/token", "/api/v1/auth/password")
MAX_TIME_SECONDS = 150


def run_schemathesis(base_url: str, token: str, report_dir: Path) -> list[dict[str, str]]:
    """Run the schemathesis CLI; returns one entry per distinct failure (operation, check, message)."""
    cmd = [str(Path(sys.executable).parent / "schemathesis"), "run", f"{base_url}/openapi.json",
           "--url", base_url, "--phases", "examples,coverage,fuzzing", "--checks", ",".join(CHECKS),
           "--max-examples", "5", "--max-time", str(MAX_TIME_SECONDS), "--workers", "2", "--seed", "1",
           "--no-shrink", "--continue-on-failure", "--request-timeout", "20",
           "-H", f"Authorization: Bearer {token}", "-H", "Accept-Language: en",
           "--report", "ndjson", "--report-dir", str(report_dir), "--warnings", "off"]
    for path in EXCLUDED:
        cmd += ["--exclude-path-regex", "^" + path]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
                          timeout=MAX_TIME_SECONDS + 300, cwd=report_dir)  # its cache stays out of the repo
    print(proc.stdout[-20000:])
    assert "Specification:" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]  # it did load the spec
    failures: dict[tuple[str, str, str], dict[str, str]] = {}
    for f in report_dir.glob("*.ndjson"):
        for line in f.read_text().splitlines():
            event = json.loads(line)
            for fail in _failures(event):
                failures.setdefault((fail["operation"], fail["check"], fail["title"]), fail)
    assert "Traceback" not in proc.stderr, proc.stderr[-5000:]
    return list(failures.values())


def _failures(event: object) -> list[dict[str, str]]:
    """Failed checks anywhere in a schemathesis ndjson event (a scenario's recorder holds them per case)."""
    out: list[dict[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("status") == "failure" and isinstance(node.get("failure_info"), dict):
                failure = node["failure_info"].get("failure") or {}
                out.append({"operation": str(failure.get("operation", "")), "check": str(node.get("name", "")),
                            "title": f"{failure.get('code', '')} {failure.get('title', '')}".strip(),
                            "message": str(failure.get("message", ""))[:300]})
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(event)
    return out


def test_merged_contract_holds_under_schemathesis(gw: httpx.Client, platform: dict[str, str]) -> None:
    tag = uuid.uuid4().hex[:8].upper()
    agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"ST-{tag}", "name": f"Pemerintah Kota Kontrak {tag}", "kind": "PEMDA_KOTA"}), 201)
    admin = login(gw, create_user(gw, platform, agency["id"], ["agency_admin"]))
    token = admin["Authorization"].split(" ", 1)[1]
    with tempfile.TemporaryDirectory(prefix="merit-schemathesis-") as tmp:
        failures = run_schemathesis(str(gw.base_url).rstrip("/"), token, Path(tmp))
    by_class = Counter((f["check"], f["title"]) for f in failures)
    for (check, title), n in by_class.most_common():
        print(f"{n:4d}  {check}: {title}")
    for f in sorted(failures, key=lambda f: (f["check"], f["operation"])):
        print(f"{f['check']:32s} {f['operation']}  {f['title']}: {f['message']}")
    assert failures == []


def test_failures_are_read_from_the_report() -> None:
    """The reader finds a failed check where schemathesis 4 records it, so the contract test can fail."""
    event = {"ScenarioFinished": {"status": "failure", "recorder": {"checks": {"case1": [
        {"name": "not_a_server_error", "status": "success"},
        {"name": "status_code_conformance", "status": "failure", "failure_info": {"failure": {
            "code": "ST103", "operation": "POST /api/v1/org-performance", "title": "Undocumented status code",
            "message": "Received: 404"}}}]}}}}
    assert _failures(event) == [{"operation": "POST /api/v1/org-performance", "check": "status_code_conformance",
                                 "title": "ST103 Undocumented status code", "message": "Received: 404"}]
    assert _failures({"ScenarioFinished": {"status": "success", "recorder": {}}}) == []
