"""The evaluation event catalogue: every type the evaluation feed (``GET /api/v1/evaluation-events``) carries.

Names and versions are a contract with integrators (webhook subscriptions name them): a breaking change of a
type's ``data`` is a new version. The SKP types follow the plan's states (rules/lifecycle.py: SUBMIT awaits the
superior's APPROVE, RETURN sends it back to the owner; the rated annual evaluation awaits the superior's FINALIZE,
the sign-off that makes the year's rating final). Written by ``common.feed.publish``.
"""

from __future__ import annotations

from merit_shared.events import Catalogue, EventType

E, P, U, S = "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "5c1b9e70-1f0a-4b3e-8d55-2c6f7e8a9b10", \
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
PLAN = {"plan_id": P, "employee_id": E, "year": 2025, "version": 1, "unit_id": U, "evaluator_employee_id": S,
        "evaluator_superior_employee_id": U}

CATALOGUE = Catalogue("evaluation", (
    EventType("skp_plan_submitted", "performance_plan", "The employee submitted their SKP plan: it awaits the "
              "superior's approval (or the agency admin's, for a plan without a superior).",
              {**PLAN, "state": "SUBMITTED", "previous_state": "DRAFT"}),
    EventType("skp_plan_returned", "performance_plan", "The evaluator or superior returned a submitted SKP plan to "
              "its owner for revision.",
              {**PLAN, "state": "DRAFT", "previous_state": "SUBMITTED"}),
    EventType("skp_plan_approved", "performance_plan", "The superior approved the SKP plan.",
              {**PLAN, "state": "APPROVED", "previous_state": "SUBMITTED"}),
    EventType("rating_awaiting_signoff", "evaluation", "The evaluator rated the annual evaluation: the plan awaits "
              "the superior's FINALIZE, which makes the year's rating final.",
              {"evaluation_id": S, "plan_id": P, "employee_id": E, "year": 2025, "kind": "ANNUAL",
               "rating_hasil_kerja": "SESUAI_EKSPEKTASI", "rating_perilaku": "DI_ATAS_EKSPEKTASI",
               "predikat": "BAIK", "evaluator_superior_employee_id": U}),
    EventType("rating_finalized", "annual_rating", "An employee's annual rating is final: the SKP finalised, "
              "recorded directly, or imported (`source`: skp, recorded, import).",
              {"rating_id": S, "employee_id": E, "year": 2025, "rating_hasil_kerja": "SESUAI_EKSPEKTASI",
               "rating_perilaku": "SESUAI_EKSPEKTASI", "predikat": "BAIK", "source": "skp", "unit_id": U,
               "position_id": P, "plan_id": P}),
    EventType("org_rating_finalized", "org_performance", "A unit's organisation performance rating for a year was "
              "finalised (its staff ratings are closed).",
              {"org_performance_id": S, "unit_id": U, "year": 2025, "org_predikat": "BAIK", "status": "FINAL",
               "compliant": True}),
    EventType("talent_placed", "talent_cycle", "People of a talent cycle were placed in the nine-box grid "
              "(counts per box; the placements are read from the cycle).",
              {"cycle_id": S, "year": 2025, "as_of": "2025-06-30", "unit_id": None, "placed": 120,
               "in_pool": 14, "by_box": {str(b): 0 for b in range(1, 10)}}),
    EventType("succession_changed", "succession_plan", "A succession plan was created for a position or gained a "
              "candidate (`change`: created, candidate_added).",
              {"plan_id": S, "position_id": P, "talent_cycle_id": None, "change": "candidate_added",
               "candidate": {"employee_id": E, "readiness": "READY_NOW", "rank": 1, "box": 9}}),
))
