"""Demo data: the 2020 memorandum between the Innovation Agency of Azerbaijan and GOSB
Teknopark, the parks it concerns, their residents, people and one account per role.

:func:`load_demo` is idempotent. Every row has a natural key (a slug, an e-mail address,
``(partnership, code)``, ``(building, code)``…); a row that exists is compared field by
field and written only when a value differs, so a second run writes nothing. Passwords
of existing demo accounts are left alone unless they no longer verify.

Company names, people, addresses, phone numbers and figures are invented (web sites and
mail on ``.example`` domains); the memorandum, its parties and its commitments follow
the public announcement of 1 December 2020.
"""

from __future__ import annotations

import datetime as dt
import random
import textwrap
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import check_password, make_password
from django.db import models, transaction
from django.utils import translation
from django.utils.text import slugify
from modeltranslation.translator import NotRegistered, translator

from korpu.common import audit

from .models import (
    Building,
    Commitment,
    Membership,
    Organisation,
    Park,
    Partnership,
    PartnershipParty,
    Person,
    Residency,
    Sector,
    Site,
    TechnologyArea,
    Unit,
)

DEMO_PASSWORD = "korpu-demo-2026"
SEED = 20201201  # the day the memorandum was signed
MEMORANDUM_SLUG = "innovation-agency-gosb-teknopark-2020"
GOSB_PARK_SLUG = "gosb-teknopark"
SHOWCASE_COMPANY_SLUG = "pusula-robotik"

Org = Organisation.Kind
Size = Organisation.Size
Role = Membership.Role
RStatus = Residency.Status

# --- small helpers ---------------------------------------------------------------------
_ASCII = str.maketrans("çÇğĞıİöÖşŞüÜəƏâîû", "cCgGiIoOsSuUaAaiu")
# The Azerbaijani ordinal suffix of a year follows its last spoken word: 2021 (bir) -ci,
# 2023 (üç) -cü, 2019 (doqquz) -cu; round tens by the tens word: 2010 (on) -cu, 2020 (iyirmi)
# -ci, 2040 (qırx) -cı; 1900 (yüz) -cü; 2000 (min) -ci.
_AZ_UNITS = ["", "ci", "ci", "cü", "cü", "ci", "cı", "ci", "ci", "cu"]
_AZ_TENS = ["", "cu", "ci", "cu", "cı", "ci", "cı", "ci", "ci", "cı"]


def ascii_slug(text: str) -> str:
    """A slug that keeps Turkish and Azerbaijani letters readable (ş → s, ı → i, ə → a)."""
    return slugify(text.translate(_ASCII))


