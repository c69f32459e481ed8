"""Admin of brokerage days.

Settings, texts and meeting places can be edited here. Requests, meetings and their
placement change only through :mod:`korpu.matchmaking.services` (under the locks that
keep two meetings of one person out of one slot), so they are read-only in the admin;
slots are generated from the sessions by the services too.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from korpu.common.admin import AuditedAdminMixin

from . import models


class LocationInline(TranslationTabularInline):
    model = models.Location
    extra = 0
    fields = ["name", "kind", "capacity", "video_link", "position"]


class GridSessionInline(TranslationTabularInline):
    model = models.GridSession
    extra = 0
    fields = ["name", "day", "starts_at", "ends_at"]
    readonly_fields = ["day", "starts_at", "ends_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.BrokerageDay)
class BrokerageDayAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["event", "request_mode", "slot_minutes", "schedule_status", "self_scheduling"]
    list_filter = ["request_mode", "schedule_status", "self_scheduling"]
    search_fields = ["event__title", "event__slug"]
    autocomplete_fields = ["event"]
    readonly_fields = ["schedule_status", "schedule_published_at"]
    inlines = [GridSessionInline, LocationInline]


class EntryInline(TranslationTabularInline):
    model = models.MarketplaceEntry
    extra = 0


@admin.register(models.Profile)
class ProfileAdmin(AuditedAdminMixin, TranslationAdmin):
    list_display = ["person", "organisation", "brokerage_day", "country", "published"]
    list_filter = ["published", "country"]
    search_fields = ["person__email", "person__last_name", "organisation__name"]
    autocomplete_fields = ["person", "organisation"]
    readonly_fields = ["brokerage_day", "person", "booth", "country"]
    filter_horizontal = ["sectors"]
    exclude = ["availability"]
    inlines = [EntryInline]

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.MeetingRequest)
class MeetingRequestAdmin(ReadOnlyAdmin):
    list_display = ["requester", "invitee", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    search_fields = ["requester__person__email", "invitee__person__email"]


@admin.register(models.Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "brokerage_day", "status", "slot", "location", "locked", "placed_by"]
    list_filter = ["status", "locked", "placed_by"]


@admin.register(models.MeetingFeedback)
class MeetingFeedbackAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "profile", "outcome", "created_at"]
    list_filter = ["outcome"]


@admin.register(models.ScheduleRun)
class ScheduleRunAdmin(ReadOnlyAdmin):
    list_display = ["brokerage_day", "status", "created_at", "finished_at", "requested_by"]
    list_filter = ["status"]
