"""The positions service's declarative base: every table lives in the `positions` schema."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from merit_shared.outbox import outbox_tables

SCHEMA = "positions"


class Base(DeclarativeBase):
    metadata = sa.MetaData(schema=SCHEMA)


outbox, inbox = outbox_tables(Base.metadata)
