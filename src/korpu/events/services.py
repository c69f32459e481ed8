"""Every write about registrations: registering, the waiting list and its promotions,
approvals, offers, cancellations, capacity changes, invitations, reminders.

Places are never overbooked. Every change that takes or frees a place runs in one
transaction holding a row lock on the event (pretix's pattern): the count of places
taken and the insert or promotion it guards cannot interleave with another request's.
Sessions with their own capacity are locked after the event, in id order, so two
requests never wait on each other in opposite orders.

Keyword-only functions; one transaction each; an audit entry; mail written to the outbox
in the same transaction. A refused change raises ``ValidationError`` with a translated
message and writes nothing.
"""

import datetime
import math
from decimal import Decimal, InvalidOperation
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.locking import bound_lock_wait
from korpu.common.mail import LaterAttachment, insert_new
from korpu.common.notify import send_templated_mail
from korpu.webhooks import services as webhooks

from . import queries
from .models import Event, Invitation, Question, Registration, ReminderSent, Session, SessionSeat

Status = Registration.Status

# The control switch of the concurrency tests: with it off the race is shown to happen.
CAPACITY_LOCK = True
# How long a request waits for the lock before giving up with a clear message.
LOCK_TIMEOUT = "10s"

TEXT_LIMITS = {Question.Kind.TEXT: 300, Question.Kind.LONG_TEXT: 5000}


# --- locking -------------------------------------------------------------------------------
def _before_locking() -> None:
    if CAPACITY_LOCK:
        bound_lock_wait(LOCK_TIMEOUT, what="the event lock")
    elif not connection.in_atomic_block:
        raise RuntimeError("the event lock must be taken inside transaction.atomic()")


def _locking(query):
    return query.select_for_update() if CAPACITY_LOCK else query


def lock_event(event_id: int) -> Event:
    """The event, re-read under a row lock held until the transaction ends."""
    _before_locking()
    return _locking(Event.objects.all()).get(pk=event_id)


# --- the registration rush's serial part ------------------------------------------------
# Everything from taking the event lock to the commit runs one request at a time per event,
# so its two reads are written in SQL: the ORM spends about a millisecond compiling each,
# which in a rush is most of the time the lock is held. Same lock, same answers as
# lock_event() and places_taken() (tests/events/test_services.py compares them).
# What registering decides on, re-read under the lock: the event given to register() may
# have been read a moment earlier (queries.event_for_registering remembers it for a moment).
DECIDING_FIELDS = (
    "status",
    "visibility",
    "capacity",
    "waitlist_enabled",
    "requires_approval",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
    "updated_at",
)


@cache
def _deciding_columns(vendor: str) -> tuple[str, list]:
    """The columns of DECIDING_FIELDS and, for each, what the ORM converts its value with."""
    table = Event._meta.db_table
    fields = [Event._meta.get_field(name) for name in DECIDING_FIELDS]
    converters = []
    for field in fields:
        column = field.get_col(table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append((field.attname, column, found))
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    return names, converters


def _lock_event_for_registering(event: Event) -> bool:
    """Take the same lock as :func:`lock_event`, refreshing what registering decides on
    (DECIDING_FIELDS). An event changed since it was read (``updated_at``) is read again
    whole. False if the event is gone."""
    _before_locking()
    table = connection.ops.quote_name(Event._meta.db_table)
    lock = " FOR UPDATE" if CAPACITY_LOCK and connection.features.has_select_for_update else ""
    columns, converters = _deciding_columns(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE id = %s{lock}", [event.pk])
        row = cursor.fetchone()
    if row is None:
        return False
    known = event.updated_at
    for value, (attname, column, found) in zip(row, converters, strict=True):
        for convert in found:
            value = convert(value, column, connection)
        setattr(event, attname, value)
    if known is not None and event.updated_at != known:
        # Changed since the caller read it: read the rest again too (the title in the mail).
        queries.forget_event(event.pk)
        event.refresh_from_db()
    return True


def _place_counts(event: Event) -> dict:
    """Places taken, people waiting and the newest waiting-list time, in one query."""
    table = connection.ops.quote_name(Registration._meta.db_table)
    holding = ", ".join(["%s"] * len(Registration.HOLDING_A_PLACE))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT COALESCE(SUM(CASE WHEN status IN ({holding}) THEN 1 ELSE 0 END), 0), "
            "COALESCE(SUM(CASE WHEN status = %s THEN 1 ELSE 0 END), 0), "
            "MAX(CASE WHEN status = %s THEN waitlisted_at END) "
            f"FROM {table} WHERE event_id = %s",
            [*Registration.HOLDING_A_PLACE, Status.WAITLISTED, Status.WAITLISTED, event.pk],
        )
        taken, waiting, last_waitlisted_at = cursor.fetchone()
    if isinstance(last_waitlisted_at, str):  # SQLite answers an expression's time as text
        last_waitlisted_at = datetime.datetime.fromisoformat(last_waitlisted_at)
    if last_waitlisted_at is not None and timezone.is_naive(last_waitlisted_at):
        last_waitlisted_at = last_waitlisted_at.replace(tzinfo=datetime.UTC)
    return {"taken": int(taken), "waiting": int(waiting), "last_waitlisted_at": last_waitlisted_at}


def places_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.HOLDING_A_PLACE).count()


