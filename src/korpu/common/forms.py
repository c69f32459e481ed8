"""Form pieces every app's editors share: per-language fields, the datetime-local input,
model forms whose data a service applies, and a service's refusal shown on a form."""

from django import forms
from django.core.exceptions import ValidationError

from .views import error_messages

LANGUAGES = ("en", "az", "tr")


def per_language(*names: str) -> list[str]:
    """``title`` → ``title_en``, ``title_az``, ``title_tr`` (modeltranslation's columns)."""
    return [f"{name}_{code}" for name in names for code in LANGUAGES]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ServiceModelForm(forms.ModelForm):
    """A model form whose English title/label is required and whose data a service
    applies (``data_for_service()``), so the page and the API refuse the same things."""

    required_english: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.required_english:
            self.fields[name].required = True

    def data_for_service(self) -> dict:
        skip = {"partners"}
        return {
            k: v for k, v in self.cleaned_data.items() if k in self._meta.fields and k not in skip
        }


def add_service_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form, beside the field it names where it has one (a
    short name derived from the English title is reported on that title)."""
    if hasattr(error, "error_dict"):
        for key, errors in error.message_dict.items():
            target = key if key in form.fields else ("title_en" if key == "slug" else None)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error_messages(error))
