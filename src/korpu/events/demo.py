"""Demo events held under the 2020 memorandum between the Innovation Agency of Azerbaijan
and GOSB Teknopark: joint conferences, trainings, a seminar and two youth campuses, with
registrations, waiting lists, attendance, certificates and judging.

:func:`load_events_demo` runs after the directory and programmes demos (it uses their
organisations, parks and people) and is idempotent in the same way: every row has a
natural key, and a second run writes nothing.

What it holds (all organised by the Agency and GOSB Teknopark together, some with a host):

- **Azerbaijan–Türkiye Innovation Conference, Gebze** (past): two days at GOSB Teknopark,
  two tracks, three rooms, twelve talks with speakers from the directory and guests,
  124 registrations from both countries (six cancelled), entrance and session check-ins,
  and a feedback survey with 40 responses.
- **… Baku** (upcoming): agenda published, registration open. It had a waiting list until
  the organisers raised the places from 120 to 150 (``services.set_capacity`` promoted
  everyone waiting); a robotics workshop takes sign-ups (20 seats).
  ``specialist@korpu.example`` is registered with a workshop seat.
- **Laser cutting safety training** (past, Baku): six sessions, check-ins per session;
  certificates (``checkin.issue_certificates``) went to the eleven people with at least
  80% attendance and granted the directory qualification "Laser cutter safety".
- **Industrial robot programming** (upcoming, Gebze): full, with a waiting list. Someone
  cancelled (``services.cancel_registration``), so the first person waiting has a place
  on offer for 48 hours; ``specialist@korpu.example`` is fourth in line.
- **Technology licensing clinic** (upcoming, online): organisers approve registrations;
  five await a decision, one of them ``company.member@korpu.example``.
- **High Technologies Park tenant briefing** (upcoming, by invitation only): fourteen
  invitations (``services.invite``), five used; ``company.admin@korpu.example`` has an
  unused one.
- **Karabakh Youth Campus, Shusha** (past): four challenges posed by the Agency, GOSB
  Teknopark and two Azerbaijani companies, eight ideas, five teams with open roles, join
  requests, mentor slots, five projects scored by three judges against four weighted
  criteria, results published (``campus.publish_results``) and the winning idea chosen
  for implementation with its follow-up (``campus.set_idea_chosen``, ``record_followup``).
- **Youth Campus Ganja** (ended the day before): four projects handed in, judges assigned
  by ``campus.assign_judges`` (conflicts of interest excluded); two judges have scored
  (``campus.score_project``) and ``reviewer@korpu.example`` has three projects to score.

``programme.manager@korpu.example`` (the Agency) and ``park.manager@korpu.example`` (GOSB
Teknopark) manage every event. A hundred and sixty invented participants from both
countries (students, employees of the demo companies, freelancers; not listed in the
public directory) fill the registrations.

Each event's dates follow the day it was first loaded (its ``created_at``), so loading
again later changes nothing and the demo ages like real data. To move an event to today,
delete it and load again. Texts and settings (events, tracks, rooms, sessions, speakers,
questions, surveys, challenges, judging criteria) are restored when edited; the places,
status and published results of an event are left alone (changing them is a workflow).
An event's registrations, with everything that follows from them (seats, invitations,
check-ins, certificates, survey responses), are made together, only while it has none;
so are a campus's ideas, teams, mentor slots, projects, judges and scores. Steps that a
person or an organiser takes now go through the services; history (registrations made
weeks ago, check-ins at past sessions, past judging) is written as the services would
have written it then, with its dates.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from korpu.common import audit
from korpu.directory.demo import (
    MEMORANDUM_SLUG,
    SEED,
    SHOWCASE_COMPANY_SLUG,
    DemoResult,
    Tally,
    _email,
    _short_name,
    az_startups,
    gosb_companies,
    people,
)
from korpu.directory.models import (
    Membership,
    Organisation,
    Park,
    Partnership,
    Person,
    Qualification,
    Residency,
    Site,
)
from korpu.programs.demo import _i18n, _Sync, _t

from . import campus, checkin, services
from .models import (
    Certificate,
    Challenge,
    CheckIn,
    Event,
    Idea,
    Invitation,
    JoinRequest,
    Judge,
    JudgeAssignment,
    JudgingCriterion,
    MentorSlot,
    Question,
    Registration,
    Room,
    Session,
    SessionSeat,
    Speaker,
    Submission,
    Survey,
    SurveyResponse,
    Team,
    TeamMember,
    Track,
)

GEBZE_CONFERENCE = "azerbaijan-turkiye-innovation-conference-gebze"
BAKU_CONFERENCE = "azerbaijan-turkiye-innovation-conference-baku"
LASER_TRAINING = "laser-cutting-safety-training"
ROBOT_TRAINING = "industrial-robot-programming-training"
LICENSING_CLINIC = "technology-licensing-clinic"
HTP_BRIEFING = "high-technologies-park-tenant-briefing"
SHUSHA_CAMPUS = "karabakh-youth-campus-shusha"
GANJA_CAMPUS = "youth-campus-ganja-agritech"

AGENCY, GOSB = "innovation-agency", "gosb-teknopark"
ISTANBUL, BAKU = "Europe/Istanbul", "Asia/Baku"
MANAGER = "programme.manager@korpu.example"
PARK_MANAGER = "park.manager@korpu.example"
COORDINATOR = "gunel.safarova@innovation-agency.example"
AGENCY_ADMIN = "agency.admin@korpu.example"
SPECIALIST = "specialist@korpu.example"
COMPANY_ADMIN = "company.admin@korpu.example"
COMPANY_MEMBER = "company.member@korpu.example"
JUDGE = "reviewer@korpu.example"

Kind = Event.Kind
Q = Question.Kind
Status = Registration.Status

SHUSHA_SITE = "Shusha campus (temporary premises)"
LASER_QUALIFICATION = _t(
    "Laser cutter safety", "Lazer kəsici ilə təhlükəsiz iş", "Lazer kesici güvenliği"
)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, "events", *parts))))


# --- participants -----------------------------------------------------------------------
AZ_MEN = [
    "Elvin", "Tural", "Nihad", "Ramin", "Orxan", "Emin", "Ceyhun", "Nicat", "Fərid", "Zaur",
    "Anar", "Vüsal", "Samir", "İlkin", "Elnur", "Ruslan", "Hüseyn", "Ülvi", "Kənan", "Taleh",
    "Fuad", "Əli", "Rüstəm", "Eltun", "Sənan", "Mahir", "Fərhad", "Yusif", "Xəyal", "Rəsul",
]  # fmt: skip
AZ_WOMEN = [
    "Aygün", "Nərmin", "Günay", "Leyla", "Səbinə", "Aytac", "Könül", "Nigar", "Fidan", "Aysu",
    "Lamiyə", "Sevda", "Zəhra", "Gülnar", "Şəbnəm", "Türkan", "Məryəm", "İlahə", "Vüsalə",
    "Nuray", "Ləman", "Sara", "Xəyalə", "Rəna", "Ayan", "Nilufər", "Gülər", "Arzu", "Ülkər",
    "Aynurə",
]  # fmt: skip
AZ_SURNAMES = [
    "Məmmədov", "Əliyev", "Həsənov", "Hüseynov", "Quliyev", "İsmayılov", "Abdullayev",
    "Rzayev", "Cəfərov", "Bağırov", "Kazımov", "Əsədov", "Orucov", "Sadıqov", "Nəbiyev",
    "Kərimov", "Vəliyev", "Mustafayev", "Rəhimov", "Qarayev", "Məmmədli", "Həsənli",
    "Əhmədli", "Əlizadə", "Səfərli", "Nağıyev", "Zeynalov", "Şükürov", "Allahverdiyev",
    "Novruzov",
]  # fmt: skip
TR_MEN = [
    "Ahmet", "Mehmet", "Mustafa", "Emre", "Burak", "Can", "Kerem", "Oğuzhan", "Yusuf",
    "Furkan", "Berk", "Eren", "Alper", "Onur", "Umut", "Tolga", "Cem", "Baran", "Arda", "Efe",
    "Kaan", "Hakan", "Serdar", "Murat", "Batuhan", "Emir", "Halil", "Kadir", "Sinan", "Yiğit",
]  # fmt: skip
TR_WOMEN = [
    "Elif", "Zeynep", "Merve", "Büşra", "Ayşe", "Fatma", "Esra", "Ceren", "İrem", "Selin",
    "Gamze", "Tuğçe", "Damla", "Ebru", "Seda", "Nazlı", "Defne", "Ezgi", "Yağmur", "Buse",
    "Kübra", "Hande", "Melis", "Sinem", "Pelin", "Aslı", "Özge", "Dilara", "Şeyma", "Beyza",
]  # fmt: skip
TR_SURNAMES = [
    "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
    "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt", "Özkan",
    "Şimşek", "Polat", "Erdem", "Güler", "Tekin", "Acar", "Bulut", "Korkmaz", "Uysal", "Akın",
    "Ekinci",
]  # fmt: skip

# University slug: (city, [(title of the student, expertise)])
UNIVERSITIES = {
    "ada-university": (
        "Baku",
        [
            ("BSc student in Computer Science", "python, web development, algorithms"),
            ("MSc student in Data Science", "machine learning, statistics, python"),
            ("BSc student in Business Informatics", "product management, SQL, UX"),
        ],
    ),
    "azerbaijan-technical-university": (
        "Baku",
        [
            ("BSc student in Mechatronics", "robotics, PLC programming, CAD"),
            ("BSc student in Electrical Engineering", "power electronics, solar energy, IoT"),
            ("MSc student in Computer Engineering", "embedded systems, computer vision"),
        ],
    ),
    "sumgait-state-university": (
        "Sumgait",
        [
            ("BSc student in Chemical Engineering", "process control, polymers, lab analysis"),
            ("MSc student in Energy Engineering", "renewable energy, energy efficiency"),
        ],
    ),
    "gebze-technical-university": (
        "Gebze",
        [
            ("BSc student in Computer Engineering", "computer vision, deep learning, python"),
            ("BSc student in Electronics Engineering", "embedded C, FPGA, sensors"),
            ("MSc student in Mechanical Engineering", "mechatronics, 3D printing, CAD"),
            ("BSc student in Industrial Design", "product design, 3D modelling, prototyping"),
        ],
    ),
}
UNIVERSITY_NAMES = {
    "ada-university": "ADA University",
    "azerbaijan-technical-university": "Azerbaijan Technical University",
    "sumgait-state-university": "Sumgait State University",
    "gebze-technical-university": "Gebze Technical University",
}
JOBS = [
    ("Software Engineer", "software engineering, python, cloud"),
    ("Embedded Software Developer", "embedded C, RTOS, microcontrollers"),
    ("Automation Engineer", "PLC programming, industrial automation, SCADA"),
    ("Data Analyst", "SQL, data visualisation, python"),
    ("Electronics Engineer", "PCB design, power electronics, testing"),
    ("R&D Engineer", "prototyping, product development, project management"),
    ("Product Manager", "product management, customer research, agile"),
    ("Mechanical Design Engineer", "CAD, mechanical design, 3D printing"),
]
FREELANCE = [
    ("Freelance web developer", "web development, JavaScript, design"),
    ("Recent graduate in mechanical engineering", "CAD, manufacturing, 3D printing"),
    ("Junior UX designer", "user research, prototyping, Figma"),
    ("Maker and electronics hobbyist", "Arduino, 3D printing, IoT"),
    ("Recent graduate in economics", "market research, data analysis, Excel"),
]
AZ_TOWNS = ["Baku", "Baku", "Ganja", "Sumgait", "Lankaran", "Mingachevir", "Shaki", "Shusha"]
TR_TOWNS = ["Istanbul", "Istanbul", "Kocaeli", "Gebze", "Ankara", "Bursa", "Sakarya", "Izmir"]
PARTICIPANT_COUNT = 160  # half from each country
JOINED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ParticipantSpec:
    email: str
    first_name: str
    last_name: str
    country: str
    city: str
    languages: tuple[str, ...]
    preferred_language: str
    headline: str
    expertise: str
    born: int
    gender: str  # "" without consent to statistics
    consent: bool
    organisation: str = ""  # slug of the one membership, if any
    title: str = ""
    is_student: bool = False

    @property
    def young(self) -> bool:
        return self.born >= 1997


def _female_surname(surname: str) -> str:
    return surname + "a" if surname.endswith(("ov", "ev")) else surname


def participants() -> list[ParticipantSpec]:
    """The invented participants; the same list every time (seeded)."""
    rng = _rng("participants")
    gosb, startups = gosb_companies(), az_startups()
    directory_people = people(gosb, startups)
    taken_emails = {p.email for p in directory_people}
    taken_names = {(p.first_name, p.last_name) for p in directory_people}
    employers = {
        "TR": [
            c
            for c in gosb
            if c.is_public
            and c.status == Residency.Status.ACTIVE
            and c.slug != SHOWCASE_COMPANY_SLUG
        ],
        "AZ": [c for c in startups if c.status == Residency.Status.ACTIVE],
    }
    names = {"AZ": (AZ_MEN, AZ_WOMEN, AZ_SURNAMES), "TR": (TR_MEN, TR_WOMEN, TR_SURNAMES)}
    universities = {
        "AZ": ["ada-university", "azerbaijan-technical-university", "sumgait-state-university"],
        "TR": ["gebze-technical-university"],
    }
    specs = []
    for index in range(PARTICIPANT_COUNT):
        country = "AZ" if index % 2 == 0 else "TR"
        men, women, surnames = names[country]
        female = rng.random() < 0.45
        while True:
            first = rng.choice(women if female else men)
            last = rng.choice(surnames)
            if female:
                last = _female_surname(last)
            if (first, last) not in taken_names:
                taken_names.add((first, last))
                break
        kind = rng.choices(["student", "employee", "freelance"], weights=[45, 38, 17])[0]
        organisation = title = ""
        if kind == "student":
            organisation = rng.choice(universities[country])
            city, courses = UNIVERSITIES[organisation]
            title, expertise = rng.choice(courses)
            born = rng.randint(2000, 2006)
            domain = "mail.example"
            where = UNIVERSITY_NAMES[organisation]
        elif kind == "employee":
            company = rng.choice(employers[country])
            organisation, city = company.slug, company.city
            title, expertise = rng.choice(JOBS)
            born = rng.randint(1984, 2000)
            domain = f"{company.slug}.example"
            where = _short_name(company.name)
        else:
            title, expertise = rng.choice(FREELANCE)
            city = rng.choice(AZ_TOWNS if country == "AZ" else TR_TOWNS)
            born = rng.randint(1993, 2003)
            domain, where = "mail.example", ""
        email, number = _email(first, last, domain), 2
        while email in taken_emails:
            local, _, host = _email(first, last, domain).partition("@")
            email, number = f"{local}{number}@{host}", number + 1
        taken_emails.add(email)
        consent = rng.random() < 0.85
        gender = ""
        if consent:
            gender = "undisclosed" if rng.random() < 0.03 else ("female" if female else "male")
        if country == "AZ":
            languages = ("az", "en", "tr", "ru") if rng.random() < 0.4 else ("az", "en", "ru")
        else:
            languages = ("tr", "en", "az") if rng.random() < 0.15 else ("tr", "en")
        specs.append(
            ParticipantSpec(
                email=email,
                first_name=first,
                last_name=last,
                country=country,
                city=city,
                languages=languages,
                preferred_language="en" if rng.random() < 0.1 else country.lower(),
                headline=f"{title}, {where}" if where else title,
                expertise=expertise,
                born=born,
                gender=gender,
                consent=consent,
                organisation=organisation,
                title=title,
                is_student=kind == "student",
            )
        )
    return specs


# --- events -----------------------------------------------------------------------------
Speakers = tuple[str | tuple[str, str], ...]  # e-mail addresses, or (guest, affiliation)


@dataclass(frozen=True)
class SessionSpec:
    when: tuple[int, str, str]  # (days after the event's first day, local start, end)
    title: dict[str, str]
    speakers: Speakers = ()
    room: int = 0
    track: int | None = None
    counts: bool = True  # counts for attendance (breaks do not)
    capacity: int | None = None


@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    label: dict[str, str]
    required: bool = True
    help_text: dict[str, str] = field(default_factory=lambda: _t("", "", ""))


@dataclass(frozen=True)
class SurveySpec:
    opens: tuple[int, str]
    closes: tuple[int, str]
    intro: dict[str, str]
    questions: list[QuestionSpec]


@dataclass(frozen=True)
class EventSpec:
    slug: str
    kind: str
    organisers: tuple[str, ...]
    title: dict[str, str]
    summary: dict[str, str]
    description: dict[str, str]
    venue_details: dict[str, str]
    zone: str
    languages: tuple[str, ...]
    starts: tuple[int, str]  # (day relative to the anchor, local time)
    ends: tuple[int, str]
    registration_opens: tuple[int, str]
    registration_closes: tuple[int, str]
    site: tuple[str, str] | None = None  # (park slug, site name)
    online_url: str = ""
    visibility: str = Event.Visibility.PUBLIC
    capacity: int | None = None  # when the event is created; organisers may change it
    cancellation_deadline: tuple[int, str] | None = None
    requires_approval: bool = False
    waitlist_enabled: bool = True
    offer_hours: int | None = None
    reminder_hours: tuple[int, ...] = ()
    certificate_min_attendance: int | None = None
    grants_qualification: bool = False
    submissions_close: tuple[int, str] | None = None
    tracks: tuple[tuple[dict[str, str], str], ...] = ()  # (name, colour)
    rooms: tuple[dict[str, str], ...] = ()
    sessions: tuple[SessionSpec, ...] = ()
    questions: tuple[QuestionSpec, ...] = ()
    survey: SurveySpec | None = None


BREAK = _t("Coffee break", "Qəhvə fasiləsi", "Kahve arası")
LUNCH = _t("Lunch", "Nahar", "Öğle yemeği")
WELCOME = _t(
    "Registration and welcome coffee",
    "Qeydiyyat və qarşılama qəhvəsi",
    "Kayıt ve karşılama kahvesi",
)
DIET = QuestionSpec(
    Q.TEXT,
    _t(
        "Dietary needs or allergies",
        "Qida məhdudiyyətləri və ya allergiyalar",
        "Beslenme tercihleri veya alerjiler",
    ),
    required=False,
    help_text=_t(
        "Lunch and coffee are served on both days.",
        "Hər iki gün nahar və qəhvə təqdim olunur.",
        "Her iki gün de öğle yemeği ve kahve ikramı yapılır.",
    ),
)
LISTED = QuestionSpec(
    Q.YES_NO,
    _t(
        "May we show your name and organisation in the list of participants?",
        "Adınızı və təşkilatınızı iştirakçıların siyahısında göstərə bilərikmi?",
        "Adınızı ve kurumunuzu katılımcı listesinde gösterebilir miyiz?",
    ),
)
HOPES = QuestionSpec(
    Q.LONG_TEXT,
    _t(
        "What do you hope to take away from the conference?",
        "Konfransdan nə əldə etməyi gözləyirsiniz?",
        "Konferanstan ne kazanmayı umuyorsunuz?",
    ),
    required=False,
)
SKILLS = QuestionSpec(
    Q.TEXT,
    _t(
        "What skills do you bring to a team?",
        "Komandaya hansı bacarıqlarla töhfə verə bilərsiniz?",
        "Bir takıma hangi becerileri katabilirsiniz?",
    ),
)

GEBZE_SITE = ("gosb-teknopark", "GOSB Teknopark Campus")
BAKU_SITE = ("baku-innovation-centre", "Baku Innovation Centre")
GANJA_SITE = ("ganja-innovation-centre", "Ganja Innovation Centre")
HTP_SITE = ("high-technologies-park", "Phase I construction site")

EVENTS: list[EventSpec] = [
    EventSpec(
        slug=GEBZE_CONFERENCE,
        kind=Kind.CONFERENCE,
        organisers=(AGENCY, GOSB),
        title=_t(
            "Azerbaijan–Türkiye Innovation Conference, Gebze",
            "Azərbaycan–Türkiyə İnnovasiya Konfransı, Gebze",
            "Azerbaycan–Türkiye İnovasyon Konferansı, Gebze",
        ),
        summary=_t(
            "Two days at GOSB Teknopark on industrial technology, technology transfer and the "
            "joint High Technologies Park, held by the Innovation Agency of Azerbaijan and GOSB "
            "Teknopark under their 2020 memorandum.",
            "İnnovasiya Agentliyi və GOSB Texnoparkının 2020-ci il memorandumu çərçivəsində "
            "keçirdiyi, sənaye texnologiyaları, texnologiya transferi və birgə Yüksək "
            "Texnologiyalar Parkına həsr olunmuş iki günlük konfrans.",
            "Azerbaycan İnovasyon Ajansı ile GOSB Teknopark'ın 2020 mutabakat zaptı kapsamında "
            "düzenlediği, endüstriyel teknoloji, teknoloji transferi ve ortak Yüksek Teknoloji "
            "Parkı konulu iki günlük konferans.",
        ),
        description=_t(
            "The partners' yearly conference under the memorandum of 1 December 2020. Day one "
            "is about industrial technology and the companies of GOSB Teknopark and of the "
            "Azerbaijani innovation centres; day two about the joint High Technologies Park, "
            "Karabakh and young specialists. Talks are in Turkish, Azerbaijani and English; the "
            "sessions in the conference hall are interpreted.",
            "1 dekabr 2020-ci il memorandumu çərçivəsində tərəfdaşların illik konfransı. "
            "Birinci gün sənaye texnologiyalarına, GOSB Texnoparkının və Azərbaycandakı "
            "innovasiya mərkəzlərinin şirkətlərinə, ikinci gün isə birgə Yüksək Texnologiyalar "
            "Parkına, Qarabağa və gənc mütəxəssislərə həsr olunub. Çıxışlar türk, Azərbaycan və "
            "ingilis dillərindədir; konfrans zalındakı sessiyalar sinxron tərcümə olunur.",
            "Tarafların 1 Aralık 2020 mutabakat zaptı kapsamındaki yıllık konferansı. Birinci "
            "gün endüstriyel teknolojiye, GOSB Teknopark'ın ve Azerbaycan'daki inovasyon "
            "merkezlerinin şirketlerine; ikinci gün ortak Yüksek Teknoloji Parkı'na, Karabağ'a "
            "ve genç uzmanlara ayrılmıştır. Konuşmalar Türkçe, Azerbaycan Türkçesi ve "
            "İngilizcedir; konferans salonundaki oturumlarda simultane çeviri yapılır.",
        ),
        venue_details=_t(
            "Block A: conference hall, seminar room A-105 and foyer",
            "A bloku: konfrans zalı, A-105 seminar otağı və foye",
            "A Blok: konferans salonu, A-105 seminer odası ve fuaye",
        ),
        site=GEBZE_SITE,
        zone=ISTANBUL,
        languages=("tr", "az", "en"),
        starts=(-47, "09:00"),
        ends=(-46, "14:00"),
        registration_opens=(-110, "10:00"),
        registration_closes=(-49, "18:00"),
        cancellation_deadline=(-49, "18:00"),
        capacity=150,
        reminder_hours=(24,),
        tracks=(
            (
                _t(
                    "Industry 4.0 and deep tech",
                    "Sənaye 4.0 və dərin texnologiyalar",
                    "Endüstri 4.0 ve derin teknoloji",
                ),
                "#1f6feb",
            ),
            (
                _t(
                    "Startups, investment and technology transfer",
                    "Startaplar, investisiya və texnologiya transferi",
                    "Girişimler, yatırım ve teknoloji transferi",
                ),
                "#bf8700",
            ),
        ),
        rooms=(
            _t("Conference hall", "Konfrans zalı", "Konferans salonu"),
            _t("Seminar room A-105", "A-105 seminar otağı", "A-105 seminer odası"),
            _t("Foyer", "Foye", "Fuaye"),
        ),
        sessions=(
            SessionSpec((0, "09:00", "09:30"), WELCOME, room=2, counts=False),
            SessionSpec(
                (0, "09:30", "10:15"),
                _t(
                    "Opening: what the memorandum has delivered so far",
                    "Açılış: memorandumun indiyədək verdiyi nəticələr",
                    "Açılış: mutabakat zaptının bugüne kadarki sonuçları",
                ),
                (
                    "murat.kaya@gosbteknopark.example",
                    AGENCY_ADMIN,
                    "vuqar.cafarov@digital-transport.example",
                ),
            ),
            SessionSpec(
                (0, "10:15", "11:00"),
                _t(
                    "Keynote: the joint High Technologies Park, from agreement to construction",
                    "Əsas məruzə: birgə Yüksək Texnologiyalar Parkı — razılaşmadan tikintiyə",
                    "Ana konuşma: ortak Yüksek Teknoloji Parkı — anlaşmadan inşaata",
                ),
                ("cavid.ismayilov@high-tech-park.example", "mehmet.aksoy@high-tech-park.example"),
            ),
            SessionSpec((0, "11:00", "11:30"), BREAK, room=2, counts=False),
            SessionSpec(
                (0, "11:30", "12:30"),
                _t(
                    "Collaborative robots on SME production lines",
                    "KOS istehsal xətlərində kollaborativ robotlar",
                    "KOBİ üretim hatlarında işbirlikçi robotlar",
                ),
                (COMPANY_ADMIN, "deniz.erdem@gtu.example"),
                track=0,
            ),
            SessionSpec(
                (0, "11:30", "12:30"),
                _t(
                    "Technology transfer offices: lessons from Gebze and Baku",
                    "Texnologiya transferi ofisləri: Gebze və Bakı təcrübəsi",
                    "Teknoloji transfer ofisleri: Gebze ve Bakü'den dersler",
                ),
                ("burak.ozturk@gosbteknopark.example", "tural.abbasov@innovation-agency.example"),
                room=1,
                track=1,
            ),
            SessionSpec((0, "12:30", "13:30"), LUNCH, room=2, counts=False),
            SessionSpec(
                (0, "13:30", "14:30"),
                _t(
                    "Machine vision for quality inspection",
                    "Keyfiyyətə nəzarət üçün maşın görməsi",
                    "Kalite kontrolünde makine görmesi",
                ),
                (("Hülya Karaca", "Marmara Robotics Cluster"), JUDGE),
                track=0,
            ),
            SessionSpec(
                (0, "13:30", "14:30"),
                _t(
                    "Funding startups across the border",
                    "Sərhədlərarası startapların maliyyələşdirilməsi",
                    "Sınır ötesi girişimlerin finansmanı",
                ),
                ("rufat.mammadli@caspian-bridge.example", "canan.ozdemir@caspian-bridge.example"),
                room=1,
                track=1,
            ),
            SessionSpec(
                (0, "14:45", "16:00"),
                _t(
                    "Securing industrial control systems",
                    "Sənaye idarəetmə sistemlərinin təhlükəsizliyi",
                    "Endüstriyel kontrol sistemlerinin güvenliği",
                ),
                (
                    "gulnar.huseynli@aiai.example",
                    ("Kerem Aydoğan", "Kocaeli Cyber Security Cluster"),
                ),
                track=0,
            ),
            SessionSpec(
                (0, "14:45", "16:00"),
                _t(
                    "Pitch clinic for startups from both countries",
                    "Hər iki ölkənin startapları üçün pitç klinikası",
                    "İki ülkenin girişimleri için sunum kliniği",
                ),
                ("elif.sahin@gosbteknopark.example", MANAGER),
                room=1,
                track=1,
            ),
            SessionSpec(
                (1, "09:30", "10:30"),
                _t(
                    "Karabakh: technology parks and innovation centres",
                    "Qarabağ: texnologiya parkları və innovasiya mərkəzləri",
                    "Karabağ: teknoloji parkları ve inovasyon merkezleri",
                ),
                (
                    "sabina.rustamova@digital-transport.example",
                    "kamran.aliyev@baku-innovation-centre.example",
                ),
            ),
            SessionSpec(
                (1, "10:45", "12:00"),
                _t(
                    "Semiconductors and photonics: a shared research agenda",
                    "Yarımkeçiricilər və fotonika: ortaq tədqiqat gündəliyi",
                    "Yarı iletkenler ve fotonik: ortak bir araştırma gündemi",
                ),
                (
                    "teymur.bagirov@aiai.example",
                    "esra.aydemir@gtu.example",
                    "lala.axundova@aztu.example",
                ),
                track=0,
            ),
            SessionSpec(
                (1, "10:45", "12:00"),
                _t(
                    "Young specialists: exchange placements that work",
                    "Gənc mütəxəssislər: səmərəli mübadilə proqramları",
                    "Genç uzmanlar: işe yarayan değişim programları",
                ),
                (
                    "fuad.mirzayev@ada-university.example",
                    ("Ayşe Kaplan", "Young Engineers Network, Kocaeli"),
                ),
                room=1,
                track=1,
            ),
            SessionSpec((1, "12:00", "13:00"), LUNCH, room=2, counts=False),
            SessionSpec(
                (1, "13:00", "14:00"),
                _t(
                    "Closing panel: next steps for the partnership",
                    "Yekun panel: tərəfdaşlığın növbəti addımları",
                    "Kapanış paneli: ortaklığın sonraki adımları",
                ),
                (
                    "murat.kaya@gosbteknopark.example",
                    "samir.malikov@ganja-innovation-centre.example",
                    "ulviyya.quliyeva@sumgait-innovation-centre.example",
                ),
            ),
        ),
        questions=(LISTED, DIET, HOPES),
        survey=SurveySpec(
            opens=(-46, "14:00"),
            closes=(-32, "23:59"),
            intro=_t(
                "Thank you for coming to Gebze. Six questions, two minutes: your answers shape "
                "the next conference in Baku.",
                "Gebzeyə gəldiyiniz üçün təşəkkür edirik. Altı sual, iki dəqiqə: cavablarınız "
                "Bakıdakı növbəti konfransı formalaşdıracaq.",
                "Gebze'ye geldiğiniz için teşekkür ederiz. Altı soru, iki dakika: yanıtlarınız "
                "Bakü'deki bir sonraki konferansı şekillendirecek.",
            ),
            questions=[
                QuestionSpec(
                    Q.RATING,
                    _t(
                        "Overall, how would you rate the conference?",
                        "Konfransı ümumilikdə necə qiymətləndirirsiniz?",
                        "Konferansı genel olarak nasıl değerlendirirsiniz?",
                    ),
                ),
                QuestionSpec(
                    Q.RATING,
                    _t(
                        "How useful were the sessions for your work?",
                        "Sessiyalar işiniz üçün nə dərəcədə faydalı oldu?",
                        "Oturumlar işiniz için ne kadar faydalıydı?",
                    ),
                ),
                QuestionSpec(
                    Q.RATING,
                    _t(
                        "Venue, catering and organisation",
                        "Məkan, ikram və təşkilat",
                        "Mekân, ikram ve organizasyon",
                    ),
                ),
                QuestionSpec(
                    Q.YES_NO,
                    _t(
                        "Did you meet a possible partner from the other country?",
                        "Digər ölkədən potensial tərəfdaşla tanış oldunuzmu?",
                        "Diğer ülkeden olası bir iş ortağıyla tanıştınız mı?",
                    ),
                ),
                QuestionSpec(
                    Q.YES_NO,
                    _t(
                        "Would you come to the next conference in Baku?",
                        "Bakıda keçiriləcək növbəti konfransa gələrdinizmi?",
                        "Bakü'deki bir sonraki konferansa katılır mıydınız?",
                    ),
                ),
                QuestionSpec(
                    Q.LONG_TEXT,
                    _t(
                        "What should we change next time?",
                        "Növbəti dəfə nəyi dəyişməliyik?",
                        "Bir dahaki sefere neyi değiştirmeliyiz?",
                    ),
                    required=False,
                ),
            ],
        ),
    ),
    EventSpec(
        slug=BAKU_CONFERENCE,
        kind=Kind.CONFERENCE,
        organisers=(AGENCY, GOSB, "baku-innovation-centre"),
        title=_t(
            "Azerbaijan–Türkiye Innovation Conference, Baku",
            "Azərbaycan–Türkiyə İnnovasiya Konfransı, Bakı",
            "Azerbaycan–Türkiye İnovasyon Konferansı, Bakü",
        ),
        summary=_t(
            "The partners' next joint conference, at the Baku Innovation Centre: AI in "
            "manufacturing, licensing, the first tenants of the High Technologies Park and a "
            "hands-on robotics workshop.",
            "Tərəfdaşların növbəti birgə konfransı Bakı İnnovasiya Mərkəzində: istehsalatda "
            "süni intellekt, lisenziyalaşdırma, Yüksək Texnologiyalar Parkının ilk rezidentləri "
            "və robototexnika üzrə praktiki məşğələ.",
            "Tarafların bir sonraki ortak konferansı Bakü İnovasyon Merkezi'nde: üretimde yapay "
            "zekâ, lisanslama, Yüksek Teknoloji Parkı'nın ilk kiracıları ve uygulamalı bir "
            "robotik atölyesi.",
        ),
        description=_t(
            "Hosted by the Baku Innovation Centre for the Innovation Agency of Azerbaijan and "
            "GOSB Teknopark. Registration is free. The robotics workshop has 20 places, which "
            "you choose when you register. Lunch and coffee are served on both days.",
            "Bakı İnnovasiya Mərkəzinin ev sahibliyi ilə İnnovasiya Agentliyi və GOSB "
            "Texnoparkı tərəfindən keçirilir. Qeydiyyat ödənişsizdir. Robototexnika "
            "məşğələsində 20 yer var; onu qeydiyyat zamanı seçirsiniz. Hər iki gün nahar və "
            "qəhvə təqdim olunur.",
            "Bakü İnovasyon Merkezi'nin ev sahipliğinde Azerbaycan İnovasyon Ajansı ve GOSB "
            "Teknopark tarafından düzenlenir. Kayıt ücretsizdir. Robotik atölyesinde 20 kişilik "
            "yer vardır; atölyeyi kayıt sırasında seçersiniz. Her iki gün de öğle yemeği ve "
            "kahve ikramı yapılır.",
        ),
        venue_details=_t(
            "Main building: conference hall and prototyping lab",
            "Əsas bina: konfrans zalı və prototipləşdirmə laboratoriyası",
            "Ana bina: konferans salonu ve prototipleme laboratuvarı",
        ),
        site=BAKU_SITE,
        zone=BAKU,
        languages=("az", "tr", "en"),
        starts=(40, "09:00"),
        ends=(41, "12:45"),
        registration_opens=(-21, "10:00"),
        registration_closes=(38, "18:00"),
        cancellation_deadline=(37, "18:00"),
        capacity=120,
        reminder_hours=(168, 24),
        tracks=(
            (
                _t(
                    "Deep tech and industry",
                    "Dərin texnologiyalar və sənaye",
                    "Derin teknoloji ve sanayi",
                ),
                "#1f6feb",
            ),
            (
                _t("Startups and talent", "Startaplar və istedadlar", "Girişimler ve yetenekler"),
                "#bf8700",
            ),
        ),
        rooms=(
            _t("Conference hall", "Konfrans zalı", "Konferans salonu"),
            _t("Prototyping lab", "Prototipləşdirmə laboratoriyası", "Prototipleme laboratuvarı"),
            _t("Seminar room 201", "201 nömrəli seminar otağı", "201 numaralı seminer odası"),
        ),
        sessions=(
            SessionSpec((0, "09:00", "09:30"), WELCOME, counts=False),
            SessionSpec(
                (0, "09:30", "10:15"),
                _t("Opening", "Açılış", "Açılış"),
                (
                    AGENCY_ADMIN,
                    "murat.kaya@gosbteknopark.example",
                    "vuqar.cafarov@digital-transport.example",
                ),
            ),
            SessionSpec(
                (0, "10:15", "11:00"),
                _t(
                    "Keynote: Karabakh's first innovation centre, the plan for Shusha",
                    "Əsas məruzə: Qarabağın ilk innovasiya mərkəzi — Şuşa üçün plan",
                    "Ana konuşma: Karabağ'ın ilk inovasyon merkezi — Şuşa planı",
                ),
                (
                    "sabina.rustamova@digital-transport.example",
                    "gunel.safarova@innovation-agency.example",
                ),
            ),
            SessionSpec(
                (0, "11:15", "12:30"),
                _t(
                    "AI in manufacturing: from pilot to production",
                    "İstehsalatda süni intellekt: pilotdan istehsala",
                    "Üretimde yapay zekâ: pilottan seri üretime",
                ),
                ("nurlan.haciyev@ada-university.example", ("Selim Arıkan", "Kocaeli AI Cluster")),
                track=0,
            ),
            SessionSpec(
                (0, "11:15", "12:30"),
                _t(
                    "Licensing university technology",
                    "Universitet texnologiyalarının lisenziyalaşdırılması",
                    "Üniversite teknolojilerinin lisanslanması",
                ),
                ("ahmet.yildirim@gtu.example", "rauf.sadiqov@aztu.example"),
                room=2,
                track=1,
            ),
            SessionSpec((0, "12:30", "13:30"), LUNCH, counts=False),
            SessionSpec(
                (0, "13:30", "15:30"),
                _t(
                    "Hands-on: programming a collaborative robot",
                    "Praktiki məşğələ: kollaborativ robotun proqramlaşdırılması",
                    "Uygulamalı atölye: işbirlikçi robot programlama",
                ),
                (COMPANY_ADMIN, COMPANY_MEMBER),
                room=1,
                track=0,
                capacity=20,
            ),
            SessionSpec(
                (0, "13:30", "14:30"),
                _t(
                    "Showcase: projects from the Karabakh Youth Campus",
                    "Təqdimat: Qarabağ Gənclər Kampusunun layihələri",
                    "Vitrin: Karabağ Gençlik Kampı'nın projeleri",
                ),
                ("gunel.safarova@innovation-agency.example",),
                track=1,
            ),
            SessionSpec(
                (0, "14:45", "15:45"),
                _t(
                    "Investors' panel: what we look for",
                    "İnvestorlar paneli: nəyə diqqət yetiririk",
                    "Yatırımcı paneli: neye bakıyoruz",
                ),
                (
                    "rufat.mammadli@caspian-bridge.example",
                    "canan.ozdemir@caspian-bridge.example",
                    ("Orhan Tezcan", "Anatolian Business Angels"),
                ),
                track=1,
            ),
            SessionSpec(
                (1, "09:30", "10:30"),
                _t(
                    "The High Technologies Park: its first tenants",
                    "Yüksək Texnologiyalar Parkı: ilk rezidentlər",
                    "Yüksek Teknoloji Parkı: ilk kiracılar",
                ),
                ("cavid.ismayilov@high-tech-park.example", "mehmet.aksoy@high-tech-park.example"),
            ),
            SessionSpec(
                (1, "10:45", "11:45"),
                _t(
                    "Clean rooms and electronics manufacturing",
                    "Təmiz otaqlar və elektronika istehsalı",
                    "Temiz odalar ve elektronik üretimi",
                ),
                ("lala.axundova@aztu.example", "esra.aydemir@gtu.example"),
                track=0,
            ),
            SessionSpec(
                (1, "10:45", "11:45"),
                _t(
                    "Exchange placements: stories from young specialists",
                    "Mübadilə proqramları: gənc mütəxəssislərin təcrübəsi",
                    "Değişim programları: genç uzmanların deneyimleri",
                ),
                ("fuad.mirzayev@ada-university.example", SPECIALIST),
                room=2,
                track=1,
            ),
            SessionSpec(
                (1, "12:00", "12:45"),
                _t("Closing", "Bağlanış", "Kapanış"),
                ("murat.kaya@gosbteknopark.example", AGENCY_ADMIN),
            ),
        ),
        questions=(LISTED, DIET, HOPES),
    ),
    EventSpec(
        slug=LASER_TRAINING,
        kind=Kind.TRAINING,
        organisers=(AGENCY, GOSB, "baku-innovation-centre"),
        title=_t(
            "Laser cutting and digital fabrication: safety training",
            "Lazer kəsmə və rəqəmsal istehsal: təhlükəsizlik təlimi",
            "Lazer kesim ve dijital üretim: güvenlik eğitimi",
        ),
        summary=_t(
            "Three days in the prototyping lab of the Baku Innovation Centre: laser safety, "
            "materials, preparing files and supervised practice. Attending 80% of the sessions "
            "gives the “Laser cutter safety” qualification needed to book the lab's laser "
            "cutters.",
            "Bakı İnnovasiya Mərkəzinin prototipləşdirmə laboratoriyasında üç gün: lazer "
            "təhlükəsizliyi, materiallar, faylların hazırlanması və nəzarət altında təcrübə. "
            "Sessiyaların 80%-də iştirak edənlər lazer kəsiciləri bron etmək üçün lazım olan "
            "“Lazer kəsici ilə təhlükəsiz iş” ixtisasını alır.",
            "Bakü İnovasyon Merkezi'nin prototipleme laboratuvarında üç gün: lazer güvenliği, "
            "malzemeler, dosya hazırlığı ve gözetimli uygulama. Oturumların %80'ine katılanlar, "
            "laboratuvardaki lazer kesicileri rezerve etmek için gereken “Lazer kesici "
            "güvenliği” yeterliliğini alır.",
        ),
        description=_t(
            "A joint training of GOSB Teknopark and the Innovation Agency of Azerbaijan, given "
            "by GOSB Teknopark's facilities team and Gebze Technical University. Wear closed "
            "shoes; safety glasses are provided. After the last day everyone who attended at "
            "least 80% of the sessions receives a certificate with a verification code.",
            "GOSB Texnoparkı və İnnovasiya Agentliyinin birgə təlimi; təlimçilər GOSB "
            "Texnoparkının texniki xidmət komandasından və Gebze Texniki Universitetindəndir. "
            "Qapalı ayaqqabı geyinin; qoruyucu eynək verilir. Son gündən sonra sessiyaların ən "
            "azı 80%-də iştirak edən hər kəs yoxlama kodu olan sertifikat alır.",
            "GOSB Teknopark ile Azerbaycan İnovasyon Ajansı'nın ortak eğitimi; eğitmenler GOSB "
            "Teknopark tesis ekibinden ve Gebze Teknik Üniversitesi'ndendir. Kapalı ayakkabı "
            "giyin; koruyucu gözlük verilir. Son günün ardından oturumların en az %80'ine "
            "katılan herkes doğrulama kodlu bir sertifika alır.",
        ),
        venue_details=_t(
            "Prototyping lab, ground floor",
            "Prototipləşdirmə laboratoriyası",
            "Prototipleme laboratuvarı, zemin kat",
        ),
        site=BAKU_SITE,
        zone=BAKU,
        languages=("az", "tr"),
        starts=(-4, "10:00"),
        ends=(-2, "17:00"),
        registration_opens=(-40, "10:00"),
        registration_closes=(-6, "18:00"),
        cancellation_deadline=(-6, "18:00"),
        capacity=16,
        certificate_min_attendance=80,
        grants_qualification=True,
        rooms=(
            _t("Prototyping lab", "Prototipləşdirmə laboratoriyası", "Prototipleme laboratuvarı"),
        ),
        sessions=(
            SessionSpec(
                (0, "10:00", "12:30"),
                _t(
                    "Laser safety: classes, hazards and protective equipment",
                    "Lazer təhlükəsizliyi: siniflər, risklər və qoruyucu vasitələr",
                    "Lazer güvenliği: sınıflar, tehlikeler ve koruyucu donanım",
                ),
                ("hakan.celik@gosbteknopark.example",),
            ),
            SessionSpec(
                (0, "14:00", "17:00"),
                _t(
                    "Materials: what may and may not be cut",
                    "Materiallar: nəyi kəsmək olar, nəyi olmaz",
                    "Malzemeler: neler kesilir, neler kesilmez",
                ),
                ("hakan.celik@gosbteknopark.example",),
            ),
            SessionSpec(
                (1, "10:00", "12:30"),
                _t(
                    "Preparing vector files and cutting parameters",
                    "Vektor faylların hazırlanması və kəsmə parametrləri",
                    "Vektör dosyalarının hazırlanması ve kesim parametreleri",
                ),
                ("deniz.erdem@gtu.example",),
            ),
            SessionSpec(
                (1, "14:00", "17:00"),
                _t(
                    "Supervised practice on the laser cutter",
                    "Lazer kəsici üzərində nəzarət altında təcrübə",
                    "Lazer kesicide gözetimli uygulama",
                ),
                ("hakan.celik@gosbteknopark.example", "deniz.erdem@gtu.example"),
            ),
            SessionSpec(
                (2, "10:00", "12:30"),
                _t(
                    "Fire, fumes and emergency procedures",
                    "Yanğın, tüstü və fövqəladə hallarda davranış qaydaları",
                    "Yangın, duman ve acil durum prosedürleri",
                ),
                ("hakan.celik@gosbteknopark.example",),
            ),
            SessionSpec(
                (2, "14:00", "17:00"),
                _t("Practical assessment", "Praktiki qiymətləndirmə", "Uygulamalı değerlendirme"),
                ("hakan.celik@gosbteknopark.example", "deniz.erdem@gtu.example"),
            ),
        ),
        questions=(
            QuestionSpec(
                Q.TEXT,
                _t(
                    "What will you use the laser cutter for?",
                    "Lazer kəsicidən nə üçün istifadə edəcəksiniz?",
                    "Lazer kesiciyi ne için kullanacaksınız?",
                ),
            ),
        ),
    ),
    EventSpec(
        slug=ROBOT_TRAINING,
        kind=Kind.TRAINING,
        organisers=(GOSB, AGENCY),
        title=_t(
            "Industrial robot programming for young specialists",
            "Gənc mütəxəssislər üçün sənaye robotlarının proqramlaşdırılması",
            "Genç uzmanlar için endüstriyel robot programlama",
        ),
        summary=_t(
            "Two days in the robotics lab of GOSB Teknopark with Pusula Robotik's engineers: "
            "safety zones, teach-pendant and offline programming, and a pick-and-place cell "
            "with machine vision. 16 places; when it is full you can join the waiting list.",
            "GOSB Texnoparkının robototexnika laboratoriyasında Pusula Robotik mühəndisləri ilə "
            "iki gün: təhlükəsizlik zonaları, pult vasitəsilə və oflayn proqramlaşdırma, maşın "
            "görməsi ilə götür-qoy hüceyrəsi. 16 yer var; yerlər dolduqda gözləmə siyahısına "
            "yazıla bilərsiniz.",
            "GOSB Teknopark robotik laboratuvarında Pusula Robotik mühendisleriyle iki gün: "
            "güvenlik bölgeleri, öğretme paneliyle ve çevrim dışı programlama, makine görmeli "
            "al-yerleştir hücresi. 16 kişilik kontenjan; dolduğunda bekleme listesine "
            "yazılabilirsiniz.",
        ),
        description=_t(
            "For young specialists from both countries who know the basics of programming. "
            "When a place frees up, the first person on the waiting list is offered it and has "
            "48 hours to accept. Participants who attend at least 80% of the sessions receive "
            "a certificate.",
            "Proqramlaşdırmanın əsaslarını bilən, hər iki ölkədən olan gənc mütəxəssislər üçün. "
            "Yer boşaldıqda o, gözləmə siyahısında birinci olan şəxsə təklif olunur və onun "
            "təklifi qəbul etmək üçün 48 saatı olur. Sessiyaların ən azı 80%-də iştirak edənlər "
            "sertifikat alır.",
            "Programlamanın temellerini bilen, iki ülkeden genç uzmanlar için. Bir yer "
            "boşaldığında bekleme listesindeki ilk kişiye teklif edilir ve kabul etmek için 48 "
            "saati olur. Oturumların en az %80'ine katılanlar sertifika alır.",
        ),
        venue_details=_t(
            "Robotics lab, Block C",
            "C bloku, robototexnika laboratoriyası",
            "C Blok, robotik laboratuvarı",
        ),
        site=GEBZE_SITE,
        zone=ISTANBUL,
        languages=("tr", "en"),
        starts=(18, "09:30"),
        ends=(19, "17:00"),
        registration_opens=(-30, "10:00"),
        registration_closes=(16, "18:00"),
        cancellation_deadline=(15, "18:00"),
        capacity=16,
        offer_hours=48,
        reminder_hours=(72, 24),
        certificate_min_attendance=80,
        rooms=(_t("Robotics lab", "Robototexnika laboratoriyası", "Robotik laboratuvarı"),),
        sessions=(
            SessionSpec(
                (0, "09:30", "12:30"),
                _t(
                    "Robot kinematics and safety zones",
                    "Robot kinematikası və təhlükəsizlik zonaları",
                    "Robot kinematiği ve güvenlik bölgeleri",
                ),
                ("oguz.tekin@pusula-robotik.example",),
            ),
            SessionSpec(
                (0, "13:30", "17:00"),
                _t(
                    "Programming with the teach pendant",
                    "Pult vasitəsilə proqramlaşdırma",
                    "Öğretme paneliyle programlama",
                ),
                (COMPANY_MEMBER,),
            ),
            SessionSpec(
                (1, "09:30", "12:30"),
                _t(
                    "Offline programming and simulation",
                    "Oflayn proqramlaşdırma və simulyasiya",
                    "Çevrim dışı programlama ve simülasyon",
                ),
                ("deniz.erdem@gtu.example",),
            ),
            SessionSpec(
                (1, "13:30", "17:00"),
                _t(
                    "A pick-and-place cell with machine vision",
                    "Maşın görməsi ilə götür-qoy hüceyrəsi",
                    "Makine görmeli al-yerleştir hücresi",
                ),
                (COMPANY_ADMIN, COMPANY_MEMBER),
            ),
        ),
        questions=(
            QuestionSpec(
                Q.LONG_TEXT,
                _t(
                    "What do you hope to learn?",
                    "Nə öyrənməyə ümid edirsiniz?",
                    "Ne öğrenmeyi umuyorsunuz?",
                ),
                required=False,
            ),
            QuestionSpec(
                Q.YES_NO,
                _t(
                    "Do you need accommodation in Gebze?",
                    "Gebzedə qalmaq üçün yerə ehtiyacınız varmı?",
                    "Gebze'de konaklamaya ihtiyacınız var mı?",
                ),
            ),
        ),
    ),
    EventSpec(
        slug=LICENSING_CLINIC,
        kind=Kind.TRAINING,
        organisers=(AGENCY, GOSB),
        title=_t(
            "Technology licensing clinic for startups",
            "Startaplar üçün texnologiya lisenziyalaşdırılması klinikası",
            "Girişimler için teknoloji lisanslama kliniği",
        ),
        summary=_t(
            "An online morning with the technology transfer offices of the Innovation Agency, "
            "GOSB Teknopark and Gebze Technical University: how licence agreements work, then "
            "one-to-one advice on your own case. The organisers confirm places.",
            "İnnovasiya Agentliyi, GOSB Texnoparkı və Gebze Texniki Universitetinin "
            "texnologiya transferi ofisləri ilə onlayn görüş: lisenziya müqavilələri necə "
            "işləyir, sonra isə öz layihəniz üzrə fərdi məsləhət. İştirakı təşkilatçılar "
            "təsdiqləyir.",
            "Azerbaycan İnovasyon Ajansı, GOSB Teknopark ve Gebze Teknik Üniversitesi teknoloji "
            "transfer ofisleriyle çevrim içi bir sabah: lisans sözleşmeleri nasıl işler, "
            "ardından kendi projeniz için birebir danışmanlık. Katılımı düzenleyiciler onaylar.",
        ),
        description=_t(
            "For startups and SMEs of the innovation centres and of GOSB Teknopark that own a "
            "technology and want to license it across the border. Tell us in the registration "
            "form what you would like to license: the organisers confirm places so that every "
            "case gets an adviser. The link to the video call is shown on your registration "
            "once it is confirmed.",
            "İnnovasiya mərkəzlərinin və GOSB Texnoparkının öz texnologiyası olan və onu digər "
            "ölkəyə lisenziya ilə vermək istəyən startapları və KOS-ları üçün. Qeydiyyat "
            "formasında nəyi lisenziyalaşdırmaq istədiyinizi yazın: təşkilatçılar hər müraciətə "
            "məsləhətçi təyin etmək üçün yerləri özləri təsdiqləyir. Video zəngin keçidi "
            "qeydiyyatınız təsdiqləndikdən sonra qeydiyyat səhifənizdə görünür.",
            "İnovasyon merkezlerindeki ve GOSB Teknopark'taki, bir teknolojiye sahip olup onu "
            "diğer ülkeye lisanslamak isteyen girişimler ve KOBİ'ler için. Kayıt formunda neyi "
            "lisanslamak istediğinizi yazın: her başvuruya bir danışman atanabilmesi için "
            "yerleri düzenleyiciler onaylar. Görüntülü görüşme bağlantısı, kaydınız "
            "onaylandıktan sonra kayıt sayfanızda görünür.",
        ),
        venue_details=_t("", "", ""),
        online_url="https://meet.korpu.example/licensing-clinic",
        zone=BAKU,
        languages=("en", "az", "tr"),
        starts=(25, "10:00"),
        ends=(25, "13:00"),
        registration_opens=(-14, "10:00"),
        registration_closes=(23, "18:00"),
        cancellation_deadline=(24, "18:00"),
        capacity=24,
        requires_approval=True,
        reminder_hours=(24,),
        rooms=(_t("Video call", "Video zəng", "Görüntülü görüşme"),),
        sessions=(
            SessionSpec(
                (0, "10:00", "11:15"),
                _t(
                    "How licence agreements work",
                    "Lisenziya müqavilələri necə işləyir",
                    "Lisans sözleşmeleri nasıl işler",
                ),
                ("tural.abbasov@innovation-agency.example", "burak.ozturk@gosbteknopark.example"),
            ),
            SessionSpec(
                (0, "11:30", "13:00"),
                _t("One-to-one advice", "Fərdi məsləhətlər", "Birebir danışmanlık"),
                (
                    "ahmet.yildirim@gtu.example",
                    "tural.abbasov@innovation-agency.example",
                    "burak.ozturk@gosbteknopark.example",
                ),
            ),
        ),
        questions=(
            QuestionSpec(
                Q.LONG_TEXT,
                _t(
                    "Which technology would you like to license, and to whom?",
                    "Hansı texnologiyanı kimə lisenziya ilə vermək istəyirsiniz?",
                    "Hangi teknolojiyi kime lisanslamak istiyorsunuz?",
                ),
            ),
        ),
    ),
    EventSpec(
        slug=HTP_BRIEFING,
        kind=Kind.SEMINAR,
        organisers=("htp-management", AGENCY, GOSB),
        title=_t(
            "The High Technologies Park: briefing for future tenants",
            "Yüksək Texnologiyalar Parkı: gələcək rezidentlər üçün brifinq",
            "Yüksek Teknoloji Parkı: gelecekteki kiracılar için bilgilendirme",
        ),
        summary=_t(
            "A closed morning at the construction site of the joint High Technologies Park for "
            "companies invited to become its first tenants: the plan, the timetable, the terms "
            "and a walk round the site.",
            "Birgə Yüksək Texnologiyalar Parkının ilk rezidentləri olmağa dəvət edilmiş "
            "şirkətlər üçün tikinti sahəsində qapalı görüş: plan, cədvəl, şərtlər və sahə ilə "
            "tanışlıq.",
            "Ortak Yüksek Teknoloji Parkı'nın ilk kiracıları olmaya davet edilen şirketler için "
            "şantiyede kapalı bir sabah toplantısı: plan, takvim, koşullar ve alan gezisi.",
        ),
        description=_t(
            "By invitation only: each invitation is personal and works once, for the address "
            "it was sent to. Hard hats and safety vests are provided for the site visit; wear "
            "sturdy shoes.",
            "Yalnız dəvətlə: hər dəvət şəxsidir və göndərildiyi ünvan üçün yalnız bir dəfə "
            "keçərlidir. Sahəyə baxış üçün qoruyucu dəbilqə və jilet verilir; möhkəm ayaqqabı "
            "geyinin.",
            "Yalnızca davetle: her davet kişiseldir ve gönderildiği adres için yalnızca bir kez "
            "kullanılabilir. Alan gezisi için baret ve yelek verilir; sağlam ayakkabı giyin.",
        ),
        venue_details=_t(
            "Site office at the Phase I construction site",
            "I mərhələ tikinti sahəsindəki ofis",
            "I. etap şantiyesindeki saha ofisi",
        ),
        site=HTP_SITE,
        zone=BAKU,
        languages=("az", "tr"),
        starts=(10, "10:00"),
        ends=(10, "13:00"),
        visibility=Event.Visibility.INVITATION_ONLY,
        registration_opens=(-10, "10:00"),
        registration_closes=(8, "18:00"),
        cancellation_deadline=(9, "12:00"),
        capacity=30,
        reminder_hours=(24,),
        rooms=(_t("Site office", "Sahə ofisi", "Saha ofisi"),),
        sessions=(
            SessionSpec(
                (0, "10:00", "11:00"),
                _t(
                    "The park: plan, timetable and terms for tenants",
                    "Park: plan, cədvəl və rezidentlər üçün şərtlər",
                    "Park: plan, takvim ve kiracılar için koşullar",
                ),
                ("cavid.ismayilov@high-tech-park.example", "mehmet.aksoy@high-tech-park.example"),
            ),
            SessionSpec(
                (0, "11:15", "12:15"),
                _t("Site visit", "Tikinti sahəsinə baxış", "Şantiye gezisi"),
                ("mehmet.aksoy@high-tech-park.example",),
            ),
            SessionSpec(
                (0, "12:15", "13:00"),
                _t("Questions and answers", "Suallar və cavablar", "Soru ve cevap"),
                ("cavid.ismayilov@high-tech-park.example", AGENCY_ADMIN),
            ),
        ),
    ),
    EventSpec(
        slug=SHUSHA_CAMPUS,
        kind=Kind.CAMPUS,
        organisers=(AGENCY, GOSB),
        title=_t(
            "Karabakh Youth Campus, Shusha",
            "Qarabağ Gənclər Kampusu, Şuşa",
            "Karabağ Gençlik Kampı, Şuşa",
        ),
        summary=_t(
            "Four days in Shusha for young specialists and ICT students from Azerbaijan and "
            "Türkiye: challenges set by companies and the Innovation Agency, teams formed on "
            "the spot, mentors from both countries and a jury on the last day.",
            "Azərbaycan və Türkiyədən gənc mütəxəssislər və İKT tələbələri üçün Şuşada dörd "
            "gün: şirkətlərin və İnnovasiya Agentliyinin irəli sürdüyü çağırışlar, yerindəcə "
            "qurulan komandalar, hər iki ölkədən mentorlar və son gün münsiflər heyəti.",
            "Azerbaycan ve Türkiye'den genç uzmanlar ve BİT öğrencileri için Şuşa'da dört gün: "
            "şirketlerin ve Azerbaycan İnovasyon Ajansı'nın belirlediği problemler, yerinde "
            "kurulan takımlar, iki ülkeden mentorlar ve son gün jüri değerlendirmesi.",
        ),
        description=_t(
            "The first of the campuses the memorandum foresees, held next to the planned "
            "Shusha Innovation Centre. Participants pick a challenge, submit ideas, form teams "
            "of up to five and hand in a project on the last morning; a jury from both "
            "countries scores it against published criteria. Ideas the organisers choose are "
            "followed up after the campus. Travel from Baku and accommodation in Shusha are "
            "covered for participants.",
            "Memorandumda nəzərdə tutulan kampusların birincisi; planlaşdırılan Şuşa İnnovasiya "
            "Mərkəzinin yanında keçirilir. İştirakçılar çağırış seçir, ideyalarını təqdim edir, "
            "beş nəfərədək komandalar qurur və son gün səhər layihələrini təhvil verirlər; hər "
            "iki ölkədən olan münsiflər onları əvvəlcədən elan olunmuş meyarlar üzrə "
            "qiymətləndirir. Təşkilatçıların seçdiyi ideyalar kampusdan sonra da dəstəklənir. "
            "İştirakçıların Bakıdan yol və Şuşada qalma xərcləri ödənilir.",
            "Mutabakat zaptında öngörülen kampların ilki; planlanan Şuşa İnovasyon Merkezi'nin "
            "yanında düzenlenir. Katılımcılar bir problem seçer, fikirlerini sunar, en fazla "
            "beş kişilik takımlar kurar ve son sabah projelerini teslim eder; iki ülkeden jüri "
            "üyeleri projeleri önceden açıklanan ölçütlere göre puanlar. Düzenleyicilerin "
            "seçtiği fikirler kamptan sonra da desteklenir. Katılımcıların Bakü'den ulaşımı ve "
            "Şuşa'da konaklaması karşılanır.",
        ),
        venue_details=_t(
            "Campus hall next to the planned innovation centre",
            "Planlaşdırılan innovasiya mərkəzinin yanındakı kampus zalı",
            "Planlanan inovasyon merkezinin yanındaki kamp salonu",
        ),
        site=("shusha-innovation-centre", SHUSHA_SITE),
        zone=BAKU,
        languages=("az", "tr", "en"),
        starts=(-75, "10:00"),
        ends=(-72, "16:00"),
        registration_opens=(-120, "10:00"),
        registration_closes=(-82, "18:00"),
        cancellation_deadline=(-82, "18:00"),
        capacity=40,
        submissions_close=(-72, "10:00"),
        rooms=(_t("Campus hall", "Kampus zalı", "Kamp salonu"),),
        sessions=(
            SessionSpec(
                (0, "10:00", "11:00"),
                _t(
                    "Opening and challenges",
                    "Açılış və çağırışların təqdimatı",
                    "Açılış ve problemlerin sunumu",
                ),
                ("gunel.safarova@innovation-agency.example", "elif.sahin@gosbteknopark.example"),
            ),
            SessionSpec(
                (0, "11:00", "13:00"),
                _t(
                    "Idea pitches and team forming",
                    "İdeyaların təqdimatı və komandaların qurulması",
                    "Fikir sunumları ve takım kurma",
                ),
            ),
            SessionSpec(
                (1, "10:00", "18:00"),
                _t(
                    "Team work with mentors",
                    "Mentorlarla komanda işi",
                    "Mentorlarla takım çalışması",
                ),
            ),
            SessionSpec(
                (2, "10:00", "18:00"),
                _t(
                    "Team work and prototypes",
                    "Komanda işi və prototiplər",
                    "Takım çalışması ve prototipler",
                ),
            ),
            SessionSpec(
                (3, "10:00", "12:30"),
                _t("Final presentations", "Yekun təqdimatlar", "Final sunumları"),
                (
                    "kamran.aliyev@baku-innovation-centre.example",
                    "burak.ozturk@gosbteknopark.example",
                    "sabina.rustamova@digital-transport.example",
                ),
            ),
            SessionSpec(
                (3, "14:30", "16:00"),
                _t(
                    "Jury results and closing",
                    "Münsiflərin qərarı və bağlanış",
                    "Jüri sonuçları ve kapanış",
                ),
                (AGENCY_ADMIN, "murat.kaya@gosbteknopark.example"),
            ),
        ),
        questions=(SKILLS,),
    ),
    EventSpec(
        slug=GANJA_CAMPUS,
        kind=Kind.CAMPUS,
        organisers=(AGENCY, GOSB, "ganja-innovation-centre"),
        title=_t(
            "Youth Campus Ganja: technology for farming",
            "Gəncə Gənclər Kampusu: kənd təsərrüfatı üçün texnologiyalar",
            "Gence Gençlik Kampı: tarım için teknoloji",
        ),
        summary=_t(
            "Three days at the Ganja Innovation Centre for students and young specialists who "
            "want to build technology for the farms, orchards and fish farms of western "
            "Azerbaijan. Teams hand in their projects on the last day; then a jury from both "
            "countries scores them.",
            "Azərbaycanın qərbindəki fermer təsərrüfatları, meyvə bağları və balıq "
            "təsərrüfatları üçün texnologiya yaratmaq istəyən tələbələr və gənc mütəxəssislər "
            "üçün Gəncə İnnovasiya Mərkəzində üç gün. Komandalar layihələrini son gün təhvil "
            "verir, sonra hər iki ölkədən olan münsiflər onları qiymətləndirir.",
            "Batı Azerbaycan'daki çiftlikler, meyve bahçeleri ve balık çiftlikleri için "
            "teknoloji geliştirmek isteyen öğrenciler ve genç uzmanlar için Gence İnovasyon "
            "Merkezi'nde üç gün. Takımlar projelerini son gün teslim eder, ardından iki ülkeden "
            "jüri üyeleri projeleri puanlar.",
        ),
        description=_t(
            "Organised with GOSB Teknopark, whose agritech companies bring sensors, drones and "
            "data to the campus. Mentors from Ganja's startups work with the teams.",
            "GOSB Texnoparkı ilə birgə təşkil olunur; onun aqrotexnologiya şirkətləri kampusa "
            "sensorlar, dronlar və verilənlər gətirir. Komandalarla Gəncə startaplarının "
            "mentorları işləyir.",
            "GOSB Teknopark ile birlikte düzenlenir; teknoparkın tarım teknolojisi şirketleri "
            "kampa sensörler, dronlar ve veri getirir. Takımlarla Gence'deki girişimlerden "
            "mentorlar çalışır.",
        ),
        venue_details=_t(
            "Main building, co-working floor",
            "Əsas bina, kovorkinq mərtəbəsi",
            "Ana bina, ortak çalışma katı",
        ),
        site=GANJA_SITE,
        zone=BAKU,
        languages=("az", "tr"),
        starts=(-3, "10:00"),
        ends=(-1, "18:00"),
        registration_opens=(-45, "10:00"),
        registration_closes=(-5, "18:00"),
        cancellation_deadline=(-5, "18:00"),
        capacity=30,
        submissions_close=(-1, "13:00"),
        rooms=(_t("Co-working floor", "Kovorkinq mərtəbəsi", "Ortak çalışma katı"),),
        sessions=(
            SessionSpec(
                (0, "10:00", "12:00"),
                _t(
                    "Opening, challenges and team forming",
                    "Açılış, çağırışlar və komandaların qurulması",
                    "Açılış, problemler ve takım kurma",
                ),
                (
                    "samir.malikov@ganja-innovation-centre.example",
                    "gunel.safarova@innovation-agency.example",
                ),
            ),
            SessionSpec(
                (1, "10:00", "18:00"),
                _t(
                    "Team work with mentors",
                    "Mentorlarla komanda işi",
                    "Mentorlarla takım çalışması",
                ),
            ),
            SessionSpec(
                (2, "14:00", "17:00"),
                _t("Final presentations", "Yekun təqdimatlar", "Final sunumları"),
                ("samir.malikov@ganja-innovation-centre.example", "deniz.erdem@gtu.example", JUDGE),
            ),
        ),
        questions=(SKILLS,),
    ),
]


# --- campuses ---------------------------------------------------------------------------
# People in the campus tables are e-mail addresses of the directory, or "az3"/"tr1": the
# third Azerbaijani / first Turkish invented participant registered for the campus, or
# "az:<university slug>1": the first registered student of that university.


@dataclass(frozen=True)
class TeamSpec:
    name: str
    members: tuple[tuple[str, str], ...]  # (person, role); the first created the team
    open_roles: tuple[str, ...] = ()
    max_size: int = 5


@dataclass(frozen=True)
class IdeaSpec:
    author: str
    challenge: int | None
    title: str
    problem: str
    solution: str
    team_needs: str = ""
    team: TeamSpec | None = None
    project: tuple[str, str, tuple[str, ...]] | None = None  # (title, description, links)
    quality: float = 0.6  # how the judges see it, 0–1


@dataclass(frozen=True)
class CampusSpec:
    event: str
    challenges: tuple[tuple[str, dict[str, str], dict[str, str]], ...]  # (posed by, title, text)
    criteria: tuple[tuple[dict[str, str], dict[str, str], str, int], ...]  # (+ weight, max)
    ideas: tuple[IdeaSpec, ...]
    # (person, team index, role, message, status): requests that did not end in membership
    other_requests: tuple[tuple[str, int, str, str, str], ...] = ()
    slots: tuple[tuple[str, int, str, int, str, int | None], ...] = ()  # mentor, day, time,
    # minutes, topic, booking team
    judges: tuple[str, ...] = ()
    comments: dict[str, tuple[str, ...]] = field(default_factory=dict)  # judge → per team


DECLINED, WITHDRAWN = JoinRequest.Status.DECLINED, JoinRequest.Status.WITHDRAWN

CAMPUSES = [
    CampusSpec(
        event=SHUSHA_CAMPUS,
        challenges=(
            (
                AGENCY,
                _t(
                    "Digital services for a smart village",
                    "Ağıllı kənd üçün rəqəmsal xidmətlər",
                    "Akıllı köy için dijital hizmetler",
                ),
                _t(
                    "Families are returning to newly built villages in Karabakh. Design a service "
                    "that helps them with daily life (appointments, transport, utilities or news "
                    "from the municipality) and works on a basic phone too.",
                    "Qarabağda yenidən tikilmiş kəndlərə ailələr qayıdır. Onlara gündəlik həyatda "
                    "kömək edən xidmət hazırlayın (qəbula yazılma, nəqliyyat, kommunal xidmətlər "
                    "və ya bələdiyyənin xəbərləri); xidmət sadə telefonda da işləməlidir.",
                    "Karabağ'da yeniden inşa edilen köylere aileler geri dönüyor. Onlara gündelik "
                    "hayatta yardımcı olacak bir hizmet tasarlayın (randevu, ulaşım, altyapı "
                    "hizmetleri ya da belediyeden haberler); hizmet basit bir telefonda da "
                    "çalışmalı.",
                ),
            ),
            (
                "abseron-gunes",
                _t(
                    "Solar microgrids for remote settlements",
                    "Ucqar yaşayış məntəqələri üçün günəş mikroşəbəkələri",
                    "Uzak yerleşim yerleri için güneş enerjili mikro şebekeler",
                ),
                _t(
                    "Karabakh is being developed as a green energy zone. How can a village share "
                    "the output of its rooftop panels and batteries fairly, and know when to save "
                    "energy?",
                    "Qarabağ yaşıl enerji zonası kimi inkişaf etdirilir. Kənd dam panellərinin və "
                    "akkumulyatorların enerjisini necə ədalətli bölüşə və enerjiyə nə vaxt qənaət "
                    "etmək lazım olduğunu necə bilə bilər?",
                    "Karabağ bir yeşil enerji bölgesi olarak geliştiriliyor. Bir köy, çatı "
                    "panellerinin ve bataryaların ürettiği enerjiyi nasıl adil paylaşabilir ve ne "
                    "zaman tasarruf etmesi gerektiğini nasıl bilebilir?",
                ),
            ),
            (
                "araz-agrosense",
                _t(
                    "Water-wise farming on reclaimed land",
                    "Yenidən əkilən torpaqlarda sudan qənaətlə istifadə",
                    "Yeniden tarıma açılan topraklarda su tasarruflu tarım",
                ),
                _t(
                    "Farmland around Aghdam is being cultivated again after decades. Help farmers "
                    "decide when and how much to irrigate, with few sensors and an unreliable "
                    "mobile connection.",
                    "Ağdam ətrafındakı torpaqlar onilliklərdən sonra yenidən əkilir. Az sayda "
                    "sensorla və qeyri-sabit mobil rabitə şəraitində fermerlərə nə vaxt və nə "
                    "qədər suvarmaq lazım olduğuna qərar verməkdə kömək edin.",
                    "Ağdam çevresindeki tarım arazileri on yıllar sonra yeniden ekiliyor. Az "
                    "sayıda sensörle ve kesintili bir mobil bağlantıyla çiftçilerin ne zaman ve "
                    "ne kadar sulayacağına karar vermesine yardımcı olun.",
                ),
            ),
            (
                GOSB,
                _t(
                    "Bringing Shusha's heritage to visitors",
                    "Şuşanın irsini ziyarətçilərə çatdırmaq",
                    "Şuşa'nın mirasını ziyaretçilere ulaştırmak",
                ),
                _t(
                    "Shusha's mosques, houses and music are being restored and visitors are coming "
                    "back. Build a guide, a digital twin or an augmented-reality experience that "
                    "works offline and in several languages.",
                    "Şuşanın məscidləri, evləri və musiqi irsi bərpa olunur, ziyarətçilər geri "
                    "qayıdır. Oflayn və bir neçə dildə işləyən bələdçi, rəqəmsal əkiz və ya "
                    "artırılmış reallıq təcrübəsi hazırlayın.",
                    "Şuşa'nın camileri, evleri ve müzik mirası restore ediliyor, ziyaretçiler geri "
                    "dönüyor. Çevrim dışı ve birkaç dilde çalışan bir rehber, dijital ikiz ya da "
                    "artırılmış gerçeklik deneyimi geliştirin.",
                ),
            ),
        ),
        criteria=(
            (
                _t("Impact for the region", "Region üçün təsir", "Bölgeye etkisi"),
                _t(
                    "How much the project would change daily life or business in Karabakh.",
                    "Layihənin Qarabağda gündəlik həyatı və ya işgüzar fəaliyyəti nə qədər "
                    "dəyişəcəyi.",
                    "Projenin Karabağ'da gündelik hayatı ya da iş dünyasını ne ölçüde "
                    "değiştireceği.",
                ),
                "2.00",
                10,
            ),
            (
                _t("Feasibility", "Reallaşdırıla bilmə", "Uygulanabilirlik"),
                _t(
                    "Can the team build and run it with realistic means?",
                    "Komanda bunu real imkanlarla qurub işlədə bilərmi?",
                    "Takım bunu gerçekçi imkânlarla hayata geçirip işletebilir mi?",
                ),
                "1.50",
                10,
            ),
            (
                _t("Innovation", "Yenilikçilik", "Yenilikçilik"),
                _t(
                    "What is new compared with existing solutions?",
                    "Mövcud həllərlə müqayisədə yenilik nədir?",
                    "Mevcut çözümlere göre yenilik nedir?",
                ),
                "1.00",
                10,
            ),
            (
                _t("Prototype and presentation", "Prototip və təqdimat", "Prototip ve sunum"),
                _t(
                    "Does the prototype work, and was it presented clearly?",
                    "Prototip işləyirmi və aydın təqdim olundumu?",
                    "Prototip çalışıyor mu ve açık bir şekilde sunuldu mu?",
                ),
                "0.50",
                10,
            ),
        ),
        ideas=(
            IdeaSpec(
                SPECIALIST,
                2,
                "Ağdam fermerləri üçün SMS ilə suvarma tövsiyələri",
                "Ağdam ətrafında yenidən əkilən sahələrdə fermerlər suvarmanı təxmini edir: su ya "
                "çox verilir, ya da vaxtında verilmir. Mobil internet hər yerdə yoxdur, sensorlar "
                "isə bahadır.",
                "Hər 20 hektara bir ucuz torpaq nəmliyi sensoru və kənddə günəş enerjisi ilə "
                "işləyən bir şlüz. Model hava proqnozunu və sensorların ölçmələrini birləşdirib "
                "hər səhər fermerə sadə SMS göndərir: «Bu gün 3-cü sahəni 40 dəqiqə suvarın».",
                "Aqronom və tətbiqin dizaynı üçün bir nəfər.",
                team=TeamSpec(
                    "Günəş və Su",
                    (
                        (SPECIALIST, "verilənlərin təhlili"),
                        ("sabuhi.novruzov@mail.example", "elektronika"),
                        ("kubra.dogan@mail.example", "gömülü yazılım"),
                        ("az1", "dizayn"),
                    ),
                    ("aqronom",),
                ),
                project=(
                    "Günəş və Su: SMS ilə suvarma məsləhətçisi",
                    "Prototip: ESP32 əsasında torpaq nəmliyi sensoru, günəş panelli LoRa şlüzü və "
                    "SMS göndərən server. Model Ağdam üçün son on ilin hava məlumatları ilə "
                    "yoxlanılıb və nümunə təsərrüfat üçün həftəlik suvarma planı hazırlayır. "
                    "Növbəti addım: beş təsərrüfatda bir mövsümlük pilot.",
                    ("https://git.example/gunes-ve-su", "https://gunes-ve-su.example/demo"),
                ),
                quality=0.88,
            ),
            IdeaSpec(
                "ece.korkmaz@mail.example",
                0,
                "Köy Cebimde: tuşlu telefonla köy hizmetleri",
                "Karabağ'daki yeni köylere dönen ailelerin çoğu, özellikle yaşlılar, akıllı "
                "telefon kullanmıyor. Doktor randevusu, servis saatleri ve belediye duyuruları "
                "için köy merkezine gitmek zorunda kalıyorlar.",
                "SMS ve sesli menüyle (USSD) çalışan bir hizmet: randevu alma, okul servisinin "
                "nerede olduğunu öğrenme, arıza bildirme. Belediye tarafı basit bir web "
                "panelinden yönetiliyor.",
                "Sesli menü için bir yazılımcı ve Azerbaycan Türkçesi metinleri yazacak biri.",
                team=TeamSpec(
                    "Köy Cebimde",
                    (
                        ("ece.korkmaz@mail.example", "UX tasarım"),
                        ("tr1", "sesli menü yazılımı"),
                        ("az2", "Azərbaycan dilində mətnlər"),
                        ("az3", "bələdiyyə ilə əlaqə"),
                    ),
                    ("backend geliştirici",),
                ),
                project=(
                    "Köy Cebimde",
                    "Çalışan prototip: USSD menüsü simülatörü, randevu alma ve arıza bildirimi, "
                    "belediye için web paneli. Köyde yaşayan dört yaşlı kişiyle kullanılabilirlik "
                    "testi yaptık; herkes randevuyu yardımsız aldı.",
                    ("https://git.example/koy-cebimde",),
                ),
                quality=0.74,
            ),
            IdeaSpec(
                "az4",
                1,
                "Kənd üçün günəş enerjisinin ədalətli bölgüsü",
                "Kənddə evlərin damlarında günəş panelləri var, amma gündüz enerji artığı itir, "
                "axşam isə bəzi evlərə enerji çatmır.",
                "Hər evdə açıq mənbəli ağıllı sayğac və ümumi akkumulyator. Sayğaclar kimin nə "
                "qədər verdiyini və götürdüyünü hesablayır, tətbiq isə qənaət lazım olan saatları "
                "əvvəlcədən bildirir.",
                "Elektronika mühəndisi və mobil tətbiq yazan proqramçı.",
                team=TeamSpec(
                    "Ortaq Günəş",
                    (
                        ("az4", "elektrik mühəndisi"),
                        ("togrul.ahmadli@mail.example", "enerji modelləşdirməsi"),
                        ("tr2", "mobil uygulama"),
                    ),
                    ("elektronika mühəndisi",),
                    max_size=4,
                ),
                project=(
                    "Ortaq Günəş: kənd üçün ağıllı sayğac",
                    "Açıq mənbəli sayğac lövhəsinin sxemi, enerji balansını hesablayan server və "
                    "mobil tətbiqin ilk versiyası. Üç ev üçün simulyasiya göstərir ki, axşam "
                    "saatlarında enerji çatışmazlığı 30% azalır.",
                    ("https://git.example/ortaq-gunes",),
                ),
                quality=0.63,
            ),
            IdeaSpec(
                "busra.yavuz@mail.example",
                3,
                "Şuşa'yı Keşfet: çevrim dışı artırılmış gerçeklik rehberi",
                "Şuşa'ya gelen ziyaretçiler restore edilen yapıların hikâyesini bilmiyor; tarihî "
                "alanlarda mobil bağlantı da zayıf.",
                "Telefon kamerası bir yapıya tutulduğunda onu tanıyan, üç dilde sesli anlatım ve "
                "eski fotoğraflar gösteren, tüm içeriği önceden indirilen bir uygulama. Görüntü "
                "tanıma modeli telefonda çalışıyor.",
                "3D modelleme bilen biri ve Azerbaycan tarihi üzerine içerik hazırlayacak bir "
                "arkadaş.",
                team=TeamSpec(
                    "Şuşa'yı Keşfet",
                    (
                        ("busra.yavuz@mail.example", "bilgisayarlı görü"),
                        ("murad.hasanli@mail.example", "məzmun və verilənlər"),
                        ("tr3", "3D modelleme"),
                        ("az5", "tarix məzmunu"),
                        ("tr4", "mobil geliştirme"),
                    ),
                ),
                project=(
                    "Şuşa'yı Keşfet",
                    "Android uygulaması: Yukarı Gövher Ağa Camii ve Natevan'ın evi için görüntü "
                    "tanıma, üç dilde sesli anlatım, çevrim dışı harita. Model telefonda 200 "
                    "milisaniyede sonuç veriyor.",
                    ("https://git.example/susayi-kesfet", "https://susayi-kesfet.example"),
                ),
                quality=0.79,
            ),
            IdeaSpec(
                "az6",
                3,
                "Şuşanın səsləri: muğam irsi üzrə audiobələdçi",
                "Şuşa Qarabağ muğam məktəbinin beşiyidir, lakin ziyarətçilər bu irs haqqında "
                "şəhərdə heç nə eşitmir.",
                "Şəhərin xəritəsində muğam ustadlarının yaşadığı evlərə bağlı qısa audiohekayələr "
                "və arxiv səsyazmaları. Ziyarətçi yaxınlaşanda telefon hekayəni özü təklif edir.",
                "Səs rejissoru və arxivlərlə işləyə bilən tələbə.",
                team=TeamSpec(
                    "Muğam İzləri",
                    (("az6", "layihə rəhbəri"), ("az7", "səs mühəndisi"), ("az8", "veb-proqramçı")),
                    ("arxivlərlə işləyən tələbə",),
                ),
                project=(
                    "Şuşanın səsləri",
                    "Xəritə əsaslı veb-tətbiq və on iki audiohekayə. Arxiv səsyazmalarından "
                    "istifadə hüququnu hələ razılaşdırmamışıq, buna görə nümunələrdə öz "
                    "ifalarımızdan istifadə etdik.",
                    ("https://mugam-izleri.example",),
                ),
                quality=0.56,
            ),
            IdeaSpec(
                "tr5",
                2,
                "Mapping irrigation canals with drones",
                "Many old irrigation canals around Aghdam are damaged or silted up, and nobody "
                "has an up-to-date map of them.",
                "Fly a small drone along the canals, build an orthophoto and let a model mark "
                "breaches and blockages so that the municipality can plan repairs.",
                "A drone pilot with a licence.",
            ),
            IdeaSpec(
                "az9",
                0,
                "Kənd sakinləri üçün birgə avtomobil səfərləri",
                "Yeni kəndlərlə rayon mərkəzi arasında ictimai nəqliyyat seyrəkdir.",
                "Sakinlərin avtomobillərindəki boş yerləri paylaşdığı sadə tətbiq; yaşlılar yer "
                "sifarişini telefonla zəng edərək verə bilir.",
            ),
            IdeaSpec(
                "az10",
                None,
                "Weather stations for shepherds on summer pastures",
                "Shepherds who take their flocks to the mountain pastures above Kalbajar get no "
                "local weather warnings.",
                "Solar-powered weather stations on the pastures that send storm and frost "
                "warnings by radio to a cheap receiver.",
                "Someone who knows LoRa radio.",
            ),
        ),
        other_requests=(
            ("tr6", 0, "tasarım", "Arayüz tasarımında deneyimim var, katılmak isterim.", DECLINED),
            ("az11", 3, "proqramçı", "Flutter ilə mobil tətbiq yaza bilərəm.", DECLINED),
            ("tr2", 1, "mobil uygulama", "Mobil tarafında yardımcı olabilirim.", WITHDRAWN),
        ),
        slots=(
            (JUDGE, 1, "14:00", 30, "Machine learning and data", 0),
            (JUDGE, 1, "14:30", 30, "Machine learning and data", 3),
            (JUDGE, 1, "15:00", 30, "Machine learning and data", None),
            ("elif.sahin@gosbteknopark.example", 1, "16:00", 30, "Business model and pitch", 1),
            ("elif.sahin@gosbteknopark.example", 1, "16:30", 30, "Business model and pitch", 4),
            ("elif.sahin@gosbteknopark.example", 2, "11:00", 30, "Business model and pitch", 0),
            ("aynur.sultanova@araz-agrosense.example", 2, "14:00", 45, "Farming and sensors", 2),
            ("aynur.sultanova@araz-agrosense.example", 2, "14:45", 45, "Farming and sensors", None),
            ("deniz.erdem@gtu.example", 2, "16:00", 30, "Prototyping and hardware", 2),
            ("deniz.erdem@gtu.example", 2, "16:30", 30, "Prototyping and hardware", None),
        ),
        judges=(
            "kamran.aliyev@baku-innovation-centre.example",
            "burak.ozturk@gosbteknopark.example",
            "sabina.rustamova@digital-transport.example",
        ),
        comments={
            "kamran.aliyev@baku-innovation-centre.example": (
                "Güclü ideya və işlək prototip; pilot üçün fermerlərlə indidən danışıqlara "
                "başlayın.",
                "Yaxşı istifadəçi araşdırması; texniki hissəni gücləndirin.",
                "Hesablamalar inandırıcıdır, lakin sayğacın qiymətini azaltmaq lazımdır.",
                "Təqdimat aydın idi; məzmun hüquqlarını erkən həll edin.",
                "Maraqlı mövzudur, amma prototip hələ zəifdir.",
            ),
            "burak.ozturk@gosbteknopark.example": (
                "Sahada test edilmeye hazır, tebrikler.",
                "Kullanıcı testleri çok değerli; ölçeklenme planı eksik.",
                "Donanım maliyetini düşürmeniz gerekiyor.",
                "Görüntü tanıma başarılı; içerik üretimini planlayın.",
                "Fikir güzel, prototipi olgunlaştırmanız gerekiyor.",
            ),
            "sabina.rustamova@digital-transport.example": (
                "Qarabağın kənd təsərrüfatı üçün birbaşa faydalıdır.",
                "Bələdiyyələrlə əməkdaşlıq modeli aydın olmalıdır.",
                "Yaşıl enerji zonası proqramına uyğundur.",
                "Turizm üçün dəyərlidir; əlçatanlığı da nəzərə alın.",
                "Mədəni irs baxımından önəmlidir, davam etdirin.",
            ),
        },
    ),
    CampusSpec(
        event=GANJA_CAMPUS,
        challenges=(
            (
                "kepez-dron",
                _t(
                    "Early warning of disease in orchards",
                    "Meyvə bağlarında xəstəliklərin erkən aşkarlanması",
                    "Meyve bahçelerinde hastalıkların erken tespiti",
                ),
                _t(
                    "Drones fly over Ganja's orchards every week. Turn their images into a "
                    "warning farmers can act on before a disease spreads.",
                    "Gəncənin meyvə bağları üzərində hər həftə dronlar uçur. Onların çəkdiyi "
                    "təsvirləri xəstəlik yayılmazdan əvvəl fermerin tədbir görə biləcəyi "
                    "xəbərdarlığa çevirin.",
                    "Gence'nin meyve bahçelerinin üzerinde her hafta dronlar uçuyor. Çektikleri "
                    "görüntüleri, bir hastalık yayılmadan önce çiftçinin harekete geçebileceği bir "
                    "uyarıya dönüştürün.",
                ),
            ),
            (
                "kur-su-texnologiyalari",
                _t(
                    "Water quality for fish farms on the Kura",
                    "Kür boyu balıq təsərrüfatlarında suyun keyfiyyəti",
                    "Kura kıyısındaki balık çiftliklerinde su kalitesi",
                ),
                _t(
                    "Oxygen and temperature change fast in summer. Predict a dangerous drop a few "
                    "hours ahead from the buoys' readings.",
                    "Yayda oksigen və temperatur sürətlə dəyişir. Şamandıraların ölçmələrinə "
                    "əsasən təhlükəli enişi bir neçə saat əvvəlcədən proqnozlaşdırın.",
                    "Yazın oksijen ve sıcaklık hızla değişir. Şamandıraların ölçümlerinden "
                    "tehlikeli bir düşüşü birkaç saat önceden tahmin edin.",
                ),
            ),
            (
                "ganja-innovation-centre",
                _t(
                    "A cold chain small farmers can afford",
                    "Kiçik fermerlərin ödəyə biləcəyi soyuq zəncir",
                    "Küçük çiftçilerin karşılayabileceği bir soğuk zincir",
                ),
                _t(
                    "Fruit loses value between the orchard and the market. Find a way for small "
                    "farms to share cold storage and transport.",
                    "Meyvə bağdan bazara qədər yolda dəyərini itirir. Kiçik təsərrüfatların soyuq "
                    "anbarları və nəqliyyatı birgə istifadə etməsinin yolunu tapın.",
                    "Meyve, bahçeden pazara giden yolda değer kaybediyor. Küçük çiftliklerin soğuk "
                    "depoları ve taşımayı ortak kullanmasının bir yolunu bulun.",
                ),
            ),
        ),
        criteria=(
            (
                _t(
                    "Usefulness for farmers",
                    "Fermerlər üçün faydalılıq",
                    "Çiftçiler için yararlılık",
                ),
                _t(
                    "Would farmers around Ganja use it, and pay for it?",
                    "Gəncə ətrafındakı fermerlər bundan istifadə edər və bunun üçün pul "
                    "ödəyərdimi?",
                    "Gence çevresindeki çiftçiler bunu kullanır ve parasını öder mi?",
                ),
                "2.00",
                10,
            ),
            (
                _t("Technical quality", "Texniki keyfiyyət", "Teknik kalite"),
                _t(
                    "Does the prototype work on real data?",
                    "Prototip real verilənlərlə işləyirmi?",
                    "Prototip gerçek verilerle çalışıyor mu?",
                ),
                "1.50",
                10,
            ),
            (
                _t("Presentation", "Təqdimat", "Sunum"),
                _t(
                    "Was the project explained clearly in the final presentation?",
                    "Layihə yekun təqdimatda aydın izah olundumu?",
                    "Proje final sunumunda açıkça anlatıldı mı?",
                ),
                "1.00",
                10,
            ),
        ),
        ideas=(
            IdeaSpec(
                "az1",
                0,
                "BağGözü: dron təsvirlərindən xəstəlik xəbərdarlığı",
                "Meyvə bağlarında xəstəlik adətən gözlə görünəndə artıq gec olur.",
                "Dronun multispektral təsvirlərindən yarpaqların vəziyyətini qiymətləndirən model "
                "və fermerə xəritə ilə göndərilən xəbərdarlıq.",
                team=TeamSpec(
                    "BağGözü",
                    (
                        ("az1", "komanda rəhbəri"),
                        ("az:azerbaijan-technical-university1", "kompüter görməsi"),
                        ("az2", "dron məlumatları"),
                    ),
                    ("mobil proqramçı",),
                ),
                project=(
                    "BağGözü",
                    "Model Kəpəz Dronun üç həftəlik təsvirləri üzərində öyrədilib; iki bağda "
                    "xəstəliyin ilk əlamətlərini fermerdən doqquz gün əvvəl göstərdi. "
                    "Xəbərdarlıq SMS və mesajlaşma tətbiqi ilə göndərilir.",
                    ("https://git.example/bag-gozu",),
                ),
                quality=0.8,
            ),
            IdeaSpec(
                "tr1",
                1,
                "OksiKür: balık çiftlikleri için oksijen tahmini",
                "Yaz gecelerinde sudaki oksijen birkaç saat içinde tehlikeli seviyeye düşebiliyor.",
                "Şamandıra verileri ve hava tahmininden altı saat sonrasının oksijen seviyesini "
                "tahmin eden model; eşik aşılacaksa havalandırıcı otomatik çalıştırılıyor.",
                team=TeamSpec(
                    "OksiKür",
                    (
                        ("tr1", "veri bilimi"),
                        ("tr:gebze-technical-university1", "elektronik"),
                        ("az3", "balıqçılıq təsərrüfatı"),
                    ),
                ),
                project=(
                    "OksiKür",
                    "Kür Su Teknolojileri'nin bir yıllık şamandıra verisiyle eğitilen model, "
                    "düşüşleri ortalama dört saat önceden yakaladı. Havalandırıcıyı süren röle "
                    "kartının prototipi hazır.",
                    ("https://git.example/oksikur",),
                ),
                quality=0.76,
            ),
            IdeaSpec(
                "az4",
                2,
                "SoyuqYol: kiçik fermerlər üçün birgə soyuq anbar",
                "Kiçik fermerin soyuducu anbar icarəyə götürməyə imkanı yoxdur, meyvə isə bazara "
                "çatana qədər xarab olur.",
                "Fermerlərin anbarda yer və soyuducu maşında yük yeri sifariş etdiyi platforma; "
                "marşrutlar bir neçə kəndin yükünü birləşdirir.",
                "Satış üzrə təcrübəsi olan bir nəfər.",
                team=TeamSpec(
                    "SoyuqYol",
                    (
                        ("az4", "biznes modeli"),
                        ("sabuhi.novruzov@mail.example", "IoT sensorlar"),
                        ("az5", "veb-proqramçı"),
                        ("tr2", "lojistik yazılımı"),
                    ),
                    ("satış",),
                ),
                project=(
                    "SoyuqYol",
                    "Platformanın prototipi və Göygöldəki iki anbarla danışıqların nəticələri: "
                    "birgə daşıma ilə yük yerinin qiyməti fermer başına 35% azalır.",
                    ("https://soyuqyol.example",),
                ),
                quality=0.66,
            ),
            IdeaSpec(
                "tr3",
                0,
                "Leafcheck: a phone app for leaf diseases",
                "Farmers who spot odd leaves have no quick way to know what it is.",
                "Take a photo; an offline model names the likely disease and what to do, in "
                "Azerbaijani and Turkish.",
                "An agronomist and a designer.",
                team=TeamSpec(
                    "Leafcheck",
                    (("tr3", "machine learning"), ("az6", "Android")),
                    ("agronomist", "designer"),
                    max_size=4,
                ),
                project=(
                    "Leafcheck",
                    "Offline model for six apple and pear diseases (86% accuracy on our test set) "
                    "and an app in Azerbaijani and Turkish.",
                    ("https://git.example/leafcheck",),
                ),
                quality=0.6,
            ),
            IdeaSpec(
                "tr4",
                None,
                "Arılar için kovan sensörü",
                "Arıcılar kovandaki sorunları geç fark ediyor.",
                "Ağırlık ve ses sensörlü, güneş enerjisiyle çalışan bir kovan tartısı.",
            ),
        ),
        other_requests=(
            ("az7", 2, "dizayn", "Figma ilə interfeys hazırlaya bilərəm.", DECLINED),
            ("az6", 0, "Android", "Android tətbiqi yaza bilərəm.", WITHDRAWN),
        ),
        slots=(
            ("aynur.sultanova@araz-agrosense.example", 1, "11:00", 45, "Sensors and irrigation", 2),
            ("aynur.sultanova@araz-agrosense.example", 1, "11:45", 45, "Sensors and irrigation", 0),
            ("rovsan.asgarov@xezer-analytics.example", 1, "15:00", 30, "Data and models", 1),
            ("rovsan.asgarov@xezer-analytics.example", 1, "15:30", 30, "Data and models", None),
        ),
        judges=(JUDGE, "samir.malikov@ganja-innovation-centre.example", "deniz.erdem@gtu.example"),
        comments={
            "samir.malikov@ganja-innovation-centre.example": (
                "Fermerlərlə sınaq üçün Gəncə İnnovasiya Mərkəzi kömək edə bilər.",
                "Balıqçılıq təsərrüfatları üçün çox vacib məsələdir.",
                "Yaxşı başlanğıcdır; qiymət modelini daha dəqiq hesablayın.",
                "Tətbiq sadədir və fermerlər üçün anlaşıqlıdır.",
            ),
            "deniz.erdem@gtu.example": (
                "Model sonuçları umut verici; saha testine geçin.",
                "Donanım tarafı sağlam, veri setini büyütün.",
                "İş modeli net, teknik kısım zayıf.",
                "Çevrim dışı model iyi bir tercih; doğruluğu sahada ölçün.",
            ),
        },
    ),
]

FOLLOWUP_NOTE = (
    "Araz AgroSense, which posed the challenge, is building the first ten sensors with the "
    "team; the pilot starts on five farms in the Aghdam district next season, with the "
    "Innovation Agency paying for the hardware."
)
FOLLOWUP_URL = "https://gunes-ve-su.example/pilot"


# --- what people answer -----------------------------------------------------------------
TEXTS: dict[str, dict[str, list[str]]] = {
    "diet": {
        "az": ["Vegetarian", "Qlütensiz qida", "Qoz-fındığa allergiyam var"],
        "tr": ["Vejetaryen", "Glütensiz", "Fıstık alerjim var"],
        "en": ["Vegetarian", "Vegan", "Lactose-free, please"],
    },
    "hopes": {
        "az": [
            "Türkiyə şirkətləri ilə tərəfdaşlıq imkanlarını öyrənmək.",
            "Texnologiya transferi təcrübəsi haqqında eşitmək.",
            "Yüksək Texnologiyalar Parkında rezidentlik şərtlərini öyrənmək.",
            "Robototexnika sahəsində mentor tapmaq.",
        ],
        "tr": [
            "Azerbaycan pazarı hakkında bilgi edinmek.",
            "Bakü'deki inovasyon merkezleriyle ortak proje fikirleri geliştirmek.",
            "Yüksek Teknoloji Parkı'ndaki fırsatları öğrenmek.",
            "Yatırımcılarla tanışmak.",
        ],
        "en": [
            "Meeting possible partners from the other country.",
            "Learning how the technology transfer offices work.",
        ],
    },
    "survey": {
        "az": [
            "Paralel sessiyalar çox idi, bəzən seçmək çətin oldu.",
            "Nahar fasiləsi tanışlıq üçün qısa idi.",
            "Türk şirkətləri ilə B2B görüşlər üçün ayrıca vaxt olsa, yaxşı olardı.",
            "Sinxron tərcümə çox yaxşı idi, təşəkkürlər.",
        ],
        "tr": [
            "Paralel oturumlar çakıştı, ikisine de katılmak isterdim.",
            "Azerbaycanlı girişimlerle birebir görüşmeler için ayrı bir zaman olmalı.",
            "Salon biraz sıcaktı.",
            "Konuşmacılar çok iyiydi; sunumlar paylaşılırsa sevinirim.",
        ],
        "en": [
            "More time for questions after the talks, please.",
            "Please publish the slides after the conference.",
            "A matchmaking session on the first evening would help.",
        ],
    },
    "laser": {
        "az": [
            "Startapımızın cihazları üçün korpus hazırlamaq.",
            "Memarlıq maketləri.",
            "Tələbə layihəsi üçün prototip.",
        ],
        "tr": ["Ürün prototipleri için muhafaza kesimi.", "Atölyede eğitim materyali hazırlamak."],
        "en": ["Enclosures for our sensor prototypes.", "Signs and models for a design course."],
    },
    "robots": {
        "az": [
            "Robotların proqramlaşdırılmasını real avadanlıqda sınamaq istəyirəm.",
            "Maşın görməsini robotla birləşdirməyi öyrənmək.",
        ],
        "tr": [
            "Öğretme paneliyle programlamayı uygulamalı öğrenmek.",
            "Simülasyonla çevrim dışı programlamayı öğrenmek.",
        ],
        "en": ["Hands-on practice with an industrial robot."],
    },
    "licensing": {
        "az": [
            "Sensor lövhəmizin dizaynını Türkiyədəki elektronika istehsalçısına lisenziya ilə "
            "vermək istəyirik.",
            "Azərbaycan dilində nitqin tanınması modelimizi türk çağrı mərkəzləri üçün "
            "uyğunlaşdırıb lisenziyalaşdırmaq istəyirik.",
            "Təkrar emal olunmuş polimer reseptimizi Gebzedəki bir zavoda lisenziya ilə vermək.",
        ],
        "tr": [
            "Geliştirdiğimiz kaplama sürecini Bakü'deki bir üreticiye lisanslamak istiyoruz.",
            "Kestirimci bakım yazılımımızı Azerbaycan'daki bir entegratöre lisanslamak.",
            "Patentli tutucu tasarımımızı Azerbaycan'daki bir makine firmasına lisanslamak.",
        ],
        "en": ["Licensing our route-planning engine to a logistics company in Türkiye."],
    },
    "skills": {
        "az": [
            "Python və verilənlərin təhlili",
            "Elektronika və Arduino",
            "UX dizayn",
            "Mobil tətbiqlər",
        ],
        "tr": ["Gömülü yazılım", "Bilgisayarlı görü", "3D modelleme", "Web geliştirme"],
        "en": ["Data science", "Project management and pitching"],
    },
    "join": {
        "az": ["Komandanıza qoşulmaq istərdim."],
        "tr": ["Takımınıza katılmak isterim."],
        "en": ["I would like to join your team."],
    },
}


def _pick(rng: random.Random, key: str, language: str) -> str:
    return rng.choice(TEXTS[key].get(language) or TEXTS[key]["en"])


def _answer(label: str, person: Person, rng: random.Random):
    """A participant's answer to a registration question (by its English label)."""
    language = person.preferred_language
    if label == LISTED.label["en"]:
        return "yes" if rng.random() < 0.9 else "no"
    if label == DIET.label["en"]:
        return _pick(rng, "diet", language) if rng.random() < 0.15 else ""
    if label == HOPES.label["en"]:
        return _pick(rng, "hopes", language) if rng.random() < 0.35 else ""
    if label == SKILLS.label["en"]:
        return _pick(rng, "skills", language)
    if label.startswith("What will you use the laser cutter"):
        return _pick(rng, "laser", language)
    if label.startswith("What do you hope to learn"):
        return _pick(rng, "robots", language) if rng.random() < 0.6 else ""
    if label.startswith("Do you need accommodation"):
        return "yes" if person.country != "TR" or rng.random() < 0.2 else "no"
    if label.startswith("Which technology would you like to license"):
        return _pick(rng, "licensing", language)
    raise ValueError(f"no demo answer for {label!r}")


