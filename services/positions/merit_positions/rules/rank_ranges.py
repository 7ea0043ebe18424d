"""Rank requirements that consult the policy: jenjang golongan ranges and the minimum rank of a job.

The HIGH facts (ranks, jenjang, job kinds, the *keahlian* ranges) are in :mod:`.ranks`; the MED/LOW ones (the
*keterampilan* ranges, the legacy eselon minimum ranks) in :class:`~.policy.PositionsPolicy`, which is built from the
ranks' enums. This module sits above both, so ranks.py never imports the policy (no import cycle; the import-linter
contract in pyproject.toml keeps the rules package acyclic).
"""

from __future__ import annotations

from merit_positions.rules.errors import JENJANG_REQUIRES_PNS_RANK, RANK_OUTSIDE_JENJANG_RANGE

from .policy import DEFAULT_POLICY, PositionsPolicy
from .ranks import (
    KEAHLIAN_RANK_RANGES,
    MANAGERIAL_KINDS,
    Jenjang,
    JobKind,
    PppkGolongan,
    Rank,
    parse_jenjang,
    parse_job_kind,
    parse_rank,
)


def _resolve(policy: PositionsPolicy | None) -> PositionsPolicy:
    return DEFAULT_POLICY if policy is None else policy


def jenjang_rank_range(jenjang: Jenjang | str, policy: PositionsPolicy | None = None) -> tuple[Rank, Rank]:
    """Inclusive golongan range for a jenjang: HIGH table for keahlian, policy for keterampilan."""
    j = parse_jenjang(jenjang)
    if j in KEAHLIAN_RANK_RANGES:
        return KEAHLIAN_RANK_RANGES[j]
    return _resolve(policy).keterampilan_rank_ranges[j]


def validate_jenjang_rank(jenjang: Jenjang | str, rank: Rank | str | int,
                          policy: PositionsPolicy | None = None) -> None:
    """Raise ``Invalid`` unless the PNS rank lies inside the jenjang's golongan range."""
    j = parse_jenjang(jenjang)
    if isinstance(rank, PppkGolongan):
        raise JENJANG_REQUIRES_PNS_RANK.error(field="rank", label=j.label, rank=rank)
    r = parse_rank(rank)
    low, high = jenjang_rank_range(j, policy)
    if not low <= r <= high:
        raise RANK_OUTSIDE_JENJANG_RANGE.error(
            field="rank",
            label=r.label,
            label_2=j.label,
            label_3=low.label,
            label_4=high.label,
            extra={"minimum": low.label, "maximum": high.label},
        )


def default_min_rank(kind: JobKind | str, policy: PositionsPolicy | None = None) -> Rank | None:
    """Policy default minimum rank for a managerial kind (legacy eselon table, LOW); None otherwise."""
    k = parse_job_kind(kind)
    if k not in MANAGERIAL_KINDS:
        return None
    return _resolve(policy).managerial_min_rank[k]


def minimum_rank_for_job(kind: JobKind | str, min_rank: Rank | None = None, jenjang: Jenjang | str | None = None,
                         policy: PositionsPolicy | None = None) -> Rank | None:
    """Minimum rank for a job: its own field first, else the managerial default, else the jenjang floor."""
    if min_rank is not None:
        return min_rank
    k = parse_job_kind(kind)
    if k in MANAGERIAL_KINDS:
        return default_min_rank(k, policy)
    if k is JobKind.FUNGSIONAL and jenjang is not None:
        return jenjang_rank_range(jenjang, policy)[0]
    return None
