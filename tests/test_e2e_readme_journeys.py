"""The README's journeys, executed (issues #10 and #12): one stack with the demo loaded (as `make run` has it), the
"First calls" block read from README.md and run call by call, every journey of "Typical journeys" performed as
documented with the demo logins the README names, and the open selection replayed on THE demo selection with a
walk over every public route after each published step (only what the table of allowed public fields permits).

If the README's commands or journeys drift from the product, this file fails."""

from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import re
import shlex
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import asyncpg
import httpx
import pytest
from openpyxl import Workbook, load_workbook

from merit_gateway.demo import PASSWORD
from merit_shared import testing
from merit_shared.db import asyncpg_kwargs, with_database
from merit_shared.stack import Stack
from tests.conftest import client_token, create_user, login, ok, running_stack
from tests.world import PDF, TODAY, nip_for

README = Path(__file__).resolve().parents[1] / "README.md"
DB_NAME = testing.test_database_name("_journeys")
DB_URL = testing.test_database_url(DB_NAME)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@")


def _items(body: Any) -> list[Any]:
    """A list answer, as a page (`{items,total,limit,offset}`) or, until every list is a page, a bare array."""
    return list(body["items"] if isinstance(body, dict) and "items" in body else body)


async def _drop_database() -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(with_database(DB_URL, "postgres")))  # type: ignore[arg-type]
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture(scope="module")
def demo_stack() -> Iterator[Stack]:
    """A stack on an empty database with the demo loaded exactly as `make run` loads it."""
    asyncio.run(_drop_database())
    env = {"LOG_LEVEL": "WARNING", "SCHEDULER_ENABLED": "false", "OUTBOX_POLL_SECONDS": "0.2",
           "REVOCATION_REFRESH_SECONDS": "1"}
    try:
        with running_stack(DB_URL, env, prefix="merit-journeys-") as s:
            subprocess.run([sys.executable, "-m", "merit_gateway.demo", s.url("gateway")], check=True,
                           env=s.env_for("gateway"), timeout=300)
            yield s
    finally:
        asyncio.run(_drop_database())


@pytest.fixture(scope="module")
def dgw(demo_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_stack.url("gateway"), timeout=60) as c:
        yield c


def demo(gw: httpx.Client, username: str) -> dict[str, str]:
    """A demo login named by the README (every one has the password `merit-demo-2026`)."""
    return login(gw, username, PASSWORD)


def me(gw: httpx.Client, headers: dict[str, str]) -> dict[str, Any]:
    return dict(ok(gw.get("/api/v1/auth/me", headers=headers)))


# --- 1. "First calls", read from README.md -------------------------------------------------------------------

def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else len(text)]


@dataclass
class Call:
    """One curl line of the README: what it asks and, when it assigns a shell variable, which JSON key it keeps."""

    label: str
    method: str
    path: str
    query: str
    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    assign: str | None = None
    jq_key: str | None = None


def parse_curl(label: str, line: str) -> Call:
    assign = jq_key = None
    m = re.fullmatch(r"(\w+)=\$\((.*)\)", line)
    if m:
        assign, line = m.group(1), m.group(2)
        line, _, jq = line.partition(" | ")
        jm = re.fullmatch(r"jq -r \.(\w+)", jq.strip())
        assert jm, f"README: only `| jq -r .key` is understood after a curl, got {jq!r}"
        jq_key = jm.group(1)
    words = shlex.split(line)
    assert words[0] == "curl", f"README: not a curl command: {line!r}"
    method, url, form, headers = None, None, {}, {}
    it = iter(words[1:])
    for w in it:
        if w == "-s":
            continue
        if w == "-X":
            method = next(it)
        elif w == "-d":
            k, _, v = next(it).partition("=")
            form[k] = v
        elif w == "-H":
            k, _, v = next(it).partition(":")
            headers[k.strip()] = v.strip()
        elif w.startswith("-"):
            raise AssertionError(f"README: curl option {w!r} is not understood by this test: {line!r}")
        else:
            assert url is None, f"README: two URLs in {line!r}"
            url = w
    assert url, f"README: no URL in {line!r}"
    parts = urlsplit(url if "://" in url else f"http://{url}")
    assert parts.netloc == "localhost:8000", f"README: the gateway is documented at localhost:8000, got {url!r}"
    return Call(label, method or ("POST" if form else "GET"), parts.path, parts.query, form, headers, assign, jq_key)


def first_calls() -> list[Call]:
    block = re.search(r"```bash\n(.*?)```", _section("First calls"), re.S)
    assert block, "README: no bash block under First calls"
    calls, label = [], ""
    for line in block.group(1).replace("\\\n", " ").splitlines():
        line = line.strip()
        if line.startswith("#"):
            label = line.lstrip("# ")
        elif line:
            calls.append(parse_curl(label, re.sub(r"\s+", " ", line)))
    return calls


def test_first_calls_as_written_in_the_readme(dgw: httpx.Client) -> None:
    calls = first_calls()
    assert len(calls) >= 6 and calls[0].assign == "TOKEN", calls  # the README's block, not an empty parse
    shell: dict[str, str] = {}
    for call in calls:
        headers = {k: re.sub(r"\$(\w+)", lambda m: shell[m.group(1)], v) for k, v in call.headers.items()}
        url = call.path + (f"?{call.query}" if call.query else "")
        r = dgw.request(call.method, url, headers=headers, data=call.form or None)
        where = f"README First calls ({call.label}): {call.method} {url}"
        if "error" in call.label:
            # The documented error: a 404 problem document, in English as asked.
            assert r.status_code == 404, f"{where} -> {r.status_code} {r.text}"
            assert r.headers["content-type"].startswith("application/problem+json"), where
            problem = r.json()
            assert problem["code"] == "not_found" and problem["status"] == 404, problem
            assert problem["title"] == "Not found" and "was not found" in problem["detail"], problem
            assert problem["request_id"] == r.headers["x-request-id"], problem
            continue
        assert 200 <= r.status_code < 300, f"{where} -> {r.status_code} {r.text[:500]}"
        if call.assign:
            assert call.jq_key
            shell[call.assign] = r.json()[call.jq_key]
        if "format=csv" in call.query:
            assert r.headers["content-type"].startswith("text/csv"), where
        else:
            assert r.headers["content-type"].startswith("application/json"), where
    assert "TOKEN" in shell
    # The paragraph after the block: the platform client `svc-gateway` and its development secret, in the form
    # or as HTTP Basic.
    text = _section("First calls")
    assert "`svc-gateway`" in text and "`dev-service-secret-change-me`" in text
    assert client_token(dgw, "svc-gateway", "dev-service-secret-change-me")
    r = dgw.post("/api/v1/auth/token", data={"grant_type": "client_credentials"},
                 auth=("svc-gateway", "dev-service-secret-change-me"))
    assert r.status_code == 200 and "service" in me(dgw, {"Authorization": f"Bearer {r.json()['access_token']}"}
                                                    )["roles"], r.text


