"""Applicant pages: start, edit (optimistic locking), submit, follow, files, withdraw."""

import datetime
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from korpu.common.models import OutboxMessage
from korpu.directory.models import Organisation
from korpu.programs import services
from korpu.programs.models import Answer, Application, Conflict, Question
from tests import factories
from tests.programs import factories as pf

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def _own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.fixture
def setting():
    """An open company call of an AZ agency with one question of each kind, and a startup
    with two members (Alice, admin; Bob, member)."""
    owner = factories.OrganisationFactory(slug="ia", kind=Organisation.Kind.AGENCY, country="AZ")
    programme = pf.ProgrammeFactory(slug="bridge", owner=owner, time_zone="Asia/Baku")
    call = pf.CallFactory(
        programme=programme,
        slug="spring",
        eligible_countries=["AZ", "TR"],
        eligible_company_kinds=["startup", "sme"],
    )
    kinds = [
        ("text", Question.Kind.TEXT, True, {"max_length": 40}),
        ("long", Question.Kind.LONG_TEXT, True, {}),
        ("number", Question.Kind.NUMBER, True, {}),
        ("choice", Question.Kind.CHOICE, True, {"choices": ["idea", "prototype", "revenue"]}),
        ("multi", Question.Kind.MULTIPLE_CHOICE, False, {"choices": ["AI", "IoT", "Robotics"]}),
        ("file", Question.Kind.FILE, False, {}),
        ("url", Question.Kind.URL, False, {}),
        ("date", Question.Kind.DATE, False, {}),
    ]
    questions = {
        key: pf.QuestionFactory(call=call, kind=kind, label=f"Q {key}", required=req, **extra)
        for key, kind, req, extra in kinds
    }
    company = factories.OrganisationFactory(slug="robo", name="Robo", kind="startup", country="AZ")
    alice = factories.MembershipFactory(organisation=company, role="admin").person
    bob = factories.MembershipFactory(organisation=company, role="member").person
    manager = factories.MembershipFactory(organisation=owner, role="manager").person
    return {
        "programme": programme,
        "call": call,
        "q": questions,
        "company": company,
        "alice": alice,
        "bob": bob,
        "manager": manager,
    }


def draft(setting, **kwargs) -> Application:
    return pf.ApplicationFactory(
        call=setting["call"],
        company=setting["company"],
        applicant=setting["alice"],
        title="Cobots",
        status=Application.Status.DRAFT,
        submitted_at=None,
        **kwargs,
    )


def form_data(setting, version, action="save", title="Cobots", **answers) -> dict:
    data = {"version": str(version), "title": title, "summary": "", "action": action}
    for key, value in answers.items():
        data[f"q{setting['q'][key].pk}"] = value
    return data


def stored(application) -> dict:
    return {a.question.label: a.value for a in application.answers.select_related("question")}


FULL = {
    "text": "Robot arms",
    "long": "We build\r\ncollaborative robots.",
    "number": "12,5",
    "choice": "prototype",
    "multi": ["AI", "Robotics"],
    "url": "https://robo.example",
    "date": "2024-05-01",
}


