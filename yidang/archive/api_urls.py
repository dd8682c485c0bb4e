"""The archive's /api/v1/ routes: ``archives/`` and ``scans/`` (mounted by yidang/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from yidang.archive.api import ArchiveViewSet, ScanViewSet

router = SimpleRouter()
router.register("archives", ArchiveViewSet, basename="archive")
router.register("scans", ScanViewSet, basename="scan")

urlpatterns = router.urls
