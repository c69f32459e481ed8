"""The expected answers of the permission matrix (tests/test_permission_matrix.py).

Each row gives, for the roles in this order::

    visitor participant company_member reviewer manager park_manager agency_admin outsider staff

the class of the answer:

- ``ok``     2xx
- ``go``     a redirect inside the site (after an action, or to the right page)
- ``login``  a redirect to sign in, or 401 from the API
- ``403``    refused
- ``404``    refused without admitting the thing exists
- ``bad``    400, 405, 409 or 422 (the request itself is wrong: method, missing fields)

``PAGES`` maps a URL name to (GET row, POST row); the POST row is None where the view
takes no POST. ``API`` maps an OpenAPI operationId to its row (for its own method; unsafe
requests send an empty JSON object). Who is who in the scene: tests/permission_scene.py.
"""

import re

CLASSES = {"ok", "go", "login", "403", "404", "bad"}
REFUSALS = {"login", "403", "404"}
PROBING = "ok ok ok ok ok ok ok ok ok"  # the placeholder row while probing

# The API's own pages (Django URL names under /api/v1/ that are not operations).
API_PAGES = {"api-v1:openapi-json", "api-v1:openapi-view", "api-v1:api-root", "api-v1:not-found"}


# --- the values of the URLs' parameters ----------------------------------------------------------
# (pattern on the URL name or operationId, parameter, path in the scene; "=text" is literal).
# The first match wins.
PAGE_PARAMS = [
    # directory
    (r"^directory:organisation(_logo)?$", "slug", "private_org.slug"),
    (r"^directory:(organisation|membership_change)", "slug", "company.slug"),
    (r"^directory:membership_change$", "membership_id", "company_membership.pk"),
    (r"^directory:person", "pk", "company_member.pk"),
    (r"^directory:api_token_revoke$", "pk", "api_token.pk"),
    (r"^directory:(park|residency_status)", "slug", "park.slug"),
    (r"^directory:residency_status$", "residency_id", "residency.pk"),
    (r"^directory:partnership", "slug", "partnership.slug"),
    (r"^directory:partnership_document$", "pk", "document.pk"),
    # programmes
    (r"^programs:(application|answer_file)", "pk", "application.pk"),
    (r"^programs:(answer_file|review_file)$", "question_pk", "file_question.pk"),
    (r"^programs:review_file$", "question_id", "file_question.pk"),
    (r"^programs:(review|declare_conflict|review_file)$", "pk", "assignment.pk"),
    (r"^programs:", "programme_slug", "programme.slug"),
    (r"^programs:", "call_slug", "call.slug"),
    (r"^programs:programme", "slug", "programme.slug"),
    (r"^programs:manage_reviewer_remove$", "pk", "pool_entry.pk"),
    (r"^programs:manage_conflict_override$", "pk", "conflict.pk"),
    (r"^programs:manage_assignment", "stage_pk", "stage.pk"),
    (r"^programs:manage_assignment_progress$", "run_pk", "assignment_run.pk"),
    (r"^programs:manage_assignment_(remove|lock)$", "pk", "assignment.pk"),
    (r"^programs:manage_application$", "pk", "application.pk"),
    (r"^programs:(cohort|mentor_slots)", "pk", "cohort.pk"),
    (r"^programs:cohort_session", "session_pk", "cohort_session.pk"),
    (r"^programs:cohort_mentor_edit$", "mentor_pk", "mentor.pk"),
    (r"^programs:(book_slot|slot_delete)$", "slot_pk", "free_slot.pk"),
    (r"^programs:booking_cancel$", "booking_pk", "office_booking.pk"),
    (r"^programs:member", "pk", "cohort_member.pk"),
    (r"^programs:milestone$", "pk", "milestone.pk"),
    (r"^programs:placement$", "pk", "placement.pk"),
    # brokerage days
    (r"^matchmaking:", "slug", "conference.slug"),
    (r"^matchmaking:schedule_progress$", "pk", "schedule_run.pk"),
    (r"^matchmaking:entry_", "pk", "entry.pk"),
    (r"^matchmaking:participant$", "pk", "peer_profile.pk"),
    (r"^matchmaking:(accept|decline|cancel)_request$", "pk", "meeting_request.pk"),
    (r"^matchmaking:", "pk", "meeting.pk"),
    (r"^matchmaking:", "fmt", "=csv"),
    # events and campus
    (r"^events:campus", "slug", "campus.slug"),
    (r"^events:(event|agenda|event_ics)$", "slug", "draft_event.slug"),
    (r"^events:", "slug", "event.slug"),
    (r"^events:(certificate_revoke|verify_certificate)$", "code", "certificate.code"),
    (r"^events:personal_feed$", "token", "tokens.events"),
    (r"^events:organisation_feed$", "pk", "agency.pk"),
    (r"^events:questions_edit", "form", "=registration"),
    (r"^events:", "fmt", "=csv"),
    (r"^events:campus_challenge", "pk", "challenge.pk"),
    (r"^events:campus_idea", "pk", "idea.pk"),
    (r"^events:campus_team", "pk", "team.pk"),
    (r"^events:campus_join_request", "pk", "join_request.pk"),
    (r"^events:campus_slot", "pk", "mentor_slot.pk"),
    (r"^events:campus_project", "pk", "submission.pk"),
    (r"^events:campus_score$", "pk", "judge_assignment.pk"),
    # marketplace
    (r"^transfer:(profile|profile_edit|profile_matches|profile_submit)$", "pk", "draft_profile.pk"),
    (r"^transfer:(profile|express_interest)", "pk", "profile.pk"),
    (r"^transfer:search_delete$", "pk", "saved_search.pk"),
    (r"^transfer:(interest|deal_open)", "pk", "interest.pk"),
    (r"^transfer:deal", "pk", "deal.pk"),
    (r"^transfer:deal_document$", "document_pk", "deal_document.pk"),
    # labs
    (r"^facilities:personal_feed$", "token", "tokens.labs"),
    (r"^facilities:(cancel_booking|check_in|check_out)$", "pk", "booking.pk"),
    (r"^facilities:(take_offer|leave_waiting_list)$", "pk", "waiting.pk"),
    (r"^facilities:(resource|join_waiting_list|report_incident)", "slug", "resource.slug"),
    (r"^facilities:project", "slug", "project.slug"),
    (r"^facilities:project_member", "pk", "project_member.pk"),
    (r"^facilities:project_milestone", "pk", "project_milestone.pk"),
    (r"^facilities:project_output", "pk", "output.pk"),
    (r"^facilities:", "slug", "facility.slug"),
    (r"^facilities:", "what", "=bookings"),
    (r"^facilities:", "fmt", "=csv"),
    (r"^facilities:decide$", "pk", "booking.pk"),
    (r"^facilities:remove_closure$", "pk", "closure.pk"),
    (r"^facilities:resolve_incident$", "pk", "incident.pk"),
    (r"^facilities:set_status$", "pk", "resource.pk"),
    (r"^facilities:(grant|revoke)_qualification$", "pk", "qualification.pk"),
    # insights
    (r"^insights:", "park_slug", "park.slug"),
    (r"^insights:", "company_slug", "company.slug"),
    (r"^insights:", "fmt", "=csv"),
    (r"^insights:(period|lock_period|remind|export_period|report_form)$", "code", "period.code"),
    (r"^insights:records$", "code", "=joint_events"),
    (r"^insights:(partnership|records|yearly_report)", "slug", "partnership.slug"),
    (r"^insights:yearly_report", "pk", "yearly_report.pk"),
    (r"^insights:scorecard_park_year$", "park", "park.slug"),
    (r"^insights:scorecard_park_year$", "year", "period.starts_on.year"),
    # webhooks (the agency's endpoint and a failed delivery to it)
    (r"^webhooks:", "slug", "agency.slug"),
    (r"^webhooks:redeliver$", "pk", "webhook_delivery.pk"),
    (r"^webhooks:", "pk", "webhook_endpoint.pk"),
    # accounts (allauth): made-up keys, which the pages refuse as invalid
    (r"^account_", "key", "=invalid-key"),
    (r"^account_reset_password_from_key$", "uidb36", "=zz"),
    (r"^(socialaccount_|mfa_)", "pk", "=1"),
    (r"^(socialaccount_|openid)", "provider_id", "=none"),
    # the API's catch-all
    (r"^api-v1:not-found$", "unknown", "=no/such/thing"),
]

