"""The facilities API under ``/api/v1/facilities/``: the park's labs, equipment and spaces
with their booking rules and free times; one's own bookings (make, cancel); the monthly
usage of a facility for its managers.

It follows the conventions of the whole API (:mod:`korpu.directory.api`): reads accept a
token, the browser session or nobody; what is one's own and every write need a token or
a signed-in session with CSRF. A facility the park keeps private, and anything in it,
answers 404 to visitors exactly like something that does not exist; the usage of a
facility answers 403 to people who do not manage it.

Bookings go through :func:`korpu.facilities.services.book`, under the resources' locks,
with every rule of the page. A refused booking answers 422 with the reason and its code
(``past``, ``outside_hours``, ``qualification``, ``closed``, ``week_limit``, …), or 409
for a conflict with the current state: ``taken`` (the time was booked first),
``already_booked`` (you already hold it). Nothing is written on a refusal.

Times are sent as ISO 8601 with an offset (``2026-05-04T09:00+04:00``) and answered in
the time zone of the resource's park.
"""

import datetime
import json
from decimal import Decimal
from typing import Annotated
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import WithJsonSchema, field_validator

from korpu.directory import queries as directory_queries
from korpu.directory.api import (
    AUTH_REQUIRED,
    WRITE_AUTH,
    Filters,
    ObjectId,
    OrganisationRef,
    PageNumber,
    ParkRef,
    _translations_schema,
    invalid_input,
    refused,
    translations,
    viewer,
)
from korpu.directory.models import Organisation

from . import queries, services, usage
from . import rules as perms
from .models import Booking, Facility, Project, Resource

router = Router(tags=["facilities"])

SLUG = r"^[-a-zA-Z0-9_]+$"
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
# An availability request covers at most this many days (a month and a bit).
AVAILABILITY_MAX_DAYS = 31
AVAILABILITY_DEFAULT_DAYS = 7
MOMENT_LENGTH = 40
MOMENT_EXAMPLE = "2026-05-04T09:00+04:00"
YEARS = (2000, 2200)
UTC = datetime.UTC


