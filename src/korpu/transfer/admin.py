"""Admin of the marketplace.

The keyword taxonomy is kept in ``data/keywords.json`` and loaded on migrate, so it is
read-only here. Profiles' workflow (review, publication, expiry), expressions of interest
and deals change through :mod:`korpu.transfer.services` (mail, audit, anonymity), so the
admin shows them without letting them be edited around those rules.
"""

from django.contrib import admin

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Keyword)
class KeywordAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["code", "name_en", "name_az", "name_tr"]


@admin.register(models.Profile)
class ProfileAdmin(ReadOnlyAdmin):
    list_display = ["reference", "title", "type", "status", "owner", "intermediary", "expires_at"]
    list_filter = ["type", "status", "language", "is_anonymous"]
    search_fields = ["reference", "title_en", "title_az", "title_tr", "owner__name"]


@admin.register(models.ExpressionOfInterest)
class InterestAdmin(ReadOnlyAdmin):
    list_display = ["profile", "company", "status", "created_at", "decided_at"]
    list_filter = ["status"]


@admin.register(models.Deal)
class DealAdmin(ReadOnlyAdmin):
    list_display = ["title", "agreement_type", "status", "signed_on", "expires_on", "value"]
    list_filter = ["agreement_type", "status"]


@admin.register(models.SavedSearch)
class SavedSearchAdmin(ReadOnlyAdmin):
    list_display = ["name", "person", "frequency", "is_active", "last_sent_at"]
