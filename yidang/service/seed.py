"""The service desk's defaults: ticket categories and the SLA policies of the company rules (DOMAIN.md)."""

from __future__ import annotations

from typing import Any

REPAIR_COMPLAINT = "repair,complaint"
ALL = "repair,complaint,enquiry,suggestion,praise"

# (name, kinds, callback must be a visit, default department)
CATEGORIES = [
    ("给排水", REPAIR_COMPLAINT, False, "engineering"),
    ("停水", REPAIR_COMPLAINT, True, "engineering"),
    ("供电", REPAIR_COMPLAINT, False, "engineering"),
    ("停电", REPAIR_COMPLAINT, True, "engineering"),
    ("供暖制冷", REPAIR_COMPLAINT, True, "engineering"),
    ("幕墙渗漏", REPAIR_COMPLAINT, True, "engineering"),
    ("门窗门锁", REPAIR_COMPLAINT, False, "engineering"),
    ("电梯", REPAIR_COMPLAINT, False, "engineering"),
    ("公共区域", REPAIR_COMPLAINT, False, "engineering"),
    ("噪音", "complaint", False, "security"),
    ("保洁", REPAIR_COMPLAINT, False, "cleaning"),
    ("安全秩序", "complaint", False, "security"),
    ("停车", "complaint,enquiry", False, "security"),
    ("收费", "complaint,enquiry", False, "finance"),
    ("服务态度", "complaint,praise,suggestion", False, "cs"),
    ("其他", ALL, False, "cs"),
]

DAY = 24 * 60
# (kind, priority, clock, minutes, same day)
POLICIES = [
    ("repair", "urgent", "arrival", 20, False),
    ("repair", "minor", "arrival", 20, False),
    ("repair", "minor", "completion", None, True),
    ("repair", "ordinary", "arrival", 20, False),
    ("repair", "ordinary", "completion", 2 * DAY, False),
    ("complaint", "ordinary", "feedback", DAY, False),
    ("complaint", "ordinary", "closure", 12 * DAY, False),
    ("complaint", "major", "feedback", DAY, False),
]


def load(apps: Any) -> None:
    """Create the defaults that are missing; never touches rows an admin has edited."""
    category = apps.get_model("service", "TicketCategory")
    for order, (name, kinds, visit, department) in enumerate(CATEGORIES):
        category.objects.get_or_create(
            name=name, defaults={"kinds": kinds, "visit_callback": visit, "department": department, "order": order * 10}
        )
    policy = apps.get_model("service", "SlaPolicy")
    for kind, priority, clock, minutes, same_day in POLICIES:
        policy.objects.get_or_create(
            kind=kind, priority=priority, clock=clock, defaults={"minutes": minutes, "same_day": same_day}
        )


# The documents the desk files into a household's 服务记录 (see ``filing.py``): code, name, sort.
DOCUMENT_TYPES = [("complaint_report", "投诉处理报告", 11), ("repair_slip", "报修单", 21)]


def document_types_load(apps: Any) -> None:
    """Add the desk's document types to the archive's 服务记录 category when missing (not on the checklist)."""
    from yidang.archive.seed import CATEGORIES as ARCHIVE_CATEGORIES

    sort, name = next((i, n) for i, (code, n, _types) in enumerate(ARCHIVE_CATEGORIES) if code == "service")
    category, _created = apps.get_model("archive", "Category").objects.get_or_create(
        code="service", defaults={"name": name, "sort": sort}
    )
    for code, type_name, type_sort in DOCUMENT_TYPES:
        apps.get_model("archive", "DocumentType").objects.get_or_create(
            code=code,
            defaults={
                "category": category,
                "name": type_name,
                "required": False,
                "condition": "always",
                "original_required": False,
                "required_form": "either",
                "retention_class": "y30",
                "sort": type_sort,
            },
        )
