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
# Retention and disposal: the panel (archivist, CS supervisor, CS manager) appraises what has expired;
# the GM approves destruction lists; the archivist carries them out; holds by archivist, CS manager, GM.
_RETENTION = ["retention.view_retention"]
_APPRAISE = [*_RETENTION, "retention.appraise"]
_HOLD = ["retention.place_hold"]
# Quality inspections: the CS supervisor runs them; the archivist and the CS manager see them (the CS
# manager approves the year's plan); every CS role may own a chase task (view_chasetask).
_CHASE = ["inspections.view_chasetask"]
_INSPECTIONS_SEE = ["inspections.view_inspection", *_CHASE]
_INSPECTIONS_RUN = [*_INSPECTIONS_SEE, "inspections.run_inspection"]
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
    + _APPRAISE
    + _HOLD
    + ["retention.execute_destruction"]
    + _INSPECTIONS_SEE
    + _STOCKTAKE,
    Role.CS_ASSISTANT: _CS_READ + _CS_WRITE + _ARCHIVE_READ + _ARCHIVE_WRITE + _SERVICE + _CHASE,
    Role.CS_SUPERVISOR: _CS_READ
    + _CS_WRITE
    + _ARCHIVE_READ
    + _ARCHIVE_WRITE
    + _SERVICE
    + _USAGE
    + _ID_REVEAL
    + _APPRAISE
    + _INSPECTIONS_RUN
    + _STOCKTAKE_READ,
    Role.CS_MANAGER: _CS_READ
    + _CS_WRITE
    + _ARCHIVE_READ
    + _ARCHIVE_WRITE
    + _SERVICE
    + _USAGE
    + _ID_REVEAL
    + _AUDIT_COMPANY
    + ["service.verify_complaint", "inspections.approve_inspectionplan"]
    + _APPRAISE
    + _HOLD
    + _INSPECTIONS_SEE
    + _STOCKTAKE_READ,
    Role.GENERAL_MANAGER: [
        *_CS_READ,
        *_ARCHIVE_READ,
        "households.export_households",
        "service.view_ticket",
        *_USAGE,
        *_AUDIT_COMPANY,
        *_RETENTION,
        *_HOLD,
        "retention.approve_destruction",
        *_STOCKTAKE_READ,
    ],
    Role.ENGINEERING: [],
    Role.SECURITY: [],
    Role.CLEANING: [],
    Role.FINANCE: [],
}
# Backups and fixity checks (yidang.backups): the archivist keeps them, the CS manager and the GM watch them.
for _role in (Role.ARCHIVIST, Role.CS_MANAGER, Role.GENERAL_MANAGER):
    ROLE_PERMISSIONS[_role] = [*ROLE_PERMISSIONS[_role], "backups.view_backuprun"]

# Transfers (移交, issue 5): every CS role hands folders over on a sheet; the archivist (who keeps custody),
# the CS heads and the GM see all of their projects' sheets (anyone sees the sheets they sign).
# Loss and damage (缺损): any CS role reports; archivist and CS heads handle (cause, measures, close); GM reads.
_TRANSFERS_SEND = ["transfers.add_transfersheet"]
_TRANSFERS_ALL = ["transfers.view_transfersheet"]
_INCIDENTS_REPORT = ["incidents.add_incidentreport"]
_INCIDENTS_ALL = ["incidents.view_incidentreport"]
_INCIDENTS_HANDLE = ["incidents.handle_incidentreport"]
for _role, _extra in {
    Role.ARCHIVIST: _TRANSFERS_SEND + _TRANSFERS_ALL + _INCIDENTS_REPORT + _INCIDENTS_ALL + _INCIDENTS_HANDLE,
    Role.CS_ASSISTANT: _TRANSFERS_SEND + _INCIDENTS_REPORT,
    Role.CS_SUPERVISOR: _TRANSFERS_SEND + _TRANSFERS_ALL + _INCIDENTS_REPORT + _INCIDENTS_ALL + _INCIDENTS_HANDLE,
    Role.CS_MANAGER: _TRANSFERS_SEND + _TRANSFERS_ALL + _INCIDENTS_REPORT + _INCIDENTS_ALL + _INCIDENTS_HANDLE,
    Role.GENERAL_MANAGER: _TRANSFERS_ALL + _INCIDENTS_ALL,
}.items():
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] + _extra

CS_ROLES = {Role.ARCHIVIST, Role.CS_ASSISTANT, Role.CS_SUPERVISOR, Role.CS_MANAGER}
# Roles that must use a second factor when YIDANG_TOTP_REQUIRED_FOR_MANAGERS is on.
MANAGER_ROLES = {Role.CS_MANAGER, Role.GENERAL_MANAGER}
