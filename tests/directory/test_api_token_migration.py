"""Tokens made before scopes existed keep working as before: read and write, every
organisation, no expiry."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("directory", "0002_qualification_qualificationgrant")]
AFTER = [("directory", "0003_api_token_scope_organisation_expiry")]


@pytest.mark.django_db(transaction=True)
def test_existing_tokens_become_read_write_without_organisation_or_expiry():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    person = old_apps.get_model("directory", "Person").objects.create(email="old@example.org")
    token_model = old_apps.get_model("directory", "ApiToken")
    token = token_model.objects.create(
        person=person, name="old script", lookup="old000000001", key_hash="x" * 64
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new_apps = executor.loader.project_state(AFTER).apps
    migrated = new_apps.get_model("directory", "ApiToken").objects.get(pk=token.pk)
    assert (migrated.scope, migrated.organisation_id, migrated.expires_at) == (
        "read-write",
        None,
        None,
    )
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
