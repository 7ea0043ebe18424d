"""Selection kinds and their default requirements and stages.

Three layers, so an agency can correct the uncertain parts without a code change:

* :data:`STATUTORY_REQUIREMENTS` (HIGH, PP 11/2017 Pasal 54, 55, 107): education, experience,
  prior position and years, maximum age. Exactly as the regulation says; not a policy.
* :class:`EligibilityDefaultsPolicy` (MED/LOW): minimum rank per kind, minimum predikat and its window,
  discipline window, and which JF levels count as "equivalent" to Pengawas / Pelaksana.
* :class:`StageTemplatePolicy` (LOW): default stages and weights per kind.

:func:`default_requirements` and :func:`default_stages` combine them into the data stored with a new
selection; the stored copy is what the rules then use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from merit_recruitment.rules.errors import NO_STAGE_TEMPLATE
from merit_shared.vocab import DisciplineLevel, JobKind, Predikat

from .eligibility import Requirements
from .scoring import StageConfig, StageKind, validate_stages
from .vocab import (
    EDUCATION_RANK,
    EducationLevel,
    PositionKind,
    discipline_code,
    education_meets,
    golongan_order,
    normalize_golongan,
    parse_discipline_code,
    parse_education,
)

__all__ = [
    "EDUCATION_RANK", "EducationLevel", "education_meets", "parse_education",  # re-exported for convenience
    "SELECTION_KINDS", "selection_kind", "StatutoryRequirement", "STATUTORY_REQUIREMENTS", "EligibilityDefaultsPolicy",
    "DEFAULT_ELIGIBILITY_POLICY", "StageTemplatePolicy", "DEFAULT_STAGE_TEMPLATES", "default_requirements",
    "default_stages", "golongan_order",
]


#: The kinds of position (``merit_shared.vocab.JobKind``) a selection can fill: every kind but PELAKSANA.
SELECTION_KINDS: tuple[JobKind, ...] = (JobKind.JPT_UTAMA, JobKind.JPT_MADYA, JobKind.JPT_PRATAMA,
                                        JobKind.ADMINISTRATOR, JobKind.PENGAWAS, JobKind.FUNGSIONAL)


def selection_kind(value: JobKind | str) -> JobKind:
    """The kind a selection fills, from its code; ``ValueError`` for anything else (PELAKSANA included)."""
    kind = JobKind(value)
    if kind not in SELECTION_KINDS:
        raise ValueError(f"{value!r} is not a kind of position a selection fills")
    return kind


@dataclass(frozen=True)
class StatutoryRequirement:
    """HIGH facts for one kind. ``prior_position_kinds`` lists the kinds named in the regulation itself;
    "equivalent JF" kinds for Administrator/Pengawas are added from the policy."""

    min_education: EducationLevel | None
    min_experience_years: int | None
    prior_position_kinds: tuple[PositionKind, ...]
    prior_position_min_years: int | None
    max_age: int | None


_PK = PositionKind
#: Reference 5.1 (HIGH). FUNGSIONAL has no national open-selection table: every field is per vacancy.
STATUTORY_REQUIREMENTS: Mapping[JobKind, StatutoryRequirement] = MappingProxyType({
    JobKind.JPT_UTAMA: StatutoryRequirement(EducationLevel.S1, 10, (_PK.JPT_MADYA, _PK.JF_AHLI_UTAMA), 2, 58),
    JobKind.JPT_MADYA: StatutoryRequirement(EducationLevel.S1, 7, (_PK.JPT_PRATAMA, _PK.JF_AHLI_UTAMA), 2, 58),
    JobKind.JPT_PRATAMA: StatutoryRequirement(EducationLevel.S1, 5, (_PK.ADMINISTRATOR, _PK.JF_AHLI_MADYA),
                                              2, 56),
    JobKind.ADMINISTRATOR: StatutoryRequirement(EducationLevel.S1, None, (_PK.PENGAWAS,), 3, None),
    JobKind.PENGAWAS: StatutoryRequirement(EducationLevel.D3, None, (_PK.PELAKSANA,), 4, None),
    JobKind.FUNGSIONAL: StatutoryRequirement(None, None, (), None, None),
})


def _kind_map(data: Mapping[Any, Any], conv: Any) -> Mapping[JobKind, Any]:
    return MappingProxyType({selection_kind(k): conv(v) for k, v in data.items()})


@dataclass(frozen=True)
class EligibilityDefaultsPolicy:
    """MED/LOW eligibility defaults (PP 11/2017 Pasal 107: the values it leaves to the agency; minimum golongan ruang).

    * ``min_rank_by_kind``: "commonly IV/b for Pratama, IV/c for Madya" (MED). Other kinds: none by
      default (the legacy eselon table is LOW); set it per vacancy.
    * ``min_predikat`` / ``predikat_years``: every rating at least Baik in the last 2 years (MED).
    * ``discipline_years`` / ``blocking_discipline_levels``: no moderate/heavy penalty in 2 years (MED).
    * ``pengawas_equivalent_jf``: JF counted as "setingkat Pengawas" for Administrator candidates. Default
      Ahli Muda (PermenPANRB 17/2021 equalisation: Pengawas ~ Ahli Muda) and Penyelia (LOW).
    * ``pelaksana_equivalent_jf``: JF counted as "setingkat Pelaksana" for Pengawas candidates. Default
      Ahli Pertama, Terampil, Mahir (LOW).
    """

    min_rank_by_kind: Mapping[JobKind, str | None] = field(default_factory=lambda: {
        JobKind.JPT_MADYA: "IV/c", JobKind.JPT_PRATAMA: "IV/b"})
    min_predikat: Predikat | None = Predikat.BAIK
    predikat_years: int = 2
    discipline_years: int | None = 2
    blocking_discipline_levels: tuple[DisciplineLevel, ...] = (DisciplineLevel.MODERATE, DisciplineLevel.HEAVY)
    pengawas_equivalent_jf: tuple[PositionKind, ...] = (PositionKind.JF_AHLI_MUDA, PositionKind.JF_PENYELIA)
    pelaksana_equivalent_jf: tuple[PositionKind, ...] = (PositionKind.JF_AHLI_PERTAMA, PositionKind.JF_TERAMPIL,
                                                         PositionKind.JF_MAHIR)

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "min_rank_by_kind", _kind_map(self.min_rank_by_kind,
                                              lambda v: None if v is None else normalize_golongan(v)))
        if self.min_predikat is not None:
            s(self, "min_predikat", Predikat(self.min_predikat))
        s(self, "blocking_discipline_levels", tuple(parse_discipline_code(x) for x in self.blocking_discipline_levels))
        s(self, "pengawas_equivalent_jf", tuple(PositionKind(x) for x in self.pengawas_equivalent_jf))
        s(self, "pelaksana_equivalent_jf", tuple(PositionKind(x) for x in self.pelaksana_equivalent_jf))

    def to_dict(self) -> dict[str, Any]:
        return {
            "min_rank_by_kind": {k.value: v for k, v in self.min_rank_by_kind.items()},
            "min_predikat": self.min_predikat.value if self.min_predikat else None,
            "predikat_years": self.predikat_years,
            "discipline_years": self.discipline_years,
            "blocking_discipline_levels": [discipline_code(x) for x in self.blocking_discipline_levels],
            "pengawas_equivalent_jf": [x.value for x in self.pengawas_equivalent_jf],
            "pelaksana_equivalent_jf": [x.value for x in self.pelaksana_equivalent_jf],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> EligibilityDefaultsPolicy:
        kw = dict(data)
        for k in ("blocking_discipline_levels", "pengawas_equivalent_jf", "pelaksana_equivalent_jf"):
            if k in kw:
                kw[k] = tuple(kw[k])
        return cls(**kw)


DEFAULT_ELIGIBILITY_POLICY = EligibilityDefaultsPolicy()


def default_requirements(kind: JobKind | str,
                         policy: EligibilityDefaultsPolicy = DEFAULT_ELIGIBILITY_POLICY) -> Requirements:
    """Statutory requirements of ``kind`` completed with the policy's MED/LOW defaults."""
    kind = selection_kind(kind)
    st = STATUTORY_REQUIREMENTS[kind]
    prior = st.prior_position_kinds
    if kind is JobKind.ADMINISTRATOR:
        prior = prior + policy.pengawas_equivalent_jf
    elif kind is JobKind.PENGAWAS:
        prior = prior + policy.pelaksana_equivalent_jf
    return Requirements(
        min_education=st.min_education,
        min_experience_years=None if st.min_experience_years is None else Decimal(st.min_experience_years),
        prior_position_kinds=prior,
        prior_position_min_years=None if st.prior_position_min_years is None else Decimal(st.prior_position_min_years),
        max_age=st.max_age,
        min_rank=policy.min_rank_by_kind.get(kind),
        min_predikat=policy.min_predikat,
        predikat_years=policy.predikat_years,
        discipline_years=policy.discipline_years,
        blocking_discipline_levels=policy.blocking_discipline_levels,
    )


