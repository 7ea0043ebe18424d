"""A selection's stored settings turned back into rule objects (what was announced is what is applied)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from merit_recruitment.rules import (
    DEFAULT_COMMITTEE_POLICY,
    DEFAULT_PROCESS_POLICY,
    DEFAULT_PROPOSAL_POLICY,
    DEFAULT_PUBLICATION_POLICY,
    DEFAULT_SCORING_POLICY,
    CommitteePolicy,
    ProcessPolicy,
    ProposalPolicy,
    PublicationPolicy,
    Requirements,
    Schedule,
    ScoringPolicy,
    SelectionState,
    SelectionStatus,
    StageConfig,
)
from merit_recruitment.selections.errors import INVALID_POLICY
from merit_recruitment.selections.models import Selection
from merit_recruitment.selections.schemas import PoliciesIn
from merit_shared import clock
from merit_shared.errors import DomainError

POLICY_TYPES: dict[str, Any] = {
    "process": (ProcessPolicy, DEFAULT_PROCESS_POLICY),
    "committee": (CommitteePolicy, DEFAULT_COMMITTEE_POLICY),
    "scoring": (ScoringPolicy, DEFAULT_SCORING_POLICY),
    "publication": (PublicationPolicy, DEFAULT_PUBLICATION_POLICY),
    "proposal": (ProposalPolicy, DEFAULT_PROPOSAL_POLICY),
}

DEFAULT_DOCUMENTS = [
    {"code": "SURAT_LAMARAN", "name": "Surat lamaran", "required": True},
    {"code": "CV", "name": "Daftar riwayat hidup", "required": True},
    {"code": "SK_PANGKAT", "name": "SK pangkat terakhir", "required": True},
    {"code": "SK_JABATAN", "name": "SK jabatan terakhir", "required": True},
    {"code": "IJAZAH", "name": "Ijazah dan transkrip", "required": True},
    {"code": "PENILAIAN_KINERJA", "name": "Penilaian kinerja 2 tahun terakhir", "required": True},
    {"code": "BEBAS_HUKDIS", "name": "Surat keterangan tidak sedang/pernah dijatuhi hukuman disiplin", "required": True},
    {"code": "SEHAT", "name": "Surat keterangan sehat", "required": True},
    {"code": "PAKTA_INTEGRITAS", "name": "Pakta integritas", "required": True},
]


def with_prefix(exc: DomainError, prefix: str) -> DomainError:
    """Point a rule's field (``stages[0].weight``) at the request (``body.stages.0.weight``, the same path a
    validation error names)."""
    field = re.sub(r"\[(\d+)\]", r".\1", exc.field) if exc.field else None
    exc.field = f"{prefix}.{field}" if field else prefix
    return exc


def build_policies(overrides: PoliciesIn | None, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The stored policies: defaults (or ``base``) with the typed overrides applied, checked by the rules."""
    changes = overrides.model_dump(exclude_unset=True, mode="json") if overrides is not None else {}
    out: dict[str, Any] = {}
    for name, (cls, default) in POLICY_TYPES.items():
        data = dict((base or {}).get(name) or default.to_dict())
        data.update(changes.get(name) or {})
        try:
            out[name] = cls.from_dict(data).to_dict()
        except DomainError as exc:
            sub = (exc.field or "").removeprefix("policy.")
            exc.field = f"body.policies.{name}" + (f".{sub}" if sub else "")
            raise
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise INVALID_POLICY.error(field=f"body.policies.{name}", exc=exc, name=name) from None
    return out


def process_policy(sel: Selection) -> ProcessPolicy:
    return ProcessPolicy.from_dict(sel.policies["process"])


def committee_policy(sel: Selection) -> CommitteePolicy:
    return CommitteePolicy.from_dict(sel.policies["committee"])


def scoring_policy(sel: Selection) -> ScoringPolicy:
    return ScoringPolicy.from_dict(sel.policies["scoring"])


def publication_policy(sel: Selection) -> PublicationPolicy:
    return PublicationPolicy.from_dict(sel.policies["publication"])


def proposal_policy(sel: Selection) -> ProposalPolicy:
    return ProposalPolicy.from_dict(sel.policies["proposal"])


def stages(sel: Selection) -> tuple[StageConfig, ...]:
    return tuple(StageConfig.from_dict(s) for s in sel.stages)


def requirements(sel: Selection) -> Requirements:
    return Requirements.from_dict(sel.requirements)


def schedule(sel: Selection) -> Schedule | None:
    return Schedule.from_dict(sel.schedule) if sel.schedule else None


def state(sel: Selection) -> SelectionState:
    return SelectionState(SelectionStatus(sel.status), len(sel.stages), sel.current_stage, sel.registration_extensions)


def performance_reference_date(sel: Selection) -> date:
    """Date performance years and the discipline window are counted from: the end of registration (ratings
    as they stand when applicants register; the rules take the completed years before its year), else the
    announcement date, else today."""
    sch = schedule(sel)
    if sch:
        return sch.registration_end
    if sel.announced_at:
        return clock.local_date(sel.announced_at, sel.agency_id)
    return clock.today(sel.agency_id)


def reference_date(sel: Selection) -> date:
    """Date the maximum age is measured on: the planned inauguration, else the last scheduled date."""
    if sel.planned_inauguration_date:
        return sel.planned_inauguration_date
    sch = schedule(sel)
    if sch:
        return max([sch.registration_end, *sch.stage_dates])
    return clock.today(sel.agency_id)


def current_stage(sel: Selection) -> StageConfig | None:
    if sel.status != "ASSESSMENT" or sel.current_stage is None:
        return None
    return stages(sel)[sel.current_stage]
