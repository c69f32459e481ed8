"""Consents and erasure (anonymisation) of a person. Every write in one transaction,
with an audit entry.

Erasure keeps the rows that the figures of :mod:`korpu.insights.kpis` count
(registrations, check-ins, certificates, applications, bookings, meetings, placements…)
and the fields the figures use (country, gender, year of birth, organisations), and
removes or empties everything that says who the person was or what they wrote."""

from __future__ import annotations

import contextlib

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit

from . import conf
from .models import ConsentRecord, Erasure

Purpose = ConsentRecord.Purpose
Method = ConsentRecord.Method
# Purposes a person turns on and off on the privacy page (the notice is accepted, not
# withdrawn: leaving means deleting the account).
OPTIONAL = (Purpose.ANNOUNCEMENTS, Purpose.DIRECTORY, Purpose.STATISTICS)
ERASED_DOMAIN = "erased.invalid"


# --- consents ----------------------------------------------------------------------------
def current_record(person, purpose: str) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(person=person, purpose=purpose, withdrawn_at__isnull=True)
        .order_by("-given_at", "-id")
        .first()
    )


def has_accepted_notice(person, version: str | None = None) -> bool:
    """Whether the person accepted the notice in force (or ``version``)."""
    return ConsentRecord.objects.filter(
        person=person,
        purpose=Purpose.NOTICE,
        version=version or conf.notice_version(),
        withdrawn_at__isnull=True,
    ).exists()


