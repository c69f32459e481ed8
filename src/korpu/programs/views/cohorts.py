"""Cohort pages: the cohort (members, schedule, mentors), mentors' office hours and
bookings, a member's programme page (milestones, monthly figures with charts), and
specialist exchange placements.

Each view checks a permission, calls one service of :mod:`korpu.programs.cohorts` (or
one of its reads), renders. Pages of a cohort are shown in the programme's time zone,
and times typed into their forms are read in that zone. A cohort the user may not see
answers 404; a page of it they may see but not use answers 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import error_messages, paginate

from .. import cohorts as services
from ..charts import line_chart
from ..forms.cohorts import (
    BookingForm,
    FinalReportForm,
    HostEvaluationForm,
    MentorAddForm,
    MentorForm,
    MetricReportForm,
    MilestoneForm,
    MilestoneProgressForm,
    PlacementForm,
    PlacementPlanForm,
    PlacementStatusForm,
    SessionForm,
    SlotForm,
)
from ..models import (
    Cohort,
    CohortMember,
    CohortSession,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
)
from ..queries import managed_programmes


# --- helpers ------------------------------------------------------------------------------
def _render(request, template: str, context: dict, programme):
    """Render in the programme's time zone (dates shown and form values alike)."""
    with timezone.override(services.programme_zone(programme)):
        return render(
            request, template, {"programme": programme, "zone": programme.time_zone, **context}
        )


