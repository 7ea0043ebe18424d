"""Agency and agency-policy payloads."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Literal

from pydantic import ConfigDict, Field

from merit_positions.common.inputs import Input
from merit_shared.api import OutModel


class AgencyKind(StrEnum):
    PEMDA_KOTA = "PEMDA_KOTA"
    PEMDA_KABUPATEN = "PEMDA_KABUPATEN"
    PEMDA_PROVINSI = "PEMDA_PROVINSI"
    KEMENTERIAN = "KEMENTERIAN"
    LEMBAGA = "LEMBAGA"


class TimeZone(StrEnum):
    """Indonesia's three zones (WIB UTC+7, WITA UTC+8, WIT UTC+9): the agency's calendar days follow its zone."""
    WIB = "WIB"
    WITA = "WITA"
    WIT = "WIT"


ZONE_DESCRIPTION = ("The agency's time zone: WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura). "
                    "Every \"today\" of every service (TMT checks, schedules, rating years) is the date in this zone.")


class AgencyCreate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"code": "KOTA-TANGSEL",
         "name": "Pemerintah Kota Tangerang Selatan",
         "kind": "PEMDA_KOTA",
         "siasn_instansi_id": "A5EB03E23C5FF6A0E040640A040252AD"}]})
    id: uuid.UUID | None = Field(None, description="Optional: the id to use (e.g. the tenant id of the gateway).")
    code: str = Field(min_length=2, max_length=40, pattern=r"^[A-Za-z0-9_.-]+$", examples=["KOTA-TANGSEL"])
    name: str = Field(min_length=3, max_length=300, examples=["Pemerintah Kota Tangerang Selatan"])
    kind: AgencyKind = Field(examples=["PEMDA_KOTA"])
    siasn_instansi_id: str | None = Field(None, max_length=64, description="instansiId in the national system.")
    siasn_satuan_kerja_id: str | None = Field(None, max_length=64)
    time_zone: TimeZone = Field(TimeZone.WIB, description=ZONE_DESCRIPTION)


class AgencyUpdate(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [{"name": "Pemerintah Kota Tangerang Selatan"}]})
    not_null = ("name", "kind", "time_zone")
    name: str | None = Field(None, min_length=3, max_length=300)
    kind: AgencyKind | None = None
    siasn_instansi_id: str | None = Field(None, max_length=64)
    siasn_satuan_kerja_id: str | None = Field(None, max_length=64)
    time_zone: TimeZone | None = Field(None, description=ZONE_DESCRIPTION)


class AgencyOut(OutModel):
    id: uuid.UUID
    code: str = Field(examples=["KOTA-TANGSEL"])
    name: str = Field(examples=["Pemerintah Kota Tangerang Selatan"])
    kind: str = Field(examples=["PEMDA_KOTA"])
    siasn_instansi_id: str | None
    siasn_satuan_kerja_id: str | None
    time_zone: str = Field(examples=["WIB"], description=ZONE_DESCRIPTION)
    version: int
    created_at: datetime


class BlackoutWindow(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"start": "2029-05-01", "end": "2029-12-31", "reason": "Pilkada 2029"}]})
    start: date = Field(examples=["2029-05-01"])
    end: date = Field(examples=["2029-12-31"])
    reason: str | None = Field(None, max_length=300, examples=["Pilkada 2029: 6 bulan sebelum penetapan calon"])


class PolicyOverrides(Input):
    """MED/LOW facts an agency may change without code (defaults in the rules' PositionsPolicy)."""
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"max_years_in_position": 5, "bup_by_kind": {"PELAKSANA": 58}}]})

    min_years_in_position: int | None = Field(None, ge=0, le=10)
    max_years_in_position: int | None = Field(None, ge=1, le=20)
    performance_years: int | None = Field(None, ge=1, le=5)
    jpm_min_percent: Decimal | None = Field(None, ge=0, le=100)
    jpm_optimal_percent: Decimal | None = Field(None, ge=0, le=100)
    need_rounding: str | None = Field(None, pattern="^(HALF_UP|CEILING|FLOOR)$")
    effective_minutes_per_year: Decimal | None = Field(None, gt=0, le=525_600)
    bup_by_kind: dict[str, int] | None = None
    bup_by_jenjang: dict[str, int] | None = None
    managerial_min_rank: dict[str, str] | None = Field(None, examples=[{"PENGAWAS": "III/b"}])
    kp_min_years_in_rank: int | None = Field(None, ge=1, le=10, description="Regular promotion: years in rank.")
    kp_rating_years: int | None = Field(None, ge=0, le=5, description="Regular promotion: rated years needed.")
    kp_ceiling_by_education: dict[str, str] | None = Field(
        None, examples=[{"S1": "III/d", "S2": "IV/a"}], description="Regular promotion: highest rank by education "
                                                                   "(merged over the defaults).")
    kp_periods: list[str] | None = Field(None, examples=[["04-01", "10-01"]],
                                         description="Regular promotion periods, MM-DD each year.")
    acting_months: int | None = Field(None, ge=1, le=120, description="Plt/Plh: longest first term, months.")
    acting_extension_months: int | None = Field(None, ge=0, le=120, description="Plt/Plh: the one extension, months.")
    acting_expiry_warning_days: int | None = Field(None, ge=0, le=366,
                                                   description="Plt/Plh: days ahead an end is announced.")
    public_placement_reasons: list[Literal["selection_result", "promotion", "rotation", "transfer", "demotion",
                                           "restructuring", "initial"]] | None = Field(
        None, examples=[["selection_result", "promotion"]],
        description="Which definitive appointments into a managerial seat are published on the public registry, "
                    "by start reason (default: selection_result, promotion, rotation, transfer).")


class PolicyIn(Input):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"blackout_windows": [{"start": "2029-05-01", "end": "2029-12-31", "reason": "Pilkada 2029"}],
         "overrides": {"min_years_in_position": 2, "need_rounding": "HALF_UP"}}]})
    blackout_windows: list[BlackoutWindow] = Field(default_factory=list)
    overrides: PolicyOverrides = Field(default_factory=PolicyOverrides)


class PolicyOut(OutModel):
    agency_id: uuid.UUID
    blackout_windows: list[BlackoutWindow]
    overrides: dict[str, Any]
    effective: dict[str, Any] = Field(description="The policy in force: defaults with this agency's overrides.")
    version: int
