"""儿童信息台账 (the township's child ledger) as .xlsx; identifiers masked unless the user is the station."""

from itertools import islice

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.exports import xlsx_response
from registry.privacy import mask_id_number, mask_phone

from .models import Child, ChildCategory, Guardian

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

# The ledger reads plain values, not model instances: at 100,000 children, building instances (and Django's
# per-instance prefetch bookkeeping) cost several times more than writing the file.
CHILD_FIELDS = (
    "pk", "name", "sex", "birth_date", "id_number", "village__name", "address", "school", "grade", "schooling",
    "disability", "entrusted_guardianship_confirmed", "tier", "status", "last_assessed_on", "overdue_reassessment",
    "last_visit_on", "next_visit_due", "registered_on",
)
CHUNK = 2000  # children per batch: their guardians and categories are read with one query each


def _labels(model, field: str) -> dict:
    """Stored value → translated label, built once per export (get_FOO_display() rebuilds and translates per row)."""
    return {value: str(label) for value, label in model._meta.get_field(field).flatchoices}


def _age(born, today) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))  # as Child.age


def _primary_guardians(child_ids: list[int]) -> dict[int, dict]:
    """child pk → its primary guardian (or first guardian entered) as a dict, for children that have one."""
    guardians = {}
    found = (Guardian.objects.filter(child_id__in=child_ids).order_by("child_id", "-is_primary", "pk")
             .values("pk", "child_id", "name", "relation", "situation"))
    for guardian in found:
        guardians.setdefault(guardian["child_id"], guardian)
    # Phone numbers are encrypted: decrypt only the primary guardians' (many children have two guardians).
    phones = dict(Guardian.objects.filter(pk__in=[g["pk"] for g in guardians.values()]).values_list("pk", "phone"))
    for guardian in guardians.values():
        guardian["phone"] = phones[guardian["pk"]]
    return guardians


def _category_names(child_ids: list[int], names: dict[int, str]) -> dict[int, list[str]]:
    """child pk → the names of its categories, in the categories' order (`names`: category pk → name)."""
    found = {}
    links = (Child.categories.through.objects.filter(child_id__in=child_ids)
             .order_by("childcategory__order", "childcategory_id").values_list("child_id", "childcategory_id"))
    for child_id, category_id in links:
        found.setdefault(child_id, []).append(names[category_id])
    return found


def _batches(children):
    """(child values, primary guardians, category names) for each CHUNK of `children`, in the register's order."""
    # Category names through the model, in the active language: a dozen rows, read once.
    names = {category.pk: category.name for category in ChildCategory.objects.all()}
    values = children.prefetch_related(None).values(*CHILD_FIELDS).iterator(chunk_size=CHUNK)
    while batch := list(islice(values, CHUNK)):
        ids = [child["pk"] for child in batch]
        yield batch, _primary_guardians(ids), _category_names(ids, names)


def _row_maker(full: bool):
    labels = {field: _labels(Child, field) for field in ("sex", "schooling", "tier", "status")}
    labels |= {f"guardian_{field}": _labels(Guardian, field) for field in ("relation", "situation")}
    yes, no = _("是"), _("否")
    today = timezone.localdate()
    nobody = {"name": "", "relation": "", "situation": "", "phone": ""}

    def label(kind: str, value):
        return labels[kind].get(value, value)

    def row(number: int, child: dict, guardian: dict | None, categories: list[str]) -> list:
        guardian = guardian or nobody
        phone = guardian["phone"]
        return [
            number, child["name"], label("sex", child["sex"]), child["birth_date"], _age(child["birth_date"], today),
            child["id_number"] if full else mask_id_number(child["id_number"]), child["village__name"],
            child["address"], child["school"], child["grade"], label("schooling", child["schooling"]),
            "、".join(categories), child["disability"],
            guardian["name"], label("guardian_relation", guardian["relation"]),
            label("guardian_situation", guardian["situation"]), phone if full else mask_phone(phone),
            yes if child["entrusted_guardianship_confirmed"] else no, label("tier", child["tier"]),
            label("status", child["status"]), child["last_assessed_on"], yes if child["overdue_reassessment"] else "",
            child["last_visit_on"], child["next_visit_due"], child["registered_on"],
        ]

    return row


def child_ledger(children, *, full_identifiers: bool, exported: list | None = None):
    """`children`: the filtered register (cases.selectors.register_for, annotated with overdue_reassessment).

    The pks of the rows written are appended to `exported` (for the access log) while the file is built.
    """
    row = _row_maker(full_identifiers)

    def rows():
        number = 0
        for batch, guardians, categories in _batches(children):
            for child in batch:
                number += 1
                if exported is not None:
                    exported.append(child["pk"])
                yield row(number, child, guardians.get(child["pk"]), categories.get(child["pk"], []))

    filename = f"儿童信息台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [_(title) for title in HEADER], rows())