def _survey_answer(question: Question, person: Person, rng: random.Random):
    if question.kind == Q.RATING:
        weights = {0: [0, 0, 2, 5, 4], 1: [0, 1, 3, 5, 3], 2: [0, 0, 2, 4, 5]}[question.position]
        return rng.choices([1, 2, 3, 4, 5], weights=weights)[0]
    if question.kind == Q.YES_NO:
        return "yes" if rng.random() < (0.55 if question.position == 3 else 0.85) else "no"
    return _pick(rng, "survey", person.preferred_language) if rng.random() < 0.45 else ""


# --- loading ----------------------------------------------------------------------------
def _at(anchor: dt.date, day: int, clock: str, zone: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    local = dt.datetime.combine(
        anchor + dt.timedelta(days=day), dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
    )
    return local.astimezone(dt.UTC)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A time between two others, to the minute."""
    minutes = max(1, int((end - start).total_seconds() // 60))
    return start + dt.timedelta(minutes=rng.randrange(minutes))


def _find(model, field_name: str, values) -> dict[str, Any]:
    values = set(values)
    found = {
        getattr(o, field_name): o for o in model.objects.filter(**{f"{field_name}__in": values})
    }
    missing = sorted(values - set(found))
    if missing:
        raise LookupError(
            f"The events demo needs the directory demo ({model._meta.verbose_name_plural} "
            f"missing: {', '.join(missing)}); run korpu.directory.demo.load_demo() first."
        )
    return found


# Event fields restored when edited; places, status and published results are the
# organisers' to change.
EVENT_FIXED = {"slug", "status", "capacity", "results_published", "created_at"}


def load_events_demo() -> DemoResult:
    """Load (or bring back) the demo events in one transaction."""
    started = time.perf_counter()
    # Untranslated columns take the English text whatever language is active.
    with translation.override("en"), transaction.atomic():
        result = _Loader().load()
    result.seconds = time.perf_counter() - started
    return result


class _Loader:
    def __init__(self) -> None:
        self.sync = _Sync()
        self.now = timezone.now()
        self.today = self.now.astimezone(dt.UTC).date()

    # -- small tools -------------------------------------------------------------------
    def insert(self, label: str, model, rows: list[dict[str, Any]]) -> list:
        """Create rows that are made together (see the module docstring); automatic
        timestamps take the rows' values."""
        return self.sync.insert(label, model, rows)

    def count(self, label: str, amount: int = 1) -> None:
        """Rows a service created."""
        self.sync.tallies.setdefault(label, Tally()).created += amount

    def person(self, email: str) -> Person:
        return self.people[email]

    # -- the load ----------------------------------------------------------------------
    def load(self) -> DemoResult:
        sync = self.sync
        gosb, startups = gosb_companies(), az_startups()
        self.directory_specs = people(gosb, startups)
        gosb_slugs = {c.slug for c in gosb} - {SHOWCASE_COMPANY_SLUG}
        # Founders and managers of demo companies: the people invited to the park briefing
        # and registering for the licensing clinic.
        self.gosb_leads = [
            p.email
            for p in self.directory_specs
            if p.memberships and p.memberships[0][0] in gosb_slugs
        ]
        self.az_founders = [
            p.email
            for p in self.directory_specs
            if p.memberships and p.memberships[0][0] in {c.slug for c in startups}
        ]
        self.young_directory = [
            p.email
            for p in self.directory_specs
            if not p.memberships and not p.demo_role and p.email.endswith("@mail.example")
        ]

        specs = participants()
        org_slugs = {s for e in EVENTS for s in e.organisers}
        org_slugs |= {s.organisation for s in specs if s.organisation}
        org_slugs |= {posed for c in CAMPUSES for posed, _title, _text in c.challenges}
        orgs = _find(Organisation, "slug", org_slugs)
        parks = _find(Park, "slug", {e.site[0] for e in EVENTS if e.site})
        memo = Partnership.objects.filter(slug=MEMORANDUM_SLUG).first()

        # Participants, not listed in the public directory, and where they study or work.
        person_rows = [
            {
                "email": s.email,
                "first_name": s.first_name,
                "last_name": s.last_name,
                "country": s.country,
                "city": s.city,
                "languages": list(s.languages),
                "preferred_language": s.preferred_language,
                "headline": s.headline,
                "expertise": s.expertise,
                "is_public": False,
                "is_active": True,
                "gender": s.gender,
                "birth_year": s.born if s.consent else None,
                "statistics_consent_at": JOINED + dt.timedelta(hours=7 * i) if s.consent else None,
                "date_joined": JOINED + dt.timedelta(hours=7 * i),
            }
            for i, s in enumerate(specs)
        ]

        def no_password(person: Person) -> None:
            person.set_unusable_password()

        created = sync.sync("participants", Person, ("email",), person_rows, on_create=no_password)
        self.participants = [(s, created[(s.email,)]) for s in specs]
        sync.sync(
            "participant memberships",
            Membership,
            ("person_id", "organisation_id"),
            [
                {
                    "person_id": created[(s.email,)].pk,
                    "organisation_id": orgs[s.organisation].pk,
                    "role": Membership.Role.MEMBER,
                    "title": s.title,
                }
                for s in specs
                if s.organisation
            ],
        )

        emails = {MANAGER, AGENCY_ADMIN, SPECIALIST, COMPANY_ADMIN, COMPANY_MEMBER, JUDGE}
        emails |= {PARK_MANAGER} | {p.email for p in self.directory_specs if not p.demo_role}
        for event in EVENTS:
            for session in event.sessions:
                emails |= {s for s in session.speakers if isinstance(s, str)}
        for c in CAMPUSES:
            emails |= set(c.judges) | {slot[0] for slot in c.slots}
            for idea in c.ideas:
                refs = [idea.author] + [m for m, _r in (idea.team.members if idea.team else ())]
                emails |= {ref for ref in refs if "@" in ref}
        self.people = _find(Person, "email", emails)
        self.people_by_pk = {p.pk: p for p in self.people.values()}
        self.manager = self.person(MANAGER)

        # The campus venue in Shusha, where the innovation centre is planned.
        shusha = parks["shusha-innovation-centre"]
        sync.sync(
            "event venues",
            Site,
            ("park_id", "name"),
            [
                {
                    "park_id": shusha.pk,
                    "name": SHUSHA_SITE,
                    "address": "Şuşa şəhəri, Azərbaycan",
                    "latitude": Decimal("39.758300"),
                    "longitude": Decimal("46.750000"),
                }
            ],
        )
        sites = {
            (site.park.slug, site.name): site
            for site in Site.objects.filter(park__in=parks.values()).select_related("park")
        }
        qualification = sync.sync(
            "qualifications",
            Qualification,
            ("name_en",),
            [
                {
                    **_i18n("name", LASER_QUALIFICATION),
                    **_i18n(
                        "description",
                        _t(
                            "Trained to operate a CO₂ laser cutter safely: laser classes, "
                            "materials that must not be cut, fume extraction, fire and "
                            "emergency procedures.",
                            "CO₂ lazer kəsicidən təhlükəsiz istifadə üzrə təlim keçib: lazer "
                            "sinifləri, kəsilməsi qadağan olan materiallar, tüstünün sorulması, "
                            "yanğın və fövqəladə hallarda davranış qaydaları.",
                            "CO₂ lazer kesiciyi güvenle kullanma eğitimi almıştır: lazer "
                            "sınıfları, kesilmemesi gereken malzemeler, duman emişi, yangın ve "
                            "acil durum prosedürleri.",
                        ),
                    ),
                    "valid_for_months": 24,
                }
            ],
        )[(LASER_QUALIFICATION["en"],)]

        # Events: each follows the day it was first loaded.
        existing = {e.slug: e for e in Event.objects.filter(slug__in=[e.slug for e in EVENTS])}
        self.anchors = {
            spec.slug: existing[spec.slug].created_at.astimezone(dt.UTC).date()
            if spec.slug in existing
            else self.today
            for spec in EVENTS
        }
        rows = []
        for spec in EVENTS:

            def at(value, spec=spec):
                return self.moment(spec, value) if value else None

            rows.append(
                {
                    "slug": spec.slug,
                    "kind": spec.kind,
                    **_i18n("title", spec.title),
                    **_i18n("summary", spec.summary),
                    **_i18n("description", spec.description),
                    **_i18n("venue_details", spec.venue_details),
                    "partnership_id": memo.pk if memo else None,
                    "languages": list(spec.languages),
                    "site_id": sites[spec.site].pk if spec.site else None,
                    "online_url": spec.online_url,
                    "time_zone": spec.zone,
                    "starts_at": at(spec.starts),
                    "ends_at": at(spec.ends),
                    "visibility": spec.visibility,
                    "status": Event.Status.PUBLISHED,
                    "capacity": spec.capacity,
                    "registration_opens_at": at(spec.registration_opens),
                    "registration_closes_at": at(spec.registration_closes),
                    "cancellation_deadline": at(spec.cancellation_deadline),
                    "requires_approval": spec.requires_approval,
                    "waitlist_enabled": spec.waitlist_enabled,
                    "offer_hours": spec.offer_hours,
                    "reminder_hours": list(spec.reminder_hours),
                    "certificate_min_attendance": spec.certificate_min_attendance,
                    "grants_qualification_id": qualification.pk
                    if spec.grants_qualification
                    else None,
                    "submissions_close_at": at(spec.submissions_close),
                    "results_published": False,
                    "created_at": self.now,
                }
            )
        restored = [name for name in rows[0] if name not in EVENT_FIXED]
        events = {
            key[0]: event
            for key, event in sync.sync("events", Event, ("slug",), rows, update=restored).items()
        }
        sync.link(
            "event organisers",
            Event.organisers.through,
            "event_id",
            "organisation_id",
            {(events[e.slug].pk, orgs[slug].pk) for e in EVENTS for slug in e.organisers},
        )
        self.agendas(events)
        self.questions(events)
        self.campus_settings(events)

        for spec in EVENTS:
            event = events[spec.slug]
            if Registration.objects.filter(event=event).exists():
                self.count_existing(event)
                continue
            self.plans[spec.slug](self, event, spec)

        result = DemoResult(tallies=sync.tallies, accounts=[])
        if result.changed:
            changes: dict[str, list[Any]] = {}
            for label, tally in sync.tallies.items():
                if tally.created:
                    before = tally.updated + tally.unchanged
                    changes[label] = [before, before + tally.created]
                if tally.updated:
                    changes[f"{label} rewritten"] = [0, tally.updated]
            audit.record(actor=None, action="demo.load_events", changes=changes)
        return result

    # -- texts and settings ------------------------------------------------------------
    def agendas(self, events: dict[str, Event]) -> None:
        sync = self.sync
        track_rows, room_rows = [], []
        for spec in EVENTS:
            event = events[spec.slug]
            for position, (name, colour) in enumerate(spec.tracks):
                track_rows.append(
                    {
                        "event_id": event.pk,
                        "position": position,
                        "colour": colour,
                        **_i18n("name", name),
                    }
                )
            for position, name in enumerate(spec.rooms):
                room_rows.append(
                    {"event_id": event.pk, "position": position, **_i18n("name", name)}
                )
        tracks = sync.sync("tracks", Track, ("event_id", "position"), track_rows)
        rooms = sync.sync("rooms", Room, ("event_id", "position"), room_rows)
        session_rows, keys = [], {}
        for spec in EVENTS:
            event, anchor = events[spec.slug], self.anchors[spec.slug]
            keys[spec.slug] = []
            for item in spec.sessions:
                offset, start, end = item.when
                day = spec.starts[0] + offset
                row = {
                    "event_id": event.pk,
                    "starts_at": _at(anchor, day, start, spec.zone),
                    "room_id": rooms[(event.pk, item.room)].pk,
                    "ends_at": _at(anchor, day, end, spec.zone),
                    "track_id": tracks[(event.pk, item.track)].pk
                    if item.track is not None
                    else None,
                    "capacity": item.capacity,
                    "counts_for_attendance": item.counts,
                    **_i18n("title", item.title),
                }
                session_rows.append(row)
                keys[spec.slug].append((row["event_id"], row["starts_at"], row["room_id"]))
        sessions = sync.sync(
            "sessions", Session, ("event_id", "starts_at", "room_id"), session_rows
        )
        self.sessions = {slug: [sessions[key] for key in k] for slug, k in keys.items()}
        speaker_rows = []
        for spec in EVENTS:
            for item, session in zip(spec.sessions, self.sessions[spec.slug], strict=True):
                for position, speaker in enumerate(item.speakers):
                    guest = ("", "") if isinstance(speaker, str) else speaker
                    speaker_rows.append(
                        {
                            "session_id": session.pk,
                            "position": position,
                            "person_id": self.person(speaker).pk
                            if isinstance(speaker, str)
                            else None,
                            "guest_name": guest[0],
                            "guest_affiliation": guest[1],
                        }
                    )
        sync.sync("speakers", Speaker, ("session_id", "position"), speaker_rows)

    def questions(self, events: dict[str, Event]) -> None:
        rows, survey_rows = [], []
        for spec in EVENTS:
            event, anchor = events[spec.slug], self.anchors[spec.slug]
            forms = [(Question.Form.REGISTRATION, spec.questions)]
            if spec.survey:
                forms.append((Question.Form.SURVEY, spec.survey.questions))
                survey_rows.append(
                    {
                        "event_id": event.pk,
                        "opens_at": _at(anchor, *spec.survey.opens, spec.zone),
                        "closes_at": _at(anchor, *spec.survey.closes, spec.zone),
                        **_i18n("intro", spec.survey.intro),
                    }
                )
            for form, questions in forms:
                for position, q in enumerate(questions):
                    rows.append(
                        {
                            "event_id": event.pk,
                            "form": form,
                            "position": position,
                            "kind": q.kind,
                            "required": q.required,
                            "choices": [],
                            **_i18n("label", q.label),
                            **_i18n("help_text", q.help_text),
                        }
                    )
        found = self.sync.sync("event questions", Question, ("event_id", "form", "position"), rows)
        self.registration_questions: dict[int, list[Question]] = {}
        self.survey_questions: dict[int, list[Question]] = {}
        for (event_id, form, _position), question in sorted(found.items(), key=lambda i: i[0]):
            target = (
                self.registration_questions
                if form == Question.Form.REGISTRATION
                else self.survey_questions
            )
            target.setdefault(event_id, []).append(question)
        surveys = self.sync.sync("surveys", Survey, ("event_id",), survey_rows)
        self.surveys = {key[0]: survey for key, survey in surveys.items()}

    def campus_settings(self, events: dict[str, Event]) -> None:
        orgs = {
            o.slug: o
            for o in Organisation.objects.filter(
                slug__in={posed for c in CAMPUSES for posed, _t1, _t2 in c.challenges}
            )
        }
        challenge_rows, criterion_rows = [], []
        for c in CAMPUSES:
            event = events[c.event]
            for position, (posed_by, title, text) in enumerate(c.challenges):
                challenge_rows.append(
                    {
                        "event_id": event.pk,
                        "position": position,
                        "posed_by_id": orgs[posed_by].pk,
                        **_i18n("title", title),
                        **_i18n("description", text),
                    }
                )
            for position, (label, text, weight, highest) in enumerate(c.criteria):
                criterion_rows.append(
                    {
                        "event_id": event.pk,
                        "position": position,
                        "weight": Decimal(weight),
                        "max_score": highest,
                        **_i18n("label", label),
                        **_i18n("description", text),
                    }
                )
        challenges = self.sync.sync(
            "challenges", Challenge, ("event_id", "position"), challenge_rows
        )
        criteria = self.sync.sync(
            "judging criteria", JudgingCriterion, ("event_id", "position"), criterion_rows
        )
        self.challenges = {
            c.event: [challenges[(events[c.event].pk, i)] for i in range(len(c.challenges))]
            for c in CAMPUSES
        }
        self.criteria = {
            c.event: [criteria[(events[c.event].pk, i)] for i in range(len(c.criteria))]
            for c in CAMPUSES
        }

    def count_existing(self, event: Event) -> None:
        """Tally the workflow rows of an event loaded before."""
        existing = self.sync.existing
        existing("registrations", Registration.objects.filter(event=event).count())
        existing("session places", SessionSeat.objects.filter(session__event=event).count())
        existing("check-ins", CheckIn.objects.filter(registration__event=event).count())
        existing("invitations", Invitation.objects.filter(event=event).count())
        certificates = Certificate.objects.filter(registration__event=event)
        existing("certificates", certificates.count())
        existing(
            "qualifications held", certificates.filter(qualification_grant__isnull=False).count()
        )
        existing("survey responses", SurveyResponse.objects.filter(survey__event=event).count())
        if event.kind == Kind.CAMPUS:
            existing("ideas", Idea.objects.filter(event=event).count())
            existing("teams", Team.objects.filter(event=event).count())
            existing("team members", TeamMember.objects.filter(event=event).count())
            existing("join requests", JoinRequest.objects.filter(team__event=event).count())
            existing("mentor slots", MentorSlot.objects.filter(event=event).count())
            existing("projects", Submission.objects.filter(team__event=event).count())
            existing("judges", Judge.objects.filter(event=event).count())
            existing(
                "judging assignments", JudgeAssignment.objects.filter(judge__event=event).count()
            )

    # -- helpers of the plans ----------------------------------------------------------
    def pool(self, *, country: str | None = None, young: bool | None = None) -> list[Person]:
        return [
            person
            for spec, person in self.participants
            if (country is None or spec.country == country)
            and (young is None or spec.young == young)
        ]

    def spec_of(self, person: Person) -> ParticipantSpec | None:
        if not hasattr(self, "_specs"):
            self._specs = {p.pk: s for s, p in self.participants}
        return self._specs.get(person.pk)

    def answers(self, event: Event, person: Person, rng: random.Random) -> dict:
        questions = self.registration_questions.get(event.pk, [])
        data = {services.field_name(q): _answer(q.label_en, person, rng) for q in questions}
        return services.clean_answers(questions=questions, data=data)

    def raw_answers(self, event: Event, person: Person, rng: random.Random) -> dict:
        """Answers as a form posts them (for the services)."""
        questions = self.registration_questions.get(event.pk, [])
        return {services.field_name(q): _answer(q.label_en, person, rng) for q in questions}

    def registration(self, event: Event, person: Person, status: str, created, rng, **extra):
        row = {
            "event_id": event.pk,
            "person_id": person.pk,
            "status": status,
            "answers": self.answers(event, person, rng),
            "created_at": created,
            "confirmed_at": created if status == Status.CONFIRMED else None,
            "waitlisted_at": created if status == Status.WAITLISTED else None,
            "cancelled_at": None,
            "decided_by_id": None,
        }
        row.update(extra)
        return row

    def at(self, spec: EventSpec, day: int, clock: str) -> dt.datetime:
        """A local time on a day counted from the event's first day."""
        return _at(self.anchors[spec.slug], spec.starts[0] + day, clock, spec.zone)

    def moment(self, spec: EventSpec, value: tuple[int, str]) -> dt.datetime:
        return _at(self.anchors[spec.slug], value[0], value[1], spec.zone)

    def entrance(self, registrations, spec, checker: Person, rng, *, day: int = 0):
        return [
            {
                "registration_id": r.pk,
                "session_id": None,
                "checked_in_at": _between(
                    rng, self.at(spec, day, "09:10"), self.at(spec, day, "09:55")
                ),
                "checked_in_by_id": checker.pk,
            }
            for r in registrations
        ]

    # -- the events' histories -----------------------------------------------------------
    def speakers_of(self, spec: EventSpec) -> set[str]:
        return {s for item in spec.sessions for s in item.speakers if isinstance(s, str)}

    def directory_guests(self, spec: EventSpec, rng, count: int) -> list[Person]:
        """People of the directory (not demo accounts, not the event's speakers)."""
        busy = self.speakers_of(spec)
        candidates = sorted(
            p.email for p in self.directory_specs if not p.demo_role and p.email not in busy
        )
        return [self.person(email) for email in rng.sample(candidates, count)]

    def plan_gebze_conference(self, event: Event, spec: EventSpec) -> None:
        rng = _rng(spec.slug)
        chosen = [self.person(SPECIALIST), self.person(COMPANY_MEMBER)]
        chosen += self.directory_guests(spec, rng, 34)
        generated = rng.sample(self.pool(), 124 - len(chosen))
        everyone = chosen + generated
        rng.shuffle(everyone)
        opens = self.moment(spec, spec.registration_opens)
        closes = self.moment(spec, spec.registration_closes)
        times = sorted(_between(rng, opens, closes) for _ in everyone)
        cancelling = set(rng.sample([p.pk for p in generated], 6))
        rows = []
        for person, created in zip(everyone, times, strict=True):
            if person.pk in cancelling:
                rows.append(
                    self.registration(
                        event,
                        person,
                        Status.CANCELLED,
                        created,
                        rng,
                        confirmed_at=created,
                        cancelled_at=_between(rng, created + dt.timedelta(hours=2), closes),
                    )
                )
            else:
                rows.append(self.registration(event, person, Status.CONFIRMED, created, rng))
        registrations = self.insert("registrations", Registration, rows)

        # On the day: most come, some only on the second day; each follows a track.
        checker = self.person(PARK_MANAGER)
        sessions = self.sessions[spec.slug]
        slots: dict[tuple[int, str], list[int]] = {}
        for index, item in enumerate(spec.sessions):
            if item.counts:
                slots.setdefault(item.when[:2], []).append(index)
        confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
        demo = {self.person(SPECIALIST).pk, self.person(COMPANY_MEMBER).pk}
        attendees = [r for r in confirmed if r.person_id in demo or rng.random() < 0.86]
        check_ins = []
        for registration in attendees:
            second_day_only = registration.person_id not in demo and rng.random() < 0.08
            present = {0: not second_day_only, 1: second_day_only or rng.random() < 0.8}
            first_day = 0 if present[0] else 1
            arrived = _between(
                rng, self.at(spec, first_day, "08:40"), self.at(spec, first_day, "09:35")
            )
            check_ins.append(
                {
                    "registration_id": registration.pk,
                    "session_id": None,
                    "checked_in_at": arrived,
                    "checked_in_by_id": checker.pk,
                }
            )
            track = rng.randrange(2)
            for (day, _start), indexes in slots.items():
                if not present[day]:
                    continue
                if len(indexes) == 1:
                    chosen_index = indexes[0] if rng.random() < 0.9 else None
                else:
                    roll = rng.random()
                    preferred = [i for i in indexes if spec.sessions[i].track == track]
                    other = [i for i in indexes if spec.sessions[i].track != track]
                    chosen_index = (
                        preferred[0] if roll < 0.75 else other[0] if roll < 0.92 else None
                    )
                if chosen_index is None:
                    continue
                session = sessions[chosen_index]
                scanned = session.starts_at + dt.timedelta(minutes=rng.randint(-8, 6))
                check_ins.append(
                    {
                        "registration_id": registration.pk,
                        "session_id": session.pk,
                        "checked_in_at": max(scanned, arrived + dt.timedelta(minutes=2)),
                        "checked_in_by_id": checker.pk,
                    }
                )
        self.insert("check-ins", CheckIn, check_ins)

        # The feedback survey: 40 of the people who came answered it.
        survey = self.surveys[event.pk]
        questions = self.survey_questions[event.pk]
        people = {p.pk: p for p in everyone}
        responses = []
        for registration in rng.sample(attendees, 40):
            person = people[registration.person_id]
            data = {services.field_name(q): _survey_answer(q, person, rng) for q in questions}
            responses.append(
                {
                    "survey_id": survey.pk,
                    "registration_id": registration.pk,
                    "answers": services.clean_answers(questions=questions, data=data),
                    "submitted_at": _between(
                        rng, survey.opens_at, survey.opens_at + dt.timedelta(days=9)
                    ),
                }
            )
        self.insert("survey responses", SurveyResponse, responses)

    def plan_baku_conference(self, event: Event, spec: EventSpec) -> None:
        """120 places taken and six people waiting, until the organisers raise the places
        to 150; the demo young specialist then registers with a workshop seat."""
        rng = _rng(spec.slug)
        chosen = self.directory_guests(spec, rng, 30)
        generated = rng.sample(self.pool(), 130 - len(chosen))
        everyone = chosen + generated
        rng.shuffle(everyone)
        opens = self.moment(spec, spec.registration_opens)
        until = self.moment(spec, (-1, "20:00"))
        times = sorted(_between(rng, opens, until) for _ in everyone)
        # Four people cancel early (before the 111th registration), so the 121st to 124th
        # still get a place; from the 125th on people wait.
        cancelling = set(rng.sample(range(100), 4))
        rows = []
        for index, (person, created) in enumerate(zip(everyone, times, strict=True)):
            if index in cancelling:
                cancelled = created + (times[110] - created) * rng.uniform(0.1, 0.9)
                extra = {"confirmed_at": created, "cancelled_at": cancelled}
                rows.append(
                    self.registration(event, person, Status.CANCELLED, created, rng, **extra)
                )
            elif index < 124:
                rows.append(self.registration(event, person, Status.CONFIRMED, created, rng))
            else:
                rows.append(self.registration(event, person, Status.WAITLISTED, created, rng))
        registrations = self.insert("registrations", Registration, rows)
        workshop = next(
            s
            for s, item in zip(self.sessions[spec.slug], spec.sessions, strict=True)
            if item.capacity
        )
        seated = rng.sample([r for r in registrations if r.status == Status.CONFIRMED], 14)
        self.insert(
            "session places",
            SessionSeat,
            [
                {"session_id": workshop.pk, "registration_id": r.pk, "created_at": r.created_at}
                for r in seated
            ],
        )
        if not event.registration_is_open(self.now):
            return
        services.set_capacity(event=event, capacity=150, actor=self.manager)
        specialist = self.person(SPECIALIST)
        services.register(
            event=event,
            person=specialist,
            answers=self.raw_answers(event, specialist, rng),
            session_ids=[workshop.pk],
            actor=specialist,
        )
        self.count("registrations")
        self.count("session places")

    def plan_laser_training(self, event: Event, spec: EventSpec) -> None:
        """Six sessions; who came to how many decides who gets a certificate (80%)."""
        rng = _rng(spec.slug)
        specialist, member = self.person(SPECIALIST), self.person(COMPANY_MEMBER)
        generated = rng.sample(self.pool(country="AZ"), 12) + rng.sample(self.pool(country="TR"), 4)
        everyone = [specialist, member, *generated]
        rng.shuffle(everyone)
        opens = self.moment(spec, spec.registration_opens)
        closes = self.moment(spec, spec.registration_closes)
        times = sorted(_between(rng, opens, closes) for _ in everyone)
        cancelling = set(rng.sample([p.pk for p in generated], 2))
        rows = []
        for person, created in zip(everyone, times, strict=True):
            if person.pk in cancelling:
                extra = {
                    "confirmed_at": created,
                    "cancelled_at": _between(rng, created + dt.timedelta(hours=1), closes),
                }
                rows.append(
                    self.registration(event, person, Status.CANCELLED, created, rng, **extra)
                )
            else:
                rows.append(self.registration(event, person, Status.CONFIRMED, created, rng))
        registrations = self.insert("registrations", Registration, rows)
        confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
        # Sessions attended: all six, five (enough), four or fewer (not enough), none.
        counts = [5, 5, 5, 4, 4, 3, 2, 0] + [6] * (len(confirmed) - 10)
        rng.shuffle(counts)
        sessions = self.sessions[spec.slug]
        checker = self.person(COORDINATOR)
        check_ins = []
        for registration in confirmed:
            if registration.person_id == specialist.pk:
                attended = 6
            elif registration.person_id == member.pk:
                attended = 5
            else:
                attended = counts.pop()
            chosen = sorted(rng.sample(range(len(sessions)), attended))
            if not chosen:
                continue
            first = sessions[chosen[0]]
            arrived = first.starts_at - dt.timedelta(minutes=rng.randint(3, 15))
            check_ins.append(
                {
                    "registration_id": registration.pk,
                    "session_id": None,
                    "checked_in_at": arrived,
                    "checked_in_by_id": checker.pk,
                }
            )
            for index in chosen:
                check_ins.append(
                    {
                        "registration_id": registration.pk,
                        "session_id": sessions[index].pk,
                        "checked_in_at": max(
                            sessions[index].starts_at + dt.timedelta(minutes=rng.randint(-5, 4)),
                            arrived + dt.timedelta(minutes=1),
                        ),
                        "checked_in_by_id": checker.pk,
                    }
                )
        self.insert("check-ins", CheckIn, check_ins)
        if self.now >= event.starts_at:
            issued = checkin.issue_certificates(event=event, actor=self.manager)
            self.count("certificates", len(issued))
            self.count("qualifications held", sum(1 for c in issued if c.qualification_grant_id))

    def plan_robot_training(self, event: Event, spec: EventSpec) -> None:
        """Full: sixteen places taken and four people waiting. The demo young specialist
        joins the waiting list, then someone cancels and the first in line is offered the
        place (the event gives 48 hours to accept)."""
        rng = _rng(spec.slug)
        confirmed_people = rng.sample(self.pool(country="TR", young=True), 10)
        confirmed_people += rng.sample(self.pool(country="AZ", young=True), 6)
        rng.shuffle(confirmed_people)
        taken = {p.pk for p in confirmed_people}
        waiting = [p for p in self.pool(young=True) if p.pk not in taken]
        waiting = rng.sample(waiting, 4)
        early = sorted(
            _between(
                rng,
                self.moment(spec, spec.registration_opens),
                self.moment(spec, (-10, "18:00")),
            )
            for _ in confirmed_people
        )
        late = sorted(
            _between(
                rng,
                self.moment(spec, (-9, "09:00")),
                self.moment(spec, (-3, "18:00")),
            )
            for _ in waiting
        )
        rows = [
            self.registration(event, p, Status.CONFIRMED, t, rng)
            for p, t in zip(confirmed_people, early, strict=True)
        ]
        rows += [
            self.registration(event, p, Status.WAITLISTED, t, rng)
            for p, t in zip(waiting, late, strict=True)
        ]
        registrations = self.insert("registrations", Registration, rows)
        if not event.registration_is_open(self.now):
            return
        specialist = self.person(SPECIALIST)
        services.register(
            event=event,
            person=specialist,
            answers=self.raw_answers(event, specialist, rng),
            actor=specialist,
        )
        self.count("registrations")
        leaving = next(
            r
            for r in registrations
            if r.status == Status.CONFIRMED and self.spec_of(r.person).country == "TR"
        )
        services.cancel_registration(registration=leaving, actor=leaving.person)

    def plan_licensing_clinic(self, event: Event, spec: EventSpec) -> None:
        """Organisers approve registrations: nine approved and one declined so far; five
        wait, among them the demo company member."""
        rng = _rng(spec.slug)
        applicants = [self.person(e) for e in self.az_founders]
        applicants += [self.person(e) for e in rng.sample(sorted(self.gosb_leads), 4)]
        employees = [
            p
            for p in self.pool()
            if self.spec_of(p).organisation and not self.spec_of(p).is_student
        ]
        applicants += rng.sample(employees, 15 - len(applicants))
        rng.shuffle(applicants)
        opens = self.moment(spec, spec.registration_opens)
        until = self.moment(spec, (-1, "20:00"))
        times = sorted(_between(rng, opens, until) for _ in applicants)
        rows = []
        for index, (person, created) in enumerate(zip(applicants, times, strict=True)):
            decided = min(created + dt.timedelta(hours=rng.randint(3, 30)), until)
            if index == 4:
                status, extra = Status.REJECTED, {"decided_by_id": self.manager.pk}
            elif index < 10:
                status = Status.CONFIRMED
                extra = {"confirmed_at": decided, "decided_by_id": self.manager.pk}
            else:
                status, extra = Status.PENDING_APPROVAL, {}
            rows.append(self.registration(event, person, status, created, rng, **extra))
        registrations = self.insert("registrations", Registration, rows)
        if not event.registration_is_open(self.now):
            return
        member = self.person(COMPANY_MEMBER)
        services.register(
            event=event, person=member, answers=self.raw_answers(event, member, rng), actor=member
        )
        self.count("registrations")
        first_pending = next(r for r in registrations if r.status == Status.PENDING_APPROVAL)
        services.approve_registration(registration=first_pending, actor=self.manager)

    def plan_htp_briefing(self, event: Event, spec: EventSpec) -> None:
        """Fourteen personal invitations, five used so far; the demo company admin has one
        to try."""
        if not event.registration_is_open(self.now):
            return
        invited = [COMPANY_ADMIN, *self.gosb_leads[:6], *self.az_founders[:5]]
        invited += ["lala.axundova@aztu.example", "teymur.bagirov@aiai.example"]
        already = set(Invitation.objects.filter(event=event).values_list("email", flat=True))
        new = [email for email in invited if email not in already]
        if new:
            created = services.invite(event=event, emails=new, actor=self.person(AGENCY_ADMIN))
            self.count("invitations", len(created))
        invitations = {
            i.email: i for i in Invitation.objects.filter(event=event, used_at__isnull=True)
        }
        for email in [*self.gosb_leads[:3], *self.az_founders[:2]]:
            if email in invitations:
                person = self.person(email)
                services.register(
                    event=event,
                    person=person,
                    invitation_token=invitations[email].token,
                    actor=person,
                )
                self.count("registrations")

    # -- campuses ----------------------------------------------------------------------
    def campus_registrations(self, event, spec, rng, people: list[Person], cancelled: int, keep=()):
        opens = self.moment(spec, spec.registration_opens)
        closes = self.moment(spec, spec.registration_closes)
        times = sorted(_between(rng, opens, closes) for _ in people)
        generated = [p for p in people if self.spec_of(p) and p not in keep]
        cancelling = {p.pk for p in rng.sample(generated, cancelled)}
        rows = []
        for person, created in zip(people, times, strict=True):
            if person.pk in cancelling:
                extra = {
                    "confirmed_at": created,
                    "cancelled_at": _between(rng, created + dt.timedelta(hours=3), closes),
                }
                rows.append(
                    self.registration(event, person, Status.CANCELLED, created, rng, **extra)
                )
            else:
                rows.append(self.registration(event, person, Status.CONFIRMED, created, rng))
        registrations = self.insert("registrations", Registration, rows)
        confirmed = [r for r in registrations if r.status == Status.CONFIRMED]
        checker = self.person(COORDINATOR)
        self.insert("check-ins", CheckIn, self.entrance(confirmed, spec, checker, rng))
        by_pk = {p.pk: p for p in people}
        return [by_pk[r.person_id] for r in confirmed]

    def resolve(self, campus_spec: CampusSpec, confirmed: list[Person]) -> dict[str, Person]:
        """Who "az3", "tr1" or "az:<university>1" are among the campus's participants."""
        refs = []
        for idea in campus_spec.ideas:
            refs.append(idea.author)
            refs += [m for m, _role in (idea.team.members if idea.team else ())]
        refs += [r[0] for r in campus_spec.other_requests]
        found: dict[str, Person] = {ref: self.person(ref) for ref in refs if "@" in ref}
        used = {p.pk for p in found.values()}

        def number(ref: str) -> int:
            return int("".join(ch for ch in ref if ch.isdigit()))

        placeholders = sorted(
            {ref for ref in refs if "@" not in ref},
            key=lambda ref: (":" not in ref, ref.split(":")[0][:2], number(ref)),
        )
        for ref in placeholders:
            country, _, university = ref.rstrip("0123456789").partition(":")
            candidates = [
                p
                for p in confirmed
                if (spec := self.spec_of(p))
                and spec.country == country.upper()
                and (not university or spec.organisation == university)
                and p.pk not in used
            ]
            if not candidates:
                raise LookupError(f"no participant for {ref!r} in {campus_spec.event}")
            found[ref] = candidates[0]
            used.add(candidates[0].pk)
        return found

    def campus_work(self, event, spec, campus_spec, confirmed, rng):
        """Ideas, teams, join requests, mentor slots, projects and judges, as the campus
        pages would have written them during the campus."""
        people = self.resolve(campus_spec, confirmed)
        challenges = self.challenges[spec.slug]
        idea_rows = []
        for index, idea in enumerate(campus_spec.ideas):
            created = (
                self.at(spec, 0, "11:00") + dt.timedelta(minutes=12 * index)
                if idea.team
                else self.at(spec, 1, "09:30") + dt.timedelta(minutes=20 * index)
            )
            idea_rows.append(
                {
                    "event_id": event.pk,
                    "challenge_id": challenges[idea.challenge].pk
                    if idea.challenge is not None
                    else None,
                    "author_id": people[idea.author].pk,
                    "title": idea.title,
                    "problem": idea.problem,
                    "solution": idea.solution,
                    "team_needs": idea.team_needs,
                    "status": Idea.Status.SUBMITTED,
                    "created_at": created,
                }
            )
        ideas = self.insert("ideas", Idea, idea_rows)
        teamed = [
            (idea, spec_)
            for idea, spec_ in zip(ideas, campus_spec.ideas, strict=True)
            if spec_.team
        ]
        teams = self.insert(
            "teams",
            Team,
            [
                {
                    "event_id": event.pk,
                    "name": s.team.name,
                    "idea_id": idea.pk,
                    "max_size": s.team.max_size,
                    "open_roles": list(s.team.open_roles),
                    "created_by_id": people[s.team.members[0][0]].pk,
                    "created_at": idea.created_at + dt.timedelta(minutes=40),
                }
                for idea, s in teamed
            ],
        )
        member_rows, request_rows, accepted = [], [], {}
        for team, (_idea, s) in zip(teams, teamed, strict=True):
            creator = people[s.team.members[0][0]]
            member_rows.append(
                {
                    "event_id": event.pk,
                    "team_id": team.pk,
                    "person_id": creator.pk,
                    "role": s.team.members[0][1],
                    "joined_at": team.created_at,
                }
            )
            for position, (ref, role) in enumerate(s.team.members[1:]):
                person = people[ref]
                asked = team.created_at + dt.timedelta(minutes=15 + 25 * position)
                decided = asked + dt.timedelta(minutes=10)
                accepted[person.pk] = (asked, decided)
                request_rows.append(
                    {
                        "team_id": team.pk,
                        "person_id": person.pk,
                        "role": role,
                        "message": _pick(rng, "join", person.preferred_language),
                        "status": JoinRequest.Status.ACCEPTED,
                        "created_at": asked,
                        "decided_at": decided,
                    }
                )
                member_rows.append(
                    {
                        "event_id": event.pk,
                        "team_id": team.pk,
                        "person_id": person.pk,
                        "role": role,
                        "joined_at": decided,
                    }
                )
        for ref, team_index, role, message, status in campus_spec.other_requests:
            person, team = people[ref], teams[team_index]
            if status == JoinRequest.Status.WITHDRAWN:
                # Withdrawn when the person joined another team.
                asked = max(team.created_at, accepted[person.pk][0] - dt.timedelta(minutes=20))
                decided = accepted[person.pk][1]
            else:
                asked = team.created_at + dt.timedelta(minutes=50)
                decided = asked + dt.timedelta(minutes=30)
            request_rows.append(
                {
                    "team_id": team.pk,
                    "person_id": person.pk,
                    "role": role,
                    "message": message,
                    "status": status,
                    "created_at": asked,
                    "decided_at": decided,
                }
            )
        self.insert("team members", TeamMember, member_rows)
        self.insert("join requests", JoinRequest, request_rows)
        self.insert(
            "mentor slots",
            MentorSlot,
            [
                {
                    "event_id": event.pk,
                    "mentor_id": self.person(mentor).pk,
                    "starts_at": self.at(spec, day, clock),
                    "ends_at": self.at(spec, day, clock) + dt.timedelta(minutes=minutes),
                    "topic": topic,
                    "team_id": teams[booked].pk if booked is not None else None,
                }
                for mentor, day, clock, minutes, topic, booked in campus_spec.slots
            ],
        )
        deadline = event.submissions_close_at
        submissions = []
        for team, (_idea, s) in zip(teams, teamed, strict=True):
            handed_in = deadline - dt.timedelta(minutes=rng.randint(15, 150))
            title, description, links = s.project
            submissions.append(
                {
                    "team_id": team.pk,
                    "title": title,
                    "description": description,
                    "links": list(links),
                    "submitted_at": handed_in - dt.timedelta(hours=rng.randint(2, 20)),
                    "updated_at": handed_in,
                }
            )
        submissions = self.insert("projects", Submission, submissions)
        judges = self.insert(
            "judges",
            Judge,
            [{"event_id": event.pk, "person_id": self.person(e).pk} for e in campus_spec.judges],
        )
        quality = {team.pk: s.quality for team, (_idea, s) in zip(teams, teamed, strict=True)}
        position = {team.pk: i for i, team in enumerate(teams)}
        return ideas, teams, submissions, judges, quality, position

    def scores(self, criteria, quality: float, rng) -> dict[str, int]:
        return {
            str(c.pk): max(
                0, min(c.max_score, round(quality * c.max_score + rng.uniform(-0.8, 0.8)))
            )
            for c in criteria
        }

    def plan_shusha_campus(self, event: Event, spec: EventSpec) -> None:
        """Judged and published; the winning idea is chosen for implementation."""
        rng = _rng(spec.slug)
        campus_spec = next(c for c in CAMPUSES if c.event == spec.slug)
        people = [self.person(SPECIALIST)] + [self.person(e) for e in self.young_directory]
        people += rng.sample(self.pool(country="AZ", young=True), 18)
        people += rng.sample(self.pool(country="TR", young=True), 14)
        rng.shuffle(people)
        confirmed = self.campus_registrations(event, spec, rng, people, cancelled=3)
        ideas, teams, submissions, judges, quality, position = self.campus_work(
            event, spec, campus_spec, confirmed, rng
        )
        criteria = self.criteria[spec.slug]
        rows = []
        for judge in judges:
            email = self.people_by_pk[judge.person_id].email
            for submission in submissions:
                if campus.conflict_of(judge, submission):
                    continue
                rows.append(
                    {
                        "judge_id": judge.pk,
                        "submission_id": submission.pk,
                        "scores": self.scores(criteria, quality[submission.team_id], rng),
                        "comment": campus_spec.comments[email][position[submission.team_id]],
                        "submitted_at": _between(
                            rng, self.at(spec, 3, "12:40"), self.at(spec, 3, "14:10")
                        ),
                    }
                )
        self.insert("judging assignments", JudgeAssignment, rows)
        campus.publish_results(actor=self.manager, event=event)
        chosen = ideas[0]
        campus.set_idea_chosen(actor=self.manager, idea=chosen, chosen=True)
        campus.record_followup(
            actor=self.manager, idea=chosen, url=FOLLOWUP_URL, note=FOLLOWUP_NOTE
        )

    def plan_ganja_campus(self, event: Event, spec: EventSpec) -> None:
        """Judges assigned by the service (conflicts excluded); two have scored, the demo
        reviewer has not yet."""
        rng = _rng(spec.slug)
        campus_spec = next(c for c in CAMPUSES if c.event == spec.slug)
        az = self.pool(country="AZ", young=True)
        tr = self.pool(country="TR", young=True)
        aztu = next(
            p for p in az if self.spec_of(p).organisation == "azerbaijan-technical-university"
        )
        gtu = next(p for p in tr if self.spec_of(p).organisation == "gebze-technical-university")
        people = [self.person("sabuhi.novruzov@mail.example"), aztu, gtu]
        people += rng.sample([p for p in az if p != aztu], 13)
        people += rng.sample([p for p in tr if p != gtu], 9)
        rng.shuffle(people)
        confirmed = self.campus_registrations(
            event, spec, rng, people, cancelled=1, keep=(aztu, gtu)
        )
        _ideas, _teams, submissions, _judges, quality, position = self.campus_work(
            event, spec, campus_spec, confirmed, rng
        )
        made = campus.assign_judges(actor=self.manager, event=event, per_project=2)
        self.count("judging assignments", len(made["created"]))
        criteria = self.criteria[spec.slug]
        teams_of = {s.pk: s.team_id for s in submissions}
        for assignment in sorted(made["created"], key=lambda a: (a.submission_id, a.judge_id)):
            judge = self.people_by_pk[Judge.objects.get(pk=assignment.judge_id).person_id]
            if judge.email == JUDGE:
                continue
            team_id = teams_of[assignment.submission_id]
            campus.score_project(
                actor=judge,
                assignment=assignment,
                scores=self.scores(criteria, quality[team_id], rng),
                comment=campus_spec.comments[judge.email][position[team_id]],
            )

    plans = {
        GEBZE_CONFERENCE: plan_gebze_conference,
        BAKU_CONFERENCE: plan_baku_conference,
        LASER_TRAINING: plan_laser_training,
        ROBOT_TRAINING: plan_robot_training,
        LICENSING_CLINIC: plan_licensing_clinic,
        HTP_BRIEFING: plan_htp_briefing,
        SHUSHA_CAMPUS: plan_shusha_campus,
        GANJA_CAMPUS: plan_ganja_campus,
    }
