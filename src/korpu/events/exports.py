"""Participant and attendance lists as CSV or XLSX, and an event's statistics.

Rows are produced lazily, a thousand registrations per query, so a 10,000-person event
streams as CSV without holding the list in memory; XLSX is written by openpyxl's
write-only mode into a temporary file. Headings and values are in the language asked
for; times are in the event's zone.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, and
participants type their own names and answers: in CSV such a cell is prefixed with a
quote (OWASP's advice); in XLSX it is stored with the string type, which is never
evaluated.
"""

import csv
import datetime
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator

from django.db.models import Count, OuterRef, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from korpu.common.i18n import country_name
from korpu.directory.models import Membership, Organisation, Person

from . import checkin
from .models import CheckIn, Event, Question, Registration, Session

Status = Registration.Status
FORMATS = ("csv", "xlsx")
CHUNK = 1000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --- values --------------------------------------------------------------------------------
def _local(value: datetime.datetime | None, event: Event) -> datetime.datetime | None:
    """A naive local time: spreadsheets have no time zones, the heading names the zone."""
    if value is None:
        return None
    return timezone.localtime(value, event.zone).replace(tzinfo=None, microsecond=0)


def answer_text(question: Question, value) -> object:
    """An answer as a spreadsheet shows it: numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _first_organisations(person_ids) -> dict[int, tuple[str, str]]:
    """Each person's first organisation (the membership they have had longest), as its
    (name, kind)."""
    first: dict[int, tuple[str, str]] = {}
    memberships = (
        Membership.objects.filter(person_id__in=person_ids)
        .order_by("person_id", "created_at", "id")
        .values_list("person_id", "organisation__name", "organisation__kind")
    )
    for person_id, name, kind in memberships:
        first.setdefault(person_id, (name, kind))
    return first


def _chunks(queryset) -> Iterator[list[dict]]:
    """The rows (dicts with a ``pk``) of ``queryset`` a chunk at a time, by keyset: no
    model instances, no OFFSET that slows down towards the end."""
    last = 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def _questions(event: Event) -> list[Question]:
    return list(event.questions.filter(form=Question.Form.REGISTRATION).order_by("position", "pk"))


# --- the participant list ------------------------------------------------------------------
def registration_rows(event: Event, *, language: str) -> Iterator[list]:
    """The heading, then one row per registration (every status), in id order."""
    with translation.override(language):
        questions = _questions(event)
        yield [
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Status"),
            _("Registered (%(zone)s)") % {"zone": event.time_zone},
            _("Confirmed (%(zone)s)") % {"zone": event.time_zone},
            _("Country"),
            _("Organisation"),
            _("Checked in (%(zone)s)") % {"zone": event.time_zone},
            *(question.label for question in questions),
        ]
    entrance = CheckIn.objects.filter(registration=OuterRef("pk"), session__isnull=True)
    registrations = (
        Registration.objects.filter(event=event)
        .annotate(entrance_at=Subquery(entrance.values("checked_in_at")[:1]))
        .values(
            "pk",
            "person_id",
            "status",
            "created_at",
            "confirmed_at",
            "answers",
            "entrance_at",
            "person__first_name",
            "person__last_name",
            "person__email",
            "person__country",
        )
    )
    with translation.override(language):
        statuses = {value: str(label) for value, label in Status.choices}
        countries = {}
    for chunk in _chunks(registrations):
        organisations = _first_organisations([row["person_id"] for row in chunk])
        with translation.override(language):
            for row in chunk:
                country = row["person__country"]
                if country not in countries:
                    countries[country] = country_name(country)
                organisation = organisations.get(row["person_id"])
                answers = row["answers"] or {}
                yield [
                    row["person__first_name"],
                    row["person__last_name"],
                    row["person__email"],
                    statuses.get(row["status"], row["status"]),
                    _local(row["created_at"], event),
                    _local(row["confirmed_at"], event),
                    countries[country],
                    organisation[0] if organisation else "",
                    _local(row["entrance_at"], event),
                    *(answer_text(q, answers.get(str(q.pk))) for q in questions),
                ]


# --- attendance ------------------------------------------------------------------------------
def attendance_rows(event: Event, *, language: str) -> Iterator[list]:
    """The heading, then one row per confirmed person: the entrance check-in, each
    session's check-in (its time) and the attendance percentage (the certificates' rule,
    :mod:`korpu.events.checkin`)."""
    sessions = list(event.sessions.order_by("starts_at", "id"))
    with translation.override(language):
        yield [
            _("First name"),
            _("Last name"),
            _("E-mail address"),
            _("Entrance (%(zone)s)") % {"zone": event.time_zone},
            *(f"{s.title} ({_local(s.starts_at, event):%Y-%m-%d %H:%M})" for s in sessions),
            _("Attendance (%)"),
        ]
    confirmed = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    ids = list(confirmed.values_list("pk", flat=True))
    percents = checkin.attendance_for(event, ids) if ids else {}
    people = confirmed.values("pk", "person__first_name", "person__last_name", "person__email")
    for chunk in _chunks(people):
        times: dict[int, dict[int | None, datetime.datetime]] = defaultdict(dict)
        for registration_id, session_id, at in CheckIn.objects.filter(
            registration__in=[row["pk"] for row in chunk]
        ).values_list("registration_id", "session_id", "checked_in_at"):
            times[registration_id][session_id] = at
        for row in chunk:
            seen = times.get(row["pk"], {})
            yield [
                row["person__first_name"],
                row["person__last_name"],
                row["person__email"],
                _local(seen.get(None), event),
                *(_local(seen.get(s.pk), event) for s in sessions),
                percents[row["pk"]][2] if row["pk"] in percents else 0,
            ]


# --- writing the files -------------------------------------------------------------------------
def csv_cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_stream(rows) -> Iterator[str]:
    """CSV lines one at a time, after a byte-order mark so spreadsheet programs read the
    file as UTF-8 (ə, ğ, ı)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


