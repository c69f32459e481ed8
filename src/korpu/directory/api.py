"""The directory's read API: organisations, people, parks, residencies, partnerships.

Every list comes from the same permission-filtered functions in
:mod:`korpu.directory.queries` as the pages, so the API shows exactly what the pages
show. Lists are paginated with ``page`` and ``page_size`` (:class:`PageNumber`) and run
a fixed number of queries whatever their length.

Authentication (:data:`AUTH`, installed on the whole API in :mod:`korpu.api`): a
personal token sent as ``Authorization: Bearer kp_…``, or the browser session, or
nobody (public data only). A token that is wrong, revoked or expired answers 401; it
never falls back to anonymous access. A read-only token answers 403 to every unsafe
method; an organisation-scoped one acts through that organisation only.
"""

import datetime
from math import ceil
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as InputError
from ninja.pagination import PaginationBase, paginate
from ninja.security import HttpBearer, SessionAuth
from pydantic import create_model, field_validator

from korpu.common.i18n import translated_contains, translated_order

from . import queries, services
from .models import (
    ApiToken,
    Organisation,
    Park,
    Partnership,
    PartnershipParty,
    Person,
    Residency,
    Sector,
    TechnologyArea,
)
from .rules import MANAGING_ROLES

LANGUAGES: tuple[str, ...] = tuple(settings.MODELTRANSLATION_LANGUAGES)


# --- authentication ----------------------------------------------------------------------
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})  # what a read-only token may send


class ApiTokenAuth(HttpBearer):
    """``Authorization: Bearer kp_<lookup>.<secret>``: a personal API token.

    Its scope is enforced here, before any operation runs: an expired token answers 401
    ("expired on …"), a read-only one 403 to every unsafe method; an organisation-scoped
    one acts only through that organisation (``api_token_organisation_id`` on the person,
    which every membership lookup in :mod:`korpu.directory.rules` honours)."""

    openapi_bearerFormat = "kp_<lookup>.<secret>"
    openapi_description = (
        "A personal API token, created on the profile page (API tokens). Scopes: a "
        "**read-only** token may only GET (any POST, PUT, PATCH or DELETE answers 403 and "
        "changes nothing); a **read-write** token may do whatever its person may. A token "
        "limited to **one organisation** acts only through it: rights from the person's "
        "memberships of other organisations do not apply (their private data is not shown, "
        "nothing can be done for them). A token may **expire** (30, 90 or 365 days, or "
        "never): an expired or revoked token answers 401."
    )

    def __call__(self, request: HttpRequest) -> Person | None:
        header = request.headers.get(self.header)
        if not header:
            return None  # no token presented: let the session or anonymous access decide
        scheme, _sep, key = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(
                message=_("Send the API token as “Authorization: Bearer <token>”.")
            )
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Person:
        # A key is about 60 characters; anything else is not worth a database query
        # (and PostgreSQL refuses strings with NUL characters).
        well_formed = len(token) <= 200 and "\x00" not in token
        check = services.check_api_key(token) if well_formed else services.ApiKeyCheck(None)
        if check.expired_at is not None:
            expired_on = formats.date_format(
                timezone.localtime(check.expired_at), "DATETIME_FORMAT"
            )
            raise AuthenticationError(
                message=_(
                    "The API token expired on %(date)s; create a new one on your profile page."
                )
                % {"date": expired_on}
            )
        person = check.person
        if person is None:
            raise AuthenticationError(message=_("The API token is not valid or has been revoked."))
        if person.api_token_scope != ApiToken.Scope.READ_WRITE and request.method not in SAFE:
            # Refused before the operation runs: a read-only token changes nothing.
            raise PermissionDenied(
                _("This API token is read-only: it can read but not change anything.")
            )
        request.user = person
        request.korpu_auth_method = "token"
        return person


class BrowserSessionAuth(SessionAuth):
    """The session cookie of a signed-in browser (CSRF is checked for writes)."""

    openapi_description = "The session of a browser signed in to Körpü."

    def authenticate(self, request: HttpRequest, key: str | None) -> Person | None:
        user = super().authenticate(request, key)
        if user is not None:
            request.korpu_auth_method = "session"
        return user


def allow_anonymous(request: HttpRequest) -> AnonymousUser:
    """The last resort: no credentials at all, which sees public data only."""
    request.korpu_auth_method = None
    return AnonymousUser()


