"""Insights pages, one module per area; each keeps its own ``urlpatterns``.

- ``reporting``: resident reporting (park managers' set-up, periods, reminders, locking
  and exports; residents' report form and history)
- ``dashboard``: the memorandum dashboard (a partnership's KPIs, the records behind them,
  the KPI table as CSV/XLSX)
- ``yearly_report``: the yearly partnership report as PDF, built as a task with progress
- ``scorecard``: the technopark scorecard (performance-index dimensions, parks × years)
"""

from . import dashboard, reporting, scorecard, yearly_report

urlpatterns = (
    reporting.urlpatterns
    + dashboard.urlpatterns
    + yearly_report.urlpatterns
    + scorecard.urlpatterns
)
