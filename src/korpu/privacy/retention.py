"""Retention: erase or delete what is past its period (``KORPU_RETENTION``, see
:mod:`korpu.privacy.conf`). Each kind handles at most ``batch`` rows a run, so a run is
short whatever the backlog; ``korpu privacy_tick --loop`` comes back for the rest.

A record is past its period when the moment its period starts from (the end of the event,
the sending of the mail, the revocation of the token…) is more than the period before
now; exactly the period is still kept."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone

from . import conf

BATCH = 500


def _cutoff(now, days: int) -> datetime.datetime:
    return now - datetime.timedelta(days=days)


def _take(queryset, batch: int) -> list[int]:
    return list(queryset.order_by("pk").values_list("pk", flat=True)[:batch])


def registration_answers(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.events.models import Registration

    pks = _take(Registration.objects.filter(event__ends_at__lt=cutoff).exclude(answers={}), batch)
    if not dry_run and pks:
        Registration.objects.filter(pk__in=pks).update(answers={})
    return len(pks)


def survey_comments(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.events.models import Question, SurveyResponse

    keys = [
        str(pk)
        for pk in Question.objects.filter(
            form=Question.Form.SURVEY,
            kind__in=[Question.Kind.TEXT, Question.Kind.LONG_TEXT],
            event__ends_at__lt=cutoff,
        ).values_list("pk", flat=True)
    ]
    if not keys:
        return 0
    responses = list(
        SurveyResponse.objects.filter(
            survey__event__ends_at__lt=cutoff, answers__has_any_keys=keys
        ).order_by("pk")[:batch]
    )
    if not dry_run:
        with transaction.atomic():
            for response in responses:
                response.answers = {k: v for k, v in response.answers.items() if k not in keys}
                response.save(update_fields=["answers"])
    return len(responses)


def brokerage_messages(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.matchmaking.models import MeetingRequest

    pks = _take(
        MeetingRequest.objects.filter(brokerage_day__event__ends_at__lt=cutoff).filter(
            ~Q(message="") | ~Q(decline_reason="")
        ),
        batch,
    )
    if not dry_run and pks:
        MeetingRequest.objects.filter(pk__in=pks).update(message="", decline_reason="")
    return len(pks)


def _delete(model, pks: list[int], dry_run: bool) -> int:
    if not dry_run and pks:
        model.objects.filter(pk__in=pks).delete()
    return len(pks)


def sent_mail(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.common.models import OutboxMessage

    Status = OutboxMessage.Status
    done = Q(status=Status.SENT, sent_at__lt=cutoff) | Q(
        status=Status.FAILED, created_at__lt=cutoff
    )
    return _delete(OutboxMessage, _take(OutboxMessage.objects.filter(done), batch), dry_run)


def audit_log(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.common.models import AuditEntry

    pks = _take(AuditEntry.objects.filter(created_at__lt=cutoff), batch)
    return _delete(AuditEntry, pks, dry_run)


def api_tokens(cutoff, *, dry_run: bool, batch: int) -> int:
    from korpu.directory.models import ApiToken

    stopped = Q(revoked_at__lt=cutoff)
    names = {f.name for f in ApiToken._meta.concrete_fields}
    if "expires_at" in names:
        stopped |= Q(expires_at__lt=cutoff)
    return _delete(ApiToken, _take(ApiToken.objects.filter(stopped), batch), dry_run)


def unverified_accounts(cutoff, *, dry_run: bool, batch: int) -> int:
    """Accounts never confirmed nor used: signed up before the cut-off, never signed in, no
    confirmed address, no organisation, not staff. One that other records hold on to is
    left alone."""
    from allauth.account.models import EmailAddress

    from korpu.directory.models import Membership

    person_model = get_user_model()
    candidates = person_model.objects.filter(
        date_joined__lt=cutoff, last_login__isnull=True, is_staff=False, is_superuser=False
    ).filter(
        ~Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        ~Exists(Membership.objects.filter(person=OuterRef("pk"))),
        ~Exists(apps.get_model("privacy", "Erasure").objects.filter(person=OuterRef("pk"))),
    )
    pks = _take(candidates, batch)
    if dry_run:
        return len(pks)
    deleted = 0
    for pk in pks:
        try:
            with transaction.atomic():
                person_model.objects.filter(pk=pk).delete()
            deleted += 1
        except ProtectedError:  # an application or a placement still points at it
            continue
    return deleted


def webhook_deliveries(cutoff, *, dry_run: bool, batch: int) -> int:
    """Finished webhook deliveries (their payloads name people); pending ones stay."""
    from korpu.webhooks.models import Delivery

    finished = Delivery.objects.filter(created_at__lt=cutoff).exclude(
        status=Delivery.Status.PENDING
    )
    return _delete(Delivery, _take(finished, batch), dry_run)


PURGERS: dict[str, Callable[..., int]] = {
    "registration_answers": registration_answers,
    "survey_comments": survey_comments,
    "brokerage_messages": brokerage_messages,
    "sent_mail": sent_mail,
    "audit_log": audit_log,
    "api_tokens": api_tokens,
    "unverified_accounts": unverified_accounts,
    "webhook_deliveries": webhook_deliveries,
}


def purge(*, now=None, dry_run: bool = False, batch: int = BATCH) -> dict[str, int]:
    """Apply every retention period once: {kind: rows erased or deleted (or that would be,
    with ``dry_run``)}. A kind kept for ever (period ``None``) is skipped."""
    now = now or timezone.now()
    counts = {}
    for code, days in conf.retention_days().items():
        if days is None:
            continue
        counts[code] = PURGERS[code](_cutoff(now, days), dry_run=dry_run, batch=batch)
    if not dry_run and any(counts.values()):
        from korpu.common import audit

        audit.record(
            actor=None,
            action="privacy.retention",
            changes={code: [None, count] for code, count in counts.items() if count},
        )
    return counts
