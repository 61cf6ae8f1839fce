"""The pinyin search key (Child.name_pinyin) holds the name's syllables too, between spaces: 李华 is
' lihua lh li hua ', so that a search typed in characters matches whole syllables (cases.models.children.sounds_like):
李 finds 黎明 (li), no longer 刘洋 (liu), whose key only contains the letters.

Every key is rebuilt (cases.models.children.pinyin_key), read as (pk, name) only and written with bulk_update in
batches. An anonymised file (an empty key) is left as it is. Going back needs no change: the earlier code searches the
key with `contains`, which the new key still satisfies.
"""

from django.db import migrations

from cases.models.children import pinyin_key

BATCH = 1000


def add_syllables(apps, schema_editor):
    Child = apps.get_model("cases", "Child")
    changed = [Child(pk=pk, name_pinyin=pinyin_key(name))
               for pk, name in Child.objects.exclude(name_pinyin="").values_list("pk", "name").iterator()]
    Child.objects.bulk_update(changed, ["name_pinyin"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("cases", "0033_child_reopened_on")]

    operations = [migrations.RunPython(add_syllables, migrations.RunPython.noop)]
