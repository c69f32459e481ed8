"""Five years of a cross-border memorandum's activity, for the insights benchmark.

``generate(prefix, scale, seed)`` writes, in a configured Django process, one world: a
memorandum signed in 2020 between a park operator in Azerbaijan and one in Türkiye (each
operating a park), its commitments with yearly targets, and the five calendar years up
to today of what the KPI engine (:mod:`korpu.insights.kpis`) counts, next to records it
must not count (a single-party event, a draft, a programme run by an outsider…):

* 300 companies (half in each country) with residencies in the two parks (active,
  graduated, left), 20,000 people (country, and for 70% gender and year of birth with
  consent), the operators' admin and managers;
* programmes of both operators opened to the other (some under the memorandum), a call
  or two per programme and year, **10,000 applications** (companies and individuals, from
  both countries; drafts, withdrawals, decisions) and specialist placements;
* joint seminars, trainings, conferences, campuses and brokerage days (under the
  memorandum or organised by both operators) with **50,000 registrations**, entrance
  check-ins and certificates; campus ideas, teams, projects and judging; at the
  conferences and brokerage days participant profiles, meeting requests, meetings
  scheduled in slots and feedback;
* technology profiles of the residents and operators, expressions of interest and deals;
* labs of both parks with **100,000 bookings** (no two overlapping on a resource), park
  projects with devices and other outputs;
* quarterly resident reporting in both parks: periods, reports, the older periods locked
  (with their snapshots, by :func:`korpu.insights.reporting.lock_period`).

Rows are written with ``bulk_create`` in batches. ``scale`` multiplies every count (at
least one of each kind a year remains), so a small world has the same shape; the counts
in the docstring are for ``scale=1``. The random choices are seeded; only ticket and
certificate codes (drawn by the models) differ between runs.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

COMPANIES = 300
PEOPLE = 20_000
APPLICATIONS = 10_000
REGISTRATIONS = 50_000
BOOKINGS = 100_000
YEARS = 5
SIGNED_ON = datetime.date(2020, 6, 1)
BATCH = 5_000

BAKU = ZoneInfo("Asia/Baku")
ISTANBUL = ZoneInfo("Europe/Istanbul")
UTC = datetime.UTC
OTHER_COUNTRIES = ("GE", "KZ", "UZ", "DE", "")

# Joint events a year at scale 1, and how many registrations each kind draws (relative).
EVENTS_A_YEAR = {
    "seminar": (10, 1.0),
    "training": (8, 0.6),
    "conference": (3, 3.0),
    "campus": (2, 1.5),
    "brokerage_day": (2, 1.5),
}
COMMITMENTS = [
    # (code, text, target per year, unit)
    ("acceleration-exchange", "Exchange acceleration programmes", 4, "programmes"),
    ("technology-transfer-exchange", "Exchange technology-transfer programmes", 2, "programmes"),
    ("programme-exchange", "Open each other's programmes", 8, "programmes"),
    ("young-specialists", "Place young specialists in exchanges", 30, "people"),
    ("joint-events", "Hold joint seminars, trainings and conferences", 20, "events"),
    ("joint-seminars", "Hold joint seminars", 10, "seminars"),
    ("joint-trainings", "Hold joint trainings", 8, "trainings"),
    ("joint-conferences", "Hold joint conferences", 3, "conferences"),
    ("campuses", "Run innovation campuses", 2, "campuses"),
    ("high-tech-park", "Start joint research and production projects", 15, "projects"),
    ("devices", "Produce devices in the parks", 2000, "devices"),
    ("technology-transfer", "Sign technology-transfer deals", 25, "deals"),
    ("brokerage", "Hold brokerage meetings", 400, "meetings"),
    ("karabakh-parks", "Open technology parks in the liberated territories", 1, "parks"),
]


def scaled(count: float, scale: float, least: int = 1) -> int:
    return max(least, round(count * scale))


@contextlib.contextmanager
def given_times(*fields):
    """Let ``bulk_create`` keep the times given to ``auto_now_add``/``auto_now`` fields
    (the history happened before today)."""
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, now, add in saved:
            field.auto_now, field.auto_now_add = now, add


class World:
    """The generated world's handles and counts."""

    def __init__(self, prefix: str, scale: float, seed: int, now: datetime.datetime):
        self.prefix = prefix
        self.scale = scale
        self.rng = random.Random(seed)
        self.now = now
        last = now.year
        self.years = list(range(last - YEARS + 1, last + 1))
        self.counts: dict[str, int] = defaultdict(int)

    # Time -----------------------------------------------------------------------------------
    def moment(self, year: int, zone=UTC, *, hour_from=9, hour_to=17) -> datetime.datetime:
        """A moment of the year (working hours, never later than two days ago)."""
        first = datetime.date(year, 1, 1)
        last = min(datetime.date(year, 12, 31), (self.now - datetime.timedelta(days=2)).date())
        day = first + datetime.timedelta(days=self.rng.randrange((last - first).days + 1))
        hour = self.rng.randrange(hour_from, hour_to)
        return datetime.datetime.combine(day, datetime.time(hour), zone)

    def day_of(self, year: int) -> datetime.date:
        return self.moment(year).date()

    # People --------------------------------------------------------------------------------
    def person_of(self, country: str | None = None):
        if country is None:
            return self.rng.choice(self.people)
        return self.rng.choice(self.people_by_country[country])