def _s(code: str, name: str, name_en: str, weight: int | None) -> StageConfig:
    if weight is None:
        return StageConfig(code, name, StageKind.PASS_FAIL, Decimal(0), None, name_en)
    return StageConfig(code, name, StageKind.SCORED, Decimal(weight), None, name_en)


_ASSESS = ("COMPETENCY_ASSESSMENT", "Asesmen kompetensi manajerial dan sosial kultural",
           "Managerial and socio-cultural competency assessment")
_PAPER = ("PAPER_PRESENTATION", "Penulisan makalah dan presentasi", "Paper and presentation")
_INTERVIEW = ("INTERVIEW", "Wawancara", "Interview")
_TRACK = ("TRACK_RECORD", "Penelusuran rekam jejak", "Track-record tracing")
_HEALTH = ("HEALTH_PSYCH", "Tes kesehatan dan psikologi", "Health and psychological test")
_TECH = ("TECHNICAL_TEST", "Uji kompetensi teknis", "Technical competency test")


def _jpt() -> tuple[StageConfig, ...]:
    return (_s(*_ASSESS, 40), _s(*_PAPER, 20), _s(*_INTERVIEW, 30), _s(*_TRACK, 10), _s(*_HEALTH, None))


@dataclass(frozen=True)
class StageTemplatePolicy:
    """Default stages per kind (LOW: the process in PermenPANRB 15/2019 is MED, weights are agency practice).

    Administrative screening is not a stage here: it is the SCREENING state, decided by the eligibility
    rules. Scored stages carry no pass mark by default; an agency sets cut-offs per selection.
    Defaults: JPT kinds assessment 40 / paper 20 / interview 30 / track record 10 + health (pass/fail);
    Administrator and Pengawas assessment 50 / interview 35 / track record 15 + health;
    Fungsional technical test 50 / assessment 20 / interview 30.
    """

    stages_by_kind: Mapping[JobKind, tuple[StageConfig, ...]] = field(default_factory=lambda: {
        JobKind.JPT_UTAMA: _jpt(),
        JobKind.JPT_MADYA: _jpt(),
        JobKind.JPT_PRATAMA: _jpt(),
        JobKind.ADMINISTRATOR: (_s(*_ASSESS, 50), _s(*_INTERVIEW, 35), _s(*_TRACK, 15), _s(*_HEALTH, None)),
        JobKind.PENGAWAS: (_s(*_ASSESS, 50), _s(*_INTERVIEW, 35), _s(*_TRACK, 15), _s(*_HEALTH, None)),
        JobKind.FUNGSIONAL: (_s(*_TECH, 50), _s(*_ASSESS, 20), _s(*_INTERVIEW, 30)),
    })

    def __post_init__(self) -> None:
        m = _kind_map(self.stages_by_kind, tuple)
        for stages in m.values():
            validate_stages(stages)
        object.__setattr__(self, "stages_by_kind", m)

    def to_dict(self) -> dict[str, Any]:
        return {"stages_by_kind": {k.value: [s.to_dict() for s in v] for k, v in self.stages_by_kind.items()}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StageTemplatePolicy:
        return cls(stages_by_kind={k: tuple(StageConfig.from_dict(s) for s in v)
                                   for k, v in data["stages_by_kind"].items()})


DEFAULT_STAGE_TEMPLATES = StageTemplatePolicy()


def default_stages(kind: JobKind | str,
                   policy: StageTemplatePolicy = DEFAULT_STAGE_TEMPLATES) -> tuple[StageConfig, ...]:
    """Default stage list for a new selection of ``kind`` (weights of scored stages sum to 100)."""
    kind = selection_kind(kind)
    if kind not in policy.stages_by_kind:
        raise NO_STAGE_TEMPLATE.error(field="kind", value=kind.value)
    return policy.stages_by_kind[kind]
