"""SQLAlchemy models of the recruitment service (import every model module here so Alembic sees them)."""

from merit_recruitment.announcements.models import Announcement, Appeal
from merit_recruitment.applications.models import Application
from merit_recruitment.assessment.models import Score, StageOutcome, StageResult
from merit_recruitment.committee.models import CommitteeMember, ConflictDeclaration
from merit_recruitment.db_base import SCHEMA, Base, audit_log, inbox, job_runs, outbox, public_rate_limits
from merit_recruitment.history.models import DeclaredHistory
from merit_recruitment.selections.models import RegistrationExtension, Selection, SelectionEvent

__all__ = ["SCHEMA", "Announcement", "Appeal", "Application", "Base", "CommitteeMember",
           "ConflictDeclaration", "DeclaredHistory", "RegistrationExtension", "Score", "Selection", "SelectionEvent",
           "StageOutcome", "StageResult", "audit_log", "inbox", "job_runs", "outbox", "public_rate_limits"]
