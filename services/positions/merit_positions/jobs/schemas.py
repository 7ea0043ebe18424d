"""Job catalogue payloads."""

from __future__ import annotations

import re
import uuid
from typing import Any

from pydantic import ConfigDict, Field, field_validator

from merit_positions.common.inputs import Input
from merit_positions.rules import Jenjang
from merit_shared.api import OutModel
from merit_shared.vocab import EducationLevel, JobKind

COMPETENCY_CORE = tuple(f"M.{i:02d}" for i in range(1, 9)) + ("SK.01",)
_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")


def _check_standard(v: dict[str, int] | None) -> dict[str, int] | None:
    if v is None:
        return v
    for code, level in v.items():
        if not _CODE.match(code):
            raise ValueError(f"competency code '{code}' is invalid: use e.g. M.01, SK.01 or a technical code like T.01")
        if code.upper().startswith(("M.", "SK.")) and code not in COMPETENCY_CORE:
            raise ValueError(f"competency code '{code}' is unknown: managerial codes are M.01-M.08, socio-cultural SK.01")
        if not isinstance(level, int) or isinstance(level, bool) or not 1 <= level <= 5:
            raise ValueError(f"competency level of {code} must be a whole number 1-5, got {level}")
    return v


# National codes only: a technical code (T.…) must first be defined in the agency's dictionary (evaluation's
# /competencies), so an example naming one would fail on a fresh agency.
EXAMPLE_STANDARD = {"M.01": 3, "M.02": 3, "M.03": 3, "M.04": 3, "M.05": 3, "M.06": 3, "M.07": 3, "M.08": 3,
                    "SK.01": 3}


class JobCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"code": "JF-AK-AM",
         "name": "Analis Kepegawaian Ahli Muda",
         "kind": "FUNGSIONAL",
         "jenjang": "AHLI_MUDA",
         "kelas_jabatan": 9,
         "min_education": "S1",
         "competency_standard": {"M.01": 3, "SK.01": 3}}]})
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$", examples=["JF-AK-AM"])
    name: str = Field(min_length=2, max_length=300, examples=["Analis Kepegawaian Ahli Muda"])
    kind: JobKind = Field(examples=["FUNGSIONAL"])
    jenjang: Jenjang | None = Field(None, examples=["AHLI_MUDA"])
    kelas_jabatan: int = Field(ge=1, le=17, examples=[9])
    min_education: EducationLevel | None = Field(None, examples=["S1"])
    min_rank: str | None = Field(None, examples=["III/c"], description="Default: from the agency policy/rules.")
    bup: int | None = Field(None, ge=19, le=100, description="Retirement age override; default from the rules.")
    competency_standard: dict[str, int] = Field(default_factory=dict, examples=[EXAMPLE_STANDARD])
    siasn_jabatan_id: str | None = Field(None, max_length=64, description="jabatanFungsionalId / jabatanFungsionalUmumId.")

    _std = field_validator("competency_standard")(_check_standard)


class JobUpdate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"kelas_jabatan": 9, "min_rank": "III/c"}]})
    not_null = ("name", "kelas_jabatan", "competency_standard")
    code: str | None = Field(None, min_length=1, max_length=60, pattern=r"^[A-Za-z0-9_.\-/]+$")
    name: str | None = Field(None, min_length=2, max_length=300)
    kelas_jabatan: int | None = Field(None, ge=1, le=17)
    min_education: EducationLevel | None = None
    min_rank: str | None = None
    bup: int | None = Field(None, ge=19, le=100)
    competency_standard: dict[str, int] | None = None
    siasn_jabatan_id: str | None = Field(None, max_length=64)

    _std = field_validator("competency_standard")(_check_standard)


class JobOut(OutModel):
    id: uuid.UUID
    agency_id: uuid.UUID
    code: str | None
    name: str = Field(examples=["Analis Kepegawaian Ahli Muda"])
    kind: str = Field(examples=["FUNGSIONAL"])
    jenjang: str | None = Field(examples=["AHLI_MUDA"])
    kelas_jabatan: int
    min_education: str | None
    min_rank: str | None = Field(examples=["III/c"])
    min_rank_is_default: bool
    bup: int = Field(examples=[58])
    bup_is_default: bool
    competency_standard: dict[str, Any] = Field(examples=[EXAMPLE_STANDARD])
    siasn_jabatan_id: str | None
    version: int
