"""The gateway schema's declarative base: every model module of the gateway builds on it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase

SCHEMA = "gateway"


class Base(DeclarativeBase):
    metadata = sa.MetaData(schema=SCHEMA)
