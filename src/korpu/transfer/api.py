"""The technology-transfer API under ``/api/v1/transfer/``: published profiles to list,
search and match; one's own profiles and their review; expressions of interest; deals.

It follows the conventions of the whole API (:mod:`korpu.directory.api`): reads accept a
token, the browser session or nobody (published profiles only); what is one's own
(``/transfer/my/…``, interests, deals) and every write need a token or a signed-in
session with CSRF. Something you may not see answers 404 exactly like something that
does not exist (a draft never answers 403); something you see but may not do answers
403; a refused change answers 422 with the reasons, or 409 with the code for a conflict
with the current state (``stale``, ``already_requested``).

Anonymity: the other side of a profile or an expression of interest is only ever shown
through :func:`korpu.transfer.queries.owner_view` and
:func:`korpu.transfer.queries.interested_view`: country, kind and size, and the name,
short address and website only when :mod:`korpu.transfer.rules` discloses them. No
response carries an e-mail address or a phone number of the other side.
"""

import datetime
import json
from decimal import Decimal
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import field_validator

from korpu.common.i18n import country_name
from korpu.directory import queries as directory_queries
from korpu.directory.api import (
    AUTH_REQUIRED,
    WRITE_AUTH,
    Filters,
    OrganisationRef,
    PageNumber,
    _translations_schema,
    invalid_input,
    refused,
    translations,
    viewer,
)
from korpu.directory.models import Organisation
from korpu.directory.rules import is_staff

from . import queries, screening, services
from . import rules as perms
from .models import (
    KEYWORD_LIMIT,
    SUMMARY_LIMIT,
    Deal,
    DealDocument,
    ExpressionOfInterest,
    Keyword,
    Profile,
)

router = Router(tags=["Technology transfer"])

Language = Literal["en", "az", "tr"]
TEXT_FIELDS = ("title", "summary", "description", "advantages", "technical_specification")
LONG_TEXT = 20000
SLUG = r"^[-a-zA-Z0-9_]+$"
COUNTRY = r"^[A-Za-z]{2}$"
# A free-text search ranks this many published profiles; filters and pages apply to them.
SEARCH_DEPTH = 200


