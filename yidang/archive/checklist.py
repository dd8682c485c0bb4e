"""Which required document types apply to a file, and which of them the file holds."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from yidang.archive.models import Archive, ChecklistItem, Condition, Document, DocumentType, RequiredForm
from yidang.households.models import Occupancy, OccupantRole


def conditions_met(archive: Archive) -> set[str]:
    """The checklist conditions true of this household now."""
    met = {Condition.ALWAYS.value}
    current = Occupancy.objects.filter(room_id=archive.room_id, end_date__isnull=True)
    if current.filter(role=OccupantRole.TENANT).exists():
        met.add(Condition.HAS_TENANT.value)
    if current.filter(role__in=[OccupantRole.OWNER, OccupantRole.CO_OWNER], organization__isnull=False).exists():
        met.add(Condition.COMPANY_OWNER.value)
    if archive.has_renovation:
        met.add(Condition.HAS_RENOVATION.value)
    if archive.has_transfer:
        met.add(Condition.HAS_TRANSFER.value)
    return met


def _satisfying_documents(doc_type: DocumentType) -> QuerySet[Document]:
    """Documents of a type held in the form the type requires (paper, scan, both or either)."""
    docs = Document.objects.filter(doc_type=doc_type)
    if doc_type.original_required:
        docs = docs.filter(is_original=True)
    form = doc_type.required_form
    if form == RequiredForm.PAPER:
        return docs.filter(paper_present=True)
    if form == RequiredForm.SCAN:
        return docs.filter(scan_count__gt=0)
    if form == RequiredForm.BOTH:
        return docs.filter(paper_present=True, scan_count__gt=0)
    return docs.filter(paper_present=True) | docs.filter(scan_count__gt=0)


def checklist_refresh(archive: Archive) -> tuple[int, int]:
    """Rebuild the file's checklist rows and counts. Call inside the action's transaction."""
    met = conditions_met(archive)
    applicable = list(DocumentType.objects.filter(required=True, condition__in=met))
    satisfied_ids = {t.id for t in applicable if _satisfying_documents(t).filter(archive=archive).exists()}
    ChecklistItem.objects.filter(archive=archive).exclude(doc_type__in=applicable).delete()
    existing = {item.doc_type_id: item for item in ChecklistItem.objects.filter(archive=archive)}
    for doc_type in applicable:
        satisfied = doc_type.id in satisfied_ids
        item = existing.get(doc_type.id)
        if item is None:
            ChecklistItem.objects.create(archive=archive, doc_type=doc_type, satisfied=satisfied)
        elif item.satisfied != satisfied:
            item.satisfied = satisfied
            item.save(update_fields=["satisfied"])
    counts = (len(applicable), len(satisfied_ids))
    if (archive.required_count, archive.satisfied_count) != counts:
        archive.required_count, archive.satisfied_count = counts
        archive.save(update_fields=["required_count", "satisfied_count"])
    return counts


def checklist_orphans() -> QuerySet[ChecklistItem]:
    """Items whose file or document type is gone: what a foreign key would refuse."""
    return ChecklistItem.objects.filter(
        ~Exists(Archive.objects.filter(pk=OuterRef("archive_id")))
        | ~Exists(DocumentType.objects.filter(pk=OuterRef("doc_type_id")))
    )


def checklist_miscounted() -> QuerySet[Archive]:
    """Files whose required / satisfied counts are not those of their items."""
    return Archive.objects.annotate(
        items=Count("checklist"), held=Count("checklist", filter=Q(checklist__satisfied=True))
    ).exclude(required_count=F("items"), satisfied_count=F("held"))
