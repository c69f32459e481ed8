"""Reads of brokerage days: browsing and filtering, recommendations with reasons,
agendas, the grid and the organisers' statistics."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from korpu.matchmaking import queries
from korpu.matchmaking.models import MarketplaceEntry, MeetingFeedback, MeetingRequest, Profile
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


@pytest.fixture
def world():
    day = BrokerageDayFactory()
    ict = directory.SectorFactory(slug="ict", name="ICT")
    auto = directory.SectorFactory(slug="automotive", name="Automotive")
    robotik = directory.OrganisationFactory(name="Robotik A.Ş.", kind="sme", country="TR")
    lab = directory.OrganisationFactory(name="Xəzər Lab", kind="university", country="AZ")
    tr = ProfileFactory(
        brokerage_day=day,
        organisation=robotik,
        country="TR",
        offer="Collaborative robots with machine vision",
        seek="Distributors and integrators in Azerbaijan",
        languages=["tr", "en"],
        sectors=[auto],
    )
    az = ProfileFactory(
        brokerage_day=day,
        organisation=lab,
        country="AZ",
        offer="Integration services for factories; research on vision",
        seek="Robots for our automotive customers",
        languages=["az", "ru"],
        sectors=[auto, ict],
    )
    hidden = ProfileFactory(brokerage_day=day, published=False, offer="Secret plans", seek="Robots")
    other = ProfileFactory(brokerage_day=day, offer="Catering", seek="Clients", country="AZ")
    MarketplaceEntry.objects.create(profile=tr, kind="partnership", title="Integrator wanted")
    MarketplaceEntry.objects.create(profile=az, kind="partnership", title="Pilot line")
    return {"day": day, "tr": tr, "az": az, "hidden": hidden, "other": other}


def names(profiles) -> list[str]:
    return [p.display_name for p in profiles]


def test_who_sees_which_profiles(world):
    day = world["day"]
    everyone = {p.pk for p in Profile.objects.filter(brokerage_day=day)}
    published = everyone - {world["hidden"].pk}
    seen = {
        who: {p.pk for p in queries.visible_profiles(person, day)}
        for who, person in {
            "organiser": organiser(day),
            "participant": world["tr"].person,
            "hidden one": world["hidden"].person,
            "stranger": directory.PersonFactory(),
            "anonymous": AnonymousUser(),
        }.items()
    }
    assert seen == {
        "organiser": everyone,
        "participant": published,
        "hidden one": published | {world["hidden"].pk},
        "stranger": set(),
        "anonymous": set(),
    }


def test_filters(world):
    day, viewer = world["day"], world["tr"].person

    def found(**filters):
        return sorted(names(queries.profile_list(viewer, day, **filters)))

    assert found(country="tr") == ["Robotik A.Ş."]
    assert found(organisation_kind="university") == ["Xəzər Lab"]
    assert found(sector="ict") == ["Xəzər Lab"]
    assert found(sector="automotive") == ["Robotik A.Ş.", "Xəzər Lab"]
    assert found(language="ru") == ["Xəzər Lab"]
    assert found(offer="vision") == ["Robotik A.Ş.", "Xəzər Lab"]
    assert found(seek="robots") == ["Xəzər Lab"]  # the hidden profile is not listed
    assert found(search="pilot") == ["Xəzər Lab"]  # marketplace titles
    assert found(search="xəzər") == ["Xəzər Lab"]
    assert len(found()) == 3


def test_recommendations_explain_themselves(world):
    matches = queries.recommended_matches(world["tr"])
    assert [m.profile for m in matches] == [world["az"]]  # catering meets nothing
    best = matches[0]
    assert best.reasons == [
        "Offers what you are looking for: integration.",
        "Looks for what you offer: robots.",
        "Same sector: Automotive.",
        "Marketplace entries of the same kind: partnership.",
        "From Azerbaijan: a partner across the border.",
    ]
    assert best.score == 3 + 3 + 2 + 1 + 1
    with translation.override("tr"):
        reasons = queries.recommended_matches(world["tr"])[0].reasons
    assert "Azerbaycan" in reasons[-1]  # country names follow the language already


def test_recommendations_leave_out_people_already_asked(world):
    MeetingRequest.objects.create(
        brokerage_day=world["day"], requester=world["az"], invitee=world["tr"]
    )
    assert queries.recommended_matches(world["tr"]) == []


def test_keywords_meet_across_languages():
    assert set(queries.keywords("Robotik hücreler")) & set(queries.keywords("robotics cells"))
    assert "sensor" in queries.keywords("sensörler")
    assert queries.keywords("and the için və") == {}


def test_agenda_in_time_order_and_the_grid(world):
    day = world["day"]
    slots = add_slots(day, 3)
    table = LocationFactory(brokerage_day=day, name="T1")
    later = meeting(world["tr"], world["az"], slot=slots[2], location=table)
    first = meeting(world["tr"], world["other"], slot=slots[0], location=table)
    waiting = meeting(world["tr"], world["hidden"])
    assert list(queries.agenda(world["tr"])) == [first, later, waiting]
    grid = queries.schedule_grid(day)
    assert grid.cells == {(slots[0].pk, table.pk): [first], (slots[2].pk, table.pk): [later]}
    assert grid.unscheduled == [waiting]
    assert not queries.time_visible(first)
    day.schedule_status = "preliminary"
    day.save()
    assert queries.time_visible(queries.agenda(world["tr"])[0])


def test_statistics_by_country_and_sector(world):
    day = world["day"]
    slots = add_slots(day, 2)
    table = LocationFactory(brokerage_day=day)
    tr, az, other = world["tr"], world["az"], world["other"]
    MeetingRequest.objects.create(brokerage_day=day, requester=tr, invitee=az, status="accepted")
    MeetingRequest.objects.create(brokerage_day=day, requester=other, invitee=tr, status="declined")
    met = meeting(tr, az, slot=slots[0], location=table)
    meeting(tr, other)
    MeetingFeedback.objects.create(meeting=met, profile=tr, outcome="cooperation_possible")
    MeetingFeedback.objects.create(meeting=met, profile=az, outcome="informative")
    stats = queries.brokerage_statistics(day)
    assert stats["totals"] == {
        "profiles": 4,
        "published_profiles": 3,
        "requested": 2,
        "accepted": 2,
        "scheduled": 1,
        "realised": 1,
        "cooperation_possible": 1,
        "feedback": 2,
    }
    assert stats["requests_by_status"]["accepted"] == 1
    assert {row["outcome"]: row["count"] for row in stats["outcomes"]} == {
        "did_not_take_place": 0,
        "insufficient_interest": 0,
        "informative": 1,
        "cooperation_possible": 1,
    }
    by_country = {row["country"]: row for row in stats["by_country"]}
    assert {k: by_country["TR"][k] for k in ("profiles", "requested", "accepted", "realised")} == {
        "profiles": 1,
        "requested": 2,
        "accepted": 2,
        "realised": 1,
    }
    assert by_country["AZ"]["profiles"] == 3 and by_country["AZ"]["accepted"] == 2
    assert by_country["TR"]["country_name"] == "Türkiye"
    by_sector = {row["sector"]: row for row in stats["by_sector"]}
    assert (by_sector["automotive"]["accepted"], by_sector["ict"]["accepted"]) == (2, 1)
    assert by_sector["ict"]["scheduled"] == 1
    assert stats["by_organisation_kind"] == [
        {"kind": "sme", "label": "SME", "profiles": 1},
        {"kind": "university", "label": "university", "profiles": 1},
    ]


def test_facets(world):
    facets = queries.profile_facets(world["day"])
    assert facets["countries"] == ["AZ", "TR"]
    assert facets["organisation_kinds"] == ["sme", "university"]
    assert [s.slug for s in facets["sectors"]] == ["automotive", "ict"]
    assert facets["languages"] == ["az", "en", "ru", "tr"]
