"""Event pages anyone may browse, and a participant's own: registering, their registration
and ticket, their events and personal agenda.

Addresses start with an event's slug (``/<lang>/events/<slug>/``); the other areas' fixed
prefixes come first in ``views/__init__``. An invitation-only event is shown to the people
:mod:`..rules` lets see it, and to anyone holding one of its invitation links
(``?invitation=<token>``); whether that invitation may be used is the service's call.
"""

import contextlib
import datetime
import functools
import itertools
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from korpu.common.i18n import (
    country_name,
    language_name,
    translated_contains,
    translated_order,
)
from korpu.common.views import error_messages, paginate
from korpu.directory.queries import visible_organisations

from .. import queries, services
from ..forms.public import EventFilterForm, RegistrationForm, SessionChoiceForm
from ..models import Certificate, Event, Question, Registration, Survey

TICKET_TEMPLATE = "events/checkin/_ticket.html"


def zone_label(zone: str, at: datetime.datetime | None = None) -> str:
    """``Asia/Baku (UTC+04:00)``: the zone's name and its offset at ``at``."""
    try:
        offset = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).strftime("%z")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"


def invitation_token(request) -> str:
    return (request.POST.get("invitation") or request.GET.get("invitation") or "").strip()[:64]


def event_page(view):
    """Resolve ``slug`` to an event the visitor may see, or answer 404.

    A visitor who brings an invitation link that is not one of this event's gets a page
    saying so (still a 404: it tells nothing about the event)."""

    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        event = get_object_or_404(Event.objects.select_related("site__park"), slug=slug)
        token = invitation_token(request)
        if not request.user.has_perm("events.view_event", event):
            invited = (
                token
                and event.status != Event.Status.DRAFT
                and event.invitations.filter(token=token).exists()
            )
            if not invited:
                if token:
                    return render(request, "events/public/invalid_invitation.html", status=404)
                raise Http404
        return view(request, event, token, *args, **kwargs)

    return wrapper


def my_registration(user, event: Event) -> Registration | None:
    """The person's active registration for the event, else their latest one."""
    if not user.is_authenticated:
        return None
    registrations = list(event.registrations.filter(person=user).order_by("-created_at", "-pk"))
    active = [r for r in registrations if r.is_active]
    return (active or registrations or [None])[0]


def with_token(url: str, token: str) -> str:
    return f"{url}?{urlencode({'invitation': token})}" if token else url


def speaker_rows(session, user) -> list[dict]:
    """Speakers with a link (and headline) only for people the visitor may see."""
    rows = []
    for speaker in session.speakers.all():
        person = speaker.person
        if person is None:
            rows.append(
                {"name": speaker.name, "url": None, "affiliation": speaker.guest_affiliation}
            )
        elif user.has_perm("directory.view_person", person):
            rows.append(
                {
                    "name": speaker.name,
                    "url": person.get_absolute_url(),
                    "affiliation": person.headline,
                }
            )
        else:
            rows.append({"name": speaker.name, "url": None, "affiliation": ""})
    return rows


def session_rows(sessions, user, event_zone=None) -> list[dict]:
    """Sessions ready for the templates: local day, speakers, places left."""
    rows = []
    for session in sessions:
        zone = event_zone or session.event.zone
        places_left = None
        if session.capacity is not None:
            places_left = max(session.capacity - session.seats_taken, 0)
        rows.append(
            {
                "session": session,
                "day": timezone.localtime(session.starts_at, zone).date(),
                "speakers": speaker_rows(session, user),
                "places_left": places_left,
            }
        )
    return rows


