"""Who may call each operation of the merged OpenAPI, and on which records (README "Roles").

One entry per operation (METHOD, path template). A rule maps each role that may call the operation to the
scope of records it may touch:

- ``agency``: every record of the caller's agency;
- ``subtree``: records of the caller's unit and the units below it (unit admin);
- ``team``: the caller's own records and their subordinates' (supervisor);
- ``own``: the caller's own records (employee);
- ``panel``: the selections whose committee the caller sits on (panel member);
- ``public``: no login at all; ``service``: only Merit's own services (role ``service``).

A role not named is refused (401/403/404). Whatever the role, another agency's record by id answers
404 (or 403), and another agency's id in a body answers 422 (or 403/404). ``test_every_operation_is_classified``
fails for an operation of the spec that is not here, and for an entry here that the spec no longer has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ADMIN, UNIT, SUP, EMP, PANEL, PPK, MC = ("agency_admin", "unit_admin", "supervisor", "employee", "panel_member",
                                         "ppk", "machine_client")
REVIEW = "review_team"  # tim penilai kinerja: reviews personnel actions
AUD = "auditor"  # the Inspektorat: reads the audit trails, writes nothing
PEOPLE = (ADMIN, UNIT, SUP, EMP, PANEL, PPK, REVIEW, AUD)
# The matrix's machine client holds only these scopes: it may call an operation only when its rule names MC
# *and* merit_shared.scopes grants the operation with one of them (tests/test_e2e_authz_matrix.py ``mc_may``).
MC_SCOPES = ("recruitment:read", "registry:read")  # sorted, as the token endpoint answers them
ACTORS = (*PEOPLE, MC)
SCOPED = {UNIT: "subtree", SUP: "team", EMP: "own", PANEL: "panel"}


@dataclass(frozen=True)
class Rule:
    roles: dict[str, str] = field(default_factory=dict)
    public: bool = False
    service_only: bool = False


PUBLIC = Rule(public=True)
SERVICE = Rule(service_only=True)
NO_LOGIN = Rule()  # no role may call it: it takes another credential (/metrics: the METRICS_TOKEN of a scraper)


def r(*pairs: str, **kw: str) -> Rule:
    """``r(ADMIN, UNIT)`` with each role's natural scope (agency for admin/ppk/machine client)."""
    natural = {ADMIN: "agency", PPK: "agency", MC: "agency", REVIEW: "agency", AUD: "agency", **SCOPED}
    return Rule({**{p: natural[p] for p in pairs}, **kw})


EVERYONE = (ADMIN, UNIT, SUP, EMP, PANEL, PPK, MC, REVIEW)
# The organisation, the job catalogue and the position map are public knowledge inside an agency.
AGENCY_WIDE = Rule({role: "agency" for role in (*EVERYONE, AUD)})  # the auditor too: it reads entries against them
STAFF_ADMIN = r(ADMIN, UNIT)  # registry writes: the BKPSDM everywhere, a unit admin in their subtree
PERSON_READ = r(ADMIN, UNIT, SUP, EMP, PPK, MC)  # a person's file: admin, their unit admin, superior, self
REPORTS = r(ADMIN, UNIT, PPK, MC)  # a machine client with registry:read reads the registry's reports
ADMIN_ONLY = r(ADMIN)
AUDIT_READ = r(ADMIN, PPK, AUD)  # the audit trails: the BKPSDM, the PPK and the inspectorate
INDEX_READ = r(ADMIN, PPK, AUD)  # the merit-system index and its indicators (the inspectorate reads too)

