"""cases/0021: the urgent visits pending when it runs are kept: every child never visited keeps its due date, a red
child due sooner than its last visit plus the red interval (moved to 红 since) keeps that date too."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Child
from tests.factories import ChildFactory

BEFORE, AFTER = ("cases", "0020_referral_reroute_withdraw"), ("cases", "0021_urgent_visit_by")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pending_urgent_visits_are_kept(village_a, migrate):
    today = timezone.localdate()
    rows = {  # name: (tier, last visit, due, status)
        "never": ("", None, today - dt.timedelta(days=10), "open"),
        "red_pending": ("red", today - dt.timedelta(days=3), today + dt.timedelta(days=1), "open"),
        "red_scheduled": ("red", today - dt.timedelta(days=3), today + dt.timedelta(days=4), "open"),
        "green": ("green", today - dt.timedelta(days=3), today + dt.timedelta(days=87), "open"),
        "closed": ("", None, None, "closed"),
    }
    children = {name: ChildFactory(village=village_a, name=name) for name in rows}
    migrate(BEFORE)
    with connection.cursor() as cursor:
        for name, (tier, last, due, status) in rows.items():
            cursor.execute("UPDATE cases_child SET tier = %s, last_visit_on = %s, next_visit_due = %s, status = %s "
                           "WHERE id = %s", [tier, last, due, status, children[name].pk])
    migrate(AFTER)
    urgent = dict(Child.objects.values_list("name", "urgent_visit_by"))
    assert urgent == {"never": today - dt.timedelta(days=10), "red_pending": today + dt.timedelta(days=1),
                      "red_scheduled": None, "green": None, "closed": None}