def _bulk(model, rows, **kwargs):
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


# --- directory ---------------------------------------------------------------------------------
def _directory(w: World) -> None:
    from korpu.directory.models import (
        Commitment,
        Membership,
        Organisation,
        Park,
        Partnership,
        PartnershipParty,
        Person,
        Residency,
    )

    rng, p = w.rng, w.prefix
    w.az_operator = Organisation.objects.create(
        slug=f"{p}-az-agency",
        name=f"Innovation Agency ({p})",
        kind=Organisation.Kind.AGENCY,
        country="AZ",
        city="Baku",
    )
    w.tr_operator = Organisation.objects.create(
        slug=f"{p}-tr-technopark",
        name=f"Anatolia Technopark ({p})",
        kind=Organisation.Kind.TECHNOPARK,
        country="TR",
        city="Ankara",
    )
    w.outsider = Organisation.objects.create(
        slug=f"{p}-outsider", name=f"Outsider Park ({p})", kind="technopark", country="TR"
    )
    w.parties = [w.az_operator, w.tr_operator]
    w.partnership = Partnership.objects.create(
        slug=f"{p}-memorandum-2020",
        title=f"Memorandum on cooperation in innovation ({p})",
        status=Partnership.Status.ACTIVE,
        signed_on=SIGNED_ON,
        signed_at_place="Baku",
        is_public=True,
    )
    PartnershipParty.objects.bulk_create(
        PartnershipParty(partnership=w.partnership, organisation=party) for party in w.parties
    )
    Commitment.objects.bulk_create(
        Commitment(
            partnership=w.partnership,
            position=n,
            code=code,
            text=text,
            target_per_year=scaled(target, w.scale),
            target_unit=unit,
        )
        for n, (code, text, target, unit) in enumerate(COMMITMENTS)
    )
    w.parks = {
        "AZ": Park.objects.create(
            slug=f"{p}-az-park",
            name=f"High Technologies Park ({p})",
            kind=Park.Kind.HIGH_TECH_PARK,
            operator=w.az_operator,
            country="AZ",
            city="Baku",
            time_zone="Asia/Baku",
        ),
        "TR": Park.objects.create(
            slug=f"{p}-tr-park",
            name=f"Technology Development Zone ({p})",
            kind=Park.Kind.TECHNOPARK,
            operator=w.tr_operator,
            country="TR",
            city="Ankara",
            time_zone="Europe/Istanbul",
        ),
    }
    Park.objects.create(  # run by an outsider: none of its records count
        slug=f"{p}-outsider-park",
        name=f"Outsider park ({p})",
        kind=Park.Kind.TECHNOPARK,
        operator=w.outsider,
        country="TR",
        city="Izmir",
        time_zone="Europe/Istanbul",
    )

    # People: the admins and managers, then the population.
    w.admin = Person.objects.create_user(
        f"admin@{p}.bench", first_name="Aysel", last_name="Admin", country="AZ"
    )
    w.admin.set_unusable_password()
    w.admin.save()
    w.manager = {}
    for country in ("AZ", "TR"):
        w.manager[country] = Person.objects.create(
            email=f"manager-{country.lower()}@{p}.bench",
            first_name="Manager",
            last_name=country,
            country=country,
            password="!",
        )
    Membership.objects.bulk_create(
        [
            Membership(person=w.admin, organisation=w.az_operator, role="admin"),
            Membership(person=w.manager["AZ"], organisation=w.az_operator, role="manager"),
            Membership(person=w.manager["TR"], organisation=w.tr_operator, role="manager"),
        ]
    )
    consent = datetime.datetime(2019, 1, 1, tzinfo=UTC)
    genders = ["female", "male", "male", "female", "other", "undisclosed"]
    rows = []
    for i in range(scaled(PEOPLE, w.scale, 200)):
        roll = rng.random()
        country = "AZ" if roll < 0.45 else "TR" if roll < 0.9 else rng.choice(OTHER_COUNTRIES)
        stats = rng.random() < 0.7
        rows.append(
            Person(
                email=f"p{i}@{p}.bench",
                first_name=rng.choice(["Aysel", "Elvin", "Leyla", "Murat", "Zeynep", "Emre"]),
                last_name=f"Person {i}",
                country=country,
                is_public=rng.random() < 0.6,
                password="!",
                gender=rng.choice(genders) if stats and rng.random() < 0.9 else "",
                birth_year=rng.randint(1965, 2006) if stats else None,
                statistics_consent_at=consent if stats else None,
            )
        )
    w.people = _bulk(Person, rows)
    w.people_by_country = defaultdict(list)
    for person in w.people:
        w.people_by_country[person.country or ""].append(person)
    w.counts["people"] = len(w.people)

    # Companies, half in each country, with residencies in their country's park (and a
    # few in the other one).
    rows = []
    for i in range(scaled(COMPANIES, w.scale, 8)):
        country = "AZ" if i % 2 == 0 else "TR"
        rows.append(
            Organisation(
                slug=f"{p}-company-{i}",
                name=f"{'Xəzər' if country == 'AZ' else 'Anadolu'} Tech {i} ({p})",
                kind=rng.choice(["startup", "startup", "sme", "sme", "large_company"]),
                country=country,
                city="Baku" if country == "AZ" else "Ankara",
                size=rng.choice(["micro", "small", "medium"]),
                is_public=rng.random() < 0.85,
            )
        )
    w.companies = _bulk(Organisation, rows)
    w.companies_by_country = defaultdict(list)
    for company in w.companies:
        w.companies_by_country[company.country].append(company)
    w.counts["companies"] = len(w.companies)
    rows = []
    w.residents = {"AZ": [], "TR": []}  # (company, start, end or None, status)
    today = w.now.date()
    for n, company in enumerate(w.companies):
        homes = [company.country]
        if n % 15 == 0:
            homes.append("TR" if company.country == "AZ" else "AZ")
        for home in homes:
            start = datetime.date(w.years[0] - rng.randint(-3, 4), rng.randint(1, 12), 1)
            start = min(start, today - datetime.timedelta(days=30))
            roll = rng.random()
            status = "active" if roll < 0.65 else "graduated" if roll < 0.87 else "left"
            end = None
            if status != "active":
                days = (today - start).days
                end = start + datetime.timedelta(days=rng.randint(min(180, days), days))
            rows.append(
                Residency(
                    company=company,
                    park=w.parks[home],
                    status=status,
                    applied_on=start - datetime.timedelta(days=45),
                    start_date=start,
                    end_date=end,
                )
            )
            w.residents[home].append((company, start, end, status))
    # Not counted: an application still pending.
    rows.append(Residency(company=w.outsider, park=w.parks["TR"], status="applied"))
    _bulk(Residency, rows)
    w.counts["residencies"] = len(rows)


