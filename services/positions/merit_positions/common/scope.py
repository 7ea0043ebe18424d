"""Tenancy and object-level authorization helpers shared by every area of the service.

Records of another agency answer 404 (ids never leak); a wrong role answers 403.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_positions.common.errors import (
    FORBIDDEN_THIS_EMPLOYEE_DOES_NOT,
    FORBIDDEN_THIS_POSITION_BELONGS_UNIT,
    FORBIDDEN_THIS_UNIT_OUTSIDE_YOUR,
    FORBIDDEN_YOU_CAN_ONLY_ACCESS,
)
from merit_positions.employees import queries
from merit_positions.seats.queries import ACTIVE_ON
from merit_shared.auth import Principal, Role
from merit_shared.clock import today
from merit_shared.error_codes import AGENCY_ID_REQUIRED, FORBIDDEN_YOUR_ROLE_NOT_SUFFICIENT, FORBIDDEN_YOUR_TOKEN_NOT_BOUND
from merit_shared.errors import NotFound

ADMIN = (Role.AGENCY_ADMIN,)
STAFF_READERS = (Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK, Role.SUPERVISOR, Role.EMPLOYEE, Role.PANEL_MEMBER,
                 Role.MACHINE_CLIENT)
REPORT_READERS = (Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK, Role.MACHINE_CLIENT)  # machine client: registry:read


def agency_of(principal: Principal, agency_id: uuid.UUID | None = None) -> uuid.UUID:
    """The agency a request works in: the caller's own, or for the service role the one it names."""
    if principal.is_service:
        if agency_id is None:
            raise AGENCY_ID_REQUIRED.error(field="query.agency_id")
        return agency_id
    if principal.agency_id is None:
        raise FORBIDDEN_YOUR_TOKEN_NOT_BOUND.error()
    own = uuid.UUID(principal.agency_id)
    if agency_id is not None and agency_id != own:
        raise FORBIDDEN_YOU_CAN_ONLY_ACCESS.error()
    return own


def owned(principal: Principal, record: Any, what: str, ident: object) -> Any:
    """404 when the record is missing or belongs to another agency."""
    if record is None:
        raise NotFound(what, ident)
    if not principal.is_service and str(record.agency_id) != (principal.agency_id or ""):
        raise NotFound(what, ident)
    return record


def require(principal: Principal, *roles: str) -> None:
    if principal.is_service or principal.has(*roles):
        return
    raise FORBIDDEN_YOUR_ROLE_NOT_SUFFICIENT.error(join_roles=', '.join(roles))


async def unit_subtree(session: AsyncSession, unit_id: uuid.UUID | str) -> set[uuid.UUID]:
    """The unit and all its current descendants."""
    rows = await session.execute(sa.text("""
        WITH RECURSIVE t AS (SELECT id FROM org_units WHERE id = :u
                             UNION ALL SELECT c.id FROM org_units c JOIN t ON c.parent_id = t.id)
        SELECT id FROM t"""), {"u": uuid.UUID(str(unit_id))})
    return {r[0] for r in rows}


async def require_unit_scope(session: AsyncSession, principal: Principal, unit_id: uuid.UUID) -> None:
    """Agency admins, PPK and services reach every unit; a unit admin only their subtree."""
    if principal.is_service or principal.has(Role.AGENCY_ADMIN, Role.PPK):
        return
    if principal.has(Role.UNIT_ADMIN) and principal.unit_id and unit_id in await unit_subtree(
            session, principal.unit_id):
        return
    raise FORBIDDEN_THIS_UNIT_OUTSIDE_YOUR.error()


def agency_wide(principal: Principal) -> bool:
    """Service, agency admin and PPK see and act on the whole agency; a unit admin only on their subtree."""
    return principal.is_service or principal.has(Role.AGENCY_ADMIN, Role.PPK)


def reads_agency_wide(principal: Principal) -> bool:
    """Who READS the whole agency's people: those of ``agency_wide``, and a machine client of the agency (its
    scope, registry:read, was checked by merit_shared; it writes nothing here)."""
    return agency_wide(principal) or principal.has(Role.MACHINE_CLIENT)


OUTSIDE = ("Unit ini di luar wilayah kewenangan Anda.", "This unit is outside your scope.")


