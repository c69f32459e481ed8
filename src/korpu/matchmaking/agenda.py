"""A participant's personal agenda of a brokerage day: the rows the page shows, a PDF to
print and an iCalendar file.

A meeting's time and place are shown where :func:`korpu.matchmaking.queries.time_visible`
allows it (once the schedule is published, or when the participants booked it
themselves); until then the meeting is listed as "time to be announced". Times are in the
event's time zone, texts in the language asked for. The PDF uses the DejaVu fonts of
:mod:`korpu.common` so that ə ğ ş ı İ print; calendar entries carry a stable UID
(``brokerage-meeting-<id>@korpu``) so that a second import updates them.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace
from icalendar import Calendar
from icalendar import Event as VEvent

import korpu.common

from . import queries
from .models import BrokerageDay, Location, Meeting, MeetingFeedback, Profile

FONT_DIR = Path(korpu.common.__file__).resolve().parent / "fonts"
FONT = "DejaVu"
BRAND = (11, 95, 115)
INK = (20, 33, 43)
MUTED = (91, 107, 119)
WASH = (244, 247, 249)
PRODID = "-//Körpü//Brokerage//EN"
UID_DOMAIN = "korpu"


@dataclass
class AgendaItem:
    meeting: Meeting
    others: list[Profile]
    shown: bool
    feedback: MeetingFeedback | None = None
    over: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def slot(self):
        return self.meeting.slot if self.shown else None

    @property
    def location(self) -> Location | None:
        return self.meeting.location if self.shown else None

    @property
    def video_link(self) -> str:
        return self.meeting.effective_video_link if self.shown and self.meeting.is_virtual else ""


def agenda_items(profile: Profile, *, now=None) -> list[AgendaItem]:
    """The participant's agreed meetings in time order (those without a time last)."""
    now = now or timezone.now()
    items = []
    for meeting in queries.agenda(profile):
        others = [p for p in meeting.participants.all() if p.pk != profile.pk]
        mine = [f for f in meeting.feedback.all() if f.profile_id == profile.pk]
        shown = queries.time_visible(meeting)
        items.append(
            AgendaItem(
                meeting=meeting,
                others=others,
                shown=shown,
                feedback=mine[0] if mine else None,
                over=meeting.slot is not None and meeting.slot.ends_at <= now,
            )
        )
    return items


def _absolute(path: str) -> str:
    return f"{settings.KORPU_SITE_URL}{path}"


def _with_whom(others: list[Profile]) -> str:
    return "; ".join(
        f"{p.display_name} ({p.person.full_name})" if p.organisation_id else p.person.full_name
        for p in others
    )


def _place(item: AgendaItem) -> str:
    location = item.location
    if location is None:
        return ""
    if item.video_link:
        return f"{location.name} · {item.video_link}"
    return str(location.name)


def _status_line(day: BrokerageDay) -> str:
    if day.schedule_status == BrokerageDay.ScheduleStatus.FINAL:
        return _("Final schedule.")
    if day.schedule_status == BrokerageDay.ScheduleStatus.PRELIMINARY:
        return _("Preliminary schedule: times and places may still change.")
    return _("The schedule is not published yet: times are shown for meetings you booked.")


# --- PDF -------------------------------------------------------------------------------------
class _Document(FPDF):
    def __init__(self):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=15)
        self.set_creator("Körpü")
        self.footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text}  ·  {self.page_no()}", align="C")