def _no_nul(value):
    """PostgreSQL refuses NUL characters in text: they never mean anything here."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    return value


# --- schemas: what is shown -----------------------------------------------------------------
class TransferChoiceOut(Schema):
    code: str
    name: str = Field(description="In the language of the request.")


class TransferPartyOut(Schema):
    """An organisation on the other side: its name only once it is disclosed."""

    disclosed: bool = Field(
        description="Whether you may know who it is (an open profile, or an accepted "
        "expression of interest); until then only country, kind and size."
    )
    country: str
    country_name: str
    kind: str
    kind_label: str
    size: str | None
    size_label: str | None
    name: str | None = Field(description="Only when disclosed.")
    slug: str | None = Field(description="Short address in the directory; only when disclosed.")
    website: str | None = Field(description="Only when disclosed.")

    @staticmethod
    def resolve_size(obj):
        return obj.size or None

    @staticmethod
    def resolve_size_label(obj):
        return obj.size_label or None

    @staticmethod
    def resolve_name(obj):
        return (obj.name or None) if obj.disclosed else None

    @staticmethod
    def resolve_slug(obj):
        return (obj.slug or None) if obj.disclosed else None

    @staticmethod
    def resolve_website(obj):
        return (obj.website or None) if obj.disclosed else None


def _shown_language(profile: Profile) -> str:
    """The language of the request if the profile has its title and summary in it, else the
    language it was written in."""
    wanted = (get_language() or "en")[:2]
    if wanted != profile.language and all(
        getattr(profile, f"{field}_{wanted}", "") for field in ("title", "summary")
    ):
        return wanted
    return profile.language


def _text(profile: Profile, field: str) -> str:
    shown = _shown_language(profile)
    return (
        getattr(profile, f"{field}_{shown}", "")
        or getattr(profile, f"{field}_{profile.language}", "")
        or ""
    )


def _choices(values, enum) -> list[dict]:
    labels = dict(enum.choices)
    return [{"code": value, "name": str(labels.get(value, value))} for value in values or []]


def _owner(context, profile: Profile):
    """What the caller may see of a profile's owner (:class:`queries.OwnerViews`, one per
    request, so a long list costs two queries rather than several per row)."""
    request = context["request"]
    views = getattr(request, "_korpu_owner_views", None)
    if views is None:
        views = request._korpu_owner_views = queries.OwnerViews(viewer(request))
    return views(profile)


class TransferProfileOut(Schema):
    id: int
    reference: str | None = Field(description="EEN-style: type, country, date, number.")
    type: Profile.Type
    type_label: str
    status: Profile.Status
    language: str = Field(description="The language the profile was written in.")
    text_language: str = Field(
        description="The language of title, summary and description below: the one of the "
        "request where the profile has a translation, else the original."
    )
    title: str
    summary: str
    description: str
    stage: Profile.Stage
    stage_label: str
    ipr_status: Profile.IPR
    ipr_status_label: str
    keywords: list[TransferChoiceOut] = Field(description="Technology and market keywords.")
    partnership_types: list[TransferChoiceOut]
    countries_of_interest: list[TransferChoiceOut]
    owner: TransferPartyOut
    published_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    url: str = Field(description="The profile's page.")

    @staticmethod
    def resolve_type_label(obj):
        return obj.get_type_display()

    @staticmethod
    def resolve_text_language(obj):
        return _shown_language(obj)

    @staticmethod
    def resolve_title(obj):
        return _text(obj, "title")

    @staticmethod
    def resolve_summary(obj):
        return _text(obj, "summary")

    @staticmethod
    def resolve_description(obj):
        return _text(obj, "description")

    @staticmethod
    def resolve_stage_label(obj):
        return obj.get_stage_display()

    @staticmethod
    def resolve_ipr_status_label(obj):
        return obj.get_ipr_status_display()

    @staticmethod
    def resolve_keywords(obj):
        return [{"code": k.code, "name": k.name} for k in obj.keywords.all()]

    @staticmethod
    def resolve_partnership_types(obj):
        return _choices(obj.partnership_types, Profile.Partnership)

    @staticmethod
    def resolve_countries_of_interest(obj):
        return [{"code": c, "name": country_name(c)} for c in obj.countries_of_interest or []]

    @staticmethod
    def resolve_owner(obj, context):
        return _owner(context, obj)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class TransferProfileItemOut(TransferProfileOut):
    score: float | None = Field(description="Relevance, for a search (``q``) or matches.")
    shared_keywords: list[TransferChoiceOut] = Field(
        description="Why it was found: common keywords."
    )
    matched_terms: list[str] = Field(description="Why it was found: words in common.")
    reasons: list[str] = Field(description="The same, in words.")

    @staticmethod
    def resolve_score(obj):
        match = getattr(obj, "match", None)
        return round(float(match.score), 4) if match is not None else None

    @staticmethod
    def resolve_shared_keywords(obj):
        return getattr(obj, "match_keywords", [])

    @staticmethod
    def resolve_matched_terms(obj):
        match = getattr(obj, "match", None)
        return list(match.matched_terms) if match is not None else []

    @staticmethod
    def resolve_reasons(obj):
        return getattr(obj, "match_reasons", [])


ProfileTranslations = _translations_schema("TransferProfile", TEXT_FIELDS)


class TransferFlagOut(Schema):
    kind: str
    kind_label: str
    field: str
    text: str


class TransferManagementOut(Schema):
    """What the owner, the reviewing intermediary and staff see of a profile."""

    is_anonymous: bool
    intermediary: OrganisationRef
    review_note: str = Field(description="What the reviewer asked to change.")
    flags: list[TransferFlagOut] = Field(description="What screening found for the reviewer.")
    interests: dict[str, int] = Field(description="Expressions of interest by status.")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    submitted_at: datetime.datetime | None
    extensions: int
    can_be_extended: bool

    @staticmethod
    def resolve_flags(obj):
        return [
            {
                "kind": flag.get("kind", ""),
                "kind_label": screening.describe(flag.get("kind", "")),
                "field": flag.get("field", ""),
                "text": flag.get("text", ""),
            }
            for flag in obj.flags or []
            if isinstance(flag, dict)
        ]

    @staticmethod
    def resolve_interests(obj):
        return queries.interest_counts(obj)


class TransferProfileDetailOut(TransferProfileOut):
    advantages: str
    technical_specification: str
    ipr_notes: str
    partner_kinds: list[TransferChoiceOut]
    partner_sizes: list[TransferChoiceOut]
    partner_role: str
    funding_programme: str
    call_identifier: str
    eoi_deadline: datetime.date | None
    translations: ProfileTranslations = Field(description="The texts as entered per language.")
    management: TransferManagementOut | None = Field(
        description="Status details for the owner, the reviewing intermediary and staff."
    )

    @staticmethod
    def resolve_advantages(obj):
        return _text(obj, "advantages")

    @staticmethod
    def resolve_technical_specification(obj):
        return _text(obj, "technical_specification")

    @staticmethod
    def resolve_partner_kinds(obj):
        return _choices(obj.partner_kinds, Profile.PartnerKind)

    @staticmethod
    def resolve_partner_sizes(obj):
        return _choices(obj.partner_sizes, Profile.PartnerSize)

    @staticmethod
    def resolve_translations(obj):
        return translations(obj, TEXT_FIELDS)

    @staticmethod
    def resolve_management(obj, context):
        return obj if _manages(viewer(context["request"]), obj) else None


class TransferProfileRefOut(Schema):
    id: int
    reference: str | None
    type: Profile.Type
    title: str

    @staticmethod
    def resolve_title(obj):
        return _text(obj, "title")


class TransferInterestOut(Schema):
    id: int
    status: ExpressionOfInterest.Status
    status_label: str
    profile: TransferProfileRefOut
    owner: TransferPartyOut = Field(description="The profile's owner, as far as you may know it.")
    company: TransferPartyOut = Field(
        description="The interested organisation, as far as you may know."
    )
    message: str
    offer: str
    intermediary_note: str
    decline_reason: str
    created_at: datetime.datetime
    forwarded_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    deal: int | None = Field(description="The deal opened for it, if any.")
    url: str = Field(description="The expression of interest's page.")

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_owner(obj, context):
        return _owner(context, obj.profile)

    @staticmethod
    def resolve_company(obj, context):
        return queries.interested_view(viewer(context["request"]), obj)

    @staticmethod
    def resolve_url(obj):
        return reverse("transfer:interest", args=[obj.pk])

    @staticmethod
    def resolve_deal(obj):
        deal = getattr(obj, "deal", None)  # selected with the interest
        return deal.pk if deal is not None else None


class TransferInterestDetailOut(TransferInterestOut):
    actions: list[str] = Field(
        description="What you may do now: forward, reject, accept, decline, withdraw, deal."
    )

    @staticmethod
    def resolve_actions(obj, context):
        return _interest_actions(viewer(context["request"]), obj)


class TransferDocumentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int = Field(description="Bytes.")
    uploaded_at: datetime.datetime
    url: str = Field(description="Download on the site (for the parties, signed in).")

    @staticmethod
    def resolve_url(obj):
        return _document_url(obj)


class TransferDealOut(Schema):
    id: int
    title: str
    agreement_type: Deal.AgreementType
    agreement_type_label: str
    status: Deal.Status
    status_label: str
    profile: TransferProfileRefOut
    interest: int
    parties: list[TransferPartyOut] = Field(
        description="The owner, then the interested organisation."
    )
    signed_on: datetime.date | None
    effective_on: datetime.date | None
    expires_on: datetime.date | None
    remind_days_before: int
    value: Decimal | None
    currency: Deal.Currency
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str = Field(description="The deal's page.")

    @staticmethod
    def resolve_agreement_type_label(obj):
        return obj.get_agreement_type_display()

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_interest(obj):
        return obj.interest_id

    @staticmethod
    def resolve_parties(obj, context):
        user = viewer(context["request"])
        return [queries.owner_view(user, obj.profile), queries.interested_view(user, obj.interest)]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class TransferDealDetailOut(TransferDealOut):
    notes: str
    next_statuses: list[Deal.Status] = Field(description="Where the status may go from here.")
    documents: list[TransferDocumentOut]

    @staticmethod
    def resolve_next_statuses(obj):
        return sorted(Deal.TRANSITIONS.get(obj.status, set()))

    @staticmethod
    def resolve_documents(obj):
        return obj.documents.all()


# --- schemas: what is sent ------------------------------------------------------------------
class TransferTextsIn(Schema):
    """A profile's texts in one language; what is left out stays as it was."""

    title: str = Field(None, max_length=200)
    summary: str = Field(None, max_length=SUMMARY_LIMIT)
    description: str = Field(None, max_length=LONG_TEXT)
    advantages: str = Field(None, max_length=LONG_TEXT, description="Technology offers.")
    technical_specification: str = Field(
        None, max_length=LONG_TEXT, description="Technology requests."
    )

    _without_nul = field_validator(*TEXT_FIELDS)(_no_nul)


