"""The park's R&D and production projects: writes and the reads the pages and the KPIs
share.

A project has a lead organisation and partner organisations (from both countries of the
cooperation), members with a role, the park's resources it uses, milestones, and outputs:
prototypes, devices produced (with quantities), publications (with a DOI) and patents
filed (with the application number). Bookings charged to a project are reported by
:mod:`korpu.facilities.usage`.

Writes are keyword-only functions; each runs in one transaction and leaves an audit
entry. A refused change raises ``ValidationError`` with a translated message (keyed by
field where there is one) and writes nothing; an actor who may not run the project gets
``PermissionDenied``. Who may run a project is :data:`korpu.facilities.rules.can_manage_project`:
the managers of the lead organisation, the project's leads, the park's managers, staff.
A project is registered by staff, the park's managers, or a manager of the lead
organisation when that organisation is at home in the park (its operator, a resident or a
partner of the operator).

Titles and summaries are entered per language (``title_en``, ``title_az``, ``title_tr``);
the English title is required, as for programmes and events.
"""

import datetime
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from korpu.common.audit import diff, record, snapshot
from korpu.common.forms import per_language
from korpu.directory.models import Organisation, Park, Person, Residency
from korpu.directory.rules import (
    MANAGING_ROLES,
    is_park_manager,
    is_signed_in,
    organisation_ids_of,
)

from . import rules as perms
from .models import Milestone, Output, Project, ProjectMember, Resource

# Addresses of the project pages themselves (/labs/projects/new/).
RESERVED_SLUGS = frozenset({"new"})
TEXT_FIELDS = tuple(per_language("title", "summary"))
PLAIN_FIELDS = ("kind", "status", "starts_on", "ends_on", "budget", "currency", "is_public")
EDITABLE = TEXT_FIELDS + PLAIN_FIELDS
TITLE_LIMIT = Project._meta.get_field("title").max_length
OUTPUT_TITLE_LIMIT = Output._meta.get_field("title").max_length
REFERENCE_LIMIT = Output._meta.get_field("reference").max_length
MILESTONE_LIMIT = Milestone._meta.get_field("title").max_length
# Outputs counted one by one; prototypes and devices carry a quantity.
SINGLE_OUTPUTS = (Output.Kind.PUBLICATION, Output.Kind.PATENT)
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")
CURRENCY_RE = re.compile(r"^[A-Z]{3}$")


def _refuse(message: str, code: str, field: str | None = None) -> None:
    if field:
        raise ValidationError({field: ValidationError(message, code=code)})
    raise ValidationError(message, code=code)


def _invalid(message: str) -> ValidationError:
    return ValidationError(message, code="invalid")


def park_today(park: Park) -> datetime.date:
    return timezone.localdate(timezone=ZoneInfo(park.time_zone or settings.TIME_ZONE))


# --- who may register a project --------------------------------------------------------------
def at_home_in_park(organisation: Organisation, park: Park) -> bool:
    """The park's operator, a current resident, or a party to an active partnership with
    the operator (or to the partnership that established the park)."""
    if organisation.pk == park.operator_id:
        return True
    if Residency.objects.filter(
        company=organisation,
        park=park,
        status__in=(Residency.Status.APPROVED, Residency.Status.ACTIVE),
    ).exists():
        return True
    partnerships = Q(partnership_links__partnership__parties=park.operator_id)
    if park.established_by_id:
        partnerships |= Q(partnership_links__partnership_id=park.established_by_id)
    return Organisation.objects.filter(
        partnerships, pk=organisation.pk, partnership_links__partnership__status="active"
    ).exists()


def may_register(actor, *, park: Park | None = None, lead: Organisation | None = None) -> bool:
    """Whether ``actor`` may register a project for ``lead`` in ``park``; without them,
    whether they may register some project at all (the "new project" link)."""
    if not is_signed_in(actor):
        return False
    if actor.is_staff:
        return True
    if park is None or lead is None:
        return actor.memberships.filter(role__in=MANAGING_ROLES).exists()
    if is_park_manager(actor, park):
        return True
    return actor.memberships.filter(
        organisation=lead, role__in=MANAGING_ROLES
    ).exists() and at_home_in_park(lead, park)


def lead_choices(actor) -> QuerySet[Organisation]:
    """Organisations ``actor`` may name as a project's lead: every one for staff and park
    managers, else those they manage."""
    organisations = Organisation.objects.order_by("name")
    if (
        actor.is_staff
        or Park.objects.filter(operator__in=organisation_ids_of(actor, MANAGING_ROLES)).exists()
    ):
        return organisations
    return organisations.filter(pk__in=organisation_ids_of(actor, MANAGING_ROLES))


