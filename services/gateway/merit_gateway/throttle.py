"""Login throttling: too many failed logins for one username, or from one client address, answer 429.

State lives in the gateway's database (``gateway.login_throttle``), so it survives restarts and is shared by every
gateway process. A key's window opens with its first failure; ``max_failures`` failures within ``window_seconds``
lock the key until that window ends. A successful login clears the username's count (never the address's: one
good account must not hide a password spray from the same address).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from merit_gateway.models import LoginThrottle
from merit_shared import clock as shared_clock
from merit_shared.errors import DomainError
from merit_shared.settings import Settings


class TooManyAttempts(DomainError):
    def __init__(self, retry_after: int, by_address: bool) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        who_id, who_en = (("alamat Anda", "your address") if by_address else ("akun ini", "this account"))
        super().__init__(
            code="too_many_attempts", status=429,
            message_id=f"Terlalu banyak percobaan masuk yang gagal dari {who_id}; coba lagi dalam {minutes} menit "
                       f"(kata sandi yang benar pun ditolak sampai saat itu).",
            message_en=f"Too many failed login attempts for {who_en}; try again in {minutes} minute(s) (until then "
                       f"even the right password is refused).",
            extra={"retry_after": retry_after})


class Throttle:
    def __init__(self, max_failures: int, window_seconds: int, max_failures_per_address: int,
                 clock: Callable[[], datetime] = shared_clock.utcnow) -> None:
        self.max_failures = max_failures
        self.window = timedelta(seconds=window_seconds)
        self.max_failures_per_address = max_failures_per_address
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings) -> Throttle:
        return cls(settings.login_max_failures, settings.login_failure_window_seconds,
                   settings.login_max_failures_per_address)

    def _now(self) -> datetime:
        return self.clock()

    def _keys(self, username: str, address: str | None) -> dict[str, int]:
        """key -> its limit; a limit of 0 turns that kind of throttling off."""
        keys = {}
        if self.max_failures > 0:
            keys[f"user:{username.strip().lower()}"] = self.max_failures
        if address and self.max_failures_per_address > 0:
            keys[f"addr:{address}"] = self.max_failures_per_address
        return keys

    async def check(self, sessionmaker: Any, username: str, address: str | None) -> None:
        """Raise 429 ``too_many_attempts`` (with the seconds to wait) while the username or the address is locked."""
        keys = self._keys(username, address)
        if not keys:
            return
        now = self._now()
        async with sessionmaker() as session:
            rows = (await session.execute(sa.select(LoginThrottle).where(LoginThrottle.key.in_(keys)))).scalars()
            waits = [(math.ceil((row.window_start + self.window - now).total_seconds()), row.key.startswith("addr:"))
                     for row in rows if row.failures >= keys[row.key] and row.window_start + self.window > now]
        if waits:
            wait, by_address = max(waits)
            raise TooManyAttempts(max(1, wait), by_address)

    async def failed(self, sessionmaker: Any, username: str, address: str | None) -> None:
        """Count one failure for the username and the address, in a transaction of its own (the request's rolls
        back with the error it answers)."""
        keys = self._keys(username, address)
        if not keys:
            return
        now = self._now()
        expired = LoginThrottle.window_start <= now - self.window
        async with sessionmaker() as session, session.begin():
            for key in sorted(keys):  # one lock order for concurrent failures
                stmt = insert(LoginThrottle).values(key=key, failures=1, window_start=now)
                stmt = stmt.on_conflict_do_update(index_elements=[LoginThrottle.key], set_={
                    "failures": sa.case((expired, 1), else_=LoginThrottle.failures + 1),
                    "window_start": sa.case((expired, now), else_=LoginThrottle.window_start)})
                await session.execute(stmt)
        # Forget windows that have ended (random usernames must not grow the table for ever); rows another
        # transaction holds are left for the next failure.
        async with sessionmaker() as session, session.begin():
            old = (sa.select(LoginThrottle.key).where(LoginThrottle.window_start <= now - self.window)
                   .with_for_update(skip_locked=True).limit(1000))
            await session.execute(sa.delete(LoginThrottle).where(LoginThrottle.key.in_(old.scalar_subquery())))

    async def succeeded(self, sessionmaker: Any, username: str) -> None:
        if self.max_failures <= 0:
            return
        async with sessionmaker() as session, session.begin():
            await session.execute(sa.delete(LoginThrottle).where(
                LoginThrottle.key == f"user:{username.strip().lower()}"))
