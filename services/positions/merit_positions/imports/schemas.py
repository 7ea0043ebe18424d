"""Pydantic schemas of bulk imports."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ImportResult(BaseModel):
    kind: str = Field(examples=["employees"])
    rows: int
    created: int
    updated: int
    unchanged: int
    dry_run: bool