P = "/api/v1"
RULES: dict[tuple[str, str], Rule] = {
    # gateway
    ("POST", f"{P}/auth/token"): PUBLIC,
    ("GET", "/.well-known/jwks.json"): PUBLIC,
    ("GET", "/.well-known/openid-configuration"): PUBLIC,
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): NO_LOGIN,
    ("GET", f"{P}/auth/me"): Rule({role: "own" for role in (*EVERYONE, AUD)}),
    # one audit view across the services (the gateway's own routes)
    ("GET", f"{P}/audit-trail"): AUDIT_READ,
    ("GET", f"{P}/audit-trail/trace"): AUDIT_READ,
    ("GET", f"{P}/audit-trail/export"): AUDIT_READ,
    ("POST", f"{P}/users"): ADMIN_ONLY,
    ("GET", f"{P}/users"): ADMIN_ONLY,
    ("GET", f"{P}/users/{{user_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/users/{{user_id}}/disable"): ADMIN_ONLY,
    ("POST", f"{P}/users/{{user_id}}/enable"): ADMIN_ONLY,
    ("POST", f"{P}/users/{{user_id}}/reset-password"): ADMIN_ONLY,
    ("PATCH", f"{P}/users/{{user_id}}"): ADMIN_ONLY,
    # notifications: queued by Merit's services; each person reads and sets their own; the admin sees delivery
    ("POST", f"{P}/notifications"): SERVICE,
    ("GET", f"{P}/notifications"): Rule({role: "own" for role in PEOPLE}),
    ("GET", f"{P}/notification-settings"): Rule({role: "own" for role in PEOPLE}),
    ("PUT", f"{P}/notification-settings"): Rule({role: "own" for role in PEOPLE}),
    ("GET", f"{P}/notification-deliveries"): ADMIN_ONLY,
    ("GET", f"{P}/notification-deliveries/{{notification_id}}"): ADMIN_ONLY,
    # machine clients of the agency (other government systems): registered and managed by the agency admin
    ("POST", f"{P}/clients"): ADMIN_ONLY,
    ("GET", f"{P}/clients"): ADMIN_ONLY,
    ("GET", f"{P}/clients/{{client_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/clients/{{client_id}}/rotate-secret"): ADMIN_ONLY,
    ("POST", f"{P}/clients/{{client_id}}/revoke"): ADMIN_ONLY,
    # webhooks: the agency admin sets the allowed origins and oversees; a machine client (webhooks:manage) owns its
    # subscriptions (the matrix's machine client lacks that scope: refused everywhere here)
    ("POST", f"{P}/webhook-origins"): ADMIN_ONLY,
    ("GET", f"{P}/webhook-origins"): r(ADMIN, MC),
    ("DELETE", f"{P}/webhook-origins/{{origin_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/webhook-subscriptions"): r(MC),
    ("GET", f"{P}/webhook-subscriptions"): r(ADMIN, MC),
    ("GET", f"{P}/webhook-subscriptions/{{subscription_id}}"): r(ADMIN, MC),
    ("PATCH", f"{P}/webhook-subscriptions/{{subscription_id}}"): r(MC),
    ("DELETE", f"{P}/webhook-subscriptions/{{subscription_id}}"): r(MC),
    ("POST", f"{P}/webhook-subscriptions/{{subscription_id}}/rotate-secret"): r(MC),
    ("POST", f"{P}/webhook-subscriptions/{{subscription_id}}/disable"): r(ADMIN, MC),
    ("POST", f"{P}/webhook-subscriptions/{{subscription_id}}/enable"): r(ADMIN, MC),
    ("POST", f"{P}/webhook-subscriptions/{{subscription_id}}/ping"): r(MC),
    ("GET", f"{P}/webhook-subscriptions/{{subscription_id}}/deliveries"): r(ADMIN, MC),
    ("GET", f"{P}/webhook-subscriptions/{{subscription_id}}/attempts"): r(ADMIN, MC),
    ("POST", f"{P}/webhook-subscriptions/{{subscription_id}}/deliveries/{{delivery_id}}/redeliver"): r(MC),
    ("POST", f"{P}/auth/password"): PUBLIC,  # username + current password, no token (after an admin's reset)
    ("GET", f"{P}/auth/revocations"): SERVICE,
    # positions: agencies
    ("POST", f"{P}/agencies"): SERVICE,
    ("GET", f"{P}/agencies"): AGENCY_WIDE,
    ("GET", f"{P}/agencies/{{agency_id}}"): AGENCY_WIDE,
    ("PATCH", f"{P}/agencies/{{agency_id}}"): ADMIN_ONLY,
    ("GET", f"{P}/agencies/{{agency_id}}/policy"): AGENCY_WIDE,
    ("PUT", f"{P}/agencies/{{agency_id}}/policy"): ADMIN_ONLY,
    # org units
    ("POST", f"{P}/org-units"): STAFF_ADMIN,
    ("GET", f"{P}/org-units"): AGENCY_WIDE,
    ("GET", f"{P}/org-units/tree"): AGENCY_WIDE,
    ("GET", f"{P}/org-units/{{unit_id}}"): AGENCY_WIDE,
    ("PATCH", f"{P}/org-units/{{unit_id}}"): STAFF_ADMIN,
    ("GET", f"{P}/org-units/{{unit_id}}/history"): AGENCY_WIDE,
    ("POST", f"{P}/org-units/{{unit_id}}/rename"): STAFF_ADMIN,
    ("POST", f"{P}/org-units/{{unit_id}}/move"): STAFF_ADMIN,
    ("POST", f"{P}/org-units/{{unit_id}}/dissolve"): STAFF_ADMIN,
    # jobs (the agency's catalogue)
    ("POST", f"{P}/jobs"): ADMIN_ONLY,
    ("GET", f"{P}/jobs"): AGENCY_WIDE,
    ("GET", f"{P}/jobs/{{job_id}}"): AGENCY_WIDE,
    ("PATCH", f"{P}/jobs/{{job_id}}"): ADMIN_ONLY,
    # positions (seats): the map is agency-wide; holders' NIPs follow the person scope (see FIELD_RULES)
    ("POST", f"{P}/positions"): STAFF_ADMIN,
    ("GET", f"{P}/positions"): AGENCY_WIDE,
    ("GET", f"{P}/positions/{{position_id}}"): AGENCY_WIDE,
    ("PATCH", f"{P}/positions/{{position_id}}"): STAFF_ADMIN,
    ("POST", f"{P}/positions/{{position_id}}/abolish"): STAFF_ADMIN,
    ("GET", f"{P}/positions/{{position_id}}/holders"): AGENCY_WIDE,
    ("GET", f"{P}/positions/{{position_id}}/assignments"): AGENCY_WIDE,
    ("PUT", f"{P}/positions/{{position_id}}/abk/{{year}}"): STAFF_ADMIN,
    ("GET", f"{P}/positions/{{position_id}}/abk"): AGENCY_WIDE,
    ("GET", f"{P}/positions/{{position_id}}/abk/{{year}}/history"): AGENCY_WIDE,
    # employees: a person's file
    ("POST", f"{P}/employees"): STAFF_ADMIN,
    ("GET", f"{P}/employees"): PERSON_READ,
    ("GET", f"{P}/employees/by-nip/{{nip}}"): PERSON_READ,
    ("GET", f"{P}/employees/{{employee_id}}"): PERSON_READ,
    ("PATCH", f"{P}/employees/{{employee_id}}"): STAFF_ADMIN,
    ("GET", f"{P}/employees/{{employee_id}}/career"): PERSON_READ,
    ("GET", f"{P}/employees/{{employee_id}}/supervisors"): PERSON_READ,
    ("POST", f"{P}/employees/{{employee_id}}/ranks"): STAFF_ADMIN,
    ("GET", f"{P}/employees/{{employee_id}}/ranks"): PERSON_READ,
    ("POST", f"{P}/employees/{{employee_id}}/educations"): STAFF_ADMIN,
    ("GET", f"{P}/employees/{{employee_id}}/educations"): PERSON_READ,
    ("GET", f"{P}/employees/{{employee_id}}/origin-history"): PERSON_READ,
    # assignments: who sits where (a person's career)
    ("POST", f"{P}/assignments"): STAFF_ADMIN,
    ("GET", f"{P}/assignments"): PERSON_READ,
    # The holder reads their own; otherwise a report reader (a unit admin: in their subtree): not the supervisor.
    ("GET", f"{P}/assignments/{{assignment_id}}"): r(ADMIN, UNIT, EMP, PPK, MC, **{SUP: "own"}),
    ("POST", f"{P}/assignments/{{assignment_id}}/end"): STAFF_ADMIN,
    ("POST", f"{P}/assignments/{{assignment_id}}/extend-acting"): STAFF_ADMIN,
    ("POST", f"{P}/employees/{{employee_id}}/absences"): STAFF_ADMIN,
    ("GET", f"{P}/employees/{{employee_id}}/absences"): PERSON_READ,
    # personnel actions: prepared by the BKPSDM, reviewed (Baperjakat), decided by the PPK
    ("POST", f"{P}/personnel-actions"): ADMIN_ONLY,
    # an employee reads the actions that move them (their own move only)
    ("GET", f"{P}/personnel-actions"): r(ADMIN, PPK, REVIEW, EMP),
    ("GET", f"{P}/personnel-actions/{{action_id}}"): r(ADMIN, PPK, REVIEW, EMP),
    ("PATCH", f"{P}/personnel-actions/{{action_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/personnel-actions/{{action_id}}/submit"): ADMIN_ONLY,
    ("POST", f"{P}/personnel-actions/{{action_id}}/refresh-checks"): ADMIN_ONLY,
    ("POST", f"{P}/personnel-actions/{{action_id}}/review"): r(ADMIN, REVIEW),
    ("POST", f"{P}/personnel-actions/{{action_id}}/decide"): r(PPK),
    ("POST", f"{P}/personnel-actions/{{action_id}}/apply"): ADMIN_ONLY,
    ("POST", f"{P}/personnel-actions/{{action_id}}/cancel"): ADMIN_ONLY,
    # transfers between agencies: the admins of the two agencies it joins, nobody else
    ("POST", f"{P}/transfers"): ADMIN_ONLY,
    ("GET", f"{P}/transfers"): ADMIN_ONLY,
    ("GET", f"{P}/transfers/{{transfer_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/transfers/{{transfer_id}}/accept"): ADMIN_ONLY,
    ("POST", f"{P}/transfers/{{transfer_id}}/decline"): ADMIN_ONLY,
    ("POST", f"{P}/transfers/{{transfer_id}}/cancel"): ADMIN_ONLY,
    ("POST", f"{P}/transfers/{{transfer_id}}/revoke"): ADMIN_ONLY,
    # reports, imports, feeds
    ("GET", f"{P}/position-reports/peta-jabatan"): REPORTS,
    # employees and supervisors read the agency's vacancies too (issue #13; acting officials' ids redacted)
    ("GET", f"{P}/position-reports/vacancies"): Rule({ADMIN: "agency", UNIT: "subtree", PPK: "agency", MC: "agency",
                                                      SUP: "agency", EMP: "agency"}),
    ("POST", f"{P}/positions/career-checks"): SERVICE,  # evaluation's career planning asks the registry
    ("GET", f"{P}/position-reports/rotation-due"): REPORTS,
    ("GET", f"{P}/position-reports/retirement-forecast"): REPORTS,
    ("GET", f"{P}/position-reports/bezetting"): REPORTS,
    ("GET", f"{P}/position-reports/acting-expiring"): REPORTS,
    ("GET", f"{P}/position-reports/promotions-due"): REPORTS,
    ("POST", f"{P}/position-imports/employees"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/org-units"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/positions"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/jobs"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/assignments"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/ranks"): ADMIN_ONLY,
    ("POST", f"{P}/position-imports/educations"): ADMIN_ONLY,
    ("GET", f"{P}/position-imports/{{kind}}/template"): ADMIN_ONLY,
    ("GET", f"{P}/position-events"): r(ADMIN, PPK, MC),  # a machine client needs events:read (not in MC_SCOPES)
    ("GET", f"{P}/position-events/types"): r(ADMIN, PPK, MC),
    ("GET", f"{P}/evaluation-events"): r(ADMIN, PPK, MC),
    ("GET", f"{P}/evaluation-events/types"): r(ADMIN, PPK, MC),
    ("GET", f"{P}/recruitment-events"): r(ADMIN, PPK, MC),
    ("GET", f"{P}/recruitment-events/types"): r(ADMIN, PPK, MC),
    # the registry in the national system's vocabulary: full NIPs and birth dates, for the agency's sync
    ("GET", f"{P}/national-export"): r(ADMIN, PPK, MC),
    ("GET", f"{P}/national-export/{{dataset}}"): r(ADMIN, PPK, MC),
    ("POST", f"{P}/national-ids"): ADMIN_ONLY,
    # the daily jobs: the agency admin runs them now and reads their runs (the platform names agency_id)
    ("POST", f"{P}/scheduler/runs"): ADMIN_ONLY,
    ("GET", f"{P}/scheduler/runs"): ADMIN_ONLY,  # the PPK reads the whole agency
    ("GET", f"{P}/position-audit"): AUDIT_READ,
    # evaluation: ratings and summaries are a person's file
    ("POST", f"{P}/annual-ratings"): r(ADMIN, UNIT, MC),  # a machine client with scope ratings:write imports
    ("POST", f"{P}/annual-ratings/import"): ADMIN_ONLY,
    ("GET", f"{P}/annual-ratings/import/template"): ADMIN_ONLY,
    ("GET", f"{P}/annual-ratings"): PERSON_READ,
    ("GET", f"{P}/annual-ratings/{{rating_id}}"): PERSON_READ,
    ("GET", f"{P}/employee-summaries/{{employee_id}}"): PERSON_READ,
    ("POST", f"{P}/employee-links"): SERVICE,  # positions' outbox: a transfer in effect
    ("POST", f"{P}/evaluation-periods"): ADMIN_ONLY,
    ("GET", f"{P}/evaluation-periods"): AGENCY_WIDE,
    ("GET", f"{P}/evaluation-periods/{{period_id}}"): AGENCY_WIDE,
    # SKP: the employee, their evaluator and the evaluator's superior (team), the admin, the unit admin
    ("POST", f"{P}/performance-plans"): r(ADMIN, UNIT, SUP, EMP),
    ("GET", f"{P}/performance-plans"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("GET", f"{P}/performance-plans/{{plan_id}}"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("PUT", f"{P}/performance-plans/{{plan_id}}"): r(ADMIN, SUP, EMP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/submit"): r(ADMIN, EMP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/return"): r(SUP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/approve"): r(SUP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/start"): r(SUP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/amend"): r(ADMIN, SUP, EMP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/finalize"): r(ADMIN, SUP),
    ("POST", f"{P}/performance-plans/{{plan_id}}/evaluations"): r(ADMIN, SUP, EMP),
    ("GET", f"{P}/evaluations"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("GET", f"{P}/evaluations/{{evaluation_id}}"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("PUT", f"{P}/evaluations/{{evaluation_id}}/realisations/{{indicator_id}}"): r(ADMIN, SUP, EMP),
    ("POST", f"{P}/evaluations/{{evaluation_id}}/feedback"): r(ADMIN, SUP),
    ("POST", f"{P}/evaluations/{{evaluation_id}}/rate"): r(SUP),
    ("POST", f"{P}/org-performance"): ADMIN_ONLY,
    ("GET", f"{P}/org-performance"): STAFF_ADMIN,  # the agency admin; a unit admin in their subtree
    ("GET", f"{P}/org-performance/curve-checks"): ADMIN_ONLY,  # every unit of the agency: the agency admin only
    ("GET", f"{P}/org-performance/{{org_id}}"): STAFF_ADMIN,  # the agency admin; a unit admin in their subtree
    ("GET", f"{P}/org-performance/{{org_id}}/curve-check"): STAFF_ADMIN,  # the agency admin; a unit admin in their subtree
    ("POST", f"{P}/org-performance/{{org_id}}/finalize"): ADMIN_ONLY,  # the agency admin only (the code refuses unit admins)
    ("GET", f"{P}/evaluation-policies/{{agency_id}}"): AGENCY_WIDE,
    ("PUT", f"{P}/evaluation-policies/{{agency_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/angka-kredit"): ADMIN_ONLY,
    ("GET", f"{P}/angka-kredit"): PERSON_READ,
    ("GET", f"{P}/competencies"): PERSON_READ,
    ("POST", f"{P}/competencies"): ADMIN_ONLY,
    ("POST", f"{P}/competency-assessments"): ADMIN_ONLY,
    ("GET", f"{P}/competency-assessments"): PERSON_READ,
    ("GET", f"{P}/competency-assessments/{{assessment_id}}"): PERSON_READ,
    ("POST", f"{P}/competency-assessments/{{assessment_id}}/jpm"): ADMIN_ONLY,
    ("GET", f"{P}/competency-assessments/{{assessment_id}}/jpm"): PERSON_READ,
    ("POST", f"{P}/development-records"): ADMIN_ONLY,
    ("GET", f"{P}/development-records"): PERSON_READ,
    ("GET", f"{P}/development-records/compliance"): r(ADMIN, UNIT, SUP, PPK),
    # development catalogue (everyone in the agency reads it), training needs, individual development plans
    ("POST", f"{P}/development-activities"): ADMIN_ONLY,
    ("GET", f"{P}/development-activities"): AGENCY_WIDE,
    ("GET", f"{P}/development-activities/{{activity_id}}"): AGENCY_WIDE,
    ("PUT", f"{P}/development-activities/{{activity_id}}"): ADMIN_ONLY,
    ("GET", f"{P}/training-needs"): r(ADMIN, UNIT),
    ("POST", f"{P}/development-plans"): r(ADMIN, UNIT, SUP, EMP),
    ("GET", f"{P}/development-plans"): r(ADMIN, UNIT, SUP, EMP),
    ("GET", f"{P}/development-plans/{{plan_id}}"): r(ADMIN, UNIT, SUP, EMP),
    ("POST", f"{P}/development-plans/{{plan_id}}/activities"): r(ADMIN, UNIT, SUP, EMP),
    ("DELETE", f"{P}/development-plans/{{plan_id}}/activities/{{item_id}}"): r(ADMIN, UNIT, SUP, EMP),
    ("POST", f"{P}/development-plans/{{plan_id}}/submit"): r(SUP, EMP),  # the employee or the evaluator
    ("POST", f"{P}/development-plans/{{plan_id}}/approve"): r(SUP),  # the evaluator or their superior
    ("POST", f"{P}/development-plans/{{plan_id}}/return"): r(SUP),
    ("POST", f"{P}/development-plans/{{plan_id}}/reopen"): r(SUP, EMP),
    ("POST", f"{P}/discipline-records"): ADMIN_ONLY,
    ("GET", f"{P}/discipline-records"): r(ADMIN, UNIT, SUP, EMP, PPK),
    # talent management: the BKPSDM and the PPK; a unit admin sees their subtree's people
    ("GET", f"{P}/talent-cycles"): r(ADMIN, UNIT, PPK),
    ("POST", f"{P}/talent-cycles"): ADMIN_ONLY,
    ("GET", f"{P}/talent-cycles/{{cycle_id}}"): r(ADMIN, UNIT, PPK),
    ("POST", f"{P}/talent-cycles/{{cycle_id}}/place"): ADMIN_ONLY,
    ("GET", f"{P}/talent-cycles/{{cycle_id}}/placements"): r(ADMIN, UNIT, PPK),
    ("GET", f"{P}/succession-plans"): r(ADMIN, UNIT, PPK),
    ("POST", f"{P}/succession-plans"): ADMIN_ONLY,
    ("GET", f"{P}/succession-plans/{{plan_id}}"): r(ADMIN, UNIT, PPK),
    ("POST", f"{P}/succession-plans/{{plan_id}}/candidates"): ADMIN_ONLY,
    ("GET", f"{P}/succession-plans/{{plan_id}}/suggestions"): r(ADMIN, UNIT, PPK),
    # career planning (issue #13): a person's plan and one pair for whoever reads their records; a position's
    # candidates for the agency-wide readers and a unit admin (their subtree's people)
    ("GET", f"{P}/career-plans/{{employee_id}}"): r(ADMIN, UNIT, SUP, EMP),
    ("GET", f"{P}/career-plans/{{employee_id}}/positions/{{position_id}}"): r(ADMIN, UNIT, SUP, EMP),
    ("GET", f"{P}/career-plans/positions/{{position_id}}/candidates"): r(ADMIN, UNIT, PPK),
    ("GET", f"{P}/evaluation-audit"): AUDIT_READ,
    # follow-ups of ratings and placements: the owner (a supervisor as coach/decider) and the admins act; the
    # employee reads their own and notes progress on their own coaching plan; the PPK reads
    ("GET", f"{P}/followups"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("GET", f"{P}/followups/overdue"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("GET", f"{P}/followups/{{followup_id}}"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("POST", f"{P}/followups/{{followup_id}}/decide"): r(ADMIN, UNIT, SUP),
    ("POST", f"{P}/followups/{{followup_id}}/decline"): r(ADMIN, UNIT, SUP),
    ("POST", f"{P}/followups/{{followup_id}}/cancel"): STAFF_ADMIN,
    ("PUT", f"{P}/followups/{{followup_id}}/plan"): r(ADMIN, UNIT, SUP),
    ("POST", f"{P}/followups/{{followup_id}}/activate"): r(ADMIN, UNIT, SUP),
    ("POST", f"{P}/followups/{{followup_id}}/notes"): r(ADMIN, UNIT, SUP, EMP),
    ("POST", f"{P}/followups/{{followup_id}}/close"): r(ADMIN, UNIT, SUP),
    # recruitment: selections are run by the BKPSDM; the committee sees its own; the PPK decides
    ("POST", f"{P}/selections"): ADMIN_ONLY,
    ("GET", f"{P}/selections"): r(ADMIN, UNIT, SUP, EMP, PANEL, PPK, MC),
    # an employee's eligibility for each open selection: self, team, subtree, agency (issue #13)
    ("GET", f"{P}/selections/eligible"): r(ADMIN, UNIT, SUP, EMP, PPK),
    ("GET", f"{P}/selections/audit-log"): AUDIT_READ,
    ("GET", f"{P}/selections/{{selection_id}}"): r(ADMIN, UNIT, SUP, EMP, PANEL, PPK, MC),
    ("PATCH", f"{P}/selections/{{selection_id}}"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/announce"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/open-registration"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/close-registration"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/extend-registration"): ADMIN_ONLY,
    # registration extensions are announced (the schedule is public); staff who read the selection read them, and a
    # machine client with recruitment:read that follows the agency's selections
    ("GET", f"{P}/selections/{{selection_id}}/extensions"): r(ADMIN, UNIT, SUP, PANEL, PPK, MC),
    ("POST", f"{P}/selections/{{selection_id}}/start-assessment"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/advance-stage"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/submit-proposal"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/decide"): r(PPK),
    ("POST", f"{P}/selections/{{selection_id}}/retry-appointment"): r(ADMIN, PPK),
    ("POST", f"{P}/selections/{{selection_id}}/cancel"): ADMIN_ONLY,
    ("GET", f"{P}/selections/{{selection_id}}/events"): r(ADMIN, PANEL, PPK),
    ("GET", f"{P}/selections/{{selection_id}}/ranking"): r(ADMIN, PANEL, PPK),
    ("PUT", f"{P}/selections/{{selection_id}}/committee"): ADMIN_ONLY,
    ("GET", f"{P}/selections/{{selection_id}}/committee"): r(ADMIN, PANEL, PPK),
    ("PUT", f"{P}/selections/{{selection_id}}/committee/{{member_id}}/declarations/{{application_id}}"): r(PANEL),
    ("GET", f"{P}/selections/{{selection_id}}/committee/declarations"): r(ADMIN, PANEL, PPK),
    # conflicts the registry raises: read like the declarations; decided by the committee chair (a panel member)
    ("GET", f"{P}/selections/{{selection_id}}/committee/conflict-flags"): r(ADMIN, PANEL, PPK),
    ("POST", f"{P}/selections/{{selection_id}}/committee/conflict-flags/{{flag_id}}/decide"): r(PANEL),
    # applications: the applicant's own; a supervisor does the second check of applicants they supervise
    # the BKPSDM also registers applicants who apply on paper or from another agency (by NIP)
    ("POST", f"{P}/selections/{{selection_id}}/applications"): r(EMP, SUP, ADMIN),
    ("GET", f"{P}/selections/{{selection_id}}/applications"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("GET", f"{P}/applications"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("GET", f"{P}/applications/{{application_id}}"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("GET", f"{P}/applications/{{application_id}}/documents"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("PUT", f"{P}/applications/{{application_id}}/documents/{{doc_code}}"): r(EMP, SUP),
    ("GET", f"{P}/applications/{{application_id}}/documents/{{doc_code}}"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("DELETE", f"{P}/applications/{{application_id}}/documents/{{doc_code}}"): r(EMP, SUP),
    ("POST", f"{P}/applications/{{application_id}}/withdraw"): r(EMP, SUP),
    # history the applicant declares with its SK: read like the application, written by the applicant, decided by
    # the BKPSDM verifier
    ("GET", f"{P}/applications/{{application_id}}/history"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("POST", f"{P}/applications/{{application_id}}/history"): r(EMP, SUP),
    ("GET", f"{P}/applications/{{application_id}}/history/{{entry_id}}"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("DELETE", f"{P}/applications/{{application_id}}/history/{{entry_id}}"): r(EMP, SUP),
    ("PUT", f"{P}/applications/{{application_id}}/history/{{entry_id}}/sk"): r(EMP, SUP),
    ("GET", f"{P}/applications/{{application_id}}/history/{{entry_id}}/sk"): r(ADMIN, SUP, EMP, PANEL, PPK),
    ("POST", f"{P}/applications/{{application_id}}/history/{{entry_id}}/decide"): ADMIN_ONLY,
    ("POST", f"{P}/applications/{{application_id}}/recheck-eligibility"): ADMIN_ONLY,
    ("POST", f"{P}/applications/{{application_id}}/verify"): ADMIN_ONLY,
    ("POST", f"{P}/applications/{{application_id}}/second-check"): r(SUP),
    ("PUT", f"{P}/applications/{{application_id}}/stages/{{stage_code}}/scores"): r(PANEL),
    ("PUT", f"{P}/applications/{{application_id}}/stages/{{stage_code}}/rescore"): r(PANEL),
    ("PUT", f"{P}/applications/{{application_id}}/stages/{{stage_code}}/result"): r(ADMIN, PANEL),
    ("GET", f"{P}/applications/{{application_id}}/scores"): r(ADMIN, PANEL, PPK, EMP, SUP),
    ("POST", f"{P}/selections/{{selection_id}}/announcements"): ADMIN_ONLY,
    ("GET", f"{P}/selections/{{selection_id}}/announcements"): r(ADMIN, UNIT, SUP, EMP, PANEL, PPK, MC),
    ("POST", f"{P}/selections/{{selection_id}}/announcements/{{announcement_id}}/appeals"): r(EMP, SUP),
    ("GET", f"{P}/selections/{{selection_id}}/appeals"): r(ADMIN, PANEL, PPK, EMP, SUP),
    # the re-score an accepted appeal against a scored stage opens: read like the appeals, scored by the committee,
    # completed by the BKPSDM
    ("GET", f"{P}/selections/{{selection_id}}/rescores"): r(ADMIN, PANEL, PPK, EMP, SUP),
    ("POST", f"{P}/selections/{{selection_id}}/rescores/{{rescore_id}}/complete"): ADMIN_ONLY,
    ("POST", f"{P}/selections/{{selection_id}}/appeals/{{appeal_id}}/decide"): ADMIN_ONLY,
    ("GET", f"{P}/public/selections"): PUBLIC,
    ("GET", f"{P}/public/selections/{{selection_id}}"): PUBLIC,
    ("GET", f"{P}/public/announcements/{{announcement_id}}"): PUBLIC,
    ("GET", f"{P}/public-registry/{{agency_code}}/officials"): PUBLIC,
    ("GET", f"{P}/public-registry/{{agency_code}}/placements"): PUBLIC,
    ("GET", f"{P}/public-registry/{{agency_code}}/placements/{{placement_id}}"): PUBLIC,
    ("GET", f"{P}/recruitment-analytics/selections/{{selection_id}}"): r(ADMIN, PPK, SUP),
    ("GET", f"{P}/recruitment-analytics/selections"): r(ADMIN, PPK, SUP),
    ("POST", f"{P}/recruitment-scheduler/runs"): ADMIN_ONLY,  # recruitment's daily job (extend registration)
    ("GET", f"{P}/recruitment-scheduler/runs"): ADMIN_ONLY,
    # the merit-system index (issue #14): the agency admin and the PPK read; the agency admin writes
    ("GET", f"{P}/position-indicators/{{agency_id}}"): INDEX_READ,
    ("GET", f"{P}/position-indicators/{{agency_id}}/population"): SERVICE,
    ("GET", f"{P}/position-indicators/{{agency_id}}/{{code}}/records"): INDEX_READ,
    ("GET", f"{P}/recruitment-indicators/{{agency_id}}"): INDEX_READ,
    ("GET", f"{P}/recruitment-indicators/{{agency_id}}/{{code}}/records"): INDEX_READ,
    ("GET", f"{P}/evaluation-indicators/{{agency_id}}"): INDEX_READ,
    ("GET", f"{P}/evaluation-indicators/{{agency_id}}/{{code}}/records"): INDEX_READ,
    ("GET", f"{P}/merit-index/{{agency_id}}"): INDEX_READ,
    ("GET", f"{P}/merit-index/{{agency_id}}/trend"): INDEX_READ,
    ("GET", f"{P}/merit-index/{{agency_id}}/export"): INDEX_READ,
    ("GET", f"{P}/merit-index/{{agency_id}}/closures/{{year}}/verify"): INDEX_READ,
    ("POST", f"{P}/merit-index/{{agency_id}}/recompute"): ADMIN_ONLY,
    ("POST", f"{P}/merit-index/{{agency_id}}/closures"): ADMIN_ONLY,
    ("PUT", f"{P}/merit-index/{{agency_id}}/declarations/{{year}}/{{aspect}}"): ADMIN_ONLY,
    ("GET", f"{P}/merit-index-policies/{{agency_id}}"): INDEX_READ,
    ("PUT", f"{P}/merit-index-policies/{{agency_id}}"): ADMIN_ONLY,
}

# Fields: a NIP is personal data. A caller sees the NIP of a person only inside their person scope
# (agency: everyone; subtree: people of their units; team: self and subordinates; own: self; panel: the
# applicants of their selection). The matrix asserts that an out-of-scope person's NIP appears in no answer.
NIP_SEEN_BY = {ADMIN: "agency", PPK: "agency", MC: "agency", UNIT: "subtree", SUP: "team", EMP: "own",
               PANEL: "panel", REVIEW: "own"}
