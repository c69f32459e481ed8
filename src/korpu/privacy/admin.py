from django.contrib import admin

from .models import ConsentRecord, Erasure


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["person", "purpose", "version", "given_at", "withdrawn_at", "method"]
    list_filter = ["purpose", "method", "version"]
    search_fields = ["person__email"]
    raw_id_fields = ["person"]
    readonly_fields = ["given_at", "withdrawn_at"]


@admin.register(Erasure)
class ErasureAdmin(admin.ModelAdmin):
    list_display = ["person", "done_at", "requested_by_self"]
    readonly_fields = ["person", "done_at", "requested_by_self", "counts"]

    def has_add_permission(self, request):
        return False
