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
