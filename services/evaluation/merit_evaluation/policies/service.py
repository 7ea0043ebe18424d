"""Agency evaluation policy: every MED/LOW number in one place an agency can change without code.

Absent row = the defaults of the rule modules. Stored as the rules' own ``to_dict`` documents, validated by
their ``from_dict`` (which raise ``Invalid`` naming the field).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from merit_evaluation.common.models import EvaluationPolicy, audit_log
from merit_evaluation.policies.errors import INVALID_CURVE_ENFORCEMENT
from merit_evaluation.rules import (
    DEFAULT_ANGKA_KREDIT_POLICY,
    DEFAULT_CURVE_POLICY,
    DEFAULT_DEVELOPMENT_POLICY,
    DEFAULT_FOLLOWUP_POLICY,
    DEFAULT_JPM_POLICY,
    DEFAULT_PERIOD_POLICY,
    DEFAULT_TALENT_POLICY,
    AngkaKreditPolicy,
    CurvePolicy,
    DevelopmentPolicy,
    FollowupPolicy,
    JpmPolicy,
    OrgPredikat,
    PeriodPolicy,
    Rating,
    TalentPolicy,
)
from merit_evaluation.rules._common import parse_enum
from merit_evaluation.talent.inputs import DEFAULT_POTENTIAL_INPUTS, PotentialInputsPolicy
from merit_shared import audit
from merit_shared.api import check_if_match, etag_for
from merit_shared.auth import Principal
from merit_shared.errors import Invalid

#: Head of a unit: the unit's organisation predikat becomes their rating of hasil kerja (PermenPANRB 6/2022, MED).
DEFAULT_HEAD_RATING: dict[OrgPredikat, Rating] = {
    OrgPredikat.ISTIMEWA: Rating.DI_ATAS_EKSPEKTASI,
    OrgPredikat.BAIK: Rating.SESUAI_EKSPEKTASI,
    OrgPredikat.BUTUH_PERBAIKAN: Rating.DI_BAWAH_EKSPEKTASI,
    OrgPredikat.KURANG: Rating.DI_BAWAH_EKSPEKTASI,
    OrgPredikat.SANGAT_KURANG: Rating.DI_BAWAH_EKSPEKTASI,
}


@dataclass(frozen=True)
class Policy:
    curve: CurvePolicy = DEFAULT_CURVE_POLICY
    curve_enforcement: Literal["block", "warn"] = "block"
    period: PeriodPolicy = DEFAULT_PERIOD_POLICY
    jpm: JpmPolicy = DEFAULT_JPM_POLICY
    talent: TalentPolicy = DEFAULT_TALENT_POLICY
    angka_kredit: AngkaKreditPolicy = DEFAULT_ANGKA_KREDIT_POLICY
    head_rating: dict[OrgPredikat, Rating] = field(default_factory=lambda: dict(DEFAULT_HEAD_RATING))
    talent_inputs: PotentialInputsPolicy = DEFAULT_POTENTIAL_INPUTS
    development: DevelopmentPolicy = DEFAULT_DEVELOPMENT_POLICY
    followups: FollowupPolicy = DEFAULT_FOLLOWUP_POLICY
    version: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"curve": self.curve.to_dict(), "curve_enforcement": self.curve_enforcement,
                "period": self.period.to_dict(), "jpm": self.jpm.to_dict(), "talent": self.talent.to_dict(),
                "angka_kredit": self.angka_kredit.to_dict(),
                "head_rating": {k.value: v.value for k, v in self.head_rating.items()},
                "talent_inputs": self.talent_inputs.to_dict(), "development": self.development.to_dict(),
                "followups": self.followups.to_dict()}


def parse_head_rating(data: dict[str, Any]) -> dict[OrgPredikat, Rating]:
    out = dict(DEFAULT_HEAD_RATING)
    for k, v in data.items():
        out[parse_enum(OrgPredikat, k, "head_rating", "invalid_head_rating")] = \
            parse_enum(Rating, v, f"head_rating.{k}", "invalid_head_rating")
    return out


def _known_keys(section: str, data: Any, known: Any) -> None:
    """A typo in a policy key would otherwise be ignored silently (and the default kept): refuse it."""
    if data is None:
        return
    if not isinstance(data, dict):
        raise Invalid(f"invalid_{section}_policy", f"{section} harus objek JSON.", f"{section} must be a JSON object.",
                      field=f"body.{section}")
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise Invalid(f"invalid_{section}_policy", f"Kunci tidak dikenal di {section}: {', '.join(unknown)}; kunci "
                      f"yang berlaku: {', '.join(sorted(known))}.", f"Unknown keys in {section}: {', '.join(unknown)}; "
                      f"valid keys: {', '.join(sorted(known))}.", field=f"body.{section}.{unknown[0]}")


def _wrap(section: str, fn: Any, data: Any) -> Any:
    try:
        return fn(data or {})
    except Invalid as exc:
        exc.field = f"body.{section}" + (f".{exc.field}" if exc.field else "")
        raise
    except (TypeError, ValueError, KeyError, AttributeError) as exc:
        raise Invalid(f"invalid_{section}_policy", f"Dokumen kebijakan {section} tidak valid: {exc}.",
                      f"The {section} policy document is invalid: {exc}. Fix it and send it again.",
                      field=f"body.{section}") from None


def build_policy(data: dict[str, Any], version: int = 0) -> Policy:
    enforcement = data.get("curve_enforcement", "block")
    if enforcement not in ("block", "warn"):
        raise INVALID_CURVE_ENFORCEMENT.error(field="body.curve_enforcement")
    for section, default in (("curve", DEFAULT_CURVE_POLICY), ("period", DEFAULT_PERIOD_POLICY),
                             ("jpm", DEFAULT_JPM_POLICY), ("talent", DEFAULT_TALENT_POLICY),
                             ("angka_kredit", DEFAULT_ANGKA_KREDIT_POLICY),
                             ("development", DEFAULT_DEVELOPMENT_POLICY)):
        _known_keys(section, data.get(section), default.to_dict())
    return Policy(
        curve=_wrap("curve", CurvePolicy.from_dict, data.get("curve")),
        curve_enforcement=enforcement,
        period=_wrap("period", PeriodPolicy.from_dict, data.get("period")),
        jpm=_wrap("jpm", JpmPolicy.from_dict, data.get("jpm")),
        talent=_wrap("talent", TalentPolicy.from_dict, data.get("talent")),
        angka_kredit=_wrap("angka_kredit", AngkaKreditPolicy.from_dict, data.get("angka_kredit")),
        head_rating=_wrap("head_rating", parse_head_rating, data.get("head_rating")),
        talent_inputs=_wrap("talent_inputs", PotentialInputsPolicy.from_dict, data.get("talent_inputs")),
        development=_wrap("development", DevelopmentPolicy.from_dict, data.get("development")),
        followups=_wrap("followups", FollowupPolicy.from_dict, data.get("followups")),
        version=version,
    )


async def get_policy(session: AsyncSession, agency_id: uuid.UUID | str) -> Policy:
    row = await session.get(EvaluationPolicy, uuid.UUID(str(agency_id)))
    if row is None:
        return Policy()
    return build_policy({"curve": row.curve, "curve_enforcement": row.curve_enforcement, "period": row.period,
                         "jpm": row.jpm, "talent": row.talent, "angka_kredit": row.angka_kredit,
                         "head_rating": row.head_rating, "talent_inputs": row.talent_inputs,
                         "development": row.development, "followups": row.followups}, row.version)


async def put_policy(session: AsyncSession, principal: Principal, agency_id: uuid.UUID,
                     data: dict[str, Any], if_match: str | None = None) -> Policy:
    """Replace the policy under a row lock, comparing If-Match with the version read UNDER that lock, so of
    concurrent writers holding the same ETag exactly one wins and the others get 412."""
    new = build_policy(data)
    # The defaults as a version-0 row (absent and default are the same policy), so the first save of an agency
    # has a row to lock too: concurrent first saves then queue on it instead of racing the primary key.
    await session.execute(pg_insert(EvaluationPolicy).values(
        agency_id=agency_id, updated_by=principal.subject, version=0, **Policy().to_dict()
    ).on_conflict_do_nothing(index_elements=["agency_id"]))
    row = (await session.execute(select(EvaluationPolicy).where(EvaluationPolicy.agency_id == agency_id)
                                 .with_for_update().execution_options(populate_existing=True))).scalar_one()
    check_if_match(if_match, etag_for(agency_id, row.version))
    before = (await get_policy(session, agency_id)).to_dict() if row.version else None
    doc = new.to_dict()
    for k, v in doc.items():
        setattr(row, k, v)
    row.version += 1
    row.updated_by = principal.subject
    await session.flush()
    await audit.record(session, audit_log, principal, action="policy.put", entity="evaluation_policy",
                       entity_id=agency_id, agency_id=agency_id, before=before, after=doc)
    return build_policy(doc, row.version)
