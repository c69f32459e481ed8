"""Synthetic but realistic published technology-transfer profiles, for the speed benchmark.

    .venv/bin/python bench/profile_match/generate.py --n 100000 --seed 1 --stats
    .venv/bin/python bench/profile_match/generate.py --n 1000 -o /tmp/profiles.json

Each profile is an EEN-style profile in the CLI format
(``{"id", "type", "title", "summary", "description", "keywords", "language"}``): all five types
(TO 30%, TR 15%, BO 30%, BR 15%, RDR 10%), English 50%, Azerbaijani 25%, Turkish 25%,
60-150 words in all (title + summary + description). The text is composed from the
trilingual phrase banks in phrases.py: nine domains, each with its terms, applications and
benefits, and per type and language title, summary, introduction, body, detail and
partnership templates. Varied on top of that:

- numbers, percentages, money (written the way each language writes them: 30% and %30,
  1,250,000 and 1.250.000), years (Azerbaijani ordinal suffixes: 2010-cu, 2016-cı), dates,
  TRLs, temperatures;
- an open-ended vocabulary: 3-5 "free" sentences per profile ("Keywords: ...", "Options
  include ...") take their content words from lexicon.py (stems with harmonised suffix
  chains, compounds, coined names) by a Zipf-like law, and product names and rare words
  fill other slots. Calibration: the hand-written evaluation set (486 profiles, 60,500
  tokens) has 16,300 distinct words, growing with an exponent of 0.67 (Heaps' law); with
  0.5-0.6 beyond, 100,000 such profiles (12 million tokens) would have 200,000-400,000.
  The generator is plainer at small N (4,812 distinct words for 486 profiles) and gives
  60,146 at 20,000 profiles and 185,111 at 100,000 (10.7 million tokens; 65% of those words
  seen once): bank phrases repeat far more than real text, the tail is realistic;
- occasional misspellings (a letter swapped, dropped or doubled) and, for about 6% of the
  Azerbaijani and Turkish profiles, text typed without the special letters (ə -> e, ş -> s);
- keywords: 1-5 technology codes (the first one fitting the topic) and 0-3 market codes of
  src/korpu/transfer/data/keywords.json chosen by the profile's domain (codes of our own
  when that file does not exist).

Profile i depends only on (seed, i), so the first 1,000 profiles of N = 100,000 are the
profiles of N = 1,000, and every run gives the same bytes.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import lexicon  # noqa: E402
import phrases as P  # noqa: E402

ROOT = HERE.parents[1]
KEYWORDS = ROOT / "src" / "korpu" / "transfer" / "data" / "keywords.json"
LANGUAGES = ("en", "az", "tr")
LANG_INDEX = {"en": 0, "az": 1, "tr": 2}
TYPE_WEIGHTS = {"TO": 0.30, "TR": 0.15, "BO": 0.30, "BR": 0.15, "RDR": 0.10}
LANG_WEIGHTS = {"en": 0.50, "az": 0.25, "tr": 0.25}
MIN_WORDS, MAX_WORDS = 60, 150
DOMAIN_NAMES = tuple(P.DOMAINS)
MISSPELL_RATE = 0.004  # per word of 5+ letters
ASCII_RATE = 0.06  # az/tr profiles typed without special letters
ZIPF_ALPHA = 0.7  # tail of the rare-word law: distinct words grow about like N^(1/(1+a))
ZIPF_SCALE = 30  # no single rare word in more than ~2% of the profiles
LEX_ALPHA, LEX_SCALE = 0.4, 1500.0  # the law of the lexicon words in the "free" sentences
FREE_SENTENCES = (3, 5)  # how many "free" sentences a profile has (at most)
ASCII_FOLD = str.maketrans("əƏıİşŞçÇğĞöÖüÜ", "eEiIsScCgGoOuU")
WORD = re.compile(r"\S+")


# --------------------------------------------------------------------------- keywords


def load_taxonomy(path: Path = KEYWORDS) -> list[dict] | None:
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return [e for e in entries if isinstance(e, dict) and e.get("code")] or None


def _in_area(code: str, prefixes) -> bool:
    return any(code == p or code.startswith(p + ".") for p in prefixes)


def keyword_pools(taxonomy: list[dict] | None) -> dict[str, tuple[list[str], list[str]]]:
    """{domain: (technology codes, market codes)}: the taxonomy entries under the domain's
    areas (``codes`` in phrases.py), else those whose code or English label contains one of
    its hint words, else every code of the kind. Without a taxonomy: codes of our own
    (tech.<domain>.<term>, market.<domain>)."""
    pools: dict[str, tuple[list[str], list[str]]] = {}
    if not taxonomy:
        for name, domain in P.DOMAINS.items():
            tech = [f"tech.{name}"] + [
                f"tech.{name}.{re.sub(r'[^a-z0-9]+', '-', t[0].lower()).strip('-')}"
                for t in domain["terms"]
            ]
            pools[name] = (tech, [f"market.{name}"])
        return pools
    kinds: dict[str, list[dict]] = {"technology": [], "market": []}
    for entry in taxonomy:
        kinds.setdefault(entry.get("kind", "technology"), []).append(entry)
    for name, domain in P.DOMAINS.items():
        picked = {}
        for kind, entries in kinds.items():
            fit = [e["code"] for e in entries if _in_area(e["code"], domain["codes"])]
            fit = fit or [
                e["code"]
                for e in entries
                if any(
                    hint in e["code"].lower() or hint in str(e.get("en", "")).lower()
                    for hint in domain["hints"]
                )
            ]
            picked[kind] = sorted(set(fit)) or sorted(e["code"] for e in entries)
        pools[name] = (picked["technology"], picked["market"])
    return pools


def topic_codes(taxonomy: list[dict] | None, pools: dict) -> dict[str, list[str]]:
    """{English term: the technology codes of its domain whose English label shares a word
    stem (5 letters) with it}: what a person would pick first for that topic."""
    labels = {e["code"]: str(e.get("en", "")) for e in taxonomy or ()}

    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}

    out = {}
    for name, domain in P.DOMAINS.items():
        for term in domain["terms"]:
            wanted = stems(term[0])
            out[term[0]] = [c for c in pools[name][0] if wanted & stems(labels.get(c, ""))]
    return out


# --------------------------------------------------------------------------- small helpers


def az_ordinal(year: int) -> str:
    """2010-cu, 2016-cı, 2023-cü: the suffix follows the vowel of the last number word."""
    if year % 1000 == 0:
        suffix = "ci"  # min
    elif year % 100 == 0:
        suffix = "cü"  # yüz
    elif year % 10 == 0:
        suffix = {10: "cu", 20: "ci", 30: "cu", 40: "cı", 50: "ci", 60: "cı", 70: "ci",
                  80: "ci", 90: "cı"}[year % 100]  # fmt: skip
    else:
        suffix = {1: "ci", 2: "ci", 3: "cü", 4: "cü", 5: "ci", 6: "cı", 7: "ci", 8: "ci",
                  9: "cu"}[year % 10]  # fmt: skip
    return f"{year}-{suffix}"


def grouped(value: int, lang: str) -> str:
    text = f"{value:,}"
    return {"en": text, "az": text.replace(",", " "), "tr": text.replace(",", ".")}[lang]


def percent(value: int, lang: str) -> str:
    return f"%{value}" if lang == "tr" else f"{value}%"


def capitalise(text: str, lang: str) -> str:
    if not text:
        return text
    first = text[0]
    if lang in ("az", "tr") and first in "iı":
        first = "İ" if first == "i" else "I"
    else:
        first = first.upper()
    return first + text[1:]


_ARTICLE = re.compile(r"\b([Aa]n?) ([A-Za-z][\w&-]*)")
_CONSONANT_SOUND = ("uni", "use", "Eu", "eu", "one", "US")


def fix_articles(text: str) -> str:
    def pick(m: re.Match) -> str:
        word = m.group(2)
        vowel = word[0] in "aeiouAEIOU" and not word.startswith(_CONSONANT_SOUND)
        vowel = vowel or word in ("SME", "R&D", "SMEs", "FM", "X-ray", "HVAC")
        article = "an" if vowel else "a"
        if m.group(1)[0] == "A":
            article = article.capitalize()
        return f"{article} {word}"

    return _ARTICLE.sub(pick, text)


def rare_word(rng: random.Random, lang: str) -> str:
    """A word of the long tail: word number k is drawn with P(K >= k) = (k/scale)^-alpha."""
    k = int(ZIPF_SCALE * rng.paretovariate(ZIPF_ALPHA)) % (24**4)
    syllables, endings = P.SYLLABLES[lang], P.RARE_ENDINGS[lang]
    parts, rest = [], k
    while rest or len(parts) < 2:
        parts.append(syllables[rest % len(syllables)])
        rest //= len(syllables)
    return "".join(parts) + endings[k % len(endings)]


def misspell(rng: random.Random, word: str) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 5:
        return word
    i = rng.choice(letters[1:-1])
    how = rng.randrange(3)
    if how == 0:  # swap with the next letter
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if how == 1:  # drop
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double


# --------------------------------------------------------------------------- one profile


class Slots(dict):
    """Values for the template slots of one profile: the topic (term, use, city,
    organisation, brand) stays fixed; numbers and the second choices are drawn anew."""

    def __init__(self, rng: random.Random, lang: str, domain: str):
        super().__init__()
        self.rng, self.lang, self.li = rng, lang, LANG_INDEX[lang]
        bank = P.DOMAINS[domain]
        other = P.DOMAINS[rng.choice(DOMAIN_NAMES)] if rng.random() < 0.15 else bank
        self.terms = rng.sample(bank["terms"], len(bank["terms"]))
        self.terms2 = [t for t in other["terms"] if t != self.terms[0]]
        self.uses = rng.sample(bank["uses"], len(bank["uses"]))
        self.gains = rng.sample(bank["gains"], len(bank["gains"]))
        self.partners = rng.sample(P.PARTNERSHIPS, len(P.PARTNERSHIPS))
        self.city = rng.choice(P.CITIES)
        self.org = rng.choice(P.ORGS)
        self.field = bank["field"]
        self.brand = capitalise(rare_word(rng, "en"), "en") + (
            f"-{rng.randint(2, 990)}" if rng.random() < 0.4 else ""
        )
        self.founded = rng.randint(1992, 2024)
        self.staff = int(10 ** rng.uniform(0.7, 3.3))

    def pick(self, tri: P.Tri) -> str:
        return tri[self.li]

    def __missing__(self, key: str) -> str:  # noqa: C901 - one branch per slot
        rng, lang = self.rng, self.lang
        if key == "term":
            return self.pick(self.terms[0])
        if key == "term2":
            return self.pick(rng.choice(self.terms2))
        if key in ("use", "use2"):
            return self.pick(self.uses[0] if key == "use" else rng.choice(self.uses[1:]))
        if key in ("gain", "gain2"):
            return self.pick(self.gains[0] if key == "gain" else rng.choice(self.gains[1:]))
        if key in ("partner", "partner2"):
            return self.pick(self.partners[0 if key == "partner" else 1])
        if key == "city":
            return self.pick(self.city if rng.random() < 0.8 else rng.choice(P.CITIES))
        if key == "org":
            return self.pick(self.org)
        if key == "city_org":
            text = rng.choice(P.TEMPLATES[lang]["city_org"])
            return text.format(city=self.pick(self.city), org=self.pick(self.org))
        if key == "field":
            return self.pick(self.field)
        if key == "country":
            return self.pick(rng.choice(P.COUNTRIES))
        if key == "call":
            return self.pick(rng.choice(P.CALLS))
        if key == "brand":
            return self.brand
        if key == "rare":
            return rare_word(rng, lang)
        if key == "staff":
            return str(self.staff)
        if key == "few":
            return str(rng.randint(2, 30))
        if key == "num":
            return grouped(int(10 ** rng.uniform(0.5, 4.7)), lang)
        if key == "pct":
            return percent(rng.randint(5, 65), lang)
        if key == "year":
            return str(self.founded)
        if key == "year_ord":
            return az_ordinal(self.founded)
        if key == "yrs":
            return str(rng.randint(3, 40))
        if key == "months":
            return str(rng.choice((6, 9, 12, 18, 24, 30, 36)))
        if key == "trl":
            return f"TRL {rng.randint(3, 8)}"
        if key == "amount":
            return grouped(rng.randrange(40_000, 6_000_000, 5_000), lang)
        if key == "date":
            month = self.pick(rng.choice(P.MONTHS))
            return f"{rng.randint(1, 28)} {month} {rng.randint(2025, 2027)}"
        if key == "neg":
            return f"-{rng.randint(5, 40)}"
        if key == "pos":
            return str(rng.randint(35, 95))
        if key in ("w1", "w2", "w3", "w4"):
            k = int(LEX_SCALE * rng.paretovariate(LEX_ALPHA) - LEX_SCALE)
            return lexicon.word(k, lang)
        if key == "a":
            return "a"  # fixed by fix_articles
        raise KeyError(key)

    def fill(self, template: str) -> str:
        # A fresh view per sentence, so that {gain2} etc. may differ between sentences.
        text = template.format_map(_Once(self))
        if self.lang == "en":
            text = fix_articles(text)
        return capitalise(text, self.lang)


class _Once(dict):
    """One value per slot within one sentence (so {a} {term} and {term} agree)."""

    def __init__(self, slots: Slots):
        super().__init__()
        self.slots = slots

    def __missing__(self, key: str) -> str:
        value = self.slots[key]
        self[key] = value
        return value


def words(text: str) -> int:
    return len(WORD.findall(text))


def make_profile(index: int, seed: int, pools: dict, topics: dict) -> dict:
    rng = random.Random(f"korpu-profiles/{seed}/{index}")
    ptype = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
    domain = rng.choice(DOMAIN_NAMES)
    slots = Slots(rng, lang, domain)
    t = P.TEMPLATES[lang]
    target = rng.randint(MIN_WORDS, MAX_WORDS)

    title = rng.choice(t[f"title_{ptype}"])
    if rng.random() < 0.35:  # "compact solar panel", "kompakt güneş paneli"
        title = title.replace("{term}", f"{slots.pick(rng.choice(P.ADJECTIVES))} {{term}}", 1)
    title = slots.fill(title)
    if rng.random() < 0.15:
        title += f" ({slots.brand})"
    summary = slots.fill(rng.choice(t[f"summary_{ptype}"]))
    partner = slots.fill(rng.choice(t[f"partner_{ptype}"]))
    used = words(title) + words(summary) + words(partner)
    pool = rng.sample(t[f"body_{ptype}"], len(t[f"body_{ptype}"]))
    details = rng.sample(t["detail"], len(t["detail"]))
    for position in sorted(rng.sample(range(len(pool) + 1), 2)):
        pool.insert(position, details.pop())
    for template in rng.sample(t["free"], rng.randint(*FREE_SENTENCES)):
        pool.insert(rng.randrange(len(pool) + 1), template)
    if rng.random() < 0.7:
        pool.insert(0, rng.choice(t["intro"]))
    pool += details
    sentences: list[str] = []
    for template in pool:
        sentence = slots.fill(template)
        if used + words(sentence) > target:
            continue
        sentences.append(sentence)
        used += words(sentence)
        if used >= target - 4:
            break
    while used < MIN_WORDS:  # short templates drawn: more details, new figures
        sentence = slots.fill(rng.choice(t["detail"]))
        if used + words(sentence) > MAX_WORDS:
            break
        sentences.append(sentence)
        used += words(sentence)
    sentences.append(partner)
    description = " ".join(sentences)

    texts = [title, summary, description]
    if lang != "en" and rng.random() < ASCII_RATE:
        texts = [s.translate(ASCII_FOLD) for s in texts]
    if rng.random() < 0.5:  # about half the profiles carry a typo or two
        texts = [
            WORD.sub(
                lambda m: (
                    misspell(rng, m.group()) if rng.random() < MISSPELL_RATE * 2 else m.group()
                ),
                s,
            )
            for s in texts
        ]

    tech, market = pools[domain]
    first = topics.get(slots.terms[0][0]) or tech
    keywords = [rng.choice(first)]
    keywords += rng.sample(tech, min(len(tech), rng.randint(0, 4)))
    if len(keywords) > 1 and rng.random() < 0.2:  # one keyword from a neighbouring field
        keywords[-1] = rng.choice(pools[rng.choice(DOMAIN_NAMES)][0])
    keywords = list(dict.fromkeys(keywords))[:5]
    keywords += rng.sample(market, min(len(market), rng.randint(0, 3)))
    return {
        "id": f"g{seed}-{index:06d}",
        "type": ptype,
        "title": texts[0],
        "summary": texts[1],
        "description": texts[2],
        "keywords": keywords,
        "language": lang,
    }


def iter_profiles(n: int, seed: int = 1, taxonomy: list[dict] | None = None) -> Iterator[dict]:
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    pools = keyword_pools(taxonomy)
    topics = topic_codes(taxonomy, pools)
    for index in range(n):
        yield make_profile(index, seed, pools, topics)


def generate(n: int, seed: int = 1, taxonomy: list[dict] | None = None) -> list[dict]:
    return list(iter_profiles(n, seed, taxonomy))


def queries(n: int, seed: int = 1) -> list[dict]:
    """Free-text searches (the search box), the three languages in turn: a domain term
    alone or with an application, a benefit or "partner"; some typed in lower case or
    (az/tr) without the special letters."""
    rng = random.Random(f"korpu-queries/{seed}")
    out = []
    for index in range(n):
        lang = LANGUAGES[index % 3]
        li = LANG_INDEX[lang]
        bank = P.DOMAINS[rng.choice(DOMAIN_NAMES)]
        frame = rng.choice(P.QUERY_FRAMES[lang])
        text = frame.format(
            term=rng.choice(bank["terms"])[li],
            use=rng.choice(bank["uses"])[li],
            gain=rng.choice(bank["gains"])[li],
        )
        if rng.random() < 0.3:
            text = text.lower()
        if lang != "en" and rng.random() < 0.1:
            text = text.translate(ASCII_FOLD)
        out.append({"id": f"q{seed}-{index:04d}", "language": lang, "text": text})
    return out


def stats(profiles: list[dict]) -> dict:
    lengths = sorted(
        words(p["title"]) + words(p["summary"]) + words(p["description"]) for p in profiles
    )
    vocab = Counter(
        w.lower()
        for p in profiles
        for w in re.findall(r"\w+", f"{p['title']} {p['summary']} {p['description']}")
    )
    n = len(lengths)
    return {
        "profiles": n,
        "types": dict(Counter(p["type"] for p in profiles)),
        "languages": dict(Counter(p["language"] for p in profiles)),
        "words_min": lengths[0] if n else 0,
        "words_median": lengths[n // 2] if n else 0,
        "words_max": lengths[-1] if n else 0,
        "tokens": sum(vocab.values()),
        "vocabulary": len(vocab),
        "hapaxes": sum(1 for c in vocab.values() if c == 1),
        "distinct_titles": len({p["title"] for p in profiles}),
        "distinct_descriptions": len({p["description"] for p in profiles}),
        "keywords_per_profile": sum(len(p["keywords"]) for p in profiles) / n if n else 0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--out", type=Path, help="default bench/out/profile_match/...")
    parser.add_argument("--stats", action="store_true", help="print the spread and vocabulary")
    args = parser.parse_args(argv)
    out = (
        args.out
        or ROOT / "bench" / "out" / "profile_match" / f"profiles-{args.n}-s{args.seed}.json"
    )
    taxonomy = load_taxonomy()
    start = time.perf_counter()
    profiles = generate(args.n, args.seed, taxonomy)
    seconds = time.perf_counter() - start
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(profiles, ensure_ascii=False), encoding="utf-8")
    source = KEYWORDS.name if taxonomy else "generator's own codes (no keywords.json yet)"
    print(f"{args.n} profiles (seed {args.seed}, keywords: {source}) in {seconds:.1f} s: {out}")
    if args.stats:
        print(json.dumps(stats(profiles), indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
