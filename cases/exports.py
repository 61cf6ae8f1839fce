"""儿童信息台账 (the township's child ledger) as .xlsx; identifiers masked unless the user is the station."""

from django.utils import timezone
from django.utils.translation import gettext as _

from audit.exports import xlsx_response
from registry.privacy import mask_id_number, mask_phone

HEADER = [
    "序号", "姓名", "性别", "出生日期", "年龄", "身份证号码", "所属村(社区)", "住址", "学校", "年级", "就学状况",
    "儿童类别", "残疾情况", "主要监护人", "与儿童关系", "监护人状况", "监护人电话", "委托监护确认书", "风险等级",
    "个案状态", "最近评估日期", "需重新评估", "最近家访日期", "下次家访截止日期", "建档日期",
]


def _row(number: int, child, full: bool) -> list:
    guardian = next(iter(child.guardians.all()), None)  # prefetched, primary first
    phone = guardian.phone if guardian else ""
    return [
        number, child.name, child.get_sex_display(), child.birth_date, child.age,
        child.id_number if full else mask_id_number(child.id_number), child.village.name, child.address,
        child.school, child.grade, child.get_schooling_display(),
        "、".join(category.name for category in child.categories.all()), child.disability,
        guardian.name if guardian else "", guardian.get_relation_display() if guardian else "",
        guardian.get_situation_display() if guardian else "", phone if full else mask_phone(phone),
        _("是") if child.entrusted_guardianship_confirmed else _("否"), child.get_tier_display(),
        child.get_status_display(), child.last_assessed_on, _("是") if child.overdue_reassessment else "",
        child.last_visit_on, child.next_visit_due, child.registered_on,
    ]


def child_ledger(children, *, full_identifiers: bool):
    """`children`: the filtered register (cases.selectors.register_for, annotated with overdue_reassessment)."""
    rows = (_row(number, child, full_identifiers) for number, child in enumerate(children, start=1))
    filename = f"儿童信息台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [_(title) for title in HEADER], rows)