def az_year(year: int) -> str:
    """``2019-cu``, ``2020-ci``, ``2023-cü``: the suffix follows the spoken number."""
    if year % 10:
        suffix = _AZ_UNITS[year % 10]
    elif year % 100:
        suffix = _AZ_TENS[(year // 10) % 10]
    else:
        suffix = "cü" if year % 1000 else "ci"
    return f"{year}-{suffix}"


def _records(table: str) -> list[tuple[list[str], list[tuple[str, dict[str, str]]]]]:
    """Parse the small text tables below.

    A record is a header line of ``|``-separated fields, then lines indented by two
    spaces, ``key: English text``; a line indented further, ``tr: text``, adds a
    translation to the line above it.
    """
    records: list[tuple[list[str], list[tuple[str, dict[str, str]]]]] = []
    for line in textwrap.dedent(table).splitlines():
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip())
        key, _, value = line.strip().partition(": ")
        if indent == 0:
            records.append(([field.strip() for field in line.split("|")], []))
        elif indent == 2:
            records[-1][1].append((key, {"en": value}))
        else:
            records[-1][1][-1][1][key] = value
    return records


def _t(en: str, az: str | None, tr: str | None) -> dict[str, str | None]:
    return {"en": en, "az": az, "tr": tr}


def _i18n(name: str, texts: dict[str, str | None]) -> dict[str, str | None]:
    return {f"{name}_{lang}": value for lang, value in texts.items()}


# --- taxonomy --------------------------------------------------------------------------
SECTORS = [
    (
        "ict",
        "Information and communication technologies",
        "İnformasiya və kommunikasiya texnologiyaları",
        "Bilgi ve iletişim teknolojileri",
    ),
    (
        "defence-aerospace",
        "Defence and aerospace",
        "Müdafiə və aerokosmik sənaye",
        "Savunma ve havacılık",
    ),
    ("automotive", "Automotive", "Avtomobil sənayesi", "Otomotiv"),
    ("machinery", "Machinery and equipment", "Maşınqayırma və avadanlıq", "Makine ve ekipman"),
    ("electronics", "Electronics", "Elektronika", "Elektronik"),
    ("energy", "Energy", "Energetika", "Enerji"),
    (
        "health-medical-devices",
        "Health and medical devices",
        "Səhiyyə və tibbi cihazlar",
        "Sağlık ve tıbbi cihazlar",
    ),
    ("chemicals", "Chemicals and materials", "Kimya və materiallar", "Kimya ve malzeme"),
    (
        "agritech",
        "Agriculture and food technology",
        "Kənd təsərrüfatı və qida texnologiyaları",
        "Tarım ve gıda teknolojileri",
    ),
    ("fintech", "Financial technology", "Maliyyə texnologiyaları", "Finansal teknolojiler"),
    ("education", "Education technology", "Təhsil texnologiyaları", "Eğitim teknolojileri"),
    ("logistics", "Logistics and transport", "Logistika və nəqliyyat", "Lojistik ve ulaştırma"),
]

TECHNOLOGY_AREAS = [
    ("ai", "Artificial intelligence", "Süni intellekt", "Yapay zekâ"),
    ("robotics", "Robotics", "Robototexnika", "Robotik"),
    ("iot", "Internet of things", "Əşyaların interneti", "Nesnelerin interneti"),
    ("cybersecurity", "Cybersecurity", "Kibertəhlükəsizlik", "Siber güvenlik"),
    ("embedded-systems", "Embedded systems", "Quraşdırılmış sistemlər", "Gömülü sistemler"),
    ("3d-printing", "3D printing", "3D çap", "3D baskı"),
    ("photonics", "Photonics", "Fotonika", "Fotonik"),
    ("biotech", "Biotechnology", "Biotexnologiya", "Biyoteknoloji"),
    ("nanomaterials", "Nanomaterials", "Nanomateriallar", "Nanomalzemeler"),
    ("blockchain", "Blockchain", "Blokçeyn", "Blokzincir"),
    (
        "ar-vr",
        "Augmented and virtual reality",
        "Artırılmış və virtual reallıq",
        "Artırılmış ve sanal gerçeklik",
    ),
    (
        "drones",
        "Drones and unmanned systems",
        "Dronlar və pilotsuz sistemlər",
        "İnsansız hava araçları",
    ),
    ("semiconductors", "Semiconductors", "Yarımkeçiricilər", "Yarı iletkenler"),
    ("renewable-energy", "Renewable energy", "Bərpa olunan enerji", "Yenilenebilir enerji"),
    (
        "big-data",
        "Big data and analytics",
        "Böyük verilənlər və analitika",
        "Büyük veri ve analitik",
    ),
]

# --- institutions ----------------------------------------------------------------------
INSTITUTIONS: list[dict[str, Any]] = [
    {
        "slug": "innovation-agency",
        "kind": Org.AGENCY,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2018,
        "size": Size.MEDIUM,
        "website": "https://innovation-agency.example",
        "email": "info@innovation-agency.example",
        "phone": "+994 12 404 10 10",
        "sectors": ["ict", "education", "fintech"],
        "technology_areas": ["ai", "big-data", "robotics"],
        "name": _t(
            "Innovation Agency of Azerbaijan",
            "İnnovasiya Agentliyi",
            "Azerbaycan İnovasyon Ajansı",
        ),
        "description": _t(
            "Founded on 6 November 2018, the Innovation Agency of Azerbaijan supports "
            "startups, young specialists and technology companies. It runs acceleration and "
            "technology-transfer programmes and innovation centres across the country, and "
            "builds international partnerships such as the 2020 memorandum with GOSB "
            "Teknopark.",
            "6 noyabr 2018-ci ildə yaradılmış İnnovasiya Agentliyi startapları, gənc "
            "mütəxəssisləri və texnologiya şirkətlərini dəstəkləyir. Agentlik akselerasiya və "
            "texnologiya transferi proqramlarını, ölkə üzrə innovasiya mərkəzlərini idarə edir "
            "və GOSB Texnoparkı ilə 2020-ci il memorandumu kimi beynəlxalq tərəfdaşlıqlar "
            "qurur.",
            "6 Kasım 2018'de kurulan Azerbaycan İnovasyon Ajansı girişimleri, genç uzmanları ve "
            "teknoloji şirketlerini destekler. Ülke genelinde hızlandırma ve teknoloji "
            "transferi programları ile inovasyon merkezleri yürütür; GOSB Teknopark ile "
            "imzalanan 2020 mutabakat zaptı gibi uluslararası ortaklıklar kurar.",
        ),
    },
    {
        "slug": "ministry-digital-development-transport",
        "kind": Org.PUBLIC_BODY,
        "country": "AZ",
        "city": "Baku",
        "founded_year": None,
        "size": Size.LARGE,
        "website": "https://digital-transport.example",
        "email": "office@digital-transport.example",
        "phone": "+994 12 598 58 00",
        "sectors": ["ict", "logistics"],
        "technology_areas": [],
        "name": _t(
            "Ministry of Digital Development and Transport of the Republic of Azerbaijan",
            "Azərbaycan Respublikasının Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi",
            "Azerbaycan Cumhuriyeti Dijital Kalkınma ve Ulaştırma Bakanlığı",
        ),
        "description": _t(
            "The central executive body for digital development, transport, communications "
            "and high technologies (formerly the Ministry of Transport, Communications and "
            "High Technologies). The Innovation Agency works under it.",
            "Rəqəmsal inkişaf, nəqliyyat, rabitə və yüksək texnologiyalar sahəsində mərkəzi "
            "icra hakimiyyəti orqanı (əvvəlki adı: Nəqliyyat, Rabitə və Yüksək Texnologiyalar "
            "Nazirliyi). İnnovasiya Agentliyi onun tabeliyində fəaliyyət göstərir.",
            "Dijital kalkınma, ulaştırma, iletişim ve yüksek teknolojilerden sorumlu merkezi "
            "yürütme organı (önceki adı: Ulaştırma, İletişim ve Yüksek Teknolojiler "
            "Bakanlığı). İnovasyon Ajansı bu bakanlığa bağlıdır.",
        ),
    },
    {
        "slug": "gosb-teknopark",
        "kind": Org.TECHNOPARK,
        "country": "TR",
        "city": "Gebze",
        "founded_year": 2005,
        "size": Size.SMALL,
        "website": "https://gosbteknopark.example",
        "email": "info@gosbteknopark.example",
        "phone": "+90 262 677 20 00",
        "sectors": ["defence-aerospace", "automotive", "machinery", "electronics", "ict"],
        "technology_areas": ["robotics", "embedded-systems", "ai"],
        "name": _t("GOSB Teknopark", "GOSB Texnoparkı", "GOSB Teknopark"),
        "description": _t(
            "GOSB Teknopark runs the technology development zone of Gebze Organised "
            "Industrial Zone in Kocaeli. Opened in 2005, it hosts about 130 technology "
            "companies in defence, automotive, machinery, electronics, software and health "
            "technologies, next to the factories they serve.",
            "GOSB Texnoparkı Kocaelidəki Gebze Mütəşəkkil Sənaye Zonasının texnologiya inkişafı "
            "zonasını idarə edir. 2005-ci ildə açılan texnoparkda müdafiə, avtomobil, "
            "maşınqayırma, elektronika, proqram təminatı və səhiyyə texnologiyaları sahəsində "
            "çalışan təxminən 130 texnologiya şirkəti xidmət etdikləri fabriklərin yanında "
            "fəaliyyət göstərir.",
            "GOSB Teknopark, Kocaeli'deki Gebze Organize Sanayi Bölgesi'nin teknoloji "
            "geliştirme bölgesini işletir. 2005 yılında açılan teknoparkta savunma, otomotiv, "
            "makine, elektronik, yazılım ve sağlık teknolojileri alanlarında çalışan yaklaşık "
            "130 teknoloji şirketi, hizmet verdikleri fabrikaların yanı başında yer alır.",
        ),
    },
    {
        "slug": "htp-management",
        "kind": Org.TECHNOPARK,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2023,
        "size": Size.MICRO,
        "website": "https://high-tech-park.example",
        "email": "office@high-tech-park.example",
        "phone": "+994 12 404 10 40",
        "sectors": ["electronics", "defence-aerospace", "machinery"],
        "technology_areas": ["semiconductors", "photonics", "robotics"],
        "name": _t(
            "High Technologies Park Management Company",
            "Yüksək Texnologiyalar Parkı İdarəetmə Şirkəti",
            "Yüksek Teknoloji Parkı Yönetim Şirketi",
        ),
        "description": _t(
            "Joint company of the Innovation Agency of Azerbaijan and GOSB Teknopark that "
            "builds and will run the joint High Technologies Park agreed in the 2020 "
            "memorandum.",
            "2020-ci il memorandumunda razılaşdırılmış birgə Yüksək Texnologiyalar Parkını "
            "quran və idarə edəcək, İnnovasiya Agentliyi ilə GOSB Texnoparkının birgə şirkəti.",
            "2020 mutabakat zaptında kararlaştırılan ortak Yüksek Teknoloji Parkı'nı kuran ve "
            "işletecek olan, Azerbaycan İnovasyon Ajansı ile GOSB Teknopark'ın ortak şirketi.",
        ),
    },
    {
        "slug": "baku-innovation-centre",
        "kind": Org.INNOVATION_CENTRE,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2019,
        "size": Size.SMALL,
        "website": "https://baku-innovation-centre.example",
        "email": "hello@baku-innovation-centre.example",
        "phone": "+994 12 404 10 20",
        "sectors": ["ict", "fintech", "education"],
        "technology_areas": ["ai", "blockchain", "ar-vr"],
        "name": _t("Baku Innovation Centre", "Bakı İnnovasiya Mərkəzi", "Bakü İnovasyon Merkezi"),
        "description": _t(
            "Operator of the Innovation Agency's flagship centre in Baku: co-working space, "
            "startup offices, a prototyping lab and the home of the acceleration programmes.",
            "İnnovasiya Agentliyinin Bakıdakı əsas mərkəzinin operatoru: kovorkinq məkanı, "
            "startap ofisləri, prototipləşdirmə laboratoriyası və akselerasiya proqramlarının "
            "ünvanı.",
            "Azerbaycan İnovasyon Ajansı'nın Bakü'deki ana merkezinin işletmecisi: ortak "
            "çalışma alanı, girişim ofisleri, prototipleme laboratuvarı ve hızlandırma "
            "programlarının adresi.",
        ),
    },
    {
        "slug": "ganja-innovation-centre",
        "kind": Org.INNOVATION_CENTRE,
        "country": "AZ",
        "city": "Ganja",
        "founded_year": 2021,
        "size": Size.MICRO,
        "website": "https://ganja-innovation-centre.example",
        "email": "hello@ganja-innovation-centre.example",
        "phone": "+994 22 256 10 20",
        "sectors": ["agritech", "machinery", "education"],
        "technology_areas": ["iot", "drones"],
        "name": _t(
            "Ganja Innovation Centre", "Gəncə İnnovasiya Mərkəzi", "Gence İnovasyon Merkezi"
        ),
        "description": _t(
            "Operator of the innovation centre in Ganja, serving startups in agriculture, "
            "food and manufacturing in western Azerbaijan.",
            "Gəncədəki innovasiya mərkəzinin operatoru; Azərbaycanın qərb bölgəsində kənd "
            "təsərrüfatı, qida və istehsal sahəsində çalışan startaplara xidmət göstərir.",
            "Gence'deki inovasyon merkezinin işletmecisi; Azerbaycan'ın batısında tarım, gıda "
            "ve imalat alanlarındaki girişimlere hizmet verir.",
        ),
    },
    {
        "slug": "sumgait-innovation-centre",
        "kind": Org.INNOVATION_CENTRE,
        "country": "AZ",
        "city": "Sumgait",
        "founded_year": 2022,
        "size": Size.MICRO,
        "website": "https://sumgait-innovation-centre.example",
        "email": "hello@sumgait-innovation-centre.example",
        "phone": "+994 18 642 10 20",
        "sectors": ["chemicals", "energy", "machinery"],
        "technology_areas": ["nanomaterials", "renewable-energy", "3d-printing"],
        "name": _t(
            "Sumgait Innovation Centre", "Sumqayıt İnnovasiya Mərkəzi", "Sumgayıt İnovasyon Merkezi"
        ),
        "description": _t(
            "Operator of the innovation centre in the industrial city of Sumgait, focused on "
            "chemistry, materials and energy startups.",
            "Sənaye şəhəri Sumqayıtdakı innovasiya mərkəzinin operatoru; kimya, materiallar və "
            "enerji startaplarına diqqət yetirir.",
            "Sanayi şehri Sumgayıt'taki inovasyon merkezinin işletmecisi; kimya, malzeme ve "
            "enerji girişimlerine odaklanır.",
        ),
    },
    {
        "slug": "azerbaijan-technical-university",
        "kind": Org.UNIVERSITY,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 1950,
        "size": Size.LARGE,
        "website": "https://aztu.example",
        "email": "rector@aztu.example",
        "phone": "+994 12 539 13 05",
        "sectors": ["ict", "machinery", "electronics", "logistics"],
        "technology_areas": ["robotics", "embedded-systems", "ai", "iot"],
        "name": _t(
            "Azerbaijan Technical University",
            "Azərbaycan Texniki Universiteti",
            "Azerbaycan Teknik Üniversitesi",
        ),
        "description": _t(
            "Azerbaijan's largest engineering university, with faculties of computer "
            "science, radio engineering and telecommunications, mechanical engineering and "
            "transport.",
            "Kompüter elmləri, radiotexnika və telekommunikasiya, maşınqayırma və nəqliyyat "
            "fakültələri olan Azərbaycanın ən böyük mühəndislik universiteti.",
            "Bilgisayar bilimleri, radyo mühendisliği ve telekomünikasyon, makine mühendisliği "
            "ve ulaştırma fakülteleriyle Azerbaycan'ın en büyük mühendislik üniversitesi.",
        ),
    },
    {
        "slug": "ada-university",
        "kind": Org.UNIVERSITY,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2006,
        "size": Size.LARGE,
        "website": "https://ada-university.example",
        "email": "info@ada-university.example",
        "phone": "+994 12 437 32 35",
        "sectors": ["ict", "education", "fintech"],
        "technology_areas": ["ai", "big-data", "cybersecurity"],
        "name": _t("ADA University", "ADA Universiteti", "ADA Üniversitesi"),
        "description": _t(
            "University in Baku teaching computer science, engineering, business and public "
            "affairs in English; home of a student startup hub.",
            "Kompüter elmləri, mühəndislik, biznes və dövlət idarəçiliyi üzrə ingilis dilində "
            "təhsil verən Bakı universiteti; tələbə startap mərkəzinə ev sahibliyi edir.",
            "Bilgisayar bilimleri, mühendislik, işletme ve kamu yönetimi alanlarında İngilizce "
            "eğitim veren Bakü'deki üniversite; öğrenci girişim merkezine ev sahipliği yapar.",
        ),
    },
    {
        "slug": "gebze-technical-university",
        "kind": Org.UNIVERSITY,
        "country": "TR",
        "city": "Gebze",
        "founded_year": 1992,
        "size": Size.LARGE,
        "website": "https://gtu.example",
        "email": "info@gtu.example",
        "phone": "+90 262 605 10 00",
        "sectors": ["machinery", "electronics", "chemicals", "ict"],
        "technology_areas": ["nanomaterials", "photonics", "robotics", "semiconductors"],
        "name": _t(
            "Gebze Technical University", "Gebze Texniki Universiteti", "Gebze Teknik Üniversitesi"
        ),
        "description": _t(
            "Research university in Gebze with strong engineering and natural-science "
            "faculties and a technology transfer office working with GOSB companies.",
            "Güclü mühəndislik və təbiət elmləri fakültələri olan, GOSB şirkətləri ilə işləyən "
            "texnologiya transferi ofisinə malik Gebzedəki tədqiqat universiteti.",
            "Güçlü mühendislik ve fen fakülteleriyle, GOSB firmalarıyla çalışan bir teknoloji "
            "transfer ofisine sahip Gebze'deki araştırma üniversitesi.",
        ),
    },
    {
        "slug": "sumgait-state-university",
        "kind": Org.UNIVERSITY,
        "country": "AZ",
        "city": "Sumgait",
        "founded_year": 1962,
        "size": Size.LARGE,
        "website": "https://sdu.example",
        "email": "info@sdu.example",
        "phone": "+994 18 642 08 22",
        "sectors": ["chemicals", "energy", "education"],
        "technology_areas": ["nanomaterials", "renewable-energy"],
        "name": _t(
            "Sumgait State University",
            "Sumqayıt Dövlət Universiteti",
            "Sumgayıt Devlet Üniversitesi",
        ),
        "description": _t(
            "State university in Sumgait with chemistry, chemical engineering and energy "
            "programmes close to the city's chemical industry.",
            "Şəhərin kimya sənayesinə yaxın kimya, kimya mühəndisliyi və energetika "
            "proqramları olan Sumqayıtdakı dövlət universiteti.",
            "Şehrin kimya sanayisine yakın kimya, kimya mühendisliği ve enerji programları "
            "bulunan Sumgayıt'taki devlet üniversitesi.",
        ),
    },
    {
        "slug": "absheron-institute-applied-informatics",
        "kind": Org.RESEARCH_INSTITUTE,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2009,
        "size": Size.MEDIUM,
        "website": "https://aiai.example",
        "email": "office@aiai.example",
        "phone": "+994 12 539 01 50",
        "sectors": ["ict", "electronics"],
        "technology_areas": ["cybersecurity", "photonics", "big-data", "ai"],
        "name": _t(
            "Absheron Institute of Applied Informatics",
            "Abşeron Tətbiqi İnformatika İnstitutu",
            "Abşeron Uygulamalı Bilişim Enstitüsü",
        ),
        "description": _t(
            "Research institute working on cybersecurity, optical communication and data "
            "analytics, with laboratories open to startups.",
            "Kibertəhlükəsizlik, optik rabitə və verilənlərin analitikası üzərində işləyən, "
            "laboratoriyaları startaplar üçün açıq olan tədqiqat institutu.",
            "Siber güvenlik, optik haberleşme ve veri analitiği üzerine çalışan, "
            "laboratuvarları girişimlere açık araştırma enstitüsü.",
        ),
    },
    {
        "slug": "caspian-bridge-ventures",
        "kind": Org.INVESTOR,
        "country": "AZ",
        "city": "Baku",
        "founded_year": 2019,
        "size": Size.MICRO,
        "website": "https://caspian-bridge.example",
        "email": "deals@caspian-bridge.example",
        "phone": "+994 12 404 77 00",
        "sectors": ["fintech", "ict", "agritech"],
        "technology_areas": ["ai", "blockchain", "iot"],
        "name": _t("Caspian Bridge Ventures", "Caspian Bridge Ventures", "Caspian Bridge Ventures"),
        "description": _t(
            "Early-stage fund investing in Azerbaijani and Turkish technology startups, "
            "typically USD 50,000–500,000 per company.",
            "Azərbaycan və Türkiyə texnologiya startaplarına, adətən hər şirkətə 50 000–500 000 "
            "ABŞ dolları məbləğində sərmayə qoyan erkən mərhələ fondu.",
            "Azerbaycan ve Türkiye'deki teknoloji girişimlerine, genellikle şirket başına "
            "50.000–500.000 ABD doları yatırım yapan erken aşama fonu.",
        ),
    },
]

# --- the memorandum --------------------------------------------------------------------
MEMORANDUM: dict[str, Any] = {
    "slug": MEMORANDUM_SLUG,
    "title": _t(
        "Memorandum of cultural and scientific cooperation",
        "Mədəni və elmi əməkdaşlıq haqqında memorandum",
        "Kültürel ve bilimsel işbirliği mutabakat zaptı",
    ),
    "summary": _t(
        "On 1 December 2020 the Innovation Agency of Azerbaijan and GOSB Teknopark agreed to "
        "exchange acceleration and technology-transfer programmes, raise the skills of young "
        "specialists, hold joint seminars, trainings, conferences and campuses, establish a "
        "joint High Technologies Park and open technology parks and innovation centres in "
        "Karabakh.",
        "1 dekabr 2020-ci ildə İnnovasiya Agentliyi və GOSB Texnoparkı akselerasiya və "
        "texnologiya transferi proqramlarını mübadilə etməyə, gənc mütəxəssislərin "
        "bacarıqlarını artırmağa, birgə seminarlar, təlimlər, konfranslar və kampuslar "
        "keçirməyə, birgə Yüksək Texnologiyalar Parkı yaratmağa, Qarabağda texnologiya "
        "parkları və innovasiya mərkəzləri açmağa razılaşdılar.",
        "1 Aralık 2020'de Azerbaycan İnovasyon Ajansı ile GOSB Teknopark; hızlandırma ve "
        "teknoloji transferi programlarını paylaşmayı, genç uzmanların yetkinliklerini "
        "artırmayı, ortak seminerler, eğitimler, konferanslar ve kamplar düzenlemeyi, ortak bir "
        "Yüksek Teknoloji Parkı kurmayı ve Karabağ'da teknoloji parkları ile inovasyon "
        "merkezleri açmayı kararlaştırdı.",
    ),
    "scope": _t(
        "Programmes, events, exchange programmes, resident companies and facilities of both "
        "parties; the joint High Technologies Park; technology parks and innovation centres "
        "in Karabakh. The parties share contact details and figures; residency details stay "
        "with each park.",
        "Hər iki tərəfin proqramları, tədbirləri, mübadilə proqramları, rezident şirkətləri və "
        "infrastrukturu; birgə Yüksək Texnologiyalar Parkı; Qarabağdakı texnologiya parkları "
        "və innovasiya mərkəzləri. Tərəflər əlaqə məlumatlarını və göstəriciləri bölüşür; "
        "rezidentlik təfərrüatları hər parkın özündə qalır.",
        "Her iki tarafın programları, etkinlikleri, değişim programları, yerleşik firmaları ve "
        "altyapısı; ortak Yüksek Teknoloji Parkı; Karabağ'daki teknoloji parkları ve inovasyon "
        "merkezleri. Taraflar iletişim bilgilerini ve göstergeleri paylaşır; yerleşim "
        "ayrıntıları her parkın kendisinde kalır.",
    ),
    "signed_on": dt.date(2020, 12, 1),
    "signed_at_place": "Baku / Gebze",
    "parties": [
        ("innovation-agency", "Chairman of the Board, Innovation Agency of Azerbaijan"),
        ("gosb-teknopark", "General Manager, GOSB Teknopark"),
    ],
}

# (code, text, target per year, unit of the target)
COMMITMENTS = [
    (
        "acceleration-exchange",
        _t(
            "Regularly exchange acceleration programmes",
            "Akselerasiya proqramlarını mütəmadi olaraq mübadilə etmək",
            "Hızlandırma programlarını düzenli olarak karşılıklı paylaşmak",
        ),
        2,
        _t("programmes", "proqram", "program"),
    ),
    (
        "technology-transfer-exchange",
        _t(
            "Regularly exchange technology-transfer programmes, knowledge and experience",
            "Texnologiya transferi proqramlarını, bilik və təcrübəni mütəmadi olaraq mübadilə "
            "etmək",
            "Teknoloji transferi programlarını, bilgi ve deneyimi düzenli olarak karşılıklı "
            "paylaşmak",
        ),
        2,
        _t("programmes", "proqram", "program"),
    ),
    (
        "young-specialists",
        _t(
            "Raise the skills of young specialists through joint training and exchange placements",
            "Birgə təlimlər və mübadilə proqramları vasitəsilə gənc mütəxəssislərin "
            "bacarıqlarını artırmaq",
            "Ortak eğitimler ve değişim programlarıyla genç uzmanların yetkinliklerini artırmak",
        ),
        50,
        _t("people", "nəfər", "kişi"),
    ),
    (
        "joint-events",
        _t(
            "Organise joint seminars, trainings and conferences",
            "Birgə seminarlar, təlimlər və konfranslar təşkil etmək",
            "Ortak seminerler, eğitimler ve konferanslar düzenlemek",
        ),
        6,
        _t("events", "tədbir", "etkinlik"),
    ),
    (
        "high-tech-park",
        _t(
            "Establish a joint High Technologies Park where research and the production of "
            "high-tech devices take place",
            "Tədqiqatların aparıldığı və yüksək texnologiyalı cihazların istehsal edildiyi "
            "birgə Yüksək Texnologiyalar Parkı yaratmaq",
            "Araştırmaların yapıldığı ve yüksek teknolojili cihazların üretildiği ortak bir "
            "Yüksek Teknoloji Parkı kurmak",
        ),
        None,
        _t("", "", ""),
    ),
    (
        "campuses",
        _t(
            "Organise regular campuses where youth and ICT specialists meet, exchange "
            "experience and implement new ideas",
            "Gənclərin və İKT mütəxəssislərinin görüşüb təcrübə mübadiləsi apardığı və yeni "
            "ideyaları həyata keçirdiyi kampusları mütəmadi olaraq təşkil etmək",
            "Gençlerin ve BİT uzmanlarının bir araya gelip deneyim paylaştığı ve yeni fikirleri "
            "hayata geçirdiği kampları düzenli aralıklarla düzenlemek",
        ),
        2,
        _t("campuses", "kampus", "kamp"),
    ),
    (
        "karabakh-parks",
        _t(
            "Open technology parks and innovation centres in Karabakh",
            "Qarabağda texnologiya parkları və innovasiya mərkəzləri açmaq",
            "Karabağ'da teknoloji parkları ve inovasyon merkezleri açmak",
        ),
        None,
        _t("", "", ""),
    ),
]

# --- parks -----------------------------------------------------------------------------
PARKS: list[dict[str, Any]] = [
    {
        "slug": GOSB_PARK_SLUG,
        "kind": Park.Kind.TECHNOPARK,
        "status": Park.Status.OPERATING,
        "operator": "gosb-teknopark",
        "established_by": None,
        "country": "TR",
        "city": "Gebze",
        "region": "Kocaeli",
        "time_zone": "Europe/Istanbul",
        "opened_year": 2005,
        "area_hectares": Decimal("12.50"),
        "website": "https://gosbteknopark.example",
        "name": _t("GOSB Teknopark", "GOSB Texnoparkı", "GOSB Teknopark"),
        "description": _t(
            "Technopark inside Gebze Organised Industrial Zone (GOSB), about 60 km east of "
            "Istanbul. Three blocks of offices, laboratories and production halls host about "
            "130 technology companies.",
            "İstanbulun təxminən 60 km şərqində, Gebze Mütəşəkkil Sənaye Zonasında (GOSB) "
            "yerləşən texnopark. Ofis, laboratoriya və istehsal sahələrindən ibarət üç blokda "
            "təxminən 130 texnologiya şirkəti fəaliyyət göstərir.",
            "İstanbul'un yaklaşık 60 km doğusunda, Gebze Organize Sanayi Bölgesi (GOSB) içinde "
            "yer alan teknopark. Ofis, laboratuvar ve üretim alanlarından oluşan üç blokta "
            "yaklaşık 130 teknoloji şirketi faaliyet gösterir.",
        ),
    },
    {
        "slug": "high-technologies-park",
        "kind": Park.Kind.HIGH_TECH_PARK,
        "status": Park.Status.UNDER_CONSTRUCTION,
        "operator": "htp-management",
        "established_by": MEMORANDUM_SLUG,
        "country": "AZ",
        "city": "Baku",
        "region": "Absheron",
        "time_zone": "Asia/Baku",
        "opened_year": None,
        "area_hectares": Decimal("40.00"),
        "website": "https://high-tech-park.example",
        "name": _t(
            "Azerbaijan–Türkiye High Technologies Park",
            "Azərbaycan–Türkiyə Yüksək Texnologiyalar Parkı",
            "Azerbaycan–Türkiye Yüksek Teknoloji Parkı",
        ),
        "description": _t(
            "The joint High Technologies Park agreed in the 2020 memorandum: research "
            "laboratories and the production of high-tech devices, built by the Innovation "
            "Agency of Azerbaijan together with GOSB Teknopark.",
            "2020-ci il memorandumu ilə razılaşdırılmış birgə Yüksək Texnologiyalar Parkı: "
            "tədqiqat laboratoriyaları və yüksək texnologiyalı cihazların istehsalı. Park "
            "İnnovasiya Agentliyi tərəfindən GOSB Texnoparkı ilə birlikdə yaradılır.",
            "2020 mutabakat zaptında kararlaştırılan ortak Yüksek Teknoloji Parkı: araştırma "
            "laboratuvarları ve yüksek teknolojili cihaz üretimi. Park, Azerbaycan İnovasyon "
            "Ajansı tarafından GOSB Teknopark ile birlikte kuruluyor.",
        ),
    },
    {
        "slug": "baku-innovation-centre",
        "kind": Park.Kind.INNOVATION_CENTRE,
        "status": Park.Status.OPERATING,
        "operator": "baku-innovation-centre",
        "established_by": None,
        "country": "AZ",
        "city": "Baku",
        "region": "",
        "time_zone": "Asia/Baku",
        "opened_year": 2019,
        "area_hectares": None,
        "website": "https://baku-innovation-centre.example",
        "name": _t("Baku Innovation Centre", "Bakı İnnovasiya Mərkəzi", "Bakü İnovasyon Merkezi"),
        "description": _t(
            "The Innovation Agency's flagship centre in Baku: co-working space, offices for "
            "startups, a prototyping lab and the home of the acceleration programmes.",
            "İnnovasiya Agentliyinin Bakıdakı əsas mərkəzi: kovorkinq məkanı, startaplar üçün "
            "ofislər, prototipləşdirmə laboratoriyası və akselerasiya proqramlarının ünvanı.",
            "Azerbaycan İnovasyon Ajansı'nın Bakü'deki ana merkezi: ortak çalışma alanı, "
            "girişimler için ofisler, prototipleme laboratuvarı ve hızlandırma programlarının "
            "adresi.",
        ),
    },
    {
        "slug": "ganja-innovation-centre",
        "kind": Park.Kind.INNOVATION_CENTRE,
        "status": Park.Status.OPERATING,
        "operator": "ganja-innovation-centre",
        "established_by": None,
        "country": "AZ",
        "city": "Ganja",
        "region": "Ganja-Dashkasan",
        "time_zone": "Asia/Baku",
        "opened_year": 2021,
        "area_hectares": None,
        "website": "https://ganja-innovation-centre.example",
        "name": _t(
            "Ganja Innovation Centre", "Gəncə İnnovasiya Mərkəzi", "Gence İnovasyon Merkezi"
        ),
        "description": _t(
            "Innovation centre in Ganja, Azerbaijan's second city, for startups in "
            "agriculture, food and manufacturing in the west of the country.",
            "Azərbaycanın ikinci böyük şəhəri Gəncədə, ölkənin qərbində kənd təsərrüfatı, qida "
            "və istehsal sahəsində çalışan startaplar üçün innovasiya mərkəzi.",
            "Azerbaycan'ın ikinci büyük şehri Gence'de, ülkenin batısında tarım, gıda ve imalat "
            "alanlarında çalışan girişimler için inovasyon merkezi.",
        ),
    },
    {
        "slug": "sumgait-innovation-centre",
        "kind": Park.Kind.INNOVATION_CENTRE,
        "status": Park.Status.OPERATING,
        "operator": "sumgait-innovation-centre",
        "established_by": None,
        "country": "AZ",
        "city": "Sumgait",
        "region": "Absheron",
        "time_zone": "Asia/Baku",
        "opened_year": 2022,
        "area_hectares": None,
        "website": "https://sumgait-innovation-centre.example",
        "name": _t(
            "Sumgait Innovation Centre", "Sumqayıt İnnovasiya Mərkəzi", "Sumgayıt İnovasyon Merkezi"
        ),
        "description": _t(
            "Innovation centre in the industrial city of Sumgait, close to the chemical "
            "industrial park, for chemistry, materials and energy startups.",
            "Kimya sənaye parkının yaxınlığında, sənaye şəhəri Sumqayıtda kimya, materiallar və "
            "enerji startapları üçün innovasiya mərkəzi.",
            "Kimya sanayi parkına yakın, sanayi şehri Sumgayıt'ta kimya, malzeme ve enerji "
            "girişimleri için inovasyon merkezi.",
        ),
    },
    {
        "slug": "shusha-innovation-centre",
        "kind": Park.Kind.INNOVATION_CENTRE,
        "status": Park.Status.PLANNED,
        "operator": "innovation-agency",
        "established_by": MEMORANDUM_SLUG,
        "country": "AZ",
        "city": "Shusha",
        "region": "Karabakh",
        "time_zone": "Asia/Baku",
        "opened_year": None,
        "area_hectares": None,
        "website": "",
        "name": _t("Shusha Innovation Centre", "Şuşa İnnovasiya Mərkəzi", "Şuşa İnovasyon Merkezi"),
        "description": _t(
            "Planned innovation centre in Shusha, the first of the technology parks and "
            "innovation centres in Karabakh foreseen by the 2020 memorandum.",
            "Şuşada planlaşdırılan innovasiya mərkəzi — 2020-ci il memorandumunda nəzərdə "
            "tutulan Qarabağdakı texnologiya parkları və innovasiya mərkəzlərinin birincisi.",
            "Şuşa'da planlanan inovasyon merkezi; 2020 mutabakat zaptında öngörülen "
            "Karabağ'daki teknoloji parkları ve inovasyon merkezlerinin ilki.",
        ),
    },
]

# park slug -> [(site name, address, latitude, longitude, [(building, floors, [units])])]
# a unit is (code, kind, floor, area in m²)
U = Unit.Kind


def _gosb_units() -> dict[str, list[tuple[str, str, int, Decimal]]]:
    rng = random.Random(SEED + 1)
    block_a = [
        (f"A-{floor}{n:02d}", U.OFFICE, floor, Decimal(rng.choice(range(40, 181, 5))))
        for floor in range(1, 6)
        for n in range(1, 13)
    ]
    block_b = [
        (
            f"B-{floor}{n:02d}",
            U.LAB if n > 7 else U.OFFICE,
            floor,
            Decimal(rng.choice(range(60, 151, 5)))
            if n > 7
            else Decimal(rng.choice(range(40, 141, 5))),
        )
        for floor in range(1, 5)
        for n in range(1, 11)
    ]
    block_c = [
        (f"C-P{n:02d}", U.PRODUCTION, 0, Decimal(rng.choice(range(250, 901, 50))))
        for n in range(1, 11)
    ]
    block_c += [
        (f"C-L{n:02d}", U.LAB, 1, Decimal(rng.choice(range(60, 151, 10)))) for n in range(1, 7)
    ]
    return {"Block A": block_a, "Block B": block_b, "Block C (R&D and production)": block_c}


def _centre_units(desks: int, offices: int, labs: int) -> list[tuple[str, str, int, Decimal]]:
    units = [(f"CW-{n:02d}", U.COWORKING, 1, Decimal("6.0")) for n in range(1, desks + 1)]
    units += [(f"{200 + n}", U.OFFICE, 2, Decimal(18 + 4 * (n % 4))) for n in range(1, offices + 1)]
    units += [(f"L-{n:02d}", U.LAB, 0, Decimal("45.0")) for n in range(1, labs + 1)]
    return units


def _sites() -> dict[str, list[tuple[str, str, Decimal | None, Decimal | None, list]]]:
    gosb = _gosb_units()
    return {
        GOSB_PARK_SLUG: [
            (
                "GOSB Teknopark Campus",
                "Gebze Organize Sanayi Bölgesi, 41480 Gebze/Kocaeli",
                Decimal("40.814000"),
                Decimal("29.459000"),
                [("Block A", 5, gosb["Block A"]), ("Block B", 4, gosb["Block B"])]
                + [("Block C (R&D and production)", 2, gosb["Block C (R&D and production)"])],
            )
        ],
        "high-technologies-park": [
            ("Phase I construction site", "Absheron peninsula, Baku", None, None, []),
        ],
        "baku-innovation-centre": [
            (
                "Baku Innovation Centre",
                "Nərimanov rayonu, Bakı, AZ1025",
                Decimal("40.402000"),
                Decimal("49.873000"),
                [("Main building", 3, _centre_units(16, 10, 2))],
            )
        ],
        "ganja-innovation-centre": [
            (
                "Ganja Innovation Centre",
                "Kəpəz rayonu, Gəncə, AZ2000",
                Decimal("40.682800"),
                Decimal("46.360600"),
                [("Main building", 2, _centre_units(10, 6, 1))],
            )
        ],
        "sumgait-innovation-centre": [
            (
                "Sumgait Innovation Centre",
                "Sumqayıt, AZ5000",
                Decimal("40.589700"),
                Decimal("49.668600"),
                [("Main building", 2, _centre_units(10, 6, 1))],
            )
        ],
    }


# --- GOSB Teknopark residents (generated, deterministic) --------------------------------
# What GOSB residents do. Header: key | word in company names | sectors | technology
# areas | "production" when such companies may rent a production hall.
DOMAINS_TABLE = """
robotik | Robotik | machinery automotive | robotics ai embedded-systems | production
  expertise: industrial robotics, machine vision, motion control
  product: collaborative robot arms and vision-guided pick-and-place cells
    tr: işbirlikçi robot kolları ve görüntü işleme destekli al-yerleştir hücreleri
  product: autonomous mobile robots for intralogistics
    tr: iç lojistik için otonom mobil robotlar
  product: robotic welding and painting cells
    tr: robotik kaynak ve boya hücreleri
  customers: automotive suppliers in the Marmara region
    tr: Marmara bölgesindeki otomotiv yan sanayi firmaları
  customers: small and medium-sized manufacturers
    tr: küçük ve orta ölçekli üreticiler

yazilim | Yazılım | ict | ai big-data |
  expertise: software architecture, MES, machine learning
  product: production planning and MES software
    tr: üretim planlama ve MES yazılımları
  product: machine-learning models for demand forecasting
    tr: talep tahmini için makine öğrenmesi modelleri
  product: cloud-based ERP modules
    tr: bulut tabanlı ERP modülleri
  customers: industrial companies
    tr: sanayi kuruluşları
  customers: retail and e-commerce firms
    tr: perakende ve e-ticaret firmaları
  customers: municipalities
    tr: belediyeler

elektronik | Elektronik | electronics | embedded-systems semiconductors iot | production
  expertise: PCB design, embedded systems, power electronics
  product: custom printed circuit boards and embedded controllers
    tr: özel baskılı devre kartları ve gömülü kontrolcüler
  product: power electronics for motor drives
    tr: motor sürücüleri için güç elektroniği
  product: RF modules and antennas
    tr: RF modülleri ve antenler
  customers: defence and white-goods manufacturers
    tr: savunma sanayii ve beyaz eşya üreticileri
  customers: industrial automation integrators
    tr: endüstriyel otomasyon entegratörleri

savunma | Savunma | defence-aerospace | drones embedded-systems photonics | production
  expertise: defence electronics, electro-optics, systems engineering
  product: electro-optical targeting systems
    tr: elektro-optik hedefleme sistemleri
  product: rugged mission computers
    tr: zorlu ortam görev bilgisayarları
  product: test and simulation equipment for land platforms
    tr: kara platformları için test ve simülasyon ekipmanları
  customers: the defence industry's main contractors
    tr: savunma sanayii ana yüklenicileri
  customers: armed forces and security units
    tr: silahlı kuvvetler ve güvenlik birimleri

medikal | Medikal | health-medical-devices | biotech ai 3d-printing |
  expertise: medical devices, regulatory affairs, CE marking
  product: patient monitoring devices
    tr: hasta izleme cihazları
  product: 3D-printed orthopaedic implants
    tr: 3D baskı ortopedik implantlar
  product: AI-assisted medical imaging software
    tr: yapay zekâ destekli tıbbi görüntüleme yazılımları
  customers: hospitals and clinics
    tr: hastaneler ve klinikler
  customers: medical device distributors
    tr: tıbbi cihaz distribütörleri

enerji | Enerji | energy | renewable-energy iot | production
  expertise: solar energy, battery storage, power electronics
  product: solar inverters and battery storage systems
    tr: güneş enerjisi invertörleri ve batarya depolama sistemleri
  product: energy monitoring platforms for factories
    tr: fabrikalar için enerji izleme platformları
  product: hydrogen fuel-cell test benches
    tr: hidrojen yakıt hücresi test düzenekleri
  customers: industrial plants
    tr: sanayi tesisleri
  customers: organised industrial zones
    tr: organize sanayi bölgeleri

otomasyon | Otomasyon | machinery | robotics iot | production
  expertise: PLC programming, industrial automation, machine vision
  product: PLC-based production-line automation
    tr: PLC tabanlı üretim hattı otomasyonu
  product: machine-vision quality inspection stations
    tr: makine görmesiyle kalite kontrol istasyonları
  customers: machinery manufacturers
    tr: makine üreticileri
  customers: food and packaging plants
    tr: gıda ve ambalaj fabrikaları

bilisim | Bilişim | ict | cybersecurity big-data |
  expertise: network integration, cybersecurity, business intelligence
  product: data-centre and network integration services
    tr: veri merkezi ve ağ entegrasyon hizmetleri
  product: business intelligence dashboards
    tr: iş zekâsı panoları
  customers: industrial companies
    tr: sanayi kuruluşları
  customers: hospitals and universities
    tr: hastaneler ve üniversiteler

havacilik | Havacılık | defence-aerospace | drones nanomaterials | production
  expertise: composites, UAV design, aerospace certification
  product: composite structural parts for aircraft
    tr: uçaklar için kompozit yapısal parçalar
  product: fixed-wing and VTOL unmanned aerial vehicles
    tr: sabit kanatlı ve dikey iniş kalkışlı insansız hava araçları
  customers: aerospace main contractors
    tr: havacılık ana yüklenicileri
  customers: mapping and inspection companies
    tr: haritalama ve denetim firmaları

kimya | Kimya | chemicals | nanomaterials | production
  expertise: coatings, adhesives, polymer chemistry
  product: specialty coatings and adhesives
    tr: özel kaplamalar ve yapıştırıcılar
  product: polymer additives
    tr: polimer katkı maddeleri
  customers: automotive and construction suppliers
    tr: otomotiv ve inşaat tedarikçileri
  customers: paint manufacturers
    tr: boya üreticileri

malzeme | Malzeme | chemicals automotive | nanomaterials 3d-printing | production
  expertise: metal powders, additive manufacturing, graphene
  product: metal powders for additive manufacturing
    tr: eklemeli imalat için metal tozları
  product: graphene-enhanced composites
    tr: grafen katkılı kompozitler
  customers: aerospace and automotive manufacturers
    tr: havacılık ve otomotiv üreticileri
  customers: 3D-printing service bureaus
    tr: 3D baskı hizmet büroları

optik | Optik | electronics | photonics |
  expertise: lasers, fibre-optic sensors, thermal imaging
  product: laser sources and fibre-optic sensors
    tr: lazer kaynakları ve fiber optik sensörler
  product: thermal cameras
    tr: termal kameralar
  customers: defence and security integrators
    tr: savunma ve güvenlik entegratörleri
  customers: energy utilities
    tr: enerji şirketleri

mekatronik | Mekatronik | machinery automotive | robotics embedded-systems | production
  expertise: actuators, test benches, automotive testing
  product: electromechanical actuators
    tr: elektromekanik eyleyiciler
  product: test benches for automotive components
    tr: otomotiv bileşenleri için test düzenekleri
  customers: automotive manufacturers
    tr: otomotiv üreticileri
  customers: rail-vehicle suppliers
    tr: raylı sistem tedarikçileri

biyoteknoloji | Biyoteknoloji | health-medical-devices agritech | biotech |
  expertise: molecular diagnostics, microbiology
  product: molecular diagnostic kits
    tr: moleküler tanı kitleri
  product: microbial fertilisers
    tr: mikrobiyal gübreler
  customers: hospital laboratories
    tr: hastane laboratuvarları
  customers: agricultural cooperatives
    tr: tarım kooperatifleri

tarim | Tarım Teknolojileri | agritech | iot drones |
  expertise: smart irrigation, greenhouse automation, IoT
  product: smart irrigation controllers
    tr: akıllı sulama kontrolcüleri
  product: greenhouse climate sensors
    tr: sera iklim sensörleri
  customers: greenhouse growers
    tr: seracılar
  customers: agricultural cooperatives
    tr: tarım kooperatifleri

fintek | Finans Teknolojileri | fintech | blockchain ai |
  expertise: payments, e-invoicing, credit scoring
  product: payment and e-invoice platforms
    tr: ödeme ve e-fatura platformları
  product: credit-scoring models
    tr: kredi skorlama modelleri
  customers: banks and payment institutions
    tr: bankalar ve ödeme kuruluşları
  customers: small businesses
    tr: küçük işletmeler

lojistik | Lojistik Teknolojileri | logistics | iot big-data |
  expertise: fleet management, warehouse software
  product: fleet tracking systems
    tr: filo takip sistemleri
  product: warehouse management software
    tr: depo yönetim yazılımları
  customers: freight forwarders
    tr: nakliye ve lojistik firmaları
  customers: port operators
    tr: liman işletmeleri

egitim | Eğitim Teknolojileri | education | ar-vr ai |
  expertise: e-learning, VR training, instructional design
  product: virtual-reality training simulators
    tr: sanal gerçeklik eğitim simülatörleri
  product: online learning platforms
    tr: çevrim içi öğrenme platformları
  customers: vocational schools
    tr: meslek liseleri
  customers: corporate training departments
    tr: kurumsal eğitim birimleri

siber | Siber Güvenlik | ict defence-aerospace | cybersecurity |
  expertise: ICS security, penetration testing, SOC
  product: industrial control system security
    tr: endüstriyel kontrol sistemi güvenliği çözümleri
  product: penetration testing and SOC services
    tr: sızma testi ve SOC hizmetleri
  customers: energy and water utilities
    tr: enerji ve su şirketleri
  customers: banks and public institutions
    tr: bankalar ve kamu kurumları

sensor | Sensör | electronics | iot photonics |
  expertise: gas sensors, condition monitoring, IoT
  product: gas and vibration sensors
    tr: gaz ve titreşim sensörleri
  product: wireless condition-monitoring nodes
    tr: kablosuz durum izleme düğümleri
  customers: process industries
    tr: proses endüstrisi
  customers: machinery manufacturers
    tr: makine üreticileri

yapay-zeka | Yapay Zekâ | ict | ai big-data |
  expertise: computer vision, NLP, deep learning
  product: computer-vision solutions
    tr: bilgisayarlı görü çözümleri
  product: Turkish natural-language processing
    tr: Türkçe doğal dil işleme çözümleri
  customers: manufacturers and retailers
    tr: üreticiler ve perakendeciler
  customers: call centres
    tr: çağrı merkezleri

mikroelektronik | Mikroelektronik | electronics | semiconductors embedded-systems |
  expertise: ASIC design, FPGA, semiconductors
  product: ASIC and FPGA design services
    tr: ASIC ve FPGA tasarım hizmetleri
  product: sensor-interface chips
    tr: sensör arayüz yongaları
  customers: electronics manufacturers
    tr: elektronik üreticileri
  customers: defence electronics companies
    tr: savunma elektroniği firmaları

simulasyon | Simülasyon | defence-aerospace education | ar-vr |
  expertise: simulators, digital twins, AR/VR
  product: driving and flight simulators
    tr: sürüş ve uçuş simülatörleri
  product: digital twins of production lines
    tr: üretim hatlarının dijital ikizleri
  customers: training academies
    tr: eğitim akademileri
  customers: factories
    tr: fabrikalar

muhendislik | Mühendislik | machinery | 3d-printing | production
  expertise: reverse engineering, rapid prototyping, special machines
  product: reverse engineering and rapid prototyping
    tr: tersine mühendislik ve hızlı prototipleme
  product: special-purpose machines
    tr: özel amaçlı makineler
  customers: automotive and white-goods plants
    tr: otomotiv ve beyaz eşya fabrikaları
  customers: defence subcontractors
    tr: savunma sanayii alt yüklenicileri

otomotiv | Otomotiv Teknolojileri | automotive | embedded-systems ai |
  expertise: battery management, ADAS, automotive software
  product: battery management systems for electric vehicles
    tr: elektrikli araçlar için batarya yönetim sistemleri
  product: ADAS test tools
    tr: ileri sürüş destek sistemleri (ADAS) için test araçları
  customers: vehicle manufacturers
    tr: araç üreticileri
  customers: tier-1 suppliers
    tr: birinci kademe tedarikçiler

akilli-sistemler | Akıllı Sistemler | ict energy | iot |
  expertise: LoRaWAN, smart metering, building automation
  product: LoRaWAN gateways and smart-meter solutions
    tr: LoRaWAN ağ geçitleri ve akıllı sayaç çözümleri
  product: smart-building controllers
    tr: akıllı bina kontrolcüleri
  customers: utilities
    tr: dağıtım şirketleri
  customers: facility managers
    tr: tesis yöneticileri
"""


@dataclass(frozen=True)
class Domain:
    word: str  # in company names: "Pusula Robotik A.Ş."
    sectors: list[str]
    technology_areas: list[str]
    production: bool
    expertise: str
    products: list[tuple[str, str]]  # (English, Turkish)
    customers: list[tuple[str, str]]


def _texts(items, name: str, language: str) -> list[tuple[str, str]]:
    """(English, other language) pairs of the lines called ``name`` in a record."""
    return [(text["en"], text[language]) for key, text in items if key == name]


def _domains() -> dict[str, Domain]:
    domains = {}
    for (key, word, sectors, techs, production), items in _records(DOMAINS_TABLE):
        domains[key] = Domain(
            word=word,
            sectors=sectors.split(),
            technology_areas=techs.split(),
            production=production == "production",
            expertise=next(text["en"] for name, text in items if name == "expertise"),
            products=_texts(items, "product", "tr"),
            customers=_texts(items, "customers", "tr"),
        )
    return domains


DOMAINS = _domains()

STEMS = [
    "Gebze", "Körfez", "Marmara", "Anatolia", "Nova", "Atlas", "Kuzey", "Pusula", "Poyraz",
    "Yıldız", "Doruk", "Kartal", "Ufuk", "Çınar", "Toros", "Erciyes", "Dilovası", "Tuzla",
    "Derince", "Ege", "Mavi", "Altay", "Orion", "Vega", "Meridyen", "Eksen", "Vektör", "Piksel",
    "Kuantum", "Zirve", "Lodos", "Bora", "Simya", "Ilgaz", "Kaşif", "Tuna", "Sarp", "Uludağ",
    "Pergel", "Işık",
]  # fmt: skip

EXTRAS = [
    ("runs its R&D centre at GOSB Teknopark", "Ar-Ge merkezini GOSB Teknopark'ta sürdürüyor"),
    (
        "works with Gebze Technical University on applied research",
        "Gebze Teknik Üniversitesi ile uygulamalı araştırmalar yürütüyor",
    ),
    ("exports to more than ten countries", "ondan fazla ülkeye ihracat yapıyor"),
    (
        "holds several national and international patents",
        "çok sayıda ulusal ve uluslararası patente sahip",
    ),
    (
        "has taken part in TÜBİTAK-funded R&D projects",
        "TÜBİTAK destekli Ar-Ge projelerinde yer aldı",
    ),
    (
        "is looking for partners and customers in Azerbaijan",
        "Azerbaycan'da iş ortakları ve müşteriler arıyor",
    ),
    (
        "employs engineers from universities in Kocaeli and Istanbul",
        "Kocaeli ve İstanbul'daki üniversitelerden mezun mühendisler istihdam ediyor",
    ),
]

SHOWCASE_COMPANY: dict[str, Any] = {
    "slug": SHOWCASE_COMPANY_SLUG,
    "legal_name": "Pusula Robotik A.Ş.",
    "domain": "robotik",
    "kind": Org.SME,
    "size": Size.SMALL,
    "founded_year": 2014,
    "sectors": ["machinery", "automotive"],
    "technology_areas": ["robotics", "ai", "embedded-systems"],
    "description": _t(
        "Pusula Robotik develops collaborative robot cells with machine vision for automotive "
        "suppliers and white-goods plants in the Marmara region. Founded in 2014 at GOSB "
        "Teknopark, the company builds its own controllers and is looking for integration "
        "partners in Azerbaijan.",
        "Pusula Robotik Marmara bölgəsindəki avtomobil ehtiyat hissələri və məişət texnikası "
        "zavodları üçün maşın görməsi ilə işləyən kollaborativ robot hüceyrələri hazırlayır. "
        "2014-cü ildə GOSB Texnoparkında yaradılan şirkət öz kontrollerlərini istehsal edir və "
        "Azərbaycanda inteqrasiya tərəfdaşları axtarır.",
        "Pusula Robotik, Marmara bölgesindeki otomotiv yan sanayi ve beyaz eşya fabrikaları için "
        "makine görmesi destekli işbirlikçi robot hücreleri geliştiriyor. 2014 yılında GOSB "
        "Teknopark'ta kurulan şirket kendi kontrolcülerini üretiyor ve Azerbaycan'da "
        "entegrasyon ortakları arıyor.",
    ),
}

GOSB_COMPANY_COUNT = 134  # including the showcase company
GOSB_STATUS_COUNTS = {RStatus.APPLIED: 3, RStatus.APPROVED: 2, RStatus.GRADUATED: 4}
GOSB_PRIVATE_COUNT = 4


@dataclass
class CompanySpec:
    slug: str
    kind: str
    size: str
    founded_year: int
    country: str
    city: str
    sectors: list[str]
    technology_areas: list[str]
    name: str
    description: dict[str, str | None]
    phone: str
    is_public: bool = True
    park: str = GOSB_PARK_SLUG
    status: str = RStatus.ACTIVE
    applied_on: dt.date | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    wants_unit: str | None = None  # a unit kind, or None for no unit
    notes: str = ""
    domain: str = ""

    @property
    def website(self) -> str:
        return f"https://{self.slug}.example"

    @property
    def email(self) -> str:
        return f"info@{self.slug}.example"


def _phone(rng: random.Random, *prefix: object) -> str:
    return " ".join(map(str, [*prefix, rng.randint(10, 99), rng.randint(10, 99)]))


def _random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def gosb_companies() -> list[CompanySpec]:
    """~130 GOSB Teknopark residents; the same list every time (seeded)."""
    rng = random.Random(SEED)
    combos = [(stem, domain) for stem in STEMS for domain in DOMAINS]
    combos.remove(("Pusula", SHOWCASE_COMPANY["domain"]))
    rng.shuffle(combos)
    chosen = combos[: GOSB_COMPANY_COUNT - 1]

    specs = [
        CompanySpec(
            slug=SHOWCASE_COMPANY["slug"],
            kind=SHOWCASE_COMPANY["kind"],
            size=SHOWCASE_COMPANY["size"],
            founded_year=SHOWCASE_COMPANY["founded_year"],
            country="TR",
            city="Gebze",
            sectors=SHOWCASE_COMPANY["sectors"],
            technology_areas=SHOWCASE_COMPANY["technology_areas"],
            name=SHOWCASE_COMPANY["legal_name"],
            description=SHOWCASE_COMPANY["description"],
            phone="+90 262 677 41 14",
            applied_on=dt.date(2014, 4, 7),
            start_date=dt.date(2014, 6, 2),
            wants_unit=U.PRODUCTION,
            domain="robotik",
        )
    ]
    for stem, domain in chosen:
        spec = DOMAINS[domain]
        size = rng.choices(
            [Size.MICRO, Size.SMALL, Size.MEDIUM, Size.LARGE], weights=[30, 45, 20, 5]
        )[0]
        founded = rng.randint(1998, 2025)
        if size == Size.LARGE:
            kind = Org.LARGE_COMPANY
        elif size == Size.MICRO and founded >= 2019:
            kind = Org.STARTUP
        else:
            kind = Org.SME
        middle = "" if " " in spec.word else rng.choice(["", "", " Teknoloji", " Sistemleri"])
        suffix = "A.Ş." if size in (Size.MEDIUM, Size.LARGE) or rng.random() < 0.25 else "Ltd. Şti."
        name = f"{stem} {spec.word}{middle} {suffix}"
        company_sectors = list(spec.sectors)
        if rng.random() < 0.2:
            extra = rng.choice([s[0] for s in SECTORS])
            if extra not in company_sectors:
                company_sectors.append(extra)
        techs = spec.technology_areas
        company_techs = sorted(rng.sample(techs, rng.randint(1, len(techs))))
        product = rng.choice(spec.products)
        customer = rng.choice(spec.customers)
        extra_en, extra_tr = rng.choice(EXTRAS)
        description = _t(
            f"{name} develops {product[0]}; its customers include {customer[0]}. Founded in "
            f"{founded}, the company {extra_en}.",
            None,
            f"{name}, {product[1]} geliştiriyor; müşterileri arasında {customer[1]} bulunuyor. "
            f"{founded} yılında kurulan şirket {extra_tr}.",
        )
        moved_in_from = max(dt.date(2005, 9, 1), dt.date(founded, 3, 1))
        start = _random_date(rng, moved_in_from, dt.date(2026, 9, 30))
        unit_kind = (
            U.PRODUCTION if spec.production and size in (Size.MEDIUM, Size.LARGE) else U.OFFICE
        )
        if rng.random() < 0.1:
            unit_kind = U.LAB
        specs.append(
            CompanySpec(
                slug=ascii_slug(f"{stem} {spec.word}"),
                kind=kind,
                size=size,
                founded_year=founded,
                country="TR",
                city="Gebze",
                sectors=company_sectors,
                technology_areas=company_techs,
                name=name,
                description=description,
                phone=_phone(rng, "+90 262", rng.randint(640, 679)),
                applied_on=start - dt.timedelta(days=rng.randint(20, 75)),
                start_date=start,
                wants_unit=unit_kind if rng.random() < 0.88 else None,
                domain=domain,
            )
        )

    # A few residencies that are not (or no longer) active, and a few hidden profiles.
    others = specs[1:]
    picked = rng.sample(others, sum(GOSB_STATUS_COUNTS.values()) + GOSB_PRIVATE_COUNT)
    position = 0
    for status, count in GOSB_STATUS_COUNTS.items():
        for spec in picked[position : position + count]:
            spec.status = status
            spec.wants_unit = None
            if status == RStatus.APPLIED:
                spec.applied_on = _random_date(rng, dt.date(2026, 9, 1), dt.date(2026, 11, 20))
                spec.start_date = None
            elif status == RStatus.APPROVED:
                spec.applied_on = _random_date(rng, dt.date(2026, 6, 1), dt.date(2026, 8, 31))
                spec.start_date = None
                spec.notes = "Approved by the board; moving in when a unit in Block B is free."
            else:  # graduated
                spec.start_date = _random_date(rng, dt.date(2008, 1, 1), dt.date(2018, 12, 31))
                spec.applied_on = spec.start_date - dt.timedelta(days=45)
                spec.end_date = spec.start_date + dt.timedelta(days=rng.randint(3 * 365, 7 * 365))
                spec.notes = "Graduated: moved to its own plant in GOSB."
                spec.founded_year = min(spec.founded_year, spec.start_date.year)
        position += count
    for spec in picked[position:]:
        spec.is_public = False
        spec.notes = "Asked not to be listed in the public directory."
    return specs


# --- Azerbaijani startups at the innovation centres -------------------------------------
# Header: slug | legal name | innovation centre | founded | size | kind | residency status
AZ_STARTUPS_TABLE = """
xezer-analytics | Xəzər Analytics MMC | baku | 2019 | small | sme | active
  sectors: fintech ict
  technology: big-data ai
  product: credit-risk and churn analytics
    az: kredit riski və müştəri itkisi analitikası
  customers: banks and telecom operators
    az: banklar və telekommunikasiya operatorları

odlar-robotics | Odlar Robotics MMC | baku | 2021 | micro | startup | active
  sectors: education machinery
  technology: robotics embedded-systems
  product: educational robotics kits
    az: təhsil robototexnikası dəstləri
  customers: schools and STEM clubs
    az: məktəblər və STEM dərnəkləri

qala-cyber | Qala Cyber MMC | baku | 2020 | small | startup | active
  sectors: ict
  technology: cybersecurity
  product: security monitoring and incident response
    az: təhlükəsizlik monitorinqi və insidentlərə cavab xidmətləri
  customers: banks and public institutions
    az: banklar və dövlət qurumları

araz-agrosense | Araz AgroSense MMC | ganja | 2022 | micro | startup | active
  sectors: agritech
  technology: iot big-data
  product: soil-moisture sensors and irrigation advice
    az: torpaq nəmliyi sensorları və suvarma tövsiyələri
  customers: farms around Ganja
    az: Gəncə ətrafındakı fermer təsərrüfatları

kepez-dron | Kəpəz Dron Texnologiyaları MMC | ganja | 2021 | micro | startup | active
  sectors: agritech logistics
  technology: drones
  product: crop-spraying and mapping drones
    az: əkin çiləmə və xəritələmə dronları
  customers: agricultural enterprises
    az: kənd təsərrüfatı müəssisələri

goygol-edutech | Göygöl EduTech MMC | ganja | 2023 | micro | startup | active
  sectors: education
  technology: ar-vr ai
  product: an adaptive maths learning app in Azerbaijani
    az: Azərbaycan dilində adaptiv riyaziyyat tədrisi tətbiqi
  customers: secondary-school pupils
    az: orta məktəb şagirdləri

sumqayit-polimer | Sumqayıt Polimer Lab MMC | sumgait | 2020 | small | sme | active
  sectors: chemicals
  technology: nanomaterials
  product: recycled polymer compounds
    az: təkrar emal olunmuş polimer kompozisiyaları
  customers: packaging and construction companies
    az: qablaşdırma və tikinti şirkətləri

abseron-gunes | Abşeron Günəş Enerjisi MMC | sumgait | 2019 | small | sme | active
  sectors: energy
  technology: renewable-energy iot
  product: rooftop solar systems with remote monitoring
    az: məsafədən izlənən dam günəş sistemləri
  customers: industrial buildings and households
    az: sənaye binaları və ev təsərrüfatları

cidir-fintech | Cıdır Fintech MMC | baku | 2022 | micro | startup | active
  sectors: fintech
  technology: blockchain
  product: a digital-asset custody platform
    az: rəqəmsal aktivlərin saxlanması platforması
  customers: investment companies
    az: investisiya şirkətləri

nizami-speech | Nizami Speech AI MMC | baku | 2021 | small | startup | active
  sectors: ict
  technology: ai
  product: Azerbaijani speech recognition and voice assistants
    az: Azərbaycan dilində nitqin tanınması və səsli köməkçilər
  customers: call centres and banks
    az: çağrı mərkəzləri və banklar

leman-medtech | Ləman MedTech MMC | baku | 2020 | micro | startup | active
  sectors: health-medical-devices
  technology: embedded-systems iot
  product: wearable ECG monitors
    az: geyilə bilən EKQ monitorları
  customers: cardiology clinics
    az: kardiologiya klinikaları

sirvan-smart-logistics | Şirvan Smart Logistics MMC | sumgait | 2021 | small | startup | active
  sectors: logistics
  technology: iot big-data
  product: route-planning software
    az: marşrut planlaşdırma proqramı
  customers: freight forwarders on the Middle Corridor
    az: Orta Dəhliz üzrə yükdaşıma şirkətləri

qobustan-vr | Qobustan VR Studio MMC | baku | 2022 | micro | startup | active
  sectors: education
  technology: ar-vr
  product: virtual museum tours and VR training
    az: virtual muzey turları və VR təlimləri
  customers: museums and training centres
    az: muzeylər və təlim mərkəzləri

baki-cip-dizayn | Bakı Çip Dizayn MMC | baku | 2023 | micro | startup | active
  sectors: electronics
  technology: semiconductors embedded-systems
  product: FPGA prototypes and chip design services
    az: FPGA prototipləri və çip dizaynı xidmətləri
  customers: electronics manufacturers
    az: elektronika istehsalçıları

talis-biolab | Talış BioLab MMC | baku | 2021 | micro | startup | applied
  sectors: health-medical-devices agritech
  technology: biotech
  product: PCR diagnostic kits for plant diseases
    az: bitki xəstəlikləri üçün PZR diaqnostika dəstləri
  customers: laboratories and seed producers
    az: laboratoriyalar və toxum istehsalçıları

sahdag-iot | Şahdağ IoT MMC | ganja | 2020 | small | sme | active
  sectors: ict energy
  technology: iot
  product: smart meters for water and gas
    az: su və qaz üçün ağıllı sayğaclar
  customers: utilities and municipalities
    az: kommunal müəssisələr və bələdiyyələr

kur-su-texnologiyalari | Kür Su Texnologiyaları MMC | ganja | 2022 | micro | startup | active
  sectors: agritech
  technology: iot
  product: water-quality monitoring buoys
    az: suyun keyfiyyətinə nəzarət şamandıraları
  customers: fish farms and water utilities
    az: balıq təsərrüfatları və su təchizatı müəssisələri

xinaliq-pay | Xınalıq Pay MMC | baku | 2023 | micro | startup | applied
  sectors: fintech
  technology: ai cybersecurity
  product: QR payments for small shops
    az: kiçik mağazalar üçün QR ödənişləri
  customers: retailers
    az: pərakəndə satış obyektləri

sumqayit-3d-print | Sumqayıt 3D Print MMC | sumgait | 2022 | micro | startup | active
  sectors: machinery
  technology: 3d-printing
  product: 3D-printed spare parts
    az: 3D çap üsulu ilə ehtiyat hissələri
  customers: plants of the Sumgait Chemical Industrial Park
    az: Sumqayıt Kimya Sənaye Parkının zavodları

naftalan-healthtech | Naftalan HealthTech MMC | ganja | 2021 | micro | startup | active
  sectors: health-medical-devices
  technology: ai
  product: telemedicine software for rehabilitation
    az: reabilitasiya üçün telemedisina proqramı
  customers: sanatoriums and rehabilitation centres
    az: sanatoriyalar və reabilitasiya mərkəzləri
"""

_CENTRES = {  # short name in the table: (park slug, city, phone prefix)
    "baku": ("baku-innovation-centre", "Baku", "+994 12 404"),
    "ganja": ("ganja-innovation-centre", "Ganja", "+994 22 256"),
    "sumgait": ("sumgait-innovation-centre", "Sumgait", "+994 18 642"),
}


def az_startups() -> list[CompanySpec]:
    rng = random.Random(SEED + 2)
    specs = []
    for (slug, name, centre, founded, size, kind, status), items in _records(AZ_STARTUPS_TABLE):
        park, city, phone = _CENTRES[centre]
        founded = int(founded)
        lines = dict(items)
        start = _random_date(rng, dt.date(max(founded, 2020), 3, 1), dt.date(2026, 6, 30))
        applied = status == RStatus.APPLIED
        specs.append(
            CompanySpec(
                slug=slug,
                kind=kind,
                size=size,
                founded_year=founded,
                country="AZ",
                city=city,
                sectors=lines["sectors"]["en"].split(),
                technology_areas=lines["technology"]["en"].split(),
                name=name,
                description=_t(
                    f"{name} develops {lines['product']['en']}; its customers include "
                    f"{lines['customers']['en']}. Founded in {founded}, the company works from "
                    f"the {city} innovation centre.",
                    f"{name} {lines['product']['az']} hazırlayır; müştəriləri arasında "
                    f"{lines['customers']['az']} var. Şirkət {az_year(founded)} ildə yaradılıb.",
                    None,
                ),
                phone=_phone(rng, phone),
                park=park,
                status=status,
                applied_on=(
                    _random_date(rng, dt.date(2026, 10, 1), dt.date(2026, 11, 20))
                    if applied
                    else start - dt.timedelta(days=rng.randint(14, 40))
                ),
                start_date=None if applied else start,
                wants_unit=None if applied else (U.OFFICE if size == Size.SMALL else U.COWORKING),
            )
        )
    return specs


# --- people ----------------------------------------------------------------------------
@dataclass
class PersonSpec:
    email: str
    first_name: str
    last_name: str
    country: str
    city: str
    languages: list[str]
    preferred_language: str
    headline: str
    expertise: str = ""
    memberships: list[tuple[str, str, str]] = field(default_factory=list)
    is_public: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    demo_role: str = ""  # set on demo accounts: what the account is for


AZ_LANGS = ["az", "en", "ru"]
AZ_LANGS_TR = ["az", "en", "tr", "ru"]
TR_LANGS = ["tr", "en"]
TR_LANGS_DE = ["tr", "en", "de"]


def _email(first: str, last: str, domain: str) -> str:
    return f"{ascii_slug(first).replace('-', '')}.{ascii_slug(last).replace('-', '')}@{domain}"


# People who work at the institutions. Header: name | organisation | role | job title,
# then options: "private" (not in the public directory), "langs=…", "pref=…", "city=…".
# Country, city, languages and the mail domain follow the organisation unless given.
STAFF_TABLE = """
Tural Abbasov | innovation-agency | admin | Head of Technology Transfer | langs=az,en,tr,ru
  expertise: technology transfer, IP licensing, patent strategy, research commercialisation
Günel Səfərova | innovation-agency | manager | Events and Campus Coordinator
  expertise: event management, hackathons, youth programmes, community building
Orxan Nağıyev | innovation-agency | member | Startup Ecosystem Analyst
  expertise: startup ecosystems, market research, data analysis
Nərmin Kərimova | innovation-agency | member | Programme Officer | private pref=en
  expertise: grant management, monitoring and evaluation
Vüqar Cəfərov | ministry-digital-development-transport | admin | Head of Innovation Policy Division
  expertise: innovation policy, digital economy, public procurement
Səbinə Rüstəmova | ministry-digital-development-transport | member | Senior Adviser
  expertise: high-tech parks, industrial policy, international cooperation
Murat Kaya | gosb-teknopark | admin | General Manager
  expertise: technopark management, industrial R&D, defence industry
Burak Öztürk | gosb-teknopark | manager | Head of Technology Transfer Office | langs=tr,en,de
  expertise: technology transfer, EU projects, TÜBİTAK programmes, licensing
Elif Şahin | gosb-teknopark | member | Incubation and Acceleration Specialist
  expertise: startup acceleration, mentoring, business models
Hakan Çelik | gosb-teknopark | member | Facilities Coordinator | private city=Kocaeli
  expertise: facility management, laboratory safety
Cavid İsmayılov | htp-management | admin | Project Director | langs=az,en,tr,ru
  expertise: construction management, industrial parks, semiconductors
Mehmet Aksoy | htp-management | manager | Deputy Project Director | country=TR
  expertise: technopark development, clean rooms, electronics manufacturing
Kamran Əliyev | baku-innovation-centre | admin | Centre Director
  expertise: startup acceleration, venture capital, fintech
Aytən Həsənova | baku-innovation-centre | manager | Community Manager
  expertise: community building, co-working, event management
Samir Məlikov | ganja-innovation-centre | admin | Centre Director
  expertise: agritech, regional development, food processing
Ülviyyə Quliyeva | sumgait-innovation-centre | admin | Centre Director
  expertise: chemical engineering, energy efficiency, startup support
Rauf Sadıqov | azerbaijan-technical-university | admin | Vice-Rector for Research
  expertise: research management, telecommunications, signal processing
Lalə Axundova | azerbaijan-technical-university | member | Associate Professor of Electronics
  expertise: power electronics, embedded systems, semiconductors, renewable energy
Fuad Mirzəyev | ada-university | admin | Director of the Startup Hub | pref=en
  expertise: entrepreneurship education, venture building, fintech
Nurlan Hacıyev | ada-university | member | Assistant Professor of Data Science | pref=en
  expertise: machine learning, big data, natural language processing, Azerbaijani NLP
Ahmet Yıldırım | gebze-technical-university | admin | Director of Technology Transfer
  expertise: technology transfer, patents, university-industry cooperation
Deniz Erdem | gebze-technical-university | member | Professor of Mechanical Engineering
  expertise: robotics, mechatronics, control systems, additive manufacturing, 3D printing
Gökhan Kılıç | gebze-technical-university | member | Associate Professor of Materials Science
  expertise: nanomaterials, graphene, composites, coatings
Esra Aydemir | gebze-technical-university | member | Research Assistant, Electronics
  expertise: photonics, optical sensors, FPGA
Elnur Abdullayev | sumgait-state-university | admin | Vice-Rector for Science
  expertise: physical chemistry, polymers, research management
Könül Rəhimova | sumgait-state-university | member | Associate Professor of Chemical Engineering
  expertise: chemical engineering, catalysis, polymer recycling, nanomaterials
Sevinc Əlizadə | absheron-institute-applied-informatics | admin | Director
  expertise: information security, research management, e-government
Teymur Bağırov | absheron-institute-applied-informatics | member | Leading Researcher, Photonics
  expertise: photonics, fibre optics, laser physics, optical communication
Gülnar Hüseynli | absheron-institute-applied-informatics | member | Researcher, Cybersecurity
  expertise: cybersecurity, intrusion detection, cryptography, blockchain
Rüfət Məmmədli | caspian-bridge-ventures | admin | Managing Partner | pref=en
  expertise: venture capital, due diligence, fintech, term sheets
Canan Özdemir | caspian-bridge-ventures | manager | Investment Manager | country=TR city=Istanbul
  expertise: startup valuation, financial modelling, deep tech
Oğuz Tekin | pusula-robotik | member | Mechanical Design Engineer
  expertise: mechanical design, SolidWorks, gripper design
"""

# Founders and managers of generated GOSB companies: (first, last, title)
GOSB_COMPANY_LEADS = [
    ("Serkan", "Polat", "General Manager"),
    ("Gizem", "Kurt", "Co-founder and CTO"),
    ("Okan", "Ateş", "R&D Manager"),
    ("Derya", "Güneş", "General Manager"),
    ("Barış", "Aksu", "Founder"),
    ("Tuğba", "Keskin", "Business Development Manager"),
    ("Onur", "Şimşek", "General Manager"),
    ("Pınar", "Erdoğan", "Co-founder"),
    ("Volkan", "Uçar", "Technical Director"),
    ("Melike", "Çakır", "General Manager"),
]

# Founders of Azerbaijani startups: (first, last, startup slug)
AZ_FOUNDERS = [
    ("Rövşən", "Əsgərov", "xezer-analytics"),
    ("Nigar", "Qasımova", "odlar-robotics"),
    ("Kənan", "Vəliyev", "qala-cyber"),
    ("Aynur", "Sultanova", "araz-agrosense"),
    ("Ramil", "Zeynalov", "sumqayit-polimer"),
    ("Fidan", "Bayramova", "nizami-speech"),
]

# Young specialists without an organisation: (first, last, country, city, headline, expertise)
PARTICIPANTS = [
    ("Murad", "Həsənli", "AZ", "Baku", "Junior data analyst", "python, SQL, data visualisation"),
    (
        "Səbuhi",
        "Novruzov",
        "AZ",
        "Ganja",
        "Electrical engineering graduate",
        "PLC programming, IoT, Arduino",
    ),
    (
        "Büşra",
        "Yavuz",
        "TR",
        "Kocaeli",
        "Computer engineering student",
        "computer vision, deep learning, Python",
    ),
    ("Ece", "Korkmaz", "TR", "Istanbul", "UX designer", "user research, prototyping, Figma"),
    (
        "Toğrul",
        "Əhmədli",
        "AZ",
        "Sumgait",
        "Chemical engineering student",
        "polymers, lab analysis",
    ),
    (
        "Kübra",
        "Doğan",
        "TR",
        "Gebze",
        "Junior embedded software developer",
        "embedded C, RTOS, STM32",
    ),
]


def people(gosb: list[CompanySpec], startups: list[CompanySpec]) -> list[PersonSpec]:
    specs = [
        PersonSpec(
            email="admin@korpu.example",
            first_name="Elvin",
            last_name="Paşayev",
            country="AZ",
            city="Baku",
            languages=AZ_LANGS_TR,
            preferred_language="en",
            headline="Platform operator, Körpü",
            expertise="platform operations, data protection, user support",
            is_public=False,
            is_staff=True,
            is_superuser=True,
            demo_role="platform operator (staff superuser)",
        ),
        PersonSpec(
            email="agency.admin@korpu.example",
            first_name="Leyla",
            last_name="Məmmədova",
            country="AZ",
            city="Baku",
            languages=AZ_LANGS_TR,
            preferred_language="az",
            headline="Head of International Cooperation, Innovation Agency of Azerbaijan",
            expertise="international cooperation, innovation policy, technology parks, "
            "partnership management",
            memberships=[("innovation-agency", Role.ADMIN, "Head of International Cooperation")],
            demo_role="agency / partnership admin",
        ),
        PersonSpec(
            email="programme.manager@korpu.example",
            first_name="Rəşad",
            last_name="Hüseynov",
            country="AZ",
            city="Baku",
            languages=AZ_LANGS,
            preferred_language="az",
            headline="Acceleration Programme Manager, Innovation Agency of Azerbaijan",
            expertise="startup acceleration, lean startup, pitch coaching, venture building",
            memberships=[("innovation-agency", Role.MANAGER, "Acceleration Programme Manager")],
            demo_role="programme / event manager (Innovation Agency)",
        ),
        PersonSpec(
            email="park.manager@korpu.example",
            first_name="Selin",
            last_name="Aydın",
            country="TR",
            city="Gebze",
            languages=TR_LANGS_DE,
            preferred_language="tr",
            headline="Operations Manager, GOSB Teknopark",
            expertise="technopark operations, facility management, resident services",
            memberships=[("gosb-teknopark", Role.MANAGER, "Operations Manager")],
            demo_role="park manager (GOSB Teknopark)",
        ),
        PersonSpec(
            email="company.admin@korpu.example",
            first_name="Emre",
            last_name="Demir",
            country="TR",
            city="Gebze",
            languages=TR_LANGS,
            preferred_language="tr",
            headline="Founder and CEO, Pusula Robotik",
            expertise="industrial robotics, machine vision, motion control, business development",
            memberships=[(SHOWCASE_COMPANY_SLUG, Role.ADMIN, "Founder and CEO")],
            demo_role="company admin (Pusula Robotik A.Ş.)",
        ),
        PersonSpec(
            email="company.member@korpu.example",
            first_name="Zeynep",
            last_name="Arslan",
            country="TR",
            city="Kocaeli",
            languages=TR_LANGS,
            preferred_language="tr",
            headline="Embedded Software Engineer, Pusula Robotik",
            expertise="embedded C, real-time control, ROS 2",
            memberships=[(SHOWCASE_COMPANY_SLUG, Role.MEMBER, "Embedded Software Engineer")],
            demo_role="company member (Pusula Robotik A.Ş.)",
        ),
        PersonSpec(
            email="reviewer@korpu.example",
            first_name="Elçin",
            last_name="Babayev",
            country="AZ",
            city="Baku",
            languages=AZ_LANGS_TR,
            preferred_language="az",
            headline="Professor of Computer Engineering, Azerbaijan Technical University",
            expertise="artificial intelligence, machine learning, computer vision, robotics, "
            "embedded systems, control systems, IoT, industrial automation, technology transfer, "
            "research commercialisation",
            memberships=[("azerbaijan-technical-university", Role.MEMBER, "Professor")],
            demo_role="reviewer / mentor",
        ),
        PersonSpec(
            email="specialist@korpu.example",
            first_name="Aysel",
            last_name="Nəsirova",
            country="AZ",
            city="Baku",
            languages=["az", "en", "tr"],
            preferred_language="az",
            headline="Young specialist, MSc student in Computer Science at ADA University",
            expertise="python, machine learning, data visualisation",
            demo_role="participant (young specialist)",
        ),
    ]
    orgs = {
        o["slug"]: (o["country"], o["city"], o["website"], o["name"]["en"]) for o in INSTITUTIONS
    }
    orgs |= {c.slug: (c.country, c.city, c.website, _short_name(c.name)) for c in gosb}
    for (full_name, org, role, title, *options), items in _records(STAFF_TABLE):
        first, last = full_name.split(" ", 1)
        country, city, website, org_name = orgs[org]
        opts = dict(o.partition("=")[::2] for o in " ".join(options).split())
        country = opts.get("country", country)
        default_languages = "az,en,ru" if country == "AZ" else "tr,en"
        specs.append(
            PersonSpec(
                email=_email(first, last, website.removeprefix("https://")),
                first_name=first,
                last_name=last,
                country=country,
                city=opts.get("city", city),
                languages=opts.get("langs", default_languages).split(","),
                preferred_language=opts.get("pref", country.lower()),
                headline=f"{title}, {org_name}",
                expertise=dict(items)["expertise"]["en"],
                memberships=[(org, role, title)],
                is_public="private" not in opts,
            )
        )
    # Leads of the first public, active generated companies (the showcase has its own).
    led = [c for c in gosb[1:] if c.is_public and c.status == RStatus.ACTIVE][
        : len(GOSB_COMPANY_LEADS)
    ]
    for (first, last, title), company in zip(GOSB_COMPANY_LEADS, led, strict=True):
        specs.append(
            PersonSpec(
                email=_email(first, last, f"{company.slug}.example"),
                first_name=first,
                last_name=last,
                country="TR",
                city="Gebze",
                languages=TR_LANGS,
                preferred_language="tr",
                headline=f"{title}, {_short_name(company.name)}",
                expertise=DOMAINS[company.domain].expertise,
                memberships=[(company.slug, Role.ADMIN, title)],
            )
        )
    by_slug = {c.slug: c for c in startups}
    for first, last, slug in AZ_FOUNDERS:
        company = by_slug[slug]
        expertise = ", ".join(dict(TECH_NAMES_EN)[t].lower() for t in company.technology_areas)
        specs.append(
            PersonSpec(
                email=_email(first, last, f"{slug}.example"),
                first_name=first,
                last_name=last,
                country="AZ",
                city=company.city,
                languages=AZ_LANGS,
                preferred_language="az",
                headline=f"Co-founder and CEO, {_short_name(company.name)}",
                expertise=f"{expertise}, startup management",
                memberships=[(slug, Role.ADMIN, "Co-founder and CEO")],
            )
        )
    for first, last, country, city, headline, expertise in PARTICIPANTS:
        specs.append(
            PersonSpec(
                email=_email(first, last, "mail.example"),
                first_name=first,
                last_name=last,
                country=country,
                city=city,
                languages=AZ_LANGS if country == "AZ" else TR_LANGS,
                preferred_language="az" if country == "AZ" else "tr",
                headline=headline,
                expertise=expertise,
            )
        )
    return specs


TECH_NAMES_EN = [(slug, en) for slug, en, _az, _tr in TECHNOLOGY_AREAS]


def _short_name(legal_name: str) -> str:
    """ "Pusula Robotik A.Ş." → "Pusula Robotik"."""
    for suffix in (" A.Ş.", " Ltd. Şti.", " MMC"):
        legal_name = legal_name.removesuffix(suffix)
    return legal_name


# --- loading ---------------------------------------------------------------------------
@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class DemoAccount:
    email: str
    role: str
    password: str = DEMO_PASSWORD


@dataclass
class DemoResult:
    tallies: dict[str, Tally]
    accounts: list[DemoAccount]
    seconds: float = 0.0

    @property
    def created(self) -> int:
        return sum(t.created for t in self.tallies.values())

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.tallies.values())

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _translated_bases(model) -> dict[str, str]:
    """``{"name_en": "name", ...}`` for the model's translated fields."""
    try:
        options = translator.get_options_for_model(model)
    except NotRegistered:
        return {}
    return {
        translation_field.name: base
        for base, translation_fields in options.all_fields.items()
        for translation_field in translation_fields
    }


