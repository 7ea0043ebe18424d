"""Error codes of merit_positions.imports: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

FILE_ENCODING = Spec(
    "file_encoding", 422,
    "Berkas CSV harus berformat UTF-8.",
    "The CSV file must be UTF-8 encoded.",
)

FILE_TOO_LARGE = Spec(
    "file_too_large", 422,
    "Maksimal {max_rows} baris per impor.",
    "At most {max_rows} rows.",
)

FILE_UNREADABLE = Spec(
    "file_unreadable", 422,
    "Berkas XLSX tidak dapat dibaca; simpan ulang sebagai .xlsx atau CSV.",
    "The XLSX file cannot be read; save it again as .xlsx or CSV.",
)

IMPORT_INVALID = Spec(
    "import_invalid", 422,
    "{n} kesalahan pada berkas ({total} baris); tidak ada data yang diubah. Perbaiki baris yang disebut di line_errors lalu unggah "
    "ulang.",
    "{n} errors in the file ({total} rows); nothing was changed. Fix the lines listed in line_errors and upload again.",
)

CSV_MALFORMED = Spec(
    "csv_malformed", 422,
    "Berkas CSV rusak (tanda kutip atau baris tidak lengkap); simpan ulang berkasnya lalu unggah lagi.",
    "The CSV file is malformed (an unclosed quote or a broken line); save the file again and upload it once more.",
)
