"""Fictional demo children, one or two per demo village, with assessments, a referral and a mandatory report.
Names and ID numbers are invented."""

from datetime import date, timedelta

from django.utils import timezone

from cases.models import Child, ChildCategory, MandatoryReport, RiskIndicator
from cases.services import assess_risk, create_referral, file_mandatory_report, register_child
from registry.models import Office
from registry.selectors import directors_of
from registry.validators import id_check_digit


def demo_id_number(born: date, sequence: int) -> str:
    first17 = f"500230{born:%Y%m%d}{sequence:03d}"  # 500230: 丰都县
    return first17 + id_check_digit(first17)


CHILDREN = [
    # village, name, sex, birth date, categories, guardian (relation, name, situation, phone), indicators found
    ("demo-a", "示例儿童甲", "F", date(2014, 3, 8), ["left_behind"], ("grandparent", "示例奶奶甲", "present", "13800000001"),
     ["父母双方外出务工或下落不明，委托照护人年老体弱或无力照护"]),
    ("demo-a", "示例儿童乙", "M", date(2011, 9, 1), ["difficult_poverty"], ("mother", "示例母亲乙", "migrant", "13800000002"),
     ["家庭经济困难，基本生活难以保障", "辍学或长期未到校", "情绪低落、孤僻、焦虑，有抑郁迹象"]),
    ("demo-b", "示例儿童丙", "M", date(2016, 6, 18), ["de_facto_unsupported"], ("relative", "示例叔叔丙", "present", "13800000003"),
     ["父母双方外出务工或下落不明，委托照护人年老体弱或无力照护"]),
    ("demo-c", "示例儿童丁", "F", date(2012, 12, 24), ["disabled"], ("father", "示例父亲丁", "present", "13800000004"),
     ["残疾未得到康复救助"]),
]

# One child registered twice (the second time from a hotline call, without the ID number): the station's review of
# possible duplicate files has a pair to show and to merge.
DUPLICATE = ("demo-c", "示例儿童庚", "M", date(2015, 2, 10))


def _assess(child: Child, station, texts: list[str]) -> None:
    if child.assessments.exists():
        return
    indicators = list(RiskIndicator.objects.filter(text__in=texts))
    assessed_on = timezone.localdate() - timedelta(days=30)
    if child.registered_on > assessed_on:  # demo files are "registered" on the day they were seeded
        Child.objects.filter(pk=child.pk).update(registered_on=assessed_on)
        child.registered_on = assessed_on
    assess_risk(by=station, child=child, indicators=indicators, notes="示例评估。", assessed_on=assessed_on)


def seed(context: dict) -> None:
    villages = context["villages"]
    station = context["users"]["station"]
    children = {}
    for index, (village, name, sex, born, categories, guardian, indicators) in enumerate(CHILDREN, start=1):
        child = Child.objects.filter(name=name, village=villages[village]).first()
        if child is None:
            relation, g_name, situation, phone = guardian
            child = register_child(
                by=station, categories=list(ChildCategory.objects.filter(code__in=categories)),
                guardians=[{"relation": relation, "name": g_name, "situation": situation, "phone": phone,
                            "is_primary": True}],
                name=name, sex=sex, birth_date=born, id_number=demo_id_number(born, index),
                village=villages[village], address=f"{villages[village].name}示例组", school="湛普镇中心校",
                lawful_basis="示例数据，非真实儿童。",
                responsible_director=directors_of([villages[village].pk]).first(),  # demo-c has none
            )
        _assess(child, station, indicators)
        children[name] = child
    # Tiers after seeding: 甲 红 (a mandatory report, urgent referral to 派出所), 乙 橙 (referred to the central
    # school), 丙 黄, 丁 绿. visits/demo.py plans visits on these tiers.
    first, second = children["示例儿童甲"], children["示例儿童乙"]
    if not second.referrals.exists():
        create_referral(by=station, child=second, office=Office.objects.get(code="school"),
                        reason="示例：长期未到校，请中心校落实控辍保学并反馈。")
    if not first.mandatory_reports.exists():
        file_mandatory_report(
            by=station, child=first, reporter_kind=MandatoryReport.ReporterKind.SCHOOL,
            situations=[MandatoryReport.Situation.ABANDONED], summary="示例：学校发现该儿童连续多日无人照料。",
            reporter_name="示例教师", reporter_phone="13800000009",
        )
    village, name, sex, born = DUPLICATE
    if not Child.objects.filter(name=name).exists():
        for id_number in (demo_id_number(born, len(CHILDREN) + 1), ""):
            register_child(by=station, name=name, sex=sex, birth_date=born, id_number=id_number,
                           village=villages[village], address=f"{villages[village].name}示例组",
                           lawful_basis="示例数据，非真实儿童。")
    context["children"] = children
