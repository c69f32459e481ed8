"""Resident reports as CSV or XLSX rows, for the park managers.

- :func:`period_rows`: one period: a row per company (submitted, draft or not
  reported) with its figures, then the totals and the number of companies that reported
  each figure.
- :func:`park_rows`: every period of the park, a row per company and period.

Headings and statuses are in the language asked for, money headings name the currency,
times are local times of the park (the heading names the zone). Locked periods give
their frozen figures. Writing the files (CSV with a byte-order mark and formula-safe
cells, XLSX) is the project's download helper, :func:`korpu.events.exports.download`.
"""

from collections.abc import Iterator

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.directory.models import Park
from korpu.events.exports import FORMATS, download

from . import queries
from .models import INDICATORS, ReportingPeriod, in_catalogue_order

__all__ = ["FORMATS", "download", "park_rows", "period_rows"]


def _heading(indicator, currency: str) -> str:
    if indicator.money:
        return _("%(indicator)s (%(currency)s)") % {
            "indicator": indicator.label,
            "currency": currency,
        }
    return str(indicator.label)


def _statuses() -> dict[str, str]:
    return {"submitted": _("submitted"), "draft": _("draft"), "missing": _("not reported")}


def _local(value, park: Park):
    if value is None:
        return None
    return timezone.localtime(value, queries.park_zone(park)).replace(tzinfo=None, microsecond=0)


def period_rows(period: ReportingPeriod, *, language: str) -> Iterator[list]:
    with translation.override(language):
        indicators = period.indicator_list
        rows = queries.period_rows(period)
        statuses = _statuses()
        yield [
            _("Company"),
            _("Status"),
            _("Submitted (%(zone)s)") % {"zone": period.park.time_zone},
            *(_heading(indicator, period.currency) for indicator in indicators),
        ]
        for row in rows:
            yield [
                row.name,
                statuses[row.status],
                _local(row.submitted_at, period.park),
                *(row.values.get(indicator.code) for indicator in indicators),
            ]
        totals = queries.period_totals(period, rows)
        yield [_("Total"), "", None, *(total.total for total in totals)]
        yield [_("Companies reporting"), "", None, *(total.count for total in totals)]


def park_rows(park: Park, *, language: str) -> Iterator[list]:
    with translation.override(language):
        periods = list(ReportingPeriod.objects.filter(park=park).order_by("-starts_on"))
        codes = in_catalogue_order({code for period in periods for code in period.indicator_codes})
        indicators = [indicator for indicator in INDICATORS if indicator.code in codes]
        currency = periods[0].currency if periods else ""
        statuses = _statuses()
        yield [
            _("Period"),
            _("Period status"),
            _("Company"),
            _("Status"),
            _("Submitted (%(zone)s)") % {"zone": park.time_zone},
            *(_heading(indicator, currency) for indicator in indicators),
        ]
        for period in periods:
            period_status = period.get_status_display()
            for row in queries.period_rows(period):
                yield [
                    period.code,
                    period_status,
                    row.name,
                    statuses[row.status],
                    _local(row.submitted_at, park),
                    *(row.values.get(indicator.code) for indicator in indicators),
                ]
