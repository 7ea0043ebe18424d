"""Selection committee (panitia seleksi) composition and conflict-of-interest blocking (PermenPANRB 15/2019, MED).

Every listed person (chair, secretary, members) counts toward the size and the internal share.
The internal share rule is exact: ``internal / size <= max_internal_share`` compared as fractions, so with
45%: 5 members -> 2 internal allowed (40%), 3 not (60%); 9 -> 4 (44.4%); 20 -> 9 (45% exactly), 10 not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from typing import Any

from merit_recruitment.rules.errors import CONFLICT_OF_INTEREST, INVALID_POLICY_MAX_INTERNAL_SHARE_MUST
from merit_shared.errors import Invalid

from .vocab import to_decimal


class CommitteeRole(str, Enum):
    CHAIR = "CHAIR"
    SECRETARY = "SECRETARY"
    MEMBER = "MEMBER"


@dataclass(frozen=True)
class CommitteeMember:
    member_id: str
    role: CommitteeRole
    internal: bool
    name: str = ""


@dataclass(frozen=True)
class CommitteePolicy:
    """Committee composition policy (MED/LOW; stored per selection).

    * ``max_internal_share``: internal members at most 45% (MED, PermenPANRB 15/2019).
    * ``min_size``: at least 5 people (LOW: common practice; the regulation text was not confirmed).
    * ``max_size``: no upper bound by default.
    * ``require_odd_size``: odd committee size so a vote cannot tie (LOW: common practice, "berjumlah ganjil").
    * ``max_secretaries``: at most one secretary.
    """

    max_internal_share: Decimal = Decimal("0.45")
    min_size: int = 5
    max_size: int | None = None
    require_odd_size: bool = True
    max_secretaries: int = 1

    def __post_init__(self) -> None:
        share = to_decimal(self.max_internal_share, "policy.max_internal_share")
        if not 0 <= share <= 1:
            raise INVALID_POLICY_MAX_INTERNAL_SHARE_MUST.error(field="policy.max_internal_share")
        object.__setattr__(self, "max_internal_share", share)

    def to_dict(self) -> dict[str, Any]:
        return {"max_internal_share": str(self.max_internal_share), "min_size": self.min_size,
                "max_size": self.max_size, "require_odd_size": self.require_odd_size,
                "max_secretaries": self.max_secretaries}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CommitteePolicy:
        kw = dict(data)
        if "max_internal_share" in kw:
            kw["max_internal_share"] = Decimal(str(kw["max_internal_share"]))
        return cls(**kw)


DEFAULT_COMMITTEE_POLICY = CommitteePolicy()


class CommitteeRule(str, Enum):
    UNIQUE_MEMBERS = "UNIQUE_MEMBERS"
    MIN_SIZE = "MIN_SIZE"
    MAX_SIZE = "MAX_SIZE"
    ODD_SIZE = "ODD_SIZE"
    INTERNAL_SHARE = "INTERNAL_SHARE"
    ONE_CHAIR = "ONE_CHAIR"
    MAX_SECRETARIES = "MAX_SECRETARIES"


@dataclass(frozen=True)
class CommitteeFailure:
    rule: CommitteeRule
    value: Any
    required: Any
    message_id: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule.value, "value": self.value, "required": self.required,
                "message_id": self.message_id, "message_en": self.message_en}


@dataclass(frozen=True)
class CommitteeReport:
    size: int
    internal_count: int
    failures: tuple[CommitteeFailure, ...]

    @property
    def valid(self) -> bool:
        return not self.failures

    def failed(self, rule: CommitteeRule) -> bool:
        return any(f.rule is rule for f in self.failures)

    def to_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "size": self.size, "internal_count": self.internal_count,
                "failures": [f.to_dict() for f in self.failures]}


def internal_share_ok(internal: int, size: int, max_share: Decimal) -> bool:
    """Exact ``internal / size <= max_share`` (no float rounding)."""
    return size > 0 and Fraction(internal, size) <= Fraction(max_share)


def validate_committee(members: Sequence[CommitteeMember],
                       policy: CommitteePolicy = DEFAULT_COMMITTEE_POLICY) -> CommitteeReport:
    """Check every composition rule and report each one that fails (never stops at the first)."""
    fails: list[CommitteeFailure] = []
    n = len(members)
    ids = [m.member_id for m in members]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        fails.append(CommitteeFailure(CommitteeRule.UNIQUE_MEMBERS, dupes, "unique",
                                      f"Anggota tercantum lebih dari sekali: {', '.join(dupes)}; hapus duplikatnya.",
                                      f"Members listed more than once: {', '.join(dupes)}; remove the duplicates."))
    if n < policy.min_size:
        fails.append(CommitteeFailure(CommitteeRule.MIN_SIZE, n, policy.min_size,
                                      f"Panitia seleksi beranggotakan {n} orang; minimal {policy.min_size} orang.",
                                      f"The committee has {n} people; at least {policy.min_size} are required."))
    if policy.max_size is not None and n > policy.max_size:
        fails.append(CommitteeFailure(CommitteeRule.MAX_SIZE, n, policy.max_size,
                                      f"Panitia seleksi beranggotakan {n} orang; maksimal {policy.max_size} orang.",
                                      f"The committee has {n} people; at most {policy.max_size} are allowed."))
    if policy.require_odd_size and n % 2 == 0:
        fails.append(CommitteeFailure(CommitteeRule.ODD_SIZE, n, "odd",
                                      f"Jumlah anggota panitia ({n}) harus ganjil; tambah atau kurangi satu orang.",
                                      f"The committee size ({n}) must be odd; add or remove one person."))
    internal = sum(1 for m in members if m.internal)
    if n and not internal_share_ok(internal, n, policy.max_internal_share):
        pct = policy.max_internal_share * 100
        allowed = int(Fraction(policy.max_internal_share) * n)  # floor
        fails.append(CommitteeFailure(
            CommitteeRule.INTERNAL_SHARE, {"internal": internal, "size": n}, str(policy.max_internal_share),
            f"Anggota internal {internal} dari {n} orang melebihi {pct.normalize():f}%; maksimal {allowed} "
            f"orang internal, ganti sebagian dengan anggota eksternal.",
            f"{internal} of {n} members are internal, above {pct.normalize():f}%; at most {allowed} may be "
            f"internal, replace some with external members."))
    chairs = sum(1 for m in members if CommitteeRole(m.role) is CommitteeRole.CHAIR)
    if chairs != 1:
        fails.append(CommitteeFailure(CommitteeRule.ONE_CHAIR, chairs, 1,
                                      f"Panitia harus memiliki tepat satu ketua (saat ini {chairs}).",
                                      f"The committee must have exactly one chair (currently {chairs})."))
    secs = sum(1 for m in members if CommitteeRole(m.role) is CommitteeRole.SECRETARY)
    if secs > policy.max_secretaries:
        fails.append(CommitteeFailure(CommitteeRule.MAX_SECRETARIES, secs, policy.max_secretaries,
                                      f"Panitia memiliki {secs} sekretaris; maksimal {policy.max_secretaries}.",
                                      f"The committee has {secs} secretaries; at most {policy.max_secretaries}."))
    return CommitteeReport(n, internal, tuple(fails))


def ensure_valid_committee(members: Sequence[CommitteeMember],
                           policy: CommitteePolicy = DEFAULT_COMMITTEE_POLICY) -> CommitteeReport:
    """Like :func:`validate_committee` but raise ``Invalid`` (field ``members``) listing all failures."""
    report = validate_committee(members, policy)
    if report.failures:
        raise Invalid("invalid_committee",
                      "Susunan panitia seleksi tidak memenuhi syarat: "
                      + " ".join(f.message_id for f in report.failures),
                      "The committee composition is not valid: " + " ".join(f.message_en for f in report.failures),
                      field="members", failures=[f.to_dict() for f in report.failures])
    return report


# --- conflict of interest -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConflictOfInterest:
    """A declared or detected conflict between a committee member and an applicant."""

    member_id: str
    applicant_id: str
    reason: str = ""


def find_conflict(member_id: str, applicant_id: str,
                  conflicts: Iterable[ConflictOfInterest]) -> ConflictOfInterest | None:
    return next((c for c in conflicts if c.member_id == member_id and c.applicant_id == applicant_id), None)


def can_score(member_id: str, applicant_id: str, conflicts: Iterable[ConflictOfInterest]) -> bool:
    """False when the member has a conflict of interest with the applicant."""
    return find_conflict(member_id, applicant_id, conflicts) is None


def ensure_can_score(member_id: str, applicant_id: str, conflicts: Iterable[ConflictOfInterest]) -> None:
    """Raise ``Conflict`` (code ``conflict_of_interest``) when the member may not score the applicant."""
    c = find_conflict(member_id, applicant_id, conflicts)
    if c is not None:
        why = f" ({c.reason})" if c.reason else ""
        raise CONFLICT_OF_INTEREST.error(
            applicant_id=applicant_id,
            member_id=member_id,
            why=why,
            extra={"member_id": member_id, "applicant_id": applicant_id, "reason": c.reason},
        )
