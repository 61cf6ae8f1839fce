"""The benchmark command (small N on SQLite) and the demo data's overdue child."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.models import Child
from registry.models import Notification
from visits.models import HomeVisit, VisitReminder
from visits.reminders import run_reminder_pass

pytestmark = pytest.mark.django_db


def test_bench_overdue_builds_children_times_a_pass_and_cleans_up(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("bench_overdue", children=300, villages=3, force=True, stdout=out)
    text = out.getvalue()
    assert "EXPLAIN" in text and "first pass (newly overdue): recorded 3, sent 3" in text
    assert "second pass (nothing new): recorded 0, sent 0" in text
    assert not Child.objects.filter(village__code__startswith="bench-").exists()


def test_bench_overdue_refuses_a_database_not_named_bench(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="bench"):
        call_command("bench_overdue", children=10)
    assert not VisitReminder.objects.exists()


def test_demo_has_an_overdue_child_in_village_a_that_reminds_director_a(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())  # idempotent: no second set of visits
    assert HomeVisit.objects.count() == 4
    overdue = Child.objects.get(name="示例儿童乙")
    assert overdue.village.code == "demo-a" and overdue.next_visit_due < timezone.localdate()
    run_reminder_pass()
    for username in ("director_a", "station", "leader"):
        assert Notification.objects.filter(recipient__username=username, title__contains=str(overdue.pk)).exists()
    assert not Notification.objects.filter(recipient__username="director_b").exists()
