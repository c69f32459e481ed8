"""The KPI engine: the indicators of a memorandum (and of a park) computed live from the
records the platform holds.

Each :class:`Indicator` has a stable ``code``, a translated label and unit, and knows the
records it counts (``base``), the year and the country of each record, and how to add
them up. The figures are aggregated in the database (``GROUP BY`` year and country), so
the number of queries depends on the number of indicators, never on the number of records.

What belongs to a partnership:

* **exchanged programmes**: programmes run under the partnership, or run by a party and
  opened to another party; their published calls that have opened;
* **joint events**: published events held under the partnership or organised by at least
  two parties (an event counts for the country of each of its organisers);
* **the partnership's community**: the parties, and the companies resident in a park
  operated by a party or established under the partnership (technology profiles, deals,
  residents, labs, projects);
* **placements**: of programmes under the partnership or run by a party, or hosted by a
  party.

The country of a figure is the country of the organisation or person concerned: the
applicant (company, else person), the participant, the profile's owner, the booking
company (else person), the project's lead.

Who sees what (:func:`access_level`): staff and the admins of a party see every indicator
over all the partnership's records (``FULL``); anyone else sees, when the partnership is
public, only the public indicators computed over public records (``PUBLIC``). Groups of
fewer than :data:`MIN_GROUP` people are never broken down by gender or age.
"""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.db.models.functions import Coalesce, ExtractYear, NullIf
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from korpu.common.i18n import country_name
from korpu.directory.models import Organisation, Park, Partnership, Person, Residency, Sector
from korpu.directory.rules import is_park_manager, is_partnership_party_admin, is_signed_in
from korpu.events.models import Certificate, CheckIn, Event, Idea, Registration, Submission, Team
from korpu.events.models.campus import JudgeAssignment
from korpu.facilities.models import Booking, Output, Project
from korpu.matchmaking.models import Meeting, MeetingFeedback, MeetingRequest
from korpu.programs.models import Application, Call, Placement, Programme
from korpu.transfer.models import Deal, ExpressionOfInterest
from korpu.transfer.models import Profile as TechnologyProfile

FULL = "full"
PUBLIC = "public"
MIN_GROUP = 5  # fewer people than this are not broken down by gender or age
YOUTH_UNDER = 30  # youth: younger than this in the year of the record
MAX_YEARS = 10
JOINT_EVENT_KINDS = ("seminar", "training", "conference", "campus")

# Commitment codes (directory.Commitment.code) -> the indicator that measures them.
COMMITMENT_INDICATORS = {
    "acceleration-exchange": "programmes_acceleration",
    "technology-transfer-exchange": "programmes_technology_transfer",
    "programme-exchange": "programmes_exchanged",
    "young-specialists": "specialists_placed",
    "joint-events": "joint_events",
    "joint-seminars": "events_seminar",
    "joint-trainings": "events_training",
    "joint-conferences": "events_conference",
    "campuses": "events_campus",
    "high-tech-park": "park_projects",
    "devices": "devices_produced",
    "technology-transfer": "deals_signed",
    "brokerage": "meetings_held",
}


# --- scope -------------------------------------------------------------------------------------
class Scope:
    """What the figures are computed over: a partnership's records (or one park's), and
    whether only public records count. Querysets here are lazy (used as subqueries)."""

    def __init__(
        self,
        *,
        partnership: Partnership | None = None,
        park: Park | None = None,
        level: str = FULL,
        years: list[int],
    ):
        self.partnership = partnership
        self.park = park
        self.level = level
        self.years = years
        self.now = timezone.now()
        # Rows read once and shared by several indicators (see _registration_groups).
        self.memo: dict[str, list] = {}
        if partnership is not None:
            self.party_ids = list(partnership.party_links.values_list("organisation_id", flat=True))
        else:
            self.party_ids = []

    @property
    def public_only(self) -> bool:
        return self.level == PUBLIC

    # Parks and their residents.
    def parks(self) -> QuerySet[Park]:
        if self.park is not None:
            parks = Park.objects.filter(pk=self.park.pk)
        else:
            parks = Park.objects.filter(
                Q(operator_id__in=self.party_ids) | Q(established_by=self.partnership)
            )
        if self.public_only:
            parks = parks.filter(is_public=True)
        return parks

    def community(self) -> QuerySet[Organisation]:
        residents = Residency.objects.filter(
            park__in=self.parks(), status__in=RESIDENT_STATUSES
        ).values("company_id")
        if self.park is not None:
            return Organisation.objects.filter(pk__in=residents)
        return Organisation.objects.filter(Q(pk__in=self.party_ids) | Q(pk__in=residents))

    # Programmes.
    def programmes(self) -> QuerySet[Programme]:
        opened = Programme.partners.through.objects.filter(
            organisation_id__in=self.party_ids
        ).exclude(organisation_id=F("programme__owner_id"))
        programmes = Programme.objects.filter(
            Q(partnership=self.partnership)
            | (Q(owner_id__in=self.party_ids) & Q(pk__in=opened.values("programme_id")))
        )
        if self.public_only:
            programmes = programmes.filter(is_public=True)
        return programmes

    # Events.
    def events(self) -> QuerySet[Event]:
        """Joint events held: published, ended, under the partnership or organised by two
        parties or more."""
        several = (
            Event.organisers.through.objects.filter(organisation_id__in=self.party_ids)
            .values("event_id")
            .annotate(parties=Count("organisation_id", distinct=True))
            .filter(parties__gte=2)
            .values("event_id")
        )
        events = Event.objects.filter(
            Q(partnership=self.partnership) | Q(pk__in=several),
            status=Event.Status.PUBLISHED,
            ends_at__lte=self.now,
        )
        if self.public_only:
            events = events.filter(visibility=Event.Visibility.PUBLIC)
        return events


RESIDENT_STATUSES = (
    Residency.Status.ACTIVE,
    Residency.Status.GRADUATED,
    Residency.Status.LEFT,
)


# --- results -----------------------------------------------------------------------------------
@dataclass
class Breakdown:
    """Figures by a category (gender, age group, kind…). ``rows`` are (key, label, value);
    a value of ``None`` means "fewer than 5" (masked). ``suppressed`` says the whole group
    is smaller than :data:`MIN_GROUP` and is not broken down at all."""

    name: str
    title: str
    rows: list[tuple[str, str, Any]] = field(default_factory=list)
    suppressed: bool = False


