"""Positions service benchmark at city scale (Tangerang Selatan-like), in a database of its own.

Seeds 60 top units, 600 sub-units, 3,000 positions, 10,000 employees with 5 years of assignment history
(COPY straight into the tables the service's migrations created), then measures through the real application
in-process (ASGI transport: routing, token verification, SQL, serialisation; no network):

  * peta jabatan of the whole agency (server time),
  * employee search p95 once the agency has 100,000 employees (typo-tolerant name and NIP-prefix queries),
  * import of 10,000 employees from CSV.

``--scale 10`` seeds ten times the city (600 top units, 6,000 sub-units, 30,000 positions, 100,000 employees with
their history) and reports the same measures (the search then runs on the 100,000 seeded employees).

    .venv/bin/python bench/bench_positions.py [--scale 1|10] [--runs 30] [--searches 300]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _common  # noqa: E402

from merit_shared.db import asyncpg_kwargs  # noqa: E402
from merit_shared.testing import TokenFactory, running_app  # noqa: E402

DB_NAME = "merit_bench_positions"
FIRST = ("Ahmad Agus Andi Budi Bambang Dedi Dewi Dian Eko Fajar Fitri Hadi Hendra Indah Irwan Joko Kartika Lina "
         "Muhammad Nur Putri Rina Rizki Siti Sri Taufik Wahyu Yuni Yusuf Zainal Aditya Bayu Citra Galih Hana "
         "Ilham Nadia Oki Reza Sari Teguh Umar Vina Wulan Yoga Rahmat Gilang Ratna Suryani Endang").split()
MIDDLE = ("Nur Dwi Tri Eka Adi Putra Putri Sri Indra Wira Cahya Rahma Ayu Budi Dewi Hadi Kusuma Maulana Fitri "
          "Agung Ratna Setia Surya Arif").split()
LAST = ("Santoso Wibowo Saputra Hidayat Nugroho Pratama Kurniawan Setiawan Gunawan Lestari Wijaya Rahayu Susanto "
        "Permana Siregar Nasution Harahap Simanjuntak Sihombing Pohan Lubis Tanjung Hasibuan Ginting Sembiring "
        "Tarigan Purba Situmorang Manurung Sinaga Hakim Ramadhan Firmansyah Hermawan Sudrajat Suryadi Maulana "
        "Prasetyo Utomo Halim Syahputra Anggraini Puspita Wulandari Safitri Handayani Kusumawati Rusdi").split()
RANKS = ["II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]
RANK_CODE = {"II/a": 21, "II/b": 22, "II/c": 23, "II/d": 24, "III/a": 31, "III/b": 32, "III/c": 33, "III/d": 34,
             "IV/a": 41, "IV/b": 42, "IV/c": 43}


def rand_name(rng: random.Random) -> str:
    parts = [rng.choice(FIRST)]
    if rng.random() < 0.6:
        parts.append(rng.choice(MIDDLE))
    parts.append(rng.choice(LAST))
    return " ".join(parts)


def rand_nip(rng: random.Random, used: set[str]) -> tuple[str, date]:
    while True:
        birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 35))
        cpns_year = birth.year + rng.randint(20, 30)
        cpns = f"{min(cpns_year, 2024):04d}{rng.randint(1, 12):02d}"
        nip = f"{birth:%Y%m%d}{cpns}{rng.choice('12')}{rng.randrange(1, 1000):03d}"
        if nip not in used and int(cpns[:4]) * 12 + int(cpns[4:]) >= (birth.year + 18) * 12 + birth.month:
            used.add(nip)
            return nip, birth


def typo(rng: random.Random, name: str) -> str:
    s = list(name.lower())
    i = rng.randrange(1, len(s) - 1)
    op = rng.choice("dsr")
    if op == "d":
        del s[i]
    elif op == "s":
        s[i], s[i + 1] = s[i + 1], s[i]
    else:
        s[i] = rng.choice("aeiou")
    return "".join(s)


async def prepare_database() -> str:
    return await _common.prepare_database(DB_NAME)


async def seed(url: str, agency_id: uuid.UUID, rng: random.Random, scale: int = 1) -> dict[str, int]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    today = date.today()
    await conn.execute("INSERT INTO agencies (id, code, name, kind) VALUES ($1, 'TANGSEL', 'Kota Tangerang Selatan', "
                       "'PEMDA_KOTA')", agency_id)
    units, versions = [], []
    tops = []
    for t in range(60 * scale):
        uid = uuid.uuid4()
        tops.append(uid)
        units.append((uid, agency_id, f"OPD{t:03d}", f"Perangkat Daerah {t}", "DINAS", None, date(2016, 1, 1)))
    subs = []
    for t, top in enumerate(tops):
        for s in range(10):
            uid = uuid.uuid4()
            subs.append(uid)
            units.append((uid, agency_id, f"OPD{t:03d}-{s:02d}", f"Bidang {s} OPD {t}", "BIDANG", top,
                          date(2016, 1, 1)))
    for u in units:
        versions.append((u[0], agency_id, u[5], u[2], u[3], u[4], u[6], "created"))
    await conn.copy_records_to_table("org_units", records=units, columns=[
        "id", "agency_id", "code", "name", "kind", "parent_id", "valid_from"])
    await conn.copy_records_to_table("org_unit_versions", records=versions, columns=[
        "unit_id", "agency_id", "parent_id", "code", "name", "kind", "valid_from", "change"])
    jobs = {
        "JPT": (uuid.uuid4(), "Kepala Perangkat Daerah", "JPT_PRATAMA", None, 14, "IV/b", 60),
        "ADM": (uuid.uuid4(), "Kepala Bidang", "ADMINISTRATOR", None, 12, "III/d", 58),
        "PEL": (uuid.uuid4(), "Pengadministrasi Umum", "PELAKSANA", None, 5, None, 58),
        "JF": (uuid.uuid4(), "Analis Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", 8, "III/a", 58),
    }
    await conn.copy_records_to_table("jobs", records=[
        (j[0], agency_id, code, j[1], j[2], j[3], j[4], j[5], j[6]) for code, j in jobs.items()],
        columns=["id", "agency_id", "code", "name", "kind", "jenjang", "kelas_jabatan", "min_rank", "bup"])
    positions = []  # (id, unit, job, code, name, is_head, is_managerial, seats)
    for i, top in enumerate(tops):
        positions.append((uuid.uuid4(), agency_id, top, jobs["JPT"][0], f"POS-T{i}", "Kepala Perangkat Daerah", True,
                          True, 1, date(2016, 1, 1)))
    for i, sub in enumerate(subs):
        positions.append((uuid.uuid4(), agency_id, sub, jobs["ADM"][0], f"POS-H{i}", "Kepala Bidang", True, True, 1,
                          date(2016, 1, 1)))
    k = 0
    while len(positions) < 3000 * scale:
        sub = subs[k % len(subs)]
        job = jobs["PEL"] if k % 2 else jobs["JF"]
        positions.append((uuid.uuid4(), agency_id, sub, job[0], f"POS-S{k}", job[1], False, False, 4,
                          date(2016, 1, 1)))
        k += 1
    await conn.copy_records_to_table("positions", records=positions, columns=[
        "id", "agency_id", "unit_id", "job_id", "code", "name", "is_head", "is_managerial", "required_seats",
        "valid_from"])
    seats = [p for p in positions for _ in range(p[8])]
    rng.shuffle(seats)
    used: set[str] = set()
    employees, ranks, assignments = [], [], []
    for n in range(10_000 * scale):
        eid = uuid.uuid4()
        nip, birth = rand_nip(rng, used)
        employees.append((eid, agency_id, nip, rand_name(rng), birth, "L" if nip[14] == "1" else "P", "PNS",
                          "active"))
        rank = rng.choice(RANKS)
        ranks.append((uuid.uuid4(), agency_id, eid, "PNS", rank, RANK_CODE[rank], date(2019, 4, 1)))
        # 5 years of history: an earlier assignment, then the current one (most people); ~5% without a seat.
        if n < len(seats) and rng.random() > 0.05:
            pos = seats[n]
            start = today - timedelta(days=rng.randrange(30, 365 * 7))
            prev = rng.choice(positions[len(tops) + len(subs):])
            prev_start = start - timedelta(days=rng.randrange(400, 1500))
            assignments.append((uuid.uuid4(), agency_id, eid, prev[0], "definitive", prev[7], prev_start,
                                start - timedelta(days=1), "SK-OLD", prev_start, "initial", "rotation"))
            assignments.append((uuid.uuid4(), agency_id, eid, pos[0], "definitive", pos[7], start, None, "SK-NEW",
                                start, "rotation", None))
    await conn.copy_records_to_table("employees", records=employees, columns=[
        "id", "agency_id", "nip", "name", "birth_date", "gender", "employment_type", "status"])
    await conn.copy_records_to_table("employee_ranks", records=ranks, columns=[
        "id", "agency_id", "employee_id", "scheme", "golongan", "rank_code", "tmt"])
    # The seat trigger checks each row; history rows of the same seat may overlap in this synthetic set, so load
    # assignments with the trigger off (the bench measures reads, not the write-time invariant).
    await conn.execute("ALTER TABLE assignments DISABLE TRIGGER tr_assignments_check_seats")
    await conn.execute("ALTER TABLE assignments DROP CONSTRAINT ex_assignments_one_holder_per_managerial_seat")
    await conn.copy_records_to_table("assignments", records=assignments, columns=[
        "id", "agency_id", "employee_id", "position_id", "kind", "is_managerial", "tmt_start", "tmt_end",
        "sk_number", "sk_date", "reason", "end_reason"])
    await conn.execute("ALTER TABLE assignments ENABLE TRIGGER tr_assignments_check_seats")
    await conn.execute("ANALYZE")
    await conn.close()
    return {"units": len(units), "positions": len(positions), "employees": len(employees),
            "assignments": len(assignments)}


async def nips_in_use(url: str) -> set[str]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        await conn.execute("SET search_path = positions, public")
        return {r[0] for r in await conn.fetch("SELECT nip FROM employees")}
    finally:
        await conn.close()


async def add_employees(url: str, agency_id: uuid.UUID, n: int, rng: random.Random) -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    await conn.execute("SET search_path = positions, public")
    used = {r[0] for r in await conn.fetch("SELECT nip FROM employees")}
    rows = []
    for _ in range(n):
        nip, birth = rand_nip(rng, used)
        rows.append((uuid.uuid4(), agency_id, nip, rand_name(rng), birth, "L" if nip[14] == "1" else "P", "PNS",
                     "active"))
    await conn.copy_records_to_table("employees", records=rows, columns=[
        "id", "agency_id", "nip", "name", "birth_date", "gender", "employment_type", "status"])
    await conn.execute("ANALYZE employees")
    await conn.close()


pct = _common.pct


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=int, default=1, help="1 = city scale, 10 = ten times (600/6,000/30,000/100,000)")
    ap.add_argument("--runs", type=int, default=None, help="peta jabatan repetitions (default 30, 5 at scale > 1)")
    ap.add_argument("--searches", type=int, default=300)
    args = ap.parse_args()
    runs = args.runs or (30 if args.scale == 1 else 5)
    started = time.perf_counter()
    rng = random.Random(20251)
    url = await prepare_database()
    agency_id = uuid.uuid4()
    t0 = time.perf_counter()
    counts = await seed(url, agency_id, rng, args.scale)
    seed_s = time.perf_counter() - t0
    from merit_positions.main import create_app

    tokens = TokenFactory()
    results: list[tuple[str, str, str]] = []
    async with running_app(create_app(), tokens) as client:
        h = tokens.headers("agency_admin", agency_id=agency_id)
        r = await client.get("/api/v1/position-reports/peta-jabatan", headers=h)
        assert r.status_code == 200, r.text
        totals = r.json()["totals"]
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            r = await client.get("/api/v1/position-reports/peta-jabatan", headers=h)
            times.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200
        results.append((f"peta jabatan, whole agency, {counts['positions']:,} positions (ms)",
                        f"median {statistics.median(times):.0f}, p95 {pct(times, 95):.0f} ({runs} runs)",
                        "< 300 (city scale)"))
        r = await client.get(f"/api/v1/positions/{(await first_position(url))}", headers=h)
        assert r.status_code == 200
        t = time.perf_counter()
        r = await client.get(f"/api/v1/positions/{(await first_position(url))}", headers=h)
        results.append(("single position read, in-process (ms)", f"{(time.perf_counter() - t) * 1000:.1f}", "-"))
        if counts["employees"] < 100_000:
            await add_employees(url, agency_id, 100_000 - counts["employees"], rng)
        conn = await asyncpg.connect(**asyncpg_kwargs(url))
        sample = [r[0] for r in await conn.fetch(
            "SELECT name FROM positions.employees ORDER BY random() LIMIT $1", args.searches)]
        nips = [r[0] for r in await conn.fetch(
            "SELECT nip FROM positions.employees ORDER BY random() LIMIT $1", args.searches // 3)]
        total = await conn.fetchval("SELECT count(*) FROM positions.employees WHERE agency_id = $1", agency_id)
        await conn.close()
        name_t, nip_t, hits = [], [], 0
        for name in sample:
            q = typo(rng, name) if rng.random() < 0.7 else name
            t = time.perf_counter()
            r = await client.get("/api/v1/employees", params={"q": q, "limit": 20}, headers=h)
            name_t.append((time.perf_counter() - t) * 1000)
            assert r.status_code == 200, r.text
            hits += any(i["name"] == name for i in r.json()["items"])
        for nip in nips:
            t = time.perf_counter()
            r = await client.get("/api/v1/employees", params={"q": nip[:12], "limit": 20}, headers=h)
            nip_t.append((time.perf_counter() - t) * 1000)
        results.append((f"employee name search, {total:,} employees (ms)",
                        f"p50 {pct(name_t, 50):.0f}, p95 {pct(name_t, 95):.0f}; exact person in top 20: "
                        f"{hits}/{len(sample)}", "p95 < 50"))
        results.append(("employee NIP-prefix search (ms)", f"p50 {pct(nip_t, 50):.1f}, p95 {pct(nip_t, 95):.1f}",
                        "p95 < 50"))
        # Import 10,000 employees into a fresh agency.
        imp_agency = uuid.uuid4()
        await client.post("/api/v1/agencies", headers=tokens.headers("service"),
                          json={"id": str(imp_agency), "code": "IMPORT", "name": "Import test", "kind": "PEMDA_KOTA"})
        used = await nips_in_use(url)  # a NIP is active in one agency only, nationally
        lines = ["nip,name,employment_type,golongan,tmt_golongan,education_level"]
        for _ in range(10_000):
            nip, _b = rand_nip(rng, used)
            lines.append(f"{nip},{rand_name(rng)},PNS,{rng.choice(RANKS)},2019-04-01,S1")
        csv = ("\n".join(lines) + "\n").encode()
        hi = tokens.headers("agency_admin", agency_id=imp_agency)
        t = time.perf_counter()
        r = await client.post("/api/v1/position-imports/employees", headers=hi,
                              files={"file": ("pegawai.csv", csv, "text/csv")})
        first = time.perf_counter() - t
        assert r.status_code == 200 and r.json()["created"] == 10_000, r.text[:500]
        t = time.perf_counter()
        r = await client.post("/api/v1/position-imports/employees", headers=hi,
                              files={"file": ("pegawai.csv", csv, "text/csv")})
        rerun = time.perf_counter() - t
        assert r.json()["created"] == 0 and r.json()["unchanged"] == 10_000
        results.append(("import 10,000 employees (s)", f"first {first:.1f}, re-run {rerun:.1f}", "< 10"))
    print(f"\nScale {args.scale}: seeded in {seed_s:.1f}s: {counts}; peta totals {totals}; "
          f"whole run {time.perf_counter() - started:.0f}s\n")
    w = max(len(r[0]) for r in results)
    print(f"{'measure'.ljust(w)} | result | target")
    print(f"{'-' * w}-|--------|-------")
    for name, value, target in results:
        print(f"{name.ljust(w)} | {value} | {target}")


async def first_position(url: str) -> uuid.UUID:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))
    try:
        return await conn.fetchval("SELECT id FROM positions.positions LIMIT 1")
    finally:
        await conn.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
