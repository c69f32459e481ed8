from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord


class ConsentForm(forms.Form):
    """Give or withdraw one consent (the notice can only be accepted)."""

    purpose = forms.ChoiceField(choices=ConsentRecord.Purpose.choices)
    action = forms.ChoiceField(choices=[("give", _("give")), ("withdraw", _("withdraw"))])

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("purpose") == ConsentRecord.Purpose.NOTICE
            and cleaned.get("action") != "give"
        ):
            raise forms.ValidationError(
                _("The privacy notice cannot be withdrawn; to leave, delete your account.")
            )
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my personal data are erased for good."),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.person.check_password(password):
            raise forms.ValidationError(_("The password is not right."), code="password")
        return password
