import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from merit_recruitment.rules import (
    PUBLIC_FIELDS,
    PublicationPolicy,
    SelectionStatus,
    appeal_deadline,
    appeal_open,
    canonical_json,
    content_hash,
    mask_nip,
    public_applicant_row,
)
from merit_shared.errors import Invalid

UTC = UTC
WIB = timezone(timedelta(hours=7))


@pytest.mark.parametrize("value, expected", [
    ({"b": 1, "a": [1, 2]}, b'{"a":[1,2],"b":1}'),
    ({"z": {"y": 1, "x": 2}}, b'{"z":{"x":2,"y":1}}'),
    ({"nama": "Dinas Pendidikan dan Kebudayaan — Tangsel"},
     '{"nama":"Dinas Pendidikan dan Kebudayaan — Tangsel"}'.encode()),
    ({"score": Decimal("81.2350")}, b'{"score":"81.2350"}'),
    ({"d": date(2025, 1, 2)}, b'{"d":"2025-01-02"}'),
    ({"t": datetime(2025, 1, 2, 16, 0, tzinfo=WIB)}, b'{"t":"2025-01-02T09:00:00Z"}'),
    ({"s": SelectionStatus.CLOSED, "n": None, "ok": True}, b'{"n":null,"ok":true,"s":"CLOSED"}'),
    ({"t": (1, "x")}, b'{"t":[1,"x"]}'),
])
def test_canonical_json(value, expected):
    assert canonical_json(value) == expected


def test_content_hash_is_sha256_of_canonical_bytes_and_order_independent():
    a = {"title": "Seleksi JPT Pratama", "rows": [{"n": "A", "r": "LULUS"}], "published": date(2025, 1, 2)}
    b = {"published": date(2025, 1, 2), "rows": [{"r": "LULUS", "n": "A"}], "title": "Seleksi JPT Pratama"}
    assert content_hash(a) == content_hash(b) == hashlib.sha256(canonical_json(a)).hexdigest()
    assert content_hash(a) != content_hash({**a, "title": "Seleksi JPT Madya"})
    assert len(content_hash(a)) == 64


@pytest.mark.parametrize("bad", [{"t": datetime(2025, 1, 1)}, {"x": float("nan")}, {1: "a"}, {"o": object()}])
def test_canonical_json_rejects_ambiguous_values(bad):
    with pytest.raises(Invalid):
        canonical_json(bad)


@pytest.mark.parametrize("nip, visible, expected", [
    ("196608011988031001", 4, "**************1001"),
    ("19660801 198803 1 001", 4, "**************1001"),
    ("196608011988031001", 3, "***************001"),
    ("196608011988031001", 0, "******************"),
])
def test_mask_nip_hides_birth_and_cpns_dates(nip, visible, expected):
    masked = mask_nip(nip, PublicationPolicy(nip_visible_suffix=visible))
    assert masked == expected
    assert "19660801" not in masked and len(masked) == 18


@pytest.mark.parametrize("bad", ["12345", "19660801198803100A", "1966080119880310011", ""])
def test_mask_nip_rejects_non_nip(bad):
    with pytest.raises(Invalid) as e:
        mask_nip(bad)
    assert e.value.field == "nip"


def test_policy_refuses_revealing_more_than_four_digits():
    with pytest.raises(Invalid):
        PublicationPolicy(nip_visible_suffix=8)


def test_public_row_keeps_only_allowed_fields():
    row = {"name": "Budi Santoso", "current_position": "Kepala Bidang", "agency": "BKPSDM",
           "nip": "196608011988031001", "result": SelectionStatus.CLOSED, "nik": "3674010101660001",
           "birth_date": date(1966, 8, 1), "phone": "08123456789", "address": "Jl. Raya Serpong", "score": 81}
    out = public_applicant_row(row).to_dict()
    assert tuple(sorted(out)) == tuple(sorted(PUBLIC_FIELDS))
    assert out["nip_masked"] == "**************1001" and out["result"] == "CLOSED"
    text = canonical_json(out).decode()
    for secret in ("3674010101660001", "1966-08-01", "08123456789", "Serpong", "19660801"):
        assert secret not in text


def test_public_row_requires_name_nip_result():
    with pytest.raises(Invalid) as e:
        public_applicant_row({"name": "X", "nip": "196608011988031001"})
    assert e.value.field == "result"


PUB = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("now, days, is_open", [
    (PUB - timedelta(microseconds=1), 3, False),  # before publication
    (PUB, 3, True),                                # start inclusive
    (PUB + timedelta(days=2, hours=23, minutes=59), 3, True),
    (PUB + timedelta(days=3) - timedelta(microseconds=1), 3, True),
    (PUB + timedelta(days=3), 3, False),           # end exclusive: exactly 72 hours later is closed
    (PUB + timedelta(days=4), 3, False),
    (PUB + timedelta(days=4), 5, True),            # policy override
    (datetime(2025, 1, 13, 15, 59, tzinfo=WIB), 3, True),   # 08:59 UTC
    (datetime(2025, 1, 13, 16, 0, tzinfo=WIB), 3, False),   # 09:00 UTC
])
def test_appeal_window(now, days, is_open):
    assert appeal_open(PUB, now, days) is is_open


def test_appeal_default_from_policy_and_deadline():
    assert appeal_deadline(PUB) == datetime(2025, 1, 13, 9, 0, tzinfo=UTC)
    assert appeal_open(PUB, PUB + timedelta(days=3, hours=-1))
    assert appeal_open(PUB, PUB + timedelta(days=3, hours=-1), policy=PublicationPolicy(appeal_window_days=2)) is False
    assert PublicationPolicy.from_dict(PublicationPolicy().to_dict()) == PublicationPolicy()


@pytest.mark.parametrize("pub, now", [(datetime(2025, 1, 1), PUB), (PUB, datetime(2025, 1, 11))])
def test_appeal_refuses_naive_datetimes(pub, now):
    with pytest.raises(Invalid):
        appeal_open(pub, now)
