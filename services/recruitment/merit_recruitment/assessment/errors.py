"""Error codes of merit_recruitment.assessment: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

APPLICATION_NOT_IN_ASSESSMENT = Spec(
    "application_not_in_assessment", 409,
    "Lamaran berstatus {status}; hanya lamaran QUALIFIED yang dinilai.",
    "The application is {status}; only QUALIFIED applications are assessed.",
)

STAGE_NOT_OPEN = Spec(
    "stage_not_open", 409,
    "Tahap '{stage_code}' tidak sedang berjalan (tahap berjalan: {value_1}); nilai hanya dapat diisi pada tahap yang sedang "
    "berjalan.",
    "Stage '{stage_code}' is not the open stage (open: {value_1}); scores can only be entered for the open stage.",
)

STAGE_RESULTS_INCOMPLETE = Spec(
    "stage_results_incomplete", 409,
    "Hasil tahap '{code}' belum lengkap untuk {len_missing} lamaran (minimal {min_assessors} asesor per lamaran); lengkapi sebelum "
    "melanjutkan.",
    "Results of stage '{code}' are incomplete for {len_missing} applications (at least {min_assessors} assessor(s) each); complete "
    "them first.",
)

WRONG_STAGE_KIND = Spec(
    "wrong_stage_kind", 409,
    "Tahap '{stage_code}' berjenis {value}; gunakan rute yang sesuai.",
    "Stage '{stage_code}' is {value}; use the matching route.",
)

CONFLICT_FLAGS_UNDECIDED = Spec(
    "conflict_flags_undecided", 409,
    "Data kepegawaian menunjukkan {n} kemungkinan konflik kepentingan antara anggota yang sudah menilai tahap {code} "
    "dan pelamarnya; ketua panitia harus mengonfirmasi atau menolaknya sebelum tahap ditutup.",
    "The registry shows {n} possible conflicts of interest between members who scored stage {code} and the "
    "applicants they scored; the committee chair must confirm or dismiss them before the stage closes.",
)


NO_RESCORE_OPEN = Spec(
    "no_rescore_open", 409,
    "Tidak ada penilaian ulang yang terbuka untuk lamaran ini pada tahap '{stage_code}'.",
    "No re-score is open for this application at stage '{stage_code}'.",
)

RESCORE_DONE = Spec(
    "rescore_done", 409,
    "Penilaian ulang ini sudah selesai.",
    "This re-score is already completed.",
)

RESCORE_INCOMPLETE = Spec(
    "rescore_incomplete", 409,
    "Penilaian ulang baru memuat {n} lembar nilai; minimal {min_assessors} asesor harus menilai ulang.",
    "The re-score has {n} score sheet(s); at least {min_assessors} assessor(s) must re-score.",
)
