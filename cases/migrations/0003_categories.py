from django.db import migrations

# DESIGN.md §2: the plan's and the national protection categories.
CATEGORIES = [
    ("orphan", "孤儿"),
    ("de_facto_unsupported", "事实无人抚养儿童"),
    ("left_behind", "农村留守儿童"),
    ("difficult_poverty", "困境儿童（家庭贫困）"),
    ("difficult_disability", "困境儿童（自身残疾）"),
    ("difficult_guardianship", "困境儿童（监护缺失或不当）"),
    ("street", "流浪未成年人"),
    ("disabled", "残疾儿童"),
    ("parent_detained", "服刑或强制隔离戒毒人员子女"),
    ("correction", "社区矫正或不良行为未成年人"),
    ("other", "其他"),
]


def load(apps, schema_editor):
    ChildCategory = apps.get_model("cases", "ChildCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        ChildCategory.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
