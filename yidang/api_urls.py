"""The /api/v1/ routes of every app."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from yidang.accounts.api import TokenView
from yidang.households.api import HouseholdViewSet
from yidang.places.api import BuildingViewSet, ProjectViewSet

# No ".json" suffix routes (as in every app's router): JSON is the only format, and the custom actions
# of these viewsets answered a suffixed URL with a 500 (found by the authorization matrix, tests/authz).
router = DefaultRouter()
router.include_format_suffixes = False
router.register("projects", ProjectViewSet, basename="project")
router.register("buildings", BuildingViewSet, basename="building")
router.register("households", HouseholdViewSet, basename="household")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("imports/", include("yidang.imports.api_urls")),
    path("", include("yidang.archive.api_urls")),
    path("", include("yidang.shelving.api_urls")),
    path("", include("yidang.timeline.api_urls")),
    path("", include("yidang.access.api_urls")),
    path("", include("yidang.usage.api_urls")),
    path("", include("yidang.loans.api_urls")),
    path("", include("yidang.service.api_urls")),
    path("", include("yidang.inspections.api_urls")),
    path("", include("yidang.stocktake.api_urls")),
    path("", include("yidang.transfers.api_urls")),
    path("", include("yidang.incidents.api_urls")),
    path("", include("yidang.retention.api_urls")),
    path("", include(router.urls)),
]