CountryCode = Annotated[str, Field(pattern=COUNTRY)]
KeywordCode = Annotated[str, Field(max_length=80, pattern=r"^[a-z0-9_.-]+$")]
TEXTS_DESCRIPTION = (
    "Texts per language: the profile's own language needs title, summary (at most "
    f"{SUMMARY_LIMIT} characters) and description; the others are optional translations."
)
KEYWORDS_DESCRIPTION = (
    f"Keyword codes of the taxonomy, at most {KEYWORD_LIMIT} technology and "
    f"{KEYWORD_LIMIT} market keywords."
)


class TransferProfileIn(Schema):
    owner: str = Field(
        max_length=80, pattern=SLUG, description="Short address of your organisation."
    )
    intermediary: str = Field(
        max_length=80,
        pattern=SLUG,
        description="Short address of the park or agency that reviews the profile.",
    )
    type: Profile.Type
    language: Language = Field(description="The language the profile is written in.")
    texts: dict[Language, TransferTextsIn] = Field(description=TEXTS_DESCRIPTION)
    stage: Profile.Stage
    ipr_status: Profile.IPR = Profile.IPR.NONE
    ipr_notes: str = Field("", max_length=300)
    keywords: list[KeywordCode] = Field(
        default_factory=list, max_length=2 * KEYWORD_LIMIT, description=KEYWORDS_DESCRIPTION
    )
    partnership_types: list[Profile.Partnership] = Field(default_factory=list, max_length=20)
    partner_kinds: list[Profile.PartnerKind] = Field(default_factory=list, max_length=20)
    partner_sizes: list[Profile.PartnerSize] = Field(default_factory=list, max_length=20)
    partner_role: str = Field("", max_length=LONG_TEXT)
    countries_of_interest: list[CountryCode] = Field(
        default_factory=list, max_length=250, description="ISO 3166 codes, e.g. AZ."
    )
    funding_programme: str = Field("", max_length=200, description="R&D cooperation requests.")
    call_identifier: str = Field("", max_length=200, description="R&D cooperation requests.")
    eoi_deadline: datetime.date | None = Field(None, description="R&D cooperation requests.")
    is_anonymous: bool = Field(
        True, description="Hide your name from visitors and other companies until you accept."
    )

    _without_nul = field_validator(
        "ipr_notes", "partner_role", "funding_programme", "call_identifier"
    )(_no_nul)


