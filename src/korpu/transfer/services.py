"""Every write in the technology-transfer marketplace: profiles and their review,
publication, expiry and extension; expressions of interest and their forwarding and
answers; deals and their documents; saved searches and alert digests.

Keyword-only functions; one transaction each; an audit entry; mail written to the outbox
in the same transaction. A refused change raises ``ValidationError`` with a translated
message and a code and writes nothing; acting without the right raises
``PermissionDenied``.

Anonymity: mail to the owner about an expression of interest describes the interested
company by country, kind and size only, and mail to an interested company describes
the owner the same way, until the owner accepts. Only then do both mails name names.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from korpu.common import audit
from korpu.common.notify import send_templated_mail
from korpu.common.validators import validate_document_upload
from korpu.directory.models import Organisation, Person
from korpu.events.services import person_language
from korpu.webhooks import services as webhooks

from . import rules as perms
from . import screening
from .models import (
    EXTENSIONS_ALLOWED,
    KEYWORD_LIMIT,
    SUMMARY_LIMIT,
    VALIDITY,
    AlertDelivery,
    Deal,
    DealDocument,
    ExpressionOfInterest,
    Keyword,
    Profile,
    SavedSearch,
)
from .queries import INTERMEDIARY_KINDS

logger = logging.getLogger(__name__)

Status = Profile.Status
InterestStatus = ExpressionOfInterest.Status

# The owner is reminded this long before the profile expires.
EXPIRY_NOTICE = datetime.timedelta(days=30)
TEXT_FIELDS = ("title", "summary", "description", "advantages", "technical_specification")
PROFILE_FIELDS = (
    "type",
    "language",
    "intermediary",
    "stage",
    "ipr_status",
    "ipr_notes",
    "partnership_types",
    "partner_kinds",
    "partner_sizes",
    "partner_role",
    "countries_of_interest",
    "funding_programme",
    "call_identifier",
    "eoi_deadline",
    "is_anonymous",
)
MESSAGE_LIMIT = 3000


def _refuse(message: str, code: str, field: str | None = None):
    error = ValidationError(message, code=code)
    raise ValidationError({field: error}) if field else error


def _members(organisation: Organisation):
    return Person.objects.filter(memberships__organisation=organisation, is_active=True).distinct()


def link(name: str, *args) -> str:
    return settings.KORPU_SITE_URL + reverse(f"transfer:{name}", args=args)


def _mail_members(organisation, template: str, **context) -> None:
    for person in _members(organisation):
        _mail_person(person, template, **context)


def _mail_person(person, template: str, **context) -> None:
    send_templated_mail(
        to=person.email,
        template=f"transfer/email/{template}",
        context={"person": person, "site_url": settings.KORPU_SITE_URL, **context},
        language=person_language(person),
    )


def _text(profile: Profile, field: str) -> str:
    """A text field in the profile's own language (the one that is required)."""
    return getattr(profile, f"{field}_{profile.language}", "") or ""


# --- the taxonomy --------------------------------------------------------------------------
def sync_keywords(entries: list[dict]) -> int:
    """Create or update the taxonomy from ``data/keywords.json`` entries (idempotent)."""
    with transaction.atomic():
        by_code = {}
        for entry in sorted(entries, key=lambda e: e["code"].count(".")):
            keyword, _created = Keyword.objects.update_or_create(
                code=entry["code"],
                defaults={
                    "kind": entry["kind"],
                    "name_en": entry["en"],
                    "name_az": entry["az"],
                    "name_tr": entry["tr"],
                    "parent": by_code.get(entry["code"].rsplit(".", 1)[0]),
                },
            )
            by_code[keyword.code] = keyword
    return len(by_code)


