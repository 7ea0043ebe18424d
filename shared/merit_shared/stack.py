"""Starts Merit as real processes: the embedded database (when DATABASE_URL is unset), the three domain
services and the gateway. Used by `make run`, the end-to-end tests and the benchmarks.

    python -m merit_shared.stack run        # start everything, print the URLs, wait for Ctrl-C
    python -m merit_shared.stack migrate    # bootstrap schemas and roles, apply every migration

`run` listens on GATEWAY_PORT, POSITIONS_PORT, EVALUATION_PORT and RECRUITMENT_PORT (8000-8003), refuses to start
naming a port that is taken, and supervises the services: one that dies is reported (name, exit code, log) and
restarted with backoff, at most STACK_MAX_RESTARTS times, then the whole stack stops.
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
RESTART_BACKOFF_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0)


class StackError(RuntimeError):
    """Why the stack cannot start or keep running, in words an operator can act on."""


def ports_from_settings(settings: Settings) -> dict[str, int]:
    return {name: int(getattr(settings, f"{name}_port")) for name in SERVICES}


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        # as uvicorn binds: a port whose last connections linger in TIME_WAIT is free, a listening one is not
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def check_ports(ports: dict[str, int], log_dir: Path | None = None) -> None:
    """Refuse to start when a port is taken, naming the port, the service, the setting and the log folder."""
    busy = [(name, port) for name, port in ports.items() if port_in_use(port)]
    if not busy:
        return
    lines = [f"port {port} ({name}, setting {name.upper()}_PORT) is already in use" for name, port in busy]
    hint = (f"Stop what listens there (e.g. `ss -ltnp 'sport = :{busy[0][1]}'` shows it; an earlier make run?) or "
            f"choose other ports, e.g. `{busy[0][0].upper()}_PORT={busy[0][1] + 100} make run`.")
    where = f" Service logs: {log_dir}" if log_dir else ""
    raise StackError("; ".join(lines) + ". " + hint + where)


def base_name(name: str) -> str:
    """``positions#2`` (a second replica) runs the ``positions`` service."""
    return name.split("#", 1)[0]