class TransferProfileChangeIn(Schema):
    """Only what is sent changes."""

    intermediary: str = Field(None, max_length=80, pattern=SLUG)
    type: Profile.Type = None
    language: Language = None
    texts: dict[Language, TransferTextsIn] = Field(None, description=TEXTS_DESCRIPTION)
    stage: Profile.Stage = None
    ipr_status: Profile.IPR = None
    ipr_notes: str = Field(None, max_length=300)
    keywords: list[KeywordCode] = Field(
        None, max_length=2 * KEYWORD_LIMIT, description=KEYWORDS_DESCRIPTION
    )
    partnership_types: list[Profile.Partnership] = Field(None, max_length=20)
    partner_kinds: list[Profile.PartnerKind] = Field(None, max_length=20)
    partner_sizes: list[Profile.PartnerSize] = Field(None, max_length=20)
    partner_role: str = Field(None, max_length=LONG_TEXT)
    countries_of_interest: list[CountryCode] = Field(None, max_length=250)
    funding_programme: str = Field(None, max_length=200)
    call_identifier: str = Field(None, max_length=200)
    eoi_deadline: datetime.date | None = None
    is_anonymous: bool = None

    _without_nul = field_validator(
        "ipr_notes", "partner_role", "funding_programme", "call_identifier"
    )(_no_nul)


class TransferNoteIn(Schema):
    note: str = Field("", max_length=services.MESSAGE_LIMIT)

    _without_nul = field_validator("note")(_no_nul)


class TransferReasonIn(Schema):
    reason: str = Field("", max_length=services.MESSAGE_LIMIT)

    _without_nul = field_validator("reason")(_no_nul)


class TransferInterestIn(Schema):
    company: str = Field(
        max_length=80, pattern=SLUG, description="Short address of your organisation."
    )
    message: str = Field(max_length=services.MESSAGE_LIMIT, description="Why you are interested.")
    offer: str = Field("", max_length=services.MESSAGE_LIMIT, description="What you offer.")

    _without_nul = field_validator("message", "offer")(_no_nul)


class TransferDealIn(Schema):
    title: str = Field(None, max_length=200, description="Empty: the profile's title.")
    agreement_type: Deal.AgreementType
    signed_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    remind_days_before: int = Field(30, ge=1, le=365)
    value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: Deal.Currency = Deal.Currency.EUR
    notes: str = Field("", max_length=LONG_TEXT)

    _without_nul = field_validator("title", "notes")(_no_nul)


class TransferDealChangeIn(Schema):
    """Only what is sent changes."""

    status: Deal.Status = None
    title: str = Field(None, min_length=1, max_length=200)
    agreement_type: Deal.AgreementType = None
    signed_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    expires_on: datetime.date | None = None
    remind_days_before: int = Field(None, ge=1, le=365)
    value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    currency: Deal.Currency = None
    notes: str = Field(None, max_length=LONG_TEXT)

    _without_nul = field_validator("title", "notes")(_no_nul)


