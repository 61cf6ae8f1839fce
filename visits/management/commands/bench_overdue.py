"""Benchmark of the reminder pass: `manage.py bench_overdue --children 100000` (DEBUG on; use a scratch database).

Builds N open children spread over 20 压测村 with one visit each (1% due yesterday, i.e. newly overdue; the rest due
within the next 80 days), prints the query plan of the overdue query and times one reminder pass (recording and
sending, with e-mail to the in-memory backend) and a second, idle one."""

import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from cases.models import Child, RiskTier
from registry.models import User, Village
from registry.services import grant_village_access
from visits.models import HomeVisit, VisitReminder
from visits.reminders import crossed_threshold, run_reminder_pass
from visits.selectors import max_days_by_tier

BATCH = 5000
TIERS = [RiskTier.RED, RiskTier.ORANGE, RiskTier.YELLOW, RiskTier.GREEN]


class Command(BaseCommand):
    help = "Build N open children with visits, print the overdue query plan and time one reminder pass."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=100_000)
        parser.add_argument("--overdue-every", type=int, default=100, help="every k-th child is newly overdue (1%%)")
        parser.add_argument("--villages", type=int, default=20)
        parser.add_argument("--keep", action="store_true", help="keep the benchmark children afterwards")
        parser.add_argument("--force", action="store_true", help="run on a database whose name lacks 'bench'")

    def handle(self, *args, children: int, overdue_every: int, villages: int, keep: bool, force: bool, **options):
        if not settings.DEBUG:
            raise CommandError("bench_overdue writes fake children: run it with DEBUG=1 on a scratch database.")
        if "bench" not in str(connection.settings_dict["NAME"]) and not force:
            raise CommandError("Point DATABASE_URL at a scratch database whose name contains 'bench' (or --force).")
        director, _ = User.objects.get_or_create(username="bench_director", defaults={"real_name": "压测儿童主任"})
        bench_villages = []
        for number in range(villages):
            village, _ = Village.objects.get_or_create(
                code=f"bench-{number}", defaults={"name": f"压测村{number}", "order": 900 + number}
            )
            grant_village_access(user=director, village=village)
            bench_villages.append(village)
        self._delete()
        today = timezone.localdate()
        started = time.perf_counter()
        self._build(bench_villages, children, overdue_every, today)
        self.stdout.write(f"built {children} children with visits in {time.perf_counter() - started:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        query = crossed_threshold(VisitReminder.Level.DIRECTOR, today=today).values_list("pk", "next_visit_due")
        options = {"analyze": True, "buffers": True} if connection.vendor == "postgresql" else {}
        self.stdout.write(f"\nEXPLAIN of the level-1 overdue query ({connection.vendor}), before the pass:")
        self.stdout.write(query.explain(**options))
        reverse("visits:due")  # load the URL configuration as a running worker has it
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for label in ("first pass (newly overdue)", "second pass (nothing new)"):
                started = time.perf_counter()
                result = run_reminder_pass(today=today)
                elapsed = time.perf_counter() - started
                self.stdout.write(f"\n{label}: recorded {result['recorded']}, sent {result['sent']}, {elapsed:.3f} s")
        self.stdout.write("\nEXPLAIN of the same query after the pass (reminder rows present):")
        self.stdout.write(query.explain(**options))
        if not keep:
            self._delete()

    def _build(self, villages: list[Village], count: int, overdue_every: int, today: date) -> None:
        interval = max_days_by_tier()
        born = today.replace(year=today.year - 10, day=1)
        registered = today - timedelta(days=400)
        for start in range(0, count, BATCH):
            rows = []
            for i in range(start, min(start + BATCH, count)):
                tier = TIERS[i % len(TIERS)]
                due = today - timedelta(days=1) if i % overdue_every == 0 else today + timedelta(days=1 + i % 80)
                rows.append(Child(
                    name=f"压测儿童{i}", sex=Child.Sex.FEMALE, birth_date=born, village=villages[i % len(villages)],
                    tier=tier,
                    status=Child.Status.OPEN, registered_on=registered, next_visit_due=due,
                    last_visit_on=due - timedelta(days=interval[tier]),
                ))
            with transaction.atomic():
                created = Child.objects.bulk_create(rows)
                HomeVisit.objects.bulk_create([
                    HomeVisit(child=child, village_id=child.village_id, visited_on=child.last_visit_on, visitors="压测",
                              kind=HomeVisit.Kind.HOME)
                    for child in created
                ])

    def _delete(self) -> None:
        """Remove earlier benchmark children (and their visits and reminders) in SQL, batch by batch."""
        while True:
            ids = list(Child.objects.filter(village__code__startswith="bench-").values_list("pk", flat=True)[:BATCH])
            if not ids:
                return
            with transaction.atomic():
                VisitReminder.objects.filter(child_id__in=ids)._raw_delete(VisitReminder.objects.db)
                HomeVisit.objects.filter(child_id__in=ids)._raw_delete(HomeVisit.objects.db)
                Child.objects.filter(pk__in=ids).delete()
