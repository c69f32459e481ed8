"""Finding profiles: the marketplace's search page (free text in any of the three
languages, or the newest published profiles; filters; why each result matched), the
complementary profiles of one profile, and saved searches with their digest mails.

Everyone may search; what a result shows of its owner is what
:func:`korpu.transfer.queries.owner_view` discloses to the reader.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from korpu.common.views import paginate

from .. import queries, services
from ..forms import SavedSearchForm, SearchForm, add_service_errors
from ..models import Keyword, Profile, SavedSearch
from .common import (
    active_language,
    cards,
    choice_labels,
    matching,
    pick_pk,
    render_page,
    visible_profile,
)

PER_PAGE = 20
# A free-text search ranks this many published profiles; the filters then narrow them.
SEARCH_DEPTH = 200
MATCHES_SHOWN = 10


def _narrow(profiles, filters: dict):
    if filters.get("type"):
        profiles = profiles.filter(type=filters["type"])
    if filters.get("country"):
        profiles = profiles.filter(owner__country=filters["country"])
    if filters.get("stage"):
        profiles = profiles.filter(stage=filters["stage"])
    if filters.get("keyword"):
        code = filters["keyword"]
        tagged = Profile.objects.filter(
            Q(keywords__code=code) | Q(keywords__code__startswith=f"{code}.")
        )
        profiles = profiles.filter(pk__in=tagged.values("pk"))
    return profiles


def _owner_countries() -> list[str]:
    return list(
        Profile.objects.filter(status=Profile.Status.PUBLISHED)
        .values_list("owner__country", flat=True)
        .distinct()
    )


def home(request):
    form = SearchForm(request.GET or None, countries=_owner_countries())
    filters = form.filters()
    query = filters.get("q", "").strip()
    published = queries.published_profiles()
    if query:
        # Ranked as ids: only the profiles of the page shown are loaded (below).
        found = matching().search(
            query,
            language=active_language(),
            types=[filters["type"]] if filters.get("type") else None,
            top=SEARCH_DEPTH,
            resolve=False,
        )
        kept = set(
            _narrow(published.filter(pk__in=[pk for pk, _m in found]), filters).values_list(
                "pk", flat=True
            )
        )
        rows = [(pk, match) for pk, match in found if pk in kept]
    else:
        rows = _narrow(published, filters).order_by("-published_at", "-pk")
    page = paginate(request, rows, per_page=PER_PAGE)
    if query:
        page.object_list = matching().resolve_page(page.object_list)
    save_link = ""
    if query or filters.get("keyword"):
        params = {
            "q": query,
            "type": filters.get("type", ""),
            "keyword": filters.get("keyword", ""),
        }
        save_link = (
            reverse("transfer:searches") + "?" + urlencode({k: v for k, v in params.items() if v})
        )
    context = {
        "form": form,
        "query": query,
        "filtered": bool(filters),
        "page": page,
        "cards": cards(request.user, page.object_list),
        "clear_url": reverse("transfer:home"),
        "save_link": save_link,
        "current": "search",
    }
    template = "transfer/home.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render_page(request, template, context)


def profile_matches(request, pk):
    """The complementary profiles of one profile, with the reasons (an HTMX fragment on
    the profile page; a page of its own without JavaScript)."""
    profile = visible_profile(request, pk)
    found = matching().complementary(profile, top=MATCHES_SHOWN)
    context = {"profile": profile, "matches": cards(request.user, found)}
    template = "transfer/matches.html"
    if request.htmx and not request.htmx.boosted:
        template = "transfer/_matches.html"
    return render_page(request, template, context)


# --- saved searches ------------------------------------------------------------------------------
def _initial_from_search(request) -> dict:
    """A new saved search prefilled from the search page's "save this search" link."""
    initial = {}
    query = (request.GET.get("q") or "").strip()[:300]
    if query:
        initial["query"] = query
        initial["name"] = query[:120]
    if request.GET.get("type") in Profile.Type.values:
        initial["types"] = [request.GET["type"]]
    code = request.GET.get("keyword") or ""
    keyword = Keyword.objects.filter(code=code).first() if code else None
    if keyword is not None:
        initial["keywords"] = [keyword.pk]
        initial.setdefault("name", str(keyword.name))
    return initial


@login_required
def searches(request):
    form = SavedSearchForm(
        request.POST if request.method == "POST" else None,
        initial=_initial_from_search(request) if request.method == "GET" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_search(actor=request.user, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved: new matching profiles will come to you by e-mail."))
            return redirect("transfer:searches")
    saved = (
        SavedSearch.objects.filter(person=request.user)
        .prefetch_related("keywords")
        .order_by("name", "pk")
    )
    rows = [
        {
            "search": search,
            "link": search_results_link(search),
            "types": choice_labels(search.types, Profile.Type.choices),
        }
        for search in saved
    ]
    context = {"form": form, "saved": rows, "current": "searches"}
    return render_page(request, "transfer/searches.html", context)


@require_POST
@login_required
def search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pick_pk(pk), person=request.user)
    services.delete_search(actor=request.user, search=search)
    messages.success(request, _("The saved search was deleted."))
    return redirect("transfer:searches")


def search_results_link(search: SavedSearch) -> str:
    params = {"q": search.query}
    if len(search.types) == 1:
        params["type"] = search.types[0]
    keywords = list(search.keywords.all())
    if len(keywords) == 1:
        params["keyword"] = keywords[0].code
    return reverse("transfer:home") + "?" + urlencode({k: v for k, v in params.items() if v})


urlpatterns = [
    path("", home, name="home"),
    path("profiles/<int:pk>/matches/", profile_matches, name="profile_matches"),
    path("searches/", searches, name="searches"),
    path("searches/<int:pk>/delete/", search_delete, name="search_delete"),
]
