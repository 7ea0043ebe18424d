"""The notification rules as tables: the templates of every kind in both languages, the preference a kind
follows, the state a new notification starts in, and the retry delays."""

from __future__ import annotations

import string
from datetime import timedelta

import pytest

from merit_gateway.notifications.schemas import Mode
from merit_gateway.notifications.sender import backoff
from merit_gateway.notifications.service import initial_state, mode_for
from merit_gateway.notifications.templates import LANGUAGES, TEMPLATES, link, render, render_digest
from merit_shared.notify import PARAMS, Kind
from merit_shared.settings import Settings

SAMPLE = {"plan_id": "p-1", "year": 2026, "employee_name": "Dedi Kurniawan", "predikat": "BAIK",
          "application_id": "a-1", "selection_title": "Seleksi JPT Kepala Dinas", "reason": "Ijazah tidak sesuai",
          "announcement_title": "Hasil tahap Wawancara", "announcement_id": "n-1", "decision": "ACCEPTED",
          "reasons": "Nilai dihitung ulang", "selection_id": "s-1", "stage_name": "Wawancara",
          "milestone": "Pelatihan kepemimpinan", "due_on": "2026-12-31"}


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_kind_has_a_complete_mail_in_each_language(kind: Kind, language: str) -> None:
    params = {p: SAMPLE[p] for p in PARAMS[kind]}
    subject, body = render(kind, language, params, "https://merit.example.go.id/")
    assert subject and "{" not in subject + body
    assert "https://merit.example.go.id/api/v1/" in body and link(kind, params).startswith("/api/v1/")
    t = TEMPLATES[kind]
    used = {f for text in (t.route, t.subject[language], t.body[language])
            for _, f, _, _ in string.Formatter().parse(text) if f}
    assert used <= set(PARAMS[kind]), f"{kind} names {used - set(PARAMS[kind])} that producers need not send"
    other = render(kind, "en" if language == "id" else "id", params)[0]
    assert other != subject  # really translated
    assert set(TEMPLATES[kind].subject) == set(TEMPLATES[kind].body) == set(LANGUAGES)


@pytest.mark.parametrize(("language", "words"), [("id", "diterima"), ("en", "accepted")])
def test_codes_in_parameters_read_as_words(language: str, words: str) -> None:
    params = {p: SAMPLE[p] for p in PARAMS[Kind.APPEAL_DECIDED]}
    assert render(Kind.APPEAL_DECIDED, language, params)[0].endswith(words)


def test_a_digest_lists_each_item_with_its_link() -> None:
    items = [(Kind.SKP_RETURNED, {"plan_id": "p-1", "year": 2025}), (Kind.SKP_RETURNED, {"plan_id": "p-2", "year": 2026})]
    subject, body = render_digest("en", "2026-12-04", items)
    assert subject == "Merit digest 2026-12-04: 2 items await you"
    assert body.count("/api/v1/performance-plans/p-") == 2 and "Your 2025 SKP plan" in body


@pytest.mark.parametrize(("prefs", "kind", "mode"), [
    ({}, "skp_returned", Mode.IMMEDIATE),  # nothing chosen: immediately
    ({"*": "digest"}, "skp_returned", Mode.DIGEST),  # the person's default
    ({"*": "digest", "skp_returned": "off"}, "skp_returned", Mode.OFF),  # the kind's own row wins
    ({"*": "off", "skp_returned": "immediate"}, "skp_returned", Mode.IMMEDIATE),
    ({"skp_returned": "off"}, "skp_to_approve", Mode.IMMEDIATE),  # another kind's row does not apply
])
def test_the_mode_a_kind_follows(prefs: dict[str, str], kind: str, mode: Mode) -> None:
    assert mode_for(prefs, kind) is mode


@pytest.mark.parametrize(("mode", "email", "smtp", "state"), [
    (Mode.IMMEDIATE, "a@example.go.id", True, ("pending", False)),
    (Mode.DIGEST, "a@example.go.id", True, ("pending", True)),
    (Mode.OFF, "a@example.go.id", True, ("opted_out", False)),  # opted out even without an address or SMTP
    (Mode.OFF, None, False, ("opted_out", False)),
    (Mode.IMMEDIATE, None, True, ("no_address", False)),
    (Mode.DIGEST, "", True, ("no_address", False)),
    (Mode.IMMEDIATE, "a@example.go.id", False, ("not_sent", False)),  # no SMTP_HOST: kept, marked not sent
])
def test_the_state_a_new_notification_starts_in(mode: Mode, email: str | None, smtp: bool,
                                                 state: tuple[str, bool]) -> None:
    assert initial_state(mode, email, smtp) == state


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (6, 1920), (7, 3600), (20, 3600)])
def test_retries_double_up_to_an_hour(attempts: int, seconds: int) -> None:
    assert backoff(Settings(notify_retry_seconds=60), attempts) == timedelta(seconds=seconds)
