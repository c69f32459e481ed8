"""Cohorts, mentoring office hours, milestones, monthly figures and specialist exchange
placements: every write, the predicates that say who may make it, and the reads the
cohort pages share.

Writes are keyword-only functions, one transaction each, with an audit entry; mail is
written to the outbox in the same transaction, so nothing is mailed for a change that
rolled back. A refused change raises ``ValidationError`` with a translated message (a
dict keyed by form field when the message belongs to one field) and writes nothing;
acting for somebody else raises ``PermissionDenied``.

Capacity rules are checked under row locks, in one order (member, then slot):

- the slot is locked before it is booked, so of two members booking it at the same
  moment the second one sees the first booking and gets a clear message (and the
  one-to-one ``OfficeHourBooking.slot`` refuses a second row whatever happens);
- the cohort member is locked before their booked hours are counted, so two bookings
  made at once cannot both slip under the cohort's cap on mentoring hours.
"""

import datetime
import zoneinfo
from decimal import Decimal, InvalidOperation

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.directory.models import Membership, Organisation, Person
from korpu.directory.queries import organisation_ids_of
from korpu.directory.rules import MANAGING_ROLES, is_signed_in, is_staff

from .models import (
    Cohort,
    CohortMember,
    CohortSession,
    Mentor,
    MetricReport,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
    Programme,
)
from .queries import managed_programmes
from .rules import is_programme_manager, manages_organisation, member_of

MAX_SLOT_HOURS = 8
MAX_REPEAT_WEEKS = 12
MEMBER_CANCEL_NOTICE = datetime.timedelta(hours=24)
MAX_MONEY = Decimal("999999999999.99")  # MetricReport: 14 digits, 2 after the point
MAX_COUNT = 2_147_483_647  # PositiveIntegerField on every database
METRIC_FIELDS = ("employees", "revenue", "funding_raised", "customers")


# --- who may ----------------------------------------------------------------------------
@rules.predicate
def is_member_participant(user, member) -> bool:
    """The person who is the cohort member, or a member of the company that is."""
    if not is_signed_in(user) or member is None:
        return False
    if member.person_id is not None and member.person_id == user.pk:
        return True
    return member.company_id is not None and member_of(user, member.company_id)


@rules.predicate
def mentors_member_cohort(user, member) -> bool:
    return (
        is_signed_in(user)
        and member is not None
        and Mentor.objects.filter(cohort_id=member.cohort_id, person=user).exists()
    )


@rules.predicate
def manages_member_cohort(user, member) -> bool:
    return member is not None and is_programme_manager(user, member.cohort.programme)


@rules.predicate
def is_cohort_mentor(user, cohort) -> bool:
    return (
        is_signed_in(user)
        and cohort is not None
        and Mentor.objects.filter(cohort=cohort, person=user).exists()
    )


@rules.predicate
def is_placement_specialist(user, placement) -> bool:
    return is_signed_in(user) and placement is not None and placement.specialist_id == user.pk


@rules.predicate
def is_placement_host(user, placement) -> bool:
    """The host mentor, or a manager of the host organisation."""
    return (
        is_signed_in(user)
        and placement is not None
        and (placement.host_mentor_id == user.pk or manages_organisation(user, placement.host_id))
    )


# A company's programme page (milestones, figures): its own people, the cohort's mentors,
# the programme's managers, staff. Other members of the cohort do not see it.
can_view_member = is_member_participant | mentors_member_cohort | manages_member_cohort | is_staff
# Booking office hours, reporting milestone progress and monthly figures.
can_act_for_member = is_member_participant


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_manager(actor, cohort: Cohort) -> None:
    _require(actor.has_perm("programs.change_cohort", cohort))


# --- small helpers ------------------------------------------------------------------------
def programme_zone(programme: Programme) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(programme.time_zone)


def local_today(programme: Programme) -> datetime.date:
    return timezone.localdate(timezone=programme_zone(programme))


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _text(value, limit: int) -> str:
    return (value or "").strip()[:limit]


def _person_by_email(email: str, field: str) -> Person:
    person = Person.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if person is None:
        raise ValidationError(
            {field: _("Nobody has an account with this e-mail address. Ask them to sign up first.")}
        )
    return person


def _check_period(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Give a start and an end."))
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})


def _mail(person, template: str, context: dict) -> None:
    if person is None or not person.email:
        return
    send_templated_mail(
        to=person.email,
        template=template,
        context={"person": person, **context},
        language=person.preferred_language,
    )


