"""Admin of resident reporting and yearly reports.

Schemes can be edited here (audited), but the frequency, currency and first day stay as
they are once periods have opened. Periods, reports and reminders change only through
:mod:`korpu.insights.reporting` (under the period lock, with the snapshot at locking),
so they are read-only here.
"""

from django.contrib import admin

from korpu.common.admin import AuditedAdminMixin

from . import models
from .reporting import FIXED_FIELDS


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(models.ReportingScheme)
class ReportingSchemeAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["park", "frequency", "currency", "starts_on", "due_days", "is_active"]
    list_filter = ["frequency", "currency", "is_active"]
    search_fields = ["park__name", "park__slug"]
    autocomplete_fields = ["park"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and models.ReportingPeriod.objects.filter(park=obj.park).exists():
            return ["park", *FIXED_FIELDS]
        return []


class ReportInline(admin.TabularInline):
    model = models.Report
    extra = 0
    fields = ["company", "status", "submitted_at", "updated_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["park", "code", "starts_on", "ends_on", "due_on", "status", "locked_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["park__name", "code"]
    date_hierarchy = "starts_on"
    inlines = [ReportInline]


@admin.register(models.Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["company", "period", "status", "submitted_at", "updated_at"]
    list_filter = ["status", "period__park"]
    search_fields = ["company__name", "period__code"]
    list_select_related = ["company", "period__park"]


@admin.register(models.Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["company", "period", "kind", "sent_at", "recipients"]
    list_filter = ["kind"]
    search_fields = ["company__name", "period__code"]
    list_select_related = ["company", "period__park"]


@admin.register(models.YearlyReport)
class YearlyReportAdmin(ReadOnlyAdmin):
    """Built by the task worker from the dashboard's page; read-only here (a failed or
    stuck one shows its error)."""

    list_display = ["partnership", "year", "language", "status", "created_at", "finished_at"]
    list_filter = ["status", "language"]
    search_fields = ["partnership__title", "partnership__slug"]
    list_select_related = ["partnership"]
    readonly_fields = ["error"]
