"""The service desk's /api/v1/ routes: ``tickets/`` and ``callbacks/`` (mounted by yidang/api_urls.py)."""

from rest_framework.routers import SimpleRouter

from yidang.service.api import CallbackViewSet, TicketViewSet

router = SimpleRouter()
router.register("tickets", TicketViewSet, basename="ticket")
router.register("callbacks", CallbackViewSet, basename="callback")

urlpatterns = router.urls
