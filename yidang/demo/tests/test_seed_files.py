"""seed_demo gives every occupied household a file with documents, scans, checklist and timeline."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from yidang.accounts.models import User
from yidang.accounts.queries import project_ids_of
from yidang.archive.actions import archive_number_for
from yidang.archive.checklist import checklist_refresh
from yidang.archive.models import Archive, ChecklistItem, Document, Scan
from yidang.demo import files
from yidang.households.models import Occupancy
from yidang.households.search import search_households
from yidang.timeline.models import TimelineEvent


def test_files_hold_documents_about_twenty_per_household(seeded):
    archives = Archive.objects.count()
    documents = Document.objects.count()
    assert archives > 0
    assert 18 * archives < documents < 28 * archives
    assert not Archive.objects.filter(documents__isnull=True).exists()


def test_the_seeded_checklists_are_what_checklist_refresh_computes(seeded):
    def snapshot():
        items = set(ChecklistItem.objects.values_list("archive_id", "doc_type_id", "satisfied"))
        counts = set(Archive.objects.values_list("id", "required_count", "satisfied_count"))
        return items, counts

    seeded_state = snapshot()
    with transaction.atomic():
        for archive in Archive.objects.order_by("id"):
            checklist_refresh(archive)
    assert snapshot() == seeded_state
    percents = Counter("complete" if s == r else "partial" for _, r, s in seeded_state[1])
    assert percents["complete"] and percents["partial"]


def test_archive_numbers_follow_the_configured_scheme(seeded):
    for archive in Archive.objects.select_related("room__project", "room__building")[:50]:
        assert archive.number == archive_number_for(archive.room)


def test_items_are_numbered_one_to_n_and_scan_counts_match_the_scans(seeded):
    for archive in Archive.objects.order_by("id")[:50]:
        numbers = list(archive.documents.order_by("item_no").values_list("item_no", flat=True))
        assert numbers == list(range(1, len(numbers) + 1))
    scans = Counter(Scan.objects.values_list("document_id", flat=True))
    recorded = dict(Document.objects.filter(scan_count__gt=0).values_list("id", "scan_count"))
    assert recorded == dict(scans)


def test_the_timeline_shows_each_occupancy_document_and_scan(seeded):
    events = Counter(TimelineEvent.objects.values_list("kind", flat=True))
    assert events["document.add"] == Document.objects.count()
    assert events["scan.add"] == Scan.objects.count()
    assert events["archive.open"] == Archive.objects.count()
    assert events["occupancy.start"] == Occupancy.objects.count()
    assert events["occupancy.end"] == Occupancy.objects.filter(end_date__isnull=False).count()
    doc = Document.objects.select_related("archive").order_by("id")[0]
    event = TimelineEvent.objects.get(kind="document.add", object_type="archive.document", object_id=str(doc.pk))
    assert event.room_id == doc.archive.room_id and event.summary == f"归档 第{doc.item_no}件 {doc.title}"


def test_scans_point_at_stored_files_and_pass_the_fixity_check(seeded, media):
    scan = Scan.objects.order_by("id")[0]
    assert (media / scan.storage_name).is_file() and (media / scan.thumbnail_name).is_file()
    assert len(set(Scan.objects.values_list("storage_name", flat=True))) == 3
    call_command("fixity_check", verbosity=0)  # raises CommandError if any scan failed
    assert not Scan.objects.filter(fixity_ok=False).exists()


def test_a_household_is_found_by_what_a_document_title_says(seeded):
    doc = Document.objects.filter(title__startswith="维修记录（", archive__project__code="HY").select_related(
        "archive"
    )[0]
    topic = doc.title.split("（", 1)[1].rstrip("）")
    projects = project_ids_of(User.objects.get(username="assistant"))
    assert doc.archive.room in search_households(topic, projects, limit=500).rooms


@pytest.fixture
def seeded_thick(db, settings, media, monkeypatch):
    monkeypatch.setattr(files, "HEAVY_EVERY", 40)
    call_command("seed_demo", households=400, verbosity=0)


def test_thick_files_hold_fifty_documents_and_two_hundred_timeline_events(seeded_thick):
    thick = list(Document.objects.filter(item_no=50).values_list("archive_id", "archive__room_id"))
    per_project = Counter(Archive.objects.values_list("project_id", flat=True))
    assert len(thick) == sum(n // 40 for n in per_project.values()) > 0  # every 40th file of each project
    for archive_id, room_id in thick:
        assert Document.objects.filter(archive_id=archive_id).count() == 50
        assert TimelineEvent.objects.filter(room_id=room_id).count() == 200
