from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry.data.plan import LEADERSHIP, OFFICES, STATION
from registry.models import LeadershipMember, Office, Station
from registry.services import ensure_role_groups
from registry.services_work import grant_work_admin_perms, seed_holidays


def in_both_languages(row: dict, *fields: str) -> dict:
    """The plan's Chinese `field` and its English `field_en` as the zh-hans and en columns of each of `fields`:
    explicit columns, so the load stores the same whatever language is active."""
    return {f"{field}_{suffix}": row[key] for field in fields
            for suffix, key in (("zh_hans", field), ("en", f"{field}_en"))}


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
                defaults={**in_both_languages(row, "name", "duties"), "order": row["order"]},
            )
        for row in LEADERSHIP:
            LeadershipMember.objects.update_or_create(
                name_zh_hans=row["name"],  # a seat is known by its Chinese name (the plan's)
                position=row["position"],
                defaults={
                    **in_both_languages(row, "name", "title"),
                    "office": offices.get(row["office"]),
                    "order": row["order"],
                    "is_collective": row.get("is_collective", False),
                },
            )
        station = Station.objects.first() or Station()
        station.office = offices[STATION["office"]]
        station.hotline = STATION["hotline"]
        for field, value in in_both_languages(STATION, "name", "location", "duties").items():
            setattr(station, field, value)
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
