"""Report queries: a few set-based queries per report, assembled in Python (no query per unit or position)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.rules import (
    PositionsPolicy,
    Predikat,
    PromotionFacts,
    PromotionStatus,
    Rank,
    acting_end,
    acting_ends_within,
    acting_extension_end,
    months_in_position,
    promotion_due,
    retirement_date,
    vacancy,
)
from merit_positions.rules import rotation_due as rules_rotation_due
from merit_positions.rules.labels import acting_label, jenjang_label, job_kind_label, yes_no
from merit_positions.rules.predikat import predikat_rank
from merit_positions.rules.promotion import PromotionDue, rating_years
from merit_positions.seats.queries import ACTIVE_ON, DISPLAY_NAME
from merit_shared.tabular import ExportColumn

POSITION_IN_FORCE = "p.valid_from <= :d AND (p.abolished_on IS NULL OR p.abolished_on > :d)"


async def units_on(session: AsyncSession, agency_id: uuid.UUID, d: date) -> list[dict[str, Any]]:
    rows = await session.execute(sa.text("""
        SELECT unit_id AS id, code, name, kind, parent_id FROM org_unit_versions
        WHERE agency_id = :a AND valid_from <= :d AND (valid_to IS NULL OR valid_to >= :d) ORDER BY code"""),
        {"a": agency_id, "d": d})
    return [dict(r) for r in rows.mappings()]


def subtree_ids(units: list[dict[str, Any]], root: uuid.UUID | None) -> set[uuid.UUID] | None:
    if root is None:
        return None
    children: dict[Any, list[Any]] = {}
    for u in units:
        children.setdefault(u["parent_id"], []).append(u["id"])
    out, stack = set(), [root]
    while stack:
        n = stack.pop()
        if n in out:
            continue
        out.add(n)
        stack.extend(children.get(n, []))
    return out


async def positions_with_seats(session: AsyncSession, agency_id: uuid.UUID, d: date) -> list[dict[str, Any]]:
    """Every position in force on ``d`` with its filled count, holders and acting officials."""
    pos = (await session.execute(sa.text(f"""
        SELECT p.id, p.unit_id, p.code, p.name, p.is_head, p.required_seats AS required, j.kind AS job_kind,
               j.jenjang, j.kelas_jabatan
        FROM positions p JOIN jobs j ON j.id = p.job_id
        WHERE p.agency_id = :a AND {POSITION_IN_FORCE}
        ORDER BY p.is_head DESC, j.kelas_jabatan DESC, p.name"""), {"a": agency_id, "d": d})).mappings().all()
    holders = (await session.execute(sa.text(f"""
        SELECT a.position_id, a.kind, a.employee_id, e.nip, {DISPLAY_NAME} AS display_name, a.tmt_start
        FROM assignments a JOIN employees e ON e.id = a.employee_id
        WHERE a.agency_id = :a AND {ACTIVE_ON} ORDER BY a.tmt_start"""), {"a": agency_id, "d": d})).all()
    by_pos: dict[Any, dict[str, Any]] = {}
    out = []
    for p in pos:
        item = dict(p)
        item["holders"], item["acting"] = [], []
        by_pos[p["id"]] = item
        out.append(item)
    for h in holders:
        held = by_pos.get(h.position_id)
        if held is None:
            continue
        ref = {"employee_id": h.employee_id, "nip": h.nip, "display_name": h.display_name, "tmt_start": h.tmt_start}
        if h.kind == "definitive":
            held["holders"].append(ref)
        else:
            held["acting"].append({**ref, "kind": h.kind})
    for item in out:
        item["filled"] = len(item["holders"])
        item["vacant"] = vacancy(item["required"], item["filled"])
    return out


def _totals(items: list[dict[str, Any]]) -> dict[str, int]:
    return {"positions": len(items), "required": sum(i["required"] for i in items),
            "filled": sum(i["filled"] for i in items), "vacant": sum(i["vacant"] for i in items),
            "acting": sum(len(i["acting"]) for i in items)}


async def peta_jabatan(session: AsyncSession, agency_id: uuid.UUID, d: date, root: uuid.UUID | None
                       ) -> dict[str, Any]:
    units = await units_on(session, agency_id, d)
    keep = subtree_ids(units, root)
    positions = await positions_with_seats(session, agency_id, d)
    per_unit: dict[Any, list[dict[str, Any]]] = {}
    for p in positions:
        per_unit.setdefault(p["unit_id"], []).append(p)
    nodes = {u["id"]: {**u, "positions": per_unit.get(u["id"], []), "children": []}
             for u in units if keep is None or u["id"] in keep}
    roots = []
    for n in nodes.values():
        parent = nodes.get(n["parent_id"])
        if parent is not None and n["id"] != root:
            parent["children"].append(n)
        else:
            roots.append(n)

    def finish(n: dict[str, Any]) -> dict[str, int]:
        own = _totals(n["positions"])
        for c in n["children"]:
            sub = finish(c)
            for k in own:
                own[k] += sub[k]
        n["totals"] = own
        return own

    grand = {"positions": 0, "required": 0, "filled": 0, "vacant": 0, "acting": 0}
    for r in roots:
        t = finish(r)
        for k in grand:
            grand[k] += t[k]
    return {"as_of": d, "unit_id": root, "totals": grand, "units": roots}


def flatten_peta(tree: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per position; codes stay codes here, the export's columns label them in the caller's language."""
    rows: list[dict[str, Any]] = []

    def walk(n: dict[str, Any], path: str) -> None:
        here = f"{path} / {n['name']}" if path else n["name"]
        for p in n["positions"]:
            rows.append({"unit_path": here, "unit_code": n["code"], "position": p["name"], "code": p["code"],
                         "is_head": p["is_head"], "job_kind": p["job_kind"], "jenjang": p["jenjang"],
                         "kelas_jabatan": p["kelas_jabatan"], "required": p["required"], "filled": p["filled"],
                         "vacant": p["vacant"],
                         "holders": [f"{h['display_name']} ({h['nip']})" for h in p["holders"]],
                         "acting": p["acting"]})
        for c in n["children"]:
            walk(c, here)

    for r in tree["units"]:
        walk(r, "")
    return rows


