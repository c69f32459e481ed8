from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "korpu.facilities"
    label = "facilities"
    verbose_name = _("Labs and facilities")
