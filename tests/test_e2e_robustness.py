"""No request of any shape answers 5xx, through the gateway against the real services: NUL characters, numbers
beyond 64 bits, malformed JSON, invalid UTF-8, an over-long URL, and database connections terminated under
the services' feet. Every operation of the merged OpenAPI is swept, so a new route is covered automatically."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from merit_shared import testing
from merit_shared.db import asyncpg_kwargs
from merit_shared.settings import DEV_SERVICE_SECRET
from merit_shared.stack import Stack
from tests.conftest import create_user, login, ok

HUGE = "100000000000000000000"


@pytest.fixture(scope="module")
def admin(gw: httpx.Client, platform: dict[str, str]) -> dict[str, str]:
    tag = uuid.uuid4().hex[:8].upper()
    agency = ok(gw.post("/api/v1/agencies", headers=platform, json={
        "code": f"ROB-{tag}", "name": f"Pemerintah Kota Kokoh {tag}", "kind": "PEMDA_KOTA"}), 201)
    return login(gw, create_user(gw, platform, agency["id"], ["agency_admin"]))


@pytest.fixture(scope="module")
def operations(gw: httpx.Client) -> list[tuple[str, str, dict[str, Any]]]:
    doc = gw.get("/openapi.json").json()
    return [(m.upper(), path, op) for path, item in doc["paths"].items() for m, op in item.items()
            if m in ("get", "post", "put", "patch", "delete")]


def _concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", str(uuid.uuid4()), path)


def _query_names(op: dict[str, Any]) -> list[str]:
    return [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]


# Words that appear only in one language's messages: an English answer must not carry the Indonesian ones and an
# Indonesian answer not pydantic's or JSON decoding's English.
INDONESIAN = re.compile(r"\b(tidak|harus|wajib|sudah|belum|silakan|periksa|kirim)\b", re.I)
ENGLISH = re.compile(r"\b(Field required|Input should|Expecting value|Extra inputs|JSON decode|Invalid JSON)\b")


def _texts(r: httpx.Response) -> list[str]:
    if not r.headers.get("content-type", "").startswith("application/problem+json"):
        return []
    doc = r.json()
    return [str(doc.get("title") or ""), str(doc.get("detail") or ""),
            *(str(e.get("msg", "")) for e in doc.get("errors") or [])]


def _assert_one_language(rs: list[tuple[str, httpx.Response]], lang: str) -> None:
    pattern = INDONESIAN if lang == "en" else ENGLISH
    mixed = [f"{what}: {t}" for what, r in rs for t in _texts(r) if pattern.search(t)]
    assert mixed == []


def _assert_no_5xx(rs: list[tuple[str, httpx.Response]]) -> None:
    bad = [f"{what} -> {r.status_code} {r.text[:200]}" for what, r in rs if r.status_code >= 500]
    assert bad == []
    wrong_type = [what for what, r in rs if r.status_code >= 400 and r.content
                  and not r.headers.get("content-type", "").startswith("application/problem+json")]
    assert wrong_type == []


def test_nul_and_huge_numbers_in_query_strings_never_answer_5xx(gw: httpx.Client, admin: dict[str, str],
                                                                operations: list[Any]) -> None:
    answers = []
    for method, path, op in operations:
        names = _query_names(op)
        if method != "GET" or not names:
            continue
        url = _concrete(path)
        for name in names:
            for value in (HUGE, "a\x00b", "-" + HUGE):
                answers.append((f"GET {path}?{name}={value!r}", gw.get(url, params={name: value}, headers=admin)))
    assert len(answers) > 50
    _assert_no_5xx(answers)
    _assert_one_language(answers, "id")
    paged = gw.get("/api/v1/public/selections", params={"offset": HUGE})
    assert paged.status_code == 422 and paged.json()["errors"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("body", [
    b'{"name": "a\\u0000b", "code": "X\\u0000"}',
    ('{"year": ' + HUGE + ', "required_seats": ' + HUGE + "}").encode(),
    b'{"name": "unterminated',
    b'\xff\xfe{"name": "\xc3\x28"}',
    b"[1, 2, 3]",
])
def test_malformed_bodies_never_answer_5xx(gw: httpx.Client, admin: dict[str, str], operations: list[Any],
                                           body: bytes) -> None:
    for lang in ("en", "id"):
        answers = []
        for method, path, op in operations:
            if method not in ("POST", "PUT", "PATCH") or "requestBody" not in op:
                continue
            answers.append((f"{method} {path}", gw.request(method, _concrete(path), content=body, headers={
                **admin, "Content-Type": "application/json", "Accept-Language": lang})))
        assert len(answers) > 30
        _assert_no_5xx(answers)
        _assert_one_language(answers, lang)
        assert any(r.status_code == 422 for _, r in answers)


def test_an_overlong_url_gets_a_problem_document(stack: Stack) -> None:
    # Sent on a raw socket: HTTP clients refuse to build a URL this long, but other systems may send one.
    with socket.create_connection(("127.0.0.1", stack.ports["gateway"]), timeout=10) as sock:
        sock.sendall(f"GET /api/v1/employees?q={'x' * 100_000} HTTP/1.1\r\nHost: merit\r\nAccept-Language: en\r\n"
                     "Connection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414")
    assert b"content-type: application/problem+json" in head.lower()
    assert json.loads(body)["code"] == "uri_too_long"


async def _terminate_service_connections() -> int:
    conn = await asyncpg.connect(**asyncpg_kwargs(testing.test_database_url(testing.test_database_name("_e2e"))))  # type: ignore[arg-type]
    try:
        rows = await conn.fetch("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid() AND application_name LIKE 'merit-%'")
        return len(rows)
    finally:
        await conn.close()


def test_terminated_database_connections_are_replaced_without_a_5xx(gw: httpx.Client, stack: Stack,
                                                                    platform: dict[str, str],
                                                                    admin: dict[str, str]) -> None:
    probes = [("GET", "/api/v1/org-units"), ("GET", "/api/v1/employees"), ("GET", "/api/v1/evaluation-periods"),
              ("GET", "/api/v1/selections"), ("GET", "/api/v1/public/selections"), ("GET", "/api/v1/users")]
    for method, path in probes:  # every pool holds a connection
        assert gw.request(method, path, headers=admin).status_code == 200
    for _ in range(2):
        assert asyncio.run(_terminate_service_connections()) > 0
        answers = [(f"{m} {p}", gw.request(m, p, headers=admin)) for m, p in probes]
        token = gw.post("/api/v1/auth/token", data={"grant_type": "client_credentials", "client_id": "svc-positions",
                                                     "client_secret": DEV_SERVICE_SECRET})
        answers.append(("POST /auth/token", token))
        answers += [(f"{name} /readyz", httpx.get(stack.url(name) + "/readyz")) for name in stack.ports]
        assert [(w, r.status_code) for w, r in answers if r.status_code != 200] == []
