"""Insights pages, one module per area; each keeps its own ``urlpatterns``.

- ``reporting``: resident reporting (park managers' set-up, periods, reminders, locking
  and exports; residents' report form and history)
- ``dashboard``: the memorandum dashboard (a partnership's KPIs, the records behind them,
  the KPI table as CSV/XLSX)
"""

from . import dashboard, reporting

urlpatterns = reporting.urlpatterns + dashboard.urlpatterns
