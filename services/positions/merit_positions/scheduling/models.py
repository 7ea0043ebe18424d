"""What the daily jobs remember between days."""

from __future__ import annotations

import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class RetirementBlock(Base):
    """A retirement the scheduler could not apply, as last reported: the next days report it again only when its
    reason (``fingerprint``: code, message, retirement date) changes. Removed once it no longer fails."""

    __tablename__ = "retirement_blocks"
    employee_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("employees.id"), primary_key=True)
    agency_id: Mapped[uuid.UUID]
    retirement_date: Mapped[date]
    fingerprint: Mapped[str] = mapped_column(sa.String(64))
    code: Mapped[str] = mapped_column(sa.String(80))
    reported_on: Mapped[date]
    reported_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
