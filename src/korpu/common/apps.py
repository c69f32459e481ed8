from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "korpu.common"
    label = "common"
    verbose_name = _("Platform")

    def ready(self):
        # Names that installed apps show in the admin without marking them for translation.
        from allauth.mfa.models import Authenticator
        from django.apps import apps

        apps.get_app_config("django_tasks_database").verbose_name = _("Background tasks")
        Authenticator._meta.verbose_name = _("authenticator")
        Authenticator._meta.verbose_name_plural = _("authenticators")
