"""Job catalogue (nomenklatur jabatan) of an agency."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_positions.db_base import Base

# The value lists of the migrations' CHECK constraints (pos_0002).
JOB_KINDS = "'JPT_UTAMA','JPT_MADYA','JPT_PRATAMA','ADMINISTRATOR','PENGAWAS','PELAKSANA','FUNGSIONAL'"
JENJANG = "'AHLI_PERTAMA','AHLI_MUDA','AHLI_MADYA','AHLI_UTAMA','PEMULA','TERAMPIL','MAHIR','PENYELIA'"
EDUCATION_LEVELS = "'SD','SMP','SMA','D1','D2','D3','D4','S1','S2','S3'"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({JOB_KINDS})", name="jobs_kind_check"),
        sa.CheckConstraint(f"jenjang IN ({JENJANG})", name="jobs_jenjang_check"),
        sa.CheckConstraint("kelas_jabatan BETWEEN 1 AND 17", name="jobs_kelas_jabatan_check"),
        sa.CheckConstraint(f"min_education IN ({EDUCATION_LEVELS})", name="jobs_min_education_check"),
        sa.CheckConstraint("bup BETWEEN 19 AND 100", name="jobs_bup_check"),
        sa.CheckConstraint("(kind = 'FUNGSIONAL') = (jenjang IS NOT NULL)", name="ck_jobs_jenjang_only_functional"),
        sa.Index("uq_jobs_code_ci", "agency_id", sa.func.lower(sa.column("code")), unique=True),
    )
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
