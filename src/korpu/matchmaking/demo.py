"""Demo brokerage days at the joint conferences of the Innovation Agency of Azerbaijan and
GOSB Teknopark (:mod:`korpu.events.demo`).

:func:`load_matchmaking_demo` runs after the directory, programmes and events demos (it
uses their organisations, people and events) and is idempotent in the same way: every
row has a natural key, and a second run writes nothing.

- **Gebze conference** (past): a brokerage day over both days (13:30–17:30 with a
  break on the first, 09:30–12:10 on the second; 20-minute meetings) with about 150
  participant profiles: the companies, researchers and institutions registered for the
  conference, GOSB Teknopark's and the Agency's own people, and ninety company
  delegates from both countries who registered for the brokerage (the organisers raised
  the conference's places for them). Marketplace entries, some four hundred meeting
  requests (accepted, declined, cancelled, expired), a group meeting arranged by the
  organisers, the schedule computed by the real scheduler
  (:func:`korpu.matchmaking.services.schedule_all`) on fourteen tables, three booths and
  an online room, published as final, and feedback after the meetings.
- **Baku conference** (upcoming): a smaller brokerage day, open: participants book free
  common slots themselves, requests of the last days await an answer, and a
  preliminary schedule is published. ``company.admin@korpu.example`` (Pusula Robotik,
  at its booth) takes part; ``specialist@korpu.example`` is registered but has no
  profile yet, to try creating one.

Settings, the time grid, the meeting places and the new organisations are restored when
edited. A brokerage day's profiles, with everything that follows from them (delegates'
registrations, requests, meetings, the schedule run, feedback), are made together, only
while it has none. History (requests made weeks ago, meetings held, feedback) is written
as the services would have written it then, with its dates; the schedule itself comes
from the scheduler.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from korpu.common import audit
from korpu.directory.demo import (
    SECTORS,
    SEED,
    TECHNOLOGY_AREAS,
    DemoResult,
    Tally,
    _email,
    az_startups,
    gosb_companies,
)
from korpu.directory.models import Membership, Organisation, Person, Sector, TechnologyArea
from korpu.events import demo as events_demo
from korpu.events import services as event_services
from korpu.events.models import Event, Question, Registration
from korpu.programs.demo import _i18n, _Sync, _t

from . import services
from .models import (
    Break,
    BrokerageDay,
    GridSession,
    Location,
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Profile,
    ScheduleRun,
    Slot,
)

COMPANY_ADMIN = "company.admin@korpu.example"
COMPANY_MEMBER = "company.member@korpu.example"
SHOWCASE = "pusula-robotik"
ORGANISER_STAFF = (
    "burak.ozturk@gosbteknopark.example",
    "elif.sahin@gosbteknopark.example",
    "hakan.celik@gosbteknopark.example",
    "tural.abbasov@innovation-agency.example",
    "narmin.karimova@innovation-agency.example",
)
COMPANY_KINDS = (Organisation.Kind.STARTUP, Organisation.Kind.SME, Organisation.Kind.LARGE_COMPANY)
INSTITUTION_TITLES = ("Director", "Professor", "Vice-Rector", "Officer", "Coordinator", "Manager")
JOINED = dt.datetime(2026, 1, 12, 9, 0, tzinfo=dt.UTC)


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, "matchmaking", *parts))))


# --- Azerbaijani companies that came for the brokerage -----------------------------------
# slug, name, city, kind, size, founded, sectors, technology areas
AZ_COMPANIES = [
    ("abseron-sensor", "Abşeron Sensor MMC", "Baku", "sme", "small", 2016,
     ["electronics", "energy"], ["iot", "embedded-systems"]),
    ("kur-mexanika", "Kür Mexanika MMC", "Mingachevir", "sme", "medium", 2009,
     ["machinery", "energy"], ["robotics", "3d-printing"]),
    ("gence-aqro-data", "Gəncə Aqro Data", "Ganja", "startup", "micro", 2022,
     ["agritech", "ict"], ["drones", "big-data"]),
    ("sirvan-polimer", "Şirvan Polimer MMC", "Sumgait", "sme", "medium", 2011,
     ["chemicals"], ["nanomaterials", "3d-printing"]),
    ("xezer-logistika", "Xəzər Logistika Texnologiyaları", "Baku", "sme", "small", 2017,
     ["logistics", "ict"], ["iot", "ai"]),
    ("nur-tibb-cihaz", "Nur Tibb Cihazları MMC", "Baku", "sme", "small", 2014,
     ["health-medical-devices", "electronics"], ["embedded-systems", "ai"]),
    ("qarabag-gunes", "Qarabağ Günəş Enerjisi", "Aghdam", "startup", "small", 2023,
     ["energy"], ["renewable-energy", "iot"]),
    ("baku-fintex", "Bakı FinTex MMC", "Baku", "startup", "small", 2020,
     ["fintech", "ict"], ["blockchain", "cybersecurity"]),
    ("alov-muhendislik", "Alov Mühəndislik MMC", "Sumgait", "sme", "medium", 2008,
     ["machinery", "defence-aerospace"], ["robotics", "embedded-systems"]),
    ("ipek-yolu-avto", "İpək Yolu Avto Komponent", "Ganja", "sme", "medium", 2012,
     ["automotive", "machinery"], ["3d-printing", "robotics"]),
    ("kapaz-edutech", "Kəpəz EduTech", "Ganja", "startup", "micro", 2021,
     ["education", "ict"], ["ar-vr", "ai"]),
    ("naftalan-biotek", "Naftalan Biotek MMC", "Naftalan", "startup", "micro", 2021,
     ["health-medical-devices", "chemicals"], ["biotech", "nanomaterials"]),
    ("lenkeran-cay", "Lənkəran Çay Texnologiyaları", "Lankaran", "sme", "small", 2015,
     ["agritech"], ["iot", "big-data"]),
    ("sumqayit-elektron", "Sumqayıt Elektron Zavodu", "Sumgait", "large_company", "large", 1998,
     ["electronics", "defence-aerospace"], ["semiconductors", "embedded-systems"]),
    ("caspian-cyber-lab", "Caspian Cyber Lab", "Baku", "startup", "small", 2019,
     ["ict", "fintech"], ["cybersecurity", "ai"]),
    ("sheki-ipek-tekstil", "Şəki İpək Tekstil MMC", "Shaki", "sme", "medium", 2006,
     ["chemicals", "logistics"], ["nanomaterials", "iot"]),
    ("goygol-dron", "Göygöl Dron Sistemləri", "Ganja", "startup", "micro", 2022,
     ["defence-aerospace", "agritech"], ["drones", "ai"]),
    ("absheron-smart-port", "Abşeron Smart Port", "Baku", "sme", "small", 2018,
     ["logistics"], ["big-data", "iot"]),
]  # fmt: skip


# --- texts -------------------------------------------------------------------------------------
SECTOR_NAMES = {slug: _t(en, az, tr) for slug, en, az, tr in SECTORS}
TECH_NAMES = {slug: _t(en, az, tr) for slug, en, az, tr in TECHNOLOGY_AREAS}
COUNTRY = {
    "AZ": _t("Azerbaijan", "Azərbaycan", "Azerbaycan"),
    "TR": _t("Türkiye", "Türkiyə", "Türkiye"),
}
# Technologies a sector buys: what its companies look for.
SECTOR_NEEDS = {
    "ict": ["cybersecurity", "ai", "big-data"],
    "defence-aerospace": ["embedded-systems", "photonics", "drones"],
    "automotive": ["robotics", "ai", "3d-printing"],
    "machinery": ["robotics", "iot", "embedded-systems"],
    "electronics": ["semiconductors", "embedded-systems", "iot"],
    "energy": ["renewable-energy", "iot", "big-data"],
    "health-medical-devices": ["ai", "biotech", "embedded-systems"],
    "chemicals": ["nanomaterials", "biotech", "big-data"],
    "agritech": ["drones", "iot", "big-data"],
    "fintech": ["blockchain", "cybersecurity", "ai"],
    "education": ["ar-vr", "ai", "big-data"],
    "logistics": ["iot", "big-data", "drones"],
}
SEEK = _t(
    "Partners in {country} for {techs}: pilot customers, distributors and integrators in {sector}.",
    "{country} bazarında {techs} üzrə tərəfdaşlar: {sector} sahəsində pilot müştərilər, "
    "distribyutorlar və inteqratorlar.",
    "{country} pazarında {techs} alanında ortaklar: {sector} sektöründe pilot müşteriler, "
    "distribütörler ve entegratörler.",
)
OFFER = _t("{techs}. {about}", "{techs}. {about}", "{techs}. {about}")
RESEARCH_OFFER = _t(
    "Research, testing and licences in {techs}; laboratories open to companies.",
    "{techs} üzrə tədqiqat, sınaq və lisenziyalar; şirkətlər üçün açıq laboratoriyalar.",
    "{techs} alanında araştırma, test ve lisanslar; şirketlere açık laboratuvarlar.",
)
RESEARCH_SEEK = _t(
    "Industrial partners for joint R&D projects and pilots in {sector}.",
    "{sector} sahəsində birgə Ar-Ge layihələri və pilotlar üçün sənaye tərəfdaşları.",
    "{sector} alanında ortak Ar-Ge projeleri ve pilotlar için sanayi ortakları.",
)
HUB_OFFER = _t(
    "Acceleration and soft-landing programmes, offices and laboratories, technology transfer "
    "support for companies of both countries.",
    "Akselerasiya və yumşaq eniş proqramları, ofislər və laboratoriyalar, hər iki ölkənin "
    "şirkətləri üçün texnologiya transferi dəstəyi.",
    "Hızlandırma ve yumuşak iniş programları, ofisler ve laboratuvarlar, iki ülkenin "
    "şirketlerine teknoloji transferi desteği.",
)
HUB_SEEK = _t(
    "Companies for the joint High Technologies Park, exchange programmes and {techs} projects.",
    "Birgə Yüksək Texnologiyalar Parkı, mübadilə proqramları və {techs} layihələri üçün şirkətlər.",
    "Ortak Yüksek Teknoloji Parkı, değişim programları ve {techs} projeleri için şirketler.",
)
ENTRY_TITLES = {
    "product": _t("{tech}: product line", "{tech}: məhsul xətti", "{tech}: ürün hattı"),
    "service": _t(
        "{tech}: engineering services",
        "{tech}: mühəndislik xidmətləri",
        "{tech}: mühendislik hizmetleri",
    ),
    "partnership": _t(
        "Distribution partner in {country}",
        "{country} bazarında distribyutor tərəfdaş",
        "{country} pazarında dağıtım ortağı",
    ),
    "project_cooperation": _t(
        "Joint R&D project: {tech}", "Birgə Ar-Ge layihəsi: {tech}", "Ortak Ar-Ge projesi: {tech}"
    ),
    "investment": _t(
        "Investment to scale up production",
        "İstehsalı genişləndirmək üçün investisiya",
        "Üretimi büyütmek için yatırım",
    ),
}
ENTRY_TEXT = _t(
    "Details and references at our table; samples on request.",
    "Ətraflı məlumat və istinadlar masamızda; nümunələr sorğu ilə.",
    "Ayrıntılar ve referanslar masamızda; numuneler talep üzerine.",
)
COMMENTS = {
    "cooperation_possible": _t(
        "We agreed on a pilot and will send an offer next week.",
        "Pilot layihə barədə razılaşdıq, gələn həftə təklif göndərəcəyik.",
        "Bir pilot üzerinde anlaştık, gelecek hafta teklif göndereceğiz.",
    ),
    "informative": _t(
        "Good overview of their market; no project for now.",
        "Bazarları haqqında yaxşı məlumat aldıq; hələlik layihə yoxdur.",
        "Pazarları hakkında iyi bir fikir edindik; şimdilik proje yok.",
    ),
    "insufficient_interest": _t(
        "Our products do not fit their needs.",
        "Məhsullarımız onların ehtiyaclarına uyğun gəlmir.",
        "Ürünlerimiz ihtiyaçlarına uymuyor.",
    ),
    "did_not_take_place": _t(
        "They did not come to the table.", "Onlar masaya gəlmədilər.", "Masaya gelmediler."
    ),
}
DECLINE_REASONS = [
    _t("We do not work in this field.", "Bu sahədə işləmirik.", "Bu alanda çalışmıyoruz."),
    _t(
        "Our agenda is already full, sorry.",
        "Təəssüf ki, proqramımız artıq doludur.",
        "Maalesef programımız dolu.",
    ),
    _t(
        "We already have a partner for this.",
        "Bunun üçün artıq tərəfdaşımız var.",
        "Bunun için zaten bir ortağımız var.",
    ),
]
MESSAGES = [
    _t(
        "We would like to present our solution and hear about your plans.",
        "Həllimizi təqdim etmək və planlarınızla tanış olmaq istərdik.",
        "Çözümümüzü tanıtmak ve planlarınızı dinlemek isteriz.",
    ),
    _t(
        "Your offer fits a project we are preparing. Shall we meet?",
        "Təklifiniz hazırladığımız layihəyə uyğundur. Görüşək?",
        "Teklifiniz hazırladığımız bir projeye uyuyor. Görüşelim mi?",
    ),
    _t(
        "We are looking for a partner in your country and would be glad to talk.",
        "Ölkənizdə tərəfdaş axtarırıq və danışmağa şad olarıq.",
        "Ülkenizde bir ortak arıyoruz, görüşmekten memnuniyet duyarız.",
    ),
]


def _lower_first(text: str, language: str) -> str:
    """Lower-case the first letter the way the language does (İ→i, I→ı in az and tr),
    unless the word is an acronym ("3D", "ICT")."""
    if not text or (len(text) > 1 and text[1].isupper()) or not text[0].isupper():
        return text
    first = text[0]
    if language in ("az", "tr"):
        first = {"İ": "i", "I": "ı"}.get(first, first.lower())
    else:
        first = first.lower()
    return first + text[1:]


def _join(items: list[str], language: str) -> str:
    word = {"en": "and", "az": "və", "tr": "ve"}[language]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


DESCRIPTION = _t(
    "{name} develops {techs} solutions for {sector} customers in {city}.",
    "{name} {city} şəhərində {sector} müştəriləri üçün {techs} həlləri hazırlayır.",
    "{name}, {city} merkezli; {sector} müşterileri için {techs} çözümleri geliştiriyor.",
)


def _description(name: str, city: str, sector: str, techs: list[str]) -> dict[str, str]:
    return {
        lang: DESCRIPTION[lang].format(
            name=name,
            city=city,
            sector=_lower_first(SECTOR_NAMES[sector][lang], lang),
            techs=_join([_lower_first(TECH_NAMES[t][lang], lang) for t in techs], lang),
        )
        for lang in ("en", "az", "tr")
    }


def _first_sentence(text: str | None) -> str:
    if not text:
        return ""
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


# --- the days ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DaySpec:
    event: str
    intro: dict[str, str]
    # (day of the event from 0, start, end, [(break start, break end)])
    sessions: tuple[tuple[int, str, str, tuple[tuple[str, str], ...]], ...]
    tables: int
    booths: int  # for the most asked GOSB companies, the showcase company first
    virtual_capacity: int
    delegates: int  # company delegates registered for the brokerage
    requests: int
    past: bool
    self_scheduling: bool
    organiser_staff: tuple[str, ...] = ORGANISER_STAFF


DAYS = [
    DaySpec(
        event=events_demo.GEBZE_CONFERENCE,
        intro=_t(
            "One-to-one meetings of 20 minutes between companies, researchers and institutions "
            "of both countries, in the foyer of Block A and online. Publish your profile, ask "
            "for meetings; the organisers schedule all accepted meetings.",
            "Hər iki ölkənin şirkətləri, tədqiqatçıları və qurumları arasında A blokunun "
            "foyesində və onlayn 20 dəqiqəlik təkbətək görüşlər. Profilinizi dərc edin, görüş "
            "istəyin; təşkilatçılar qəbul olunmuş bütün görüşləri planlaşdırır.",
            "İki ülkenin şirketleri, araştırmacıları ve kurumları arasında A Blok fuayesinde ve "
            "çevrim içi 20 dakikalık birebir görüşmeler. Profilinizi yayınlayın, görüşme "
            "isteyin; organizatörler kabul edilen tüm görüşmeleri planlar.",
        ),
        sessions=((0, "13:30", "17:30", (("15:30", "15:50"),)), (1, "09:30", "12:10", ())),
        tables=14,
        booths=3,
        virtual_capacity=3,
        delegates=90,
        requests=430,
        past=True,
        self_scheduling=False,
    ),
    DaySpec(
        event=events_demo.BAKU_CONFERENCE,
        intro=_t(
            "B2B meetings at the Baku Innovation Centre. Book a free common slot with the people "
            "who accepted your request, or wait for the organisers' schedule.",
            "Bakı İnnovasiya Mərkəzində B2B görüşlər. Sorğunuzu qəbul edənlərlə ortaq boş vaxtı "
            "özünüz seçin və ya təşkilatçıların cədvəlini gözləyin.",
            "Bakü İnovasyon Merkezi'nde B2B görüşmeler. İsteğinizi kabul edenlerle ortak boş bir "
            "zamanı kendiniz seçin ya da organizatörlerin programını bekleyin.",
        ),
        sessions=((0, "13:30", "16:10", (("14:50", "15:10"),)), (1, "09:30", "11:30", ())),
        tables=8,
        booths=1,
        virtual_capacity=2,
        delegates=16,
        requests=170,
        past=False,
        self_scheduling=True,
        organiser_staff=ORGANISER_STAFF[:3],
    ),
]

LOCATION_NAMES = {
    "table": _t("Table {n}", "Masa {n}", "Masa {n}"),
    "booth": _t("Booth: {name}", "Stend: {name}", "Stant: {name}"),
    "virtual": _t("Online room", "Onlayn otaq", "Çevrim içi oda"),
}


def load_matchmaking_demo() -> DemoResult:
    """Load (or bring back) the demo brokerage days in one transaction."""
    started = time.perf_counter()
    with translation.override("en"), transaction.atomic():
        result = _Loader().load()
    result.seconds = time.perf_counter() - started
    return result


@dataclass
class _Person:
    person: Person
    organisation: Organisation | None
    kind: str  # company, research, hub


class _Loader:
    def __init__(self) -> None:
        self.sync = _Sync()
        self.now = timezone.now()

    # -- small tools -------------------------------------------------------------------
    def insert(self, label: str, model, rows: list[dict[str, Any]]) -> list:
        """Create rows made together; automatic timestamps take the rows' values."""
        return self.sync.insert(label, model, rows)

    def existing(self, label: str, count: int) -> None:
        self.sync.existing(label, count)

    # -- the load ----------------------------------------------------------------------
    def load(self) -> DemoResult:
        events = {e.slug: e for e in Event.objects.filter(slug__in=[d.event for d in DAYS])}
        missing = sorted({d.event for d in DAYS} - set(events))
        if missing:
            raise LookupError(
                f"The brokerage demo needs the events demo (events missing: {', '.join(missing)});"
                " run korpu.events.demo.load_events_demo() first."
            )
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.techs = {t.slug: t for t in TechnologyArea.objects.all()}
        self.manager = Person.objects.get(email=events_demo.MANAGER)
        self.companies()
        self.delegates = self.delegate_people()
        for spec in DAYS:
            self.day(events[spec.event], spec)
        result = DemoResult(tallies=self.sync.tallies, accounts=[])
        if result.changed:
            changes: dict[str, list[Any]] = {}
            for label, tally in self.sync.tallies.items():
                if tally.created:
                    before = tally.updated + tally.unchanged
                    changes[label] = [before, before + tally.created]
                if tally.updated:
                    changes[f"{label} rewritten"] = [0, tally.updated]
            audit.record(actor=None, action="demo.load_matchmaking", changes=changes)
        return result

    def companies(self) -> None:
        """The Azerbaijani companies that came for the brokerage days."""
        rows = []
        for slug, name, city, kind, size, founded, sectors, techs in AZ_COMPANIES:
            rows.append(
                {
                    "slug": slug,
                    **_i18n("name", _t(name, name, name)),
                    "kind": kind,
                    "size": size,
                    "founded_year": founded,
                    "country": "AZ",
                    "city": city,
                    "website": f"https://{slug}.example",
                    "email": f"info@{slug}.example",
                    **_i18n("description", _description(name, city, sectors[0], techs)),
                    "is_public": True,
                }
            )
        created = self.sync.sync("brokerage companies", Organisation, ("slug",), rows)
        self.sync.link(
            "brokerage company sectors",
            Organisation.sectors.through,
            "organisation_id",
            "sector_id",
            {
                (created[(slug,)].pk, self.sectors[s].pk)
                for slug, *_rest, sectors, _techs in AZ_COMPANIES
                for s in sectors
            },
        )
        self.sync.link(
            "brokerage company technologies",
            Organisation.technology_areas.through,
            "organisation_id",
            "technologyarea_id",
            {
                (created[(slug,)].pk, self.techs[t].pk)
                for slug, *_rest, techs in AZ_COMPANIES
                for t in techs
            },
        )

    def delegate_people(self) -> list[_Person]:
        """Company delegates of both countries (not in the public directory): from the
        Azerbaijani startups and companies above, and from GOSB Teknopark's residents."""
        rng = _rng("delegates")
        az_slugs = sorted({c.slug for c in az_startups()} | {row[0] for row in AZ_COMPANIES})
        tr_slugs = sorted(c.slug for c in gosb_companies() if c.is_public and c.slug != SHOWCASE)
        wanted = max(d.delegates for d in DAYS)
        az_count = wanted * 2 // 5
        slugs = [az_slugs[i % len(az_slugs)] for i in range(az_count)]
        slugs += rng.sample(tr_slugs, wanted - az_count)
        # TR first: the first ones get booths.
        slugs = slugs[az_count:] + slugs[:az_count]
        found = {o.slug: o for o in Organisation.objects.filter(slug__in=set(slugs))}
        chosen = [found[slug] for slug in slugs if slug in found]
        titles = [
            "Business Development Manager",
            "Export Manager",
            "Sales Director",
            "CEO",
            "CTO",
            "R&D Manager",
            "Partnerships Lead",
        ]
        rows, memberships, used = [], [], set()
        for index, company in enumerate(chosen):
            az = company.country == "AZ"
            women = rng.random() < 0.4
            first = rng.choice(
                (events_demo.AZ_WOMEN if women else events_demo.AZ_MEN)
                if az
                else (events_demo.TR_WOMEN if women else events_demo.TR_MEN)
            )
            last = rng.choice(events_demo.AZ_SURNAMES if az else events_demo.TR_SURNAMES)
            if az and women:
                last = events_demo._female_surname(last)
            email = _email(first, last, f"{company.slug}.example")
            while email in used:
                email = email.replace("@", f"{index}@", 1)
            used.add(email)
            language = "az" if az else "tr"
            rows.append(
                {
                    "email": email,
                    "first_name": first,
                    "last_name": last,
                    "country": company.country,
                    "city": company.city,
                    "languages": [language, "en"] + (["ru"] if az else []),
                    "preferred_language": language if rng.random() < 0.85 else "en",
                    "headline": f"{titles[index % len(titles)]}, {company.name}",
                    "is_public": False,
                    "is_active": True,
                    "date_joined": JOINED + dt.timedelta(hours=5 * index),
                }
            )
            memberships.append((email, company, titles[index % len(titles)]))

        def no_password(person: Person) -> None:
            person.set_unusable_password()

        people = self.sync.sync(
            "brokerage delegates", Person, ("email",), rows, on_create=no_password
        )
        self.sync.sync(
            "brokerage delegate memberships",
            Membership,
            ("person_id", "organisation_id"),
            [
                {
                    "person_id": people[(email,)].pk,
                    "organisation_id": company.pk,
                    "role": Membership.Role.MEMBER,
                    "title": title,
                }
                for email, company, title in memberships
            ],
        )
        return [_Person(people[(email,)], company, "company") for email, company, _t in memberships]

    # -- one brokerage day ----------------------------------------------------------------
    def day(self, event: Event, spec: DaySpec) -> None:
        sync = self.sync
        zone = event.zone
        first_day = event.starts_at.astimezone(zone).date()
        (day,) = sync.sync(
            "brokerage days",
            BrokerageDay,
            ("event_id",),
            [
                {
                    "event_id": event.pk,
                    **_i18n("intro", spec.intro),
                    "request_mode": BrokerageDay.RequestMode.OPT_IN,
                    "request_expiry_hours": 72,
                    "slot_minutes": 20,
                    "self_scheduling": spec.self_scheduling,
                    "profiles_open": not spec.past,
                    "requests_open": not spec.past,
                    "video_link": f"https://meet.example/{event.slug}-brokerage",
                    "reminder_minutes": 15,
                }
            ],
        ).values()

        def local(day_index: int, clock: str) -> dt.datetime:
            hour, minute = map(int, clock.split(":"))
            moment = dt.datetime.combine(
                first_day + dt.timedelta(days=day_index), dt.time(hour, minute), tzinfo=zone
            )
            return moment.astimezone(dt.UTC)

        names = [
            _t("First day", "Birinci gün", "Birinci gün"),
            _t("Second day", "İkinci gün", "İkinci gün"),
        ]
        sessions = sync.sync(
            "brokerage sessions",
            GridSession,
            ("brokerage_day_id", "starts_at"),
            [
                {
                    "brokerage_day_id": day.pk,
                    **_i18n("name", names[index]),
                    "day": first_day + dt.timedelta(days=index),
                    "starts_at": local(index, start),
                    "ends_at": local(index, end),
                }
                for index, start, end, _breaks in spec.sessions
            ],
        )
        coffee = _t("Coffee break", "Qəhvə fasiləsi", "Kahve arası")
        sync.sync(
            "brokerage breaks",
            Break,
            ("session_id", "starts_at"),
            [
                {
                    "session_id": sessions[(day.pk, local(index, start))].pk,
                    **_i18n("name", coffee),
                    "starts_at": local(index, begin),
                    "ends_at": local(index, end),
                }
                for index, start, _end, breaks in spec.sessions
                for begin, end in breaks
            ],
        )
        slot_rows = []
        for session in sorted(sessions.values(), key=lambda s: s.starts_at):
            for begin, end in services.slot_times(day, session, session.breaks.all()):
                slot_rows.append(
                    {
                        "brokerage_day_id": day.pk,
                        "session_id": session.pk,
                        "starts_at": begin,
                        "ends_at": end,
                    }
                )
        slots = sorted(
            sync.sync(
                "brokerage slots", Slot, ("brokerage_day_id", "starts_at"), slot_rows
            ).values(),
            key=lambda s: s.starts_at,
        )
        booth_people = self.booth_people(spec)
        showcase = [who.organisation for who in booth_people]
        location_rows = [
            {
                "brokerage_day_id": day.pk,
                **_i18n("name", {k: v.format(n=n) for k, v in LOCATION_NAMES["table"].items()}),
                "kind": Location.Kind.TABLE,
                "capacity": 1,
                "video_link": "",
                "position": n,
            }
            for n in range(1, spec.tables + 1)
        ]
        location_rows += [
            {
                "brokerage_day_id": day.pk,
                **_i18n(
                    "name",
                    {k: v.format(name=company.name) for k, v in LOCATION_NAMES["booth"].items()},
                ),
                "kind": Location.Kind.BOOTH,
                "capacity": 1,
                "video_link": "",
                "position": 100 + n,
            }
            for n, company in enumerate(showcase)
        ]
        location_rows.append(
            {
                "brokerage_day_id": day.pk,
                **_i18n("name", LOCATION_NAMES["virtual"]),
                "kind": Location.Kind.VIRTUAL,
                "capacity": spec.virtual_capacity,
                "video_link": "",
                "position": 200,
            }
        )
        locations = sync.sync(
            "meeting places", Location, ("brokerage_day_id", "name_en"), location_rows
        )
        booths = {
            who.person.pk: locations[
                (day.pk, LOCATION_NAMES["booth"]["en"].format(name=who.organisation.name))
            ]
            for who in booth_people
        }
        if Profile.objects.filter(brokerage_day=day).exists():
            self.count_existing(day)
            return
        self.plan(day, event, spec, slots, booths, booth_people)

    def booth_people(self, spec: DaySpec) -> list[_Person]:
        """Who has a booth: the showcase company's person (``company.admin`` at Baku; at
        Gebze the member who registered) and the first GOSB delegates."""
        event_people = Person.objects.filter(
            event_registrations__event__slug=spec.event,
            event_registrations__status=Registration.Status.CONFIRMED,
            memberships__organisation__slug=SHOWCASE,
        ).order_by("pk")
        showcase = Organisation.objects.get(slug=SHOWCASE)
        person = (
            Person.objects.get(email=COMPANY_ADMIN)
            if not spec.past
            else event_people.first() or Person.objects.get(email=COMPANY_MEMBER)
        )
        others = [d for d in self.delegates if d.organisation.country == "TR"]
        return [_Person(person, showcase, "company")] + others[: max(spec.booths - 1, 0)]

    def count_existing(self, day: BrokerageDay) -> None:
        existing = self.existing
        existing("profiles", Profile.objects.filter(brokerage_day=day).count())
        existing(
            "marketplace entries",
            MarketplaceEntry.objects.filter(profile__brokerage_day=day).count(),
        )
        existing("meeting requests", MeetingRequest.objects.filter(brokerage_day=day).count())
        existing("meetings", Meeting.objects.filter(brokerage_day=day).count())
        existing(
            "meeting feedback", MeetingFeedback.objects.filter(meeting__brokerage_day=day).count()
        )
        existing("schedule runs", ScheduleRun.objects.filter(brokerage_day=day).count())

    # -- the workflow of a day ---------------------------------------------------------------------
    def participants(self, event: Event, spec: DaySpec, booth_people) -> list[_Person]:
        """Registrants who act for a company or an institution, the organisers' people, and
        the delegates (registered here for the brokerage)."""
        rng = _rng(spec.event, "participants")
        found: list[_Person] = []
        registrants = (
            Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED)
            .select_related("person")
            .order_by("pk")
        )
        memberships = defaultdict(list)
        for membership in Membership.objects.filter(
            person__in=[r.person_id for r in registrants]
        ).select_related("organisation"):
            memberships[membership.person_id].append(membership)
        for registration in registrants:
            own = sorted(memberships[registration.person_id], key=lambda m: m.pk)
            if not own:
                continue
            membership = own[0]
            organisation = membership.organisation
            if organisation.kind in COMPANY_KINDS:
                found.append(_Person(registration.person, organisation, "company"))
            elif any(word in membership.title for word in INSTITUTION_TITLES):
                kind = (
                    "research"
                    if organisation.kind in ("university", "research_institute")
                    else "hub"
                )
                found.append(_Person(registration.person, organisation, kind))
        seen = {p.person.pk for p in found}
        staff = Membership.objects.filter(
            person__email__in=spec.organiser_staff, organisation__in=event.organisers.all()
        ).select_related("person", "organisation")
        for membership in sorted(staff, key=lambda m: m.person.email):
            if membership.person_id not in seen:
                found.append(_Person(membership.person, membership.organisation, "hub"))
                seen.add(membership.person_id)
        first = [p for p in booth_people if p.person.pk not in seen]
        seen |= {p.person.pk for p in first}
        rest = [p for p in self.delegates if p.person.pk not in seen]
        extra = first + rng.sample(rest, min(len(rest), spec.delegates - len(first)))
        self.register(event, spec, [p.person for p in extra])
        return found + extra

    def register(self, event: Event, spec: DaySpec, people: list[Person]) -> None:
        """Confirmed registrations of the delegates, made before the event; the organisers
        raised the places where they would not fit."""
        rng = _rng(spec.event, "registrations")
        registered = set(
            Registration.objects.filter(event=event, status__in=Registration.ACTIVE).values_list(
                "person_id", flat=True
            )
        )
        people = [p for p in people if p.pk not in registered]
        taken = Registration.objects.filter(
            event=event, status__in=Registration.HOLDING_A_PLACE
        ).count()
        if event.capacity is not None and taken + len(people) > event.capacity:
            needed = (taken + len(people) + 9) // 10 * 10
            Event.objects.filter(pk=event.pk).update(capacity=needed)
            self.sync.tallies.setdefault("event places raised", Tally()).updated += 1
        opens = event.registration_opens_at or event.starts_at - dt.timedelta(days=40)
        closes = min(event.registration_closes_at or event.starts_at, self.now)
        questions = list(event.questions.filter(form=Question.Form.REGISTRATION))
        rows = []
        for person in people:
            created = events_demo._between(rng, opens, closes)
            data = {
                event_services.field_name(q): events_demo._answer(q.label_en, person, rng)
                for q in questions
            }
            rows.append(
                {
                    "event_id": event.pk,
                    "person_id": person.pk,
                    "status": Registration.Status.CONFIRMED,
                    "answers": event_services.clean_answers(questions=questions, data=data),
                    "created_at": created,
                    "confirmed_at": created,
                }
            )
        self.insert("brokerage registrations", Registration, rows)

    def texts(self, who: _Person, rng: random.Random) -> dict[str, str]:
        organisation = who.organisation
        sectors = [s.slug for s in organisation.sectors.all()] or ["ict"]
        techs = [t.slug for t in organisation.technology_areas.all()] or ["ai"]
        other = "TR" if (organisation.country or who.person.country) == "AZ" else "AZ"
        wants = [t for s in sectors for t in SECTOR_NEEDS.get(s, []) if t not in techs]
        wants = list(dict.fromkeys(wants))[:2] or ["big-data"]
        rows: dict[str, str] = {}
        for lang in ("en", "az", "tr"):
            names = [TECH_NAMES[t][lang] for t in techs[:3]]
            tech_text = _join(names[:1] + [_lower_first(n, lang) for n in names[1:]], lang)
            want_text = _join([_lower_first(TECH_NAMES[t][lang], lang) for t in wants], lang)
            sector = _lower_first(SECTOR_NAMES[sectors[0]][lang], lang)
            if who.kind == "company":
                about = _first_sentence(getattr(organisation, f"description_{lang}", ""))
                offer = OFFER[lang].format(techs=tech_text, about=about).strip()
                seek = SEEK[lang].format(
                    country=COUNTRY[other][lang], techs=want_text, sector=sector
                )
            elif who.kind == "research":
                offer = RESEARCH_OFFER[lang].format(techs=tech_text)
                seek = RESEARCH_SEEK[lang].format(sector=sector)
            else:
                offer = HUB_OFFER[lang]
                seek = HUB_SEEK[lang].format(techs=want_text)
            rows[f"offer_{lang}"] = offer
            rows[f"seek_{lang}"] = seek
        return rows

    def plan(self, day, event, spec: DaySpec, slots, booths, booth_people) -> None:
        rng = _rng(spec.event, "plan")
        people = self.participants(event, spec, booth_people)
        organisations = {p.organisation.pk for p in people if p.organisation}
        prefetched = {
            o.pk: o
            for o in Organisation.objects.filter(pk__in=organisations).prefetch_related(
                "sectors", "technology_areas"
            )
        }
        for who in people:
            who.organisation = prefetched[who.organisation.pk]
        start = slots[0].starts_at
        opens = event.registration_opens_at or start - dt.timedelta(days=40)
        # History: profiles made after registering, requests in the weeks before; for an
        # upcoming day up to now.
        horizon = start - dt.timedelta(hours=20) if spec.past else self.now - dt.timedelta(hours=1)
        joined = dict(
            Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED
            ).values_list("person_id", "created_at")
        )
        spread = (horizon - max(joined.values(), default=opens)) / 2
        profile_rows = []
        for who in people:
            person = who.person
            languages = [c for c in person.languages if c in ("az", "tr", "en", "ru", "de")]
            profile_rows.append(
                {
                    "brokerage_day_id": day.pk,
                    "person_id": person.pk,
                    "organisation_id": who.organisation.pk if who.organisation else None,
                    **self.texts(who, rng),
                    "languages": languages
                    or (["az", "en"] if person.country == "AZ" else ["tr", "en"]),
                    "country": (who.organisation.country if who.organisation else person.country)
                    or "",
                    "published": rng.random() < 0.97 or person.email == COMPANY_ADMIN,
                    "booth_id": booths[person.pk].pk if person.pk in booths else None,
                    "created_at": (
                        made := events_demo._between(
                            rng, joined.get(person.pk, opens), joined.get(person.pk, opens) + spread
                        )
                    ),
                    "updated_at": events_demo._between(rng, made, horizon),
                }
            )
        profiles = self.insert("profiles", Profile, profile_rows)
        kind_of = {p.pk: who.kind for p, who in zip(profiles, people, strict=True)}
        org_of = {p.pk: who.organisation for p, who in zip(profiles, people, strict=True)}

        # Sectors, availability, marketplace entries.
        sector_links, availability, entries = [], [], []
        days = defaultdict(list)
        for slot in slots:
            days[slot.session_id].append(slot)
        halves = list(days.values())
        for profile in profiles:
            organisation = org_of[profile.pk]
            for sector in organisation.sectors.all():
                sector_links.append(
                    Profile.sectors.through(profile_id=profile.pk, sector_id=sector.pk)
                )
            if rng.random() < 0.25 and len(halves) > 1:
                for slot in rng.choice(halves):
                    availability.append(
                        Profile.availability.through(profile_id=profile.pk, slot_id=slot.pk)
                    )
            if kind_of[profile.pk] == "hub":
                continue
            techs = [t.slug for t in organisation.technology_areas.all()] or ["ai"]
            other = "TR" if profile.country == "AZ" else "AZ"
            kinds = ["product", "service", "partnership", "project_cooperation", "investment"]
            weights = [5, 3, 4, 3, 1] if kind_of[profile.pk] == "company" else [0, 2, 1, 6, 0]
            for kind in sorted(set(rng.choices(kinds, weights, k=rng.choice((1, 2, 2, 3))))):
                tech = techs[rng.randrange(len(techs))]
                entries.append(
                    {
                        "profile_id": profile.pk,
                        "kind": kind,
                        **_i18n(
                            "title",
                            {
                                lang: ENTRY_TITLES[kind][lang].format(
                                    tech=TECH_NAMES[tech][lang], country=COUNTRY[other][lang]
                                )
                                for lang in ("en", "az", "tr")
                            },
                        ),
                        **_i18n("description", ENTRY_TEXT),
                        "created_at": profile.created_at
                        + dt.timedelta(minutes=rng.randint(5, 600)),
                    }
                )
        Profile.sectors.through.objects.bulk_create(sector_links, batch_size=500)
        Profile.availability.through.objects.bulk_create(availability, batch_size=500)
        self.sync.tallies.setdefault("profile sectors", Tally()).created += len(sector_links)
        self.sync.tallies.setdefault("profile availability", Tally()).created += len(availability)
        self.insert("marketplace entries", MarketplaceEntry, entries)

        self.requests(day, spec, profiles, kind_of, opens, horizon, rng)
        self.group_meeting(day, profiles, org_of)
        self.schedule(day, spec, horizon, rng)

    def requests(self, day, spec, profiles, kind_of, opens, horizon, rng) -> list[Meeting]:
        """Requests with popularity skewed (a few are asked by many), mostly across the
        border; their answers as they came."""
        published = [p for p in profiles if p.published]
        popularity = {
            p.pk: 1 / (rank + 1) ** 0.7
            for rank, p in enumerate(rng.sample(published, len(published)))
        }
        for p in published:
            if p.booth_id:
                popularity[p.pk] *= 3
            if kind_of[p.pk] == "hub":
                popularity[p.pk] *= 0.5
        pairs, rows = set(), []
        senders = [p for p in published if kind_of[p.pk] != "hub" or rng.random() < 0.5]
        attempts = 0
        while len(rows) < spec.requests and attempts < spec.requests * 50:
            attempts += 1
            requester = rng.choice(senders)
            weights = [
                popularity[p.pk] * (2.5 if p.country != requester.country else 1.0)
                for p in published
            ]
            invitee = rng.choices(published, weights)[0]
            pair = tuple(sorted((requester.pk, invitee.pk)))
            if invitee.pk == requester.pk or pair in pairs:
                continue
            pairs.add(pair)
            rows.append((requester, invitee))
        language = {p.pk: p.person.preferred_language or "en" for p in published}
        request_rows, fates = [], []
        # The demo's company admin always has an agreed meeting on an upcoming day (its
        # agenda is what a visitor signing in as them looks at), whatever today's date
        # makes of the dice below.
        admin_agreed = spec.past
        for requester, invitee in rows:
            created = events_demo._between(
                rng, max(requester.created_at, invitee.created_at), horizon
            )
            roll = rng.random()
            if not spec.past and created > self.now - dt.timedelta(hours=60) and roll < 0.75:
                fate = "pending"
            elif roll < 0.66:
                fate = "accepted"
            elif roll < 0.77:
                fate = "declined"
            elif roll < 0.87:
                fate = "expired"
            elif roll < 0.93:
                fate = "withdrawn"
            else:
                fate = "cancelled"  # accepted, then the meeting was called off
            if not admin_agreed and COMPANY_ADMIN in (requester.person.email, invitee.person.email):
                fate, admin_agreed = "accepted", True
            expires = created + dt.timedelta(hours=day.request_expiry_hours)
            decided = created + dt.timedelta(minutes=rng.randint(30, 60 * 48))
            if decided >= expires:
                decided = created + dt.timedelta(minutes=rng.randint(30, 60 * 20))
            decided = min(decided, horizon)
            if fate == "expired" and expires > self.now:
                fate = "declined"
            status = {
                "pending": MeetingRequest.Status.PENDING,
                "accepted": MeetingRequest.Status.ACCEPTED,
                "declined": MeetingRequest.Status.DECLINED,
                "expired": MeetingRequest.Status.EXPIRED,
                "withdrawn": MeetingRequest.Status.CANCELLED,
                "cancelled": MeetingRequest.Status.CANCELLED,
            }[fate]
            message = rng.choice(MESSAGES)[language[requester.pk]] if rng.random() < 0.7 else ""
            ended = min(decided + dt.timedelta(hours=rng.randint(2, 72)), horizon)
            request_rows.append(
                {
                    "brokerage_day_id": day.pk,
                    "requester_id": requester.pk,
                    "invitee_id": invitee.pk,
                    "message": message,
                    "status": status,
                    "decline_reason": rng.choice(DECLINE_REASONS)[language[invitee.pk]]
                    if fate == "declined" and rng.random() < 0.6
                    else "",
                    "expires_at": expires,
                    "created_at": created,
                    "decided_at": decided
                    if fate in ("accepted", "declined", "cancelled")
                    else None,
                    "cancelled_at": ended if fate in ("withdrawn", "cancelled") else None,
                    "cancelled_by_id": (
                        requester if fate == "withdrawn" else rng.choice([requester, invitee])
                    ).person_id
                    if fate in ("withdrawn", "cancelled")
                    else None,
                }
            )
            fates.append(fate)
        requests = self.insert("meeting requests", MeetingRequest, request_rows)
        meeting_rows, members = [], []
        for request, fate, row in zip(requests, fates, request_rows, strict=True):
            if fate not in ("accepted", "cancelled"):
                continue
            cancelled = fate == "cancelled"
            meeting_rows.append(
                {
                    "brokerage_day_id": day.pk,
                    "request_id": request.pk,
                    "status": Meeting.Status.CANCELLED if cancelled else Meeting.Status.CONFIRMED,
                    "created_at": row["decided_at"],
                    "updated_at": row["cancelled_at"] or row["decided_at"],
                    "cancelled_at": row["cancelled_at"],
                    "cancelled_by_id": row["cancelled_by_id"],
                }
            )
            members.append((request.requester_id, request.invitee_id))
        meetings = self.insert("meetings", Meeting, meeting_rows)
        participations = [
            Participation(meeting_id=m.pk, profile_id=pk)
            for m, pair in zip(meetings, members, strict=True)
            for pk in pair
        ]
        Participation.objects.bulk_create(participations, batch_size=500)
        self.sync.tallies.setdefault("meeting participants", Tally()).created += len(participations)
        return meetings

    def group_meeting(self, day, profiles, org_of) -> None:
        """A meeting of three the organisers arranged: the two technology transfer offices
        and the showcase company."""
        by_email = {p.person.email: p for p in profiles}
        wanted = [
            by_email.get("burak.ozturk@gosbteknopark.example"),
            by_email.get("tural.abbasov@innovation-agency.example"),
            next((p for p in profiles if p.booth_id and org_of[p.pk].slug == SHOWCASE), None),
        ]
        if any(p is None for p in wanted):
            return
        (group,) = self.insert(
            "meetings",
            Meeting,
            [
                {
                    "brokerage_day_id": day.pk,
                    "host_id": wanted[0].pk,
                    "weight": 3,
                    "status": Meeting.Status.CONFIRMED,
                    "created_at": max(p.created_at for p in wanted) + dt.timedelta(days=1),
                }
            ],
        )
        Participation.objects.bulk_create(
            [Participation(meeting_id=group.pk, profile_id=p.pk) for p in wanted]
        )
        self.sync.tallies.setdefault("meeting participants", Tally()).created += len(wanted)

    def schedule(self, day, spec, horizon, rng) -> None:
        """The organisers ran "schedule all" (the real scheduler) and published it; after
        a past day, people said how their meetings went."""
        run_at = horizon + dt.timedelta(minutes=30)
        run = services.schedule_all(
            day=day, actor=self.manager, time_limit=10.0, seed=SEED % 1000, now=run_at
        )
        if run.status != ScheduleRun.Status.DONE:
            raise RuntimeError(f"the demo schedule run failed: {run.error}")
        seconds = float(run.stats.get("seconds") or 0)
        ScheduleRun.objects.filter(pk=run.pk).update(
            created_at=run_at,
            started_at=run_at,
            finished_at=run_at + dt.timedelta(seconds=max(seconds, 0.5)),
        )
        self.sync.tallies.setdefault("schedule runs", Tally()).created += 1
        BrokerageDay.objects.filter(pk=day.pk).update(
            schedule_status=BrokerageDay.ScheduleStatus.FINAL
            if spec.past
            else BrokerageDay.ScheduleStatus.PRELIMINARY,
            schedule_published_at=run_at + dt.timedelta(hours=2),
        )
        if not spec.past:
            return
        placed = list(
            Meeting.objects.filter(
                brokerage_day=day, status=Meeting.Status.CONFIRMED, slot__isnull=False
            )
            .select_related("slot")
            .order_by("pk")
        )
        for meeting in placed:
            meeting.reminder_sent_at = meeting.slot.starts_at - dt.timedelta(
                minutes=day.reminder_minutes
            )
        Meeting.objects.bulk_update(placed, ["reminder_sent_at"], batch_size=500)
        members = defaultdict(list)
        for meeting_id, profile_id, language in Participation.objects.filter(
            meeting__in=placed
        ).values_list("meeting_id", "profile_id", "profile__person__preferred_language"):
            members[meeting_id].append((profile_id, language or "en"))
        outcomes = ["insufficient_interest", "informative", "cooperation_possible"]
        rows = []
        for meeting in placed:
            happened = rng.random() < 0.9
            shared = rng.choices(outcomes, [18, 45, 37])[0] if happened else "did_not_take_place"
            for profile_id, language in sorted(members[meeting.pk]):
                if rng.random() >= 0.62:
                    continue
                outcome = shared
                if happened and rng.random() < 0.2:
                    outcome = rng.choice(outcomes)
                rows.append(
                    {
                        "meeting_id": meeting.pk,
                        "profile_id": profile_id,
                        "outcome": outcome,
                        "comment": COMMENTS[outcome][
                            language if language in ("en", "az", "tr") else "en"
                        ]
                        if rng.random() < 0.35
                        else "",
                        "created_at": meeting.slot.ends_at
                        + dt.timedelta(minutes=rng.randint(5, 60 * 24 * 5)),
                        "updated_at": meeting.slot.ends_at
                        + dt.timedelta(minutes=rng.randint(60 * 24 * 5, 60 * 24 * 6)),
                    }
                )
        self.insert("meeting feedback", MeetingFeedback, rows)
