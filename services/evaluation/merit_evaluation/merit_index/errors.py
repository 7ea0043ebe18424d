"""Error codes of merit_evaluation.merit_index: each code with its Indonesian and English message."""

from __future__ import annotations

from merit_shared.errors import Spec

MERIT_YEAR_CLOSED = Spec(
    "merit_year_closed", 409,
    "Tahun {year} sudah ditutup: angkanya dibekukan (hash {content_hash}) dan tidak dapat diubah.",
    "The year {year} is closed: its figures are frozen (hash {content_hash}) and cannot change.",
)

MERIT_YEAR_NOT_ENDED = Spec(
    "merit_year_not_ended", 409,
    "Tahun {year} belum berakhir (hari ini {today}); tahun dapat ditutup mulai 1 Januari {next_year}.",
    "The year {year} has not ended (today is {today}); it can be closed from 1 January {next_year}.",
)

UNKNOWN_MERIT_ASPECT = Spec(
    "unknown_merit_aspect", 404,
    "Aspek {aspect} tidak dikenal; yang berlaku: {known}.",
    "Unknown aspect {aspect}; valid: {known}.",
)

MERIT_TREND_SPAN = Spec(
    "merit_trend_span", 422,
    "Rentang tren {from_year}-{to_year} tidak valid: from_year paling besar to_year, paling banyak 10 tahun.",
    "The trend range {from_year}-{to_year} is invalid: from_year at most to_year, at most 10 years.",
)
