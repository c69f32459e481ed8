"""The admin shows resident reporting; periods, reports and reminders are read-only
there (they change only through the services), a scheme's fixed fields too once
periods have opened, and a scheme's indicators must come from the catalogue."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from korpu.insights import reporting
from korpu.insights.models import ReportingScheme
from tests.factories import PersonFactory
from tests.insights.conftest import FULL

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_and_pages(admin_client, q2, resident):
    company, member = resident
    report = reporting.save_report(
        actor=member, period=q2, company=company, values=FULL, submit=True
    )
    scheme = ReportingScheme.objects.get()
    pages = [
        reverse("admin:insights_reportingscheme_changelist"),
        reverse("admin:insights_reportingscheme_change", args=[scheme.pk]),
        reverse("admin:insights_reportingperiod_changelist"),
        reverse("admin:insights_reportingperiod_change", args=[q2.pk]),
        reverse("admin:insights_report_changelist"),
        reverse("admin:insights_report_change", args=[report.pk]),
        reverse("admin:insights_reminder_changelist"),
    ]
    assert [admin_client.get(page).status_code for page in pages] == [200] * len(pages)
    assert admin_client.get(reverse("admin:insights_report_add")).status_code == 403
    scheme_page = admin_client.get(
        reverse("admin:insights_reportingscheme_change", args=[scheme.pk])
    )
    readonly = scheme_page.context["adminform"].readonly_fields
    assert list(readonly) == ["park", "frequency", "currency", "starts_on"]


def test_a_scheme_with_unknown_indicators_is_invalid(scheme):
    scheme.indicators = ["staff", "bitcoin"]
    with pytest.raises(ValidationError) as refused:
        scheme.full_clean()
    assert list(refused.value.message_dict) == ["indicators"]
    scheme.indicators = ["revenue", "staff"]
    scheme.full_clean()
    assert scheme.indicators == ["staff", "revenue"]
