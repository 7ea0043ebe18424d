"""Committee members (panitia seleksi) and their conflict-of-interest declarations per applicant."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from merit_recruitment.db_base import Base


class CommitteeMember(Base):
    __tablename__ = "committee_members"
    __table_args__ = (
        sa.UniqueConstraint("selection_id", "subject", name="uq_committee_members_subject"),
        sa.UniqueConstraint("selection_id", "account_id", name="uq_committee_members_account"),
        sa.CheckConstraint("role IN ('CHAIR', 'SECRETARY', 'MEMBER')", name="ck_committee_members_role"),
        sa.Index("ix_committee_members_subject", "subject"),
        sa.Index("ix_committee_members_account_id", "account_id"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("selections.id"), index=True)
    agency_id: Mapped[uuid.UUID]
    # The member's gateway account (users.id, token claim `account_id`): when set, only that account holds the seat.
    # NULL on seats saved before accounts were named; those still match by login (and internal ones by employee id).
    account_id: Mapped[uuid.UUID | None]
    # The member's login (token `sub`): the account's username when account_id is set.
    subject: Mapped[str] = mapped_column(sa.String(200))
    employee_id: Mapped[uuid.UUID | None]
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    internal: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class ConflictDeclaration(Base):
    __tablename__ = "conflict_declarations"
    __table_args__ = (sa.UniqueConstraint("member_id", "application_id", name="uq_conflict_declarations"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(index=True)
    agency_id: Mapped[uuid.UUID]
    member_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("committee_members.id", ondelete="CASCADE"))
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    has_conflict: Mapped[bool]
    reason: Mapped[str | None] = mapped_column(sa.Text)
    declared_by: Mapped[str] = mapped_column(sa.String(200))
    declared_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), server_default=sa.func.now())


class ConflictFlag(Base):
    """A conflict of interest the registry raised between a member and an applicant; the chair decides it."""

    __tablename__ = "conflict_flags"
    __table_args__ = (
        sa.UniqueConstraint("member_id", "application_id", name="uq_conflict_flags"),
        sa.CheckConstraint("basis IN ('DIRECT_SUPERVISOR', 'DIRECT_SUBORDINATE', 'SAME_UNIT_HEAD')",
                           name="ck_conflict_flags_basis"),
        sa.CheckConstraint("status IN ('OPEN', 'CONFIRMED', 'DISMISSED')", name="ck_conflict_flags_status"),
        sa.CheckConstraint("(status = 'OPEN') = (decided_at IS NULL)", name="ck_conflict_flags_decided"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    selection_id: Mapped[uuid.UUID] = mapped_column(index=True)
    agency_id: Mapped[uuid.UUID]
    member_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("committee_members.id", ondelete="CASCADE"))
    application_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("applications.id"))
    basis: Mapped[str] = mapped_column(sa.String(40))
    status: Mapped[str] = mapped_column(sa.String(20))
    detected_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    reason: Mapped[str | None] = mapped_column(sa.Text)