allow_anonymous.allows_anonymous = True  # shown as optional security in the OpenAPI spec

token_auth = ApiTokenAuth()
session_auth = BrowserSessionAuth()
AUTH = [token_auth, session_auth, allow_anonymous]
AUTH_REQUIRED = [token_auth, session_auth]


def viewer(request: HttpRequest):
    """The person making the request, or an anonymous user."""
    return request.user


# --- authentication for writes -----------------------------------------------------------
class SignedInSessionAuth(BrowserSessionAuth):
    """The browser session, for writes: the CSRF token is required of whoever is signed in.

    Nobody signed in means nothing to protect: the request is simply not authenticated
    and answers 401 (django-ninja's session auth would answer a CSRF 403 instead).
    """

    openapi_description = (
        "The session of a browser signed in to Körpü; writes must send the CSRF token "
        "(the csrftoken cookie, as the X-CSRFToken header)."
    )

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super()._get_key(request)


WRITE_AUTH = [token_auth, SignedInSessionAuth()]


# --- errors --------------------------------------------------------------------------------
def api_error(request, status: int, code: str | None = None, message=None, details=()):
    # korpu.api assembles the API from this module: import it when answering, not before.
    from korpu.api import error_response

    return error_response(request, status, code=code, message=message, details=details)


def invalid_input(*problems: tuple[tuple, str]) -> InputError:
    """Bad input found by the endpoint: ``(location path, message)`` pairs, answered like
    django-ninja's own validation errors (422, one detail per field)."""
    return InputError([{"type": "invalid", "loc": loc, "msg": msg} for loc, msg in problems])


def _field_of(key: str) -> str:
    """A service's error key as a path in the request body (``q12`` → ``answers.12``)."""
    if key.startswith("q") and key[1:].isdigit():
        return f"answers.{key[1:]}"
    return "" if key == "__all__" else key


# Refusals that conflict with the current state rather than being bad input: 409.
CONFLICT_CODES = (
    "stale",
    "already_registered",
    "already_requested",
    "run_in_progress",
    "taken",
    "already_booked",
    "already_waiting",
)


def refused(request, error: DjangoValidationError):
    """A write the services refused: 409 with the code for a conflict with the current
    state (an outdated version, a second registration or request, a run under way), else
    422 with every reason (field by field where the service said which field)."""
    if hasattr(error, "error_dict"):
        details = [
            {"location": "body", "field": _field_of(key), "code": "invalid", "message": message}
            for key, messages in error.message_dict.items()
            for message in messages
        ]
        return api_error(request, 422, details=details)
    conflict = next((i.code for i in error.error_list if i.code in CONFLICT_CODES), None)
    if conflict:
        return api_error(request, 409, conflict, " ".join(error.messages))
    details = [
        {"location": "body", "field": "", "code": item.code or "invalid", "message": message}
        for item, message in zip(error.error_list, error.messages, strict=True)
    ]
    return api_error(request, 422, message=" ".join(error.messages), details=details)


# --- pagination --------------------------------------------------------------------------
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class PageNumber(PaginationBase):
    """``page`` (from 1) and ``page_size`` (default 20, at most 100).

    A page after the last one is empty; the counts say how many there are.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, description="Page number, from 1.")
        page_size: int = Field(
            PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items per page (1–100)."
        )

    class Output(Schema):
        count: int = Field(description="Items on all pages.")
        page: int
        page_size: int
        pages: int = Field(description="Number of pages (at least 1).")
        next: str | None = Field(description="URL of the next page, if any.")
        previous: str | None = Field(description="URL of the previous page, if any.")
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params):
        count = self._items_count(queryset)
        size = pagination.page_size
        page = pagination.page
        offset = (page - 1) * size
        # Never send the database an offset past the end (a huge ``page`` stays cheap).
        items = queryset[offset : offset + size] if offset < count else []
        pages = max(1, ceil(count / size))
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "pages": pages,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, min(page - 1, pages)) if page > 1 else None,
            "items": items,
        }


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# --- filters -----------------------------------------------------------------------------
COUNTRY = r"^[A-Za-z]{2}$"

# The largest id a database column holds (a signed 64-bit integer). A bigger number names
# nothing, and SQLite cannot compare it with a foreign key or in a list (``pk__in``): ids
# used so are bounded (a 422, not a 500).
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Field(ge=1, le=MAX_ID)]


class Filters(Schema):
    """Query filters; an empty value (``?kind=``) means no filter."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        if isinstance(value, str):
            value = value.replace("\x00", "")  # PostgreSQL refuses NUL in strings
            return value if value.strip() else None
        return value


