"""Stocktake routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.stocktake.api import StocktakeViewSet

router = SimpleRouter()
router.register("stocktakes", StocktakeViewSet, basename="stocktake")

urlpatterns = router.urls
