"""One authorization style for every service (issue #8): declared role requirements and tenancy-scoped loaders.

Routers never check roles or tenancy by hand. A handler declares who may call it with one of the typed aliases
below (``principal: AgencyAdmin``) and receives the records it works on from a loader built with
``scoped_loader`` (``sel: CurrentSelection``): a record of another agency, or outside the caller's scope,
answers the same 404 ``not_found`` as an unknown id, so ids of other agencies cannot be probed. Checks that
depend on the request body (a foreign id named in it, whether a transition is allowed now) stay in the service
layer, each in one named function.
"""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar, get_args

from fastapi import Depends, Path, params
from sqlalchemy.ext.asyncio import AsyncSession

from merit_shared.app import Session
from merit_shared.auth import Principal, Role, current_principal, require_roles
from merit_shared.errors import NotFound

T = TypeVar("T")

#: Any authenticated caller (its record-level scope is the loader's or the service's business).
Caller = Annotated[Principal, Depends(current_principal)]
#: A person of the agency (any role but machine clients): for routes on personal data that no scope opens.
Person = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.SUPERVISOR, Role.EMPLOYEE,
                                            Role.PANEL_MEMBER, Role.PPK, Role.REVIEW_TEAM)]
#: The BKPSDM (agency admin).
AgencyAdmin = Annotated[Principal, require_roles(Role.AGENCY_ADMIN)]
#: Registry writers: the agency admin everywhere, a unit admin in their unit subtree (the loader/service scopes it).
StaffAdmin = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.UNIT_ADMIN)]
#: The Pejabat Pembina Kepegawaian, who decides.
Ppk = Annotated[Principal, require_roles(Role.PPK)]
#: The agency admin or the PPK.
AdminOrPpk = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK)]
#: The agency admin or a selection committee member (the service checks the seat, e.g. the chair).
AdminOrPanel = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PANEL_MEMBER)]
#: Readers of agency-wide figures about a selection: the agency admin, the PPK, supervisors.
AdminPpkOrSupervisor = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.SUPERVISOR)]
#: Readers of the registry's reports: admins (a unit admin: their subtree), the PPK, a machine client of the agency.
ReportReader = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK,
                                                  Role.MACHINE_CLIENT)]
#: Exporters of the registry in the national system's vocabulary (full NIPs and birth dates): the agency admin,
#: the PPK, a machine client of the agency (its scopes decide which datasets).
RegistryExporter = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.MACHINE_CLIENT)]
#: Readers of the vacancies: the report's readers, and every employee and supervisor of the agency (issue #13: the
#: positions they could apply or be proposed for; people's ids and NIPs stay hidden beyond their scope).
VacancyReader = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.UNIT_ADMIN, Role.PPK, Role.MACHINE_CLIENT,
                                                   Role.SUPERVISOR, Role.EMPLOYEE)]
#: Readers of personnel actions: the agency admin, the PPK, the review team (tim penilai kinerja, PP 30/2019), and
#: an employee (the service narrows them to the actions that move them).
ActionReader = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.REVIEW_TEAM, Role.EMPLOYEE)]
#: Readers of the audit trails: the agency admin, the PPK and the inspectorate (auditor, read-only everywhere).
AuditReader = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.AUDITOR)]
#: Another government system of the agency (role machine_client; its scopes are checked for every request).
MachineClient = Annotated[Principal, require_roles(Role.MACHINE_CLIENT)]
#: The agency admin or a machine client of the agency (the loader narrows a client to its own records).
AdminOrMachineClient = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.MACHINE_CLIENT)]
#: Readers of the merit-system index and its indicators (issue #14): the agency admin (BKPSDM), the PPK and the inspectorate (auditor).
IndexReader = Annotated[Principal, require_roles(Role.AGENCY_ADMIN, Role.PPK, Role.AUDITOR)]
#: Merit's own services only.
ServiceOnly = Annotated[Principal, require_roles(Role.SERVICE)]

#: A loader: (session, id, principal) -> the record, or None when it is missing or outside the caller's scope.
Loader = Callable[[AsyncSession, uuid.UUID, Principal], Awaitable[T | None]]


def scoped_loader(model: type[T], param: str, what: str, loader: Loader[T], *,
                  principal: Any = Caller, what_en: str | None = None) -> Any:
    """``Annotated[model, Depends(...)]`` loading the path parameter ``param`` through ``loader``.

    ``loader`` answers None for a missing record and equally for one of another agency or outside the caller's
    scope: both become the same 404 ``not_found``. ``principal`` is
    the role alias resolved first (``AgencyAdmin`` ...; any authenticated caller by default).
    """
    who: Any = next((m for m in get_args(principal)[1:] if isinstance(m, params.Depends)), None)
    if who is None:
        raise TypeError("principal must be an Annotated[Principal, Depends(...)] alias such as AgencyAdmin")

    async def dep(session: Session, ident: uuid.UUID = Path(alias=param), p: Principal = who) -> T:
        found = await loader(session, ident, p)
        if found is None:
            raise NotFound(what, ident, what_en=what_en)
        return found

    dep.__name__ = f"current_{param.removesuffix('_id')}"
    dep.__signature__ = inspect.signature(dep)  # type: ignore[attr-defined]
    return Annotated[model, Depends(dep)]


def same_agency(principal: Principal, agency_id: object) -> bool:
    """The record's agency is the caller's (the service role reaches every agency)."""
    return principal.is_service or (principal.agency_id is not None and str(agency_id) == principal.agency_id)


def in_agency(principal: Principal, record: T | None) -> T | None:
    """The record when it belongs to the caller's agency, else None (for ``scoped_loader``)."""
    if record is None or not same_agency(principal, getattr(record, "agency_id", None)):
        return None
    return record


async def _own_agency(session: AsyncSession, agency_id: uuid.UUID, principal: Principal) -> uuid.UUID | None:
    return agency_id if same_agency(principal, agency_id) else None


def agency_of_path(principal: Any = Caller, what: str = "Instansi", what_en: str | None = "Agency") -> Any:
    """``Annotated[uuid.UUID, ...]``: the path's ``{agency_id}`` when it is the caller's (the service role: any);
    another agency answers 404, as an unknown one."""
    return scoped_loader(uuid.UUID, "agency_id", what, _own_agency, principal=principal, what_en=what_en)


#: The caller's own agency named in the path, read by an index reader / written by the agency admin.
IndexAgency = agency_of_path(IndexReader)
AdminAgency = agency_of_path(AgencyAdmin)
#: The agency named in the path, for Merit's own services only (a peer asking for what it measures over).
ServiceAgency = agency_of_path(ServiceOnly)
