"""The dashboard's figures as plain tables (title, columns, rows of str/int) for the workbook's summary sheet."""

from django.utils.translation import gettext as _

from cases.models import RiskTier


def _children_tables(figures: dict) -> list[dict]:
    total = figures["total"]
    return [
        {"title": _("概况"), "columns": [_("指标"), _("数量")], "rows": [
            (_("在册儿童"), total["total"]),
            (_("本月到期家访"), total["visits_due"]),
            (_("本月已家访"), total["visits_done"]),
            (_("其中按时"), total["visits_on_time"]),
            (_("家访逾期"), total["visits_overdue"]),
            (_("评估逾期"), total["reassess_overdue"]),
            (_("本月热线来电"), figures["calls"]["total"]),
            (_("逾期转介"), figures["referrals"]["total"]["overdue"]),
            (_("无儿童主任的村(社区)"), len(figures["compliance"]["without_director"])),
            (_("待检查或待整改场所"), len(figures["compliance"]["facilities"])),
            (_("家庭教育互助会未达标周"), len(figures["compliance"]["short_weeks"])),
            (_("逾期任务"), len(figures["compliance"]["tasks"])),
        ]},
        {"title": _("按风险等级"), "columns": [_("风险等级"), _("儿童数")],
         "rows": [(str(row["label"]), row["count"]) for row in figures["tiers"]]},
        {"title": _("按儿童类别"), "columns": [_("类别"), _("儿童数")],
         "rows": [(row["label"], row["count"]) for row in figures["categories"]]},
        {"title": _("各村(社区)"),
         "columns": [_("村(社区)"), _("在册")] + [str(tier.label) for tier in RiskTier]
         + [_("未评估"), _("本月到期家访"), _("本月已家访"), _("其中按时"), _("家访逾期"), _("评估逾期")],
         "rows": [(row["village"].name, row["total"], *row["tiers"], row["unassessed"], row["visits_due"],
                   row["visits_done"], row["visits_on_time"], row["visits_overdue"], row["reassess_overdue"])
                  for row in figures["villages"]]},
    ]


def _activity_tables(figures: dict) -> list[dict]:
    calls, referrals, compliance = figures["calls"], figures["referrals"], figures["compliance"]
    return [
        {"title": _("热线来电：按来电类型"), "columns": [_("来电类型"), _("来电数")],
         "rows": [(str(row["label"]), row["count"]) for row in calls["types"]]},
        {"title": _("热线来电：按问题类别"), "columns": [_("问题类别"), _("来电数")],
         "rows": [(row["label"], row["count"]) for row in calls["categories"]]},
        {"title": _("热线来电：应答时限"),
         "columns": [_("紧急程度"), _("来电"), _("按时应答"), _("超时应答"), _("逾期未应答"), _("期限内待应答")],
         "rows": [(str(row["label"]), row["total"], row["on_time"], row["late"], row["overdue"], row["waiting"])
                  for row in calls["response"]]},
        {"title": _("热线来电：近 12 个月"), "columns": [_("月份"), _("来电数")],
         "rows": [(row["label"], row["count"]) for row in calls["months"]]},
        {"title": _("帮扶转介：按部门"),
         "columns": [_("接收部门"), _("本月新增")] + [str(label) for label in referrals["labels"]] + [_("逾期")],
         "rows": [(row["office"].name, row["new"], *row["statuses"], row["overdue"]) for row in referrals["rows"]]},
        {"title": _("方案落实：各村(社区)"),
         "columns": [_("村(社区)"), _("儿童主任"), _("待检查或待整改场所"), _("互助会未达标周"), _("已满周"),
                     _("本村逾期任务")],
         "rows": [(row["village"].name, row["directors"], row["facilities"], row["short_weeks"],
                   row["weeks_judged"], row["tasks"]) for row in compliance["rows"]]},
    ]


def summary_tables(figures: dict) -> list[dict]:
    return _children_tables(figures) + _activity_tables(figures)
