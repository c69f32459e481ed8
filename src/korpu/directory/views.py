"""Directory pages. Each view checks a permission, calls a query or a service, renders."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.i18n import translated_order
from korpu.common.views import error_messages, paginate, require_perm, serve_file

from . import queries, services
from .forms import (
    AddMemberForm,
    ApiTokenForm,
    MemberRoleForm,
    OrganisationFilterForm,
    OrganisationForm,
    PeopleFilterForm,
    ProfileForm,
    ResidencyStatusForm,
)
from .models import (
    ApiToken,
    Membership,
    Organisation,
    Park,
    PartnershipDocument,
    Residency,
    Sector,
)


def home(request):
    organisations = queries.visible_organisations(request.user)
    context = {
        "stats": {
            "organisations": organisations.count(),
            "companies": organisations.filter(kind__in=Organisation.COMPANY_KINDS).count(),
            "parks": queries.visible_parks(request.user).count(),
            "residents": queries.visible_residencies(request.user)
            .filter(status=Residency.Status.ACTIVE)
            .count(),
        },
        "parks": queries.park_list(request.user)[:6],
        "partnerships": queries.partnership_list(request.user)[:3],
    }
    return render(request, "directory/home.html", context)


@login_required
def dashboard(request):
    memberships = request.user.memberships.select_related("organisation").order_by(
        translated_order("organisation__name")
    )
    managed = [m.organisation_id for m in memberships if m.role in ("manager", "admin")]
    parks = Park.objects.filter(operator__in=managed).annotate(
        pending=Count(
            "residencies",
            filter=Q(residencies__status__in=[Residency.Status.APPLIED, Residency.Status.APPROVED]),
        )
    )
    context = {
        "memberships": memberships,
        "parks": parks,
        "partnerships": queries.visible_partnerships(request.user)
        .filter(parties__memberships__person=request.user)
        .distinct(),
    }
    return render(request, "directory/dashboard.html", context)


# --- organisations ---------------------------------------------------------------------
def organisation_list(request):
    parks = queries.visible_parks(request.user).order_by(translated_order("name"))
    countries = (
        queries.visible_organisations(request.user)
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    form = OrganisationFilterForm(request.GET or None, parks=parks, countries=list(countries))
    filters = form.filters()
    page = paginate(
        request,
        queries.organisation_list(
            request.user,
            search=filters.get("q", ""),
            kind=filters.get("kind", ""),
            country=filters.get("country", ""),
            sector=filters.get("sector", ""),
            park=filters.get("park", ""),
        ),
    )
    context = {"form": form, "page": page, "filtered": bool(filters)}
    template = "directory/organisation_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def _visible_organisation(request, slug: str) -> Organisation:
    return get_object_or_404(queries.visible_organisations(request.user), slug=slug)


def organisation_detail(request, slug):
    organisation = _visible_organisation(request, slug)
    organisation = Organisation.objects.prefetch_related("sectors", "technology_areas").get(
        pk=organisation.pk
    )
    user = request.user
    members = queries.organisation_members(organisation)
    is_member = user.is_authenticated and organisation.memberships.filter(person=user).exists()
    if not (is_member or user.is_staff):
        # Outsiders see the members who chose to be listed, nobody else.
        members = members.filter(person__is_public=True, person__is_active=True)
    context = {
        "organisation": organisation,
        "residencies": queries.visible_residencies(user).filter(company=organisation),
        "operated_parks": queries.visible_parks(user).filter(operator=organisation),
        "partnerships": queries.visible_partnerships(user).filter(parties=organisation),
        "members": members,
        "can_see_contacts": user.has_perm("directory.view_organisation_contacts", organisation),
        "can_edit": user.has_perm("directory.change_organisation", organisation),
        "can_manage_members": user.has_perm("directory.manage_members", organisation),
    }
    return render(request, "directory/organisation_detail.html", context)


def organisation_logo(request, slug):
    organisation = _visible_organisation(request, slug)
    return serve_file(organisation.logo)


@login_required
def organisation_edit(request, slug):
    organisation = _visible_organisation(request, slug)
    require_perm(request, "directory.change_organisation", organisation)
    form = OrganisationForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.save_organisation_form(actor=request.user, form=form)
        messages.success(request, _("The organisation's profile was saved."))
        return redirect(organisation)
    return render(
        request, "directory/organisation_edit.html", {"organisation": organisation, "form": form}
    )


@login_required
def organisation_members(request, slug):
    organisation = _visible_organisation(request, slug)
    require_perm(request, "directory.manage_members", organisation)
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_member(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            form.add_error("email", error_messages(error))
        else:
            messages.success(request, _("The member was added and notified by e-mail."))
            return redirect("directory:organisation_members", slug=organisation.slug)
    context = {
        "organisation": organisation,
        "members": queries.organisation_members(organisation),
        "form": form,
        "roles": Membership.Role.choices,
    }
    return render(request, "directory/organisation_members.html", context)


@login_required
@require_POST
def membership_change(request, slug, membership_id):
    organisation = _visible_organisation(request, slug)
    require_perm(request, "directory.manage_members", organisation)
    membership = get_object_or_404(organisation.memberships, pk=membership_id)
    try:
        if request.POST.get("action") == "remove":
            services.remove_member(actor=request.user, membership=membership)
            messages.success(request, _("The member was removed."))
        else:
            form = MemberRoleForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a valid role."))
            services.change_member_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
            messages.success(request, _("The role was changed."))
    except ValidationError as error:
        messages.error(request, error_messages(error))
    return redirect("directory:organisation_members", slug=organisation.slug)


# --- people ----------------------------------------------------------------------------
def person_list(request):
    countries = queries.visible_people(request.user).order_by().values_list("country", flat=True)
    form = PeopleFilterForm(request.GET or None, countries=set(countries))
    filters = form.filters()
    page = paginate(
        request,
        queries.people_list(
            request.user, search=filters.get("q", ""), country=filters.get("country", "")
        ),
    )
    template = "directory/person_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, {"form": form, "page": page, "filtered": bool(filters)})


def person_detail(request, pk):
    person = get_object_or_404(queries.visible_people(request.user), pk=pk)
    memberships = person.memberships.select_related("organisation").filter(
        organisation__in=queries.visible_organisations(request.user)
    )
    context = {
        "person": person,
        "memberships": memberships,
        "can_see_contacts": request.user.has_perm("directory.view_person_contacts", person),
    }
    return render(request, "directory/person_detail.html", context)


def person_photo(request, pk):
    person = get_object_or_404(queries.visible_people(request.user), pk=pk)
    return serve_file(person.photo)


@login_required
def profile_edit(request):
    form = ProfileForm(request.POST or None, request.FILES or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.save_profile_form(actor=request.user, form=form)
        messages.success(request, _("Your profile was saved."))
        return redirect("directory:profile")
    return render(request, "directory/profile_edit.html", {"form": form})


@login_required
def api_tokens(request):
    form = ApiTokenForm(request.POST or None, person=request.user)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.create_api_token(
                actor=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                organisation=form.cleaned_data["organisation"],
                expires_at=form.expires_at(),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.error_dict.items():
                    field = "lifetime" if field == "expires_at" else field
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error_messages(error))
        else:
            form = ApiTokenForm(person=request.user)
    context = {
        "form": form,
        "tokens": request.user.api_tokens.select_related("organisation"),
        "new_key": new_key,
    }
    return render(request, "directory/api_tokens.html", context)


@login_required
@require_POST
def api_token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, person=request.user)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("directory:api_tokens")


# --- parks -----------------------------------------------------------------------------
def park_list(request):
    return render(request, "directory/park_list.html", {"parks": queries.park_list(request.user)})


def park_detail(request, slug):
    park = get_object_or_404(queries.visible_parks(request.user), slug=slug)
    status = request.GET.get("status", "")
    if status not in Residency.Status.values:
        status = ""
    sector = request.GET.get("sector", "")[:60]
    residents = queries.park_residents(request.user, park, status=status, sector=sector)
    can_manage = request.user.has_perm("directory.change_park", park)
    established_by = park.established_by
    if established_by and not request.user.has_perm("directory.view_partnership", established_by):
        established_by = None
    context = {
        "park": park,
        "page": paginate(request, residents, per_page=30),
        "status": status,
        "sector": sector,
        "statuses": Residency.Status.choices,
        "sectors": park_sectors(park),
        "sites": park.sites.prefetch_related("buildings__units"),
        "can_manage": can_manage,
        "established_by": established_by,
    }
    template = "directory/park_detail.html"
    if request.htmx and not request.htmx.boosted:
        template += "#residents"
    return render(request, template, context)


def park_sectors(park):
    return Sector.objects.filter(
        organisations__residencies__park=park,
        organisations__residencies__status=Residency.Status.ACTIVE,
    ).distinct()


@login_required
@require_POST
def residency_status(request, slug, residency_id):
    park = get_object_or_404(queries.visible_parks(request.user), slug=slug)
    residency = get_object_or_404(Residency, pk=residency_id, park=park)
    require_perm(request, "directory.change_residency", residency)
    form = ResidencyStatusForm(request.POST, park=park)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status and unit."))
    else:
        try:
            residency = services.change_residency_status(
                actor=request.user,
                residency=residency,
                status=form.cleaned_data["status"],
                unit=form.cleaned_data["unit"],
            )
        except ValidationError as error:
            messages.error(request, error_messages(error))
        else:
            messages.success(
                request,
                _("%(company)s is now “%(status)s”.")
                % {"company": residency.company.name, "status": residency.get_status_display()},
            )
    back_to = request.POST.get("return_status", "")
    if back_to in Residency.Status.values:
        return redirect(f"{park.get_absolute_url()}?{urlencode({'status': back_to})}")
    return redirect(park)


# --- partnerships ----------------------------------------------------------------------
def partnership_list(request):
    return render(
        request,
        "directory/partnership_list.html",
        {"partnerships": queries.partnership_list(request.user)},
    )


def partnership_detail(request, slug):
    partnership = get_object_or_404(queries.visible_partnerships(request.user), slug=slug)
    partnership = queries.partnership_detail(partnership)
    context = {
        "partnership": partnership,
        "parks": queries.visible_parks(request.user).filter(established_by=partnership),
        "documents": queries.visible_documents(request.user, partnership),
        "can_edit": request.user.has_perm("directory.change_partnership", partnership),
    }
    return render(request, "directory/partnership_detail.html", context)


def partnership_document(request, slug, pk):
    partnership = get_object_or_404(queries.visible_partnerships(request.user), slug=slug)
    document = get_object_or_404(PartnershipDocument, pk=pk, partnership=partnership)
    if not request.user.has_perm("directory.view_partnershipdocument", document):
        # Same answer as for a document that does not exist: reveal nothing.
        raise Http404
    return serve_file(document.file, as_attachment=True)
