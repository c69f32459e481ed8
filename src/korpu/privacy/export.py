"""A person's own data as a ZIP: ``data.json`` and the files they uploaded.

What goes in is listed explicitly in :data:`EXPORTED` (model, lookups from it to the
person, fields left out, file fields to add); every other link to a person is in
:data:`NOT_EXPORTED` with the reason. tests/privacy/test_export.py fails when a model
gains a link to people that neither list names, so nothing is exported (or forgotten)
by accident. Whatever the lists say, fields named like secrets (:data:`SECRET_FIELDS`)
never leave, and a link to another person never shows who that is.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from . import conf

FORMAT = "korpu-personal-data/1"
# Never exported, whichever model has them: passwords, token hashes, second-factor
# secrets, session keys, invitation and feed tokens.
SECRET_FIELDS = frozenset(
    {"password", "key_hash", "secret", "secret_hash", "data", "token", "session_key", "signing_key"}
)
# Links shown with a readable label next to the id (things, not people).
LABELLED = frozenset(
    {
        "directory.Organisation",
        "directory.Park",
        "directory.Partnership",
        "directory.Qualification",
        "programs.Programme",
        "programs.Call",
        "programs.Cohort",
        "programs.Question",
        "programs.ReviewStage",
        "events.Event",
        "events.Session",
        "events.Question",
        "events.Survey",
        "events.Team",
        "matchmaking.BrokerageDay",
        "facilities.Facility",
        "facilities.Resource",
        "facilities.Project",
        "transfer.Profile",
    }
)


@dataclass(frozen=True)
class Part:
    model: str
    paths: tuple[str, ...]  # lookups from the model to the person ("pk" for the person)
    exclude: frozenset[str] = field(default_factory=frozenset)
    files: tuple[str, ...] = ()


EXPORTED: list[Part] = [
    Part("directory.Person", ("pk",), frozenset({"is_superuser"}), files=("photo",)),
    Part("account.EmailAddress", ("user",)),
    Part("mfa.Authenticator", ("user",)),  # type and dates; ``data`` holds the secrets
    Part("directory.Membership", ("person",)),
    Part("directory.QualificationGrant", ("person",)),
    Part("directory.ApiToken", ("person",)),  # name, dates, status; never the hash
    Part("directory.PartnershipDocument", ("uploaded_by",), files=("file",)),
    Part("programs.Application", ("applicant",)),
    Part("programs.Answer", ("application__applicant",), files=("file",)),
    Part("programs.CallReviewer", ("reviewer",)),
    Part("programs.DeclaredRelationship", ("person",)),
    Part("programs.Conflict", ("reviewer",)),
    Part("programs.Assignment", ("reviewer",)),
    Part("programs.Review", ("assignment__reviewer",)),
    Part("programs.CohortMember", ("person",)),
    Part("programs.Mentor", ("person",)),
    Part("programs.OfficeHourBooking", ("booked_by",)),
    Part("programs.Placement", ("specialist",)),
    Part("events.Speaker", ("person",)),
    Part("events.Registration", ("person",)),
    Part("events.SessionSeat", ("registration__person",)),
    Part("events.CheckIn", ("registration__person",)),
    Part("events.Certificate", ("registration__person",)),
    Part("events.SurveyResponse", ("registration__person",)),
    Part("events.Idea", ("author",)),
    Part("events.TeamMember", ("person",)),
    Part("events.JoinRequest", ("person",)),
    Part("events.MentorSlot", ("mentor",)),
    Part("events.Judge", ("person",)),
    Part("events.JudgeAssignment", ("judge__person",)),
    Part("matchmaking.Profile", ("person",)),
    Part("matchmaking.MarketplaceEntry", ("profile__person",)),
    Part("matchmaking.MeetingRequest", ("requester__person", "invitee__person")),
    Part("matchmaking.Participation", ("profile__person",)),
    Part("matchmaking.MeetingFeedback", ("profile__person",)),
    Part("transfer.ExpressionOfInterest", ("author",)),
    Part("transfer.DealDocument", ("uploaded_by",), files=("file",)),
    Part("transfer.SavedSearch", ("person",)),
    Part("facilities.ProjectMember", ("person",)),
    Part("facilities.BookingSeries", ("person",)),
    Part("facilities.Booking", ("person",)),
    Part("facilities.WaitingEntry", ("person",)),
    Part("facilities.Incident", ("reported_by",)),
    Part("privacy.ConsentRecord", ("person",)),
    Part("privacy.Erasure", ("person",)),
]

_STAFF_WORK = "work done for an organisation on records that belong to others"
NOT_EXPORTED: dict[tuple[str, str], str] = {
    ("admin.LogEntry", "user"): "changes made in the administration to other records",
    ("common.AuditEntry", "actor"): "exported apart: what the person did, without the details",
    ("directory.QualificationGrant", "granted_by"): _STAFF_WORK,
    ("programs.Conflict", "overridden_by"): _STAFF_WORK,
    ("programs.Placement", "host_mentor"): "another person's placement",
    ("programs.AssignmentRun", "requested_by"): _STAFF_WORK,
    ("events.Invitation", "invited_by"): "invitations sent to other people",
    ("events.Registration", "decided_by"): _STAFF_WORK,
    ("events.CheckIn", "checked_in_by"): _STAFF_WORK,
    ("events.Team", "created_by"): "the team's record (membership is exported)",
    ("matchmaking.MeetingRequest", "cancelled_by"): "the request is exported through the profile",
    ("matchmaking.Meeting", "cancelled_by"): "the meeting is exported through the profile",
    ("matchmaking.ScheduleRun", "requested_by"): _STAFF_WORK,
    ("transfer.Profile", "created_by"): "an organisation's technology profile",
    ("transfer.ExpressionOfInterest", "forwarded_by"): _STAFF_WORK,
    ("transfer.ExpressionOfInterest", "decided_by"): _STAFF_WORK,
    ("transfer.Deal", "created_by"): "an organisation's deal",
    ("facilities.Closure", "created_by"): _STAFF_WORK,
    ("facilities.Booking", "decided_by"): _STAFF_WORK,
    ("facilities.Incident", "resolved_by"): _STAFF_WORK,
    ("insights.ReportingPeriod", "locked_by"): _STAFF_WORK,
    ("insights.Report", "updated_by"): "an organisation's report",
    ("insights.Report", "submitted_by"): "an organisation's report",
    ("insights.Reminder", "sent_by"): _STAFF_WORK,
    ("insights.YearlyReport", "requested_by"): _STAFF_WORK,
    ("webhooks.Endpoint", "created_by"): "an organisation's webhook endpoint (holds its secret)",
}


def person_links() -> set[tuple[str, str]]:
    """Every (model, field) of the project that points at a person."""
    person_model = get_user_model()
    return {
        (model._meta.label, f.name)
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model is person_model
    }


def covered_links() -> set[tuple[str, str]]:
    return {(p.model, path) for p in EXPORTED for path in p.paths if "__" not in path} | set(
        NOT_EXPORTED
    )


def _plain(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    return value


def _row(obj: models.Model, part: Part, person_pk: int, files: dict) -> dict:
    person_model = get_user_model()
    row: dict = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in part.exclude:
            continue
        if f.is_relation:
            value = getattr(obj, f.attname)
            if f.related_model is person_model:
                if value == person_pk:
                    row[f.name] = "you"
                continue  # never who another person is
            row[f.name] = value
            if value is not None and f.related_model._meta.label in LABELLED:
                row[f"{f.name}_label"] = str(getattr(obj, f.name))
        elif isinstance(f, models.FileField):
            field_file = getattr(obj, f.name)
            if f.name in part.files and field_file:
                path = (
                    f"files/{obj._meta.label_lower}/{obj.pk}/"
                    f"{f.name}-{os.path.basename(field_file.name)}"
                )
                files[path] = field_file
                row[f.name] = path
            else:
                row[f.name] = bool(field_file)
        else:
            row[f.name] = _plain(getattr(obj, f.attname))
    return row


def _queryset(part: Part, person):
    from django.db.models import Q

    model = apps.get_model(part.model)
    condition = Q()
    for path in part.paths:
        condition |= Q(**{path: person.pk})
    labelled = [
        f.name
        for f in model._meta.concrete_fields
        if f.is_relation and f.related_model._meta.label in LABELLED
    ]
    queryset = model.objects.filter(condition)
    if labelled:
        queryset = queryset.select_related(*labelled)
    return queryset.distinct().order_by("pk")


def collect(person) -> tuple[dict, dict]:
    """(the data as a JSON-ready dict, {path in the ZIP: field file})."""
    from korpu.common.models import AuditEntry, OutboxMessage

    files: dict = {}
    records: dict[str, list[dict]] = {}
    for part in EXPORTED:
        records[part.model] = [_row(obj, part, person.pk, files) for obj in _queryset(part, person)]
    person_rows = records.pop(get_user_model()._meta.label)

    person_type = (person._meta.app_label, person._meta.model_name)
    about = AuditEntry.objects.filter(
        content_type__app_label=person_type[0],
        content_type__model=person_type[1],
        object_id=str(person.pk),
    ).order_by("created_at", "id")
    by_you = AuditEntry.objects.filter(actor=person).select_related("content_type")
    mails = OutboxMessage.objects.filter(to__icontains=person.email).order_by("created_at")
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "controller": conf.controller(),
        "contact": conf.contact(),
        "person": person_rows[0] if person_rows else {},
        "records": records,
        "audit_about_you": [
            {"when": e.created_at.isoformat(), "action": e.action, "changes": e.changes}
            for e in about
        ],
        # What the person did, without the details (which may be about other people).
        "audit_by_you": [
            {
                "when": e.created_at.isoformat(),
                "action": e.action,
                "object_type": e.content_type.model if e.content_type else "",
            }
            for e in by_you.order_by("created_at", "id")
        ],
        "mail_to_you": [
            {
                "created": m.created_at.isoformat(),
                "status": m.status,
                "sent": m.sent_at.isoformat() if m.sent_at else None,
                "subject": m.subject,
                "body": m.body,
            }
            for m in mails
            if person.email.lower() in {address.lower() for address in m.to}
        ],
        "files": sorted(files),
    }
    return data, files


def build_zip(person):
    """The export as an open temporary file positioned at its start (spooled to disk past
    a few megabytes), with the number of files put in it."""
    data, files = collect(person)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned
    missing = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, field_file in files.items():
            try:
                with (
                    field_file.storage.open(field_file.name, "rb") as source,
                    archive.open(path, "w") as target,
                ):
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
            except OSError:
                missing.append(path)
        data["files_missing"] = missing
        archive.writestr(
            "data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        )
    out.seek(0)
    return out, len(files) - len(missing)
