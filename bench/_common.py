"""What every benchmark shares: a fresh database of its own, the timing loops and the result table.

Imported by the scripts of this folder (run as ``.venv/bin/python bench/<x>.py``, so this folder is on ``sys.path``).
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg

from merit_shared.db import admin_url, asyncpg_kwargs, bootstrap_schema, with_database
from merit_shared.migrations import upgrade_to_head
from merit_shared.settings import Settings


async def prepare_database(name: str, schema: str = "positions", package: str = "merit_positions") -> str:
    """Drop and create database ``name`` with ``schema`` migrated to head; answers its URL (also DATABASE_URL)."""
    url = with_database(admin_url(Settings()), name)
    conn = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
    role = await bootstrap_schema(url, schema)
    await upgrade_to_head(package, url, schema, role)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("LOG_REQUESTS", "false")
    # The in-process app would otherwise start its own scheduler, whose runs (retiring the seed's people past
    # BUP) would share the CPU and the rows with what is measured; bench_scheduler starts its runs itself.
    os.environ["SCHEDULER_ENABLED"] = "false"
    return url


def pct(values: Sequence[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


async def timed(call: Callable[[], Awaitable[Any]], runs: int, check: Callable[[Any], None] | None = None
                ) -> tuple[list[float], Any]:
    """``runs`` sequential calls of ``call()``: their times in ms and the last answer (``check`` sees each)."""
    times, last = [], None
    for _ in range(runs):
        t = time.perf_counter()
        last = await call()
        times.append((time.perf_counter() - t) * 1000)
        if check is not None:
            check(last)
    return times, last


async def timed_get(client: Any, path: str, headers: dict[str, str], runs: int) -> tuple[list[float], Any]:
    """``runs`` GETs of ``path`` through the in-process client, each answering 200; the last response."""
    def ok(r: Any) -> None:
        assert r.status_code == 200, r.text[:500]
    return await timed(lambda: client.get(path, headers=headers), runs, ok)


async def timed_sql(url: str, sql: str, args: Sequence[Any], runs: int, search_path: str = "positions,public"
                    ) -> tuple[list[float], list[Any]]:
    """The baseline of a report: its query alone through raw asyncpg (what no Python layer can beat)."""
    conn = await asyncpg.connect(**asyncpg_kwargs(url), server_settings={"search_path": search_path})
    try:
        return await timed(lambda: conn.fetch(sql, *args), runs)
    finally:
        await conn.close()


def print_table(rows: Sequence[tuple[str, list[float], str]], base_ms: float, width: int = 60) -> None:
    """One line per measure: median, p95 and the median as a multiple of the baseline measured in the same run."""
    print(f"{'measure':<{width}} {'median ms':>10} {'p95 ms':>8} {'x baseline':>11}  note")
    print("-" * (width + 50))
    for name, times, note in rows:
        med = statistics.median(times)
        print(f"{name:<{width}} {med:>10.0f} {pct(times, 95):>8.0f} {med / base_ms:>11.1f}  {note}")
