"""Trigram indexes for the name searches, on PostgreSQL only (SQLite has no pg_trgm: nothing happens there).

Each index matches the SQL Django writes for a search: the register's `name__icontains` is
UPPER("name"::text) LIKE UPPER('%…%'), the hotline match's `name__contains` is "name"::text LIKE '%…%', and both
search `name_pinyin__contains`. A trigram GIN index answers these LIKE '%…%' searches, Chinese characters included
(the trigrams are taken per character under a UTF-8 database). pg_trgm is a trusted extension (PostgreSQL 13+):
the database's owner creates it here, no superuser needed. Not declared in Child.Meta, which describes the indexes
of both databases.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class TrigramExtensionOnPostgres(TrigramExtension):
    """TrigramExtension, whose reverse would query pg_extension on SQLite too."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


# (name, indexed expression). Written out: GinIndex(OpClass(Upper("name"))) needs django.contrib.postgres installed.
INDEXES = [
    ("child_name_upper_trgm_idx", '(UPPER("name"::text)) gin_trgm_ops'),  # the register: name__icontains
    ("child_name_trgm_idx", '"name" gin_trgm_ops'),  # the hotline match: name__contains
    ("child_pinyin_trgm_idx", '"name_pinyin" gin_trgm_ops'),  # both: name_pinyin__contains
]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in INDEXES:
        schema_editor.execute(f'CREATE INDEX "{name}" ON "cases_child" USING gin ({expression})')


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _expression in INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0025_child_dup_index"),
    ]

    operations = [
        TrigramExtensionOnPostgres(),
        migrations.RunPython(add_indexes, remove_indexes),
    ]
