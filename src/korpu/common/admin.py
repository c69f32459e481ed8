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

    def save_formset(self, request, form, formset, change):
        """Inline rows (memberships, residencies, commitments…) are audited too."""
        stored = {obj.pk: audit.snapshot(obj) for obj in formset.get_queryset()}
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                audit.record(
                    actor=request.user,
                    action="admin.delete",
                    obj=deleted.instance,
                    changes=audit.diff(stored.get(deleted.instance.pk, {}), {}),
                )
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            audit.record(
                actor=request.user,
                action="admin.add",
                obj=obj,
                changes=audit.diff({}, audit.snapshot(obj)),
            )
        for obj, _fields in formset.changed_objects:
            audit.record(
                actor=request.user,
                action="admin.change",
                obj=obj,
                changes=audit.diff(stored.get(obj.pk, {}), audit.snapshot(obj)),
            )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record(
                actor=request.user,
                action="admin.delete",
                obj=obj,
                changes=audit.diff(audit.snapshot(obj), {}),
            )
        super().delete_queryset(request, queryset)

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