async def own_units(session: AsyncSession, principal: Principal) -> set[uuid.UUID]:
    return await unit_subtree(session, principal.unit_id) if principal.unit_id else set()


async def require_position_scope(session: AsyncSession, principal: Principal, position_id: uuid.UUID,
                                 field: str = "body.position_id") -> None:
    """A unit admin may only touch positions of units in their subtree (404 for unknown ids comes first)."""
    if agency_wide(principal):
        return
    unit_id = await session.scalar(sa.text("SELECT unit_id FROM positions WHERE id = :p AND agency_id = :a"),
                                   {"p": position_id, "a": uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))})
    if unit_id is None:
        raise NotFound("Jabatan", position_id, field=field)
    if unit_id not in await own_units(session, principal):
        raise FORBIDDEN_THIS_POSITION_BELONGS_UNIT.error()


async def require_employee_scope(session: AsyncSession, principal: Principal, employee_id: uuid.UUID, on: Any,
                                 field: str = "body.employee_id") -> None:
    """A unit admin may only assign people who currently hold a definitive seat inside their subtree."""
    if agency_wide(principal):
        return
    found = (await session.execute(sa.text(f"""
        SELECT e.id, p.unit_id FROM employees e
        LEFT JOIN assignments a ON a.employee_id = e.id AND a.kind = 'definitive' AND {ACTIVE_ON}
        LEFT JOIN positions p ON p.id = a.position_id
        WHERE e.id = :e AND e.agency_id = :a"""), {"e": employee_id, "d": on,
                                                    "a": uuid.UUID(principal.agency_id or str(uuid.UUID(int=0)))})).first()
    if found is None:
        raise NotFound("Pegawai", employee_id, field=field)
    if found[1] is None or found[1] not in await own_units(session, principal):
        raise FORBIDDEN_THIS_EMPLOYEE_DOES_NOT.error()


# Seat holders are personal data (Law 27/2022 on personal data protection): a holder's NIP and employee id are
# shown only to a caller whose scope covers that person; everyone else sees the name only.
async def covers_person(session: AsyncSession, principal: Principal, employee_id: uuid.UUID | str,
                        unit_id: uuid.UUID | None = None, on: Any = None) -> bool:
    """Whether the caller's scope covers this person (the one rule for every read that identifies people).

    Service, agency admin, PPK: the whole agency; unit admin: people whose current definitive seat is in their
    subtree, and anyone seen holding a position of their subtree (``unit_id``: that position's unit); supervisor: their
    subordinates (they are the person's evaluator or the evaluator's superior); employee: themself; a machine
    client: the whole agency.
    """
    if reads_agency_wide(principal):
        return True
    if principal.employee_id and principal.employee_id == str(employee_id):
        return True
    d = on or today()
    eid = uuid.UUID(str(employee_id))
    if principal.has(Role.UNIT_ADMIN) and principal.unit_id:
        units = await own_units(session, principal)
        if unit_id is not None and unit_id in units:
            return True
        cur = await queries.definitive_on(session, eid, d)
        if cur and cur["unit_id"] in units:
            return True
    if principal.has(Role.SUPERVISOR) and principal.employee_id:
        chain = await queries.supervisors(session, eid, d)
        if principal.employee_id in {str(v["employee_id"]) for v in chain.values() if v}:
            return True
    return False


async def redact_people(session: AsyncSession, principal: Principal, rows: list[dict[str, Any]],
                        unit_id: uuid.UUID | None = None, on: Any = None) -> list[dict[str, Any]]:
    """Null ``nip`` and ``employee_id`` of every row whose person the caller's scope does not cover; names stay."""
    if reads_agency_wide(principal):
        return rows
    out, seen = [], {}  # type: ignore[var-annotated]
    for r in rows:
        r = dict(r)
        key = (str(r.get("employee_id")), r.get("unit_id", unit_id))
        if r.get("employee_id") is not None and key not in seen:
            seen[key] = await covers_person(session, principal, r["employee_id"], key[1], on)
        if r.get("employee_id") is not None and not seen[key]:
            r["nip"] = None
            r["employee_id"] = None
        out.append(r)
    return out
