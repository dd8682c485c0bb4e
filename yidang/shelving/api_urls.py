"""Storage routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.shelving.api import FolderMoveViewSet, LocationViewSet

router = SimpleRouter()
router.register("locations", LocationViewSet, basename="location")
router.register("folder-moves", FolderMoveViewSet, basename="folder-move")

urlpatterns = router.urls
