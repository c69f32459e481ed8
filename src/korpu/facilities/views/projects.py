"""The park's R&D and production projects: the list (filters by park, kind, status,
country and words; HTMX swaps the results), a project's page (partners, members,
resources used, milestones, outputs, and for its members and managers the bookings
charged to it), registering and editing a project, and the forms of its members,
resources, milestones and outputs.

A project the user may not see answers 404; one they see but do not run answers 403 to
a change. The forms only check the shape of the input; :mod:`korpu.facilities.projects`
decides the rest and its refusals are put on the form beside the field they name.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from korpu.common.forms import LANGUAGES, ServiceModelForm, add_service_errors, per_language
from korpu.common.i18n import country_choices, country_name
from korpu.common.views import paginate, require_perm
from korpu.directory.forms import LenientFilterForm
from korpu.directory.models import Organisation
from korpu.directory.queries import visible_parks

from .. import projects as services
from .. import rules as perms
from .. import usage
from ..models import Milestone, Output, Project, ProjectMember, Resource

PARTNER_COUNTRIES = ("AZ", "TR")


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _pick(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError) as malformed:
        raise Http404 from malformed
    if not 0 < value < 2**62:
        raise Http404
    return value


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {country_name(obj.country)}" if obj.country else obj.name


class OrganisationsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {country_name(obj.country)}" if obj.country else obj.name


# --- forms ---------------------------------------------------------------------------------------
class ProjectFilterForm(LenientFilterForm):
    q = forms.CharField(label=gettext_lazy("Search"), required=False, max_length=100)
    park = forms.ChoiceField(label=gettext_lazy("Park"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    country = forms.ChoiceField(label=gettext_lazy("Partner country"), required=False)

    def __init__(self, *args, parks=(), **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["park"].choices = everything + [(p.slug, p.name) for p in parks]
        self.fields["kind"].choices = everything + list(Project.Kind.choices)
        self.fields["status"].choices = everything + list(Project.Status.choices)
        partners = [(code, country_name(code)) for code in PARTNER_COUNTRIES]
        others = [(c, n) for c, n in country_choices() if c not in PARTNER_COUNTRIES]
        self.fields["country"].choices = everything + partners + others


class ProjectForm(ServiceModelForm):
    required_english = ("title_en",)

    class Meta:
        model = Project
        fields = [
            "park",
            "lead",
            *per_language("title", "summary"),
            "kind",
            "status",
            "partners",
            "starts_on",
            "ends_on",
            "budget",
            "currency",
            "is_public",
        ]
        field_classes = {"lead": OrganisationChoiceField, "partners": OrganisationsField}
        widgets = {
            "starts_on": _date_input(),
            "ends_on": _date_input(),
            "partners": forms.SelectMultiple(attrs={"size": 10}),
            **{f"summary_{code}": forms.Textarea(attrs={"rows": 4}) for code in LANGUAGES},
        }
        help_texts = {
            "partners": gettext_lazy(
                "Organisations from both countries taking part with the lead organisation."
            ),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        leads = Q(pk__in=services.lead_choices(actor).values("pk"))
        if self.instance.pk:
            leads |= Q(pk=self.instance.lead_id)
        self.fields["lead"].queryset = Organisation.objects.filter(leads).order_by("name")
        self.fields["partners"].queryset = Organisation.objects.order_by("country", "name")
        if self.instance.pk:
            del self.fields["park"]
        else:
            self.fields["park"].queryset = visible_parks(actor).order_by("name")
            self.fields["slug"] = forms.SlugField(
                label=Project._meta.get_field("slug").verbose_name,
                max_length=80,
                required=False,
                help_text=_("Leave empty to make one from the English title."),
            )

    def _post_clean(self):
        # The service checks the whole project (with the lead and partners it is given);
        # the model form must not write the refused values into the stored instance.
        pass

    def data_for_service(self) -> dict:
        data = super().data_for_service()
        for name in ("park", "lead", "slug"):
            data.pop(name, None)
        return data


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Person"), queryset=None)
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ProjectMember.Role.choices)
    organisation = forms.ModelChoiceField(
        label=gettext_lazy("For"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Empty: the first of the project's organisations they belong to."),
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = services.member_candidates(project)
        self.fields["person"].label_from_instance = lambda person: person.full_name
        ids = [project.lead_id, *project.partners.values_list("pk", flat=True)]
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=ids).order_by(
            "name"
        )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=ProjectMember.Role.choices)


class ResourcesForm(forms.Form):
    resources = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Resources used"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resources"].queryset = (
            Resource.objects.filter(facility__park=project.park_id)
            .select_related("facility")
            .order_by("facility__name", "name")
        )
        self.fields["resources"].label_from_instance = lambda r: f"{r.name} · {r.facility.name}"
        if not self.is_bound:
            self.initial["resources"] = list(project.resources.values_list("pk", flat=True))


class MilestoneForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Milestone"), max_length=250)
    due_on = forms.DateField(label=gettext_lazy("Due on"), widget=_date_input())


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(
        label=gettext_lazy("Reached on"), required=False, widget=_date_input()
    )


class OutputForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Output.Kind.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"),
        min_value=1,
        max_value=10_000_000,
        initial=1,
        help_text=gettext_lazy("For prototypes and devices produced."),
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=_date_input())
    reference = forms.CharField(
        label=gettext_lazy("Reference"),
        max_length=200,
        required=False,
        help_text=gettext_lazy(
            "The DOI of a publication, the application number of a patent, a batch number."
        ),
    )


# --- finding the project -------------------------------------------------------------------------
def visible_project(request, slug) -> Project:
    project = get_object_or_404(Project.objects.select_related("park", "lead"), slug=slug)
    if not perms.can_view_project(request.user, project):
        raise Http404
    return project


def managed_project(request, slug) -> Project:
    project = visible_project(request, slug)
    require_perm(request, "facilities.change_project", project)
    return project


# --- list ----------------------------------------------------------------------------------------
def project_list(request):
    parks = visible_parks(request.user).filter(projects__isnull=False).distinct().order_by("name")
    form = ProjectFilterForm(request.GET or None, parks=parks)
    filters = form.filters()
    page = paginate(
        request,
        services.project_list(
            request.user,
            park=filters.get("park", ""),
            kind=filters.get("kind", ""),
            status=filters.get("status", ""),
            country=filters.get("country", ""),
            text=filters.get("q", ""),
        ),
    )
    for project in page.object_list:
        project.countries = sorted(
            {o.country for o in [project.lead, *project.partners.all()] if o.country}
        )
        project.country_names = [country_name(code) for code in project.countries]
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "may_register": services.may_register(request.user),
    }
    template = "facilities/projects/list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


# --- a project's page ----------------------------------------------------------------------------
def _detail_context(request, project: Project, **forms_given) -> dict:
    user = request.user
    manager = perms.can_manage_project(user, project)
    insider = manager or perms.is_project_member(user, project)
    memberships = list(
        project.memberships.select_related("person", "organisation").order_by(
            "role", "person__last_name", "person__first_name"
        )
    )
    # Outsiders see the members listed in the public directory, and how many others.
    shown = memberships if insider else [m for m in memberships if m.person.is_public]
    organisations = services.organisations_of(project)
    done, total = services.milestone_progress(project)
    context = {
        "project": project,
        "organisations": organisations,
        "countries": [country_name(code) for code in services.countries_of(project)],
        "memberships": shown,
        "hidden_members": len(memberships) - len(shown),
        "resources": list(
            project.resources.select_related("facility").order_by("facility__name", "name")
        ),
        "milestones": list(project.milestones.all()),
        "milestones_done": done,
        "milestones_total": total,
        "outputs": list(project.outputs.all()),
        "output_summary": services.output_summary(project),
        "is_manager": manager,
        "insider": insider,
        "usage": usage.project_usage(project) if insider else None,
        "role_choices": ProjectMember.Role.choices,
    }
    if manager:
        context.update(
            member_form=forms_given.get("member_form") or MemberForm(project=project),
            resources_form=forms_given.get("resources_form") or ResourcesForm(project=project),
            milestone_form=forms_given.get("milestone_form") or MilestoneForm(prefix="milestone"),
            output_form=forms_given.get("output_form") or OutputForm(prefix="output"),
            action_error=forms_given.get("action_error", ""),
        )
    return context


def project_detail(request, slug):
    project = visible_project(request, slug)
    return render(request, "facilities/projects/detail.html", _detail_context(request, project))


def _refused(request, project: Project, status: int = 200, **forms_given):
    # Re-read: nothing the refused form held was stored.
    project = Project.objects.select_related("park", "lead").get(pk=project.pk)
    return render(
        request,
        "facilities/projects/detail.html",
        _detail_context(request, project, **forms_given),
        status=status,
    )


def _done(request, project: Project, message: str, anchor: str):
    messages.success(request, message)
    return redirect(reverse("facilities:project", args=[project.slug]) + f"#{anchor}")


# --- registering and editing ---------------------------------------------------------------------
@login_required
def project_form(request, slug=None):
    project = managed_project(request, slug) if slug else None
    if project is None and not services.may_register(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, instance=project, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if project is None:
                project = services.create_project(
                    actor=request.user,
                    park=data["park"],
                    lead=data["lead"],
                    data=form.data_for_service(),
                    partners=data["partners"],
                    slug=data.get("slug") or "",
                )
            else:
                services.update_project(
                    actor=request.user,
                    project=project,
                    data=form.data_for_service(),
                    partners=data["partners"],
                    lead=data["lead"],
                )
        except PermissionDenied as refusal:
            form.add_error(None, str(refusal) or _("You may not register this project."))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("facilities:project", project.slug)
    if project is not None:
        project = Project.objects.select_related("park", "lead").get(pk=project.pk)
    return render(request, "facilities/projects/form.html", {"form": form, "project": project})


# --- members ---------------------------------------------------------------------------------
@require_POST
@login_required
def member_add(request, slug):
    project = managed_project(request, slug)
    form = MemberForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.add_member(
                actor=request.user,
                project=project,
                person=form.cleaned_data["person"],
                role=form.cleaned_data["role"],
                organisation=form.cleaned_data["organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("The member is added."), "members")
    return _refused(request, project, member_form=form)


def _member(project: Project, pk) -> ProjectMember:
    return get_object_or_404(
        ProjectMember.objects.select_related("project__park", "person"),
        pk=_pick(pk),
        project=project,
    )


@require_POST
@login_required
def member_role(request, slug, pk):
    project = managed_project(request, slug)
    member = _member(project, pk)
    form = RoleForm(request.POST)
    if form.is_valid():
        services.set_member_role(actor=request.user, member=member, role=form.cleaned_data["role"])
        return _done(request, project, _("The role is changed."), "members")
    return _refused(request, project, action_error=_("Choose the member's role."))


@require_POST
@login_required
def member_remove(request, slug, pk):
    project = managed_project(request, slug)
    services.remove_member(actor=request.user, member=_member(project, pk))
    return _done(request, project, _("The member is removed."), "members")


# --- resources -------------------------------------------------------------------------------
@require_POST
@login_required
def resources_set(request, slug):
    project = managed_project(request, slug)
    form = ResourcesForm(request.POST, project=project)
    if form.is_valid():
        try:
            services.set_resources(
                actor=request.user, project=project, resources=form.cleaned_data["resources"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("The resources used are saved."), "resources")
    return _refused(request, project, resources_form=form)


# --- milestones ------------------------------------------------------------------------------
def _milestone(project: Project, pk) -> Milestone:
    return get_object_or_404(
        Milestone.objects.select_related("project__park"), pk=_pick(pk), project=project
    )


@require_POST
@login_required
def milestone_add(request, slug):
    project = managed_project(request, slug)
    form = MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        try:
            services.add_milestone(
                actor=request.user,
                project=project,
                title=form.cleaned_data["title"],
                due_on=form.cleaned_data["due_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("The milestone is added."), "milestones")
    return _refused(request, project, milestone_form=form)


@require_POST
@login_required
def milestone_done(request, slug, pk):
    project = managed_project(request, slug)
    milestone = _milestone(project, pk)
    form = MilestoneDoneForm(request.POST)
    if not form.is_valid():
        return _refused(request, project, action_error=_("Give the date as a date."))
    try:
        services.complete_milestone(
            actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
        )
    except ValidationError as error:
        return _refused(request, project, action_error=" ".join(error.messages))
    return _done(request, project, _("The milestone is reached."), "milestones")


@require_POST
@login_required
def milestone_reopen(request, slug, pk):
    project = managed_project(request, slug)
    try:
        services.reopen_milestone(actor=request.user, milestone=_milestone(project, pk))
    except ValidationError as error:
        return _refused(request, project, action_error=" ".join(error.messages))
    return _done(request, project, _("The milestone is open again."), "milestones")


@require_POST
@login_required
def milestone_remove(request, slug, pk):
    project = managed_project(request, slug)
    services.remove_milestone(actor=request.user, milestone=_milestone(project, pk))
    return _done(request, project, _("The milestone is removed."), "milestones")


# --- outputs ---------------------------------------------------------------------------------
@require_POST
@login_required
def output_add(request, slug):
    project = managed_project(request, slug)
    form = OutputForm(request.POST, prefix="output")
    if form.is_valid():
        try:
            services.record_output(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _done(request, project, _("The output is recorded."), "outputs")
    return _refused(request, project, output_form=form)


@require_POST
@login_required
def output_remove(request, slug, pk):
    project = managed_project(request, slug)
    output = get_object_or_404(Output, pk=_pick(pk), project=project)
    services.remove_output(actor=request.user, output=output)
    return _done(request, project, _("The output is removed."), "outputs")


_project = "projects/<slug:slug>/"

urlpatterns = [
    path("projects/", project_list, name="projects"),
    path("projects/new/", project_form, name="project_new"),
    path(_project, project_detail, name="project"),
    path(_project + "edit/", project_form, name="project_edit"),
    path(_project + "members/", member_add, name="project_member_add"),
    path(_project + "members/<int:pk>/role/", member_role, name="project_member_role"),
    path(_project + "members/<int:pk>/remove/", member_remove, name="project_member_remove"),
    path(_project + "resources/", resources_set, name="project_resources"),
    path(_project + "milestones/", milestone_add, name="project_milestone_add"),
    path(_project + "milestones/<int:pk>/done/", milestone_done, name="project_milestone_done"),
    path(
        _project + "milestones/<int:pk>/reopen/", milestone_reopen, name="project_milestone_reopen"
    ),
    path(
        _project + "milestones/<int:pk>/remove/", milestone_remove, name="project_milestone_remove"
    ),
    path(_project + "outputs/", output_add, name="project_output_add"),
    path(_project + "outputs/<int:pk>/remove/", output_remove, name="project_output_remove"),
]
