"""SQLAlchemy models of the evaluation service (import every model module here so Alembic sees them)."""

from merit_evaluation.angka_kredit.models import AngkaKreditRecord
from merit_evaluation.catalogue.models import DevelopmentActivity
from merit_evaluation.common.models import EvaluationPolicy, audit_log
from merit_evaluation.competency.models import CompetencyAssessment, CompetencyDefinition, JpmResult
from merit_evaluation.db_base import SCHEMA, Base, inbox, outbox
from merit_evaluation.development.models import DevelopmentRecord, DisciplineRecord
from merit_evaluation.development_plans.models import DevelopmentPlan, DevelopmentPlanItem
from merit_evaluation.followups.models import CoachingGoal, CoachingMilestone, CoachingNote, Followup
from merit_evaluation.links.models import EmployeeLink
from merit_evaluation.merit_index.models import MeritIndexClosure, MeritIndexDeclaration, MeritIndexPolicy
from merit_evaluation.performance.models import (
    AnnualRating,
    Evaluation,
    EvaluationPeriod,
    EvaluationRealisation,
    FeedbackNote,
    OrgPerformance,
    PerformancePlan,
    PlanResult,
)
from merit_evaluation.talent.models import SuccessionCandidate, SuccessionPlan, TalentCycle, TalentPlacement

__all__ = ["SCHEMA", "Base", "inbox", "outbox", "audit_log", "EvaluationPolicy", "AngkaKreditRecord",
           "CompetencyAssessment", "CompetencyDefinition", "JpmResult", "DevelopmentRecord", "DisciplineRecord",
           "EmployeeLink", "Followup", "CoachingGoal", "CoachingMilestone", "CoachingNote",
           "AnnualRating", "Evaluation", "EvaluationPeriod", "EvaluationRealisation", "FeedbackNote",
           "OrgPerformance", "PerformancePlan", "PlanResult", "SuccessionCandidate", "SuccessionPlan",
           "TalentCycle", "TalentPlacement", "DevelopmentActivity", "DevelopmentPlan", "DevelopmentPlanItem",
           "MeritIndexClosure", "MeritIndexDeclaration", "MeritIndexPolicy"]