def _acting(items: list[dict[str, Any]], lang: str) -> list[str]:
    return [f"{acting_label(a['kind'], lang)} {a['display_name']} ({a['nip']})" for a in items]


# Report titles (Indonesian, English) and columns of the CSV/XLSX exports.
PETA_TITLE = ("Peta Jabatan", "Position Map (Peta Jabatan)")
PETA_COLUMNS = [
    ExportColumn("unit_path", "Unit", "Unit"), ExportColumn("unit_code", "Kode unit", "Unit code"),
    ExportColumn("position", "Jabatan", "Position"), ExportColumn("code", "Kode jabatan", "Position code"),
    ExportColumn("is_head", "Kepala unit", "Head of unit", label=yes_no),
    ExportColumn("job_kind", "Jenis jabatan", "Kind of position", label=job_kind_label),
    ExportColumn("jenjang", "Jenjang", "Level (jenjang)", label=jenjang_label),
    ExportColumn("kelas_jabatan", "Kelas", "Grade (kelas)", "int"), ExportColumn("required", "Kebutuhan", "Required", "int"),
    ExportColumn("filled", "Terisi", "Filled", "int"), ExportColumn("vacant", "Kosong", "Vacant", "int"),
    ExportColumn("holders", "Pemangku", "Holders"), ExportColumn("acting", "Plt/Plh", "Acting (Plt/Plh)", label=_acting)]
VACANCY_TITLE = ("Daftar Jabatan Lowong", "Vacant Positions")
VACANCY_COLUMNS = [
    ExportColumn("unit_name", "Unit", "Unit"), ExportColumn("position_name", "Jabatan", "Position"),
    ExportColumn("job_kind", "Jenis jabatan", "Kind of position", label=job_kind_label),
    ExportColumn("jenjang", "Jenjang", "Level (jenjang)", label=jenjang_label),
    ExportColumn("kelas_jabatan", "Kelas", "Grade (kelas)", "int"), ExportColumn("required", "Kebutuhan", "Required", "int"),
    ExportColumn("filled", "Terisi", "Filled", "int"), ExportColumn("vacant", "Kosong", "Vacant", "int")]
ROTATION_TITLE = ("Pegawai Jatuh Tempo Rotasi", "Employees Due for Rotation")
ROTATION_COLUMNS = [
    ExportColumn("nip", "NIP", "NIP", "nip"), ExportColumn("display_name", "Nama", "Name"),
    ExportColumn("position_name", "Jabatan", "Position"), ExportColumn("unit_name", "Unit", "Unit"),
    ExportColumn("tmt_start", "TMT jabatan", "In position since (TMT)", "date"),
    ExportColumn("months_in_position", "Bulan dalam jabatan", "Months in position", "int")]
