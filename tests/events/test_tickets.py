"""QR codes, badges (one, or four to a page) and the badge downloads."""

import datetime
import re
import zlib

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

from korpu.events import tickets
from korpu.events.models import Registration
from tests import factories as directory
from tests.events.factories import EventFactory, RegistrationFactory, organiser_manager

pytestmark = pytest.mark.django_db


# --- reading what we wrote ------------------------------------------------------------------
def svg_dark_modules(svg: str) -> set[tuple[int, int]]:
    """The (row, column) of every dark module drawn by segno's path, quiet zone removed."""
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    number = r"(-?\d+(?:\.\d+)?)"
    for command, first, second in re.findall(rf"([Mmh]){number}(?: {number})?", path):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            row = int(y - 0.5) - tickets.QUIET_ZONE
            start = int(x) - tickets.QUIET_ZONE
            dark.update((row, start + i) for i in range(int(float(first))))
            x += float(first)
    return dark


def matrix_dark_modules(text: str) -> set[tuple[int, int]]:
    matrix = segno.make(text, error="m", micro=False).matrix
    return {(r, c) for r, row in enumerate(matrix) for c, value in enumerate(row) if value}


def _object(data: bytes, number: int) -> bytes:
    start = data.index(b"\n%d 0 obj\n" % number)
    return data[start : data.index(b"endobj", start)]


def _stream(data: bytes, number: int) -> bytes:
    body = _object(data, number)
    length = int(re.search(rb"/Length (\d+)", body).group(1))
    start = data.index(b"stream\n", data.index(b"\n%d 0 obj\n" % number)) + len(b"stream\n")
    raw = data[start : start + length]
    return zlib.decompress(raw) if b"/FlateDecode" in body.split(b"stream\n")[0] else raw


def _unescape(literal: bytes) -> bytes:
    simple = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def replace(match):
        escaped = match.group(1)
        if escaped[:1].isdigit():
            return bytes([int(escaped, 8)])
        return simple.get(escaped, escaped)

    return re.sub(rb"\\([0-7]{1,3}|.)", replace, literal, flags=re.S)