# --- sessions and mentors (managers) ------------------------------------------------------
@transaction.atomic
def save_session(
    *,
    actor,
    cohort: Cohort,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    session: CohortSession | None = None,
) -> CohortSession:
    """Add a session to the cohort's schedule, or change one (``session``)."""
    _require_manager(actor, cohort)
    title = _text(title, 200)
    if not title:
        raise ValidationError({"title": _("Give the session a title.")})
    _check_period(starts_at, ends_at)
    if session is None:
        session = CohortSession(cohort=cohort)
        before = {}
    else:
        session = CohortSession.objects.select_for_update().get(pk=session.pk, cohort=cohort)
        before = audit.snapshot(session, ["title", "starts_at", "ends_at", "location"])
    session.title, session.starts_at, session.ends_at = title, starts_at, ends_at
    session.location = _text(location, 200)
    session.save()
    audit.record(
        actor=actor,
        action="cohort.session.change" if before else "cohort.session.add",
        obj=session,
        changes=audit.diff(
            before, audit.snapshot(session, ["title", "starts_at", "ends_at", "location"])
        ),
    )
    return session


@transaction.atomic
def delete_session(*, actor, session: CohortSession) -> None:
    _require_manager(actor, session.cohort)
    audit.record(actor=actor, action="cohort.session.delete", obj=session)
    session.delete()


@transaction.atomic
def add_mentor(*, actor, cohort: Cohort, email: str, topics: str = "") -> Mentor:
    """Make an existing person a mentor of the cohort; they are told by e-mail."""
    _require_manager(actor, cohort)
    person = _person_by_email(email, "email")
    if Mentor.objects.filter(cohort=cohort, person=person).exists():
        raise ValidationError(
            {"email": _("%(name)s already mentors this cohort.") % {"name": person.full_name}}
        )
    try:
        with transaction.atomic():
            mentor = Mentor.objects.create(cohort=cohort, person=person, topics=_text(topics, 300))
    except IntegrityError:  # added by someone else a moment ago
        raise ValidationError(
            {"email": _("%(name)s already mentors this cohort.") % {"name": person.full_name}}
        ) from None
    audit.record(
        actor=actor,
        action="cohort.mentor.add",
        obj=mentor,
        changes={"person": [None, person.pk], "topics": [None, mentor.topics]},
    )
    _mail(
        person,
        "programs/email/cohort_mentor_added",
        {"cohort": cohort, "programme": cohort.programme, "mentor": mentor},
    )
    return mentor


@transaction.atomic
def update_mentor(*, actor, mentor: Mentor, topics: str) -> Mentor:
    _require_manager(actor, mentor.cohort)
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    before = mentor.topics
    mentor.topics = _text(topics, 300)
    mentor.save(update_fields=["topics"])
    audit.record(
        actor=actor,
        action="cohort.mentor.change",
        obj=mentor,
        changes=audit.diff({"topics": before}, {"topics": mentor.topics}),
    )
    return mentor


@transaction.atomic
def remove_mentor(*, actor, mentor: Mentor) -> None:
    """Remove a mentor; refused while members still have meetings booked with them."""
    _require_manager(actor, mentor.cohort)
    upcoming = OfficeHourBooking.objects.filter(
        slot__mentor=mentor, slot__starts_at__gt=timezone.now()
    ).count()
    if upcoming:
        raise ValidationError(
            _(
                "%(name)s still has %(count)s meeting(s) booked. Cancel them first, so the "
                "members are told."
            )
            % {"name": mentor.person.full_name, "count": upcoming}
        )
    audit.record(actor=actor, action="cohort.mentor.remove", obj=mentor)
    mentor.delete()


# --- office hours -------------------------------------------------------------------------
def _lock_mentor_rows(person_id: int) -> None:
    """Serialise publishing by one person (every cohort they mentor), so two pages
    publishing at once cannot create overlapping slots."""
    list(Mentor.objects.select_for_update().filter(person_id=person_id).order_by("pk"))


def _lock_member(member_id: int) -> None:
    """A row lock on the cohort member until commit: their booked hours are counted and
    the new booking written while no other booking of theirs can be."""
    CohortMember.objects.select_for_update().filter(pk=member_id).first()


def _lock_slot(slot_id: int) -> OfficeHourSlot:
    """A row lock on the slot until commit (raises DoesNotExist if it was deleted)."""
    return OfficeHourSlot.objects.select_for_update().get(pk=slot_id)