def _require_manager(actor, project: Project) -> None:
    if not perms.can_manage_project(actor, project):
        raise PermissionDenied(_("Only the project's leads and the park's managers may do this."))


# --- the project itself ----------------------------------------------------------------------
def _unique_slug(base: str) -> str:
    base = (base or "project")[:70].strip("-") or "project"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or Project.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _clean_data(data: dict) -> dict:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    cleaned = dict(data)
    for name in TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    if "currency" in cleaned:
        cleaned["currency"] = (cleaned["currency"] or "").strip().upper()
    return cleaned


def _check_project(project: Project) -> None:
    """The rules of a whole project, keyed by field; then the model's own."""
    errors = {}
    if not (project.title_en or "").strip():
        errors["title_en"] = _("Give the project's title in English.")
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = _("The project cannot end before it starts.")
    if project.budget is not None and project.budget < 0:
        errors["budget"] = _("The budget cannot be negative.")
    if not CURRENCY_RE.match(project.currency or ""):
        errors["currency"] = _("Give the currency as a three-letter code, such as AZN or TRY.")
    if errors:
        raise ValidationError({key: _invalid(message) for key, message in errors.items()})
    project.full_clean()


def _set_partners(project: Project, partners) -> list[int]:
    ids = sorted({organisation.pk for organisation in partners} - {project.lead_id})
    project.partners.set(ids)
    return ids


def create_project(
    *,
    actor,
    park: Park,
    lead: Organisation,
    data: dict,
    partners=(),
    slug: str = "",
) -> Project:
    """Register a project. ``data`` holds the per-language title and summary and any of
    kind, status, starts_on, ends_on, budget, currency, is_public. The lead organisation
    is dropped from ``partners`` (it takes part anyway)."""
    if not may_register(actor, park=park, lead=lead):
        raise PermissionDenied(
            _(
                "Projects in %(park)s are registered by the park's managers or by managers "
                "of its residents and partners."
            )
            % {"park": park}
        )
    data = _clean_data(data)
    with transaction.atomic():
        project = Project(park=park, lead=lead)
        for name, value in data.items():
            setattr(project, name, value)
        if slug:
            slug = slugify(slug)
            if not slug or slug in RESERVED_SLUGS:
                _refuse(_("This address is used by another page."), "slug", "slug")
            if Project.objects.filter(slug=slug).exists():
                _refuse(_("Another project already has this address."), "slug", "slug")
            project.slug = slug
        else:
            project.slug = _unique_slug(slugify(data.get("title_en") or ""))
        _check_project(project)
        project.save()
        partner_ids = _set_partners(project, partners)
        changes = diff({}, snapshot(project))
        changes["partners"] = [None, partner_ids]
        record(actor=actor, action="facilities.project.create", obj=project, changes=changes)
    return project


def update_project(
    *,
    actor,
    project: Project,
    data: dict,
    partners=None,
    lead: Organisation | None = None,
) -> Project:
    """Change a project's texts and facts; ``partners`` (when given) replaces the
    partners; a new ``lead`` must be one the actor may register the project for."""
    _require_manager(actor, project)
    data = _clean_data(data)
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("park").get(pk=project.pk)
        _require_manager(actor, project)
        before = snapshot(project)
        before_partners = sorted(project.partners.values_list("pk", flat=True))
        if lead is not None and lead.pk != project.lead_id:
            if not may_register(actor, park=project.park, lead=lead):
                _refuse(
                    _("You may not hand the project to %(organisation)s.") % {"organisation": lead},
                    "lead",
                    "lead",
                )
            project.lead = lead
        for name, value in data.items():
            setattr(project, name, value)
        _check_project(project)
        project.save()
        changes = diff(before, snapshot(project))
        if partners is not None or lead is not None:
            after_partners = _set_partners(
                project, partners if partners is not None else project.partners.all()
            )
            if after_partners != before_partners:
                changes["partners"] = [before_partners, after_partners]
        record(actor=actor, action="facilities.project.update", obj=project, changes=changes)
    return project


# --- members ---------------------------------------------------------------------------------
def organisations_of(project: Project) -> list[Organisation]:
    """The lead first, then the partners by name."""
    return [project.lead, *project.partners.order_by("name")]


