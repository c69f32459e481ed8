"""Reads shared by the pages and the API: what a user may see, without N+1 queries.

Each ``visible_*`` function answers for a whole list the question the matching
``view`` rule in :mod:`korpu.directory.rules` answers for one object.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from korpu.common.i18n import translated_contains, translated_order

from .models import (
    Membership,
    Organisation,
    Park,
    Partnership,
    PartnershipDocument,
    PartnershipParty,
    Person,
    Residency,
)
from .rules import MANAGING_ROLES, is_signed_in, organisation_ids_of

__all__ = ["organisation_ids_of"]  # re-exported: the other apps import it from here


def visible_organisations(user) -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    if is_signed_in(user) and user.is_staff:
        return organisations
    condition = Q(is_public=True)
    if is_signed_in(user):
        condition |= Q(pk__in=organisation_ids_of(user))
        # Admins of a party see the other parties of their active partnerships.
        partnered = Organisation.objects.filter(
            partnerships__status=Partnership.Status.ACTIVE,
            partnerships__parties__in=organisation_ids_of(user, ("admin",)),
        ).values("pk")
        condition |= Q(pk__in=partnered)
    return organisations.filter(condition)


def organisation_list(user, *, search="", kind="", country="", sector="", park=""):
    """The directory's organisation list with its filters, ready to render."""
    organisations = visible_organisations(user)
    if search:
        organisations = organisations.filter(
            translated_contains("name", search)
            | translated_contains("description", search)
            | Q(city__icontains=search)
            | translated_contains("technology_areas__name", search)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if country:
        organisations = organisations.filter(country=country.upper())
    if sector:
        organisations = organisations.filter(sectors__slug=sector)
    if park:
        organisations = organisations.filter(
            residencies__park__slug=park, residencies__status=Residency.Status.ACTIVE
        )
    return (
        organisations.distinct()
        .prefetch_related("sectors")
        .order_by(translated_order("name"), "pk")
    )


def visible_parks(user) -> QuerySet[Park]:
    parks = Park.objects.select_related("operator")
    if is_signed_in(user) and user.is_staff:
        return parks
    condition = Q(is_public=True)
    if is_signed_in(user):
        condition |= Q(operator__in=organisation_ids_of(user, MANAGING_ROLES))
    return parks.filter(condition)


def park_list(user) -> QuerySet[Park]:
    return (
        visible_parks(user)
        .annotate(
            resident_count=Count(
                "residencies", filter=Q(residencies__status=Residency.Status.ACTIVE), distinct=True
            )
        )
        .order_by(translated_order("name"), "pk")
    )


def visible_residencies(user) -> QuerySet[Residency]:
    residencies = Residency.objects.select_related("company", "park", "unit__building")
    if is_signed_in(user) and user.is_staff:
        return residencies
    condition = Q(
        status__in=[Residency.Status.ACTIVE, Residency.Status.GRADUATED],
        company__is_public=True,
        park__is_public=True,
    )
    if is_signed_in(user):
        managed = organisation_ids_of(user, MANAGING_ROLES)
        condition |= Q(park__operator__in=managed) | Q(company__in=managed)
        # Operators in an active partnership with the user's organisations that shares
        # residency details.
        sharing = Organisation.objects.filter(
            partnership_links__partnership__status=Partnership.Status.ACTIVE,
            partnership_links__partnership__share_residencies=True,
            partnership_links__partnership__parties__in=organisation_ids_of(user),
        ).values("pk")
        condition |= Q(park__operator__in=sharing)
    return residencies.filter(condition)


def park_residents(user, park: Park, *, status: str = "", sector: str = ""):
    residencies = visible_residencies(user).filter(park=park)
    if status:
        residencies = residencies.filter(status=status)
    if sector:
        residencies = residencies.filter(company__sectors__slug=sector).distinct()
    return residencies.prefetch_related("company__sectors").order_by(
        translated_order("company__name"), "pk"
    )


def visible_partnerships(user) -> QuerySet[Partnership]:
    partnerships = Partnership.objects.all()
    if is_signed_in(user) and user.is_staff:
        return partnerships
    condition = Q(is_public=True)
    if is_signed_in(user):
        condition |= Q(
            Exists(
                PartnershipParty.objects.filter(
                    partnership=OuterRef("pk"), organisation__in=organisation_ids_of(user)
                )
            )
        )
    return partnerships.filter(condition)


def partnership_list(user) -> QuerySet[Partnership]:
    return visible_partnerships(user).prefetch_related("parties").order_by("-signed_on", "pk")


def partnership_detail(partnership: Partnership) -> Partnership:
    """Load what the partnership page shows in a fixed number of queries."""
    return (
        Partnership.objects.filter(pk=partnership.pk)
        .prefetch_related(
            "commitments",
            Prefetch(
                "party_links", queryset=partnership.party_links.select_related("organisation")
            ),
        )
        .get()
    )


def visible_documents(user, partnership: Partnership) -> QuerySet[PartnershipDocument]:
    documents = partnership.documents.all()
    if is_signed_in(user) and (
        user.is_staff or partnership.parties.filter(pk__in=organisation_ids_of(user)).exists()
    ):
        return documents
    return documents.filter(is_public=True) if partnership.is_public else documents.none()


def visible_people(user) -> QuerySet[Person]:
    if is_signed_in(user) and user.is_staff:
        return Person.objects.all()
    people = Person.objects.filter(is_active=True)
    condition = Q(is_public=True)
    if is_signed_in(user):
        colleagues = Membership.objects.filter(organisation__in=organisation_ids_of(user)).values(
            "person_id"
        )
        condition |= Q(pk=user.pk) | Q(pk__in=colleagues)
    return people.filter(condition)


def people_list(user, *, search="", country="", organisation=""):
    people = visible_people(user)
    if search:
        people = people.filter(
            Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(expertise__icontains=search)
            | Q(headline__icontains=search)
        )
    if country:
        people = people.filter(country=country.upper())
    if organisation:
        people = people.filter(memberships__organisation__slug=organisation)
    return people.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("organisation").filter(
                organisation__is_public=True
            ),
            to_attr="public_memberships",
        )
    ).order_by("last_name", "first_name", "pk")


def organisation_members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )
