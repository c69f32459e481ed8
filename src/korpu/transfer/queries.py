"""Reads the marketplace's pages and API share.

Anonymity lives here for lists: :func:`owner_view` and :func:`interested_view` are what a
page or an API response shows of the two sides, never the model itself, so a stranger's
response cannot carry a name by accident.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from korpu.common.i18n import country_name
from korpu.directory.models import Organisation
from korpu.directory.rules import is_signed_in, is_staff, organisation_ids_of

from . import rules as perms
from .models import Deal, ExpressionOfInterest, Keyword, Profile

# Organisations that may review profiles and forward interest.
INTERMEDIARY_KINDS = ("agency", "technopark", "innovation_centre")


@dataclass(frozen=True)
class PartyView:
    """What someone may see of an organisation on the other side of a profile."""

    disclosed: bool
    country: str
    country_name: str
    kind: str
    kind_label: str
    size: str
    size_label: str
    # Only when disclosed:
    name: str = ""
    slug: str = ""
    website: str = ""
    email: str = ""
    phone: str = ""
    organisation_id: int | None = None


def _party(organisation: Organisation, disclosed: bool) -> PartyView:
    common = {
        "disclosed": disclosed,
        "country": organisation.country,
        "country_name": country_name(organisation.country),
        "kind": organisation.kind,
        "kind_label": str(organisation.get_kind_display()),
        "size": organisation.size,
        "size_label": str(organisation.get_size_display()) if organisation.size else "",
    }
    if not disclosed:
        return PartyView(**common)
    return PartyView(
        **common,
        name=organisation.name,
        slug=organisation.slug,
        website=organisation.website,
        email=organisation.email,
        phone=organisation.phone,
        organisation_id=organisation.pk,
    )


def owner_view(user, profile: Profile) -> PartyView:
    return _party(profile.owner, perms.can_see_owner(user, profile))


class OwnerViews:
    """:func:`owner_view` for a whole list, with two queries instead of several per row.

    A profile that nothing could disclose to the user (anonymous, not of the user's
    organisations, no accepted interest of theirs) gets the anonymous view straight away;
    every other one is decided by the rules. So this can only hide a name, never show one.
    """

    def __init__(self, user):
        self.user = user
        self.everything = is_staff(user)
        self.mine: frozenset[int] = frozenset()
        self.accepted: frozenset[int] = frozenset()
        if is_signed_in(user) and not self.everything:
            self.mine = frozenset(user.memberships.values_list("organisation_id", flat=True))
            self.accepted = frozenset(
                ExpressionOfInterest.objects.filter(
                    status=ExpressionOfInterest.Status.ACCEPTED, company_id__in=self.mine
                ).values_list("profile_id", flat=True)
            )

    def _may_be_disclosed(self, profile: Profile) -> bool:
        return (
            self.everything
            or not profile.is_anonymous
            or profile.owner_id in self.mine
            or profile.intermediary_id in self.mine
            or profile.pk in self.accepted
        )

    def __call__(self, profile: Profile) -> PartyView:
        if not self._may_be_disclosed(profile):
            return _party(profile.owner, False)
        return owner_view(self.user, profile)


def interested_view(user, interest: ExpressionOfInterest) -> PartyView:
    return _party(interest.company, perms.can_see_interested_company(user, interest))


def published_profiles():
    return (
        Profile.objects.filter(status=Profile.Status.PUBLISHED)
        .select_related("owner")
        .prefetch_related("keywords")
        .annotate(interest_count=Count("interests", distinct=True))
    )


def visible_profiles(user):
    """Published profiles, plus those of the user's organisations and those their
    organisations review."""
    query = Profile.objects.filter(status=Profile.Status.PUBLISHED)
    if is_staff(user):
        query = Profile.objects.all()
    elif is_signed_in(user):
        mine = organisation_ids_of(user)
        query = Profile.objects.filter(
            Q(status=Profile.Status.PUBLISHED) | Q(owner__in=mine) | Q(intermediary__in=mine)
        )
    return query.select_related("owner", "intermediary").prefetch_related("keywords").distinct()


def own_profiles(user):
    """Profiles of the organisations the user belongs to, any status."""
    if not is_signed_in(user):
        return Profile.objects.none()
    return (
        Profile.objects.filter(owner__in=organisation_ids_of(user))
        .select_related("owner", "intermediary")
        .annotate(
            interest_count=Count("interests", distinct=True),
            waiting_count=Count(
                "interests", filter=Q(interests__status="forwarded"), distinct=True
            ),
        )
        .distinct()
        .order_by("-updated_at")
    )


def review_queue(user):
    """Profiles waiting for review by an organisation the user belongs to."""
    if not is_signed_in(user):
        return Profile.objects.none()
    query = Profile.objects.filter(status=Profile.Status.UNDER_REVIEW)
    if not is_staff(user):
        query = query.filter(intermediary__in=organisation_ids_of(user))
    return query.select_related("owner", "intermediary").distinct().order_by("submitted_at")


def interests_to_forward(user):
    if not is_signed_in(user):
        return ExpressionOfInterest.objects.none()
    query = ExpressionOfInterest.objects.filter(status=ExpressionOfInterest.Status.SUBMITTED)
    if not is_staff(user):
        query = query.filter(profile__intermediary__in=organisation_ids_of(user))
    return query.select_related("profile", "company").distinct().order_by("created_at")


def sent_interests(user):
    """Expressions of interest sent by the user's organisations."""
    if not is_signed_in(user):
        return ExpressionOfInterest.objects.none()
    return (
        ExpressionOfInterest.objects.filter(company__in=organisation_ids_of(user))
        .select_related("profile__owner", "company")
        .distinct()
    )


def received_interests(user):
    """Expressions of interest in the user's organisations' profiles that reached them."""
    if not is_signed_in(user):
        return ExpressionOfInterest.objects.none()
    return (
        ExpressionOfInterest.objects.filter(
            profile__owner__in=organisation_ids_of(user),
            status__in=["forwarded", "accepted", "declined"],
        )
        .select_related("profile", "company")
        .distinct()
    )


def visible_deals(user):
    if not is_signed_in(user):
        return Deal.objects.none()
    query = Deal.objects.all()
    if not is_staff(user):
        query = query.filter(
            Q(parties__in=organisation_ids_of(user))
            | Q(profile__intermediary__in=organisation_ids_of(user))
        )
    return (
        query.select_related("profile", "interest")
        .prefetch_related("parties")
        .distinct()
        .order_by("-created_at")
    )


def organisations_for(user) -> list[Organisation]:
    """The organisations a person may act for in the marketplace."""
    if not is_signed_in(user):
        return []
    return list(Organisation.objects.filter(pk__in=organisation_ids_of(user)).order_by("name"))


def intermediaries() -> list[Organisation]:
    """Organisations that review profiles and forward interest (parks and agencies)."""
    return list(
        Organisation.objects.filter(kind__in=INTERMEDIARY_KINDS).order_by("country", "name")
    )


def keyword_labels(codes) -> dict[str, str]:
    """The taxonomy's names (in the active language) of keyword codes."""
    return {k.code: k.name for k in Keyword.objects.filter(code__in=list(codes))}


def interest_counts(profile: Profile) -> dict[str, int]:
    """Expressions of interest in a profile by status (shown to owner and intermediary)."""
    rows = profile.interests.values("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(ExpressionOfInterest.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    counts["total"] = sum(row["n"] for row in rows)
    return counts
