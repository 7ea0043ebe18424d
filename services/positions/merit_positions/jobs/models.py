"""Job catalogue (nomenklatur jabatan) of an agency."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base


class Job(Base):
    __tablename__ = "jobs"
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    agency_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("agencies.id"))
    code: Mapped[str | None] = mapped_column(sa.String(60))
    name: Mapped[str] = mapped_column(sa.String(300))
    kind: Mapped[str] = mapped_column(sa.String(20))
    jenjang: Mapped[str | None] = mapped_column(sa.String(20))
    kelas_jabatan: Mapped[int] = mapped_column(sa.SmallInteger)
    min_education: Mapped[str | None] = mapped_column(sa.String(4))
    min_rank: Mapped[str | None] = mapped_column(sa.String(6))
    min_rank_is_default: Mapped[bool] = mapped_column(default=False)
    bup: Mapped[int] = mapped_column(sa.SmallInteger)
    bup_is_default: Mapped[bool] = mapped_column(default=True)
    competency_standard: Mapped[Any] = mapped_column(JSONB, default=dict)
    siasn_jabatan_id: Mapped[str | None] = mapped_column(sa.String(64))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