def _put_errors(form, error: ValidationError) -> None:
    """A service's refusal, put on the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _cohort(request, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort.objects.select_related("programme"), pk=pk)
    if not request.user.has_perm("programs.view_cohort", cohort):
        raise Http404
    return cohort


def _require_manager(request, cohort: Cohort) -> None:
    if not request.user.has_perm("programs.change_cohort", cohort):
        raise PermissionDenied


def _valid_in_zone(form, programme) -> bool:
    with timezone.override(services.programme_zone(programme)):
        return form.is_valid()


# --- my cohorts and the cohort page ---------------------------------------------------------
@login_required
def my_cohorts(request):
    context = {
        "cohorts": services.my_cohorts(request.user),
        "bookings": services.my_upcoming_bookings(request.user)[:50],
        "placements": services.my_placements(request.user),
        "manages_placements": managed_programmes(request.user).exists(),
    }
    return render(request, "programs/cohorts/my_cohorts.html", context)


@login_required
def cohort_detail(request, pk):
    cohort = _cohort(request, pk)
    user = request.user
    can_manage = user.has_perm("programs.change_cohort", cohort)
    is_mentor = services.is_cohort_mentor(user, cohort)
    mine = services.members_acting_for(user, cohort)
    members = services.cohort_members(cohort)
    sees_all = can_manage or is_mentor
    for member in members:
        member.can_open = sees_all or member in mine
    now = timezone.now()
    sessions = list(cohort.sessions.all())
    mentors = (
        cohort.mentors.select_related("person")
        .annotate(
            free_slots=Count(
                "slots", filter=Q(slots__starts_at__gt=now, slots__booking__isnull=True)
            )
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
    context = {
        "cohort": cohort,
        "members": members,
        "upcoming_sessions": [s for s in sessions if s.ends_at > now],
        "past_sessions": [s for s in sessions if s.ends_at <= now],
        "mentors": mentors,
        "can_manage": can_manage,
        "is_mentor": is_mentor,
        "my_members": mine,
    }
    return _render(request, "programs/cohorts/cohort_detail.html", context, cohort.programme)


# --- sessions and mentors (managers) ----------------------------------------------------------
@login_required
def session_form(request, pk, session_pk=None):
    cohort = _cohort(request, pk)
    _require_manager(request, cohort)
    session = get_object_or_404(cohort.sessions, pk=session_pk) if session_pk else None
    initial = (
        {
            "title": session.title,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "location": session.location,
        }
        if session
        else {}
    )
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and _valid_in_zone(form, cohort.programme):
        try:
            services.save_session(
                actor=request.user, cohort=cohort, session=session, **form.cleaned_data
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect(cohort)
    context = {"cohort": cohort, "session": session, "form": form}
    return _render(request, "programs/cohorts/session_form.html", context, cohort.programme)


@login_required
@require_POST
def session_delete(request, pk, session_pk):
    cohort = _cohort(request, pk)
    _require_manager(request, cohort)
    session = get_object_or_404(CohortSession, pk=session_pk, cohort=cohort)
    services.delete_session(actor=request.user, session=session)
    messages.success(request, _("The session was removed from the schedule."))
    return redirect(cohort)


@login_required
def mentor_add(request, pk):
    cohort = _cohort(request, pk)
    _require_manager(request, cohort)
    form = MentorAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_mentor(actor=request.user, cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("The mentor was added and told by e-mail."))
            return redirect(cohort)
    context = {"cohort": cohort, "form": form, "mentor": None}
    return _render(request, "programs/cohorts/mentor_form.html", context, cohort.programme)


@login_required
def mentor_edit(request, pk, mentor_pk):
    cohort = _cohort(request, pk)
    _require_manager(request, cohort)
    mentor = get_object_or_404(cohort.mentors.select_related("person"), pk=mentor_pk)
    if request.method == "POST" and request.POST.get("action") == "remove":
        try:
            services.remove_mentor(actor=request.user, mentor=mentor)
        except ValidationError as error:
            messages.error(request, error_messages(error))
            return redirect("programs:cohort_mentor_edit", cohort.pk, mentor.pk)
        messages.success(request, _("The mentor was removed from the cohort."))
        return redirect(cohort)
    form = MentorForm(request.POST or None, initial={"topics": mentor.topics})
    if request.method == "POST" and form.is_valid():
        services.update_mentor(
            actor=request.user, mentor=mentor, topics=form.cleaned_data["topics"]
        )
        messages.success(request, _("The mentor's topics were saved."))
        return redirect(cohort)
    context = {"cohort": cohort, "form": form, "mentor": mentor}
    return _render(request, "programs/cohorts/mentor_form.html", context, cohort.programme)


# --- office hours -------------------------------------------------------------------------
@login_required
def mentor_slots(request, pk):
    """Office hours of a cohort: mentors publish slots, members book them, managers
    watch. POST publishes slots (mentors only)."""
    cohort = _cohort(request, pk)
    user = request.user
    mentor = cohort.mentors.filter(person=user).first() if user.is_authenticated else None
    can_manage = user.has_perm("programs.change_cohort", cohort)
    mine = services.members_acting_for(user, cohort)
    form = SlotForm(request.POST or None, initial={"repeat_weeks": 0}) if mentor else None
    if request.method == "POST":
        if mentor is None:
            raise PermissionDenied
        if _valid_in_zone(form, cohort.programme):
            try:
                slots = services.publish_slots(
                    actor=user,
                    mentor=mentor,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    location=form.cleaned_data["location"],
                    repeat_weeks=form.cleaned_data["repeat_weeks"] or 0,
                )
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)s slot(s) published. Members of the cohort can now book them.")
                    % {"count": len(slots)},
                )
                return redirect("programs:mentor_slots", cohort.pk)
    now = timezone.now()
    upcoming = (
        OfficeHourSlot.objects.filter(mentor__cohort=cohort, ends_at__gt=now)
        .select_related(
            "mentor__person",
            "booking__member__company",
            "booking__member__person",
            "booking__booked_by",
        )
        .order_by("starts_at", "pk")
    )
    my_bookings = list(
        OfficeHourBooking.objects.filter(member__in=mine, slot__ends_at__gt=now)
        .select_related("slot__mentor__person", "member__company", "member__person")
        .order_by("slot__starts_at", "pk")
    )
    for booking in my_bookings:
        booking.can_cancel = services.member_may_still_cancel(booking, now)
    allowances = []
    cap = cohort.max_mentor_hours_per_member
    for member in mine:
        booked = services.booked_hours(member.pk)
        allowances.append(
            {
                "member": member,
                "booked": services.hours_text(booked),
                "left": services.hours_text(max(cap - booked, 0)) if cap is not None else None,
            }
        )
    context = {
        "cohort": cohort,
        "mentor": mentor,
        "form": form,
        "can_manage": can_manage,
        "my_members": mine,
        "my_bookings": my_bookings,
        "allowances": allowances,
        "cap": services.hours_text(cap) if cap is not None else None,
        "own_slots": [s for s in upcoming if mentor and s.mentor_id == mentor.pk],
        "free_slots": [
            s
            for s in upcoming
            if s.starts_at > now and not hasattr(s, "booking") and s.mentor.person_id != user.pk
        ]
        if mine
        else [],
        "all_slots": list(upcoming) if can_manage else [],
        "booking_form": BookingForm(members=mine) if mine else None,
    }
    return _render(request, "programs/cohorts/office_hours.html", context, cohort.programme)


def _slot_cohort(request, slot_pk) -> tuple[OfficeHourSlot, Cohort]:
    slot = get_object_or_404(
        OfficeHourSlot.objects.select_related("mentor__cohort__programme"), pk=slot_pk
    )
    cohort = slot.mentor.cohort
    if not request.user.has_perm("programs.view_cohort", cohort):
        raise Http404
    return slot, cohort


@login_required
@require_POST
def book_slot(request, slot_pk):
    slot, cohort = _slot_cohort(request, slot_pk)
    mine = services.members_acting_for(request.user, cohort)
    if not mine:
        raise PermissionDenied
    form = BookingForm(request.POST, members=mine)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
        return redirect("programs:mentor_slots", cohort.pk)
    member = next(m for m in mine if m.pk == form.cleaned_data["member"])
    try:
        services.book_slot(
            actor=request.user, slot=slot, member=member, topic=form.cleaned_data["topic"]
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request, _("Booked. You and the mentor will receive a confirmation by e-mail.")
        )
    return redirect("programs:mentor_slots", cohort.pk)


@login_required
@require_POST
def slot_delete(request, slot_pk):
    slot, cohort = _slot_cohort(request, slot_pk)
    if slot.mentor.person_id != request.user.pk:
        raise PermissionDenied
    try:
        services.delete_slot(actor=request.user, slot=slot)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The slot was withdrawn."))
    return redirect("programs:mentor_slots", cohort.pk)


@login_required
@require_POST
def booking_cancel(request, booking_pk):
    booking = get_object_or_404(
        OfficeHourBooking.objects.select_related(
            "slot__mentor__cohort__programme", "member__cohort__programme"
        ),
        pk=booking_pk,
    )
    cohort = booking.slot.mentor.cohort
    if not request.user.has_perm("programs.view_cohort", cohort):
        raise Http404
    if not (
        booking.slot.mentor.person_id == request.user.pk
        or services.can_act_for_member(request.user, booking.member)
    ):
        raise PermissionDenied
    try:
        services.cancel_booking(actor=request.user, booking=booking)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The booking was cancelled; both sides are told by e-mail."))
    return redirect("programs:mentor_slots", cohort.pk)


# --- a member's programme page: milestones and monthly figures ------------------------------
def _member(request, pk) -> CohortMember:
    member = get_object_or_404(
        CohortMember.objects.select_related("cohort__programme", "company", "person"), pk=pk
    )
    if not request.user.has_perm("programs.view_cohort", member.cohort):
        raise Http404
    if not services.can_view_member(request.user, member):
        raise PermissionDenied
    return member


def _month_param(value: str) -> datetime.date | None:
    """``?month=2025-04`` (a month to correct); anything else is ignored."""
    try:
        return datetime.datetime.strptime(value, "%Y-%m").date()
    except ValueError:
        return None


def _money(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def _charts(history: list[dict]) -> list[dict]:
    series = [  # (field, title, counts of things)
        ("employees", _("Employees"), True),
        ("revenue", _("Revenue (USD)"), False),
        ("funding_raised", _("Funding raised (USD)"), False),
        ("customers", _("Customers"), True),
    ]
    points_labels = [date_format(row["period"], "M Y") for row in history]
    return [
        {
            "field": field,
            "title": title,
            "svg": line_chart(
                [(label, row[field]) for label, row in zip(points_labels, history, strict=True)],
                title=title,
                empty_text=_("No figures yet"),
                format_value=_money,
                whole_numbers=whole,
            ),
        }
        for field, title, whole in series
    ]


@login_required
def member_detail(request, pk):
    """A company's (or a person's) page in the programme. Managers add milestones here
    (POST)."""
    member = _member(request, pk)
    cohort = member.cohort
    can_manage = request.user.has_perm("programs.change_cohort", cohort)
    form = MilestoneForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_milestone(actor=request.user, member=member, **form.cleaned_data)
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, _("The milestone was added."))
                return redirect("programs:member", member.pk)
    today = services.local_today(cohort.programme)
    milestones = list(member.milestones.all())
    for milestone in milestones:
        milestone.overdue = services.is_overdue(milestone, today)
    history = services.metric_history(member)
    context = {
        "member": member,
        "cohort": cohort,
        "milestones": milestones,
        "overdue_count": sum(m.overdue for m in milestones),
        "form": form,
        "can_manage": can_manage,
        "can_report": services.can_act_for_member(request.user, member),
        "history": [row for row in reversed(history) if row["report"]],
        "charts": _charts(history) if history else [],
    }
    return _render(request, "programs/cohorts/member_detail.html", context, cohort.programme)


@login_required
def milestone_edit(request, pk):
    milestone = get_object_or_404(
        Milestone.objects.select_related("member__cohort__programme", "member__company"), pk=pk
    )
    member = _member(request, milestone.member_id)
    can_manage = request.user.has_perm("programs.change_cohort", member.cohort)
    can_report = services.can_act_for_member(request.user, member)
    if not (can_manage or can_report):
        raise PermissionDenied
    part = request.POST.get("part") if request.method == "POST" else None
    plan_form = (
        MilestoneForm(
            request.POST if part == "plan" else None,
            initial={"title": milestone.title, "due_on": milestone.due_on},
        )
        if can_manage
        else None
    )
    progress_form = (
        MilestoneProgressForm(
            request.POST if part == "progress" else None,
            initial={
                "status": milestone.status,
                "evidence": milestone.evidence,
                "evidence_url": milestone.evidence_url,
            },
        )
        if can_report
        else None
    )
    if part == "delete":
        if not can_manage:
            raise PermissionDenied
        services.delete_milestone(actor=request.user, milestone=milestone)
        messages.success(request, _("The milestone was deleted."))
        return redirect("programs:member", member.pk)
    if part == "plan":
        if plan_form is None:
            raise PermissionDenied
        if plan_form.is_valid():
            try:
                services.update_milestone(
                    actor=request.user, milestone=milestone, **plan_form.cleaned_data
                )
            except ValidationError as error:
                _put_errors(plan_form, error)
            else:
                messages.success(request, _("The milestone was saved."))
                return redirect("programs:member", member.pk)
    elif part == "progress":
        if progress_form is None:
            raise PermissionDenied
        if progress_form.is_valid():
            try:
                services.report_milestone_progress(
                    actor=request.user, milestone=milestone, **progress_form.cleaned_data
                )
            except ValidationError as error:
                _put_errors(progress_form, error)
            else:
                messages.success(request, _("Progress on the milestone was saved."))
                return redirect("programs:member", member.pk)
    elif request.method == "POST":
        return redirect("programs:milestone", milestone.pk)
    context = {
        "milestone": milestone,
        "member": member,
        "cohort": member.cohort,
        "overdue": services.is_overdue(milestone, services.local_today(member.cohort.programme)),
        "plan_form": plan_form,
        "progress_form": progress_form,
    }
    return _render(
        request, "programs/cohorts/milestone_form.html", context, member.cohort.programme
    )


@login_required
def member_metrics(request, pk):
    """The company's people report a month's figures (again for the same month: update)."""
    member = _member(request, pk)
    if not services.can_act_for_member(request.user, member):
        raise PermissionDenied
    programme = member.cohort.programme
    month = _month_param(request.GET.get("month", "")) or services.month_start(
        services.local_today(programme)
    )
    existing = member.metrics.filter(period=month).first()
    initial = {"period": month}
    if existing:
        initial.update({field: getattr(existing, field) for field in services.METRIC_FIELDS})
    form = MetricReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report, created = services.save_metric_report(
                actor=request.user, member=member, **form.cleaned_data
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            month_name = date_format(report.period, "YEAR_MONTH_FORMAT")
            messages.success(
                request,
                (
                    _("The figures for %(month)s were saved.")
                    if created
                    else _("The figures for %(month)s were updated.")
                )
                % {"month": month_name},
            )
            return redirect(reverse("programs:member", args=[member.pk]) + "#figures")
    context = {
        "member": member,
        "cohort": member.cohort,
        "form": form,
        "existing": existing,
        "reported_months": list(
            member.metrics.order_by("-period").values_list("period", flat=True)
        ),
    }
    return _render(request, "programs/cohorts/metrics_form.html", context, programme)


# --- specialist exchange placements ---------------------------------------------------------
@login_required
def placement_list(request):
    programmes = managed_programmes(request.user)
    if not programmes.exists():
        raise PermissionDenied
    form = PlacementForm(request.POST or None, programmes=programmes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            placement = services.create_placement(actor=request.user, **data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(
                request,
                _("The placement was created; the specialist and the host mentor are told."),
            )
            return redirect("programs:placement", placement.pk)
    placements = services.managed_placements(request.user)
    status = request.GET.get("status", "")
    if status in Placement.Status.values:
        placements = placements.filter(status=status)
    context = {
        "page": paginate(request, placements),
        "form": form,
        "status": status,
        "statuses": Placement.Status.choices,
    }
    return render(request, "programs/cohorts/placement_list.html", context)


@login_required
def placement_detail(request, pk):
    placement = get_object_or_404(
        Placement.objects.select_related("programme", "specialist", "host", "host_mentor"), pk=pk
    )
    user = request.user
    if not user.has_perm("programs.view_placement", placement):
        raise Http404
    can_manage = user.has_perm("programs.change_placement", placement)
    is_specialist = services.is_placement_specialist(user, placement)
    is_host = services.is_placement_host(user, placement)
    writable = placement.status in services.WRITABLE_STATUSES
    allowed = services.PLACEMENT_TRANSITIONS[placement.status]
    part = request.POST.get("part") if request.method == "POST" else None

    def data(name):
        return request.POST if part == name else None

    forms = {
        "report": FinalReportForm(data("report"), initial={"final_report": placement.final_report})
        if is_specialist and writable
        else None,
        "evaluation": HostEvaluationForm(
            data("evaluation"),
            initial={
                "host_evaluation": placement.host_evaluation,
                "host_rating": placement.host_rating,
            },
        )
        if is_host and writable
        else None,
        "status": PlacementStatusForm(data("status"), allowed=allowed)
        if can_manage and allowed
        else None,
        "plan": PlacementPlanForm(
            data("plan"),
            initial={
                "host_mentor_email": placement.host_mentor.email if placement.host_mentor else "",
                "starts_on": placement.starts_on,
                "ends_on": placement.ends_on,
                "learning_goals": placement.learning_goals,
            },
        )
        if can_manage and placement.status in (Placement.Status.PLANNED, Placement.Status.ONGOING)
        else None,
    }
    if part is not None:
        form = forms.get(part)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data_ = form.cleaned_data
            try:
                if part == "report":
                    services.write_final_report(
                        actor=user, placement=placement, report=data_["final_report"]
                    )
                    done = _("Your final report was saved.")
                elif part == "evaluation":
                    services.write_host_evaluation(
                        actor=user,
                        placement=placement,
                        evaluation=data_["host_evaluation"],
                        rating=data_["host_rating"],
                    )
                    done = _("Your evaluation was saved.")
                elif part == "status":
                    services.change_placement_status(
                        actor=user, placement=placement, status=data_["status"]
                    )
                    done = _("The status was changed; the specialist and the host mentor are told.")
                else:
                    services.update_placement_plan(actor=user, placement=placement, **data_)
                    done = _("The placement was saved.")
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("programs:placement", placement.pk)
    context = {
        "placement": placement,
        "can_manage": can_manage,
        "is_specialist": is_specialist,
        "is_host": is_host,
        "forms": forms,
    }
    return render(request, "programs/cohorts/placement_detail.html", context)


urlpatterns = [
    path("cohorts/", my_cohorts, name="my_cohorts"),
    path("cohorts/<int:pk>/", cohort_detail, name="cohort"),
    path("cohorts/<int:pk>/sessions/new/", session_form, name="cohort_session_add"),
    path("cohorts/<int:pk>/sessions/<int:session_pk>/", session_form, name="cohort_session_edit"),
    path(
        "cohorts/<int:pk>/sessions/<int:session_pk>/delete/",
        session_delete,
        name="cohort_session_delete",
    ),
    path("cohorts/<int:pk>/mentors/new/", mentor_add, name="cohort_mentor_add"),
    path("cohorts/<int:pk>/mentors/<int:mentor_pk>/", mentor_edit, name="cohort_mentor_edit"),
    path("cohorts/<int:pk>/office-hours/", mentor_slots, name="mentor_slots"),
    path("office-hours/<int:slot_pk>/book/", book_slot, name="book_slot"),
    path("office-hours/<int:slot_pk>/withdraw/", slot_delete, name="slot_delete"),
    path("office-hours/bookings/<int:booking_pk>/cancel/", booking_cancel, name="booking_cancel"),
    path("cohort-members/<int:pk>/", member_detail, name="member"),
    path("cohort-members/<int:pk>/figures/", member_metrics, name="member_metrics"),
    path("milestones/<int:pk>/", milestone_edit, name="milestone"),
    path("placements/", placement_list, name="placements"),
    path("placements/<int:pk>/", placement_detail, name="placement"),
]
