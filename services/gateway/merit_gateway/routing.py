"""Which service owns which `/api/v1/<resource>` prefix. The gateway forwards by the first path segment."""

from __future__ import annotations

ROUTES: dict[str, str] = {
    # positions: the position registry
    "agencies": "positions",
    "org-units": "positions",
    "jobs": "positions",
    "positions": "positions",
    "employees": "positions",
    "assignments": "positions",
    "personnel-actions": "positions",
    "transfers": "positions",
    "position-reports": "positions",
    "position-imports": "positions",
    "position-events": "positions",
    "position-audit": "positions",
    "scheduler": "positions",  # the registry's daily jobs
    "public-registry": "positions",  # no login: the directory of officials
    "national-export": "positions",  # the registry in the national system's vocabulary
    "national-ids": "positions",
    "position-indicators": "positions",  # merit-system indicators measured from the registry
    # evaluation: performance, competency, development, talent
    "evaluation-periods": "evaluation",
    "performance-plans": "evaluation",
    "evaluations": "evaluation",
    "org-performance": "evaluation",
    "evaluation-policies": "evaluation",
    "angka-kredit": "evaluation",
    "competencies": "evaluation",
    "competency-assessments": "evaluation",
    "development-records": "evaluation",
    "development-activities": "evaluation",
    "development-plans": "evaluation",
    "training-needs": "evaluation",
    "discipline-records": "evaluation",
    "talent-cycles": "evaluation",
    "succession-plans": "evaluation",
    "career-plans": "evaluation",
    "employee-summaries": "evaluation",
    "employee-links": "evaluation",
    "annual-ratings": "evaluation",
    "evaluation-audit": "evaluation",
    "followups": "evaluation",  # follow-up of ratings and placements: rewards, coaching plans
    "evaluation-events": "evaluation",
    "evaluation-indicators": "evaluation",  # merit-system indicators measured from evaluation's records
    "merit-index": "evaluation",  # the merit-system index assembled from the three services
    "merit-index-policies": "evaluation",
    # recruitment: open selection and its public portal
    "selections": "recruitment",
    "applications": "recruitment",
    "public": "recruitment",
    "recruitment-analytics": "recruitment",
    "recruitment-indicators": "recruitment",  # merit-system indicators measured from open selections
    "recruitment-scheduler": "recruitment",  # recruitment's daily job ("scheduler" is the registry's)
    "recruitment-events": "recruitment",
}
GATEWAY_OWNED = frozenset({"auth", "users", "clients", "audit-trail", "webhook-subscriptions", "webhook-origins",
                           "notifications", "notification-settings", "notification-deliveries"})


def owner_of(path: str) -> str | None:
    """``/api/v1/positions/123`` -> ``positions``; None when no service owns it."""
    if not path.startswith("/api/v1/"):
        return None
    segment = path[8:].split("/", 1)[0]
    return ROUTES.get(segment)
