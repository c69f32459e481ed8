"""From the database to the meeting scheduler and back (:mod:`korpu.matchmaking.scheduling`),
with the real solver of :mod:`korpu.solvers.meeting_schedule`."""

import datetime
import random
from collections import Counter

import pytest
from django.db.models import Q

from korpu.matchmaking import scheduling, services
from korpu.matchmaking.models import Meeting, Participation, Profile
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
    organiser,
)

pytestmark = pytest.mark.django_db


def assert_valid_schedule(day) -> None:
    """Every rule of a valid schedule, checked on the rows written."""
    placed = list(
        Meeting.objects.filter(brokerage_day=day, status="confirmed", slot__isnull=False)
        .select_related("slot", "location")
        .prefetch_related("participants__availability")
    )
    per_location = Counter((m.slot_id, m.location_id) for m in placed)
    for (_slot, location_id), count in per_location.items():
        location = next(m.location for m in placed if m.location_id == location_id)
        assert count <= location.capacity
    seen = Counter()
    booth_owner = dict(
        Profile.objects.filter(brokerage_day=day, booth__isnull=False).values_list("booth", "pk")
    )
    for m in placed:
        people = list(m.participants.all())
        for person in people:
            seen[(person.pk, m.slot_id)] += 1
            available = {s.pk for s in person.availability.all()}
            assert not available or m.slot_id in available
        host = services.effective_host(m, people)
        if host is not None and host.booth_id:
            assert m.location_id == host.booth_id
        else:
            assert m.location_id not in booth_owner
        assert set(Participation.objects.filter(meeting=m).values_list("slot", flat=True)) == {
            m.slot_id
        }
    assert max(seen.values(), default=1) == 1


@pytest.fixture
def day():
    return BrokerageDayFactory()


def test_the_instance_says_what_the_rows_say(day):
    slots = add_slots(day, 3)
    table, booth = (
        LocationFactory(brokerage_day=day, capacity=2),
        LocationFactory(brokerage_day=day, kind="booth"),
    )
    a, b, c = (ProfileFactory(brokerage_day=day) for _ in range(3))
    a.availability.set(slots[:2])
    Profile.objects.filter(pk=c.pk).update(booth=booth)
    free = meeting(a, b)
    fixed = meeting(b, c, slot=slots[2], location=booth, locked=True)
    Meeting.objects.filter(pk=free.pk).update(weight=3)
    built = scheduling.build_instance(day)
    zone_date = slots[0].starts_at.astimezone(day.zone).date().isoformat()
    assert built.instance == {
        "format": "korpu.meetings/v1",
        "slots": [{"id": f"s{s.pk}", "day": zone_date} for s in slots],
        "locations": [
            {"id": f"l{table.pk}", "capacity": 2},
            {"id": f"l{booth.pk}", "capacity": 1},
        ],
        "participants": [
            {"id": f"p{a.pk}", "available": [f"s{slots[0].pk}", f"s{slots[1].pk}"]},
            {"id": f"p{b.pk}"},
            {"id": f"p{c.pk}", "booth": f"l{booth.pk}"},
        ],
        "meetings": [
            {"id": f"m{free.pk}", "participants": [f"p{a.pk}", f"p{b.pk}"], "weight": 3},
            {
                "id": f"m{fixed.pk}",
                "participants": [f"p{b.pk}", f"p{c.pk}"],
                "weight": 1,
                "host": f"p{c.pk}",
                "locked": {"slot": f"s{slots[2].pk}", "location": f"l{booth.pk}"},
            },
        ],
    }
    assert built.kept == {fixed.pk}


def test_begun_slots_are_offered_to_nobody_and_their_meetings_stay(day):
    slots = add_slots(day, 4)
    table = LocationFactory(brokerage_day=day)
    a, b, c = (ProfileFactory(brokerage_day=day) for _ in range(3))
    past = meeting(a, b, slot=slots[0], location=table)
    meeting(a, c)
    now = slots[1].starts_at  # slots 0 and 1 have begun
    built = scheduling.build_instance(day, now=now)
    rows = {row["id"]: row for row in built.instance["participants"]}
    assert rows[f"p{a.pk}"]["available"] == [f"s{s.pk}" for s in (slots[0], slots[2], slots[3])]
    assert rows[f"p{c.pk}"]["available"] == [f"s{s.pk}" for s in slots[2:]]
    assert built.kept == {past.pk}


def test_participant_bookings_are_kept(day):
    slots = add_slots(day, 2)
    table = LocationFactory(brokerage_day=day)
    a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    booked = meeting(a, b, slot=slots[1], location=table, placed_by="participant")
    assert scheduling.build_instance(day).kept == {booked.pk}


