"""Demo data of the insights (issue 8: "the demo shows the 2020 memorandum's dashboard with
five years of plausible activity, resident reports, and a downloadable yearly report").

The other demos show what happens around the day they are loaded; this one adds the years
before, from 2021 to about two months before that day (the first load's day, kept by the
directory demo's rows), so that every commitment of the memorandum has a trend by year and
by country. It runs last and uses the organisations, people, parks, labs and keywords of
the other demos.

What it adds (counts grow from year to year, with some noise):

- **People**: about 500 participants of past joint events from both countries (names,
  gender and year of birth given with consent to statistics, so the age groups work),
  most of them members of a company of their country.
- **Companies**: the residents of the joint High Technologies Park since its Phase I
  block opened in 2021 (Azerbaijani startups and SMEs; some graduated, one left), and
  former GOSB Teknopark residents that graduated from 2021 on.
- **Programmes**: four acceleration and technology-transfer programmes exchanged under
  the memorandum and an incubation programme, with a call a year (two for some), the
  applications from both countries and the decisions; a young specialists' internship
  programme with its placements in the partner country.
- **Joint events**: seminars, trainings, the yearly Azerbaijan–Türkiye Innovation Forum
  and (from 2023) a technology-transfer summit, summer and winter campuses: the
  registrations, check-ins and certificates; the campuses' ideas, teams, projects,
  judges and scores; a brokerage day at every forum and summit with profiles, meeting
  requests, the meetings held and the participants' feedback.
- **Technology transfer**: profiles published by the parks' residents and the parties,
  expressions of interest from the partner country and the deals signed.
- **The High Technologies Park**: research, prototype and production projects with the
  devices they produced, and the past bookings of its labs.
- **Resident reporting**: GOSB Teknopark (quarterly, in TRY, every indicator of the
  catalogue) and the High Technologies Park (quarterly, in AZN) since 2021, the Baku
  Innovation Centre (yearly, in AZN). Most residents reported every period, a few were
  late or never did; the periods are locked by the park managers through the reporting
  services (so the reports are snapshotted) except the latest, which is open: Pusula
  Robotik (``company.admin@korpu.example``) has not filled in GOSB Teknopark's yet.

Idempotent like the other demos: every parent row has a natural key (a slug, an e-mail
address, a reference, ``(programme, slug)``), and the rows that belong to it
(registrations, applications, meetings, reports…) are made together with it, only when
it is created. A park that already asks for reports is left alone. Everything is drawn
from seeded random generators, so the same rows come back every time.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation

from korpu.directory.demo import (
    GOSB_PARK_SLUG,
    MEMORANDUM_SLUG,
    SEED,
    SHOWCASE_COMPANY_SLUG,
    DemoResult,
    Tally,
    ascii_slug,
)
from korpu.directory.models import (
    Membership,
    Organisation,
    Park,
    Partnership,
    Person,
    Residency,
)
from korpu.directory.rules import MANAGING_ROLES
from korpu.events.demo import (
    AZ_MEN,
    AZ_SURNAMES,
    AZ_WOMEN,
    TR_MEN,
    TR_SURNAMES,
    TR_WOMEN,
    _female_surname,
)
from korpu.events.models import (
    Certificate,
    CheckIn,
    Event,
    Idea,
    Judge,
    JudgingCriterion,
    Registration,
    Submission,
    Team,
    TeamMember,
)
from korpu.events.models.campus import JudgeAssignment
from korpu.facilities.models import Booking, Output, Project, Resource
from korpu.matchmaking.models import (
    BrokerageDay,
    GridSession,
    Location,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Slot,
)
from korpu.matchmaking.models import Profile as BrokerageProfile
from korpu.programs.demo import _i18n, _Sync, _t
from korpu.programs.models import Application, Call, Placement, Programme
from korpu.transfer.models import Deal, ExpressionOfInterest, Keyword
from korpu.transfer.models import Profile as TechnologyProfile

from . import reporting
from .models import Reminder, Report, ReportingPeriod, ReportingScheme, YearlyReport

FIRST_YEAR = 2021
AGENCY = "innovation-agency"
GOSB = "gosb-teknopark"
HTP = "high-technologies-park"
BAKU_CENTRE = "baku-innovation-centre"
HISTORY_ENDS_DAYS = 75  # the history stops this many days before the anchor day
POOL_SIZE = 520  # past participants, half from each country
YOUTH = 30
ZONES = {"AZ": "Asia/Baku", "TR": "Europe/Istanbul"}
# The demo resident who fills the open quarterly report (in Turkish).
DEMO_RESIDENT = "company.admin@korpu.example"
DEMO_AGENCY_ADMIN = "agency.admin@korpu.example"

Kind = Event.Kind
RStatus = Registration.Status


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, "insights", *parts))))


def _aware(day: dt.date, hour: int, minute: int = 0, zone: str = "Asia/Baku") -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone))
    return local.astimezone(dt.UTC)


def _money(value: float) -> Decimal:
    return Decimal(str(round(value, -2) if value >= 1000 else round(value, 2))).quantize(
        Decimal("0.01")
    )


# --- companies ----------------------------------------------------------------------------
@dataclass(frozen=True)
class CompanySpec:
    slug: str
    name: str
    country: str
    city: str
    kind: str
    size: str
    founded: int
    product: dict[str, str]
    park: str
    start: dt.date
    status: str = Residency.Status.ACTIVE
    end: dt.date | None = None


OKind = Organisation.Kind
S = Organisation.Size
RS = Residency.Status
EoIStatus = ExpressionOfInterest.Status

# The residents of the joint High Technologies Park's Phase I block (opened in 2021).
HTP_RESIDENTS = [
    CompanySpec("xazar-sensor", "Xəzər Sensor MMC", "AZ", "Baku", OKind.STARTUP, S.SMALL, 2019,
                _t("gas and humidity sensors for industry", "sənaye üçün qaz və rütubət sensorları",
                   "sanayi için gaz ve nem sensörleri"), HTP, dt.date(2021, 9, 6)),
    CompanySpec("abseron-dron", "Abşeron Dron Texnologiyaları MMC", "AZ", "Baku", OKind.STARTUP,
                S.MICRO, 2020, _t("inspection drones for pipelines", "boru kəmərləri üçün "
                "müayinə dronları", "boru hatları için denetim dronları"), HTP,
                dt.date(2021, 10, 18)),
    CompanySpec("kur-elektronika", "Kür Elektronika MMC", "AZ", "Baku", OKind.SME, S.SMALL, 2016,
                _t("power electronics and chargers", "güc elektronikası və şarj cihazları",
                   "güç elektroniği ve şarj cihazları"), HTP, dt.date(2021, 11, 1),
                RS.GRADUATED, dt.date(2024, 12, 20)),
    CompanySpec("qafqaz-robotika", "Qafqaz Robotika MMC", "AZ", "Baku", OKind.STARTUP, S.SMALL,
                2020,
                _t("collaborative robot arms", "kollaborativ robot qolları",
                   "işbirlikçi robot kolları"), HTP, dt.date(2022, 2, 14)),
    CompanySpec("goygol-biotech", "Göygöl Biotech MMC", "AZ", "Ganja", OKind.STARTUP, S.MICRO, 2021,
                _t("biofertilisers from local strains", "yerli ştamlardan biogübrələr",
                   "yerel suşlardan biyogübreler"), HTP, dt.date(2022, 5, 9)),
    CompanySpec("nur-fotonika", "Nur Fotonika MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO, 2021,
                _t("optical sensing modules", "optik ölçmə modulları", "optik algılama modülleri"),
                HTP, dt.date(2022, 9, 12)),
    CompanySpec("sahil-enerji", "Sahil Enerji Sistemləri MMC", "AZ", "Sumgait", OKind.SME, S.SMALL,
                2017, _t("battery storage for solar plants", "günəş stansiyaları üçün enerji "
                "yığıcıları", "güneş santralleri için batarya depolama"), HTP,
                dt.date(2022, 11, 21), RS.GRADUATED, dt.date(2025, 11, 28)),
    CompanySpec("araz-agrotech", "Araz Aqrotexnologiya MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO,
                2020, _t("smart irrigation controllers", "ağıllı suvarma nəzarətçiləri",
                         "akıllı sulama kontrolörleri"), HTP, dt.date(2023, 3, 6), RS.LEFT,
                dt.date(2024, 6, 30)),
    CompanySpec("sirvan-medtech", "Şirvan MedTex MMC", "AZ", "Baku", OKind.STARTUP, S.SMALL, 2021,
                _t("portable ECG monitors", "portativ EKQ monitorları",
                   "taşınabilir EKG monitörleri"), HTP, dt.date(2023, 4, 17)),
    CompanySpec("baki-mikrocip", "Bakı Mikroçip MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO, 2022,
                _t("chip design for IoT devices", "əşyaların interneti üçün çip dizaynı",
                   "nesnelerin interneti için çip tasarımı"), HTP, dt.date(2023, 9, 4)),
    CompanySpec("lacin-3d", "Laçın 3D Üretim MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO, 2022,
                _t("metal 3D printing services", "metal 3D çap xidmətləri",
                   "metal 3B baskı hizmetleri"), HTP, dt.date(2024, 1, 15)),
    CompanySpec("kapaz-kiber", "Kəpəz Kiber Təhlükəsizlik MMC", "AZ", "Ganja", OKind.SME, S.SMALL,
                2018, _t("industrial cybersecurity", "sənaye kibertəhlükəsizliyi",
                         "endüstriyel siber güvenlik"), HTP, dt.date(2024, 4, 1)),
    CompanySpec("xirdalan-materials", "Xırdalan Materiallar MMC", "AZ", "Baku", OKind.STARTUP,
                S.MICRO, 2023, _t("composite materials for drones", "dronlar üçün kompozit "
                "materiallar", "dronlar için kompozit malzemeler"), HTP, dt.date(2024, 10, 7)),
    CompanySpec("zengilan-smartgrid", "Zəngilan Smart Grid MMC", "AZ", "Baku", OKind.STARTUP,
                S.MICRO, 2023, _t("smart meters for microgrids", "mikroşəbəkələr üçün ağıllı "
                "sayğaclar", "mikro şebekeler için akıllı sayaçlar"), HTP, dt.date(2025, 3, 3)),
    CompanySpec("samux-vision", "Samux Vision MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO, 2024,
                _t("machine vision for quality control", "keyfiyyətə nəzarət üçün maşın görməsi",
                   "kalite kontrol için makine görüsü"), HTP, dt.date(2025, 6, 16)),
    CompanySpec("tovuz-lazer", "Tovuz Lazer Sistemləri MMC", "AZ", "Baku", OKind.STARTUP, S.MICRO,
                2024, _t("laser marking machines", "lazer markalama maşınları",
                         "lazer markalama makineleri"), HTP, dt.date(2026, 2, 2)),
]  # fmt: skip

# Former GOSB Teknopark residents that graduated (moved to their own plants) from 2021 on.
GOSB_GRADUATES = [
    CompanySpec("darica-mekatronik", "Darıca Mekatronik A.Ş.", "TR", "Darıca", OKind.SME, S.MEDIUM,
                2012, _t("servo drives", "servo sürücülər", "servo sürücüler"), GOSB_PARK_SLUG,
                dt.date(2015, 3, 2), RS.GRADUATED, dt.date(2021, 6, 30)),
    CompanySpec("dilovasi-kompozit", "Dilovası Kompozit Ltd. Şti.", "TR", "Dilovası", OKind.SME,
                S.SMALL, 2014, _t("carbon-fibre parts", "karbon lifli hissələr",
                                  "karbon fiber parçalar"), GOSB_PARK_SLUG,
                dt.date(2016, 9, 12), RS.GRADUATED, dt.date(2022, 3, 31)),
    CompanySpec("cayirova-yazilim", "Çayırova Yazılım A.Ş.", "TR", "Çayırova", OKind.SME, S.MEDIUM,
                2010, _t("MES software", "istehsalın idarə edilməsi proqramı",
                         "üretim yürütme yazılımı"), GOSB_PARK_SLUG, dt.date(2013, 1, 7),
                RS.GRADUATED, dt.date(2022, 12, 31)),
    CompanySpec("tuzla-hidrolik", "Tuzla Akıllı Hidrolik A.Ş.", "TR", "Tuzla", OKind.SME, S.SMALL,
                2015, _t("smart hydraulic valves", "ağıllı hidravlik klapanlar",
                         "akıllı hidrolik valfler"), GOSB_PARK_SLUG, dt.date(2017, 4, 3),
                RS.GRADUATED, dt.date(2023, 6, 30)),
    CompanySpec("marmara-batarya", "Marmara Batarya Teknolojileri A.Ş.", "TR", "Gebze", OKind.SME,
                S.MEDIUM, 2016, _t("battery packs for e-buses", "elektrik avtobusları üçün "
                "batareya blokları", "elektrikli otobüsler için batarya paketleri"),
                GOSB_PARK_SLUG, dt.date(2018, 2, 5), RS.GRADUATED, dt.date(2023, 12, 31)),
    CompanySpec("korfez-optronik", "Körfez Optronik Ltd. Şti.", "TR", "Körfez", OKind.SME, S.SMALL,
                2017, _t("thermal cameras", "termal kameralar", "termal kameralar"),
                GOSB_PARK_SLUG, dt.date(2019, 5, 6), RS.GRADUATED, dt.date(2024, 9, 30)),
    CompanySpec("izmit-endustriyel-iot", "İzmit Endüstriyel IoT A.Ş.", "TR", "İzmit", OKind.SME,
                S.SMALL, 2018, _t("condition monitoring", "vəziyyətin monitorinqi",
                                  "durum izleme"), GOSB_PARK_SLUG, dt.date(2019, 10, 1),
                RS.GRADUATED, dt.date(2025, 3, 31)),
    CompanySpec("kartepe-savunma", "Kartepe Savunma Elektroniği A.Ş.", "TR", "Kartepe", OKind.SME,
                S.MEDIUM, 2014, _t("rugged computers", "möhkəm kompüterlər",
                                   "dayanıklı bilgisayarlar"), GOSB_PARK_SLUG,
                dt.date(2016, 6, 6), RS.GRADUATED, dt.date(2025, 9, 30)),
]  # fmt: skip


# --- texts of the programmes and events -----------------------------------------------------
@dataclass(frozen=True)
class ProgrammeSpec:
    slug: str
    kind: str
    owner: str
    partner: str
    title: dict[str, str]
    summary: dict[str, str]
    first_year: int
    calls_per_year: dict[int, int]  # years with more than one call
    applicants: int  # applications from the partner country to the first call


PROGRAMMES = [
    ProgrammeSpec(
        "caspian-marmara-accelerator", Programme.Kind.ACCELERATION, AGENCY, GOSB,
        _t("Caspian–Marmara Accelerator", "Xəzər–Mərmərə Akseleratoru",
           "Hazar–Marmara Hızlandırıcısı"),
        _t("Six months of acceleration in Baku for startups from both countries.",
           "Hər iki ölkənin startapları üçün Bakıda altı aylıq akselerasiya.",
           "İki ülkenin girişimleri için Bakü'de altı aylık hızlandırma."),
        2021, {}, 9,
    ),
    ProgrammeSpec(
        "gosb-scale-up-bootcamp", Programme.Kind.ACCELERATION, GOSB, AGENCY,
        _t("GOSB Scale-up Bootcamp", "GOSB Böyümə Düşərgəsi", "GOSB Büyüme Kampı"),
        _t("Twelve weeks in Gebze to take an industrial product to new markets.",
           "Sənaye məhsulunu yeni bazarlara çıxarmaq üçün Gebzedə on iki həftə.",
           "Endüstriyel bir ürünü yeni pazarlara taşımak için Gebze'de on iki hafta."),
        2021, {2024: 2, 2025: 2}, 7,
    ),
    ProgrammeSpec(
        "ip-to-market", Programme.Kind.TECHNOLOGY_TRANSFER, AGENCY, GOSB,
        _t("IP to Market", "Əqli mülkiyyətdən bazara", "Fikri Mülkiyetten Pazara"),
        _t("Licensing and spin-off support for university inventions.",
           "Universitet ixtiraları üçün lisenziya və spin-off dəstəyi.",
           "Üniversite buluşları için lisanslama ve şirketleşme desteği."),
        2021, {}, 5,
    ),
    ProgrammeSpec(
        "gosb-tto-licensing-academy", Programme.Kind.TECHNOLOGY_TRANSFER, GOSB, AGENCY,
        _t("GOSB TTO Licensing Academy", "GOSB TTO Lisenziya Akademiyası",
           "GOSB TTO Lisanslama Akademisi"),
        _t("Technology-transfer officers and researchers learn to license technologies.",
           "Texnologiya transferi mütəxəssisləri və tədqiqatçılar lisenziyalaşdırmanı öyrənir.",
           "Teknoloji transfer uzmanları ve araştırmacılar lisanslamayı öğrenir."),
        2021, {}, 6,
    ),
    ProgrammeSpec(
        "university-spin-off-programme",
        Programme.Kind.TECHNOLOGY_TRANSFER,
        AGENCY,
        GOSB,
        _t(
            "University Spin-off Programme",
            "Universitet spin-off proqramı",
            "Üniversite Şirketleşme Programı",
        ),
        _t(
            "From a laboratory result to a company: IP, team and first customers.",
            "Laboratoriya nəticəsindən şirkətə: əqli mülkiyyət, komanda və ilk müştərilər.",
            "Laboratuvar sonucundan şirkete: fikri mülkiyet, ekip ve ilk müşteriler.",
        ),
        2024,
        {},
        5,
    ),
    ProgrammeSpec(
        "karabakh-startup-incubator", Programme.Kind.INCUBATION, AGENCY, GOSB,
        _t("Karabakh Startup Incubator", "Qarabağ Startap İnkubatoru",
           "Karabağ Girişim Kuluçka Merkezi"),
        _t("A year of incubation for teams building the region's new economy.",
           "Regionun yeni iqtisadiyyatını quran komandalar üçün bir illik inkubasiya.",
           "Bölgenin yeni ekonomisini kuran ekipler için bir yıllık kuluçka."),
        2023, {}, 6,
    ),
]  # fmt: skip

PLACEMENT_PROGRAMME = "young-specialists-internships"
PLACEMENTS_PER_YEAR = 12  # in 2021; more every year

PROJECT_TITLES = [
    (_t("Tank level radar", "Çən səviyyəsi radarı", "Tank seviye radarı"), "prototype"),
    (_t("Solar inverter pilot line", "Günəş invertoru pilot xətti",
        "Güneş invertörü pilot hattı"), "production"),
    (_t("Seismic sensor network", "Seysmik sensor şəbəkəsi", "Sismik sensör ağı"), "research"),
    (_t("Agricultural drone controller", "Kənd təsərrüfatı dronu idarəedicisi",
        "Tarım dronu kontrolcüsü"), "prototype"),
    (_t("Smart meter assembly", "Ağıllı sayğac yığımı", "Akıllı sayaç montajı"), "production"),
    (_t("Graphene coatings", "Qrafen örtüklər", "Grafen kaplamalar"), "research"),
    (_t("Hydrogen leak detector", "Hidrogen sızma detektoru", "Hidrojen kaçak dedektörü"),
     "prototype"),
    (_t("ECG patch small series", "EKQ yapışqanı kiçik seriya", "EKG bandı küçük seri"),
     "production"),
    (_t("Thermal imaging for power lines", "Elektrik xətləri üçün termal görüntüləmə",
        "Enerji hatları için termal görüntüleme"), "research"),
    (_t("Cobot gripper", "Kobot tutucusu", "Kobot tutucu"), "prototype"),
    (_t("LoRa gateway production", "LoRa şlüzü istehsalı", "LoRa ağ geçidi üretimi"),
     "production"),
    (_t("Water quality probe", "Su keyfiyyəti zondu", "Su kalitesi probu"), "production"),
    (_t("Battery management board", "Batareya idarəetmə lövhəsi", "Batarya yönetim kartı"),
     "prototype"),
    (_t("Photonic crop sensor", "Fotonik bitki sensoru", "Fotonik bitki sensörü"), "research"),
    (_t("Drone motor controller series", "Dron mühərrik idarəedicisi seriyası",
        "Dron motor sürücüsü serisi"), "production"),
]  # fmt: skip
PROJECTS_PER_YEAR = {2021: 2, 2022: 2, 2023: 3, 2024: 3, 2025: 4}

# Events: template key -> (kind, title; "{year}" is filled in).
EVENT_TEMPLATES: dict[str, tuple[str, dict[str, str]]] = {
    "export-caucasus": (Kind.SEMINAR, _t(
        "Exporting technology between Azerbaijan and Türkiye",
        "Azərbaycan ilə Türkiyə arasında texnologiya ixracı",
        "Azerbaycan ile Türkiye arasında teknoloji ihracatı")),
    "ip-basics": (Kind.SEMINAR, _t(
        "Protecting inventions: patents and utility models",
        "İxtiraların qorunması: patentlər və faydalı modellər",
        "Buluşların korunması: patentler ve faydalı modeller")),
    "rd-funding": (Kind.SEMINAR, _t(
        "Funding R&D: grants and incentives in both countries",
        "Elmi tədqiqatların maliyyələşdirilməsi: hər iki ölkədə qrantlar və güzəştlər",
        "Ar-Ge'nin finansmanı: iki ülkede hibe ve teşvikler")),
    "industry-40": (Kind.SEMINAR, _t(
        "Industry 4.0 in organised industrial zones",
        "Mütəşəkkil sənaye zonalarında Sənaye 4.0",
        "Organize sanayi bölgelerinde Endüstri 4.0")),
    "women-tech": (Kind.SEMINAR, _t(
        "Women in technology entrepreneurship", "Texnoloji sahibkarlıqda qadınlar",
        "Teknoloji girişimciliğinde kadınlar")),
    "investor-readiness": (Kind.SEMINAR, _t(
        "Getting ready for investors", "İnvestorlara hazırlıq", "Yatırımcıya hazır olmak")),
    "lean-startup": (Kind.TRAINING, _t(
        "Lean startup bootcamp", "Arıq startap metodologiyası üzrə təlim", "Yalın girişim kampı")),
    "plc-automation": (Kind.TRAINING, _t(
        "PLC programming for industrial automation",
        "Sənaye avtomatlaşdırılması üçün PLC proqramlaşdırma",
        "Endüstriyel otomasyon için PLC programlama")),
    "tto-skills": (Kind.TRAINING, _t(
        "Technology transfer office skills", "Texnologiya transferi ofisi bacarıqları",
        "Teknoloji transfer ofisi becerileri")),
    "cyber-sme": (Kind.TRAINING, _t(
        "Cybersecurity for small companies", "Kiçik şirkətlər üçün kibertəhlükəsizlik",
        "Küçük şirketler için siber güvenlik")),
    "pitch": (Kind.TRAINING, _t(
        "Pitch training for founders", "Təsisçilər üçün təqdimat təlimi",
        "Kurucular için sunum eğitimi")),
    "pcb-design": (Kind.TRAINING, _t(
        "PCB design and prototyping", "Çap platalarının layihələndirilməsi və prototipləşdirmə",
        "Baskılı devre tasarımı ve prototipleme")),
    "innovation-forum": (Kind.CONFERENCE, _t(
        "Azerbaijan–Türkiye Innovation Forum {year}", "Azərbaycan–Türkiyə İnnovasiya Forumu {year}",
        "Azerbaycan–Türkiye İnovasyon Forumu {year}")),
    "transfer-summit": (Kind.CONFERENCE, _t(
        "Technology Transfer Summit {year}", "Texnologiya Transferi Sammiti {year}",
        "Teknoloji Transferi Zirvesi {year}")),
    "youth-summer-campus": (Kind.CAMPUS, _t(
        "Youth Innovation Summer Campus {year}", "Gənclərin Yay İnnovasiya Düşərgəsi {year}",
        "Gençlik Yaz İnovasyon Kampı {year}")),
    "ict-winter-campus": (Kind.CAMPUS, _t(
        "ICT Winter Campus {year}", "İKT Qış Düşərgəsi {year}", "BİT Kış Kampı {year}")),
}  # fmt: skip

# year -> [(template, month, day, city)]; years after the table repeat its last year.
EVENT_PLAN: dict[int, list[tuple[str, int, int, str]]] = {
    2021: [("rd-funding", 4, 22, "online"), ("lean-startup", 6, 14, "baku"),
           ("youth-summer-campus", 8, 23, "gebze"), ("innovation-forum", 11, 18, "baku")],
    2022: [("ip-basics", 3, 17, "gebze"), ("industry-40", 5, 26, "baku"),
           ("plc-automation", 6, 6, "gebze"), ("youth-summer-campus", 7, 25, "baku"),
           ("innovation-forum", 10, 20, "gebze")],
    2023: [("ict-winter-campus", 2, 6, "gebze"), ("investor-readiness", 2, 23, "baku"),
           ("export-caucasus", 4, 13, "gebze"), ("tto-skills", 5, 15, "baku"),
           ("transfer-summit", 5, 30, "gebze"), ("pitch", 6, 19, "gebze"),
           ("youth-summer-campus", 8, 14, "shusha"), ("innovation-forum", 10, 19, "baku")],
    2024: [("ict-winter-campus", 2, 12, "baku"), ("women-tech", 3, 7, "baku"),
           ("cyber-sme", 4, 8, "gebze"), ("rd-funding", 5, 16, "gebze"),
           ("transfer-summit", 6, 4, "baku"), ("pcb-design", 6, 10, "baku"),
           ("youth-summer-campus", 7, 22, "gebze"), ("lean-startup", 9, 16, "baku"),
           ("innovation-forum", 10, 24, "gebze")],
    2025: [("ict-winter-campus", 2, 10, "gebze"), ("ip-basics", 2, 27, "baku"),
           ("industry-40", 3, 20, "gebze"), ("plc-automation", 4, 14, "baku"),
           ("transfer-summit", 5, 27, "gebze"), ("tto-skills", 6, 16, "gebze"),
           ("youth-summer-campus", 7, 21, "shusha"), ("women-tech", 9, 11, "baku"),
           ("pitch", 9, 22, "gebze"), ("innovation-forum", 10, 23, "baku")],
    2026: [("ict-winter-campus", 2, 9, "baku"), ("export-caucasus", 2, 26, "gebze"),
           ("rd-funding", 3, 19, "baku"), ("pcb-design", 4, 13, "gebze"),
           ("transfer-summit", 5, 26, "baku"), ("lean-startup", 6, 8, "gebze"),
           ("industry-40", 9, 3, "baku")],
}  # fmt: skip

CITIES = {  # key: (country, time zone, venue)
    "baku": ("AZ", "Asia/Baku", _t("Baku Innovation Centre, Baku", "Bakı İnnovasiya Mərkəzi, "
                                  "Bakı", "Bakü İnovasyon Merkezi, Bakü")),
    "gebze": ("TR", "Europe/Istanbul", _t("GOSB Teknopark Conference Hall, Gebze",
                                          "GOSB Texnoparkı konfrans zalı, Gebze",
                                          "GOSB Teknopark Konferans Salonu, Gebze")),
    "shusha": ("AZ", "Asia/Baku", _t("Shusha campus (temporary premises)",
                                    "Şuşa kampusu (müvəqqəti bina)",
                                    "Şuşa kampüsü (geçici bina)")),
    "online": ("AZ", "Asia/Baku", _t("Online", "Onlayn", "Çevrim içi")),
}  # fmt: skip
# Confirmed participants of an event of the first year, by kind (more every year).
PARTICIPANTS = {Kind.SEMINAR: 26, Kind.TRAINING: 16, Kind.CONFERENCE: 110, Kind.CAMPUS: 30}
DAYS = {Kind.SEMINAR: 1, Kind.TRAINING: 2, Kind.CONFERENCE: 2, Kind.CAMPUS: 5}

IDEAS = [
    _t("Air quality map from bus-mounted sensors", "Avtobuslara quraşdırılmış sensorlarla "
       "hava keyfiyyəti xəritəsi", "Otobüslere takılan sensörlerle hava kalitesi haritası"),
    _t("Marketplace for idle factory machines", "Boş dayanan zavod dəzgahları üçün bazar",
       "Atıl fabrika makineleri için pazar yeri"),
    _t("Drip irrigation advisor for small farms", "Kiçik fermerlər üçün damcı suvarma məsləhətçisi",
       "Küçük çiftlikler için damla sulama danışmanı"),
    _t("Sign-language translator app", "İşarət dili tərcüməçisi tətbiqi",
       "İşaret dili çevirmen uygulaması"),
    _t("Predictive maintenance for pumps", "Nasoslar üçün proqnozlaşdırıcı texniki xidmət",
       "Pompalar için kestirimci bakım"),
    _t("Carpet pattern design with AI", "Süni intellektlə xalça naxışı dizaynı",
       "Yapay zekâ ile halı deseni tasarımı"),
    _t("Mine-clearance drone mapping", "Minatəmizləmə üçün dronla xəritələmə",
       "Mayın temizliği için dronla haritalama"),
    _t("Energy use coach for households", "Ev təsərrüfatları üçün enerji sərfi məsləhətçisi",
       "Haneler için enerji tüketimi koçu"),
    _t("Tourist guide for Karabakh heritage", "Qarabağ irsi üçün turist bələdçisi",
       "Karabağ mirası için turist rehberi"),
    _t("Cold-chain tracker for fruit exports", "Meyvə ixracı üçün soyuq zəncir izləyicisi",
       "Meyve ihracatı için soğuk zincir takipçisi"),
    _t("Shared lab booking for universities", "Universitetlər üçün ortaq laboratoriya rezervi",
       "Üniversiteler için ortak laboratuvar rezervasyonu"),
    _t("Recycled plastic 3D-printer filament", "Təkrar emal plastikdən 3D printer sapı",
       "Geri dönüştürülmüş plastikten 3B yazıcı filamenti"),
]  # fmt: skip
PROFILE_TOPICS = [
    ("TO", "tech.ai.vision", _t("Machine vision module for sorting lines",
                                "Çeşidləmə xətləri üçün maşın görmə modulu",
                                "Ayıklama hatları için makine görüsü modülü")),
    ("TO", "tech.ai.predictive", _t("Predictive maintenance software for pumps",
                                    "Nasoslar üçün proqnozlaşdırıcı texniki xidmət proqramı",
                                    "Pompalar için kestirimci bakım yazılımı")),
    ("TR", "tech.agrifood.precision", _t("Looking for soil moisture sensing technology",
                                         "Torpaq nəmliyini ölçən texnologiya axtarılır",
                                         "Toprak nemi algılama teknolojisi aranıyor")),
    ("BO", "tech.aerospace.defence", _t("Rugged enclosures made to order",
                                        "Sifarişlə möhkəm korpuslar",
                                        "Siparişe göre dayanıklı muhafazalar")),
    ("RDR", "tech.ai.ml", _t("Partners wanted for an energy-forecasting project",
                             "Enerji proqnozu layihəsi üçün tərəfdaşlar axtarılır",
                             "Enerji tahmini projesi için ortak aranıyor")),
    ("TO", "tech.agrifood.processing", _t("Low-energy fruit drying process",
                                          "Az enerji sərf edən meyvə qurutma prosesi",
                                          "Düşük enerjili meyve kurutma süreci")),
    ("BR", "tech.ai.bigdata", _t("Distributor wanted for industrial IoT gateways",
                                 "Sənaye IoT şlüzləri üçün distribyutor axtarılır",
                                 "Endüstriyel IoT ağ geçitleri için distribütör aranıyor")),
    ("TO", "tech.biotech.industrial", _t("Enzymes for textile finishing",
                                         "Toxuculuqda son emal üçün fermentlər",
                                         "Tekstil terbiyesi için enzimler")),
    ("TR", "tech.construction.efficiency", _t("Seeking heat-recovery technology for plants",
                                              "Zavodlar üçün istilik bərpası texnologiyası "
                                              "axtarılır", "Tesisler için ısı geri kazanım "
                                              "teknolojisi aranıyor")),
    ("TO", "tech.aerospace.navigation", _t("GNSS-free navigation for drones",
                                           "Dronlar üçün GNSS-siz naviqasiya",
                                           "Dronlar için GNSS'siz navigasyon")),
    ("BO", "tech.agrifood.packaging", _t("Biodegradable packaging film",
                                         "Bioloji parçalanan qablaşdırma təbəqəsi",
                                         "Biyobozunur ambalaj filmi")),
    ("RDR", "tech.biotech.genomics", _t("R&D partner sought for crop genomics",
                                        "Bitki genomikası üçün tədqiqat tərəfdaşı axtarılır",
                                        "Bitki genomiği için Ar-Ge ortağı aranıyor")),
]  # fmt: skip
PROFILES_PER_YEAR = 7  # in 2021; more every year


# --- the loader --------------------------------------------------------------------------------
def load_insights_demo() -> DemoResult:
    """Load (or bring back) five years of history and the resident reports in one
    transaction; see the module docstring."""
    started = time.perf_counter()
    with translation.override("en"), transaction.atomic():
        loader = _Loader()
        loader.load()
    result = DemoResult(tallies=loader.sync.tallies, accounts=[])
    result.seconds = time.perf_counter() - started
    return result


class _Loader:
    def __init__(self) -> None:
        self.sync = _Sync()
        agency = Organisation.objects.filter(slug=AGENCY).first()
        self.partnership = Partnership.objects.filter(slug=MEMORANDUM_SLUG).first()
        if agency is None or self.partnership is None:
            raise LookupError(f"the directory demo first: {AGENCY}, {MEMORANDUM_SLUG}")
        # The day the demo was first loaded: the history ends a little before it.
        self.anchor = timezone.localtime(agency.created_at, zoneinfo.ZoneInfo("Asia/Baku")).date()
        self.until = self.anchor - dt.timedelta(days=HISTORY_ENDS_DAYS)
        self.until_at = _aware(self.until, 0)
        self.years = list(range(FIRST_YEAR, self.until.year + 1))
        self.orgs = {o.slug: o for o in Organisation.objects.all()}
        self.parks = {p.slug: p for p in Park.objects.all()}

    # Sizes grow year by year, with noise; the year of the anchor counts up to ``until``.
    def level(self, year: int, base: float, key: str, growth=0.3, noise=0.15, partial=True) -> int:
        rng = _rng("level", key, year)
        value = base * (1 + growth * (year - FIRST_YEAR)) * rng.uniform(1 - noise, 1 + noise)
        if partial and year == self.until.year:
            value *= (self.until - dt.date(year, 1, 1)).days / 365
        return max(1, round(value))

    def day_in(self, year: int, rng: random.Random, first=(1, 1), last=(12, 31)) -> dt.date:
        start = dt.date(year, *first)
        end = min(dt.date(year, *last), self.until)
        return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))

    def load(self) -> None:
        self.companies()
        self.people()
        self.programmes()
        self.events()
        self.technology_transfer()
        self.park_projects()
        self.lab_bookings()
        self.resident_reports()
        self.yearly_report()

    def yearly_report(self) -> None:
        """Last year's report of the memorandum, built (in English) and ready to download
        from the dashboard; the partners' admins build it in Azerbaijani or Turkish there."""
        from .yearly_report import run_report

        year, language = self.anchor.year - 1, "en"
        tally = self.sync.tallies.setdefault("yearly reports", Tally())
        done = YearlyReport.objects.filter(
            partnership=self.partnership,
            year=year,
            language=language,
            status=YearlyReport.Status.DONE,
        )
        if done.exists():
            tally.unchanged += 1
            return
        admin = Person.objects.filter(email=DEMO_AGENCY_ADMIN).first()
        report = YearlyReport.objects.create(
            partnership=self.partnership, year=year, language=language, requested_by=admin
        )
        run_report(report)
        tally.created += 1

    # --- companies ---------------------------------------------------------------------
    def companies(self) -> None:
        specs = HTP_RESIDENTS + GOSB_GRADUATES
        rows = []
        for spec in specs:
            kind_en = {"AZ": "Azerbaijani", "TR": "Turkish"}[spec.country]
            rows.append(
                {
                    "slug": spec.slug,
                    "kind": spec.kind,
                    "country": spec.country,
                    "city": spec.city,
                    "size": spec.size,
                    "founded_year": spec.founded,
                    "website": f"https://{spec.slug}.example",
                    "email": f"info@{spec.slug}.example",
                    **_i18n("name", _t(spec.name, spec.name, spec.name)),
                    **_i18n(
                        "description",
                        _t(
                            f"{kind_en} company making {spec.product['en']}, founded in "
                            f"{spec.founded}.",
                            f"{spec.product['az'].capitalize()} istehsal edən şirkət; "
                            f"{spec.founded}-ci ildə yaradılıb.",
                            f"{spec.product['tr'].capitalize()} üreten şirket; "
                            f"{spec.founded} yılında kuruldu.",
                        ),
                    ),
                }
            )
        companies = self.sync.sync("companies", Organisation, ("slug",), rows, update=False)
        self.orgs.update({key[0]: org for key, org in companies.items()})
        residencies = []
        for spec in specs:
            company = self.orgs[spec.slug]
            if Residency.objects.filter(company=company, park=self.parks[spec.park]).exists():
                self.sync.existing("residencies", 1)
                continue
            residencies.append(
                {
                    "company": company,
                    "park": self.parks[spec.park],
                    "status": spec.status,
                    "applied_on": spec.start - dt.timedelta(days=45),
                    "start_date": spec.start,
                    "end_date": spec.end,
                }
            )
        self.sync.insert("residencies", Residency, residencies)

    # --- people ------------------------------------------------------------------------
    def people(self) -> None:
        """Past participants: half from each country, most of them young; the first of
        each country found the new companies, most others work at a company."""
        rng = _rng("people")
        names = {"AZ": (AZ_MEN, AZ_WOMEN, AZ_SURNAMES), "TR": (TR_MEN, TR_WOMEN, TR_SURNAMES)}
        taken: set[str] = set()
        rows = []
        for index in range(POOL_SIZE):
            country = "AZ" if index % 2 == 0 else "TR"
            men, women, surnames = names[country]
            female = rng.random() < 0.46
            first = rng.choice(women if female else men)
            last = rng.choice(surnames)
            if female and country == "AZ":
                last = _female_surname(last)
            local = f"{ascii_slug(first)}.{ascii_slug(last)}".replace("-", "")
            email, number = f"{local}@alumni.example", 2
            while email in taken:
                email, number = f"{local}{number}@alumni.example", number + 1
            taken.add(email)
            consent = rng.random() < 0.9
            born = rng.randint(1996, 2006) if rng.random() < 0.68 else rng.randint(1968, 1995)
            rows.append(
                {
                    "email": email,
                    "first_name": first,
                    "last_name": last,
                    "country": country,
                    "city": rng.choice(["Baku", "Baku", "Ganja", "Sumgait", "Shusha"])
                    if country == "AZ"
                    else rng.choice(["Gebze", "Istanbul", "Kocaeli", "Ankara", "Bursa"]),
                    "languages": ["az", "en", "tr"] if country == "AZ" else ["tr", "en"],
                    "preferred_language": "az" if country == "AZ" else "tr",
                    "gender": ("female" if female else "male") if consent else "",
                    "birth_year": born if consent else None,
                    "statistics_consent_at": _aware(dt.date(2021, 1, 15), 10) if consent else None,
                    "is_public": rng.random() < 0.3,
                }
            )
        people = self.sync.sync(
            "past participants",
            Person,
            ("email",),
            rows,
            update=False,
            on_create=lambda person: person.set_unusable_password(),
        )
        self.pool = {"AZ": [], "TR": []}
        for row in rows:
            person = people[(row["email"],)]
            self.pool[row["country"]].append(person)
        self.born = {people[(row["email"],)].pk: row["birth_year"] or 1990 for row in rows}

        # Companies of each country: the founders first, then employers.
        employers = {
            "AZ": [
                o
                for o in self.orgs.values()
                if o.country == "AZ" and o.kind in (OKind.STARTUP, OKind.SME)
            ],
            "TR": [
                r.company
                for r in Residency.objects.filter(
                    park__slug=GOSB_PARK_SLUG, status=RS.ACTIVE
                ).select_related("company")
                if r.company.slug != SHOWCASE_COMPANY_SLUG
            ],
        }
        for country in employers:
            employers[country].sort(key=lambda o: o.slug)
        founders = {
            "AZ": [self.orgs[s.slug] for s in HTP_RESIDENTS],
            "TR": [self.orgs[s.slug] for s in GOSB_GRADUATES],
        }
        self.member_of: dict[int, Organisation] = {}
        self.managers: dict[int, Person] = {}
        links = []
        for country, persons in self.pool.items():
            rng = _rng("memberships", country)
            for index, person in enumerate(persons):
                if index < len(founders[country]):
                    org, role = founders[country][index], Membership.Role.ADMIN
                    self.managers[org.pk] = person
                elif rng.random() < 0.62:
                    org, role = rng.choice(employers[country]), Membership.Role.MEMBER
                else:
                    continue
                self.member_of[person.pk] = org
                links.append({"person": person, "organisation": org, "role": role})
        existing = set(
            Membership.objects.filter(person__in=[row["person"] for row in links]).values_list(
                "person_id", "organisation_id"
            )
        )
        missing = [r for r in links if (r["person"].pk, r["organisation"].pk) not in existing]
        self.sync.existing("past participants' memberships", len(links) - len(missing))
        self.sync.insert("past participants' memberships", Membership, missing)
        # A member of each company (its manager if it has one) signs its reports.
        for membership in Membership.objects.filter(role__in=MANAGING_ROLES).select_related(
            "person"
        ):
            self.managers.setdefault(membership.organisation_id, membership.person)

    def young(self, person: Person, year: int) -> bool:
        return year - self.born[person.pk] < YOUTH

    def company_of(self, person: Person, country: str, rng: random.Random) -> Organisation:
        if person.pk in self.member_of:
            return self.member_of[person.pk]
        return rng.choice([o for o in self.orgs.values() if o.country == country])

    # --- programmes --------------------------------------------------------------------
    def programmes(self) -> None:
        specs = PROGRAMMES + [
            ProgrammeSpec(
                PLACEMENT_PROGRAMME,
                Programme.Kind.SPECIALIST_EXCHANGE,
                AGENCY,
                GOSB,
                _t(
                    "Young Specialists' Internships",
                    "Gənc mütəxəssislər üçün təcrübə proqramı",
                    "Genç Uzmanlar Staj Programı",
                ),
                _t(
                    "Two to three months at a company or lab of the partner country.",
                    "Tərəfdaş ölkənin şirkət və ya laboratoriyasında iki-üç ay.",
                    "Ortak ülkenin bir şirketinde veya laboratuvarında iki üç ay.",
                ),
                FIRST_YEAR,
                {},
                0,
            )
        ]
        rows = [
            {
                "slug": spec.slug,
                "kind": spec.kind,
                "owner": self.orgs[spec.owner],
                "partnership": self.partnership,
                "time_zone": ZONES[self.orgs[spec.owner].country],
                "duration_weeks": 12,
                "capacity": 12,
                **_i18n("title", spec.title),
                **_i18n("summary", spec.summary),
                "created_at": _aware(dt.date(spec.first_year, 1, 10), 10),
            }
            for spec in specs
        ]
        programmes = self.sync.sync("past programmes", Programme, ("slug",), rows, update=False)
        new = {p.pk for p in self.sync.created.get("past programmes", [])}
        self.sync.insert(
            "past programmes' partners",
            Programme.partners.through,
            [
                {
                    "programme_id": programmes[(s.slug,)].pk,
                    "organisation_id": self.orgs[s.partner].pk,
                }
                for s in specs
                if programmes[(s.slug,)].pk in new
            ],
        )
        for spec in PROGRAMMES:
            programme = programmes[(spec.slug,)]
            if programme.pk in new:
                self.calls(programme, spec)
            else:
                self.sync.existing("past calls", programme.calls.count())
        placement = programmes[(PLACEMENT_PROGRAMME,)]
        if placement.pk in new:
            self.placements(placement)
        else:
            self.sync.existing("past placements", placement.placements.count())

    def calls(self, programme: Programme, spec: ProgrammeSpec) -> None:
        owner = self.orgs[spec.owner]
        partner_country = "TR" if owner.country == "AZ" else "AZ"
        zone = ZONES[owner.country]
        calls = []
        for year in range(spec.first_year, self.until.year + 1):
            for number in range(spec.calls_per_year.get(year, 1)):
                opens = dt.date(year, 2 + 6 * number, 1) + dt.timedelta(
                    days=_rng(spec.slug, year).randint(0, 20)
                )
                closes = opens + dt.timedelta(days=42)
                if closes + dt.timedelta(days=30) > self.until:
                    continue
                intake = _t(f"{year} intake", f"{year} qəbulu", f"{year} dönemi")
                if spec.calls_per_year.get(year, 1) > 1:
                    season = [_t("spring", "yaz", "bahar"), _t("autumn", "payız", "sonbahar")][
                        number
                    ]
                    intake = {k: f"{intake[k]} ({season[k]})" for k in intake}
                calls.append(
                    (
                        year,
                        {
                            "programme": programme,
                            "slug": f"{year}-{number + 1}",
                            **_i18n("title", intake),
                            "opens_at": _aware(opens, 9, zone=zone),
                            "closes_at": _aware(closes, 18, zone=zone),
                            "is_published": True,
                            "applicant_kind": Call.ApplicantKind.COMPANY,
                            "reviews_per_application": 2,
                        },
                    )
                )
        made = self.sync.insert("past calls", Call, [row for _year, row in calls])
        applications = []
        for call, (year, _row) in zip(made, calls, strict=True):
            rng = _rng("applications", programme.slug, call.slug)
            partner = self.level(year, spec.applicants, call.slug, 0.35, partial=False)
            home = max(2, partner // 2 + rng.randint(0, 3))
            for country, count in ((partner_country, partner), (owner.country, home)):
                candidates = sorted(
                    {
                        org
                        for person, org in (
                            (p, self.member_of.get(p.pk)) for p in self.pool[country]
                        )
                        if org is not None
                    },
                    key=lambda o: o.slug,
                )
                for company in rng.sample(candidates, min(count, len(candidates))):
                    applicant = rng.choice(
                        [p for p in self.pool[country] if self.member_of.get(p.pk) == company]
                    )
                    submitted = call.opens_at + (call.closes_at - call.opens_at) * rng.uniform(
                        0.2, 0.98
                    )
                    decided = call.closes_at + dt.timedelta(days=rng.randint(14, 28))
                    status = rng.choices(
                        [Application.Status.ACCEPTED, Application.Status.REJECTED,
                         Application.Status.WAITLISTED],
                        weights=[32, 52, 16],
                    )[0]  # fmt: skip
                    applications.append(
                        {
                            "call": call,
                            "applicant": applicant,
                            "company": company,
                            "title": f"{company.name}: {programme.title_en}",
                            "summary": "",
                            "status": status,
                            "created_at": submitted - dt.timedelta(days=rng.randint(1, 10)),
                            "updated_at": decided,
                            "submitted_at": submitted,
                            "decided_at": decided,
                        }
                    )
        self.sync.insert("past applications", Application, applications)

    def placements(self, programme: Programme) -> None:
        rows = []
        used: set[int] = set()
        for year in self.years:
            rng = _rng("placements", year)
            count = self.level(year, PLACEMENTS_PER_YEAR, "placements", 0.55)
            for index in range(count):
                country = "AZ" if index % 5 < 3 else "TR"
                host_country = "TR" if country == "AZ" else "AZ"
                young = [p for p in self.pool[country] if self.young(p, year) and p.pk not in used]
                if not young:
                    continue
                specialist = rng.choice(young)
                used.add(specialist.pk)
                hosts = sorted(
                    {o for o in self.member_of.values() if o.country == host_country},
                    key=lambda o: o.slug,
                )
                starts = self.day_in(year, rng, (2, 1), (10, 31))
                ends = starts + dt.timedelta(weeks=rng.choice([8, 10, 12]))
                done = ends < self.anchor
                rows.append(
                    {
                        "programme": programme,
                        "specialist": specialist,
                        "host": rng.choice(hosts),
                        "starts_on": starts,
                        "ends_on": ends,
                        "status": Placement.Status.COMPLETED if done else Placement.Status.ONGOING,
                        "host_rating": rng.choice([4, 4, 5, 5, 3]) if done else None,
                    }
                )
        self.sync.insert("past placements", Placement, rows)

    # --- events ------------------------------------------------------------------------
    def event_plan(self) -> list[tuple[int, str, dt.date, str]]:
        last = max(EVENT_PLAN)
        plan = []
        for year in self.years:
            for key, month, day, city in EVENT_PLAN.get(year, EVENT_PLAN[last]):
                when = dt.date(year, month, day)
                if when + dt.timedelta(days=7) <= self.until:
                    plan.append((year, key, when, city))
        return plan

    def events(self) -> None:
        rows, plan = [], self.event_plan()
        for year, key, when, city in plan:
            kind, title = EVENT_TEMPLATES[key]
            _country, zone, venue = CITIES[city]
            days = DAYS[kind]
            rows.append(
                {
                    "slug": f"{key}-{year}",
                    **_i18n("title", {k: v.format(year=year) for k, v in title.items()}),
                    "kind": kind,
                    "partnership": self.partnership,
                    "languages": ["az", "tr", "en"],
                    **_i18n("venue_details", venue if city != "online" else _t("", "", "")),
                    "online_url": "https://meet.innovation-agency.example/joint"
                    if city == "online"
                    else "",
                    "time_zone": zone,
                    "starts_at": _aware(when, 10, zone=zone),
                    "ends_at": _aware(when + dt.timedelta(days=days - 1), 17, zone=zone),
                    "visibility": Event.Visibility.PUBLIC,
                    "status": Event.Status.PUBLISHED,
                    "registration_opens_at": _aware(when - dt.timedelta(days=40), 9, zone=zone),
                    "registration_closes_at": _aware(when - dt.timedelta(days=2), 18, zone=zone),
                    "certificate_min_attendance": 80
                    if kind in (Kind.TRAINING, Kind.CAMPUS)
                    else None,
                    "submissions_close_at": _aware(
                        when + dt.timedelta(days=days - 1), 12, zone=zone
                    )
                    if kind == Kind.CAMPUS
                    else None,
                    "results_published": kind == Kind.CAMPUS,
                    "created_at": _aware(when - dt.timedelta(days=50), 9, zone=zone),
                    "updated_at": _aware(when + dt.timedelta(days=days), 9, zone=zone),
                }
            )
        events = self.sync.sync("past joint events", Event, ("slug",), rows, update=False)
        new = {e.pk for e in self.sync.created.get("past joint events", [])}
        self.sync.insert(
            "past joint events' organisers",
            Event.organisers.through,
            [
                {"event_id": event.pk, "organisation_id": self.orgs[slug].pk}
                for event in events.values()
                if event.pk in new
                for slug in (AGENCY, GOSB)
            ],
        )
        for year, key, _when, city in plan:
            event = events[(f"{key}-{year}",)]
            if event.pk not in new:
                self.sync.existing("past registrations", event.registrations.count())
                continue
            confirmed = self.registrations(event, year, CITIES[city][0])
            if event.kind == Kind.CAMPUS:
                self.campus(event, year, confirmed)
            if key in ("innovation-forum", "transfer-summit"):
                self.brokerage(event, year, confirmed)

    def registrations(self, event: Event, year: int, host: str) -> list[Registration]:
        rng = _rng("registrations", event.slug)
        count = self.level(year, PARTICIPANTS[event.kind], f"participants-{event.kind}", 0.3)
        share = 0.6 if event.kind != Kind.CAMPUS else 0.5
        guest = "TR" if host == "AZ" else "AZ"
        people = []
        for country, n in ((host, round(count * share)), (guest, count - round(count * share))):
            pool = self.pool[country]
            if event.kind == Kind.CAMPUS:  # campuses are for youth and ICT specialists
                pool = [p for p in pool if self.young(p, year)] or pool
            people += rng.sample(pool, min(n, len(pool)))
        cancelled = rng.sample(people, max(1, len(people) // 14))
        rows = []
        for person in people:
            registered = event.starts_at - dt.timedelta(
                days=rng.randint(3, 35), hours=rng.randint(0, 9)
            )
            gone = person in cancelled
            rows.append(
                {
                    "event": event,
                    "person": person,
                    "status": RStatus.CANCELLED if gone else RStatus.CONFIRMED,
                    "created_at": registered,
                    "confirmed_at": registered,
                    "cancelled_at": registered + dt.timedelta(days=1) if gone else None,
                }
            )
        made = self.sync.insert("past registrations", Registration, rows)
        confirmed = [r for r in made if r.status == RStatus.CONFIRMED]
        came_share = rng.uniform(0.72, 0.9)
        came = [r for r in confirmed if rng.random() < came_share]
        self.sync.insert(
            "past check-ins",
            CheckIn,
            [
                {
                    "registration": r,
                    "checked_in_at": event.starts_at - dt.timedelta(minutes=rng.randint(0, 40)),
                }
                for r in came
            ],
        )
        if event.certificate_min_attendance:
            self.sync.insert(
                "past certificates",
                Certificate,
                [
                    {
                        "registration": r,
                        "issued_at": event.ends_at + dt.timedelta(days=rng.randint(1, 4)),
                        "attendance_percent": 100,
                    }
                    for r in came
                    if rng.random() < 0.93
                ],
            )
        self.came = {r.person_id for r in came}
        return confirmed

    def campus(self, event: Event, year: int, confirmed: list[Registration]) -> None:
        rng = _rng("campus", event.slug)
        people = [r.person for r in confirmed if r.person_id in self.came]
        rng.shuffle(people)
        idea_count = max(4, len(people) // 4)
        authors = people[:idea_count]
        ideas = []
        for index, author in enumerate(authors):
            text = IDEAS[(index + year) % len(IDEAS)]
            language = "az" if author.country == "AZ" else "tr"
            if rng.random() < 0.3:
                language = "en"
            ideas.append(
                {
                    "event": event,
                    "author": author,
                    "title": text[language],
                    "problem": text[language],
                    "solution": text[language],
                    "status": Idea.Status.SUBMITTED,
                    "created_at": event.starts_at + dt.timedelta(hours=rng.randint(2, 20)),
                }
            )
        made_ideas = self.sync.insert("past campus ideas", Idea, ideas)
        # Most ideas find a team: its author and two to four others who came.
        team_count = max(3, round(len(made_ideas) * rng.uniform(0.6, 0.8)))
        teams, crews = [], []
        for index, idea in enumerate(made_ideas[:team_count]):
            teams.append(
                {
                    "event": event,
                    "name": f"{index + 1}. {idea.title}"[:120],
                    "idea": idea,
                    "created_by": idea.author,
                    "created_at": idea.created_at + dt.timedelta(hours=3),
                }
            )
            crews.append([idea.author])
        for index, person in enumerate(people[idea_count:]):
            crew = crews[index % len(crews)]
            if len(crew) < rng.randint(3, 5):
                crew.append(person)
        made_teams = self.sync.insert("past campus teams", Team, teams)
        self.sync.insert(
            "past campus team members",
            TeamMember,
            [
                {"event": event, "team": team, "person": person, "joined_at": team.created_at}
                for team, crew in zip(made_teams, crews, strict=True)
                for person in crew
            ],
        )
        submitted = [t for t in made_teams if rng.random() < 0.88]
        submissions = self.sync.insert(
            "past campus projects",
            Submission,
            [
                {
                    "team": team,
                    "title": team.idea.title,
                    "description": team.idea.solution,
                    "submitted_at": event.ends_at - dt.timedelta(hours=20),
                    "updated_at": event.ends_at - dt.timedelta(hours=20),
                }
                for team in submitted
            ],
        )
        criteria = self.sync.insert(
            "past judging criteria",
            JudgingCriterion,
            [
                {"event": event, **_i18n("label", label), "max_score": 10, "position": n}
                for n, label in enumerate(
                    [
                        _t("Innovation", "İnnovasiya", "Yenilik"),
                        _t("Feasibility", "İcra oluna bilmə", "Uygulanabilirlik"),
                        _t("Impact", "Təsir", "Etki"),
                    ]
                )
            ],
        )
        judges = self.sync.insert(
            "past judges",
            Judge,
            [
                {"event": event, "person": person}
                for person in Person.objects.filter(
                    email__in=[
                        "reviewer@korpu.example",
                        "burak.ozturk@gosbteknopark.example",
                        "gunel.safarova@innovation-agency.example",
                    ]
                ).order_by("email")
            ],
        )
        scores = {}
        assignments = []
        for submission in submissions:
            for judge in judges:
                given = {str(c.pk): rng.randint(4, 10) for c in criteria}
                scores[submission.pk] = scores.get(submission.pk, 0) + sum(given.values())
                assignments.append(
                    {
                        "judge": judge,
                        "submission": submission,
                        "scores": given,
                        "submitted_at": event.ends_at - dt.timedelta(hours=rng.randint(2, 6)),
                    }
                )
        self.sync.insert("past judging assignments", JudgeAssignment, assignments)
        best = sorted(submissions, key=lambda s: -scores[s.pk])[: rng.choice([1, 2, 2])]
        Idea.objects.filter(pk__in=[s.team.idea_id for s in best]).update(
            status=Idea.Status.CHOSEN,
            followup_note=f"Taken to implementation after the {event.title_en}.",
        )

    def brokerage(self, event: Event, year: int, confirmed: list[Registration]) -> None:
        rng = _rng("brokerage", event.slug)
        day_date = timezone.localtime(event.starts_at, zoneinfo.ZoneInfo(event.time_zone)).date()
        zone = event.time_zone
        (day,) = self.sync.insert(
            "past brokerage days",
            BrokerageDay,
            [
                {
                    "event": event,
                    **_i18n(
                        "intro",
                        _t(
                            "Meet companies and researchers from both countries.",
                            "Hər iki ölkədən şirkət və tədqiqatçılarla görüşün.",
                            "İki ülkeden şirketler ve araştırmacılarla buluşun.",
                        ),
                    ),
                    "schedule_status": BrokerageDay.ScheduleStatus.FINAL,
                    "schedule_published_at": event.starts_at - dt.timedelta(days=2),
                    "profiles_open": False,
                    "requests_open": False,
                    "slot_minutes": 20,
                }
            ],
        )
        sessions = self.sync.insert(
            "past brokerage sessions",
            GridSession,
            [
                {
                    "brokerage_day": day,
                    **_i18n("name", name),
                    "day": day_date,
                    "starts_at": _aware(day_date, start, zone=zone),
                    "ends_at": _aware(day_date, start + 3, zone=zone),
                }
                for name, start in (
                    (_t("Morning", "Səhər", "Sabah"), 10),
                    (_t("Afternoon", "Günorta", "Öğleden sonra"), 14),
                )
            ],
        )
        slots = self.sync.insert(
            "past brokerage slots",
            Slot,
            [
                {
                    "brokerage_day": day,
                    "session": session,
                    "starts_at": session.starts_at + dt.timedelta(minutes=20 * n),
                    "ends_at": session.starts_at + dt.timedelta(minutes=20 * (n + 1)),
                }
                for session in sessions
                for n in range(9)
            ],
        )
        tables = self.sync.insert(
            "past brokerage tables",
            Location,
            [
                {
                    "brokerage_day": day,
                    **_i18n("name", _t(f"Table {n}", f"Masa {n}", f"Masa {n}")),
                    "position": n,
                }
                for n in range(1, 21)
            ],  # fmt: skip
        )
        with_company = [r.person for r in confirmed if r.person_id in self.member_of]
        count = min(len(with_company), self.level(year, 34, "brokerage", 0.45))
        delegates = rng.sample(with_company, count)
        profiles = self.sync.insert(
            "past brokerage profiles",
            BrokerageProfile,
            [
                {
                    "brokerage_day": day,
                    "person": person,
                    "organisation": self.member_of[person.pk],
                    "country": person.country,
                    "languages": person.languages,
                    "published": True,
                    **_i18n(
                        "offer",
                        {"en": f"Products and know-how of {self.member_of[person.pk].name}."},
                    ),
                    "created_at": event.starts_at - dt.timedelta(days=rng.randint(8, 25)),
                }
                for person in delegates
            ],
        )
        # Requests go mostly across the border; about two in three are accepted.
        pairs: set[tuple[int, int]] = set()
        requests = []
        for profile in profiles:
            wanted = [p for p in profiles if p.pk != profile.pk]
            rng.shuffle(wanted)
            wanted.sort(key=lambda p: p.country == profile.country)
            for other in wanted[: rng.randint(1, 4)]:
                pair = (min(profile.pk, other.pk), max(profile.pk, other.pk))
                if pair in pairs:
                    continue
                pairs.add(pair)
                sent = event.starts_at - dt.timedelta(
                    days=rng.randint(2, 7), hours=rng.randint(0, 9)
                )
                status = rng.choices(
                    [MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED,
                     MeetingRequest.Status.EXPIRED],
                    weights=[68, 20, 12],
                )[0]  # fmt: skip
                requests.append(
                    {
                        "brokerage_day": day,
                        "requester": profile,
                        "invitee": other,
                        "status": status,
                        "expires_at": sent + dt.timedelta(hours=72),
                        "created_at": sent,
                        "decided_at": sent + dt.timedelta(hours=rng.randint(2, 48))
                        if status != MeetingRequest.Status.EXPIRED
                        else None,
                    }
                )
        made = self.sync.insert("past meeting requests", MeetingRequest, requests)
        busy: set[tuple[int, int]] = set()  # (profile, slot)
        taken: dict[int, int] = defaultdict(int)  # slot -> tables used
        meetings, seats = [], []
        for request in made:
            if request.status != MeetingRequest.Status.ACCEPTED:
                continue
            a, b = request.requester_id, request.invitee_id
            slot = next(
                (
                    s
                    for s in slots
                    if (a, s.pk) not in busy and (b, s.pk) not in busy and taken[s.pk] < len(tables)
                ),
                None,
            )
            if slot is None:
                continue
            busy |= {(a, slot.pk), (b, slot.pk)}
            table = tables[taken[slot.pk]]
            taken[slot.pk] += 1
            meetings.append(
                {
                    "brokerage_day": day,
                    "request": request,
                    "status": Meeting.Status.CONFIRMED,
                    "slot": slot,
                    "location": table,
                    "placed_by": Meeting.PlacedBy.SCHEDULER,
                    "created_at": request.decided_at,
                    "updated_at": request.decided_at,
                }
            )
            seats.append((a, b, slot))
        made_meetings = self.sync.insert("past meetings", Meeting, meetings)
        self.sync.insert(
            "past meeting participants",
            Participation,
            [
                {"meeting": meeting, "profile_id": profile, "slot": slot}
                for meeting, (a, b, slot) in zip(made_meetings, seats, strict=True)
                for profile in (a, b)
            ],
        )
        Outcome = MeetingFeedback.Outcome
        feedback = []
        for meeting, (a, b, slot) in zip(made_meetings, seats, strict=True):
            outcome = rng.choices(
                [Outcome.DID_NOT_TAKE_PLACE, Outcome.INSUFFICIENT_INTEREST, Outcome.INFORMATIVE,
                 Outcome.COOPERATION_POSSIBLE],
                weights=[5, 14, 46, 35],
            )[0]  # fmt: skip
            for profile in (a, b):
                if rng.random() < 0.72:
                    feedback.append(
                        {
                            "meeting": meeting,
                            "profile_id": profile,
                            "outcome": outcome,
                            "created_at": slot.ends_at + dt.timedelta(hours=rng.randint(1, 30)),
                            "updated_at": slot.ends_at + dt.timedelta(hours=30),
                        }
                    )
        self.sync.insert("past meeting feedback", MeetingFeedback, feedback)

    # --- technology transfer -----------------------------------------------------------
    def technology_transfer(self) -> None:
        owners = {
            "AZ": [self.orgs[s.slug] for s in HTP_RESIDENTS] + [self.orgs[AGENCY]],
            "TR": sorted(
                {
                    r.company
                    for r in Residency.objects.filter(
                        park__slug=GOSB_PARK_SLUG, status=RS.ACTIVE
                    ).select_related("company")
                },
                key=lambda o: o.slug,
            ),
        }
        keywords = {
            k.code: k for k in Keyword.objects.filter(code__in=[t[1] for t in PROFILE_TOPICS])
        }
        rows, plans = [], []
        for year in self.years:
            rng = _rng("profiles", year)
            for index in range(self.level(year, PROFILES_PER_YEAR, "profiles", 0.4)):
                country = "TR" if index % 3 else "AZ"
                owner = rng.choice(owners[country])
                if country == "AZ" and owner.slug != AGENCY:
                    spec = next(s for s in HTP_RESIDENTS if s.slug == owner.slug)
                    if spec.start.year > year:
                        owner = self.orgs[AGENCY]
                kind, keyword, title = PROFILE_TOPICS[(index * 5 + year) % len(PROFILE_TOPICS)]
                published = _aware(self.day_in(year, rng), 11)
                language = rng.choice(["en", "az" if country == "AZ" else "tr"])
                expires = published + dt.timedelta(days=365)
                status = (
                    TechnologyProfile.Status.PUBLISHED
                    if expires > timezone.now()
                    else rng.choice(
                        [TechnologyProfile.Status.EXPIRED, TechnologyProfile.Status.ARCHIVED]
                    )
                )
                reference = f"{kind}{country}{published:%Y%m%d}{500 + index:03d}"
                summary = _t(
                    f"{title['en']}: offered by a company in the parks of the memorandum.",
                    f"{title['az']}: memorandumun parklarındakı şirkətin təklifi.",
                    f"{title['tr']}: mutabakat zaptı parklarındaki bir şirketin teklifi.",
                )
                rows.append(
                    {
                        "reference": reference,
                        "type": kind,
                        "status": status,
                        "owner": owner,
                        "intermediary": self.orgs[GOSB if country == "TR" else AGENCY],
                        "created_by": self.managers.get(owner.pk),
                        "language": language,
                        **_i18n("title", title),
                        **_i18n("summary", summary),
                        **_i18n("description", summary),
                        "stage": rng.choice(list(TechnologyProfile.Stage.values)),
                        "created_at": published - dt.timedelta(days=rng.randint(5, 20)),
                        "updated_at": published,
                        "submitted_at": published - dt.timedelta(days=rng.randint(2, 5)),
                        "published_at": published,
                        "expires_at": expires,
                    }
                )
                plans.append((reference, keyword))
        profiles = self.sync.sync(
            "past technology profiles", TechnologyProfile, ("reference",), rows, update=False
        )
        new = self.sync.created.get("past technology profiles", [])
        new_pks = {profile.pk for profile in new}
        self.sync.insert(
            "past profile keywords",
            TechnologyProfile.keywords.through,
            [
                {"profile_id": profiles[(ref,)].pk, "keyword_id": keywords[code].pk}
                for ref, code in plans
                if code in keywords and profiles[(ref,)].pk in new_pks
            ],
        )
        interests, deals = [], []
        for profile in new:
            rng = _rng("interests", profile.reference)
            other = "AZ" if profile.owner.country == "TR" else "TR"
            people = [p for p in self.pool[other] if p.pk in self.member_of]
            for person in rng.sample(people, rng.choice([0, 1, 1, 2, 2, 3])):
                sent = profile.published_at + dt.timedelta(days=rng.randint(5, 90))
                if sent > self.until_at:
                    continue
                status = rng.choices(
                    [EoIStatus.ACCEPTED, EoIStatus.DECLINED, EoIStatus.NOT_FORWARDED,
                     EoIStatus.WITHDRAWN],
                    weights=[52, 26, 14, 8],
                )[0]  # fmt: skip
                interests.append(
                    {
                        "profile": profile,
                        "company": self.member_of[person.pk],
                        "author": person,
                        "message": f"{self.member_of[person.pk].name} would like to discuss "
                        f"“{profile.title_en}”.",
                        "status": status,
                        "created_at": sent,
                        "forwarded_at": sent + dt.timedelta(days=2),
                        "decided_at": sent + dt.timedelta(days=rng.randint(4, 20)),
                    }
                )
        made = self.sync.insert("past expressions of interest", ExpressionOfInterest, interests)
        types = Deal.AgreementType
        for interest in made:
            rng = _rng("deal", interest.profile.reference, interest.company.slug)
            if interest.status != ExpressionOfInterest.Status.ACCEPTED or rng.random() > 0.55:
                continue
            signed = (interest.decided_at + dt.timedelta(days=rng.randint(15, 90))).date()
            if signed > self.until:
                continue
            agreement = rng.choices(
                [types.NDA, types.LICENCE, types.RESEARCH, types.MATERIAL_TRANSFER,
                 types.JOINT_VENTURE, types.INVESTMENT],
                weights=[20, 30, 28, 10, 6, 6],
            )[0]  # fmt: skip
            ends = signed + dt.timedelta(days=365 * rng.choice([1, 2, 3]))
            status = Deal.Status.ACTIVE if ends > self.anchor else Deal.Status.EXPIRED
            deals.append(
                {
                    "profile": interest.profile,
                    "interest": interest,
                    "title": f"{interest.profile.title_en} · {interest.company.name}",
                    "agreement_type": agreement,
                    "status": status,
                    "signed_on": signed,
                    "effective_on": signed,
                    "expires_on": ends,
                    "currency": "AZN" if interest.profile.owner.country == "AZ" else "TRY",
                    "created_by": interest.author,
                    "created_at": interest.decided_at,
                    "updated_at": _aware(signed, 12),
                }
            )
        made_deals = self.sync.insert("past deals", Deal, deals)
        self.sync.insert(
            "past deal parties",
            Deal.parties.through,
            [
                {"deal_id": deal.pk, "organisation_id": org}
                for deal in made_deals
                for org in (deal.profile.owner_id, deal.interest.company_id)
            ],
        )

    # --- the High Technologies Park ------------------------------------------------------
    def park_projects(self) -> None:
        park = self.parks[HTP]
        leads = {
            "AZ": [self.orgs[s.slug] for s in HTP_RESIDENTS]
            + [self.orgs[s] for s in ("azerbaijan-technical-university",) if s in self.orgs],
            "TR": [self.orgs[s] for s in ("pusula-robotik", "ilgaz-optik",
                                          "gebze-technical-university") if s in self.orgs],
        }  # fmt: skip
        rows, index = [], 0
        for year in self.years:
            rng = _rng("projects", year)
            count = PROJECTS_PER_YEAR.get(year, 2 if year == self.until.year else 4)
            for _n in range(count):
                title, kind = PROJECT_TITLES[index % len(PROJECT_TITLES)]
                country = "AZ" if index % 2 == 0 else "TR"
                index += 1
                starts = self.day_in(year, rng, (1, 15), (11, 30))
                candidates = [
                    o
                    for o in leads[country]
                    if not any(s.slug == o.slug and s.start > starts for s in HTP_RESIDENTS)
                ] or [self.orgs[AGENCY]]
                ends = starts + dt.timedelta(days=rng.choice([270, 365, 540]))
                rows.append(
                    {
                        "park": park,
                        "slug": f"htp-{ascii_slug(title['en'])}-{year}",
                        **_i18n("title", title),
                        "kind": kind,
                        "status": Project.Status.COMPLETED
                        if ends < self.anchor
                        else Project.Status.ACTIVE,
                        "lead": rng.choice(candidates),
                        "starts_on": starts,
                        "ends_on": ends,
                        "budget": Decimal(rng.randrange(40, 400) * 1000),
                        "currency": "AZN",
                        "is_public": True,
                        "created_at": _aware(starts, 9),
                        "updated_at": _aware(starts, 9),
                    }
                )
        projects = self.sync.sync("past park projects", Project, ("slug",), rows, update=False)
        outputs = []
        for project in self.sync.created.get("past park projects", []):
            rng = _rng("outputs", project.slug)
            self.sync.insert(
                "past park project partners",
                Project.partners.through,
                [
                    {"project_id": project.pk, "organisation_id": self.orgs[slug].pk}
                    for slug in (AGENCY, GOSB)
                    if self.orgs[slug].pk != project.lead_id
                ],
            )
            day = project.starts_on + dt.timedelta(days=rng.randint(45, 100))
            if project.kind == Project.Kind.RESEARCH:
                if day <= self.until:
                    outputs.append(
                        {"project": project, "kind": Output.Kind.PUBLICATION, "date": day,
                         "title": f"{project.title_en}: first results", "quantity": 1}
                    )  # fmt: skip
                continue
            if day <= self.until:
                outputs.append(
                    {"project": project, "kind": Output.Kind.PROTOTYPE, "date": day,
                     "title": f"{project.title_en}: prototypes", "quantity": rng.randint(2, 6)}
                )  # fmt: skip
            batches = 5 if project.kind == Project.Kind.PRODUCTION else 1
            for batch in range(batches):
                day = day + dt.timedelta(days=rng.randint(45, 110))
                if day > self.until:
                    break
                size = rng.randint(20, 60) * (1 + (day.year - FIRST_YEAR) // 2)
                if project.kind == Project.Kind.PROTOTYPE:
                    size = rng.randint(5, 15)
                outputs.append(
                    {
                        "project": project,
                        "kind": Output.Kind.DEVICE,
                        "date": day,
                        "title": f"{project.title_en}: batch {batch + 1}",
                        "quantity": size,
                        "reference": f"{project.slug.upper()[:20]}-B{batch + 1}",
                    }
                )
        self.sync.insert("past project outputs", Output, outputs)
        self.projects = list(projects.values())

    def lab_bookings(self) -> None:
        """Past bookings of the park's labs, from the workshop's opening in autumn 2021 to
        before the facilities demo's month of bookings: half days, never two at once on a
        resource."""
        park = self.parks[HTP]
        resources = list(
            Resource.objects.filter(facility__park=park, capacity=1)
            .exclude(kind__in=["office", "meeting_room"])
            .order_by("pk")
        )
        first = Resource.objects.filter(facility__park=park).order_by("created_at").first()
        if not resources or first is None:
            return
        labs_anchor = timezone.localtime(first.created_at, zoneinfo.ZoneInfo("Asia/Baku")).date()
        last_day = min(self.until, labs_anchor - dt.timedelta(days=35))
        if Booking.objects.filter(
            resource__in=resources, starts_at__lt=_aware(last_day + dt.timedelta(days=1), 0)
        ).exists():
            self.sync.existing("past lab bookings", 1)
            return
        bookers = [
            p for country in ("AZ", "TR") for p in self.pool[country] if p.pk in self.member_of
        ]
        residents = set(Residency.objects.filter(park=park).values_list("company_id", flat=True))
        rows = []
        for year in self.years:
            rng = _rng("bookings", year)
            opens = dt.date(2021, 9, 1) if year == FIRST_YEAR else dt.date(year, 1, 1)
            end = min(dt.date(year, 12, 31), last_day)
            if end < opens:
                continue
            count = self.level(year, 60, "bookings", 1.2)
            if year == FIRST_YEAR:
                count = count // 3
            days = [
                opens + dt.timedelta(days=n)
                for n in range((end - opens).days + 1)
                if (opens + dt.timedelta(days=n)).weekday() < 5
            ]
            chosen = set()
            for _n in range(count):
                resource, day, half = rng.choice(resources), rng.choice(days), rng.randint(0, 1)
                if (resource.pk, day, half) in chosen:
                    continue
                chosen.add((resource.pk, day, half))
                person = rng.choice(bookers)
                company = self.member_of[person.pk]
                starts = _aware(day, 9 + 5 * half)
                hours = rng.choice([2, 3, 4])
                status = (
                    Booking.Status.APPROVED if rng.random() < 0.93 else Booking.Status.CANCELLED
                )
                rows.append(
                    {
                        "resource": resource,
                        "person": person,
                        "organisation": company,
                        "starts_at": starts,
                        "ends_at": starts + dt.timedelta(hours=hours),
                        "status": status,
                        "price_category": Booking.PriceCategory.RESIDENT
                        if company.pk in residents
                        else Booking.PriceCategory.PARTNER,
                        "currency": "AZN",
                        "cancelled_at": starts - dt.timedelta(days=1)
                        if status == Booking.Status.CANCELLED
                        else None,
                        "checked_in_at": starts + dt.timedelta(minutes=rng.randint(0, 15))
                        if status == Booking.Status.APPROVED
                        else None,
                        "checked_out_at": starts
                        + dt.timedelta(hours=hours, minutes=-rng.randint(0, 20))
                        if status == Booking.Status.APPROVED
                        else None,
                        "created_at": starts - dt.timedelta(days=rng.randint(1, 14)),
                    }
                )
        self.sync.insert("past lab bookings", Booking, rows)

    # --- resident reporting ------------------------------------------------------------
    def resident_reports(self) -> None:
        setups = [
            (GOSB_PARK_SLUG, "quarterly", "TRY", list(reporting.CODES)),
            (HTP, "quarterly", "AZN", ["staff", "rd_staff", "revenue", "rd_revenue", "exports",
                                       "patents_applied", "investment_received"]),
            (BAKU_CENTRE, "yearly", "AZN", ["staff", "revenue", "exports", "investment_received"]),
        ]  # fmt: skip
        now = _aware(self.anchor, 12)
        for slug, frequency, currency, codes in setups:
            park = self.parks.get(slug)
            if park is None:
                continue
            if ReportingScheme.objects.filter(park=park).exists():  # the park's own now
                self.sync.existing("reporting schemes", 1)
                periods = ReportingPeriod.objects.filter(park=park)
                self.sync.existing("reporting periods", periods.count())
                self.sync.existing(
                    "resident reports", Report.objects.filter(period__in=periods).count()
                )
                continue
            manager = self.park_manager(park)
            reporting.save_scheme(
                actor=manager,
                park=park,
                frequency=frequency,
                indicators=codes,
                currency=currency,
                starts_on=dt.date(FIRST_YEAR, 1, 1),
                due_days=30,
                now=now,
            )
            self.sync.tallies.setdefault("reporting schemes", Tally()).created += 1
            periods = list(ReportingPeriod.objects.filter(park=park).order_by("starts_on"))
            self.sync.tallies.setdefault("reporting periods", Tally()).created += len(periods)
            self.reports(park, periods, currency)
            for period in periods[:-1]:  # the latest stays open
                reporting.lock_period(
                    actor=manager,
                    period=period,
                    now=_aware(period.due_on + dt.timedelta(days=18), 11, zone=park.time_zone),
                )

    def park_manager(self, park: Park) -> Person:
        managers = Person.objects.filter(
            memberships__organisation=park.operator, memberships__role__in=MANAGING_ROLES
        ).order_by("email")
        return (
            managers.filter(email="park.manager@korpu.example").first()
            or managers.first()
            or Person.objects.filter(is_superuser=True).order_by("pk").first()
        )

    def reports(self, park: Park, periods: list[ReportingPeriod], currency: str) -> None:
        residencies = list(
            Residency.objects.filter(park=park, status__in=(RS.ACTIVE, RS.GRADUATED, RS.LEFT))
            .exclude(start_date__isnull=True)
            .select_related("company")
        )
        rows, reminders = [], []
        latest = periods[-1]
        for period in periods:
            for residency in residencies:
                company = residency.company
                if residency.start_date > period.ends_on:
                    continue
                if residency.end_date and residency.end_date < period.ends_on:
                    continue
                rng = _rng("report", park.slug, company.slug, period.code)
                is_latest = period.pk == latest.pk
                demo_resident = (
                    company.slug == SHOWCASE_COMPANY_SLUG and park.slug == GOSB_PARK_SLUG
                )
                roll = rng.random()
                if is_latest and demo_resident:
                    continue  # left for the demo resident to fill in
                if is_latest:
                    state = "submitted" if roll < 0.68 else "draft" if roll < 0.78 else "missing"
                else:
                    state = "submitted" if roll < 0.93 else "draft" if roll < 0.95 else "missing"
                if residency.status != RS.ACTIVE and state != "submitted":
                    state = "submitted"  # those that left had reported while resident
                if state == "missing":
                    if is_latest and rng.random() < 0.6:
                        reminders.append(
                            {
                                "period": period,
                                "company": company,
                                "kind": Reminder.Kind.DUE_SOON,
                                "recipients": 1,
                                "sent_at": _aware(period.due_on - dt.timedelta(days=7), 8),
                            }
                        )
                    continue
                figures = self.figures(company, period, currency)
                values = {code: figures[code] for code in period.indicators}
                if state == "draft":  # begun, not finished
                    values = {code: values[code] if code in ("staff", "rd_staff") else None
                              for code in values}  # fmt: skip
                values = reporting.check_values(
                    values, period.indicators, complete=state == "submitted"
                )
                late = rng.random() < 0.1
                submitted = _aware(
                    period.due_on + dt.timedelta(days=rng.randint(1, 12))
                    if late
                    else period.ends_on + dt.timedelta(days=rng.randint(3, 29)),
                    rng.randint(9, 18),
                    zone=park.time_zone,
                )
                if submitted > timezone.now():
                    submitted = timezone.now() - dt.timedelta(days=1)
                signer = self.managers.get(company.pk)
                rows.append(
                    {
                        "period": period,
                        "company": company,
                        "status": Report.Status.SUBMITTED
                        if state == "submitted"
                        else Report.Status.DRAFT,
                        **values,
                        "created_at": submitted - dt.timedelta(days=2),
                        "updated_at": submitted,
                        "updated_by": signer,
                        "submitted_at": submitted if state == "submitted" else None,
                        "submitted_by": signer if state == "submitted" else None,
                    }
                )
        self.sync.insert("resident reports", Report, rows)
        self.sync.insert("reporting reminders", Reminder, reminders)

    def figures(self, company: Organisation, period: ReportingPeriod, currency: str) -> dict:
        """Plausible figures for a company and a period: a headcount that grows, revenue
        per person that follows prices (Turkish lira inflation), parts within the whole."""
        base = _rng("company", company.slug)
        start_staff = {
            S.MICRO: base.randint(3, 9),
            S.SMALL: base.randint(10, 40),
            S.MEDIUM: base.randint(50, 160),
            S.LARGE: base.randint(200, 450),
        }.get(company.size, base.randint(8, 30))
        growth = base.uniform(0.02, 0.2)
        rd_share, software_share = base.uniform(0.3, 0.85), base.uniform(0.1, 0.7)
        productivity = base.uniform(0.5, 1.6)
        rd_revenue_share, export_share = (
            base.uniform(0.2, 0.9),
            base.choice([0, 0, base.uniform(0.05, 0.5)]),
        )
        rng = _rng("figures", company.slug, period.code)
        years = (period.ends_on - dt.date(FIRST_YEAR, 1, 1)).days / 365
        staff = max(1, round(start_staff * (1 + growth) ** years * rng.uniform(0.96, 1.04)))
        quarters = 4 if period.frequency == "yearly" else 1
        per_person = {
            "TRY": {2021: 95_000, 2022: 190_000, 2023: 340_000, 2024: 560_000, 2025: 760_000},
            "AZN": {2021: 9_000, 2022: 10_000, 2023: 11_000, 2024: 12_000, 2025: 13_000},
        }[currency]
        price = per_person.get(period.starts_on.year, per_person[2025] * 1.15)
        revenue = staff * price * productivity * quarters * rng.uniform(0.8, 1.2)
        patents = rng.random() < min(0.6, staff * rd_share / 60) * quarters
        return {
            "staff": staff,
            "rd_staff": round(staff * rd_share),
            "software_staff": round(staff * software_share),
            "revenue": _money(revenue),
            "rd_revenue": _money(revenue * rd_revenue_share),
            "exports": _money(revenue * export_share * rng.uniform(0.7, 1.1)),
            "patents_applied": int(patents) + int(patents and rng.random() < 0.2),
            "patents_granted": int(rng.random() < 0.06 * quarters),
            "utility_models": int(rng.random() < 0.05 * quarters),
            "trademarks": int(rng.random() < 0.04 * quarters),
            "investment_received": _money(revenue * rng.uniform(0.5, 2))
            if rng.random() < 0.05 * quarters
            else Decimal("0.00"),
        }
