"""Demo data of the technology-transfer marketplace (issue 6: "about 200 profiles across
the three languages from companies of both countries, with EoIs and deals").

:func:`load_transfer_demo` runs after the directory demo (it uses its organisations and
people; the keyword taxonomy is loaded by ``migrate``) and is idempotent like the other
demo loaders: a second run writes nothing.

- **Profiles** come from ``demo_data/profiles_gosb.json`` (GOSB Teknopark's companies and
  Gebze Technical University, mostly in Turkish) and ``demo_data/profiles_az.json``
  (Azerbaijani startups, universities and the research institute, mostly in
  Azerbaijani), each text in its own language with some English translations. A
  profile whose organisation (or intermediary) is not in the database, or that breaks
  a rule the services enforce, is skipped with a warning. Most are published (over the
  last fourteen months: some expire within a month, a few have expired, a few were
  extended once and then archived); some are drafts, some wait for review (the ones
  that deliberately name a link, a brand or a patent, screened as
  :func:`korpu.transfer.services.submit_profile` screens), a few were sent back with a
  reviewer's note, two were withdrawn. A profile is the demo's own by its owner,
  language and original title; one that exists is left alone (it is people's to change).
- **Expressions of interest** (about 80, in every state) go between complementary
  profiles of the two countries: for each profile, the matcher
  (:mod:`korpu.transfer.matching`) ranks the other country's complementary profiles, and
  the best pairs become interests of the first profile's owner in the second, written
  in the writer's language. They are made, with the **deals** that grew out of the
  accepted ones (every status and agreement type, signed over the last three years),
  only while the demo profiles have no interests at all.
- **Saved searches**, in their owners' languages: the GOSB company member's and the young
  specialist's (demo accounts), and those of Araz AgroSense's founder (an Azerbaijani
  startup; the directory demo has no account for one).
- The matcher's **vectors** of the published profiles are stored
  (:func:`korpu.transfer.matching.build_index`).

History (submissions, reviews, interests, answers, deals) is written as the services
would have written it then, with its dates relative to today, without mail: the
services' own rules are checked (:func:`korpu.transfer.services._check_profile`), the
screening and the references are theirs. Reminders the tick would already have sent
are marked as sent; two profiles and one agreement are due for theirs at the next
``korpu transfer_tick``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from korpu.common import audit
from korpu.directory.demo import SEED, DemoResult, Tally, _email
from korpu.directory.demo import _Loader as _RowLoader
from korpu.directory.models import Membership, Organisation, Person

from . import matching, services
from .models import VALIDITY, Deal, ExpressionOfInterest, Keyword, Profile, SavedSearch

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DATA_FILES = (DATA_DIR / "profiles_gosb.json", DATA_DIR / "profiles_az.json")
LANGUAGES = ("en", "az", "tr")
SHOWCASE = "pusula-robotik"  # the demo accounts company.admin / company.member work here

Status = Profile.Status
IStatus = ExpressionOfInterest.Status
DStatus = Deal.Status
Agreement = Deal.AgreementType
MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)

# --- the plan ----------------------------------------------------------------------------
# Share of the profiles in each status but "published" (which has the rest); at least one
# each, and at least half stay published. The profiles flagged on purpose wait for review.
STATUS_SHARES = [
    (Status.UNDER_REVIEW, 0.04),
    (Status.DRAFT, 0.04),
    (Status.CHANGES_REQUESTED, 0.02),
    (Status.EXPIRED, 0.03),
    (Status.ARCHIVED, 0.018),
    (Status.WITHDRAWN, 0.01),
]
EXTENDED_SHARE = 0.01  # published, extended once, still running
REMINDERS_DUE = 2  # published profiles whose expiry reminder the next tick sends
# The showcase company's profiles, in key order: two that receive interest, then one
# sent back for changes and a draft to finish (if it has that many).
SHOWCASE_PLAN = (Status.PUBLISHED, Status.PUBLISHED, Status.CHANGES_REQUESTED, Status.DRAFT)

# Expressions of interest: how many in each state (scaled to the pairs there are).
INTEREST_PLAN = {
    IStatus.SUBMITTED: 12,
    IStatus.FORWARDED: 14,
    IStatus.ACCEPTED: 25,
    IStatus.DECLINED: 11,
    IStatus.NOT_FORWARDED: 9,
    IStatus.WITHDRAWN: 9,
}
MATCHES_PER_PROFILE = 8
INTERESTS_PER_PROFILE = 3
INTERESTS_PER_COMPANY = 4
PAST_INTERESTS_PER_PROFILE = 3  # picked first for profiles no longer published
# Interests in expired or archived profiles were mostly accepted (up to this share of all
# accepted ones): the deals that grew out of them were signed in earlier years.
OLD_ACCEPTED = 0.75
OLD_ACCEPTED_SHARE = 0.6
DEAL_SHARE = 0.8  # of the accepted interests, this share has a deal
# Deals by status, oldest interests first: how the shares are laid over time.
DEAL_SHARES = {
    DStatus.EXPIRED: 0.1,
    DStatus.TERMINATED: 0.1,
    DStatus.CANCELLED: 0.1,
    DStatus.SIGNED: 0.15,
    DStatus.NEGOTIATING: 0.2,
}
AGREEMENTS_BY_TYPE = {
    "TO": [Agreement.LICENCE, Agreement.NDA, Agreement.MATERIAL_TRANSFER],
    "TR": [Agreement.LICENCE, Agreement.NDA, Agreement.OTHER],
    "BO": [Agreement.JOINT_VENTURE, Agreement.INVESTMENT, Agreement.OTHER],
    "BR": [Agreement.OTHER, Agreement.NDA, Agreement.JOINT_VENTURE],
    "RDR": [Agreement.RESEARCH, Agreement.NDA, Agreement.MATERIAL_TRANSFER],
}
# Typical values in euros (low, high); None: no value (an NDA has none).
VALUES_EUR = {
    Agreement.NDA: None,
    Agreement.MATERIAL_TRANSFER: (2_000, 15_000),
    Agreement.LICENCE: (20_000, 250_000),
    Agreement.RESEARCH: (30_000, 400_000),
    Agreement.JOINT_VENTURE: (100_000, 1_500_000),
    Agreement.INVESTMENT: (150_000, 2_000_000),
    Agreement.OTHER: (10_000, 120_000),
}
RATES = {"EUR": 1, "USD": 1.1, "AZN": 1.9, "TRY": 45}
# Agreement lengths in years.
YEARS = {
    Agreement.NDA: (2, 3),
    Agreement.MATERIAL_TRANSFER: (1, 2),
    Agreement.LICENCE: (3, 5),
    Agreement.RESEARCH: (2, 3),
    Agreement.JOINT_VENTURE: (5, 10),
    Agreement.INVESTMENT: (3, 5),
    Agreement.OTHER: (1, 3),
}

# Who reviews for the two partners (the demo's park manager and the Agency's head of
# technology transfer); other intermediaries: their manager, admin or a member.
REVIEWERS = {
    "gosb-teknopark": "park.manager@korpu.example",
    "innovation-agency": "tural.abbasov@innovation-agency.example",
}

SAVED_SEARCHES = [
    {
        "person": "company.member@korpu.example",
        "name": "Azerbaycan'dan robotik ve otomasyon talepleri",
        "query": "montaj hattı için endüstriyel robot",
        "keywords": ["tech.robotics.industrial", "tech.robotics.service"],
        "types": ["TR", "BR"],
        "frequency": SavedSearch.Frequency.WEEKLY,
        "days_ago": 74,
    },
    {
        "person": "company.member@korpu.example",
        "name": "Görüntü işleme ile kalite kontrol",
        "query": "görüntü işleme ile kalite kontrol",
        "keywords": ["tech.ai.vision", "tech.manufacturing.quality"],
        "types": [],
        "frequency": SavedSearch.Frequency.DAILY,
        "days_ago": 31,
    },
    {
        "organisation": "araz-agrosense",
        "name": "Damcılı suvarmanın avtomatlaşdırılması",
        "query": "bağlar üçün damcılı suvarma avtomatikası",
        "keywords": ["tech.water.irrigation", "tech.agrifood.precision"],
        "types": ["TO", "BO"],
        "frequency": SavedSearch.Frequency.WEEKLY,
        "days_ago": 58,
    },
    {
        "organisation": "araz-agrosense",
        "name": "Günəş enerjisi ilə su nasosları",
        "query": "kəndlər üçün günəş enerjili su nasosu",
        "keywords": ["tech.energy.solar"],
        "types": ["TO", "BO"],
        "frequency": SavedSearch.Frequency.WEEKLY,
        "days_ago": 40,
    },
    {
        "person": "specialist@korpu.example",
        "name": "Azərbaycan dilində nitqin tanınması",
        "query": "azərbaycan dili üçün nitqin tanınması",
        "keywords": ["tech.ai.speech", "tech.ai.nlp"],
        "types": [],
        "frequency": SavedSearch.Frequency.WEEKLY,
        "days_ago": 20,
    },
]


# --- texts ---------------------------------------------------------------------------------
def _t(en: str, az: str, tr: str) -> dict[str, str]:
    return {"en": en, "az": az, "tr": tr}


COUNTRY_NAMES = {
    "AZ": _t("Azerbaijan", "Azərbaycan", "Azerbaycan"),
    "TR": _t("Türkiye", "Türkiyə", "Türkiye"),
}
GENERIC_TOPIC = _t("technology transfer", "texnologiya transferi", "teknoloji transferi")
# Why a company is interested, by the kind of profile it answers ({topic}: a keyword of
# both profiles; {country}: the writer's country).
MESSAGES = {
    "offer": [
        _t(
            "We are looking for a proven solution in {topic} for our production, and your offer "
            "matches what we need. We would like to receive the technical details and discuss "
            "the terms of a licence or a pilot.",
            "İstehsalımız üçün {topic} sahəsində sınaqdan keçmiş həll axtarırıq və təklifiniz "
            "ehtiyacımıza uyğundur. Texniki təfərrüatları almaq, lisenziya və ya pilot "
            "layihənin şərtlərini müzakirə etmək istərdik.",
            "Üretimimiz için {topic} alanında kanıtlanmış bir çözüm arıyoruz ve teklifiniz "
            "ihtiyacımıza uyuyor. Teknik ayrıntıları almak, lisans ya da pilot uygulama "
            "koşullarını görüşmek isteriz.",
        ),
        _t(
            "Our customers in {country} keep asking for solutions in {topic}. We would be glad "
            "to test your technology and, if it performs as described, to bring it to our market.",
            "{country} bazarındakı müştərilərimiz {topic} sahəsində həllər tələb edir. "
            "Texnologiyanızı sınamaq və gözləntiləri doğruldarsa, bazarımıza çıxarmaq istərdik.",
            "{country} pazarındaki müşterilerimiz {topic} alanında çözümler talep ediyor. "
            "Teknolojinizi denemek ve beklentileri karşılarsa pazarımıza taşımak isteriz.",
        ),
        _t(
            "Our current projects need a solution in {topic}, and your offer looks like a very "
            "good fit. Could we arrange an online meeting with your technical team?",
            "Həyata keçirdiyimiz layihələrdə {topic} sahəsində həllə ehtiyacımız var və "
            "təklifiniz buna çox uyğun görünür. Texniki komandanızla onlayn görüş təşkil edə "
            "bilərikmi?",
            "Yürüttüğümüz projelerde {topic} alanında bir çözüme ihtiyacımız var ve teklifiniz "
            "buna çok uygun görünüyor. Teknik ekibinizle çevrim içi bir görüşme ayarlayabilir "
            "miyiz?",
        ),
    ],
    "request": [
        _t(
            "We have developed a solution in {topic} that answers your request closely; it is "
            "already in use with industrial customers.",
            "Sorğunuza çox yaxın, {topic} sahəsində hazırladığımız bir həllimiz var; artıq "
            "sənaye müştərilərimiz tərəfindən istifadə olunur.",
            "Talebinize çok yakın, {topic} alanında geliştirdiğimiz bir çözümümüz var; sanayi "
            "müşterilerimiz tarafından hâlihazırda kullanılıyor.",
        ),
        _t(
            "Your request fits our experience in {topic}. We can adapt our product to your "
            "requirements and support the installation on site.",
            "Sorğunuz {topic} sahəsindəki təcrübəmizə uyğun gəlir. Məhsulumuzu tələblərinizə "
            "uyğunlaşdıra və yerində quraşdırmaya dəstək verə bilərik.",
            "Talebiniz {topic} alanındaki deneyimimizle örtüşüyor. Ürünümüzü ihtiyaçlarınıza "
            "göre uyarlayabilir ve sahada kurulumu destekleyebiliriz.",
        ),
        _t(
            "We have completed similar projects in {topic} and would like to propose a pilot "
            "adapted to your conditions.",
            "Oxşar layihələri {topic} sahəsində uğurla həyata keçirmişik; şəraitinizə "
            "uyğunlaşdırılmış pilot layihə təklif etmək istərdik.",
            "Benzer projeleri {topic} alanında daha önce başarıyla tamamladık; koşullarınıza "
            "uyarlanmış bir pilot uygulama önermek isteriz.",
        ),
    ],
    "research": [
        _t(
            "Our team works on {topic} and would like to join your consortium as a research "
            "partner.",
            "Komandamız {topic} sahəsində çalışır; konsorsiumunuza tədqiqat tərəfdaşı kimi "
            "qoşulmaq istərdik.",
            "Ekibimiz {topic} alanında çalışıyor; konsorsiyumunuza araştırma ortağı olarak "
            "katılmak isteriz.",
        ),
        _t(
            "Our laboratory and our publications focus on {topic}; we would like to prepare "
            "the proposal together with you.",
            "Laboratoriya imkanlarımız və nəşrlərimiz {topic} sahəsinə yönəlib; layihə "
            "təklifini sizinlə birlikdə hazırlamaq istərdik.",
            "Laboratuvar altyapımız ve yayınlarımız {topic} alanında yoğunlaşıyor; proje "
            "önerisini sizinle birlikte hazırlamak isteriz.",
        ),
    ],
}
OFFERS = {
    "offer": [
        _t(
            "Distribution and after-sales service through our network in {country}.",
            "{country} bazarında diler şəbəkəmiz vasitəsilə paylama və satışdan sonrakı xidmət.",
            "{country} pazarında bayi ağımız üzerinden dağıtım ve satış sonrası hizmet.",
        ),
        _t(
            "A test site at our plant and feedback from our engineers.",
            "Zavodumuzda sınaq meydançası və mühəndislərimizdən rəy.",
            "Fabrikamızda test sahası ve mühendislerimizden geri bildirim.",
        ),
        _t(
            "A joint application to a funding programme and co-financing of the pilot.",
            "Maliyyələşdirmə proqramına birgə müraciət və pilot layihənin birgə "
            "maliyyələşdirilməsi.",
            "Bir destek programına ortak başvuru ve pilot uygulamanın eş finansmanı.",
        ),
    ],
    "request": [
        _t(
            "A pilot installation within three months and technical support during the first year.",
            "Üç ay ərzində pilot quraşdırma və birinci il ərzində texniki dəstək.",
            "Üç ay içinde pilot kurulum ve ilk yıl boyunca teknik destek.",
        ),
        _t(
            "Technical documentation under an NDA, a demonstration visit and test samples.",
            "Məxfilik müqaviləsi çərçivəsində texniki sənədlər, nümayiş səfəri və sınaq "
            "nümunələri.",
            "Gizlilik sözleşmesi kapsamında teknik doküman, tanıtım ziyareti ve test numuneleri.",
        ),
    ],
    "research": [
        _t(
            "Two researchers for the project, laboratory testing and co-authorship of the "
            "proposal.",
            "Layihə üçün iki tədqiqatçı, laboratoriya sınaqları və təklifin birgə hazırlanması.",
            "Proje için iki araştırmacı, laboratuvar testleri ve önerinin ortak yazımı.",
        ),
        _t(
            "Co-financing from our own R&D budget and access to our test facilities.",
            "Öz Ar-Ge büdcəmizdən birgə maliyyələşdirmə və sınaq infrastrukturumuza çıxış.",
            "Kendi Ar-Ge bütçemizden eş finansman ve test altyapımıza erişim.",
        ),
    ],
}
FORWARD_NOTES = [
    _t(
        "We reviewed the request; the company appears experienced in this field.",
        "Müraciəti nəzərdən keçirdik; şirkət bu sahədə təcrübəli görünür.",
        "Başvuruyu inceledik; firma bu alanda deneyimli görünüyor.",
    ),
    _t(
        "We had a short call with the company; their offer is concrete.",
        "Şirkətlə qısa görüş keçirdik; təklifləri konkretdir.",
        "Firma ile kısa bir görüşme yaptık; teklifleri somut.",
    ),
]
NOT_FORWARDED_NOTES = [
    _t(
        "The message does not say what your organisation offers; please describe it and send "
        "it again.",
        "Mesajınızda təşkilatınızın nə təklif etdiyi göstərilməyib; zəhmət olmasa, bunu izah "
        "edib yenidən göndərin.",
        "Mesajınız kuruluşunuzun ne sunduğunu belirtmiyor; lütfen açıklayarak yeniden gönderin.",
    ),
    _t(
        "The owner is looking for partners of another kind (see “Partner sought”).",
        "Profil sahibi başqa növ tərəfdaşlar axtarır (bax: “Axtarılan tərəfdaş”).",
        "Profil sahibi farklı türde ortaklar arıyor (bkz. “Aranan ortak”).",
    ),
    _t(
        "Your organisation already met the owner at the brokerage day; please contact them "
        "directly.",
        "Təşkilatınız profil sahibi ilə işgüzar görüşlər günündə artıq görüşüb; zəhmət olmasa, "
        "onlarla birbaşa əlaqə saxlayın.",
        "Kuruluşunuz profil sahibiyle iş görüşmeleri gününde zaten görüştü; lütfen doğrudan "
        "iletişime geçin.",
    ),
]
DECLINE_REASONS = [
    _t(
        "We have already chosen a partner for this project.",
        "Bu layihə üçün artıq tərəfdaş seçmişik.",
        "Bu proje için zaten bir ortak seçtik.",
    ),
    _t(
        "Your solution does not fit our technical requirements.",
        "Həlliniz texniki tələblərimizə uyğun gəlmir.",
        "Çözümünüz teknik gereksinimlerimize uymuyor.",
    ),
    _t(
        "We are not looking for partners in this market at the moment.",
        "Hazırda bu bazarda tərəfdaş axtarmırıq.",
        "Şu an bu pazarda ortak aramıyoruz.",
    ),
]
REVIEW_NOTES = [
    _t(
        "Please shorten the summary to the essentials and describe the stage of development "
        "more precisely.",
        "Zəhmət olmasa, xülasəni qısaldın və inkişaf mərhələsini daha dəqiq təsvir edin.",
        "Lütfen özeti kısaltın ve geliştirme aşamasını daha açık tanımlayın.",
    ),
    _t(
        "The description names your customers; remove the names so that the profile stays "
        "anonymous, and add what kind of partner you are looking for.",
        "Təsvirdə müştərilərinizin adları çəkilir; profilin anonim qalması üçün onları çıxarın "
        "və axtardığınız tərəfdaşın növünü əlavə edin.",
        "Açıklamada müşterilerinizin adları geçiyor; profilin anonim kalması için bunları "
        "çıkarın ve aradığınız ortağın türünü ekleyin.",
    ),
    _t(
        "Please add the technical details (quantities, accuracy, budget range) and choose "
        "market keywords.",
        "Zəhmət olmasa, texniki təfərrüatları (həcmlər, dəqiqlik tələbləri, büdcə aralığı) "
        "əlavə edin və bazar açar sözlərini seçin.",
        "Lütfen teknik ayrıntıları (miktarlar, hassasiyet, bütçe aralığı) ekleyin ve pazar "
        "anahtar kelimelerini seçin.",
    ),
]
ACADEMIC = (Organisation.Kind.UNIVERSITY, Organisation.Kind.RESEARCH_INSTITUTE)
# What a university or research institute may write: not "for our production".
ACADEMIC_MESSAGES = [MESSAGES["offer"][2], *MESSAGES["request"][1:], *MESSAGES["research"]]
KIND_OF_TYPE = {"TO": "offer", "BO": "offer", "TR": "request", "BR": "request", "RDR": "research"}

# Demo people made for organisations that have nobody to act for them.
FIRST_NAMES = {
    ("AZ", "f"): ["Aytən", "Günay", "Səbinə", "Lalə", "Könül", "Ülviyyə", "Nərgiz", "Arzu"],
    ("AZ", "m"): ["Elvin", "Rauf", "Orxan", "Nicat", "Fuad", "Emin", "Samir", "Vüqar"],
    ("TR", "f"): ["Ayşe", "Merve", "Seda", "Derya", "Gizem", "Ebru", "Pınar", "Esra"],
    ("TR", "m"): ["Ahmet", "Onur", "Serkan", "Caner", "Volkan", "Kerem", "Tolga", "Barış"],
}
SURNAMES = {
    "AZ": ["Məmmədov", "Əliyev", "Həsənov", "Quliyev", "İsmayılov", "Rzayev", "Kazımov", "Nəsibov"],
    "TR": ["Yılmaz", "Kaya", "Şahin", "Yıldız", "Öztürk", "Özdemir", "Kılıç", "Çetin", "Koç"],
}
DEMO_TITLES = {
    "owner": "Business Development Manager",
    "intermediary": "Technology Transfer Officer",
}


# --- results -------------------------------------------------------------------------------
@dataclass
class TransferDemoResult(DemoResult):
    """The tallies, plus the demo's profiles, interests and deals by status and what was
    skipped."""

    statuses: dict[str, Counter] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        choices = {
            "profiles": Status.choices,
            "expressions of interest": IStatus.choices,
            "deals": DStatus.choices,
        }
        lines = ["Technology-transfer demo by status:"]
        width = max(len(label) for label in choices)
        for label, statuses in choices.items():
            counts = self.statuses.get(label, Counter())
            parts = [f"{counts[value]} {value}" for value, _name in statuses if counts[value]]
            total = sum(counts.values())
            lines.append(f"  {label:<{width}}  {total:>4}: {', '.join(parts) or '-'}")
        return lines


def load_transfer_demo(paths=None) -> TransferDemoResult:
    """Load (or bring back) the marketplace demo in one transaction; ``paths``: the profile
    files (default :data:`DATA_FILES`)."""
    started = time.perf_counter()
    # Untranslated columns take the English text whatever language is active.
    with translation.override("en"), transaction.atomic():
        result = _Loader(DATA_FILES if paths is None else paths).load()
    result.seconds = time.perf_counter() - started
    return result


# --- helpers -------------------------------------------------------------------------------
def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, "transfer", *parts))))


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A time between two others, to the minute (``start`` when there is no room)."""
    minutes = int((end - start).total_seconds() // 60)
    return start + dt.timedelta(minutes=rng.randrange(minutes)) if minutes > 1 else start


def _span(rng: random.Random, low: dt.timedelta, high: dt.timedelta) -> dt.timedelta:
    """A duration between two others, to the minute."""
    minutes = int((high - low).total_seconds() // 60)
    return low + dt.timedelta(minutes=rng.randrange(minutes)) if minutes > 1 else low


def _topic(name: str, language: str) -> str:
    """A keyword's name inside a sentence: first letter lower-cased the way the language
    does it, unless the name has capitals elsewhere (acronyms, "Internet of Things")."""
    if not name or any(ch.isupper() for ch in name[1:]):
        return name
    first = name[0]
    if language in ("az", "tr"):
        first = {"İ": "i", "I": "ı"}.get(first, first.lower())
    else:
        first = first.lower()
    return first + name[1:]


def _quota(share: float, n: int) -> int:
    return max(1, round(share * n))


def _shares(plan: dict, total: int) -> dict:
    """``plan``'s counts scaled to ``total`` (largest remainders; one each when there is
    room for all)."""
    if total <= 0:
        return dict.fromkeys(plan, 0)
    weight = sum(plan.values())
    exact = {k: v * total / weight for k, v in plan.items()}
    counts = {k: int(x) for k, x in exact.items()}
    if total >= len(plan):
        for k in counts:
            counts[k] = max(counts[k], 1)
    while sum(counts.values()) > total:
        k = max(counts, key=lambda k: (counts[k] - exact[k], counts[k]))
        counts[k] -= 1
    for k in sorted(plan, key=lambda k: counts[k] - exact[k]):
        if sum(counts.values()) >= total:
            break
        counts[k] += 1
    return counts


def plan_statuses(entries: list[dict]) -> dict[str, tuple[str, str]]:
    """``{key: (status, variant)}`` for the profiles of the data files; variant ``extended``
    (published, extended once) or ``reminder_due`` (expires in 30 days, not yet
    reminded). The same entries give the same plan."""
    by_key = {e["key"]: e for e in entries}
    keys = sorted(by_key)
    n = len(keys)
    plan: dict[str, tuple[str, str]] = {}
    for key in keys:
        if by_key[key].get("demo_flagged"):
            plan[key] = (Status.UNDER_REVIEW, "")
    flagged = len(plan)
    showcase = [k for k in keys if by_key[k].get("company") == SHOWCASE and k not in plan]
    for key, status in zip(showcase, SHOWCASE_PLAN, strict=False):
        plan[key] = (status, "")
    rest = [k for k in keys if k not in plan]
    _rng("statuses").shuffle(rest)
    floor = n // 2
    for status, share in STATUS_SHARES:
        wanted = _quota(share, n)
        if status == Status.UNDER_REVIEW:
            wanted = max(1, wanted - flagged)  # and one clean profile in the queue
        else:
            wanted -= sum(1 for s, _v in plan.values() if s == status)
        for _ in range(max(wanted, 0)):
            if len(rest) <= floor:
                break
            plan[rest.pop()] = (status, "")
    extended = _quota(EXTENDED_SHARE, n) if len(rest) > 4 else 0
    for index, key in enumerate(rest):
        variant = ""
        if index < extended:
            variant = "extended"
        elif index < extended + REMINDERS_DUE and len(rest) > 6:
            variant = "reminder_due"
        plan[key] = (Status.PUBLISHED, variant)
    return plan


@dataclass
class _Pair:
    """An interest to be: ``company`` (owner of ``source``) in ``target``."""

    target: Profile
    source: Profile
    score: float
    shared: tuple[str, ...]
    state: str = ""


# --- the loader ----------------------------------------------------------------------------
class _Loader:
    def __init__(self, paths) -> None:
        self.paths = [Path(p) for p in paths]
        self.rows = _RowLoader()
        self.tallies: dict[str, Tally] = self.rows.tallies
        self.warnings: list[str] = []
        self.now = timezone.now().replace(second=0, microsecond=0)
        self.today = timezone.localdate(self.now)
        self.key_of: dict[int, str] = {}  # profile id -> data key
        self.codes: dict[int, list[str]] = {}  # profile id -> keyword codes

    def warn(self, message: str) -> None:
        self.warnings.append(message)
        logger.warning("transfer demo: %s", message)

    def tally(self, label: str) -> Tally:
        return self.tallies.setdefault(label, Tally())

    def insert(self, label: str, model, objects: list, stamps: list[dict]) -> None:
        """Create rows made together; automatic timestamps take the given values."""
        model.objects.bulk_create(objects, batch_size=500)
        names = sorted({name for stamp in stamps for name in stamp})
        if names and objects:
            for obj, stamp in zip(objects, stamps, strict=True):
                for name, value in stamp.items():
                    setattr(obj, name, value)
            model.objects.bulk_update(objects, names, batch_size=500)
        self.tally(label).created += len(objects)

    # -- the load ----------------------------------------------------------------------
    def load(self) -> TransferDemoResult:
        entries = self.read()
        self.keywords = {k.code: k for k in Keyword.objects.all()}
        slugs = {e.get("company") for e in entries} | {e.get("intermediary") for e in entries}
        slugs |= {s["organisation"] for s in SAVED_SEARCHES if "organisation" in s}
        self.orgs = {
            o.slug: o for o in Organisation.objects.filter(slug__in={s for s in slugs if s})
        }
        entries = self.usable(entries)
        self.people(entries)
        profiles = self.profiles(entries)
        self.matches_and_interests(profiles)
        self.saved_searches()
        ids = [p.pk for p in profiles.values()]
        result = TransferDemoResult(
            tallies=self.tallies,
            accounts=[],
            statuses={
                "profiles": Counter(
                    Profile.objects.filter(pk__in=ids).values_list("status", flat=True)
                ),
                "expressions of interest": Counter(
                    ExpressionOfInterest.objects.filter(profile_id__in=ids).values_list(
                        "status", flat=True
                    )
                ),
                "deals": Counter(
                    Deal.objects.filter(profile_id__in=ids).values_list("status", flat=True)
                ),
            },
            warnings=self.warnings,
        )
        if result.changed:
            changes: dict[str, list[Any]] = {}
            for label, tally in self.tallies.items():
                if tally.created:
                    before = tally.updated + tally.unchanged
                    changes[label] = [before, before + tally.created]
                if tally.updated:
                    changes[f"{label} rewritten"] = [0, tally.updated]
            audit.record(actor=None, action="demo.load_transfer", changes=changes)
        return result

    def read(self) -> list[dict]:
        entries, seen = [], set()
        for path in self.paths:
            if not path.exists():
                self.warn(f"{path.name} not found: its profiles are not loaded")
                continue
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                self.warn(f"{path.name} is not readable JSON ({error}): its profiles are skipped")
                continue
            if not isinstance(data, list):
                self.warn(f"{path.name} does not hold a list of profiles: skipped")
                continue
            for number, entry in enumerate(data, start=1):
                key = entry.get("key") if isinstance(entry, dict) else None
                if not key or not isinstance(key, str):
                    self.warn(f"{path.name}, profile #{number}: no key; skipped")
                elif key in seen:
                    self.warn(f"{key}: the key is used twice; the second profile is skipped")
                else:
                    seen.add(key)
                    entries.append(entry)
        return entries

    def usable(self, entries: list[dict]) -> list[dict]:
        kept = []
        for entry in entries:
            missing = [
                f"{role} “{entry.get(role)}”"
                for role in ("company", "intermediary")
                if entry.get(role) not in self.orgs
            ]
            if missing:
                self.warn(
                    f"{entry['key']}: {' and '.join(missing)} not in the directory; profile skipped"
                )
                continue
            kept.append(entry)
        return kept

    # -- people who act ----------------------------------------------------------------
    def people(self, entries: list[dict]) -> None:
        """Who acts for each organisation: ``self.member`` (writes profiles and interests,
        answers) and ``self.reviewer`` (reviews, forwards). People already there are
        preferred; an organisation with nobody gets a demo person (no password)."""
        owners = {self.orgs[e["company"]] for e in entries}
        for spec in SAVED_SEARCHES:
            if spec.get("organisation") in self.orgs:
                owners.add(self.orgs[spec["organisation"]])
        intermediaries = {self.orgs[e["intermediary"]] for e in entries}
        everyone = owners | intermediaries
        memberships = defaultdict(list)
        for membership in (
            Membership.objects.filter(organisation__in=everyone, person__is_active=True)
            .select_related("person")
            .order_by("pk")
        ):
            memberships[membership.organisation_id].append(membership)
        owner_rank = {Membership.Role.ADMIN: 0, Membership.Role.MANAGER: 1}
        reviewer_rank = {Membership.Role.MANAGER: 0, Membership.Role.ADMIN: 1}

        chosen: dict[tuple[str, int], str] = {}  # (side, organisation) -> e-mail
        planned: dict[str, dict] = {}  # e-mail -> person row
        links: dict[str, tuple[Organisation, str]] = {}
        for side, organisations, rank in (
            ("owner", owners, owner_rank),
            ("intermediary", intermediaries, reviewer_rank),
        ):
            for org in sorted(organisations, key=lambda o: o.slug):
                demo_row = self.demo_person(org, side)
                others = [m for m in memberships[org.pk] if m.person.email != demo_row["email"]]
                preferred = REVIEWERS.get(org.slug) if side == "intermediary" else None
                others.sort(
                    key=lambda m: (
                        m.person.email != preferred,
                        rank.get(m.role, 2),
                        m.person.email.endswith("@mail.example"),
                        m.pk,
                    )
                )
                if others:
                    chosen[(side, org.pk)] = others[0].person.email
                elif (owner := chosen.get(("owner", org.pk))) and side == "intermediary":
                    chosen[(side, org.pk)] = owner
                else:
                    planned[demo_row["email"]] = demo_row
                    links[demo_row["email"]] = (org, DEMO_TITLES[side])
                    chosen[(side, org.pk)] = demo_row["email"]

        def no_password(person: Person) -> None:
            person.set_unusable_password()

        rows = [planned[email] for email in sorted(planned)]
        made = self.rows.sync(
            "transfer demo people", Person, ("email",), rows, on_create=no_password
        )
        self.rows.sync(
            "transfer demo memberships",
            Membership,
            ("person_id", "organisation_id"),
            [
                {
                    "person_id": made[(email,)].pk,
                    "organisation_id": org.pk,
                    "role": Membership.Role.MEMBER,
                    "title": title,
                }
                for email, (org, title) in sorted(links.items())
            ],
        )
        emails = set(chosen.values())
        found = {p.email: p for p in Person.objects.filter(email__in=emails)}
        self.member = {
            org: found[email] for (side, org), email in chosen.items() if side == "owner"
        }
        self.reviewer = {
            org: found[email] for (side, org), email in chosen.items() if side == "intermediary"
        }

    def demo_person(self, org: Organisation, side: str) -> dict[str, Any]:
        rng = _rng("person", side, org.slug)
        country = org.country if org.country in SURNAMES else "AZ"
        gender = rng.choice("fm")
        first = rng.choice(FIRST_NAMES[(country, gender)])
        last = rng.choice(SURNAMES[country])
        if country == "AZ" and gender == "f" and last.endswith(("ov", "ev")):
            last += "a"
        domain = (org.website or "").removeprefix("https://").removeprefix("http://")
        domain = domain.strip("/").removeprefix("www.") or f"{org.slug}.example"
        language = {"AZ": "az", "TR": "tr"}[country]
        return {
            "email": _email(first, last, domain),
            "first_name": first,
            "last_name": last,
            "country": country,
            "city": org.city,
            "languages": [language, "en"] + (["ru"] if country == "AZ" else []),
            "preferred_language": language,
            "headline": f"{DEMO_TITLES[side]}, {org.name}",
            "is_public": False,
            "is_active": True,
        }

    def language_of(self, person: Person | None, fallback: str) -> str:
        language = getattr(person, "preferred_language", "") or ""
        return language if language in LANGUAGES else fallback

    # -- profiles ------------------------------------------------------------------------
    def profiles(self, entries: list[dict]) -> dict[str, Profile]:
        """The demo's profiles by data key: those that exist, and the others made now."""
        owners = {self.orgs[e["company"]].pk for e in entries}
        existing: dict[tuple, Profile] = {}
        # Newest first, so that the oldest profile of a key (the demo's own) wins.
        for profile in Profile.objects.filter(owner_id__in=owners).order_by("-pk"):
            title = getattr(profile, f"title_{profile.language}", "") or ""
            existing[(profile.owner_id, profile.language, title.strip())] = profile
        result: dict[str, Profile] = {}
        drafts: list[tuple[dict, Profile, list[Keyword]]] = []
        natural: dict[tuple, str] = {}
        unknown_codes: set[str] = set()
        tally = self.tally("technology-transfer profiles")
        for entry in sorted(entries, key=lambda e: e["key"]):
            owner = self.orgs[entry["company"]]
            key = (owner.pk, entry.get("language"), str(entry.get("title") or "").strip())
            if key in natural:
                self.warn(
                    f"{entry['key']}: same owner, language and title as {natural[key]}; skipped"
                )
                continue
            natural[key] = entry["key"]
            if key in existing:
                result[entry["key"]] = existing[key]
                tally.unchanged += 1
                continue
            codes = []
            for field_name in ("technology_keywords", "market_keywords"):
                for code in entry.get(field_name) or []:
                    if code not in self.keywords:
                        unknown_codes.add(str(code))
                    elif code not in codes:
                        codes.append(code)
            keywords = [self.keywords[c] for c in codes]
            try:
                profile = self.draft(entry, owner, keywords)
            except ValidationError as error:
                self.warn(f"{entry['key']}: {_messages(error)}; profile skipped")
                continue
            drafts.append((entry, profile, keywords))
        if unknown_codes:
            self.warn(f"keywords not in the taxonomy, left out: {', '.join(sorted(unknown_codes))}")
        # Statuses are planned over the profiles that can be loaded.
        by_key = {e["key"]: e for e in entries}
        plan = plan_statuses([by_key[k] for k in result] + [e for e, _p, _k in drafts])
        self.references: dict[str, set[str]] = {}
        new, stamps = [], []
        for entry, profile, _keywords in drafts:
            stamps.append(self.finish(entry, profile, *plan[entry["key"]]))
            new.append(profile)
            result[entry["key"]] = profile
        self.insert("technology-transfer profiles", Profile, new, stamps)
        through = Profile.keywords.through
        keyword_rows = [
            through(profile_id=profile.pk, keyword_id=keyword.pk)
            for _entry, profile, keywords in drafts
            for keyword in keywords
        ]
        through.objects.bulk_create(keyword_rows, batch_size=500)
        self.tally("profile keywords").created += len(keyword_rows)
        made = {p.pk for p in new}
        existing_ids = [p.pk for p in result.values() if p.pk not in made]
        self.tally("profile keywords").unchanged += through.objects.filter(
            profile_id__in=existing_ids
        ).count()
        for key, profile in result.items():
            self.key_of[profile.pk] = key
        for profile_id, code in through.objects.filter(
            profile_id__in=[p.pk for p in result.values()]
        ).values_list("profile_id", "keyword__code"):
            self.codes.setdefault(profile_id, []).append(code)
        return result

    def draft(self, entry: dict, owner: Organisation, keywords) -> Profile:
        """The profile as :func:`korpu.transfer.services.create_profile` makes it (not
        saved); ``ValidationError`` if the services would refuse it."""
        language = entry.get("language")
        texts: dict[str, dict[str, str]] = {}
        for lang, fields in (entry.get("translations") or {}).items():
            if lang in LANGUAGES and lang != language and isinstance(fields, dict):
                texts[lang] = {
                    f: v
                    for f, v in fields.items()
                    if f in services.TEXT_FIELDS and isinstance(v, str)
                }
        texts[language] = {
            f: entry[f] for f in services.TEXT_FIELDS if isinstance(entry.get(f), str)
        }
        values: dict[str, Any] = {
            "texts": texts,
            "type": entry.get("type"),
            "language": language,
            "intermediary": self.orgs[entry["intermediary"]],
            "stage": entry.get("stage"),
            "ipr_status": entry.get("ipr_status") or Profile.IPR.NONE,
            "partnership_types": list(entry.get("partnership_types") or []),
            "partner_kinds": list(entry.get("partner_kinds") or []),
            "partner_sizes": list(entry.get("partner_sizes") or []),
            "partner_role": str(entry.get("partner_role") or ""),
            "countries_of_interest": list(entry.get("countries_of_interest") or []),
            "is_anonymous": bool(entry.get("is_anonymous", True)),
        }
        rdr = entry.get("rdr") if entry.get("type") == Profile.Type.RESEARCH_REQUEST else None
        if isinstance(rdr, dict):
            values["funding_programme"] = str(rdr.get("funding_programme") or "")
            values["call_identifier"] = str(rdr.get("call") or "")
        profile = Profile(owner=owner, created_by=self.member[owner.pk])
        services._assign(profile, values)
        services._check_profile(profile, keywords)
        return profile

    def finish(self, entry: dict, profile: Profile, status: str, variant: str) -> dict:
        """Give a draft its history up to ``status``, as the services would have written
        it; return its timestamps."""
        rng = _rng("profile", entry["key"])
        stamp = self.timeline(profile, status, variant, rng)
        rdr = entry.get("rdr")
        if profile.type == Profile.Type.RESEARCH_REQUEST and isinstance(rdr, dict):
            try:
                days = int(rdr.get("deadline_in_days") or 60)
            except (TypeError, ValueError):
                days = 60
            live = status not in (Status.EXPIRED, Status.ARCHIVED, Status.WITHDRAWN)
            start = self.today if live else timezone.localdate(profile.published_at)
            profile.eoi_deadline = start + dt.timedelta(days=max(days, 7))
        if status != Status.DRAFT:
            profile.reference = self.reference(profile)
            services._screen(profile)
        if status == Status.CHANGES_REQUESTED:
            note = rng.choice(REVIEW_NOTES)
            profile.review_note = note[self.country_language(profile.intermediary)]
        return stamp

    def country_language(self, org: Organisation) -> str:
        return {"AZ": "az", "TR": "tr"}.get(org.country, "en")

    def reference(self, profile: Profile) -> str:
        """EEN style, as :func:`korpu.transfer.services._new_reference` on the day of
        submission: type, country, date, number."""
        prefix = f"{profile.type}{profile.owner.country or 'XX'}{profile.submitted_at:%Y%m%d}"
        taken = self.references.get(prefix)
        if taken is None:
            taken = self.references[prefix] = set(
                Profile.objects.filter(reference__startswith=prefix).values_list(
                    "reference", flat=True
                )
            )
        number = len(taken) + 1
        while f"{prefix}{number:03d}" in taken:
            number += 1
        reference = f"{prefix}{number:03d}"
        taken.add(reference)
        return reference

    def timeline(self, profile: Profile, status: str, variant: str, rng) -> dict:
        """Set the profile's status and dates; return its timestamps."""
        now = self.now
        profile.status = status
        if status == Status.DRAFT:
            created = _between(rng, now - 40 * DAY, now - 2 * HOUR)
            return {"created_at": created, "updated_at": _between(rng, created, now - HOUR)}
        if status in (Status.UNDER_REVIEW, Status.CHANGES_REQUESTED):
            if status == Status.UNDER_REVIEW:
                submitted = _between(rng, now - 12 * DAY, now - 2 * HOUR)
                updated = submitted
            else:
                submitted = _between(rng, now - 30 * DAY, now - 5 * DAY)
                updated = submitted + _span(rng, DAY, 4 * DAY)
            profile.submitted_at = submitted
            created = _between(rng, submitted - 20 * DAY, submitted - HOUR)
            return {"created_at": created, "updated_at": updated}
        # Published at some point.
        if status == Status.PUBLISHED and variant == "reminder_due":
            # The reminder window opened a few hours ago.
            published = now - VALIDITY + services.EXPIRY_NOTICE - _span(rng, 5 * MINUTE, HOUR)
        elif status == Status.PUBLISHED and variant == "extended":
            published = _between(rng, now - 425 * DAY, now - 370 * DAY)
        elif status == Status.PUBLISHED:
            published = _between(rng, now - 364 * DAY, now - 3 * DAY)
        elif status == Status.EXPIRED:
            published = _between(rng, now - 425 * DAY, now - 367 * DAY)
        elif status == Status.ARCHIVED:
            published = _between(rng, now - 1060 * DAY, now - 800 * DAY)
        else:  # withdrawn
            published = _between(rng, now - 330 * DAY, now - 60 * DAY)
        submitted = published - _span(rng, DAY, 8 * DAY)
        created = _between(rng, submitted - 20 * DAY, submitted - HOUR)
        profile.submitted_at = submitted
        profile.published_at = published
        profile.expires_at = published + VALIDITY
        updated = published
        if variant == "extended" or status == Status.ARCHIVED:
            # Extended after the reminder, before the year ran out; archived at the end of
            # the second.
            extended = _between(rng, published + 336 * DAY, published + 363 * DAY)
            profile.extensions = 1
            profile.expires_at = published + 2 * VALIDITY
            updated = extended
        due = profile.expires_at - services.EXPIRY_NOTICE
        if due < now - HOUR and variant != "reminder_due":  # the tick reminded the owner then
            profile.expiry_reminded_at = due + dt.timedelta(minutes=rng.randint(1, 5))
        if status in (Status.EXPIRED, Status.ARCHIVED):
            updated = profile.expires_at + dt.timedelta(minutes=rng.randint(1, 5))
        elif status == Status.WITHDRAWN:
            updated = _between(rng, published + 20 * DAY, min(published + 200 * DAY, now - DAY))
        return {"created_at": created, "updated_at": updated}

    # -- matching, interests, deals ------------------------------------------------------
    def matches_and_interests(self, profiles: dict[str, Profile]) -> None:
        ids = [p.pk for p in profiles.values()]
        published = Profile.objects.filter(pk__in=ids, status=Status.PUBLISHED)
        interests = ExpressionOfInterest.objects.filter(profile_id__in=ids)
        plan = not interests.exists() and len(ids) > 1
        index = matching.build_index(published) if plan else None
        if not plan:
            deals = Deal.objects.filter(profile_id__in=ids)
            self.tally("expressions of interest").unchanged += interests.count()
            self.tally("deals").unchanged += deals.count()
            self.tally("deal parties").unchanged += Deal.parties.through.objects.filter(
                deal__in=deals
            ).count()
            return
        pairs = self.pairs(profiles, index)
        self.assign_states(pairs)
        made = self.interests(pairs)
        self.deals(made)

    def window(self, profile: Profile) -> tuple[dt.datetime, dt.datetime]:
        """When interest in the profile could be expressed: while it was published (and
        before an R&D request's deadline)."""
        start, end = profile.published_at, self.now
        if profile.status in (Status.EXPIRED, Status.ARCHIVED):
            end = profile.expires_at
        elif profile.status == Status.WITHDRAWN:
            end = profile.updated_at  # withdrawn then
        if profile.eoi_deadline:
            deadline = dt.datetime.combine(profile.eoi_deadline, dt.time(23, 0), tzinfo=dt.UTC)
            end = min(end, deadline)
        return start, end

    def pairs(self, profiles: dict[str, Profile], index) -> list[_Pair]:
        """The best complementary pairs across the two countries, a few per profile and
        per company."""
        once_published = (Status.PUBLISHED, Status.EXPIRED, Status.ARCHIVED, Status.WITHDRAWN)
        pool = {
            p.pk: p
            for p in Profile.objects.filter(
                pk__in=[p.pk for p in profiles.values()], status__in=once_published
            ).select_related("owner", "intermediary")
        }
        past = [p for p in pool.values() if p.status != Status.PUBLISHED]
        if past:
            index.add([matching.as_solver_profile(p, self.codes.get(p.pk, [])) for p in past])
        best: dict[tuple[int, int], _Pair] = {}
        for source in sorted(pool.values(), key=lambda p: self.key_of[p.pk]):
            query = matching.as_solver_profile(source, self.codes.get(source.pk, []))
            for match in index.matches(query, top=MATCHES_PER_PROFILE + 1):
                target = pool.get(int(match.profile_id))
                if (
                    target is None
                    or target.owner_id == source.owner_id
                    or target.owner.country == source.owner.country
                    or not (match.shared_keywords or match.matched_terms)  # nothing in common
                ):
                    continue
                key = (target.pk, source.owner_id)
                if key not in best or match.score > best[key].score:
                    best[key] = _Pair(target, source, match.score, match.shared_keywords)
        ranked = sorted(
            best.values(),
            key=lambda p: (
                p.target.owner.slug != SHOWCASE or p.target.status != Status.PUBLISHED,
                -p.score,
                self.key_of[p.target.pk],
                self.key_of[p.source.pk],
            ),
        )
        per_target, per_company, chosen = Counter(), Counter(), []
        total = sum(INTEREST_PLAN.values())
        # Profiles no longer published (the older ones) first, a few each: the deals that
        # grew out of them were signed in earlier years.
        past = [p for p in ranked if p.target.status != Status.PUBLISHED]
        taken: set[int] = set()

        def take(pairs: list[_Pair], limit: int) -> None:
            for pair in pairs:
                if len(chosen) >= total:
                    return
                if (
                    id(pair) in taken
                    or per_target[pair.target.pk] >= limit
                    or per_company[pair.source.owner_id] >= INTERESTS_PER_COMPANY
                    or not self.allowed(pair)
                ):
                    continue
                taken.add(id(pair))
                per_target[pair.target.pk] += 1
                per_company[pair.source.owner_id] += 1
                chosen.append(pair)

        take(past, PAST_INTERESTS_PER_PROFILE)
        take(ranked, INTERESTS_PER_PROFILE)
        return chosen

    def allowed(self, pair: _Pair) -> list[str]:
        start, end = self.window(pair.target)
        since = self.now - start
        live = pair.target.status == Status.PUBLISHED and end >= self.now - HOUR
        states = []
        if live and since >= 2 * HOUR:
            states.append(IStatus.SUBMITTED)
        if live and since >= 3 * DAY:
            states.append(IStatus.FORWARDED)
        if end - start >= DAY and since >= 6 * DAY:
            states += [IStatus.ACCEPTED, IStatus.DECLINED]
        if end - start >= DAY and since >= 3 * DAY:
            states += [IStatus.NOT_FORWARDED, IStatus.WITHDRAWN]
        return states

    def assign_states(self, pairs: list[_Pair]) -> None:
        """Spread the states over the pairs: the showcase company's first pairs are
        waiting for its answer and accepted; pairs with fewer possible states first."""
        target = _shares(INTEREST_PLAN, len(pairs))
        quota = dict(target)
        rng = _rng("interest states")
        order = list(pairs)
        rng.shuffle(order)
        forced = [
            p for p in pairs if p.target.owner.slug == SHOWCASE and p.target.status == "published"
        ]
        for pair, state in zip(forced, (IStatus.FORWARDED, IStatus.ACCEPTED), strict=False):
            if state in self.allowed(pair):
                pair.state = state
                quota[state] -= 1
        order.sort(key=lambda p: len(self.allowed(p)))
        old_accepted = 0
        for pair in order:
            if pair.state:
                continue
            states = self.allowed(pair)
            old = pair.target.status in (Status.EXPIRED, Status.ARCHIVED)
            if (
                old
                and old_accepted < OLD_ACCEPTED_SHARE * target[IStatus.ACCEPTED]
                and rng.random() < OLD_ACCEPTED
            ):
                pair.state = IStatus.ACCEPTED
                old_accepted += 1
            else:
                pair.state = max(
                    states,
                    key=lambda s: (quota[s] / max(target[s], 1), INTEREST_PLAN[s]),
                )
            quota[pair.state] -= 1

    def interests(self, pairs: list[_Pair]) -> list[ExpressionOfInterest]:
        pairs = sorted(pairs, key=lambda p: (self.key_of[p.target.pk], p.source.owner.slug))
        objects = [self.interest(pair) for pair in pairs]
        stamps = [{"created_at": interest.created_at} for interest in objects]
        self.insert("expressions of interest", ExpressionOfInterest, objects, stamps)
        return objects

    def interest(self, pair: _Pair) -> ExpressionOfInterest:
        """One interest with its history, as the services would have written it."""
        target, company = pair.target, pair.source.owner
        rng = _rng("interest", self.key_of[target.pk], company.slug)
        author = self.member[company.pk]
        writer = self.language_of(author, pair.source.language)
        owner = self.member[target.owner_id]
        owner_language = self.language_of(owner, target.language)
        reviewer = self.reviewer[target.intermediary_id]
        reviewer_language = self.country_language(target.intermediary)
        # What both are about: a shared technology keyword, else one of the profile's own
        # (a market keyword reads oddly as "our work in …").
        codes = [*pair.shared, *self.codes.get(target.pk, []), *self.codes.get(pair.source.pk, [])]
        codes = sorted(codes, key=lambda c: not c.startswith("tech."))
        keyword = next((self.keywords[c] for c in codes if c in self.keywords), None)
        topic = (
            _topic(getattr(keyword, f"name_{writer}") or keyword.name, writer)
            if keyword
            else GENERIC_TOPIC[writer]
        )
        country = COUNTRY_NAMES.get(company.country, {}).get(writer, company.country)
        kind = KIND_OF_TYPE.get(target.type, "offer")
        messages, offers = MESSAGES[kind], OFFERS[kind]
        if company.kind in ACADEMIC:  # a university has projects and laboratories
            messages = [m for m in messages if m in ACADEMIC_MESSAGES] or messages
            offers = OFFERS["research"]
        message = rng.choice(messages)[writer].format(topic=topic, country=country)
        offer = rng.choice(offers)[writer].format(country=country) if rng.random() < 0.8 else ""
        interest = ExpressionOfInterest(
            profile=target,
            company=company,
            author=author,
            message=message,
            offer=offer,
            status=pair.state,
        )
        start, end = self.window(target)
        now = self.now
        # Decisions come before a withdrawn profile closed its open interests.
        ceiling = end if target.status == Status.WITHDRAWN else now - HOUR
        state = pair.state
        if state == IStatus.SUBMITTED:
            created = _between(rng, max(start + HOUR, now - 9 * DAY), now - HOUR)
        elif state == IStatus.FORWARDED:
            created = _between(rng, max(start + HOUR, now - 45 * DAY), now - 2 * DAY)
        else:
            # Early in the window, more so for those that were accepted (deals take time).
            latest = min(end, ceiling - 3 * DAY)
            skew = 3.0 if state == IStatus.ACCEPTED else 1.3
            created = start + HOUR + (latest - start - HOUR) * (rng.random() ** skew)
            created = created.replace(second=0, microsecond=0)
        interest.created_at = created
        forwarded = min(created + _span(rng, 4 * HOUR, 4 * DAY), ceiling)
        if state in (IStatus.FORWARDED, IStatus.ACCEPTED, IStatus.DECLINED) or (
            state == IStatus.WITHDRAWN and rng.random() < 0.5
        ):
            interest.forwarded_at = max(forwarded, created + HOUR)
            interest.forwarded_by = reviewer
            if rng.random() < 0.4:
                interest.intermediary_note = rng.choice(FORWARD_NOTES)[reviewer_language]
        if state in (IStatus.ACCEPTED, IStatus.DECLINED):
            interest.decided_at = _between(
                rng, interest.forwarded_at + HOUR, min(interest.forwarded_at + 14 * DAY, ceiling)
            )
            interest.decided_by = owner
            if state == IStatus.DECLINED and rng.random() < 0.7:
                interest.decline_reason = rng.choice(DECLINE_REASONS)[owner_language]
        elif state == IStatus.NOT_FORWARDED:
            interest.decided_at = _between(rng, created + 4 * HOUR, min(created + 3 * DAY, ceiling))
            interest.decided_by = reviewer
            interest.intermediary_note = rng.choice(NOT_FORWARDED_NOTES)[reviewer_language]
        elif state == IStatus.WITHDRAWN:
            after = interest.forwarded_at or created
            if target.status == Status.WITHDRAWN and end > after:
                interest.decided_at = end  # closed when the owner withdrew the profile
            else:
                interest.decided_at = _between(rng, after + DAY, min(after + 15 * DAY, ceiling))
        return interest

    def deals(self, made: list[ExpressionOfInterest]) -> None:
        accepted = sorted(
            (i for i in made if i.status == IStatus.ACCEPTED),
            key=lambda i: (i.decided_at, i.pk),
        )
        rng = _rng("deals")
        skip = len(accepted) - round(len(accepted) * DEAL_SHARE)
        # Some recent acceptances have no deal yet.
        recent = accepted[-2 * skip :] if skip else []
        no_deal = {i.pk for i in rng.sample(recent, skip)} if skip else set()
        chosen = [i for i in accepted if i.pk not in no_deal]
        statuses = self.deal_statuses(len(chosen), rng)
        agreements = self.agreements(chosen, rng)
        objects, stamps, parties = [], [], []
        soon = iter((9, 30))  # days until the two agreements that expire within a month
        for interest, status, agreement in zip(chosen, statuses, agreements, strict=True):
            deal, stamp = self.deal(interest, status, agreement, soon, rng)
            objects.append(deal)
            stamps.append(stamp)
        self.insert("deals", Deal, objects, stamps)
        through = Deal.parties.through
        for deal in objects:
            parties.append(through(deal_id=deal.pk, organisation_id=deal.interest.profile.owner_id))
            parties.append(through(deal_id=deal.pk, organisation_id=deal.interest.company_id))
        through.objects.bulk_create(parties, batch_size=500)
        self.tally("deal parties").created += len(parties)

    def deal_statuses(self, count: int, rng) -> list[str]:
        """Statuses for deals ordered from the oldest acceptance: expired and terminated
        among the oldest, negotiating and just signed among the newest."""
        statuses: list[str | None] = [None] * count
        quota = {s: _quota(share, count) if count >= 6 else 0 for s, share in DEAL_SHARES.items()}
        if 0 < count < 6:
            quota[DStatus.NEGOTIATING] = 1
        free = list(range(count))

        def take(status, positions):
            for position in positions:
                if quota[status] <= 0:
                    break
                if statuses[position] is None:
                    statuses[position] = status
                    quota[status] -= 1

        take(DStatus.NEGOTIATING, reversed(free))
        take(DStatus.SIGNED, reversed(free))
        take(DStatus.EXPIRED, free)
        take(DStatus.TERMINATED, free)
        middle = [i for i in free if statuses[i] is None]
        rng.shuffle(middle)
        take(DStatus.CANCELLED, middle)
        return [s or DStatus.ACTIVE for s in statuses]

    def agreements(self, interests: list[ExpressionOfInterest], rng) -> list[str]:
        """An agreement that suits each profile's type; every type at least once when
        there are enough deals."""
        picks = [rng.choice(AGREEMENTS_BY_TYPE[i.profile.type]) for i in interests]
        if len(picks) >= len(Agreement.values):
            for missing in [a for a in Agreement.values if a not in picks]:
                counts = Counter(picks)
                common = max(counts, key=lambda a: (counts[a], a))
                picks[picks.index(common)] = missing
        return picks

    def deal(self, interest: ExpressionOfInterest, status: str, agreement: str, soon, rng):
        """One deal with its dates, as the parties would have recorded it."""
        now, today = self.now, self.today
        profile = interest.profile
        created = min(interest.decided_at + _span(rng, DAY, 20 * DAY), now - HOUR)
        created = max(created, interest.decided_at + MINUTE)
        deal = Deal(
            profile=profile,
            interest=interest,
            title=profile.title[:200],
            agreement_type=agreement,
            status=status,
            created_by=self.member[profile.owner_id],
        )
        updated = created
        signed = status in Deal.SIGNED_STATUSES
        signed_on = None
        if signed:
            signed_on = timezone.localdate(created) + dt.timedelta(days=rng.randint(7, 100))
            signed_on = min(signed_on, today - dt.timedelta(days=1))
            signed_on = max(signed_on, timezone.localdate(created))
            low, high = YEARS[agreement]
            effective = signed_on + dt.timedelta(days=rng.randint(0, 30))
            if status != DStatus.SIGNED:
                effective = min(effective, today)
            expires = effective + dt.timedelta(days=365 * rng.randint(low, high))
            if status == DStatus.EXPIRED:
                latest = today - dt.timedelta(days=7)
                if effective + dt.timedelta(days=180) < latest:
                    expires = min(expires, latest)
                    expires = max(expires, effective + dt.timedelta(days=180))
                else:  # too recent to have run out
                    status = deal.status = DStatus.ACTIVE
            deal.remind_days_before = rng.choice((30, 30, 30, 60, 90))
            soon_days = None
            if status == DStatus.ACTIVE and effective <= today - dt.timedelta(days=60):
                soon_days = next(soon, None)
            if soon_days is not None:  # one reminded three weeks ago, one due today
                expires = today + dt.timedelta(days=soon_days)
                deal.remind_days_before = 30
            elif status in (DStatus.ACTIVE, DStatus.SIGNED, DStatus.TERMINATED):
                while expires - dt.timedelta(days=deal.remind_days_before + 5) <= today:
                    expires += dt.timedelta(days=365)
            deal.signed_on, deal.effective_on, deal.expires_on = signed_on, effective, expires
            due = expires - dt.timedelta(days=deal.remind_days_before)
            if status in (DStatus.ACTIVE, DStatus.SIGNED, DStatus.EXPIRED) and due < today:
                deal.expiry_reminded_at = dt.datetime.combine(due, dt.time(0, 5), tzinfo=dt.UTC)
            updated = dt.datetime.combine(signed_on, dt.time(10, 0), tzinfo=dt.UTC)
            if status == DStatus.ACTIVE and effective > signed_on:
                updated = dt.datetime.combine(effective, dt.time(9, 0), tzinfo=dt.UTC)
            elif status == DStatus.TERMINATED:
                start = dt.datetime.combine(effective, dt.time(9, 0), tzinfo=dt.UTC) + 30 * DAY
                updated = _between(rng, min(start, now - DAY), now - DAY)
            elif status == DStatus.EXPIRED:
                updated = dt.datetime.combine(expires + dt.timedelta(days=1), dt.time(0, 5),
                                              tzinfo=dt.UTC)  # fmt: skip
            updated = max(min(updated, now - MINUTE), created)
            deal.value, deal.currency = self.value(agreement, profile.owner.country, rng)
        elif status == DStatus.CANCELLED:
            updated = _between(rng, created + 10 * DAY, min(created + 60 * DAY, now - HOUR))
        else:  # negotiating
            updated = _between(rng, created, min(created + 10 * DAY, now - MINUTE))
            if rng.random() < 0.5:
                deal.value, deal.currency = self.value(agreement, profile.owner.country, rng)
        updated = max(updated, created)
        services._check_deal(deal)
        return deal, {"created_at": created, "updated_at": updated}

    def value(self, agreement: str, country: str, rng) -> tuple[Decimal | None, str]:
        span = VALUES_EUR.get(agreement)
        if span is None or rng.random() < 0.2:
            return None, Deal.Currency.EUR
        roll = rng.random()
        currency = (
            "EUR" if roll < 0.5 else "USD" if roll < 0.6 else ("AZN" if country == "AZ" else "TRY")
        )
        amount = rng.uniform(*span) * RATES[currency]
        step = 10 ** max(len(str(int(amount))) - 2, 2)
        return Decimal(int(round(amount / step)) * step), currency

    # -- saved searches --------------------------------------------------------------------
    def saved_searches(self) -> None:
        emails = {s["person"] for s in SAVED_SEARCHES if s.get("person")}
        people = {p.email: p for p in Person.objects.filter(email__in=emails)}
        wanted: list[tuple[Person, dict]] = []
        for spec in SAVED_SEARCHES:
            if spec.get("person"):
                person = people.get(spec["person"])
                who = spec["person"]
            else:
                org = self.orgs.get(spec["organisation"])
                person = self.member.get(org.pk) if org else None
                who = f"a member of “{spec['organisation']}”"
            if person is None:
                self.warn(f"saved search “{spec['name']}”: {who} not found; skipped")
                continue
            wanted.append((person, spec))
        tally = self.tally("saved searches")
        existing = {
            (s.person_id, s.name): s
            for s in SavedSearch.objects.filter(
                person__in=[p for p, _s in wanted], name__in=[s["name"] for _p, s in wanted]
            ).order_by("-pk")
        }
        new, stamps, changed, found = [], [], [], {}
        for person, spec in wanted:
            values = {
                "query": spec["query"],
                "types": list(spec["types"]),
                "frequency": spec["frequency"],
            }
            search = existing.get((person.pk, spec["name"]))
            if search is None:
                search = SavedSearch(person=person, name=spec["name"], **values)
                new.append(search)
                stamps.append({"created_at": self.now - spec["days_ago"] * DAY})
            elif any(getattr(search, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(search, k, v)
                changed.append(search)
            else:
                tally.unchanged += 1
            found[(person.pk, spec["name"])] = (search, spec)
        self.insert("saved searches", SavedSearch, new, stamps)
        if changed:
            SavedSearch.objects.bulk_update(changed, ["query", "types", "frequency"])
            tally.updated += len(changed)
        self.rows.link(
            "saved search keywords",
            SavedSearch.keywords.through,
            "savedsearch_id",
            "keyword_id",
            {
                (search.pk, self.keywords[code].pk)
                for search, spec in found.values()
                for code in spec["keywords"]
                if code in self.keywords
            },
        )


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m).rstrip('.') for e in errors for m in e.messages)}"
            for name, errors in error.error_dict.items()
        )
    return " ".join(error.messages)
