"""Error codes of merit_positions.agencies: each code with its Indonesian and English message.

Raise sites call ``SPEC.error(field=..., **placeholders)``; tests/test_error_codes.py checks one pair per code.
"""

from __future__ import annotations

from merit_shared.errors import Spec

AGENCY_CODE_TAKEN = Spec(
    "agency_code_taken", 409,
    "Kode instansi sudah dipakai; pilih kode lain.",
    "This agency code is already used; choose another code.",
)

AGENCY_EXISTS = Spec(
    "agency_exists", 409,
    "Instansi dengan id ini sudah ada.",
    "An agency with this id already exists.",
)

BLACKOUT_WINDOW_REVERSED = Spec(
    "blackout_window_reversed", 422,
    "Tanggal akhir masa larangan lebih awal dari tanggal mulainya.",
    "The blackout window ends before it starts; swap the dates.",
)

PROMOTION_PERIOD_FORMAT = Spec(
    "promotion_period_format", 422,
    "Periode kenaikan pangkat '{v}' harus berbentuk BB-HH, mis. 04-01.",
    "Promotion period '{v}' must be MM-DD, e.g. 04-01.",
)
