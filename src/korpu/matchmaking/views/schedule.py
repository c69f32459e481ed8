"""The organisers' schedule: "schedule all" as a background task whose progress the page
polls (HTMX), the result's figures, the grid editor (slots × meeting places: choose a
meeting, the cells where it can take place are marked, move it there; lock, unlock,
unschedule) and publishing the schedule as preliminary or final.
"""

import itertools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from korpu.common.charts import percent_text
from korpu.common.views import error_messages

from .. import queries, services
from ..forms import MoveForm, PublishForm, RunForm
from ..models import BrokerageDay, Location, Meeting, ScheduleRun, Slot
from .common import form_errors, organiser_page, pick
from .manage import manage_context

ScheduleStatus = BrokerageDay.ScheduleStatus


def run_figures(run: ScheduleRun | None) -> dict | None:
    """The run's results for the page: counts, weight, proved bound and the gap."""
    if run is None or run.status != ScheduleRun.Status.DONE:
        return None
    stats = run.stats or {}
    weight = stats.get("weight_scheduled")
    bound = stats.get("upper_bound")
    gap = None
    if isinstance(weight, int | float) and isinstance(bound, int | float) and bound > 0:
        gap = percent_text(max(bound - weight, 0) / bound)
    return {
        "meetings": stats.get("meetings"),
        "scheduled": stats.get("scheduled"),
        "unscheduled": stats.get("unscheduled"),
        "kept": stats.get("kept"),
        "conflicts": stats.get("conflicts"),
        "weight": weight,
        "bound": bound,
        "gap": gap,
        "optimal": bool(stats.get("proved_optimal")),
        "idle": stats.get("idle_slots"),
        "seconds": stats.get("seconds"),
    }


def _run_context(day, run) -> dict:
    return {
        "day": day,
        "event": day.event,
        "run": run,
        "figures": run_figures(run),
        "percent": int(round((run.progress or 0) * 100)) if run else 0,
    }


def _chosen_meeting(day, raw) -> Meeting | None:
    if not raw:
        return None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        return None
    return (
        Meeting.objects.filter(brokerage_day=day, pk=pk, status=Meeting.Status.CONFIRMED)
        .select_related("brokerage_day__event", "slot", "location")
        .first()
    )


def grid_context(day, chosen: Meeting | None) -> dict:
    """The schedule as one table per local day (rows: slots, columns: meeting places),
    with the cells where ``chosen`` could take place marked."""
    grid = queries.schedule_grid(day)
    feasible = set()
    chosen_row = None
    if chosen is not None:
        feasible = {(slot.pk, location.pk) for slot, location in services.feasible_cells(chosen)}
        chosen_row = next(
            (m for cell in grid.cells.values() for m in cell if m.pk == chosen.pk), None
        ) or next((m for m in grid.unscheduled if m.pk == chosen.pk), None)
    zone = day.zone
    days = []
    for date, slots in itertools.groupby(
        grid.slots, key=lambda s: timezone.localtime(s.starts_at, zone).date()
    ):
        rows = []
        for slot in slots:
            cells = []
            for location in grid.locations:
                key = (slot.pk, location.pk)
                cells.append(
                    {
                        "location": location,
                        "meetings": grid.cells.get(key, []),
                        "feasible": key in feasible,
                    }
                )
            rows.append({"slot": slot, "cells": cells})
        days.append({"date": date, "rows": rows})
    return {
        "grid": grid,
        "grid_days": days,
        "chosen": chosen_row,
        "feasible_count": len(feasible),
        "scheduled_count": sum(len(c) for c in grid.cells.values()),
    }


@organiser_page
def manage_schedule(request, day):
    chosen = _chosen_meeting(day, request.GET.get("meeting"))
    if request.GET.get("meeting") and chosen is None:
        messages.info(request, _("That meeting is not in the schedule any more."))
    run = ScheduleRun.objects.filter(brokerage_day=day).select_related("requested_by").first()
    context = {
        **_run_context(day, run),
        **grid_context(day, chosen),
        **manage_context(day, "schedule", run_form=RunForm()),
    }
    template = "matchmaking/manage/schedule.html"
    if request.htmx and request.htmx.target == "grid":
        template += "#grid"
    return render(request, template, context)


@require_POST
@organiser_page
def schedule_run(request, day):
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            services.start_schedule_run(
                day=day, actor=request.user, time_limit=form.cleaned_data["time_limit"]
            )
        except ValidationError as error:
            messages.error(request, error_messages(error))
        else:
            messages.success(request, _("The scheduler was started."))
    return redirect(reverse("matchmaking:manage_schedule", args=[day.event.slug]) + "#run")


