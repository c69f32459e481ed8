"""Demo programmes exchanged under the 2020 memorandum between the Innovation Agency of
Azerbaijan and GOSB Teknopark: calls, applications, reviews, decisions, a cohort with
mentors and milestones, and young specialists' placements.

:func:`load_programmes_demo` runs after :func:`korpu.directory.demo.load_demo` (it uses
its organisations and people) and is idempotent in the same way: every row has a natural
key, and a second run writes nothing.

What it holds:

- **GOSB Teknopark Accelerator** (run by GOSB Teknopark, opened to the Agency, managed by
  ``park.manager@korpu.example``): the first intake is closed and decided — 17
  applications (one withdrawn), three reviews each, conflicts of interest (declared by
  a reviewer, and detected as the service does at submission), six accepted, four on the
  waiting list, six rejected — and its cohort is running:
  sessions, three mentors with office hours (some booked), milestones (one overdue) and
  six months of figures for four companies. Pusula Robotik (``company.admin@``) is in.
- **Innovation Agency Technology Transfer Programme** (run by the Agency, opened to GOSB
  Teknopark, managed by ``programme.manager@korpu.example``): the first call is closed
  and under blind review — ``reviewer@korpu.example`` has reviews left to write — and
  the second call is open, with Pusula Robotik's unfinished draft.
- **Young Specialists Training** (GOSB Teknopark): an open call for individuals.
- **Young Specialist Exchange** (the Agency): three placements — one completed with a
  final report and the host's evaluation, one under way (``specialist@korpu.example``),
  one planned.

Dates follow the day the demo programmes were first loaded (the earliest ``created_at``
of the demo programmes), so loading again later changes nothing; the demo then ages like
real data (the open calls close four and five weeks after that day). To move it to today,
delete the demo programmes (their calls, applications, cohorts and placements go with
them) and load again.

Rows people change while trying the demo — applications, answers, reviews, conflicts,
assignments, cohort members, bookings, milestones, figures, placements, whether a review
stage is open — are created when missing and otherwise left alone. Texts and settings
(programmes, calls, questions, criteria, reviewer pools, sessions, office hours) are
restored when edited, as in the directory demo. Conflicts are detected (with
:func:`.services.conflict_sources`) when the demo creates a submitted application, as
submitting does. Reviewer assignments (by hand: expertise matched against the project,
load spread within the pool's limits, never to a conflicted reviewer) and the reviews of a
stage are made together, only while the stage has none. Decisions follow the ranking of
the reviews' scores.

Projects, scores and figures are invented, like the directory demo's companies and people.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import zoneinfo
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import translation

from korpu.common import audit
from korpu.directory.demo import (
    MEMORANDUM_SLUG,
    SEED,
    SHOWCASE_COMPANY_SLUG,
    DemoResult,
    Tally,
    _Loader,
    _translated_bases,
)
from korpu.directory.models import Membership, Organisation, Partnership, Person

from . import services
from .models import (
    Answer,
    Application,
    Assignment,
    Call,
    CallReviewer,
    Cohort,
    CohortMember,
    CohortSession,
    Conflict,
    Criterion,
    DeclaredRelationship,
    Mentor,
    MetricReport,
    Milestone,
    OfficeHourBooking,
    OfficeHourSlot,
    Placement,
    Programme,
    Question,
    Review,
    ReviewStage,
)

ACCELERATOR = "gosb-teknopark-accelerator"
TECH_TRANSFER = "innovation-agency-technology-transfer"
TRAINING = "young-specialists-industrial-automation"
EXCHANGE = "young-specialist-exchange"
ISTANBUL, BAKU = "Europe/Istanbul", "Asia/Baku"

Kind = Programme.Kind
Q = Question.Kind
Status = Application.Status


def _t(en: str, az: str, tr: str) -> dict[str, str]:
    return {"en": en, "az": az, "tr": tr}


def _i18n(name: str, texts: dict[str, str]) -> dict[str, str]:
    return {f"{name}_{lang}": value for lang, value in texts.items()}


# --- programmes --------------------------------------------------------------------------
PROGRAMMES: list[dict[str, Any]] = [
    {
        "slug": ACCELERATOR,
        "kind": Kind.ACCELERATION,
        "owner": "gosb-teknopark",
        "partners": ["innovation-agency"],
        "time_zone": ISTANBUL,
        "duration_weeks": 32,
        "capacity": 6,
        "title": _t(
            "GOSB Teknopark Accelerator",
            "GOSB Texnoparkının Akselerasiya Proqramı",
            "GOSB Teknopark Hızlandırma Programı",
        ),
        "summary": _t(
            "Eight months of mentoring, a paid pilot with industry and a study visit to Baku "
            "for GOSB Teknopark companies and Azerbaijani startups ready to grow across the "
            "border.",
            "GOSB Texnoparkının şirkətləri və sərhədlərarası böyüməyə hazır Azərbaycan "
            "startapları üçün səkkiz aylıq mentorluq, sənaye ilə ödənişli pilot layihə və "
            "Bakıya tanışlıq səfəri.",
            "GOSB Teknopark şirketleri ve sınır ötesinde büyümeye hazır Azerbaycan girişimleri "
            "için sekiz aylık mentorluk, sanayiyle ücretli pilot proje ve Bakü'ye inceleme "
            "gezisi.",
        ),
        "description": _t(
            "Exchanged under the 2020 memorandum between the Innovation Agency of Azerbaijan "
            "and GOSB Teknopark, the accelerator takes six companies a year through customer "
            "discovery, a paid pilot with a manufacturer of the Gebze Organised Industrial "
            "Zone or an Azerbaijani partner, and investor readiness. Sessions alternate "
            "between Gebze, Baku and online; every company has mentors from both countries "
            "and ends the programme at demo day.",
            "İnnovasiya Agentliyi ilə GOSB Texnoparkı arasında 2020-ci il memorandumu "
            "çərçivəsində mübadilə edilən akselerator hər il altı şirkəti müştəri "
            "araşdırmasından, Gebze Mütəşəkkil Sənaye Zonasının istehsalçısı və ya Azərbaycan "
            "tərəfdaşı ilə ödənişli pilot layihədən və investisiyaya hazırlıqdan keçirir. "
            "Sessiyalar növbə ilə Gebzedə, Bakıda və onlayn keçirilir; hər şirkətin hər iki "
            "ölkədən mentorları var və proqram demo günü ilə başa çatır.",
            "Azerbaycan İnovasyon Ajansı ile GOSB Teknopark arasındaki 2020 mutabakat zaptı "
            "kapsamında paylaşılan hızlandırma programı, her yıl altı şirketi müşteri keşfi, "
            "Gebze Organize Sanayi Bölgesi'ndeki bir üreticiyle ya da Azerbaycan'daki bir "
            "ortakla ücretli pilot proje ve yatırıma hazırlık aşamalarından geçirir. "
            "Oturumlar Gebze, Bakü ve çevrim içi olarak dönüşümlü yapılır; her şirketin iki "
            "ülkeden mentorları vardır ve program demo günüyle sona erer.",
        ),
        "benefits": _t(
            "Mentors from both countries and weekly office hours\n"
            "A paid pilot with an industrial partner\n"
            "A study visit to Baku and meetings at the Innovation Agency\n"
            "Office space at GOSB Teknopark during the programme\n"
            "Demo day in front of investors from Türkiye and Azerbaijan",
            "Hər iki ölkədən mentorlar və həftəlik məsləhət saatları\n"
            "Sənaye tərəfdaşı ilə ödənişli pilot layihə\n"
            "Bakıya tanışlıq səfəri və İnnovasiya Agentliyində görüşlər\n"
            "Proqram müddətində GOSB Texnoparkında ofis sahəsi\n"
            "Türkiyə və Azərbaycan investorları qarşısında demo günü",
            "İki ülkeden mentorlar ve haftalık ofis saatleri\n"
            "Bir sanayi ortağıyla ücretli pilot proje\n"
            "Bakü'ye inceleme gezisi ve İnovasyon Ajansı'nda görüşmeler\n"
            "Program boyunca GOSB Teknopark'ta ofis alanı\n"
            "Türkiye ve Azerbaycan'dan yatırımcıların önünde demo günü",
        ),
    },
    {
        "slug": TECH_TRANSFER,
        "kind": Kind.TECHNOLOGY_TRANSFER,
        "owner": "innovation-agency",
        "partners": ["gosb-teknopark"],
        "time_zone": BAKU,
        "duration_weeks": 24,
        "capacity": 8,
        "title": _t(
            "Innovation Agency Technology Transfer Programme",
            "İnnovasiya Agentliyinin Texnologiya Transferi Proqramı",
            "İnovasyon Ajansı Teknoloji Transferi Programı",
        ),
        "summary": _t(
            "Support for licences, joint development and pilots that carry a technology from "
            "one partner country to the other: blind expert review, introductions to adopters "
            "and a grant of up to USD 40,000.",
            "Texnologiyanı bir tərəfdaş ölkədən digərinə aparan lisenziya, birgə işləmə və "
            "pilot layihələrə dəstək: anonim ekspert qiymətləndirməsi, texnologiyanı tətbiq "
            "edəcək şirkətlərlə tanışlıq və 40 000 ABŞ dollarınadək qrant.",
            "Bir teknolojiyi bir ortak ülkeden diğerine taşıyan lisans, ortak geliştirme ve "
            "pilot projelere destek: kör hakem değerlendirmesi, teknolojiyi kullanacak "
            "kuruluşlarla tanışma ve 40.000 ABD dolarına kadar hibe.",
        ),
        "description": _t(
            "The Innovation Agency of Azerbaijan opens its technology-transfer programme to "
            "the companies of GOSB Teknopark, as agreed in the 2020 memorandum. A project "
            "pairs the owner of a technology with an adopter in the other country — a "
            "licence, a joint development or a pilot at a plant — and is reviewed blind by "
            "experts from universities and technology-transfer offices of both countries. "
            "Selected projects get a grant, a transfer manager at the Agency and legal help "
            "with licence agreements.",
            "İnnovasiya Agentliyi 2020-ci il memorandumunda razılaşdırıldığı kimi texnologiya "
            "transferi proqramını GOSB Texnoparkının şirkətlərinə də açır. Layihə "
            "texnologiyanın sahibini digər ölkədə onu tətbiq edəcək tərəfdaşla birləşdirir — "
            "lisenziya, birgə işləmə və ya zavodda pilot tətbiq — və hər iki ölkənin "
            "universitetlərindən və texnologiya transferi ofislərindən olan ekspertlər "
            "tərəfindən anonim qiymətləndirilir. Seçilən layihələr qrant, Agentlikdə transfer "
            "meneceri və lisenziya müqavilələri üzrə hüquqi dəstək alır.",
            "Azerbaycan İnovasyon Ajansı, 2020 mutabakat zaptında kararlaştırıldığı üzere "
            "teknoloji transferi programını GOSB Teknopark şirketlerine de açıyor. Bir proje, "
            "bir teknolojinin sahibini diğer ülkede onu kullanacak bir kuruluşla buluşturur — "
            "lisans, ortak geliştirme ya da bir fabrikada pilot uygulama — ve iki ülkenin "
            "üniversitelerinden ve teknoloji transfer ofislerinden uzmanlarca kör hakemlikle "
            "değerlendirilir. Seçilen projeler hibe, Ajans'ta bir transfer yöneticisi ve lisans "
            "sözleşmeleri için hukuki destek alır.",
        ),
        "benefits": _t(
            "A grant of up to USD 40,000 per project\n"
            "A transfer manager at the Innovation Agency\n"
            "Legal help with licence and joint-development agreements\n"
            "Introductions to adopters through both partners' networks",
            "Layihə başına 40 000 ABŞ dollarınadək qrant\n"
            "İnnovasiya Agentliyində transfer meneceri\n"
            "Lisenziya və birgə işləmə müqavilələri üzrə hüquqi yardım\n"
            "Hər iki tərəfdaşın şəbəkəsi vasitəsilə texnologiyanı tətbiq edəcək şirkətlərlə "
            "tanışlıq",
            "Proje başına 40.000 ABD dolarına kadar hibe\n"
            "İnovasyon Ajansı'nda bir transfer yöneticisi\n"
            "Lisans ve ortak geliştirme sözleşmeleri için hukuki destek\n"
            "İki ortağın ağları üzerinden teknolojiyi kullanacak kuruluşlarla tanışma",
        ),
    },
    {
        "slug": TRAINING,
        "kind": Kind.TRAINING,
        "owner": "gosb-teknopark",
        "partners": ["innovation-agency"],
        "time_zone": ISTANBUL,
        "duration_weeks": 6,
        "capacity": 24,
        "title": _t(
            "Young Specialists Training: Industrial Automation and Robotics",
            "Gənc mütəxəssislər üçün təlim: sənaye avtomatlaşdırması və robototexnika",
            "Genç Uzmanlar Eğitimi: Endüstriyel Otomasyon ve Robotik",
        ),
        "summary": _t(
            "Six weeks of hands-on training in GOSB Teknopark's laboratories and companies "
            "for young engineers and students from Türkiye and Azerbaijan, taught with Gebze "
            "Technical University.",
            "Türkiyə və Azərbaycandan olan gənc mühəndislər və tələbələr üçün Gebze Texniki "
            "Universiteti ilə birgə, GOSB Texnoparkının laboratoriyalarında və şirkətlərində "
            "altı həftəlik praktiki təlim.",
            "Türkiye ve Azerbaycan'dan genç mühendisler ve öğrenciler için Gebze Teknik "
            "Üniversitesi ile birlikte, GOSB Teknopark'ın laboratuvarlarında ve şirketlerinde "
            "altı haftalık uygulamalı eğitim.",
        ),
        "description": _t(
            "One of the joint trainings the memorandum commits the partners to. Participants "
            "learn PLC programming, robot cell design, machine vision and industrial data in "
            "small groups, spend two weeks in a GOSB company and finish with a team project "
            "judged by the park's engineers. Lessons are in English, with Turkish and "
            "Azerbaijani teaching assistants.",
            "Memorandumun nəzərdə tutduğu birgə təlimlərdən biri. İştirakçılar kiçik qruplarda "
            "PLC proqramlaşdırması, robot hüceyrələrinin layihələndirilməsi, maşın görməsi və "
            "sənaye verilənləri ilə işləməyi öyrənir, iki həftəni GOSB şirkətində keçirir və "
            "texnoparkın mühəndislərinin qiymətləndirdiyi komanda layihəsi ilə təlimi başa "
            "vurur. Dərslər ingilis dilindədir; türk və azərbaycanlı assistentlər kömək edir.",
            "Mutabakat zaptının öngördüğü ortak eğitimlerden biri. Katılımcılar küçük gruplar "
            "hâlinde PLC programlama, robot hücresi tasarımı, makine görmesi ve endüstriyel "
            "veriyle çalışmayı öğrenir, iki haftayı bir GOSB şirketinde geçirir ve teknopark "
            "mühendislerinin değerlendirdiği bir takım projesiyle eğitimi tamamlar. Dersler "
            "İngilizcedir; Türk ve Azerbaycanlı asistanlar destek verir.",
        ),
        "benefits": _t(
            "Travel and accommodation for participants from the partner country\n"
            "Two weeks in a GOSB Teknopark company\n"
            "A certificate from GOSB Teknopark and Gebze Technical University",
            "Tərəfdaş ölkədən olan iştirakçılar üçün yol və yaşayış xərcləri\n"
            "GOSB Texnoparkının şirkətində iki həftə\n"
            "GOSB Texnoparkı və Gebze Texniki Universitetinin sertifikatı",
            "Ortak ülkeden gelen katılımcılar için ulaşım ve konaklama\n"
            "Bir GOSB Teknopark şirketinde iki hafta\n"
            "GOSB Teknopark ve Gebze Teknik Üniversitesi sertifikası",
        ),
    },
    {
        "slug": EXCHANGE,
        "kind": Kind.SPECIALIST_EXCHANGE,
        "owner": "innovation-agency",
        "partners": ["gosb-teknopark"],
        "time_zone": BAKU,
        "duration_weeks": 13,
        "capacity": 10,
        "title": _t(
            "Young Specialist Exchange",
            "Gənc Mütəxəssis Mübadiləsi",
            "Genç Uzman Değişim Programı",
        ),
        "summary": _t(
            "Three-month placements of Azerbaijani young specialists in GOSB Teknopark "
            "companies, and of Turkish young specialists in Azerbaijani startups, each with a "
            "host mentor and learning goals.",
            "Azərbaycanlı gənc mütəxəssislərin GOSB Texnoparkının şirkətlərində, türkiyəli "
            "gənc mütəxəssislərin isə Azərbaycan startaplarında üç aylıq təcrübəsi; hər "
            "birinin ev sahibi şirkətdə mentoru və öyrənmə məqsədləri var.",
            "Azerbaycanlı genç uzmanların GOSB Teknopark şirketlerinde, Türkiyeli genç "
            "uzmanların ise Azerbaycan girişimlerinde üç aylık stajı; her birinin ev sahibi "
            "şirkette bir mentoru ve öğrenme hedefleri vardır.",
        ),
        "description": _t(
            "The exchange puts into practice the memorandum's commitment to raise the skills "
            "of young specialists. The Innovation Agency and GOSB Teknopark match each "
            "specialist with a host company, agree learning goals before the start and follow "
            "the placement through a final report by the specialist and an evaluation by the "
            "host.",
            "Mübadilə memorandumun gənc mütəxəssislərin bacarıqlarını artırmaq öhdəliyini "
            "həyata keçirir. İnnovasiya Agentliyi və GOSB Texnoparkı hər mütəxəssisi ev sahibi "
            "şirkətlə uyğunlaşdırır, başlamazdan əvvəl öyrənmə məqsədlərini razılaşdırır və "
            "təcrübəni mütəxəssisin yekun hesabatı və ev sahibinin qiymətləndirməsi ilə izləyir.",
            "Değişim programı, mutabakat zaptının genç uzmanların becerilerini geliştirme "
            "taahhüdünü hayata geçirir. Azerbaycan İnovasyon Ajansı ve GOSB Teknopark her "
            "uzmanı bir ev sahibi şirketle eşleştirir, başlamadan önce öğrenme hedeflerini "
            "belirler ve stajı uzmanın final raporu ile ev sahibinin değerlendirmesi üzerinden "
            "izler.",
        ),
        "benefits": _t(
            "A monthly stipend and accommodation\n"
            "A mentor at the host company\n"
            "A certificate from both partners",
            "Aylıq təqaüd və yaşayış yeri\n"
            "Ev sahibi şirkətdə mentor\n"
            "Hər iki tərəfdaşın sertifikatı",
            "Aylık burs ve konaklama\nEv sahibi şirkette bir mentor\nHer iki ortaktan sertifika",
        ),
    },
]


# --- application forms -------------------------------------------------------------------
@dataclass(frozen=True)
class QuestionSpec:
    kind: str
    label: dict[str, str]
    help_text: dict[str, str] | None = None
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int | None = None


STAGES = ("Prototype", "First customers", "Growing revenue", "Scaling to other countries")
TECHS = (
    "Artificial intelligence",
    "Robotics",
    "Internet of things",
    "Embedded systems",
    "Cybersecurity",
    "Photonics",
    "Other",
)
TRANSFERS = ("Licence", "Joint development", "Pilot deployment", "Spin-off company")
TRACKS = ("Industrial automation", "Robotics", "Data and AI")
LANGUAGES = ("English", "Turkish", "Azerbaijani")

ACCELERATOR_FORM = [
    QuestionSpec(
        Q.CHOICE,
        _t(
            "Where is your product today?",
            "Məhsulunuz hazırda hansı mərhələdədir?",
            "Ürününüz bugün hangi aşamada?",
        ),
        choices=STAGES,
    ),
    QuestionSpec(
        Q.LONG_TEXT,
        _t(
            "What problem do you solve, and how?",
            "Hansı problemi həll edirsiniz və necə?",
            "Hangi sorunu çözüyorsunuz ve nasıl?",
        ),
        _t(
            "Who has the problem, what it costs them, and what your product does about it.",
            "Problem kimdədir, ona nəyə başa gəlir və məhsulunuz bununla bağlı nə edir.",
            "Sorun kimde, ona neye mal oluyor ve ürününüz bu konuda ne yapıyor.",
        ),
        max_length=2000,
    ),
    QuestionSpec(
        Q.LONG_TEXT,
        _t(
            "What do you want to achieve in the partner country during the programme?",
            "Proqram müddətində tərəfdaş ölkədə nəyə nail olmaq istəyirsiniz?",
            "Program süresince ortak ülkede neyi başarmak istiyorsunuz?",
        ),
        _t(
            "Companies from Türkiye: in Azerbaijan. Companies from Azerbaijan: in Türkiye.",
            "Türkiyə şirkətləri üçün Azərbaycanda, Azərbaycan şirkətləri üçün Türkiyədə.",
            "Türkiye'den şirketler için Azerbaycan'da, Azerbaycan'dan şirketler için Türkiye'de.",
        ),
        max_length=2000,
    ),
    QuestionSpec(
        Q.NUMBER, _t("Employees today", "Hazırda işçilərin sayı", "Bugünkü çalışan sayısı")
    ),
    QuestionSpec(
        Q.NUMBER,
        _t(
            "Revenue in the last 12 months (USD)",
            "Son 12 ayın gəliri (ABŞ dolları)",
            "Son 12 ayın geliri (ABD doları)",
        ),
    ),
    QuestionSpec(
        Q.MULTIPLE_CHOICE,
        _t("Technology areas", "Texnologiya sahələri", "Teknoloji alanları"),
        choices=TECHS,
    ),
    QuestionSpec(
        Q.URL,
        _t(
            "Product page or demo video",
            "Məhsul səhifəsi və ya demo video",
            "Ürün sayfası ya da tanıtım videosu",
        ),
        required=False,
    ),
    QuestionSpec(
        Q.FILE,
        _t("Pitch deck (PDF)", "Təqdimat (PDF)", "Sunum dosyası (PDF)"),
        required=False,
    ),
]

TRANSFER_FORM = [
    QuestionSpec(
        Q.CHOICE,
        _t("What kind of transfer?", "Hansı növ transfer?", "Ne tür bir transfer?"),
        choices=TRANSFERS,
    ),
    QuestionSpec(
        Q.LONG_TEXT,
        _t(
            "Describe the technology and who owns the rights to it.",
            "Texnologiyanı və onun hüquqlarının kimə məxsus olduğunu təsvir edin.",
            "Teknolojiyi ve haklarının kime ait olduğunu anlatın.",
        ),
        max_length=2000,
    ),
    QuestionSpec(
        Q.LONG_TEXT,
        _t(
            "Who will adopt it in the other country, and how?",
            "Digər ölkədə onu kim və necə tətbiq edəcək?",
            "Diğer ülkede onu kim, nasıl kullanacak?",
        ),
        max_length=2000,
    ),
    QuestionSpec(
        Q.NUMBER,
        _t(
            "Technology readiness level today (1–9)",
            "Hazırkı texnoloji hazırlıq səviyyəsi (1–9)",
            "Bugünkü teknoloji hazırlık seviyesi (1–9)",
        ),
    ),
    QuestionSpec(
        Q.TEXT,
        _t(
            "Partner in the other country, if already found",
            "Digər ölkədəki tərəfdaş (artıq tapılıbsa)",
            "Diğer ülkedeki ortak (bulunduysa)",
        ),
        required=False,
        max_length=200,
    ),
    QuestionSpec(
        Q.DATE,
        _t("Earliest start", "Ən tez başlama tarixi", "En erken başlangıç tarihi"),
        required=False,
    ),
    QuestionSpec(
        Q.FILE,
        _t(
            "Letter of intent from the partner (PDF)",
            "Tərəfdaşın niyyət məktubu (PDF)",
            "Ortağın niyet mektubu (PDF)",
        ),
        required=False,
    ),
]

TRAINING_FORM = [
    QuestionSpec(
        Q.CHOICE,
        _t(
            "Which track would you like to follow?",
            "Hansı istiqaməti seçmək istəyirsiniz?",
            "Hangi alanı takip etmek istiyorsunuz?",
        ),
        choices=TRACKS,
    ),
    QuestionSpec(
        Q.LONG_TEXT,
        _t(
            "Why do you want to take part, and what will you do with what you learn?",
            "Niyə iştirak etmək istəyirsiniz və öyrəndiklərinizlə nə edəcəksiniz?",
            "Neden katılmak istiyorsunuz ve öğrendiklerinizle ne yapacaksınız?",
        ),
        max_length=1500,
    ),
    QuestionSpec(
        Q.TEXT,
        _t("University or employer", "Universitet və ya iş yeri", "Üniversite ya da işveren"),
        max_length=200,
    ),
    QuestionSpec(
        Q.MULTIPLE_CHOICE,
        _t(
            "Languages you can follow lessons in",
            "Dərsləri izləyə biləcəyiniz dillər",
            "Dersleri takip edebileceğiniz diller",
        ),
        choices=LANGUAGES,
    ),
    QuestionSpec(Q.FILE, _t("CV (PDF)", "CV (PDF)", "Özgeçmiş (PDF)"), required=False),
]


@dataclass(frozen=True)
class CriterionSpec:
    label: dict[str, str]
    description: dict[str, str]
    max_score: int
    weight: Decimal


ACCELERATOR_CRITERIA = [
    CriterionSpec(
        _t("Innovation and technology", "İnnovasiya və texnologiya", "Yenilik ve teknoloji"),
        _t(
            "How new is the product, and how well does the team master the technology?",
            "Məhsul nə dərəcədə yenidir və komanda texnologiyaya nə qədər yiyələnib?",
            "Ürün ne kadar yenilikçi ve ekip teknolojiye ne kadar hâkim?",
        ),
        10,
        Decimal("3"),
    ),
    CriterionSpec(
        _t("Market in both countries", "Hər iki ölkədə bazar", "İki ülkedeki pazar"),
        _t(
            "Are there paying customers in Türkiye and Azerbaijan, and a credible way to "
            "reach them?",
            "Türkiyədə və Azərbaycanda ödəniş edəcək müştərilər və onlara çatmağın inandırıcı "
            "yolu varmı?",
            "Türkiye'de ve Azerbaycan'da ödeme yapacak müşteriler ve onlara ulaşmanın "
            "inandırıcı bir yolu var mı?",
        ),
        10,
        Decimal("3"),
    ),
    CriterionSpec(
        _t("Team", "Komanda", "Ekip"),
        _t(
            "Can this team deliver a pilot during the programme?",
            "Bu komanda proqram müddətində pilot layihəni həyata keçirə bilərmi?",
            "Bu ekip program süresince bir pilot projeyi hayata geçirebilir mi?",
        ),
        10,
        Decimal("2"),
    ),
    CriterionSpec(
        _t("Fit with the programme", "Proqrama uyğunluq", "Programa uygunluk"),
        _t(
            "Will mentoring, a pilot and the cross-border network make a real difference?",
            "Mentorluq, pilot layihə və sərhədlərarası şəbəkə real fərq yaradacaqmı?",
            "Mentorluk, pilot proje ve sınır ötesi ağ gerçek bir fark yaratacak mı?",
        ),
        5,
        Decimal("2"),
    ),
]

TRANSFER_CRITERIA = [
    CriterionSpec(
        _t(
            "Maturity of the technology",
            "Texnologiyanın hazırlıq səviyyəsi",
            "Teknolojinin olgunluğu",
        ),
        _t(
            "Technology readiness level, and evidence from tests and pilots.",
            "Texnoloji hazırlıq səviyyəsi, sınaq və pilot layihələrin nəticələri.",
            "Teknoloji hazırlık seviyesi ve test ile pilotlardan elde edilen kanıtlar.",
        ),
        9,
        Decimal("1"),
    ),
    CriterionSpec(
        _t("Value for the adopter", "Tətbiq edən üçün dəyər", "Kullanan kuruluş için değer"),
        _t(
            "What the adopter in the other country gains, in money or capability.",
            "Digər ölkədə texnologiyanı tətbiq edənin pul və ya imkan baxımından qazancı.",
            "Diğer ülkedeki kullanıcının para ya da yetkinlik olarak kazancı.",
        ),
        10,
        Decimal("1.5"),
    ),
    CriterionSpec(
        _t("Transfer plan", "Transfer planı", "Transfer planı"),
        _t(
            "Rights are clear, partners committed and the schedule realistic.",
            "Hüquqlar aydındır, tərəfdaşlar öhdəlik götürüb, cədvəl realdır.",
            "Haklar açık, ortaklar kararlı, takvim gerçekçi.",
        ),
        10,
        Decimal("1"),
    ),
]

ACCELERATOR_STAGE = _t("Expert review", "Ekspert qiymətləndirməsi", "Uzman değerlendirmesi")
TRANSFER_STAGE = _t(
    "Blind expert review", "Anonim ekspert qiymətləndirməsi", "Kör hakem değerlendirmesi"
)


# --- projects ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Project:
    """One application: by a company (``applicant`` is its slug; its admin applies) or by
    a person (``applicant`` is their e-mail address)."""

    applicant: str
    language: str
    title: str
    summary: str
    answers: dict[int, Any]  # question position → the value as the form stores it
    quality: int = 0  # 0–100: what the reviewers make of it
    status: str = Status.SUBMITTED  # draft, submitted or withdrawn; decisions follow reviews
    topics: str = ""  # what reviewers' expertise is matched against
    saves: int = 2  # drafts saved before submitting (the version counts them)


TECH_TOPICS = {
    "Artificial intelligence": "artificial intelligence, machine learning, computer vision",
    "Robotics": "robotics, industrial automation, control systems, mechatronics",
    "Internet of things": "iot, internet of things, sensors",
    "Embedded systems": "embedded systems, power electronics",
    "Cybersecurity": "cybersecurity, intrusion detection",
    "Photonics": "photonics, optical sensors, fibre optics",
    "Other": "",
}


def _accelerator(
    company: str,
    language: str,
    quality: int,
    title: str,
    summary: str,
    *,
    stage: str,
    problem: str,
    plan: str,
    employees: int,
    revenue: int,
    techs: list[str],
    url: str = "",
    status: str = Status.SUBMITTED,
    saves: int = 2,
) -> Project:
    answers = {0: stage, 1: problem, 2: plan, 3: str(employees), 4: str(revenue), 5: techs}
    if url:
        answers[6] = url
    topics = ", ".join(filter(None, (TECH_TOPICS[t] for t in techs)))
    return Project(company, language, title, summary, answers, quality, status, topics, saves=saves)


ACCELERATOR_PROJECTS = [
    _accelerator(
        SHOWCASE_COMPANY_SLUG,
        "tr",
        90,
        "Görüntü işleme destekli işbirlikçi robot hücreleriyle Azerbaycan pazarına giriş",
        "Otomotiv yan sanayi için geliştirdiğimiz, kendi kontrolcümüzle çalışan işbirlikçi "
        "robot hücrelerini Azerbaycan'daki gıda ve içecek üreticilerine uyarlamak ve Bakü'de "
        "bir entegrasyon ortağıyla ilk pilotu kurmak istiyoruz.",
        stage="Growing revenue",
        problem="Marmara'daki KOBİ ölçeğindeki üreticiler paketleme ve makine besleme "
        "hatlarında vardiya başına iki üç operatörü tekrarlayan işlere ayırıyor. "
        "Hücrelerimiz görüntü işlemeyle farklı ürünleri tanıyor, bir günde kuruluyor ve "
        "mevcut hatta güvenlik çiti olmadan çalışıyor.",
        plan="Bakü ve Sumqayıt'ta iki gıda üreticisiyle ücretli pilot yapmak, yerel bir "
        "entegrasyon firmasıyla bayilik anlaşması imzalamak ve servis için iki Azerbaycanlı "
        "mühendisi eğitmek.",
        employees=38,
        revenue=2_400_000,
        techs=["Artificial intelligence", "Robotics", "Embedded systems"],
        url="https://pusula-robotik.example/cobot-cells",
        saves=4,
    ),
    _accelerator(
        "nizami-speech",
        "en",
        86,
        "Azerbaijani and Turkish speech recognition for call centres",
        "Our Azerbaijani speech-recognition engine already transcribes calls for two Baku "
        "banks. We want to add Turkish, adapt the models to industrial vocabulary and sign "
        "our first call-centre customer in Türkiye.",
        stage="First customers",
        problem="Call centres in Azerbaijan cannot search or analyse their calls because "
        "global speech engines handle Azerbaijani poorly. Our models, trained on 4,000 hours "
        "of local speech, reach a word error rate of 11% on banking calls and run on the "
        "customer's own servers.",
        plan="Train a Turkish model with a GOSB partner, run a three-month pilot with a "
        "call centre in Kocaeli and find a reseller for Turkish banks.",
        employees=14,
        revenue=180_000,
        techs=["Artificial intelligence"],
        url="https://nizami-speech.example/demo",
    ),
    _accelerator(
        "vega-robotik",
        "tr",
        84,
        "İç lojistik için otonom mobil robot filosu",
        "Fabrika içi malzeme taşımayı otomatikleştiren otonom mobil robotlarımızı, filo "
        "yönetim yazılımıyla birlikte Azerbaycan'daki fabrikalara ve lojistik merkezlerine "
        "sunmak istiyoruz.",
        stage="Growing revenue",
        problem="Orta ölçekli fabrikalarda forkliftle yapılan hat besleme hem iş kazalarına "
        "hem de üretim duruşlarına yol açıyor. Robotlarımız yerleşim planını değiştirmeden "
        "lazer tarayıcılarla yolunu buluyor ve MES sistemlerine bağlanıyor.",
        plan="Sumqayıt Kimya Sanayi Parkı'ndaki bir fabrikada altı robotluk pilot filo "
        "kurmak ve Azerbaycan'da satış sonrası destek verecek bir ortak bulmak.",
        employees=22,
        revenue=950_000,
        techs=["Robotics", "Embedded systems"],
    ),
    _accelerator(
        "xezer-analytics",
        "en",
        82,
        "Credit-risk scoring for small-business lenders in Türkiye",
        "Xəzər Analytics scores the credit risk of small businesses from bank-transaction "
        "data for four Azerbaijani banks. We want to adapt the models to Turkish regulation "
        "and pilot them with a participation bank.",
        stage="Growing revenue",
        problem="Banks lend little to small firms because they lack audited accounts. Our "
        "models read twelve months of transactions and predict default with a Gini of 0.62, "
        "cutting the time to a credit decision from two weeks to two days.",
        plan="Meet three Turkish lenders through GOSB Teknopark's network, back-test the "
        "models on anonymised data with one of them and open a small office in Istanbul.",
        employees=31,
        revenue=620_000,
        techs=["Artificial intelligence", "Other"],
    ),
    _accelerator(
        "kasif-yazilim",
        "en",
        80,
        "Demand forecasting for spare-parts distributors",
        "We forecast spare-parts demand for distributors of the automotive after-market with "
        "machine learning. We want to prove the product with an Azerbaijani distributor and "
        "offer it in Azerbaijani.",
        stage="First customers",
        problem="Parts distributors either keep too much stock or lose sales to empty "
        "shelves. Our models learn from sales, seasons and the local car fleet, and cut "
        "stock by 18% at our first customers while keeping service levels.",
        plan="Translate the interface into Azerbaijani, pilot with a Baku distributor of "
        "automotive parts and sign a paying customer before demo day.",
        employees=9,
        revenue=240_000,
        techs=["Artificial intelligence"],
        url="https://kasif-yazilim.example/forecast",
    ),
    _accelerator(
        "araz-agrosense",
        "az",
        79,
        "Gəncə fermerləri üçün torpaq nəmliyi sensorları və suvarma tövsiyələri",
        "Torpaq nəmliyi sensorlarımız və mobil tətbiqimiz Gəncə ətrafında 40 fermer "
        "təsərrüfatına suyu nə vaxt və nə qədər verməyi göstərir. Proqramda sensorların "
        "istehsalını GOSB Texnoparkındakı elektronika şirkəti ilə ucuzlaşdırmaq və "
        "Türkiyədə ilk satışları etmək istəyirik.",
        stage="First customers",
        problem="Fermerlər suvarmanı göz əndazəsi ilə edir, bu isə su itkisinə və "
        "məhsuldarlığın düşməsinə səbəb olur. Sensorlarımız hər 15 dəqiqədən bir ölçü "
        "aparır, tətbiq isə hava proqnozunu nəzərə alaraq sadə tövsiyə verir; pilot "
        "təsərrüfatlarda su sərfi 25% azalıb.",
        plan="GOSB Texnoparkındakı elektronika istehsalçısı ilə sensor lövhəsini yenidən "
        "layihələndirmək, qiyməti iki dəfə azaltmaq və Konya bölgəsində iki kooperativlə "
        "sınaq keçirmək.",
        employees=6,
        revenue=45_000,
        techs=["Internet of things"],
    ),
    _accelerator(
        "odlar-robotics",
        "az",
        66,
        "Məktəblər üçün təhsil robototexnikası dəstləri",
        "Azərbaycan dilində dərs planları olan robototexnika dəstlərimiz 30 məktəbdə "
        "istifadə olunur. Türkiyədəki STEM mərkəzləri üçün türkcə versiya hazırlamaq və "
        "dəstlərin bir hissəsini Gebzedə istehsal etmək istəyirik.",
        stage="First customers",
        problem="Məktəblərə gətirilən robototexnika dəstləri bahadır, dərs materialları isə "
        "ingilis dilindədir. Dəstlərimiz yerli müəllimlərlə hazırlanmış 36 dərslik "
        "proqramla gəlir və idxal dəstlərindən üç dəfə ucuzdur.",
        plan="Türk dilində dərs planlarını hazırlamaq, Kocaelidə iki STEM mərkəzi ilə "
        "pilot keçirmək və GOSB Texnoparkında müqavilə əsasında istehsal edəcək tərəfdaş "
        "tapmaq.",
        employees=7,
        revenue=60_000,
        techs=["Robotics", "Embedded systems"],
    ),
    _accelerator(
        "gebze-bilisim",
        "en",
        68,
        "Security monitoring for industrial control networks",
        "Our passive monitoring appliance detects anomalies in PLC and SCADA traffic "
        "without touching production. We want an integration partner in Azerbaijan for "
        "energy and water utilities.",
        stage="Growing revenue",
        problem="Plants connect their control networks to the office network and the "
        "internet, but cannot see what talks to their PLCs. Our appliance learns normal "
        "traffic in two weeks and raises alerts that operators understand.",
        plan="Demonstrate the appliance at a utility in Sumgait, certify it with an "
        "Azerbaijani security integrator and train their engineers.",
        employees=28,
        revenue=1_100_000,
        techs=["Cybersecurity"],
    ),
    _accelerator(
        "derince-lojistik-teknolojileri",
        "tr",
        67,
        "Orta Koridor'daki yük taşımacıları için konteyner takip cihazı",
        "Konteynerlerin konumunu, sıcaklığını ve kapı açılmalarını izleyen IoT cihazımızı "
        "Bakü–Tiflis–Kars demiryolu hattında çalışan taşımacılara sunmak istiyoruz.",
        stage="First customers",
        problem="Orta Koridor'da bir konteyner sınır kapılarında günlerce bekleyebiliyor ve "
        "gönderici yükünün nerede olduğunu bilmiyor. Cihazımız uydu ve GSM üzerinden veri "
        "gönderiyor, pili üç ay dayanıyor ve gümrük beklemelerini otomatik raporluyor.",
        plan="Bakü Limanı'nı kullanan iki taşımacıyla 100 cihazlık bir pilot yapmak ve "
        "Azerbaycan'daki bir lojistik yazılımı şirketiyle entegrasyon kurmak.",
        employees=8,
        revenue=150_000,
        techs=["Internet of things"],
    ),
    _accelerator(
        "qala-cyber",
        "az",
        66,
        "Kiçik banklar üçün təhlükəsizlik monitorinqi xidməti",
        "Qala Cyber Azərbaycanda altı maliyyə qurumuna 24/7 təhlükəsizlik monitorinqi və "
        "insidentlərə cavab xidməti göstərir. Türkiyədəki kiçik iştirak bankları və ödəniş "
        "şirkətləri üçün xidmət paketi hazırlamaq istəyirik.",
        stage="Growing revenue",
        problem="Kiçik maliyyə qurumları öz təhlükəsizlik əməliyyat mərkəzini saxlaya "
        "bilmir, tənzimləyici isə insidentlərin 24 saat ərzində bildirilməsini tələb edir. "
        "Xidmətimiz insidentləri avtomatik təsnif edir və hesabatı tənzimləyicinin "
        "formatında hazırlayır.",
        plan="Türkiyənin tənzimləmə tələblərini öyrənmək, İstanbulda bir ödəniş şirkəti ilə "
        "üç aylıq sınaq keçirmək və yerli tərəfdaş tapmaq.",
        employees=19,
        revenue=410_000,
        techs=["Cybersecurity"],
    ),
    _accelerator(
        "kuzey-muhendislik",
        "tr",
        60,
        "Sanayi tesisleri için 3B baskılı metal yedek parça",
        "Üretimi durmuş makine parçalarını tersine mühendislikle yeniden tasarlayıp metal "
        "3B baskıyla birkaç gün içinde üretiyoruz. Azerbaycan'daki petrokimya tesislerine "
        "hizmet vermek istiyoruz.",
        stage="First customers",
        problem="Eski makinelerin yedek parçaları artık üretilmiyor ve bir parçayı yurt "
        "dışından getirmek haftalar sürüyor. Parçayı tarıyor, yeniden tasarlıyor ve baskı "
        "sonrası ısıl işlemle teslim ediyoruz.",
        plan="Sumqayıt'taki iki tesis için numune parçalar üretmek ve Sumqayıt 3D Print ile "
        "yerel üretim ortaklığını görüşmek.",
        employees=6,
        revenue=210_000,
        techs=["Other"],
    ),
    _accelerator(
        "ilgaz-optik",
        "tr",
        57,
        "Boru hatları için fiber optik sızıntı algılama",
        "Dağıtık akustik algılamayla boru hatlarındaki sızıntıları ve kazı faaliyetlerini "
        "tespit eden sistemimizi Azerbaycan'daki boru hattı işletmecilerine tanıtmak "
        "istiyoruz.",
        stage="Growing revenue",
        problem="Uzun boru hatlarında sızıntılar çoğu zaman günler sonra fark ediliyor. "
        "Sistemimiz hattın yanındaki fiber kabloyu bir sensöre dönüştürüyor ve olayın yerini "
        "10 metre hassasiyetle bildiriyor.",
        plan="Bakü'de bir boru hattı işletmecisine 20 kilometrelik bir test hattında "
        "gösterim yapmak.",
        employees=24,
        revenue=1_300_000,
        techs=["Photonics"],
    ),
    _accelerator(
        "yildiz-simulasyon",
        "tr",
        55,
        "Ağır iş makinesi operatörleri için sanal gerçeklik eğitim simülatörü",
        "Ekskavatör ve vinç operatörleri için geliştirdiğimiz sanal gerçeklik simülatörünü "
        "Azerbaycan'daki meslek eğitim merkezlerine uyarlamak istiyoruz.",
        stage="Growing revenue",
        problem="Operatör adayları gerçek makinede eğitim alırken yakıt, bakım ve kaza riski "
        "maliyeti yüksek. Simülatörümüz eğitim süresinin yarısını sanal ortama taşıyor.",
        plan="Azerbaycanca bir arayüz hazırlamak ve Bakü'de bir meslek eğitim merkeziyle "
        "deneme eğitimi yapmak.",
        employees=64,
        revenue=3_800_000,
        techs=["Other"],
    ),
    _accelerator(
        "vektor-bilisim",
        "tr",
        52,
        "Belediyeler için siber olay müdahale platformu",
        "Belediyelerin bilgi işlem ekiplerinin siber olayları tek ekrandan yönetmesini "
        "sağlayan platformumuzu Azerbaycan'daki yerel yönetimlere sunmak istiyoruz.",
        stage="Growing revenue",
        problem="Küçük belediyelerin güvenlik ekibi yok; olaylar e-posta ve telefonla takip "
        "ediliyor. Platformumuz alarmları topluyor, önceliklendiriyor ve müdahale adımlarını "
        "gösteriyor.",
        plan="Azerbaycan'daki mevzuatı incelemek ve bir pilot belediye bulmak.",
        employees=26,
        revenue=880_000,
        techs=["Cybersecurity", "Artificial intelligence"],
    ),
    _accelerator(
        "sumqayit-polimer",
        "az",
        49,
        "Təkrar emal olunmuş polimerdən tikinti profilləri",
        "Sənaye tullantısı olan polietileni tikinti profillərinə çeviririk. Türkiyədə tikinti "
        "materialları istehsalçıları ilə əməkdaşlıq etmək istəyirik.",
        stage="Growing revenue",
        problem="Sumqayıtda zavodlardan çıxan polimer tullantılarının böyük hissəsi "
        "poliqonlara gedir. Kompozisiyamız bu tullantıdan möhkəm və ucuz profil hazırlamağa "
        "imkan verir.",
        plan="Gebzedə bir istehsalçı ilə sınaq partiyası hazırlamaq.",
        employees=21,
        revenue=520_000,
        techs=["Other"],
    ),
    _accelerator(
        "poyraz-optik",
        "tr",
        46,
        "Termal kameralar için yerli lens üretimi",
        "Termal kameralarda kullanılan germanyum lensleri üretiyoruz ve Azerbaycan'daki "
        "güvenlik kamerası üreticilerine tedarikçi olmak istiyoruz.",
        stage="Scaling to other countries",
        problem="Termal lensler büyük ölçüde ithal ediliyor ve teslim süreleri uzun. Hassas "
        "işleme ve kaplama hattımızla lensleri dört haftada teslim ediyoruz.",
        plan="Bakü'deki üç kamera entegratörüyle görüşmek.",
        employees=70,
        revenue=4_200_000,
        techs=["Photonics"],
    ),
    _accelerator(
        "dilovasi-savunma",
        "en",
        62,
        "Rugged mission computers for surveillance towers",
        "We build rugged mission computers for electro-optical systems and want to adapt "
        "them to surveillance towers for Azerbaijani infrastructure operators.",
        stage="Growing revenue",
        problem="Surveillance towers need computers that run in summer heat and Caspian "
        "humidity. Ours are qualified to MIL-STD-810 and process images on board.",
        plan="Meet integrators of surveillance systems in Baku and adapt the enclosure.",
        employees=85,
        revenue=6_500_000,
        techs=["Photonics", "Embedded systems"],
        status=Status.WITHDRAWN,
    ),
]


def _transfer(
    company: str,
    language: str,
    quality: int,
    title: str,
    summary: str,
    *,
    kind: str,
    technology: str = "",
    adoption: str = "",
    trl: int | None = None,
    partner: str = "",
    start_in_days: int | None = None,
    topics: str = "",
    status: str = Status.SUBMITTED,
    saves: int = 2,
) -> Project:
    answers: dict[int, Any] = {0: kind}
    if technology:
        answers[1] = technology
    if adoption:
        answers[2] = adoption
    if trl is not None:
        answers[3] = str(trl)
    if partner:
        answers[4] = partner
    if start_in_days is not None:
        answers[5] = start_in_days  # days after the demo's anchor day: a date when loaded
    return Project(company, language, title, summary, answers, quality, status, topics, saves)


TRANSFER_PROJECTS_1 = [
    _transfer(
        "ilgaz-optik",
        "tr",
        84,
        "Trafo sargıları için fiber optik sıcaklık sensörlerinin lisanslanması",
        "Gebze Teknik Üniversitesi ile geliştirdiğimiz fiber Bragg ızgaralı sıcaklık "
        "sensörlerinin üretim ve kullanım lisansını Azerbaycan'daki bir elektrik dağıtım "
        "şirketinin bakım iştirakine vermek istiyoruz.",
        kind="Licence",
        technology="Sensör, trafo sargısının sıcaklığını elektromanyetik gürültüden "
        "etkilenmeden doğrudan ölçüyor. Patent başvurusu Gebze Teknik Üniversitesi ile "
        "ortak; ticari kullanım hakları münhasır lisansla şirketimizde.",
        adoption="Bakü'deki bakım şirketi sensörleri önce 40 trafo merkezinde kullanacak, "
        "ikinci yıldan itibaren montajı kendi atölyesinde yapacak. Eğitimi ve kalibrasyon "
        "cihazlarını biz sağlayacağız.",
        trl=6,
        partner="Bakü'de bir elektrik dağıtım şirketinin bakım iştiraki",
        start_in_days=75,
        topics="photonics, optical sensors, fibre optics, technology transfer",
    ),
    _transfer(
        "sumqayit-polimer",
        "az",
        79,
        "Təkrar emal olunmuş polietilen üçün nanogil qatqısının birgə işlənməsi",
        "Gebze Texniki Universitetinin materialşünaslıq laboratoriyası ilə birlikdə təkrar "
        "emal olunmuş polietilenin möhkəmliyini artıran nanogil qatqısını sənaye miqyasına "
        "çatdırmaq istəyirik.",
        kind="Joint development",
        technology="Qatqının tərkibi universitetin patent müraciətinə aiddir; emal "
        "texnologiyası və Sumqayıtdakı sınaq xəttinin nəticələri şirkətimizə məxsusdur. "
        "Sınaq partiyalarında dartılmaya qarşı möhkəmlik 30% artıb.",
        adoption="Gebzedəki qablaşdırma istehsalçısı qatqını öz xəttində sınayacaq; uğurlu "
        "olarsa, onu lisenziya ilə Türkiyədə istehsal edəcək, biz isə Azərbaycan bazarını "
        "təmin edəcəyik.",
        trl=5,
        partner="Gebze Teknik Üniversitesi, Malzeme Bilimi ve Mühendisliği Bölümü",
        topics="nanomaterials, polymer recycling, composites, polymers, chemical engineering",
    ),
    _transfer(
        "nizami-speech",
        "en",
        75,
        "Licensing an Azerbaijani speech model to a Turkish call-centre software vendor",
        "We want to license our Azerbaijani speech-recognition model to a Kocaeli company "
        "that sells call-centre software, so that its customers in Azerbaijan can search "
        "and analyse their calls.",
        kind="Licence",
        technology="The acoustic and language models are ours, trained on 4,000 hours of "
        "speech we recorded or licensed. We deliver them as containers that run on the "
        "customer's servers, with a yearly update.",
        adoption="The vendor builds the model into its analytics module; its three bank "
        "customers in Baku start using it within six months. We train the vendor's support "
        "team in Baku and Gebze.",
        trl=8,
        partner="A call-centre software company at GOSB Teknopark (talks under NDA)",
        start_in_days=60,
        topics="artificial intelligence, machine learning, natural language processing",
    ),
    _transfer(
        "kuzey-muhendislik",
        "tr",
        71,
        "Sumqayıt'ta metal 3B baskıyla yedek parça üretimi pilotu",
        "Tersine mühendislik ve metal 3B baskı yöntemimizi Sumqayıt 3D Print ile birlikte "
        "Sumqayıt Kimya Sanayi Parkı'ndaki tesislerde pilot olarak uygulamak istiyoruz.",
        kind="Pilot deployment",
        technology="Parça tarama, yeniden tasarım ve baskı sonrası ısıl işlem süreçlerimiz "
        "şirketimize ait; proses parametreleri ticari sır olarak korunuyor.",
        adoption="Sumqayıt 3D Print, bizim eğitimimizle ilk on parçayı yerelde basacak; "
        "tesisler bu parçaları altı ay boyunca sahada deneyecek.",
        trl=7,
        partner="Sumqayıt 3D Print MMC",
        topics="3d printing, additive manufacturing, mechatronics",
    ),
    _transfer(
        "vega-robotik",
        "tr",
        67,
        "Tarım ürünleri depoları için mobil robotun ortak geliştirilmesi",
        "Otonom mobil robotumuzu Gence'deki meyve ve sebze depolarının soğuk ve nemli "
        "ortamına uyarlamak için Azerbaycanlı bir mühendislik ekibiyle ortak geliştirme "
        "yapmak istiyoruz.",
        kind="Joint development",
        technology="Robotun navigasyon yazılımı ve motor sürücüleri şirketimize ait; ortak "
        "geliştirilecek soğuk ortam paketinin hakları ortaklar arasında paylaşılacak.",
        adoption="Gence'deki bir soğuk hava deposu işletmesi iki robotu bir sezon boyunca "
        "kullanacak; bakım ve servisi yerel ortak verecek.",
        trl=6,
        topics="robotics, embedded systems, industrial automation, control systems",
    ),
    _transfer(
        "qala-cyber",
        "az",
        63,
        "SCADA şəbəkələri üçün anomaliya aşkarlama modelinin lisenziyalaşdırılması",
        "Kommunal müəssisələrin SCADA şəbəkələrində anomaliyaları aşkarlayan modelimizi "
        "Türkiyədə sənaye təhlükəsizliyi xidməti göstərən şirkətə lisenziya ilə vermək "
        "istəyirik.",
        kind="Licence",
        technology="Model Azərbaycandakı iki su təchizatı müəssisəsinin trafiki üzərində "
        "öyrədilib; kod və modelin parametrləri şirkətimizə məxsusdur.",
        adoption="GOSB Texnoparkındakı təhlükəsizlik şirkəti modeli öz monitorinq xidmətinə "
        "qoşacaq və Kocaelidəki zavodlarda istifadə edəcək.",
        trl=6,
        topics="cybersecurity, intrusion detection, machine learning",
    ),
    _transfer(
        "araz-agrosense",
        "az",
        60,
        "Konya kooperativlərində torpaq nəmliyi sensorlarının pilot tətbiqi",
        "Torpaq nəmliyi sensorlarımızı və suvarma tövsiyəsi verən tətbiqimizi Türkiyədə iki "
        "kənd təsərrüfatı kooperativində bir mövsüm sınaqdan keçirmək istəyirik.",
        kind="Pilot deployment",
        technology="Sensorun dizaynı və tövsiyə alqoritmi şirkətimizə məxsusdur; faydalı "
        "model üçün Azərbaycanda müraciət etmişik.",
        adoption="Konyadakı iki kooperativ 60 sensoru öz sahələrində quraşdıracaq; "
        "tətbiqi GOSB Texnoparkındakı tərəfdaşımız türk dilində təqdim edəcək.",
        trl=7,
        start_in_days=110,
        topics="iot, sensors, big data",
    ),
    _transfer(
        "poyraz-optik",
        "tr",
        57,
        "Kızılötesi lens kaplama teknolojisinin lisanslanması",
        "Germanyum lensler için geliştirdiğimiz yansıma önleyici kaplama sürecinin lisansını "
        "Bakü'deki bir optik atölyesine vermek istiyoruz.",
        kind="Licence",
        technology="Kaplama süreci şirketimizin patentli yöntemine dayanıyor; kaplama "
        "makinesinin tasarımı da bize ait.",
        adoption="Bakü'deki atölye güvenlik kameraları için lensleri yerelde kaplayacak; ilk "
        "yıl 2.000 lens hedefleniyor.",
        trl=8,
        topics="photonics, coatings, laser physics",
    ),
    _transfer(
        "gebze-bilisim",
        "en",
        54,
        "Joint development of a threat-intelligence feed for the Caspian region",
        "With an Azerbaijani research institute we want to build a threat-intelligence feed "
        "on attacks that target companies in Azerbaijan and Türkiye, in both languages.",
        kind="Joint development",
        technology="Our collection platform and parsers are ours; the institute brings its "
        "honeypot network and analysts. The results would be owned jointly.",
        adoption="Banks and utilities in both countries subscribe to the feed; the institute "
        "runs the Azerbaijani part.",
        trl=4,
        partner="Absheron Institute of Applied Informatics",
        topics="cybersecurity, intrusion detection, big data",
    ),
    _transfer(
        "odlar-robotics",
        "az",
        50,
        "Təhsil robotları üçün açıq mənbəli idarəetmə lövhəsinin birgə hazırlanması",
        "Robototexnika dəstlərimiz üçün açıq mənbəli idarəetmə lövhəsini GOSB "
        "Texnoparkındakı elektronika şirkəti ilə birlikdə hazırlamaq və hər iki ölkədə "
        "istehsal etmək istəyirik.",
        kind="Joint development",
        technology="Lövhənin sxemi açıq lisenziya ilə paylaşılacaq; proqram təminatı və dərs "
        "materialları şirkətimizə məxsusdur.",
        adoption="GOSB Texnoparkındakı elektronika şirkəti lövhəni Türkiyədə istehsal edib "
        "satacaq, biz isə onu Azərbaycanda məktəblərə çatdıracağıq.",
        trl=5,
        topics="robotics, embedded systems, power electronics",
    ),
]

TRANSFER_PROJECTS_2 = [
    # The demo company admin's draft: the second long answer is still missing.
    _transfer(
        SHOWCASE_COMPANY_SLUG,
        "tr",
        0,
        "Azerbaycan'daki içecek tesislerinde görüntü işleme destekli paketleme hücresi pilotu",
        "Bakü'deki bir içecek dolum tesisinde işbirlikçi robot hücremizi kurup altı ay "
        "boyunca verimlilik verisi toplamak ve teknolojiyi yerel bir entegratöre devretmek "
        "istiyoruz.",
        kind="Pilot deployment",
        technology="Hücrenin kontrolcüsü, görüntü işleme yazılımı ve tutucu tasarımları "
        "şirketimize ait; iki faydalı model tescilimiz var.",
        trl=7,
        status=Status.DRAFT,
    ),
    _transfer(
        "xezer-analytics",
        "en",
        72,
        "Licensing churn-prediction models to Turkish telecom resellers",
        "Our churn models for mobile operators reduced churn by 9% at an Azerbaijani "
        "operator. We want to license them to two Turkish resellers that serve regional "
        "operators.",
        kind="Licence",
        technology="The models and the feature pipeline are ours; operators keep their "
        "data, which never leaves their servers.",
        adoption="Two resellers in Istanbul and Kocaeli add the models to their CRM offer; "
        "we train their data teams and share the revenue.",
        trl=8,
        topics="big data, machine learning, artificial intelligence",
        saves=3,
    ),
    _transfer(
        "kasif-yazilim",
        "en",
        68,
        "Joint development of demand forecasting for Azerbaijani pharmacy chains",
        "With a Baku software house we want to adapt our demand-forecasting engine to "
        "pharmacy chains in Azerbaijan, whose stock depends on seasons and imports.",
        kind="Joint development",
        technology="The forecasting engine is ours; the Baku partner brings its pharmacy "
        "software and its customers. New modules would be owned jointly.",
        adoption="Two pharmacy chains in Baku use the forecasts for six months; the partner "
        "sells and supports the product in Azerbaijan.",
        trl=6,
        partner="A Baku software house working for pharmacy chains",
        start_in_days=90,
        topics="machine learning, big data, software architecture",
    ),
    _transfer(
        "derince-lojistik-teknolojileri",
        "tr",
        0,
        "Bakü Limanı'ndaki konteyner takip verisinin paylaşımı",
        "",
        kind="Pilot deployment",
        status=Status.DRAFT,
        saves=1,
    ),
]

TRAINING_PROJECTS = [
    Project(
        "busra.yavuz@mail.example",
        "tr",
        "Robot hücrelerinde makine görmesi",
        "Bitirme projemde derin öğrenmeyle kusur tespiti yaptım; bunu gerçek bir robot "
        "hücresinde uygulamayı öğrenmek istiyorum.",
        {
            0: "Robotics",
            1: "Gebze Teknik Üniversitesi'nde bilgisayar mühendisliği son sınıf öğrencisiyim. "
            "Bitirme projemde kamera görüntülerinden kusur tespit eden bir model geliştirdim "
            "ama onu hiç gerçek bir üretim hattında çalıştırmadım. Eğitimde PLC ve robot "
            "programlamayı öğrenip mezun olduktan sonra GOSB'deki bir otomasyon şirketinde "
            "çalışmak istiyorum.",
            2: "Gebze Teknik Üniversitesi, Bilgisayar Mühendisliği",
            3: ["English", "Turkish"],
        },
    ),
    Project(
        "murad.hasanli@mail.example",
        "az",
        "Sənaye verilənləri ilə işləməyi öyrənmək",
        "Məlumat analitiki kimi işləyirəm və biliklərimi istehsalat verilənlərinə tətbiq "
        "etmək istəyirəm.",
        {
            0: "Data and AI",
            1: "Bakıda kiçik məlumat analitiki kimi işləyirəm, Python və SQL ilə hesabatlar "
            "hazırlayıram. Sumqayıtdakı zavodların rəqəmsallaşmasında iştirak etmək "
            "istəyirəm, amma sənaye avadanlığından gələn verilənlərlə işləmə təcrübəm yoxdur. "
            "Təlimdən sonra öyrəndiklərimi Sumqayıt İnnovasiya Mərkəzindəki startaplarla "
            "bölüşmək niyyətindəyəm.",
            2: "Bakı Dövlət Universiteti, tətbiqi riyaziyyat (məzun)",
            3: ["English", "Azerbaijani", "Turkish"],
        },
        saves=3,
    ),
    Project(
        "togrul.ahmadli@mail.example",
        "az",
        "Kimya zavodlarında avtomatlaşdırma",
        "",
        {0: "Industrial automation", 2: "Sumqayıt Dövlət Universiteti, kimya mühəndisliyi"},
        status=Status.DRAFT,
        saves=1,
    ),
]


# --- calls -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Timing:
    """Days relative to the demo's anchor day (negative: before it)."""

    opens: int
    closes: int
    published: int | None = None  # reviewer assignments published
    reviews_until: int | None = None  # last day reviews were submitted
    decided: int | None = None


