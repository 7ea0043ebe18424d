"""Tenancy and object-level authorization helpers shared by every area of the service.

Records of another agency answer 404 (ids never leak); a wrong role answers 403.
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.auth import Principal, Role
from merit_shared.errors import Forbidden, Invalid, NotFound

ADMIN = (Role.AGENCY_ADMIN,)
STAFF_READERS = (Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK, Role.SUPERVISOR, Role.EMPLOYEE, Role.PANEL_MEMBER,
                 Role.MACHINE_CLIENT)
REPORT_READERS = (Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK)


def agency_of(principal: Principal, agency_id: uuid.UUID | None = None) -> uuid.UUID:
    """The agency a request works in: the caller's own, or for the service role the one it names."""
    if principal.is_service:
        if agency_id is None:
            raise Invalid("agency_id_required", "Peran service harus menyebut agency_id.",
                          "The service role must name an agency_id.", field="query.agency_id")
        return agency_id
    if principal.agency_id is None:
        raise Forbidden("Token Anda tidak terikat pada instansi mana pun.", "Your token is not bound to any agency.")
    own = uuid.UUID(principal.agency_id)
    if agency_id is not None and agency_id != own:
        raise Forbidden("Anda hanya dapat mengakses data instansi Anda sendiri.",
                        "You can only access your own agency's data.")
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
    raise Forbidden(f"Peran Anda tidak cukup; diperlukan salah satu: {', '.join(roles)}.",
                    f"Your role is not sufficient; one of these is required: {', '.join(roles)}.")


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
    raise Forbidden("Unit ini di luar wilayah kewenangan Anda.", "This unit is outside your scope.")
