"""``korpu brokerage_tick``: requests nobody answered in time expire; reminders go once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from korpu.matchmaking import services
from korpu.matchmaking.models import MeetingRequest
from tests.matchmaking.factories import BrokerageDayFactory, ProfileFactory

pytestmark = pytest.mark.django_db


def test_brokerage_tick_expires_requests_nobody_answered(capsys):
    day = BrokerageDayFactory()
    a, b = ProfileFactory(brokerage_day=day), ProfileFactory(brokerage_day=day)
    request = services.request_meeting(requester=a, invitee=b, actor=a.person)
    call_command("brokerage_tick")
    assert capsys.readouterr().out == "brokerage: 0 requests expired, 0 reminders sent\n"
    MeetingRequest.objects.filter(pk=request.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("brokerage_tick")
    assert capsys.readouterr().out == "brokerage: 1 requests expired, 0 reminders sent\n"
    request.refresh_from_db()
    assert request.status == MeetingRequest.Status.EXPIRED
