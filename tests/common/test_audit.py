import pytest
from django.db.models.fields.files import FieldFile

from korpu.common import audit
from korpu.common.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_secrets_are_never_logged_but_their_change_is():
    person = factories.PersonFactory()
    before = audit.snapshot(person)
    old_hash = person.password
    person.set_password("another-long-passphrase")
    changes = audit.diff(before, audit.snapshot(person))
    audit.record(actor=None, action="person.update", obj=person, changes=changes)
    logged = AuditEntry.objects.get().changes
    assert set(logged) == {"password"}
    assert all(v.startswith("[redacted]") for v in logged["password"])
    assert old_hash not in str(logged) and person.password not in str(logged)


def test_admin_changes_are_audited_with_before_and_after(client):
    admin = factories.PersonFactory(is_staff=True, is_superuser=True)
    company = factories.OrganisationFactory(city="Gebze")
    client.force_login(admin)
    url = f"/en/admin/directory/organisation/{company.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        key: value
        for key, value in form.initial.items()
        if value not in (None, "") and not isinstance(value, (list, FieldFile))
    }
    data.update(
        {
            "city": "Kocaeli",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "residencies-TOTAL_FORMS": "0",
            "residencies-INITIAL_FORMS": "0",
        }
    )
    client.post(url, data)
    entry = AuditEntry.objects.get(action="admin.change")
    assert (entry.actor, entry.changes["city"]) == (admin, ["Gebze", "Kocaeli"])