def places_left(event: Event) -> float:
    """Free places (``inf`` without a limit). Read-only; decisions re-count under the lock."""
    if event.capacity is None:
        return math.inf
    return max(event.capacity - places_taken(event), 0)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not on the waiting list."""
    if registration.status != Status.WAITLISTED:
        return None
    ahead = Registration.objects.filter(
        Q(waitlisted_at__lt=registration.waitlisted_at)
        | Q(waitlisted_at=registration.waitlisted_at, id__lt=registration.id),
        event_id=registration.event_id,
        status=Status.WAITLISTED,
    ).count()
    return ahead + 1


def waiting_list(event: Event):
    return Registration.objects.filter(event=event, status=Status.WAITLISTED).order_by(
        "waitlisted_at", "id"
    )


# --- answers -------------------------------------------------------------------------------
def field_name(question: Question) -> str:
    return f"q{question.pk}"


def clean_answers(*, questions, data: dict) -> dict:
    """Check answers keyed ``q<id>`` against the questions; return them keyed by id (str).

    Raises one ValidationError with an error per field, so forms and the API can show each
    message beside its question.
    """
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, object] = {}
    for question in questions:
        key = field_name(question)
        raw = data.get(key, data.get(str(question.pk)))
        empty = raw is None or raw == "" or raw == []
        if empty:
            if question.required:
                errors[key] = [_("This question needs an answer.")]
            continue
        try:
            cleaned[str(question.pk)] = _clean_one(question, raw)
        except ValidationError as exc:
            errors[key] = exc.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(question: Question, raw):
    kind = question.kind
    if kind in (Question.Kind.TEXT, Question.Kind.LONG_TEXT):
        value = str(raw).strip()
        limit = TEXT_LIMITS[kind]
        if len(value) > limit:
            raise ValidationError(
                _("At most %(limit)d characters, please (this has %(length)d).")
                % {"limit": limit, "length": len(value)}
            )
        return value
    if kind == Question.Kind.NUMBER:
        try:
            number = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
        if not number.is_finite() or abs(number) > Decimal("1e12"):
            raise ValidationError(_("Enter a number."))
        return float(number) if number != number.to_integral() else int(number)
    if kind == Question.Kind.CHOICE:
        if raw not in question.choices:
            raise ValidationError(_("Choose one of the options."))
        return raw
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = raw if isinstance(raw, list) else [raw]
        if not values or any(value not in question.choices for value in values):
            raise ValidationError(_("Choose among the options."))
        return [choice for choice in question.choices if choice in values]
    if kind == Question.Kind.RATING:
        try:
            rating = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(_("Give a rating from 1 to 5.")) from None
        if not 1 <= rating <= 5:
            raise ValidationError(_("Give a rating from 1 to 5."))
        return rating
    if kind == Question.Kind.YES_NO:
        if raw in (True, "yes", "true", "1", 1):
            return True
        if raw in (False, "no", "false", "0", 0):
            return False
        raise ValidationError(_("Answer yes or no."))
    raise ValidationError(_("This question cannot be answered."))


# --- mail ------------------------------------------------------------------------------------
def person_language(person) -> str:
    """The language a person's mail, PDFs and messages are written in."""
    return getattr(person, "preferred_language", "") or settings.LANGUAGE_CODE