# --- programmes --------------------------------------------------------------------------------
def _programmes(w: World) -> None:
    from korpu.programs.models import Application, Call, Placement, Programme

    rng, p = w.rng, w.prefix
    kinds = [
        "acceleration",
        "technology_transfer",
        "incubation",
        "training",
        "specialist_exchange",
        "acceleration",
    ]
    per_party = scaled(12, w.scale, len(kinds))
    rows = []
    for owner in w.parties:
        for i in range(per_party):
            kind = kinds[i % len(kinds)]
            rows.append(
                Programme(
                    slug=f"{p}-{owner.country.lower()}-programme-{i}",
                    title=f"{kind.replace('_', ' ').title()} programme {i} ({owner.country})",
                    kind=kind,
                    owner=owner,
                    partnership=w.partnership if i % 3 == 0 else None,
                    time_zone="Asia/Baku" if owner.country == "AZ" else "Europe/Istanbul",
                )
            )
    # Not counted: run by an outsider, and a party's programme opened to nobody.
    rows.append(Programme(slug=f"{p}-outsider-programme", title="Outsider", kind="training",
                          owner=w.outsider))  # fmt: skip
    rows.append(Programme(slug=f"{p}-closed-programme", title="Closed", kind="training",
                          owner=w.az_operator))  # fmt: skip
    programmes = _bulk(Programme, rows)
    exchanged = programmes[: 2 * per_party]
    other = {w.az_operator.pk: w.tr_operator, w.tr_operator.pk: w.az_operator}
    Programme.partners.through.objects.bulk_create(
        [
            Programme.partners.through(programme=prog, organisation=other[prog.owner_id])
            for prog in exchanged
        ]
        + [Programme.partners.through(programme=programmes[-2], organisation=w.az_operator)]
    )
    w.counts["programmes"] = len(programmes)

    calls = []
    for prog in programmes:
        for year in w.years:
            for n in range(1 if rng.random() < 0.6 else 2):
                opens = w.moment(year)
                if opens > w.now - datetime.timedelta(days=60):
                    opens -= datetime.timedelta(days=60)
                calls.append(
                    Call(
                        programme=prog,
                        slug=f"{year}-{n}",
                        title=f"Call {year}/{n + 1}",
                        opens_at=opens,
                        closes_at=opens + datetime.timedelta(days=rng.randint(20, 45)),
                        is_published=rng.random() < 0.95,
                    )
                )
    calls = _bulk(Call, calls)
    w.counts["calls"] = len(calls)

    # Applications: spread over the calls, from both countries (and elsewhere).
    target = scaled(APPLICATIONS, w.scale, 20)
    rows, used = [], defaultdict(set)
    statuses = ["submitted", "accepted", "rejected", "waitlisted", "draft", "withdrawn"]
    weights = [0.15, 0.25, 0.38, 0.07, 0.08, 0.07]
    while len(rows) < target:
        call = rng.choice(calls)
        owner_country = "AZ" if call.programme.owner_id == w.az_operator.pk else "TR"
        country = rng.choices([owner_country, "TR" if owner_country == "AZ" else "AZ"], [4, 6])[0]
        company = None
        if rng.random() < 0.7:
            company = rng.choice(w.companies_by_country[country])
            key = ("c", company.pk)
        applicant = w.person_of(country if rng.random() < 0.95 else None)
        if company is None:
            key = ("p", applicant.pk)
        if key in used[call.pk]:
            continue
        used[call.pk].add(key)
        status = rng.choices(statuses, weights)[0]
        submitted = call.opens_at + (call.closes_at - call.opens_at) * rng.random()
        decided = call.closes_at + datetime.timedelta(days=rng.randint(10, 40))
        if status in ("accepted", "rejected", "waitlisted") and decided > w.now:
            status = "submitted"
        rows.append(
            Application(
                call=call,
                applicant=applicant,
                company=company,
                title=f"Project {len(rows)}",
                status=status,
                submitted_at=None if status == "draft" else submitted,
                decided_at=decided if status in Application.DECIDED else None,
                created_at=submitted - datetime.timedelta(days=3),
                updated_at=submitted,
            )
        )
    with given_times(Application._meta.get_field("created_at"),
                     Application._meta.get_field("updated_at")):  # fmt: skip
        _bulk(Application, rows)
    w.counts["applications"] = len(rows)

    # Young specialists placed at the partner country's residents.
    exchanges = [prog for prog in exchanged if prog.kind == "specialist_exchange"]
    rows = []
    young = [
        person
        for person in w.people
        if person.birth_year and person.birth_year >= 1996 and person.country in ("AZ", "TR")
    ]
    for _ in range(scaled(150, w.scale, 5)):
        prog = rng.choice(exchanges)
        specialist = rng.choice(young)
        host_country = "TR" if specialist.country == "AZ" else "AZ"
        start = w.day_of(rng.choice(w.years))
        rows.append(
            Placement(
                programme=prog,
                specialist=specialist,
                host=rng.choice([*w.companies_by_country[host_country], other[prog.owner_id]]),
                starts_on=start,
                ends_on=start + datetime.timedelta(days=rng.choice([30, 60, 90])),
                status=rng.choices(
                    ["completed", "ongoing", "planned", "cancelled"], [70, 15, 8, 7]
                )[0],  # fmt: skip
            )
        )
    _bulk(Placement, rows)
    w.counts["placements"] = len(rows)


