"""Reads shared by the brokerage pages and the API: participants to browse and filter,
recommended matches with their reasons, requests and agendas, the schedule grid and the
organisers' statistics.

They answer for lists what :mod:`.rules` answers for one object: published profiles are
listed to the event's participants and organisers only.
"""

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from korpu.common.i18n import country_name, translated_contains
from korpu.directory.models import Organisation, Sector

from . import rules as perms
from .models import (
    BrokerageDay,
    Location,
    MarketplaceEntry,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    Participation,
    Profile,
    Slot,
)

LANGUAGES = tuple(settings.MODELTRANSLATION_LANGUAGES)


def brokerage_day_of(event) -> BrokerageDay | None:
    return BrokerageDay.objects.filter(event=event).select_related("event").first()


def my_profile(user, day: BrokerageDay) -> Profile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Profile.objects.filter(brokerage_day=day, person=user).first()


def _with_details(profiles: QuerySet[Profile]) -> QuerySet[Profile]:
    return profiles.select_related("person", "organisation", "booth").prefetch_related(
        "sectors", Prefetch("entries", queryset=MarketplaceEntry.objects.order_by("pk"))
    )


def visible_profiles(user, day: BrokerageDay) -> QuerySet[Profile]:
    """Organisers see every profile; participants the published ones and their own;
    anyone else none."""
    profiles = Profile.objects.filter(brokerage_day=day)
    if perms.can_manage_brokerage_day(user, day):
        return profiles
    if perms.can_browse_profiles(user, day):
        return profiles.filter(Q(published=True) | Q(person=user))
    return profiles.none()


def profile_list(
    user,
    day: BrokerageDay,
    *,
    search: str = "",
    country: str = "",
    organisation_kind: str = "",
    sector: str = "",
    language: str = "",
    offer: str = "",
    seek: str = "",
) -> QuerySet[Profile]:
    """Participants to browse: free text (names, organisation, offer, seek, marketplace),
    country, organisation kind, sector (slug), meeting language, and words in the offer
    or in the request. Empty filters are ignored."""
    profiles = visible_profiles(user, day)
    if search:
        text = (
            translated_contains("offer", search)
            | translated_contains("seek", search)
            | translated_contains("organisation__name", search)
            | translated_contains("entries__title", search)
            | Q(person__first_name__icontains=search)
            | Q(person__last_name__icontains=search)
        )
        profiles = profiles.filter(pk__in=Profile.objects.filter(text).values("pk"))
    if offer:
        profiles = profiles.filter(translated_contains("offer", offer))
    if seek:
        profiles = profiles.filter(translated_contains("seek", seek))
    if country:
        profiles = profiles.filter(country=country.upper())
    if organisation_kind:
        profiles = profiles.filter(organisation__kind=organisation_kind)
    if sector:
        profiles = profiles.filter(sectors__slug=sector)
    if language:
        # JSON lists: filtered in Python, portable across databases.
        wanted = [
            pk for pk, codes in profiles.values_list("pk", "languages") if language in (codes or [])
        ]
        profiles = profiles.filter(pk__in=wanted)
    return _with_details(profiles.distinct()).order_by(
        "organisation__name", "person__last_name", "pk"
    )


def profile_facets(day: BrokerageDay) -> dict[str, list]:
    """What the published profiles hold, for the filter choices: countries, organisation
    kinds, sectors and languages present."""
    profiles = Profile.objects.filter(brokerage_day=day, published=True)
    countries = sorted({c for c in profiles.values_list("country", flat=True) if c})
    kinds = sorted({k for k in profiles.values_list("organisation__kind", flat=True) if k})
    languages = sorted(
        {code for codes in profiles.values_list("languages", flat=True) for code in codes or []}
    )
    sectors = list(Sector.objects.filter(brokerage_profiles__in=profiles).distinct())
    return {
        "countries": countries,
        "organisation_kinds": kinds,
        "sectors": sectors,
        "languages": languages,
    }


# --- recommendations ---------------------------------------------------------------------------
_STOPWORDS = """
    and the for with from that this our are who which their about into over under more most
    also such other than them they have has had was were will would can could should its
    company companies looking look seek seeking offer offers offering partner partners new
    technology technologies solution solutions service services product products industry
    industrial texnologiya texnologiyalar texnologiyaları həll həllər həlləri xidmət xidmətlər
    məhsul məhsullar sənaye teknoloji teknolojiler teknolojileri çözüm çözümler çözümleri
    hizmet hizmetler ürün ürünler sanayi customer customers müştəri müştərilər müştəriləri
    müşteri müşteriler müşterileri system systems sistem sistemlər sistemləri sistemler
    və ilə üçün olan olaraq bir həm daha çox bizim biz onlar şirkət şirkətlər axtarırıq
    təklif edirik edir üzrə kimi isə ancaq yeni tərəfdaş tərəfdaşlar
    ve ile için olan olarak bir hem daha çok bizim biz onlar şirket şirketler arıyoruz
    sunuyoruz ediyoruz gibi ise ancak yeni ortak ortaklar üzerine
"""
STOPWORDS = frozenset(_STOPWORDS.split())
STEM = 6  # letters compared: "robotics", "robotik" and "robotika" meet as "roboti"
_LETTERS = str.maketrans({"ı": "i", "ə": "e", "ð": "g"})


