"""The ecosystem: organisations, people and their memberships, parks with their sites
and residents, and the partnerships (memoranda) between organisations.

Permissions are declared on each model (``rules_permissions``: view/change) from the
predicates in :mod:`korpu.directory.rules`, which also adds the finer ones (contacts,
members); ask ``user.has_perm("directory.change_organisation", org)``.
"""

import hashlib
import secrets
import zoneinfo

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rules.contrib.models import RulesModel

from korpu.common.i18n import country_choices, country_name

from . import rules as perms


def time_zone_choices() -> list[tuple[str, str]]:
    """The partners' zones first, then every IANA zone (a callable: tzdata differs by host)."""
    first = ["Asia/Baku", "Europe/Istanbul"]
    rest = sorted(z for z in zoneinfo.available_timezones() if "/" in z and z not in first)
    return [(zone, zone) for zone in first + rest]


def validate_year(value: int) -> None:
    if value < 1800 or value > timezone.now().year:
        raise ValidationError(
            _("Enter a year between 1800 and %(year)s."), params={"year": timezone.now().year}
        )


class Taxonomy(models.Model):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sector(Taxonomy):
    """An industry a company works in (ICT, defence, automotive, health…)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class TechnologyArea(Taxonomy):
    """A technology (artificial intelligence, robotics, cybersecurity…)."""

    class Meta(Taxonomy.Meta):
        verbose_name = _("technology area")
        verbose_name_plural = _("technology areas")


# --- people ----------------------------------------------------------------------------
class PersonManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        person = self.model(email=self.normalize_email(email).lower(), **fields)
        person.set_password(password)
        person.save(using=self._db)
        return person

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class Person(RulesModel, AbstractUser):
    """One account per person; logs in with an e-mail address."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("other")
        UNDISCLOSED = "undisclosed", _("prefer not to say")

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-1 codes")
    )
    expertise = models.CharField(
        _("expertise"),
        max_length=500,
        blank=True,
        help_text=_("Keywords separated by commas, e.g. robotics, embedded systems."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_public = models.BooleanField(
        _("listed in the public directory"),
        default=True,
        help_text=_("Contact details are never public, whatever this says."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("en", "English"), ("az", "Azərbaycanca"), ("tr", "Türkçe")],
        default="en",
    )
    # Optional, for programme statistics only, and only with consent.
    gender = models.CharField(_("gender"), max_length=12, choices=Gender, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[validate_year]
    )
    statistics_consent_at = models.DateTimeField(
        _("consent to statistics given"), null=True, blank=True
    )

    # What a person edits about themselves (the profile page and the admin show these).
    PROFILE_FIELDS = [
        "first_name",
        "last_name",
        "headline",
        "bio",
        "photo",
        "country",
        "city",
        "languages",
        "expertise",
        "phone",
        "website",
        "preferred_language",
        "is_public",
    ]
    STATISTICS_FIELDS = ["gender", "birth_year"]

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []
    objects = PersonManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "email"]
        rules_permissions = {
            "view": perms.can_view_person,
            "change": perms.can_change_person,
        }
        constraints = [
            models.CheckConstraint(
                name="person_statistics_need_consent",
                condition=Q(statistics_consent_at__isnull=False)
                | (Q(gender="") & Q(birth_year__isnull=True)),
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.email.split("@")[0]

    @property
    def expertise_keywords(self) -> list[str]:
        return [k.strip() for k in self.expertise.split(",") if k.strip()]

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.pk])

    def clean(self):
        super().clean()
        if (self.gender or self.birth_year) and not self.statistics_consent_at:
            raise ValidationError(
                _("Gender and year of birth are kept only with your consent to statistics.")
            )


# --- organisations ---------------------------------------------------------------------
class Organisation(RulesModel):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("innovation agency")
        TECHNOPARK = "technopark", _("technopark / science park")
        INNOVATION_CENTRE = "innovation_centre", _("innovation centre")
        STARTUP = "startup", _("startup")
        SME = "sme", _("SME")
        LARGE_COMPANY = "large_company", _("large company")
        UNIVERSITY = "university", _("university")
        RESEARCH_INSTITUTE = "research_institute", _("research institute")
        INVESTOR = "investor", _("investor")
        PUBLIC_BODY = "public_body", _("public body")

    COMPANY_KINDS = (Kind.STARTUP, Kind.SME, Kind.LARGE_COMPANY)

    class Size(models.TextChoices):
        MICRO = "micro", _("1–9 employees")
        SMALL = "small", _("10–49 employees")
        MEDIUM = "medium", _("50–249 employees")
        LARGE = "large", _("250 or more employees")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind, db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, db_index=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    sectors = models.ManyToManyField(
        Sector, verbose_name=_("sectors"), blank=True, related_name="organisations"
    )
    technology_areas = models.ManyToManyField(
        TechnologyArea,
        verbose_name=_("technology areas"),
        blank=True,
        related_name="organisations",
    )
    size = models.CharField(_("size"), max_length=10, choices=Size, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"), null=True, blank=True, validators=[validate_year]
    )
    is_public = models.BooleanField(_("listed in the public directory"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        rules_permissions = {
            "view": perms.can_view_organisation,
            "change": perms.can_change_organisation,
        }

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.slug])

    @property
    def is_company(self) -> bool:
        return self.kind in self.COMPANY_KINDS

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class MembershipManager(models.Manager):
    """``person.memberships`` of a person acting through an organisation-scoped API token
    holds that organisation's membership only (see :func:`rules.token_organisation_id`):
    every rule that asks ``user.memberships`` is narrowed for the token's request."""

    def get_queryset(self):
        queryset = super().get_queryset()
        organisation_id = perms.token_organisation_id(getattr(self, "instance", None))
        if organisation_id is not None:
            queryset = queryset.filter(organisation_id=organisation_id)
        return queryset


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        MANAGER = "manager", _("manager")
        ADMIN = "admin", _("admin")

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.MEMBER)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipManager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "person__last_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation"], name="one_membership_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.organisation} ({self.get_role_display()})"