# --- 2a. Registry ---------------------------------------------------------------------------------------------

REPORTS = ["peta-jabatan", "vacancies", "rotation-due", "retirement-forecast", "bezetting", "promotions-due"]


def test_registry_journey_with_history_and_every_report(dgw: httpx.Client) -> None:
    admin = demo(dgw, "admin.bkpsdm")
    tag = uuid.uuid4().hex[:6].upper()

    def post(path: str, body: dict[str, Any], status: int = 201) -> Any:
        return ok(dgw.post(f"/api/v1{path}", json=body, headers=admin), status)

    # POST /org-units -> /jobs -> /positions -> /employees -> /assignments, history included: the unit (and so the
    # position, by default) exists from a valid_from on or before the earliest tmt_start recorded.
    unit = post("/org-units", {"code": f"BID-{tag}", "name": "=1+1 Bidang Uji Registri", "kind": "BIDANG",
                               "valid_from": "2012-01-02"})
    job = post("/jobs", {"code": f"PLK-{tag}", "name": "Pengelola Data Kepegawaian", "kind": "PELAKSANA",
                         "kelas_jabatan": 7, "min_education": "D3"})
    seat = post("/positions", {"code": f"P-{tag}", "unit_id": unit["id"], "job_id": job["id"], "required_seats": 2})
    nip = nip_for(date(1968, 3, 9), date(1992, 3, 1))
    emp = post("/employees", {"nip": nip, "name": "@Rudi Registri", "employment_type": "PNS",
                              "rank": {"golongan": "III/b", "tmt": "2010-04-01"},
                              "educations": [{"level": "D3", "major": "Manajemen Informatika"}]})
    past = post("/assignments", {"employee_id": emp["id"], "position_id": seat["id"], "kind": "definitive",
                                 "tmt_start": "2013-01-02", "tmt_end": "2017-12-31", "sk_number": f"821/{tag}/2012",
                                 "sk_date": "2012-12-20", "reason": "initial"})
    assert past["tmt_end"] == "2017-12-31"
    post("/assignments", {"employee_id": emp["id"], "position_id": seat["id"], "kind": "definitive",
                          "tmt_start": "2018-01-02", "sk_number": f"821/{tag}/2018", "sk_date": "2017-12-20",
                          "reason": "rotation"})
    career = ok(dgw.get(f"/api/v1/employees/{emp['id']}/career", headers=admin))["items"]
    assert [(c["tmt_start"], c["tmt_end"]) for c in career] == [("2018-01-02", None), ("2013-01-02", "2017-12-31")]
    # A unit created without valid_from exists from today: an assignment before that answers tmt_before_position.
    today_unit = post("/org-units", {"code": f"BID2-{tag}", "name": "Bidang Baru Uji", "kind": "BIDANG"})
    assert today_unit["valid_from"] == TODAY.isoformat()
    new_seat = post("/positions", {"unit_id": today_unit["id"], "job_id": job["id"], "required_seats": 1})
    nip2 = nip_for(date(1990, 7, 1), date(2015, 3, 1), gender=2)
    emp2 = post("/employees", {"nip": nip2, "name": "Rina Registri", "employment_type": "PNS",
                               "rank": {"golongan": "II/c", "tmt": "2015-03-01"}})
    r = dgw.post("/api/v1/assignments", headers=admin, json={
        "employee_id": emp2["id"], "position_id": new_seat["id"], "kind": "definitive", "tmt_start": "2016-01-04",
        "sk_number": f"821/{tag}/2016", "sk_date": "2015-12-20", "reason": "initial"})
    assert r.status_code in (409, 422) and r.json()["code"] == "tmt_before_position", r.text

    # Every report, as JSON, CSV and XLSX, in the Accept-Language language; formulas neutralised.
    for report in REPORTS:
        path = f"/api/v1/position-reports/{report}"
        body = ok(dgw.get(path, headers=admin))
        assert body, report
        headers_by_lang = {}
        for lang in ("id", "en"):
            r = dgw.get(path, params={"format": "csv"}, headers={**admin, "Accept-Language": lang})
            assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), (report, r.text)
            rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
            cells = [v for row in rows for v in row]
            assert not any(v.startswith(FORMULA_START) for v in cells), (report, lang)
            headers_by_lang[lang] = rows
            x = dgw.get(path, params={"format": "xlsx"}, headers={**admin, "Accept-Language": lang})
            assert x.status_code == 200 and x.headers["content-type"].startswith(XLSX), (report, x.text)
            ws = load_workbook(io.BytesIO(x.content)).active
            assert ws is not None
            assert all(c.data_type != "f" for row in ws.iter_rows() for c in row if c.value is not None), report
        assert headers_by_lang["id"] != headers_by_lang["en"], report
        if report in ("peta-jabatan", "bezetting", "rotation-due"):
            # Our unit (named like a formula) is in the report, neutralised as text.
            flat = [v for row in headers_by_lang["id"] for v in row]
            assert "'=1+1 Bidang Uji Registri" in flat, (report, flat[:40])


# --- 2b. Transfer between agencies -----------------------------------------------------------------------------