def _search(description: str = "Words to search for.") -> Any:
    return Field(None, max_length=200, description=description)


def _slug(description: str) -> Any:
    return Field(None, max_length=80, description=description)


class OrganisationFilters(Filters):
    q: str | None = _search("Search in names (all languages), city, description, technologies.")
    kind: Organisation.Kind | None = None
    country: str | None = Field(None, pattern=COUNTRY, description="ISO 3166 code, e.g. AZ.")
    sector: str | None = _slug("Sector code, e.g. ict.")
    park: str | None = _slug("Park short address: active residents of this park.")


class PeopleFilters(Filters):
    q: str | None = _search("Search in names, headline and expertise.")
    country: str | None = Field(None, pattern=COUNTRY, description="ISO 3166 code, e.g. AZ.")
    organisation: str | None = _slug("Organisation short address: its members.")


class ParkFilters(Filters):
    q: str | None = _search("Search in names (all languages) and city.")
    kind: Park.Kind | None = None
    status: Park.Status | None = None
    country: str | None = Field(None, pattern=COUNTRY, description="ISO 3166 code, e.g. TR.")


class ParkResidencyFilters(Filters):
    status: Residency.Status | None = None
    sector: str | None = _slug("Sector code of the company.")


class ResidencyFilters(Filters):
    park: str | None = _slug("Park short address.")
    status: Residency.Status | None = None
    company: str | None = _slug("Company short address.")


class PartnershipFilters(Filters):
    q: str | None = _search("Search in titles (all languages).")
    status: Partnership.Status | None = None


class TaxonomyFilters(Filters):
    q: str | None = _search("Search in names (all languages).")


# --- schemas -----------------------------------------------------------------------------
def _translations_schema(name: str, fields: tuple[str, ...]) -> type[Schema]:
    """``{"en": {field: …}, "az": {…}, "tr": {…}}``: what was entered per language."""
    texts = create_model(
        f"{name}Texts", __base__=Schema, **dict.fromkeys(fields, (str | None, None))
    )
    return create_model(
        f"{name}Translations", __base__=Schema, **dict.fromkeys(LANGUAGES, (texts, ...))
    )


def translations(obj, fields: tuple[str, ...]) -> dict[str, dict[str, str | None]]:
    """The stored value of each field in each language; ``None`` where none was entered."""
    return {
        language: {field: getattr(obj, f"{field}_{language}", None) or None for field in fields}
        for language in LANGUAGES
    }


NameTranslations = _translations_schema("Name", ("name",))
OrganisationTranslations = _translations_schema("Organisation", ("name", "description"))
ParkTranslations = _translations_schema("Park", ("name", "description"))
PartnershipTranslations = _translations_schema("Partnership", ("title", "summary", "scope"))
CommitmentTranslations = _translations_schema("Commitment", ("text", "target_unit"))


class TaxonomyOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request.")
    translations: NameTranslations

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("name",))


class OrganisationRef(Schema):
    slug: str
    name: str


class ParkRef(Schema):
    slug: str
    name: str


class PartnershipRef(Schema):
    slug: str
    title: str


class OrganisationOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request.")
    kind: Organisation.Kind
    kind_label: str
    country: str
    country_name: str
    city: str
    size: Organisation.Size | None
    website: str
    founded_year: int | None
    description: str
    sectors: list[TaxonomyOut]
    url: str = Field(description="The organisation's page.")
    translations: OrganisationTranslations

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_size(obj):
        return obj.size or None

    @staticmethod
    def resolve_sectors(obj):
        return obj.sectors.all()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("name", "description"))


class OrganisationDetailOut(OrganisationOut):
    technology_areas: list[TaxonomyOut]
    contacts_visible: bool = Field(description="Whether you may see the contact details.")
    email: str | None = Field(description="Only for members, partners and staff.")
    phone: str | None = Field(description="Only for members, partners and staff.")

    @staticmethod
    def resolve_technology_areas(obj):
        return obj.technology_areas.all()

    @staticmethod
    def resolve_email(obj):
        return (obj.email or None) if obj.contacts_visible else None

    @staticmethod
    def resolve_phone(obj):
        return (obj.phone or None) if obj.contacts_visible else None