# --- profiles ------------------------------------------------------------------------------
def _check_profile(profile: Profile, keywords) -> None:
    errors: dict[str, list[ValidationError]] = {}

    def add(field, message, code):
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    if profile.language not in ("en", "az", "tr"):
        add("language", _("Choose English, Azerbaijani or Turkish."), "invalid_language")
    else:
        for field in ("title", "summary", "description"):
            if not _text(profile, field).strip():
                add(field, _("This field is required in the profile's language."), "required")
        if len(_text(profile, "summary")) > SUMMARY_LIMIT:
            add(
                "summary",
                _("The summary may have at most %(limit)d characters.") % {"limit": SUMMARY_LIMIT},
                "too_long",
            )
    if profile.intermediary_id and profile.intermediary.kind not in INTERMEDIARY_KINDS:
        add("intermediary", _("Choose a technology park or an agency."), "invalid_intermediary")
    if profile.intermediary_id and profile.intermediary_id == profile.owner_id:
        add("intermediary", _("A profile cannot be reviewed by its own owner."), "own_review")
    choices = {
        "partnership_types": Profile.Partnership.values,
        "partner_kinds": Profile.PartnerKind.values,
        "partner_sizes": Profile.PartnerSize.values,
    }
    for field, allowed in choices.items():
        values = getattr(profile, field) or []
        if not isinstance(values, list) or any(v not in allowed for v in values):
            add(field, _("Choose from the list."), "invalid_choice")
    countries = profile.countries_of_interest or []
    if not isinstance(countries, list) or any(
        not isinstance(c, str) or len(c) != 2 or not c.isalpha() for c in countries
    ):
        add("countries_of_interest", _("Use two-letter country codes."), "invalid_country")
    if profile.type != Profile.Type.RESEARCH_REQUEST and (
        profile.funding_programme or profile.call_identifier or profile.eoi_deadline
    ):
        add(
            "funding_programme",
            _("Funding programme, call and deadline belong to R&D cooperation requests."),
            "not_research",
        )
    if keywords is not None:
        for kind, label in Keyword.Kind.choices:
            picked = [k for k in keywords if k.kind == kind]
            if len(picked) > KEYWORD_LIMIT:
                add(
                    "keywords",
                    _("Choose at most %(limit)d %(kind)s keywords.")
                    % {"limit": KEYWORD_LIMIT, "kind": label},
                    "too_many_keywords",
                )
    try:
        profile.full_clean(
            exclude=["owner", "intermediary", "created_by", "keywords", "summary", "title"]
            + [f"{f}_{lang}" for f in TEXT_FIELDS for lang in ("en", "az", "tr")]
            + list(TEXT_FIELDS)
        )
    except ValidationError as error:
        for field, messages in error.error_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _assign(profile: Profile, values: dict) -> None:
    texts = values.pop("texts", None) or {}
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {', '.join(sorted(unknown))}")
    for name, value in values.items():
        setattr(profile, name, value)
    for language, fields in texts.items():
        if language not in ("en", "az", "tr"):
            continue
        for field, value in fields.items():
            if field in TEXT_FIELDS:
                setattr(profile, f"{field}_{language}", (value or "").strip())


def create_profile(*, actor, owner: Organisation, keywords=(), **values) -> Profile:
    """A draft profile of ``owner`` (a member writes it). ``texts`` holds the text fields
    per language: ``{"tr": {"title": …, "summary": …, "description": …}}``."""
    if not perms.is_signed_in(actor) or not actor.memberships.filter(organisation=owner).exists():
        raise PermissionDenied(_("Only members of the organisation may write its profiles."))
    profile = Profile(owner=owner, created_by=actor)
    _assign(profile, dict(values))
    keywords = list(keywords)
    _check_profile(profile, keywords)
    with transaction.atomic():
        profile.save()
        profile.keywords.set(keywords)
        audit.record(actor=actor, action="transfer.profile.create", obj=profile)
    return profile


