"""The access-log search by object number (audit.filters.AccessLogFilter): on PostgreSQL a JSON containment
(object_ids @> '[N]'), answered by this GIN index; SQLite keeps its text match and gets no index (nothing happens
there). Not declared in AccessLog.Meta, which describes the indexes of both databases."""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX = GinIndex(fields=["object_ids"], opclasses=["jsonb_path_ops"], name="accesslog_object_ids_idx")


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("audit", "AccessLog"), INDEX)


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("audit", "AccessLog"), INDEX)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_account_changes"),
    ]

    operations = [
        migrations.RunPython(add_index, remove_index),
    ]