class Stack:
    def __init__(self, database_url: str, ports: dict[str, int] | None = None, env: dict[str, str] | None = None,
                 log_dir: Path | None = None) -> None:
        self.database_url = database_url
        self.ports = ports or dict(DEFAULT_PORTS)
        self.extra_env = env or {}
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.restarts: dict[str, int] = {}

    def log_path(self, name: str) -> Path | None:
        return self.log_dir / f"{name}.log" if self.log_dir else None

    def describe_exit(self, name: str, code: int | None) -> str:
        where = f"see {self.log_path(name)}" if self.log_dir else "its output is above"
        tail = ""
        path = self.log_path(name)
        if path and path.exists():
            lines = [line[:300] for line in path.read_text(errors="replace").splitlines()[-5:]]
            tail = "\n  last lines:\n    " + "\n    ".join(lines) if lines else ""
        return f"{name} (port {self.ports[name]}) exited with code {code}; {where}{tail}"

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def urls_of(self, service: str) -> str:
        """Every replica of a service: ``positions`` and any ``positions#2``, ``positions#3`` (a replica test)."""
        return ",".join(self.url(n) for n in self.ports if base_name(n) == service)

    def env_for(self, name: str) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": self.database_url,
            "GATEWAY_URL": self.url("gateway"),
            "POSITIONS_URL": self.urls_of("positions"),
            "EVALUATION_URL": self.urls_of("evaluation"),
            "RECRUITMENT_URL": self.urls_of("recruitment"),
            "SERVICE_CLIENT_ID": f"svc-{base_name(name)}",
        })
        env.update(self.extra_env)
        return env

    def start(self, name: str) -> None:
        out = None
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            out = open(self.log_dir / f"{name}.log", "ab")  # noqa: SIM115 - kept open for the child's life
        self.procs[name] = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", SERVICES[base_name(name)], "--host", "127.0.0.1",
             "--port", str(self.ports[name]),
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
        path = "/healthz" if name == "gateway" else "/readyz"  # a replica ("positions#2") is a domain service
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            proc = self.procs.get(name)
            if proc is not None and proc.poll() is not None:
                raise StackError(self.describe_exit(name, proc.returncode))
            try:
                r = httpx.get(self.url(name) + path, timeout=2)
                if r.status_code == 200 or (name == "gateway" and r.status_code == 503):
                    return
                last = r.text
            except httpx.HTTPError as exc:
                last = str(exc)
            time.sleep(0.2)
        where = f"; see {self.log_path(name)}" if self.log_dir else ""
        raise StackError(f"{name} (port {self.ports[name]}) not ready after {timeout}s: {last}{where}")

    def start_all(self) -> None:
        # Migrate once up front so the services do not race each other on first start.
        asyncio.run(migrate_all(self.database_url))
        for name in self.ports:
            self.start(name)
        for name in self.ports:
            self.wait_ready(name)

    def supervise_once(self, max_restarts: int) -> list[str]:
        """One look at the children: each one that died is reported and restarted (after a backoff that grows with
        its restarts); a service that died more than ``max_restarts`` times stops the stack (StackError).
        Returns what it reported."""
        reports: list[str] = []
        for name, proc in list(self.procs.items()):
            code = proc.poll()
            if code is None:
                continue
            count = self.restarts.get(name, 0)
            message = self.describe_exit(name, code)
            if count >= max_restarts:
                raise StackError(f"{message}\n  restarted {count} times already (STACK_MAX_RESTARTS={max_restarts}); "
                                 "stopping Merit")
            delay = RESTART_BACKOFF_SECONDS[min(count, len(RESTART_BACKOFF_SECONDS) - 1)]
            report = f"!!! {message}\n!!! restarting {name} in {delay:.0f}s (restart {count + 1} of {max_restarts})"
            print(report, file=sys.stderr, flush=True)
            reports.append(report)
            time.sleep(delay)
            self.restarts[name] = count + 1
            self.start(name)
            try:
                self.wait_ready(name)
                print(f"!!! {name} is back on port {self.ports[name]}", file=sys.stderr, flush=True)
            except StackError as exc:  # looked at again on the next pass
                print(f"!!! {exc}", file=sys.stderr, flush=True)
        return reports

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
    parser.add_argument("command", choices=["run", "migrate", "url", "check-ports"])
    args = parser.parse_args()
    settings = Settings()
    log_dir = settings.merit_data_dir / "logs"
    ports = ports_from_settings(settings)
    if args.command in ("check-ports", "run"):  # before the embedded database starts
        try:
            check_ports(ports, log_dir)
        except StackError as exc:
            raise SystemExit(f"Merit cannot start: {exc}") from None
        if args.command == "check-ports":
            print("ports free: " + ", ".join(f"{n} {p}" for n, p in ports.items()))
            return
    url = resolve_url()
    if args.command == "url":
        print(url)
        return
    if args.command == "migrate":
        asyncio.run(migrate_all(url))
        print("migrations applied")
        return
    stack = Stack(url, ports=ports, log_dir=log_dir)
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    try:
        stack.start_all()
        # The demo data crosses every service, so it is loaded through the gateway's public API.
        subprocess.run([sys.executable, "-m", "merit_gateway.demo", stack.url("gateway")], check=True,
                       env=stack.env_for("gateway"))
        print(f"\nMerit is running.\n  API docs:   {stack.url('gateway')}/docs  (ReDoc: /redoc)\n"
              f"  Health:     {stack.url('gateway')}/healthz\n  Logs:       {stack.log_dir}\n  Stop:       Ctrl-C\n")
        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping:
            stack.supervise_once(settings.stack_max_restarts)
            time.sleep(1.0)
    except StackError as exc:
        print(f"\nMerit could not run: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(1) from None
    finally:
        stack.stop_all()
        if not Settings().database_url:
            stop_embedded(Settings().merit_data_dir)


if __name__ == "__main__":
    main()