# --- filters --------------------------------------------------------------------------------
class TransferProfileFilters(Filters):
    q: str | None = Field(
        None,
        max_length=200,
        description="Free text in English, Azerbaijani or Turkish; finds profiles written in "
        "any of them, best first.",
    )
    q_language: Language | None = Field(
        None, description="The language of ``q``, if known (it helps to analyse the words)."
    )
    type: Profile.Type | None = None
    keyword: str | None = Field(
        None, max_length=80, description="Keyword code; an area includes its topics."
    )
    country: str | None = Field(None, pattern=COUNTRY, description="The owner's country, e.g. TR.")


class TransferMyProfileFilters(Filters):
    status: Profile.Status | None = None
    type: Profile.Type | None = None


class TransferInterestFilters(Filters):
    box: Literal["sent", "received", "to_forward"] | None = Field(
        None,
        description="sent: by your organisations; received: in your profiles (once "
        "forwarded); to_forward: waiting for your park or agency. Empty: all three.",
    )
    status: ExpressionOfInterest.Status | None = None


class TransferDealFilters(Filters):
    status: Deal.Status | None = None


# --- helpers --------------------------------------------------------------------------------
def _object_body(request) -> None:
    """django-ninja reads a body that is JSON but not an object (``[1, 2]``, ``"x"``) as one
    without fields, which a change where every field is optional would take for "change
    nothing": answer 422 instead."""
    try:
        data = json.loads(request.body) if request.body else {}
    except ValueError:
        return  # not JSON at all: django-ninja answers it
    if not isinstance(data, dict):
        raise invalid_input((("body", "payload"), _("Send a JSON object.")))


def _manages(user, profile: Profile) -> bool:
    return (
        perms.is_owner_member(user, profile)
        or perms.is_intermediary_member(user, profile)
        or is_staff(user)
    )


def _visible_profile(request, profile_id: int) -> Profile:
    """A profile the caller may see; 404 otherwise, as if it did not exist."""
    user = viewer(request)
    profile = get_object_or_404(queries.visible_profiles(user), pk=profile_id)
    if not perms.can_view_profile(user, profile):
        raise Http404
    return profile


def _visible_interest(request, interest_id: int) -> ExpressionOfInterest:
    interest = get_object_or_404(
        ExpressionOfInterest.objects.select_related(
            "profile__owner", "profile__intermediary", "company", "deal"
        ),
        pk=interest_id,
    )
    if not perms.can_view_interest(viewer(request), interest):
        raise Http404
    return interest


def _visible_deal(request, deal_id: int) -> Deal:
    deal = get_object_or_404(_deals(queries.visible_deals(viewer(request))), pk=deal_id)
    if not perms.can_view_deal(viewer(request), deal):
        raise Http404
    return deal


def _deals(deals):
    return deals.select_related("profile__owner", "interest__company", "interest__profile")


def _organisation(request, slug: str, field: str, *, mine: bool):
    """An organisation by short address: one of the caller's (``mine``) or any the caller
    may see in the directory; 422 on the field otherwise, whether it exists or not."""
    user = viewer(request)
    if mine:
        found = Organisation.objects.filter(
            slug=slug, pk__in=directory_queries.organisation_ids_of(user)
        ).first()
        message = _("You are not a member of this organisation.")
    else:
        found = directory_queries.visible_organisations(user).filter(slug=slug).first()
        message = _("There is no such organisation.")
    if found is None:
        raise invalid_input((("body", "payload", field), message))
    return found


