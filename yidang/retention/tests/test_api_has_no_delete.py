"""No retention route of the API deletes or edits in place: holds are released, lists rejected, ghosts kept."""

from __future__ import annotations

from django.urls import URLPattern
from django.utils import timezone

from yidang.households.tests.helpers import api_client
from yidang.retention.models import Appraisal, DestructionList, DocumentGhost, Hold
from yidang.retention.tests.flow import destroyed


def _retention_api_patterns() -> list[URLPattern]:
    from yidang.retention.api_urls import urlpatterns

    return [p for p in urlpatterns if isinstance(p, URLPattern)]


def test_no_retention_api_route_serves_delete_put_or_patch():
    patterns = _retention_api_patterns()
    served = {m for p in patterns for m in getattr(p.callback, "actions", {})}
    assert len(patterns) == 14 and served == {"get", "head", "post"}


def test_delete_on_every_retention_object_answers_405_and_keeps_it(world, papers):
    dlist = destroyed(world)
    hold = Hold.objects.create(
        project=world.hy, archive=papers.archive, reason="纠纷", placed_by=world.archivist, placed_at=timezone.now()
    )
    api = api_client(world.archivist)
    urls = [
        f"/api/v1/retention/holds/{hold.pk}/",
        f"/api/v1/retention/appraisals/{dlist.appraisal_id}/",
        f"/api/v1/retention/destruction-lists/{dlist.pk}/",
        f"/api/v1/retention/ghosts/{DocumentGhost.objects.first().pk}/",  # type: ignore[union-attr]
    ]
    for url in urls:
        assert api.delete(url).status_code == 405, url
    assert Hold.objects.count() == 1 and Appraisal.objects.count() == 1
    assert DestructionList.objects.count() == 1 and DocumentGhost.objects.count() == 2
