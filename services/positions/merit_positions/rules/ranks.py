"""Ranks (pangkat/golongan), functional jenjang, job kinds and kelas jabatan.

HIGH facts (BKN golongan ruang codes) are encoded here exactly: the PNS golongan
ruang I/a..IV/e with their pangkat names and BKN codes 11..45, PPPK golongan I..XVII, the job
kinds of UU 20/2023 (the shared ``merit_shared.vocab.JobKind``) and the golongan ranges of the *keahlian* jenjang.
Everything MED/LOW (the *keterampilan* ranges, legacy eselon minimum ranks) lives in :class:`PositionsPolicy`, and
the rules that consult it (jenjang ranges, minimum ranks) in :mod:`.rank_ranges`: this module imports no policy.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any

from merit_positions.rules.errors import (
    GOLONGAN_WRONG_SCHEME,
    JENJANG_INVALID,
    JENJANG_NOT_APPLICABLE,
    JENJANG_REQUIRED,
    JOB_KIND_INVALID,
    KELAS_JABATAN_OUT_OF_RANGE,
    PPPK_GOLONGAN_INVALID,
    RANK_INVALID,
    RANK_ORDER_REASON_MISMATCH,
    RANK_ORDER_REASON_REQUIRED,
    RANK_SCHEME_MISMATCH,
)
from merit_shared.errors import DomainError, Invalid
from merit_shared.vocab import EmploymentType, JobKind

from ._enum import OrderedEnum

# BKN code -> (label, pangkat). HIGH (BKN golongan ruang codes).
_RANK_TABLE: dict[int, tuple[str, str]] = {
    11: ("I/a", "Juru Muda"),
    12: ("I/b", "Juru Muda Tingkat I"),
    13: ("I/c", "Juru"),
    14: ("I/d", "Juru Tingkat I"),
    21: ("II/a", "Pengatur Muda"),
    22: ("II/b", "Pengatur Muda Tingkat I"),
    23: ("II/c", "Pengatur"),
    24: ("II/d", "Pengatur Tingkat I"),
    31: ("III/a", "Penata Muda"),
    32: ("III/b", "Penata Muda Tingkat I"),
    33: ("III/c", "Penata"),
    34: ("III/d", "Penata Tingkat I"),
    41: ("IV/a", "Pembina"),
    42: ("IV/b", "Pembina Tingkat I"),
    43: ("IV/c", "Pembina Utama Muda"),
    44: ("IV/d", "Pembina Utama Madya"),
    45: ("IV/e", "Pembina Utama"),
}


class Rank(OrderedEnum):
    """PNS golongan ruang; the value is the BKN code, so ordering follows seniority."""

    I_A = 11
    I_B = 12
    I_C = 13
    I_D = 14
    II_A = 21
    II_B = 22
    II_C = 23
    II_D = 24
    III_A = 31
    III_B = 32
    III_C = 33
    III_D = 34
    IV_A = 41
    IV_B = 42
    IV_C = 43
    IV_D = 44
    IV_E = 45

    @property
    def code(self) -> int:
        """BKN code (``golRuangAkhirId`` style), e.g. 31 for III/a."""
        return int(self.value)

    @property
    def label(self) -> str:
        """Display form, e.g. ``"III/a"``."""
        return _RANK_TABLE[self.value][0]

    @property
    def pangkat(self) -> str:
        """Pangkat name, e.g. ``"Penata Muda"``."""
        return _RANK_TABLE[self.value][1]

    def __str__(self) -> str:
        return self.label


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X",
          "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII")


class PppkGolongan(OrderedEnum):
    """PPPK golongan I..XVII (a separate scheme; never compared with PNS ranks)."""

    I = 1  # noqa: E741 - the golongan is called I
    II = 2
    III = 3
    IV = 4
    V = 5
    VI = 6
    VII = 7
    VIII = 8
    IX = 9
    X = 10
    XI = 11
    XII = 12
    XIII = 13
    XIV = 14
    XV = 15
    XVI = 16
    XVII = 17

    @property
    def label(self) -> str:
        return _ROMAN[self.value - 1]

    def __str__(self) -> str:
        return self.label


AnyRank = Rank | PppkGolongan

_RANK_BY_LABEL = {r.label.upper(): r for r in Rank}
_RANK_LABEL_RE = re.compile(r"^(IV|III|II|I)/?([A-E])$")


def _rank_error(value: object, field: str) -> DomainError:
    return RANK_INVALID.error(field=field, value=value, extra={"value": str(value)})


def parse_rank(value: Rank | str | int, field: str = "rank") -> Rank:
    """Parse a PNS rank from a label (``"III/a"``, case and spaces ignored) or a BKN code (31 or ``"31"``)."""
    if isinstance(value, Rank):
        return value
    if isinstance(value, bool):
        raise _rank_error(value, field)
    if isinstance(value, int):
        if value in _RANK_TABLE:
            return Rank(value)
        raise _rank_error(value, field)
    if isinstance(value, str):
        text = "".join(value.split()).upper()
        if text.isascii() and text.isdigit() and int(text) in _RANK_TABLE:
            return Rank(int(text))
        match = _RANK_LABEL_RE.match(text)
        if match and f"{match.group(1)}/{match.group(2)}" in _RANK_BY_LABEL:
            return _RANK_BY_LABEL[f"{match.group(1)}/{match.group(2)}"]
    raise _rank_error(value, field)


def parse_pppk_golongan(value: PppkGolongan | str | int, field: str = "golongan") -> PppkGolongan:
    """Parse a PPPK golongan from a Roman numeral (``"IX"``) or its number (9)."""
    if isinstance(value, PppkGolongan):
        return value
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 17:
        return PppkGolongan(value)
    if isinstance(value, str):
        text = "".join(value.split()).upper()
        if text in _ROMAN:
            return PppkGolongan(_ROMAN.index(text) + 1)
        if text.isascii() and text.isdigit() and 1 <= int(text) <= 17:
            return PppkGolongan(int(text))
    raise PPPK_GOLONGAN_INVALID.error(field=field, value=value, extra={"value": str(value)})


def _scheme_mismatch(rank: object, minimum: object, field: str) -> DomainError:
    return RANK_SCHEME_MISMATCH.error(field=field, minimum=minimum, rank=rank)


def rank_at_least(rank: AnyRank, minimum: AnyRank) -> bool:
    """True if ``rank`` is at or above ``minimum``; both must be PNS ranks or both PPPK golongan."""
    if type(rank) is not type(minimum):
        raise _scheme_mismatch(rank, minimum, "rank")
    return rank >= minimum


MANAGERIAL_KINDS: frozenset[JobKind] = frozenset(
    {JobKind.JPT_UTAMA, JobKind.JPT_MADYA, JobKind.JPT_PRATAMA, JobKind.ADMINISTRATOR, JobKind.PENGAWAS}
)
JPT_KINDS: frozenset[JobKind] = frozenset({JobKind.JPT_UTAMA, JobKind.JPT_MADYA, JobKind.JPT_PRATAMA})


def parse_job_kind(value: JobKind | str, field: str = "kind") -> JobKind:
    """Parse a job kind from its code (case-insensitive, spaces or dashes allowed for underscores)."""
    if isinstance(value, JobKind):
        return value
    if isinstance(value, str):
        key = re.sub(r"[\s\-]+", "_", value.strip()).upper()
        if key in JobKind.__members__:
            return JobKind[key]
    allowed = ", ".join(k.value for k in JobKind)
    raise JOB_KIND_INVALID.error(field=field, join=allowed, k=value, extra={"value": str(value)})


def is_managerial(kind: JobKind | str) -> bool:
    """True for JPT Utama/Madya/Pratama, Administrator and Pengawas."""
    return parse_job_kind(kind) in MANAGERIAL_KINDS


class JenjangCategory(StrEnum):
    KEAHLIAN = "KEAHLIAN"
    KETERAMPILAN = "KETERAMPILAN"


class Jenjang(StrEnum):
    """Jenjang of a functional position."""

    AHLI_PERTAMA = "AHLI_PERTAMA"
    AHLI_MUDA = "AHLI_MUDA"
    AHLI_MADYA = "AHLI_MADYA"
    AHLI_UTAMA = "AHLI_UTAMA"
    PEMULA = "PEMULA"
    TERAMPIL = "TERAMPIL"
    MAHIR = "MAHIR"
    PENYELIA = "PENYELIA"

    @property
    def label(self) -> str:
        """Display name, e.g. ``"Ahli Pertama"``."""
        return self.value.replace("_", " ").title()

    @property
    def category(self) -> JenjangCategory:
        return JenjangCategory.KEAHLIAN if self.value.startswith("AHLI_") else JenjangCategory.KETERAMPILAN


def parse_jenjang(value: Jenjang | str, field: str = "jenjang") -> Jenjang:
    """Parse a jenjang from its code or label (``"Ahli Muda"``, ``"ahli-muda"``)."""
    if isinstance(value, Jenjang):
        return value
    if isinstance(value, str):
        key = re.sub(r"[\s\-]+", "_", value.strip()).upper()
        if key in Jenjang.__members__:
            return Jenjang[key]
    allowed = ", ".join(j.label for j in Jenjang)
    raise JENJANG_INVALID.error(field=field, join=allowed, k=value, extra={"value": str(value)})


# HIGH (BKN golongan ruang codes): keahlian jenjang golongan ranges, inclusive. Not overridable by policy.
KEAHLIAN_RANK_RANGES: dict[Jenjang, tuple[Rank, Rank]] = {
    Jenjang.AHLI_PERTAMA: (Rank.III_A, Rank.III_B),
    Jenjang.AHLI_MUDA: (Rank.III_C, Rank.III_D),
    Jenjang.AHLI_MADYA: (Rank.IV_A, Rank.IV_C),
    Jenjang.AHLI_UTAMA: (Rank.IV_D, Rank.IV_E),
}


def validate_job_jenjang(kind: JobKind | str, jenjang: Jenjang | str | None) -> Jenjang | None:
    """A functional job needs a jenjang; any other kind must not have one."""
    k = parse_job_kind(kind)
    if k is JobKind.FUNGSIONAL:
        if jenjang is None:
            raise JENJANG_REQUIRED.error(field="jenjang")
        return parse_jenjang(jenjang)
    if jenjang is not None:
        raise JENJANG_NOT_APPLICABLE.error(field="jenjang", value=k.value)
    return None


KELAS_JABATAN_MIN = 1
KELAS_JABATAN_MAX = 17


def validate_kelas_jabatan(value: Any, field: str = "kelas_jabatan") -> int:
    """Kelas jabatan is an integer grade 1..17 set per position (never derived)."""
    if isinstance(value, int) and not isinstance(value, bool) and KELAS_JABATAN_MIN <= value <= KELAS_JABATAN_MAX:
        return value
    raise KELAS_JABATAN_OUT_OF_RANGE.error(field=field, value=value, extra={"value": str(value)})


class RankChangeReason(StrEnum):
    """Why a rank does not follow the regular one-step promotion (PP 99/2000 jo PP 12/2002, kenaikan pangkat).

    DISCIPLINE: a disciplinary penalty lowered it (PP 94/2021); CORRECTION: an earlier record was wrong;
    EXTRAORDINARY_PROMOTION: kenaikan pangkat istimewa / pilihan, which may skip a rank.
    """

    DISCIPLINE = "DISCIPLINE"
    CORRECTION = "CORRECTION"
    EXTRAORDINARY_PROMOTION = "EXTRAORDINARY_PROMOTION"


class RankStep(StrEnum):
    """How a rank follows the one before it."""

    FIRST = "first"
    REGULAR = "regular"  # exactly one rank higher
    SAME = "same"
    LOWER = "lower"
    SKIPPED = "skipped"  # more than one rank higher


#: The reasons that explain each irregular step.
STEP_REASONS: dict[RankStep, frozenset[RankChangeReason]] = {
    RankStep.SAME: frozenset({RankChangeReason.CORRECTION}),
    RankStep.LOWER: frozenset({RankChangeReason.DISCIPLINE, RankChangeReason.CORRECTION}),
    RankStep.SKIPPED: frozenset({RankChangeReason.EXTRAORDINARY_PROMOTION, RankChangeReason.CORRECTION}),
}

_PNS_ORDER = list(Rank)


def rank_step(previous: Rank | None, new: Rank) -> RankStep:
    """Classify ``new`` against the rank held before it."""
    if previous is None:
        return RankStep.FIRST
    gap = _PNS_ORDER.index(new) - _PNS_ORDER.index(previous)
    if gap == 1:
        return RankStep.REGULAR
    if gap == 0:
        return RankStep.SAME
    return RankStep.LOWER if gap < 0 else RankStep.SKIPPED


def next_rank(rank: Rank) -> Rank | None:
    """The rank one step higher (None at IV/e)."""
    i = _PNS_ORDER.index(rank)
    return _PNS_ORDER[i + 1] if i + 1 < len(_PNS_ORDER) else None


def check_rank_order(previous: Rank | None, new: Rank, following: Rank | None,
                     reason: RankChangeReason | None, field: str = "reason") -> RankStep:
    """A PNS rank must be one step above the one before it, unless ``reason`` explains the step.

    ``following`` is the rank recorded after the new one (a history entry inserted in the past): that step must
    be regular too, or the reason must explain it. PPPK golongan follow the contract's position, not a promotion
    ladder, so they are not checked here.
    """
    for before, after in ((previous, new), (new, following)):
        if after is None:
            continue
        step = rank_step(before, after)
        if step in (RankStep.FIRST, RankStep.REGULAR):
            continue
        allowed = STEP_REASONS[step]
        shown = ", ".join(sorted(r.value for r in allowed))
        if reason is None:
            raise RANK_ORDER_REASON_REQUIRED.error(
                field=field,
                after=after,
                before=before,
                shown=shown,
                value=step.value,
                extra={"step": step.value, "previous": str(before), "golongan": str(after), "allowed": sorted(allowed)},
            )
        if reason not in allowed:
            raise RANK_ORDER_REASON_MISMATCH.error(
                field=field,
                after=after,
                before=before,
                shown=shown,
                value=reason.value,
                value_2=step.value,
                extra={"step": step.value, "previous": str(before), "golongan": str(after), "allowed": sorted(allowed)},
            )
    return rank_step(previous, new)


def parse_golongan_for(employment_type: EmploymentType | str, value: AnyRank | str | int,
                       field: str = "golongan") -> AnyRank:
    """A PPPK carries golongan I..XVII, a PNS/CPNS golongan ruang I/a..IV/e; the other scheme is refused by name."""
    pppk = EmploymentType(employment_type) is EmploymentType.PPPK
    try:
        if pppk:
            return parse_pppk_golongan(value, field)  # type: ignore[arg-type]
        return parse_rank(value, field)  # type: ignore[arg-type]
    except Invalid:
        if isinstance(value, str) and not "".join(value.split()).isdigit():
            try:
                other: AnyRank = parse_rank(value, field) if pppk else parse_pppk_golongan(value, field)
            except Invalid:
                other = None  # type: ignore[assignment]
            if other is not None:
                own, theirs = ("PPPK", "PNS") if pppk else ("PNS/CPNS", "PPPK")
                expected = "I sampai XVII" if pppk else "I/a sampai IV/e"
                expected_en = "I to XVII" if pppk else "I/a to IV/e"
                raise GOLONGAN_WRONG_SCHEME.error(
                    field=field,
                    expected=expected,
                    expected_en=expected_en,
                    other=other,
                    own=own,
                    theirs=theirs,
                    extra={"value": str(value), "scheme": theirs},
                ) from None
        raise
