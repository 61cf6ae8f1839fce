"""儿童信息台账 (the township's child ledger) as .xlsx; identifiers masked unless the user is the station."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.exports import xlsx_response
from registry.privacy import mask_id_number, mask_phone

from .models import Child, Guardian

# Column titles, marked for makemessages and translated when the file is written.
HEADER = [
    gettext_noop("序号"), gettext_noop("姓名"), gettext_noop("性别"), gettext_noop("出生日期"), gettext_noop("年龄"),
    gettext_noop("身份证号码"), gettext_noop("所属村(社区)"), gettext_noop("住址"), gettext_noop("学校"),
    gettext_noop("年级"), gettext_noop("就学状况"), gettext_noop("儿童类别"), gettext_noop("残疾情况"),
    gettext_noop("主要监护人"), gettext_noop("与儿童关系"), gettext_noop("监护人状况"), gettext_noop("监护人电话"),
    gettext_noop("委托监护确认书"), gettext_noop("风险等级"), gettext_noop("个案状态"), gettext_noop("最近评估日期"),
    gettext_noop("需重新评估"), gettext_noop("最近家访日期"), gettext_noop("下次家访截止日期"),
    gettext_noop("建档日期"),
]


def _labels(model, field: str) -> dict:
    """Stored value → translated label, built once per export (get_FOO_display() rebuilds and translates per row)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _row_maker(full: bool):
    labels = {field: _labels(Child, field) for field in ("sex", "schooling", "tier", "status")}
    labels |= {f"guardian_{field}": _labels(Guardian, field) for field in ("relation", "situation")}
    yes, no = _("是"), _("否")

    def label(kind: str, value):
        return labels[kind].get(value, value)

    def row(number: int, child) -> list:
        guardian = next(iter(child.guardians.all()), None)  # prefetched, primary first
        phone = guardian.phone if guardian else ""
        return [
            number, child.name, label("sex", child.sex), child.birth_date, child.age,
            child.id_number if full else mask_id_number(child.id_number), child.village.name, child.address,
            child.school, child.grade, label("schooling", child.schooling),
            "、".join(category.name for category in child.categories.all()), child.disability,
            guardian.name if guardian else "", label("guardian_relation", guardian.relation) if guardian else "",
            label("guardian_situation", guardian.situation) if guardian else "", phone if full else mask_phone(phone),
            yes if child.entrusted_guardianship_confirmed else no, label("tier", child.tier),
            label("status", child.status), child.last_assessed_on, yes if child.overdue_reassessment else "",
            child.last_visit_on, child.next_visit_due, child.registered_on,
        ]

    return row


def child_ledger(children, *, full_identifiers: bool):
    """`children`: the filtered register (cases.selectors.register_for, annotated with overdue_reassessment)."""
    row = _row_maker(full_identifiers)
    rows = (row(number, child) for number, child in enumerate(children, start=1))
    filename = f"儿童信息台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [_(title) for title in HEADER], rows)