def update_profile(*, actor, profile: Profile, keywords=None, **values) -> Profile:
    """Change a draft, a profile sent back for changes, or a published one (which then
    goes back to the intermediary for review, as EEN does)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if not perms.can_edit_profile(actor, profile):
            raise PermissionDenied(_("This profile cannot be changed now."))
        before = audit.snapshot(profile)
        _assign(profile, dict(values))
        keywords = list(keywords) if keywords is not None else None
        _check_profile(profile, keywords)
        was_published = profile.status == Status.PUBLISHED
        if was_published:
            profile.status = Status.UNDER_REVIEW
            profile.submitted_at = timezone.now()
            _screen(profile)
        profile.save()
        if keywords is not None:
            profile.keywords.set(keywords)
        audit.record(
            actor=actor,
            action="transfer.profile.update",
            obj=profile,
            changes=audit.diff(before, audit.snapshot(profile)),
        )
        if was_published:
            _mail_members(
                profile.intermediary,
                "profile_submitted",
                profile=profile,
                link=link("profile", profile.pk),
            )
    return profile


def _screen(profile: Profile) -> None:
    texts = {
        f"{field}_{language}": getattr(profile, f"{field}_{language}", "")
        for field in TEXT_FIELDS
        for language in ("en", "az", "tr")
    }
    names = [
        profile.owner.name_en,
        profile.owner.name_az,
        profile.owner.name_tr,
        profile.owner.name,
        profile.owner.slug.replace("-", " "),
    ]
    profile.flags = [flag.as_dict() for flag in screening.screen(texts, owner_names=names)]


def _new_reference(profile: Profile) -> str:
    prefix = f"{profile.type}{profile.owner.country or 'XX'}{timezone.now():%Y%m%d}"
    taken = Profile.objects.filter(reference__startswith=prefix).count()
    return f"{prefix}{taken + 1:03d}"


def submit_profile(*, actor, profile: Profile) -> Profile:
    """Send a draft (or a changed profile) to the intermediary for review. The profile gets
    its reference (EEN's style: type, country, date, number) and is screened for what
    the guidelines forbid."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return _submit(actor=actor, profile=profile)
        except IntegrityError:
            # Two profiles submitted at once took the same number: take the next one.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _submit(*, actor, profile: Profile) -> Profile:
    profile = Profile.objects.select_for_update().select_related("owner").get(pk=profile.pk)
    if not perms.is_owner_member(actor, profile):
        raise PermissionDenied(_("Only members of the owner may submit its profile."))
    if profile.status not in (Status.DRAFT, Status.CHANGES_REQUESTED):
        _refuse(_("Only a draft or a profile sent back for changes can be submitted."), "stale")
    _check_profile(profile, list(profile.keywords.all()))
    if not profile.reference:
        profile.reference = _new_reference(profile)
    profile.status = Status.UNDER_REVIEW
    profile.submitted_at = timezone.now()
    _screen(profile)
    profile.save()
    audit.record(
        actor=actor,
        action="transfer.profile.submit",
        obj=profile,
        changes={"status": ["draft", "under_review"], "flags": [None, profile.flags]},
    )
    _mail_members(
        profile.intermediary, "profile_submitted", profile=profile, link=link("profile", profile.pk)
    )
    return profile


def _review(actor, profile: Profile) -> Profile:
    profile = Profile.objects.select_for_update().select_related("owner").get(pk=profile.pk)
    if not perms.can_review_profile(actor, profile):
        raise PermissionDenied(_("Only the reviewing park or agency may do this."))
    if profile.status != Status.UNDER_REVIEW:
        _refuse(_("This profile is not waiting for review."), "stale")
    return profile


def request_changes(*, actor, profile: Profile, note: str) -> Profile:
    """The intermediary sends the profile back to its owner with what to change."""
    note = (note or "").strip()
    if not note:
        _refuse(_("Say what should be changed."), "required", "note")
    with transaction.atomic():
        profile = _review(actor, profile)
        profile.status = Status.CHANGES_REQUESTED
        profile.review_note = note[:MESSAGE_LIMIT]
        profile.save(update_fields=["status", "review_note", "updated_at"])
        audit.record(
            actor=actor,
            action="transfer.profile.request_changes",
            obj=profile,
            changes={"status": ["under_review", "changes_requested"], "note": [None, note]},
        )
        _mail_members(
            profile.owner,
            "profile_changes_requested",
            profile=profile,
            note=profile.review_note,
            link=link("profile", profile.pk),
        )
    return profile


def publish_profile(*, actor, profile: Profile) -> Profile:
    """The intermediary approves: the profile is published for twelve months."""
    with transaction.atomic():
        profile = _review(actor, profile)
        now = timezone.now()
        profile.status = Status.PUBLISHED
        profile.published_at = profile.published_at or now
        profile.expires_at = now + VALIDITY
        profile.review_note = ""
        profile.expiry_reminded_at = None
        profile.save()
        audit.record(
            actor=actor,
            action="transfer.profile.publish",
            obj=profile,
            changes={"status": ["under_review", "published"]},
        )
        _mail_members(
            profile.owner, "profile_published", profile=profile, link=link("profile", profile.pk)
        )
    return profile


def withdraw_profile(*, actor, profile: Profile) -> Profile:
    """The owner takes the profile off the marketplace (open interests are closed)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if not perms.is_owner_member(actor, profile):
            raise PermissionDenied(_("Only members of the owner may withdraw its profile."))
        if profile.status in (Status.WITHDRAWN, Status.ARCHIVED):
            _refuse(_("This profile is already off the marketplace."), "stale")
        before = profile.status
        profile.status = Status.WITHDRAWN
        profile.save(update_fields=["status", "updated_at"])
        closed = profile.interests.filter(status__in=ExpressionOfInterest.OPEN).update(
            status=InterestStatus.WITHDRAWN, decided_at=timezone.now()
        )
        audit.record(
            actor=actor,
            action="transfer.profile.withdraw",
            obj=profile,
            changes={"status": [before, "withdrawn"], "interests_closed": [0, closed]},
        )
    return profile


def extend_profile(*, actor, profile: Profile) -> Profile:
    """Another twelve months, once (a published profile near its end, or an expired one)."""
    with transaction.atomic():
        profile = Profile.objects.select_for_update().get(pk=profile.pk)
        if not perms.is_owner_member(actor, profile) and not perms.is_staff(actor):
            raise PermissionDenied(_("Only members of the owner may extend its profile."))
        if profile.status not in (Status.PUBLISHED, Status.EXPIRED):
            _refuse(_("Only a published or expired profile can be extended."), "stale")
        if profile.extensions >= EXTENSIONS_ALLOWED:
            _refuse(_("This profile has already been extended once."), "extended")
        now = timezone.now()
        before = (profile.status, profile.expires_at)
        start = max(now, profile.expires_at or now)
        profile.status = Status.PUBLISHED
        profile.expires_at = start + VALIDITY
        profile.extensions += 1
        profile.expiry_reminded_at = None
        profile.save()
        audit.record(
            actor=actor,
            action="transfer.profile.extend",
            obj=profile,
            changes={
                "status": [before[0], profile.status],
                "expires_at": [str(before[1]), str(profile.expires_at)],
            },
        )
    return profile


def expire_profiles(*, now=None) -> dict[str, int]:
    """Published profiles past their date expire (or, if already extended, are archived);
    owners are reminded a month before. Run by ``korpu transfer_tick``."""
    now = now or timezone.now()
    counts = {"reminded": 0, "expired": 0, "archived": 0}
    due = Profile.objects.filter(
        status=Status.PUBLISHED,
        expires_at__lte=now + EXPIRY_NOTICE,
        expires_at__gt=now,
        expiry_reminded_at__isnull=True,
    )
    for profile_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            profile = Profile.objects.select_for_update().select_related("owner").get(pk=profile_id)
            if profile.expiry_reminded_at or profile.status != Status.PUBLISHED:
                continue
            profile.expiry_reminded_at = now
            profile.save(update_fields=["expiry_reminded_at"])
            _mail_members(
                profile.owner,
                "profile_expiring",
                profile=profile,
                can_extend=profile.extensions < EXTENSIONS_ALLOWED,
                link=link("profile", profile.pk),
            )
            counts["reminded"] += 1
    for profile_id in Profile.objects.filter(
        status=Status.PUBLISHED, expires_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            profile = Profile.objects.select_for_update().select_related("owner").get(pk=profile_id)
            if profile.status != Status.PUBLISHED or profile.expires_at > now:
                continue
            archived = profile.extensions >= EXTENSIONS_ALLOWED
            profile.status = Status.ARCHIVED if archived else Status.EXPIRED
            profile.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=None,
                action="transfer.profile.archive" if archived else "transfer.profile.expire",
                obj=profile,
                changes={"status": ["published", profile.status]},
            )
            _mail_members(
                profile.owner,
                "profile_expired",
                profile=profile,
                archived=archived,
                link=link("profile", profile.pk),
            )
            counts["archived" if archived else "expired"] += 1
    return counts


# --- expressions of interest -----------------------------------------------------------
def express_interest(
    *, actor, profile: Profile, company: Organisation, message: str, offer: str = ""
) -> ExpressionOfInterest:
    """A company tells the intermediary why it is interested in a published profile."""
    message = (message or "").strip()
    offer = (offer or "").strip()
    if not perms.is_signed_in(actor) or not actor.memberships.filter(organisation=company).exists():
        raise PermissionDenied(_("You can only express interest for your own organisation."))
    if not message:
        _refuse(_("Say why you are interested."), "required", "message")
    if len(message) > MESSAGE_LIMIT or len(offer) > MESSAGE_LIMIT:
        _refuse(
            _("Keep each text under %(limit)d characters.") % {"limit": MESSAGE_LIMIT},
            "too_long",
            "message",
        )
    try:
        with transaction.atomic():
            profile = Profile.objects.select_for_update().select_related("owner").get(pk=profile.pk)
            if profile.status != Status.PUBLISHED:
                _refuse(_("This profile is not published."), "not_published")
            if profile.owner_id == company.pk:
                _refuse(_("This is your own organisation's profile."), "own_profile")
            if profile.eoi_deadline and timezone.localdate() > profile.eoi_deadline:
                _refuse(_("The deadline for expressions of interest has passed."), "closed")
            interest = ExpressionOfInterest.objects.create(
                profile=profile, company=company, author=actor, message=message, offer=offer
            )
            audit.record(actor=actor, action="transfer.interest.create", obj=interest)
            webhooks.interest_received(interest, recipient="intermediary")
            _mail_members(
                profile.intermediary,
                "interest_received",
                profile=profile,
                interest=interest,
                link=link("interest", interest.pk),
            )
    except IntegrityError:
        _refuse(
            _("Your organisation has already expressed interest in this profile."),
            "already_requested",
        )
    return interest


def _lock_interest(interest: ExpressionOfInterest) -> ExpressionOfInterest:
    return (
        ExpressionOfInterest.objects.select_for_update(of=("self",))
        .select_related("profile__owner", "profile__intermediary", "company")
        .get(pk=interest.pk)
    )


def forward_interest(*, actor, interest: ExpressionOfInterest, note: str = ""):
    """The intermediary passes the interest on to the owner (still without names)."""
    with transaction.atomic():
        interest = _lock_interest(interest)
        if not perms.can_forward_interest(actor, interest):
            raise PermissionDenied(_("Only the reviewing park or agency may forward interest."))
        if interest.status != InterestStatus.SUBMITTED:
            _refuse(_("This expression of interest is not waiting to be forwarded."), "stale")
        interest.status = InterestStatus.FORWARDED
        interest.forwarded_at = timezone.now()
        interest.forwarded_by = actor
        interest.intermediary_note = (note or "").strip()[:MESSAGE_LIMIT]
        interest.save()
        audit.record(
            actor=actor,
            action="transfer.interest.forward",
            obj=interest,
            changes={"status": ["submitted", "forwarded"]},
        )
        webhooks.interest_received(interest, recipient="owner")
        _mail_members(
            interest.profile.owner,
            "interest_forwarded",
            profile=interest.profile,
            interest=interest,
            link=link("interest", interest.pk),
        )
    return interest


def reject_interest(*, actor, interest: ExpressionOfInterest, note: str):
    """The intermediary does not forward an interest (spam, off-topic…), saying why."""
    note = (note or "").strip()
    if not note:
        _refuse(_("Say why it is not forwarded."), "required", "note")
    with transaction.atomic():
        interest = _lock_interest(interest)
        if not perms.can_forward_interest(actor, interest):
            raise PermissionDenied(_("Only the reviewing park or agency may do this."))
        if interest.status != InterestStatus.SUBMITTED:
            _refuse(_("This expression of interest is not waiting to be forwarded."), "stale")
        interest.status = InterestStatus.NOT_FORWARDED
        interest.intermediary_note = note[:MESSAGE_LIMIT]
        interest.decided_at = timezone.now()
        interest.decided_by = actor
        interest.save()
        audit.record(
            actor=actor,
            action="transfer.interest.reject",
            obj=interest,
            changes={"status": ["submitted", "not_forwarded"]},
        )
        _mail_members(
            interest.company,
            "interest_not_forwarded",
            profile=interest.profile,
            interest=interest,
            link=link("interest", interest.pk),
        )
    return interest


def answer_interest(
    *, actor, interest: ExpressionOfInterest, accept: bool, reason: str = ""
) -> ExpressionOfInterest:
    """The owner accepts (both learn each other's identity) or declines."""
    with transaction.atomic():
        interest = _lock_interest(interest)
        if not perms.can_answer_interest(actor, interest):
            raise PermissionDenied(_("Only the profile's owner may answer."))
        if interest.status != InterestStatus.FORWARDED:
            _refuse(_("This expression of interest has already been answered."), "stale")
        new = InterestStatus.ACCEPTED if accept else InterestStatus.DECLINED
        interest.status = new
        interest.decided_at = timezone.now()
        interest.decided_by = actor
        interest.decline_reason = "" if accept else (reason or "").strip()[:MESSAGE_LIMIT]
        interest.save()
        audit.record(
            actor=actor,
            action="transfer.interest.accept" if accept else "transfer.interest.decline",
            obj=interest,
            changes={"status": ["forwarded", new]},
        )
        context = {
            "profile": interest.profile,
            "interest": interest,
            "link": link("interest", interest.pk),
        }
        if accept:
            _mail_members(interest.company, "interest_accepted", side="interested", **context)
            _mail_members(interest.profile.owner, "interest_accepted", side="owner", **context)
        else:
            _mail_members(interest.company, "interest_declined", **context)
    return interest


def withdraw_interest(*, actor, interest: ExpressionOfInterest) -> ExpressionOfInterest:
    with transaction.atomic():
        interest = _lock_interest(interest)
        if not perms.is_interested_member(actor, interest):
            raise PermissionDenied(_("Only the interested organisation may withdraw it."))
        if not interest.is_open:
            _refuse(_("This expression of interest is no longer open."), "stale")
        before = interest.status
        interest.status = InterestStatus.WITHDRAWN
        interest.decided_at = timezone.now()
        interest.save()
        audit.record(
            actor=actor,
            action="transfer.interest.withdraw",
            obj=interest,
            changes={"status": [before, "withdrawn"]},
        )
    return interest


# --- deals ---------------------------------------------------------------------------------
DEAL_FIELDS = (
    "title",
    "agreement_type",
    "signed_on",
    "effective_on",
    "expires_on",
    "remind_days_before",
    "value",
    "currency",
    "notes",
)


def _check_deal(deal: Deal) -> None:
    errors = {}
    if deal.effective_on and deal.expires_on and deal.expires_on < deal.effective_on:
        errors["expires_on"] = ValidationError(
            _("The agreement cannot expire before it takes effect."), code="dates"
        )
    if deal.value is not None and deal.value < 0:
        errors["value"] = ValidationError(_("The value cannot be negative."), code="negative")
    if deal.status in Deal.SIGNED_STATUSES and not deal.signed_on:
        errors["signed_on"] = ValidationError(
            _("Give the date the agreement was signed."), code="required"
        )
    if deal.signed_on and deal.signed_on > timezone.localdate():
        errors["signed_on"] = ValidationError(
            _("The signing date cannot be in the future."), code="future"
        )
    if errors:
        raise ValidationError(errors)
    try:
        deal.full_clean(exclude=["profile", "interest", "created_by"])
    except ValidationError as error:
        raise ValidationError(error.error_dict) from None


def open_deal(*, actor, interest: ExpressionOfInterest, **values) -> Deal:
    """Open a deal between the owner and the company whose interest was accepted."""
    unknown = set(values) - set(DEAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown deal fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        interest = _lock_interest(interest)
        allowed = (
            perms.is_interested_member(actor, interest)
            or perms.is_interest_owner_member(actor, interest)
            or perms.is_interest_intermediary(actor, interest)
            or perms.is_staff(actor)
        )
        if not allowed:
            raise PermissionDenied(_("Only the parties or the intermediary may open a deal."))
        if interest.status != InterestStatus.ACCEPTED:
            _refuse(_("A deal can be opened once the owner has accepted the interest."), "stale")
        if Deal.objects.filter(interest=interest).exists():
            _refuse(_("A deal has already been opened for this interest."), "already_requested")
        values.setdefault("title", interest.profile.title[:200])
        deal = Deal(profile=interest.profile, interest=interest, created_by=actor, **values)
        if deal.signed_on:
            deal.status = Deal.Status.SIGNED
        _check_deal(deal)
        deal.save()
        deal.parties.set([interest.profile.owner, interest.company])
        audit.record(actor=actor, action="transfer.deal.open", obj=deal)
        for party in (interest.profile.owner, interest.company):
            _mail_members(party, "deal_opened", deal=deal, link=link("deal", deal.pk))
    return deal


def update_deal(*, actor, deal: Deal, status: str | None = None, **values) -> Deal:
    """Change a deal's terms or move it along its status (negotiating → signed → …)."""
    unknown = set(values) - set(DEAL_FIELDS)
    if unknown:
        raise TypeError(f"unknown deal fields: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        deal = Deal.objects.select_for_update().select_related("profile").get(pk=deal.pk)
        if not perms.can_change_deal(actor, deal):
            raise PermissionDenied(_("Only the parties or the intermediary may change a deal."))
        before = audit.snapshot(deal)
        for name, value in values.items():
            setattr(deal, name, value)
        if status and status != deal.status:
            if status not in Deal.TRANSITIONS.get(deal.status, set()):
                _refuse(
                    _("A deal cannot go from “%(old)s” to “%(new)s”.")
                    % {
                        "old": Deal.Status(deal.status).label,
                        "new": dict(Deal.Status.choices).get(status, status),
                    },
                    "invalid_transition",
                    "status",
                )
            if status == Deal.Status.SIGNED and not deal.signed_on:
                deal.signed_on = timezone.localdate()
            deal.status = status
        if "expires_on" in values or "remind_days_before" in values:
            deal.expiry_reminded_at = None
        _check_deal(deal)
        deal.save()
        audit.record(
            actor=actor,
            action="transfer.deal.update",
            obj=deal,
            changes=audit.diff(before, audit.snapshot(deal)),
        )
    return deal


def add_deal_document(*, actor, deal: Deal, title: str, upload) -> DealDocument:
    title = (title or "").strip() or getattr(upload, "name", "")[:200]
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        if not perms.can_change_deal(actor, deal):
            raise PermissionDenied(_("Only the parties or the intermediary may add documents."))
        try:
            mime = validate_document_upload(upload)
        except ValidationError as error:
            raise ValidationError({"file": error}) from None
        document = DealDocument.objects.create(
            deal=deal,
            title=title[:200],
            file=upload,
            content_type=mime,
            size=upload.size,
            uploaded_by=actor,
        )
        audit.record(actor=actor, action="transfer.deal.document", obj=document)
    return document


def remind_deals(*, now=None) -> dict[str, int]:
    """Parties are reminded before an agreement expires; past its date it is expired."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    counts = {"reminded": 0, "expired": 0}
    live = Deal.objects.filter(
        status__in=[Deal.Status.SIGNED, Deal.Status.ACTIVE], expires_on__isnull=False
    )
    for deal in live.filter(expiry_reminded_at__isnull=True, expires_on__gte=today):
        if deal.expires_on - datetime.timedelta(days=deal.remind_days_before) > today:
            continue
        with transaction.atomic():
            fresh = Deal.objects.select_for_update().get(pk=deal.pk)
            if fresh.expiry_reminded_at:
                continue
            fresh.expiry_reminded_at = now
            fresh.save(update_fields=["expiry_reminded_at"])
            for party in fresh.parties.all():
                _mail_members(party, "deal_expiring", deal=fresh, link=link("deal", fresh.pk))
            counts["reminded"] += 1
    for deal_id in live.filter(expires_on__lt=today).values_list("pk", flat=True):
        with transaction.atomic():
            deal = Deal.objects.select_for_update().get(pk=deal_id)
            if deal.status not in (Deal.Status.SIGNED, Deal.Status.ACTIVE):
                continue
            before = deal.status
            deal.status = Deal.Status.EXPIRED
            deal.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=None,
                action="transfer.deal.expire",
                obj=deal,
                changes={"status": [before, "expired"]},
            )
            counts["expired"] += 1
    return counts


# --- saved searches and alerts -----------------------------------------------------------
def save_search(
    *, actor, name: str, query: str = "", keywords=(), types=(), frequency: str = "weekly"
) -> SavedSearch:
    name = (name or "").strip()
    query = (query or "").strip()
    keywords = list(keywords)
    types = list(types)
    if not perms.is_signed_in(actor):
        raise PermissionDenied(_("Sign in to save a search."))
    errors = {}
    if not name:
        errors["name"] = ValidationError(_("Give the search a name."), code="required")
    if not query and not keywords:
        errors["query"] = ValidationError(
            _("Give search words or choose keywords."), code="required"
        )
    if len(query) > 300:
        errors["query"] = ValidationError(_("Use at most 300 characters."), code="too_long")
    if any(t not in Profile.Type.values for t in types):
        errors["types"] = ValidationError(_("Choose from the list."), code="invalid_choice")
    if frequency not in SavedSearch.Frequency.values:
        errors["frequency"] = ValidationError(_("Choose from the list."), code="invalid_choice")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        search = SavedSearch.objects.create(
            person=actor, name=name[:120], query=query, types=types, frequency=frequency
        )
        search.keywords.set(keywords)
        audit.record(actor=actor, action="transfer.search.save", obj=search)
    return search


def delete_search(*, actor, search: SavedSearch) -> None:
    if search.person_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("This is not your saved search."))
    with transaction.atomic():
        audit.record(actor=actor, action="transfer.search.delete", obj=search)
        search.delete()


FREQUENCY = {"daily": datetime.timedelta(days=1), "weekly": datetime.timedelta(days=7)}


def send_alerts(*, now=None, find=None) -> int:
    """Mail each due saved search the profiles published since its last digest that match
    it, never the same profile twice. ``find(search, candidates)`` ranks the candidates
    (:func:`korpu.transfer.matching.alert_matches`). Returns the digests sent."""
    from .matching import alert_matches

    find = find or alert_matches
    now = now or timezone.now()
    sent = 0
    for search in SavedSearch.objects.filter(is_active=True).select_related("person"):
        since = search.last_sent_at or search.created_at
        if search.last_sent_at and now - search.last_sent_at < FREQUENCY[search.frequency]:
            continue
        candidates = Profile.objects.filter(
            status=Status.PUBLISHED, published_at__gt=since
        ).exclude(pk__in=AlertDelivery.objects.filter(search=search).values("profile_id"))
        if search.types:
            candidates = candidates.filter(type__in=search.types)
        found = find(search, list(candidates.select_related("owner")))
        with transaction.atomic():
            fresh = SavedSearch.objects.select_for_update().get(pk=search.pk)
            if fresh.last_sent_at != search.last_sent_at:
                continue  # another tick got there first
            fresh.last_sent_at = now
            fresh.save(update_fields=["last_sent_at"])
            if not found:
                continue
            AlertDelivery.objects.bulk_create(
                [AlertDelivery(search=fresh, profile=p, sent_at=now) for p in found]
            )
            _mail_person(
                fresh.person,
                "alert_digest",
                search=fresh,
                profiles=found,
                link=link("searches"),
            )
            sent += 1
    return sent
