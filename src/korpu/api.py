"""The HTTP API under /api/v1/: one NinjaAPI assembled from each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Körpü API",
    version="1",
    urls_namespace="api-v1",
    description="Read the ecosystem of a cross-border innovation cooperation.",
)