def _booked_hours(member_id: int) -> Decimal:
    """Hours of office hours the member has booked in total (past and future)."""
    total = Decimal(0)
    for starts_at, ends_at in OfficeHourBooking.objects.filter(member_id=member_id).values_list(
        "slot__starts_at", "slot__ends_at"
    ):
        total += Decimal(int((ends_at - starts_at).total_seconds())) / 3600
    return total


def booked_hours(member_id: int) -> Decimal:
    return _booked_hours(member_id)


def hours_text(hours: Decimal) -> str:
    return f"{hours.quantize(Decimal('0.01')).normalize():f}"


@transaction.atomic
def publish_slots(
    *,
    actor,
    mentor: Mentor,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    location: str = "",
    repeat_weeks: int = 0,
) -> list[OfficeHourSlot]:
    """A mentor offers office hours: one slot, or the same slot each week for
    ``repeat_weeks`` more weeks (same local time in the programme's zone)."""
    _require(is_signed_in(actor) and mentor.person_id == actor.pk)
    _check_period(starts_at, ends_at)
    if ends_at - starts_at > datetime.timedelta(hours=MAX_SLOT_HOURS):
        raise ValidationError(
            {"ends_at": _("A slot lasts at most %(hours)s hours.") % {"hours": MAX_SLOT_HOURS}}
        )
    if starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Offer a time in the future.")})
    repeat_weeks = int(repeat_weeks or 0)
    if not 0 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        raise ValidationError(
            {"repeat_weeks": _("Repeat for at most %(weeks)s weeks.") % {"weeks": MAX_REPEAT_WEEKS}}
        )
    cohort = Cohort.objects.select_related("programme").get(pk=mentor.cohort_id)
    zone = programme_zone(cohort.programme)
    local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
    # Wall-clock arithmetic in the programme's zone: 10:00 stays 10:00 across a DST change.
    times = [
        (
            (local_start + datetime.timedelta(weeks=week)).astimezone(datetime.UTC),
            (local_end + datetime.timedelta(weeks=week)).astimezone(datetime.UTC),
        )
        for week in range(repeat_weeks + 1)
    ]
    if cohort.ends_on and times[-1][0].astimezone(zone).date() > cohort.ends_on:
        raise ValidationError(
            _("The cohort ends on %(date)s: offer times before then.")
            % {"date": cohort.ends_on.isoformat()}
        )
    _lock_mentor_rows(mentor.person_id)
    for start, end in times:
        clash = OfficeHourSlot.objects.filter(
            mentor__person_id=mentor.person_id, starts_at__lt=end, ends_at__gt=start
        ).first()
        if clash:
            raise ValidationError(
                _("You already offer a slot at %(time)s that overlaps this one.")
                % {"time": clash.starts_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")}
            )
    location = _text(location, 200)
    slots = [
        OfficeHourSlot.objects.create(
            mentor=mentor, starts_at=start, ends_at=end, location=location
        )
        for start, end in times
    ]
    audit.record(
        actor=actor,
        action="office_hours.publish",
        obj=mentor,
        changes={"slots": [None, [slot.starts_at.isoformat() for slot in slots]]},
    )
    return slots


@transaction.atomic
def delete_slot(*, actor, slot: OfficeHourSlot) -> None:
    """The mentor withdraws a free slot (a booked one must be cancelled first)."""
    try:
        slot = _lock_slot(slot.pk)
    except OfficeHourSlot.DoesNotExist:
        return
    mentor = Mentor.objects.get(pk=slot.mentor_id)
    _require(is_signed_in(actor) and mentor.person_id == actor.pk)
    if OfficeHourBooking.objects.filter(slot=slot).exists():
        raise ValidationError(_("This slot is booked: cancel the booking first."))
    audit.record(
        actor=actor,
        action="office_hours.withdraw",
        obj=mentor,
        changes={"slot": [slot.starts_at.isoformat(), None]},
    )
    slot.delete()


def already_booked_message() -> str:
    return _("Someone else has just booked this slot. Please choose another one.")


@transaction.atomic
def book_slot(*, actor, slot: OfficeHourSlot, member: CohortMember, topic: str):
    """A cohort member books a free slot of one of the cohort's mentors.

    No double booking: the slot is locked and checked (and the database's one-to-one
    refuses a second booking in any case). The cohort's cap on mentoring hours per member
    is checked while the member is locked, so two bookings at once cannot both pass it.
    """
    _require(can_act_for_member(actor, member))
    topic = _text(topic, 300)
    if not topic:
        raise ValidationError({"topic": _("Say what you would like to discuss.")})
    _lock_member(member.pk)
    try:
        slot = _lock_slot(slot.pk)
    except OfficeHourSlot.DoesNotExist:
        raise ValidationError(_("The mentor has withdrawn this slot.")) from None
    member = CohortMember.objects.select_related("cohort__programme", "company", "person").get(
        pk=member.pk
    )
    mentor = Mentor.objects.select_related("person").get(pk=slot.mentor_id)
    if mentor.cohort_id != member.cohort_id:
        raise ValidationError(_("This slot belongs to another cohort."))
    if mentor.person_id == actor.pk:
        raise ValidationError(_("You cannot book your own office hours."))
    if OfficeHourBooking.objects.filter(slot=slot).exists():
        raise ValidationError(already_booked_message(), code="taken")
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot has already started."))
    if OfficeHourBooking.objects.filter(
        member=member, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at
    ).exists():
        raise ValidationError(_("%(name)s already has a meeting at this time.") % {"name": member})
    cap = member.cohort.max_mentor_hours_per_member
    if cap is not None:
        booked = _booked_hours(member.pk)
        if booked + slot.hours > cap:
            raise ValidationError(
                _(
                    "This meeting would take %(name)s over the cohort's limit of %(cap)s hours "
                    "of mentoring (%(booked)s hours booked already)."
                )
                % {"name": member, "cap": hours_text(cap), "booked": hours_text(booked)},
                code="cap",
            )
    try:
        with transaction.atomic():
            booking = OfficeHourBooking.objects.create(
                slot=slot, member=member, booked_by=actor, topic=topic
            )
    except IntegrityError:
        raise ValidationError(already_booked_message(), code="taken") from None
    audit.record(
        actor=actor,
        action="office_hours.book",
        obj=booking,
        changes={"slot": [None, slot.pk], "member": [None, member.pk], "topic": [None, topic]},
    )
    context = {
        "booking": booking,
        "slot": slot,
        "mentor": mentor,
        "member": member,
        "cohort": member.cohort,
        "zone": member.cohort.programme.time_zone,
        "booked_by": actor,
    }
    _mail(mentor.person, "programs/email/office_hours_booked_mentor", context)
    _mail(actor, "programs/email/office_hours_booked_member", context)
    return booking


def member_may_still_cancel(booking: OfficeHourBooking, now=None) -> bool:
    return booking.slot.starts_at - (now or timezone.now()) >= MEMBER_CANCEL_NOTICE


@transaction.atomic
def cancel_booking(*, actor, booking: OfficeHourBooking) -> None:
    """Cancel a booking: the mentor until the meeting starts, the member's people up to
    24 hours before. Both sides are told."""
    try:
        slot = _lock_slot(booking.slot_id)
    except OfficeHourSlot.DoesNotExist:
        raise ValidationError(_("This booking was already cancelled.")) from None
    booking = (
        OfficeHourBooking.objects.select_related(
            "member__cohort__programme",
            "member__company",
            "member__person",
            "booked_by",
            "slot__mentor__person",
        )
        .filter(pk=booking.pk, slot=slot)
        .first()
    )
    if booking is None:
        raise ValidationError(_("This booking was already cancelled."))
    mentor = booking.slot.mentor
    by_mentor = is_signed_in(actor) and mentor.person_id == actor.pk
    _require(by_mentor or can_act_for_member(actor, booking.member))
    now = timezone.now()
    if slot.starts_at <= now:
        raise ValidationError(_("This meeting has already started; it can no longer be cancelled."))
    if not by_mentor and not member_may_still_cancel(booking, now):
        raise ValidationError(
            _(
                "Bookings can be cancelled up to 24 hours before the meeting. Please write to "
                "the mentor instead."
            )
        )
    audit.record(
        actor=actor,
        action="office_hours.cancel",
        obj=booking,
        changes={"slot": [slot.pk, None], "member": [booking.member_id, None]},
    )
    context = {
        "booking": booking,
        "slot": slot,
        "mentor": mentor,
        "member": booking.member,
        "cohort": booking.member.cohort,
        "zone": booking.member.cohort.programme.time_zone,
        "cancelled_by": actor,
    }
    recipients = {mentor.person.pk: mentor.person, booking.booked_by.pk: booking.booked_by}
    booking.delete()
    for person in recipients.values():
        _mail(person, "programs/email/office_hours_cancelled", context)


# --- milestones ---------------------------------------------------------------------------
def is_overdue(milestone: Milestone, today: datetime.date) -> bool:
    return milestone.due_on < today and milestone.status in (
        Milestone.Status.PLANNED,
        Milestone.Status.IN_PROGRESS,
    )


def _clean_milestone_plan(title: str, due_on) -> str:
    title = _text(title, 200)
    errors = {}
    if not title:
        errors["title"] = [_("Name the milestone.")]
    if due_on is None:
        errors["due_on"] = [_("Give a due date.")]
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def add_milestone(*, actor, member: CohortMember, title: str, due_on: datetime.date) -> Milestone:
    _require_manager(actor, member.cohort)
    title = _clean_milestone_plan(title, due_on)
    milestone = Milestone.objects.create(member=member, title=title, due_on=due_on)
    audit.record(
        actor=actor,
        action="cohort.milestone.add",
        obj=milestone,
        changes={"title": [None, title], "due_on": [None, due_on.isoformat()]},
    )
    return milestone


@transaction.atomic
def update_milestone(
    *, actor, milestone: Milestone, title: str, due_on: datetime.date
) -> Milestone:
    _require_manager(actor, milestone.member.cohort)
    title = _clean_milestone_plan(title, due_on)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    before = audit.snapshot(milestone, ["title", "due_on"])
    milestone.title, milestone.due_on = title, due_on
    milestone.save(update_fields=["title", "due_on"])
    audit.record(
        actor=actor,
        action="cohort.milestone.change",
        obj=milestone,
        changes=audit.diff(before, audit.snapshot(milestone, ["title", "due_on"])),
    )
    return milestone


@transaction.atomic
def delete_milestone(*, actor, milestone: Milestone) -> None:
    _require_manager(actor, milestone.member.cohort)
    audit.record(actor=actor, action="cohort.milestone.delete", obj=milestone)
    milestone.delete()


@transaction.atomic
def report_milestone_progress(
    *, actor, milestone: Milestone, status: str, evidence: str = "", evidence_url: str = ""
) -> Milestone:
    """The company's people say where a milestone stands and what shows it."""
    _require(can_act_for_member(actor, milestone.member))
    evidence = (evidence or "").strip()[:5000]
    evidence_url = (evidence_url or "").strip()
    errors = {}
    if status not in Milestone.Status.values:
        errors["status"] = [_("Choose a status.")]
    if evidence_url:
        try:
            URLValidator(schemes=["http", "https"])(evidence_url)
        except ValidationError:
            errors["evidence_url"] = [_("Enter a web address starting with https://.")]
        if len(evidence_url) > 200:
            errors["evidence_url"] = [_("The web address is too long (200 characters at most).")]
    if status == Milestone.Status.DONE and not (evidence or evidence_url):
        errors["evidence"] = [_("Say what shows it is done, or give a link.")]
    if errors:
        raise ValidationError(errors)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    fields = ["status", "evidence", "evidence_url"]
    before = audit.snapshot(milestone, fields)
    milestone.status, milestone.evidence, milestone.evidence_url = status, evidence, evidence_url
    milestone.save(update_fields=fields)
    audit.record(
        actor=actor,
        action="cohort.milestone.progress",
        obj=milestone,
        changes=audit.diff(before, audit.snapshot(milestone, fields)),
    )
    return milestone


# --- monthly figures ----------------------------------------------------------------------
def _count(value, field: str, errors: dict):
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[field] = [_("Enter a whole number.")]
        return None
    if number < 0:
        errors[field] = [_("Enter zero or more.")]
    elif number > MAX_COUNT:
        errors[field] = [_("This number is too large.")]
    return number


def _money(value, field: str, errors: dict):
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", ".").strip())
    except InvalidOperation:
        errors[field] = [_("Enter an amount.")]
        return None
    if not amount.is_finite():
        errors[field] = [_("Enter an amount.")]
        return None
    if amount < 0:
        errors[field] = [_("Enter zero or more.")]
    elif amount > MAX_MONEY:
        errors[field] = [_("This amount is too large.")]
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def save_metric_report(
    *,
    actor,
    member: CohortMember,
    period: datetime.date,
    employees=None,
    revenue=None,
    funding_raised=None,
    customers=None,
) -> tuple[MetricReport, bool]:
    """The company's figures for one month: a second report for the same month replaces
    the first (one report per month). Returns ``(report, created)``."""
    _require(can_act_for_member(actor, member))
    errors: dict[str, list[str]] = {}
    values = {
        "employees": _count(employees, "employees", errors),
        "revenue": _money(revenue, "revenue", errors),
        "funding_raised": _money(funding_raised, "funding_raised", errors),
        "customers": _count(customers, "customers", errors),
    }
    if period is None:
        errors["period"] = [_("Choose the month.")]
    else:
        period = month_start(period)
        if period > month_start(local_today(member.cohort.programme)):
            errors["period"] = [_("You can only report a month that has begun.")]
    if not errors and all(value is None for value in values.values()):
        raise ValidationError(_("Enter at least one figure."))
    if errors:
        raise ValidationError(errors)
    _lock_member(member.pk)  # two saves of the same month: the second one updates
    report = MetricReport.objects.filter(member=member, period=period).first()
    created = report is None
    before = {} if created else audit.snapshot(report, METRIC_FIELDS)
    if created:
        report = MetricReport(member=member, period=period)
    for field, value in values.items():
        setattr(report, field, value)
    report.save()
    audit.record(
        actor=actor,
        action="cohort.metrics.add" if created else "cohort.metrics.change",
        obj=report,
        changes=audit.diff(before, audit.snapshot(report, METRIC_FIELDS)),
    )
    return report, created


def metric_history(member: CohortMember) -> list[dict]:
    """Every month from the first report to the last, with ``None`` where a month or a
    figure was not reported (a gap in the chart, an empty cell in the table)."""
    reports = {report.period: report for report in member.metrics.order_by("period")}
    if not reports:
        return []
    month, last = min(reports), max(reports)
    rows = []
    while month <= last:
        report = reports.get(month)
        rows.append(
            {
                "period": month,
                "report": report,
                **{field: getattr(report, field) if report else None for field in METRIC_FIELDS},
            }
        )
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return rows


# --- specialist exchange placements -------------------------------------------------------
PLACEMENT_TRANSITIONS = {
    Placement.Status.PLANNED: (Placement.Status.ONGOING, Placement.Status.CANCELLED),
    Placement.Status.ONGOING: (Placement.Status.COMPLETED, Placement.Status.CANCELLED),
    Placement.Status.COMPLETED: (),
    Placement.Status.CANCELLED: (),
}
# The specialist's report and the host's evaluation are written during or after it.
WRITABLE_STATUSES = (Placement.Status.ONGOING, Placement.Status.COMPLETED)


def _clean_placement_plan(
    *, host: Organisation, specialist: Person, host_mentor_email: str, starts_on, ends_on
) -> Person | None:
    errors = {}
    host_mentor = None
    if (host_mentor_email or "").strip():
        try:
            host_mentor = _person_by_email(host_mentor_email, "host_mentor_email")
        except ValidationError as error:
            errors.update(error.message_dict)
        else:
            if host_mentor.pk == specialist.pk:
                errors["host_mentor_email"] = [_("The specialist cannot be their own mentor.")]
            elif not Membership.objects.filter(person=host_mentor, organisation=host).exists():
                errors["host_mentor_email"] = [
                    _("The host mentor must be a member of %(host)s.") % {"host": host.name}
                ]
    if starts_on is None:
        errors["starts_on"] = [_("Give a start date.")]
    if ends_on is None:
        errors["ends_on"] = [_("Give an end date.")]
    elif starts_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("The end must not be before the start.")]
    if errors:
        raise ValidationError(errors)
    return host_mentor


