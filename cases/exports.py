"""儿童信息台账 (the township's child ledger) as .xlsx; identifiers masked unless the user is the station."""

from itertools import groupby
from operator import itemgetter

from django.db.models import FilteredRelation, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.exports import choice_labels, xlsx_response
from registry.models import Office
from registry.privacy import mask_id_number, mask_phone
from zhanpu.crypto import decrypt
from zhanpu.text import series

from .models import Child, ChildCategory, Guardian, Referral
from .selectors import REGISTER_ORDER

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
CHUNK = 2000  # rows fetched at a time from each of the export's three streams


def _age(born, today) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))  # as Child.age


def _following(groups):
    """child pk → its rows, for children asked for in the order `groups` ((child pk, rows) pairs) comes in: the
    stream is read forward only, so a whole export holds one child's guardians or categories at a time."""
    pending = next(groups, None)

    def rows_for(pk) -> list:
        nonlocal pending
        if pending is None or pending[0] != pk:
            return []
        rows, pending = pending[1], next(groups, None)
        return rows

    return rows_for


def _streams(children):
    """(children, primary guardian of, category names of): three queries over the same filtered register, in its
    order, whatever the number of children. Guardians come primary first; only the primary guardian's phone number
    is decrypted. FilteredRelation gives each stream its own join, apart from any filter on the same relation (the
    register filtered by one category still lists each child's every category)."""
    base = children.prefetch_related(None)
    guardians = (
        base.annotate(guardian=FilteredRelation("guardians")).filter(guardian__isnull=False)
        .order_by(*REGISTER_ORDER, "-guardian__is_primary", "guardian__pk")
        .values_list("pk", "guardian__name", "guardian__relation", "guardian__situation",
                     Cast("guardian__phone", TextField()))  # still encrypted
        .iterator(chunk_size=CHUNK)
    )
    names = {category.pk: category.name for category in ChildCategory.objects.all()}  # in the active language
    links = (
        base.annotate(category=FilteredRelation("categories")).filter(category__isnull=False)
        .order_by(*REGISTER_ORDER, "category__order", "category__pk")
        .values_list("pk", "category__pk").iterator(chunk_size=CHUNK)
    )

    def primary(rows):
        _child, name, relation, situation, phone = rows[0]
        return {"name": name, "relation": relation, "situation": situation, "phone": decrypt(phone) if phone else ""}

    guardian_of = _following((pk, primary(list(rows))) for pk, rows in groupby(guardians, key=itemgetter(0)))
    categories_of = _following(
        (pk, [names[category] for _child, category in rows]) for pk, rows in groupby(links, key=itemgetter(0))
    )
    return base.values(*CHILD_FIELDS).iterator(chunk_size=CHUNK), guardian_of, categories_of


def _row_maker():
    """ID and phone numbers masked for every role, the station's too: no unredacted export (DESIGN.md §3)."""
    labels = {field: choice_labels(Child, field) for field in ("sex", "schooling", "tier", "status")}
    labels |= {f"guardian_{field}": choice_labels(Guardian, field) for field in ("relation", "situation")}
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
            mask_id_number(child["id_number"]), child["village__name"],
            child["address"], child["school"], child["grade"], label("schooling", child["schooling"]),
            series(categories), child["disability"],
            guardian["name"], label("guardian_relation", guardian["relation"]),
            label("guardian_situation", guardian["situation"]), mask_phone(phone),
            yes if child["entrusted_guardianship_confirmed"] else no, label("tier", child["tier"]),
            label("status", child["status"]), child["last_assessed_on"], yes if child["overdue_reassessment"] else "",
            child["last_visit_on"], child["next_visit_due"], child["registered_on"],
        ]

    return row


def child_ledger(children, *, exported: list | None = None):
    """`children`: the filtered register (cases.selectors.register_for, annotated with overdue_reassessment).

    The pks of the rows written are appended to `exported` (for the access log) while the file is built.
    """
    row = _row_maker()

    def rows():
        children_rows, guardian_of, categories_of = _streams(children)
        for number, child in enumerate(children_rows, start=1):
            if exported is not None:
                exported.append(child["pk"])
            yield row(number, child, guardian_of(child["pk"]) or None, categories_of(child["pk"]))

    filename = f"儿童信息台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [_(title) for title in HEADER], rows())


# --- 帮扶转介台账 ---------------------------------------------------------------------------------------------------

REFERRAL_HEADER = [
    gettext_noop("序号"), gettext_noop("转介时间"), gettext_noop("儿童姓名"), gettext_noop("年龄"),
    gettext_noop("所属村(社区)"), gettext_noop("接收部门"), gettext_noop("转介事由"), gettext_noop("紧急"),
    gettext_noop("办理期限"), gettext_noop("状态"), gettext_noop("已逾期"), gettext_noop("接收时间"),
    gettext_noop("部门回复"), gettext_noop("退回理由"), gettext_noop("办结/退回时间"),
]


# Only the columns written: the child's name, birth date (for the age) and village, never its encrypted identifiers.
REFERRAL_FIELDS = (
    "child_id", "created_at", "child__name", "child__birth_date", "child__village__name", "office_id", "reason",
    "urgent", "due_date", "status", "accepted_at", "response", "return_reason", "closed_at",
)


def referral_ledger(referrals, *, exported: list | None = None):
    """`referrals`: the rows of the referral list (cases.selectors.referral_list_for, a queryset), with only the
    child data that list shows: name, age and village; only the columns written are read, in chunks. The child id of
    each row is appended to `exported` (for the access log) while the file is built."""
    statuses = choice_labels(Referral, "status")
    offices = {office.pk: str(office) for office in Office.objects.all()}  # names in the active language
    yes = _("是")
    today = timezone.localdate()
    values = referrals.prefetch_related(None).values_list(*REFERRAL_FIELDS).iterator(chunk_size=CHUNK)

    def rows():
        for number, (child, created_at, name, born, village, office, reason, urgent, due_date, status, accepted_at,
                     response, return_reason, closed_at) in enumerate(values, start=1):
            if exported is not None:
                exported.append(child)
            overdue = status in Referral.OPEN_STATUSES and due_date < today  # Referral.is_overdue
            yield [
                number, created_at, name, _age(born, today), village, offices.get(office, ""), reason,
                yes if urgent else "", due_date, statuses.get(status, status), yes if overdue else "", accepted_at,
                response, return_reason, closed_at,
            ]

    filename = _("帮扶转介台账") + f"-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(filename, [_(title) for title in REFERRAL_HEADER], rows())