class PersonMembershipOut(Schema):
    organisation: OrganisationRef
    title: str = Field(description="Job title.")


class PersonOut(Schema):
    id: int
    name: str = Field(description="First and last name; empty if none was entered.")
    headline: str
    country: str
    country_name: str
    city: str
    expertise: list[str] = Field(description="Keywords.")
    languages: list[str] = Field(description="ISO 639-1 codes.")
    organisations: list[PersonMembershipOut]
    url: str = Field(description="The person's page.")

    @staticmethod
    def resolve_name(obj):
        # Not ``full_name``: it falls back to the start of the e-mail address.
        return obj.get_full_name()

    @staticmethod
    def resolve_expertise(obj):
        return obj.expertise_keywords

    @staticmethod
    def resolve_languages(obj):
        return [code for code in (obj.languages or []) if isinstance(code, str)]

    @staticmethod
    def resolve_organisations(obj):
        return obj.public_memberships

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class PersonDetailOut(PersonOut):
    contacts_visible: bool = Field(description="Whether you may see the contact details.")
    email: str | None = Field(description="Only for the person, colleagues and staff.")
    phone: str | None = Field(description="Only for the person, colleagues and staff.")

    @staticmethod
    def resolve_organisations(obj):
        return obj.visible_memberships

    @staticmethod
    def resolve_email(obj):
        return (obj.email or None) if obj.contacts_visible else None

    @staticmethod
    def resolve_phone(obj):
        return (obj.phone or None) if obj.contacts_visible else None


class SiteOut(Schema):
    id: int
    name: str
    address: str
    latitude: float | None
    longitude: float | None


class ParkOut(Schema):
    slug: str
    name: str = Field(description="In the language of the request.")
    kind: Park.Kind
    kind_label: str
    status: Park.Status
    status_label: str
    operator: OrganisationRef
    country: str
    country_name: str
    city: str
    region: str
    time_zone: str
    opened_year: int | None
    area_hectares: float | None
    website: str
    description: str
    resident_count: int = Field(description="Companies with an active residency.")
    url: str = Field(description="The park's page.")
    translations: ParkTranslations

    @staticmethod
    def resolve_kind_label(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("name", "description"))


class ParkDetailOut(ParkOut):
    sites: list[SiteOut]
    established_by: PartnershipRef | None = Field(
        description="The partnership the park was established under, if you may see it."
    )

    @staticmethod
    def resolve_sites(obj):
        return obj.sites.all()

    @staticmethod
    def resolve_established_by(obj):
        return obj.visible_partnership


class ResidencyOut(Schema):
    id: int
    company: OrganisationRef
    park: ParkRef
    status: Residency.Status
    status_label: str
    applied_on: datetime.date
    start_date: datetime.date | None
    end_date: datetime.date | None
    notes: str | None = Field(description="Internal notes; only for the park's managers.")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_notes(obj, context):
        request = context["request"]
        return obj.notes if _may_change_residency(request, obj) else None


class PartyOut(Schema):
    organisation: OrganisationRef
    country: str
    role: str
    role_label: str
    signed_by: str

    @staticmethod
    def resolve_country(obj):
        return obj.organisation.country

    @staticmethod
    def resolve_role_label(obj):
        return obj.get_role_display()


class CommitmentOut(Schema):
    code: str
    position: int
    text: str = Field(description="In the language of the request.")
    target_per_year: int | None
    target_unit: str
    translations: CommitmentTranslations

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("text", "target_unit"))


class DocumentOut(Schema):
    id: int
    title: str
    language: str
    size: int = Field(description="Bytes.")
    content_type: str


class PartnershipOut(Schema):
    slug: str
    title: str = Field(description="In the language of the request.")
    summary: str
    status: Partnership.Status
    status_label: str
    signed_on: datetime.date | None
    signed_at_place: str
    valid_until: datetime.date | None
    parties: list[OrganisationRef]
    url: str = Field(description="The partnership's page.")
    translations: PartnershipTranslations

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_parties(obj):
        return obj.parties.all()

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, ("title", "summary", "scope"))