# --- events ----------------------------------------------------------------------------------
def _events(w: World) -> None:
    from korpu.events.models import Certificate, CheckIn, Event, Registration

    rng, p = w.rng, w.prefix
    rows, weight = [], []
    for year in w.years:
        for kind, (count, draw) in EVENTS_A_YEAR.items():
            for n in range(scaled(count, w.scale)):
                host = rng.choice(["AZ", "TR"])
                zone = BAKU if host == "AZ" else ISTANBUL
                starts = w.moment(year, zone)
                days = 2 if kind in ("conference", "campus") else 0
                rows.append(
                    Event(
                        slug=f"{p}-{kind}-{year}-{n}",
                        title=f"{kind.replace('_', ' ').title()} {year} #{n + 1}",
                        kind=kind,
                        partnership=w.partnership if n % 2 == 0 else None,
                        time_zone=str(zone),
                        starts_at=starts,
                        ends_at=starts + datetime.timedelta(days=days, hours=6),
                        status=Event.Status.PUBLISHED,
                        certificate_min_attendance=80 if kind == "training" else None,
                    )
                )
                weight.append(draw)
    joint = len(rows)
    # Not counted: one party's own seminar, a draft and a cancelled event each year.
    for year in w.years:
        for n, status in enumerate(["published", "draft", "cancelled"]):
            starts = w.moment(year)
            rows.append(
                Event(
                    slug=f"{p}-other-{year}-{n}",
                    title=f"Other event {year} #{n}",
                    kind="seminar",
                    starts_at=starts,
                    ends_at=starts + datetime.timedelta(hours=3),
                    status=status,
                )
            )
            weight.append(0.5)
    events = _bulk(Event, rows)
    through = Event.organisers.through
    links = []
    for n, event in enumerate(events):
        if n < joint:
            organisers = (
                w.parties
                if event.partnership_id is None
                else rng.sample([w.az_operator, w.tr_operator, w.outsider], rng.randint(1, 2))
            )
        else:
            organisers = [w.az_operator if n % 2 else w.tr_operator]
            if rows[n].status != "published":
                organisers = w.parties
        links += [through(event=event, organisation=org) for org in organisers]
    through.objects.bulk_create(links, batch_size=BATCH)
    w.events = events[:joint]
    w.counts["events"] = len(events)
    w.counts["joint_events"] = joint

    # Registrations: distinct people per event, in proportion to the kind's draw.
    target = scaled(REGISTRATIONS, w.scale, 50)
    total_weight = sum(weight)
    sizes = [min(len(w.people), max(3, round(target * draw / total_weight))) for draw in weight]
    n = 0
    while sum(sizes) != target:  # rounding: one more or one fewer, event by event
        step = 1 if sum(sizes) < target else -1
        if 3 <= sizes[n % joint] + step <= len(w.people):
            sizes[n % joint] += step
        n += 1
    registrations, w.registered = [], {}
    for event, size in zip(events, sizes, strict=True):
        chosen = rng.sample(w.people, size)
        w.registered[event.pk] = chosen
        for person in chosen:
            roll = rng.random()
            status = "confirmed" if roll < 0.88 else "cancelled" if roll < 0.95 else "waitlisted"
            registrations.append(
                Registration(
                    event=event,
                    person=person,
                    status=status,
                    confirmed_at=event.starts_at - datetime.timedelta(days=7),
                    cancelled_at=event.starts_at - datetime.timedelta(days=2)
                    if status == "cancelled"
                    else None,
                    waitlisted_at=event.starts_at - datetime.timedelta(days=5)
                    if status == "waitlisted"
                    else None,
                )
            )
    registrations = _bulk(Registration, registrations)
    w.counts["registrations"] = len(registrations)
    by_event = {event.pk: event for event in events}
    check_ins, certificates = [], []
    for registration in registrations:
        if registration.status != "confirmed":
            continue
        event = by_event[registration.event_id]
        if rng.random() < 0.8:
            check_ins.append(
                CheckIn(
                    registration=registration,
                    checked_in_at=event.starts_at
                    + datetime.timedelta(minutes=rng.randint(-30, 45)),
                )
            )
            if event.certificate_min_attendance and rng.random() < 0.9:
                certificates.append(
                    Certificate(
                        registration=registration,
                        issued_at=event.ends_at + datetime.timedelta(days=1),
                        attendance_percent=rng.choice([80, 90, 100]),
                        revoked_at=event.ends_at + datetime.timedelta(days=30)
                        if rng.random() < 0.02
                        else None,
                    )
                )
    _bulk(CheckIn, check_ins)
    _bulk(Certificate, certificates)
    w.counts["check_ins"] = len(check_ins)
    w.counts["certificates"] = len(certificates)