def test_a_change_made_while_the_solver_ran_wins(day):
    slots = add_slots(day, 2)
    table = LocationFactory(brokerage_day=day)
    a, b, c, d = (ProfileFactory(brokerage_day=day) for _ in range(4))
    first, second = meeting(a, b), meeting(c, d)
    built = scheduling.build_instance(day)
    # Meanwhile c and d booked the table in slot 0 themselves.
    Meeting.objects.filter(pk=second.pk).update(
        slot=slots[0], location=table, placed_by="participant"
    )
    Participation.objects.filter(meeting=second).update(slot=slots[0])
    solution = {
        "scheduled": [
            {"meeting": f"m{first.pk}", "slot": f"s{slots[0].pk}", "location": f"l{table.pk}"},
            {"meeting": f"m{second.pk}", "slot": f"s{slots[1].pk}", "location": f"l{table.pk}"},
        ],
        "unscheduled": [],
    }
    result = scheduling.apply_solution(day, built, solution)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.slot, second.placed_by) == (slots[0], "participant")
    assert first.slot is None  # its slot was taken meanwhile: dropped, counted
    assert (result["conflicts"], result["scheduled"], result["unscheduled"]) == (1, 1, 1)
    assert_valid_schedule(day)


def test_two_meetings_of_one_person_can_swap_slots(day):
    slots = add_slots(day, 2)
    table = LocationFactory(brokerage_day=day)
    other = LocationFactory(brokerage_day=day)
    a, b, c = (ProfileFactory(brokerage_day=day) for _ in range(3))
    ab = meeting(a, b, slot=slots[0], location=table)
    ac = meeting(a, c, slot=slots[1], location=table)
    built = scheduling.build_instance(day)
    solution = {
        "scheduled": [
            {"meeting": f"m{ab.pk}", "slot": f"s{slots[1].pk}", "location": f"l{other.pk}"},
            {"meeting": f"m{ac.pk}", "slot": f"s{slots[0].pk}", "location": f"l{table.pk}"},
        ]
    }
    result = scheduling.apply_solution(day, built, solution)
    assert (result["moved"], result["conflicts"]) == (2, 0)
    ab.refresh_from_db()
    assert (ab.slot, ab.location) == (slots[1], other)
    assert_valid_schedule(day)


def _random_day(seed: int, *, people=30, meetings=70, slot_count=8, tables=4):
    rng = random.Random(seed)
    day = BrokerageDayFactory()
    slots = add_slots(day, slot_count)
    places = [LocationFactory(brokerage_day=day) for _ in range(tables)]
    booths = [LocationFactory(brokerage_day=day, kind="booth") for _ in range(2)]
    profiles = [ProfileFactory(brokerage_day=day) for _ in range(people)]
    for profile, booth in zip(profiles, booths, strict=False):
        Profile.objects.filter(pk=profile.pk).update(booth=booth)
    for profile in rng.sample(profiles, people // 3):
        profile.availability.set(rng.sample(slots, slot_count // 2))
    pairs = set()
    while len(pairs) < meetings:
        x, y = sorted(rng.sample(range(people), 2))
        pairs.add((x, y))
    made = [meeting(profiles[x], profiles[y]) for x, y in sorted(pairs)]
    return day, slots, places, profiles, made


def test_schedule_all_writes_a_valid_schedule_and_keeps_locked_meetings():
    day, slots, places, profiles, made = _random_day(7)
    boss = organiser(day)
    # The organisers fixed one meeting by hand beforehand.
    anchor = next(
        m
        for m in made
        if not m.participants.filter(Q(booth__isnull=False) | Q(availability__isnull=False))
    )
    services.move_meeting(meeting=anchor, slot=slots[3], location=places[2], actor=boss)
    run = services.schedule_all(day=day, actor=boss, time_limit=5, seed=1)
    assert run.status == "done", run.error
    anchor.refresh_from_db()
    assert (anchor.slot, anchor.location, anchor.locked) == (slots[3], places[2], True)
    stats = run.stats
    placed = Meeting.objects.filter(brokerage_day=day, slot__isnull=False).count()
    assert stats["scheduled"] == placed == stats["weight_scheduled"]  # all weights are 1
    assert stats["scheduled"] + stats["unscheduled"] == len(made)
    assert stats["weight_scheduled"] <= stats["upper_bound"]
    assert stats["kept"] == 1 and stats["conflicts"] == 0
    assert {"idle_slots", "seconds", "proved_optimal"} <= set(stats)
    assert_valid_schedule(day)

    # Re-running after a cancellation keeps the locked meeting and stays valid.
    services.cancel_meeting(meeting=made[0], actor=boss)
    rerun = services.schedule_all(day=day, actor=boss, time_limit=5, seed=1)
    assert rerun.status == "done"
    anchor.refresh_from_db()
    assert anchor.slot == slots[3]
    assert rerun.stats["scheduled"] >= stats["scheduled"] - 1
    assert_valid_schedule(day)


def test_a_past_run_for_history_uses_its_own_clock():
    day, slots, _places, _profiles, made = _random_day(3, people=10, meetings=12)
    then = slots[0].starts_at - datetime.timedelta(days=1)
    run = services.schedule_all(day=day, time_limit=3, now=then)
    assert run.status == "done" and run.stats["scheduled"] > 0
    assert_valid_schedule(day)
