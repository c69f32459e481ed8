"""The technology-transfer marketplace: EEN-style profiles (offers and requests of
technology, business and R&D cooperation), the intermediary's review, expressions of
interest, deals, and saved searches with alerts.

Confidentiality: a published profile is anonymous unless its owner chose otherwise. Who
may see the owner's identity is answered in one place, :func:`korpu.transfer.rules.
can_see_owner`; pages, the API, mails and exports ask it. Workflows (submitting,
reviewing, publishing, expiry, expressions of interest, deals) live in
:mod:`korpu.transfer.services`.
"""

import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.directory.models import Organisation, Person

from . import rules as perms

SUMMARY_LIMIT = 500
KEYWORD_LIMIT = 5
# A published profile runs for a year; it can be extended once, then it is archived.
VALIDITY = datetime.timedelta(days=365)
EXTENSIONS_ALLOWED = 1
TEXT_LANGUAGES = [("en", "English"), ("az", "Azərbaycanca"), ("tr", "Türkçe")]


class Keyword(models.Model):
    """A term of the trilingual taxonomy (``data/keywords.json``): technology or market.

    Codes are dotted (``tech.energy.solar``); an area's topics point to the area. The
    matcher treats a code as a language-independent concept."""

    class Kind(models.TextChoices):
        TECHNOLOGY = "technology", _("technology")
        MARKET = "market", _("market")

    code = models.CharField(_("code"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    name = models.CharField(_("name"), max_length=160)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Profile(RulesModel):
    """A technology or business offer or request, or an R&D cooperation request."""

    class Type(models.TextChoices):
        TECHNOLOGY_OFFER = "TO", _("technology offer")
        TECHNOLOGY_REQUEST = "TR", _("technology request")
        BUSINESS_OFFER = "BO", _("business offer")
        BUSINESS_REQUEST = "BR", _("business request")
        RESEARCH_REQUEST = "RDR", _("R&D cooperation request")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        UNDER_REVIEW = "under_review", _("under review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        PUBLISHED = "published", _("published")
        EXPIRED = "expired", _("expired")
        ARCHIVED = "archived", _("archived")
        WITHDRAWN = "withdrawn", _("withdrawn")

    class Stage(models.TextChoices):
        CONCEPT = "concept", _("concept")
        DEVELOPMENT = "development", _("under development")
        LAB_TESTED = "lab_tested", _("lab tested")
        DEMONSTRATION = "demonstration", _("available for demonstration")
        MARKET = "market", _("on the market")

    class IPR(models.TextChoices):
        NONE = "none", _("none")
        SECRET_KNOW_HOW = "know_how", _("secret know-how")
        PATENT_APPLIED = "patent_applied", _("patent applied")
        PATENT_GRANTED = "patent_granted", _("patent granted")
        OTHER = "other", _("other")

    class Partnership(models.TextChoices):
        COMMERCIAL_TECHNICAL = (
            "commercial_technical",
            _("commercial agreement with technical assistance"),
        )
        LICENCE = "licence", _("licence agreement")
        RESEARCH = "research", _("research cooperation agreement")
        INVESTMENT = "investment", _("investment agreement")
        SUPPLIER = "supplier", _("supplier agreement")
        OUTSOURCING = "outsourcing", _("outsourcing agreement")
        JOINT_VENTURE = "joint_venture", _("joint venture agreement")
        DISTRIBUTION = "distribution", _("commercial agency / distribution")

    class PartnerKind(models.TextChoices):
        COMPANY = "company", _("company")
        UNIVERSITY = "university", _("university")
        RESEARCH = "research", _("research institute")
        INVESTOR = "investor", _("investor")
        PUBLIC = "public", _("public body")

    # The sizes of the directory's organisations.
    PartnerSize = Organisation.Size

    # Who may see what: organisations' members and the reviewing intermediary.
    reference = models.CharField(
        _("reference"), max_length=24, unique=True, null=True, blank=True, editable=False
    )
    type = models.CharField(_("type"), max_length=3, choices=Type, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True
    )
    owner = models.ForeignKey(
        Organisation,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="transfer_profiles",
    )
    intermediary = models.ForeignKey(
        Organisation,
        verbose_name=_("reviewing intermediary"),
        on_delete=models.PROTECT,
        related_name="reviewed_transfer_profiles",
        help_text=_("The park or agency that reviews the profile and forwards interest in it."),
    )
    created_by = models.ForeignKey(
        Person,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language of the text"), max_length=2, choices=TEXT_LANGUAGES, default="en"
    )
    # Translated fields (modeltranslation): the text in ``language`` is required, the
    # others are optional translations with fallback.
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), max_length=SUMMARY_LIMIT)
    description = models.TextField(_("description"))
    advantages = models.TextField(_("advantages and innovations"), blank=True)
    technical_specification = models.TextField(_("technical specification"), blank=True)
    stage = models.CharField(_("stage of development"), max_length=16, choices=Stage)
    ipr_status = models.CharField(_("IPR status"), max_length=16, choices=IPR, default=IPR.NONE)
    ipr_notes = models.CharField(_("IPR details"), max_length=300, blank=True)
    keywords = models.ManyToManyField(
        Keyword, verbose_name=_("keywords"), blank=True, related_name="profiles"
    )
    partnership_types = models.JSONField(_("partnership sought"), default=list, blank=True)
    partner_kinds = models.JSONField(_("kind of partner sought"), default=list, blank=True)
    partner_sizes = models.JSONField(_("size of partner sought"), default=list, blank=True)
    partner_role = models.TextField(_("role of the partner sought"), blank=True)
    countries_of_interest = models.JSONField(_("countries of interest"), default=list, blank=True)
    # R&D cooperation requests
    funding_programme = models.CharField(_("funding programme"), max_length=200, blank=True)
    call_identifier = models.CharField(_("call"), max_length=200, blank=True)
    eoi_deadline = models.DateField(
        _("deadline for expressions of interest"), null=True, blank=True
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_(
            "Visitors and other companies see the content, your country, kind and size, "
            "never your name or contacts, until you accept their expression of interest."
        ),
    )
    # Reviewer's screening: what in the text EEN's guidelines forbid (links, patent
    # numbers, trade names…), found when the profile is submitted.
    flags = models.JSONField(_("flags"), default=list, blank=True)
    review_note = models.TextField(_("note from the reviewer"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, db_index=True)
    extensions = models.PositiveSmallIntegerField(_("extensions"), default=0)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("technology-transfer profile")
        verbose_name_plural = _("technology-transfer profiles")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "type"])]
        rules_permissions = {
            "view": perms.can_view_profile,
            "change": perms.can_edit_profile,
        }

    def __str__(self) -> str:
        return f"{self.reference or _('draft')} · {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("transfer:profile", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def can_be_extended(self) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.EXPIRED)
            and self.extensions < EXTENSIONS_ALLOWED
        )


