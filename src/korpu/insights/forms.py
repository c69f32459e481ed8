"""Forms of resident reporting. They read and type-check the input; the rules (which
indicators, non-negative figures, parts not larger than their whole, what may change
once periods have opened) are the services' (:mod:`korpu.insights.reporting`), whose
``ValidationError`` the views put back on the form with :func:`add_service_errors`."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from .models import (
    INDICATORS,
    MAX_COUNT,
    MAX_MONEY,
    MONEY_DIGITS,
    MONEY_PLACES,
    Currency,
    Frequency,
    ReportingPeriod,
    ReportingScheme,
    default_currency,
)
from .reporting import FIXED_FIELDS

NEGATIVE = _("A figure cannot be negative: enter 0 or more.")


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's refusal on the form: field messages on their fields, the rest on
    the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name in form.fields and name != NON_FIELD_ERRORS else None
            for item in errors:
                form.add_error(target, item)
    else:
        form.add_error(None, error)


class SchemeForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Residents report"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.QUARTERLY,
    )
    indicators = forms.MultipleChoiceField(
        label=_("Indicators residents report"),
        choices=[(indicator.code, indicator.label) for indicator in INDICATORS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Periods already open keep the indicators they asked for; new periods ask for these."
        ),
        error_messages={"required": _("Choose at least one indicator.")},
    )
    currency = forms.ChoiceField(
        label=_("Currency of the money figures"),
        choices=Currency.choices,
    )
    starts_on = forms.DateField(
        label=_("Reporting starts"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The first period is the one that contains this day; each period opens when it ends."
        ),
    )
    due_days = forms.IntegerField(
        label=_("Days to report"),
        min_value=0,
        max_value=180,
        initial=30,
        help_text=_("A report is due this many days after its period ends."),
    )
    remind_days_before = forms.IntegerField(
        label=_("Remind this many days before the due date"),
        min_value=0,
        max_value=60,
        required=False,
        initial=7,
        help_text=_("Leave empty for no reminder before the due date."),
    )
    remind_days_after = forms.IntegerField(
        label=_("Remind this many days after the due date"),
        min_value=0,
        max_value=90,
        required=False,
        initial=3,
        help_text=_("Leave empty for no reminder about late reports."),
    )
    is_active = forms.BooleanField(
        label=_("Active: open new periods and send reminders"), required=False, initial=True
    )

    def __init__(self, *args, park, scheme: ReportingScheme | None, has_periods: bool, **kw):
        if scheme is not None:
            kw.setdefault(
                "initial",
                {
                    "frequency": scheme.frequency,
                    "indicators": list(scheme.indicators),
                    "currency": scheme.currency,
                    "starts_on": scheme.starts_on,
                    "due_days": scheme.due_days,
                    "remind_days_before": scheme.remind_days_before,
                    "remind_days_after": scheme.remind_days_after,
                    "is_active": scheme.is_active,
                },
            )
        else:
            kw.setdefault("initial", {"currency": default_currency(park.country)})
        super().__init__(*args, **kw)
        if has_periods:
            for name in FIXED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Fixed: periods have opened and their reports use it."
                )


class ReportForm(forms.Form):
    """One field per indicator of the period, in the catalogue's order. Every field may
    be left empty in a draft; submitting needs them all (the service says so)."""

    def __init__(self, *args, period: ReportingPeriod, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period
        for indicator in period.indicator_list:
            if indicator.money:
                field = forms.DecimalField(
                    label=_("%(indicator)s (%(currency)s)")
                    % {"indicator": indicator.label, "currency": period.currency},
                    required=False,
                    min_value=0,
                    max_value=MAX_MONEY,
                    max_digits=MONEY_DIGITS,
                    decimal_places=MONEY_PLACES,
                    localize=True,
                    error_messages={
                        "invalid": _("Enter an amount, e.g. 1250.50."),
                        "min_value": NEGATIVE,
                        "max_value": _("This amount is too large."),
                        "max_digits": _("This amount is too large."),
                        "max_whole_digits": _("This amount is too large."),
                        "max_decimal_places": _("Use at most two decimal places."),
                    },
                )
                field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
            else:
                field = forms.IntegerField(
                    label=indicator.label,
                    required=False,
                    min_value=0,
                    max_value=MAX_COUNT,
                    error_messages={
                        "invalid": _("Enter a whole number."),
                        "min_value": NEGATIVE,
                        "max_value": _("This number is too large."),
                    },
                )
                field.widget.attrs.update({"step": 1})
            field.help_text = indicator.help_text
            self.fields[indicator.code] = field

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.fields}