def xlsx_file(rows, *, sheet: str):
    """A temporary file holding the workbook, positioned at its start."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            # Plain values are written as they are (fast); a text openpyxl would take for a
            # formula gets the string type, the heading a bold font.
            if index == 0 or (isinstance(value, str) and value.startswith("=")):
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                if index == 0:
                    cell.font = bold
                value = cell
            cells.append(value)
        worksheet.append(cells)
    handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the response closes it)
    workbook.save(handle)
    handle.seek(0)
    return handle


def download(rows, *, filename: str, fmt: str, sheet: str):
    """The rows as a private CSV or XLSX download (``fmt`` one of FORMATS)."""
    if fmt == "csv":
        response = StreamingHttpResponse(csv_stream(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(
            xlsx_file(rows, sheet=sheet),
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- statistics ------------------------------------------------------------------------------
AGE_GROUPS = (
    ("under_18", None, 17),
    ("18_29", 18, 29),
    ("30_44", 30, 44),
    ("45_plus", 45, None),
)
YOUTH_UNDER = 30


def age_group_labels() -> dict[str, str]:
    return {
        "under_18": _("under 18"),
        "18_29": _("18–29"),
        "30_44": _("30–44"),
        "45_plus": _("45 and over"),
        "unknown": _("not given"),
    }


def age_group(age: int | None) -> str:
    if age is None:
        return "unknown"
    for key, low, high in AGE_GROUPS:
        if (low is None or age >= low) and (high is None or age <= high):
            return key
    return "unknown"


def _ordered(counter: Counter, labels: dict[str, str], *, keep_order=False) -> list[tuple]:
    """(key, label, count) rows: most first (or in ``labels``' order), zeros left out."""
    rows = [(key, labels.get(key, key), counter[key]) for key in labels if counter[key]]
    rows += [(key, key, n) for key, n in counter.items() if key not in labels and n]
    if not keep_order:
        rows.sort(key=lambda row: (-row[2], row[1]))
    return rows


def statistics(event: Event) -> dict:
    """Figures for the organisers' statistics page.

    Who is counted: every registration for the status figures; the people with an active
    registration (confirmed, waiting, awaiting approval, offered) for the others. Gender
    and age count only people who consented to statistics; the age is the one reached in
    the year the event starts.
    """
    by_status = Counter(
        dict(
            Registration.objects.filter(event=event)
            .values_list("status")
            .annotate(n=Count("id"))
            .values_list("status", "n")
        )
    )
    active = Registration.objects.filter(event=event, status__in=Registration.ACTIVE)
    people = list(
        Person.objects.filter(pk__in=active.values("person_id")).values_list(
            "pk", "country", "gender", "birth_year", "statistics_consent_at"
        )
    )
    countries, genders, ages, kinds = Counter(), Counter(), Counter(), Counter()
    organisations = _first_organisations([p[0] for p in people])
    consented = 0
    year = timezone.localtime(event.starts_at, event.zone).year
    for pk, country, gender, birth_year, consent_at in people:
        countries[country or "unknown"] += 1
        organisation = organisations.get(pk)
        kinds[organisation[1] if organisation else "none"] += 1
        if consent_at is None:
            continue
        consented += 1
        genders[gender or "unknown"] += 1
        ages[age_group(year - birth_year if birth_year else None)] += 1

    not_given = _("not given")
    country_labels = {code: country_name(code) for code in countries if code != "unknown"}
    country_labels["unknown"] = not_given
    gender_labels = {**dict(Person.Gender.choices), "unknown": not_given}
    kind_labels = {**dict(Organisation.Kind.choices), "none": _("no organisation")}

    confirmed = by_status[Status.CONFIRMED]
    attended = (
        CheckIn.objects.filter(registration__event=event, registration__status=Status.CONFIRMED)
        .values("registration_id")
        .distinct()
        .count()
    )
    return {
        "total": sum(by_status.values()),
        "active": len(people),
        "consented": consented,
        "youth": sum(ages[key] for key in ("under_18", "18_29")),
        "by_status": [(status.value, status.label, by_status[status.value]) for status in Status],
        "by_country": _ordered(countries, country_labels),
        "by_gender": _ordered(genders, gender_labels, keep_order=True),
        "by_age": _ordered(ages, age_group_labels(), keep_order=True),
        "by_kind": _ordered(kinds, kind_labels),
        "over_time": registrations_over_time(event),
        "confirmed": confirmed,
        "attended": attended,
        "attendance_rate": attended / confirmed if confirmed else None,
        "by_session": session_attendance(event),
    }


def registrations_over_time(event: Event) -> list[tuple[datetime.date, int]]:
    """Cumulative registrations (every status) at the end of each day, in the event's
    zone, from the first registration to the last; by week (Mondays) beyond 92 days."""
    days = Counter(
        timezone.localtime(created, event.zone).date()
        for created in Registration.objects.filter(event=event).values_list("created_at", flat=True)
    )
    if not days:
        return []
    first, last = min(days), max(days)
    step = datetime.timedelta(days=1)
    if (last - first).days > 92:
        weekly = Counter()
        for day, n in days.items():
            weekly[day - datetime.timedelta(days=day.weekday())] += n
        days, step = weekly, datetime.timedelta(days=7)
        first, last = min(days), max(days)
    points, running, day = [], 0, first
    while day <= last:
        running += days.get(day, 0)
        points.append((day, running))
        day += step
    return points


def session_attendance(event: Event) -> list[tuple[Session, int]]:
    confirmed_check_ins = CheckIn.objects.filter(
        session=OuterRef("pk"), registration__status=Status.CONFIRMED
    )
    sessions = event.sessions.order_by("starts_at", "id").annotate(
        attended=Subquery(
            confirmed_check_ins.values("session").annotate(n=Count("id")).values("n")[:1]
        )
    )
    return [(session, session.attended or 0) for session in sessions]
