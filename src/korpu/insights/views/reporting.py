"""Resident reporting pages.

Park managers (and staff): the park's reporting (periods with who reported), setting up
the scheme, one period (who has and has not reported, reminders, totals per indicator,
locking), CSV/XLSX exports. Residents (members of a company with an active residency):
their company's reports to the park (periods to report, history table and trend chart)
and the report form (save a draft, submit, change until the period is locked).

A park, period or company that does not exist answers 404; a signed-in person without
the right answers 403; a refused change comes back as a message on the page.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from korpu.common.charts import line_chart
from korpu.directory.models import Organisation, Park

from .. import queries, reporting, reporting_exports
from .. import rules as perms
from ..forms import ReportForm, SchemeForm, add_service_errors
from ..models import BY_CODE, Indicator, Report, ReportingPeriod


# --- shared pieces --------------------------------------------------------------------------
def figure(value, indicator: Indicator) -> str:
    """A figure as the reader's language writes it (grouped; money with two decimals)."""
    if value is None:
        return "—"
    return number_format(
        value, decimal_pos=2 if indicator.money else 0, use_l10n=True, force_grouping=True
    )


def _first_error(error: ValidationError) -> str:
    return " ".join(error.messages)


def manager_page(view):
    """The park's managers and staff: ``view(request, park, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, park_slug, *args, **kwargs):
        park = get_object_or_404(Park, slug=park_slug)
        if not perms.can_manage_reporting(request.user, park):
            raise PermissionDenied
        return view(request, park, *args, **kwargs)

    return wrapper


def period_of(park: Park, code: str) -> ReportingPeriod:
    period = queries.period_by_code(park, code)
    if period is None:
        raise Http404
    return period


def company_page(view):
    """The company's members (while it is or was resident) and the park's managers:
    ``view(request, park, company, residency, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, park_slug, company_slug, *args, **kwargs):
        park = get_object_or_404(Park, slug=park_slug)
        company = get_object_or_404(Organisation, slug=company_slug)
        residency = queries.residency_of(company, park)
        if (
            residency is None
            and not Report.objects.filter(company=company, period__park=park).exists()
        ):
            raise Http404
        user = request.user
        allowed = perms.can_view_company_reports(user, residency) or (
            residency is None and perms.can_manage_reporting(user, park)
        )
        if not allowed:
            raise PermissionDenied
        return view(request, park, company, residency, *args, **kwargs)

    return wrapper


def render_for_park(request, park: Park, template: str, context: dict, status: int = 200):
    """Render with times in the park's time zone (dates of periods are the park's days)."""
    with timezone.override(queries.park_zone(park)):
        return render(request, template, context, status=status)


def manage_context(park: Park, current: str, **extra) -> dict:
    return {"park": park, "current": current, **extra}


# --- the index ----------------------------------------------------------------------------------
@require_GET
@login_required
def index(request):
    """Where a person's reporting is: parks they run, companies they report for."""
    companies = []
    for residency in queries.reporting_residencies(request.user):
        waiting = [
            period
            for period, report in queries.open_periods_for(residency.company, residency.park)
            if report is None or report.status != Report.Status.SUBMITTED
        ]
        companies.append({"residency": residency, "waiting": waiting})
    context = {"parks": list(queries.managed_parks(request.user)), "companies": companies}
    return render(request, "insights/reporting/index.html", context)


# --- the park's managers -------------------------------------------------------------------------
@require_GET
@manager_page
def park_reporting(request, park):
    scheme = queries.scheme_of(park)
    if scheme is None:
        return redirect("insights:reporting_setup", park.slug)
    today = queries.park_today(park)
    periods = [
        {
            "period": period,
            "reported": queries.reported_count(period),
            "drafts": period.draft_count,
            "missing": queries.missing_count(period),
            "overdue": not period.is_locked and today > period.due_on,
        }
        for period in queries.periods_of(park)
    ]
    context = manage_context(park, "periods", scheme=scheme, periods=periods, today=today)
    return render_for_park(request, park, "insights/reporting/park.html", context)


