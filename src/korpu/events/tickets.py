"""Tickets on paper and on screen: QR codes, badges and certificates of attendance.

QR codes are drawn from segno's module matrix (vector, no image files). PDFs use the
DejaVu fonts committed in :mod:`korpu.common` so that ə ğ ş ı İ print correctly, and are
written in the participant's language.
"""

import io
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from fpdf import FPDF

import korpu.common

from .models import Certificate, Event, Registration
from .services import person_language

FONT_DIR = Path(korpu.common.__file__).resolve().parent / "fonts"
FONT = "DejaVu"
QUIET_ZONE = 4  # modules of white around a QR code, as the standard asks

BRAND = (11, 95, 115)
INK = (20, 33, 43)
MUTED = (91, 107, 119)

A4 = (210, 297)
A6 = (105, 148)


def _qr(text: str) -> segno.QRCode:
    return segno.make(text, error="m", micro=False)


def qr_png(text: str) -> bytes:
    """A QR code as a PNG (the ticket attached to confirmation mail: shown at the door
    without a network). Drawn when the mail is delivered: see ``TICKET_ATTACHMENT``."""
    buffer = io.BytesIO()
    _qr(text).save(buffer, kind="png", scale=6, border=QUIET_ZONE)
    return buffer.getvalue()


def qr_svg(text: str, *, title: str | None = None) -> SafeString:
    """Inline SVG markup of a QR code; size it with CSS (it has only a viewBox).

    segno escapes the title and the markup carries nothing else of ``text``.
    """
    svg = _qr(text).svg_inline(
        border=QUIET_ZONE,
        omitsize=True,
        svgclass="qr",
        lineclass=None,
        dark="#000",
        light="#fff",
        title=title if title is not None else _("QR code"),
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def event_dates(event: Event) -> str:
    """The event's dates (and times for a one-day event) in its own time zone and in the
    active language."""
    start = timezone.localtime(event.starts_at, event.zone)
    end = timezone.localtime(event.ends_at, event.zone)
    if start.date() == end.date():
        return "{}, {}–{}".format(
            formats.date_format(start, "DATE_FORMAT"),
            formats.time_format(start, "TIME_FORMAT"),
            formats.time_format(end, "TIME_FORMAT"),
        )
    return "{} – {}".format(
        formats.date_format(start, "DATE_FORMAT"), formats.date_format(end, "DATE_FORMAT")
    )


def participant_organisation(person) -> str:
    """The organisation printed under a participant's name: their oldest membership."""
    memberships = sorted(person.memberships.all(), key=lambda m: (m.created_at, m.pk))
    return memberships[0].organisation.name if memberships else ""


def verification_url(certificate: Certificate, *, base_url: str = "") -> str:
    """The public page that confirms ``certificate``; absolute when a base URL is known
    (the request's, or the ``KORPU_SITE_URL`` setting)."""
    base = (base_url or settings.KORPU_SITE_URL or "").rstrip("/")
    return base + reverse("events:verify_certificate", args=[certificate.code])


# --- drawing ------------------------------------------------------------------------------
class _Document(FPDF):
    def __init__(self, *, orientation: str, page: tuple[float, float], compress: bool):
        super().__init__(orientation=orientation, unit="mm", format=page)
        self.set_compression(compress)
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)
        self.c_margin = 0
        self.set_creator("Körpü")

    def output_bytes(self) -> bytes:
        return bytes(self.output())

    def fitted(
        self, text: str, *, width: float, lines: int, largest: float, smallest: float, style=""
    ) -> float:
        """Set the largest font size (down to ``smallest``) at which ``text`` wraps to at
        most ``lines`` lines of ``width``; returns the line height to use."""
        size = largest
        while True:
            self.set_font(FONT, style, size)
            height = size * 0.45
            wrapped = self.multi_cell(width, height, text, dry_run=True, output="LINES")
            if len(wrapped) <= lines or size <= smallest:
                return height
            size = max(smallest, size - 0.5)

    def centred(self, text: str, *, x: float, y: float, width: float, line: float) -> float:
        """Text centred in a box of ``width``, wrapped; returns the y below it."""
        self.set_xy(x, y)
        self.multi_cell(width, line, text, align="C", new_x="LEFT")
        return self.get_y()

    def qr(self, text: str, *, x: float, y: float, size: float) -> None:
        """A QR code with its quiet zone, as filled rectangles (one per run of dark modules)."""
        matrix = _qr(text).matrix
        count = len(matrix)
        module = size / (count + 2 * QUIET_ZONE)
        self.set_fill_color(255, 255, 255)
        self.rect(x, y, size, size, style="F")
        self.set_fill_color(0, 0, 0)
        for row_index, row in enumerate(matrix):
            top = y + (QUIET_ZONE + row_index) * module
            column = 0
            while column < count:
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                left = x + (QUIET_ZONE + start) * module
                # A hair of overlap so viewers show no seams between rows.
                self.rect(left, top, (column - start) * module, module * 1.02, style="F")


