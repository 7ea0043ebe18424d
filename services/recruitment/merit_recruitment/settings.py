"""Recruitment-only settings (environment variables prefixed RECRUITMENT_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RecruitmentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECRUITMENT_", extra="ignore")

    public_rate_per_minute: int = Field(600, description="Public portal requests per client IP per minute; 0 = off.")
    public_burst: int = Field(120, description="Requests a client may send at once before the rate applies.")
    public_list_ttl_seconds: float = Field(2.0, description="How long a rendered public list/page is reused.")
    public_max_age_seconds: int = Field(10, description="Cache-Control max-age of public lists and pages.")
    document_max_bytes: int = Field(5 * 1024 * 1024, ge=1, description="Largest applicant document accepted (413).")
    document_media_types: str = Field("application/pdf,image/jpeg,image/png",
                                      description="Comma-separated media types accepted for documents (else 415).")
