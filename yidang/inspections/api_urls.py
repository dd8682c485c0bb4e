"""Inspection routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.inspections.api import ChaseTaskViewSet, InspectionViewSet

router = SimpleRouter()
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("chase-tasks", ChaseTaskViewSet, basename="chase-task")

urlpatterns = router.urls
