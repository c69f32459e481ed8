"""What the labs pages share: finding the facility, resource, booking or waiting-list
entry behind an address (404 for what the user may not see, 403 for a manager's page
seen by someone who does not run the facility), reading a week from the address, the
refusal code of a service's ``ValidationError``, and the calendar file response.
"""

import datetime
import functools
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from korpu.common.views import require_perm
from korpu.events import calendars as event_calendars

from .. import rules as perms
from ..models import Booking, Facility, Resource, WaitingEntry

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def pick_pk(raw) -> int:
    try:
        pk = int(raw)
    except (TypeError, ValueError) as malformed:
        raise Http404 from malformed
    if not 0 < pk < 2**62:
        raise Http404
    return pk


# --- what the user may see ----------------------------------------------------------------------
def visible_facility(request, slug) -> Facility:
    facility = get_object_or_404(Facility.objects.select_related("park", "site"), slug=slug)
    if not perms.can_view_facility(request.user, facility):
        raise Http404
    return facility


def visible_resource(request, slug) -> Resource:
    resource = get_object_or_404(
        Resource.objects.select_related("facility__park", "required_qualification"), slug=slug
    )
    if not perms.can_view_resource(request.user, resource):
        raise Http404
    if resource.status == Resource.Status.RETIRED and not perms.can_manage_resource(
        request.user, resource
    ):
        raise Http404  # listed nowhere any more, as in queries.visible_resources
    return resource


def managed_facility(request, slug) -> Facility:
    """404 for a facility the user cannot see, 403 for one they see but do not run."""
    facility = visible_facility(request, slug)
    require_perm(request, "facilities.change_facility", facility)
    return facility


def manager_page(view):
    """A facility manager's page: ``view(request, facility, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        return view(request, managed_facility(request, slug), *args, **kwargs)

    return wrapper


def own_booking(request, pk) -> Booking:
    """A booking the user may act on (theirs, or of a resource they manage); 404 for any
    other, so a stranger cannot learn that it exists."""
    booking = get_object_or_404(
        Booking.objects.select_related("resource__facility__park", "person"), pk=pick_pk(pk)
    )
    if not perms.can_change_booking(request.user, booking):
        raise Http404
    return booking


def own_entry(request, pk) -> WaitingEntry:
    entry = get_object_or_404(
        WaitingEntry.objects.select_related("resource__facility__park"), pk=pick_pk(pk)
    )
    if entry.person_id != request.user.pk:
        raise Http404
    return entry


# --- weeks and times ------------------------------------------------------------------------------
def today_in(zone) -> datetime.date:
    return timezone.localtime(timezone.now(), zone).date()


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def parse_date(raw) -> datetime.date | None:
    """``YYYY-MM-DD`` within years 2000–2999, else None (a stale or mangled address)."""
    try:
        day = datetime.date.fromisoformat(str(raw or "")[:10])
    except ValueError:
        return None
    return day if 2000 <= day.year <= 2999 else None


def week_from(request, zone) -> tuple[datetime.date, datetime.date | None]:
    """The Monday of the week asked for (``?week=``, any day of it; the current week when
    missing or malformed) and the day asked for (``?day=``) when it lies in that week."""
    asked = parse_date(request.GET.get("week"))
    day = parse_date(request.GET.get("day"))
    if asked is None:
        asked = day or today_in(zone)
    monday = monday_of(asked)
    if day is not None and not monday <= day < monday + datetime.timedelta(days=7):
        day = None
    return monday, day


def parse_moment(raw, zone) -> datetime.datetime | None:
    """An ISO date and time from the address (aware, read in ``zone`` when naive)."""
    try:
        moment = datetime.datetime.fromisoformat(str(raw or "")[:40])
    except ValueError:
        return None
    if not 2000 <= moment.year <= 2999:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=zone)
    return moment


def refusal_code(error: ValidationError) -> str:
    """The code of a service's refusal (the first one)."""
    try:
        return error.error_list[0].code or ""
    except (AttributeError, IndexError):
        return ""


def redirect_target(request, default: str) -> str:
    """``next`` from the form when it is an address of this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def calendar_response(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300" if private else "public, max-age=900"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def manager_context(request, facility: Facility, current: str, **extra) -> dict:
    return {"facility": facility, "current": current, "is_manager": True, **extra}


# --- the personal calendar feed's secret ------------------------------------------------------
# The events feed's token with the labs' own salt, so one feed's address never opens the other.
FEED_SALT = "korpu.facilities.feed"


def feed_token(person) -> str:
    return event_calendars.feed_token(person, salt=FEED_SALT)


def person_id_from_token(token: str) -> int | None:
    return event_calendars.person_id_from_token(token, salt=FEED_SALT)


def facility_zone(facility: Facility) -> ZoneInfo:
    return ZoneInfo(facility.park.time_zone or settings.TIME_ZONE)
