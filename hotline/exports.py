"""The township call ledger (热线记录台账) as an Excel sheet."""

from collections import defaultdict

from django.db.models import BooleanField, ExpressionWrapper, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import choice_labels, user_name, xlsx_response
from registry.access import roles_of
from registry.models import Office
from registry.privacy import mask_phone
from zhanpu.text import series

from .models import HotlineCall, IssueCategory
from .selectors import CONFIDENTIAL_CALLER, REPORTER_READERS

# The ledger reads plain values, only the columns it writes: building each call with its child (whose identifiers
# are decrypted as it loads) and turning five choices into labels row by row cost more than writing the file.
CALL_FIELDS = (
    "pk", "received_at", "operator__real_name", "operator__username", "duration_minutes", "caller_relation",
    "caller_phone", "call_type", "urgency", "summary", "action", "office_id", "child_id", "child__name",
    "follow_up_due", "callback_at", "callback_by__real_name", "callback_by__username", "callback_result", "status",
    "closed_at", "outcome", "withheld",
)
CHUNK = 2000  # rows fetched at a time


def _when(value, zone) -> str:
    """Local time in `zone` (the current time zone, looked up once per export rather than for each of four cells)."""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


def ledger_header() -> list[str]:
    return [
        _("序号"), _("来电时间"), _("接线人"), _("通话时长（分钟）"), _("来电人身份"), _("来电号码"), _("来电类型"),
        _("问题类别"), _("紧急程度"), _("来电内容摘要"), _("处理方式"), _("转介部门"), _("关联儿童"),
        _("跟进期限"), _("回访时间"), _("回访人"), _("回访结果"), _("状态"), _("办结时间"), _("办理结果"),
    ]


def _category_names(calls) -> dict[int, list[str]]:
    """call pk → its categories' names (in the active language), in the categories' order: two queries."""
    categories = IssueCategory.objects.order_by("order", "pk")
    names = {category.pk: category.name for category in categories}
    rank = {pk: index for index, pk in enumerate(names)}
    links = (
        HotlineCall.categories.through.objects.filter(hotlinecall__in=calls.order_by().values("pk"))
        .values_list("hotlinecall_id", "issuecategory_id")
    )
    by_call = defaultdict(list)
    for call, category in links.iterator(chunk_size=CHUNK):
        by_call[call].append(category)
    return {call: [names[pk] for pk in sorted(pks, key=rank.__getitem__)] for call, pks in by_call.items()}


def ledger_rows(calls, *, reader, exported: list | None = None):
    """One row per call of `calls` (the filtered ledger, hotline.selectors.ledger_calls), in its order; the caller's
    phone masked for every role, the station's too (no unredacted export); a mandatory reporter withheld from
    `reader` unless they may know reporters (as hotline.selectors.withhold_reporters). `(call pk, child id)` of each
    row is appended to `exported` (for the access log)."""
    withheld = _("保密")
    labels = {field: choice_labels(HotlineCall, field)
              for field in ("caller_relation", "call_type", "urgency", "action", "status")}
    offices = {office.pk: str(office) for office in Office.objects.all()}  # names in the active language
    categories = _category_names(calls)
    reads_reporters = bool(roles_of(reader) & REPORTER_READERS)
    confidential = Value(False) if reads_reporters else ExpressionWrapper(CONFIDENTIAL_CALLER,
                                                                          output_field=BooleanField())
    zone = timezone.get_current_timezone()
    rows = (calls.prefetch_related(None).annotate(withheld=confidential).values_list(*CALL_FIELDS)
            .iterator(chunk_size=CHUNK))

    def label(field: str, value):
        return labels[field].get(value, value)

    for number, (pk, received_at, operator_name, operator_username, duration, relation, phone, call_type, urgency,
                 summary, action, office, child, child_name, follow_up_due, callback_at, callback_name,
                 callback_username, callback_result, status, closed_at, outcome, is_withheld) in enumerate(rows, 1):
        if exported is not None:
            exported.append((pk, child))
        yield [
            number, _when(received_at, zone), user_name(operator_name, operator_username), duration,
            *((withheld, withheld) if is_withheld else (label("caller_relation", relation), mask_phone(phone))),
            label("call_type", call_type), series(categories.get(pk, ())), label("urgency", urgency), summary,
            label("action", action), offices.get(office, ""), child_name or "", _when(follow_up_due, zone),
            _when(callback_at, zone), user_name(callback_name, callback_username), callback_result,
            label("status", status), _when(closed_at, zone), outcome,
        ]


def ledger_response(calls, *, reader, exported: list | None = None):
    filename = _("热线记录台账") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, ledger_header(), ledger_rows(calls, reader=reader, exported=exported))
