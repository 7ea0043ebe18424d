"""Assignments: who holds which position, how (definitive / Plt / Plh), from when to when, on what SK."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base

# Why a person takes up a position (the migrations' CHECK, pos_0002); a personnel action's moves use the same list.
ASSIGNMENT_REASONS = ("'initial','promotion','rotation','transfer','demotion','selection_result','restructuring',"
                      "'acting'")


class Assignment(Base):
    __tablename__ = "assignments"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('definitive', 'plt', 'plh')", name="assignments_kind_check"),
        sa.CheckConstraint(f"reason IN ({ASSIGNMENT_REASONS})", name="assignments_reason_check"),
        sa.CheckConstraint("tmt_end IS NULL OR tmt_end >= tmt_start", name="ck_assignments_dates"),
        ExcludeConstraint((sa.column("employee_id"), "="),
                          (sa.func.daterange(sa.column("tmt_start"), sa.column("tmt_end"), "[]"), "&&"),
                          name="ex_assignments_one_definitive_per_employee", using="gist", where=sa.text("kind = 'definitive'")),
        ExcludeConstraint((sa.column("position_id"), "="),
                          (sa.func.daterange(sa.column("tmt_start"), sa.column("tmt_end"), "[]"), "&&"),
                          name="ex_assignments_one_holder_per_managerial_seat", using="gist",
                          where=sa.text("kind = 'definitive' AND is_managerial")),
        ExcludeConstraint((sa.column("position_id"), "="),
                          (sa.func.daterange(sa.column("tmt_start"), sa.column("tmt_end"), "[]"), "&&"),
                          name="ex_assignments_one_acting_per_position", using="gist", where=sa.text("kind <> 'definitive'")),
        sa.Index("ix_assignments_position", "position_id", "tmt_start"),
        sa.Index("ix_assignments_employee", "employee_id", "tmt_start"),
        sa.Index("ix_assignments_agency_open", "agency_id", postgresql_where=sa.text("tmt_end IS NULL")),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    position_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("positions.id"))
    kind: Mapped[str] = mapped_column(sa.String(12))
    is_managerial: Mapped[bool]
    tmt_start: Mapped[date]
    tmt_end: Mapped[date | None]
    sk_number: Mapped[str] = mapped_column(sa.String(120))
    sk_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(30))
    end_reason: Mapped[str | None] = mapped_column(sa.String(30))
    rank_override_reason: Mapped[str | None] = mapped_column(sa.Text)
    personnel_action_id: Mapped[uuid.UUID | None]
    # The SK that ended the assignment (optional: an end by the scheduler or a status change has none).
    end_sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    end_sk_date: Mapped[date | None]
    # The day the one extension of an acting assignment was given (None: not extended).
    acting_extended_on: Mapped[date | None]
    acting_extension_sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    acting_extension_sk_date: Mapped[date | None]
    # The day the scheduler announced that this acting assignment ends soon (acting_expiring, once).
    expiry_flagged_on: Mapped[date | None]
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EmployeeAbsence(Base):
    """A dated absence of an employee (leave, training, sick): the period a Plh may cover their seat."""

    __tablename__ = "employee_absences"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('LEAVE', 'TRAINING', 'SICK')", name="ck_employee_absences_kind"),
        sa.CheckConstraint("date_to >= date_from", name="ck_employee_absences_dates"),
        sa.Index("ix_employee_absences_employee", "employee_id", "date_from"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    date_from: Mapped[date]
    date_to: Mapped[date]
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
