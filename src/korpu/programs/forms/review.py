"""Forms of the reviewers' pages: the rubric and the conflict declaration."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    """One whole-number field per criterion (named ``c<criterion id>``, as the review
    service names its errors) and a comment. Fields may stay empty in a draft."""

    comment = forms.CharField(
        label=_("Comment for the managers"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Other reviewers never see it."),
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        score_fields = {}
        for criterion in self.criteria:
            score_fields[self.field_name(criterion)] = forms.IntegerField(
                label=criterion.label,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": criterion.max_score, "step": 1, "inputmode": "numeric"}
                ),
            )
        # Scores first, then the comment.
        score_fields["comment"] = self.fields.pop("comment")
        self.fields = score_fields

    @staticmethod
    def field_name(criterion) -> str:
        return f"c{criterion.pk}"

    def score_fields(self):
        """(bound field, criterion) pairs, in the rubric's order."""
        return [(self[self.field_name(c)], c) for c in self.criteria]

    def scores(self) -> dict[str, int]:
        return {
            str(c.pk): self.cleaned_data[self.field_name(c)]
            for c in self.criteria
            if self.cleaned_data.get(self.field_name(c)) is not None
        }


class DeclareConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Why (seen only by the managers)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: “I advised this company last year.”"),
    )
