"""ID and phone numbers stored before they were normalised (registry/validators.py): full-width digits were
accepted as digits then, blanks kept in some phone fields. Rewritten here in their plain form, so that a number typed
again now matches them. An ID number whose plain form is already another file's is left as it is: the two files
are the same child, for the station to merge."""

from django.db import migrations

PHONE_FIELDS = [
    ("cases", "Guardian", "phone"), ("cases", "MandatoryReport", "reporter_phone"),
    ("hotline", "HotlineCall", "caller_phone"), ("registry", "User", "phone"), ("registry", "SocialForce", "phone"),
    ("registry", "Workroom", "contact_phone"),
]


def _changed(rows, field, normalize):
    """(pk, plain value) of the rows whose stored `field` is not in its plain form (encrypted fields: decrypted)."""
    for row in rows.exclude(**{field: ""}).only(field).iterator(chunk_size=2000):
        value = getattr(row, field)
        if normalize(value) != value:
            yield row.pk, normalize(value)


def normalize_identifiers(apps, schema_editor):
    from registry.validators import normalize_id_number, normalize_phone
    from zhanpu.crypto import keyed_hash

    Child = apps.get_model("cases", "Child")
    taken = set(Child.objects.exclude(id_number_hash="").values_list("id_number_hash", flat=True))
    for pk, plain in list(_changed(Child.objects.all(), "id_number", normalize_id_number)):
        digest = keyed_hash(plain)
        if digest not in taken:
            Child.objects.filter(pk=pk).update(id_number=plain, id_number_hash=digest)
            taken.add(digest)
    for app_label, model_name, field in PHONE_FIELDS:
        model = apps.get_model(app_label, model_name)
        for pk, plain in list(_changed(model.objects.all(), field, normalize_phone)):
            model.objects.filter(pk=pk).update(**{field: plain})


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0015_phone_number_fields"),
        ("hotline", "0007_caller_phone_hash"),
        ("registry", "0008_phone_number_fields"),
    ]

    operations = [migrations.RunPython(normalize_identifiers, migrations.RunPython.noop)]
