"""The link a transfer between agencies leaves: the person's record in the destination and the one they came from."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_evaluation.db_base import Base


class EmployeeLink(Base):
    __tablename__ = "employee_link"
    __table_args__ = (
        sa.UniqueConstraint("transfer_id", name="uq_employee_link_transfer"),
        sa.CheckConstraint("employee_id <> origin_employee_id", name="ck_employee_link_other_record"),
        sa.Index("ix_employee_link_employee", "employee_id"),
        sa.Index("ix_employee_link_agency", "agency_id"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    transfer_id: Mapped[uuid.UUID]  # the positions transfer (one link each)
    nip: Mapped[str] = mapped_column(sa.String(18))
    employee_id: Mapped[uuid.UUID]  # the record in the destination
    agency_id: Mapped[uuid.UUID]  # the destination
    origin_employee_id: Mapped[uuid.UUID]
    origin_agency_id: Mapped[uuid.UUID]
    tmt: Mapped[date]  # the origin's records up to the day before count for the destination
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