# The ticket's QR code, attached to mail about a confirmed registration, is drawn when the
# mail is delivered (korpu.events.tickets.qr_png, registered in EventsConfig.ready): drawing
# it takes milliseconds that a registration request need not spend.
TICKET_QR_MAKER = "events.ticket_qr"


def _mail(registration: Registration, template: str, **extra) -> None:
    person = registration.person
    context = {
        "registration": registration,
        "event": registration.event,
        "person": person,
        "site_url": settings.KORPU_SITE_URL,
        **extra,
    }
    attachments = ()
    if registration.status == Status.CONFIRMED:
        attachments = [
            LaterAttachment("ticket.png", "image/png", TICKET_QR_MAKER, registration.ticket_code)
        ]
    send_templated_mail(
        to=person.email,
        template=f"events/email/{template}",
        context=context,
        language=person_language(person),
        attachments=attachments,
    )


def _mail_for_status(registration: Registration, position: int | None = None) -> None:
    template = {
        Status.CONFIRMED: "registration_confirmed",
        Status.WAITLISTED: "registration_waitlisted",
        Status.PENDING_APPROVAL: "registration_pending",
    }[registration.status]
    _mail(registration, template, position=position)


# --- registering ------------------------------------------------------------------------------
def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def _check_invitation(*, event: Event, person, token: str | None) -> Invitation | None:
    """The invitation this registration uses; refuses forged, used or foreign ones."""
    if not token:
        if event.visibility == Event.Visibility.INVITATION_ONLY:
            _refuse(_("This event is by invitation only."), "invitation_required")
        return None
    invitation = Invitation.objects.filter(event=event, token=token).first()
    if invitation is None:
        _refuse(_("This invitation link is not valid for this event."), "invalid_invitation")
    if invitation.email.casefold() != person.email.casefold():
        _refuse(
            _("This invitation was sent to another e-mail address. Sign in with %(email)s.")
            % {"email": invitation.email},
            "invitation_for_someone_else",
        )
    if invitation.used_at is not None:
        _refuse(_("This invitation has already been used."), "invitation_used")
    return invitation


def _sessions_to_sit(event: Event, session_ids) -> list[Session]:
    ids = sorted({int(pk) for pk in session_ids or ()})
    if not ids:
        return []
    sessions = list(Session.objects.filter(event=event, pk__in=ids, capacity__isnull=False))
    if len(sessions) != len(ids):
        _refuse(_("Choose among this event's sessions that take sign-ups."), "invalid_session")
    return sessions


def _take_seats(registration: Registration, sessions: list[Session]) -> None:
    """Seats in sessions with their own capacity; under locks taken in id order."""
    if not sessions:
        return
    ids = [session.pk for session in sessions]
    query = Session.objects.filter(pk__in=ids).order_by("pk")
    locked = list(query.select_for_update() if CAPACITY_LOCK else query)
    for session in locked:
        taken = SessionSeat.objects.filter(
            session=session, registration__status__in=Registration.HOLDING_A_PLACE
        ).count()
        if taken >= session.capacity:
            _refuse(
                _("The session “%(session)s” is full. Choose another one.")
                % {"session": session.title},
                "session_full",
            )
        SessionSeat.objects.create(session=session, registration=registration)


