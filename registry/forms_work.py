"""Forms for the organisation at work (issue 6). Model rules live on the models; forms limit choices by access."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zhanpu.drafts import SubmissionKeyFormField
from zhanpu.formfields import ModelMultipleChoiceField
from zhanpu.widgets import DateInput, TimeInput

from .access import is_station, villages_changeable_by
from .models import (
    DirectorProfile,
    Facility,
    FacilityInspection,
    FamilyEducationSession,
    Holiday,
    Publicity,
    SocialActivity,
    SocialForce,
    Task,
    TaskNote,
    Workroom,
)

DATE, TIME = DateInput(), TimeInput()


class VersionedForm(forms.ModelForm):
    """Carries the version the user saw, so a save over someone else's newer save is refused. A form of a record
    filed once (a `submission_key` field, zhanpu/drafts) carries its key only when it files a new one: an edit
    changes the record it was opened on."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version if self.instance.pk else None
        if self.instance.pk:
            self.fields.pop("submission_key", None)


class VillageLimitedForm(VersionedForm):
    """A record of a village: the village choice is limited to those the user may change."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages_changeable_by(user)
        self.fields["village"].empty_label = None


class WorkroomForm(VersionedForm):
    """A village's workroom: its volunteers are chosen among those serving the village (and those already in it,
    so that an edit never drops one silently), never from the whole township's list."""

    class Meta:
        model = Workroom
        fields = ["cadre_name", "cadre_position", "contact_phone", "location", "volunteers", "notes"]
        widgets = {"volunteers": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"volunteers": ModelMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        serving = Q(kind=SocialForce.Kind.VOLUNTEER, villages_served=self.instance.village_id)
        if self.instance.pk:  # whatever they are now: one the station re-classed (an organisation) stays ticked
            serving |= Q(workrooms=self.instance)
        # Not the field's own queryset, which the model's limit_choices_to keeps to volunteers.
        self.fields["volunteers"].queryset = SocialForce.objects.filter(serving).distinct().order_by("name", "pk")


class DirectorProfileForm(VersionedForm):
    class Meta:
        model = DirectorProfile
        fields = ["is_women_committee_member", "is_women_federation_chair", "notes"]


class SocialForceForm(VersionedForm):
    services = forms.MultipleChoiceField(
        label=_("提供服务"), choices=SocialForce.Service.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = SocialForce
        fields = ["name", "kind", "services", "villages_served", "contact_person", "phone", "is_active", "notes"]
        widgets = {"villages_served": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"villages_served": ModelMultipleChoiceField}


class SocialActivityForm(forms.ModelForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts: sent twice, filed once

    class Meta:
        model = SocialActivity
        fields = ["date", "village", "service", "summary", "participants"]
        widgets = {"date": DATE, "summary": forms.Textarea(attrs={"rows": 3})}


class FacilityForm(VillageLimitedForm):
    class Meta:
        model = Facility
        fields = ["village", "name", "kind", "address", "manager", "is_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class InspectionForm(VersionedForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts: sent twice, filed once

    class Meta:
        model = FacilityInspection
        fields = [
            "inspected_on", "inspector", "equipment_maintained", "safety_sign_present", "no_smoking_sign_present",
            "problems", "fixed_on",
        ]
        widgets = {"inspected_on": DATE, "fixed_on": DATE, "problems": forms.Textarea(attrs={"rows": 3})}


class SessionForm(VillageLimitedForm):
    class Meta:
        model = FamilyEducationSession
        fields = ["village", "date", "start_time", "end_time", "place", "host", "topic", "attendance", "held", "notes"]
        widgets = {
            "date": DATE, "start_time": TIME, "end_time": TIME, "notes": forms.Textarea(attrs={"rows": 2}),
            "attendance": forms.NumberInput(attrs={"min": 0}),
        }
        help_texts = {"end_time": _("开放到午夜结束的，结束时间填 00:00。")}


class HolidayForm(VersionedForm):
    """A holiday's name in both languages (the Chinese one required; without English, English pages show the
    Chinese), whatever language the station works in."""

    class Meta:
        model = Holiday
        fields = ["name_zh_hans", "name_en", "start_date", "end_date"]
        labels = {"name_zh_hans": _("名称（中文）"), "name_en": _("名称（英文）")}
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_zh_hans"].required = True


class PublicityForm(VillageLimitedForm):
    """A village's publicity; the station may leave the village empty for the township's own."""

    submission_key = SubmissionKeyFormField()  # zhanpu/drafts: sent twice, filed once

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        village = self.fields["village"]
        if is_station(user):
            village.empty_label = _("全镇")
        else:
            village.required, village.help_text = True, ""

    class Meta:
        model = Publicity
        fields = ["village", "channel", "date", "title", "content", "reach"]
        widgets = {
            "date": DATE, "content": forms.Textarea(attrs={"rows": 4}), "reach": forms.NumberInput(attrs={"min": 0}),
        }


class TaskForm(VersionedForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts: sent twice, filed once

    class Meta:
        model = Task
        fields = ["title", "plan_ref", "duty", "office", "village", "owner", "due_on"]
        widgets = {"due_on": DATE, "duty": forms.Textarea(attrs={"rows": 3})}


class TaskNoteForm(forms.ModelForm):
    submission_key = SubmissionKeyFormField()  # zhanpu/drafts: sent twice, filed once
    # the task's status when the page was shown: a page opened before a colleague changed it does not set it back
    seen_status = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TaskNote
        fields = ["text", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
