"""Writes for children's files, split by domain; import from `cases.services`."""

from .children import DuplicateChild, StaleEdit, find_by_id_number, register_child, update_child
from .referrals import (
    StaleReferral,
    accept_referral,
    complete_referral,
    create_referral,
    reroute_referral,
    respond_to_referral,
    return_referral,
    withdraw_referral,
)
from .reports import file_mandatory_report
from .risk import assess_risk, compute_tier
from .status import add_intervention, add_note, approve_closure, reject_closure, reopen_case, request_closure

__all__ = [
    "DuplicateChild", "StaleEdit", "StaleReferral", "accept_referral", "add_intervention", "add_note",
    "approve_closure", "assess_risk", "complete_referral", "compute_tier", "create_referral", "file_mandatory_report",
    "find_by_id_number",
    "register_child", "reject_closure", "reopen_case", "request_closure", "reroute_referral", "respond_to_referral",
    "return_referral", "update_child", "withdraw_referral",
]
