"""The labs pages everyone uses: the list of the parks' facilities and resources, a
facility's page, a resource's page (what it is, its rules in plain words, its week
calendar and the booking form), find-a-time across several resources, "My bookings"
(upcoming, past, waiting lists, my week) and the calendar files.

Addresses start with ``/<lang>/labs/``. A facility or resource the visitor may not see
answers 404; booking needs a signed-in person. Every write goes through
:mod:`korpu.facilities.services`: a refusal is shown on the form in the reader's
language and nothing changes.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from korpu.common.views import error_messages, paginate, serve_file
from korpu.directory.models import Park

from .. import calendars, queries, services
from .. import rules as perms
from ..forms import (
    BookingForm,
    FindTimeForm,
    IncidentForm,
    ReasonForm,
    ResourceFilterForm,
    booking_initial,
    my_organisations,
)
from ..models import Booking, BookingSeries, Closure, Incident, Resource
from .common import (
    calendar_response,
    feed_token,
    monday_of,
    own_booking,
    own_entry,
    parse_moment,
    person_id_from_token,
    redirect_target,
    refusal_code,
    today_in,
    visible_facility,
    visible_resource,
    week_from,
)

PER_PAGE = 30
PAST_PER_PAGE = 20
# A free interval longer than this many slots is offered as one piece, not slot by slot.
MAX_SLOT_CHIPS = 16
# A free time picked in the calendar is proposed for this long (within the resource's
# shortest and longest booking).
PROPOSED_MINUTES = 60
# A free time that begins at an odd moment (now) is proposed from the next quarter hour.
ROUND_START = datetime.timedelta(minutes=15)
FIND_LIMIT = 10


def _language() -> str:
    return translation.get_language() or "en"


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return ngettext("%(count)s minute", "%(count)s minutes", rest) % {"count": rest}
    if not rest:
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}


# --- the list -------------------------------------------------------------------------------
def index(request):
    facilities = queries.visible_facilities(request.user)
    parks = list(Park.objects.filter(facilities__in=facilities.values("pk")).distinct())
    form = ResourceFilterForm(request.GET or None, parks=parks)
    filters = form.filters()
    park = next((p for p in parks if p.slug == filters.get("park")), None)
    resources = queries.visible_resources(
        request.user, park=park, kind=filters.get("kind"), text=filters.get("q")
    )
    if park is not None:
        facilities = facilities.filter(park=park)
    page = paginate(request, resources, per_page=PER_PAGE)
    context = {
        "form": form,
        "filtered": bool(filters),
        "page": page,
        "rows": [price_row(resource) for resource in page.object_list],
        "facilities": list(facilities.order_by("park__name", "name")),
        "managed": list(queries.managed_facilities(request.user).values_list("slug", flat=True)),
        "clear_url": reverse("facilities:index"),
    }
    template = "facilities/index.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@dataclass
class PriceRow:
    resource: Resource
    prices: list = field(default_factory=list)  # [(category label, price or None)]

    @property
    def free_of_charge(self) -> bool:
        return all(price is None for _label, price in self.prices)


def price_row(resource: Resource) -> PriceRow:
    labels = dict(Booking.PriceCategory.choices)
    return PriceRow(
        resource=resource,
        prices=[
            (labels[category], services.hourly_price(resource, category))
            for category in Booking.PriceCategory.values
        ],
    )


# --- a facility ------------------------------------------------------------------------------
def facility_page(request, slug):
    facility = visible_facility(request, slug)
    resources = queries.visible_resources(request.user, facility=facility)
    is_manager = perms.can_manage_facility(request.user, facility)
    now = timezone.now()
    closures = Closure.objects.filter(facility=facility, ends_at__gt=now).select_related(
        "resource"
    )[:20]
    context = {
        "facility": facility,
        "rows": [price_row(resource) for resource in resources],
        "is_manager": is_manager,
        "closures": closures,
        "zone": facility.park.time_zone or settings.TIME_ZONE,
        "find_url": reverse("facilities:find_a_time")
        + "?"
        + urlencode([("resources", r.pk) for r in resources if r.is_bookable]),
        "pending": queries.pending_approvals(facility).count() if is_manager else 0,
        "open_incidents": Incident.objects.filter(
            resource__facility=facility, status=Incident.Status.OPEN
        ).count()
        if is_manager
        else 0,
        "current": "facility",
    }
    return render(request, "facilities/facility.html", context)


# --- a resource: rules in plain words -------------------------------------------------------
def rules_in_words(resource: Resource) -> list[str]:
    lines = []
    if resource.slot_minutes:
        lines.append(
            _("Booked in slots of %(length)s, counted from the opening time.")
            % {"length": minutes_text(resource.slot_minutes)}
        )
    else:
        lines.append(_("Booked for any time within the opening hours."))
    lines.append(
        _("A booking lasts from %(shortest)s to %(longest)s.")
        % {
            "shortest": minutes_text(resource.min_minutes),
            "longest": minutes_text(resource.max_minutes),
        }
    )
    if resource.min_notice_minutes:
        lines.append(
            _("Book at least %(notice)s ahead.")
            % {"notice": minutes_text(resource.min_notice_minutes)}
        )
    lines.append(
        ngettext(
            "Bookable up to %(days)s day ahead.",
            "Bookable up to %(days)s days ahead.",
            resource.max_days_ahead,
        )
        % {"days": resource.max_days_ahead}
    )
    if resource.max_hours_per_week_person:
        lines.append(
            ngettext(
                "At most %(hours)s hour a week per person.",
                "At most %(hours)s hours a week per person.",
                resource.max_hours_per_week_person,
            )
            % {"hours": resource.max_hours_per_week_person}
        )
    if resource.max_hours_per_week_company:
        lines.append(
            ngettext(
                "At most %(hours)s hour a week per company.",
                "At most %(hours)s hours a week per company.",
                resource.max_hours_per_week_company,
            )
            % {"hours": resource.max_hours_per_week_company}
        )
    if resource.capacity > 1:
        lines.append(
            _("Up to %(count)s people can use it at the same time.") % {"count": resource.capacity}
        )
    if resource.requires_approval:
        lines.append(_("The facility managers approve each booking."))
    if resource.no_show_minutes:
        lines.append(
            _("Check in within %(minutes)s of the start, or the booking is released for others.")
            % {"minutes": minutes_text(resource.no_show_minutes)}
        )
    if not resource.is_bookable:
        lines.append(_("Not bookable online: the facility managers book it for you."))
    return lines


# --- a resource: the week calendar ---------------------------------------------------------------
@dataclass
class Item:
    """One line in a calendar day: an entry (booked, pending, mine, closure, offer) or a
    free time (``kind == "free"``, with the address that proposes it in the form)."""

    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    label: str = ""
    detail: str = ""
    url: str = ""
    booking_id: int | None = None
    short: bool = False


@dataclass
class DayColumn:
    day: object  # queries.CalendarDay
    items: list
    is_today: bool
    selected: bool
    url: str
    is_past: bool = False


def _iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def _prefill_url(resource: Resource, monday, start, end, signed_in: bool) -> str:
    query = urlencode({"week": monday.isoformat(), "start": _iso(start), "end": _iso(end)})
    url = f"{resource.get_absolute_url()}?{query}#book"
    if not signed_in:
        return f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': url})}"
    return url


def _ceil(moment, origin, step: datetime.timedelta):
    """The first ``origin + n * step`` not before ``moment`` (in absolute time)."""
    if moment <= origin:
        return origin
    return origin + step * -(-(moment - origin) // step)


def _free_items(resource, monday, begin, end, opens, *, signed_in) -> list[Item]:
    """The free time [begin, end) of a day as chips: one per slot for a resource booked in
    a few slots, else one chip proposing a booking from its first round start. Arithmetic
    is in UTC (a day with a daylight-saving change has its real length)."""
    zone = services.zone_of(resource)
    utc = datetime.UTC
    begin, end = begin.astimezone(utc), end.astimezone(utc)
    origin = (opens or begin).astimezone(utc)
    if resource.slot_minutes:
        step = datetime.timedelta(minutes=resource.slot_minutes)
    else:
        step = ROUND_START
        midnight = datetime.datetime.combine(begin.astimezone(zone).date(), datetime.time(0), zone)
        origin = midnight.astimezone(utc)
    first = _ceil(begin, origin, step)

    def chip(start, stop, book_start=None, book_end=None, short=False):
        """A free time shown as [start, stop) that proposes [book_start, book_end)."""
        url = ""
        if not short:
            url = _prefill_url(
                resource,
                monday,
                (book_start or start).astimezone(zone),
                (book_end or stop).astimezone(zone),
                signed_in,
            )
        return Item("free", start.astimezone(zone), stop.astimezone(zone), url=url, short=short)

    shortest = datetime.timedelta(minutes=resource.min_minutes)
    length = datetime.timedelta(
        minutes=min(max(resource.min_minutes, PROPOSED_MINUTES), resource.max_minutes)
    )
    if resource.slot_minutes:
        # Whole slots, at least the shortest booking.
        length = step * max(1, -(-length // step))
        shortest = step * max(1, -(-shortest // step))
        if (end - first) / step <= MAX_SLOT_CHIPS:
            items, start = [], first
            while start + step <= end:
                items.append(chip(start, start + step, start, min(end, start + shortest)))
                start += step
            return items
    short = end - first < shortest
    return [chip(begin, end, first, min(end, first + length), short=short)]


def calendar_columns(request, resource: Resource, monday, selected_day) -> list[DayColumn]:
    zone = services.zone_of(resource)
    now = timezone.now()
    today = today_in(zone)
    signed_in = request.user.is_authenticated
    bookable = resource.is_bookable and resource.status == Resource.Status.IN_SERVICE
    days = queries.resource_week(resource, week_start=monday, viewer=request.user, now=now)
    if selected_day is None:
        selected_day = today if monday <= today < monday + datetime.timedelta(days=7) else monday
    columns = []
    for day in days:
        items = [
            Item(
                entry.kind,
                entry.starts_at,
                entry.ends_at,
                label=entry.label,
                detail=entry.detail,
                booking_id=entry.booking_id,
            )
            for entry in day.entries
        ]
        if bookable:
            for begin, end in day.free:
                items += _free_items(
                    resource, monday, begin, end, day.opens_at, signed_in=signed_in
                )
        items.sort(key=lambda item: (item.starts_at, item.kind != "closure"))
        query = urlencode({"week": monday.isoformat(), "day": day.date.isoformat()})
        columns.append(
            DayColumn(
                day=day,
                items=items,
                is_today=day.date == today,
                selected=day.date == selected_day,
                url=f"{resource.get_absolute_url()}?{query}#calendar",
                is_past=day.date < today,
            )
        )
    return columns


# --- a resource: the page and the booking form ---------------------------------------------------
def _training_of(resource: Resource):
    if resource.required_qualification is None:
        return None
    return services.next_training(resource.required_qualification)


def _holds_qualification(user, resource: Resource) -> bool | None:
    if resource.required_qualification is None or not user.is_authenticated:
        return None
    return services.holds_qualification(user, resource.required_qualification, timezone.now())


def _my_prices(user, resource: Resource) -> list[tuple]:
    """What the person would pay per hour when charging each of their organisations."""
    if not user.is_authenticated or resource.is_free_of_charge:
        return []
    labels = dict(Booking.PriceCategory.choices)
    rows = []
    for organisation in my_organisations(user)[:5]:
        category = services.price_category(organisation, resource)
        rows.append((organisation, labels[category], services.hourly_price(resource, category)))
    return rows


def _series_report(request, resource: Resource):
    """The weekly booking just made (``?series=``), when it is the viewer's."""
    raw = request.GET.get("series")
    if not raw or not request.user.is_authenticated:
        return None
    try:
        pk = int(raw)
    except ValueError:
        return None
    series = BookingSeries.objects.filter(pk=pk, resource=resource, person=request.user).first()
    if series is None:
        return None
    skipped = []
    for item in series.skipped or []:
        moment = parse_moment(item.get("starts_at"), services.zone_of(resource))
        if moment is not None:
            skipped.append(
                {
                    "starts_at": services.local(moment, resource),
                    "reason": item.get("reason", ""),
                    "code": item.get("code", ""),
                }
            )
    return {
        "series": series,
        "booked": series.bookings.filter(linked_to__isnull=True).count(),
        "skipped": skipped,
    }


