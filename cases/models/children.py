import re
import unicodedata
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords

from registry.fields import EncryptedPhoneNumberField
from registry.models import Village
from registry.validators import birth_date_from_id, normalize_id_number, validate_id_number
from zhanpu.crypto import EncryptedTextField, keyed_hash


class RiskTier(models.TextChoices):
    """Four colour tiers (DESIGN.md §4), most urgent first."""

    RED = "red", _("红")
    ORANGE = "orange", _("橙")
    YELLOW = "yellow", _("黄")
    GREEN = "green", _("绿")


TIER_ORDER = [RiskTier.RED, RiskTier.ORANGE, RiskTier.YELLOW, RiskTier.GREEN]


class ChildCategory(models.Model):
    """A protection category (孤儿, 农村留守儿童 …); seeded by a data migration, renamed and reordered
    in the admin by the leadership group and the admin (registry/admin_reference.py)."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("儿童类别")
        verbose_name_plural = _("儿童类别")
        ordering = ["order"]

    def __str__(self):
        return self.name


# Surnames read otherwise than the character's everyday reading, which is the one pypinyin gives (多音字姓氏):
# 曾 is Zēng as a surname and céng in 曾经. The first character of a name is read both ways, so that a name typed in
# pinyin or with a same-sounding character (增小明) finds the child whichever reading the typist had in mind.
SURNAME_READINGS = {
    "曾": ("zeng",), "单": ("shan", "chan"), "解": ("xie",), "仇": ("qiu",), "区": ("ou",), "朴": ("piao",),
    "查": ("zha",), "覃": ("qin",), "尉": ("yu",), "缪": ("miao",), "乐": ("yue",), "盖": ("ge",), "召": ("shao",),
    "种": ("chong",), "秘": ("bi",), "繁": ("po",), "员": ("yun",), "长": ("chang",), "能": ("nai",),
    "祭": ("zhai",), "句": ("gou",), "阚": ("kan",), "折": ("she",), "谌": ("shen",), "隗": ("wei",),
    "翟": ("zhai",), "郇": ("xun",), "黑": ("he",), "牟": ("mu",), "费": ("bi",), "佴": ("nai",), "乜": ("nie",),
    "都": ("du",), "藏": ("zang",), "蕃": ("pi",), "重": ("chong",), "薄": ("bo",), "洗": ("xian",),
    "逢": ("pang",), "禅": ("shan",),
}


def name_readings(name: str) -> list[tuple[str, str]]:
    """A name's pinyin as (full, initials) pairs, pypinyin's reading first, then the surname's other readings:
    '曾小明' → [('cengxiaoming', 'cxm'), ('zengxiaoming', 'zxm')]; '张三' → [('zhangsan', 'zs')]."""
    syllables = lazy_pinyin(name)
    letters = lazy_pinyin(name, style=Style.FIRST_LETTER)
    readings = [("".join(syllables).lower(), "".join(letters).lower())]
    for surname in SURNAME_READINGS.get(name[:1], ()):
        reading = (surname + "".join(syllables[1:]).lower(), surname[0] + "".join(letters[1:]).lower())
        if reading not in readings:
            readings.append(reading)
    return readings


def syllable_readings(name: str) -> list[str]:
    """A name's pinyin syllables, space-separated, in each reading of its surname: '曾小明' → ['ceng xiao ming',
    'zeng xiao ming']."""
    syllables = [syllable.lower() for syllable in lazy_pinyin(name)]
    readings = [" ".join(syllables)]
    for surname in SURNAME_READINGS.get(name[:1], ()):
        reading = " ".join([surname, *syllables[1:]])
        if reading not in readings:
            readings.append(reading)
    return readings


def pinyin_key(name: str) -> str:
    """' zhangsan zs zhang san ': full pinyin and initials, for searches typed in pinyin, and the syllables, for a
    search typed in characters to match whole syllables (sounds_like); a polyphonic surname adds its other readings:
    '曾小明' → ' cengxiaoming cxm zengxiaoming zxm ceng xiao ming zeng xiao ming '. Spaces at both ends: every syllable
    stands between two."""
    name = (name or "").strip()
    (full, initials), *others = name_readings(name)
    parts = [full, initials]
    for part in [*(part for reading in others for part in reading), *syllable_readings(name)]:
        if part not in parts:
            parts.append(part)
    return f" {' '.join(parts).strip()}"[:199] + " "  # Child.name_pinyin: a long name's tail is lost, never the save


def typed_name(value: str) -> str:
    """A name as typed into a search box, as names are stored: full-width letters as plain ones, no blanks inside
    or around ("张　三", "ｚｈａｎｇ ｓａｎ")."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or ""))


def in_characters(typed: str) -> bool:
    """Whether `typed` holds Chinese characters (else it is pinyin, or digits)."""
    return re.search(r"[\u4e00-\u9fff]", typed) is not None


