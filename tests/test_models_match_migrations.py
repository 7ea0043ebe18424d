"""The SQLAlchemy models and the Alembic migrations describe the same database.

For each service a fresh schema is migrated by the real migrations, then compared with the service's
``Base.metadata`` in two ways:

1. Alembic's autogenerate comparison (``compare_metadata``): tables, columns, types, nullability, indexes,
   unique constraints and foreign keys. An empty diff means ``alembic revision --autogenerate`` would write
   nothing.
2. A catalog comparison for what autogenerate does not look at, or not exactly: CHECK and EXCLUDE constraints,
   the names and options of primary key, unique and foreign key constraints (``DEFERRABLE``, ``ON DELETE``),
   and the exact definition of every index (partial ``WHERE`` clauses, expressions, access methods and
   operator classes).
   The models are created with ``metadata.create_all`` in a scratch schema of the same database, and
   PostgreSQL's own rendering (``pg_get_constraintdef`` / ``pg_get_indexdef``) of both schemas is compared
   by constraint and index name, so equivalent spellings of one expression never count as a difference.

Deliberately not compared (each rule is applied below where it matters):
- server defaults (``compare_server_default=False``): PostgreSQL reports them in its own spelling
  (``'WIB'::character varying``, ``now()``), so comparing them is noise; the defaults that matter for inserts
  are the Python-side ``default=`` of the models anyway.
- tables only the migrations have on purpose (``MIGRATION_ONLY_TABLES``: Alembic's version table).
- triggers and functions (e.g. positions' seat-count trigger): models cannot declare them; they live in
  the migrations only.
"""

from __future__ import annotations

import importlib
import pprint
import re
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from merit_shared import testing  # not its test_* functions by name: pytest would collect them here
from merit_shared.db import asyncpg_kwargs, bootstrap_schema, database_name, make_engine, with_database
from merit_shared.migrations import upgrade_to_head

SERVICES = ("gateway", "positions", "evaluation", "recruitment")
MIGRATION_ONLY_TABLES = {"alembic_version"}
SCRATCH_PREFIX = "zz_models_"


