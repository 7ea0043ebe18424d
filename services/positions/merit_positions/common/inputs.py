"""Base of every request body: unknown fields refused (StrictModel), and values PostgreSQL cannot store refused
up front with the field named (NUL characters, dates outside 1900-2100), instead of failing at the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from merit_positions.common.errors import FIELD_NOT_NULLABLE
from merit_shared.api import StrictModel

MIN_DATE, MAX_DATE = date(1900, 1, 1), date(2100, 12, 31)


def _bilingual(en: str, id_: str) -> PydanticCustomError:
    # type value_error: English from the template, Indonesian from ctx["error"] (merit_shared.i18n).
    return PydanticCustomError("value_error", en, {"error": id_})


def _check(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise _bilingual("Text must not contain the NUL character (\\u0000); remove it.",
                             "Teks tidak boleh berisi karakter NUL (\\u0000); hapus karakter itu.")
    elif isinstance(value, date):
        if not MIN_DATE <= value <= MAX_DATE:
            raise _bilingual(f"The date must be between {MIN_DATE} and {MAX_DATE}; correct the year.",
                             f"Tanggal harus antara {MIN_DATE} dan {MAX_DATE}; perbaiki tahunnya.")
    elif isinstance(value, dict):
        for k, v in value.items():
            _check(k)
            _check(v)
    elif isinstance(value, list | tuple | set):
        for v in value:
            _check(v)


class Input(StrictModel):
    """Request body base. ``not_null`` lists fields a PATCH may omit but not set to null."""

    not_null: ClassVar[tuple[str, ...]] = ()

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any, info: ValidationInfo) -> Any:
        _check(value)
        return value

    @model_validator(mode="after")
    def _refuse_nulls(self) -> Input:
        for name in self.not_null:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise FIELD_NOT_NULLABLE.error(field=f"body.{name}", name=name)
        return self
