"""A profile's page and everything done to a profile: writing and editing it, submitting
it for review, the reviewer's decision, extending and withdrawing it; "My technology
profiles" and the reviewers' queue.

The profile page serves three audiences from one address. Everyone who may see the profile
reads it (in their language when a translation exists) with its owner as the rules
disclose it; members of another organisation can express interest; the owner's members
manage it and answer the interest forwarded to them; the intermediary's members review it
and forward the interest. A profile one may not see answers 404; an action one may not
take answers 403.
"""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import error_messages

from .. import queries, screening, services
from .. import rules as perms
from ..forms import LANGUAGES, InterestForm, NoteForm, ProfileForm
from ..models import KEYWORD_LIMIT, ExpressionOfInterest, Profile
from .common import (
    choice_labels,
    country_names,
    has_translation,
    is_intermediary_person,
    party_line,
    profile_text,
    render_page,
    visible_profile,
)

Status = Profile.Status
InterestStatus = ExpressionOfInterest.Status
REACHED_OWNER = (InterestStatus.FORWARDED, InterestStatus.ACCEPTED, InterestStatus.DECLINED)


# --- the profile page ----------------------------------------------------------------------------
def _flag_rows(profile: Profile) -> list[dict]:
    rows = []
    for flag in profile.flags or []:
        field = flag.get("field", "")
        name, _sep, language = field.rpartition("_")
        if language not in LANGUAGES:
            name, language = field, ""
        try:
            label = str(Profile._meta.get_field(name).verbose_name)
        except Exception:  # an unknown field name in old flags: show it as it is
            label = name
        rows.append(
            {
                "kind": flag.get("kind", ""),
                "description": screening.describe(flag.get("kind", "")),
                "text": flag.get("text", ""),
                "field": label,
                "language": language,
            }
        )
    return rows


def review_note_form(data=None) -> NoteForm:
    return NoteForm(
        data,
        prefix="review",
        label=_("What should be changed"),
        help_text=_("The owner sees this note and can change the profile."),
    )


def _interest_companies(user, profile: Profile) -> list:
    """The organisations the user may express interest for (not the owner)."""
    return [o for o in queries.organisations_for(user) if o.pk != profile.owner_id]


def profile_page(request, profile: Profile, *, interest_form=None, review_form=None):
    user = request.user
    is_owner = perms.is_owner_member(user, profile)
    is_reviewer = perms.can_review_profile(user, profile)
    show_original = request.GET.get("original") == "1"
    keywords = sorted(profile.keywords.all(), key=lambda k: k.code)
    owner = queries.owner_view(user, profile)
    context = {
        "profile": profile,
        "text": profile_text(profile, original=show_original),
        "show_original": show_original,
        "has_translation": has_translation(profile),
        "owner": owner,
        "anonymous_line": party_line(replace(owner, disclosed=False)),
        "technology_keywords": [k for k in keywords if k.kind == "technology"],
        "market_keywords": [k for k in keywords if k.kind == "market"],
        "partnership_types": choice_labels(profile.partnership_types, Profile.Partnership.choices),
        "partner_kinds": choice_labels(profile.partner_kinds, Profile.PartnerKind.choices),
        "partner_sizes": choice_labels(profile.partner_sizes, Profile.PartnerSize.choices),
        "countries": country_names(profile.countries_of_interest),
        "is_owner": is_owner,
        "is_reviewer": is_reviewer,
        "can_edit": perms.can_edit_profile(user, profile),
        "current": "search",
    }
    if is_owner or is_reviewer:
        counts = queries.interest_counts(profile)
        context["counts"] = counts
        context["count_rows"] = [
            (value, label, counts.get(value, 0))
            for value, label in InterestStatus.choices
            if counts.get(value)
        ]
    if is_owner:
        received = (
            profile.interests.filter(status__in=REACHED_OWNER)
            .select_related("company")
            .order_by("-created_at")
        )
        context.update(
            received=[(i, queries.interested_view(user, i)) for i in received],
            decline_form=NoteForm(prefix="decline", label=_("Reason (optional)")),
            can_submit=profile.status in (Status.DRAFT, Status.CHANGES_REQUESTED),
            can_extend=profile.can_be_extended,
            can_withdraw=profile.status not in (Status.WITHDRAWN, Status.ARCHIVED),
        )
    if is_reviewer:
        waiting = (
            profile.interests.filter(status=InterestStatus.SUBMITTED)
            .select_related("company")
            .order_by("created_at")
        )
        context.update(
            flags=_flag_rows(profile),
            review_form=review_form or review_note_form(),
            waiting=[(i, queries.interested_view(user, i)) for i in waiting],
            forward_form=NoteForm(
                prefix="forward",
                label=_("Note to the owner (optional)"),
                help_text=_(
                    "Do not name the interested company: the owner learns it on accepting."
                ),
            ),
            reject_form=NoteForm(prefix="reject", label=_("Why it is not forwarded")),
        )
    if perms.is_signed_in(user) and not is_owner:
        mine = list(
            profile.interests.filter(company__memberships__person=user)
            .select_related("company")
            .distinct()
            .order_by("-created_at")
        )
        busy = {i.company_id for i in mine if i.is_open}
        companies = [c for c in _interest_companies(user, profile) if c.pk not in busy]
        context.update(
            my_interests=mine,
            may_express=profile.is_published and bool(companies),
            interest_form=interest_form or InterestForm(companies=companies),
            has_organisation=bool(queries.organisations_for(user)),
        )
    return render_page(request, "transfer/profile_detail.html", context)


