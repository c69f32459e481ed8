from django import forms
from django.utils.translation import gettext_lazy as _


class SignupNameForm(forms.Form):
    """Extra fields on the sign-up page (allauth's ACCOUNT_SIGNUP_FORM_CLASS)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.preferred_language = getattr(request, "LANGUAGE_CODE", "en")
        user.save(update_fields=["first_name", "last_name", "preferred_language"])