# --- the list ------------------------------------------------------------------------------
def event_list(request):
    user = request.user
    visible = queries.visible_events(user)
    facets = queries.event_facets(visible)
    form = EventFilterForm(
        request.GET or None,
        languages=sorted(
            ((code, language_name(code)) for code in facets["languages"]), key=lambda c: c[1]
        ),
        countries=sorted(
            ((code, country_name(code)) for code in facets["countries"]), key=lambda c: c[1]
        ),
        organisers=visible_organisations(user)
        .filter(pk__in=facets["organisers"])
        .order_by(translated_order("name"), "pk"),
    )
    filters = form.filters()
    when = form.period()
    now = timezone.now()
    events = queries.with_place_counts(visible).select_related("site__park")
    if when == EventFilterForm.UPCOMING:
        events = events.filter(ends_at__gte=now).order_by("starts_at", "pk")
    elif when == EventFilterForm.PAST:
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    else:
        events = events.order_by("-starts_at", "-pk")
    if filters.get("q"):
        events = events.filter(translated_contains("title", filters["q"]))
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("language"):
        events = events.filter(pk__in=queries.events_in_language(visible, filters["language"]))
    if filters.get("country"):
        events = events.filter(site__park__country=filters["country"])
    if filters.get("organiser"):
        events = events.filter(
            pk__in=Event.organisers.through.objects.filter(
                organisation__slug=filters["organiser"]
            ).values("event_id")
        )
    page = paginate(request, events.prefetch_related("organisers"))
    context = {
        "form": form,
        "page": page,
        "when": when,
        "filtered": bool({k: v for k, v in filters.items() if (k, v) != ("when", "upcoming")}),
        "can_create": user.has_perm("events.add_event"),
    }
    template = "events/public/event_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


# --- one event -----------------------------------------------------------------------------
def registration_state(event: Event, registration: Registration | None, token: str) -> str:
    """What the registration box shows to this visitor."""
    if registration is not None and registration.is_active:
        return registration.status
    if event.status == Event.Status.CANCELLED:
        return "event_cancelled"
    now = timezone.now()
    if event.status == Event.Status.PUBLISHED and (
        event.registration_opens_at and now < event.registration_opens_at
    ):
        return "not_yet"
    if not event.registration_is_open(now):
        return "closed"
    if event.visibility == Event.Visibility.INVITATION_ONLY and not token:
        return "invitation_only"
    return "open"


def registration_box(request, event: Event, token: str) -> dict:
    registration = my_registration(request.user, event)
    taken, waiting = queries.place_counts(event)
    places_left = None if event.capacity is None else max(event.capacity - taken, 0)
    state = registration_state(event, registration, token)
    questions = event.questions.filter(form=Question.Form.REGISTRATION).exists()
    limited_sessions = event.sessions.filter(capacity__isnull=False).exists()
    register_url = with_token(f"{event.get_absolute_url()}register/", token)
    return {
        "registration": registration,
        "state": state,
        "position": (
            services.waitlist_position(registration)
            if registration is not None and registration.status == Registration.Status.WAITLISTED
            else None
        ),
        "places_left": places_left,
        "waiting": waiting,
        "full": places_left == 0,
        "needs_form": questions or limited_sessions,
        "register_url": register_url,
        "login_url": redirect_to_login(register_url).url,
        "token": token,
        "confirmed": registration is not None
        and registration.status == Registration.Status.CONFIRMED,
    }


@event_page
def event_detail(request, event, token):
    user = request.user
    organisers = list(event.organisers.order_by(translated_order("name"), "pk"))
    linked = set(
        visible_organisations(user)
        .filter(pk__in=[o.pk for o in organisers])
        .values_list("pk", flat=True)
    )
    box = registration_box(request, event, token)
    context = {
        "event": event,
        "organisers": [(o, o.pk in linked) for o in organisers],
        "languages": [language_name(code) for code in event.languages],
        "zone": zone_label(event.time_zone, event.starts_at),
        "box": box,
        "has_agenda": event.sessions.exists(),
        "agenda_url": with_token(f"{event.get_absolute_url()}agenda/", token),
        "can_manage": user.has_perm("events.change_event", event),
        "survey_open": box.get("confirmed") and _survey_is_open(event),
    }
    return render(request, "events/public/event_detail.html", context)


def _survey_is_open(event: Event) -> bool:
    survey = Survey.objects.filter(event=event).first()
    return survey is not None and survey.is_open()


@event_page
def agenda(request, event, token):
    sessions = queries.sessions_with_seats(event.sessions.all())
    rows = session_rows(sessions, request.user, event.zone)
    days = sorted({row["day"] for row in rows})
    chosen = None
    with contextlib.suppress(ValueError):
        chosen = datetime.date.fromisoformat(request.GET.get("day", ""))
    if chosen not in days:
        today = timezone.localtime(timezone.now(), event.zone).date()
        chosen = today if today in days else (days[0] if days else None)
    registration = my_registration(request.user, event)
    my_sessions = set()
    if registration is not None and registration.is_active:
        my_sessions = set(registration.session_seats.values_list("session_id", flat=True))
    context = {
        "event": event,
        "days": days,
        "day": chosen,
        "rows": [r for r in rows if r["day"] == chosen],
        "tracks": list(event.tracks.all()),
        "zone": zone_label(event.time_zone, event.starts_at),
        "my_sessions": my_sessions,
        "token": token,
    }
    template = "events/public/agenda.html"
    if request.htmx and not request.htmx.boosted:
        template += "#day"
    return render(request, template, context)


