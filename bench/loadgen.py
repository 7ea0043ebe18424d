"""Throughput measurement: wrk when installed (Debian package `wrk`), else a bounded Python load loop.

Both stop by themselves (fixed duration) and only ever target 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

import aiohttp


@dataclass
class Result:
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    errors: int
    tool: str


def _ms(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> Result:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for k, v in headers.items():
        cmd += ["-H", f"{k}: {v}"]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = dict(re.findall(r"\s+(50|99)%\s+([\d.]+\w+)", out))

    def parse(s: str | None) -> float | None:
        if not s:
            return None
        m = re.match(r"([\d.]+)(us|ms|s)", s)
        return _ms(m.group(1), m.group(2)) if m else None

    errs = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return Result(rps, parse(lat.get("50")), parse(lat.get("99")), int(errs.group(1)) if errs else 0, "wrk")


async def _python_load(url: str, seconds: int, connections: int, headers: dict[str, str]) -> Result:
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds
    async with aiohttp.ClientSession(headers=headers) as session:
        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                async with session.get(url) as r:
                    await r.read()
                    if r.status >= 400:
                        errors += 1
                latencies.append(time.perf_counter() - t)
        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    n = len(latencies)
    return Result(n / elapsed, latencies[n // 2] * 1000 if n else None, latencies[int(n * 0.99)] * 1000 if n else None,
                  errors, "python")


def measure(url: str, seconds: int = 8, connections: int = 32, headers: dict[str, str] | None = None) -> Result:
    headers = headers or {}
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections, headers)
    return asyncio.run(_python_load(url, seconds, connections, headers))