@require_GET
@organiser_page
def schedule_progress(request, day, pk):
    """The run's progress, polled every second by the page while the run works."""
    run = get_object_or_404(
        ScheduleRun.objects.select_related("requested_by"), pk=pk, brokerage_day=day
    )
    if not request.htmx:
        return redirect("matchmaking:manage_schedule", day.event.slug)
    if run.is_finished and request.GET.get("polling"):
        # The grid below changed: show the whole page again.
        return HttpResponseClientRefresh()
    return render(request, "matchmaking/manage/schedule.html#run", _run_context(day, run))


def _back_to_grid(day, meeting: Meeting | None = None):
    url = reverse("matchmaking:manage_schedule", args=[day.event.slug])
    if meeting is not None:
        url += f"?meeting={meeting.pk}"
    return redirect(url + "#grid")


def _day_meeting(day, pk) -> Meeting:
    return pick(
        Meeting.objects.select_related("brokerage_day__event", "slot", "location"),
        pk,
        brokerage_day=day,
    )


@require_POST
@organiser_page
def meeting_move(request, day, pk):
    meeting = _day_meeting(day, pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form) or _("Choose a cell of the grid."))
        return _back_to_grid(day, meeting)
    slot = pick(Slot.objects.all(), form.cleaned_data["slot"], brokerage_day=day)
    location = pick(Location.objects.all(), form.cleaned_data["location"], brokerage_day=day)
    try:
        services.move_meeting(
            meeting=meeting,
            slot=slot,
            location=location,
            actor=request.user,
            lock=form.cleaned_data["lock"],
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
        return _back_to_grid(day, meeting)
    messages.success(
        request,
        _("Moved to %(place)s, %(time)s.")
        % {"place": location.name, "time": _slot_label(slot, day)},
    )
    return _back_to_grid(day)


def _slot_label(slot: Slot, day) -> str:
    from django.utils.formats import date_format, time_format

    start = timezone.localtime(slot.starts_at, day.zone)
    return f"{date_format(start, 'DATE_FORMAT')} {time_format(start, 'TIME_FORMAT')}"


@require_POST
@organiser_page
def meeting_lock(request, day, pk):
    meeting = _day_meeting(day, pk)
    locked = request.POST.get("locked") == "1"
    try:
        services.set_meeting_lock(meeting=meeting, locked=locked, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("Locked: the scheduler keeps it in place.")
            if locked
            else _("Unlocked: the scheduler may move it."),
        )
    return _back_to_grid(day, meeting)


@require_POST
@organiser_page
def meeting_unschedule(request, day, pk):
    meeting = _day_meeting(day, pk)
    try:
        services.unschedule_meeting(meeting=meeting, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The meeting waits for a time again."))
    return _back_to_grid(day, meeting)


@require_POST
@organiser_page
def publish(request, day):
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matchmaking:manage_schedule", day.event.slug)
    status = form.cleaned_data["status"]
    try:
        if status == ScheduleStatus.DRAFT:
            services.unpublish_schedule(day=day, actor=request.user)
            messages.success(request, _("The schedule is no longer published."))
        else:
            told = services.publish_schedule(
                day=day,
                status=status,
                actor=request.user,
                notify=request.POST.get("notify") == "on",
            )
            label = (
                _("The final schedule is published.")
                if status == ScheduleStatus.FINAL
                else _("The preliminary schedule is published.")
            )
            messages.success(
                request,
                label
                + " "
                + ngettext(
                    "%(count)d participant was sent their agenda.",
                    "%(count)d participants were sent their agenda.",
                    told,
                )
                % {"count": told},
            )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    return redirect("matchmaking:manage_schedule", day.event.slug)


_manage = "<slug:slug>/brokerage/manage/"

urlpatterns = [
    path(_manage + "schedule/", manage_schedule, name="manage_schedule"),
    path(_manage + "schedule/run/", schedule_run, name="schedule_run"),
    path(_manage + "schedule/runs/<int:pk>/", schedule_progress, name="schedule_progress"),
    path(_manage + "schedule/publish/", publish, name="publish"),
    path(_manage + "meetings/<int:pk>/move/", meeting_move, name="meeting_move"),
    path(_manage + "meetings/<int:pk>/lock/", meeting_lock, name="meeting_lock"),
    path(_manage + "meetings/<int:pk>/unschedule/", meeting_unschedule, name="meeting_unschedule"),
]
