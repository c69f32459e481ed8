"""The yearly partnership report as PDF: the partnership's reports with a form to have
one built, the report's page whose progress is polled every second (HTMX) while the
task works, and the download.

Only staff and the admins of a party (:data:`korpu.insights.kpis.FULL`) see these
pages; anyone else who may see the partnership gets 403, everyone else 404.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from korpu.common.views import serve_file
from korpu.directory.models import Partnership
from korpu.directory.rules import can_view_partnership

from .. import kpis, yearly_report
from ..models import YearlyReport


def _partnership(request, slug: str) -> Partnership:
    partnership = get_object_or_404(Partnership, slug=slug)
    if kpis.access_level(request.user, partnership) != kpis.FULL:
        if can_view_partnership(request.user, partnership):
            raise PermissionDenied
        raise Http404
    return partnership


def _report(partnership: Partnership, pk: int) -> YearlyReport:
    return get_object_or_404(
        YearlyReport.objects.select_related("partnership", "requested_by"),
        pk=pk,
        partnership=partnership,
    )


def _errors(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {field: list(texts) for field, texts in error.message_dict.items()}
    return {"form": list(error.messages)}


@require_http_methods(["GET", "POST"])
def yearly_reports(request, slug):
    """The partnership's yearly reports, and the form that has one built."""
    partnership = _partnership(request, slug)
    years = kpis.default_years(partnership)
    chosen = {
        "year": str(yearly_report.default_year(partnership)),
        "language": request.LANGUAGE_CODE,
    }
    errors = {}
    if request.method == "POST":
        chosen = {
            "year": request.POST.get("year", "").strip(),
            "language": request.POST.get("language", "").strip(),
        }
        try:
            report = yearly_report.request_report(
                partnership=partnership,
                year=chosen["year"],
                language=chosen["language"],
                actor=request.user,
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(
                request, _("The report is being built: this page shows how far it has got.")
            )
            return redirect("insights:yearly_report", partnership.slug, report.pk)
    reports = partnership.yearly_reports.select_related("requested_by")[:50]
    return render(
        request,
        "insights/yearly_report/index.html",
        {
            "partnership": partnership,
            "reports": reports,
            "years": list(reversed(years)),
            "languages": settings.LANGUAGES,
            "chosen": chosen,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@require_GET
def report_page(request, slug, pk):
    partnership = _partnership(request, slug)
    report = _report(partnership, pk)
    return render(
        request,
        "insights/yearly_report/report.html",
        {"partnership": partnership, "report": report},
    )


@require_GET
def report_progress(request, slug, pk):
    """The report's progress, polled every second by its page while the task works."""
    partnership = _partnership(request, slug)
    report = _report(partnership, pk)
    if not request.htmx:
        return redirect("insights:yearly_report", partnership.slug, report.pk)
    return render(
        request,
        "insights/yearly_report/report.html#progress",
        {"partnership": partnership, "report": report},
    )


@require_GET
def report_download(request, slug, pk):
    partnership = _partnership(request, slug)
    report = _report(partnership, pk)
    if report.status != YearlyReport.Status.DONE or not report.file:
        raise Http404
    response = serve_file(report.file, as_attachment=True, filename=report.filename)
    response["Content-Type"] = "application/pdf"
    return response


_reports = "partnerships/<slug:slug>/yearly-reports/"
urlpatterns = [
    path(_reports, yearly_reports, name="yearly_reports"),
    path(_reports + "<int:pk>/", report_page, name="yearly_report"),
    path(_reports + "<int:pk>/progress/", report_progress, name="yearly_report_progress"),
    path(_reports + "<int:pk>/report.pdf", report_download, name="yearly_report_download"),
]
