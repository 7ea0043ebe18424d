"""Request and response schemas of follow-ups and coaching plans."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from merit_evaluation.rules import CoachingOutcome, RewardOption
from merit_shared.api import OutModel, StrictModel


class DecideIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"option": "RECOGNITION", "note": "Piagam penghargaan Wali Kota, Hari Jadi Kota"}]})

    option: RewardOption = Field(description="The reward taken; one of the follow-up's `options`.")
    note: str | None = Field(None, max_length=2000, description="What was given, when (optional).")


class ReasonIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"reason": "Pegawai sedang tugas belajar sampai akhir tahun"}]})

    reason: str = Field(min_length=3, max_length=2000, description="Why (kept on the follow-up and in the audit).")


class GoalIn(StrictModel):
    description: str = Field(min_length=1, max_length=2000, examples=["Laporan bulanan selesai tepat waktu"])
    competency_code: str | None = Field(None, min_length=1, max_length=40, examples=["M.03"],
                                        description="The competency the goal develops (dictionary code), read by "
                                                    "the training-needs analysis.")


class MilestoneIn(StrictModel):
    title: str = Field(min_length=1, max_length=500, examples=["Tinjauan kemajuan bulan pertama"])
    due_on: date
    done_on: date | None = Field(None, description="The day it was met (null while open).")


class CoachingPlanIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [{
        "coach_employee_id": None,
        "goals": [{"description": "Laporan bulanan selesai tepat waktu", "competency_code": "M.03"}],
        "milestones": [{"title": "Tinjauan bulan pertama", "due_on": "2026-02-15", "done_on": None}]}]})

    coach_employee_id: uuid.UUID | None = Field(None, description="Another coach of the agency (default: keep the "
                                                "owner; the plan's evaluator when the rating had one).")
    goals: list[GoalIn] = Field(max_length=20)
    milestones: list[MilestoneIn] = Field(max_length=30)


class NoteIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"noted_on": "2026-02-14", "note": "Dua laporan terakhir tepat waktu; lanjutkan pendampingan."}]})

    noted_on: date | None = Field(None, description="Default: today (the agency's calendar day).")
    note: str = Field(min_length=1, max_length=4000)


class CloseIn(StrictModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={"examples": [
        {"outcome": "IMPROVED", "note": "Target bulanan tercapai tiga bulan berturut-turut."}]})

    outcome: CoachingOutcome = Field(description="IMPROVED or NOT_IMPROVED complete the plan; ESCALATED hands it to "
                                                 "the disciplinary/performance procedures.")
    note: str | None = Field(None, max_length=4000)


class GoalOut(OutModel):
    id: uuid.UUID
    seq: int
    description: str
    competency_code: str | None


class MilestoneOut(OutModel):
    id: uuid.UUID
    seq: int
    title: str
    due_on: date
    done_on: date | None


class NoteOut(OutModel):
    id: uuid.UUID
    noted_on: date
    note: str
    author: str
    author_employee_id: uuid.UUID | None
    created_at: datetime


class NextRatingOut(BaseModel):
    rating_id: uuid.UUID
    year: int
    predikat: str = Field(examples=["BAIK"])


class FollowupOut(BaseModel):
    """A follow-up; a coaching plan's answer carries its goals, milestones, notes and the next year's rating."""

    id: uuid.UUID
    agency_id: uuid.UUID
    employee_id: uuid.UUID
    unit_id: uuid.UUID | None
    year: int = Field(description="The year of the source rating (of the last predikat a placement used).")
    source_kind: str = Field(examples=["annual_rating"], description="annual_rating or talent_placement.")
    source_id: uuid.UUID
    kind: str = Field(examples=["COACHING"], description="REWARD or COACHING (pembinaan).")
    predikat: str | None = Field(description="The source rating's predikat.")
    box: int | None = Field(description="The source placement's nine-box cell.")
    options: list[str] = Field(description="Reward options offered (agency policy).", examples=[["RECOGNITION"]])
    state: str = Field(examples=["ACTIVE"])
    owner_kind: str = Field(description="EVALUATOR (owner_employee_id is the coach/decider) or AGENCY_ADMIN.")
    owner_employee_id: uuid.UUID | None
    created_on: date
    due_on: date
    overdue: bool = Field(description="Not closed and its due date or an open milestone's date has passed (the "
                                      "agency's today).")
    decision_option: str | None
    decision_reason: str | None
    outcome: str | None
    outcome_note: str | None
    cancel_reason: str | None
    closed_by: str | None
    closed_at: datetime | None
    version: int
    created_at: datetime
    allowed_actions: list[str] = Field(examples=[["UPDATE_PLAN", "ACTIVATE"]], description="What THIS caller may do "
                                       "now (each one the route accepts from them).")
    goals: list[GoalOut] | None = Field(None, description="Coaching plans, on a read of one.")
    milestones: list[MilestoneOut] | None = Field(None, description="Coaching plans, on a read of one.")
    notes: list[NoteOut] | None = Field(None, description="Coaching plans, on a read of one.")
    next_year_rating: NextRatingOut | None = Field(None, description="On a read of one: the employee's rating of the "
                                                   "year after `year`, beside the outcome (null until it exists).")
