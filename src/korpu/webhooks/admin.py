"""Admin of webhooks. Endpoints are audited without their secrets (the mixin's snapshot
would log every field); deliveries are only shown (they change by being delivered)."""

from django.contrib import admin

from korpu.common import audit
from korpu.common.admin import AuditedAdminMixin

from . import models
from .services import AUDITED_FIELDS


class SecretSafeAuditMixin(AuditedAdminMixin):
    """AuditedAdminMixin, recording only AUDITED_FIELDS (never the signing secrets)."""

    def save_model(self, request, obj, form, change):
        stored = type(obj)._default_manager.filter(pk=obj.pk).first() if change else None
        before = audit.snapshot(stored, AUDITED_FIELDS) if stored else {}
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        audit.record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            changes=audit.diff(before, audit.snapshot(obj, AUDITED_FIELDS)),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            changes=audit.diff(audit.snapshot(obj, AUDITED_FIELDS), {}),
        )
        admin.ModelAdmin.delete_model(self, request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(
                actor=request.user,
                action="admin.delete",
                obj=obj,
                changes=audit.diff(audit.snapshot(obj, AUDITED_FIELDS), {}),
            )
        admin.ModelAdmin.delete_queryset(self, request, queryset)


@admin.register(models.Endpoint)
class EndpointAdmin(SecretSafeAuditMixin, admin.ModelAdmin):
    list_display = ["organisation", "url", "is_active", "disabled_reason", "created_at"]
    list_filter = ["is_active", "disabled_reason"]
    search_fields = ["url", "organisation__name", "organisation__slug"]
    raw_id_fields = ["organisation", "created_by"]
    exclude = ["secret", "previous_secret"]
    readonly_fields = ["secret_rotated_at", "disabled_at", "created_at"]


@admin.register(models.Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "status",
        "attempts",
        "last_response_code",
    ]
    list_filter = ["status", "event_type"]
    search_fields = ["event_id", "endpoint__url", "endpoint__organisation__slug"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
