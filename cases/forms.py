"""Forms of the cases app. Identifiers are never pre-filled in clear: a blank field keeps the stored value."""


from django import forms
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from registry.access import is_station, villages_changeable_by
from registry.fields import PhoneFormField
from registry.models import Office, User
from registry.privacy import mask_id_number, mask_phone
from registry.selectors import directors_of, office_codes_with_staff
from registry.validators import normalize_id_number, validate_id_number, validate_phone
from zhanpu.drafts import SubmissionKeyFormField, filed_once_key
from zhanpu.formfields import ModelMultipleChoiceField
from zhanpu.text import labelled, with_note
from zhanpu.widgets import DateInput

from .models import Child, Guardian, Intervention, MandatoryReport, RiskIndicator, RiskTier, TierThreshold
from .models.children import TIER_ORDER
from .selectors import children_visible_to, similar_children

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})
# One line, 18 characters and the blanks or dashes of a number typed in groups (normalize_id_number drops them)
ID_NUMBER = forms.TextInput(attrs={"autocomplete": "off", "maxlength": 24})


def confirm_not_duplicate_field() -> forms.BooleanField:
    """The tick that lets a file be saved next to a child with the same name and birth date (check_similar_children)."""
    return forms.BooleanField(label=_("我已核实：这不是镇内已登记的同名、同出生日期儿童"), required=False)


def check_similar_children(form: forms.ModelForm, cleaned: dict, *, user) -> None:
    """一人一档: ask to confirm a file whose name and birth date another child's file in the township already has.

    Call from the form's clean(); the form has a `confirm_not_duplicate` field (confirm_not_duplicate_field). Sets
    `form.similar` (those children) and `form.visible_similar` (the pks of those `user` may open) for the page's
    warning. An edit that keeps the file's name and birth date is not asked again.
    """
    form.similar, form.visible_similar = [], set()
    name, born = cleaned.get("name"), cleaned.get("birth_date")
    instance = form.instance  # not yet updated from the form: clean() runs before the instance is built
    if not (name and born) or (instance.pk and (name, born) == (instance.name, instance.birth_date)):
        return
    form.similar = list(similar_children(name=name, birth_date=born, exclude_pk=instance.pk))
    ids = [other.pk for other in form.similar]
    form.visible_similar = set(children_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    if form.similar and not cleaned.get("confirm_not_duplicate"):
        form.add_error("confirm_not_duplicate", _(
            "镇内已有 %(count)d 名同名且出生日期相同的儿童。请核实不是同一儿童后勾选此项再保存。"
        ) % {"count": len(form.similar)})


class ChildPlacementMixin:
    """The village and 负责儿童主任 fields of a child's form, for the portal's and the admin's: villages `user` may
    change and their child directors. A responsible director who has since left stays shown, chosen: saving then asks
    for a successor instead of the browser sending the list's blank and dropping them."""

    def limit_placement(self, user) -> None:
        self.fields["village"].queryset = villages_changeable_by(user)
        self.directors = directors = directors_of(villages_changeable_by(user).values("pk"))
        former = self.instance.responsible_director_id if self.instance.pk else None
        field = self.fields["responsible_director"]
        field.queryset = (
            User.objects.filter(Q(pk__in=directors.values("pk")) | Q(pk=former)).order_by("real_name", "username")
            if former else directors
        )
        field.error_messages["invalid_choice"] = _(
            "这位儿童主任已不在本村（社区）工作或账号已停用，请重新选择负责儿童主任。")

    def clean_responsible_director(self):
        director = self.cleaned_data.get("responsible_director")
        if director is not None and not self.directors.filter(pk=director.pk).exists():
            field = self.fields["responsible_director"]
            raise forms.ValidationError(field.error_messages["invalid_choice"], code="invalid_choice")
        return director


class RegistrationDateMixin:
    """建档日期 of a new file, for the portal's two registration forms (a child's, and one opened from a hotline
    intake): blank is today. (Child.clean refuses a future date or one before the birth date.)"""

    def offer_registration_date(self) -> None:
        field = self.fields["registered_on"]
        field.required = False
        field.help_text = _("默认今天。先入户走访或摸底排查、后建档的，可填写首次走访的日期，以便补录该次走访。")

    def clean_registered_on(self):
        return self.cleaned_data.get("registered_on") or timezone.localdate()


class ChildForm(ChildPlacementMixin, RegistrationDateMixin, forms.ModelForm):
    """Registering or editing a child. The registration date (建档日期) is chosen on registration only: the visit and
    reassessment schedule starts from it, so it is read-only afterwards. Only the station may clear a stored ID
    number (e.g. a sibling's number typed by mistake, which blocks the real owner's registration)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    clear_id_number = forms.BooleanField(label=_("清除身份证号码"), required=False, help_text=_(
        "号码录错时勾选（例如录成了兄弟姐妹的号码）：保存后本档案不再有身份证号码。修改记录会保留这次清除。"))
    confirm_not_duplicate = confirm_not_duplicate_field()
    field_order = ["name", "sex", "birth_date", "id_number", "clear_id_number"]

    class Meta:
        model = Child
        fields = [
            "name", "sex", "birth_date", "id_number", "village", "address", "school", "grade", "schooling",
            "disability", "categories", "entrusted_guardianship_confirmed", "lawful_basis", "responsible_director",
            "registered_on",
        ]
        widgets = {
            "birth_date": DATE, "registered_on": DATE,
            "id_number": ID_NUMBER,
            "categories": forms.CheckboxSelectMultiple, "lawful_basis": TEXT,
        }
        field_classes = {"categories": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.limit_placement(user)
        if not self.instance.pk and self.directors.filter(pk=user.pk).exists():
            self.initial.setdefault("responsible_director", user.pk)  # a director registers the children they visit
        self.similar: list[Child] = []
        self.visible_similar: set[int] = set()
        registered_on = self.fields["registered_on"]
        if self.instance.pk:
            self.initial["id_number"] = ""
            self.initial["version"] = self.instance.version
            current = mask_id_number(self.instance.id_number) or _("未登记")
            self.fields["id_number"].help_text = _("当前：%(masked)s。留空则保持不变。") % {"masked": current}
            registered_on.disabled = True  # shown, never taken from the POST
            registered_on.help_text = _("建档后不能修改。")
        else:
            self.offer_registration_date()
        if not (self.instance.pk and self.instance.id_number and is_station(user)):
            del self.fields["clear_id_number"]  # the station's, and only when a number is stored

    def clean_id_number(self):
        value = normalize_id_number(self.cleaned_data.get("id_number"))
        if not value and self.instance.pk:
            return self.instance.id_number
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clear_id_number"):
            if self.data.get(self.add_prefix("id_number"), "").strip():
                self.add_error("clear_id_number", _("请填写新的身份证号码或勾选清除，不要同时进行。"))
            else:
                cleaned["id_number"] = ""  # saved by update_child; the child's history records the change
        check_similar_children(self, cleaned, user=self.user)
        return cleaned


class IdNumberLookupForm(forms.Form):
    """Find a child by ID number. Sent by POST: an ID number never goes into an address, a server log or the
    browser's history."""

    id_number = forms.CharField(  # its length is checked as stored, not as typed in groups (validate_id_number)
        label=_("身份证号码"), validators=[validate_id_number],
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 24, "inputmode": "text"}),
    )

    def clean_id_number(self):
        return normalize_id_number(self.cleaned_data["id_number"])