def _campuses(w: World) -> None:
    from korpu.events.models import Idea, Judge, JudgeAssignment, Submission, Team

    rng = w.rng
    campuses = [event for event in w.events if event.kind == "campus"]
    ideas, teams, judges = [], [], []
    for event in campuses:
        people = w.registered[event.pk]
        for n in range(scaled(40, w.scale, 3)):
            ideas.append(
                Idea(
                    event=event,
                    author=rng.choice(people),
                    title=f"Idea {n}",
                    problem="A problem worth solving.",
                    solution="A way to solve it.",
                    status="chosen" if rng.random() < 0.15 else "submitted",
                )
            )
        for n in range(scaled(12, w.scale, 2)):
            teams.append(Team(event=event, name=f"Team {n}", created_by=rng.choice(people)))
        judges += [Judge(event=event, person=person) for person in rng.sample(people, 3)]
    ideas = _bulk(Idea, ideas)
    teams = _bulk(Team, teams)
    judges = _bulk(Judge, judges)
    submissions = _bulk(
        Submission,
        [
            Submission(team=team, title=f"Project of {team.name}", description="What we built.")
            for team in teams
            if rng.random() < 0.85
        ],
    )
    judges_of = defaultdict(list)
    for judge in judges:
        judges_of[judge.event_id].append(judge)
    team_event = {team.pk: team.event_id for team in teams}
    assignments = []
    for submission in submissions:
        judged = rng.random() < 0.8
        for judge in judges_of[team_event[submission.team_id]]:
            assignments.append(
                JudgeAssignment(
                    judge=judge,
                    submission=submission,
                    scores={},
                    submitted_at=w.now - datetime.timedelta(days=3) if judged else None,
                )
            )
    _bulk(JudgeAssignment, assignments)
    w.counts.update(ideas=len(ideas), teams=len(teams), submissions=len(submissions))


