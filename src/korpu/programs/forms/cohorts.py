"""Forms of the cohort pages. They check the shape of the input; the rules (periods,
caps, who writes which part) live in :mod:`korpu.programs.cohorts`, whose errors are
put back on these forms' fields.

Times are entered in the programme's time zone: the views validate and render these
forms inside ``timezone.override(<programme zone>)``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.common.i18n import translated_order
from korpu.directory.models import Organisation

from ..cohorts import MAX_REPEAT_WEEKS
from ..models import Milestone, Placement


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MonthInput(forms.DateInput):
    """``<input type="month">``; browsers without it show a text box that takes YYYY-MM."""

    input_type = "month"

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "YYYY-MM", **(attrs or {})}, format="%Y-%m")


def _datetime(label):
    return forms.DateTimeField(label=label, widget=DateTimeLocalInput())


def _date(label, required=True):
    return forms.DateField(label=label, required=required, widget=DateInput())


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = _datetime(_("Starts"))
    ends_at = _datetime(_("Ends"))
    location = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("A room, an address or a link to the online meeting."),
    )


class MentorAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The mentor needs a Körpü account with this address."),
    )
    topics = forms.CharField(
        label=_("Topics"),
        max_length=300,
        required=False,
        help_text=_("What they can help with, e.g. fundraising, export to the EU, hardware."),
    )


class MentorForm(forms.Form):
    topics = MentorAddForm.base_fields["topics"]


class SlotForm(forms.Form):
    starts_at = _datetime(_("Starts"))
    ends_at = _datetime(_("Ends"))
    location = forms.CharField(
        label=_("Where"),
        max_length=200,
        required=False,
        help_text=_("A room, or a link to the online meeting."),
    )
    repeat_weeks = forms.IntegerField(
        label=_("Repeat weekly"),
        min_value=0,
        max_value=MAX_REPEAT_WEEKS,
        initial=0,
        required=False,
        help_text=_("The same time for this many more weeks (0: once)."),
    )


class BookingForm(forms.Form):
    topic = forms.CharField(label=_("What would you like to discuss?"), max_length=300)
    member = forms.TypedChoiceField(label=_("Book for"), coerce=int)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [(m.pk, m.name) for m in members]
        if len(members) == 1:
            self.fields["member"].widget = forms.HiddenInput()
            self.fields["member"].initial = members[0].pk


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = _date(_("Due"))


class MilestoneProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Milestone.Status.choices)
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was achieved and how it shows; needed to mark it done."),
    )
    evidence_url = forms.CharField(
        label=_("Evidence link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )


class MetricReportForm(forms.Form):
    period = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        widget=MonthInput(),
        help_text=_("Reporting the same month again replaces its figures."),
    )
    employees = forms.IntegerField(label=_("Employees"), min_value=0, required=False)
    revenue = forms.DecimalField(
        label=_("Revenue (USD)"), min_value=0, max_digits=14, decimal_places=2, required=False
    )
    funding_raised = forms.DecimalField(
        label=_("Funding raised (USD)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
    )
    customers = forms.IntegerField(label=_("Customers"), min_value=0, required=False)


class PlacementPlanForm(forms.Form):
    host_mentor_email = forms.EmailField(
        label=_("Host mentor's e-mail"),
        required=False,
        help_text=_("A member of the host organisation with a Körpü account."),
    )
    starts_on = _date(_("Starts"))
    ends_on = _date(_("Ends"))
    learning_goals = forms.CharField(
        label=_("Learning goals"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PlacementForm(PlacementPlanForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)
    specialist_email = forms.EmailField(
        label=_("Specialist's e-mail"),
        help_text=_("The young specialist needs a Körpü account with this address."),
    )
    host = forms.ModelChoiceField(label=_("Host organisation"), queryset=None)

    field_order = [
        "programme",
        "specialist_email",
        "host",
        "host_mentor_email",
        "starts_on",
        "ends_on",
        "learning_goals",
    ]

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes.order_by(translated_order("title"), "pk")
        self.fields["host"].queryset = Organisation.objects.order_by(translated_order("name"), "pk")
        if len(self.fields["programme"].queryset) == 1:
            self.fields["programme"].initial = self.fields["programme"].queryset[0].pk


class PlacementStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Placement.Status.choices)

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in Placement.Status.choices if value in allowed
        ]


class FinalReportForm(forms.Form):
    final_report = forms.CharField(
        label=_("Final report"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What you did, what you learned, and what you will take home."),
    )


class HostEvaluationForm(forms.Form):
    host_evaluation = forms.CharField(
        label=_("Evaluation"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    host_rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
        help_text=_("1: far below expectations · 5: far above."),
    )