def agenda_pdf(profile: Profile, *, language: str | None = None, compress: bool = True) -> bytes:
    """The participant's agenda on A4: each meeting's time, place and the other side."""
    day = profile.brokerage_day
    event = day.event
    with translation.override(language or translation.get_language()):
        items = agenda_items(profile)
        pdf = _Document()
        pdf.set_compression(compress)
        title = _("Meeting agenda")
        pdf.set_title(f"{title} · {profile.person.full_name} · {event.title}")
        pdf.footer_text = (
            f"{event.title} · {_absolute(reverse('matchmaking:agenda', args=[event.slug]))}"
        )
        pdf.add_page()

        pdf.set_text_color(*MUTED)
        pdf.set_font(FONT, "", 10)
        pdf.multi_cell(0, 5, str(event.title), new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*BRAND)
        pdf.set_font(FONT, "B", 18)
        pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.set_font(FONT, "B", 12)
        name = profile.person.full_name
        if profile.organisation_id:
            name = f"{name} · {profile.organisation.name}"
        pdf.multi_cell(0, 6, name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(
            0,
            5,
            _("Times in %(zone)s. %(status)s")
            % {"zone": event.time_zone, "status": _status_line(day)},
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)

        pdf.set_text_color(*INK)
        if not items:
            pdf.set_font(FONT, "", 11)
            pdf.multi_cell(0, 6, _("No meetings yet."), new_x="LMARGIN", new_y="NEXT")
            return bytes(pdf.output())

        pdf.set_font(FONT, "", 9.5)
        headings = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=BRAND)
        with pdf.table(
            col_widths=(38, 42, 100),
            text_align="LEFT",
            headings_style=headings,
            line_height=5.5,
            cell_fill_color=WASH,
            cell_fill_mode="ROWS",
            padding=1.5,
        ) as table:
            heading = table.row()
            for text in (_("Time"), _("Place"), _("With")):
                heading.cell(text)
            for item in items:
                row = table.row()
                if item.slot is not None:
                    start = timezone.localtime(item.slot.starts_at, event.zone)
                    end = timezone.localtime(item.slot.ends_at, event.zone)
                    when = "{}\n{}–{}".format(
                        formats.date_format(start, "DATE_FORMAT"),
                        formats.time_format(start, "TIME_FORMAT"),
                        formats.time_format(end, "TIME_FORMAT"),
                    )
                else:
                    when = _("to be announced")
                row.cell(when)
                row.cell(_place(item) or "—")
                row.cell(_with_whom(item.others))
        return bytes(pdf.output())


# --- iCalendar ---------------------------------------------------------------------------------
def agenda_calendar(profile: Profile, *, language: str | None = None) -> bytes:
    """The participant's meetings with a time as calendar entries."""
    day = profile.brokerage_day
    event = day.event
    with translation.override(language or translation.get_language()):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Meetings: %(event)s") % {"event": event.title})
        stamp = timezone.now()
        url = _absolute(reverse("matchmaking:agenda", args=[event.slug]))
        starts = []
        for item in agenda_items(profile):
            if item.slot is None:
                continue
            meeting = item.meeting
            component = VEvent()
            component.add("uid", f"brokerage-meeting-{meeting.pk}@{UID_DOMAIN}")
            component.add("dtstamp", stamp)
            component.add("dtstart", timezone.localtime(item.slot.starts_at, event.zone))
            component.add("dtend", timezone.localtime(item.slot.ends_at, event.zone))
            component.add("last-modified", meeting.updated_at)
            with_whom = _with_whom(item.others)
            component.add(
                "summary", _("Meeting with %(names)s") % {"names": with_whom or _("participants")}
            )
            lines = [
                with_whom,
                _("Place: %(place)s") % {"place": item.location.name} if item.location else "",
                _("Video link: %(url)s") % {"url": item.video_link} if item.video_link else "",
                str(event.title),
                _status_line(day),
                url,
            ]
            component.add("description", "\n\n".join(line for line in lines if line))
            place = _place(item)
            if place:
                component.add("location", place)
            component.add("url", url)
            component.add(
                "status",
                "CONFIRMED"
                if day.schedule_status == BrokerageDay.ScheduleStatus.FINAL
                else "TENTATIVE",
            )
            calendar.add_component(component)
            starts.append(item.slot.starts_at)
        if starts:
            calendar.add_missing_timezones(
                first_date=min(starts).date() - datetime.timedelta(days=366),
                last_date=max(starts).date() + datetime.timedelta(days=366),
            )
        return calendar.to_ical()
