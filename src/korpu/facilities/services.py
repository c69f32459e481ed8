"""Every write about the park's resources: bookings (single and weekly), approval,
cancellation, the waiting list for a taken time, check-in and check-out, no-shows,
maintenance windows and closures, incidents, and qualifications granted or revoked by
facility managers. Projects are written in :mod:`korpu.facilities.projects`.

Keyword-only functions; one transaction each; an audit entry; mail written to the outbox
in the same transaction. A refused change raises ``ValidationError`` with a translated
message and a code (see ``REFUSALS``) and writes nothing; acting on someone else's
booking raises ``PermissionDenied``.

Never double-booked. A booking is checked and inserted in one transaction under row
locks on the resources it uses (the resource and the resources booked together with it,
taken in ascending id so two bookings never wait for each other in opposite orders).
Pending and approved bookings, and a waiting-list offer still open, hold their time: at
no moment may more of them overlap than the resource's capacity. ``BOOKING_LOCK`` is the
switch the concurrency tests turn off to show the race the lock prevents.
"""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from korpu.common import audit
from korpu.common.locking import bound_lock_wait
from korpu.common.notify import send_templated_mail
from korpu.directory.models import (
    Organisation,
    Person,
    Qualification,
    QualificationGrant,
    Residency,
)
from korpu.events.services import person_language
from korpu.webhooks import services as webhooks

from . import rules as perms
from .models import (
    Booking,
    BookingSeries,
    Closure,
    Facility,
    Incident,
    Project,
    Resource,
    WaitingEntry,
)

logger = logging.getLogger(__name__)

Status = Booking.Status
HOLDING = [Status.PENDING, Status.APPROVED]

# The control switch of the concurrency tests: with it off the race is shown to happen.
BOOKING_LOCK = True
LOCK_TIMEOUT = "10s"
# Someone offered a freed time may take it for this long (or until it starts).
OFFER_HOURS = 4
# Check-in opens this long before the booked start.
CHECK_IN_EARLY = datetime.timedelta(minutes=15)
# Weekly bookings run for at most a year.
SERIES_MAX_WEEKS = 52
PURPOSE_LIMIT = 300

# Refusals a weekly booking may skip (the time is not available that week); any other
# refusal (no qualification, a rule broken by every occurrence) refuses the whole series.
SKIPPABLE = {"taken", "closed", "out_of_service", "week_limit", "already_booked"}


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def zone_of(resource: Resource) -> ZoneInfo:
    return ZoneInfo(resource.facility.park.time_zone or settings.TIME_ZONE)


def local(moment: datetime.datetime, resource: Resource) -> datetime.datetime:
    return timezone.localtime(moment, zone_of(resource))


class _Later:
    """A value a mail template renders when it is drawn: inside the recipient's language,
    so dates are formatted and links are prefixed in that language, not the actor's."""

    def __init__(self, make, *args):
        self.make, self.args = make, args

    def __str__(self) -> str:
        return str(self.make(*self.args))


def _format_when(moment: datetime.datetime, resource: Resource) -> str:
    return formats.date_format(local(moment, resource), "DATETIME_FORMAT")


def _when(moment: datetime.datetime, resource: Resource) -> str:
    """The time in the park's zone, formatted in the active language (for messages)."""
    return _format_when(moment, resource)


def _mail_when(moment: datetime.datetime, resource: Resource) -> _Later:
    return _Later(_format_when, moment, resource)


def _site_link(name: str, *args) -> str:
    return settings.KORPU_SITE_URL + reverse(f"facilities:{name}", args=args)


def _link(name: str, *args) -> _Later:
    return _Later(_site_link, name, *args)


def _utc(moment):
    return moment.astimezone(datetime.UTC) if isinstance(moment, datetime.datetime) else moment


def _mail(person: Person, template: str, **context) -> None:
    send_templated_mail(
        to=person.email,
        template=f"facilities/email/{template}",
        context={"person": person, "site_url": settings.KORPU_SITE_URL, **context},
        language=person_language(person),
    )


def _lock_timeout() -> None:
    bound_lock_wait(LOCK_TIMEOUT, what="facility locks")


def lock_resources(ids) -> dict[int, Resource]:
    """Resources re-read under row locks taken in ascending id."""
    _lock_timeout()
    query = (
        Resource.objects.filter(pk__in=sorted(set(ids)))
        .select_related("facility__park", "required_qualification")
        .order_by("pk")
    )
    if BOOKING_LOCK:
        query = query.select_for_update(of=("self",))
    return {resource.pk: resource for resource in query}


def is_manager(actor, resource: Resource) -> bool:
    return actor is not None and perms.can_manage_resource(actor, resource)


# --- who pays what -------------------------------------------------------------------------
def price_category(organisation: Organisation | None, resource: Resource) -> str:
    """Residents of the park, partners of the park's operator (parties to a partnership
    with it, or to the partnership that established the park), or everyone else."""
    park = resource.facility.park
    if organisation is None:
        return Booking.PriceCategory.EXTERNAL
    if Residency.objects.filter(company=organisation, park=park, status="active").exists():
        return Booking.PriceCategory.RESIDENT
    partnerships = Q(partnership_links__partnership__parties=park.operator)
    if park.established_by_id:
        partnerships |= Q(partnership_links__partnership_id=park.established_by_id)
    if (
        organisation.pk == park.operator_id
        or Organisation.objects.filter(
            partnerships, pk=organisation.pk, partnership_links__partnership__status="active"
        ).exists()
    ):
        return Booking.PriceCategory.PARTNER
    return Booking.PriceCategory.EXTERNAL


def hourly_price(resource: Resource, category: str) -> Decimal | None:
    return getattr(resource, f"price_{category}")


# --- the rules of one resource ---------------------------------------------------------------
def opening_window(resource: Resource, day: datetime.date):
    """The opening hours on a local date as aware datetimes (None when closed that day).
    A closing time of 00:00 means midnight at the end of the day."""
    if resource.open_weekdays and day.weekday() not in resource.open_weekdays:
        return None
    zone = zone_of(resource)
    opens = datetime.datetime.combine(day, resource.opens_at, tzinfo=zone)
    if resource.closes_at == datetime.time(0, 0):
        closes = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(0), zone)
    else:
        closes = datetime.datetime.combine(day, resource.closes_at, tzinfo=zone)
    return opens, closes


