"""How the potential axis is fed when an input is not supplied: agency policy data (LOW confidence, documented),
kept next to ``TalentPolicy`` in the evaluation policy and stored with every talent cycle and placement.

Defaults (the choices the first version made, now data an agency can change without code):
* TRACK_RECORD by the worst penalty within the discipline lookback window: none 100, LIGHT 70, MODERATE 40,
  HEAVY 40;
* OTHER: ``MEAN`` of the other components (neutral: neither lifts nor lowers) or ``FIXED`` to ``other_value``;
* JPM above ``jpm_cap`` (100) counts as the cap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from merit_evaluation.rules._common import to_decimal
from merit_evaluation.talent.errors import (
    INVALID_TALENT_INPUTS_POLICY,
    INVALID_TALENT_INPUTS_POLICY_JPM_CAP_MUST_ABOVE,
    INVALID_TALENT_INPUTS_POLICY_MUST_BETWEEN_AND_100,
    INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_FIXED_NEEDS,
    INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_MUST_MEAN,
    INVALID_TALENT_INPUTS_POLICY_TRACK_RECORD_WORST_PENALTY,
    INVALID_TALENT_INPUTS_POLICY_UNKNOWN_KEY_USE,
)
from merit_shared.vocab import DisciplineLevel

NO_PENALTY = "NONE"
PENALTY_KEYS = (NO_PENALTY, *(d.value for d in DisciplineLevel))
CODE = "invalid_talent_inputs_policy"

_DEFAULT_TRACK_RECORD = {NO_PENALTY: Decimal(100), DisciplineLevel.LIGHT.value: Decimal(70),
                         DisciplineLevel.MODERATE.value: Decimal(40), DisciplineLevel.HEAVY.value: Decimal(40)}


def _score(value: Any, fld: str) -> Decimal:
    v = to_decimal(value, fld, CODE)
    if not Decimal(0) <= v <= Decimal(100):
        raise INVALID_TALENT_INPUTS_POLICY_MUST_BETWEEN_AND_100.error(field=fld, fld=fld)
    return v


@dataclass(frozen=True)
class PotentialInputsPolicy:
    track_record_by_worst_penalty: Mapping[str, Decimal] = field(default_factory=lambda: dict(_DEFAULT_TRACK_RECORD))
    other_method: Literal["MEAN", "FIXED"] = "MEAN"
    other_value: Decimal | None = None
    jpm_cap: Decimal = Decimal(100)

    def track_record(self, worst: DisciplineLevel | None) -> Decimal:
        return self.track_record_by_worst_penalty[worst.value if worst else NO_PENALTY]

    def other(self, components: Mapping[str, Decimal]) -> Decimal:
        if self.other_method == "FIXED":
            assert self.other_value is not None
            return self.other_value
        return sum(components.values(), Decimal(0)) / len(components)

    def to_dict(self) -> dict[str, Any]:
        return {"track_record_by_worst_penalty": {k: str(v) for k, v in self.track_record_by_worst_penalty.items()},
                "other_method": self.other_method,
                "other_value": None if self.other_value is None else str(self.other_value),
                "jpm_cap": str(self.jpm_cap)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> PotentialInputsPolicy:
        data = data or {}
        d = cls()
        unknown = sorted(set(data) - set(d.to_dict()))
        if unknown:
            raise INVALID_TALENT_INPUTS_POLICY.error(field=unknown[0], join_unknown=', '.join(unknown))
        track = dict(d.track_record_by_worst_penalty)
        given = data.get("track_record_by_worst_penalty")
        if given is not None:
            if not isinstance(given, Mapping):
                raise INVALID_TALENT_INPUTS_POLICY_TRACK_RECORD_WORST_PENALTY.error(field="track_record_by_worst_penalty")
            for k, v in given.items():
                key = str(k).strip().upper()
                if key not in PENALTY_KEYS:
                    raise INVALID_TALENT_INPUTS_POLICY_UNKNOWN_KEY_USE.error(
                        field="track_record_by_worst_penalty",
                        join_penalty_keys=', '.join(PENALTY_KEYS),
                        k=k,
                    )
                track[key] = _score(v, f"track_record_by_worst_penalty.{key}")
        method = str(data.get("other_method") or d.other_method).strip().upper()
        if method not in ("MEAN", "FIXED"):
            raise INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_MUST_MEAN.error(field="other_method")
        value = data.get("other_value")
        other_value = None if value is None else _score(value, "other_value")
        if method == "FIXED" and other_value is None:
            raise INVALID_TALENT_INPUTS_POLICY_OTHER_METHOD_FIXED_NEEDS.error(field="other_value")
        cap = d.jpm_cap if data.get("jpm_cap") is None else to_decimal(data["jpm_cap"], "jpm_cap", CODE)
        if cap <= 0:
            raise INVALID_TALENT_INPUTS_POLICY_JPM_CAP_MUST_ABOVE.error(field="jpm_cap")
        return cls(track, method, other_value, cap)  # type: ignore[arg-type]


DEFAULT_POTENTIAL_INPUTS = PotentialInputsPolicy()
