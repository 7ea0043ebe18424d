"""A transfer of one person from one agency to another."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base

#: RELEASED (the origin let the person go), SCHEDULED (the destination accepted; the TMT is still to come),
#: ACCEPTED (in effect: the person serves in the destination), DECLINED, CANCELLED.
TRANSFER_STATUSES = ("RELEASED", "SCHEDULED", "ACCEPTED", "DECLINED", "CANCELLED")
OPEN_STATUSES = ("RELEASED", "SCHEDULED")


class Transfer(Base):
    __tablename__ = "transfers"
    __table_args__ = (
        sa.CheckConstraint("status IN ('RELEASED', 'SCHEDULED', 'ACCEPTED', 'DECLINED', 'CANCELLED')",
                           name="ck_transfers_status"),
        sa.CheckConstraint("origin_agency_id <> destination_agency_id", name="ck_transfers_other_agency"),
        sa.Index("uq_transfers_one_open", "employee_id", unique=True,
                 postgresql_where=sa.text("status IN ('RELEASED', 'SCHEDULED')")),
        sa.Index("ix_transfers_due", "destination_agency_id", "tmt", postgresql_where=sa.text("status = 'SCHEDULED'")),
        sa.Index("ix_transfers_origin", "origin_agency_id", "created_at"),
        sa.Index("ix_transfers_destination", "destination_agency_id", "created_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(sa.String(18))
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"))
    origin_agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    destination_agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    status: Mapped[str] = mapped_column(sa.String(10))
    tmt: Mapped[date]
    release_sk_number: Mapped[str] = mapped_column(sa.String(120))
    release_sk_date: Mapped[date]
    accept_sk_number: Mapped[str | None] = mapped_column(sa.String(120))
    accept_sk_date: Mapped[date | None]
    decline_reason: Mapped[str | None] = mapped_column(sa.String(300))
    destination_employee_id: Mapped[uuid.UUID | None] = mapped_column(sa.ForeignKey("employees.id"))
    released_by: Mapped[str] = mapped_column(sa.String(200))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    applied_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))  # when it took effect
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
