"""SQLAlchemy models of the positions service (import every model module here so Alembic sees them)."""

from merit_positions.actions.models import PersonnelAction, PersonnelActionMove
from merit_positions.agencies.models import Agency, AgencyPolicy
from merit_positions.assignments.models import Assignment, EmployeeAbsence
from merit_positions.common.models import Event, audit_log
from merit_positions.db_base import SCHEMA, Base, inbox, job_runs, outbox, public_rate_limits
from merit_positions.employees.models import Employee, EmployeeEducation, EmployeeRank
from merit_positions.jobs.models import Job
from merit_positions.officials.models import PublicPlacement
from merit_positions.org.models import OrgUnit, OrgUnitVersion
from merit_positions.scheduling.models import RetirementBlock
from merit_positions.seats.models import Position, PositionAbk, PositionAbkVersion
from merit_positions.transfers.models import Transfer

__all__ = [
    "SCHEMA", "Agency", "AgencyPolicy", "Assignment", "Base", "Employee", "EmployeeAbsence", "EmployeeEducation",
    "EmployeeRank", "Event", "Job", "OrgUnit", "OrgUnitVersion", "PersonnelAction", "PersonnelActionMove",
    "Position", "PositionAbk", "PositionAbkVersion", "PublicPlacement", "RetirementBlock", "Transfer",
    "audit_log", "inbox", "job_runs", "outbox", "public_rate_limits",
]
