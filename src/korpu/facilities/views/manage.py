"""The facility managers' pages under ``/<lang>/labs/<facility>/``: the approvals queue,
maintenance windows and closures, incidents, the resources' status, and the
qualifications the facility's resources need (who holds them, granting, revoking).

A facility the user may not see answers 404; one they see but do not run answers 403.
"""

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from korpu.common.models import AuditEntry
from korpu.common.views import error_messages, paginate
from korpu.directory.models import Person, Qualification, QualificationGrant

from .. import queries, services
from ..forms import (
    ClosureForm,
    DecisionForm,
    GrantForm,
    ResolveForm,
    RevokeForm,
    StatusForm,
)
from ..models import Booking, Closure, Incident, Resource
from .booking import _when_text
from .common import facility_zone, manager_context, manager_page, pick_pk

INCIDENTS_PER_PAGE = 30


def _form_errors(form) -> str:
    return " ".join(str(m) for errors in form.errors.values() for m in errors)


def _counts(facility) -> dict:
    """The numbers on the managers' tabs."""
    return {
        "pending": queries.pending_approvals(facility).count(),
        "open_incidents": Incident.objects.filter(
            resource__facility=facility, status=Incident.Status.OPEN
        ).count(),
    }


def _render(request, facility, current, template, status=200, **extra):
    context = manager_context(request, facility, current, **_counts(facility), **extra)
    return render(request, template, context, status=status)


# --- approvals ----------------------------------------------------------------------------------
@manager_page
def approvals(request, facility):
    return _render(
        request,
        facility,
        "approvals",
        "facilities/manage/approvals.html",
        bookings=list(queries.pending_approvals(facility)),
        form=DecisionForm(),
    )


