"""Error codes of merit_positions.scheduling: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AS_OF_IN_FUTURE = Spec(
    "as_of_in_future", 422,
    "as_of {as_of} sesudah hari ini ({today}); di produksi penjadwal hanya berjalan sampai hari ini.",
    "as_of {as_of} is after today ({today}); in production the scheduler runs only up to today.",
)
