from django.core.management.base import BaseCommand
from django.utils import timezone

from registry.services_work import seed_holidays


class Command(BaseCommand):
    help = "Load China's public-holiday periods of a year (default: this year) into the holiday table. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None)

    def handle(self, *args, year=None, **options):
        year = year or timezone.localdate().year
        count = seed_holidays(year=year)
        self.stdout.write(self.style.SUCCESS(f"Loaded {count} public-holiday periods of {year}."))