# --- starting ------------------------------------------------------------------------------
def test_start_save_stale_save_and_submit(client, setting):
    alice, bob = setting["alice"], setting["bob"]
    call_url = reverse("programs:call", args=["bridge", "spring"])
    start_url = reverse("programs:application_start", args=["bridge", "spring"])
    client.force_login(alice)
    assert client.get(call_url).context["apply"]["can_start"] is True
    response = client.post(start_url, {"company": setting["company"].pk, "title": "Cobots"})
    application = Application.objects.get()
    edit_url = reverse("programs:application_edit", args=[application.pk])
    assert response.status_code == 302 and response["Location"] == edit_url
    assert (application.company, application.applicant, application.status) == (
        setting["company"],
        alice,
        "draft",
    )

    # Both members open the draft (version 1); Alice saves first.
    assert client.get(edit_url).context["form"]["version"].value() == 1
    response = client.post(edit_url, form_data(setting, 1, **FULL))
    assert (response.status_code, response["Location"]) == (302, edit_url)
    application.refresh_from_db()
    assert application.version == 2
    alices = {
        "Q text": "Robot arms",
        "Q long": "We build\ncollaborative robots.",
        "Q number": "12.5",
        "Q choice": "prototype",
        "Q multi": ["AI", "Robotics"],
        "Q url": "https://robo.example",
        "Q date": "2024-05-01",
    }
    assert stored(application) == alices

    # Bob saves on version 1: refused, his text kept, Alice's version shown, nothing changed.
    bob_client = client.__class__()
    bob_client.force_login(bob)
    bobs = {**FULL, "text": "Bob's arms", "choice": "revenue"}
    response = bob_client.post(edit_url, form_data(setting, 1, title="Bob's title", **bobs))
    assert response.status_code == 409
    form = response.context["form"]
    assert form["title"].value() == "Bob's title"
    assert form[f"q{setting['q']['text'].pk}"].value() == "Bob's arms"
    assert form[f"q{setting['q']['choice'].pk}"].value() == "revenue"
    assert form["version"].value() == "2"
    stale = response.context["stale"]
    assert stale["saved_by"].actor == alice
    assert stale["application"].title == "Cobots"
    assert {r["question"].label: r["value"] for r in stale["rows"] if not r["empty"]} == {
        **alices,
        "Q date": datetime.date(2024, 5, 1),
    }
    body = response.content.decode()
    assert "Show their version" in body
    application.refresh_from_db()
    assert (application.version, application.title, stored(application)) == (2, "Cobots", alices)

    # Having seen both, Bob saves again (on version 2) and submits.
    response = bob_client.post(
        edit_url, form_data(setting, 2, action="submit", title="Bob's title", **bobs)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:application", args=[application.pk])
    application.refresh_from_db()
    assert (application.status, application.title, stored(application)["Q text"]) == (
        "submitted",
        "Bob's title",
        "Bob's arms",
    )
    assert [m.to for m in OutboxMessage.objects.all()] == [[alice.email]]


def test_start_refused_after_the_deadline_in_the_users_language(client, setting):
    call = setting["call"]
    call.closes_at = timezone.now() - HOUR
    call.save()
    client.force_login(setting["alice"])
    response = client.post(
        url_in("tr", "programs:application_start", "bridge", "spring"),
        {"company": setting["company"].pk, "title": "Late"},
    )
    local = timezone.localtime(call.closes_at, zoneinfo.ZoneInfo("Asia/Baku"))
    with translation.override("tr"):
        expected = gettext(
            "The deadline has passed (%(deadline)s, %(zone)s): applications are closed."
        ) % {"deadline": formats.date_format(local, "DATETIME_FORMAT"), "zone": "Asia/Baku"}
    assert response.status_code == 200
    assert response.context["apply"]["form"].non_field_errors() == [expected]
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    ("company_kwargs", "message"),
    [
        (
            {"kind": "startup", "country": "DE"},
            "This call is not open to applicants from this country.",
        ),
        (
            {"kind": "large_company", "country": "AZ"},
            "This call is not open to companies of this kind.",
        ),
        ({"kind": "university", "country": "AZ"}, "Only companies can apply to this call."),
    ],
)
def test_ineligible_company_refused_in_the_users_language(client, setting, company_kwargs, message):
    person = factories.PersonFactory()
    company = factories.OrganisationFactory(**company_kwargs)
    factories.MembershipFactory(person=person, organisation=company)
    client.force_login(person)
    response = client.post(
        url_in("az", "programs:application_start", "bridge", "spring"),
        {"company": company.pk, "title": "Ours"},
    )
    with translation.override("az"):
        expected = gettext(message)
    assert response.status_code == 200
    assert expected in response.context["apply"]["form"].non_field_errors()
    assert Application.objects.count() == 0


