"""Who may set up, fill in and read resident reports. Predicates take (user, object).

- A park's reporting (its scheme, periods, the reports of all residents, locking and
  reminders) is run by the park managers, the managers of the park's operator
  (:func:`korpu.directory.rules.is_park_manager`), and by staff.
- A company reports for a park while it has an *active* residency there: any member of
  the company may fill in, save and submit its reports, until the period is locked.
- The members of a company (also after it left the park) and the park managers read the
  company's reports; nobody else does.

The object of the resident permissions is the company's residency in the park (the pair
company–park), of the manager permissions the park.
"""

import rules

from korpu.directory.rules import is_org_member, is_park_manager, is_staff

ACTIVE = "active"


# --- the park's side ---------------------------------------------------------------------------
can_manage_reporting = is_park_manager | is_staff  # (user, park)


@rules.predicate
def manages_period(user, period) -> bool:
    return period is not None and can_manage_reporting(user, period.park)


@rules.predicate
def is_open_period(user, period) -> bool:
    return period is not None and period.status == "open"


can_view_period = manages_period
can_lock_period = manages_period & is_open_period


# --- the resident's side -----------------------------------------------------------------------
@rules.predicate
def is_reporting_resident(user, residency) -> bool:
    """A member of a company with an active residency in the park."""
    return (
        residency is not None
        and residency.status == ACTIVE
        and is_org_member(user, residency.company)
    )


@rules.predicate
def is_member_of_residency_company(user, residency) -> bool:
    return residency is not None and is_org_member(user, residency.company)


@rules.predicate
def manages_residency_park(user, residency) -> bool:
    return residency is not None and can_manage_reporting(user, residency.park)


can_report = is_reporting_resident  # (user, residency)
can_view_company_reports = is_member_of_residency_company | manages_residency_park


# --- one report ---------------------------------------------------------------------------------
@rules.predicate
def is_report_company_member(user, report) -> bool:
    return report is not None and is_org_member(user, report.company)


@rules.predicate
def manages_report_park(user, report) -> bool:
    return report is not None and can_manage_reporting(user, report.period.park)


@rules.predicate
def reports_for_company_of(user, report) -> bool:
    """The company still has an active residency in the park and the user is a member."""
    if report is None or not is_org_member(user, report.company):
        return False
    return report.company.residencies.filter(park_id=report.period.park_id, status=ACTIVE).exists()


@rules.predicate
def is_report_period_open(user, report) -> bool:
    return report is not None and report.period.status == "open"


can_view_report = is_report_company_member | manages_report_park
can_change_report = reports_for_company_of & is_report_period_open

rules.add_perm("insights.manage_reporting", can_manage_reporting)
rules.add_perm("insights.report", can_report)
rules.add_perm("insights.view_company_reports", can_view_company_reports)
rules.add_perm("insights.lock_period", can_lock_period)