async def _execute(url: str, sql: str) -> None:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(scope="module")
async def db_url() -> AsyncIterator[str]:
    """A database of this test's own, created afresh and dropped afterwards."""
    url = testing.test_database_url(testing.test_database_name("_models"))
    name, admin = database_name(url), with_database(url, "postgres")
    await _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _execute(admin, f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        await _execute(admin, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _metadata(service: str) -> sa.MetaData:
    return importlib.import_module(f"merit_{service}.models").Base.metadata  # type: ignore[no-any-return]


def _autogenerate_diff(conn: sa.Connection, schema: str, metadata: sa.MetaData) -> list[Any]:
    def include_name(name: str | None, type_: str, parent_names: dict[str, str | None]) -> bool:
        if type_ == "schema":
            return name == schema  # only this service's schema (not public, not the other services')
        if type_ == "table":
            return name not in MIGRATION_ONLY_TABLES
        return True

    ctx = MigrationContext.configure(conn, opts={
        "include_schemas": True,
        "include_name": include_name,
        "compare_type": True,
        "compare_server_default": False,  # see the module docstring
    })
    return list(compare_metadata(ctx, metadata))


def _describe(item: Any) -> str:
    """One autogenerate diff item as a line a person can read (the raw tuple when its shape is unknown)."""
    if isinstance(item, list):  # column modifications come grouped per column
        return "\n".join(_describe(i) for i in item)
    op, *args = item
    if op.startswith("modify_"):  # (op, schema, table, column, info, migrations' value, models' value)
        _schema, table, column, _info, got, want = args
        return f"{table}.{column}: {op[7:]} is {got!r} in the migrations, {want!r} in the models"
    obj = args[-1]
    if op.endswith("_table"):
        where = "models" if op == "add_table" else "migrations"
        return f"table {obj.name} only in the {where}"
    if op.endswith("_column"):
        where = "models" if op == "add_column" else "migrations"
        return f"{args[1]}.{obj.name}: column only in the {where} ({obj.type}, nullable={obj.nullable})"
    if op.endswith(("_index", "_constraint", "_fk")):
        where = "models" if op.startswith("add_") else "migrations"
        table = obj.table.name if obj.table is not None else "?"
        cols = ", ".join(str(e) for e in getattr(obj, "expressions", None) or obj.columns.keys())
        if isinstance(obj, sa.ForeignKeyConstraint):
            cols += f" -> {obj.referred_table.name}"
        return f"{table}: {op[op.index('_') + 1:]} {obj.name or '(unnamed)'} ({cols}) only in the {where}"
    return pprint.pformat(item, width=140)


CATALOG = """
SELECT 'constraint' AS kind, t.relname AS tbl, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
  FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
 WHERE n.nspname = $1 AND c.contype IN ('p', 'u', 'f', 'c', 'x')
UNION ALL
SELECT 'index', i.tablename, i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = $1
"""


async def _catalog(url: str, schema: str) -> dict[tuple[str, str, str], str]:
    conn = await asyncpg.connect(**asyncpg_kwargs(url))  # type: ignore[arg-type]
    try:
        rows = await conn.fetch(CATALOG, schema)
    finally:
        await conn.close()
    # The two schemas' names differ; where a definition names its own schema (ON <schema>.table), it is masked.
    own = re.compile(rf"(?<![\w.]){re.escape(schema)}\.")
    return {(r["kind"], r["tbl"], r["name"]): own.sub("<schema>.", r["definition"])
            for r in rows if r["tbl"] not in MIGRATION_ONLY_TABLES}


def _catalog_diff(migrated: dict[tuple[str, str, str], str], modelled: dict[tuple[str, str, str], str]) -> list[str]:
    out = []
    for key in sorted(migrated.keys() | modelled.keys()):
        kind, table, name = key
        got, want = migrated.get(key), modelled.get(key)
        if got == want:
            continue
        if want is None:
            out.append(f"{table}: {kind} {name} only in the migrations: {got}")
        elif got is None:
            out.append(f"{table}: {kind} {name} only in the models: {want}")
        else:
            out.append(f"{table}: {kind} {name} differs:\n    migrations: {got}\n    models:     {want}")
    return out


@pytest.mark.parametrize("service", SERVICES)
async def test_models_match_migrations(db_url: str, service: str) -> None:
    metadata = _metadata(service)
    schema = metadata.schema
    assert schema == service, f"merit_{service}.models.Base.metadata.schema is {schema!r}"

    role = await bootstrap_schema(db_url, schema)
    await upgrade_to_head(f"merit_{service}", db_url, schema, role)

    # Models as the code declares them, in a scratch schema next to the migrated one.
    scratch = SCRATCH_PREFIX + schema
    await _execute(db_url, f'DROP SCHEMA IF EXISTS "{scratch}" CASCADE; CREATE SCHEMA "{scratch}"')
    # search_path "public" (no role): the service's schema must be a named, non-default schema for Alembic,
    # as the models name it (Base.metadata.schema); as the default schema it would be reported as None.
    engine = make_engine(db_url, "public", None, pool_size=1)
    scratch_engine = make_engine(db_url, scratch, None, pool_size=1)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(_autogenerate_diff, schema, metadata)
        async with scratch_engine.begin() as conn:
            translated = await conn.execution_options(schema_translate_map={schema: scratch})
            await translated.run_sync(metadata.create_all)
    finally:
        await engine.dispose()
        await scratch_engine.dispose()

    migrated = await _catalog(db_url, schema)
    modelled = await _catalog(db_url, scratch)
    problems = [_describe(d) for d in diff] + _catalog_diff(migrated, modelled)
    assert not problems, (f"merit_{service}: the models and the migrations disagree ({len(problems)}):\n"
                          + "\n".join(problems))
