"""Rows of the national system's datasets, streamed from the registry, and the import of its ids."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from merit_positions.common.models import audit_log
from merit_positions.directory import EvaluationDirectory
from merit_positions.national.errors import NATIONAL_ID_TAKEN, NATIONAL_KEY_UNKNOWN
from merit_positions.national.schemas import NationalIdsIn
from merit_positions.rules import national as n
from merit_positions.rules.ranks import Jenjang, Rank
from merit_shared.audit import record
from merit_shared.auth import Principal
from merit_shared.clock import today, zone_of
from merit_shared.vocab import JobKind

STREAM_BATCH = 1000  # rows fetched per round trip of the server-side cursor: memory stays bounded

# The perangkat daerah (unorInduk) of a unit is its top-level ancestor below the agency's root unit; a root unit is
# its own.
UNITS_SQL = sa.text("SELECT id, parent_id, name, siasn_unor_id FROM org_units WHERE agency_id = :agency")

PNS_SQL = sa.text("""
SELECT e.nip, e.siasn_pns_id, e.name, e.front_title, e.back_title, e.birth_date, e.gender, e.employment_type,
       e.status, e.tmt_cpns, r.scheme, r.rank_code, r.tmt AS rank_tmt, a.tmt_start, p.unit_id,
       coalesce(p.siasn_jabatan_id, j.siasn_jabatan_id) AS jabatan_id, j.kind, ag.siasn_instansi_id
FROM employees e
JOIN agencies ag ON ag.id = e.agency_id
LEFT JOIN LATERAL (SELECT scheme, rank_code, tmt FROM employee_ranks
                   WHERE employee_id = e.id ORDER BY tmt DESC, created_at DESC LIMIT 1) r ON true
LEFT JOIN LATERAL (SELECT tmt_start, position_id FROM assignments
                   WHERE employee_id = e.id AND kind = 'definitive' AND tmt_start <= :today
                     AND (tmt_end IS NULL OR tmt_end >= :today)
                   ORDER BY tmt_start DESC LIMIT 1) a ON true
LEFT JOIN positions p ON p.id = a.position_id
LEFT JOIN jobs j ON j.id = p.job_id
WHERE e.agency_id = :agency AND (CAST(:since AS timestamptz) IS NULL OR e.updated_at >= :since)
ORDER BY e.nip""")

JABATAN_SQL = sa.text("""
SELECT p.unit_id, p.name, coalesce(p.siasn_jabatan_id, j.siasn_jabatan_id) AS jabatan_id, j.kind, j.kelas_jabatan,
       j.jenjang, p.required_seats,
       (SELECT count(*) FROM assignments a WHERE a.position_id = p.id AND a.kind = 'definitive'
          AND a.tmt_start <= :today AND (a.tmt_end IS NULL OR a.tmt_end >= :today)) AS filled
FROM positions p JOIN jobs j ON j.id = p.job_id
WHERE p.agency_id = :agency AND (p.abolished_on IS NULL OR p.abolished_on > :today)
  AND (CAST(:since AS timestamptz) IS NULL OR p.updated_at >= :since OR j.updated_at >= :since)
ORDER BY p.unit_id, p.name, p.id""")

RIWAYAT_JABATAN_SQL = sa.text("""
SELECT e.siasn_pns_id, e.nip, p.unit_id, j.kind, coalesce(p.siasn_jabatan_id, j.siasn_jabatan_id) AS jabatan_id,
       p.name, a.tmt_start, a.tmt_end, a.sk_number, a.sk_date, a.kind AS penugasan, a.reason