class PartnershipDetailOut(PartnershipOut):
    scope: str
    parties: list[PartyOut]
    commitments: list[CommitmentOut]
    documents: list[DocumentOut]
    parks: list[ParkRef] = Field(description="Parks established under the partnership.")

    @staticmethod
    def resolve_parties(obj):
        roles = list(PartnershipParty.Role.values)
        return sorted(
            obj.party_links.all(),
            key=lambda link: (roles.index(link.role), link.organisation.name, link.pk),
        )

    @staticmethod
    def resolve_commitments(obj):
        return obj.commitments.all()

    @staticmethod
    def resolve_documents(obj):
        return obj.visible_documents

    @staticmethod
    def resolve_parks(obj):
        return obj.visible_parks


class MyMembershipOut(Schema):
    organisation: OrganisationRef
    role: str
    role_label: str
    title: str

    @staticmethod
    def resolve_role_label(obj):
        return obj.get_role_display()


class MeOut(Schema):
    id: int
    email: str
    name: str
    first_name: str
    last_name: str
    headline: str
    country: str
    city: str
    phone: str
    languages: list[str]
    expertise: list[str]
    preferred_language: str
    is_staff: bool
    authenticated_by: str = Field(description="“token” or “session”.")
    memberships: list[MyMembershipOut]

    @staticmethod
    def resolve_name(obj):
        return obj.full_name

    @staticmethod
    def resolve_expertise(obj):
        return obj.expertise_keywords

    @staticmethod
    def resolve_memberships(obj):
        return obj.memberships.select_related("organisation").order_by(
            translated_order("organisation__name"), "pk"
        )

    @staticmethod
    def resolve_authenticated_by(obj, context):
        return getattr(context["request"], "korpu_auth_method", None) or "session"


# --- permission helpers that work for whole lists ------------------------------------
def _may_change_residency(request: HttpRequest, residency: Residency) -> bool:
    """``directory.change_residency`` (park manager or staff) without a query per row.

    Same answer as the rule in :mod:`korpu.directory.rules`; the organisations the
    user manages are looked up once per request.
    """
    user = viewer(request)
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_staff:
        return True
    managed = getattr(request, "_korpu_managed_organisations", None)
    if managed is None:
        managed = set(
            user.memberships.filter(role__in=MANAGING_ROLES).values_list(
                "organisation_id", flat=True
            )
        )
        request._korpu_managed_organisations = managed
    return residency.park.operator_id in managed


# --- endpoints ---------------------------------------------------------------------------
router = Router()


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    tags=["organisations"],
    summary="List organisations",
)
@paginate(PageNumber)
def list_organisations(request, filters: Query[OrganisationFilters]):
    user = viewer(request)
    park = filters.park
    if park and not queries.visible_parks(user).filter(slug=park).exists():
        # Residents of a park you may not see are not revealed through the filter.
        return Organisation.objects.none()
    return queries.organisation_list(
        user,
        search=filters.q or "",
        kind=filters.kind or "",
        country=filters.country or "",
        sector=filters.sector or "",
        park=park or "",
    )


@router.get(
    "/organisations/{slug:slug}",
    response=OrganisationDetailOut,
    tags=["organisations"],
    summary="One organisation",
)
def get_organisation(request, slug: str):
    user = viewer(request)
    organisation = get_object_or_404(
        queries.visible_organisations(user).prefetch_related("sectors", "technology_areas"),
        slug=slug,
    )
    organisation.contacts_visible = user.has_perm(
        "directory.view_organisation_contacts", organisation
    )
    return organisation


@router.get("/people", response=list[PersonOut], tags=["people"], summary="List people")
@paginate(PageNumber)
def list_people(request, filters: Query[PeopleFilters]):
    user = viewer(request)
    organisation = filters.organisation
    if organisation and not queries.visible_organisations(user).filter(slug=organisation).exists():
        # Membership of an organisation you may not see is not revealed through the filter.
        return Person.objects.none()
    return queries.people_list(
        user,
        search=filters.q or "",
        country=filters.country or "",
        organisation=organisation or "",
    )


@router.get(
    "/people/{int:person_id}", response=PersonDetailOut, tags=["people"], summary="One person"
)
def get_person(request, person_id: int):
    user = viewer(request)
    person = get_object_or_404(queries.visible_people(user), pk=person_id)
    person.visible_memberships = list(
        person.memberships.select_related("organisation")
        .filter(organisation__in=queries.visible_organisations(user))
        .order_by(translated_order("organisation__name"), "pk")
    )
    person.contacts_visible = user.has_perm("directory.view_person_contacts", person)
    return person


