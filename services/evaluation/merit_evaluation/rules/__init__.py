"""Pure domain rules of the evaluation service (no I/O). See each module's docstring."""

from .angka_kredit import (
    DEFAULT_ANGKA_KREDIT_POLICY,
    KOEFISIEN,
    PREDIKAT_PERCENTAGE,
    AngkaKredit,
    AngkaKreditPolicy,
    Jenjang,
    angka_kredit,
    koefisien,
    parse_jenjang,
    percentage,
)
from .competency import (
    COMPETENCIES,
    DEFAULT_JPM_POLICY,
    LEVEL_DESCRIPTIONS,
    LEVEL_MAX,
    LEVEL_MIN,
    Competency,
    CompetencyGroup,
    JpmCategory,
    JpmPolicy,
    JpmResult,
    gaps,
    jpm,
    jpm_category,
    jpm_detail,
)
from .curve import (
    DEFAULT_CURVE_POLICY,
    DEFAULT_CURVE_RULES,
    CurvePolicy,
    CurveRule,
    Operator,
    OrgPredikat,
    Violation,
    check_curve,
    parse_org_predikat,
)
from .development import (
    DEFAULT_DEVELOPMENT_POLICY,
    KIND_ALIASES,
    MIN_JP_PER_YEAR,
    MINUTES_PER_JP,
    DevelopmentKind,
    DevelopmentPolicy,
    JpCompliance,
    compliance,
    jp_to_minutes,
    minutes_to_jp,
    normalise_kind_text,
    parse_kind,
    yearly_totals,
)
from .development_plan import IDP_TRANSITIONS, IdpAction, IdpState, idp_actions, idp_transition
from .followups import (
    DEFAULT_FOLLOWUP_POLICY,
    CoachingOutcome,
    FollowupAction,
    FollowupKind,
    FollowupPolicy,
    FollowupState,
    RewardOption,
    SourceKind,
    followup_kind,
    is_overdue,
)
from .lifecycle import (
    NEW_VERSION_ACTIONS,
    TRANSITIONS,
    SkpAction,
    SkpState,
    allowed_actions,
    creates_new_version,
    transition,
)
from .periods import (
    DEFAULT_PERIOD_POLICY,
    Granularity,
    Period,
    PeriodPolicy,
    annual_final_from,
    annual_period,
    may_finalise_year,
    periods,
)
from .predikat import PREDIKAT_MATRIX, Predikat, Rating, at_least, parse_predikat, parse_rating, predikat, rank
from .talent import (
    DEFAULT_TALENT_POLICY,
    NINE_BOX,
    TALENT_POOL_BOXES,
    AxisThresholds,
    BoxAction,
    DisciplineLevel,
    DisciplineRecord,
    PerformanceLevel,
    Placement,
    PotentialLevel,
    SuccessionReadiness,
    TalentPolicy,
    TalentPoolStatus,
    box_of,
    in_talent_pool,
    levels_of,
    performance_level_from_predikats,
    place,
    potential_score,
    talent_pool_status,
    years_before,
)
from .training_needs import Need, RankedNeed, SourceNeed, merge_sources, rank_needs

__all__ = [name for name in dir() if not name.startswith("_")]
