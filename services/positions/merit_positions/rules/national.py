"""The national civil-service system's vocabulary (SIASN): its reference codes and field names.

HIGH: golongan ruang ids are the BKN codes (11 = I/a ... 45 = IV/e), the same numbers Merit stores as
``rank_code``. LOW (check against a real export before relying on them, hence named policy here):
``jenisJabatanId`` 1 structural, 2 specific functional, 4 general functional / pelaksana; the ``eselonId`` Merit
gives each managerial kind (the registry records the kind, not the a/b grade of the eselon); the functional
jenjang names; the SKP ``...Nilai`` codes. Every function here is pure and has its inverse, so an export read back
gives the same Merit values (``tests``: every golongan, job kind and jenjang).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from merit_positions.rules.ranks import Jenjang, Rank
from merit_shared.vocab import JobKind

# --- golongan ruang (HIGH) ---------------------------------------------------------------------------------------


def gol_ruang_id(rank: Rank) -> str:
    """``golRuangAkhirId`` / ``golonganId`` of a PNS golongan ruang: its BKN code as text ("31" for III/a)."""
    return str(rank.code)


def rank_of_gol_ruang_id(code: str) -> Rank:
    return Rank(int(code))


# --- kinds of position (LOW, agency-adjustable) ------------------------------------------------------------------


@dataclass(frozen=True)
class NationalCodes:
    """The codes an export uses where the national reference is not confirmed (LOW). An agency whose heads of
    dinas are eselon II.b, say, sets ``eselon_id[JPT_PRATAMA] = "22"``; reading back maps any II.x to JPT Pratama."""

    jenis_jabatan_id: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        "STRUCTURAL": "1", JobKind.FUNGSIONAL.value: "2", JobKind.PELAKSANA.value: "4"}))
    eselon_id: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({
        JobKind.JPT_UTAMA.value: "11", JobKind.JPT_MADYA.value: "12", JobKind.JPT_PRATAMA.value: "21",
        JobKind.ADMINISTRATOR.value: "31", JobKind.PENGAWAS.value: "41"}))


DEFAULT_CODES = NationalCodes()
STRUCTURAL_KINDS = (JobKind.JPT_UTAMA, JobKind.JPT_MADYA, JobKind.JPT_PRATAMA, JobKind.ADMINISTRATOR, JobKind.PENGAWAS)


def jenis_jabatan_id(kind: JobKind, codes: NationalCodes = DEFAULT_CODES) -> str:
    key = "STRUCTURAL" if kind in STRUCTURAL_KINDS else kind.value
    return codes.jenis_jabatan_id[key]


def eselon_id(kind: JobKind, codes: NationalCodes = DEFAULT_CODES) -> str | None:
    """The eselon of a managerial kind; None for functional and pelaksana positions (no eselon)."""
    return codes.eselon_id.get(kind.value)


def job_kind_of(jenis_jabatan: str, eselon: str | None, codes: NationalCodes = DEFAULT_CODES) -> JobKind:
    """The Merit kind of a national (jenisJabatanId, eselonId) pair: the inverse of the two functions above.

    Eselon I.a and I.b are told apart exactly; II.x, III.x and IV.x by their first digit."""
    by_code = {v: k for k, v in codes.jenis_jabatan_id.items()}
    key = by_code.get(jenis_jabatan)
    if key is None:
        raise ValueError(f"unknown jenisJabatanId {jenis_jabatan!r}")
    if key != "STRUCTURAL":
        return JobKind(key)
    if eselon is None:
        raise ValueError("a structural position needs its eselonId")
    exact = {v: k for k, v in codes.eselon_id.items()}
    if eselon in exact:
        return JobKind(exact[eselon])
    family = {v[0]: k for k, v in codes.eselon_id.items() if v[0] != "1"}
    if eselon[:1] in family:
        return JobKind(family[eselon[:1]])
    raise ValueError(f"unknown eselonId {eselon!r}")


# --- jenjang of a functional position (LOW: the national reference names, not ids) -------------------------------

def jenjang_name(j: Jenjang) -> str:
    """The jenjang as the national reference spells it: "Ahli Pertama", "Penyelia" ..."""
    return j.label


def jenjang_of_name(name: str) -> Jenjang:
    return Jenjang(name.strip().upper().replace(" ", "_"))


# --- SKP 2022 (LOW codes) -----------------------------------------------------------------------------------------

#: hasilKinerjaNilai / perilakuKerjaNilai: the rating above, at or below expectation (PermenPANRB 6/2022).
RATING_NILAI: Mapping[str, str] = MappingProxyType({
    "DI_ATAS_EKSPEKTASI": "3", "SESUAI_EKSPEKTASI": "2", "DI_BAWAH_EKSPEKTASI": "1"})
#: kuadranKinerjaNilai: the predikat (the quadrant of the rating matrix that yields it).
PREDIKAT_NILAI: Mapping[str, str] = MappingProxyType({
    "SANGAT_BAIK": "5", "BAIK": "4", "BUTUH_PERBAIKAN": "3", "KURANG": "2", "SANGAT_KURANG": "1"})


def rating_nilai(rating: str | None) -> str | None:
    return RATING_NILAI[rating] if rating else None


def predikat_nilai(predikat: str) -> str:
    return PREDIKAT_NILAI[predikat]


# --- the field map: what each dataset carries and where Merit takes it from ---------------------------------------

@dataclass(frozen=True)
class NationalField:
    name: str  # the national system's field name
    source: str  # where Merit takes it from ("" when Merit cannot fill it)
    confidence: str = "HIGH"  # of the name and code mapping
    note: str = ""

    @property
    def filled(self) -> bool:
        return bool(self.source)


F = NationalField
DATASETS: Mapping[str, tuple[NationalField, ...]] = MappingProxyType({
    "pns": (
        F("nipBaru", "employees.nip"),
        F("pnsId", "employees.siasn_pns_id", note="set by POST /national-ids or the employee import"),
        F("nama", "employees.name"),
        F("gelarDepan", "employees.front_title"),
        F("gelarBelakang", "employees.back_title"),
        F("tanggalLahir", "employees.birth_date"),
        F("jenisKelamin", "employees.gender", "LOW", "L or P, as Merit records it"),
        F("jenisPegawai", "employees.employment_type", "LOW", "PNS, CPNS or PPPK"),
        F("statusPegawai", "employees.status", "LOW", "Merit's status code"),
        F("tmtCpns", "employees.tmt_cpns"),
        F("golRuangAkhirId", "employee_ranks (latest PNS golongan ruang).rank_code",
          note="null for PPPK: their golongan I-XVII has no confirmed national id"),
        F("tmtGolAkhir", "employee_ranks (latest).tmt"),
        F("jenisJabatanId", "jobs.kind of the current definitive seat", "LOW"),
        F("jabatanId", "jobs.siasn_jabatan_id of the current definitive seat"),
        F("eselonId", "jobs.kind (managerial kinds)", "LOW", "the kind's eselon; Merit records no a/b grade"),
        F("tmtJabatan", "assignments.tmt_start of the current definitive seat"),
        F("unorId", "org_units.siasn_unor_id of the seat's unit"),
        F("unorIndukId", "org_units.siasn_unor_id of the unit's top-level ancestor (the perangkat daerah)"),
        F("instansiIndukId", "agencies.siasn_instansi_id"),
    ),
    "jabatan": (
        F("unorId", "org_units.siasn_unor_id"),
        F("unorIndukId", "org_units.siasn_unor_id of the top-level ancestor"),
        F("namaUnor", "org_units.name"),
        F("jabatanId", "jobs.siasn_jabatan_id (positions.siasn_jabatan_id when the seat has its own)"),
        F("namaJabatan", "positions.name"),
        F("jenisJabatanId", "jobs.kind", "LOW"),
        F("eselonId", "jobs.kind (managerial kinds)", "LOW"),
        F("kelasJabatan", "jobs.kelas_jabatan"),
        F("jenjangJabatan", "jobs.jenjang", "LOW", "the national name: Ahli Pertama ... Penyelia"),
        F("kebutuhan", "positions.required_seats (the ABK need)"),
        F("terisi", "definitive assignments holding the seat today"),
    ),
    "riwayat-jabatan": (
        F("pnsId", "employees.siasn_pns_id"),
        F("nipBaru", "employees.nip"),
        F("unorId", "org_units.siasn_unor_id of the seat's unit"),
        F("unorIndukId", "org_units.siasn_unor_id of the top-level ancestor"),
        F("jenisJabatanId", "jobs.kind", "LOW"),
        F("jabatanFungsionalId", "jobs.siasn_jabatan_id when the kind is FUNGSIONAL"),
        F("jabatanFungsionalUmumId", "jobs.siasn_jabatan_id when the kind is PELAKSANA"),
        F("eselonId", "jobs.kind (managerial kinds)", "LOW"),
        F("namaJabatan", "positions.name"),
        F("tmtJabatan", "assignments.tmt_start"),
        F("tmtSelesai", "assignments.tmt_end", "LOW"),
        F("nomorSk", "assignments.sk_number"),
        F("tanggalSk", "assignments.sk_date"),
        F("tmtPelantikan", "", note="Merit records the TMT and the SK, not the date of the inauguration"),
        F("jenisPenugasanId", "", note="the national codes of definitive / Plt / Plh are not confirmed; "
                                       "Merit's kind is in `penugasan`"),
        F("penugasan", "assignments.kind", "LOW", "Merit's own: DEFINITIVE, PLT or PLH"),
        F("jenisMutasiId", "", note="the national codes of the kinds of move are not confirmed; Merit's start "
                                    "reason is in `alasan`"),
        F("alasan", "assignments.reason", "LOW", "Merit's own start reason"),
    ),
    "riwayat-golongan": (
        F("pnsId", "employees.siasn_pns_id"),
        F("nipBaru", "employees.nip"),
        F("golonganId", "employee_ranks.rank_code (PNS golongan ruang)", "LOW",
          "the field name; the code is the BKN code (HIGH). PPPK rows carry null and `golonganPppk`"),
        F("golonganPppk", "employee_ranks.golongan (PPPK: I-XVII)", "LOW", "Merit's own"),
        F("tmtGolongan", "employee_ranks.tmt", "LOW"),
        F("nomorSk", "employee_ranks.sk_number"),
        F("tanggalSk", "employee_ranks.sk_date"),
        F("jenisKpId", "", note="the national codes of the kinds of promotion are not confirmed; Merit's reason "
                                "is in `alasan`"),
        F("alasan", "employee_ranks.reason", "LOW", "Merit's own"),
    ),
    "skp22": (
        F("nipBaru", "employees.nip of the rated person"),
        F("tahun", "annual_rating.year (evaluation)"),
        F("hasilKinerjaNilai", "annual_rating.rating_hasil_kerja", "LOW", "3 above, 2 at, 1 below expectation"),
        F("perilakuKerjaNilai", "annual_rating.rating_perilaku", "LOW", "3 above, 2 at, 1 below expectation"),
        F("kuadranKinerjaNilai", "annual_rating.predikat", "LOW", "5 Sangat Baik ... 1 Sangat Kurang"),
        F("penilaiNipNrp", "employees.nip of annual_rating.evaluator_employee_id"),
    ),
})


def unfilled(dataset: str) -> list[str]:
    """The national fields of a dataset Merit cannot fill (exported as null), by name."""
    return [f.name for f in DATASETS[dataset] if not f.filled]
