import datetime as dt

import factory
from django.utils import timezone

from tests.factories import ChildFactory
from visits.models import HomeVisit


class HomeVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HomeVisit

    child = factory.SubFactory(ChildFactory)
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    kind = HomeVisit.Kind.HOME
    visitors = "测试儿童主任"
    problems = "无"


def visit_form_data(**overrides) -> dict:
    """A valid POST for the visit form."""
    data = {
        "visited_on": timezone.localdate().isoformat(), "kind": HomeVisit.Kind.HOME, "visitors": "儿童主任甲",
        "present": "儿童、祖母", "safety": "安全", "health": "健康", "schooling": "在校", "mood": "平稳",
        "guardian_performance": "履职良好", "problems": "作业无人辅导", "actions": "联系学校",
        "next_steps": "一个月后回访",
    }
    data.update(overrides)
    return data