@router.get("/parks", response=list[ParkOut], tags=["parks"], summary="List parks")
@paginate(PageNumber)
def list_parks(request, filters: Query[ParkFilters]):
    parks = queries.park_list(viewer(request))
    if filters.q:
        q = filters.q
        parks = parks.filter(translated_contains("name", q) | Q(city__icontains=q))
    if filters.kind:
        parks = parks.filter(kind=filters.kind)
    if filters.status:
        parks = parks.filter(status=filters.status)
    if filters.country:
        parks = parks.filter(country=filters.country.upper())
    return parks.order_by(translated_order("name"), "pk")


def _visible_park(request, slug: str) -> Park:
    return get_object_or_404(queries.park_list(viewer(request)), slug=slug)


@router.get("/parks/{slug:slug}", response=ParkDetailOut, tags=["parks"], summary="One park")
def get_park(request, slug: str):
    user = viewer(request)
    park = _visible_park(request, slug)
    park.visible_partnership = (
        queries.visible_partnerships(user).filter(pk=park.established_by_id).first()
        if park.established_by_id
        else None
    )
    return park


@router.get(
    "/parks/{slug:slug}/residencies",
    response=list[ResidencyOut],
    tags=["parks", "residencies"],
    summary="Residents of a park",
)
@paginate(PageNumber)
def list_park_residencies(request, slug: str, filters: Query[ParkResidencyFilters]):
    park = _visible_park(request, slug)
    return queries.park_residents(
        viewer(request), park, status=filters.status or "", sector=filters.sector or ""
    )


@router.get(
    "/residencies", response=list[ResidencyOut], tags=["residencies"], summary="List residencies"
)
@paginate(PageNumber)
def list_residencies(request, filters: Query[ResidencyFilters]):
    residencies = queries.visible_residencies(viewer(request))
    if filters.park:
        residencies = residencies.filter(park__slug=filters.park)
    if filters.status:
        residencies = residencies.filter(status=filters.status)
    if filters.company:
        residencies = residencies.filter(company__slug=filters.company)
    return residencies.order_by(
        translated_order("park__name"), translated_order("company__name"), "pk"
    )


@router.get(
    "/partnerships",
    response=list[PartnershipOut],
    tags=["partnerships"],
    summary="List partnerships",
)
@paginate(PageNumber)
def list_partnerships(request, filters: Query[PartnershipFilters]):
    partnerships = queries.partnership_list(viewer(request))
    if filters.q:
        q = filters.q
        partnerships = partnerships.filter(translated_contains("title", q))
    if filters.status:
        partnerships = partnerships.filter(status=filters.status)
    return partnerships


@router.get(
    "/partnerships/{slug:slug}",
    response=PartnershipDetailOut,
    tags=["partnerships"],
    summary="One partnership",
)
def get_partnership(request, slug: str):
    user = viewer(request)
    partnership = get_object_or_404(queries.visible_partnerships(user), slug=slug)
    partnership = queries.partnership_detail(partnership)
    partnership.visible_documents = list(
        queries.visible_documents(user, partnership).order_by("title", "pk")
    )
    partnership.visible_parks = list(
        queries.visible_parks(user)
        .filter(established_by=partnership)
        .order_by(translated_order("name"), "pk")
    )
    return partnership


def _taxonomy(model, filters: TaxonomyFilters) -> QuerySet:
    items = model.objects.all()
    if filters.q:
        q = filters.q
        items = items.filter(translated_contains("name", q) | Q(slug__icontains=q))
    return items.order_by(translated_order("name"), "pk")


@router.get("/sectors", response=list[TaxonomyOut], tags=["taxonomies"], summary="List sectors")
@paginate(PageNumber)
def list_sectors(request, filters: Query[TaxonomyFilters]):
    return _taxonomy(Sector, filters)


@router.get(
    "/technology-areas",
    response=list[TaxonomyOut],
    tags=["taxonomies"],
    summary="List technology areas",
)
@paginate(PageNumber)
def list_technology_areas(request, filters: Query[TaxonomyFilters]):
    return _taxonomy(TechnologyArea, filters)


@router.get("/me", response=MeOut, auth=AUTH_REQUIRED, tags=["me"], summary="Who you are")
def get_me(request):
    return viewer(request)