API_PARAMS = [
    (r"^/api/v1/webhooks/", "slug", "agency.slug"),
    (r"/organisations/", "slug", "private_org.slug"),
    (r"/people/", "person_id", "company_member.pk"),
    (r"/parks/", "slug", "park.slug"),
    (r"/partnerships/", "slug", "partnership.slug"),
    (r"/programmes/", "slug", "programme.slug"),
    (r"/calls/", "call_id", "call.pk"),
    (r"/applications/", "application_id", "application.pk"),
    (r"^/api/v1/events/\{event_id\}$", "event_id", "draft_event.pk"),
    (r"/events/", "event_id", "event.pk"),
    (r"/registrations/", "registration_id", "registration.pk"),
    (r"/brokerage/", "event_id", "conference.pk"),
    (r"/brokerage/", "profile_id", "peer_profile.pk"),
    (r"/brokerage/", "request_id", "meeting_request.pk"),
    (r"/brokerage/", "meeting_id", "meeting.pk"),
    (r"/brokerage/", "run_id", "schedule_run.pk"),
    (r"/transfer/profiles/\{profile_id\}(/matches|/submit)?$", "profile_id", "draft_profile.pk"),
    (r"/transfer/", "profile_id", "profile.pk"),
    (r"/transfer/", "interest_id", "interest.pk"),
    (r"/transfer/", "deal_id", "deal.pk"),
    (r"/facilities/", "resource_id", "resource.pk"),
    (r"/facilities/", "booking_id", "booking.pk"),
    (r"/facilities/", "facility_slug", "facility.slug"),
]