def _check_open(event: Event, now) -> None:
    """Refuse when the event takes no registrations at ``now``."""
    if event.status == Event.Status.CANCELLED:
        _refuse(_("This event has been cancelled."), "event_cancelled")
    if event.status != Event.Status.PUBLISHED:
        _refuse(_("Registration for this event is not open."), "not_open")
    if event.registration_opens_at and now < event.registration_opens_at:
        _refuse(_("Registration has not opened yet."), "not_open_yet")
    if not event.registration_is_open(now):
        _refuse(_("Registration for this event has closed."), "closed")


def register(
    *,
    event: Event,
    person,
    answers: dict | None = None,
    invitation_token: str | None = None,
    session_ids=(),
    actor=None,
) -> Registration:
    """Register ``person``: confirmed while places last, then waitlisted (or refused when
    the event keeps no waiting list); awaiting approval where organisers approve."""
    _check_open(event, timezone.now())
    questions = queries.registration_questions(event)
    cleaned = clean_answers(questions=questions, data=answers or {})
    sessions = _sessions_to_sit(event, session_ids)
    invitation = _check_invitation(event=event, person=person, token=invitation_token)
    # A second active registration of one person is refused by the partial unique
    # constraint one_active_registration_per_person (IntegrityError below), not by a
    # query before it: a rush of first registrations is served faster without.
    try:
        with transaction.atomic():
            if not _lock_event_for_registering(event):
                _refuse(_("Registration for this event is not open."), "not_open")
            # Read the clock under the lock: the waiting list's order is the lock's order.
            now = timezone.now()
            # The checks above again, on what was just read under the lock.
            _check_open(event, now)
            if event.visibility == Event.Visibility.INVITATION_ONLY and invitation is None:
                _refuse(_("This event is by invitation only."), "invitation_required")
            if invitation is not None:
                invitation = Invitation.objects.get(pk=invitation.pk)
                if invitation.used_at is not None:
                    _refuse(_("This invitation has already been used."), "invitation_used")
            registration = Registration(
                event=event, person=person, answers=cleaned, invitation=invitation
            )
            counts = _place_counts(event)
            position = None
            # Invited people were chosen by the organisers: no second approval.
            if event.requires_approval and invitation is None:
                registration.status = Status.PENDING_APPROVAL
            elif event.capacity is None or counts["taken"] < event.capacity:
                registration.status = Status.CONFIRMED
                registration.confirmed_at = now
            elif event.waitlist_enabled:
                registration.status = Status.WAITLISTED
                # Last in the list (waitlisted_at, id) even if a clock went back: everyone
                # waiting came before, under this lock. So the position is the count + 1.
                last = counts["last_waitlisted_at"]
                registration.waitlisted_at = max(now, last) if last else now
                position = counts["waiting"] + 1
            else:
                _refuse(_("This event is full."), "full")
            # In SQL written once (korpu.common.mail.insert_new): this runs under the lock.
            insert_new(registration)
            if registration.status == Status.CONFIRMED:
                _take_seats(registration, sessions)
            if invitation is not None:
                invitation.used_at = now
                invitation.save(update_fields=["used_at"])
            audit.record(
                actor=actor or person,
                action="events.register",
                obj=registration,
                changes={"status": [None, registration.status]},
            )
            _mail_for_status(registration, position)
            webhooks.registration_created(registration)
    except (IntegrityError, ValidationError) as error:
        # A person registered already is told so, whatever else this attempt ran into.
        if (
            isinstance(error, IntegrityError)
            or Registration.objects.filter(
                event=event, person=person, status__in=Registration.ACTIVE
            ).exists()
        ):
            raise ValidationError(
                _("You are already registered for this event."), code="already_registered"
            ) from None
        raise
    registration.position = position
    return registration