def _no_nul(value):
    """PostgreSQL refuses NUL characters in text: they never mean anything here."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    return value


def _zone(resource: Resource) -> ZoneInfo:
    return services.zone_of(resource)


def _local(moment: datetime.datetime | None, resource: Resource):
    return services.local(moment, resource) if moment is not None else None


def _money(value) -> str | None:
    return None if value is None else str(Decimal(value).quantize(Decimal("0.01")))


# --- schemas: what is shown -----------------------------------------------------------------
class FacilityRef(Schema):
    slug: str
    name: str = Field(description="In the language of the request.")


class ResourceRef(Schema):
    id: int
    slug: str
    name: str = Field(description="In the language of the request.")


class ProjectRef(Schema):
    slug: str
    title: str


class FacilityOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request.")
    kind: Facility.Kind
    kind_label: str
    description: str
    location: str
    park: ParkRef
    time_zone: str = Field(description="The park's; opening hours are local times there.")
    is_public: bool = Field(description="Whether visitors see its resources and free times.")
    resources: int = Field(description="Resources that can be seen (not retired).")
    url: str = Field(description="The facility's page.")

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_time_zone(obj):
        return obj.park.time_zone

    @staticmethod
    def resolve_resources(obj):
        return getattr(obj, "resource_count", 0)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ResourceOut(Schema):
    id: int
    slug: str
    name: str = Field(description="In the language of the request.")
    kind: Resource.Kind
    kind_label: str
    status: Resource.Status
    status_label: str
    facility: FacilityRef
    park: ParkRef
    time_zone: str
    location: str
    capacity: int = Field(description="How many bookings may overlap.")
    is_bookable: bool = Field(description="False: only the facility managers book it.")
    requires_approval: bool
    qualification: str | None = Field(description="The qualification needed to book it.")
    url: str = Field(description="The resource's page.")

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_park(obj):
        return obj.facility.park

    @staticmethod
    def resolve_time_zone(obj):
        return obj.facility.park.time_zone

    @staticmethod
    def resolve_qualification(obj):
        return obj.required_qualification.name if obj.required_qualification else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class TrainingOut(Schema):
    id: int
    title: str
    starts_at: datetime.datetime
    url: str


class QualificationOut(Schema):
    name: str
    description: str
    next_training: TrainingOut | None = Field(
        description="The next published training whose certificate grants it."
    )


class PricesOut(Schema):
    """Price per hour by user category; null is free of charge for that category."""

    resident: str | None = Field(description="Companies resident in the park.")
    partner: str | None = Field(description="The park's operator and its partners.")
    external: str | None = Field(description="Everyone else.")
    currency: str


ResourceTranslations = _translations_schema("FacilityResource", ("name", "description"))


# A wall-clock time without a UTC offset: "09:00:00". (JSON Schema's format "time" is
# RFC 3339's full-time, which must carry an offset.)
LocalTime = Annotated[
    datetime.time,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?$",
            "examples": ["09:00:00"],
        }
    ),
]


class ResourceDetailOut(ResourceOut):
    description: str
    manufacturer: str
    model: str
    slot_minutes: int | None = Field(
        description="Bookings start and end on slots of this length from opening; null: free times."
    )
    opens_at: LocalTime = Field(description="Local time.")
    closes_at: LocalTime = Field(description="Local time; 00:00 is midnight.")
    open_weekdays: list[int] = Field(description="Monday is 0, Sunday is 6; empty: every day.")
    opening_hours: str = Field(description="The same, in words.")
    min_minutes: int = Field(description="Shortest booking.")
    max_minutes: int = Field(description="Longest booking.")
    min_notice_minutes: int = Field(description="How long before the start one may book.")
    max_days_ahead: int = Field(description="How far ahead one may book.")
    max_hours_per_week_person: int | None
    max_hours_per_week_company: int | None
    no_show_minutes: int | None = Field(
        description="A booking not checked in within this time is released."
    )
    required_qualification: QualificationOut | None
    prices: PricesOut
    linked_resources: list[ResourceRef] = Field(description="Booked together with this one.")
    translations: ResourceTranslations = Field(description="The texts as entered per language.")

    @staticmethod
    def resolve_open_weekdays(obj):
        return sorted(day for day in obj.open_weekdays or [] if isinstance(day, int))

    @staticmethod
    def resolve_opening_hours(obj):
        return services.opening_hours_text(obj)

    @staticmethod
    def resolve_required_qualification(obj):
        qualification = obj.required_qualification
        if qualification is None:
            return None
        training = services.next_training(qualification)
        return {
            "name": qualification.name,
            "description": qualification.description,
            "next_training": None
            if training is None
            else {
                "id": training.pk,
                "title": training.title,
                "starts_at": timezone.localtime(training.starts_at, ZoneInfo(training.time_zone)),
                "url": training.get_absolute_url(),
            },
        }

    @staticmethod
    def resolve_prices(obj):
        return {
            "resident": _money(obj.price_resident),
            "partner": _money(obj.price_partner),
            "external": _money(obj.price_external),
            "currency": obj.currency,
        }

    @staticmethod
    def resolve_linked_resources(obj):
        return obj.linked_resources.all()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("name", "description"))


class IntervalOut(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class BusyOut(IntervalOut):
    kind: str = Field(
        description="booking, pending (awaiting approval), mine (yours), offer (offered to "
        "someone on the waiting list) or closure (maintenance, closed, holiday)."
    )
    status: str = Field(description="The booking's status, or the closure's kind.")
    label: str = Field(description="Who booked is named only to the facility managers.")
    detail: str = Field(
        description="A closure's reason; a booking's purpose for you and the managers."
    )
    booking: int | None = Field(description="The booking's id.")


class AvailabilityOut(Schema):
    resource: ResourceRef
    time_zone: str
    starts_at: datetime.datetime = Field(description="The start of the period asked for.")
    ends_at: datetime.datetime = Field(description="The end of the period asked for.")
    opening_hours: str
    status: Resource.Status = Field(description="Out of service: nothing is free.")
    free: list[IntervalOut] = Field(
        description="From now on: open, in service, not closed, with room left (and the "
        "resources booked together with it free too). Slots, notice and length limits "
        "still apply when booking."
    )
    busy: list[BusyOut] = Field(description="Bookings, offers and closures in the period.")


class LinkedBookingOut(Schema):
    id: int
    resource: ResourceRef
    status: Booking.Status


class BookingOut(Schema):
    id: int
    resource: ResourceRef
    facility: FacilityRef
    time_zone: str
    starts_at: datetime.datetime = Field(description="In the park's time zone.")
    ends_at: datetime.datetime
    status: Booking.Status
    status_label: str
    purpose: str
    organisation: OrganisationRef | None = Field(description="Charged to.")
    project: ProjectRef | None
    price_category: Booking.PriceCategory
    hourly_price: str | None = Field(description="Null: free of charge.")
    currency: str
    cost: str | None = Field(description="Price of the booked time; null: free of charge.")
    checked_in_at: datetime.datetime | None
    checked_out_at: datetime.datetime | None
    decision_note: str
    series: int | None = Field(description="The weekly booking it belongs to.")
    linked: list[LinkedBookingOut] = Field(description="Resources booked together with it.")
    created_at: datetime.datetime
    cancelled_at: datetime.datetime | None
    url: str = Field(description="Your bookings' page.")

    @staticmethod
    def resolve_facility(obj):
        return obj.resource.facility

    @staticmethod
    def resolve_time_zone(obj):
        return obj.resource.facility.park.time_zone

    @staticmethod
    def resolve_starts_at(obj):
        return _local(obj.starts_at, obj.resource)

    @staticmethod
    def resolve_ends_at(obj):
        return _local(obj.ends_at, obj.resource)

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_hourly_price(obj):
        return _money(obj.hourly_price)

    @staticmethod
    def resolve_cost(obj):
        return _money(obj.cost)

    @staticmethod
    def resolve_checked_in_at(obj):
        return _local(obj.checked_in_at, obj.resource)

    @staticmethod
    def resolve_checked_out_at(obj):
        return _local(obj.checked_out_at, obj.resource)

    @staticmethod
    def resolve_series(obj):
        return obj.series_id

    @staticmethod
    def resolve_linked(obj):
        return obj.linked_bookings.all()

    @staticmethod
    def resolve_url(obj):
        return reverse("facilities:my_bookings")


class PersonRef(Schema):
    id: int
    name: str


class UsageBookingOut(Schema):
    id: int
    resource: ResourceRef
    linked_to: int | None = Field(description="The booking it was made together with.")
    person: PersonRef
    organisation: OrganisationRef | None
    project: ProjectRef | None
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: Booking.Status = Field(description="approved, or no_show (released).")
    checked_in_at: datetime.datetime | None = Field(
        description="From the usage log (of the booking it was made with, for a linked one)."
    )
    checked_out_at: datetime.datetime | None
    booked_hours: float | None = Field(description="Null for a no-show.")
    used_hours: float | None = Field(
        description="Check-in to check-out (or to the booked end); null for a no-show."
    )
    price_category: Booking.PriceCategory
    hourly_price: str | None
    currency: str
    cost: str | None = Field(description="Null: free of charge, or a no-show.")


class CostOut(Schema):
    currency: str
    amount: str


class UsageFiguresOut(Schema):
    bookings: int = Field(description="Bookings held (no-shows not included).")
    no_shows: int
    booked_hours: float
    used_hours: float
    cost: list[CostOut] = Field(description="Per currency, never added across currencies.")


class UsageResourceOut(UsageFiguresOut):
    resource: ResourceRef
    capacity: int
    open_hours: float = Field(description="Opening hours in the month minus closures.")
    utilisation: float | None = Field(
        description="Booked hours ÷ (open hours × capacity), 0–1; null if never open."
    )
    used_share: float | None = Field(description="Used hours ÷ (open hours × capacity).")


class UsageCompanyOut(UsageFiguresOut):
    organisation: OrganisationRef | None = Field(description="Null: not charged to a company.")


class UsageProjectOut(UsageFiguresOut):
    project: ProjectRef | None = Field(description="Null: not charged to a project.")


class UsageOut(Schema):
    facility: FacilityRef
    month: str
    time_zone: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    utilisation: float | None = Field(description="Of all the facility's resources, 0–1.")
    totals: UsageFiguresOut
    resources: list[UsageResourceOut]
    companies: list[UsageCompanyOut]
    projects: list[UsageProjectOut]
    bookings: list[UsageBookingOut] = Field(
        description="Every booking that started in the month (park's time) and held its "
        "time, or was released as a no-show; a resource booked together with another is "
        "listed on its own (hours are resource-hours)."
    )


# --- schemas: what is sent ------------------------------------------------------------------
def _moment_field(description: str):
    return Field(
        max_length=MOMENT_LENGTH,
        description=description,
        json_schema_extra={"format": "date-time", "examples": [MOMENT_EXAMPLE]},
    )


class BookingIn(Schema):
    resource: int = Field(description="The resource's id.")
    starts_at: str = _moment_field("ISO 8601 with an offset, e.g. 2026-05-04T09:00+04:00.")
    ends_at: str = _moment_field("ISO 8601 with an offset.")
    organisation: str | None = Field(
        None,
        max_length=80,
        pattern=SLUG,
        description="Short address of the organisation the booking is charged to (one you "
        "belong to); empty: yourself.",
    )
    project: str | None = Field(
        None,
        max_length=80,
        pattern=SLUG,
        description="Short address of the park project it is charged to (one you work on).",
    )
    purpose: str = Field("", max_length=services.PURPOSE_LIMIT)

    _without_nul = field_validator("purpose")(_no_nul)


class CancelFilters(Filters):
    reason: str | None = Field(None, max_length=300, description="Why (told to the person).")


class FacilityFilters(Filters):
    park: str | None = Field(None, max_length=80, description="Park short address.")
    kind: Facility.Kind | None = None


class ResourceFilters(Filters):
    park: str | None = Field(None, max_length=80, description="Park short address.")
    facility: str | None = Field(None, max_length=80, description="Facility short address.")
    kind: Resource.Kind | None = None
    q: str | None = Field(None, max_length=200, description="Words in names and descriptions.")


class AvailabilityFilters(Filters):
    starts_at: str | None = Field(
        None,
        alias="from",
        max_length=MOMENT_LENGTH,
        description="Start of the period: ISO 8601 date or date and time; without an offset "
        "it is the park's local time. Default: today, from midnight.",
    )
    ends_at: str | None = Field(
        None,
        alias="to",
        max_length=MOMENT_LENGTH,
        description=f"End of the period (not included). Default: {AVAILABILITY_DEFAULT_DAYS} "
        f"days after the start; at most {AVAILABILITY_MAX_DAYS} days after it.",
    )


class BookingFilters(Filters):
    when: str | None = Field(
        None,
        pattern="^(upcoming|past|all)$",
        description="upcoming (default: not yet ended, soonest first), past (latest first) or all.",
    )
    status: Booking.Status | None = None
    resource: ObjectId | None = Field(None, description="A resource's id.")


class UsageFilters(Filters):
    month: str | None = Field(
        None, pattern=MONTH, description="YYYY-MM, in the park's time zone. Default: this month."
    )


# --- helpers --------------------------------------------------------------------------------
def _object_body(request) -> None:
    """A JSON body that is not an object (``[1]``, ``"x"``) answers 422, not a booking
    made of defaults."""
    try:
        data = json.loads(request.body) if request.body else {}
    except ValueError:
        return  # not JSON at all: django-ninja answers it
    if not isinstance(data, dict):
        raise invalid_input((("body", "payload"), _("Send a JSON object.")))


def _parse_moment(value: str, loc: tuple, *, zone: ZoneInfo | None) -> datetime.datetime:
    """An ISO 8601 date or date and time. Without an offset it is a local time in ``zone``;
    with ``zone`` None an offset is required. Years outside :data:`YEARS` are refused (at
    the ends of Python's calendar, converting to UTC or adding a week overflows)."""
    invalid = invalid_input(
        (loc, _("Enter a date and time like %(example)s.") % {"example": MOMENT_EXAMPLE})
    )
    try:
        moment = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise invalid from None
    if timezone.is_naive(moment):
        if zone is None:
            raise invalid_input((loc, _("Give the start and the end with a time zone.")))
        moment = moment.replace(tzinfo=zone)
    if not (YEARS[0] <= moment.year <= YEARS[1] and YEARS[0] <= moment.astimezone(UTC).year):
        raise invalid
    return moment


def _resource_for(user, resource_id: int) -> Resource | None:
    """The resource if the user may see it, else None: the rule of
    :func:`queries.visible_resources` for one resource, read by primary key (a booking
    rush spends a third of a refusal's time building and planning the list's query
    otherwise). Retired resources are seen by their managers only."""
    resource = (
        Resource.objects.select_related("facility__park", "required_qualification")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None or not perms.can_view_resource(user, resource):
        return None
    if resource.status == Resource.Status.RETIRED and not services.is_manager(user, resource):
        return None
    return resource


def _visible_resource(request, resource_id: int) -> Resource:
    """A resource the caller may see; 404 otherwise, as if it did not exist."""
    resource = _resource_for(viewer(request), resource_id)
    if resource is None:
        raise Http404
    return resource


def _bookings():
    return Booking.objects.select_related(
        "resource__facility__park", "organisation", "project"
    ).prefetch_related(
        Prefetch("linked_bookings", queryset=Booking.objects.select_related("resource"))
    )


def _visible_booking(request, booking_id: int) -> Booking:
    """One's own booking, or one on a resource one manages; 404 otherwise."""
    booking = get_object_or_404(_bookings(), pk=booking_id)
    if not perms.can_view_booking(viewer(request), booking):
        raise Http404
    return booking


def _charged_organisation(request, slug: str | None) -> Organisation | None:
    if not slug:
        return None
    found = directory_queries.visible_organisations(viewer(request)).filter(slug=slug).first()
    if found is None:
        raise invalid_input(
            (("body", "payload", "organisation"), _("There is no such organisation."))
        )
    return found


def _charged_project(request, slug: str | None) -> Project | None:
    if not slug:
        return None
    project = Project.objects.select_related("park", "lead").filter(slug=slug).first()
    if project is None or not perms.can_view_project(viewer(request), project):
        raise invalid_input((("body", "payload", "project"), _("There is no such project.")))
    return project


def _period(resource: Resource, filters: AvailabilityFilters):
    zone = _zone(resource)
    if filters.starts_at:
        begin = _parse_moment(filters.starts_at, ("query", "from"), zone=zone)
    else:
        today = timezone.localtime(timezone.now(), zone).date()
        begin = datetime.datetime.combine(today, datetime.time(0), zone)
    if filters.ends_at:
        end = _parse_moment(filters.ends_at, ("query", "to"), zone=zone)
    else:
        end = begin + datetime.timedelta(days=AVAILABILITY_DEFAULT_DAYS)
    if end <= begin:
        raise invalid_input((("query", "to"), _("The end must be after the start.")))
    if end - begin > datetime.timedelta(days=AVAILABILITY_MAX_DAYS):
        raise invalid_input(
            (
                ("query", "to"),
                _("Ask for at most %(days)s days at a time.") % {"days": AVAILABILITY_MAX_DAYS},
            )
        )
    return begin, end


def _busy(resource: Resource, begin, end, user) -> list[dict]:
    """What takes time in [begin, end): the entries of the resource's calendar (the same
    entries, and the same discretion about who booked, as the calendar page), each once
    with its whole times (the calendar cuts an entry at midnight into one piece a day:
    only the first piece within the days asked for is kept)."""
    zone = _zone(resource)
    first = timezone.localtime(begin, zone).date()
    last = timezone.localtime(end, zone).date()
    days = queries.resource_week(
        resource, week_start=first, viewer=user, days=(last - first).days + 1
    )
    busy = []
    for day in days:
        for entry in day.entries:
            whole = entry.whole_starts_at is not None
            if whole and entry.starts_at != entry.whole_starts_at and day.date != first:
                continue  # the rest of an entry already taken from an earlier day
            starts_at = entry.whole_starts_at if whole else entry.starts_at
            ends_at = entry.whole_ends_at if whole else entry.ends_at
            if ends_at <= begin or starts_at >= end:
                continue
            busy.append(
                {
                    "starts_at": timezone.localtime(starts_at, zone),
                    "ends_at": timezone.localtime(ends_at, zone),
                    "kind": entry.kind,
                    "status": entry.status,
                    "label": str(entry.label),
                    "detail": entry.detail,
                    "booking": entry.booking_id,
                }
            )
    busy.sort(key=lambda item: (item["starts_at"], item["ends_at"], item["kind"]))
    return busy


# --- facilities and resources -----------------------------------------------------------------
@router.get(
    "/facilities",
    response=list[FacilityOut],
    summary="Facilities: labs, workshops, test halls, spaces",
    description="Visitors see the facilities the park makes public.",
)
@paginate(PageNumber)
def list_facilities(request, filters: Query[FacilityFilters]):
    facilities = queries.visible_facilities(viewer(request)).select_related("park")
    if filters.park:
        facilities = facilities.filter(park__slug=filters.park)
    if filters.kind:
        facilities = facilities.filter(kind=filters.kind)
    return facilities.annotate(
        resource_count=Count(
            "resources", filter=~Q(resources__status=Resource.Status.RETIRED), distinct=True
        )
    ).order_by("park__slug", "name", "pk")


@router.get(
    "/facilities/resources",
    response=list[ResourceOut],
    summary="Resources: instruments, machines, rooms, desks",
    description="Visitors see the resources of facilities the park makes public.",
)
@paginate(PageNumber)
def list_resources(request, filters: Query[ResourceFilters]):
    resources = queries.visible_resources(viewer(request), kind=filters.kind, text=filters.q)
    if filters.park:
        resources = resources.filter(facility__park__slug=filters.park)
    if filters.facility:
        resources = resources.filter(facility__slug=filters.facility)
    return resources


@router.get(
    "/facilities/resources/{int:resource_id}",
    response=ResourceDetailOut,
    summary="One resource with its booking rules and prices",
)
def get_resource(request, resource_id: int):
    resource = _visible_resource(request, resource_id)
    return resource


@router.get(
    "/facilities/resources/{int:resource_id}/availability",
    response=AvailabilityOut,
    summary="When a resource is free and what takes its time",
    description="Free intervals (open, not closed, room left) and busy ones: bookings, "
    "offers to the waiting list, maintenance windows and closures. At most "
    f"{AVAILABILITY_MAX_DAYS} days per request.",
)
def availability(request, resource_id: int, filters: Query[AvailabilityFilters]):
    resource = _visible_resource(request, resource_id)
    begin, end = _period(resource, filters)
    zone = _zone(resource)
    free = [
        {"starts_at": timezone.localtime(a, zone), "ends_at": timezone.localtime(b, zone)}
        for a, b in queries.free_intervals(resource, max(begin, timezone.now()), end)
    ]
    return {
        "resource": resource,
        "time_zone": resource.facility.park.time_zone,
        "starts_at": timezone.localtime(begin, zone),
        "ends_at": timezone.localtime(end, zone),
        "opening_hours": services.opening_hours_text(resource),
        "status": resource.status,
        "free": free,
        "busy": _busy(resource, begin, end, viewer(request)),
    }


# --- my bookings -----------------------------------------------------------------------------
@router.get(
    "/facilities/bookings",
    response=list[BookingOut],
    auth=AUTH_REQUIRED,
    summary="My bookings",
    description="Resources booked together with another are listed inside it (``linked``).",
)
@paginate(PageNumber)
def list_bookings(request, filters: Query[BookingFilters]):
    bookings = _bookings().filter(person=viewer(request), linked_to__isnull=True)
    when = filters.when or "upcoming"
    now = timezone.now()
    if when == "upcoming":
        bookings = bookings.filter(ends_at__gt=now).order_by("starts_at", "pk")
    elif when == "past":
        bookings = bookings.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    else:
        bookings = bookings.order_by("starts_at", "pk")
    if filters.status:
        bookings = bookings.filter(status=filters.status)
    if filters.resource:
        bookings = bookings.filter(resource_id=filters.resource)
    return bookings


@router.get(
    "/facilities/bookings/{int:booking_id}",
    response=BookingOut,
    auth=AUTH_REQUIRED,
    summary="One booking (yours, or on a resource you manage)",
)
def get_booking(request, booking_id: int):
    return _visible_booking(request, booking_id)


@router.post(
    "/facilities/bookings",
    response={201: BookingOut},
    auth=WRITE_AUTH,
    summary="Book a resource",
    description="Books the resource and the resources booked together with it. The answer "
    "is the booking: ``approved`` (booked) or ``pending`` (awaiting the managers' "
    "approval). Refusals: 422 with the reason and its code (``past``, ``notice``, "
    "``too_far_ahead``, ``too_short``, ``too_long``, ``outside_hours``, ``slot``, "
    "``qualification``, ``out_of_service``, ``closed``, ``week_limit``, ``payer``, "
    "``project``, ``not_bookable``, ``invalid_time``); 409 ``taken`` when the time was "
    "booked first, 409 ``already_booked`` when you already hold it.",
)
def create_booking(request, payload: BookingIn):
    _object_body(request)
    user = viewer(request)
    resource = _resource_for(user, payload.resource)
    if resource is None:
        raise invalid_input((("body", "payload", "resource"), _("There is no such resource.")))
    starts_at = _parse_moment(payload.starts_at, ("body", "payload", "starts_at"), zone=None)
    ends_at = _parse_moment(payload.ends_at, ("body", "payload", "ends_at"), zone=None)
    organisation = _charged_organisation(request, payload.organisation)
    project = _charged_project(request, payload.project)
    try:
        booking = services.book(
            actor=user,
            resource=resource,
            starts_at=starts_at,
            ends_at=ends_at,
            organisation=organisation,
            project=project,
            purpose=payload.purpose,
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _bookings().get(pk=booking.pk))


@router.delete(
    "/facilities/bookings/{int:booking_id}",
    response=BookingOut,
    auth=WRITE_AUTH,
    summary="Cancel a booking",
    description="Yours, before it starts; facility managers may cancel any booking on "
    "their resources, with a ``reason`` told to the person. The resources booked together "
    "are cancelled with it (the answer is the booking they were made with). The time "
    "freed is offered to the waiting list. Refusals: 422 ``started``, ``not_active``.",
)
def cancel_booking(request, booking_id: int, filters: Query[CancelFilters]):
    booking = _visible_booking(request, booking_id)
    try:
        cancelled = services.cancel(
            actor=viewer(request), booking=booking, reason=filters.reason or ""
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _bookings().get(pk=cancelled.pk)


# --- usage (managers) ------------------------------------------------------------------------
def _figures(row) -> dict:
    return {
        "bookings": row.bookings,
        "no_shows": row.no_shows,
        "booked_hours": float(row.booked_hours),
        "used_hours": float(row.used_hours),
        "cost": [
            {"currency": currency, "amount": _money(row.costs[currency])}
            for currency in sorted(row.costs)
        ],
    }


def _share(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _usage_booking(booking: Booking, zone: ZoneInfo, now) -> dict:
    counted = booking.status == Booking.Status.APPROVED
    log = booking.linked_to if booking.linked_to_id else booking
    return {
        "id": booking.pk,
        "resource": booking.resource,
        "linked_to": booking.linked_to_id,
        "person": {"id": booking.person_id, "name": booking.person.full_name},
        "organisation": booking.organisation,
        "project": booking.project,
        "starts_at": timezone.localtime(booking.starts_at, zone),
        "ends_at": timezone.localtime(booking.ends_at, zone),
        "status": booking.status,
        "checked_in_at": log.checked_in_at and timezone.localtime(log.checked_in_at, zone),
        "checked_out_at": log.checked_out_at and timezone.localtime(log.checked_out_at, zone),
        "booked_hours": float(usage.hours((booking.ends_at - booking.starts_at).total_seconds()))
        if counted
        else None,
        "used_hours": float(usage.hours(usage.used_seconds(booking, now))) if counted else None,
        "price_category": booking.price_category,
        "hourly_price": _money(booking.hourly_price),
        "currency": booking.currency,
        "cost": _money(booking.cost) if counted else None,
    }


@router.get(
    "/facilities/{facility_slug}/usage",
    response=UsageOut,
    auth=AUTH_REQUIRED,
    summary="A facility's usage in a month (its managers)",
    description="The usage report of the facility's pages (:mod:`korpu.facilities.usage`): "
    "every booking that started in the month, with check-in and check-out times, hours "
    "booked and used and the cost from the price rules; figures per resource (with "
    "utilisation), per company and per project; costs per currency.",
)
def facility_usage(request, facility_slug: str, filters: Query[UsageFilters]):
    user = viewer(request)
    facility = get_object_or_404(queries.visible_facilities(user), slug=facility_slug)
    if not perms.can_manage_facility(user, facility):
        raise PermissionDenied(_("Only the facility managers see its usage."))
    zone = usage.zone_of_facility(facility)
    month = usage.parse_month(filters.month) if filters.month else usage.current_month(zone)
    if month is None or not usage.month_in_range(month, zone):
        raise invalid_input((("query", "month"), _("Choose a month between 2000 and next year.")))
    report = usage.facility_usage(facility, month=month)
    now = timezone.now()
    return {
        "facility": facility,
        "month": f"{month:%Y-%m}",
        "time_zone": str(zone),
        "starts_at": timezone.localtime(report.starts_at, zone),
        "ends_at": timezone.localtime(report.ends_at, zone),
        "utilisation": _share(report.utilisation),
        "totals": _figures(report.totals),
        "resources": [
            {
                **_figures(row),
                "resource": row.obj,
                "capacity": row.capacity,
                "open_hours": float(row.open_hours),
                "utilisation": _share(row.utilisation),
                "used_share": _share(row.used_share),
            }
            for row in report.resources
        ],
        "companies": [{**_figures(row), "organisation": row.obj} for row in report.companies],
        "projects": [{**_figures(row), "project": row.obj} for row in report.projects],
        "bookings": [_usage_booking(booking, zone, now) for booking in report.bookings],
    }
