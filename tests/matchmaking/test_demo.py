"""The demo brokerage days (:func:`korpu.matchmaking.demo.load_matchmaking_demo`): what
they contain (the issue's "Done when": the joint conference has a brokerage day with
about 150 participants, requests, a published schedule and feedback), that they keep the
rules the services enforce, and that loading them again changes nothing.

The demos it builds on are loaded once for the module, inside a transaction rolled back
at its end.
"""

from collections import Counter

import pytest
from django.db import connection, transaction
from django.utils import timezone

from korpu.directory.demo import load_demo
from korpu.events import demo as events_demo
from korpu.events.demo import load_events_demo
from korpu.events.models import Event, Registration
from korpu.matchmaking import demo, queries
from korpu.matchmaking import rules as perms
from korpu.matchmaking.models import (
    BrokerageDay,
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Profile,
    ScheduleRun,
)
from korpu.programs.demo import load_programmes_demo
from tests.matchmaking.test_scheduling import assert_valid_schedule

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo()
        load_programmes_demo()
        load_events_demo()
        result = demo.load_matchmaking_demo()
        yield result
        transaction.set_rollback(True)


def day(slug: str) -> BrokerageDay:
    return BrokerageDay.objects.select_related("event").get(event__slug=slug)


def dump() -> dict[str, list[tuple]]:
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names()):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


def test_the_joint_conference_has_a_brokerage_day_with_about_150_participants(loaded):
    gebze = day(events_demo.GEBZE_CONFERENCE)
    assert set(gebze.event.organisers.values_list("slug", flat=True)) == {
        "innovation-agency",
        "gosb-teknopark",
    }
    profiles = Profile.objects.filter(brokerage_day=gebze)
    assert 140 <= profiles.count() <= 160
    assert set(profiles.values_list("country", flat=True)) == {"AZ", "TR"}
    countries = Counter(profiles.values_list("country", flat=True))
    assert min(countries.values()) >= 50
    assert MarketplaceEntry.objects.filter(profile__brokerage_day=gebze).count() > 150
    statuses = Counter(
        MeetingRequest.objects.filter(brokerage_day=gebze).values_list("status", flat=True)
    )
    assert sum(statuses.values()) >= 300
    assert {"accepted", "declined", "cancelled", "expired"} <= set(statuses)
    assert (gebze.schedule_status, gebze.event.ends_at < timezone.now()) == ("final", True)
    run = ScheduleRun.objects.get(brokerage_day=gebze)
    assert run.status == "done" and run.stats["weight_scheduled"] <= run.stats["upper_bound"]
    placed = Meeting.objects.filter(brokerage_day=gebze, slot__isnull=False)
    assert placed.count() == run.stats["scheduled"] > 200
    assert placed.filter(slot__ends_at__lt=timezone.now()).count() == placed.count()
    feedback = MeetingFeedback.objects.filter(meeting__brokerage_day=gebze)
    assert feedback.count() > 100
    assert set(feedback.values_list("outcome", flat=True)) == set(MeetingFeedback.Outcome.values)
    # A meeting of three, arranged by the organisers.
    assert (
        Meeting.objects.filter(brokerage_day=gebze, host__isnull=False).get().participants.count()
        == 3
    )
    stats = queries.brokerage_statistics(gebze)
    assert stats["totals"]["realised"] > 100 and stats["by_country"] and stats["by_sector"]


def test_the_upcoming_conference_has_an_open_brokerage_day(loaded):
    baku = day(events_demo.BAKU_CONFERENCE)
    assert baku.event.starts_at > timezone.now()
    assert (baku.schedule_status, baku.self_scheduling, baku.requests_open) == (
        "preliminary",
        True,
        True,
    )
    pending = MeetingRequest.objects.filter(brokerage_day=baku, status="pending")
    assert pending.exists()
    assert all(r.expires_at > timezone.now() for r in pending)
    admin = Profile.objects.get(brokerage_day=baku, person__email=demo.COMPANY_ADMIN)
    assert admin.booth.name == "Booth: Pusula Robotik A.Ş."
    assert queries.agenda(admin).exists()
    specialist = "specialist@korpu.example"
    assert Registration.objects.filter(
        event=baku.event, person__email=specialist, status="confirmed"
    ).exists()
    assert not Profile.objects.filter(brokerage_day=baku, person__email=specialist).exists()
    assert not MeetingFeedback.objects.filter(meeting__brokerage_day=baku).exists()


