"""Background work of insights: the yearly partnership report is built in the task worker."""

import logging

from django.tasks import task
from django.utils import timezone

from .models import YearlyReport

logger = logging.getLogger(__name__)


@task()
def build_yearly_report(report_id: int) -> str:
    """Build a queued :class:`YearlyReport`; its progress, file or error are written to it."""
    from . import yearly_report

    report = YearlyReport.objects.select_related("partnership").filter(pk=report_id).first()
    if report is None:  # deleted before the worker got to it
        return "missing"
    if report.status != YearlyReport.Status.QUEUED:
        return report.status
    try:
        yearly_report.run_report(report)
    except Exception as error:  # shown on the report's page; the details go to the log
        logger.exception("yearly report %s failed", report_id)
        YearlyReport.objects.filter(pk=report_id).update(
            status=YearlyReport.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return YearlyReport.objects.get(pk=report_id).status
