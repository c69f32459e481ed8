"""Checks for uploaded files: size limit and type judged by content, not by name."""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp"}
DOCUMENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/png",
    "image/jpeg",
}


def _sniff(upload) -> str | None:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _check(upload, allowed: set[str], limit: int, what: str) -> str:
    if upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit for %(what)s is %(limit)s.")
            % {"size": filesizeformat(upload.size), "what": what, "limit": filesizeformat(limit)}
        )
    mime = _sniff(upload)
    if mime not in allowed:
        raise ValidationError(
            _("This file's content is not an accepted type for %(what)s.") % {"what": what}
        )
    return mime


def validate_image_upload(upload) -> str:
    return _check(upload, IMAGE_TYPES, settings.KORPU_MAX_IMAGE_BYTES, _("images"))


def validate_document_upload(upload) -> str:
    return _check(upload, DOCUMENT_TYPES, settings.KORPU_MAX_DOCUMENT_BYTES, _("documents"))
