"""Last line of defence: a database refusal becomes a problem+json 4xx, never a 500.

The rules answer first with precise messages; this catches what only the database can see: two concurrent
requests racing past the checks (unique / exclusion / trigger constraints, deadlocks, serialization failures)
and values PostgreSQL cannot store. The request's transaction is rolled back by the session dependency, so
nothing changes.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from sqlalchemy.exc import DBAPIError
from starlette.responses import Response

from merit_shared.problems import lang_of, problem_response

log = logging.getLogger("merit.positions.db")

# constraint -> (code, field or None, message id, message en)
CONSTRAINTS: dict[str, tuple[str, str | None, str, str]] = {
    "uq_org_units_code_ci": ("unit_code_taken", "body.code", "Kode unit sudah dipakai di instansi ini (huruf besar/kecil "
                             "tidak dibedakan); pilih kode lain.", "This unit code is already used in the agency "
                             "(letter case is ignored); choose another code."),
    "uq_jobs_code_ci": ("job_code_taken", "body.code", "Kode jabatan sudah dipakai (huruf besar/kecil tidak dibedakan); "
                        "pilih kode lain.", "This job code is already used (letter case is ignored); choose another code."),
    "uq_positions_code_ci": ("position_code_taken", "body.code", "Kode jabatan sudah dipakai (huruf besar/kecil tidak "
                             "dibedakan); pilih kode lain.", "This position code is already used (letter case is "
                             "ignored); choose another code."),
    "uq_positions_one_head_per_unit": ("unit_has_head", "body.is_head", "Unit ini sudah memiliki jabatan kepala.",
                                       "This unit already has a head position."),
    "uq_employees_nip": ("nip_taken", "body.nip", "NIP ini sudah terdaftar di instansi ini; perbarui pegawai itu.",
                         "This NIP is already registered in the agency; update that employee instead."),
    "uq_employee_ranks_tmt": ("rank_tmt_taken", "body.tmt", "Sudah ada golongan dengan TMT ini; perbaiki TMT-nya.",
                              "A rank with this TMT already exists; correct the TMT."),
    "agencies_code_key": ("agency_code_taken", "body.code", "Kode instansi sudah dipakai; pilih kode lain.",
                          "This agency code is already used; choose another code."),
    "agencies_pkey": ("agency_exists", "body.id", "Instansi dengan id ini sudah ada.",
                      "An agency with this id already exists."),
    "uq_moves_employee": ("duplicate_employee", "body.moves", "Seorang pegawai hanya boleh muncul sekali dalam "
                          "satu usulan.", "An employee may appear only once in a proposal."),
    "ex_assignments_one_definitive_per_employee": (
        "employee_has_definitive", None, "Pegawai sudah memiliki penugasan definitif pada periode itu (permintaan lain "
        "baru saja mengisinya). Periksa karier pegawai lalu ulangi.", "The employee already has a definitive "
        "assignment in that period (another request just made it). Check the career and try again."),
    "ex_assignments_one_holder_per_managerial_seat": (
        "seat_filled", None, "Jabatan manajerial ini sudah memiliki pemangku definitif pada periode itu.",
        "This managerial seat already has a definitive holder in that period."),
    "ck_assignments_seats": ("seat_filled", None, "Kebutuhan jabatan sudah terisi penuh pada periode itu.",
                             "All seats of the position are filled in that period."),
    "ex_assignments_one_acting_per_position": ("acting_exists", None, "Jabatan ini sudah memiliki Plt/Plh pada "
                                               "periode itu.", "This position already has an acting official in "
                                               "that period."),
    "inbox_pkey": ("idempotency_in_progress", "header.idempotency-key", "Permintaan dengan Idempotency-Key ini "
                   "sedang/baru saja diproses; ulangi untuk mendapatkan jawabannya.", "A request with this "
                   "Idempotency-Key is being or was just processed; repeat it to get its answer."),
}

# CHECK constraints that mean the input itself is wrong: 422, not 409.
INVALID: dict[str, tuple[str, str, str, str]] = {
    "ck_positions_head_managerial": (
        "head_requires_managerial_job", "body.is_head", "Jabatan kepala unit harus jabatan manajerial dengan tepat 1 "
        "kebutuhan; pilih jabatan manajerial atau isi is_head false.", "A unit's head position must be a managerial "
        "job with exactly 1 seat; choose a managerial job or set is_head to false."),
}

CONCURRENT = ("concurrent_update", "Data yang sama sedang diubah oleh permintaan lain; tidak ada yang berubah. Muat "
              "ulang lalu ulangi.", "The same data is being changed by another request; nothing was changed. Reload "
              "and try again.")
BAD_VALUE = ("value_not_storable", "Sebuah nilai tidak dapat disimpan (karakter NUL, angka atau tanggal di luar "
             "jangkauan). Periksa isian lalu kirim ulang.", "A value cannot be stored (NUL character, number or date "
             "out of range). Check the input and send it again.")


def _details(exc: DBAPIError) -> tuple[str, str | None]:
    orig: Any = exc.orig
    cause: Any = getattr(orig, "__cause__", None) or orig
    state = getattr(cause, "sqlstate", None) or getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    constraint = getattr(cause, "constraint_name", None)
    if constraint is None and "seat_overfilled" in str(orig):
        constraint = "ck_assignments_seats"
    return str(state or ""), constraint


async def db_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DBAPIError)
    lang = lang_of(request)
    state, constraint = _details(exc)
    if constraint in INVALID:
        code, field, mid, men = INVALID[constraint]
        msg = men if lang == "en" else mid
        return problem_response(request, 422, code, msg, lang, [{"loc": field.split("."), "msg": msg, "type": code}])
    if constraint in CONSTRAINTS:
        code, field, mid, men = CONSTRAINTS[constraint]
        msg = men if lang == "en" else mid
        errors = [{"loc": field.split("."), "msg": msg, "type": code}] if field else None
        return problem_response(request, 409, code, msg, lang, errors)
    if state.startswith("23") or state in ("40001", "40P01", "55P03"):
        code, mid, men = CONCURRENT
        return problem_response(request, 409, code, men if lang == "en" else mid, lang)
    if state.startswith("22") or "invalid input for query argument" in str(exc.orig):
        code, mid, men = BAD_VALUE
        return problem_response(request, 422, code, men if lang == "en" else mid, lang)
    log.exception("database error", exc_info=exc)  # not a refusal we understand: a real server fault
    return problem_response(request, 500, "internal_error", "The server failed. Quote the request_id when reporting "
                            "it." if lang == "en" else "Terjadi kesalahan pada server. Sebutkan request_id saat "
                            "melapor.", lang)


def install(app: FastAPI) -> None:
    app.add_exception_handler(DBAPIError, db_error)
    app.add_middleware(RefuseNulInQuery)


class RefuseNulInQuery:
    """A NUL byte in the query string cannot reach PostgreSQL: answer 422 naming the parameter instead."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and b"%00" in scope.get("query_string", b""):
            from urllib.parse import parse_qsl

            from starlette.requests import Request as _Request

            names = [k for k, v in parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
                     if "\x00" in k or "\x00" in v]
            request = _Request(scope)
            lang = lang_of(request)
            msg = ("Parameter must not contain the NUL character (%00); remove it." if lang == "en"
                   else "Parameter tidak boleh berisi karakter NUL (%00); hapus karakter itu.")
            errors = [{"loc": ["query", n.replace("\x00", "")], "msg": msg, "type": "value_error"} for n in names]
            response = problem_response(request, 422, "validation_error", msg, lang, errors or None)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
