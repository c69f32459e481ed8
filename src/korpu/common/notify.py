"""Notifications by e-mail, rendered in the recipient's language and written to the
outbox inside the current transaction (so a rollback sends nothing)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def send_templated_mail(*, to, template: str, context: dict, language: str = "en") -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and queue the mail.

    ``to`` is an address or a list of them.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    EmailMultiAlternatives(subject=" ".join(subject.splitlines()), body=body, to=recipients).send()