def test_not_a_member_cannot_apply_for_a_company(client, setting):
    client.force_login(factories.PersonFactory())
    response = client.post(
        reverse("programs:application_start", args=["bridge", "spring"]),
        {"company": setting["company"].pk, "title": "Not ours"},
    )
    assert response.status_code == 200
    assert list(response.context["apply"]["form"].errors) == ["company"]
    assert Application.objects.count() == 0


def test_starting_needs_a_signed_in_user_and_a_post(client, setting):
    url = reverse("programs:application_start", args=["bridge", "spring"])
    response = client.post(url, {"company": setting["company"].pk, "title": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    client.force_login(setting["alice"])
    assert client.get(url).status_code == 405
    assert Application.objects.count() == 0


# --- editing -------------------------------------------------------------------------------
def test_edit_form_has_the_right_widget_per_question_and_the_completeness(client, setting):
    application = draft(setting)
    Answer.objects.create(application=application, question=setting["q"]["text"], value="Arms")
    client.force_login(setting["bob"])
    response = client.get(reverse("programs:application_edit", args=[application.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    widgets = {
        key: form.fields[f"q{q.pk}"].widget.__class__.__name__ for key, q in setting["q"].items()
    }
    assert widgets == {
        "text": "TextInput",
        "long": "Textarea",
        "number": "NumberInput",
        "choice": "Select",
        "multi": "CheckboxSelectMultiple",
        "file": "FileInput",
        "url": "URLInput",
        "date": "DateInput",
    }
    assert response.context["completeness"] == {"answered": 1, "required": 4, "done": False}
    body = " ".join(response.content.decode().split())
    assert "1 of 4 required questions answered" in body
    assert 'maxlength="40"' in body
    assert f'name="q{setting["q"]["text"].pk}" value="Arms"' in body


def test_bad_answers_get_the_services_messages_and_change_nothing(client, setting):
    application = draft(setting)
    client.force_login(setting["alice"])
    url = url_in("az", "programs:application_edit", application.pk)
    response = client.post(
        url,
        form_data(setting, 1, text="x" * 41, url="javascript:alert(1)", date="01/05/2024"),
    )
    assert response.status_code == 200
    with translation.override("az"):
        expected = {
            f"q{setting['q']['text'].pk}": [
                gettext("At most %(limit)s characters (you wrote %(count)s).")
                % {"limit": 40, "count": 41}
            ],
            f"q{setting['q']['url'].pk}": [gettext("Enter a web address starting with https://.")],
            f"q{setting['q']['date'].pk}": [gettext("Enter a date as YYYY-MM-DD.")],
        }
    assert response.context["form"].errors == expected
    application.refresh_from_db()
    assert (application.version, stored(application)) == (1, {})


def test_submitting_with_answers_missing_saves_the_draft_and_says_what_is_missing(client, setting):
    application = draft(setting)
    client.force_login(setting["alice"])
    url = reverse("programs:application_edit", args=[application.pk])
    response = client.post(url, form_data(setting, 1, action="submit", text="Arms"), follow=True)
    application.refresh_from_db()
    assert (application.status, application.version, stored(application)["Q text"]) == (
        "draft",
        2,
        "Arms",
    )
    reason = "Answer every required question before submitting: Q long; Q number; Q choice."
    assert [str(m) for m in response.context["messages"]] == [
        f"Your draft was saved, but it was not submitted: {reason}"
    ]


def test_late_submission_refused_with_a_translated_message(client, setting):
    application = draft(setting)
    for key in ("text", "long", "number", "choice"):
        Answer.objects.create(application=application, question=setting["q"][key], value="1")
    call = setting["call"]
    call.closes_at = timezone.now() - HOUR
    call.save()
    client.force_login(setting["alice"])
    response = client.post(
        url_in("az", "programs:application_edit", application.pk),
        form_data(setting, 1, action="submit", **{**FULL, "choice": "idea"}),
    )
    local = timezone.localtime(call.closes_at, zoneinfo.ZoneInfo("Asia/Baku"))
    with translation.override("az"):
        expected = gettext(
            "The deadline has passed (%(deadline)s, %(zone)s): applications are closed."
        ) % {"deadline": formats.date_format(local, "DATETIME_FORMAT"), "zone": "Asia/Baku"}
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [expected]
    assert response.context["is_open"] is False
    application.refresh_from_db()
    assert (application.status, application.version, stored(application)["Q choice"]) == (
        "draft",
        1,
        "1",
    )


def test_fake_file_refused_and_a_real_one_kept(client, setting):
    application = draft(setting)
    client.force_login(setting["alice"])
    url = url_in("tr", "programs:application_edit", application.pk)
    field = f"q{setting['q']['file'].pk}"
    fake = SimpleUploadedFile("deck.pdf", b"MZ\x90\x00" + b"\x00" * 60, "application/pdf")
    response = client.post(url, {**form_data(setting, 1), field: fake})
    with translation.override("tr"):
        expected = gettext("This file's content is not an accepted type for %(what)s.") % {
            "what": gettext("documents")
        }
    assert response.context["form"].errors == {field: [expected]}
    assert not Answer.objects.filter(application=application).exists()

    real = SimpleUploadedFile("deck.pdf", PDF, "application/pdf")
    assert client.post(url, {**form_data(setting, 1), field: real}).status_code == 302
    answer = Answer.objects.get(application=application, question=setting["q"]["file"])
    assert (answer.value, answer.file_type) == ("deck.pdf", "application/pdf")
    page = client.get(url).content.decode()
    download = reverse("programs:answer_file", args=[application.pk, setting["q"]["file"].pk])
    assert f'href="{download}" download>deck.pdf</a>' in page


def test_who_may_open_the_edit_page(client, setting):
    application = draft(setting)
    url = reverse("programs:application_edit", args=[application.pk])
    assert client.get(url).status_code == 302  # to sign in
    for user, status in [
        (factories.PersonFactory(), 404),
        # A draft is the applicants' own until it is submitted.
        (setting["manager"], 404),
        (factories.PersonFactory(is_staff=True), 404),
        (setting["bob"], 200),
    ]:
        client.force_login(user)
        assert client.get(url).status_code == status
    application.status = Application.Status.SUBMITTED
    application.save()
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, application.get_absolute_url())


# --- following -----------------------------------------------------------------------------
@pytest.fixture
def submitted(setting):
    application = draft(setting)
    answer = Answer.objects.create(
        application=application, question=setting["q"]["file"], value="deck.pdf"
    )
    answer.file.save("deck.pdf", SimpleUploadedFile("deck.pdf", PDF), save=True)
    Answer.objects.create(application=application, question=setting["q"]["text"], value="Arms")
    application.status = Application.Status.SUBMITTED
    application.submitted_at = timezone.now()
    application.save()
    return application


def roles(setting, application):
    """Each role with whether it may see the application (and its files)."""
    stage = pf.ReviewStageFactory(call=setting["call"])
    reviewer = pf.AssignmentFactory(stage=stage, application=application).reviewer
    conflicted = pf.AssignmentFactory(stage=stage, application=application).reviewer
    Conflict.objects.create(application=application, reviewer=conflicted, source="declared")
    unpublished = pf.AssignmentFactory(
        stage=stage, application=application, published_at=None
    ).reviewer
    return [
        ("outsider", factories.PersonFactory(), False),
        ("other company's member", factories.MembershipFactory().person, False),
        ("applicant", setting["alice"], True),
        ("company member", setting["bob"], True),
        ("reviewer", reviewer, True),
        ("conflicted reviewer", conflicted, False),
        ("reviewer not yet published", unpublished, False),
        ("manager", setting["manager"], True),
        ("staff", factories.PersonFactory(is_staff=True), True),
    ]


def test_file_download_permissions_per_role(client, setting, submitted):
    url = reverse("programs:answer_file", args=[submitted.pk, setting["q"]["file"].pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")
    seen, expected = {}, {}
    for name, user, allowed in roles(setting, submitted):
        client.force_login(user)
        response = client.get(url)
        seen[name], expected[name] = response.status_code, 200 if allowed else 404
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Content-Disposition"] == 'attachment; filename="deck.pdf"'
    assert seen == expected


def test_a_question_without_a_file_is_404(client, setting, submitted):
    client.force_login(setting["alice"])
    url = reverse("programs:answer_file", args=[submitted.pk, setting["q"]["text"].pk])
    assert client.get(url).status_code == 404
    url = reverse("programs:answer_file", args=[submitted.pk, setting["q"]["url"].pk])
    assert client.get(url).status_code == 404


def test_application_page_per_role(client, setting, submitted):
    url = reverse("programs:application", args=[submitted.pk])
    for name, user, allowed in roles(setting, submitted):
        client.force_login(user)
        assert client.get(url).status_code == (200 if allowed else 404), name
    client.force_login(setting["bob"])
    response = client.get(url)
    context = response.context
    assert (context["applicant_side"], context["can_withdraw"], context["can_edit"]) == (
        True,
        True,
        False,
    )
    answered = {r["question"].label: r["value"] for r in context["rows"] if not r["empty"]}
    assert answered == {"Q text": "Arms", "Q file": "deck.pdf"}


def test_blind_stage_hides_who_applied_from_reviewers_only(client, setting, submitted):
    stage = pf.ReviewStageFactory(call=setting["call"], blind=True)
    reviewer = pf.AssignmentFactory(stage=stage, application=submitted).reviewer
    url = reverse("programs:application", args=[submitted.pk])
    client.force_login(reviewer)
    response = client.get(url)
    assert (response.context["show_identity"], response.context["show_decision"]) == (False, False)
    assert "Robo" not in response.content.decode()
    client.force_login(setting["manager"])
    assert client.get(url).context["show_identity"] is True


def test_decision_and_message_shown_to_the_applicant(client, setting, submitted):
    services.decide(
        manager=setting["manager"],
        application=submitted,
        outcome="accepted",
        note="Welcome to the spring cohort.",
    )
    client.force_login(setting["bob"])
    response = client.get(reverse("programs:application", args=[submitted.pk]))
    body = response.content.decode()
    assert "Welcome to the spring cohort." in body
    assert response.context["can_withdraw"] is False


def test_withdraw_needs_confirmation_and_the_applicant_side(client, setting, submitted):
    url = reverse("programs:application_withdraw", args=[submitted.pk])
    client.force_login(setting["manager"])
    assert client.post(url, {"confirm": "yes"}).status_code == 403
    client.force_login(factories.PersonFactory())
    assert client.post(url, {"confirm": "yes"}).status_code == 404
    client.force_login(setting["bob"])
    assert client.get(url).status_code == 405
    response = client.post(url, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "submitted"
    assert [str(m) for m in response.context["messages"]] == [
        "Tick the box to confirm that you want to withdraw."
    ]
    response = client.post(url, {"confirm": "yes"}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"
    assert [str(m) for m in response.context["messages"]] == ["Your application was withdrawn."]
    assert response.context["withdrawn_at"] is not None
    # Once withdrawn, a new application may be started for the company.
    client.force_login(setting["alice"])
    page = client.get(reverse("programs:call", args=["bridge", "spring"]))
    assert list(page.context["apply"]["form"].fields["company"].queryset) == [setting["company"]]


# --- my applications -------------------------------------------------------------------------
def test_my_applications_lists_mine_and_my_companies_in_constant_queries(client, setting):
    alice = setting["alice"]

    def make(n):
        for _ in range(n):
            company = factories.OrganisationFactory(kind="startup", country="AZ")
            factories.MembershipFactory(person=alice, organisation=company)
            pf.ApplicationFactory(company=company)  # another member applied
            pf.ApplicationFactory(company=None, applicant=alice)  # in her own name

    pf.ApplicationFactory()  # someone else's
    url = reverse("programs:my_applications")
    assert client.get(url).status_code == 302
    client.force_login(alice)
    make(1)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["page"]) == 2
    make(5)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"]) == 12
    assert len(many) == len(few)
    client.force_login(factories.PersonFactory())
    assert list(client.get(url).context["page"]) == []
