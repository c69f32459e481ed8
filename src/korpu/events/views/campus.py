"""Campus pages: the hub, challenges, ideas, teams and join requests, mentor slots,
project submissions, judging, results and the public showcase.

Each view checks who may act, calls one service of :mod:`korpu.events.campus` and
renders in the event's time zone. A campus the user may not see answers 404. Ideas,
teams and mentor slots are for the campus's people (organisers, confirmed participants,
judges, mentors); the hub, project pages and the showcase are public and show no
contact details. Submission files are served to the team, its judges and organisers only.
"""

import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import error_messages, paginate, serve_file
from korpu.directory.models import Person
from korpu.programs.models import Application

from .. import campus as services
from ..forms.campus import (
    AutoAssignForm,
    ChallengeForm,
    CriterionForm,
    EmailForm,
    FollowupForm,
    IdeaForm,
    JoinRequestForm,
    ManualAssignForm,
    ScoreForm,
    SlotForm,
    SubmissionForm,
    TeamForm,
)
from ..models import (
    Challenge,
    Event,
    Idea,
    JoinRequest,
    JudgeAssignment,
    JudgingCriterion,
    MentorSlot,
    Submission,
    Team,
    TeamMember,
)


# --- helpers ------------------------------------------------------------------------------
def _campus(request, slug) -> Event:
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAMPUS)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def _organised(request, slug) -> Event:
    event = _campus(request, slug)
    if not services.is_organiser(request.user, event):
        raise PermissionDenied
    return event


def _inside(request, slug) -> Event:
    """A campus whose ideas, teams and mentors the user may see."""
    event = _campus(request, slug)
    if not services.sees_campus_work(request.user, event):
        raise PermissionDenied
    return event


def _render(request, template: str, event: Event, context: dict, current: str = ""):
    user = request.user
    with timezone.override(event.zone):
        return render(
            request,
            template,
            {
                "event": event,
                "current": current,
                "is_organiser": services.is_organiser(user, event),
                "is_judge": services.is_judge(user, event),
                "is_participant": services.is_participant(user, event),
                "sees_work": services.sees_campus_work(user, event),
                "my_team": services.team_of(user, event),
                **context,
            },
        )


def _valid(form, event: Event) -> bool:
    with timezone.override(event.zone):
        return form.is_valid()


def _put_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _pick(queryset, raw):
    if not raw:
        return None
    try:
        return queryset.get(pk=int(raw))
    except (ValueError, TypeError, queryset.model.DoesNotExist) as missing:
        raise Http404 from missing


def _required(queryset, raw):
    found = _pick(queryset, raw)
    if found is None:
        raise Http404
    return found


def _back(request, fallback: str):
    """Back to the page the form was on (only our own paths), else ``fallback``."""
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(fallback)


def _done(request, message: str, fallback: str):
    messages.success(request, message)
    return _back(request, fallback)


def _refused(request, error: ValidationError, fallback: str):
    messages.error(request, error_messages(error))
    return _back(request, fallback)


def _file_name(submission) -> str:
    return os.path.basename(submission.file.name) if submission and submission.file else ""


def _members():
    return Prefetch("members", queryset=TeamMember.objects.select_related("person"))


# --- hub ----------------------------------------------------------------------------------
def campus(request, slug):
    event = _campus(request, slug)
    user = request.user
    context = {
        "challenges": event.challenges.select_related("posed_by").order_by("position", "pk"),
        "counts": {
            "ideas": event.ideas.count(),
            "teams": event.teams.count(),
            "projects": Submission.objects.filter(team__event=event).count(),
        },
        "deadline": services.submission_deadline(event),
        "submissions_open": services.submissions_open(event),
        "judging_count": (
            JudgeAssignment.objects.filter(judge__event=event, judge__person=user).count()
            if user.is_authenticated
            else 0
        ),
        "may_offer_slots": services.may_offer_own_slots(user, event),
    }
    return _render(request, "events/campus/hub.html", event, context, "campus")