def _fold(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.casefold().translate(_LETTERS))
    return "".join(c for c in word if not unicodedata.combining(c))


def keywords(text: str) -> dict[str, str]:
    """Stem → the first word of ``text`` with that stem (as written)."""
    found: dict[str, str] = {}
    for word in re.findall(r"\w+", text or ""):
        if len(word) < 4 or word.isdigit():
            continue
        folded = _fold(word)
        if folded in STOPWORDS or word.casefold() in STOPWORDS:
            continue
        found.setdefault(folded[:STEM], word.lower())
    return found


def _texts(profile: Profile, name: str) -> dict[str, dict[str, str]]:
    """The keywords of a field in each language it was entered in."""
    found = {}
    for code in LANGUAGES:
        words = keywords(getattr(profile, f"{name}_{code}", "") or "")
        if words:
            found[code] = words
    return found


def _common(mine: dict, theirs: dict) -> tuple[int, list[str]]:
    """How many of my stems their text has (the best pair of languages), and the words
    to show: from their text in the active language where it matches, so that reasons
    read in the viewer's language where they can."""
    active = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    best, shown, shown_active = 0, [], False
    for my_words in mine.values():
        for their_language, their_words in theirs.items():
            found = [their_words[stem] for stem in my_words if stem in their_words]
            best = max(best, len(found))
            in_active = their_language == active
            if found and (
                (in_active and (not shown_active or len(found) > len(shown)))
                or (not shown_active and len(found) > len(shown))
            ):
                shown, shown_active = found, in_active
    return best, shown


@dataclass
class Match:
    profile: Profile
    score: int
    reasons: list[str] = field(default_factory=list)


def _words(words: list[str], limit: int = 4) -> str:
    return ", ".join(words[:limit])


def recommended_matches(profile: Profile, *, limit: int = 10) -> list[Match]:
    """Published participants worth meeting, best first, each with the reasons: their
    offer meets what this profile seeks (and the other way round), shared sectors,
    marketplace entries of the same kinds, and another country. People already asked
    (or who asked) are left out."""
    day = profile.brokerage_day
    asked = set()
    for requester, invitee in MeetingRequest.objects.filter(
        Q(requester=profile) | Q(invitee=profile), status__in=MeetingRequest.OPEN
    ).values_list("requester_id", "invitee_id"):
        asked.update((requester, invitee))
    candidates = list(
        Profile.objects.filter(brokerage_day=day, published=True)
        .exclude(pk=profile.pk)
        .exclude(pk__in=asked)
        .select_related("person", "organisation")
        .prefetch_related("sectors", "entries")
    )
    my_seek = _texts(profile, "seek")
    my_offer = _texts(profile, "offer")
    my_sectors = {s.pk for s in profile.sectors.all()}
    my_kinds = set(profile.entries.values_list("kind", flat=True))
    kind_labels = dict(MarketplaceEntry.Kind.choices)
    matches = []
    for other in candidates:
        score, reasons = 0, []
        count, meets_need = _common(my_seek, _texts(other, "offer"))
        if count:
            score += 3 * min(count, 4)
            reasons.append(
                _("Offers what you are looking for: %(words)s.") % {"words": _words(meets_need)}
            )
        count, wants_mine = _common(_texts(other, "seek"), my_offer)
        if count:
            score += 3 * min(count, 4)
            reasons.append(
                _("Looks for what you offer: %(words)s.") % {"words": _words(wants_mine)}
            )
        shared = [s for s in other.sectors.all() if s.pk in my_sectors]
        if shared:
            score += 2 * len(shared)
            reasons.append(
                _("Same sector: %(sectors)s.") % {"sectors": ", ".join(str(s) for s in shared)}
            )
        kinds = sorted({e.kind for e in other.entries.all()} & my_kinds)
        if kinds:
            score += len(kinds)
            reasons.append(
                _("Marketplace entries of the same kind: %(kinds)s.")
                % {"kinds": ", ".join(str(kind_labels[k]) for k in kinds)}
            )
        if not score:
            continue
        if other.country and profile.country and other.country != profile.country:
            score += 1
            reasons.append(
                _("From %(country)s: a partner across the border.")
                % {"country": country_name(other.country)}
            )
        matches.append(Match(other, score, reasons))
    matches.sort(key=lambda m: (-m.score, m.profile.display_name.casefold(), m.profile.pk))
    return matches[:limit]