def test_every_profile_belongs_to_someone_who_takes_part(loaded):
    for profile in Profile.objects.select_related("brokerage_day__event", "person"):
        assert perms.may_take_part(profile.person, profile.brokerage_day), profile
        if profile.published:
            assert profile.offer or profile.seek
    for event in Event.objects.filter(brokerage_day__isnull=False):
        confirmed = event.registrations.filter(status__in=Registration.HOLDING_A_PLACE).count()
        assert event.capacity is None or confirmed <= event.capacity


def test_schedules_keep_every_rule(loaded):
    for brokerage_day in BrokerageDay.objects.all():
        assert_valid_schedule(brokerage_day)
    assert not Meeting.objects.filter(status="cancelled", slot__isnull=False).exists()
    assert not Participation.objects.filter(
        meeting__status="cancelled", slot__isnull=False
    ).exists()
    # One open request per pair, and an agreed meeting for each accepted one.
    pairs = Counter(
        tuple(sorted(pair))
        for pair in MeetingRequest.objects.filter(status__in=["pending", "accepted"]).values_list(
            "requester", "invitee"
        )
    )
    assert max(pairs.values()) == 1
    accepted = MeetingRequest.objects.filter(status="accepted")
    assert (
        accepted.count() == Meeting.objects.filter(request__in=accepted, status="confirmed").count()
    )


def test_workflow_rows_keep_their_order_in_time(loaded):
    for profile in Profile.objects.select_related("brokerage_day"):
        registration = Registration.objects.filter(
            event=profile.brokerage_day.event_id, person=profile.person_id, status="confirmed"
        ).first()
        if registration is not None:
            assert registration.created_at <= profile.created_at
    for request in MeetingRequest.objects.select_related("requester", "invitee"):
        assert request.created_at >= max(request.requester.created_at, request.invitee.created_at)
        if request.decided_at:
            assert request.created_at < request.decided_at < request.expires_at
        if request.status == "expired":
            assert request.expires_at < timezone.now()
    for run in ScheduleRun.objects.all():
        decided = MeetingRequest.objects.filter(
            brokerage_day=run.brokerage_day, decided_at__isnull=False
        ).order_by("-decided_at")[0]
        assert decided.decided_at <= run.created_at
    for feedback in MeetingFeedback.objects.select_related("meeting__slot"):
        assert feedback.created_at > feedback.meeting.slot.ends_at


def test_texts_in_three_languages(loaded):
    for profile in Profile.objects.filter(organisation__isnull=False)[:50]:
        assert profile.offer_en and profile.offer_az and profile.offer_tr
        assert profile.seek_en and profile.seek_az and profile.seek_tr
    for entry in MarketplaceEntry.objects.all()[:50]:
        assert entry.title_en and entry.title_az and entry.title_tr


def test_second_load_changes_nothing_and_is_quick(loaded):
    assert loaded.created > 3000 and loaded.seconds < 20
    before = dump()
    again = demo.load_matchmaking_demo()
    assert (again.created, again.updated) == (0, 0)
    assert again.tallies["profiles"].unchanged == loaded.tallies["profiles"].created
    assert dump() == before


def test_missing_events_are_named(loaded):
    Event.objects.filter(slug=events_demo.BAKU_CONFERENCE).update(slug="renamed")
    with pytest.raises(LookupError, match=events_demo.BAKU_CONFERENCE):
        demo.load_matchmaking_demo()


def test_load_demo_command_loads_every_module_and_prints_the_accounts_last(loaded, settings):
    from io import StringIO

    from django.core.management import call_command

    from korpu.facilities.demo import load_facilities_demo
    from korpu.insights.demo import load_insights_demo
    from korpu.transfer.demo import load_transfer_demo

    load_facilities_demo()  # the command loads every module's demo, the insights last
    load_transfer_demo()
    load_insights_demo()
    settings.DEBUG = True
    out = StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert "already up to date" in lines[0] and "0 rows created, 0 updated" in lines[0]
    labels = [line.split("  ")[1].strip() for line in lines[2 : lines.index("")]]
    assert labels[:2] == ["sectors", "technology areas"]
    assert labels.index("programmes") < labels.index("events") < labels.index("brokerage days")
    assert {"registrations", "check-ins", "certificates", "judging assignments"} <= set(labels)
    assert lines[-1].split()[0] == "specialist@korpu.example"
