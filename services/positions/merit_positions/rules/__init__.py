"""Pure domain rules of the positions service (no I/O). MED/LOW facts live in :mod:`.policy`."""

from .abk import AbkResult, AbkTask, compute_need, ej_band, job_efficiency, round_need, workload_minutes
from .acting import (
    acting_end,
    acting_ends_within,
    acting_expired,
    acting_expiring,
    acting_extension_end,
    acting_length_ok,
    acting_max_end,
    plh_covered,
)
from .mutation import (
    ActionKind,
    ActionRequest,
    CheckResult,
    CheckStatus,
    Decision,
    Outcome,
    blackout_window_for,
    check_action,
    check_blackout,
    check_competency,
    check_performance,
    check_rank,
    check_time_in_position,
    decide,
    jpm_category,
    months_in_position,
    required_performance_years,
    rotation_due,
)
from .nip import (
    Gender,
    Nip,
    PppkNumber,
    check_appointment_dates,
    check_consistency,
    is_valid_nip,
    parse_employee_number,
    parse_gender,
    parse_ni_pppk,
    parse_nip,
)
from .policy import DEFAULT_POLICY, EjBand, NeedRounding, PositionsPolicy
from .predikat import Predikat, parse_predikat, predikat_at_least
from .promotion import PromotionDue, PromotionFacts, PromotionStatus, check_period, next_period, promotion_due
from .rank_ranges import default_min_rank, jenjang_rank_range, minimum_rank_for_job, validate_jenjang_rank
from .ranks import (
    JPT_KINDS,
    KEAHLIAN_RANK_RANGES,
    MANAGERIAL_KINDS,
    AnyRank,
    Jenjang,
    JenjangCategory,
    JobKind,
    PppkGolongan,
    Rank,
    RankChangeReason,
    check_rank_order,
    is_managerial,
    next_rank,
    parse_golongan_for,
    parse_jenjang,
    parse_job_kind,
    parse_pppk_golongan,
    parse_rank,
    rank_at_least,
    validate_job_jenjang,
    validate_kelas_jabatan,
)
from .retirement import blocks_status_end, bup_for, retirement_date, retirement_date_for, retirement_due
from .vacancy import (
    SeatSummary,
    overfilled,
    summarise_position,
    total_summary,
    vacancy,
    validate_required_headcount,
)

__all__ = [
    "DEFAULT_POLICY", "JPT_KINDS", "KEAHLIAN_RANK_RANGES", "MANAGERIAL_KINDS",
    "AbkResult", "AbkTask", "ActionKind", "ActionRequest", "AnyRank", "CheckResult", "CheckStatus", "Decision",
    "EjBand", "Gender", "Jenjang", "JenjangCategory", "JobKind", "NeedRounding", "Nip", "Outcome", "PositionsPolicy",
    "PppkGolongan", "Predikat", "Rank", "SeatSummary",
    "acting_end", "acting_ends_within", "acting_expired", "acting_expiring", "acting_extension_end", "acting_length_ok", "acting_max_end",
    "plh_covered",
    "blackout_window_for", "bup_for", "check_action", "check_blackout", "check_competency", "check_consistency", "check_performance",
    "check_rank", "check_time_in_position", "compute_need", "decide", "default_min_rank", "ej_band",
    "is_managerial", "is_valid_nip", "jenjang_rank_range", "job_efficiency", "jpm_category", "minimum_rank_for_job", "months_in_position",
    "overfilled", "parse_gender", "parse_jenjang", "parse_job_kind", "parse_nip", "parse_pppk_golongan", "parse_predikat",
    "parse_rank", "predikat_at_least", "rank_at_least", "required_performance_years", "retirement_date",
    "retirement_date_for", "retirement_due", "blocks_status_end",
    "rotation_due", "round_need", "summarise_position", "total_summary", "vacancy",
    "validate_jenjang_rank", "validate_job_jenjang", "validate_kelas_jabatan", "validate_required_headcount",
    "workload_minutes",
    "PppkNumber", "check_appointment_dates", "parse_employee_number", "parse_ni_pppk",
    "PromotionDue", "PromotionFacts", "PromotionStatus", "check_period", "next_period", "promotion_due",
    "RankChangeReason", "check_rank_order", "next_rank", "parse_golongan_for",
]
