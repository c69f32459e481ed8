"""Check-in pages (camera scanner, typed codes, live counts), badges, certificates and the
public verification of a certificate.

Organisers (``events.check_in``) scan and print; participants download their own badge and
certificate; anyone holding a verification code can check it. The JSON scan endpoint is
on the hot path at the door: a few queries, no template.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from korpu.common.views import error_messages, paginate, require_perm

from .. import checkin as services
from .. import tickets
from ..models import Certificate, Event, Registration, Session


# --- helpers ------------------------------------------------------------------------------
def _event(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def _checkin_event(request, slug: str) -> Event:
    event = _event(slug)
    require_perm(request, "events.check_in", event)
    return event


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class SessionChoiceForm(forms.Form):
    session = forms.ModelChoiceField(
        label=gettext_lazy("Checking in at"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=gettext_lazy("Entrance"),
    )

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = event.sessions.order_by("starts_at", "pk")
        zone = event.zone
        self.fields["session"].label_from_instance = lambda s: "{} · {}".format(
            formats.date_format(timezone.localtime(s.starts_at, zone), "SHORT_DATETIME_FORMAT"),
            s.title,
        )


class TypedCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Ticket code"),
        max_length=64,
        strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off"}),
    )
    # Read by _session_of: a stale or forged value means the entrance, never an error.
    session = forms.CharField(required=False, widget=forms.HiddenInput)


def _pk(value) -> int | None:
    """A primary key from a query or form value, or None (never a database error)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 12 else None


def _session_of(event: Event, session_id) -> Session | None:
    pk = _pk(session_id)
    return None if pk is None else Session.objects.filter(event=event, pk=pk).first()


def _result_view(result: services.CheckInResult, event: Event) -> dict:
    """What the door sees: a status, a name (only for this event's registrations), a time
    in the event's zone and one sentence."""
    name = result.registration.person.full_name if result.registration else ""
    time = (
        formats.time_format(timezone.localtime(result.checked_in_at, event.zone), "TIME_FORMAT")
        if result.checked_in_at
        else ""
    )
    message = {
        result.OK: _("Welcome!"),
        result.DUPLICATE: _("Already checked in at %(time)s") % {"time": time},
        result.UNKNOWN: _("Unknown ticket code."),
        result.NOT_CONFIRMED: _("This registration is not confirmed."),
        result.OTHER_EVENT: _("This ticket is for another event."),
    }[result.status]
    label = {
        result.OK: _("Checked in"),
        result.DUPLICATE: _("Duplicate"),
    }.get(result.status, _("Refused"))
    return {
        "status": result.status,
        "label": label,
        "name": name,
        "checked_in_at": result.checked_in_at.isoformat() if result.checked_in_at else None,
        "time": time,
        "message": message,
    }


# --- the check-in page --------------------------------------------------------------------
@login_required
def checkin_page(request, slug):
    """The door: choose entrance or a session, scan with the camera (checkin.js) or type a
    code (works without JavaScript), see the result and the live counts."""
    event = _checkin_event(request, slug)
    source = request.POST if request.method == "POST" else request.GET
    session = _session_of(event, source.get("session"))
    initial = {"session": session.pk if session else None}
    form = TypedCodeForm(initial=initial)
    result = None
    if request.method == "POST":
        typed = TypedCodeForm(request.POST)
        if typed.is_valid():
            outcome = services.check_in(
                event=event, code=typed.cleaned_data["code"], session=session, actor=request.user
            )
            result = _result_view(outcome, event)
        else:
            form = typed
    context = {
        "event": event,
        "session": session,
        "chooser": SessionChoiceForm(initial=initial, event=event),
        "form": form,
        "result": result,
        "counts": services.counts(event),
        "scan_url": reverse("events:checkin_scan", args=[event.slug]),
        "counts_url": reverse("events:checkin_counts", args=[event.slug]),
    }
    return render(request, "events/checkin/checkin.html", context)


@login_required
@require_GET
def checkin_counts(request, slug):
    event = _checkin_event(request, slug)
    context = {
        "event": event,
        "session": _session_of(event, request.GET.get("session")),
        "counts": services.counts(event),
        "counts_url": reverse("events:checkin_counts", args=[event.slug]),
    }
    return render(request, "events/checkin/_counts.html", context)


@login_required
@require_POST
def checkin_scan(request, slug):
    event = _checkin_event(request, slug)
    code = request.POST.get("code", "")
    session_id = request.POST.get("session", "")
    if not code.strip() or len(code) > 256:
        return JsonResponse(
            {"status": "invalid", "message": _("Scan or type a ticket code.")}, status=400
        )
    session = _session_of(event, session_id)
    if session_id and session is None:
        return JsonResponse(
            {"status": "invalid", "message": _("This session is not part of the event.")},
            status=400,
        )
    result = services.check_in(event=event, code=code, session=session, actor=request.user)
    return JsonResponse(_result_view(result, event))


