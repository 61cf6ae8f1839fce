from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry.data.plan import LEADERSHIP, OFFICES, STATION
from registry.models import LeadershipMember, Office, Station
from registry.services import ensure_role_groups
from registry.services_work import grant_work_admin_perms, seed_holidays


class Command(BaseCommand):
    help = (
        "Load the township's organisation from the 2022 plan: offices, leadership group, station; "
        "and this year's public holidays. Idempotent."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        offices = {}
        for row in OFFICES:
            offices[row["code"]], _ = Office.objects.update_or_create(
                code=row["code"],
                defaults={"name_zh_hans": row["name"], "name_en": row["name_en"], "duties": row["duties"],
                          "order": row["order"]},
            )
        for row in LEADERSHIP:
            LeadershipMember.objects.update_or_create(
                name=row["name"],
                position=row["position"],
                defaults={
                    "title": row["title"],
                    "office": offices.get(row["office"]),
                    "order": row["order"],
                    "is_collective": row.get("is_collective", False),
                },
            )
        station = Station.objects.first() or Station()
        for field, value in STATION.items():
            setattr(station, field, offices[value] if field == "office" else value)
        station.full_clean()
        station.save()
        ensure_role_groups()
        grant_work_admin_perms()
        holidays = seed_holidays(year=timezone.localdate().year)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {len(offices)} offices, {len(LEADERSHIP)} leadership seats, the station "
                f"and {holidays} public-holiday periods."
            )
        )
