"""Starts Merit as real processes: the embedded database (when DATABASE_URL is unset), the three domain
services and the gateway. Used by `make run`, the end-to-end tests and the benchmarks.

    python -m merit_shared.stack run        # start everything, print the URLs, wait for Ctrl-C
    python -m merit_shared.stack migrate    # bootstrap schemas and roles, apply every migration
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from merit_shared.db import admin_url, bootstrap_schema, stop_embedded, with_database
from merit_shared.migrations import upgrade_to_head
from merit_shared.settings import Settings

SERVICES: dict[str, str] = {  # name -> ASGI app; the order is the start order
    "positions": "merit_positions.main:app",
    "evaluation": "merit_evaluation.main:app",
    "recruitment": "merit_recruitment.main:app",
    "gateway": "merit_gateway.main:app",
}
DEFAULT_PORTS = {"gateway": 8000, "positions": 8001, "evaluation": 8002, "recruitment": 8003}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# The public port parses requests with h11 and a 1 MiB head limit, so that an over-long URL reaches the gateway
# and gets a problem document (414) instead of the HTTP parser's plain-text 400.
PUBLIC_HTTP = ("--http", "h11", "--h11-max-incomplete-event-size", str(1 << 20))

class Stack:
    def __init__(self, database_url: str, ports: dict[str, int] | None = None, env: dict[str, str] | None = None,
                 log_dir: Path | None = None) -> None:
        self.database_url = database_url
        self.ports = ports or dict(DEFAULT_PORTS)
        self.extra_env = env or {}
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def env_for(self, name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": self.database_url,
            "GATEWAY_URL": self.url("gateway"),
            "POSITIONS_URL": self.url("positions"),
            "EVALUATION_URL": self.url("evaluation"),
            "RECRUITMENT_URL": self.url("recruitment"),
            "SERVICE_CLIENT_ID": f"svc-{name}",
        })
        env.update(self.extra_env)
        return env

    def start(self, name: str) -> None:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the child's life
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", SERVICES[name], "--host", "127.0.0.1", "--port", str(self.ports[name]),
             "--no-access-log", "--timeout-keep-alive", "5", "--log-level", "warning",
             *(PUBLIC_HTTP if name == "gateway" else ())],
            env=self.env_for(name), stdout=out, stderr=subprocess.STDOUT if out else None,
        )

    def stop(self, name: str) -> None:
        proc = self.procs.pop(name, None)
        if proc and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def wait_ready(self, name: str, timeout: float | None = None) -> None:
        # A loaded machine (CI sharing its cores) can take well over a minute to import and start a service.
        timeout = timeout or float(os.environ.get("MERIT_READY_TIMEOUT_SECONDS", "180"))
        path = "/healthz" if name == "gateway" else "/readyz"
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise RuntimeError(f"{name} exited with code {proc.returncode}; see its log")
            try:
                r = httpx.get(self.url(name) + path, timeout=2)
                if r.status_code == 200 or (name == "gateway" and r.status_code == 503):
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.2)
        raise RuntimeError(f"{name} not ready after {timeout}s: {last}")

    def start_all(self) -> None:
        # Migrate once up front so the services do not race each other on first start.
        asyncio.run(migrate_all(self.database_url))
        for name in SERVICES:
            self.start(name)
        for name in SERVICES:
            self.wait_ready(name)

    def stop_all(self) -> None:
        for name in reversed(list(self.procs)):
            self.stop(name)


async def migrate_all(url: str) -> None:
    for name in SERVICES:
        role = await bootstrap_schema(url, name)
        await upgrade_to_head(f"merit_{name}", url, name, role)


def resolve_url(database_name: str | None = None) -> str:
    url = admin_url(Settings())
    return with_database(url, database_name) if database_name else url


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m merit_shared.stack")
    parser.add_argument("command", choices=["run", "migrate", "url"])
    args = parser.parse_args()
    url = resolve_url()
    if args.command == "url":
        print(url)
        return
    if args.command == "migrate":
        asyncio.run(migrate_all(url))
        print("migrations applied")
        return
    stack = Stack(url, log_dir=Settings().merit_data_dir / "logs")
    try:
        stack.start_all()
        # The demo data crosses every service, so it is loaded through the gateway's public API.
        subprocess.run([sys.executable, "-m", "merit_gateway.demo", stack.url("gateway")], check=True,
                       env=stack.env_for("gateway"))
        print(f"\nMerit is running.\n  API docs:   {stack.url('gateway')}/docs  (ReDoc: /redoc)\n"
              f"  Health:     {stack.url('gateway')}/healthz\n  Logs:       {stack.log_dir}\n  Stop:       Ctrl-C\n")
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        stack.stop_all()
        if not Settings().database_url:
            stop_embedded(Settings().merit_data_dir)


if __name__ == "__main__":
    main()
