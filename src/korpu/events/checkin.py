"""Check-in on the day, attendance, certificates of attendance and the qualifications
they grant.

A scan writes one :class:`CheckIn` row and nothing else (no audit entry per scan: the
row is the record). Duplicates are caught by the unique constraints, so two scanners
reading the same ticket at the same moment give one "ok" and one "duplicate".
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.directory.models import QualificationGrant

from .models import Certificate, CheckIn, Event, Registration, Session, SessionSeat
from .models.events import VERIFICATION_ALPHABET
from .tickets import event_dates, person_language, verification_url

# Ticket codes are URL-safe base64 (see models.new_ticket_code); anything else is unknown
# without asking the database.
TICKET_CODE = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class CheckInResult:
    OK = "ok"
    DUPLICATE = "duplicate"
    UNKNOWN = "unknown"
    NOT_CONFIRMED = "not_confirmed"
    OTHER_EVENT = "other_event"

    status: str
    registration: Registration | None = None
    # When the person was checked in: now for "ok", the first scan for "duplicate".
    checked_in_at: datetime.datetime | None = None


def _signed_in(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def check_in(*, event: Event, code: str, session: Session | None = None, actor) -> CheckInResult:
    """Check a ticket in at the entrance (``session=None``) or at one of the event's sessions.

    A ticket of another event is rejected without saying whose it is.
    """
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("This session belongs to another event."))
    code = (code or "").strip()
    if not TICKET_CODE.fullmatch(code):
        return CheckInResult(CheckInResult.UNKNOWN)
    try:
        registration = Registration.objects.select_related("person").get(ticket_code=code)
    except Registration.DoesNotExist:
        return CheckInResult(CheckInResult.UNKNOWN)
    if registration.event_id != event.pk:
        return CheckInResult(CheckInResult.OTHER_EVENT)
    if registration.status != Registration.Status.CONFIRMED:
        return CheckInResult(CheckInResult.NOT_CONFIRMED, registration)
    now = timezone.now()
    try:
        with transaction.atomic():
            CheckIn.objects.create(
                registration=registration,
                session=session,
                checked_in_at=now,
                checked_in_by=_signed_in(actor),
            )
    except IntegrityError:
        # The unique constraint saw an earlier scan (maybe one committed a moment ago).
        earlier = (
            CheckIn.objects.filter(registration=registration, session=session)
            .values_list("checked_in_at", flat=True)
            .first()
        )
        if earlier is None:
            return CheckInResult(CheckInResult.UNKNOWN)
        return CheckInResult(CheckInResult.DUPLICATE, registration, earlier)
    return CheckInResult(CheckInResult.OK, registration, now)


def counts(event: Event) -> dict:
    """Live figures for the check-in page: confirmed registrations, entrance check-ins and
    check-ins per session (of confirmed registrations)."""
    confirmed = Registration.Status.CONFIRMED
    figures = event.registrations.filter(status=confirmed).aggregate(
        confirmed=Count("pk", distinct=True),
        checked_in=Count("check_ins", filter=Q(check_ins__session__isnull=True)),
    )
    sessions = event.sessions.annotate(
        checked_in=Count("check_ins", filter=Q(check_ins__registration__status=confirmed))
    ).order_by("starts_at", "pk")
    return {
        "confirmed": figures["confirmed"],
        "checked_in": figures["checked_in"],
        "sessions": [{"session": s, "checked_in": s.checked_in} for s in sessions],
    }


# --- attendance -----------------------------------------------------------------------------
def _attendance(event: Event, registrations) -> dict[int, tuple[int, int, int]]:
    return attendance_for(event, [r.pk for r in registrations])


def attendance_for(event: Event, ids: list[int]) -> dict[int, tuple[int, int, int]]:
    """(attended, countable, percent) per registration id of ``event``, in three queries.

    A session counts for a person if it counts for attendance and is open to everyone
    registered, or they hold a place in it, or they attended it. Without any session that
    counts, the entrance check-in is the whole attendance.
    """
    # One registration: its own rows; many: the whole event's (no huge IN lists).
    scope = {"registration_id": ids[0]} if len(ids) == 1 else {"registration__event": event}
    countable = dict(
        event.sessions.filter(counts_for_attendance=True).values_list("pk", "capacity")
    )
    if not countable:
        entered = set(
            CheckIn.objects.filter(session__isnull=True, **scope).values_list(
                "registration_id", flat=True
            )
        )
        return {pk: (0, 0, 100 if pk in entered else 0) for pk in ids}
    open_to_all = {pk for pk, capacity in countable.items() if capacity is None}
    attended: dict[int, set[int]] = {pk: set() for pk in ids}
    for registration_id, session_id in CheckIn.objects.filter(
        session_id__in=list(countable), **scope
    ).values_list("registration_id", "session_id"):
        if registration_id in attended:
            attended[registration_id].add(session_id)
    seated: dict[int, set[int]] = {pk: set() for pk in ids}
    limited = [pk for pk, capacity in countable.items() if capacity is not None]
    if limited:
        for registration_id, session_id in SessionSeat.objects.filter(
            session_id__in=limited, **scope
        ).values_list("registration_id", "session_id"):
            if registration_id in seated:
                seated[registration_id].add(session_id)
    table = {}
    for pk in ids:
        applicable = open_to_all | seated[pk] | attended[pk]
        total = len(applicable)
        table[pk] = (len(attended[pk]), total, len(attended[pk]) * 100 // total if total else 0)
    return table


def attendance(registration: Registration) -> tuple[int, int, int]:
    """(attended sessions, countable sessions, percent rounded down)."""
    return _attendance(registration.event, [registration])[registration.pk]


@dataclass
class AttendanceRow:
    registration: Registration
    attended: int
    countable: int
    percent: int
    eligible: bool
    certificate: Certificate | None


def attendance_table(event: Event) -> list[AttendanceRow]:
    """Every confirmed registration with its attendance, whether it meets the certificate
    rule, and its certificate if one was issued."""
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("person", "certificate")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    figures = _attendance(event, registrations)
    needed = event.certificate_min_attendance
    rows = []
    for registration in registrations:
        attended, countable, percent = figures[registration.pk]
        rows.append(
            AttendanceRow(
                registration=registration,
                attended=attended,
                countable=countable,
                percent=percent,
                eligible=needed is not None and percent >= needed,
                certificate=getattr(registration, "certificate", None),
            )
        )
    return rows


# --- certificates ---------------------------------------------------------------------------
def add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    """``moment`` plus whole calendar months (31 January + 1 month = 28/29 February)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def issue_certificates(*, event: Event, actor) -> list[Certificate]:
    """Issue a certificate to every confirmed participant whose attendance meets the
    event's rule and who has none yet; grant the event's qualification; mail them.

    Running it again issues only the missing ones (a revoked certificate is not reissued).
    """
    if event.certificate_min_attendance is None:
        raise ValidationError(
            _("This event gives no certificates: set the attendance needed for one first.")
        )
    # One issuing run per event at a time: a second one waits, then finds them issued.
    Event.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).get()
    now = timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Certificates can be issued once the event has started."))
    candidates = list(
        event.registrations.filter(
            status=Registration.Status.CONFIRMED, certificate__isnull=True
        ).select_related("person")
    )
    figures = _attendance(event, candidates)
    qualification = event.grants_qualification
    issued = []
    for registration in candidates:
        percent = figures[registration.pk][2]
        if percent < event.certificate_min_attendance:
            continue
        certificate = Certificate(registration=registration, attendance_percent=percent)
        certificate.issued_at = now
        if qualification is not None:
            certificate.qualification_grant = QualificationGrant.objects.create(
                person=registration.person,
                qualification=qualification,
                granted_at=now,
                expires_at=(
                    add_months(now, qualification.valid_for_months)
                    if qualification.valid_for_months
                    else None
                ),
                granted_by=_signed_in(actor),
                source=f"{event.title} ({certificate.code})"[:300],
            )
        certificate.save()
        audit.record(
            actor=actor,
            action="events.certificate_issue",
            obj=certificate,
            changes={
                "registration": [None, registration.pk],
                "attendance_percent": [None, percent],
            },
        )
        _mail_certificate(certificate)
        issued.append(certificate)
    return issued