def test_transfer_journey_to_a_second_agency(dgw: httpx.Client) -> None:
    admin = demo(dgw, "admin.bkpsdm")
    platform = {"Authorization": f"Bearer {client_token(dgw, 'svc-gateway', 'dev-service-secret-change-me')}"}
    tag = uuid.uuid4().hex[:6].upper()
    dest = ok(dgw.post("/api/v1/agencies", headers=platform, json={
        "code": f"KAB-{tag}", "name": f"Pemerintah Kabupaten Tujuan {tag}", "kind": "PEMDA_KABUPATEN"}), 201)
    dest_admin = login(dgw, create_user(dgw, platform, dest["id"], ["agency_admin"]))
    # The person: a demo-agency employee holding a seat of the demo (Analis Kepegawaian, Bidang Mutasi).
    seat = next(p for p in _items(ok(dgw.get("/api/v1/positions", params={"q": "Analis Kepegawaian", "limit": 50},
                                             headers=admin))) if p["code"] == "AK-MUTASI")
    nip = nip_for(date(1988, 2, 14), date(2012, 3, 1), gender=2)
    emp = ok(dgw.post("/api/v1/employees", headers=admin, json={
        "nip": nip, "name": "Maya Mutasi", "employment_type": "PNS", "rank": {"golongan": "III/c", "tmt": "2016-04-01"},
        "educations": [{"level": "S1", "major": "Psikologi"}]}), 201)
    ok(dgw.post("/api/v1/assignments", headers=admin, json={
        "employee_id": emp["id"], "position_id": seat["id"], "kind": "definitive", "tmt_start": "2019-01-02",
        "sk_number": f"821/{tag}/2019", "sk_date": "2018-12-20", "reason": "initial"}), 201)
    # A NIP is active in one agency at a time.
    r = dgw.post("/api/v1/employees", headers=dest_admin, json={"nip": nip, "name": "Maya Mutasi",
                                                                 "employment_type": "PNS"})
    assert r.status_code == 409 and r.json()["code"] == "nip_active_elsewhere", r.text
    tmt = TODAY + timedelta(days=14)
    t = ok(dgw.post("/api/v1/transfers", headers=admin, json={
        "employee_id": emp["id"], "destination_agency_id": dest["id"], "sk_number": f"800/{tag}/BKPSDM",
        "sk_date": TODAY.isoformat(), "tmt": tmt.isoformat()}), 201)
    incoming = _items(ok(dgw.get("/api/v1/transfers", params={"direction": "incoming"}, headers=dest_admin)))
    assert t["id"] in {x["id"] for x in incoming}
    # Only the two agencies' admins see the transfer.
    for who in ("kabid.mutasi", "walikota", "budi.santoso"):
        assert dgw.get(f"/api/v1/transfers/{t['id']}", headers=demo(dgw, who)).status_code == 403, who
    done = ok(dgw.post(f"/api/v1/transfers/{t['id']}/accept", headers=dest_admin, json={
        "sk_number": f"821/{tag}/TUJUAN", "sk_date": TODAY.isoformat()}))
    # A TMT still to come: accepted and scheduled, nothing changes until the destination's day of the TMT.
    assert done["status"] == "SCHEDULED"
    assert ok(dgw.get(f"/api/v1/employees/{emp['id']}", headers=admin))["status"] == "active"
    runs = ok(dgw.post("/api/v1/scheduler/runs", json={"job": "apply_transfers", "as_of": tmt.isoformat()},
                       headers=dest_admin))["runs"]
    assert [x["counts"] for x in runs] == [{"transferred": 1}], runs
    done = ok(dgw.get(f"/api/v1/transfers/{t['id']}", headers=dest_admin))
    assert done["status"] == "ACCEPTED"
    old = ok(dgw.get(f"/api/v1/employees/{emp['id']}", headers=admin))
    assert old["status"] == "transferred_out"
    [line] = ok(dgw.get(f"/api/v1/employees/{emp['id']}/career", headers=admin))["items"]
    assert line["end_reason"] == "transfer" and line["tmt_end"] == (tmt - timedelta(days=1)).isoformat(), line
    mine = ok(dgw.get(f"/api/v1/employees/by-nip/{nip}", headers=dest_admin))
    assert mine["id"] == done["destination_employee_id"] and mine["rank"]["golongan"] == "III/c"
    assert mine["education"]["level"] == "S1"
    [origin] = ok(dgw.get(f"/api/v1/employees/{mine['id']}/origin-history", headers=dest_admin))["items"]
    assert origin["employee_id"] == emp["id"] and origin["assignments"][0]["end_reason"] == "transfer"


# --- 2c. Onboarding from spreadsheets ---------------------------------------------------------------------------

PI = "/api/v1/position-imports"