def _draw_badge(pdf: _Document, registration: Registration, *, x: float, y: float) -> None:
    event = registration.event
    person = registration.person
    width, height = A6
    inner = width - 12
    with translation.override(person_language(person)):
        title = str(event.title)
        dates = event_dates(event)
        role = _("Participant")
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, width, height)

    pdf.set_fill_color(*BRAND)
    pdf.rect(x, y, width, 27, style="F")
    pdf.set_text_color(255, 255, 255)
    line = pdf.fitted(title, width=inner, lines=2, largest=12, smallest=7, style="B")
    below = pdf.centred(title, x=x + 6, y=y + 4, width=inner, line=line)
    pdf.set_font(FONT, "", 8.5)
    pdf.centred(dates, x=x + 6, y=max(below + 1, y + 16), width=inner, line=4)

    pdf.set_text_color(*INK)
    name = person.full_name
    line = pdf.fitted(name, width=inner, lines=2, largest=22, smallest=12, style="B")
    below = pdf.centred(name, x=x + 6, y=y + 34, width=inner, line=line)
    organisation = participant_organisation(person)
    if organisation:
        pdf.set_text_color(*MUTED)
        line = pdf.fitted(organisation, width=inner, lines=2, largest=11, smallest=7)
        pdf.centred(organisation, x=x + 6, y=below + 1, width=inner, line=line)

    size = 52
    pdf.qr(registration.ticket_code, x=x + (width - size) / 2, y=y + 68, size=size)
    pdf.set_text_color(*MUTED)
    pdf.set_font(FONT, "", 6.5)
    pdf.centred(registration.ticket_code, x=x + 6, y=y + 68 + size, width=inner, line=3.5)

    pdf.set_fill_color(*BRAND)
    pdf.rect(x, y + height - 12, width, 12, style="F")
    pdf.set_text_color(255, 255, 255)
    # No str.upper(): it would turn the Turkish "i" into "I" instead of "İ".
    pdf.set_font(FONT, "B", 11)
    pdf.centred(role, x=x + 6, y=y + height - 9, width=inner, line=6)


def badge_pdf(registration: Registration, *, compress: bool = True) -> bytes:
    """One A6 badge: name, organisation, event, dates and the ticket's QR code."""
    pdf = _Document(orientation="P", page=A6, compress=compress)
    pdf.set_title(f"{registration.person.full_name} · {registration.event.title}")
    pdf.add_page()
    _draw_badge(pdf, registration, x=0, y=0)
    return pdf.output_bytes()


