"""Setting up events: the event itself and its agenda (tracks, rooms, sessions, speakers).

Keyword-only functions, one transaction each, an audit entry; refusals raise
``ValidationError`` with a message in the user's language and write nothing. Whatever
touches places or registrations goes through :mod:`korpu.events.services`: a new
capacity through ``set_capacity`` (it promotes people waiting under the event lock),
cancelling the event through ``cancel_event``, telling participants about a change
through ``notify_event_changed``.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from korpu.common.audit import diff, record, snapshot
from korpu.directory.models import Organisation
from korpu.directory.queries import organisation_ids_of
from korpu.directory.rules import MANAGING_ROLES

from . import services
from .models import Event, Registration, Room, Session, Speaker, Track

# A change to one of these is news for the people registered.
NEWSWORTHY = ("starts_at", "ends_at", "time_zone", "site_id", "online_url")


def organiser_choices(user) -> QuerySet[Organisation]:
    """The organisations ``user`` may name as organisers (staff: any)."""
    organisations = Organisation.objects.order_by("name")
    if user.is_staff:
        return organisations
    return organisations.filter(pk__in=organisation_ids_of(user, MANAGING_ROLES))


def _apply(instance, data: dict) -> None:
    for name, value in data.items():
        setattr(instance, name, value)


def _unique_slug(base: str) -> str:
    base = (base or "event")[:70].strip("-") or "event"
    slug, number = base, 2
    while slug in Event.RESERVED_SLUGS or Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _check_organisers(actor, organisers) -> None:
    allowed = set(organiser_choices(actor).values_list("pk", flat=True))
    if any(organisation.pk not in allowed for organisation in organisers):
        raise ValidationError(
            {"organisers": _("You can only name organisations you manage as organisers.")}
        )


def _sessions_outside(event: Event) -> list[Session]:
    first, last = (
        timezone.localdate(event.starts_at, event.zone),
        timezone.localdate(event.ends_at, event.zone),
    )
    return [
        session
        for session in event.sessions.all()
        if timezone.localdate(session.starts_at, event.zone) < first
        or timezone.localdate(session.ends_at, event.zone) > last
    ]


# --- events ----------------------------------------------------------------------------------
@transaction.atomic
def create_event(*, actor, organisers, data: dict, slug: str = "") -> Event:
    if not actor.has_perm("events.add_event"):
        raise PermissionDenied
    organisers = list(organisers)
    if not organisers:
        raise ValidationError({"organisers": _("An event needs at least one organiser.")})
    _check_organisers(actor, organisers)
    if data.get("status") == Event.Status.CANCELLED:
        raise ValidationError({"status": _("A new event cannot be cancelled.")})
    event = Event()
    _apply(event, data)
    if slug:
        event.slug = slugify(slug)
        if Event.objects.filter(slug=event.slug).exists():
            raise ValidationError({"slug": _("Another event already has this short name.")})
    else:
        event.slug = _unique_slug(slugify(data.get("title_en") or ""))
    event.full_clean()
    event.save()
    event.organisers.set(organisers)
    changes = diff({}, snapshot(event))
    changes["organisers"] = [None, sorted(o.pk for o in organisers)]
    record(actor=actor, action="events.create_event", obj=event, changes=changes)
    return event


@transaction.atomic
def update_event(
    *,
    actor,
    event: Event,
    data: dict,
    organisers=None,
    move_agenda: bool = False,
    notify: bool = True,
    note: str = "",
) -> Event:
    """Change an event's settings.

    ``organisers`` are the organisations picked among those the actor manages; organisers
    the actor does not manage stay. A new capacity goes through ``set_capacity``; status
    ``cancelled`` cancels every registration and tells the people (``note`` is the
    reason). Otherwise, if times or venue changed (or ``note`` says something), the
    registered people are told when ``notify`` is set.
    """
    event = services.lock_event(event.pk)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    data = dict(data)
    capacity = data.pop("capacity", event.capacity)
    status = data.pop("status", event.status)
    if event.status == Event.Status.CANCELLED and status != Event.Status.CANCELLED:
        raise ValidationError(
            {"status": _("A cancelled event cannot be reopened: create a new event instead.")}
        )
    if (
        status == Event.Status.DRAFT
        and event.status != Event.Status.DRAFT
        and event.registrations.filter(status__in=Registration.ACTIVE).exists()
    ):
        raise ValidationError(
            {
                "status": _(
                    "People have registered: the event cannot go back to draft. Cancel it instead."
                )
            }
        )
    before = snapshot(event)
    before_organisers = sorted(event.organisers.values_list("pk", flat=True))
    old_start = event.starts_at
    _apply(event, data)
    if status != Event.Status.CANCELLED:
        event.status = status
    event.full_clean()
    event.save()

    if organisers is not None:
        organisers = list(organisers)
        _check_organisers(actor, organisers)
        managed = set(organiser_choices(actor).values_list("pk", flat=True))
        kept = [pk for pk in before_organisers if pk not in managed]
        after_organisers = sorted({*kept, *(o.pk for o in organisers)})
        if not after_organisers:
            raise ValidationError({"organisers": _("An event needs at least one organiser.")})
        event.organisers.set(after_organisers)
    else:
        after_organisers = before_organisers

    shift = event.starts_at - old_start
    moved = 0
    if move_agenda and shift:
        for session in event.sessions.all():
            session.starts_at += shift
            session.ends_at += shift
            session.save(update_fields=["starts_at", "ends_at"])
            moved += 1
    outside = _sessions_outside(event)
    if outside:
        raise ValidationError(
            {
                "ends_at": _(
                    "These sessions would fall outside the event's days: %(sessions)s. Move "
                    "them first or move the agenda with the event."
                )
                % {"sessions": ", ".join(f"“{s.title}”" for s in outside[:5])}
            }
        )

    changes = diff(before, snapshot(event))
    if after_organisers != before_organisers:
        changes["organisers"] = [before_organisers, after_organisers]
    if moved:
        changes["sessions_moved"] = [None, moved]
    record(actor=actor, action="events.update_event", obj=event, changes=changes)

    if status == Event.Status.CANCELLED:
        if event.status != Event.Status.CANCELLED:
            services.cancel_event(event=event, actor=actor, reason=note)
        return Event.objects.get(pk=event.pk)
    if capacity != event.capacity:
        services.set_capacity(event=event, capacity=capacity, actor=actor)
    newsworthy = any(name in changes for name in NEWSWORTHY) or bool(note.strip())
    if (
        notify
        and newsworthy
        and event.registrations.filter(status__in=Registration.ACTIVE).exists()
    ):
        services.notify_event_changed(event=event, actor=actor, what=note.strip())
    return Event.objects.get(pk=event.pk)


# --- agenda ----------------------------------------------------------------------------------
def _locked(actor, event: Event) -> Event:
    event = services.lock_event(event.pk)
    if not actor.has_perm("events.change_event", event):
        raise PermissionDenied
    return event


def _save_part(*, actor, event, model, data, instance, name: str):
    event = _locked(actor, event)
    if instance is None:
        instance, before = model(event=event), {}
    else:
        instance = model.objects.get(pk=instance.pk, event=event)
        before = snapshot(instance)
    _apply(instance, data)
    instance.full_clean()
    instance.save()
    verb = "update" if before else "create"
    record(
        actor=actor,
        action=f"events.{verb}_{name}",
        obj=instance,
        changes=diff(before, snapshot(instance)),
    )
    return instance


def _delete_part(*, actor, instance, name: str) -> None:
    event = _locked(actor, instance.event)
    instance = type(instance).objects.get(pk=instance.pk, event=event)
    record(
        actor=actor,
        action=f"events.delete_{name}",
        obj=instance,
        changes=diff(snapshot(instance), {}),
    )
    instance.delete()


@transaction.atomic
def save_track(*, actor, event: Event, data: dict, track: Track | None = None) -> Track:
    return _save_part(
        actor=actor, event=event, model=Track, data=data, instance=track, name="track"
    )


@transaction.atomic
def delete_track(*, actor, track: Track) -> None:
    """Its sessions stay, without a track."""
    _delete_part(actor=actor, instance=track, name="track")


@transaction.atomic
def save_room(*, actor, event: Event, data: dict, room: Room | None = None) -> Room:
    return _save_part(actor=actor, event=event, model=Room, data=data, instance=room, name="room")


@transaction.atomic
def delete_room(*, actor, room: Room) -> None:
    _delete_part(actor=actor, instance=room, name="room")


def _check_session(event: Event, session: Session) -> None:
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    first = timezone.localdate(event.starts_at, event.zone)
    last = timezone.localdate(event.ends_at, event.zone)
    for name in ("starts_at", "ends_at"):
        day = timezone.localdate(getattr(session, name), event.zone)
        if not first <= day <= last:
            raise ValidationError(
                {
                    name: _("Sessions must be within the event's days (%(first)s – %(last)s).")
                    % {"first": first.isoformat(), "last": last.isoformat()}
                }
            )
    for name in ("track", "room"):
        part = getattr(session, name)
        if part is not None and part.event_id != event.pk:
            raise ValidationError({name: _("Choose one of this event's.")})
    if session.capacity is not None and session.pk:
        taken = session.seats.filter(registration__status__in=Registration.HOLDING_A_PLACE).count()
        if session.capacity < taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)s people already have a place in this session: the session "
                        "needs at least that many places."
                    )
                    % {"taken": taken}
                }
            )


@transaction.atomic
def save_session(*, actor, event: Event, data: dict, session: Session | None = None) -> Session:
    event = _locked(actor, event)
    if session is None:
        session, before = Session(event=event), {}
    else:
        session = Session.objects.select_for_update().get(pk=session.pk, event=event)
        before = snapshot(session)
    _apply(session, data)
    session.full_clean()
    _check_session(event, session)
    session.save()
    record(
        actor=actor,
        action="events.update_session" if before else "events.create_session",
        obj=session,
        changes=diff(before, snapshot(session)),
    )
    return session


@transaction.atomic
def delete_session(*, actor, session: Session) -> None:
    """Refused once attendance has been recorded for it (certificates count on it)."""
    event = _locked(actor, session.event)
    session = Session.objects.get(pk=session.pk, event=event)
    if session.check_ins.exists():
        raise ValidationError(
            _("Attendance has been recorded for this session: it cannot be deleted.")
        )
    record(
        actor=actor,
        action="events.delete_session",
        obj=session,
        changes=diff(snapshot(session), {}),
    )
    session.delete()


@transaction.atomic
def add_speaker(
    *, actor, session: Session, person=None, guest_name: str = "", guest_affiliation: str = ""
) -> Speaker:
    event = _locked(actor, session.event)
    session = Session.objects.get(pk=session.pk, event=event)
    guest_name = (guest_name or "").strip()
    if (person is None) == (not guest_name):
        raise ValidationError(
            _("Give either the e-mail address of a person in the directory or a guest's name.")
        )
    if person is not None and session.speakers.filter(person=person).exists():
        raise ValidationError(_("This person already speaks in this session."))
    last = session.speakers.order_by("-position").values_list("position", flat=True).first()
    speaker = Speaker(
        session=session,
        person=person,
        guest_name="" if person else guest_name,
        guest_affiliation=(guest_affiliation or "").strip(),
        position=(last + 1) if last is not None else 0,
    )
    speaker.full_clean()
    speaker.save()
    record(
        actor=actor, action="events.add_speaker", obj=speaker, changes=diff({}, snapshot(speaker))
    )
    return speaker


@transaction.atomic
def remove_speaker(*, actor, speaker: Speaker) -> None:
    event = _locked(actor, speaker.session.event)
    speaker = Speaker.objects.get(pk=speaker.pk, session__event=event)
    record(
        actor=actor,
        action="events.remove_speaker",
        obj=speaker,
        changes=diff(snapshot(speaker), {}),
    )
    speaker.delete()