def _brokerage(w: World) -> None:
    from korpu.matchmaking.models import (
        BrokerageDay,
        GridSession,
        Location,
        Meeting,
        MeetingFeedback,
        MeetingRequest,
        Participation,
        Profile,
        Slot,
    )

    rng = w.rng
    events = [e for e in w.events if e.kind in ("conference", "brokerage_day")]
    days = _bulk(BrokerageDay, [BrokerageDay(event=event, slot_minutes=20) for event in events])
    sessions = _bulk(
        GridSession,
        [
            GridSession(
                brokerage_day=day,
                day=event.starts_at.date(),
                starts_at=event.starts_at + datetime.timedelta(hours=1),
                ends_at=event.starts_at + datetime.timedelta(hours=1, minutes=20 * 16),
            )
            for day, event in zip(days, events, strict=True)
        ],
    )
    slots = _bulk(
        Slot,
        [
            Slot(
                brokerage_day=session.brokerage_day,
                session=session,
                starts_at=session.starts_at + datetime.timedelta(minutes=20 * n),
                ends_at=session.starts_at + datetime.timedelta(minutes=20 * (n + 1)),
            )
            for session in sessions
            for n in range(16)
        ],
    )
    locations = _bulk(
        Location,
        [Location(brokerage_day=day, name="Tables", capacity=60) for day in days],
    )
    slots_of = defaultdict(list)
    for slot in slots:
        slots_of[slot.brokerage_day_id].append(slot)
    profiles = []
    for day, event in zip(days, events, strict=True):
        people = w.registered[event.pk]
        for person in rng.sample(people, min(len(people), scaled(120, w.scale, 4))):
            company = (
                rng.choice(w.companies_by_country[person.country])
                if person.country in ("AZ", "TR") and rng.random() < 0.8
                else None
            )
            profiles.append(
                Profile(
                    brokerage_day=day,
                    person=person,
                    organisation=company,
                    country=person.country if rng.random() < 0.7 else "",
                    offer="What we offer",
                    seek="What we seek",
                    published=True,
                )
            )
    profiles = _bulk(Profile, profiles)
    profiles_of = defaultdict(list)
    for profile in profiles:
        profiles_of[profile.brokerage_day_id].append(profile)

    requests = []
    for day, event in zip(days, events, strict=True):
        group = profiles_of[day.pk]
        pairs = set()
        for _ in range(3 * len(group)):
            a, b = rng.sample(group, 2)
            pair = (min(a.pk, b.pk), max(a.pk, b.pk))
            if pair in pairs:
                continue
            pairs.add(pair)
            status = rng.choices(
                ["accepted", "declined", "expired", "cancelled"], [55, 20, 15, 10]
            )[0]
            requests.append(
                MeetingRequest(
                    brokerage_day=day,
                    requester=a,
                    invitee=b,
                    status=status,
                    created_at=event.starts_at - datetime.timedelta(days=rng.randint(1, 20)),
                )
            )
    with given_times(MeetingRequest._meta.get_field("created_at")):
        requests = _bulk(MeetingRequest, requests)

    # A meeting for each accepted request, in the first slot both are free (or none).
    location_of = {location.brokerage_day_id: location for location in locations}
    busy = defaultdict(set)
    meetings, placed = [], []
    for request in requests:
        if request.status != "accepted":
            continue
        cancelled = rng.random() < 0.05
        slot = None
        if not cancelled:
            for candidate in slots_of[request.brokerage_day_id]:
                if (
                    candidate.pk not in busy[request.requester_id]
                    and candidate.pk not in busy[request.invitee_id]
                ):
                    slot = candidate
                    busy[request.requester_id].add(slot.pk)
                    busy[request.invitee_id].add(slot.pk)
                    break
        meetings.append(
            Meeting(
                brokerage_day_id=request.brokerage_day_id,
                request=request,
                status="cancelled" if cancelled else "confirmed",
                slot=slot,
                location=location_of[request.brokerage_day_id] if slot else None,
                placed_by="scheduler" if slot else "",
            )
        )
        placed.append(request)
    meetings = _bulk(Meeting, meetings)
    participations, feedback = [], []
    outcomes = [
        "did_not_take_place",
        "insufficient_interest",
        "informative",
        "cooperation_possible",
    ]
    for meeting, request in zip(meetings, placed, strict=True):
        for profile_id in (request.requester_id, request.invitee_id):
            participations.append(
                Participation(meeting=meeting, profile_id=profile_id, slot=meeting.slot)
            )
        if meeting.slot is not None and rng.random() < 0.7:
            outcome = rng.choices(outcomes, [8, 20, 40, 32])[0]
            for profile_id in (request.requester_id, request.invitee_id):
                if rng.random() < 0.8:
                    feedback.append(
                        MeetingFeedback(meeting=meeting, profile_id=profile_id, outcome=outcome)
                    )
    _bulk(Participation, participations)
    _bulk(MeetingFeedback, feedback)
    w.counts.update(
        brokerage_days=len(days),
        brokerage_profiles=len(profiles),
        meeting_requests=len(requests),
        meetings=len(meetings),
        meetings_scheduled=sum(1 for m in meetings if m.slot_id),
        meeting_feedback=len(feedback),
    )


