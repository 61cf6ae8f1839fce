"""Fictional demo calls: a linked call in 示例村A, a referral to 派出所, an open intake, an overdue call, invalid calls,
and a neighbour who calls again (the number typed another way)."""

from datetime import timedelta

from django.utils import timezone

from registry.models import Office

from . import services
from .data import load_issue_categories
from .models import HotlineCall, IssueCategory

# summary (unique among demo calls), hours ago, fields, category codes
CALLS = [
    ("示例：邻居反映示例儿童甲放学后常独自在家，奶奶年老体弱。", 30,
     {"call_type": "report", "caller_relation": "neighbour", "urgency": "pressing", "action": "home_visit",
      "caller_phone": "13800000011", "duration_minutes": 8}, ["left_behind", "neglect"]),
    ("示例：家长咨询孩子户口迁移和入学政策。", 50,
     {"call_type": "consult", "caller_relation": "parent", "urgency": "normal", "action": "answered",
      "duration_minutes": 5}, ["household_registration"]),
    ("示例：教师反映一名学生身上多处淤青，疑似遭受家暴，已转派出所。", 4,
     {"call_type": "report", "caller_relation": "teacher", "urgency": "urgent", "action": "referred",
      "caller_phone": "023-70630000", "duration_minutes": 12}, ["violence_physical"]),
    ("示例：匿名来电称示例社区B有一名孩子长期未上学，姓名不详。", 100,
     {"call_type": "help", "caller_relation": "anonymous", "urgency": "urgent"}, ["dropout"]),
    ("示例：同一邻居再次来电，称示例儿童甲周末常独自去河边玩耍。", 200,
     {"call_type": "report", "caller_relation": "neighbour", "urgency": "normal", "action": "answered",
      "caller_phone": "138 0000 0011", "duration_minutes": 4}, ["left_behind"]),
]

INVALID = [("invalid_silent", 2), ("invalid_wrong", 26)]


def seed(context: dict) -> None:
    load_issue_categories(IssueCategory)  # normally there from the data migration; a flushed test database lacks them
    users = context["users"]
    operator, now = users["hotline"], timezone.now()
    calls = []
    for summary, hours_ago, fields, codes in CALLS:
        call = HotlineCall.objects.filter(summary=summary).first()
        if call is None:
            extra = {"office": Office.objects.get(code="police")} if fields.get("action") == "referred" else {}
            call = services.log_call(
                by=operator, received_at=now - timedelta(hours=hours_ago), summary=summary,
                categories=list(IssueCategory.objects.filter(code__in=codes)), **fields, **extra,
            )
        calls.append(call)
    first, _consult, _police, unknown, _again = calls
    child = context.get("children", {}).get("示例儿童甲")
    if child is not None and first.child_id is None:
        services.link_child(call=first, child=child)
    if not hasattr(unknown, "intake"):
        services.open_intake(
            call=unknown, by=operator, name="示例儿童己", village=context["villages"]["demo-b"],
            details="示例：来电人称孩子约 12 岁，住社区东侧。",
        )
    if not HotlineCall.objects.filter(call_type__startswith="invalid_").exists():
        for call_type, hours_ago in INVALID:
            services.log_call(by=operator, call_type=call_type, received_at=now - timedelta(hours=hours_ago))
    context["hotline_calls"] = calls
