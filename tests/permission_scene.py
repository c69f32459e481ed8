"""The scene of the permission matrix (tests/test_permission_matrix.py): one memorandum
between an Azerbaijani agency and a Turkish park operator with data behind every URL of
the site and the API, and one person for each role.

Who is who:

- ``agency`` (AZ innovation agency) and ``operator`` (TR technopark that runs ``park``)
  are the parties of ``partnership`` (not public, contacts not shared);
- the agency runs ``programme`` (public, the operator is a partner) with ``call`` and
  organises ``event`` (a public training), ``conference`` (with ``brokerage_day``) and
  ``campus``;
- ``company`` (TR SME) is a resident of ``park``: it applied to the call, is in the
  cohort, owns the technology ``profile`` (the operator is its intermediary), booked a
  lab resource and reports to the park;
- ``other_org`` (an agency in ``other_partnership`` with another park) stands outside.

Roles (attributes of :class:`Scene`): ``participant`` (registered for the events, a
brokerage profile, a campus idea and team, a placement), ``company_member`` (member of
``company``), ``reviewer`` (reviews the application, mentors the cohort, judges and
mentors at the campus), ``manager`` (manager of the agency: runs its programmes and
events), ``park_manager`` (manager of the operator: runs the park, its labs and
reporting), ``agency_admin`` (admin of the agency), ``outsider`` (admin of
``other_org``), ``staff`` (``is_staff``, no membership) and the anonymous visitor.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from korpu.directory import models as directory_models
from korpu.events import calendars as event_calendars
from korpu.events import models as event_models
from korpu.facilities import models as facility_models
from korpu.facilities.views.common import feed_token as labs_feed_token
from korpu.insights import models as insight_models
from korpu.insights import reporting
from korpu.matchmaking import models as brokerage_models
from korpu.programs import models as programme_models
from korpu.transfer import models as transfer_models
from korpu.webhooks import models as webhook_models
from tests import factories as directory
from tests.events import factories as events
from tests.facilities import factories as facilities
from tests.matchmaking import factories as brokerage
from tests.programs import factories as programs
from tests.transfer import factories as transfer

ROLES = (
    "visitor",
    "participant",
    "company_member",
    "reviewer",
    "manager",
    "park_manager",
    "agency_admin",
    "outsider",
    "staff",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name: str, content: bytes = PDF) -> ContentFile:
    return ContentFile(content, name=name)


def _member(organisation, role="member", **person):
    who = directory.PersonFactory(**person)
    directory.MembershipFactory(person=who, organisation=organisation, role=role)
    return who


def build() -> SimpleNamespace:  # noqa: PLR0915 - one scene, built top to bottom
    s = SimpleNamespace()
    now = timezone.now()
    today = timezone.localdate()

    # --- organisations, people, the memorandum ------------------------------------------
    Kind = directory_models.Organisation.Kind
    s.agency = directory.OrganisationFactory(
        slug="agency", name="Innovation Agency", kind=Kind.AGENCY, country="AZ", city="Baku"
    )
    s.operator = directory.OrganisationFactory(
        slug="operator", name="Gebze Teknopark A.S.", kind=Kind.TECHNOPARK, country="TR"
    )
    s.company = directory.OrganisationFactory(slug="company", name="Robotik Ltd", kind=Kind.SME)
    s.interested = directory.OrganisationFactory(
        slug="interested", name="Absheron Solar", kind=Kind.STARTUP, country="AZ"
    )
    s.private_org = directory.OrganisationFactory(
        slug="private-org", name="Unlisted Lab", kind=Kind.SME, is_public=False
    )
    s.other_org = directory.OrganisationFactory(
        slug="other-agency", name="Other Agency", kind=Kind.AGENCY, country="AZ"
    )
    s.other_operator = directory.OrganisationFactory(
        slug="other-operator", name="Other Park Operator", kind=Kind.TECHNOPARK
    )

    s.participant = directory.PersonFactory(email="participant@example.org", is_public=False)
    s.company_member = _member(s.company, email="member@example.org", is_public=False)
    s.reviewer = directory.PersonFactory(email="reviewer@example.org", is_public=False)
    s.manager = _member(s.agency, "manager", email="manager@example.org", is_public=False)
    s.park_manager = _member(s.operator, "manager", email="parkmanager@example.org")
    s.agency_admin = _member(s.agency, "admin", email="admin@example.org", is_public=False)
    s.outsider = _member(s.other_org, "admin", email="outsider@example.org", is_public=False)
    s.staff = directory.PersonFactory(email="staff@example.org", is_staff=True, is_public=False)
    s.company_admin = _member(s.company, "admin", email="companyadmin@example.org")
    s.interested_member = _member(s.interested, email="interested@example.org")
    s.peer = directory.PersonFactory(email="peer@example.org", is_public=False)

    s.park = directory.ParkFactory(slug="gebze", name="GOSB Teknopark", operator=s.operator)
    s.other_park = directory.ParkFactory(slug="other-park", operator=s.other_operator)
    s.residency = directory.ResidencyFactory(company=s.company, park=s.park)
    s.partnership = directory.PartnershipFactory(
        slug="memorandum",
        parties=[s.agency, s.operator],
        is_public=False,
        share_contacts=False,
        share_residencies=False,
    )
    s.other_partnership = directory.PartnershipFactory(
        slug="other-memorandum", parties=[s.other_org, s.other_operator], is_public=False
    )
    directory.CommitmentFactory(partnership=s.partnership, code="joint_events")
    s.document = directory_models.PartnershipDocument.objects.create(
        partnership=s.partnership, title="Signed memorandum", file=_file("memorandum.pdf")
    )
    s.company_membership = directory_models.Membership.objects.get(
        person=s.company_member, organisation=s.company
    )
    s.api_token = directory_models.ApiToken.objects.create(
        person=s.company_member, name="laptop", lookup="matrix000001", key_hash="x" * 64
    )

    # --- programmes ------------------------------------------------------------------------
    s.programme = programs.ProgrammeFactory(slug="accelerator", owner=s.agency)
    s.programme.partners.add(s.operator)
    s.call = programs.CallFactory(programme=s.programme, slug="spring")
    s.file_question = programs.QuestionFactory(
        call=s.call, kind=programme_models.Question.Kind.FILE, required=False
    )
    s.application = programs.ApplicationFactory(
        call=s.call, company=s.company, applicant=s.company_member
    )
    programme_models.Answer.objects.create(
        application=s.application, question=s.file_question, file=_file("plan.pdf")
    )
    s.stage = programs.ReviewStageFactory(call=s.call)
    programs.CriterionFactory(stage=s.stage)
    programs.CallReviewerFactory(call=s.call, reviewer=s.reviewer)
    s.other_reviewer = directory.PersonFactory(email="conflicted@example.org")
    s.pool_entry = programs.CallReviewerFactory(call=s.call, reviewer=s.other_reviewer)
    s.assignment = programs.AssignmentFactory(
        stage=s.stage, application=s.application, reviewer=s.reviewer
    )
    programme_models.Review.objects.create(assignment=s.assignment)
    s.conflict = programme_models.Conflict.objects.create(
        application=s.application, reviewer=s.other_reviewer, source="declared"
    )
    s.assignment_run = programme_models.AssignmentRun.objects.create(stage=s.stage)
    s.cohort = programs.CohortFactory(programme=s.programme)
    s.cohort_member = programs.CohortMemberFactory(cohort=s.cohort, company=s.company)
    s.cohort_session = programme_models.CohortSession.objects.create(
        cohort=s.cohort,
        title="Pitch clinic",
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=1),
    )
    s.mentor = programs.MentorFactory(cohort=s.cohort, person=s.reviewer)
    s.slot = programme_models.OfficeHourSlot.objects.create(
        mentor=s.mentor,
        starts_at=now + datetime.timedelta(days=4),
        ends_at=now + datetime.timedelta(days=4, minutes=30),
    )
    s.free_slot = programme_models.OfficeHourSlot.objects.create(
        mentor=s.mentor,
        starts_at=now + datetime.timedelta(days=5),
        ends_at=now + datetime.timedelta(days=5, minutes=30),
    )
    s.office_booking = programme_models.OfficeHourBooking.objects.create(
        slot=s.slot, member=s.cohort_member, booked_by=s.company_member
    )
    s.milestone = programme_models.Milestone.objects.create(
        member=s.cohort_member, title="First customer", due_on=today + datetime.timedelta(days=30)
    )
    s.placement = programme_models.Placement.objects.create(
        programme=s.programme,
        specialist=s.participant,
        host=s.company,
        starts_on=today,
        ends_on=today + datetime.timedelta(days=90),
    )

    # --- events ----------------------------------------------------------------------------
    s.event = events.EventFactory(slug="training", organisers=[s.agency])
    events.SessionFactory(event=s.event)
    events.QuestionFactory(event=s.event, required=False)
    s.registration = events.RegistrationFactory(event=s.event, person=s.participant)
    s.certificate = event_models.Certificate.objects.create(
        registration=s.registration, attendance_percent=100
    )
    event_models.Survey.objects.create(event=s.event, opens_at=now - datetime.timedelta(days=1))
    events.InvitationFactory(event=s.event)
    s.draft_event = events.EventFactory(
        slug="draft-event", organisers=[s.agency], status=event_models.Event.Status.DRAFT
    )

    # --- brokerage day -----------------------------------------------------------------------
    s.brokerage_day = brokerage.BrokerageDayFactory(
        event=brokerage.ConferenceFactory(slug="conference", organisers=[s.agency]),
        self_scheduling=True,
    )
    s.conference = s.brokerage_day.event
    slots = brokerage.add_slots(s.brokerage_day, 4)
    table = brokerage.LocationFactory(brokerage_day=s.brokerage_day)
    s.brokerage_profile = brokerage.ProfileFactory(
        brokerage_day=s.brokerage_day, person=s.participant
    )
    s.peer_profile = brokerage.ProfileFactory(brokerage_day=s.brokerage_day, person=s.peer)
    s.entry = brokerage_models.MarketplaceEntry.objects.create(
        profile=s.brokerage_profile, kind="product", title="Machine vision kit"
    )
    s.meeting_request = brokerage_models.MeetingRequest.objects.create(
        brokerage_day=s.brokerage_day, requester=s.peer_profile, invitee=s.brokerage_profile
    )
    s.meeting = brokerage.meeting(
        s.brokerage_profile, s.peer_profile, slot=slots[0], location=table
    )
    s.schedule_run = brokerage_models.ScheduleRun.objects.create(brokerage_day=s.brokerage_day)

    # --- campus ----------------------------------------------------------------------------
    s.campus = events.CampusFactory(slug="campus", organisers=[s.agency])
    events.RegistrationFactory(event=s.campus, person=s.participant)
    s.challenge = events.ChallengeFactory(event=s.campus)
    s.idea = event_models.Idea.objects.create(
        event=s.campus,
        challenge=s.challenge,
        author=s.participant,
        title="Drone mapping",
        problem="Fields are unmapped.",
        solution="Cheap drones.",
    )
    s.team = events.TeamFactory(event=s.campus, idea=s.idea, created_by=s.participant)
    event_models.TeamMember.objects.create(event=s.campus, team=s.team, person=s.participant)
    s.join_request = event_models.JoinRequest.objects.create(team=s.team, person=s.peer)
    s.mentor_slot = event_models.MentorSlot.objects.create(
        event=s.campus,
        mentor=s.reviewer,
        starts_at=s.campus.starts_at,
        ends_at=s.campus.starts_at + datetime.timedelta(minutes=30),
    )
    s.submission = event_models.Submission.objects.create(
        team=s.team, title="Drone mapping", description="It flies.", file=_file("deck.pdf")
    )
    event_models.JudgingCriterion.objects.create(event=s.campus, label="Impact")
    s.judge = event_models.Judge.objects.create(event=s.campus, person=s.reviewer)
    s.judge_assignment = event_models.JudgeAssignment.objects.create(
        judge=s.judge, submission=s.submission
    )

    # --- marketplace -----------------------------------------------------------------------
    s.profile = transfer.ProfileFactory(owner=s.company, intermediary=s.operator, published=True)
    s.draft_profile = transfer.ProfileFactory(owner=s.company, intermediary=s.operator)
    s.interest = transfer.InterestFactory(
        profile=s.profile,
        company=s.interested,
        status=transfer_models.ExpressionOfInterest.Status.ACCEPTED,
    )
    s.deal = transfer_models.Deal.objects.create(
        profile=s.profile, interest=s.interest, title="Licence", agreement_type="licence"
    )
    s.deal.parties.set([s.company, s.interested])
    s.deal_document = transfer_models.DealDocument.objects.create(
        deal=s.deal, title="Term sheet", file=_file("terms.pdf")
    )
    s.saved_search = transfer_models.SavedSearch.objects.create(
        person=s.company_member, name="Coatings"
    )

    # --- labs ------------------------------------------------------------------------------
    s.facility = facilities.FacilityFactory(park=s.park, slug="lab")
    s.resource = facilities.ResourceFactory(facility=s.facility, slug="printer")
    s.booking = facilities.BookingFactory(resource=s.resource, person=s.company_member)
    s.waiting = facility_models.WaitingEntry.objects.create(
        resource=s.resource,
        person=s.company_member,
        starts_at=s.booking.starts_at,
        ends_at=s.booking.ends_at,
    )
    s.incident = facility_models.Incident.objects.create(
        resource=s.resource, severity="minor", title="Nozzle clogged"
    )
    s.closure = facilities.ClosureFactory(resource=s.resource)
    s.qualification = facilities.QualificationFactory()
    s.resource.required_qualification = s.qualification
    s.resource.save(update_fields=["required_qualification"])
    s.project = facilities.ProjectFactory(
        park=s.park, lead=s.company, slug="drone-lab", is_public=False
    )
    s.project_member = facilities.ProjectMemberFactory(project=s.project, person=s.company_member)
    s.project_milestone = facility_models.Milestone.objects.create(
        project=s.project, title="Prototype", due_on=today + datetime.timedelta(days=60)
    )
    s.output = facility_models.Output.objects.create(
        project=s.project, kind="prototype", title="Prototype 1", date=today
    )

    # --- insights --------------------------------------------------------------------------
    reporting.save_scheme(
        actor=s.park_manager,
        park=s.park,
        frequency="yearly",
        indicators=list(insight_models.CODES),
        currency="TRY",
        starts_on=datetime.date(today.year - 2, 1, 1),
    )
    s.period = s.park.reporting_periods.order_by("-starts_on").first()
    s.report = insight_models.Report.objects.create(period=s.period, company=s.company)
    s.yearly_report = insight_models.YearlyReport.objects.create(
        partnership=s.partnership, year=today.year - 1, language="en", file=_file("year.pdf")
    )

    # --- webhooks (loopback, discard port: nothing listens) -------------------------------
    s.webhook_endpoint = webhook_models.Endpoint.objects.create(
        organisation=s.agency,
        url="https://127.0.0.1:9/korpu-scene",
        event_types=list(webhook_models.EventType.values),
        created_by=s.agency_admin,
    )
    s.webhook_delivery = webhook_models.Delivery.objects.create(
        endpoint=s.webhook_endpoint,
        event_type=webhook_models.EventType.BOOKING_MADE,
        event_id="00000000-0000-4000-8000-00000000beef",
        payload={"type": "booking.made"},
        status=webhook_models.Delivery.Status.FAILED,
        attempts=6,
        last_response_code=500,
    )

    s.tokens = {
        "events": event_calendars.feed_token(s.participant),
        "labs": labs_feed_token(s.company_member),
    }
    return s