class ExpressionOfInterest(RulesModel):
    """A company's interest in a profile, passed on by the intermediary to the owner."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("waiting for the intermediary")
        FORWARDED = "forwarded", _("forwarded to the owner")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined by the owner")
        NOT_FORWARDED = "not_forwarded", _("not forwarded")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN = (Status.SUBMITTED, Status.FORWARDED)

    profile = models.ForeignKey(
        Profile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="interests",
    )
    company = models.ForeignKey(
        Organisation,
        verbose_name=_("interested organisation"),
        on_delete=models.CASCADE,
        related_name="transfer_interests",
    )
    author = models.ForeignKey(
        Person,
        verbose_name=_("written by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("why you are interested"))
    offer = models.TextField(_("what you offer"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.SUBMITTED, db_index=True
    )
    intermediary_note = models.TextField(_("note from the intermediary"), blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    forwarded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-created_at"]
        constraints = [
            # One open expression of interest per company and profile (a second click,
            # or two colleagues at once, cannot open another).
            models.UniqueConstraint(
                fields=["profile", "company"],
                condition=Q(status__in=["submitted", "forwarded"]),
                name="one_open_interest_per_company",
            )
        ]
        rules_permissions = {"view": perms.can_view_interest}

    def __str__(self) -> str:
        return f"{self.profile} ← {self.company}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class Deal(RulesModel):
    """An agreement that grew out of an accepted expression of interest."""

    class AgreementType(models.TextChoices):
        NDA = "nda", _("confidentiality agreement (NDA)")
        MATERIAL_TRANSFER = "material_transfer", _("material transfer agreement")
        LICENCE = "licence", _("licence agreement")
        RESEARCH = "research", _("research collaboration agreement")
        JOINT_VENTURE = "joint_venture", _("joint venture")
        INVESTMENT = "investment", _("investment")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEGOTIATING = "negotiating", _("negotiating")
        SIGNED = "signed", _("signed")
        ACTIVE = "active", _("active")
        TERMINATED = "terminated", _("terminated")
        EXPIRED = "expired", _("expired")
        CANCELLED = "cancelled", _("cancelled")

    # Which status may follow which; services enforce it.
    TRANSITIONS = {
        Status.NEGOTIATING: {Status.SIGNED, Status.CANCELLED},
        Status.SIGNED: {Status.ACTIVE, Status.TERMINATED, Status.EXPIRED},
        Status.ACTIVE: {Status.TERMINATED, Status.EXPIRED},
        Status.TERMINATED: set(),
        Status.EXPIRED: set(),
        Status.CANCELLED: set(),
    }
    SIGNED_STATUSES = (Status.SIGNED, Status.ACTIVE, Status.TERMINATED, Status.EXPIRED)

    class Currency(models.TextChoices):
        AZN = "AZN", "AZN"
        TRY = "TRY", "TRY"
        EUR = "EUR", "EUR"
        USD = "USD", "USD"

    profile = models.ForeignKey(
        Profile, verbose_name=_("profile"), on_delete=models.PROTECT, related_name="deals"
    )
    interest = models.OneToOneField(
        ExpressionOfInterest,
        verbose_name=_("expression of interest"),
        on_delete=models.PROTECT,
        related_name="deal",
    )
    parties = models.ManyToManyField(
        Organisation, verbose_name=_("parties"), related_name="transfer_deals"
    )
    title = models.CharField(_("title"), max_length=200)
    agreement_type = models.CharField(_("agreement type"), max_length=20, choices=AgreementType)
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NEGOTIATING, db_index=True
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    effective_on = models.DateField(_("effective from"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind before expiry (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    expiry_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency, default=Currency.EUR)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        ordering = ["-created_at"]
        rules_permissions = {"view": perms.can_view_deal, "change": perms.can_change_deal}

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("transfer:deal", args=[self.pk])


def deal_document_path(instance, filename: str) -> str:
    return f"transfer/deals/{instance.deal_id}/{timezone.now():%Y%m%d%H%M%S}-{filename}"


class DealDocument(RulesModel):
    """A file of a deal (draft agreement, signed copy…), seen by the parties only."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=deal_document_path)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(Person, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("deal document")
        verbose_name_plural = _("deal documents")
        ordering = ["-uploaded_at"]
        rules_permissions = {"view": perms.can_view_deal_document}

    def __str__(self) -> str:
        return self.title


class SavedSearch(models.Model):
    """A query or keywords someone follows; new matching profiles come in a digest mail."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="transfer_searches")
    name = models.CharField(_("name"), max_length=120)
    query = models.CharField(_("search words"), max_length=300, blank=True)
    keywords = models.ManyToManyField(Keyword, verbose_name=_("keywords"), blank=True)
    types = models.JSONField(_("profile types"), default=list, blank=True)
    frequency = models.CharField(
        _("how often"), max_length=8, choices=Frequency, default=Frequency.WEEKLY
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AlertDelivery(models.Model):
    """A profile sent to a saved search's owner: never the same profile twice."""

    search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="deliveries")
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["search", "profile"], name="one_alert_per_profile")
        ]

    def __str__(self) -> str:
        return f"{self.search} → {self.profile_id}"
