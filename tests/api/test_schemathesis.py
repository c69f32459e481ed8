"""The OpenAPI description at /api/v1/openapi.json against the API itself, with
schemathesis: requests generated from the spec, valid ones and invalid ones, for every
operation, sent anonymously and with the tokens of people who have data. None may answer
5xx, and every answer must be one the spec documents (status, content type, body schema).

The run is in-process (Django's WSGI handler, no server), seeded and derandomized: the
same requests every time, with no Hypothesis database. It sends at least
``MIN_REQUESTS`` requests and counts them.
"""

import itertools
import logging
import time
from collections import Counter
from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from korpu.directory import services as directory_services
from korpu.directory.demo import load_demo
from korpu.directory.models import Organisation, Park, Partnership, Person
from korpu.events.demo import load_events_demo
from korpu.events.models import Event, Registration
from korpu.facilities.demo import load_facilities_demo
from korpu.facilities.models import Booking, Facility, Resource
from korpu.matchmaking.demo import load_matchmaking_demo
from korpu.matchmaking.models import BrokerageDay, Meeting, MeetingRequest, ScheduleRun
from korpu.matchmaking.models import Profile as BrokerageProfile
from korpu.programs.demo import load_programmes_demo
from korpu.programs.models import Application, Call, Programme
from korpu.transfer import services as transfer_services
from korpu.transfer.models import Deal, ExpressionOfInterest
from korpu.transfer.models import Profile as TransferProfile
from tests.transfer.factories import InterestFactory, ProfileFactory

pytestmark = pytest.mark.django_db

OPENAPI = "/api/v1/openapi.json"
MIN_REQUESTS = 2000
# Examples per operation, generation mode and caller; Hypothesis sends fewer where an
# operation has fewer distinct requests to make.
EXAMPLES = 4
REPORT_CHARS = 2500
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Who calls: nobody, and people of the demo whose roles reach every kind of data.
CALLERS = (
    None,
    "company.admin@korpu.example",  # applications, bookings, brokerage, marketplace
    "programme.manager@korpu.example",  # organiser of programmes and events
    "agency.admin@korpu.example",  # partnership admin, intermediary of the marketplace
)


# --- the data -----------------------------------------------------------------------------
def build_world() -> None:
    """The demo of every module except the marketplace's (whose loader embeds hundreds of
    texts for minutes), and a small marketplace made with the factories instead."""
    load_demo()
    load_programmes_demo()
    load_events_demo()
    load_matchmaking_demo()
    load_facilities_demo()

    company = Person.objects.get(email="company.admin@korpu.example")
    own = company.memberships.get().organisation
    agency = Organisation.objects.get(slug="innovation-agency")
    others = list(Organisation.objects.exclude(pk__in=[own.pk, agency.pk]).order_by("pk")[:3])
    ProfileFactory(owner=own, intermediary=agency)  # a draft of the company
    ProfileFactory(owner=own, intermediary=agency, published=True)
    wanted = [ProfileFactory(owner=o, intermediary=agency, published=True) for o in others]
    InterestFactory(profile=wanted[0], company=own, author=company)
    interest = InterestFactory(profile=wanted[1], company=own, author=company)
    ExpressionOfInterest.objects.filter(pk=interest.pk).update(
        status=ExpressionOfInterest.Status.ACCEPTED
    )
    interest.refresh_from_db()
    transfer_services.open_deal(
        actor=company, interest=interest, agreement_type=Deal.AgreementType.LICENCE
    )


