"""The positions event catalogue: every type the position feed (``GET /api/v1/position-events``) carries.

Names and versions are a contract with integrators (h-webhooks' subscriptions name them): a breaking change of a
type's ``data`` is a new version, never a silent edit. Written by ``common.changes.publish``.
"""

from __future__ import annotations

from merit_shared.events import Catalogue, EventType

E, P, U, A = "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "5c1b9e70-1f0a-4b3e-8d55-2c6f7e8a9b10", \
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
NIP = "198503302010011004"

CATALOGUE = Catalogue("positions", (
    EventType("employee_created", "employee", "An employee's record was created (by hand, by an import, or as the "
              "destination's record of a transfer).",
              {"employee_id": E, "nip": NIP, "name": "Budi Santoso", "employment_type": "PNS", "status": "active",
               "source": "api"}),
    EventType("employee_status_changed", "employee", "An employee's status changed (active, leave, retired, "
              "dismissed, deceased, transferred_out, ...); a retirement by the daily job is employee_retired.",
              {"employee_id": E, "nip": NIP, "status": "dismissed", "previous_status": "active",
               "effective_date": "2025-03-31"}),
    EventType("rank_changed", "employee", "A newer rank (golongan) was recorded for an employee.",
              {"employee_id": E, "nip": NIP, "golongan": "III/c", "tmt": "2025-04-01", "previous_golongan": "III/b",
               "sk_number": "800/123/BKPSDM/2025"}),
    EventType("employee_transferred", "transfer", "A transfer between agencies took effect (written in both "
              "agencies' feeds).",
              {"transfer_id": A, "nip": NIP, "employee_id": E, "agency_id": U, "origin_employee_id": P,
               "origin_agency_id": A, "tmt": "2025-05-01"}),
    EventType("employee_retired", "employee", "The daily job retired an employee who reached the retirement age "
              "(BUP, PP 11/2017).",
              {"employee_id": E, "nip": NIP, "retirement_date": "2025-04-01", "bup": 58, "last_day": "2025-03-31"}),
    EventType("unit_restructured", "org_unit", "An organisation unit was created, renamed, updated, moved or "
              "dissolved (`change`).",
              {"unit_id": U, "code": "BKPSDM.1", "name": "Bidang Mutasi", "kind": "bidang", "parent_id": P,
               "change": "moved", "effective_date": "2025-01-01"}),
    EventType("position_created", "position", "A position (jabatan) was created in a unit.",
              {"position_id": P, "unit_id": U, "job_id": A, "code": "BKPSDM.1.01", "name": "Kepala Bidang Mutasi",
               "required_seats": 1, "valid_from": "2025-01-01"}),
    EventType("position_abolished", "position", "A position was abolished (by hand, or with its dissolved unit).",
              {"position_id": P, "unit_id": U, "abolished_on": "2025-06-30"}),
    EventType("position_vacated", "position", "A definitive holder left a position.",
              {"position_id": P, "unit_id": U, "vacant_from": "2025-04-01", "employee_id": E, "required_seats": 1,
               "filled": 0, "vacant": 1}),
    EventType("position_filled", "position", "A definitive holder took up a position.",
              {"position_id": P, "unit_id": U, "employee_id": E, "filled_from": "2025-04-01", "required_seats": 1,
               "filled": 1, "vacant": 0}),
    EventType("assignment_started", "assignment", "An assignment (definitive, acting Plt/Plh) began.",
              {"assignment_id": A, "employee_id": E, "nip": NIP, "position_id": P, "unit_id": U, "kind": "definitive",
               "tmt_start": "2025-04-01", "tmt_end": None, "reason": "promotion"}),
    EventType("assignment_ended", "assignment", "An assignment ended.",
              {"assignment_id": A, "employee_id": E, "position_id": P, "kind": "definitive", "tmt_end": "2025-03-31",
               "end_reason": "retirement", "sk_number": None, "sk_date": None}),
    EventType("acting_expiring", "assignment", "The daily job flagged an acting assignment (Plt/Plh) about to end.",
              {"assignment_id": A, "employee_id": E, "position_id": P, "kind": "plt", "tmt_end": "2025-04-30",
               "days_left": 14}),
))