@dataclass(frozen=True)
class CallSpec:
    programme: str
    slug: str
    title: dict[str, str]
    description: dict[str, str]
    timing: Timing
    form: list[QuestionSpec]
    projects: list[Project]
    applicant_kind: str = Call.ApplicantKind.COMPANY
    eligible_countries: tuple[str, ...] = ("AZ", "TR")
    eligible_company_kinds: tuple[str, ...] = ()
    reviews_per_application: int = 3
    stage: dict[str, str] | None = None
    criteria: list[CriterionSpec] = field(default_factory=list)
    aggregate: str = ReviewStage.Aggregate.MEAN
    blind: bool = False
    stage_open: bool = True
    pool: list[tuple[str, int, int]] = field(default_factory=list)  # (e-mail, min, max)
    assign: bool = False  # assignments and reviews in this call
    places: tuple[int, int] = (0, 0)  # (accepted, waitlisted) when decided


GOSB_POOL = [
    ("reviewer@korpu.example", 5, 9),
    ("deniz.erdem@gtu.example", 0, 8),
    ("nurlan.haciyev@ada-university.example", 0, 8),
    ("lala.axundova@aztu.example", 0, 8),
    ("canan.ozdemir@caspian-bridge.example", 0, 8),
    ("elif.sahin@gosbteknopark.example", 0, 8),
    ("kamran.aliyev@baku-innovation-centre.example", 0, 8),
]
TRANSFER_POOL = [
    ("reviewer@korpu.example", 4, 6),
    ("ahmet.yildirim@gtu.example", 0, 5),
    ("burak.ozturk@gosbteknopark.example", 0, 5),
    ("esra.aydemir@gtu.example", 0, 5),
    ("teymur.bagirov@aiai.example", 0, 5),
    ("gokhan.kilic@gtu.example", 0, 5),
    ("konul.rahimova@sdu.example", 0, 5),
]

