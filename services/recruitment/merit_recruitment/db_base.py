"""The recruitment service's declarative base: every table lives in the `recruitment` schema."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from merit_recruitment.common.event_types import CATALOGUE
from merit_shared.audit import audit_columns
from merit_shared.events import event_table
from merit_shared.outbox import outbox_tables
from merit_shared.public import public_rate_table
from merit_shared.scheduler import job_runs_table

SCHEMA = "recruitment"


class Base(DeclarativeBase):
    # index=True indexes are named ix_<table>_<column>, as the migrations (built without a schema) named them.
    metadata = sa.MetaData(schema=SCHEMA, naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"})


outbox, inbox = outbox_tables(Base.metadata)
public_rate_limits = public_rate_table(Base.metadata)  # the public pages' rate limit, shared by replicas
# The project-wide audit trail (merit_shared.audit.record writes it); the agency admin reads it newest first.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_log_agency_at", "agency_id", sa.text("at DESC")))
events = event_table(Base.metadata, CATALOGUE)  # the recruitment event feed (merit_shared.events; common.feed)
job_runs = job_runs_table(Base.metadata)  # merit_shared.scheduler's ledger of daily runs (scheduling/)