def resource_page(request, slug):
    resource = visible_resource(request, slug)
    zone = services.zone_of(resource)
    monday, selected_day = week_from(request, zone)
    form = None
    refusal = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(resource.get_absolute_url())
        form = BookingForm(request.POST, resource=resource, person=request.user)
        if form.is_valid():
            outcome = _book(request, resource, form)
            if not isinstance(outcome, dict):
                return outcome
            refusal = outcome
        if form.starts_at is not None:
            monday = monday_of(services.local(form.starts_at, resource).date())
            selected_day = services.local(form.starts_at, resource).date()
    elif request.user.is_authenticated:
        start = parse_moment(request.GET.get("start"), zone)
        end = parse_moment(request.GET.get("end"), zone)
        form = BookingForm(
            resource=resource,
            person=request.user,
            initial=booking_initial(resource, start, end, request.user),
        )
    context = {
        "resource": resource,
        "facility": resource.facility,
        "zone": str(zone),
        "rules": rules_in_words(resource),
        "opening_hours": services.opening_hours_text(resource),
        "price": price_row(resource),
        "my_prices": _my_prices(request.user, resource),
        "linked": list(resource.linked_resources.select_related("facility")),
        "qualification": resource.required_qualification,
        "holds_qualification": _holds_qualification(request.user, resource),
        "training": _training_of(resource),
        "is_manager": perms.can_manage_resource(request.user, resource),
        "may_report": _may_report(request.user, resource),
        "form": form,
        "refusal": refusal,
        "series_report": _series_report(request, resource),
        "may_book": resource.is_bookable and resource.status == Resource.Status.IN_SERVICE,
        **week_context(request, resource, monday, selected_day),
    }
    template = "facilities/resource.html"
    if request.htmx and not request.htmx.boosted:
        target = request.htmx.target
        if target == "calendar":
            template += "#calendar"
        elif target == "book":
            template += "#booking"
    return render(request, template, context)