def _template(gw: httpx.Client, headers: dict[str, str], path: str) -> list[str]:
    r = gw.get(path, headers=headers)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv"), r.text
    return next(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def _csv(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    """A file under the template's header row: every column of the template, the row's values by header."""
    unknown = {k for row in rows for k in row} - set(header)
    assert not unknown, f"columns not in the template: {unknown}"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows([["" if row.get(h) is None else str(row[h]) for h in header] for row in rows])
    return buf.getvalue().encode()


def _xlsx(header: list[str], rows: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for row in rows:
        ws.append([row.get(h) for h in header])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_onboarding_journey_from_the_templates(dgw: httpx.Client) -> None:
    admin = demo(dgw, "admin.bkpsdm")
    tag = uuid.uuid4().hex[:5].upper()

    def upload(kind_path: str, content: bytes, xlsx: bool = False, dry_run: bool = False) -> dict[str, Any]:
        name, mime = ("data.xlsx", XLSX) if xlsx else ("data.csv", "text/csv")
        r = dgw.post(kind_path, params={"dry_run": str(dry_run).lower()}, headers=admin,
                     files={"file": (name, content, mime)})
        assert r.status_code == 200, f"{kind_path}: {r.status_code} {r.text}"
        return dict(r.json())

    def h(kind: str) -> list[str]:
        header = _template(dgw, admin, f"{PI}/{kind}/template")
        en = _template(dgw, {**admin, "Accept-Language": "en"}, f"{PI}/{kind}/template")
        assert len(en) == len(header) and en != header, kind  # English under Accept-Language: en
        x = dgw.get(f"{PI}/{kind}/template", params={"format": "xlsx"}, headers=admin)
        assert x.status_code == 200 and x.headers["content-type"].startswith(XLSX), x.text
        ws = load_workbook(io.BytesIO(x.content)).active
        assert ws is not None and [c.value for c in ws[1]] == header, kind
        return header

    hu = h("org-units")
    units = [{hu[0]: f"UPT-{tag}", hu[1]: "UPT Puskesmas Uji Impor", hu[2]: "UPT", hu[3]: "DINKES",
              hu[4]: "2011-01-03"}]
    assert upload(f"{PI}/org-units", _csv(hu, units), dry_run=True)["dry_run"] is True
    assert upload(f"{PI}/org-units", _csv(hu, units))["created"] == 1
    assert upload(f"{PI}/org-units", _csv(hu, units))["unchanged"] == 1  # a re-run counts what is on record
    hj = h("jobs")
    jobs = [{hj[0]: f"KAPUS-{tag}", hj[1]: "Kepala Puskesmas", hj[2]: "PENGAWAS", hj[4]: 9, hj[5]: "III/b",
             hj[7]: "S1"},
            {hj[0]: f"PERAWAT-{tag}", hj[1]: "Pengadministrasi Puskesmas", hj[2]: "PELAKSANA", hj[4]: 5,
             hj[7]: "SMA"}]
    assert upload(f"{PI}/jobs", _xlsx(hj, jobs), xlsx=True)["created"] == 2  # an XLSX file works the same
    hp = h("positions")
    positions = [{hp[0]: f"P-KAPUS-{tag}", hp[1]: f"UPT-{tag}", hp[2]: f"KAPUS-{tag}", hp[3]: "Kepala UPT Puskesmas",
                  hp[4]: "ya", hp[5]: 1},
                 {hp[0]: f"P-ADM-{tag}", hp[1]: f"UPT-{tag}", hp[2]: f"PERAWAT-{tag}", hp[5]: 2}]
    assert upload(f"{PI}/positions", _csv(hp, positions))["created"] == 2
    he = h("employees")
    kapus, staf = nip_for(date(1980, 6, 2), date(2005, 3, 1)), nip_for(date(1995, 9, 9), date(2019, 3, 1), gender=2)
    assert upload(f"{PI}/employees", _csv(he, [{he[0]: kapus, he[1]: "Joko Impor"},
                                               {he[0]: staf, he[1]: "Lia Impor"}]))["created"] == 2
    hr = h("ranks")  # before assignments: the minimum-rank check sees the rank held on each TMT
    ranks = [{hr[0]: kapus, hr[1]: "III/a", hr[2]: "2005-03-01", hr[3]: "823/1/2005", hr[4]: "2005-02-20"},
             {hr[0]: kapus, hr[1]: "III/b", hr[2]: "2009-04-01", hr[3]: "823/2/2009", hr[4]: "2009-03-20"},
             {hr[0]: staf, hr[1]: "II/a", hr[2]: "2019-03-01", hr[3]: "823/3/2019", hr[4]: "2019-02-20"}]
    assert upload(f"{PI}/ranks", _csv(hr, ranks))["created"] == 3
    hd = h("educations")
    assert upload(f"{PI}/educations", _csv(hd, [
        {hd[0]: kapus, hd[1]: "S1", hd[2]: "Kesehatan Masyarakat", hd[3]: "Universitas Indonesia", hd[4]: "2003-08-30"},
        {hd[0]: staf, hd[1]: "SMA"}]))["created"] == 2
    ha = h("assignments")
    seats = [{ha[0]: kapus, ha[1]: f"P-ADM-{tag}", ha[2]: "definitive", ha[3]: "2011-01-03", ha[4]: "2014-12-31",
              ha[5]: f"821/{tag}/1", ha[6]: "2010-12-20", ha[7]: "initial"},
             {ha[0]: kapus, ha[1]: f"P-KAPUS-{tag}", ha[2]: "definitive", ha[3]: "2015-01-02", ha[5]: f"821/{tag}/2",
              ha[6]: "2014-12-20", ha[7]: "promotion"},
             {ha[0]: staf, ha[1]: f"P-ADM-{tag}", ha[2]: "definitive", ha[3]: "2019-03-01", ha[5]: f"821/{tag}/3",
              ha[6]: "2019-02-20", ha[7]: "initial"}]
    # Any bad row answers 422 import_invalid with line_errors and writes nothing.
    bad = [*seats, {ha[0]: staf, ha[1]: f"P-KAPUS-{tag}", ha[2]: "definitive", ha[3]: "2009-01-05",
                    ha[5]: f"821/{tag}/9", ha[6]: "2009-01-05", ha[7]: "initial"}]
    r = dgw.post(f"{PI}/assignments", headers=admin, files={"file": ("a.csv", _csv(ha, bad), "text/csv")})
    assert r.status_code == 422 and r.json()["code"] == "import_invalid" and r.json()["line_errors"], r.text
    assert upload(f"{PI}/assignments", _csv(ha, seats))["created"] == 3
    emp = ok(dgw.get(f"/api/v1/employees/by-nip/{kapus}", headers=admin))
    career = ok(dgw.get(f"/api/v1/employees/{emp['id']}/career", headers=admin))["items"]
    assert [c["tmt_start"] for c in career] == ["2015-01-02", "2011-01-03"]
    hy = _template(dgw, admin, "/api/v1/annual-ratings/import/template")
    ratings = [{hy[0]: kapus, hy[1]: TODAY.year - 2, hy[2]: "BAIK"},
               {hy[0]: kapus, hy[1]: TODAY.year - 1, hy[2]: "SANGAT_BAIK"}]
    assert upload("/api/v1/annual-ratings/import", _csv(hy, ratings))["created"] == 2
    stored = _items(ok(dgw.get("/api/v1/annual-ratings", params={"employee_id": emp["id"]}, headers=admin)))
    assert {(x["year"], x["predikat"], x["source"]) for x in stored} == {
        (TODAY.year - 2, "BAIK", "import"), (TODAY.year - 1, "SANGAT_BAIK", "import")}


# --- 2d. Performance (SKP) --------------------------------------------------------------------------------------

def test_performance_journey_of_budi_santoso(dgw: httpx.Client) -> None:
    budi, kabid, kepala = (demo(dgw, u) for u in ("budi.santoso", "kabid.mutasi", "kepala.bkpsdm"))
    budi_id, kabid_id, kepala_id = (me(dgw, h)["employee_id"] for h in (budi, kabid, kepala))
    periods = _items(ok(dgw.get("/api/v1/evaluation-periods", headers=demo(dgw, "admin.bkpsdm"))))
    assert TODAY.year in {p["year"] for p in periods}  # opened by the demo, as the README says

    def act(plan: dict[str, Any], action: str, headers: dict[str, str]) -> dict[str, Any]:
        return dict(ok(dgw.post(f"/api/v1/performance-plans/{plan['id']}/{action}", headers=headers)))

    plan = ok(dgw.post("/api/v1/performance-plans", headers=budi,
                       json={"employee_id": budi_id, "year": TODAY.year}), 201)
    # The evaluator is the head of Bidang Mutasi (kabid.mutasi), the superior the head of BKPSDM (kepala.bkpsdm).
    assert plan["evaluator"]["employee_id"] == kabid_id and plan["evaluator_superior"]["employee_id"] == kepala_id
    plan = ok(dgw.put(f"/api/v1/performance-plans/{plan['id']}", headers=budi, json={
        "approach": "QUANTITATIVE",
        "results": [{"description": "Meningkatnya ketepatan layanan mutasi pegawai",
                     "indicators": [{"description": "Persentase SK mutasi terbit tepat waktu", "target": "90%"}]}],
        "behaviours": [{"code": "AKUNTABEL", "expectation": "Laporan bulanan tepat waktu"}]}))
    indicator = plan["results"][0]["indicators"][0]["id"]
    plan = act(plan, "submit", budi)
    assert "approve" not in [a.lower() for a in plan["allowed_actions"]]  # not budi's to approve
    plan = act(plan, "approve", kepala)
    assert plan["state"] == "APPROVED"
    plan = act(plan, "start", kabid)
    assert plan["state"] == "IN_PROGRESS"
    annual = ok(dgw.post(f"/api/v1/performance-plans/{plan['id']}/evaluations", headers=budi,
                         json={"period_number": 0}), 201)
    ok(dgw.put(f"/api/v1/evaluations/{annual['id']}/realisations/{indicator}", headers=budi, json={
        "realisation": "93% SK mutasi terbit tepat waktu"}))
    rate = {"rating_hasil_kerja": "DI_ATAS_EKSPEKTASI", "rating_perilaku": "SESUAI_EKSPEKTASI"}
    assert dgw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=kepala).status_code == 403
    rated = ok(dgw.post(f"/api/v1/evaluations/{annual['id']}/rate", json=rate, headers=kabid))
    assert rated["predikat"] == "BAIK"  # (Di Atas, Sesuai) in the PermenPANRB 6/2022 matrix, computed
    last_day = date(TODAY.year, 12, 31)
    if TODAY < last_day:  # as the README says: not before the period's last day (PermenPANRB 6/2022)
        assert "FINALIZE" not in [a.upper() for a in ok(dgw.get(f"/api/v1/performance-plans/{plan['id']}",
                                                                headers=kepala))["allowed_actions"]]
        early = dgw.post(f"/api/v1/performance-plans/{plan['id']}/finalize", headers=kepala)
        assert early.status_code == 409 and early.json()["code"] == "annual_period_not_ended", early.text
        assert early.json()["first_allowed"] == last_day.isoformat()
        return
    plan = act(plan, "finalize", kepala)
    assert plan["state"] == "FINAL" and plan["allowed_actions"] == []
    ratings = _items(ok(dgw.get("/api/v1/annual-ratings", params={"employee_id": budi_id}, headers=budi)))
    assert (TODAY.year, "BAIK", "skp") in {(x["year"], x["predikat"], x["source"]) for x in ratings}


# --- 2e. Open selection on the demo selection, and 3. the public-privacy walk ---------------------------------

#: Every field a public answer may carry (dotted path, `[]` for a list's items, `*` for any rest), and why. The
#: selection list's items are checked as selections (without `items[].`). A field not matched here fails the
#: walk: a new public field is a decision, made here, with its reason.
PUBLIC_FIELDS: list[tuple[str, str]] = [
    ("total", "page counters"), ("limit", "page counters"), ("offset", "page counters"),
    ("id", "the selection's or announcement's id"),
    ("agency_id", "which agency runs the selection (public body)"),
    ("title", "the selection's or announcement's title"), ("kind", "selection or announcement kind"),
    ("status", "where the selection stands"),
    ("current_stage", "the stage under way (code and name)"), ("current_stage.code", "stage code"),
    ("current_stage.name", "stage name"),
    ("schedule.*", "the announced schedule (dates)"),
    ("positions[].id", "the vacant position announced"), ("positions[].name", "its name"),
    ("positions[].unit_name", "its unit"), ("positions[].job.*", "the job's requirements (no person)"),
    ("announced_at", "when it was announced"), ("updated_at", "when the public view last changed"),
    ("requirements.*", "the announced requirements (PermenPANRB 15/2019: published with the opening)"),
    ("documents[].*", "the document checklist applicants must upload"),
    ("stages[].*", "the announced stages with weights"),
    ("planned_inauguration_date", "announced date"), ("registration_extensions", "how often registration was "
                                                                                  "extended (a public fact)"),
    ("appeal_window_days", "how long results may be appealed"),
    ("announcements[].*", "the announcement references: id, number, kind, title, hash, dates"),
    ("number", "announcement number"), ("stage_code", "the stage an announcement reports"),
    ("content_hash", "SHA-256 of the snapshot: anyone can verify it"), ("corrects_id", "what a correction corrects"),
    ("published_at", "when published"), ("appeal_deadline", "until when it may be appealed"),
    ("selection_id", "the announcement's selection"),
    ("snapshot.selection.*", "the selection the announcement belongs to (id, title, kind, agency)"),
    ("snapshot.announcement.*", "the announcement's own number, kind, stage, title, time"),
    ("snapshot.corrects", "the corrected announcement (null when none)"),
    ("snapshot.corrects.*", "its id, number and hash"),
    ("snapshot.positions[].*", "the opening: positions announced (no holder)"),
    ("snapshot.requirements.*", "the opening: requirements"), ("snapshot.documents[].*", "the opening: documents"),
    ("snapshot.schedule.*", "the opening: schedule"), ("snapshot.stages[].*", "the opening: stages"),
    ("snapshot.planned_inauguration_date", "the opening: planned date"),
    ("snapshot.appeal_window_days", "the opening: appeal window"),
    ("snapshot.base_kind", "a correction: the kind it corrects"),
    ("snapshot.correction_reason", "a correction: why (stated by the committee)"),
    ("snapshot.entries[].name", "a result names those who pass (UU 27/2022 Pasal 16: minimised)"),
    ("snapshot.entries[].nip_masked", "their NIP, masked (only the last digits)"),
    ("snapshot.entries[].current_position", "their current position"), ("snapshot.entries[].agency", "their agency"),
    ("snapshot.entries[].result", "their result (MEMENUHI SYARAT, LULUS, PERINGKAT n)"),
    ("snapshot.entries[].rank", "the final result's rank of those ranked"),
    ("snapshot.passed_count", "how many passed"), ("snapshot.not_passed_count", "how many did not: a count only"),
    ("snapshot.appointment.name", "the appointee (the appointment is public)"),
    ("snapshot.appointment.position.*", "the position filled"),
    ("snapshot.appointment.sk_number", "the decree"), ("snapshot.appointment.sk_date", "the decree's date"),
    ("snapshot.appointment.tmt_start", "the effective date"),
]

#: Keys that no public answer carries anywhere (not even under a subtree the table opens), and why.
FORBIDDEN_KEYS: dict[str, str] = {
    "nip": "only nip_masked is public", "nik": "personal data", "birth_date": "personal data (the NIP encodes it)",
    "date_of_birth": "personal data", "gender": "personal data", "email": "personal data", "phone": "personal data",
    "address": "personal data", "employee_id": "internal link to a person", "account_id": "internal link",
    "score": "scores are the committee's", "scores": "scores are the committee's",
    "stage_scores": "scores are the committee's", "total_score": "scores are the committee's",
    "final_score": "scores are the committee's", "rating_hasil_kerja": "performance ratings are not public",
    "rating_perilaku": "performance ratings are not public", "predikat": "performance ratings are not public",
    "predikat_by_year": "performance ratings are not public", "eligibility": "the applicant's own record",
    "declarations": "the committee's records", "members": "the committee's records",
}


def _allowed(path: str, pattern: str) -> bool:
    return re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), path) is not None