def _check_times(resource: Resource, starts_at, ends_at, *, now, by_manager: bool) -> None:
    """The rules that depend only on the resource and the time asked for."""
    if ends_at <= starts_at:
        _refuse(_("The end must be after the start."), "invalid_time")
    if starts_at < now:
        _refuse(_("This time has already begun or passed; choose a time in the future."), "past")
    minutes = (ends_at - starts_at).total_seconds() / 60
    if not by_manager:
        if starts_at < now + datetime.timedelta(minutes=resource.min_notice_minutes):
            _refuse(
                _("%(resource)s must be booked at least %(minutes)s minutes ahead.")
                % {"resource": resource, "minutes": resource.min_notice_minutes},
                "notice",
            )
        if starts_at > now + datetime.timedelta(days=resource.max_days_ahead):
            _refuse(
                _("%(resource)s can be booked at most %(days)s days ahead.")
                % {"resource": resource, "days": resource.max_days_ahead},
                "too_far_ahead",
            )
        if minutes < resource.min_minutes:
            _refuse(
                _("A booking of %(resource)s lasts at least %(minutes)s minutes.")
                % {"resource": resource, "minutes": resource.min_minutes},
                "too_short",
            )
        if minutes > resource.max_minutes:
            _refuse(
                _("A booking of %(resource)s lasts at most %(minutes)s minutes.")
                % {"resource": resource, "minutes": resource.max_minutes},
                "too_long",
            )
    start_local = local(starts_at, resource)
    window = opening_window(resource, start_local.date())
    if window is None or not (window[0] <= starts_at and ends_at <= window[1]):
        _refuse(
            _("%(resource)s is open %(hours)s; the booking must fit within them.")
            % {"resource": resource, "hours": opening_hours_text(resource)},
            "outside_hours",
        )
    if resource.slot_minutes:
        offset = (starts_at - window[0]).total_seconds() / 60
        if offset % resource.slot_minutes or minutes % resource.slot_minutes:
            _refuse(
                _(
                    "%(resource)s is booked in slots of %(minutes)s minutes counted from "
                    "%(opens)s; choose a start and an end on them."
                )
                % {
                    "resource": resource,
                    "minutes": resource.slot_minutes,
                    "opens": formats.time_format(resource.opens_at, "TIME_FORMAT"),
                },
                "slot",
            )


def opening_hours_text(resource: Resource) -> str:
    """E.g. "Mon–Fri, 8 a.m.–6 p.m." or "every day, 8 a.m.–8 p.m." in the active language."""
    days = sorted(set(resource.open_weekdays or range(7)))

    def name(day: int) -> str:
        return formats.date_format(datetime.date(2024, 1, 1 + day), "D")  # 1 Jan 2024: Monday

    if len(days) == 7:
        names = _("every day")
    else:
        runs, run = [], [days[0]]
        for day in days[1:]:
            if day == run[-1] + 1:
                run.append(day)
            else:
                runs.append(run)
                run = [day]
        runs.append(run)
        names = ", ".join(
            f"{name(run[0])}–{name(run[-1])}" if len(run) > 2 else ", ".join(map(name, run))
            for run in runs
        )
    return _("%(days)s, %(opens)s–%(closes)s") % {
        "days": names,
        "opens": formats.time_format(resource.opens_at, "TIME_FORMAT"),
        "closes": formats.time_format(resource.closes_at, "TIME_FORMAT"),
    }


def next_training(qualification: Qualification):
    """The next published training whose certificate grants the qualification."""
    from korpu.events.models import Event

    return (
        Event.objects.filter(
            grants_qualification=qualification,
            status=Event.Status.PUBLISHED,
            starts_at__gt=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )


def holds_qualification(person: Person, qualification: Qualification, at) -> bool:
    return QualificationGrant.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=at),
        person=person,
        qualification=qualification,
        revoked_at__isnull=True,
        granted_at__lte=max(at, timezone.now()),
    ).exists()


def _check_qualification(resource: Resource, person: Person, starts_at) -> None:
    """Refuses without the resource's qualification valid at the start, naming the
    training whose certificate grants it and its next session."""
    qualification = resource.required_qualification
    if qualification is None or holds_qualification(person, qualification, starts_at):
        return
    values = {"resource": resource, "qualification": qualification}
    lapsed = (
        QualificationGrant.objects.filter(person=person, qualification=qualification)
        .order_by("-granted_at")
        .first()
    )
    if lapsed is not None and lapsed.revoked_at is not None:
        why = (
            _(
                "Booking %(resource)s needs the “%(qualification)s” qualification; yours has "
                "been revoked."
            )
            % values
        )
    elif lapsed is not None and lapsed.expires_at is not None:
        why = _(
            "Booking %(resource)s needs the “%(qualification)s” qualification; yours is no "
            "longer valid then (it expires %(date)s)."
        ) % {**values, "date": formats.date_format(local(lapsed.expires_at, resource))}
    else:
        why = _("Booking %(resource)s needs the “%(qualification)s” qualification.") % values
    training = next_training(qualification)
    if training is None:
        how = _("Ask the facility managers when the next training takes place.")
    else:
        how = _(
            "Take the training “%(training)s” (next session %(date)s); its certificate grants it."
        ) % {
            "training": training.title,
            "date": formats.date_format(
                timezone.localtime(training.starts_at, ZoneInfo(training.time_zone)),
                "DATE_FORMAT",
            ),
        }
    _refuse(f"{why} {how}", "qualification")


