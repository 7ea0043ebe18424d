"""The e-mail of each notification kind, in Indonesian and English: a subject and a short plain text naming what
awaits the person and where (the record's route, after ``PUBLIC_URL`` when set). Pure functions, table-tested."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from merit_shared.notify import Kind

LANGUAGES = ("id", "en")


@dataclass(frozen=True)
class Template:
    route: str
    subject: dict[str, str]
    body: dict[str, str]


TEMPLATES: dict[Kind, Template] = {
    Kind.SKP_TO_APPROVE: Template(
        "/api/v1/performance-plans/{plan_id}",
        {"id": "SKP {year} {employee_name} menunggu persetujuan Anda",
         "en": "The {year} SKP of {employee_name} awaits your approval"},
        {"id": "{employee_name} telah mengajukan rencana SKP tahun {year}. Setujui atau kembalikan untuk "
               "diperbaiki di:",
         "en": "{employee_name} has submitted their SKP plan for {year}. Approve it or return it for revision at:"}),
    Kind.SKP_RETURNED: Template(
        "/api/v1/performance-plans/{plan_id}",
        {"id": "Rencana SKP {year} Anda dikembalikan untuk diperbaiki",
         "en": "Your {year} SKP plan was returned for revision"},
        {"id": "Rencana SKP tahun {year} Anda dikembalikan oleh pejabat penilai. Perbaiki lalu ajukan kembali di:",
         "en": "Your SKP plan for {year} was returned by your evaluator. Revise it and submit it again at:"}),
    Kind.RATING_TO_FINALIZE: Template(
        "/api/v1/performance-plans/{plan_id}",
        {"id": "Penilaian SKP {year} {employee_name} menunggu penetapan Anda",
         "en": "The {year} SKP rating of {employee_name} awaits your sign-off"},
        {"id": "Evaluasi tahunan {employee_name} tahun {year} telah dinilai (predikat {predikat}). Tetapkan "
               "(FINALIZE) penilaian akhir tahun di:",
         "en": "The annual evaluation of {employee_name} for {year} has been rated (predikat {predikat}). Sign off "
               "the year's rating (FINALIZE) at:"}),
    Kind.APPLICATION_VERIFIED: Template(
        "/api/v1/applications/{application_id}",
        {"id": "Lamaran Anda pada {selection_title} memenuhi syarat",
         "en": "Your application to {selection_title} passed screening"},
        {"id": "Lamaran Anda pada {selection_title} telah diverifikasi dan memenuhi syarat administrasi. "
               "Ikuti tahap berikutnya; rinciannya di:",
         "en": "Your application to {selection_title} was verified and meets the administrative requirements. "
               "Watch for the next stage; details at:"}),
    Kind.APPLICATION_REJECTED: Template(
        "/api/v1/applications/{application_id}",
        {"id": "Lamaran Anda pada {selection_title} tidak memenuhi syarat",
         "en": "Your application to {selection_title} did not pass screening"},
        {"id": "Lamaran Anda pada {selection_title} tidak memenuhi syarat administrasi. Alasan: {reason}. "
               "Rinciannya, dan hak sanggah setelah pengumuman, di:",
         "en": "Your application to {selection_title} does not meet the administrative requirements. Reason: "
               "{reason}. Details, and the right to appeal once the result is announced, at:"}),
    Kind.STAGE_RESULT_PUBLISHED: Template(
        "/api/v1/applications/{application_id}",
        {"id": "Diumumkan: {announcement_title}",
         "en": "Published: {announcement_title}"},
        {"id": "Hasil \"{announcement_title}\" telah diumumkan. Hasil Anda sendiri dapat dibaca pada lamaran "
               "Anda di:",
         "en": "The result \"{announcement_title}\" has been published. Read your own outcome on your "
               "application at:"}),
    Kind.APPEAL_DECIDED: Template(
        "/api/v1/applications/{application_id}",
        {"id": "Sanggahan Anda pada {selection_title} telah diputus: {decision}",
         "en": "Your appeal in {selection_title} was decided: {decision}"},
        {"id": "Sanggahan Anda pada {selection_title} {decision}. Alasan: {reasons}. Rinciannya di:",
         "en": "Your appeal in {selection_title} was {decision}. Reasons: {reasons}. Details at:"}),
    Kind.SCORES_NEEDED: Template(
        "/api/v1/selections/{selection_id}",
        {"id": "Tahap {stage_name} pada {selection_title} menunggu nilai Anda",
         "en": "The {stage_name} stage of {selection_title} awaits your scores"},
        {"id": "Tahap {stage_name} pada {selection_title} telah dibuka untuk penilaian. Isi nilai Anda untuk "
               "setiap pelamar (setelah menyatakan ada/tidaknya konflik kepentingan) di:",
         "en": "The {stage_name} stage of {selection_title} is open for scoring. Enter your scores for each "
               "applicant (after declaring any conflict of interest) at:"}),
    Kind.COACHING_MILESTONE_DUE: Template(
        "/api/v1/coaching-plans/{plan_id}",
        {"id": "Tonggak pembinaan jatuh tempo {due_on}: {milestone}",
         "en": "Coaching milestone due {due_on}: {milestone}"},
        {"id": "Tonggak \"{milestone}\" pada rencana pembinaan Anda jatuh tempo pada {due_on}. Catat kemajuannya "
               "di:",
         "en": "The milestone \"{milestone}\" of your coaching plan is due on {due_on}. Record its progress at:"}),
}

#: Codes in parameters shown as words.
WORDS: dict[str, dict[str, str]] = {
    "ACCEPTED": {"id": "diterima", "en": "accepted"},
    "REJECTED": {"id": "ditolak", "en": "rejected"},
}

DIGEST_SUBJECT = {"id": "Ringkasan Merit {day}: {count} hal menunggu Anda",
                  "en": "Merit digest {day}: {count} items await you"}
DIGEST_INTRO = {"id": "Berikut yang menunggu Anda sejak ringkasan terakhir:",
                "en": "Here is what awaits you since the last digest:"}
FOOTER = {"id": "Atur pemberitahuan Anda (segera, ringkasan harian, atau tidak sama sekali) di "
                "{base}/api/v1/notification-settings.\nPesan ini dikirim otomatis oleh Merit; jangan dibalas.",
          "en": "Choose how you are notified (immediately, a daily digest, or not at all) at "
                "{base}/api/v1/notification-settings.\nThis message was sent automatically by Merit; do not reply."}


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:  # a parameter a producer left out shows as "-", never a crash
        return "-"


def _params(params: dict[str, Any], language: str) -> _Params:
    return _Params({k: WORDS.get(v, {}).get(language, v) if isinstance(v, str) else v for k, v in params.items()})


def link(kind: Kind, params: dict[str, Any], base_url: str | None = None) -> str:
    return (base_url or "").rstrip("/") + TEMPLATES[kind].route.format_map(_Params(params))


def render(kind: Kind, language: str, params: dict[str, Any], base_url: str | None = None) -> tuple[str, str]:
    """(subject, plain text) of one notification in ``language`` (id or en)."""
    t, p = TEMPLATES[kind], _params(params, language)
    body = f"{t.body[language].format_map(p)}\n{link(kind, params, base_url)}\n\n-- \n" \
           f"{FOOTER[language].format(base=(base_url or '').rstrip('/'))}\n"
    return t.subject[language].format_map(p), body


def render_digest(language: str, day: str, items: list[tuple[Kind, dict[str, Any]]],
                  base_url: str | None = None) -> tuple[str, str]:
    """(subject, plain text) of a digest: one line (the item's subject) and its link per notification."""
    lines = [DIGEST_INTRO[language], ""]
    for kind, params in items:
        lines.append(f"- {render(kind, language, params, base_url)[0]}\n  {link(kind, params, base_url)}")
    body = "\n".join(lines) + f"\n\n-- \n{FOOTER[language].format(base=(base_url or '').rstrip('/'))}\n"
    return DIGEST_SUBJECT[language].format(day=day, count=len(items)), body
