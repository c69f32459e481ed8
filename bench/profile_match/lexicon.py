"""An open-ended word supply for generate.py, so the vocabulary grows with N as in real text.

Real profiles are written one by one: every one brings words of its own (inflected forms,
rare terms, product names, typos), and a trilingual corpus with two agglutinative languages
keeps meeting new word forms. Word number k of a language (k = 0, 1, 2, ...) is

    a stem (the content words of the phrase banks plus the generic ones below) with a suffix
    chain: k < stems x chains. Frequent k are bare stems, rarer k inflected forms built
    with vowel harmony (Turkish/Azerbaijani: plural, possessive, cases, -lI, -sIz, -lIK,
    -CI; English: the plural);
    beyond that, English hyphenated compounds ("membrane-cooled", "sensor-membrane") and,
    for all languages, coined stems (product names, jargon) with the suffix chains again.

generate.py draws k from a Zipf-like law, so the number of distinct words grows about like
a power of the corpus size (Heaps' law) instead of levelling off at the size of the banks.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phrases as P

GENERIC = {
    "en": """device module component prototype process method material sample measurement
    customer supplier market product service solution platform network sensor engine pump
    valve filter coating layer membrane fibre powder liquid reactor furnace boiler turbine
    blade motor battery cell circuit board chip camera laser antenna software algorithm
    database interface dashboard application server model dataset standard certificate
    patent licence investment budget contract partner consortium pilot trial validation
    installation maintenance training export import distributor agent warehouse factory
    plant laboratory clinic farm field harvest seed soil water waste emission heat pressure
    temperature humidity vibration noise quality safety cost price efficiency capacity
    performance reliability durability design prototype assembly calibration simulation
    monitoring control automation inspection testing packaging transport storage delivery
    tender procurement subsidy grant feasibility roadmap workshop expertise know""",
    "az": """cihaz modul komponent prototip proses üsul material nümunə ölçmə müştəri
    təchizatçı bazar məhsul xidmət həll platforma şəbəkə sensor mühərrik nasos klapan
    filtr örtük təbəqə membran lif toz maye reaktor soba qazan turbin pər motor batareya
    element sxem lövhə çip kamera lazer antena proqram alqoritm verilənlər interfeys panel
    tətbiq server model standart sertifikat patent lisenziya investisiya büdcə müqavilə
    tərəfdaş konsorsium pilot sınaq təsdiq quraşdırma təmir təlim ixrac idxal distribyutor
    agent anbar fabrik zavod laboratoriya klinika ferma sahə məhsuldarlıq toxum torpaq su
    tullantı emissiya istilik təzyiq temperatur rütubət vibrasiya səs keyfiyyət təhlükəsizlik
    xərc qiymət səmərəlilik güc etibarlılıq davamlılıq dizayn montaj kalibrləmə
    simulyasiya monitorinq nəzarət avtomatlaşdırma yoxlama qablaşdırma daşıma saxlama
    çatdırılma tender satınalma subsidiya qrant məsləhət mütəxəssis bilik texnologiya""",
    "tr": """cihaz modül bileşen prototip süreç yöntem malzeme numune ölçüm müşteri tedarikçi
    pazar ürün hizmet çözüm platform ağ sensör motor pompa vana filtre kaplama katman
    membran elyaf toz sıvı reaktör fırın kazan türbin kanat batarya hücre devre kart çip
    kamera lazer anten yazılım algoritma veritabanı arayüz gösterge uygulama sunucu model
    veri standart sertifika patent lisans yatırım bütçe sözleşme ortak konsorsiyum pilot
    deneme doğrulama kurulum bakım eğitim ihracat ithalat distribütör acente depo fabrika
    tesis laboratuvar klinik çiftlik tarla hasat tohum toprak su atık emisyon ısı basınç
    sıcaklık nem titreşim gürültü kalite güvenlik maliyet fiyat verimlilik kapasite
    performans güvenilirlik dayanıklılık tasarım montaj kalibrasyon simülasyon izleme
    kontrol otomasyon muayene test ambalaj taşıma depolama teslimat ihale satınalma
    teşvik hibe fizibilite yol haritası çalıştay uzmanlık bilgi teknoloji""",
}

# Suffix chains with archiphonemes: A = a/e (a/ə in az), I = ı/i/u/ü, D = d/t (tr), C = c/ç,
# K = k (q after back vowels in az); (y)/(n)/(s) = buffer letter after a vowel.
CHAINS_AGGL = [
    [],
    ["lAr"],
    ["(y)I"],
    ["(y)A"],
    ["DA"],
    ["DAn"],
    ["(n)In"],
    ["(s)I"],
    ["lAr", "DA"],
    ["lAr", "In"],
    ["lAr", "I"],
    ["lArI", "nDA"],
    ["(s)I", "nDA"],
    ["(s)I", "nIn"],
    ["(s)I", "nA"],
    ["lI"],
    ["sIz"],
    ["lIK"],
    ["CI"],
    ["CI", "lAr"],
    ["lI", "lAr"],
    ["lIK", "lAr"],
    ["ImIz"],
    ["ImIz", "DA"],
    ["lAr", "ImIz"],
    ["lAr", "DAn"],
    ["lAr", "A"],
    ["DAki"],
    ["lAr", "DAki"],
    ["(s)I", "ylA"],
    ["lAr", "lA"],
    ["lA"],
    ["lIK", "lA"],
    ["lAr", "ImIz", "DA"],
    ["lAr", "I", "nDA"],
    ["sIz", "lIK"],
]  # fmt: skip (Turkish; Azerbaijani differs below)
# Azerbaijani: the accusative takes n after a vowel (kameranı) and -dakı/-dəki harmonises.
CHAINS_AZ = [[{"(y)I": "(n)I", "DAki": "DAkI"}.get(m, m) for m in chain] for chain in CHAINS_AGGL]
CHAINS_EN = [[], ["s"]]  # English inflects little; its tail is compounds and rare words
COMPOUND_EN = (
    "based",
    "free",
    "driven",
    "grade",
    "ready",
    "cooled",
    "assisted",
    "like",
    "proof",
    "friendly",
    "enabled",
    "resistant",
    "powered",
    "mounted",
)

VOWELS = set("aeıioöuüəâîû")
BACK = set("aıouâû")
VOICELESS = set("çfhkpsştq")
STOP = {
    "en": {"with", "from", "that", "this", "their", "other", "also", "about", "under",
           "within", "than", "have", "been", "into", "more", "less", "such", "only"},
    "az": {"üçün", "olan", "ilə", "daha", "həm", "bütün", "digər", "artıq", "lakin", "olaraq"},
    "tr": {"için", "olan", "ile", "daha", "veya", "tüm", "diğer", "olarak", "ancak", "bunu"},
}  # fmt: skip


def _last_vowel(word: str) -> str:
    for ch in reversed(word):
        if ch in VOWELS:
            return ch
    return "e"


def _realise(stem: str, chain: list[str], lang: str) -> str:
    out = stem
    for morph in chain:
        buffer = ""
        if morph.startswith("("):
            buffer, morph = morph[1], morph[3:]
        ends_vowel = out[-1] in VOWELS
        if buffer and ends_vowel:
            out += buffer
        elif ends_vowel and morph[0] in "AI":  # kamera + ImIz -> kameramız
            morph = morph[1:]
        elif not ends_vowel and morph[0] in "AI" and sum(c in VOWELS for c in out) > 1:
            # consonant mutation before a vowel: tr k -> ğ; az q -> ğ, k -> y
            if lang == "tr" and out[-1] == "k":
                out = out[:-1] + "ğ"
            elif lang == "az" and out[-1] in "qk":
                out = out[:-1] + ("ğ" if out[-1] == "q" else "y")
        for ch in morph:
            v = _last_vowel(out)
            back = v in BACK
            if ch == "A":
                out += "a" if back else ("ə" if lang == "az" else "e")
            elif ch == "I":
                rounded = v in "oöuü"
                out += ("u" if rounded else "ı") if back else ("ü" if rounded else "i")
            elif ch == "D":
                out += "t" if lang == "tr" and out[-1] in VOICELESS else "d"
            elif ch == "C":
                out += "ç" if lang == "az" or out[-1] in VOICELESS else "c"
            elif ch == "K":
                out += "q" if lang == "az" and back else "k"
            else:
                out += ch
    return out


def _english(stem: str, suffix: str) -> str:
    if suffix in ("s", "ers") and re.search(r"(s|x|ch|sh)$", stem):
        return stem + ("es" if suffix == "s" else "ers")
    if suffix == "s" and re.search(r"[^aeiou]y$", stem):
        return stem[:-1] + "ies"
    if suffix in ("ed", "ing", "er", "ers", "al") and stem.endswith("e"):
        return stem[:-1] + suffix
    return stem + suffix


@lru_cache(maxsize=3)
def stems(lang: str) -> tuple[str, ...]:
    """Content words of GENERIC and the domain banks (not the templates' words), in a
    fixed order."""
    li = {"en": 0, "az": 1, "tr": 2}[lang]
    texts = [GENERIC[lang]]
    for domain in P.DOMAINS.values():
        for key in ("terms", "uses", "gains"):
            texts += [entry[li] for entry in domain[key]]
        texts.append(domain["field"][li])
    texts += [e[li] for e in P.ORGS + P.PARTNERSHIPS]
    seen: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"[^\W\d_]+", text.lower()):
            if len(word) >= 4 and word not in STOP[lang]:
                seen.setdefault(word, None)
    return tuple(seen)


def _coined(k: int, lang: str) -> str:
    """A coined stem of 2-3 syllables (a product name, a piece of jargon)."""
    syllables = P.SYLLABLES[lang]
    n = len(syllables)
    k %= n**3
    parts = [syllables[k % n], syllables[(k // n) % n]]
    if k >= n * n:
        parts.append(syllables[k // (n * n)])
    return "".join(parts)


@lru_cache(maxsize=400_000)
def word(k: int, lang: str) -> str:
    """Word number k (0-based) of the language's open-ended lexicon."""
    base = stems(lang)
    chains = {"en": CHAINS_EN, "az": CHAINS_AZ}.get(lang, CHAINS_AGGL)
    real = len(base) * len(chains)
    if k < real:
        stem, chain = base[k % len(base)], chains[k // len(base)]
        if lang == "en":
            return _english(stem, chain[0]) if chain else stem
        return _realise(stem, chain, lang)
    k -= real
    if lang == "en":  # membrane-cooled, then sensor-membrane
        if k < len(base) * len(COMPOUND_EN):
            return f"{base[k % len(base)]}-{COMPOUND_EN[k // len(base)]}"
        k -= len(base) * len(COMPOUND_EN)
        if k < len(base) ** 2:
            return f"{base[k % len(base)]}-{base[k // len(base)]}"
        k -= len(base) ** 2
    stem = _coined(k // len(chains) + 1, lang)
    chain = chains[k % len(chains)]
    if lang == "en":
        return _english(stem, chain[0]) if chain else stem
    return _realise(stem, chain, lang)