# --- registering ---------------------------------------------------------------------------
def session_choices(event: Event) -> list[tuple[int, str]]:
    """The sessions with their own places, each with its local time and places left."""
    choices = []
    for session in queries.sessions_with_seats(event.sessions.filter(capacity__isnull=False)):
        start = date_format(timezone.localtime(session.starts_at, event.zone), "DATETIME_FORMAT")
        left = max(session.capacity - session.seats_taken, 0)
        places = (
            ngettext("%(count)s place left", "%(count)s places left", left) % {"count": left}
            if left
            else _("full")
        )
        choices.append((session.pk, f"{session.title} · {start} · {places}"))
    return choices


@event_page
def register(request, event, token):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    existing = my_registration(request.user, event)
    if request.method == "GET" and existing is not None and existing.is_active:
        messages.info(request, _("You are already registered for this event."))
        return redirect("events:registration", event.slug)
    questions = list(event.questions.filter(form=Question.Form.REGISTRATION))
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        questions=questions,
        session_choices=session_choices(event),
        initial={"invitation": token},
    )
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                event=event,
                person=request.user,
                answers=form.raw_answers,
                invitation_token=form.cleaned_data["invitation"] or None,
                session_ids=form.session_ids(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, registered_message(registration))
            return redirect("events:registration", event.slug)
    context = {
        "event": event,
        "form": form,
        "is_open": event.registration_is_open(),
        "cancel_deadline": event.cancellation_deadline or event.starts_at,
        "zone": zone_label(event.time_zone, event.starts_at),
        "token": token,
    }
    return render(request, "events/public/register.html", context)


def registered_message(registration: Registration) -> str:
    status = registration.status
    if status == Registration.Status.CONFIRMED:
        return _("You are registered: your place is confirmed.")
    if status == Registration.Status.WAITLISTED:
        return _(
            "The event is full: you are on the waiting list, position %(position)s. "
            "We will write to you as soon as a place frees up."
        ) % {"position": services.waitlist_position(registration)}
    if status == Registration.Status.PENDING_APPROVAL:
        return _("Your registration was received and awaits the organisers' approval.")
    return _("Your registration was received.")


# --- a participant's registration ----------------------------------------------------------
def ticket_context(registration: Registration) -> dict:
    """The ticket's QR code when the check-in module can draw it, else the code as text."""
    qr = None
    try:
        from korpu.events.tickets import qr_svg
    except ImportError:
        pass
    else:
        qr = qr_svg(registration.ticket_code, title=_("Your ticket"))
    try:
        get_template(TICKET_TEMPLATE)
    except TemplateDoesNotExist:
        ticket_template = None
    else:
        ticket_template = TICKET_TEMPLATE
    return {"qr": qr, "ticket_template": ticket_template}


def answer_rows(event: Event, registration: Registration) -> list[dict]:
    rows = []
    stored = registration.answers or {}
    for question in event.questions.filter(form=Question.Form.REGISTRATION):
        value = stored.get(f"q{question.pk}", stored.get(str(question.pk)))
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        elif isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        rows.append({"question": question, "value": value})
    return rows


