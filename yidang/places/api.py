from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from yidang.accounts.queries import project_ids_of
from yidang.places.models import Building, Project


class ProjectSerializer(serializers.ModelSerializer[Project]):
    class Meta:
        model = Project
        fields = ["id", "code", "name", "form", "use", "address"]


class BuildingSerializer(serializers.ModelSerializer[Building]):
    class Meta:
        model = Building
        fields = ["id", "project", "code", "name", "floors_above", "floors_below"]


class ProjectViewSet(viewsets.ReadOnlyModelViewSet[Project]):
    """Projects the user works in."""

    serializer_class = ProjectSerializer

    def get_queryset(self) -> QuerySet[Project]:
        return Project.objects.filter(id__in=project_ids_of(self.request.user)).order_by("code")  # type: ignore[arg-type]


class BuildingViewSet(viewsets.ReadOnlyModelViewSet[Building]):
    """Buildings of the user's projects; filter with ``?project=<id>``."""

    serializer_class = BuildingSerializer

    def get_queryset(self) -> QuerySet[Building]:
        qs = Building.objects.filter(project_id__in=project_ids_of(self.request.user)).order_by("project_id", "code")  # type: ignore[arg-type]
        project = self.request.query_params.get("project")
        if project and project.isdigit():
            qs = qs.filter(project_id=int(project))
        return qs
