from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    name = "korpu.webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Endpoint
        from .services import forget_listening

        post_save.connect(forget_listening, sender=Endpoint, dispatch_uid="webhooks_saved")
        post_delete.connect(forget_listening, sender=Endpoint, dispatch_uid="webhooks_deleted")
