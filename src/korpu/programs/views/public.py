"""Programmes and calls anyone may browse (private programmes only their partners).

Addresses start with a programme's slug (``/<lang>/programmes/<slug>/``). The slug is
matched by a converter that lets any other address fall through, so the other areas'
pages (``applications/…``, ``reviews/…``) are reached whatever order the patterns are in.
"""

import datetime
import zoneinfo

from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, path, register_converter, reverse
from django.utils import timezone

from korpu.common.i18n import translated_order
from korpu.common.views import paginate
from korpu.directory.models import Organisation
from korpu.directory.queries import visible_organisations

from .. import queries, services
from ..forms.applicant import StartApplicationForm
from ..forms.public import ProgrammeFilterForm
from ..models import Application, Call, Programme


class ProgrammeSlugConverter:
    """A programme's slug; a word that is no programme's slug does not match here."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        if not Programme.objects.filter(slug=value).exists():
            raise ValueError(value)
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ProgrammeSlugConverter, "programme")


def zone_label(zone: str, at: datetime.datetime | None = None) -> str:
    """``Europe/Istanbul (UTC+03:00)``: the zone's name and its offset at ``at``."""
    try:
        offset = (at or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).strftime("%z")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zone
    return f"{zone} (UTC{offset[:3]}:{offset[3:]})"


def manage_call_url(call: Call) -> str | None:
    """The manager's dashboard of a call, when that page exists."""
    try:
        return reverse("programs:manage_call", args=[call.programme.slug, call.slug])
    except NoReverseMatch:
        return None


# --- programmes ----------------------------------------------------------------------------
def programme_list(request):
    form = ProgrammeFilterForm(request.GET or None)
    filters = form.filters()
    now = timezone.now()
    programmes = (
        queries.programme_list(request.user)
        .annotate(
            open_calls=Count(
                "calls",
                filter=Q(
                    calls__is_published=True,
                    calls__opens_at__lte=now,
                    calls__closes_at__gt=now,
                ),
                distinct=True,
            )
        )
        .prefetch_related("partners")
    )
    if filters.get("kind"):
        programmes = programmes.filter(kind=filters["kind"])
    if filters.get("open"):
        programmes = programmes.filter(open_calls__gt=0)
    context = {
        "form": form,
        "page": paginate(request, programmes),
        "filtered": bool(filters),
        "can_create": request.user.has_perm("programs.add_programme"),
    }
    template = "programs/public/programme_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


def programme_detail(request, slug):
    programme = get_object_or_404(queries.visible_programmes(request.user), slug=slug)
    user = request.user
    can_manage = user.has_perm("programs.change_programme", programme)
    groups = {"open": [], "upcoming": [], "closed": []}
    calls = queries.visible_calls(user).filter(programme=programme).order_by("closes_at", "pk")
    for call in calls:
        call.programme = programme
        call.manage_url = manage_call_url(call) if can_manage else None
        groups[call.phase].append(call)
    groups["upcoming"].sort(key=lambda c: (c.opens_at, c.pk))
    groups["closed"].reverse()
    partners = list(programme.partners.order_by("name"))
    visible_ids = set(
        visible_organisations(user)
        .filter(pk__in=[programme.owner_id] + [p.pk for p in partners])
        .values_list("pk", flat=True)
    )
    partnership = programme.partnership
    if partnership and not user.has_perm("directory.view_partnership", partnership):
        partnership = None
    context = {
        "programme": programme,
        "open_calls": groups["open"],
        "upcoming_calls": groups["upcoming"],
        "closed_calls": groups["closed"],
        "partners": partners,
        "linked_organisations": visible_ids,
        "partnership": partnership,
        "can_manage": can_manage,
        "zone": zone_label(programme.time_zone),
    }
    return render(request, "programs/public/programme_detail.html", context)


# --- calls ---------------------------------------------------------------------------------
def visible_call(request, programme_slug: str, call_slug: str) -> Call:
    return get_object_or_404(
        queries.visible_calls(request.user).select_related("resident_of"),
        programme__slug=programme_slug,
        slug=call_slug,
    )


def startable_companies(user, call: Call):
    """The organisations the user belongs to that have no application to this call yet."""
    taken = Application.objects.filter(company=OuterRef("pk"), call=call).exclude(
        status=Application.Status.WITHDRAWN
    )
    return (
        Organisation.objects.filter(memberships__person=user)
        .exclude(Exists(taken))
        .distinct()
        .order_by(translated_order("name"), "pk")
    )


def start_form(request, call: Call, data=None) -> StartApplicationForm:
    companies = None
    if call.applicant_kind == Call.ApplicantKind.COMPANY and request.user.is_authenticated:
        companies = startable_companies(request.user, call)
    return StartApplicationForm(data, call=call, companies=companies)


def apply_context(request, call: Call, form: StartApplicationForm | None = None) -> dict:
    """What the "Apply" block shows to this visitor: their applications, the start form,
    and why they may not apply, if they may not."""
    user = request.user
    if not user.is_authenticated:
        return {"signed_in": False}
    existing = list(
        queries.my_applications(user)
        .filter(call=call)
        .exclude(status=Application.Status.WITHDRAWN)
        .order_by("pk")
    )
    form = form or start_form(request, call)
    context = {"signed_in": True, "existing": existing, "form": form}
    if call.applicant_kind == Call.ApplicantKind.COMPANY:
        organisations = list(form.fields["company"].queryset)
        problems = [
            (o, services.eligibility_problems(call=call, person=user, company=o))
            for o in organisations
        ]
        eligible = [o for o, found in problems if not found]
        context["ineligible"] = [(o, found) for o, found in problems if found]
        context["can_start"] = bool(eligible)
        context["no_organisation"] = not organisations and not existing
        if eligible and not form.is_bound:
            form.initial["company"] = eligible[0].pk
    else:
        found = (
            [] if existing else services.eligibility_problems(call=call, person=user, company=None)
        )
        context["person_problems"] = found
        context["can_start"] = not existing and not found
    return context


def render_call(request, call: Call, form: StartApplicationForm | None = None, status=200):
    programme = call.programme
    if request.htmx and request.htmx.target == "countdown":
        return render(
            request,
            "programs/public/call_detail.html#countdown",
            {"call": call, "programme": programme},
        )
    questions = list(call.questions.all())
    can_manage = request.user.has_perm("programs.change_call", call)
    context = {
        "call": call,
        "programme": programme,
        "questions": questions,
        "required_count": sum(1 for q in questions if q.required),
        "company_kinds": [
            label
            for value, label in Organisation.Kind.choices
            if value in (call.eligible_company_kinds or [])
        ],
        "zone": zone_label(programme.time_zone, call.closes_at),
        "manage_url": manage_call_url(call) if can_manage else None,
        "apply": apply_context(request, call, form),
    }
    return render(request, "programs/public/call_detail.html", context, status=status)


def call_detail(request, programme_slug, call_slug):
    return render_call(request, visible_call(request, programme_slug, call_slug))


urlpatterns = [
    path("", programme_list, name="programmes"),
    path("<programme:slug>/", programme_detail, name="programme"),
    path("<programme:programme_slug>/<slug:call_slug>/", call_detail, name="call"),
]