# --- technology transfer -----------------------------------------------------------------------
def _transfer(w: World) -> None:
    from korpu.transfer.models import Deal, ExpressionOfInterest
    from korpu.transfer.models import Profile as TechnologyProfile

    rng, p = w.rng, w.prefix
    owners = [(company, home) for home in ("AZ", "TR") for company, *_ in w.residents[home]]
    owners += [(w.az_operator, "AZ"), (w.tr_operator, "TR"), (w.outsider, "TR")]
    types = [choice for choice, _label in TechnologyProfile.Type.choices]
    rows = []
    for year in w.years:
        for n in range(scaled(80, w.scale, 2)):
            owner, home = rng.choice(owners)
            published = w.moment(year)
            status = rng.choices(["published", "expired", "archived", "draft"], [50, 30, 12, 8])[0]
            rows.append(
                TechnologyProfile(
                    reference=None if status == "draft" else f"{p}-{year}-{n:04d}",
                    type=rng.choice(types),
                    status=status,
                    owner=owner,
                    intermediary=w.parks[home].operator,
                    language="en",
                    title=f"Technology {year}-{n}",
                    summary="A technology looking for partners.",
                    description="Tested; looking for licensees and co-developers.",
                    stage="lab_tested",
                    published_at=None if status == "draft" else published,
                    expires_at=None if status == "draft" else published + datetime.timedelta(365),
                )
            )
    profiles = _bulk(TechnologyProfile, rows)
    w.counts["technology_profiles"] = len(profiles)
    interested = w.companies + [w.outsider]
    eois, seen = [], set()
    for profile in profiles:
        if profile.published_at is None:
            continue
        for company in rng.sample(interested, rng.randint(0, 5)):
            if company.pk == profile.owner_id or (profile.pk, company.pk) in seen:
                continue
            seen.add((profile.pk, company.pk))
            status = rng.choices(
                ["accepted", "forwarded", "declined", "not_forwarded", "withdrawn"],
                [35, 25, 20, 10, 10],
            )[0]
            created = profile.published_at + datetime.timedelta(days=rng.randint(1, 120))
            eois.append(
                ExpressionOfInterest(
                    profile=profile,
                    company=company,
                    message="We are interested.",
                    status=status,
                    created_at=min(created, w.now - datetime.timedelta(days=1)),
                )
            )
    with given_times(ExpressionOfInterest._meta.get_field("created_at")):
        eois = _bulk(ExpressionOfInterest, eois)
    w.counts["expressions_of_interest"] = len(eois)
    deals, parties = [], []
    owner_of = {profile.pk: profile.owner_id for profile in profiles}
    agreement_types = [choice for choice, _label in Deal.AgreementType.choices]
    for eoi in eois:
        if eoi.status != "accepted" or rng.random() < 0.4:
            continue
        signed = (eoi.created_at + datetime.timedelta(days=rng.randint(20, 200))).date()
        status = rng.choices(["signed", "active", "terminated", "negotiating"], [30, 45, 5, 20])[0]
        if signed > w.now.date():
            status = "negotiating"
        deals.append(
            Deal(
                profile_id=eoi.profile_id,
                interest=eoi,
                title=f"Agreement {len(deals)}",
                agreement_type=rng.choice(agreement_types),
                status=status,
                signed_on=None if status == "negotiating" else signed,
            )
        )
    deals = _bulk(Deal, deals)
    for deal in deals:
        parties += [
            Deal.parties.through(deal=deal, organisation_id=owner_of[deal.profile_id]),
            Deal.parties.through(deal=deal, organisation_id=deal.interest.company_id),
        ]
    Deal.parties.through.objects.bulk_create(parties, batch_size=BATCH)
    w.counts["deals"] = len(deals)


# --- labs and projects ---------------------------------------------------------------------------
def _labs(w: World) -> None:
    from korpu.facilities.models import Booking, Facility, Output, Project, Resource

    rng, p = w.rng, w.prefix
    facilities, resources = [], []
    for home, park in w.parks.items():
        for n, (kind, name) in enumerate(
            [
                ("lab", "Microelectronics lab"),
                ("workshop", "Prototyping workshop"),
                ("lab", "Materials lab"),
            ]  # fmt: skip
        ):
            facilities.append(
                Facility(park=park, slug=f"{p}-{home.lower()}-facility-{n}", name=name, kind=kind)
            )
    facilities = _bulk(Facility, facilities)
    for facility in facilities:
        for n in range(6):
            resources.append(
                Resource(facility=facility, slug=f"{facility.slug}-r{n}", name=f"Instrument {n}")
            )
    resources = _bulk(Resource, resources)
    home_of = {facility.pk: ("AZ" if facility.park_id == w.parks["AZ"].pk else "TR")
               for facility in facilities}  # fmt: skip
    w.counts["resources"] = len(resources)

    # Every weekday of the five years up to yesterday; more bookings in later years.
    first = datetime.date(w.years[0], 1, 1)
    last = w.now.date() - datetime.timedelta(days=1)
    days = [
        first + datetime.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + datetime.timedelta(days=n)).weekday() < 5
    ]
    day_weights = [1 + 0.15 * (day.year - w.years[0]) for day in days]
    target = scaled(BOOKINGS, w.scale, 40)
    per_day = defaultdict(int)  # (resource index, day index) -> bookings
    choices = rng.choices(range(len(days)), day_weights, k=target * 2)
    made = 0
    for index in choices:
        if made == target:
            break
        key = (rng.randrange(len(resources)), index)
        if per_day[key] < 4:
            per_day[key] += 1
            made += 1
    residents = {
        home: [company for company, _s, _e, status in w.residents[home]] for home in w.parks
    }
    statuses = ["approved", "cancelled", "no_show", "declined"]
    rows = []
    for (resource_index, day_index), count in per_day.items():
        resource = resources[resource_index]
        home = home_of[resource.facility_id]
        zone = BAKU if home == "AZ" else ISTANBUL
        moment = datetime.datetime.combine(days[day_index], datetime.time(8), zone)
        for _ in range(count):  # in turn through the day, 1–2.5 hours each, never overlapping
            moment += datetime.timedelta(minutes=30 * rng.randint(0, 2))
            length = datetime.timedelta(minutes=30 * rng.randint(2, 5))
            rows.append(
                Booking(
                    resource=resource,
                    person=w.person_of(home),
                    organisation=rng.choice(residents[home]) if rng.random() < 0.7 else None,
                    starts_at=moment,
                    ends_at=moment + length,
                    status=rng.choices(statuses, [88, 7, 3, 2])[0],
                )
            )
            moment += length
    _bulk(Booking, rows)
    w.counts["bookings"] = len(rows)

    projects = []
    for home, park in w.parks.items():
        for n in range(scaled(40, w.scale, 2)):
            company, start, _end, _status = rng.choice(w.residents[home])
            projects.append(
                Project(
                    park=park,
                    slug=f"{p}-{home.lower()}-project-{n}",
                    title=f"Project {n} ({home})",
                    kind=rng.choice(["research", "prototype", "production"]),
                    lead=company,
                    starts_on=w.day_of(rng.choice(w.years)),
                    is_public=rng.random() < 0.8,
                )
            )
    projects = _bulk(Project, projects)
    outputs = []
    for project in projects:
        for _ in range(rng.randint(1, 4)):
            kind = (
                "device"
                if project.kind == "production"
                else rng.choice(["prototype", "publication", "patent", "device"])
            )
            year = rng.choice([y for y in w.years if y >= project.starts_on.year])
            outputs.append(
                Output(
                    project=project,
                    kind=kind,
                    title=f"{kind.title()} of {project.title}",
                    quantity=rng.randint(20, 300) if kind == "device" else 1,
                    date=w.day_of(year),
                )
            )
    _bulk(Output, outputs)
    w.counts.update(projects=len(projects), outputs=len(outputs))