ACTING_TITLE = ("Plt/Plh Segera Berakhir", "Acting Officials Ending Soon")
ACTING_COLUMNS = [
    ExportColumn("nip", "NIP", "NIP", "nip"), ExportColumn("display_name", "Nama", "Name"),
    ExportColumn("kind", "Jenis", "Kind", label=acting_label),
    ExportColumn("position_name", "Jabatan", "Position"), ExportColumn("unit_name", "Unit", "Unit"),
    ExportColumn("tmt_start", "TMT mulai", "Start (TMT)", "date"), ExportColumn("tmt_end", "Berakhir", "Last day", "date"),
    ExportColumn("days_left", "Sisa hari", "Days left", "int"),
    ExportColumn("extended", "Sudah diperpanjang", "Already extended", label=yes_no),
    ExportColumn("extendable_to", "Dapat diperpanjang s.d.", "Extendable to", "date")]
RETIREMENT_TITLE = ("Proyeksi Pensiun", "Retirement Forecast")
RETIREMENT_COLUMNS = [
    ExportColumn("nip", "NIP", "NIP", "nip"), ExportColumn("display_name", "Nama", "Name"),
    ExportColumn("birth_date", "Tanggal lahir", "Date of birth", "date"),
    ExportColumn("bup", "BUP", "Retirement age (BUP)", "int"),
    ExportColumn("retirement_date", "TMT pensiun", "Retirement date (TMT)", "date"),
    ExportColumn("position_name", "Jabatan", "Position"), ExportColumn("unit_name", "Unit", "Unit"),
    ExportColumn("overdue", "Lewat BUP", "Past BUP", label=yes_no)]
PROMOTION_STATUS_LABELS: dict[str, dict[str, str]] = {
    "eligible": {"id": "Memenuhi syarat", "en": "Eligible"},
    "not_eligible": {"id": "Belum memenuhi syarat", "en": "Not eligible"},
    "unknown": {"id": "Belum dapat dinilai", "en": "Unknown"}}
PROMOTION_TITLE = ("Kenaikan Pangkat Reguler", "Regular Promotion (Kenaikan Pangkat)")
PROMOTION_COLUMNS = [
    ExportColumn("nip", "NIP", "NIP", "nip"), ExportColumn("display_name", "Nama", "Name"), ExportColumn("unit_name", "Unit", "Unit"),
    ExportColumn("golongan", "Golongan", "Rank (golongan)"), ExportColumn("rank_tmt", "TMT golongan", "Rank since (TMT)", "date"),
    ExportColumn("education", "Pendidikan", "Education"), ExportColumn("next_golongan", "Golongan berikut", "Next rank"),
    ExportColumn("status", "Status", "Status", label=lambda v, lang: PROMOTION_STATUS_LABELS.get(v, {}).get(lang, v)),
    ExportColumn("eligible_from", "Paling cepat", "Earliest", "date"), ExportColumn("reasons_text", "Alasan", "Reasons")]
BEZETTING_TITLE = ("Bezetting Pegawai per Unit dan Golongan", "Headcount by Unit and Rank (Bezetting)")


def bezetting_columns(golongan: list[str]) -> list[ExportColumn]:
    """Unit, one count column per golongan seen ("-" is the employees without a recorded rank), total."""
    return ([ExportColumn("unit_name", "Unit", "Unit")]
            + [ExportColumn(g, "Tanpa golongan", "No rank", "int") if g == "-" else ExportColumn(g, g, g, "int")
               for g in golongan]
            + [ExportColumn("total", "Jumlah", "Total", "int")])


async def vacancies(session: AsyncSession, agency_id: uuid.UUID, d: date, units: set[uuid.UUID] | None,
                    kind: str | None, jenjang: str | None, min_kelas: int | None) -> list[dict[str, Any]]:
    unit_names = {u["id"]: u["name"] for u in await units_on(session, agency_id, d)}
    out = []
    for p in await positions_with_seats(session, agency_id, d):
        if p["vacant"] <= 0 or (units is not None and p["unit_id"] not in units):
            continue
        if (kind and p["job_kind"] != kind) or (jenjang and p["jenjang"] != jenjang) or \
                (min_kelas and p["kelas_jabatan"] < min_kelas):
            continue
        out.append({"position_id": p["id"], "position_name": p["name"], "unit_id": p["unit_id"],
                    "unit_name": unit_names.get(p["unit_id"], ""), "job_kind": p["job_kind"], "jenjang": p["jenjang"],
                    "kelas_jabatan": p["kelas_jabatan"], "is_head": p["is_head"], "required": p["required"],
                    "filled": p["filled"], "vacant": p["vacant"],
                    "acting": [{"employee_id": a["employee_id"], "display_name": a["display_name"], "kind": a["kind"]}
                               for a in p["acting"]]})
    out.sort(key=lambda r: (-r["kelas_jabatan"], r["unit_name"], r["position_name"]))
    return out


