"""Pydantic schemas of the national vocabulary: the field map and the import of national ids."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

NIP = Field(pattern=r"^[0-9]{18}$", examples=["198503302010011001"])
NATIONAL_ID = Field(min_length=1, max_length=64, examples=["A8ACA7397AEB3912E040640A040269BB"])


class FieldOut(BaseModel):
    name: str = Field(examples=["golRuangAkhirId"])
    source: str = Field(examples=["employee_ranks (latest PNS golongan ruang).rank_code"],
                        description="Where Merit takes it from; empty when Merit cannot fill it (exported as null).")
    filled: bool
    confidence: str = Field(examples=["HIGH"], description="Of the name and the code mapping: HIGH, or LOW where "
                                                           "a real export should confirm it.")
    note: str = ""


class DatasetOut(BaseModel):
    name: str = Field(examples=["pns"])
    path: str = Field(examples=["/api/v1/national-export/pns"])
    fields: list[FieldOut]
    unfilled: list[str] = Field(examples=[["tmtPelantikan", "jenisPenugasanId"]])


class MappingOut(BaseModel):
    datasets: list[DatasetOut]


class PnsId(BaseModel):
    model_config = ConfigDict(extra="forbid")
    nipBaru: str = NIP  # noqa: N815 (the national system's field names)
    pnsId: str = NATIONAL_ID  # noqa: N815


class UnorId(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=60, examples=["BKPSDM"], description="The unit's code in Merit.")
    unorId: str = NATIONAL_ID  # noqa: N815


class JabatanId(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(min_length=1, max_length=60, examples=["ANALIS-SDM-AHLI-MUDA"], description="The job's code in Merit.")
    jabatanId: str = NATIONAL_ID  # noqa: N815


class NationalIdsIn(BaseModel):
    """National ids to link to existing records: people by NIP, units and jobs by their Merit code."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "pns": [{"nipBaru": "198503302010011001", "pnsId": "A8ACA7397AEB3912E040640A040269BB"}],
        "unor": [{"code": "BKPSDM", "unorId": "8ae483a8641a3b2a01641e5f0d5c1f0b"}],
        "jabatan": [{"code": "ANALIS-SDM-AHLI-MUDA", "jabatanId": "A5EB03E2421AF6A0E040640A040252AD"}]}]})
    pns: list[PnsId] = Field(default_factory=list, max_length=20000)
    unor: list[UnorId] = Field(default_factory=list, max_length=5000)
    jabatan: list[JabatanId] = Field(default_factory=list, max_length=5000)


class LinkedOut(BaseModel):
    pns: int = Field(examples=[1])
    unor: int = Field(examples=[1])
    jabatan: int = Field(examples=[1])
