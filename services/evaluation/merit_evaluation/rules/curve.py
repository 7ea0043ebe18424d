"""Organisation predikat and the distribution curve of employee predikat (PermenPANRB 6/2022; MED).

The curve comes from a circular quoted in the press (MED), so the rules are *data*: a
``CurvePolicy`` holding ``CurveRule`` rows. An agency can replace the table (``to_dict``/``from_dict``)
without a code change.

Each rule: for units whose organisation predikat is ``org_predikat``, the number of employees whose
predikat is in ``predikats`` must be ``AT_MOST``/``AT_LEAST`` either a ``share`` (fraction of the unit
size) or an absolute ``count`` ("none" = AT_MOST count 0, "at least one" = AT_LEAST count 1).

Small-unit rounding (``CurvePolicy.at_most_rounding`` / ``at_least_rounding``), documented default:

* "at most p% of n" allows ``floor(p × n)`` people (at most 70% of 3 → 2);
* "at least p% of n" requires ``ceil(p × n)`` people (at least 60% of 3 → 2; at least 10% of 5 → 1).

Floor is strict: "Sangat Baik at most 10%" allows **0** people in a unit of fewer than 10.
Small units may therefore be unable to satisfy every rule at once (e.g. a 1-person Kurang unit needs
1 Kurang *and* 1 Butuh Perbaikan); such cases are reported as violations, not silently waived — an
agency that wants leniency changes the rounding in its policy. An empty unit has no violations.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from merit_evaluation.rules.errors import (
    INVALID_CURVE_POLICY,
    INVALID_CURVE_POLICY_CURVE_RULE_CODES_MUST,
    INVALID_CURVE_POLICY_EVERY_CURVE_RULE_NEEDS,
    INVALID_CURVE_POLICY_MUST_ONE,
    INVALID_CURVE_POLICY_RULE_SET_EXACTLY_ONE,
    INVALID_CURVE_POLICY_RULE_SHARE_MUST_FRACTION,
    INVALID_CURVE_POLICY_RULE_THE_PREDIKAT_SET,
)
from merit_shared.vocab import Predikat

from ._common import parse_enum, to_decimal
from .predikat import PREDIKAT_RANK, parse_predikat, predikat_label


class OrgPredikat(StrEnum):
    """Predikat kinerja organisasi (of the unit)."""

    ISTIMEWA = "ISTIMEWA"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"

    @property
    def label(self) -> str:
        return _ORG_LABELS[self][0]

    @property
    def label_en(self) -> str:
        return _ORG_LABELS[self][1]


_ORG_LABELS = {
    OrgPredikat.ISTIMEWA: ("Istimewa", "Outstanding"),
    OrgPredikat.BAIK: ("Baik", "Good"),
    OrgPredikat.BUTUH_PERBAIKAN: ("Butuh Perbaikan", "Needs improvement"),
    OrgPredikat.KURANG: ("Kurang", "Poor"),
    OrgPredikat.SANGAT_KURANG: ("Sangat Kurang", "Very poor"),
}


class Operator(StrEnum):
    AT_MOST = "AT_MOST"
    AT_LEAST = "AT_LEAST"


_ROUNDINGS = {"FLOOR": ROUND_FLOOR, "CEILING": ROUND_CEILING, "HALF_UP": ROUND_HALF_UP}


def parse_org_predikat(value: Any, field: str = "org_predikat") -> OrgPredikat:
    return parse_enum(OrgPredikat, value, field, code="invalid_org_predikat")


@dataclass(frozen=True)
class CurveRule:
    """One row of the curve table; exactly one of ``share`` (0..1 fraction) or ``count`` is set."""

    code: str
    org_predikat: OrgPredikat
    predikats: frozenset[Predikat]
    operator: Operator
    share: Decimal | None = None
    count: int | None = None

    def __post_init__(self) -> None:
        if (self.share is None) == (self.count is None):
            raise INVALID_CURVE_POLICY_RULE_SET_EXACTLY_ONE.error(code=self.code)
        if self.share is not None and not Decimal(0) <= self.share <= Decimal(1):
            raise INVALID_CURVE_POLICY_RULE_SHARE_MUST_FRACTION.error(code=self.code, share=self.share)
        if self.count is not None and (isinstance(self.count, bool) or not isinstance(self.count, int) or self.count < 0):
            raise INVALID_CURVE_POLICY.error(code=self.code, count=self.count)
        if not self.predikats:
            raise INVALID_CURVE_POLICY_RULE_THE_PREDIKAT_SET.error(code=self.code)

    def limit_text(self) -> tuple[str, str]:
        """Human text of the limit, (Indonesian, English), e.g. ("paling banyak 70%", "at most 70%")."""
        op_id, op_en = ("paling banyak", "at most") if self.operator is Operator.AT_MOST else ("paling sedikit", "at least")
        if self.share is not None:
            pct = _pct(self.share)
            return f"{op_id} {pct}%", f"{op_en} {pct}%"
        return f"{op_id} {self.count} orang", f"{op_en} {self.count} person(s)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "org_predikat": self.org_predikat.value,
            "predikats": sorted((p.value for p in self.predikats), key=lambda v: -PREDIKAT_RANK[Predikat(v)]),
            "operator": self.operator.value,
            "share": None if self.share is None else str(self.share),
            "count": self.count,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CurveRule:
        code = str(data.get("code") or "")
        if not code:
            raise INVALID_CURVE_POLICY_EVERY_CURVE_RULE_NEEDS.error()
        share = data.get("share")
        return cls(
            code=code,
            org_predikat=parse_org_predikat(data.get("org_predikat"), f"rules.{code}.org_predikat"),
            predikats=frozenset(parse_predikat(p, f"rules.{code}.predikats") for p in data.get("predikats") or ()),
            operator=parse_enum(Operator, data.get("operator"), f"rules.{code}.operator", code="invalid_curve_policy"),
            share=None if share is None else to_decimal(share, f"rules.{code}.share", code="invalid_curve_policy"),
            count=data.get("count"),
        )


def _pct(share: Decimal) -> str:
    return format((share * 100).normalize(), "f")


def _rule(code: str, org: OrgPredikat, preds: Iterable[Predikat], op: Operator,
          share: str | None = None, count: int | None = None) -> CurveRule:
    return CurveRule(code, org, frozenset(preds), op, None if share is None else Decimal(share), count)


_P = Predikat
_O = OrgPredikat
#: Default rule table, as the circular on PermenPANRB 6/2022 gives it (MED).
DEFAULT_CURVE_RULES: tuple[CurveRule, ...] = (
    _rule("ISTIMEWA_SANGAT_BAIK_MAX_70", _O.ISTIMEWA, [_P.SANGAT_BAIK], Operator.AT_MOST, share="0.70"),
    _rule("BAIK_BAIK_MAX_70", _O.BAIK, [_P.BAIK], Operator.AT_MOST, share="0.70"),
    _rule("BAIK_BP_OR_KURANG_MIN_1", _O.BAIK, [_P.BUTUH_PERBAIKAN, _P.KURANG], Operator.AT_LEAST, count=1),
    _rule("BUTUH_PERBAIKAN_BP_MIN_60", _O.BUTUH_PERBAIKAN, [_P.BUTUH_PERBAIKAN], Operator.AT_LEAST, share="0.60"),
    _rule("BUTUH_PERBAIKAN_SANGAT_BAIK_MAX_10", _O.BUTUH_PERBAIKAN, [_P.SANGAT_BAIK], Operator.AT_MOST, share="0.10"),
    _rule("KURANG_KURANG_MIN_60", _O.KURANG, [_P.KURANG], Operator.AT_LEAST, share="0.60"),
    _rule("KURANG_BP_MIN_10", _O.KURANG, [_P.BUTUH_PERBAIKAN], Operator.AT_LEAST, share="0.10"),
    _rule("KURANG_SANGAT_BAIK_MAX_10", _O.KURANG, [_P.SANGAT_BAIK], Operator.AT_MOST, share="0.10"),
    _rule("SANGAT_KURANG_SANGAT_KURANG_MIN_60", _O.SANGAT_KURANG, [_P.SANGAT_KURANG], Operator.AT_LEAST, share="0.60"),
    _rule("SANGAT_KURANG_KURANG_OR_BP_MIN_10", _O.SANGAT_KURANG, [_P.KURANG, _P.BUTUH_PERBAIKAN], Operator.AT_LEAST, share="0.10"),
    _rule("SANGAT_KURANG_SANGAT_BAIK_NONE", _O.SANGAT_KURANG, [_P.SANGAT_BAIK], Operator.AT_MOST, count=0),
)


@dataclass(frozen=True)
class CurvePolicy:
    """Curve rules plus small-unit rounding ("FLOOR" | "CEILING" | "HALF_UP")."""

    rules: tuple[CurveRule, ...] = DEFAULT_CURVE_RULES
    at_most_rounding: str = "FLOOR"
    at_least_rounding: str = "CEILING"

    def __post_init__(self) -> None:
        for name in ("at_most_rounding", "at_least_rounding"):
            if getattr(self, name) not in _ROUNDINGS:
                raise INVALID_CURVE_POLICY_MUST_ONE.error(field=name, join__roundings=', '.join(_ROUNDINGS), name=name)
        codes = [r.code for r in self.rules]
        dupes = sorted({c for c in codes if codes.count(c) > 1})
        if dupes:
            raise INVALID_CURVE_POLICY_CURVE_RULE_CODES_MUST.error(join_dupes=', '.join(dupes))

    def rules_for(self, org: OrgPredikat) -> tuple[CurveRule, ...]:
        return tuple(r for r in self.rules if r.org_predikat is org)

    def limit(self, rule: CurveRule, n: int) -> int:
        """Allowed maximum (AT_MOST) or required minimum (AT_LEAST) head count for a unit of ``n``."""
        if rule.count is not None:
            return rule.count
        assert rule.share is not None
        mode = self.at_most_rounding if rule.operator is Operator.AT_MOST else self.at_least_rounding
        return int((rule.share * n).to_integral_value(rounding=_ROUNDINGS[mode]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules": [r.to_dict() for r in self.rules],
            "at_most_rounding": self.at_most_rounding,
            "at_least_rounding": self.at_least_rounding,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CurvePolicy:
        d = cls()
        rules = data.get("rules")
        return cls(
            rules=d.rules if rules is None else tuple(CurveRule.from_dict(r) for r in rules),
            at_most_rounding=data.get("at_most_rounding", d.at_most_rounding),
            at_least_rounding=data.get("at_least_rounding", d.at_least_rounding),
        )


DEFAULT_CURVE_POLICY = CurvePolicy()


@dataclass(frozen=True)
class Violation:
    """A failed curve rule. ``allowed_count`` is the maximum (AT_MOST) or the required minimum (AT_LEAST)."""

    rule_code: str
    org_predikat: OrgPredikat
    predikats: tuple[Predikat, ...]
    operator: Operator
    share: Decimal | None
    count: int | None
    unit_size: int
    actual_count: int
    actual_share: Decimal
    allowed_count: int
    message_id: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule_code": self.rule_code,
            "org_predikat": self.org_predikat.value,
            "predikats": [p.value for p in self.predikats],
            "operator": self.operator.value,
            "share": None if self.share is None else str(self.share),
            "count": self.count,
            "unit_size": self.unit_size,
            "actual_count": self.actual_count,
            "actual_share": str(self.actual_share),
            "allowed_count": self.allowed_count,
            "message_id": self.message_id,
            "message_en": self.message_en,
        }


def check_curve(
    org_predikat: OrgPredikat | str,
    employee_predikats: Sequence[Predikat | str],
    rules: CurvePolicy | Sequence[CurveRule] = DEFAULT_CURVE_POLICY,
) -> list[Violation]:
    """Check a unit's employee predikat against the curve for its organisation predikat.

    ``rules`` is a ``CurvePolicy`` or a plain sequence of ``CurveRule`` (default rounding then).
    Returns one ``Violation`` per failed rule, in table order; empty list when the unit complies
    or has no employees.
    """
    policy = rules if isinstance(rules, CurvePolicy) else CurvePolicy(rules=tuple(rules))
    org = parse_org_predikat(org_predikat)
    preds = [parse_predikat(p, f"employee_predikats[{i}]") for i, p in enumerate(employee_predikats)]
    n = len(preds)
    if n == 0:
        return []
    out: list[Violation] = []
    for rule in policy.rules_for(org):
        actual = sum(1 for p in preds if p in rule.predikats)
        limit = policy.limit(rule, n)
        failed = actual > limit if rule.operator is Operator.AT_MOST else actual < limit
        if failed:
            out.append(_violation(rule, org, n, actual, limit))
    return out


def _violation(rule: CurveRule, org: OrgPredikat, n: int, actual: int, limit: int) -> Violation:
    ordered = tuple(sorted(rule.predikats, key=lambda p: -PREDIKAT_RANK[p]))
    names_id = " dan/atau ".join(predikat_label(p) for p in ordered)
    names_en = " and/or ".join(predikat_label(p) for p in ordered)
    lim_id, lim_en = rule.limit_text()
    actual_share = (Decimal(actual) / Decimal(n)) if n else Decimal(0)
    pct = format((actual_share * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    if rule.operator is Operator.AT_MOST:
        fix_id = f"kurangi menjadi paling banyak {limit} orang"
        fix_en = f"reduce it to at most {limit}"
    else:
        fix_id = f"tambah menjadi paling sedikit {limit} orang"
        fix_en = f"raise it to at least {limit}"
    msg_id = (
        f"Unit dengan predikat organisasi {org.label}: pegawai berpredikat {names_id} harus {lim_id} "
        f"dari {n} pegawai (= {limit} orang), tetapi ada {actual} orang ({pct}%); {fix_id}. [{rule.code}]"
    )
    msg_en = (
        f"Unit with organisation predikat {org.label_en}: employees rated {names_en} must be {lim_en} "
        f"of {n} employees (= {limit}), but there are {actual} ({pct}%); {fix_en}. [{rule.code}]"
    )
    return Violation(
        rule_code=rule.code, org_predikat=org, predikats=ordered, operator=rule.operator,
        share=rule.share, count=rule.count, unit_size=n, actual_count=actual,
        actual_share=actual_share, allowed_count=limit, message_id=msg_id, message_en=msg_en,
    )