async def rotation_due(session: AsyncSession, agency_id: uuid.UUID, d: date, years: int,
                       units: set[uuid.UUID] | None) -> list[dict[str, Any]]:
    """Definitive holders on ``d`` for whom rules.rotation_due holds (the rule decides, not the query)."""
    rows = (await session.execute(sa.text(f"""
        SELECT e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name, p.id AS position_id,
               p.name AS position_name, p.unit_id, u.name AS unit_name, j.kind AS job_kind, a.tmt_start
        FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
        JOIN jobs j ON j.id = p.job_id JOIN org_units u ON u.id = p.unit_id
        WHERE a.agency_id = :a AND a.kind = 'definitive' AND {ACTIVE_ON}
        ORDER BY a.tmt_start, e.name"""), {"a": agency_id, "d": d})).mappings().all()
    return [{**r, "months_in_position": months_in_position(r["tmt_start"], d)} for r in rows
            if (units is None or r["unit_id"] in units) and rules_rotation_due(r["tmt_start"], d, years)]


async def acting_expiring(session: AsyncSession, agency_id: uuid.UUID, d: date, days: int, policy: PositionsPolicy,
                          units: set[uuid.UUID] | None) -> list[dict[str, Any]]:
    """Plt/Plh not ended whose last day falls within ``days`` days of ``d`` (rules.acting_ends_within decides),
    soonest first; ``extendable_to`` is the latest end of their one extension (None once extended)."""
    result = await session.execute(sa.text(f"""
        SELECT a.id AS assignment_id, a.kind, e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name,
               p.id AS position_id, p.name AS position_name, p.unit_id, u.name AS unit_name, a.tmt_start, a.tmt_end,
               a.acting_extended_on
        FROM assignments a JOIN employees e ON e.id = a.employee_id JOIN positions p ON p.id = a.position_id
        JOIN org_units u ON u.id = p.unit_id
        WHERE a.agency_id = :a AND a.kind <> 'definitive' AND a.end_reason IS NULL
          AND (a.tmt_end IS NULL OR a.tmt_end BETWEEN :d AND :h)
        ORDER BY a.tmt_end NULLS LAST, e.name"""),
        {"a": agency_id, "d": d, "h": date.fromordinal(d.toordinal() + days)})
    # Plain dicts from the column names read once (a RowMapping per row costs more than the query).
    cols = list(result.keys())
    rows = [dict(zip(cols, row, strict=True)) for row in result.all()]
    out = []
    for r in rows:
        last = r["tmt_end"] or acting_end(r["tmt_start"], policy)
        if (units is not None and r["unit_id"] not in units) or not acting_ends_within(last, d, days):
            continue
        extended = r["acting_extended_on"] is not None
        r.update(tmt_end=last, days_left=(last - d).days, extended=extended,
                 extendable_to=None if extended else acting_extension_end(r["tmt_start"], last, policy))
        out.append(r)
    out.sort(key=lambda i: (i["tmt_end"], i["display_name"]))
    return out


async def retirement_forecast(session: AsyncSession, agency_id: uuid.UUID, d: date, months: int, default_bup: int,
                              units: set[uuid.UUID] | None) -> list[dict[str, Any]]:
    """Active people retiring before ``d`` + months; those already past their date (still active) come first."""
    rows = (await session.execute(sa.text(f"""
        WITH cur AS (
            SELECT e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name, e.birth_date,
                   p.id AS position_id, p.name AS position_name, p.unit_id, u.name AS unit_name,
                   j.kind AS job_kind, j.jenjang, coalesce(j.bup, :bup) AS bup, p.is_managerial
            FROM employees e
            LEFT JOIN assignments a ON a.employee_id = e.id AND a.kind = 'definitive' AND {ACTIVE_ON}
            LEFT JOIN positions p ON p.id = a.position_id LEFT JOIN jobs j ON j.id = p.job_id
            LEFT JOIN org_units u ON u.id = p.unit_id
            WHERE e.agency_id = :a AND e.status NOT IN ('retired', 'dismissed', 'deceased', 'transferred_out'))
        SELECT r.*, r.retirement_date <= :d AS overdue FROM (
            SELECT cur.*, (date_trunc('month', birth_date + make_interval(years => bup))
                           + interval '1 month')::date AS retirement_date FROM cur) r
        WHERE retirement_date < (:d + make_interval(months => :m))::date
        ORDER BY retirement_date <= :d DESC, retirement_date, display_name"""),
        {"a": agency_id, "d": d, "m": months, "bup": default_bup})).mappings().all()
    return [dict(r) for r in rows if units is None or r["unit_id"] in units]


