"""Retention routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.retention.api import AppraisalViewSet, DestructionListViewSet, DocumentGhostViewSet, HoldViewSet

router = SimpleRouter()
router.register("retention/holds", HoldViewSet, basename="hold")
router.register("retention/appraisals", AppraisalViewSet, basename="appraisal")
router.register("retention/destruction-lists", DestructionListViewSet, basename="destruction-list")
router.register("retention/ghosts", DocumentGhostViewSet, basename="document-ghost")

urlpatterns = router.urls
