"""A caller's number is found by the keyed hash of its digits alone (hotline.models.caller_phone_hash): a landline
stored as typed, 023-70630963 or 02370630963, is one number. Every stored hash is rebuilt from the call's number,
decrypted here only; a call without a number keeps its empty hash."""

from django.db import migrations

BATCH = 1000


def rehash(apps, schema_editor):
    from hotline.models import caller_phone_hash

    HotlineCall = apps.get_model("hotline", "HotlineCall")
    changed = []
    for call in HotlineCall.objects.exclude(caller_phone_hash="").only("pk", "caller_phone").iterator():
        call.caller_phone_hash = caller_phone_hash(call.caller_phone)
        changed.append(call)
    HotlineCall.objects.bulk_update(changed, ["caller_phone_hash"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("hotline", "0012_feedback_submission_key")]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