CALLS = [
    CallSpec(
        programme=ACCELERATOR,
        slug="first-intake",
        title=_t(
            "First intake: industrial technology and AI",
            "Birinci qəbul: sənaye texnologiyaları və süni intellekt",
            "Birinci dönem: endüstriyel teknoloji ve yapay zekâ",
        ),
        description=_t(
            "For startups and SMEs from Türkiye and Azerbaijan with a working product in "
            "industrial technology, robotics, AI or cybersecurity. Six companies join the "
            "cohort; three experts review every application.",
            "Sənaye texnologiyaları, robototexnika, süni intellekt və ya kibertəhlükəsizlik "
            "sahəsində işlək məhsulu olan Türkiyə və Azərbaycan startapları və KOS-ları üçün. "
            "Qrupa altı şirkət qəbul olunur; hər müraciəti üç ekspert qiymətləndirir.",
            "Endüstriyel teknoloji, robotik, yapay zekâ ya da siber güvenlik alanında çalışan "
            "bir ürünü olan Türkiye ve Azerbaycan'daki girişimler ve KOBİ'ler için. Gruba "
            "altı şirket katılır; her başvuruyu üç uzman değerlendirir.",
        ),
        timing=Timing(opens=-260, closes=-215, published=-212, reviews_until=-201, decided=-196),
        form=ACCELERATOR_FORM,
        projects=ACCELERATOR_PROJECTS,
        eligible_company_kinds=("startup", "sme"),
        stage=ACCELERATOR_STAGE,
        criteria=ACCELERATOR_CRITERIA,
        stage_open=False,
        pool=GOSB_POOL,
        assign=True,
        places=(6, 4),
    ),
    CallSpec(
        programme=TECH_TRANSFER,
        slug="first-call",
        title=_t(
            "First call: licences, joint development and pilots",
            "Birinci çağırış: lisenziyalar, birgə işləmə və pilot layihələr",
            "Birinci çağrı: lisanslar, ortak geliştirme ve pilot projeler",
        ),
        description=_t(
            "Open to the companies of the Innovation Agency's innovation centres and of GOSB "
            "Teknopark. The review is blind: reviewers see the project, not the company. "
            "Results are announced four weeks after the deadline.",
            "İnnovasiya Agentliyinin innovasiya mərkəzlərinin və GOSB Texnoparkının "
            "şirkətləri üçün açıqdır. Qiymətləndirmə anonimdir: ekspertlər şirkəti deyil, "
            "layihəni görür. Nəticələr son müraciət tarixindən dörd həftə sonra elan olunur.",
            "Azerbaycan İnovasyon Ajansı'nın inovasyon merkezlerindeki ve GOSB Teknopark'taki "
            "şirketlere açıktır. Değerlendirme kördür: hakemler şirketi değil, projeyi görür. "
            "Sonuçlar son başvuru tarihinden dört hafta sonra açıklanır.",
        ),
        timing=Timing(opens=-75, closes=-21, published=-18, reviews_until=-2),
        form=TRANSFER_FORM,
        projects=TRANSFER_PROJECTS_1,
        reviews_per_application=2,
        stage=TRANSFER_STAGE,
        criteria=TRANSFER_CRITERIA,
        aggregate=ReviewStage.Aggregate.MEDIAN,
        blind=True,
        pool=TRANSFER_POOL,
        assign=True,
    ),
    CallSpec(
        programme=TECH_TRANSFER,
        slug="second-call",
        title=_t(
            "Second call: licences, joint development and pilots",
            "İkinci çağırış: lisenziyalar, birgə işləmə və pilot layihələr",
            "İkinci çağrı: lisanslar, ortak geliştirme ve pilot projeler",
        ),
        description=_t(
            "The second call of the year, open on the same terms. An application can be "
            "saved as a draft and completed by several colleagues before the deadline.",
            "İlin ikinci çağırışı, eyni şərtlərlə açıqdır. Müraciəti qaralama kimi saxlamaq "
            "və son tarixədək bir neçə həmkarla birlikdə tamamlamaq olar.",
            "Yılın ikinci çağrısı, aynı koşullarla açıktır. Başvuru taslak olarak "
            "kaydedilebilir ve son tarihe kadar birkaç çalışma arkadaşıyla birlikte "
            "tamamlanabilir.",
        ),
        timing=Timing(opens=-7, closes=35),
        form=TRANSFER_FORM,
        projects=TRANSFER_PROJECTS_2,
        reviews_per_application=2,
        stage=TRANSFER_STAGE,
        criteria=TRANSFER_CRITERIA,
        aggregate=ReviewStage.Aggregate.MEDIAN,
        blind=True,
        pool=TRANSFER_POOL,
    ),
    CallSpec(
        programme=TRAINING,
        slug="next-group",
        title=_t(
            "Applications for the next group",
            "Növbəti qrup üçün müraciətlər",
            "Bir sonraki grup için başvurular",
        ),
        description=_t(
            "For final-year students and recent graduates in engineering or computer science. "
            "24 places, half of them for participants from Azerbaijan.",
            "Mühəndislik və ya kompüter elmləri üzrə son kurs tələbələri və yeni məzunlar "
            "üçün. 24 yer; onların yarısı Azərbaycandan olan iştirakçılar üçündür.",
            "Mühendislik ya da bilgisayar bilimleri alanında son sınıf öğrencileri ve yeni "
            "mezunlar için. 24 kontenjan; yarısı Azerbaycan'dan katılımcılara ayrılmıştır.",
        ),
        timing=Timing(opens=-14, closes=28),
        form=TRAINING_FORM,
        projects=TRAINING_PROJECTS,
        applicant_kind=Call.ApplicantKind.PERSON,
        reviews_per_application=2,
    ),
]

