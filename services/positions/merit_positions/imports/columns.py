"""The columns of each positions import: what the parser accepts (key, Indonesian or English header) and what the
downloadable template holds, from one definition."""

from __future__ import annotations

from merit_shared.tabular import Column

C = Column

COLUMNS: dict[str, tuple[Column, ...]] = {
    "org-units": (
        C("code", "Kode Unit", "Unit Code", True), C("name", "Nama Unit", "Unit Name", True),
        C("kind", "Jenis Unit", "Unit Kind", True), C("parent_code", "Kode Unit Induk", "Parent Unit Code"),
        C("valid_from", "Berlaku Sejak", "Valid From"), C("siasn_unor_id", "ID Unor SIASN", "SIASN Unor ID"),
    ),
    "jobs": (
        C("code", "Kode Jabatan Katalog", "Job Code", True), C("name", "Nama Jabatan", "Job Name", True),
        C("kind", "Jenis Jabatan", "Job Kind", True), C("jenjang", "Jenjang", "Level"),
        C("kelas_jabatan", "Kelas Jabatan", "Job Class", True),
        C("min_rank", "Pangkat Minimal", "Minimum Rank"), C("bup", "Batas Usia Pensiun", "Retirement Age"),
        C("min_education", "Pendidikan Minimal", "Minimum Education"),
    ),
    "positions": (
        C("code", "Kode Jabatan", "Position Code", True), C("unit_code", "Kode Unit", "Unit Code", True),
        C("job_code", "Kode Jabatan Katalog", "Job Code", True), C("name", "Nama Jabatan", "Position Name"),
        C("is_head", "Kepala Unit", "Head of Unit"), C("required_seats", "Kebutuhan", "Required Seats"),
        C("job_kind", "Jenis Jabatan", "Job Kind"), C("job_name", "Nama Jabatan Katalog", "Job Name"),
        C("jenjang", "Jenjang", "Level"), C("kelas_jabatan", "Kelas Jabatan", "Job Class"),
    ),
    "employees": (
        C("nip", "NIP", "NIP", True), C("name", "Nama", "Name", True),
        C("front_title", "Gelar Depan", "Front Title"), C("back_title", "Gelar Belakang", "Back Title"),
        C("employment_type", "Jenis Kepegawaian", "Employment Type"), C("status", "Status", "Status"),
        C("golongan", "Golongan", "Rank"), C("tmt_golongan", "TMT Golongan", "Rank TMT"),
        C("education_level", "Pendidikan", "Education Level"), C("birth_date", "Tanggal Lahir", "Birth Date"),
        C("gender", "Jenis Kelamin", "Gender"),
    ),
    "assignments": (
        C("nip", "NIP", "NIP", True), C("position_code", "Kode Jabatan", "Position Code", True),
        C("kind", "Jenis Penugasan", "Assignment Kind", True), C("tmt_start", "TMT Jabatan", "TMT Start", True),
        C("tmt_end", "TMT Selesai", "TMT End"), C("sk_number", "Nomor SK", "SK Number", True),
        C("sk_date", "Tanggal SK", "SK Date", True), C("reason", "Alasan", "Reason"),
        C("rank_override_reason", "Alasan Pengecualian Pangkat", "Rank Override Reason"),
    ),
    "ranks": (
        C("nip", "NIP", "NIP", True), C("golongan", "Golongan", "Rank", True), C("tmt", "TMT Golongan", "Rank TMT", True),
        C("sk_number", "Nomor SK", "SK Number"), C("sk_date", "Tanggal SK", "SK Date"),
        C("reason", "Alasan", "Reason"), C("reason_note", "Keterangan Alasan", "Reason Note"),
    ),
    "educations": (
        C("nip", "NIP", "NIP", True), C("level", "Jenjang Pendidikan", "Education Level", True),
        C("major", "Jurusan", "Major"), C("institution", "Institusi", "Institution"),
        C("graduated_on", "Tanggal Lulus", "Graduation Date"),
    ),
}
