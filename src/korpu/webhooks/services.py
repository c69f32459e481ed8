"""Every write about webhooks: emitting events, delivering them, managing endpoints.

Emitting (the outbox pattern). The services of the other apps call one function of this
module inside their own transaction (:func:`registration_created`,
:func:`application_submitted`, :func:`interest_received`, :func:`booking_made`, or
:func:`emit`). It writes one :class:`~.models.Delivery` per listening endpoint in that
transaction and queues the delivery task when it commits: a change that rolls back sends
nothing, and a crash after the commit loses nothing (``webhooks_tick`` finds what is due).
Where nobody listens this costs nothing: each process remembers for a few seconds
(``KORPU_WEBHOOKS_REMEMBER_SECONDS``, 5) which organisations have an active endpoint,
forgetting at once when an endpoint is saved or deleted in that process; other processes
notice within those seconds. An organisation in that set costs one indexed query, and
the payload is built only when an endpoint of it listens to the event.

Delivering. :func:`deliver` claims a due delivery with one conditional UPDATE (``status
pending and next_attempt_at <= now``, which moves ``next_attempt_at`` to the end of a
lease): of two workers given the same delivery, one claims it and the other does nothing,
on SQLite and PostgreSQL alike, and no transaction stays open during the HTTP request.
2xx: delivered. 410 Gone: the endpoint is switched off and nothing more is sent to it.
Anything else (another status, a refused connection, a timeout): tried again after 1 min,
5 min, 30 min, 2 h and 12 h, then failed.
"""

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import timedelta
from functools import cache, partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.mail import insert_new
from korpu.directory.models import Organisation

from . import signing, transport
from .models import PING, Delivery, Endpoint, EventType, new_secret

logger = logging.getLogger(__name__)

Status = Delivery.Status

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
MAX_ENDPOINTS_PER_ORGANISATION = 10
# After a rotation the old secret signs too, so receivers can switch without a gap.
ROTATION_GRACE = timedelta(hours=24)
USER_AGENT = "Korpu-Webhooks/1"
# What goes into the audit log about an endpoint (never its secrets).
AUDITED_FIELDS = ("url", "description", "event_types", "is_active", "disabled_reason")


# --- who listens ---------------------------------------------------------------------------
_listening: dict = {"until": 0.0, "ids": frozenset()}
_listening_lock = threading.Lock()


