"""The recruitment service's declarative base: every table lives in the `recruitment` schema."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from merit_shared.audit import audit_columns
from merit_shared.outbox import outbox_tables

SCHEMA = "recruitment"


class Base(DeclarativeBase):
    metadata = sa.MetaData(schema=SCHEMA)


outbox, inbox = outbox_tables(Base.metadata)
# The project-wide audit trail (merit_shared.audit.record writes it); the agency admin reads it newest first.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_log_agency_at", "agency_id", sa.text("at DESC")))
