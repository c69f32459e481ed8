"""Brokerage day pages, one module per area; each keeps its own ``urlpatterns``.

- ``participants``: the day's page, profiles and marketplace entries, browsing,
  recommended matches, requests, the personal agenda (page, PDF, .ics), self-scheduling
  and feedback
- ``manage``: setting up, settings, the time grid and the meetings list (organisers)
- ``schedule``: "schedule all" with its progress, the grid editor, publishing
- ``statistics``: figures with charts, CSV/XLSX exports
"""

from . import manage, participants, schedule, statistics

urlpatterns = (
    manage.urlpatterns + schedule.urlpatterns + statistics.urlpatterns + participants.urlpatterns
)
