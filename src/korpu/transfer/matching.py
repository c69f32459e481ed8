"""The marketplace's search and matching, on the ranking core in
:mod:`korpu.solvers.profile_match` (pure Python, no Django).

Each process keeps one index of the published profiles and rebuilds it when the set
changes (a profile published, changed, withdrawn or expired: the key below moves). The
words' vectors (distilled from a multilingual sentence model) are cached on disk under the
data directory, so a rebuild embeds only words it has never met.
"""

import threading
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from korpu.solvers import profile_match

from .models import Profile

_lock = threading.Lock()
_cache: dict = {"key": None, "index": None}

# Free-text queries look this deep for alert digests: a new profile is "found" by a saved
# search when it ranks among this many published profiles for its words.
ALERT_DEPTH = 50


def _text(profile: Profile, field: str) -> str:
    return getattr(profile, f"{field}_{profile.language}", "") or ""


def as_solver_profile(profile: Profile, keyword_codes=None) -> profile_match.Profile:
    """The solver's view of a profile: its own-language text and keyword codes."""
    if keyword_codes is None:
        keyword_codes = [k.code for k in profile.keywords.all()]
    description = "\n".join(
        part
        for part in (
            _text(profile, "description"),
            _text(profile, "advantages"),
            _text(profile, "technical_specification"),
        )
        if part
    )
    return profile_match.Profile(
        id=str(profile.pk),
        type=profile.type,
        title=_text(profile, "title"),
        summary=_text(profile, "summary"),
        description=description,
        keywords=tuple(sorted(keyword_codes)),
        language=profile.language,
    )


def _published():
    return Profile.objects.filter(status=Profile.Status.PUBLISHED)


def _key():
    stats = _published().aggregate(n=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    return (stats["n"], stats["last"], stats["top"])


def published_index() -> profile_match.ProfileIndex:
    """The index of published profiles (cached per process, rebuilt when they change)."""
    key = _key()
    with _lock:
        if _cache["key"] == key and _cache["index"] is not None:
            return _cache["index"]
        index = build_index(_published())
        _cache.update(key=key, index=index)
        return index


def word_cache_path() -> Path:
    """Where the matcher keeps the vectors of the words it has met (shared by processes;
    the solver replaces the file atomically)."""
    return Path(settings.DATA_DIR) / "cache" / "profile_match_words.npz"


def build_index(profiles) -> profile_match.ProfileIndex:
    """An index of ``profiles`` (a queryset). Reads only: new words are embedded into the
    word-vector cache file, never into the database."""
    rows = list(profiles.prefetch_related("keywords"))
    index = profile_match.ProfileIndex(word_cache=word_cache_path())
    if rows:
        index.add([as_solver_profile(row) for row in rows])
        index.save_word_cache()
    return index


def _resolve(matches) -> list[tuple[Profile, profile_match.Match]]:
    ids = [int(m.profile_id) for m in matches]
    rows = {
        p.pk: p
        for p in _published()
        .filter(pk__in=ids)
        .select_related("owner")
        .prefetch_related("keywords")
    }
    return [(rows[int(m.profile_id)], m) for m in matches if int(m.profile_id) in rows]


def complementary(profile: Profile, *, top: int = 10):
    """Published profiles of the complementary types, best first, with the reasons."""
    index = published_index()
    found = index.matches(as_solver_profile(profile), top=top + 1)
    return _resolve([m for m in found if m.profile_id != str(profile.pk)][:top])


def search(query: str, *, language: str | None = None, types=None, top: int = 20, resolve=True):
    """Published profiles for free text in any of the three languages: (profile, match)
    pairs, best first. With ``resolve=False``, (profile id, match) pairs: for a caller
    that shows a page of them and loads only those (:func:`resolve_page`)."""
    index = published_index()
    found = index.search(query, language=language, types=types or None, top=top)
    if not resolve:
        return [(int(m.profile_id), m) for m in found]
    return _resolve(found)


def resolve_page(pairs) -> list[tuple[Profile, profile_match.Match]]:
    """(profile, match) for the (profile id, match) pairs of ``search(resolve=False)``."""
    return _resolve([match for _pk, match in pairs])


def alert_matches(saved_search, candidates: list[Profile]) -> list[Profile]:
    """Which of the new ``candidates`` a saved search should announce: those with one of
    its keywords, or among the best ``ALERT_DEPTH`` published profiles for its words."""
    if not candidates:
        return []
    wanted = set(saved_search.keywords.values_list("pk", flat=True))
    chosen = set()
    if wanted:
        chosen |= set(
            Profile.objects.filter(
                pk__in=[c.pk for c in candidates], keywords__in=wanted
            ).values_list("pk", flat=True)
        )
    if saved_search.query:
        hits = published_index().search(
            saved_search.query, types=saved_search.types or None, top=ALERT_DEPTH
        )
        chosen |= {int(m.profile_id) for m in hits}
    return [c for c in candidates if c.pk in chosen]
