"""The participants' pages of a brokerage day: the day's page, one's profile and
marketplace entries, browsing the participants, recommended matches, a participant's
profile with "request a meeting", one's requests, one's agenda (page, PDF, .ics),
picking a free common slot and feedback after a meeting.

Addresses start with the event's: ``/<lang>/events/<slug>/brokerage/``.
"""

import itertools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from korpu.common.forms import add_service_errors
from korpu.common.views import error_messages, paginate

from .. import agenda as agenda_files
from .. import queries, services
from .. import rules as perms
from ..forms import (
    BookForm,
    EntryForm,
    FeedbackForm,
    ParticipantFilterForm,
    ProfileForm,
    ReasonForm,
    RequestForm,
)
from ..models import MarketplaceEntry, Meeting, MeetingRequest, Profile, Slot
from .common import (
    brokerage_page,
    form_errors,
    participant_context,
    participant_page,
    pick,
    with_profile,
)

PER_PAGE = 24
MATCHES_SHOWN = 20


def _local_day(slot, zone):
    return timezone.localtime(slot.starts_at, zone).date()


def slots_by_day(day) -> list[tuple]:
    """The day's slots grouped by local date: ``[(date, [slot, …]), …]``."""
    slots = list(Slot.objects.filter(brokerage_day=day).order_by("starts_at"))
    zone = day.zone
    return [
        (date, list(group))
        for date, group in itertools.groupby(slots, key=lambda s: _local_day(s, zone))
    ]


# --- the day ---------------------------------------------------------------------------------
@brokerage_page
def day_page(request, day):
    context = participant_context(request, day)
    profile = context["profile"]
    counts = {
        "participants": Profile.objects.filter(brokerage_day=day, published=True).count(),
        "meetings": Meeting.objects.filter(
            brokerage_day=day, status=Meeting.Status.CONFIRMED
        ).count(),
    }
    mine = {}
    matches = []
    if profile is not None:
        profile.brokerage_day = day
        mine = {
            "meetings": queries.agenda(profile).count(),
            "sent": MeetingRequest.objects.filter(
                requester=profile, status=MeetingRequest.Status.PENDING
            ).count(),
        }
        matches = queries.recommended_matches(profile, limit=3)
    slots = slots_by_day(day)
    context.update(
        {
            "counts": counts,
            "mine": mine,
            "matches": matches,
            "days": [(date, group[0], group[-1], len(group)) for date, group in slots],
            "can_browse": request.user.is_authenticated
            and perms.can_browse_profiles(request.user, day),
            "current": "day",
        }
    )
    return render(request, "matchmaking/day.html", context)


# --- my profile --------------------------------------------------------------------------------
def _availability_grid(form: ProfileForm, day) -> list[tuple]:
    """``[(date, [(slot, checked), …]), …]`` for the checkbox grid, from the form's value."""
    value = form["availability"].value() or []
    chosen = {str(v) for v in value}
    return [
        (date, [(slot, str(slot.pk) in chosen) for slot in group])
        for date, group in slots_by_day(day)
    ]


def _profile_initial(profile: Profile | None) -> dict:
    if profile is None:
        return {"published": True}
    return {
        "organisation": profile.organisation_id,
        "offer": profile.offer,
        "seek": profile.seek,
        "sectors": list(profile.sectors.values_list("pk", flat=True)),
        "languages": list(profile.languages or []),
        "availability": list(profile.availability.values_list("pk", flat=True)),
        "published": profile.published,
    }


@participant_page
def profile_edit(request, day):
    user = request.user
    profile = queries.my_profile(user, day)
    if profile is None and not perms.may_take_part(user, day):
        raise PermissionDenied
    slots = list(Slot.objects.filter(brokerage_day=day).order_by("starts_at"))
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        person=user,
        slots=slots,
        initial=_profile_initial(profile),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if profile is None:
                profile = services.create_profile(day=day, person=user, actor=user, **form.values())
                message = _("Your profile is saved. Add what you offer on the marketplace next.")
            else:
                profile.brokerage_day = day
                services.update_profile(profile=profile, actor=user, **form.values())
                message = _("Your profile is saved.")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect("matchmaking:profile_edit", day.event.slug)
    return _profile_page(request, day, profile, form, EntryForm(prefix="entry"))


