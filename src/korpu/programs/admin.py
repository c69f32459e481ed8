from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from korpu.common.admin import AuditedAdminMixin

from . import models


@admin.register(models.Programme)
class ProgrammeAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "kind", "owner", "is_public"]
    list_filter = ["kind", "is_public"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["owner", "partnership"]
    filter_horizontal = ["partners"]


class QuestionInline(TranslationTabularInline):
    model = models.Question
    extra = 0


class ReviewStageInline(TranslationTabularInline):
    model = models.ReviewStage
    extra = 0


class CallReviewerInline(admin.TabularInline):
    model = models.CallReviewer
    extra = 0
    autocomplete_fields = ["reviewer"]


@admin.register(models.Call)
class CallAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "programme", "opens_at", "closes_at", "is_published"]
    list_filter = ["is_published", "applicant_kind"]
    search_fields = ["title", "programme__title"]
    autocomplete_fields = ["programme", "resident_of"]
    inlines = [QuestionInline, ReviewStageInline, CallReviewerInline]


class CriterionInline(TranslationTabularInline):
    model = models.Criterion
    extra = 0


@admin.register(models.ReviewStage)
class ReviewStageAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["name", "call", "aggregate", "blind", "is_open"]
    search_fields = ["name", "call__title"]
    inlines = [CriterionInline]


class AnswerInline(admin.TabularInline):
    model = models.Answer
    extra = 0
    readonly_fields = ["question", "value", "file"]


@admin.register(models.Application)
class ApplicationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "call", "applicant", "company", "status", "submitted_at"]
    list_filter = ["status"]
    search_fields = ["title", "company__name", "applicant__email"]
    autocomplete_fields = ["call", "applicant", "company"]
    inlines = [AnswerInline]


@admin.register(models.Conflict)
class ConflictAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["application", "reviewer", "source", "overridden_by"]
    list_filter = ["source"]
    search_fields = ["application__title", "reviewer__email"]


@admin.register(models.Assignment)
class AssignmentAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["application", "reviewer", "stage", "source", "locked", "published_at"]
    list_filter = ["source", "locked"]
    search_fields = ["application__title", "reviewer__email"]


@admin.register(models.Review)
class ReviewAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["assignment", "submitted_at"]


class MemberInline(admin.TabularInline):
    model = models.CohortMember
    extra = 0
    autocomplete_fields = ["company", "person"]


class MentorInline(admin.TabularInline):
    model = models.Mentor
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(models.Cohort)
class CohortAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "programme", "starts_on", "ends_on"]
    search_fields = ["name"]
    inlines = [MemberInline, MentorInline]


@admin.register(models.Placement)
class PlacementAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["specialist", "host", "programme", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    autocomplete_fields = ["specialist", "host", "host_mentor", "programme"]


admin.site.register(models.DeclaredRelationship)
admin.site.register(models.AssignmentRun)
