"""The wire vocabulary shared by the services: each enum is defined once, here, as a ``StrEnum``.

Vocabulary only: the values that travel in JSON between services and to clients. Rules (order, scores,
labels, eligibility) stay in each service's rules module, keyed by these enums.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["DisciplineLevel", "EducationLevel", "EmploymentType", "JobKind", "Predikat"]


class Predikat(StrEnum):
    """Predikat kinerja pegawai, the employee performance rating (PermenPANRB 6/2022).

    ``KURANG`` is "Kurang/Misconduct".
    """

    SANGAT_BAIK = "SANGAT_BAIK"
    BAIK = "BAIK"
    BUTUH_PERBAIKAN = "BUTUH_PERBAIKAN"
    KURANG = "KURANG"
    SANGAT_KURANG = "SANGAT_KURANG"


class DisciplineLevel(StrEnum):
    """Hukuman disiplin (PP 94/2021): LIGHT = ringan, MODERATE = sedang, HEAVY = berat."""

    LIGHT = "LIGHT"
    MODERATE = "MODERATE"
    HEAVY = "HEAVY"


class JobKind(StrEnum):
    """Kinds of position (UU 20/2023): five managerial, two non-managerial."""

    JPT_UTAMA = "JPT_UTAMA"
    JPT_MADYA = "JPT_MADYA"
    JPT_PRATAMA = "JPT_PRATAMA"
    ADMINISTRATOR = "ADMINISTRATOR"
    PENGAWAS = "PENGAWAS"
    PELAKSANA = "PELAKSANA"
    FUNGSIONAL = "FUNGSIONAL"


class EmploymentType(StrEnum):
    """Employment status of an ASN (UU 20/2023): PNS, CPNS (a candidate PNS) or PPPK."""

    PNS = "PNS"
    CPNS = "CPNS"
    PPPK = "PPPK"


class EducationLevel(StrEnum):
    """Jenjang pendidikan, lowest first, as positions records them and recruitment's eligibility reads them; each
    service keeps its own order (D4 and S1 rank equal for "S1/D-IV")."""

    SD = "SD"
    SMP = "SMP"
    SMA = "SMA"
    D1 = "D1"
    D2 = "D2"
    D3 = "D3"
    D4 = "D4"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"
