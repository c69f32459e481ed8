"""Forms of the webhook pages. They check the shape of the input; the services decide
(addresses allowed, at most so many endpoints) and their refusals land on the fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, EventType


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=500,
        help_text=_(
            "Where Körpü sends a signed POST request for each event, e.g. https://example.com/hooks/korpu."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://", "autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("For your colleagues: what receives these events."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one event.")},
    )


class DeliveryFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("any status")), *Delivery.Status.choices],
    )
    endpoint = forms.TypedChoiceField(
        label=_("Endpoint"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, endpoints=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["endpoint"].choices = [("", _("every endpoint"))] + [
            (endpoint.pk, endpoint.url) for endpoint in endpoints
        ]