async def bezetting(session: AsyncSession, agency_id: uuid.UUID, d: date, units: set[uuid.UUID] | None
                    ) -> dict[str, Any]:
    rows = (await session.execute(sa.text(f"""
        SELECT p.unit_id, u.name AS unit_name, coalesce(r.golongan, '-') AS golongan, count(*) AS n
        FROM assignments a JOIN positions p ON p.id = a.position_id JOIN org_units u ON u.id = p.unit_id
        LEFT JOIN LATERAL (SELECT golongan, rank_code, scheme FROM employee_ranks er
                           WHERE er.employee_id = a.employee_id AND er.tmt <= :d ORDER BY er.tmt DESC LIMIT 1) r ON true
        WHERE a.agency_id = :a AND a.kind = 'definitive' AND {ACTIVE_ON}
        GROUP BY p.unit_id, u.name, r.golongan"""), {"a": agency_id, "d": d})).mappings().all()
    order = [r.label for r in Rank] + ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
                                       "XIII", "XIV", "XV", "XVI", "XVII", "-"]
    per: dict[Any, dict[str, Any]] = {}
    seen: set[str] = set()
    for r in rows:
        if units is not None and r["unit_id"] not in units:
            continue
        row = per.setdefault(r["unit_id"], {"unit_id": r["unit_id"], "unit_name": r["unit_name"], "counts": {},
                                            "total": 0})
        row["counts"][r["golongan"]] = r["n"]
        row["total"] += r["n"]
        seen.add(r["golongan"])
    cols = [g for g in order if g in seen]
    totals = {g: sum(x["counts"].get(g, 0) for x in per.values()) for g in cols}
    return {"as_of": d, "golongan": cols, "rows": sorted(per.values(), key=lambda x: x["unit_name"]),
            "totals": totals, "total": sum(totals.values())}


# asyncpg placeholders: $1 agency, $2 period, $3 the day of the seats, $4 default BUP.
CANDIDATES_SQL = f"""
        WITH r AS (
            SELECT DISTINCT ON (employee_id) employee_id, golongan, rank_code, tmt FROM employee_ranks
            WHERE agency_id = $1 AND scheme = 'PNS' AND tmt <= $2 ORDER BY employee_id, tmt DESC),
        ed AS (
            SELECT DISTINCT ON (employee_id) employee_id, level FROM employee_educations WHERE agency_id = $1
            ORDER BY employee_id, level_order DESC, graduated_on DESC NULLS LAST),
        cur AS (
            SELECT a.employee_id, a.position_id FROM assignments a
            WHERE a.agency_id = $1 AND a.kind = 'definitive' AND {ACTIVE_ON.replace(':d', '$3')})
        SELECT e.id AS employee_id, e.nip, {DISPLAY_NAME} AS display_name, e.birth_date,
               r.golongan, r.rank_code, r.tmt AS rank_tmt, ed.level AS education,
               p.id AS position_id, p.name AS position_name, p.unit_id, u.name AS unit_name,
               coalesce(j.bup, $4::int) AS bup
        FROM employees e
        LEFT JOIN r ON r.employee_id = e.id
        LEFT JOIN ed ON ed.employee_id = e.id
        LEFT JOIN cur ON cur.employee_id = e.id
        LEFT JOIN positions p ON p.id = cur.position_id LEFT JOIN jobs j ON j.id = p.job_id
        LEFT JOIN org_units u ON u.id = p.unit_id
        WHERE e.agency_id = $1 AND e.employment_type = 'PNS'
          AND e.status NOT IN ('retired', 'dismissed', 'deceased', 'transferred_out')
        ORDER BY display_name, e.nip"""


async def promotion_candidates(session: AsyncSession, agency_id: uuid.UUID, period: date, d: date, default_bup: int,
                               units: set[uuid.UUID] | None) -> list[Any]:
    """Active PNS with the PNS rank in force on ``period``, highest education and current seat (on ``d``)."""
    # Straight on the driver: 10,000 rows through the ORM's result layer cost more than the query itself.
    conn = await session.connection()
    raw = (await conn.get_raw_connection()).driver_connection
    assert raw is not None  # an open asyncpg connection
    rows = await raw.fetch(CANDIDATES_SQL, agency_id, period, d, default_bup)
    return [r for r in rows if units is None or r["unit_id"] in units]