# --- resident reporting --------------------------------------------------------------------------
def _reporting(w: World) -> None:
    from korpu.insights import reporting
    from korpu.insights.models import (
        CODES,
        Report,
        ReportingPeriod,
        ReportingScheme,
        default_currency,
        period_bounds,
        period_code,
    )

    rng = w.rng
    periods, reports = [], []
    today = w.now.date()
    for park in w.parks.values():
        currency = default_currency(park.country)
        ReportingScheme.objects.create(
            park=park,
            frequency="quarterly",
            indicators=list(CODES),
            currency=currency,
            starts_on=datetime.date(w.years[0], 1, 1),
        )
        quarter = datetime.date(w.years[0], 1, 1)
        while True:
            start, end = period_bounds("quarterly", quarter)
            if end >= today:
                break
            periods.append(
                ReportingPeriod(
                    park=park,
                    code=period_code("quarterly", start),
                    frequency="quarterly",
                    starts_on=start,
                    ends_on=end,
                    due_on=end + datetime.timedelta(days=30),
                    indicators=list(CODES),
                    currency=currency,
                )
            )
            quarter = end + datetime.timedelta(days=1)
    periods = _bulk(ReportingPeriod, periods)
    home_of = {park.pk: home for home, park in w.parks.items()}
    size = {}
    for period in periods:
        for company, start, end, status in w.residents[home_of[period.park_id]]:
            if start > period.ends_on or (end is not None and end < period.ends_on):
                continue
            if status != "active" and end is None:
                continue
            roll = rng.random()
            if roll < 0.07:
                continue  # not reported
            staff = size.setdefault(company.pk, rng.randint(3, 120))
            staff = max(1, staff + rng.randint(-2, 3))
            size[company.pk] = staff
            revenue = Decimal(rng.randint(10_000, 2_000_000))
            submitted = datetime.datetime.combine(
                period.ends_on + datetime.timedelta(days=rng.randint(3, 40)),
                datetime.time(10),
                UTC,
            )
            reports.append(
                Report(
                    period=period,
                    company=company,
                    status="draft" if roll < 0.1 else "submitted",
                    submitted_at=None if roll < 0.1 else submitted,
                    staff=staff,
                    rd_staff=rng.randint(0, staff),
                    software_staff=rng.randint(0, staff // 2),
                    revenue=revenue,
                    rd_revenue=(revenue * Decimal(rng.randint(10, 60)) / 100).quantize(
                        Decimal("0.01")
                    ),
                    exports=(revenue * Decimal(rng.randint(0, 40)) / 100).quantize(Decimal("0.01")),
                    patents_applied=rng.choice([0, 0, 0, 1, 2]),
                    patents_granted=rng.choice([0, 0, 0, 0, 1]),
                    utility_models=rng.choice([0, 0, 1]),
                    trademarks=rng.choice([0, 0, 0, 1]),
                    investment_received=Decimal(rng.choice([0, 0, 0, 50_000, 250_000])),
                )
            )
    _bulk(Report, reports)
    # Periods that ended more than six months ago are locked, with their snapshots.
    locked = 0
    for period in periods:
        if period.ends_on < today - datetime.timedelta(days=183):
            reporting.lock_period(actor=w.manager[home_of[period.park_id]], period=period,
                                  now=w.now)  # fmt: skip
            locked += 1
    w.counts.update(reporting_periods=len(periods), reports=len(reports), locked_periods=locked)


def generate(prefix: str = "bench", scale: float = 1.0, seed: int = 8, now=None) -> World:
    """Write one world (see the module's docstring); returns it with its counts."""
    from django.db import transaction
    from django.utils import timezone

    world = World(prefix, scale, seed, now or timezone.now())
    with transaction.atomic():
        for step in (_directory, _programmes, _events, _campuses, _brokerage, _transfer, _labs,
                     _reporting):  # fmt: skip
            step(world)
    return world
