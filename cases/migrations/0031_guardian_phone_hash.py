"""Guardians keep a keyed hash of their phone number, in the history too, so that a number entered, replaced or
cleared shows in the child's history (as such, never the number).

Existing guardians get the hash of their number; their earlier history rows get the same (what the number was then
is not known), so the first change after this migration shows only what it changed.
"""

from django.db import migrations, models

from zhanpu.crypto import keyed_hash

BATCH = 2000


def fill_hashes(apps, schema_editor):
    Guardian = apps.get_model("cases", "Guardian")
    History = apps.get_model("cases", "HistoricalGuardian")
    hashes = {}
    changed = []
    for guardian in Guardian.objects.exclude(phone="").only("pk", "phone").iterator(chunk_size=BATCH):
        guardian.phone_hash = hashes[guardian.pk] = keyed_hash(guardian.phone)
        changed.append(guardian)
    Guardian.objects.bulk_update(changed, ["phone_hash"], batch_size=BATCH)
    rows = [row for row in History.objects.only("history_id", "id").iterator(BATCH) if row.id in hashes]
    for row in rows:
        row.phone_hash = hashes[row.id]
    History.objects.bulk_update(rows, ["phone_hash"], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0030_pinyin_surname_readings"),
    ]

    operations = [
        migrations.AddField(
            model_name="guardian",
            name="phone_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="historicalguardian",
            name="phone_hash",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.RunPython(fill_hashes, migrations.RunPython.noop),
    ]
