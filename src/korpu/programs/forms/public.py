"""Forms of the public programme pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from korpu.directory.forms import LenientFilterForm

from ..models import Programme


class ProgrammeFilterForm(LenientFilterForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    open = forms.BooleanField(label=_("Open for applications now"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All"))] + list(Programme.Kind.choices)