class GuardianForm(forms.ModelForm):
    clear_phone = forms.BooleanField(label=_("删除已存的联系电话"), required=False)

    class Meta:
        model = Guardian
        fields = ["relation", "name", "phone", "situation", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.phone:
            self.initial["phone"] = ""
            self.fields["phone"].widget.attrs["placeholder"] = mask_phone(self.instance.phone)
            self.fields["phone"].help_text = _("留空则保持不变。")
        else:
            del self.fields["clear_phone"]  # nothing stored to delete

    def clean_phone(self):
        value = self.cleaned_data.get("phone") or ""
        if not value and self.instance.pk:
            return self.instance.phone
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clear_phone"):
            if self.data.get(self.add_prefix("phone"), "").strip():
                self.add_error("clear_phone", _("请填写新号码或勾选删除，不要同时进行。"))
            else:
                cleaned["phone"] = ""
        return cleaned


GuardianFormSet = inlineformset_factory(
    Child, Guardian, form=GuardianForm, extra=1, can_delete=True, max_num=10, validate_max=True
)


def guardian_values(formset) -> list[dict]:
    """The new guardians typed into a valid GuardianFormSet, for register_child(guardians=...): rows left blank or
    ticked for deletion are skipped."""
    fields = ["relation", "name", "phone", "situation", "is_primary"]
    return [
        {field: form.cleaned_data[field] for field in fields}
        for form in formset.forms
        if form.has_changed() and not form.cleaned_data.get("DELETE")
    ]


class FiledOnceForm(forms.Form):
    """A form that files one record however often it is sent (its answer lost on a weak connection, a double tap):
    the page carries a submission key (zhanpu/drafts), sent with the form and stored with the record, so that the
    service finds the record the same key stored (store_once) rather than filing a second one."""

    submission_key = SubmissionKeyFormField()

    def filed_once(self, *, by, child) -> dict:
        """The cleaned data for the service, with its submission key. A form sent without one (a page opened before
        the form had one) gets a key made from who sent it, for which child, on which day and with what input: sent
        twice that day, it still files once (zhanpu.drafts.filed_once_key)."""
        return {**self.cleaned_data, "submission_key": filed_once_key(self, by=by, about={"child": child})}


class IndicatorChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        mark = _("【紧急】") if obj.is_emergency else ""
        return with_note(f"{mark}{labelled(obj.get_domain_display(), obj.text)}", obj.weight)


class AssessmentForm(FiledOnceForm):
    assessed_on = forms.DateField(label=_("评估日期"), widget=DATE, initial=timezone.localdate)
    indicators = IndicatorChoiceField(
        label=_("存在的风险情形"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=RiskIndicator.objects.filter(is_active=True).order_by("order", "pk"),
    )
    override_tier = forms.ChoiceField(
        label=_("人工调整等级"), required=False, choices=[("", _("不调整（按得分）"))] + list(RiskTier.choices),
    )
    override_reason = forms.CharField(label=_("调整理由"), required=False, widget=TEXT)
    notes = forms.CharField(label=_("评估说明"), required=False, widget=TEXT)


class InterventionForm(FiledOnceForm):
    """The fields of Intervention as the model defines them (labels, choices, lengths)."""

    kind = Intervention._meta.get_field("kind").formfield()
    done_on = Intervention._meta.get_field("done_on").formfield(widget=DATE)
    done_by = Intervention._meta.get_field("done_by").formfield()
    notes = Intervention._meta.get_field("notes").formfield(widget=TEXT)


class NoteForm(FiledOnceForm):
    text = forms.CharField(label=_("备注"), widget=TEXT, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=TEXT, required=False, max_length=2000)


class MergeForm(forms.Form):
    """Both files' versions as the page showed them: a file changed since is not merged unseen."""

    reason = forms.CharField(label=_("合并理由"), widget=TEXT, max_length=2000,
                             help_text=_("例如：核对户籍信息，确为同一名儿童重复建档。"))
    keep_version = forms.IntegerField(widget=forms.HiddenInput)
    duplicate_version = forms.IntegerField(widget=forms.HiddenInput)


class OfficeField(forms.ModelChoiceField):
    """An office to refer a child to; one without active staff says so in the list (a referral to it is refused:
    no one would receive it, cases.services.referrals)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Office.objects.all(), **kwargs)

    @cached_property
    def staffed(self) -> set[str]:
        return office_codes_with_staff()

    def label_from_instance(self, office):
        return str(office) if office.code in self.staffed else _("%(office)s（暂无账号）") % {"office": office}


class ReferralForm(FiledOnceForm):
    office = OfficeField(label=_("接收部门"))
    reason = forms.CharField(label=_("转介事由"), widget=TEXT, max_length=2000)
    urgent = forms.BooleanField(label=_("紧急"), required=False)
    due_date = forms.DateField(label=_("办理期限"), widget=DATE, required=False, help_text=_("留空按默认期限。"))


class ReferralResponseForm(forms.Form):
    """Accepting, answering or completing a referral; `version` as the page showed it (cases.services.referrals)."""

    response = forms.CharField(label=_("回复/办理情况"), widget=TEXT, required=False, max_length=4000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReferralReturnForm(ReasonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MandatoryReportForm(FiledOnceForm):
    reporter_kind = forms.ChoiceField(label=_("报告主体"), choices=MandatoryReport.ReporterKind.choices)
    situations = forms.MultipleChoiceField(
        label=_("报告情形"), choices=MandatoryReport.Situation.choices, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("情况摘要"), widget=TEXT, max_length=4000)
    reporter_name = forms.CharField(label=_("报告人姓名（保密）"), required=False, max_length=50)
    reporter_phone = PhoneFormField(label=_("报告人电话（保密）"), required=False, validators=[validate_phone])


class BilingualTextForm(forms.ModelForm):
    """A model form editing one text of reference data in both languages (django-modeltranslation's <text>_zh_hans
    and <text>_en): the Chinese one required (without English, English pages show the Chinese), and kept in the
    untranslated column too. `text_field`: the text's name."""

    text_field = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[f"{self.text_field}_zh_hans"].required = True

    def save(self, commit=True):
        with translation.override("zh-hans"):  # the untranslated column keeps the Chinese text too
            setattr(self.instance, self.text_field, self.cleaned_data[f"{self.text_field}_zh_hans"])
        return super().save(commit)


class IndicatorForm(BilingualTextForm):
    """One checklist item, its text in both languages."""

    text_field = "text"

    class Meta:
        model = RiskIndicator
        fields = ["domain", "text_zh_hans", "text_en", "weight", "is_emergency", "is_active", "order"]
        labels = {"text_zh_hans": _("指标（中文）"), "text_en": _("指标（英文）")}


IndicatorFormSet = forms.modelformset_factory(RiskIndicator, form=IndicatorForm, extra=1)


class ThresholdForm(BilingualTextForm):
    """One tier: its minimum score and its response (应对措施) in both languages."""

    text_field = "response"

    class Meta:
        model = TierThreshold
        fields = ["tier", "min_score", "response_zh_hans", "response_en"]
        labels = {"response_zh_hans": _("应对措施（中文）"), "response_en": _("应对措施（英文）")}


class BaseThresholdFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", TierThreshold.objects.all())
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        scores = {form.cleaned_data["tier"]: form.cleaned_data["min_score"] for form in self.forms if form.cleaned_data}
        ordered = [scores[tier] for tier in TIER_ORDER if tier in scores]
        if ordered != sorted(ordered, reverse=True) or len(set(ordered)) != len(ordered):
            raise forms.ValidationError(_("分数线须按 红 > 橙 > 黄 > 绿 依次递减。"))


ThresholdFormSet = forms.modelformset_factory(
    TierThreshold, form=ThresholdForm, formset=BaseThresholdFormSet, extra=0,
)
