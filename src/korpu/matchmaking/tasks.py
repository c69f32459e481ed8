"""Background work of brokerage days: "schedule all" runs in the task worker."""

import logging

from django.tasks import task
from django.utils import timezone

from .models import ScheduleRun

logger = logging.getLogger(__name__)


@task()
def run_schedule(run_id: int) -> str:
    """Run a queued :class:`ScheduleRun`; its progress and result are written to the run."""
    from . import services

    run = ScheduleRun.objects.select_related("brokerage_day__event", "requested_by").get(pk=run_id)
    if run.status != ScheduleRun.Status.QUEUED:
        return run.status
    try:
        run = services.schedule_all(
            day=run.brokerage_day,
            actor=run.requested_by,
            run=run,
            time_limit=run.time_limit,
            seed=run.seed,
        )
    except Exception as error:  # reported on the page; the details go to the log
        logger.exception("schedule run %s failed", run_id)
        ScheduleRun.objects.filter(pk=run_id).update(
            status=ScheduleRun.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            finished_at=timezone.now(),
        )
    return ScheduleRun.objects.get(pk=run_id).status