# --- requests, meetings, agendas ------------------------------------------------------------
def open_request_between(a: Profile, b: Profile) -> MeetingRequest | None:
    """The pending or accepted request between two people, whoever asked (at most one:
    a constraint sees to it)."""
    return (
        MeetingRequest.objects.filter(
            Q(requester=a, invitee=b) | Q(requester=b, invitee=a),
            status__in=MeetingRequest.OPEN,
        )
        .order_by("-created_at")
        .first()
    )


def waiting_request_count(profile: Profile) -> int:
    """Requests waiting for this person's answer (expired ones no longer count)."""
    return (
        MeetingRequest.objects.filter(invitee=profile, status=MeetingRequest.Status.PENDING)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()))
        .count()
    )


def requests_of(profile: Profile) -> dict[str, QuerySet[MeetingRequest]]:
    """``received`` and ``sent`` requests of a profile, newest first."""
    base = MeetingRequest.objects.select_related(
        "requester__person", "requester__organisation", "invitee__person", "invitee__organisation"
    )
    return {
        "received": base.filter(invitee=profile).order_by("-created_at", "-pk"),
        "sent": base.filter(requester=profile).order_by("-created_at", "-pk"),
    }


def _meetings_with_people(meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
    return meetings.select_related(
        "slot", "location", "brokerage_day__event", "request", "host"
    ).prefetch_related(
        Prefetch(
            "participants",
            queryset=Profile.objects.select_related("person", "organisation").order_by("pk"),
        ),
        "feedback",
    )


def time_visible(meeting: Meeting) -> bool:
    """Whether participants see the meeting's slot and place: once the schedule is
    published, or when they booked it themselves."""
    return meeting.slot_id is not None and (
        meeting.brokerage_day.schedule_published
        or meeting.placed_by == Meeting.PlacedBy.PARTICIPANT
    )


def agenda(profile: Profile) -> QuerySet[Meeting]:
    """A participant's agreed meetings: scheduled ones in time order, then those still
    waiting for a time. Show slot and place only where :func:`time_visible` says so."""
    return _meetings_with_people(
        Meeting.objects.filter(participations__profile=profile, status=Meeting.Status.CONFIRMED)
    ).order_by(F("slot__starts_at").asc(nulls_last=True), "location__position", "pk")


def meetings_of_day(
    day: BrokerageDay, *, status: str = "", scheduled: bool | None = None, profile=None
) -> QuerySet[Meeting]:
    """The day's meetings for the organisers, filtered by status, scheduled or not, and
    participant."""
    meetings = Meeting.objects.filter(brokerage_day=day)
    if status:
        meetings = meetings.filter(status=status)
    if scheduled is not None:
        meetings = meetings.filter(slot__isnull=not scheduled)
    if profile is not None:
        meetings = meetings.filter(participations__profile=profile)
    return _meetings_with_people(meetings).order_by(
        F("slot__starts_at").asc(nulls_last=True), "location__position", "pk"
    )


@dataclass
class Grid:
    slots: list[Slot]
    locations: list[Location]
    cells: dict[tuple[int, int], list[Meeting]]
    unscheduled: list[Meeting]


def schedule_grid(day: BrokerageDay) -> Grid:
    """The schedule as slots × locations, and the agreed meetings without a time."""
    slots = list(Slot.objects.filter(brokerage_day=day).order_by("starts_at"))
    locations = list(Location.objects.filter(brokerage_day=day).order_by("position", "pk"))
    cells: dict[tuple[int, int], list[Meeting]] = defaultdict(list)
    unscheduled = []
    for meeting in meetings_of_day(day, status=Meeting.Status.CONFIRMED):
        if meeting.slot_id is None:
            unscheduled.append(meeting)
        else:
            cells[(meeting.slot_id, meeting.location_id)].append(meeting)
    return Grid(slots, locations, dict(cells), unscheduled)


# --- statistics -----------------------------------------------------------------------------------
COUNTS = ("profiles", "requested", "accepted", "scheduled", "realised", "cooperation_possible")


def brokerage_statistics(day: BrokerageDay) -> dict:
    """Plain numbers for the organisers' charts and exports.

    ``requested`` counts requests sent, ``accepted`` agreed meetings (accepted requests
    and meetings the organisers arranged, cancelled ones not counted), ``scheduled`` those
    with a slot, ``realised`` those that took place according to at least one
    participant's feedback. ``outcomes`` counts feedback answers. By country and by
    sector, a request or meeting counts once for each country (sector) among its
    participants.
    """
    profiles = {
        p["pk"]: p
        for p in Profile.objects.filter(brokerage_day=day).values(
            "pk", "country", "organisation__kind"
        )
    }
    sectors_of: dict[int, set[int]] = defaultdict(set)
    for profile_id, sector_id in Profile.sectors.through.objects.filter(
        profile__brokerage_day=day
    ).values_list("profile_id", "sector_id"):
        sectors_of[profile_id].add(sector_id)
    requests = list(
        MeetingRequest.objects.filter(brokerage_day=day).values_list(
            "requester_id", "invitee_id", "status"
        )
    )
    meetings = dict(
        Meeting.objects.filter(brokerage_day=day, status=Meeting.Status.CONFIRMED).values_list(
            "pk", "slot_id"
        )
    )
    members: dict[int, set[int]] = defaultdict(set)
    for meeting_id, profile_id in Participation.objects.filter(
        meeting_id__in=list(meetings)
    ).values_list("meeting_id", "profile_id"):
        members[meeting_id].add(profile_id)
    feedback = list(
        MeetingFeedback.objects.filter(meeting__brokerage_day=day).values_list(
            "meeting_id", "outcome"
        )
    )
    realised = {
        meeting_id
        for meeting_id, outcome in feedback
        if outcome != MeetingFeedback.Outcome.DID_NOT_TAKE_PLACE and meeting_id in meetings
    }
    cooperation = {
        meeting_id
        for meeting_id, outcome in feedback
        if outcome == MeetingFeedback.Outcome.COOPERATION_POSSIBLE and meeting_id in meetings
    }

    def empty() -> dict[str, int]:
        return dict.fromkeys(COUNTS, 0)

    by_country: dict[str, dict[str, int]] = defaultdict(empty)
    by_sector: dict[int, dict[str, int]] = defaultdict(empty)

    def add(profile_ids, key: str) -> None:
        for country in {profiles[pk]["country"] for pk in profile_ids if pk in profiles}:
            by_country[country or ""][key] += 1
        for sector in {s for pk in profile_ids for s in sectors_of.get(pk, ())}:
            by_sector[sector][key] += 1

    for pk in profiles:
        add([pk], "profiles")
    for requester, invitee, _status in requests:
        add([requester, invitee], "requested")
    for meeting_id, slot_id in meetings.items():
        people = members[meeting_id]
        add(people, "accepted")
        if slot_id is not None:
            add(people, "scheduled")
        if meeting_id in realised:
            add(people, "realised")
        if meeting_id in cooperation:
            add(people, "cooperation_possible")

    outcome_counts = Counter(outcome for _meeting, outcome in feedback)
    status_counts = Counter(status for _r, _i, status in requests)
    sector_names = {s.pk: s for s in Sector.objects.filter(pk__in=list(by_sector))}
    kind_labels = dict(Organisation.Kind.choices)
    return {
        "totals": {
            "profiles": len(profiles),
            "published_profiles": Profile.objects.filter(brokerage_day=day, published=True).count(),
            "requested": len(requests),
            "accepted": len(meetings),
            "scheduled": sum(1 for slot in meetings.values() if slot is not None),
            "realised": len(realised),
            "cooperation_possible": len(cooperation),
            "feedback": len(feedback),
        },
        "requests_by_status": {
            status: status_counts.get(status, 0) for status in MeetingRequest.Status.values
        },
        "outcomes": [
            {"outcome": value, "label": str(label), "count": outcome_counts.get(value, 0)}
            for value, label in MeetingFeedback.Outcome.choices
        ],
        "by_country": sorted(
            (
                {"country": code, "country_name": country_name(code), **counts}
                for code, counts in by_country.items()
            ),
            key=lambda row: (-row["profiles"], row["country"]),
        ),
        "by_sector": sorted(
            (
                {"sector": sector_names[pk].slug, "sector_name": str(sector_names[pk]), **counts}
                for pk, counts in by_sector.items()
            ),
            key=lambda row: (-row["accepted"], row["sector"]),
        ),
        "by_organisation_kind": sorted(
            (
                {"kind": kind, "label": str(kind_labels.get(kind, kind)), "profiles": count}
                for kind, count in Counter(
                    p["organisation__kind"] or "" for p in profiles.values()
                ).items()
                if kind
            ),
            key=lambda row: (-row["profiles"], row["kind"]),
        ),
    }