def _overlapping_placement(specialist, starts_on, ends_on, exclude=None):
    placements = Placement.objects.filter(
        specialist=specialist, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exclude(status=Placement.Status.CANCELLED)
    if exclude is not None:
        placements = placements.exclude(pk=exclude.pk)
    return placements.first()


def _placement_parties(placement: Placement) -> list[Person]:
    people = {placement.specialist.pk: placement.specialist}
    if placement.host_mentor_id:
        people[placement.host_mentor.pk] = placement.host_mentor
    return list(people.values())


@transaction.atomic
def create_placement(
    *,
    actor,
    programme: Programme,
    specialist_email: str,
    host: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    host_mentor_email: str = "",
    learning_goals: str = "",
) -> Placement:
    """A programme manager places a specialist with a host organisation; the
    specialist and the host mentor are told."""
    _require(actor.has_perm("programs.change_programme", programme))
    specialist = _person_by_email(specialist_email, "specialist_email")
    host_mentor = _clean_placement_plan(
        host=host,
        specialist=specialist,
        host_mentor_email=host_mentor_email,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    Person.objects.select_for_update().filter(pk=specialist.pk).first()  # one plan at a time
    if _overlapping_placement(specialist, starts_on, ends_on):
        raise ValidationError(
            {
                "starts_on": _("%(name)s is already placed during these dates.")
                % {"name": specialist}
            }
        )
    placement = Placement.objects.create(
        programme=programme,
        specialist=specialist,
        host=host,
        host_mentor=host_mentor,
        starts_on=starts_on,
        ends_on=ends_on,
        learning_goals=(learning_goals or "").strip()[:10000],
    )
    audit.record(
        actor=actor,
        action="placement.create",
        obj=placement,
        changes=audit.diff(
            {},
            audit.snapshot(
                placement, ["specialist_id", "host_id", "host_mentor_id", "starts_on", "ends_on"]
            ),
        ),
    )
    for person in _placement_parties(placement):
        _mail(person, "programs/email/placement_created", {"placement": placement})
    return placement


PLAN_FIELDS = ["host_mentor_id", "starts_on", "ends_on", "learning_goals"]


@transaction.atomic
def update_placement_plan(
    *,
    actor,
    placement: Placement,
    starts_on: datetime.date,
    ends_on: datetime.date,
    host_mentor_email: str = "",
    learning_goals: str = "",
) -> Placement:
    _require(actor.has_perm("programs.change_placement", placement))
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("host", "specialist")
        .get(pk=placement.pk)
    )
    if placement.status not in (Placement.Status.PLANNED, Placement.Status.ONGOING):
        raise ValidationError(_("A completed or cancelled placement can no longer be changed."))
    host_mentor = _clean_placement_plan(
        host=placement.host,
        specialist=placement.specialist,
        host_mentor_email=host_mentor_email,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if _overlapping_placement(placement.specialist, starts_on, ends_on, exclude=placement):
        raise ValidationError(
            {
                "starts_on": _("%(name)s is already placed during these dates.")
                % {"name": placement.specialist}
            }
        )
    before = audit.snapshot(placement, PLAN_FIELDS)
    placement.host_mentor = host_mentor
    placement.starts_on, placement.ends_on = starts_on, ends_on
    placement.learning_goals = (learning_goals or "").strip()[:10000]
    placement.save(update_fields=["host_mentor", "starts_on", "ends_on", "learning_goals"])
    audit.record(
        actor=actor,
        action="placement.change",
        obj=placement,
        changes=audit.diff(before, audit.snapshot(placement, PLAN_FIELDS)),
    )
    return placement


@transaction.atomic
def change_placement_status(*, actor, placement: Placement, status: str) -> Placement:
    """planned → ongoing → completed, or cancelled before completion; the programme
    manager decides, the specialist and the host mentor are told."""
    _require(actor.has_perm("programs.change_placement", placement))
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("specialist", "host_mentor", "host")
        .get(pk=placement.pk)
    )
    if status not in PLACEMENT_TRANSITIONS.get(placement.status, ()):
        raise ValidationError(
            _("A placement that is %(current)s cannot become %(new)s.")
            % {
                "current": placement.get_status_display(),
                "new": Placement.Status(status).label
                if status in Placement.Status.values
                else status,
            }
        )
    before = placement.status
    placement.status = status
    placement.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="placement.status",
        obj=placement,
        changes={"status": [before, status]},
    )
    for person in _placement_parties(placement):
        _mail(person, "programs/email/placement_status", {"placement": placement})
    return placement