DECLARED_RELATIONSHIPS = [
    (
        "canan.ozdemir@caspian-bridge.example",
        "xezer-analytics",
        "Investment manager at Caspian Bridge Ventures, which holds a stake in the company",
    ),
]
# (call, company, reviewer, note): a conflict the reviewer declared after assignments were
# published; the assignment went to another reviewer.
DECLARED_CONFLICTS = [
    (
        "first-intake",
        "vega-robotik",
        "deniz.erdem@gtu.example",
        "I supervised the doctoral thesis of the company's founder and we still publish together.",
    ),
]

DECISION_NOTES = {
    Status.ACCEPTED: _t(
        "Congratulations: you are in the cohort. The kick-off is in Gebze; we will send the "
        "programme and travel details this week.",
        "Təbrik edirik, qrupa qəbul olundunuz. Açılış Gebzedə olacaq; proqramı və səfər "
        "təfərrüatlarını bu həftə göndərəcəyik.",
        "Tebrikler, gruba kabul edildiniz. Açılış Gebze'de yapılacak; program ve seyahat "
        "ayrıntılarını bu hafta göndereceğiz.",
    ),
    Status.WAITLISTED: _t(
        "You are on the waiting list: if a place frees up before the kick-off, we will offer "
        "it to you.",
        "Gözləmə siyahısındasınız: açılışdan əvvəl yer boşalarsa, onu sizə təklif edəcəyik.",
        "Yedek listedesiniz: açılıştan önce bir yer boşalırsa size teklif edeceğiz.",
    ),
    Status.REJECTED: _t(
        "Thank you for applying. The reviewers valued your product but found the plan for "
        "the partner market too early for this intake; we hope to see you in a later one.",
        "Müraciətiniz üçün təşəkkür edirik. Ekspertlər məhsulunuzu bəyəndi, lakin tərəfdaş "
        "ölkə bazarı üzrə planı bu qəbul üçün tez hesab etdi; sizi növbəti qəbullarda "
        "görməyə ümid edirik.",
        "Başvurunuz için teşekkür ederiz. Hakemler ürününüzü beğendi ancak ortak ülke "
        "pazarına yönelik planı bu dönem için erken buldu; sizi sonraki dönemlerde görmeyi "
        "umuyoruz.",
    ),
}