def _keywords(codes: list[str] | None):
    if codes is None:
        return None
    codes = list(dict.fromkeys(codes))
    found = {k.code: k for k in Keyword.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise invalid_input(
            (
                ("body", "payload", "keywords"),
                _("Unknown keywords: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        )
    return [found[code] for code in codes]


def _profile_values(request, payload: Schema, *, partial: bool) -> dict:
    """The service's keyword arguments from a request body (only what was sent, for a
    change)."""
    values = payload.dict(exclude_unset=partial)
    values.pop("owner", None)
    values.pop("keywords", None)
    if "intermediary" in values:
        values["intermediary"] = _organisation(
            request, values["intermediary"], "intermediary", mine=False
        )
    if "texts" in values:
        values["texts"] = {
            str(language): {k: v for k, v in (texts or {}).items() if v is not None}
            for language, texts in (values["texts"] or {}).items()
        }
    for name in ("partnership_types", "partner_kinds", "partner_sizes"):
        if name in values:
            values[name] = [str(v) for v in values[name]]
    if "countries_of_interest" in values:
        values["countries_of_interest"] = [c.upper() for c in values["countries_of_interest"]]
    for name in ("type", "stage", "ipr_status"):
        if values.get(name) is not None:
            values[name] = str(values[name])
    return values


def _attach_matches(found) -> list[Profile]:
    """Profiles from the matcher, each with its score and the reasons (keyword names looked
    up once for the whole list)."""
    # The matcher (numpy, the ranking core) loads when first searched, not with the API.

    codes = {code for _profile, match in found for code in match.shared_keywords}
    labels = queries.keyword_labels(codes) if codes else {}
    profiles = []
    for profile, match in found:
        profile.match = match
        shared = [{"code": c, "name": labels.get(c, c)} for c in match.shared_keywords]
        profile.match_keywords = shared
        reasons = []
        if shared:
            reasons.append(
                _("Shared keywords: %(keywords)s")
                % {"keywords": ", ".join(k["name"] for k in shared)}
            )
        if match.matched_terms:
            reasons.append(
                _("Matching words: %(terms)s") % {"terms": ", ".join(match.matched_terms)}
            )
        profile.match_reasons = reasons
        profiles.append(profile)
    return profiles


def _keyword_filter(code: str) -> Q:
    return Q(keywords__code=code) | Q(keywords__code__startswith=f"{code}.")


def _interest_actions(user, interest: ExpressionOfInterest) -> list[str]:
    status = interest.status
    actions = []
    if status == ExpressionOfInterest.Status.SUBMITTED and perms.can_forward_interest(
        user, interest
    ):
        actions += ["forward", "reject"]
    if status == ExpressionOfInterest.Status.FORWARDED and perms.can_answer_interest(
        user, interest
    ):
        actions += ["accept", "decline"]
    if interest.is_open and perms.is_interested_member(user, interest):
        actions.append("withdraw")
    if status == ExpressionOfInterest.Status.ACCEPTED and getattr(interest, "deal", None) is None:
        actions.append("deal")
    return actions


def _document_url(document: DealDocument) -> str:
    """The download address on the site (the page checks who may have the file)."""
    return reverse("transfer:deal_document", args=[document.deal_id, document.pk])


# --- published profiles ---------------------------------------------------------------------
@router.get(
    "/transfer/profiles",
    response=list[TransferProfileItemOut],
    summary="List and search published profiles",
    description=(
        "Anonymous profiles show the owner's country, kind and size only. With ``q`` the "
        "profiles are ranked by relevance, each with its score and the reasons."
    ),
)
@paginate(PageNumber)
def list_profiles(request, filters: Query[TransferProfileFilters]):
    if filters.q:
        from . import matching

        found = matching.search(
            filters.q,
            language=filters.q_language,
            types=[str(filters.type)] if filters.type else None,
            top=SEARCH_DEPTH,
        )
        if filters.keyword:
            wanted = filters.keyword
            found = [
                (p, m)
                for p, m in found
                if any(
                    k.code == wanted or k.code.startswith(f"{wanted}.") for k in p.keywords.all()
                )
            ]
        if filters.country:
            found = [(p, m) for p, m in found if p.owner.country == filters.country.upper()]
        if filters.type:
            found = [(p, m) for p, m in found if p.type == filters.type]
        return _attach_matches(found)
    profiles = queries.published_profiles()
    if filters.type:
        profiles = profiles.filter(type=filters.type)
    if filters.keyword:
        profiles = profiles.filter(
            pk__in=Profile.objects.filter(_keyword_filter(filters.keyword)).values("pk")
        )
    if filters.country:
        profiles = profiles.filter(owner__country=filters.country.upper())
    return profiles.order_by("-published_at", "-pk")


@router.get(
    "/transfer/profiles/{int:profile_id}",
    response=TransferProfileDetailOut,
    summary="One profile",
    description="Published profiles for everyone; drafts for the owner and the reviewer.",
)
def get_profile(request, profile_id: int):
    return _visible_profile(request, profile_id)


@router.get(
    "/transfer/profiles/{int:profile_id}/matches",
    response=list[TransferProfileItemOut],
    summary="Complementary published profiles, with the reasons",
    description="Requests find offers and offers requests (TR ↔ TO, BR ↔ BO, RDR ↔ TO/BO).",
)
def profile_matches(request, profile_id: int, limit: int = Query(10, ge=1, le=50)):
    from . import matching

    profile = _visible_profile(request, profile_id)
    return _attach_matches(matching.complementary(profile, top=limit))


# --- one's own profiles -----------------------------------------------------------------------
@router.get(
    "/transfer/my/profiles",
    response=list[TransferProfileDetailOut],
    auth=AUTH_REQUIRED,
    summary="The profiles of my organisations, any status",
)
@paginate(PageNumber)
def my_profiles(request, filters: Query[TransferMyProfileFilters]):
    profiles = queries.own_profiles(viewer(request)).prefetch_related("keywords")
    if filters.status:
        profiles = profiles.filter(status=filters.status)
    if filters.type:
        profiles = profiles.filter(type=filters.type)
    return profiles.order_by("-updated_at", "-pk")


@router.get(
    "/transfer/review/profiles",
    response=list[TransferProfileDetailOut],
    auth=AUTH_REQUIRED,
    summary="Profiles waiting for my park's or agency's review",
)
@paginate(PageNumber)
def review_queue(request):
    return (
        queries.review_queue(viewer(request))
        .prefetch_related("keywords")
        .order_by("submitted_at", "pk")
    )


@router.post(
    "/transfer/profiles",
    response={201: TransferProfileDetailOut},
    auth=WRITE_AUTH,
    summary="Write a draft profile for one of my organisations",
)
def create_profile(request, payload: TransferProfileIn):
    _object_body(request)
    owner = _organisation(request, payload.owner, "owner", mine=True)
    values = _profile_values(request, payload, partial=False)
    keywords = _keywords(payload.keywords)
    try:
        profile = services.create_profile(
            actor=viewer(request), owner=owner, keywords=keywords, **values
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _visible_profile(request, profile.pk))


@router.patch(
    "/transfer/profiles/{int:profile_id}",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Change a profile",
    description="A published profile that is changed goes back to the reviewer.",
)
def update_profile(request, profile_id: int, payload: TransferProfileChangeIn):
    _object_body(request)
    profile = _visible_profile(request, profile_id)
    values = _profile_values(request, payload, partial=True)
    keywords = _keywords(payload.keywords if "keywords" in payload.model_fields_set else None)
    try:
        services.update_profile(actor=viewer(request), profile=profile, keywords=keywords, **values)
    except DjangoValidationError as error:
        return refused(request, error)
    return _visible_profile(request, profile.pk)


def _profile_action(request, profile_id: int, action, **arguments):
    profile = _visible_profile(request, profile_id)
    try:
        action(actor=viewer(request), profile=profile, **arguments)
    except DjangoValidationError as error:
        return refused(request, error)
    return _visible_profile(request, profile.pk)


@router.post(
    "/transfer/profiles/{int:profile_id}/submit",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Send a draft to the reviewer",
)
def submit_profile(request, profile_id: int):
    return _profile_action(request, profile_id, services.submit_profile)


@router.post(
    "/transfer/profiles/{int:profile_id}/withdraw",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Take a profile off the marketplace",
)
def withdraw_profile(request, profile_id: int):
    return _profile_action(request, profile_id, services.withdraw_profile)


@router.post(
    "/transfer/profiles/{int:profile_id}/extend",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Extend a profile by twelve months (once)",
)
def extend_profile(request, profile_id: int):
    return _profile_action(request, profile_id, services.extend_profile)


@router.post(
    "/transfer/profiles/{int:profile_id}/publish",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Approve and publish a profile (the reviewing park or agency)",
)
def publish_profile(request, profile_id: int):
    return _profile_action(request, profile_id, services.publish_profile)


@router.post(
    "/transfer/profiles/{int:profile_id}/request-changes",
    response=TransferProfileDetailOut,
    auth=WRITE_AUTH,
    summary="Send a profile back to its owner with what to change (the reviewer)",
)
def request_changes(request, profile_id: int, payload: TransferNoteIn):
    _object_body(request)
    return _profile_action(request, profile_id, services.request_changes, note=payload.note)


# --- expressions of interest ----------------------------------------------------------------
@router.post(
    "/transfer/profiles/{int:profile_id}/interests",
    response={201: TransferInterestDetailOut},
    auth=WRITE_AUTH,
    summary="Express interest in a published profile",
    description="The reviewing park or agency forwards it to the owner; names stay hidden "
    "on both sides until the owner accepts. A second open one answers 409 already_requested.",
)
def express_interest(request, profile_id: int, payload: TransferInterestIn):
    _object_body(request)
    profile = _visible_profile(request, profile_id)
    company = _organisation(request, payload.company, "company", mine=True)
    try:
        interest = services.express_interest(
            actor=viewer(request),
            profile=profile,
            company=company,
            message=payload.message,
            offer=payload.offer,
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _visible_interest(request, interest.pk))


@router.get(
    "/transfer/interests",
    response=list[TransferInterestOut],
    auth=AUTH_REQUIRED,
    summary="Expressions of interest: sent, received, to forward",
)
@paginate(PageNumber)
def list_interests(request, filters: Query[TransferInterestFilters]):
    user = viewer(request)
    boxes = {
        "sent": queries.sent_interests,
        "received": queries.received_interests,
        "to_forward": queries.interests_to_forward,
    }
    chosen = [boxes[filters.box]] if filters.box else list(boxes.values())
    condition = Q(pk__in=[])
    for box in chosen:
        condition |= Q(pk__in=box(user).values("pk"))
    interests = ExpressionOfInterest.objects.filter(condition)
    if filters.status:
        interests = interests.filter(status=filters.status)
    return interests.select_related(
        "profile__owner", "profile__intermediary", "company", "deal"
    ).order_by("-created_at", "-pk")


@router.get(
    "/transfer/interests/{int:interest_id}",
    response=TransferInterestDetailOut,
    auth=AUTH_REQUIRED,
    summary="One expression of interest",
)
def get_interest(request, interest_id: int):
    return _visible_interest(request, interest_id)


def _interest_action(request, interest_id: int, action, **arguments):
    interest = _visible_interest(request, interest_id)
    try:
        action(actor=viewer(request), interest=interest, **arguments)
    except DjangoValidationError as error:
        return refused(request, error)
    return _visible_interest(request, interest.pk)


@router.post(
    "/transfer/interests/{int:interest_id}/forward",
    response=TransferInterestDetailOut,
    auth=WRITE_AUTH,
    summary="Forward to the owner (the reviewing park or agency)",
)
def forward_interest(request, interest_id: int, payload: TransferNoteIn):
    _object_body(request)
    return _interest_action(request, interest_id, services.forward_interest, note=payload.note)


@router.post(
    "/transfer/interests/{int:interest_id}/reject",
    response=TransferInterestDetailOut,
    auth=WRITE_AUTH,
    summary="Do not forward, saying why (the reviewing park or agency)",
)
def reject_interest(request, interest_id: int, payload: TransferNoteIn):
    _object_body(request)
    return _interest_action(request, interest_id, services.reject_interest, note=payload.note)


@router.post(
    "/transfer/interests/{int:interest_id}/accept",
    response=TransferInterestDetailOut,
    auth=WRITE_AUTH,
    summary="Accept (the owner): both sides learn who the other is",
)
def accept_interest(request, interest_id: int):
    return _interest_action(request, interest_id, services.answer_interest, accept=True)


@router.post(
    "/transfer/interests/{int:interest_id}/decline",
    response=TransferInterestDetailOut,
    auth=WRITE_AUTH,
    summary="Decline (the owner), with a reason",
)
def decline_interest(request, interest_id: int, payload: TransferReasonIn):
    _object_body(request)
    return _interest_action(
        request, interest_id, services.answer_interest, accept=False, reason=payload.reason
    )


@router.post(
    "/transfer/interests/{int:interest_id}/withdraw",
    response=TransferInterestDetailOut,
    auth=WRITE_AUTH,
    summary="Withdraw an open expression of interest (the interested organisation)",
)
def withdraw_interest(request, interest_id: int):
    return _interest_action(request, interest_id, services.withdraw_interest)


# --- deals ----------------------------------------------------------------------------------
@router.post(
    "/transfer/interests/{int:interest_id}/deal",
    response={201: TransferDealDetailOut},
    auth=WRITE_AUTH,
    summary="Open a deal for an accepted expression of interest",
)
def open_deal(request, interest_id: int, payload: TransferDealIn):
    _object_body(request)
    interest = _visible_interest(request, interest_id)
    values = payload.dict()
    if values.get("title") is None:
        values.pop("title", None)
    try:
        deal = services.open_deal(actor=viewer(request), interest=interest, **values)
    except DjangoValidationError as error:
        return refused(request, error)
    return Status(201, _visible_deal(request, deal.pk))


@router.get(
    "/transfer/deals",
    response=list[TransferDealOut],
    auth=AUTH_REQUIRED,
    summary="Deals my organisations are party to (or review)",
)
@paginate(PageNumber)
def list_deals(request, filters: Query[TransferDealFilters]):
    deals = _deals(queries.visible_deals(viewer(request)))
    if filters.status:
        deals = deals.filter(status=filters.status)
    return deals.order_by("-created_at", "-pk")


@router.get(
    "/transfer/deals/{int:deal_id}",
    response=TransferDealDetailOut,
    auth=AUTH_REQUIRED,
    summary="One deal, with its documents",
    description="Documents are uploaded and downloaded on the deal's page.",
)
def get_deal(request, deal_id: int):
    return _visible_deal(request, deal_id)


@router.patch(
    "/transfer/deals/{int:deal_id}",
    response=TransferDealDetailOut,
    auth=WRITE_AUTH,
    summary="Change a deal's terms or status",
    description="negotiating → signed or cancelled; signed → active, terminated or expired; "
    "active → terminated or expired.",
)
def update_deal(request, deal_id: int, payload: TransferDealChangeIn):
    _object_body(request)
    deal = _visible_deal(request, deal_id)
    values = payload.dict(exclude_unset=True)
    status = values.pop("status", None)
    try:
        services.update_deal(
            actor=viewer(request), deal=deal, status=str(status) if status else None, **values
        )
    except DjangoValidationError as error:
        return refused(request, error)
    return _visible_deal(request, deal.pk)
