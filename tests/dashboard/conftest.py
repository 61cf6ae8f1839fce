"""A small township whose figures are known: village A and village B with children in every state the
dashboard counts. Dates are relative to today so that "this month" and "overdue" hold whenever tests run."""

import datetime as dt

import pytest
from django.utils import timezone

from cases.models import Child, ChildCategory
from tests.factories import ChildFactory


def make_children(village, *, red=0, green=0, unassessed=0, overdue=0, due_later=0, stale=0, closed=0,
                  category="left_behind", prefix=""):
    """Children of `village`: `overdue` of them with a visit overdue, `stale` with an assessment older than
    six months; `closed` closed cases that no figure counts."""
    today = timezone.localdate()
    category = ChildCategory.objects.get(code=category)
    made = []

    def child(n, **fields):
        made.append(ChildFactory(village=village, name=f"{prefix}{village.name}儿童{n}", **fields))
        made[-1].categories.add(category)

    recent = today - dt.timedelta(days=30)
    for i in range(red):
        child(f"红{i}", tier="red", last_assessed_on=recent, next_visit_due=today + dt.timedelta(days=400))
    for i in range(green):
        child(f"绿{i}", tier="green", last_assessed_on=recent, next_visit_due=today + dt.timedelta(days=400))
    for i in range(unassessed):
        child(f"未{i}", tier="", next_visit_due=today + dt.timedelta(days=400))
    for i in range(overdue):
        child(f"逾{i}", tier="green", last_assessed_on=recent, next_visit_due=today - dt.timedelta(days=3))
    for i in range(stale):
        child(f"旧{i}", tier="green", last_assessed_on=today - dt.timedelta(days=200),
              next_visit_due=today + dt.timedelta(days=400))
    for i in range(closed):
        child(f"结{i}", tier="red", status=Child.Status.CLOSED, next_visit_due=None,
              last_assessed_on=today - dt.timedelta(days=400))
    return made


@pytest.fixture
def township(village_a, village_b):
    """Village A: 2 red, 3 green, 1 unassessed, 2 overdue visits, 1 stale assessment, 1 closed.
    Village B: 1 red, 4 overdue visits (orphans), 1 closed."""
    return {
        "a": make_children(village_a, red=2, green=3, unassessed=1, overdue=2, stale=1, closed=1),
        "b": make_children(village_b, red=1, overdue=4, closed=1, category="orphan"),
    }
