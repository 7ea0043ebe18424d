"""Proposal to the PPK and the PPK's choice ("top-3 rule", PermenPANRB 15/2019).

The committee proposes the best ``proposal_size`` (3) ranked applications, fewer when fewer are ranked;
the PPK appoints exactly one of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from merit_recruitment.rules.errors import (
    CHOICE_NOT_PROPOSED,
    INVALID_POLICY_PROPOSAL_SIZE_MUST_LEAST,
    INVALID_PROPOSAL,
    NO_PROPOSAL,
    NOTHING_TO_PROPOSE,
)

from .scoring import Ranking


@dataclass(frozen=True)
class ProposalPolicy:
    """Number of names proposed to the PPK (3 per PP 11/2017 practice; PermenPANRB 15/2019 marks the process MED)."""

    proposal_size: int = 3

    def __post_init__(self) -> None:
        if self.proposal_size < 1:
            raise INVALID_POLICY_PROPOSAL_SIZE_MUST_LEAST.error(field="policy.proposal_size")

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
        raise NOTHING_TO_PROPOSE.error()
    return ids[: policy.proposal_size]


def validate_choice(chosen_application_id: str, proposed_ids: Sequence[str],
                    policy: ProposalPolicy = DEFAULT_PROPOSAL_POLICY) -> None:
    """Check the PPK's choice against the proposal.

    Raises ``Conflict`` when the proposal itself is empty, too long or has duplicates (state problem), and
    ``Invalid`` (field ``chosen_application_id``) when the choice is not one of the proposed names.
    """
    proposed = list(proposed_ids)
    if not proposed:
        raise NO_PROPOSAL.error()
    if len(proposed) > policy.proposal_size or len(set(proposed)) != len(proposed):
        raise INVALID_PROPOSAL.error(len_proposed=len(proposed), proposal_size=policy.proposal_size, extra={"proposed_ids": proposed})
    if chosen_application_id not in proposed:
        listed = ", ".join(proposed)
        raise CHOICE_NOT_PROPOSED.error(
            field="chosen_application_id",
            chosen_application_id=chosen_application_id,
            len_proposed=len(proposed),
            listed=listed,
            extra={"proposed_ids": proposed},
        )
