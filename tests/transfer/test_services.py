"""The marketplace's writes: profile lifecycle, review, expiry, interests, deals, alerts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from korpu.common.models import AuditEntry, OutboxMessage
from korpu.transfer import services
from korpu.transfer.models import (
    AlertDelivery,
    Deal,
    ExpressionOfInterest,
    Keyword,
    Profile,
    SavedSearch,
)
from tests.factories import OrganisationFactory
from tests.transfer.factories import InterestFactory, ProfileFactory, member_of

pytestmark = pytest.mark.django_db
S = Profile.Status
I = ExpressionOfInterest.Status  # noqa: E741


def _texts(**fields):
    base = {
        "title": "Güneş paneli verimliliği için yansıma önleyici kaplama",
        "summary": "Fotovoltaik modüllerin verimini sıcak iklimlerde artıran nano kaplama.",
        "description": "Laboratuvarda 40 modül üzerinde bir yıl test edildi.",
    }
    base.update(fields)
    return {"tr": base}


@pytest.fixture
def owner():
    return OrganisationFactory(kind="sme", country="TR", size="small", name="Gebze Nano Kaplama")


@pytest.fixture
def park():
    return OrganisationFactory(kind="technopark", country="TR", name="GOSB Teknopark")


@pytest.fixture
def writer(owner):
    return member_of(owner)


@pytest.fixture
def reviewer(park):
    return member_of(park, role="manager")


def _draft(writer, owner, park, **values):
    values.setdefault("texts", _texts())
    return services.create_profile(
        actor=writer,
        owner=owner,
        type="TO",
        language="tr",
        intermediary=park,
        stage="lab_tested",
        **values,
    )


def _published(writer, owner, park, reviewer, **values):
    profile = _draft(writer, owner, park, **values)
    services.submit_profile(actor=writer, profile=profile)
    return services.publish_profile(actor=reviewer, profile=profile)


def test_profile_goes_from_draft_through_review_to_published(writer, owner, park, reviewer):
    profile = _draft(writer, owner, park)
    assert (profile.status, profile.reference) == (S.DRAFT, None)
    assert profile.title_tr.startswith("Güneş") and not profile.title_en

    services.submit_profile(actor=writer, profile=profile)
    profile.refresh_from_db()
    today = timezone.now().strftime("%Y%m%d")
    assert (profile.status, profile.reference) == (S.UNDER_REVIEW, f"TOTR{today}001")
    to_reviewer = OutboxMessage.objects.get(to=[reviewer.email])
    assert profile.reference in to_reviewer.subject

    services.request_changes(actor=reviewer, profile=profile, note="Remove the brand name.")
    profile.refresh_from_db()
    assert (profile.status, profile.review_note) == (S.CHANGES_REQUESTED, "Remove the brand name.")
    assert "Remove the brand name." in OutboxMessage.objects.get(to=[writer.email]).body

    services.update_profile(actor=writer, profile=profile, texts=_texts(title="Yeni başlık"))
    services.submit_profile(actor=writer, profile=profile)
    profile = services.publish_profile(actor=reviewer, profile=profile)
    assert profile.status == S.PUBLISHED
    assert profile.reference == f"TOTR{today}001"  # kept across resubmission
    assert profile.expires_at - profile.published_at == datetime.timedelta(days=365)
    actions = list(
        AuditEntry.objects.filter(object_id=str(profile.pk), action__startswith="transfer.profile")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "transfer.profile.create",
        "transfer.profile.submit",
        "transfer.profile.request_changes",
        "transfer.profile.update",
        "transfer.profile.submit",
        "transfer.profile.publish",
    ]


def test_references_number_profiles_of_a_day(writer, owner, park):
    first = _draft(writer, owner, park)
    second = _draft(writer, owner, park)
    services.submit_profile(actor=writer, profile=first)
    services.submit_profile(actor=writer, profile=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.reference[-3:], second.reference[-3:]] == ["001", "002"]


def test_bad_profile_input_is_refused_and_nothing_is_written(writer, owner, park):
    keywords = [
        Keyword.objects.create(code=f"tech.test.k{i}", kind="technology", name=f"k{i}")
        for i in range(6)
    ]
    with pytest.raises(ValidationError) as error:
        _draft(writer, owner, park, texts=_texts(summary="x" * 501), keywords=keywords)
    assert set(error.value.message_dict) == {"summary", "keywords"}
    with pytest.raises(ValidationError) as error:
        _draft(writer, owner, park, texts={"tr": {"title": "", "summary": "", "description": ""}})
    assert set(error.value.message_dict) == {"title", "summary", "description"}
    with pytest.raises(ValidationError) as error:
        _draft(writer, owner, owner)
    assert "intermediary" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _draft(writer, owner, park, partnership_types=["licence", "marriage"])
    assert "partnership_types" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _draft(writer, owner, park, funding_programme="Horizon Europe")
    assert "funding_programme" in error.value.message_dict
    assert Profile.objects.count() == 0


def test_only_members_write_and_only_the_intermediary_reviews(writer, owner, park, reviewer):
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        _draft(stranger, owner, park)
    profile = _draft(writer, owner, park)
    with pytest.raises(PermissionDenied):
        services.submit_profile(actor=stranger, profile=profile)
    services.submit_profile(actor=writer, profile=profile)
    with pytest.raises(PermissionDenied):
        services.publish_profile(actor=writer, profile=profile)
    with pytest.raises(PermissionDenied):
        services.publish_profile(actor=stranger, profile=profile)
    services.publish_profile(actor=reviewer, profile=profile)
    with pytest.raises(ValidationError) as error:
        services.publish_profile(actor=reviewer, profile=profile)
    assert error.value.code == "stale"


def test_screening_flags_what_the_guidelines_forbid(writer, owner, park):
    text = (
        "Gebze Nano Kaplama ekibinin NanoShield™ kaplaması (patent no TR 2019/12345) "
        "hakkında www.nanoshield.com.tr adresine veya info@nanoshield.com.tr yazın."
    )
    profile = _draft(writer, owner, park, texts=_texts(description=text))
    services.submit_profile(actor=writer, profile=profile)
    profile.refresh_from_db()
    kinds = sorted({flag["kind"] for flag in profile.flags})
    assert kinds == ["email", "link", "owner_name", "patent", "trade_mark"]
    assert {"kind": "email", "text": "info@nanoshield.com.tr", "field": "description_tr"} in (
        profile.flags
    )


def test_a_clean_profile_has_no_flags(writer, owner, park):
    profile = _draft(writer, owner, park)
    services.submit_profile(actor=writer, profile=profile)
    profile.refresh_from_db()
    assert profile.flags == []


def test_editing_a_published_profile_sends_it_back_for_review(writer, owner, park, reviewer):
    profile = _published(writer, owner, park, reviewer)
    OutboxMessage.objects.all().delete()
    services.update_profile(actor=writer, profile=profile, texts=_texts(title="Daha iyi başlık"))
    profile.refresh_from_db()
    assert profile.status == S.UNDER_REVIEW
    assert OutboxMessage.objects.filter(to=[reviewer.email]).count() == 1


def test_expiry_reminder_expiry_one_extension_then_archive(writer, owner, park, reviewer):
    profile = _published(writer, owner, park, reviewer)
    OutboxMessage.objects.all().delete()
    start = profile.expires_at
    counts = services.expire_profiles(now=start - datetime.timedelta(days=20))
    assert counts == {"reminded": 1, "expired": 0, "archived": 0}
    assert services.expire_profiles(now=start - datetime.timedelta(days=19))["reminded"] == 0
    assert OutboxMessage.objects.filter(to=[writer.email]).count() == 1

    assert services.expire_profiles(now=start + datetime.timedelta(seconds=1))["expired"] == 1
    profile.refresh_from_db()
    assert profile.status == S.EXPIRED

    services.extend_profile(actor=writer, profile=profile)
    profile.refresh_from_db()
    assert (profile.status, profile.extensions) == (S.PUBLISHED, 1)
    with pytest.raises(ValidationError) as error:
        services.extend_profile(actor=writer, profile=profile)
    assert error.value.code == "extended"

    later = profile.expires_at + datetime.timedelta(seconds=1)
    assert services.expire_profiles(now=later)["archived"] == 1
    profile.refresh_from_db()
    assert profile.status == S.ARCHIVED


def test_interest_is_forwarded_anonymously_and_accepted_with_names(writer, owner, park, reviewer):
    profile = _published(writer, owner, park, reviewer)
    buyer = OrganisationFactory(
        kind="startup", country="AZ", size="micro", name="Bakı Günəş Sistemləri"
    )
    buyer_person = member_of(buyer)
    OutboxMessage.objects.all().delete()

    interest = services.express_interest(
        actor=buyer_person, profile=profile, company=buyer, message="We need it for 3 plants."
    )
    to_reviewer = OutboxMessage.objects.get(to=[reviewer.email])
    assert buyer.name in to_reviewer.body  # the intermediary knows both sides

    services.forward_interest(actor=reviewer, interest=interest, note="Serious buyer.")
    to_owner = OutboxMessage.objects.get(to=[writer.email])
    assert buyer.name not in to_owner.body + to_owner.subject
    assert buyer.email not in to_owner.body
    assert "We need it for 3 plants." in to_owner.body

    services.answer_interest(actor=writer, interest=interest, accept=True)
    interest.refresh_from_db()
    assert interest.status == I.ACCEPTED
    to_buyer = OutboxMessage.objects.filter(to=[buyer_person.email]).latest("pk")
    assert owner.name in to_buyer.body and owner.email in to_buyer.body
    to_owner = OutboxMessage.objects.filter(to=[writer.email]).latest("pk")
    assert buyer.name in to_owner.body
    # Every mail the buyer got before acceptance kept the owner's name out.
    for message in OutboxMessage.objects.filter(to=[buyer_person.email]).exclude(pk=to_buyer.pk):
        assert owner.name not in message.body + message.subject


def test_interest_refusals(writer, owner, park, reviewer):
    profile = _published(writer, owner, park, reviewer)
    buyer = OrganisationFactory(kind="startup", country="AZ")
    buyer_person = member_of(buyer)
    with pytest.raises(ValidationError) as error:
        services.express_interest(actor=writer, profile=profile, company=owner, message="Me")
    assert error.value.code == "own_profile"
    with pytest.raises(PermissionDenied):
        services.express_interest(actor=writer, profile=profile, company=buyer, message="Hi")
    with pytest.raises(ValidationError) as error:
        services.express_interest(actor=buyer_person, profile=profile, company=buyer, message=" ")
    assert "message" in error.value.message_dict
    interest = services.express_interest(
        actor=buyer_person, profile=profile, company=buyer, message="Hello"
    )
    with pytest.raises(ValidationError) as error:
        services.express_interest(
            actor=buyer_person, profile=profile, company=buyer, message="Again"
        )
    assert error.value.code == "already_requested"
    # The owner cannot answer before the intermediary forwarded it.
    with pytest.raises(PermissionDenied):
        services.answer_interest(actor=writer, interest=interest, accept=True)
    with pytest.raises(PermissionDenied):
        services.forward_interest(actor=buyer_person, interest=interest)
    with pytest.raises(ValidationError):
        services.reject_interest(actor=reviewer, interest=interest, note="")
    services.reject_interest(actor=reviewer, interest=interest, note="Off topic.")
    interest.refresh_from_db()
    assert interest.status == I.NOT_FORWARDED
    # Closed: the company may try again.
    again = services.express_interest(
        actor=buyer_person, profile=profile, company=buyer, message="Second try"
    )
    assert again.status == I.SUBMITTED
    assert ExpressionOfInterest.objects.count() == 2


def test_no_interest_in_unpublished_or_past_deadline_profiles(writer, owner, park, reviewer):
    buyer = OrganisationFactory(kind="university", country="AZ")
    buyer_person = member_of(buyer)
    draft = _draft(writer, owner, park)
    with pytest.raises(ValidationError) as error:
        services.express_interest(actor=buyer_person, profile=draft, company=buyer, message="Hi")
    assert error.value.code == "not_published"
    rdr = ProfileFactory(
        published=True,
        type="RDR",
        eoi_deadline=timezone.localdate() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        services.express_interest(actor=buyer_person, profile=rdr, company=buyer, message="Hi")
    assert error.value.code == "closed"


def test_deal_opens_after_acceptance_and_follows_its_transitions(writer, owner, park, reviewer):
    profile = _published(writer, owner, park, reviewer)
    buyer = OrganisationFactory(kind="startup", country="AZ")
    buyer_person = member_of(buyer)
    interest = services.express_interest(
        actor=buyer_person, profile=profile, company=buyer, message="Licence please"
    )
    with pytest.raises(ValidationError):
        services.open_deal(actor=buyer_person, interest=interest, agreement_type="licence")
    services.forward_interest(actor=reviewer, interest=interest)
    services.answer_interest(actor=writer, interest=interest, accept=True)

    deal = services.open_deal(
        actor=buyer_person, interest=interest, agreement_type="licence", title="Coating licence"
    )
    assert deal.status == Deal.Status.NEGOTIATING
    assert set(deal.parties.all()) == {owner, buyer}
    with pytest.raises(ValidationError) as error:
        services.open_deal(actor=writer, interest=interest, agreement_type="nda")
    assert error.value.code == "already_requested"

    with pytest.raises(ValidationError) as error:
        services.update_deal(actor=writer, deal=deal, status="active")
    assert "status" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.update_deal(
            actor=writer,
            deal=deal,
            effective_on=datetime.date(2027, 1, 1),
            expires_on=datetime.date(2026, 1, 1),
        )
    assert "expires_on" in error.value.message_dict
    deal.refresh_from_db()
    assert deal.effective_on is None  # nothing half-written

    deal = services.update_deal(actor=writer, deal=deal, status="signed", value=25000)
    assert (deal.status, deal.signed_on) == (Deal.Status.SIGNED, timezone.localdate())
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.update_deal(actor=stranger, deal=deal, notes="mine now")


def test_deal_documents_are_checked_by_content(writer, owner, park, reviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    interest = InterestFactory(profile=_published(writer, owner, park, reviewer))
    buyer_person = member_of(interest.company)
    services.forward_interest(actor=reviewer, interest=interest)
    services.answer_interest(actor=writer, interest=interest, accept=True)
    deal = services.open_deal(actor=buyer_person, interest=interest, agreement_type="nda")
    fake = SimpleUploadedFile("nda.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.add_deal_document(actor=writer, deal=deal, title="NDA", upload=fake)
    assert "file" in error.value.message_dict
    pdf = SimpleUploadedFile("nda.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    document = services.add_deal_document(actor=writer, deal=deal, title="NDA", upload=pdf)
    assert (document.content_type, deal.documents.count()) == ("application/pdf", 1)


def test_deal_expiry_reminders_and_expiry(writer, owner, park, reviewer):
    interest = InterestFactory(profile=_published(writer, owner, park, reviewer))
    services.forward_interest(actor=reviewer, interest=interest)
    services.answer_interest(actor=writer, interest=interest, accept=True)
    today = timezone.localdate()
    deal = services.open_deal(
        actor=writer,
        interest=interest,
        agreement_type="licence",
        signed_on=today - datetime.timedelta(days=300),
        expires_on=today + datetime.timedelta(days=10),
        remind_days_before=14,
    )
    assert deal.status == Deal.Status.SIGNED
    OutboxMessage.objects.all().delete()
    assert services.remind_deals() == {"reminded": 1, "expired": 0}
    assert services.remind_deals() == {"reminded": 0, "expired": 0}
    assert OutboxMessage.objects.filter(to=[writer.email]).count() == 1
    later = timezone.now() + datetime.timedelta(days=11)
    assert services.remind_deals(now=later) == {"reminded": 0, "expired": 1}
    deal.refresh_from_db()
    assert deal.status == Deal.Status.EXPIRED


def test_alert_digest_sends_new_matching_profiles_once(writer, owner, park, reviewer):
    follower = member_of(OrganisationFactory(country="AZ"))
    solar = Keyword.objects.create(code="tech.energy.solar-test", kind="technology", name="Solar")
    search = services.save_search(actor=follower, name="Solar", keywords=[solar])
    search.created_at = timezone.now() - datetime.timedelta(days=1)
    search.save()
    _published(writer, owner, park, reviewer, keywords=[solar])
    _published(writer, owner, park, reviewer, texts=_texts(title="Başka bir şey"))

    def by_keyword(saved, candidates):
        wanted = set(saved.keywords.all())
        return [p for p in candidates if wanted & set(p.keywords.all())]

    OutboxMessage.objects.all().delete()
    assert services.send_alerts(find=by_keyword) == 1
    digest = OutboxMessage.objects.get(to=[follower.email])
    assert AlertDelivery.objects.filter(search=search).count() == 1
    assert owner.name not in digest.body  # anonymous profiles stay anonymous in digests
    # Not due again for a week, and never the same profile twice.
    assert services.send_alerts(find=by_keyword) == 0
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.send_alerts(now=later, find=by_keyword) == 0
    assert AlertDelivery.objects.count() == 1


def test_saved_search_needs_words_or_keywords(person):
    with pytest.raises(ValidationError) as error:
        services.save_search(actor=person, name="", query="")
    assert set(error.value.message_dict) == {"name", "query"}
    with pytest.raises(ValidationError):
        services.save_search(actor=person, name="x", query="solar", types=["XX"])
    assert SavedSearch.objects.count() == 0


def test_withdrawing_closes_open_interests(writer, owner, park, reviewer):
    interest = InterestFactory(profile=_published(writer, owner, park, reviewer))
    services.withdraw_profile(actor=writer, profile=interest.profile)
    interest.refresh_from_db()
    assert interest.status == I.WITHDRAWN
