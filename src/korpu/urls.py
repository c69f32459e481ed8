from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path
from django.views.i18n import set_language

from korpu.api import api
from korpu.common.health import health


def healthz(request):
    """Liveness probe for load balancers: the app answers and the database is reachable."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("health/", health, name="health"),
]
urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("programmes/", include("korpu.programs.urls")),
    path("events/", include("korpu.matchmaking.urls")),
    path("events/", include("korpu.events.urls")),
    path("marketplace/", include("korpu.transfer.urls")),
    path("labs/", include("korpu.facilities.urls")),
    path("insights/", include("korpu.insights.urls")),
    path("webhooks/", include("korpu.webhooks.urls")),
    path("privacy/", include("korpu.privacy.urls")),
    path("", include("korpu.directory.urls")),
    prefix_default_language=True,
)