# --- badges -------------------------------------------------------------------------------
@login_required
def badge(request, slug):
    event = _event(slug)
    registration_id = request.GET.get("registration")
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    if registration_id:
        require_perm(request, "events.check_in", event)
        registration = get_object_or_404(confirmed, pk=_pk(registration_id))
    else:
        registration = confirmed.filter(person=request.user).first()
        if registration is None:
            raise Http404
    registration.event = event
    return _pdf(tickets.badge_pdf(registration), f"badge-{event.slug}.pdf")


@login_required
def badges(request, slug):
    event = _checkin_event(request, slug)
    registrations = list(
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("person")
        .prefetch_related("person__memberships__organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    if not registrations:
        messages.info(request, _("There are no confirmed registrations to print badges for."))
        return redirect("events:checkin", event.slug)
    for registration in registrations:
        registration.event = event
    return _pdf(tickets.badges_pdf(registrations), f"badges-{event.slug}.pdf")


# --- certificates ---------------------------------------------------------------------------
@login_required
def certificates(request, slug):
    event = _event(slug)
    require_perm(request, "events.change_event", event)
    if request.method == "POST":
        try:
            issued = services.issue_certificates(event=event, actor=request.user)
        except ValidationError as error:
            messages.error(request, error_messages(error))
        else:
            if issued:
                messages.success(
                    request,
                    _("%(count)s certificates were issued and sent by e-mail.")
                    % {"count": len(issued)},
                )
            else:
                messages.info(request, _("No new certificates: everyone eligible has one."))
        return redirect("events:certificates", event.slug)
    rows = services.attendance_table(event)
    to_issue = sum(1 for row in rows if row.eligible and row.certificate is None)
    issued = sum(1 for row in rows if row.certificate and not row.certificate.revoked_at)
    context = {
        "event": event,
        "page": paginate(request, rows, per_page=100),
        "confirmed": len(rows),
        "to_issue": to_issue,
        "issued": issued,
        "has_sessions": event.sessions.filter(counts_for_attendance=True).exists(),
    }
    return render(request, "events/checkin/certificates.html", context)


@login_required
@require_POST
def certificate_revoke(request, slug, code):
    event = _event(slug)
    require_perm(request, "events.change_event", event)
    certificate = get_object_or_404(Certificate, code=code, registration__event=event)
    try:
        services.revoke_certificate(certificate=certificate, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The certificate %(code)s was revoked.") % {"code": code})
    return redirect("events:certificates", event.slug)


@login_required
def certificate(request, slug):
    event = _event(slug)
    found = Certificate.objects.select_related(
        "registration__person", "qualification_grant__qualification"
    ).filter(registration__event=event, revoked_at__isnull=True)
    registration_id = request.GET.get("registration")
    if registration_id:
        require_perm(request, "events.change_event", event)
        found = found.filter(registration_id=_pk(registration_id))
    else:
        found = found.filter(registration__person=request.user)
    item = found.first()
    if item is None:
        raise Http404
    item.registration.event = event
    content = tickets.certificate_pdf(item, base_url=request.build_absolute_uri("/"))
    return _pdf(content, f"certificate-{item.code}.pdf")


# --- public verification ------------------------------------------------------------------
class VerifyForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Verification code"),
        max_length=40,
        help_text=gettext_lazy("Printed on the certificate, e.g. K7QM-X3PD-9RTA."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )

    def clean_code(self):
        code = services.normalise_verification_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _("A verification code has 12 letters and digits, e.g. K7QM-X3PD-9RTA.")
            )
        return code


def verify(request):
    form = VerifyForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect("events:verify_certificate", form.cleaned_data["code"])
    return render(request, "events/checkin/verify_form.html", {"form": form})


def verify_certificate(request, code):
    normalised = services.normalise_verification_code(code)
    if normalised and normalised != code:
        return redirect("events:verify_certificate", normalised)
    item = (
        Certificate.objects.select_related("registration__person", "registration__event")
        .filter(code=normalised)
        .first()
        if normalised
        else None
    )
    context = {"code": code, "certificate": item, "form": VerifyForm()}
    if item is not None:
        event = item.registration.event
        context.update(
            event=event,
            holder=item.registration.person.full_name,
            dates=tickets.event_dates(event),
        )
    response = render(request, "events/checkin/verify.html", context, status=200 if item else 404)
    response["X-Robots-Tag"] = "noindex"
    return response


urlpatterns = [
    path("<slug:slug>/check-in/", checkin_page, name="checkin"),
    path("<slug:slug>/check-in/counts/", checkin_counts, name="checkin_counts"),
    path("<slug:slug>/check-in/scan/", checkin_scan, name="checkin_scan"),
    path("<slug:slug>/check-in/badges.pdf", badges, name="badges"),
    path("<slug:slug>/ticket/badge.pdf", badge, name="badge"),
    path("<slug:slug>/certificates/", certificates, name="certificates"),
    path(
        "<slug:slug>/certificates/<str:code>/revoke/",
        certificate_revoke,
        name="certificate_revoke",
    ),
    path("<slug:slug>/certificate.pdf", certificate, name="certificate"),
    path("verify/", verify, name="verify"),
    path("verify/<str:code>/", verify_certificate, name="verify_certificate"),
]