FROM assignments a JOIN employees e ON e.id = a.employee_id
JOIN positions p ON p.id = a.position_id JOIN jobs j ON j.id = p.job_id
WHERE a.agency_id = :agency AND (CAST(:since AS timestamptz) IS NULL OR a.updated_at >= :since)
ORDER BY e.nip, a.tmt_start, a.id""")

RIWAYAT_GOLONGAN_SQL = sa.text("""
SELECT e.siasn_pns_id, e.nip, r.scheme, r.golongan, r.rank_code, r.tmt, r.sk_number, r.sk_date, r.reason
FROM employee_ranks r JOIN employees e ON e.id = r.employee_id
WHERE r.agency_id = :agency AND (CAST(:since AS timestamptz) IS NULL OR r.created_at >= :since)
ORDER BY e.nip, r.tmt, r.id""")


def _kind(kind: str | None) -> JobKind | None:
    return JobKind(kind) if kind else None


def _jenis(kind: JobKind | None) -> str | None:
    return n.jenis_jabatan_id(kind) if kind else None


def _eselon(kind: JobKind | None) -> str | None:
    return n.eselon_id(kind) if kind else None


def _iso(v: date | None) -> str | None:
    return v.isoformat() if v else None


class Units:
    """The agency's units: each one's national id and that of its perangkat daerah (top-level ancestor)."""

    def __init__(self, rows: list[Any]) -> None:
        self.parent = {r.id: r.parent_id for r in rows}
        self.unor = {r.id: r.siasn_unor_id for r in rows}
        self.name = {r.id: r.name for r in rows}

    def induk(self, unit_id: uuid.UUID | None) -> str | None:
        if unit_id is None:
            return None
        chain = [unit_id]
        while self.parent.get(chain[-1]) is not None and len(chain) < 64:
            chain.append(self.parent[chain[-1]])  # type: ignore[arg-type]
        top = chain[-2] if len(chain) >= 2 else chain[-1]  # just below the root; the root is its own
        return self.unor.get(top)


def pns_row(r: Any, units: Units) -> dict[str, Any]:
    kind = _kind(r.kind)
    pns_rank = r.scheme == "PNS" and r.rank_code is not None
    return {
        "nipBaru": r.nip, "pnsId": r.siasn_pns_id, "nama": r.name, "gelarDepan": r.front_title,
        "gelarBelakang": r.back_title, "tanggalLahir": _iso(r.birth_date), "jenisKelamin": r.gender,
        "jenisPegawai": r.employment_type, "statusPegawai": r.status, "tmtCpns": _iso(r.tmt_cpns),
        "golRuangAkhirId": n.gol_ruang_id(Rank(r.rank_code)) if pns_rank else None,
        "tmtGolAkhir": _iso(r.rank_tmt), "jenisJabatanId": _jenis(kind), "jabatanId": r.jabatan_id,
        "eselonId": _eselon(kind), "tmtJabatan": _iso(r.tmt_start), "unorId": units.unor.get(r.unit_id),
        "unorIndukId": units.induk(r.unit_id), "instansiIndukId": r.siasn_instansi_id,
    }


def jabatan_row(r: Any, units: Units) -> dict[str, Any]:
    kind = _kind(r.kind)
    return {
        "unorId": units.unor.get(r.unit_id), "unorIndukId": units.induk(r.unit_id), "namaUnor": units.name.get(r.unit_id),
        "jabatanId": r.jabatan_id, "namaJabatan": r.name, "jenisJabatanId": _jenis(kind), "eselonId": _eselon(kind),
        "kelasJabatan": r.kelas_jabatan, "jenjangJabatan": n.jenjang_name(Jenjang(r.jenjang)) if r.jenjang else None,
        "kebutuhan": r.required_seats, "terisi": int(r.filled),
    }


def riwayat_jabatan_row(r: Any, units: Units) -> dict[str, Any]:
    kind = _kind(r.kind)
    return {
        "pnsId": r.siasn_pns_id, "nipBaru": r.nip, "unorId": units.unor.get(r.unit_id),
        "unorIndukId": units.induk(r.unit_id), "jenisJabatanId": _jenis(kind),
        "jabatanFungsionalId": r.jabatan_id if kind == JobKind.FUNGSIONAL else None,
        "jabatanFungsionalUmumId": r.jabatan_id if kind == JobKind.PELAKSANA else None,
        "eselonId": _eselon(kind), "namaJabatan": r.name, "tmtJabatan": _iso(r.tmt_start),
        "tmtSelesai": _iso(r.tmt_end), "nomorSk": r.sk_number, "tanggalSk": _iso(r.sk_date), "tmtPelantikan": None,
        "jenisPenugasanId": None, "penugasan": r.penugasan.upper(), "jenisMutasiId": None, "alasan": r.reason,
    }


def riwayat_golongan_row(r: Any, units: Units) -> dict[str, Any]:
    pns = r.scheme == "PNS"
    return {
        "pnsId": r.siasn_pns_id, "nipBaru": r.nip,
        "golonganId": n.gol_ruang_id(Rank(r.rank_code)) if pns else None,
        "golonganPppk": None if pns else r.golongan, "tmtGolongan": _iso(r.tmt), "nomorSk": r.sk_number,
        "tanggalSk": _iso(r.sk_date), "jenisKpId": None, "alasan": r.reason,
    }


REGISTRY: Mapping[str, tuple[Any, Callable[[Any, Units], dict[str, Any]]]] = {
    "pns": (PNS_SQL, pns_row), "jabatan": (JABATAN_SQL, jabatan_row),
    "riwayat-jabatan": (RIWAYAT_JABATAN_SQL, riwayat_jabatan_row),
    "riwayat-golongan": (RIWAYAT_GOLONGAN_SQL, riwayat_golongan_row),
}


def since_instant(changed_since: date | None, agency_id: uuid.UUID) -> datetime | None:
    """Changed on or after this calendar day: from midnight in the agency's time zone (its calendar, not UTC's)."""
    return None if changed_since is None else datetime.combine(changed_since, time.min, tzinfo=zone_of(agency_id))


async def registry_rows(sessions: async_sessionmaker[AsyncSession], dataset: str, agency_id: uuid.UUID,
                        changed_since: date | None) -> AsyncIterator[dict[str, Any]]:
    """The rows of a registry dataset, fetched in batches through a server-side cursor (bounded memory)."""
    sql, shape = REGISTRY[dataset]
    params = {"agency": agency_id, "today": today(agency_id), "since": since_instant(changed_since, agency_id)}
    async with sessions() as session:
        units = Units(list((await session.execute(UNITS_SQL, {"agency": agency_id})).all()))
        result = await session.stream(sql.execution_options(yield_per=STREAM_BATCH), params)
        async for r in result:
            yield shape(r, units)


async def skp22_rows(sessions: async_sessionmaker[AsyncSession], directory: EvaluationDirectory,
                     agency_id: uuid.UUID, years: list[int], changed_since: date | None) -> list[dict[str, Any]]:
    """The agency's own annual ratings (not those that followed a person from an earlier agency, which the national
    system has from that agency) in the national SKP 2022 fields; NIPs from the registry."""
    items = [i for i in await directory.rating_items(agency_id, years) if not i.get("read_only")]
    since = since_instant(changed_since, agency_id)
    if since is not None:
        items = [i for i in items if datetime.fromisoformat(str(i["created_at"])) >= since]
    async with sessions() as session:
        nips: dict[uuid.UUID, str] = dict((await session.execute(sa.text("SELECT id, nip FROM employees WHERE agency_id = :a"),
                                           {"a": agency_id})).tuples().all())
    rows = []
    for i in items:
        evaluator = i.get("evaluator_employee_id")
        rows.append({
            "nipBaru": nips.get(uuid.UUID(str(i["employee_id"]))), "tahun": int(i["year"]),
            "hasilKinerjaNilai": n.rating_nilai(i.get("rating_hasil_kerja")),
            "perilakuKerjaNilai": n.rating_nilai(i.get("rating_perilaku")),
            "kuadranKinerjaNilai": n.predikat_nilai(str(i["predikat"])),
            "penilaiNipNrp": nips.get(uuid.UUID(str(evaluator))) if evaluator else None,
        })
    rows.sort(key=lambda r: (r["nipBaru"] or "", r["tahun"]))
    return rows


# --- import of the national ids ------------------------------------------------------------------------------------

async def link_national_ids(session: AsyncSession, principal: Principal, agency_id: uuid.UUID,
                            body: NationalIdsIn) -> dict[str, int]:
    """Set the national ids of existing records, matched by NIP (people) or code (units, jobs); all or nothing:
    the first bad row is refused naming its field and nothing is written.

    An id already carried by another record of the agency, or twice in the request, is refused (two records cannot
    be one national record)."""
    plans: list[tuple[str, str, uuid.UUID, str]] = []  # (table, column, record id, national id)
    groups = (("pns", "employees", "nip", "siasn_pns_id", [(x.nipBaru, x.pnsId) for x in body.pns]),
              ("unor", "org_units", "code", "siasn_unor_id", [(x.code, x.unorId) for x in body.unor]),
              ("jabatan", "jobs", "code", "siasn_jabatan_id", [(x.code, x.jabatanId) for x in body.jabatan]))
    for group, table, key, column, pairs in groups:
        if not pairs:
            continue
        keys = [k for k, _ in pairs]
        match = "lower(code) = ANY(:keys)" if key == "code" else "nip = ANY(:keys)"
        found = {(str(k).lower() if key == "code" else k): (rid, cur) for rid, k, cur in (await session.execute(
            sa.text(f"SELECT id, {key}, {column} FROM {table} WHERE agency_id = :a AND {match}"),  # noqa: S608
            {"a": agency_id, "keys": [k.lower() for k in keys] if key == "code" else keys})).all()}
        wanted = [nid for _, nid in pairs]
        holders: dict[str, uuid.UUID] = dict((await session.execute(
            sa.text(f"SELECT {column}, id FROM {table} WHERE agency_id = :a AND {column} = ANY(:ids)"),  # noqa: S608
            {"a": agency_id, "ids": wanted})).tuples().all())
        seen: dict[str, int] = {}
        key_field = "nipBaru" if key == "nip" else "code"
        id_field = {"pns": "pnsId", "unor": "unorId", "jabatan": "jabatanId"}[group]
        for i, (k, nid) in enumerate(pairs):
            hit = found.get(k.lower() if key == "code" else k)
            if hit is None:
                raise NATIONAL_KEY_UNKNOWN.error(field=f"body.{group}.{i}.{key_field}", value=k)
            other = holders.get(nid)
            if (other is not None and other != hit[0]) or (nid in seen and seen[nid] != i):
                raise NATIONAL_ID_TAKEN.error(field=f"body.{group}.{i}.{id_field}", value=nid)
            seen[nid] = i
            plans.append((table, column, hit[0], nid))
    counts = {"pns": 0, "unor": 0, "jabatan": 0}
    by_table = {"employees": "pns", "org_units": "unor", "jobs": "jabatan"}
    for table, column, rid, nid in plans:
        await session.execute(sa.text(f"UPDATE {table} SET {column} = :nid, updated_at = now() "  # noqa: S608
                                      "WHERE id = :id"), {"nid": nid, "id": rid})
        counts[by_table[table]] += 1
    await record(session, audit_log, principal, action="national_ids.link", entity="agency", entity_id=agency_id,
                 agency_id=agency_id, after=counts)
    await session.commit()
    return counts


# --- the mapping document (services/positions/NATIONAL_MAPPING.md), generated from rules.national.DATASETS -------

MAPPING_FILE = Path(__file__).resolve().parents[2] / "NATIONAL_MAPPING.md"


def mapping_markdown() -> str:
    out = ["# The national system's vocabulary (SIASN): Merit's field map", "",
           "GENERATED from `merit_positions.rules.national.DATASETS` (`python -m merit_positions.national.service`).",
           "", "Exported by `GET /api/v1/national-export/{dataset}` (JSON or CSV, `changed_since`); the national ids are",
           "linked with `POST /api/v1/national-ids`. Golongan ids are the BKN codes (HIGH). Names and codes marked LOW",
           "should be checked against a real export of the national system before an agency relies on them; the",
           "LOW codes are one named policy object, `merit_positions.rules.national.NationalCodes` (not yet settable",
           "per agency through the API). Fields with no source are ones Merit does not record: always null.", ""]
    for name, fields in n.DATASETS.items():
        out += [f"## `{name}`", "", "| Field | Source in Merit | Confidence | Note |", "|---|---|---|---|"]
        out += [f"| `{f.name}` | {f.source or '**not filled**'} | {f.confidence} | {f.note} |" for f in fields]
        out.append("")
    return "\n".join(out)


if __name__ == "__main__":
    MAPPING_FILE.write_text(mapping_markdown())