REVIEW_COMMENTS = {
    "high": [
        "Strong team with a product customers already pay for; the pilot plan is concrete.",
        "Clear technical edge and a realistic plan for the partner market.",
        "One of the best applications: named customers, a credible partner and a team that "
        "has exported before.",
        "Convincing results from the first customers; the programme would speed up the "
        "market entry.",
    ],
    "mid": [
        "Promising technology, but the plan for the partner country needs named customers.",
        "Good product; the team is thin on sales and would need strong mentoring.",
        "Solid engineering. The budget for the pilot looks optimistic.",
        "Interesting market, but the competition there is not analysed.",
    ],
    "low": [
        "The product is mature, but the programme would add little at this stage.",
        "The case for the partner market is not yet convincing.",
        "The application is vague about who would pay and how much.",
        "Too early: no pilot customer and no partner in the other country yet.",
    ],
}


# --- the cohort of the accelerator's first intake -----------------------------------------
COHORT_NAME = "First intake cohort"
COHORT_STARTS, COHORT_ENDS = -182, 40  # days from the anchor
SESSIONS = [  # (title, day, start hour, hours, location)
    (
        "Kick-off and customer-discovery bootcamp",
        COHORT_STARTS,
        10,
        7,
        "GOSB Teknopark, Gebze — Conference Hall",
    ),
    ("Pricing and sales to industrial customers", -161, 14, 3, "Online"),
    (
        "Study visit to Baku: Innovation Agency and Baku Innovation Centre",
        -112,
        9,
        8,
        "Baku Innovation Centre",
    ),
    (
        "Pilot contracts and IP with GOSB industry",
        -70,
        14,
        3,
        "GOSB Teknopark, Gebze — Block A, Room 2",
    ),
    ("Investor readiness: term sheets and valuation", -12, 14, 3, "Online"),
    ("Pitch rehearsal", 9, 10, 3, "GOSB Teknopark, Gebze — Conference Hall"),
    ("Demo day", 38, 14, 4, "GOSB Teknopark, Gebze — Conference Hall"),
]
MENTORS = [  # (e-mail, topics, where office hours are held)
    (
        "reviewer@korpu.example",
        "machine vision, robotics, embedded systems, AI models in production",
        "Online (video call)",
    ),
    (
        "elif.sahin@gosbteknopark.example",
        "business models, pricing, sales to industrial customers",
        "GOSB Teknopark, Block A, Room 4",
    ),
    (
        "canan.ozdemir@caspian-bridge.example",
        "fundraising, financial models, term sheets, valuation",
        "Online (video call)",
    ),
]
SLOTS = [(-20, 10), (-6, 15), (3, 10), (10, 10), (17, 15)]  # (day, hour): one hour each
BOOKINGS = [  # (mentor, slot index, company, booked by (None: the company's admin), topic)
    (
        "reviewer@korpu.example",
        0,
        SHOWCASE_COMPANY_SLUG,
        None,
        "Camera and lighting for transparent bottles",
    ),
    (
        "reviewer@korpu.example",
        2,
        SHOWCASE_COMPANY_SLUG,
        "company.member@korpu.example",
        "Running the vision model on the new controller",
    ),
    (
        "elif.sahin@gosbteknopark.example",
        0,
        "araz-agrosense",
        None,
        "Pricing the sensors for cooperatives",
    ),
    (
        "canan.ozdemir@caspian-bridge.example",
        1,
        "nizami-speech",
        None,
        "Preparing the seed round: valuation and terms",
    ),
    (
        "canan.ozdemir@caspian-bridge.example",
        3,
        "vega-robotik",
        None,
        "Financial model for a robot-as-a-service offer",
    ),
]
MILESTONES = [  # (title, due day, evidence when done)
    (
        "Customer discovery: 15 interviews in both countries",
        COHORT_STARTS + 35,
        "Interview notes shared with the mentors; 17 interviews, 7 of them in the partner country.",
    ),
    (
        "Pilot agreement signed with a first customer",
        COHORT_STARTS + 98,
        "Signed letter of intent and pilot agreement uploaded to the cohort folder.",
    ),
    (
        "Pilot running, with measured results",
        -9,
        "Pilot report with the customer's figures presented at the cohort meeting.",
    ),
    ("Investor-ready pitch and financial model", COHORT_ENDS - 5, ""),
]
METRICS_FOR = [SHOWCASE_COMPANY_SLUG, "nizami-speech", "xezer-analytics", "vega-robotik"]
METRIC_MONTHS = 6