class _Loader:
    def __init__(self) -> None:
        self.tallies: dict[str, Tally] = {}

    def sync(
        self,
        label: str,
        model: type[models.Model],
        key: tuple[str, ...],
        rows: list[dict[str, Any]],
        *,
        on_create=None,
        update: bool = True,
    ) -> dict[tuple, models.Model]:
        """Create missing rows and (unless ``update`` is false) update differing ones;
        return every row by its key."""
        tally = self.tallies.setdefault(label, Tally())
        keys = [tuple(row[k] for k in key) for row in rows]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate natural keys in demo {label}")
        filters = {f"{k}__in": {row[k] for row in rows} for k in key}
        existing = {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(**filters)}
        bases = _translated_bases(model)
        to_create, to_update, changed_fields = [], [], set()
        for row_key, row in zip(keys, rows, strict=True):
            obj = existing.get(row_key)
            if obj is None:
                obj = model(**row)
                if on_create:
                    on_create(obj)
                to_create.append(obj)
                continue
            changed = [
                name for name, value in row.items() if update and getattr(obj, name) != value
            ]
            if not changed:
                tally.unchanged += 1
                continue
            for name in changed:
                setattr(obj, name, row[name])
                changed_fields.add(name)
                if name in bases:  # keep the untranslated column in step
                    changed_fields.add(bases[name])
            to_update.append(obj)
        if to_create:
            model.objects.bulk_create(to_create, batch_size=500)
            tally.created += len(to_create)
        if to_update:
            model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
            tally.updated += len(to_update)
        if not to_create:
            return existing
        return {tuple(getattr(o, k) for k in key): o for o in model.objects.filter(**filters)}

    def link(self, label: str, through, owner: str, other: str, pairs: set[tuple[int, int]]):
        """Add missing many-to-many links (never removes links people added)."""
        tally = self.tallies.setdefault(label, Tally())
        owners = {a for a, _ in pairs}
        existing = set(through.objects.filter(**{f"{owner}__in": owners}).values_list(owner, other))
        missing = sorted(pairs - existing)
        through.objects.bulk_create(
            [through(**{owner: a, other: b}) for a, b in missing], batch_size=500
        )
        tally.created += len(missing)
        tally.unchanged += len(pairs & existing)