@dataclass
class KpiResult:
    code: str
    label: str
    unit: str
    group: str
    years: list[int]
    measured: bool = True
    kind: str = "count"
    public: bool = False
    total: Any = 0
    by_year: dict[int, Any] = field(default_factory=dict)
    by_country: dict[str, Any] = field(default_factory=dict)
    by_year_country: dict[tuple[int, str], Any] = field(default_factory=dict)
    breakdowns: list[Breakdown] = field(default_factory=list)
    commitment: Any = None  # directory.Commitment
    target: int | None = None
    records_url: str = ""
    has_records: bool = True
    computed_at: datetime.datetime | None = None

    @property
    def countries(self) -> list[str]:
        return sorted(self.by_country)

    @property
    def progress_by_year(self) -> dict[int, int | None]:
        """Per year: the figure as a percentage of the yearly target (None: no target)."""
        if not self.target or not self.measured:
            return dict.fromkeys(self.years)
        return {
            year: int(
                (Decimal(self.by_year.get(year) or 0) * 100 / self.target).to_integral_value(
                    ROUND_HALF_UP
                )
            )
            for year in self.years
        }

    @property
    def title(self) -> str:
        return self.commitment.text if self.commitment is not None else self.label

    def value(self, year: int, country: str) -> Any:
        return self.by_year_country.get((year, country), self.zero)

    @property
    def zero(self):
        return 0 if self.kind == "count" else None if self.kind == "percent" else Decimal("0")


# --- expressions -------------------------------------------------------------------------------
def _first_country(*paths: str):
    """The first non-empty country among ``paths`` ('' when none)."""
    return Coalesce(
        *[NullIf(F(path), Value("")) for path in paths], Value(""), output_field=CharField()
    )


def _gender(person: str):
    return Case(
        When(**{f"{person}__statistics_consent_at__isnull": True}, then=Value("unknown")),
        When(**{f"{person}__gender": ""}, then=Value("unknown")),
        default=F(f"{person}__gender"),
        output_field=CharField(),
    )


def _age_group(person: str):
    return Case(
        When(**{f"{person}__statistics_consent_at__isnull": True}, then=Value("unknown")),
        When(**{f"{person}__birth_year__isnull": True}, then=Value("unknown")),
        When(_age__lt=YOUTH_UNDER, then=Value("youth")),
        default=Value("adult"),
        output_field=CharField(),
    )


def gender_labels() -> dict[str, str]:
    return {**dict(Person.Gender.choices), "unknown": _("not given")}


def age_labels() -> dict[str, str]:
    return {
        "youth": _("under %(age)s") % {"age": YOUTH_UNDER},
        "adult": _("%(age)s and over") % {"age": YOUTH_UNDER},
        "unknown": _("not given"),
    }


