"""Fictional demo children, one or two per demo village. Names and ID numbers are invented."""

from datetime import date

from cases.models import Child, ChildCategory, Guardian
from registry.validators import id_check_digit


def demo_id_number(born: date, sequence: int) -> str:
    first17 = f"500230{born:%Y%m%d}{sequence:03d}"  # 500230: 丰都县
    return first17 + id_check_digit(first17)


CHILDREN = [
    # village, name, sex, birth date, categories, guardian (relation, name, situation, phone)
    ("demo-a", "示例儿童甲", "F", date(2014, 3, 8), ["left_behind"], ("grandparent", "示例奶奶甲", "present", "13800000001")),
    ("demo-a", "示例儿童乙", "M", date(2011, 9, 1), ["difficult_poverty"], ("mother", "示例母亲乙", "migrant", "13800000002")),
    ("demo-b", "示例儿童丙", "M", date(2016, 6, 18), ["de_facto_unsupported"], ("relative", "示例叔叔丙", "present", "13800000003")),
    ("demo-c", "示例儿童丁", "F", date(2012, 12, 24), ["disabled"], ("father", "示例父亲丁", "present", "13800000004")),
]


def seed(context: dict) -> None:
    villages = context["villages"]
    children = {}
    for index, (village, name, sex, born, categories, guardian) in enumerate(CHILDREN, start=1):
        child = Child.objects.filter(name=name, village=villages[village]).first()
        if child is None:
            child = Child(
                name=name, sex=sex, birth_date=born, id_number=demo_id_number(born, index),
                village=villages[village], address=f"{villages[village].name}示例组", school="湛普镇中心校",
                lawful_basis="示例数据，非真实儿童。", created_by=context["users"]["station"],
            )
            child.full_clean()
            child.save()
            child.categories.set(ChildCategory.objects.filter(code__in=categories))
            relation, g_name, situation, phone = guardian
            Guardian.objects.create(
                child=child, relation=relation, name=g_name, situation=situation, phone=phone, is_primary=True
            )
        children[name] = child
    context["children"] = children
