"""The question builder of both forms, the feedback survey, its invitations and results."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.events import surveys
from korpu.events.models import Event, Question, Registration, Survey, SurveyResponse
from tests import factories
from tests.events.factories import (
    EventFactory,
    QuestionFactory,
    RegistrationFactory,
    organiser_manager,
)

pytestmark = pytest.mark.django_db

BAKU = zoneinfo.ZoneInfo("Asia/Baku")
Kind = Question.Kind
SURVEY = Question.Form.SURVEY


def refused(function, **kwargs) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        function(**kwargs)
    return caught.value.messages


@pytest.fixture
def event():
    return EventFactory(
        title="Robotics training",
        starts_at=timezone.now() - datetime.timedelta(days=2),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.fixture
def organiser(event):
    return organiser_manager(event)


@pytest.fixture
def survey(event):
    """An open survey with one question of each kind."""
    survey = Survey.objects.create(
        event=event,
        opens_at=timezone.now() - datetime.timedelta(hours=1),
        closes_at=timezone.now() + datetime.timedelta(days=7),
        intro_en="Tell us what you thought.",
    )
    questions = {
        "rating": QuestionFactory(event=event, form=SURVEY, kind=Kind.RATING, label="Overall"),
        "choice": QuestionFactory(
            event=event,
            form=SURVEY,
            kind=Kind.CHOICE,
            label="Best day",
            choices=["Monday", "Tuesday"],
        ),
        "multi": QuestionFactory(
            event=event,
            form=SURVEY,
            kind=Kind.MULTIPLE_CHOICE,
            label="Useful parts",
            choices=["Talks", "Labs", "Food"],
            required=False,
        ),
        "yes_no": QuestionFactory(event=event, form=SURVEY, kind=Kind.YES_NO, label="Again?"),
        "number": QuestionFactory(
            event=event, form=SURVEY, kind=Kind.NUMBER, label="Hours", required=False
        ),
        "text": QuestionFactory(
            event=event, form=SURVEY, kind=Kind.LONG_TEXT, label="Comments", required=False
        ),
    }
    survey.questions = questions
    return survey


def answers(survey, **values) -> dict:
    return {f"q{survey.questions[key].pk}": value for key, value in values.items()}


# --- the question builder ----------------------------------------------------------------
def builder_url(event, form="registration"):
    return reverse("events:questions_edit", args=[event.slug, form])


def question_post(**overrides) -> dict:
    data = {
        "action": "save",
        "kind": "choice",
        "label_en": "Your level",
        "label_az": "Səviyyəniz",
        "label_tr": "Seviyeniz",
        "help_text_en": "",
        "required": "on",
        "choices": "Beginner\nAdvanced\n\nBeginner",
    }
    data.update(overrides)
    return data


def test_organisers_build_the_registration_form(client, event, organiser):
    client.force_login(organiser)
    url = builder_url(event)
    assert client.get(url).status_code == 200
    response = client.post(url, question_post())
    assert response.status_code == 302
    question = Question.objects.get(event=event)
    assert (
        question.form,
        question.kind,
        question.label_en,
        question.label_az,
        question.label_tr,
        question.required,
        question.choices,
        question.position,
    ) == (
        "registration",
        "choice",
        "Your level",
        "Səviyyəniz",
        "Seviyeniz",
        True,
        ["Beginner", "Advanced"],
        0,
    )
    client.post(url, question_post(kind="text", label_en="Why?", choices="ignored"))
    second = Question.objects.get(event=event, label_en="Why?")
    assert (second.position, second.choices) == (1, [])
    # A survey question lives in its own list.
    client.post(builder_url(event, "survey"), question_post(kind="rating", label_en="Overall"))
    assert [(q.form, q.position) for q in Question.objects.filter(label_en="Overall")] == [
        ("survey", 0)
    ]

    client.post(url, {"action": "up", "question": second.pk})
    assert list(
        Question.objects.filter(event=event, form="registration").values_list("label_en", flat=True)
    ) == ["Why?", "Your level"]
    client.post(url, question_post(question=second.pk, label_en="Why this training?", kind="text"))
    second.refresh_from_db()
    assert second.label_en == "Why this training?"
    client.post(url, {"action": "delete", "question": second.pk})
    assert not Question.objects.filter(pk=second.pk).exists()
    assert list(
        AuditEntry.objects.filter(action__startswith="events.question_")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "events.question_create",
        "events.question_create",
        "events.question_create",
        "events.question_move",
        "events.question_update",
        "events.question_delete",
    ]


def test_question_builder_refuses_bad_input(client, event, organiser):
    client.force_login(organiser)
    url = builder_url(event)
    response = client.post(url, question_post(choices="Only one"))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "choices": ["A choice question needs at least two options."]
    }
    response = client.post(url, question_post(label_en=""))
    assert response.context["form"].errors == {"label_en": ["This field is required."]}
    response = client.post(url, question_post(kind="essay"))
    assert list(response.context["form"].errors) == ["kind"]
    assert not Question.objects.filter(event=event).exists()
    assert client.get(builder_url(event, "feedback")).status_code == 404
    assert client.post(url, {"action": "delete", "question": 999999}).status_code == 404
    assert client.post(url, {"action": "explode"}).status_code == 404


def test_question_builder_is_for_organisers(client, event):
    url = builder_url(event)
    assert client.get(url).status_code == 302  # to the login page
    participant = RegistrationFactory(event=event).person
    client.force_login(participant)
    assert client.get(url).status_code == 403
    assert client.post(url, question_post()).status_code == 403
    assert not Question.objects.exists()
    draft = EventFactory(status=Event.Status.DRAFT)
    assert client.get(builder_url(draft)).status_code == 404
    with pytest.raises(PermissionDenied):
        surveys.add_question(actor=participant, event=event, form="registration", data={})
    # The organisers' tabs link to the registration form's builder with the event alone.
    client.force_login(organiser_manager(event))
    response = client.get(reverse("events:questions_edit", args=[event.slug]))
    assert (response.status_code, response.context["form_name"]) == (200, "registration")


def test_answered_questions_cannot_be_deleted_or_change_kind(client, event, organiser, survey):
    question = QuestionFactory(event=event, label_en="Motivation")
    RegistrationFactory(event=event, answers={str(question.pk): "robots"})
    client.force_login(organiser)
    response = client.post(builder_url(event), {"action": "delete", "question": question.pk})
    assert response.status_code == 302
    assert Question.objects.filter(pk=question.pk).exists()
    assert [str(m) for m in response.wsgi_request._messages] == [
        "People have answered this question, so it cannot be deleted: their answers would "
        "lose their meaning. You can make it optional or reword it instead."
    ]
    assert refused(
        surveys.update_question, actor=organiser, question=question, data={"kind": "number"}
    ) == ["People have answered this question: it cannot change kind now."]
    surveys.update_question(
        actor=organiser, question=question, data={"label_en": "Why?", "required": False}
    )
    question.refresh_from_db()
    assert (question.label_en, question.required) == ("Why?", False)
    # Survey answers count too.
    registration = RegistrationFactory(event=event)
    rating = survey.questions["rating"]
    SurveyResponse.objects.create(
        survey=survey, registration=registration, answers={str(rating.pk): 4}
    )
    assert refused(surveys.delete_question, actor=organiser, question=rating)
    unanswered = survey.questions["number"]
    surveys.delete_question(actor=organiser, question=unanswered)
    assert not Question.objects.filter(pk=unanswered.pk).exists()


# --- the survey's settings -------------------------------------------------------------------
def test_organisers_set_the_survey_window_in_the_event_zone(client, event, organiser):
    client.force_login(organiser)
    url = reverse("events:survey_edit", args=[event.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "action": "save",
            "opens_at": "2031-03-11T09:00",
            "closes_at": "2031-03-10T09:00",
            "intro_en": "Hi",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "closes_at": ["The survey must close after it opens."]
    }
    response = client.post(
        url,
        {
            "action": "save",
            "opens_at": "2031-03-11T09:00",
            "closes_at": "",
            "intro_en": "Tell us",
            "intro_az": "Bizə deyin",
        },
    )
    assert response.status_code == 302
    survey = Survey.objects.get(event=event)
    assert (survey.opens_at, survey.closes_at, survey.intro_en, survey.intro_az) == (
        datetime.datetime(2031, 3, 11, 9, 0, tzinfo=BAKU),
        None,
        "Tell us",
        "Bizə deyin",
    )
    assert AuditEntry.objects.filter(action="events.survey_create").count() == 1
    client.force_login(RegistrationFactory(event=event).person)
    assert client.get(url).status_code == 403


# --- answering -------------------------------------------------------------------------------
def test_a_confirmed_participant_answers_once(client, event, survey):
    registration = RegistrationFactory(event=event)
    client.force_login(registration.person)
    url = reverse("events:survey", args=[event.slug])
    page = client.get(url)
    assert (page.status_code, page.context["state"]) == (200, "open")
    assert "Tell us what you thought." in page.content.decode()
    data = answers(
        survey, rating="4", choice="Tuesday", multi=["Labs", "Talks"], yes_no="yes", number="2,5"
    )
    assert client.post(url, data).status_code == 302
    response = SurveyResponse.objects.get()
    q = survey.questions
    assert response.answers == {
        str(q["rating"].pk): 4,
        str(q["choice"].pk): "Tuesday",
        str(q["multi"].pk): ["Talks", "Labs"],
        str(q["yes_no"].pk): True,
        str(q["number"].pk): 2.5,
    }
    page = client.get(url)
    assert page.context["state"] == "answered"
    second = client.post(url, answers(survey, rating="1", choice="Monday", yes_no="no"))
    assert second.status_code == 200 and second.context["state"] == "answered"
    assert SurveyResponse.objects.count() == 1
    assert refused(
        surveys.submit_response, survey=survey, registration=registration, data=data
    ) == ["You have already answered this survey. Thank you!"]
    entry = AuditEntry.objects.get(action="events.survey_respond")
    assert (entry.actor, entry.changes) == (registration.person, {})  # who, never what


def test_invalid_answers_are_refused_and_nothing_is_written(client, event, survey):
    client.force_login(RegistrationFactory(event=event).person)
    url = reverse("events:survey", args=[event.slug])
    response = client.post(url, answers(survey, rating="7", choice="Sunday", number="many"))
    assert response.status_code == 400
    q = survey.questions
    assert response.context["form"].errors == {
        f"q{q['rating'].pk}": ["Select a valid choice. 7 is not one of the available choices."],
        f"q{q['choice'].pk}": [
            "Select a valid choice. Sunday is not one of the available choices."
        ],
        f"q{q['yes_no'].pk}": ["This question needs an answer."],
        f"q{q['number'].pk}": ["Enter a number."],
    }
    assert SurveyResponse.objects.count() == 0
    # The service itself refuses what a form would not catch.
    registration = Registration.objects.get(event=event)
    assert refused(
        surveys.submit_response,
        survey=survey,
        registration=registration,
        data=answers(survey, rating="6", choice="Monday", yes_no="maybe"),
    ) == ["Give a rating from 1 to 5.", "Answer yes or no."]
    assert SurveyResponse.objects.count() == 0


def test_only_confirmed_participants_answer_while_open(client, event, survey):
    url = reverse("events:survey", args=[event.slug])
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(waiting.person)
    response = client.post(url, answers(survey, rating="5", choice="Monday", yes_no="yes"))
    assert (response.status_code, response.context["state"]) == (403, "not_participant")
    assert refused(
        surveys.submit_response,
        survey=survey,
        registration=waiting,
        data=answers(survey, rating="5", choice="Monday", yes_no="yes"),
    ) == ["Only participants with a confirmed place can answer this survey."]
    client.force_login(factories.PersonFactory())
    assert client.get(url).status_code == 403

    confirmed = RegistrationFactory(event=event)
    client.force_login(confirmed.person)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(1))
    response = client.post(url, answers(survey, rating="5", choice="Monday", yes_no="yes"))
    assert (response.status_code, response.context["state"]) == (200, "closed")
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() + datetime.timedelta(days=1), closes_at=None
    )
    assert client.get(url).context["state"] == "not_yet"
    survey.refresh_from_db()
    assert refused(
        surveys.submit_response,
        survey=survey,
        registration=confirmed,
        data=answers(survey, rating="5", choice="Monday", yes_no="yes"),
    ) == ["This survey is not open."]
    assert SurveyResponse.objects.count() == 0
    other_event = RegistrationFactory(event=EventFactory())
    assert refused(surveys.submit_response, survey=survey, registration=other_event, data={}) == [
        "Only participants with a confirmed place can answer this survey."
    ]
    assert client.get(reverse("events:survey", args=[EventFactory().slug])).status_code == 404


# --- results -----------------------------------------------------------------------------------
def respond(survey, **values):
    registration = RegistrationFactory(event=survey.event)
    return surveys.submit_response(
        survey=survey, registration=registration, data=answers(survey, **values)
    )


def test_results_aggregate_each_kind(event, survey):
    respond(
        survey,
        rating="5",
        choice="Monday",
        multi=["Talks", "Labs"],
        yes_no="yes",
        number="2",
        text="zebra crossing",
    )
    respond(
        survey, rating="4", choice="Monday", multi=["Labs"], yes_no="no", number="4", text="Apples"
    )
    respond(survey, rating="5", choice="Tuesday", yes_no="yes", number="9")
    RegistrationFactory(event=event)  # a fourth participant who did not answer
    figures = surveys.results(survey)
    assert (figures["responses"], figures["participants"], figures["rate"]) == (3, 4, 0.75)
    by_label = {item["question"].label: item for item in figures["questions"]}
    assert by_label["Overall"]["counts"] == [("1", 0), ("2", 0), ("3", 0), ("4", 1), ("5", 2)]
    assert by_label["Overall"]["average"] == pytest.approx(14 / 3)
    assert by_label["Best day"]["counts"] == [("Monday", 2), ("Tuesday", 1)]
    assert (by_label["Useful parts"]["counts"], by_label["Useful parts"]["answered"]) == (
        [("Talks", 1), ("Labs", 2), ("Food", 0)],
        2,
    )
    assert by_label["Again?"]["counts"] == [("Yes", 2), ("No", 1)]
    hours = by_label["Hours"]
    assert (hours["mean"], hours["median"], hours["low"], hours["high"]) == (5, 4, 2, 9)
    assert by_label["Comments"]["texts"] == ["Apples", "zebra crossing"]  # by text, not by person
    assert figures["show_texts"] is True


def test_results_page_draws_charts_and_hides_texts_of_few_people(client, event, survey, organiser):
    respond(survey, rating="5", choice="Monday", yes_no="yes", text="Loved it")
    url = reverse("events:survey_results", args=[event.slug])
    client.force_login(RegistrationFactory(event=event).person)
    assert client.get(url).status_code == 403
    client.force_login(organiser)
    response = client.get(url)
    html = response.content.decode()
    assert 'aria-label="Overall: 1 0 (0%); 2 0 (0%); 3 0 (0%); 4 0 (0%); 5 1 (100%)"' in html
    assert 'aria-label="Again?: Yes 1 (100%); No 0 (0%)"' in html
    assert response.context["rate"] == "50%"
    assert "Loved it" not in html
    assert "Written answers are shown once at least 3 people have answered" in html
    respond(survey, rating="3", choice="Monday", yes_no="no", text="Too long")
    respond(survey, rating="4", choice="Tuesday", yes_no="yes", text="<b>bold</b>")
    html = client.get(url).content.decode()
    assert "Loved it" in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "style=" not in html


# --- invitations -------------------------------------------------------------------------------
def test_invitations_go_once_to_confirmed_people_who_have_not_answered(
    client, event, survey, organiser, django_capture_on_commit_callbacks
):
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    answered = respond(survey, rating="5", choice="Monday", yes_no="yes").registration
    azeri = RegistrationFactory(event=event, person__preferred_language="az")
    english = RegistrationFactory(event=event)
    OutboxMessage.objects.all().delete()
    client.force_login(organiser)
    url = reverse("events:survey_edit", args=[event.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "invite"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The invitations are being sent to the participants who have not answered."
    ]
    mails = {tuple(m.to): m for m in OutboxMessage.objects.all()}
    assert sorted(mails) == sorted([(azeri.person.email,), (english.person.email,)])
    assert waiting.person.email not in str(list(mails)) and answered.person.email not in str(
        list(mails)
    )
    english_mail = mails[(english.person.email,)]
    assert english_mail.subject == "Your feedback on Robotics training"
    assert f"http://127.0.0.1:8000/en/events/{event.slug}/survey/" in english_mail.body
    assert f"/az/events/{event.slug}/survey/" in mails[(azeri.person.email,)].body
    entry = AuditEntry.objects.get(action="events.survey_invite")
    assert (entry.actor, entry.changes) == (organiser, {"invited": [None, 2]})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "invite"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "The invitations to this survey have already been sent."
    ]
    assert surveys.invite_to_survey(event=event, actor=organiser) == 0
    assert OutboxMessage.objects.count() == 2
    assert "Sent on" in response.content.decode()


def test_invitations_need_an_open_survey(event, survey, organiser):
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - datetime.timedelta(1))
    survey.refresh_from_db()
    assert refused(surveys.request_invitations, actor=organiser, survey=survey) == [
        "Invitations can be sent while the survey is open."
    ]
    with pytest.raises(PermissionDenied):
        surveys.request_invitations(actor=factories.PersonFactory(), survey=survey)
