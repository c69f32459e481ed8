"""What the mixed load needs besides the demo data, made in bulk before the run.

* one person per virtual user, each with a personal API token and a signed-in session
  (a database session, as after a sign-in; no sign-in requests, which the rate limits
  would slow down from one loopback address);
* events to register for, four shapes in turn: a small place count with a waiting list,
  a larger one with a waiting list, no limit, and a small one without a waiting list
  (so "full" refusals happen);
* lab instruments to book: one person at a time, one-hour slots, open around the clock
  (the booking rush's instrument, ``bench/facility_booking``).

Everything is plain data (JSON) so a later run can reuse it with the database copy.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
PREFIX = "mix"


def _module(name: str, path: Path):
    """A sibling benchmark's ``run.py`` under its own name (every benchmark has a run.py)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def registration_bench():
    return _module("event_registration_run", BENCH / "event_registration" / "run.py")


def booking_bench():
    return _module("facility_booking_run", BENCH / "facility_booking" / "run.py")


@dataclass
class World:
    keys: list[str]  # API key of person i
    sessions: list[str]  # session key of person i
    emails: list[str]
    person_ids: list[int]
    events: list[dict]  # id, slug, capacity (None: no limit), waitlist
    resources: list[dict]  # id, slug

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> World:
        return cls(**data)


# Places of the events in turn: (capacity, waiting list).
EVENT_SHAPES = [(15, True), (40, True), (None, True), (20, False)]


def build(people: int, *, events: int = 40, resources: int = 6) -> World:
    """Make the people, events and instruments (Django must be set up)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    import common  # bench/event_registration/common.py, on sys.path
    from korpu.directory.models import Person

    keys = common.seed_people(people, PREFIX)  # read-write tokens (the model's default)
    # seed_people names them <prefix><i>@bench.example
    found = {
        p.email: p
        for p in Person.objects.filter(email__startswith=PREFIX, email__endswith="@bench.example")
    }
    persons = [found[f"{PREFIX}{i}@bench.example"] for i in range(people)]
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")
    sessions = []
    for person in persons:
        session = store()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)

    new_event = registration_bench().new_event
    made_events = []
    for number in range(events):
        capacity, waitlist = EVENT_SHAPES[number % len(EVENT_SHAPES)]
        event = new_event(capacity or 1, f"mixed-load-{number}")
        event.title = f"Mixed load workshop {number}"
        event.capacity = capacity
        event.waitlist_enabled = waitlist
        event.save()
        made_events.append(
            {"id": event.pk, "slug": event.slug, "capacity": capacity, "waitlist": waitlist}
        )
    new_instrument = booking_bench().new_instrument
    made_resources = []
    for number in range(resources):
        resource = new_instrument(f"mixed-load-{number}")
        made_resources.append({"id": resource.pk, "slug": resource.slug})
    return World(
        keys=keys,
        sessions=sessions,
        emails=[p.email for p in persons],
        person_ids=[p.pk for p in persons],
        events=made_events,
        resources=made_resources,
    )
