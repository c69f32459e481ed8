"""The webhooks API under ``/api/v1/webhooks/``: an organisation's endpoints and their
delivery log, read-only, for its admins (and staff) — the same rule as the pages. The
signing secret is never sent through the API: it is shown on the endpoint's page."""

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from korpu.directory import queries as directory_queries
from korpu.directory.api import AUTH_REQUIRED, Filters, ObjectId, PageNumber, viewer
from korpu.directory.models import Organisation

from . import queries
from .models import Delivery

router = Router(tags=["webhooks"])


class EndpointOut(Schema):
    id: int
    url: str
    description: str
    event_types: list[str] = Field(description="The events it receives.")
    is_active: bool
    disabled_at: datetime.datetime | None
    disabled_reason: str = Field(description='"", "manual" or "gone" (it answered 410).')
    created_at: datetime.datetime


class DeliveryOut(Schema):
    id: int
    endpoint_id: int
    event_type: str
    event_id: uuid.UUID
    status: Delivery.Status
    attempts: int
    next_attempt_at: datetime.datetime | None
    last_attempt_at: datetime.datetime | None
    last_response_code: int | None
    last_error: str
    delivered_at: datetime.datetime | None
    created_at: datetime.datetime
    payload: dict = Field(description="The body that is (or was) posted.")


class DeliveryFilters(Filters):
    status: Delivery.Status | None = None
    endpoint: ObjectId | None = Field(None, description="Only this endpoint's deliveries.")


def _organisation(request, slug: str) -> Organisation:
    user = viewer(request)
    organisation = get_object_or_404(directory_queries.visible_organisations(user), slug=slug)
    if not user.has_perm("webhooks.manage_webhooks", organisation):
        raise PermissionDenied(_("Only the organisation's admins see its webhooks."))
    return organisation


@router.get(
    "/webhooks/organisations/{slug:slug}/endpoints",
    response=list[EndpointOut],
    auth=AUTH_REQUIRED,
    summary="An organisation's webhook endpoints (its admins)",
)
@paginate(PageNumber)
def list_endpoints(request, slug: str):
    organisation = _organisation(request, slug)
    return queries.endpoints_of(organisation)


@router.get(
    "/webhooks/organisations/{slug:slug}/deliveries",
    response=list[DeliveryOut],
    auth=AUTH_REQUIRED,
    summary="An organisation's webhook delivery log, newest first (its admins)",
)
@paginate(PageNumber)
def list_deliveries(request, slug: str, filters: Query[DeliveryFilters]):
    organisation = _organisation(request, slug)
    return queries.delivery_log(organisation, status=filters.status, endpoint=filters.endpoint)
