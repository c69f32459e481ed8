from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "korpu.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from korpu.common.mail import register_attachment_maker

        from . import services, tickets

        register_attachment_maker(services.TICKET_QR_MAKER, tickets.qr_png)