@require_POST
@manager_page
def decide(request, facility, pk):
    booking = get_object_or_404(
        Booking.objects.select_related("resource__facility__park", "person"),
        pk=pick_pk(pk),
        resource__facility=facility,
    )
    form = DecisionForm(request.POST)
    back = reverse("facilities:approvals", args=[facility.slug])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(back)
    approve = form.cleaned_data["decision"] == DecisionForm.APPROVE
    try:
        services.decide(
            actor=request.user, booking=booking, approve=approve, note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        values = {
            "name": booking.person.full_name,
            "resource": booking.resource,
            "when": _when_text(booking.resource, booking.starts_at, booking.ends_at),
        }
        if approve:
            text = _("Approved: %(resource)s for %(name)s, %(when)s.")
        else:
            text = _("Declined: %(resource)s for %(name)s, %(when)s.")
        messages.success(request, text % values)
    return redirect(back)


# --- closures -------------------------------------------------------------------------------------
def _cancelled_by(closures) -> dict:
    """Per closure, the bookings it cancelled (from its audit entry)."""
    if not closures:
        return {}
    entries = AuditEntry.objects.filter(
        action="facilities.closure.create",
        content_type=ContentType.objects.get_for_model(Closure),
        object_id__in=[str(c.pk) for c in closures],
    ).values_list("object_id", "changes")
    ids = {}
    for object_id, changes in entries:
        value = (changes or {}).get("cancelled_bookings") or [None, []]
        ids[int(object_id)] = [pk for pk in (value[1] or []) if isinstance(pk, int)]
    by_pk = {
        booking.pk: booking
        for booking in Booking.objects.filter(
            pk__in=[pk for values in ids.values() for pk in values]
        ).select_related("person", "resource")
    }
    return {pk: [by_pk[b] for b in values if b in by_pk] for pk, values in ids.items()}


@manager_page
def closures(request, facility):
    zone = facility_zone(facility)
    form = ClosureForm(
        request.POST if request.method == "POST" else None, facility=facility, zone=zone
    )
    if request.method == "POST" and form.is_valid():
        try:
            closure, cancelled = services.add_closure(
                actor=request.user, facility=facility, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error_messages(error))
        else:
            text = _("The closure is added.")
            if cancelled:
                text += " " + ngettext(
                    "%(count)s booking in that time was cancelled and its person told.",
                    "%(count)s bookings in that time were cancelled and their people told.",
                    len(cancelled),
                ) % {"count": len(cancelled)}
            messages.success(request, text)
            return redirect(
                reverse("facilities:closures", args=[facility.slug]) + f"#closure-{closure.pk}"
            )
    now = timezone.now()
    upcoming = list(
        Closure.objects.filter(facility=facility, ends_at__gt=now).select_related("resource")
    )
    past = list(
        Closure.objects.filter(facility=facility, ends_at__lte=now)
        .select_related("resource")
        .order_by("-starts_at")[:20]
    )
    cancelled = _cancelled_by(upcoming)
    for closure in upcoming:
        closure.cancelled_bookings = cancelled.get(closure.pk, [])
    return _render(
        request,
        facility,
        "closures",
        "facilities/manage/closures.html",
        status=400 if form.is_bound else 200,
        form=form,
        upcoming=upcoming,
        past=past,
        zone=str(zone),
    )


@require_POST
@manager_page
def remove_closure(request, facility, pk):
    closure = get_object_or_404(Closure, pk=pick_pk(pk), facility=facility)
    try:
        services.remove_closure(actor=request.user, closure=closure)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The closure is removed: the time can be booked again."))
    return redirect("facilities:closures", facility.slug)


# --- incidents --------------------------------------------------------------------------------
@manager_page
def incidents(request, facility):
    items = Incident.objects.filter(resource__facility=facility).select_related(
        "resource", "reported_by", "resolved_by", "booking"
    )
    show = request.GET.get("show")
    if show != "all":
        items = items.filter(status=Incident.Status.OPEN)
    return _render(
        request,
        facility,
        "incidents",
        "facilities/manage/incidents.html",
        page=paginate(request, items.order_by("-reported_at"), per_page=INCIDENTS_PER_PAGE),
        show_all=show == "all",
        resolve_form=ResolveForm(),
    )


@require_POST
@manager_page
def resolve_incident(request, facility, pk):
    incident = get_object_or_404(
        Incident.objects.select_related("resource__facility__park"),
        pk=pick_pk(pk),
        resource__facility=facility,
    )
    form = ResolveForm(request.POST)
    back = reverse("facilities:incidents", args=[facility.slug])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(back)
    try:
        services.resolve_incident(actor=request.user, incident=incident, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("Resolved: %(title)s.") % {"title": incident.title})
    return redirect(back)


# --- resources' status ------------------------------------------------------------------------
@manager_page
def resources(request, facility):
    items = list(
        Resource.objects.filter(facility=facility)
        .select_related("required_qualification")
        .order_by("name")
    )
    return _render(
        request,
        facility,
        "resources",
        "facilities/manage/resources.html",
        rows=[
            (resource, StatusForm(initial={"status": resource.status}, prefix=f"r{resource.pk}"))
            for resource in items
        ],
    )


@require_POST
@manager_page
def set_status(request, facility, pk):
    resource = get_object_or_404(Resource, pk=pick_pk(pk), facility=facility)
    form = StatusForm(request.POST, prefix=f"r{resource.pk}")
    back = reverse("facilities:manage_resources", args=[facility.slug])
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(back)
    try:
        resource = services.set_resource_status(
            actor=request.user, resource=resource, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request,
            _("%(resource)s is now %(status)s.")
            % {"resource": resource, "status": resource.get_status_display()},
        )
    return redirect(back)


# --- qualifications -----------------------------------------------------------------------------
def _holders(qualification):
    now = timezone.now()
    return (
        Person.objects.filter(
            Q(qualifications__expires_at__isnull=True) | Q(qualifications__expires_at__gt=now),
            qualifications__qualification=qualification,
            qualifications__revoked_at__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def _qualifications_of(facility):
    return Qualification.objects.filter(resources__facility=facility).distinct().order_by("name")


def _qualification_panels(facility, *, bound=None) -> list[dict]:
    """One panel per qualification: who holds it (until when), the grant and revoke forms
    (``bound`` = ``(qualification pk, form name, bound form)`` after a refused post)."""
    now = timezone.now()
    panels = []
    for qualification in _qualifications_of(facility):
        grants = (
            QualificationGrant.objects.filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=now),
                qualification=qualification,
                revoked_at__isnull=True,
            )
            .select_related("person", "granted_by")
            .order_by("person__last_name", "person__first_name", "pk")
        )
        holders = _holders(qualification)
        zone = facility_zone(facility)
        grant_form = GrantForm(prefix=f"g{qualification.pk}", zone=zone)
        revoke_form = RevokeForm(prefix=f"v{qualification.pk}", holders=holders)
        if bound and bound[0] == qualification.pk:
            if bound[1] == "grant":
                grant_form = bound[2]
            else:
                revoke_form = bound[2]
        panels.append(
            {
                "qualification": qualification,
                "grants": list(grants),
                "resources": list(
                    facility.resources.filter(required_qualification=qualification).order_by("name")
                ),
                "training": services.next_training(qualification),
                "grant_form": grant_form,
                "revoke_form": revoke_form,
            }
        )
    return panels


@manager_page
def qualifications(request, facility):
    return _render(
        request,
        facility,
        "qualifications",
        "facilities/manage/qualifications.html",
        panels=_qualification_panels(facility),
        zone=facility.park.time_zone,
    )


def _facility_qualification(facility, pk):
    return get_object_or_404(_qualifications_of(facility), pk=pick_pk(pk))


@require_POST
@manager_page
def grant(request, facility, pk):
    qualification = _facility_qualification(facility, pk)
    zone = facility_zone(facility)
    form = GrantForm(request.POST, prefix=f"g{qualification.pk}", zone=zone)
    if form.is_valid():
        try:
            grants = services.grant_qualification(
                actor=request.user,
                qualification=qualification,
                people=form.cleaned_data["emails"],
                expires_at=form.cleaned_data["expires_at"],
            )
        except ValidationError as error:
            form.add_error(None, error_messages(error))
        else:
            already = len(form.cleaned_data["emails"]) - len(grants)
            text = ngettext(
                "“%(qualification)s” granted to %(count)s person.",
                "“%(qualification)s” granted to %(count)s people.",
                len(grants),
            ) % {"qualification": qualification, "count": len(grants)}
            if already:
                text += " " + ngettext(
                    "%(count)s already held it.", "%(count)s already held it.", already
                ) % {"count": already}
            messages.success(request, text)
            return redirect(
                reverse("facilities:qualifications", args=[facility.slug])
                + f"#qualification-{qualification.pk}"
            )
    return _render(
        request,
        facility,
        "qualifications",
        "facilities/manage/qualifications.html",
        status=400,
        panels=_qualification_panels(facility, bound=(qualification.pk, "grant", form)),
        zone=facility.park.time_zone,
    )


@require_POST
@manager_page
def revoke(request, facility, pk):
    qualification = _facility_qualification(facility, pk)
    form = RevokeForm(request.POST, prefix=f"v{qualification.pk}", holders=_holders(qualification))
    if form.is_valid():
        try:
            count = services.revoke_qualifications(
                actor=request.user,
                qualification=qualification,
                people=form.cleaned_data["people"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error_messages(error))
        else:
            messages.success(
                request,
                ngettext(
                    "“%(qualification)s” revoked from %(count)s person.",
                    "“%(qualification)s” revoked from %(count)s people.",
                    count,
                )
                % {"qualification": qualification, "count": count},
            )
            return redirect(
                reverse("facilities:qualifications", args=[facility.slug])
                + f"#qualification-{qualification.pk}"
            )
    return _render(
        request,
        facility,
        "qualifications",
        "facilities/manage/qualifications.html",
        status=400,
        panels=_qualification_panels(facility, bound=(qualification.pk, "revoke", form)),
        zone=facility.park.time_zone,
    )


_facility = "<slug:slug>/"

urlpatterns = [
    path(_facility + "approvals/", approvals, name="approvals"),
    path(_facility + "approvals/<str:pk>/", decide, name="decide"),
    path(_facility + "closures/", closures, name="closures"),
    path(_facility + "closures/<str:pk>/remove/", remove_closure, name="remove_closure"),
    path(_facility + "incidents/", incidents, name="incidents"),
    path(_facility + "incidents/<str:pk>/resolve/", resolve_incident, name="resolve_incident"),
    path(_facility + "resources/", resources, name="manage_resources"),
    path(_facility + "resources/<str:pk>/status/", set_status, name="set_status"),
    path(_facility + "qualifications/", qualifications, name="qualifications"),
    path(_facility + "qualifications/<str:pk>/grant/", grant, name="grant_qualification"),
    path(_facility + "qualifications/<str:pk>/revoke/", revoke, name="revoke_qualification"),
]
