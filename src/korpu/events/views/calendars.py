"""Calendar files and feeds, participant and attendance exports, and event statistics.

- ``<slug>/calendar.ics``: an event for anyone who may see it (or holds an invitation
  to it: ``?invitation=<token>``, as on the event page)
- ``calendar/``: a signed-in person's page with their feed's address; ``calendar/my.ics``
- ``calendar/feed/<token>.ics``: the same calendar for clients that subscribe (no cookie:
  the token is the key; a wrong one answers 404)
- ``calendar/organisation/<id>.ics``: an organisation's public events
- ``<slug>/export/`` (the choice of files), ``<slug>/export/registrations.<csv|xlsx>``,
  ``<slug>/export/attendance.<csv|xlsx>`` and ``<slug>/statistics/``: for the organisers
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from korpu.common.charts import bar_chart, line_chart, percent_text
from korpu.common.views import require_perm
from korpu.directory.models import Organisation

from .. import calendars, exports
from ..models import Event

CALENDAR_TYPE = "text/calendar; charset=utf-8"
# The number of countries drawn before the rest are summed up as "other countries".
TOP_COUNTRIES = 10


def _calendar_response(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CALENDAR_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300" if private else "public, max-age=900"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _language() -> str:
    return translation.get_language() or "en"


def _visible_event(request, slug) -> Event:
    event = get_object_or_404(Event.objects.select_related("site__park"), slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _organised_event(request, slug) -> Event:
    """404 for an event the user cannot see, 403 for one they see but do not run."""
    event = _visible_event(request, slug)
    require_perm(request, "events.change_event", event)
    return event


# --- calendars -----------------------------------------------------------------------------
@require_GET
def event_ics(request, slug):
    event = get_object_or_404(Event.objects.select_related("site__park"), slug=slug)
    token = (request.GET.get("invitation") or "").strip()[:64]
    invited = (
        token
        and event.status != Event.Status.DRAFT
        and event.invitations.filter(token=token).exists()
    )
    if not (invited or request.user.has_perm("events.view_event", event)):
        raise Http404
    return _calendar_response(
        calendars.event_calendar(event, language=_language()),
        f"{event.slug}.ics",
        private=event.visibility != Event.Visibility.PUBLIC,
    )


@require_GET
@login_required
def my_calendar_file(request):
    return _calendar_response(
        calendars.person_calendar(request.user, language=_language()), "korpu.ics", private=True
    )


@require_GET
def personal_feed(request, token):
    person_id = calendars.person_id_from_token(token)
    if person_id is None:
        raise Http404
    person = get_object_or_404(get_user_model(), pk=person_id, is_active=True)
    response = _calendar_response(
        calendars.person_calendar(person, language=_language()), "korpu.ics", private=True
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
def organisation_feed(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _calendar_response(
        calendars.organisation_feed(organisation, language=_language()),
        f"{organisation.slug}.ics",
        private=False,
    )


@login_required
def my_calendar(request):
    feed_path = reverse("events:personal_feed", args=[calendars.feed_token(request.user)])
    feed_url = request.build_absolute_uri(feed_path)
    return render(
        request,
        "events/calendars/my_calendar.html",
        {
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
            "download_url": reverse("events:my_calendar_file"),
        },
    )


# --- exports -------------------------------------------------------------------------------
EXPORTS = {
    "registrations": (exports.registration_rows, "registrations"),
    "attendance": (exports.attendance_rows, "attendance"),
}


def _export(request, slug, fmt, what):
    if fmt not in exports.FORMATS:
        raise Http404
    event = _organised_event(request, slug)
    rows_of, name = EXPORTS[what]
    rows = rows_of(event, language=_language())
    return exports.download(rows, filename=f"{event.slug}-{name}.{fmt}", fmt=fmt, sheet=name)


@require_GET
@login_required
def exports_page(request, slug):
    event = _organised_event(request, slug)
    return render(request, "events/calendars/exports.html", {"event": event})


@require_GET
@login_required
def export_registrations(request, slug, fmt):
    return _export(request, slug, fmt, "registrations")


@require_GET
@login_required
def export_attendance(request, slug, fmt):
    return _export(request, slug, fmt, "attendance")


# --- statistics ----------------------------------------------------------------------------
def _count(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _table(rows, total: int) -> list[dict]:
    return [
        {"label": label, "count": count, "share": percent_text(count / total) if total else "—"}
        for _key, label, count in rows
    ]


def _bars(title: str, rows, total: int, *, limit: int | None = None, other: str = ""):
    pairs = [(label, count) for _key, label, count in rows if count]
    if limit is not None and len(pairs) > limit:
        pairs = pairs[:limit] + [(other, sum(count for _label, count in pairs[limit:]))]
    return bar_chart(
        pairs, title=title, total=total, empty_text=_("No registrations yet"), format_value=_count
    )


@require_GET
@login_required
def statistics(request, slug):
    event = _organised_event(request, slug)
    figures = exports.statistics(event)
    active, consented, confirmed = figures["active"], figures["consented"], figures["confirmed"]
    sections = [
        (
            "status",
            _("Registrations by status"),
            figures["by_status"],
            figures["total"],
            {},
        ),
        (
            "country",
            _("Participants by country"),
            figures["by_country"],
            active,
            {"limit": TOP_COUNTRIES, "other": _("other countries")},
        ),
        (
            "kind",
            _("Participants by kind of organisation"),
            figures["by_kind"],
            active,
            {},
        ),
        ("gender", _("Participants by gender"), figures["by_gender"], consented, {}),
        ("age", _("Participants by age group"), figures["by_age"], consented, {}),
    ]
    charts = [
        {
            "id": key,
            "title": title,
            "svg": _bars(title, rows, total, **options),
            "rows": _table(rows, total),
            "total": total,
        }
        for key, title, rows, total, options in sections
    ]
    over_time_title = _("Registrations over time")
    over_time = [
        {"label": date_format(day, "j M Y"), "day": day, "count": count}
        for day, count in figures["over_time"]
    ]
    sessions_title = _("Attendance by session")
    session_rows = [
        (session.pk, session.title, attended) for session, attended in figures["by_session"]
    ]
    context = {
        "event": event,
        "figures": figures,
        "charts": charts,
        "over_time": over_time,
        "over_time_svg": line_chart(
            [(date_format(day, "j M"), count) for day, count in figures["over_time"]],
            title=over_time_title,
            empty_text=_("No registrations yet"),
            format_value=_count,
            whole_numbers=True,
        ),
        "over_time_title": over_time_title,
        "sessions_title": sessions_title,
        "sessions_svg": _bars(sessions_title, session_rows, confirmed) if session_rows else None,
        "session_rows": _table(session_rows, confirmed),
        "attendance_rate": (
            percent_text(figures["attendance_rate"])
            if figures["attendance_rate"] is not None
            else None
        ),
        "youth_share": percent_text(figures["youth"] / consented) if consented else None,
    }
    return render(request, "events/calendars/statistics.html", context)


urlpatterns = [
    path("calendar/", my_calendar, name="my_calendar"),
    path("calendar/my.ics", my_calendar_file, name="my_calendar_file"),
    path("calendar/feed/<str:token>.ics", personal_feed, name="personal_feed"),
    path("calendar/organisation/<int:pk>.ics", organisation_feed, name="organisation_feed"),
    path("<slug:slug>/calendar.ics", event_ics, name="event_ics"),
    path("<slug:slug>/export/", exports_page, name="exports"),
    # The same page under the files' name, for links that give only the event.
    path("<slug:slug>/export/", exports_page, name="export_registrations"),
    path(
        "<slug:slug>/export/registrations.<str:fmt>",
        export_registrations,
        name="export_registrations",
    ),
    path("<slug:slug>/export/attendance.<str:fmt>", export_attendance, name="export_attendance"),
    path("<slug:slug>/statistics/", statistics, name="statistics"),
]
