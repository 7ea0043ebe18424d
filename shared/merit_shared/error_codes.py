"""Error codes of the shared library and codes used by several services: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AGENCY_ID_REQUIRED = Spec(
    "agency_id_required", 422,
    "Peran service harus menyebut agency_id.",
    "The service role must name an agency_id.",
)

AGENCY_MISMATCH = Spec(
    "agency_mismatch", 422,
    "agency_id bukan instansi Anda; hapus agency_id atau isi dengan instansi Anda.",
    "agency_id is not your agency; remove agency_id or give your own.",
)

DATE_OUT_OF_RANGE = Spec(
    "date_out_of_range", 422,
    "Tanggal di luar rentang yang didukung.",
    "The date is out of the supported range.",
)

DATE_RANGE_REVERSED = Spec(
    "date_range_reversed", 422,
    "date_to {date_to} lebih awal dari date_from {date_from}; tukar atau perbaiki tanggalnya.",
    "date_to {date_to} is before date_from {date_from}; swap or correct the dates.",
)

EVENT_TYPES_UNKNOWN = Spec(
    "event_types_unknown", 422,
    "Jenis peristiwa tidak dikenal: {names}; pilih dari {known}.",
    "Unknown event types: {names}; choose from {known}.",
)

FORBIDDEN_THE_EVENT_FEED_FOR = Spec(
    "forbidden", 403,
    "Umpan peristiwa hanya untuk admin instansi, PPK, klien mesin dengan scope events:read, dan layanan Merit.",
    "The event feed is for agency admins, the PPK, machine clients with scope events:read and Merit's services.",
)

FORBIDDEN_THIS_RECORD_BELONGS_ANOTHER = Spec(
    "forbidden", 403,
    "Data ini milik instansi lain.",
    "This record belongs to another agency.",
)

FORBIDDEN_YOUR_ROLE_NOT_SUFFICIENT = Spec(
    "forbidden", 403,
    "Peran Anda tidak cukup; diperlukan salah satu: {join_roles}.",
    "Your role is not sufficient; one of these is required: {join_roles}.",
)

FORBIDDEN_YOUR_TOKEN_NOT_BOUND = Spec(
    "forbidden", 403,
    "Token Anda tidak terikat pada instansi mana pun.",
    "Your token is not bound to any agency.",
)

METRICS_TOKEN_REQUIRED = Spec(
    "metrics_token_required", 401,
    "/metrics memerlukan header Authorization: Bearer dengan METRICS_TOKEN yang dikonfigurasi.",
    "/metrics requires an Authorization: Bearer header with the configured METRICS_TOKEN.",
)

IDEMPOTENCY_KEY_REUSED = Spec(
    "idempotency_key_reused", 422,
    "Idempotency-Key ini sudah dipakai untuk permintaan dengan isi berbeda; gunakan kunci baru untuk permintaan baru, atau kirim "
    "ulang isi yang sama.",
    "This Idempotency-Key was already used for a request with a different body; use a new key for a new request, or resend the same "
    "body.",
)

PRECONDITION_FAILED = Spec(
    "precondition_failed", 412,
    "Data telah diubah orang lain; muat ulang lalu ulangi perubahan Anda.",
    "The record was changed by someone else; reload it and apply your change again.",
)

TMT_BEFORE_SK = Spec(
    "tmt_before_sk", 422,
    "TMT tidak boleh mendahului tanggal SK; perbaiki TMT atau tanggal SK.",
    "The TMT cannot precede the SK date; fix the TMT or the SK date.",
)

TRANSITION_NOT_ALLOWED_ACTION_NOT_ALLOWED_STATUS = Spec(
    "transition_not_allowed", 409,
    "Aksi {name} tidak diizinkan pada status {status}. Aksi yang diizinkan: {value_1}.",
    "Action {name} is not allowed in status {status}. Allowed actions: {value_1}.",
)

UNAUTHENTICATED = Spec(
    "unauthenticated", 401,
    "Algoritma token tidak diterima.",
    "Token algorithm not accepted.",
)

UNAUTHENTICATED_ONLY_ACCESS_TOKENS_ARE = Spec(
    "unauthenticated", 401,
    "Hanya access token yang diterima (typ at+jwt).",
    "Only access tokens are accepted (typ at+jwt).",
)

UNAUTHENTICATED_THIS_REFRESH_TOKEN_SEND = Spec(
    "unauthenticated", 401,
    "Ini ID token atau refresh token; kirim access token.",
    "This is an ID or refresh token; send an access token.",
)

UNAUTHENTICATED_THE_TOKEN_ISSUER_NOT = Spec(
    "unauthenticated", 401,
    "Penerbit token tidak dipercaya.",
    "The token's issuer is not trusted.",
)

UNAUTHENTICATED_THIS_ROUTE_REQUIRES_LOGIN = Spec(
    "unauthenticated", 401,
    "Rute ini memerlukan login: kirim header Authorization: Bearer <token>.",
    "This route requires login: send Authorization: Bearer <token>.",
)

UNAUTHENTICATED_THE_TOKEN_SIGNED_UNKNOWN = Spec(
    "unauthenticated", 401,
    "Token ditandatangani oleh kunci yang tidak dikenal.",
    "The token is signed by an unknown key.",
)

UNAUTHENTICATED_THE_TOKEN_HAS_EXPIRED = Spec(
    "unauthenticated", 401,
    "Token kedaluwarsa; minta token baru.",
    "The token has expired; get a new one.",
)

UNAUTHENTICATED_THE_TOKEN_MALFORMED = Spec(
    "unauthenticated", 401,
    "Token tidak dapat dibaca.",
    "The token is malformed.",
)

UNAUTHENTICATED_THE_TOKEN_INVALID = Spec(
    "unauthenticated", 401,
    "Token tidak valid.",
    "The token is invalid: {exc}.",
)

UNSUPPORTED_MEDIA_TYPE = Spec(
    "unsupported_media_type", 415,
    "Kirim isi permintaan sebagai {accepted} (Content-Type {given} tidak diterima di sini).",
    "Send the body as {accepted} (Content-Type {given} is not accepted here).",
)

UPSTREAM_UNAVAILABLE_THE_SERVICE_CANNOT_REACHED = Spec(
    "upstream_unavailable", 503,
    "Layanan {service} tidak dapat dihubungi; coba lagi beberapa saat lagi.",
    "The {service} service cannot be reached; try again shortly.{detail}",
)

UPSTREAM_REFUSED = Spec(
    "upstream_refused", 409,
    "Layanan {service} menolak permintaan ini ({status} {code}); periksa data yang dikirim.",
    "The {service} service refused this request ({status} {code}); check the data sent.",
)

UPSTREAM_REFUSED_422 = Spec(
    "upstream_refused", 422,
    "Layanan {service} menolak permintaan ini ({status} {code}); periksa data yang dikirim.",
    "The {service} service refused this request ({status} {code}); check the data sent.",
)

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

SORT_INVALID = Spec(
    "sort_invalid", 422,
    "Urutan '{value}' tidak dapat dipakai; bidang yang boleh: {allowed} (awali dengan - untuk urutan menurun, "
    "tiap bidang sekali).",
    "Sort '{value}' cannot be used; the allowed fields are: {allowed} (prefix - for descending, each field once).",
)

# merit_shared.scheduler's operator route (positions and recruitment)
AS_OF_IN_FUTURE = Spec(
    "as_of_in_future", 422,
    "as_of {as_of} sesudah hari ini ({today}); di produksi penjadwal hanya berjalan sampai hari ini.",
    "as_of {as_of} is after today ({today}); in production the scheduler runs only up to today.",
)


READ_ONLY_ROLE = Spec(
    "read_only_role", 403,
    "Peran auditor hanya membaca: {method} tidak diizinkan; perubahan data dilakukan oleh admin instansi.",
    "The auditor role is read-only: {method} is not allowed; changes are made by the agency admin.",
)
