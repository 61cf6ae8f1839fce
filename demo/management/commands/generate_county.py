import random
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cases.models import Child
from demo import county_activity
from demo.county import CODE_PREFIX, ChildMaker, add_assessments, add_categories, add_guardians, build_county, today
from registry.models import Village

BATCH = 2000


def _relaxed_commit() -> None:
    """Bulk load: PostgreSQL need not wait for the disk at each batch's commit (a crash loses only this run)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic county for benchmarks: 300 villages, N children with guardians, "
        "categories and tiers, a year of visits, hotline calls and referrals. Invented data; runs once per database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="number of children (e.g. 100000)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (same seed, same county)")
        parser.add_argument(
            "--allow-without-debug", action="store_true",
            help="run although DEBUG is off (only on a database made for benchmarks)",
        )

    def handle(self, *args, children: int, seed: int, allow_without_debug: bool, **options):
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError("generate_county writes invented children: run it with DEBUG on, or pass "
                               "--allow-without-debug on a database made for benchmarks.")
        if children < 1:
            raise CommandError("--children must be at least 1.")
        if Village.objects.filter(code__startswith=CODE_PREFIX).exists():
            raise CommandError("This database already holds a generated county; use a fresh database.")
        started = time.monotonic()
        rng = random.Random(seed)
        day = today()
        call_command("load_zhanpu", verbosity=0)
        with transaction.atomic():
            county = build_county(rng)
        maker = ChildMaker(rng, county, day)
        sample = []  # children that calls may be linked to
        totals = {"children": 0, "visits": 0, "referrals": 0}
        for start in range(0, children, BATCH):
            with transaction.atomic():
                _relaxed_commit()
                batch = [maker.make() for _ in range(min(BATCH, children - start))]
                Child.objects.bulk_create(batch)  # sets the pks; each keeps its visit_dates
                add_guardians(rng, batch)
                add_categories(rng, batch)
                add_assessments(rng, batch, county)
                totals["visits"] += county_activity.add_visits(rng, batch, county)
                totals["referrals"] += county_activity.add_referrals(rng, batch, county, day)
            totals["children"] += len(batch)
            sample.extend(rng.sample(batch, min(len(batch), 50)))
            self.stdout.write(f"  {totals['children']:>7} children, {totals['visits']:>8} visits "
                              f"({time.monotonic() - started:.0f} s)")
        with transaction.atomic():
            totals["calls"] = county_activity.add_calls(rng, max(50, children // 10), sample, county, day)
        summary = ", ".join(f"{value} {name}" for name, value in totals.items())
        self.stdout.write(self.style.SUCCESS(
            f"Generated {len(county.villages)} villages, {summary} in {time.monotonic() - started:.0f} s."
        ))
