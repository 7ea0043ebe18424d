"""The recruitment event catalogue: every type the recruitment feed (``GET /api/v1/recruitment-events``) carries.

Names and versions are a contract with integrators (webhook subscriptions name them): a breaking change of a
type's ``data`` is a new version. An application is checked twice (PermenPANRB 15/2019 seleksi terbuka: the
committee verifies, a second member checks): ``application_verified`` is the first check, ``application_qualified``
or ``application_rejected`` the outcome. Written by ``common.feed.publish``.
"""

from __future__ import annotations

from merit_shared.events import Catalogue, EventType

S, A, P, N = "7d2f0f65-2a57-4f61-9a3e-5d7f5c8a1e22", "5c1b9e70-1f0a-4b3e-8d55-2c6f7e8a9b10", \
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"
APP = {"application_id": A, "selection_id": S, "employee_id": P, "nip": "198503302010011004",
       "name": "Budi Santoso"}

CATALOGUE = Catalogue("recruitment", (
    EventType("selection_announced", "selection", "A selection was announced (its opening announcement published).",
              {"selection_id": S, "title": "Seleksi Terbuka JPT Pratama Kepala Dinas Pendidikan", "kind": "JPT",
               "status": "ANNOUNCED", "announcement_id": N, "positions": [{"id": P, "name": "Kepala Dinas"}]}),
    EventType("stage_result_published", "announcement", "A result announcement was published: screening, a stage, "
              "the final result, or a correction of one (`kind`); it opens the appeal window (`appeal_deadline`).",
              {"announcement_id": N, "selection_id": S, "number": 2, "kind": "STAGE", "stage_code": "ASSESSMENT",
               "title": "Hasil tahap Assessment - Seleksi Terbuka", "content_hash": "9f" * 32,
               "appeal_deadline": "2025-03-04T09:00:00+07:00", "corrects_id": None}),
    EventType("appeal_decided", "appeal", "An appeal (sanggahan) was decided (`decision`: ACCEPTED, REJECTED).",
              {"appeal_id": N, "selection_id": S, "application_id": A, "announcement_id": P,
               "decision": "REJECTED", "decided_at": "2025-03-05T03:00:00Z"}),
    EventType("application_verified", "application", "The committee's first check of an application was recorded "
              "(`decision`: ACCEPT, REJECT); the second check follows.",
              {**APP, "status": "VERIFIED", "decision": "ACCEPT"}),
    EventType("application_qualified", "application", "The second check passed the application: the applicant "
              "goes on to the stages.",
              {**APP, "status": "QUALIFIED", "decision": "ACCEPT"}),
    EventType("application_rejected", "application", "The second check rejected the application (`reason`).",
              {**APP, "status": "REJECTED", "decision": "REJECT", "reason": "Ijazah tidak sesuai"}),
    EventType("appointment_decided", "selection", "The PPK chose the appointee among the proposed; the appointment "
              "is sent to the position registry.",
              {"selection_id": S, "application_id": A, "employee_id": N, "position_id": P, "sk_number": "821/045/2025",
               "sk_date": "2025-04-01", "tmt_start": "2025-04-07"}),
    EventType("appointment_confirmed", "selection", "The position registry recorded the appointment (the "
              "assignment exists); the selection is closed.",
              {"selection_id": S, "application_id": A, "employee_id": P, "position_id": P, "assignment_id": N,
               "tmt_start": "2025-04-07"}),
))
