"""Forms of the campus pages. They check the shape of the input; the rules (who, when,
how many) live in :mod:`korpu.events.campus`, whose errors the views put back on these
forms' fields.

Times are entered in the event's time zone: the views validate and render inside
``timezone.override(event.zone)``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.common.forms import LANGUAGES, DateTimeLocalInput, ServiceModelForm, per_language
from korpu.directory.models import Organisation

from ..campus import MAX_JUDGES_PER_PROJECT, MAX_LINKS, MAX_SLOTS_AT_ONCE, score_field
from ..models import Challenge, JudgingCriterion, Team

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def _datetime(label):
    return forms.DateTimeField(
        label=label, widget=DateTimeLocalInput(), input_formats=DATETIME_FORMATS
    )


# --- organisers ---------------------------------------------------------------------------
class ChallengeForm(ServiceModelForm):
    required_english = ("title_en",)

    class Meta:
        model = Challenge
        fields = [*per_language("title", "description"), "posed_by"]
        widgets = {f"description_{c}": forms.Textarea(attrs={"rows": 4}) for c in LANGUAGES}
        help_texts = {"posed_by": _("The company or park that poses the challenge.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["posed_by"].queryset = Organisation.objects.order_by("name")


class CriterionForm(ServiceModelForm):
    required_english = ("label_en",)

    class Meta:
        model = JudgingCriterion
        fields = [*per_language("label", "description"), "max_score", "weight"]
        widgets = {f"description_{c}": forms.Textarea(attrs={"rows": 2}) for c in LANGUAGES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weight"].min_value = 0.01
        self.fields["weight"].widget.attrs["min"] = "0.01"


class EmailForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("The person needs a Körpü account with this address."),
    )


class AutoAssignForm(forms.Form):
    per_project = forms.IntegerField(
        label=_("Judges per project"),
        min_value=1,
        max_value=MAX_JUDGES_PER_PROJECT,
        initial=3,
        help_text=_(
            "Projects keep the judges they have; judges with a conflict of interest are "
            "never chosen."
        ),
    )


class ManualAssignForm(forms.Form):
    judge = forms.ModelChoiceField(label=_("Judge"), queryset=None)

    def __init__(self, *args, judges, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["judge"].queryset = judges
        self.fields["judge"].label_from_instance = lambda judge: judge.person.full_name


class FollowupForm(forms.Form):
    application = forms.ModelChoiceField(
        label=_("Programme application"),
        queryset=None,
        required=False,
        help_text=_("Applications the idea's author or team members have made."),
    )
    url = forms.URLField(
        label=_("Link to the project"),
        required=False,
        max_length=200,
        help_text=_("For example the lab project that implements the idea."),
    )
    note = forms.CharField(
        label=_("Follow-up"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public showcase."),
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.title} · {a.call.programme.title} · {a.call.title} · {a.applicant.full_name}"
        )


# --- participants -------------------------------------------------------------------------
class IdeaForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=None,
        required=False,
        empty_label=_("No particular challenge"),
    )
    problem = forms.CharField(
        label=_("Problem"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Who has the problem, and why it matters."),
    )
    solution = forms.CharField(
        label=_("Solution"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    team_needs = forms.CharField(
        label=_("Who the team needs"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skills you are looking for, e.g. a designer, an embedded developer."),
    )

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = event.challenges.order_by("position", "pk")


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=120)
    idea = forms.ModelChoiceField(
        label=_("Idea"), queryset=None, required=False, empty_label=_("Not decided yet")
    )
    max_size = forms.IntegerField(
        label=Team._meta.get_field("max_size").verbose_name, min_value=1, max_value=20, initial=5
    )
    open_roles = forms.CharField(
        label=_("Open roles"),
        required=False,
        max_length=800,
        help_text=_("Separated by commas, e.g. designer, backend developer."),
    )
    role = forms.CharField(
        label=_("Your role"),
        required=False,
        max_length=120,
        help_text=_("For example: team lead, hardware."),
    )

    def __init__(self, *args, event, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idea"].queryset = event.ideas.order_by("title", "pk")
        if not creating:
            del self.fields["role"]


class JoinRequestForm(forms.Form):
    role = forms.CharField(
        label=_("Role you would take"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"list": "open-roles"}),
    )
    message = forms.CharField(
        label=_("Message to the team"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What you would bring to the team."),
    )


class SlotForm(forms.Form):
    """``mentor_email`` only for organisers (they publish slots for anyone)."""

    mentor_email = forms.EmailField(
        label=_("Mentor's e-mail address"),
        required=False,
        help_text=_("Empty: the slots are yours."),
    )
    starts_at = _datetime(_("Starts"))
    ends_at = _datetime(_("Ends"))
    count = forms.IntegerField(
        label=_("Number of slots"),
        min_value=1,
        max_value=MAX_SLOTS_AT_ONCE,
        initial=1,
        help_text=_("Slots of the same length, one after the other."),
    )
    topic = forms.CharField(
        label=_("Topic"),
        required=False,
        max_length=200,
        help_text=_("What you can help with, e.g. pitching, hardware, business model."),
    )

    def __init__(self, *args, for_others: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_others:
            del self.fields["mentor_email"]


class SubmissionForm(forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to %(count)s web addresses, one per line: code, demo, video.")
        % {"count": MAX_LINKS},
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("A PDF, a presentation, a document or an image."),
    )
    remove_file = forms.BooleanField(label=_("Remove the current file"), required=False)

    def __init__(self, *args, has_file: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_file:
            del self.fields["remove_file"]


class ScoreForm(forms.Form):
    """One whole-number field per criterion (``c<criterion id>``, as the scoring service
    names its errors) and a comment to the team. Every criterion must be scored."""

    comment = forms.CharField(
        label=_("Comment to the team"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            fields[score_field(criterion)] = forms.IntegerField(
                label=criterion.label,
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": criterion.max_score, "step": 1, "inputmode": "numeric"}
                ),
            )
        fields["comment"] = self.fields.pop("comment")
        self.fields = fields

    def score_fields(self):
        return [(self[score_field(c)], c) for c in self.criteria]

    def scores(self) -> dict[str, int]:
        return {str(c.pk): self.cleaned_data[score_field(c)] for c in self.criteria}
