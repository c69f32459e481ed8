from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "korpu.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from korpu.common.mail import register_attachment_maker

        from .services import TICKET_QR_MAKER

        register_attachment_maker(TICKET_QR_MAKER, _ticket_qr_png)


def _ticket_qr_png(code: str) -> bytes:
    # Imported when a mail is delivered, not at start-up (tickets pulls in fpdf2).
    from .tickets import qr_png

    return qr_png(code)