def _own_entry(profile: Profile, raw) -> MarketplaceEntry:
    return pick(MarketplaceEntry.objects.select_related("profile"), raw, profile=profile)


@require_POST
@with_profile
def entry_add(request, day, profile):
    form = EntryForm(request.POST, prefix="entry")
    if form.is_valid():
        try:
            services.add_marketplace_entry(profile=profile, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry is on the marketplace."))
            return redirect(reverse("matchmaking:profile_edit", args=[day.event.slug]) + "#entries")
    return _profile_page(request, day, profile, None, form)


def _profile_page(request, day, profile, form, entry_form):
    """The profile form with the marketplace entries below it."""
    if form is None:
        form = ProfileForm(
            person=request.user,
            slots=list(Slot.objects.filter(brokerage_day=day).order_by("starts_at")),
            initial=_profile_initial(profile),
        )
    context = participant_context(
        request,
        day,
        profile,
        form=form,
        availability=_availability_grid(form, day),
        entries=list(profile.entries.order_by("pk")) if profile is not None else [],
        entry_form=entry_form,
        current="profile",
    )
    return render(request, "matchmaking/profile_form.html", context)


@with_profile
def entry_edit(request, day, profile, pk):
    entry = _own_entry(profile, pk)
    entry.profile = profile
    form = EntryForm(
        request.POST if request.method == "POST" else None,
        prefix="entry",
        initial={"kind": entry.kind, "title": entry.title, "description": entry.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_marketplace_entry(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The entry is saved."))
            return redirect(reverse("matchmaking:profile_edit", args=[day.event.slug]) + "#entries")
    context = participant_context(
        request, day, profile, entry=entry, entry_form=form, current="profile"
    )
    return render(request, "matchmaking/entry_form.html", context)


@require_POST
@with_profile
def entry_remove(request, day, profile, pk):
    entry = _own_entry(profile, pk)
    entry.profile = profile
    try:
        services.remove_marketplace_entry(entry=entry, actor=request.user)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The entry was removed."))
    return redirect(reverse("matchmaking:profile_edit", args=[day.event.slug]) + "#entries")


# --- participants ----------------------------------------------------------------------------
@participant_page
def participants(request, day):
    form = ParticipantFilterForm(request.GET or None, facets=queries.profile_facets(day))
    filters = form.filters()
    profiles = queries.profile_list(
        request.user,
        day,
        search=filters.get("q", ""),
        country=filters.get("country", ""),
        organisation_kind=filters.get("organisation_kind", ""),
        sector=filters.get("sector", ""),
        language=filters.get("language", ""),
        offer=filters.get("offer", ""),
        seek=filters.get("seek", ""),
    )
    context = participant_context(
        request,
        day,
        form=form,
        filtered=bool(filters),
        page=paginate(request, profiles, per_page=PER_PAGE),
        clear_url=reverse("matchmaking:participants", args=[day.event.slug]),
        current="participants",
    )
    template = "matchmaking/participants.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@participant_page
def participant(request, day, pk):
    other = pick(queries.profile_list(request.user, day), pk)
    other.brokerage_day = day
    mine = queries.my_profile(request.user, day)
    form = RequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if mine is None:
            messages.info(request, _("Create your profile first: it is what others see."))
            return redirect("matchmaking:profile_edit", day.event.slug)
        if form.is_valid():
            try:
                sent = services.request_meeting(
                    requester=mine,
                    invitee=other,
                    actor=request.user,
                    message=form.cleaned_data["message"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if sent.status == MeetingRequest.Status.ACCEPTED:
                    messages.success(
                        request,
                        _("Your meeting with %(name)s is agreed: it will appear on your agenda.")
                        % {"name": other.display_name},
                    )
                else:
                    messages.success(
                        request,
                        _("Your request was sent to %(name)s.") % {"name": other.display_name},
                    )
                return redirect("matchmaking:participant", day.event.slug, other.pk)
    between = queries.open_request_between(mine, other) if mine is not None else None
    context = participant_context(
        request,
        day,
        mine,
        other=other,
        form=form,
        between=between,
        may_request=(
            mine is not None
            and mine.pk != other.pk
            and between is None
            and (day.requests_open or perms.can_manage_brokerage_day(request.user, day))
        ),
        current="participants",
    )
    return render(request, "matchmaking/participant.html", context)


@with_profile
def matches(request, day, profile):
    context = participant_context(
        request,
        day,
        profile,
        matches=queries.recommended_matches(profile, limit=MATCHES_SHOWN),
        current="matches",
    )
    return render(request, "matchmaking/matches.html", context)


# --- requests --------------------------------------------------------------------------------
def _request_rows(items, profile: Profile, now) -> list[dict]:
    rows = []
    for item in items:
        pending = item.status == MeetingRequest.Status.PENDING
        expired = pending and item.expires_at is not None and item.expires_at <= now
        received = item.invitee_id == profile.pk
        rows.append(
            {
                "request": item,
                "other": item.requester if received else item.invitee,
                "received": received,
                "status": "expired" if expired else item.status,
                "status_label": MeetingRequest.Status.EXPIRED.label
                if expired
                else item.get_status_display(),
                "can_answer": received and pending and not expired,
                "can_withdraw": not received and pending and not expired,
                "can_cancel": item.status == MeetingRequest.Status.ACCEPTED,
            }
        )
    return rows


@with_profile
def my_requests(request, day, profile):
    now = timezone.now()
    lists = queries.requests_of(profile)
    context = participant_context(
        request,
        day,
        profile,
        received=_request_rows(lists["received"], profile, now),
        sent=_request_rows(lists["sent"], profile, now),
        reason_form=ReasonForm(),
        current="requests",
    )
    return render(request, "matchmaking/requests.html", context)


def _request_action(request, day, pk, action):
    item = pick(
        MeetingRequest.objects.select_related(
            "brokerage_day__event", "requester__person", "invitee__person"
        ),
        pk,
        brokerage_day=day,
    )
    if not perms.can_view_request(request.user, item):
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matchmaking:requests", day.event.slug)
    reason = form.cleaned_data["reason"]
    try:
        if action == "accept":
            services.accept_request(request=item, actor=request.user)
            done = _("Accepted: the meeting is on your agenda and will be given a time.")
        elif action == "decline":
            services.decline_request(request=item, actor=request.user, reason=reason)
            done = _("Declined; %(name)s was told.") % {"name": item.requester.display_name}
        else:
            services.cancel_request(request=item, actor=request.user, reason=reason)
            done = _("Cancelled.")
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, done)
    return redirect("matchmaking:requests", day.event.slug)


@require_POST
@participant_page
def accept_request(request, day, pk):
    return _request_action(request, day, pk, "accept")


@require_POST
@participant_page
def decline_request(request, day, pk):
    return _request_action(request, day, pk, "decline")


@require_POST
@participant_page
def cancel_request(request, day, pk):
    return _request_action(request, day, pk, "cancel")


# --- agenda ----------------------------------------------------------------------------------
@with_profile
def my_agenda(request, day, profile):
    items = agenda_files.agenda_items(profile)
    for item in items:
        meeting = item.meeting
        item.extra = {
            "can_book": day.self_scheduling
            and not meeting.locked
            and (meeting.slot_id is None or meeting.placed_by == Meeting.PlacedBy.PARTICIPANT)
            and not item.over,
        }
    context = participant_context(request, day, profile, items=items, current="agenda")
    return render(request, "matchmaking/agenda.html", context)


def _file_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@with_profile
def agenda_pdf(request, day, profile):
    content = agenda_files.agenda_pdf(profile, language=translation.get_language())
    return _file_response(content, "application/pdf", f"{day.event.slug}-meetings.pdf")


@require_GET
@with_profile
def agenda_ics(request, day, profile):
    content = agenda_files.agenda_calendar(profile, language=translation.get_language())
    return _file_response(content, "text/calendar; charset=utf-8", f"{day.event.slug}-meetings.ics")


def _my_meeting(request, day, pk) -> Meeting:
    meeting = pick(
        Meeting.objects.select_related("brokerage_day__event", "slot", "location"),
        pk,
        brokerage_day=day,
    )
    if not perms.is_meeting_participant(request.user, meeting):
        raise Http404
    return meeting


def _time_label(slot: Slot, zone) -> str:
    from django.utils.formats import date_format, time_format

    start = timezone.localtime(slot.starts_at, zone)
    end = timezone.localtime(slot.ends_at, zone)
    return "{}, {}–{}".format(
        date_format(start, "DATE_FORMAT"),
        time_format(start, "TIME_FORMAT"),
        time_format(end, "TIME_FORMAT"),
    )


@with_profile
def book_meeting(request, day, profile, pk):
    meeting = _my_meeting(request, day, pk)
    if not day.self_scheduling:
        messages.error(request, _("The organisers schedule the meetings of this day."))
        return redirect("matchmaking:agenda", day.event.slug)
    free = []
    seen = set()
    for slot, _location in services.feasible_cells(meeting):
        if slot.pk not in seen:
            seen.add(slot.pk)
            free.append((slot.pk, _time_label(slot, day.zone)))
    blocked = ""
    if meeting.locked:
        blocked = _("The organisers have fixed this meeting's time.")
    elif meeting.slot_id and meeting.placed_by != Meeting.PlacedBy.PARTICIPANT:
        blocked = _("The organisers have scheduled this meeting; ask them to move it.")
    form = BookForm(request.POST if request.method == "POST" else None, slots=free)
    if request.method == "POST" and form.is_valid():
        slot = Slot.objects.get(pk=form.cleaned_data["slot"], brokerage_day=day)
        try:
            services.book_slot(meeting=meeting, slot=slot, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Booked: %(time)s. The others were told.")
                % {"time": _time_label(slot, day.zone)},
            )
            return redirect("matchmaking:agenda", day.event.slug)
    others = list(meeting.participants.select_related("person", "organisation"))
    context = participant_context(
        request,
        day,
        profile,
        meeting=meeting,
        others=[p for p in others if p.pk != profile.pk],
        form=form,
        free=free,
        blocked=blocked,
        current="agenda",
    )
    return render(request, "matchmaking/book.html", context)


@require_POST
@with_profile
def cancel_meeting(request, day, profile, pk):
    meeting = _my_meeting(request, day, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("matchmaking:agenda", day.event.slug)
    try:
        services.cancel_meeting(
            meeting=meeting, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("The meeting is cancelled; the others were told."))
    return redirect("matchmaking:agenda", day.event.slug)


@with_profile
def feedback(request, day, profile, pk):
    meeting = _my_meeting(request, day, pk)
    existing = meeting.feedback.filter(profile=profile).first()
    form = FeedbackForm(
        request.POST if request.method == "POST" else None,
        initial={"outcome": existing.outcome, "comment": existing.comment} if existing else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.give_feedback(meeting=meeting, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
            return redirect("matchmaking:agenda", day.event.slug)
    others = [
        p
        for p in meeting.participants.select_related("person", "organisation")
        if p.pk != profile.pk
    ]
    context = participant_context(
        request,
        day,
        profile,
        meeting=meeting,
        others=others,
        shown=queries.time_visible(meeting),
        over=meeting.slot is not None and meeting.slot.ends_at <= timezone.now(),
        form=form,
        existing=existing,
        current="agenda",
    )
    return render(request, "matchmaking/feedback.html", context)


_day = "<slug:slug>/brokerage/"

urlpatterns = [
    path(_day, day_page, name="day"),
    path(_day + "profile/", profile_edit, name="profile_edit"),
    path(_day + "profile/entries/", entry_add, name="entry_add"),
    path(_day + "profile/entries/<int:pk>/", entry_edit, name="entry_edit"),
    path(_day + "profile/entries/<int:pk>/remove/", entry_remove, name="entry_remove"),
    path(_day + "participants/", participants, name="participants"),
    path(_day + "participants/<int:pk>/", participant, name="participant"),
    path(_day + "matches/", matches, name="matches"),
    path(_day + "requests/", my_requests, name="requests"),
    path(_day + "requests/<int:pk>/accept/", accept_request, name="accept_request"),
    path(_day + "requests/<int:pk>/decline/", decline_request, name="decline_request"),
    path(_day + "requests/<int:pk>/cancel/", cancel_request, name="cancel_request"),
    path(_day + "agenda/", my_agenda, name="agenda"),
    path(_day + "agenda.pdf", agenda_pdf, name="agenda_pdf"),
    path(_day + "agenda.ics", agenda_ics, name="agenda_ics"),
    path(_day + "meetings/<int:pk>/book/", book_meeting, name="book_meeting"),
    path(_day + "meetings/<int:pk>/cancel/", cancel_meeting, name="cancel_meeting"),
    path(_day + "meetings/<int:pk>/feedback/", feedback, name="feedback"),
]