def _paths(doc: Any, prefix: str = "") -> Iterator[tuple[str, str, Any]]:
    """(path, key, value) of every leaf and inner node; list items as `[]`."""
    if isinstance(doc, dict):
        for k, v in doc.items():
            path = f"{prefix}.{k}" if prefix else k
            yield path, k, v
            yield from _paths(v, path)
    elif isinstance(doc, list):
        for v in doc:
            yield from _paths(v, f"{prefix}[]")


@dataclass
class Applicant:
    name: str
    nip: str
    birth: date


@dataclass
class PublicWalk:
    """Every route under /api/v1/public of the recruitment OpenAPI, fetched after each published step."""

    gw: httpx.Client
    recruitment_url: str
    applicants: list[Applicant]
    #: result announcement id -> names of those it must show as passing (everyone else is absent)
    passing: dict[str, set[str]] = field(default_factory=dict)
    appointment: dict[str, Any] | None = None
    seen: set[str] = field(default_factory=set)
    used_fields: set[str] = field(default_factory=set)

    def openapi(self) -> dict[str, Any]:
        return dict(httpx.get(f"{self.recruitment_url}/openapi.json", timeout=30).json())

    def routes(self) -> list[str]:
        doc = self.openapi()
        routes = [p for p, ops in doc["paths"].items() if p.startswith("/api/v1/public")]
        assert routes, "no public route in the recruitment OpenAPI"
        assert all(set(doc["paths"][p]) == {"get"} for p in routes), "the public portal only reads"
        return routes

    def fetch_all(self) -> list[tuple[str, httpx.Response]]:
        got: list[tuple[str, httpx.Response]] = []
        selections: list[str] = []
        announcements: list[str] = []
        doc = self.openapi()
        routes = self.routes()
        for route in sorted(routes, key=lambda p: p.count("{")):
            params = re.findall(r"\{(\w+)\}", route)
            if not params:
                # Every value of every enumerated query parameter (e.g. phase=open|ongoing|...|all), and none.
                queries: list[dict[str, str]] = [{}]
                for param in doc["paths"][route]["get"].get("parameters", []):
                    schema = param.get("schema", {})
                    values = schema.get("enum") or next((s.get("enum") for s in schema.get("anyOf", [])
                                                         if s.get("enum")), None)
                    if param["in"] == "query" and values:
                        queries += [{param["name"]: v} for v in values]
                for q in queries:
                    r = self.gw.get(route, params=q)
                    got.append((route, r))
                    if route.endswith("/selections"):
                        selections += [s["id"] for s in _items(r.json()) if s["id"] not in selections]
                continue
            assert params in (["selection_id"], ["announcement_id"]), f"public route {route}: unknown parameter"
            values = selections if params == ["selection_id"] else announcements
            assert values, f"nothing to fetch for {route}"
            for v in values:
                r = self.gw.get(route.replace(f"{{{params[0]}}}", v))
                got.append((route, r))
                if params == ["selection_id"]:
                    announcements += [a["id"] for a in r.json()["announcements"]]
        assert {route for route, _ in got} == set(routes)
        return got

    def check(self) -> None:
        for route, r in self.fetch_all():
            assert r.status_code == 200, f"{r.request.url}: {r.status_code} {r.text}"
            self.seen.add(route)
            doc = r.json()
            self._fields(route, doc)
            self._values(r.request.url.path, doc, r.text)

    def _fields(self, route: str, doc: Any) -> None:
        patterns = [p for p, _ in PUBLIC_FIELDS]
        for path, key, _ in _paths(doc):
            assert key not in FORBIDDEN_KEYS, f"{route}: {path} is public ({FORBIDDEN_KEYS[key]})"
            check = path.removeprefix("items[].") if route.endswith("/selections") else path
            matched = [p for p in patterns if _allowed(check, p)]
            self.used_fields.update(matched)
            if check in ("items", "items[]") or matched:
                continue
            # An inner node whose children are listed (e.g. `snapshot`, `positions`) is allowed through them.
            if any(p.startswith((f"{check}.", f"{check}[]")) for p in patterns):
                continue
            raise AssertionError(f"{route}: field {path} is not in PUBLIC_FIELDS")

    def _values(self, path: str, doc: Any, text: str) -> None:
        assert not re.search(r"(?<!\d)\d{18}(?!\d)", text), f"{path}: a full NIP-like number is public"
        for a in self.applicants:
            assert a.nip not in text, f"{path}: {a.name}'s NIP"
            assert a.birth.isoformat() not in text and f"{a.birth:%d-%m-%Y}" not in text, f"{path}: a birth date"
        for _, key, value in _paths(doc):
            if key == "nip_masked":
                assert re.fullmatch(r"\*+\d{1,6}", value) and len(value) == 18, f"{path}: nip_masked {value!r}"
        names = {a.name for a in self.applicants}
        if "snapshot" not in doc:  # lists and selection pages name no applicant at all
            assert not any(n in text for n in names), f"{path}: an applicant is named outside an announcement"
            return
        kind = doc["kind"]
        if kind == "APPOINTMENT":
            assert self.appointment is not None, f"{path}: an appointment announced before the decision"
            shown = dict(doc["snapshot"]["appointment"])
            assert self.appointment["name"] in shown.pop("name"), shown  # the appointee, with their titles
            assert shown == {k: v for k, v in self.appointment.items() if k != "name"}, shown
            assert [n for n in names if n in text] == [self.appointment["name"]], path
            return
        if kind == "OPENING":
            assert not any(n in text for n in names), f"{path}: the opening names an applicant"
            return
        expected = self.passing.get(doc["id"])
        assert expected is not None, f"{path}: result announcement {kind} #{doc['number']} not published by the test"
        entries = doc["snapshot"]["entries"]
        shown = {a.name for a in self.applicants for e in entries if a.name in e["name"]}  # shown with titles
        assert shown == expected and len(entries) == len(expected), (path, entries)
        for n in names - expected:  # who did not pass is counted, never named
            assert n not in text, f"{path}: {n} did not pass and is named"
        assert doc["snapshot"]["passed_count"] == len(expected)
        assert doc["snapshot"]["not_passed_count"] == len(names) - len(expected), doc["snapshot"]
        for e in entries:
            a = next(x for x in self.applicants if x.name in e["name"])
            assert e["nip_masked"].endswith(a.nip[-4:]) and e["nip_masked"] != a.nip


