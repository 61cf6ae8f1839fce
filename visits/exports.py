"""入户走访记录台账: the visit ledger as an Excel file (cells made formula-safe by audit.exports)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import xlsx_response


def ledger_header() -> list[str]:
    return [
        _("序号"), _("村(社区)"), _("儿童姓名"), _("性别"), _("风险等级"), _("走访日期"), _("走访类型"), _("走访人员"),
        _("在场人员"), _("人身安全情况"), _("身体健康情况"), _("就学情况"), _("心理情绪状况"), _("监护人履职情况"),
        _("发现的问题"), _("采取的措施"), _("下一步工作"), _("风险状况有变化"), _("填报人"),
    ]


def ledger_rows(visits):
    for number, visit in enumerate(visits, start=1):
        child = visit.child
        yield [
            number, visit.village.name, child.name, child.get_sex_display(), child.get_tier_display() or "",
            visit.visited_on, visit.get_kind_display(), visit.visitors, visit.present, visit.safety, visit.health,
            visit.schooling, visit.mood, visit.guardian_performance, visit.problems, visit.actions, visit.next_steps,
            _("是") if visit.risk_changed else _("否"), str(visit.recorded_by or ""),
        ]


def ledger_response(visits):
    filename = _("入户走访记录台账") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, ledger_header(), ledger_rows(visits))
