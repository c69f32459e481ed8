"""The brokerage API: browsing, requests and answers, agenda and booking, and the
organisers' meetings and schedule runs."""

import pytest
from django.test import Client

from korpu.directory import services as directory_services
from korpu.matchmaking.models import Meeting, MeetingRequest, ScheduleRun
from tests import factories as directory
from tests.matchmaking.factories import (
    BrokerageDayFactory,
    LocationFactory,
    ProfileFactory,
    add_slots,
    meeting,
    organiser,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/brokerage"


def client_of(person) -> Client:
    _token, key = directory_services.create_api_token(actor=person, name="script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def post(person, url, body=None):
    return client_of(person).post(url, body or {}, content_type="application/json")


@pytest.fixture
def world():
    day = BrokerageDayFactory()
    company = directory.OrganisationFactory(
        name="Pusula", email="secret@pusula.example", phone="+90 1"
    )
    a = ProfileFactory(brokerage_day=day, organisation=company, country="TR")
    b = ProfileFactory(brokerage_day=day, offer="Sensors", seek="Robots")
    return {"day": day, "a": a, "b": b, "url": f"{API}/{day.event_id}"}


def test_profiles_for_participants_only_and_without_contacts(world):
    url = f"{world['url']}/profiles"
    assert Client().get(url).status_code == 401
    assert client_of(directory.PersonFactory()).get(url).status_code == 403
    response = client_of(world["b"].person).get(url, {"country": "tr"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert (item["id"], item["name"], item["organisation"]["name"]) == (
        world["a"].pk,
        "Pusula",
        "Pusula",
    )
    text = response.content.decode()
    assert "secret@pusula.example" not in text and "+90 1" not in text
    assert world["a"].person.email not in text
    one = client_of(world["b"].person).get(f"{url}/{world['a'].pk}")
    assert one.json()["offer"] == world["a"].offer


def test_unknown_or_hidden_event_answers_404(world):
    assert client_of(world["a"].person).get(f"{API}/999999").status_code == 404
    other = BrokerageDayFactory(event__status="draft")
    assert client_of(world["a"].person).get(f"{API}/{other.event_id}").status_code == 404


def test_request_accept_and_agenda(world):
    a, b = world["a"], world["b"]
    created = post(a.person, f"{world['url']}/requests", {"to": b.pk, "message": "Coffee?"})
    assert created.status_code == 201, created.content
    request_id = created.json()["id"]
    assert created.json()["status"] == "pending"
    again = post(a.person, f"{world['url']}/requests", {"to": b.pk})
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_requested"
    mine = client_of(b.person).get(f"{world['url']}/requests").json()
    assert [r["id"] for r in mine["received"]] == [request_id] and mine["sent"] == []
    # The requester may not accept their own request.
    assert post(a.person, f"{world['url']}/requests/{request_id}/accept").status_code == 403
    accepted = post(b.person, f"{world['url']}/requests/{request_id}/accept")
    assert accepted.status_code == 200
    assert sorted(p["id"] for p in accepted.json()["participants"]) == sorted([a.pk, b.pk])
    agenda = client_of(a.person).get(f"{world['url']}/agenda").json()
    assert [(m["id"], m["slot"]) for m in agenda] == [(accepted.json()["id"], None)]
    # Nobody else sees the request.
    stranger = ProfileFactory(brokerage_day=world["day"]).person
    assert post(stranger, f"{world['url']}/requests/{request_id}/cancel").status_code == 404


def test_refusals_carry_their_code(world):
    response = post(world["a"].person, f"{world['url']}/requests", {"to": world["a"].pk})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["code"] == "self_request"
    no_profile = directory.PersonFactory()
    assert post(no_profile, f"{world['url']}/requests", {"to": world["a"].pk}).status_code == 403


def test_decline_and_cancel(world):
    a, b = world["a"], world["b"]
    first = MeetingRequest.objects.create(brokerage_day=world["day"], requester=a, invitee=b)
    declined = post(b.person, f"{world['url']}/requests/{first.pk}/decline", {"reason": "No"})
    assert (declined.json()["status"], declined.json()["decline_reason"]) == ("declined", "No")
    second = MeetingRequest.objects.create(brokerage_day=world["day"], requester=b, invitee=a)
    cancelled = post(b.person, f"{world['url']}/requests/{second.pk}/cancel")
    assert cancelled.json()["status"] == "cancelled"


def test_booking_a_slot_and_cancelling_the_meeting(world):
    day = world["day"]
    slots = add_slots(day, 2)
    table = LocationFactory(brokerage_day=day)
    target = meeting(world["a"], world["b"])
    url = f"{world['url']}/meetings/{target.pk}"
    refused = post(world["a"].person, f"{url}/book", {"slot": slots[0].pk})
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["code"] == "no_self_scheduling"
    day.self_scheduling = True
    day.save()
    booked = post(world["a"].person, f"{url}/book", {"slot": slots[0].pk})
    assert booked.status_code == 200, booked.content
    assert (booked.json()["slot"]["id"], booked.json()["location"]["id"]) == (slots[0].pk, table.pk)
    cancelled = post(world["b"].person, f"{url}/cancel", {"reason": "Sorry"})
    assert (cancelled.json()["status"], cancelled.json()["slot"]) == ("cancelled", None)


def test_organisers_list_meetings_and_run_the_scheduler(world, django_capture_on_commit_callbacks):
    day = world["day"]
    add_slots(day, 3)
    LocationFactory(brokerage_day=day)
    meeting(world["a"], world["b"])
    boss = organiser(day)
    assert client_of(world["a"].person).get(f"{world['url']}/meetings").status_code == 403
    assert post(world["a"].person, f"{world['url']}/schedule-runs").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        started = post(boss, f"{world['url']}/schedule-runs", {"time_limit": 2, "seed": 1})
    assert started.status_code == 202, started.content
    run_id = started.json()["id"]
    run = client_of(boss).get(f"{world['url']}/schedule-runs/{run_id}").json()
    assert (run["status"], run["progress"], run["stats"]["scheduled"]) == ("done", 1.0, 1)
    listed = client_of(boss).get(f"{world['url']}/meetings", {"scheduled": "true"}).json()
    assert listed["count"] == 1 and listed["items"][0]["slot"] is not None
    # Participants see the time only once the schedule is published.
    agenda = client_of(world["a"].person).get(f"{world['url']}/agenda").json()
    assert agenda[0]["slot"] is None
    day.schedule_status = "preliminary"
    day.save()
    agenda = client_of(world["a"].person).get(f"{world['url']}/agenda").json()
    assert agenda[0]["slot"]["id"] == Meeting.objects.get().slot_id
    ScheduleRun.objects.filter(pk=run_id).update(status="running")
    busy = post(boss, f"{world['url']}/schedule-runs")
    assert busy.status_code == 409 and busy.json()["error"]["code"] == "run_in_progress"


def test_recommendations_and_day(world):
    recommended = client_of(world["a"].person).get(f"{world['url']}/recommendations")
    assert recommended.status_code == 200
    assert [m["profile"]["id"] for m in recommended.json()] == [world["b"].pk]
    assert recommended.json()[0]["reasons"]
    day = client_of(world["a"].person).get(world["url"]).json()
    assert (day["request_mode"], day["slot_minutes"], day["profiles"]) == ("opt_in", 20, 2)


def test_openapi_lists_the_brokerage_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/brokerage/{event_id}/schedule-runs" in paths