def listening_organisations() -> frozenset[int]:
    """Ids of the organisations with an active endpoint, as read at most
    KORPU_WEBHOOKS_REMEMBER_SECONDS ago in this process."""
    now = time.monotonic()
    if now < _listening["until"]:
        return _listening["ids"]
    ids = frozenset(
        Endpoint.objects.filter(is_active=True)
        .order_by()
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    seconds = settings.KORPU_WEBHOOKS_REMEMBER_SECONDS
    with _listening_lock:
        _listening.update(until=now + seconds, ids=ids)
    return ids


def _forget() -> None:
    with _listening_lock:
        _listening["until"] = 0.0


def forget_listening(**signal) -> None:
    """Connected to Endpoint's post_save and post_delete (see apps.py): read the set again
    at the next event, and once more after the commit (what other connections see)."""
    _forget()
    if signal.get("sender") is not None and connection.in_atomic_block:
        transaction.on_commit(_forget)


# --- emitting ------------------------------------------------------------------------------
def _iso(moment) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(timezone.UTC).isoformat().replace("+00:00", "Z")


def _link(name: str, *args) -> str:
    """An absolute link (KORPU_SITE_URL), in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return settings.KORPU_SITE_URL + reverse(name, args=args)


def _types(value) -> list:
    return json.loads(value) if isinstance(value, str | bytes) else (value or [])


def _write(rows, event_type: str, data) -> list[Delivery]:
    """A delivery per endpoint row ``(id, organisation id, organisation slug, event
    types)`` that listens to ``event_type``; the task queued when the transaction commits."""
    rows = [row for row in rows if event_type == PING or event_type in _types(row[3])]
    if not rows:
        return []
    data = data() if callable(data) else data
    event_id = uuid.uuid4()
    now = timezone.now()
    deliveries = []
    for endpoint_id, organisation_id, slug, _event_types in rows:
        delivery = Delivery(
            endpoint_id=endpoint_id,
            event_type=event_type,
            event_id=event_id,
            payload={
                "id": str(event_id),
                "type": event_type,
                "created_at": _iso(now),
                "organisation": {"id": organisation_id, "slug": slug},
                "data": data,
            },
            status=Status.PENDING,
            next_attempt_at=now,
        )
        insert_new(delivery)
        deliveries.append(delivery)
    transaction.on_commit(partial(enqueue, [delivery.pk for delivery in deliveries]))
    return deliveries


def _endpoint_rows(organisations) -> list[tuple]:
    listening = listening_organisations()
    if not listening:
        return []
    endpoints = Endpoint.objects.filter(is_active=True)
    if isinstance(organisations, QuerySet):
        endpoints = endpoints.filter(organisation__in=organisations)
    else:
        if isinstance(organisations, Organisation | int):
            organisations = [organisations]
        ids = {getattr(item, "pk", item) for item in organisations} & listening
        if not ids:
            return []
        endpoints = endpoints.filter(organisation__in=ids)
    return list(endpoints.values_list("pk", "organisation_id", "organisation__slug", "event_types"))


def emit(
    event_type: str,
    *,
    organisation: Organisation | int | Iterable | QuerySet,
    data: dict | Callable[[], dict],
) -> list[Delivery]:
    """Send ``event_type`` to the active endpoints of ``organisation`` (one, an id, several,
    or a queryset of ids) that subscribed to it. Call it inside the transaction of the
    change; ``data`` may be a function, called only when some endpoint listens."""
    return _write(_endpoint_rows(organisation), event_type, data)


@cache
def _organisers_sql(vendor: str) -> str:
    from korpu.events.models import Event

    through = Event.organisers.through._meta
    qn = connection.ops.quote_name
    return (
        f"SELECT w.id, w.organisation_id, o.{qn('slug')}, w.{qn('event_types')} "
        f"FROM {qn(Endpoint._meta.db_table)} w "
        f"JOIN {qn(through.db_table)} t ON t.{qn('organisation_id')} = w.organisation_id "
        f"JOIN {qn(Organisation._meta.db_table)} o ON o.id = w.organisation_id "
        f"WHERE t.{qn('event_id')} = %s AND w.{qn('is_active')} = %s"
    )


def registration_created(registration) -> list[Delivery]:
    """``registration.created`` for the event's organisers (the registration rush's path,
    under the event lock: no query while no organisation has webhooks, else one written
    once in SQL)."""
    if not listening_organisations():
        return []
    with connection.cursor() as cursor:
        cursor.execute(_organisers_sql(connection.vendor), [registration.event_id, True])
        rows = cursor.fetchall()
    if not rows:
        return []

    def data():
        event = registration.event
        return {
            "registration": {
                "id": registration.pk,
                "status": registration.status,
                "created_at": _iso(registration.created_at),
            },
            "event": {
                "id": event.pk,
                "slug": event.slug,
                "starts_at": _iso(event.starts_at),
                "url": _link("events:event", event.slug),
            },
            "links": {"registrations": _link("events:registrations", event.slug)},
        }

    return _write(rows, EventType.REGISTRATION_CREATED, data)


def application_submitted(application) -> list[Delivery]:
    """``application.submitted`` for the organisation running the programme."""
    call = application.call
    programme = call.programme

    def data():
        return {
            "application": {
                "id": application.pk,
                "status": application.status,
                "submitted_at": _iso(application.submitted_at),
                "applicant_kind": "company" if application.company_id else "person",
                "company": (
                    {"id": application.company_id, "slug": application.company.slug}
                    if application.company_id
                    else None
                ),
            },
            "call": {"id": call.pk, "slug": call.slug},
            "programme": {"id": programme.pk, "slug": programme.slug},
            "links": {
                "application": _link(
                    "programs:manage_application", programme.slug, call.slug, application.pk
                )
            },
        }

    return emit(EventType.APPLICATION_SUBMITTED, organisation=programme.owner_id, data=data)


def interest_received(interest, *, recipient: str) -> list[Delivery]:
    """``eoi.received`` for the organisation that received an expression of interest:
    the reviewing intermediary when it is sent (``recipient="intermediary"``), the
    profile's owner when the intermediary forwards it (``recipient="owner"``). Who is
    interested is left out: the marketplace reveals it only as its rules say."""
    profile = interest.profile
    organisation = profile.owner_id if recipient == "owner" else profile.intermediary_id

    def data():
        return {
            "recipient_role": recipient,
            "interest": {
                "id": interest.pk,
                "status": interest.status,
                "created_at": _iso(interest.created_at),
                "forwarded_at": _iso(interest.forwarded_at),
            },
            "profile": {
                "id": profile.pk,
                "reference": profile.reference,
                "type": profile.type,
            },
            "links": {
                "interest": _link("transfer:interest", interest.pk),
                "profile": _link("transfer:profile", profile.pk),
            },
        }

    return emit(EventType.EOI_RECEIVED, organisation=organisation, data=data)


def booking_made(booking) -> list[Delivery]:
    """``booking.made`` for the organisation operating the park of the booked resource."""
    resource = booking.resource
    facility = resource.facility

    def data():
        return {
            "booking": {
                "id": booking.pk,
                "status": booking.status,
                "starts_at": _iso(booking.starts_at),
                "ends_at": _iso(booking.ends_at),
                "created_at": _iso(booking.created_at),
                "series_id": booking.series_id,
            },
            "resource": {"id": resource.pk, "slug": resource.slug},
            "facility": {"id": facility.pk, "slug": facility.slug},
            "links": {
                "resource": _link("facilities:resource", resource.slug),
                "approvals": _link("facilities:approvals", facility.slug),
            },
        }

    return emit(EventType.BOOKING_MADE, organisation=facility.park.operator_id, data=data)


def enqueue(delivery_ids: list[int]) -> None:
    """Queue the delivery task (after the commit); a failure is only logged: the rows
    are due, and the tick queues them again."""
    from .tasks import deliver_webhooks

    try:
        deliver_webhooks.enqueue(list(delivery_ids))
    except Exception:
        logger.exception("could not enqueue webhook deliveries %s", delivery_ids)


# --- delivering ----------------------------------------------------------------------------
def lease() -> timedelta:
    """How long a claimed attempt may take before the delivery is due again."""
    return timedelta(seconds=3 * transport.timeout() + 60)


def body_of(delivery: Delivery) -> bytes:
    return json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False).encode()


def headers_for(endpoint: Endpoint, delivery: Delivery, body: bytes, *, now) -> dict[str, str]:
    timestamp = int(now.timestamp())
    secrets = [endpoint.secret]
    if (
        endpoint.previous_secret
        and endpoint.secret_rotated_at
        and now - endpoint.secret_rotated_at < ROTATION_GRACE
    ):
        secrets.append(endpoint.previous_secret)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Korpu-Event": delivery.event_type,
        "X-Korpu-Event-Id": str(delivery.event_id),
        "X-Korpu-Delivery": str(delivery.pk),
        "X-Korpu-Timestamp": str(timestamp),
        "X-Korpu-Signature": signing.signature_header(secrets, timestamp, body),
    }


def _claim(delivery_id: int, now) -> bool:
    """Take the delivery for one attempt: true for exactly one of any number of callers."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, status=Status.PENDING, next_attempt_at__lte=now
    ).update(
        next_attempt_at=now + lease(),
        attempts=F("attempts") + 1,
        last_attempt_at=now,
    )
    return claimed == 1


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _disable(endpoint: Endpoint, reason: str, *, actor=None) -> None:
    """Switch the endpoint off; what was still waiting for it fails (an admin can send it
    again after switching it back on)."""
    now = timezone.now()
    before = audit.snapshot(endpoint, AUDITED_FIELDS)
    endpoint.is_active = False
    endpoint.disabled_at = now
    endpoint.disabled_reason = reason
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    endpoint.deliveries.filter(status=Status.PENDING).update(
        status=Status.FAILED, next_attempt_at=None, last_error=_short(_("Endpoint switched off."))
    )
    audit.record(
        actor=actor,
        action="webhooks.endpoint.disable",
        obj=endpoint,
        changes=audit.diff(before, audit.snapshot(endpoint, AUDITED_FIELDS)),
    )


