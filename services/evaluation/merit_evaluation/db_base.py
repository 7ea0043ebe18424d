"""The evaluation service's declarative base: every table lives in the `evaluation` schema."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

from merit_shared.outbox import outbox_tables

SCHEMA = "evaluation"


class Base(DeclarativeBase):
    # index=True indexes are named ix_<table>_<column>, as the migrations (built without a schema) named them.
    metadata = sa.MetaData(schema=SCHEMA, naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"})
    # A plain ``Mapped[str]`` is ``text``, the type the migrations give every such column.
    type_annotation_map = {str: sa.Text()}


outbox, inbox = outbox_tables(Base.metadata)