def profile_detail(request, pk):
    return profile_page(request, visible_profile(request, pk))


@require_POST
@login_required
def express_interest(request, pk):
    profile = visible_profile(request, pk)
    if perms.is_owner_member(request.user, profile):
        raise PermissionDenied
    companies = _interest_companies(request.user, profile)
    if not companies:
        raise PermissionDenied
    form = InterestForm(request.POST, companies=companies)
    if form.is_valid():
        try:
            interest = services.express_interest(
                actor=request.user,
                profile=profile,
                company=form.cleaned_data["company"],
                message=form.cleaned_data["message"],
                offer=form.cleaned_data["offer"],
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Your expression of interest was sent to the reviewing park or agency, "
                    "which passes it on to the owner."
                ),
            )
            return redirect("transfer:interest", interest.pk)
    return profile_page(request, profile, interest_form=form)


def _put_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _form_page(request, form: ProfileForm, profile: Profile | None):
    boxes = [
        {"field": form[name], "areas": form.keyword_areas(name)}
        for name in ("technology_keywords", "market_keywords")
    ]
    context = {
        "form": form,
        "profile": profile,
        "keyword_boxes": boxes,
        "keyword_limit": KEYWORD_LIMIT,
        "current": "mine",
    }
    return render_page(request, "transfer/profile_form.html", context)


