"""Screening finds what EEN's guidelines forbid in a profile's text, and nothing else."""

import pytest

from korpu.transfer.screening import screen


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(flag.kind, flag.text) for flag in screen({"description": text}, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("See https://example.com/coating for details.", [("link", "https://example.com/coating")]),
        ("Daha fazlası: www.kaplama.com.tr", [("link", "www.kaplama.com.tr")]),
        ("Ətraflı məlumat: gunes.az saytında", [("link", "gunes.az")]),
        ("Yazın: info@firma.az", [("email", "info@firma.az")]),
        ("Call +90 262 677 41 14 today", [("phone", "+90 262 677 41 14")]),
        ("Protected by EP1234567 and more.", [("patent", "EP1234567")]),
        ("Patent: US 9,123,456 covers it.", [("patent", "US 9,123,456")]),
        ("Türk patenti TR 2019/12345 ile korunuyor.", [("patent", "TR 2019/12345")]),
        ("Patent numarası: 2021-0456 olarak tescilli", [("patent", "Patent numarası: 2021-0456")]),
        ("Our SunGuard™ coating", [("trade_mark", "™")]),
    ],
)
def test_each_forbidden_thing_is_flagged(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A coating that raises module output by 4% at 45 °C, tested to IEC 61215 and ISO 9001.",
        "Günəş panellərinin səmərəliliyini 2026-cı ildə 12% artırdıq.",
        "Sıcak iklimlerde 40 modül üzerinde bir yıl test edildi; patent başvurusu yapıldı.",
        "Works with 5G, Wi-Fi 6 and LoRaWAN; 3.3 V supply, 120 x 80 mm board.",
    ],
)
def test_ordinary_technical_text_is_not_flagged(text):
    assert kinds(text) == []


def test_the_owners_name_is_flagged_without_its_legal_form():
    text = "Pusula Robotik has built 40 robot cells."
    assert kinds(text, owner_names=["Pusula Robotik A.Ş."]) == [("owner_name", "Pusula Robotik")]
    assert kinds("A robot cell maker in Gebze.", owner_names=["Pusula Robotik A.Ş."]) == []


def test_an_email_is_not_also_reported_as_a_link():
    assert kinds("Contact sales@nano.com.tr") == [("email", "sales@nano.com.tr")]
