from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry.compliance import holidays_loaded
from registry.data.plan import LEADERSHIP, OFFICES, STATION
from registry.models import Holiday, LeadershipMember, Office, Station
from registry.services import ensure_role_groups
from registry.services_work import grant_work_admin_perms, seed_holidays


def in_both_languages(row: dict, *fields: str) -> dict:
    """The plan's Chinese `field` and its English `field_en` as the zh-hans and en columns of each of `fields`:
    explicit columns, so the load stores the same whatever language is active."""
    return {f"{field}_{suffix}": row[key] for field in fields
            for suffix, key in (("zh_hans", field), ("en", f"{field}_en"))}


def fill_missing_english(obj, row: dict, *fields: str) -> None:
    """Give `obj` the plan's English of each of `fields` whose English column is still blank while its Chinese is
    still the plan's: a row loaded before a release added the English gets it from the next load. An English text
    someone entered is never replaced, and the plan's English is not put beside a Chinese text the admin rewrote."""
    missing = [f"{field}_en" for field in fields
               if row[f"{field}_en"] and not getattr(obj, f"{field}_en")
               and getattr(obj, f"{field}_zh_hans") == row[field]]
    for column in missing:
        setattr(obj, column, row[column])
    if missing:
        obj.save(update_fields=missing)


def load_offices() -> tuple[dict[str, Office], int]:
    """The plan's offices by code, and how many were created. An office already in the table keeps the names,
    duties and order the leadership gave it in the admin."""
    offices, created = {}, 0
    for row in OFFICES:
        office, is_new = Office.objects.get_or_create(
            code=row["code"],
            defaults={**in_both_languages(row, "name", "duties"), "order": row["order"]},
        )
        if not is_new:
            fill_missing_english(office, row, "name", "duties")
        offices[row["code"]], created = office, created + is_new
    return offices, created


def load_leadership(offices: dict[str, Office]) -> int:
    """Seat the plan's leadership group if the table has no seat yet; returns the seats created.

    Once seated, the group is the leadership's to keep in the admin: a seat handed to a successor is renamed there,
    so a plan seat the table lacks is not missing but gone, and bringing it back would give the seat two holders.
    A seat still as the plan has it gets only the English a later release added."""
    if not LeadershipMember.objects.exists():
        for row in LEADERSHIP:
            LeadershipMember.objects.create(
                **in_both_languages(row, "name", "title"),
                position=row["position"],
                office=offices.get(row["office"]),
                order=row["order"],
                is_collective=row.get("is_collective", False),
            )
        return len(LEADERSHIP)
    for row in LEADERSHIP:
        # A seat is known by its Chinese name (the plan's) and position.
        for seat in LeadershipMember.objects.filter(name_zh_hans=row["name"], position=row["position"]):
            fill_missing_english(seat, row, "name", "title")
    return 0


def load_station(offices: dict[str, Office]) -> bool:
    """Create the township's one station if there is none; returns whether it did. A station already in the table
    keeps the name, place, duties and hotline the admin gave it."""
    station = Station.objects.first()
    if station:
        fill_missing_english(station, STATION, "name", "location", "duties")
        return False
    station = Station(office=offices[STATION["office"]], hotline=STATION["hotline"])
    for field, value in in_both_languages(STATION, "name", "location", "duties").items():
        setattr(station, field, value)
    station.full_clean()
    station.save()
    return True


def load_this_years_holidays() -> int:
    """This year's public-holiday periods, only if none of the package's are loaded yet (as the daily task does,
    registry.services_work.load_coming_holidays): the station corrects the loaded ones on the holiday page, and a
    rerun must not undo that. Returns the periods loaded."""
    year = timezone.localdate().year
    if holidays_loaded(year, source=Holiday.Source.PACKAGE):
        return 0
    return seed_holidays(year=year)


class Command(BaseCommand):
    help = (
        "Load the township's organisation from the 2022 plan: offices, leadership group, station; "
        "and this year's public holidays. Creates only what is missing and keeps what the admin edited, "
        "so it is safe on every deploy."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        offices, offices_created = load_offices()
        seats_created = load_leadership(offices)
        station_created = load_station(offices)
        ensure_role_groups()
        grant_work_admin_perms()
        holidays = load_this_years_holidays()
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {offices_created} offices, {seats_created} leadership seats, "
                f"{int(station_created)} station and {holidays} public-holiday periods; "
                "rows already in the database were kept as they are."
            )
        )
