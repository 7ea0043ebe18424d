"""Schemas of career planning: one breakdown per (person, position) pair."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

_EXAMPLE_REQ = {"name": "rank", "status": "failed", "reason_id": "Golongan III/c di bawah golongan minimal III/d.",
                "reason_en": "Rank III/c is below the minimum rank III/d.", "value": "III/c", "required": "III/d",
                "source": {"rank_record": {"id": "0b6c…", "golongan": "III/c", "tmt": "2021-04-01"},
                           "job_id": "5d1e…", "job_version": 2, "min_rank_source": "policy"}}


class CareerBreakdownOut(BaseModel):
    employee: dict[str, Any] = Field(description="The person: NIP, name, unit, and the rank, education and "
                                     "assignment records the checks read (each with its id).")
    position: dict[str, Any] = Field(description="The position with its seats (required, filled, vacant) and job "
                                     "(id, version, kind, kelas, minimum rank and where it comes from, minimum "
                                     "education).")
    move_kind: str = Field(description="FUNCTIONAL, PROMOTION (a higher kelas) or ROTATION (the same or lower).",
                           examples=["PROMOTION"])
    requirements: list[dict[str, Any]] = Field(
        description="Each requirement of that kind of move, judged by the registry's rules (rank, education, "
                    "time_in_position, performance; regular_promotion when the rank falls short): status passed / "
                    "warning / failed / unknown, the reason in both languages, the value and the requirement, and "
                    "the records read (`source`).", examples=[[_EXAMPLE_REQ]])
    jpm: dict[str, Any] = Field(description="JPM against the job's competency standard: percent, category, per "
                                "competency required / has / gap, the assessment (id, date) and the job version; "
                                "`available` false with `reason` no_assessment or no_standard.")
    closeness: dict[str, Any] = Field(description="The order's inputs (failed, unknown, jpm_percent, shortfall) and "
                                      "`place` (1 = closest).")
    readiness: str = Field(description="READY_NOW, READY_1_2_YEARS or READY_LATER (the succession plans' scale).",
                           examples=["READY_1_2_YEARS"])
    as_of: str = Field(examples=["2026-12-03"])
    development: list[dict[str, Any]] | None = Field(
        None, description="Per competency short of the standard, the catalogue's activities that address it; "
                          "present only when the development catalogue is connected.")