def deliver(delivery_id: int) -> str:
    """One attempt at one delivery, if it is due and nobody else is at it. Says what
    happened: ``skipped`` (not due or taken by another worker), ``succeeded``, ``retry``,
    ``failed`` or ``gone``."""
    now = timezone.now()
    if not _claim(delivery_id, now):
        return "skipped"
    delivery = Delivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        Delivery.objects.filter(pk=delivery_id, status=Status.PENDING).update(
            status=Status.FAILED,
            next_attempt_at=None,
            last_error=_short(_("Endpoint switched off.")),
        )
        return "failed"
    body = body_of(delivery)
    code, error = None, ""
    try:
        response = transport.post(
            endpoint.url,
            body,
            headers_for(endpoint, delivery, body, now=now),
            seconds=transport.timeout(),
        )
    except ValidationError as refused:
        error = " ".join(refused.messages)
    except TimeoutError:
        error = _("No answer within %(seconds)s seconds.") % {"seconds": transport.timeout()}
    except Exception as failure:  # refused connections, TLS, DNS, broken answers: retried
        error = f"{type(failure).__name__}: {failure}"
    else:
        code = response.status
        if not 200 <= code < 300:
            error = f"HTTP {code}" + (f": {response.excerpt}" if response.excerpt else "")
    finished = timezone.now()
    pending = Delivery.objects.filter(pk=delivery_id, status=Status.PENDING)
    if code is not None and 200 <= code < 300:
        pending.update(
            status=Status.SUCCEEDED,
            next_attempt_at=None,
            delivered_at=finished,
            last_response_code=code,
            last_error="",
        )
        return "succeeded"
    if code == 410:
        with transaction.atomic():
            pending.update(
                status=Status.GONE,
                next_attempt_at=None,
                last_response_code=code,
                last_error=_short(error),
            )
            endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
            if endpoint.is_active:
                _disable(endpoint, Endpoint.DisabledReason.GONE)
        return "gone"
    attempts = delivery.attempts  # counted by the claim
    if attempts >= MAX_ATTEMPTS:
        pending.update(
            status=Status.FAILED,
            next_attempt_at=None,
            last_response_code=code,
            last_error=_short(error),
        )
        return "failed"
    pending.update(
        next_attempt_at=finished + RETRY_DELAYS[attempts - 1],
        last_response_code=code,
        last_error=_short(error),
    )
    return "retry"


