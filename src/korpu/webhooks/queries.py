"""What the webhook pages and the API list: one organisation's endpoints and delivery log."""

from django.db.models import QuerySet

from korpu.directory.models import Organisation

from .models import Delivery, Endpoint


def endpoints_of(organisation: Organisation) -> QuerySet[Endpoint]:
    return Endpoint.objects.filter(organisation=organisation).order_by("created_at", "pk")


def delivery_log(
    organisation: Organisation, *, status: str | None = None, endpoint: int | None = None
) -> QuerySet[Delivery]:
    """The organisation's deliveries, newest first, optionally of one status or endpoint."""
    deliveries = Delivery.objects.filter(endpoint__organisation=organisation)
    if status:
        deliveries = deliveries.filter(status=status)
    if endpoint:
        deliveries = deliveries.filter(endpoint_id=endpoint)
    return deliveries.select_related("endpoint").order_by("-created_at", "-pk")