def page_param(key: str, param: str) -> str:
    for pattern, name, path in PAGE_PARAMS:
        if name == param and re.search(pattern, key):
            return path
    raise LookupError(f"no value for <{param}> of {key}: add one to PAGE_PARAMS")


def api_param(operation_id: str, path: str, param: str) -> str:
    for pattern, name, value in API_PARAMS:
        if name == param and re.search(pattern, path):
            return value
    raise LookupError(f"no value for {{{param}}} of {operation_id}: add one to API_PARAMS")


def admin_url(scene, key, page):
    """The admin page's address: object pages open the model's first row; None when the
    model has none (or the page takes other parameters)."""
    from django.contrib import admin
    from django.urls import reverse

    name, params = page
    kwargs = {}
    for param in params:
        if param == "app_label":
            kwargs[param] = "directory"
        elif param == "object_id":
            models = [
                model
                for model in admin.site._registry
                if name.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_")
            ]
            first = models[0]._default_manager.order_by("pk").first() if models else None
            if first is None:
                return None
            kwargs[param] = first.pk
        else:
            return None
    return reverse(name, kwargs=kwargs)


# --- the table ----------------------------------------------------------
PAGES: dict[str, tuple[str, str | None]] = {
    # --- account
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "account_change_password": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "account_confirm_email": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "404   404   404   404   404   404   404   404   404",
    ),
    "account_confirm_login_code": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "account_confirm_reauthentication_code": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "account_email": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login go    go    go    go    go    go    go    go",
    ),
    "account_email_verification_sent": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "account_inactive": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "account_login": (
        "ok    go    go    go    go    go    go    go    go",
        "ok    go    go    go    go    go    go    go    go",
    ),
    "account_logout": (
        "go    ok    ok    ok    ok    ok    ok    ok    ok",
        "go    go    go    go    go    go    go    go    go",
    ),
    "account_reauthenticate": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "account_request_reauthentication_code": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "account_reset_password": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "account_reset_password_done": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "account_reset_password_from_key": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "account_reset_password_from_key_done": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "account_set_password": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "account_signup": (
        "ok    go    go    go    go    go    go    go    go",
        "ok    go    go    go    go    go    go    go    go",
    ),
    # --- api-v1
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "api-v1:api-root": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "api-v1:not-found": (
        "404   404   404   404   404   404   404   404   404",
        "404   404   404   404   404   404   404   404   404",
    ),
    "api-v1:openapi-json": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "api-v1:openapi-view": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    # --- directory
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "directory:api_token_revoke": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   404   404   404   404",
    ),
    "directory:api_tokens": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:dashboard": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:home": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:membership_change": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   403   403   go",
    ),
    "directory:organisation": (
        "404   404   404   404   404   404   404   404   ok",
        "404   404   404   404   404   404   404   404   ok",
    ),
    "directory:organisation_edit": (
        "login 403   403   403   403   403   403   403   ok",
        "login 403   403   403   403   403   403   403   ok",
    ),
    "directory:organisation_logo": (
        "404   404   404   404   404   404   404   404   404",
        "404   404   404   404   404   404   404   404   404",
    ),
    "directory:organisation_members": (
        "login 403   403   403   403   403   403   403   ok",
        "login 403   403   403   403   403   403   403   ok",
    ),
    "directory:organisations": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:park": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:parks": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:partnership": (
        "404   404   404   404   ok    ok    ok    404   ok",
        "404   404   404   404   ok    ok    ok    404   ok",
    ),
    "directory:partnership_document": (
        "404   404   404   404   ok    ok    ok    404   ok",
        "404   404   404   404   ok    ok    ok    404   ok",
    ),
    "directory:partnerships": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:people": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:person": (
        "404   404   ok    404   404   404   404   404   ok",
        "404   404   ok    404   404   404   404   404   ok",
    ),
    "directory:person_photo": (
        "404   404   404   404   404   404   404   404   404",
        "404   404   404   404   404   404   404   404   404",
    ),
    "directory:profile": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "directory:residency_status": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    # --- events
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "events:accept_offer": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "events:agenda": (
        "404   404   404   404   ok    404   ok    404   ok",
        "404   404   404   404   ok    404   ok    404   ok",
    ),
    "events:agenda_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   404   403   404   403   404",
    ),
    "events:badge": (
        "login ok    404   404   404   404   404   404   404",
        "login ok    404   404   404   404   404   404   404",
    ),
    "events:badges": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:campus_challenge_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus_challenge_new": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus_criteria": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus_idea": (
        "login ok    403   ok    ok    403   ok    403   ok",
        "login ok    403   ok    ok    403   ok    403   ok",
    ),
    "events:campus_idea_choose": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:campus_idea_edit": (
        "login ok    403   403   403   403   403   403   403",
        "login ok    403   403   403   403   403   403   403",
    ),
    "events:campus_idea_followup": (
        "login 403   403   403   go    403   go    403   go",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:campus_idea_new": (
        "login ok    403   403   403   403   403   403   403",
        "login ok    403   403   403   403   403   403   403",
    ),
    "events:campus_ideas": (
        "login ok    403   ok    ok    403   ok    403   ok",
        "login ok    403   ok    ok    403   ok    403   ok",
    ),
    "events:campus_join_request_decide": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   403   403   403   403   403",
    ),
    "events:campus_join_request_withdraw": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   403   403   403",
    ),
    "events:campus_judges": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus_judging": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   404   403   404   403   404",
    ),
    "events:campus_mentors": (
        "login ok    403   ok    ok    403   ok    403   ok",
        "login ok    403   ok    ok    403   ok    403   ok",
    ),
    "events:campus_my_judging": (
        "login 403   403   ok    403   403   403   403   403",
        "login 403   403   ok    403   403   403   403   403",
    ),
    "events:campus_project": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:campus_project_edit": (
        "login ok    go    go    go    go    go    go    go",
        "login ok    go    go    go    go    go    go    go",
    ),
    "events:campus_project_file": (
        "login ok    404   ok    ok    404   ok    404   ok",
        "login ok    404   ok    ok    404   ok    404   ok",
    ),
    "events:campus_results": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:campus_score": (
        "login 404   404   ok    404   404   404   404   404",
        "login 404   404   ok    404   404   404   404   404",
    ),
    "events:campus_showcase": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:campus_slot_book": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   go    go    403   go    403   go",
    ),
    "events:campus_slot_cancel": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   go    go    403   go    403   go",
    ),
    "events:campus_slot_delete": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   go    go    403   go    403   go",
    ),
    "events:campus_slot_new": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:campus_team": (
        "login ok    403   ok    ok    403   ok    403   ok",
        "login ok    403   ok    ok    403   ok    403   ok",
    ),
    "events:campus_team_edit": (
        "login ok    403   403   403   403   403   403   403",
        "login ok    403   403   403   403   403   403   403",
    ),
    "events:campus_team_join": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   go    go    403   go    403   go",
    ),
    "events:campus_team_leave": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   go    go    403   go    403   go",
    ),
    "events:campus_team_new": (
        "login ok    403   403   403   403   403   403   403",
        "login ok    403   403   403   403   403   403   403",
    ),
    "events:campus_teams": (
        "login ok    403   ok    ok    403   ok    403   ok",
        "login ok    403   ok    ok    403   ok    403   ok",
    ),
    "events:cancel_registration": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "events:certificate": (
        "login ok    404   404   404   404   404   404   404",
        "login ok    404   404   404   404   404   404   404",
    ),
    "events:certificate_revoke": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:certificates": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:checkin": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:checkin_counts": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login bad   bad   bad   bad   bad   bad   bad   bad",
    ),
    "events:checkin_scan": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   bad   403   bad   403   bad",
    ),
    "events:choose_sessions": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "events:decline_offer": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "events:event": (
        "404   404   404   404   ok    404   ok    404   ok",
        "404   404   404   404   ok    404   ok    404   ok",
    ),
    "events:event_create": (
        "login 403   403   403   ok    ok    ok    ok    ok",
        "login 403   403   403   ok    ok    ok    ok    ok",
    ),
    "events:event_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:event_ics": (
        "404   404   404   404   ok    404   ok    404   ok",
        None,
    ),
    "events:events": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:export_attendance": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:export_registrations[slug,fmt]": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:export_registrations[slug]": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:exports": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:invitations": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:manage": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:my_calendar": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:my_calendar_file": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "events:my_events": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:organisation_feed": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "events:personal_feed": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "events:questions_edit[slug,form]": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   bad   403   bad   403   bad",
    ),
    "events:questions_edit[slug]": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   bad   403   bad   403   bad",
    ),
    "events:register": (
        "login go    ok    ok    ok    ok    ok    ok    ok",
        "login ok    go    go    go    go    go    go    go",
    ),
    "events:registration": (
        "login ok    go    go    go    go    go    go    go",
        "login ok    go    go    go    go    go    go    go",
    ),
    "events:registrations": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "events:registrations_decide": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "events:statistics": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:survey": (
        "login 404   404   404   404   404   404   404   404",
        "login 404   404   404   404   404   404   404   404",
    ),
    "events:survey_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   bad   403   bad   403   bad",
    ),
    "events:survey_results": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "events:ticket": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "events:verify": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "events:verify_certificate": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    # --- facilities
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "facilities:approvals": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   ok    403   403   ok",
    ),
    "facilities:cancel_booking": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   go    404   404   go",
    ),
    "facilities:check_in": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   go    404   404   go",
    ),
    "facilities:check_out": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   go    404   404   go",
    ),
    "facilities:closures": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   bad   403   403   bad",
    ),
    "facilities:decide": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "facilities:facility": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:find_a_time": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:grant_qualification": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   bad   403   403   bad",
    ),
    "facilities:incidents": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   ok    403   403   ok",
    ),
    "facilities:index": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:join_waiting_list": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "facilities:leave_waiting_list": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   404   404   404   404",
    ),
    "facilities:manage_resources": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   ok    403   403   ok",
    ),
    "facilities:my_bookings": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:my_ics": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "facilities:personal_feed": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "facilities:project": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "facilities:project_edit": (
        "login 404   403   404   404   ok    404   404   ok",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_member_add": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_member_remove": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "facilities:project_member_role": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_milestone_add": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_milestone_done": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "facilities:project_milestone_remove": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "facilities:project_milestone_reopen": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_new": (
        "login 403   403   403   ok    ok    ok    ok    ok",
        "login 403   403   403   ok    ok    ok    ok    ok",
    ),
    "facilities:project_output_add": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   ok    404   404   ok",
    ),
    "facilities:project_output_remove": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "facilities:project_resources": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "facilities:projects": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:qualifications": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   ok    403   403   ok",
    ),
    "facilities:remove_closure": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "facilities:report_incident": (
        "login go    ok    go    go    ok    go    go    ok",
        "login go    ok    go    go    ok    go    go    ok",
    ),
    "facilities:resolve_incident": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "facilities:resource": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "facilities:resource_ics": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "facilities:resource_manual": (
        "login 404   404   404   404   404   404   404   404",
        None,
    ),
    "facilities:resource_photo": (
        "404   404   404   404   404   404   404   404   404",
        None,
    ),
    "facilities:resource_usage": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "facilities:resource_usage_export": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "facilities:revoke_qualification": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   bad   403   403   bad",
    ),
    "facilities:set_status": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "facilities:take_offer": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   404   404   404   404",
    ),
    "facilities:usage": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "facilities:usage_export": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    # --- health
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "health": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    # --- healthz
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "healthz": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    # --- insights
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "insights:company_reports": (
        "login 403   ok    403   403   ok    403   403   ok",
        None,
    ),
    "insights:export_park": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "insights:export_period": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "insights:lock_period": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "insights:open_periods": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "insights:park_reporting": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "insights:partnership": (
        "404   404   404   404   403   403   ok    404   ok",
        None,
    ),
    "insights:partnership_export": (
        "404   404   404   404   403   403   ok    404   ok",
        None,
    ),
    "insights:period": (
        "login 403   403   403   403   ok    403   403   ok",
        None,
    ),
    "insights:records": (
        "404   404   404   404   403   403   ok    404   ok",
        None,
    ),
    "insights:remind": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   404   403   403   404",
    ),
    "insights:report_form": (
        "login 403   ok    403   403   ok    403   403   ok",
        "login 403   go    403   403   403   403   403   403",
    ),
    "insights:reporting": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        None,
    ),
    "insights:reporting_setup": (
        "login 403   403   403   403   ok    403   403   ok",
        "login 403   403   403   403   bad   403   403   bad",
    ),
    "insights:scorecard": (
        "login 403   403   403   403   ok    ok    ok    ok",
        None,
    ),
    "insights:scorecard_export": (
        "login 403   403   403   403   ok    ok    ok    ok",
        None,
    ),
    "insights:scorecard_park_year": (
        "login 403   403   403   403   ok    ok    403   ok",
        None,
    ),
    "insights:yearly_report": (
        "404   404   404   404   403   403   ok    404   ok",
        None,
    ),
    "insights:yearly_report_download": (
        "404   404   404   404   403   403   404   404   404",
        None,
    ),
    "insights:yearly_report_progress": (
        "404   404   404   404   403   403   go    404   go",
        None,
    ),
    "insights:yearly_reports": (
        "404   404   404   404   403   403   ok    404   ok",
        "404   404   404   404   403   403   bad   404   bad",
    ),
    # --- matchmaking
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "matchmaking:accept_request": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   go    403   go    403   go",
    ),
    "matchmaking:agenda": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:agenda_ics": (
        "login ok    403   403   go    403   go    403   go",
        None,
    ),
    "matchmaking:agenda_pdf": (
        "login ok    403   403   go    403   go    403   go",
        None,
    ),
    "matchmaking:book_meeting": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:cancel_meeting": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   go    403   go    403   go",
    ),
    "matchmaking:cancel_request": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   go    403   go    403   go",
    ),
    "matchmaking:day": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "matchmaking:decline_request": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   go    403   go    403   go",
    ),
    "matchmaking:entry_add": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:entry_edit": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:entry_remove": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    403   403   go    403   go    403   go",
    ),
    "matchmaking:export_meetings": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "matchmaking:export_statistics": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    "matchmaking:feedback": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:manage": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "matchmaking:manage_grid": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:manage_meetings": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "matchmaking:manage_schedule": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "matchmaking:matches": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:meeting_cancel": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:meeting_lock": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:meeting_move": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:meeting_unschedule": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:participant": (
        "login ok    403   403   ok    403   ok    403   ok",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:participants": (
        "login ok    403   403   ok    403   ok    403   ok",
        "login ok    403   403   ok    403   ok    403   ok",
    ),
    "matchmaking:profile_edit": (
        "login ok    403   403   ok    403   ok    403   403",
        "login go    403   403   go    403   go    403   403",
    ),
    "matchmaking:publish": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:requests": (
        "login ok    403   403   go    403   go    403   go",
        "login ok    403   403   go    403   go    403   go",
    ),
    "matchmaking:schedule_progress": (
        "login 403   403   403   go    403   go    403   go",
        None,
    ),
    "matchmaking:schedule_run": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:setup": (
        "login 403   403   403   go    403   go    403   go",
        "login 403   403   403   go    403   go    403   go",
    ),
    "matchmaking:statistics": (
        "login 403   403   403   ok    403   ok    403   ok",
        None,
    ),
    # --- mfa
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "mfa_activate_totp": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "mfa_authenticate": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "mfa_deactivate_totp": (
        "login 404   404   404   404   404   404   404   404",
        "login 404   404   404   404   404   404   404   404",
    ),
    "mfa_download_recovery_codes": (
        "login 404   404   404   404   404   404   404   404",
        "login 404   404   404   404   404   404   404   404",
    ),
    "mfa_generate_recovery_codes": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "mfa_index": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login bad   bad   bad   bad   bad   bad   bad   bad",
    ),
    "mfa_reauthenticate": (
        "login go    go    go    go    go    go    go    go",
        "login go    go    go    go    go    go    go    go",
    ),
    "mfa_view_recovery_codes": (
        "login 404   404   404   404   404   404   404   404",
        "login bad   bad   bad   bad   bad   bad   bad   bad",
    ),
    # --- privacy
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "privacy:notice": ("ok    ok    ok    ok    ok    ok    ok    ok    ok", None),
    "privacy:mine": ("login ok    ok    ok    ok    ok    ok    ok    ok", None),
    "privacy:export": ("login ok    ok    ok    ok    ok    ok    ok    ok", None),
    "privacy:consent": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login go    go    go    go    go    go    go    go",
    ),
    "privacy:delete": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login bad   bad   bad   bad   bad   bad   bad   bad",
    ),
    # --- programs
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "programs:answer_file": (
        "login 404   ok    ok    ok    404   ok    404   ok",
        "login 404   ok    ok    ok    404   ok    404   ok",
    ),
    "programs:application": (
        "login 404   ok    ok    ok    404   ok    404   ok",
        "login 404   ok    ok    ok    404   ok    404   ok",
    ),
    "programs:application_edit": (
        "login 404   go    go    go    404   go    404   go",
        "login 404   go    go    go    404   go    404   go",
    ),
    "programs:application_start": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:application_withdraw": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    403   403   404   403   404   403",
    ),
    "programs:book_slot": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    403   403   404   403   404   403",
    ),
    "programs:booking_cancel": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    go    403   404   403   404   403",
    ),
    "programs:call": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:call_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:call_form": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:call_new": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:call_review": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:cohort": (
        "login 404   ok    ok    ok    404   ok    404   ok",
        "login 404   ok    ok    ok    404   ok    404   ok",
    ),
    "programs:cohort_mentor_add": (
        "login 404   403   403   ok    404   ok    404   ok",
        "login 404   403   403   ok    404   ok    404   ok",
    ),
    "programs:cohort_mentor_edit": (
        "login 404   403   403   ok    404   ok    404   ok",
        "login 404   403   403   go    404   go    404   go",
    ),
    "programs:cohort_session_add": (
        "login 404   403   403   ok    404   ok    404   ok",
        "login 404   403   403   ok    404   ok    404   ok",
    ),
    "programs:cohort_session_delete": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   403   go    404   go    404   go",
    ),
    "programs:cohort_session_edit": (
        "login 404   403   403   ok    404   ok    404   ok",
        "login 404   403   403   ok    404   ok    404   ok",
    ),
    "programs:declare_conflict": (
        "login 404   404   ok    404   404   404   404   404",
        "login 404   404   go    404   404   404   404   404",
    ),
    "programs:manage_application": (
        "login 404   403   403   ok    404   ok    404   ok",
        "login 404   403   403   ok    404   ok    404   ok",
    ),
    "programs:manage_assignment": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:manage_assignment_add": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_assignment_lock": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_assignment_progress": (
        "login 403   403   403   go    403   go    403   go",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_assignment_publish": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_assignment_remove": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_assignment_run": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_call": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:manage_conflict_override": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_decide": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_reviewer_remove": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   go    403   go    403   go",
    ),
    "programs:manage_reviewers": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:member": (
        "login 404   ok    ok    ok    404   ok    404   ok",
        "login 404   403   403   ok    404   ok    404   ok",
    ),
    "programs:member_metrics": (
        "login 404   ok    403   403   404   403   404   403",
        "login 404   ok    403   403   404   403   404   403",
    ),
    "programs:mentor_slots": (
        "login 404   ok    ok    ok    404   ok    404   ok",
        "login 404   403   ok    403   404   403   404   403",
    ),
    "programs:milestone": (
        "login 404   ok    403   ok    404   ok    404   ok",
        "login 404   go    403   go    404   go    404   go",
    ),
    "programs:my_applications": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:my_cohorts": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:my_reviews": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:placement": (
        "login ok    404   404   ok    404   ok    404   ok",
        "login ok    404   404   ok    404   ok    404   ok",
    ),
    "programs:placements": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:programme": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:programme_edit": (
        "login 403   403   403   ok    403   ok    403   ok",
        "login 403   403   403   ok    403   ok    403   ok",
    ),
    "programs:programme_new": (
        "login 403   403   403   ok    ok    ok    ok    ok",
        "login 403   403   403   ok    ok    ok    ok    ok",
    ),
    "programs:programmes": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "programs:review": (
        "login 404   404   ok    404   404   404   404   404",
        "login 404   404   go    404   404   404   404   404",
    ),
    "programs:review_file": (
        "login 404   404   ok    404   404   404   404   404",
        "login 404   404   ok    404   404   404   404   404",
    ),
    "programs:slot_delete": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   go    403   404   403   404   403",
    ),
    # --- set
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "set_language": (
        "go    go    go    go    go    go    go    go    go",
        "go    go    go    go    go    go    go    go    go",
    ),
    # --- transfer
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "transfer:deal": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:deal_document": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:deal_document_add": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:deal_open": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:deal_update": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:deals": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "transfer:express_interest": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   ok    ok    ok    ok    403",
    ),
    "transfer:home": (
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
        "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "transfer:interest": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:interest_accept": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   403   404   404   403",
    ),
    "transfer:interest_decline": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   403   404   404   403",
    ),
    "transfer:interest_forward": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "transfer:interest_reject": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   go    404   404   go",
    ),
    "transfer:interest_withdraw": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   403   404   404   403   404   404   403",
    ),
    "transfer:mine": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    "transfer:profile": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:profile_edit": (
        "login 404   ok    404   404   403   404   404   403",
        "login 404   ok    404   404   403   404   404   403",
    ),
    "transfer:profile_extend": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   go    403   403   403   403   403   403",
    ),
    "transfer:profile_matches": (
        "404   404   ok    404   404   ok    404   404   ok",
        "404   404   ok    404   404   ok    404   404   ok",
    ),
    "transfer:profile_new": (
        "login 403   ok    403   ok    ok    ok    ok    403",
        "login 403   ok    403   ok    ok    ok    ok    403",
    ),
    "transfer:profile_publish": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   go    403   403   go",
    ),
    "transfer:profile_request_changes": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   ok    403   403   ok",
    ),
    "transfer:profile_submit": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   403   404   404   403",
    ),
    "transfer:profile_withdraw": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   go    403   403   403   403   403   403",
    ),
    "transfer:review": (
        "login 403   403   403   ok    ok    ok    ok    ok",
        "login 403   403   403   ok    ok    ok    ok    ok",
    ),
    "transfer:search_delete": (
        "bad   bad   bad   bad   bad   bad   bad   bad   bad",
        "login 404   go    404   404   404   404   404   404",
    ),
    "transfer:searches": (
        "login ok    ok    ok    ok    ok    ok    ok    ok",
        "login ok    ok    ok    ok    ok    ok    ok    ok",
    ),
    # --- webhooks: the agency's admins (and staff) only
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "webhooks:deliveries": (
        "login 403   403   403   403   403   ok    403   ok",
        None,
    ),
    "webhooks:endpoint": (
        "login 403   403   403   403   403   ok    403   ok",
        "login 403   403   403   403   403   ok    403   ok",
    ),
    "webhooks:endpoints": (
        "login 403   403   403   403   403   ok    403   ok",
        "login 403   403   403   403   403   ok    403   ok",
    ),
    "webhooks:ping": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   go    403   go",
    ),
    "webhooks:redeliver": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   go    403   go",
    ),
    "webhooks:rotate_secret": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   go    403   go",
    ),
    "webhooks:set_active": (
        "login bad   bad   bad   bad   bad   bad   bad   bad",
        "login 403   403   403   403   403   go    403   go",
    ),
}