def choose_sessions(*, registration: Registration, session_ids, actor) -> list[int]:
    """Set the sessions with their own places that a confirmed participant attends.

    Seats kept stay kept; new ones are taken under the session locks; a full session
    refuses the whole change. People confirmed from the waiting list choose here.
    """
    with transaction.atomic():
        event, registration = _reload_locked(registration)
        if registration.status != Status.CONFIRMED:
            _refuse(_("Only confirmed participants can sign up for sessions."), "not_confirmed")
        wanted = _sessions_to_sit(event, session_ids)
        wanted_ids = {session.pk for session in wanted}
        current = set(registration.session_seats.values_list("session_id", flat=True))
        SessionSeat.objects.filter(registration=registration).exclude(
            session_id__in=wanted_ids
        ).delete()
        _take_seats(registration, [s for s in wanted if s.pk not in current])
        audit.record(
            actor=actor,
            action="events.choose_sessions",
            obj=registration,
            changes={"sessions": [sorted(current), sorted(wanted_ids)]},
        )
    return sorted(wanted_ids)


# --- freeing places and the waiting list ---------------------------------------------------
def _fill_freed_places(event: Event, *, actor) -> list[Registration]:
    """Promote the first people waiting into free places. Call under the event lock."""
    if event.status != Event.Status.PUBLISHED or not event.waitlist_enabled:
        return []
    if event.capacity is None:
        free = waiting_list(event).count()
    else:
        free = event.capacity - places_taken(event)
    if free <= 0:
        return []
    now = timezone.now()
    promoted = list(waiting_list(event)[:free])
    for registration in promoted:
        if event.offer_hours:
            registration.status = Status.OFFERED
            registration.offer_expires_at = now + datetime.timedelta(hours=event.offer_hours)
            template = "place_offered"
        else:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
            template = "registration_promoted"
        registration.save(update_fields=["status", "offer_expires_at", "confirmed_at"])
        audit.record(
            actor=actor,
            action="events.promote",
            obj=registration,
            changes={"status": [Status.WAITLISTED, registration.status]},
        )
        _mail(registration, template)
    return promoted


def _reload_locked(registration: Registration) -> tuple[Event, Registration]:
    event = lock_event(registration.event_id)
    fresh = Registration.objects.select_related("person").get(pk=registration.pk)
    fresh.event = event
    return event, fresh


def cancel_registration(*, registration: Registration, actor) -> Registration:
    """The participant cancels (until the deadline) or an organiser cancels for them."""
    by_organiser = actor is not None and actor.has_perm("events.change_event", registration.event)
    if not by_organiser and not registration.event.can_cancel():
        _refuse(_("The deadline for cancelling has passed."), "cancellation_closed")
    with transaction.atomic():
        event, registration = _reload_locked(registration)
        if registration.status not in Registration.ACTIVE:
            _refuse(_("This registration is no longer active."), "not_active")
        before = registration.status
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        audit.record(
            actor=actor,
            action="events.cancel_registration",
            obj=registration,
            changes={"status": [before, Status.CANCELLED]},
        )
        _mail(registration, "registration_cancelled", by_organiser=by_organiser)
        _fill_freed_places(event, actor=actor)
    return registration


def approve_registration(*, registration: Registration, actor) -> Registration:
    """Approve: confirmed if a place is free, otherwise onto the waiting list."""
    with transaction.atomic():
        event, registration = _reload_locked(registration)
        if registration.status != Status.PENDING_APPROVAL:
            _refuse(_("Only registrations awaiting approval can be approved."), "not_pending")
        now = timezone.now()
        if event.capacity is None or places_taken(event) < event.capacity:
            registration.status = Status.CONFIRMED
            registration.confirmed_at = now
        elif event.waitlist_enabled:
            registration.status = Status.WAITLISTED
            registration.waitlisted_at = now
        else:
            _refuse(_("This event is full."), "full")
        registration.decided_by = actor
        registration.save()
        audit.record(
            actor=actor,
            action="events.approve_registration",
            obj=registration,
            changes={"status": [Status.PENDING_APPROVAL, registration.status]},
        )
        _mail_for_status(registration, waitlist_position(registration))
    return registration


