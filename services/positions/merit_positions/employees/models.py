"""Employees with their rank and education history."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base
from merit_positions.jobs.models import EDUCATION_LEVELS

#: Statuses of a person still serving in the agency (cuti and tugas belajar included).
ACTIVE_STATUSES = ("active", "leave", "study")
#: ``transferred_out``: moved to another agency (mutasi antar instansi); the record stays as history.
STATUSES = (*ACTIVE_STATUSES, "retired", "dismissed", "deceased", "transferred_out")


class Employee(Base):
    __tablename__ = "employees"
    __table_args__ = (
        sa.CheckConstraint("nip ~ '^[0-9]{18}$'", name="employees_nip_check"),
        sa.CheckConstraint("gender IN ('L', 'P')", name="employees_gender_check"),
        sa.CheckConstraint("employment_type IN ('PNS', 'CPNS', 'PPPK')", name="employees_employment_type_check"),
        sa.CheckConstraint(f"status IN ({', '.join(repr(s) for s in STATUSES)})", name="employees_status_check"),
        sa.UniqueConstraint("agency_id", "nip", name="uq_employees_nip"),
        # One person, one active record nationally: a NIP (or NI PPPK) is active in at most one agency.
        sa.Index("uq_employees_nip_active", "nip", unique=True,
                 postgresql_where=sa.text(f"status IN ({', '.join(repr(s) for s in ACTIVE_STATUSES)})")),
        # trigram search on the name, ignoring case (the operator class is keyed by the expression's label)
        sa.Index("ix_employees_name_trgm", "agency_id", sa.func.lower(sa.column("name")).label("name_lower"),
                 postgresql_using="gist", postgresql_ops={"name_lower": "gist_trgm_ops"}),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    nip: Mapped[str] = mapped_column(sa.String(18))
    name: Mapped[str] = mapped_column(sa.String(200))
    front_title: Mapped[str | None] = mapped_column(sa.String(60))
    back_title: Mapped[str | None] = mapped_column(sa.String(100))
    birth_date: Mapped[date]
    gender: Mapped[str] = mapped_column(sa.CHAR(1))
    employment_type: Mapped[str] = mapped_column(sa.String(5))
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    tmt_cpns: Mapped[date | None]
    siasn_pns_id: Mapped[str | None] = mapped_column(sa.String(64))
    # The record in the agency the person was transferred from (the only cross-agency link).
    origin_employee_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("employees.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EmployeeRank(Base):
    __tablename__ = "employee_ranks"
    __table_args__ = (
        sa.CheckConstraint("scheme IN ('PNS', 'PPPK')", name="employee_ranks_scheme_check"),
        sa.UniqueConstraint("employee_id", "tmt", name="uq_employee_ranks_tmt"),
        sa.CheckConstraint("reason IN ('DISCIPLINE', 'CORRECTION', 'EXTRAORDINARY_PROMOTION')",
                           name="ck_employee_ranks_reason"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    scheme: Mapped[str] = mapped_column(sa.String(4))
    golongan: Mapped[str] = mapped_column(sa.String(6))
    rank_code: Mapped[int] = mapped_column(sa.SmallInteger)
    tmt: Mapped[date]
    sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    sk_date: Mapped[date | None]
    reason: Mapped[str | None] = mapped_column(sa.String(24))
    reason_note: Mapped[str | None] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EmployeeEducation(Base):
    __tablename__ = "employee_educations"
    __table_args__ = (
        sa.CheckConstraint(f"level IN ({EDUCATION_LEVELS})", name="employee_educations_level_check"),
        sa.Index("ix_employee_educations_employee", "employee_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    level: Mapped[str] = mapped_column(sa.String(4))
    level_order: Mapped[int] = mapped_column(sa.SmallInteger)
    major: Mapped[str | None] = mapped_column(sa.String(200))
    institution: Mapped[str | None] = mapped_column(sa.String(200))
    graduated_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