def _lock_writable(placement: Placement) -> Placement:
    placement = Placement.objects.select_for_update(of=("self",)).get(pk=placement.pk)
    if placement.status not in WRITABLE_STATUSES:
        raise ValidationError(
            _("This can be written once the placement has started, and not if it was cancelled.")
        )
    return placement


@transaction.atomic
def write_final_report(*, actor, placement: Placement, report: str) -> Placement:
    """The specialist's own part: the final report."""
    _require(is_placement_specialist(actor, placement))
    report = (report or "").strip()
    if not report:
        raise ValidationError({"final_report": _("Write the report before saving it.")})
    if len(report) > 20000:
        raise ValidationError({"final_report": _("The report is too long (20,000 characters).")})
    placement = _lock_writable(placement)
    before = placement.final_report
    placement.final_report = report
    placement.save(update_fields=["final_report"])
    audit.record(
        actor=actor,
        action="placement.report",
        obj=placement,
        changes={"final_report": [bool(before), True]},
    )
    return placement


@transaction.atomic
def write_host_evaluation(*, actor, placement: Placement, evaluation: str, rating) -> Placement:
    """The host's own part: the host mentor (or a manager of the host organisation)
    evaluates the specialist and rates the placement from 1 to 5."""
    _require(is_placement_host(actor, placement))
    evaluation = (evaluation or "").strip()
    errors = {}
    if not evaluation:
        errors["host_evaluation"] = [_("Write the evaluation before saving it.")]
    elif len(evaluation) > 20000:
        errors["host_evaluation"] = [_("The evaluation is too long (20,000 characters).")]
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = None
    if rating is None or not 1 <= rating <= 5:
        errors["host_rating"] = [_("Give a rating from 1 to 5.")]
    if errors:
        raise ValidationError(errors)
    placement = _lock_writable(placement)
    before = audit.snapshot(placement, ["host_rating"])
    placement.host_evaluation, placement.host_rating = evaluation, rating
    placement.save(update_fields=["host_evaluation", "host_rating"])
    audit.record(
        actor=actor,
        action="placement.evaluate",
        obj=placement,
        changes=audit.diff(before, audit.snapshot(placement, ["host_rating"])),
    )
    return placement


