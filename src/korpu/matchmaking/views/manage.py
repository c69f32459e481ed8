"""The organisers' pages of a brokerage day: setting it up and its settings, the time grid
(meeting sessions with breaks, generated slots, tables, rooms, booths and virtual rooms)
and the meetings list.

Every page needs the managers of the event's organisers (or staff): an event the user
cannot see answers 404, one they see but do not run answers 403.
"""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from korpu.common.forms import add_service_errors
from korpu.common.views import error_messages, paginate, require_perm

from .. import queries, services
from ..forms import (
    ArrangeMeetingForm,
    BoothOwnerForm,
    BrokerageDayForm,
    CapacityForm,
    GridSessionForm,
    LocationForm,
    MeetingFilterForm,
    ReasonForm,
)
from ..models import (
    BROKERAGE_EVENT_KINDS,
    BrokerageDay,
    GridSession,
    Location,
    Meeting,
    MeetingRequest,
    Profile,
    ScheduleRun,
    Slot,
)
from .common import form_errors, organiser_page, pick, visible_event

MEETINGS_PER_PAGE = 50


def manage_context(day: BrokerageDay, current: str, **extra) -> dict:
    return {"day": day, "event": day.event, "current": current, **extra}


# --- setting up ------------------------------------------------------------------------------
@login_required
def setup(request, slug):
    """Give a conference or brokerage event its brokerage day."""
    event = visible_event(request, slug)
    require_perm(request, "events.change_event", event)
    existing = queries.brokerage_day_of(event)
    if existing is not None:
        return redirect("matchmaking:manage", event.slug)
    allowed = event.kind in BROKERAGE_EVENT_KINDS
    form = BrokerageDayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.create_brokerage_day(
                event=event, actor=request.user, **form.data_for_service()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The brokerage day is set up: build its time grid next."))
            return redirect("matchmaking:manage_grid", event.slug)
    return render(
        request,
        "matchmaking/manage/setup.html",
        {"event": event, "form": form, "allowed": allowed, "current": "settings"},
    )


@organiser_page
def manage(request, day):
    """The overview and the settings."""
    form = BrokerageDayForm(
        request.POST if request.method == "POST" else None, instance=copy.copy(day)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_brokerage_day(day=day, actor=request.user, **form.data_for_service())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("matchmaking:manage", day.event.slug)
    requests = dict(
        MeetingRequest.objects.filter(brokerage_day=day)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    meetings = Meeting.objects.filter(brokerage_day=day, status=Meeting.Status.CONFIRMED)
    counts = {
        "profiles": Profile.objects.filter(brokerage_day=day).count(),
        "published": Profile.objects.filter(brokerage_day=day, published=True).count(),
        "pending": requests.get(MeetingRequest.Status.PENDING, 0),
        "requests": sum(requests.values()),
        "meetings": meetings.count(),
        "scheduled": meetings.filter(slot__isnull=False).count(),
        "slots": Slot.objects.filter(brokerage_day=day).count(),
        "locations": Location.objects.filter(brokerage_day=day).count(),
    }
    return render(
        request,
        "matchmaking/manage/overview.html",
        manage_context(
            day,
            "overview",
            form=form,
            counts=counts,
            run=ScheduleRun.objects.filter(brokerage_day=day).first(),
        ),
    )


# --- the time grid -----------------------------------------------------------------------------
def _grid_context(day, forms, profiles) -> dict:
    sessions = list(
        GridSession.objects.filter(brokerage_day=day)
        .prefetch_related("breaks")
        .annotate(slot_count=Count("slots"))
        .order_by("starts_at")
    )
    locations = list(
        Location.objects.filter(brokerage_day=day)
        .select_related("owner__person", "owner__organisation")
        .annotate(
            meeting_count=Count("meetings", filter=Q(meetings__status=Meeting.Status.CONFIRMED))
        )
        .order_by("position", "pk")
    )
    for location in locations:
        owner = _owner_of(location)
        location.owner_profile = owner
        location.capacity_form = CapacityForm(
            prefix=f"l{location.pk}", initial={"capacity": location.capacity}
        )
        if location.kind == Location.Kind.BOOTH:
            location.booth_form = BoothOwnerForm(
                prefix=f"b{location.pk}",
                profiles=profiles,
                initial={"profile": owner.pk if owner else ""},
            )
    return {
        "sessions": sessions,
        "locations": locations,
        "slot_count": Slot.objects.filter(brokerage_day=day).count(),
        "expected_slots": sum(len(services.slot_times(day, s, s.breaks.all())) for s in sessions),
        "forms": forms,
    }


def _owner_of(location):
    try:
        return location.owner
    except Profile.DoesNotExist:
        return None


@organiser_page
def manage_grid(request, day):
    here = reverse("matchmaking:manage_grid", args=[day.event.slug])
    profiles = list(
        Profile.objects.filter(brokerage_day=day)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__last_name", "pk")
    )
    forms = {
        "session": GridSessionForm(prefix="session"),
        "location": LocationForm(prefix="location"),
    }
    if request.method == "POST":
        response = _grid_post(request, day, forms, profiles, here)
        if response is not None:
            return response
    context = manage_context(day, "grid", **_grid_context(day, forms, profiles))
    return render(request, "matchmaking/manage/grid.html", context)


def _grid_post(request, day, forms, profiles, here):
    """Apply one change to the grid; a redirect, or None to show the forms again."""
    part = request.POST.get("part")
    user = request.user
    bound = None
    try:
        if part == "session":
            bound = forms["session"] = GridSessionForm(request.POST, prefix="session")
            if bound.is_valid():
                data = bound.cleaned_data
                services.add_grid_session(
                    day=day,
                    actor=user,
                    date=data["date"],
                    starts=data["starts"],
                    ends=data["ends"],
                    name=data["name"],
                    breaks=bound.breaks(),
                )
                messages.success(
                    request, _("The meeting session is added. Generate the slots when ready.")
                )
                return redirect(here + "#sessions")
        elif part == "remove_session":
            session = pick(
                GridSession.objects.all(), request.POST.get("session"), brokerage_day=day
            )
            services.remove_grid_session(session=session, actor=user)
            messages.success(request, _("The meeting session is removed."))
            return redirect(here + "#sessions")
        elif part == "generate":
            slots = services.generate_slots(day=day, actor=user)
            messages.success(
                request,
                ngettext(
                    "%(count)d slot is ready for meetings.",
                    "%(count)d slots are ready for meetings.",
                    len(slots),
                )
                % {"count": len(slots)},
            )
            return redirect(here + "#sessions")
        elif part == "location":
            bound = forms["location"] = LocationForm(request.POST, prefix="location")
            if bound.is_valid():
                data = bound.cleaned_data
                count = data["count"]
                for number in range(1, count + 1):
                    services.add_location(
                        day=day,
                        actor=user,
                        name=f"{data['name']} {number}" if count > 1 else data["name"],
                        kind=data["kind"],
                        capacity=data["capacity"],
                        video_link=data["video_link"],
                    )
                messages.success(
                    request,
                    ngettext(
                        "%(count)d meeting place is added.",
                        "%(count)d meeting places are added.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(here + "#locations")
        elif part == "capacity":
            location = pick(Location.objects.all(), request.POST.get("location"), brokerage_day=day)
            form = CapacityForm(request.POST, prefix=f"l{location.pk}")
            if not form.is_valid():
                messages.error(request, form_errors(form))
                return redirect(here + "#locations")
            services.set_location_capacity(
                location=location, capacity=form.cleaned_data["capacity"], actor=user
            )
            messages.success(request, _("Saved."))
            return redirect(here + "#locations")
        elif part == "remove_location":
            location = pick(Location.objects.all(), request.POST.get("location"), brokerage_day=day)
            services.remove_location(location=location, actor=user)
            messages.success(request, _("The meeting place is removed."))
            return redirect(here + "#locations")
        elif part == "booth":
            location = pick(
                Location.objects.all(),
                request.POST.get("location"),
                brokerage_day=day,
                kind=Location.Kind.BOOTH,
            )
            form = BoothOwnerForm(request.POST, prefix=f"b{location.pk}", profiles=profiles)
            if not form.is_valid():
                messages.error(request, form_errors(form))
                return redirect(here + "#locations")
            chosen = form.cleaned_data["profile"]
            current = _owner_of(location)
            if chosen:
                owner = pick(Profile.objects.all(), chosen, brokerage_day=day)
                services.assign_booth(profile=owner, location=location, actor=user)
            elif current is not None:
                services.assign_booth(profile=current, location=None, actor=user)
            messages.success(request, _("Saved."))
            return redirect(here + "#locations")
        else:
            messages.error(request, _("Choose what to change."))
            return redirect(here)
    except ValidationError as error:
        if bound is None:
            messages.error(request, error_messages(error))
            return redirect(here)
        add_service_errors(bound, error)
    return None


# --- meetings --------------------------------------------------------------------------------
@organiser_page
def manage_meetings(request, day):
    profiles = list(
        Profile.objects.filter(brokerage_day=day)
        .select_related("person", "organisation")
        .order_by("organisation__name", "person__last_name", "pk")
    )
    form = MeetingFilterForm(request.GET or None, profiles=profiles)
    filters = form.filters()
    scheduled = {
        MeetingFilterForm.SCHEDULED: True,
        MeetingFilterForm.UNSCHEDULED: False,
    }.get(filters.get("scheduled"))
    chosen = None
    if filters.get("participant"):
        chosen = next((p for p in profiles if p.pk == filters["participant"]), None)
    meetings = queries.meetings_of_day(
        day, status=filters.get("status", ""), scheduled=scheduled, profile=chosen
    )
    arrange = ArrangeMeetingForm(
        request.POST if request.method == "POST" else None, profiles=profiles, prefix="arrange"
    )
    if request.method == "POST" and arrange.is_valid():
        by_pk = {p.pk: p for p in profiles}
        try:
            services.create_meeting(
                day=day,
                profiles=[by_pk[pk] for pk in arrange.cleaned_data["participants"]],
                actor=request.user,
                weight=arrange.cleaned_data["weight"],
            )
        except ValidationError as error:
            add_service_errors(arrange, error)
        else:
            messages.success(request, _("The meeting is arranged; schedule it next."))
            return redirect("matchmaking:manage_meetings", day.event.slug)
    context = manage_context(
        day,
        "meetings",
        form=form,
        filtered=bool(filters),
        page=paginate(request, meetings, per_page=MEETINGS_PER_PAGE),
        arrange=arrange,
        reason_form=ReasonForm(),
        clear_url=reverse("matchmaking:manage_meetings", args=[day.event.slug]),
    )
    template = "matchmaking/manage/meetings.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_POST
@organiser_page
def meeting_cancel(request, day, pk):
    meeting = pick(Meeting.objects.select_related("brokerage_day__event"), pk, brokerage_day=day)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.cancel_meeting(
                meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error_messages(error))
        else:
            messages.success(request, _("The meeting is cancelled; its participants were told."))
    back = request.POST.get("next", "")
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("matchmaking:manage_meetings", day.event.slug)


_manage = "<slug:slug>/brokerage/manage/"

urlpatterns = [
    path("<slug:slug>/brokerage/setup/", setup, name="setup"),
    path(_manage, manage, name="manage"),
    path(_manage + "grid/", manage_grid, name="manage_grid"),
    path(_manage + "meetings/", manage_meetings, name="manage_meetings"),
    path(_manage + "meetings/<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
]
