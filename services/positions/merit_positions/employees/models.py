"""Employees with their rank and education history."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class Employee(Base):
    __tablename__ = "employees"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    nip: Mapped[str] = mapped_column(sa.String(18))
    name: Mapped[str] = mapped_column(sa.String(200))
    front_title: Mapped[str | None] = mapped_column(sa.String(60))
    back_title: Mapped[str | None] = mapped_column(sa.String(100))
    birth_date: Mapped[date]
    gender: Mapped[str] = mapped_column(sa.String(1))
    employment_type: Mapped[str] = mapped_column(sa.String(5))
    status: Mapped[str] = mapped_column(sa.String(12), default="active")
    tmt_cpns: Mapped[date | None]
    siasn_pns_id: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EmployeeRank(Base):
    __tablename__ = "employee_ranks"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    scheme: Mapped[str] = mapped_column(sa.String(4))
    golongan: Mapped[str] = mapped_column(sa.String(6))
    rank_code: Mapped[int] = mapped_column(sa.SmallInteger)
    tmt: Mapped[date]
    sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    sk_date: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class EmployeeEducation(Base):
    __tablename__ = "employee_educations"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID]
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    level: Mapped[str] = mapped_column(sa.String(4))
    level_order: Mapped[int] = mapped_column(sa.SmallInteger)
    major: Mapped[str | None] = mapped_column(sa.String(200))
    institution: Mapped[str | None] = mapped_column(sa.String(200))
    graduated_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
