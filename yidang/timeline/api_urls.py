"""The timeline's /api/v1/ routes (mounted by yidang/api_urls.py)."""

from django.urls import path

from yidang.timeline.api import HouseholdTimelineView

urlpatterns = [
    path("households/<int:room_id>/timeline/", HouseholdTimelineView.as_view(), name="household-timeline"),
]
