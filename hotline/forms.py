import uuid

from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.forms import (
    ID_NUMBER,
    ChildPlacementMixin,
    FiledOnceForm,
    RegistrationDateMixin,
    check_similar_children,
    confirm_not_duplicate_field,
)
from cases.models import Child, MandatoryReport
from registry.models import Village
from registry.privacy import mask_phone
from zhanpu.drafts import SubmissionKeyFormField
from zhanpu.formfields import ModelMultipleChoiceField
from zhanpu.widgets import DATETIME_FORMAT, DateInput, DateTimeInput

from .models import CallIntake, HotlineCall
from .services import SUGGESTED_SITUATIONS


def local_now() -> str:
    return timezone.localtime().strftime(DATETIME_FORMAT)


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on a field when the form has it, else at the top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


VALID_TYPES = [(value, label) for value, label in HotlineCall.CallType.choices if not value.startswith("invalid_")]


class CallForm(forms.ModelForm):
    """The logging page, in the order the operator fills it while the caller is on the line."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    submission_key = SubmissionKeyFormField()  # a new call only (zhanpu/drafts)

    class Meta:
        model = HotlineCall
        fields = [
            "received_at", "call_type", "caller_relation", "caller_phone", "urgency", "categories", "summary",
            "action", "office", "duration_minutes",
        ]
        widgets = {
            "received_at": DateTimeInput(),
            "call_type": forms.RadioSelect,
            "caller_relation": forms.RadioSelect,
            "urgency": forms.RadioSelect,
            "categories": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "duration_minutes": forms.NumberInput(attrs={"min": 0, "max": 600}),
        }
        field_classes = {"categories": ModelMultipleChoiceField}

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
        # Radio groups without the "---------" blank; the model says which are required for a valid call.
        self.fields["call_type"].choices = HotlineCall.CallType.choices if editing else VALID_TYPES
        self.fields["caller_relation"].choices = HotlineCall.CallerRelation.choices
        self.fields["urgency"].choices = HotlineCall.Urgency.choices
        self.fields["call_type"].widget.attrs["autofocus"] = True
        self.fields["version"].initial = self.instance.version
        if editing:
            del self.fields["submission_key"]
        else:  # the earlier calls from the number appear under it as it is typed (views.calls.caller_history)
            self.fields["caller_phone"].widget.attrs.update({
                "hx-post": reverse("hotline:caller_history"), "hx-trigger": "keyup changed delay:500ms, change",
                "hx-params": "caller_phone", "hx-target": "#caller-history", "hx-swap": "innerHTML",
            })
        self.keeps_phone = editing and bool(self.instance.caller_phone)
        if self.keeps_phone:
            # Never send the whole number back to the browser: blank keeps it, a new number replaces it.
            self.initial["caller_phone"] = ""
            self.fields["caller_phone"].help_text = _("当前号码 %(masked)s；留空则保留，填写新号码则替换。") % {
                "masked": mask_phone(self.instance.caller_phone)
            }
        self.helper = FormHelper()
        self.helper.form_tag = False
        hidden = [name for name in ("version", "submission_key") if name in self.fields]
        history = [] if editing else [HTML('<div id="caller-history" aria-live="polite"></div>')]
        self.helper.layout = Layout(
            "received_at", InlineRadios("call_type"), InlineRadios("caller_relation"), "caller_phone", *history,
            InlineRadios("urgency"), InlineCheckboxes("categories"), "summary", "action", "office",
            "duration_minutes", *hidden,
        )

    def clean_received_at(self):
        """The page shows the time to the minute: sent back unchanged, a time stored with seconds (an invalid call,
        logged by its button at that instant) keeps them."""
        value = self.cleaned_data.get("received_at")
        stored = self.instance.received_at if self.instance.pk else None
        if value and stored and value == stored.replace(second=0, microsecond=0):
            return stored
        return value

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("categories", None)
        if self.keeps_phone and not data.get("caller_phone"):
            data.pop("caller_phone", None)
        return data


class CallbackForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    callback_at = forms.DateTimeField(
        label=_("回访时间"), widget=DateTimeInput(), input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
    )
    callback_result = forms.CharField(label=_("回访结果"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, call: HotlineCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = call.version
        self.fields["callback_at"].initial = local_now()


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.CharField(label=_("办理结果"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, call: HotlineCall, **kwargs):
        kwargs.setdefault("auto_id", "id_close_%s")  # shown next to CallbackForm, which also has `version`
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = call.version


class FeedbackForm(FiledOnceForm):
    """办理反馈, filed once however often it is sent (its submission key, zhanpu/drafts)."""

    text = forms.CharField(label=_("办理情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, call: HotlineCall, **kwargs):
        kwargs.setdefault("auto_id", "id_feedback_%s")
        super().__init__(*args, **kwargs)
        self.call = call

    def service_fields(self, *, by) -> dict:
        """The text and submission key for add_call_feedback; a form sent without a key gets one made from who
        sent what about this call on which day (FiledOnceForm.filed_once: the call is the record it is about)."""
        return self.filed_once(by=by, child=self.call)


class InvalidCallForm(forms.Form):
    """One of the invalid-call buttons of the logging page (沉默/挂断/骚扰/打错), with the submission key made when
    the page was shown: a double tap logs one call (hotline.services.log_invalid_call)."""

    call_type = forms.CharField(widget=forms.HiddenInput, required=False)
    submission_key = SubmissionKeyFormField()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", False)  # one form per button, next to the call form and its own key
        super().__init__(*args, **kwargs)

    def submission_key_for(self, by) -> uuid.UUID:
        """The key the button sent. A page shown before the buttons had one sends none (or a bad one): a key made
        from who pressed which button in which minute, so that a double tap still logs one call."""
        if self.is_valid() and self.cleaned_data["submission_key"] is not None:
            return self.cleaned_data["submission_key"]
        minute = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
        return uuid.uuid5(uuid.NAMESPACE_OID, "|".join(map(str, (
            type(self).__name__, by.pk, self.data.get("call_type", ""), minute))))


class ChildSearchForm(forms.Form):
    name = forms.CharField(label=_("儿童姓名（汉字或拼音）"), max_length=50)
    birth_year = forms.IntegerField(label=_("出生年份"), required=False, min_value=1990, max_value=2100)
    village = forms.ModelChoiceField(label=_("所属村(社区)"), queryset=Village.objects.all(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autofocus"] = True


class IntakeForm(forms.ModelForm):
    """Shown next to ChildSearchForm (same field names): its own ids so that labels point at its fields."""

    class Meta:
        model = CallIntake
        fields = ["name", "birth_year", "village", "details"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_intake_%s")
        super().__init__(*args, **kwargs)


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("不予建档理由"), widget=forms.Textarea(attrs={"rows": 2}))


class RegisterChildForm(ChildPlacementMixin, RegistrationDateMixin, forms.ModelForm):
    """The station's child file opened from an intake; saved by cases.services.register_child.

    Asks what ChildForm asks on registration, with the same village and responsible-director choices, the
    confirmation when a child with the same name and birth date is on file, and the registration date.
    """

    confirm_not_duplicate = confirm_not_duplicate_field()

    class Meta:
        model = Child
        fields = [
            "name", "sex", "birth_date", "id_number", "village", "address", "school", "grade", "schooling",
            "disability", "categories", "entrusted_guardianship_confirmed", "lawful_basis", "responsible_director",
            "registered_on",
        ]
        widgets = {
            "birth_date": DateInput(),
            "registered_on": DateInput(),
            "id_number": ID_NUMBER,
            "categories": forms.CheckboxSelectMultiple,
            "lawful_basis": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"categories": ModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.limit_placement(user)  # as ChildForm: the villages the user may change and their directors
        self.similar: list[Child] = []
        self.visible_similar: set[int] = set()
        self.offer_registration_date()

    def clean(self):
        cleaned = super().clean()
        check_similar_children(self, cleaned, user=self.user)
        return cleaned

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("categories", None)
        data.pop("confirm_not_duplicate", None)
        return data


class ReportForm(forms.Form):
    """强制报告 from a call: what the reporting rules need, prefilled from the call."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reporter_kind = forms.ChoiceField(label=_("报告主体"))
    situations = forms.MultipleChoiceField(label=_("报告情形"), widget=forms.CheckboxSelectMultiple)
    summary = forms.CharField(label=_("情况摘要"), widget=forms.Textarea(attrs={"rows": 4}))
    reporter_name = forms.CharField(
        label=_("报告人姓名"), required=False, max_length=50, help_text=_("仅工作站可见；来电人不愿透露可不填。")
    )

    def __init__(self, *args, call: HotlineCall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporter_kind"].choices = MandatoryReport.ReporterKind.choices
        self.fields["situations"].choices = MandatoryReport.Situation.choices
        codes = {category.code for category in call.categories.all()}
        suggested = sorted({SUGGESTED_SITUATIONS[code] for code in codes & SUGGESTED_SITUATIONS.keys()})
        self.initial.setdefault("version", call.version)
        self.initial.setdefault("reporter_kind", MandatoryReport.ReporterKind.HOTLINE)
        self.initial.setdefault("summary", call.summary)
        self.initial.setdefault("situations", suggested)


class LedgerReviewForm(forms.Form):
    """The station's sign-off of one month of the call ledger (hotline.services.review_ledger_month)."""

    month = forms.DateField(input_formats=["%Y-%m"], widget=forms.HiddenInput)
    notes = forms.CharField(label=_("审核意见"), required=False, max_length=2000)