def consent_state(person) -> dict[str, bool]:
    """Whether each optional purpose is consented to now. The directory listing and the
    statistics follow the person's profile (which the profile page also edits)."""
    current = set(
        ConsentRecord.objects.filter(person=person, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    return {
        Purpose.NOTICE: has_accepted_notice(person),
        Purpose.ANNOUNCEMENTS: Purpose.ANNOUNCEMENTS in current,
        Purpose.DIRECTORY: bool(person.is_public),
        Purpose.STATISTICS: person.statistics_consent_at is not None,
    }


def _locked_person(person):
    return get_user_model().objects.select_for_update().get(pk=person.pk)


def _close(person, purpose: str, *, at, method: str) -> int:
    return ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).update(withdrawn_at=at, withdrawn_method=method)


def accept_notice(*, person, language: str = "", method: str = Method.PAGE) -> ConsentRecord:
    """Record that ``person`` accepted the notice in force. Accepting a newer version
    closes the acceptance of the older one; accepting the same version again changes
    nothing."""
    version = conf.notice_version()
    with transaction.atomic():
        person = _locked_person(person)
        current = current_record(person, Purpose.NOTICE)
        if current is not None and current.version == version:
            return current
        now = timezone.now()
        _close(person, Purpose.NOTICE, at=now, method=method)
        record = ConsentRecord.objects.create(
            person=person,
            purpose=Purpose.NOTICE,
            version=version,
            given_at=now,
            language=language[:5],
            method=method,
        )
        audit.record(
            actor=person,
            action="privacy.notice_accepted",
            obj=record,
            changes={"version": [current.version if current else None, version]},
        )
    return record


def give_consent(
    *, person, purpose: str, language: str = "", method: str = Method.PAGE
) -> ConsentRecord:
    if purpose not in OPTIONAL:
        raise ValidationError(_("Choose one of the listed purposes."), code="purpose")
    with transaction.atomic():
        person = _locked_person(person)
        current = current_record(person, purpose)
        if current is not None:
            return current
        now = timezone.now()
        if purpose == Purpose.DIRECTORY and not person.is_public:
            person.is_public = True
            person.save(update_fields=["is_public"])
        if purpose == Purpose.STATISTICS and person.statistics_consent_at is None:
            person.statistics_consent_at = now
            person.save(update_fields=["statistics_consent_at"])
        record = ConsentRecord.objects.create(
            person=person, purpose=purpose, given_at=now, language=language[:5], method=method
        )
        audit.record(actor=person, action="privacy.consent_given", obj=record)
    return record


def withdraw_consent(*, person, purpose: str, method: str = Method.PAGE) -> int:
    """Withdraw a consent; returns how many records were closed (0 when there was none).
    Withdrawing the statistics consent erases gender and year of birth; withdrawing the
    directory listing hides the profile."""
    if purpose not in OPTIONAL:
        raise ValidationError(_("Choose one of the listed purposes."), code="purpose")
    with transaction.atomic():
        person = _locked_person(person)
        now = timezone.now()
        before = audit.snapshot(person, ["is_public", "gender", "birth_year"])
        if purpose == Purpose.DIRECTORY and person.is_public:
            person.is_public = False
            person.save(update_fields=["is_public"])
        if purpose == Purpose.STATISTICS and person.statistics_consent_at is not None:
            person.gender, person.birth_year, person.statistics_consent_at = "", None, None
            person.save(update_fields=["gender", "birth_year", "statistics_consent_at"])
        closed = _close(person, purpose, at=now, method=method)
        audit.record(
            actor=person,
            action="privacy.consent_withdrawn",
            obj=person,
            changes={
                "purpose": [purpose, None],
                **audit.diff(before, audit.snapshot(person, ["is_public", "gender", "birth_year"])),
            },
        )
    return closed


# --- erasure -----------------------------------------------------------------------------
def sole_admin_of(person) -> list:
    """The organisations of which ``person`` is the only admin (they must hand over first)."""
    Membership = apps.get_model("directory", "Membership")
    mine = Membership.objects.filter(person=person, role="admin").values("organisation")
    counts = (
        Membership.objects.filter(organisation__in=mine, role="admin")
        .values("organisation")
        .annotate(admins=Count("id"))
        .filter(admins=1)
        .values("organisation")
    )
    Organisation = apps.get_model("directory", "Organisation")
    return list(Organisation.objects.filter(pk__in=counts).order_by("name"))


def check_erasable(person) -> None:
    """Raise ValidationError (saying what to do) when the account cannot be erased now."""
    if Erasure.objects.filter(person=person).exists():
        raise ValidationError(_("This account has already been deleted."), code="erased")
    organisations = sole_admin_of(person)
    if organisations:
        names = ", ".join(o.name for o in organisations)
        raise ValidationError(
            _(
                "You are the only admin of %(names)s. Make another member an admin on the "
                "organisation's members page (or ask the platform's operator to close the "
                "organisation), then delete your account."
            )
            % {"names": names},
            code="sole_admin",
        )


def _drop_sessions(person) -> int:
    dropped = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            dropped.append(session.session_key)
    Session.objects.filter(session_key__in=dropped).delete()
    return len(dropped)


def _delete_files_on_commit(files) -> None:
    def delete():
        for field_file in files:
            with contextlib.suppress(OSError):  # already gone: nothing to erase
                field_file.storage.delete(field_file.name)

    transaction.on_commit(delete)


def erase_person(*, person, actor, by_self: bool = True) -> Erasure:
    """Anonymise ``person``: see the module's docstring. Raises ValidationError (nothing
    changed) when :func:`check_erasable` refuses."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from korpu.common.models import AuditEntry, OutboxMessage
    from korpu.directory.models import ApiToken, Membership
    from korpu.events.models import Idea, JoinRequest, Registration, SurveyResponse
    from korpu.events.models import Question as EventQuestion
    from korpu.facilities.models import Booking, WaitingEntry
    from korpu.matchmaking.models import MeetingFeedback, MeetingRequest
    from korpu.matchmaking.models import Profile as BrokerageProfile
    from korpu.programs.models import Answer, Application
    from korpu.transfer.models import SavedSearch

    counts: dict[str, int] = {}
    files = []
    with transaction.atomic():
        person = _locked_person(person)
        check_erasable(person)
        old_email = person.email
        now = timezone.now()

        # Uploaded personal files: the photo and the files of applications made alone.
        if person.photo:
            files.append(person.photo)
        own_applications = Application.objects.filter(applicant=person, company__isnull=True)
        answers = Answer.objects.filter(application__in=own_applications)
        files.extend(answer.file for answer in answers.exclude(file=""))
        counts["application_answers"] = answers.update(value=None, file="", file_type="")
        own_applications.update(summary="")

        # Registration answers and the written parts of feedback.
        counts["registrations"] = (
            Registration.objects.filter(person=person).exclude(answers={}).update(answers={})
        )
        text_questions = {
            str(pk)
            for pk in EventQuestion.objects.filter(
                kind__in=[EventQuestion.Kind.TEXT, EventQuestion.Kind.LONG_TEXT]
            ).values_list("pk", flat=True)
        }
        erased_responses = 0
        for response in SurveyResponse.objects.filter(registration__person=person):
            kept = {k: v for k, v in response.answers.items() if k not in text_questions}
            if kept != response.answers:
                response.answers = kept
                response.save(update_fields=["answers"])
                erased_responses += 1
        counts["survey_comments"] = erased_responses

        # Brokerage: what the profile says and the messages written.
        profiles = BrokerageProfile.objects.filter(person=person)
        counts["brokerage_profiles"] = profiles.update(offer="", seek="")
        counts["brokerage_messages"] = MeetingRequest.objects.filter(requester__in=profiles).update(
            message=""
        ) + MeetingRequest.objects.filter(invitee__in=profiles).update(decline_reason="")
        MeetingFeedback.objects.filter(profile__in=profiles).update(comment="")
        counts["join_requests"] = JoinRequest.objects.filter(person=person).update(message="")
        counts["ideas"] = Idea.objects.filter(author=person).count()
        counts["booking_purposes"] = (
            Booking.objects.filter(person=person).exclude(purpose="").update(purpose="")
        )
        counts["waiting_entries"] = WaitingEntry.objects.filter(person=person).delete()[0]
        counts["saved_searches"] = SavedSearch.objects.filter(person=person).delete()[0]

        # Access: sign-in, tokens, second factors, sessions, organisations.
        counts["api_tokens"] = ApiToken.objects.filter(person=person).delete()[0]
        counts["email_addresses"] = EmailAddress.objects.filter(user=person).delete()[0]
        counts["authenticators"] = Authenticator.objects.filter(user=person).delete()[0]
        counts["memberships"] = Membership.objects.filter(person=person).delete()[0]
        counts["sessions"] = _drop_sessions(person)

        # The person: everything but what the figures count.
        person.email = f"erased-{person.pk}@{ERASED_DOMAIN}"
        for name in ("first_name", "last_name", "headline", "bio", "city", "expertise"):
            setattr(person, name, "")
        person.phone, person.website, person.photo = "", "", ""
        person.languages = []
        person.is_public = False
        person.is_active = False
        person.set_unusable_password()
        person.save()

        # Mail to the old address, and what the audit log says about the person.
        mails = [
            m.pk
            for m in OutboxMessage.objects.filter(to__icontains=old_email).only("pk", "to")
            if old_email.lower() in {address.lower() for address in m.to}
        ]
        counts["mails"] = OutboxMessage.objects.filter(pk__in=mails).delete()[0]
        counts["audit_entries"] = AuditEntry.objects.filter(
            content_type__app_label=person._meta.app_label,
            content_type__model=person._meta.model_name,
            object_id=str(person.pk),
        ).update(changes={}, object_repr=str(person))

        for purpose in (Purpose.ANNOUNCEMENTS, Purpose.NOTICE):
            _close(person, purpose, at=now, method=Method.ERASURE)
        erasure = Erasure.objects.create(person=person, requested_by_self=by_self, counts=counts)
        audit.record(
            actor=actor if actor is not None and actor.pk != person.pk else None,
            action="privacy.erasure",
            obj=person,
            changes={"by_self": [None, by_self]},
        )
        _delete_files_on_commit(files)
    return erasure


def is_erased(person) -> bool:
    return Erasure.objects.filter(person=person).exists()
