"""Test support used by every service's tests: a test database, a token minter, an in-process client.

Tests talk to a real PostgreSQL (DATABASE_URL, or the embedded server) in a database of their own,
migrated by the real Alembic migrations at application start-up.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from jwt.algorithms import RSAAlgorithm

from merit_shared.auth import TokenVerifier
from merit_shared.db import admin_url, with_database
from merit_shared.settings import Settings


def test_database_name(suffix: str = "") -> str:
    """Each test run has its own databases (MERIT_TEST_RUN), so runs on one server never collide."""
    return f"merit_test_{os.environ.get('MERIT_TEST_RUN', 'local')}{suffix}"


def test_database_url(name: str | None = None) -> str:
    """URL of a test database on the configured server (embedded when DATABASE_URL is unset)."""
    return with_database(admin_url(Settings()), name or test_database_name())


class TokenFactory:
    """Signs tokens with a throw-away key; services under test verify against its JWKS."""

    def __init__(self, issuer: str = "merit-gateway", audience: str = "merit") -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = uuid.uuid4().hex[:16]
        self.issuer = issuer
        self.audience = audience

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(None, self.issuer, self.audience, static_jwks=self.jwks())

    def token(self, *roles: str, agency_id: object = None, unit_id: object = None, employee_id: object = None,
              nip: str | None = None, sub: str | None = None, ttl: int = 600, **extra: Any) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": self.audience, "sub": sub or f"test-{uuid.uuid4().hex[:8]}",
                  "iat": now, "exp": now + ttl, "roles": list(roles),
                  "agency_id": str(agency_id) if agency_id else None, "unit_id": str(unit_id) if unit_id else None,
                  "employee_id": str(employee_id) if employee_id else None, "nip": nip, **extra}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": self.kid})

    def headers(self, *roles: str, **kw: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(*roles, **kw)}"}


@asynccontextmanager
async def running_app(app: FastAPI, tokens: TokenFactory) -> AsyncIterator[httpx.AsyncClient]:
    """Run the app's lifespan (bootstrap + migrations), trust ``tokens``, and yield an in-process client."""
    async with app.router.lifespan_context(app):
        app.state.verifier = tokens.verifier()
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


def use_test_database() -> str:
    """Point this process at the test database (call before building the app's Settings)."""
    url = test_database_url()
    os.environ["DATABASE_URL"] = url
    return url


class SmtpSink:
    """A real SMTP server for tests (aiosmtpd, a dev dependency, in its own thread) that keeps every message it
    receives: ``messages_to(address)`` reads them, ``wait_for`` waits until a recipient has some."""

    def __init__(self) -> None:
        import threading

        self.received: list[tuple[list[str], Any]] = []
        self._lock = threading.Lock()
        self.controller: Any = None
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        import email
        import email.policy

        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(([str(r).lower() for r in envelope.rcpt_tos], msg))
        return "250 Message accepted for delivery"

    def start(self) -> SmtpSink:
        import socket

        from aiosmtpd.controller import Controller

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()

    def messages_to(self, address: str) -> list[Any]:
        with self._lock:
            return [m for rcpts, m in self.received if address.lower() in rcpts]

    def wait_for(self, address: str, count: int = 1, timeout: float = 30.0) -> list[Any]:
        """The messages to ``address`` once there are at least ``count`` (AssertionError after ``timeout``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.messages_to(address)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError(f"{address} got {len(self.messages_to(address))} e-mails, expected {count}")
