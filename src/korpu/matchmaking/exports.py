"""A brokerage day's figures and meetings as CSV or XLSX rows, for the organisers.

``statistics_rows`` is one table: the totals, then a row per country and per sector
(requests, agreed, scheduled and realised meetings, and those where cooperation is
possible, as :func:`korpu.matchmaking.queries.brokerage_statistics` counts them), then
the feedback answers per outcome. ``meeting_rows`` lists every meeting with its time,
place, participants and their feedback. Headings and labels are in the language asked
for, times are local times of the event (the heading names the zone). Writing the files
(CSV with a byte-order mark and formula-safe cells, XLSX with openpyxl) is shared with the
event exports: :func:`korpu.events.exports.csv_stream` and
:func:`korpu.events.exports.xlsx_file`.
"""

from collections.abc import Iterator

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from korpu.events.exports import FORMATS, csv_stream, download, xlsx_file

from . import queries
from .models import BrokerageDay, MeetingFeedback

__all__ = ["FORMATS", "csv_stream", "download", "meeting_rows", "statistics_rows", "xlsx_file"]

MEASURES = ("profiles", "requested", "accepted", "scheduled", "realised", "cooperation_possible")


def _measure_headings() -> list[str]:
    return [
        _("Participants"),
        _("Meeting requests"),
        _("Meetings agreed"),
        _("Meetings scheduled"),
        _("Meetings realised"),
        _("Cooperation possible"),
    ]


def statistics_rows(day: BrokerageDay, *, language: str) -> Iterator[list]:
    with translation.override(language):
        figures = queries.brokerage_statistics(day)
        yield [
            _("Group"),
            _("Code"),
            _("Name"),
            *_measure_headings(),
            _("Feedback answers"),
        ]
        totals = figures["totals"]
        yield [_("total"), "", str(day.event.title), *(totals[m] for m in MEASURES), ""]
        for row in figures["by_country"]:
            yield [
                _("country"),
                row["country"],
                row["country_name"] or _("unknown"),
                *(row[m] for m in MEASURES),
                "",
            ]
        for row in figures["by_sector"]:
            yield [_("sector"), row["sector"], row["sector_name"], *(row[m] for m in MEASURES), ""]
        for row in figures["outcomes"]:
            yield [
                _("feedback"),
                row["outcome"],
                row["label"],
                *([""] * len(MEASURES)),
                row["count"],
            ]


def _local(value, zone):
    if value is None:
        return None
    return timezone.localtime(value, zone).replace(tzinfo=None, microsecond=0)


def meeting_rows(day: BrokerageDay, *, language: str) -> Iterator[list]:
    zone = day.zone
    with translation.override(language):
        outcomes = dict(MeetingFeedback.Outcome.choices)
        yield [
            _("Meeting"),
            _("Status"),
            _("Starts (%(zone)s)") % {"zone": day.event.time_zone},
            _("Ends (%(zone)s)") % {"zone": day.event.time_zone},
            _("Place"),
            _("Participants"),
            _("Organisations"),
            _("Countries"),
            _("Placed by"),
            _("Locked"),
            _("Feedback"),
        ]
        for meeting in queries.meetings_of_day(day).iterator(chunk_size=500):
            people = list(meeting.participants.all())
            by_profile = {p.pk: p for p in people}
            feedback = "; ".join(
                f"{by_profile[f.profile_id].display_name if f.profile_id in by_profile else ''}: "
                f"{outcomes.get(f.outcome, f.outcome)}" + (f" ({f.comment})" if f.comment else "")
                for f in meeting.feedback.all()
            )
            yield [
                meeting.pk,
                meeting.get_status_display(),
                _local(meeting.slot.starts_at, zone) if meeting.slot else None,
                _local(meeting.slot.ends_at, zone) if meeting.slot else None,
                meeting.location.name if meeting.location else "",
                "; ".join(p.person.full_name for p in people),
                "; ".join(p.organisation.name for p in people if p.organisation_id),
                "; ".join(sorted({p.country for p in people if p.country})),
                meeting.get_placed_by_display() if meeting.placed_by else "",
                _("yes") if meeting.locked else _("no"),
                feedback,
            ]
