"""Recruitment-only settings (environment variables prefixed RECRUITMENT_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RecruitmentSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RECRUITMENT_", extra="ignore")

    document_max_bytes: int = Field(5 * 1024 * 1024, ge=1, description="Largest applicant document accepted (413).")
    document_media_types: str = Field("application/pdf,image/jpeg,image/png",
                                      description="Comma-separated media types accepted for documents (else 415).")
