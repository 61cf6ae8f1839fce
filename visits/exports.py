"""入户走访记录台账: the visit ledger as an Excel file (cells made formula-safe by audit.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import choice_labels, user_name, xlsx_response
from cases.models import Child

from .models import HomeVisit

# The ledger reads plain values, only the columns it writes, not model instances: a township's year is about a
# million visits, and building each visit with its whole child (and turning choices into labels row by row) cost
# several times more than writing the file (as cases.exports.child_ledger).
VISIT_FIELDS = (
    "child_id", "village__name", "child__name", "child__sex", "child__tier", "visited_on", "kind", "visitors",
    "present", "safety", "health", "schooling", "mood", "guardian_performance", "problems", "actions", "next_steps",
    "risk_changed", "recorded_by__real_name", "recorded_by__username",
)
CHUNK = 2000  # rows fetched at a time


def ledger_header() -> list[str]:
    return [
        _("序号"), _("村(社区)"), _("儿童姓名"), _("性别"), _("风险等级"), _("走访日期"), _("走访类型"), _("走访人员"),
        _("在场人员"), _("人身安全情况"), _("身体健康情况"), _("就学情况"), _("心理情绪状况"), _("监护人履职情况"),
        _("发现的问题"), _("采取的措施"), _("下一步工作"), _("风险状况有变化"), _("填报人"),
    ]


def ledger_rows(visits, *, exported: set | None = None):
    """`visits`: the ledger's queryset (visits.selectors.visit_ledger_for), read in its order. The ids of the children
    written are added to `exported` (for the access log) while the rows are read."""
    sexes, tiers, kinds = choice_labels(Child, "sex"), choice_labels(Child, "tier"), choice_labels(HomeVisit, "kind")
    yes, no = _("是"), _("否")
    rows = visits.values_list(*VISIT_FIELDS).iterator(chunk_size=CHUNK)
    for number, (child_id, village, name, sex, tier, visited_on, kind, visitors, present, safety, health, schooling,
                 mood, guardian_performance, problems, actions, next_steps, risk_changed, recorder_name,
                 recorder_username) in enumerate(rows, start=1):
        if exported is not None:
            exported.add(child_id)
        yield [
            number, village, name, sexes.get(sex, sex), tiers.get(tier, tier) or "", visited_on, kinds.get(kind, kind),
            visitors, present, safety, health, schooling, mood, guardian_performance, problems, actions, next_steps,
            yes if risk_changed else no, user_name(recorder_name, recorder_username),
        ]


def ledger_response(visits, *, exported: set | None = None):
    filename = _("入户走访记录台账") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, ledger_header(), ledger_rows(visits, exported=exported))
