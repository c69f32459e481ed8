"""Deals: the list of deals one may see (one's organisations' and those of the profiles
one's park or agency reviews), a deal's page with its terms, status and documents,
changing it along its allowed statuses, uploading and downloading documents.

A deal's parties accepted each other, so they are named here. Someone who may not see a
deal or a document gets 404, the same answer as for one that does not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import paginate, serve_file

from .. import queries, services
from .. import rules as perms
from ..forms import DealForm, DocumentForm, add_service_errors
from ..models import Deal, DealDocument
from .common import pick_pk, profile_text, render_page, visible_deal


@login_required
def deals(request):
    page = paginate(request, queries.visible_deals(request.user), per_page=30)
    for deal in page.object_list:
        deal.text = profile_text(deal.profile)
    return render_page(request, "transfer/deal_list.html", {"page": page, "current": "deals"})


def deal_page(request, deal: Deal, *, form=None, document_form=None):
    user = request.user
    can_change = perms.can_change_deal(user, deal)
    allowed = sorted(
        Deal.TRANSITIONS.get(Deal.Status(deal.status), set()),
        key=lambda s: Deal.Status.values.index(s),
    )
    context = {
        "deal": deal,
        "text": profile_text(deal.profile),
        "parties": list(deal.parties.order_by("name")),
        "documents": list(deal.documents.all()),
        "next_statuses": [Deal.Status(s).label for s in allowed],
        "can_change": can_change,
        "form": (form or DealForm(deal=deal)) if can_change else None,
        "document_form": (document_form or DocumentForm(prefix="document")) if can_change else None,
        "current": "deals",
    }
    return render_page(request, "transfer/deal_detail.html", context)


def deal_detail(request, pk):
    return deal_page(request, visible_deal(request, pk))


@require_POST
@login_required
def deal_update(request, pk):
    deal = visible_deal(request, pk)
    if not perms.can_change_deal(request.user, deal):
        raise PermissionDenied
    form = DealForm(request.POST, deal=deal)
    if form.is_valid():
        try:
            services.update_deal(
                actor=request.user,
                deal=deal,
                status=form.cleaned_data.get("status") or None,
                **form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The deal is saved."))
            return redirect("transfer:deal", deal.pk)
    # The form changed nothing: show the deal as it is stored beside the refused values.
    return deal_page(request, Deal.objects.get(pk=deal.pk), form=form)


@require_POST
@login_required
def deal_document_add(request, pk):
    deal = visible_deal(request, pk)
    if not perms.can_change_deal(request.user, deal):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            services.add_deal_document(
                actor=request.user,
                deal=deal,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document is added."))
            return redirect("transfer:deal", deal.pk)
    return deal_page(request, deal, document_form=form)


def deal_document(request, pk, document_pk):
    deal = visible_deal(request, pk)
    document = get_object_or_404(DealDocument, pk=pick_pk(document_pk), deal=deal)
    if not request.user.has_perm("transfer.view_dealdocument", document):
        # Same answer as for a document that does not exist: reveal nothing.
        raise Http404
    return serve_file(document.file, as_attachment=True)


urlpatterns = [
    path("deals/", deals, name="deals"),
    path("deals/<int:pk>/", deal_detail, name="deal"),
    path("deals/<int:pk>/edit/", deal_update, name="deal_update"),
    path("deals/<int:pk>/documents/", deal_document_add, name="deal_document_add"),
    path("deals/<int:pk>/documents/<int:document_pk>/", deal_document, name="deal_document"),
]
