"""Production refuses development defaults; language negotiation; validation messages in Indonesian."""

from __future__ import annotations

import pytest

from merit_shared.i18n import negotiate, validation_message
from merit_shared.settings import Settings


def test_production_refuses_development_defaults() -> None:
    with pytest.raises(SystemExit, match="SERVICE_CLIENT_SECRET"):
        Settings(merit_env="production", database_url="postgresql://db/merit").refuse_unsafe_production()
    with pytest.raises(SystemExit, match="DATABASE_URL"):
        Settings(merit_env="production", database_url=None,
                 service_client_secret="s3cret-from-vault").refuse_unsafe_production()
    Settings(merit_env="production", database_url="postgresql://db/merit",
             service_client_secret="s3cret-from-vault").refuse_unsafe_production()
    Settings(merit_env="development").refuse_unsafe_production()


@pytest.mark.parametrize(
    ("header", "lang"),
    [(None, "id"), ("", "id"), ("en", "en"), ("en-US,en;q=0.9", "en"), ("id-ID,id;q=0.9,en;q=0.8", "id"),
     ("fr", "id"), ("fr, en;q=0.5", "en"), ("en;q=0.3, id;q=0.7", "id")],
)
def test_negotiate(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang


def test_validation_messages_translate_with_context() -> None:
    err = {"type": "greater_than_equal", "msg": "Input should be greater than or equal to 1", "ctx": {"ge": 1}}
    assert validation_message(err, "id") == "Harus lebih besar dari atau sama dengan 1."
    assert validation_message(err, "en") == "Input should be greater than or equal to 1"
    # An untranslated type stays Indonesian (one language per answer), naming the type.
    assert validation_message({"type": "unheard_of", "msg": "Original"}, "id") == ("Nilai tidak valid (unheard_of); "
                                                                                  "periksa isian ini.")
    assert validation_message({"type": "unheard_of", "msg": "Original"}, "en") == "Original"