@login_required
@event_page
def registration_detail(request, event, token):
    registration = my_registration(request.user, event)
    if registration is None:
        messages.info(request, _("You are not registered for this event."))
        return redirect(with_token(event.get_absolute_url(), token))
    seats = queries.sessions_with_seats(
        event.sessions.filter(
            pk__in=registration.session_seats.values("session_id")
        ).select_related("room", "track")
    )
    certificate = Certificate.objects.filter(
        registration=registration, revoked_at__isnull=True
    ).first()
    confirmed = registration.status == Registration.Status.CONFIRMED
    context = {
        "event": event,
        "registration": registration,
        "position": (
            services.waitlist_position(registration)
            if registration.status == Registration.Status.WAITLISTED
            else None
        ),
        "answers": answer_rows(event, registration),
        "sessions": session_rows(seats, request.user, event.zone),
        "can_cancel": registration.is_active and event.can_cancel(),
        "cancel_deadline": event.cancellation_deadline or event.starts_at,
        "confirmed": confirmed,
        "certificate": certificate,
        "session_form": (
            SessionChoiceForm(
                choices=session_choices(event),
                initial={"sessions": [seat.pk for seat in seats]},
            )
            if confirmed and event.sessions.filter(capacity__isnull=False).exists()
            else None
        ),
        "zone": zone_label(event.time_zone, event.starts_at),
        **(ticket_context(registration) if confirmed else {}),
    }
    return render(request, "events/public/registration.html", context)


@login_required
@event_page
def ticket(request, event, token):
    """A short address for the ticket (printed in mails): the registration page's ticket."""
    return redirect(reverse("events:registration", args=[event.slug]) + "#ticket")


def registration_action(service, done: str):
    """A POST on the person's own active registration, then back to its page."""

    @login_required
    @require_POST
    @event_page
    def view(request, event, token):
        registration = (
            event.registrations.filter(person=request.user, status__in=Registration.ACTIVE)
            .select_related("event")
            .first()
        )
        if registration is None:
            messages.error(request, _("You have no active registration for this event."))
        else:
            try:
                service(registration=registration, actor=request.user)
            except ValidationError as error:
                messages.error(request, error_messages(error))
            else:
                messages.success(request, str(done))
        return redirect("events:registration", event.slug)

    return view


cancel_registration = registration_action(
    services.cancel_registration, gettext_lazy("Your registration was cancelled.")
)
accept_offer = registration_action(
    services.accept_offer, gettext_lazy("You accepted the place: your registration is confirmed.")
)
decline_offer = registration_action(
    services.decline_offer,
    gettext_lazy("You declined the place. It goes to the next person waiting."),
)


@login_required
@require_POST
@event_page
def choose_sessions(request, event, token):
    registration = my_registration(request.user, event)
    form = SessionChoiceForm(request.POST, choices=session_choices(event))
    if registration is None or not form.is_valid():
        messages.error(request, _("Choose among this event's sessions that take sign-ups."))
    else:
        try:
            services.choose_sessions(
                registration=registration,
                session_ids=form.cleaned_data["sessions"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, error_messages(error))
        else:
            messages.success(request, _("Your sessions were saved."))
    return redirect("events:registration", event.slug)


# --- my events -----------------------------------------------------------------------------
@login_required
def my_events(request):
    now = timezone.now()
    latest = {}
    for registration in queries.my_registrations(request.user):
        latest.setdefault(registration.event_id, registration)
    registrations = list(latest.values())
    upcoming = [r for r in registrations if r.event.ends_at >= now]
    past = sorted(
        (r for r in registrations if r.event.ends_at < now),
        key=lambda r: (r.event.starts_at, r.pk),
        reverse=True,
    )
    for registration in upcoming:
        if registration.status == Registration.Status.WAITLISTED:
            registration.position = services.waitlist_position(registration)
    rows = session_rows(queries.my_agenda(request.user, since=now), request.user)
    agenda_days = [
        (day, list(day_rows)) for day, day_rows in itertools.groupby(rows, key=lambda r: r["day"])
    ]
    context = {
        "upcoming": upcoming,
        "past": past,
        "agenda_days": agenda_days,
    }
    return render(request, "events/public/my_events.html", context)


urlpatterns = [
    path("", event_list, name="events"),
    path("my/", my_events, name="my_events"),
    path("<slug:slug>/", event_detail, name="event"),
    path("<slug:slug>/agenda/", agenda, name="agenda"),
    path("<slug:slug>/register/", register, name="register"),
    path("<slug:slug>/registration/", registration_detail, name="registration"),
    path("<slug:slug>/ticket/", ticket, name="ticket"),
    path("<slug:slug>/registration/cancel/", cancel_registration, name="cancel_registration"),
    path("<slug:slug>/registration/accept/", accept_offer, name="accept_offer"),
    path("<slug:slug>/registration/decline/", decline_offer, name="decline_offer"),
    path("<slug:slug>/registration/sessions/", choose_sessions, name="choose_sessions"),
]
