"""The township call ledger (热线记录台账) as an Excel sheet."""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import xlsx_response
from registry.privacy import mask_phone
from zhanpu.text import series


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def ledger_header() -> list[str]:
    return [
        _("序号"), _("来电时间"), _("接线人"), _("通话时长（分钟）"), _("来电人身份"), _("来电号码"), _("来电类型"),
        _("问题类别"), _("紧急程度"), _("来电内容摘要"), _("处理方式"), _("转介部门"), _("关联儿童"),
        _("跟进期限"), _("回访时间"), _("回访人"), _("回访结果"), _("状态"), _("办结时间"), _("办理结果"),
    ]


def ledger_rows(calls):
    """One row per call; the caller's phone masked for every role, the station's too (no unredacted export); a
    mandatory reporter withheld (hotline.selectors.withhold_reporters)."""
    WITHHELD = _("保密")
    for number, call in enumerate(calls, start=1):
        yield [
            number, _when(call.received_at), str(call.operator), call.duration_minutes,
            *((WITHHELD, WITHHELD) if getattr(call, "caller_withheld", False)
              else (call.get_caller_relation_display(), mask_phone(call.caller_phone))),
            call.get_call_type_display(), series(category.name for category in call.categories.all()),
            call.get_urgency_display(), call.summary, call.get_action_display(), str(call.office or ""),
            str(call.child or ""), _when(call.follow_up_due), _when(call.callback_at), str(call.callback_by or ""),
            call.callback_result, call.get_status_display(), _when(call.closed_at), call.outcome,
        ]


def ledger_response(calls):
    filename = _("热线记录台账") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, ledger_header(), ledger_rows(calls))
