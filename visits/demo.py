"""Demo home visits (fictional). After seeding, in 示例村A 示例儿童乙 is 15 days overdue (so the reminder pass
notifies director_a, then station and leader) and 示例儿童甲 is due within 3 days; the others are due later."""

from datetime import timedelta

from django.utils import timezone

from cases.models import Child

from .models import HomeVisit
from .selectors import max_days_by_tier
from .services import record_visit

# child name, days overdue after seeding (negative: due in that many days), kind, risk changed, notes
VISITS = [
    ("示例儿童乙", 15, HomeVisit.Kind.HOME, False, "母亲外出务工，祖父年迈，作业无人辅导。"),
    ("示例儿童甲", -2, HomeVisit.Kind.FOLLOW_UP, False, "祖母照料良好，孩子情绪稳定。"),
    ("示例儿童丙", -20, HomeVisit.Kind.SCREENING, True, "叔叔临时照护，监护安排需重新评估。"),
    ("示例儿童丁", -45, HomeVisit.Kind.HOME, False, "康复训练按时进行，父亲履职良好。"),
]


def seed(context: dict) -> None:
    station = context["users"]["station"]
    today = timezone.localdate()
    interval = max_days_by_tier()
    for name, overdue, kind, risk_changed, notes in VISITS:
        child = context.get("children", {}).get(name)
        if child is None or HomeVisit.objects.filter(child=child).exists():
            continue
        child.refresh_from_db()
        visited_on = today - timedelta(days=interval[child.tier or "green"] + overdue)
        if child.registered_on > visited_on:  # demo files are "registered" on the day they were seeded
            Child.objects.filter(pk=child.pk).update(registered_on=visited_on)
            child.registered_on = visited_on
        record_visit(
            by=station, child=child, visited_on=visited_on, kind=kind, visitors="示例·儿童主任、村妇联主席",
            present="儿童本人、监护人", safety="居住安全，无明显隐患。", health="身体健康。", schooling="正常在校。",
            mood="情绪平稳。", guardian_performance=notes, problems=notes, actions="已告知监护人相关政策。",
            next_steps="按期跟踪回访。", risk_changed=risk_changed,
        )
