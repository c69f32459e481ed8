"""An expression of interest and its steps: the intermediary forwards it (or not, saying
why), the owner accepts or declines it, the interested company may withdraw it while it is
open, and once accepted either side (or the intermediary) opens a deal.

Until the owner accepts, the page shows each side to the other as the rules disclose it
(:func:`korpu.transfer.queries.owner_view`, :func:`~korpu.transfer.queries.interested_view`):
country, kind and size, never a name. Someone who may not see the interest gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import error_messages

from .. import queries, services
from .. import rules as perms
from ..forms import DealForm, NoteForm, add_service_errors
from ..models import Deal, ExpressionOfInterest
from .common import profile_text, redirect_back, render_page, visible_interest

Status = ExpressionOfInterest.Status


def _timeline(interest: ExpressionOfInterest, *, owner_side: bool, interested_side: bool):
    """The steps so far: ``[{"when", "label", "note"}]``, oldest first. A note is shown to
    whom it was written for (the forwarding note to the owner, the reason for not
    forwarding to the interested company)."""
    intermediary_side = not owner_side and not interested_side
    steps = [{"when": interest.created_at, "label": _("Expression of interest sent"), "note": ""}]
    if interest.forwarded_at:
        steps.append(
            {
                "when": interest.forwarded_at,
                "label": _("Forwarded to the owner by the park or agency"),
                "note": interest.intermediary_note if (owner_side or intermediary_side) else "",
            }
        )
    if interest.decided_at:
        label, note = {
            Status.ACCEPTED: (_("Accepted by the owner: names disclosed to both sides"), ""),
            Status.DECLINED: (_("Declined by the owner"), interest.decline_reason),
            Status.NOT_FORWARDED: (
                _("Not forwarded by the park or agency"),
                interest.intermediary_note if not owner_side else "",
            ),
            Status.WITHDRAWN: (_("Withdrawn"), ""),
        }.get(interest.status, (interest.get_status_display(), ""))
        steps.append({"when": interest.decided_at, "label": label, "note": note})
    return steps


def interest_page(request, interest: ExpressionOfInterest, *, deal_form=None):
    user = request.user
    profile = interest.profile
    is_interested = perms.is_interested_member(user, interest)
    is_owner = perms.is_interest_owner_member(user, interest)
    is_intermediary = perms.is_interest_intermediary(user, interest) or perms.is_staff(user)
    deal = Deal.objects.filter(interest=interest).first()
    may_open_deal = (
        interest.status == Status.ACCEPTED
        and deal is None
        and (is_interested or is_owner or is_intermediary)
    )
    company = queries.interested_view(user, interest)
    context = {
        "interest": interest,
        "profile": profile,
        "text": profile_text(profile),
        "profile_visible": perms.can_view_profile(user, profile),
        "owner": queries.owner_view(user, profile),
        "company": company,
        "author": interest.author if company.disclosed else None,
        "is_interested": is_interested and not is_owner,
        "is_owner": is_owner,
        "is_intermediary": is_intermediary,
        "timeline": _timeline(interest, owner_side=is_owner, interested_side=is_interested),
        "can_forward": perms.can_forward_interest(user, interest)
        and interest.status == Status.SUBMITTED,
        "can_answer": perms.can_answer_interest(user, interest)
        and interest.status == Status.FORWARDED,
        "can_withdraw": is_interested and interest.is_open,
        "forward_form": NoteForm(
            prefix="forward",
            label=_("Note to the owner (optional)"),
            help_text=_("Do not name the interested company: the owner learns it on accepting."),
        ),
        "reject_form": NoteForm(prefix="reject", label=_("Why it is not forwarded")),
        "decline_form": NoteForm(prefix="decline", label=_("Reason (optional)")),
        "deal": deal if deal is not None and perms.can_view_deal(user, deal) else None,
        "may_open_deal": may_open_deal,
        "deal_form": deal_form or (DealForm(prefix="deal") if may_open_deal else None),
        "current": "mine",
    }
    return render_page(request, "transfer/interest_detail.html", context)


def interest_detail(request, pk):
    return interest_page(request, visible_interest(request, pk))


def _step(request, pk, *, allowed, run, done: str):
    """One step on an interest: 403 unless ``allowed(user, interest)``; the service's
    refusal becomes a message; back to where the form was."""
    interest = visible_interest(request, pk)
    if not allowed(request.user, interest):
        raise PermissionDenied
    try:
        run(interest)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, done)
    return redirect_back(request, reverse("transfer:interest", args=[interest.pk]))


def _note(request, prefix: str) -> str:
    form = NoteForm(request.POST, prefix=prefix)
    return form.cleaned_data["note"] if form.is_valid() else ""


@require_POST
@login_required
def interest_forward(request, pk):
    return _step(
        request,
        pk,
        allowed=perms.can_forward_interest,
        run=lambda interest: services.forward_interest(
            actor=request.user, interest=interest, note=_note(request, "forward")
        ),
        done=_("Forwarded: the owner can now accept or decline."),
    )


@require_POST
@login_required
def interest_reject(request, pk):
    return _step(
        request,
        pk,
        allowed=perms.can_forward_interest,
        run=lambda interest: services.reject_interest(
            actor=request.user, interest=interest, note=_note(request, "reject")
        ),
        done=_("Not forwarded; the interested company was told why."),
    )


@require_POST
@login_required
def interest_accept(request, pk):
    return _step(
        request,
        pk,
        allowed=perms.can_answer_interest,
        run=lambda interest: services.answer_interest(
            actor=request.user, interest=interest, accept=True
        ),
        done=_("Accepted: you and the interested company now see each other's name and contacts."),
    )


@require_POST
@login_required
def interest_decline(request, pk):
    return _step(
        request,
        pk,
        allowed=perms.can_answer_interest,
        run=lambda interest: services.answer_interest(
            actor=request.user, interest=interest, accept=False, reason=_note(request, "decline")
        ),
        done=_("Declined; the interested company was told (without your name)."),
    )


@require_POST
@login_required
def interest_withdraw(request, pk):
    return _step(
        request,
        pk,
        allowed=perms.is_interested_member,
        run=lambda interest: services.withdraw_interest(actor=request.user, interest=interest),
        done=_("Your expression of interest is withdrawn."),
    )


@require_POST
@login_required
def deal_open(request, pk):
    interest = visible_interest(request, pk)
    form = DealForm(request.POST, prefix="deal")
    if form.is_valid():
        try:
            deal = services.open_deal(actor=request.user, interest=interest, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The deal is open: follow it here until it is signed."))
            return redirect("transfer:deal", deal.pk)
    return interest_page(request, interest, deal_form=form)


urlpatterns = [
    path("interests/<int:pk>/", interest_detail, name="interest"),
    path("interests/<int:pk>/forward/", interest_forward, name="interest_forward"),
    path("interests/<int:pk>/not-forward/", interest_reject, name="interest_reject"),
    path("interests/<int:pk>/accept/", interest_accept, name="interest_accept"),
    path("interests/<int:pk>/decline/", interest_decline, name="interest_decline"),
    path("interests/<int:pk>/withdraw/", interest_withdraw, name="interest_withdraw"),
    path("interests/<int:pk>/deal/", deal_open, name="deal_open"),
]
