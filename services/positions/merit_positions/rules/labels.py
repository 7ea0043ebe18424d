"""Human labels for the codes that appear in reports, in Indonesian and English.

Indonesian labels are the regulation's own names (UU 20/2023 Pasal 17-19 for the kinds of position,
PP 11/2017 for jenjang); English labels add the Indonesian name in brackets so a clerk can match them.
"""

from __future__ import annotations

from .ranks import Jenjang, JobKind

__all__ = ["ACTING_LABELS", "JOB_KIND_LABELS", "acting_label", "jenjang_label", "job_kind_label", "yes_no"]

#: Kind of position -> (Indonesian, English).
JOB_KIND_LABELS: dict[JobKind, tuple[str, str]] = {
    JobKind.JPT_UTAMA: ("JPT Utama", "Principal high leadership (JPT Utama)"),
    JobKind.JPT_MADYA: ("JPT Madya", "Middle high leadership (JPT Madya)"),
    JobKind.JPT_PRATAMA: ("JPT Pratama", "Primary high leadership (JPT Pratama)"),
    JobKind.ADMINISTRATOR: ("Administrator", "Administrator"),
    JobKind.PENGAWAS: ("Pengawas", "Supervisor (Pengawas)"),
    JobKind.PELAKSANA: ("Pelaksana", "Staff (Pelaksana)"),
    JobKind.FUNGSIONAL: ("Fungsional", "Functional (Fungsional)"),
}

#: Acting assignment kind -> (Indonesian, English). Plt fills a vacant seat, Plh stands in for an absent holder.
ACTING_LABELS: dict[str, tuple[str, str]] = {
    "plt": ("Plt.", "Acting (Plt)"),
    "plh": ("Plh.", "Acting, daily (Plh)"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def job_kind_label(code: str | None, lang: str) -> str | None:
    """``"JPT_PRATAMA"`` -> ``"JPT Pratama"``; an unknown code is returned unchanged."""
    if code is None:
        return None
    try:
        return _pick(JOB_KIND_LABELS[JobKind(code)], lang)
    except ValueError:
        return code


def jenjang_label(code: str | None, lang: str) -> str | None:
    """``"AHLI_MUDA"`` -> ``"Ahli Muda"`` (an official name, the same in both languages)."""
    if code is None:
        return None
    try:
        return Jenjang(code).label
    except ValueError:
        return code


def acting_label(code: str, lang: str) -> str:
    pair = ACTING_LABELS.get(code)
    return _pick(pair, lang) if pair else code


def yes_no(flag: bool | None, lang: str) -> str:
    """A flag as a clerk writes it: "Ya"/"Yes", or empty for false/unknown."""
    return ("Yes" if lang == "en" else "Ya") if flag else ""