PLACEMENTS = [
    {
        "specialist": "sabuhi.novruzov@mail.example",
        "host": SHOWCASE_COMPANY_SLUG,
        "host_mentor": "company.member@korpu.example",
        "starts": -160,
        "ends": -70,
        "status": Placement.Status.COMPLETED,
        "learning_goals": "Program the safety PLC of a collaborative robot cell\n"
        "Connect a machine-vision camera to the cell controller\n"
        "Commission a cell at a customer's plant with the service team",
        "final_report": "In twelve weeks at Pusula Robotik I programmed the safety PLC of two "
        "robot cells, wrote the camera interface for the new controller with Zeynep Arslan "
        "and joined the commissioning of a palletising cell at a white-goods plant in Bursa. "
        "I learned how a product company tests its software before it reaches a customer. "
        "Back in Ganja I want to offer the same kind of simple cells to food producers, who "
        "keep asking the innovation centre for automation.",
        "host_evaluation": "Səbuhi learned our controller quickly and wrote clean, tested PLC "
        "code. At the commissioning he handled the customer's operators well and without "
        "a translator by the end. We would host him again and have offered him a contract "
        "for our first project in Azerbaijan.",
        "host_rating": 5,
    },
    {
        "specialist": "specialist@korpu.example",
        "host": "kasif-yazilim",
        "host_mentor": "gizem.kurt@kasif-yazilim.example",
        "starts": -40,
        "ends": 50,
        "status": Placement.Status.ONGOING,
        "learning_goals": "Build a demand-forecasting model on a distributor's real data\n"
        "Learn how a model is deployed and monitored in production\n"
        "Present the results to a customer in English and Turkish",
    },
    {
        "specialist": "kubra.dogan@mail.example",
        "host": "odlar-robotics",
        "host_mentor": "nigar.qasimova@odlar-robotics.example",
        "starts": 20,
        "ends": 110,
        "status": Placement.Status.PLANNED,
        "learning_goals": "Port the firmware of Odlar's robot kit to a new STM32 board\n"
        "Write lesson material in Azerbaijani and Turkish for the kit's sensors\n"
        "Run two workshops at Baku schools",
    },
]


# --- loading -----------------------------------------------------------------------------
class _Sync(_Loader):
    """The directory loader, with two more choices: ``update`` may name the fields that
    are restored (the others are people's to change), and automatic timestamps
    (``auto_now``/``auto_now_add``) take the row's values when a row is created.
    ``created[label]`` lists the rows this run created."""

    def __init__(self) -> None:
        super().__init__()
        self.created: dict[str, list[models.Model]] = {}

    def insert(self, label: str, model: type[models.Model], rows: list[dict[str, Any]]) -> list:
        """Create rows that are made together (no natural key to look them up by);
        automatic timestamps take the rows' values."""
        tally = self.tallies.setdefault(label, Tally())
        objects = [model(**row) for row in rows]
        model.objects.bulk_create(objects, batch_size=500)
        stamped = sorted(
            {name for row in rows for name in row}
            & {
                f.attname
                for f in model._meta.concrete_fields
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            }
        )
        if stamped and objects:
            for obj, row in zip(objects, rows, strict=True):
                for name in stamped:
                    setattr(obj, name, row[name])
            model.objects.bulk_update(objects, stamped, batch_size=500)
        tally.created += len(objects)
        return objects

    def sync(
        self,
        label: str,
        model: type[models.Model],
        key: tuple[str, ...],
        rows: list[dict[str, Any]],
        *,
        update: bool | Collection[str] = True,
        on_create=None,
        where: dict[str, Any] | None = None,
    ) -> dict[tuple, models.Model]:
        tally = self.tallies.setdefault(label, Tally())
        if not rows:
            return {}
        keys = [tuple(row[k] for k in key) for row in rows]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate natural keys in demo {label}")
        filters = {f"{k}__in": {row[k] for row in rows} for k in key}
        existing: dict[tuple, models.Model] = {}
        # Newest first, so that the oldest row of a key (the demo's own) wins.
        for obj in model.objects.filter(**filters, **(where or {})).order_by("-pk"):
            existing[tuple(getattr(obj, k) for k in key)] = obj
        stamped = {
            f.attname
            for f in model._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        }
        # The fields restored on existing rows (None: all but the timestamps).
        restored = None if update is True else set(update or ())
        bases = _translated_bases(model)
        result: dict[tuple, models.Model] = {}
        to_create, to_update, changed_fields = [], [], set()
        for row_key, row in zip(keys, rows, strict=True):
            obj = existing.get(row_key)
            if obj is None:
                obj = model(**row)
                if on_create:
                    on_create(obj)
                to_create.append((obj, row))
            else:
                changed = [
                    name
                    for name, value in row.items()
                    if name not in stamped
                    and (restored is None or name in restored)
                    and getattr(obj, name) != value
                ]
                if changed:
                    for name in changed:
                        setattr(obj, name, row[name])
                        changed_fields.add(name)
                        if name in bases:  # keep the untranslated column in step
                            changed_fields.add(bases[name])
                    to_update.append(obj)
                else:
                    tally.unchanged += 1
            result[row_key] = obj
        if to_create:
            created = [obj for obj, _row in to_create]
            model.objects.bulk_create(created, batch_size=500)
            # Inserting stamped the timestamps with the current time: give them the row's.
            times = sorted({name for _obj, row in to_create for name in row} & stamped)
            if times:
                for obj, row in to_create:
                    for name in times:
                        setattr(obj, name, row.get(name, getattr(obj, name)))
                model.objects.bulk_update(created, times, batch_size=500)
            tally.created += len(created)
            self.created.setdefault(label, []).extend(created)
        if to_update:
            model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
            tally.updated += len(to_update)
        return result

    def existing(self, label: str, count: int) -> None:
        self.tallies.setdefault(label, Tally()).unchanged += count


