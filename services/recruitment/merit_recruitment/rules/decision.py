"""Proposal to the PPK and the PPK's choice ("top-3 rule", PermenPANRB 15/2019).

The committee proposes the best ``proposal_size`` (3) ranked applications, fewer when fewer are ranked;
the PPK appoints exactly one of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from merit_shared.errors import Conflict, Invalid

from .scoring import Ranking


@dataclass(frozen=True)
class ProposalPolicy:
    """Number of names proposed to the PPK (3 per PP 11/2017 practice; PermenPANRB 15/2019 marks the process MED)."""

    proposal_size: int = 3

    def __post_init__(self) -> None:
        if self.proposal_size < 1:
            raise Invalid("invalid_policy", "proposal_size minimal 1.", "proposal_size must be at least 1.",
                          field="policy.proposal_size")

    def to_dict(self) -> dict[str, Any]:
        return {"proposal_size": self.proposal_size}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ProposalPolicy:
        return cls(**dict(data))


DEFAULT_PROPOSAL_POLICY = ProposalPolicy()


def propose(ranking: Ranking | Sequence[str],
            policy: ProposalPolicy = DEFAULT_PROPOSAL_POLICY) -> tuple[str, ...]:
    """Application ids of the top ``proposal_size`` of the ranking, best first (fewer if fewer are ranked).

    Raises ``Conflict`` (``nothing_to_propose``) when nobody is ranked.
    """
    ids = ranking.ranked_ids if isinstance(ranking, Ranking) else tuple(ranking)
    if not ids:
        raise Conflict("nothing_to_propose",
                       "Tidak ada pelamar yang masuk peringkat; usulan ke PPK tidak dapat dibuat. Selesaikan penilaian "
                       "atau batalkan seleksi.",
                       "No applicant is ranked, so no proposal can be made to the PPK. Complete the assessment or "
                       "cancel the selection.")
    return ids[: policy.proposal_size]


def validate_choice(chosen_application_id: str, proposed_ids: Sequence[str],
                    policy: ProposalPolicy = DEFAULT_PROPOSAL_POLICY) -> None:
    """Check the PPK's choice against the proposal.

    Raises ``Conflict`` when the proposal itself is empty, too long or has duplicates (state problem), and
    ``Invalid`` (field ``chosen_application_id``) when the choice is not one of the proposed names.
    """
    proposed = list(proposed_ids)
    if not proposed:
        raise Conflict("no_proposal", "Belum ada usulan nama kepada PPK; buat usulan terlebih dahulu.",
                       "No names have been proposed to the PPK yet; make the proposal first.")
    if len(proposed) > policy.proposal_size or len(set(proposed)) != len(proposed):
        raise Conflict("invalid_proposal",
                       f"Usulan harus berisi paling banyak {policy.proposal_size} nama yang berbeda; "
                       f"saat ini {len(proposed)}.",
                       f"The proposal must hold at most {policy.proposal_size} distinct names; "
                       f"it holds {len(proposed)}.",
                       proposed_ids=proposed)
    if chosen_application_id not in proposed:
        listed = ", ".join(proposed)
        raise Invalid("choice_not_proposed",
                      f"Lamaran {chosen_application_id} tidak termasuk {len(proposed)} nama yang diusulkan panitia "
                      f"({listed}); PPK hanya dapat memilih salah satu dari nama tersebut.",
                      f"Application {chosen_application_id} is not among the {len(proposed)} proposed names "
                      f"({listed}); the PPK may only choose one of them.",
                      field="chosen_application_id", proposed_ids=proposed)
