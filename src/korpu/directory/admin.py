from allauth.account.decorators import secure_admin_login
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from korpu.common.admin import AuditedAdminMixin
from korpu.common.validators import validate_document_upload

from . import models


class MembershipInline(admin.TabularInline):
    model = models.Membership
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(models.Person)
class PersonAdmin(AuditedAdminMixin, UserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "country", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_superuser", "is_active", "country"]
    search_fields = ["email", "first_name", "last_name", "expertise"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Profile"),
            {"fields": models.Person.PROFILE_FIELDS},
        ),
        (
            _("Statistics (with consent)"),
            {"fields": ["statistics_consent_at", *models.Person.STATISTICS_FIELDS]},
        ),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]


@admin.register(models.Sector, models.TechnologyArea)
class TaxonomyAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]


class ResidencyInline(admin.TabularInline):
    model = models.Residency
    extra = 0
    fk_name = "company"
    autocomplete_fields = ["park", "unit"]


@admin.register(models.Organisation)
class OrganisationAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "country", "city", "is_public"]
    list_filter = ["kind", "country", "is_public", "sectors"]
    search_fields = ["name", "slug", "city"]
    prepopulated_fields = {"slug": ["name_en"]}
    filter_horizontal = ["sectors", "technology_areas"]
    inlines = [MembershipInline, ResidencyInline]


@admin.register(models.Membership)
class MembershipAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "organisation", "role", "title"]
    list_filter = ["role"]
    search_fields = ["person__email", "person__last_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]


class SiteInline(admin.TabularInline):
    model = models.Site
    extra = 0


@admin.register(models.Park)
class ParkAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["name", "kind", "status", "country", "city", "operator"]
    list_filter = ["kind", "status", "country"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["operator"]
    inlines = [SiteInline]


class BuildingInline(admin.TabularInline):
    model = models.Building
    extra = 0


@admin.register(models.Site)
class SiteAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "park", "address"]
    search_fields = ["name", "park__name"]
    inlines = [BuildingInline]


class UnitInline(admin.TabularInline):
    model = models.Unit
    extra = 0


@admin.register(models.Building)
class BuildingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "site", "floors"]
    search_fields = ["name", "site__name", "site__park__name"]
    inlines = [UnitInline]


@admin.register(models.Unit)
class UnitAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "building", "kind", "area_m2"]
    list_filter = ["kind"]
    search_fields = ["code", "building__name", "building__site__park__name"]


@admin.register(models.Residency)
class ResidencyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["company", "park", "status", "start_date", "end_date", "unit"]
    list_filter = ["status", "park"]
    search_fields = ["company__name", "park__name"]
    autocomplete_fields = ["company", "park", "unit"]


class PartyInline(admin.TabularInline):
    model = models.PartnershipParty
    extra = 0
    autocomplete_fields = ["organisation"]


class CommitmentInline(TranslationTabularInline):
    model = models.Commitment
    extra = 0


class DocumentForm(forms.ModelForm):
    class Meta:
        model = models.PartnershipDocument
        fields = ["title", "file", "language", "is_public"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.content_type = validate_document_upload(upload)
            self.instance.size = upload.size
        return upload


class DocumentInline(admin.TabularInline):
    model = models.PartnershipDocument
    form = DocumentForm
    extra = 0


@admin.register(models.Partnership)
class PartnershipAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "status", "signed_on", "is_public"]
    list_filter = ["status", "is_public"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title_en"]}
    inlines = [PartyInline, CommitmentInline, DocumentInline]


@admin.register(models.ApiToken)
class ApiTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "person",
        "lookup",
        "scope",
        "organisation",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope"]
    search_fields = ["name", "person__email", "lookup"]
    list_select_related = ["person", "organisation"]
    readonly_fields = [
        "person",
        "lookup",
        "key_hash",
        "scope",
        "organisation",
        "created_at",
        "last_used_at",
    ]

    def has_add_permission(self, request):
        return False  # tokens are created by their owner on the profile page


# Signing in to the admin goes through allauth: two-factor, verified e-mail, rate limits.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Körpü administration")
admin.site.site_title = _("Körpü")
admin.site.index_title = _("Platform data")
