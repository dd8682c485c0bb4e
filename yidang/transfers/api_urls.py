"""Transfer routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.transfers.api import TransferSheetViewSet

router = SimpleRouter()
router.register("transfers", TransferSheetViewSet, basename="transfer")

urlpatterns = router.urls