def _closure_over(resource: Resource, starts_at, ends_at) -> Closure | None:
    return (
        Closure.objects.filter(
            Q(resource=resource) | Q(resource__isnull=True, facility_id=resource.facility_id),
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .order_by("starts_at")
        .first()
    )


def peak_overlap(intervals, starts_at, ends_at) -> int:
    """The largest number of the intervals that overlap at one moment of [start, end)."""
    edges = []
    for begin, end in intervals:
        begin, end = max(begin, starts_at), min(end, ends_at)
        if begin < end:
            edges.append((begin, 1))
            edges.append((end, -1))
    # Ends sort before starts at the same moment: back-to-back bookings do not overlap.
    edges.sort(key=lambda edge: (edge[0], edge[1]))
    peak = current = 0
    for _moment, step in edges:
        current += step
        peak = max(peak, current)
    return peak


def _holds(
    resource: Resource, starts_at, ends_at, *, exclude_booking=None, except_person=None, now=None
):
    """The intervals of what holds time on the resource around [start, end): bookings
    pending or approved, and waiting-list offers still open (except the person's own)."""
    now = now or timezone.now()
    bookings = Booking.objects.filter(
        resource=resource, status__in=HOLDING, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if exclude_booking is not None:
        bookings = bookings.exclude(pk=exclude_booking)
    offers = WaitingEntry.objects.filter(
        resource=resource,
        status=WaitingEntry.Status.OFFERED,
        offer_expires_at__gt=now,
        starts_at__lt=ends_at,
        ends_at__gt=starts_at,
    )
    if except_person is not None:
        offers = offers.exclude(person=except_person)
    return list(bookings.values_list("starts_at", "ends_at")) + list(
        offers.values_list("starts_at", "ends_at")
    )


def _check_free(
    resource: Resource, person, starts_at, ends_at, *, exclude_booking=None, now=None
) -> None:
    if resource.status != Resource.Status.IN_SERVICE:
        _refuse(
            _("%(resource)s is out of service and cannot be booked.") % {"resource": resource},
            "out_of_service",
        )
    closure = _closure_over(resource, starts_at, ends_at)
    if closure is not None:
        _refuse(
            _("%(resource)s is closed then (%(kind)s, %(start)s – %(end)s).")
            % {
                "resource": resource,
                "kind": closure.get_kind_display(),
                "start": _when(closure.starts_at, resource),
                "end": _when(closure.ends_at, resource),
            },
            "closed",
        )
    if (
        person is not None
        and Booking.objects.filter(
            resource=resource,
            person=person,
            status__in=HOLDING,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .exclude(pk=exclude_booking)
        .exists()
    ):
        _refuse(
            _("You have already booked %(resource)s at this time.") % {"resource": resource},
            "already_booked",
        )
    holds = _holds(
        resource,
        starts_at,
        ends_at,
        exclude_booking=exclude_booking,
        except_person=person,
        now=now,
    )
    if peak_overlap(holds, starts_at, ends_at) >= resource.capacity:
        _refuse(_("%(resource)s is already booked at this time.") % {"resource": resource}, "taken")


def _week_bounds(resource: Resource, starts_at):
    start_local = local(starts_at, resource)
    monday = start_local.date() - datetime.timedelta(days=start_local.weekday())
    zone = zone_of(resource)
    begin = datetime.datetime.combine(monday, datetime.time(0), zone)
    return begin, datetime.datetime.combine(
        monday + datetime.timedelta(days=7), datetime.time(0), zone
    )


def _booked_hours(bookings, begin, end) -> float:
    """Hours of the bookings that fall within [begin, end)."""
    return (
        sum(
            max(0.0, (min(stop, end) - max(start, begin)).total_seconds())
            for start, stop in bookings
        )
        / 3600
    )


def _check_week_limits(resource, person, organisation, starts_at, ends_at, *, exclude=None):
    if not (resource.max_hours_per_week_person or resource.max_hours_per_week_company):
        return
    begin, end = _week_bounds(resource, starts_at)
    week = Booking.objects.filter(
        resource=resource, status__in=HOLDING, starts_at__lt=end, ends_at__gt=begin
    ).exclude(pk=exclude)
    hours = _booked_hours([(starts_at, ends_at)], begin, end)
    limit = resource.max_hours_per_week_person
    if limit and person is not None:
        used = _booked_hours(
            week.filter(person=person).values_list("starts_at", "ends_at"), begin, end
        )
        if used + hours > limit:
            _refuse(
                _(
                    "%(resource)s may be booked for at most %(limit)s hours a week per "
                    "person; you have %(used)s hours that week."
                )
                % {"resource": resource, "limit": limit, "used": formats.number_format(used, 1)},
                "week_limit",
            )
    limit = resource.max_hours_per_week_company
    if limit and organisation is not None:
        used = _booked_hours(
            week.filter(organisation=organisation).values_list("starts_at", "ends_at"), begin, end
        )
        if used + hours > limit:
            _refuse(
                _(
                    "%(resource)s may be booked for at most %(limit)s hours a week per "
                    "company; %(company)s has %(used)s hours that week."
                )
                % {
                    "resource": resource,
                    "limit": limit,
                    "company": organisation,
                    "used": formats.number_format(used, 1),
                },
                "week_limit",
            )


def _check_payer(person: Person, organisation, project) -> None:
    if (
        organisation is not None
        and not person.memberships.filter(organisation=organisation).exists()
    ):
        _refuse(_("You can only charge bookings to an organisation you belong to."), "payer")
    if project is not None and not (
        project.memberships.filter(person=person).exists()
        or person.memberships.filter(organisation_id=project.lead_id).exists()
    ):
        _refuse(_("You can only charge bookings to a project you work on."), "project")
    if project is not None and project.status not in (
        Project.Status.ACTIVE,
        Project.Status.PLANNED,
    ):
        _refuse(
            _("The project “%(project)s” is %(status)s; bookings can no longer be charged to it.")
            % {"project": project, "status": project.get_status_display()},
            "project",
        )


@dataclass
class Request:
    """What is asked for: one resource, one time, on someone's behalf."""

    resource: Resource
    person: Person
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    organisation: Organisation | None = None
    project: object | None = None
    purpose: str = ""
    by_manager: bool = False
    skip_codes: set = field(default_factory=set)


def check_request(request: Request, *, now=None, linked=(), exclude_booking=None) -> None:
    """Every rule in the order a person would want to hear them; raises the first
    refusal. Call it under the resources' locks to rely on its answer."""
    now = now or timezone.now()
    resource = request.resource
    if not resource.is_bookable and not request.by_manager:
        _refuse(
            _("%(resource)s is booked by the facility managers; contact them.")
            % {"resource": resource},
            "not_bookable",
        )
    _check_times(
        resource, request.starts_at, request.ends_at, now=now, by_manager=request.by_manager
    )
    _check_qualification(resource, request.person, request.starts_at)
    for item in [resource, *linked]:
        _check_free(
            item,
            request.person,
            request.starts_at,
            request.ends_at,
            exclude_booking=exclude_booking if item is resource else None,
            now=now,
        )
    if not request.by_manager:
        _check_week_limits(
            resource,
            request.person,
            request.organisation,
            request.starts_at,
            request.ends_at,
            exclude=exclude_booking,
        )


def _insert(request: Request, linked, *, series=None, status=None) -> Booking:
    resource = request.resource
    category = price_category(request.organisation, resource)
    if status is None:
        status = (
            Status.PENDING
            if resource.requires_approval and not request.by_manager
            else Status.APPROVED
        )
    main = Booking.objects.create(
        resource=resource,
        person=request.person,
        organisation=request.organisation,
        project=request.project,
        series=series,
        starts_at=request.starts_at,
        ends_at=request.ends_at,
        status=status,
        purpose=request.purpose,
        price_category=category,
        hourly_price=hourly_price(resource, category),
        currency=resource.currency,
    )
    for item in linked:
        Booking.objects.create(
            resource=item,
            person=request.person,
            organisation=request.organisation,
            project=request.project,
            series=series,
            linked_to=main,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
            status=status,
            purpose=request.purpose,
            price_category=category,
            hourly_price=hourly_price(item, category),
            currency=item.currency,
        )
    webhooks.booking_made(main)
    return main


def _validated_request(
    actor, resource, starts_at, ends_at, organisation, project, purpose, person=None
) -> Request:
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to book."))
    by_manager = is_manager(actor, resource)
    person = person or actor
    if person.pk != actor.pk and not by_manager:
        raise PermissionDenied(_("Only the facility managers may book for someone else."))
    purpose = (purpose or "").strip()
    if len(purpose) > PURPOSE_LIMIT:
        _refuse(
            _("Keep the purpose under %(limit)s characters.") % {"limit": PURPOSE_LIMIT},
            "too_long_text",
        )
    for moment in (starts_at, ends_at):
        if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
            _refuse(
                _("Give the start and the end as dates with times and a time zone."),
                "invalid_time",
            )
    _check_payer(person, organisation, project)
    return Request(
        resource=resource,
        person=person,
        # Arithmetic in UTC: a difference between two times of one zone would be the
        # wall-clock difference, an hour off across a daylight-saving change.
        starts_at=_utc(starts_at),
        ends_at=_utc(ends_at),
        organisation=organisation,
        project=project,
        purpose=purpose,
        by_manager=by_manager,
    )


def _lock_for(resource: Resource):
    """Lock the resource and the resources booked together with it; return them fresh."""
    linked_ids = list(resource.linked_resources.values_list("pk", flat=True))
    locked = lock_resources([resource.pk, *linked_ids])
    return locked[resource.pk], [locked[pk] for pk in linked_ids if pk in locked]


def _notify_booked(booking: Booking) -> None:
    template = "booking_pending" if booking.status == Status.PENDING else "booking_confirmed"
    _mail(
        booking.person,
        template,
        booking=booking,
        when=_mail_when(booking.starts_at, booking.resource),
        link=_link("my_bookings"),
    )
    if booking.status == Status.PENDING:
        for manager in _managers(booking.resource.facility):
            _mail(
                manager,
                "booking_to_approve",
                booking=booking,
                when=_mail_when(booking.starts_at, booking.resource),
                link=_link("approvals", booking.resource.facility.slug),
            )


def _managers(facility: Facility):
    park_managers = Person.objects.filter(
        memberships__organisation_id=facility.park.operator_id,
        memberships__role__in=("manager", "admin"),
    )
    return list((facility.managers.all() | park_managers).distinct())


def book(
    *,
    actor,
    resource: Resource,
    starts_at,
    ends_at,
    organisation=None,
    project=None,
    purpose: str = "",
    person=None,
) -> Booking:
    """Book a time on a resource (and the resources booked together with it)."""
    request = _validated_request(
        actor, resource, starts_at, ends_at, organisation, project, purpose, person
    )
    with transaction.atomic():
        request.resource, linked = _lock_for(resource)
        check_request(request, linked=linked)
        booking = _insert(request, linked)
        audit.record(
            actor=actor,
            action="facilities.booking.create",
            obj=booking,
            changes=_booking_changes(booking),
        )
        _notify_booked(booking)
    return booking


def _booking_changes(booking: Booking) -> dict:
    return {
        "person": [None, booking.person_id],
        "starts_at": [None, booking.starts_at.isoformat()],
        "ends_at": [None, booking.ends_at.isoformat()],
        "status": [None, booking.status],
        "linked": [None, list(booking.linked_bookings.values_list("pk", flat=True))],
    }


@dataclass
class SeriesResult:
    series: BookingSeries
    bookings: list
    skipped: list  # [{"starts_at": datetime, "reason": str, "code": str}]


def book_weekly(
    *,
    actor,
    resource: Resource,
    starts_at,
    ends_at,
    until: datetime.date,
    skip_conflicts: bool = True,
    organisation=None,
    project=None,
    purpose: str = "",
    person=None,
) -> SeriesResult:
    """Book the same time every week until a date. Occurrences whose time is not
    available (taken, closed for maintenance, over the week's limit) are skipped and
    reported when ``skip_conflicts``; otherwise any of them refuses the whole series."""
    request = _validated_request(
        actor, resource, starts_at, ends_at, organisation, project, purpose, person
    )
    if isinstance(until, datetime.datetime):
        until = local(until, resource).date()
    if not isinstance(until, datetime.date):
        _refuse(_("Give the date of the last week."), "invalid_until")
    start_local = local(starts_at, resource)
    if until < start_local.date():
        _refuse(_("The last week must not be before the first booking."), "invalid_until")
    weeks = (until - start_local.date()).days // 7 + 1
    if weeks > SERIES_MAX_WEEKS:
        _refuse(
            _("A weekly booking runs for at most %(weeks)s weeks.") % {"weeks": SERIES_MAX_WEEKS},
            "invalid_until",
        )
    # Occurrences keep the local wall-clock time across daylight-saving changes.
    zone = zone_of(resource)
    end_local = local(ends_at, resource)
    occurrences = []
    for week in range(weeks):
        shift = datetime.timedelta(weeks=week)
        begin = datetime.datetime.combine(start_local.date() + shift, start_local.time(), zone)
        end = datetime.datetime.combine(end_local.date() + shift, end_local.time(), zone)
        occurrences.append((_utc(begin), _utc(end)))
    with transaction.atomic():
        request.resource, linked = _lock_for(resource)
        series = BookingSeries.objects.create(
            resource=request.resource,
            person=request.person,
            first_starts_at=request.starts_at,
            duration_minutes=int((request.ends_at - request.starts_at).total_seconds() // 60),
            until=until,
        )
        bookings, skipped = [], []
        for begin, end in occurrences:
            occurrence = Request(**{**request.__dict__, "starts_at": begin, "ends_at": end})
            try:
                check_request(occurrence, linked=linked)
            except ValidationError as error:
                code = error.error_list[0].code
                if code not in SKIPPABLE:
                    raise
                skipped.append({"starts_at": begin, "reason": error.messages[0], "code": code})
                continue
            bookings.append(_insert(occurrence, linked, series=series))
        if skipped and not skip_conflicts:
            _refuse(
                ngettext(
                    "%(count)s week is not available: %(weeks)s",
                    "%(count)s weeks are not available: %(weeks)s",
                    len(skipped),
                )
                % {
                    "count": len(skipped),
                    "weeks": "; ".join(
                        f"{_when(item['starts_at'], resource)}: {item['reason']}"
                        for item in skipped
                    ),
                },
                "taken",
            )
        if not bookings:
            _refuse(_("None of the weeks is available; nothing was booked."), "taken")
        # Kept in the park's local time (what the person chose), e.g. 2027-03-29T10:00:00+02:00.
        series.skipped = [
            {**item, "starts_at": local(item["starts_at"], resource).isoformat()}
            for item in skipped
        ]
        series.save(update_fields=["skipped"])
        audit.record(
            actor=actor,
            action="facilities.series.create",
            obj=series,
            changes={"booked": [None, len(bookings)], "skipped": [None, len(skipped)]},
        )
        _mail(
            request.person,
            "series_booked",
            series=series,
            resource=request.resource,
            bookings=bookings,
            skipped=[
                {"when": _mail_when(item["starts_at"], resource), "reason": item["reason"]}
                for item in skipped
            ],
            pending=bookings[0].status == Status.PENDING,
            link=_link("my_bookings"),
        )
    return SeriesResult(series=series, bookings=bookings, skipped=skipped)


# --- approval, cancellation and the waiting list ---------------------------------------------
def _main_of(booking: Booking) -> Booking:
    """A booking of a linked resource stands for the booking it was made with: deciding,
    cancelling or checking in acts on them together."""
    if booking.linked_to_id:
        return Booking.objects.select_related("resource__facility__park", "person").get(
            pk=booking.linked_to_id
        )
    return booking


def _lock_booking(booking_id: int) -> Booking:
    """Lock the resources used by a booking and the bookings made with it (and those
    linked to its resource now); return the booking re-read."""
    _lock_timeout()
    booking = Booking.objects.select_related("resource").get(pk=booking_id)
    ids = {booking.resource_id, *booking.resource.linked_resources.values_list("pk", flat=True)}
    ids.update(booking.linked_bookings.values_list("resource_id", flat=True))
    lock_resources(ids)
    return Booking.objects.select_related("resource__facility__park", "person").get(pk=booking_id)


def _manages_any(actor, *bookings) -> bool:
    return any(is_manager(actor, booking.resource) for booking in bookings)


def _is_own(actor, booking: Booking) -> bool:
    return actor is not None and actor.is_authenticated and booking.person_id == actor.pk


def decide(*, actor, booking: Booking, approve: bool, note: str = "") -> Booking:
    """A facility manager approves or declines a pending booking (with the bookings made
    together with it). A declined booking frees its time for the waiting list."""
    main = _main_of(booking)
    if not _manages_any(actor, main, booking):
        raise PermissionDenied(_("Only the facility managers may approve bookings."))
    note = (note or "").strip()
    with transaction.atomic():
        booking = _lock_booking(main.pk)
        if booking.status != Status.PENDING:
            _refuse(_("This booking is no longer awaiting approval."), "not_pending")
        if not approve and not note:
            _refuse(_("Say why the booking is declined."), "reason_needed")
        now = timezone.now()
        new_status = Status.APPROVED if approve else Status.DECLINED
        group = [booking, *booking.linked_bookings.filter(status=Status.PENDING)]
        Booking.objects.filter(pk__in=[item.pk for item in group]).update(
            status=new_status, decided_by=actor, decided_at=now, decision_note=note[:500]
        )
        booking.refresh_from_db()
        audit.record(
            actor=actor,
            action="facilities.booking.approve" if approve else "facilities.booking.decline",
            obj=booking,
            changes={"status": [Status.PENDING, new_status], "note": [None, note[:500]]},
        )
        _mail(
            booking.person,
            "booking_approved" if approve else "booking_declined",
            booking=booking,
            when=_mail_when(booking.starts_at, booking.resource),
            link=_link("my_bookings"),
        )
        if not approve:
            for item in group:
                begin = max(item.starts_at, now)
                if begin < item.ends_at:
                    offer_freed_time(
                        resource=item.resource, starts_at=begin, ends_at=item.ends_at, now=now
                    )
    return booking


def cancel(*, actor, booking: Booking, reason: str = "") -> Booking:
    """The person cancels before the booking starts; facility managers at any time.
    Cancelling cancels the bookings made together with it and offers the freed time to
    those waiting for it."""
    main = _main_of(booking)
    manager = _manages_any(actor, main, booking)
    if not (manager or _is_own(actor, main)):
        raise PermissionDenied(_("You can only cancel your own bookings."))
    reason = (reason or "").strip()[:300]
    with transaction.atomic():
        booking = _lock_booking(main.pk)
        if booking.status not in HOLDING:
            _refuse(_("This booking is not active."), "not_active")
        now = timezone.now()
        if booking.starts_at <= now and not manager:
            _refuse(_("A booking that has begun cannot be cancelled."), "started")
        before = booking.status
        _release(booking, Status.CANCELLED, now)
        audit.record(
            actor=actor,
            action="facilities.booking.cancel",
            obj=booking,
            changes={"status": [before, Status.CANCELLED], "reason": [None, reason]},
        )
        if booking.person_id != getattr(actor, "pk", None):
            _mail(
                booking.person,
                "booking_cancelled",
                booking=booking,
                when=_mail_when(booking.starts_at, booking.resource),
                reason=reason,
                link=_link("my_bookings"),
            )
    return booking


def _release(booking: Booking, status: str, now) -> None:
    """End a booking's hold (and its linked bookings'), then offer the time freed."""
    group = [booking, *booking.linked_bookings.filter(status__in=HOLDING)]
    Booking.objects.filter(pk__in=[item.pk for item in group]).update(
        status=status, cancelled_at=now
    )
    booking.status, booking.cancelled_at = status, now
    for item in group:
        begin = max(item.starts_at, now)
        if begin < item.ends_at:
            offer_freed_time(resource=item.resource, starts_at=begin, ends_at=item.ends_at, now=now)


def join_waiting_list(
    *, actor, resource: Resource, starts_at, ends_at, organisation=None, project=None
) -> WaitingEntry:
    """Wait for a time that is taken: allowed only when taken is the one reason the
    booking would be refused."""
    request = _validated_request(actor, resource, starts_at, ends_at, organisation, project, "")
    with transaction.atomic():
        request.resource, linked = _lock_for(resource)
        try:
            check_request(request, linked=linked)
        except ValidationError as error:
            if error.error_list[0].code != "taken":
                raise
        else:
            _refuse(_("This time is free: book it directly."), "free")
        if WaitingEntry.objects.filter(
            resource=resource,
            person=request.person,
            starts_at=request.starts_at,
            status__in=[WaitingEntry.Status.WAITING, WaitingEntry.Status.OFFERED],
        ).exists():
            _refuse(_("You are already waiting for this time."), "already_waiting")
        entry = WaitingEntry.objects.create(
            resource=resource,
            person=request.person,
            organisation=organisation,
            project=project,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
        )
        audit.record(actor=actor, action="facilities.waiting.join", obj=entry)
    return entry


def offer_freed_time(*, resource: Resource, starts_at, ends_at, now=None) -> list[WaitingEntry]:
    """Offer freed time to those waiting for it, first come first served: each entry
    overlapping the freed time, in order, is offered if its whole time is now free (in
    service, not closed, capacity left counting the offers just made) and still far
    enough ahead to be booked. Runs inside the transaction that freed the time (under
    the resource's lock)."""
    now = now or timezone.now()
    if resource.status != Resource.Status.IN_SERVICE:
        return []
    notice = datetime.timedelta(minutes=resource.min_notice_minutes)
    offered = []
    waiting = (
        WaitingEntry.objects.filter(
            resource=resource,
            status=WaitingEntry.Status.WAITING,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
            starts_at__gt=now + notice,
        )
        .select_related("person", "resource__facility__park")
        .order_by("created_at", "pk")
    )
    for entry in waiting:
        if _closure_over(resource, entry.starts_at, entry.ends_at) is not None:
            continue
        holds = _holds(resource, entry.starts_at, entry.ends_at, now=now)
        if peak_overlap(holds, entry.starts_at, entry.ends_at) >= resource.capacity:
            continue
        entry.status = WaitingEntry.Status.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = min(
            entry.starts_at - notice, now + datetime.timedelta(hours=OFFER_HOURS)
        )
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        offered.append(entry)
        audit.record(actor=None, action="facilities.waiting.offer", obj=entry)
        _mail(
            entry.person,
            "waiting_offer",
            entry=entry,
            when=_mail_when(entry.starts_at, resource),
            until=_mail_when(entry.offer_expires_at, resource),
            link=_link("my_bookings"),
        )
    return offered


def take_offer(*, actor, entry: WaitingEntry) -> Booking:
    """The person offered a freed time books it (all the usual rules apply)."""
    if not _is_own(actor, entry):
        raise PermissionDenied(_("This offer is someone else's."))
    request = _validated_request(
        actor, entry.resource, entry.starts_at, entry.ends_at, entry.organisation, entry.project, ""
    )
    with transaction.atomic():
        request.resource, linked = _lock_for(entry.resource)
        entry = WaitingEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status != WaitingEntry.Status.OFFERED or entry.offer_expires_at <= timezone.now():
            _refuse(_("This offer is no longer open."), "offer_closed")
        check_request(request, linked=linked)
        booking = _insert(request, linked)
        entry.status, entry.booking = WaitingEntry.Status.BOOKED, booking
        entry.save(update_fields=["status", "booking"])
        audit.record(
            actor=actor,
            action="facilities.waiting.book",
            obj=booking,
            changes={**_booking_changes(booking), "waiting_entry": [None, entry.pk]},
        )
        _notify_booked(booking)
    return booking


def leave_waiting_list(*, actor, entry: WaitingEntry) -> WaitingEntry:
    """Leave the waiting list (or decline an offer: the time goes to the next one)."""
    if not _is_own(actor, entry):
        raise PermissionDenied(_("This is someone else's place in the waiting list."))
    with transaction.atomic():
        entry_resource, _linked = _lock_for(entry.resource)
        entry = WaitingEntry.objects.get(pk=entry.pk)
        if entry.status not in (WaitingEntry.Status.WAITING, WaitingEntry.Status.OFFERED):
            _refuse(_("You are no longer on this waiting list."), "not_waiting")
        was_offered = entry.status == WaitingEntry.Status.OFFERED
        entry.status = WaitingEntry.Status.CANCELLED
        entry.save(update_fields=["status"])
        audit.record(actor=actor, action="facilities.waiting.leave", obj=entry)
        if was_offered:
            offer_freed_time(
                resource=entry_resource, starts_at=entry.starts_at, ends_at=entry.ends_at
            )
    return entry


def expire_offers(*, now=None) -> int:
    """Offers not taken in time lapse; the time goes to the next one waiting."""
    now = now or timezone.now()
    count = 0
    for entry_id in WaitingEntry.objects.filter(
        status=WaitingEntry.Status.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            entry = WaitingEntry.objects.select_related("resource").get(pk=entry_id)
            resource, _linked = _lock_for(entry.resource)
            entry = WaitingEntry.objects.get(pk=entry_id)
            if entry.status != WaitingEntry.Status.OFFERED:
                continue
            entry.status = WaitingEntry.Status.EXPIRED
            entry.save(update_fields=["status"])
            audit.record(actor=None, action="facilities.waiting.expire", obj=entry)
            begin = max(entry.starts_at, now)
            if begin < entry.ends_at:
                offer_freed_time(resource=resource, starts_at=begin, ends_at=entry.ends_at, now=now)
            count += 1
    return count


# --- on the day -----------------------------------------------------------------------------------
def check_in(*, actor, booking: Booking, at=None) -> Booking:
    """The person (or a facility manager) records the actual start of use, for the
    booking and the bookings made with it."""
    main = _main_of(booking)
    if not (_manages_any(actor, main, booking) or _is_own(actor, main)):
        raise PermissionDenied(_("You can only check in to your own bookings."))
    at = at or timezone.now()
    with transaction.atomic():
        _lock_timeout()
        booking = Booking.objects.select_for_update().select_related("resource").get(pk=main.pk)
        if booking.status != Status.APPROVED:
            _refuse(_("Only a confirmed booking can be checked in."), "not_active")
        if booking.checked_in_at is not None:
            _refuse(_("You have already checked in to this booking."), "already_checked_in")
        if at < booking.starts_at - CHECK_IN_EARLY or at >= booking.ends_at:
            _refuse(
                _(
                    "Check-in opens %(minutes)s minutes before the start (%(start)s) and "
                    "closes at the end of the booking."
                )
                % {
                    "minutes": int(CHECK_IN_EARLY.total_seconds() // 60),
                    "start": _when(booking.starts_at, booking.resource),
                },
                "check_in_time",
            )
        booking.checked_in_at = at
        booking.save(update_fields=["checked_in_at"])
        booking.linked_bookings.filter(status=Status.APPROVED, checked_in_at__isnull=True).update(
            checked_in_at=at
        )
        audit.record(
            actor=actor,
            action="facilities.booking.check_in",
            obj=booking,
            changes={"checked_in_at": [None, at.isoformat()]},
        )
    return booking


def check_out(*, actor, booking: Booking, at=None) -> Booking:
    """The end of use (for the booking and the bookings made with it)."""
    main = _main_of(booking)
    if not (_manages_any(actor, main, booking) or _is_own(actor, main)):
        raise PermissionDenied(_("You can only check out of your own bookings."))
    at = at or timezone.now()
    with transaction.atomic():
        _lock_timeout()
        booking = Booking.objects.select_for_update().get(pk=main.pk)
        if booking.checked_in_at is None:
            _refuse(_("Check in first."), "not_checked_in")
        if booking.checked_out_at is not None:
            _refuse(_("You have already checked out of this booking."), "already_checked_out")
        booking.checked_out_at = max(at, booking.checked_in_at)
        booking.save(update_fields=["checked_out_at"])
        booking.linked_bookings.filter(
            checked_in_at__isnull=False, checked_out_at__isnull=True
        ).update(checked_out_at=booking.checked_out_at)
        audit.record(
            actor=actor,
            action="facilities.booking.check_out",
            obj=booking,
            changes={"checked_out_at": [None, booking.checked_out_at.isoformat()]},
        )
    return booking


def release_no_shows(*, now=None) -> int:
    """Bookings not checked in within the resource's no-show time are released (counted
    as no-shows); what is left of their time goes to the waiting list. Only bookings
    still under way: a booking that has ended is past releasing (and turning on the rule
    for a resource must not rewrite its history)."""
    now = now or timezone.now()
    candidates = Booking.objects.filter(
        status=Status.APPROVED,
        checked_in_at__isnull=True,
        linked_to__isnull=True,
        resource__no_show_minutes__isnull=False,
        starts_at__lte=now,
        ends_at__gt=now,
    ).select_related("resource")
    count = 0
    for candidate in candidates:
        if (
            candidate.starts_at + datetime.timedelta(minutes=candidate.resource.no_show_minutes)
            > now
        ):
            continue
        with transaction.atomic():
            booking = _lock_booking(candidate.pk)
            if booking.status != Status.APPROVED or booking.checked_in_at is not None:
                continue
            _release(booking, Status.NO_SHOW, now)
            audit.record(
                actor=None,
                action="facilities.booking.no_show",
                obj=booking,
                changes={"status": [Status.APPROVED, Status.NO_SHOW]},
            )
            _mail(
                booking.person,
                "booking_no_show",
                booking=booking,
                when=_mail_when(booking.starts_at, booking.resource),
                link=_link("my_bookings"),
            )
            count += 1
    return count


# A reminder goes out this long before a booking made at least this long before it.
REMINDER_AHEAD = datetime.timedelta(hours=24)
REMINDER_ACTION = "facilities.booking.remind"


def send_reminders(*, now=None) -> int:
    """Remind people of their confirmed bookings starting within a day, once each (the
    audit entry written with the mail marks it sent). Bookings made less than a day
    ahead get none: the confirmation is reminder enough."""
    from django.contrib.contenttypes.models import ContentType

    from korpu.common.models import AuditEntry

    now = now or timezone.now()
    due = list(
        Booking.objects.filter(
            status=Status.APPROVED,
            linked_to__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_AHEAD,
        ).select_related("resource__facility__park", "person")
    )
    due = [booking for booking in due if booking.created_at <= booking.starts_at - REMINDER_AHEAD]
    if not due:
        return 0
    booking_type = ContentType.objects.get_for_model(Booking)
    sent_ids = set(
        AuditEntry.objects.filter(
            action=REMINDER_ACTION,
            content_type=booking_type,
            object_id__in=[str(booking.pk) for booking in due],
        ).values_list("object_id", flat=True)
    )
    count = 0
    for booking in due:
        if str(booking.pk) in sent_ids:
            continue
        with transaction.atomic():
            _lock_timeout()
            # One tick at a time per booking: the second finds the first one's entry.
            Booking.objects.select_for_update().filter(pk=booking.pk).values_list("pk").get()
            if AuditEntry.objects.filter(
                action=REMINDER_ACTION, content_type=booking_type, object_id=str(booking.pk)
            ).exists():
                continue
            audit.record(actor=None, action=REMINDER_ACTION, obj=booking)
            _mail(
                booking.person,
                "booking_reminder",
                booking=booking,
                when=_mail_when(booking.starts_at, booking.resource),
                link=_link("my_bookings"),
            )
        count += 1
    return count


# --- closures and incidents ---------------------------------------------------------------
def add_closure(
    *, actor, facility: Facility, resource=None, kind: str, starts_at, ends_at, reason: str = ""
) -> tuple[Closure, list[Booking]]:
    """Close a resource (or the whole facility) for a time. Bookings still to come or
    under way in that time are cancelled (with the bookings made together with them) and
    their people told why; the time is not offered to the waiting list."""
    if not perms.can_manage_facility(actor, facility):
        raise PermissionDenied(_("Only the facility managers may close resources."))
    if resource is not None and resource.facility_id != facility.pk:
        _refuse(_("This resource belongs to another facility."), "invalid")
    for moment in (starts_at, ends_at):
        if not isinstance(moment, datetime.datetime) or timezone.is_naive(moment):
            _refuse(
                _("Give the start and the end as dates with times and a time zone."),
                "invalid_time",
            )
    if ends_at <= starts_at:
        _refuse(_("The end must be after the start."), "invalid_time")
    if kind not in Closure.Kind.values:
        _refuse(_("Choose what kind of closure this is."), "invalid")
    reason = (reason or "").strip()[:300]
    with transaction.atomic():
        resources = [resource] if resource else list(facility.resources.all())
        ids = [item.pk for item in resources]
        # The resources booked together with these, either way round, are locked too:
        # their bookings are cancelled with them.
        lock_resources(
            {
                *ids,
                *Resource.objects.filter(
                    Q(linked_from__in=ids) | Q(linked_resources__in=ids)
                ).values_list("pk", flat=True),
            }
        )
        now = timezone.now()
        overlapping = Booking.objects.filter(
            resource__in=ids,
            status__in=HOLDING,
            starts_at__lt=ends_at,
            ends_at__gt=max(starts_at, now),
        )
        # A booking of a closed resource made together with one of another resource
        # (the room an instrument stands in) cancels the booking it was made with.
        main_ids = {
            linked_to or pk for pk, linked_to in overlapping.values_list("pk", "linked_to_id")
        }
        closure = Closure.objects.create(
            facility=facility,
            resource=resource,
            kind=kind,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
            created_by=actor,
        )
        affected = list(
            Booking.objects.filter(pk__in=main_ids, status__in=HOLDING)
            .select_related("resource__facility__park", "person")
            .order_by("starts_at", "pk")
        )
        for booking in affected:
            _release(booking, Status.CANCELLED, now)
            _mail(
                booking.person,
                "booking_cancelled",
                booking=booking,
                when=_mail_when(booking.starts_at, booking.resource),
                reason=_Later(_closure_reason, closure),
                link=_link("my_bookings"),
            )
        audit.record(
            actor=actor,
            action="facilities.closure.create",
            obj=closure,
            changes={
                "resource": [None, resource.pk if resource else None],
                "starts_at": [None, starts_at.isoformat()],
                "ends_at": [None, ends_at.isoformat()],
                "cancelled_bookings": [None, [booking.pk for booking in affected]],
            },
        )
    return closure, affected


def _closure_reason(closure: Closure) -> str:
    kind = str(closure.get_kind_display())
    return f"{kind[:1].upper()}{kind[1:]}: {closure.reason}" if closure.reason else kind


def remove_closure(*, actor, closure: Closure) -> None:
    """Reopen the time; those waiting for it are offered what is free."""
    if not perms.can_manage_facility(actor, closure.facility):
        raise PermissionDenied(_("Only the facility managers may change closures."))
    with transaction.atomic():
        resources = (
            [closure.resource] if closure.resource_id else list(closure.facility.resources.all())
        )
        locked = lock_resources([item.pk for item in resources])
        audit.record(
            actor=actor,
            action="facilities.closure.delete",
            obj=closure,
            changes={
                "starts_at": [closure.starts_at.isoformat(), None],
                "ends_at": [closure.ends_at.isoformat(), None],
            },
        )
        starts_at, ends_at = closure.starts_at, closure.ends_at
        closure.delete()
        now = timezone.now()
        if max(starts_at, now) < ends_at:
            for item in locked.values():
                offer_freed_time(
                    resource=item, starts_at=max(starts_at, now), ends_at=ends_at, now=now
                )


def report_incident(
    *, actor, resource: Resource, severity: str, title: str, description: str = "", booking=None
) -> Incident:
    """Anyone who used or manages the resource reports a fault. A high-severity incident
    takes the resource out of service and tells the people with upcoming bookings."""
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to report an incident."))
    if severity not in Incident.Severity.values:
        _refuse(_("Choose the severity."), "invalid")
    title = (title or "").strip()
    if not title:
        _refuse(_("Say what happened."), "invalid")
    if booking is not None and booking.resource_id != resource.pk:
        _refuse(_("This booking is of another resource."), "invalid")
    manager = is_manager(actor, resource)
    if not manager and not Booking.objects.filter(resource=resource, person=actor).exists():
        raise PermissionDenied(
            _("Only people who booked this resource and its managers may report incidents.")
        )
    with transaction.atomic():
        (resource,) = lock_resources([resource.pk]).values()
        incident = Incident.objects.create(
            resource=resource,
            severity=severity,
            title=title[:200],
            description=(description or "").strip(),
            reported_by=actor,
            booking=booking,
            took_out_of_service=severity == Incident.Severity.HIGH
            and resource.status == Resource.Status.IN_SERVICE,
        )
        audit.record(actor=actor, action="facilities.incident.report", obj=incident)
        if incident.took_out_of_service:
            resource.status = Resource.Status.OUT_OF_SERVICE
            resource.save(update_fields=["status", "updated_at"])
            upcoming = Booking.objects.filter(
                resource=resource, status__in=HOLDING, ends_at__gt=timezone.now()
            ).select_related("person")
            for person in {booking.person for booking in upcoming}:
                _mail(
                    person,
                    "resource_out_of_service",
                    resource=resource,
                    incident=incident,
                    link=_link("my_bookings"),
                )
        for manager_person in _managers(resource.facility):
            if manager_person.pk != actor.pk:
                _mail(
                    manager_person,
                    "incident_reported",
                    resource=resource,
                    incident=incident,
                    link=_link("incidents", resource.facility.slug),
                )
    return incident


def resolve_incident(
    *, actor, incident: Incident, resolution: str, back_in_service: bool = True
) -> Incident:
    resource = incident.resource
    if not is_manager(actor, resource):
        raise PermissionDenied(_("Only the facility managers may resolve incidents."))
    if not (resolution or "").strip():
        _refuse(_("Say what was done."), "invalid")
    with transaction.atomic():
        lock_resources([resource.pk])
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if incident.status == Incident.Status.RESOLVED:
            _refuse(_("This incident is already resolved."), "resolved")
        incident.status = Incident.Status.RESOLVED
        incident.resolved_at = timezone.now()
        incident.resolved_by = actor
        incident.resolution = resolution.strip()
        incident.save()
        # Back in service when this incident kept it out (a high one) and no other high
        # incident is still open; a manager who took it out by hand puts it back by hand.
        returned = 0
        if (
            back_in_service
            and (incident.took_out_of_service or incident.severity == Incident.Severity.HIGH)
            and not Incident.objects.filter(
                resource=resource, status=Incident.Status.OPEN, severity=Incident.Severity.HIGH
            ).exists()
        ):
            returned = Resource.objects.filter(
                pk=resource.pk, status=Resource.Status.OUT_OF_SERVICE
            ).update(status=Resource.Status.IN_SERVICE, updated_at=timezone.now())
        audit.record(
            actor=actor,
            action="facilities.incident.resolve",
            obj=incident,
            changes={
                "status": [Incident.Status.OPEN, Incident.Status.RESOLVED],
                "back_in_service": [None, bool(returned)],
            },
        )
    return incident


def set_resource_status(*, actor, resource: Resource, status: str) -> Resource:
    if not is_manager(actor, resource):
        raise PermissionDenied(_("Only the facility managers may change a resource."))
    if status not in Resource.Status.values:
        _refuse(_("Choose a status."), "invalid")
    with transaction.atomic():
        (locked,) = lock_resources([resource.pk]).values()
        before = locked.status
        locked.status = status
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action="facilities.resource.status",
            obj=locked,
            changes={"status": [before, status]},
        )
    return locked


# --- qualifications -------------------------------------------------------------------------------
def may_grant(actor, qualification: Qualification) -> bool:
    """Staff, or a manager of a facility with a resource that needs the qualification."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_staff:
        return True
    return any(
        perms.can_manage_facility(actor, facility)
        for facility in Facility.objects.filter(
            resources__required_qualification=qualification
        ).distinct()
    )


def grant_qualification(
    *, actor, qualification: Qualification, people, expires_at=None, source: str = ""
) -> list[QualificationGrant]:
    """A facility manager grants a qualification (e.g. after supervised practice)."""
    if not may_grant(actor, qualification):
        raise PermissionDenied(_("Only the managers of facilities that need it may grant it."))
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        _refuse(_("The expiry must be in the future."), "invalid_time")
    if expires_at is None and qualification.valid_for_months:
        from korpu.events.checkin import add_months

        expires_at = add_months(now, qualification.valid_for_months)
    people = list(people or [])
    if not people:
        _refuse(_("Choose at least one person."), "invalid")
    with transaction.atomic():
        grants = []
        for person in people:
            if holds_qualification(person, qualification, now):
                continue
            grant = QualificationGrant.objects.create(
                person=person,
                qualification=qualification,
                granted_at=now,
                expires_at=expires_at,
                granted_by=actor,
                source=(source or _("granted by a facility manager"))[:300],
            )
            audit.record(actor=actor, action="facilities.qualification.grant", obj=grant)
            grants.append(grant)
    return grants


def revoke_qualifications(
    *, actor, qualification: Qualification, people=None, reason: str = ""
) -> int:
    """Revoke a qualification in bulk: from the people given, or from everyone."""
    if not may_grant(actor, qualification):
        raise PermissionDenied(_("Only the managers of facilities that need it may revoke it."))
    if not (reason or "").strip():
        _refuse(_("Say why the qualification is revoked."), "reason_needed")
    with transaction.atomic():
        grants = QualificationGrant.objects.select_for_update().filter(
            qualification=qualification, revoked_at__isnull=True
        )
        if people is not None:
            grants = grants.filter(person__in=list(people))
        ids = list(grants.values_list("pk", flat=True))
        QualificationGrant.objects.filter(pk__in=ids).update(revoked_at=timezone.now())
        audit.record(
            actor=actor,
            action="facilities.qualification.revoke",
            obj=qualification,
            changes={"grants": [ids, None], "reason": [None, reason.strip()[:300]]},
        )
    return len(ids)
