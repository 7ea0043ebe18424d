"""What a machine client (another government system, role ``machine_client``) may call: OAuth2 scopes.

An agency admin registers a machine client with some of the scopes of ``Scope``; its client-credentials token
carries them in the ``scope`` claim (space separated, RFC 8693 section 4.2 / RFC 9068 section 2.2.3). Every
process checks them once, in ``merit_shared.auth.current_principal``, against ``SCOPE_RULES``: the operation
(service, method, path) must be listed there and its scope granted, or the request answers 403
``insufficient_scope`` naming the scope required. An operation not listed is refused to every machine client,
whatever its scopes. The scope only opens the door: the route's own role and agency checks still apply (a machine
client only ever sees its own agency's records).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from merit_shared.errors import DomainError


class Scope(StrEnum):
    REGISTRY_READ = "registry:read"  # positions: org units, jobs, positions, employees, assignments, events
    PERFORMANCE_READ = "performance:read"  # evaluation: periods, ratings, summaries, competencies, ...
    RATINGS_WRITE = "ratings:write"  # evaluation: record annual ratings (e.g. imported from e-Kinerja)
    RECRUITMENT_READ = "recruitment:read"  # recruitment: selections and their announcements
    WEBHOOKS_MANAGE = "webhooks:manage"  # gateway: the client's own webhook subscriptions and their delivery log
    EVENTS_READ = "events:read"  # every service's event feed (merit_shared.events)


SCOPE_DESCRIPTIONS: dict[Scope, str] = {
    Scope.REGISTRY_READ: "Read the position registry (positions service: every GET but the event feed): "
                         "organisation units, jobs, positions, employees, assignments.",
    Scope.PERFORMANCE_READ: "Read performance and talent records (evaluation service: every GET): evaluation "
                            "periods, annual ratings, employee summaries, competencies.",
    Scope.RATINGS_WRITE: "Record employees' annual ratings (evaluation service: POST /api/v1/annual-ratings).",
    Scope.RECRUITMENT_READ: "Read open selections (recruitment service: every GET but the event feed): selections, "
                            "announcements.",
    Scope.EVENTS_READ: "Follow the agency's changes: the event feeds of every service (GET /api/v1/position-events, "
                       "/evaluation-events, /recruitment-events and their /types).",
    Scope.WEBHOOKS_MANAGE: "Subscribe URLs to events (gateway: /api/v1/webhook-subscriptions): create, change, "
                           "rotate secrets, ping, read the delivery log, redeliver; read the agency's allowed origins.",
}


@dataclass(frozen=True)
class ScopeRule:
    service: str  # gateway | positions | evaluation | recruitment
    method: str
    path: str  # ending in "/": every path under it; otherwise this exact path
    scope: Scope | None  # None: any machine client, whatever its scopes
    also: Scope | None = None  # a second scope needed too: the operation discloses both kinds of record

    def matches(self, service: str, method: str, path: str) -> bool:
        if service != self.service or method != self.method:
            return False
        return path.startswith(self.path) if self.path.endswith("/") else path.rstrip("/") == self.path


#: The one table of what each scope allows. Anything not matched here is refused to machine clients.
SCOPE_RULES: tuple[ScopeRule, ...] = (
    ScopeRule("gateway", "GET", "/api/v1/auth/me", None),  # who am I: any machine client
    # The promotion report shows each person's ratings next to the registry facts.
    ScopeRule("positions", "GET", "/api/v1/position-reports/promotions-due", Scope.REGISTRY_READ,
              Scope.PERFORMANCE_READ),
    # The national SKP export carries each person's ratings beside their NIP.
    ScopeRule("positions", "GET", "/api/v1/national-export/skp22", Scope.REGISTRY_READ, Scope.PERFORMANCE_READ),
    # The event feeds and their catalogues: events:read, whatever else the client holds (listed before the GETs).
    *(ScopeRule(service, "GET", path, Scope.EVENTS_READ) for service, resource in (
        ("positions", "position-events"), ("evaluation", "evaluation-events"),
        ("recruitment", "recruitment-events")) for path in (f"/api/v1/{resource}", f"/api/v1/{resource}/")),
    ScopeRule("positions", "GET", "/api/v1/", Scope.REGISTRY_READ),
    ScopeRule("evaluation", "GET", "/api/v1/", Scope.PERFORMANCE_READ),
    ScopeRule("evaluation", "POST", "/api/v1/annual-ratings", Scope.RATINGS_WRITE),
    ScopeRule("recruitment", "GET", "/api/v1/", Scope.RECRUITMENT_READ),
    *(ScopeRule("gateway", method, path, Scope.WEBHOOKS_MANAGE)
      for method in ("GET", "POST", "PATCH", "DELETE")
      for path in ("/api/v1/webhook-subscriptions", "/api/v1/webhook-subscriptions/")),
    ScopeRule("gateway", "GET", "/api/v1/webhook-origins", Scope.WEBHOOKS_MANAGE),
)


class InsufficientScope(DomainError):
    """403 ``insufficient_scope`` (RFC 6750 section 3.1): the machine client's token lacks ``required``."""

    def __init__(self, required: Scope | None, method: str, path: str) -> None:
        if required is None:
            super().__init__(
                code="insufficient_scope", status=403,
                message_id=f"Klien mesin tidak boleh memanggil {method} {path}: tidak ada scope yang mengizinkannya.",
                message_en=f"Machine clients may not call {method} {path}: no scope allows it.",
                extra={"required_scope": None})
        else:
            super().__init__(
                code="insufficient_scope", status=403,
                message_id=f"Token klien mesin ini tidak memiliki scope {required} yang diperlukan untuk {method} "
                           f"{path}; minta admin instansi menambahkannya pada klien.",
                message_en=f"This machine client's token lacks the scope {required} required for {method} {path}; "
                           f"ask the agency admin to grant it to the client.",
                extra={"required_scope": required.value})


def rule_for(service: str, method: str, path: str) -> ScopeRule | None:
    """The first rule matching the operation (HEAD is treated as GET); None when machine clients are refused."""
    method = "GET" if method.upper() == "HEAD" else method.upper()
    return next((r for r in SCOPE_RULES if r.matches(service, method, path)), None)


def check_scope(service: str, method: str, path: str, granted: frozenset[str]) -> None:
    """Raise InsufficientScope unless a machine client holding ``granted`` may call the operation."""
    rule = rule_for(service, method, path)
    if rule is None:
        raise InsufficientScope(None, method.upper(), path)
    for needed in (rule.scope, rule.also):
        if needed is not None and needed.value not in granted:
            raise InsufficientScope(needed, method.upper(), path)


def parse_scopes(claim: object) -> frozenset[str]:
    """The ``scope`` claim (a space-separated string) or an ``scp`` list, as a set."""
    if isinstance(claim, str):
        return frozenset(claim.split())
    if isinstance(claim, list | tuple):
        return frozenset(str(s) for s in claim)
    return frozenset()
