"""Applications: one per person (NIP) per selection, enforced by a unique index."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base

APP_STATUSES = ("SUBMITTED", "VERIFIED", "QUALIFIED", "REJECTED", "WITHDRAWN", "ELIMINATED")


class Application(Base):
    __tablename__ = "applications"
    __table_args__ = (
        sa.UniqueConstraint("selection_id", "nip", name="uq_applications_selection_nip"),
        sa.CheckConstraint("nip ~ '^[0-9]{18}$'", name="ck_applications_nip"),
        sa.CheckConstraint("applicant_type IN ('INTERNAL', 'EXTERNAL')", name="ck_applications_type"),
        sa.CheckConstraint("status IN ('SUBMITTED', 'VERIFIED', 'QUALIFIED', 'REJECTED', 'WITHDRAWN', 'ELIMINATED')",
                           name="ck_applications_status"),
        # The supervisor's second check must be done by someone other than the verifier.
        sa.CheckConstraint("second_check_by IS NULL OR second_check_by <> verified_by",
                           name="ck_applications_two_people"),
        sa.Index("ix_applications_employee", "employee_id"),
        sa.Index("ix_applications_nip", "nip"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("selections.id"), index=True)
    agency_id: Mapped[uuid.UUID]  # the selection's agency
    applicant_type: Mapped[str] = mapped_column(sa.String(10))
    position_id: Mapped[uuid.UUID | None]
    employee_id: Mapped[uuid.UUID | None]
    nip: Mapped[str] = mapped_column(sa.String(18))
    name: Mapped[str] = mapped_column(sa.String(200))
    current_position: Mapped[str | None] = mapped_column(sa.String(300))
    current_agency: Mapped[str | None] = mapped_column(sa.String(300))
    birth_date: Mapped[date | None]  # private: never published
    declared: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    documents: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    facts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    eligibility: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    eligibility_status: Mapped[str | None] = mapped_column(sa.String(20))
    status: Mapped[str] = mapped_column(sa.String(20), default="SUBMITTED")
    status_reason: Mapped[str | None] = mapped_column(sa.Text)
    verified_by: Mapped[str | None] = mapped_column(sa.String(200))
    verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    verification_decision: Mapped[str | None] = mapped_column(sa.String(10))
    verification_note: Mapped[str | None] = mapped_column(sa.Text)
    second_check_by: Mapped[str | None] = mapped_column(sa.String(200))
    second_check_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    second_check_decision: Mapped[str | None] = mapped_column(sa.String(10))
    second_check_note: Mapped[str | None] = mapped_column(sa.Text)
    eliminated_stage: Mapped[str | None] = mapped_column(sa.String(80))
    registered_by: Mapped[str] = mapped_column(sa.String(200))
    registered_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())
    withdrawn_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)


class ApplicationDocument(Base):
    """An uploaded document of an application: one per checklist code, replaced in place until registration
    closes. The bytes live in the database (no file system to back up or lose); their SHA-256 proves what was
    submitted."""

    __tablename__ = "application_documents"
    __table_args__ = (
        sa.UniqueConstraint("application_id", "code", name="uq_application_documents_code"),
        sa.CheckConstraint("size_bytes > 0", name="ck_application_documents_size"),
        sa.CheckConstraint("sha256 ~ '^[0-9a-f]{64}$'", name="ck_application_documents_sha256"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id", ondelete="CASCADE"))
    agency_id: Mapped[uuid.UUID]
    code: Mapped[str] = mapped_column(sa.String(80))
    filename: Mapped[str | None] = mapped_column(sa.String(255))
    media_type: Mapped[str] = mapped_column(sa.String(100))
    size_bytes: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    content: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    uploaded_by: Mapped[str] = mapped_column(sa.String(200))
    uploaded_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
