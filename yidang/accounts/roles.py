"""Roles of DOMAIN.md as Django groups, with the permissions their duty needs.

The groups are (re)synchronised after every migrate, so the table below is the single place
a role's rights are decided. Admins may add permissions to a group; sync only adds.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ARCHIVIST = "档案管理员"
    CS_ASSISTANT = "客服助理"
    CS_SUPERVISOR = "客服主管"
    CS_MANAGER = "客服经理"
    GENERAL_MANAGER = "总经理"
    ENGINEERING = "工程部"
    SECURITY = "秩序维护部"
    CLEANING = "保洁部"
    FINANCE = "财务部"


# Permission codenames as "app_label.codename".
_CS_READ = [
    "places.view_project",
    "places.view_building",
    "places.view_room",
    "households.view_household",
    "people.view_person",
    "people.view_organization",
]
_CS_WRITE = [
    "households.change_household",
    "households.import_households",
    "households.export_households",
    "households.view_vipprofile",
]

_ARCHIVE_READ = ["archive.view_archive_file", "shelving.view_location"]
_ARCHIVE_WRITE = ["archive.manage_archive"]
# The service desk: CS registers and handles tickets; the CS manager verifies complaints.
_SERVICE = ["service.view_ticket", "service.handle_ticket"]
# Shelving (where folders are, moving them, labels) is the archivist's own work.
_SHELVING = ["shelving.add_location", "shelving.change_location", "shelving.add_foldermove"]
# The usage ledger (档案利用登记): kept by the archivist, read by the CS heads and the GM. The full ID
# number behind a mask: archivist and CS heads only, with a stated reason (logged, rate-limited).
_USAGE = ["usage.view_usagerecord"]
_ID_REVEAL = ["usage.reveal_id_number"]
# The audit search (审计日志): the archivist sees their projects' rows; the CS manager and the GM also
# the company-wide ones (sign-ins, accounts, the people register, the calendar).
_AUDIT = ["audit.view_audit_search"]
_AUDIT_COMPANY = [*_AUDIT, "audit.view_company_events"]
# Stocktakes (清点) and the storage-care log: done by the archivist; read (and the year-end count
# report) by the CS supervisor, the CS manager and the GM.
_STOCKTAKE_READ = ["stocktake.view_stocktake", "stocktake.view_carecheck"]
_STOCKTAKE = [*_STOCKTAKE_READ, "stocktake.add_stocktake", "stocktake.add_carecheck", "stocktake.change_carecheck"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.ARCHIVIST: _CS_READ
    + _CS_WRITE
    + _ARCHIVE_READ
    + _ARCHIVE_WRITE
    + _SHELVING
    + _SERVICE
    + _USAGE
    + _ID_REVEAL
    + _AUDIT
    + ["places.change_room", "places.add_room"]
    + _STOCKTAKE,
    Role.CS_ASSISTANT: _CS_READ + _CS_WRITE + _ARCHIVE_READ + _ARCHIVE_WRITE + _SERVICE,
    Role.CS_SUPERVISOR: _CS_READ
    + _CS_WRITE
    + _ARCHIVE_READ
    + _ARCHIVE_WRITE
    + _SERVICE
    + _USAGE
    + _ID_REVEAL
    + _STOCKTAKE_READ,
    Role.CS_MANAGER: _CS_READ
    + _CS_WRITE
    + _ARCHIVE_READ
    + _ARCHIVE_WRITE
    + _SERVICE
    + _USAGE
    + _ID_REVEAL
    + _AUDIT_COMPANY
    + ["service.verify_complaint"]
    + _STOCKTAKE_READ,
    Role.GENERAL_MANAGER: [
        *_CS_READ,
        *_ARCHIVE_READ,
        "households.export_households",
        "service.view_ticket",
        *_USAGE,
        *_AUDIT_COMPANY,
        *_STOCKTAKE_READ,
    ],
    Role.ENGINEERING: [],
    Role.SECURITY: [],
    Role.CLEANING: [],
    Role.FINANCE: [],
}

CS_ROLES = {Role.ARCHIVIST, Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.CS_MANAGER}
# Roles that must use a second factor when YIDANG_TOTP_REQUIRED_FOR_MANAGERS is on.
MANAGER_ROLES = {Role.CS_MANAGER, Role.GENERAL_MANAGER}