# --- writing -------------------------------------------------------------------------------------
@login_required
def profile_new(request):
    user = request.user
    if not queries.organisations_for(user):
        return render_page(request, "transfer/no_organisation.html", {}, status=403)
    form = ProfileForm(request.POST if request.method == "POST" else None, person=user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_profile(
                actor=user,
                owner=form.cleaned_data["owner"],
                keywords=form.keywords(),
                **form.values(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                _(
                    "The draft is saved. Check it, then submit it for review: it is published "
                    "once the park or agency approves it."
                ),
            )
            return redirect("transfer:profile", created.pk)
    return _form_page(request, form, None)


@login_required
def profile_edit(request, pk):
    profile = visible_profile(request, pk)
    if not perms.can_edit_profile(request.user, profile):
        raise PermissionDenied
    form = ProfileForm(
        request.POST if request.method == "POST" else None, person=request.user, profile=profile
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(
                actor=request.user, profile=profile, keywords=form.keywords(), **form.values()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            was_published = profile.status == Status.PUBLISHED
            done = (
                _("Saved. The changed profile goes back to the reviewer before it is shown again.")
                if was_published
                else _("Saved.")
            )
            messages.success(request, done)
            return redirect("transfer:profile", profile.pk)
    return _form_page(request, form, profile)


# --- the owner's steps ---------------------------------------------------------------------------
def _owner_action(request, pk, action, done: str):
    profile = visible_profile(request, pk)
    if not perms.is_owner_member(request.user, profile):
        raise PermissionDenied
    try:
        action(actor=request.user, profile=profile)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, done)
    return redirect("transfer:profile", profile.pk)


@require_POST
@login_required
def profile_submit(request, pk):
    return _owner_action(
        request,
        pk,
        services.submit_profile,
        _("Submitted: the park or agency reviews the profile and tells you when it is published."),
    )


@require_POST
@login_required
def profile_withdraw(request, pk):
    return _owner_action(
        request, pk, services.withdraw_profile, _("The profile is off the marketplace.")
    )


@require_POST
@login_required
def profile_extend(request, pk):
    return _owner_action(
        request, pk, services.extend_profile, _("The profile runs for another twelve months.")
    )


# --- the reviewer's steps ------------------------------------------------------------------------
@require_POST
@login_required
def profile_publish(request, pk):
    profile = visible_profile(request, pk)
    if not perms.can_review_profile(request.user, profile):
        raise PermissionDenied
    try:
        services.publish_profile(actor=request.user, profile=profile)
    except ValidationError as error:
        messages.error(request, error_messages(error))
    else:
        messages.success(request, _("Published: the profile is on the marketplace for a year."))
    return redirect("transfer:profile", profile.pk)


@require_POST
@login_required
def profile_request_changes(request, pk):
    profile = visible_profile(request, pk)
    if not perms.can_review_profile(request.user, profile):
        raise PermissionDenied
    form = review_note_form(request.POST)
    if form.is_valid():
        try:
            services.request_changes(
                actor=request.user, profile=profile, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Sent back to the owner with your note."))
            return redirect("transfer:profile", profile.pk)
    return profile_page(request, profile, review_form=form)


# --- lists ---------------------------------------------------------------------------------------
@login_required
def mine(request):
    user = request.user
    own = list(queries.own_profiles(user))
    for item in own:
        item.text = profile_text(item)
    sent = [
        (interest, queries.owner_view(user, interest.profile), profile_text(interest.profile))
        for interest in queries.sent_interests(user).order_by("-created_at")
    ]
    received = [
        (interest, queries.interested_view(user, interest), profile_text(interest.profile))
        for interest in queries.received_interests(user).order_by("-created_at")
    ]
    context = {
        "own": own,
        "sent": sent,
        "received": received,
        "has_organisation": bool(queries.organisations_for(user)),
        "current": "mine",
    }
    return render_page(request, "transfer/mine.html", context)


@login_required
def review_queue(request):
    user = request.user
    if not is_intermediary_person(user):
        raise PermissionDenied
    profiles = list(queries.review_queue(user))
    for item in profiles:
        item.text = profile_text(item)
        item.owner_view = queries.owner_view(user, item)
    interests = [
        (interest, queries.interested_view(user, interest), profile_text(interest.profile))
        for interest in queries.interests_to_forward(user)
    ]
    context = {
        "profiles": profiles,
        "interests": interests,
        "forward_form": NoteForm(prefix="forward", label=_("Note to the owner (optional)")),
        "reject_form": NoteForm(prefix="reject", label=_("Why it is not forwarded")),
        "current": "review",
    }
    return render_page(request, "transfer/review_queue.html", context)


urlpatterns = [
    path("profiles/new/", profile_new, name="profile_new"),
    path("profiles/<int:pk>/", profile_detail, name="profile"),
    path("profiles/<int:pk>/edit/", profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/interest/", express_interest, name="express_interest"),
    path("profiles/<int:pk>/submit/", profile_submit, name="profile_submit"),
    path("profiles/<int:pk>/withdraw/", profile_withdraw, name="profile_withdraw"),
    path("profiles/<int:pk>/extend/", profile_extend, name="profile_extend"),
    path("profiles/<int:pk>/publish/", profile_publish, name="profile_publish"),
    path(
        "profiles/<int:pk>/request-changes/",
        profile_request_changes,
        name="profile_request_changes",
    ),
    path("mine/", mine, name="mine"),
    path("review/", review_queue, name="review"),
]