def pdf_text(data: bytes) -> str:
    """The text of an fpdf2 PDF (compressed or not), one shown string per line, decoded
    through each font's ToUnicode map as a PDF reader would."""
    fonts = {}
    for name, number in set(re.findall(rb"/(F\d+) (\d+) 0 R", data)):
        reference = re.search(rb"/ToUnicode (\d+) 0 R", _object(data, int(number)))
        cmap = _stream(data, int(reference.group(1)))
        mapping = {}
        for block in re.findall(rb"beginbfchar\n(.*?)endbfchar", cmap, re.S):
            for source, target in re.findall(rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block):
                mapping[int(source, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange\n(.*?)endbfrange", cmap, re.S):
            for low, high, target in re.findall(
                rb"<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>", block
            ):
                for code in range(int(low, 16), int(high, 16) + 1):
                    mapping[code] = chr(int(target, 16) + code - int(low, 16))
        fonts[name] = mapping
    lines = []
    for number in sorted({int(n) for n in re.findall(rb"/Contents (\d+) 0 R", data)}):
        content = _stream(data, number)
        font = None
        for selected, literal in re.findall(
            rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", content, re.S
        ):
            if selected:
                font = fonts[selected]
                continue
            raw = _unescape(literal)
            codes = [int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2)]
            lines.append("".join(font.get(code, "?") for code in codes))
    return "\n".join(lines)


def page_count(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


# --- QR codes -------------------------------------------------------------------------------
def test_qr_svg_draws_exactly_the_code_of_the_text():
    code = "Zr4o2R1b0mK_x-Qp8sT3vA"
    svg = tickets.qr_svg(code)
    size = len(segno.make(code, error="m", micro=False).matrix) + 2 * tickets.QUIET_ZONE
    assert svg.startswith(f'<svg role="img" viewBox="0 0 {size} {size}" class="qr">')
    assert svg.endswith("</svg>")
    assert svg_dark_modules(svg) == matrix_dark_modules(code)
    assert svg_dark_modules(svg) != matrix_dark_modules(code[:-1] + "B")
    assert hasattr(svg, "__html__")


def test_qr_svg_is_safe_to_inline():
    svg = tickets.qr_svg('"><script>alert(1)</script>', title="<b>ticket</b>")
    assert "<script" not in svg and "<b>" not in svg
    assert "<title>&lt;b&gt;ticket&lt;/b&gt;</title>" in svg


# --- badges ---------------------------------------------------------------------------------
def _registration(**person):
    person.setdefault("first_name", "Aysel")
    person.setdefault("last_name", "Məmmədova")
    participant = directory.PersonFactory(**person)
    directory.MembershipFactory(
        person=participant,
        organisation=directory.OrganisationFactory(name="Gebze Teknik Üniversitesi"),
    )
    starts = datetime.datetime(2026, 3, 12, 5, 0, tzinfo=datetime.UTC)  # 09:00 in Baku
    event = EventFactory(
        title="Robotics training",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=8),
        time_zone="Asia/Baku",
    )
    return RegistrationFactory(event=event, person=participant)


def test_badge_shows_name_organisation_event_dates_in_its_zone_and_ticket():
    registration = _registration()
    data = tickets.badge_pdf(registration, compress=False)
    assert data.startswith(b"%PDF-")
    assert page_count(data) == 1
    assert pdf_text(data).splitlines() == [
        "Robotics training",
        "March 12, 2026, 9 a.m.–5 p.m.",
        "Aysel Məmmədova",
        "Gebze Teknik Üniversitesi",
        registration.ticket_code,
        "Participant",
    ]


def test_badge_is_written_in_the_participants_language():
    registration = _registration(preferred_language="az")
    registration.event.title_az = "Robototexnika təlimi"
    registration.event.save()
    text = pdf_text(tickets.badge_pdf(registration, compress=False))
    assert text.splitlines()[:2] == ["Robototexnika təlimi", "12 Mart 2026, 9:00–17:00"]


def test_badges_print_four_to_a_page():
    event = EventFactory()
    registrations = [
        RegistrationFactory(event=event, person=directory.PersonFactory(last_name=f"Əliyev{i}"))
        for i in range(5)
    ]
    data = tickets.badges_pdf(registrations, compress=False)
    assert page_count(data) == 2
    names = {r.person.full_name for r in registrations}
    shown = [line for line in pdf_text(data).splitlines() if line in names]
    assert shown == [r.person.full_name for r in registrations]


# --- downloads --------------------------------------------------------------------------------
def _badge_url(event, registration=None):
    url = reverse("events:badge", args=[event.slug])
    return f"{url}?registration={registration.pk}" if registration else url


def test_participant_downloads_their_own_badge(client):
    registration = _registration()
    client.force_login(registration.person)
    response = client.get(_badge_url(registration.event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert "Aysel Məmmədova" in pdf_text(response.content).splitlines()


def test_no_badge_without_a_confirmed_registration(client):
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED, confirmed_at=None)
    client.force_login(registration.person)
    assert client.get(_badge_url(registration.event)).status_code == 404


def test_organisers_print_anyones_badge_but_participants_do_not(client):
    registration = _registration()
    other = RegistrationFactory(event=registration.event)
    client.force_login(organiser_manager(registration.event))
    response = client.get(_badge_url(registration.event, registration))
    assert response.status_code == 200
    assert "Aysel Məmmədova" in pdf_text(response.content).splitlines()
    client.force_login(other.person)
    assert client.get(_badge_url(registration.event, registration)).status_code == 403


def test_all_badges_for_organisers_only(client):
    event = EventFactory()
    first, second = RegistrationFactory.create_batch(2, event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    url = reverse("events:badges", args=[event.slug])
    client.force_login(first.person)
    assert client.get(url).status_code == 403
    client.force_login(organiser_manager(event))
    response = client.get(url)
    assert response.status_code == 200
    names = {first.person.full_name, second.person.full_name}
    shown = [line for line in pdf_text(response.content).splitlines() if line in names]
    expected = sorted([first, second], key=lambda r: (r.person.last_name, r.person.first_name))
    assert shown == [r.person.full_name for r in expected]


def test_badges_of_an_event_without_confirmed_registrations_say_so(client):
    event = EventFactory()
    client.force_login(organiser_manager(event))
    response = client.get(reverse("events:badges", args=[event.slug]), follow=True)
    assert response.redirect_chain == [(reverse("events:checkin", args=[event.slug]), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "There are no confirmed registrations to print badges for."
    ]


def test_badge_page_needs_signing_in(client):
    event = EventFactory()
    response = client.get(_badge_url(event))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_event_dates_of_a_multi_day_event():
    starts = timezone.make_aware(datetime.datetime(2026, 5, 4, 9), timezone=datetime.UTC)
    event = EventFactory.build(
        starts_at=starts, ends_at=starts + datetime.timedelta(days=2), time_zone="Europe/Istanbul"
    )
    assert tickets.event_dates(event) == "May 4, 2026 – May 6, 2026"