@require_http_methods(["GET", "POST"])
@manager_page
def reporting_setup(request, park):
    scheme = queries.scheme_of(park)
    has_periods = ReportingPeriod.objects.filter(park=park).exists()
    form = SchemeForm(request.POST or None, park=park, scheme=scheme, has_periods=has_periods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reporting.save_scheme(
                actor=request.user,
                park=park,
                frequency=data["frequency"],
                indicators=data["indicators"],
                currency=data["currency"],
                starts_on=data["starts_on"],
                due_days=data["due_days"],
                remind_days_before=data["remind_days_before"],
                remind_days_after=data["remind_days_after"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The reporting set-up is saved."))
            return redirect("insights:park_reporting", park.slug)
    status = 400 if request.method == "POST" else 200
    context = manage_context(park, "setup", scheme=scheme, form=form, has_periods=has_periods)
    return render_for_park(request, park, "insights/reporting/setup.html", context, status=status)


@require_POST
@manager_page
def open_periods(request, park):
    scheme = queries.scheme_of(park)
    if scheme is None or not scheme.is_active:
        messages.warning(request, _("Reporting is paused: no period is opened."))
        return redirect("insights:park_reporting", park.slug)
    created = reporting.open_periods(park=park, actor=request.user)
    if created:
        messages.success(
            request,
            _("Opened: %(periods)s.") % {"periods": ", ".join(p.label for p in created)},
        )
    else:
        messages.info(request, _("No period has ended since the last one was opened."))
    return redirect("insights:park_reporting", park.slug)


@require_GET
@manager_page
def period_detail(request, park, code):
    period = period_of(park, code)
    rows = queries.period_rows(period)
    indicators = period.indicator_list
    totals = queries.period_totals(period, rows)
    today = queries.park_today(park)
    table = [
        {
            "row": row,
            "figures": [figure(row.values.get(i.code), i) for i in indicators],
            "remindable": not period.is_locked
            and not row.reported
            and not any(r.kind == "manual" for r in row.reminders),
        }
        for row in rows
    ]
    counts = {
        "expected": len(rows),
        "submitted": sum(1 for row in rows if row.reported),
        "drafts": sum(1 for row in rows if row.status == "draft"),
    }
    counts["missing"] = counts["expected"] - counts["submitted"]
    context = manage_context(
        park,
        "periods",
        period=period,
        indicators=indicators,
        table=table,
        totals=[
            {"total": total, "figure": figure(total.total, total.indicator)} for total in totals
        ],
        counts=counts,
        overdue=not period.is_locked and today > period.due_on,
        may_lock=not period.is_locked and today > period.ends_on,
        any_remindable=any(item["remindable"] for item in table),
    )
    return render_for_park(request, park, "insights/reporting/period.html", context)


@require_POST
@manager_page
def lock_period(request, park, code):
    period = period_of(park, code)
    try:
        reporting.lock_period(actor=request.user, period=period)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(
            request,
            _("%(period)s is locked: its reports are frozen as they are now.")
            % {"period": period.label},
        )
    return redirect("insights:period", park.slug, period.code)


@require_POST
@manager_page
def remind(request, park, code):
    period = period_of(park, code)
    try:
        if request.POST.get("company") == "all":
            count = reporting.remind_all(actor=request.user, period=period)
            messages.success(
                request,
                _("Reminders sent to %(count)s companies.") % {"count": count}
                if count
                else _("Every company that has not reported has been reminded already."),
            )
        else:
            try:
                company_id = int(request.POST.get("company", ""))
            except ValueError as malformed:
                raise Http404 from malformed
            company = get_object_or_404(Organisation, pk=company_id)
            reporting.send_reminder(actor=request.user, period=period, company=company)
            messages.success(
                request, _("A reminder was sent to %(company)s.") % {"company": company.name}
            )
    except ValidationError as error:
        messages.error(request, _first_error(error))
    return redirect("insights:period", park.slug, period.code)


def _download(rows, *, park: Park, name: str, fmt: str):
    if fmt not in reporting_exports.FORMATS:
        raise Http404
    return reporting_exports.download(
        rows, filename=f"{park.slug}-{name}.{fmt}", fmt=fmt, sheet=name
    )


@require_GET
@manager_page
def export_period(request, park, code, fmt):
    period = period_of(park, code)
    language = translation.get_language() or "en"
    rows = reporting_exports.period_rows(period, language=language)
    return _download(rows, park=park, name=f"reports-{period.code}", fmt=fmt)


@require_GET
@manager_page
def export_park(request, park, fmt):
    language = translation.get_language() or "en"
    rows = reporting_exports.park_rows(park, language=language)
    return _download(rows, park=park, name="reports", fmt=fmt)


# --- residents -----------------------------------------------------------------------------------
def _chart(history, indicators: list[Indicator], chosen: Indicator, currency: str):
    points = [(row.period.label, row.values.get(chosen.code)) for row in history if row.reported]
    title = (
        _("%(indicator)s (%(currency)s)") % {"indicator": chosen.label, "currency": currency}
        if chosen.money
        else str(chosen.label)
    )
    return line_chart(
        points,
        title=title,
        empty_text=_("No submitted reports yet"),
        format_value=lambda value: figure(value, chosen),
        whole_numbers=not chosen.money,
    )


@require_GET
@company_page
def company_reports(request, park, company, residency):
    scheme = queries.scheme_of(park)
    history = queries.company_history(company, park)
    may_report = perms.can_report(request.user, residency)
    waiting = []
    if residency is not None and residency.status == "active":
        today = queries.park_today(park)
        waiting = [
            {"period": period, "report": report, "overdue": today > period.due_on}
            for period, report in queries.open_periods_for(company, park)
        ]
    codes = []
    for row in history:
        codes.extend(code for code in row.period.indicator_codes if code not in codes)
    if scheme is not None:
        codes.extend(code for code in scheme.indicators if code not in codes)
    indicators = [BY_CODE[code] for code in BY_CODE if code in codes]
    chosen = BY_CODE.get(request.GET.get("indicator", ""))
    if chosen is None or chosen not in indicators:
        chosen = indicators[0] if indicators else None
    currency = scheme.currency if scheme else (history[-1].period.currency if history else "")
    context = {
        "park": park,
        "company": company,
        "may_report": may_report,
        "is_manager": perms.can_manage_reporting(request.user, park),
        "waiting": waiting,
        "indicators": indicators,
        "currency": currency,
        "history": [
            {
                "row": row,
                "figures": [
                    figure(row.values.get(i.code), i)
                    if i.code in row.period.indicator_codes
                    else ""
                    for i in indicators
                ],
            }
            for row in reversed(history)
        ],
        "chosen": chosen,
        "chart": _chart(history, indicators, chosen, currency) if chosen else None,
    }
    return render_for_park(request, park, "insights/reporting/company.html", context)


@require_http_methods(["GET", "POST"])
@company_page
def report_form(request, park, company, residency, code):
    period = period_of(park, code)
    report = Report.objects.filter(period=period, company=company).first()
    open_ids = {p.pk for p, _r in queries.open_periods_for(company, park)}
    if report is None and period.pk not in open_ids:
        raise Http404
    may_report = perms.can_report(request.user, residency)
    may_edit = may_report and not period.is_locked
    if request.method == "POST" and not may_report:
        raise PermissionDenied
    if request.method == "POST" and period.is_locked:
        # Locked while the form was open: say so, show what counts.
        messages.error(
            request,
            _("The period %(period)s is locked: its reports can no longer change.")
            % {"period": period.label},
        )
        return redirect(request.path)
    values = report.values() if report is not None else {}
    form = ReportForm(request.POST or None, period=period, initial=values)
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                reporting.save_report(
                    actor=request.user,
                    period=period,
                    company=company,
                    values=form.values(),
                    submit=submit,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if submit:
                    messages.success(
                        request,
                        _(
                            "The report for %(period)s is submitted. You can change it until "
                            "the park locks the period."
                        )
                        % {"period": period.label},
                    )
                    return redirect("insights:company_reports", park.slug, company.slug)
                messages.success(
                    request,
                    _("Draft saved. Submit it by %(date)s.")
                    % {"date": date_format(period.due_on, "DATE_FORMAT")},
                )
                return redirect(
                    reverse("insights:report_form", args=[park.slug, company.slug, period.code])
                )
        status = 400
    today = queries.park_today(park)
    context = {
        "park": park,
        "company": company,
        "period": period,
        "report": report,
        "form": form,
        "may_edit": may_edit,
        "overdue": not period.is_locked and today > period.due_on,
        "readonly": [
            {"indicator": i, "figure": figure(values.get(i.code), i)} for i in period.indicator_list
        ],
    }
    return render_for_park(
        request, park, "insights/reporting/report_form.html", context, status=status
    )


_park = "reporting/<slug:park_slug>/"
_period = _park + "periods/<str:code>/"
_company = _park + "companies/<slug:company_slug>/"

urlpatterns = [
    path("reporting/", index, name="reporting"),
    path(_park, park_reporting, name="park_reporting"),
    path(_park + "setup/", reporting_setup, name="reporting_setup"),
    path(_park + "open/", open_periods, name="open_periods"),
    path(_park + "export.<str:fmt>", export_park, name="export_park"),
    path(_period, period_detail, name="period"),
    path(_period + "lock/", lock_period, name="lock_period"),
    path(_period + "remind/", remind, name="remind"),
    path(_period + "export.<str:fmt>", export_period, name="export_period"),
    path(_company, company_reports, name="company_reports"),
    path(_company + "<str:code>/", report_form, name="report_form"),
]
