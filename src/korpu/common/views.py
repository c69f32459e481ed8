"""Small helpers every app's views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404


def require_perm(request, permission: str, obj=None) -> None:
    """403 unless the user has ``permission`` on ``obj`` (rules predicates decide)."""
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def paginate(request, queryset, per_page: int = 24):
    """A page of ``queryset``; a bad or too-large page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def error_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def serve_file(field_file, *, as_attachment: bool = False, filename: str | None = None):
    """Stream a stored upload (uploads live outside the web root)."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=as_attachment, filename=filename or field_file.name.split("/")[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    # An upload opened on its own runs nothing, even if a crafted file slipped through
    # the content checks (a PDF with script, an HTML polyglot).
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response
