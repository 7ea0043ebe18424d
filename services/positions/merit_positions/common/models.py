"""Cross-cutting tables: the audit log of legal records and the event feed other services read."""

from __future__ import annotations

from typing import cast

import sqlalchemy as sa

from merit_positions.common.event_types import CATALOGUE
from merit_positions.db_base import Base
from merit_shared.audit import audit_columns
from merit_shared.events import event_table

# The project-wide audit table shape (merit_shared.audit); written by merit_shared.audit.record.
audit_log = sa.Table("audit_log", Base.metadata, *audit_columns(),
                     sa.Index("ix_audit_entity", "entity", "entity_id"),
                     sa.Index("ix_audit_log_agency_at", "agency_id", sa.text("at DESC")))  # the agency admin's read


class Event(Base):
    """The position feed (merit_shared.events: one shape in every service); written by common.changes.publish."""

    __table__ = event_table(Base.metadata, CATALOGUE)


events = cast(sa.Table, Event.__table__)
