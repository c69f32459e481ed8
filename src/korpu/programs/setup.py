"""Setting up programmes: the programme itself, its calls, a call's application form and
its review rubric. Every write is keyword-only, runs in one transaction and leaves an
audit entry; refusals raise ``ValidationError`` with a message in the user's language.

Once applications have been submitted, the form and the rubric are partly frozen:
questions cannot be deleted or change kind, and scored criteria cannot be deleted or
change their maximum score (labels and guidance may still be corrected).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from korpu.common.audit import diff, record, snapshot

from .models import Call, Criterion, Programme, Question, Review, ReviewStage

# Addresses of the setup pages themselves (/programmes/manage/new/).
SETUP_SLUGS = frozenset({"new"})
CHOICE_KINDS = (Question.Kind.CHOICE, Question.Kind.MULTIPLE_CHOICE)


def may_own(user, organisation) -> bool:
    """Whether ``user`` may run a programme for ``organisation`` (see rules.py)."""
    return user.has_perm("programs.run_programme_for", organisation)


def _unique_slug(base: str, taken) -> str:
    base = (base or "item")[:70].strip("-") or "item"
    slug, number = base, 2
    while taken(slug):
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(instance, data: dict) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


# --- programmes --------------------------------------------------------------------------
@transaction.atomic
def create_programme(*, actor, owner, data: dict, partners=(), slug: str = "") -> Programme:
    if not may_own(actor, owner):
        raise PermissionDenied
    programme = Programme(owner=owner)
    _apply(programme, data)
    base = slugify(slug or data.get("title_en") or "")
    if base in SETUP_SLUGS:
        raise ValidationError({"slug": _("This address is used by another page.")})
    if slug:
        programme.slug = base
    else:
        programme.slug = _unique_slug(
            base, lambda s: s in SETUP_SLUGS or Programme.objects.filter(slug=s).exists()
        )
    programme.full_clean()
    programme.save()
    programme.partners.set(partners)
    record(
        actor=actor, action="programme.create", obj=programme, changes=diff({}, snapshot(programme))
    )
    return programme


@transaction.atomic
def update_programme(*, actor, programme: Programme, data: dict, partners=()) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not actor.has_perm("programs.change_programme", programme):
        raise PermissionDenied
    before = snapshot(programme)
    before_partners = sorted(programme.partners.values_list("pk", flat=True))
    _apply(programme, data)
    programme.full_clean()
    programme.save()
    programme.partners.set(partners)
    changes = diff(before, snapshot(programme))
    after_partners = sorted(p.pk for p in partners)
    if after_partners != before_partners:
        changes["partners"] = [before_partners, after_partners]
    record(actor=actor, action="programme.update", obj=programme, changes=changes)
    return programme


# --- calls -------------------------------------------------------------------------------
def _check_dates(call: Call) -> None:
    if call.opens_at and call.closes_at and call.closes_at <= call.opens_at:
        raise ValidationError({"closes_at": _("The call must close after it opens.")})


@transaction.atomic
def create_call(*, actor, programme: Programme, data: dict) -> Call:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if not actor.has_perm("programs.change_programme", programme):
        raise PermissionDenied
    call = Call(programme=programme)
    _apply(call, data)
    call.slug = _unique_slug(
        slugify(data.get("title_en") or ""),
        lambda s: Call.objects.filter(programme=programme, slug=s).exists(),
    )
    _check_dates(call)
    call.full_clean()
    call.save()
    record(actor=actor, action="call.create", obj=call, changes=diff({}, snapshot(call)))
    return call


@transaction.atomic
def update_call(*, actor, call: Call, data: dict) -> Call:
    call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
    if not actor.has_perm("programs.change_call", call):
        raise PermissionDenied
    before = snapshot(call)
    _apply(call, data)
    _check_dates(call)
    call.full_clean()
    call.save()
    record(actor=actor, action="call.update", obj=call, changes=diff(before, snapshot(call)))
    return call


def has_submissions(call: Call) -> bool:
    """Whether anyone has submitted an application to the call (the form is then frozen)."""
    return call.applications.filter(submitted_at__isnull=False).exists()


# --- application form --------------------------------------------------------------------
def _locked_call(actor, call: Call) -> Call:
    call = Call.objects.select_for_update().select_related("programme").get(pk=call.pk)
    if not actor.has_perm("programs.change_call", call):
        raise PermissionDenied
    return call


def _clean_question(question: Question) -> None:
    if question.kind not in CHOICE_KINDS:
        question.choices = []
    question.full_clean()


@transaction.atomic
def add_question(*, actor, call: Call, data: dict) -> Question:
    call = _locked_call(actor, call)
    last = call.questions.order_by("-position").values_list("position", flat=True).first()
    question = Question(call=call, position=(last + 1) if last is not None else 0)
    _apply(question, data)
    _clean_question(question)
    question.save()
    record(
        actor=actor, action="question.create", obj=question, changes=diff({}, snapshot(question))
    )
    return question


@transaction.atomic
def update_question(*, actor, question: Question, data: dict) -> Question:
    call = _locked_call(actor, question.call)
    question = call.questions.get(pk=question.pk)
    before = snapshot(question)
    if "kind" in data and data["kind"] != question.kind and has_submissions(call):
        raise ValidationError(
            {"kind": _("Applications have been submitted: a question cannot change kind now.")}
        )
    _apply(question, data)
    _clean_question(question)
    question.save()
    record(
        actor=actor,
        action="question.update",
        obj=question,
        changes=diff(before, snapshot(question)),
    )
    return question


@transaction.atomic
def delete_question(*, actor, question: Question) -> None:
    call = _locked_call(actor, question.call)
    question = call.questions.get(pk=question.pk)
    if has_submissions(call):
        raise ValidationError(
            _("Applications have been submitted: questions cannot be deleted now.")
        )
    record(
        actor=actor, action="question.delete", obj=question, changes=diff(snapshot(question), {})
    )
    question.delete()


@transaction.atomic
def move_question(*, actor, question: Question, step: int) -> None:
    """Move a question one place up (``step=-1``) or down (``step=1``)."""
    call = _locked_call(actor, question.call)
    questions = list(call.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index + step
    if step not in (-1, 1) or not 0 <= other < len(questions):
        return
    questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    record(
        actor=actor,
        action="question.move",
        obj=question,
        changes={"position": [index, other]},
    )


# --- review rubric -----------------------------------------------------------------------
def _submitted_reviews(stage: ReviewStage):
    return Review.objects.filter(assignment__stage=stage, submitted_at__isnull=False)


def is_scored(criterion: Criterion) -> bool:
    return _submitted_reviews(criterion.stage).filter(scores__has_key=str(criterion.pk)).exists()


@transaction.atomic
def save_stage(*, actor, call: Call, data: dict, stage: ReviewStage | None = None) -> ReviewStage:
    call = _locked_call(actor, call)
    if stage is None:
        last = call.review_stages.order_by("-position").values_list("position", flat=True).first()
        stage, before = ReviewStage(call=call, position=(last + 1) if last is not None else 0), {}
    else:
        stage = call.review_stages.get(pk=stage.pk)
        before = snapshot(stage)
    _apply(stage, data)
    stage.full_clean()
    stage.save()
    action = "review_stage.update" if before else "review_stage.create"
    record(actor=actor, action=action, obj=stage, changes=diff(before, snapshot(stage)))
    return stage


@transaction.atomic
def delete_stage(*, actor, stage: ReviewStage) -> None:
    call = _locked_call(actor, stage.call)
    stage = call.review_stages.get(pk=stage.pk)
    if _submitted_reviews(stage).exists():
        raise ValidationError(
            _("Reviews have been submitted for this stage: it cannot be deleted.")
        )
    record(actor=actor, action="review_stage.delete", obj=stage, changes=diff(snapshot(stage), {}))
    stage.delete()


@transaction.atomic
def save_criterion(
    *, actor, stage: ReviewStage, data: dict, criterion: Criterion | None = None
) -> Criterion:
    call = _locked_call(actor, stage.call)
    stage = call.review_stages.get(pk=stage.pk)
    if criterion is None:
        last = stage.criteria.order_by("-position").values_list("position", flat=True).first()
        criterion = Criterion(stage=stage, position=(last + 1) if last is not None else 0)
        before = {}
    else:
        criterion = stage.criteria.get(pk=criterion.pk)
        before = snapshot(criterion)
        if (
            "max_score" in data
            and data["max_score"] != criterion.max_score
            and is_scored(criterion)
        ):
            raise ValidationError(
                {
                    "max_score": _(
                        "Reviewers have already scored this criterion: its maximum score "
                        "cannot change."
                    )
                }
            )
    _apply(criterion, data)
    criterion.full_clean()
    criterion.save()
    action = "criterion.update" if before else "criterion.create"
    record(actor=actor, action=action, obj=criterion, changes=diff(before, snapshot(criterion)))
    return criterion


@transaction.atomic
def delete_criterion(*, actor, criterion: Criterion) -> None:
    call = _locked_call(actor, criterion.stage.call)
    criterion = Criterion.objects.select_related("stage").get(pk=criterion.pk, stage__call=call)
    if is_scored(criterion):
        raise ValidationError(
            _("Reviewers have already scored this criterion: it cannot be deleted.")
        )
    record(
        actor=actor, action="criterion.delete", obj=criterion, changes=diff(snapshot(criterion), {})
    )
    criterion.delete()
