"""Language negotiation (Indonesian by default, English on request) and translated validation messages."""

from __future__ import annotations

from contextvars import ContextVar

current_lang: ContextVar[str] = ContextVar("current_lang", default="id")


def negotiate(accept_language: str | None) -> str:
    """Return "en" when the client prefers English over Indonesian, else "id"."""
    if not accept_language:
        return "id"
    best, best_q = "id", -1.0
    for part in accept_language.split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            b = b.strip()
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        lang = "en" if tag.startswith("en") else "id" if tag.startswith("id") or tag == "in" else None
        if lang and q > best_q:
            best, best_q = lang, q
    return best


# Pydantic error types with an Indonesian rendering; any other type gets a generic Indonesian message naming the
# type, never pydantic's English text (an answer is in one language).
_ID_MESSAGES: dict[str, str] = {
    "missing": "Wajib diisi.",
    "json_invalid": "JSON tidak valid; periksa sintaksnya (tanda kutip, koma, kurung) di posisi yang disebut lalu "
                    "kirim ulang.",
    "string_type": "Harus berupa teks.",
    "int_type": "Harus berupa bilangan bulat.",
    "int_parsing": "Harus berupa bilangan bulat.",
    "float_parsing": "Harus berupa angka.",
    "decimal_parsing": "Harus berupa angka desimal.",
    "bool_parsing": "Harus berupa true atau false.",
    "bool_type": "Harus berupa true atau false.",
    "date_from_datetime_parsing": "Harus berupa tanggal dengan format YYYY-MM-DD.",
    "date_parsing": "Harus berupa tanggal dengan format YYYY-MM-DD.",
    "date_type": "Harus berupa tanggal dengan format YYYY-MM-DD.",
    "datetime_parsing": "Harus berupa waktu ISO 8601.",
    "datetime_from_date_parsing": "Harus berupa waktu ISO 8601.",
    "uuid_parsing": "Harus berupa UUID yang valid.",
    "uuid_type": "Harus berupa UUID yang valid.",
    "enum": "Harus salah satu dari: {expected}.",
    "literal_error": "Harus salah satu dari: {expected}.",
    "string_too_short": "Terlalu pendek: minimal {min_length} karakter.",
    "string_too_long": "Terlalu panjang: maksimal {max_length} karakter.",
    "string_pattern_mismatch": "Format tidak sesuai pola {pattern}.",
    "greater_than": "Harus lebih besar dari {gt}.",
    "greater_than_equal": "Harus lebih besar dari atau sama dengan {ge}.",
    "less_than": "Harus lebih kecil dari {lt}.",
    "less_than_equal": "Harus lebih kecil dari atau sama dengan {le}.",
    "list_type": "Harus berupa daftar (array).",
    "dict_type": "Harus berupa objek.",
    "model_attributes_type": "Harus berupa objek.",
    "extra_forbidden": "Kolom ini tidak dikenal; hapus dari permintaan.",
    "too_short": "Terlalu sedikit elemen: minimal {min_length}.",
    "too_long": "Terlalu banyak elemen: maksimal {max_length}.",
    "value_error": "{error}",
}


def validation_message(err: dict, lang: str) -> str:
    msg = str(err.get("msg", ""))
    if lang == "en":
        return msg
    kind = str(err.get("type"))
    generic = f"Nilai tidak valid ({kind}); periksa isian ini."
    template = _ID_MESSAGES.get(kind)
    if template is None:
        return generic
    ctx = {k: v for k, v in (err.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return generic
