"""Programme managers' setup pages: create and edit a programme, its calls, a call's
application form (questions) and its review rubric (stages and criteria).

A programme or call the user cannot see answers 404; one they see but do not manage
answers 403. Creating a programme needs a managing role in some organisation (staff:
any organisation).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common.forms import add_service_errors
from korpu.common.views import error_messages, require_perm
from korpu.directory.models import Organisation
from korpu.directory.queries import organisation_ids_of
from korpu.directory.rules import MANAGING_ROLES

from .. import queries
from .. import setup as services
from ..forms.setup import CallForm, CriterionForm, ProgrammeForm, QuestionForm, StageForm
from ..models import Call, Criterion


def _owners(user):
    organisations = Organisation.objects.order_by("name")
    if user.is_staff:
        return organisations
    return organisations.filter(pk__in=organisation_ids_of(user, MANAGING_ROLES))


def _managed_programme(request, slug):
    programme = get_object_or_404(queries.visible_programmes(request.user), slug=slug)
    require_perm(request, "programs.change_programme", programme)
    return programme


def _managed_call(request, programme_slug, call_slug) -> Call:
    call = get_object_or_404(
        queries.visible_calls(request.user).select_related("programme"),
        programme__slug=programme_slug,
        slug=call_slug,
    )
    require_perm(request, "programs.change_call", call)
    return call


def _saved(request):
    messages.success(request, _("Saved."))


# --- programmes --------------------------------------------------------------------------
@login_required
def programme_form(request, slug=None):
    programme = _managed_programme(request, slug) if slug else None
    owners = _owners(request.user)
    if programme is None and not owners.exists():
        raise PermissionDenied
    form = ProgrammeForm(request.POST or None, instance=programme, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                programme = services.create_programme(
                    actor=request.user,
                    owner=form.cleaned_data["owner"],
                    data=form.data_for_service(),
                    partners=form.cleaned_data["partners"],
                    slug=form.cleaned_data.get("slug") or "",
                )
            else:
                services.update_programme(
                    actor=request.user,
                    programme=programme,
                    data=form.data_for_service(),
                    partners=form.cleaned_data["partners"],
                )
        except ValidationError as error:
            if "slug" in getattr(error, "error_dict", {}) and "slug" in form.fields:
                form.add_error("slug", error.error_dict.pop("slug"))
            add_service_errors(form, error)
        else:
            _saved(request)
            return redirect("programs:programme_edit", programme.slug)
    calls = list(programme.calls.order_by("-opens_at")) if programme else []
    return render(
        request,
        "programs/setup/programme.html",
        {"form": form, "programme": programme, "calls": calls},
    )


# --- calls -------------------------------------------------------------------------------
@login_required
def call_form(request, programme_slug, call_slug=None):
    if call_slug:
        call = _managed_call(request, programme_slug, call_slug)
        programme = call.programme
    else:
        call, programme = None, _managed_programme(request, programme_slug)
    with timezone.override(programme.time_zone):
        form = CallForm(request.POST or None, instance=call, zone=programme.time_zone)
        if request.method == "POST" and form.is_valid():
            try:
                if call is None:
                    call = services.create_call(
                        actor=request.user, programme=programme, data=form.data_for_service()
                    )
                else:
                    call = services.update_call(
                        actor=request.user, call=call, data=form.data_for_service()
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _saved(request)
                return redirect("programs:call_edit", programme.slug, call.slug)
        return render(
            request,
            "programs/setup/call.html",
            {"form": form, "programme": programme, "call": call, "current": "call"},
        )


# --- application form --------------------------------------------------------------------
@login_required
def questions(request, programme_slug, call_slug):
    call = _managed_call(request, programme_slug, call_slug)
    items = {q.pk: q for q in call.questions.order_by("position", "pk")}
    editing = _pick(items, request.POST.get("question") or request.GET.get("question"))
    here = reverse("programs:call_form", args=[call.programme.slug, call.slug])
    form = QuestionForm(instance=editing)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                form = QuestionForm(request.POST, instance=editing)
                if form.is_valid():
                    data = form.data_for_service()
                    if editing is None:
                        services.add_question(actor=request.user, call=call, data=data)
                    else:
                        services.update_question(actor=request.user, question=editing, data=data)
                    _saved(request)
                    return redirect(here)
            elif editing is None:
                raise Http404
            elif action == "delete":
                services.delete_question(actor=request.user, question=editing)
                _saved(request)
                return redirect(here)
            elif action in ("up", "down"):
                step = -1 if action == "up" else 1
                services.move_question(actor=request.user, question=editing, step=step)
                return redirect(here)
            else:
                raise Http404
        except ValidationError as error:
            if action == "save":
                add_service_errors(form, error)
            else:
                messages.error(request, error_messages(error))
                return redirect(here)
    return render(
        request,
        "programs/setup/questions.html",
        {
            "programme": call.programme,
            "call": call,
            "questions": list(items.values()),
            "form": form,
            "editing": editing,
            "frozen": services.has_submissions(call),
            "current": "form",
        },
    )


def _pick(items: dict, raw):
    if not raw:
        return None
    try:
        return items[int(raw)]
    except (KeyError, TypeError, ValueError) as missing:
        raise Http404 from missing


# --- review rubric -----------------------------------------------------------------------
@login_required
def rubric(request, programme_slug, call_slug):
    call = _managed_call(request, programme_slug, call_slug)
    stages = {
        s.pk: s
        for s in call.review_stages.order_by("position", "pk").prefetch_related(
            Prefetch("criteria", queryset=Criterion.objects.order_by("position", "pk"))
        )
    }
    criteria = {c.pk: c for s in stages.values() for c in s.criteria.all()}
    source = request.POST if request.method == "POST" else request.GET
    stage = _pick(stages, source.get("stage"))
    criterion = _pick(criteria, source.get("criterion"))
    if criterion is not None and (stage is None or criterion.stage_id != stage.pk):
        raise Http404
    # Which form the page shows: a criterion of ``stage`` (new or existing), or a stage.
    wants_criterion = criterion is not None or source.get("add") == "criterion"
    if wants_criterion and stage is None:
        raise Http404
    form_class = CriterionForm if wants_criterion else StageForm
    instance = criterion if wants_criterion else stage
    form = form_class(instance=instance)
    here = reverse("programs:call_review", args=[call.programme.slug, call.slug])
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            if action == "save":
                form = form_class(request.POST, instance=instance)
                if form.is_valid():
                    data = form.data_for_service()
                    if wants_criterion:
                        services.save_criterion(
                            actor=request.user, stage=stage, data=data, criterion=criterion
                        )
                    else:
                        services.save_stage(actor=request.user, call=call, data=data, stage=stage)
                    _saved(request)
                    return redirect(here)
            elif action == "delete" and criterion is not None:
                services.delete_criterion(actor=request.user, criterion=criterion)
                _saved(request)
                return redirect(here)
            elif action == "delete" and stage is not None:
                services.delete_stage(actor=request.user, stage=stage)
                _saved(request)
                return redirect(here)
            else:
                raise Http404
        except ValidationError as error:
            if action == "save":
                add_service_errors(form, error)
            else:
                messages.error(request, error_messages(error))
                return redirect(here)
    return render(
        request,
        "programs/setup/rubric.html",
        {
            "programme": call.programme,
            "call": call,
            "stages": list(stages.values()),
            "form": form,
            "stage": stage,
            "criterion": criterion,
            "wants_criterion": wants_criterion,
            "current": "review",
        },
    )


_call = "manage/<slug:programme_slug>/<slug:call_slug>/"

# Shapes distinct from the manager pages (manage/<programme>/<call>/…), so order does not
# matter among them; "new" is refused as a programme address.
urlpatterns = [
    path("manage/new/", programme_form, name="programme_new"),
    path("manage/<slug:slug>/", programme_form, name="programme_edit"),
    path("manage/<slug:programme_slug>/calls/new/", call_form, name="call_new"),
    path(_call + "settings/", call_form, name="call_edit"),
    path(_call + "form/", questions, name="call_form"),
    path(_call + "rubric/", rubric, name="call_review"),
]