# --- parks -----------------------------------------------------------------------------
class Park(RulesModel):
    """A technology park, science park, innovation centre or the joint high-tech park."""

    class Kind(models.TextChoices):
        TECHNOPARK = "technopark", _("technopark")
        HIGH_TECH_PARK = "high_tech_park", _("high technologies park")
        INNOVATION_CENTRE = "innovation_centre", _("innovation centre")
        INDUSTRIAL_PARK = "industrial_park", _("industrial park")

    class Status(models.TextChoices):
        OPERATING = "operating", _("operating")
        UNDER_CONSTRUCTION = "under_construction", _("under construction")
        PLANNED = "planned", _("planned")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    status = models.CharField(_("status"), max_length=24, choices=Status, default=Status.OPERATING)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("operated by"),
        on_delete=models.PROTECT,
        related_name="operated_parks",
    )
    established_by = models.ForeignKey(
        "Partnership",
        verbose_name=_("established under"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parks",
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, choices=time_zone_choices)
    opened_year = models.PositiveSmallIntegerField(
        _("opened in"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    area_hectares = models.DecimalField(
        _("area (hectares)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["name"]
        rules_permissions = {"view": perms.can_view_park, "change": perms.can_change_park}

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:park", args=[self.slug])

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class Site(models.Model):
    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="sites"
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["park", "name"]

    def __str__(self) -> str:
        return f"{self.park} · {self.name}"


class Building(models.Model):
    site = models.ForeignKey(
        Site, verbose_name=_("site"), on_delete=models.CASCADE, related_name="buildings"
    )
    name = models.CharField(_("name"), max_length=120)
    floors = models.PositiveSmallIntegerField(_("floors"), default=1)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["site", "name"]

    def __str__(self) -> str:
        return f"{self.site} · {self.name}"


class Unit(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", _("office")
        LAB = "lab", _("laboratory")
        PRODUCTION = "production", _("production hall")
        COWORKING = "coworking", _("co-working desk")

    building = models.ForeignKey(
        Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="units"
    )
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind, default=Kind.OFFICE)
    floor = models.SmallIntegerField(_("floor"), default=0)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=8, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building", "code"]
        constraints = [
            models.UniqueConstraint(fields=["building", "code"], name="unit_code_per_building")
        ]

    def __str__(self) -> str:
        return f"{self.building.name} {self.code}"

    @property
    def park(self) -> Park:
        return self.building.site.park


class Residency(RulesModel):
    """A company resident in a park."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        ACTIVE = "active", _("active")
        GRADUATED = "graduated", _("graduated")
        LEFT = "left", _("left")

    # Which status may follow which; services enforce it.
    TRANSITIONS = {
        Status.APPLIED: {Status.APPROVED, Status.LEFT},
        Status.APPROVED: {Status.ACTIVE, Status.LEFT},
        Status.ACTIVE: {Status.GRADUATED, Status.LEFT},
        Status.GRADUATED: set(),
        Status.LEFT: set(),
    }
    CURRENT = (Status.APPLIED, Status.APPROVED, Status.ACTIVE)

    company = models.ForeignKey(
        Organisation,
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="residencies",
    )
    park = models.ForeignKey(
        Park, verbose_name=_("park"), on_delete=models.CASCADE, related_name="residencies"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residencies",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.APPLIED, db_index=True
    )
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    notes = models.TextField(_("internal notes"), blank=True)

    class Meta:
        verbose_name = _("residency")
        verbose_name_plural = _("residencies")
        ordering = ["park", "company__name"]
        rules_permissions = {"view": perms.can_view_residency, "change": perms.can_change_residency}
        constraints = [
            models.CheckConstraint(
                name="residency_ends_after_start",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
            models.UniqueConstraint(
                fields=["company", "park"],
                condition=Q(status__in=["applied", "approved", "active"]),
                name="one_current_residency_per_park",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company} @ {self.park}"

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date is before the start date.")})
        if self.unit_id and self.park_id and self.unit.park.pk != self.park_id:
            raise ValidationError({"unit": _("This unit belongs to another park.")})


# --- partnerships ----------------------------------------------------------------------
class Partnership(RulesModel):
    """A memorandum between organisations, and what the partners share under it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ACTIVE = "active", _("in force")
        ENDED = "ended", _("ended")

    slug = models.SlugField(_("short address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.ACTIVE)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_at_place = models.CharField(_("signed at"), max_length=120, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    parties = models.ManyToManyField(
        Organisation,
        through="PartnershipParty",
        verbose_name=_("parties"),
        related_name="partnerships",
    )
    share_contacts = models.BooleanField(
        _("partners see each other's contact details"), default=True
    )
    share_residencies = models.BooleanField(
        _("partners see each other's residency details"), default=False
    )
    share_metrics = models.BooleanField(_("partners see each other's figures"), default=True)
    is_public = models.BooleanField(_("public"), default=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-signed_on", "title"]
        rules_permissions = {
            "view": perms.can_view_partnership,
            "change": perms.can_change_partnership,
        }
        constraints = [
            models.CheckConstraint(
                name="partnership_valid_after_signing",
                condition=Q(valid_until__isnull=True)
                | Q(signed_on__isnull=True)
                | Q(valid_until__gte=models.F("signed_on")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:partnership", args=[self.slug])


class PartnershipParty(models.Model):
    class Role(models.TextChoices):
        SIGNATORY = "signatory", _("signatory")
        PARTNER = "partner", _("partner")
        OBSERVER = "observer", _("observer")

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="party_links"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="partnership_links"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.SIGNATORY)
    signed_by = models.CharField(_("signed by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="one_party_link_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Commitment(models.Model):
    """One line of a memorandum, with an optional yearly target."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="commitments"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Stable identifier used by indicators, e.g. acceleration-exchange."),
    )
    text = models.CharField(_("commitment"), max_length=400)
    target_per_year = models.PositiveIntegerField(_("target per year"), null=True, blank=True)
    target_unit = models.CharField(_("unit of the target"), max_length=80, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["partnership", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code"], name="commitment_code_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.text


class PartnershipDocument(RulesModel):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(_("file"), upload_to="partnerships/")
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    language = models.CharField(_("language"), max_length=5, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["partnership", "title"]
        rules_permissions = {"view": perms.can_view_partnership_document}

    def __str__(self) -> str:
        return self.title


# --- qualifications ----------------------------------------------------------------------
class Qualification(models.Model):
    """Something a person is trained for, e.g. "laser cutter safety" or "SEM operator".

    Granted by completing a training (its certificate grants it) or by a facility manager;
    lab equipment can require one before it may be booked.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    valid_for_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if it never expires."),
    )

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QualificationGrant(models.Model):
    """A person holds a qualification from ``granted_at`` until it expires or is revoked."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="qualifications"
    )
    qualification = models.ForeignKey(
        Qualification,
        verbose_name=_("qualification"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    granted_by = models.ForeignKey(
        Person,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("e.g. the training completed")
    )

    class Meta:
        verbose_name = _("qualification held")
        verbose_name_plural = _("qualifications held")
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.person} – {self.qualification}"

    def is_valid(self, at=None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > at)


# --- API tokens --------------------------------------------------------------------------
class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once.

    A token is read-only or read-write (``scope``), may act through one organisation
    only (``organisation``: the person's rights from memberships of other organisations
    do not apply to its requests; blank = all the person's organisations; deleting the
    organisation deletes the token, never widens it) and may expire (``expires_at``).
    """

    PREFIX = "kp_"

    class Scope(models.TextChoices):
        READ = "read", _("read only")
        READ_WRITE = "read-write", _("read and write")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    lookup = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    # Read-write by default as before scopes existed (tokens made in code, e.g. the
    # benchmarks'); the token page proposes read only.
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.READ_WRITE)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The token acts only through this organisation; blank: all of yours."),
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.PREFIX}{self.lookup}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.is_expired

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_read_only(self) -> bool:
        return self.scope == self.Scope.READ

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> tuple[str, str, str]:
        """(full key to show once, lookup part, hash of the secret part)."""
        lookup = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        return f"{cls.PREFIX}{lookup}.{secret}", lookup, cls.hash_secret(secret)