def week_context(request, resource, monday, selected_day) -> dict:
    week = datetime.timedelta(days=7)
    base = resource.get_absolute_url()
    today = today_in(services.zone_of(resource))
    return {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "columns": calendar_columns(request, resource, monday, selected_day),
        "previous_week_url": f"{base}?{urlencode({'week': (monday - week).isoformat()})}#calendar",
        "next_week_url": f"{base}?{urlencode({'week': (monday + week).isoformat()})}#calendar",
        "this_week_url": f"{base}#calendar" if monday != monday_of(today) else "",
    }


def _book(request, resource: Resource, form: BookingForm):
    """Book; a redirect on success, else the refusal (``dict``) with the form's errors."""
    arguments = form.service_arguments()
    try:
        if form.weekly:
            result = services.book_weekly(
                actor=request.user,
                until=form.cleaned_data["until"],
                skip_conflicts=form.cleaned_data["skip_conflicts"],
                **arguments,
            )
        else:
            booking = services.book(actor=request.user, **arguments)
    except ValidationError as error:
        form.add_error(None, error_messages(error))
        code = refusal_code(error)
        return {
            "code": code,
            "training": _training_of(resource) if code == "qualification" else None,
            "may_wait": code == "taken" and not form.weekly,
        }
    when = _when_text(resource, form.starts_at, form.ends_at)
    if form.weekly:
        first = result.bookings[0]
        pending = first.status == Booking.Status.PENDING
        text = ngettext(
            "%(count)s week of %(resource)s is booked (%(when)s, every week).",
            "%(count)s weeks of %(resource)s are booked (%(when)s, every week).",
            len(result.bookings),
        ) % {"count": len(result.bookings), "resource": resource, "when": when}
        if result.skipped:
            text += " " + ngettext(
                "%(count)s week was skipped: see below.",
                "%(count)s weeks were skipped: see below.",
                len(result.skipped),
            ) % {"count": len(result.skipped)}
        if pending:
            text += " " + _("The facility managers will approve or decline them.")
        messages.success(request, text)
        query = urlencode(
            {
                "series": result.series.pk,
                "week": monday_of(services.local(first.starts_at, resource).date()),
            }
        )
        return redirect(f"{resource.get_absolute_url()}?{query}#series")
    if booking.status == Booking.Status.PENDING:
        messages.success(
            request,
            _(
                "Your booking of %(resource)s (%(when)s) awaits the facility managers' "
                "approval; you will get an e-mail."
            )
            % {"resource": resource, "when": when},
        )
    else:
        messages.success(
            request, _("Booked: %(resource)s, %(when)s.") % {"resource": resource, "when": when}
        )
    query = urlencode({"week": monday_of(services.local(booking.starts_at, resource).date())})
    return redirect(f"{resource.get_absolute_url()}?{query}#calendar")


