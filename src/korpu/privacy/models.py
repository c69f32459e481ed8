"""Consent records and the record of each erasure (anonymisation) of a person."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ConsentRecord(models.Model):
    """One consent given by a person, and when it was withdrawn (if it was).

    Giving consent again adds a new record, so the rows of a person and purpose are the
    history; the current state is the latest record that is not withdrawn. The privacy
    notice's acceptance keeps the notice's version."""

    class Purpose(models.TextChoices):
        NOTICE = "notice", _("privacy notice accepted")
        ANNOUNCEMENTS = "announcements", _("news and announcements by e-mail")
        DIRECTORY = "directory", _("listed in the public directory")
        STATISTICS = "statistics", _("gender and year of birth used for statistics")

    class Method(models.TextChoices):
        SIGNUP = "signup", _("when signing up")
        PAGE = "page", _("on the privacy page")
        BANNER = "banner", _("when asked after a change of the notice")
        ADMIN = "admin", _("by an administrator")
        ERASURE = "erasure", _("when the account was deleted")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="consents",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose)
    version = models.CharField(
        _("version of the notice"), max_length=40, blank=True, help_text=_("For the notice.")
    )
    given_at = models.DateTimeField(_("given"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    method = models.CharField(_("how"), max_length=10, choices=Method)
    withdrawn_method = models.CharField(
        _("how it was withdrawn"), max_length=10, choices=Method, blank=True
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["person", "purpose", "-given_at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "given_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_current_consent_per_purpose",
            ),
            models.CheckConstraint(
                name="consent_withdrawn_after_given",
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
            ),
        ]

    def __str__(self) -> str:
        label = self.get_purpose_display()
        return f"{label} {self.version}".strip()

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class Erasure(models.Model):
    """A person's account was anonymised: when, at whose request, and what was erased.

    Keeps no personal data: the person row it points to is itself anonymised."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="erasure",
    )
    requested_by_self = models.BooleanField(_("asked by the person"), default=True)
    done_at = models.DateTimeField(_("done"), auto_now_add=True)
    counts = models.JSONField(_("what was erased"), default=dict, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["-done_at"]

    def __str__(self) -> str:
        return f"#{self.person_id} {self.done_at:%Y-%m-%d}"