def badges_pdf(registrations, *, compress: bool = True) -> bytes:
    """Four A6 badges per A4 page, to cut along the frames."""
    pdf = _Document(orientation="P", page=A4, compress=compress)
    slots = [(0, 0), (A6[0], 0), (0, A6[1]), (A6[0], A6[1])]
    for index, registration in enumerate(registrations):
        if index % len(slots) == 0:
            pdf.add_page()
        x, y = slots[index % len(slots)]
        _draw_badge(pdf, registration, x=x, y=y)
    if pdf.page == 0:
        pdf.add_page()
    return pdf.output_bytes()


def certificate_pdf(
    certificate: Certificate, *, base_url: str = "", compress: bool = True
) -> bytes:
    """An A4 landscape certificate of attendance in the participant's language, with its
    verification code and a QR code of the verification page."""
    registration = certificate.registration
    event = registration.event
    person = registration.person
    organisers = ", ".join(o.name for o in event.organisers.all())
    width, height = 297, 210
    pdf = _Document(orientation="L", page=A4, compress=compress)
    with translation.override(person_language(person)):
        url = verification_url(certificate, base_url=base_url)
        pdf.set_title(_("Certificate of attendance") + f" · {person.full_name}")
        pdf.add_page()
        pdf.set_draw_color(*BRAND)
        pdf.set_line_width(1.2)
        pdf.rect(10, 10, width - 20, height - 20)
        pdf.set_line_width(0.3)
        pdf.rect(13, 13, width - 26, height - 26)
        inner = width - 60

        pdf.set_text_color(*MUTED)
        line = pdf.fitted(organisers, width=inner, lines=2, largest=12, smallest=8, style="B")
        pdf.centred(organisers, x=30, y=22, width=inner, line=line)

        pdf.set_text_color(*BRAND)
        pdf.set_font(FONT, "B", 28)
        pdf.centred(_("Certificate of attendance"), x=30, y=38, width=inner, line=13)

        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "", 13)
        pdf.centred(_("This is to certify that"), x=30, y=58, width=inner, line=7)
        line = pdf.fitted(
            person.full_name, width=inner, lines=2, largest=28, smallest=14, style="B"
        )
        below = pdf.centred(person.full_name, x=30, y=68, width=inner, line=line)

        sentence = _("took part in the %(kind)s “%(title)s”, %(dates)s.") % {
            "kind": event.get_kind_display(),
            "title": event.title,
            "dates": event_dates(event),
        }
        line = pdf.fitted(sentence, width=inner, lines=3, largest=13, smallest=9)
        below = pdf.centred(sentence, x=30, y=below + 4, width=inner, line=line)
        details = []
        if event.sessions.filter(counts_for_attendance=True).exists():
            details.append(
                _("Attendance: %(percent)s%% of the sessions.")
                % {"percent": certificate.attendance_percent}
            )
        venue = event.site.name if event.site_id else (_("online") if event.online_url else "")
        if venue:
            details.append(_("Venue: %(venue)s") % {"venue": venue})
        if certificate.qualification_grant_id:
            details.append(
                _("Qualification granted: %(qualification)s")
                % {"qualification": certificate.qualification_grant.qualification.name}
            )
        pdf.set_font(FONT, "", 11)
        for detail in details:
            below = pdf.centred(detail, x=30, y=below + 1.5, width=inner, line=6)

        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "", 10)
        issued = formats.date_format(
            timezone.localtime(certificate.issued_at, event.zone), "DATE_FORMAT"
        )
        footer = [
            _("Organised by %(organisers)s") % {"organisers": organisers},
            _("Issued on %(date)s") % {"date": issued},
            _("Verification code: %(code)s") % {"code": certificate.code},
            _("Check this certificate at %(url)s") % {"url": url},
        ]
        top = height - 56
        for index, text in enumerate(footer):
            pdf.set_xy(24, top + index * 7)
            pdf.set_font(FONT, "B" if index == 2 else "", 10)
            pdf.multi_cell(width - 24 - 70, 5, text, align="L", new_x="LEFT")
        pdf.qr(url, x=width - 24 - 40, y=height - 62, size=40)
    return pdf.output_bytes()