def load_demo() -> DemoResult:
    """Load (or bring back) the demo data in one transaction; see the module docstring."""
    started = time.perf_counter()
    # Untranslated columns take the English text whatever language is active.
    with translation.override("en"), transaction.atomic():
        result = _load()
    result.seconds = time.perf_counter() - started
    return result


def _load() -> DemoResult:
    loader = _Loader()
    gosb = gosb_companies()
    startups = az_startups()
    companies = gosb + startups

    # Taxonomy
    sectors = loader.sync(
        "sectors",
        Sector,
        ("slug",),
        [{"slug": s, **_i18n("name", _t(en, az, tr))} for s, en, az, tr in SECTORS],
    )
    techs = loader.sync(
        "technology areas",
        TechnologyArea,
        ("slug",),
        [{"slug": s, **_i18n("name", _t(en, az, tr))} for s, en, az, tr in TECHNOLOGY_AREAS],
    )

    # Organisations
    org_rows = [
        {
            "slug": org["slug"],
            "kind": org["kind"],
            "country": org["country"],
            "city": org["city"],
            "size": org["size"],
            "founded_year": org["founded_year"],
            "website": org["website"],
            "email": org["email"],
            "phone": org["phone"],
            "is_public": True,
            **_i18n("name", org["name"]),
            **_i18n("description", org["description"]),
        }
        for org in INSTITUTIONS
    ]
    org_rows += [
        {
            "slug": c.slug,
            "kind": c.kind,
            "country": c.country,
            "city": c.city,
            "size": c.size,
            "founded_year": c.founded_year,
            "website": c.website,
            "email": c.email,
            "phone": c.phone,
            "is_public": c.is_public,
            **_i18n("name", _t(c.name, c.name, c.name)),
            **_i18n("description", c.description),
        }
        for c in companies
    ]
    orgs = {
        key[0]: org
        for key, org in loader.sync("organisations", Organisation, ("slug",), org_rows).items()
    }

    sector_links, tech_links = set(), set()
    for slug, sector_slugs, tech_slugs in [
        (o["slug"], o["sectors"], o["technology_areas"]) for o in INSTITUTIONS
    ] + [(c.slug, c.sectors, c.technology_areas) for c in companies]:
        sector_links |= {(orgs[slug].pk, sectors[(s,)].pk) for s in sector_slugs}
        tech_links |= {(orgs[slug].pk, techs[(t,)].pk) for t in tech_slugs}
    loader.link(
        "organisation sectors",
        Organisation.sectors.through,
        "organisation_id",
        "sector_id",
        sector_links,
    )
    loader.link(
        "organisation technology areas",
        Organisation.technology_areas.through,
        "organisation_id",
        "technologyarea_id",
        tech_links,
    )

    # The memorandum
    memo = MEMORANDUM
    partnerships = loader.sync(
        "partnerships",
        Partnership,
        ("slug",),
        [
            {
                "slug": memo["slug"],
                **_i18n("title", memo["title"]),
                **_i18n("summary", memo["summary"]),
                **_i18n("scope", memo["scope"]),
                "status": Partnership.Status.ACTIVE,
                "signed_on": memo["signed_on"],
                "signed_at_place": memo["signed_at_place"],
                "valid_until": None,
                "share_contacts": True,
                "share_residencies": False,
                "share_metrics": True,
                "is_public": True,
            }
        ],
    )
    partnership = partnerships[(memo["slug"],)]
    loader.sync(
        "partnership parties",
        PartnershipParty,
        ("partnership_id", "organisation_id"),
        [
            {
                "partnership_id": partnership.pk,
                "organisation_id": orgs[slug].pk,
                "role": PartnershipParty.Role.SIGNATORY,
                "signed_by": signed_by,
            }
            for slug, signed_by in memo["parties"]
        ],
    )
    loader.sync(
        "commitments",
        Commitment,
        ("partnership_id", "code"),
        [
            {
                "partnership_id": partnership.pk,
                "code": code,
                "position": position,
                **_i18n("text", text),
                "target_per_year": target,
                **_i18n("target_unit", unit),
            }
            for position, (code, text, target, unit) in enumerate(COMMITMENTS, start=1)
        ],
    )

    # Parks, sites, buildings, units
    parks = loader.sync(
        "parks",
        Park,
        ("slug",),
        [
            {
                "slug": p["slug"],
                "kind": p["kind"],
                "status": p["status"],
                "operator_id": orgs[p["operator"]].pk,
                "established_by_id": partnership.pk if p["established_by"] else None,
                "country": p["country"],
                "city": p["city"],
                "region": p["region"],
                "time_zone": p["time_zone"],
                "opened_year": p["opened_year"],
                "area_hectares": p["area_hectares"],
                "website": p["website"],
                "is_public": True,
                **_i18n("name", p["name"]),
                **_i18n("description", p["description"]),
            }
            for p in PARKS
        ],
    )
    park_ids = {key[0]: park.pk for key, park in parks.items()}
    layout = _sites()
    sites = loader.sync(
        "sites",
        Site,
        ("park_id", "name"),
        [
            {
                "park_id": park_ids[park],
                "name": name,
                "address": address,
                "latitude": lat,
                "longitude": lon,
            }
            for park, park_sites in layout.items()
            for name, address, lat, lon, _buildings in park_sites
        ],
    )
    buildings = loader.sync(
        "buildings",
        Building,
        ("site_id", "name"),
        [
            {"site_id": sites[(park_ids[park], site_name)].pk, "name": name, "floors": floors}
            for park, park_sites in layout.items()
            for site_name, _a, _lat, _lon, park_buildings in park_sites
            for name, floors, _units in park_buildings
        ],
    )
    unit_rows, unit_park = [], {}
    for park, park_sites in layout.items():
        for site_name, _a, _lat, _lon, park_buildings in park_sites:
            site_id = sites[(park_ids[park], site_name)].pk
            for building_name, _floors, units in park_buildings:
                building_id = buildings[(site_id, building_name)].pk
                for code, kind, floor, area in units:
                    unit_rows.append(
                        {
                            "building_id": building_id,
                            "code": code,
                            "kind": kind,
                            "floor": floor,
                            "area_m2": area,
                        }
                    )
                    unit_park[(building_id, code)] = park
    units = loader.sync("units", Unit, ("building_id", "code"), unit_rows)

    # Residencies: give units to active residents, first come first served per kind.
    free: dict[tuple[str, str], list[int]] = {}
    for unit_key in sorted(unit_park, key=lambda k: (unit_park[k], k[0], k[1])):
        unit = units[unit_key]
        free.setdefault((unit_park[unit_key], unit.kind), []).append(unit.pk)
    fallback = {U.PRODUCTION: U.LAB, U.LAB: U.OFFICE, U.OFFICE: U.COWORKING, U.COWORKING: None}
    residency_rows = []
    for company in companies:
        unit_id, kind = None, company.wants_unit
        while kind is not None and unit_id is None:
            pool = free.get((company.park, kind), [])
            if pool:
                unit_id = pool.pop(0)
            else:
                kind = fallback[kind]
        residency_rows.append(
            {
                "company_id": orgs[company.slug].pk,
                "park_id": park_ids[company.park],
                "unit_id": unit_id,
                "status": company.status,
                "applied_on": company.applied_on,
                "start_date": company.start_date,
                "end_date": company.end_date,
                "notes": company.notes,
            }
        )
    # Residencies are workflow state people change while trying the demo (a park manager
    # ends one, a company applies again): missing ones come back, existing ones stay.
    loader.sync("residencies", Residency, ("company_id", "park_id"), residency_rows, update=False)

    # People, their verified e-mail addresses and memberships
    person_specs = people(gosb, startups)
    joined = dt.datetime(2025, 9, 1, 9, 0, tzinfo=dt.UTC)
    person_rows = [
        {
            "email": p.email,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "country": p.country,
            "city": p.city,
            "languages": p.languages,
            "preferred_language": p.preferred_language,
            "headline": p.headline,
            "expertise": p.expertise,
            "is_public": p.is_public,
            "is_staff": p.is_staff,
            "is_superuser": p.is_superuser,
            "is_active": True,
            "date_joined": joined + dt.timedelta(days=index, minutes=7 * index),
        }
        for index, p in enumerate(person_specs)
    ]
    demo_emails = {p.email for p in person_specs if p.demo_role}
    demo_hash = _SharedHash(DEMO_PASSWORD)

    def set_password(person: Person) -> None:
        # Demo accounts get the demo password; everyone else signs in after a reset.
        person.password = demo_hash() if person.email in demo_emails else make_password(None)

    persons = {
        key[0]: person
        for key, person in loader.sync(
            "people", Person, ("email",), person_rows, on_create=set_password
        ).items()
    }
    _repair_demo_passwords(loader, [persons[email] for email in sorted(demo_emails)], demo_hash)

    primary_elsewhere = set(
        EmailAddress.objects.filter(user_id__in=[p.pk for p in persons.values()], primary=True)
        .exclude(email__in=list(persons))
        .values_list("user_id", flat=True)
    )
    loader.sync(
        "verified e-mail addresses",
        EmailAddress,
        ("user_id", "email"),
        [
            {
                "user_id": person.pk,
                "email": email,
                "verified": True,
                "primary": person.pk not in primary_elsewhere,
            }
            for email, person in persons.items()
        ],
    )
    loader.sync(
        "memberships",
        Membership,
        ("person_id", "organisation_id"),
        [
            {
                "person_id": persons[p.email].pk,
                "organisation_id": orgs[org].pk,
                "role": role,
                "title": title,
            }
            for p in person_specs
            for org, role, title in p.memberships
        ],
    )

    result = DemoResult(
        tallies=loader.tallies,
        accounts=[DemoAccount(p.email, p.demo_role) for p in person_specs if p.demo_role],
    )
    if result.changed:
        # One entry for the whole load (it is seed data, not people's work), and none
        # when nothing changed. Per table: [demo rows before, demo rows after].
        changes: dict[str, list[Any]] = {}
        for label, tally in loader.tallies.items():
            if tally.created:
                before = tally.updated + tally.unchanged
                changes[label] = [before, before + tally.created]
            if tally.updated:
                changes[f"{label} rewritten"] = [0, tally.updated]
        audit.record(actor=None, action="demo.load", changes=changes)
    return result


class _SharedHash:
    """One PBKDF2 run for all demo accounts instead of one each (a second or more)."""

    def __init__(self, password: str) -> None:
        self.password = password
        self.encoded = ""

    def __call__(self) -> str:
        if not self.encoded:
            self.encoded = make_password(self.password)
        return self.encoded

    def created(self) -> str:
        return self.encoded


def _repair_demo_passwords(loader: _Loader, accounts: list[Person], demo_hash: _SharedHash) -> None:
    """Leave working demo passwords alone; reset those that no longer verify."""
    tally = loader.tallies.setdefault("demo passwords", Tally())
    verified: dict[str, bool] = {}  # accounts created together share one hash: check it once
    broken = []
    for person in accounts:
        if person.password == demo_hash.created():  # the account was created just now
            tally.created += 1
            continue
        if person.password not in verified:
            verified[person.password] = check_password(DEMO_PASSWORD, person.password)
        if verified[person.password]:
            tally.unchanged += 1
        else:
            person.password = demo_hash()
            broken.append(person)
    if broken:
        Person.objects.bulk_update(broken, ["password"])
        tally.updated += len(broken)
