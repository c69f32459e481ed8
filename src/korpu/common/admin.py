from django.contrib import admin

from . import audit
from .models import AuditEntry, OutboxMessage


class AuditedAdminMixin:
    """Records an audit entry for every save and delete made through the admin."""

    def save_model(self, request, obj, form, change):
        before = {}
        if change:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = audit.snapshot(stored) if stored else {}
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj)
        audit.record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            obj=obj,
            changes=audit.diff(before, after),
        )

    def delete_model(self, request, obj):
        audit.record(
            actor=request.user,
            action="admin.delete",
            obj=obj,
            changes=audit.diff(audit.snapshot(obj), {}),
        )
        super().delete_model(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor__email", "action"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request):
        return False
