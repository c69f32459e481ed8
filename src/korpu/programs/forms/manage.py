"""Forms of the managers' pages: reviewer pool, conflicts, assignment and decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Application, AssignmentRun


class AddReviewerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    min_load = forms.IntegerField(
        label=_("Minimum applications"), min_value=0, max_value=500, initial=0
    )
    max_load = forms.IntegerField(
        label=_("Maximum applications"), min_value=0, max_value=500, initial=8
    )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_load"), data.get("max_load")
        if low is not None and high is not None and low > high:
            self.add_error("min_load", _("The minimum cannot be above the maximum."))
        return data


class OverrideConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this conflict does not matter"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for overriding the conflict.")},
    )


class RunForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Aim"),
        choices=AssignmentRun.Mode.choices,
        initial=AssignmentRun.Mode.SUM,
        widget=forms.RadioSelect,
    )


class AddAssignmentForm(forms.Form):
    application = forms.IntegerField(widget=forms.HiddenInput)
    reviewer = forms.IntegerField(label=_("Reviewer"))


class LockForm(forms.Form):
    locked = forms.BooleanField(required=False)


DECISIONS = [
    (Application.Status.ACCEPTED.value, _("Accept")),
    (Application.Status.WAITLISTED.value, _("Waitlist")),
    (Application.Status.REJECTED.value, _("Reject")),
]


class DecisionForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": _("Select at least one application.")},
    )
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Choose…"))] + DECISIONS,
        error_messages={"required": _("Choose accept, waitlist or reject.")},
    )
    note = forms.CharField(
        label=_("Message to the applicants (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, decidable=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in decidable]
        self.fields["applications"].error_messages["invalid_choice"] = _(
            "One of the selected applications cannot be decided (it may have been decided "
            "already): reload the page."
        )


SORTS = {
    "score": _("score"),
    "title": _("title"),
    "status": _("status"),
    "reviews": _("reviews done"),
}


class RankingFilterForm(forms.Form):
    """Filters of the ranked table; a bad value falls back to the default, never an error."""

    label_suffix = ""
    status = forms.ChoiceField(label=_("Status"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=list(SORTS.items()))
    stage = forms.TypedChoiceField(label=_("Review stage"), required=False, coerce=int)

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + [
            choice for choice in Application.Status.choices if choice[0] != "draft"
        ]
        self.fields["stage"].choices = [(s.pk, s.name) for s in stages]
        if not stages:
            del self.fields["stage"]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}
