"""Loan routes, mounted at /api/v1/ (no API root of their own)."""

from rest_framework.routers import SimpleRouter

from yidang.loans.api import LoanViewSet

router = SimpleRouter()
router.register("loans", LoanViewSet, basename="loan")

urlpatterns = router.urls
