"""Webhook pages of an organisation, for its admins: endpoints, their secret, a test
ping, and the delivery log. Each view checks the permission, calls a service, renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from korpu.common.views import error_messages, paginate, require_perm
from korpu.directory import queries as directory_queries
from korpu.directory.models import Organisation

from . import queries, services
from .forms import DeliveryFilterForm, EndpointForm
from .models import Delivery, Endpoint

PERMISSION = "webhooks.manage_webhooks"


def _organisation(request, slug: str) -> Organisation:
    """The organisation (404 if the user may not even see it), for its admins (403)."""
    organisation = get_object_or_404(
        directory_queries.visible_organisations(request.user), slug=slug
    )
    require_perm(request, PERMISSION, organisation)
    return organisation


def _endpoint(request, slug: str, pk: int) -> tuple[Organisation, Endpoint]:
    organisation = _organisation(request, slug)
    return organisation, get_object_or_404(organisation.webhook_endpoints, pk=pk)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error)


@login_required
def endpoint_list(request, slug):
    organisation = _organisation(request, slug)
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.create_endpoint(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The endpoint was added. Copy its signing secret to the receiving side."),
            )
            return redirect("webhooks:endpoint", slug=organisation.slug, pk=endpoint.pk)
    context = {
        "organisation": organisation,
        "endpoints": queries.endpoints_of(organisation),
        "form": form,
    }
    return render(request, "webhooks/endpoint_list.html", context)


@login_required
def endpoint_detail(request, slug, pk):
    organisation, endpoint = _endpoint(request, slug, pk)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
    }
    form = EndpointForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_endpoint(actor=request.user, endpoint=endpoint, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect("webhooks:endpoint", slug=organisation.slug, pk=endpoint.pk)
    context = {
        "organisation": organisation,
        "endpoint": endpoint,
        "form": form,
        "recent": endpoint.deliveries.order_by("-created_at", "-pk")[:10],
    }
    return render(request, "webhooks/endpoint_detail.html", context)


@login_required
@require_POST
def rotate_secret(request, slug, pk):
    organisation, endpoint = _endpoint(request, slug, pk)
    services.rotate_secret(actor=request.user, endpoint=endpoint)
    messages.success(
        request,
        _(
            "A new secret was made. For a day, deliveries carry a signature with the old "
            "secret too: update the receiving side before then."
        ),
    )
    return redirect("webhooks:endpoint", slug=organisation.slug, pk=endpoint.pk)


@login_required
@require_POST
def set_active(request, slug, pk):
    organisation, endpoint = _endpoint(request, slug, pk)
    active = request.POST.get("active")
    if active not in ("0", "1"):
        messages.error(request, _("Choose whether to switch the endpoint on or off."))
    else:
        endpoint = services.set_active(actor=request.user, endpoint=endpoint, active=active == "1")
        if endpoint.is_active:
            messages.success(request, _("The endpoint is on: new events are sent to it."))
        else:
            messages.success(request, _("The endpoint is off: nothing is sent to it."))
    return redirect("webhooks:endpoint", slug=organisation.slug, pk=endpoint.pk)


@login_required
@require_POST
def ping(request, slug, pk):
    organisation, endpoint = _endpoint(request, slug, pk)
    try:
        services.send_ping(actor=request.user, endpoint=endpoint)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(
            request, _("A test event was queued. Its outcome appears in the delivery log.")
        )
    return redirect("webhooks:endpoint", slug=organisation.slug, pk=endpoint.pk)


@login_required
@require_safe
def delivery_list(request, slug):
    organisation = _organisation(request, slug)
    endpoints = list(queries.endpoints_of(organisation))
    form = DeliveryFilterForm(request.GET or None, endpoints=endpoints)
    filters = form.cleaned_data if form.is_valid() else {}
    deliveries = queries.delivery_log(
        organisation, status=filters.get("status"), endpoint=filters.get("endpoint")
    )
    context = {
        "organisation": organisation,
        "form": form,
        "page": paginate(request, deliveries, per_page=50),
        "redeliverable": Delivery.REDELIVERABLE,
    }
    return render(request, "webhooks/delivery_list.html", context)


@login_required
@require_POST
def redeliver(request, slug, pk):
    organisation = _organisation(request, slug)
    delivery = get_object_or_404(
        Delivery.objects.filter(endpoint__organisation=organisation), pk=pk
    )
    try:
        services.redeliver(actor=request.user, delivery=delivery)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The delivery was queued again."))
    return redirect("webhooks:deliveries", slug=organisation.slug)
