"""Admin of events and campuses.

Places are only taken and freed through :mod:`korpu.events.services` (under the event
lock, with the waiting list served in order), so the admin cannot add registrations or
change their status, and an existing event's capacity and status are read-only here:
organisers change them on the event's settings page.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from korpu.common.admin import AuditedAdminMixin

from . import models


class TrackInline(TranslationTabularInline):
    model = models.Track
    extra = 0


class RoomInline(TranslationTabularInline):
    model = models.Room
    extra = 0


class SessionInline(TranslationTabularInline):
    model = models.Session
    extra = 0
    fields = ["title", "track", "room", "starts_at", "ends_at", "capacity", "counts_for_attendance"]

    def get_readonly_fields(self, request, obj=None):
        # Session places are taken under a lock by the services, like the event's.
        return ["capacity"] if obj is not None else []


@admin.register(models.Event)
class EventAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "kind", "starts_at", "status", "visibility", "capacity"]
    list_filter = ["kind", "status", "visibility"]
    search_fields = ["title", "slug"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = ["partnership", "site"]
    filter_horizontal = ["organisers"]
    inlines = [TrackInline, RoomInline, SessionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["capacity", "status"]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else self.prepopulated_fields


class SpeakerInline(admin.TabularInline):
    model = models.Speaker
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(models.Session)
class SessionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "event", "starts_at", "ends_at", "capacity"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event"]
    readonly_fields = ["capacity"]
    inlines = [SpeakerInline]


@admin.register(models.Question)
class QuestionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["label", "event", "form", "kind", "required", "position"]
    list_filter = ["form", "kind"]
    search_fields = ["label", "event__title"]
    autocomplete_fields = ["event"]


class SessionSeatInline(admin.TabularInline):
    model = models.SessionSeat
    extra = 0
    fields = ["session", "created_at"]
    readonly_fields = ["session", "created_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Registration)
class RegistrationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Read-only but for the answers: registering, approving, cancelling and promoting
    go through the organiser pages or the API, which keep the places exact."""

    list_display = ["person", "event", "status", "created_at", "confirmed_at"]
    list_filter = ["status", "event"]
    search_fields = ["person__email", "person__first_name", "person__last_name", "event__title"]
    list_select_related = ["person", "event"]
    readonly_fields = [
        "event",
        "person",
        "status",
        "invitation",
        "ticket_code",
        "created_at",
        "waitlisted_at",
        "offer_expires_at",
        "confirmed_at",
        "cancelled_at",
        "decided_by",
    ]
    fields = [*readonly_fields, "answers"]
    inlines = [SessionSeatInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.Invitation)
class InvitationAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["email", "event", "created_at", "used_at"]
    list_filter = [("used_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "event__title"]
    autocomplete_fields = ["event"]
    readonly_fields = ["token", "invited_by", "created_at", "used_at"]


@admin.register(models.CheckIn)
class CheckInAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["registration", "session", "checked_in_at", "checked_in_by"]
    list_filter = [("session", admin.EmptyFieldListFilter)]
    search_fields = ["registration__person__email", "registration__event__title"]
    readonly_fields = ["registration", "session", "checked_in_at", "checked_in_by"]

    def has_add_permission(self, request):
        return False


@admin.register(models.Certificate)
class CertificateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Only revoking is done here; certificates are issued by the attendance rule."""

    list_display = ["code", "registration", "issued_at", "attendance_percent", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "registration__person__email", "registration__event__title"]
    readonly_fields = [
        "registration",
        "code",
        "issued_at",
        "attendance_percent",
        "qualification_grant",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(models.Survey)
class SurveyAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["event", "opens_at", "closes_at"]
    search_fields = ["event__title"]
    autocomplete_fields = ["event"]


# --- campus ----------------------------------------------------------------------------------
@admin.register(models.Challenge)
class ChallengeAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["title", "event", "posed_by", "position"]
    search_fields = ["title", "event__title"]
    autocomplete_fields = ["event", "posed_by"]


@admin.register(models.Idea)
class IdeaAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "event", "author", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["title", "author__email", "event__title"]
    autocomplete_fields = ["event", "challenge", "author", "followup_application"]


class TeamMemberInline(admin.TabularInline):
    model = models.TeamMember
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role"]


@admin.register(models.Team)
class TeamAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "event", "max_size", "created_at"]
    search_fields = ["name", "event__title"]
    autocomplete_fields = ["event", "idea", "created_by"]
    inlines = [TeamMemberInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is models.TeamMember:
            # The member row repeats the team's event (one team per person per event).
            for inline_form in formset.forms:
                inline_form.instance.event_id = form.instance.event_id
        super().save_formset(request, form, formset, change)


@admin.register(models.JoinRequest)
class JoinRequestAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "team", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["person__email", "team__name"]
    autocomplete_fields = ["team", "person"]


@admin.register(models.MentorSlot)
class MentorSlotAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["mentor", "event", "starts_at", "ends_at", "team"]
    search_fields = ["mentor__email", "event__title", "topic"]
    autocomplete_fields = ["event", "mentor", "team"]


@admin.register(models.Submission)
class SubmissionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "team", "submitted_at", "updated_at"]
    search_fields = ["title", "team__name"]
    autocomplete_fields = ["team"]
    readonly_fields = ["file_type"]


@admin.register(models.JudgingCriterion)
class JudgingCriterionAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["label", "event", "weight", "max_score", "position"]
    search_fields = ["label", "event__title"]
    autocomplete_fields = ["event"]


class JudgeAssignmentInline(admin.TabularInline):
    model = models.JudgeAssignment
    extra = 0
    autocomplete_fields = ["submission"]


@admin.register(models.Judge)
class JudgeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["person", "event"]
    search_fields = ["person__email", "event__title"]
    autocomplete_fields = ["event", "person"]
    inlines = [JudgeAssignmentInline]