async def _close_appeal_windows(selection_id: str) -> None:
    """Time passes for this selection: every appeal window of its announcements has closed. Services are real
    processes (no frozen clock), and announcements are immutable by trigger, so the test's own connection moves
    the recorded deadlines into the past with triggers off for its transaction only."""
    conn = await asyncpg.connect(**asyncpg_kwargs(DB_URL))  # type: ignore[arg-type]
    try:
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            await conn.execute("UPDATE recruitment.announcements SET appeal_deadline = now() - interval '1 second' "
                               "WHERE selection_id = $1 AND appeal_deadline > now()", uuid.UUID(selection_id))
    finally:
        await conn.close()


def close_appeal_windows(selection_id: str) -> None:
    asyncio.run(_close_appeal_windows(selection_id))


def test_open_selection_journey_on_the_demo_selection_and_the_public_walk(dgw: httpx.Client,
                                                                          demo_stack: Stack) -> None:
    admin, kepala, walikota = demo(dgw, "admin.bkpsdm"), demo(dgw, "kepala.bkpsdm"), demo(dgw, "walikota")
    hendra, siti = demo(dgw, "hendra.gunawan"), demo(dgw, "kabid.mutasi")
    people = {}
    for who, h in (("hendra", hendra), ("siti", siti)):
        emp = ok(dgw.get(f"/api/v1/employees/{me(dgw, h)['employee_id']}", headers=admin))
        people[who] = Applicant(emp["name"], emp["nip"], date.fromisoformat(emp["birth_date"]))
    walk = PublicWalk(dgw, demo_stack.url("recruitment"), list(people.values()))
    [listed] = _items(ok(dgw.get("/api/v1/public/selections")))  # THE demo selection
    sid = listed["id"]
    sel = ok(dgw.get(f"/api/v1/selections/{sid}", headers=admin))
    assert sel["status"] == "REGISTRATION" and sel["policies"]["publication"]["appeal_window_days"] == 3
    walk.check()

    # hendra.gunawan applies with {} and uploads each document of the checklist.
    app_h = ok(dgw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=hendra), 201)
    assert app_h["eligibility_status"] == "ELIGIBLE", app_h["eligibility"]
    docs = ok(dgw.get(f"/api/v1/applications/{app_h['id']}/documents", headers=hendra))
    assert docs["missing"] == app_h["missing_documents"] and docs["missing"], docs  # what is still missing
    for code in app_h["missing_documents"]:
        ok(dgw.put(f"/api/v1/applications/{app_h['id']}/documents/{code}", content=PDF + code.encode(),
                   headers={**hendra, "Content-Type": "application/pdf"}))
    assert ok(dgw.get(f"/api/v1/applications/{app_h['id']}/documents", headers=hendra))["missing"] == []
    r = dgw.put(f"/api/v1/applications/{app_h['id']}/documents/CV", content=b"GIF89a not a pdf",
                headers={**hendra, "Content-Type": "image/gif"})
    assert r.status_code == 415 and r.json()["code"] == "document_type_not_allowed", r.text
    # A second applicant: the head of Bidang Mutasi (kabid.mutasi) applies too; the admin tries to verify her
    # before her documents are in.
    app_s = ok(dgw.post(f"/api/v1/selections/{sid}/applications", json={}, headers=siti), 201)
    assert app_s["eligibility_status"] == "ELIGIBLE", app_s["eligibility"]
    r = dgw.post(f"/api/v1/applications/{app_s['id']}/verify", json={"decision": "ACCEPT"}, headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "documents_missing", r.text
    for code in app_s["missing_documents"]:
        ok(dgw.put(f"/api/v1/applications/{app_s['id']}/documents/{code}", files={
            "file": (f"{code}.pdf", PDF + code.encode(), "application/pdf")}, headers=siti))  # multipart
    for app in (app_h, app_s):
        ok(dgw.post(f"/api/v1/applications/{app['id']}/verify", json={"decision": "ACCEPT"}, headers=admin))
    # The second check: a supervisor other than the verifier, never the applicant (kabid.mutasi is a supervisor).
    r = dgw.post(f"/api/v1/applications/{app_s['id']}/second-check", json={"decision": "ACCEPT"}, headers=siti)
    assert r.status_code == 409 and r.json()["code"] == "own_application", r.text
    ok(dgw.post(f"/api/v1/applications/{app_h['id']}/second-check", json={"decision": "ACCEPT"}, headers=kepala))
    ok(dgw.post(f"/api/v1/applications/{app_s['id']}/second-check",
                json={"decision": "REJECT", "note": "SK jabatan terakhir tidak terbaca"}, headers=kepala))
    walk.check()

    ok(dgw.post(f"/api/v1/selections/{sid}/close-registration", headers=admin,
                json={"reason": "Semua pelamar telah diperiksa (uji perjalanan README)"}))
    screening = ok(dgw.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "SCREENING"}, headers=admin),
                   201)
    walk.passing[screening["id"]] = {people["hendra"].name}
    walk.check()
    assert ok(dgw.get(f"/api/v1/applications/{app_s['id']}", headers=siti))["status"] == "REJECTED"
    # The window is open: the assessment waits, and the selection says until when.
    sel = ok(dgw.get(f"/api/v1/selections/{sid}", headers=admin))
    held = next(x for x in sel["blocked_actions"] if x["action"] == "start_assessment")
    assert held["code"] == "appeal_window_open" and held["until"]
    # An appeal, accepted: she is reinstated and the system publishes the correction.
    appeal = ok(dgw.post(f"/api/v1/selections/{sid}/announcements/{screening['id']}/appeals", headers=siti, json={
        "application_id": app_s["id"], "reason": "SK jabatan terakhir saya terlampir dengan jelas pada berkas."}), 201)
    decided = ok(dgw.post(f"/api/v1/selections/{sid}/appeals/{appeal['id']}/decide", headers=admin, json={
        "decision": "ACCEPTED", "reasons": "SK jabatan ditemukan terbaca pada berkas pelamar."}))
    assert decided["status"] == "ACCEPTED" and decided["correction_id"]
    assert ok(dgw.get(f"/api/v1/applications/{app_s['id']}", headers=siti))["status"] == "QUALIFIED"
    both = {people["hendra"].name, people["siti"].name}
    walk.passing[decided["correction_id"]] = both
    walk.check()
    r = dgw.post(f"/api/v1/selections/{sid}/start-assessment", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "appeal_window_open", r.text  # the window is still open
    close_appeal_windows(sid)

    # Each committee member declares (no conflict) per applicant before scoring; the committee scores each stage.
    com = ok(dgw.get(f"/api/v1/selections/{sid}/committee", headers=admin))
    seats = {m["subject"]: m["id"] for m in com["members"]}
    panel = {u: demo(dgw, u) for u in ("pansel.ketua", "pansel.anggota1", "pansel.anggota2")}
    for u, h in panel.items():
        for app in (app_h, app_s):
            ok(dgw.put(f"/api/v1/selections/{sid}/committee/{seats[u]}/declarations/{app['id']}",
                       json={"has_conflict": False}, headers=h))
    sel = ok(dgw.post(f"/api/v1/selections/{sid}/start-assessment", headers=admin))
    for n in range(len(sel["stages"])):
        code = sel["current_stage_code"]
        stage = next(s for s in sel["stages"] if s["code"] == code)
        for i, app in enumerate((app_h, app_s)):
            if stage["kind"] == "PASS_FAIL":  # she does not pass the last stage (health and psychology)
                ok(dgw.put(f"/api/v1/applications/{app['id']}/stages/{code}/result", json={"passed": i == 0},
                           headers=admin))
                continue
            for h in panel.values():
                ok(dgw.put(f"/api/v1/applications/{app['id']}/stages/{code}/scores", headers=h,
                           json={"criteria": {"substansi": 90 - 5 * i, "penyajian": "80.50"}}))
        if n:
            # The next stage waits for the previous result's appeal window (3 days); then time passes.
            r = dgw.post(f"/api/v1/selections/{sid}/advance-stage", headers=admin)
            assert r.status_code == 409 and r.json()["code"] == "appeal_window_open", r.text
            close_appeal_windows(sid)
        sel = ok(dgw.post(f"/api/v1/selections/{sid}/advance-stage", headers=admin))
        ann = ok(dgw.post(f"/api/v1/selections/{sid}/announcements", headers=admin,
                          json={"kind": "STAGE", "stage_code": code}), 201)
        walk.passing[ann["id"]] = both if stage["kind"] != "PASS_FAIL" else {people["hendra"].name}
        walk.check()
    assert sel["status"] == "FINAL_RANKING", sel["status"]
    final = ok(dgw.post(f"/api/v1/selections/{sid}/announcements", json={"kind": "FINAL"}, headers=admin), 201)
    walk.passing[final["id"]] = {people["hendra"].name}
    walk.check()
    # Each applicant reads their own result on their application, and only their own.
    assert ok(dgw.get(f"/api/v1/applications/{app_s['id']}", headers=siti))["status"] != "QUALIFIED"
    assert dgw.get(f"/api/v1/applications/{app_s['id']}", headers=hendra).status_code == 404
    r = dgw.post(f"/api/v1/selections/{sid}/submit-proposal", headers=admin)
    assert r.status_code == 409 and r.json()["code"] == "appeal_window_open", r.text
    close_appeal_windows(sid)
    sel = ok(dgw.post(f"/api/v1/selections/{sid}/submit-proposal", headers=admin))  # the top three (one ranked)
    assert sel["status"] == "PROPOSAL"

    # walikota (PPK) decides; the appointment reaches positions through the outbox.
    sk = {"chosen_application_id": app_h["id"], "sk_number": "821.2/001/WALIKOTA/2026",
          "sk_date": TODAY.isoformat(), "tmt_start": TODAY.isoformat()}
    sel = ok(dgw.post(f"/api/v1/selections/{sid}/decide", json=sk, headers=walikota))
    assert sel["status"] == "DECISION"
    position_id = listed["positions"][0]["id"]
    # What the appointment announcement must say once positions has recorded it (it may already have).
    walk.appointment = {"name": people["hendra"].name,
                        "position": {"id": position_id, "name": "Kepala Dinas Kesehatan",
                                     "unit_name": "Dinas Kesehatan"},
                        "sk_number": sk["sk_number"], "sk_date": sk["sk_date"], "tmt_start": sk["tmt_start"]}
    walk.check()
    t0 = time.monotonic()
    while time.monotonic() - t0 < 60:
        sel = ok(dgw.get(f"/api/v1/selections/{sid}", headers=admin))
        if sel["status"] == "CLOSED":
            break
        time.sleep(0.5)
    assert sel["status"] == "CLOSED" and sel["appointment_status"] == "CONFIRMED", sel
    position = ok(dgw.get(f"/api/v1/positions/{position_id}", headers=admin))
    assert [h["employee_id"] for h in position["holders"]] == [me(dgw, hendra)["employee_id"]]
    detail = ok(dgw.get(f"/api/v1/public/selections/{sid}"))
    assert detail["status"] == "CLOSED"
    [appointment] = [a for a in detail["announcements"] if a["kind"] == "APPOINTMENT"]
    assert appointment["appeal_deadline"] is None
    walk.check()
    doc = ok(dgw.get(f"/api/v1/public/announcements/{appointment['id']}"))
    canonical = json.dumps(doc["snapshot"], sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert hashlib.sha256(canonical).hexdigest() == doc["content_hash"] == appointment["content_hash"]
    assert walk.seen == set(walk.routes())
    # Every row of the table was needed by some public answer of the journey (no stale permission).
    assert {p for p, _ in PUBLIC_FIELDS} - walk.used_fields == set()


def test_the_public_walk_refuses_what_the_table_does_not_allow() -> None:
    """The walk's own rules bite: a field outside the table, a forbidden key, a full NIP, a failed applicant named."""
    a = Applicant("Hendra Gunawan", "197601122002121003", date(1976, 1, 12))
    b = Applicant("Siti Nurhaliza", "197806102003122001", date(1978, 6, 10))
    walk = PublicWalk(httpx.Client(), "http://unused", [a, b], passing={"ann": {a.name}})
    route = "/api/v1/public/announcements/{announcement_id}"
    good = {"id": "ann", "kind": "SCREENING", "number": 2, "snapshot": {
        "entries": [{"name": f"dr. {a.name}", "nip_masked": "*" * 14 + a.nip[-4:], "result": "MEMENUHI SYARAT"}],
        "passed_count": 1, "not_passed_count": 1}}
    walk._fields(route, good)
    walk._values("/x", good, json.dumps(good))
    bad_docs = [
        {**good, "snapshot": {**good["snapshot"], "entries": [{**good["snapshot"]["entries"][0], "nip": a.nip}]}},
        {**good, "snapshot": {**good["snapshot"], "scores": []}},
        {**good, "snapshot": {**good["snapshot"], "birth": "x"}},
    ]
    for doc in bad_docs:
        with pytest.raises(AssertionError):
            walk._fields(route, doc)
    named = {**good, "snapshot": {**good["snapshot"], "entries": [*good["snapshot"]["entries"], {
        "name": b.name, "nip_masked": "*" * 14 + b.nip[-4:], "result": "TIDAK MEMENUHI SYARAT"}]}}
    leaked = {**good, "title": f"{b.name}, {a.nip}"}
    wrong_mask = {**good, "snapshot": {**good["snapshot"], "entries": [
        {**good["snapshot"]["entries"][0], "nip_masked": a.nip[:8] + "*" * 10}]}}
    for doc in (named, leaked, wrong_mask):
        with pytest.raises(AssertionError):
            walk._values("/x", doc, json.dumps(doc))