def known_path_parameters(path: str) -> list[dict]:
    """Path parameters of objects that exist, for ``path`` (a template of the spec)."""

    def ids(queryset, n=4):
        return list(queryset.order_by("pk").values_list("pk", flat=True)[:n])

    def combine(base: dict, **choices) -> list[dict]:
        names = list(choices)
        return [
            {**base, **dict(zip(names, values, strict=True))}
            for values in itertools.islice(itertools.product(*choices.values()), 6)
        ]

    if path.startswith("/api/v1/brokerage/"):
        found = []
        for day in BrokerageDay.objects.order_by("pk")[:2]:
            choices = {
                "profile_id": ids(BrokerageProfile.objects.filter(brokerage_day=day)),
                "request_id": ids(MeetingRequest.objects.filter(brokerage_day=day)),
                "meeting_id": ids(Meeting.objects.filter(brokerage_day=day)),
                "run_id": ids(ScheduleRun.objects.filter(brokerage_day=day)),
            }
            wanted = {name: values for name, values in choices.items() if "{" + name in path}
            found += combine({"event_id": day.event_id}, **wanted)
        return found
    if "{registration_id}" in path:
        pairs = Registration.objects.order_by("pk").values_list("event_id", "pk")[:6]
        return [{"event_id": e, "registration_id": r} for e, r in pairs]
    slugs = {
        "/api/v1/organisations/": Organisation.objects,
        "/api/v1/parks/": Park.objects,
        "/api/v1/partnerships/": Partnership.objects,
        "/api/v1/programmes/": Programme.objects,
        "/api/v1/insights/parks/": Park.objects,
        "/api/v1/insights/partnerships/": Partnership.objects,
    }
    for prefix, objects in slugs.items():
        if path.startswith(prefix) and "{slug}" in path:
            slugs_found = objects.order_by("pk").values_list("slug", flat=True)[:4]
            return [{"slug": slug} for slug in slugs_found]
    by_name = {
        "person_id": Person.objects.filter(is_active=True),
        "call_id": Call.objects,
        "application_id": Application.objects,
        "event_id": Event.objects,
        "resource_id": Resource.objects,
        "booking_id": Booking.objects,
        "profile_id": TransferProfile.objects,
        "interest_id": ExpressionOfInterest.objects,
        "deal_id": Deal.objects,
    }
    for name, objects in by_name.items():
        if "{" + name + "}" in path:
            return [{name: pk} for pk in ids(objects.all(), 6)]
    if "{facility_slug}" in path:
        slugs_found = Facility.objects.order_by("pk").values_list("slug", flat=True)[:4]
        return [{"facility_slug": slug} for slug in slugs_found]
    return []


# --- the run ------------------------------------------------------------------------------
@contextmanager
def in_process_requests():
    """Like Django's test client: the test's database connection (and its transaction)
    stays open across requests; each server error's traceback is kept for the report."""
    tracebacks = []

    class Keep(logging.Handler):
        def emit(self, record):
            if record.exc_info:
                tracebacks.append(logging.Formatter().format(record))

    handler = Keep(level=logging.ERROR)
    logger = logging.getLogger("django.request")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    logger.addHandler(handler)
    try:
        yield tracebacks
    finally:
        logger.removeHandler(handler)
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def strategy_for(operation, mode: GenerationMode):
    """Generated cases, and as many again for objects that exist (a random id is a 404
    before the code worth testing runs)."""
    generated = operation.as_strategy(generation_mode=mode)
    known = known_path_parameters(operation.path)
    if not known:
        return generated
    on_real_objects = st.sampled_from(known).flatmap(
        lambda parameters: operation.as_strategy(generation_mode=mode, path_parameters=parameters)
    )
    return st.one_of(generated, on_real_objects)


def exercise(operation, strategy, headers, failures: dict, sent: list) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        sent.append((operation.label, response.status_code))
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            for failure in group.exceptions:
                # The first lines say what broke and where; the rest repeats the body.
                failures.setdefault((operation.label, failure.title), str(group)[:REPORT_CHARS])

    run()


def test_the_api_answers_as_its_openapi_spec_says():
    build_world()
    callers = {None: None}
    for email in filter(None, CALLERS):
        person = Person.objects.get(email=email)
        _token, key = directory_services.create_api_token(actor=person, name="schemathesis")
        callers[email] = {"Authorization": f"Bearer {key}"}

    failures, sent = {}, []
    with in_process_requests() as tracebacks:
        schema = schemathesis.openapi.from_wsgi(OPENAPI, WSGIHandler())
        # Anonymous means no credentials at all; bad tokens are tested in tests/directory.
        schema.config.generation.update(with_security_parameters=False)
        operations = [result.ok() for result in schema.get_all_operations()]
        started = time.monotonic()
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                strategy = strategy_for(operation, mode)
                for headers in callers.values():
                    exercise(operation, strategy, headers, failures, sent)
    seconds = time.monotonic() - started

    report = "\n\n".join(f"{label}: {title}\n{text}" for (label, title), text in failures.items())
    summary = f"{len(failures)} failures in {len(sent)} requests"
    assert not failures, f"{summary}:\n\n{report}\n\n" + "\n".join(tracebacks)
    assert not tracebacks, "\n".join(tracebacks)
    assert all(status < 500 for _label, status in sent)
    assert len(operations) >= 80
    assert len(sent) >= MIN_REQUESTS, f"{len(sent)} requests in {seconds:.0f} s"
    answers = Counter(f"{status // 100}xx" for _label, status in sent)
    assert answers["2xx"] >= len(sent) // 5, answers  # the known objects are reached
    print(
        f"schemathesis: {len(sent)} requests to {len(operations)} operations in "
        f"{seconds:.0f} s: {dict(sorted(answers.items()))}"
    )
