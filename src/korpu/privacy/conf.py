"""What an operator sets about privacy (all optional, with sensible defaults).

``KORPU_PRIVACY_CONTROLLER``  who is responsible for the personal data (the operator)
``KORPU_PRIVACY_CONTACT``     where people write about their data (e-mail or address)
``KORPU_PRIVACY_NOTICE_VERSION``  the version of the privacy notice in force; change it
                              whenever the notice's text changes, and everyone signed in
                              is asked to accept the new one
``KORPU_RETENTION``           how many days each kind of data is kept (see :data:`RETENTION`)
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

NOTICE_VERSION = "2026-12-05"
CONTROLLER = "The operator of this Körpü installation"
CONTACT = "privacy@korpu.invalid"


@dataclass(frozen=True)
class RetentionKind:
    code: str
    days: int
    label: str  # what is removed, and after what
    action: str  # "erased" or "deleted"


# Default periods in days; an operator overrides any of them in KORPU_RETENTION.
RETENTION = {
    "registration_answers": RetentionKind(
        "registration_answers",
        365,
        _("answers to event registration forms, after the event ended"),
        "erased",
    ),
    "survey_comments": RetentionKind(
        "survey_comments",
        365,
        _("written comments in event feedback surveys, after the event ended"),
        "erased",
    ),
    "brokerage_messages": RetentionKind(
        "brokerage_messages",
        365,
        _("messages sent with meeting requests at brokerage days, after the day ended"),
        "erased",
    ),
    "sent_mail": RetentionKind(
        "sent_mail",
        90,
        _("copies of e-mails the platform sent, after they were sent or failed"),
        "deleted",
    ),
    "audit_log": RetentionKind(
        "audit_log",
        730,
        _("entries of the audit log, after they were written"),
        "deleted",
    ),
    "api_tokens": RetentionKind(
        "api_tokens",
        90,
        _("revoked or expired API tokens, after they stopped working"),
        "deleted",
    ),
    "unverified_accounts": RetentionKind(
        "unverified_accounts",
        30,
        _("accounts whose e-mail address was never confirmed, after sign-up"),
        "deleted",
    ),
    "webhook_deliveries": RetentionKind(
        "webhook_deliveries",
        30,
        _("logs of webhook deliveries, after the delivery"),
        "deleted",
    ),
}


def controller() -> str:
    return settings.KORPU_PRIVACY_CONTROLLER or CONTROLLER


def contact() -> str:
    return settings.KORPU_PRIVACY_CONTACT or CONTACT


def notice_version() -> str:
    return settings.KORPU_PRIVACY_NOTICE_VERSION or NOTICE_VERSION


def retention_days() -> dict[str, int | None]:
    """Days per kind: the defaults with the operator's KORPU_RETENTION on top. ``None`` (or
    0) in KORPU_RETENTION keeps that kind for ever."""
    configured = settings.KORPU_RETENTION
    days = {}
    for code, kind in RETENTION.items():
        value = configured.get(code, kind.days)
        days[code] = int(value) if value else None
    return days


def retention_rows() -> list[dict]:
    """The periods as the notice shows them (one source with the purge)."""
    days = retention_days()
    return [
        {"code": code, "label": kind.label, "days": days[code], "action": kind.action}
        for code, kind in RETENTION.items()
    ]
