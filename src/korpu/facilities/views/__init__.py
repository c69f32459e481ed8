"""The labs pages under ``/<lang>/labs/``, one module per area; each keeps its own
``urlpatterns``.

- ``booking``: the list of facilities and resources, a resource's page (details, rules,
  week calendar, booking once or weekly, the waiting list), find-a-time, "My bookings"
  (cancel, check in and out, waiting-list offers, my week) and the calendar files
- ``manage``: the facility managers' pages (approvals, closures, incidents, resources'
  status, qualifications)
- ``projects``: the R&D and production projects
- ``usage``: usage reports, costs and utilisation (CSV/XLSX)

A facility's own page (``<slug>/``) is one segment, like ``my/`` or ``projects/``: it
comes last so that every fixed address wins.
"""

from . import booking, manage, projects, usage

urlpatterns = (
    booking.urlpatterns
    + projects.urlpatterns
    + usage.urlpatterns
    + manage.urlpatterns
    + booking.facility_urlpatterns
)