def _mail_certificate(certificate: Certificate) -> None:
    registration = certificate.registration
    person = registration.person
    language = person_language(person)
    with translation.override(language):
        url = verification_url(certificate)
        dates = event_dates(registration.event)
    send_templated_mail(
        to=person.email,
        template="events/email/certificate_issued",
        context={
            "person": person,
            "event": registration.event,
            "dates": dates,
            "certificate": certificate,
            "verification_url": url if url.startswith("http") else "",
            "grant": certificate.qualification_grant,
            "zone": registration.event.time_zone,
        },
        language=language,
    )


@transaction.atomic
def revoke_certificate(*, certificate: Certificate, actor) -> Certificate:
    """Withdraw a certificate (and the qualification it granted); its page then says so."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate was already revoked."))
    now = timezone.now()
    certificate.revoked_at = now
    certificate.save(update_fields=["revoked_at"])
    if certificate.qualification_grant_id:
        QualificationGrant.objects.filter(
            pk=certificate.qualification_grant_id, revoked_at__isnull=True
        ).update(revoked_at=now)
    audit.record(
        actor=actor,
        action="events.certificate_revoke",
        obj=certificate,
        changes={"revoked_at": [None, now.isoformat()]},
    )
    return certificate


def normalise_verification_code(text: str) -> str | None:
    """``k7qm x3pd 9rta`` or ``K7QMX3PD9RTA`` → ``K7QM-X3PD-9RTA``; None if it cannot be one."""
    raw = re.sub(r"[\s-]+", "", text or "").upper()
    if len(raw) != 12 or not set(raw) <= set(VERIFICATION_ALPHABET):
        return None
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"