def reject_registration(*, registration: Registration, actor, note: str = "") -> Registration:
    """Organisers decline a registration; a place it held goes to the waiting list."""
    with transaction.atomic():
        event, registration = _reload_locked(registration)
        if registration.status not in Registration.ACTIVE:
            _refuse(_("This registration is no longer active."), "not_active")
        before = registration.status
        registration.status = Status.REJECTED
        registration.decided_by = actor
        registration.save(update_fields=["status", "decided_by"])
        audit.record(
            actor=actor,
            action="events.reject_registration",
            obj=registration,
            changes={"status": [before, Status.REJECTED]},
        )
        _mail(registration, "registration_rejected", note=note.strip())
        _fill_freed_places(event, actor=actor)
    return registration


def accept_offer(*, registration: Registration, actor) -> Registration:
    with transaction.atomic():
        _event, registration = _reload_locked(registration)
        if registration.status != Status.OFFERED:
            _refuse(_("There is no place on offer for this registration."), "no_offer")
        if registration.offer_expires_at and registration.offer_expires_at <= timezone.now():
            _refuse(_("This offer has expired."), "offer_expired")
        registration.status = Status.CONFIRMED
        registration.confirmed_at = timezone.now()
        registration.save(update_fields=["status", "confirmed_at"])
        audit.record(
            actor=actor,
            action="events.accept_offer",
            obj=registration,
            changes={"status": [Status.OFFERED, Status.CONFIRMED]},
        )
        _mail(registration, "registration_confirmed")
    return registration


def decline_offer(*, registration: Registration, actor) -> Registration:
    with transaction.atomic():
        event, registration = _reload_locked(registration)
        if registration.status != Status.OFFERED:
            _refuse(_("There is no place on offer for this registration."), "no_offer")
        registration.status = Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        audit.record(
            actor=actor,
            action="events.decline_offer",
            obj=registration,
            changes={"status": [Status.OFFERED, Status.CANCELLED]},
        )
        _fill_freed_places(event, actor=actor)
    return registration


def expire_lapsed_offers(now=None) -> int:
    """Offers not accepted in time lapse; the next person waiting is offered the place."""
    now = now or timezone.now()
    expired = 0
    event_ids = (
        Registration.objects.filter(status=Status.OFFERED, offer_expires_at__lte=now)
        .values_list("event_id", flat=True)
        .distinct()
    )
    for event_id in sorted(set(event_ids)):
        with transaction.atomic():
            event = lock_event(event_id)
            lapsed = list(
                Registration.objects.select_related("person").filter(
                    event=event, status=Status.OFFERED, offer_expires_at__lte=now
                )
            )
            for registration in lapsed:
                registration.event = event
                registration.status = Status.EXPIRED
                registration.save(update_fields=["status"])
                audit.record(
                    actor=None,
                    action="events.offer_expired",
                    obj=registration,
                    changes={"status": [Status.OFFERED, Status.EXPIRED]},
                )
                _mail(registration, "offer_expired")
            expired += len(lapsed)
            _fill_freed_places(event, actor=None)
    return expired


def set_capacity(*, event: Event, capacity: int | None, actor) -> list[Registration]:
    """Change the number of places; raising it promotes people waiting, in order.

    Lowering it below the places taken keeps everyone confirmed and admits nobody new.
    """
    if capacity is not None and capacity < 0:
        _refuse(_("The number of places cannot be negative."), "negative_capacity")
    with transaction.atomic():
        event = lock_event(event.pk)
        before = event.capacity
        event.capacity = capacity
        event.save(update_fields=["capacity", "updated_at"])
        audit.record(
            actor=actor,
            action="events.set_capacity",
            obj=event,
            changes={"capacity": [before, capacity]},
        )
        return _fill_freed_places(event, actor=actor)


