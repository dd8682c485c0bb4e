"""The access app's /api/v1/ routes: ``access-requests/`` (mounted by yidang/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from yidang.access.api import AccessRequestViewSet

router = SimpleRouter()
router.register("access-requests", AccessRequestViewSet, basename="access-request")

urlpatterns = router.urls
