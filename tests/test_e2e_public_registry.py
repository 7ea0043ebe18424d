"""The public registry (issue #14, placements in the open): who holds each managerial seat, as of any date, with
no login, through the gateway, two agencies. Only the fields the policy allows leave the registry."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from datetime import date, timedelta
from typing import Any

import httpx

from tests.conftest import ok
from tests.test_e2e_acting import acting, definitive
from tests.test_e2e_scheduler import person, seat
from tests.world import TODAY, World

# Every field a directory entry may carry, and why it is public.
ALLOWED_OFFICIAL = {"position_id", "position", "job_kind", "kelas_jabatan", "is_head", "unit_id", "unit", "holders"}
ALLOWED_HOLDER = {
    "name",        # as on the published SK
    "nip_masked",  # the last four digits only: the first 14 are the birth and CPNS dates
    "kind",        # definitive or Plt/Plh: the public must know who acts
    "since",       # the SK's TMT
}


def code_of(w: World) -> str:
    return str(ok(w.gw.get(f"/api/v1/agencies/{w.agency_id}", headers=w.admin))["code"])


def directory(gw: httpx.Client, code: str, **params: Any) -> dict[str, Any]:
    return dict(ok(gw.get(f"/api/v1/public-registry/{code}/officials", params={"limit": 200, **params})))


def test_the_directory_shows_every_managerial_seat_and_its_holders_with_nothing_private(
        gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    head = seat(a, "Kepala Bidang Pelayanan", True)
    sitting = person(a, "Dewi Lestari", date(1978, 5, 17), None)
    definitive(a, sitting, head, start=-30)
    acting_seat = seat(a, "Kepala Bidang Sarana", True)
    acting(a, person(a, "Agus Plt", date(1980, 1, 9), None), acting_seat, start=-5)
    person(b, "Orang Lain", date(1979, 3, 3), seat(b, "Sekretaris Kota Lain"))

    doc = directory(gw, code_of(a))
    assert doc["as_of"] == TODAY.isoformat() and doc["total"] == len(doc["items"])
    by_seat = {i["position_id"]: i for i in doc["items"]}
    assert by_seat[a.head_position]["holders"] == [] and by_seat[a.head_position]["job_kind"] == "JPT_PRATAMA"
    [holder] = by_seat[head]["holders"]
    assert holder == {"name": "Dewi Lestari", "nip_masked": "*" * 14 + sitting["nip"][-4:], "kind": "definitive",
                      "since": (TODAY - timedelta(days=30)).isoformat()}
    assert [h["kind"] for h in by_seat[acting_seat]["holders"]] == ["plt"]
    # the JPT seat comes first (the organisation chart, top down)
    assert doc["items"][0]["job_kind"] == "JPT_PRATAMA"
    for item in doc["items"]:
        assert set(item) == ALLOWED_OFFICIAL
        for h in item["holders"]:
            assert set(h) == ALLOWED_HOLDER and h["nip_masked"].startswith("*" * 14)
    text = str(doc)
    assert sitting["nip"] not in text and "1978-05-17" not in text and "Orang Lain" not in text

    # as of a date before the appointment the seat is vacant; before the Plt it has no acting either
    before = {i["position_id"]: i for i in directory(gw, code_of(a), as_of=(TODAY - timedelta(days=31)).isoformat())
              ["items"]}
    assert before[head]["holders"] == [] and before[acting_seat]["holders"] == []
    # the other agency's directory has only its own people
    assert "Dewi Lestari" not in str(directory(gw, code_of(b)))


def test_the_directory_is_open_data_cacheable_and_refuses_unknown_agencies(gw: httpx.Client,
                                                                        platform: dict[str, str]) -> None:
    a = World(gw, platform)
    head = seat(a, "Kepala Bidang Data", True)
    definitive(a, person(a, "Rudi Hartono", date(1976, 8, 1), None), head, start=-3)
    code = code_of(a)
    r = gw.get(f"/api/v1/public-registry/{code}/officials")
    assert r.status_code == 200 and r.headers["cache-control"].startswith("public, max-age=")
    again = gw.get(f"/api/v1/public-registry/{code}/officials", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    page = ok(gw.get(f"/api/v1/public-registry/{code}/officials", params={"limit": 1, "offset": 1}))
    assert len(page["items"]) == 1 and page["total"] == r.json()["total"] and page["offset"] == 1

    csv_r = gw.get(f"/api/v1/public-registry/{code}/officials", params={"format": "csv"},
                   headers={"Accept-Language": "en"})
    assert csv_r.status_code == 200 and csv_r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_r.text.lstrip("\ufeff"))))
    assert "Position" in rows[0] or any("Position" in row for row in rows[:3])
    assert any("Rudi Hartono" in row for row in rows) and not any(len(c) == 18 and c.isdigit()
                                                                   for row in rows for c in row)

    missing = gw.get("/api/v1/public-registry/TIDAK-ADA/officials", headers={"Accept-Language": "en"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    bad = gw.get(f"/api/v1/public-registry/{code}/officials", params={"as_of": "kemarin"})
    assert bad.status_code == 422


def placements(gw: httpx.Client, code: str, **params: Any) -> list[dict[str, Any]]:
    return list(ok(gw.get(f"/api/v1/public-registry/{code}/placements", params={"limit": 200, **params}))["items"])


def test_managerial_appointments_are_published_as_immutable_hash_stamped_placements_by_policy(
        gw: httpx.Client, platform: dict[str, str]) -> None:
    a, b = World(gw, platform), World(gw, platform)
    code = code_of(a)
    promoted = person(a, "Sri Wahyuni", date(1977, 4, 12), None)
    head = seat(a, "Kepala Bidang Mutasi", True)
    definitive(a, promoted, head, start=-2)  # reason promotion: published by default
    acting(a, person(a, "Nur Plt", date(1981, 6, 6), None), seat(a, "Kepala Bidang Arsip", True), start=-1)
    person(a, "Agus Awal", date(1979, 9, 9), seat(a, "Kepala Bidang Lama", True))  # reason initial: not published
    person(b, "Orang Kota Lain", date(1976, 2, 2), None)

    [placed] = placements(gw, code)
    snap = placed["snapshot"]
    assert snap == {"name": "Sri Wahyuni", "nip_masked": "*" * 14 + promoted["nip"][-4:],
                    "position": "Kepala Bidang Mutasi", "unit": "Bidang Kepala Bidang Mutasi",
                    "job_kind": "ADMINISTRATOR", "placement": "promotion", "sk_number": "821/DEF/01",
                    "sk_date": (TODAY - timedelta(days=3)).isoformat(), "tmt": (TODAY - timedelta(days=2)).isoformat()}
    canonical = json.dumps(snap, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    assert placed["content_hash"] == hashlib.sha256(canonical).hexdigest()  # anyone can check it
    one = gw.get(f"/api/v1/public-registry/{code}/placements/{placed['id']}")
    assert one.status_code == 200 and one.headers["etag"] == f'"{placed["content_hash"]}"'
    assert "immutable" in one.headers["cache-control"] and one.json()["snapshot"] == snap
    # another agency's code does not reach it; nor does its list show it
    assert gw.get(f"/api/v1/public-registry/{code_of(b)}/placements/{placed['id']}").status_code == 404
    assert placements(gw, code_of(b)) == []
    # the TMT filter, and a reversed range named
    assert placements(gw, code, **{"from": TODAY.isoformat()}) == []
    reversed_range = gw.get(f"/api/v1/public-registry/{code}/placements", params={"from": "2022-01-01",
                                                                                  "to": "2021-01-01"})
    assert reversed_range.status_code == 422 and reversed_range.json()["code"] == "date_range_reversed"

    # the agency stops publishing promotions: the next one stays off the public record
    ok(gw.put(f"/api/v1/agencies/{a.agency_id}/policy", headers=a.admin, json={
        "overrides": {"public_placement_reasons": ["selection_result"]}}))
    definitive(a, person(a, "Budi Promosi", date(1978, 8, 8), None), seat(a, "Kepala Bidang Baru", True), start=0)
    assert [p["snapshot"]["name"] for p in placements(gw, code)] == ["Sri Wahyuni"]
    bad = gw.put(f"/api/v1/agencies/{a.agency_id}/policy", headers=a.admin, json={
        "overrides": {"public_placement_reasons": ["acting"]}})
    assert bad.status_code == 422
