"""Admin of the facilities. Bookings, waiting lists and incidents change through
:mod:`korpu.facilities.services` (locks, mail, audit), so the admin only shows them."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ResourceInline(admin.TabularInline):
    model = models.Resource
    fields = ["slug", "name", "kind", "status", "capacity"]
    extra = 0
    show_change_link = True


@admin.register(models.Facility)
class FacilityAdmin(TranslationAdmin):
    list_display = ["name", "park", "kind", "is_public"]
    list_filter = ["park", "kind"]
    search_fields = ["name", "slug"]
    filter_horizontal = ["managers"]
    inlines = [ResourceInline]


@admin.register(models.Resource)
class ResourceAdmin(TranslationAdmin):
    list_display = ["name", "facility", "kind", "status", "capacity", "required_qualification"]
    list_filter = ["facility__park", "kind", "status"]
    search_fields = ["name", "slug", "model", "serial_number"]
    filter_horizontal = ["linked_resources"]


@admin.register(models.Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["facility", "resource", "kind", "starts_at", "ends_at"]
    list_filter = ["kind", "facility"]


@admin.register(models.Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["resource", "person", "starts_at", "ends_at", "status"]
    list_filter = ["status", "resource__facility"]
    search_fields = ["person__email", "resource__name"]
    date_hierarchy = "starts_at"


@admin.register(models.WaitingEntry)
class WaitingEntryAdmin(ReadOnlyAdmin):
    list_display = ["resource", "person", "starts_at", "status"]
    list_filter = ["status"]


@admin.register(models.Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["title", "resource", "severity", "status", "reported_at"]
    list_filter = ["severity", "status"]


class MilestoneInline(admin.TabularInline):
    model = models.Milestone
    extra = 0


class OutputInline(admin.TabularInline):
    model = models.Output
    extra = 0


@admin.register(models.Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ["title", "park", "kind", "status", "lead"]
    list_filter = ["park", "kind", "status"]
    search_fields = ["title", "slug"]
    filter_horizontal = ["partners", "resources"]
    inlines = [MilestoneInline, OutputInline]
