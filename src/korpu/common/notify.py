"""Notifications by e-mail, rendered in the recipient's language and written to the
outbox inside the current transaction (so a rollback sends nothing)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template
from django.utils import translation

from .mail import LaterAttachment


def render_plain_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: a name such as “Gebze'deki”
    must reach the mail as written, not as ``Gebze&#x27;deki``."""
    return get_template(name).template.render(Context(context, autoescape=False))


def send_templated_mail(
    *, to, template: str, context: dict, language: str = "en", attachments=()
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue the mail.

    ``to`` is an address or a list of them; ``attachments`` are (filename, bytes, mimetype)
    or :class:`~korpu.common.mail.LaterAttachment` (drawn when the mail is delivered).
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_plain_text(f"{template}_subject.txt", context).strip()
        body = render_plain_text(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()), body=body, to=recipients
    )
    message.later_attachments = []
    for attachment in attachments:
        if isinstance(attachment, LaterAttachment):
            message.later_attachments.append(attachment)
        else:
            message.attach(*attachment)
    message.send()