def sounds_like(typed: str) -> Q:
    """Children whose name holds the syllables of `typed` (characters) in a row, in some reading of its surname: 李
    finds 李强 and 黎明 (li), not 刘洋 (liu), whose pinyin only contains the letters."""
    return reduce(or_, (Q(name_pinyin__contains=f" {reading} ") for reading in syllable_readings(typed)))


ADULT_AGE = 18  # 未成年人: under 18 (未成年人保护法 第二条)


class Child(models.Model):
    """一人一档: one record per child."""

    class Sex(models.TextChoices):
        MALE = "M", _("男")
        FEMALE = "F", _("女")

    class Schooling(models.TextChoices):
        IN_SCHOOL = "in_school", _("在学")
        DROPPED_OUT = "dropped_out", _("辍学")
        NOT_ENROLLED = "not_enrolled", _("未入学")
        PRESCHOOL = "preschool", _("学龄前")

    class Status(models.TextChoices):
        OPEN = "open", _("在册跟进")
        CLOSING = "closing", _("待审批结案")
        CLOSED = "closed", _("已结案")

    # The cases still visited: one waiting for the station's approval to close is followed up until it is closed.
    FOLLOWED_UP = (Status.OPEN, Status.CLOSING)

    name = models.CharField(_("姓名"), max_length=50)
    # Searched with "contains" (LIKE '%…%'), which a btree never serves: a trigram index on PostgreSQL (cases 0026).
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, blank=True, editable=False)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("身份证号码"), blank=True)
    id_number_hash = models.CharField(max_length=64, blank=True, editable=False)
    village = models.ForeignKey(
        Village, verbose_name=_("所属村(社区)"), on_delete=models.PROTECT, related_name="children"
    )
    address = models.CharField(_("住址"), max_length=200, blank=True)
    school = models.CharField(_("学校"), max_length=100, blank=True)
    grade = models.CharField(_("年级"), max_length=20, blank=True)
    schooling = models.CharField(_("就学状况"), max_length=20, choices=Schooling.choices, default=Schooling.IN_SCHOOL)
    disability = models.CharField(_("残疾情况"), max_length=100, blank=True)
    categories = models.ManyToManyField(ChildCategory, verbose_name=_("儿童类别"), blank=True, related_name="children")
    entrusted_guardianship_confirmed = models.BooleanField(_("已签委托监护确认书"), default=False)
    lawful_basis = models.TextField(
        _("处理依据/同意说明"), blank=True,
        help_text=_("依据《未成年人保护法》及监护人同意情况，说明为何收集该儿童信息。"),
    )
    status = models.CharField(_("个案状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    tier = models.CharField(_("风险等级"), max_length=10, choices=RiskTier.choices, blank=True, db_index=True)
    last_assessed_on = models.DateField(_("最近评估日期"), null=True, blank=True)
    needs_reassessment = models.BooleanField(_("需要重新评估"), default=False)
    last_visit_on = models.DateField(_("最近家访日期"), null=True, blank=True)
    next_visit_due = models.DateField(_("下次家访截止日期"), null=True, blank=True)
    # A visit due within a day (a new file, or a child moved to 红), until a visit is made: next_visit_due is never
    # later than it, whatever re-plans the child meanwhile (visits.services.replan_child).
    urgent_visit_by = models.DateField(_("紧急家访截止日期"), null=True, blank=True, editable=False)
    # The day a closed case was last reopened: visits made before it do not count toward the schedule, which starts
    # again as for a new file (visits.services.next_visit_due), rather than from a date while the case was closed.
    reopened_on = models.DateField(_("重新开案日期"), null=True, blank=True, editable=False)
    registered_on = models.DateField(_("建档日期"), default=timezone.localdate)
    # who in the village's workroom visits this child [四(一)] (cases.services.children checks they direct its village)
    responsible_director = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("负责儿童主任"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children_in_charge", help_text=_("本村（社区）负责该儿童家访和跟进的儿童主任。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("建档人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # set when the station merged this file into another one (the same child registered twice): see merge_children
    merged_into = models.ForeignKey(
        "self", verbose_name=_("已合并至"), null=True, blank=True, editable=False, on_delete=models.PROTECT,
        related_name="merged_files",
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    # m2m_fields: each history row also keeps the child's categories then (audit.selectors shows what changed)
    history = HistoricalRecords(excluded_fields=["id_number", "name_pinyin", "version"], m2m_fields=[categories])

    class Meta:
        verbose_name = _("儿童")
        verbose_name_plural = _("儿童")
        ordering = ["village__order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_number_hash"], condition=~models.Q(id_number_hash=""), name="unique_child_id_number"
            ),
        ]
        indexes = [
            models.Index(fields=["next_visit_due"], condition=models.Q(status__in=["open", "closing"]),
                         name="child_open_due_idx"),
            models.Index(fields=["village", "status", "next_visit_due"], name="child_village_due_idx"),
            # covering: the dashboard counts children per village, tier and due state from the index alone
            models.Index(fields=["village"], name="child_figures_idx", include=[
                "id", "status", "tier", "next_visit_due", "last_assessed_on", "registered_on", "needs_reassessment",
            ]),
            # the dashboard's count by category leaves out the links of the few children off the register
            models.Index(fields=["id"], condition=~models.Q(status="open"), name="child_off_register_idx"),
            # likely duplicates (the same name and birth date) among the files not merged away: the registration
            # warning and the station's review, which counts and pages its groups from the index alone (with the id;
            # SQLite builds it without the INCLUDE). The name searches' trigram indexes: cases/migrations/0026.
            models.Index(fields=["name", "birth_date"], include=["id"], condition=models.Q(merged_into__isnull=True),
                         name="child_dup_idx"),
            # reassessment reminders: cases whose last assessment (or, never assessed, registration) is a range ago
            models.Index(fields=["last_assessed_on"], condition=~models.Q(status="closed"),
                         name="child_reassess_due_idx"),
            models.Index(fields=["registered_on"], condition=~models.Q(status="closed") & models.Q(
                last_assessed_on__isnull=True), name="child_unassessed_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # Derived columns only; business rules live in cases/services.py.
        self.id_number = normalize_id_number(self.id_number)
        self.id_number_hash = keyed_hash(self.id_number) if self.id_number else ""
        self.name_pinyin = pinyin_key(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        self.id_number = normalize_id_number(self.id_number)
        if self.id_number:
            try:
                validate_id_number(self.id_number)
            except ValidationError as error:
                raise ValidationError({"id_number": error.messages}) from None
            if self.birth_date and birth_date_from_id(self.id_number) != self.birth_date:
                raise ValidationError({"birth_date": _("出生日期与身份证号码不一致。")})
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("出生日期不能晚于今天。")})
        # The registration date is chosen on registration only (ChildForm): afterwards it is read-only, so an error
        # on an existing file is the birth date's.
        if self._state.adding and self.registered_on and self.registered_on > timezone.localdate():
            raise ValidationError({"registered_on": _("建档日期不能晚于今天。")})
        if self.birth_date and self.registered_on and self.registered_on < self.birth_date:
            if self._state.adding:
                raise ValidationError({"registered_on": _("建档日期不能早于出生日期。")})
            raise ValidationError({"birth_date": _("出生日期不能晚于建档日期。")})
        if self.birth_date and self.registered_on and self.age_on(self.registered_on) >= ADULT_AGE:
            raise ValidationError({"birth_date": _(
                "建档时已满 18 周岁：未成年人保护档案只收录未满 18 周岁的儿童，请核对出生日期。")})

    def age_on(self, day) -> int:
        born = self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    @property
    def age(self) -> int:
        return self.age_on(timezone.localdate())

    @property
    def is_adult(self) -> bool:
        """Turned 18 since the file was opened: no longer a minor, the case is to be closed (or referred on)."""
        return self.age >= ADULT_AGE


class Guardian(models.Model):
    class Relation(models.TextChoices):
        FATHER = "father", _("父亲")
        MOTHER = "mother", _("母亲")
        GRANDPARENT = "grandparent", _("祖父母/外祖父母")
        SIBLING = "sibling", _("兄姐")
        RELATIVE = "relative", _("其他亲属")
        ENTRUSTED = "entrusted", _("受委托照护人")
        INSTITUTION = "institution", _("机构")
        OTHER = "other", _("其他")

    class Situation(models.TextChoices):
        PRESENT = "present", _("在家履职")
        MIGRANT = "migrant", _("外出务工")
        PRISON = "prison", _("服刑")
        DETOX = "detox", _("强制隔离戒毒")
        SEVERE_ILLNESS = "severe_illness", _("重残重病")
        DECEASED = "deceased", _("死亡")
        MISSING = "missing", _("失联")
        OTHER = "other", _("其他")

    child = models.ForeignKey(Child, verbose_name=_("儿童"), on_delete=models.CASCADE, related_name="guardians")
    relation = models.CharField(_("关系"), max_length=20, choices=Relation.choices)
    name = models.CharField(_("姓名"), max_length=50)
    phone = EncryptedPhoneNumberField(_("联系电话"), blank=True)
    # Kept in the history in the number's stead: a number entered, replaced or cleared shows there as such.
    phone_hash = models.CharField(max_length=64, blank=True, editable=False)
    situation = models.CharField(_("状况"), max_length=20, choices=Situation.choices, default=Situation.PRESENT)
    is_primary = models.BooleanField(_("主要监护人"), default=False)
    history = HistoricalRecords(excluded_fields=["phone"])

    class Meta:
        verbose_name = _("监护人")
        verbose_name_plural = _("监护人")
        ordering = ["-is_primary", "pk"]

    def __str__(self):
        return f"{self.get_relation_display()} {self.name}"

    def save(self, *args, **kwargs):
        self.phone_hash = keyed_hash(self.phone) if self.phone else ""
        super().save(*args, **kwargs)
