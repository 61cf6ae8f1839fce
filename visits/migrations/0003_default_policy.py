from django.db import migrations

DEFAULTS = {"red": 7, "orange": 14, "yellow": 30, "green": 90}  # DESIGN.md §4: 红7 / 橙14 / 黄30 / 绿90


def create_defaults(apps, schema_editor):
    VisitPolicy = apps.get_model("visits", "VisitPolicy")
    for tier, days in DEFAULTS.items():
        VisitPolicy.objects.get_or_create(tier=tier, defaults={"max_days": days})


class Migration(migrations.Migration):
    dependencies = [("visits", "0002_visits_and_reminders")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
