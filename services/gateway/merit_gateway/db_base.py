"""The gateway schema's declarative base: every model module of the gateway builds on it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "gateway"


class Base(DeclarativeBase):
    # index=True indexes are named ix_<table>_<column>, as the migrations (built without a schema) name them.
    metadata = sa.MetaData(schema=SCHEMA, naming_convention={"ix": "ix_%(table_name)s_%(column_0_name)s"})
