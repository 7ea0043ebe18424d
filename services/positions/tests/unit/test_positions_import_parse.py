"""Reading an uploaded CSV: a broken file is a 422 problem (csv_malformed), never a server error."""

from __future__ import annotations

import pytest

from merit_positions.imports.parse import read_table
from merit_shared.errors import DomainError


def test_bare_carriage_returns_split_rows_like_newlines() -> None:
    rows = read_table("units.csv", b"code,name\rA,Satu\rB,Dua\r")
    assert [r for _, r in rows] == [{"code": "A", "name": "Satu"}, {"code": "B", "name": "Dua"}]


def test_a_field_beyond_the_csv_limit_is_refused_as_malformed() -> None:
    with pytest.raises(DomainError) as exc:
        read_table("units.csv", b'code,name\nA,"' + b"x" * 200_000 + b'"\n')
    assert exc.value.code == "csv_malformed" and exc.value.status == 422 and exc.value.field == "file"
