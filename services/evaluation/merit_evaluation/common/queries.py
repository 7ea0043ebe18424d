"""Query-parameter types shared by the list routes (bounded, so a wild value is a 422, never a database error)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

YEAR_MIN, YEAR_MAX = 2000, 2100

YearQuery = Annotated[int | None, Query(ge=YEAR_MIN, le=YEAR_MAX, description="Calendar year (2000–2100).",
                                        examples=[2025])]
RequiredYear = Annotated[int, Query(ge=YEAR_MIN, le=YEAR_MAX, description="Calendar year (2000–2100).",
                                    examples=[2025])]
