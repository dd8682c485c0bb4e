"""The categories and document types of DOMAIN.md, loaded by a data migration (editable in admin).

Each type: (code, name, required, condition, original_required, required_form, retention).
Retention follows DOMAIN.md: owner basic data and contracts permanent, communication and
payment records 30 years, short-lived papers 10 years.
"""

from __future__ import annotations

P, Y30, Y10 = "permanent", "y30", "y10"

CATEGORIES: list[tuple[str, str, list[tuple[str, str, bool, str, bool, str, str]]]] = [
    (
        "movein",
        "入伙资料",
        [
            ("prelim_service_contract", "前期物业服务合同", True, "always", True, "either", P),
            ("movein_notice", "入伙通知书（原件）", True, "always", True, "either", Y30),
            ("owner_id_copy", "业主身份证明复印件", True, "always", False, "either", P),
            ("business_licence", "营业执照复印件", True, "company_owner", False, "either", P),
            ("owners_covenant", "临时管理规约（签署）", True, "always", True, "either", P),
            ("fire_safety_letter", "消防安全责任书", True, "always", True, "either", Y30),
            ("handover_record", "房屋交接确认表", True, "always", True, "either", P),
            ("key_receipt", "钥匙领用记录", True, "always", True, "either", Y30),
            ("defects_record", "房屋整改记录", False, "always", False, "either", Y30),
            ("bank_collection", "银行托收协议", False, "always", True, "either", Y30),
            ("registration_form", "业主/住户情况登记表", True, "always", True, "either", P),
            ("emergency_contact_form", "紧急联系人登记表", True, "always", True, "either", Y30),
        ],
    ),
    (
        "renovation",
        "装修资料",
        [
            ("renovation_application", "装修申请表", True, "has_renovation", True, "either", Y30),
            ("contractor_licence", "施工单位营业执照及资质证明", True, "has_renovation", False, "either", Y30),
            ("renovation_drawings", "装修图纸", True, "has_renovation", False, "either", Y30),
            ("renovation_permit", "装修许可证", True, "has_renovation", True, "either", Y30),
            ("renovation_agreement", "装修管理协议", True, "has_renovation", True, "either", Y30),
            ("renovation_undertaking", "装修承诺书", True, "has_renovation", True, "either", Y30),
            ("worker_register", "施工人员登记表", True, "has_renovation", True, "either", Y10),
            ("completion_application", "竣工验收申请", False, "has_renovation", True, "either", Y30),
            ("extension_application", "延期申请", False, "has_renovation", True, "either", Y10),
            ("hot_work_permit", "动火作业许可证", False, "has_renovation", True, "either", Y10),
            ("pass_return_record", "临时出入证退还记录", False, "has_renovation", True, "either", Y10),
            ("renovation_violation", "违章记录及照片", False, "has_renovation", False, "either", Y30),
            ("renovation_acceptance", "装修验收记录", True, "has_renovation", True, "either", Y30),
        ],
    ),
    (
        "transfer",
        "过户资料",
        [
            ("transfer_confirmation", "过户确认书", True, "has_transfer", True, "either", P),
            ("property_certificate_copy", "房产证或买卖合同复印件", True, "has_transfer", False, "either", P),
            ("transfer_fire_safety_letter", "消防安全责任书（新业主）", True, "has_transfer", True, "either", Y30),
            ("transfer_bank_collection", "银行托收协议（新业主）", False, "has_transfer", True, "either", Y30),
            ("transfer_registration_form", "业主/住户情况登记表（新业主）", True, "has_transfer", True, "either", P),
        ],
    ),
    (
        "tenancy",
        "出租/商住资料",
        [
            ("tenancy_registration", "租户登记表", True, "has_tenant", True, "either", Y10),
            ("lease_copy", "租赁合同复印件", True, "has_tenant", False, "either", Y10),
        ],
    ),
    (
        "service",
        "服务记录",
        [
            ("complaint_record", "投诉及处理记录", False, "always", True, "either", Y30),
            ("repair_record", "维修记录", False, "always", True, "either", Y30),
            ("callback_record", "回访记录", False, "always", True, "either", Y30),
            ("notice", "通知及告知书", False, "always", False, "either", Y10),
            ("violation_arrears", "违章及欠费记录", False, "always", True, "either", Y30),
            ("incident_report", "事故/事件报告", False, "always", True, "either", P),
            ("photo_video", "照片及影像资料", False, "always", False, "scan", Y30),
        ],
    ),
    (
        "events",
        "重要事件",
        [
            ("major_event", "重要事件记录（经理审核）", False, "always", True, "either", P),
            ("important_contract", "重要合同及承诺", False, "always", True, "either", P),
        ],
    ),
    (
        "profile",
        "个人档案",
        [
            ("vip_profile_form", "VIP 个人档案表", False, "always", True, "either", Y10),
        ],
    ),
    (
        "vehicles",
        "车辆与车位",
        [
            ("vehicle_registration", "车辆登记表", False, "always", True, "either", Y10),
            ("parking_agreement", "车位租赁/买卖协议", False, "always", True, "either", Y30),
            ("parking_permit", "停车证申请表", False, "always", True, "either", Y10),
        ],
    ),
    (
        "correspondence",
        "往来函件",
        [
            ("correspondence", "往来函件", False, "always", False, "either", Y30),
        ],
    ),
    (
        "other",
        "其他",
        [
            ("other", "其他文件", False, "always", False, "either", Y10),
        ],
    ),
]


# Types whose retention runs from the household's move-out (the tenant's, for tenancy papers).
MOVE_OUT_TYPES = {"tenancy_registration", "lease_copy", "vip_profile_form", "vehicle_registration", "parking_permit"}


def load(apps, schema_editor=None) -> None:  # type: ignore[no-untyped-def]
    """Create what is missing; never overwrite what an administrator has changed."""
    category_model = apps.get_model("archive", "Category")
    type_model = apps.get_model("archive", "DocumentType")
    has_trigger = any(f.name == "retention_trigger" for f in type_model._meta.get_fields())
    for c_sort, (c_code, c_name, types) in enumerate(CATEGORIES):
        category, _ = category_model.objects.get_or_create(code=c_code, defaults={"name": c_name, "sort": c_sort})
        for t_sort, (code, name, required, condition, original, form, retention) in enumerate(types):
            type_model.objects.get_or_create(
                code=code,
                defaults={
                    "category": category,
                    "name": name,
                    "required": required,
                    "condition": condition,
                    "original_required": original,
                    "required_form": form,
                    "retention_class": retention,
                    "sort": t_sort,
                    **(
                        {"retention_trigger": "move_out" if code in MOVE_OUT_TYPES else "doc_date"}
                        if has_trigger
                        else {}
                    ),
                },
            )
