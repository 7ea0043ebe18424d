"""The evaluation service application."""

from __future__ import annotations

from collections.abc import Coroutine
from typing import Any

from fastapi import FastAPI

from merit_evaluation.angka_kredit.router import router as angka_kredit_router
from merit_evaluation.audit.router import router as audit_router
from merit_evaluation.career.router import router as career_router
from merit_evaluation.catalogue.router import router as catalogue_router
from merit_evaluation.common.models import events
from merit_evaluation.competency.router import router as competency_router
from merit_evaluation.db_base import inbox, outbox
from merit_evaluation.development.router import router as development_router
from merit_evaluation.development_plans.router import router as development_plan_router
from merit_evaluation.evaluations.router import router as evaluation_router
from merit_evaluation.followups.router import router as followup_router
from merit_evaluation.links.router import router as links_router
from merit_evaluation.merit_index.router import policy_router as merit_index_policy_router
from merit_evaluation.merit_index.router import router as merit_index_router
from merit_evaluation.merit_indicators.router import router as merit_indicators_router
from merit_evaluation.org_performance.router import router as org_router
from merit_evaluation.plans.router import period_router, plan_router
from merit_evaluation.policies.router import router as policy_router
from merit_evaluation.ratings.router import router as rating_router
from merit_evaluation.summary.router import router as summary_router
from merit_evaluation.talent.router import router as talent_router
from merit_evaluation.training_needs.router import router as training_needs_router
from merit_shared.app import ServiceSpec, create_service_app, outbox_destinations
from merit_shared.events import feed_router
from merit_shared.outbox import OutboxRelay

TAGS = [
    {"name": "annual-ratings", "description": "The yearly rating and predikat (PermenPANRB 6/2022) per employee."},
    {"name": "employee-summaries", "description": "One call for other services: predikat history, JPM, box, "
                                                  "discipline flags, development hours."},
    {"name": "evaluation-periods", "description": "Annual SKP periods and their periodic evaluations."},
    {"name": "performance-plans", "description": "SKP plans: work results, indicators, BerAKHLAK behaviours, "
                                                 "lifecycle draft → final."},
    {"name": "evaluations", "description": "Periodic and annual evaluations: realisation, feedback, ratings."},
    {"name": "org-performance", "description": "Organisation predikat per unit and year; distribution curve."},
    {"name": "evaluation-policies", "description": "Agency policy: curve, periods, JPM categories, talent, AK, JP a year."},
    {"name": "angka-kredit", "description": "Credit points of functional positions (PerBKN 3/2023)."},
    {"name": "competencies", "description": "Competency dictionary (PermenPANRB 38/2017) and technical ones."},
    {"name": "competency-assessments", "description": "Assessment results, JPM and gaps."},
    {"name": "development-records", "description": "Development hours (JP; 20 JP per year)."},
    {"name": "development-activities", "description": "The agency's catalogue of development activities."},
    {"name": "training-needs", "description": "Training-needs analysis: competency gaps ranked, with activities."},
    {"name": "development-plans", "description": "Individual development plans: activities for gaps, plan vs actual JP."},
    {"name": "discipline-records", "description": "Disciplinary penalties (track record)."},
    {"name": "talent-cycles", "description": "Nine-box placement and talent pool (PermenPANRB 3/2020)."},
    {"name": "succession-plans", "description": "Succession plans for key positions."},
    {"name": "career-plans", "description": "Career planning: the positions a person comes closest to, and the closest "
                                            "candidates for a position, each requirement and JPM explained."},
    {"name": "employee-links", "description": "A transfer between agencies in effect (sent by positions): the "
                                              "person's ratings and development hours follow them, read-only."},
    {"name": "followups", "description": "Follow-up of final ratings and nine-box placements by agency policy: "
                                          "rewards and coaching plans (pembinaan) tracked to closure, overdue lists."},
    {"name": "evaluation-audit", "description": "Audit trail of evaluation records (agency admin)."},
    {"name": "evaluation-events", "description": "The evaluation event feed for other systems (cursor `after`; types "
                                                 "and examples: `GET /api/v1/evaluation-events/types`)."},
    {"name": "evaluation-indicators", "description": "Merit-system indicators measured from evaluation's records "
                                                     "(ratings, succession, discipline, 20 JP), with drill-down."},
    {"name": "merit-index", "description": "The merit-system index per year: KASN aspects, levels, score and "
                                           "category; declared aspects; trend; export; closed years frozen with a "
                                           "hash."},
    {"name": "merit-index-policies", "description": "How the indicators map onto the KASN aspects and levels "
                                                    "(agency policy)."},
]

async def start_relay(app: FastAPI) -> list[Coroutine[Any, Any, None]]:
    """The outbox relay: notifications to people (an SKP to approve, a plan returned) go to the gateway."""
    app.state.relay = OutboxRelay(app.state.db, outbox, outbox_destinations(app),
                                  poll_seconds=app.state.settings.outbox_poll_seconds)
    return [app.state.relay.run_forever()]


SPEC = ServiceSpec(
    name="evaluation",
    package="merit_evaluation",
    title="Merit Evaluation",
    description="Performance (SKP, PermenPANRB 6/2022), competency, development and talent of ASN.",
    routers=[rating_router, summary_router, period_router, plan_router, evaluation_router, org_router,
             policy_router, angka_kredit_router, competency_router, development_router, talent_router, audit_router,
             links_router, career_router, catalogue_router, training_needs_router, development_plan_router,
             followup_router, feed_router(events, resource="evaluation-events"),
             merit_indicators_router, merit_index_router, merit_index_policy_router],
    tags=TAGS,
    inbox=inbox,
    on_ready=start_relay,
)


def create_app():  # type: ignore[no-untyped-def]
    return create_service_app(SPEC)


app = create_app()
