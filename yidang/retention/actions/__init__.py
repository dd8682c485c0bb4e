"""Every change of retention and disposal: holds, the expiry sweep, appraisal, approval, destruction.

Each action is one transaction with its audit rows and the household timeline events. Steps on an
appraisal or a destruction list take that row's lock first (``_lock_*``), so two panel members or
two clicks of the general manager queue up behind each other. Scan bytes are deleted from storage
only after the destruction has committed (``transaction.on_commit``); a crash in between leaves
bytes that ``destroyed_bytes_purge`` (run by the daily job) removes later.
"""

from yidang.retention.actions.appraisal import (
    appraisal_close,
    appraisal_item_decide,
    destruction_list_approve,
    destruction_list_reject,
    retention_sweep,
)
from yidang.retention.actions.common import MAX_KEEP_YEARS
from yidang.retention.actions.destruction import (
    destroyed_bytes_purge,
    destruction_execute,
    destruction_lists_remind,
    scan_bytes_delete,
)
from yidang.retention.actions.holds import hold_place, hold_release

__all__ = [
    "MAX_KEEP_YEARS",
    "appraisal_close",
    "appraisal_item_decide",
    "destroyed_bytes_purge",
    "destruction_execute",
    "destruction_list_approve",
    "destruction_list_reject",
    "destruction_lists_remind",
    "hold_place",
    "hold_release",
    "retention_sweep",
    "scan_bytes_delete",
]