def due_ids(*, now=None, limit: int = 1000) -> list[int]:
    """Pending deliveries whose time has come (first due first)."""
    now = now or timezone.now()
    return list(
        Delivery.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def requeue_due(*, now=None, batch: int = 20) -> int:
    """Queue the deliveries that are due (retries, and any whose task was lost); the
    claim in :func:`deliver` keeps a delivery queued twice from being sent twice."""
    ids = due_ids(now=now)
    for start in range(0, len(ids), batch):
        enqueue(ids[start : start + batch])
    return len(ids)


# --- endpoints -----------------------------------------------------------------------------
def _clean(*, url: str, event_types) -> tuple[str, list[str]]:
    url = (url or "").strip()
    transport.check_url(url)
    known = set(EventType.values)
    chosen = [value for value in EventType.values if value in set(event_types or ())]
    if not chosen or set(event_types) - known:
        raise ValidationError(
            {"event_types": _("Choose at least one event.")}
            if not chosen
            else {"event_types": _("Choose events from the list.")}
        )
    return url, chosen


def _field(error: ValidationError, name: str) -> ValidationError:
    return error if hasattr(error, "error_dict") else ValidationError({name: error.error_list})


def create_endpoint(
    *, actor, organisation: Organisation, url: str, event_types, description: str = ""
) -> Endpoint:
    try:
        url, event_types = _clean(url=url, event_types=event_types)
    except ValidationError as error:
        raise _field(error, "url") from None
    try:
        with transaction.atomic():
            # One at a time per organisation: the limit below holds under concurrency.
            Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
            if organisation.webhook_endpoints.count() >= MAX_ENDPOINTS_PER_ORGANISATION:
                raise ValidationError(
                    _("An organisation can have at most %(count)d endpoints.")
                    % {"count": MAX_ENDPOINTS_PER_ORGANISATION}
                )
            endpoint = Endpoint.objects.create(
                organisation=organisation,
                url=url,
                description=(description or "").strip()[:200],
                event_types=event_types,
                created_by=actor,
            )
            audit.record(
                actor=actor,
                action="webhooks.endpoint.create",
                obj=endpoint,
                changes=audit.diff({}, audit.snapshot(endpoint, AUDITED_FIELDS)),
            )
    except IntegrityError:
        raise ValidationError(
            {"url": _("This organisation already has an endpoint with this address.")}
        ) from None
    return endpoint


def update_endpoint(
    *, actor, endpoint: Endpoint, url: str, event_types, description: str = ""
) -> Endpoint:
    try:
        url, event_types = _clean(url=url, event_types=event_types)
    except ValidationError as error:
        raise _field(error, "url") from None
    try:
        with transaction.atomic():
            endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
            before = audit.snapshot(endpoint, AUDITED_FIELDS)
            endpoint.url = url
            endpoint.event_types = event_types
            endpoint.description = (description or "").strip()[:200]
            endpoint.save(update_fields=["url", "event_types", "description", "updated_at"])
            audit.record(
                actor=actor,
                action="webhooks.endpoint.update",
                obj=endpoint,
                changes=audit.diff(before, audit.snapshot(endpoint, AUDITED_FIELDS)),
            )
    except IntegrityError:
        raise ValidationError(
            {"url": _("This organisation already has an endpoint with this address.")}
        ) from None
    return endpoint


@transaction.atomic
def rotate_secret(*, actor, endpoint: Endpoint) -> Endpoint:
    """A new secret; the old one still signs (as a second signature) for a day."""
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.secret = new_secret()
    endpoint.secret_rotated_at = timezone.now()
    endpoint.save(update_fields=["previous_secret", "secret", "secret_rotated_at", "updated_at"])
    # Only the fact: the secrets never go into the log.
    audit.record(
        actor=actor,
        action="webhooks.endpoint.rotate_secret",
        obj=endpoint,
        changes={"secret": ["[redacted]", "[redacted]"]},
    )
    return endpoint


@transaction.atomic
def set_active(*, actor, endpoint: Endpoint, active: bool) -> Endpoint:
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if active == endpoint.is_active:
        return endpoint
    if not active:
        _disable(endpoint, Endpoint.DisabledReason.MANUAL, actor=actor)
        return endpoint
    before = audit.snapshot(endpoint, AUDITED_FIELDS)
    endpoint.is_active = True
    endpoint.disabled_at = None
    endpoint.disabled_reason = ""
    endpoint.save(update_fields=["is_active", "disabled_at", "disabled_reason", "updated_at"])
    audit.record(
        actor=actor,
        action="webhooks.endpoint.enable",
        obj=endpoint,
        changes=audit.diff(before, audit.snapshot(endpoint, AUDITED_FIELDS)),
    )
    return endpoint


@transaction.atomic
def send_ping(*, actor, endpoint: Endpoint) -> Delivery:
    """A ``ping`` to this endpoint alone, whatever it subscribed to."""
    endpoint = Endpoint.objects.select_related("organisation").get(pk=endpoint.pk)
    if not endpoint.is_active:
        raise ValidationError(_("Switch the endpoint on before sending a test."))
    row = (endpoint.pk, endpoint.organisation_id, endpoint.organisation.slug, [])
    (delivery,) = _write(
        [row],
        PING,
        {"message": "Hello from Körpü.", "endpoint": {"id": endpoint.pk, "url": endpoint.url}},
    )
    audit.record(actor=actor, action="webhooks.endpoint.ping", obj=endpoint)
    return delivery


@transaction.atomic
def redeliver(*, actor, delivery: Delivery) -> Delivery:
    """Try a failed (or gone) delivery again, from the start of the schedule."""
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if delivery.status not in Delivery.REDELIVERABLE:
        raise ValidationError(_("Only a failed delivery can be sent again."))
    if not delivery.endpoint.is_active:
        raise ValidationError(_("Switch the endpoint on before sending again."))
    before = delivery.status
    delivery.status = Status.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit.record(
        actor=actor,
        action="webhooks.delivery.redeliver",
        obj=delivery,
        changes={"status": [before, Status.PENDING]},
    )
    transaction.on_commit(partial(enqueue, [delivery.pk]))
    return delivery
