# A separate migration from the backfill: on PostgreSQL a table with pending deferred-constraint checks from an
# UPDATE cannot be altered in the same transaction.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('visits', '0006_visit_village'),
    ]

    operations = [
        migrations.AlterField(
            model_name='homevisit',
            name='village',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='registry.village', verbose_name='走访村(社区)'),
        ),
        migrations.RemoveIndex(
            model_name='homevisit',
            name='visit_date_idx',
        ),
        migrations.AddIndex(
            model_name='homevisit',
            index=models.Index(fields=['visited_on'], include=('village', 'due_on'), name='visit_date_idx'),
        ),
    ]