def _when_text(resource, starts_at, ends_at) -> str:
    start, end = services.local(starts_at, resource), services.local(ends_at, resource)
    return "{} {}–{}".format(
        formats.date_format(start, "DATE_FORMAT"),
        formats.time_format(start, "TIME_FORMAT"),
        formats.time_format(end, "TIME_FORMAT"),
    )


@require_POST
@login_required
def join_waiting_list(request, slug):
    resource = visible_resource(request, slug)
    form = BookingForm(request.POST, resource=resource, person=request.user)
    back = resource.get_absolute_url()
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(back)
    arguments = form.service_arguments()
    try:
        services.join_waiting_list(
            actor=request.user,
            resource=resource,
            starts_at=arguments["starts_at"],
            ends_at=arguments["ends_at"],
            organisation=arguments["organisation"],
            project=arguments["project"],
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
        query = urlencode({"week": monday_of(services.local(form.starts_at, resource).date())})
        return redirect(f"{back}?{query}#calendar")
    messages.success(
        request,
        _(
            "You are on the waiting list for %(resource)s, %(when)s. If the time is freed, "
            "it is offered to you by e-mail."
        )
        % {"resource": resource, "when": _when_text(resource, form.starts_at, form.ends_at)},
    )
    return redirect(reverse("facilities:my_bookings") + "#waiting")


def _form_errors(form) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


@require_GET
@login_required
def manual(request, slug):
    resource = visible_resource(request, slug)
    return serve_file(resource.manual, as_attachment=True)


@require_GET
def photo(request, slug):
    resource = visible_resource(request, slug)
    return serve_file(resource.photo)


@require_GET
def resource_ics(request, slug):
    resource = visible_resource(request, slug)
    content = calendars.resource_calendar(resource, viewer=request.user, language=_language())
    return calendar_response(content, f"{resource.slug}.ics", private=request.user.is_authenticated)


# --- incidents: reported by anyone who booked the resource ----------------------------------------
def _may_report(user, resource: Resource) -> bool:
    if not user.is_authenticated:
        return False
    return (
        perms.can_manage_resource(user, resource)
        or Booking.objects.filter(resource=resource, person=user).exists()
    )


@login_required
def report_incident(request, slug):
    resource = visible_resource(request, slug)
    if not _may_report(request.user, resource):
        messages.error(
            request,
            _("Only people who booked this resource and its managers may report incidents."),
        )
        return redirect(resource.get_absolute_url())
    form = IncidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.report_incident(
                actor=request.user, resource=resource, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_messages(error))
        else:
            text = _("Thank you: the facility managers were told.")
            if incident.took_out_of_service:
                text += " " + _(
                    "%(resource)s is out of service; people with upcoming bookings were told."
                ) % {"resource": resource}
            messages.success(request, text)
            return redirect(resource.get_absolute_url())
    return render(
        request,
        "facilities/report_incident.html",
        {"resource": resource, "facility": resource.facility, "form": form},
    )


# --- find a time -------------------------------------------------------------------------------
@dataclass
class Proposal:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    links: list  # [(resource, url)]


def find_a_time(request):
    choices = queries.visible_resources(request.user).filter(
        is_bookable=True, status=Resource.Status.IN_SERVICE
    )
    bound = "earliest" in request.GET or "latest" in request.GET
    today = timezone.localdate()
    if bound:
        form = FindTimeForm(request.GET, resources=choices)
    else:
        preselected = [pick for pick in request.GET.getlist("resources") if pick.isdigit()][:10]
        form = FindTimeForm(
            resources=choices,
            initial={
                "resources": preselected,
                "duration": 60,
                "earliest": today,
                "latest": today + datetime.timedelta(days=14),
            },
        )
    proposals = None
    if bound and form.is_valid():
        chosen = form.cleaned_data["resources"]
        zone = services.zone_of(chosen[0])
        duration = datetime.timedelta(minutes=form.cleaned_data["duration"])
        earliest = datetime.datetime.combine(form.cleaned_data["earliest"], datetime.time(0), zone)
        latest = datetime.datetime.combine(
            form.cleaned_data["latest"] + datetime.timedelta(days=1), datetime.time(0), zone
        )
        starts = queries.find_a_time(
            chosen, duration=duration, earliest=earliest, latest=latest, limit=FIND_LIMIT
        )
        proposals = []
        for start in starts:
            # Add in UTC: adding to a local time adds clock time across a DST change.
            end = (start.astimezone(datetime.UTC) + duration).astimezone(zone)
            links = []
            for resource in chosen:
                monday = monday_of(services.local(start, resource).date())
                links.append(
                    (
                        resource,
                        _prefill_url(
                            resource,
                            monday,
                            services.local(start, resource),
                            services.local(end, resource),
                            request.user.is_authenticated,
                        ),
                    )
                )
            proposals.append(
                Proposal(services.local(start, chosen[0]), services.local(end, chosen[0]), links)
            )
        context_zone = str(zone)
    else:
        context_zone = ""
    context = {"form": form, "proposals": proposals, "zone": context_zone}
    template = "facilities/find_a_time.html"
    if request.htmx and not request.htmx.boosted:
        template += "#proposals"
    return render(request, template, context)


# --- my bookings ----------------------------------------------------------------------------------
@dataclass
class BookingRow:
    booking: Booking
    may_cancel: bool
    may_check_in: bool
    may_check_out: bool


def _row(booking: Booking, now) -> BookingRow:
    approved = booking.status == Booking.Status.APPROVED
    return BookingRow(
        booking=booking,
        may_cancel=booking.is_holding and booking.starts_at > now and not booking.linked_to_id,
        may_check_in=approved
        and booking.checked_in_at is None
        and booking.starts_at - services.CHECK_IN_EARLY <= now < booking.ends_at,
        may_check_out=approved
        and booking.checked_in_at is not None
        and booking.checked_out_at is None,
    )


def _my_zone(user, upcoming):
    """The time zone of the person's week: that of their next booking's park, else of
    the first park with facilities, else the site's."""
    first = upcoming[0] if upcoming else None
    if first is not None:
        return services.zone_of(first.resource)
    facility = queries.visible_facilities(user).first()
    if facility is not None and facility.park.time_zone:
        return ZoneInfo(facility.park.time_zone)
    return timezone.get_current_timezone()


@login_required
def my_bookings(request):
    user = request.user
    now = timezone.now()
    upcoming = list(queries.upcoming_bookings(user))
    zone = _my_zone(user, upcoming)
    monday, _day = week_from(request, zone)
    week = datetime.timedelta(days=7)
    page = paginate(request, queries.past_bookings(user), per_page=PAST_PER_PAGE)
    base = reverse("facilities:my_bookings")
    context = {
        "upcoming": [_row(booking, now) for booking in upcoming],
        "past": page,
        "waiting": list(queries.waiting_entries(user)),
        "week_days": queries.person_week(user, week_start=monday, zone=zone, now=now),
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "today": today_in(zone),
        "zone": str(zone),
        "previous_week_url": f"{base}?{urlencode({'week': (monday - week).isoformat()})}#week",
        "next_week_url": f"{base}?{urlencode({'week': (monday + week).isoformat()})}#week",
        "feed_url": request.build_absolute_uri(
            reverse("facilities:personal_feed", args=[feed_token(user)])
        ),
        "reason_form": ReasonForm(),
        "now": now,
    }
    template = "facilities/my_bookings.html"
    if request.htmx and not request.htmx.boosted and request.htmx.target == "week":
        template += "#week"
    return render(request, template, context)


def _booking_action(request, pk, action):
    booking = own_booking(request, pk)
    default = reverse("facilities:my_bookings")
    try:
        if action == "cancel":
            form = ReasonForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.cancel(actor=request.user, booking=booking, reason=reason)
            done = _("The booking of %(resource)s is cancelled.")
        elif action == "check_in":
            services.check_in(actor=request.user, booking=booking)
            done = _("Checked in to %(resource)s.")
        else:
            services.check_out(actor=request.user, booking=booking)
            done = _("Checked out of %(resource)s. Thank you.")
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, done % {"resource": booking.resource})
    return redirect(redirect_target(request, default))