API: dict[str, str] = {
    # visit part  comp  revw  mgr   park  agcy  out   staff
    "directory_get_me": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_get_organisation": "404   404   404   404   404   404   404   404   ok",
    "directory_get_park": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_get_partnership": "404   404   404   404   ok    ok    ok    404   ok",
    "directory_get_person": "404   404   ok    404   404   404   404   404   ok",
    "directory_list_organisations": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_park_residencies": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_parks": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_partnerships": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_people": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_residencies": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_sectors": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "directory_list_technology_areas": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "events_cancel_for": "login 403   403   403   ok    403   ok    403   ok",
    "events_cancel_mine": "login ok    404   404   404   404   404   404   404",
    "events_get_event": "404   404   404   404   ok    404   ok    404   ok",
    "events_list_events": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "events_list_registrations": "login 403   403   403   ok    403   ok    403   ok",
    "events_my_registration": "login ok    404   404   404   404   404   404   404",
    "events_register": "login bad   ok    ok    ok    ok    ok    ok    ok",
    "facilities_availability": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "facilities_cancel_booking": "login 404   ok    404   404   ok    404   404   ok",
    "facilities_create_booking": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "facilities_facility_usage": "login 403   403   403   403   ok    403   403   ok",
    "facilities_get_booking": "login 404   ok    404   404   ok    404   404   ok",
    "facilities_get_resource": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "facilities_list_bookings": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "facilities_list_facilities": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "facilities_list_resources": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "insights_park_kpis": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "insights_partnership_kpis": "404   404   404   404   403   403   ok    404   ok",
    "insights_scorecard": "login 403   403   403   403   ok    ok    ok    ok",
    "matchmaking_accept": "login ok    404   404   ok    404   ok    404   ok",
    "matchmaking_book": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "matchmaking_cancel": "login bad   404   404   ok    404   ok    404   ok",
    "matchmaking_cancel_meeting": "login ok    404   404   ok    404   ok    404   ok",
    "matchmaking_create_request": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "matchmaking_decline": "login ok    404   404   ok    404   ok    404   ok",
    "matchmaking_get_brokerage_day": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "matchmaking_get_profile": "login ok    404   404   ok    404   ok    404   ok",
    "matchmaking_get_run": "login 403   403   403   ok    403   ok    403   ok",
    "matchmaking_list_meetings": "login 403   403   403   ok    403   ok    403   ok",
    "matchmaking_list_profiles": "login ok    403   403   ok    403   ok    403   ok",
    "matchmaking_my_agenda": "login ok    403   403   403   403   403   403   403",
    "matchmaking_my_requests": "login ok    403   403   403   403   403   403   403",
    "matchmaking_recommendations": "login ok    403   403   403   403   403   403   403",
    "matchmaking_start_run": "login 403   403   403   bad   403   bad   403   bad",
    "programs_get_application": "404   404   ok    ok    ok    404   ok    404   ok",
    "programs_get_call": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "programs_get_programme": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "programs_list_call_applications": "login 403   403   403   ok    403   ok    403   ok",
    "programs_list_calls": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "programs_list_my_applications": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "programs_list_programmes": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "programs_save_draft": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "programs_start_application": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "programs_submit_application": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "programs_withdraw_application": "login 404   ok    403   403   404   403   404   403",
    "transfer_accept_interest": "login 404   bad   404   404   403   404   404   403",
    "transfer_create_profile": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "transfer_decline_interest": "login 404   bad   404   404   403   404   404   403",
    "transfer_express_interest": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "transfer_extend_profile": "login 403   ok    403   403   403   403   403   ok",
    "transfer_forward_interest": "login 404   403   404   404   bad   404   404   bad",
    "transfer_get_deal": "login 404   ok    404   404   ok    404   404   ok",
    "transfer_get_interest": "login 404   ok    404   404   ok    404   404   ok",
    "transfer_get_profile": "404   404   ok    404   404   ok    404   404   ok",
    "transfer_list_deals": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "transfer_list_interests": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "transfer_list_profiles": "ok    ok    ok    ok    ok    ok    ok    ok    ok",
    "transfer_my_profiles": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "transfer_open_deal": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "transfer_profile_matches": "404   404   ok    404   404   ok    404   404   ok",
    "transfer_publish_profile": "login 403   403   403   403   bad   403   403   bad",
    "transfer_reject_interest": "login 404   bad   404   404   bad   404   404   bad",
    "transfer_request_changes": "login bad   bad   bad   bad   bad   bad   bad   bad",
    "transfer_review_queue": "login ok    ok    ok    ok    ok    ok    ok    ok",
    "transfer_submit_profile": "login 404   ok    404   404   403   404   404   403",
    "transfer_update_deal": "login 404   ok    404   404   ok    404   404   ok",
    "transfer_update_profile": "login 404   ok    404   404   403   404   404   403",
    "transfer_withdraw_interest": "login 404   403   404   404   403   404   404   403",
    "transfer_withdraw_profile": "login 403   ok    403   403   403   403   403   403",
    "webhooks_list_deliveries": "login 403   403   403   403   403   ok    403   ok",
    "webhooks_list_endpoints": "login 403   403   403   403   403   ok    403   ok",
}

# Cells whose answer today is a security bug: (kind, key, method, role) → why. The table
# holds the correct answer; these cells are strict xfails until the bug is fixed.
KNOWN_FINDINGS: dict[tuple[str, str, str, str], str] = {}


def get_row(key: str) -> list[str]:
    return PAGES.get(key, (PROBING, PROBING))[0].split()


def post_row(key: str) -> list[str] | None:
    row = PAGES.get(key, (PROBING, PROBING))[1]
    return row.split() if row else None


def api_row(operation_id: str) -> list[str]:
    return API.get(operation_id, PROBING).split()
