"""Every page renders in English, Azerbaijani and Turkish without untranslated strings,
and the catalogues are complete and compiled.

Untranslated strings are caught at the source: while a page renders, every gettext call
that finds no entry in the active language's catalogue is recorded.
"""

import re
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from korpu.directory.models import PartnershipDocument
from tests import factories

LOCALE_DIR = Path(__file__).resolve().parents[2] / "src" / "korpu" / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")


@contextmanager
def untranslated_strings(language: str):
    """Collects the messages gettext could not find in ``language``'s catalogue."""
    misses: set[str] = set()
    catalogue = trans_real.translation(language)
    original_gettext, original_ngettext = catalogue.gettext, catalogue.ngettext

    def gettext(message):
        if message and message not in catalogue._catalog:
            misses.add(message)
        return original_gettext(message)

    def ngettext(singular, plural, number):
        if (singular, catalogue.plural(number)) not in catalogue._catalog:
            misses.add(singular)
        return original_ngettext(singular, plural, number)

    catalogue.gettext, catalogue.ngettext = gettext, ngettext
    try:
        yield misses
    finally:
        del catalogue.gettext, catalogue.ngettext


@pytest.fixture
def site(db):
    """Data that makes every part of every page render."""
    sector = factories.SectorFactory(slug="ict", name="ICT", name_az="İKT", name_tr="BİT")
    company = factories.OrganisationFactory(
        slug="acme", sectors=[sector], website="https://a.example"
    )
    park = factories.ParkFactory(slug="gosb", opened_year=2005, area_hectares=10)
    unit = factories.UnitFactory(building__site__park=park)
    factories.ResidencyFactory(company=company, park=park, unit=unit)
    factories.ResidencyFactory(park=park, status="applied", start_date=None)
    partnership = factories.PartnershipFactory(
        slug="mou", parties=[company, park.operator], signed_at_place="Baku"
    )
    park.established_by = partnership
    park.save()
    factories.CommitmentFactory(partnership=partnership, target_per_year=6, target_unit="events")
    PartnershipDocument.objects.create(partnership=partnership, title="Text", file="x.pdf")
    admin = factories.MembershipFactory(organisation=company, role="admin").person
    factories.MembershipFactory(organisation=park.operator, role="admin", person=admin)
    admin.expertise = "robotics, AI"
    admin.languages = ["az", "tr"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return {"admin": admin, "company": company, "park": park}


PUBLIC_PAGES = [
    ("directory:home", []),
    ("directory:organisations", []),
    ("directory:organisation", ["acme"]),
    ("directory:people", []),
    ("directory:parks", []),
    ("directory:park", ["gosb"]),
    ("directory:partnerships", []),
    ("directory:partnership", ["mou"]),
    ("account_login", []),
    ("account_signup", []),
    ("account_reset_password", []),
]
PRIVATE_PAGES = [
    ("directory:dashboard", []),
    ("directory:profile", []),
    ("directory:api_tokens", []),
    ("directory:organisation_edit", ["acme"]),
    ("directory:organisation_members", ["acme"]),
    ("account_email", []),
    ("account_change_password", []),
    ("mfa_index", []),
    ("admin:index", []),
    ("admin:directory_organisation_changelist", []),
]


@pytest.mark.parametrize("language", ["en", "az", "tr"])
def test_pages_have_no_untranslated_strings(client, site, language):
    rendered = {}
    with untranslated_strings(language) as misses:
        for pages, user in ((PUBLIC_PAGES, None), (PRIVATE_PAGES, site["admin"])):
            if user:
                client.force_login(user)
            for name, args in pages:
                with translation.override(language):
                    url = reverse(name, args=args)
                response = client.get(url)
                assert response.status_code == 200, url
                assert f'lang="{language}"' in response.content.decode()[:300], url
                rendered[url] = True
        # The person page and the profile form in its bound state.
        with translation.override(language):
            client.get(reverse("directory:person", args=[site["admin"].pk]))
            client.post(reverse("directory:profile"), {"birth_year": "3000"})
        # The notification mails, rendered as their recipients get them.
        from korpu.common.notify import send_templated_mail
        from korpu.directory.models import Membership, Residency

        membership = Membership.objects.filter(role="admin").select_related("organisation").first()
        send_templated_mail(
            to="x@example.org",
            template="directory/email/membership_added",
            context={
                "person": site["admin"],
                "organisation": membership.organisation,
                "membership": membership,
            },
            language=language,
        )
        send_templated_mail(
            to="x@example.org",
            template="directory/email/residency_status",
            context={"person": site["admin"], "residency": Residency.objects.first()},
            language=language,
        )
    if language == "en":
        return  # English is the source language
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_catalogue_complete_and_placeholders_kept(language):
    catalogue = polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    broken = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            # Each plural form may use or omit the count; every other placeholder stays.
            allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
            needed = set(PLACEHOLDER.findall(entry.msgid)) - {"%(counter)s", "%(count)s"}
            for text in entry.msgstr_plural.values():
                found = set(PLACEHOLDER.findall(text))
                if not (needed <= found <= allowed):
                    broken.append(entry.msgid)
            continue
        expected = sorted(set(PLACEHOLDER.findall(entry.msgid)))
        if sorted(set(PLACEHOLDER.findall(entry.msgstr))) != expected:
            broken.append(entry.msgid)
    assert broken == []


@pytest.mark.parametrize("language", ["en", "az", "tr"])
def test_compiled_catalogue_is_up_to_date(language, tmp_path):
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    compiled = tmp_path / "django.mo"
    polib.pofile(str(po_path)).save_as_mofile(str(compiled))
    committed = po_path.with_suffix(".mo")
    assert committed.read_bytes() == compiled.read_bytes(), "run scripts/compile_messages.py"


# --- the programme pages, rendered over the full demo for every role -----------------------
def programme_pages():
    """(who, url name, args) for every programme page, from the demo's data."""
    from korpu.programs.models import (
        Application,
        Assignment,
        Cohort,
        CohortMember,
        Placement,
        ReviewStage,
    )

    stage = (
        ReviewStage.objects.filter(assignments__isnull=False)
        .select_related("call__programme")
        .first()
    )
    call = stage.call
    args = [call.programme.slug, call.slug]
    cohort = Cohort.objects.first()
    member = CohortMember.objects.filter(cohort=cohort, company__isnull=False).first()
    reviewer_assignment = Assignment.objects.filter(
        reviewer__email="reviewer@korpu.example", published_at__isnull=False
    ).first()
    application = Application.objects.filter(call=call).exclude(status="draft").first()
    return [
        (None, "programs:programmes", []),
        (None, "programs:programme", [call.programme.slug]),
        (None, "programs:call", args),
        ("company.admin@korpu.example", "programs:my_applications", []),
        ("admin@korpu.example", "programs:application", [application.pk]),
        ("admin@korpu.example", "programs:manage_call", args),
        ("admin@korpu.example", "programs:manage_reviewers", args),
        ("admin@korpu.example", "programs:manage_assignment", [*args, stage.pk]),
        ("admin@korpu.example", "programs:manage_application", [*args, application.pk]),
        ("reviewer@korpu.example", "programs:my_reviews", []),
        ("reviewer@korpu.example", "programs:review", [reviewer_assignment.pk]),
        ("admin@korpu.example", "programs:my_cohorts", []),
        ("admin@korpu.example", "programs:cohort", [cohort.pk]),
        ("admin@korpu.example", "programs:mentor_slots", [cohort.pk]),
        ("admin@korpu.example", "programs:member", [member.pk]),
        ("admin@korpu.example", "programs:placements", []),
        ("admin@korpu.example", "programs:placement", [Placement.objects.first().pk]),
        ("admin@korpu.example", "programs:programme_new", []),
        ("admin@korpu.example", "programs:programme_edit", [call.programme.slug]),
        ("admin@korpu.example", "programs:call_new", [call.programme.slug]),
        ("admin@korpu.example", "programs:call_edit", args),
        ("admin@korpu.example", "programs:call_form", args),
        ("admin@korpu.example", "programs:call_review", args),
    ]


@pytest.mark.parametrize("language", ["az", "tr"])
def test_programme_pages_have_no_untranslated_strings(client, db, language):
    from korpu.directory.demo import load_demo
    from korpu.directory.models import Person
    from korpu.programs.demo import load_programmes_demo

    load_demo()
    load_programmes_demo()
    with untranslated_strings(language) as misses:
        for who, name, args in programme_pages():
            client.logout()
            if who:
                client.force_login(Person.objects.get(email=who))
            with translation.override(language):
                url = reverse(name, args=args)
            response = client.get(url)
            assert response.status_code == 200, (url, who, response.status_code)
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


# --- the event pages, rendered over the full demo for every role ---------------------------
def event_pages():
    """(who, url name, args) for every event page a person opens, from the demo's data."""
    from korpu.events import demo as events_demo
    from korpu.events.models import Certificate, Event, JudgeAssignment

    gebze, baku, laser, robot = (
        events_demo.GEBZE_CONFERENCE,
        events_demo.BAKU_CONFERENCE,
        events_demo.LASER_TRAINING,
        events_demo.ROBOT_TRAINING,
    )
    shusha, ganja = events_demo.SHUSHA_CAMPUS, events_demo.GANJA_CAMPUS
    campus = Event.objects.get(slug=shusha)
    idea = campus.ideas.filter(status="chosen").first()
    team = campus.teams.filter(submission__isnull=False).first()
    certificate = Certificate.objects.filter(registration__event__slug=laser).first()
    judging = JudgeAssignment.objects.filter(
        judge__person__email="reviewer@korpu.example", submission__team__event__slug=ganja
    ).first()
    organiser, specialist = "programme.manager@korpu.example", "specialist@korpu.example"
    return [
        (None, "events:events", []),
        (None, "events:event", [gebze]),
        (None, "events:agenda", [gebze]),
        (None, "events:verify", []),
        (None, "events:verify_certificate", [certificate.code]),
        (None, "events:campus", [shusha]),
        (None, "events:campus_showcase", [shusha]),
        (None, "events:campus_project", [shusha, team.submission.pk]),
        (specialist, "events:my_events", []),
        (specialist, "events:event", [robot]),
        (specialist, "events:registration", [robot]),
        (specialist, "events:registration", [baku]),
        (specialist, "events:register", [events_demo.LICENSING_CLINIC]),
        (specialist, "events:registration", [laser]),
        (specialist, "events:my_calendar", []),
        (specialist, "events:campus_ideas", [shusha]),
        (specialist, "events:campus_idea", [shusha, idea.pk]),
        (specialist, "events:campus_teams", [shusha]),
        (specialist, "events:campus_team", [shusha, team.pk]),
        (specialist, "events:campus_mentors", [shusha]),
        (organiser, "events:event_create", []),
        (organiser, "events:manage", [baku]),
        (organiser, "events:event_edit", [baku]),
        (organiser, "events:agenda_edit", [baku]),
        (organiser, "events:registrations", [robot]),
        (organiser, "events:invitations", [events_demo.HTP_BRIEFING]),
        (organiser, "events:checkin", [gebze]),
        (organiser, "events:certificates", [laser]),
        (organiser, "events:exports", [gebze]),
        (organiser, "events:statistics", [gebze]),
        (organiser, "events:questions_edit", [gebze, "registration"]),
        (organiser, "events:questions_edit", [gebze, "survey"]),
        (organiser, "events:survey_edit", [gebze]),
        (organiser, "events:survey_results", [gebze]),
        (organiser, "events:campus_challenge_new", [shusha]),
        (organiser, "events:campus_judging", [shusha]),
        (organiser, "events:campus_criteria", [shusha]),
        (organiser, "events:campus_judges", [shusha]),
        (organiser, "events:campus_results", [shusha]),
        (organiser, "events:campus_idea_followup", [shusha, idea.pk]),
        ("reviewer@korpu.example", "events:campus_my_judging", [ganja]),
        ("reviewer@korpu.example", "events:campus_score", [ganja, judging.pk]),
    ]


@pytest.mark.parametrize("language", ["az", "tr"])
def test_event_pages_have_no_untranslated_strings(client, db, language):
    from korpu.directory.demo import load_demo
    from korpu.directory.models import Person
    from korpu.events.demo import load_events_demo
    from korpu.programs.demo import load_programmes_demo

    load_demo()
    load_programmes_demo()
    load_events_demo()
    with untranslated_strings(language) as misses:
        for who, name, args in event_pages():
            client.logout()
            if who:
                client.force_login(Person.objects.get(email=who))
            with translation.override(language):
                url = reverse(name, args=args)
            response = client.get(url)
            assert response.status_code == 200, (url, who, response.status_code)
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_event_mails_are_translated(db, language):
    """Every event mail template renders in the recipient's language, no string missed."""
    from pathlib import Path

    from korpu.common.notify import render_plain_text
    from korpu.events.models import Registration
    from tests.events.factories import InvitationFactory, RegistrationFactory

    registration = RegistrationFactory()
    context = {
        "registration": registration,
        "event": registration.event,
        "person": registration.person,
        "invitation": InvitationFactory(event=registration.event),
        "site_url": "https://korpu.example.org",
        "position": 2,
        "what": "Room changed.",
        "hours": 24,
    }
    assert isinstance(registration, Registration)
    folder = Path(__file__).resolve().parents[2] / "src/korpu/events/templates/events/email"
    names = sorted(
        p.name
        for p in folder.glob("*.txt")
        if not p.name.startswith(("campus_", "survey_", "certificate_"))
    )
    with untranslated_strings(language) as misses, translation.override(language):
        for name in names:
            render_plain_text(f"events/email/{name}", context)
    assert len(names) == 24
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


# --- the brokerage day pages and mails ------------------------------------------------------
def brokerage_pages():
    """(who, url name, args) for the brokerage pages, from the demo's two brokerage days."""
    from korpu.events import demo as events_demo
    from korpu.matchmaking.models import Meeting, Profile

    gebze, baku = events_demo.GEBZE_CONFERENCE, events_demo.BAKU_CONFERENCE
    organiser = "programme.manager@korpu.example"
    company = "company.admin@korpu.example"
    mine = Profile.objects.get(person__email=company, brokerage_day__event__slug=baku)
    other = Profile.objects.filter(brokerage_day=mine.brokerage_day, published=True).exclude(
        pk=mine.pk
    )[0]
    past = Meeting.objects.filter(
        brokerage_day__event__slug=gebze, status="confirmed", slot__isnull=False
    ).first()
    attendee = past.participants.first().person.email
    pages = [
        (company, "matchmaking:day", [baku]),
        (company, "matchmaking:profile_edit", [baku]),
        (company, "matchmaking:participants", [baku]),
        (company, "matchmaking:participant", [baku, other.pk]),
        (company, "matchmaking:matches", [baku]),
        (company, "matchmaking:requests", [baku]),
        (company, "matchmaking:agenda", [baku]),
        (attendee, "matchmaking:agenda", [gebze]),
        (attendee, "matchmaking:feedback", [gebze, past.pk]),
        ("specialist@korpu.example", "matchmaking:profile_edit", [baku]),
    ]
    for slug in (gebze, baku):
        pages += [
            (organiser, name, [slug])
            for name in (
                "matchmaking:manage",
                "matchmaking:manage_grid",
                "matchmaking:manage_meetings",
                "matchmaking:manage_schedule",
                "matchmaking:statistics",
            )
        ]
    return pages


@pytest.mark.parametrize("language", ["az", "tr"])
def test_brokerage_pages_have_no_untranslated_strings(client, db, language):
    from korpu.directory.demo import load_demo
    from korpu.directory.models import Person
    from korpu.events.demo import load_events_demo
    from korpu.matchmaking.demo import load_matchmaking_demo
    from korpu.programs.demo import load_programmes_demo

    load_demo()
    load_programmes_demo()
    load_events_demo()
    load_matchmaking_demo()
    with untranslated_strings(language) as misses:
        for who, name, args in brokerage_pages():
            client.logout()
            client.force_login(Person.objects.get(email=who))
            with translation.override(language):
                url = reverse(name, args=args)
            response = client.get(url)
            assert response.status_code == 200, (url, who, response.status_code)
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_brokerage_mails_are_translated(db, language):
    """Request, answer, schedule, reminder, move and cancellation mails, written by the
    services to people who read ``language``: no string missed."""
    import datetime

    from django.utils import timezone

    from korpu.common.models import OutboxMessage
    from korpu.matchmaking import services
    from tests.matchmaking.factories import (
        BrokerageDayFactory,
        LocationFactory,
        ProfileFactory,
        add_slots,
        organiser,
    )

    day = BrokerageDayFactory()
    slots = add_slots(day, 4)
    table = LocationFactory(brokerage_day=day)
    boss = organiser(day)
    a, b, c = (
        ProfileFactory(brokerage_day=day, person__preferred_language=language) for _ in "abc"
    )
    with untranslated_strings(language) as misses:
        asked = services.request_meeting(requester=a, invitee=b, actor=a.person, message="Hi")
        meeting = services.accept_request(request=asked, actor=b.person)
        declined = services.request_meeting(requester=c, invitee=a, actor=c.person)
        services.decline_request(request=declined, actor=a.person, reason="No time")
        services.move_meeting(meeting=meeting, slot=slots[0], location=table, actor=boss)
        services.publish_schedule(day=day, status="final", actor=boss)
        services.move_meeting(meeting=meeting, slot=slots[1], location=table, actor=boss)
        soon = slots[1].starts_at - datetime.timedelta(minutes=day.reminder_minutes - 1)
        assert services.send_meeting_reminders(now=soon) >= 1
        services.cancel_meeting(meeting=meeting, actor=a.person, reason="Flight")
    assert timezone.now() < slots[0].starts_at
    assert OutboxMessage.objects.count() >= 10
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


# --- the technology-transfer marketplace ----------------------------------------------------
def marketplace_scene(language: str):
    """An owner, its park, an interested company and people reading ``language``; a
    published profile with an accepted interest and a deal, one under review with flags,
    one with a forwarded interest."""
    from korpu.transfer import services
    from korpu.transfer.models import Keyword
    from tests.factories import OrganisationFactory
    from tests.transfer.factories import member_of

    owner = OrganisationFactory(kind="sme", country="TR", name="Gebze Nano")
    park = OrganisationFactory(kind="technopark", country="TR", name="GOSB Teknopark")
    buyer = OrganisationFactory(kind="startup", country="AZ", name="Xəzər Günəş")
    writer = member_of(owner, preferred_language=language)
    reviewer = member_of(park, role="manager", preferred_language=language)
    reader = member_of(buyer, preferred_language=language)
    solar = Keyword.objects.create(code="tech.energy.solar-i18n", kind="technology", name="Solar")

    # Saved first, so the profiles published below are news to it.
    services.save_search(actor=reader, name="Günəş", query="günəş paneli", keywords=[solar])

    def profile(title, **extra):
        created = services.create_profile(
            actor=writer,
            owner=owner,
            type="TO",
            language="tr",
            intermediary=park,
            stage="lab_tested",
            keywords=[solar],
            texts={
                "tr": {
                    "title": title,
                    "summary": "Nano kaplama.",
                    "description": extra.pop("description", "Laboratuvarda test edildi."),
                }
            },
            **extra,
        )
        services.submit_profile(actor=writer, profile=created)
        return created

    published = services.publish_profile(actor=reviewer, profile=profile("Güneş paneli kaplaması"))
    second = services.publish_profile(actor=reviewer, profile=profile("Güneş izleyici"))
    flagged = profile("Kaplama", description="Bakınız www.nano.com.tr ve SunGuard™.")
    interest = services.express_interest(
        actor=reader, profile=published, company=buyer, message="Bizə lazımdır."
    )
    services.forward_interest(actor=reviewer, interest=interest, note="Ciddi alıcı.")
    services.answer_interest(actor=writer, interest=interest, accept=True)
    deal = services.open_deal(actor=reader, interest=interest, agreement_type="licence")
    waiting = services.express_interest(
        actor=reader, profile=second, company=buyer, message="Maraqlıdır."
    )
    services.forward_interest(actor=reviewer, interest=waiting)
    return {
        "writer": writer,
        "reviewer": reviewer,
        "reader": reader,
        "published": published,
        "second": second,
        "flagged": flagged,
        "interest": interest,
        "waiting": waiting,
        "deal": deal,
    }


@pytest.mark.parametrize("language", ["az", "tr"])
def test_marketplace_pages_have_no_untranslated_strings(client, db, language):
    scene = marketplace_scene(language)
    pages = [
        (None, "transfer:home", [], {"q": "günəş paneli"}),
        (None, "transfer:home", [], {}),
        (None, "transfer:profile", [scene["published"].pk], {}),
        ("reader", "transfer:profile", [scene["second"].pk], {}),
        ("reader", "transfer:profile_matches", [scene["published"].pk], {}),
        ("reader", "transfer:mine", [], {}),
        ("reader", "transfer:searches", [], {}),
        ("reader", "transfer:interest", [scene["interest"].pk], {}),
        ("reader", "transfer:deals", [], {}),
        ("reader", "transfer:deal", [scene["deal"].pk], {}),
        ("writer", "transfer:profile", [scene["second"].pk], {}),
        ("writer", "transfer:profile_new", [], {}),
        ("writer", "transfer:profile_edit", [scene["published"].pk], {}),
        ("writer", "transfer:mine", [], {}),
        ("writer", "transfer:interest", [scene["waiting"].pk], {}),
        ("reviewer", "transfer:review", [], {}),
        ("reviewer", "transfer:profile", [scene["flagged"].pk], {}),
        ("reviewer", "transfer:deal", [scene["deal"].pk], {}),
    ]
    with untranslated_strings(language) as misses:
        for who, name, args, query in pages:
            client.logout()
            if who:
                client.force_login(scene[who])
            with translation.override(language):
                url = reverse(name, args=args)
            response = client.get(url, query)
            assert response.status_code == 200, (url, who, response.status_code)
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_marketplace_mails_are_translated(db, language):
    """Review, publication, interest, deal, expiry and alert mails written by the services
    to people who read ``language``: no string missed."""
    import datetime

    from django.utils import timezone

    from korpu.common.models import OutboxMessage
    from korpu.transfer import services
    from korpu.transfer.models import Profile

    with untranslated_strings(language) as misses:
        scene = marketplace_scene(language)
        services.send_alerts(
            now=timezone.now(),
            find=lambda search, candidates: candidates,
        )
        draft = Profile.objects.get(pk=scene["flagged"].pk)
        services.request_changes(actor=scene["reviewer"], profile=draft, note="Linki silin.")
        services.reject_interest(
            actor=scene["reviewer"],
            interest=services.express_interest(
                actor=scene["reader"],
                profile=scene["published"],
                company=scene["reader"].memberships.get().organisation,
                message="Yenə",
            ),
            note="Artıq qəbul edilib.",
        )
        services.answer_interest(actor=scene["writer"], interest=scene["waiting"], accept=False)
        end = scene["published"].expires_at
        services.expire_profiles(now=end - datetime.timedelta(days=10))
        services.expire_profiles(now=end + datetime.timedelta(days=1))
        services.update_deal(
            actor=scene["reader"],
            deal=scene["deal"],
            status="signed",
            expires_on=timezone.localdate() + datetime.timedelta(days=5),
        )
        services.remind_deals()
    subjects = set(OutboxMessage.objects.values_list("subject", flat=True))
    assert len(subjects) >= 12
    assert OutboxMessage.objects.filter(
        to=[scene["reader"].email], subject__contains="Günəş"
    ).exists()
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


# --- the labs, equipment and spaces (facilities) ---------------------------------------------
def facilities_scene(language: str):
    """A lab of a Baku park with people reading ``language``: a manager, a resident
    company's booker (no laser qualification) and colleague (qualified), a Turkish partner.

    Resources: a laser cutter needing a qualification (with an upcoming training), booked
    together with an assembly room, priced per category; a 3D printer in hourly slots with a
    no-show rule and a company week limit; a clean bench needing approval; a spectrometer
    taken out of service by a high incident; an oscilloscope open on weekdays and booked by
    the managers only. Bookings approved, pending, declined, cancelled (by the managers and
    by a closure), released as a no-show, checked in, a weekly series with a week skipped
    for maintenance, past usage; a waiting-list entry and an open offer; incidents (open
    high, resolved low); a project with partners, members, milestones, outputs and
    bookings charged to it. Everything but the past bookings is written by the services."""
    import datetime
    from decimal import Decimal

    from django.utils import timezone

    from korpu.facilities import projects, services
    from korpu.facilities.models import Booking, Closure, Incident, Output, Project, Resource
    from tests import factories as directory
    from tests.events.factories import EventFactory
    from tests.facilities.factories import (
        BookingFactory,
        FacilityFactory,
        QualificationFactory,
        QualificationGrantFactory,
        ResourceFactory,
        future,
    )

    hour = datetime.timedelta(hours=1)
    facility = FacilityFactory(
        name="Nano lab",
        description="Prototyping and measurement.",
        location="Block A, floor 2",
        contact_email="lab@park.example",
    )
    park = facility.park

    def person(organisation, role="member"):
        return directory.MembershipFactory(
            organisation=organisation, role=role, person__preferred_language=language
        ).person

    manager = person(park.operator, role="manager")
    facility.managers.add(manager)
    company = directory.OrganisationFactory(name="Xəzər Robotics", country="AZ", kind="startup")
    directory.ResidencyFactory(company=company, park=park)
    partner = directory.OrganisationFactory(name="Gebze Elektronik", country="TR")
    directory.PartnershipFactory(parties=[park.operator, partner])
    booker = person(company)
    colleague = person(company)
    visitor_from_tr = person(partner)

    safety = QualificationFactory(name="Laser safety")
    training = EventFactory(title="Laser safety course", grants_qualification=safety)
    QualificationGrantFactory(person=colleague, qualification=safety)
    prices = {"price_resident": 10, "price_partner": 15, "price_external": 25}
    room = ResourceFactory(
        facility=facility, name="Assembly room", kind=Resource.Kind.ROOM, capacity=4, **prices
    )
    laser = ResourceFactory(
        facility=facility,
        name="Laser cutter",
        manufacturer="Trotec",
        model="Speedy 400",
        location="Room 2.14",
        required_qualification=safety,
        min_notice_minutes=60,
        max_hours_per_week_person=10,
        no_show_minutes=15,
        **prices,
    )
    laser.linked_resources.add(room)
    printer = ResourceFactory(
        facility=facility,
        name="3D printer",
        slot_minutes=60,
        no_show_minutes=15,
        max_hours_per_week_company=20,
        price_resident=Decimal("5.50"),
    )
    clean = ResourceFactory(
        facility=facility,
        name="Clean bench",
        requires_approval=True,
        min_minutes=60,
        max_minutes=240,
    )
    spectrometer = ResourceFactory(facility=facility, name="Spectrometer")
    oscilloscope = ResourceFactory(
        facility=facility, name="Oscilloscope", open_weekdays=[0, 1, 2, 3, 4], is_bookable=False
    )

    today = timezone.localdate()
    project = projects.create_project(
        actor=manager,
        park=park,
        lead=company,
        partners=[partner],
        data={
            "title_en": "Soil moisture sensor",
            "title_az": "Torpaq nəmliyi sensoru",
            "title_tr": "Toprak nem sensörü",
            "summary_en": "A low-power sensor for Karabakh farms.",
            "kind": Project.Kind.PROTOTYPE,
            "status": Project.Status.ACTIVE,
            "starts_on": today - datetime.timedelta(days=120),
            "ends_on": today + datetime.timedelta(days=240),
            "budget": Decimal("150000.00"),
            "currency": "AZN",
            "is_public": True,
        },
    )
    projects.add_member(actor=manager, project=project, person=booker, role="lead")
    projects.add_member(actor=manager, project=project, person=colleague, role="engineer")
    projects.add_member(actor=manager, project=project, person=visitor_from_tr, role="researcher")
    projects.set_resources(actor=manager, project=project, resources=[laser, printer])
    reached = projects.add_milestone(
        actor=manager, project=project, title="Lab prototype", due_on=today
    )
    projects.complete_milestone(actor=manager, milestone=reached)
    projects.add_milestone(
        actor=manager,
        project=project,
        title="Field test",
        due_on=today + datetime.timedelta(days=60),
    )
    for kind, title, quantity, reference in (
        (Output.Kind.PROTOTYPE, "Sensor v1", 1, ""),
        (Output.Kind.DEVICE, "Sensor v1 pilot batch", 25, "BATCH-01"),
        (Output.Kind.PUBLICATION, "Low-power soil sensing", 1, "10.1234/soil.2025"),
        (Output.Kind.PATENT, "Capacitive probe", 1, "TR2025/001234"),
    ):
        projects.record_output(
            actor=manager,
            project=project,
            kind=kind,
            title=title,
            date=today - datetime.timedelta(days=1),
            quantity=quantity,
            reference=reference,
        )

    def book(who, resource, day, hours=(10, 11), **extra):
        return services.book(
            actor=who,
            resource=resource,
            starts_at=future(day, hours[0]),
            ends_at=future(day, hours[1]),
            **extra,
        )

    charged = {"organisation": company, "project": project}
    # Approved: the laser with its room, and the printer (checked in).
    with_room = book(colleague, laser, 2, (10, 12), purpose="Cutting enclosures", **charged)
    approved = book(booker, printer, 2, (10, 11), purpose="Printing housings", **charged)
    services.check_in(actor=booker, booking=approved, at=approved.starts_at + hour / 12)
    book(visitor_from_tr, room, 3, (14, 16), organisation=partner)
    # Approval: one pending, one approved, one declined.
    pending = book(booker, clean, 3, (10, 12), purpose="Wafer inspection", **charged)
    services.decide(actor=manager, booking=book(booker, clean, 4), approve=True, note="Fine.")
    declined = book(booker, clean, 5)
    services.decide(actor=manager, booking=declined, approve=False, note="Bench in use.")
    # Cancelled by the managers.
    services.cancel(actor=manager, booking=book(booker, printer, 3, (14, 15)), reason="Repair")
    # Waiting: one place in line, one offer of a time freed.
    book(colleague, printer, 4)
    waiting = services.join_waiting_list(
        actor=booker, resource=printer, starts_at=future(4, 10), ends_at=future(4, 11)
    )
    freed = book(colleague, printer, 5)
    services.join_waiting_list(
        actor=booker, resource=printer, starts_at=future(5, 10), ends_at=future(5, 11)
    )
    services.cancel(actor=colleague, booking=freed)
    # A maintenance window cancels a booking and makes a weekly series skip a week.
    book(booker, printer, 9, (15, 16))
    closure, cancelled = services.add_closure(
        actor=manager,
        facility=facility,
        resource=printer,
        kind=Closure.Kind.MAINTENANCE,
        starts_at=future(9, 8),
        ends_at=future(9, 20),
        reason="Nozzle change",
    )
    services.add_closure(
        actor=manager,
        facility=facility,
        kind=Closure.Kind.HOLIDAY,
        starts_at=future(30, 0),
        ends_at=future(31, 0),
        reason="Novruz",
    )
    series = services.book_weekly(
        actor=booker,
        resource=printer,
        starts_at=future(2, 16),
        ends_at=future(2, 17),
        until=future(23, 16).date(),
        **charged,
    )
    # A no-show, released once the no-show time has passed.
    no_show = book(booker, printer, 6, (10, 12))
    services.release_no_shows(now=no_show.starts_at + hour / 2)
    # Past use: checked in and out, charged to the company and the project.
    past = timezone.now() - datetime.timedelta(days=1)
    BookingFactory(
        resource=printer,
        person=booker,
        starts_at=past - 2 * hour,
        ends_at=past,
        checked_in_at=past - 2 * hour,
        checked_out_at=past - hour / 2,
        price_category=Booking.PriceCategory.RESIDENT,
        hourly_price=printer.price_resident,
        currency="AZN",
        **charged,
    )
    # Incidents: a low one resolved, a high one open (out of service; people told).
    low = services.report_incident(
        actor=booker, resource=printer, severity=Incident.Severity.LOW, title="Nozzle clogged"
    )
    services.resolve_incident(actor=manager, incident=low, resolution="Cleaned the nozzle.")
    book(booker, spectrometer, 7)
    book(colleague, spectrometer, 7, (12, 13))
    high = services.report_incident(
        actor=booker,
        resource=spectrometer,
        severity=Incident.Severity.HIGH,
        title="Laser source overheats",
        description="Smoke from the housing.",
    )
    assert len(series.skipped) == 1 and cancelled and high.took_out_of_service
    return {
        "manager": manager,
        "booker": booker,
        "colleague": colleague,
        "partner_person": visitor_from_tr,
        "facility": facility,
        "laser": laser,
        "room": room,
        "printer": printer,
        "clean": clean,
        "spectrometer": spectrometer,
        "oscilloscope": oscilloscope,
        "training": training,
        "project": project,
        "closure": closure,
        "pending": pending,
        "approved": approved,
        "with_room": with_room,
        "waiting": waiting,
        "series": series,
    }


def facilities_booking_form(start, end, **extra) -> dict:
    """The booking form's fields for a time of a Baku park."""
    from zoneinfo import ZoneInfo

    start, end = start.astimezone(ZoneInfo("Asia/Baku")), end.astimezone(ZoneInfo("Asia/Baku"))
    return {
        "date": start.date().isoformat(),
        "starts": start.strftime("%H:%M"),
        "ends": end.strftime("%H:%M"),
        "repeat": "once",
        "skip_conflicts": "on",
        "purpose": "Prototype parts",
        **extra,
    }


@pytest.mark.parametrize("language", ["az", "tr"])
def test_facilities_pages_have_no_untranslated_strings(client, db, language):
    """Every labs page as the person who uses it, and the booking form refused (no
    qualification; a taken time) and a weekly booking that skipped a week."""
    import datetime

    from korpu.facilities.models import Booking, BookingSeries
    from tests.facilities.factories import future

    scene = facilities_scene(language)
    facility, printer, laser = scene["facility"], scene["printer"], scene["laser"]
    project = scene["project"]
    day2, day9 = future(2, 10).date(), future(9, 10).date()
    monday = (day9 - datetime.timedelta(days=day9.weekday())).isoformat()
    find = {
        "resources": [printer.pk, scene["room"].pk],
        "duration": 60,
        "earliest": day2.isoformat(),
        "latest": (day2 + datetime.timedelta(days=2)).isoformat(),
    }
    pages = [
        (None, "index", [], {}),
        ("booker", "index", [], {"q": "laser", "kind": "instrument", "park": facility.park.slug}),
        (None, "facility", [facility.slug], {}),
        ("manager", "facility", [facility.slug], {}),
        (None, "resource", [laser.slug], {}),
        ("booker", "resource", [laser.slug], {"week": day2.isoformat()}),
        ("colleague", "resource", [laser.slug], {"week": day2.isoformat()}),
        ("booker", "resource", [printer.slug], {"week": monday, "day": day9.isoformat()}),
        ("booker", "resource", [printer.slug], {"start": f"{day2}T12:00", "end": f"{day2}T13:00"}),
        ("manager", "resource", [printer.slug], {"week": day2.isoformat()}),
        ("booker", "resource", [scene["clean"].slug], {"week": day2.isoformat()}),
        ("booker", "resource", [scene["room"].slug], {}),
        ("booker", "resource", [scene["spectrometer"].slug], {}),
        ("booker", "resource", [scene["oscilloscope"].slug], {}),
        ("booker", "find_a_time", [], {}),
        ("booker", "find_a_time", [], find),
        ("booker", "my_bookings", [], {}),
        ("booker", "my_bookings", [], {"week": day2.isoformat()}),
        ("colleague", "my_bookings", [], {}),
        ("booker", "report_incident", [printer.slug], {}),
        ("manager", "approvals", [facility.slug], {}),
        ("manager", "closures", [facility.slug], {}),
        ("manager", "incidents", [facility.slug], {}),
        ("manager", "manage_resources", [facility.slug], {}),
        ("manager", "qualifications", [facility.slug], {}),
        ("manager", "usage", [facility.slug], {}),
        ("manager", "usage", [facility.slug], {"month": "2025-13"}),
        ("manager", "resource_usage", [printer.slug], {}),
        (None, "projects", [], {}),
        ("booker", "projects", [], {"q": "soil", "country": "TR"}),
        (None, "project", [project.slug], {}),
        ("booker", "project", [project.slug], {}),
        ("manager", "project", [project.slug], {}),
        ("manager", "project_new", [], {}),
        ("manager", "project_edit", [project.slug], {}),
    ]
    with untranslated_strings(language) as misses:
        for who, name, args, query in pages:
            client.logout()
            if who:
                client.force_login(scene[who])
            with translation.override(language):
                url = reverse(f"facilities:{name}", args=args)
            response = client.get(url, query)
            assert response.status_code == 200, (url, query, who, response.status_code)
            assert f'lang="{language}"' in response.content.decode()[:300], url

        client.force_login(scene["booker"])
        with translation.override(language):
            laser_url = reverse("facilities:resource", args=[laser.slug])
            printer_url = reverse("facilities:resource", args=[printer.slug])
        before = Booking.objects.count()
        # No qualification: refused, naming the training.
        response = client.post(laser_url, facilities_booking_form(future(2, 14), future(2, 15)))
        assert response.status_code == 200
        assert response.context["refusal"]["code"] == "qualification"
        assert scene["training"].title in response.content.decode()
        # A taken time: refused, offering the waiting list.
        response = client.post(printer_url, facilities_booking_form(future(4, 10), future(4, 11)))
        assert response.status_code == 200
        assert response.context["refusal"]["code"] == "taken"
        assert 'data-testid="waiting-list-form"' in response.content.decode()
        assert Booking.objects.count() == before
        # Weekly, skipping the maintenance week: booked, and the skipped week reported.
        until = future(16, 8).date().isoformat()
        response = client.post(
            printer_url,
            facilities_booking_form(future(2, 8), future(2, 9), repeat="weekly", until=until),
        )
        assert response.status_code == 302, response.status_code
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert len(page.context["series_report"]["skipped"]) == 1
        assert 'data-testid="skipped-week"' in page.content.decode()
        assert BookingSeries.objects.filter(person=scene["booker"]).count() == 2
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_facilities_mails_are_translated(db, language):
    """Every labs mail (booked, pending, to approve, approved, declined, cancelled by the
    managers and by a closure, weekly series with a skipped week, waiting-list offer,
    no-show, reminder, incident, out of service) written by the services to people who
    read ``language``: no string missed, every template used."""
    import datetime
    from unittest import mock

    from korpu.common.models import OutboxMessage
    from korpu.facilities import services
    from tests.facilities.factories import future

    folder = Path(__file__).resolve().parents[2] / "src/korpu/facilities/templates/facilities/email"
    templates = {p.name.removesuffix("_subject.txt") for p in folder.glob("*_subject.txt")}
    used = []
    original = services.send_templated_mail

    def send(**kwargs):
        used.append(kwargs["template"].removeprefix("facilities/email/"))
        assert kwargs["language"] == language, kwargs["template"]
        return original(**kwargs)

    with (
        untranslated_strings(language) as misses,
        mock.patch.object(services, "send_templated_mail", side_effect=send),
    ):
        # People act in their own language (a refusal a series skipped is in its mail).
        with translation.override(language):
            scene = facilities_scene(language)
        reminded = services.send_reminders(now=future(2, 10) - datetime.timedelta(hours=2))
    assert reminded >= 2
    assert set(used) == templates, sorted(templates - set(used))
    subjects = set(OutboxMessage.objects.values_list("subject", flat=True))
    assert len(subjects) >= len(templates)
    people = {scene[who].email for who in ("manager", "booker", "colleague", "partner_person")}
    recipients = OutboxMessage.objects.values_list("to", flat=True)
    assert {address for to in recipients for address in to} <= people
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


# --- insights: resident reporting and the memorandum dashboard -------------------------------
def insights_scene(language: str):
    """The memorandum world of the KPI tests (two years of programmes, events, brokerage,
    transfer, residents, labs and projects around a partnership) with two commitments, and
    resident reporting at the partnership's park, with people reading ``language``: the
    park's manager, a member of each of two resident companies, the partnership party's
    admin.

    The park reports quarterly from 2026 (set up on 15 July 2026, so Q1 and Q2 are open):
    Q1 is submitted by the first company and locked; in Q2 the first company has a draft
    and the second has submitted."""
    from korpu.directory.models import Membership
    from korpu.insights import reporting
    from tests.factories import MembershipFactory
    from tests.insights.conftest import FULL, NOW, set_up_scheme
    from tests.insights.test_kpis import add_commitments, build_world

    world = add_commitments(build_world())
    world.admin.preferred_language = language
    world.admin.save()

    def person(organisation, role=Membership.Role.MEMBER):
        return MembershipFactory(
            organisation=organisation, role=role, person__preferred_language=language
        ).person

    park = world.park
    manager = person(park.operator, role=Membership.Role.MANAGER)
    member, other_member = person(world.r1), person(world.r2)
    set_up_scheme(manager, park)
    q1 = park.reporting_periods.get(code="2026-Q1")
    q2 = park.reporting_periods.get(code="2026-Q2")
    reporting.save_report(actor=member, period=q1, company=world.r1, values=FULL, submit=True)
    reporting.lock_period(actor=manager, period=q1, now=NOW)
    reporting.save_report(
        actor=member, period=q2, company=world.r1, values={"staff": 12}, submit=False
    )
    reporting.save_report(
        actor=other_member,
        period=q2,
        company=world.r2,
        values=dict(FULL, staff=3, rd_staff=1),
        submit=True,
    )
    return {
        "world": world,
        "park": park,
        "company": world.r1,
        "partnership": world.partnership,
        "manager": manager,
        "member": member,
        "admin": world.admin,
        "q1": q1,
        "q2": q2,
    }


def yearly_reports(partnership, actor):
    """A yearly report in each state: queued, running, done (with its file) and failed."""
    from django.core.files.base import ContentFile

    from korpu.insights.models import YearlyReport

    reports = []
    for language, status in zip(["en", "az", "tr", "en"], YearlyReport.Status.values, strict=True):
        report = YearlyReport.objects.create(
            partnership=partnership,
            year=2025 if language != "en" or status == "queued" else 2024,
            language=language,
            requested_by=actor,
            status=status,
            progress=0.5 if status == "running" else 0.0,
            progress_message="figures" if status == "running" else "",
            error="RuntimeError: boom" if status == "failed" else "",
        )
        if status == "done":
            report.file.save("report.pdf", ContentFile(b"%PDF-1.4 test"))
        reports.append(report)
    return reports


@pytest.mark.parametrize("language", ["az", "tr"])
def test_insights_pages_have_no_untranslated_strings(client, db, language):
    from django.utils.html import escape

    from korpu.insights import yearly_report
    from korpu.insights.models import YEARLY_REPORT_PHASES, Report, ReportingScheme
    from tests.insights.conftest import FULL

    scene = insights_scene(language)
    park, company = scene["park"].slug, scene["company"].slug
    partnership = scene["partnership"].slug
    report_args = [park, company]
    pages = [
        ("member", "reporting", [], {}),
        ("member", "company_reports", report_args, {"indicator": "revenue"}),
        ("member", "company_reports", report_args, {"indicator": "<script>"}),
        ("member", "report_form", [*report_args, "2026-Q2"], {}),  # a draft
        ("member", "report_form", [*report_args, "2026-Q1"], {}),  # locked, read only
        ("manager", "reporting", [], {}),
        ("manager", "park_reporting", [park], {}),
        ("manager", "reporting_setup", [park], {}),
        ("manager", "period", [park, "2026-Q1"], {}),
        ("manager", "period", [park, "2026-Q2"], {}),
        ("manager", "company_reports", report_args, {}),
        ("manager", "report_form", [*report_args, "2026-Q2"], {}),
        ("admin", "partnership", [partnership], {}),
        ("admin", "partnership", [partnership], {"from": "2023", "to": "2024"}),
        ("admin", "partnership", [partnership], {"from": "1990", "to": "2024"}),  # bad years
        ("admin", "records", [partnership, "joint_events"], {"year": "2023"}),
        ("admin", "records", [partnership, "participants"], {"country": "AZ"}),
        ("admin", "records", [partnership, "lab_hours"], {"year": "2024"}),
        ("admin", "records", [partnership, "joint_events"], {"year": "abc", "country": "XYZ"}),
        (None, "partnership", [partnership], {}),  # the public summary
        (None, "records", [partnership, "participants"], {}),  # people hidden
        # the technopark scorecard
        ("manager", "scorecard", [], {}),
        ("manager", "scorecard", [], {"from": "2025", "to": "2025"}),  # one year: bars
        ("manager", "scorecard", [], {"from": "1990", "to": "2024"}, 400),  # bad years
        ("manager", "scorecard_park_year", [park, 2025], {}),
        # yearly reports: the list with its form, one report in each state
        ("admin", "yearly_reports", [partnership], {}),
        *(
            ("admin", "yearly_report", [partnership, report.pk], {})
            for report in yearly_reports(scene["partnership"], scene["admin"])
        ),
    ]
    downloads = [
        ("manager", "export_period", [park, "2026-Q2", "csv"]),
        ("manager", "export_park", [park, "csv"]),
        ("admin", "partnership_export", [partnership, "csv"]),
        ("manager", "scorecard_export", ["csv"]),
    ]
    with untranslated_strings(language) as misses:
        for who, name, args, query, *status in pages:
            client.logout()
            if who:
                client.force_login(scene[who])
            with translation.override(language):
                url = reverse(f"insights:{name}", args=args)
            response = client.get(url, query)
            expected = status[0] if status else 200
            assert response.status_code == expected, (url, query, who, response.status_code)
            assert f'lang="{language}"' in response.content.decode()[:300], url
        for who, name, args in downloads:
            client.force_login(scene[who])
            with translation.override(language):
                url = reverse(f"insights:{name}", args=args)
            response = client.get(url)
            assert response.status_code == 200, (url, who, response.status_code)
            b"".join(response.streaming_content)  # the rows are written while streamed
        # The yearly report's PDF: every heading, phase and label of the document.
        yearly_report.build_pdf(scene["partnership"], 2025, language)
        yearly_report.build_pdf(scene["partnership"], 2024, language)
        for phase in YEARLY_REPORT_PHASES:
            with translation.override(language):
                str(YEARLY_REPORT_PHASES[phase])

        # The report form refused: figures that contradict each other, then bad types and
        # signs, then a figure missing on submit; nothing changes.
        client.force_login(scene["member"])
        with translation.override(language):
            form_url = reverse("insights:report_form", args=[*report_args, "2026-Q2"])
            locked_url = reverse("insights:report_form", args=[*report_args, "2026-Q1"])
            setup_url = reverse("insights:reporting_setup", args=[park])
            remind_url = reverse("insights:remind", args=[park, "2026-Q2"])
        posts = [
            (dict(FULL, rd_staff=12, exports="2000"), "submit", {"rd_staff", "exports"}),
            ({"staff": "-3", "revenue": "abc", "exports": "1.234"}, "draft", None),
            ({"staff": "3"}, "submit", None),
        ]
        for values, action, fields in posts:
            data = {code: str(value) for code, value in values.items()}
            response = client.post(form_url, {**data, "action": action})
            assert response.status_code == 400, (values, response.status_code)
            errors = response.context["form"].errors
            assert errors, values
            if fields:
                assert set(errors) == fields
            page = response.content.decode()
            assert f'lang="{language}"' in page[:300]
            shown = [escape(message) in page for field in errors.values() for message in field]
            assert shown and all(shown), errors
        assert Report.objects.get(period=scene["q2"], company=scene["company"]).staff == 12
        # A change to a locked period is refused with a message.
        response = client.post(locked_url, {**FULL, "action": "submit"}, follow=True)
        assert response.redirect_chain == [(locked_url, 302)]
        assert len(list(response.context["messages"])) == 1

        # The managers: a set-up refused, then everyone reminded.
        client.force_login(scene["manager"])
        response = client.post(
            setup_url, {"frequency": "quarterly", "currency": "TRY", "due_days": "500"}
        )
        assert response.status_code == 400
        assert set(response.context["form"].errors) >= {"indicators", "due_days"}
        assert ReportingScheme.objects.get(park=scene["park"]).due_days == 30
        response = client.post(remind_url, {"company": "all"}, follow=True)
        assert response.status_code == 200
        assert len(list(response.context["messages"])) == 1
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"


@pytest.mark.parametrize("language", ["az", "tr"])
def test_insights_mails_are_translated(db, language):
    """The report reminders (due soon and overdue from the tick, and the park managers'
    reminder) written by the services to a resident who reads ``language``: no string
    missed, every template used."""
    from unittest import mock

    from korpu.common.models import OutboxMessage
    from korpu.insights import reporting
    from tests.insights.conftest import at

    folder = Path(__file__).resolve().parents[2] / "src/korpu/insights/templates/insights/email"
    templates = {p.name.removesuffix("_subject.txt") for p in folder.glob("*_subject.txt")}
    used = []
    original = reporting.send_templated_mail

    def send(**kwargs):
        used.append(kwargs["template"].removeprefix("insights/email/"))
        assert kwargs["language"] == language, kwargs["template"]
        return original(**kwargs)

    scene = insights_scene(language)
    with (
        untranslated_strings(language) as misses,
        mock.patch.object(reporting, "send_templated_mail", side_effect=send),
    ):
        # Q2 is due on 30 July 2026: reminded 7 days before and 3 days after.
        assert reporting.send_due_reminders(now=at(2026, 7, 23)) == 1
        assert reporting.send_due_reminders(now=at(2026, 8, 2)) == 1
        reporting.send_reminder(
            actor=scene["manager"],
            period=scene["q2"],
            company=scene["company"],
            now=at(2026, 7, 20),
        )
    assert set(used) == templates, sorted(templates - set(used))
    messages = list(OutboxMessage.objects.order_by("pk"))
    assert [message.to for message in messages] == [[scene["member"].email]] * 3
    assert len({message.subject for message in messages}) == 2  # due soon (twice), overdue
    assert len({message.body for message in messages}) == 3
    assert sorted(misses) == [], f"{len(misses)} untranslated in {language}"
