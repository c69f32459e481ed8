"""What every marketplace page shares: finding a profile, an expression of interest or a
deal the user may see (404 otherwise: a stranger must not learn that a draft or someone
else's interest exists), the text of a profile in the reader's language, the cards of
lists with the owner shown through :func:`korpu.transfer.queries.owner_view`, and the
reasons of a match.

Anonymity: a page never reads ``profile.owner`` or ``interest.company`` for display; it
shows the :class:`~korpu.transfer.queries.PartyView` that the queries give, which carries
a name, slug and contacts only when the rules disclose them.
"""

from dataclasses import dataclass, field

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from korpu.common.i18n import capitalise, country_name, language_name

from .. import queries, services
from .. import rules as perms
from ..models import Deal, ExpressionOfInterest, Keyword, Profile

TEXT_FIELDS = services.TEXT_FIELDS


def matching():
    """The search and matching module (imported on first use: it loads the ranking core)."""
    from .. import matching as module

    return module


def active_language() -> str:
    language = (get_language() or "en").split("-")[0]
    return language if language in ("en", "az", "tr") else "en"


def pick_pk(raw) -> int:
    try:
        return int(raw)
    except (TypeError, ValueError) as malformed:
        raise Http404 from malformed


# --- finding what the user may see -----------------------------------------------------------
def visible_profile(request, pk) -> Profile:
    profile = get_object_or_404(
        Profile.objects.select_related("owner", "intermediary"), pk=pick_pk(pk)
    )
    if not perms.can_view_profile(request.user, profile):
        raise Http404
    return profile


def visible_interest(request, pk) -> ExpressionOfInterest:
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related(
            "profile__owner", "profile__intermediary", "company"
        ),
        pk=pick_pk(pk),
    )
    if not perms.can_view_interest(request.user, interest):
        raise Http404
    return interest


def visible_deal(request, pk) -> Deal:
    deal = get_object_or_404(
        Deal.objects.select_related("profile__owner", "profile__intermediary", "interest"),
        pk=pick_pk(pk),
    )
    if not perms.can_view_deal(request.user, deal):
        raise Http404
    return deal


def redirect_back(request, default: str):
    """Back to the page the form was on (``next``, an address of this site), else
    ``default``."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def is_intermediary_person(user) -> bool:
    """Someone who acts for a park or agency (or staff): the review queue is theirs."""
    return perms.is_staff(user) or (
        perms.is_signed_in(user)
        and user.memberships.filter(organisation__kind__in=queries.INTERMEDIARY_KINDS).exists()
    )


def render_page(request, template: str, context: dict, status: int = 200):
    """Render a marketplace page; the tabs need to know whether the reader reviews."""
    context.setdefault("reviews", is_intermediary_person(request.user))
    return render(request, template, context, status=status)


# --- a profile's text in the reader's language --------------------------------------------------
@dataclass(frozen=True)
class ProfileText:
    """What a page shows of a profile's text: the reader's language when a translation
    exists, else the original (``written_in`` then names the original's language)."""

    language: str
    original: str
    title: str
    summary: str
    description: str
    advantages: str
    technical_specification: str

    @property
    def is_translation(self) -> bool:
        return self.language != self.original

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def original_name(self) -> str:
        return language_name(self.original)

    @property
    def written_in(self) -> str:
        """The language the text is in when it is not the reader's (else "")."""
        return language_name(self.language) if self.language != active_language() else ""


def profile_text(profile: Profile, *, original: bool = False) -> ProfileText:
    reader = active_language()
    own = profile.language

    def column(name: str, language: str) -> str:
        return getattr(profile, f"{name}_{language}", "") or ""

    language = own
    if not original and reader != own and column("title", reader).strip():
        language = reader
    texts = {name: column(name, language) or column(name, own) for name in TEXT_FIELDS}
    return ProfileText(language=language, original=own, **texts)


def has_translation(profile: Profile) -> bool:
    reader = active_language()
    return reader != profile.language and bool(
        (getattr(profile, f"title_{reader}", "") or "").strip()
    )


# --- cards ---------------------------------------------------------------------------------------
@dataclass
class Reasons:
    """Why a profile was found: shared taxonomy keywords (by label) and matched terms."""

    score: float
    keywords: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.keywords or self.terms)


@dataclass
class Card:
    profile: Profile
    owner: queries.PartyView
    text: ProfileText
    keywords: list[Keyword]
    reasons: Reasons | None = None

    @property
    def owner_line(self) -> str:
        return party_line(self.owner)


def party_line(party: queries.PartyView) -> str:
    """ "SME · Türkiye · 10–49 employees" (the name first when disclosed)."""
    parts = [party.name] if party.disclosed and party.name else []
    parts += [capitalise(str(party.kind_label))] if party.kind_label else []
    parts += [p for p in (party.country_name, party.size_label) if p]
    return " · ".join(str(p) for p in parts)


def _keyword_list(profile: Profile) -> list[Keyword]:
    return sorted(profile.keywords.all(), key=lambda k: (k.kind != "technology", k.code))


def cards(user, rows) -> list[Card]:
    """Cards for profiles, or for ``(profile, match)`` pairs from the matcher."""
    pairs = [(row, None) if isinstance(row, Profile) else row for row in rows]
    codes = {code for _p, match in pairs if match for code in match.shared_keywords}
    labels = queries.keyword_labels(codes) if codes else {}
    owner_view = queries.OwnerViews(user)
    result = []
    for profile, match in pairs:
        reasons = None
        if match is not None:
            reasons = Reasons(
                score=match.score,
                keywords=[labels.get(code, code) for code in match.shared_keywords],
                terms=list(match.matched_terms),
            )
        result.append(
            Card(
                profile=profile,
                owner=owner_view(profile),
                text=profile_text(profile),
                keywords=_keyword_list(profile),
                reasons=reasons,
            )
        )
    return result


def choice_labels(values, choices) -> list[str]:
    labels = dict(choices)
    return [str(labels.get(value, value)) for value in values or []]


def country_names(codes) -> list[str]:
    return sorted(country_name(code) for code in codes or [])