def member_candidates(project: Project) -> QuerySet[Person]:
    """People of the project's organisations who are not members yet."""
    ids = [project.lead_id, *project.partners.values_list("pk", flat=True)]
    return (
        Person.objects.filter(memberships__organisation__in=ids, is_active=True)
        .exclude(pk__in=project.memberships.values("person_id"))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def add_member(
    *, actor, project: Project, person: Person, role: str, organisation=None
) -> ProjectMember:
    """Add someone to the project with a role, for one of its organisations (by default
    the first of them the person belongs to)."""
    _require_manager(actor, project)
    if role not in ProjectMember.Role.values:
        _refuse(_("Choose the member's role."), "invalid", "role")
    if person is None or not person.is_active:
        _refuse(_("Choose an active person."), "invalid", "person")
    project_orgs = organisations_of(project)
    if organisation is not None and organisation.pk not in {o.pk for o in project_orgs}:
        _refuse(
            _("%(organisation)s is neither the lead nor a partner of the project.")
            % {"organisation": organisation},
            "organisation",
            "organisation",
        )
    if organisation is None:
        own = set(person.memberships.values_list("organisation_id", flat=True))
        organisation = next((o for o in project_orgs if o.pk in own), None)
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if project.memberships.filter(person=person).exists():
            _refuse(
                _("%(person)s is already a member of the project.") % {"person": person.full_name},
                "already_member",
                "person",
            )
        member = ProjectMember.objects.create(
            project=project, person=person, role=role, organisation=organisation
        )
        record(
            actor=actor,
            action="facilities.project.member.add",
            obj=project,
            changes={"member": [None, {"person": person.pk, "role": role}]},
        )
    return member


def set_member_role(*, actor, member: ProjectMember, role: str) -> ProjectMember:
    _require_manager(actor, member.project)
    if role not in ProjectMember.Role.values:
        _refuse(_("Choose the member's role."), "invalid", "role")
    with transaction.atomic():
        member = ProjectMember.objects.select_for_update().get(pk=member.pk)
        before = member.role
        member.role = role
        member.save(update_fields=["role"])
        record(
            actor=actor,
            action="facilities.project.member.role",
            obj=member.project,
            changes={"role": [{"person": member.person_id, "role": before}, role]},
        )
    return member


def remove_member(*, actor, member: ProjectMember) -> None:
    _require_manager(actor, member.project)
    with transaction.atomic():
        record(
            actor=actor,
            action="facilities.project.member.remove",
            obj=member.project,
            changes={"member": [{"person": member.person_id, "role": member.role}, None]},
        )
        ProjectMember.objects.filter(pk=member.pk).delete()


# --- resources used --------------------------------------------------------------------------
def set_resources(*, actor, project: Project, resources) -> list[Resource]:
    """Replace the park resources the project uses (only resources of its park)."""
    _require_manager(actor, project)
    resources = list(resources)
    foreign = [r for r in resources if r.facility.park_id != project.park_id]
    if foreign:
        _refuse(
            _("%(resources)s belong to another park than the project's.")
            % {"resources": ", ".join(str(r) for r in foreign)},
            "resources",
            "resources",
        )
    with transaction.atomic():
        before = sorted(project.resources.values_list("pk", flat=True))
        project.resources.set(resources)
        after = sorted(r.pk for r in resources)
        record(
            actor=actor,
            action="facilities.project.resources",
            obj=project,
            changes={"resources": [before, after]} if before != after else {},
        )
    return resources


# --- milestones ------------------------------------------------------------------------------
def add_milestone(*, actor, project: Project, title: str, due_on: datetime.date) -> Milestone:
    _require_manager(actor, project)
    title = (title or "").strip()
    if not title:
        _refuse(_("Name the milestone."), "invalid", "title")
    if len(title) > MILESTONE_LIMIT:
        _refuse(
            _("Keep the milestone under %(limit)s characters.") % {"limit": MILESTONE_LIMIT},
            "invalid",
            "title",
        )
    if not isinstance(due_on, datetime.date):
        _refuse(_("Give the date the milestone is due."), "invalid", "due_on")
    with transaction.atomic():
        milestone = Milestone.objects.create(project=project, title=title, due_on=due_on)
        record(
            actor=actor,
            action="facilities.project.milestone.add",
            obj=project,
            changes={"milestone": [None, {"title": title, "due_on": due_on.isoformat()}]},
        )
    return milestone


def complete_milestone(
    *, actor, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    """Mark a milestone reached (today in the park's time zone unless a date is given;
    never a future date)."""
    project = milestone.project
    _require_manager(actor, project)
    today = park_today(project.park)
    done_on = done_on or today
    if done_on > today:
        _refuse(_("A milestone cannot be reached in the future."), "future", "done_on")
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is not None:
            _refuse(_("This milestone is already reached."), "already_done")
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on"])
        record(
            actor=actor,
            action="facilities.project.milestone.done",
            obj=project,
            changes={"milestone": [milestone.pk, None], "done_on": [None, done_on.isoformat()]},
        )
    return milestone


def reopen_milestone(*, actor, milestone: Milestone) -> Milestone:
    _require_manager(actor, milestone.project)
    with transaction.atomic():
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        if milestone.done_on is None:
            _refuse(_("This milestone is not reached yet."), "not_done")
        before = milestone.done_on
        milestone.done_on = None
        milestone.save(update_fields=["done_on"])
        record(
            actor=actor,
            action="facilities.project.milestone.reopen",
            obj=milestone.project,
            changes={"milestone": [milestone.pk, None], "done_on": [before.isoformat(), None]},
        )
    return milestone


def remove_milestone(*, actor, milestone: Milestone) -> None:
    _require_manager(actor, milestone.project)
    with transaction.atomic():
        record(
            actor=actor,
            action="facilities.project.milestone.remove",
            obj=milestone.project,
            changes={"milestone": [{"title": milestone.title}, None]},
        )
        Milestone.objects.filter(pk=milestone.pk).delete()


# --- outputs ---------------------------------------------------------------------------------
def normalise_doi(text: str) -> str:
    """``https://doi.org/10.1000/XYZ`` and ``doi:10.1000/XYZ`` → ``10.1000/XYZ``."""
    value = (text or "").strip()
    lowered = value.lower()
    for prefix in (*DOI_PREFIXES, "doi:"):
        if lowered.startswith(prefix):
            value = value[len(prefix) :].strip()
            break
    return value


def record_output(
    *,
    actor,
    project: Project,
    kind: str,
    title: str,
    date: datetime.date,
    quantity: int = 1,
    reference: str = "",
) -> Output:
    """Record what the project produced: a prototype, devices produced (with how many),
    a publication (with its DOI when it has one), a patent filed (with the application
    number). The date is when it happened: never in the future."""
    _require_manager(actor, project)
    errors = {}
    if kind not in Output.Kind.values:
        errors["kind"] = _("Choose what kind of output this is.")
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Name the output.")
    elif len(title) > OUTPUT_TITLE_LIMIT:
        errors["title"] = _("Keep the name under %(limit)s characters.") % {
            "limit": OUTPUT_TITLE_LIMIT
        }
    if not isinstance(date, datetime.date):
        errors["date"] = _("Give the date.")
    elif date > park_today(project.park):
        errors["date"] = _("Record an output once it exists: the date cannot be in the future.")
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
        errors["quantity"] = _("The quantity is a whole number, at least 1.")
    elif kind in SINGLE_OUTPUTS and quantity != 1:
        errors["quantity"] = _("Record each publication and each patent on its own.")
    reference = (reference or "").strip()
    if kind == Output.Kind.PUBLICATION and reference:
        reference = normalise_doi(reference)
        if not DOI_RE.match(reference):
            errors["reference"] = _("This is not a DOI (it looks like 10.1234/abcd).")
    if kind == Output.Kind.PATENT and not reference:
        errors["reference"] = _("Give the patent application number.")
    if len(reference) > REFERENCE_LIMIT:
        errors["reference"] = _("Keep the reference under %(limit)s characters.") % {
            "limit": REFERENCE_LIMIT
        }
    if errors:
        raise ValidationError({key: _invalid(message) for key, message in errors.items()})
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        if (
            kind in SINGLE_OUTPUTS
            and reference
            and project.outputs.filter(kind=kind, reference__iexact=reference).exists()
        ):
            _refuse(
                _("This project already has an output with the reference %(reference)s.")
                % {"reference": reference},
                "already_recorded",
                "reference",
            )
        output = Output.objects.create(
            project=project,
            kind=kind,
            title=title,
            date=date,
            quantity=quantity,
            reference=reference,
        )
        record(
            actor=actor,
            action="facilities.project.output.add",
            obj=project,
            changes={
                "output": [
                    None,
                    {"kind": kind, "title": title, "quantity": quantity, "reference": reference},
                ]
            },
        )
    return output


def remove_output(*, actor, output: Output) -> None:
    _require_manager(actor, output.project)
    with transaction.atomic():
        record(
            actor=actor,
            action="facilities.project.output.remove",
            obj=output.project,
            changes={
                "output": [
                    {"kind": output.kind, "title": output.title, "quantity": output.quantity},
                    None,
                ]
            },
        )
        Output.objects.filter(pk=output.pk).delete()


# --- reads -----------------------------------------------------------------------------------
def visible_projects(user) -> QuerySet[Project]:
    """Projects ``user`` may see: the same answer as ``rules.can_view_project`` for a
    whole list (public ones; one's own; those one runs)."""
    projects = Project.objects.all()
    if is_signed_in(user) and user.is_staff:
        return projects
    condition = Q(is_public=True)
    if is_signed_in(user):
        managed = organisation_ids_of(user, MANAGING_ROLES)
        condition |= (
            Q(pk__in=ProjectMember.objects.filter(person=user).values("project_id"))
            | Q(lead__in=managed)
            | Q(park__operator__in=managed)
        )
    return projects.filter(condition)


def project_list(
    user, *, park: str = "", kind: str = "", status: str = "", country: str = "", text: str = ""
) -> QuerySet[Project]:
    """Visible projects with their partners, filtered (park slug, kind, status, a country
    among the lead and partners, words of the title or summary in any language)."""
    projects = visible_projects(user)
    if park:
        projects = projects.filter(park__slug=park)
    if kind:
        projects = projects.filter(kind=kind)
    if status:
        projects = projects.filter(status=status)
    if country:
        projects = projects.filter(
            Q(lead__country=country)
            | Q(
                pk__in=Project.partners.through.objects.filter(
                    organisation__country=country
                ).values("project_id")
            )
        )
    if text:
        words = Q()
        for name in TEXT_FIELDS:
            words |= Q(**{f"{name}__icontains": text})
        projects = projects.filter(words)
    return (
        projects.select_related("park", "lead")
        .prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name")))
        .annotate(
            member_count=Count("memberships", distinct=True),
            output_count=Count("outputs", distinct=True),
        )
        .order_by("-starts_on", "-created_at", "pk")
    )


def countries_of(project: Project) -> list[str]:
    """The countries of the lead and the partners (codes, sorted)."""
    return sorted({o.country for o in [project.lead, *project.partners.all()] if o.country})


def output_summary(project: Project) -> list[dict]:
    """Per kind of output: how many outputs and how many items (devices count their
    quantity), in the order of the kinds; kinds without outputs are left out."""
    rows = {
        row["kind"]: row
        for row in project.outputs.values("kind").annotate(
            outputs=Count("pk"), quantity=Sum("quantity")
        )
    }
    return [
        {
            "kind": kind,
            "label": label,
            "outputs": rows[kind]["outputs"],
            "quantity": rows[kind]["quantity"],
        }
        for kind, label in Output.Kind.choices
        if kind in rows
    ]


def output_totals(park: Park | None = None, year: int | None = None, projects=None) -> dict:
    """What the park's projects produced, for the KPIs.

    Returns ``{"by_kind": {kind: {"outputs": n, "quantity": q}}, "by_country": {country:
    {kind: {"outputs": n, "quantity": q}}}, "projects": n}``. ``by_kind`` lists every kind
    (zeros included); an output counts once for each country among its project's lead
    and partners, so the countries add up to more than the total for a joint project.
    ``projects`` counts the projects with at least one output. ``year`` keeps outputs
    dated that year; ``projects`` (a queryset) limits to those projects.
    """
    outputs = Output.objects.all()
    if park is not None:
        outputs = outputs.filter(project__park=park)
    if year is not None:
        outputs = outputs.filter(date__year=year)
    if projects is not None:
        outputs = outputs.filter(project__in=projects)

    def zeros():
        return {kind: {"outputs": 0, "quantity": 0} for kind in Output.Kind.values}

    by_kind = zeros()
    per_project = defaultdict(zeros)
    for row in outputs.values("project_id", "kind").annotate(
        outputs=Count("pk"), quantity=Sum("quantity")
    ):
        for target in (by_kind[row["kind"]], per_project[row["project_id"]][row["kind"]]):
            target["outputs"] += row["outputs"]
            target["quantity"] += row["quantity"]
    countries = defaultdict(set)
    for project_id, lead_country in Project.objects.filter(pk__in=per_project).values_list(
        "pk", "lead__country"
    ):
        countries[project_id].add(lead_country)
    for project_id, partner_country in Project.partners.through.objects.filter(
        project_id__in=per_project
    ).values_list("project_id", "organisation__country"):
        countries[project_id].add(partner_country)
    by_country = defaultdict(zeros)
    for project_id, figures in per_project.items():
        for country in countries[project_id] - {""}:
            for kind, values in figures.items():
                by_country[country][kind]["outputs"] += values["outputs"]
                by_country[country][kind]["quantity"] += values["quantity"]
    return {
        "by_kind": by_kind,
        "by_country": dict(sorted(by_country.items())),
        "projects": len(per_project),
    }


def milestone_progress(project: Project) -> tuple[int, int]:
    """(reached, all) milestones."""
    counts = project.milestones.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_on__isnull=False))
    )
    return counts["done"], counts["total"]
