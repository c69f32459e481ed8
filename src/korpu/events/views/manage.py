"""Organisers' pages of an event: creating and editing it, the dashboard, the agenda
(tracks, rooms, sessions, speakers), registrations with approvals and the waiting list,
and invitations.

Every page needs ``events.change_event`` (creating one needs ``events.add_event``): an
event the user cannot see answers 404, one they see but do not run answers 403.
"""

import copy
import datetime
import math
import zoneinfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from korpu.common.forms import add_service_errors
from korpu.common.views import error_messages, paginate, require_perm

from .. import services, setup
from ..forms.manage import (
    EventForm,
    InvitationForm,
    RegistrationActionForm,
    RegistrationFilterForm,
    RoomForm,
    SessionForm,
    SpeakerForm,
    TrackForm,
)
from ..models import CheckIn, Event, Question, Registration, Speaker

Status = Registration.Status
PER_PAGE = 50
WAITING_SHOWN = 20
DEFAULT_ZONE = Event._meta.get_field("time_zone").default


def _managed_event(request, slug: str) -> Event:
    event = get_object_or_404(Event, slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    require_perm(request, "events.change_event", event)
    return event


def _zone(raw) -> str | None:
    """A time zone the form may be read in; anything else is left to the form to refuse."""
    if not raw or raw not in zoneinfo.available_timezones():
        return None
    return raw


def _saved(request):
    messages.success(request, _("Saved."))


def _pick(items: dict, raw):
    if not raw:
        return None
    try:
        return items[int(raw)]
    except (KeyError, TypeError, ValueError) as missing:
        raise Http404 from missing


# --- creating and editing --------------------------------------------------------------------
@login_required
def event_form(request, slug=None):
    event = _managed_event(request, slug) if slug else None
    organisers = setup.organiser_choices(request.user)
    if event is None:
        require_perm(request, "events.add_event")
        if not organisers.exists():
            raise PermissionDenied
    was_cancelled = event is not None and event.status == Event.Status.CANCELLED
    zone = _zone(request.POST.get("time_zone")) or (event.time_zone if event else DEFAULT_ZONE)
    with timezone.override(zone):
        # A copy: a refused form must not change the event the page's heading shows.
        form = EventForm(
            request.POST or None, instance=copy.copy(event), organisers=organisers, zone=zone
        )
        if request.method == "POST" and form.is_valid():
            data = form.data_for_service()
            try:
                if event is None:
                    event = setup.create_event(
                        actor=request.user,
                        organisers=form.cleaned_data["organisers"],
                        data=data,
                        slug=form.cleaned_data.get("slug") or "",
                    )
                    message = _("The event is created: add its agenda next.")
                else:
                    event = setup.update_event(
                        actor=request.user,
                        event=event,
                        data=data,
                        organisers=form.cleaned_data["organisers"],
                        move_agenda=form.cleaned_data.get("move_agenda", False),
                        notify=form.cleaned_data.get("notify", False),
                        note=form.cleaned_data.get("note", ""),
                    )
                    message = _("Saved.")
                    if event.status == Event.Status.CANCELLED and not was_cancelled:
                        message = _("The event is cancelled; the registered people were told.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, message)
                return redirect("events:event_edit", event.slug)
        others = []
        if event is not None:
            others = list(event.organisers.exclude(pk__in=organisers.values("pk")))
        return render(
            request,
            "events/manage/event_form.html",
            {"form": form, "event": event, "zone": zone, "other_organisers": others},
        )


# --- dashboard -------------------------------------------------------------------------------
@login_required
def manage(request, slug):
    event = _managed_event(request, slug)
    counts = dict(
        event.registrations.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    left = services.places_left(event)
    checked_in = (
        CheckIn.objects.filter(registration__event=event, session__isnull=True)
        .values("registration")
        .distinct()
        .count()
    )
    invitations = event.invitations.aggregate(
        sent=Count("pk"), used=Count("pk", filter=Q(used_at__isnull=False))
    )
    shown = (
        Status.CONFIRMED,
        Status.WAITLISTED,
        Status.PENDING_APPROVAL,
        Status.OFFERED,
        Status.CANCELLED,
    )
    return render(
        request,
        "events/manage/dashboard.html",
        {
            "event": event,
            "status_counts": [(s.value, s.label, counts.get(s, 0)) for s in shown],
            "other_counts": [
                (s.value, s.label, counts[s])
                for s in (Status.REJECTED, Status.EXPIRED)
                if counts.get(s)
            ],
            "places_left": None if math.isinf(left) else left,
            "checked_in": checked_in,
            "invitations": invitations,
            "sessions": event.sessions.count(),
            "current": "dashboard",
        },
    )


# --- agenda ----------------------------------------------------------------------------------
def _agenda_sessions(event: Event) -> dict:
    taken = Count("seats", filter=Q(seats__registration__status__in=Registration.HOLDING_A_PLACE))
    sessions = (
        event.sessions.select_related("track", "room")
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.select_related("person")))
        .annotate(seats_taken=taken)
        .order_by("starts_at", "room__position", "pk")
    )
    items = {}
    for session in sessions:
        session.day = timezone.localdate(session.starts_at, event.zone)
        items[session.pk] = session
    return items


@login_required
def agenda(request, slug):
    event = _managed_event(request, slug)
    sessions = _agenda_sessions(event)
    tracks = {t.pk: t for t in event.tracks.all()}
    rooms = {r.pk: r for r in event.rooms.all()}
    source = request.POST if request.method == "POST" else request.GET
    session = _pick(sessions, source.get("session"))
    track = _pick(tracks, source.get("track"))
    room = _pick(rooms, source.get("room"))
    here = reverse("events:agenda_edit", args=[event.slug])
    with timezone.override(event.zone):
        initial = {}
        if session is None:
            initial = {
                "starts_at": event.starts_at,
                "ends_at": event.starts_at + datetime.timedelta(hours=1),
            }
        forms = {
            "session": SessionForm(
                prefix="session", instance=session, event=event, initial=initial
            ),
            "track": TrackForm(prefix="track", instance=track),
            "room": RoomForm(prefix="room", instance=room),
            "speaker": SpeakerForm(prefix="speaker"),
        }
        if request.method == "POST":
            response = _agenda_post(request, event, forms, session, track, room, here)
            if response is not None:
                return response
        return render(
            request,
            "events/manage/agenda.html",
            {
                "event": event,
                "sessions": list(sessions.values()),
                "tracks": list(tracks.values()),
                "rooms": list(rooms.values()),
                "session": session,
                "track": track,
                "room": room,
                "forms": forms,
                "current": "agenda",
            },
        )


def _agenda_post(request, event, forms, session, track, room, here):
    """Apply one agenda change; a response to redirect, or None to show the forms again."""
    part, action = request.POST.get("part"), request.POST.get("action", "save")
    user = request.user
    bound = None
    try:
        if part == "session" and action == "save":
            bound = forms["session"] = SessionForm(
                request.POST, prefix="session", instance=session, event=event
            )
            if bound.is_valid():
                saved = setup.save_session(
                    actor=user, event=event, data=bound.data_for_service(), session=session
                )
                _saved(request)
                return redirect(f"{here}?session={saved.pk}#session-form")
        elif part == "session" and action == "delete" and session is not None:
            setup.delete_session(actor=user, session=session)
            _saved(request)
            return redirect(here)
        elif part in ("track", "room") and action == "save":
            form_class = TrackForm if part == "track" else RoomForm
            instance = track if part == "track" else room
            bound = forms[part] = form_class(request.POST, prefix=part, instance=instance)
            if bound.is_valid():
                save = setup.save_track if part == "track" else setup.save_room
                save(actor=user, event=event, data=bound.data_for_service(), **{part: instance})
                _saved(request)
                return redirect(f"{here}#{part}s")
        elif part == "track" and action == "delete" and track is not None:
            setup.delete_track(actor=user, track=track)
            _saved(request)
            return redirect(f"{here}#tracks")
        elif part == "room" and action == "delete" and room is not None:
            setup.delete_room(actor=user, room=room)
            _saved(request)
            return redirect(f"{here}#rooms")
        elif part == "speaker" and session is not None and action == "add":
            bound = forms["speaker"] = SpeakerForm(request.POST, prefix="speaker")
            if bound.is_valid():
                setup.add_speaker(
                    actor=user,
                    session=session,
                    person=bound.cleaned_data["person"],
                    guest_name=bound.cleaned_data["guest_name"],
                    guest_affiliation=bound.cleaned_data["guest_affiliation"],
                )
                _saved(request)
                return redirect(f"{here}?session={session.pk}#speakers")
        elif part == "speaker" and session is not None and action == "remove":
            speaker = _pick({s.pk: s for s in session.speakers.all()}, request.POST.get("speaker"))
            setup.remove_speaker(actor=user, speaker=speaker)
            _saved(request)
            return redirect(f"{here}?session={session.pk}#speakers")
        else:
            raise Http404
    except ValidationError as error:
        if bound is None:
            messages.error(request, error_messages(error))
            query = f"?session={session.pk}" if session is not None and part == "speaker" else ""
            return redirect(here + query)
        add_service_errors(bound, error)
    return None


# --- registrations ---------------------------------------------------------------------------
def _search(rows, text: str):
    for term in text.split()[:5]:
        rows = rows.filter(
            Q(person__first_name__icontains=term)
            | Q(person__last_name__icontains=term)
            | Q(person__email__icontains=term)
        )
    return rows


def _shown(answer) -> str:
    if isinstance(answer, bool):
        return _("yes") if answer else _("no")
    if isinstance(answer, list):
        return ", ".join(str(item) for item in answer)
    return str(answer)


@login_required
def registrations(request, slug):
    event = _managed_event(request, slug)
    form = RegistrationFilterForm(request.GET or None)
    filters = form.filters()
    rows = event.registrations.select_related("person", "decided_by").order_by("created_at", "pk")
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("q"):
        rows = _search(rows, filters["q"])
    order = services.waiting_list(event).values_list("pk", flat=True)
    positions = {pk: number for number, pk in enumerate(order, 1)}
    waiting = list(services.waiting_list(event).select_related("person")[:WAITING_SHOWN])
    page = paginate(request, rows, per_page=PER_PAGE)
    labels = {str(q.pk): q.label for q in event.questions.filter(form=Question.Form.REGISTRATION)}
    for registration in page:
        registration.position = positions.get(registration.pk)
        registration.actionable = registration.status in Registration.ACTIVE
        registration.answer_list = [
            (labels.get(key, key), _shown(value))
            for key, value in (registration.answers or {}).items()
        ]
    counts = dict(
        event.registrations.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    offered = list(
        event.registrations.filter(status=Status.OFFERED)
        .select_related("person")
        .order_by("offer_expires_at", "pk")
    )
    context = {
        "event": event,
        "form": form,
        "filtered": bool(filters),
        "page": page,
        "waiting": waiting,
        "more_waiting": max(len(positions) - len(waiting), 0),
        "offered": offered,
        "status_counts": [(value, label, counts.get(value, 0)) for value, label in Status.choices],
        "any_pending": any(r.status == Status.PENDING_APPROVAL for r in page),
        "action_form": RegistrationActionForm(),
        "return_query": request.GET.urlencode(),
        "current": "registrations",
    }
    template = "events/manage/registrations.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _back(request, event) -> str:
    query = QueryDict(request.POST.get("return_query", "")[:500]).urlencode()
    url = reverse("events:registrations", args=[event.slug])
    return f"{url}?{query}" if query else url


@login_required
@require_POST
def registrations_decide(request, slug):
    """Approve, decline or cancel registrations; several at once are all or nothing."""
    event = _managed_event(request, slug)
    active = event.registrations.filter(status__in=Registration.ACTIVE).values_list("pk", flat=True)
    form = RegistrationActionForm(request.POST, registrations=list(active))
    back = _back(request, event)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(message) for errors in form.errors.values() for message in errors),
        )
        return redirect(back)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    chosen = list(
        event.registrations.select_related("person")
        .filter(pk__in=form.cleaned_data["registrations"])
        .order_by("created_at", "pk")
    )
    current = None
    try:
        with transaction.atomic():
            for current in chosen:
                if action == "approve":
                    services.approve_registration(registration=current, actor=request.user)
                elif action == "reject":
                    services.reject_registration(
                        registration=current, actor=request.user, note=note
                    )
                else:
                    services.cancel_registration(registration=current, actor=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("Nothing was changed. %(name)s: %(reason)s")
            % {
                "name": current.person.full_name or current.person.email,
                "reason": error_messages(error),
            },
        )
    else:
        done = {
            "approve": ngettext(
                "%(count)s registration approved; the participant was told.",
                "%(count)s registrations approved; the participants were told.",
                len(chosen),
            ),
            "reject": ngettext(
                "%(count)s registration declined; the participant was told.",
                "%(count)s registrations declined; the participants were told.",
                len(chosen),
            ),
            "cancel": ngettext(
                "%(count)s registration cancelled; the participant was told.",
                "%(count)s registrations cancelled; the participants were told.",
                len(chosen),
            ),
        }[action]
        messages.success(request, done % {"count": len(chosen)})
    return redirect(back)