def _hours(value) -> Decimal:
    if value is None:
        return Decimal("0.0")
    # A timedelta, or microseconds on some backends.
    seconds = value.total_seconds() if isinstance(value, datetime.timedelta) else value / 1e6
    return (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _plus(total, value):
    """Adds aggregates of groups (None: nothing in the group)."""
    if total is None:
        return value
    return total if value is None else total + value


# --- indicators --------------------------------------------------------------------------------
MAX_SECTORS = 10  # rows of a breakdown by sector


def _sector_name(path: str):
    """A sector's name in the active language (the translated column, else the name):
    across a relation the translation library does not pick the column itself."""
    language = (get_language() or "").split("-")[0]
    try:
        Sector._meta.get_field(f"name_{language}")
    except FieldDoesNotExist:
        return F(f"{path}__name")
    return Coalesce(NullIf(F(f"{path}__name_{language}"), Value("")), F(f"{path}__name"))


class Indicator:
    """One indicator: ``base(scope)`` gives the records, ``year`` and ``country`` their
    year (a date path) and country (paths, first non-empty wins); ``value`` is the
    aggregate. ``additive`` says each record has one year and one country, so the years
    and countries add up to the total; otherwise they are counted separately (an event of
    two countries counts once in each and once in the total)."""

    code = ""
    label = ""
    unit = pgettext_lazy("unit after a number", "number")
    group = ""
    kind = "count"  # count | hours | percent
    public = False  # shown in a public summary
    people = ""  # path of the person counted: breakdown by gender and age
    additive = True
    has_records = True  # the records behind the figure can be listed
    scopes = ("partnership",)
    year = ""
    country: tuple[str, ...] = ()
    dims: tuple[tuple[str, Any, str, Any], ...] = ()  # (name, title, path, labels())
    sector = ""  # path of the organisation whose sectors break the figure down

    def base(self, scope: Scope) -> QuerySet:
        raise NotImplementedError

    def aggregate(self):
        return Count("pk", distinct=True)

    def convert(self, value):
        if self.kind == "hours":
            return _hours(value)
        return int(value or 0)

    def annotated(self, scope: Scope) -> QuerySet:
        years = scope.years
        queryset = self.base(scope).annotate(
            _y=ExtractYear(self.year), _c=_first_country(*self.country)
        )
        return queryset.filter(_y__gte=years[0], _y__lte=years[-1])

    def compute(self, scope: Scope, result: KpiResult) -> None:
        queryset = self.annotated(scope)
        if self.additive:
            self._compute_by_groups(queryset, result)
        elif type(self).aggregate is Indicator.aggregate:
            self._compute_distinct(queryset, result)
        else:
            self._compute_separately(queryset, result)
        if self.sector:
            self._sector_breakdown(queryset, result)

    def _sector_breakdown(self, queryset: QuerySet, result: KpiResult) -> None:
        """The records by the sectors of their organisation (one query): the
        :data:`MAX_SECTORS` largest. A company in several sectors counts in each, so the
        rows may add up to more than the figure; records without an organisation or
        sectors are in none."""
        path = f"{self.sector}__sectors"
        counts = (
            queryset.filter(**{f"{path}__isnull": False})
            .annotate(_s=F(f"{path}__slug"), _n=_sector_name(path))
            .values("_s", "_n")
            .annotate(_v=Count("pk", distinct=True))
            .order_by("-_v", "_n")[:MAX_SECTORS]
        )
        result.breakdowns.append(
            Breakdown(
                name="sector",
                title=str(_("By sector (a company in several sectors counts in each)")),
                rows=[(row["_s"], row["_n"], row["_v"]) for row in counts],
            )
        )

    def _dims(self, queryset: QuerySet) -> tuple[QuerySet, list[str]]:
        aliases = [f"_d{n}" for n in range(len(self.dims))]
        if aliases:
            paths = [path for _name, _title, path, _labels in self.dims]
            queryset = queryset.annotate(
                **{alias: F(path) for alias, path in zip(aliases, paths, strict=True)}
            )
        return queryset, aliases

    def _dim_breakdowns(self, result: KpiResult, counts: list[dict]) -> None:
        for (name, title, _path, labels), found in zip(self.dims, counts, strict=True):
            result.breakdowns.append(
                Breakdown(
                    name=name,
                    title=str(title),
                    rows=[(key, str(label), found.get(key, 0)) for key, label in labels().items()],
                )
            )

    def _compute_by_groups(self, queryset: QuerySet, result: KpiResult) -> None:
        """An additive indicator in one query: grouped by year, country, the dimensions
        and (for people) gender and age group. Each record is in exactly one group, so
        every figure is the sum of its groups (the same as aggregating it apart)."""
        queryset, aliases = self._dims(queryset)
        fields = ["_y", "_c", *aliases]
        if self.people:
            queryset = self._with_gender_and_age(queryset)
            fields += ["_g", "_a"]
        rows = queryset.values(*fields).annotate(_v=self.aggregate()).order_by()
        self._fill_from_groups(rows, result, aliases)

    def _fill_from_groups(self, rows, result: KpiResult, aliases: list[str]) -> None:
        """The figures from rows of ``_y``, ``_c``, the dimensions' ``aliases``, for
        people ``_g`` and ``_a``, and the aggregate ``_v`` (other keys are summed over)."""
        cells, dims = {}, [{} for _ in aliases]
        genders, ages = defaultdict(int), defaultdict(int)
        for row in rows:
            value = row["_v"]
            key = (row["_y"], row["_c"])
            cells[key] = _plus(cells.get(key), value)
            for alias, found in zip(aliases, dims, strict=True):
                found[row[alias]] = _plus(found.get(row[alias]), value)
            if self.people:
                genders[row["_g"]] += value
                ages[row["_a"]] += value
        for key, value in cells.items():
            result.by_year_country[key] = self.convert(value)
        by_year, by_country = defaultdict(lambda: result.zero), defaultdict(lambda: result.zero)
        for (year, country), value in result.by_year_country.items():
            by_year[year] += value
            by_country[country] += value
        result.by_year = {year: by_year[year] for year in result.years}
        result.by_country = dict(by_country)
        result.total = sum(result.by_year.values(), result.zero)
        self._dim_breakdowns(
            result, [{key: self.convert(value) for key, value in d.items()} for d in dims]
        )
        if self.people:
            self._people_breakdowns(result, genders, ages)

    def _compute_distinct(self, queryset: QuerySet, result: KpiResult) -> None:
        """A count of distinct records that may each have several countries, in one
        query: the distinct (record, year, country, dimensions) rows, counted here (a
        record of two countries counts once in each and once in the total)."""
        queryset, aliases = self._dims(queryset)
        rows = queryset.values_list("pk", "_y", "_c", *aliases).order_by().distinct()
        self._fill_distinct(rows, result, len(aliases))
        if self.people:
            self.people_breakdowns(queryset, result)

    def _fill_distinct(self, rows, result: KpiResult, dim_count: int = 0) -> None:
        """The counts of distinct records from (pk, year, country, *dimensions) rows."""
        cells, years, countries, everything = (
            defaultdict(set),
            defaultdict(set),
            defaultdict(set),
            set(),
        )
        dims = [defaultdict(set) for _ in range(dim_count)]
        for pk, year, country, *values in rows:
            cells[(year, country)].add(pk)
            years[year].add(pk)
            countries[country].add(pk)
            everything.add(pk)
            for value, found in zip(values, dims, strict=True):
                found[value].add(pk)
        result.by_year_country = {key: len(pks) for key, pks in cells.items()}
        result.by_year = {year: len(years.get(year, ())) for year in result.years}
        result.by_country = {country: len(pks) for country, pks in countries.items()}
        result.total = len(everything)
        self._dim_breakdowns(result, [{key: len(pks) for key, pks in d.items()} for d in dims])

    def _compute_separately(self, queryset: QuerySet, result: KpiResult) -> None:
        """A non-additive indicator with its own aggregate: one query per figure."""
        for row in queryset.values("_y", "_c").annotate(_v=self.aggregate()).order_by():
            result.by_year_country[(row["_y"], row["_c"])] = self.convert(row["_v"])
        found = {
            row["_y"]: self.convert(row["_v"])
            for row in queryset.values("_y").annotate(_v=self.aggregate()).order_by()
        }
        result.by_year = {year: found.get(year, result.zero) for year in result.years}
        result.by_country = {
            row["_c"]: self.convert(row["_v"])
            for row in queryset.values("_c").annotate(_v=self.aggregate()).order_by()
        }
        result.total = self.convert(queryset.aggregate(_v=self.aggregate())["_v"])
        counts = []
        for _name, _title, path, _labels in self.dims:
            counts.append(
                {
                    row["_d"]: self.convert(row["_v"])
                    for row in queryset.annotate(_d=F(path))
                    .values("_d")
                    .annotate(_v=self.aggregate())
                    .order_by()
                }
            )
        self._dim_breakdowns(result, counts)
        if self.people:
            self.people_breakdowns(queryset, result)

    def _with_gender_and_age(self, queryset: QuerySet) -> QuerySet:
        return queryset.annotate(
            _age=ExpressionWrapper(
                ExtractYear(self.year) - F(f"{self.people}__birth_year"),
                output_field=IntegerField(),
            )
        ).annotate(_g=_gender(self.people), _a=_age_group(self.people))

    def _people_breakdowns(self, result: KpiResult, genders: dict, ages: dict) -> None:
        population = sum(genders.values())
        for name, title, labels, counts in (
            ("gender", _("By gender"), gender_labels(), genders),
            ("age", _("By age group"), age_labels(), ages),
        ):
            result.breakdowns.append(protect(name, str(title), labels, counts, population))

    def people_breakdowns(self, queryset: QuerySet, result: KpiResult) -> None:
        rows = (
            self._with_gender_and_age(queryset)
            .values("_g", "_a")
            .annotate(_v=self.aggregate())
            .order_by()
        )
        genders, ages = defaultdict(int), defaultdict(int)
        for row in rows:
            genders[row["_g"]] += row["_v"]
            ages[row["_a"]] += row["_v"]
        self._people_breakdowns(result, genders, ages)

    def records(self, scope: Scope, year: int | None, country: str | None) -> QuerySet:
        """The records behind the figure of a year and a country (either may be None)."""
        queryset = self.annotated(scope)
        if year is not None:
            queryset = queryset.filter(_y=year)
        if country is not None:
            queryset = queryset.filter(_c=country)
        model = queryset.model
        return model.objects.filter(pk__in=queryset.values("pk")).order_by(f"-{self.year}", "-pk")


def protect(name: str, title: str, labels: dict, counts: dict, population: int) -> Breakdown:
    """A breakdown of people that identifies nobody: none at all for fewer than
    :data:`MIN_GROUP` people; otherwise cells of 1 to 4 are masked, and when only one
    cell would be masked the next smallest is masked too (else it could be worked out
    from the total)."""
    if population < MIN_GROUP:
        return Breakdown(name=name, title=title, suppressed=True)
    rows = [[key, str(label), counts.get(key, 0)] for key, label in labels.items()]
    small = [row for row in rows if 0 < row[2] < MIN_GROUP]
    if len(small) == 1:
        others = sorted((row for row in rows if row[2] >= MIN_GROUP), key=lambda row: row[2])
        if others:
            small.append(others[0])
    for row in small:
        row[2] = None
    return Breakdown(name=name, title=title, rows=[tuple(row) for row in rows])


REGISTRY: dict[str, Indicator] = {}


def register(cls):
    indicator = cls()
    REGISTRY[indicator.code] = indicator
    return cls


# Programmes ------------------------------------------------------------------------------------
class _Programmes(Indicator):
    group = "programmes"
    unit = pgettext_lazy("unit after a number", "programmes")
    public = True
    additive = False  # a programme with calls in two years counts in each
    year = "calls__opens_at"
    country = ("owner__country",)
    programme_kind = None

    def base(self, scope):
        programmes = scope.programmes().filter(
            calls__is_published=True, calls__opens_at__lte=scope.now
        )
        if self.programme_kind:
            programmes = programmes.filter(kind=self.programme_kind)
        return programmes

    def records(self, scope, year, country):
        return super().records(scope, year, country).order_by("title", "pk")


@register
class ProgrammesExchanged(_Programmes):
    code = "programmes_exchanged"
    label = _("Programmes exchanged")
    dims = (("kind", _("By kind"), "kind", lambda: dict(Programme.Kind.choices)),)


@register
class AccelerationProgrammes(_Programmes):
    code = "programmes_acceleration"
    label = _("Acceleration programmes exchanged")
    programme_kind = Programme.Kind.ACCELERATION


@register
class TransferProgrammes(_Programmes):
    code = "programmes_technology_transfer"
    label = _("Technology-transfer programmes exchanged")
    programme_kind = Programme.Kind.TECHNOLOGY_TRANSFER


@register
class CallsOpened(Indicator):
    code = "calls_opened"
    label = _("Calls opened to the partners")
    unit = pgettext_lazy("unit after a number", "calls")
    group = "programmes"
    public = True
    year = "opens_at"
    country = ("programme__owner__country",)

    def base(self, scope):
        return Call.objects.filter(
            programme__in=scope.programmes(), is_published=True, opens_at__lte=scope.now
        )


def _from_partner_country(scope: Scope) -> QuerySet[Application]:
    """Submitted applications to exchanged programmes from another country than the
    programme's owner."""
    return (
        Application.objects.filter(
            call__programme__in=scope.programmes(), submitted_at__isnull=False
        )
        .exclude(status__in=(Application.Status.DRAFT, Application.Status.WITHDRAWN))
        .annotate(_from=_first_country("company__country", "applicant__country"))
        .exclude(_from=F("call__programme__owner__country"))
        .exclude(_from="")
    )


@register
class Applications(Indicator):
    code = "applications"
    label = _("Applications from the partner country")
    unit = pgettext_lazy("unit after a number", "applications")
    group = "programmes"
    year = "submitted_at"
    country = ("company__country", "applicant__country")

    sector = "company"

    def base(self, scope):
        return _from_partner_country(scope)


@register
class Admissions(Indicator):
    code = "admissions"
    label = _("Admissions from the partner country")
    unit = pgettext_lazy("unit after a number", "admissions")
    group = "programmes"
    year = "decided_at"
    country = ("company__country", "applicant__country")

    sector = "company"

    def base(self, scope):
        return _from_partner_country(scope).filter(status=Application.Status.ACCEPTED)


@register
class SpecialistsPlaced(Indicator):
    code = "specialists_placed"
    label = _("Young specialists placed in exchanges")
    unit = pgettext_lazy("unit after a number", "people")
    group = "programmes"
    year = "starts_on"
    country = ("specialist__country",)
    people = "specialist"

    def base(self, scope):
        return Placement.objects.filter(
            Q(programme__partnership=scope.partnership)
            | Q(programme__owner_id__in=scope.party_ids)
            | Q(host_id__in=scope.party_ids)
        ).exclude(status=Placement.Status.CANCELLED)


# Events ----------------------------------------------------------------------------------------
class _Events(Indicator):
    group = "events"
    unit = pgettext_lazy("unit after a number", "events")
    public = True
    additive = False  # an event counts for the country of each organiser
    year = "starts_at"
    country = ("organisers__country",)
    kinds: tuple[str, ...] = JOINT_EVENT_KINDS

    def base(self, scope):
        return scope.events().filter(kind__in=self.kinds)


@register
class JointEvents(_Events):
    code = "joint_events"
    label = _("Joint seminars, trainings and conferences held")
    kinds = ("seminar", "training", "conference")
    dims = (
        (
            "kind",
            _("By kind"),
            "kind",
            lambda: {k: v for k, v in Event.Kind.choices if k in JointEvents.kinds},
        ),
    )


for _kind, _label in (
    ("seminar", _("Joint seminars held")),
    ("training", _("Joint trainings held")),
    ("conference", _("Joint conferences held")),
    ("campus", _("Campuses held")),
):
    register(
        type(
            f"Events_{_kind}",
            (_Events,),
            {"code": f"events_{_kind}", "label": _label, "kinds": (_kind,)},
        )
    )


class _Registrations(Indicator):
    group = "people"
    unit = pgettext_lazy("unit after a number", "people")
    year = "event__starts_at"
    country = ("person__country",)
    people = "person"

    def base(self, scope):
        return Registration.objects.filter(
            event__in=scope.events(), status=Registration.Status.CONFIRMED
        )


def _registration_groups(scope: Scope) -> list[dict]:
    """The confirmed registrations of the joint events counted by year, country,
    gender, age group and whether the person came (checked in): participants and the
    attendance rate are both read from these groups, in one pass over the registrations."""
    if "registrations" not in scope.memo:
        indicator = REGISTRY["participants"]
        queryset = indicator._with_gender_and_age(indicator.annotated(scope)).annotate(
            _came=Exists(CheckIn.objects.filter(registration=OuterRef("pk")))
        )
        scope.memo["registrations"] = list(  # one row per registration: no DISTINCT
            queryset.values("_y", "_c", "_g", "_a", "_came").annotate(_v=Count("pk")).order_by()
        )
    return scope.memo["registrations"]


@register
class Participants(_Registrations):
    code = "participants"
    label = _("Participants of joint events")
    public = True

    def compute(self, scope, result):
        self._fill_from_groups(_registration_groups(scope), result, [])


@register
class AttendanceRate(_Registrations):
    code = "attendance_rate"
    label = _("Attendance rate at joint events")
    unit = pgettext_lazy("unit", "%")
    kind = "percent"
    people = ""

    def compute(self, scope, result):
        cells = defaultdict(lambda: [0, 0])  # (year, country) -> [registered, came]
        for row in _registration_groups(scope):
            cell = cells[(row["_y"], row["_c"])]
            cell[0] += row["_v"]
            if row["_came"]:
                cell[1] += row["_v"]
        counts = {"all": [0, 0]}
        by_year, by_country = defaultdict(lambda: [0, 0]), defaultdict(lambda: [0, 0])
        for (year, country), pair in cells.items():
            result.by_year_country[(year, country)] = rate(*pair)
            for target in (by_year[year], by_country[country], counts["all"]):
                target[0] += pair[0]
                target[1] += pair[1]
        result.by_year = {year: rate(*by_year[year]) for year in result.years}
        result.by_country = {country: rate(*pair) for country, pair in by_country.items()}
        result.total = rate(*counts["all"])

    def records(self, scope, year, country):
        return (
            super()
            .records(scope, year, country)
            .annotate(attended=Exists(CheckIn.objects.filter(registration=OuterRef("pk"))))
        )


def rate(count: int, part: int) -> Decimal | None:
    """``part`` of ``count`` as a percentage with one decimal (None for nothing)."""
    if not count:
        return None
    return (Decimal(part) * 100 / count).quantize(Decimal("0.1"), ROUND_HALF_UP)


@register
class Certificates(Indicator):
    code = "certificates"
    label = _("Certificates issued")
    unit = pgettext_lazy("unit after a number", "certificates")
    group = "people"
    year = "issued_at"
    country = ("registration__person__country",)
    people = "registration__person"

    def base(self, scope):
        return Certificate.objects.filter(
            registration__event__in=scope.events(), revoked_at__isnull=True
        )


# Campus ----------------------------------------------------------------------------------------
def _campuses(scope: Scope) -> QuerySet[Event]:
    return scope.events().filter(kind=Event.Kind.CAMPUS)


@register
class IdeasSubmitted(Indicator):
    code = "campus_ideas"
    label = _("Campus ideas submitted")
    unit = pgettext_lazy("unit after a number", "ideas")
    group = "campus"
    year = "event__starts_at"
    country = ("author__country",)

    def base(self, scope):
        return Idea.objects.filter(event__in=_campuses(scope))


@register
class IdeasImplemented(IdeasSubmitted):
    code = "campus_ideas_implemented"
    label = _("Campus ideas taken to implementation")

    def base(self, scope):
        return super().base(scope).filter(status=Idea.Status.CHOSEN)


@register
class Teams(Indicator):
    code = "campus_teams"
    label = _("Campus teams")
    unit = pgettext_lazy("unit after a number", "teams")
    group = "campus"
    year = "event__starts_at"
    country = ("created_by__country",)

    def base(self, scope):
        return Team.objects.filter(event__in=_campuses(scope))


@register
class ProjectsJudged(Indicator):
    code = "campus_projects_judged"
    label = _("Campus projects judged")
    unit = pgettext_lazy("unit after a number", "projects")
    group = "campus"
    year = "team__event__starts_at"
    country = ("team__created_by__country",)

    def base(self, scope):
        judged = JudgeAssignment.objects.filter(
            submission=OuterRef("pk"), submitted_at__isnull=False
        )
        return Submission.objects.filter(team__event__in=_campuses(scope)).filter(Exists(judged))


# Brokerage -------------------------------------------------------------------------------------
PROFILE_COUNTRY = ("country", "organisation__country", "person__country")


@register
class MeetingRequests(Indicator):
    code = "meeting_requests"
    label = _("Brokerage meetings requested")
    unit = pgettext_lazy("unit after a number", "requests")
    group = "brokerage"
    year = "created_at"
    country = tuple(f"requester__{path}" for path in PROFILE_COUNTRY)

    def base(self, scope):
        return MeetingRequest.objects.filter(brokerage_day__event__in=_brokerage_events(scope))


def _brokerage_events(scope: Scope) -> QuerySet[Event]:
    """Joint events (any kind) whose brokerage meetings count; held or not, since
    requests are made before the day."""
    events = scope.events()
    # Requests are counted for joint events with a brokerage day, whatever their kind.
    return events


@register
class MeetingsHeld(Indicator):
    code = "meetings_held"
    label = _("Brokerage meetings held")
    unit = pgettext_lazy("unit after a number", "meetings")
    group = "brokerage"
    additive = False  # a meeting counts for the country of each participant
    year = "slot__starts_at"
    country = tuple(f"participations__profile__{path}" for path in PROFILE_COUNTRY)

    def base(self, scope):
        missed = MeetingFeedback.objects.filter(
            meeting=OuterRef("pk"), outcome=MeetingFeedback.Outcome.DID_NOT_TAKE_PLACE
        )
        return Meeting.objects.filter(
            brokerage_day__event__in=_brokerage_events(scope),
            status=Meeting.Status.CONFIRMED,
            slot__starts_at__lte=scope.now,
        ).exclude(Exists(missed))

    def compute(self, scope, result):
        _fill_meetings(result, *_meeting_counts(scope, "_held"))


def _hopeful():
    return Exists(
        MeetingFeedback.objects.filter(
            meeting=OuterRef("pk"), outcome=MeetingFeedback.Outcome.COOPERATION_POSSIBLE
        )
    )


def _meeting_counts(scope: Scope, figure: str) -> tuple[dict, dict]:
    """Meetings held (``_held``) and those with cooperation possible (``_hopeful``),
    counted by year and country and by year, in two queries for both figures."""
    if "meetings" not in scope.memo:
        queryset = REGISTRY["meetings_held"].annotated(scope).annotate(_hope=_hopeful())
        counts = {
            "_held": Count("pk", distinct=True),
            "_hopeful": Count("pk", distinct=True, filter=Q(_hope=True)),
        }
        scope.memo["meetings"] = (
            list(queryset.values("_y", "_c").annotate(**counts).order_by()),
            list(queryset.values("_y").annotate(**counts).order_by()),
        )
    cells, years = scope.memo["meetings"]
    return (
        {(row["_y"], row["_c"]): row[figure] for row in cells if row[figure]},
        {row["_y"]: row[figure] for row in years if row[figure]},
    )


def _fill_meetings(result: KpiResult, cells: dict, years: dict) -> None:
    """A meeting counts once in its year (its slot's) and once for each country of its
    participants: a country's figure is the sum of its years' and the total the sum of
    the years'."""
    result.by_year_country = cells
    result.by_year = {year: years.get(year, 0) for year in result.years}
    by_country = defaultdict(int)
    for (_year, country), count in cells.items():
        by_country[country] += count
    result.by_country = dict(by_country)
    result.total = sum(years.values())


@register
class CooperationPossible(MeetingsHeld):
    code = "cooperation_possible"
    label = _("Meetings with cooperation possible")

    def base(self, scope):
        return super().base(scope).filter(_hopeful())

    def compute(self, scope, result):
        _fill_meetings(result, *_meeting_counts(scope, "_hopeful"))


# Technology transfer ---------------------------------------------------------------------------
PUBLISHED_ONCE = (
    TechnologyProfile.Status.PUBLISHED,
    TechnologyProfile.Status.EXPIRED,
    TechnologyProfile.Status.ARCHIVED,
)


def _profiles(scope: Scope) -> QuerySet[TechnologyProfile]:
    return TechnologyProfile.objects.filter(
        owner__in=scope.community(), status__in=PUBLISHED_ONCE, published_at__isnull=False
    )


@register
class ProfilesPublished(Indicator):
    code = "technology_profiles"
    label = _("Technology profiles published")
    unit = pgettext_lazy("unit after a number", "profiles")
    group = "transfer"
    public = True
    year = "published_at"
    country = ("owner__country",)
    dims = (("type", _("By type"), "type", lambda: dict(TechnologyProfile.Type.choices)),)

    sector = "owner"

    def base(self, scope):
        return _profiles(scope)


@register
class Interests(Indicator):
    code = "expressions_of_interest"
    label = _("Expressions of interest")
    unit = pgettext_lazy("unit after a number", "expressions of interest")
    group = "transfer"
    year = "created_at"
    country = ("company__country",)

    def base(self, scope):
        return ExpressionOfInterest.objects.filter(profile__in=_profiles(scope)).exclude(
            status=ExpressionOfInterest.Status.WITHDRAWN
        )


@register
class DealsSigned(Indicator):
    code = "deals_signed"
    label = _("Technology-transfer deals signed")
    unit = pgettext_lazy("unit after a number", "deals")
    group = "transfer"
    year = "signed_on"
    country = ("profile__owner__country",)
    dims = (("type", _("By type"), "agreement_type", lambda: dict(Deal.AgreementType.choices)),)

    sector = "profile__owner"

    def base(self, scope):
        return Deal.objects.filter(
            profile__owner__in=scope.community(),
            status__in=Deal.SIGNED_STATUSES,
            signed_on__isnull=False,
        )


# Parks -----------------------------------------------------------------------------------------
class _ParkIndicator(Indicator):
    group = "parks"
    scopes = ("partnership", "park")


@register
class Residents(_ParkIndicator):
    """Companies resident at some time of the year (a stock, not a flow: the total is
    the number of different residencies over the years)."""

    code = "resident_companies"
    label = _("Resident companies")
    unit = pgettext_lazy("unit after a number", "companies")
    public = True
    year = "start_date"
    country = ("company__country",)

    def base(self, scope):
        residencies = Residency.objects.filter(
            park__in=scope.parks(), status__in=RESIDENT_STATUSES, start_date__isnull=False
        )
        if scope.public_only:
            residencies = residencies.filter(
                company__is_public=True,
                status__in=(Residency.Status.ACTIVE, Residency.Status.GRADUATED),
            )
        return residencies

    def _spans(self, scope):
        first, last = scope.years[0], scope.years[-1]
        return (
            self.base(scope)
            .filter(start_date__year__lte=last)
            .filter(Q(end_date__isnull=True) | Q(end_date__year__gte=first))
            .annotate(
                _from=ExtractYear("start_date"),
                _to=ExtractYear("end_date"),
                _c=_first_country(*self.country),
            )
        )

    def compute(self, scope, result):
        by_year, by_country = defaultdict(int), defaultdict(int)
        for row in self._spans(scope).values("_from", "_to", "_c").annotate(_v=Count("pk")):
            start = max(row["_from"], scope.years[0])
            end = min(row["_to"] or scope.years[-1], scope.years[-1])
            for year in range(start, end + 1):
                result.by_year_country[(year, row["_c"])] = (
                    result.by_year_country.get((year, row["_c"]), 0) + row["_v"]
                )
                by_year[year] += row["_v"]
            by_country[row["_c"]] += row["_v"]
            result.total += row["_v"]
        result.by_year = {year: by_year[year] for year in result.years}
        result.by_country = dict(by_country)

    def records(self, scope, year, country):
        spans = self._spans(scope)
        if year is not None:
            spans = spans.filter(start_date__year__lte=year).filter(
                Q(end_date__isnull=True) | Q(end_date__year__gte=year)
            )
        if country is not None:
            spans = spans.filter(_c=country)
        return Residency.objects.filter(pk__in=spans.values("pk")).order_by("-start_date", "-pk")


@register
class Graduates(_ParkIndicator):
    code = "graduates"
    label = _("Companies graduated")
    unit = pgettext_lazy("unit after a number", "companies")
    public = True
    year = "end_date"
    country = ("company__country",)

    def base(self, scope):
        graduates = Residency.objects.filter(
            park__in=scope.parks(), status=Residency.Status.GRADUATED, end_date__isnull=False
        )
        if scope.public_only:
            graduates = graduates.filter(company__is_public=True)
        return graduates


@register
class Jobs(_ParkIndicator):
    """Staff of the residents, from their reports to the park (the latest report of the
    year of each company); the country is the park's."""

    code = "jobs"
    label = _("Jobs at resident companies")
    unit = pgettext_lazy("unit after a number", "people")
    has_records = False

    def compute(self, scope, result):
        parks = list(scope.parks().filter(reporting_scheme__isnull=False))
        staff_by_park = resident_staff(parks, result.years)
        by_country = defaultdict(int)
        for park in parks:
            for year in result.years:
                staff = staff_by_park.get((park.pk, year), 0)
                if staff:
                    key = (year, park.country)
                    result.by_year_country[key] = result.by_year_country.get(key, 0) + staff
        by_year = defaultdict(int)
        for (year, country), value in result.by_year_country.items():
            by_year[year] += value
            by_country[country] = max(by_country[country], value)
        result.by_year = {year: by_year[year] for year in result.years}
        result.by_country = {  # the latest year's jobs in each country
            country: next(
                (
                    result.by_year_country.get((year, country), 0)
                    for year in reversed(result.years)
                    if result.by_year_country.get((year, country))
                ),
                0,
            )
            for country in by_country
        }
        result.total = next(
            (result.by_year[year] for year in reversed(result.years) if result.by_year[year]), 0
        )

    def records(self, scope, year, country):
        return Residency.objects.none()


def resident_staff(parks: list[Park], years: list[int]) -> dict[tuple[int, int], int]:
    """(park id, year) -> ``queries.park_indicator_totals(park, year)["staff"]`` (0 when
    absent), for several parks and years in two queries (that function reads every
    figure of one park and year: two queries and the parsing of all the figures for
    each). The same reading: periods that start in the year; a locked period counts with
    its frozen copies, an open one with its submitted reports; staff is a headcount, so
    each company counts with its latest report of the year that gives it."""
    from .models import BY_CODE, Report, ReportingPeriod  # resident reporting: optional

    if not parks:
        return {}
    periods = {
        period.pk: period
        for period in ReportingPeriod.objects.filter(
            park__in=parks, starts_on__year__gte=years[0], starts_on__year__lte=years[-1]
        )
    }
    asked = {  # (park, year) whose periods ask for staff
        (period.park_id, period.starts_on.year)
        for period in periods.values()
        if "staff" in period.indicator_codes
    }
    staff = BY_CODE["staff"]
    latest: dict[tuple[int, int, int], tuple[datetime.date, int]] = {}
    rows = (
        Report.objects.filter(period__in=list(periods))
        .annotate(
            _frozen=ExpressionWrapper(Q(snapshot__isnull=False), output_field=BooleanField()),
            _frozen_staff=KeyTextTransform("staff", KeyTransform("values", "snapshot")),
        )
        .values_list("company_id", "period_id", "status", "_frozen", "_frozen_staff", "staff")
    )
    for company_id, period_id, status, frozen, frozen_staff, column in rows:
        period = periods[period_id]
        if period.is_locked:
            if not frozen:
                continue
            raw = frozen_staff
        elif status == Report.Status.SUBMITTED:
            raw = column if "staff" in period.indicator_codes else None
        else:
            continue
        value = staff.parse(raw)
        if value is None:
            continue
        key = (period.park_id, period.starts_on.year, company_id)
        seen = latest.get(key)
        if seen is None or seen[0] < period.starts_on:
            latest[key] = (period.starts_on, value)
    totals: dict[tuple[int, int], int] = defaultdict(int)
    for (park_id, year, _company), (_start, value) in latest.items():
        if (park_id, year) in asked:
            totals[(park_id, year)] += value
    return dict(totals)


@register
class LabHours(_ParkIndicator):
    code = "lab_hours"
    label = _("Labs utilisation (hours booked)")
    unit = pgettext_lazy("unit after a number", "hours")
    kind = "hours"
    year = "starts_at"
    country = ("organisation__country", "person__country")

    def base(self, scope):
        return Booking.objects.filter(
            resource__facility__park__in=scope.parks(),
            status=Booking.Status.APPROVED,
            ends_at__lte=scope.now,
        )

    def aggregate(self):
        return Sum(ExpressionWrapper(F("ends_at") - F("starts_at"), output_field=DurationField()))


@register
class ParkProjects(_ParkIndicator):
    code = "park_projects"
    label = _("Research and production projects started")
    unit = pgettext_lazy("unit after a number", "projects")
    public = True
    year = "starts_on"
    country = ("lead__country",)
    dims = (("kind", _("By kind"), "kind", lambda: dict(Project.Kind.choices)),)

    def base(self, scope):
        projects = Project.objects.filter(park__in=scope.parks(), starts_on__isnull=False)
        if scope.public_only:
            projects = projects.filter(is_public=True)
        return projects


@register
class DevicesProduced(_ParkIndicator):
    code = "devices_produced"
    label = _("Devices produced")
    unit = pgettext_lazy("unit after a number", "devices")
    public = True
    year = "date"
    country = ("project__lead__country",)

    def base(self, scope):
        outputs = Output.objects.filter(project__park__in=scope.parks(), kind=Output.Kind.DEVICE)
        if scope.public_only:
            outputs = outputs.filter(project__is_public=True)
        return outputs

    def aggregate(self):
        return Sum("quantity")


PARK_CODES = [code for code, ind in REGISTRY.items() if "park" in ind.scopes]

GROUPS = {
    "programmes": _("Programmes"),
    "events": _("Joint events"),
    "people": _("Participants"),
    "campus": _("Campuses"),
    "brokerage": _("Brokerage"),
    "transfer": _("Technology transfer"),
    "parks": _("Parks"),
}


# --- access --------------------------------------------------------------------------------------
def access_level(user, partnership: Partnership) -> str | None:
    """FULL for staff and the parties' admins; PUBLIC for anyone else when the
    partnership is public; None: nothing to see."""
    if is_signed_in(user) and (user.is_staff or is_partnership_party_admin(user, partnership)):
        return FULL
    if partnership.is_public and partnership.status != Partnership.Status.DRAFT:
        return PUBLIC
    return None


def park_access_level(user, park: Park) -> str | None:
    if is_signed_in(user) and (user.is_staff or is_park_manager(user, park)):
        return FULL
    return PUBLIC if park.is_public else None


def default_years(partnership: Partnership | None = None, today: datetime.date | None = None):
    """From the year the memorandum was signed (at most :data:`MAX_YEARS` back, five
    without a date) to this year."""
    this_year = (today or timezone.localdate()).year
    first = this_year - 4
    if partnership is not None and partnership.signed_on:
        first = max(min(partnership.signed_on.year, this_year), this_year - MAX_YEARS + 1)
    return list(range(first, this_year + 1))


def check_years(years) -> list[int]:
    years = sorted({int(year) for year in years})
    if not years or years[-1] - years[0] >= MAX_YEARS or years[0] < 1900:
        raise ValueError("years")
    return list(range(years[0], years[-1] + 1))


# --- computing ---------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _records_path(slug: str, code: str, language, script_prefix, urlconf) -> str:
    """The records page's address (the dashboard links every figure: thousands of
    ``reverse()`` otherwise); the key holds what the address depends on."""
    return reverse("insights:records", args=[slug, code], urlconf=urlconf)


def records_url(partnership: Partnership, code: str, year=None, country=None) -> str:
    url = _records_path(
        partnership.slug, code, get_language(), get_script_prefix(), get_urlconf() or _root()
    )
    query = "&".join(
        f"{name}={value}" for name, value in (("year", year), ("country", country)) if value
    )
    return f"{url}?{query}" if query else url


def _root() -> str:
    from django.conf import settings

    return settings.ROOT_URLCONF


def indicators_for(level: str, scope_kind: str = "partnership") -> list[Indicator]:
    return [
        indicator
        for indicator in REGISTRY.values()
        if scope_kind in indicator.scopes and (level == FULL or indicator.public)
    ]


def compute(indicator: Indicator, scope: Scope) -> KpiResult:
    result = KpiResult(
        code=indicator.code,
        label=str(indicator.label),
        unit=str(indicator.unit),
        group=indicator.group,
        years=scope.years,
        kind=indicator.kind,
        public=indicator.public,
        has_records=indicator.has_records,
    )
    indicator.compute(scope, result)
    return result


def computed(
    indicators: list[Indicator], scope: Scope, key: str, *, fresh: bool, link=None
) -> dict[str, KpiResult]:
    """Every indicator of ``indicators`` computed over ``scope``, kept in the cache for
    ``KORPU_INSIGHTS_CACHE_SECONDS`` under ``key`` (with the language: labels and links
    are translated). A dashboard of five years of two parks takes some 35 aggregate
    queries over hundreds of thousands of rows; people who open it one after the other, or
    page back to it from a figure's records, get the same figures without doing them
    again. ``fresh`` computes anew (and refreshes the cache)."""
    from django.conf import settings
    from django.core.cache import cache

    seconds = getattr(settings, "KORPU_INSIGHTS_CACHE_SECONDS", 0)
    span = f"{scope.years[0]}-{scope.years[-1]}"
    key = f"korpu:insights:kpis:v1:{key}:{scope.level}:{span}:{get_language()}"
    if seconds and not fresh:
        kept = cache.get(key)
        if kept is not None:
            return kept
    now = timezone.now()
    results = {}
    for indicator in indicators:
        result = compute(indicator, scope)
        result.computed_at = now
        if link is not None:
            result.records_url = link(indicator.code)
        results[indicator.code] = result
    if seconds:
        cache.set(key, results, seconds)
    return results


def partnership_kpis(
    partnership: Partnership, viewer, years=None, *, level=None, fresh: bool = False
) -> list[KpiResult]:
    """The partnership's indicators the viewer may see: first one per commitment (in the
    memorandum's order; a commitment no indicator measures yet comes with
    ``measured=False``), then every other indicator. Raises ``PermissionError`` when the
    viewer may see none."""
    level = level or access_level(viewer, partnership)
    if level is None:
        raise PermissionError
    years = check_years(years) if years else default_years(partnership)
    scope = Scope(partnership=partnership, level=level, years=years)
    available = computed(
        indicators_for(level),
        scope,
        f"partnership:{partnership.pk}",
        fresh=fresh,
        link=lambda code: records_url(partnership, code),
    )

    results = []
    for commitment in partnership.commitments.all():
        code = COMMITMENT_INDICATORS.get(commitment.code)
        if code in available:
            base = available[code]
            result = KpiResult(**{**base.__dict__, "breakdowns": base.breakdowns})
        elif code is not None and level == PUBLIC:
            continue  # measured, but not in the public summary
        else:
            result = KpiResult(
                code="",
                label=commitment.text,
                unit=commitment.target_unit,
                group="",
                years=years,
                measured=False,
                has_records=False,
            )
        result.commitment = commitment
        result.target = commitment.target_per_year
        if commitment.target_unit:
            result.unit = commitment.target_unit
        results.append(result)
    results.extend(available.values())
    return results


def park_kpis(
    park: Park, viewer, years=None, *, level=None, fresh: bool = False
) -> list[KpiResult]:
    level = level or park_access_level(viewer, park)
    if level is None:
        raise PermissionError
    years = check_years(years) if years else default_years()
    scope = Scope(park=park, level=level, years=years)
    return list(
        computed(indicators_for(level, "park"), scope, f"park:{park.pk}", fresh=fresh).values()
    )


def partnership_records(
    partnership: Partnership, viewer, code: str, *, year=None, country=None, level=None
) -> QuerySet:
    """The records behind one figure, for a viewer allowed to see the indicator.
    ``LookupError`` for an unknown or hidden indicator or one without records."""
    level = level or access_level(viewer, partnership)
    if level is None:
        raise PermissionError
    indicator = REGISTRY.get(code)
    if indicator is None or indicator not in indicators_for(level) or not indicator.has_records:
        raise LookupError(code)
    years = [year] if year else default_years(partnership)
    if year and not check_years([year]):
        raise ValueError("year")
    scope = Scope(partnership=partnership, level=level, years=years)
    return indicator.records(scope, year, country)


def country_label(code: str) -> str:
    return country_name(code) if code else str(_("not given"))
