"""Demo data of the joint High Technologies Park's labs (issue 7: "labs, about 30
resources, qualifications linked to trainings, a month of bookings, usage and an
incident, and two joint projects with produced devices").

:func:`load_facilities_demo` runs after the directory, programmes and events demos (it
uses their organisations, people, the park and the "Laser cutter safety" qualification)
and is idempotent like them: every static row has a natural key, and a second run writes
nothing.

What it holds, in the park's Phase I research and production block (a site and building
added to the park; the park itself stays as the directory demo describes it):

- **Six facilities, 32 resources**: a prototyping workshop (laser cutter, FDM and resin
  3D printers, CNC mill, PCB mill, electronics workbenches for four), a materials
  characterisation laboratory (SEM booked with its room, XRD, FTIR, universal testing
  machine, sputter coater), an ISO 7 clean room (two bays for two people each, the mask
  aligner and the spin coater booked with bay 1, the wire bonder with bay 2), an
  electronics test laboratory (EMC pre-compliance, two oscilloscopes, a thermal chamber
  open round the clock, a vibration table), a device assembly line (pick-and-place
  booked with the reflow oven, 3D optical inspection) and meeting rooms, a conference
  room, a co-working area with 20 desks and two guest offices. Names and descriptions in
  English, Azerbaijani and Turkish; real makers and models; slots on some, free times on
  others, approvals (SEM, clean room bays, mask aligner, vibration table, the line, the
  conference room), weekly limits, no-show release and prices in AZN per category.
- **Facility managers**: six new members of the park's management company (one per
  facility) and ``park.manager@korpu.example``, who manages all six.
- **Price categories** follow from the directory: Pusula Robotik, Ilgaz Optik and Odlar
  Robotics become residents of the park; Gebze Technical University, Azerbaijan
  Technical University and the Absheron Institute of Applied Informatics sign the park's
  research cooperation agreement (partners, like the memorandum's parties); everyone
  else pays the external price.
- **Qualifications**: the laser cutter needs the events demo's "Laser cutter safety";
  the SEM "SEM operator", the clean room "Clean room gowning and safety", the CNC mill
  "CNC machining safety". Each has a short upcoming training in the park (an event whose
  certificate grants it), so a refusal names the next session. The people who book those
  resources hold them (granted months ago by the facility managers).
- **A month of bookings**: the past three weeks and the next ten days, anchored on the
  day the demo was first loaded (the first resource's ``created_at``). Past bookings are
  written as the services would have written them then (price, approval, check-in and
  check-out; a few cancelled, declined or released as no-shows); those in progress are
  checked in; future ones go through :func:`korpu.facilities.services.book`, so those
  of resources that need approval waited for it: the managers approved the ones of the
  next five days and declined one SEM request; the later ones (among them a mask-aligner
  and a line request) still wait on the approvals pages. A weekly XRD
  booking (``book_weekly``) skips next week's maintenance window; the clean room closes
  for a day of recertification; trainings block the SEM and the laser cutter. On the
  laser cutter ``company.member@korpu.example`` waits for a taken time; on the resin
  printer someone cancelled and the first person waiting has the time on offer.
- **Incidents**: the CNC mill's spindle overheated during yesterday's booking (high
  severity, still open: the mill is out of service and the people with upcoming
  bookings were told); a low-severity filament-sensor fault on a 3D printer, resolved.
- **Two joint projects** with partners from both countries, members, milestones,
  resources used, outputs and bookings charged to them: joint research on a photonic gas
  sensor (led by the Absheron Institute, with Gebze and Azerbaijan Technical
  Universities and Ilgaz Optik: prototypes, field-trial units, a publication, a patent
  application) and the pilot production of robot joint controllers (Pusula Robotik with
  Odlar Robotics: prototypes, two batches of devices, a patent application).

Texts, rules and settings are restored when edited; a resource's status (an incident
takes it out of service), project and milestone progress and qualifications granted are
left alone. Bookings, with everything that follows from them (series, waiting lists,
closures, incidents), are made together, only while the demo resources have none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
import zoneinfo
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from korpu.common import audit
from korpu.directory.demo import MEMORANDUM_SLUG, SEED, DemoResult, Tally, _email
from korpu.directory.models import (
    Building,
    Membership,
    Organisation,
    Park,
    Partnership,
    PartnershipParty,
    Person,
    Qualification,
    QualificationGrant,
    Residency,
    Site,
)
from korpu.events.demo import LASER_QUALIFICATION
from korpu.events.models import Event, Room, Session
from korpu.programs.demo import _i18n, _Sync, _t

from . import services
from .models import (
    Booking,
    BookingSeries,
    Closure,
    Facility,
    Incident,
    Milestone,
    Output,
    Project,
    ProjectMember,
    Resource,
    WaitingEntry,
)

PARK = "high-technologies-park"
OPERATOR = "htp-management"
ZONE = "Asia/Baku"
BAKU = zoneinfo.ZoneInfo(ZONE)
SITE = "Phase I research and production block"
BUILDING = "Research and production block R1"
AGREEMENT = "htp-research-cooperation-2025"
PARK_MANAGER = "park.manager@korpu.example"

PAST_DAYS = 21  # bookings from three weeks before the anchor day ...
FUTURE_DAYS = 10  # ... to ten days after it
FUTURE_SHARE = 0.3  # the future is booked more thinly than the past was used
# Refusals a planned future booking may meet (the plan keeps the rules, but the time of
# loading decides what is still far enough ahead); such bookings are left out.
SKIPPED_REFUSALS = {"notice", "past", "taken", "already_booked", "week_limit", "closed"}

Kind = Resource.Kind
FKind = Facility.Kind
BStatus = Booking.Status
Role = ProjectMember.Role
WEEKDAYS = (0, 1, 2, 3, 4)
WORKSHOP_DAYS = (0, 1, 2, 3, 4, 5)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, "facilities", *parts))))


# --- people ---------------------------------------------------------------------------
# The park's lab staff (new members of the management company): key: (first, last,
# country, job title, languages, expertise).
STAFF = {
    "elshan": (
        "Elşən",
        "Qurbanov",
        "AZ",
        "Prototyping Workshop Lead",
        ["az", "en", "tr", "ru"],
        "digital fabrication, CNC machining, laser cutting, 3D printing",
    ),
    "sevda": (
        "Sevda",
        "Kərimli",
        "AZ",
        "Materials Laboratory Manager",
        ["az", "en", "ru"],
        "electron microscopy, X-ray diffraction, materials characterisation",
    ),
    "nargiz": (
        "Nərgiz",
        "Əhmədova",
        "AZ",
        "Clean Room Engineer",
        ["az", "en", "tr"],
        "microfabrication, photolithography, clean room operations",
    ),
    "oguzhan": (
        "Oğuzhan",
        "Yıldız",
        "TR",
        "Test and Measurement Engineer",
        ["tr", "en", "az"],
        "EMC testing, environmental testing, measurement systems",
    ),
    "hasan": (
        "Hasan",
        "Koçak",
        "TR",
        "Production Line Supervisor",
        ["tr", "en"],
        "SMT assembly, reflow soldering, process engineering",
    ),
    "gunay": (
        "Günay",
        "Rzayeva",
        "AZ",
        "Office and Spaces Coordinator",
        ["az", "en", "tr", "ru"],
        "office management, resident services, event logistics",
    ),
}


def staff_email(key: str) -> str:
    first, last, *_rest = STAFF[key]
    return _email(first, last, "high-tech-park.example")


# Who books (from the directory demo): key: (e-mail, organisation charged or None).
BOOKERS: dict[str, tuple[str, str | None]] = {
    "zeynep": ("company.member@korpu.example", "pusula-robotik"),
    "emre": ("company.admin@korpu.example", "pusula-robotik"),
    "oguz": ("oguz.tekin@pusula-robotik.example", "pusula-robotik"),
    "nigar": ("nigar.qasimova@odlar-robotics.example", "odlar-robotics"),
    "sebuhi": ("sabuhi.novruzov@mail.example", None),
    "teymur": ("teymur.bagirov@aiai.example", "absheron-institute-applied-informatics"),
    "esra": ("esra.aydemir@gtu.example", "gebze-technical-university"),
    "gokhan": ("gokhan.kilic@gtu.example", "gebze-technical-university"),
    "deniz": ("deniz.erdem@gtu.example", "gebze-technical-university"),
    "lala": ("lala.axundova@aztu.example", "azerbaijan-technical-university"),
    "elcin": ("reviewer@korpu.example", "azerbaijan-technical-university"),
    "serkan": ("serkan.polat@ilgaz-optik.example", "ilgaz-optik"),
    "togrul": ("togrul.ahmadli@mail.example", None),
    "onur": ("onur.simsek@kuzey-muhendislik.example", "kuzey-muhendislik"),
    "tugba": ("tugba.keskin@dilovasi-savunma.example", "dilovasi-savunma"),
    "ramil": ("ramil.zeynalov@sumqayit-polimer.example", "sumqayit-polimer"),
    "konul": ("konul.rahimova@sdu.example", "sumgait-state-university"),
    "aynur": ("aynur.sultanova@araz-agrosense.example", "araz-agrosense"),
    "kanan": ("kanan.valiyev@qala-cyber.example", "qala-cyber"),
    "specialist": ("specialist@korpu.example", None),
    "kubra": ("kubra.dogan@mail.example", None),
    "hakan": ("hakan.celik@gosbteknopark.example", "gosb-teknopark"),
    "orxan": ("orxan.nagiyev@innovation-agency.example", "innovation-agency"),
}
BOOKERS |= {key: (staff_email(key), OPERATOR) for key in STAFF}
BOOKERS["selin"] = (PARK_MANAGER, "gosb-teknopark")

# Companies resident in the park's Phase I block (their people pay the resident price).
RESIDENTS = ("pusula-robotik", "ilgaz-optik", "odlar-robotics")
# The park's research cooperation agreement: (organisation, signed by).
AGREEMENT_PARTIES = (
    (OPERATOR, "Cavid İsmayılov"),
    ("gebze-technical-university", "Ahmet Yıldırım"),
    ("azerbaijan-technical-university", "Rauf Sadıqov"),
    ("absheron-institute-applied-informatics", "Sevinc Əlizadə"),
)


# --- qualifications and their trainings ---------------------------------------------------
SEM_Q, GOWNING_Q, CNC_Q, LASER_Q = "sem", "gowning", "cnc", "laser"
QUALIFICATIONS = {
    SEM_Q: (
        _t("SEM operator", "SEM operatoru", "SEM operatörü"),
        _t(
            "Trained to operate the scanning electron microscope alone: sample preparation "
            "and coating, vacuum and beam safety, imaging and EDS analysis.",
            "Skanedici elektron mikroskopla müstəqil işləmək üzrə təlim keçib: nümunələrin "
            "hazırlanması və örtülməsi, vakuum və elektron dəstəsi təhlükəsizliyi, təsvir "
            "alma və EDS analizi.",
            "Taramalı elektron mikroskobunu tek başına kullanma eğitimi almıştır: numune "
            "hazırlama ve kaplama, vakum ve elektron demeti güvenliği, görüntüleme ve EDS "
            "analizi.",
        ),
        24,
    ),
    GOWNING_Q: (
        _t(
            "Clean room gowning and safety",
            "Təmiz otaqda geyinmə qaydaları və təhlükəsizlik",
            "Temiz oda giyinme kuralları ve güvenliği",
        ),
        _t(
            "Trained to gown for an ISO 7 clean room and to work there safely: the gowning "
            "sequence, contamination control, chemicals and the hydrofluoric-acid emergency "
            "procedure.",
            "ISO 7 sinifli təmiz otaq üçün xüsusi geyimi düzgün geyinmək və orada təhlükəsiz "
            "işləmək üzrə təlim keçib: geyinmə ardıcıllığı, çirklənməyə nəzarət, kimyəvi "
            "maddələr və hidroflüorid turşusu ilə bağlı fövqəladə hallarda davranış "
            "qaydaları.",
            "ISO 7 sınıfı temiz oda için doğru giyinme ve orada güvenle çalışma eğitimi "
            "almıştır: giyinme sırası, kontaminasyon kontrolü, kimyasallar ve hidroflorik asit "
            "acil durum prosedürü.",
        ),
        12,
    ),
    CNC_Q: (
        _t(
            "CNC machining safety",
            "CNC dəzgahlarında təhlükəsiz iş",
            "CNC tezgâhlarında iş güvenliği",
        ),
        _t(
            "Trained to set up and run the CNC milling machine safely: work holding, tool "
            "changes, feeds and speeds, the emergency stop and chip handling.",
            "CNC freze dəzgahını təhlükəsiz quraşdırmaq və işlətmək üzrə təlim keçib: "
            "pəstahın bərkidilməsi, alətlərin dəyişdirilməsi, kəsmə rejimləri, qəza "
            "dayanacağı və yonqarla iş.",
            "CNC freze tezgâhını güvenle hazırlama ve çalıştırma eğitimi almıştır: iş parçası "
            "bağlama, takım değişimi, kesme parametreleri, acil durdurma ve talaş yönetimi.",
        ),
        24,
    ),
}
VALID_MONTHS = {SEM_Q: 24, GOWNING_Q: 12, CNC_Q: 24, LASER_Q: 24}

# Who holds what: (person, qualification, granted this many days before the anchor, by).
GRANTS = [
    ("deniz", LASER_Q, 300, "elshan"),
    ("oguz", LASER_Q, 200, "elshan"),
    ("onur", LASER_Q, 150, "elshan"),
    ("nigar", LASER_Q, 120, "elshan"),
    ("zeynep", LASER_Q, 90, "elshan"),
    ("elshan", LASER_Q, 320, "selin"),
    ("gokhan", SEM_Q, 180, "sevda"),
    ("esra", SEM_Q, 160, "sevda"),
    ("teymur", SEM_Q, 140, "sevda"),
    ("konul", SEM_Q, 60, "sevda"),
    ("sevda", SEM_Q, 320, "selin"),
    ("esra", GOWNING_Q, 170, "nargiz"),
    ("teymur", GOWNING_Q, 150, "nargiz"),
    ("lala", GOWNING_Q, 130, "nargiz"),
    ("nargiz", GOWNING_Q, 300, "selin"),
    ("deniz", CNC_Q, 300, "elshan"),
    ("oguz", CNC_Q, 200, "elshan"),
    ("onur", CNC_Q, 150, "elshan"),
    ("elshan", CNC_Q, 320, "selin"),
]
GRANT_SOURCE = "Supervised practice at the High Technologies Park"


@dataclass(frozen=True)
class TrainingSpec:
    slug: str
    qualification: str
    organisers: tuple[str, ...]
    title: dict[str, str]
    summary: dict[str, str]
    description: dict[str, str]
    venue: dict[str, str]
    room: dict[str, str]
    day: int  # the first weekday on or after this many days from the anchor
    sessions: tuple[tuple[str, str, dict[str, str]], ...]  # (start, end, title)
    capacity: int
    blocks: str | None = None  # a resource closed during the training


TRAININGS = [
    TrainingSpec(
        slug="clean-room-gowning-training-htp",
        qualification=GOWNING_Q,
        organisers=(OPERATOR, "gosb-teknopark"),
        title=_t(
            "Clean room gowning and safety training",
            "Təmiz otaqda geyinmə və təhlükəsizlik təlimi",
            "Temiz oda giyinme ve güvenlik eğitimi",
        ),
        summary=_t(
            "How to gown, move and work in the park's ISO 7 clean room, with chemical safety "
            "and the emergency procedures. Attending both sessions gives the “Clean room "
            "gowning and safety” qualification.",
            "Parkın ISO 7 sinifli təmiz otağında necə geyinmək, hərəkət etmək və işləmək, "
            "kimyəvi təhlükəsizlik və fövqəladə hallar. Hər iki sessiyada iştirak edənlər "
            "“Təmiz otaqda geyinmə qaydaları və təhlükəsizlik” ixtisasını alır.",
            "Parkın ISO 7 sınıfı temiz odasında nasıl giyinilir, hareket edilir ve çalışılır; "
            "kimyasal güvenlik ve acil durumlar. İki oturuma da katılanlar “Temiz oda giyinme "
            "kuralları ve güvenliği” yeterliliğini alır.",
        ),
        description=_t(
            "Given by the clean room engineer of the High Technologies Park. Wear comfortable "
            "clothes without wool; no make-up or perfume on the day. Gowns, gloves and "
            "overshoes are provided. Everyone who attends both sessions receives a "
            "certificate, which grants the qualification needed to book the clean room.",
            "Təlimi Yüksək Texnologiyalar Parkının təmiz otaq mühəndisi keçir. Yun olmayan "
            "rahat paltar geyinin; həmin gün makiyaj və ətirdən istifadə etməyin. Xüsusi "
            "geyim, əlcək və ayaqqabı örtükləri verilir. Hər iki sessiyada iştirak edən hər "
            "kəs sertifikat alır; sertifikat təmiz otağı bron etmək üçün lazım olan ixtisası "
            "verir.",
            "Eğitimi Yüksek Teknoloji Parkı'nın temiz oda mühendisi verir. Yün içermeyen rahat "
            "kıyafetler giyin; o gün makyaj ve parfüm kullanmayın. Tulum, eldiven ve galoş "
            "sağlanır. İki oturuma da katılan herkes bir sertifika alır; sertifika, temiz "
            "odayı rezerve etmek için gereken yeterliliği verir.",
        ),
        venue=_t(
            "Clean room gowning area, R1-0.20",
            "Təmiz otağın geyinmə zonası, R1-0.20",
            "Temiz oda giyinme alanı, R1-0.20",
        ),
        room=_t("Clean room", "Təmiz otaq", "Temiz oda"),
        day=4,
        sessions=(
            (
                "10:00",
                "12:00",
                _t(
                    "Contamination control and gowning",
                    "Çirklənməyə nəzarət və geyinmə qaydaları",
                    "Kontaminasyon kontrolü ve giyinme",
                ),
            ),
            (
                "13:00",
                "16:00",
                _t(
                    "Chemical safety and supervised work in the clean room",
                    "Kimyəvi təhlükəsizlik və təmiz otaqda nəzarət altında iş",
                    "Kimyasal güvenlik ve temiz odada gözetimli çalışma",
                ),
            ),
        ),
        capacity=8,
    ),
    TrainingSpec(
        slug="sem-operator-training-htp",
        qualification=SEM_Q,
        organisers=(OPERATOR, "gebze-technical-university"),
        title=_t("SEM operator training", "SEM operatoru təlimi", "SEM operatörü eğitimi"),
        summary=_t(
            "Theory, vacuum and beam safety, then supervised imaging and EDS analysis on the "
            "park's electron microscope. Attending both sessions gives the “SEM operator” "
            "qualification.",
            "Nəzəriyyə, vakuum və elektron dəstəsi təhlükəsizliyi, sonra parkın elektron "
            "mikroskopunda nəzarət altında təsvir alma və EDS analizi. Hər iki sessiyada "
            "iştirak edənlər “SEM operatoru” ixtisasını alır.",
            "Teori, vakum ve elektron demeti güvenliği, ardından parkın elektron mikroskobunda "
            "gözetim altında görüntüleme ve EDS analizi. İki oturuma da katılanlar “SEM "
            "operatörü” yeterliliğini alır.",
        ),
        description=_t(
            "A one-day course of the park's materials laboratory with Gebze Technical "
            "University. Bring two or three of your own samples; the trainers show how to "
            "prepare, coat and image them. The certificate grants the qualification needed "
            "to book the microscope.",
            "Parkın materiallar laboratoriyasının Gebze Texniki Universiteti ilə birgə "
            "keçirdiyi bir günlük kurs. Özünüzlə iki-üç nümunə gətirin; təlimçilər onların "
            "necə hazırlanacağını, örtüləcəyini və təsvirinin alınacağını göstərəcək. "
            "Sertifikat mikroskopu bron etmək üçün lazım olan ixtisası verir.",
            "Parkın malzeme laboratuvarının Gebze Teknik Üniversitesi ile birlikte düzenlediği "
            "bir günlük kurs. Yanınızda iki üç numune getirin; eğitmenler bunların nasıl "
            "hazırlanacağını, kaplanacağını ve görüntüleneceğini gösterecek. Sertifika, "
            "mikroskobu rezerve etmek için gereken yeterliliği verir.",
        ),
        venue=_t(
            "Materials characterisation laboratory, room M-104",
            "Materialların xarakterizasiyası laboratoriyası, M-104 otağı",
            "Malzeme karakterizasyonu laboratuvarı, M-104 odası",
        ),
        room=_t("SEM room M-104", "SEM otağı M-104", "SEM odası M-104"),
        day=7,
        sessions=(
            (
                "09:30",
                "12:30",
                _t(
                    "Electron optics, vacuum and sample preparation",
                    "Elektron optikası, vakuum və nümunələrin hazırlanması",
                    "Elektron optiği, vakum ve numune hazırlama",
                ),
            ),
            (
                "13:30",
                "17:00",
                _t(
                    "Supervised imaging and EDS analysis",
                    "Nəzarət altında təsvir alma və EDS analizi",
                    "Gözetim altında görüntüleme ve EDS analizi",
                ),
            ),
        ),
        capacity=6,
        blocks="htp-sem",
    ),
    TrainingSpec(
        slug="cnc-machining-safety-training-htp",
        qualification=CNC_Q,
        organisers=(OPERATOR, "gosb-teknopark"),
        title=_t(
            "CNC machining safety training",
            "CNC dəzgahlarında təhlükəsiz iş təlimi",
            "CNC tezgâhlarında iş güvenliği eğitimi",
        ),
        summary=_t(
            "Work holding, tools, feeds and speeds, the emergency stop and a supervised first "
            "part on the workshop's CNC mill. Attending both sessions gives the “CNC "
            "machining safety” qualification.",
            "Pəstahın bərkidilməsi, alətlər, kəsmə rejimləri, qəza dayanacağı və CNC freze "
            "dəzgahında nəzarət altında ilk detal. Hər iki sessiyada iştirak edənlər “CNC "
            "dəzgahlarında təhlükəsiz iş” ixtisasını alır.",
            "İş parçası bağlama, takımlar, kesme parametreleri, acil durdurma ve CNC freze "
            "tezgâhında gözetim altında ilk parça. İki oturuma da katılanlar “CNC "
            "tezgâhlarında iş güvenliği” yeterliliğini alır.",
        ),
        description=_t(
            "Given by the park's prototyping workshop team with GOSB Teknopark's facilities "
            "team. Wear closed shoes and tie back long hair; safety glasses and ear "
            "protection are provided.",
            "Təlimi parkın prototipləşdirmə emalatxanasının komandası GOSB Texnoparkının "
            "texniki xidmət komandası ilə birlikdə keçir. Qapalı ayaqqabı geyinin, uzun "
            "saçları bağlayın; qoruyucu eynək və qulaqlıqlar verilir.",
            "Eğitimi parkın prototipleme atölyesi ekibi GOSB Teknopark tesis ekibiyle "
            "birlikte verir. Kapalı ayakkabı giyin, uzun saçlarınızı toplayın; koruyucu "
            "gözlük ve kulak koruyucu sağlanır.",
        ),
        venue=_t(
            "Prototyping workshop, R1-0.12",
            "Prototipləşdirmə emalatxanası, R1-0.12",
            "Prototipleme atölyesi, R1-0.12",
        ),
        room=_t("Prototyping workshop", "Prototipləşdirmə emalatxanası", "Prototipleme atölyesi"),
        day=9,
        sessions=(
            (
                "10:00",
                "12:30",
                _t(
                    "Machine safety, work holding and tools",
                    "Dəzgah təhlükəsizliyi, pəstahın bərkidilməsi və alətlər",
                    "Tezgâh güvenliği, iş parçası bağlama ve takımlar",
                ),
            ),
            (
                "13:30",
                "16:30",
                _t(
                    "Supervised first part",
                    "Nəzarət altında ilk detal",
                    "Gözetim altında ilk parça",
                ),
            ),
        ),
        capacity=6,
    ),
    TrainingSpec(
        slug="laser-cutter-safety-course-htp",
        qualification=LASER_Q,
        organisers=(OPERATOR, "gosb-teknopark"),
        title=_t(
            "Laser cutter safety: short course at the High Technologies Park",
            "Lazer kəsici ilə təhlükəsiz iş: Yüksək Texnologiyalar Parkında qısa kurs",
            "Lazer kesici güvenliği: Yüksek Teknoloji Parkı'nda kısa kurs",
        ),
        summary=_t(
            "Laser classes and hazards, materials that must not be cut, fume extraction and "
            "fire procedures, then supervised cutting. Attending both sessions gives the "
            "“Laser cutter safety” qualification.",
            "Lazer sinifləri və riskləri, kəsilməsi qadağan olan materiallar, tüstünün "
            "sorulması və yanğın zamanı davranış, sonra nəzarət altında kəsmə. Hər iki "
            "sessiyada iştirak edənlər “Lazer kəsici ilə təhlükəsiz iş” ixtisasını alır.",
            "Lazer sınıfları ve tehlikeleri, kesilmemesi gereken malzemeler, duman emişi ve "
            "yangın prosedürleri, ardından gözetim altında kesim. İki oturuma da katılanlar "
            "“Lazer kesici güvenliği” yeterliliğini alır.",
        ),
        description=_t(
            "A half-day version of the laser safety training for people who work in the High "
            "Technologies Park. Wear closed shoes; safety glasses are provided.",
            "Yüksək Texnologiyalar Parkında çalışanlar üçün lazer təhlükəsizliyi təliminin "
            "yarım günlük variantı. Qapalı ayaqqabı geyinin; qoruyucu eynək verilir.",
            "Yüksek Teknoloji Parkı'nda çalışanlar için lazer güvenliği eğitiminin yarım "
            "günlük sürümü. Kapalı ayakkabı giyin; koruyucu gözlük sağlanır.",
        ),
        venue=_t(
            "Prototyping workshop, R1-0.12",
            "Prototipləşdirmə emalatxanası, R1-0.12",
            "Prototipleme atölyesi, R1-0.12",
        ),
        room=_t("Prototyping workshop", "Prototipləşdirmə emalatxanası", "Prototipleme atölyesi"),
        day=12,
        sessions=(
            (
                "14:00",
                "15:30",
                _t(
                    "Laser safety, materials and fire procedures",
                    "Lazer təhlükəsizliyi, materiallar və yanğın zamanı davranış",
                    "Lazer güvenliği, malzemeler ve yangın prosedürleri",
                ),
            ),
            (
                "15:45",
                "17:30",
                _t("Supervised cutting", "Nəzarət altında kəsmə", "Gözetim altında kesim"),
            ),
        ),
        capacity=8,
        blocks="htp-laser-cutter",
    ),
]


# --- facilities -------------------------------------------------------------------------
@dataclass(frozen=True)
class FacilitySpec:
    slug: str
    kind: str
    name: dict[str, str]
    description: dict[str, str]
    location: str
    contact: str
    managers: tuple[str, ...]
    hours: tuple[str, str]  # the resources' opening hours unless they have their own
    weekdays: tuple[int, ...]


FACILITIES = [
    FacilitySpec(
        slug="htp-prototyping-workshop",
        kind=FKind.WORKSHOP,
        name=_t("Prototyping workshop", "Prototipləşdirmə emalatxanası", "Prototipleme atölyesi"),
        description=_t(
            "Digital fabrication for prototypes and small series: laser cutting, FDM and "
            "resin 3D printing, CNC milling, PCB milling and electronics workbenches. Staffed "
            "on weekdays and Saturdays; the laser cutter and the CNC mill need a safety "
            "qualification.",
            "Prototiplər və kiçik seriyalar üçün rəqəmsal istehsal: lazerlə kəsmə, FDM və "
            "fotopolimer qatranla 3D çap, CNC frezləmə, çap platalarının frezlənməsi və "
            "elektronika iş masaları. İş günləri və şənbə günləri mütəxəssis növbədədir; lazer "
            "kəsici və CNC freze dəzgahı üçün təhlükəsizlik ixtisası tələb olunur.",
            "Prototipler ve küçük seriler için dijital üretim: lazer kesim, FDM ve reçine 3D "
            "baskı, CNC frezeleme, baskılı devre kartı frezeleme ve elektronik çalışma "
            "tezgâhları. Hafta içi ve cumartesi teknisyen bulunur; lazer kesici ve CNC freze "
            "için güvenlik yeterliliği gerekir.",
        ),
        location="R1-0.12",
        contact="workshop@high-tech-park.example",
        managers=("elshan", "selin"),
        hours=("09:00", "19:00"),
        weekdays=WORKSHOP_DAYS,
    ),
    FacilitySpec(
        slug="htp-materials-lab",
        kind=FKind.LAB,
        name=_t(
            "Materials characterisation laboratory",
            "Materialların xarakterizasiyası laboratoriyası",
            "Malzeme karakterizasyonu laboratuvarı",
        ),
        description=_t(
            "Microscopy, diffraction, spectroscopy and mechanical testing of materials, "
            "coatings and components. The scanning electron microscope is booked with its "
            "room; its bookings need the laboratory's approval and a qualification.",
            "Materialların, örtüklərin və komponentlərin mikroskopiyası, difraksiya analizi, "
            "spektroskopiyası və mexaniki sınaqları. Skanedici elektron mikroskop otağı ilə "
            "birlikdə bron edilir; bronlar laboratoriyanın təsdiqini və ixtisas tələb edir.",
            "Malzemelerin, kaplamaların ve bileşenlerin mikroskopisi, difraksiyon analizi, "
            "spektroskopisi ve mekanik testleri. Taramalı elektron mikroskobu odasıyla "
            "birlikte rezerve edilir; rezervasyonlar laboratuvarın onayını ve yeterlilik "
            "gerektirir.",
        ),
        location="R1-1.04",
        contact="materials.lab@high-tech-park.example",
        managers=("sevda", "selin"),
        hours=("09:00", "18:00"),
        weekdays=WEEKDAYS,
    ),
    FacilitySpec(
        slug="htp-clean-room",
        kind=FKind.CLEAN_ROOM,
        name=_t("Clean room (ISO 7)", "Təmiz otaq (ISO 7)", "Temiz oda (ISO 7)"),
        description=_t(
            "A 120 m² ISO 7 clean room with a yellow-light lithography bay and an assembly "
            "and packaging bay. Enter only gowned and qualified; bookings of the bays and the "
            "mask aligner are approved by the clean room engineer.",
            "Sarı işıqlı litoqrafiya bölməsi, yığma və qablaşdırma bölməsi olan 120 m² "
            "sahəli ISO 7 sinifli təmiz otaq. Yalnız xüsusi geyimdə və ixtisası olanlar daxil "
            "ola bilər; bölmələrin və maska uyğunlaşdırma qurğusunun bronlarını təmiz otaq "
            "mühəndisi təsdiqləyir.",
            "Sarı ışıklı litografi bölmesi ile montaj ve paketleme bölmesi bulunan 120 m² "
            "ISO 7 sınıfı temiz oda. Yalnızca özel kıyafet giymiş ve yeterliliği olan kişiler "
            "girebilir; bölmelerin ve maske hizalayıcının rezervasyonlarını temiz oda "
            "mühendisi onaylar.",
        ),
        location="R1-0.20",
        contact="cleanroom@high-tech-park.example",
        managers=("nargiz", "selin"),
        hours=("08:00", "18:00"),
        weekdays=WEEKDAYS,
    ),
    FacilitySpec(
        slug="htp-electronics-test-lab",
        kind=FKind.TEST,
        name=_t(
            "Electronics test laboratory",
            "Elektronika sınaq laboratoriyası",
            "Elektronik test laboratuvarı",
        ),
        description=_t(
            "Pre-compliance EMC measurements, oscilloscopes, and environmental tests in a "
            "thermal chamber and on a vibration table, for devices before certification.",
            "Sertifikatlaşdırmadan əvvəl cihazlar üçün elektromaqnit uyğunluğu üzrə ilkin "
            "ölçmələr, ossiloqraflar, temperatur kamerasında və vibrasiya stendində ətraf "
            "mühit sınaqları.",
            "Sertifikasyon öncesi cihazlar için EMC ön uygunluk ölçümleri, osiloskoplar, "
            "sıcaklık test kabininde ve titreşim masasında çevresel testler.",
        ),
        location="R1-1.20",
        contact="testlab@high-tech-park.example",
        managers=("oguzhan", "selin"),
        hours=("08:00", "20:00"),
        weekdays=WEEKDAYS,
    ),
    FacilitySpec(
        slug="htp-assembly-line",
        kind=FKind.PRODUCTION,
        name=_t("Device assembly line", "Cihaz yığım xətti", "Cihaz montaj hattı"),
        description=_t(
            "A surface-mount line for pilot runs and small series: stencil-printed boards go "
            "through the pick-and-place machine, the reflow oven and 3D optical inspection. "
            "Booked in half shifts with the line supervisor's approval.",
            "Pilot partiyalar və kiçik seriyalar üçün səthi montaj xətti: trafaretlə lehim "
            "pastası çəkilmiş platalar komponent yerləşdirmə avtomatından, lehimləmə "
            "sobasından və 3D optik nəzarətdən keçir. Xətt rəhbərinin təsdiqi ilə yarım "
            "növbələrlə bron edilir.",
            "Pilot üretim ve küçük seriler için yüzey montaj hattı: şablonla lehim pastası "
            "basılan kartlar dizgi makinesinden, reflow fırınından ve 3D optik muayeneden "
            "geçer. Hat sorumlusunun onayıyla yarım vardiyalar hâlinde rezerve edilir.",
        ),
        location="R1-0.30",
        contact="production@high-tech-park.example",
        managers=("hasan", "selin"),
        hours=("08:00", "20:00"),
        weekdays=WEEKDAYS,
    ),
    FacilitySpec(
        slug="htp-spaces",
        kind=FKind.SPACES,
        name=_t(
            "Meeting rooms, offices and co-working",
            "İclas otaqları, ofislər və kovorkinq",
            "Toplantı odaları, ofisler ve ortak çalışma alanı",
        ),
        description=_t(
            "On the first floor of the research and production block: two meeting rooms, a "
            "conference room, a co-working area with 20 desks and two offices for visiting "
            "teams. Meeting rooms, desks and offices are free of charge for residents.",
            "Tədqiqat və istehsal blokunun birinci mərtəbəsində: iki iclas otağı, konfrans "
            "zalı, 20 iş yeri olan kovorkinq zonası və qonaq komandalar üçün iki ofis. İclas "
            "otaqları, iş yerləri və ofislər rezidentlər üçün ödənişsizdir.",
            "Araştırma ve üretim bloğunun birinci katında: iki toplantı odası, bir konferans "
            "salonu, 20 masalık ortak çalışma alanı ve misafir ekipler için iki ofis. "
            "Toplantı odaları, masalar ve ofisler yerleşik firmalar için ücretsizdir.",
        ),
        location="R1-1.10",
        contact="office@high-tech-park.example",
        managers=("gunay", "selin"),
        hours=("08:00", "20:00"),
        weekdays=WEEKDAYS,
    ),
]


@dataclass(frozen=True)
class ResourceSpec:
    slug: str
    facility: str
    kind: str
    name: dict[str, str]
    description: dict[str, str]
    maker: tuple[str, str, str] = ("", "", "")  # manufacturer, model, serial number
    location: str = ""
    capacity: int = 1
    slot: int | None = None
    hours: tuple[str, str] | None = None  # None: the facility's
    weekdays: tuple[int, ...] | None = None  # None: the facility's; (): every day
    min_minutes: int = 30
    max_minutes: int = 480
    notice: int = 0
    days_ahead: int = 30
    week_person: int | None = None
    week_company: int | None = None
    approval: bool = False
    qualification: str | None = None
    no_show: int | None = None
    prices: tuple[str | None, str | None, str | None] = (None, None, None)
    linked: tuple[str, ...] = ()
    bookable: bool = True
    # How the demo uses it: who books (booker, project or None), how often, for how long.
    users: tuple[tuple[str, str | None], ...] = ()
    per_day: float = 0.0
    lengths: tuple[int, ...] = (60,)


SENSOR, CONTROLLERS = "photonic-gas-sensor", "robot-joint-controllers"
WS, ML, CR, TL, AL, SP = (f.slug for f in FACILITIES)

RESOURCES = [
    # Prototyping workshop
    ResourceSpec(
        slug="htp-laser-cutter",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t("Laser cutter", "Lazer kəsici", "Lazer kesici"),
        description=_t(
            "CO₂ laser, 120 W, bed 1000 × 610 mm, for cutting and engraving wood, acrylic, "
            "cardboard and textiles. PVC and other chlorinated plastics must never be cut.",
            "120 Vt gücündə CO₂ lazeri, 1000 × 610 mm iş sahəsi; ağac, akril, karton və "
            "parçanın kəsilməsi və qravürası üçün. PVC və digər xlorlu plastikləri kəsmək qəti "
            "qadağandır.",
            "120 W CO₂ lazer, 1000 × 610 mm tabla; ahşap, akrilik, karton ve kumaş kesimi ve "
            "gravürü için. PVC ve diğer klorlu plastikler kesinlikle kesilmez.",
        ),
        maker=("Trotec", "Speedy 400 (120 W)", "S4-2025-01873"),
        location="R1-0.12",
        min_minutes=30,
        max_minutes=180,
        notice=60,
        days_ahead=21,
        week_person=6,
        qualification=LASER_Q,
        no_show=15,
        prices=("25.00", "30.00", "45.00"),
        users=(("oguz", None), ("onur", None), ("nigar", None), ("deniz", None)),
        per_day=1.6,
        lengths=(60, 90, 120),
    ),
    ResourceSpec(
        slug="htp-fdm-printer-1",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t("3D printer (FDM) no. 1", "3D printer (FDM) № 1", "3D yazıcı (FDM) No. 1"),
        description=_t(
            "Five-toolhead printer, 360 × 360 × 360 mm, for multi-material parts in PLA, "
            "PETG, ASA and TPU.",
            "Beş başlıqlı printer, 360 × 360 × 360 mm; PLA, PETG, ASA və TPU-dan "
            "çoxmateriallı detallar üçün.",
            "Beş kafalı yazıcı, 360 × 360 × 360 mm; PLA, PETG, ASA ve TPU ile çok malzemeli "
            "parçalar için.",
        ),
        maker=("Prusa Research", "Original Prusa XL, 5 toolheads", "PXL5-24-10452"),
        location="R1-0.14",
        min_minutes=60,
        max_minutes=600,
        days_ahead=14,
        week_person=20,
        prices=("4.00", "5.00", "8.00"),
        users=(
            ("oguz", CONTROLLERS),
            ("sebuhi", CONTROLLERS),
            ("kubra", None),
            ("deniz", None),
            ("zeynep", CONTROLLERS),
        ),
        per_day=1.2,
        lengths=(120, 180, 240, 360, 480),
    ),
    ResourceSpec(
        slug="htp-fdm-printer-2",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t("3D printer (FDM) no. 2", "3D printer (FDM) № 2", "3D yazıcı (FDM) No. 2"),
        description=_t(
            "Dual-extrusion printer with a filament cabinet, 330 × 240 × 300 mm, for "
            "engineering materials with water-soluble supports.",
            "Filament şkafı olan iki ekstruderli printer, 330 × 240 × 300 mm; suda həll olunan "
            "dayaqlarla mühəndislik materialları üçün.",
            "Filament dolabı olan çift ekstrüderli yazıcı, 330 × 240 × 300 mm; suda çözünen "
            "destekli mühendislik malzemeleri için.",
        ),
        maker=("UltiMaker", "S7", "S7-2024-118342"),
        location="R1-0.14",
        min_minutes=60,
        max_minutes=600,
        days_ahead=14,
        week_person=20,
        prices=("4.00", "5.00", "8.00"),
        users=(("kubra", None), ("specialist", None), ("nigar", CONTROLLERS), ("togrul", SENSOR)),
        per_day=1.0,
        lengths=(120, 180, 240, 360),
    ),
    ResourceSpec(
        slug="htp-resin-printer",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t("3D printer (resin)", "3D printer (fotopolimer)", "3D yazıcı (reçine)"),
        description=_t(
            "Masked stereolithography (MSLA) printer for smooth, detailed parts and "
            "enclosures; a washing and post-curing station is included.",
            "Hamar və dəqiq detallar və korpuslar üçün maskalı stereolitoqrafiya (MSLA) "
            "printeri; yuma və son bərkitmə stansiyası daxildir.",
            "Pürüzsüz ve ayrıntılı parçalar ile muhafazalar için maskeli stereolitografi "
            "(MSLA) yazıcı; yıkama ve son kürleme istasyonu dahildir.",
        ),
        maker=("Formlabs", "Form 4", "Form4-BraveFalcon"),
        location="R1-0.14",
        min_minutes=60,
        max_minutes=480,
        days_ahead=14,
        prices=("10.00", "12.00", "18.00"),
        users=(("serkan", SENSOR), ("deniz", None), ("oguz", CONTROLLERS), ("kubra", None)),
        per_day=0.8,
        lengths=(120, 180, 240, 360),
    ),
    ResourceSpec(
        slug="htp-cnc-mill",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t("CNC milling machine", "CNC freze dəzgahı", "CNC freze tezgâhı"),
        description=_t(
            "Three-axis vertical machining centre, 406 × 305 × 254 mm travel, for aluminium, "
            "brass and engineering plastics. Bring your own G-code checked in the simulator.",
            "Üç oxlu şaquli emal mərkəzi, gedişlər 406 × 305 × 254 mm; alüminium, latun və "
            "mühəndislik plastikləri üçün. Simulyatorda yoxlanılmış G-kodunuzu gətirin.",
            "Üç eksenli dik işleme merkezi, 406 × 305 × 254 mm eksen hareketleri; alüminyum, "
            "pirinç ve mühendislik plastikleri için. Simülatörde denenmiş G kodunuzu getirin.",
        ),
        maker=("Haas Automation", "Super Mini Mill", "1208841"),
        location="R1-0.16",
        slot=60,
        min_minutes=60,
        max_minutes=240,
        notice=240,
        days_ahead=21,
        week_person=8,
        qualification=CNC_Q,
        no_show=30,
        prices=("35.00", "40.00", "65.00"),
        users=(("onur", None), ("oguz", CONTROLLERS), ("deniz", None)),
        per_day=0.8,
        lengths=(60, 120, 180),
    ),
    ResourceSpec(
        slug="htp-pcb-mill",
        facility=WS,
        kind=Kind.MACHINE,
        name=_t(
            "PCB milling machine",
            "Çap plataları üçün freze dəzgahı",
            "Baskılı devre kartı freze makinesi",
        ),
        description=_t(
            "Mills single- and double-sided prototype boards down to 100 µm tracks; the "
            "workshop staff plate the holes through.",
            "100 µm-ə qədər nazik yollarla bir və iki tərəfli prototip plataları frezləyir; "
            "deşiklərin metallaşdırılmasını emalatxananın əməkdaşları həyata keçirir.",
            "100 µm'ye kadar ince yollu tek ve çift taraflı prototip kartları frezeler; "
            "delik metalizasyonunu atölye personeli yapar.",
        ),
        maker=("LPKF Laser & Electronics", "ProtoMat S64", "S64-113-0921"),
        location="R1-0.16",
        slot=30,
        min_minutes=30,
        max_minutes=180,
        days_ahead=21,
        prices=("15.00", "18.00", "28.00"),
        users=(("zeynep", CONTROLLERS), ("sebuhi", CONTROLLERS), ("aynur", None), ("kubra", None)),
        per_day=0.6,
        lengths=(30, 60, 90, 120),
    ),
    ResourceSpec(
        slug="htp-electronics-benches",
        facility=WS,
        kind=Kind.DESK,
        name=_t(
            "Electronics workbenches",
            "Elektronika iş masaları",
            "Elektronik çalışma tezgâhları",
        ),
        description=_t(
            "Four ESD-safe benches, each with a soldering station, a hot-air rework station, "
            "a bench power supply and a microscope. Book one bench per person.",
            "Dörd ESD-qorumalı iş masası; hər birində lehimləmə stansiyası, isti hava ilə "
            "təmir stansiyası, laboratoriya qida bloku və mikroskop var. Hər şəxs bir masa "
            "bron edir.",
            "Dört ESD korumalı tezgâh; her birinde havya istasyonu, sıcak hava rework "
            "istasyonu, laboratuvar güç kaynağı ve mikroskop bulunur. Kişi başına bir tezgâh "
            "rezerve edilir.",
        ),
        maker=("Weller", "WXsmart soldering and rework stations", ""),
        location="R1-0.18",
        capacity=4,
        min_minutes=60,
        max_minutes=600,
        days_ahead=14,
        users=(
            ("zeynep", CONTROLLERS),
            ("sebuhi", CONTROLLERS),
            ("kubra", None),
            ("aynur", None),
            ("nigar", CONTROLLERS),
            ("oguz", CONTROLLERS),
            ("specialist", None),
        ),
        per_day=2.5,
        lengths=(120, 180, 240, 360),
    ),
    # Materials characterisation laboratory
    ResourceSpec(
        slug="htp-sem",
        facility=ML,
        kind=Kind.INSTRUMENT,
        name=_t(
            "Scanning electron microscope (SEM)",
            "Skanedici elektron mikroskop (SEM)",
            "Taramalı elektron mikroskobu (SEM)",
        ),
        description=_t(
            "Field-emission SEM with secondary-electron, backscatter and in-lens detectors "
            "and an EDS detector for elemental analysis; resolution down to 1.2 nm. "
            "Non-conductive samples are coated in the sputter coater first.",
            "İkinci elektron, geri səpilən elektron və linzadaxili detektorlarla, həmçinin "
            "element analizi üçün EDS detektoru ilə təchiz olunmuş sahə emissiyalı SEM; "
            "ayırdetmə qabiliyyəti 1,2 nm-ə qədər. Keçirici olmayan nümunələr əvvəlcə katod "
            "tozlandırma qurğusunda örtülür.",
            "İkincil elektron, geri saçılmış elektron ve lens içi dedektörlerin yanı sıra "
            "element analizi için EDS dedektörüyle donatılmış alan emisyonlu SEM; 1,2 nm'ye "
            "kadar çözünürlük. İletken olmayan numuneler önce püskürtme kaplama cihazında "
            "kaplanır.",
        ),
        maker=("ZEISS", "Sigma 300 FE-SEM with EDS", "4113-0087"),
        location="R1-1.04",
        slot=60,
        min_minutes=60,
        max_minutes=240,
        notice=24 * 60,
        days_ahead=30,
        week_person=6,
        week_company=12,
        approval=True,
        qualification=SEM_Q,
        no_show=20,
        prices=("60.00", "75.00", "120.00"),
        linked=("htp-sem-room",),
        users=(("gokhan", SENSOR), ("esra", SENSOR), ("teymur", SENSOR), ("konul", None)),
        per_day=1.2,
        lengths=(60, 120, 180),
    ),
    ResourceSpec(
        slug="htp-sem-room",
        facility=ML,
        kind=Kind.ROOM,
        name=_t("SEM room M-104", "SEM otağı M-104", "SEM odası M-104"),
        description=_t(
            "The vibration-isolated, darkened room of the electron microscope; booked "
            "together with the microscope.",
            "Elektron mikroskopun vibrasiyadan təcrid olunmuş, qaranlıqlaşdırılmış otağı; "
            "mikroskopla birlikdə bron edilir.",
            "Elektron mikroskobunun titreşimden yalıtılmış, karartılmış odası; mikroskopla "
            "birlikte rezerve edilir.",
        ),
        location="R1-1.04",
        slot=60,
        min_minutes=60,
        max_minutes=240,
        bookable=False,
    ),
    ResourceSpec(
        slug="htp-xrd",
        facility=ML,
        kind=Kind.INSTRUMENT,
        name=_t(
            "X-ray diffractometer (XRD)",
            "Rentgen difraktometri (XRD)",
            "X ışını difraktometresi (XRD)",
        ),
        description=_t(
            "Powder and thin-film diffraction (Bragg–Brentano and grazing incidence) with a "
            "Cu tube and a LYNXEYE XE-T detector; phase identification with the ICDD "
            "database.",
            "Cu borusu və LYNXEYE XE-T detektoru ilə toz və nazik təbəqə difraksiyası "
            "(Breqq–Brentano və sürüşən düşmə həndəsəsi); ICDD məlumat bazası ilə faza "
            "identifikasiyası.",
            "Cu tüp ve LYNXEYE XE-T dedektörüyle toz ve ince film difraksiyonu "
            "(Bragg–Brentano ve sıyırma açısı geometrisi); ICDD veri tabanıyla faz tanımlama.",
        ),
        maker=("Bruker", "D8 Advance", "210874"),
        location="R1-1.06",
        slot=60,
        min_minutes=60,
        max_minutes=480,
        notice=240,
        days_ahead=45,
        week_person=10,
        prices=("40.00", "50.00", "80.00"),
        users=(("gokhan", SENSOR), ("konul", None), ("ramil", None)),
        per_day=0.8,
        lengths=(60, 120, 180),
    ),
    ResourceSpec(
        slug="htp-ftir",
        facility=ML,
        kind=Kind.INSTRUMENT,
        name=_t("FTIR spectrometer", "FTIR spektrometri", "FTIR spektrometresi"),
        description=_t(
            "Infrared spectroscopy of polymers, coatings and powders with a diamond ATR "
            "accessory; spectral libraries for identifying polymers.",
            "Almaz ATR əlavəsi ilə polimerlərin, örtüklərin və tozların infraqırmızı "
            "spektroskopiyası; polimerlərin identifikasiyası üçün spektr kitabxanaları.",
            "Elmas ATR aparatıyla polimerlerin, kaplamaların ve tozların kızılötesi "
            "spektroskopisi; polimer tanımlama için spektrum kütüphaneleri.",
        ),
        maker=("Thermo Fisher Scientific", "Nicolet iS20 with Smart iTX ATR", "AUP2410318"),
        location="R1-1.06",
        min_minutes=30,
        max_minutes=240,
        days_ahead=30,
        prices=("15.00", "20.00", "35.00"),
        users=(("ramil", None), ("konul", None), ("gokhan", SENSOR)),
        per_day=0.8,
        lengths=(30, 60, 90),
    ),
    ResourceSpec(
        slug="htp-testing-machine",
        facility=ML,
        kind=Kind.MACHINE,
        name=_t("Universal testing machine", "Universal sınaq maşını", "Üniversal test makinesi"),
        description=_t(
            "Tensile, compression and bending tests up to 50 kN of metals, plastics and "
            "composites, with a video extensometer.",
            "Metalların, plastiklərin və kompozitlərin 50 kN-a qədər dartılma, sıxılma və "
            "əyilmə sınaqları; video ekstensometr ilə.",
            "Metallerin, plastiklerin ve kompozitlerin 50 kN'a kadar çekme, basma ve eğme "
            "testleri; video ekstansometre ile.",
        ),
        maker=("ZwickRoell", "Z050 AllroundLine", "759214"),
        location="R1-1.08",
        slot=60,
        min_minutes=60,
        max_minutes=360,
        days_ahead=30,
        prices=("25.00", "30.00", "50.00"),
        users=(("ramil", None), ("deniz", None), ("onur", None)),
        per_day=0.5,
        lengths=(60, 120),
    ),
    ResourceSpec(
        slug="htp-sputter-coater",
        facility=ML,
        kind=Kind.INSTRUMENT,
        name=_t("Sputter coater", "Katod tozlandırma qurğusu", "Püskürtme kaplama cihazı"),
        description=_t(
            "Coats non-conductive SEM samples with gold, platinum or carbon in a few minutes.",
            "Keçirici olmayan SEM nümunələrini bir neçə dəqiqəyə qızıl, platin və ya karbonla "
            "örtür.",
            "İletken olmayan SEM numunelerini birkaç dakikada altın, platin veya karbonla kaplar.",
        ),
        maker=("Quorum Technologies", "Q150R ES Plus", "Q150R-23-1146"),
        location="R1-1.04",
        min_minutes=30,
        max_minutes=120,
        days_ahead=30,
        prices=("8.00", "10.00", "15.00"),
        users=(("gokhan", SENSOR), ("esra", SENSOR), ("konul", None)),
        per_day=0.8,
        lengths=(30, 60),
    ),
    # Clean room
    ResourceSpec(
        slug="htp-clean-room-bay-1",
        facility=CR,
        kind=Kind.ROOM,
        name=_t(
            "Clean room bay 1 (lithography)",
            "Təmiz otaq, 1-ci bölmə (litoqrafiya)",
            "Temiz oda 1. bölme (litografi)",
        ),
        description=_t(
            "Yellow-light bay with a wet bench, a fume hood, a hotplate and an optical "
            "microscope; the mask aligner and the spin coater stand here. Two people at a "
            "time.",
            "Yaş emal masası, sorucu şkaf, qızdırıcı plitə və optik mikroskop olan sarı "
            "işıqlı bölmə; maska uyğunlaşdırma qurğusu və sentrifuqa ilə örtükçəkmə qurğusu "
            "burada yerləşir. Eyni vaxtda iki nəfər.",
            "Islak tezgâh, çeker ocak, ısıtıcı plaka ve optik mikroskop bulunan sarı ışıklı "
            "bölme; maske hizalayıcı ve döndürmeli kaplama cihazı burada durur. Aynı anda iki "
            "kişi.",
        ),
        location="R1-0.20",
        capacity=2,
        slot=60,
        min_minutes=60,
        max_minutes=480,
        notice=24 * 60,
        days_ahead=30,
        approval=True,
        qualification=GOWNING_Q,
        no_show=30,
        prices=("30.00", "35.00", "60.00"),
        users=(("lala", SENSOR), ("esra", SENSOR)),
        per_day=0.5,
        lengths=(120, 180, 240),
    ),
    ResourceSpec(
        slug="htp-mask-aligner",
        facility=CR,
        kind=Kind.INSTRUMENT,
        name=_t("Mask aligner", "Maska uyğunlaşdırma qurğusu", "Maske hizalayıcı"),
        description=_t(
            "UV contact and proximity lithography for wafers up to 150 mm and pieces, with "
            "top- and bottom-side alignment.",
            "150 mm-ə qədər lövhələr və hissələr üçün kontakt və yaxınlıq UV litoqrafiyası; "
            "üst və alt tərəfdən uyğunlaşdırma ilə.",
            "150 mm'ye kadar pullar ve parçalar için UV temas ve yakınlık litografisi; üst ve "
            "alt taraftan hizalama ile.",
        ),
        maker=("SÜSS MicroTec", "MA6 Gen4", "MA6G4-0412"),
        location="R1-0.20",
        slot=60,
        min_minutes=60,
        max_minutes=240,
        notice=24 * 60,
        days_ahead=30,
        week_person=6,
        approval=True,
        qualification=GOWNING_Q,
        no_show=30,
        prices=("50.00", "60.00", "100.00"),
        linked=("htp-clean-room-bay-1",),
        users=(("esra", SENSOR), ("teymur", SENSOR), ("lala", SENSOR)),
        per_day=0.8,
        lengths=(60, 120),
    ),
    ResourceSpec(
        slug="htp-spin-coater",
        facility=CR,
        kind=Kind.INSTRUMENT,
        name=_t(
            "Spin coater",
            "Sentrifuqa ilə örtükçəkmə qurğusu",
            "Döndürmeli kaplama cihazı",
        ),
        description=_t(
            "Spins photoresist and other coatings onto substrates up to 150 mm at up to "
            "12,000 rpm.",
            "Fotorezisti və digər örtükləri 150 mm-ə qədər altlıqlara dəqiqədə 12 000 dövrə "
            "qədər sürətlə çəkir.",
            "Fotorezisti ve diğer kaplamaları 150 mm'ye kadar alttaşlara dakikada 12.000 "
            "devire kadar hızla kaplar.",
        ),
        maker=("Laurell Technologies", "WS-650MZ-23NPPB", "WS650-22-7781"),
        location="R1-0.20",
        min_minutes=30,
        max_minutes=180,
        days_ahead=30,
        qualification=GOWNING_Q,
        prices=("12.00", "15.00", "25.00"),
        linked=("htp-clean-room-bay-1",),
        users=(("lala", SENSOR), ("esra", SENSOR)),
        per_day=0.6,
        lengths=(30, 60, 90),
    ),
    ResourceSpec(
        slug="htp-clean-room-bay-2",
        facility=CR,
        kind=Kind.ROOM,
        name=_t(
            "Clean room bay 2 (assembly and packaging)",
            "Təmiz otaq, 2-ci bölmə (yığma və qablaşdırma)",
            "Temiz oda 2. bölme (montaj ve paketleme)",
        ),
        description=_t(
            "Bay for die attach, wire bonding and encapsulation of sensor chips, with a die "
            "bonder, a stereo microscope and a curing oven. Two people at a time.",
            "Sensor çiplərinin yapışdırılması, məftil birləşdirilməsi və hermetikləşdirilməsi "
            "üçün bölmə; çip yapışdırma qurğusu, stereomikroskop və bərkitmə sobası ilə. Eyni "
            "vaxtda iki nəfər.",
            "Sensör çiplerinin yapıştırılması, tel bağlanması ve kapsüllenmesi için bölme; çip "
            "yapıştırma cihazı, stereo mikroskop ve kürleme fırını ile. Aynı anda iki kişi.",
        ),
        location="R1-0.22",
        capacity=2,
        slot=60,
        min_minutes=60,
        max_minutes=480,
        notice=24 * 60,
        days_ahead=30,
        approval=True,
        qualification=GOWNING_Q,
        no_show=30,
        prices=("25.00", "30.00", "50.00"),
        users=(("lala", SENSOR), ("teymur", SENSOR)),
        per_day=0.4,
        lengths=(120, 180, 240),
    ),
    ResourceSpec(
        slug="htp-wire-bonder",
        facility=CR,
        kind=Kind.MACHINE,
        name=_t("Wire bonder", "Məftil birləşdirmə qurğusu", "Tel bağlama makinesi"),
        description=_t(
            "Semi-automatic wedge and ball bonder for gold and aluminium wire of 17.5–75 µm.",
            "17,5–75 µm qızıl və alüminium məftil üçün yarımavtomatik pazvari və kürəvi "
            "birləşdirmə qurğusu.",
            "17,5–75 µm altın ve alüminyum tel için yarı otomatik kama ve top bağlama makinesi.",
        ),
        maker=("TPT Wire Bonder", "HB16", "HB16-1811-204"),
        location="R1-0.22",
        min_minutes=30,
        max_minutes=240,
        days_ahead=30,
        qualification=GOWNING_Q,
        prices=("20.00", "25.00", "40.00"),
        linked=("htp-clean-room-bay-2",),
        users=(("teymur", SENSOR), ("esra", SENSOR)),
        per_day=0.6,
        lengths=(60, 90, 120),
    ),
    # Electronics test laboratory
    ResourceSpec(
        slug="htp-emc-precompliance",
        facility=TL,
        kind=Kind.INSTRUMENT,
        name=_t(
            "EMC pre-compliance test set",
            "Elektromaqnit uyğunluğu üzrə ilkin sınaq dəsti",
            "EMC ön uygunluk test düzeneği",
        ),
        description=_t(
            "Conducted and radiated emission scans with an EMI test receiver, a line "
            "impedance stabilisation network, near-field probes and a TEM cell, to find "
            "problems before the accredited test.",
            "Akkreditə olunmuş sınaqdan əvvəl problemləri aşkar etmək üçün EMI sınaq "
            "qəbuledicisi, xətt empedansı stabilizatoru, yaxın sahə zondları və TEM kamerası "
            "ilə keçirilən və şüalanan emissiyaların ölçülməsi.",
            "Akredite testten önce sorunları bulmak için EMI test alıcısı, hat empedans "
            "stabilizasyon devresi (LISN), yakın alan probları ve TEM hücresiyle iletilen ve "
            "yayılan emisyon taramaları.",
        ),
        maker=("Rohde & Schwarz", "ESR7 EMI test receiver", "101845"),
        location="R1-1.20",
        slot=120,
        min_minutes=120,
        max_minutes=480,
        notice=240,
        days_ahead=30,
        week_company=16,
        no_show=30,
        prices=("45.00", "55.00", "90.00"),
        users=(("zeynep", CONTROLLERS), ("aynur", None), ("tugba", None), ("serkan", SENSOR)),
        per_day=0.6,
        lengths=(120, 240),
    ),
    ResourceSpec(
        slug="htp-oscilloscope-1",
        facility=TL,
        kind=Kind.INSTRUMENT,
        name=_t(
            "Oscilloscope (Keysight, 1.5 GHz)",
            "Ossiloqraf (Keysight, 1,5 QHs)",
            "Osiloskop (Keysight, 1,5 GHz)",
        ),
        description=_t(
            "Four analogue and 16 digital channels, 1.5 GHz, with serial bus decoding (I²C, "
            "SPI, CAN, USB).",
            "Dörd analoq və 16 rəqəmsal kanal, 1,5 QHs; ardıcıl şinlərin dekodlaşdırılması "
            "ilə (I²C, SPI, CAN, USB).",
            "Dört analog ve 16 dijital kanal, 1,5 GHz; seri veri yolu çözümleme (I²C, SPI, "
            "CAN, USB) ile.",
        ),
        maker=("Keysight Technologies", "InfiniiVision MSOX4154A", "MY58120457"),
        location="R1-1.22",
        min_minutes=30,
        max_minutes=480,
        days_ahead=21,
        users=(("zeynep", CONTROLLERS), ("sebuhi", CONTROLLERS), ("aynur", None), ("kubra", None)),
        per_day=1.0,
        lengths=(60, 120, 180, 240),
    ),
    ResourceSpec(
        slug="htp-oscilloscope-2",
        facility=TL,
        kind=Kind.INSTRUMENT,
        name=_t(
            "Oscilloscope (Tektronix, 1 GHz)",
            "Ossiloqraf (Tektronix, 1 QHs)",
            "Osiloskop (Tektronix, 1 GHz)",
        ),
        description=_t(
            "Eight FlexChannel inputs, 1 GHz, 12-bit resolution; power analysis and a spectrum "
            "view for switching power supplies.",
            "Səkkiz FlexChannel girişi, 1 QHs, 12 bitlik ayırdetmə; impulslu qida blokları "
            "üçün güc analizi və spektr görünüşü.",
            "Sekiz FlexChannel girişi, 1 GHz, 12 bit çözünürlük; anahtarlamalı güç kaynakları "
            "için güç analizi ve spektrum görünümü.",
        ),
        maker=("Tektronix", "MSO58 5 Series", "B020714"),
        location="R1-1.22",
        min_minutes=30,
        max_minutes=480,
        days_ahead=21,
        users=(("lala", None), ("tugba", None), ("serkan", SENSOR)),
        per_day=0.7,
        lengths=(60, 120, 180),
    ),
    ResourceSpec(
        slug="htp-thermal-chamber",
        facility=TL,
        kind=Kind.INSTRUMENT,
        name=_t("Thermal chamber", "Temperatur sınaq kamerası", "Sıcaklık test kabini"),
        description=_t(
            "Climatic test chamber, 340 litres, −70 to +180 °C, 10–98% relative humidity, with "
            "cable ports for powered tests. Runs round the clock, booked in four-hour blocks.",
            "340 litrlik iqlim sınaq kamerası, −70 ilə +180 °C arası, 10–98% nisbi rütubət; "
            "işləyən cihazların sınağı üçün kabel keçidləri ilə. Fasiləsiz işləyir, dörd "
            "saatlıq bloklarla bron edilir.",
            "340 litrelik iklimlendirme test kabini, −70 ile +180 °C arası, %10–98 bağıl nem; "
            "çalışır durumdaki cihazların testi için kablo geçişleri ile. Gece gündüz çalışır, "
            "dört saatlik bloklar hâlinde rezerve edilir.",
        ),
        maker=("Weiss Technik", "ClimeEvent C/340/70/5", "58226064790010"),
        location="R1-1.24",
        slot=240,
        hours=("00:00", "00:00"),
        weekdays=(),
        min_minutes=240,
        max_minutes=24 * 60,
        notice=24 * 60,
        days_ahead=30,
        week_company=48,
        prices=("12.00", "15.00", "25.00"),
        users=(("tugba", None), ("serkan", SENSOR), ("emre", CONTROLLERS)),
        per_day=0.5,
        lengths=(480, 960),
    ),
    ResourceSpec(
        slug="htp-vibration-table",
        facility=TL,
        kind=Kind.MACHINE,
        name=_t("Vibration table", "Vibrasiya stendi", "Titreşim masası"),
        description=_t(
            "Electrodynamic shaker with a slip table, 9.8 kN sine force, 5–3,000 Hz, for sine, "
            "random and shock tests.",
            "Sürüşən masası olan elektrodinamik vibrostend, 9,8 kN sinusoidal qüvvə, "
            "5–3000 Hs; sinusoidal, təsadüfi vibrasiya və zərbə sınaqları üçün.",
            "Kayar tablalı elektrodinamik sarsıcı, 9,8 kN sinüs kuvveti, 5–3.000 Hz; sinüs, "
            "rastgele titreşim ve şok testleri için.",
        ),
        maker=("Brüel & Kjær", "LDS V830-335 shaker with slip table", "V830-2019-0042"),
        location="R1-1.24",
        slot=60,
        min_minutes=60,
        max_minutes=480,
        notice=24 * 60,
        days_ahead=30,
        approval=True,
        prices=("50.00", "60.00", "100.00"),
        users=(("tugba", None), ("emre", CONTROLLERS)),
        per_day=0.4,
        lengths=(60, 120, 180),
    ),
    # Device assembly line
    ResourceSpec(
        slug="htp-pick-and-place",
        facility=AL,
        kind=Kind.MACHINE,
        name=_t(
            "Pick-and-place machine",
            "Komponent yerləşdirmə avtomatı",
            "Dizgi makinesi (pick-and-place)",
        ),
        description=_t(
            "Places up to 52,000 components an hour, from 0201 chips to 55 mm ICs, with "
            "feeders for 96 reels. The line supervisor sets up the feeders with you.",
            "Saatda 52 000-ə qədər komponent yerləşdirir: 0201 çiplərdən 55 mm-lik "
            "mikrosxemlərə qədər; 96 lent üçün qidalandırıcılar. Qidalandırıcıları xətt "
            "rəhbəri sizinlə birlikdə quraşdırır.",
            "Saatte 52.000'e kadar bileşen dizer: 0201 çiplerden 55 mm entegrelere kadar; 96 "
            "makara için besleyiciler. Besleyicileri hat sorumlusu sizinle birlikte kurar.",
        ),
        maker=("Yamaha", "YRM10", "YRM10-2023-0315"),
        location="R1-0.30",
        slot=240,
        min_minutes=240,
        max_minutes=720,
        notice=2 * 24 * 60,
        days_ahead=45,
        week_company=24,
        approval=True,
        no_show=60,
        prices=("80.00", "95.00", "150.00"),
        linked=("htp-reflow-oven",),
        users=(("emre", CONTROLLERS), ("nigar", CONTROLLERS), ("zeynep", CONTROLLERS)),
        per_day=0.5,
        lengths=(240, 480),
    ),
    ResourceSpec(
        slug="htp-reflow-oven",
        facility=AL,
        kind=Kind.MACHINE,
        name=_t("Reflow oven", "Lehimləmə sobası (reflow)", "Reflow fırını"),
        description=_t(
            "Convection reflow oven with 14 heating zones and a nitrogen atmosphere; booked "
            "together with the pick-and-place machine for a line run.",
            "14 qızdırma zonası və azot mühiti olan konveksiyalı lehimləmə sobası; xəttin "
            "işi üçün komponent yerləşdirmə avtomatı ilə birlikdə bron edilir.",
            "14 ısıtma bölgeli, azot atmosferli konveksiyonlu reflow fırını; hat çalışması "
            "için dizgi makinesiyle birlikte rezerve edilir.",
        ),
        maker=("Rehm Thermal Systems", "VisionXP+ Nitro 3855", "VXP-3855-1102"),
        location="R1-0.30",
        slot=240,
        min_minutes=240,
        max_minutes=720,
        notice=24 * 60,
        days_ahead=45,
        approval=True,
        prices=("40.00", "50.00", "75.00"),
        users=(("oguz", CONTROLLERS),),
        per_day=0.1,
        lengths=(240,),
    ),
    ResourceSpec(
        slug="htp-aoi",
        facility=AL,
        kind=Kind.MACHINE,
        name=_t("3D optical inspection (AOI)", "3D optik nəzarət (AOI)", "3D optik muayene (AOI)"),
        description=_t(
            "Inspects soldered boards in 3D for missing, shifted and tombstoned components "
            "and for solder defects.",
            "Lehimlənmiş plataları 3D rejimində yoxlayır: çatışmayan, yerindən sürüşmüş və "
            "dik qalxmış komponentləri və lehim qüsurlarını aşkar edir.",
            "Lehimlenmiş kartları 3D olarak muayene eder: eksik, kaymış ve mezar taşı "
            "etkisiyle kalkmış bileşenleri ve lehim hatalarını bulur.",
        ),
        maker=("Koh Young", "Zenith 2", "KY-Z2-22-0587"),
        location="R1-0.30",
        min_minutes=60,
        max_minutes=480,
        days_ahead=45,
        prices=("25.00", "30.00", "45.00"),
        users=(("zeynep", CONTROLLERS), ("nigar", CONTROLLERS), ("sebuhi", CONTROLLERS)),
        per_day=0.6,
        lengths=(60, 120, 180),
    ),
    # Meeting rooms, offices and co-working
    ResourceSpec(
        slug="htp-meeting-room-caspian",
        facility=SP,
        kind=Kind.MEETING_ROOM,
        name=_t("Meeting room Caspian", "Xəzər iclas otağı", "Hazar toplantı odası"),
        description=_t(
            "Eight seats, a 75-inch screen and a video-conference camera.",
            "Səkkiz nəfərlik; 75 düymlük ekran və videokonfrans kamerası ilə.",
            "Sekiz kişilik; 75 inç ekran ve video konferans kamerası ile.",
        ),
        location="R1-1.12",
        slot=30,
        min_minutes=30,
        max_minutes=240,
        days_ahead=30,
        week_person=8,
        no_show=15,
        prices=(None, "10.00", "20.00"),
        users=(
            ("emre", None),
            ("teymur", SENSOR),
            ("kanan", None),
            ("orxan", None),
            ("hakan", None),
            ("elcin", None),
        ),
        per_day=1.5,
        lengths=(30, 60, 90, 120),
    ),
    ResourceSpec(
        slug="htp-meeting-room-marmara",
        facility=SP,
        kind=Kind.MEETING_ROOM,
        name=_t("Meeting room Marmara", "Mərmərə iclas otağı", "Marmara toplantı odası"),
        description=_t(
            "Six seats and a whiteboard wall; suited to interviews and small workshops.",
            "Altı nəfərlik, yazı lövhəsi divarı ilə; müsahibələr və kiçik seminarlar üçün "
            "uyğundur.",
            "Altı kişilik, yazı tahtası duvarlı; mülakatlar ve küçük atölye çalışmaları için "
            "uygundur.",
        ),
        location="R1-1.14",
        slot=30,
        min_minutes=30,
        max_minutes=240,
        days_ahead=30,
        week_person=8,
        no_show=15,
        prices=(None, "10.00", "20.00"),
        users=(("kanan", None), ("aynur", None), ("nigar", None), ("serkan", None), ("esra", None)),
        per_day=1.2,
        lengths=(30, 60, 90),
    ),
    ResourceSpec(
        slug="htp-conference-room",
        facility=SP,
        kind=Kind.MEETING_ROOM,
        name=_t("Conference room Körpü", "Körpü konfrans zalı", "Körpü konferans salonu"),
        description=_t(
            "Forty seats, a projector, microphones and interpretation booths; bookings are "
            "approved by the park's office.",
            "Qırx nəfərlik; proyektor, mikrofonlar və tərcümə kabinələri ilə. Bronları "
            "parkın ofisi təsdiqləyir.",
            "Kırk kişilik; projeksiyon cihazı, mikrofonlar ve tercüme kabinleri ile. "
            "Rezervasyonları park ofisi onaylar.",
        ),
        location="R1-1.02",
        slot=60,
        min_minutes=60,
        max_minutes=600,
        notice=2 * 24 * 60,
        days_ahead=60,
        approval=True,
        prices=("20.00", "30.00", "60.00"),
        users=(("orxan", None), ("hakan", None)),
        per_day=0.2,
        lengths=(120, 180, 240),
    ),
    ResourceSpec(
        slug="htp-coworking",
        facility=SP,
        kind=Kind.DESK,
        name=_t("Co-working area", "Kovorkinq zonası", "Ortak çalışma alanı"),
        description=_t(
            "Twenty open desks with monitors and lockers; book a desk for the hours you need it.",
            "Monitorları və şkafçaları olan iyirmi açıq iş yeri; lazım olan saatlar üçün bir "
            "iş yeri bron edin.",
            "Monitörlü ve dolaplı yirmi açık masa; ihtiyacınız olan saatler için bir masa "
            "rezerve edin.",
        ),
        location="R1-1.10",
        capacity=20,
        hours=("08:00", "22:00"),
        weekdays=WORKSHOP_DAYS,
        min_minutes=60,
        max_minutes=14 * 60,
        days_ahead=14,
        week_person=40,
        prices=(None, None, "3.00"),
        users=(
            ("specialist", None),
            ("kubra", None),
            ("togrul", None),
            ("sebuhi", None),
            ("kanan", None),
            ("aynur", None),
            ("ramil", None),
            ("konul", None),
        ),
        per_day=5.0,
        lengths=(180, 240, 360, 480, 600),
    ),
    ResourceSpec(
        slug="htp-guest-office-112",
        facility=SP,
        kind=Kind.OFFICE,
        name=_t("Guest office 1.12", "1.12 saylı qonaq ofisi", "1.12 numaralı misafir ofisi"),
        description=_t(
            "An office with four desks for visiting teams, booked by the day.",
            "Qonaq komandalar üçün dörd iş masalı ofis, günlük bron edilir.",
            "Misafir ekipler için dört masalı ofis, günlük olarak rezerve edilir.",
        ),
        location="R1-1.16",
        slot=12 * 60,
        min_minutes=12 * 60,
        max_minutes=12 * 60,
        days_ahead=60,
        prices=(None, "6.00", "10.00"),
        users=(("aynur", None), ("kanan", None)),
        per_day=0.3,
        lengths=(12 * 60,),
    ),
    ResourceSpec(
        slug="htp-guest-office-114",
        facility=SP,
        kind=Kind.OFFICE,
        name=_t("Guest office 1.14", "1.14 saylı qonaq ofisi", "1.14 numaralı misafir ofisi"),
        description=_t(
            "An office with two desks for visiting teams, booked by the day.",
            "Qonaq komandalar üçün iki iş masalı ofis, günlük bron edilir.",
            "Misafir ekipler için iki masalı ofis, günlük olarak rezerve edilir.",
        ),
        location="R1-1.16",
        slot=12 * 60,
        min_minutes=12 * 60,
        max_minutes=12 * 60,
        days_ahead=60,
        prices=(None, "5.00", "8.00"),
        users=(("tugba", None), ("ramil", None)),
        per_day=0.2,
        lengths=(12 * 60,),
    ),
]
SPECS = {spec.slug: spec for spec in RESOURCES}
FACILITY_SPECS = {spec.slug: spec for spec in FACILITIES}

# What people write as the purpose, by facility kind, in the booker's language.
PURPOSES = {
    FKind.WORKSHOP: [
        _t("Enclosure prototype", "Korpus prototipi", "Muhafaza prototipi"),
        _t("Test fixture parts", "Sınaq qurğusu üçün detallar", "Test fikstürü parçaları"),
        _t(
            "Parts for a customer demo",
            "Müştəri nümayişi üçün detallar",
            "Müşteri tanıtımı için parçalar",
        ),
    ],
    FKind.LAB: [
        _t("Sample analysis", "Nümunələrin analizi", "Numune analizi"),
        _t("Coating characterisation", "Örtüyün xarakterizasiyası", "Kaplama karakterizasyonu"),
        _t(
            "Failure analysis of a returned part",
            "Geri qaytarılmış detalın nasazlıq analizi",
            "İade edilen parçanın hata analizi",
        ),
    ],
    FKind.CLEAN_ROOM: [
        _t("Sensor chip fabrication", "Sensor çiplərinin hazırlanması", "Sensör çipi üretimi"),
        _t(
            "Photolithography test run",
            "Fotolitoqrafiya üzrə sınaq prosesi",
            "Fotolitografi deneme çalışması",
        ),
    ],
    FKind.TEST: [
        _t(
            "Pre-compliance check before certification",
            "Sertifikatlaşdırmadan əvvəl ilkin yoxlama",
            "Sertifikasyon öncesi ön kontrol",
        ),
        _t(
            "Environmental test of a prototype",
            "Prototipin ətraf mühit sınağı",
            "Prototipin çevresel testi",
        ),
        _t(
            "Debugging a motor driver board",
            "Mühərrik idarəetmə platasının sazlanması",
            "Motor sürücü kartında hata ayıklama",
        ),
    ],
    FKind.PRODUCTION: [
        _t("Pilot run", "Pilot partiya", "Pilot üretim"),
        _t("Small series for a customer", "Müştəri üçün kiçik seriya", "Müşteri için küçük seri"),
    ],
    FKind.SPACES: [
        _t("Project meeting", "Layihə görüşü", "Proje toplantısı"),
        _t("Customer meeting", "Müştəri ilə görüş", "Müşteri görüşmesi"),
        _t("Team work day", "Komandanın iş günü", "Ekip çalışma günü"),
    ],
}


# --- projects -----------------------------------------------------------------------------
@dataclass(frozen=True)
class ProjectSpec:
    slug: str
    kind: str
    lead: str
    partners: tuple[str, ...]
    title: dict[str, str]
    summary: dict[str, str]
    starts: int  # days from the anchor
    ends: int
    budget: str
    members: tuple[tuple[str, str], ...]  # (booker, role)
    milestones: tuple[tuple[str, int, int | None], ...]  # (title, due, reached)
    outputs: tuple[tuple[str, str, int, int, str], ...]  # (kind, title, quantity, day, ref)
    extra_resources: tuple[str, ...] = ()


PROJECTS = [
    ProjectSpec(
        slug=SENSOR,
        kind=Project.Kind.RESEARCH,
        lead="absheron-institute-applied-informatics",
        partners=("gebze-technical-university", "azerbaijan-technical-university", "ilgaz-optik"),
        title=_t(
            "Photonic gas sensor for industrial safety",
            "Sənaye təhlükəsizliyi üçün fotonik qaz sensoru",
            "Endüstriyel güvenlik için fotonik gaz sensörü",
        ),
        summary=_t(
            "Joint research of the Absheron Institute of Applied Informatics, Gebze Technical "
            "University, Azerbaijan Technical University and Ilgaz Optik on a silicon-nitride "
            "photonic sensor for methane and hydrogen sulphide in refineries and chemical "
            "plants: designed in Baku and Gebze, made in the park's clean room, and tested at "
            "plants in Sumgait and Gebze.",
            "Abşeron Tətbiqi İnformatika İnstitutu, Gebze Texniki Universiteti, Azərbaycan "
            "Texniki Universiteti və Ilgaz Optik şirkətinin neft emalı və kimya zavodlarında "
            "metan və hidrogen sulfidi aşkar edən silisium nitrid əsaslı fotonik sensor üzrə "
            "birgə tədqiqatı: sensor Bakıda və Gebzedə layihələndirilir, parkın təmiz otağında "
            "hazırlanır, Sumqayıt və Gebze zavodlarında sınaqdan keçirilir.",
            "Abşeron Uygulamalı Bilişim Enstitüsü, Gebze Teknik Üniversitesi, Azerbaycan "
            "Teknik Üniversitesi ve Ilgaz Optik'in rafineriler ve kimya tesislerinde metan ve "
            "hidrojen sülfür algılayan silisyum nitrür tabanlı fotonik sensör üzerine ortak "
            "araştırması: sensör Bakü'de ve Gebze'de tasarlanıyor, parkın temiz odasında "
            "üretiliyor, Sumgayıt ve Gebze'deki tesislerde test ediliyor.",
        ),
        starts=-200,
        ends=530,
        budget="640000.00",
        members=(
            ("teymur", Role.LEAD),
            ("esra", Role.RESEARCHER),
            ("gokhan", Role.RESEARCHER),
            ("lala", Role.RESEARCHER),
            ("serkan", Role.ENGINEER),
            ("togrul", Role.STUDENT),
        ),
        milestones=(
            ("Sensor design and simulations completed", -150, -146),
            ("First clean-room fabrication run", -60, -52),
            ("Characterisation of the first chips", -20, -14),
            ("Packaged modules for the field trial", -7, -4),
            ("Field trial at a chemical plant in Sumgait", 75, None),
            ("Final report to the partners", 500, None),
        ),
        outputs=(
            ("prototype", "First-run sensor chips (ring-resonator design)", 24, -50, "Run R1"),
            ("prototype", "Packaged sensor modules, revision B", 3, -10, "Rev. B"),
            ("device", "Field-trial sensor units", 12, -4, "Batch FT-01"),
            (
                "publication",
                "Silicon-nitride ring resonators for methane detection in industrial air",
                1,
                -30,
                "doi:10.5555/korpu-demo.2026.0142",
            ),
            (
                "patent",
                "Temperature-compensated photonic gas sensing element",
                1,
                -25,
                "a 2026 0117",
            ),
        ),
        extra_resources=("htp-sem-room", "htp-clean-room-bay-1", "htp-clean-room-bay-2"),
    ),
    ProjectSpec(
        slug=CONTROLLERS,
        kind=Project.Kind.PRODUCTION,
        lead="pusula-robotik",
        partners=("odlar-robotics",),
        title=_t(
            "Pilot production of robot joint controllers",
            "Robot oynaq kontrollerlərinin pilot istehsalı",
            "Robot eklem kontrolcülerinin pilot üretimi",
        ),
        summary=_t(
            "Pusula Robotik and Odlar Robotics produce the PJC-200, a motor-drive board for "
            "collaborative robot arms and educational robots, on the park's assembly line: "
            "the design comes from Gebze, the firmware is shared, and the boards for the "
            "Caspian market are assembled and tested in Baku.",
            "Pusula Robotik və Odlar Robotics kollaborativ robot qolları və təhsil robotları "
            "üçün mühərrik idarəetmə platası olan PJC-200-ü parkın yığım xəttində istehsal "
            "edir: layihə Gebzedən gəlir, proqram təminatı ortaqdır, Xəzər regionu bazarı "
            "üçün platalar Bakıda yığılır və sınaqdan keçirilir.",
            "Pusula Robotik ve Odlar Robotics, işbirlikçi robot kolları ve eğitim robotları "
            "için bir motor sürücü kartı olan PJC-200'ü parkın montaj hattında üretiyor: "
            "tasarım Gebze'den geliyor, yazılım ortak, Hazar pazarı için kartlar Bakü'de "
            "monte edilip test ediliyor.",
        ),
        starts=-120,
        ends=240,
        budget="380000.00",
        members=(
            ("emre", Role.LEAD),
            ("nigar", Role.LEAD),
            ("zeynep", Role.ENGINEER),
            ("oguz", Role.ENGINEER),
            ("sebuhi", Role.STUDENT),
        ),
        milestones=(
            ("Design for manufacturing review", -100, -98),
            ("Prototype run of ten boards", -85, -88),
            ("First batch of 120 boards", -45, -45),
            ("Second batch of 240 boards", -5, -6),
            ("EMC pre-compliance passed", 12, None),
            ("Certification of the controller", 90, None),
        ),
        outputs=(
            ("prototype", "PJC-200 prototype boards, revision A", 10, -88, "Rev. A"),
            ("device", "PJC-200 joint controllers, batch 1", 120, -45, "Lot B1"),
            ("device", "PJC-200 joint controllers, batch 2", 240, -6, "Lot B2"),
            (
                "patent",
                "Sensorless commutation for compact robot joints",
                1,
                -70,
                "TR 2026/004512",
            ),
        ),
        extra_resources=("htp-reflow-oven",),
    ),
]


# --- the park's new block and agreement ------------------------------------------------
AGREEMENT_TEXTS = {
    "title": _t(
        "High Technologies Park research cooperation agreement",
        "Yüksək Texnologiyalar Parkının elmi-tədqiqat əməkdaşlığı sazişi",
        "Yüksek Teknoloji Parkı araştırma işbirliği anlaşması",
    ),
    "summary": _t(
        "The park's management company opens its laboratories to the partner universities "
        "and the research institute at partner prices; the partners bring their researchers, "
        "students and projects to the park.",
        "Parkın idarəetmə şirkəti laboratoriyalarını tərəfdaş universitetlər və "
        "elmi-tədqiqat institutu üçün tərəfdaş qiymətləri ilə açır; tərəfdaşlar isə öz "
        "tədqiqatçılarını, tələbələrini və layihələrini parka gətirir.",
        "Parkın yönetim şirketi laboratuvarlarını ortak üniversitelere ve araştırma "
        "enstitüsüne ortak fiyatlarıyla açar; ortaklar da araştırmacılarını, öğrencilerini ve "
        "projelerini parka getirir.",
    ),
    "scope": _t(
        "Shared use of the Phase I laboratories, joint research projects and placements for "
        "young specialists.",
        "I mərhələ laboratoriyalarından birgə istifadə, birgə tədqiqat layihələri və gənc "
        "mütəxəssislər üçün təcrübə proqramları.",
        "I. Etap laboratuvarlarının ortak kullanımı, ortak araştırma projeleri ve genç "
        "uzmanlar için staj programları.",
    ),
}


# --- the plan of bookings ------------------------------------------------------------------
@dataclass
class _Planned:
    resource: str
    person: str  # booker key
    project: str | None
    starts_at: dt.datetime
    ends_at: dt.datetime
    tag: str = ""  # a scenario the loader acts on


@dataclass(frozen=True)
class _ClosureSpec:
    facility: str
    resource: str | None
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str
    by: str  # staff key


def _clock(day: dt.date, clock: str) -> dt.datetime:
    hour, minute = map(int, clock.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BAKU)


def _weekday_from(day: dt.date) -> dt.date:
    """The day itself or the Monday after a weekend."""
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return moment.replace(year=year, month=month, day=min(moment.day, last))


class _Timeline:
    """What the plan has put where: holds per resource, each person's time, and the week
    totals per person and company, so that the plan keeps the resources' rules."""

    def __init__(self, resources: dict[str, Resource], closures: list[_ClosureSpec]) -> None:
        self.resources = resources
        self.closures = closures
        self.held: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        self.busy: dict[str, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
        self.week: Counter = Counter()

    @staticmethod
    def _monday(moment: dt.datetime) -> dt.date:
        day = moment.astimezone(BAKU).date()
        return day - dt.timedelta(days=day.weekday())

    def closed(self, slug: str, start: dt.datetime, end: dt.datetime) -> bool:
        spec = SPECS[slug]
        return any(
            c.starts_at < end
            and start < c.ends_at
            and (c.resource == slug or (c.resource is None and c.facility == spec.facility))
            for c in self.closures
        )

    def fits(self, item: _Planned) -> bool:
        spec = SPECS[item.resource]
        start, end = item.starts_at, item.ends_at
        for slug in (item.resource, *spec.linked):
            if self.closed(slug, start, end):
                return False
            capacity = self.resources[slug].capacity
            if services.peak_overlap(self.held[slug], start, end) >= capacity:
                return False
        if any(begin < end and start < finish for begin, finish in self.busy[item.person]):
            return False
        hours = (end - start).total_seconds() / 3600
        monday = self._monday(start)
        company = BOOKERS[item.person][1]
        if spec.week_person and (
            self.week[(item.resource, "person", item.person, monday)] + hours > spec.week_person
        ):
            return False
        return not (
            spec.week_company
            and company
            and self.week[(item.resource, "company", company, monday)] + hours > spec.week_company
        )

    def add(self, item: _Planned) -> None:
        spec = SPECS[item.resource]
        for slug in (item.resource, *spec.linked):
            self.held[slug].append((item.starts_at, item.ends_at))
        self.busy[item.person].append((item.starts_at, item.ends_at))
        hours = (item.ends_at - item.starts_at).total_seconds() / 3600
        monday = self._monday(item.starts_at)
        self.week[(item.resource, "person", item.person, monday)] += hours
        company = BOOKERS[item.person][1]
        if company:
            self.week[(item.resource, "company", company, monday)] += hours


# The bookings the story needs: (tag, resource, booker, project, first day from the
# anchor, start, end). Each goes on the first open day from then where it fits.
SCENARIOS = [
    # Past: the CNC mill stops during yesterday's booking; a printer misbehaves.
    ("high_incident", "htp-cnc-mill", "onur", None, -1, "10:00", "13:00"),
    ("low_incident", "htp-fdm-printer-2", "kubra", None, -6, "10:00", "14:00"),
    # Ahead: a taken laser time someone waits for; a resin print that is cancelled
    # and offered to the first person waiting; people told the mill is out of service.
    ("waited_for", "htp-laser-cutter", "onur", None, 2, "14:00", "16:00"),
    ("cancelled_for_offer", "htp-resin-printer", "deniz", None, 3, "10:00", "13:00"),
    ("cnc_ahead", "htp-cnc-mill", "oguz", CONTROLLERS, 2, "10:00", "12:00"),
    # Requests for approval: one declined, one approved, two still waiting.
    ("declined", "htp-sem", "konul", None, 2, "10:00", "12:00"),
    ("approved", "htp-vibration-table", "tugba", None, 2, "10:00", "12:00"),
    ("pending", "htp-mask-aligner", "lala", SENSOR, 7, "10:00", "12:00"),
    ("pending_line", "htp-pick-and-place", "emre", CONTROLLERS, 7, "08:00", "16:00"),
]


# --- loading ------------------------------------------------------------------------------
def _find(model, field_name: str, values) -> dict[str, Any]:
    values = set(values)
    found = {
        getattr(o, field_name): o for o in model.objects.filter(**{f"{field_name}__in": values})
    }
    missing = sorted(values - set(found))
    if missing:
        raise LookupError(
            f"The facilities demo needs the directory and events demos "
            f"({model._meta.verbose_name_plural} missing: {', '.join(missing)}); load them first."
        )
    return found


def load_facilities_demo() -> DemoResult:
    """Load (or bring back) the park's labs, bookings and projects in one transaction."""
    started = time.perf_counter()
    # Untranslated columns take the English text whatever language is active.
    with translation.override("en"), transaction.atomic():
        result = _Loader().load()
    result.seconds = time.perf_counter() - started
    return result


load = load_facilities_demo


class _Loader:
    def __init__(self) -> None:
        self.sync = _Sync()
        self.now = timezone.now()

    def count(self, label: str, amount: int = 1) -> None:
        self.sync.tallies.setdefault(label, Tally()).created += amount

    def at(self, days: int, clock: str) -> dt.datetime:
        return _clock(self.anchor + dt.timedelta(days=days), clock)

    # -- the load ----------------------------------------------------------------------
    def load(self) -> DemoResult:
        sync = self.sync
        org_slugs = {org for _address, org in BOOKERS.values() if org}
        org_slugs |= {p.lead for p in PROJECTS} | {s for p in PROJECTS for s in p.partners}
        org_slugs |= {s for t in TRAININGS for s in t.organisers} | set(RESIDENTS)
        org_slugs |= {slug for slug, _by in AGREEMENT_PARTIES}
        self.orgs = _find(Organisation, "slug", org_slugs | {OPERATOR})
        self.park = _find(Park, "slug", [PARK])[PARK]
        laser = Qualification.objects.filter(name_en=LASER_QUALIFICATION["en"]).first()
        if laser is None:
            raise LookupError(
                "The facilities demo needs the events demo's qualification "
                f"“{LASER_QUALIFICATION['en']}”; run korpu.events.demo.load_events_demo() first."
            )
        directory_emails = {email for key, (email, _org) in BOOKERS.items() if key not in STAFF}
        people = _find(Person, "email", directory_emails)

        # Everything dated follows the day the demo was first loaded.
        first = Resource.objects.filter(slug__in=SPECS).order_by("created_at").first()
        self.anchor = timezone.localtime(first.created_at if first else self.now, BAKU).date()

        self.staff(people)
        self.people = {key: people[email] for key, (email, _org) in BOOKERS.items()}
        self.block()
        qualifications = self.qualifications(laser)
        facilities = self.facilities()
        self.resources = self.resources_of(facilities, qualifications)
        self.trainings(qualifications)
        self.grants(qualifications)
        self.projects = self.projects_of()

        demo_bookings = Booking.objects.filter(resource__in=self.resources.values())
        if demo_bookings.exists():
            self.count_existing()
        else:
            self.bookings(facilities)

        result = DemoResult(tallies=sync.tallies, accounts=[])
        if result.changed:
            changes: dict[str, list[Any]] = {}
            for label, tally in sync.tallies.items():
                if tally.created:
                    before = tally.updated + tally.unchanged
                    changes[label] = [before, before + tally.created]
                if tally.updated:
                    changes[f"{label} rewritten"] = [0, tally.updated]
            audit.record(actor=None, action="demo.load_facilities", changes=changes)
        return result

    # -- people, the block, the agreement ------------------------------------------------
    def staff(self, people: dict[str, Person]) -> None:
        joined = dt.datetime(2025, 10, 1, 9, 0, tzinfo=dt.UTC)
        rows = []
        for index, (key, (first, last, country, title, languages, expertise)) in enumerate(
            STAFF.items()
        ):
            rows.append(
                {
                    "email": staff_email(key),
                    "first_name": first,
                    "last_name": last,
                    "country": country,
                    "city": "Baku",
                    "languages": languages,
                    "preferred_language": country.lower(),
                    "headline": f"{title}, High Technologies Park Management Company",
                    "expertise": expertise,
                    "is_public": True,
                    "is_active": True,
                    "date_joined": joined + dt.timedelta(days=3 * index),
                }
            )

        def no_password(person: Person) -> None:
            person.set_unusable_password()

        created = self.sync.sync("park staff", Person, ("email",), rows, on_create=no_password)
        operator = self.orgs[OPERATOR]
        self.sync.sync(
            "park staff memberships",
            Membership,
            ("person_id", "organisation_id"),
            [
                {
                    "person_id": created[(staff_email(key),)].pk,
                    "organisation_id": operator.pk,
                    "role": Membership.Role.MEMBER,
                    "title": STAFF[key][3],
                }
                for key in STAFF
            ],
        )
        people.update({email: person for (email,), person in created.items()})

    def block(self) -> None:
        sync, park = self.sync, self.park
        site = sync.sync(
            "park sites",
            Site,
            ("park_id", "name"),
            [{"park_id": park.pk, "name": SITE, "address": "Absheron peninsula, Baku"}],
        )[(park.pk, SITE)]
        self.site = site
        sync.sync(
            "park buildings",
            Building,
            ("site_id", "name"),
            [{"site_id": site.pk, "name": BUILDING, "floors": 3}],
        )
        # Residencies are workflow people change: missing ones come back, others stay.
        anchor = self.anchor
        sync.sync(
            "park residencies",
            Residency,
            ("company_id", "park_id"),
            [
                {
                    "company_id": self.orgs[slug].pk,
                    "park_id": park.pk,
                    "status": Residency.Status.ACTIVE,
                    "applied_on": anchor - dt.timedelta(days=160 + 10 * index),
                    "start_date": anchor - dt.timedelta(days=120),
                }
                for index, slug in enumerate(RESIDENTS)
            ],
            update=(),
        )
        agreement = sync.sync(
            "park agreements",
            Partnership,
            ("slug",),
            [
                {
                    "slug": AGREEMENT,
                    **{
                        key: value
                        for field_name, texts in AGREEMENT_TEXTS.items()
                        for key, value in _i18n(field_name, texts).items()
                    },
                    "status": Partnership.Status.ACTIVE,
                    "signed_on": dt.date(2025, 11, 14),
                    "signed_at_place": "Baku",
                    "valid_until": None,
                    "share_contacts": False,
                    "share_residencies": False,
                    "share_metrics": False,
                    "is_public": True,
                }
            ],
        )[(AGREEMENT,)]
        sync.sync(
            "park agreement parties",
            PartnershipParty,
            ("partnership_id", "organisation_id"),
            [
                {
                    "partnership_id": agreement.pk,
                    "organisation_id": self.orgs[slug].pk,
                    "role": PartnershipParty.Role.SIGNATORY,
                    "signed_by": signed_by,
                }
                for slug, signed_by in AGREEMENT_PARTIES
            ],
        )

    # -- qualifications, facilities, resources, trainings ------------------------------
    def qualifications(self, laser: Qualification) -> dict[str, Qualification]:
        rows = [
            {
                **_i18n("name", name),
                **_i18n("description", description),
                "valid_for_months": months,
            }
            for name, description, months in QUALIFICATIONS.values()
        ]
        found = self.sync.sync("qualifications", Qualification, ("name_en",), rows)
        result = {key: found[(spec[0]["en"],)] for key, spec in QUALIFICATIONS.items()}
        result[LASER_Q] = laser
        return result

    def facilities(self) -> dict[str, Facility]:
        rows = [
            {
                "slug": spec.slug,
                "park_id": self.park.pk,
                "site_id": self.site.pk,
                "kind": spec.kind,
                **_i18n("name", spec.name),
                **_i18n("description", spec.description),
                "location": spec.location,
                "contact_email": spec.contact,
                "is_public": True,
            }
            for spec in FACILITIES
        ]
        found = self.sync.sync("facilities", Facility, ("slug",), rows)
        facilities = {key[0]: facility for key, facility in found.items()}
        self.sync.link(
            "facility managers",
            Facility.managers.through,
            "facility_id",
            "person_id",
            {
                (facilities[spec.slug].pk, self.people[key].pk)
                for spec in FACILITIES
                for key in spec.managers
            },
        )
        return facilities

    def resources_of(
        self, facilities: dict[str, Facility], qualifications: dict[str, Qualification]
    ) -> dict[str, Resource]:
        rows = []
        for spec in RESOURCES:
            facility = FACILITY_SPECS[spec.facility]
            opens, closes = spec.hours or facility.hours
            weekdays = facility.weekdays if spec.weekdays is None else spec.weekdays
            resident, partner, external = (Decimal(p) if p else None for p in spec.prices)
            rows.append(
                {
                    "slug": spec.slug,
                    "facility_id": facilities[spec.facility].pk,
                    "kind": spec.kind,
                    **_i18n("name", spec.name),
                    **_i18n("description", spec.description),
                    "manufacturer": spec.maker[0],
                    "model": spec.maker[1],
                    "serial_number": spec.maker[2],
                    "location": spec.location,
                    "capacity": spec.capacity,
                    "slot_minutes": spec.slot,
                    "opens_at": dt.time.fromisoformat(opens),
                    "closes_at": dt.time.fromisoformat(closes),
                    "open_weekdays": list(weekdays),
                    "min_minutes": spec.min_minutes,
                    "max_minutes": spec.max_minutes,
                    "min_notice_minutes": spec.notice,
                    "max_days_ahead": spec.days_ahead,
                    "max_hours_per_week_person": spec.week_person,
                    "max_hours_per_week_company": spec.week_company,
                    "requires_approval": spec.approval,
                    "required_qualification_id": qualifications[spec.qualification].pk
                    if spec.qualification
                    else None,
                    "no_show_minutes": spec.no_show,
                    "price_resident": resident,
                    "price_partner": partner,
                    "price_external": external,
                    "currency": "AZN",
                    "is_bookable": spec.bookable,
                }
            )
        # The status is left alone: an incident takes a resource out of service.
        found = self.sync.sync("resources", Resource, ("slug",), rows)
        resources = {
            resource.slug: resource
            for resource in Resource.objects.filter(
                pk__in=[r.pk for r in found.values()]
            ).select_related("facility__park", "required_qualification")
        }
        self.sync.link(
            "resources booked together",
            Resource.linked_resources.through,
            "from_resource_id",
            "to_resource_id",
            {
                (resources[spec.slug].pk, resources[other].pk)
                for spec in RESOURCES
                for other in spec.linked
            },
        )
        return resources

    def training_day(self, spec: TrainingSpec) -> dt.date:
        return _weekday_from(self.anchor + dt.timedelta(days=spec.day))

    def trainings(self, qualifications: dict[str, Qualification]) -> None:
        sync = self.sync
        memo = Partnership.objects.filter(slug=MEMORANDUM_SLUG).first()
        rows = []
        for spec in TRAININGS:
            day = self.training_day(spec)
            first, last = spec.sessions[0], spec.sessions[-1]
            rows.append(
                {
                    "slug": spec.slug,
                    "kind": Event.Kind.TRAINING,
                    **_i18n("title", spec.title),
                    **_i18n("summary", spec.summary),
                    **_i18n("description", spec.description),
                    **_i18n("venue_details", spec.venue),
                    "partnership_id": memo.pk if memo else None,
                    "languages": ["az", "tr", "en"],
                    "site_id": self.site.pk,
                    "online_url": "",
                    "time_zone": ZONE,
                    "starts_at": _clock(day, first[0]),
                    "ends_at": _clock(day, last[1]),
                    "visibility": Event.Visibility.PUBLIC,
                    "status": Event.Status.PUBLISHED,
                    "capacity": spec.capacity,
                    "registration_opens_at": self.at(-14, "10:00"),
                    "registration_closes_at": _clock(day - dt.timedelta(days=1), "18:00"),
                    "cancellation_deadline": _clock(day - dt.timedelta(days=1), "18:00"),
                    "requires_approval": False,
                    "waitlist_enabled": True,
                    "offer_hours": None,
                    "reminder_hours": [24],
                    "certificate_min_attendance": 100,
                    "grants_qualification_id": qualifications[spec.qualification].pk,
                    "submissions_close_at": None,
                    "results_published": False,
                    "created_at": self.now,
                }
            )
        # Places, status and the creation time are the organisers' (as in the events demo).
        fixed = {"slug", "status", "capacity", "results_published", "created_at"}
        events = sync.sync(
            "trainings",
            Event,
            ("slug",),
            rows,
            update=[name for name in rows[0] if name not in fixed],
        )
        events = {key[0]: event for key, event in events.items()}
        sync.link(
            "training organisers",
            Event.organisers.through,
            "event_id",
            "organisation_id",
            {(events[t.slug].pk, self.orgs[o].pk) for t in TRAININGS for o in t.organisers},
        )
        rooms = sync.sync(
            "training rooms",
            Room,
            ("event_id", "position"),
            [
                {"event_id": events[t.slug].pk, "position": 0, **_i18n("name", t.room)}
                for t in TRAININGS
            ],
        )
        session_rows = []
        for spec in TRAININGS:
            event, day = events[spec.slug], self.training_day(spec)
            for start, end, title in spec.sessions:
                session_rows.append(
                    {
                        "event_id": event.pk,
                        "starts_at": _clock(day, start),
                        "room_id": rooms[(event.pk, 0)].pk,
                        "ends_at": _clock(day, end),
                        "counts_for_attendance": True,
                        **_i18n("title", title),
                    }
                )
        sync.sync("training sessions", Session, ("event_id", "starts_at", "room_id"), session_rows)
        self.events = events

    def grants(self, qualifications: dict[str, Qualification]) -> None:
        rows = []
        for person, key, days, by in GRANTS:
            granted = self.at(-days, "16:00")
            rows.append(
                {
                    "person_id": self.people[person].pk,
                    "qualification_id": qualifications[key].pk,
                    "granted_at": granted,
                    "expires_at": _add_months(granted, VALID_MONTHS[key]),
                    "granted_by_id": self.people[by].pk,
                    "source": GRANT_SOURCE,
                }
            )
        # Granted qualifications are people's (a manager may revoke one): never restored.
        self.sync.sync(
            "qualifications held",
            QualificationGrant,
            ("person_id", "qualification_id"),
            rows,
            update=(),
        )

    def projects_of(self) -> dict[str, Project]:
        sync = self.sync
        rows = [
            {
                "slug": spec.slug,
                "park_id": self.park.pk,
                "kind": spec.kind,
                "status": Project.Status.ACTIVE,
                "lead_id": self.orgs[spec.lead].pk,
                **_i18n("title", spec.title),
                **_i18n("summary", spec.summary),
                "starts_on": self.anchor + dt.timedelta(days=spec.starts),
                "ends_on": self.anchor + dt.timedelta(days=spec.ends),
                "budget": Decimal(spec.budget),
                "currency": "AZN",
                "is_public": True,
            }
            for spec in PROJECTS
        ]
        found = sync.sync(
            "park projects",
            Project,
            ("slug",),
            rows,
            update=[name for name in rows[0] if name != "status"],
        )
        projects = {key[0]: project for key, project in found.items()}
        sync.link(
            "project partners",
            Project.partners.through,
            "project_id",
            "organisation_id",
            {(projects[p.slug].pk, self.orgs[o].pk) for p in PROJECTS for o in p.partners},
        )
        used = {
            (projects[project].pk, self.resources[spec.slug].pk)
            for spec in RESOURCES
            for _person, project in spec.users
            if project
        }
        used |= {
            (projects[p.slug].pk, self.resources[slug].pk)
            for p in PROJECTS
            for slug in p.extra_resources
        }
        sync.link("project resources", Project.resources.through, "project_id", "resource_id", used)
        sync.sync(
            "project members",
            ProjectMember,
            ("project_id", "person_id"),
            [
                {
                    "project_id": projects[p.slug].pk,
                    "person_id": self.people[person].pk,
                    "role": role,
                    "organisation_id": self.orgs[BOOKERS[person][1]].pk
                    if BOOKERS[person][1]
                    else None,
                }
                for p in PROJECTS
                for person, role in p.members
            ],
        )
        # Progress is the project's: a milestone reached is not undone.
        sync.sync(
            "project milestones",
            Milestone,
            ("project_id", "title"),
            [
                {
                    "project_id": projects[p.slug].pk,
                    "title": title,
                    "due_on": self.anchor + dt.timedelta(days=due),
                    "done_on": self.anchor + dt.timedelta(days=done) if done is not None else None,
                }
                for p in PROJECTS
                for title, due, done in p.milestones
            ],
            update=("due_on",),
        )
        sync.sync(
            "project outputs",
            Output,
            ("project_id", "kind", "title"),
            [
                {
                    "project_id": projects[p.slug].pk,
                    "kind": kind,
                    "title": title,
                    "quantity": quantity,
                    "date": self.anchor + dt.timedelta(days=day),
                    "reference": reference,
                }
                for p in PROJECTS
                for kind, title, quantity, day, reference in p.outputs
            ],
        )
        return projects

    def count_existing(self) -> None:
        resources = list(self.resources.values())
        existing = self.sync.existing
        existing("bookings", Booking.objects.filter(resource__in=resources).count())
        existing("weekly bookings", BookingSeries.objects.filter(resource__in=resources).count())
        existing(
            "waiting-list entries", WaitingEntry.objects.filter(resource__in=resources).count()
        )
        existing(
            "closures",
            Closure.objects.filter(facility__slug__in=FACILITY_SPECS).count(),
        )
        existing("incidents", Incident.objects.filter(resource__in=resources).count())

    # -- bookings ----------------------------------------------------------------------
    def closures(self) -> list[_ClosureSpec]:
        monday = self.anchor - dt.timedelta(days=self.anchor.weekday())
        next_monday, last_monday = monday + dt.timedelta(days=7), monday - dt.timedelta(days=7)
        items = [
            _ClosureSpec(
                ML,
                "htp-xrd",
                Closure.Kind.MAINTENANCE,
                _clock(next_monday, "09:00"),
                _clock(next_monday + dt.timedelta(days=2), "18:00"),
                "Annual X-ray tube and radiation safety inspection by the Bruker service engineer",
                "sevda",
            ),
            _ClosureSpec(
                CR,
                None,
                Closure.Kind.MAINTENANCE,
                _clock(next_monday + dt.timedelta(days=4), "08:00"),
                _clock(next_monday + dt.timedelta(days=4), "18:00"),
                "Annual ISO 14644 particle-count recertification and HEPA filter check",
                "nargiz",
            ),
            _ClosureSpec(
                WS,
                "htp-laser-cutter",
                Closure.Kind.MAINTENANCE,
                _clock(last_monday + dt.timedelta(days=2), "09:00"),
                _clock(last_monday + dt.timedelta(days=2), "13:00"),
                "Lens and mirror cleaning, beam alignment",
                "elshan",
            ),
        ]
        for spec in TRAININGS:
            if spec.blocks:
                day = self.training_day(spec)
                items.append(
                    _ClosureSpec(
                        SPECS[spec.blocks].facility,
                        spec.blocks,
                        Closure.Kind.BLACKOUT,
                        _clock(day, spec.sessions[0][0]),
                        _clock(day, spec.sessions[-1][1]),
                        f"Training: {spec.title['en']}",
                        FACILITY_SPECS[SPECS[spec.blocks].facility].managers[0],
                    )
                )
        return items

    def scenarios(self, timeline: _Timeline) -> list[_Planned]:
        """Place the story's bookings (past ones backwards from their day, future ones
        forwards) before the rest."""
        placed = []
        for tag, slug, person, project, offset, start, end in SCENARIOS:
            step = -1 if offset < 0 else 1
            for days in range(offset, offset + 14 * step, step):
                day = self.anchor + dt.timedelta(days=days)
                if services.opening_window(self.resources[slug], day) is None:
                    continue
                item = _Planned(slug, person, project, _clock(day, start), _clock(day, end), tag)
                if timeline.fits(item):
                    timeline.add(item)
                    placed.append(item)
                    break
            else:
                raise RuntimeError(f"The facilities demo found no time for {tag} on {slug}.")
        return placed

    def series_times(self) -> tuple[dt.datetime, dt.datetime, dt.date]:
        """The weekly XRD booking: Tuesdays 10:00–12:00 from the first one far enough
        ahead, for five weeks."""
        spec = SPECS["htp-xrd"]
        day = self.anchor + dt.timedelta(days=(1 - self.anchor.weekday()) % 7)
        while _clock(day, "10:00") < self.now + dt.timedelta(minutes=spec.notice + 30):
            day += dt.timedelta(days=7)
        return _clock(day, "10:00"), _clock(day, "12:00"), day + dt.timedelta(weeks=4)

    def plan(self, closures: list[_ClosureSpec]) -> tuple[list[_Planned], list[_Planned]]:
        """The scenario bookings and a month of ordinary ones that keep every rule."""
        timeline = _Timeline(self.resources, closures)
        scenarios = self.scenarios(timeline)
        first, end, until = self.series_times()
        while first.date() <= until:
            item = _Planned("htp-xrd", "gokhan", SENSOR, first, end, "series")
            if not timeline.closed("htp-xrd", first, end):
                timeline.add(item)
            first, end = first + dt.timedelta(weeks=1), end + dt.timedelta(weeks=1)
        rng = _rng("bookings", self.anchor.isoformat())
        planned = []
        for offset in range(-PAST_DAYS, FUTURE_DAYS + 1):
            day = self.anchor + dt.timedelta(days=offset)
            for spec in RESOURCES:
                if not spec.users:
                    continue
                window = services.opening_window(self.resources[spec.slug], day)
                if window is None:
                    continue
                expected = spec.per_day * (FUTURE_SHARE if offset >= 0 else 1.0)
                if day.weekday() == 5:  # Saturdays are quiet
                    expected *= 0.4
                wanted = int(expected) + (rng.random() < expected - int(expected))
                for _n in range(wanted):
                    for _attempt in range(8):
                        item = self.candidate(rng, spec, window)
                        if item is not None and timeline.fits(item):
                            timeline.add(item)
                            planned.append(item)
                            break
        return scenarios, planned

    def candidate(self, rng: random.Random, spec: ResourceSpec, window) -> _Planned | None:
        person, project = rng.choice(spec.users)
        minutes = rng.choice(spec.lengths)
        opens, closes = window
        step = spec.slot or 30
        # People come during the working day even where a resource is open round the clock.
        earliest = max(opens, opens.replace(hour=8, minute=0))
        latest = min(closes, _clock(opens.date(), "19:00"))
        starts = []
        moment = opens
        while moment + dt.timedelta(minutes=minutes) <= closes:
            if earliest <= moment < latest:
                starts.append(moment)
            moment += dt.timedelta(minutes=step)
        if not starts:
            return None
        start = rng.choice(starts)
        return _Planned(spec.slug, person, project, start, start + dt.timedelta(minutes=minutes))

    def bookings(self, facilities: dict[str, Facility]) -> None:
        closure_specs = self.closures()
        scenarios, planned = self.plan(closure_specs)
        rng = _rng("outcomes", self.anchor.isoformat())
        self.category: dict[int | None, str] = {}
        # Closures first: nothing is booked yet, so none cancels a booking.
        for spec in closure_specs:
            services.add_closure(
                actor=self.people[spec.by],
                facility=facilities[spec.facility],
                resource=self.resources[spec.resource] if spec.resource else None,
                kind=spec.kind,
                starts_at=spec.starts_at,
                ends_at=spec.ends_at,
                reason=spec.reason,
            )
        self.count("closures", len(closure_specs))

        everything = sorted(scenarios + planned, key=lambda item: item.starts_at)
        past = [item for item in everything if item.starts_at < self.now]
        future = [item for item in everything if item.starts_at >= self.now]
        made = self.insert_past(past, rng)
        self.series()
        made |= self.book_future(future, rng)
        self.decide_pending(made)
        self.waiting(made)
        self.incidents(made)

    def _purpose(self, rng: random.Random, item: _Planned) -> str:
        person = self.people[item.person]
        facility_kind = FACILITY_SPECS[SPECS[item.resource].facility].kind
        language = person.preferred_language if person.preferred_language in ("az", "tr") else "en"
        return rng.choice(PURPOSES[facility_kind])[language]

    def _price(self, organisation: Organisation | None, resource: Resource):
        key = organisation.pk if organisation else None
        if key not in self.category:
            self.category[key] = services.price_category(organisation, resource)
        category = self.category[key]
        return category, services.hourly_price(resource, category)

    def insert_past(self, items: list[_Planned], rng: random.Random) -> dict[str, Booking]:
        """Bookings that began before now, as the services wrote them then: most were
        used (checked in and out), a few cancelled, declined or released as no-shows;
        those still running are checked in."""
        mains, outcomes, seen = [], [], Counter()
        for item in items:
            resource = self.resources[item.resource]
            spec = SPECS[item.resource]
            org_slug = BOOKERS[item.person][1]
            organisation = self.orgs[org_slug] if org_slug else None
            category, price = self._price(organisation, resource)
            lead = dt.timedelta(hours=rng.choice((3, 20, 28, 50, 75, 120, 160)))
            created = item.starts_at - lead
            row: dict[str, Any] = {
                "resource_id": resource.pk,
                "person_id": self.people[item.person].pk,
                "organisation_id": organisation.pk if organisation else None,
                "project_id": self.projects[item.project].pk if item.project else None,
                "starts_at": item.starts_at,
                "ends_at": item.ends_at,
                "status": BStatus.APPROVED,
                "purpose": self._purpose(rng, item),
                "price_category": category,
                "hourly_price": price,
                "currency": resource.currency,
                "created_at": created,
            }
            manager = self.people[FACILITY_SPECS[spec.facility].managers[0]]
            if spec.approval:
                row |= {
                    "decided_by_id": manager.pk,
                    "decided_at": created + dt.timedelta(hours=2),
                }
            # Every so many bookings one was declined, released or cancelled (counted, so
            # that every plan has some of each).
            outcome = "used"
            if not item.tag:
                seen["all"] += 1
                if spec.approval:
                    seen["approval"] += 1
                if spec.no_show and item.ends_at <= self.now:
                    seen["no_show"] += 1
                if spec.approval and seen["approval"] % 20 == 7:
                    outcome = "declined"
                elif spec.no_show and item.ends_at <= self.now and seen["no_show"] % 14 == 5:
                    outcome = "no_show"
                elif seen["all"] % 12 == 3:
                    outcome = "cancelled"
            if outcome == "declined":
                row |= {
                    "status": BStatus.DECLINED,
                    "decision_note": "The instrument is needed for a calibration then; please "
                    "choose another time.",
                }
            elif outcome == "no_show":
                row |= {
                    "status": BStatus.NO_SHOW,
                    "cancelled_at": item.starts_at + dt.timedelta(minutes=spec.no_show),
                }
            elif outcome == "cancelled":
                row |= {
                    "status": BStatus.CANCELLED,
                    "cancelled_at": item.starts_at - lead / 2,
                }
            else:
                row |= self._usage(rng, item, spec)
            mains.append(row)
            outcomes.append(item)
        created = self.sync.insert("bookings", Booking, mains)
        linked = []
        for booking, item in zip(created, outcomes, strict=True):
            for slug in SPECS[item.resource].linked:
                other = self.resources[slug]
                category = booking.price_category
                linked.append(
                    {
                        "resource_id": other.pk,
                        "person_id": booking.person_id,
                        "organisation_id": booking.organisation_id,
                        "project_id": booking.project_id,
                        "linked_to_id": booking.pk,
                        "starts_at": booking.starts_at,
                        "ends_at": booking.ends_at,
                        "status": booking.status,
                        "purpose": booking.purpose,
                        "price_category": category,
                        "hourly_price": services.hourly_price(other, category),
                        "currency": other.currency,
                        "decided_by_id": booking.decided_by_id,
                        "decided_at": booking.decided_at,
                        "decision_note": booking.decision_note,
                        "cancelled_at": booking.cancelled_at,
                        "created_at": booking.created_at,
                    }
                )
        if linked:
            self.sync.insert("bookings", Booking, linked)
        return {
            item.tag: booking for booking, item in zip(created, outcomes, strict=True) if item.tag
        }

    def _usage(self, rng: random.Random, item: _Planned, spec: ResourceSpec) -> dict[str, Any]:
        """When the person checked in and out (not yet out while the booking runs)."""
        if item.tag == "high_incident":  # the spindle stopped an hour and ten minutes in
            return {
                "checked_in_at": item.starts_at + dt.timedelta(minutes=2),
                "checked_out_at": item.starts_at + dt.timedelta(minutes=70),
            }
        if self.now < item.starts_at + dt.timedelta(minutes=3):
            return {}
        late = rng.choice((-10, -5, -2, 0, 1, 3, 5, 8, 12))
        if spec.no_show:
            late = min(late, spec.no_show - 5)
        checked_in = min(item.starts_at + dt.timedelta(minutes=late), self.now)
        usage = {"checked_in_at": checked_in}
        if item.ends_at <= self.now:
            early = dt.timedelta(minutes=rng.choice((0, 0, 5, 10, 15, 30, 45, -5)))
            checked_out = max(item.ends_at - early, checked_in + dt.timedelta(minutes=10))
            usage["checked_out_at"] = min(checked_out, self.now)
        return usage

    def series(self) -> None:
        first, end, until = self.series_times()
        result = services.book_weekly(
            actor=self.people["gokhan"],
            resource=self.resources["htp-xrd"],
            starts_at=first,
            ends_at=end,
            until=until,
            skip_conflicts=True,
            organisation=self.orgs["gebze-technical-university"],
            project=self.projects[SENSOR],
            purpose="Thin-film phase analysis, weekly run",
        )
        self.count("weekly bookings")
        self.count("bookings", len(result.bookings))

    def book_future(self, items: list[_Planned], rng: random.Random) -> dict[str, Booking]:
        """Bookings ahead go through the services, as people make them."""
        made = {}
        for item in items:
            org_slug = BOOKERS[item.person][1]
            try:
                booking = services.book(
                    actor=self.people[item.person],
                    resource=self.resources[item.resource],
                    starts_at=item.starts_at,
                    ends_at=item.ends_at,
                    organisation=self.orgs[org_slug] if org_slug else None,
                    project=self.projects[item.project] if item.project else None,
                    purpose=self._purpose(rng, item),
                )
            except ValidationError as error:
                code = error.error_list[0].code
                if item.tag or code not in SKIPPED_REFUSALS:
                    raise
                continue
            self.count("bookings", 1 + len(SPECS[item.resource].linked))
            if item.tag:
                made[item.tag] = booking
        return made

    def decide_pending(self, made: dict[str, Booking]) -> None:
        """The managers approved most of what waits for them; the later requests still
        wait, and one was declined."""
        pending = list(
            Booking.objects.filter(
                resource__in=self.resources.values(),
                status=BStatus.PENDING,
                linked_to__isnull=True,
            )
            .select_related("resource__facility")
            .order_by("starts_at", "pk")
        )
        horizon = self.now + dt.timedelta(days=5)
        waiting = {made["pending"].pk, made["pending_line"].pk}
        for booking in pending:
            manager = self.people[FACILITY_SPECS[booking.resource.facility.slug].managers[0]]
            if booking.pk == made["declined"].pk:
                services.decide(
                    actor=manager,
                    booking=booking,
                    approve=False,
                    note="The microscope is reserved for the EDS detector calibration then; "
                    "please choose another time.",
                )
            elif booking.pk == made["approved"].pk or (
                booking.starts_at < horizon and booking.pk not in waiting
            ):
                services.decide(actor=manager, booking=booking, approve=True)

    def waiting(self, made: dict[str, Booking]) -> None:
        """The company member waits for a taken laser-cutter time; on the resin printer
        the booking was cancelled and the first person waiting has it on offer."""
        taken = made["waited_for"]
        services.join_waiting_list(
            actor=self.people["zeynep"],
            resource=taken.resource,
            starts_at=taken.starts_at,
            ends_at=taken.starts_at + dt.timedelta(hours=1),
            organisation=self.orgs["pusula-robotik"],
        )
        freed = made["cancelled_for_offer"]
        services.join_waiting_list(
            actor=self.people["kubra"],
            resource=freed.resource,
            starts_at=freed.starts_at,
            ends_at=freed.ends_at,
        )
        services.cancel(
            actor=freed.person,
            booking=freed,
            reason="The enclosure will be printed on the FDM printer instead.",
        )
        self.count("waiting-list entries", 2)

    def incidents(self, made: dict[str, Booking]) -> None:
        """A high-severity fault on the CNC mill during yesterday's booking (open: the
        mill is out of service) and a low one on a 3D printer, resolved."""
        stopped = made["high_incident"]
        high = services.report_incident(
            actor=stopped.person,
            resource=stopped.resource,
            severity=Incident.Severity.HIGH,
            title="Spindle overheated and stopped during a facing operation",
            description="The spindle temperature alarm went off after about an hour at "
            "6,000 rpm; the spindle stopped with a grinding noise. The part and the tool "
            "are still in the vice.",
            booking=stopped,
        )
        Incident.objects.filter(pk=high.pk).update(
            reported_at=stopped.starts_at + dt.timedelta(minutes=68)
        )
        faulty = made["low_incident"]
        low = services.report_incident(
            actor=faulty.person,
            resource=faulty.resource,
            severity=Incident.Severity.LOW,
            title="Filament runout sensor gives false alarms",
            description="The print paused twice with a runout warning although the spool was "
            "half full.",
            booking=faulty,
        )
        services.resolve_incident(
            actor=self.people["elshan"],
            incident=low,
            resolution="Cleaned the sensor and the filament path, recalibrated; a test print "
            "ran for six hours without a pause.",
        )
        Incident.objects.filter(pk=low.pk).update(
            reported_at=faulty.starts_at + dt.timedelta(hours=2, minutes=30),
            resolved_at=_clock(faulty.starts_at.astimezone(BAKU).date(), "17:40")
            + dt.timedelta(days=1),
        )
        self.count("incidents", 2)
