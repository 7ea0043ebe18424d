"""Onboarding imports at city scale (issue #11), in a database of its own, through the real positions application
in-process (ASGI transport: routing, token verification, the import's rule checks and SQL; no network):

  * import of 10,000 current seat holders (``/position-imports/assignments``) into 200 positions of 50 seats,
    the employees and positions imported first; then the same file again (all unchanged);
  * import of 20 years of rank history for 10,000 people (``/position-imports/ranks``: six ranks each, 2005-2025,
    60,000 rows), in a file whose rows are not in TMT order; then the same file again.

    .venv/bin/python bench/bench_onboarding.py [--people 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import prepare_database  # noqa: E402

from merit_shared.testing import TokenFactory, running_app  # noqa: E402

DB_NAME = "merit_bench_onboarding"
RANKS = [("III/a", "2005-04-01"), ("III/b", "2009-04-01"), ("III/c", "2013-04-01"), ("III/d", "2017-04-01"),
         ("IV/a", "2021-04-01"), ("IV/b", "2025-04-01")]


def nips(rng: random.Random, n: int) -> list[str]:
    """PNS who entered (CPNS) in 2000-2004, so a history from 2005 is possible."""
    used: set[str] = set()
    while len(used) < n:
        birth = date(1968, 1, 1) + timedelta(days=rng.randrange(0, 365 * 12))
        used.add(f"{birth:%Y%m%d}{rng.randint(2000, 2004)}{rng.randint(1, 12):02d}{rng.choice('12')}"
                 f"{rng.randrange(1, 1000):03d}")
    return sorted(used)


def csv_bytes(header: str, rows: list[str]) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


async def post(client: Any, headers: dict[str, str], path: str, content: bytes, expect: int | None = None
               ) -> tuple[float, dict[str, Any]]:
    t = time.perf_counter()
    r = await client.post(path, headers=headers, files={"file": ("data.csv", content, "text/csv")})
    took = time.perf_counter() - t
    assert r.status_code == 200, r.text[:800]
    body = r.json()
    if expect is not None:
        assert body["created"] == expect, body
    return took, body


async def new_agency(client: Any, tokens: TokenFactory, code: str) -> dict[str, str]:
    aid = uuid.uuid4()
    r = await client.post("/api/v1/agencies", headers=tokens.headers("service"),
                          json={"id": str(aid), "code": code, "name": f"Kota {code}", "kind": "PEMDA_KOTA"})
    assert r.status_code in (200, 201), r.text
    return tokens.headers("agency_admin", agency_id=aid)


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, default=10_000)
    args = ap.parse_args()
    n = args.people
    rng = random.Random(2026)
    started = time.perf_counter()
    await prepare_database(DB_NAME)
    from merit_positions.main import create_app

    tokens = TokenFactory()
    results: list[tuple[str, str, str]] = []
    async with running_app(create_app(), tokens) as client:
        # 1. seat holders
        h = await new_agency(client, tokens, "ONB-A")
        people = nips(rng, n)
        await post(client, h, "/api/v1/position-imports/org-units",
                   csv_bytes("code,name,kind,valid_from", ["DISDIK,Dinas Pendidikan,DINAS,2000-01-01"]), 1)
        seats = 50
        positions = [f"P{i:04d},DISDIK,PELAKSANA,Pengadministrasi {i},,{seats},PELAKSANA,Pengadministrasi,,5"
                     for i in range(-(-n // seats))]
        await post(client, h, "/api/v1/position-imports/positions",
                   csv_bytes("code,unit_code,job_code,name,is_head,required_seats,job_kind,job_name,jenjang,"
                             "kelas_jabatan", positions))
        await post(client, h, "/api/v1/position-imports/employees",
                   csv_bytes("nip,name,golongan,tmt_golongan", [f"{p},Pegawai {i},II/c,2010-04-01"
                                                                for i, p in enumerate(people)]), n)
        rows = [f"{p},P{i // seats:04d},definitive,2020-01-02,,821/{i}/2020,2019-12-20,initial"
                for i, p in enumerate(people)]
        rng.shuffle(rows)
        content = csv_bytes("NIP,Kode Jabatan,Jenis Penugasan,TMT Jabatan,TMT Selesai,Nomor SK,Tanggal SK,Alasan", rows)
        first, _ = await post(client, h, "/api/v1/position-imports/assignments", content, n)
        again, body = await post(client, h, "/api/v1/position-imports/assignments", content, 0)
        assert body["unchanged"] == n
        results.append((f"import {n:,} seat holders (s)", f"first {first:.1f}, re-run {again:.1f}", "< 10"))

        # 2. twenty years of rank history
        h = await new_agency(client, tokens, "ONB-B")
        people = nips(rng, n)
        await post(client, h, "/api/v1/position-imports/employees",
                   csv_bytes("nip,name", [f"{p},Pegawai {i}" for i, p in enumerate(people)]), n)
        ranks = [f"{p},{g},{tmt},800/{i}/{tmt[:4]},{tmt}" for i, p in enumerate(people) for g, tmt in RANKS]
        rng.shuffle(ranks)
        content = csv_bytes("NIP,Golongan,TMT Golongan,Nomor SK,Tanggal SK", ranks)
        first, _ = await post(client, h, "/api/v1/position-imports/ranks", content, len(ranks))
        again, body = await post(client, h, "/api/v1/position-imports/ranks", content, 0)
        assert body["unchanged"] == len(ranks)
        results.append((f"import 20 years of ranks for {n:,} people, {len(ranks):,} rows (s)",
                        f"first {first:.1f}, re-run {again:.1f}", "< 30"))
    print(f"\nwhole run {time.perf_counter() - started:.0f}s\n")
    w = max(len(r[0]) for r in results)
    print(f"{'measure'.ljust(w)} | result | target")
    print(f"{'-' * w}-|--------|-------")
    for name, value, target in results:
        print(f"{name.ljust(w)} | {value} | {target}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