class _Clock:
    """Dates and times relative to the demo's anchor day."""

    def __init__(self, anchor: dt.date) -> None:
        self.anchor = anchor

    def day(self, days: int) -> dt.date:
        return self.anchor + dt.timedelta(days=days)

    def at(self, days: int, hour: int, minute: int = 0, zone: str = ISTANBUL) -> dt.datetime:
        local = dt.datetime.combine(
            self.day(days), dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(zone)
        )
        return local.astimezone(dt.UTC)

    def month(self, offset: int) -> dt.date:
        """The first day of the month ``offset`` months from the anchor's."""
        index = self.anchor.year * 12 + self.anchor.month - 1 + offset
        return dt.date(index // 12, index % 12 + 1, 1)


def _between(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    """A time between two others, to the minute."""
    minutes = max(1, int((end - start).total_seconds() // 60))
    return start + dt.timedelta(minutes=rng.randrange(minutes))


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(map(str, (SEED, *parts))))


def _lookup(model, field_name: str, values: Iterable[str]) -> dict[str, Any]:
    values = set(values)
    found = {
        getattr(o, field_name): o for o in model.objects.filter(**{f"{field_name}__in": values})
    }
    missing = sorted(values - set(found))
    if missing:
        raise LookupError(
            f"The programmes demo needs the directory demo ({model._meta.verbose_name_plural} "
            f"missing: {', '.join(missing)}); run load_demo() first."
        )
    return found


def load_programmes_demo() -> DemoResult:
    """Load (or bring back) the demo programmes in one transaction."""
    started = time.perf_counter()
    # Untranslated columns take the English text whatever language is active.
    with translation.override("en"), transaction.atomic():
        result = _load()
    result.seconds = time.perf_counter() - started
    return result


def _load() -> DemoResult:
    sync = _Sync()
    org_slugs = {p["owner"] for p in PROGRAMMES} | {s for p in PROGRAMMES for s in p["partners"]}
    org_slugs |= {p.applicant for c in CALLS for p in c.projects if "@" not in p.applicant}
    org_slugs |= {p["host"] for p in PLACEMENTS} | {o for _p, o, _n in DECLARED_RELATIONSHIPS}
    orgs = _lookup(Organisation, "slug", org_slugs)
    emails = {e for c in CALLS for e, _lo, _hi in c.pool}
    emails |= {p.applicant for c in CALLS for p in c.projects if "@" in p.applicant}
    emails |= {e for e, _topics, _where in MENTORS} | {b[3] for b in BOOKINGS if b[3]}
    emails |= {p["specialist"] for p in PLACEMENTS} | {p["host_mentor"] for p in PLACEMENTS}
    emails |= {p for p, _o, _n in DECLARED_RELATIONSHIPS} | {c[2] for c in DECLARED_CONFLICTS}
    people = _lookup(Person, "email", emails)
    admins = {}  # company id → the admin who acts for it
    for membership in (
        Membership.objects.filter(organisation__in=orgs.values(), role=Membership.Role.ADMIN)
        .select_related("person")
        .order_by("-pk")
    ):
        admins[membership.organisation_id] = membership.person
    memo = Partnership.objects.filter(slug=MEMORANDUM_SLUG).first()

    # Programmes
    programmes = {
        key[0]: obj
        for key, obj in sync.sync(
            "programmes",
            Programme,
            ("slug",),
            [
                {
                    "slug": p["slug"],
                    "kind": p["kind"],
                    "owner_id": orgs[p["owner"]].pk,
                    "partnership_id": memo.pk if memo else None,
                    "time_zone": p["time_zone"],
                    "duration_weeks": p["duration_weeks"],
                    "capacity": p["capacity"],
                    "is_public": True,
                    **_i18n("title", p["title"]),
                    **_i18n("summary", p["summary"]),
                    **_i18n("description", p["description"]),
                    **_i18n("benefits", p["benefits"]),
                }
                for p in PROGRAMMES
            ],
        ).items()
    }
    sync.link(
        "programme partners",
        Programme.partners.through,
        "programme_id",
        "organisation_id",
        {(programmes[p["slug"]].pk, orgs[s].pk) for p in PROGRAMMES for s in p["partners"]},
    )
    # The demo's calendar starts on the day its programmes were first loaded.
    anchor = min(p.created_at for p in programmes.values()).astimezone(dt.UTC).date()
    clock = _Clock(anchor)
    zones = {p["slug"]: p["time_zone"] for p in PROGRAMMES}

    sync.sync(
        "declared relationships",
        DeclaredRelationship,
        ("person_id", "organisation_id"),
        [
            {"person_id": people[email].pk, "organisation_id": orgs[slug].pk, "note": note}
            for email, slug, note in DECLARED_RELATIONSHIPS
        ],
    )

    # Calls, their forms, review stages and reviewer pools
    calls = {
        key[1]: obj
        for key, obj in sync.sync(
            "calls",
            Call,
            ("programme_id", "slug"),
            [
                {
                    "programme_id": programmes[c.programme].pk,
                    "slug": c.slug,
                    **_i18n("title", c.title),
                    **_i18n("description", c.description),
                    "opens_at": clock.at(c.timing.opens, 9, zone=zones[c.programme]),
                    "closes_at": clock.at(c.timing.closes, 18, zone=zones[c.programme]),
                    "is_published": True,
                    "applicant_kind": c.applicant_kind,
                    "eligible_countries": list(c.eligible_countries),
                    "eligible_company_kinds": list(c.eligible_company_kinds),
                    "resident_of_id": None,
                    "reviews_per_application": c.reviews_per_application,
                }
                for c in CALLS
            ],
        ).items()
    }
    questions = sync.sync(
        "questions",
        Question,
        ("call_id", "position"),
        [
            {
                "call_id": calls[c.slug].pk,
                "position": position,
                "kind": q.kind,
                **_i18n("label", q.label),
                **_i18n("help_text", q.help_text or _t("", "", "")),
                "required": q.required,
                "choices": list(q.choices),
                "max_length": q.max_length,
            }
            for c in CALLS
            for position, q in enumerate(c.form)
        ],
    )
    stages = sync.sync(
        "review stages",
        ReviewStage,
        ("call_id", "position"),
        [
            {
                "call_id": calls[c.slug].pk,
                "position": 0,
                **_i18n("name", c.stage),
                "aggregate": c.aggregate,
                "blind": c.blind,
                "is_open": c.stage_open,
            }
            for c in CALLS
            if c.stage
        ],
        update=("name_en", "name_az", "name_tr", "aggregate", "blind"),  # opening is theirs
    )
    criteria = sync.sync(
        "criteria",
        Criterion,
        ("stage_id", "position"),
        [
            {
                "stage_id": stages[(calls[c.slug].pk, 0)].pk,
                "position": position,
                **_i18n("label", cr.label),
                **_i18n("description", cr.description),
                "max_score": cr.max_score,
                "weight": cr.weight,
            }
            for c in CALLS
            if c.stage
            for position, cr in enumerate(c.criteria)
        ],
    )
    sync.sync(
        "reviewer pools",
        CallReviewer,
        ("call_id", "reviewer_id"),
        [
            {
                "call_id": calls[c.slug].pk,
                "reviewer_id": people[email].pk,
                "min_load": low,
                "max_load": high,
            }
            for c in CALLS
            for email, low, high in c.pool
        ],
    )

    # Applications and their answers
    plans = {c.slug: _plan_call(c, clock, zones[c.programme]) for c in CALLS}
    company_rows, person_rows = [], []
    for c in CALLS:
        for project, plan in zip(c.projects, plans[c.slug], strict=True):
            row = {
                "call_id": calls[c.slug].pk,
                "title": project.title,
                "summary": project.summary,
                **plan["application"],
            }
            if "@" in project.applicant:
                row |= {"applicant_id": people[project.applicant].pk, "company_id": None}
                person_rows.append(row)
            else:
                company = orgs[project.applicant]
                row |= {"applicant_id": admins[company.pk].pk, "company_id": company.pk}
                company_rows.append(row)
    # Applications are people's work once loaded: missing ones come back, nothing else.
    applications = sync.sync(
        "applications", Application, ("call_id", "company_id"), company_rows, update=False
    )
    applications |= sync.sync(
        "applications",
        Application,
        ("call_id", "applicant_id"),
        person_rows,
        update=False,
        where={"company__isnull": True},
    )

    def application_of(call: CallSpec, project: Project) -> Application:
        if "@" in project.applicant:
            return applications[(calls[call.slug].pk, people[project.applicant].pk)]
        return applications[(calls[call.slug].pk, orgs[project.applicant].pk)]

    answer_rows = []
    for c in CALLS:
        for project in c.projects:
            application = application_of(c, project)
            for position, value in project.answers.items():
                if c.form[position].kind == Q.DATE:
                    value = clock.day(value).isoformat()
                answer_rows.append(
                    {
                        "application_id": application.pk,
                        "question_id": questions[(calls[c.slug].pk, position)].pk,
                        "value": value,
                    }
                )
    sync.sync("answers", Answer, ("application_id", "question_id"), answer_rows, update=False)

    # Conflicts of interest: detected when an application is submitted (here: when the
    # demo creates a submitted one) for everyone in the pool, and declared.
    pools = {c.slug: [people[e] for e, _lo, _hi in c.pool] for c in CALLS}
    new = {application.pk for application in sync.created.get("applications", [])}
    conflict_rows = []
    for c in CALLS:
        for project in c.projects:
            application = application_of(c, project)
            if application.pk not in new or application.status == Status.DRAFT:
                continue
            for reviewer in pools[c.slug]:
                for source in services.conflict_sources(application, reviewer):
                    conflict_rows.append(
                        {
                            "application_id": application.pk,
                            "reviewer_id": reviewer.pk,
                            "source": source,
                            "note": "",
                            "created_at": application.submitted_at,
                        }
                    )
    for call_slug, company, email, note in DECLARED_CONFLICTS:
        call = next(c for c in CALLS if c.slug == call_slug)
        conflict_rows.append(
            {
                "application_id": applications[(calls[call_slug].pk, orgs[company].pk)].pk,
                "reviewer_id": people[email].pk,
                "source": Conflict.Source.DECLARED,
                "note": note,
                "created_at": clock.at(call.timing.published + 2, 11, zone=zones[call.programme]),
            }
        )
    sync.sync(
        "conflicts of interest",
        Conflict,
        ("application_id", "reviewer_id", "source"),
        conflict_rows,
        update=False,
    )
    sync.existing(
        "conflicts of interest",
        Conflict.objects.filter(application__call__in=calls.values())
        .exclude(application__in=new)
        .exclude(source=Conflict.Source.DECLARED)
        .count(),
    )

    # Reviewer assignments and reviews, made together while a stage has none
    for c in CALLS:
        if not c.assign:
            continue
        stage = stages[(calls[c.slug].pk, 0)]
        stage_criteria = [criteria[(stage.pk, i)] for i in range(len(c.criteria))]
        done = Assignment.objects.filter(stage=stage).count()
        if done:
            sync.existing("review assignments", done)
            sync.existing("reviews", Review.objects.filter(assignment__stage=stage).count())
            continue
        _assign_and_review(
            sync, c, stage, stage_criteria, clock, zones[c.programme], people,
            [(project, application_of(c, project), plan)
             for project, plan in zip(c.projects, plans[c.slug], strict=True)],
        )  # fmt: skip

    # The accelerator's cohort
    accelerator = next(c for c in CALLS if c.slug == "first-intake")
    accepted = [
        (project, application_of(accelerator, project))
        for project, plan in zip(accelerator.projects, plans["first-intake"], strict=True)
        if plan["application"]["status"] == Status.ACCEPTED
    ]
    _load_cohort(sync, calls["first-intake"], accepted, clock, people, orgs, admins)

    # Specialist exchange placements: people's once loaded
    sync.sync(
        "placements",
        Placement,
        ("programme_id", "specialist_id", "host_id"),
        [
            {
                "programme_id": programmes[EXCHANGE].pk,
                "specialist_id": people[p["specialist"]].pk,
                "host_id": orgs[p["host"]].pk,
                "host_mentor_id": people[p["host_mentor"]].pk,
                "starts_on": clock.day(p["starts"]),
                "ends_on": clock.day(p["ends"]),
                "status": p["status"],
                "learning_goals": p["learning_goals"],
                "final_report": p.get("final_report", ""),
                "host_evaluation": p.get("host_evaluation", ""),
                "host_rating": p.get("host_rating"),
            }
            for p in PLACEMENTS
        ],
        update=False,
    )

    result = DemoResult(tallies=sync.tallies, accounts=[])
    if result.changed:
        changes: dict[str, list[Any]] = {}
        for label, tally in sync.tallies.items():
            if tally.created:
                before = tally.updated + tally.unchanged
                changes[label] = [before, before + tally.created]
            if tally.updated:
                changes[f"{label} rewritten"] = [0, tally.updated]
        audit.record(actor=None, action="demo.load_programmes", changes=changes)
    return result


# --- planning a call ---------------------------------------------------------------------
def _weighted(scores: list[int], criteria: list[CriterionSpec]) -> float:
    """What :meth:`Review.weighted_score` makes of these scores (0–100)."""
    total = sum(
        Decimal(s) / c.max_score * 100 * c.weight for s, c in zip(scores, criteria, strict=True)
    )
    return float(total / sum(c.weight for c in criteria))


def _plan_call(call: CallSpec, clock: _Clock, zone: str) -> list[dict[str, Any]]:
    """Per project: the application's fields, and the scores its reviewers give (one list
    per review, whoever writes it), from which the decisions follow."""
    timing = call.timing
    opens, closes = clock.at(timing.opens, 9, zone=zone), clock.at(timing.closes, 18, zone=zone)
    # Nothing happens after the day before the anchor: the demo's "now" is later.
    last = min(closes, clock.at(-1, 18, zone=zone))
    plans = []
    for project in call.projects:
        rng = _rng("application", call.slug, project.applicant)
        plan: dict[str, Any] = {"scores": [], "score": None}
        if project.status == Status.DRAFT:
            created = _between(rng, opens + dt.timedelta(hours=2), last - dt.timedelta(days=1))
            plan["application"] = {
                "status": Status.DRAFT,
                "version": 1 + project.saves,
                "created_at": created,
                "updated_at": _between(rng, created + dt.timedelta(hours=1), last),
                "submitted_at": None,
                "decided_at": None,
                "decision_note": "",
            }
            plans.append(plan)
            continue
        submitted = _between(rng, opens + dt.timedelta(days=2), last)
        created = _between(rng, opens + dt.timedelta(hours=2), submitted - dt.timedelta(days=1))
        application = {
            "status": project.status,
            "version": 2 + project.saves,
            "created_at": created,
            "updated_at": submitted,
            "submitted_at": submitted,
            "decided_at": None,
            "decision_note": "",
        }
        if project.status == Status.WITHDRAWN:
            application["version"] += 1
            application["updated_at"] = submitted + dt.timedelta(days=3, hours=2)
        elif call.criteria:
            spread = rng.gauss
            plan["scores"] = [
                [
                    max(0, min(c.max_score, round(project.quality / 100 * c.max_score
                                                  + spread(0, 0.1 * c.max_score))))
                    for c in call.criteria
                ]
                for _review in range(call.reviews_per_application)
            ]  # fmt: skip
            plan["score"] = sum(_weighted(s, call.criteria) for s in plan["scores"]) / len(
                plan["scores"]
            )
        plan["application"] = application
        plans.append(plan)
    accepted, waitlisted = call.places
    if accepted or waitlisted:
        ranked = sorted((p for p in plans if p["score"] is not None), key=lambda p: -p["score"])
        for rank, plan in enumerate(ranked):
            outcome = (
                Status.ACCEPTED
                if rank < accepted
                else Status.WAITLISTED
                if rank < accepted + waitlisted
                else Status.REJECTED
            )
            project = call.projects[plans.index(plan)]
            rng = _rng("decision", call.slug, project.applicant)
            decided = clock.at(timing.decided, rng.randint(10, 16), rng.randrange(60), zone=zone)
            plan["application"] |= {
                "status": outcome,
                "version": plan["application"]["version"] + 1,
                "updated_at": decided,
                "decided_at": decided,
                "decision_note": DECISION_NOTES[outcome][project.language],
            }
    return plans


# --- reviewer assignments and reviews ----------------------------------------------------
def _match(topics: str, expertise: str) -> int:
    expertise = expertise.lower()
    return sum(1 for topic in topics.split(",") if topic.strip() and topic.strip() in expertise)


def _assign_and_review(
    sync: _Sync,
    call: CallSpec,
    stage: ReviewStage,
    criteria: list[Criterion],
    clock: _Clock,
    zone: str,
    people: dict[str, Person],
    items: list[tuple[Project, Application, dict[str, Any]]],
) -> None:
    """Assign each submitted application to the reviewers whose expertise matches it best,
    spreading the load and never to a conflicted reviewer; then write their reviews."""
    reviewable = [
        (project, application, plan)
        for project, application, plan in items
        if application.status not in (Status.DRAFT, Status.WITHDRAWN) and plan["scores"]
    ]
    conflicted = set(
        Conflict.objects.filter(
            application__in=[a for _p, a, _plan in reviewable], overridden_by__isnull=True
        ).values_list("application_id", "reviewer_id")
    )
    pool = [(people[email], low, high) for email, low, high in call.pool]
    load = {reviewer.pk: 0 for reviewer, _low, _high in pool}
    demo_reviewer = people["reviewer@korpu.example"].pk
    published = clock.at(call.timing.published, 11, zone=zone)
    chosen: list[tuple[Project, Application, dict[str, Any], list[Person]]] = []
    for project, application, plan in reviewable:
        candidates = [
            (
                -_match(project.topics, reviewer.expertise)
                - (1 if reviewer.pk == demo_reviewer else 0)
                + 0.6 * load[reviewer.pk],
                index,
                reviewer,
            )
            for index, (reviewer, _low, high) in enumerate(pool)
            if load[reviewer.pk] < high and (application.pk, reviewer.pk) not in conflicted
        ]
        picked = [
            reviewer for *_rank, reviewer in sorted(candidates)[: call.reviews_per_application]
        ]
        if len(picked) < call.reviews_per_application:
            raise ValueError(f"demo call {call.slug}: not enough reviewers for {project.title}")
        for reviewer in picked:
            load[reviewer.pk] += 1
        chosen.append((project, application, plan, sorted(picked, key=lambda r: r.email)))
    assignments = sync.sync(
        "review assignments",
        Assignment,
        ("stage_id", "application_id", "reviewer_id"),
        [
            {
                "stage_id": stage.pk,
                "application_id": application.pk,
                "reviewer_id": reviewer.pk,
                "source": Assignment.Source.MANUAL,
                "affinity": 0.0,
                "locked": False,
                "published_at": published,
            }
            for _project, application, _plan, reviewers in chosen
            for reviewer in reviewers
        ],
        update=False,
    )
    # Which reviews exist: all of them once the call is decided; while it is under review,
    # most are in, and the demo reviewer has one submitted, one half-written, the rest to do.
    decided = call.timing.decided is not None
    mine = sorted(
        (application.pk for _p, application, _plan, reviewers in chosen
         if any(r.pk == demo_reviewer for r in reviewers))
    )  # fmt: skip
    review_rows = []
    for project, application, plan, reviewers in chosen:
        for slot, reviewer in enumerate(reviewers):
            rng = _rng("review", call.slug, project.applicant, reviewer.email)
            scores = plan["scores"][slot]
            state = "submitted"
            if not decided:
                if reviewer.pk == demo_reviewer:
                    state = {0: "submitted", 1: "draft"}.get(mine.index(application.pk), "none")
                elif rng.random() < 0.25:
                    state = "none"
            if state == "none":
                continue
            weighted = _weighted(scores, call.criteria)
            band = "high" if weighted >= 75 else "mid" if weighted >= 55 else "low"
            when = _between(
                rng,
                published + dt.timedelta(days=1),
                clock.at(call.timing.reviews_until, 20, zone=zone),
            )
            row = {
                "assignment_id": assignments[(stage.pk, application.pk, reviewer.pk)].pk,
                "scores": {str(c.pk): s for c, s in zip(criteria, scores, strict=True)},
                "comment": rng.choice(REVIEW_COMMENTS[band]),
                "submitted_at": when,
                "updated_at": when,
            }
            if state == "draft":
                row |= {
                    "scores": {str(c.pk): s for c, s in zip(criteria[:2], scores, strict=False)},
                    "comment": "",
                    "submitted_at": None,
                }
            review_rows.append(row)
    sync.sync("reviews", Review, ("assignment_id",), review_rows, update=False)


# --- the cohort --------------------------------------------------------------------------
def _load_cohort(
    sync: _Sync,
    call: Call,
    accepted: list[tuple[Project, Application]],
    clock: _Clock,
    people: dict[str, Person],
    orgs: dict[str, Organisation],
    admins: dict[int, Person],
) -> None:
    timing = next(c.timing for c in CALLS if c.slug == call.slug)
    cohorts = sync.sync(
        "cohorts",
        Cohort,
        ("call_id",),
        [
            {
                "call_id": call.pk,
                "programme_id": call.programme_id,
                "name": COHORT_NAME,
                "starts_on": clock.day(COHORT_STARTS),
                "ends_on": clock.day(COHORT_ENDS),
                "max_mentor_hours_per_member": Decimal("6.0"),
            }
        ],
    )
    cohort = cohorts[(call.pk,)]
    # An accepted application makes a member (as ``services.decide`` does).
    members = sync.sync(
        "cohort members",
        CohortMember,
        ("cohort_id", "company_id"),
        [
            {
                "cohort_id": cohort.pk,
                "company_id": application.company_id,
                "application_id": application.pk,
                "person_id": None,
                "joined_on": clock.day(timing.decided),
            }
            for _project, application in accepted
            if application.status == Status.ACCEPTED
        ],
        update=False,
    )
    member_of = {company_id: member for (_cohort, company_id), member in members.items()}
    sync.sync(
        "cohort sessions",
        CohortSession,
        ("cohort_id", "title"),
        [
            {
                "cohort_id": cohort.pk,
                "title": title,
                "starts_at": clock.at(day, hour),
                "ends_at": clock.at(day, hour + hours),
                "location": location,
            }
            for title, day, hour, hours, location in SESSIONS
        ],
    )
    mentors = sync.sync(
        "mentors",
        Mentor,
        ("cohort_id", "person_id"),
        [
            {"cohort_id": cohort.pk, "person_id": people[email].pk, "topics": topics}
            for email, topics, _where in MENTORS
        ],
    )
    mentor_of = {
        email: mentors[(cohort.pk, people[email].pk)] for email, _topics, _where in MENTORS
    }
    slots = sync.sync(
        "office-hour slots",
        OfficeHourSlot,
        ("mentor_id", "starts_at"),
        [
            {
                "mentor_id": mentor_of[email].pk,
                "starts_at": clock.at(day, hour),
                "ends_at": clock.at(day, hour + 1),
                "location": where,
            }
            for email, _topics, where in MENTORS
            for day, hour in SLOTS
        ],
    )
    booking_rows = []
    for email, index, company, booked_by, topic in BOOKINGS:
        member = member_of.get(orgs[company].pk)
        if member is None:
            continue
        day, hour = SLOTS[index]
        slot = slots[(mentor_of[email].pk, clock.at(day, hour))]
        booking_rows.append(
            {
                "slot_id": slot.pk,
                "member_id": member.pk,
                "booked_by_id": (people[booked_by] if booked_by else admins[orgs[company].pk]).pk,
                "topic": topic,
                "created_at": min(slot.starts_at - dt.timedelta(days=3), clock.at(-1, 12)),
            }
        )
    # One booking per slot (the slot is the key): people's once made.
    sync.sync("office-hour bookings", OfficeHourBooking, ("slot_id",), booking_rows, update=False)

    # Milestones: done until the last one before the anchor, which the last member to be
    # accepted has not finished (overdue); the final one is ahead of everyone.
    milestone_rows = []
    late = accepted[-1][1].company_id if accepted else None
    websites = {org.pk: org.website for org in orgs.values()}
    for _project, application in accepted:
        member = member_of.get(application.company_id)
        if member is None:
            continue
        website = websites[application.company_id]
        for position, (title, due, evidence) in enumerate(MILESTONES):
            if clock.day(due) >= clock.anchor:
                status, evidence = Milestone.Status.PLANNED, ""
            elif position == 2 and application.company_id == late:
                status, evidence = Milestone.Status.IN_PROGRESS, ""
            else:
                status = Milestone.Status.DONE
            milestone_rows.append(
                {
                    "member_id": member.pk,
                    "title": title,
                    "due_on": clock.day(due),
                    "status": status,
                    "evidence": evidence,
                    "evidence_url": f"{website}/pilot-report"
                    if status == Milestone.Status.DONE and position == 2
                    else "",
                }
            )
    sync.sync("milestones", Milestone, ("member_id", "title"), milestone_rows, update=False)

    # Six months of figures for a few companies: growing, with the odd flat month.
    metric_rows = []
    for project, application in accepted:
        member = member_of.get(application.company_id)
        if member is None or project.applicant not in METRICS_FOR:
            continue
        rng = _rng("metrics", project.applicant)
        employees = int(project.answers[3])
        monthly = Decimal(project.answers[4]) / 12
        customers = rng.randint(3, 12)
        for month in range(METRIC_MONTHS):
            period = clock.month(month - METRIC_MONTHS)
            growth = (
                Decimal(1) + Decimal(month) * Decimal("0.07") + Decimal(rng.randint(-3, 5)) / 100
            )
            funding = Decimal(0)
            if month == 4 and project.applicant == "nizami-speech":
                funding = Decimal(250_000)
            metric_rows.append(
                {
                    "member_id": member.pk,
                    "period": period,
                    "employees": employees,
                    "revenue": (monthly * growth).quantize(Decimal("1.00")),
                    "funding_raised": funding.quantize(Decimal("1.00")),
                    "customers": customers,
                    "reported_at": min(
                        dt.datetime.combine(
                            clock.month(month - METRIC_MONTHS + 1) + dt.timedelta(days=4),
                            dt.time(10),
                            tzinfo=dt.UTC,
                        ),
                        clock.at(-1, 12),
                    ),
                }
            )
            employees += rng.choice([0, 0, 1, 1, 2])
            customers += rng.randint(0, 3)
    sync.sync("monthly figures", MetricReport, ("member_id", "period"), metric_rows, update=False)
