"""What every brokerage page shares: finding the brokerage day behind an event's address,
who may open which page, and the little pieces of context the templates use.

An event the visitor may not see, or one without a brokerage day, answers 404. The
participants' pages need a signed-in person who takes part (a confirmed registration, or
a member of an organiser): others get 403. The organisers' pages need the managers of
the event's organisers (or staff): others who see the event get 403.
"""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from korpu.events.models import Event

from .. import queries
from .. import rules as perms
from ..models import BrokerageDay, Profile


def visible_event(request, slug: str) -> Event:
    event = get_object_or_404(Event.objects.select_related("site__park"), slug=slug)
    if not request.user.has_perm("events.view_event", event):
        raise Http404
    return event


def day_of(event: Event) -> BrokerageDay:
    day = queries.brokerage_day_of(event)
    if day is None:
        raise Http404
    return day


def brokerage_page(view):
    """Anyone who may see the event: ``view(request, day, ...)``."""

    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        return view(request, day_of(visible_event(request, slug)), *args, **kwargs)

    return wrapper


def participant_page(view):
    """People who take part (or run the day): ``view(request, day, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        day = day_of(visible_event(request, slug))
        if not perms.can_browse_profiles(request.user, day):
            raise PermissionDenied
        return view(request, day, *args, **kwargs)

    return wrapper


def with_profile(view):
    """A participant page that needs the person's own profile:
    ``view(request, day, profile, ...)``; without one, the profile form comes first."""

    @participant_page
    @functools.wraps(view)
    def wrapper(request, day, *args, **kwargs):
        profile = queries.my_profile(request.user, day)
        if profile is None:
            messages.info(request, _("Create your profile first: it is what others see."))
            return redirect("matchmaking:profile_edit", day.event.slug)
        profile.brokerage_day = day
        return view(request, day, profile, *args, **kwargs)

    return wrapper


def organiser_page(view):
    """The organisers of the event: ``view(request, day, ...)``."""

    @login_required
    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        day = day_of(visible_event(request, slug))
        if not perms.can_manage_brokerage_day(request.user, day):
            raise PermissionDenied
        return view(request, day, *args, **kwargs)

    return wrapper


def participant_context(request, day: BrokerageDay, profile: Profile | None = None, **extra):
    """Context of the participants' pages: the day, the event, one's own profile, the
    number of requests waiting for one's answer, and whether one runs the day."""
    user = request.user
    if profile is None and user.is_authenticated:
        profile = queries.my_profile(user, day)
    waiting = queries.waiting_request_count(profile) if profile is not None else 0
    return {
        "day": day,
        "event": day.event,
        "profile": profile,
        "waiting_requests": waiting,
        "is_organiser": perms.can_manage_brokerage_day(user, day),
        "may_take_part": user.is_authenticated and perms.may_take_part(user, day),
        **extra,
    }


def pick(queryset, raw, **filters):
    """The row of ``queryset`` whose id is ``raw`` (404 for a missing or malformed id)."""
    try:
        pk = int(raw)
    except (TypeError, ValueError) as malformed:
        raise Http404 from malformed
    return get_object_or_404(queryset, pk=pk, **filters)


def form_errors(form) -> str:
    """A refused form's messages in one line (for a message above a list)."""
    return " ".join(str(m) for errors in form.errors.values() for m in errors)
