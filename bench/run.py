"""Throughput of the hot read paths, each measured three ways in one run:

  gateway -> the service   (what integrators get with `make run`)
  nginx -> the service     (the data plane of deploy/: Debian's nginx with the Ingress's routing, when installed)
  the service directly     (the gateway's cost is the difference)
  raw asyncpg              (Starlette + asyncpg + orjson running the service's own SQL: the floor of the stack)

    make bench                      # or: .venv/bin/python bench/run.py --seconds 8 --connections 32

Starts every service as a real process on free ports against a fresh database `merit_bench`, loads the demo
agency through the API, then drives load with wrk (Debian package `wrk`) or, without it, a Python loop.
Only 127.0.0.1 is ever targeted. Prints a table and writes bench/results/latest.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "deploy"))

from loadgen import Result, measure  # noqa: E402
from tools import nginx_conf  # noqa: E402

from merit_evaluation.summary.service import SUMMARY_SQL  # noqa: E402
from merit_gateway.demo import AGENCY_ID, Demo  # noqa: E402
from merit_positions.seats.queries import POSITION_SQL  # noqa: E402
from merit_recruitment.public.service import LIST_SQL  # noqa: E402
from merit_shared.db import asyncpg_kwargs, with_database  # noqa: E402
from merit_shared.settings import DEV_SERVICE_SECRET  # noqa: E402
from merit_shared.stack import SERVICES, Stack, free_port, resolve_url  # noqa: E402

BENCH_DB = "merit_bench"


async def fresh_database(url: str) -> None:
    admin = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
    finally:
        await admin.close()


def token(gw: str, **form: str) -> dict[str, str]:
    r = httpx.post(f"{gw}/api/v1/auth/token", data=form)
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def raw_queries(today: date) -> dict[str, str]:
    """The services' own SQL with the per-request parameter as $1 and the rest fixed for the run."""
    position = POSITION_SQL.replace(":id", "$1::uuid").replace(":d", f"'{today}'::date")
    summary = (SUMMARY_SQL.replace("$2", str(today.year - 2)).replace("$3", str(today.year))
               .replace("$4", f"'{today}'::date").replace("$5", f"'{today + timedelta(days=1)}'::timestamptz")
               .replace("$1", "$1::uuid"))
    listed = LIST_SQL.format(order="announced_at DESC NULLS LAST, id")  # the route's default sort
    public = (listed.replace("$1::text[]", "ARRAY['ANNOUNCED','REGISTRATION','SCREENING','ASSESSMENT',"
                                             "'FINAL_RANKING','PROPOSAL','DECISION']::text[]")
              .replace("$2", "50").replace("$3", "0"))
    return {"position": position, "summary": summary, "public_list": public}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    url = with_database(resolve_url(), BENCH_DB)
    asyncio.run(fresh_database(url))
    logs = Path(tempfile.mkdtemp(prefix="merit-bench-"))
    stack = Stack(url, ports={n: free_port() for n in SERVICES}, log_dir=logs,
                  env={"PUBLIC_RATE_PER_MINUTE": "0", "LOG_LEVEL": "WARNING"})
    raw_port = free_port()
    raw = nginx = None
    nginx_url: str | None = None
    try:
        stack.start_all()
        if shutil.which("nginx"):
            nginx_port = free_port()
            conf = logs / "nginx.conf"
            conf.write_text(nginx_conf(stack.ports, nginx_port, str(logs)))
            nginx = subprocess.Popen(["nginx", "-c", str(conf), "-p", str(logs), "-g", "daemon off;"])
            nginx_url = f"http://127.0.0.1:{nginx_port}"
            for _ in range(50):
                try:
                    httpx.get(nginx_url + "/healthz")
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
        gw = stack.url("gateway")
        demo = Demo(gw)
        demo.load()
        admin = token(gw, grant_type="password", username="admin.bkpsdm", password="merit-demo-2026")
        service = token(gw, grant_type="client_credentials", client_id="svc-gateway", client_secret=DEV_SERVICE_SECRET)
        seats = httpx.get(f"{gw}/api/v1/positions", params={"q": "KA-BKPSDM"}, headers=admin).json()["items"]
        position_id = seats[0]["id"]
        employee = httpx.get(f"{gw}/api/v1/employees/by-nip/198511202010011003", headers=admin).json()
        today = date.today()
        env = dict(os.environ, RAW_DSN=str(asyncpg_kwargs(url)["dsn"]),
                   QUERIES=json.dumps(raw_queries(today)))
        env["RAW_SEARCH_PATH"] = "positions,evaluation,recruitment,public"
        raw = subprocess.Popen([sys.executable, "-m", "uvicorn", "raw_server:app", "--port", str(raw_port),
                                "--log-level", "warning", "--no-access-log"], cwd=ROOT / "bench", env=env)
        for _ in range(100):
            try:
                httpx.get(f"http://127.0.0.1:{raw_port}/raw/public_list")
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        scenarios = [
            ("position read", "positions", f"/api/v1/positions/{position_id}", admin, "position", position_id),
            ("employee summary", "evaluation", f"/api/v1/employee-summaries/{employee['id']}", service, "summary",
             employee["id"]),
            ("public selection list", "recruitment", "/api/v1/public/selections", {}, "public_list", None),
        ]
        rows: list[dict[str, Any]] = []
        for name, svc, path, headers, raw_name, raw_id in scenarios:
            assert httpx.get(gw + path, headers=headers).status_code == 200, (name, path)
            raw_url = f"http://127.0.0.1:{raw_port}/raw/{raw_name}" + (f"?id={raw_id}" if raw_id else "")
            assert httpx.get(raw_url).status_code == 200, raw_url
            res: dict[str, Result] = {
                "gateway": measure(gw + path, args.seconds, args.connections, headers),
                "direct": measure(stack.url(svc) + path, args.seconds, args.connections, headers),
                "raw": measure(raw_url, args.seconds, args.connections),
            }
            if nginx_url:
                assert httpx.get(nginx_url + path, headers=headers).status_code == 200, (name, "nginx")
                res["nginx"] = measure(nginx_url + path, args.seconds, args.connections, headers)
            rows.append({"scenario": name, **{k: v.__dict__ for k, v in res.items()},
                         "gateway_vs_direct": res["gateway"].rps / res["direct"].rps,
                         "gateway_vs_raw": res["gateway"].rps / res["raw"].rps,
                         "direct_vs_raw": res["direct"].rps / res["raw"].rps,
                         **({"nginx_vs_direct": res["nginx"].rps / res["direct"].rps} if "nginx" in res else {})})
        ann = httpx.get(f"{gw}/api/v1/public/selections").json()["items"]
        sid = ann[0]["id"]
        detail = httpx.get(f"{gw}/api/v1/public/selections/{sid}").json()
        ann_id = (detail.get("announcements") or [{}])[0].get("id")
        if ann_id:
            cached = measure(f"{gw}/api/v1/public/announcements/{ann_id}", args.seconds, args.connections)
            rows.append({"scenario": "cached announcement (gateway)", "gateway": cached.__dict__,
                         "gateway_vs_raw": cached.rps / rows[2]["raw"]["rps"]})
    finally:
        for proc in (raw, nginx):
            if proc:
                proc.terminate()
                proc.wait()
        stack.stop_all()

    print(f"\nMerit hot paths: {args.connections} connections, {args.seconds}s each, tool "
          f"{rows[0]['gateway']['tool']}, {os.cpu_count()} cores, agency {AGENCY_ID}\n")
    print(f"{'scenario':<32}{'gateway r/s':>12}{'nginx r/s':>10}{'direct r/s':>11}{'raw r/s':>9}{'gw/direct':>10}"
          f"{'nginx/direct':>13}{'direct/raw':>11}{'gw p99 ms':>10}")
    for r in rows:
        d = r.get("direct", {}).get("rps")
        raw_rps = r.get("raw", {}).get("rps")
        ng = r.get("nginx", {}).get("rps")
        print(f"{r['scenario']:<32}{r['gateway']['rps']:>12.0f}{(ng or 0):>10.0f}{(d or 0):>11.0f}{(raw_rps or 0):>9.0f}"
              f"{r.get('gateway_vs_direct', 0):>10.2f}{r.get('nginx_vs_direct', 0):>13.2f}"
              f"{r.get('direct_vs_raw', 0):>11.2f}{(r['gateway']['p99_ms'] or 0):>10.1f}")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(rows, indent=2))
    print(f"\nwritten: {out / 'latest.json'}   service logs: {logs}")


if __name__ == "__main__":
    main()
