"""Reads about loans that encode a rule."""

from __future__ import annotations

from django.db.models import QuerySet

from yidang.loans.models import Loan, LoanStatus


def loans_held_by(user) -> QuerySet[Loan]:  # type: ignore[no-untyped-def]
    """Folders the user has out and not yet returned: exit clearance refuses while any remain."""
    return Loan.objects.filter(borrower=user, status=LoanStatus.OUT)
