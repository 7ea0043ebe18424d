"""List filters that take one of a fixed set of codes: an unknown code is a 422 naming the query parameter, not
an empty page the caller would take for "nothing there"."""

from __future__ import annotations

from collections.abc import Iterable

from merit_shared.errors import Invalid


def code_filter(value: str | None, allowed: Iterable[str], name: str) -> str | None:
    if not value:
        return None
    code = value.strip().upper()
    options = list(allowed)
    if code not in options:
        raise Invalid("unknown_filter_value", f"Nilai '{value}' untuk {name} tidak dikenal; gunakan salah satu: "
                      f"{', '.join(options)}.", f"Unknown value '{value}' for {name}; use one of: {', '.join(options)}.",
                      field=f"query.{name}")
    return code