# --- challenges (organisers) --------------------------------------------------------------
@login_required
def challenge_form(request, slug, pk=None):
    event = _organised(request, slug)
    challenge = get_object_or_404(Challenge, pk=pk, event=event) if pk else None
    here = reverse("events:campus", args=[event.slug])
    if request.method == "POST" and request.POST.get("action") == "delete" and challenge:
        services.delete_challenge(actor=request.user, challenge=challenge)
        messages.success(request, _("The challenge was removed."))
        return redirect(here)
    form = ChallengeForm(request.POST or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_challenge(
                actor=request.user, event=event, data=form.data_for_service(), challenge=challenge
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(here)
    return _render(
        request,
        "events/campus/challenge_form.html",
        event,
        {"form": form, "challenge": challenge},
        "campus",
    )


# --- ideas --------------------------------------------------------------------------------
@login_required
def idea_list(request, slug):
    event = _inside(request, slug)
    challenges = list(event.challenges.order_by("position", "pk"))
    ideas = (
        event.ideas.select_related("author", "challenge")
        .annotate(team_count=Count("teams"))
        .order_by("-created_at", "-pk")
    )
    challenge = _pick(event.challenges.all(), request.GET.get("challenge"))
    if challenge:
        ideas = ideas.filter(challenge=challenge)
    if request.GET.get("status") == Idea.Status.CHOSEN:
        ideas = ideas.filter(status=Idea.Status.CHOSEN)
    context = {
        "page": paginate(request, ideas),
        "challenges": challenges,
        "challenge": challenge,
        "chosen_only": request.GET.get("status") == Idea.Status.CHOSEN,
    }
    return _render(request, "events/campus/idea_list.html", event, context, "ideas")


@login_required
def idea_form(request, slug, pk=None):
    event = _inside(request, slug)
    idea = get_object_or_404(Idea, pk=pk, event=event) if pk else None
    if idea is not None and idea.author_id != request.user.pk:
        raise PermissionDenied
    if idea is None and not services.is_participant(request.user, event):
        raise PermissionDenied
    initial = (
        {
            "title": idea.title,
            "challenge": idea.challenge_id,
            "problem": idea.problem,
            "solution": idea.solution,
            "team_needs": idea.team_needs,
        }
        if idea
        else {"challenge": request.GET.get("challenge")}
    )
    form = IdeaForm(request.POST or None, initial=initial, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            if idea is None:
                idea = services.submit_idea(actor=request.user, event=event, **form.cleaned_data)
            else:
                services.update_idea(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Your idea was saved."))
            return redirect("events:campus_idea", event.slug, idea.pk)
    return _render(
        request, "events/campus/idea_form.html", event, {"form": form, "idea": idea}, "ideas"
    )


@login_required
def idea_detail(request, slug, pk):
    event = _inside(request, slug)
    idea = get_object_or_404(
        Idea.objects.select_related(
            "author", "challenge__posed_by", "followup_application__call__programme"
        ),
        pk=pk,
        event=event,
    )
    application = idea.followup_application
    context = {
        "idea": idea,
        "teams": idea.teams.prefetch_related(_members()).annotate(size=Count("members")),
        "application_visible": application is not None
        and request.user.has_perm("programs.view_application", application),
    }
    return _render(request, "events/campus/idea_detail.html", event, context, "ideas")


@login_required
@require_POST
def idea_choose(request, slug, pk):
    event = _organised(request, slug)
    idea = get_object_or_404(Idea, pk=pk, event=event)
    chosen = request.POST.get("chosen") == "1"
    services.set_idea_chosen(actor=request.user, idea=idea, chosen=chosen)
    messages.success(
        request,
        _("The idea is chosen for implementation.")
        if chosen
        else _("The idea is no longer chosen."),
    )
    return redirect("events:campus_idea", event.slug, idea.pk)


@login_required
def idea_followup(request, slug, pk):
    event = _organised(request, slug)
    idea = get_object_or_404(Idea, pk=pk, event=event)
    if idea.status != Idea.Status.CHOSEN:
        messages.error(request, _("Only an idea chosen for implementation has a follow-up."))
        return redirect("events:campus_idea", event.slug, idea.pk)
    initial = {
        "application": idea.followup_application_id,
        "url": idea.followup_url,
        "note": idea.followup_note,
    }
    form = FollowupForm(
        request.POST or None,
        initial=initial,
        applications=services.followup_applications(idea),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_followup(actor=request.user, idea=idea, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:campus_idea", event.slug, idea.pk)
    return _render(
        request, "events/campus/followup_form.html", event, {"form": form, "idea": idea}, "ideas"
    )


# --- teams --------------------------------------------------------------------------------
@login_required
def team_list(request, slug):
    event = _inside(request, slug)
    teams = (
        event.teams.select_related("idea")
        .prefetch_related(_members())
        .annotate(size=Count("members", distinct=True))
        .order_by("name")
    )
    if request.GET.get("open") == "1":
        teams = teams.filter(size__lt=F("max_size"))
    context = {
        "page": paginate(request, teams),
        "open_only": request.GET.get("open") == "1",
    }
    return _render(request, "events/campus/team_list.html", event, context, "teams")


@login_required
def team_form(request, slug, pk=None):
    event = _inside(request, slug)
    team = get_object_or_404(Team, pk=pk, event=event) if pk else None
    if team is not None and not services.is_team_member(request.user, team):
        raise PermissionDenied
    if team is None and not services.is_participant(request.user, event):
        raise PermissionDenied
    initial = (
        {
            "name": team.name,
            "idea": team.idea_id,
            "max_size": team.max_size,
            "open_roles": ", ".join(team.open_roles),
        }
        if team
        else {"idea": request.GET.get("idea"), "max_size": 5}
    )
    form = TeamForm(request.POST or None, initial=initial, event=event, creating=team is None)
    if request.method == "POST" and form.is_valid():
        try:
            if team is None:
                team = services.create_team(actor=request.user, event=event, **form.cleaned_data)
            else:
                services.update_team(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("events:campus_team", event.slug, team.pk)
    return _render(
        request, "events/campus/team_form.html", event, {"form": form, "team": team}, "teams"
    )


@login_required
def team_detail(request, slug, pk):
    event = _inside(request, slug)
    team = get_object_or_404(
        Team.objects.select_related("idea").prefetch_related(_members()), pk=pk, event=event
    )
    user = request.user
    members = list(team.members.all())
    is_member = any(m.person_id == user.pk for m in members)
    my_request = (
        None
        if is_member
        else JoinRequest.objects.filter(
            team=team, person=user, status=JoinRequest.Status.PENDING
        ).first()
    )
    context = {
        "team": team,
        "members": members,
        "is_member": is_member,
        "is_full": len(members) >= team.max_size,
        "requests": (
            team.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("person")
            if is_member
            else []
        ),
        "my_request": my_request,
        "can_ask": not is_member
        and my_request is None
        and services.is_participant(user, event)
        and services.team_of(user, event) is None,
        "join_form": JoinRequestForm(),
        "slots": team.mentor_slots.select_related("mentor").order_by("starts_at")
        if is_member
        else [],
        "submission": Submission.objects.filter(team=team).first(),
    }
    return _render(request, "events/campus/team_detail.html", event, context, "teams")


@login_required
@require_POST
def team_join(request, slug, pk):
    event = _inside(request, slug)
    team = get_object_or_404(Team, pk=pk, event=event)
    here = reverse("events:campus_team", args=[event.slug, team.pk])
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please check the role and the message."))
        return redirect(here)
    try:
        services.request_to_join(actor=request.user, team=team, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, error, here)
    return _done(request, _("Your request was sent to the team."), here)


@login_required
@require_POST
def join_request_decide(request, slug, pk):
    event = _inside(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, team__event=event)
    here = reverse("events:campus_team", args=[event.slug, join_request.team_id])
    accept = request.POST.get("decision") == "accept"
    try:
        services.decide_join_request(actor=request.user, join_request=join_request, accept=accept)
    except ValidationError as error:
        return _refused(request, error, here)
    message = (
        _("%(name)s joined the team.") if accept else _("The request of %(name)s was declined.")
    )
    return _done(request, message % {"name": join_request.person.full_name}, here)


@login_required
@require_POST
def join_request_withdraw(request, slug, pk):
    event = _inside(request, slug)
    join_request = get_object_or_404(JoinRequest, pk=pk, team__event=event)
    here = reverse("events:campus_team", args=[event.slug, join_request.team_id])
    try:
        services.withdraw_join_request(actor=request.user, join_request=join_request)
    except ValidationError as error:
        return _refused(request, error, here)
    return _done(request, _("Your request was withdrawn."), here)


@login_required
@require_POST
def team_leave(request, slug, pk):
    event = _inside(request, slug)
    team = get_object_or_404(Team, pk=pk, event=event)
    if request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that you want to leave the team."))
        return redirect("events:campus_team", event.slug, team.pk)
    still_there = services.leave_team(actor=request.user, team=team)
    messages.success(request, _("You left the team."))
    if still_there:
        return redirect("events:campus_team", event.slug, team.pk)
    return redirect("events:campus_teams", event.slug)


# --- mentors ------------------------------------------------------------------------------
@login_required
def mentor_slots(request, slug):
    event = _inside(request, slug)
    user = request.user
    organiser = services.is_organiser(user, event)
    my_team = services.team_of(user, event)
    now = timezone.now()
    slots = list(
        event.mentor_slots.filter(ends_at__gt=now)
        .select_related("mentor", "team")
        .order_by("starts_at", "mentor__last_name", "pk")
    )
    for slot in slots:
        mine = slot.mentor_id == user.pk
        slot.can_book = my_team is not None and slot.team_id is None and slot.starts_at > now
        slot.can_cancel = (
            slot.team_id is not None
            and slot.starts_at > now
            and (mine or organiser or (my_team is not None and slot.team_id == my_team.pk))
        )
        slot.can_delete = slot.team_id is None and (mine or organiser)
        # Other teams see that a slot is taken, not by whom.
        slot.show_team = slot.team_id is not None and (
            mine or organiser or (my_team is not None and slot.team_id == my_team.pk)
        )
    context = {
        "slots": slots,
        "may_publish": organiser or services.may_offer_own_slots(user, event),
    }
    return _render(request, "events/campus/mentors.html", event, context, "mentors")


@login_required
def slot_new(request, slug):
    event = _inside(request, slug)
    organiser = services.is_organiser(request.user, event)
    if not (organiser or services.may_offer_own_slots(request.user, event)):
        raise PermissionDenied
    form = SlotForm(request.POST or None, for_others=organiser)
    if request.method == "POST" and _valid(form, event):
        data = dict(form.cleaned_data)
        email = data.pop("mentor_email", "")
        mentor = request.user
        if email:
            mentor = Person.objects.filter(email__iexact=email, is_active=True).first()
        if mentor is None:
            form.add_error(
                "mentor_email",
                _("Nobody has an account with this e-mail address. Ask them to sign up first."),
            )
        else:
            try:
                services.publish_mentor_slots(
                    actor=request.user, event=event, mentor=mentor, **data
                )
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(request, _("The slots were published."))
                return redirect("events:campus_mentors", event.slug)
    return _render(request, "events/campus/slot_form.html", event, {"form": form}, "mentors")


def _slot_action(request, slug, pk, action, done: str):
    event = _inside(request, slug)
    slot = get_object_or_404(MentorSlot, pk=pk, event=event)
    here = reverse("events:campus_mentors", args=[event.slug])
    try:
        action(actor=request.user, slot=slot)
    except ValidationError as error:
        return _refused(request, error, here)
    return _done(request, done, here)


@login_required
@require_POST
def slot_book(request, slug, pk):
    return _slot_action(
        request, slug, pk, services.book_mentor_slot, _("The meeting is booked for your team.")
    )


@login_required
@require_POST
def slot_cancel(request, slug, pk):
    return _slot_action(
        request, slug, pk, services.cancel_mentor_booking, _("The booking was cancelled.")
    )


@login_required
@require_POST
def slot_delete(request, slug, pk):
    return _slot_action(
        request, slug, pk, services.delete_mentor_slot, _("The slot was withdrawn.")
    )


# --- projects -----------------------------------------------------------------------------
@login_required
def project_form(request, slug):
    """The user's team's project."""
    event = _campus(request, slug)
    team = services.team_of(request.user, event)
    if team is None:
        messages.error(request, _("Join or create a team first: projects are handed in by teams."))
        return redirect("events:campus", event.slug)
    submission = Submission.objects.filter(team=team).first()
    initial = (
        {
            "title": submission.title,
            "description": submission.description,
            "links": "\n".join(submission.links),
        }
        if submission
        else {"title": team.idea.title if team.idea else ""}
    )
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        has_file=bool(submission and submission.file),
    )
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.save_submission(
                actor=request.user,
                team=team,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                links=form.cleaned_data["links"],
                file=form.cleaned_data.get("file"),
                remove_file=form.cleaned_data.get("remove_file", False),
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Your team's project was saved."))
            return redirect("events:campus_project", event.slug, submission.pk)
    context = {
        "form": form,
        "team": team,
        "submission": submission,
        "deadline": services.submission_deadline(event),
        "submissions_open": services.submissions_open(event),
        "file_name": _file_name(submission),
    }
    return _render(request, "events/campus/project_form.html", event, context, "project")


def project_detail(request, slug, pk):
    event = _campus(request, slug)
    submission = get_object_or_404(
        Submission.objects.select_related("team__idea__challenge").prefetch_related(
            Prefetch("team__members", queryset=TeamMember.objects.select_related("person"))
        ),
        pk=pk,
        team__event=event,
    )
    user = request.user
    is_member = services.is_team_member(user, submission.team)
    feedback = []
    if is_member and event.results_published:
        feedback = [
            a.comment
            for a in submission.judge_assignments.filter(submitted_at__isnull=False).order_by("pk")
            if a.comment
        ]
    context = {
        "submission": submission,
        "team": submission.team,
        "is_member": is_member,
        "file_visible": services.may_see_submission_file(user, submission),
        "file_name": _file_name(submission),
        "feedback": feedback,
    }
    return _render(request, "events/campus/project_detail.html", event, context, "showcase")


@login_required
def project_file(request, slug, pk):
    event = _campus(request, slug)
    submission = get_object_or_404(Submission, pk=pk, team__event=event)
    if not services.may_see_submission_file(request.user, submission):
        raise Http404
    return serve_file(submission.file, as_attachment=True)


# --- judging (organisers) -----------------------------------------------------------------
@login_required
def criteria(request, slug):
    event = _organised(request, slug)
    items = event.judging_criteria.order_by("position", "pk")
    source = request.POST if request.method == "POST" else request.GET
    editing = _pick(items, source.get("criterion"))
    here = reverse("events:campus_criteria", args=[event.slug])
    form = CriterionForm(instance=editing)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete":
                if editing is None:
                    raise Http404
                services.delete_criterion(actor=request.user, criterion=editing)
                messages.success(request, _("The criterion was removed."))
                return redirect(here)
            form = CriterionForm(request.POST, instance=editing)
            if form.is_valid():
                services.save_criterion(
                    actor=request.user, event=event, data=form.data_for_service(), criterion=editing
                )
                messages.success(request, _("Saved."))
                return redirect(here)
        except ValidationError as error:
            if request.POST.get("action") == "delete":
                return _refused(request, error, here)
            _put_errors(form, error)
    context = {
        "criteria": list(items),
        "form": form,
        "editing": editing,
        "started": services.judging_started(event),
    }
    return _render(request, "events/campus/criteria.html", event, context, "judging")


@login_required
def judges(request, slug):
    event = _organised(request, slug)
    here = reverse("events:campus_judges", args=[event.slug])
    form = EmailForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            judge = _required(event.judges.all(), request.POST.get("judge"))
            try:
                services.remove_judge(actor=request.user, judge=judge)
            except ValidationError as error:
                return _refused(request, error, here)
            return _done(request, _("The judge was removed."), here)
        if form.is_valid():
            try:
                services.add_judge(actor=request.user, event=event, **form.cleaned_data)
            except ValidationError as error:
                _put_errors(form, error)
            else:
                return _done(request, _("The judge was added."), here)
    rows = (
        event.judges.select_related("person")
        .annotate(
            assigned=Count("assignments"),
            scored=Count("assignments", filter=Q(assignments__submitted_at__isnull=False)),
        )
        .order_by("person__last_name", "person__first_name", "pk")
    )
    return _render(
        request, "events/campus/judges.html", event, {"form": form, "judges": rows}, "judging"
    )


@login_required
def judging(request, slug):
    """Progress per project, automatic and manual assignment."""
    event = _organised(request, slug)
    here = reverse("events:campus_judging", args=[event.slug])
    judge_set = event.judges.select_related("person").order_by("person__last_name", "pk")
    auto_form = AutoAssignForm(request.POST if request.POST.get("action") == "auto" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "auto":
                if auto_form.is_valid():
                    outcome = services.assign_judges(
                        actor=request.user, event=event, **auto_form.cleaned_data
                    )
                    messages.success(
                        request,
                        _("%(count)s assignments were made.") % {"count": len(outcome["created"])},
                    )
                    if outcome["short"]:
                        messages.warning(
                            request,
                            _("Not enough judges without a conflict for: %(projects)s.")
                            % {"projects": ", ".join(s.title for s in outcome["short"])},
                        )
                    return redirect(here)
            elif action == "assign":
                submission = _required(
                    Submission.objects.filter(team__event=event), request.POST.get("submission")
                )
                form = ManualAssignForm(request.POST, judges=judge_set)
                if not form.is_valid():
                    raise ValidationError(_("Choose a judge."))
                services.assign_judge(
                    actor=request.user, submission=submission, judge=form.cleaned_data["judge"]
                )
                return _done(request, _("The judge was assigned."), here)
            elif action == "unassign":
                assignment = _required(
                    JudgeAssignment.objects.filter(judge__event=event),
                    request.POST.get("assignment"),
                )
                services.unassign_judge(actor=request.user, assignment=assignment)
                return _done(request, _("The assignment was removed."), here)
            else:
                raise Http404
        except ValidationError as error:
            if action != "auto":
                return _refused(request, error, here)
            _put_errors(auto_form, error)
    submissions = (
        Submission.objects.filter(team__event=event)
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "judge_assignments",
                queryset=JudgeAssignment.objects.select_related("judge__person").order_by("pk"),
            )
        )
        .order_by("title", "pk")
    )
    context = {
        "submissions": submissions,
        "auto_form": auto_form,
        "assign_form": ManualAssignForm(judges=judge_set),
        "progress": services.judging_progress(event),
        "judge_count": judge_set.count(),
        "criteria_count": event.judging_criteria.count(),
    }
    return _render(request, "events/campus/judging.html", event, context, "judging")


@login_required
def results(request, slug):
    event = _organised(request, slug)
    here = reverse("events:campus_results", args=[event.slug])
    if request.method == "POST":
        publish = request.POST.get("publish") == "1"
        try:
            services.publish_results(actor=request.user, event=event, published=publish)
        except ValidationError as error:
            return _refused(request, error, here)
        return _done(
            request,
            _("The results are published and the teams were told.")
            if publish
            else _("The results are no longer public."),
            here,
        )
    context = {"rows": services.ranking(event), "progress": services.judging_progress(event)}
    return _render(request, "events/campus/results.html", event, context, "results")


# --- judges -------------------------------------------------------------------------------
@login_required
def my_judging(request, slug):
    event = _campus(request, slug)
    if not services.is_judge(request.user, event):
        raise PermissionDenied
    assignments = (
        JudgeAssignment.objects.filter(judge__event=event, judge__person=request.user)
        .select_related("submission__team")
        .order_by("submitted_at", "submission__title")
    )
    return _render(
        request, "events/campus/my_judging.html", event, {"assignments": assignments}, "judge"
    )


@login_required
def score(request, slug, pk):
    event = _campus(request, slug)
    assignment = get_object_or_404(
        JudgeAssignment.objects.select_related("submission__team__idea", "judge"),
        pk=pk,
        judge__event=event,
        judge__person=request.user,
    )
    submission = assignment.submission
    criteria_list = list(JudgingCriterion.objects.filter(event=event).order_by("position", "pk"))
    initial = {services.score_field(c): assignment.scores.get(str(c.pk)) for c in criteria_list}
    initial["comment"] = assignment.comment
    form = ScoreForm(request.POST or None, initial=initial, criteria=criteria_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.score_project(
                actor=request.user,
                assignment=assignment,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Your scores were saved."))
            return redirect("events:campus_my_judging", event.slug)
    conflict = services.conflict_of(assignment.judge, submission)
    context = {
        "assignment": assignment,
        "submission": submission,
        "team": submission.team,
        "members": submission.team.members.select_related("person"),
        "form": form,
        "my_total": services.weighted_score(assignment.scores, criteria_list)
        if assignment.submitted_at
        else None,
        "conflict": services.conflict_message(conflict) if conflict else "",
    }
    return _render(request, "events/campus/score.html", event, context, "judge")


# --- showcase -----------------------------------------------------------------------------
def showcase(request, slug):
    event = _campus(request, slug)
    projects = (
        Submission.objects.filter(team__event=event)
        .select_related("team__idea__challenge")
        .prefetch_related(
            Prefetch("team__members", queryset=TeamMember.objects.select_related("person"))
        )
        .order_by("title", "pk")
    )
    context = {"projects": projects}
    if event.results_published:
        context["rows"] = [row for row in services.ranking(event) if row["rank"] is not None]
        chosen = list(
            event.ideas.filter(status=Idea.Status.CHOSEN)
            .select_related("author", "challenge", "followup_application__call__programme")
            .order_by("title", "pk")
        )
        for idea in chosen:
            application = idea.followup_application
            # Only an accepted application is public news; others stay private.
            idea.public_programme = (
                application.call.programme
                if application and application.status == Application.Status.ACCEPTED
                else None
            )
        context["chosen"] = chosen
    return _render(request, "events/campus/showcase.html", event, context, "showcase")


_campus_path = "<slug:slug>/campus/"

urlpatterns = [
    path(_campus_path, campus, name="campus"),
    path(_campus_path + "showcase/", showcase, name="campus_showcase"),
    path(_campus_path + "challenges/new/", challenge_form, name="campus_challenge_new"),
    path(_campus_path + "challenges/<int:pk>/", challenge_form, name="campus_challenge_edit"),
    path(_campus_path + "ideas/", idea_list, name="campus_ideas"),
    path(_campus_path + "ideas/new/", idea_form, name="campus_idea_new"),
    path(_campus_path + "ideas/<int:pk>/", idea_detail, name="campus_idea"),
    path(_campus_path + "ideas/<int:pk>/edit/", idea_form, name="campus_idea_edit"),
    path(_campus_path + "ideas/<int:pk>/choose/", idea_choose, name="campus_idea_choose"),
    path(_campus_path + "ideas/<int:pk>/follow-up/", idea_followup, name="campus_idea_followup"),
    path(_campus_path + "teams/", team_list, name="campus_teams"),
    path(_campus_path + "teams/new/", team_form, name="campus_team_new"),
    path(_campus_path + "teams/<int:pk>/", team_detail, name="campus_team"),
    path(_campus_path + "teams/<int:pk>/edit/", team_form, name="campus_team_edit"),
    path(_campus_path + "teams/<int:pk>/join/", team_join, name="campus_team_join"),
    path(_campus_path + "teams/<int:pk>/leave/", team_leave, name="campus_team_leave"),
    path(
        _campus_path + "requests/<int:pk>/decide/",
        join_request_decide,
        name="campus_join_request_decide",
    ),
    path(
        _campus_path + "requests/<int:pk>/withdraw/",
        join_request_withdraw,
        name="campus_join_request_withdraw",
    ),
    path(_campus_path + "mentors/", mentor_slots, name="campus_mentors"),
    path(_campus_path + "mentors/new/", slot_new, name="campus_slot_new"),
    path(_campus_path + "mentors/<int:pk>/book/", slot_book, name="campus_slot_book"),
    path(_campus_path + "mentors/<int:pk>/cancel/", slot_cancel, name="campus_slot_cancel"),
    path(_campus_path + "mentors/<int:pk>/withdraw/", slot_delete, name="campus_slot_delete"),
    path(_campus_path + "project/", project_form, name="campus_project_edit"),
    path(_campus_path + "projects/<int:pk>/", project_detail, name="campus_project"),
    path(_campus_path + "projects/<int:pk>/file/", project_file, name="campus_project_file"),
    path(_campus_path + "judging/", judging, name="campus_judging"),
    path(_campus_path + "judging/criteria/", criteria, name="campus_criteria"),
    path(_campus_path + "judging/judges/", judges, name="campus_judges"),
    path(_campus_path + "judging/results/", results, name="campus_results"),
    path(_campus_path + "judge/", my_judging, name="campus_my_judging"),
    path(_campus_path + "judge/<int:pk>/", score, name="campus_score"),
]