# --- reads --------------------------------------------------------------------------------
def my_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts the user is in (as a member or a member's colleague), mentors or manages;
    each annotated with the user's roles, its size and its next session."""
    if not is_signed_in(user):
        return Cohort.objects.none()
    mine = organisation_ids_of(user)
    managing = organisation_ids_of(user, MANAGING_ROLES)
    return (
        Cohort.objects.annotate(
            as_member=Exists(
                CohortMember.objects.filter(
                    Q(person=user) | Q(company__in=mine), cohort=OuterRef("pk")
                )
            ),
            as_mentor=Exists(Mentor.objects.filter(cohort=OuterRef("pk"), person=user)),
            as_manager=Exists(
                Programme.objects.filter(pk=OuterRef("programme_id"), owner__in=managing)
            ),
            member_count=Count("members", distinct=True),
            next_session=Subquery(
                CohortSession.objects.filter(cohort=OuterRef("pk"), starts_at__gte=timezone.now())
                .order_by("starts_at")
                .values("starts_at")[:1]
            ),
        )
        .filter(Q(as_member=True) | Q(as_mentor=True) | Q(as_manager=True))
        .select_related("programme")
        .order_by("-starts_on", "name", "pk")
    )


def members_acting_for(user, cohort: Cohort) -> list[CohortMember]:
    """The cohort members the user acts for (themself, or companies they belong to)."""
    if not is_signed_in(user):
        return []
    return list(
        cohort.members.filter(Q(person=user) | Q(company__in=organisation_ids_of(user)))
        .select_related("company", "person", "cohort__programme")
        .order_by("pk")
    )


def cohort_members(cohort: Cohort) -> list[CohortMember]:
    members = list(cohort.members.select_related("company", "person"))
    return sorted(members, key=lambda m: (m.name.casefold(), m.pk))


def my_upcoming_bookings(user) -> QuerySet[OfficeHourBooking]:
    """Meetings ahead: booked for a member the user acts for, or with the user as mentor."""
    if not is_signed_in(user):
        return OfficeHourBooking.objects.none()
    mine = organisation_ids_of(user)
    return (
        OfficeHourBooking.objects.filter(slot__ends_at__gt=timezone.now())
        .filter(Q(member__person=user) | Q(member__company__in=mine) | Q(slot__mentor__person=user))
        .select_related(
            "slot__mentor__person",
            "slot__mentor__cohort__programme",
            "member__company",
            "member__person",
        )
        .order_by("slot__starts_at", "pk")
    )


def managed_placements(user) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(programme__in=managed_programmes(user))
        .select_related("programme", "specialist", "host", "host_mentor")
        .order_by("-starts_on", "pk")
    )


def my_placements(user) -> QuerySet[Placement]:
    """Placements the user is the specialist of, mentors, or hosts as a manager."""
    if not is_signed_in(user):
        return Placement.objects.none()
    return (
        Placement.objects.filter(
            Q(specialist=user)
            | Q(host_mentor=user)
            | Q(host__in=organisation_ids_of(user, MANAGING_ROLES))
        )
        .select_related("programme", "specialist", "host", "host_mentor")
        .order_by("-starts_on", "pk")
    )
