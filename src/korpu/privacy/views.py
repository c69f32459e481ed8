import time

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import conf, services
from .export import build_zip
from .forms import ConsentForm, DeleteAccountForm
from .models import ConsentRecord

Purpose = ConsentRecord.Purpose


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@require_safe
def notice(request):
    """The privacy notice in force, in the page's language."""
    language = _language()
    text = select_template([f"privacy/notice/{language}.html", "privacy/notice/en.html"])
    context = {
        "notice_template": text.template.name,
        "version": conf.notice_version(),
        "controller": conf.controller(),
        "contact": conf.contact(),
        "retention": conf.retention_rows(),
        "accepted": request.user.is_authenticated and services.has_accepted_notice(request.user),
    }
    return render(request, "privacy/notice.html", context)


@require_safe
@login_required
def mine(request):
    person = request.user
    state = services.consent_state(person)
    purposes = [
        {
            "code": code,
            "label": label,
            "given": state[code],
            "optional": code in services.OPTIONAL,
        }
        for code, label in Purpose.choices
    ]
    context = {
        "purposes": purposes,
        "history": person.consents.order_by("-given_at", "-id"),
        "version": conf.notice_version(),
        "sole_admin_of": services.sole_admin_of(person),
    }
    return render(request, "privacy/mine.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("privacy:mine")


@login_required
@require_POST
def consent(request):
    form = ConsentForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("__all__", []) or [_("Choose a purpose and an action.")]:
            messages.error(request, error)
        return _back(request)
    purpose, action = form.cleaned_data["purpose"], form.cleaned_data["action"]
    method = request.POST.get("method") == "banner" and "banner" or "page"
    if purpose == Purpose.NOTICE:
        services.accept_notice(person=request.user, language=_language(), method=method)
        messages.success(request, _("Thank you: you accepted the privacy notice."))
    elif action == "give":
        services.give_consent(
            person=request.user, purpose=purpose, language=_language(), method=method
        )
        messages.success(request, _("Your consent was recorded."))
    else:
        services.withdraw_consent(person=request.user, purpose=purpose, method=method)
        messages.success(request, _("Your consent was withdrawn."))
    return _back(request)


@require_safe
@login_required
def export(request):
    """A ZIP of everything the platform holds about the person (built in a temporary
    file: a few hundred milliseconds for the richest demo account)."""
    started = time.monotonic()
    archive, _count = build_zip(request.user)
    name = f"korpu-my-data-{timezone.localdate():%Y-%m-%d}.zip"
    response = FileResponse(
        archive, as_attachment=True, filename=name, content_type="application/zip"
    )
    response["Cache-Control"] = "no-store"
    response["X-Export-Seconds"] = f"{time.monotonic() - started:.3f}"
    return response


@login_required
def delete_account(request):
    person = request.user
    form = DeleteAccountForm(request.POST or None, person=person)
    blocked = None
    try:
        services.check_erasable(person)
    except ValidationError as error:
        blocked = error.messages[0]
    if request.method == "POST" and blocked is None and form.is_valid():
        try:
            services.erase_person(person=person, actor=person, by_self=True)
        except ValidationError as error:
            blocked = error.messages[0]
        else:
            logout(request)
            messages.success(request, _("Your account was deleted and your personal data erased."))
            return redirect("directory:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/delete.html", {"form": form, "blocked": blocked}, status=status)