@require_POST
@login_required
def cancel_booking(request, pk):
    return _booking_action(request, pk, "cancel")


@require_POST
@login_required
def check_in(request, pk):
    return _booking_action(request, pk, "check_in")


@require_POST
@login_required
def check_out(request, pk):
    return _booking_action(request, pk, "check_out")


@require_POST
@login_required
def take_offer(request, pk):
    entry = own_entry(request, pk)
    try:
        booking = services.take_offer(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("Booked: %(resource)s, %(when)s.")
            % {
                "resource": booking.resource,
                "when": _when_text(booking.resource, booking.starts_at, booking.ends_at),
            },
        )
    return redirect(reverse("facilities:my_bookings") + "#waiting")


@require_POST
@login_required
def leave_waiting_list(request, pk):
    entry = own_entry(request, pk)
    try:
        services.leave_waiting_list(actor=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("You left the waiting list."))
    return redirect(reverse("facilities:my_bookings") + "#waiting")


# --- my calendar file and feed --------------------------------------------------------------------
@require_GET
@login_required
def my_ics(request):
    return calendar_response(
        calendars.person_calendar(request.user, language=_language()),
        "korpu-labs.ics",
        private=True,
    )


@require_GET
def personal_feed(request, token):
    person_id = person_id_from_token(token)
    if person_id is None:
        raise Http404
    person = get_object_or_404(get_user_model(), pk=person_id, is_active=True)
    response = calendar_response(
        calendars.person_calendar(person, language=_language()), "korpu-labs.ics", private=True
    )
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("", index, name="index"),
    path("find-a-time/", find_a_time, name="find_a_time"),
    path("my/", my_bookings, name="my_bookings"),
    path("my/calendar.ics", my_ics, name="my_ics"),
    path("feed/<str:token>.ics", personal_feed, name="personal_feed"),
    path("bookings/<str:pk>/cancel/", cancel_booking, name="cancel_booking"),
    path("bookings/<str:pk>/check-in/", check_in, name="check_in"),
    path("bookings/<str:pk>/check-out/", check_out, name="check_out"),
    path("waiting/<str:pk>/take/", take_offer, name="take_offer"),
    path("waiting/<str:pk>/leave/", leave_waiting_list, name="leave_waiting_list"),
    path("resources/<slug:slug>/", resource_page, name="resource"),
    path("resources/<slug:slug>/calendar.ics", resource_ics, name="resource_ics"),
    path("resources/<slug:slug>/manual/", manual, name="resource_manual"),
    path("resources/<slug:slug>/photo/", photo, name="resource_photo"),
    path("resources/<slug:slug>/waiting-list/", join_waiting_list, name="join_waiting_list"),
    path("resources/<slug:slug>/report/", report_incident, name="report_incident"),
]

# The facility's own address is one segment: it goes last, after every fixed address.
facility_urlpatterns = [
    path("<slug:slug>/", facility_page, name="facility"),
]
