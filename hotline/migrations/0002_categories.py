from django.db import migrations

from hotline.data import load_issue_categories


def load(apps, schema_editor):
    load_issue_categories(apps.get_model("hotline", "IssueCategory"))


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
