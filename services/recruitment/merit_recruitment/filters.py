"""List filters that take one of a fixed set of codes: an unknown code is a 422 naming the query parameter, not
an empty page the caller would take for "nothing there"."""

from __future__ import annotations

from collections.abc import Iterable

from merit_recruitment.common.errors import UNKNOWN_FILTER_VALUE


def code_filter(value: str | None, allowed: Iterable[str], name: str) -> str | None:
    if not value:
        return None
    code = value.strip().upper()
    options = list(allowed)
    if code not in options:
        raise UNKNOWN_FILTER_VALUE.error(field=f"query.{name}", join_options=', '.join(options), name=name, value=value)
    return code
