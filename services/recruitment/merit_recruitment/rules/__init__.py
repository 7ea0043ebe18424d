"""Pure domain rules of open, competitive selection (seleksi terbuka). No I/O.

Policies (MED/LOW facts, stored per selection via ``to_dict``/``from_dict``):
``EligibilityDefaultsPolicy``, ``StageTemplatePolicy``, ``ScoringPolicy``, ``CommitteePolicy``,
``ProcessPolicy``, ``PublicationPolicy``, ``ProposalPolicy``.
"""

from types import ModuleType as _ModuleType

from .announcements import (
    DEFAULT_PUBLICATION_POLICY,
    PUBLIC_FIELDS,
    PublicApplicantRow,
    PublicationPolicy,
    appeal_deadline,
    appeal_open,
    canonical_json,
    content_hash,
    mask_nip,
    public_applicant_row,
)
from .committee import (
    DEFAULT_COMMITTEE_POLICY,
    CommitteeFailure,
    CommitteeMember,
    CommitteePolicy,
    CommitteeReport,
    CommitteeRole,
    CommitteeRule,
    ConflictOfInterest,
    can_score,
    ensure_can_score,
    ensure_valid_committee,
    validate_committee,
)
from .decision import DEFAULT_PROPOSAL_POLICY, ProposalPolicy, propose, validate_choice
from .duration import Duration, Period, age_on, anniversary, covered, duration_between
from .eligibility import (
    ApplicantFacts,
    CareerPeriod,
    DisciplineRecord,
    EligibilityResult,
    EligibilityStatus,
    Fact,
    RankRecord,
    Requirements,
    RuleCode,
    RuleResult,
    RuleStatus,
    check,
)
from .kinds import (
    DEFAULT_ELIGIBILITY_POLICY,
    DEFAULT_STAGE_TEMPLATES,
    SELECTION_KINDS,
    STATUTORY_REQUIREMENTS,
    EligibilityDefaultsPolicy,
    StageTemplatePolicy,
    StatutoryRequirement,
    default_requirements,
    default_stages,
    selection_kind,
)
from .lifecycle import (
    DEFAULT_PROCESS_POLICY,
    TERMINAL_STATUSES,
    ProcessPolicy,
    Schedule,
    SelectionAction,
    SelectionState,
    SelectionStatus,
    allowed_actions,
    announcement_days,
    auto_extension_due,
    extend_schedule,
    schedule_errors,
    transition,
    validate_schedule,
)
from .scoring import (
    DEFAULT_SCORING_POLICY,
    Application,
    ApplicationResult,
    NotRankedReason,
    RankedApplication,
    Ranking,
    ScoringPolicy,
    StageConfig,
    StageKind,
    TieBreak,
    display,
    evaluate,
    final_score,
    rank,
    stage_units,
    validate_stages,
)
from .vocab import (
    EDUCATION_RANK,
    GOLONGAN,
    EducationLevel,
    PositionKind,
    age_in_completed_years,
    education_meets,
    golongan_order,
    parse_education,
    parse_predikat,
)

__all__ = sorted(n for n, v in dict(globals()).items() if not n.startswith("_") and not isinstance(v, _ModuleType))