# --- organisers' messages ------------------------------------------------------------------
def invite(*, event: Event, emails, actor) -> list[Invitation]:
    """Invite addresses (each once per event) and mail each a personal link."""
    addresses = []
    errors = []
    for line_number, raw in enumerate(emails, start=1):
        address = raw.strip()
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            errors.append(
                _("Line %(line)d: “%(value)s” is not an e-mail address.")
                % {"line": line_number, "value": address[:100]}
            )
            continue
        if address.casefold() not in {a.casefold() for a in addresses}:
            addresses.append(address)
    if errors:
        raise ValidationError(errors)
    if not addresses:
        _refuse(_("Enter at least one e-mail address."), "no_addresses")
    existing = {
        email.casefold()
        for email in Invitation.objects.filter(event=event).values_list("email", flat=True)
    }
    created = []
    with transaction.atomic():
        for address in addresses:
            if address.casefold() in existing:
                continue
            invitation = Invitation.objects.create(event=event, email=address, invited_by=actor)
            created.append(invitation)
            send_templated_mail(
                to=address,
                template="events/email/invitation",
                context={
                    "event": event,
                    "invitation": invitation,
                    "site_url": settings.KORPU_SITE_URL,
                    "inviter": actor,
                },
                language=person_language(actor) if actor else settings.LANGUAGE_CODE,
            )
        audit.record(
            actor=actor,
            action="events.invite",
            obj=event,
            changes={"invited": [None, [i.email for i in created]]},
        )
    return created


def notify_event_changed(*, event: Event, actor, what: str) -> int:
    """Tell everyone registered that the event changed (dates, venue, agenda)."""
    registrations = list(
        Registration.objects.select_related("person", "event").filter(
            event=event, status__in=Registration.ACTIVE
        )
    )
    with transaction.atomic():
        for registration in registrations:
            _mail(registration, "event_changed", what=what)
        audit.record(
            actor=actor, action="events.notify_change", obj=event, changes={"what": [None, what]}
        )
    return len(registrations)


def cancel_event(*, event: Event, actor, reason: str = "") -> int:
    """Cancel the whole event: registrations are cancelled and everyone is told."""
    with transaction.atomic():
        event = lock_event(event.pk)
        if event.status == Event.Status.CANCELLED:
            _refuse(_("This event is already cancelled."), "already_cancelled")
        event.status = Event.Status.CANCELLED
        event.save(update_fields=["status", "updated_at"])
        registrations = list(
            Registration.objects.select_related("person").filter(
                event=event, status__in=Registration.ACTIVE
            )
        )
        now = timezone.now()
        for registration in registrations:
            registration.event = event
            registration.status = Status.CANCELLED
            registration.cancelled_at = now
            registration.save(update_fields=["status", "cancelled_at"])
            _mail(registration, "event_cancelled", reason=reason.strip())
        audit.record(
            actor=actor,
            action="events.cancel_event",
            obj=event,
            changes={"status": [Event.Status.PUBLISHED, Event.Status.CANCELLED]},
        )
    return len(registrations)


def send_due_reminders(now=None) -> int:
    """Send each reminder set by the organisers once, to every confirmed participant."""
    now = now or timezone.now()
    sent = 0
    horizon = now + datetime.timedelta(hours=24 * 14)
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED, starts_at__gt=now, starts_at__lte=horizon
    ).exclude(reminder_hours=[])
    for event in events:
        offsets = sorted({int(h) for h in event.reminder_hours if int(h) > 0})
        due_offsets = [h for h in offsets if now >= event.starts_at - datetime.timedelta(hours=h)]
        if not due_offsets:
            continue
        # Only the nearest reminder goes out; earlier ones that were missed are skipped.
        nearest = due_offsets[0]
        due = (
            Registration.objects.select_related("person")
            .filter(event=event, status=Status.CONFIRMED)
            .exclude(reminders_sent__hours_before=nearest)
        )
        for registration in due:
            with transaction.atomic():
                _, created = ReminderSent.objects.get_or_create(
                    registration=registration, hours_before=nearest
                )
                for hours in due_offsets[1:]:
                    ReminderSent.objects.get_or_create(
                        registration=registration, hours_before=hours
                    )
                if created:
                    registration.event = event
                    _mail(registration, "reminder", hours=nearest)
                    sent += 1
    return sent