def judge_promotions(rows: list[Any], ratings: dict[uuid.UUID, dict[int, list[str]]] | None, period: date,
                     policy: PositionsPolicy) -> list[tuple[Any, tuple[tuple[int, Predikat], ...] | None, PromotionDue]]:
    """Each candidate judged by rules.promotion_due (the one rule that decides); several ratings of one year count by
    the lowest. Answers (row, the ratings counted, the verdict), in the rows' order.

    Ranks take effect on the promotion periods, so many people share the same facts: each distinct set of facts
    is judged once (the rule is pure) and its verdict reused, so 10,000 people cost a few hundred calls.
    """
    years = rating_years(period, policy)
    worst = {p.value: p for p in Predikat}
    rank_of = {r.value: r for r in Rank}  # a dict lookup, not an enum call per row
    verdicts: dict[tuple[Any, ...], PromotionDue] = {}
    retirements: dict[tuple[int, int, int], date] = {}
    out = []
    for row in rows:
        # CANDIDATES_SQL's column order: employee_id 0, birth_date 3, rank_code 5, rank_tmt 6, education 7, bup 12.
        eid, birth, code, tmt, education, bup = row[0], row[3], row[5], row[6], row[7], row[12]
        mine: tuple[tuple[int, Predikat], ...] | None = None
        if ratings is not None:
            got = ratings.get(eid, {})
            picked = []
            for y in years:
                given = got.get(y)
                if given:
                    picked.append((y, worst[given[0]] if len(given) == 1 else
                                   min((worst[p] for p in given), key=predikat_rank)))
            mine = tuple(picked)
        rkey = (birth.year, birth.month, bup)
        retires = retirements.get(rkey)
        if retires is None:
            retires = retirements[rkey] = retirement_date(birth, bup)
        key = (code, tmt, education, mine, retires if retires <= period else None)
        due = verdicts.get(key)
        if due is None:
            facts = PromotionFacts(rank=rank_of[code] if code else None, rank_tmt=tmt, education=education,
                                   ratings=None if mine is None else dict(mine), retirement_date=retires)
            due = verdicts[key] = promotion_due(facts, period, policy)
        out.append((row, mine, due))
    return out


def promotion_counts(judged: list[tuple[Any, Any, PromotionDue]]) -> dict[str, int]:
    counts = {s.value: 0 for s in PromotionStatus}
    for _row, _mine, due in judged:
        counts[due.status.value] += 1
    return counts


def promotion_items(judged: list[tuple[Any, Any, PromotionDue]], lang: str = "id") -> list[dict[str, Any]]:
    """The report's rows for ``judged`` (a page of it for JSON, all of it for a file); reasons in ``lang``."""
    shown: dict[tuple[int, Any], tuple[dict[str, str], list[dict[str, Any]]]] = {}  # per verdict and ratings
    out = []
    for (eid, nip, name, _birth, golongan, _code, tmt, education, _pos, pos_name, unit_id, unit_name, _bup), mine, due \
            in judged:
        key = (id(due), mine)
        words = shown.get(key)
        if words is None:
            words = shown[key] = ({str(y): p.value for y, p in mine or ()},
                                  [{"code": x.code, "blocking": x.blocking, "until": x.until, "year": x.year,
                                    "message": x.message_en if lang == "en" else x.message_id} for x in due.reasons])
        out.append({
            "employee_id": eid, "nip": nip, "display_name": name, "unit_id": unit_id, "unit_name": unit_name,
            "position_name": pos_name, "golongan": golongan, "rank_tmt": tmt, "education": education,
            "next_golongan": due.next_rank.label if due.next_rank else None, "status": due.status.value,
            "eligible": due.status is PromotionStatus.ELIGIBLE, "eligible_from": due.eligible_from,
            "ratings": words[0], "reasons": words[1]})
    return out


def promotions_due(rows: list[Any], ratings: dict[uuid.UUID, dict[int, list[str]]] | None, period: date,
                   policy: PositionsPolicy, lang: str = "id") -> list[dict[str, Any]]:
    """Every candidate's row of the report (judge_promotions, then promotion_items)."""
    return promotion_items(judge_promotions(rows, ratings, period, policy), lang)