# --- invitations -----------------------------------------------------------------------------
@login_required
def invitations(request, slug):
    event = _managed_event(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        emails = form.cleaned_data["emails"]
        try:
            created = services.invite(event=event, emails=emails, actor=request.user)
        except ValidationError as error:
            form.add_error("emails", error)
        else:
            messages.success(
                request,
                ngettext("%(count)s invitation sent.", "%(count)s invitations sent.", len(created))
                % {"count": len(created)},
            )
            already = len(emails) - len(created)
            if already:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s address had been invited already.",
                        "%(count)s addresses had been invited already.",
                        already,
                    )
                    % {"count": already},
                )
            return redirect("events:invitations", event.slug)
    rows = event.invitations.select_related("registration").order_by("email")
    return render(
        request,
        "events/manage/invitations.html",
        {
            "event": event,
            "form": form,
            "page": paginate(request, rows, per_page=PER_PAGE * 2),
            "current": "invitations",
        },
    )


_manage = "<slug:slug>/manage/"

urlpatterns = [
    path("new/", event_form, name="event_create"),
    path(_manage, manage, name="manage"),
    path(_manage + "edit/", event_form, name="event_edit"),
    path(_manage + "agenda/", agenda, name="agenda_edit"),
    path(_manage + "registrations/", registrations, name="registrations"),
    path(_manage + "registrations/decide/", registrations_decide, name="registrations_decide"),
    path(_manage + "invitations/", invitations, name="invitations"),
]
